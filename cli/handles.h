/* handles.h - parents read once and shared by the files linted below them
 * (handles.c). */
#ifndef HC_CLI_HANDLES_H
#define HC_CLI_HANDLES_H

#include "run.h"

#include <stddef.h>

/* A run's handles, built as threads need them. */
struct handles;

/* The handles of n targets, none built yet; NULL (nothing to free) when
 * they cannot be made. */
struct handles *handles_new(size_t n);

/* Frees h and every handle in it (NULL: nothing). */
void handles_free(struct handles *h);

/* Whether a --parent file is a web.config: a folder's parent of the files
 * below its folder.  Which those are, the library decides for a file named
 * (it resolves ".." and links); the walk's folders say it for a walked one. */
int folder_parent_given(const struct lint_setup *s);

/* The chain above the walked directory of the top target t, or NULL. */
const hardconf_chain *top_chain(const struct target *t);

/* What a file at target inherits before the walk's own folders: --parent
 * files, then the folders up from the walked directory (up, or NULL), read
 * once for every target that inherits them alike.  *out NULL: none.
 * Returns 0, or -1 when it could not be read once (then name them). */
int above_of(struct handles *h, const struct lint_setup *s, const hardconf_chain *up,
	     const char *target, const hardconf_linter *linter, const hardconf_parents **out);

/* Target i (a walked web.config) as the parent of the files below it. */
const hardconf_parents *as_parent(struct handles *h, const struct lint_setup *s,
				  const struct targets *all, size_t i,
				  const hardconf_linter *linter);

#endif
