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

/* A hook as the index is built, with its family. */
struct entry {
	const struct hook *hook;
	unsigned char family;
};

int linter_index(hardconf_linter *l)
{
	struct entry *entries;
	size_t n = 0, k = 0, *at, *fill;
	const char **key;
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
	entries = malloc((n ? n : 1) * sizeof *entries);
	if (!entries)
		return HARDCONF_ENOMEM;
	/* A hook whose rule is off costs nothing: it is not in the index. */
	for (size_t f = 0; f < l->n_families; f++) {
		const struct family *fam = l->families[f];
		for (size_t i = 0; i < fam->n_hooks && !l->family_idle[f]; i++)
			if (!fam->hook_enabled || fam->hook_enabled(&fam->hooks[i], l)) {
				entries[k] = (struct entry){&fam->hooks[i], (unsigned char)f};
				k++;
			}
	}
	n = k;
	l->n_hooks = n;
	/* Each path's hooks in one run, in the families' order (resolve's facts
	 * run after the rules of an element): a slot per path counts them,
	 * then each takes its place.  No sort: one took as long as linting a
	 * small file. */
	at = malloc((n ? n : 1) * sizeof *at);
	fill = calloc(l->n_slots, sizeof *fill);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers are meant */
	key = calloc(l->n_slots, sizeof *key);
	if (!at || !fill || !key) {
		free(entries);
		free(at);
		free(fill);
		free(key);
		return HARDCONF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const char *path = entries[i].hook->path;
		uint64_t h = key_of(path_hash_more(path_hash_start(), path, strlen(path)));
		size_t slot = (size_t)h & (l->n_slots - 1);
		while (l->slots[slot].hash &&
		       (l->slots[slot].hash != h || strcmp(key[slot], path) != 0))
			slot = (slot + 1) & (l->n_slots - 1);
		if (!l->slots[slot].hash) {
			l->slots[slot] = (struct hook_slot){h, 0, 0};
			key[slot] = path;
		}
		l->slots[slot].n++;
		at[i] = slot;
		l->has_grand_hooks |= strstr(path, "*/") != NULL;
	}
	for (size_t i = 0, next = 0; i < n; i++)
		if (!fill[at[i]]++) {
			l->slots[at[i]].first = next;
			next += l->slots[at[i]].n;
		}
	memset(fill, 0, l->n_slots * sizeof *fill);
	for (size_t i = 0; i < n; i++) {
		size_t place = l->slots[at[i]].first + fill[at[i]]++;
		l->hooks[place] = entries[i].hook;
		l->hook_family[place] = entries[i].family;
	}
	free(entries);
	free(at);
	free(fill);
	free(key);
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

const struct hook *const *linter_grand_hooks(const hardconf_linter *l, uint64_t state,
					     const char *path, size_t len, const char *tail,
					     size_t tail_len, size_t *n)
{
	const char *mid = len ? "/*" : "*";
	size_t mid_len = len ? 2 : 1;
	uint64_t h;

	*n = 0;
	if (!l->has_grand_hooks)
		return NULL;
	h = key_of(path_hash_more(path_hash_more(state, mid, mid_len), tail, tail_len));
	for (size_t s = (size_t)h & (l->n_slots - 1); l->slots[s].hash;
	     s = (s + 1) & (l->n_slots - 1)) {
		const struct hook_slot *slot = &l->slots[s];
		const char *key = l->hooks[slot->first]->path;
		if (slot->hash == h && strncmp(key, path, len) == 0 &&
		    strncmp(key + len, mid, mid_len) == 0 &&
		    strncmp(key + len + mid_len, tail, tail_len) == 0 &&
		    key[len + mid_len + tail_len] == '\0') {
			*n = slot->n;
			return l->hooks + slot->first;
		}
	}
	return NULL;
}
