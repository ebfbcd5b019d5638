/* walk.c - what the CLI lints: the paths named, the directories walked
 * (sorted; a folder's web.config first, as the parent of those below, with
 * its transform paired), each file's project root. */
#define _XOPEN_SOURCE 700 /* realpath() */
#define _DEFAULT_SOURCE   /* DT_REG and the other d_type values */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- Targets ---------------------------------------------------------------- */

static int push(struct targets *t, const char *path, int walked, size_t parent,
		const char *transform)
{
	char *copy = strdup(path), *paired = transform ? strdup(transform) : NULL;
	if (!copy || (transform && !paired)) {
		free(copy);
		free(paired);
		return -1;
	}
	if (t->count == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct target *items = realloc(t->items, cap * sizeof *items);
		if (!items) {
			free(copy);
			free(paired);
			return -1;
		}
		t->items = items;
		t->cap = cap;
	}
	t->items[t->count++] = (struct target){.path = copy,
					       .walked = walked,
					       .parent = parent,
					       .transform = paired,
					       .arg = t->n_args};
	if (parent != NO_PARENT)
		t->items[parent].is_parent = 1;
	return 0; /* cppcheck-suppress memleak ; copy now belongs to t->items */
}

/* Configurations, XML that may be one, the copies kept beside a
 * configuration to be filled in or copied ("web.config.template",
 * "app.config.dist"), and Azure App Service's applicationHost.xdt. */
static int wanted_name(const char *name)
{
	static const char *const copies[] = {".default", ".template", ".dist", ".sample"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
		size_t m = strlen(copies[i]);
		if (n > m && strcasecmp(name + n - m, copies[i]) == 0) {
			n -= m;
			break;
		}
	}
	return (n > 7 && strncasecmp(name + n - 7, ".config", 7) == 0) ||
	       (n == strlen(name) && n > 4 && strcasecmp(name + n - 4, ".xml") == 0) ||
	       (n == strlen(name) && n >= 19 &&
		strcasecmp(name + n - 19, "applicationHost.xdt") == 0);
}

static int skipped_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, ".svn") == 0 || strcmp(name, ".hg") == 0 ||
	       strcmp(name, "node_modules") == 0;
}

/* A name listed in a folder, joined to the folder's path, with its type
 * as the listing has it (DT_UNKNOWN: ask stat). */
struct entry {
	char *path;
	unsigned char type;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir), m = strlen(name);
	char *p = malloc(n + m + 2);
	if (p) {
		if (n > 0 && dir[n - 1] == '/')
			n--;
		/* Not a string yet: '/' follows, then name with its terminator. */
		/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
		memcpy(p, dir, n);
		p[n] = '/';
		memcpy(p + n + 1, name, m + 1);
	}
	return p;
}

/* The directories being walked, innermost last: a directory reached again
 * through a symbolic link is a loop. */
struct ancestry {
	dev_t dev;
	ino_t ino;
	const struct ancestry *parent;
	const char *root; /* the folder's project root (in targets.roots), or NULL */
	/* Its real path, and the real path of its project root (or of the
	 * working directory when it has none), kept in targets.roots; NULL
	 * when not known: then the library resolves each file's folder. */
	const char *real, *real_root;
};

/* The last target pushed was found in the folder here. */
static void placed(struct targets *t, const struct ancestry *here)
{
	struct target *x = &t->items[t->count - 1];
	x->root = here->root;
	x->real_dir = here->real_root ? here->real : NULL;
	x->real_root = x->real_dir ? here->real_root : NULL;
}

static int walk(struct targets *t, const char *dir, int link, struct ancestry *here, size_t parent);
static const char *top_root(struct targets *t, const char *dir);
static const char *real_below(struct targets *t, const char *above, const char *dir, int link);

/* A web.config transform's name for configuration: "Web.Release.config". */
static int is_transform_of(const char *base, const char *configuration)
{
	size_t n = strlen(base), m = configuration ? strlen(configuration) : 0;
	return n == 4 + m + 7 && strncasecmp(base, "web.", 4) == 0 &&
	       strncasecmp(base + 4, configuration, m) == 0 &&
	       strcasecmp(base + 4 + m, ".config") == 0;
}

/* Any configuration's transform: "Web.<something>.config". */
static int is_web_transform(const char *base)
{
	size_t n = strlen(base);
	return n > 4 + 7 && strncasecmp(base, "web.", 4) == 0 &&
	       strcasecmp(base + n - 7, ".config") == 0;
}

/* Whether a listed name is a regular file, or a link to one. */
static int is_regular(const struct entry *e)
{
	struct stat st;
	if (e->type == DT_REG)
		return 1;
	return (e->type == DT_LNK || e->type == DT_UNKNOWN) && stat(e->path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* Whether a file found in a walk may be read: not a symbolic link, or one
 * that stays in the walked directory, or -L was given.  A repository's
 * link to ../../outside/secret.config is not the repository's to lint.
 * type is the listing's (DT_UNKNOWN: ask lstat). */
static int inside_walk(const struct targets *t, const char *path, unsigned char type)
{
	struct stat st;
	char *real;
	size_t n;
	int inside;
	if (t->follow_links || (type != DT_LNK && type != DT_UNKNOWN) || lstat(path, &st) != 0 ||
	    !S_ISLNK(st.st_mode))
		return 1;
	real = realpath(path, NULL);
	n = t->walk_real ? strlen(t->walk_real) : 0;
	inside = real && t->walk_real &&
		 (strcmp(t->walk_real, "/") == 0 ||
		  (strncmp(real, t->walk_real, n) == 0 && real[n] == '/'));
	if (!inside)
		fprintf(stderr,
			"hardconf: %s: a link out of the walked directory, not followed "
			"(-L follows it)\n",
			path);
	free(real);
	return inside;
}

/* A folder's web.config (its index in names, or n), and the transform for
 * the configuration beside it (its index in *transform, or n). */
static size_t find_web_config(const struct entry *names, size_t n, const char *configuration,
			      size_t *transform)
{
	size_t web = n;
	*transform = n;
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(names[i].path, '/') + 1;
		if (strcasecmp(base, "web.config") == 0 && is_regular(&names[i]))
			web = i;
		else if (configuration && is_transform_of(base, configuration) &&
			 is_regular(&names[i]))
			*transform = i;
	}
	if (web == n)
		*transform = n;
	return web;
}

/* One memo for the run: the files named from a folder (a pre-commit hook
 * names them) resolve and probe it once, as a walk does. */
static hardconf_discover_options discover_options(struct targets *t)
{
	hardconf_discover_options o = HARDCONF_DISCOVER_OPTIONS_INIT;
	o.configuration = t->configuration;
	o.root = t->root;
	if (!t->memo)
		t->memo = hardconf_discover_memo_new(); /* NULL: no memo, the same answers */
	o.memo = t->memo;
	return o;
}

/* Keeps a root for the rest of the run. */
static const char *keep_root(struct targets *t, const char *root)
{
	char **grown = realloc(t->roots, (t->n_roots + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	t->roots = grown;
	if ((t->roots[t->n_roots] = strdup(root)) == NULL)
		return NULL;
	return t->roots[t->n_roots++];
}

/* The real path of the folder dir, found in the folder whose real path is
 * above: that path and dir's name, unless dir is a link (then realpath(),
 * once for the folder).  Kept for the run; NULL when not known. */
static const char *real_below(struct targets *t, const char *above, const char *dir, int link)
{
	const char *name = strrchr(dir, '/') + 1, *kept;
	char *real;
	if (!above)
		return NULL;
	real = link ? realpath(dir, NULL) : join(above, name);
	kept = real ? keep_root(t, real) : NULL;
	free(real);
	return kept;
}

/* The project root of the walked directory (for fingerprints), as the
 * library finds it, or NULL. */
static const char *top_root(struct targets *t, const char *dir)
{
	hardconf_discover_options o = discover_options(t);
	hardconf_discovery *d = NULL;
	char *probe;
	const char *root = NULL;
	if (t->root)
		return t->root;
	probe = join(dir, ".");
	if (probe && hardconf_discover(&d, probe, &o, NULL) == HARDCONF_OK &&
	    hardconf_discovery_root(d))
		root = keep_root(t, hardconf_discovery_root(d));
	hardconf_discovery_free(d);
	free(probe);
	return root;
}

/* What a folder's listing says of one name in it: absent, or its type. */
enum { ABSENT = -1 };

/* Whether name, listed in dir as type (ABSENT: not there), is a regular
 * file, or a folder too when dirs; links followed when follow.  The
 * listing answers; stat only when it cannot tell. */
static int listed_is(const char *dir, const char *name, int type, int follow, int dirs)
{
	struct stat st;
	char *path;
	int is = 0;
	if (type == DT_REG || (dirs && type == DT_DIR))
		return 1;
	if (type != DT_UNKNOWN && !(type == DT_LNK && follow))
		return 0;
	if ((path = join(dir, name)) != NULL)
		is = (follow ? stat(path, &st) : lstat(path, &st)) == 0 &&
		     (S_ISREG(st.st_mode) || (dirs && S_ISDIR(st.st_mode)));
	free(path);
	return is;
}

/* A folder below: its own root when it holds .git (a folder, or a file for
 * a worktree) or a .hardconf that says root, else the root above; told
 * from the folder's listing, not probed. */
static const char *sub_root(struct targets *t, const char *dir, const char *above, int git,
			    int project)
{
	hardconf_config *c = NULL;
	char *file, *real = NULL;
	const char *root = above;
	int own;
	if (t->root)
		return t->root;
	own = listed_is(dir, ".git", git, 0, 1);
	if (!own && listed_is(dir, ".hardconf", project, 1, 0) &&
	    (file = join(dir, ".hardconf")) != NULL) {
		if (hardconf_config_load(&c, file, NULL) == HARDCONF_OK)
			own = hardconf_config_is_root(c);
		free(file);
	}
	if (own && (real = realpath(dir, NULL)) != NULL)
		root = keep_root(t, real);
	hardconf_config_free(c);
	free(real);
	return root;
}

/* The real path of a walk's project root: found (then real already), given
 * with --root, or the working directory; kept, or NULL. */
static const char *real_root_of(struct targets *t, const char *root)
{
	char *real;
	const char *kept;
	if (root && !t->root)
		return root;
	real = realpath(root ? root : ".", NULL);
	kept = real ? keep_root(t, real) : NULL;
	free(real);
	return kept;
}

/* The parents of a walked web.config above the walked directory. */
static int discover_above(struct targets *t, struct target *x)
{
	hardconf_discover_options o = discover_options(t);
	hardconf_error err = {0};
	if (hardconf_discover(&x->above, x->path, &o, &err) != HARDCONF_OK) {
		fprintf(stderr, "hardconf: %s\n", err.message);
		return 1;
	}
	return 0;
}

/* A folder's listing: its entries sorted, what it says of .git and
 * .hardconf (their types, or ABSENT), and the folder's own device and
 * inode (from the open folder, not its path again). */
struct listing {
	struct entry *names;
	size_t n;
	int git, project;
	struct stat st;
};

/* Lists dir; 0, or 1 after printing why it could not be listed (whole). */
static int list(const char *dir, struct listing *out)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	size_t cap = 0;

	*out = (struct listing){.git = ABSENT, .project = ABSENT};
	if (!d || fstat(dirfd(d), &out->st) != 0) {
		fprintf(stderr, "hardconf: %s: %s\n", dir, strerror(errno));
		if (d)
			closedir(d);
		return 1;
	}
	while ((ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		if (strcmp(ent->d_name, ".git") == 0)
			out->git = ent->d_type;
		else if (strcmp(ent->d_name, ".hardconf") == 0)
			out->project = ent->d_type;
		if (out->n == cap) {
			struct entry *p =
				realloc(out->names, (cap = cap ? 2 * cap : 32) * sizeof *p);
			if (!p)
				break;
			out->names = p;
		}
		if ((out->names[out->n].path = join(dir, ent->d_name)) == NULL)
			break;
		out->names[out->n++].type = ent->d_type;
	}
	closedir(d);
	if (out->n)
		qsort(out->names, out->n, sizeof *out->names, by_name);
	if (ent) {
		fprintf(stderr, "hardconf: %s: out of memory while listing it\n", dir);
		return 1;
	}
	return 0;
}

/* Walks the folder dir (here: where it sits in the walk; its root and real
 * paths filled in for the walked directory itself, found here for those
 * below) in sorted order.  Symbolic links to directories are followed only
 * when asked, and never around a loop; FIFOs, sockets and devices are never
 * opened. */
static int walk(struct targets *t, const char *dir, int link, struct ancestry *here, size_t parent)
{
	struct listing ls;
	struct entry *names;
	size_t n, web, paired;
	const char *transform = NULL;
	int trouble = list(dir, &ls);

	if (trouble && !ls.names)
		return trouble;
	names = ls.names;
	n = ls.n;
	here->dev = ls.st.st_dev;
	here->ino = ls.st.st_ino;
	for (const struct ancestry *a = here->parent; a; a = a->parent) {
		if (a->dev == here->dev && a->ino == here->ino) {
			fprintf(stderr, "hardconf: %s: symbolic link loop, not followed\n", dir);
			n = 0;
			break;
		}
	}
	if (here->parent && n) {
		const struct ancestry *up = here->parent;
		here->root = sub_root(t, dir, up->root, ls.git, ls.project);
		here->real = real_below(t, up->real, dir, link);
		/* A root of its own is real already: realpath() made it. */
		if (here->real)
			here->real_root =
				!t->root && here->root != up->root ? here->root : up->real_root;
	}
	if (t->profiles && n)
		profiles_listed(t->profiles, dir,
				listed_is(dir, ".hardconf", ls.project, 1, 0) ? 1 : 0);
	/* The folder's web.config comes first: it is the parent of every
	 * web.config below, and its transform is applied, not linted. */
	web = find_web_config(names, n, t->configuration, &paired);
	if (web < n && !inside_walk(t, names[web].path, names[web].type)) {
		free(names[web].path);
		names[web].path = NULL;
		web = paired = n;
	}
	if (paired < n && inside_walk(t, names[paired].path, names[paired].type))
		transform = names[paired].path;
	if (web < n) {
		if (push(t, names[web].path, 1, parent, transform) != 0) {
			fprintf(stderr, "hardconf: out of memory\n");
			trouble = 1;
		} else {
			placed(t, here);
			t->web_configs++;
			t->transforms += transform != NULL;
			/* The top web.config of the walk inherits from the
			 * folders above it, as the file named alone would. */
			if (parent == NO_PARENT)
				trouble |= discover_above(t, &t->items[t->count - 1]);
			parent = t->count - 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		const char *base;
		int is_link = 0;
		if (!names[i].path || i == web || names[i].path == transform)
			continue;
		base = strrchr(names[i].path, '/') + 1;
		/* Another configuration's transform is not deployed as it
		 * is, but its secrets are in the repository all the same;
		 * so is any but this configuration's without a base. */
		if (t->configuration && is_web_transform(base) &&
		    (web < n || !is_transform_of(base, t->configuration))) {
			if (is_regular(&names[i]) && inside_walk(t, names[i].path, names[i].type) &&
			    push(t, names[i].path, 1, NO_PARENT, NULL) == 0) {
				t->items[t->count - 1].secrets_only = 1;
				placed(t, here);
			}
			continue;
		}
		/* The listing says what most entries are: no lstat() for them. */
		if (names[i].type == DT_REG) {
			st = (struct stat){.st_mode = S_IFREG};
		} else if (names[i].type == DT_DIR) {
			st = (struct stat){.st_mode = S_IFDIR};
		} else if (lstat(names[i].path, &st) != 0) {
			fprintf(stderr, "hardconf: %s: %s\n", names[i].path, strerror(errno));
			trouble = 1;
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			is_link = 1;
			if (stat(names[i].path, &st) != 0) {
				/* A dangling link matters only if it looks like a config. */
				if (wanted_name(base)) {
					fprintf(stderr, "hardconf: %s: %s\n", names[i].path,
						strerror(errno));
					trouble = 1;
				}
				continue;
			}
		}
		if (S_ISDIR(st.st_mode)) {
			if (!skipped_dir(base) && (!is_link || t->follow_links)) {
				struct ancestry below = {0, 0, here, NULL, NULL, NULL};
				trouble |= walk(t, names[i].path, is_link, &below, parent);
			}
		} else if (S_ISREG(st.st_mode) && wanted_name(base) &&
			   (!is_link || inside_walk(t, names[i].path, DT_LNK))) {
			if (push(t, names[i].path, 1, NO_PARENT, NULL) != 0) {
				fprintf(stderr, "hardconf: out of memory\n");
				trouble = 1;
			} else {
				placed(t, here);
			}
		}
	}
	for (size_t i = 0; i < ls.n; i++)
		free(names[i].path);
	free(names);
	return trouble;
}

/* What a file named (or standard input's name) is linted with; for a
 * file, whether it is linted already (its base or itself named before).
 * Returns -1 on trouble (printed), 1 for a file linted already, else 0. */
/* The real path of path's folder, kept; resolved once for the files named
 * one after another from the same folder.  NULL when it cannot be. */
static const char *real_folder_of(struct targets *t, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *dir, *real;
	if (t->named_dir && strlen(t->named_dir) == n && strncmp(t->named_dir, path, n) == 0)
		return t->named_dir_real;
	dir = !slash ? strdup(".") : slash == path ? strdup("/") : strndup(path, n);
	real = dir ? realpath(dir, NULL) : NULL;
	free(t->named_dir);
	t->named_dir = slash ? strndup(path, n) : strdup("");
	t->named_dir_real = real ? keep_root(t, real) : NULL;
	if (!t->named_dir)
		t->named_dir_real = NULL;
	free(real);
	free(dir);
	return t->named_dir_real;
}

/* A named file's discovery (standard input's, by the name it is given),
 * kept for its lint (not found again there) with the real paths its
 * fingerprints need, when it is the file linted (not a transform linted
 * with its base). */
static void keep_discovery(struct targets *t, struct target *x, hardconf_discovery *d)
{
	const char *root = hardconf_discovery_root(d);
	x->discovery = d;
	x->real_dir = real_folder_of(t, strcmp(x->path, "-") == 0 ? t->stdin_name : x->path);
	if (!root && !t->cwd_real) {
		char *cwd = realpath(".", NULL);
		t->cwd_real = cwd ? keep_root(t, cwd) : NULL;
		free(cwd);
	}
	x->real_root = root ? root : t->cwd_real;
	if (!x->real_root)
		x->real_dir = NULL;
}

/* The slot of file in a set of cap slots: it, or the free one it would take. */
static struct named_file *named_slot(struct named_file *set, size_t cap, struct named_file file)
{
	uint64_t h = ((uint64_t)file.dev * 31 + (uint64_t)file.ino) * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & (cap - 1);
	while (set[i].used && !(set[i].dev == file.dev && set[i].ino == file.ino))
		i = (i + 1) & (cap - 1);
	return &set[i];
}

/* Whether the file linted for a named one (st: what stat() said of path,
 * or NULL for standard input's name) was named before; noted if not (when
 * memory runs out it is not, and may be linted twice). */
static int named_before(struct targets *t, const char *path, const char *target,
			const struct stat *st)
{
	struct stat target_st;
	struct named_file file, *slot;
	if (!st)
		return 0;
	if (strcmp(target, path) != 0) {
		if (stat(target, &target_st) != 0)
			return 0;
		st = &target_st;
	}
	file = (struct named_file){st->st_dev, st->st_ino, 1};
	if (2 * (t->n_named + 1) > t->named_cap) {
		size_t cap = t->named_cap ? 2 * t->named_cap : 64;
		struct named_file *set = calloc(cap, sizeof *set);
		if (!set)
			return 0;
		for (size_t i = 0; i < t->named_cap; i++)
			if (t->named[i].used)
				*named_slot(set, cap, t->named[i]) = t->named[i];
		free(t->named);
		t->named = set;
		t->named_cap = cap;
	}
	slot = named_slot(t->named, t->named_cap, file);
	if (slot->used)
		return 1;
	*slot = file;
	t->n_named++;
	return 0;
}

static int discover_named(struct targets *t, const char *path, const struct stat *st,
			  hardconf_discovery **kept)
{
	hardconf_discover_options o = discover_options(t);
	hardconf_discovery *d = NULL;
	hardconf_error err = {0};
	const hardconf_chain *chain;
	const char *target, *base;
	int rc = 0;

	if (hardconf_discover(&d, path, &o, &err) != HARDCONF_OK) {
		fprintf(stderr, "hardconf: %s\n", err.message);
		return -1;
	}
	target = hardconf_discovery_target(d);
	chain = hardconf_discovery_chain(d);
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	if (strcasecmp(base, "web.config") == 0) {
		t->web_configs++;
		t->transforms += chain->transform != NULL;
	}
	rc = named_before(t, path, target, st);
	if (kept && rc == 0 && strcmp(target, path) == 0)
		*kept = d;
	else
		hardconf_discovery_free(d);
	return rc;
}

int targets_add(struct targets *t, const char *arg)
{
	hardconf_discovery *d = NULL;
	struct stat st;
	int rc = 0, named = 0, looked = strcmp(arg, "-") != 0 && stat(arg, &st) == 0;
	if (looked && S_ISDIR(st.st_mode)) {
		struct ancestry root = {st.st_dev, st.st_ino, NULL, NULL, NULL, NULL};
		root.root = top_root(t, arg);
		t->walk_real = realpath(arg, NULL);
		/* Resolved once for the walk, not for every file found. */
		root.real = t->walk_real ? keep_root(t, t->walk_real) : NULL;
		root.real_root = root.real ? real_root_of(t, root.root) : NULL;
		rc = walk(t, arg, 0, &root, NO_PARENT);
		free(t->walk_real);
		t->walk_real = NULL;
		t->n_args++;
		return rc;
	}
	if (!t->alone && strcmp(arg, "-") != 0)
		named = discover_named(t, arg, looked ? &st : NULL, &d);
	else if (!t->alone && t->stdin_name)
		named = discover_named(t, t->stdin_name, NULL, &d);
	if (named == 0 && push(t, arg, 0, NO_PARENT, NULL) != 0) {
		fprintf(stderr, "hardconf: out of memory\n");
		rc = 1;
	} else if (named == 0) {
		t->items[t->count - 1].regular = looked && S_ISREG(st.st_mode);
		if (t->items[t->count - 1].regular) {
			size_t size = (size_t)st.st_size;
			t->sized++;
			t->bytes = size < SIZE_MAX - t->bytes ? t->bytes + size : SIZE_MAX;
		}
		if (d) {
			keep_discovery(t, &t->items[t->count - 1], d);
			d = NULL;
		}
	}
	hardconf_discovery_free(d);
	t->n_args++;
	return rc || named < 0;
}

void targets_free(struct targets *t)
{
	for (size_t i = 0; i < t->count; i++) {
		free(t->items[i].path);
		free(t->items[i].transform);
		hardconf_discovery_free(t->items[i].above);
		hardconf_discovery_free(t->items[i].discovery);
	}
	for (size_t i = 0; i < t->n_roots; i++)
		free(t->roots[i]);
	free(t->roots);
	t->roots = NULL;
	free(t->named_dir);
	t->named_dir = NULL;
	t->named_dir_real = t->cwd_real = NULL;
	t->n_roots = 0;
	free(t->named);
	t->named = NULL;
	t->n_named = t->named_cap = 0;
	hardconf_discover_memo_free(t->memo);
	t->memo = NULL;
	free(t->items);
	t->items = NULL;
	t->count = t->cap = 0;
}
