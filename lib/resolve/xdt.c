/*
 * xdt.c - web.config transforms with the semantics of
 * Microsoft.Web.XmlTransform (read from its open-source fork Arbor.Xdt):
 * the engine's entry point, its walk over the transform and the transforms
 * themselves.
 *
 * The engine walks the transform depth-first.  Every element gets an XPath:
 * its parent's, a slash, and a step its xdt:Locator builds (the element's
 * name, with a predicate for Match and Condition; XPath replaces or extends
 * the path).  An element with xdt:Transform applies it to what its path
 * selects in the base as transformed so far; then, whatever the transform,
 * its children are walked too, as .NET does (that is how
 * <appSettings xdt:Transform="InsertIfMissing"> with an
 * <add xdt:Transform="InsertIfMissing"> inside works).  What the engine would
 * log as a warning or an error becomes a problem; the rest still applies.
 *
 * Both documents are libxml2 trees (xdt_dom.h) and paths are libxml2's
 * XPath (xdt_xpath.h), within one work budget for the whole transform.
 * Building paths and selecting with them is xdt_path.c's job, copying
 * into and taking out of the base xdt_edit.c's, and writing the result
 * with its origin map xdt_write.c's (xdt_engine.h: what they share).
 */
#include "resolve/xdt.h"

#include "resolve/xdt_dom.h"
#include "resolve/xdt_engine.h"
#include "resolve/xdt_xpath.h"
#include "util/libxml.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 XPath operations all the evaluations of one transform may spend
 * together, per node of the base and the transform: a real transform
 * evaluates a few dozen paths that each look at a few candidates (libxml2
 * counts about ten operations per candidate of a Match).  A budget per
 * evaluation would not do: a transform of n elements over a base of n
 * nodes would still cost n * n (a hostile repository's
 * Web.Release.config). */
#define WORK_PER_NODE 1024
/* And per byte of both: string functions are charged by the characters
 * they walk, which a few long values hold more of than their nodes say. */
#define WORK_PER_BYTE 4
#define WORK_MIN ((size_t)1 << 20)
/* And never more than this (about a quarter of a second of libxml2's
 * operations): 1000 Match transforms over 1000 entries, far more than real
 * transforms hold, need 9 million. */
#define WORK_MAX ((size_t)1 << 24)

/* ---- Problems, and reading Name(arguments) ---- */

void report(struct xdt *x, size_t offset, const char *fmt, ...)
{
	va_list ap;
	char *message;
	if (!x->problem || x->status)
		return;
	va_start(ap, fmt);
	message = str_vprintf(fmt, ap);
	va_end(ap);
	if (!message) {
		set_status(x, -1);
		return;
	}
	x->problem(x->user, 1, offset, message);
	free(message);
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80;
}

int parse_call(const char *v, size_t len, struct call *c)
{
	size_t i = 0, close = len;
	memset(c, 0, sizeof *c);
	while (i < len && is_blank(v[i]))
		i++;
	c->name = v + i;
	while (i < len && is_word_char(v[i]))
		i++;
	c->name_len = (size_t)(v + i - c->name);
	while (i < len && is_blank(v[i]))
		i++;
	if (!c->name_len)
		return -1;
	if (i == len)
		return 0;
	while (close > i && is_blank(v[close - 1]))
		close--;
	if (v[i] != '(' || close <= i + 1 || v[close - 1] != ')')
		return -1;
	c->args = v + i + 1;
	c->args_len = close - 1 - (i + 1);
	return 0;
}

int call_is(const struct call *c, const char *name)
{
	return strlen(name) == c->name_len && memcmp(c->name, name, c->name_len) == 0;
}

static struct arg trimmed(const char *s, size_t n)
{
	while (n && is_blank(*s))
		s++, n--;
	while (n && is_blank(s[n - 1]))
		n--;
	return (struct arg){s, n};
}

long split_args(const struct call *c, struct arg **out)
{
	size_t n = 0, start = 0;
	long depth = 0;
	struct arg *args;

	*out = NULL;
	if (!c->args_len)
		return 0;
	args = malloc((c->args_len + 1) * sizeof *args);
	if (!args)
		return -1;
	if (!memchr(c->args, ',', c->args_len)) {
		args[n++] = (struct arg){c->args, c->args_len};
	} else {
		for (size_t i = 0; i <= c->args_len; i++) {
			if (i == c->args_len || (c->args[i] == ',' && depth == 0)) {
				args[n++] = trimmed(c->args + start, i - start);
				start = i + 1;
			} else if (c->args[i] == '(') {
				depth++;
			} else if (c->args[i] == ')') {
				depth--;
			}
		}
	}
	*out = args;
	return (long)n;
}

/* Whether attribute a is written qname (prefix:name or name). */
static int attr_is(const xmlAttr *a, const char *qname, size_t n)
{
	const char *prefix = prefix_of(a->ns), *name = (const char *)a->name;
	size_t p = prefix ? strlen(prefix) : 0, l = strlen(name);
	if (prefix)
		return n == p + 1 + l && memcmp(qname, prefix, p) == 0 && qname[p] == ':' &&
		       memcmp(qname + p + 1, name, l) == 0;
	return n == l && memcmp(qname, name, l) == 0;
}

xmlAttrPtr attr_named(const xmlNode *el, const char *qname, size_t n)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next)
		if (attr_is(a, qname, n))
			return a;
	return NULL;
}

/* ---- The transforms ---- */

enum kind {
	REPLACE,
	INSERT,
	INSERT_IF_MISSING,
	INSERT_BEFORE,
	INSERT_AFTER,
	REMOVE,
	REMOVE_ALL,
	REMOVE_ATTRIBUTES,
	SET_ATTRIBUTES
};

static const struct {
	const char *name;
	enum kind kind;
} kinds[] = {{"Replace", REPLACE},
	     {"Insert", INSERT},
	     {"InsertIfMissing", INSERT_IF_MISSING},
	     {"InsertBefore", INSERT_BEFORE},
	     {"InsertAfter", INSERT_AFTER},
	     {"Remove", REMOVE},
	     {"RemoveAll", REMOVE_ALL},
	     {"RemoveAttributes", REMOVE_ATTRIBUTES},
	     {"SetAttributes", SET_ATTRIBUTES}};

static int is_root(const xmlNode *n)
{
	return n->parent && n->parent->type == XML_DOCUMENT_NODE;
}

static void warn_several(struct xdt *x, const struct ctx *c, const struct xq_nodes *s,
			 const char *what)
{
	char buf[160];
	if (s->n > 1)
		report(x, at_transform(c), "%s matches %zu elements at %s; only the first is %s",
		       c->who, s->n, shown(buf, sizeof buf, c->path, strlen(c->path)), what);
}

static int do_replace(struct xdt *x, struct ctx *c)
{
	struct xq_nodes s;
	int rc = targets(x, c, 0, &s);
	if (rc)
		return rc;
	warn_several(x, c, &s, "replaced");
	rc = place(x, c, s.items[0], PLACE_REPLACE);
	xq_nodes_free(&s);
	return rc;
}

static int do_remove(struct xdt *x, struct ctx *c, int all)
{
	struct xq_nodes s;
	int rc = targets(x, c, 0, &s);
	if (rc)
		return rc;
	if (!all)
		warn_several(x, c, &s, "removed");
	for (size_t i = 0; i < (all ? s.n : 1); i++) {
		if (is_root(s.items[i])) {
			report(x, at_transform(c),
			       "%s would remove the root element; hardconf does not apply it",
			       c->who);
			continue;
		}
		take_out(x, s.items[i]);
	}
	xq_nodes_free(&s);
	return 0;
}

/* Insert and InsertIfMissing: the last child of the first parent. */
static int do_insert(struct xdt *x, struct ctx *c, int if_missing)
{
	struct xq_nodes s;
	int rc = targets(x, c, 1, &s);
	xmlNodePtr parent;
	if (rc)
		return rc;
	parent = s.items[0];
	xq_nodes_free(&s);
	if (if_missing) {
		rc = selects(x, c);
		if (rc)
			return rc < 0 ? rc : rc == 2 ? 1 : 0;
	}
	return place(x, c, parent, PLACE_APPEND);
}

/* The one XPath argument of InsertBefore or InsertAfter, as a string. */
static int beside_path(struct xdt *x, const struct ctx *c, const struct call *call, char **path)
{
	struct arg *args;
	long n = split_args(call, &args);
	*path = NULL;
	if (n < 0)
		return oom(x);
	if (n == 1)
		*path = str_ndup(args[0].s, args[0].len);
	else
		report(x, at_transform(c),
		       "%s needs exactly one XPath argument, not %ld (a comma outside parentheses "
		       "splits it); nothing is inserted",
		       c->who, n);
	free(args);
	return n != 1 ? 1 : *path ? 0 : oom(x);
}

/* The element the argument selects first from the first parent, which
 * must be able to have a sibling. */
static int sibling_of(struct xdt *x, struct ctx *c, const char *path, xmlNodePtr *out)
{
	struct xq_nodes s;
	xmlNodePtr parent;
	char buf[160];
	int rc = targets(x, c, 1, &s);
	if (rc)
		return rc;
	parent = s.items[0];
	xq_nodes_free(&s);
	rc = select_nodes(x, c, path, NULL, parent, at_transform(c), &s);
	if (rc)
		return rc;
	*out = s.first && !is_root(s.first) ? s.first : NULL;
	if (!*out)
		report(x, at_transform(c), "%s %s at %s; nothing is inserted", c->who,
		       s.total ? "finds no element that can have a sibling" : "finds nothing",
		       shown(buf, sizeof buf, path, strlen(path)));
	xq_nodes_free(&s);
	return *out ? 0 : 1;
}

/* InsertBefore(xpath) and InsertAfter(xpath): next to that element. */
static int do_insert_beside(struct xdt *x, struct ctx *c, const struct call *call, int after)
{
	xmlNodePtr sibling;
	char *path;
	int rc = beside_path(x, c, call, &path);
	if (!rc)
		rc = sibling_of(x, c, path, &sibling);
	free(path);
	return rc ? rc : place(x, c, sibling, after ? PLACE_AFTER : PLACE_BEFORE);
}

/* The attributes SetAttributes copies: those named, or all but xdt:'s. */
static int set_attributes(struct xdt *x, struct ctx *c, const struct arg *args, long n)
{
	size_t n_attrs = 0, k = 0;
	const xmlAttr **from;
	struct xq_nodes s;
	char buf[64];
	int rc;

	for (xmlAttrPtr a = c->el->properties; a; a = a->next)
		n_attrs++;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	from = malloc((n_attrs + (size_t)n + 1) * sizeof *from);
	if (!from)
		return oom(x);
	if (names_work(x, c, (size_t)n, c->path)) {
		free(from);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		xmlAttrPtr a = attr_named(c->el, args[i].s, args[i].len);
		if (a && !is_xdt(a->ns))
			from[k++] = a;
		else
			report(x, at_transform(c), "%s names %s, which this element does not have",
			       c->who, shown(buf, sizeof buf, args[i].s, args[i].len));
	}
	for (xmlAttrPtr a = c->el->properties; !n && a; a = a->next)
		if (!is_xdt(a->ns))
			from[k++] = a;
	if (!k) {
		report(x, at_transform(c), "%s has no attribute to set; it changes nothing",
		       c->who);
		free(from);
		return 1;
	}
	rc = targets(x, c, 0, &s);
	if (!rc && (rc = attribute_work(x, c, &s, k)) != 0) {
		xq_nodes_free(&s);
	} else if (!rc) {
		for (size_t t = 0; !rc && t < s.n; t++)
			for (size_t i = 0; !rc && i < k; i++)
				rc = set_attr(x, s.items[t], from[i]);
		xq_nodes_free(&s);
	}
	free(from);
	return rc;
}

/* Whether RemoveAttributes' arguments name a (all, with none or "*"). */
static int removes_attr(const xmlAttr *a, const struct arg *args, long n, unsigned char *hit)
{
	int drop = !n;
	for (long j = 0; j < n; j++)
		if ((args[j].len == 1 && args[j].s[0] == '*') || attr_is(a, args[j].s, args[j].len))
			drop = hit[j] = 1;
	return drop;
}

/* RemoveAttributes: those named (or all) from every target; what none of
 * them had is reported, as the engine warns. */
static int remove_attributes(struct xdt *x, struct ctx *c, const struct arg *args, long n)
{
	struct xq_nodes s;
	unsigned char *hit = calloc((size_t)n + 1, 1);
	size_t removed = 0;
	char buf[64], path[160];
	int rc;

	if (!hit)
		return oom(x);
	rc = targets(x, c, 0, &s);
	if (!rc && (rc = attribute_work(x, c, &s, (size_t)n)) != 0)
		xq_nodes_free(&s);
	for (size_t t = 0; !rc && t < s.n; t++) {
		xmlAttrPtr a = s.items[t]->properties, next;
		for (; a; a = next) {
			next = a->next;
			if (removes_attr(a, args, n, hit)) {
				xmlUnlinkNode((xmlNodePtr)a);
				xmlFreeProp(a);
				removed++;
			}
		}
	}
	if (!rc)
		xq_nodes_free(&s);
	shown(path, sizeof path, c->path, strlen(c->path));
	for (long j = 0; !rc && removed && j < n; j++)
		if (!hit[j])
			report(x, at_transform(c), "%s: no element at %s has %s", c->who, path,
			       shown(buf, sizeof buf, args[j].s, args[j].len));
	if (!rc && !removed)
		report(x, at_transform(c), "%s finds no such attribute at %s; it changes nothing",
		       c->who, path);
	free(hit);
	return rc;
}

static int attribute_transform(struct xdt *x, struct ctx *c, const struct call *call, int set)
{
	struct arg *args;
	long n = split_args(call, &args);
	int rc;
	if (n < 0)
		return oom(x);
	for (long i = 0; i < n; i++)
		args[i] = trimmed(args[i].s, args[i].len);
	rc = set ? set_attributes(x, c, args, n) : remove_attributes(x, c, args, n);
	free(args);
	return rc;
}

static int execute(struct xdt *x, struct ctx *c, enum kind kind, const struct call *call)
{
	if (call->args_len && kind != INSERT_BEFORE && kind != INSERT_AFTER &&
	    kind != REMOVE_ATTRIBUTES && kind != SET_ATTRIBUTES)
		report(x, at_transform(c), "%s takes no arguments; they are ignored", c->who);
	if ((kind == INSERT || kind == INSERT_IF_MISSING || kind == INSERT_BEFORE ||
	     kind == INSERT_AFTER) &&
	    !c->parent) {
		report(x, at_transform(c), "%s cannot insert a second root element", c->who);
		return 1;
	}
	switch (kind) {
	case REPLACE:
		return do_replace(x, c);
	case INSERT:
	case INSERT_IF_MISSING:
		return do_insert(x, c, kind == INSERT_IF_MISSING);
	case INSERT_BEFORE:
	case INSERT_AFTER:
		return do_insert_beside(x, c, call, kind == INSERT_AFTER);
	case REMOVE:
	case REMOVE_ALL:
		return do_remove(x, c, kind == REMOVE_ALL);
	default:
		return attribute_transform(x, c, call, kind == SET_ATTRIBUTES);
	}
}

/* Which transform c names; 1 (reported) when none hardconf applies. */
static int transform_kind(struct xdt *x, const struct ctx *c, struct call *call, enum kind *kind)
{
	const char *value = dom_attr_value(c->transform);
	char buf[64];
	if (parse_call(value, strlen(value), call) != 0) {
		report(x, at_transform(c),
		       "%s is not Name or Name(arguments); nothing under this element is applied",
		       c->who);
		return 1;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (call_is(call, kinds[i].name)) {
			*kind = kinds[i].kind;
			return 0;
		}
	shown(buf, sizeof buf, call->name, call->name_len);
	if (call_is(call, "XSLT") || call_is(call, "SetTokenizedAttributes"))
		report(x, at_transform(c),
		       "%s is not applied: hardconf does not evaluate %s; nothing under this "
		       "element is applied",
		       c->who, buf);
	else
		report(x, at_transform(c),
		       "%s is not applied: %s is not a built-in transform (a custom one needs "
		       "xdt:Import, which hardconf does not load); nothing under this element is "
		       "applied",
		       c->who, buf);
	return 1;
}

/* ---- The walk ---- */

static void walk(struct xdt *x, struct ctx *parent, xmlNodePtr el);

/* Finds xdt:Transform and xdt:Locator; other xdt: attributes are typos the
 * engine ignores without a word (xdt:SupressWarnings, sic, is real). */
static void read_xdt_attrs(struct xdt *x, struct ctx *c)
{
	char buf[64];
	for (xmlAttrPtr a = c->el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (!is_xdt(a->ns))
			continue;
		if (strcmp(name, "Transform") == 0) {
			const char *value = dom_attr_value(a);
			c->transform = a;
			snprintf(c->who, sizeof c->who, "%s:Transform=\"%s\"", shown_prefix(a->ns),
				 shown(buf, sizeof buf, value, strlen(value)));
		} else if (strcmp(name, "Locator") == 0) {
			c->locator = a;
		} else if (strcmp(name, "SupressWarnings") != 0) {
			report(x, origin_of(a->_private),
			       "%s:%s is not an XDT attribute (Transform, Locator); the engine "
			       "ignores it",
			       shown_prefix(a->ns), shown(buf, sizeof buf, name, strlen(name)));
		}
	}
}

/* The transform's root must select the base's root, or nothing applies. */
static int root_matches(struct xdt *x, struct ctx *c)
{
	int rc = selects(x, c);
	const xmlNode *root = xmlDocGetRootElement(x->base);
	char a[64], b[64];
	if (rc == 0)
		report(x, origin_of(c->el->_private),
		       "the transform's root <%s> does not match the base's root <%s>%s; nothing "
		       "is applied",
		       shown(a, sizeof a, name_of(c->el), strlen(name_of(c->el))),
		       shown(b, sizeof b, name_of(root), strlen(name_of(root))),
		       xmlStrEqual(c->el->name, root->name) ? " (their namespaces differ)" : "");
	return rc == 1;
}

static void handle(struct xdt *x, struct ctx *c)
{
	struct call call = {NULL, NULL, 0, 0};
	enum kind kind = REPLACE;
	char buf[64];

	if (is_xdt(c->el->ns)) {
		report(x, origin_of(c->el->_private),
		       strcmp(name_of(c->el), "Import") == 0
			       ? "<%s:%s> loads custom transforms, which hardconf does not "
				 "evaluate; what they do is not applied"
			       : "<%s:%s> is not an XDT element; the engine ignores it",
		       shown_prefix(c->el->ns),
		       shown(buf, sizeof buf, name_of(c->el), strlen(name_of(c->el))));
		return;
	}
	read_xdt_attrs(x, c);
	if (c->transform && transform_kind(x, c, &call, &kind) != 0)
		return;
	/* A locator's path is compiled here, so that what is wrong with it is
	 * reported once, not again for every descendant. */
	if (build_path(x, c) ||
	    (c->locator && compiled(x, c, c->path, &c->path_expr, at_locator(c)) != 0) ||
	    (!c->parent && !root_matches(x, c)))
		return;
	if (c->transform)
		execute(x, c, kind, &call);
	if (!x->status)
		walk(x, c, c->el);
}

static void walk(struct xdt *x, struct ctx *parent, xmlNodePtr el)
{
	for (xmlNodePtr k = el->children; k && !x->status && !x->exhausted; k = k->next) {
		struct ctx c = {.parent = parent, .el = k, .matched = -1};
		if (k->type != XML_ELEMENT_NODE)
			continue;
		handle(x, &c);
		free(c.path);
		free(c.insert_path);
		xq_expr_free(c.path_expr);
		xq_expr_free(c.insert_expr);
	}
}

/* ---- Applying a transform ---- */

/* The engine does nothing unless the transform declares its namespace
 * somewhere (it logs "The expected namespace ... was not found"). */
static int declares_xdt(const xmlDoc *doc)
{
	for (const xmlNode *n = (const xmlNode *)doc; n; n = dom_next((const xmlNode *)doc, n))
		for (const xmlNs *d = n->type == XML_ELEMENT_NODE ? n->nsDef : NULL; d; d = d->next)
			if (is_xdt(d))
				return 1;
	return 0;
}

int xdt_apply(const char *base, size_t base_len, const char *transform, size_t transform_len,
	      size_t max_nodes, xdt_problem_fn problem, void *user, struct xdt_result *out)
{
	struct xdt x = {.max_nodes = max_nodes, .problem = problem, .user = user};
	struct dom_parse bp = {0, max_nodes, 0}, tp = {1, max_nodes, 0};
	size_t max_out;
	int rc;

	libxml_init();
	x.dict = xmlDictCreate();
	if (!x.dict)
		return -1;
	rc = dom_parse(&bp, base, base_len, x.dict, &x.base);
	if (!rc)
		rc = dom_parse(&tp, transform, transform_len, x.dict, &x.tr);
	if (!rc && !declares_xdt(x.tr))
		rc = 1;
	if (!rc) {
		size_t n = bp.nodes + tp.nodes, bytes = base_len + transform_len;
		x.nodes = bp.nodes;
		rc = xq_new(x.base, x.tr,
			    n < WORK_MAX / WORK_PER_NODE && bytes < WORK_MAX / WORK_PER_BYTE &&
					    WORK_PER_NODE * n + WORK_PER_BYTE * bytes + WORK_MIN <
						    WORK_MAX
				    ? WORK_PER_NODE * n + WORK_PER_BYTE * bytes + WORK_MIN
				    : WORK_MAX,
			    &x.xq);
	}
	if (!rc) {
		x.removed = xmlNewDocNode(x.base, NULL, (const xmlChar *)"removed", NULL);
		rc = x.removed ? 0 : -1;
	}
	if (!rc) {
		walk(&x, NULL, (xmlNodePtr)x.tr);
		rc = x.status;
	}
	/* Room for what transforms copy, and for escapes ('"' as &quot;), not
	 * for a long value copied to every element. */
	max_out = base_len > (SIZE_MAX >> 4) - transform_len
			  ? SIZE_MAX
			  : 8 * (base_len + transform_len) + ((size_t)1 << 20);
	if (!rc) {
		rc = serialize(x.base, max_out, out);
		if (!rc) {
			out->file_len[0] = base_len;
			out->file_len[1] = transform_len;
		}
	}
	xq_free(x.xq);
	if (x.removed)
		xmlFreeNode(x.removed);
	if (x.base)
		xmlFreeDoc(x.base);
	if (x.tr)
		xmlFreeDoc(x.tr);
	xmlDictFree(x.dict);
	return rc;
}
