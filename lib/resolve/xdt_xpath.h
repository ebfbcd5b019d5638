/*
 * xdt_xpath.h - XPath 1.0 for the transform engine (xdt.c): libxml2's
 * compiler and evaluator over the base document, within one work budget
 * that every selection of a transform draws on.
 *
 * All of XPath 1.0 is evaluated (every axis, operator and core function);
 * what .NET refuses is refused too (variables, functions beyond the 27 of
 * XPath 1.0, undeclared prefixes, an expression that selects no nodes).
 * libxml2 counts its operations against a limit (opLimit); what it does
 * without counting (string functions walking long values, the duplicate
 * checks of node-set merges and comparisons, copies of long values
 * compared) is charged too: see xdt_xpath.c.
 */
#ifndef HC_XDT_XPATH_H
#define HC_XDT_XPATH_H

#include <libxml/tree.h>
#include <stddef.h>

struct xq;
struct xq_expr;

/* Results besides 0 and -1 (memory ran out). */
enum xq_error {
	XQ_INVALID = 1,     /* not XPath 1.0 as .NET takes it: why says what */
	XQ_UNSUPPORTED = 2, /* beyond hardconf's limits (nesting): why says what */
	XQ_EXHAUSTED = 3,   /* the work budget ran out */
	XQ_FAILED = 4       /* evaluation failed (a wrong argument type): why */
};

/* Selections in base (changed in place as transforms apply) that may spend
 * budget operations in all; transform supplies the values that copies may
 * add to the base (their lengths bound what comparing them costs).
 * Returns 0 with *out, or -1 when memory ran out. */
int xq_new(xmlDocPtr base, xmlDocPtr transform, size_t budget, struct xq **out);
void xq_free(struct xq *q);

/* The base grew by nodes (elements, attributes, texts, comments) holding
 * text_bytes of character data, of which elements were elements. */
void xq_grew(struct xq *q, size_t nodes, size_t text_bytes, size_t elements);
/* Tells XPath that first (and the siblings after it, up to an element)
 * was placed into the base, or that a node was taken out of parent: runs
 * of siblings between elements may have grown. */
void xq_placed(struct xq *q, const xmlNode *first);
void xq_taken_out(struct xq *q, const xmlNode *parent);

/* Charges units of work done on the base beyond selecting (setting
 * attributes on what was selected): 0, or XQ_EXHAUSTED when they exceed
 * what is left (then nothing is left).  xq_left() is what is left. */
int xq_spend(struct xq *q, size_t units);
size_t xq_left(const struct xq *q);

/* Compiles len bytes of expr, its prefixes meaning what they mean at scope
 * (an element of the transform; _defaultNamespace is its default
 * namespace).  Returns 0 with *out (xq_expr_free), -1, or an enum
 * xq_error with a one-line reason in why (display-safe). */
int xq_compile(struct xq *q, const char *expr, size_t len, const xmlNode *scope,
	       struct xq_expr **out, char *why, size_t why_size);
void xq_expr_free(struct xq_expr *e);

/* What a selection found: its elements in document order, the first node
 * of all in document order when that is an element (else NULL), and how
 * many nodes of any kind it had. */
struct xq_nodes {
	xmlNodePtr *items;
	size_t n, total;
	xmlNodePtr first;
};

void xq_nodes_free(struct xq_nodes *s);

/* Evaluates e from node `from` of the base.  Returns 0 with *out; -1; or
 * XQ_EXHAUSTED, or XQ_FAILED with why. */
int xq_select(struct xq *q, struct xq_expr *e, xmlNodePtr from, struct xq_nodes *out, char *why,
	      size_t why_size);

#endif
