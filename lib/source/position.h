/*
 * position.h - line and column of a byte offset in a text.  Lines and
 * columns count from 1; columns count characters (UTF-8 sequences), not
 * bytes, as editors do.  CR, CRLF and LF each end a line, as in XML.
 */
#ifndef HC_POSITION_H
#define HC_POSITION_H

#include <stddef.h>

/* What one block of the text starts with: the line breaks and the
 * characters before it, and where the line holding its first byte starts
 * (and the characters before that). */
struct text_block {
	size_t lines, chars, line_start, line_chars;
};

/* A text's index, built at the first look-up: one entry per block of 512
 * bytes, so any offset is found by reading at most one block, whatever the
 * order of the look-ups and however long the lines (a 256 MiB file of line
 * breaks costs 32 bytes per block, not 8 per line).  Zeroed: not built
 * yet. */
struct text_index {
	struct text_block *blocks;
	size_t n;
	int failed; /* memory ran out: each look-up reads from the start */
};

/* Line and column of offset off of text (len bytes; off past the end is the
 * end).  Builds the index on first use. */
void text_locate(const char *text, size_t len, struct text_index *ix, size_t off, unsigned *line,
		 unsigned *col);

void text_index_free(struct text_index *ix);

#endif
