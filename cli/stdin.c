/* stdin.c - standard input, handed to the library where it lies or read
 * here: into memory, or past its first MiB into a temporary file, so that
 * memory stays flat however much is piped in. */
#include "stdin.h"
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How much of a pipe on standard input is kept in memory: past it, the
 * bytes go to a temporary file, streamed from there as a file named is, so
 * that memory stays flat however much is piped in. */
#define STDIN_IN_MEMORY ((size_t)1 << 20)

/* An unlinked temporary file holding the n bytes of data, then the rest of
 * standard input, limit bytes in all at most: its descriptor.  -1 when it
 * cannot be made or take data (nothing more was read: the caller may go
 * on in memory), -2 when it failed later (*why says how). */
static int spool_stdin(const char *data, size_t n, size_t limit, const char **why)
{
	const char *dir = getenv("TMPDIR");
	char name[4096], buf[65536];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(name, sizeof name, "%s/hardconf-stdin-XXXXXX", dir) >= sizeof name ||
	    (fd = mkstemp(name)) < 0)
		return -1;
	unlink(name);
	if (write_all(fd, data, n) != 0) {
		close(fd);
		return -1;
	}
	for (limit -= n;
	     limit > 0 && (n = fread(buf, 1, limit < sizeof buf ? limit : sizeof buf, stdin)) > 0;
	     limit -= n) {
		if (write_all(fd, buf, n) != 0) {
			*why = "cannot copy standard input to a temporary file";
			close(fd);
			return -2;
		}
	}
	if (ferror(stdin)) {
		*why = "cannot read standard input";
		close(fd);
		return -2;
	}
	return fd;
}

static int stdin_failed(const struct lint_setup *s, struct result *res, const char *why)
{
	snprintf(res->error, sizeof res->error, "%s: %s", s->stdin_name ? s->stdin_name : "<stdin>",
		 why);
	return -1;
}

int take_stdin(const struct lint_setup *s, hardconf_input *in, char **data, int *spooled,
	       struct result *res)
{
	size_t cap = 65536, limit = s->max_file_size + 1, n = 0, got;
	int tried = 0;
	struct stat st;
	char *buf, *bigger;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
		in->fd = STDIN_FILENO;
		return 0;
	}
	buf = malloc(cap);
	while (buf && n < limit && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
		n += got;
		if (n < cap || cap == limit)
			continue;
		if (cap >= STDIN_IN_MEMORY && !tried++) {
			const char *why = NULL;
			int fd = spool_stdin(buf, n, limit, &why);
			if (fd != -1) {
				free(buf);
				if (fd < 0)
					return stdin_failed(s, res, why);
				*spooled = in->fd = fd;
				return 0;
			}
		}
		cap = cap * 2 < limit ? cap * 2 : limit;
		bigger = realloc(buf, cap);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
	}
	if (!buf)
		return stdin_failed(s, res, "out of memory");
	if (ferror(stdin)) {
		free(buf);
		return stdin_failed(s, res, "cannot read standard input");
	}
	*data = buf;
	in->data = buf;
	in->len = n;
	return 0;
}
