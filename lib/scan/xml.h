/*
 * xml.h - the only door to libxml2's parser.  The rest of the library sees
 * plain UTF-8 strings and byte offsets, never xmlChar or a parser context;
 * only the transform engine builds libxml2 trees, from these events, to run
 * libxml2's XPath on them (xdt_dom.h, xdt_xpath.h).
 */
#ifndef HC_XML_H
#define HC_XML_H

#include <stddef.h>
#include <stdint.h>

/* One attribute of a start tag.  Strings point into parser memory that lives
 * only for the duration of the start callback. */
struct xml_attr {
	const char *name;   /* local name, NUL-terminated */
	const char *prefix; /* namespace prefix or NULL */
	const char *value;  /* not NUL-terminated; entities and character references decoded */
	size_t value_len;
};

/* A start tag.  Strings point into parser memory that lives only for the
 * duration of the start callback (names are interned for the whole parse). */
struct element {
	const char *name;   /* local name */
	const char *prefix; /* namespace prefix or NULL */
	const struct xml_attr *attrs;
	size_t n_attrs;
	size_t longest_value;           /* the longest attribute value's length */
	const char *const *ns_uris;     /* namespaces this tag declares */
	const char *const *ns_prefixes; /* their prefixes (NULL: the default namespace) */
	size_t n_ns;
	size_t tag_end; /* byte offset just past the attributes (at '>' or '/>') */
	/* The text before tag_end that the parser still holds (tag_len bytes
	 * ending at tag_end), valid during the start callback: the tag's '<'
	 * is the last in it, if it is there at all. */
	const char *tag;
	size_t tag_len;
	/* Where it stands, for fingerprints (set by the scanner, 0 from the
	 * parser): a hash of its path and of its key or name attribute. */
	uint64_t shape;
};

/* Why parsing ended early. */
enum xml_problem {
	XML_PROBLEM_MALFORMED, /* not well-formed */
	XML_PROBLEM_LIMIT      /* a parser limit (depth, length, entity amplification) */
};

/* What the start and end events answer (bits). */
enum {
	XML_STOP = 1,   /* end the parse: no further events */
	XML_NO_TEXT = 2 /* no text events until the next start or end: the
			 * element now innermost has no use for its text, and
			 * the parser skips the calls */
};

/* A parse under way, for the end event's xml_end_offset(). */
struct xml_parse;

/* Bytes of the text a parse leaves out, [start, end): whole elements, so
 * what is left is as well-formed as the text.  Offsets the events carry are
 * the text's all the same, the bytes left out counted. */
struct xml_range {
	size_t start, end;
};

struct xml_events {
	/* A start tag; tag_end is an offset in the buffer given to xml_parse().
	 * The handler may change e (its tag_end and shape: the scanner's
	 * offsets and fingerprints); it lives only for the call.  Answers 0 or
	 * XML_STOP and XML_NO_TEXT bits. */
	int (*start)(void *user, struct element *e);
	/* An end tag (an empty element's too); answers as start does.  at
	 * tells where it ends, if asked (xml_end_offset()). */
	int (*end)(void *user, struct xml_parse *at);
	/* Character data (text or CDATA) of the open element, in pieces. */
	void (*text)(void *user, const char *s, size_t len);
	/* A comment's text; start is the offset of its "<!--" (SIZE_MAX: the
	 * parser no longer holds it), end the offset just past its "-->". */
	void (*comment)(void *user, const char *text, size_t len, size_t start, size_t end);
	/* A <!DOCTYPE> (with or without an internal subset); offset near it. */
	void (*doctype)(void *user, size_t offset);
	/* The first fatal problem; parsing stops after it.  line and column are
	 * 1-based as the parser counted them; message has no trailing newline. */
	void (*problem)(void *user, enum xml_problem kind, unsigned line, unsigned column,
			const char *message);
};

/* Work done inside the parser that no event shows (an entity reference
 * looked up), in the units of the caller's work budget.  Returning non-zero
 * stops the parse without a problem event (the caller reports why). */
typedef int (*xml_work_fn)(void *user, size_t units);

/* Parses len bytes of UTF-8 (no BOM) with safe options: no entity
 * substitution, no DTD loading, no network, default limits; an internal
 * subset's parameter entities are never expanded and its attribute defaults
 * never applied.  CR, CRLF and LF each end a line, for the problem event's
 * line too.  No error reaches the host application's libxml2 handlers.
 * Returns 0, or -1 when memory ran out.  Thread-safe. */
int xml_parse(const char *utf8, size_t len, const struct xml_events *events, void *user);

/* A parser kept from one parse to the next by a thread that parses many
 * small texts (a workspace's, api/workspace.c), or none (ctxt NULL).  One
 * parse at a time uses it. */
struct xml_keeper {
	void *ctxt;
};

/* Frees the parser k keeps (k may be NULL); k then keeps none. */
void xml_keeper_clear(struct xml_keeper *k);

/* The same, telling work (which may be NULL) what the parser does unseen,
 * with the parser keep keeps (may be NULL) when the text is small, which
 * keep may then keep for the next parse, and leaving out the n_skips
 * ranges at skips (sorted, apart; NULL when none). */
int xml_parse_charged(const char *utf8, size_t len, const struct xml_range *skips, size_t n_skips,
		      const struct xml_events *events, xml_work_fn work, struct xml_keeper *keep,
		      void *user);

/* Reads the next piece of the text into buf (at most n bytes): how many,
 * 0 at its end. */
typedef size_t (*xml_read_fn)(void *reader, char *buf, size_t n);

/* Passes over the next n bytes of the text without reading them: how
 * many there were. */
typedef size_t (*xml_skip_fn)(void *reader, size_t n);

/* The same, with the text read a piece at a time through read; the
 * ranges left out are passed over with skip (NULL: read and dropped). */
int xml_parse_stream(xml_read_fn read, xml_skip_fn skip, void *reader,
		     const struct xml_range *skips, size_t n_skips, const struct xml_events *events,
		     xml_work_fn work, void *user);

/* The offset just past the end tag being reported (in the text, as
 * start's tag_end is); valid only during the end event. */
size_t xml_end_offset(struct xml_parse *at);

/* libxml2 2.9 compares each attribute of a start tag with every earlier
 * one, before any callback could refuse the tag: the offset of the first
 * start tag in text with more than limit attributes (*n: how many), or len
 * when there is none.  Run it before xml_parse() on untrusted text. */
size_t xml_attribute_flood(const char *text, size_t len, size_t limit, size_t *n);

#endif
