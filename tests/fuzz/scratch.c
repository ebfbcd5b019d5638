/*
 * scratch.c - what every fuzz harness needs around the library: files
 * written for it to read, and standard error caught while it runs, since
 * the library promises never to print.
 */
#include "fuzz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

/* From the sanitizers' runtime, when there is one. */
extern void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

/* fd 2 while quiet (a scratch file that must stay empty), and the real
 * stderr meanwhile.  Set once per process; never written after. */
static int scratch_fd = -1, stderr_fd = -1;

void fuzz_write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

void fuzz_show(const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
}

void fuzz_quiet_init(const char *harness)
{
	FILE *scratch;

	if (scratch_fd >= 0)
		return;
	scratch = tmpfile();
	stderr_fd = dup(STDERR_FILENO);
	if (!scratch || (scratch_fd = dup(fileno(scratch))) < 0 || stderr_fd < 0) {
		fprintf(stderr, "%s: no scratch file for stderr\n", harness);
		abort();
	}
	fclose(scratch);
	/* Sanitizer reports go to the real stderr even while quiet. */
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(intptr_t)stderr_fd);
}

void fuzz_quiet_begin(void)
{
	fflush(stderr);
	if (ftruncate(scratch_fd, 0) != 0 || lseek(scratch_fd, 0, SEEK_SET) != 0 ||
	    dup2(scratch_fd, STDERR_FILENO) < 0)
		abort();
}

void fuzz_loud(void)
{
	fflush(stderr);
	if (stderr_fd >= 0 && dup2(stderr_fd, STDERR_FILENO) < 0)
		abort();
}

void fuzz_quiet_end(const char *harness)
{
	char said[200] = "";
	ssize_t got;

	fuzz_loud();
	if (lseek(scratch_fd, 0, SEEK_END) == 0)
		return;
	got = pread(scratch_fd, said, sizeof said - 1, 0);
	said[got > 0 ? got : 0] = '\0';
	fprintf(stderr, "\n%s: broken promise: the library never prints; it printed: \"", harness);
	fuzz_show(said);
	fprintf(stderr, "\"\n");
	abort();
}
