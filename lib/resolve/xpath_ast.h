/*
 * xpath_ast.h - the compiled form of an XPath expression, shared by the
 * compiler (xpath_compile.c) and the evaluator (xpath_eval.c).
 *
 * Lists (the operands of or, and, |, comparisons; function arguments;
 * steps; predicates) are chains of indexes, evaluated in loops, so
 * evaluation recurses only as deep as the expression nests, which compiling
 * bounds.
 */
#ifndef HC_XPATH_AST_H
#define HC_XPATH_AST_H

#include "resolve/xpath.h"

#include <stddef.h>

#define NONE ((size_t)-1)

enum axis {
	AX_CHILD,
	AX_ATTRIBUTE,
	AX_SELF,
	AX_PARENT,
	AX_DESCENDANT,
	AX_DESCENDANT_OR_SELF,
	AX_ANCESTOR,
	AX_ANCESTOR_OR_SELF,
	AX_FOLLOWING_SIBLING,
	AX_PRECEDING_SIBLING
};

enum test { TEST_NAME, TEST_ANY, TEST_NS_ANY, TEST_NODE, TEST_TEXT, TEST_COMMENT };

enum op { X_OR, X_AND, X_CMP, X_UNION, X_PATH, X_LITERAL, X_NUMBER, X_CALL };

enum cmp { CMP_NONE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

enum fn {
	F_LAST,
	F_POSITION,
	F_COUNT,
	F_NOT,
	F_TRUE,
	F_FALSE,
	F_BOOLEAN,
	F_NUMBER,
	F_STRING,
	F_CONCAT,
	F_CONTAINS,
	F_STARTS_WITH,
	F_STRING_LENGTH,
	F_NORMALIZE_SPACE,
	F_LOCAL_NAME,
	F_NAME
};

struct expr {
	enum op op;
	size_t kid;       /* first operand, argument, or a path's filter expression */
	size_t next;      /* the next in the list this one belongs to */
	enum cmp cmp;     /* in an X_CMP list: the operator before this operand */
	int attr_literal; /* X_CMP: @name = 'literal' (or !=), evaluated directly */
	/* X_PATH */
	size_t preds, steps;
	int absolute;
	/* X_LITERAL, X_NUMBER, X_CALL */
	const char *s;
	size_t len;
	double num;
	enum fn fn;
};

struct step {
	enum axis axis;
	enum test test;
	const char *ns, *local;
	size_t local_len;
	size_t preds, next;
};

struct xpath {
	char *src;
	struct expr *e;
	size_t n_e, cap_e;
	struct step *st;
	size_t n_st, cap_st;
	size_t root;
};

/* XPath's whitespace and digits (ASCII only). */
static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of an XPath number: digits, optionally '.' and more digits
 * (the caller has checked the syntax). */
static inline double xpath_number(const char *s, size_t n)
{
	double v = 0, scale = 1;
	size_t i = 0;
	while (i < n && is_digit(s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		}
	return v;
}

#endif
