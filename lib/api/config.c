/*
 * config.c - the project file, .hardconf: a small line-based format.
 *
 *   # comments and blank lines are ignored
 *   enable HC1022
 *   disable HC2019, HC2023
 *   severity HC2010=error, HC1021=warning
 *   fail-on error
 *   ignore legacy-*.config, obj
 *   root
 *
 * Rule ids are checked here, so a typo is an error naming the line.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "hardconf.h"

#include "resolve/discover.h"
#include "source/source.h"
#include "util/util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct hardconf_config {
	char *dir;      /* its folder, absolute: ignore patterns are relative to it */
	char **strings; /* every id and pattern, owned */
	size_t n_strings, cap_strings;
	const char **enable, **disable, **ignore; /* NULL-terminated */
	size_t n_enable, n_disable, n_ignore, cap_enable, cap_disable, cap_ignore;
	/* ignore[0, n_literal): the patterns that match only their own text,
	 * sorted (by_text()); the others after them (sort_literals()). */
	size_t n_literal;
	hardconf_severity_override *severities;
	size_t n_severities, cap_severities;
	int fail_on; /* 0 never, a severity, or -1 when not set */
	int root;    /* its folder is the project's root */
};

void hardconf_config_free(hardconf_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_strings; i++)
		free(c->strings[i]);
	free(c->strings);
	free(c->enable);
	free(c->disable);
	free(c->ignore);
	free(c->severities);
	free(c->dir);
	free(c);
}

static const char *keep(hardconf_config *c, const char *s, size_t n)
{
	char **strings = array_grow(c->strings, &c->cap_strings, c->n_strings + 1, sizeof *strings);
	char *copy;
	if (!strings)
		return NULL;
	c->strings = strings;
	copy = str_ndup(s, n);
	if (!copy)
		return NULL;
	c->strings[c->n_strings++] = copy;
	return copy; /* cppcheck-suppress memleak ; kept in c->strings */
}

/* Appends to a NULL-terminated list. */
static int append(const char ***list, size_t *n, size_t *cap, const char *item)
{
	const char **items = array_grow(*list, cap, *n + 2, sizeof *items);
	if (!items)
		return -1;
	items[(*n)++] = item;
	items[*n] = NULL;
	*list = items;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A word worth quoting back in an error: shaped like a directive or a
 * rule id.  Anything else is not echoed: a project file may be a link to
 * a file that is no project file at all (a key, a password file), and an
 * error message lands in CI logs. */
static int quotable(const char *w, size_t n)
{
	if (n == 0 || n > 24)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z') ||
		      (w[i] >= '0' && w[i] <= '9') || w[i] == '-' || w[i] == '_'))
			return 0;
	return 1;
}

/* Reads the comma- or space-separated words of a line's arguments. */
static int for_words(hardconf_config *c, const char *p, const char *end, const char *path,
		     unsigned line, const char *directive, hardconf_error *err)
{
	int any = 0;
	while (p < end) {
		const char *w;
		while (p < end && (is_space(*p) || *p == ','))
			p++;
		w = p;
		while (p < end && !is_space(*p) && *p != ',')
			p++;
		if (w == p)
			break;
		any = 1;
		if (strcmp(directive, "ignore") == 0) {
			const char *pattern;
			/* Paths are matched relative to the folder: "./obj" is "obj". */
			while (p - w > 2 && w[0] == '.' && w[1] == '/')
				w += 2;
			pattern = keep(c, w, (size_t)(p - w));
			if (!pattern || append(&c->ignore, &c->n_ignore, &c->cap_ignore, pattern))
				goto nomem;
		} else if (strcmp(directive, "severity") == 0) {
			const char *eq = memchr(w, '=', (size_t)(p - w));
			hardconf_severity level;
			char name[16];
			size_t n = eq ? (size_t)(p - eq - 1) : 0;
			const char *id;
			hardconf_severity_override *grown;
			if (n >= sizeof name)
				n = sizeof name - 1;
			if (eq)
				memcpy(name, eq + 1, n);
			name[n] = '\0';
			if (!eq || hardconf_severity_parse(&level, name) != HARDCONF_OK ||
			    !(id = keep(c, w, (size_t)(eq - w))) || !hardconf_rule_find(id)) {
				error_set(
					err, HARDCONF_EINVAL,
					"%s:%u: severity wants ID=note|warning|error with a known "
					"rule id",
					path, line);
				return HARDCONF_EINVAL;
			}
			grown = array_grow(c->severities, &c->cap_severities, c->n_severities + 1,
					   sizeof *grown);
			if (!grown)
				goto nomem;
			c->severities = grown;
			c->severities[c->n_severities++] = (hardconf_severity_override){id, level};
		} else {
			const char *id = keep(c, w, (size_t)(p - w));
			int on = strcmp(directive, "enable") == 0;
			if (!id)
				goto nomem;
			if (!hardconf_rule_find(id)) {
				if (quotable(id, strlen(id)))
					error_set(err, HARDCONF_EINVAL,
						  "%s:%u: unknown rule id '%s'", path, line, id);
				else
					error_set(err, HARDCONF_EINVAL, "%s:%u: unknown rule id",
						  path, line);
				return HARDCONF_EINVAL;
			}
			if (on ? append(&c->enable, &c->n_enable, &c->cap_enable, id)
			       : append(&c->disable, &c->n_disable, &c->cap_disable, id))
				goto nomem;
		}
	}
	if (!any) {
		error_set(err, HARDCONF_EINVAL, "%s:%u: %s needs an argument", path, line,
			  directive);
		return HARDCONF_EINVAL;
	}
	return HARDCONF_OK;
nomem:
	error_set(err, HARDCONF_ENOMEM, "out of memory");
	return HARDCONF_ENOMEM;
}

static int parse_line(hardconf_config *c, const char *p, const char *end, const char *path,
		      unsigned line, hardconf_error *err)
{
	static const char *const directives[] = {"enable", "disable", "severity", "ignore"};
	const char *w;
	size_t n;
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end || *p == '#')
		return HARDCONF_OK;
	w = p;
	while (p < end && !is_space(*p))
		p++;
	n = (size_t)(p - w);
	for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
		if (strlen(directives[i]) == n && memcmp(w, directives[i], n) == 0)
			return for_words(c, p, end, path, line, directives[i], err);
	if (n == 4 && memcmp(w, "root", 4) == 0) {
		while (p < end && is_space(*p))
			p++;
		if (p < end) {
			error_set(err, HARDCONF_EINVAL, "%s:%u: root takes no argument", path,
				  line);
			return HARDCONF_EINVAL;
		}
		c->root = 1;
		return HARDCONF_OK;
	}
	if (n == 7 && memcmp(w, "fail-on", 7) == 0) {
		char level[16];
		hardconf_severity s;
		while (p < end && is_space(*p))
			p++;
		n = (size_t)(end - p) < sizeof level ? (size_t)(end - p) : sizeof level - 1;
		memcpy(level, p, n);
		level[n] = '\0';
		if (ascii_casecmp(level, "never") == 0 || ascii_casecmp(level, "none") == 0) {
			c->fail_on = 0;
		} else if (hardconf_severity_parse(&s, level) == HARDCONF_OK) {
			c->fail_on = (int)s;
		} else {
			error_set(err, HARDCONF_EINVAL,
				  "%s:%u: fail-on wants note, warning, error or never", path, line);
			return HARDCONF_EINVAL;
		}
		return HARDCONF_OK;
	}
	if (quotable(w, n))
		error_set(err, HARDCONF_EINVAL,
			  "%s:%u: unknown directive '%.*s' (enable, disable, severity, fail-on, "
			  "ignore, root)",
			  path, line, (int)n, w);
	else
		error_set(err, HARDCONF_EINVAL,
			  "%s:%u: not a directive (enable, disable, severity, fail-on, ignore, "
			  "root); is this a project file?",
			  path, line);
	return HARDCONF_EINVAL;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A pattern without *, ? or [ (nor \, fnmatch()'s escape) matches its own
 * text and nothing else: those are sorted to the front and found by binary
 * search, so that a list of thousands of paths (one written by a tool)
 * costs each file a few compares, and fnmatch() runs for the others only.
 * Their order is free: a file is ignored when any one matches. */
static void sort_literals(hardconf_config *c)
{
	size_t k = 0;
	for (size_t i = 0; i < c->n_ignore; i++) {
		const char *p = c->ignore[i];
		if (!strpbrk(p, "*?[\\")) {
			c->ignore[i] = c->ignore[k];
			c->ignore[k++] = p;
		}
	}
	c->n_literal = k;
	if (k > 1)
		qsort(c->ignore, k, sizeof *c->ignore, by_text);
}

int hardconf_config_load(hardconf_config **out, const char *path, hardconf_error *err)
{
	hardconf_config *c;
	char *data = NULL, *slash;
	size_t len;
	int truncated, rc;
	unsigned line = 1;

	if (!out || !path) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	*out = NULL;
	rc = source_read_file(path, (size_t)1 << 20, &data, &len, &truncated, err);
	if (rc != HARDCONF_OK)
		return rc;
	if (truncated) {
		error_set(err, HARDCONF_EINVAL, "%s: larger than 1 MiB", path);
		return HARDCONF_EINVAL;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		free(data);
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	c->fail_on = -1;
	for (const char *p = data, *end = data + len; rc == HARDCONF_OK && p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		rc = parse_line(c, p, nl ? nl : end, path, line, err);
		p = nl ? nl + 1 : end;
	}
	free(data);
	if (rc == HARDCONF_OK)
		sort_literals(c);
	/* Ignore patterns are relative to the file's real folder, resolved
	 * for a file that has them only: discovery loads every .hardconf up a
	 * tree, and a realpath() costs a readlink() a name (a tree d deep
	 * with one in each folder cost d^3). */
	if (rc == HARDCONF_OK && c->n_ignore) {
		if ((c->dir = discover_real(path)) != NULL) {
			slash = strrchr(c->dir, '/');
			*slash = '\0'; /* realpath: absolute, so there is one */
		} else {
			error_set(err, HARDCONF_ENOMEM, "out of memory");
			rc = HARDCONF_ENOMEM;
		}
	}
	if (rc != HARDCONF_OK) {
		hardconf_config_free(c);
		return rc;
	}
	*out = c;
	return HARDCONF_OK;
}

/* The real path of path, or of the nearest folder above it that exists
 * (a file named for standard input need not exist), or NULL. */
static char *nearest_real(const char *path)
{
	char *copy = str_dup(*path && strcmp(path, "-") != 0 ? path : "."), *real = NULL;
	while (copy && !(real = discover_real(copy)) && (errno == ENOENT || errno == ENOTDIR) &&
	       strcmp(copy, ".") != 0 && strcmp(copy, "/") != 0) {
		char *slash = strrchr(copy, '/');
		if (slash == copy)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		else
			memcpy(copy, ".", 2); /* copy held a name: two bytes at least */
	}
	free(copy);
	return real;
}

/* Whether the project file candidate in the folder dir (real) may be
 * read: a regular file, or a link that stays in dir's tree.  A link out of
 * it (to /etc/shadow, a credentials file) is not followed: the project
 * file is the repository's, not the machine's. */
static int usable_project_file(const char *dir, const char *candidate)
{
	struct stat st;
	char *real;
	int inside;
	if (lstat(candidate, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return 1;
	if (!S_ISLNK(st.st_mode) || stat(candidate, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	real = discover_real(candidate);
	inside = real && discover_within(real, dir);
	free(real);
	return inside;
}

int hardconf_config_find(char **out, const char *path)
{
	struct stat st;
	char *dir;

	if (out)
		*out = NULL;
	if (!out || !path)
		return HARDCONF_EINVAL;
	dir = nearest_real(path);
	if (!dir)
		return HARDCONF_EIO;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		*strrchr(dir, '/') = '\0';
	for (;;) {
		char *candidate = str_printf("%s/.hardconf", dir);
		char *slash;
		if (!candidate) {
			free(dir);
			return HARDCONF_ENOMEM;
		}
		if (usable_project_file(dir, candidate)) {
			free(dir);
			*out = candidate;
			return HARDCONF_OK;
		}
		free(candidate);
		slash = strrchr(dir, '/');
		if (!slash || dir[0] == '\0')
			break;
		*slash = '\0'; /* "/a/b" -> "/a" -> "" (the root, "/.hardconf") */
	}
	free(dir);
	return HARDCONF_OK;
}

int hardconf_config_apply(const hardconf_config *c, hardconf_options *opts)
{
	if (!c || !opts)
		return HARDCONF_EINVAL;
	opts->enable = c->enable;
	opts->disable = c->disable;
	opts->severities = c->severities;
	opts->n_severities = c->n_severities;
	return HARDCONF_OK;
}

int hardconf_config_fail_on(const hardconf_config *c, hardconf_severity *out)
{
	if (!c || !out || c->fail_on < 0)
		return 0;
	*out = (hardconf_severity)c->fail_on;
	return 1;
}

int hardconf_config_is_root(const hardconf_config *c)
{
	return c && c->root;
}

/* Whether s matches an ignore pattern.  '*' crosses '/' (so "**" and "*"
 * both span folders). */
static int matches(const hardconf_config *c, const char *s)
{
	if (c->n_literal && bsearch(&s, c->ignore, c->n_literal, sizeof *c->ignore, by_text))
		return 1;
	for (size_t i = c->n_literal; i < c->n_ignore; i++)
		if (fnmatch(c->ignore[i], s, 0) == 0)
			return 1;
	return 0;
}

/* Whether rel (a path relative to the file's folder, or absolute outside
 * it) is ignored: it matches a pattern, or a folder it is in does, named
 * with its trailing '/' or without, so that "obj" and "obj/" skip what is
 * below obj, as a .gitignore line would.  rel is written to while looking
 * (each folder's name ended in turn) and given back as it came. */
static int ignored(const hardconf_config *c, char *rel)
{
	int hit = matches(c, rel);
	/* From rel + 1: an absolute path's first '/' ends no folder name. */
	for (char *slash = rel[0] ? strchr(rel + 1, '/') : NULL; slash && !hit;
	     slash = strchr(slash + 1, '/')) {
		char after = slash[1];
		slash[1] = '\0';
		hit = matches(c, rel);
		slash[0] = '\0';
		hit = hit || matches(c, rel);
		slash[0] = '/';
		slash[1] = after;
	}
	return hit;
}

/* What of real (a real path) lies below the file's folder: "" for that
 * folder itself, the path below it, or real whole when outside it. */
static const char *below_dir(const hardconf_config *c, const char *real)
{
	size_t n = strlen(c->dir);
	if (strncmp(real, c->dir, n) != 0 || (real[n] != '/' && real[n] != '\0'))
		return real;
	return real + n + (real[n] == '/');
}

int hardconf_config_ignores(const hardconf_config *c, const char *path)
{
	const char *slash;
	char *dir, *real;
	int hit;
	if (!c || !path || c->n_ignore == 0)
		return 0;
	/* The file's folder resolved, its name as it stands: a file that
	 * does not exist yet, or a link, is matched by its name there. */
	slash = strrchr(path, '/');
	dir = discover_folder(path);
	real = dir ? discover_real(dir[0] ? dir : ".") : NULL;
	if (real) {
		hit = hardconf_config_ignores_in(c, real, slash ? slash + 1 : path);
	} else {
		/* Its folder cannot be resolved: the path as given. */
		char *copy = str_dup(path);
		hit = copy && ignored(c, copy);
		free(copy);
	}
	free(real);
	free(dir);
	return hit;
}

int hardconf_config_ignores_in(const hardconf_config *c, const char *real_dir, const char *name)
{
	char buf[512], *rel = buf;
	const char *sub;
	size_t n_sub, n_name;
	int hit;
	if (!c || !real_dir || !name || c->n_ignore == 0)
		return 0;
	sub = below_dir(c, real_dir);
	n_sub = strlen(sub);
	n_name = strlen(name);
	/* Most paths below a project fit on the stack. */
	if (n_sub + n_name + 2 > sizeof buf && !(rel = malloc(n_sub + n_name + 2)))
		return 0;
	memcpy(rel, sub, n_sub);
	rel[n_sub] = '/'; /* kept only between a folder and the name */
	memcpy(rel + n_sub + (n_sub > 0 && sub[n_sub - 1] != '/'), name, n_name + 1);
	hit = ignored(c, rel);
	if (rel != buf)
		free(rel);
	return hit;
}

/* ---- Merging into options: copies, owned by the result ---------------------- */

struct merged {
	hardconf_options opts; /* first: hardconf_options_free() finds the rest from it */
	char **strings;
	size_t n_strings;
	const char **enable, **disable;
	hardconf_severity_override *severities;
};

static int listed(const char *const *list, const char *id)
{
	for (; list && *list; list++)
		if (ascii_casecmp(*list, id) == 0)
			return 1;
	return 0;
}

static size_t count(const char *const *list)
{
	size_t n = 0;
	while (list && list[n])
		n++;
	return n;
}

static const char *own(struct merged *m, const char *s)
{
	char *copy = str_dup(s);
	if (!copy)
		return NULL;
	m->strings[m->n_strings++] = copy;
	return copy;
}

/* file's ids less those base turns the other way, then base's own (copies). */
static const char **merge_ids(struct merged *m, const char *const *file, const char *const *mine,
			      const char *const *opposite)
{
	const char **out = calloc(count(file) + count(mine) + 1, sizeof *out);
	size_t k = 0;
	if (!out)
		return NULL;
	for (; file && *file; file++)
		if (!listed(opposite, *file) && !(out[k++] = own(m, *file)))
			goto nomem;
	for (; mine && *mine; mine++)
		if (!(out[k++] = own(m, *mine)))
			goto nomem;
	return out;
nomem:
	free(out);
	return NULL;
}

void hardconf_options_free(hardconf_options *opts)
{
	struct merged *m = (struct merged *)opts;
	if (!m)
		return;
	for (size_t i = 0; i < m->n_strings; i++)
		free(m->strings[i]);
	free(m->strings);
	free(m->enable);
	free(m->disable);
	free(m->severities);
	free(m);
}

int hardconf_config_merge(hardconf_options **out, const hardconf_config *c,
			  const hardconf_options *base)
{
	static const hardconf_options defaults = HARDCONF_OPTIONS_INIT;
	struct merged *m;
	size_t n_grades, strings;

	if (out)
		*out = NULL;
	if (!base)
		base = &defaults;
	if (!out || !c || base->version < 1 || base->version > HARDCONF_OPTIONS_VERSION ||
	    (base->n_severities && !base->severities))
		return HARDCONF_EINVAL;
	for (size_t i = 0; i < base->n_severities; i++)
		if (!base->severities[i].id)
			return HARDCONF_EINVAL;
	m = calloc(1, sizeof *m);
	n_grades = c->n_severities + base->n_severities;
	strings =
		c->n_enable + c->n_disable + count(base->enable) + count(base->disable) + n_grades;
	if (!m || !(m->strings = calloc(strings + 1, sizeof *m->strings)) ||
	    !(m->severities = calloc(n_grades + 1, sizeof *m->severities)) ||
	    !(m->enable = merge_ids(m, c->enable, base->enable, base->disable)) ||
	    !(m->disable = merge_ids(m, c->disable, base->disable, base->enable)))
		goto nomem;
	/* Later grades win: the file's first, then base's. */
	for (size_t i = 0; i < n_grades; i++) {
		const hardconf_severity_override *o =
			i < c->n_severities ? &c->severities[i]
					    : &base->severities[i - c->n_severities];
		m->severities[i].severity = o->severity;
		if (!(m->severities[i].id = own(m, o->id)))
			goto nomem;
	}
	m->opts = *base;
	m->opts.version = HARDCONF_OPTIONS_VERSION;
	m->opts.enable = m->enable;
	m->opts.disable = m->disable;
	m->opts.severities = m->severities;
	m->opts.n_severities = n_grades;
	*out = &m->opts;
	return HARDCONF_OK;
nomem:
	hardconf_options_free(m ? &m->opts : NULL);
	return HARDCONF_ENOMEM;
}
