/* kind.h - which kind of configuration a file is. */
#ifndef HC_KIND_H
#define HC_KIND_H

#include "scan/call.h"

/* The kind a file name suggests, before (or without) seeing its root. */
hardconf_kind kind_from_name(const char *name);

/* Decides the kind at the root element e (HC0009 for a root of no known
 * kind in the file linted); returns non-zero to stop: not a configuration
 * file, or a parent that is a transform. */
int kind_start_root(struct lint *l, const struct element *e);

/* Refines the kind by what only one kind holds, at the current path. */
void kind_refine(struct lint *l);

#endif
