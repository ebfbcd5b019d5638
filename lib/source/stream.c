/* stream.c - a large UTF-8 file read a piece at a time. */
#define _POSIX_C_SOURCE 200809L
#include "source/stream.h"

#include "source/source.h"
#include "util/libxml.h"
#include "util/util.h"

#include <libxml/encoding.h>
#include <libxml/tree.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* A decoded file is read in pieces of this many bytes, each noted where it
 * starts (16 bytes a piece: 0.4% of the file): a stretch of its text read
 * again decodes at most a piece more than the stretch. */
#define DECODE_PIECE ((size_t)4 << 10)

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

/* A converter of a decoded file's encoding (libxml2's, the one
 * source_decode() uses) and the buffer it decodes a piece into.  Each
 * reading opens its own: the calls of several threads may share a stream. */
struct decoder {
	xmlCharEncodingHandlerPtr handler;
	xmlBufferPtr out;
	struct libxml_quiet quiet;
};

static void decoder_close(struct decoder *d)
{
	if (d->out)
		xmlBufferFree(d->out);
	if (d->handler)
		xmlCharEncCloseFunc(d->handler);
	libxml_quiet_end(&d->quiet);
}

static int decoder_open(struct decoder *d, const char *encoding)
{
	/* Converters report errors without a parser context: not to the
	 * host's handlers. */
	libxml_quiet_begin(&d->quiet);
	d->out = NULL;
	d->handler = xmlFindCharEncodingHandler(encoding);
	if (d->handler)
		d->out = xmlBufferCreateSize(4 * DECODE_PIECE);
	if (!d->out) {
		decoder_close(d);
		return -1;
	}
	return 0;
}

/* Decodes the n bytes at in into d->out (emptied first): *taken of them,
 * fewer than n where a character runs past them.  Returns 0, or -1 when
 * the bytes do not decode or memory ran out. */
static int decode_piece(struct decoder *d, const char *in, size_t n, size_t *taken)
{
	xmlBufferPtr src = xmlBufferCreateStatic((void *)(uintptr_t)in, n);
	int r;
	*taken = 0;
	if (!src)
		return -1;
	xmlBufferEmpty(d->out);
	r = xmlCharEncInFunc(d->handler, d->out, src);
	*taken = n - (size_t)xmlBufferLength(src);
	xmlBufferFree(src);
	return r < 0 ? -1 : 0;
}

/* The last of s's pieces that starts at or before offset off of the text
 * (s has pieces). */
static const struct source_mark *mark_of(const struct source_stream *s, size_t off)
{
	size_t lo = 0, hi = s->n_marks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->marks[mid].text <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &s->marks[lo];
}

/* Up to n bytes of a decoded file's text from off, decoded again from the
 * piece that holds off. */
static size_t decoded_at(const struct source_stream *s, char *buf, size_t n, size_t off,
			 int *failed)
{
	char in[DECODE_PIECE];
	const struct source_mark *m;
	size_t got = 0, text, raw;
	struct decoder d;
	if (n == 0 || off >= s->size || !s->n_marks)
		return 0;
	m = mark_of(s, off);
	text = m->text;
	raw = m->raw;
	if (decoder_open(&d, s->encoding) != 0) {
		*failed = 1;
		return 0;
	}
	while (got < n && text < s->size) {
		size_t r = read_at(s->fd, in, sizeof in, raw, failed), taken, made, at = off + got;
		if (r == 0 || decode_piece(&d, in, r, &taken) != 0 || taken == 0) {
			*failed = 1; /* the file changed since it was opened */
			break;
		}
		made = (size_t)xmlBufferLength(d.out);
		if (at < text + made) {
			size_t c = text + made - at < n - got ? text + made - at : n - got;
			memcpy(buf + got, xmlBufferContent(d.out) + (at - text), c);
			got += c;
		}
		text += made;
		raw += taken;
	}
	decoder_close(&d);
	return got;
}

/* Reads at offsets go through a cache of the stretch read last: a finding
 * reads a few stretches around its place (its tag, its line, its fix), and
 * findings come in the order of the text.
 *
 * A decoded file keeps at least this much text, decoded from the piece
 * before: each finding decoding its stretches afresh cost 40 KB of
 * decoding (12,000 findings of a 1.3 MB UTF-16 file: 0.32 s against 0.03 s
 * converted whole). */
#define CACHE_TEXT ((size_t)32 << 10)

/* A UTF-8 file keeps the index blocks a read at an offset falls in, and
 * one more after them, read with one pread(): the next reads of a finding
 * and of the findings after it are mostly there (a position reads from its
 * block's start).  Three reads a finding were most of what the 566
 * findings of a 30 MB file cost.  A read longer than this goes straight to
 * the file. */
#define CACHE_READ ((size_t)64 << 10)
#define BLOCK ((size_t)1 << STREAM_INDEX_SHIFT)

/* The text [at, at + len) of a stream read or decoded last for a read at an
 * offset; the calls of several threads may share the stream: under mu. */
struct read_cache {
	pthread_mutex_t mu;
	char *text;
	size_t at, len, cap;
};

static struct read_cache *cache_new(void)
{
	struct read_cache *c = calloc(1, sizeof *c);
	if (c && pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

static void cache_free(struct read_cache *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->mu);
	free(c->text);
	free(c);
}

/* Fills c with the stretch around [off, off + n) of s's text: from the
 * piece before it (decoded) or its index block (read).  Leaves c empty
 * when memory runs out or the stretch cannot be had whole. */
static void cache_fill(const struct source_stream *s, struct read_cache *c, size_t off, size_t n,
		       int *failed)
{
	size_t from, want;
	int read_failed = 0;
	if (s->encoding[0]) {
		from = mark_of(s, off)->text;
		want = off + n - from < CACHE_TEXT ? CACHE_TEXT : off + n - from;
	} else {
		from = off / BLOCK * BLOCK;
		want = (off + n - from + BLOCK - 1) / BLOCK * BLOCK + BLOCK;
	}
	if (want > s->size - from)
		want = s->size - from;
	c->len = 0;
	if (want > c->cap) {
		char *grown = realloc(c->text, want);
		if (!grown)
			return;
		c->text = grown;
		c->cap = want;
	}
	c->at = from;
	c->len = s->encoding[0] ? decoded_at(s, c->text, want, from, failed)
				: read_at(s->fd, c->text, want, s->skip + from, &read_failed);
	/* A read that failed is tried again for the stretch asked, and fails
	 * there, where it says so. */
	if (read_failed)
		c->len = 0;
}

/* Up to n bytes of s's text from off, read or decoded again, not cached. */
static size_t text_direct(const struct source_stream *s, char *buf, size_t n, size_t off,
			  int *failed)
{
	return s->encoding[0] ? decoded_at(s, buf, n, off, failed)
			      : read_at(s->fd, buf, n, s->skip + off, failed);
}

/* Up to n bytes of s's text from off: from the cache, filled again when it
 * does not hold them. */
static size_t text_at(const struct source_stream *s, char *buf, size_t n, size_t off, int *failed)
{
	struct read_cache *c = s->cache;
	size_t got;
	if (n == 0 || off >= s->size)
		return 0;
	if (n > s->size - off)
		n = s->size - off;
	if (!c || (!s->encoding[0] && n > CACHE_READ))
		return text_direct(s, buf, n, off, failed);
	pthread_mutex_lock(&c->mu);
	if (off < c->at || off + n > c->at + c->len)
		cache_fill(s, c, off, n, failed);
	if (off >= c->at && off + n <= c->at + c->len) {
		memcpy(buf, c->text + (off - c->at), n);
		got = n;
	} else {
		got = text_direct(s, buf, n, off, failed); /* memory ran out, or a read failed */
	}
	pthread_mutex_unlock(&c->mu);
	return got;
}

/* Decodes the file once through from the bytes after its BOM: notes where
 * each piece starts, indexes the text's lines and sets its length.
 * Returns 0, or -1 when it does not decode (read whole, its first bad
 * byte is found and told) or memory ran out. */
static int decode_through(struct source_stream *s, size_t bom, size_t raw_size)
{
	char in[DECODE_PIECE];
	size_t raw = bom, text = 0, cap = 0;
	struct decoder d;
	int failed = 0, rc = 0;
	if (decoder_open(&d, s->encoding) != 0)
		return -1;
	while (raw < raw_size) {
		size_t want = raw_size - raw < sizeof in ? raw_size - raw : sizeof in;
		size_t r = read_at(s->fd, in, want, raw, &failed), taken, made;
		if (s->n_marks == cap) {
			size_t grown_cap = cap ? 2 * cap : 64;
			struct source_mark *grown = realloc(s->marks, grown_cap * sizeof *grown);
			if (!grown) {
				rc = -1;
				break;
			}
			s->marks = grown;
			cap = grown_cap;
		}
		/* A piece that does not decode whole, short of the file's end,
		 * ends in the middle of a character: the next one takes it. */
		if (r < want || decode_piece(&d, in, r, &taken) != 0 || taken == 0 ||
		    (raw + r == raw_size && taken < r)) {
			rc = -1;
			break;
		}
		made = (size_t)xmlBufferLength(d.out);
		s->marks[s->n_marks++] = (struct source_mark){text, raw};
		text_index_feed(&s->lines, &s->feed, (const char *)xmlBufferContent(d.out), made,
				0);
		text += made;
		raw += taken;
	}
	decoder_close(&d);
	text_index_feed(&s->lines, &s->feed, "", 0, 1);
	if (rc != 0 || s->lines.failed)
		return -1;
	s->size = text;
	s->indexed = 1;
	return 0;
}

int source_stream_open(struct source_stream **out, int fd, off_t size, const char *path, size_t max,
		       size_t from, char **data, size_t *len, int *truncated, hardconf_error *err)
{
	struct source_stream *s = NULL;
	struct source_layout layout;
	char encoding[sizeof s->encoding];
	size_t got, skip, sniff, start = 0;
	int failed = 0, utf8;

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
	s->marks = NULL;
	s->cache = NULL;
	s->lines = (struct text_index){0};
	got = read_at(fd, s->head, sizeof s->head, 0, &failed);
	sniff = got < STREAM_SNIFF ? got : STREAM_SNIFF;
	if (failed)
		goto whole;
	utf8 = source_is_utf8(s->head, sniff, &skip);
	if (!utf8 && !source_piecewise(s->head, sniff, encoding, sizeof encoding, &layout, &start))
		goto whole;
	/* Everything but the buffers starts zeroed. */
	memset(s, 0, offsetof(struct source_stream, chunk));
	s->fd = fd;
	s->lines.shift = STREAM_INDEX_SHIFT;
	s->flood_at = SIZE_MAX;
	s->cache = cache_new(); /* NULL: reads go straight to the file */
	if (utf8) {
		if (got < skip)
			goto whole;
		s->head_len = got;
		s->skip = skip;
		s->size = (size_t)size - skip;
		s->layout = (struct source_layout){"UTF-8", skip, 0, 0};
	} else {
		memcpy(s->encoding, encoding, sizeof s->encoding);
		s->layout = layout;
		if (decode_through(s, start, (size_t)size) != 0)
			goto whole;
		s->head_len = text_at(s, s->head, sizeof s->head, 0, &failed);
		if (failed)
			goto whole;
	}
	/* The text is what the file held when opened: offsets past it would
	 * run into the next file's (scan/call.h). */
	s->max = s->size;
	*out = s;
	return 1;
whole:
	if (s) {
		free(s->marks);
		cache_free(s->cache);
		text_index_free(&s->lines);
	}
	free(s);
	return source_read_sized(fd, size, path, max, data, len, truncated, err);
}

const char *source_stream_head(const struct source_stream *s, size_t *len)
{
	size_t n = s->head_len - s->skip; /* decoded: the head is text */
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
		size_t n = text_at(s, buf, sizeof buf, off, &failed);
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
	/* Read in order: straight into the chunk, not through the cache kept
	 * for reads at offsets. */
	got = s->failed ? 0 : text_direct(s, s->chunk, n, s->pos, &s->failed);
	if (!s->indexed) {
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

size_t source_stream_skip(struct source_stream *s, size_t n)
{
	size_t done = 0;
	while (done < n && s->fd >= 0 && s->flood_at == SIZE_MAX) {
		size_t k = s->chunk_len - s->chunk_at;
		if (k == 0 && s->indexed && !s->flood_limit) {
			/* Nothing needs the bytes: the next read starts past them. */
			k = n - done < s->max - s->pos ? n - done : s->max - s->pos;
			s->pos += k;
			done += k;
			break;
		}
		if (k == 0 && next_chunk(s) == 0)
			break;
		k = s->chunk_len - s->chunk_at;
		if (k > n - done)
			k = n - done;
		s->chunk_at += k;
		done += k;
	}
	return done;
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
	*got = s->fd < 0 ? 0 : text_at(s, b->p, n, off, &failed);
	b->p[*got] = '\0';
	return b->p;
}

size_t source_stream_rfind(const struct source_stream *s, size_t end, const char *needle, size_t n)
{
	char buf[BACK_WINDOW];
	int failed = 0, first = 1;
	while (end >= n) {
		size_t from = end > sizeof buf ? end - sizeof buf : 0;
		/* The first window is mostly where the cache was filled last;
		 * those before it, read once each, would only evict it. */
		size_t got = first ? text_at(s, buf, end - from, from, &failed)
				   : text_direct(s, buf, end - from, from, &failed);
		first = 0;
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
	if ((s->n_marks && !(r->marks = malloc(s->n_marks * sizeof *r->marks))) ||
	    (s->cache && !(r->cache = cache_new()))) {
		close(r->fd);
		free(r->marks);
		free(r);
		return HARDCONF_ENOMEM;
	}
	if (s->n_marks)
		memcpy(r->marks, s->marks, s->n_marks * sizeof *r->marks);
	r->n_marks = s->n_marks;
	memcpy(r->encoding, s->encoding, sizeof r->encoding);
	r->layout = s->layout;
	r->skip = s->skip;
	r->size = s->size;
	r->max = s->max;
	r->indexed = 1;
	r->flood_at = SIZE_MAX;
	r->head_len = s->head_len;
	memcpy(r->head, s->head, s->head_len);
	*out = r;
	return HARDCONF_OK;
}

struct source_layout source_stream_layout(const struct source_stream *s)
{
	return s->layout;
}

size_t source_stream_raw_offset(const struct source_stream *s, size_t off, struct stream_buf *b)
{
	const struct source_mark *m;
	const char *t;
	size_t got;
	if (!s->encoding[0])
		return s->skip + off;
	if (!s->layout.utf16 || !s->n_marks || off > s->size)
		return SIZE_MAX;
	m = mark_of(s, off);
	t = source_stream_bytes(s, m->text, off - m->text, b, &got);
	if (!t || got != off - m->text)
		return SIZE_MAX;
	return m->raw + 2 * text_utf16_units(t, got);
}

void source_stream_close(struct source_stream *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	text_index_free(&s->lines);
	free(s->marks);
	cache_free(s->cache);
	free(s);
}
