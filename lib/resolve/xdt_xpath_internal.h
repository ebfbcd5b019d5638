/*
 * xdt_xpath_internal.h - what the parts of the transform engine's XPath
 * (xdt_xpath.h) share: xdt_xpath.c compiles and evaluates within the
 * budget, xdt_functions.c holds the table of XPath 1.0's functions and
 * charges each call, xdt_expr.c reads an expression for what .NET refuses
 * and what libxml2 would do without counting.  Here are the state of one
 * transform's selections (struct xq), the units work is charged in, the
 * function table, what reading an expression finds, and the character
 * classes and message helper the readers use.  Internal to those files.
 */
#ifndef HC_XDT_XPATH_INTERNAL_H
#define HC_XDT_XPATH_INTERNAL_H

#include "resolve/xdt_xpath.h"
#include "util/util.h"

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Bytes of a string that cost about one libxml2 operation to walk. */
#define BYTES_PER_OP 16
/* What copying one node's value costs beyond its bytes (a malloc and a
 * free), in operations. */
#define COPY_OPS 2

static inline size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static inline size_t mul_sat(size_t a, size_t b)
{
	return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

static inline size_t str_len(const xmlChar *s)
{
	return s ? strlen((const char *)s) : 0;
}

/* The state of one transform's selections (xq_new()). */
struct xq {
	xmlDocPtr base;
	xmlXPathContextPtr ctx;
	size_t left;         /* the budget */
	size_t weight;       /* what one counted operation costs now */
	int err, err_offset; /* libxml2's first problem in a call */
	/* What a value may cost to copy, from both documents. */
	xmlDocPtr transform;
	xmlHashTablePtr attr_len; /* local name -> longest value + 1, once asked */
	size_t attr_max, text_max, comment_max;
	/* The base as it grows. */
	size_t nodes, text_bytes, decls;
	size_t numbered, added; /* elements in document order, added since */
	/* Siblings that are not elements the child axis may step over, per
	 * element it counts (see xdt_xpath.c): in a walk of all of a parent's
	 * children, and in one that stops at an element.  In the base and in
	 * what copies of the transform's elements may bring; the parent nodes
	 * were taken out of since (several: any); the walks not yet charged. */
	size_t skips_full, skips_early;
	const xmlNode *taken_from;
	int taken_from_several;
	size_t skips_owed;
};

/* ---- The functions of XPath 1.0 (xdt_functions.c) ---- */

enum fn {
	F_BOOLEAN,
	F_CEILING,
	F_CONCAT,
	F_CONTAINS,
	F_COUNT,
	F_FALSE,
	F_FLOOR,
	F_ID,
	F_LANG,
	F_LAST,
	F_LOCAL_NAME,
	F_NAME,
	F_NAMESPACE_URI,
	F_NORMALIZE_SPACE,
	F_NOT,
	F_NUMBER,
	F_POSITION,
	F_ROUND,
	F_STARTS_WITH,
	F_STRING,
	F_STRING_LENGTH,
	F_SUBSTRING,
	F_SUBSTRING_AFTER,
	F_SUBSTRING_BEFORE,
	F_SUM,
	F_TRANSLATE,
	F_TRUE,
	N_FUNCTIONS
};

/* How a function's cost grows, beyond one operation. */
enum cost {
	C_NONE,      /* names, counts, positions */
	C_LINEAR,    /* its arguments as strings, once */
	C_SEARCH,    /* the first argument searched for the second */
	C_TRANSLATE, /* each character of the first looked up in the others */
	C_CONCAT,    /* libxml2 appends each argument to all the earlier ones */
	C_EACH,      /* every node of a node-set as a string (sum, id) */
	C_LANG       /* the ancestors and their attributes */
};

/* A function's max when it takes any number of arguments. */
#define MANY 255

/* What the engine knows of a function: how many arguments it takes and
 * what calling it costs, libxml2's implementation and the wrapper that
 * charges before calling it. */
struct function {
	const char *name;
	unsigned char min, max;
	enum cost cost;
	int context; /* without an argument, takes the context node's string */
	xmlXPathFunction impl, wrapper;
};

extern const struct function functions[N_FUNCTIONS];

/* The function of XPath 1.0 named by len bytes of name, or -1. */
int function_named(const char *name, size_t len);

/* Only the functions of XPath 1.0, without a namespace (scan() refuses
 * any other before evaluation). */
xmlXPathFunction lookup(void *user, const xmlChar *name, const xmlChar *uri);

/* ---- Reading an expression (xdt_expr.c) ---- */

/* What reading an expression found: the first problem (XQ_INVALID or
 * XQ_UNSUPPORTED, with why filled in), and what the expression may make
 * libxml2 do without counting (see xdt_xpath.c). */
struct scanned {
	int error, syntax; /* syntax: the error is in the tokens themselves */
	int nodeset;       /* the expression is a node-set */
	int set_work, ns_axis, compares_elements, compares_many, prefixed;
	int stops_early; /* a walk of children may stop at an element */
	size_t compares_cost;
};

/* Reads len bytes of expr, its prefixes meaning what they mean at scope,
 * into *out; the longest values of the attributes it compares are looked
 * up once, charged to q. */
void scan_expr(struct xq *q, const xmlNode *scope, const char *expr, size_t len,
	       struct scanned *out, char *why, size_t why_size);

/* ---- Characters and messages ---- */

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static inline int is_name_char(char c)
{
	return is_name_start(c) || is_digit(c) || c == '.' || c == '-';
}

/* A string display-safe and short, for messages. */
static inline const char *shown(char *buf, size_t size, const char *s, size_t n)
{
	str_display(buf, size, s, n);
	return buf;
}

#endif
