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
	size_t n, cap;  /* cap: room for, when built a piece at a time */
	int failed;     /* memory ran out: each look-up reads from the start */
	unsigned shift; /* blocks of 1 << shift bytes; 0: 512 */
};

/* An index built as the text goes by, a piece at a time (a streamed file):
 * the state so far, and a CR held back until the byte after it is known
 * (CRLF ends one line). */
struct text_feed {
	struct text_block s;
	size_t off;
	int held_cr;
};

/* Line and column of offset off of text (len bytes; off past the end is the
 * end).  Builds the index on first use. */
void text_locate(const char *text, size_t len, struct text_index *ix, size_t off, unsigned *line,
		 unsigned *col);

/* Builds ix, the index of text (len bytes), unless it is built (or memory
 * ran out building it). */
void text_index_build(const char *text, size_t len, struct text_index *ix);

/* text_locate() with ix built already: read only, so threads may share it. */
void text_locate_in(const struct text_index *ix, const char *text, size_t len, size_t off,
		    unsigned *line, unsigned *col);

void text_index_free(struct text_index *ix);

/* Indexes the next n bytes of a text (ix->shift set, ix and feed zeroed at
 * the start); at_end: they are its last.  Memory running out sets
 * ix->failed. */
void text_index_feed(struct text_index *ix, struct text_feed *feed, const char *t, size_t n,
		     int at_end);

/* The state at the start of the block holding off (zero without an index)
 * and where that block starts. */
struct text_block text_index_block(const struct text_index *ix, size_t off, size_t *from);

/* Line and column at the end of t[0, upto), read on from state s (t[upto],
 * when upto < len, tells whether a CR there ends its line). */
void text_locate_from(struct text_block s, const char *t, size_t len, size_t upto, unsigned *line,
		      unsigned *col);

/* The UTF-16 code units of n bytes of UTF-8 text: where an offset of the
 * text falls in the bytes of a UTF-16 file. */
size_t text_utf16_units(const char *t, size_t n);

#endif
