/*
 * xpath.h - the part of XPath 1.0 that web.config transforms use, over the
 * tree of tree.h.
 *
 * Supported: absolute and relative location paths; the axes child,
 * attribute, self, parent, descendant(-or-self), ancestor(-or-self),
 * following-sibling and preceding-sibling, with their abbreviations (@, .,
 * .., //); name tests (prefix:name matches by namespace URI, as .NET does),
 * *, prefix:*, node(), text(), comment(); predicates, positional ones
 * included; filter expressions; | ; = != < <= > >= ; and, or; string and
 * number literals; the functions last, position, count, not, true, false,
 * boolean, number, string, concat, contains, starts-with, string-length,
 * normalize-space, local-name and name.  Anything else of XPath 1.0
 * (arithmetic, variables, the other functions and axes) is refused as
 * unsupported, never evaluated wrongly.
 *
 * Hostile expressions: nesting is bounded at compile time and every
 * evaluation draws on a work budget, so no expression runs long.
 */
#ifndef HC_XPATH_H
#define HC_XPATH_H

#include <stddef.h>

struct node;
struct xpath;

/* A node of a result: an element, text, comment or document node, or the
 * attribute attr of the element node. */
#define XPATH_NODE ((size_t)-1)
struct xitem {
	struct node *node;
	size_t attr;
};

/* A node-set in document order, without duplicates.  Free with xset_free. */
struct xset {
	struct xitem *items;
	size_t n, cap;
};

void xset_free(struct xset *s);

/* The namespace URI bound to a prefix of the expression, or NULL when it is
 * not declared (a compile error, as in .NET). */
typedef const char *(*xpath_ns_fn)(const void *user, const char *prefix, size_t len);

/* xpath_compile's results besides 0 and -1 (memory). */
enum xpath_error {
	XPATH_INVALID = 1,     /* not XPath 1.0 */
	XPATH_UNSUPPORTED = 2, /* XPath 1.0, but beyond the subset */
	XPATH_PREFIX = 3       /* a prefix that is not declared */
};

/* Compiles len bytes of expr.  On an error, why receives a one-line
 * reason, safe to display (for XPATH_UNSUPPORTED, what the expression uses:
 * "the function substring()").  Returns 0 with *out (free with xpath_free),
 * -1 when memory ran out, or an enum xpath_error. */
int xpath_compile(const char *expr, size_t len, xpath_ns_fn ns, const void *user,
		  struct xpath **out, char *why, size_t why_size);

void xpath_free(struct xpath *xp);

/* What evaluations may still spend, in nodes visited; shared by all the
 * evaluations of one transform. */
struct xpath_budget {
	size_t left;
};

/* Selects the nodes the expression yields from context (an element or the
 * document node); xpath_compile refuses expressions that yield no node-set.
 * The document must be numbered (tree_number) since its last change.
 * Returns 0 with *out; 1 when the budget ran out; -1 when memory ran out. */
int xpath_select(const struct xpath *xp, struct node *context, struct xpath_budget *budget,
		 struct xset *out);

#endif
