/*
 * fix.c - --fix: the findings' fixes written into their files.  Each edit
 * is kept with the bytes it expects around it (the finding's source lines,
 * in the file's encoding), so a file that changed since it was linted is
 * left alone; a file is replaced atomically (a temporary file in its
 * folder, written a piece at a time, renamed over it) with its mode, and
 * only inside the trees named on the command line, whatever symbolic links
 * lead elsewhere.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "fix.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct kept {
	char *file, *real;
	size_t offset, length;
	char *bytes; /* the replacement, in the file's encoding */
	size_t bytes_len;
	char *old; /* the bytes expected from old_at (the lines around) */
	size_t old_at, old_len;
	char *description;
	const char *rule;
	const char *encoding;
	int text_is_bytes;
	unsigned line, column;
};

struct fixer {
	char **trees; /* real paths */
	size_t n_trees;
	struct kept *items;
	size_t n, cap;
};

static char *dup_bytes(const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

struct fixer *fixer_new(char *const *trees, int n, const char *stdin_name)
{
	struct fixer *x = calloc(1, sizeof *x);
	if (!x || !(x->trees = calloc((size_t)n + 1, sizeof *x->trees))) {
		free(x);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		struct stat st;
		char *real = NULL;
		/* Standard input is the file it is named as. */
		const char *tree = strcmp(trees[i], "-") == 0 ? stdin_name : trees[i];
		if (!tree)
			continue;
		/* A file named: its folder as named, not where a link leads. */
		if (stat(tree, &st) != 0 || !S_ISDIR(st.st_mode)) {
			const char *slash = strrchr(tree, '/');
			char *folder = slash ? strdup(tree) : strdup(".");
			if (folder && slash)
				folder[slash == tree ? 1 : slash - tree] = '\0';
			real = folder ? realpath(folder, NULL) : NULL;
			free(folder);
		} else {
			real = realpath(tree, NULL);
		}
		if (real)
			x->trees[x->n_trees++] = real;
	}
	return x;
}

/* UTF-8 text as UTF-16 (big_endian or not) into out (room for 4 bytes per
 * input byte); returns the length, or (size_t)-1 for invalid UTF-8. */
static size_t to_utf16(const char *s, size_t n, int big_endian, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;
		size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (!len || i + len > n)
			return (size_t)-1;
		cp = len == 1 ? c : c & (0xFF >> (len + 1));
		for (size_t k = 1; k < len; k++)
			cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
		i += len;
		unsigned units[2] = {(unsigned)cp, 0};
		int nu = 1;
		if (cp >= 0x10000) {
			units[0] = 0xD800 | (unsigned)((cp - 0x10000) >> 10);
			units[1] = 0xDC00 | (unsigned)((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (int k = 0; k < nu; k++) {
			out[o + (big_endian ? 0 : 1)] = (char)(units[k] >> 8);
			out[o + (big_endian ? 1 : 0)] = (char)(units[k] & 0xFF);
			o += 2;
		}
	}
	return o;
}

static int keep(struct fixer *x, const hardconf_finding *f, const hardconf_edit *e)
{
	struct kept k = {0};
	size_t before = e->text_offset - f->context_offset, clen = strlen(f->context);
	if (e->text_offset < f->context_offset || before + e->text_length > clen)
		return 0; /* no lines to check it against: not fixed */
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		struct kept *items = realloc(x->items, cap * sizeof *items);
		if (!items)
			return -1;
		x->items = items;
		x->cap = cap;
	}
	k.file = dup_bytes(f->file, strlen(f->file));
	k.bytes = dup_bytes(e->bytes, e->bytes_len);
	k.description = dup_bytes(f->fix->description, strlen(f->fix->description));
	k.offset = e->offset;
	k.length = e->length;
	k.bytes_len = e->bytes_len;
	k.rule = f->rule_id;
	k.encoding = f->fix->encoding;
	k.text_is_bytes = f->fix->text_is_bytes;
	k.line = f->line;
	k.column = f->column;
	if (f->fix->text_is_bytes) {
		k.old = dup_bytes(f->context, clen);
		k.old_len = clen;
		k.old_at = e->offset - before;
	} else {
		int be = strcmp(f->fix->encoding, "UTF-16BE") == 0;
		char *prefix = malloc(4 * before + 4);
		k.old = malloc(4 * clen + 4);
		size_t p = prefix ? to_utf16(f->context, before, be, prefix) : (size_t)-1;
		k.old_len = k.old ? to_utf16(f->context, clen, be, k.old) : (size_t)-1;
		free(prefix);
		if (p == (size_t)-1 || k.old_len == (size_t)-1 || p > e->offset) {
			free(k.old);
			k.old = NULL; /* unreadable lines: the file is refused */
			k.old_len = 0;
			p = 0;
		}
		k.old_at = e->offset - p;
	}
	if (!k.file || !k.bytes || !k.description) {
		free(k.file);
		free(k.bytes);
		free(k.description);
		free(k.old);
		return -1;
	}
	x->items[x->n++] = k;
	return 0;
}

int fixer_add(struct fixer *x, const hardconf_report *report)
{
	const hardconf_finding *first = NULL;
	size_t left_out = 0;
	for (size_t i = 0; i < hardconf_report_count(report); i++) {
		const hardconf_finding *f = hardconf_report_get(report, i);
		if (f->suppressed || !f->fix)
			continue;
		if (!f->context) {
			/* Its lines are too long to check the file against. */
			first = left_out++ ? first : f;
			continue;
		}
		for (size_t k = 0; k < f->fix->n_edits; k++)
			if (keep(x, f, &f->fix->edits[k]) != 0)
				return -1;
	}
	if (left_out == 1)
		fprintf(stderr,
			"hardconf: %s:%u:%u: [%s] its fix is left out: its lines are too long "
			"to check it against (over 64 KiB, or 4 MiB in the file)\n",
			first->file, first->line, first->column, first->rule_id);
	else if (left_out)
		fprintf(stderr,
			"hardconf: %s:%u:%u: [%s] and %zu more fixes are left out: their lines "
			"are too long to check them against (over 64 KiB, or 4 MiB in the "
			"file)\n",
			first->file, first->line, first->column, first->rule_id, left_out - 1);
	return 0;
}

/* Whether --format diff names the file (as lib/format/diff.c does). */
static int diff_names(const char *name)
{
	char cwd[4096];
	size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
	if (n > 1 && strncmp(name, cwd, n) == 0 && name[n] == '/')
		name += n + 1;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	return name[0] != '/' && name[0] && !strstr(name, "..") && !strchr(name, '\n') &&
	       !strchr(name, '\t');
}

void fixer_note_undiffable(const struct fixer *x)
{
	for (size_t i = 0; i < x->n; i++) {
		const struct kept *k = &x->items[i];
		size_t j = 0;
		if (k->text_is_bytes && diff_names(k->file))
			continue;
		while (j < i && strcmp(x->items[j].file, k->file) != 0)
			j++;
		if (j < i)
			continue; /* named already */
		if (!k->text_is_bytes)
			fprintf(stderr,
				"hardconf: %s: %s, which a text diff cannot carry; its fixes are "
				"left out (hardconf --fix writes them)\n",
				k->file, k->encoding);
		else
			fprintf(stderr,
				"hardconf: %s: outside the working directory; its fixes are left "
				"out of the diff (hardconf --fix writes them)\n",
				k->file);
	}
}

static int by_file(const void *pa, const void *pb)
{
	const struct kept *a = pa, *b = pb;
	int c = strcmp(a->real ? a->real : "", b->real ? b->real : "");
	if (c)
		return c;
	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

static int in_trees(const struct fixer *x, const char *real)
{
	for (size_t i = 0; i < x->n_trees; i++) {
		size_t n = strlen(x->trees[i]);
		if (strncmp(real, x->trees[i], n) == 0 &&
		    (real[n] == '/' || (n > 0 && x->trees[i][n - 1] == '/')))
			return 1;
	}
	return 0;
}

/* A piece of the file copied at a time: memory stays flat whatever its
 * size (a 186 MB applicationHost.config was held twice). */
#define COPY_PIECE ((size_t)64 << 10)

/* Copies the n bytes at off of in to out, a piece at a time. */
static int copy_range(int in, int out, size_t off, size_t n)
{
	char buf[COPY_PIECE];
	while (n > 0) {
		size_t k = n < sizeof buf ? n : sizeof buf;
		if (read_all_at(in, buf, k, off) != 0 || write_all(out, buf, k) != 0)
			return -1;
		off += k;
		n -= k;
	}
	return 0;
}

/* Whether the bytes of the file open as fd (size bytes) at k's old_at
 * are still those its fix was checked against. */
static int still_holds(int fd, size_t size, const struct kept *k)
{
	char *buf;
	int same;
	if (!k->old || k->old_at > size || k->old_len > size - k->old_at || k->offset > size ||
	    k->length > size - k->offset || !(buf = malloc(k->old_len ? k->old_len : 1)))
		return 0;
	same = read_all_at(fd, buf, k->old_len, k->old_at) == 0 &&
	       memcmp(buf, k->old, k->old_len) == 0;
	free(buf);
	return same;
}

/* Writes the file open as in (real, as fstat() saw it: st) with the edits
 * of items[0..n) made (sorted by offset; one overlapping the one before is
 * left out) to a new file in its folder, with its mode, then renames that
 * over real; refuses when real changed meanwhile.  Returns the edits made,
 * or -1 with errno set (EAGAIN: it changed). */
static int rewrite(const char *real, int in, const struct stat *st, const struct kept *items,
		   size_t n)
{
	char tmp[PATH_MAX + 32];
	const char *slash = strrchr(real, '/');
	size_t size = (size_t)st->st_size, at = 0;
	struct stat now;
	int fd, ok = 1, done = 0;
	snprintf(tmp, sizeof tmp, "%.*s/.hardconf-fix-XXXXXX", (int)(slash - real), real);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	for (size_t i = 0; ok && i < n; i++) {
		const struct kept *k = &items[i];
		if (k->offset < at)
			continue; /* the same edit twice, or one overlapping it */
		ok = copy_range(in, fd, at, k->offset - at) == 0 &&
		     write_all(fd, k->bytes, k->bytes_len) == 0;
		at = k->offset + k->length;
		done++;
	}
	ok = ok && copy_range(in, fd, at, size - at) == 0 && fchmod(fd, st->st_mode & 07777) == 0;
	if (ok && fchown(fd, st->st_uid, st->st_gid) != 0) {
		/* Not the owner's to give: the file becomes ours, as an editor's would. */
	}
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && (lstat(real, &now) != 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev ||
		   now.st_size != st->st_size || now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
		   now.st_mtim.tv_nsec != st->st_mtim.tv_nsec)) {
		errno = EAGAIN;
		ok = 0;
	}
	ok = ok && rename(tmp, real) == 0;
	if (!ok) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return done;
}

/* Fixes items[0..n), all of one file. */
static int fix_file(struct fixer *x, struct kept *items, size_t n, int quiet)
{
	struct stat st;
	size_t at = 0;
	const char *name = items[0].file;
	int fd, done;
	if (!items[0].real) {
		fprintf(stderr, "hardconf: --fix: %s: not fixed: no such file\n", name);
		return -1;
	}
	if (!in_trees(x, items[0].real)) {
		fprintf(stderr,
			"hardconf: --fix: %s: not fixed: it is outside the paths named (a symbolic "
			"link leads out of the tree)\n",
			name);
		return -1;
	}
	fd = open(items[0].real, O_RDONLY | O_NOFOLLOW | O_NOCTTY);
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)) {
		close(fd);
		fd = -1;
		errno = EINVAL;
	}
	if (fd < 0) {
		fprintf(stderr, "hardconf: --fix: %s: %s\n", name, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!still_holds(fd, (size_t)st.st_size, &items[i])) {
			fprintf(stderr,
				"hardconf: --fix: %s: not fixed: it changed since it was linted; "
				"lint it again\n",
				name);
			close(fd);
			return -1;
		}
	}
	done = rewrite(items[0].real, fd, &st, items, n);
	close(fd);
	if (done < 0) {
		fprintf(stderr, "hardconf: --fix: %s: not fixed: %s\n", name,
			errno == EAGAIN ? "it changed while being fixed" : strerror(errno));
		return -1;
	}
	for (size_t i = 0; !quiet && i < n; i++) {
		if (i && items[i].offset < at)
			continue;
		at = items[i].offset + items[i].length;
		fprintf(stderr, "hardconf: fixed %s:%u:%u: %s [%s]\n", name, items[i].line,
			items[i].column, items[i].description, items[i].rule);
	}
	return done;
}

int fixer_apply(struct fixer *x, int quiet)
{
	size_t from = 0, files = 0, fixes = 0;
	int rc = 0;
	for (size_t i = 0; i < x->n; i++)
		x->items[i].real = realpath(x->items[i].file, NULL);
	qsort(x->items, x->n, sizeof *x->items, by_file);
	for (size_t i = 1; i <= x->n; i++) {
		int done;
		if (i < x->n && x->items[i].real && x->items[from].real &&
		    strcmp(x->items[i].real, x->items[from].real) == 0)
			continue;
		done = fix_file(x, x->items + from, i - from, quiet);
		if (done < 0)
			rc = -1;
		else {
			files++;
			fixes += (size_t)done;
		}
		from = i;
	}
	if (!quiet)
		fprintf(stderr, "hardconf: --fix: %zu fix%s written in %zu file%s\n", fixes,
			fixes == 1 ? "" : "es", files, files == 1 ? "" : "s");
	return rc;
}

void fixer_free(struct fixer *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++) {
		free(x->items[i].file);
		free(x->items[i].real);
		free(x->items[i].bytes);
		free(x->items[i].old);
		free(x->items[i].description);
	}
	free(x->items);
	for (size_t i = 0; i < x->n_trees; i++)
		free(x->trees[i]);
	free(x->trees);
	free(x);
}
