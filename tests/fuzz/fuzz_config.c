/*
 * fuzz_config.c - libFuzzer harness over the two files hardconf reads from a
 * linted tree besides the configuration it lints: the project file
 * (.hardconf, hardconf_config_load()) and a baseline (earlier JSON or SARIF
 * output, hardconf_baseline_load()).  Both come from untrusted repositories:
 * every run below a clone reads its .hardconf.
 *
 * The first byte picks which (even: a project file, odd: a baseline); the
 * rest is the file, written to a scratch folder and loaded from there.  The
 * promises held (a broken one is an abort(), which libFuzzer reports as a
 * crash, keeping the input):
 *   - a load returns HARDCONF_OK, HARDCONF_EINVAL or HARDCONF_ENOMEM, and
 *     sets *out exactly when it is OK; a project file's error starts with
 *     the file's path and, but for its size, names a line of it;
 *   - rule ids are checked at load: a project file that loads gives options,
 *     applied or merged (over none, and over options that name rules), from
 *     which a linter builds; merged options outlive the file;
 *   - an ignore pattern with no wildcard ignores the path it spells and
 *     what is below it, and hardconf_config_ignores() agrees with
 *     _ignores_in();
 *   - a baseline drops from a report exactly the findings it has;
 *   - the library prints nothing.
 *
 *   clang -fsanitize=fuzzer,address,undefined: make fuzz FUZZ_HARNESS=config
 *   any compiler, over files:                  make fuzz-replay (replay.c)
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "fuzz.h"

#include "hardconf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Findings a baseline may name: every catalogue family has one here. */
static const char reference[] =
	"<configuration><system.web><compilation debug=\"true\" />"
	"<customErrors mode=\"Off\" /><trace enabled=\"true\" />"
	"<httpCookies requireSSL=\"false\" /></system.web>"
	"<appSettings><add key=\"ApiPassword\" value=\"hunter2-Sw0rdfish\" /></appSettings>"
	"</configuration>\n";

static hardconf_linter *linter;
/* The scratch folder (its real path: ignore patterns are matched against
 * real folders), the file each input becomes, and the folder below. */
static char scratch_dir[PATH_MAX], input_path[PATH_MAX + 16], sub_dir[PATH_MAX + 16];
static pid_t scratch_owner; /* replay forks a child per file: only the owner cleans up */

#define PROMISE(cond)                                                                  \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fuzz_loud();                                                   \
			fprintf(stderr, "\nfuzz_config: broken promise: %s\n", #cond); \
			abort();                                                       \
		}                                                                      \
	} while (0)

unsigned fuzz_selectors(void)
{
	return 2;
}

size_t fuzz_seed_selectors(unsigned *out)
{
	out[0] = 0;
	out[1] = 1;
	return 2;
}

static void tear_down(void)
{
	hardconf_linter_free(linter);
	linter = NULL;
	if (scratch_dir[0] && getpid() == scratch_owner) {
		unlink(input_path);
		rmdir(sub_dir);
		rmdir(scratch_dir);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char made[] = "/tmp/hardconf-fuzz-XXXXXX";
	hardconf_error err = {0};
	(void)argc, (void)argv;

	if (linter)
		return 0;
	if (hardconf_linter_new(&linter, NULL, &err) != HARDCONF_OK) {
		fprintf(stderr, "fuzz_config: cannot build the linter: %s\n", err.message);
		abort();
	}
	atexit(tear_down);
	if (!mkdtemp(made) || !realpath(made, scratch_dir)) {
		perror("fuzz_config: a scratch folder");
		abort();
	}
	scratch_owner = getpid();
	snprintf(input_path, sizeof input_path, "%s/.hardconf", scratch_dir);
	snprintf(sub_dir, sizeof sub_dir, "%s/sub", scratch_dir);
	if (mkdir(sub_dir, 0700) != 0) {
		perror(sub_dir);
		abort();
	}
	fuzz_quiet_init("fuzz_config");
	return 0;
}

/* The line an error names: "PATH:LINE: ...", or 0 for "PATH: ...". */
static unsigned long error_line(const char *message)
{
	size_t n = strlen(input_path);
	char *end;
	unsigned long line;
	PROMISE(strncmp(message, input_path, n) == 0 && message[n] == ':');
	if (message[n + 1] == ' ')
		return 0;
	line = strtoul(message + n + 1, &end, 10);
	PROMISE(end > message + n + 1 && *end == ':');
	return line;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Whether an ignore pattern spells one path below the folder, as a walk
 * would name it: no wildcard nor escape, no empty, "." or ".." step. */
static int spells_a_path(const char *w, size_t n)
{
	if (n == 0 || n > 200 || memchr(w, '\0', n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strchr("*?[\\", w[i]))
			return 0;
	for (size_t i = 0; i <= n;) {
		size_t step = 0;
		while (i + step < n && w[i + step] != '/')
			step++;
		if (step == 0 || (step == 1 && w[i] == '.') ||
		    (step == 2 && w[i] == '.' && w[i + 1] == '.'))
			return 0;
		i += step + 1;
	}
	return 1;
}

/* Every literal ignore pattern of a file that loaded ignores its path, and
 * the files below it. */
static void check_literal_ignores(const hardconf_config *c, const char *text, size_t len)
{
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *stop = nl ? nl : end;
		while (p < stop && is_space(*p))
			p++;
		if ((size_t)(stop - p) > 6 && memcmp(p, "ignore", 6) == 0 && is_space(p[6])) {
			for (p += 6; p < stop;) {
				const char *w;
				char path[PATH_MAX + 256], *name;
				while (p < stop && (is_space(*p) || *p == ','))
					p++;
				w = p;
				while (p < stop && !is_space(*p) && *p != ',')
					p++;
				if (!spells_a_path(w, (size_t)(p - w)))
					continue;
				snprintf(path, sizeof path, "%s/%.*s", scratch_dir, (int)(p - w),
					 w);
				/* A folder's name: what is below it. */
				PROMISE(hardconf_config_ignores_in(c, path, "web.config"));
				/* The path itself, as a walk names it: its folder, its name. */
				name = strrchr(path, '/');
				*name++ = '\0';
				PROMISE(hardconf_config_ignores_in(c, path, name));
			}
		}
		p = nl ? nl + 1 : end;
	}
}

/* What every load promises: a status of its own, *out set exactly when it
 * is OK, and an error message when it is not. */
static void check_load(int rc, const void *out, const hardconf_error *err)
{
	PROMISE(rc == HARDCONF_OK || rc == HARDCONF_EINVAL || rc == HARDCONF_ENOMEM);
	PROMISE((rc == HARDCONF_OK) == (out != NULL));
	PROMISE(rc == HARDCONF_OK || err->message[0] != '\0');
}

/* Options from the file build a linter, and lint. */
static void check_builds(const hardconf_options *opts)
{
	hardconf_linter *l = NULL;
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	int rc = hardconf_linter_new(&l, opts, &err);
	if (rc != HARDCONF_OK) {
		fprintf(stderr, "fuzz_config: %s\n", err.message);
		PROMISE(rc == HARDCONF_OK);
	}
	PROMISE(hardconf_lint_buffer(&r, l, reference, sizeof reference - 1, "web.config",
				     HARDCONF_KIND_UNKNOWN, &err) == HARDCONF_OK);
	hardconf_report_free(r);
	hardconf_linter_free(l);
}

static void project_file(const uint8_t *text, size_t len)
{
	static const char *const base_enable[] = {"HC1001", NULL}, *const base_disable[] = {
									   "HC1002", NULL};
	static const hardconf_severity_override base_severities[] = {
		{"HC1003", HARDCONF_SEVERITY_NOTE}};
	hardconf_config *c = (hardconf_config *)(void *)&c; /* a load must set it */
	hardconf_options applied = HARDCONF_OPTIONS_INIT, base = HARDCONF_OPTIONS_INIT;
	hardconf_options *merged = NULL, *over_base = NULL;
	hardconf_severity fail_on = HARDCONF_SEVERITY_NOTE;
	hardconf_error err = {0};
	char path[PATH_MAX + 32];
	int rc;

	fuzz_quiet_begin();
	rc = hardconf_config_load(&c, input_path, &err);
	fuzz_quiet_end("fuzz_config");
	check_load(rc, c, &err);
	if (rc == HARDCONF_EINVAL) {
		unsigned long lines = 1, line = error_line(err.message);
		for (size_t i = 0; i < len; i++)
			lines += text[i] == '\n';
		PROMISE(line <= lines && (line > 0 || len > ((size_t)1 << 20)));
	}
	if (rc != HARDCONF_OK)
		return;

	fuzz_quiet_begin();
	PROMISE(hardconf_config_apply(c, &applied) == HARDCONF_OK);
	check_builds(&applied);
	base.enable = base_enable;
	base.disable = base_disable;
	base.severities = base_severities;
	base.n_severities = 1;
	PROMISE(hardconf_config_merge(&merged, c, NULL) == HARDCONF_OK);
	PROMISE(hardconf_config_merge(&over_base, c, &base) == HARDCONF_OK);
	PROMISE(!hardconf_config_fail_on(c, &fail_on) ||
		(unsigned)fail_on <= HARDCONF_SEVERITY_ERROR);
	(void)hardconf_config_is_root(c);
	check_literal_ignores(c, (const char *)text, len);
	snprintf(path, sizeof path, "%s/web.config", sub_dir);
	PROMISE(hardconf_config_ignores(c, path) ==
		hardconf_config_ignores_in(c, sub_dir, "web.config"));
	hardconf_config_free(c);
	/* Merged options own copies of what they name. */
	check_builds(merged);
	check_builds(over_base);
	hardconf_options_free(merged);
	hardconf_options_free(over_base);
	fuzz_quiet_end("fuzz_config");
}

static void baseline(void)
{
	hardconf_baseline *b = (hardconf_baseline *)(void *)&b; /* a load must set it */
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	size_t had = 0, n;
	int rc;

	fuzz_quiet_begin();
	rc = hardconf_baseline_load(&b, input_path, &err);
	fuzz_quiet_end("fuzz_config");
	check_load(rc, b, &err);
	if (rc != HARDCONF_OK)
		return;
	fuzz_quiet_begin();
	PROMISE(hardconf_lint_buffer(&r, linter, reference, sizeof reference - 1, "web.config",
				     HARDCONF_KIND_UNKNOWN, &err) == HARDCONF_OK);
	n = hardconf_report_count(r);
	for (size_t i = 0; i < n; i++)
		had += hardconf_baseline_has(b, hardconf_report_get(r, i)) != 0;
	PROMISE(hardconf_report_drop_baselined(r, b) == had);
	PROMISE(hardconf_report_count(r) == n - had);
	for (size_t i = 0; i < n - had; i++)
		PROMISE(!hardconf_baseline_has(b, hardconf_report_get(r, i)));
	hardconf_report_free(r);
	hardconf_baseline_free(b);
	fuzz_quiet_end("fuzz_config");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *text = size > 0 ? data + 1 : data;
	size_t len = size > 0 ? size - 1 : 0;

	if (!linter)
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_write_file(input_path, text, len);
	if (size > 0 && data[0] % 2)
		baseline();
	else
		project_file(text, len);
	return 0;
}
