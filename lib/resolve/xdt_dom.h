/*
 * xdt_dom.h - the documents of the transform engine (xdt.c) as libxml2
 * trees (xmlDoc, xmlNode, xmlAttr), so that libxml2's XPath can select in
 * them.
 *
 * They are built from xml_parse() events, not by libxml2's own tree
 * builder: the text goes through the one hardened parser (xml.c: no DTD,
 * no entity ever substituted, no network, its limits), and every element,
 * attribute, text and comment remembers the file and byte offset it was
 * read from, for mapping findings back.  Processing instructions and the
 * DOCTYPE are not kept; character data and CDATA sections next to each
 * other make one text node.
 */
#ifndef HC_XDT_DOM_H
#define HC_XDT_DOM_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

/* Where something was read: file 0 (the base) or 1 (the transform), and the
 * byte offset of an element's '<', an attribute's name, a comment's "<!--"
 * or a text's first byte.  Kept in the node's _private pointer. */
struct origin {
	unsigned file;
	size_t offset;
};

static inline struct origin dom_origin(const void *priv)
{
	uintptr_t v = (uintptr_t)priv;
	return (struct origin){(unsigned)(v & 1), (size_t)(v >> 1)};
}

static inline void dom_set_origin(void **priv, struct origin at)
{
	*priv = (void *)(((uintptr_t)at.offset << 1) | (at.file & 1));
}

/* The limits and the count of one parse: at most max_nodes elements,
 * texts, comments, attributes and namespace declarations in all. */
struct dom_parse {
	unsigned file;
	size_t max_nodes;
	size_t nodes; /* out: how many were made, the document node included */
};

/* Reads a document into a new xmlDoc whose names come from dict.  Returns
 * 0 with *doc (xmlFreeDoc); 1 when the text is not well-formed, has no
 * root element, uses an undeclared prefix or exceeds a limit (the
 * parser's or max_nodes); -1 when memory ran out. */
int dom_parse(struct dom_parse *p, const char *text, size_t len, xmlDictPtr dict, xmlDocPtr *doc);

/* The namespace URI that prefix (NULL: the default namespace) has at
 * element n, from the declarations of n and its ancestors; NULL when none
 * (xmlns="" undeclares the default). */
const char *dom_lookup_ns(const xmlNode *n, const char *prefix, size_t prefix_len);

/* An attribute's value (NUL-terminated; "" when empty) and its length. */
const char *dom_attr_value(const xmlAttr *a);

/* Links child (unlinked) into the tree without merging text nodes, as
 * xmlAddChild() and its siblings would. */
void dom_append(xmlNodePtr parent, xmlNodePtr child);
void dom_insert_before(xmlNodePtr sibling, xmlNodePtr child);
void dom_insert_after(xmlNodePtr sibling, xmlNodePtr child);

/* The next node of a depth-first walk of root's subtree (root excluded when
 * it is the start), or NULL: no recursion, whatever the depth.  Attributes
 * are not visited. */
xmlNodePtr dom_next(const xmlNode *root, const xmlNode *n);

#endif
