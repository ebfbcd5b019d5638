/*
 * position.h - line and column of a byte offset in a text.  Lines and
 * columns count from 1; columns count characters (UTF-8 sequences), not
 * bytes, as editors do.
 */
#ifndef HC_POSITION_H
#define HC_POSITION_H

#include <stddef.h>

/* Where the last answer was: findings come mostly in order, so each look-up
 * goes on from there instead of starting again at the top. */
struct text_cursor {
	size_t off;
	unsigned line, col;
};

#define TEXT_CURSOR_INIT \
	{                \
		0, 1, 1  \
	}

/* Line and column of offset off of text (len bytes; off past the end is the
 * end).  Moves the cursor there. */
void text_locate(const char *text, size_t len, struct text_cursor *c, size_t off, unsigned *line,
		 unsigned *col);

#endif
