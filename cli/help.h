/* help.h - the CLI's usage text and rule catalogue. */
#ifndef HC_CLI_HELP_H
#define HC_CLI_HELP_H

#include "hardconf.h"

#include <stdio.h>

/* The usage text, to out. */
void usage(FILE *out);

/* --list-rules: one line per rule on stdout; returns the exit status. */
int list_rules(void);

/* --explain ID: the rule's metadata and help on stdout (2 for an unknown
 * id, said on stderr); returns the exit status. */
int explain(const char *id);

#endif
