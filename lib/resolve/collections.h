/*
 * collections.h - configuration collections merged as the configuration
 * system merges them: what the files above left (where they reach the file
 * linted), then this file's <add>, <remove> and <clear/> in order.  Inside
 * a <location path> of the file itself the collection is a view of its own
 * that starts from the file's level and ends with the location.
 *
 * A rule reads the view of the scope it is in: in a hook of the collection
 * element's end, or of the scope's end, the whole scope has been merged.
 */
#ifndef HC_COLLECTIONS_H
#define HC_COLLECTIONS_H

#include "scan/lint.h"

enum collection_id {
#define COLLECTION(name, ...) COLLECTION_##name,
#include "resolve/collections.def"
#undef COLLECTION
	N_COLLECTIONS
};

struct collection_entry {
	char key[96];
	char kept[32];         /* the kept attribute's value, "" when absent */
	struct anchor at;      /* its <add>'s key attribute */
	struct anchor kept_at; /* the kept attribute, when written */
	int inherited;         /* added above the scope: in a file above, or (in a
				  <location path>'s view) at the file's level */
};

/* An entry this file's scope took away: the first <remove> of a key, or
 * the first <clear/> (key ""). */
struct collection_removal {
	char key[96];
	struct anchor at;
};

struct collection_view {
	struct collection_entry *entries;
	size_t n, cap;
	struct collection_removal *removals; /* this file's, in order */
	size_t n_removals, removals_cap;
};

/* The entries of collection id that rules ask about (the only ones kept):
 * *n of them. */
const char *const *collection_keys(enum collection_id id, size_t *n);

/* The view of collection id for the scope being scanned. */
const struct collection_view *collection_view(struct lint *l, enum collection_id id);

/* The entry with this key in view v, or NULL. */
const struct collection_entry *collection_find(const struct collection_view *v, const char *key);

extern const struct family family_collections;

#endif
