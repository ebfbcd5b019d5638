/*
 * stream.h - a large UTF-8 file read a piece at a time instead of whole:
 * the parser is fed from it in order, a line index is kept as the pieces go
 * by, and the few bytes a finding needs later (a start tag, the line of a
 * position) are read again from the file.  Memory stays flat whatever the
 * size of the file.
 *
 * Once read through, a stream is only read again at given offsets, through
 * a cache of the stretch read last (pread(), or decoded again, under a
 * lock): the calls of many threads may share it, as the files below a
 * parent read once do.  Reading it again in order takes a replay of its
 * own (source_stream_replay()).
 *
 * A file in UTF-16 or a single-byte encoding (source_piecewise()) is
 * decoded a piece at a time: once through when opened, to check that it
 * decodes, learn its text's length and index its lines, noting where each
 * piece of DECODE_PIECE bytes starts in the file and in the text; after
 * that any stretch of the text is decoded again from the piece before it.
 * Offsets are the text's (UTF-8) throughout, as for a UTF-8 file.
 */
#ifndef HC_STREAM_H
#define HC_STREAM_H

#include "hardconf.h"
#include "source/position.h"
#include "source/source.h"

#include <stddef.h>
#include <sys/types.h>

/* The first bytes looked at to choose between reading a file whole and
 * streaming it: its BOM and XML declaration are in there. */
#define STREAM_SNIFF ((size_t)4 << 10)

/* Read this much at a time.  Each piece is read, indexed and looked
 * through for a flood before libxml2 copies it a few KiB at a time: at
 * 32 KiB the piece is still in the CPU's nearest caches for all of that,
 * and a 50k-site file lints 1.5% faster than at 64 KiB (smaller pieces
 * cost more in reads than they save). */
#define STREAM_CHUNK ((size_t)32 << 10)

/* Where a piece of a decoded file starts: in the text and in the file. */
struct source_mark {
	size_t text, raw;
};

/* The stretch of a stream's text read or decoded last for a read at an
 * offset (stream.c). */
struct read_cache;

struct source_stream {
	int fd;
	size_t skip;   /* bytes before the text: a UTF-8 BOM (0 when decoded) */
	size_t size;   /* the text's length when opened */
	size_t max;    /* at most this many bytes of text are read (size) */
	size_t pos;    /* text bytes read in order so far */
	int failed;    /* a read failed: the text ends there */
	int no_memory; /* memory ran out: what was found may be incomplete */
	struct text_index lines;
	struct text_feed feed;
	/* The attribute-flood check (xml_attribute_flood() as the text goes
	 * by): the last '<' seen, whether it opens a start tag, and whether its
	 * stretch was read for attributes yet. */
	size_t lt;
	int have_lt, lt_open, lt_weighed, lt_next_pending;
	size_t flood_limit, flood_at, flood_n; /* flood_at SIZE_MAX: none yet */
	int indexed; /* its lines are indexed already: decoded, or read again in order */
	/* A decoded file: its converter's name ("" for UTF-8), its layout, and
	 * where each of its pieces starts. */
	char encoding[32];
	struct source_layout layout;
	struct source_mark *marks;
	size_t n_marks;
	struct read_cache *cache;
	/* Read this much at a time, and handed out in the pieces the parser
	 * asks for: [chunk_at, chunk_len) is what it has not had yet. */
	size_t chunk_at, chunk_len;
	char chunk[STREAM_CHUNK];
	/* The file's first bytes, kept: what is told from content rather than
	 * names (scan/kind.c) looks there. */
	size_t head_len;
	char head[(size_t)64 << 10];
};

/* Streams the regular file open as fd (size bytes, from source_open() or
 * source_adopt(); path names it in err) when it is at least from bytes
 * long and UTF-8 text (with or without BOM, or an XML declaration naming
 * UTF-8 or nothing), or text decoded a piece at a time that decodes
 * throughout: returns 1 with *out holding fd (closed and freed by
 * source_stream_close()).  Returns 0 when the file must be read whole
 * (smaller, another encoding, bytes that do not decode: source_decode()
 * says where): *data and *len then hold it as source_read_file() would,
 * and *truncated, fd closed.  HARDCONF_EIO or HARDCONF_ENOMEM (negative)
 * on failure, fd closed and err saying why. */
int source_stream_open(struct source_stream **out, int fd, off_t size, const char *path, size_t max,
		       size_t from, char **data, size_t *len, int *truncated, hardconf_error *err);

/* The start of the text (its first 64 KiB at most, *len bytes), as read
 * when the file was opened. */
const char *source_stream_head(const struct source_stream *s, size_t *len);

/* Reads the next piece of the text in order into buf (at most n bytes),
 * indexing its lines and looking for an attribute flood (flood_limit
 * attributes, 0: not looked for).  Returns the bytes read, 0 at the end. */
size_t source_stream_read(struct source_stream *s, char *buf, size_t n);

/* A buffer of the caller's that bytes are read again into: zeroed at
 * first, freed by the caller. */
struct stream_buf {
	char *p;
	size_t cap;
};

/* n bytes of the text from off, read again into b (fewer at the end,
 * *got), terminated.  NULL when memory ran out. */
const char *source_stream_bytes(const struct source_stream *s, size_t off, size_t n,
				struct stream_buf *b, size_t *got);

/* The offset of the last needle (n bytes) that ends at or before offset
 * end, or SIZE_MAX when there is none. */
size_t source_stream_rfind(const struct source_stream *s, size_t end, const char *needle, size_t n);

/* A new reader of s's text from its start (its own descriptor and
 * buffers), for a scan again of a file read through: its lines are not
 * indexed again (positions are s's).  Returns HARDCONF_OK, HARDCONF_EIO or
 * HARDCONF_ENOMEM. */
int source_stream_replay(const struct source_stream *s, struct source_stream **out);

/* Passes over the next n bytes of the text (fewer at its end: how many).
 * Read through anyway where the line index or the flood check needs them
 * (a stream not indexed yet, or flood_limit set). */
size_t source_stream_skip(struct source_stream *s, size_t n);

/* Reads the rest of the text (the parse ended early): an attribute flood
 * further on still counts. */
void source_stream_drain(struct source_stream *s);

/* Line and column of offset off (at most what was read), the bytes it needs
 * read into b.  Returns 0, or -1 when memory ran out. */
int source_stream_locate(const struct source_stream *s, size_t off, struct stream_buf *b,
			 unsigned *line, unsigned *col);

/* How s's text sits in the file's bytes (source_layout_of()). */
struct source_layout source_stream_layout(const struct source_stream *s);

/* The offset in the file's bytes of offset off of the text (a UTF-16
 * file's text read again into b to count its code units); SIZE_MAX when
 * it cannot be told (a single-byte encoding, memory ran out). */
size_t source_stream_raw_offset(const struct source_stream *s, size_t off, struct stream_buf *b);

/* Closes and frees s (NULL: nothing). */
void source_stream_close(struct source_stream *s);

#endif
