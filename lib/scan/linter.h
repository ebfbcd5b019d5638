/* linter.h - the configured, immutable linter: enabled rules and the hook
 * index that dispatches elements by path.  Built by api/linter.c from the
 * rule families (rules/, resolve/locks.c); read by the scanner. */
#ifndef HC_LINTER_H
#define HC_LINTER_H

#include "model/rules.h"
#include "scan/lint.h"
#include "util/util.h"

#include <stdint.h>

struct hook_slot {
	uint64_t key;    /* index_key() of the path; 0: empty */
	size_t first, n; /* range in hardconf_linter.hooks */
};

struct hardconf_linter {
	size_t max_file_size, max_value_length;
	unsigned max_depth, max_attributes, max_findings;
	unsigned work_budget; /* units of work per byte of a file (scan/call.h) */
	int no_jit;           /* HARDCONF_NO_JIT */
	int source_lines;     /* HARDCONF_SOURCE_LINES */
	size_t stream_from;   /* 0: linter_stream_from()'s sizes; tests set one */
	size_t resume_from;   /* 0: RESUME_FROM; tests set one */
	size_t variants_kept; /* 0: VARIANTS_KEPT; tests set one */
	unsigned char enabled[RULE_COUNT];
	hardconf_severity severity[RULE_COUNT];
	const struct hook **hooks;  /* all hooks, grouped by path */
	unsigned char *hook_family; /* for each of hooks, its family's index in families */
	unsigned char *hook_runs;   /* for each of hooks, its family's HOOK_RUNS_* bits */
	size_t n_hooks;
	struct hook_slot *slots; /* open addressing, power of two */
	size_t n_slots;
	int has_grand_hooks;        /* a hook's path has a "*" between two names */
	size_t longest_path;        /* the longest hook path's length */
	void *shared[MAX_FAMILIES]; /* per family, in the order of families[] */
	/* Per family: none of the rules it reports is enabled, so its hooks
	 * are left out of the index (0: they run). */
	unsigned char family_idle[MAX_FAMILIES];
	const struct family *const *families; /* every family, in the order hooks run */
	size_t n_families;
};

/* Where a hook runs besides the file linted, from its family (read at
 * every element: one byte beside the hook, not two loads through the
 * family). */
enum {
	HOOK_RUNS_IN_PARENTS = 1, /* family.chained: in the parents read as context */
	HOOK_RUNS_FOR_SECRETS = 2 /* family.secrets: where only secrets are read */
};

/* Files from this size on are streamed rather than read whole: memory
 * stays flat, and a file this large pays nothing for it. */
#define STREAM_FROM ((size_t)1 << 20)

/* Parents from this size on are streamed.  Larger than for the file
 * linted: a streamed parent keeps its file open while files below it are
 * linted (a walk keeps each parent's until the end), and one read whole
 * below this size stays within the memory a streamed file is allowed. */
#define PARENT_STREAM_FROM ((size_t)16 << 20)

/* The size from which l streams a file linted, or a parent (tests set a
 * smaller one for both). */
static inline size_t linter_stream_from(const hardconf_linter *l, int parent)
{
	return l->stream_from ? l->stream_from : parent ? PARENT_STREAM_FROM : STREAM_FROM;
}

/* A parent's variant picks up after the content before its first weighed
 * <location> (scan/resume.c) when that is at least this long; shorter
 * content is parsed again: taking the kept state costs about what parsing
 * 600 bytes does (a site whose 2,000 locations come right after its root
 * was 4% slower picking up after a few spaces). */
#define RESUME_FROM ((size_t)4 << 10)

static inline size_t linter_resume_from(const hardconf_linter *l)
{
	return l->resume_from ? l->resume_from : RESUME_FROM;
}

/* The most variants a parents handle keeps (api/variants.h): about 2.5 MB
 * of them. */
#define VARIANTS_KEPT 256

static inline size_t linter_variants_kept(const hardconf_linter *l)
{
	return l->variants_kept ? l->variants_kept : VARIANTS_KEPT;
}

/* Paths are hashed with FNV-1a, incrementally: the state of "a/b" is the
 * state of "a" continued with "/b", so the scanner hashes each name once. */
static inline uint64_t path_hash_start(void)
{
	return FNV1A_START;
}

static inline uint64_t path_hash_more(uint64_t state, const char *s, size_t len)
{
	return fnv1a(state, s, len);
}

/* Builds the hook index of l from its families (set before).  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
int linter_index(hardconf_linter *l);

/* Hook paths are shorter than this (tests/test_rules.c checks): a key is
 * put together on the stack. */
#define HOOK_PATH_MAX 256

/* The hooks for the path of len bytes: *n of them from the returned array
 * (NULL if none).  With children set, the hooks for any child of the path
 * (the key: the path, "/", "*"). */
const struct hook *const *linter_hooks(const hardconf_linter *l, const char *path, size_t len,
				       int children, size_t *n);

/* The hooks keyed "<grandparent>/ * /<name>" (a "*" between two names: any
 * element in the middle, e.g. NuGet's packageSourceCredentials/ * /add),
 * for an element whose grandparent's path is path[0, len) and whose own
 * name is tail ("/name", tail_len bytes).  NULL and *n 0 when the linter
 * has no such hooks. */
const struct hook *const *linter_grand_hooks(const hardconf_linter *l, const char *path, size_t len,
					     const char *tail, size_t tail_len, size_t *n);

#endif
