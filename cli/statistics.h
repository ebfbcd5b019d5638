/* statistics.h - --statistics: findings per rule, as a table on stderr. */
#ifndef HC_CLI_STATISTICS_H
#define HC_CLI_STATISTICS_H

#include "hardconf.h"

#include <stddef.h>
#include <stdio.h>

struct statistics;

/* A table with every rule at zero; NULL when memory ran out. */
struct statistics *statistics_new(void);

/* Counts the report's findings that are not suppressed. */
void statistics_add(struct statistics *s, const hardconf_report *report);

/* The rules that found something, most findings first (then by id):
 * id, severity, count and title, one line each, to out. */
void statistics_print(const struct statistics *s, FILE *out);

void statistics_free(struct statistics *s);

#endif
