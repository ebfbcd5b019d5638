/* report.h - the findings of one lint call. */
#ifndef HC_REPORT_H
#define HC_REPORT_H

#include "hardconf.h"

struct hardconf_report {
	char *file;
	hardconf_kind kind;
	hardconf_finding *items;
	size_t count, cap;
};

/* A new empty report for the display name file, or NULL. */
hardconf_report *report_new(const char *file);

/* Appends a finding; takes ownership of message (freed on failure too).
 * rule_id must be static.  Returns HARDCONF_OK or HARDCONF_ENOMEM. */
int report_add(hardconf_report *r, const char *rule_id, hardconf_severity severity, char *message,
	       unsigned line, unsigned column, unsigned end_line, unsigned end_column);

/* Marks the last finding added as suppressed, with a copy of the reason.
 * Returns HARDCONF_OK or HARDCONF_ENOMEM. */
int report_suppress_last(hardconf_report *r, const char *justification);

/* Frees what a finding owns (its message and justification). */
void report_free_finding(hardconf_finding *f);

/* Sorts by line, column, rule id; drops exact duplicates. */
void report_sort(hardconf_report *r);

#endif
