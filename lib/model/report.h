/* report.h - the findings of one lint call. */
#ifndef HC_REPORT_H
#define HC_REPORT_H

#include "hardconf.h"

#include <stdint.h>

struct hardconf_report {
	char *file;
	char **names;          /* every file findings name, the input first */
	uint64_t *name_hashes; /* of each name: a deep chain names many long paths */
	size_t n_names, names_cap;
	hardconf_kind kind;
	hardconf_finding *items;
	size_t count, cap;
};

/* A new empty report for the display name file, or NULL. */
hardconf_report *report_new(const char *file);

/* The report's own copy of a file's display name (the same pointer for the
 * same name), or NULL when memory ran out. */
const char *report_name(hardconf_report *r, const char *name);

/* Appends a finding in file (a name from report_name); takes ownership of
 * message (freed on failure too).  rule_id must be static.  Returns
 * HARDCONF_OK or HARDCONF_ENOMEM. */
int report_add(hardconf_report *r, const char *file, const char *rule_id,
	       hardconf_severity severity, char *message, unsigned line, unsigned column,
	       unsigned end_line, unsigned end_column);

/* Gives the finding added last its shape: what its fingerprint names besides
 * the rule and the file (report/baseline.c completes the fingerprint once
 * the report is whole; until then the field holds the shape). */
void report_shape_last(hardconf_report *r, uint64_t shape);

/* Gives the finding added last its fix (one allocation, edits and strings
 * included) and the source lines around it (see hardconf_finding); takes
 * ownership of both (either may be NULL). */
void report_fix_last(hardconf_report *r, hardconf_fix *fix, char *context, unsigned context_line,
		     size_t context_offset);

/* Moves every finding of from to the end of r (from keeps its files and
 * empty findings; free it as usual).  Returns HARDCONF_OK or
 * HARDCONF_ENOMEM. */
int report_take(hardconf_report *r, hardconf_report *from);

/* Marks the last finding added as suppressed, with a copy of the reason.
 * Returns HARDCONF_OK or HARDCONF_ENOMEM. */
int report_suppress_last(hardconf_report *r, const char *justification);

/* Frees what a finding owns (its message, justification, fix and context). */
void report_free_finding(hardconf_finding *f);

/* Sorts by file (the input first), line, column, rule id; drops exact
 * duplicates. */
void report_sort(hardconf_report *r);

#endif
