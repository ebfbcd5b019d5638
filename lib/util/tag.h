/*
 * tag.h - re-reading a start tag in the raw text.  The parser gives only the
 * offset where a tag ends; findings need where the tag and its attributes
 * begin, so the few that need a position re-read the tag.
 */
#ifndef HC_TAG_H
#define HC_TAG_H

#include <stddef.h>

/* The offset of the '<' that opens the start tag ending at tag_end ('<'
 * cannot occur inside a tag), or 0. */
size_t tag_start(const char *text, size_t tag_end);

/* Finds attribute name (compared in ASCII case-insensitively when ci) in the
 * start tag ending at tag_end: *start at its name, *end past its closing
 * quote.  Returns 0 when the tag has no such attribute. */
int tag_attr(const char *text, size_t tag_end, const char *name, int ci, size_t *start,
	     size_t *end);

/* Where the attributes of a start tag are, one after the other: *i starts
 * at the tag's '<' (tag_start()) and moves past each attribute read.
 * Returns 1 with its name at [*name, *name_end) and *end past its closing
 * quote, or 0 at the end of the tag. */
int tag_next_attr(const char *text, size_t tag_end, size_t *i, size_t *name, size_t *name_end,
		  size_t *end);

#endif
