/* re.c - PCRE2 behind re.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>

/* Capture groups a search records: the tables' patterns use fewer. */
#define MAX_GROUPS 8

/* UTF mode keeps a match from ending inside a character; a text cut inside
 * one (element text stops at the linter's maximum value length) must still
 * be searched, which PCRE2_MATCH_INVALID_UTF (10.34) allows.  Older PCRE2
 * searches bytes: the patterns are ASCII, so they find the same things. */
#ifdef PCRE2_MATCH_INVALID_UTF
#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
#else
#define COMPILE_OPTIONS 0
#endif

struct re_set {
	pcre2_general_context *memory; /* malloc and free, for codes and match data */
	size_t n;
	pcre2_code *codes[]; /* NULL for a pattern not wanted */
};

/* PCRE2's match data is the match: the pointer is only ever converted back. */
static pcre2_match_data *match_data(const struct re_match *m)
{
	return (pcre2_match_data *)(uintptr_t)(const void *)m;
}

static void *memory_get(PCRE2_SIZE size, void *unused)
{
	(void)unused;
	return malloc(size);
}

static void memory_put(void *p, void *unused)
{
	(void)unused;
	free(p);
}

struct re_set *re_set_new(const char *const *patterns, const unsigned char *wanted, size_t n,
			  int jit)
{
	struct re_set *set = calloc(1, sizeof *set + n * sizeof set->codes[0]);
	pcre2_compile_context *context = NULL;

	if (!set)
		return NULL;
	set->n = n;
	set->memory = pcre2_general_context_create(memory_get, memory_put, NULL);
	if (set->memory)
		context = pcre2_compile_context_create(set->memory);
	if (!context)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		int error;
		PCRE2_SIZE offset;
		if (!wanted[i])
			continue;
		set->codes[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
					      COMPILE_OPTIONS, &error, &offset, context);
		if (!set->codes[i])
			goto fail;
		/* Without JIT support (or memory for it) pcre2_match interprets
		 * the pattern: slower, same results. */
		if (jit)
			(void)pcre2_jit_compile(set->codes[i], PCRE2_JIT_COMPLETE);
	}
	pcre2_compile_context_free(context);
	return set;
fail:
	pcre2_compile_context_free(context);
	re_set_free(set);
	return NULL;
}

void re_set_free(struct re_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		pcre2_code_free(set->codes[i]);
	pcre2_general_context_free(set->memory);
	free(set);
}

struct re_match *re_match_new(const struct re_set *set)
{
	pcre2_match_data *data = pcre2_match_data_create(MAX_GROUPS, set->memory);
	return (struct re_match *)(void *)data;
}

void re_match_free(struct re_match *m)
{
	if (m)
		pcre2_match_data_free(match_data(m));
}

int re_search(const struct re_set *set, size_t i, struct re_match *m, const char *text, size_t len,
	      size_t start, size_t *from, size_t *to)
{
	PCRE2_SIZE *ovector;
	int rc;

	if (i >= set->n || !set->codes[i] || start > len)
		return 0;
	rc = pcre2_match(set->codes[i], (PCRE2_SPTR)text, len, start, 0, match_data(m), NULL);
	if (rc == PCRE2_ERROR_NOMEMORY)
		return -1;
	/* No match, or a match or heap limit: nothing that can be reported. */
	if (rc < 0)
		return 0;
	ovector = pcre2_get_ovector_pointer(match_data(m));
	*from = ovector[0];
	*to = ovector[1];
	return 1;
}

int re_group(const struct re_match *m, unsigned g, size_t *from, size_t *to)
{
	pcre2_match_data *data = match_data(m);
	PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);

	if (g >= pcre2_get_ovector_count(data) || ovector[2 * g] == PCRE2_UNSET)
		return 0;
	*from = ovector[2 * g];
	*to = ovector[2 * g + 1];
	return 1;
}
