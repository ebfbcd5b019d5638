/*
 * re.h - the only door to PCRE2.  The rest of the library sees sets of
 * compiled patterns and byte offsets, never pcre2_code or its contexts.
 *
 * A set is compiled once per linter and then only read, so every thread
 * may search it at once; each lint call searches with its own match data.
 * Patterns are UTF-8 and match UTF-8 text in which an invalid sequence (a
 * character cut by a length limit) only fails to match, never stops the
 * search.  Memory comes from malloc and free.  Nothing here prints.
 *
 * PCRE2 itself is loaded by the first search that needs a pattern (re.c
 * says why); a program that never searches never loads it.
 */
#ifndef HC_RE_H
#define HC_RE_H

#include <stddef.h>

/* The soname PCRE2 is loaded by (the Makefile's PCRE2_SONAME). */
#ifndef HC_PCRE2_SONAME
#define HC_PCRE2_SONAME "libpcre2-8.so.0"
#endif

struct re_set;   /* compiled patterns: immutable, shareable by threads */
struct re_match; /* match data: one user at a time */

/* A set of patterns[i] for each i < n with wanted[i] non-zero (the strings
 * must outlive the set), each compiled the first time a search needs it
 * (JIT-compiled where PCRE2 supports it, if jit); the others stay out of the set and never match.
 * Returns NULL when memory runs out; a pattern that does not compile (a bug
 * in the caller's table) never matches. */
struct re_set *re_set_new(const char *const *patterns, const unsigned char *wanted, size_t n,
			  int jit);
void re_set_free(struct re_set *set);

/* Match data for searches in set, or NULL when memory runs out.  The
 * caller frees it with re_match_free(), before the set. */
struct re_match *re_match_new(const struct re_set *set);
void re_match_free(struct re_match *m);

/* Searches text[start, len) for pattern i of set.  Returns 1 and the
 * match's byte range [*from, *to), 0 when there is no match (or the pattern
 * is not in the set, or PCRE2 gave up on a match limit), HARDCONF_ENOMEM
 * when memory ran out, HARDCONF_ELIBRARY when PCRE2 could not be loaded
 * (then every search of the set does so).  start must be 0 or the end of an
 * earlier match. */
int re_search(const struct re_set *set, size_t i, struct re_match *m, const char *text, size_t len,
	      size_t start, size_t *from, size_t *to);

/* The byte range of capture group g of the last successful search with m:
 * 1, or 0 when the group did not take part in the match. */
int re_group(const struct re_match *m, unsigned g, size_t *from, size_t *to);

#endif
