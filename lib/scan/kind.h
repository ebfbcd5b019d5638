/* kind.h - which kind of configuration a file is. */
#ifndef HC_KIND_H
#define HC_KIND_H

#include "scan/call.h"

/* The kind bits rules and hooks of kind are matched against: an IIS
 * Express file is IIS's applicationHost.config, read for secrets only
 * (kind_start_root turns secrets_only on for it). */
static inline unsigned kind_bits(hardconf_kind kind)
{
	return kind == HARDCONF_KIND_IISEXPRESS
		       ? HARDCONF_KIND_BIT(kind) | HARDCONF_KIND_BIT(HARDCONF_KIND_APPHOST)
		       : HARDCONF_KIND_BIT(kind);
}

/* The kind a file name suggests, before (or without) seeing its root. */
hardconf_kind kind_from_name(const char *name);

/* Decides the kind at the root element e (HC0009 for a root of no known
 * kind in the file linted); returns non-zero to stop: not a configuration
 * file, or a parent that is a transform. */
int kind_start_root(struct lint *l, const struct element *e);

/* Refines the kind by what only one kind holds, at the current path. */
void kind_refine(struct lint *l);

#endif
