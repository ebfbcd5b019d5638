/*
 * xml.c - libxml2 behind a small event interface.
 *
 * Parsing is SAX2 and streaming: libxml2 pulls the input in chunks through a
 * read callback from the caller's buffer, so no copy of the document and no
 * tree is ever built.  Entities declared in an internal subset are recorded
 * by libxml2's own SAX2 handlers (so a reference to one is not a
 * well-formedness error) but never substituted, and external entities and
 * DTDs are never loaded.
 *
 * The rest of an internal subset is neutralised, because libxml2 2.9 makes
 * it cost more than linear time: a parameter-entity reference is never
 * expanded (libxml2 re-parses the entity's text at each one: 20,000
 * references to 100 kB of spaces took seconds), and attribute defaults are
 * dropped when the subset ends (libxml2 adds each default to every start
 * tag, comparing it with each attribute there: 1,000 defaults on 200,000
 * elements took a minute).  Configuration files never need either, and
 * HC0002 already reports the DOCTYPE.
 *
 * Lines: XML ends a line with CR, CRLF or LF, but libxml2 counts only LF in
 * its error positions.  The read callback hands it each lone CR as an LF,
 * which is what XML's end-of-line handling makes of it anyway, so offsets
 * stay the same and libxml2's lines are the document's.
 */
#include "scan/xml.h"
#include "scan/xml_input.h"

#include "util/libxml.h"
#include "util/util.h"

#include <libxml/SAX2.h>
#include <libxml/dict.h>
#include <libxml/encoding.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_HUGE
 * or XML_PARSE_XINCLUDE.  The input is always UTF-8 by the time it gets
 * here (source.c converts), so the declared encoding is ignored. */
#define SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC)

/* Returned for every declared parameter entity: not one, so libxml2 warns
 * (a warning nobody reads) and expands nothing.  Its orig is set, so that
 * libxml2 never stores into it (xmlParseEntityDecl keeps a declaration's
 * raw text in the entity it looks up); nothing else of it is written. */
static xmlEntity not_expanded = {.type = XML_ENTITY_DECL,
				 .etype = XML_INTERNAL_GENERAL_ENTITY,
				 .orig = (xmlChar *)"",
				 .name = (const xmlChar *)""};

/* Configuration files have no use for entities, and libxml2 2.9 in SAX
 * mode re-parses an internal entity at every reference without counting it
 * towards its amplification limits: 50,000 references to a 100 kB entity
 * cost seconds.  This much expansion ends the parse as a limit. */
#define MAX_ENTITY_EXPANSION ((size_t)1 << 20)

/* libxml2 2.9 interns every name in a dictionary that stops growing at
 * 4,608 buckets, so each new name costs in proportion to the names before
 * it: 400,000 distinct element names took 10 s (xmllint as long).  A
 * configuration has a few hundred; past this many the parse ends as a
 * limit (checked at each start tag and each piece of input read). */
#define MAX_NAMES ((size_t)1 << 17)

/* libxml2 2.9 looks a prefix up (and, for every unprefixed name, the
 * default namespace) by walking every declaration in scope: 200 levels of
 * 1,000 declarations over 128,000 small elements took 7.6 s for 4.4 MB
 * (xmllint over two minutes).  The configuration files we know declare at
 * most a dozen; past this many in scope at a start tag the parse ends as a
 * limit, so no name costs more than this many comparisons. */
#define MAX_NAMESPACES 128

/* Work charged for an entity reference (and a quarter of its length for
 * a general one): see xml_events.work. */
#define WORK_ENTITY 8

/* Events from a nested context (libxml2 re-parses entity content to check
 * it) are not part of the document as written; only the main context counts. */
static struct xml_parse *parse_of(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_parse *p = ctxt ? ctxt->_private : NULL;
	return (p && p->ctxt == ctxt) ? p : NULL;
}

/* Says that the parse reached one of the limits above, where it stands;
 * returns 1. */
static int limit_reached(struct xml_parse *p, const char *what)
{
	p->problem_seen = 1;
	p->events->problem(p->user, XML_PROBLEM_LIMIT, (unsigned)xmlSAX2GetLineNumber(p->ctxt),
			   (unsigned)xmlSAX2GetColumnNumber(p->ctxt), what);
	return 1;
}

static inline int too_many_names(struct xml_parse *p)
{
	if (p->problem_seen || !p->ctxt || !p->ctxt->dict ||
	    (size_t)xmlDictSize(p->ctxt->dict) <= MAX_NAMES)
		return 0;
	return limit_reached(p, "more than 131072 distinct names");
}

int xml_names_over_limit(struct xml_parse *p)
{
	return too_many_names(p);
}

/* Whether the start tag just read leaves too many namespace declarations
 * in scope (see MAX_NAMESPACES): says so, as a limit. */
static int too_many_namespaces(struct xml_parse *p)
{
	return p->ctxt->nsNr / 2 > MAX_NAMESPACES &&
	       limit_reached(p, "more than 128 namespace declarations in scope");
}

/* Asks the caller whether the file may cost this much more work; stops the
 * parse when it may not. */
static int charge(struct xml_parse *p, size_t units)
{
	if (p->work && p->work(p->user, units) != 0) {
		p->problem_seen = 1;
		xmlStopParser(p->ctxt);
		return -1;
	}
	return 0;
}

static int close_input(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Without entity substitution, libxml2 (2.9) hands an attribute value's
 * '&' (written &amp; or &#38;) over as the five characters "&#38;", its tree
 * code's escape; nothing else yields them.  Values with an '&' are copied
 * into one buffer (returned, or NULL when memory ran out) with each "&#38;"
 * turned back into the '&' that was meant; a reference to another entity,
 * which is never expanded, stays as written. */
static char *decode_ampersands(struct xml_attr *attrs, size_t n)
{
	size_t total = 1, at = 0;
	char *buf;
	for (size_t i = 0; i < n; i++)
		total += attrs[i].value_len;
	if (!(buf = malloc(total)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *v = attrs[i].value;
		size_t len = attrs[i].value_len, start = at;
		if (!memchr(v, '&', len))
			continue;
		for (size_t k = 0; k < len; k++) {
			buf[at++] = v[k];
			if (v[k] == '&' && len - k >= 5 && memcmp(v + k, "&#38;", 5) == 0)
				k += 4;
		}
		attrs[i].value = buf + start;
		attrs[i].value_len = at - start;
	}
	return buf;
}

static void on_text(void *ctx, const xmlChar *s, int len);

/* Whether s points into what the parser holds of the input. */
static int in_buffer(const xmlParserInput *in, const xmlChar *s)
{
	uintptr_t at = (uintptr_t)s;
	return in->base && at >= (uintptr_t)in->base && at < (uintptr_t)in->end;
}

/* Acts on what a start or end event answered.  Text nobody reads is not
 * handed over at all: with no handler libxml2 skips the call (most text in
 * a configuration file is the indentation between tags). */
static void answered(struct xml_parse *p, int answer)
{
	int off = (answer & XML_NO_TEXT) != 0;
	if (answer & XML_STOP)
		xmlStopParser(p->ctxt);
	if (off != p->text_off) {
		xmlSAXHandlerPtr sax = p->ctxt->sax;
		p->text_off = off;
		sax->characters = sax->ignorableWhitespace = sax->cdataBlock = off ? NULL : on_text;
	}
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		     int n_namespaces, const xmlChar **namespaces, int n_attributes,
		     int n_defaulted, const xmlChar **attributes)
{
	struct xml_parse *p = parse_of(ctx);
	struct xml_attr stack_attrs[16];
	const char *stack_ns[16];
	struct element e;
	size_t n = n_attributes > 0 ? (size_t)n_attributes : 0;
	size_t n_ns = n_namespaces > 0 ? (size_t)n_namespaces : 0;
	struct xml_attr *attrs = stack_attrs;
	const char **ns = stack_ns;
	char *decoded = NULL;
	size_t amp = 0, longest = 0;
	long consumed;
	xmlParserInputPtr in;
	(void)uri, (void)n_defaulted;

	if (!p)
		return;
	/* A limit said so from xml_read_chunk(), which cannot stop the parser:
	 * nothing more is reported. */
	if (too_many_names(p) || p->problem_seen || too_many_namespaces(p)) {
		xmlStopParser(p->ctxt);
		return;
	}
	if (n > sizeof stack_attrs / sizeof stack_attrs[0])
		attrs = malloc(n * sizeof *attrs);
	if (n_ns > sizeof stack_ns / sizeof stack_ns[0] / 2)
		ns = malloc(2 * n_ns * sizeof *ns);
	if (!attrs || !ns) {
		p->ctxt->errNo = XML_ERR_NO_MEMORY;
		xmlStopParser(p->ctxt);
		goto out;
	}
	in = p->ctxt->input;
	for (size_t i = 0; i < n; i++) {
		const xmlChar **a = attributes + 5 * i;
		attrs[i].name = (const char *)a[0];
		attrs[i].prefix = (const char *)a[1];
		attrs[i].value = (const char *)a[3];
		attrs[i].value_len = (size_t)(a[4] - a[3]);
		if (attrs[i].value_len > longest)
			longest = attrs[i].value_len;
		/* libxml2 hands over a value as it stands in its input buffer
		 * unless it had to rewrite it, which a reference always makes
		 * it do: only a rewritten value can hold "&#38;". */
		if (!in_buffer(in, a[3]) && memchr(attrs[i].value, '&', attrs[i].value_len))
			amp++;
	}
	if (amp && !(decoded = decode_ampersands(attrs, n))) {
		p->ctxt->errNo = XML_ERR_NO_MEMORY;
		xmlStopParser(p->ctxt);
		goto out;
	}
	for (size_t i = 0; i < n_ns; i++) {
		ns[i] = (const char *)namespaces[2 * i + 1];
		ns[n_ns + i] = (const char *)namespaces[2 * i];
	}
	/* Without an encoder (the input is UTF-8 already) what libxml2 has
	 * consumed is what it read before its buffer, and into it. */
	consumed = in->buf && !in->buf->encoder ? (long)in->consumed + (in->cur - in->base)
						: xmlByteConsumed(p->ctxt);
	/* libxml2 hands over a start tag cut off by the end of the input before
	 * it reports the error: such a tag is not an element.  (It keeps more
	 * than a few bytes after the tag in its buffer while there are more.) */
	if (consumed < 0 || in->cur >= in->end ||
	    (in->cur[0] != '>' &&
	     !(in->cur[0] == '/' && in->cur + 1 < in->end && in->cur[1] == '>')))
		goto out;
	/* Each field set once: no zeroing first, and nothing the handler
	 * reads back through a wider load than it was stored with.  What the
	 * buffer holds of the tag is for positions in it: found only when
	 * asked for. */
	e.name = (const char *)localname;
	e.prefix = (const char *)prefix;
	e.tag = (const char *)in->base;
	e.tag_len = (size_t)(in->cur - in->base);
	e.attrs = attrs;
	e.n_attrs = n;
	e.longest_value = longest;
	e.ns_uris = ns;
	e.ns_prefixes = ns + n_ns;
	e.n_ns = n_ns;
	e.tag_end = consumed > 0 ? xml_text_offset(p, (size_t)consumed) : 0;
	e.shape = 0;
	answered(p, p->events->start(p->user, &e));
out:
	if (decoded)
		free(decoded);
	if (attrs != stack_attrs)
		free(attrs);
	if (ns != stack_ns)
		free(ns);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct xml_parse *p = parse_of(ctx);
	(void)localname, (void)prefix, (void)uri;
	if (p)
		answered(p, p->events->end(p->user, p));
}

size_t xml_end_offset(struct xml_parse *p)
{
	xmlParserInputPtr in = p->ctxt->input;
	long consumed = in->buf && !in->buf->encoder ? (long)in->consumed + (in->cur - in->base)
						     : xmlByteConsumed(p->ctxt);
	return consumed > 0 ? xml_text_end(p, (size_t)consumed) : 0;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	struct xml_parse *p = parse_of(ctx);
	if (p && len > 0)
		p->events->text(p->user, (const char *)s, (size_t)len);
}

static void on_comment(void *ctx, const xmlChar *text)
{
	struct xml_parse *p = parse_of(ctx);
	long consumed = p && text ? xmlByteConsumed(p->ctxt) : -1;
	size_t start = SIZE_MAX, end = consumed > 0 ? (size_t)consumed : 0, len;
	xmlParserInputPtr in;
	const xmlChar *q;
	if (!p || !text)
		return;
	len = strlen((const char *)text);
	/* The comment's text ends before its "-->", and cannot hold "--": the
	 * last "<!--" in the buffer before the text's end opens it, when it is
	 * still there.  Mostly that is len bytes back; the search is for a
	 * text libxml2 made shorter (a line end of two bytes made one). */
	in = p->ctxt->input;
	q = in->cur - in->base >= 3 ? in->cur - 3 : in->base;
	if ((size_t)(q - in->base) >= len + 4 && memcmp(q - len - 4, "<!--", 4) == 0)
		q -= len;
	else
		while (q - in->base >= 4 && memcmp(q - 4, "<!--", 4) != 0)
			q--;
	if (q - in->base >= 4 && (size_t)(in->cur - q) + 4 <= end)
		start = xml_text_offset(p, end - (size_t)(in->cur - q) - 4);
	p->events->comment(p->user, (const char *)text, len, start, xml_text_end(p, end));
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
			       const xmlChar *system_id)
{
	struct xml_parse *p = parse_of(ctx);
	if (p) {
		long consumed = xmlByteConsumed(p->ctxt);
		p->events->doctype(p->user,
				   consumed > 0 ? xml_text_offset(p, (size_t)consumed) : 0);
	}
	/* Records the subset so that entity declarations have a home, in a
	 * document made for them now (see xml_parse_stream()); it never loads
	 * the external subset (that is the externalSubset handler, unset). */
	if (ctx && !((xmlParserCtxtPtr)ctx)->myDoc)
		xmlSAX2StartDocument(ctx);
	xmlSAX2InternalSubset(ctx, name, external_id, system_id);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Whether libxml2 stopped at one of its limits rather than at bad markup.
 * Only the first line of its message is libxml2's own words (later lines
 * echo the input), and even that line can quote names from the input, so
 * the words are matched where libxml2 puts them, not anywhere. */
static int is_limit(const xmlError *e, const char *first_line, size_t n)
{
	const char *internal = "internal error: ";
	if (e->code == XML_ERR_INTERNAL_ERROR && starts_with(first_line, internal)) {
		first_line += strlen(internal);
		n -= strlen(internal);
	}
	return e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_NAME_TOO_LONG ||
	       (e->code == XML_ERR_INTERNAL_ERROR &&
		(starts_with(first_line, "Excessive depth") ||
		 starts_with(first_line, "Huge input lookup"))) ||
	       ends_with(first_line, n, " too big found") ||
	       ends_with(first_line, n, " too long") ||
	       ends_with(first_line, n, "use XML_PARSE_HUGE option");
}

/* libxml2's message on one line: line breaks become "; ", trailing ones go,
 * and the rest is escaped for display. */
static void joined(char *out, size_t size, const char *m)
{
	char flat[512];
	size_t o = 0;
	for (; *m && o + 3 < sizeof flat; m++) {
		if (*m != '\n') {
			flat[o++] = *m;
		} else if (m[1] && m[1] != '\n') {
			flat[o++] = ';';
			flat[o++] = ' ';
		}
	}
	while (o > 0 && flat[o - 1] == ' ')
		o--;
	str_display(out, size, flat, o);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct xml_parse *p = parse_of(ctx);
	const char *m;
	char line[256], message[512];
	size_t n;

	if (!p || !e || e->level != XML_ERR_FATAL || p->problem_seen)
		return;
	p->problem_seen = 1;
	/* Nothing after a fatal error is reported, and libxml2 may go on
	 * expanding entities for a long time: stop it here. */
	xmlStopParser(p->ctxt);
	m = e->message ? e->message : "";
	n = strcspn(m, "\n");
	while (n > 0 && m[n - 1] == ' ')
		n--;
	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, m, n);
	line[n] = '\0';
	/* One line, control characters and bad UTF-8 escaped: the rest of
	 * libxml2's message quotes the input, which may forge output lines. */
	joined(message, sizeof message, m);
	p->events->problem(
		p->user,
		is_limit(e, line, strlen(line)) ? XML_PROBLEM_LIMIT : XML_PROBLEM_MALFORMED,
		e->line > 0 ? (unsigned)e->line : 1, e->int2 > 0 ? (unsigned)e->int2 : 1, message);
}

/* Counts what internal entities would expand to (references inside entity
 * text included: those come through libxml2's nested parses). */
static xmlEntityPtr get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_parse *p = ctxt ? ctxt->_private : NULL;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);

	if (p && ent && ent->etype == XML_INTERNAL_GENERAL_ENTITY && ent->length > 0) {
		if (charge(p, WORK_ENTITY + (size_t)ent->length / 4) != 0) {
			if (ctxt != p->ctxt)
				xmlStopParser(ctxt);
			return NULL;
		}
		p->expanded += (size_t)ent->length;
		if (p->expanded > MAX_ENTITY_EXPANSION && !p->problem_seen) {
			p->problem_seen = 1;
			p->events->problem(p->user, XML_PROBLEM_LIMIT,
					   (unsigned)xmlSAX2GetLineNumber(p->ctxt),
					   (unsigned)xmlSAX2GetColumnNumber(p->ctxt),
					   "entity references expand to more than 1 MiB");
			xmlStopParser(p->ctxt);
			if (ctxt != p->ctxt)
				xmlStopParser(ctxt);
			return NULL;
		}
	}
	return ent;
}

/* A parameter entity is never expanded (see the top): a declared one is
 * answered with not_expanded, an undeclared one with NULL, so libxml2 says
 * what it said before about a reference to nothing. */
static xmlEntityPtr get_parameter_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_parse *p = ctxt ? ctxt->_private : NULL;
	if (p && charge(p, WORK_ENTITY) != 0)
		return NULL;
	return xmlSAX2GetParameterEntity(ctx, name) ? &not_expanded : NULL;
}

/* Called where libxml2 would load the external subset (it never does here),
 * that is once the internal subset has ended: its attribute defaults and
 * attribute types go, before any start tag could be given them. */
static void end_of_subsets(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	(void)name, (void)external_id, (void)system_id;
	if (!ctxt)
		return;
	if (ctxt->attsDefault) {
		xmlHashFree(ctxt->attsDefault, xmlHashDefaultDeallocator);
		ctxt->attsDefault = NULL;
	}
	if (ctxt->attsSpecial) {
		xmlHashFree(ctxt->attsSpecial, NULL);
		ctxt->attsSpecial = NULL;
	}
}

/* ---- A parser kept between parses ---------------------------------------------
 * A thread linting many small files parses each with the context its last
 * parse used (reset by xmlCtxtReset()) rather than making and freeing one
 * a file: a new context is some twenty allocations, and its dictionary is
 * made and freed under libxml2's process-wide dictionary lock (2.9: its
 * seed, its reference count), which two threads linting small files
 * bounced between their CPUs.
 *
 * What a kept context carries over must not change a verdict.  Its
 * dictionary holds the names of earlier files, so only a text too short to
 * come near MAX_NAMES is parsed with one (a name takes at least a byte of
 * what the parser is given, which leaves out the ranges a parent's variant
 * skips; KEEP_TEXT leaves twice the room the kept names need): the
 * names limit then never falls, as with a new context.  Everything else a
 * parse reads is set again: its stacks emptied, its handlers, options and
 * encoding.  A context is kept only while it is small, its dictionary and
 * the stacks a hostile file could have grown: past 128 names a 2.9
 * dictionary grows its table and hashes every name with its slower key.
 * Configuration files share most of their names, so a context serves many
 * files before a new one is made. */
#define KEEP_NAMES 128
#define KEEP_NAME_BYTES ((size_t)64 << 10)
#define KEEP_STACK 256 /* elements deep, namespaces, attributes of a tag */
/* Each parse gives its input a new id, which 2.14 refuses past INT_MAX. */
#define KEEP_INPUTS (1 << 24)

/* The most bytes parsed with a kept context. */
#define KEEP_TEXT (MAX_NAMES / 2)

/* A context for the next parse, with sax's handlers and no input: keep's
 * (taken: a parse within this one makes its own) or a new one.  NULL when
 * memory ran out. */
static xmlParserCtxtPtr take_context(const xmlSAXHandler *sax, struct xml_keeper *keep)
{
	xmlParserCtxtPtr ctxt = keep ? keep->ctxt : NULL;
	if (ctxt)
		keep->ctxt = NULL;
	else if (!(ctxt = xmlNewParserCtxt()))
		return NULL;
	/* answered() unsets the text handlers in the context's copy. */
	memcpy(ctxt->sax, sax, sizeof *sax);
	ctxt->userData = ctxt;
	/* xmlCtxtReset() (2.9) leaves the namespace stack as a parse that
	 * stopped early left it. */
	ctxt->nsNr = 0;
	return ctxt;
}

/* Gives ctxt to keep for the next parse (reset), or frees it. */
static void give_back_context(xmlParserCtxtPtr ctxt, struct xml_keeper *keep)
{
	if (keep && !keep->ctxt && ctxt->errNo != XML_ERR_NO_MEMORY && ctxt->dict &&
	    xmlDictSize(ctxt->dict) <= KEEP_NAMES &&
	    xmlDictGetUsage(ctxt->dict) <= KEEP_NAME_BYTES && ctxt->nameMax <= KEEP_STACK &&
	    ctxt->nodeMax <= KEEP_STACK && ctxt->spaceMax <= KEEP_STACK &&
	    ctxt->nsMax <= 2 * KEEP_STACK && ctxt->maxatts <= 5 * KEEP_STACK &&
	    ctxt->inputMax <= 16 && ctxt->input_id < KEEP_INPUTS) {
		xmlCtxtReset(ctxt);
		ctxt->_private = NULL; /* the parse's, gone */
		keep->ctxt = ctxt;
		return;
	}
	xmlFreeParserCtxt(ctxt);
}

/* The input of a parse, read through p.  NULL when memory ran out. */
static xmlParserInputPtr new_input(xmlParserCtxtPtr ctxt, struct xml_parse *p)
{
	xmlParserInputPtr in;
	xmlParserInputBufferPtr buf = xmlParserInputBufferCreateIO(xml_read_chunk, close_input, p,
								   XML_CHAR_ENCODING_UTF8);
	if (!buf)
		return NULL;
	if (!(in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_UTF8)))
		xmlFreeParserInputBuffer(buf);
	return in;
}

/* Pushes in, the first input of ctxt (so it cannot fail): inputPush() in
 * 2.9, which 2.12 and 2.13 deprecate for the xmlCtxtPushInput() of 2.14
 * (which leaves in to the caller when it fails). */
static int push_input(xmlParserCtxtPtr ctxt, xmlParserInputPtr in)
{
#if LIBXML_VERSION >= 21400
	int rc = xmlCtxtPushInput(ctxt, in);
	if (rc < 0)
		xmlFreeInputStream(in);
	return rc;
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	return inputPush(ctxt, in);
#pragma GCC diagnostic pop
#endif
}

/* Parses the text read through read, with keep's context (may be NULL),
 * which the parse may then keep for the next. */
static int parse_with(xml_read_fn read, xml_skip_fn skip, void *reader,
		      const struct xml_range *skips, size_t n_skips,
		      const struct xml_events *events, xml_work_fn work, struct xml_keeper *keep,
		      void *user)
{
	struct xml_parse p = {0};
	struct libxml_quiet quiet;
	xmlSAXHandler sax;
	xmlParserInputPtr in = NULL;
	int rc = 0;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_text;
	sax.comment = on_comment;
	sax.serror = on_error;
	/* No document is made unless a DOCTYPE needs one for its entities
	 * (on_internal_subset()): making and freeing one for every file took
	 * libxml2's process-wide dictionary lock twice a parse, which two
	 * threads linting small files contend for. */
	sax.internalSubset = on_internal_subset;
	sax.entityDecl = xmlSAX2EntityDecl;
	sax.getEntity = get_entity;
	sax.getParameterEntity = get_parameter_entity;
	sax.externalSubset = end_of_subsets;

	p.events = events;
	p.work = work;
	p.user = user;
	p.read = read;
	p.skip = skip;
	p.reader = reader;
	p.in_memory = read == xml_read_memory;
	if (xml_input_skip(&p, skips, n_skips) != 0)
		return -1;
	/* Errors without a parser context (encoders, entity tables) would go to
	 * the host application's handlers, and the generic one prints to
	 * stderr: all of it stays here, per thread, for this call only. */
	libxml_quiet_begin(&quiet);
	p.ctxt = take_context(&sax, keep);
	if (p.ctxt)
		in = new_input(p.ctxt, &p);
	if (!in || push_input(p.ctxt, in) < 0) {
		if (p.ctxt)
			xmlFreeParserCtxt(p.ctxt);
		libxml_quiet_end(&quiet);
		free(p.cut);
		return -1;
	}
	p.ctxt->_private = &p;
	/* A new context takes options from the host's process-wide defaults
	 * (xmlSubstituteEntitiesDefault(1) sets XML_PARSE_NOENT, under which
	 * libxml2 loads external entities); only SAFE_OPTIONS may count. */
	p.ctxt->options = 0;
	xmlCtxtUseOptions(p.ctxt, SAFE_OPTIONS);
	/* The text is UTF-8 already: a declared encoding keeps libxml2 from
	 * sniffing the first bytes and switching encoders behind our back. */
	p.ctxt->encoding = xmlStrdup(BAD_CAST "UTF-8");
	xmlParseDocument(p.ctxt);
	if (p.ctxt->errNo == XML_ERR_NO_MEMORY)
		rc = -1;
	if (p.ctxt->myDoc)
		xmlFreeDoc(p.ctxt->myDoc);
	p.ctxt->myDoc = NULL;
	give_back_context(p.ctxt, keep);
	libxml_quiet_end(&quiet);
	free(p.cut);
	return rc;
}

void xml_keeper_clear(struct xml_keeper *k)
{
	if (k && k->ctxt) {
		xmlFreeParserCtxt(k->ctxt);
		k->ctxt = NULL;
	}
}

int xml_parse(const char *utf8, size_t len, const struct xml_events *events, void *user)
{
	return xml_parse_charged(utf8, len, NULL, 0, events, NULL, NULL, user);
}

int xml_parse_charged(const char *utf8, size_t len, const struct xml_range *skips, size_t n_skips,
		      const struct xml_events *events, xml_work_fn work, struct xml_keeper *keep,
		      void *user)
{
	struct memory_reader m = {utf8, len, 0};
	return parse_with(xml_read_memory, xml_skip_memory, &m, skips, n_skips, events, work,
			  xml_bytes_parsed(len, skips, n_skips) <= KEEP_TEXT ? keep : NULL, user);
}

int xml_parse_stream(xml_read_fn read, xml_skip_fn skip, void *reader,
		     const struct xml_range *skips, size_t n_skips, const struct xml_events *events,
		     xml_work_fn work, void *user)
{
	return parse_with(read, skip, reader, skips, n_skips, events, work, NULL, user);
}

/* libxml2 (before 2.12) compares each attribute of a start tag with every
 * earlier one, so a tag with 10^5 attributes costs seconds before the first
 * callback could refuse it.  This pass finds such a tag first.  A start tag
 * holds no '<' and each attribute takes at least five bytes (' a=""'), so
 * only a stretch between two '<' longer than 5 * limit that opens a start
 * tag needs reading: there, '=' outside quotes are counted up to the '>'
 * that ends the tag.  Returns the offset of that tag's '<' and its count in
 * *n, or len. */
size_t xml_attribute_flood(const char *t, size_t len, size_t limit, size_t *n)
{
	const char *p = memchr(t, '<', len), *end = t + len;
	while (p) {
		const char *next = p + 1 < end ? memchr(p + 1, '<', (size_t)(end - p - 1)) : NULL;
		const char *stop = next ? next : end;
		unsigned char c = p + 1 < end ? (unsigned char)p[1] : 0;
		int start_tag = c == '_' || c == ':' || c >= 0x80 ||
				((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
		if (start_tag && (size_t)(stop - p) > 5 * limit) {
			char quote = 0;
			size_t count = 0;
			for (const char *q = p; q < stop; q++) {
				if (quote) {
					quote = *q == quote ? 0 : quote;
				} else if (*q == '"' || *q == '\'') {
					quote = *q;
				} else if (*q == '>') {
					break;
				} else if (*q == '=') {
					count++;
				}
			}
			if (count > limit) {
				*n = count;
				return (size_t)(p - t);
			}
		}
		p = next;
	}
	return len;
}
