/* source.c - bytes in, UTF-8 out. */
#define _POSIX_C_SOURCE 200809L
#include "source/source.h"

#include "util/libxml.h"
#include "util/util.h"

#include <libxml/encoding.h>
#include <libxml/tree.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fd's size once fstat() says it is a regular file (the path may have
 * been swapped for something else since it was looked at); -1 with fd
 * closed and err set otherwise. */
static int regular_size(int fd, const char *path, off_t *size, hardconf_error *err)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		error_set(err, HARDCONF_EIO, "%s: not a regular file", path);
		return -1;
	}
	*size = st.st_size;
	return 0;
}

int source_open(const char *path, int listed, off_t *size, hardconf_error *err)
{
	int fd;

	/* Look before opening: opening a FIFO for reading blocks until a writer
	 * comes, and a device may have side effects.  A caller that listed the
	 * file has looked already. */
	if (!listed) {
		struct stat st;
		if (stat(path, &st) != 0) {
			error_set(err, HARDCONF_EIO, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			error_set(err, HARDCONF_EIO, "%s: %s", path,
				  S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
			return -1;
		}
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		error_set(err, HARDCONF_EIO, "%s: %s", path, strerror(errno));
		return -1;
	}
	return regular_size(fd, path, size, err) == 0 ? fd : -1;
}

int source_adopt(int fd, const char *name, off_t *size, hardconf_error *err)
{
	/* A descriptor of our own, to close when done; the caller's offset
	 * is shared with it, which pread() leaves alone. */
	int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0) {
		error_set(err, HARDCONF_EIO, "%s: %s", name, strerror(errno));
		return -1;
	}
	return regular_size(own, name, size, err) == 0 ? own : -1;
}

int source_read_file(const char *path, size_t max, char **data, size_t *len, int *truncated,
		     hardconf_error *err)
{
	off_t size;
	int fd;

	*data = NULL;
	*len = 0;
	*truncated = 0;
	if ((fd = source_open(path, 0, &size, err)) < 0)
		return HARDCONF_EIO;
	return source_read_sized(fd, size, path, max, data, len, truncated, err);
}

int source_read_fd(int fd, const char *path, size_t max, char **data, size_t *len, int *truncated,
		   hardconf_error *err)
{
	off_t size;

	*data = NULL;
	*len = 0;
	*truncated = 0;
	if (regular_size(fd, path, &size, err) != 0)
		return HARDCONF_EIO;
	return source_read_sized(fd, size, path, max, data, len, truncated, err);
}

int source_read_sized(int fd, off_t size, const char *path, size_t max, char **data, size_t *len,
		      int *truncated, hardconf_error *err)
{
	size_t cap, n = 0;
	char *buf;

	*data = NULL;
	*len = 0;
	*truncated = 0;
	if ((unsigned long long)size > (unsigned long long)max) {
		/* Not read at all: the caller reports HC0003. */
		close(fd);
		*truncated = 1;
		return HARDCONF_OK;
	}
	cap = (size_t)size + 1;
	buf = malloc(cap ? cap : 1);
	if (!buf) {
		close(fd);
		error_set(err, HARDCONF_ENOMEM, "%s: out of memory", path);
		return HARDCONF_ENOMEM;
	}
	for (;;) {
		ssize_t r;
		if (n == cap) {
			/* The file grew while we read it; keep going up to max + 1. */
			size_t bigger = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *p;
			if (bigger == cap)
				break;
			p = realloc(buf, bigger);
			if (!p) {
				free(buf);
				close(fd);
				error_set(err, HARDCONF_ENOMEM, "%s: out of memory", path);
				return HARDCONF_ENOMEM;
			}
			buf = p;
			cap = bigger;
		}
		/* At n from the start: a descriptor given by the caller
		 * (source_adopt()) shares the caller's offset. */
		r = pread(fd, buf + n, cap - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			error_set(err, HARDCONF_EIO, "%s: %s", path, strerror(e));
			return HARDCONF_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* All fstat() promised, and less than asked for: the end.  (A
		 * file that grew fills the byte past it, and is read on.) */
		if (n < cap && n == (size_t)size)
			break;
	}
	close(fd);
	if (n > max) {
		*truncated = 1;
		n = max;
	}
	*data = buf;
	*len = n;
	return HARDCONF_OK;
}

/* The encoding named in an XML declaration at the start of 8-bit data, copied
 * into name; 0 if there is none. */
static int declared_encoding(const char *data, size_t len, char *name, size_t size)
{
	const char *end, *p;
	if (len < 6 || memcmp(data, "<?xml", 5) != 0)
		return 0;
	end = memchr(data, '>', len < 512 ? len : 512);
	if (!end)
		return 0;
	for (p = data + 5; p + 8 < end; p++) {
		if (memcmp(p, "encoding", 8) == 0) {
			const char *q = p + 8, *v;
			while (q < end &&
			       (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n' || *q == '='))
				q++;
			if (q >= end || (*q != '"' && *q != '\''))
				return 0;
			v = ++q;
			while (q < end && *q != v[-1])
				q++;
			if (q >= end || (size_t)(q - v) >= size)
				return 0;
			memcpy(name, v, (size_t)(q - v));
			name[q - v] = '\0';
			return 1;
		}
	}
	return 0;
}

/* Encodings that need no conversion, and the Unicode labels that an 8-bit
 * file cannot honestly carry (.NET writes encoding="utf-16" into strings that
 * are later saved as UTF-8; the bytes win, as they do for .NET). */
static int needs_no_conversion(const char *name)
{
	static const char *const same[] = {"utf-8",    "utf8",     "us-ascii", "ascii",  "utf-16",
					   "utf-16le", "utf-16be", "unicode",  "utf-32", NULL};
	for (size_t i = 0; same[i]; i++)
		if (ascii_casecmp(name, same[i]) == 0)
			return 1;
	return 0;
}

/* The encoding of a document: its name, the size and byte order of its code
 * units, and its line-feed code (for the line of a decoding error). */
struct encoding {
	const char *name;
	size_t unit;
	int big_endian;
	unsigned char newline;
};

/* The code unit at i: its low byte when the others are 0, else -1. */
static int unit_at(const char *data, size_t i, const struct encoding *enc)
{
	size_t low = enc->big_endian ? i + enc->unit - 1 : i;
	for (size_t k = 0; k < enc->unit; k++)
		if (i + k != low && data[i + k] != 0)
			return -1;
	return (unsigned char)data[low];
}

/* The line of offset upto: CR, CRLF and LF each end a line (CR is 0x0D in
 * EBCDIC too). */
static unsigned count_lines(const char *data, size_t upto, const struct encoding *enc)
{
	unsigned line = 1;
	for (size_t i = 0; i + enc->unit <= upto; i += enc->unit) {
		int c = unit_at(data, i, enc);
		if (c == enc->newline ||
		    (c == '\r' && (i + 2 * enc->unit > upto ||
				   unit_at(data, i + enc->unit, enc) != enc->newline)))
			line++;
	}
	return line;
}

/* The input is converted this much at a time, into a buffer of the same
 * order: the peak is the output, plus the input, plus a small constant
 * (converting it whole into libxml2's buffer and copying that out took
 * four to five times the input: 979 MB for 200 MB of ISO-8859-1). */
#define CONVERT_CHUNK ((size_t)64 << 10)

/* Appends n bytes to the output (*out of *cap, *used used), growing it by
 * half as needed.  Returns 0, or -1 when memory ran out. */
static int append(char **out, size_t *cap, size_t *used, const void *data, size_t n)
{
	if (n + 1 > *cap - *used) {
		size_t want = *cap + *cap / 2 > *used + n + 1 ? *cap + *cap / 2 : *used + n + 1;
		char *grown = realloc(*out, want);
		if (!grown)
			return -1;
		*out = grown;
		*cap = want;
	}
	memcpy(*out + *used, data, n);
	*used += n;
	return 0;
}

/* Converts len bytes in the named encoding (e.g. "UTF-16LE", "ISO-8859-1") to
 * UTF-8 in a new malloc'd buffer (*out, *out_len; caller frees), with
 * libxml2's converters (iconv and ICU behind them), a chunk at a time.
 * Returns 0, -1 when memory ran out, 1 when the encoding is unknown, 2 when
 * the input is not valid in that encoding (*bad_offset: input offset of
 * the first bad byte, as near as the converter tells). */
static int to_utf8(const char *encoding, const char *in, size_t len, char **out, size_t *out_len,
		   size_t *bad_offset)
{
	xmlCharEncodingHandlerPtr handler;
	xmlBufferPtr dst = NULL;
	struct libxml_quiet quiet;
	size_t pos = 0, cap, used = 0;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	*bad_offset = 0;
	/* Most text grows little (ASCII stays one byte); more is made room
	 * for as it comes. */
	cap = len + len / 16 + 64;
	if (cap < len || !(*out = malloc(cap)))
		return -1;
	if (len == 0)
		return 0;
	/* Encoders report without a parser context: to the host application's
	 * structured handler, or the generic one, which prints to stderr.  Both
	 * are per thread, so they are set aside for this call only. */
	libxml_quiet_begin(&quiet);
	handler = xmlFindCharEncodingHandler(encoding);
	if (!handler) {
		libxml_quiet_end(&quiet);
		free(*out);
		*out = NULL;
		return 1;
	}
	dst = xmlBufferCreateSize(4 * CONVERT_CHUNK);
	if (!dst)
		rc = -1;
	while (rc == 0 && pos < len) {
		/* A chunk, and what the last one left of a sequence cut in two. */
		size_t n = len - pos < CONVERT_CHUNK ? len - pos : CONVERT_CHUNK, taken;
		xmlBufferPtr src = xmlBufferCreateStatic((void *)(uintptr_t)(in + pos), n);
		int r;
		if (!src) {
			rc = -1;
			break;
		}
		xmlBufferEmpty(dst);
		r = xmlCharEncInFunc(handler, dst, src);
		taken = n - (size_t)xmlBufferLength(src);
		xmlBufferFree(src);
		if (append(out, &cap, &used, xmlBufferContent(dst), (size_t)xmlBufferLength(dst)) !=
		    0) {
			rc = -1;
			break;
		}
		/* Nothing taken: bad bytes, or a sequence the input ends in the
		 * middle of. */
		if (r < 0 || taken == 0 || (pos + n == len && taken < n)) {
			*bad_offset = pos + taken;
			rc = 2;
			break;
		}
		pos += taken;
	}
	if (dst)
		xmlBufferFree(dst);
	xmlCharEncCloseFunc(handler);
	libxml_quiet_end(&quiet);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	*out_len = used;
	return 0;
}

static int convert(struct source_text *out, struct encoding enc, const char *data, size_t len,
		   struct source_problem *problem)
{
	const char *encoding = enc.name;
	size_t bad = 0;
	int rc = to_utf8(encoding, data, len, &out->owned, &out->len, &bad);
	if (rc < 0)
		return HARDCONF_ENOMEM;
	if (rc == 1) {
		problem->line = 1;
		char shown[64];
		str_display(shown, sizeof shown, encoding, strlen(encoding));
		snprintf(problem->message, sizeof problem->message,
			 "unsupported encoding '%s' in the XML declaration", shown);
		return HARDCONF_EINVAL;
	}
	if (rc == 2) {
		problem->line = count_lines(data, bad, &enc);
		char shown[64];
		str_display(shown, sizeof shown, encoding, strlen(encoding));
		snprintf(problem->message, sizeof problem->message,
			 "the bytes are not valid %s (at byte %zu)", shown, bad);
		return HARDCONF_EINVAL;
	}
	out->text = out->owned;
	return HARDCONF_OK;
}

#define UTF16LE ((struct encoding){"UTF-16LE", 2, 0, '\n'})
#define UTF16BE ((struct encoding){"UTF-16BE", 2, 1, '\n'})
#define UCS4LE ((struct encoding){"UCS-4LE", 4, 0, '\n'})
#define UCS4BE ((struct encoding){"UCS-4BE", 4, 1, '\n'})
#define EBCDIC ((struct encoding){"IBM037", 1, 0, 0x25})

/* Whether data (len bytes) starts as UCS-4: its form in *enc and the
 * bytes of its BOM in *bom.  Told before UTF-16: its little-endian BOM
 * starts like UTF-16's. */
static int ucs4_form(const unsigned char *b, size_t len, struct encoding *enc, size_t *bom)
{
	if (len < 4)
		return 0;
	if (b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
		*enc = UCS4BE, *bom = 4;
	else if (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
		*enc = UCS4LE, *bom = 4;
	else if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == '<')
		*enc = UCS4BE, *bom = 0;
	else if (b[0] == '<' && b[1] == 0 && b[2] == 0 && b[3] == 0)
		*enc = UCS4LE, *bom = 0;
	else
		return 0;
	return 1;
}

/* "<?xm" in EBCDIC: System.Xml reads it, so do we (code page 37). */
static int ebcdic(const unsigned char *b, size_t len)
{
	return len >= 4 && b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94;
}

int source_decode(struct source_text *out, const char *data, size_t len,
		  struct source_problem *problem)
{
	const unsigned char *b = (const unsigned char *)data;
	struct encoding ucs4;
	size_t bom;
	char name[64];

	memset(out, 0, sizeof *out);
	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		out->text = data + 3;
		out->len = len - 3;
		return HARDCONF_OK;
	}
	if (ucs4_form(b, len, &ucs4, &bom))
		return convert(out, ucs4, data + bom, len - bom, problem);
	if (ebcdic(b, len))
		return convert(out, EBCDIC, data, len, problem);
	if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return convert(out, UTF16LE, data + 2, len - 2, problem);
	if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return convert(out, UTF16BE, data + 2, len - 2, problem);
	if (len >= 4 && b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0)
		return convert(out, UTF16LE, data, len, problem);
	if (len >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0)
		return convert(out, UTF16BE, data, len, problem);
	if (declared_encoding(data, len, name, sizeof name) && !needs_no_conversion(name))
		return convert(out, (struct encoding){name, 1, 0, '\n'}, data, len, problem);
	out->text = data;
	out->len = len;
	return HARDCONF_OK;
}

/* Single-byte encodings: a byte is a character whatever came before it. */
static int single_byte(const char *name)
{
	xmlCharEncoding e = xmlParseCharEncoding(name);
	return (e >= XML_CHAR_ENCODING_8859_1 && e <= XML_CHAR_ENCODING_8859_9) ||
	       ascii_ncasecmp(name, "windows-125", 11) == 0 ||
	       ascii_ncasecmp(name, "cp125", 5) == 0;
}

/* Whether data starts as UTF-16 as source_decode() tells it (not UCS-4,
 * whose forms start alike and are told first): its layout then in *out. */
static int utf16_layout(const char *data, size_t len, struct source_layout *out)
{
	const unsigned char *b = (const unsigned char *)data;
	if (len < 4 || (b[0] == 0 && b[1] == 0) || (b[2] == 0 && b[3] == 0))
		return 0;
	if (b[0] == 0xFF && b[1] == 0xFE)
		*out = (struct source_layout){"UTF-16LE", 2, 1, 0};
	else if (b[0] == 0xFE && b[1] == 0xFF)
		*out = (struct source_layout){"UTF-16BE", 2, 1, 1};
	else if (b[0] == '<' && b[1] == 0 && b[3] == 0)
		*out = (struct source_layout){"UTF-16LE", 0, 1, 0};
	else if (b[0] == 0 && b[1] == '<' && b[2] == 0)
		*out = (struct source_layout){"UTF-16BE", 0, 1, 1};
	else
		return 0;
	return 1;
}

int source_piecewise(const char *data, size_t len, char *encoding, size_t size,
		     struct source_layout *layout, size_t *start)
{
	const unsigned char *b = (const unsigned char *)data;
	struct encoding ucs4;
	char name[64];
	const char *chosen = NULL;
	*layout = (struct source_layout){NULL, 0, 0, 0};
	*start = 0;
	/* UCS-4 keeps the layout source_layout_of() gives it whole (none: no
	 * fix is placed in its bytes); only the decoding skips its BOM. */
	if (ucs4_form(b, len, &ucs4, start))
		chosen = ucs4.name;
	else if (ebcdic(b, len))
		chosen = EBCDIC.name;
	else if (utf16_layout(data, len, layout))
		chosen = layout->encoding, *start = layout->bom;
	else if (declared_encoding(data, len, name, sizeof name) && !needs_no_conversion(name) &&
		 single_byte(name))
		chosen = name;
	if (!chosen || strlen(chosen) >= size)
		return 0;
	memcpy(encoding, chosen, strlen(chosen) + 1);
	return 1;
}

int source_is_utf8(const char *data, size_t len, size_t *skip)
{
	const unsigned char *b = (const unsigned char *)data;
	char name[64];
	*skip = 0;
	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		*skip = 3;
		return 1;
	}
	/* Every form source_decode() converts starts with a 0 byte, 0xFF,
	 * 0xFE, EBCDIC's "<?xm", or "<" and a 0 byte. */
	if (len >= 2 && (b[0] == 0 || b[0] == 0xFF || b[0] == 0xFE || b[0] == 0x4C ||
			 (b[0] == '<' && b[1] == 0)))
		return 0;
	return !(declared_encoding(data, len, name, sizeof name) && !needs_no_conversion(name));
}

void source_text_free(struct source_text *t)
{
	free(t->owned);
	t->owned = NULL;
}

void source_layout_of(const struct source_text *t, const char *data, size_t len,
		      struct source_layout *out)
{
	*out = (struct source_layout){NULL, 0, 0, 0};
	if (!data)
		return;
	if (!t->owned) {
		if (t->text >= data && t->text <= data + len)
			*out = (struct source_layout){"UTF-8", (size_t)(t->text - data), 0, 0};
		return;
	}
	utf16_layout(data, len, out);
}
