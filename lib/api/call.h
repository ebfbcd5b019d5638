/* call.h - a lint call's lifetime. */
#ifndef HC_API_CALL_H
#define HC_API_CALL_H

#include "scan/call.h"

/* Makes the state of a call of linter over the file name (for the report).
 * HARDCONF_OK or HARDCONF_ENOMEM; call_free() either way. */
int call_init(struct lint *l, const hardconf_linter *linter, const char *name);

/* Frees what the call read and found (not the report handed out). */
void call_free(struct lint *l);

/* Frees what a call kept after its scans no longer needs: what only a scan
 * in progress uses (the element stack and path, the text and child caches)
 * and the state of the families that pass nothing down (not chained).  A
 * parent handle is such a call, kept for every file below it, and a chain
 * keeps one per folder. */
void call_trim(struct lint *l);

/* Frees what a call made of file f (its line index, directives, locations
 * weighed, scope, resume), not what it read; f then has none. */
void call_file_state_free(struct lint_file *f);

/* Whether the call made anything of f (most of a chain's files are
 * borrowed and untouched: nothing to call for them). */
static inline int call_file_has_state(const struct lint_file *f)
{
	return f->lines.blocks || f->sup.items || f->sup.reasons || f->weighed || f->scope ||
	       f->resume;
}

/* Lints in->data (or the file at in->path) with chain (may be NULL), as
 * hardconf_lint_chain() does (api/lint.c). */
int call_lint(hardconf_report **out, const hardconf_linter *linter, const struct call_input *in,
	      hardconf_kind kind, const hardconf_chain *chain, hardconf_error *err);

#endif
