/*
 * xdt_path.c - the transform engine's paths: the XPath each element's
 * xdt:Locator builds on its parent's (Match, Condition, XPath), as
 * Microsoft.Web.XmlTransform builds it, and what a path selects in the
 * base within the work budget, with the problems .NET would log when it
 * selects nothing.
 */
#include "resolve/xdt_dom.h"
#include "resolve/xdt_engine.h"
#include "resolve/xdt_xpath.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* A built path longer than this is refused: Match copies attribute values
 * into every descendant's path, which must not grow without end. */
#define MAX_PATH 65536
/* Bytes of a path copied for about one operation. */
#define PATH_BYTES_PER_OP 16

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
	if (names_work(x, c, (size_t)n, b->s ? b->s : ""))
		return 1;
	sb_str(b, "[");
	for (long i = 0; i < n && !b->failed; i++) {
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

int build_path(struct xdt *x, struct ctx *c)
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
	if (!c->path || !c->insert_path)
		return oom(x);
	/* Each element copies its parent's path (up to MAX_PATH) twice: 800,000
	 * children of a 64 kB path cost seconds. */
	if (xq_spend(x->xq, (strlen(c->path) + strlen(c->insert_path)) / PATH_BYTES_PER_OP) == 0)
		return 0;
	report_exhausted(x, at_locator(c), c->path);
	return 1;
}

/* ---- Selecting ---- */

/* Charges the work of applying c's transform to its targets (beyond
 * selecting them): 0, or 1 when the budget ran out (reported). */
static int work(struct xdt *x, const struct ctx *c, size_t units)
{
	if (xq_spend(x->xq, units) == 0)
		return 0;
	report_exhausted(x, at_transform(c), c->path);
	return 1;
}

int names_work(struct xdt *x, const struct ctx *c, size_t names, const char *path)
{
	size_t attrs = 1;
	for (const xmlAttr *a = c->el->properties; a; a = a->next)
		attrs++;
	if (xq_spend(x->xq, names > SIZE_MAX / attrs ? SIZE_MAX : names * attrs) == 0)
		return 0;
	report_exhausted(x, at_transform(c), path);
	return 1;
}

int attribute_work(struct xdt *x, const struct ctx *c, const struct xq_nodes *s, size_t names)
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

int compiled(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
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

int select_nodes(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
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

int selects(struct xdt *x, struct ctx *c)
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

int targets(struct xdt *x, struct ctx *c, int insert, struct xq_nodes *out)
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
