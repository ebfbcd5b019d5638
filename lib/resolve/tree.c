/* tree.c - a small element tree built from xml_parse() events. */
#include "resolve/tree.h"

#include "scan/xml.h"
#include "util/tag.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* Blocks grow with what they hold, so a large document takes few mallocs. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t need = (n + align - 1) & ~(align - 1);

	if (need < n)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t size = b && b->size < ((size_t)1 << 24) ? b->size * 2 : (size_t)1 << 14;
		if (size < need)
			size = need;
		if (size > SIZE_MAX - sizeof *b)
			return NULL;
		b = malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	b->used += need;
	return b->data + b->used - need;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *copy = n < SIZE_MAX ? arena_alloc(a, n + 1) : NULL;
	if (copy) {
		if (n)
			memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

void tree_append(struct node *parent, struct node *child)
{
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void tree_insert_before(struct node *sibling, struct node *child)
{
	struct node *parent = sibling->parent;
	child->parent = parent;
	child->prev = sibling->prev;
	child->next = sibling;
	if (sibling->prev)
		sibling->prev->next = child;
	else
		parent->first = child;
	sibling->prev = child;
}

void tree_insert_after(struct node *sibling, struct node *child)
{
	if (sibling->next)
		tree_insert_before(sibling->next, child);
	else
		tree_append(sibling->parent, child);
}

void tree_unlink(struct node *n)
{
	struct node *parent = n->parent;
	if (!parent)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

struct node *tree_next(const struct node *root, const struct node *n)
{
	if (n->first)
		return n->first;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

void tree_number(struct node *doc)
{
	size_t order = 0;
	for (struct node *n = doc; n; n = tree_next(doc, n))
		n->order = order++;
}

struct tattr *tree_attr(const struct node *n, const char *prefix, const char *name)
{
	for (size_t i = 0; i < n->n_attrs; i++) {
		struct tattr *a = &n->attrs[i];
		if (strcmp(a->name, name) == 0 &&
		    (prefix ? a->prefix && strcmp(a->prefix, prefix) == 0 : !a->prefix))
			return a;
	}
	return NULL;
}

static int prefix_is(const char *declared, const char *prefix, size_t len)
{
	if (!prefix)
		return declared == NULL;
	return declared && strlen(declared) == len && memcmp(declared, prefix, len) == 0;
}

const char *tree_lookup_ns(const struct node *n, const char *prefix, size_t prefix_len)
{
	if (prefix && prefix_len == 3 && memcmp(prefix, "xml", 3) == 0)
		return XML_NS;
	for (; n; n = n->parent)
		for (size_t i = n->n_decls; i-- > 0;)
			if (prefix_is(n->decls[i].prefix, prefix, prefix_len))
				return n->decls[i].uri;
	return NULL;
}

/* The state of one parse.  Character data comes in pieces and is kept in
 * pending until something else happens; cursor follows the raw text so that
 * a text node knows where it starts (the parser only says where tags end). */
struct builder {
	struct tree_parse *p;
	const char *text;
	size_t len;
	struct node *doc, *cur;
	size_t cursor;
	char *pending;
	size_t pending_len, pending_cap, pending_at;
	unsigned char *empty; /* per open element: written as <x/> */
	size_t depth, cap_empty;
	int failed; /* 1: not well-formed or too big; -1: out of memory */
};

static void fail(struct builder *b, int why)
{
	if (!b->failed || why < 0)
		b->failed = why;
}

static int count(struct builder *b, size_t n)
{
	if (b->p->max_nodes - b->p->nodes < n || b->p->nodes > b->p->max_nodes) {
		fail(b, 1);
		return -1;
	}
	b->p->nodes += n;
	return 0;
}

static struct node *new_node(struct builder *b, enum node_kind kind, size_t offset)
{
	struct node *n;
	if (count(b, 1) != 0)
		return NULL;
	n = arena_alloc(b->p->arena, sizeof *n);
	if (!n) {
		fail(b, -1);
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->at = (struct origin){b->p->file, offset};
	return n;
}

static void flush_text(struct builder *b)
{
	struct node *n;
	if (!b->pending_len || b->failed)
		return;
	n = new_node(b, NODE_TEXT, b->pending_at);
	if (n) {
		n->text = arena_strndup(b->p->arena, b->pending, b->pending_len);
		n->len = b->pending_len;
		if (n->text)
			tree_append(b->cur, n);
		else
			fail(b, -1);
	}
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

static void on_comment(void *user, const char *text, size_t len, size_t end)
{
	struct builder *b = user;
	struct node *n;
	flush_text(b);
	if (b->failed)
		return;
	if (end > b->len)
		end = b->len;
	n = new_node(b, NODE_COMMENT, comment_start(b->text, end));
	if (!n)
		return;
	n->text = arena_strndup(b->p->arena, text, len);
	n->len = len;
	if (!n->text) {
		fail(b, -1);
		return;
	}
	tree_append(b->cur, n);
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

/* Where each attribute's name is written: one pass over the start tag (the
 * parser gives attributes in document order, declarations apart), with
 * tag_attr() for any that does not line up. */
static void locate_attrs(struct builder *b, struct node *n, size_t start, size_t tag_end)
{
	size_t i = start + 1, at = start, k = 0, len;
	while (i < tag_end && !is_blank(b->text[i]) && b->text[i] != '>' && b->text[i] != '/')
		i++;
	while (k < n->n_attrs && (len = next_attr_name(b->text, tag_end, &i, &at)) > 0) {
		struct tattr *a = &n->attrs[k];
		if (is_decl(b->text + at, len))
			continue;
		if (!qname_is(b->text + at, len, a->prefix, a->name)) {
			char qname[256];
			size_t s = start, e;
			if (a->prefix && strlen(a->prefix) + strlen(a->name) + 2 <= sizeof qname) {
				memcpy(qname, a->prefix, strlen(a->prefix));
				qname[strlen(a->prefix)] = ':';
				/* Bounded: the lengths were checked against qname above. */
				/* NOLINTNEXTLINE(clang-analyzer-security.insecureAPI.strcpy) */
				strcpy(qname + strlen(a->prefix) + 1, a->name);
				if (tag_attr(b->text, tag_end, qname, 0, &s, &e))
					at = s;
			} else if (!a->prefix && tag_attr(b->text, tag_end, a->name, 0, &s, &e)) {
				at = s;
			}
		}
		a->at = (struct origin){b->p->file, at};
		k++;
	}
	for (; k < n->n_attrs; k++)
		n->attrs[k].at = (struct origin){b->p->file, start};
}

static int copy_decls(struct builder *b, struct node *n, const struct element *e)
{
	struct nsdecl *d;
	if (!e->n_ns)
		return 0;
	if (count(b, e->n_ns) != 0)
		return -1;
	d = arena_alloc(b->p->arena, e->n_ns * sizeof *d);
	if (!d)
		return -1;
	for (size_t i = 0; i < e->n_ns; i++) {
		const char *uri = e->ns_uris[i];
		d[i].prefix = e->ns_prefixes[i] ? arena_strndup(b->p->arena, e->ns_prefixes[i],
								strlen(e->ns_prefixes[i]))
						: NULL;
		d[i].uri = uri && *uri ? arena_strndup(b->p->arena, uri, strlen(uri)) : NULL;
		if ((e->ns_prefixes[i] && !d[i].prefix) || (uri && *uri && !d[i].uri))
			return -1;
	}
	n->decls = d;
	n->n_decls = e->n_ns;
	return 0;
}

static const char *copy(struct builder *b, const char *s)
{
	return s ? arena_strndup(b->p->arena, s, strlen(s)) : NULL;
}

/* An attribute's namespace: only a prefix gives one.  An undeclared prefix
 * makes the document unusable for the engine (.NET refuses to load it). */
static int resolve(const struct node *n, const char *prefix, int is_element, const char **ns)
{
	*ns = NULL;
	if (prefix) {
		*ns = tree_lookup_ns(n, prefix, strlen(prefix));
		return *ns ? 0 : 1;
	}
	if (is_element)
		*ns = tree_lookup_ns(n, NULL, 0);
	return 0;
}

static int copy_attrs(struct builder *b, struct node *n, const struct element *e)
{
	if (!e->n_attrs)
		return 0;
	if (count(b, e->n_attrs) != 0)
		return 1;
	n->attrs = arena_alloc(b->p->arena, e->n_attrs * sizeof *n->attrs);
	if (!n->attrs)
		return -1;
	n->n_attrs = n->cap_attrs = e->n_attrs;
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *x = &e->attrs[i];
		struct tattr *a = &n->attrs[i];
		memset(a, 0, sizeof *a);
		a->name = copy(b, x->name);
		a->prefix = copy(b, x->prefix);
		a->value = arena_strndup(b->p->arena, x->value, x->value_len);
		a->len = x->value_len;
		if (!a->name || (x->prefix && !a->prefix) || !a->value)
			return -1;
		if (strchr(a->name, ':') || resolve(n, a->prefix, 0, &a->ns) != 0)
			return 1;
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

static int on_start(void *user, const struct element *e)
{
	struct builder *b = user;
	size_t tag_end = e->tag_end < b->len ? e->tag_end : b->len, start;
	struct node *n;
	int rc;

	flush_text(b);
	if (b->failed)
		return 1;
	start = tag_start(b->text, tag_end);
	n = new_node(b, NODE_ELEMENT, start);
	if (!n)
		return 1;
	n->parent = b->cur; /* for namespace lookups until appended */
	n->name = copy(b, e->name);
	n->prefix = copy(b, e->prefix);
	if (!n->name || (e->prefix && !n->prefix) || copy_decls(b, n, e) != 0) {
		fail(b, b->failed ? b->failed : -1);
		return 1;
	}
	/* A colon left in a name is a prefix the parser could not bind. */
	if (strchr(n->name, ':') || resolve(n, n->prefix, 1, &n->ns) != 0) {
		fail(b, 1);
		return 1;
	}
	rc = copy_attrs(b, n, e);
	if (rc == 0 && push_empty(b, b->text[tag_end] == '/') != 0)
		rc = -1;
	if (rc != 0) {
		fail(b, rc);
		return 1;
	}
	locate_attrs(b, n, start, tag_end);
	tree_append(b->cur, n);
	b->cur = n;
	b->cursor = tag_end + (b->text[tag_end] == '/' ? 2 : 1);
	return 0;
}

/* Moves the cursor past "</name>" (not there for <name/>). */
static void on_end(void *user)
{
	struct builder *b = user;
	flush_text(b);
	if (b->failed || !b->depth)
		return;
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
}

static void on_doctype(void *user, size_t offset)
{
	(void)user, (void)offset;
}

static void on_problem(void *user, enum xml_problem kind, unsigned line, unsigned column,
		       const char *message)
{
	(void)kind, (void)line, (void)column, (void)message;
	fail(user, 1);
}

int tree_parse(struct tree_parse *p, const char *text, size_t len, struct node **doc)
{
	static const struct xml_events events = {on_start,   on_end,     on_text,
						 on_comment, on_doctype, on_problem};
	struct builder b = {.p = p, .text = text, .len = len};
	int rc;

	*doc = NULL;
	b.doc = b.cur = new_node(&b, NODE_DOCUMENT, 0);
	if (!b.doc)
		return b.failed;
	rc = xml_parse(text, len, &events, &b);
	if (rc < 0)
		fail(&b, -1);
	free(b.pending);
	free(b.empty);
	if (!b.failed) {
		struct node *root = b.doc->first;
		while (root && root->kind != NODE_ELEMENT)
			root = root->next;
		if (!root)
			fail(&b, 1);
	}
	if (b.failed)
		return b.failed;
	*doc = b.doc;
	return 0;
}
