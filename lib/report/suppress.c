/*
 * suppress.c - inline suppressions applied to finished findings.
 *
 * A finding is matched against the suppressions of its rule only, found by
 * binary search: the first call indexes a file's suppressions by rule and
 * kind.  Within one rule and kind, items in the order they were written
 * have starts and ends that never decrease (a disable's range starts after
 * its comment and ends at the next enable of its rule, which ends every
 * disable of it still open; a next-line suppression covers its element's
 * line, and elements come in order).  So the first item (as written)
 * covering an offset is the first of those starting at or before it whose
 * end lies past it: the same one a walk over every item finds first.
 */
#include "report/suppress.h"

#include <stdint.h>
#include <stdlib.h>

/* The index: per key (rule * 2 + kind: 0 a disable, 1 a bound next-line
 * suppression), where its items start in the list; then the item numbers,
 * grouped by key, in the order written. */
#define N_KEYS (2 * (size_t)RULE_COUNT)

static size_t key_of(const struct suppression *x)
{
	return 2 * (size_t)x->rule + (x->next_element ? 1 : 0);
}

static int indexed(const struct suppression *x)
{
	return !x->next_element || x->bound;
}

static int build(struct suppressions *s)
{
	size_t *first, *list, *at;
	s->index = calloc(2 * N_KEYS + 1 + s->n, sizeof *s->index);
	if (!s->index)
		return -1;
	first = s->index;
	at = first + N_KEYS + 1;
	list = at + N_KEYS;
	for (size_t i = 0; i < s->n; i++)
		if (indexed(&s->items[i]))
			first[key_of(&s->items[i]) + 1]++;
	for (size_t k = 0; k < N_KEYS; k++) {
		first[k + 1] += first[k];
		at[k] = first[k];
	}
	for (size_t i = 0; i < s->n; i++)
		if (indexed(&s->items[i]))
			list[at[key_of(&s->items[i])]++] = i;
	return 0;
}

/* The first of the n items at ids (starts and ends never decreasing) whose
 * range holds offset, or SIZE_MAX. */
static size_t first_covering(const struct suppression *items, const size_t *ids, size_t n,
			     size_t offset)
{
	size_t lo = 0, hi = n, k;
	/* k: how many start at or before offset. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[ids[mid]].start <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo;
	/* The first of those ending past it. */
	lo = 0;
	hi = k;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[ids[mid]].end > offset)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < k ? ids[lo] : SIZE_MAX;
}

/* The first of the n next-line items at ids bound to the element at
 * tag_end (tag_end never decreases), or SIZE_MAX. */
static size_t first_bound_to(const struct suppression *items, const size_t *ids, size_t n,
			     size_t tag_end)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[ids[mid]].tag_end < tag_end)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && items[ids[lo]].tag_end == tag_end ? ids[lo] : SIZE_MAX;
}

static size_t earlier(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The same search over every item, for when memory ran out. */
static size_t walk(const struct suppressions *s, enum rule_id rule, size_t tag_end, size_t offset)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct suppression *x = &s->items[i];
		if (x->rule != rule || !indexed(x))
			continue;
		if ((x->next_element && x->tag_end == tag_end) ||
		    (offset >= x->start && offset < x->end))
			return i;
	}
	return SIZE_MAX;
}

const struct suppression *suppress_find(struct suppressions *s, enum rule_id rule, size_t tag_end,
					size_t offset)
{
	size_t found;
	if (s->n == 0)
		return NULL;
	if (!s->index && build(s) != 0) {
		found = walk(s, rule, tag_end, offset);
	} else {
		const size_t *first = s->index, *list = first + 2 * N_KEYS + 1;
		size_t k = 2 * (size_t)rule;
		const size_t *ranges = list + first[k], *lines = list + first[k + 1];
		size_t n_ranges = first[k + 1] - first[k], n_lines = first[k + 2] - first[k + 1];
		found = earlier(first_covering(s->items, ranges, n_ranges, offset),
				earlier(first_covering(s->items, lines, n_lines, offset),
					first_bound_to(s->items, lines, n_lines, tag_end)));
	}
	if (found == SIZE_MAX)
		return NULL;
	s->items[found].used = 1;
	return &s->items[found];
}
