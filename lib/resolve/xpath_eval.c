/*
 * xpath_eval.c - evaluates a compiled expression (xpath_ast.h) over the
 * nodes of tree.h, within a work budget.
 */
#include "resolve/xpath_ast.h"

#include "resolve/tree.h"
#include "util/util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	v = xpath_number(s + start, i - start);
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
