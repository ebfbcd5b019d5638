/*
 * xdt_expr.c - reading an XPath expression for the transform engine
 * before libxml2 evaluates it: a lexer for XPath 1.0's tokens (with the
 * spec's rules for when '*' and and/or/div/mod are operators), and one
 * pass over them that checks what libxml2 would accept but .NET refuses
 * (variables, functions beyond XPath 1.0's, undeclared prefixes) and
 * hardconf's own limits (nesting, operators), and notes what the
 * expression may make libxml2 do without counting (node-set merges, the
 * preceding and namespace axes, values copied to be compared, a walk of
 * children that may stop at an element), for xdt_xpath.c to charge.  It runs only on text libxml2
 * compiled, except for its nesting check, which comes first.
 */
#include "resolve/xdt_dom.h"
#include "resolve/xdt_xpath_internal.h"

#include <libxml/hash.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Parentheses and brackets inside each other: libxml2 recurses for each,
 * and .NET's engine is no deeper in practice. */
#define MAX_NESTING 32
/* Operators and predicates in one expression: libxml2 evaluates a chain
 * of them recursively. */
#define MAX_OPERATORS 1024

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

static size_t skip_space(const struct lex *l, size_t i)
{
	while (i < l->len && xml_space(l->s[i]))
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
	/* What the frame holds at its own level: how many tokens, the first,
	 * and whether any is more than a step of a location path. */
	size_t tokens;
	enum tok first;
	int not_path;
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
	int stops_early;
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
	/* va_start is right above: clang-tidy's checker loses it when it
	 * checks several files in one run (llvm-project issue 40656). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	vsnprintf(s->why, s->why_size, fmt, ap);
	va_end(ap);
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
	/* libxml2 stops walking a step's children at the nth element for a
	 * predicate [n] (and for (expr)[1]), and at the first for a predicate
	 * that is a location path alone (its truth is whether one exists). */
	if (f->kind == FR_PRED && ((f->tokens == 1 && f->first == T_NUMBER) || !f->not_path))
		s->stops_early = 1;
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
		if (t != T_RPAR && t != T_RBRA) {
			f->empty = 0;
			if (!f->tokens++)
				f->first = t;
			f->not_path |= t != T_LBRA && t != T_SLASH && t != T_DSLASH && t != T_AT &&
				       t != T_AXIS && t != T_NAME && t != T_NODETYPE &&
				       t != T_DOT && t != T_DOTDOT;
		}
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
			f->slash = (int)t;
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

void scan_expr(struct xq *q, const xmlNode *scope, const char *expr, size_t len,
	       struct scanned *out, char *why, size_t why_size)
{
	struct scan s;

	memset(&s, 0, sizeof s);
	s.q = q;
	s.scope = scope;
	s.why = why;
	s.why_size = why_size;
	for (const xmlNode *p = scope; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		for (xmlNsPtr d = p->nsDef; d; d = d->next)
			s.in_scope++;
	scan(&s, expr, len);
	out->error = s.error;
	out->syntax = s.syntax;
	out->nodeset = s.nodeset;
	out->set_work = s.set_work;
	out->ns_axis = s.ns_axis;
	out->compares_elements = s.compares_elements;
	out->compares_many = s.compares_many;
	out->prefixed = s.prefixed;
	out->stops_early = s.stops_early;
	out->compares_cost = s.compares_cost;
}
