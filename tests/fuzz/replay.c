/*
 * replay.c - runs the fuzz harness over files, without libFuzzer, so that the
 * seed corpus replays in make check (and under sanitizers in make asan).
 *
 *   replay PATH...          files, and every file under directories
 *                           (recursively; names starting with '.' and
 *                           *.expected are skipped)
 *   replay -o DIR PATH...   write the same files as fuzzer seeds into DIR,
 *                           each behind the selectors in
 *                           fuzz_seed_selectors()
 *
 * Each file is fed as it is (a crash reproducer carries its own selector
 * byte) and then once behind every selector byte, so each fixture is also
 * linted as every kind under every display name.  Each file runs in a child
 * process, each run with a time limit: a crash, a sanitizer report, a leak or
 * a hang fails that file and the run goes on.  Exit status 1 if any failed.
 */
#include "../time_scale.h"
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* Seconds one run may take in a plain build, times test_time_scale(): the
 * slowest seed takes milliseconds, even under sanitizers (libFuzzer's own
 * -timeout is 10 s). */
#define INPUT_SECONDS 2.0
static double input_seconds;

static size_t passed, failed;
static const char *seed_dir; /* -o: write seeds instead of running */

static int read_all(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	int ok = 1;

	if (!f)
		return -1;
	for (;;) {
		size_t got;
		if (n == cap) {
			uint8_t *p = realloc(buf, cap ? 2 * cap : 4096);
			if (!p) {
				ok = 0;
				break;
			}
			buf = p;
			cap = cap ? 2 * cap : 4096;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	if (ferror(f))
		ok = 0;
	fclose(f);
	if (!ok) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* One run, killed by SIGALRM after input_seconds. */
static void run_timed(const uint8_t *data, size_t len)
{
	struct itimerval limit = {{0, 0}, {0, 0}}, off = {{0, 0}, {0, 0}};
	limit.it_value.tv_sec = (time_t)input_seconds;
	limit.it_value.tv_usec =
		(suseconds_t)((input_seconds - (double)limit.it_value.tv_sec) * 1e6);
	if (limit.it_value.tv_sec == 0 && limit.it_value.tv_usec == 0)
		limit.it_value.tv_usec = 1; /* zero would be no limit at all */
	setitimer(ITIMER_REAL, &limit, NULL);
	LLVMFuzzerTestOneInput(data, len);
	setitimer(ITIMER_REAL, &off, NULL);
}

/* In the child: every run of one file. */
static void run_file(const char *path)
{
	uint8_t *data = NULL, *input;
	size_t len;

	if (read_all(path, &data, &len) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	run_timed(data, len);
	input = malloc(len + 1);
	if (!input)
		exit(2);
	if (len)
		memcpy(input + 1, data, len);
	for (unsigned s = 0, n = fuzz_selectors(); s < n; s++) {
		input[0] = (uint8_t)s;
		run_timed(input, len + 1);
	}
	free(input);
	free(data);
	/* exit(), not _exit(): LeakSanitizer checks at exit. */
	exit(0);
}

static void replay_file(const char *path)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "replay: fork: %s\n", strerror(errno));
		exit(2);
	}
	if (pid == 0)
		run_file(path);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "replay: waitpid: %s\n", strerror(errno));
			exit(2);
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		passed++;
		return;
	}
	failed++;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		printf("FAIL %s: a run took more than %g s\n", path, input_seconds);
	else if (WIFSIGNALED(status))
		printf("FAIL %s: killed by signal %d\n", path, WTERMSIG(status));
	else
		printf("FAIL %s: exit status %d\n", path, WEXITSTATUS(status));
}

static void write_seeds(const char *path)
{
	unsigned selectors[256]; /* one byte's values */
	size_t n = fuzz_seed_selectors(selectors), len;
	uint8_t *data;
	char name[1024];
	size_t o;

	if (read_all(path, &data, &len) != 0) {
		printf("FAIL %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	o = (size_t)snprintf(name, sizeof name, "%s/seed-", seed_dir);
	for (const char *p = path; *p && o + 8 < sizeof name; p++)
		name[o++] = (*p == '/' || *p == ' ') ? '_' : *p;
	for (size_t i = 0; i < n; i++) {
		FILE *f;
		uint8_t selector = (uint8_t)selectors[i];
		snprintf(name + o, sizeof name - o, ".%u", selectors[i]);
		f = fopen(name, "wb");
		if (!f || fwrite(&selector, 1, 1, f) != 1 ||
		    (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
			printf("FAIL %s: %s\n", name, strerror(errno));
			failed++;
			free(data);
			return;
		}
	}
	free(data);
	passed++;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static void replay_path(const char *path)
{
	struct dirent **entries;
	struct stat st;
	int n;

	if (stat(path, &st) != 0) {
		printf("FAIL %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (seed_dir)
			write_seeds(path);
		else
			replay_file(path);
		return;
	}
	n = scandir(path, &entries, skip_dot, alphasort);
	if (n < 0) {
		printf("FAIL %s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t size = strlen(path) + strlen(entries[i]->d_name) + 2;
		char *child = malloc(size);
		if (!child)
			exit(2);
		snprintf(child, size, "%s/%s", path, entries[i]->d_name);
		if (!ends_with(child, ".expected"))
			replay_path(child);
		free(child);
		free(entries[i]);
	}
	free(entries);
}

int main(int argc, char **argv)
{
	int first = 1;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		seed_dir = argv[2];
		first = 3;
		if (mkdir(seed_dir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "replay: %s: %s\n", seed_dir, strerror(errno));
			return 2;
		}
	}
	if (first >= argc) {
		fprintf(stderr, "usage: %s [-o SEED-DIR] FILE-OR-DIRECTORY...\n", argv[0]);
		return 2;
	}
	input_seconds = INPUT_SECONDS * test_time_scale();
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = first; i < argc; i++)
		replay_path(argv[i]);
	if (seed_dir)
		printf("fuzz seeds: %zu files written to %s, %zu failed\n", passed, seed_dir,
		       failed);
	else
		printf("%s: %zu passed, %zu failed (each file as is and behind %u selector "
		       "bytes)\n",
		       strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0], passed, failed,
		       fuzz_selectors());
	return failed ? 1 : 0;
}
