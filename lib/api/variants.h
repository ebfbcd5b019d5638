/*
 * variants.h - a parent handle's variants: the state it passes to the files
 * below it whose <location>s answer alike (api/parents.c), found by the
 * signature of those answers: a byte per location, '1' where it reaches
 * the file, '0' elsewhere.
 */
#ifndef HC_API_VARIANTS_H
#define HC_API_VARIANTS_H

#include "scan/call.h"

#include <stddef.h>
#include <stdint.h>

/* The state for the files whose locations answer a signature of len
 * bytes with '1' at ones[0..n_ones) and '0' elsewhere (hash:
 * signature_hash() of it).  Kept by where its '1's are: a site with a
 * location for each of its N folders has N variants, and their signatures
 * kept whole held N * N bytes. */
struct variant {
	size_t *ones, n_ones, len;
	uint64_t hash;
	/* Under the handle's lock: the calls using it, and whether the table
	 * still holds it (it is freed when neither does). */
	size_t refs;
	int kept;
	struct lint call;
};

/* A handle's variants by their signatures' hashes, at most half full.  A
 * site's web.config with a location for each folder below it has a variant
 * for each: a list of them, walked for every file, cost more than linting
 * the files (4,000 folders).  At most a linter's variants_kept of them
 * (about 10 KB each): a walk asks for each folder's while it is in that
 * folder, and 8,000 folders kept 92 MB. */
struct variants {
	struct variant **slots;
	size_t cap, count;
};

/* A signature's hash: its length and where its '1's are. */
uint64_t signature_hash(const char *sig, size_t n);

/* Sets v's answers to those of sig (n bytes, hashed): where its '1's are.
 * Returns 0, or -1 when memory ran out. */
int variant_answers(struct variant *v, const char *sig, size_t n, uint64_t hash);

/* The variant of t that answers as sig (n bytes, hashed), or NULL. */
struct variant *find_variant(const struct variants *t, const char *sig, size_t n, uint64_t hash);

/* Adds v, whose answers t does not hold yet, first dropping every variant
 * when t holds max (those in use are freed by the last to let go, in
 * variant_let_go()); -1 when memory ran out. */
int add_variant(struct variants *t, struct variant *v, size_t max);

/* One fewer call uses v: returns whether it is to be freed (no call uses
 * it and the table dropped it).  Under the handle's lock. */
int variant_let_go(struct variant *v);

/* Frees v and its state (NULL: nothing). */
void variant_free(struct variant *v);

#endif
