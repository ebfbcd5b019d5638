/*
 * include.c - configSource and appSettings file=: the files a section names
 * are read from the including file's folder (never above it, never through
 * a link leading out), each once, and scanned where the section stands (one
 * named inside a <location>, for secrets only).
 *
 * The folder is opened once, and the name walked below it one component
 * at a time, relative to the folder opened before (openat): nothing is
 * looked up by a path that could change between a check and the open.  A
 * component is looked at without following it; a link is read and its
 * target walked in its place, within the folder (an absolute target, or a
 * ".." above the folder, leads outside); what is opened is opened with
 * O_NOFOLLOW and must be what was looked at (device and inode), so a
 * folder swapped for a link to ../outside while the walk goes on is never
 * followed out.
 */
#define _POSIX_C_SOURCE 200809L

#include "resolve/chain.h"

#include "resolve/read.h"
#include "scan/linter.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The includes one file may name that are read. */
#define MAX_INCLUDES 256

/* Links followed, and steps (components, links, retries after a change
 * under the walk) taken, in one walk at most. */
#define MAX_LINKS 40
#define MAX_STEPS 4096

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

static int is_outside(const char *value)
{
	const char *p = value;
	if (value[0] == '/' || value[0] == '\\' || (value[0] && value[1] == ':'))
		return 1;
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static void refuse(struct lint *l, const struct include *in, const char *why)
{
	char shown[160];
	str_display(shown, sizeof shown, in->value, strlen(in->value));
	call_select(l, in->file);
	lint_report(l, RULE_HC0011, in->at, "%s=\"%s\" %s", in->at.attr, shown, why);
}

/* Whether another include of this call opened the same file already (the
 * top-level ones are followed first): it is read once. */
static int read_before(const struct lint *l, const struct include *in)
{
	for (const struct include *k = l->includes; k < l->includes + l->n_includes; k++)
		if (k != in && k->opened && k->dev == in->dev && k->ino == in->ino)
			return 1;
	return 0;
}

/* How a walk ended. */
enum walk { WALK_OPENED, WALK_MISSING, WALK_OUTSIDE, WALK_UNREADABLE, WALK_NO_MEMORY };

/* The walk's state: the folders opened, the root first (not owned), and
 * the name still to walk (owned). */
struct walker {
	int *dirs;
	size_t depth, cap;
	char *rest;
};

static int current(const struct walker *w)
{
	return w->dirs[w->depth];
}

/* The link named at dir, its target put before what is left to walk. */
static enum walk follow_link(struct walker *w, int dir, const char *name, const char *left)
{
	char target[4096], *joined;
	ssize_t n = readlinkat(dir, name, target, sizeof target - 1);
	if (n < 0)
		return errno == ENOENT ? WALK_MISSING : WALK_UNREADABLE;
	target[n] = '\0';
	if (target[0] == '/' || (size_t)n == sizeof target - 1)
		return WALK_OUTSIDE;
	joined = str_printf("%s/%s", target, left);
	if (!joined)
		return WALK_NO_MEMORY;
	free(w->rest);
	w->rest = joined;
	return WALK_OPENED;
}

/* Opens the folder name below dir, if it is still what st says. */
static enum walk enter(struct walker *w, const char *name, const struct stat *st)
{
	struct stat now;
	int *dirs, fd = openat(current(w), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? WALK_MISSING : WALK_UNREADABLE;
	if (fstat(fd, &now) != 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino) {
		close(fd);
		return WALK_UNREADABLE;
	}
	dirs = array_grow(w->dirs, &w->cap, w->depth + 2, sizeof *dirs);
	if (!dirs) {
		close(fd);
		return WALK_NO_MEMORY;
	}
	w->dirs = dirs;
	w->dirs[++w->depth] = fd;
	return WALK_OPENED;
}

/* Opens the regular file name below dir, if it is still what st says. */
static enum walk open_file(const struct walker *w, const char *name, const struct stat *st, int *fd)
{
	struct stat now;
	if (!S_ISREG(st->st_mode))
		return WALK_UNREADABLE;
	/* O_NONBLOCK: a FIFO swapped in since never blocks the open. */
	*fd = openat(current(w), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT  ? WALK_MISSING
		       : errno == ELOOP ? WALK_OUTSIDE
					: WALK_UNREADABLE;
	if (fstat(*fd, &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != st->st_dev ||
	    now.st_ino != st->st_ino) {
		close(*fd);
		*fd = -1;
		return WALK_UNREADABLE;
	}
	return WALK_OPENED;
}

/* Opens name ('/' between components) below the folder open at root (see
 * the top).  WALK_OPENED with *fd and *st, or why not. */
static enum walk open_below(int root, const char *name, int *fd, struct stat *st)
{
	struct walker w = {NULL, 0, 0, str_dup(name)};
	enum walk r = WALK_UNREADABLE;
	size_t links = 0, steps = 0;

	*fd = -1;
	w.dirs = array_grow(NULL, &w.cap, 4, sizeof *w.dirs);
	if (!w.dirs || !w.rest) {
		free(w.dirs);
		free(w.rest);
		return WALK_NO_MEMORY;
	}
	w.dirs[0] = root;
	for (char *p = w.rest;;) {
		char *component, *left;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break; /* the name ended at a folder */
		if (++steps > MAX_STEPS) {
			r = WALK_UNREADABLE;
			break;
		}
		component = p;
		n = strcspn(p, "/");
		left = p + n;
		if (*left)
			*left++ = '\0';
		if (strcmp(component, ".") == 0) {
			p = left;
			continue;
		}
		if (strcmp(component, "..") == 0) {
			if (w.depth == 0) {
				r = WALK_OUTSIDE;
				break;
			}
			close(w.dirs[w.depth--]);
			p = left;
			continue;
		}
		if (fstatat(current(&w), component, st, AT_SYMLINK_NOFOLLOW) != 0) {
			r = errno == ENOENT || errno == ENOTDIR ? WALK_MISSING : WALK_UNREADABLE;
			break;
		}
		if (S_ISLNK(st->st_mode)) {
			if (++links > MAX_LINKS) {
				r = WALK_UNREADABLE;
				break;
			}
			r = follow_link(&w, current(&w), component, left);
			if (r != WALK_OPENED)
				break;
			p = w.rest;
			continue;
		}
		while (*left == '/')
			left++;
		if (*left) {
			if (!S_ISDIR(st->st_mode)) {
				r = WALK_MISSING;
				break;
			}
			r = enter(&w, component, st);
			if (r != WALK_OPENED)
				break;
			p = left;
			continue;
		}
		r = open_file(&w, component, st, fd);
		break;
	}
	while (w.depth > 0)
		close(w.dirs[w.depth--]);
	free(w.dirs);
	free(w.rest);
	/* Ended at a folder ("sub/."): nothing to read. */
	return *fd >= 0 ? WALK_OPENED : r == WALK_OPENED ? WALK_UNREADABLE : r;
}

/* Follows one include: refused when it leaves the including file's folder
 * (by its path or by a link), reported when missing, else scanned where the
 * including element stood.  All the includes of a call together may hold
 * at most the maximum file size. */
static int follow(struct lint *l, struct include *in)
{
	const struct lint_file *from = &l->files[in->file];
	const char *base = from->role == FILE_RESULT ? l->files[from->origins[0]].path : from->path;
	size_t max = l->linter->max_file_size, left = max - l->include_bytes;
	char *dir, *path, *name;
	hardconf_error err;
	struct stat st;
	enum walk walked = WALK_UNREADABLE;
	int rc = HARDCONF_OK, root, fd = -1;
	long i;

	if (!base)
		return HARDCONF_OK; /* a buffer: nothing on disk to follow */
	if (is_outside(in->value)) {
		refuse(l, in,
		       in->merge ? "names a file outside this configuration's folder; it "
				   "was not read, so its settings were not linted (keep it "
				   "in this folder or below)"
				 : "names a file outside this configuration's folder; the "
				   "configuration system refuses it (use a relative path in "
				   "this folder or below)");
		return l->status;
	}
	dir = dir_of(base);
	path = dir ? str_printf("%s/%s", dir, in->value) : NULL;
	if (!path) {
		free(dir);
		return HARDCONF_ENOMEM;
	}
	for (char *p = path; *p; p++)
		if (*p == '\\')
			*p = '/';
	name = path + strlen(dir) + 1;
	root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root >= 0) {
		walked = open_below(root, name, &fd, &st);
		close(root);
	}
	if (walked == WALK_NO_MEMORY) {
		rc = HARDCONF_ENOMEM;
	} else if (walked == WALK_MISSING) {
		/* A missing <appSettings file> is no error: .NET ignores it by
		 * design, and an optional file of local settings, kept out of
		 * source control (secrets among them), is what it is for. */
		if (!in->merge)
			refuse(l, in,
			       "names a file that does not exist; the application fails to "
			       "start with a configuration error");
	} else if (walked == WALK_OUTSIDE) {
		refuse(l, in,
		       "leads outside this configuration's folder through a link; it was "
		       "not read");
	} else if (walked != WALK_OPENED) {
		refuse(l, in, "names a file that cannot be read; it was not linted");
		rc = l->status;
	} else if ((in->opened = 1, in->dev = (unsigned long long)st.st_dev,
		    in->ino = (unsigned long long)st.st_ino, read_before(l, in))) {
		/* Read and linted already, where it was named first. */
		close(fd);
	} else if ((i = read_fd_as(l, fd, path, left, FILE_INCLUDE, &err, &rc)) < 0) {
		if (rc == HARDCONF_EIO) {
			refuse(l, in, "names a file that cannot be read; it was not linted");
			rc = l->status;
		}
	} else if (l->files[i].truncated) {
		call_select(l, in->file);
		lint_report(l, RULE_HC0003, in->at,
			    "%s: the includes of this file hold more than the maximum file size "
			    "of %zu bytes; this one was not read",
			    in->at.attr, max);
		l->files[i].failed = 1;
		l->include_bytes = max;
	} else {
		/* A file of its own for duplicates and secrets; the section's
		 * settings still count for the file linted.  (It is read from
		 * what the walk opened, and shown as named.) */
		int secrets_only = l->secrets_only;
		l->include_bytes += l->files[i].data_len;
		l->files[i].kind = l->files[l->target].kind;
		l->files[i].secrets_only = in->in_location;
		call_reset_states(l);
		rc = call_decode(l, (size_t)i);
		l->secrets_only = secrets_only || in->in_location;
		if (rc == HARDCONF_EINVAL)
			rc = HARDCONF_OK;
		else if (rc == HARDCONF_OK)
			rc = call_scan(l, (size_t)i, in);
		l->secrets_only = secrets_only;
	}
	free(dir);
	free(path);
	return rc != HARDCONF_OK ? rc : l->status;
}

int follow_includes(struct lint *l)
{
	/* Only the file linted's own: an include names no further files.  A
	 * real configuration has a handful; a hostile one should not make the
	 * linter open a file per element.  Those named at the top level first:
	 * a file named there and in a <location> too is read in full. */
	size_t n = l->n_includes < MAX_INCLUDES ? l->n_includes : MAX_INCLUDES;
	for (int in_location = 0; in_location <= 1; in_location++) {
		for (size_t k = 0; k < n; k++) {
			int rc = l->includes[k].in_location == in_location
					 ? follow(l, &l->includes[k])
					 : HARDCONF_OK;
			if (rc != HARDCONF_OK)
				return rc;
		}
	}
	if (l->n_includes > MAX_INCLUDES) {
		call_select(l, l->includes[MAX_INCLUDES].file);
		lint_report(l, RULE_HC0003, l->includes[MAX_INCLUDES].at,
			    "more than %d configSource and file= includes; this one and the rest "
			    "were not read",
			    MAX_INCLUDES);
	}
	return l->status;
}
