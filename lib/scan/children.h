/*
 * children.h - the scanner's child cache: what an element's name under a
 * parent comes to (its path's hash and the hooks of its path), found again
 * by one pointer compare, as libxml2 interns names.  Open addressing: a
 * direct-mapped cache lost two paths that met in a slot to each other at
 * every element, and pointers move with ASLR, so one run in ten of a
 * 50k-site applicationHost.config looked its hooks up 100,000 times more.
 */
#ifndef HC_CHILDREN_H
#define HC_CHILDREN_H

#include <stddef.h>
#include <stdint.h>

struct hook;

/* What closing an element involves: the hooks of each of its lists that
 * have an end, and whether one of those reads its text (then kept). */
enum { ENDS_OWN = 1, ENDS_CHILD = 2, ENDS_GRAND = 4, ENDS_TEXT = 8 };

/* One name under one parent, valid for one parse (gen; 0 is an empty
 * slot).  The key is set by child_cache_add(), the rest by its caller. */
struct child_entry {
	uint64_t parent; /* the parent's hash */
	const char *name;
	unsigned gen;
	unsigned ends; /* what closing the element involves: ENDS_* bits */
	uint64_t hash;
	const struct hook *const *hooks, *const *child_hooks, *const *grand_hooks;
	size_t n_hooks, n_child_hooks, n_grand_hooks;
};

/* Entries, powers of two: it starts small (a small file has a few dozen
 * paths; zeroing the largest table for every small file cost more than its
 * look-ups saved) and doubles up to the most, kept at most half full. */
#define CHILD_CACHE_MIN 16
#define CHILD_CACHE_MAX 1024

/* Zeroed: empty, and no parse's. */
struct child_cache {
	struct child_entry *slots; /* n of them, made by the first child_cache_add() */
	size_t n, used;            /* used: entries of this parse */
	unsigned gen;              /* the parse the entries are for */
};

/* A new parse: its names are new pointers, and no entry holds. */
void child_cache_new_parse(struct child_cache *c);

/* The slot holding the key, or the empty one where it would go (the
 * table has one).  The multiply mixes the pointer's bits into the high
 * half. */
static inline size_t child_cache_slot(const struct child_cache *c, uint64_t parent,
				      const char *name)
{
	size_t s = (size_t)((parent ^ (uint64_t)(uintptr_t)name) * UINT64_C(0x9E3779B97F4A7C15) >>
			    32) &
		   (c->n - 1);
	while (c->slots[s].gen == c->gen &&
	       (c->slots[s].name != name || c->slots[s].parent != parent))
		s = (s + 1) & (c->n - 1);
	return s;
}

/* The entry for name under the parent hashed parent, in this parse; NULL
 * when there is none.  Inline: the scanner asks at every element. */
static inline const struct child_entry *child_cache_find(const struct child_cache *c,
							 uint64_t parent, const char *name)
{
	const struct child_entry *e;
	if (!c->slots)
		return NULL;
	e = &c->slots[child_cache_slot(c, parent, name)];
	return e->gen == c->gen ? e : NULL;
}

/* An entry for a key that child_cache_find() did not find, its key set:
 * in a bigger table, or, at the most entries, in the same one emptied
 * (only a file with that many distinct paths gets there).  Valid until the
 * next child_cache_add().  NULL when memory ran out. */
struct child_entry *child_cache_add(struct child_cache *c, uint64_t parent, const char *name);

/* Frees the table; c is left empty. */
void child_cache_free(struct child_cache *c);

#endif
