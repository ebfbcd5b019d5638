/*
 * tree.h - a small element tree for the transform engine (xdt.c): two
 * documents read with xml_parse(), edited in place, written out again.
 *
 * Every node and string lives in one arena that the caller frees at once,
 * so nodes move between documents (a transform's element copied into the
 * base) without ownership questions.  Each node and attribute remembers the
 * file and byte offset it was read from, for mapping findings back.
 */
#ifndef HC_TREE_H
#define HC_TREE_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

/* n bytes aligned for any object, NULL when memory ran out. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s, NULL when memory ran out. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* Where something was read: file 0 or 1, and the byte offset of an
 * element's '<', an attribute's name, a comment's "<!--" or a text's first
 * byte. */
struct origin {
	unsigned file;
	size_t offset;
};

struct tattr {
	const char *name;   /* local name */
	const char *prefix; /* as written, or NULL */
	const char *ns;     /* namespace URI, or NULL */
	const char *value;  /* decoded, NUL-terminated */
	size_t len;
	struct origin at;
};

/* A namespace declaration made by an element (prefix NULL: the default). */
struct nsdecl {
	const char *prefix;
	const char *uri; /* NULL when it undeclares the default namespace */
};

enum node_kind { NODE_DOCUMENT, NODE_ELEMENT, NODE_TEXT, NODE_COMMENT };

struct node {
	enum node_kind kind;
	struct node *parent, *first, *last, *prev, *next;
	struct origin at;
	/* Elements. */
	const char *name, *prefix, *ns;
	struct tattr *attrs;
	size_t n_attrs, cap_attrs;
	const struct nsdecl *decls;
	size_t n_decls;
	/* Text (character data, CDATA included) and comments. */
	const char *text;
	size_t len;
	/* Document order, as tree_number() last counted it. */
	size_t order;
};

/* The limits of one parse: at most max_nodes elements, texts, comments,
 * attributes and namespace declarations in all. */
struct tree_parse {
	struct arena *arena;
	unsigned file;
	size_t max_nodes;
	size_t nodes; /* out: how many were made */
};

/* Reads a document into a tree under a new document node (*doc).  Returns
 * 0; 1 when the text is not well-formed, uses an undeclared prefix or
 * exceeds a limit (the parser's or max_nodes); -1 when memory ran out. */
int tree_parse(struct tree_parse *p, const char *text, size_t len, struct node **doc);

/* The namespace URI that prefix (NULL: the default namespace) has at
 * element n, from the declarations of n and its ancestors; NULL when none. */
const char *tree_lookup_ns(const struct node *n, const char *prefix, size_t prefix_len);

void tree_append(struct node *parent, struct node *child);
void tree_insert_before(struct node *sibling, struct node *child);
void tree_insert_after(struct node *sibling, struct node *child);
void tree_unlink(struct node *n);

/* The next node of a depth-first walk of root's subtree (root excluded
 * when it is the start), or NULL: no recursion, whatever the depth. */
struct node *tree_next(const struct node *root, const struct node *n);

/* Numbers every node of the document in document order (node.order). */
void tree_number(struct node *doc);

/* The attribute of element n with this prefix and local name, or NULL. */
struct tattr *tree_attr(const struct node *n, const char *prefix, const char *name);

#endif
