/* run.c - linting the targets on a pool of threads, each parent read once. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Linting one target ----------------------------------------------------- */

/* How much of a pipe on standard input is kept in memory: past it, the
 * bytes go to a temporary file, streamed from there as a file named is, so
 * that memory stays flat however much is piped in. */
#define STDIN_IN_MEMORY ((size_t)1 << 20)

/* Writes all n bytes of data to fd.  0, or -1. */
static int write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

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

/* Standard input for in: a regular file (input redirected from one) is
 * read by the library where it is; anything else is read here, at most one
 * byte more than the size limit (so that the library can tell a too-large
 * input, HC0003), into memory (*data, to free) or, past STDIN_IN_MEMORY,
 * into a temporary file (*spooled, to close; memory when there is no room
 * for one).  0, or -1 with res->error set. */
static int take_stdin(const struct lint_setup *s, hardconf_input *in, char **data, int *spooled,
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

/* The chain of a target: --parent files, then what the top web.config of
 * its walk inherits from above the walked directory, then the web.config
 * files of the folders above it in the walk, outermost first, in
 * parents[0..n), and in parents[n..2n) the transform each is published
 * with (or NULL). */
static const char **chain_parents(const struct lint_setup *s, const struct targets *all,
				  const struct target *t, size_t *n)
{
	size_t depth = 0, total, above_n = 0;
	const hardconf_chain *above = NULL;
	const char **parents;
	const struct target *top = t;
	for (size_t p = t->parent; p != NO_PARENT; p = all->items[p].parent) {
		depth++;
		top = &all->items[p];
	}
	if (top->above) {
		above = hardconf_discovery_chain(top->above);
		above_n = above->n_parents;
	}
	total = s->n_parents + above_n + depth;
	parents = calloc(2 * total + 1, sizeof *parents);
	if (!parents)
		return NULL;
	for (size_t i = 0; i < s->n_parents; i++)
		parents[i] = s->parents[i];
	for (size_t i = 0; i < above_n; i++) {
		parents[s->n_parents + i] = above->parents[i];
		parents[total + s->n_parents + i] = above->parent_transforms[i];
	}
	*n = total;
	for (size_t p = t->parent; p != NO_PARENT; p = all->items[p].parent) {
		--depth;
		parents[s->n_parents + above_n + depth] = all->items[p].path;
		parents[total + s->n_parents + above_n + depth] = all->items[p].transform;
	}
	return parents;
}

/* What a file named is linted with, as HARDCONF_LINT_DISCOVER would find
 * it, from the discovery made when it was named: the --parent files in in
 * (none when a handle holds them), then the parents found (and the
 * transform each is published with, in the second half of the array
 * returned, which the caller frees); its transform and root; the real paths
 * its fingerprints need.  NULL: out of memory. */
static const char **named_parents(const struct lint_setup *s, const hardconf_discovery *d,
				  hardconf_input *in)
{
	const hardconf_chain *found = hardconf_discovery_chain(d);
	size_t given = in->n_parents, n = given + found->n_parents;
	const char **parents = calloc(2 * n + 1, sizeof *parents);
	if (!parents)
		return NULL;
	for (size_t k = 0; k < given; k++)
		parents[k] = in->parents[k];
	for (size_t k = 0; k < found->n_parents; k++) {
		parents[given + k] = found->parents[k];
		parents[n + given + k] = found->parent_transforms[k];
	}
	in->parents = parents;
	in->n_parents = n;
	in->parent_transforms = parents + n;
	if (!s->transform)
		in->transform = found->transform;
	in->flags |= found->flags & (HARDCONF_CHAIN_QUIET_PARENTS | HARDCONF_CHAIN_SECRETS_ONLY);
	in->root = s->root ? s->root : hardconf_discovery_root(d);
	return parents;
}

/* ---- Parents read once --------------------------------------------------------
 * A walked web.config with files below it is read once as a parent
 * (hardconf_parents_new) and the handle shared by every file below it, on
 * any thread; it is built the first time one of them needs it.  A parent
 * that cannot be read, or a file whose project file gives it another linter,
 * falls back to naming the parents by path (the library then reports what
 * cannot be read, as for any chain). */

enum { HANDLE_NONE, HANDLE_BUILDING, HANDLE_BUILT, HANDLE_FAILED };

/* Handles built once, by the first thread that needs one, with that
 * file's linter: one a target (as_parent) or one a key (above). */
struct slots {
	hardconf_parents **handle;
	const hardconf_linter **linter;
	unsigned char *state;
};

/* What a top target inherits before the walk's own folders (above_key()).
 * Targets with the same key and linter share one handle: a hosting
 * provider's sites below one applicationHost.config read it once, not once
 * a site. */
struct above_key {
	const hardconf_linter *linter;
	char *bytes;
	size_t len;
};

struct handles {
	pthread_mutex_t mu;
	pthread_cond_t done;
	size_t n;
	struct slots as_parent; /* target i as the parent of the files below it */
	struct slots above;     /* key k's handle: --parent files and the folders above */
	struct above_key *keys; /* n_keys of them, one a target at most */
	size_t n_keys;
};

static int slots_init(struct slots *s, size_t n)
{
	/* Arrays of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	s->handle = calloc(n, sizeof *s->handle);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	s->linter = calloc(n, sizeof *s->linter);
	s->state = calloc(n, 1);
	return s->handle && s->linter && s->state ? 0 : -1;
}

static void slots_free(struct slots *s, size_t n)
{
	for (size_t i = 0; s->handle && i < n; i++)
		hardconf_parents_free(s->handle[i]);
	free(s->handle);
	free(s->linter);
	free(s->state);
}

/* Returns h, or NULL (nothing to free) when it cannot be made. */
static struct handles *handles_new(size_t n)
{
	struct handles *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->n = n;
	h->keys = calloc(n ? n : 1, sizeof *h->keys);
	if (!h->keys || slots_init(&h->as_parent, n ? n : 1) != 0 ||
	    slots_init(&h->above, n ? n : 1) != 0 || pthread_mutex_init(&h->mu, NULL) != 0) {
		slots_free(&h->as_parent, 0);
		slots_free(&h->above, 0);
		free(h->keys);
		free(h);
		return NULL;
	}
	if (pthread_cond_init(&h->done, NULL) != 0) {
		pthread_mutex_destroy(&h->mu);
		slots_free(&h->as_parent, 0);
		slots_free(&h->above, 0);
		free(h->keys);
		free(h);
		return NULL;
	}
	return h;
}

static void handles_free(struct handles *h)
{
	if (!h)
		return;
	slots_free(&h->as_parent, h->n);
	slots_free(&h->above, h->n_keys);
	for (size_t k = 0; k < h->n_keys; k++)
		free(h->keys[k].bytes);
	free(h->keys);
	pthread_cond_destroy(&h->done);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

/* Claims slot i for building (1), or waits until another thread built it
 * (0). */
static int claim(struct handles *h, struct slots *s, size_t i)
{
	int mine;
	pthread_mutex_lock(&h->mu);
	while (s->state[i] == HANDLE_BUILDING)
		pthread_cond_wait(&h->done, &h->mu);
	mine = s->state[i] == HANDLE_NONE;
	if (mine)
		s->state[i] = HANDLE_BUILDING;
	pthread_mutex_unlock(&h->mu);
	return mine;
}

static void settle(struct handles *h, struct slots *s, size_t i, hardconf_parents *built,
		   const hardconf_linter *linter, int ok)
{
	pthread_mutex_lock(&h->mu);
	s->handle[i] = built;
	s->linter[i] = linter;
	s->state[i] = ok ? HANDLE_BUILT : HANDLE_FAILED;
	pthread_cond_broadcast(&h->done);
	pthread_mutex_unlock(&h->mu);
}

/* Slot i's handle, once built, when it was built with linter. */
static const hardconf_parents *built(struct handles *h, struct slots *s, size_t i,
				     const hardconf_linter *linter)
{
	const hardconf_parents *p = NULL;
	pthread_mutex_lock(&h->mu);
	if (s->state[i] == HANDLE_BUILT && s->linter[i] == linter)
		p = s->handle[i];
	pthread_mutex_unlock(&h->mu);
	return p;
}

static int is_named(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	return strcasecmp(slash ? slash + 1 : path, name) == 0;
}

/* Whether file lies in the folder of the web.config at parent, or below. */
static int below_folder_of(const char *parent, const char *file)
{
	const char *slash = strrchr(parent, '/');
	size_t n = slash ? (size_t)(slash - parent) : 0;
	if (!is_named(parent, "web.config"))
		return 0;
	if (!slash) /* "web.config": the current folder, above a relative file */
		return file[0] != '/';
	return strncmp(parent, file, n) == 0 && file[n] == '/';
}

/* Whether a --parent file is a web.config: a folder's parent of the files
 * below its folder.  Which those are, the library decides for a file named
 * (it resolves ".." and links); the walk's folders say it for a walked one. */
static int folder_parent_given(const struct lint_setup *s)
{
	for (size_t k = 0; k < s->n_parents; k++)
		if (is_named(s->parents[k], "web.config"))
			return 1;
	return 0;
}

/* The key of what a file at target inherits from the --parent files and
 * the folders up (NULL: none): a byte per --parent file, then each folder's
 * web.config and transform, each ended by a NUL.  NULL when memory ran out. */
static char *above_key(const struct lint_setup *s, const hardconf_chain *up, const char *target,
		       size_t *len)
{
	size_t n_up = up ? up->n_parents : 0, at = s->n_parents;
	char *key;
	*len = s->n_parents;
	for (size_t k = 0; k < n_up; k++)
		*len += strlen(up->parents[k]) + 1 +
			(up->parent_transforms[k] ? strlen(up->parent_transforms[k]) : 0) + 1;
	if (!(key = malloc(*len ? *len : 1)))
		return NULL;
	for (size_t k = 0; k < s->n_parents; k++)
		key[k] = below_folder_of(s->parents[k], target) ? '1' : '0';
	for (size_t k = 0; k < n_up; k++) {
		const char *transform = up->parent_transforms[k] ? up->parent_transforms[k] : "";
		size_t p = strlen(up->parents[k]) + 1, t = strlen(transform) + 1;
		memcpy(key + at, up->parents[k], p);
		memcpy(key + at + p, transform, t);
		at += p + t;
	}
	return key;
}

/* The slot of above for what a file at target inherits with linter: its
 * key's, added when new.  SIZE_MAX when memory ran out. */
static size_t above_slot(struct handles *h, const struct lint_setup *s, const hardconf_chain *up,
			 const char *target, const hardconf_linter *linter)
{
	size_t len, k;
	char *bytes = above_key(s, up, target, &len);
	if (!bytes)
		return SIZE_MAX;
	pthread_mutex_lock(&h->mu);
	for (k = 0; k < h->n_keys; k++) {
		const struct above_key *x = &h->keys[k];
		if (x->linter == linter && x->len == len && memcmp(x->bytes, bytes, len) == 0)
			break;
	}
	/* A target adds one key at most: there is room. */
	if (k == h->n_keys && k < h->n) {
		h->keys[k] = (struct above_key){linter, bytes, len};
		h->n_keys++;
		bytes = NULL;
	}
	pthread_mutex_unlock(&h->mu);
	free(bytes);
	return k < h->n ? k : SIZE_MAX;
}

/* The chain above the walked directory of the top target t, or NULL. */
static const hardconf_chain *top_chain(const struct target *t)
{
	return t->above ? hardconf_discovery_chain(t->above) : NULL;
}

/* What a file at target inherits before the walk's own folders: --parent
 * files, then the folders up from the walked directory (up, or NULL), read
 * once for every target that inherits them alike.  *out NULL: none.
 * Returns 0, or -1 when it could not be read once (then name them). */
static int above_of(struct handles *h, const struct lint_setup *s, const hardconf_chain *up,
		    const char *target, const hardconf_linter *linter, const hardconf_parents **out)
{
	hardconf_parents *p = NULL, *next;
	size_t n = s->n_parents + (up ? up->n_parents : 0), i;
	int ok = 1;

	*out = NULL;
	if (n == 0)
		return 0;
	if ((i = above_slot(h, s, up, target, linter)) == SIZE_MAX)
		return -1;
	if (claim(h, &h->above, i)) {
		for (size_t k = 0; k < n && ok; k++) {
			int given = k < s->n_parents;
			const char *path = given ? s->parents[k] : up->parents[k - s->n_parents];
			const char *transform =
				given ? NULL : up->parent_transforms[k - s->n_parents];
			unsigned flags = !given || below_folder_of(path, target)
						 ? 0
						 : HARDCONF_PARENT_SERVER;
			ok = hardconf_parents_new(&next, linter, p, path, transform, s->site_path,
						  flags, NULL) == HARDCONF_OK;
			hardconf_parents_free(p);
			p = ok ? next : NULL;
		}
		settle(h, &h->above, i, p, linter, ok);
	}
	*out = built(h, &h->above, i, linter);
	return *out ? 0 : -1;
}

/* Target i (a walked web.config) as the parent of the files below it. */
static const hardconf_parents *as_parent(struct handles *h, const struct lint_setup *s,
					 const struct targets *all, size_t i,
					 const hardconf_linter *linter)
{
	const struct target *t = &all->items[i];
	if (claim(h, &h->as_parent, i)) {
		const hardconf_parents *base = NULL;
		hardconf_parents *p = NULL;
		int ok = t->parent != NO_PARENT
				 ? (base = as_parent(h, s, all, t->parent, linter)) != NULL
				 : above_of(h, s, top_chain(t), t->path, linter, &base) == 0;
		ok = ok && hardconf_parents_new(&p, linter, base, t->path, t->transform,
						s->site_path, 0, NULL) == HARDCONF_OK;
		settle(h, &h->as_parent, i, p, linter, ok);
	}
	return built(h, &h->as_parent, i, linter);
}

static void lint_one(const struct lint_setup *s, const struct targets *all, const struct target *t,
		     struct handles *h, struct result *res)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_error err = {0};
	const char **parents = NULL;
	char *data = NULL;
	int spooled = -1;

	res->target = t;
	res->report = NULL;
	res->error[0] = '\0';
	if (t->ignored)
		return;
	in.kind = s->kind;
	in.site_path = s->site_path;
	in.configuration = s->configuration;
	in.root = s->root;
	if (t->walked) {
		const hardconf_linter *linter = t->profile->linter;
		const hardconf_parents *inherited = NULL;
		int once = h != NULL;
		/* A folder's web.config with files below it is read once: as
		 * their parent, and linted from that handle. */
		if (once && t->is_parent)
			once = (inherited = as_parent(h, s, all, (size_t)(t - all->items),
						      linter)) != NULL;
		else if (once && t->parent != NO_PARENT)
			once = (inherited = as_parent(h, s, all, t->parent, linter)) != NULL;
		else if (once)
			once = above_of(h, s, top_chain(t), t->path, linter, &inherited) == 0;
		if (once) {
			in.inherited = inherited;
		} else {
			parents = chain_parents(s, all, t, &in.n_parents);
			if (!parents) {
				snprintf(res->error, sizeof res->error, "%s: out of memory",
					 t->path);
				return;
			}
			in.parents = parents;
			in.parent_transforms = parents + in.n_parents;
		}
		in.path = t->path;
		/* The walk looked for the root once: none found is the working
		 * directory, not a search up from every file again. */
		in.root = t->root ? t->root : ".";
		if (t->real_dir) {
			in.real_dir = t->real_dir;
			in.root = t->real_root;
		}
		in.transform = t->transform;
		/* The folders' web.config files are linted on their own. */
		if (t->parent != NO_PARENT)
			in.flags |= HARDCONF_CHAIN_QUIET_PARENTS;
		if (t->secrets_only)
			in.flags |= HARDCONF_CHAIN_SECRETS_ONLY;
	} else {
		/* A file named, or standard input: as its project's walk lints
		 * it, unless --alone.  --parent server files (no web.config,
		 * whose place could make it a folder's parent) are read once for
		 * all the files named. */
		const hardconf_parents *given = NULL;
		if (h && strcmp(t->path, "-") != 0 && !folder_parent_given(s) &&
		    above_of(h, s, NULL, t->path, t->profile->linter, &given) == 0 && given) {
			in.inherited = given;
		} else {
			in.parents = s->parents;
			in.n_parents = s->n_parents;
		}
		in.transform = s->transform;
		if (strcmp(t->path, "-") == 0) {
			if (take_stdin(s, &in, &data, &spooled, res) != 0)
				return;
			in.name = s->stdin_name ? s->stdin_name : "<stdin>";
			in.path = s->alone ? NULL : s->stdin_name;
		} else {
			in.path = t->path;
		}
		if (t->discovery) {
			/* Discovered once, when it was named: not again. */
			parents = named_parents(s, t->discovery, &in);
			if (!parents) {
				snprintf(res->error, sizeof res->error, "%s: out of memory",
					 t->path);
				free(data); /* none: a file named is not standard input */
				return;
			}
			if (t->real_dir) { /* resolved once per folder */
				in.real_dir = t->real_dir;
				in.root = t->real_root;
			}
		} else if (!s->alone && in.path) {
			in.flags |= HARDCONF_LINT_DISCOVER;
		}
	}
	/* The walk's listing, or the stat() of a file named, said what it is:
	 * the library need not look again before opening it. */
	if (t->walked || t->regular)
		in.flags |= HARDCONF_LINT_LISTED;
	if (hardconf_lint(&res->report, t->profile->linter, &in, &err) != HARDCONF_OK)
		snprintf(res->error, sizeof res->error, "%s", err.message);
	free(parents);
	free(data);
	if (spooled >= 0)
		close(spooled);
}

/* ---- The pool ----------------------------------------------------------------
 * The calling thread lints too, beside jobs - 1 workers: it emits between
 * its own batches, so no thread is woken to print (a small file lints in
 * tens of microseconds; three threads on two CPUs cost a context switch a
 * batch).  Targets are claimed in batches, in order, but never more than
 * `window` batches ahead of the last one emitted, so a huge tree holds a
 * bounded number of reports while the output stays in target order.  A
 * thread takes the lock once to claim a batch and once to publish it; the
 * caller sleeps only for a batch still being linted when it has nothing
 * else to do (the window is full, or every batch is claimed), and a worker
 * only when the window is full.  A report is freed by the thread that
 * made it: glibc's malloc frees a block into the arena of the thread that
 * allocated it, under that arena's lock, and the caller freeing a worker's
 * reports while the worker allocated made -j2 cost 1.2x-1.4x the CPU time
 * of -j1.  The caller hands a worker's reports back once emitted; the
 * worker frees them when it next claims a batch. */

/* Reports emitted, waiting for the worker that made them. */
struct unfreed {
	hardconf_report **items;
	size_t n, cap;
};

struct pool {
	const struct lint_setup *setup;
	const struct targets *targets;
	struct handles *handles;
	void (*emit)(void *ctx, const struct result *res);
	void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	size_t batch;            /* targets per batch */
	size_t batches;          /* how many there are */
	size_t next, emitted;    /* batches claimed, and emitted */
	size_t window;           /* batches in flight */
	size_t awaited;          /* the batch the caller sleeps on, or SIZE_MAX */
	unsigned idle;           /* workers sleeping for room in the window */
	struct result *slots;    /* batch b's results from (b % window) * batch */
	unsigned char *ready;    /* batch b is done: ready[b % window] */
	unsigned *by;            /* who linted it: 0 the caller, k worker k */
	struct unfreed *unfreed; /* per worker: unfreed[k - 1] */
};

/* A worker and its number (from 1). */
struct worker_arg {
	struct pool *pool;
	unsigned k;
};

/* Targets [first, end) of batch b. */
static size_t batch_end(const struct pool *p, size_t b, size_t *first)
{
	size_t end = (b + 1) * p->batch;
	*first = b * p->batch;
	return end < p->targets->count ? end : p->targets->count;
}

/* Lints batch b and publishes it (by: who lints it). */
static void lint_batch(struct pool *p, size_t b, unsigned by)
{
	size_t first, end = batch_end(p, b, &first);
	struct result *out = &p->slots[(b % p->window) * p->batch];
	for (size_t i = first; i < end; i++)
		lint_one(p->setup, p->targets, &p->targets->items[i], p->handles, &out[i - first]);
	pthread_mutex_lock(&p->mu);
	p->by[b % p->window] = by;
	p->ready[b % p->window] = 1;
	if (b == p->awaited)
		pthread_cond_signal(&p->filled);
	pthread_mutex_unlock(&p->mu);
}

/* Frees the reports handed back to worker k, outside the lock (held on
 * entry and on return): the worker takes the list and leaves its own empty
 * one (mine) in its place. */
static void free_handed_back(struct pool *p, unsigned k, struct unfreed *mine)
{
	struct unfreed *u = &p->unfreed[k - 1], taken = *u;
	*u = *mine;
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < taken.n; i++)
		hardconf_report_free(taken.items[i]);
	taken.n = 0;
	*mine = taken;
	pthread_mutex_lock(&p->mu);
}

/* Room in u for one more; 0, or -1 when memory ran out. */
static int unfreed_room(struct unfreed *u)
{
	size_t cap = u->cap ? 2 * u->cap : 64;
	hardconf_report **bigger;
	if (u->n < u->cap)
		return 0;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	bigger = realloc(u->items, cap * sizeof *bigger);
	if (!bigger)
		return -1;
	u->items = bigger;
	u->cap = cap;
	return 0;
}

static void *worker(void *arg)
{
	const struct worker_arg *me = arg;
	struct pool *p = me->pool;
	struct unfreed mine = {NULL, 0, 0};
	for (;;) {
		size_t b;
		pthread_mutex_lock(&p->mu);
		if (p->unfreed[me->k - 1].n)
			free_handed_back(p, me->k, &mine);
		while (p->next < p->batches && p->next >= p->emitted + p->window) {
			p->idle++;
			pthread_cond_wait(&p->freed, &p->mu);
			p->idle--;
		}
		if (p->next >= p->batches) {
			pthread_mutex_unlock(&p->mu);
			free(mine.items);
			return NULL;
		}
		b = p->next++;
		pthread_mutex_unlock(&p->mu);
		lint_batch(p, b, me->k);
	}
}

/* Emits the batches done, in order, from the next one on (the caller
 * holds the lock, and holds it again on return); with wait set, first
 * sleeps until the next one is done. */
static void emit_ready(struct pool *p, int wait)
{
	while (p->emitted < p->batches) {
		size_t b = p->emitted, first, end = batch_end(p, b, &first);
		const struct result *in = &p->slots[(b % p->window) * p->batch];
		while (wait && !p->ready[b % p->window]) {
			p->awaited = b;
			pthread_cond_wait(&p->filled, &p->mu);
		}
		p->awaited = SIZE_MAX;
		if (!p->ready[b % p->window])
			return;
		/* The batch is the caller's until it is given back. */
		unsigned by = p->by[b % p->window];
		struct unfreed *u = by ? &p->unfreed[by - 1] : NULL;
		pthread_mutex_unlock(&p->mu);
		for (size_t i = first; i < end; i++) {
			p->emit(p->ctx, &in[i - first]);
			if (!u)
				hardconf_report_free(in[i - first].report);
		}
		pthread_mutex_lock(&p->mu);
		for (size_t i = first; u && i < end; i++) {
			hardconf_report *r = in[i - first].report;
			/* No room to hand it back: freed here. */
			if (r && unfreed_room(u) != 0)
				hardconf_report_free(r);
			else if (r)
				u->items[u->n++] = r;
		}
		p->ready[b % p->window] = 0;
		p->emitted++;
		if (p->idle)
			pthread_cond_broadcast(&p->freed);
		wait = 0;
	}
}

/* Targets per batch: enough batches for every thread to have several
 * (the last one finishes soon after the others), few enough that claiming
 * and publishing cost little beside the linting. */
static size_t batch_size(size_t count, unsigned jobs)
{
	size_t n = count / (16 * (size_t)jobs);
	return n < 1 ? 1 : n > 32 ? 32 : n;
}

int run_targets(const struct lint_setup *setup, const struct targets *t, unsigned jobs,
		void (*emit)(void *ctx, const struct result *res), void *ctx)
{
	struct pool p = {.setup = setup,
			 .targets = t,
			 .emit = emit,
			 .ctx = ctx,
			 .mu = PTHREAD_MUTEX_INITIALIZER,
			 .filled = PTHREAD_COND_INITIALIZER,
			 .freed = PTHREAD_COND_INITIALIZER,
			 .awaited = SIZE_MAX};
	pthread_t *threads = NULL;
	struct worker_arg *args = NULL;
	unsigned started = 0;
	int rc = -1;
	/* Without room for the handles, parents are named by path. */
	p.handles = handles_new(t->count);
	if (jobs > t->count)
		jobs = (unsigned)t->count;
	if (jobs <= 1) {
		for (size_t i = 0; i < t->count; i++) {
			struct result res;
			lint_one(setup, t, &t->items[i], p.handles, &res);
			emit(ctx, &res);
			hardconf_report_free(res.report);
		}
		handles_free(p.handles);
		return 0;
	}
	p.batch = batch_size(t->count, jobs);
	p.batches = (t->count + p.batch - 1) / p.batch;
	p.window = 4 * (size_t)jobs;
	p.slots = calloc(p.window * p.batch, sizeof *p.slots);
	p.ready = calloc(p.window, 1);
	p.by = calloc(p.window, sizeof *p.by);
	p.unfreed = calloc(jobs - 1, sizeof *p.unfreed);
	threads = calloc(jobs - 1, sizeof *threads);
	args = calloc(jobs - 1, sizeof *args);
	if (!p.slots || !p.ready || !p.by || !p.unfreed || !threads || !args)
		goto out;
	for (; started < jobs - 1; started++) {
		args[started] = (struct worker_arg){&p, started + 1};
		if (pthread_create(&threads[started], NULL, worker, &args[started]) != 0)
			break;
	}
	if (started == 0)
		goto out;
	rc = 0;
	pthread_mutex_lock(&p.mu);
	for (;;) {
		size_t b;
		emit_ready(&p, 0);
		/* The window full: only the batch awaited makes room. */
		if (p.next < p.batches && p.next >= p.emitted + p.window) {
			emit_ready(&p, 1);
			continue;
		}
		if (p.next >= p.batches)
			break;
		b = p.next++;
		pthread_mutex_unlock(&p.mu);
		lint_batch(&p, b, 0);
		pthread_mutex_lock(&p.mu);
	}
	while (p.emitted < p.batches)
		emit_ready(&p, 1);
	pthread_mutex_unlock(&p.mu);
	for (unsigned k = 0; k < started; k++)
		pthread_join(threads[k], NULL);
out:
	/* What the workers had no batch left to free it at. */
	for (unsigned k = 0; p.unfreed && k + 1 < jobs; k++) {
		for (size_t i = 0; i < p.unfreed[k].n; i++)
			hardconf_report_free(p.unfreed[k].items[i]);
		free(p.unfreed[k].items);
	}
	free(p.unfreed);
	free(p.by);
	free(args);
	free(threads);
	free(p.ready);
	free(p.slots);
	handles_free(p.handles);
	return rc;
}
