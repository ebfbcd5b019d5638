/* position.c - line and column of a byte offset in a text. */
#include "source/position.h"

#include <string.h>

/* Characters (not bytes) in [from, to). */
static unsigned count_chars(const char *from, const char *to)
{
	unsigned n = 0;
	for (; from < to; from++)
		n += ((unsigned char)*from & 0xC0) != 0x80;
	return n;
}

/* Moves the cursor back to off: on the same line by counting characters,
 * otherwise by counting line breaks and re-counting the target's line. */
static void locate_back(const char *t, struct text_cursor *c, size_t off)
{
	const char *p = t + off, *cur = t + c->off, *nl;
	unsigned lines = 0;
	for (const char *q = p; (nl = memchr(q, '\n', (size_t)(cur - q))) != NULL; q = nl + 1)
		lines++;
	if (lines == 0) {
		c->col -= count_chars(p, cur);
	} else {
		const char *start = p;
		while (start > t && start[-1] != '\n')
			start--;
		c->line -= lines;
		c->col = 1 + count_chars(start, p);
	}
	c->off = off;
}

void text_locate(const char *text, size_t len, struct text_cursor *c, size_t off, unsigned *line,
		 unsigned *col)
{
	const char *p, *end, *nl;
	if (off > len)
		off = len;
	/* One finding at a tag after one at its attribute, or an end-of-file
	 * finding, steps back a little. */
	if (off < c->off)
		locate_back(text, c, off);
	/* Whole lines are skipped with memchr; characters are counted only on
	 * the line of the target. */
	p = text + c->off;
	end = text + off;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c->line++;
		c->col = 1;
		p = nl + 1;
	}
	c->col += count_chars(p, end);
	c->off = off;
	*line = c->line;
	*col = c->col;
}
