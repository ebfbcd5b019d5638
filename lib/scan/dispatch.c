/* dispatch.c - the hook index: every family's hooks grouped by path and
 * found by a key made from the path, so the scanner looks up an element's
 * hooks with a probe or two instead of comparing paths. */
#include "scan/linter.h"

#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* The index's key for a path: its length and its first, middle and last
 * eight bytes, mixed.  Not the path hash the scanner keeps for fingerprints
 * (FNV-1a, a multiply per byte): building the index hashed every hook's
 * path that way, a tenth of a small file's lint.  The scanner asks only
 * when its child cache misses, with the path at hand; paths that share a
 * key are told apart by comparing them.  Never 0, which marks an empty
 * slot. */
static uint64_t word_at(const char *s, size_t n)
{
	uint64_t w = 0;
	memcpy(&w, s, n < 8 ? n : 8);
	return w;
}

static uint64_t index_key(const char *path, size_t len)
{
	uint64_t h = len;
	h = (h ^ word_at(path, len)) * UINT64_C(0x9E3779B97F4A7C15);
	if (len > 8) {
		h = (h ^ word_at(path + len / 2 - 4, 8)) * UINT64_C(0x9E3779B97F4A7C15);
		h = (h ^ word_at(path + len - 8, 8)) * UINT64_C(0x9E3779B97F4A7C15);
	}
	h ^= h >> 29;
	return h ? h : 1;
}

/* A hook as the index is built: its family, its path's slot, and whether
 * it is the first hook of that path (its run starts with it). */
struct entry {
	const struct hook *hook;
	size_t slot;
	unsigned char family, first;
};

int linter_index(hardconf_linter *l)
{
	struct entry *entries;
	size_t n = 0, k = 0;
	for (size_t f = 0; f < l->n_families; f++)
		n += l->families[f]->n_hooks;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	l->hooks = malloc((n ? n : 1) * sizeof *l->hooks);
	l->hook_family = malloc(n ? n : 1);
	l->hook_runs = malloc(n ? n : 1);
	/* Below two thirds full: a look-up that misses stops after a probe or
	 * two, and the table is 12 KiB for this project's 300 hooks. */
	l->n_slots = 16;
	while (l->n_slots < n + n / 2)
		l->n_slots *= 2;
	l->slots = calloc(l->n_slots, sizeof *l->slots);
	entries = malloc((n ? n : 1) * sizeof *entries);
	if (!l->hooks || !l->hook_family || !l->hook_runs || !l->slots || !entries) {
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
		size_t len = strlen(path);
		const char *star = memchr(path, '*', len);
		uint64_t h = index_key(path, len);
		size_t slot = (size_t)h & (l->n_slots - 1);
		/* A "*" between two names: a grand hook (linter_grand_hooks()). */
		l->has_grand_hooks |= star && star[1] == '/';
		if (len > l->longest_path)
			l->longest_path = len;
		while (l->slots[slot].key &&
		       (l->slots[slot].key != h ||
			strcmp(entries[l->slots[slot].first].hook->path, path) != 0))
			slot = (slot + 1) & (l->n_slots - 1);
		if (!l->slots[slot].key) {
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
		const struct family *fam = l->families[entries[i].family];
		l->hook_family[place] = entries[i].family;
		l->hook_runs[place] = (unsigned char)((fam->chained ? HOOK_RUNS_IN_PARENTS : 0) |
						      (fam->secrets ? HOOK_RUNS_FOR_SECRETS : 0));
	}
	for (size_t i = 0; i < n; i++)
		l->slots[entries[i].slot].n++;
	free(entries);
	return HARDCONF_OK;
}

/* The hooks keyed by the len bytes at key. */
static const struct hook *const *lookup(const hardconf_linter *l, const char *key, size_t len,
					size_t *n)
{
	uint64_t h = index_key(key, len);
	for (size_t s = (size_t)h & (l->n_slots - 1); l->slots[s].key;
	     s = (s + 1) & (l->n_slots - 1)) {
		const struct hook_slot *slot = &l->slots[s];
		const char *path = l->hooks[slot->first]->path;
		if (slot->key == h && strncmp(path, key, len) == 0 && path[len] == '\0') {
			*n = slot->n;
			return l->hooks + slot->first;
		}
	}
	*n = 0;
	return NULL;
}

const struct hook *const *linter_hooks(const hardconf_linter *l, const char *path, size_t len,
				       int children, size_t *n)
{
	char key[HOOK_PATH_MAX];
	size_t key_len = len + (len ? 2 : 1);
	if (!children)
		return lookup(l, path, len, n);
	*n = 0;
	/* Longer than every hook's path: none is keyed so. */
	if (key_len > l->longest_path || key_len > sizeof key)
		return NULL;
	memcpy(key, path, len);
	memcpy(key + len, len ? "/*" : "*", key_len - len);
	return lookup(l, key, key_len, n);
}

const struct hook *const *linter_grand_hooks(const hardconf_linter *l, const char *path, size_t len,
					     const char *tail, size_t tail_len, size_t *n)
{
	char key[HOOK_PATH_MAX];
	size_t mid = len ? 2 : 1, key_len = len + mid + tail_len;
	*n = 0;
	if (!l->has_grand_hooks || key_len > l->longest_path || key_len > sizeof key)
		return NULL;
	memcpy(key, path, len);
	memcpy(key + len, len ? "/*" : "*", mid);
	memcpy(key + len + mid, tail, tail_len);
	return lookup(l, key, key_len, n);
}
