/*
 * xdt_engine.h - what the parts of the transform engine share (xdt.c: the
 * entry point, the walk and the transforms; xdt_path.c: paths and what
 * they select; xdt_edit.c: changing the base; xdt_write.c: writing the
 * result): the state of one xdt_apply() call (struct xdt), one element of
 * the transform on the walk (struct ctx), an xdt:Transform or xdt:Locator
 * value read as Name(arguments), how problems are reported, and what each
 * part offers the others.  Internal to the engine; xdt.h is its interface.
 */
#ifndef HC_XDT_ENGINE_H
#define HC_XDT_ENGINE_H

#include "resolve/xdt.h"
#include "resolve/xdt_dom.h"
#include "resolve/xdt_xpath.h"
#include "util/util.h"

#include <libxml/tree.h>
#include <stddef.h>
#include <string.h>

#define XDT_NS "http://schemas.microsoft.com/XML-Document-Transform"

/* The state of one xdt_apply() call. */
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

static inline void set_status(struct xdt *x, int status)
{
	if (!x->status || status < 0)
		x->status = status;
}

/* Internal functions return 0, 1 when they reported why they skip, or -1
 * when the whole call ends (x->status says why). */
static inline int oom(struct xdt *x)
{
	set_status(x, -1);
	return -1;
}

/* Reports a problem of the transform at offset in it (the message is
 * formatted as printf does); nothing once x->status is set. */
void report(struct xdt *x, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline size_t origin_of(const void *priv)
{
	return dom_origin(priv).offset;
}

/* Where a problem about ctx points: its xdt:Transform, else its '<'. */
static inline size_t at_transform(const struct ctx *c)
{
	return origin_of(c->transform ? c->transform->_private : c->el->_private);
}

static inline size_t at_locator(const struct ctx *c)
{
	return c->locator ? origin_of(c->locator->_private) : at_transform(c);
}

static inline int is_xdt(const xmlNs *ns)
{
	return ns && ns->href && strcmp((const char *)ns->href, XDT_NS) == 0;
}

static inline const char *prefix_of(const xmlNs *ns)
{
	return ns && ns->prefix ? (const char *)ns->prefix : NULL;
}

/* The prefix a message names an XDT attribute or element by: its own, or
 * the usual "xdt" (an element in the default namespace has none). */
static inline const char *shown_prefix(const xmlNs *ns)
{
	const char *prefix = prefix_of(ns);
	return prefix ? prefix : "xdt";
}

static inline const char *name_of(const xmlNode *n)
{
	return (const char *)n->name;
}

static inline int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A string display-safe and short, for messages. */
static inline const char *shown(char *buf, size_t size, const char *s, size_t n)
{
	str_display(buf, size, s, n);
	return buf;
}

/* ---- Reading Name(arguments) (xdt.c) ---- */

/* Reads len bytes of v as Name or Name(arguments) into *c: 0, or -1 when
 * it is neither. */
int parse_call(const char *v, size_t len, struct call *c);

/* Whether c names name. */
int call_is(const struct call *c, const char *name);

/* The engine's argument split: one argument, untrimmed, without a comma;
 * else split at commas, joined again where parentheses do not balance,
 * each trimmed.  Returns how many (in *out, to free), or -1 when memory ran
 * out. */
long split_args(const struct call *c, struct arg **out);

/* The attribute of el written qname (prefix:name or name), or NULL. */
xmlAttrPtr attr_named(const xmlNode *el, const char *qname, size_t n);

/* ---- Paths and what they select (xdt_path.c) ---- */

/* c->path and c->insert_path.  Returns 0, 1 when the locator is wrong
 * (reported), -1 when memory ran out. */
int build_path(struct xdt *x, struct ctx *c);

/* Compiles path once for c (*expr keeps it): 0, 1 when it does not compile
 * (reported at offset), -1 as usual. */
int compiled(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
	     size_t offset);

/* Evaluates path (compiled into *expr, or compiled now and freed when expr
 * is NULL) from node `from`: 0 with *out, 1 when it does not compile, fails
 * or takes too much work (reported at offset). */
int select_nodes(struct xdt *x, const struct ctx *c, const char *path, struct xq_expr **expr,
		 xmlNodePtr from, size_t offset, struct xq_nodes *out);

/* Whether c's path selects an element: 1 or 0; 2 when it cannot be
 * evaluated (reported), -1 as usual. */
int selects(struct xdt *x, struct ctx *c);

/* The elements that c's path (insert: where it inserts) selects; 1 when
 * there are none (reported). */
int targets(struct xdt *x, struct ctx *c, int insert, struct xq_nodes *out);

/* Charges what changing the attributes of every target costs (each of
 * its attributes is compared with each of those named, and each one set
 * makes a new value): 0, or 1 when the budget ran out (reported). */
int attribute_work(struct xdt *x, const struct ctx *c, const struct xq_nodes *s, size_t names);

/* Charges looking names up among the attributes of c's element (Match's
 * and SetAttributes' arguments): 0, or 1 when the budget ran out (reported
 * at path). */
int names_work(struct xdt *x, const struct ctx *c, size_t names, const char *path);

/* ---- Changing the base (xdt_edit.c) ---- */

enum place { PLACE_APPEND, PLACE_BEFORE, PLACE_AFTER, PLACE_REPLACE };

/* Puts a copy of the transform element (and its leading comments) into
 * the base, relative to where. */
int place(struct xdt *x, const struct ctx *c, xmlNodePtr where, enum place how);

/* Takes n out of the base; it is freed with the rest at the end (a node
 * removed may be inside another removed before). */
void take_out(struct xdt *x, xmlNodePtr n);

/* Sets on n the attribute src (same prefix and name, as the engine
 * matches them), with src's value, namespace and origin. */
int set_attr(struct xdt *x, xmlNodePtr n, const xmlAttr *src);

/* ---- Writing the result (xdt_write.c) ---- */

/* Writes doc (at most max bytes) into *out with the map of origins: 0; 1
 * when it would be longer or nest deeper than the parser reads back; -1
 * when memory ran out. */
int serialize(const xmlDoc *doc, size_t max, struct xdt_result *out);

#endif
