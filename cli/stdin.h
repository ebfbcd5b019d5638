/* stdin.h - standard input for a lint (stdin.c). */
#ifndef HC_CLI_STDIN_H
#define HC_CLI_STDIN_H

#include "run.h"

/* Standard input for in: a regular file (input redirected from one) is
 * read by the library where it is; anything else is read here, at most one
 * byte more than the size limit (so that the library can tell a too-large
 * input, HC0003), into memory (*data, to free) or, past its first MiB,
 * into a temporary file (*spooled, to close; memory when there is no room
 * for one).  0, or -1 with res->error set. */
int take_stdin(const struct lint_setup *s, hardconf_input *in, char **data, int *spooled,
	       struct result *res);

#endif
