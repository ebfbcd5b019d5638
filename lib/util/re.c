/* re.c - PCRE2 behind re.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "util/re.h"

#include "hardconf.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef HC_PCRE2_LINKED
#include <dlfcn.h>
#endif

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

/* The PCRE2 functions a set calls, through these pointers.  PCRE2 is
 * loaded (dlopen) by the first search that needs a pattern, not when the
 * program starts: the secrets rules search only values a cheap prefilter
 * let through (rules/patterns.c), which 564 of the corpus's 595 files do
 * not have, and loading the library took some 60 us of a 1.7 ms one-file
 * run.  systemd loads its optional libraries, PCRE2 among them, the same
 * way.  Built with HC_PCRE2_LINKED (make PCRE2_LINK=linked) the pointers
 * are PCRE2's own, linked as usual, for a platform without dlopen or a
 * fully static program. */
struct pcre2 {
	void *library; /* dlopen's handle; NULL when linked */
	pcre2_general_context *(*general_context_create)(void *(*)(PCRE2_SIZE, void *),
							 void (*)(void *, void *), void *);
	void (*general_context_free)(pcre2_general_context *);
	pcre2_compile_context *(*compile_context_create)(pcre2_general_context *);
	void (*compile_context_free)(pcre2_compile_context *);
	pcre2_code *(*compile)(PCRE2_SPTR, PCRE2_SIZE, uint32_t, int *, PCRE2_SIZE *,
			       pcre2_compile_context *);
	pcre2_code *(*code_copy)(const pcre2_code *);
	void (*code_free)(pcre2_code *);
	int (*jit_compile)(pcre2_code *, uint32_t);
	pcre2_match_data *(*match_data_create)(uint32_t, pcre2_general_context *);
	void (*match_data_free)(pcre2_match_data *);
	int (*match)(const pcre2_code *, PCRE2_SPTR, PCRE2_SIZE, PCRE2_SIZE, uint32_t,
		     pcre2_match_data *, pcre2_match_context *);
	PCRE2_SIZE *(*ovector_pointer)(pcre2_match_data *);
};

#ifdef HC_PCRE2_LINKED
static int pcre2_load(struct pcre2 *api)
{
	*api = (struct pcre2){NULL,
			      pcre2_general_context_create,
			      pcre2_general_context_free,
			      pcre2_compile_context_create,
			      pcre2_compile_context_free,
			      pcre2_compile,
			      pcre2_code_copy,
			      pcre2_code_free,
			      pcre2_jit_compile,
			      pcre2_match_data_create,
			      pcre2_match_data_free,
			      pcre2_match,
			      pcre2_get_ovector_pointer};
	return HARDCONF_OK;
}

static void pcre2_unload(struct pcre2 *api)
{
	(void)api;
}
#else
/* The names PCRE2 exports: pcre2.h maps pcre2_compile to pcre2_compile_8. */
#define NAME_(f) #f
#define NAME(f) NAME_(f)

/* Stores the address of the library's function f in slot (size bytes): 1,
 * or 0 when it has none.  POSIX has dlsym's object pointer converted to a
 * function pointer; ISO C has no such conversion, so the bytes are copied. */
static int bind_function(void *library, const char *f, void *slot, size_t size)
{
	void *address = dlsym(library, f);
	if (!address || size != sizeof address)
		return 0;
	memcpy(slot, &address, size);
	return 1;
}

#define BIND(field, f) bind_function(api->library, NAME(f), &api->field, sizeof api->field)

static int pcre2_load(struct pcre2 *api)
{
	api->library = dlopen(HC_PCRE2_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (api->library && BIND(general_context_create, pcre2_general_context_create) &&
	    BIND(general_context_free, pcre2_general_context_free) &&
	    BIND(compile_context_create, pcre2_compile_context_create) &&
	    BIND(compile_context_free, pcre2_compile_context_free) &&
	    BIND(compile, pcre2_compile) && BIND(code_copy, pcre2_code_copy) &&
	    BIND(code_free, pcre2_code_free) && BIND(jit_compile, pcre2_jit_compile) &&
	    BIND(match_data_create, pcre2_match_data_create) &&
	    BIND(match_data_free, pcre2_match_data_free) && BIND(match, pcre2_match) &&
	    BIND(ovector_pointer, pcre2_get_ovector_pointer))
		return HARDCONF_OK;
	if (api->library)
		dlclose(api->library);
	api->library = NULL;
	return HARDCONF_ELIBRARY;
}

static void pcre2_unload(struct pcre2 *api)
{
	if (api->library)
		dlclose(api->library);
}

/* What a package manager reads to learn that the library needs PCRE2 at
 * run time though no DT_NEEDED says so: a .note.dlopen ELF note, as
 * systemd's ELF dlopen metadata specification sets out. */
#if defined(__ELF__) && defined(__GNUC__)
#define DLOPEN_NOTE                                                    \
	"[{\"feature\":\"pcre2\",\"description\":\"secret patterns\"," \
	"\"priority\":\"required\",\"soname\":[\"" HC_PCRE2_SONAME "\"]}]"
__attribute__((used, section(".note.dlopen"), aligned(4))) static const struct {
	uint32_t name_size, desc_size, type;
	char name[4];
	char desc[(sizeof DLOPEN_NOTE + 3) / 4 * 4];
} dlopen_note = {4, (sizeof DLOPEN_NOTE + 3) / 4 * 4, 0x407c0c0a, "FDO", DLOPEN_NOTE};
#endif
#endif

/* Patterns are compiled the first time a search needs them, and JIT-compiled
 * (into a second code object, swapped in) only once they have been used
 * JIT_AFTER times: a run over a small file pays for no pattern it does not
 * use and for no JIT compilation (together they took longer than parsing a
 * web.config), a big file gets the JIT.  Loading and compiling happen under
 * the lock; searches read the codes without it. */
#define JIT_AFTER 256
struct re_set {
	/* Made under the lock by the first search that needs them (contexts()):
	 * a run that searches nothing does not touch PCRE2. */
	struct pcre2 api;
	enum { UNLOADED, LOADED, UNLOADABLE } state;
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

/* A call's match data: PCRE2's, made by its first search (after PCRE2 is
 * loaded), and the set whose functions free it. */
struct re_match {
	const struct re_set *set;
	pcre2_match_data *data;
};

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
	for (size_t i = 0; set->state == LOADED && i < set->n; i++) {
		set->api.code_free(atomic_load(&set->codes[i]));
		if (set->jitted)
			set->api.code_free(atomic_load(&set->jitted[i]));
	}
	if (set->state == LOADED) {
		set->api.compile_context_free(set->compile);
		set->api.general_context_free(set->memory);
		pcre2_unload(&set->api);
	}
	pthread_mutex_destroy(&set->lock);
	free(set->sources);
	free(set->failed);
	free((void *)set->jitted);
	free((void *)set->uses);
	free(set);
}

/* PCRE2 and the contexts, made the first time (a library that would not
 * load is not tried again); the caller holds the lock.  HARDCONF_OK,
 * HARDCONF_ENOMEM or HARDCONF_ELIBRARY. */
static int contexts(struct re_set *set)
{
	if (set->state == UNLOADED)
		set->state = pcre2_load(&set->api) == HARDCONF_OK ? LOADED : UNLOADABLE;
	if (set->state == UNLOADABLE)
		return HARDCONF_ELIBRARY;
	if (!set->memory)
		set->memory = set->api.general_context_create(memory_get, memory_put, NULL);
	if (set->memory && !set->compile)
		set->compile = set->api.compile_context_create(set->memory);
	return set->compile ? HARDCONF_OK : HARDCONF_ENOMEM;
}

/* The compiled pattern i, compiling it on first use; NULL if it is not in
 * the set, or did not compile (a status in *rc when memory ran out or
 * PCRE2 would not load).  A code found means PCRE2 is loaded: the acquire
 * that finds it sees the functions and contexts made before it. */
static pcre2_code *code_of(const struct re_set *cset, size_t i, int *rc)
{
	struct re_set *set = (struct re_set *)(uintptr_t)cset; /* the lazy part is ours */
	pcre2_code *code = atomic_load_explicit(&set->jitted[i], memory_order_acquire);
	int status;
	if (code)
		return code;
	code = atomic_load_explicit(&set->codes[i], memory_order_acquire);
	if (code && set->jit &&
	    atomic_fetch_add_explicit(&set->uses[i], 1, memory_order_relaxed) == JIT_AFTER) {
		/* Exactly one search gets here: it compiles the JIT copy. */
		pcre2_code *copy = set->api.code_copy(code);
		if (copy && set->api.jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
			atomic_store_explicit(&set->jitted[i], copy, memory_order_release);
			return copy;
		}
		set->api.code_free(copy);
	}
	if (code || !set->sources[i])
		return code;
	pthread_mutex_lock(&set->lock);
	code = atomic_load_explicit(&set->codes[i], memory_order_relaxed);
	if (!code && !set->failed[i] && (status = contexts(set)) != HARDCONF_OK) {
		*rc = status;
	} else if (!code && !set->failed[i]) {
		int error;
		PCRE2_SIZE offset;
		code = set->api.compile((PCRE2_SPTR)set->sources[i], PCRE2_ZERO_TERMINATED,
					COMPILE_OPTIONS, &error, &offset, set->compile);
		if (code) {
			atomic_store_explicit(&set->codes[i], code, memory_order_release);
		} else if (error == PCRE2_ERROR_NOMEMORY || error == PCRE2_ERROR_HEAP_FAILED) {
			*rc = HARDCONF_ENOMEM;
		} else {
			set->failed[i] = 1;
		}
	}
	pthread_mutex_unlock(&set->lock);
	return code;
}

struct re_match *re_match_new(const struct re_set *set)
{
	struct re_match *m = calloc(1, sizeof *m);
	if (m)
		m->set = set;
	return m;
}

void re_match_free(struct re_match *m)
{
	if (m && m->data)
		m->set->api.match_data_free(m->data);
	free(m);
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
	if (!m->data && !(m->data = set->api.match_data_create(MAX_GROUPS, set->memory)))
		return HARDCONF_ENOMEM;
	rc = set->api.match(code, (PCRE2_SPTR)text, len, start, 0, m->data, NULL);
	if (rc == PCRE2_ERROR_NOMEMORY)
		return HARDCONF_ENOMEM;
	/* No match, or a match or heap limit: nothing that can be reported. */
	if (rc < 0)
		return 0;
	ovector = set->api.ovector_pointer(m->data);
	*from = ovector[0];
	*to = ovector[1];
	return 1;
}

int re_group(const struct re_match *m, unsigned g, size_t *from, size_t *to)
{
	PCRE2_SIZE *ovector = m->data ? m->set->api.ovector_pointer(m->data) : NULL;

	/* The match data was made with MAX_GROUPS pairs. */
	if (!ovector || g >= MAX_GROUPS || ovector[2 * (size_t)g] == PCRE2_UNSET)
		return 0;
	*from = ovector[2 * (size_t)g];
	*to = ovector[2 * (size_t)g + 1];
	return 1;
}
