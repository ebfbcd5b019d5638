/* linter.h - the configured, immutable linter: enabled rules and the hook
 * index that dispatches elements by path. */
#ifndef HC_LINTER_H
#define HC_LINTER_H

#include "lint.h"
#include "rules.h"

#include <stdint.h>

struct hook_slot {
	uint64_t hash;   /* 0: empty */
	size_t first, n; /* range in hardconf_linter.hooks */
};

struct hardconf_linter {
	size_t max_file_size, max_value_length;
	unsigned max_depth, max_attributes, max_findings;
	unsigned char enabled[RULE_COUNT];
	hardconf_severity severity[RULE_COUNT];
	const struct hook **hooks; /* all hooks, grouped by path */
	size_t n_hooks;
	struct hook_slot *slots; /* open addressing, power of two */
	size_t n_slots;
};

/* FNV-1a over a path string; never 0. */
uint64_t path_hash(const char *path, size_t len);

/* The hooks for a path: *n of them from the returned array (NULL if none).
 * With children set, the hooks for any child of path (the key "path/" followed by "*"). */
const struct hook *const *linter_hooks(const hardconf_linter *l, const char *path, size_t len,
				       int children, size_t *n);

#endif
