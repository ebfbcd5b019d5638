/* xdt_dom.c - libxml2 trees built from xml_parse() events, with origins. */
#include "resolve/xdt_dom.h"

#include "resolve/xdt.h"
#include "scan/xml.h"
#include "util/tag.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XML_NS "http://www.w3.org/XML/1998/namespace"

const char *dom_attr_value(const xmlAttr *a)
{
	const xmlNode *t = a->children;
	return t && t->content ? (const char *)t->content : "";
}

void dom_append(xmlNodePtr parent, xmlNodePtr child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->children = child;
	parent->last = child;
}

void dom_insert_before(xmlNodePtr sibling, xmlNodePtr child)
{
	xmlNodePtr parent = sibling->parent;
	child->parent = parent;
	child->prev = sibling->prev;
	child->next = sibling;
	if (sibling->prev)
		sibling->prev->next = child;
	else
		parent->children = child;
	sibling->prev = child;
}

void dom_insert_after(xmlNodePtr sibling, xmlNodePtr child)
{
	if (sibling->next)
		dom_insert_before(sibling->next, child);
	else
		dom_append(sibling->parent, child);
}

xmlNodePtr dom_next(const xmlNode *root, const xmlNode *n)
{
	if (n->children && n->type != XML_ATTRIBUTE_NODE)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

/* The declaration of prefix (NULL: the default namespace) in scope at n. */
static xmlNsPtr find_ns(const xmlNode *n, const char *prefix, size_t len)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (xmlNsPtr d = n->nsDef; d; d = d->next) {
			const char *p = (const char *)d->prefix;
			if (prefix ? p && strlen(p) == len && memcmp(p, prefix, len) == 0 : !p)
				return d;
		}
	return NULL;
}

const char *dom_lookup_ns(const xmlNode *n, const char *prefix, size_t prefix_len)
{
	xmlNsPtr d;
	if (prefix && prefix_len == 3 && memcmp(prefix, "xml", 3) == 0)
		return XML_NS;
	d = find_ns(n, prefix, prefix_len);
	return d && d->href && d->href[0] ? (const char *)d->href : NULL;
}

/* The state of one parse.  Character data comes in pieces and is kept in
 * pending until something else happens; cursor follows the raw text so that
 * a text node knows where it starts (the parser only says where tags end). */
struct builder {
	struct dom_parse *p;
	const char *text;
	size_t len;
	xmlDocPtr doc;
	xmlNodePtr cur;
	size_t cursor;
	char *pending;
	size_t pending_len, pending_cap, pending_at;
	unsigned char *empty; /* per open element: written as <x/> */
	size_t depth, cap_empty;
	int failed; /* 1: not well-formed; XDT_LIMIT: too big; -1: out of memory */
};

static void fail(struct builder *b, int why)
{
	if (!b->failed || why < 0)
		b->failed = why;
}

static int count(struct builder *b, size_t n)
{
	if (b->p->max_nodes - b->p->nodes < n || b->p->nodes > b->p->max_nodes) {
		fail(b, XDT_LIMIT);
		return -1;
	}
	b->p->nodes += n;
	return 0;
}

static struct origin at(const struct builder *b, size_t offset)
{
	return (struct origin){b->p->file, offset};
}

/* Links a node made for the document, or frees it and fails when memory
 * ran out. */
static xmlNodePtr add(struct builder *b, xmlNodePtr n, size_t offset)
{
	if (!n) {
		fail(b, -1);
		return NULL;
	}
	dom_set_origin(&n->_private, at(b, offset));
	dom_append(b->cur, n);
	return n;
}

static void flush_text(struct builder *b)
{
	if (!b->pending_len || b->failed)
		return;
	if (b->pending_len > INT_MAX)
		fail(b, XDT_LIMIT);
	else if (count(b, 1) == 0)
		add(b, xmlNewDocTextLen(b->doc, (const xmlChar *)b->pending, (int)b->pending_len),
		    b->pending_at);
	b->pending_len = 0;
}

static void on_text(void *user, const char *s, size_t len)
{
	struct builder *b = user;
	if (b->failed)
		return;
	if (!b->pending_len) {
		b->pending_at = b->cursor;
		if (b->len - b->cursor >= 9 && memcmp(b->text + b->cursor, "<![CDATA[", 9) == 0)
			b->pending_at += 9;
	}
	if (b->pending_cap - b->pending_len < len) {
		size_t cap = b->pending_cap ? b->pending_cap : 256;
		char *grown;
		while (cap - b->pending_len < len && cap < SIZE_MAX / 2)
			cap *= 2;
		grown = cap - b->pending_len >= len ? realloc(b->pending, cap) : NULL;
		if (!grown) {
			fail(b, -1);
			return;
		}
		b->pending = grown;
		b->pending_cap = cap;
	}
	memcpy(b->pending + b->pending_len, s, len);
	b->pending_len += len;
}

/* A comment starts at the last "<!--" before its end: "--" cannot occur
 * inside a comment. */
static size_t comment_start(const char *t, size_t end)
{
	size_t i = end >= 7 ? end - 7 : 0;
	while (i > 0 && memcmp(t + i, "<!--", 4) != 0)
		i--;
	return i;
}

static void on_comment(void *user, const char *text, size_t len, size_t start, size_t end)
{
	struct builder *b = user;
	(void)len, (void)start;
	flush_text(b);
	if (b->failed || count(b, 1) != 0)
		return;
	if (end > b->len)
		end = b->len;
	if (add(b, xmlNewDocComment(b->doc, (const xmlChar *)text), comment_start(b->text, end)))
		b->cursor = end;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The attribute names of the start tag [from, tag_end) in order, one call
 * at a time: *at its name's offset.  Returns its length, 0 at the end. */
static size_t next_attr_name(const char *t, size_t tag_end, size_t *i, size_t *at)
{
	size_t name_end;
	while (*i < tag_end && is_blank(t[*i]))
		(*i)++;
	if (*i >= tag_end || t[*i] == '>' || t[*i] == '/')
		return 0;
	*at = *i;
	while (*i < tag_end && t[*i] != '=' && !is_blank(t[*i]))
		(*i)++;
	name_end = *i;
	while (*i < tag_end && t[*i] != '"' && t[*i] != '\'')
		(*i)++;
	if (*i < tag_end) {
		char quote = t[(*i)++];
		while (*i < tag_end && t[*i] != quote)
			(*i)++;
		if (*i < tag_end)
			(*i)++;
	}
	return name_end - *at;
}

static int is_decl(const char *name, size_t n)
{
	return (n == 5 && memcmp(name, "xmlns", 5) == 0) ||
	       (n > 6 && memcmp(name, "xmlns:", 6) == 0);
}

static int qname_is(const char *s, size_t n, const char *prefix, const char *local)
{
	size_t p = prefix ? strlen(prefix) : 0, l = strlen(local);
	if (prefix)
		return n == p + 1 + l && memcmp(s, prefix, p) == 0 && s[p] == ':' &&
		       memcmp(s + p + 1, local, l) == 0;
	return n == l && memcmp(s, local, l) == 0;
}

static const char *prefix_of(const xmlAttr *a)
{
	return a->ns && a->ns->prefix ? (const char *)a->ns->prefix : NULL;
}

/* Where each attribute's name is written: one pass over the start tag (the
 * parser gives attributes in document order, declarations apart), with
 * tag_attr() for any that does not line up. */
static void locate_attrs(struct builder *b, xmlNodePtr n, size_t start, size_t tag_end)
{
	size_t i = start + 1, pos = start, len;
	xmlAttrPtr a = n->properties;
	while (i < tag_end && !is_blank(b->text[i]) && b->text[i] != '>' && b->text[i] != '/')
		i++;
	while (a && (len = next_attr_name(b->text, tag_end, &i, &pos)) > 0) {
		const char *prefix = prefix_of(a), *name = (const char *)a->name;
		if (is_decl(b->text + pos, len))
			continue;
		if (!qname_is(b->text + pos, len, prefix, name)) {
			char qname[256];
			size_t s = start, e;
			size_t np = prefix ? strlen(prefix) : 0, nn = strlen(name);
			if (prefix && np + nn + 2 <= sizeof qname) {
				/* "prefix:name": the name brings its terminator. */
				/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
				memcpy(qname, prefix, np);
				qname[np] = ':';
				memcpy(qname + np + 1, name, nn + 1);
				if (tag_attr(b->text, tag_end, qname, 0, &s, &e))
					pos = s;
			} else if (!prefix && tag_attr(b->text, tag_end, name, 0, &s, &e)) {
				pos = s;
			}
		}
		dom_set_origin(&a->_private, at(b, pos));
		a = a->next;
	}
	for (; a; a = a->next)
		dom_set_origin(&a->_private, at(b, start));
}

/* The namespaces the tag declares, in order.  xml: is built in (libxml2
 * refuses to declare it), xmlns="" is kept with an empty URI. */
static int copy_decls(struct builder *b, xmlNodePtr n, const struct element *e)
{
	xmlNsPtr last = NULL;
	if (e->n_ns && count(b, e->n_ns) != 0)
		return 1;
	for (size_t i = 0; i < e->n_ns; i++) {
		const char *prefix = e->ns_prefixes[i], *uri = e->ns_uris[i];
		xmlNsPtr d;
		if (prefix && strcmp(prefix, "xml") == 0)
			continue;
		d = xmlNewNs(NULL, (const xmlChar *)(uri ? uri : ""), (const xmlChar *)prefix);
		if (!d)
			return -1;
		if (last)
			last->next = d;
		else
			n->nsDef = d;
		last = d;
	}
	return 0;
}

/* The declaration a prefix (NULL: the default namespace for elements)
 * binds to at n: 0 with *ns, 1 when the prefix is not declared (.NET
 * refuses such a document), -1 when memory ran out. */
static int resolve(struct builder *b, xmlNodePtr n, const char *prefix, xmlNsPtr *ns)
{
	*ns = NULL;
	if (prefix && strcmp(prefix, "xml") == 0) {
		*ns = xmlSearchNs(b->doc, n, (const xmlChar *)"xml");
		return *ns ? 0 : -1;
	}
	*ns = find_ns(n, prefix, prefix ? strlen(prefix) : 0);
	if (*ns && (!(*ns)->href || !(*ns)->href[0]))
		*ns = NULL;
	return prefix && !*ns ? 1 : 0;
}

static int copy_attrs(struct builder *b, xmlNodePtr n, const struct element *e)
{
	xmlAttrPtr last = NULL;
	if (e->n_attrs && count(b, e->n_attrs) != 0)
		return 1;
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *x = &e->attrs[i];
		xmlAttrPtr a;
		xmlNodePtr t;
		int rc;
		if (strchr(x->name, ':') || x->value_len > INT_MAX)
			return 1;
		a = xmlNewDocProp(b->doc, (const xmlChar *)x->name, NULL);
		if (!a)
			return -1;
		a->parent = n;
		a->prev = last;
		if (last)
			last->next = a;
		else
			n->properties = a;
		last = a;
		t = xmlNewDocTextLen(b->doc, (const xmlChar *)x->value, (int)x->value_len);
		if (!t)
			return -1;
		t->parent = (xmlNodePtr)a;
		a->children = a->last = t;
		/* Only a prefix gives an attribute a namespace. */
		if (x->prefix && (rc = resolve(b, n, x->prefix, &a->ns)) != 0)
			return rc;
	}
	return 0;
}

static int push_empty(struct builder *b, int empty)
{
	if (b->depth == b->cap_empty) {
		size_t cap = b->cap_empty ? 2 * b->cap_empty : 64;
		unsigned char *grown = realloc(b->empty, cap);
		if (!grown)
			return -1;
		b->empty = grown;
		b->cap_empty = cap;
	}
	b->empty[b->depth++] = (unsigned char)empty;
	return 0;
}

static int on_start(void *user, struct element *e)
{
	struct builder *b = user;
	size_t tag_end = e->tag_end < b->len ? e->tag_end : b->len, start;
	xmlNodePtr n;
	int rc;

	flush_text(b);
	if (b->failed || count(b, 1) != 0)
		return 1;
	start = tag_start(b->text, tag_end);
	/* A colon left in a name is a prefix the parser could not bind. */
	if (strchr(e->name, ':')) {
		fail(b, 1);
		return 1;
	}
	n = add(b, xmlNewDocNode(b->doc, NULL, (const xmlChar *)e->name, NULL), start);
	if (!n)
		return 1;
	rc = copy_decls(b, n, e);
	if (rc == 0)
		rc = resolve(b, n, e->prefix, &n->ns);
	if (rc == 0)
		rc = copy_attrs(b, n, e);
	if (rc == 0 && push_empty(b, b->text[tag_end] == '/') != 0)
		rc = -1;
	if (rc != 0) {
		fail(b, rc);
		return 1;
	}
	locate_attrs(b, n, start, tag_end);
	b->cur = n;
	b->cursor = tag_end + (b->text[tag_end] == '/' ? 2 : 1);
	return 0;
}

/* Moves the cursor past "</name>" (not there for <name/>). */
static int on_end(void *user, struct xml_parse *at)
{
	struct builder *b = user;
	(void)at;
	flush_text(b);
	if (b->failed || !b->depth)
		return 0;
	if (!b->empty[--b->depth]) {
		size_t i = b->cursor;
		while (i + 1 < b->len && !(b->text[i] == '<' && b->text[i + 1] == '/'))
			i++;
		while (i < b->len && b->text[i] != '>')
			i++;
		b->cursor = i < b->len ? i + 1 : b->len;
	}
	if (b->cur->parent)
		b->cur = b->cur->parent;
	return 0;
}

static void on_doctype(void *user, size_t offset)
{
	(void)user, (void)offset;
}

static void on_problem(void *user, enum xml_problem kind, unsigned line, unsigned column,
		       const char *message)
{
	(void)line, (void)column, (void)message;
	fail(user, kind == XML_PROBLEM_LIMIT ? XDT_LIMIT : 1);
}

int dom_parse(struct dom_parse *p, const char *text, size_t len, xmlDictPtr dict, xmlDocPtr *doc)
{
	static const struct xml_events events = {on_start,   on_end,     on_text,
						 on_comment, on_doctype, on_problem};
	struct builder b = {.p = p, .text = text, .len = len};
	int rc;

	*doc = NULL;
	if (count(&b, 1) != 0)
		return b.failed;
	b.doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!b.doc)
		return -1;
	b.doc->dict = dict;
	xmlDictReference(dict);
	b.cur = (xmlNodePtr)b.doc;
	rc = xml_parse(text, len, &events, &b);
	if (rc < 0)
		fail(&b, -1);
	free(b.pending);
	free(b.empty);
	if (!b.failed && !xmlDocGetRootElement(b.doc))
		fail(&b, 1);
	if (b.failed) {
		xmlFreeDoc(b.doc);
		return b.failed;
	}
	*doc = b.doc;
	return 0;
}
