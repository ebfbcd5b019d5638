/* fix.h - the CLI's --fix (the findings' fixes written into their files)
 * and the notes --format diff needs (files a text diff cannot carry). */
#ifndef HC_CLI_FIX_H
#define HC_CLI_FIX_H

#include "hardconf.h"

struct fixer;

/* A fixer for files under the trees named (the command line's paths: a
 * directory, or a file's folder; "-" stands for stdin_name, if any); NULL
 * when memory ran out. */
struct fixer *fixer_new(char *const *trees, int n, const char *stdin_name);

/* Keeps the fixes of the report's findings that are not suppressed; one
 * without its source lines (longer than the library keeps) is left out
 * and named on stderr, once for the report.  Returns 0, or -1 when memory ran out. */
int fixer_add(struct fixer *x, const hardconf_report *report);

/* For --format diff: names on stderr each file with fixes a text diff
 * cannot carry (UTF-16, or named outside the working directory). */
void fixer_note_undiffable(const struct fixer *x);

/* --fix: writes the fixes kept into their files (each atomically, with
 * its mode, encoding, BOM and line endings; never a file outside the
 * trees, nor one that changed since it was linted) and says on stderr
 * what changed.  Returns 0, or -1 if a file could not be fixed. */
int fixer_apply(struct fixer *x, int quiet);

void fixer_free(struct fixer *x);

#endif
