/*
 * read.c - files read into a lint call, and how their folders relate.
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "resolve/read.h"

#include "scan/linter.h"
#include "source/stream.h"
#include "util/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Adds what was read (source_read_file's results, *rc its status) as a
 * new file of the call, named shown. */
static long add_read(struct lint *l, const char *shown, char *data, size_t len, int truncated,
		     enum file_role role, int *rc)
{
	char *copy;
	long i;

	if (*rc != HARDCONF_OK)
		return -1;
	copy = str_dup(shown);
	if (!copy) {
		free(data);
		*rc = HARDCONF_ENOMEM;
		return -1;
	}
	i = call_add_file(l, shown, copy, data, len, role);
	if (i < 0)
		*rc = HARDCONF_ENOMEM;
	else
		l->files[i].truncated = truncated;
	return i;
}

/* Reads the file at path (at most max bytes) as a new file of the call,
 * named shown.  Returns its index, or -1 with *rc set (HARDCONF_EIO, err
 * says why; HARDCONF_ENOMEM). */
long read_as(struct lint *l, const char *path, const char *shown, size_t max, enum file_role role,
	     hardconf_error *err, int *rc)
{
	const struct call_input *in = l->input;
	char *data = NULL;
	size_t len = 0;
	int truncated = 0;

	if (!in || !in->mem_path || strcmp(path, in->mem_path) != 0) {
		*rc = source_read_file(path, max, &data, &len, &truncated, err);
	} else if (in->mem_data) {
		/* The caller's copy in memory (an unsaved or staged file). */
		len = in->mem_len < max ? in->mem_len : max;
		truncated = in->mem_len > max;
		data = malloc(len ? len : 1);
		*rc = data ? HARDCONF_OK : HARDCONF_ENOMEM;
		if (data && len)
			memcpy(data, in->mem_data, len);
	} else {
		/* The caller's copy in a file of its own (standard input). */
		off_t size;
		int fd = source_adopt(in->mem_fd, shown, &size, err);
		*rc = fd < 0 ? HARDCONF_EIO
			     : source_read_sized(fd, size, shown, max, &data, &len, &truncated,
						 err);
	}
	return add_read(l, shown, data, len, truncated, role, rc);
}

long read_fd_as(struct lint *l, int fd, const char *shown, size_t max, enum file_role role,
		hardconf_error *err, int *rc)
{
	char *data;
	size_t len;
	int truncated;

	*rc = source_read_fd(fd, shown, max, &data, &len, &truncated, err);
	return add_read(l, shown, data, len, truncated, role, rc);
}

long read_file(struct lint *l, const char *path, enum file_role role, hardconf_error *err, int *rc)
{
	return read_as(l, path, path, l->linter->max_file_size, role, err, rc);
}

long read_parent_file(struct lint *l, const char *path, hardconf_error *err, int *rc)
{
	const struct call_input *in = l->input;
	struct source_stream *s = NULL;
	char *data = NULL;
	size_t len = 0;
	int truncated = 0, fd;
	off_t size;
	long i;

	if (in && in->mem_path && strcmp(path, in->mem_path) == 0)
		return read_file(l, path, FILE_CONTEXT, err, rc);
	fd = source_open(path, 0, &size, err);
	*rc = fd < 0 ? HARDCONF_EIO
		     : source_stream_open(&s, fd, size, path, l->linter->max_file_size,
					  linter_stream_from(l->linter, 1), &data, &len, &truncated,
					  err);
	if (*rc < 0)
		return -1;
	*rc = HARDCONF_OK;
	i = add_read(l, path, data, len, truncated, FILE_CONTEXT, rc);
	if (i >= 0)
		l->files[i].stream = s;
	else
		source_stream_close(s);
	return i;
}

/* The directory part of path ("." when there is none), malloc'd. */
char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return str_dup(".");
	return slash == path ? str_dup("/") : str_ndup(path, (size_t)(slash - path));
}

/* Whether a folder's path is plain, as a directory walk writes it: no "."
 * or ".." segment and no empty one ("a//b", "a/").  Only realpath() can
 * tell where another leads, or spell it as the others. */
static int is_plain(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/' && (p[1] == '/' || (p[1] == '\0' && p != path)))
			return 0;
		p += *p == '/';
	}
	return 1;
}

/* The rest of dir below folder ("" the same, "a/b" below it), or NULL. */
const char *path_below(const char *folder, const char *dir)
{
	size_t n = strcmp(folder, "/") == 0 ? 0 : strlen(folder);
	if (strncmp(folder, dir, n) != 0 || (dir[n] != '\0' && dir[n] != '/'))
		return NULL;
	return dir[n] == '/' ? dir + n + 1 : dir + n;
}

/* Where the target lies below a parent's folder: *scope "" for the same
 * folder, "a/b" below it, NULL when it does not lie below it.  Plain paths
 * (as a directory walk makes them) are compared as they are written: the
 * names IIS sees; others after realpath().  A file named without a folder
 * ("web.config", the top of a project linted from its root, as the git
 * hook does) is in the working directory, above every plain relative
 * path.  Returns HARDCONF_OK or HARDCONF_ENOMEM. */
int folder_below(const char *parent, const char *target, char **scope)
{
	char *pd = dir_of(parent), *td = dir_of(target);
	char rp[PATH_MAX], rt[PATH_MAX];
	const char *rest = NULL;
	int rc = pd && td ? HARDCONF_OK : HARDCONF_ENOMEM;
	*scope = NULL;
	if (rc == HARDCONF_OK) {
		const char *p = strchr(parent, '/') ? pd : "", *t = strchr(target, '/') ? td : "";
		if (is_plain(p) && is_plain(t) && (p[0] == '/') == (t[0] == '/'))
			rest = *p ? path_below(p, t) : t;
		else if (realpath(pd, rp) && realpath(td, rt))
			rest = path_below(rp, rt);
		if (rest && !(*scope = str_dup(rest)))
			rc = HARDCONF_ENOMEM;
	}
	free(pd);
	free(td);
	return rc;
}

int is_web_config(const char *path)
{
	const char *slash = strrchr(path, '/');
	return ascii_casecmp(slash ? slash + 1 : path, "web.config") == 0;
}
