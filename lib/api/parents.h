/* parents.h - parents read once (hardconf_parents), as a lint call uses them. */
#ifndef HC_API_PARENTS_H
#define HC_API_PARENTS_H

#include "scan/call.h"

/* Starts the call l (just made) after the parents of h and then those of
 * chain (h may be NULL), reading again what cannot be shared; target is
 * the file linted.  Returns as read_parents(). */
int parents_read(struct lint *l, const hardconf_parents *h, const char *target,
		 const hardconf_chain *chain, hardconf_error *err);

#endif
