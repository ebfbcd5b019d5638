/*
 * suppress.h - inline suppressions applied to the finished findings of a
 * file (the directives were collected by the scanner: scan/directives.h).
 */
#ifndef HC_SUPPRESS_H
#define HC_SUPPRESS_H

#include "scan/directives.h"

/* The suppression covering a finding of rule at (tag_end, offset) of the
 * text the directives were read from, marked used, or NULL.  tag_end is
 * the finding's element (SIZE_MAX: none), offset where it points. */
const struct suppression *suppress_find(struct suppressions *s, enum rule_id rule, size_t tag_end,
					size_t offset);

#endif
