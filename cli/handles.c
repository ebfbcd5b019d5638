/* handles.c - parents read once.  A walked web.config with files below it
 * is read once as a parent (hardconf_parents_new) and the handle shared by
 * every file below it, on any thread; so are the --parent files and the
 * folders above a walk, for every target that inherits them alike.  A
 * handle is built the first time a file needs it.  A parent that cannot be
 * read, or a file whose project file gives it another linter, falls back to
 * naming the parents by path (the library then reports what cannot be
 * read, as for any chain). */

#include "handles.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

struct handles *handles_new(size_t n)
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

void handles_free(struct handles *h)
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

int folder_parent_given(const struct lint_setup *s)
{
	for (size_t k = 0; k < s->n_parents; k++)
		if (is_named(s->parents[k], "web.config"))
			return 1;
	return 0;
}

/* The key of what a file at target inherits from the --parent files and
 * the folders up (NULL: none): a byte per --parent file, '1' when it is a
 * folder's parent of target (as the library takes it for a file named),
 * '0' a server file, then each folder's web.config and transform, each
 * ended by a NUL.  NULL when memory ran out. */
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
	for (size_t k = 0; k < s->n_parents; k++) {
		int folder = hardconf_parent_is_folder(s->parents[k], target);
		if (folder < 0) {
			free(key);
			return NULL;
		}
		key[k] = folder ? '1' : '0';
	}
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

const hardconf_chain *top_chain(const struct target *t)
{
	return t->above ? hardconf_discovery_chain(t->above) : NULL;
}

/* The path of parent k of what a top target inherits: the --parent files,
 * then the folders up. */
static const char *above_path(const struct lint_setup *s, const hardconf_chain *up, size_t k)
{
	return k < s->n_parents ? s->parents[k] : up->parents[k - s->n_parents];
}

/* Whether parent k is a --parent named again further on, n in all: given
 * twice, or held by the folders up, written another way.  Read once, at
 * its last place, as the library reads a chain it is given.  The folders
 * up are told apart by discovery: only a --parent is asked about, and
 * only against names alike (a stat() each). */
static int named_again(const struct lint_setup *s, const hardconf_chain *up, size_t k, size_t n)
{
	const char *path = above_path(s, up, k), *slash = strrchr(path, '/');
	struct stat a, b;
	int known = 0;
	if (k >= s->n_parents)
		return 0;
	for (size_t j = k + 1; j < n; j++) {
		const char *other = above_path(s, up, j);
		if (!is_named(other, slash ? slash + 1 : path))
			continue;
		if (!known && stat(path, &a) != 0)
			return 0;
		known = 1;
		if (stat(other, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 1;
	}
	return 0;
}

int above_of(struct handles *h, const struct lint_setup *s, const hardconf_chain *up,
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
			unsigned flags;
			if (named_again(s, up, k, n))
				continue;
			flags = !given || h->keys[i].bytes[k] == '1' ? 0 : HARDCONF_PARENT_SERVER;
			ok = hardconf_parents_new(&next, linter, p, above_path(s, up, k),
						  given ? NULL
							: up->parent_transforms[k - s->n_parents],
						  s->site_path, flags, NULL) == HARDCONF_OK;
			hardconf_parents_free(p);
			p = ok ? next : NULL;
		}
		settle(h, &h->above, i, p, linter, ok);
	}
	*out = built(h, &h->above, i, linter);
	return *out ? 0 : -1;
}

const hardconf_parents *as_parent(struct handles *h, const struct lint_setup *s,
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
