/*
 * xdt_xpath.c - libxml2's XPath for the transform engine, within a budget.
 *
 * One budget, in libxml2's operations, is shared by every selection of a
 * transform (a budget per selection would still let n selections over n
 * nodes cost n * n).  Each evaluation runs with opLimit set to what is
 * left, and libxml2 counts its own steps: nodes visited on an axis,
 * operators and predicates evaluated.  What it does without counting is
 * charged here, so that a hostile transform stays within the budget
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
 *    libxml2's function.
 *
 *  - Node-set work.  libxml2 removes duplicates when it merges the nodes a
 *    step finds from several context nodes (on the axes that can find a
 *    node twice), when it joins a union and when it compares two node-sets
 *    of several nodes; it sorts the preceding axes by walking siblings; it
 *    lists the namespaces in scope for the namespace axis, and looks
 *    prefixes up one by one.  scan() reads the expression for each of
 *    these, and each operation of an expression that may do one is
 *    charged as the work it may hide: the nodes of the base (divided by
 *    SET_COMPARES_PER_OP), the declarations squared, the prefixes.
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
 */
#include "resolve/xdt_xpath.h"

#include "resolve/xdt_dom.h"
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

/* Bytes of a string that cost about one libxml2 operation to walk. */
#define BYTES_PER_OP 16
/* Duplicate checks (pointer comparisons) that cost about one operation. */
#define SET_COMPARES_PER_OP 4
/* What copying one node's value costs beyond its bytes (a malloc and a
 * free), in operations. */
#define COPY_OPS 2
/* Bytes of an expression compiled for about one operation. */
#define COMPILE_BYTES_PER_OP 4
/* Parentheses and brackets inside each other: libxml2 recurses for each,
 * and .NET's engine is no deeper in practice. */
#define MAX_NESTING 32
/* Operators and predicates in one expression: libxml2 evaluates a chain
 * of them recursively. */
#define MAX_OPERATORS 1024

static size_t add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mul_sat(size_t a, size_t b)
{
	return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

/* ---- The functions of XPath 1.0 ---- */

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

#define MANY 255

static void call(xmlXPathParserContextPtr p, int nargs, enum fn f);
static void name_function(xmlXPathParserContextPtr p, int nargs);

/* What libxml2 calls: a wrapper per function that charges, then calls
 * libxml2's own (call()). */
#define WRAPPER(f)                                                  \
	static void call_##f(xmlXPathParserContextPtr p, int nargs) \
	{                                                           \
		call(p, nargs, f);                                  \
	}
WRAPPER(F_BOOLEAN)
WRAPPER(F_CEILING)
WRAPPER(F_CONCAT)
WRAPPER(F_CONTAINS)
WRAPPER(F_COUNT)
WRAPPER(F_FALSE)
WRAPPER(F_FLOOR)
WRAPPER(F_ID)
WRAPPER(F_LANG)
WRAPPER(F_LAST)
WRAPPER(F_LOCAL_NAME)
WRAPPER(F_NAME)
WRAPPER(F_NAMESPACE_URI)
WRAPPER(F_NORMALIZE_SPACE)
WRAPPER(F_NOT)
WRAPPER(F_NUMBER)
WRAPPER(F_POSITION)
WRAPPER(F_ROUND)
WRAPPER(F_STARTS_WITH)
WRAPPER(F_STRING)
WRAPPER(F_STRING_LENGTH)
WRAPPER(F_SUBSTRING)
WRAPPER(F_SUBSTRING_AFTER)
WRAPPER(F_SUBSTRING_BEFORE)
WRAPPER(F_SUM)
WRAPPER(F_TRANSLATE)
WRAPPER(F_TRUE)

static const struct function {
	const char *name;
	unsigned char min, max;
	enum cost cost;
	int context; /* without an argument, takes the context node's string */
	xmlXPathFunction impl, wrapper;
} functions[N_FUNCTIONS] = {
	[F_BOOLEAN] = {"boolean", 1, 1, C_NONE, 0, xmlXPathBooleanFunction, call_F_BOOLEAN},
	[F_CEILING] = {"ceiling", 1, 1, C_LINEAR, 0, xmlXPathCeilingFunction, call_F_CEILING},
	[F_CONCAT] = {"concat", 2, MANY, C_CONCAT, 0, xmlXPathConcatFunction, call_F_CONCAT},
	[F_CONTAINS] = {"contains", 2, 2, C_SEARCH, 0, xmlXPathContainsFunction, call_F_CONTAINS},
	[F_COUNT] = {"count", 1, 1, C_NONE, 0, xmlXPathCountFunction, call_F_COUNT},
	[F_FALSE] = {"false", 0, 0, C_NONE, 0, xmlXPathFalseFunction, call_F_FALSE},
	[F_FLOOR] = {"floor", 1, 1, C_LINEAR, 0, xmlXPathFloorFunction, call_F_FLOOR},
	[F_ID] = {"id", 1, 1, C_EACH, 0, xmlXPathIdFunction, call_F_ID},
	[F_LANG] = {"lang", 1, 1, C_LANG, 0, xmlXPathLangFunction, call_F_LANG},
	[F_LAST] = {"last", 0, 0, C_NONE, 0, xmlXPathLastFunction, call_F_LAST},
	[F_LOCAL_NAME] = {"local-name", 0, 1, C_NONE, 0, xmlXPathLocalNameFunction,
			  call_F_LOCAL_NAME},
	[F_NAME] = {"name", 0, 1, C_NONE, 0, name_function, call_F_NAME},
	[F_NAMESPACE_URI] = {"namespace-uri", 0, 1, C_NONE, 0, xmlXPathNamespaceURIFunction,
			     call_F_NAMESPACE_URI},
	[F_NORMALIZE_SPACE] = {"normalize-space", 0, 1, C_LINEAR, 1, xmlXPathNormalizeFunction,
			       call_F_NORMALIZE_SPACE},
	[F_NOT] = {"not", 1, 1, C_NONE, 0, xmlXPathNotFunction, call_F_NOT},
	[F_NUMBER] = {"number", 0, 1, C_LINEAR, 1, xmlXPathNumberFunction, call_F_NUMBER},
	[F_POSITION] = {"position", 0, 0, C_NONE, 0, xmlXPathPositionFunction, call_F_POSITION},
	[F_ROUND] = {"round", 1, 1, C_LINEAR, 0, xmlXPathRoundFunction, call_F_ROUND},
	[F_STARTS_WITH] = {"starts-with", 2, 2, C_LINEAR, 0, xmlXPathStartsWithFunction,
			   call_F_STARTS_WITH},
	[F_STRING] = {"string", 0, 1, C_LINEAR, 1, xmlXPathStringFunction, call_F_STRING},
	[F_STRING_LENGTH] = {"string-length", 0, 1, C_LINEAR, 1, xmlXPathStringLengthFunction,
			     call_F_STRING_LENGTH},
	[F_SUBSTRING] = {"substring", 2, 3, C_LINEAR, 0, xmlXPathSubstringFunction,
			 call_F_SUBSTRING},
	[F_SUBSTRING_AFTER] = {"substring-after", 2, 2, C_SEARCH, 0, xmlXPathSubstringAfterFunction,
			       call_F_SUBSTRING_AFTER},
	[F_SUBSTRING_BEFORE] = {"substring-before", 2, 2, C_SEARCH, 0,
				xmlXPathSubstringBeforeFunction, call_F_SUBSTRING_BEFORE},
	[F_SUM] = {"sum", 1, 1, C_EACH, 0, xmlXPathSumFunction, call_F_SUM},
	[F_TRANSLATE] = {"translate", 3, 3, C_TRANSLATE, 0, xmlXPathTranslateFunction,
			 call_F_TRANSLATE},
	[F_TRUE] = {"true", 0, 0, C_NONE, 0, xmlXPathTrueFunction, call_F_TRUE},
};

static int function_named(const char *name, size_t len)
{
	for (int i = 0; i < N_FUNCTIONS; i++)
		if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
			return i;
	return -1;
}

/* ---- The state of one transform's selections ---- */

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
};

struct xq_expr {
	xmlXPathCompExprPtr comp;
	xmlNsPtr *ns; /* the prefixes in scope, innermost first */
	int n_ns;
	xmlNs default_ns; /* _defaultNamespace */
	/* What scan() found the expression may do. */
	int set_work, ns_axis, compares_elements, compares_many, prefixed;
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

/* ---- Charging ---- */

/* Adds units of work to the evaluation in progress, in operations of its
 * weight; raises libxml2's own error when that exceeds its limit. */
static int spend(xmlXPathParserContextPtr p, size_t units)
{
	xmlXPathContextPtr c = p->context;
	struct xq *q = c->funcLookupData;
	size_t ops = units / q->weight + (units % q->weight != 0);
	if (ops > c->opLimit - c->opCount) {
		c->opCount = c->opLimit;
		xmlXPathErr(p, XPATH_OP_LIMIT_EXCEEDED);
		return -1;
	}
	c->opCount += ops;
	return 0;
}

static size_t str_len(const xmlChar *s)
{
	return s ? strlen((const char *)s) : 0;
}

/* The length of a node's string-value, charged as it is measured: for
 * each node walked, one unit for this walk and one for libxml2's own when
 * it makes the string, and one per BYTES_PER_OP bytes.  -1 when the budget
 * ran out. */
static int measure(xmlXPathParserContextPtr p, xmlNodePtr n, size_t *len)
{
	size_t units = 0;
	*len = 0;
	if (!n)
		return 0;
	switch (n->type) {
	case XML_NAMESPACE_DECL:
		*len = str_len(((xmlNsPtr)n)->href);
		return spend(p, 1 + COPY_OPS + *len / BYTES_PER_OP);
	case XML_ATTRIBUTE_NODE:
		for (xmlNodePtr t = n->children; t; t = t->next)
			*len = add_sat(*len, str_len(t->content));
		return spend(p, 1 + COPY_OPS + *len / BYTES_PER_OP);
	case XML_ELEMENT_NODE:
	case XML_DOCUMENT_NODE:
		for (xmlNodePtr d = dom_next(n, n); d; d = dom_next(n, d)) {
			size_t l = d->type == XML_TEXT_NODE || d->type == XML_CDATA_SECTION_NODE
					   ? str_len(d->content)
					   : 0;
			*len = add_sat(*len, l);
			units = add_sat(units, 2 + l / BYTES_PER_OP);
			if (units >= 4096) {
				if (spend(p, units) != 0)
					return -1;
				units = 0;
			}
		}
		return spend(p, units + 1 + COPY_OPS);
	default:
		*len = str_len(n->content);
		return spend(p, 1 + COPY_OPS + *len / BYTES_PER_OP);
	}
}

/* The length of an argument as a string (a node-set: its first node's, or
 * for each, all of its nodes'), charged.  -1 when the budget ran out. */
static int measure_object(xmlXPathParserContextPtr p, xmlXPathObjectPtr o, int each, size_t *len)
{
	*len = 0;
	if (!o)
		return 0;
	switch (o->type) {
	case XPATH_NODESET:
		if (!o->nodesetval || !o->nodesetval->nodeNr)
			return 0;
		/* sum() and id() also parse each value (a number, tokens). */
		for (int i = 0; i < (each ? o->nodesetval->nodeNr : 1); i++) {
			size_t l;
			if (measure(p, o->nodesetval->nodeTab[i], &l) != 0 ||
			    (each && spend(p, 2 * COPY_OPS) != 0))
				return -1;
			*len = add_sat(*len, l);
		}
		return 0;
	case XPATH_STRING:
		*len = str_len(o->stringval);
		return spend(p, *len / BYTES_PER_OP);
	default:
		*len = 32; /* a number or a boolean as a string */
		return 0;
	}
}

/* Counts the ancestors lang() looks at and their attributes. */
static int measure_lang(xmlXPathParserContextPtr p)
{
	size_t units = 1;
	for (xmlNodePtr n = p->context->node; n; n = n->parent) {
		units = add_sat(units, 1);
		if (n->type == XML_ELEMENT_NODE)
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				units = add_sat(units, 1);
	}
	return spend(p, units);
}

/* Replaces argument i on the value stack (a node-set, measured and
 * charged already) with its string, as the function would take it. */
static int as_string(xmlXPathParserContextPtr p, int i)
{
	xmlXPathObjectPtr o = p->valueTab[i], s;
	xmlChar *str;
	if (!o || o->type == XPATH_STRING)
		return 0;
	str = xmlXPathCastToString(o);
	s = str ? xmlXPathWrapString(str) : NULL;
	if (!s) {
		xmlFree(str);
		xmlXPathErr(p, XPATH_MEMORY_ERROR);
		return -1;
	}
	xmlXPathFreeObject(o);
	p->valueTab[i] = s;
	if (i == p->valueNr - 1)
		p->value = s;
	return 0;
}

/* What libxml2's naive search (xmlStrstr) may do, in bytes: at each place
 * where the needle's first byte occurs, a call that compares up to the
 * needle's length. */
static size_t search_cost(xmlXPathObjectPtr hay, xmlXPathObjectPtr needle, size_t hay_len,
			  size_t needle_len)
{
	const char *h, *end;
	size_t places = 0;
	if (!hay || !needle || hay->type != XPATH_STRING || needle->type != XPATH_STRING ||
	    !hay->stringval || !needle->stringval || !needle_len)
		return mul_sat(hay_len, needle_len);
	h = (const char *)hay->stringval;
	end = h + hay_len;
	while ((h = memchr(h, needle->stringval[0], (size_t)(end - h))) != NULL) {
		places++;
		h++;
	}
	return mul_sat(places, add_sat(needle_len, BYTES_PER_OP / 2));
}

/* name(): libxml2 does not export its own.  Its result is local-name()'s
 * but for an element or attribute with a prefix. */
static void name_function(xmlXPathParserContextPtr p, int nargs)
{
	xmlXPathObjectPtr o = nargs == 1 && p->valueNr > 0 ? p->value : NULL, s;
	xmlNodePtr n = nargs == 0 ? p->context->node : NULL;
	xmlChar *qname;
	if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0)
		n = o->nodesetval->nodeTab[0];
	if (!n || (n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE) || !n->ns ||
	    !n->ns->prefix) {
		xmlXPathLocalNameFunction(p, nargs);
		return;
	}
	qname = xmlBuildQName(n->name, n->ns->prefix, NULL, 0);
	s = qname ? xmlXPathWrapString(qname) : NULL;
	if (!s) {
		xmlFree(qname);
		xmlXPathErr(p, XPATH_MEMORY_ERROR);
		return;
	}
	if (o)
		xmlXPathFreeObject(valuePop(p));
	valuePush(p, s);
}

/* Charges what libxml2's function will do with its arguments (on the
 * value stack), then calls it. */
static void call(xmlXPathParserContextPtr p, int nargs, enum fn f)
{
	const struct function *fn = &functions[f];
	size_t len[3] = {0, 0, 0}, total = 0, extra = 0;

	if (nargs >= 0 && nargs <= p->valueNr && nargs >= fn->min && nargs <= fn->max &&
	    fn->cost != C_NONE) {
		if (fn->cost == C_LANG && measure_lang(p) != 0)
			return;
		for (int i = 0; i < nargs; i++) {
			size_t l;
			if (measure_object(p, p->valueTab[p->valueNr - nargs + i],
					   fn->cost == C_EACH, &l) != 0)
				return;
			if (i < 3)
				len[i] = l;
			total = add_sat(total, l);
		}
		if (!nargs && fn->context && measure(p, p->context->node, &len[0]) != 0)
			return;
		if (!nargs)
			total = len[0];
		if (fn->cost == C_SEARCH) {
			if (as_string(p, p->valueNr - 2) != 0 || as_string(p, p->valueNr - 1) != 0)
				return;
			extra = search_cost(p->valueTab[p->valueNr - 2],
					    p->valueTab[p->valueNr - 1], len[0], len[1]);
		} else if (fn->cost == C_TRANSLATE)
			extra = mul_sat(len[0], add_sat(len[1], len[2]));
		else if (fn->cost == C_CONCAT)
			extra = mul_sat((size_t)nargs, total);
		if (spend(p, add_sat(total, extra) / BYTES_PER_OP) != 0)
			return;
	}
	fn->impl(p, nargs);
}

/* Only the functions of XPath 1.0, without a namespace (scan() refuses
 * any other before evaluation). */
static xmlXPathFunction lookup(void *user, const xmlChar *name, const xmlChar *uri)
{
	int f;
	(void)user;
	if (uri || !name)
		return NULL;
	f = function_named((const char *)name, strlen((const char *)name));
	return f < 0 ? NULL : functions[f].wrapper;
}

/* ---- Reading an expression ----
 *
 * A lexer for XPath 1.0's tokens (with the spec's rules for when '*' and
 * and/or/div/mod are operators), and one pass over them that checks what
 * libxml2 would accept but .NET refuses, and notes what the expression may
 * make libxml2 do without counting.  It runs only on text libxml2 compiled,
 * except for its nesting check, which comes first. */

enum tok {
	T_END,
	T_LPAR,
	T_RPAR,
	T_LBRA,
	T_RBRA,
	T_DOT,
	T_DOTDOT,
	T_AT,
	T_COMMA,
	T_AXIS,
	T_SLASH,
	T_DSLASH,
	T_PIPE,
	T_CMP,
	T_ARITH,
	T_ANDOR,
	T_LITERAL,
	T_NUMBER,
	T_VAR,
	T_NAME,
	T_NODETYPE,
	T_FUNC,
	T_BAD
};

struct lex {
	const char *s;
	size_t len, pos;
	enum tok prev;
	size_t at;                  /* where the token starts */
	const char *prefix, *local; /* names: local is "*" for a wildcard */
	size_t prefix_len, local_len;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static int is_name_char(char c)
{
	return is_name_start(c) || is_digit(c) || c == '.' || c == '-';
}

static size_t skip_space(const struct lex *l, size_t i)
{
	while (i < l->len && is_space(l->s[i]))
		i++;
	return i;
}

static size_t ncname(const struct lex *l, size_t i)
{
	while (i < l->len && is_name_char(l->s[i]))
		i++;
	return i;
}

/* Whether the token before makes '*' a multiplication and a name an
 * operator (XPath 1.0, 3.7). */
static int ends_operand(enum tok t)
{
	return t == T_RPAR || t == T_RBRA || t == T_DOT || t == T_DOTDOT || t == T_LITERAL ||
	       t == T_NUMBER || t == T_VAR || t == T_NAME || t == T_NODETYPE;
}

static int word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static enum tok lex_name(struct lex *l)
{
	size_t i = ncname(l, l->pos), j;
	l->prefix = NULL;
	l->prefix_len = 0;
	l->local = l->s + l->pos;
	l->local_len = i - l->pos;
	if (i + 1 < l->len && l->s[i] == ':' && l->s[i + 1] != ':') {
		l->prefix = l->local;
		l->prefix_len = l->local_len;
		if (l->s[i + 1] == '*') {
			l->local = "*";
			l->local_len = 1;
			l->pos = i + 2;
			return T_NAME;
		}
		if (!is_name_start(l->s[i + 1]))
			return T_BAD;
		l->local = l->s + i + 1;
		i = ncname(l, i + 1);
		l->local_len = (size_t)(l->s + i - l->local);
	}
	l->pos = i;
	if (!l->prefix && ends_operand(l->prev)) {
		if (word_is(l->local, l->local_len, "and") || word_is(l->local, l->local_len, "or"))
			return T_ANDOR;
		if (word_is(l->local, l->local_len, "div") ||
		    word_is(l->local, l->local_len, "mod"))
			return T_ARITH;
		return T_BAD;
	}
	j = skip_space(l, i);
	if (j < l->len && l->s[j] == '(') {
		static const char *const types[] = {"comment", "text", "node",
						    "processing-instruction"};
		for (size_t k = 0; !l->prefix && k < sizeof types / sizeof types[0]; k++)
			if (word_is(l->local, l->local_len, types[k])) {
				/* The node test is one token: name ( literal? ) */
				j = skip_space(l, j + 1);
				if (k == 3 && j < l->len && (l->s[j] == '"' || l->s[j] == '\'')) {
					const char *end =
						memchr(l->s + j + 1, l->s[j], l->len - j - 1);
					if (!end)
						return T_BAD;
					j = skip_space(l, (size_t)(end - l->s) + 1);
				}
				if (j >= l->len || l->s[j] != ')')
					return T_BAD;
				l->pos = j + 1;
				return T_NODETYPE;
			}
		return T_FUNC;
	}
	if (j + 1 < l->len && l->s[j] == ':' && l->s[j + 1] == ':') {
		l->pos = j + 2;
		return l->prefix ? T_BAD : T_AXIS;
	}
	return T_NAME;
}

static enum tok lex_next(struct lex *l)
{
	enum tok t;
	char c;
	l->pos = skip_space(l, l->pos);
	l->at = l->pos;
	if (l->pos >= l->len)
		return l->prev = T_END;
	c = l->s[l->pos++];
	switch (c) {
	case '(':
		t = T_LPAR;
		break;
	case ')':
		t = T_RPAR;
		break;
	case '[':
		t = T_LBRA;
		break;
	case ']':
		t = T_RBRA;
		break;
	case '@':
		t = T_AT;
		break;
	case ',':
		t = T_COMMA;
		break;
	case '|':
		t = T_PIPE;
		break;
	case '+':
	case '-':
		t = T_ARITH;
		break;
	case '=':
		t = T_CMP;
		break;
	case '!':
		t = l->pos < l->len && l->s[l->pos] == '=' ? (l->pos++, T_CMP) : T_BAD;
		break;
	case '<':
	case '>':
		if (l->pos < l->len && l->s[l->pos] == '=')
			l->pos++;
		t = T_CMP;
		break;
	case '/':
		t = l->pos < l->len && l->s[l->pos] == '/' ? (l->pos++, T_DSLASH) : T_SLASH;
		break;
	case '*':
		if (ends_operand(l->prev)) {
			t = T_ARITH;
		} else {
			l->prefix = NULL;
			l->prefix_len = 0;
			l->local = "*";
			l->local_len = 1;
			t = T_NAME;
		}
		break;
	case '"':
	case '\'': {
		const char *end = memchr(l->s + l->pos, c, l->len - l->pos);
		t = end ? T_LITERAL : T_BAD;
		if (end)
			l->pos = (size_t)(end - l->s) + 1;
		break;
	}
	case '$':
		t = l->pos < l->len && is_name_start(l->s[l->pos]) && lex_name(l) == T_NAME ? T_VAR
											    : T_BAD;
		break;
	case '.':
		if (l->pos < l->len && l->s[l->pos] == '.') {
			l->pos++;
			t = T_DOTDOT;
		} else if (l->pos < l->len && is_digit(l->s[l->pos])) {
			while (l->pos < l->len && is_digit(l->s[l->pos]))
				l->pos++;
			t = T_NUMBER;
		} else {
			t = T_DOT;
		}
		break;
	default:
		if (is_digit(c)) {
			while (l->pos < l->len && is_digit(l->s[l->pos]))
				l->pos++;
			if (l->pos < l->len && l->s[l->pos] == '.')
				for (l->pos++; l->pos < l->len && is_digit(l->s[l->pos]);)
					l->pos++;
			t = T_NUMBER;
		} else if (is_name_start(c)) {
			l->pos--;
			t = lex_name(l);
		} else {
			t = T_BAD;
		}
	}
	return l->prev = t;
}

enum axis {
	AX_CHILD,
	AX_ATTRIBUTE,
	AX_SELF,
	AX_PARENT,
	AX_DESCENDANT,
	AX_DESCENDANT_OR_SELF,
	AX_ANCESTOR,
	AX_ANCESTOR_OR_SELF,
	AX_FOLLOWING,
	AX_FOLLOWING_SIBLING,
	AX_PRECEDING,
	AX_PRECEDING_SIBLING,
	AX_NAMESPACE,
	AX_NONE
};

static const char *const axis_names[AX_NONE] = {
	"child",      "attribute",          "self",      "parent",
	"descendant", "descendant-or-self", "ancestor",  "ancestor-or-self",
	"following",  "following-sibling",  "preceding", "preceding-sibling",
	"namespace"};

/* The axes libxml2 merges with a duplicate check (a node can be found from
 * two context nodes). */
static int overlaps(enum axis a)
{
	return a != AX_CHILD && a != AX_ATTRIBUTE && a != AX_SELF && a != AX_NAMESPACE;
}

enum frame_kind { FR_TOP, FR_GROUP, FR_ARGS, FR_PRED };

/* One level of the expression: the whole, a parenthesized expression,
 * the arguments of a call, a predicate. */
struct frame {
	enum frame_kind kind;
	int fn;      /* FR_ARGS: the function, -1 when not one of XPath 1.0 */
	size_t args; /* FR_ARGS: commas seen */
	int empty;   /* nothing in the frame yet */
	int andor;   /* an and or an or at this level */
	/* The clause (between and/or/commas) being read. */
	int ops;             /* comparisons and arithmetic in it */
	int set_terms;       /* operands of those that may be node-sets */
	int multi_terms;     /* ... of several nodes */
	int clause_elements; /* ... one of which may hold elements */
	size_t clause_cost;  /* ... the costliest value copy among them */
	int term_set;        /* the operand being read may be a node-set */
	int term_multi;      /* ... of several nodes */
	int term_elements;   /* ... holding elements or other nodes with subtrees */
	size_t term_cost;    /* ... whose values cost this much to copy */
	int last_set;        /* the clause that ended was a node-set alone */
	int last_elements;
	size_t last_cost;
	/* The location path being read. */
	int pending;     /* a step or filter that may end the path */
	int pending_set; /* ... and whose value may be a node-set */
	int pending_elements;
	size_t pending_cost;
	int slash;      /* 0, or T_SLASH / T_DSLASH just read */
	int from_root;  /* that slash began an absolute path */
	int multi;      /* the next step's context may hold several nodes */
	enum axis axis; /* given with @ or name:: for the next step */
};

struct scan {
	struct xq *q;
	const xmlNode *scope;
	struct frame f[MAX_NESTING + 1];
	size_t depth, ops;
	int fn; /* the function a '(' opens */
	/* Found. */
	int set_work, ns_axis, compares_elements, compares_many, nodeset, prefixed;
	size_t compares_cost;
	size_t in_scope;   /* namespace declarations in scope */
	int error, syntax; /* syntax: the error is in the tokens themselves */
	char *why;
	size_t why_size;
};

static void scan_error(struct scan *s, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void scan_error(struct scan *s, int error, const char *fmt, ...)
{
	va_list ap;
	if (s->error)
		return;
	s->error = error;
	va_start(ap, fmt);
	vsnprintf(s->why, s->why_size, fmt, ap);
	va_end(ap);
}

static const char *shown(char *buf, size_t size, const char *s, size_t n)
{
	str_display(buf, size, s, n);
	return buf;
}

/* The longest value an attribute of this local name has in the base or
 * the transform (which is all its copies can hold).  Asked once per name
 * (a walk of both, charged), for the few names a transform compares. */
static size_t attr_cost(struct xq *q, const char *local, size_t len)
{
	const xmlChar *name;
	uintptr_t known;
	size_t longest = 0, walked = 0;
	xmlDocPtr docs[2] = {q->base, q->transform};

	if (len > INT_MAX)
		return q->attr_max;
	/* Names are interned in the documents' dictionary: one no attribute
	 * has is not there. */
	name = xmlDictExists(q->base->dict, (const xmlChar *)local, (int)len);
	if (!name)
		return 0;
	if (!q->attr_len && !(q->attr_len = xmlHashCreate(16)))
		return q->attr_max;
	known = (uintptr_t)xmlHashLookup(q->attr_len, name);
	if (known)
		return (size_t)known - 1;
	for (int d = 0; d < 2; d++)
		for (xmlNodePtr n = (xmlNodePtr)docs[d]; n; n = dom_next((xmlNodePtr)docs[d], n)) {
			walked++;
			for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a;
			     a = a->next) {
				walked++;
				if (a->name == name) {
					size_t l = strlen(dom_attr_value(a));
					if (l > longest)
						longest = l;
				}
			}
		}
	q->left -= walked < q->left ? walked : q->left;
	if (xmlHashAddEntry(q->attr_len, name, (void *)(uintptr_t)(longest + 1)) != 0)
		return q->attr_max;
	return longest;
}

/* What copying the string-value of the nodes a step selects may cost. */
static void step_cost(struct scan *s, const struct lex *l, enum tok t, enum axis axis,
		      int *elements, size_t *cost)
{
	struct xq *q = s->q;
	*elements = 0;
	*cost = 0;
	if (axis == AX_ATTRIBUTE && t == T_NAME && !word_is(l->local, l->local_len, "*")) {
		*cost = attr_cost(q, l->local, l->local_len);
	} else if (axis == AX_ATTRIBUTE) {
		*cost = q->attr_max;
	} else if (axis == AX_NAMESPACE) {
		*cost = 256;
	} else if (t == T_NODETYPE && word_is(l->local, l->local_len, "text")) {
		*cost = q->text_max;
	} else if (t == T_NODETYPE && word_is(l->local, l->local_len, "comment")) {
		*cost = q->comment_max;
	} else if (!(t == T_NODETYPE &&
		     word_is(l->local, l->local_len, "processing-instruction"))) {
		*elements = 1;
	}
	*cost /= BYTES_PER_OP;
}

/* The path being read ends: what it selected joins the operand. */
static void end_path(struct frame *f)
{
	if (f->pending && f->pending_set) {
		f->term_set = 1;
		f->term_multi |= f->multi;
		f->term_elements |= f->pending_elements;
		if (f->pending_cost > f->term_cost)
			f->term_cost = f->pending_cost;
	}
	f->pending = 0;
	f->slash = 0;
	f->from_root = 0;
	f->multi = 0;
	f->axis = AX_NONE;
}

static void end_term(struct frame *f)
{
	end_path(f);
	if (f->term_set) {
		f->set_terms++;
		f->multi_terms += f->term_multi;
		f->clause_elements |= f->term_elements;
		if (f->term_cost > f->clause_cost)
			f->clause_cost = f->term_cost;
	}
	f->term_set = f->term_multi = f->term_elements = 0;
	f->term_cost = 0;
}

/* A clause ends (and, or, a comma, the end of its level): comparing node
 * values in it costs their copies; comparing two node-sets of several
 * nodes, their product. */
static void end_clause(struct scan *s, struct frame *f)
{
	end_term(f);
	if (f->ops > 0) {
		s->compares_elements |= f->clause_elements;
		if (f->clause_cost > s->compares_cost)
			s->compares_cost = f->clause_cost;
		if (f->multi_terms >= 2)
			s->set_work = 1;
		if (f->multi_terms >= 1)
			s->compares_many = 1;
	}
	f->last_set = f->ops == 0 && f->set_terms > 0;
	f->last_elements = f->clause_elements;
	f->last_cost = f->clause_cost;
	f->ops = f->set_terms = f->multi_terms = f->clause_elements = 0;
	f->clause_cost = 0;
}

static int push(struct scan *s, enum frame_kind kind, int fn)
{
	struct frame *f;
	if (s->depth >= MAX_NESTING) {
		scan_error(s, XQ_UNSUPPORTED, "uses nesting deeper than %d levels", MAX_NESTING);
		return -1;
	}
	f = &s->f[++s->depth];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->fn = fn;
	f->empty = 1;
	f->axis = AX_NONE;
	return 0;
}

/* A step: the axis it takes, whether its context may hold several nodes,
 * and what it leaves for the next. */
static void step(struct scan *s, struct frame *f, const struct lex *l, enum tok t)
{
	enum axis axis = t == T_DOT ? AX_SELF : t == T_DOTDOT ? AX_PARENT : f->axis;
	int several = f->slash ? f->multi || f->slash == T_DSLASH : 0;
	int root_child = f->slash == T_SLASH && f->from_root;
	if (axis == AX_NONE)
		axis = AX_CHILD;
	if ((overlaps(axis) && several) || axis == AX_PRECEDING || axis == AX_PRECEDING_SIBLING)
		s->set_work = 1;
	if (axis == AX_NAMESPACE)
		s->ns_axis = 1;
	f->pending = f->pending_set = 1;
	step_cost(s, l, t, axis, &f->pending_elements, &f->pending_cost);
	/* The document has one root element; an attribute has one name. */
	if ((axis == AX_CHILD && root_child && t == T_NAME) || axis == AX_SELF ||
	    axis == AX_PARENT || (axis == AX_ATTRIBUTE && t == T_NAME && l->local[0] != '*'))
		f->multi = several;
	else
		f->multi = 1;
	f->slash = 0;
	f->from_root = 0;
	f->axis = AX_NONE;
}

/* Whether a prefix is declared where the expression stands (each look
 * walks the declarations in scope: charged). */
static void check_prefix(struct scan *s, const struct lex *l)
{
	char buf[64];
	if (!l->prefix)
		return;
	s->prefixed = 1;
	s->q->left -= s->in_scope < s->q->left ? s->in_scope : s->q->left;
	if (l->prefix_len == 17 && memcmp(l->prefix, "_defaultNamespace", 17) == 0
		    ? !dom_lookup_ns(s->scope, NULL, 0)
		    : !dom_lookup_ns(s->scope, l->prefix, l->prefix_len))
		scan_error(s, XQ_INVALID, "the prefix %s is not declared",
			   shown(buf, sizeof buf, l->prefix, l->prefix_len));
}

static void close_frame(struct scan *s)
{
	struct frame *f = &s->f[s->depth], *up;
	end_clause(s, f);
	if (f->kind == FR_ARGS && f->fn >= 0) {
		size_t n = f->empty ? 0 : f->args + 1;
		const struct function *fn = &functions[f->fn];
		if (n < fn->min || n > fn->max)
			scan_error(s, XQ_INVALID, "%s() takes %s%u argument%s, not %zu", fn->name,
				   fn->max == MANY ? "at least " : "", fn->min,
				   fn->min == 1 && fn->max == 1 ? "" : "s", n);
	}
	up = &s->f[--s->depth];
	if (f->kind == FR_PRED)
		return;
	/* A filter expression: its value may be followed by predicates and
	 * steps, from as many nodes as it holds (only id() of the functions
	 * gives nodes). */
	up->pending = 1;
	up->pending_set = f->kind == FR_GROUP ? f->last_set && !f->andor : f->fn == F_ID;
	up->pending_elements = f->kind == FR_GROUP ? f->last_elements : 1;
	up->pending_cost = f->kind == FR_GROUP ? f->last_cost : 0;
	up->multi = 1;
	up->slash = 0;
}

/* Reads the expression; the first problem goes to s->error. */
static void scan(struct scan *s, const char *expr, size_t len)
{
	struct lex l = {expr, len, 0, T_END, 0, NULL, NULL, 0, 0};
	enum tok t, before = T_END;
	char buf[64];

	s->depth = 0;
	memset(&s->f[0], 0, sizeof s->f[0]);
	s->f[0].kind = FR_TOP;
	s->f[0].fn = -1;
	s->f[0].empty = 1;
	s->f[0].axis = AX_NONE;
	while ((t = lex_next(&l)) != T_END) {
		struct frame *f = &s->f[s->depth];
		if (t == T_BAD && (expr[l.at] == '"' || expr[l.at] == '\'')) {
			s->syntax = !s->error;
			scan_error(s, XQ_INVALID, "a string literal is not closed");
			return;
		}
		if (t == T_BAD || (f->slash && (t == T_SLASH || t == T_DSLASH))) {
			s->syntax = !s->error;
			scan_error(s, XQ_INVALID, "unexpected \"%s\" at offset %zu",
				   shown(buf, sizeof buf, expr + l.at,
					 l.pos > l.at ? l.pos - l.at : 1),
				   l.at);
			return;
		}
		if (t != T_RPAR && t != T_RBRA)
			f->empty = 0;
		if (t == T_CMP || t == T_ARITH || t == T_ANDOR || t == T_PIPE || t == T_LBRA)
			s->ops++;
		switch (t) {
		case T_LPAR:
			end_path(f);
			if (push(s, before == T_FUNC ? FR_ARGS : FR_GROUP,
				 before == T_FUNC ? s->fn : -1) != 0)
				return;
			break;
		case T_LBRA:
			if (push(s, FR_PRED, -1) != 0)
				return;
			break;
		case T_RPAR:
		case T_RBRA:
			if (s->depth == 0 || (t == T_RPAR) != (f->kind != FR_PRED)) {
				s->syntax = !s->error;
				scan_error(s, XQ_INVALID, "unexpected \"%c\" at offset %zu",
					   expr[l.at], l.at);
				return;
			}
			close_frame(s);
			break;
		case T_COMMA:
			end_clause(s, f);
			f->args++;
			break;
		case T_ANDOR:
			end_clause(s, f);
			f->andor = 1;
			break;
		case T_CMP:
		case T_ARITH:
			end_term(f);
			f->ops++;
			break;
		case T_PIPE:
			end_path(f);
			s->set_work = 1;
			break;
		case T_SLASH:
		case T_DSLASH:
			if (!f->pending) {
				/* An absolute path: the root is one node. */
				end_path(f);
				f->from_root = 1;
				f->pending = f->pending_set = 1;
				f->pending_elements = 1;
			} else if (t == T_DSLASH && f->multi) {
				s->set_work = 1;
			}
			f->slash = t;
			break;
		case T_AT:
			f->axis = AX_ATTRIBUTE;
			break;
		case T_AXIS:
			for (int a = 0; a < AX_NONE; a++)
				if (word_is(l.local, l.local_len, axis_names[a]))
					f->axis = (enum axis)a;
			break;
		case T_NAME:
			check_prefix(s, &l);
			/* fall through */
		case T_NODETYPE:
		case T_DOT:
		case T_DOTDOT:
			step(s, f, &l, t);
			break;
		case T_FUNC:
			s->fn = l.prefix ? -1 : function_named(l.local, l.local_len);
			if (s->fn < 0)
				scan_error(s, XQ_INVALID, "%s() is not an XPath 1.0 function",
					   shown(buf, sizeof buf, l.prefix ? l.prefix : l.local,
						 (size_t)(l.local + l.local_len -
							  (l.prefix ? l.prefix : l.local))));
			end_path(f);
			break;
		case T_VAR:
			scan_error(s, XQ_INVALID,
				   "it uses variables, which the engine gives no values to");
			end_path(f);
			break;
		default: /* literals and numbers */
			end_path(f);
			break;
		}
		before = t;
	}
	if (s->depth != 0) {
		s->syntax = !s->error;
		scan_error(s, XQ_INVALID, "it ends too early");
		return;
	}
	end_clause(s, &s->f[0]);
	s->nodeset = s->f[0].last_set && !s->f[0].andor;
	if (s->ops > MAX_OPERATORS)
		scan_error(s, XQ_UNSUPPORTED, "uses more than %d operators and predicates",
			   MAX_OPERATORS);
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
	struct scan s;
	struct xq_expr *e;
	size_t cost = len / COMPILE_BYTES_PER_OP + 1;
	char *text;
	int rc;

	*out = NULL;
	why[0] = '\0';
	memset(&s, 0, sizeof s);
	s.q = q;
	s.scope = scope;
	s.why = why;
	s.why_size = why_size;
	for (const xmlNode *p = scope; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		for (xmlNsPtr d = p->nsDef; d; d = d->next)
			s.in_scope++;
	if (cost > q->left) {
		q->left = 0;
		return XQ_EXHAUSTED;
	}
	q->left -= cost;
	if (memchr(expr, '\0', len)) {
		snprintf(why, why_size, "it holds a NUL character");
		return XQ_INVALID;
	}
	scan(&s, expr, len);
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
	size_t w = 1, compare = e->compares_cost;
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
	size_t w = weight(q, e), used;

	memset(out, 0, sizeof *out);
	why[0] = '\0';
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
