/*
 * xdt_edit.c - changing the base as the transforms do: copies of
 * transform elements (without their xdt: attributes, with the comments
 * right above them) placed into it, nodes taken out, attributes set.  Each
 * node made counts against max_nodes, and XPath is told how the base
 * grew (xq_grew()) and where nodes were placed and taken out.
 */
#include "resolve/xdt_dom.h"
#include "resolve/xdt_engine.h"
#include "resolve/xdt_xpath.h"

#include <string.h>

static int count_nodes(struct xdt *x, size_t n)
{
	if (x->max_nodes - x->nodes < n || x->nodes > x->max_nodes) {
		set_status(x, XDT_LIMIT);
		return -1;
	}
	x->nodes += n;
	return 0;
}

/* A new attribute of the base like src, holding value, unlinked. */
static xmlAttrPtr new_attr(struct xdt *x, const xmlAttr *src, const char *value)
{
	xmlAttrPtr a = xmlNewDocProp(x->base, src->name, NULL);
	xmlNodePtr t = xmlNewDocText(x->base, (const xmlChar *)value);
	if (!a || !t) {
		if (a)
			xmlFreeProp(a);
		if (t)
			xmlFreeNode(t);
		return NULL;
	}
	t->parent = (xmlNodePtr)a;
	a->children = a->last = t;
	a->ns = src->ns;
	a->_private = src->_private;
	return a;
}

static void append_attr(xmlNodePtr n, xmlAttrPtr a)
{
	xmlAttrPtr last = n->properties;
	while (last && last->next)
		last = last->next;
	a->parent = n;
	a->prev = last;
	a->next = NULL;
	if (last)
		last->next = a;
	else
		n->properties = a;
}

/* A copy of a transform node for the base, without xdt: attributes (the
 * engine scrubs them, and namespace declarations, from what it inserts).
 * Its namespaces stay the transform's declarations. */
static xmlNodePtr clone(struct xdt *x, const xmlNode *src)
{
	xmlNodePtr n;
	size_t k = 0, text = 0;

	if (src->type != XML_ELEMENT_NODE) {
		if (count_nodes(x, 1) != 0)
			return NULL;
		n = src->type == XML_COMMENT_NODE ? xmlNewDocComment(x->base, src->content)
						  : xmlNewDocText(x->base, src->content);
		if (!n) {
			oom(x);
			return NULL;
		}
		n->_private = src->_private;
		if (src->type == XML_TEXT_NODE)
			text = strlen((const char *)src->content);
		xq_grew(x->xq, 1, text, 0);
		return n;
	}
	for (xmlAttrPtr a = src->properties; a; a = a->next)
		k += !is_xdt(a->ns);
	if (count_nodes(x, 1 + k) != 0)
		return NULL;
	n = xmlNewDocNode(x->base, src->ns, src->name, NULL);
	if (!n) {
		oom(x);
		return NULL;
	}
	n->_private = src->_private;
	xq_grew(x->xq, 1 + k, 0, 1);
	for (xmlAttrPtr a = src->properties; a; a = a->next) {
		xmlAttrPtr copy;
		if (is_xdt(a->ns))
			continue;
		copy = new_attr(x, a, dom_attr_value(a));
		if (!copy) {
			xmlFreeNode(n);
			oom(x);
			return NULL;
		}
		append_attr(n, copy);
	}
	for (const xmlNode *s = src->children; s; s = s->next) {
		xmlNodePtr child = clone(x, s);
		if (!child) {
			xmlFreeNode(n);
			return NULL;
		}
		dom_append(n, child);
	}
	return n;
}

static int all_blank(const xmlNode *n)
{
	for (const xmlChar *c = n->content; c && *c; c++)
		if (!is_blank((char)*c))
			return 0;
	return 1;
}

/* The first of the comments right before el (only blanks between), which
 * travel with it: a suppression written above an inserted element must
 * still be right above it in the result. */
static const xmlNode *leading_comments(const xmlNode *el)
{
	const xmlNode *first = NULL;
	for (const xmlNode *p = el->prev; p; p = p->prev) {
		if (p->type == XML_COMMENT_NODE)
			first = p;
		else if (p->type != XML_TEXT_NODE || !all_blank(p))
			break;
	}
	return first;
}

void take_out(struct xdt *x, xmlNodePtr n)
{
	xq_taken_out(x->xq, n->parent);
	xmlUnlinkNode(n);
	dom_append(x->removed, n);
}

int place(struct xdt *x, const struct ctx *c, xmlNodePtr where, enum place how)
{
	const xmlNode *first = leading_comments(c->el);
	xmlNodePtr at = where, placed = NULL;
	for (const xmlNode *s = first ? first : c->el;; s = s->next) {
		xmlNodePtr n = clone(x, s);
		if (!n)
			return -1;
		if (how == PLACE_APPEND)
			dom_append(where, n);
		else if (how == PLACE_AFTER)
			dom_insert_after(at, n);
		else
			dom_insert_before(where, n);
		if (!placed)
			placed = n;
		at = n;
		if (s == c->el)
			break;
	}
	xq_placed(x->xq, placed);
	if (how == PLACE_REPLACE)
		take_out(x, where);
	return 0;
}

int set_attr(struct xdt *x, xmlNodePtr n, const xmlAttr *src)
{
	const char *prefix = prefix_of(src->ns), *value = dom_attr_value(src);
	xmlAttrPtr a, copy;
	for (a = n->properties; a; a = a->next) {
		const char *p = prefix_of(a->ns);
		if (xmlStrEqual(a->name, src->name) && (prefix ? p && strcmp(p, prefix) == 0 : !p))
			break;
	}
	if (a) {
		xmlNodePtr t = xmlNewDocText(x->base, (const xmlChar *)value);
		if (!t)
			return oom(x);
		xmlFreeNodeList(a->children);
		t->parent = (xmlNodePtr)a;
		a->children = a->last = t;
		a->ns = src->ns;
		a->_private = src->_private;
		return 0;
	}
	if (count_nodes(x, 1) != 0)
		return -1;
	copy = new_attr(x, src, value);
	if (!copy)
		return oom(x);
	append_attr(n, copy);
	xq_grew(x->xq, 1, 0, 0);
	return 0;
}
