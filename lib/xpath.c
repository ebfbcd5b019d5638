/*
 * xpath.c - compiles the XPath subset of xpath.h to a small tree of
 * expressions and evaluates it over tree.h's nodes.
 *
 * Lists (the operands of or, and, |, comparisons; function arguments;
 * steps; predicates) are chains evaluated in loops, so evaluation recurses
 * only as deep as the expression nests, which compiling bounds.
 */
#include "xpath.h"

#include "tree.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)
/* Parentheses, predicates and function calls nested deeper than this are
 * refused: no transform needs them, and evaluation recurses per level. */
#define MAX_NESTING 32

enum tok {
	T_END,
	T_SLASH,
	T_DSLASH,
	T_LBRACK,
	T_RBRACK,
	T_LPAREN,
	T_RPAREN,
	T_AT,
	T_COMMA,
	T_PIPE,
	T_DOT,
	T_DDOT,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_STAR,
	T_ARITH, /* * div mod + - as operators */
	T_AND,
	T_OR,
	T_LITERAL,
	T_NUMBER,
	T_NAME,     /* a QName, or prefix:* */
	T_AXIS,     /* a name followed by :: (consumed with it) */
	T_CALL,     /* a function name, followed by ( */
	T_NODETYPE, /* node, text, comment, processing-instruction, followed by ( */
	T_VAR,
	T_BAD
};

struct token {
	enum tok t;
	size_t start, len;
	size_t colon; /* T_NAME: length of the prefix, 0 without one */
	int star;     /* T_NAME: prefix:* */
};

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

/* ---- Tokens ---- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static int name_char(char c)
{
	return name_start(c) || is_digit(c) || c == '.' || c == '-';
}

/* Whether a token ends an operand: after one, '*' multiplies and a name
 * is an operator (XPath 1.0, 3.7). */
static int ends_operand(enum tok t)
{
	return t == T_RPAREN || t == T_RBRACK || t == T_DOT || t == T_DDOT || t == T_STAR ||
	       t == T_LITERAL || t == T_NUMBER || t == T_NAME || t == T_VAR;
}

static size_t scan_name(const char *s, size_t len, size_t i)
{
	while (i < len && name_char(s[i]))
		i++;
	return i;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
	while (i < len && is_space(s[i]))
		i++;
	return i;
}

static int is_word(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* A name: an operator after an operand, else a QName, an axis, a function
 * or a node type test, as what follows it tells. */
static size_t lex_name(const char *s, size_t len, size_t i, enum tok prev, struct token *t)
{
	size_t end = scan_name(s, len, i), after;
	if (prev != T_END && ends_operand(prev)) {
		t->t = is_word(s + i, end - i, "and")                                     ? T_AND
		       : is_word(s + i, end - i, "or")                                    ? T_OR
		       : is_word(s + i, end - i, "div") || is_word(s + i, end - i, "mod") ? T_ARITH
											  : T_BAD;
		return end;
	}
	if (end + 1 < len && s[end] == ':' && s[end + 1] == '*') {
		t->t = T_NAME;
		t->colon = end - i;
		t->star = 1;
		return end + 2;
	}
	if (end + 1 < len && s[end] == ':' && name_start(s[end + 1])) {
		t->colon = end - i;
		end = scan_name(s, len, end + 1);
	}
	after = skip_spaces(s, len, end);
	if (!t->colon && after + 1 < len && s[after] == ':' && s[after + 1] == ':') {
		t->t = T_AXIS;
		t->len = end - i;
		return after + 2;
	}
	if (after < len && s[after] == '(')
		t->t = is_word(s + i, end - i, "node") || is_word(s + i, end - i, "text") ||
				       is_word(s + i, end - i, "comment") ||
				       is_word(s + i, end - i, "processing-instruction")
			       ? T_NODETYPE
			       : T_CALL;
	else
		t->t = T_NAME;
	return end;
}

static size_t lex_symbol(const char *s, size_t len, size_t i, enum tok prev, struct token *t)
{
	static const char singles[] = "()[],|@$=";
	static const enum tok single_toks[] = {T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
					       T_PIPE,   T_AT,     T_VAR,    T_EQ};
	const char *p = strchr(singles, s[i]);
	char next = i + 1 < len ? s[i + 1] : '\0';

	if (p && s[i]) {
		t->t = single_toks[p - singles];
		return i + 1;
	}
	switch (s[i]) {
	case '/':
		t->t = next == '/' ? T_DSLASH : T_SLASH;
		return i + (next == '/' ? 2 : 1);
	case '.':
		t->t = next == '.' ? T_DDOT : T_DOT;
		return i + (next == '.' ? 2 : 1);
	case '!':
		t->t = next == '=' ? T_NE : T_BAD;
		return i + 2;
	case '<':
	case '>':
		t->t = s[i] == '<' ? (next == '=' ? T_LE : T_LT) : (next == '=' ? T_GE : T_GT);
		return i + (next == '=' ? 2 : 1);
	case '*':
		t->t = prev != T_END && ends_operand(prev) ? T_ARITH : T_STAR;
		return i + 1;
	case '+':
	case '-':
		t->t = T_ARITH;
		return i + 1;
	default:
		t->t = T_BAD;
		return i + 1;
	}
}

static size_t lex_one(const char *s, size_t len, size_t i, enum tok prev, struct token *t)
{
	memset(t, 0, sizeof *t);
	t->start = i;
	if (s[i] == '"' || s[i] == '\'') {
		const char *q = memchr(s + i + 1, s[i], len - i - 1);
		t->t = q ? T_LITERAL : T_BAD;
		return q ? (size_t)(q - s) + 1 : len;
	}
	if (is_digit(s[i]) || (s[i] == '.' && i + 1 < len && is_digit(s[i + 1]))) {
		while (i < len && is_digit(s[i]))
			i++;
		if (i < len && s[i] == '.')
			for (i++; i < len && is_digit(s[i]);)
				i++;
		t->t = T_NUMBER;
		return i;
	}
	if (name_start(s[i]))
		return lex_name(s, len, i, prev, t);
	return lex_symbol(s, len, i, prev, t);
}

/* The whole expression as tokens, ending with T_END. */
static struct token *tokenize(const char *s, size_t len, size_t *n)
{
	struct token *toks = malloc((len + 1) * sizeof *toks);
	size_t i = skip_spaces(s, len, 0), k = 0;
	enum tok prev = T_END;
	if (!toks)
		return NULL;
	while (i < len) {
		size_t end = lex_one(s, len, i, prev, &toks[k]);
		if (toks[k].t != T_AXIS)
			toks[k].len = end - i;
		prev = toks[k++].t;
		i = skip_spaces(s, len, end);
	}
	memset(&toks[k], 0, sizeof toks[k]);
	toks[k].t = T_END;
	toks[k].start = len;
	*n = k + 1;
	return toks;
}

/* ---- Parsing ---- */

struct parser {
	struct xpath *xp;
	const struct token *tok;
	size_t i, depth;
	xpath_ns_fn ns;
	const void *user;
	int err;
	char *why;
	size_t why_size;
};

static size_t fail(struct parser *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static size_t fail(struct parser *p, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* clang-tidy 14 loses va_start here when fail() has a format attribute. */
	if (!p->err && err > 0 && p->why_size)
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
		vsnprintf(p->why, p->why_size, fmt, ap);
	va_end(ap);
	if (!p->err)
		p->err = err;
	return NONE;
}

static const struct token *cur(const struct parser *p)
{
	return &p->tok[p->i];
}

/* The current token for a message, escaped. */
static const char *shown(const struct parser *p, char *buf, size_t size)
{
	const struct token *t = cur(p);
	if (t->t == T_END)
		return "the end";
	str_display(buf, size, p->xp->src + t->start, t->len > 24 ? 24 : t->len);
	return buf;
}

static size_t unexpected(struct parser *p)
{
	char buf[48];
	const char *what = shown(p, buf, sizeof buf);
	if (cur(p)->t == T_ARITH)
		return fail(p, XPATH_UNSUPPORTED, "arithmetic (\"%s\")", what);
	if (cur(p)->t == T_VAR)
		return fail(p, XPATH_UNSUPPORTED, "variables");
	return fail(p, XPATH_INVALID, "unexpected \"%s\" at offset %zu", what, cur(p)->start);
}

static int accept(struct parser *p, enum tok t)
{
	if (cur(p)->t != t)
		return 0;
	p->i++;
	return 1;
}

static int expect(struct parser *p, enum tok t)
{
	if (accept(p, t))
		return 1;
	unexpected(p);
	return 0;
}

static size_t new_expr(struct parser *p, enum op op)
{
	struct xpath *xp = p->xp;
	struct expr *grown = array_grow(xp->e, &xp->cap_e, xp->n_e + 1, sizeof *xp->e);
	if (!grown)
		return fail(p, -1, "%s", "");
	xp->e = grown;
	memset(&xp->e[xp->n_e], 0, sizeof xp->e[0]);
	xp->e[xp->n_e].op = op;
	xp->e[xp->n_e].kid = xp->e[xp->n_e].next = NONE;
	xp->e[xp->n_e].preds = xp->e[xp->n_e].steps = NONE;
	return xp->n_e++;
}

static size_t new_step(struct parser *p, enum axis axis, enum test test)
{
	struct xpath *xp = p->xp;
	struct step *grown = array_grow(xp->st, &xp->cap_st, xp->n_st + 1, sizeof *xp->st);
	if (!grown)
		return fail(p, -1, "%s", "");
	xp->st = grown;
	memset(&xp->st[xp->n_st], 0, sizeof xp->st[0]);
	xp->st[xp->n_st].axis = axis;
	xp->st[xp->n_st].test = test;
	xp->st[xp->n_st].preds = xp->st[xp->n_st].next = NONE;
	return xp->n_st++;
}

/* Whether expression i yields a node-set (only paths and unions do). */
static int is_set(const struct xpath *xp, size_t i)
{
	const struct expr *e = &xp->e[i];
	if (e->op == X_UNION)
		return 1;
	return e->op == X_PATH && (e->kid == NONE || is_set(xp, e->kid));
}

static size_t parse_expr(struct parser *p);

/* Predicates [expr]... as a chain; NONE when there are none (or on error,
 * with p->err set). */
static size_t parse_predicates(struct parser *p)
{
	size_t first = NONE, last = NONE;
	while (!p->err && accept(p, T_LBRACK)) {
		size_t e = parse_expr(p);
		if (e == NONE || !expect(p, T_RBRACK))
			return NONE;
		if (last == NONE)
			first = e;
		else
			p->xp->e[last].next = e;
		last = e;
	}
	return first;
}

static const struct {
	const char *name;
	enum axis axis;
} axes[] = {{"child", AX_CHILD},
	    {"attribute", AX_ATTRIBUTE},
	    {"self", AX_SELF},
	    {"parent", AX_PARENT},
	    {"descendant", AX_DESCENDANT},
	    {"descendant-or-self", AX_DESCENDANT_OR_SELF},
	    {"ancestor", AX_ANCESTOR},
	    {"ancestor-or-self", AX_ANCESTOR_OR_SELF},
	    {"following-sibling", AX_FOLLOWING_SIBLING},
	    {"preceding-sibling", AX_PRECEDING_SIBLING}};

static int parse_axis(struct parser *p, enum axis *axis)
{
	const struct token *t = cur(p);
	const char *s = p->xp->src + t->start;
	char buf[48];
	for (size_t i = 0; i < sizeof axes / sizeof axes[0]; i++)
		if (is_word(s, t->len, axes[i].name)) {
			*axis = axes[i].axis;
			p->i++;
			return 0;
		}
	str_display(buf, sizeof buf, s, t->len);
	if (is_word(s, t->len, "following") || is_word(s, t->len, "preceding") ||
	    is_word(s, t->len, "namespace"))
		fail(p, XPATH_UNSUPPORTED, "the axis %s::", buf);
	else
		fail(p, XPATH_INVALID, "%s:: is not an axis", buf);
	return -1;
}

/* A name test's namespace: only a prefix gives one (XPath 1.0 ignores the
 * default namespace, which is why .NET transforms say _defaultNamespace:). */
static int name_test(struct parser *p, struct step *s)
{
	const struct token *t = cur(p);
	const char *name = p->xp->src + t->start;
	s->test = t->star ? TEST_NS_ANY : TEST_NAME;
	if (t->colon) {
		char buf[48];
		s->ns = p->ns(p->user, name, t->colon);
		if (!s->ns) {
			str_display(buf, sizeof buf, name, t->colon);
			fail(p, XPATH_PREFIX, "the prefix %s is not declared", buf);
			return -1;
		}
		s->local = name + t->colon + 1;
		s->local_len = t->len - t->colon - 1;
	} else {
		s->local = name;
		s->local_len = t->len;
	}
	p->i++;
	return 0;
}

static int node_type_test(struct parser *p, enum test *test)
{
	const struct token *t = cur(p);
	const char *s = p->xp->src + t->start;
	if (is_word(s, t->len, "processing-instruction")) {
		fail(p, XPATH_UNSUPPORTED, "processing-instruction()");
		return -1;
	}
	*test = is_word(s, t->len, "node")   ? TEST_NODE
		: is_word(s, t->len, "text") ? TEST_TEXT
					     : TEST_COMMENT;
	p->i++;
	return expect(p, T_LPAREN) && expect(p, T_RPAREN) ? 0 : -1;
}

static size_t parse_step(struct parser *p)
{
	enum axis axis = AX_CHILD;
	struct step s = {0};
	size_t i;

	if (accept(p, T_DOT))
		return new_step(p, AX_SELF, TEST_NODE);
	if (accept(p, T_DDOT))
		return new_step(p, AX_PARENT, TEST_NODE);
	if (accept(p, T_AT))
		axis = AX_ATTRIBUTE;
	else if (cur(p)->t == T_AXIS && parse_axis(p, &axis) != 0)
		return NONE;
	if (cur(p)->t == T_STAR) {
		s.test = TEST_ANY;
		p->i++;
	} else if (cur(p)->t == T_NAME) {
		if (name_test(p, &s) != 0)
			return NONE;
	} else if (cur(p)->t == T_NODETYPE) {
		if (node_type_test(p, &s.test) != 0)
			return NONE;
	} else {
		return unexpected(p);
	}
	i = new_step(p, axis, s.test);
	if (i == NONE)
		return NONE;
	p->xp->st[i].ns = s.ns;
	p->xp->st[i].local = s.local;
	p->xp->st[i].local_len = s.local_len;
	s.preds = parse_predicates(p);
	if (p->err)
		return NONE;
	p->xp->st[i].preds = s.preds;
	return i;
}

static int starts_step(enum tok t)
{
	return t == T_NAME || t == T_STAR || t == T_AT || t == T_DOT || t == T_DDOT ||
	       t == T_AXIS || t == T_NODETYPE;
}

/* Steps separated by / and // (descendant-or-self::node()/), appended to
 * the chain ending at *last. */
static int parse_steps(struct parser *p, size_t *first, size_t *last)
{
	for (;;) {
		size_t s = parse_step(p);
		if (s == NONE)
			return -1;
		if (*last == NONE)
			*first = s;
		else
			p->xp->st[*last].next = s;
		*last = s;
		if (accept(p, T_DSLASH)) {
			size_t d = new_step(p, AX_DESCENDANT_OR_SELF, TEST_NODE);
			if (d == NONE)
				return -1;
			p->xp->st[*last].next = d;
			*last = d;
		} else if (!accept(p, T_SLASH)) {
			return 0;
		}
	}
}

static const struct {
	const char *name;
	enum fn fn;
	unsigned min, max;
} functions[] = {
	{"last", F_LAST, 0, 0},
	{"position", F_POSITION, 0, 0},
	{"count", F_COUNT, 1, 1},
	{"not", F_NOT, 1, 1},
	{"true", F_TRUE, 0, 0},
	{"false", F_FALSE, 0, 0},
	{"boolean", F_BOOLEAN, 1, 1},
	{"number", F_NUMBER, 0, 1},
	{"string", F_STRING, 0, 1},
	{"concat", F_CONCAT, 2, 1000},
	{"contains", F_CONTAINS, 2, 2},
	{"starts-with", F_STARTS_WITH, 2, 2},
	{"string-length", F_STRING_LENGTH, 0, 1},
	{"normalize-space", F_NORMALIZE_SPACE, 0, 1},
	{"local-name", F_LOCAL_NAME, 0, 1},
	{"name", F_NAME, 0, 1},
};

/* The rest of XPath 1.0's function library. */
static const char *const other_functions[] = {"id",
					      "namespace-uri",
					      "lang",
					      "substring",
					      "substring-before",
					      "substring-after",
					      "translate",
					      "sum",
					      "floor",
					      "ceiling",
					      "round"};

static int find_function(struct parser *p, enum fn *fn, unsigned *min, unsigned *max)
{
	const struct token *t = cur(p);
	const char *s = p->xp->src + t->start;
	char buf[48];
	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (is_word(s, t->len, functions[i].name)) {
			*fn = functions[i].fn;
			*min = functions[i].min;
			*max = functions[i].max;
			return 0;
		}
	str_display(buf, sizeof buf, s, t->len);
	for (size_t i = 0; i < sizeof other_functions / sizeof other_functions[0]; i++)
		if (is_word(s, t->len, other_functions[i])) {
			fail(p, XPATH_UNSUPPORTED, "the function %s()", buf);
			return -1;
		}
	fail(p, XPATH_INVALID, "%s() is not an XPath 1.0 function", buf);
	return -1;
}

static size_t parse_call(struct parser *p)
{
	enum fn fn;
	unsigned min, max, n = 0;
	size_t call, last = NONE;
	const char *name = p->xp->src + cur(p)->start;
	size_t name_len = cur(p)->len;
	char buf[48];

	if (find_function(p, &fn, &min, &max) != 0)
		return NONE;
	p->i++;
	call = new_expr(p, X_CALL);
	if (call == NONE || !expect(p, T_LPAREN))
		return NONE;
	p->xp->e[call].fn = fn;
	while (cur(p)->t != T_RPAREN) {
		size_t arg;
		if (n && !expect(p, T_COMMA))
			return NONE;
		arg = parse_expr(p);
		if (arg == NONE)
			return NONE;
		if ((fn == F_COUNT || fn == F_LOCAL_NAME || fn == F_NAME) && !is_set(p->xp, arg))
			return fail(p, XPATH_INVALID, "the argument of %.*s() is not a node-set",
				    (int)(name_len > 24 ? 24 : name_len), name);
		if (last == NONE)
			p->xp->e[call].kid = arg;
		else
			p->xp->e[last].next = arg;
		last = arg;
		if (++n > max)
			break;
	}
	str_display(buf, sizeof buf, name, name_len);
	if (n < min || n > max)
		return fail(p, XPATH_INVALID, "%s() does not take %u argument%s", buf, n,
			    n == 1 ? "" : "s");
	p->i++;
	return call;
}

static double parse_number(const char *s, size_t n)
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

static size_t parse_primary(struct parser *p)
{
	const struct token *t = cur(p);
	size_t e;
	switch (t->t) {
	case T_LPAREN:
		p->i++;
		e = parse_expr(p);
		return e != NONE && expect(p, T_RPAREN) ? e : NONE;
	case T_LITERAL:
		e = new_expr(p, X_LITERAL);
		if (e != NONE) {
			p->xp->e[e].s = p->xp->src + t->start + 1;
			p->xp->e[e].len = t->len - 2;
			p->i++;
		}
		return e;
	case T_NUMBER:
		e = new_expr(p, X_NUMBER);
		if (e != NONE) {
			p->xp->e[e].num = parse_number(p->xp->src + t->start, t->len);
			p->i++;
		}
		return e;
	case T_CALL:
		return parse_call(p);
	default:
		return unexpected(p);
	}
}

/* A location path, or a filter expression with its predicates and steps. */
static size_t parse_path(struct parser *p)
{
	size_t e, first = NONE, last = NONE, primary = NONE, preds = NONE;
	int absolute = 0;

	if (accept(p, T_SLASH)) {
		absolute = 1;
		if (starts_step(cur(p)->t) && parse_steps(p, &first, &last) != 0)
			return NONE;
	} else if (accept(p, T_DSLASH)) {
		absolute = 1;
		first = last = new_step(p, AX_DESCENDANT_OR_SELF, TEST_NODE);
		if (first == NONE || parse_steps(p, &first, &last) != 0)
			return NONE;
	} else if (starts_step(cur(p)->t)) {
		if (parse_steps(p, &first, &last) != 0)
			return NONE;
	} else {
		primary = parse_primary(p);
		if (primary == NONE)
			return NONE;
		preds = parse_predicates(p);
		if (p->err)
			return NONE;
		if (cur(p)->t != T_SLASH && cur(p)->t != T_DSLASH && preds == NONE)
			return primary;
		if (!is_set(p->xp, primary))
			return fail(p, XPATH_INVALID, "a filter applied to what is not a node-set");
		if (accept(p, T_DSLASH)) {
			first = last = new_step(p, AX_DESCENDANT_OR_SELF, TEST_NODE);
			if (first == NONE || parse_steps(p, &first, &last) != 0)
				return NONE;
		} else if (accept(p, T_SLASH) && parse_steps(p, &first, &last) != 0) {
			return NONE;
		}
	}
	e = new_expr(p, X_PATH);
	if (e == NONE)
		return NONE;
	p->xp->e[e].kid = primary;
	p->xp->e[e].preds = preds;
	p->xp->e[e].steps = first;
	p->xp->e[e].absolute = absolute;
	return e;
}

/* Whether a comparison is @name = 'literal' or @name != 'literal', what
 * Match and most conditions are made of: the hot path of large transforms. */
static int attr_literal(const struct xpath *xp, size_t lhs, size_t rhs)
{
	const struct expr *l = &xp->e[lhs], *r = &xp->e[rhs];
	const struct step *s;
	if (l->next != rhs || r->next != NONE || l->op != X_PATH || l->kid != NONE || l->absolute ||
	    l->steps == NONE || r->op != X_LITERAL || (r->cmp != CMP_EQ && r->cmp != CMP_NE))
		return 0;
	s = &xp->st[l->steps];
	return s->next == NONE && s->preds == NONE && s->axis == AX_ATTRIBUTE &&
	       s->test == TEST_NAME;
}

/* Operands joined by operators from lo to hi, as one list (an X_CMP list
 * records each operator on the operand after it). */
static size_t parse_list(struct parser *p, enum op op, enum tok lo, enum tok hi,
			 size_t (*operand)(struct parser *))
{
	static const enum cmp cmps[] = {CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE};
	size_t first = operand(p), last = first, list;
	if (first == NONE)
		return NONE;
	while (cur(p)->t >= lo && cur(p)->t <= hi) {
		enum tok t = cur(p)->t;
		size_t next;
		p->i++;
		next = operand(p);
		if (next == NONE)
			return NONE;
		if (op == X_UNION && (!is_set(p->xp, last) || !is_set(p->xp, next)))
			return fail(p, XPATH_INVALID, "| joins what is not a node-set");
		p->xp->e[next].cmp = op == X_CMP ? cmps[t - T_EQ] : CMP_NONE;
		p->xp->e[last].next = next;
		last = next;
	}
	if (last == first)
		return first;
	list = new_expr(p, op);
	if (list != NONE) {
		p->xp->e[list].kid = first;
		p->xp->e[list].attr_literal = op == X_CMP && attr_literal(p->xp, first, last);
	}
	return list;
}

static size_t parse_union(struct parser *p)
{
	size_t e;
	if (cur(p)->t == T_ARITH)
		return unexpected(p);
	e = parse_list(p, X_UNION, T_PIPE, T_PIPE, parse_path);
	if (e != NONE && cur(p)->t == T_ARITH)
		return unexpected(p);
	return e;
}

static size_t parse_relational(struct parser *p)
{
	return parse_list(p, X_CMP, T_LT, T_GE, parse_union);
}

static size_t parse_equality(struct parser *p)
{
	return parse_list(p, X_CMP, T_EQ, T_NE, parse_relational);
}

static size_t parse_and(struct parser *p)
{
	return parse_list(p, X_AND, T_AND, T_AND, parse_equality);
}

static size_t parse_expr(struct parser *p)
{
	size_t e;
	if (++p->depth > MAX_NESTING)
		return fail(p, XPATH_UNSUPPORTED, "nesting deeper than %d levels", MAX_NESTING);
	e = parse_list(p, X_OR, T_OR, T_OR, parse_and);
	p->depth--;
	return e;
}

void xpath_free(struct xpath *xp)
{
	if (!xp)
		return;
	free(xp->src);
	free(xp->e);
	free(xp->st);
	free(xp);
}

int xpath_compile(const char *expr, size_t len, xpath_ns_fn ns, const void *user,
		  struct xpath **out, char *why, size_t why_size)
{
	struct parser p = {.ns = ns, .user = user, .why = why, .why_size = why_size};
	struct token *toks = NULL;
	size_t n_tok = 0;

	*out = NULL;
	if (why_size)
		why[0] = '\0';
	p.xp = calloc(1, sizeof *p.xp);
	if (!p.xp || len == SIZE_MAX || !(p.xp->src = malloc(len + 1)))
		goto oom;
	memcpy(p.xp->src, expr, len);
	p.xp->src[len] = '\0';
	toks = tokenize(p.xp->src, len, &n_tok);
	if (!toks)
		goto oom;
	p.tok = toks;
	p.xp->root = parse_expr(&p);
	if (!p.err && cur(&p)->t != T_END)
		unexpected(&p);
	if (!p.err && !is_set(p.xp, p.xp->root))
		fail(&p, XPATH_INVALID, "the expression does not select nodes");
	free(toks);
	if (p.err) {
		xpath_free(p.xp);
		return p.err;
	}
	*out = p.xp;
	return 0;
oom:
	free(toks);
	xpath_free(p.xp);
	return -1;
}

/* ---- Evaluation ---- */

enum vtype { V_SET, V_STR, V_NUM, V_BOOL };

struct value {
	enum vtype t;
	struct xset set;
	const char *s;
	size_t len;
	char *owned; /* what s points into, when the value made it */
	double num;
	int b;
};

/* A string that may borrow from the tree or the expression. */
struct str {
	const char *s;
	size_t len;
	char *owned;
};

struct eval {
	const struct xpath *xp;
	struct xpath_budget *budget;
};

struct ctx {
	struct xitem item;
	size_t pos, size;
};

void xset_free(struct xset *s)
{
	free(s->items);
	memset(s, 0, sizeof *s);
}

static void value_free(struct value *v)
{
	xset_free(&v->set);
	free(v->owned);
	v->owned = NULL;
}

static int spend(struct eval *ev, size_t n)
{
	if (ev->budget->left < n) {
		ev->budget->left = 0;
		return 1;
	}
	ev->budget->left -= n;
	return 0;
}

static int add(struct xset *s, struct node *node, size_t attr)
{
	struct xitem *grown = array_grow(s->items, &s->cap, s->n + 1, sizeof *s->items);
	if (!grown)
		return -1;
	s->items = grown;
	s->items[s->n++] = (struct xitem){node, attr};
	return 0;
}

static int item_cmp(const void *a, const void *b)
{
	const struct xitem *x = a, *y = b;
	size_t xa = x->attr == XPATH_NODE ? 0 : x->attr + 1;
	size_t ya = y->attr == XPATH_NODE ? 0 : y->attr + 1;
	if (x->node->order != y->node->order)
		return x->node->order < y->node->order ? -1 : 1;
	return xa < ya ? -1 : xa > ya;
}

/* Document order without duplicates. */
static void sort_unique(struct xset *s)
{
	size_t kept = 0;
	int sorted = 1;
	for (size_t i = 1; i < s->n && sorted; i++)
		sorted = item_cmp(&s->items[i - 1], &s->items[i]) <= 0;
	if (!sorted)
		qsort(s->items, s->n, sizeof *s->items, item_cmp);
	for (size_t i = 0; i < s->n; i++)
		if (!kept || item_cmp(&s->items[kept - 1], &s->items[i]) != 0)
			s->items[kept++] = s->items[i];
	s->n = kept;
}

/* The string-value of a node: an element's is all the text inside it. */
static int item_string(struct eval *ev, struct xitem it, struct str *out)
{
	const struct node *root = it.node;
	size_t n = 0, k = 0;
	const struct node *only = NULL;

	*out = (struct str){"", 0, NULL};
	if (it.attr != XPATH_NODE) {
		out->s = it.node->attrs[it.attr].value;
		out->len = it.node->attrs[it.attr].len;
		return 0;
	}
	if (root->kind == NODE_TEXT || root->kind == NODE_COMMENT) {
		out->s = root->text;
		out->len = root->len;
		return 0;
	}
	for (const struct node *d = tree_next(root, root); d; d = tree_next(root, d)) {
		if (spend(ev, 1))
			return 1;
		if (d->kind == NODE_TEXT) {
			n += d->len;
			k++;
			only = d;
		}
	}
	if (k == 1) {
		out->s = only->text;
		out->len = only->len;
	} else if (k > 1) {
		if (spend(ev, n / 64))
			return 1;
		out->owned = malloc(n);
		if (!out->owned)
			return -1;
		n = 0;
		for (const struct node *d = tree_next(root, root); d; d = tree_next(root, d))
			if (d->kind == NODE_TEXT) {
				memcpy(out->owned + n, d->text, d->len);
				n += d->len;
			}
		out->s = out->owned;
		out->len = n;
	}
	return 0;
}

/* XPath's number(): optional blanks around an optional minus and digits
 * with an optional fraction; anything else is NaN. */
static double str_number(const char *s, size_t n)
{
	size_t i = 0, start;
	int negative = 0;
	double v;
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && s[i] == '-') {
		negative = 1;
		i++;
	}
	start = i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]);)
			i++;
	if (i == start || (i == start + 1 && s[start] == '.'))
		return NAN;
	v = parse_number(s + start, i - start);
	while (i < n && is_space(s[i]))
		i++;
	return i == n ? (negative ? -v : v) : NAN;
}

static int to_bool(const struct value *v)
{
	switch (v->t) {
	case V_SET:
		return v->set.n > 0;
	case V_STR:
		return v->len > 0;
	case V_NUM:
		return v->num != 0 && !isnan(v->num);
	default:
		return v->b;
	}
}

/* XPath's string() of a number: integers without a fraction. */
static char *format_number(double x)
{
	if (isnan(x))
		return str_dup("NaN");
	if (isinf(x))
		return str_dup(x > 0 ? "Infinity" : "-Infinity");
	if (x > -1e15 && x < 1e15 && x == (double)(long long)x)
		return str_printf("%lld", (long long)x);
	return str_printf("%.15g", x);
}

static int to_str(struct eval *ev, const struct value *v, struct str *out)
{
	*out = (struct str){"", 0, NULL};
	switch (v->t) {
	case V_SET:
		return v->set.n ? item_string(ev, v->set.items[0], out) : 0;
	case V_STR:
		out->s = v->s;
		out->len = v->len;
		return 0;
	case V_NUM:
		out->owned = format_number(v->num);
		if (!out->owned)
			return -1;
		out->s = out->owned;
		out->len = strlen(out->owned);
		return 0;
	default:
		out->s = v->b ? "true" : "false";
		out->len = strlen(out->s);
		return 0;
	}
}

static int to_num(struct eval *ev, const struct value *v, double *out)
{
	struct str s;
	int rc;
	if (v->t == V_NUM) {
		*out = v->num;
		return 0;
	}
	if (v->t == V_BOOL) {
		*out = v->b;
		return 0;
	}
	rc = to_str(ev, v, &s);
	if (rc == 0)
		*out = str_number(s.s, s.len);
	free(s.owned);
	return rc;
}

static int compare_numbers(enum cmp op, double x, double y)
{
	switch (op) {
	case CMP_EQ:
		return x == y;
	case CMP_NE:
		return x != y;
	case CMP_LT:
		return x < y;
	case CMP_LE:
		return x <= y;
	case CMP_GT:
		return x > y;
	default:
		return x >= y;
	}
}

static int compare_strings(enum cmp op, struct str a, struct str b)
{
	int equal = a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
	return op == CMP_EQ ? equal : !equal;
}

static enum cmp mirrored(enum cmp op)
{
	return op == CMP_LT   ? CMP_GT
	       : op == CMP_GT ? CMP_LT
	       : op == CMP_LE ? CMP_GE
	       : op == CMP_GE ? CMP_LE
			      : op;
}

/* Compares a string with x, which is not a node-set, as XPath compares a
 * node of a set with it. */
static int compare_with(struct eval *ev, enum cmp op, struct str a, const struct value *x,
			int *result)
{
	if (x->t == V_NUM) {
		*result = compare_numbers(op, str_number(a.s, a.len), x->num);
	} else if (op == CMP_EQ || op == CMP_NE) {
		struct str b;
		int rc = to_str(ev, x, &b);
		if (rc)
			return rc;
		*result = compare_strings(op, a, b);
		free(b.owned);
	} else {
		double y;
		int rc = to_num(ev, x, &y);
		if (rc)
			return rc;
		*result = compare_numbers(op, str_number(a.s, a.len), y);
	}
	return 0;
}

/* Some node of set a compares true with y: a set, or another value. */
static int compare_set(struct eval *ev, enum cmp op, const struct value *a, const struct value *y,
		       int *result)
{
	*result = 0;
	if (y->t == V_BOOL) {
		*result = compare_numbers(op, a->set.n > 0, y->b);
		return 0;
	}
	for (size_t i = 0; i < a->set.n && !*result; i++) {
		struct str s;
		int rc = item_string(ev, a->set.items[i], &s);
		if (rc == 0 && y->t == V_SET) {
			for (size_t j = 0; j < y->set.n && !*result && rc == 0; j++) {
				struct str t;
				rc = spend(ev, 1) ? 1 : item_string(ev, y->set.items[j], &t);
				if (rc == 0)
					*result = op == CMP_EQ || op == CMP_NE
							  ? compare_strings(op, s, t)
							  : compare_numbers(op,
									    str_number(s.s, s.len),
									    str_number(t.s, t.len));
				if (rc == 0)
					free(t.owned);
			}
		} else if (rc == 0) {
			rc = compare_with(ev, op, s, y, result);
		}
		if (rc == 0)
			free(s.owned);
		if (rc)
			return rc;
	}
	return 0;
}

static int compare(struct eval *ev, enum cmp op, const struct value *a, const struct value *b,
		   int *result)
{
	double x, y;
	int rc;
	if (a->t == V_SET)
		return compare_set(ev, op, a, b, result);
	if (b->t == V_SET)
		return compare_set(ev, mirrored(op), b, a, result);
	if ((op == CMP_EQ || op == CMP_NE) && (a->t == V_BOOL || b->t == V_BOOL)) {
		*result = (to_bool(a) == to_bool(b)) == (op == CMP_EQ);
		return 0;
	}
	if ((op == CMP_EQ || op == CMP_NE) && a->t != V_NUM && b->t != V_NUM) {
		struct str s, t;
		if ((rc = to_str(ev, a, &s)) != 0)
			return rc;
		if ((rc = to_str(ev, b, &t)) == 0)
			*result = compare_strings(op, s, t);
		free(s.owned);
		free(t.owned);
		return rc;
	}
	if ((rc = to_num(ev, a, &x)) != 0 || (rc = to_num(ev, b, &y)) != 0)
		return rc;
	*result = compare_numbers(op, x, y);
	return 0;
}

static int eval(struct eval *ev, size_t i, const struct ctx *c, struct value *out);

static int ns_equal(const char *a, const char *b)
{
	return a ? b && strcmp(a, b) == 0 : b == NULL;
}

static int name_equal(const struct step *s, const char *name)
{
	return strncmp(name, s->local, s->local_len) == 0 && name[s->local_len] == '\0';
}

static int test_node(const struct step *s, const struct node *n)
{
	switch (s->test) {
	case TEST_NAME:
		return n->kind == NODE_ELEMENT && name_equal(s, n->name) && ns_equal(s->ns, n->ns);
	case TEST_ANY:
		return n->kind == NODE_ELEMENT;
	case TEST_NS_ANY:
		return n->kind == NODE_ELEMENT && ns_equal(s->ns, n->ns);
	case TEST_NODE:
		return 1;
	case TEST_TEXT:
		return n->kind == NODE_TEXT;
	default:
		return n->kind == NODE_COMMENT;
	}
}

static int test_attr(const struct step *s, const struct tattr *a)
{
	switch (s->test) {
	case TEST_NAME:
		return name_equal(s, a->name) && ns_equal(s->ns, a->ns);
	case TEST_NS_ANY:
		return ns_equal(s->ns, a->ns);
	case TEST_ANY:
	case TEST_NODE:
		return 1;
	default:
		return 0;
	}
}

static int consider(struct eval *ev, const struct step *s, struct node *n, struct xset *out)
{
	if (spend(ev, 1))
		return 1;
	return test_node(s, n) ? add(out, n, XPATH_NODE) : 0;
}

/* The nodes on the step's axis from it that pass its node test, in the
 * axis's order (reverse axes nearest first, as positions count them). */
static int candidates(struct eval *ev, struct xitem it, const struct step *s, struct xset *out)
{
	struct node *n = it.node;
	int on_attr = it.attr != XPATH_NODE, rc = 0;

	switch (s->axis) {
	case AX_CHILD:
		for (struct node *k = on_attr ? NULL : n->first; k && !rc; k = k->next)
			rc = consider(ev, s, k, out);
		return rc;
	case AX_ATTRIBUTE:
		for (size_t i = 0; !on_attr && i < n->n_attrs && !rc; i++)
			rc = spend(ev, 1) ? 1 : test_attr(s, &n->attrs[i]) ? add(out, n, i) : 0;
		return rc;
	case AX_SELF:
		if (on_attr)
			return s->test == TEST_NODE ? add(out, n, it.attr) : 0;
		return consider(ev, s, n, out);
	case AX_PARENT:
		n = on_attr ? n : n->parent;
		return n ? consider(ev, s, n, out) : 0;
	case AX_ANCESTOR_OR_SELF:
		if (on_attr && s->test == TEST_NODE && (rc = add(out, n, it.attr)) != 0)
			return rc;
		for (; n && !rc; n = n->parent)
			rc = consider(ev, s, n, out);
		return rc;
	case AX_ANCESTOR:
		for (n = on_attr ? n : n->parent; n && !rc; n = n->parent)
			rc = consider(ev, s, n, out);
		return rc;
	case AX_DESCENDANT_OR_SELF:
		if (on_attr)
			return s->test == TEST_NODE ? add(out, n, it.attr) : 0;
		if ((rc = consider(ev, s, n, out)) != 0)
			return rc;
		/* fall through */
	case AX_DESCENDANT:
		for (struct node *d = on_attr ? NULL : tree_next(n, n); d && !rc;
		     d = tree_next(n, d))
			rc = consider(ev, s, d, out);
		return rc;
	case AX_FOLLOWING_SIBLING:
		for (struct node *k = on_attr ? NULL : n->next; k && !rc; k = k->next)
			rc = consider(ev, s, k, out);
		return rc;
	default:
		for (struct node *k = on_attr ? NULL : n->prev; k && !rc; k = k->prev)
			rc = consider(ev, s, k, out);
		return rc;
	}
}

/* Keeps the nodes of set that pass each predicate in turn: a number
 * compares with the node's position, anything else becomes a boolean. */
static int filter(struct eval *ev, struct xset *set, size_t preds)
{
	for (size_t p = preds; p != NONE; p = ev->xp->e[p].next) {
		size_t n = set->n, kept = 0;
		for (size_t i = 0; i < n; i++) {
			struct ctx c = {set->items[i], i + 1, n};
			struct value v;
			int rc = spend(ev, 1) ? 1 : eval(ev, p, &c, &v), keep;
			if (rc)
				return rc;
			keep = v.t == V_NUM ? v.num == (double)(i + 1) : to_bool(&v);
			value_free(&v);
			if (keep)
				set->items[kept++] = set->items[i];
		}
		set->n = kept;
	}
	return 0;
}

static int apply_step(struct eval *ev, const struct xset *in, const struct step *s,
		      struct xset *out)
{
	struct xset found = {0};
	int rc = 0;
	for (size_t i = 0; i < in->n && !rc; i++) {
		found.n = 0;
		rc = candidates(ev, in->items[i], s, &found);
		if (!rc)
			rc = filter(ev, &found, s->preds);
		for (size_t k = 0; k < found.n && !rc; k++)
			rc = add(out, found.items[k].node, found.items[k].attr);
	}
	xset_free(&found);
	if (!rc)
		sort_unique(out);
	return rc;
}

static int eval_path(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	struct xset set = {0};
	int rc = 0;

	if (e->kid != NONE) {
		struct value v;
		rc = eval(ev, e->kid, c, &v);
		if (rc)
			return rc;
		set = v.set;
		v.set = (struct xset){0};
		value_free(&v);
		rc = filter(ev, &set, e->preds);
	} else if (e->absolute) {
		struct node *root = c->item.node;
		while (root->parent)
			root = root->parent;
		rc = add(&set, root, XPATH_NODE);
	} else {
		rc = add(&set, c->item.node, c->item.attr);
	}
	for (size_t s = e->steps; s != NONE && !rc; s = ev->xp->st[s].next) {
		struct xset next = {0};
		rc = apply_step(ev, &set, &ev->xp->st[s], &next);
		xset_free(&set);
		set = next;
	}
	if (rc) {
		xset_free(&set);
		return rc;
	}
	memset(out, 0, sizeof *out);
	out->t = V_SET;
	out->set = set;
	return 0;
}

static int eval_list(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	int rc = 0, result = e->op == X_AND;
	memset(out, 0, sizeof *out);
	for (size_t k = e->kid; k != NONE && !rc; k = ev->xp->e[k].next) {
		struct value v;
		rc = eval(ev, k, c, &v);
		if (rc)
			break;
		if (e->op == X_UNION) {
			for (size_t i = 0; i < v.set.n && !rc; i++)
				rc = add(&out->set, v.set.items[i].node, v.set.items[i].attr);
		} else if (to_bool(&v) != (e->op == X_AND)) {
			result = !result;
			value_free(&v);
			break;
		}
		value_free(&v);
	}
	if (rc) {
		xset_free(&out->set);
		return rc;
	}
	if (e->op == X_UNION) {
		out->t = V_SET;
		sort_unique(&out->set);
	} else {
		out->t = V_BOOL;
		out->b = result;
	}
	return 0;
}

/* @name = 'literal': true when the context element has such an attribute
 * with (=) or without (!=) that value. */
static int eval_attr_literal(struct eval *ev, const struct expr *e, const struct ctx *c,
			     struct value *out)
{
	const struct expr *l = &ev->xp->e[e->kid], *r = &ev->xp->e[l->next];
	const struct step *s = &ev->xp->st[l->steps];
	const struct node *n = c->item.node;
	out->t = V_BOOL;
	if (c->item.attr != XPATH_NODE || n->kind != NODE_ELEMENT)
		return 0;
	if (spend(ev, n->n_attrs + 1))
		return 1;
	for (size_t i = 0; i < n->n_attrs && !out->b; i++) {
		const struct tattr *a = &n->attrs[i];
		if (test_attr(s, a))
			out->b = (a->len == r->len && memcmp(a->value, r->s, r->len) == 0) ==
				 (r->cmp == CMP_EQ);
	}
	return 0;
}

static int eval_comparison(struct eval *ev, const struct expr *e, const struct ctx *c,
			   struct value *out)
{
	size_t k = e->kid;
	int rc;
	if (e->attr_literal)
		return eval_attr_literal(ev, e, c, out);
	rc = eval(ev, k, c, out);
	for (k = ev->xp->e[k].next; k != NONE && !rc; k = ev->xp->e[k].next) {
		struct value v;
		int result = 0;
		rc = eval(ev, k, c, &v);
		if (!rc)
			rc = compare(ev, ev->xp->e[k].cmp, out, &v, &result);
		value_free(&v);
		value_free(out);
		memset(out, 0, sizeof *out);
		out->t = V_BOOL;
		out->b = result;
	}
	if (rc)
		value_free(out);
	return rc;
}

static int set_string(struct value *out, struct str s)
{
	memset(out, 0, sizeof *out);
	out->t = V_STR;
	out->s = s.s;
	out->len = s.len;
	out->owned = s.owned;
	return 0;
}

/* The argument's string, or the context node's when there is none. */
static int arg_string(struct eval *ev, size_t arg, const struct ctx *c, struct str *out)
{
	struct value v;
	int rc;
	if (arg == NONE)
		return item_string(ev, c->item, out);
	rc = eval(ev, arg, c, &v);
	if (rc)
		return rc;
	rc = to_str(ev, &v, out);
	/* A string borrowed from a value that owns it must outlive it. */
	if (!rc && v.owned && out->s == v.s && !out->owned) {
		out->owned = v.owned;
		v.owned = NULL;
	}
	value_free(&v);
	return rc;
}

static int fn_concat(struct eval *ev, size_t arg, const struct ctx *c, struct value *out)
{
	char *buf = NULL;
	size_t len = 0;
	for (; arg != NONE; arg = ev->xp->e[arg].next) {
		struct str s;
		char *grown;
		int rc = arg_string(ev, arg, c, &s);
		if (rc) {
			free(buf);
			return rc;
		}
		rc = spend(ev, s.len / 64);
		grown = rc ? NULL : realloc(buf, len + s.len + 1);
		if (!grown) {
			free(s.owned);
			free(buf);
			return rc ? rc : -1;
		}
		buf = grown;
		memcpy(buf + len, s.s, s.len);
		len += s.len;
		free(s.owned);
	}
	return set_string(out, (struct str){buf ? buf : "", len, buf});
}

static int fn_normalize(struct eval *ev, size_t arg, const struct ctx *c, struct value *out)
{
	struct str s;
	char *buf;
	size_t n = 0;
	int rc = arg_string(ev, arg, c, &s);
	if (rc)
		return rc;
	buf = malloc(s.len + 1);
	if (!buf) {
		free(s.owned);
		return -1;
	}
	for (size_t i = 0; i < s.len; i++) {
		if (!is_space(s.s[i]))
			buf[n++] = s.s[i];
		else if (n && i + 1 < s.len && !is_space(s.s[i + 1]))
			buf[n++] = ' ';
	}
	free(s.owned);
	return set_string(out, (struct str){buf, n, buf});
}

static int fn_strings(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	struct str a, b;
	int rc = arg_string(ev, e->kid, c, &a);
	if (rc)
		return rc;
	rc = arg_string(ev, ev->xp->e[e->kid].next, c, &b);
	if (rc) {
		free(a.owned);
		return rc;
	}
	memset(out, 0, sizeof *out);
	out->t = V_BOOL;
	if (e->fn == F_STARTS_WITH) {
		out->b = b.len <= a.len && memcmp(a.s, b.s, b.len) == 0;
	} else {
		out->b = b.len == 0;
		for (size_t i = 0; !out->b && b.len <= a.len && i <= a.len - b.len; i++)
			out->b = memcmp(a.s + i, b.s, b.len) == 0;
		rc = spend(ev, a.len / 64);
	}
	free(a.owned);
	free(b.owned);
	return rc;
}

static int fn_name(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	struct xitem it = c->item;
	const char *name = NULL, *prefix = NULL;
	if (e->kid != NONE) {
		struct value v;
		int rc = eval(ev, e->kid, c, &v);
		if (rc)
			return rc;
		it = v.set.n ? v.set.items[0] : (struct xitem){NULL, XPATH_NODE};
		value_free(&v);
	}
	if (it.node && it.attr != XPATH_NODE) {
		name = it.node->attrs[it.attr].name;
		prefix = it.node->attrs[it.attr].prefix;
	} else if (it.node && it.node->kind == NODE_ELEMENT) {
		name = it.node->name;
		prefix = it.node->prefix;
	}
	if (name && prefix && e->fn == F_NAME) {
		char *qname = str_printf("%s:%s", prefix, name);
		return qname ? set_string(out, (struct str){qname, strlen(qname), qname}) : -1;
	}
	return set_string(out, (struct str){name ? name : "", name ? strlen(name) : 0, NULL});
}

static int fn_value(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	struct value v;
	struct str s;
	int rc;
	if (e->fn == F_STRING)
		return (rc = arg_string(ev, e->kid, c, &s)) ? rc : set_string(out, s);
	if (e->fn == F_STRING_LENGTH || (e->fn == F_NUMBER && e->kid == NONE)) {
		size_t n = 0;
		if ((rc = arg_string(ev, e->kid, c, &s)) != 0)
			return rc;
		for (size_t i = 0; i < s.len; i++)
			n += ((unsigned char)s.s[i] & 0xC0) != 0x80;
		memset(out, 0, sizeof *out);
		out->t = V_NUM;
		out->num = e->fn == F_NUMBER ? str_number(s.s, s.len) : (double)n;
		free(s.owned);
		return 0;
	}
	if ((rc = eval(ev, e->kid, c, &v)) != 0)
		return rc;
	memset(out, 0, sizeof *out);
	if (e->fn == F_COUNT) {
		out->t = V_NUM;
		out->num = (double)v.set.n;
	} else if (e->fn == F_NUMBER) {
		out->t = V_NUM;
		rc = to_num(ev, &v, &out->num);
	} else {
		out->t = V_BOOL;
		out->b = e->fn == F_NOT ? !to_bool(&v) : to_bool(&v);
	}
	value_free(&v);
	return rc;
}

static int eval_call(struct eval *ev, const struct expr *e, const struct ctx *c, struct value *out)
{
	memset(out, 0, sizeof *out);
	switch (e->fn) {
	case F_LAST:
	case F_POSITION:
		out->t = V_NUM;
		out->num = (double)(e->fn == F_LAST ? c->size : c->pos);
		return 0;
	case F_TRUE:
	case F_FALSE:
		out->t = V_BOOL;
		out->b = e->fn == F_TRUE;
		return 0;
	case F_CONCAT:
		return fn_concat(ev, e->kid, c, out);
	case F_NORMALIZE_SPACE:
		return fn_normalize(ev, e->kid, c, out);
	case F_CONTAINS:
	case F_STARTS_WITH:
		return fn_strings(ev, e, c, out);
	case F_LOCAL_NAME:
	case F_NAME:
		return fn_name(ev, e, c, out);
	default:
		return fn_value(ev, e, c, out);
	}
}

static int eval(struct eval *ev, size_t i, const struct ctx *c, struct value *out)
{
	const struct expr *e = &ev->xp->e[i];
	memset(out, 0, sizeof *out);
	switch (e->op) {
	case X_OR:
	case X_AND:
	case X_UNION:
		return eval_list(ev, e, c, out);
	case X_CMP:
		return eval_comparison(ev, e, c, out);
	case X_PATH:
		return eval_path(ev, e, c, out);
	case X_LITERAL:
		out->t = V_STR;
		out->s = e->s;
		out->len = e->len;
		return 0;
	case X_NUMBER:
		out->t = V_NUM;
		out->num = e->num;
		return 0;
	default:
		return eval_call(ev, e, c, out);
	}
}

int xpath_select(const struct xpath *xp, struct node *context, struct xpath_budget *budget,
		 struct xset *out)
{
	struct eval ev = {xp, budget};
	struct ctx c = {{context, XPATH_NODE}, 1, 1};
	struct value v;
	int rc;

	memset(out, 0, sizeof *out);
	rc = eval(&ev, xp->root, &c, &v);
	if (rc)
		return rc;
	*out = v.set;
	v.set = (struct xset){0};
	value_free(&v);
	return 0;
}
