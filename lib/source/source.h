/*
 * source.h - bytes in, UTF-8 out: reading a file safely, sniffing the BOM or
 * the XML declaration's encoding, and converting to UTF-8.
 */
#ifndef HC_SOURCE_H
#define HC_SOURCE_H

#include "hardconf.h"

#include <stddef.h>
#include <sys/types.h>

/* Opens the regular file at path for reading (O_NONBLOCK), having looked
 * before opening, so that a FIFO or a device is never opened; listed: the
 * caller has looked (a directory listing said so), and path is opened
 * straight away.  Either way what was opened is checked: returns the
 * descriptor of a regular file with its *size, or -1 with err set
 * (HARDCONF_EIO). */
int source_open(const char *path, int listed, off_t *size, hardconf_error *err);

/* A descriptor of our own for the caller's fd (name only names it in
 * err), which must be a regular file: returns it with the file's *size, or
 * -1 with err set (HARDCONF_EIO).  Read it with pread(): the offset is the
 * caller's. */
int source_adopt(int fd, const char *name, off_t *size, hardconf_error *err);

/* Reads a regular file into a malloc'd buffer (*data, *len; caller frees).
 * At most max bytes are read; *truncated is set when the file is larger.
 * Refuses FIFOs, sockets, devices and directories without opening them for
 * reading.  Returns HARDCONF_OK, HARDCONF_EIO (err says why) or
 * HARDCONF_ENOMEM. */
int source_read_file(const char *path, size_t max, char **data, size_t *len, int *truncated,
		     hardconf_error *err);

/* The same from a file already open (fd, closed in every case; path only
 * names it in err).  Refuses anything but a regular file. */
int source_read_fd(int fd, const char *path, size_t max, char **data, size_t *len, int *truncated,
		   hardconf_error *err);

/* The same from source_open()'s descriptor and size. */
int source_read_sized(int fd, off_t size, const char *path, size_t max, char **data, size_t *len,
		      int *truncated, hardconf_error *err);

/* The document as UTF-8 without a BOM.  text points into the input or into
 * owned (freed by source_text_free). */
struct source_text {
	const char *text;
	size_t len;
	char *owned;
};

/* Why a document could not be decoded, for HC0001. */
struct source_problem {
	unsigned line;
	char message[160];
};

/* Decodes data: UTF-8 with or without BOM, UTF-16 LE/BE (BOM or "<?"
 * sniffed), or an 8-bit encoding named in the XML declaration.  Returns
 * HARDCONF_OK (and fills *out), HARDCONF_ENOMEM, or HARDCONF_EINVAL when the
 * bytes cannot be decoded (*problem says why and where). */
int source_decode(struct source_text *out, const char *data, size_t len,
		  struct source_problem *problem);

/* Whether source_decode() would take data (its first len bytes, at least
 * 512 of a longer text) as UTF-8 without converting it; *skip: the bytes of
 * its BOM. */
int source_is_utf8(const char *data, size_t len, size_t *skip);

void source_text_free(struct source_text *t);

/* How a decoded text sits in the bytes it came from, for edits made in the
 * text and written in the bytes: encoding NULL when unknown (an encoding
 * other than UTF-8 and UTF-16). */
struct source_layout {
	const char *encoding; /* "UTF-8", "UTF-16LE", "UTF-16BE" or NULL */
	size_t bom;           /* bytes before the text */
	int utf16, big_endian;
};

/* The layout of t, decoded from the len bytes at data. */
void source_layout_of(const struct source_text *t, const char *data, size_t len,
		      struct source_layout *out);

/* Whether a file that starts with data (its first len bytes, at least 512
 * of a longer one) can be decoded a piece at a time from wherever an
 * earlier piece stopped, as source_decode() decodes it whole: UTF-16,
 * UCS-4, EBCDIC (code page 37), or a single-byte encoding its XML
 * declaration names (ISO-8859-1 to -9, windows-1250 to -1258), whose
 * converters keep no state from one piece to the next.  Returns 1 with
 * the converter's name in encoding (size bytes), the file's layout as
 * source_layout_of() gives it (a BOM's bytes in layout->bom) and where
 * its text's bytes start (*start: after a BOM), else 0 (UTF-8, another
 * encoding). */
int source_piecewise(const char *data, size_t len, char *encoding, size_t size,
		     struct source_layout *layout, size_t *start);

#endif
