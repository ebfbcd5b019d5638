/*
 * xdt_write.c - the transformed base written out for re-scanning: plain
 * XML with local names only, and a map from every piece of it (element,
 * attribute, text, comment) back to where it was read in the base or the
 * transform; and finding an offset's origin in that map.
 */
#include "resolve/xdt.h"

#include "resolve/xdt_dom.h"
#include "resolve/xdt_engine.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* The parser's nesting limit: a deeper result could not be re-read. */
#define MAX_DEPTH 256

struct out {
	struct xdt_result r;
	size_t cap, cap_map, max;
	int status;
};

static void put(struct out *o, const char *s, size_t n)
{
	char *grown;
	if (o->status)
		return;
	if (n > o->max - o->r.len) {
		o->status = XDT_LIMIT;
		return;
	}
	grown = array_grow(o->r.text, &o->cap, o->r.len + n + 1, 1);
	if (!grown) {
		o->status = -1;
		return;
	}
	o->r.text = grown;
	memcpy(o->r.text + o->r.len, s, n);
	o->r.len += n;
}

static void mark(struct out *o, const void *priv)
{
	struct origin at = dom_origin(priv);
	struct xdt_segment *grown;
	if (o->status)
		return;
	grown = array_grow(o->r.map, &o->cap_map, o->r.n_map + 1, sizeof *grown);
	if (!grown) {
		o->status = -1;
		return;
	}
	o->r.map = grown;
	o->r.map[o->r.n_map++] = (struct xdt_segment){o->r.len, at.file, at.offset};
}

/* Escapes what must be, and in attribute values the blanks that
 * attribute-value normalisation would otherwise turn into spaces. */
static void put_escaped(struct out *o, const char *s, size_t n, int attr)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] == '&'            ? "&amp;"
				: s[i] == '<'          ? "&lt;"
				: s[i] == '>' && !attr ? "&gt;"
				: s[i] == '"' && attr  ? "&quot;"
				: s[i] == '\t' && attr ? "&#9;"
				: s[i] == '\n' && attr ? "&#10;"
				: s[i] == '\r'         ? "&#13;"
						       : NULL;
		if (!e)
			continue;
		put(o, s + from, i - from);
		put(o, e, strlen(e));
		from = i + 1;
	}
	put(o, s + from, n - from);
}

static void put_start(struct out *o, const xmlNode *n)
{
	mark(o, n->_private);
	put(o, "<", 1);
	put(o, name_of(n), strlen(name_of(n)));
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *value = dom_attr_value(a);
		if (a->ns)
			continue;
		put(o, " ", 1);
		mark(o, a->_private);
		put(o, (const char *)a->name, strlen((const char *)a->name));
		put(o, "=\"", 2);
		put_escaped(o, value, strlen(value), 1);
		put(o, "\"", 1);
	}
	put(o, n->children ? ">" : "/>", n->children ? 1 : 2);
}

static void put_end(struct out *o, const xmlNode *n)
{
	put(o, "</", 2);
	put(o, name_of(n), strlen(name_of(n)));
	put(o, ">", 1);
}

static void put_leaf(struct out *o, const xmlNode *n)
{
	const char *text = n->content ? (const char *)n->content : "";
	mark(o, n->_private);
	if (n->type == XML_TEXT_NODE) {
		put_escaped(o, text, strlen(text), 0);
	} else {
		put(o, "<!--", 4);
		put(o, text, strlen(text));
		put(o, "-->", 3);
	}
}

/* Writes one top-level node and what is inside, without recursion. */
static void put_tree(struct out *o, const xmlNode *top)
{
	const xmlNode *n = top;
	size_t depth = 0;
	while (n && !o->status) {
		if (n->type == XML_ELEMENT_NODE) {
			put_start(o, n);
			if (n->children) {
				if (++depth > MAX_DEPTH)
					o->status = XDT_LIMIT;
				n = n->children;
				continue;
			}
		} else {
			put_leaf(o, n);
		}
		while (n != top && !n->next) {
			n = n->parent;
			depth--;
			put_end(o, n);
		}
		n = n == top ? NULL : n->next;
	}
}

int serialize(const xmlDoc *doc, size_t max, struct xdt_result *out)
{
	struct out o = {.max = max};
	for (const xmlNode *n = doc->children; n; n = n->next) {
		put_tree(&o, n);
		if (n->next)
			put(&o, "\n", 1);
	}
	put(&o, "", 0);
	if (o.r.text)
		o.r.text[o.r.len] = '\0';
	if (o.status) {
		xdt_result_free(&o.r);
		return o.status;
	}
	*out = o.r;
	return 0;
}

void xdt_origin(const struct xdt_result *r, size_t out_offset, unsigned *file, size_t *offset)
{
	size_t lo = 0, hi = r->n_map, delta;
	*file = 0;
	*offset = out_offset;
	if (!r->n_map || out_offset < r->map[0].out)
		return;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->map[mid].out <= out_offset)
			lo = mid;
		else
			hi = mid;
	}
	delta = out_offset - r->map[lo].out;
	if (lo + 1 < r->n_map && delta > r->map[lo + 1].out - r->map[lo].out)
		delta = r->map[lo + 1].out - r->map[lo].out;
	*file = r->map[lo].file;
	*offset = r->map[lo].in + delta;
	if (*file < 2 && *offset > r->file_len[*file])
		*offset = r->file_len[*file];
}

void xdt_result_free(struct xdt_result *r)
{
	free(r->text);
	free(r->map);
	memset(r, 0, sizeof *r);
}
