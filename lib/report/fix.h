/*
 * fix.h - a finding's mechanical fix (edits of the file's bytes that make
 * its value the secure one) and the source lines around it.
 */
#ifndef HC_FIX_H
#define HC_FIX_H

#include "scan/call.h"

/* Gives the finding added last to the report, made from p and located at
 * start..end of file (where it was written), its fix when p offers one and
 * the file's bytes can take it, and its context.  Out of memory, it goes
 * without. */
void fix_attach(struct lint *l, const struct pending *p, size_t file, size_t start, size_t end);

#endif
