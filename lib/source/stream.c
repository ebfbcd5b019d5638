/* stream.c - a large UTF-8 file read a piece at a time. */
#define _POSIX_C_SOURCE 200809L
#include "source/stream.h"

#include "source/source.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Blocks of the line index: 4 KiB, so a 120 MB file's index is under a
 * megabyte and a look-up re-reads at most a block. */
#define STREAM_INDEX_SHIFT 12

/* How much is re-read at a time when searching back. */
#define BACK_WINDOW ((size_t)4 << 10)

/* Reads up to n bytes of the file at offset off, whatever signals come. */
static size_t read_at(int fd, char *buf, size_t n, size_t off, int *failed)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*failed = 1;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

int source_stream_open(struct source_stream **out, int fd, off_t size, const char *path, size_t max,
		       size_t from, char **data, size_t *len, int *truncated, hardconf_error *err)
{
	struct source_stream *s = NULL;
	size_t got, skip;
	int failed = 0;

	*out = NULL;
	*data = NULL;
	*len = 0;
	*truncated = 0;
	/* Only a file this large is worth the buffers. */
	if ((unsigned long long)size > (unsigned long long)max ||
	    (unsigned long long)size < (unsigned long long)from)
		goto whole;
	if (!(s = malloc(sizeof *s))) {
		close(fd);
		error_set(err, HARDCONF_ENOMEM, "%s: out of memory", path);
		return HARDCONF_ENOMEM;
	}
	got = read_at(fd, s->head, sizeof s->head, 0, &failed);
	if (failed || !source_is_utf8(s->head, got < STREAM_SNIFF ? got : STREAM_SNIFF, &skip) ||
	    got < skip)
		goto whole;
	/* Everything but the buffers starts zeroed. */
	memset(s, 0, offsetof(struct source_stream, chunk));
	s->head_len = got;
	s->fd = fd;
	s->skip = skip;
	s->size = (size_t)size - skip;
	/* The text is what the file held when opened: offsets past it would
	 * run into the next file's (scan/call.h). */
	s->max = s->size;
	s->lines.shift = STREAM_INDEX_SHIFT;
	s->flood_at = SIZE_MAX;
	*out = s;
	return 1;
whole:
	free(s);
	return source_read_sized(fd, size, path, max, data, len, truncated, err);
}

const char *source_stream_head(const struct source_stream *s, size_t *len)
{
	size_t n = s->head_len - s->skip;
	*len = n < s->max ? n : s->max;
	return s->head + s->skip;
}

static int opens_tag(unsigned char c)
{
	return c == '_' || c == ':' || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Counts the attributes of the tag at lt as xml_attribute_flood() does:
 * '=' outside quotes up to the '>' that ends it, or the next '<'. */
static void weigh(struct source_stream *s, size_t lt)
{
	char buf[BACK_WINDOW];
	char quote = 0;
	size_t count = 0, off = lt;
	int failed = 0;
	for (;;) {
		size_t n = read_at(s->fd, buf, sizeof buf, s->skip + off, &failed);
		if (off >= s->max)
			n = 0;
		else if (n > s->max - off)
			n = s->max - off;
		if (n == 0)
			break;
		for (size_t k = 0; k < n; k++) {
			char c = buf[k];
			if (off + k > lt && c == '<')
				goto done;
			if (quote) {
				quote = c == quote ? 0 : quote;
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (c == '>') {
				goto done;
			} else if (c == '=') {
				count++;
			}
		}
		off += n;
	}
done:
	if (count > s->flood_limit) {
		s->flood_at = lt;
		s->flood_n = count;
	}
}

/* Whether every stretch of a piece is short: a '<' in each of its blocks
 * of half the length that matters means no two are further apart than
 * that.  Then only the stretch from the '<' before it, and the last '<' in
 * it, need looking at. */
static int short_stretches(struct source_stream *s, const char *c, size_t n, size_t base,
			   size_t limit5)
{
	size_t block = limit5 / 2, first = SIZE_MAX, last;
	if (block < 64)
		return 0;
	for (size_t at = 0; at < n; at += block) {
		size_t len = n - at < block ? n - at : block;
		const char *q = memchr(c + at, '<', len);
		if (!q)
			return 0;
		if (first == SIZE_MAX)
			first = (size_t)(q - c);
	}
	if (first == SIZE_MAX)
		return 0;
	/* The stretch that ends at the first '<'. */
	if (s->have_lt && s->lt_next_pending) {
		s->lt_open = opens_tag((unsigned char)c[0]);
		s->lt_next_pending = 0;
	}
	if (s->have_lt && s->lt_open && !s->lt_weighed && base + first - s->lt > limit5) {
		s->lt_weighed = 1;
		weigh(s, s->lt);
		if (s->flood_at != SIZE_MAX)
			return 1;
	}
	for (last = n; c[last - 1] != '<';)
		last--;
	s->have_lt = 1;
	s->lt = base + last - 1;
	s->lt_weighed = 0;
	s->lt_next_pending = last == n;
	s->lt_open = last < n && opens_tag((unsigned char)c[last]);
	return 1;
}

/* Follows the stretches between '<' through the piece at base. */
static void flood_check(struct source_stream *s, const char *c, size_t n, size_t base)
{
	size_t i = 0, limit5 = s->flood_limit > SIZE_MAX / 5 ? SIZE_MAX : 5 * s->flood_limit;
	if (short_stretches(s, c, n, base, limit5))
		return;
	if (s->have_lt && s->lt_next_pending && n) {
		s->lt_open = opens_tag((unsigned char)c[0]);
		s->lt_next_pending = 0;
	}
	for (;;) {
		const char *q = i < n ? memchr(c + i, '<', n - i) : NULL;
		size_t stop = q ? base + (size_t)(q - c) : base + n;
		if (s->have_lt && s->lt_open && !s->lt_weighed && stop - s->lt > limit5) {
			s->lt_weighed = 1;
			weigh(s, s->lt);
			if (s->flood_at != SIZE_MAX)
				return;
		}
		if (!q)
			return;
		i = (size_t)(q - c) + 1;
		s->have_lt = 1;
		s->lt = base + i - 1;
		s->lt_weighed = 0;
		s->lt_next_pending = i == n;
		s->lt_open = i < n && opens_tag((unsigned char)c[i]);
	}
}

/* Reads the next chunk: indexed and looked through for a flood as it
 * comes.  Returns its length, 0 at the end. */
static size_t next_chunk(struct source_stream *s)
{
	size_t n = sizeof s->chunk, got;
	if (n > s->max - s->pos)
		n = s->max - s->pos;
	got = s->failed ? 0 : read_at(s->fd, s->chunk, n, s->skip + s->pos, &s->failed);
	if (!s->replay) {
		text_index_feed(&s->lines, &s->feed, s->chunk, got, got == 0);
		s->no_memory |= s->lines.failed;
	}
	if (s->flood_limit)
		flood_check(s, s->chunk, got, s->pos);
	s->pos += got;
	s->chunk_at = 0;
	s->chunk_len = got;
	return got;
}

size_t source_stream_read(struct source_stream *s, char *buf, size_t n)
{
	if (s->fd < 0 || s->flood_at != SIZE_MAX)
		return 0;
	if (s->chunk_at == s->chunk_len && (next_chunk(s) == 0 || s->flood_at != SIZE_MAX))
		return 0;
	if (n > s->chunk_len - s->chunk_at)
		n = s->chunk_len - s->chunk_at;
	memcpy(buf, s->chunk + s->chunk_at, n);
	s->chunk_at += n;
	return n;
}

void source_stream_drain(struct source_stream *s)
{
	if (s->fd < 0)
		return;
	while (s->flood_at == SIZE_MAX && next_chunk(s) > 0)
		;
}

const char *source_stream_bytes(const struct source_stream *s, size_t off, size_t n,
				struct stream_buf *b, size_t *got)
{
	int failed = 0;
	*got = 0;
	if (off > s->max)
		off = s->max;
	if (n > s->max - off)
		n = s->max - off;
	if (n + 1 > b->cap) {
		char *grown = realloc(b->p, n + 1);
		if (!grown)
			return NULL;
		b->p = grown;
		b->cap = n + 1;
	}
	*got = s->fd < 0 ? 0 : read_at(s->fd, b->p, n, s->skip + off, &failed);
	b->p[*got] = '\0';
	return b->p;
}

size_t source_stream_rfind(const struct source_stream *s, size_t end, const char *needle, size_t n)
{
	char buf[BACK_WINDOW];
	int failed = 0;
	while (end >= n) {
		size_t from = end > sizeof buf ? end - sizeof buf : 0;
		size_t got = read_at(s->fd, buf, end - from, s->skip + from, &failed);
		if (got < end - from)
			return SIZE_MAX;
		for (size_t k = got; k >= n; k--)
			if (buf[k - n] == needle[0] && memcmp(buf + k - n, needle, n) == 0)
				return from + k - n;
		if (from == 0)
			break;
		/* A needle across the window's start is found in the next. */
		end = from + n - 1;
	}
	return SIZE_MAX;
}

int source_stream_locate(const struct source_stream *s, size_t off, struct stream_buf *b,
			 unsigned *line, unsigned *col)
{
	size_t from, got;
	struct text_block at;
	const char *t;
	if (off > s->pos)
		off = s->pos;
	at = text_index_block(&s->lines, off, &from);
	/* One byte more: whether a CR just before off ends its line. */
	t = source_stream_bytes(s, from, off - from + 1, b, &got);
	*line = *col = 1;
	if (!t)
		return -1;
	if (got >= off - from)
		text_locate_from(at, t, got, off - from, line, col);
	return 0;
}

int source_stream_replay(const struct source_stream *s, struct source_stream **out)
{
	struct source_stream *r;
	*out = NULL;
	if (!(r = malloc(sizeof *r)))
		return HARDCONF_ENOMEM;
	memset(r, 0, offsetof(struct source_stream, chunk));
	r->fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
	if (r->fd < 0) {
		free(r);
		return HARDCONF_EIO;
	}
	r->skip = s->skip;
	r->size = s->size;
	r->max = s->max;
	r->replay = 1;
	r->flood_at = SIZE_MAX;
	r->head_len = s->head_len;
	memcpy(r->head, s->head, s->head_len);
	*out = r;
	return HARDCONF_OK;
}

void source_stream_close(struct source_stream *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	text_index_free(&s->lines);
	free(s);
}
