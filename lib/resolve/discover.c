/*
 * discover.c - what a file is linted with when it is named on its own, the
 * same as a directory walk gives it: the project's root, the web.config
 * files of the folders above it up to that root (each with its transform),
 * its own transform (Web.<configuration>.config beside it), and, for a
 * transform named on its own, its base.
 *
 * Paths handed back keep the shape of the path given ("Site/admin/web.config"
 * has the parent "Site/Web.config"), so findings name files as a walk of
 * the same folder would; the root is compared after realpath().
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#define _DEFAULT_SOURCE   /* DT_REG and the other d_type values */

#include "resolve/discover.h"

#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct hardconf_discovery {
	char *root;   /* absolute, or NULL */
	char *target; /* the file to lint */
	char *transform;
	char **parents, **parent_transforms; /* n each, outermost first */
	size_t n, cap;
	hardconf_chain chain;
};

void hardconf_discovery_free(hardconf_discovery *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->parents[i]);
		free(d->parent_transforms[i]);
	}
	free(d->parents);
	free(d->parent_transforms);
	free(d->root);
	free(d->target);
	free(d->transform);
	free(d);
}

char *discover_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return str_dup("");
	return slash == path ? str_dup("/") : str_ndup(path, (size_t)(slash - path));
}

/* dir + "/" + name, as a walk of dir would spell it. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n == 0)
		return str_dup(name);
	return str_printf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

/* The folder above dir, written from dir ("a/b" -> "a", "a" -> "",
 * "" -> ".."), malloc'd in *out, or NULL above "/".  Returns HARDCONF_OK
 * or HARDCONF_ENOMEM: every answer of discovery is the same whatever
 * memory it gets, or none is given. */
static int up(const char *dir, char **out)
{
	size_t n = strlen(dir);
	const char *slash = strrchr(dir, '/');
	if (n == 0 || strcmp(dir, ".") == 0)
		*out = str_dup("..");
	else if (strcmp(dir, "..") == 0 || (n >= 3 && strcmp(dir + n - 3, "/..") == 0))
		*out = str_printf("%s/..", dir);
	else if (strcmp(dir, "/") == 0)
		return *out = NULL, HARDCONF_OK;
	else if (!slash)
		*out = str_dup("");
	else
		*out = slash == dir ? str_dup("/") : str_ndup(dir, (size_t)(slash - dir));
	return *out ? HARDCONF_OK : HARDCONF_ENOMEM;
}

/* The real path of path, malloc'd in *out, or NULL when it has none.
 * Returns HARDCONF_OK or HARDCONF_ENOMEM. */
static int real_of(const char *path, char **out)
{
	/* Into a buffer of ours: realpath()'s own allocation bypasses the
	 * allocator the tests wrap. */
	char buf[PATH_MAX];
	if (!realpath(path, buf))
		return *out = NULL, HARDCONF_OK;
	return (*out = str_dup(buf)) ? HARDCONF_OK : HARDCONF_ENOMEM;
}

char *discover_real(const char *path)
{
	char *real;
	return real_of(path, &real) == HARDCONF_OK ? real : NULL;
}

/* ---- The memo ------------------------------------------------------------ */

/* Folder names to what was found for them, in an open-addressed table
 * (a hook names files from hundreds of folders: no linear search). */
struct memo_entry {
	char *key;
	char *value; /* NULL: nothing (no real path, no root) */
};

struct memo_map {
	struct memo_entry *slots;
	size_t n, cap; /* cap: 0 or a power of two, kept below two thirds full */
};

struct hardconf_discover_memo {
	struct memo_map reals; /* a folder as written -> its real path */
	struct memo_map roots; /* a real folder -> the project root above it */
	/* A configuration and a folder as written (memo_folder_files()) ->
	 * the folder's web.config, and that web.config's transform. */
	struct memo_map webs, transforms;
};

hardconf_discover_memo *hardconf_discover_memo_new(void)
{
	return calloc(1, sizeof(hardconf_discover_memo));
}

static void map_free(struct memo_map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
}

void hardconf_discover_memo_free(hardconf_discover_memo *memo)
{
	if (!memo)
		return;
	map_free(&memo->reals);
	map_free(&memo->roots);
	map_free(&memo->webs);
	map_free(&memo->transforms);
	free(memo);
}

/* The slot of key: its entry, or the empty slot where it would go. */
static struct memo_entry *map_slot(struct memo_entry *slots, size_t cap, const char *key)
{
	size_t i = (size_t)fnv1a(FNV1A_START, key, strlen(key)) & (cap - 1);
	while (slots[i].key && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static const struct memo_entry *map_find(const struct memo_map *m, const char *key)
{
	const struct memo_entry *e = m->cap ? map_slot(m->slots, m->cap, key) : NULL;
	return e && e->key ? e : NULL;
}

/* Records key -> value (copies of both; value may be NULL).  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
static int map_put(struct memo_map *m, const char *key, const char *value)
{
	struct memo_entry *e;
	if (3 * (m->n + 1) > 2 * m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct memo_entry *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return HARDCONF_ENOMEM;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].key)
				*map_slot(slots, cap, m->slots[i].key) = m->slots[i];
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	e = map_slot(m->slots, m->cap, key);
	if (e->key)
		return HARDCONF_OK;
	e->key = str_dup(key);
	e->value = value ? str_dup(value) : NULL;
	if (!e->key || (value && !e->value)) {
		free(e->key);
		free(e->value);
		e->key = e->value = NULL;
		return HARDCONF_ENOMEM;
	}
	m->n++;
	return HARDCONF_OK;
}

/* The real path of the folder above child (as written), whose real path
 * is below: below less its last name, when child's last name is a folder
 * and not a link, "." or "..".  Walking up from a folder d deep then costs
 * an lstat() a folder, not a realpath() of d readlink() calls each.
 * Returns HARDCONF_OK, with *out NULL when it cannot be told so, or
 * HARDCONF_ENOMEM. */
static int real_above(const char *child, const char *below, char **out)
{
	const char *name = strrchr(child, '/'), *slash;
	struct stat st;
	*out = NULL;
	name = name ? name + 1 : child;
	if (!below || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    !(slash = strrchr(below, '/')) || !slash[1] || lstat(child, &st) != 0 ||
	    !S_ISDIR(st.st_mode))
		return HARDCONF_OK;
	*out = slash == below ? str_dup("/") : str_ndup(below, (size_t)(slash - below));
	return *out ? HARDCONF_OK : HARDCONF_ENOMEM;
}

/* The real path of folder dir (as written; "" is the working directory),
 * malloc'd in *out, or NULL when it has none; from the memo when it has
 * it, else from the folder below it (child, real path below; NULL: none),
 * else realpath().  (A memo that cannot grow is only a memo that
 * forgets.)  Returns HARDCONF_OK or HARDCONF_ENOMEM. */
static int real_dir(hardconf_discover_memo *memo, const char *dir, const char *child,
		    const char *below, char **out)
{
	const struct memo_entry *e = memo ? map_find(&memo->reals, dir) : NULL;
	int rc = HARDCONF_OK;
	if (e) {
		*out = e->value ? str_dup(e->value) : NULL;
		return e->value && !*out ? HARDCONF_ENOMEM : HARDCONF_OK;
	}
	*out = NULL;
	if (child)
		rc = real_above(child, below, out);
	if (rc == HARDCONF_OK && !*out)
		rc = real_of(dir[0] ? dir : ".", out);
	if (rc == HARDCONF_OK && memo)
		(void)map_put(&memo->reals, dir, *out);
	return rc;
}

/* Whether real lies in root or below it. */
int discover_within(const char *real, const char *root)
{
	size_t n = strcmp(root, "/") == 0 ? 0 : strlen(root);
	return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

static int is_regular(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether the entry ent of a folder's listing, at path, is a regular file
 * (a link to one counts): the listing says so for most entries, stat()
 * for a link or an entry of unknown type. */
static int listed_regular(const struct dirent *ent, const char *path)
{
	if (ent->d_type == DT_REG)
		return 1;
	return (ent->d_type == DT_LNK || ent->d_type == DT_UNKNOWN) && is_regular(path);
}

int discover_is_web_config(const char *base)
{
	return ascii_casecmp(base, "web.config") == 0;
}

int discover_transform_config(const char *base, const char **configuration, size_t *len)
{
	size_t n = strlen(base);
	if (n <= 4 + 7 || ascii_ncasecmp(base, "web.", 4) != 0 ||
	    ascii_casecmp(base + n - 7, ".config") != 0)
		return 0;
	*configuration = base + 4;
	*len = n - 4 - 7;
	return 1;
}

static int is_transform_of(const char *base, const char *configuration)
{
	const char *c;
	size_t n;
	return configuration && discover_transform_config(base, &c, &n) &&
	       n == strlen(configuration) && ascii_ncasecmp(c, configuration, n) == 0;
}

/* In folder dir (as written): the web.config and the transform of
 * configuration beside it, by their names in the folder (any letter case;
 * of several, the last in byte order, as a walk picks).  Either may be
 * NULL; the transform only with a web.config. */
static int folder_files(const char *dir, const char *configuration, char **web, char **transform)
{
	DIR *d = opendir(dir[0] ? dir : ".");
	struct dirent *ent;
	char *best_web = NULL, *best_transform = NULL;
	int rc = HARDCONF_OK;

	*web = *transform = NULL;
	if (!d)
		return HARDCONF_OK; /* an unreadable folder has nothing to add */
	while (rc == HARDCONF_OK && (ent = readdir(d)) != NULL) {
		char **best = discover_is_web_config(ent->d_name)           ? &best_web
			      : is_transform_of(ent->d_name, configuration) ? &best_transform
									    : NULL;
		char *path;
		if (!best ||
		    (*best && strcmp(ent->d_name,
				     strrchr(*best, '/') ? strrchr(*best, '/') + 1 : *best) <= 0))
			continue;
		path = join(dir, ent->d_name);
		if (!path) {
			rc = HARDCONF_ENOMEM;
		} else if (listed_regular(ent, path)) {
			free(*best);
			*best = path;
		} else {
			free(path);
		}
	}
	closedir(d);
	if (rc != HARDCONF_OK || !best_web) {
		free(best_web);
		free(best_transform);
		return rc;
	}
	*web = best_web;
	*transform = best_transform;
	return HARDCONF_OK;
}

/* folder_files() through the memo: the folders above a walk's top
 * web.config files, or above files named from one folder, are asked about
 * again and again (a root of thousands of project folders was listed once
 * a project: quadratic).  The key: the configuration's length and name,
 * then the folder as written. */
static int memo_folder_files(hardconf_discover_memo *memo, const char *dir,
			     const char *configuration, char **web, char **transform)
{
	const char *conf = configuration ? configuration : "";
	char *key = memo ? str_printf("%zu:%s%s", strlen(conf), conf, dir) : NULL;
	const struct memo_entry *w = key ? map_find(&memo->webs, key) : NULL;
	const struct memo_entry *x = key ? map_find(&memo->transforms, key) : NULL;
	int rc = HARDCONF_OK;
	*web = *transform = NULL;
	if (w && x) {
		*web = w->value ? str_dup(w->value) : NULL;
		*transform = x->value ? str_dup(x->value) : NULL;
		if ((w->value && !*web) || (x->value && !*transform))
			rc = HARDCONF_ENOMEM;
	} else {
		rc = folder_files(dir, configuration, web, transform);
		/* Both kept, or the answer is not: a memo that cannot grow forgets. */
		if (rc == HARDCONF_OK && key && map_put(&memo->webs, key, *web) == HARDCONF_OK)
			(void)map_put(&memo->transforms, key, *transform);
	}
	free(key);
	if (rc != HARDCONF_OK) {
		free(*web);
		free(*transform);
		*web = *transform = NULL;
	}
	return rc;
}

/* Whether folder real is a project's root (*found): it holds a .hardconf
 * that says root (one that cannot be read says nothing), or .git.  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
static int is_root(const char *real, int *found)
{
	const char *sep = strcmp(real, "/") == 0 ? "" : "/";
	char *file = str_printf("%s%s.hardconf", real, sep), *git;
	hardconf_config *c = NULL;
	struct stat st;
	int rc = HARDCONF_OK;
	*found = 0;
	if (!file)
		return HARDCONF_ENOMEM;
	if (is_regular(file)) {
		rc = hardconf_config_load(&c, file, NULL);
		*found = rc == HARDCONF_OK && hardconf_config_is_root(c);
		rc = rc == HARDCONF_ENOMEM ? rc : HARDCONF_OK;
		hardconf_config_free(c);
	}
	free(file);
	if (rc != HARDCONF_OK || *found)
		return rc;
	if (!(git = str_printf("%s%s.git", real, sep)))
		return HARDCONF_ENOMEM;
	*found = lstat(git, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
	free(git);
	return HARDCONF_OK;
}

/* Cuts the last name off an absolute folder path ("/a/b" -> "/a",
 * "/a" -> "/"); 0 at "/". */
static int cut_name(char *dir)
{
	char *slash = strrchr(dir, '/');
	if (!slash || strcmp(dir, "/") == 0)
		return 0;
	slash[slash == dir] = '\0';
	return 1;
}

/* The project root above folder real (absolute): the nearest folder up to
 * the top of the git work tree whose .hardconf says root, else that top;
 * NULL when there is neither.  *out is malloc'd.  With a memo, each folder
 * on the way up is probed once: all are noted with the answer. */
static int root_above(hardconf_discover_memo *memo, const char *real, char **out)
{
	char *dir = str_dup(real), *at;
	const struct memo_entry *e = NULL;
	const char *answer;
	int found = 0, rc = HARDCONF_OK;
	*out = NULL;
	if (!dir)
		return HARDCONF_ENOMEM;
	do {
		if (memo && (e = map_find(&memo->roots, dir)) != NULL)
			break;
		rc = is_root(dir, &found);
	} while (rc == HARDCONF_OK && !found && cut_name(dir));
	answer = e ? e->value : found ? dir : NULL;
	if (rc != HARDCONF_OK || (answer && !(*out = str_dup(answer)))) {
		free(dir);
		return HARDCONF_ENOMEM;
	}
	/* Each folder from real up to the one that answered is noted with the
	 * answer (map_put() keeps a folder the memo has). */
	for (at = memo ? str_dup(real) : NULL; at;) {
		(void)map_put(&memo->roots, at, *out);
		if (strcmp(at, dir) == 0 || !cut_name(at))
			break;
	}
	free(at);
	free(dir);
	return HARDCONF_OK;
}

int discover_root(const char *real, char **out)
{
	return root_above(NULL, real, out);
}

/* Adds a parent before the others (they are found innermost first). */
static int add_parent(hardconf_discovery *d, char *web, char *transform)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 8;
		char **p = realloc(d->parents, cap * sizeof *p), **t;
		if (!p)
			goto nomem;
		d->parents = p;
		t = realloc(d->parent_transforms, cap * sizeof *t);
		if (!t)
			goto nomem;
		d->parent_transforms = t;
		d->cap = cap;
	}
	memmove(d->parents + 1, d->parents, d->n * sizeof *d->parents);
	memmove(d->parent_transforms + 1, d->parent_transforms, d->n * sizeof *d->parents);
	d->parents[0] = web;
	d->parent_transforms[0] = transform;
	d->n++;
	return HARDCONF_OK;
nomem:
	free(web);
	free(transform);
	return HARDCONF_ENOMEM;
}

/* The web.config files of the folders above dir (as written; its real
 * path real), up to root. */
static int find_parents(hardconf_discovery *d, const char *dir, const char *real,
			const char *configuration, hardconf_discover_memo *memo)
{
	char *cur, *next, *child = NULL, *below = NULL;
	int rc = up(dir, &cur);
	if (rc == HARDCONF_OK && (!(child = str_dup(dir)) || !(below = str_dup(real))))
		rc = HARDCONF_ENOMEM;
	while (cur && rc == HARDCONF_OK) {
		char *here, *web, *transform;
		int last;
		rc = real_dir(memo, cur, child, below, &here);
		if (rc != HARDCONF_OK || !here || !discover_within(here, d->root)) {
			free(here);
			break;
		}
		last = strcmp(here, d->root) == 0;
		free(below);
		below = here;
		rc = memo_folder_files(memo, cur, configuration, &web, &transform);
		if (rc == HARDCONF_OK && web)
			rc = add_parent(d, web, transform);
		if (last || rc != HARDCONF_OK)
			break;
		rc = up(cur, &next);
		free(child);
		child = cur;
		cur = next;
	}
	free(cur);
	free(child);
	free(below);
	return rc;
}

static int discover(hardconf_discovery *d, const char *path, const hardconf_discover_options *o,
		    hardconf_error *err)
{
	char *dir = discover_folder(path), *real = NULL, *web = NULL, *transform = NULL;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *configuration;
	size_t len;
	int rc = HARDCONF_OK;

	if (!dir)
		return HARDCONF_ENOMEM;
	if (o->root) {
		errno = 0;
		rc = real_of(o->root, &d->root);
		if (rc == HARDCONF_OK && !d->root) {
			error_set(err, HARDCONF_EIO, "%s: %s", o->root, strerror(errno));
			rc = HARDCONF_EIO;
		}
		if (rc != HARDCONF_OK)
			goto out;
	}
	rc = real_dir(o->memo, dir, NULL, NULL, &real);
	if (rc != HARDCONF_OK || !real) /* nowhere on disk (standard input's name): nothing */
		goto out;
	if (!d->root && (rc = root_above(o->memo, real, &d->root)) != HARDCONF_OK)
		goto out;
	if (discover_transform_config(base, &configuration, &len) && o->configuration) {
		rc = memo_folder_files(o->memo, dir, o->configuration, &web, &transform);
		if (rc != HARDCONF_OK || !web)
			goto out;
		if (is_transform_of(base, o->configuration)) {
			/* A transform named on its own is linted with its base. */
			free(d->target);
			d->target = web;
			web = NULL;
			if (!(d->transform = str_dup(path)))
				rc = HARDCONF_ENOMEM;
		} else {
			/* Another configuration's: not deployed as it is. */
			d->chain.flags |= HARDCONF_CHAIN_SECRETS_ONLY;
			goto out;
		}
	} else if (!discover_is_web_config(base)) {
		goto out;
	} else if (o->configuration) {
		rc = memo_folder_files(o->memo, dir, o->configuration, &web, &transform);
		d->transform = transform;
		transform = NULL;
	}
	if (rc == HARDCONF_OK && d->root && discover_within(real, d->root))
		rc = find_parents(d, dir, real, o->configuration, o->memo);
out:
	free(web);
	free(transform);
	free(real);
	free(dir);
	if (rc == HARDCONF_ENOMEM)
		error_set(err, rc, "out of memory");
	return rc;
}

int hardconf_discover(hardconf_discovery **out, const char *path,
		      const hardconf_discover_options *opts, hardconf_error *err)
{
	static const hardconf_discover_options defaults = HARDCONF_DISCOVER_OPTIONS_INIT;
	hardconf_discover_options o = {0};
	hardconf_discovery *d;
	int rc;

	if (out)
		*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!out || !path || !*path || opts->version < 1 ||
	    opts->version > HARDCONF_DISCOVER_OPTIONS_VERSION) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	/* Only what the caller's version has: version 1 had no memo. */
	memcpy(&o, opts, opts->version >= 2 ? sizeof o : offsetof(hardconf_discover_options, memo));
	d = calloc(1, sizeof *d);
	if (!d || !(d->target = str_dup(path))) {
		free(d);
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	rc = discover(d, path, &o, err);
	if (rc != HARDCONF_OK) {
		hardconf_discovery_free(d);
		return rc;
	}
	d->chain.version = HARDCONF_CHAIN_VERSION;
	d->chain.parents = (const char *const *)d->parents;
	d->chain.parent_transforms = (const char *const *)d->parent_transforms;
	d->chain.n_parents = d->n;
	d->chain.transform = d->transform;
	*out = d;
	return HARDCONF_OK;
}

const char *hardconf_discovery_root(const hardconf_discovery *d)
{
	return d ? d->root : NULL;
}

const char *hardconf_discovery_target(const hardconf_discovery *d)
{
	return d ? d->target : NULL;
}

const hardconf_chain *hardconf_discovery_chain(const hardconf_discovery *d)
{
	return d ? &d->chain : NULL;
}
