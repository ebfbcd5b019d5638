/*
 * suppress.h - inline suppressions in XML comments:
 *
 *   <!-- hardconf-disable-next-line HC1001 - reason -->  the next element's line
 *   <!-- hardconf-disable HC2001,HC2019 - reason -->     from here on
 *   <!-- hardconf-enable HC2001 -->                        ends that
 *
 * Suppressed findings stay in the report, marked, with the reason.  An
 * unknown rule id, or a suppression that silenced nothing, is HC0006.
 */
#ifndef HC_SUPPRESS_H
#define HC_SUPPRESS_H

#include "model/rules.h"

#include <stddef.h>

struct lint;

struct suppression {
	enum rule_id rule;
	int next_element; /* next-line form: applies to the element at start */
	int bound;        /* next-line form: that element has been seen */
	int used;
	size_t comment;     /* offset of the comment's '<' */
	size_t start, end;  /* [start, end): the range, or for next-line the line of the next
			       element from its '<' */
	size_t tag_end;     /* next-line: the element's tag_end (its attributes may follow
			       on later lines) */
	const char *reason; /* in suppressions.reasons */
};

struct suppressions {
	struct suppression *items;
	size_t n, cap;
	char **reasons;
	size_t n_reasons, cap_reasons;
};

/* Reads a comment (text between "<!--" and "-->"; comment is the offset of
 * its '<', end the offset just past it).  Not a directive: nothing happens. */
void suppress_comment(struct lint *l, struct suppressions *s, const char *text, size_t len,
		      size_t comment, size_t end);

/* Binds pending next-line suppressions to the element starting now: they
 * cover it, its attributes, and whatever else starts on its line. */
void suppress_element(struct suppressions *s, const char *text, size_t len, size_t tag_end);

/* The suppression covering a finding of rule at (tag_end, offset), marked
 * used, or NULL. */
const struct suppression *suppress_find(struct suppressions *s, enum rule_id rule, size_t tag_end,
					size_t offset);

/* Reports HC0006 for suppressions that silenced nothing (whole files only). */
void suppress_finish(struct lint *l, struct suppressions *s);

void suppress_free(struct suppressions *s);

#endif
