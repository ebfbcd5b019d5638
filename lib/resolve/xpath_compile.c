/*
 * xpath_compile.c - tokenizes and parses the XPath subset of xpath.h into
 * the expression tree of xpath_ast.h.
 */
#include "resolve/xpath_ast.h"

#include "util/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- Tokens ---- */

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
			p->xp->e[e].num = xpath_number(p->xp->src + t->start, t->len);
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
