/*
 * xdt.c - web.config transforms with the semantics of
 * Microsoft.Web.XmlTransform (read from its open-source fork Arbor.Xdt).
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
 */
#include "resolve/xdt.h"

#include "resolve/xdt_dom.h"
#include "resolve/xdt_xpath.h"
#include "scan/xml.h"
#include "util/libxml.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XDT_NS "http://schemas.microsoft.com/XML-Document-Transform"
/* A built path longer than this is refused: Match copies attribute values
 * into every descendant's path, which must not grow without end. */
#define MAX_PATH 65536
/* The parser's nesting limit: a deeper result could not be re-read. */
#define MAX_DEPTH 256
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

struct xdt {
	xmlDictPtr dict;
	xmlDocPtr base, tr;
	xmlNodePtr removed; /* what transforms took out of the base, freed at the end */
	struct xq *xq;
	size_t max_nodes, nodes; /* nodes: made for the result so far */
	int exhausted;           /* the work budget ran out: nothing more is applied */
	int status;              /* 1: a limit was hit; -1: memory ran out */
	xdt_problem_fn problem;
	void *user;
};

/* One element of the transform on the walk. */
struct ctx {
	struct ctx *parent;
	xmlNodePtr el;
	xmlAttrPtr transform, locator;
	char *path;        /* its XPath */
	char *insert_path; /* where Insert* puts it: the parent's path, or its own for XPath() */
	struct xq_expr *path_expr; /* path compiled, once asked */
	struct xq_expr *insert_expr;
	char who[160];    /* xdt:Transform="..." for messages */
	const char *hint; /* why the engine's path may not compile */
	int matched;      /* whether path selects an element (1, 0; 2 unknown, -1 not asked) */
};

/* Name(arguments), as the engine's pattern reads xdt:Transform and
 * xdt:Locator values: \A\s*(\w+)(\s*\((.*)\))?\s*\Z, greedy. */
struct call {
	const char *name, *args;
	size_t name_len, args_len;
};

struct arg {
	const char *s;
	size_t len;
};

static void set_status(struct xdt *x, int status)
{
	if (!x->status || status < 0)
		x->status = status;
}

/* Internal functions return 0, 1 when they reported why they skip, or -1
 * when the whole call ends (x->status says why). */
static int oom(struct xdt *x)
{
	set_status(x, -1);
	return -1;
}

static void report(struct xdt *x, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct xdt *x, size_t offset, const char *fmt, ...)
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

static size_t origin_of(const void *priv)
{
	return dom_origin(priv).offset;
}

/* Where a problem about ctx points: its xdt:Transform, else its '<'. */
static size_t at_transform(const struct ctx *c)
{
	return origin_of(c->transform ? c->transform->_private : c->el->_private);
}

static size_t at_locator(const struct ctx *c)
{
	return c->locator ? origin_of(c->locator->_private) : at_transform(c);
}

static int is_xdt(const xmlNs *ns)
{
	return ns && ns->href && strcmp((const char *)ns->href, XDT_NS) == 0;
}

static const char *prefix_of(const xmlNs *ns)
{
	return ns && ns->prefix ? (const char *)ns->prefix : NULL;
}

static const char *name_of(const xmlNode *n)
{
	return (const char *)n->name;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80;
}

static int parse_call(const char *v, size_t len, struct call *c)
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

static int call_is(const struct call *c, const char *name)
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

/* The engine's argument split: one argument, untrimmed, without a comma;
 * else split at commas, joined again where parentheses do not balance,
 * each trimmed.  Returns how many (in *out, to free), or -1 when memory ran
 * out. */
static long split_args(const struct call *c, struct arg **out)
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

/* A string display-safe and short, for messages. */
static const char *shown(char *buf, size_t size, const char *s, size_t n)
{
	str_display(buf, size, s, n);
	return buf;
}

/* ---- Paths ---- */

struct sbuf {
	char *s;
	size_t len, cap;
	int failed;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *grown;
	if (b->failed)
		return;
	if (b->len + n + 1 > MAX_PATH) {
		b->failed = 1;
		return;
	}
	grown = array_grow(b->s, &b->cap, b->len + n + 1, 1);
	if (!grown) {
		b->failed = -1;
		return;
	}
	b->s = grown;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_slash(struct sbuf *b)
{
	if (!b->len || b->s[b->len - 1] != '/')
		sb_add(b, "/", 1);
}

/* The step naming the element: an element in a default namespace is
 * _defaultNamespace:name, as the engine writes it. */
static void sb_step(struct sbuf *b, const xmlNode *el)
{
	if (el->ns && !el->ns->prefix) {
		sb_str(b, "_defaultNamespace:");
	} else if (el->ns) {
		sb_str(b, (const char *)el->ns->prefix);
		sb_str(b, ":");
	}
	sb_str(b, name_of(el));
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

static xmlAttrPtr attr_named(const xmlNode *el, const char *qname, size_t n)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next)
		if (attr_is(a, qname, n))
			return a;
	return NULL;
}

/* Match(a,b): [@a='v' and @b='w'] with the element's own values, quoted
 * as the engine quotes them (not at all: a value with ' breaks the path). */
static int match_predicate(struct xdt *x, struct ctx *c, const struct arg *args, long n,
			   struct sbuf *b)
{
	char buf[64];
	if (n < 1) {
		report(x, at_locator(c),
		       "xdt:Locator=\"Match\" needs the names of attributes to "
		       "match; nothing under this element is applied");
		return 1;
	}
	sb_str(b, "[");
	for (long i = 0; i < n; i++) {
		xmlAttrPtr a = attr_named(c->el, args[i].s, args[i].len);
		const char *value;
		if (!a) {
			report(x, at_locator(c),
			       "xdt:Locator=\"Match\" names %s, which this element does not have; "
			       "nothing under this element is applied",
			       shown(buf, sizeof buf, args[i].s, args[i].len));
			return 1;
		}
		value = dom_attr_value(a);
		sb_str(b, i ? " and @" : "@");
		sb_add(b, args[i].s, args[i].len);
		sb_str(b, "='");
		sb_str(b, value);
		sb_str(b, "'");
		if (strchr(value, '\''))
			c->hint = " (Match quotes values with ' and does not escape them)";
	}
	sb_str(b, "]");
	return 0;
}

static int one_argument(struct xdt *x, struct ctx *c, const char *locator, long n)
{
	if (n == 1)
		return 0;
	report(x, at_locator(c),
	       "xdt:Locator=\"%s\" needs exactly one argument, not %ld (a comma outside "
	       "parentheses splits it); nothing under this element is applied",
	       locator, n);
	return 1;
}

/* Replaces "/./" with "/" as the engine does for relative XPath() (.NET's
 * Replace: left to right, never looking at what it wrote). */
static void drop_self_steps(char *s)
{
	size_t r = 0, w = 0;
	while (s[r]) {
		if (s[r] == '/' && s[r + 1] == '.' && s[r + 2] == '/') {
			s[w++] = '/';
			r += 3;
		} else {
			s[w++] = s[r++];
		}
	}
	s[w] = '\0';
}

/* Builds the path the locator gives (b holds the parent's path). */
static int locate(struct xdt *x, struct ctx *c, const struct call *call, struct sbuf *b,
		  int *own_parent)
{
	struct arg *args;
	long n = split_args(call, &args);
	char buf[64];
	int rc = 0;

	if (n < 0)
		return oom(x);
	if (call_is(call, "Match")) {
		sb_slash(b);
		sb_step(b, c->el);
		rc = match_predicate(x, c, args, n, b);
	} else if (call_is(call, "Condition")) {
		rc = one_argument(x, c, "Condition", n);
		sb_slash(b);
		sb_step(b, c->el);
		if (!rc && args[0].s[0] != '[')
			sb_str(b, "[");
		if (!rc)
			sb_add(b, args[0].s, args[0].len);
		if (!rc && (!args[0].len || args[0].s[args[0].len - 1] != ']'))
			sb_str(b, "]");
		else if (!rc && args[0].s[0] != '[')
			c->hint = " (a Condition that ends with ] is not closed by the engine)";
	} else if (call_is(call, "XPath")) {
		rc = one_argument(x, c, "XPath", n);
		*own_parent = 1;
		if (!rc && args[0].len && args[0].s[0] == '/') {
			b->len = 0;
		} else if (!rc) {
			sb_slash(b);
			sb_step(b, c->el);
			sb_slash(b);
		}
		if (!rc)
			sb_add(b, args[0].s, args[0].len);
		if (!rc && b->s)
			drop_self_steps(b->s);
		if (b->s)
			b->len = strlen(b->s);
	} else {
		report(x, at_locator(c),
		       "xdt:Locator=\"%s\" is not a locator hardconf knows (Match, Condition, "
		       "XPath); nothing under this element is applied",
		       shown(buf, sizeof buf, call->name, call->name_len));
		rc = 1;
	}
	free(args);
	return rc;
}

/* c->path and c->insert_path.  Returns 0, 1 when the locator is wrong
 * (reported), -1 when memory ran out. */
static int build_path(struct xdt *x, struct ctx *c)
{
	struct sbuf b = {0};
	int own_parent = 0, rc = 0;
	char buf[64];

	sb_str(&b, c->parent ? c->parent->path : "");
	if (!c->locator) {
		sb_slash(&b);
		sb_step(&b, c->el);
	} else {
		struct call call;
		const char *value = dom_attr_value(c->locator);
		if (parse_call(value, strlen(value), &call) != 0) {
			report(x, at_locator(c),
			       "xdt:Locator=\"%s\" is not Name or Name(arguments); nothing under "
			       "this element is applied",
			       shown(buf, sizeof buf, value, strlen(value)));
			rc = 1;
		} else {
			rc = locate(x, c, &call, &b, &own_parent);
		}
	}
	if (!rc && b.failed > 0)
		report(x, at_locator(c),
		       "the XPath of this element is longer than %d bytes; nothing under it is "
		       "applied",
		       MAX_PATH);
	if (!rc && b.failed < 0)
		rc = oom(x);
	rc = rc ? rc : b.failed;
	if (rc) {
		free(b.s);
		return rc;
	}
	c->path = b.s ? b.s : str_dup("");
	c->insert_path = str_dup(own_parent ? c->path : c->parent ? c->parent->path : "");
	return c->path && c->insert_path ? 0 : oom(x);
}

/* ---- Selecting ---- */

static void report_exhausted(struct xdt *x, size_t offset, const char *path)
{
	char buf[160];
	if (!x->exhausted)
		report(x, offset,
		       "the XPath %s takes too much work to evaluate; it and the rest of the "
		       "transform are not applied",
		       shown(buf, sizeof buf, path, strlen(path)));
	x->exhausted = 1;
}

/* Charges the work of applying c's transform to its targets (beyond
 * selecting them): 0, or 1 when the budget ran out (reported). */
static int work(struct xdt *x, const struct ctx *c, size_t units)
{
	if (xq_spend(x->xq, units) == 0)
		return 0;
	report_exhausted(x, at_transform(c), c->path);
	return 1;
}

/* What changing the attributes of every target costs: each of its
 * attributes is compared with each of those named, and each one set makes
 * a new value. */
static int attribute_work(struct xdt *x, const struct ctx *c, const struct xq_nodes *s,
			  size_t names)
{
	size_t units = 0, left = xq_left(x->xq);
	for (size_t t = 0; t < s->n && units <= left; t++) {
		size_t attrs = 1;
		for (const xmlAttr *a = s->items[t]->properties; a; a = a->next)
			attrs++;
		units += (names + 1) * (attrs + 4);
	}
	return work(x, c, units);
}

static void report_compile(struct xdt *x, const struct ctx *c, size_t offset, int rc,
			   const char *path, const char *why)
{
	char buf[160];
	shown(buf, sizeof buf, path, strlen(path));
	if (rc == XQ_EXHAUSTED)
		report_exhausted(x, offset, path);
	else if (rc == XQ_UNSUPPORTED)
		report(x, offset,
		       "the XPath %s %s, which hardconf does not support; it is not applied", buf,
		       why);
	else if (rc == XQ_FAILED)
		report(x, offset, "the XPath %s cannot be evaluated: %s; it is not applied", buf,
		       why);
	else
		report(x, offset, "the XPath %s is not valid: %s%s; it is not applied", buf, why,
		       c->hint && path == c->path ? c->hint : "");
}

/* Compiles path once for c (*expr keeps it): 0, 1 when it does not compile
 * (reported at offset), -1 as usual. */
static int compiled(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
		    size_t offset)
{
	char why[160];
	int rc;
	if (*expr)
		return 0;
	rc = xq_compile(x->xq, path, strlen(path), c->el, expr, why, sizeof why);
	if (rc < 0)
		return oom(x);
	if (rc)
		report_compile(x, c, offset, rc, path, why);
	return rc ? 1 : 0;
}

/* Evaluates path (compiled into *expr, or compiled now and freed when expr
 * is NULL) from node `from`: 0 with *out, 1 when it does not compile, fails
 * or takes too much work (reported at offset). */
static int select_nodes(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
			xmlNodePtr from, size_t offset, struct xq_nodes *out)
{
	struct xq_expr *own = NULL, **e = expr ? expr : &own;
	char why[160];
	int rc = compiled(x, c, path, e, offset);

	memset(out, 0, sizeof *out);
	if (rc == 0) {
		rc = xq_select(x->xq, *e, from, out, why, sizeof why);
		if (rc < 0)
			rc = oom(x);
		else if (rc)
			report_compile(x, c, offset, rc, path, why);
		rc = rc < 0 ? -1 : rc ? 1 : 0;
	}
	xq_expr_free(own);
	return rc;
}

/* Whether c's path selects an element: 1 or 0; 2 when it cannot be
 * evaluated (reported), -1 as usual. */
static int selects(struct xdt *x, struct ctx *c)
{
	struct xq_nodes s;
	int rc = select_nodes(x, c, c->path, &c->path_expr, (xmlNodePtr)x->base, at_locator(c), &s);
	if (rc)
		return rc < 0 ? rc : 2;
	rc = s.n > 0;
	xq_nodes_free(&s);
	return rc;
}

/* Reports a transform that finds nothing, naming the highest ancestor's
 * path that already matched nothing, as the engine does. */
static void no_match(struct xdt *x, const struct ctx *c, int insert)
{
	const char *own = insert ? c->insert_path : c->path, *failed = own;
	char a[160], b[160];

	/* Each ancestor is asked once, however many of its children match
	 * nothing. */
	for (struct ctx *p = c->parent; p && p->path[0]; p = p->parent) {
		if (strcmp(p->path, failed) == 0)
			continue;
		if (p->matched < 0)
			p->matched = selects(x, p);
		if (p->matched != 0)
			break;
		failed = p->path;
	}
	if (x->status || x->exhausted)
		return;
	shown(a, sizeof a, own, strlen(own));
	shown(b, sizeof b, failed, strlen(failed));
	if (insert)
		report(x, at_transform(c), "%s has nowhere to insert: nothing is at %s%s%s%s",
		       c->who, a, failed != own ? " (nor at " : "", failed != own ? b : "",
		       failed != own ? ")" : "");
	else
		report(x, at_transform(c), "%s matches nothing at %s%s%s%s; it changes nothing",
		       c->who, a, failed != own ? " (nothing is at " : "", failed != own ? b : "",
		       failed != own ? ")" : "");
}

/* The elements that c's path (insert: where it inserts) selects; 1 when
 * there are none (reported). */
static int targets(struct xdt *x, struct ctx *c, int insert, struct xq_nodes *out)
{
	int rc = insert ? select_nodes(x, c, c->insert_path, &c->insert_expr, (xmlNodePtr)x->base,
				       at_locator(c), out)
			: select_nodes(x, c, c->path, &c->path_expr, (xmlNodePtr)x->base,
				       at_locator(c), out);
	if (rc)
		return rc;
	if (out->n)
		return 0;
	xq_nodes_free(out);
	no_match(x, c, insert);
	return 1;
}

/* ---- Changing the base ---- */

static int count_nodes(struct xdt *x, size_t n)
{
	if (x->max_nodes - x->nodes < n || x->nodes > x->max_nodes) {
		set_status(x, 1);
		return -1;
	}
	x->nodes += n;
	return 0;
}

/* A new attribute of the base like src, holding value, unlinked. */
static xmlAttrPtr new_attr(struct xdt *x, const xmlAttr *src, const char *value)
{
	xmlAttrPtr a = xmlNewDocProp(x->base, src->name, NULL);
	xmlNodePtr t = xmlNewDocText(x->base, (const xmlChar *)value);
	if (!a || !t) {
		if (a)
			xmlFreeProp(a);
		if (t)
			xmlFreeNode(t);
		return NULL;
	}
	t->parent = (xmlNodePtr)a;
	a->children = a->last = t;
	a->ns = src->ns;
	a->_private = src->_private;
	return a;
}

static void append_attr(xmlNodePtr n, xmlAttrPtr a)
{
	xmlAttrPtr last = n->properties;
	while (last && last->next)
		last = last->next;
	a->parent = n;
	a->prev = last;
	a->next = NULL;
	if (last)
		last->next = a;
	else
		n->properties = a;
}

/* A copy of a transform node for the base, without xdt: attributes (the
 * engine scrubs them, and namespace declarations, from what it inserts).
 * Its namespaces stay the transform's declarations. */
static xmlNodePtr clone(struct xdt *x, const xmlNode *src)
{
	xmlNodePtr n;
	size_t k = 0, text = 0;

	if (src->type != XML_ELEMENT_NODE) {
		if (count_nodes(x, 1) != 0)
			return NULL;
		n = src->type == XML_COMMENT_NODE ? xmlNewDocComment(x->base, src->content)
						  : xmlNewDocText(x->base, src->content);
		if (!n) {
			oom(x);
			return NULL;
		}
		n->_private = src->_private;
		if (src->type == XML_TEXT_NODE)
			text = strlen((const char *)src->content);
		xq_grew(x->xq, 1, text, 0);
		return n;
	}
	for (xmlAttrPtr a = src->properties; a; a = a->next)
		k += !is_xdt(a->ns);
	if (count_nodes(x, 1 + k) != 0)
		return NULL;
	n = xmlNewDocNode(x->base, src->ns, src->name, NULL);
	if (!n) {
		oom(x);
		return NULL;
	}
	n->_private = src->_private;
	xq_grew(x->xq, 1 + k, 0, 1);
	for (xmlAttrPtr a = src->properties; a; a = a->next) {
		xmlAttrPtr copy;
		if (is_xdt(a->ns))
			continue;
		copy = new_attr(x, a, dom_attr_value(a));
		if (!copy) {
			xmlFreeNode(n);
			oom(x);
			return NULL;
		}
		append_attr(n, copy);
	}
	for (const xmlNode *s = src->children; s; s = s->next) {
		xmlNodePtr child = clone(x, s);
		if (!child) {
			xmlFreeNode(n);
			return NULL;
		}
		dom_append(n, child);
	}
	return n;
}

static int all_blank(const xmlNode *n)
{
	for (const xmlChar *c = n->content; c && *c; c++)
		if (!is_blank((char)*c))
			return 0;
	return 1;
}

/* The first of the comments right before el (only blanks between), which
 * travel with it: a suppression written above an inserted element must
 * still be right above it in the result. */
static const xmlNode *leading_comments(const xmlNode *el)
{
	const xmlNode *first = NULL;
	for (const xmlNode *p = el->prev; p; p = p->prev) {
		if (p->type == XML_COMMENT_NODE)
			first = p;
		else if (p->type != XML_TEXT_NODE || !all_blank(p))
			break;
	}
	return first;
}

/* Takes n out of the base; it is freed with the rest at the end (a node
 * removed may be inside another removed before). */
static void take_out(struct xdt *x, xmlNodePtr n)
{
	xmlUnlinkNode(n);
	dom_append(x->removed, n);
}

enum place { PLACE_APPEND, PLACE_BEFORE, PLACE_AFTER, PLACE_REPLACE };

/* Puts a copy of the transform element (and its leading comments) into
 * the base, relative to where. */
static int place(struct xdt *x, const struct ctx *c, xmlNodePtr where, enum place how)
{
	const xmlNode *first = leading_comments(c->el);
	xmlNodePtr at = where;
	for (const xmlNode *s = first ? first : c->el;; s = s->next) {
		xmlNodePtr n = clone(x, s);
		if (!n)
			return -1;
		if (how == PLACE_APPEND)
			dom_append(where, n);
		else if (how == PLACE_AFTER)
			dom_insert_after(at, n);
		else
			dom_insert_before(where, n);
		at = n;
		if (s == c->el)
			break;
	}
	if (how == PLACE_REPLACE)
		take_out(x, where);
	return 0;
}

/* Sets on n the attribute src (same prefix and name, as the engine
 * matches them), with src's value, namespace and origin. */
static int set_attr(struct xdt *x, xmlNodePtr n, const xmlAttr *src)
{
	const char *prefix = prefix_of(src->ns), *value = dom_attr_value(src);
	xmlAttrPtr a, copy;
	for (a = n->properties; a; a = a->next) {
		const char *p = prefix_of(a->ns);
		if (xmlStrEqual(a->name, src->name) && (prefix ? p && strcmp(p, prefix) == 0 : !p))
			break;
	}
	if (a) {
		xmlNodePtr t = xmlNewDocText(x->base, (const xmlChar *)value);
		if (!t)
			return oom(x);
		xmlFreeNodeList(a->children);
		t->parent = (xmlNodePtr)a;
		a->children = a->last = t;
		a->ns = src->ns;
		a->_private = src->_private;
		return 0;
	}
	if (count_nodes(x, 1) != 0)
		return -1;
	copy = new_attr(x, src, value);
	if (!copy)
		return oom(x);
	append_attr(n, copy);
	xq_grew(x->xq, 1, 0, 0);
	return 0;
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
	from = malloc((n_attrs + (size_t)n + 1) * sizeof *from);
	if (!from)
		return oom(x);
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
			snprintf(c->who, sizeof c->who, "%s:Transform=\"%s\"", prefix_of(a->ns),
				 shown(buf, sizeof buf, value, strlen(value)));
		} else if (strcmp(name, "Locator") == 0) {
			c->locator = a;
		} else if (strcmp(name, "SupressWarnings") != 0) {
			report(x, origin_of(a->_private),
			       "%s:%s is not an XDT attribute (Transform, Locator); the engine "
			       "ignores it",
			       prefix_of(a->ns), shown(buf, sizeof buf, name, strlen(name)));
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
		       prefix_of(c->el->ns) ? prefix_of(c->el->ns) : "xdt",
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

/* ---- Writing the result ---- */

struct out {
	struct xdt_result r;
	size_t cap, cap_map, max;
	int status;
};

static void put(struct out *o, const char *s, size_t n)
{
	char *grown;
	if (o->status)
		return;
	if (n > o->max - o->r.len) {
		o->status = 1;
		return;
	}
	grown = array_grow(o->r.text, &o->cap, o->r.len + n + 1, 1);
	if (!grown) {
		o->status = -1;
		return;
	}
	o->r.text = grown;
	memcpy(o->r.text + o->r.len, s, n);
	o->r.len += n;
}

static void mark(struct out *o, const void *priv)
{
	struct origin at = dom_origin(priv);
	struct xdt_segment *grown;
	if (o->status)
		return;
	grown = array_grow(o->r.map, &o->cap_map, o->r.n_map + 1, sizeof *grown);
	if (!grown) {
		o->status = -1;
		return;
	}
	o->r.map = grown;
	o->r.map[o->r.n_map++] = (struct xdt_segment){o->r.len, at.file, at.offset};
}

/* Escapes what must be, and in attribute values the blanks that
 * attribute-value normalisation would otherwise turn into spaces. */
static void put_escaped(struct out *o, const char *s, size_t n, int attr)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] == '&'            ? "&amp;"
				: s[i] == '<'          ? "&lt;"
				: s[i] == '>' && !attr ? "&gt;"
				: s[i] == '"' && attr  ? "&quot;"
				: s[i] == '\t' && attr ? "&#9;"
				: s[i] == '\n' && attr ? "&#10;"
				: s[i] == '\r'         ? "&#13;"
						       : NULL;
		if (!e)
			continue;
		put(o, s + from, i - from);
		put(o, e, strlen(e));
		from = i + 1;
	}
	put(o, s + from, n - from);
}

static void put_start(struct out *o, const xmlNode *n)
{
	mark(o, n->_private);
	put(o, "<", 1);
	put(o, name_of(n), strlen(name_of(n)));
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *value = dom_attr_value(a);
		if (a->ns)
			continue;
		put(o, " ", 1);
		mark(o, a->_private);
		put(o, (const char *)a->name, strlen((const char *)a->name));
		put(o, "=\"", 2);
		put_escaped(o, value, strlen(value), 1);
		put(o, "\"", 1);
	}
	put(o, n->children ? ">" : "/>", n->children ? 1 : 2);
}

static void put_end(struct out *o, const xmlNode *n)
{
	put(o, "</", 2);
	put(o, name_of(n), strlen(name_of(n)));
	put(o, ">", 1);
}

static void put_leaf(struct out *o, const xmlNode *n)
{
	const char *text = n->content ? (const char *)n->content : "";
	mark(o, n->_private);
	if (n->type == XML_TEXT_NODE) {
		put_escaped(o, text, strlen(text), 0);
	} else {
		put(o, "<!--", 4);
		put(o, text, strlen(text));
		put(o, "-->", 3);
	}
}

/* Writes one top-level node and what is inside, without recursion. */
static void put_tree(struct out *o, const xmlNode *top)
{
	const xmlNode *n = top;
	size_t depth = 0;
	while (n && !o->status) {
		if (n->type == XML_ELEMENT_NODE) {
			put_start(o, n);
			if (n->children) {
				if (++depth > MAX_DEPTH)
					o->status = 1;
				n = n->children;
				continue;
			}
		} else {
			put_leaf(o, n);
		}
		while (n != top && !n->next) {
			n = n->parent;
			depth--;
			put_end(o, n);
		}
		n = n == top ? NULL : n->next;
	}
}

static int serialize(const xmlDoc *doc, size_t max, struct xdt_result *out)
{
	struct out o = {.max = max};
	for (const xmlNode *n = doc->children; n; n = n->next) {
		put_tree(&o, n);
		if (n->next)
			put(&o, "\n", 1);
	}
	put(&o, "", 0);
	if (o.r.text)
		o.r.text[o.r.len] = '\0';
	if (o.status) {
		xdt_result_free(&o.r);
		return o.status;
	}
	*out = o.r;
	return 0;
}

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

void xdt_origin(const struct xdt_result *r, size_t out_offset, unsigned *file, size_t *offset)
{
	size_t lo = 0, hi = r->n_map, delta;
	*file = 0;
	*offset = out_offset;
	if (!r->n_map || out_offset < r->map[0].out)
		return;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->map[mid].out <= out_offset)
			lo = mid;
		else
			hi = mid;
	}
	delta = out_offset - r->map[lo].out;
	if (lo + 1 < r->n_map && delta > r->map[lo + 1].out - r->map[lo].out)
		delta = r->map[lo + 1].out - r->map[lo].out;
	*file = r->map[lo].file;
	*offset = r->map[lo].in + delta;
	if (*file < 2 && *offset > r->file_len[*file])
		*offset = r->file_len[*file];
}

void xdt_result_free(struct xdt_result *r)
{
	free(r->text);
	free(r->map);
	memset(r, 0, sizeof *r);
}
