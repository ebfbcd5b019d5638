/*
 * xdt_functions.c - the 27 functions of XPath 1.0 as the transform
 * engine's XPath calls them: the table libxml2 finds them in (through
 * xmlXPathRegisterFuncLookup; the context has no other table), and for
 * each call, the work libxml2's function does without counting, charged
 * to the evaluation before it runs (see xdt_xpath.c for the whole budget).
 */
#include "resolve/xdt_dom.h"
#include "resolve/xdt_xpath_internal.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

/* ---- The functions of XPath 1.0 ---- */

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

const struct function functions[N_FUNCTIONS] = {
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

int function_named(const char *name, size_t len)
{
	for (int i = 0; i < N_FUNCTIONS; i++)
		if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
			return i;
	return -1;
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
			    (each && spend(p, (size_t)2 * COPY_OPS) != 0))
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
	/* The lengths measured were of the arguments before they became
	 * strings (a node-set's text, a number): search what is there. */
	h = (const char *)hay->stringval;
	end = h + strlen(h);
	needle_len = strlen((const char *)needle->stringval);
	if (!needle_len)
		return hay_len;
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

xmlXPathFunction lookup(void *user, const xmlChar *name, const xmlChar *uri)
{
	int f;
	(void)user;
	if (uri || !name)
		return NULL;
	f = function_named((const char *)name, strlen((const char *)name));
	return f < 0 ? NULL : functions[f].wrapper;
}
