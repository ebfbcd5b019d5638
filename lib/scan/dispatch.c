/* dispatch.c - the hook index: every family's hooks grouped by path and
 * found by the path's hash, so the scanner looks up an element's hooks with
 * one probe instead of comparing paths. */
#include "scan/linter.h"

#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* A state made a table key: never 0, which marks an empty slot. */
static uint64_t key_of(uint64_t state)
{
	return state ? state : 1;
}

/* A hook as the index is built: its family, its path's slot, and whether
 * it is the first hook of that path (its run starts with it). */
struct entry {
	const struct hook *hook;
	size_t slot;
	unsigned char family, first;
};

/* The names of the path hashed last: where each ends (at a '/' or at the
 * end) and the hash state there.  Consecutive hooks mostly share their
 * leading names (system.webServer/security/...), so a path is hashed on
 * from the last whole name it shares with the one before: half the bytes of
 * the hook tables are not hashed again. */
#define KEPT_NAMES 16
struct last_path {
	const char *path;
	size_t n, end[KEPT_NAMES];
	uint64_t state[KEPT_NAMES];
};

/* The hash of path (len bytes), and whether it has a "*" between two names
 * (a grand hook).  Hashed a name at a time ("a", then "/b"), which is the
 * hash of the whole path (linter.h). */
static uint64_t hash_path(struct last_path *last, const char *path, size_t len, int *grand)
{
	size_t j = 0, at = 0;
	uint64_t h = path_hash_start();

	/* The names shared with the last path, whole. */
	while (j < last->n && last->end[j] <= len &&
	       (last->end[j] == len || path[last->end[j]] == '/') &&
	       memcmp(path + at, last->path + at, last->end[j] - at) == 0) {
		at = last->end[j];
		h = last->state[j];
		j++;
	}
	for (size_t k = 0; k < j; k++)
		*grand |= last->end[k] < len && path[last->end[k] - 1] == '*';
	last->path = path;
	last->n = j;
	while (at < len) {
		const char *slash = strchr(path + at + 1, '/');
		size_t end = slash ? (size_t)(slash - path) : len;
		h = path_hash_more(h, path + at, end - at);
		*grand |= end < len && path[end - 1] == '*';
		if (last->n < KEPT_NAMES) {
			last->end[last->n] = end;
			last->state[last->n] = h;
			last->n++;
		}
		at = end;
	}
	return h;
}

int linter_index(hardconf_linter *l)
{
	struct entry *entries;
	struct last_path last = {0};
	size_t n = 0, k = 0;
	for (size_t f = 0; f < l->n_families; f++)
		n += l->families[f]->n_hooks;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	l->hooks = malloc((n ? n : 1) * sizeof *l->hooks);
	l->hook_family = malloc(n ? n : 1);
	/* Below two thirds full: a look-up that misses stops after a probe or
	 * two, and the table is 12 KiB for this project's 300 hooks. */
	l->n_slots = 16;
	while (l->n_slots < n + n / 2)
		l->n_slots *= 2;
	l->slots = calloc(l->n_slots, sizeof *l->slots);
	entries = malloc((n ? n : 1) * sizeof *entries);
	if (!l->hooks || !l->hook_family || !l->slots || !entries) {
		free(entries);
		return HARDCONF_ENOMEM;
	}
	/* A hook whose rule is off costs nothing: it is not in the index. */
	for (size_t f = 0; f < l->n_families; f++) {
		const struct family *fam = l->families[f];
		for (size_t i = 0; i < fam->n_hooks && !l->family_idle[f]; i++)
			if (!fam->hook_enabled || fam->hook_enabled(&fam->hooks[i], l)) {
				entries[k] = (struct entry){&fam->hooks[i], 0, (unsigned char)f, 0};
				k++;
			}
	}
	n = k;
	l->n_hooks = n;
	/* Each path's hooks in one run, in the families' order (resolve's facts
	 * run after the rules of an element): a slot per path counts them,
	 * then each takes its place.  No sort: one took as long as linting a
	 * small file.  While the slots are filled, a slot's first holds the
	 * entry that made it, whose path is the key. */
	for (size_t i = 0; i < n; i++) {
		const char *path = entries[i].hook->path;
		uint64_t h = key_of(hash_path(&last, path, strlen(path), &l->has_grand_hooks));
		size_t slot = (size_t)h & (l->n_slots - 1);
		while (l->slots[slot].hash &&
		       (l->slots[slot].hash != h ||
			strcmp(entries[l->slots[slot].first].hook->path, path) != 0))
			slot = (slot + 1) & (l->n_slots - 1);
		if (!l->slots[slot].hash) {
			l->slots[slot] = (struct hook_slot){h, i, 0};
			entries[i].first = 1;
		}
		l->slots[slot].n++;
		entries[i].slot = slot;
	}
	/* The runs, in the order their paths first come. */
	for (size_t i = 0, next = 0; i < n; i++)
		if (entries[i].first) {
			l->slots[entries[i].slot].first = next;
			next += l->slots[entries[i].slot].n;
		}
	/* Each hook into its run, from the run's end back: the count is the
	 * place, and is restored after. */
	for (size_t i = n; i-- > 0;) {
		struct hook_slot *slot = &l->slots[entries[i].slot];
		size_t place = slot->first + --slot->n;
		l->hooks[place] = entries[i].hook;
		l->hook_family[place] = entries[i].family;
	}
	for (size_t i = 0; i < n; i++)
		l->slots[entries[i].slot].n++;
	free(entries);
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
