/* position.c - line and column of a byte offset in a text. */
#include "source/position.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_BLOCK 512

/* Whether the byte at i ends a line: an LF, or a CR not followed by LF
 * (CRLF ends its line at the LF). */
static int ends_line(const char *t, size_t len, size_t i)
{
	return t[i] == '\n' || (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'));
}

static int is_char(char c)
{
	return ((unsigned char)c & 0xC0) != 0x80;
}

/* Reads [from, to) on from a known state: breaks and characters counted,
 * the last line start seen. */
static void scan(const char *t, size_t len, size_t from, size_t to, struct text_block *s)
{
	for (size_t i = from; i < to; i++) {
		s->chars += (size_t)is_char(t[i]);
		if ((t[i] == '\n' || t[i] == '\r') && ends_line(t, len, i)) {
			s->lines++;
			s->line_start = i + 1;
			s->line_chars = s->chars;
		}
	}
}

static void build(const char *t, size_t len, struct text_index *ix)
{
	struct text_block s = {0, 0, 0, 0};
	size_t n = len / TEXT_BLOCK + 1;
	ix->blocks = malloc(n * sizeof *ix->blocks);
	if (!ix->blocks) {
		ix->failed = 1;
		return;
	}
	for (size_t b = 0; b < n; b++) {
		size_t from = b * TEXT_BLOCK,
		       to = from + TEXT_BLOCK < len ? from + TEXT_BLOCK : len;
		ix->blocks[b] = s;
		scan(t, len, from, to, &s);
	}
	ix->n = n;
}

/* The state at off: from its block's entry, or from the start of the text
 * when there is no index. */
static struct text_block state_at(const char *t, size_t len, const struct text_index *ix,
				  size_t off)
{
	struct text_block s = {0, 0, 0, 0};
	size_t from = 0;
	if (ix->blocks) {
		from = off / TEXT_BLOCK * TEXT_BLOCK;
		s = ix->blocks[off / TEXT_BLOCK];
	}
	scan(t, len, from, off, &s);
	return s;
}

void text_locate(const char *text, size_t len, struct text_index *ix, size_t off, unsigned *line,
		 unsigned *col)
{
	struct text_block at;
	if (off > len)
		off = len;
	if (!ix->blocks && !ix->failed)
		build(text, len, ix);
	at = state_at(text, len, ix, off);
	*line = (unsigned)(at.lines + 1);
	*col = (unsigned)(at.chars - at.line_chars + 1);
}

void text_index_free(struct text_index *ix)
{
	free(ix->blocks);
	memset(ix, 0, sizeof *ix);
}
