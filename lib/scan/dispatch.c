/* dispatch.c - the hook index: every family's hooks grouped by path and
 * found by the path's hash, so the scanner looks up an element's hooks with
 * one probe instead of comparing paths. */
#include "scan/linter.h"

#include "util/util.h"

#include <stdlib.h>
#include <string.h>

uint64_t path_hash_start(void)
{
	return FNV1A_START;
}

uint64_t path_hash_more(uint64_t h, const char *s, size_t len)
{
	return fnv1a(h, s, len);
}

/* A state made a table key: never 0, which marks an empty slot. */
static uint64_t key_of(uint64_t state)
{
	return state ? state : 1;
}

static int by_path(const void *pa, const void *pb)
{
	const struct hook *a = *(const struct hook *const *)pa,
			  *b = *(const struct hook *const *)pb;
	int c = strcmp(a->path, b->path);
	/* Keep the families' own order for hooks of one path. */
	return c ? c : (a < b ? -1 : a > b);
}

/* The index in l->families of the family a hook belongs to. */
static unsigned char family_of(const hardconf_linter *l, const struct hook *h)
{
	for (size_t f = 0; f < l->n_families; f++)
		for (size_t i = 0; i < l->families[f]->n_hooks; i++)
			if (&l->families[f]->hooks[i] == h)
				return (unsigned char)f;
	return 0;
}

int linter_index(hardconf_linter *l)
{
	size_t n = 0, k = 0;
	for (size_t f = 0; f < l->n_families; f++)
		n += l->families[f]->n_hooks;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	l->hooks = malloc((n ? n : 1) * sizeof *l->hooks);
	l->hook_family = malloc(n ? n : 1);
	l->n_slots = 16;
	while (l->n_slots < 2 * n)
		l->n_slots *= 2;
	l->slots = calloc(l->n_slots, sizeof *l->slots);
	if (!l->hooks || !l->hook_family || !l->slots)
		return HARDCONF_ENOMEM;
	/* A hook whose rule is off costs nothing: it is not in the index. */
	for (size_t f = 0; f < l->n_families; f++) {
		const struct family *fam = l->families[f];
		for (size_t i = 0; i < fam->n_hooks; i++)
			if (!fam->hook_enabled || fam->hook_enabled(&fam->hooks[i], l))
				l->hooks[k++] = &fam->hooks[i];
	}
	n = k;
	l->n_hooks = n;
	/* Pointers again, as for malloc() above. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	qsort(l->hooks, n, sizeof *l->hooks, by_path);
	for (size_t i = 0; i < n; i++)
		l->hook_family[i] = family_of(l, l->hooks[i]);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		const char *path = l->hooks[i]->path;
		uint64_t h = key_of(path_hash_more(path_hash_start(), path, strlen(path)));
		size_t s = (size_t)h & (l->n_slots - 1);
		while (j < n && strcmp(l->hooks[j]->path, l->hooks[i]->path) == 0)
			j++;
		while (l->slots[s].hash)
			s = (s + 1) & (l->n_slots - 1);
		l->slots[s] = (struct hook_slot){h, i, j - i};
		i = j;
	}
	return HARDCONF_OK;
}

static int is_key(const char *key, const char *path, size_t len, int children)
{
	if (strncmp(key, path, len) != 0)
		return 0;
	if (!children)
		return key[len] == '\0';
	return strcmp(key + len, len ? "/*" : "*") == 0;
}

const struct hook *const *linter_hooks(const hardconf_linter *l, uint64_t state, const char *path,
				       size_t len, int children, size_t *n)
{
	uint64_t h =
		key_of(children ? path_hash_more(state, len ? "/*" : "*", len ? 2 : 1) : state);
	for (size_t s = (size_t)h & (l->n_slots - 1); l->slots[s].hash;
	     s = (s + 1) & (l->n_slots - 1)) {
		const struct hook_slot *slot = &l->slots[s];
		if (slot->hash == h && is_key(l->hooks[slot->first]->path, path, len, children)) {
			*n = slot->n;
			return l->hooks + slot->first;
		}
	}
	*n = 0;
	return NULL;
}
