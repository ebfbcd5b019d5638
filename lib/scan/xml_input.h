/* xml_input.h - the parse under way, for xml.c and its input (xml_input.c). */
#ifndef HC_XML_INPUT_H
#define HC_XML_INPUT_H

#include "scan/xml.h"

#include <libxml/parser.h>
#include <stddef.h>

struct xml_parse {
	xmlParserCtxtPtr ctxt;
	const struct xml_events *events;
	xml_work_fn work;
	void *user;
	xml_read_fn read;
	xml_skip_fn skip; /* NULL: what is left out is read and dropped */
	void *reader;
	int in_memory; /* the reader is xml_read_memory(): a short read is the end */
	int at_end;    /* it has had one */
	int carry_cr;  /* a CR read last, held until the byte after it is known */
	int text_off;  /* the text handlers are unset (XML_NO_TEXT) */
	int problem_seen;
	size_t expanded; /* bytes of internal entities referenced so far */
	/* Ranges of the text left out (xml_range), the next of them, and the
	 * text's offset of the next byte read.  cut[k] is where the parser's
	 * input has skips[k] cut out of it: offsets it reports at or past
	 * that are the text's less the ranges cut by then. */
	const struct xml_range *skips;
	size_t n_skips, next_skip, pos;
	size_t *cut;
};

/* The text in memory, read by xml_read_memory(). */
struct memory_reader {
	const char *text;
	size_t len, pos;
};

size_t xml_read_memory(void *user, char *buf, size_t n);

/* Passes over n bytes of the text in memory: how many there were. */
size_t xml_skip_memory(void *user, size_t n);

/* Makes p leave out the n_skips ranges at skips (struct xml_range; out of
 * order, empty or overlapping ones are a caller's mistake, and the whole
 * text is read then).  Returns 0, or -1 when memory ran out (p->cut is
 * the caller's to free). */
int xml_input_skip(struct xml_parse *p, const struct xml_range *skips, size_t n_skips);

/* How many of a text's len bytes a parse that leaves out skips reads. */
size_t xml_bytes_parsed(size_t len, const struct xml_range *skips, size_t n_skips);

/* Hands libxml2 the next piece of the text, each lone CR made an LF (the
 * same length: offsets do not move); a CR at the end of a piece waits for
 * the byte after it.  Too many names so far: the end of the input
 * (stopping the parser here would free the buffer being filled). */
int xml_read_chunk(void *ctx, char *buffer, int len);

/* xml_text_offset() where ranges were cut out. */
size_t xml_cut_offset(const struct xml_parse *p, size_t at);

/* The text's offset of the byte at offset at of what the parser was given:
 * at plus the bytes of the ranges cut out before it.  Inline: asked at
 * every start tag, mostly of a parse that left nothing out. */
static inline size_t xml_text_offset(const struct xml_parse *p, size_t at)
{
	return p->cut ? xml_cut_offset(p, at) : at;
}

/* The same for an offset just past something (its last byte's, plus one):
 * where a range was cut out right after it, it ends before the range. */
static inline size_t xml_text_end(const struct xml_parse *p, size_t at)
{
	return p->cut && at ? xml_cut_offset(p, at - 1) + 1 : at;
}

/* Whether libxml2's dictionary holds too many names (xml.c's MAX_NAMES):
 * says so once, as a limit. */
int xml_names_over_limit(struct xml_parse *p);

#endif
