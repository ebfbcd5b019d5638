/*
 * xdt_xpath.c - libxml2's XPath for the transform engine, within a budget:
 * expressions compiled and selections evaluated, each counted operation
 * weighed by what it may stand for.
 *
 * One budget, in libxml2's operations, is shared by every selection of a
 * transform (a budget per selection would still let n selections over n
 * nodes cost n * n).  Each evaluation runs with opLimit set to what is
 * left, and libxml2 counts its own steps: nodes visited on an axis,
 * operators and predicates evaluated.  What it does without counting is
 * charged too, so that a hostile transform stays within the budget
 * whatever it writes:
 *
 *  - Functions.  The 27 functions of XPath 1.0 are found through
 *    xmlXPathRegisterFuncLookup (the context has no other table): each
 *    wrapper charges the characters its arguments hold (an argument that
 *    is a node is measured by walking it, charging as the walk goes), and
 *    more where libxml2's function takes longer: contains() and
 *    substring-*() compare the needle at every place its first byte
 *    occurs, translate() looks every character up, concat() appends each
 *    argument to all the earlier ones, sum() and id() convert every node,
 *    lang() reads the attributes of every ancestor.  Then it calls
 *    libxml2's function (xdt_functions.c).
 *
 *  - Node-set work.  libxml2 removes duplicates when it merges the nodes a
 *    step finds from several context nodes (on the axes that can find a
 *    node twice), when it joins a union and when it compares two node-sets
 *    of several nodes; it sorts the preceding axes by walking siblings; it
 *    lists the namespaces in scope for the namespace axis, and looks
 *    prefixes up one by one.  scan() (xdt_expr.c) reads the expression
 *    for each of these, and each operation of an expression that may do
 *    one is charged as the work it may hide: the nodes of the base
 *    (divided by SET_COMPARES_PER_OP), the declarations squared, the
 *    prefixes.
 *
 *  - Siblings skipped.  The child axis steps over the comments and text
 *    between elements without counting them (libxml2's
 *    xmlXPathNextChildElement counts the elements, and the end): 40,000
 *    comments before the one element 40,000 SetAttributes select cost
 *    40,000 each.  A walk of all of a parent's children skips at most its
 *    other children per element and end counted; one that stops at an
 *    element (a predicate [n], or one that is a path alone) at most those
 *    before that element per element counted.  Each counted operation is
 *    charged the larger of those ratios over the parents of the base, and
 *    of what a copy of a transform's element may bring.  Edits change
 *    them: what is placed brings its comments and joins the run before
 *    it (walked back to an element); taking an element out leaves its
 *    parent's children to be measured again before the next selection
 *    (the whole base's, when nodes left several parents).  Every walk is
 *    charged.
 *
 *  - Copies of values.  Comparing a node (=, <, ...) or doing arithmetic
 *    with it copies its string-value.  An expression that compares nodes
 *    has each operation charged as the longest value the nodes it compares
 *    can have: the attributes of that name, any text, or an element's
 *    subtree, and two more when it compares several.
 *
 * libxml2 reports every problem through the context's own callback (only
 * its out-of-memory reports go to its generic handler); the expression is
 * compiled in parentheses, so that libxml2 never takes its streaming path,
 * which reports the operation limit on stderr.
 *
 * xdt_xpath_internal.h holds what this file, xdt_functions.c and
 * xdt_expr.c share.
 */
#include "resolve/xdt_xpath.h"

#include "resolve/xdt_dom.h"
#include "resolve/xdt_xpath_internal.h"
#include "util/util.h"

#include <libxml/hash.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Duplicate checks (pointer comparisons) that cost about one operation. */
#define SET_COMPARES_PER_OP 4
/* Siblings stepped over (a type check and a pointer) for one operation. */
#define SKIPS_PER_OP 4
/* Bytes of an expression compiled for about one operation. */
#define COMPILE_BYTES_PER_OP 4

/* ---- Compiled expressions, and libxml2's errors ---- */

struct xq_expr {
	xmlXPathCompExprPtr comp;
	xmlNsPtr *ns; /* the prefixes in scope, innermost first */
	int n_ns;
	xmlNs default_ns; /* _defaultNamespace */
	/* What scan() found the expression may do. */
	int set_work, ns_axis, compares_elements, compares_many, prefixed, stops_early;
	size_t compares_cost;
};

static void on_error(void *user, xmlErrorPtr e)
{
	struct xq *q = user;
	if (!q->err && e) {
		q->err = e->code == XML_ERR_NO_MEMORY ? XPATH_MEMORY_ERROR
						      : e->code - XML_XPATH_EXPRESSION_OK;
		q->err_offset = e->int1;
		if (q->err <= 0)
			q->err = XPATH_EXPR_ERROR;
	}
}

/* ---- Selections ---- */

/* What the values of a document may cost to copy; for the base, also its
 * size. */
static void survey(struct xq *q, xmlDocPtr doc, int is_base)
{
	for (xmlNodePtr n = (xmlNodePtr)doc; n; n = dom_next((xmlNodePtr)doc, n)) {
		size_t len = n->type == XML_ELEMENT_NODE ? 0 : str_len(n->content);
		if (is_base)
			q->nodes++;
		if (n->type == XML_TEXT_NODE) {
			if (is_base)
				q->text_bytes = add_sat(q->text_bytes, len);
			if (len > q->text_max)
				q->text_max = len;
		} else if (n->type == XML_COMMENT_NODE && len > q->comment_max) {
			q->comment_max = len;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNsPtr d = n->nsDef; is_base && d; d = d->next)
			q->decls++;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			len = strlen(dom_attr_value(a));
			if (is_base)
				q->nodes++;
			if (len > q->attr_max)
				q->attr_max = len;
		}
	}
}

/* The siblings other than elements a walk of parent's children may skip
 * per element (or end) it counts, into *full and *early (see the top),
 * raised, never lowered; *walked grows by the children. */
static void measure_children(const xmlNode *parent, size_t *full, size_t *early, size_t *walked)
{
	size_t elements = 0, others = 0, n = 0;
	for (const xmlNode *k = parent->children; k; k = k->next, n++) {
		if (k->type != XML_ELEMENT_NODE) {
			others++;
		} else {
			elements++;
			if ((others + elements - 1) / elements > *early)
				*early = (others + elements - 1) / elements;
		}
	}
	if ((others + elements) / (elements + 1) > *full)
		*full = (others + elements) / (elements + 1);
	*walked = add_sat(*walked, n);
}

/* The same for every parent of doc; for a transform (copies), not for its
 * root element, whose children are never copied together. */
static void measure_doc(xmlDocPtr doc, int copies, size_t *full, size_t *early)
{
	size_t walked = 0;
	for (xmlNodePtr n = (xmlNodePtr)doc; n; n = dom_next((xmlNodePtr)doc, n))
		if (n->type == XML_ELEMENT_NODE ? !copies || n->parent->type == XML_ELEMENT_NODE
						: n->type == XML_DOCUMENT_NODE && !copies)
			measure_children(n, full, early, &walked);
}

int xq_new(xmlDocPtr base, xmlDocPtr transform, size_t budget, struct xq **out)
{
	struct xq *q = calloc(1, sizeof *q);
	*out = NULL;
	if (!q)
		return -1;
	q->base = base;
	q->left = budget;
	q->weight = 1;
	/* What xmlXPathNewContext() makes, without the table of functions it
	 * fills (only the lookup finds them). */
	q->ctx = xmlMalloc(sizeof *q->ctx);
	if (!q->ctx)
		goto fail;
	memset(q->ctx, 0, sizeof *q->ctx);
	q->ctx->doc = base;
	q->ctx->contextSize = q->ctx->proximityPosition = -1;
	if (xmlXPathContextSetCache(q->ctx, 1, -1, 0) != 0)
		goto fail;
	xmlXPathRegisterFuncLookup(q->ctx, lookup, q);
	q->ctx->error = on_error;
	q->ctx->userData = q;
	q->ctx->flags = XML_XPATH_NOVAR;
	q->transform = transform;
	survey(q, base, 1);
	survey(q, transform, 0);
	measure_doc(base, 0, &q->skips_full, &q->skips_early);
	measure_doc(transform, 1, &q->skips_full, &q->skips_early);
	*out = q;
	return 0;
fail:
	xq_free(q);
	return -1;
}

void xq_free(struct xq *q)
{
	if (!q)
		return;
	if (q->ctx) {
		q->ctx->namespaces = NULL;
		q->ctx->nsNr = 0;
		xmlXPathFreeContext(q->ctx);
	}
	if (q->attr_len)
		xmlHashFree(q->attr_len, NULL);
	free(q);
}

void xq_grew(struct xq *q, size_t nodes, size_t text_bytes, size_t elements)
{
	q->nodes = add_sat(q->nodes, nodes);
	q->text_bytes = add_sat(q->text_bytes, text_bytes);
	q->added = add_sat(q->added, elements);
}

void xq_placed(struct xq *q, const xmlNode *first)
{
	/* What was placed ends with an element: before it, its comments and
	 * the run they joined; to its parent's walk it adds no more others per
	 * element than that. */
	size_t run = 0;
	for (const xmlNode *n = first; n && n->type != XML_ELEMENT_NODE; n = n->prev)
		run++;
	for (const xmlNode *n = run ? first->next : NULL; n && n->type != XML_ELEMENT_NODE;
	     n = n->next)
		run++;
	if (run > q->skips_full)
		q->skips_full = run;
	if (run > q->skips_early)
		q->skips_early = run;
	q->skips_owed = add_sat(q->skips_owed, run);
}

void xq_taken_out(struct xq *q, const xmlNode *parent)
{
	if (q->taken_from && q->taken_from != parent)
		q->taken_from_several = 1;
	q->taken_from = parent;
}

/* Measures the parents nodes were taken out of (see the top), and charges
 * the walks since the last selection: 0 or XQ_EXHAUSTED. */
static int measure_taken(struct xq *q)
{
	size_t skips;
	if (q->taken_from_several) {
		if (xq_spend(q, q->nodes / SKIPS_PER_OP) != 0)
			return XQ_EXHAUSTED;
		measure_doc(q->base, 0, &q->skips_full, &q->skips_early);
	} else if (q->taken_from) {
		measure_children(q->taken_from, &q->skips_full, &q->skips_early, &q->skips_owed);
	}
	q->taken_from = NULL;
	q->taken_from_several = 0;
	skips = q->skips_owed;
	q->skips_owed = 0;
	return xq_spend(q, skips / SKIPS_PER_OP);
}

int xq_spend(struct xq *q, size_t units)
{
	if (units > q->left) {
		q->left = 0;
		return XQ_EXHAUSTED;
	}
	q->left -= units;
	return 0;
}

size_t xq_left(const struct xq *q)
{
	return q->left;
}

void xq_expr_free(struct xq_expr *e)
{
	if (!e)
		return;
	xmlXPathFreeCompExpr(e->comp);
	free(e->ns);
	free(e);
}

/* The prefixes in scope at the transform element, innermost first (as
 * libxml2 looks them up), _defaultNamespace before all. */
static int namespaces(struct xq_expr *e, const xmlNode *scope)
{
	size_t n = 1;
	const char *def = dom_lookup_ns(scope, NULL, 0);
	for (const xmlNode *p = scope; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		for (xmlNsPtr d = p->nsDef; d; d = d->next)
			n++;
	if (n > INT_MAX)
		return 1;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	e->ns = malloc(n * sizeof *e->ns);
	if (!e->ns)
		return -1;
	if (def) {
		e->default_ns.type = XML_NAMESPACE_DECL;
		e->default_ns.href = (const xmlChar *)def;
		e->default_ns.prefix = (const xmlChar *)"_defaultNamespace";
		e->ns[e->n_ns++] = &e->default_ns;
	}
	for (const xmlNode *p = scope; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		for (xmlNsPtr d = p->nsDef; d; d = d->next)
			if (d->prefix && d->href && d->href[0])
				e->ns[e->n_ns++] = d;
	return 0;
}

static void use(struct xq *q, const struct xq_expr *e, xmlNodePtr from)
{
	q->ctx->doc = q->base;
	q->ctx->node = from;
	q->ctx->namespaces = e->ns;
	q->ctx->nsNr = e->n_ns;
	q->ctx->contextSize = 1;
	q->ctx->proximityPosition = 1;
	q->err = 0;
	q->err_offset = 0;
}

/* libxml2's reason for refusing to compile (its error messages are not
 * given to the callback), in the words of the old compiler. */
static void compile_error(const struct xq *q, const char *expr, size_t len, char *why,
			  size_t why_size)
{
	size_t at = q->err_offset > 0 ? (size_t)q->err_offset - 1 : 0, n;
	char buf[64];
	if (at > len)
		at = len;
	if (q->err == XPATH_UNFINISHED_LITERAL_ERROR) {
		snprintf(why, why_size, "a string literal is not closed");
		return;
	}
	if (q->err == XPATH_FORBID_VARIABLE_ERROR || q->err == XPATH_VARIABLE_REF_ERROR) {
		snprintf(why, why_size, "it uses variables, which the engine gives no values to");
		return;
	}
	if (at == len) {
		snprintf(why, why_size, "it ends too early");
		return;
	}
	/* The name there, or the one character. */
	n = at;
	while (n < len && is_name_char(expr[n]) && (n > at || is_name_start(expr[n])))
		n++;
	if (n == at)
		n = at + ((unsigned char)expr[at] < 0x80
				  ? 1
				  : utf8_sequence((const unsigned char *)expr + at, len - at));
	if (n == at)
		n = at + 1;
	snprintf(why, why_size, "unexpected \"%s\" at offset %zu",
		 shown(buf, sizeof buf, expr + at, n - at), at);
}

int xq_compile(struct xq *q, const char *expr, size_t len, const xmlNode *scope,
	       struct xq_expr **out, char *why, size_t why_size)
{
	struct scanned s;
	struct xq_expr *e;
	size_t cost = len / COMPILE_BYTES_PER_OP + 1;
	char *text;
	int rc;

	*out = NULL;
	why[0] = '\0';
	if (cost > q->left) {
		q->left = 0;
		return XQ_EXHAUSTED;
	}
	q->left -= cost;
	if (memchr(expr, '\0', len)) {
		snprintf(why, why_size, "it holds a NUL character");
		return XQ_INVALID;
	}
	scan_expr(q, scope, expr, len, &s, why, why_size);
	/* Nesting first (libxml2 recurses for it); then what is wrong with the
	 * tokens, which libxml2 would place off by the parenthesis added. */
	if (s.error == XQ_UNSUPPORTED || s.syntax)
		return s.error;
	e = calloc(1, sizeof *e);
	text = len < SIZE_MAX - 3 ? malloc(len + 3) : NULL;
	if (!e || !text || (rc = namespaces(e, scope)) < 0) {
		free(text);
		xq_expr_free(e);
		return -1;
	}
	if (rc > 0 || (size_t)e->n_ns > q->left) {
		free(text);
		xq_expr_free(e);
		q->left = 0;
		return XQ_EXHAUSTED;
	}
	q->left -= (size_t)e->n_ns;
	/* In parentheses: libxml2 then never compiles it to a streaming
	 * pattern, the one path that reports on stderr. */
	text[0] = '(';
	memcpy(text + 1, expr, len);
	text[len + 1] = ')';
	text[len + 2] = '\0';
	use(q, e, (xmlNodePtr)q->base);
	e->comp = xmlXPathCtxtCompile(q->ctx, (const xmlChar *)text);
	free(text);
	if (!e->comp || s.error || !s.nodeset) {
		if (!e->comp && (q->err == XPATH_MEMORY_ERROR || !q->err))
			rc = -1;
		else if (!e->comp)
			compile_error(q, expr, len, why, why_size);
		else if (!s.error)
			snprintf(why, why_size, "the expression does not select nodes");
		xq_expr_free(e);
		return rc < 0 ? -1 : XQ_INVALID;
	}
	e->set_work = s.set_work;
	e->ns_axis = s.ns_axis;
	e->compares_elements = s.compares_elements;
	e->compares_many = s.compares_many;
	e->prefixed = s.prefixed;
	e->stops_early = s.stops_early;
	e->compares_cost = s.compares_cost;
	*out = e;
	return 0;
}

void xq_nodes_free(struct xq_nodes *s)
{
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* What one counted operation of e may stand for (see the top). */
static size_t weight(const struct xq *q, const struct xq_expr *e)
{
	size_t skips =
		e->stops_early && q->skips_early > q->skips_full ? q->skips_early : q->skips_full;
	size_t w = 1 + skips / SKIPS_PER_OP, compare = e->compares_cost;
	if (e->set_work)
		w = add_sat(w, q->nodes / SET_COMPARES_PER_OP);
	if (e->compares_elements)
		compare = add_sat(compare, add_sat(q->nodes, q->text_bytes / BYTES_PER_OP));
	/* Each node of a node-set compared is copied (a malloc and a free): as
	 * much again as visiting it. */
	if (e->compares_many)
		compare = add_sat(compare, COPY_OPS);
	w = add_sat(w, compare);
	if (e->ns_axis)
		w = add_sat(w, add_sat(q->decls, mul_sat(q->decls, q->decls) / BYTES_PER_OP));
	/* libxml2 looks each prefix up in the list of those in scope. */
	return e->prefixed ? add_sat(w, (size_t)e->n_ns / SET_COMPARES_PER_OP) : w;
}

static void failure(const struct xq *q, char *why, size_t why_size)
{
	const char *what = "it cannot be evaluated";
	switch (q->err) {
	case XPATH_INVALID_TYPE:
	case XPATH_INVALID_OPERAND:
		what = "a function or operator is given a value of the wrong type";
		break;
	case XPATH_INVALID_ARITY:
		what = "a function is given the wrong number of arguments";
		break;
	case XPATH_UNDEF_PREFIX_ERROR:
		what = "a prefix is not declared";
		break;
	default:
		break;
	}
	snprintf(why, why_size, "%s", what);
}

int xq_select(struct xq *q, struct xq_expr *e, xmlNodePtr from, struct xq_nodes *out, char *why,
	      size_t why_size)
{
	xmlXPathObjectPtr o;
	xmlNodeSetPtr set;
	size_t w, used;

	memset(out, 0, sizeof *out);
	why[0] = '\0';
	if (measure_taken(q) != 0)
		return XQ_EXHAUSTED;
	w = weight(q, e);
	/* Document order from numbers in the elements (libxml2 keeps them in
	 * the otherwise unused content field); elements added since compare
	 * by walking, and are numbered once they are many. */
	if (!q->numbered || q->added > q->numbered / 2) {
		long n = xmlXPathOrderDocElems(q->base);
		q->numbered = n > 0 ? (size_t)n : 1;
		q->added = 0;
	}
	if (q->left / w == 0) {
		q->left = 0;
		return XQ_EXHAUSTED;
	}
	use(q, e, from);
	q->weight = w;
	q->ctx->opLimit = q->left / w;
	q->ctx->opCount = 0;
	o = xmlXPathCompiledEval(e->comp, q->ctx);
	used = mul_sat(q->ctx->opCount, w);
	q->left -= used < q->left ? used : q->left;
	q->ctx->opLimit = 0;
	if (!o) {
		if (q->err == XPATH_MEMORY_ERROR)
			return -1;
		if (q->err == XPATH_OP_LIMIT_EXCEEDED || q->err == XPATH_RECURSION_LIMIT_EXCEEDED) {
			q->left = 0;
			return XQ_EXHAUSTED;
		}
		failure(q, why, why_size);
		return XQ_FAILED;
	}
	if (o->type != XPATH_NODESET) {
		xmlXPathFreeObject(o);
		snprintf(why, why_size, "the expression does not select nodes");
		return XQ_FAILED;
	}
	set = o->nodesetval;
	out->total = set && set->nodeNr > 0 ? (size_t)set->nodeNr : 0;
	if (out->total) {
		/* An array of pointers: the size of one pointer is meant. */
		/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
		out->items = malloc(out->total * sizeof *out->items);
		if (!out->items) {
			xmlXPathFreeObject(o);
			return -1;
		}
		for (size_t i = 0; i < out->total; i++)
			if (set->nodeTab[i]->type == XML_ELEMENT_NODE)
				out->items[out->n++] = set->nodeTab[i];
		if (set->nodeTab[0]->type == XML_ELEMENT_NODE)
			out->first = set->nodeTab[0];
	}
	xmlXPathFreeObject(o);
	return 0;
}
