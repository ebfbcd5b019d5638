/* re.c - PCRE2 behind re.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/re.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* Patterns are compiled the first time a search needs them, and JIT-compiled
 * (into a second code object, swapped in) only once they have been used
 * JIT_AFTER times: a run over a small file pays for no pattern it does not
 * use and for no JIT compilation (together they took longer than parsing a
 * web.config), a big file gets the JIT.  Compiling happens under the lock;
 * searches read the codes without it. */
#define JIT_AFTER 256
struct re_set {
	/* Made under the lock by the first search that needs them (contexts()):
	 * a run that searches nothing does not touch PCRE2. */
	pcre2_general_context *memory; /* malloc and free, for codes and match data */
	pcre2_compile_context *compile;
	pthread_mutex_t lock;
	int jit;
	size_t n;
	const char **sources;          /* NULL for a pattern not wanted */
	unsigned char *failed;         /* compiling it failed: it never matches */
	_Atomic(pcre2_code *) *jitted; /* the JIT-compiled copy, once there is one */
	atomic_uint *uses;
	_Atomic(pcre2_code *) codes[];
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
	if (!set)
		return NULL;
	set->n = n;
	set->jit = jit;
	pthread_mutex_init(&set->lock, NULL);
	set->sources = calloc(n ? n : 1, sizeof *set->sources);
	set->failed = calloc(n ? n : 1, 1);
	set->jitted = calloc(n ? n : 1, sizeof *set->jitted);
	set->uses = calloc(n ? n : 1, sizeof *set->uses);
	if (!set->sources || !set->failed || !set->jitted || !set->uses) {
		re_set_free(set);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		atomic_init(&set->codes[i], NULL);
		atomic_init(&set->jitted[i], NULL);
		atomic_init(&set->uses[i], 0);
		set->sources[i] = wanted[i] ? patterns[i] : NULL;
	}
	return set;
}

void re_set_free(struct re_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; set->memory && i < set->n; i++) {
		pcre2_code_free(atomic_load(&set->codes[i]));
		if (set->jitted)
			pcre2_code_free(atomic_load(&set->jitted[i]));
	}
	if (set->memory) {
		pcre2_compile_context_free(set->compile);
		pcre2_general_context_free(set->memory);
	}
	pthread_mutex_destroy(&set->lock);
	free(set->sources);
	free(set->failed);
	free((void *)set->jitted);
	free((void *)set->uses);
	free(set);
}

/* The contexts, made the first time; the caller holds the lock.  0, or -1
 * when memory ran out. */
static int contexts(struct re_set *set)
{
	if (!set->memory)
		set->memory = pcre2_general_context_create(memory_get, memory_put, NULL);
	if (set->memory && !set->compile)
		set->compile = pcre2_compile_context_create(set->memory);
	return set->compile ? 0 : -1;
}

/* The compiled pattern i, compiling it on first use; NULL if it is not in
 * the set, or did not compile (-1 in *rc when memory ran out). */
static pcre2_code *code_of(const struct re_set *cset, size_t i, int *rc)
{
	struct re_set *set = (struct re_set *)(uintptr_t)cset; /* the lazy part is ours */
	pcre2_code *code = atomic_load_explicit(&set->jitted[i], memory_order_acquire);
	if (code)
		return code;
	code = atomic_load_explicit(&set->codes[i], memory_order_acquire);
	if (code && set->jit &&
	    atomic_fetch_add_explicit(&set->uses[i], 1, memory_order_relaxed) == JIT_AFTER) {
		/* Exactly one search gets here: it compiles the JIT copy. */
		pcre2_code *copy = pcre2_code_copy(code);
		if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
			atomic_store_explicit(&set->jitted[i], copy, memory_order_release);
			return copy;
		}
		pcre2_code_free(copy);
	}
	if (code || !set->sources[i])
		return code;
	pthread_mutex_lock(&set->lock);
	code = atomic_load_explicit(&set->codes[i], memory_order_relaxed);
	if (!code && !set->failed[i] && contexts(set) != 0) {
		*rc = -1;
	} else if (!code && !set->failed[i]) {
		int error;
		PCRE2_SIZE offset;
		code = pcre2_compile((PCRE2_SPTR)set->sources[i], PCRE2_ZERO_TERMINATED,
				     COMPILE_OPTIONS, &error, &offset, set->compile);
		if (code) {
			atomic_store_explicit(&set->codes[i], code, memory_order_release);
		} else if (error == PCRE2_ERROR_NOMEMORY || error == PCRE2_ERROR_HEAP_FAILED) {
			*rc = -1;
		} else {
			set->failed[i] = 1;
		}
	}
	pthread_mutex_unlock(&set->lock);
	return code;
}

struct re_match *re_match_new(const struct re_set *cset)
{
	struct re_set *set = (struct re_set *)(uintptr_t)cset; /* the lazy part is ours */
	pcre2_match_data *data = NULL;
	pthread_mutex_lock(&set->lock);
	if (contexts(set) == 0)
		data = pcre2_match_data_create(MAX_GROUPS, set->memory);
	pthread_mutex_unlock(&set->lock);
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
	pcre2_code *code;
	int rc = 0;

	if (i >= set->n || start > len)
		return 0;
	code = code_of(set, i, &rc);
	if (!code)
		return rc;
	rc = pcre2_match(code, (PCRE2_SPTR)text, len, start, 0, match_data(m), NULL);
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

	if (g >= pcre2_get_ovector_count(data) || ovector[2 * (size_t)g] == PCRE2_UNSET)
		return 0;
	*from = ovector[2 * (size_t)g];
	*to = ovector[2 * (size_t)g + 1];
	return 1;
}
