/* variants.c - a parent handle's variants, found by their signatures. */
#include "api/variants.h"

#include "api/call.h"

#include <stdlib.h>
#include <string.h>

void variant_free(struct variant *v)
{
	if (!v)
		return;
	if (v->call.linter)
		call_free(&v->call);
	free(v->ones);
	free(v);
}

/* Whether v answers as sig (n bytes) does. */
static int variant_is(const struct variant *v, const char *sig, size_t n, uint64_t hash)
{
	const char *p = sig;
	if (v->hash != hash || v->len != n)
		return 0;
	for (size_t j = 0; j < v->n_ones; j++, p++)
		if (!(p = memchr(p, '1', n - (size_t)(p - sig))) || (size_t)(p - sig) != v->ones[j])
			return 0;
	return !memchr(p, '1', n - (size_t)(p - sig));
}

int variant_answers(struct variant *v, const char *sig, size_t n, uint64_t hash)
{
	size_t count = 0;
	for (const char *p = sig; (p = memchr(p, '1', n - (size_t)(p - sig))) != NULL; p++)
		count++;
	if (count && !(v->ones = malloc(count * sizeof *v->ones)))
		return -1;
	for (const char *p = sig; (p = memchr(p, '1', n - (size_t)(p - sig))) != NULL; p++)
		v->ones[v->n_ones++] = (size_t)(p - sig);
	v->len = n;
	v->hash = hash;
	return 0;
}

/* A signature's hash: its length and where its '1's are (found by memchr:
 * most of a long one are '0's). */
uint64_t signature_hash(const char *sig, size_t n)
{
	uint64_t h = (uint64_t)n * UINT64_C(0x9E3779B97F4A7C15);
	for (const char *p = sig; (p = memchr(p, '1', n - (size_t)(p - sig))) != NULL; p++)
		h = (h ^ (uint64_t)(p - sig)) * UINT64_C(0x9E3779B97F4A7C15);
	return h ^ h >> 29;
}

/* The slot of t holding the variant for signature sig (n bytes, hashed),
 * or the free one it would take (sig NULL: the first free one for hash).
 * t has slots. */
static struct variant **variant_slot(const struct variants *t, const char *sig, size_t n,
				     uint64_t hash)
{
	size_t i = (size_t)hash & (t->cap - 1);
	while (t->slots[i] && !(sig && variant_is(t->slots[i], sig, n, hash)))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

struct variant *find_variant(const struct variants *t, const char *sig, size_t n, uint64_t hash)
{
	return t->cap ? *variant_slot(t, sig, n, hash) : NULL;
}

/* Empties t: the variants no call uses are freed, the others marked. */
static void drop_all(struct variants *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		struct variant *v = t->slots[i];
		if (!v)
			continue;
		v->kept = 0;
		if (!v->refs)
			variant_free(v);
		t->slots[i] = NULL;
	}
	t->count = 0;
}

int variant_let_go(struct variant *v)
{
	return --v->refs == 0 && !v->kept;
}

int add_variant(struct variants *t, struct variant *v, size_t max)
{
	/* All at once, not the least used: a walk is through with a folder's
	 * variant when it leaves the folder, and what it asks again is made
	 * again, once. */
	if (t->count >= max)
		drop_all(t);
	if (2 * (t->count + 1) > t->cap) {
		struct variants grown = {NULL, t->cap ? 2 * t->cap : 16, t->count};
		/* An array of pointers: the size of one pointer is meant. */
		/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
		if (!(grown.slots = calloc(grown.cap, sizeof *grown.slots)))
			return -1;
		for (size_t i = 0; i < t->cap; i++)
			if (t->slots[i])
				*variant_slot(&grown, NULL, 0, t->slots[i]->hash) = t->slots[i];
		free(t->slots);
		*t = grown;
	}
	*variant_slot(t, NULL, 0, v->hash) = v;
	t->count++;
	v->kept = 1;
	return 0;
}
