/* parents.h - parents read once (hardconf_parents), as a lint call uses them. */
#ifndef HC_API_PARENTS_H
#define HC_API_PARENTS_H

#include "scan/call.h"

/* Starts the call l (just made) after the parents of h and then those of
 * chain (h may be NULL), reading again what cannot be shared; target is
 * the file linted.  Returns as read_parents(). */
int parents_read(struct lint *l, const hardconf_parents *h, const char *target,
		 const hardconf_chain *chain, hardconf_error *err);

/* Whether h was made for the file at path itself (a folder's web.config,
 * read whole with this linter): then *data and *len are its bytes as read
 * (h's, for as long as h lives) and *base what the file inherits (h's
 * base, or NULL), so that the file is linted without reading it again. */
int parents_own_bytes(const hardconf_parents *h, const hardconf_linter *linter, const char *path,
		      const char **data, size_t *len, const hardconf_parents **base);

#endif
