/*
 * xdt.h - web.config transforms (XML-Document-Transform), applied as
 * Microsoft.Web.XmlTransform applies them at publish time, so that the
 * linter can scan the configuration that is actually deployed.
 *
 * The result is written for re-scanning: plain XML with local names only,
 * and a map from every piece of it back to the base or the transform.
 */
#ifndef HC_XDT_H
#define HC_XDT_H

#include <stddef.h>

/* Where a piece of the result came from: file 0 is the base, 1 the
 * transform; in is a byte offset into that file's UTF-8 text as given. */
struct xdt_segment {
	size_t out;
	unsigned file;
	size_t in;
};

struct xdt_result {
	char *text; /* the transformed document, UTF-8, NUL-terminated */
	size_t len;
	struct xdt_segment *map; /* sorted by out */
	size_t n_map;
	size_t file_len[2]; /* the lengths of the base and the transform */
};

/* A problem with the transform itself: file and offset as above (file 1,
 * at the transform element's '<' or at the name of its xdt:Transform or
 * xdt:Locator attribute); message is one line of valid UTF-8, without a
 * trailing period, valid only during the call. */
typedef void (*xdt_problem_fn)(void *user, unsigned file, size_t offset, const char *message);

/* What xdt_apply() returns when a limit kept it from applying the
 * transform, rather than a file that is not one. */
#define XDT_LIMIT 2

/* Applies the transform text to the base text (both UTF-8 without a BOM,
 * not NUL-terminated).  Problems found on the way (a transform that matches
 * nothing, one that is not supported, ...) go to problem (may be NULL),
 * in document order of the transform; the rest is still applied.
 *
 * Returns 0 with *out filled (free with xdt_result_free); 1 when nothing
 * was applied because the base or the transform is not well-formed (or
 * uses an undeclared prefix) or the transform never declares the XDT
 * namespace; XDT_LIMIT when a limit was hit: max_nodes (elements, texts,
 * comments, attributes and namespace declarations of either file, and of
 * the result), the parser's own limits, nesting deeper than 256 in the
 * result, or a result much larger than its inputs; -1 when memory ran
 * out.  (An XPath that would take too long is a problem, and only that
 * element is skipped.)  *out is untouched unless 0
 * is returned.  Thread-safe: no shared state. */
int xdt_apply(const char *base, size_t base_len, const char *transform, size_t transform_len,
	      size_t max_nodes, xdt_problem_fn problem, void *user, struct xdt_result *out);

/* Maps an offset in r->text to the file and offset it came from: the
 * piece (element, attribute, text or comment) that starts last at or
 * before it, and as far into that piece as out_offset is into its copy. */
void xdt_origin(const struct xdt_result *r, size_t out_offset, unsigned *file, size_t *offset);

/* Frees what xdt_apply() filled in and zeroes *r; r may be zeroed already. */
void xdt_result_free(struct xdt_result *r);

#endif
