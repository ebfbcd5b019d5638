/* position.c - line and column of a byte offset in a text. */
#include "source/position.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_char(char c)
{
	return ((unsigned char)c & 0xC0) != 0x80;
}

void text_index_free(struct text_index *ix)
{
	unsigned shift = ix->shift;
	free(ix->blocks);
	memset(ix, 0, sizeof *ix);
	ix->shift = shift;
}

/* Bytes are counted sixteen at a time in vector lanes (GCC and Clang
 * vector extensions: SSE2, NEON or plain code, whatever the target has);
 * a lane holds up to 255 before it is added up. */
typedef unsigned char lanes __attribute__((vector_size(16)));

/* The most bytes counted before a lane could overflow. */
#define LANE_RUN ((size_t)16 * 255)

static size_t sum_lanes(lanes acc)
{
	size_t c = 0;
	for (int k = 0; k < 16; k++)
		c += acc[k];
	return c;
}

/* The bytes b in p[0, n). */
static size_t count_byte(const char *p, size_t n, char b)
{
	lanes want = (lanes){0} + (unsigned char)b;
	size_t c = 0, i = 0;
	while (n - i >= 16) {
		lanes acc = {0};
		size_t stop = n - i > LANE_RUN ? i + LANE_RUN : n;
		for (; stop - i >= 16; i += 16) {
			lanes x;
			memcpy(&x, p + i, 16);
			acc -= (lanes)(x == want);
		}
		c += sum_lanes(acc);
	}
	for (; i < n; i++)
		c += p[i] == b;
	return c;
}

/* The characters in p[0, n): the bytes that do not continue a UTF-8
 * sequence (10xxxxxx). */
static size_t count_chars(const char *p, size_t n)
{
	lanes top = (lanes){0} + 0xC0, cont = (lanes){0} + 0x80;
	size_t c = 0, i = 0;
	while (n - i >= 16) {
		lanes acc = {0};
		size_t stop = n - i > LANE_RUN ? i + LANE_RUN : n;
		for (; stop - i >= 16; i += 16) {
			lanes x;
			memcpy(&x, p + i, 16);
			acc -= (lanes)((x & top) == cont);
		}
		c += sum_lanes(acc);
	}
	for (; i < n; i++)
		c += (size_t)!is_char(p[i]);
	return n - c;
}

/* Reads p[0, n) of one block on from s; next is the byte after it (-1: the
 * end of the text), for a CR at its end. */
static void feed_segment(struct text_block *s, const char *p, size_t n, int next, size_t off)
{
	const char *cr;
	size_t lines = count_byte(p, n, '\n'), last = 0;
	for (size_t k = n; lines && k > 0; k--) {
		if (p[k - 1] == '\n') {
			last = k;
			break;
		}
	}
	for (cr = n ? memchr(p, '\r', n) : NULL; cr;
	     cr = (size_t)(cr - p) + 1 < n ? memchr(cr + 1, '\r', n - (size_t)(cr - p) - 1)
					   : NULL) {
		size_t k = (size_t)(cr - p);
		int after = k + 1 < n ? (unsigned char)p[k + 1] : next;
		if (after != '\n') {
			lines++;
			if (k + 1 > last)
				last = k + 1;
		}
	}
	/* Characters are counted from the line's start only: a column is all
	 * they are for, so a line's start resets them. */
	if (last) {
		s->lines += lines;
		s->line_start = off + last;
		s->line_chars = 0;
		s->chars = count_chars(p + last, n - last);
	} else {
		s->chars += count_chars(p, n);
	}
}

/* Keeps the state at the start of block b. */
static void keep_block(struct text_index *ix, size_t b, const struct text_block *s)
{
	if (ix->failed)
		return;
	if (b >= ix->cap || !ix->blocks) {
		size_t want = ix->cap ? 2 * ix->cap : 64;
		struct text_block *grown;
		while (want <= b)
			want *= 2;
		grown = realloc(ix->blocks, want * sizeof *grown);
		if (!grown) {
			free(ix->blocks);
			ix->blocks = NULL;
			ix->n = ix->cap = 0;
			ix->failed = 1;
			return;
		}
		ix->blocks = grown;
		ix->cap = want;
	}
	ix->blocks[b] = *s;
	ix->n = b + 1;
}

/* Indexes t[0, n), all of whose bytes are known to be followed by next. */
static void feed_run(struct text_index *ix, struct text_feed *f, const char *t, size_t n, int next)
{
	size_t size = (size_t)1 << ix->shift;
	for (size_t i = 0; i < n;) {
		size_t off = f->off + i, in = off & (size - 1);
		size_t seg = n - i < size - in ? n - i : size - in;
		if (in == 0)
			keep_block(ix, off >> ix->shift, &f->s);
		feed_segment(&f->s, t + i, seg, i + seg < n ? (unsigned char)t[i + seg] : next,
			     off);
		i += seg;
	}
	f->off += n;
}

void text_index_feed(struct text_index *ix, struct text_feed *f, const char *t, size_t n,
		     int at_end)
{
	if (!ix->shift)
		ix->shift = 9;
	if (f->held_cr && (n || at_end)) {
		f->held_cr = 0;
		feed_run(ix, f, "\r", 1, n ? (unsigned char)t[0] : -1);
	}
	if (n && !at_end && t[n - 1] == '\r') {
		f->held_cr = 1;
		n--;
		feed_run(ix, f, t, n, '\r');
		return;
	}
	feed_run(ix, f, t, n, -1);
}

struct text_block text_index_block(const struct text_index *ix, size_t off, size_t *from)
{
	struct text_block s = {0, 0, 0, 0};
	unsigned shift = ix->shift ? ix->shift : 9;
	size_t b = off >> shift;
	*from = 0;
	if (ix->blocks && !ix->failed && ix->n) {
		if (b >= ix->n)
			b = ix->n - 1;
		*from = b << shift;
		s = ix->blocks[b];
	}
	return s;
}

void text_locate_from(struct text_block s, const char *t, size_t len, size_t upto, unsigned *line,
		      unsigned *col)
{
	feed_segment(&s, t, upto, upto < len ? (unsigned char)t[upto] : -1, 0);
	*line = (unsigned)(s.lines + 1);
	*col = (unsigned)(s.chars - s.line_chars + 1);
}

void text_index_build(const char *text, size_t len, struct text_index *ix)
{
	/* A text in memory is indexed as a streamed one is, all at once. */
	if (!ix->blocks && !ix->failed) {
		struct text_feed feed = {{0, 0, 0, 0}, 0, 0};
		text_index_feed(ix, &feed, text, len, 1);
	}
}

void text_locate_in(const struct text_index *ix, const char *text, size_t len, size_t off,
		    unsigned *line, unsigned *col)
{
	struct text_block at;
	size_t from;
	if (off > len)
		off = len;
	at = text_index_block(ix, off, &from);
	text_locate_from(at, text + from, len - from, off - from, line, col);
}

void text_locate(const char *text, size_t len, struct text_index *ix, size_t off, unsigned *line,
		 unsigned *col)
{
	text_index_build(text, len, ix);
	text_locate_in(ix, text, len, off, line, col);
}

size_t text_utf16_units(const char *t, size_t n)
{
	size_t units = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if ((c & 0xC0) != 0x80)
			units += c >= 0xF0 ? 2 : 1; /* four bytes: a surrogate pair */
	}
	return units;
}
