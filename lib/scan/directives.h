/*
 * directives.h - inline suppressions in XML comments, as the scanner reads
 * them:
 *
 *   <!-- hardconf-disable-next-line HC1001 - reason -->  the next element's line
 *   <!-- hardconf-disable HC2001,HC2019 - reason -->     from here on
 *   <!-- hardconf-enable HC2001 -->                        ends that
 *
 * The scanner only collects them, as data: which rule, over which range of
 * the text.  The report stage (report/suppress.c) applies them to the
 * finished findings and reports HC0006 for an unknown rule id or a
 * suppression that silenced nothing.
 */
#ifndef HC_DIRECTIVES_H
#define HC_DIRECTIVES_H

#include "model/rules.h"

#include <stddef.h>

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
	size_t prev_open;   /* 1 + the index of the disable of the same rule opened before
			       this one and still open with it, or 0 */
};

/* An id shaped like a rule's (HC1234) that names none. */
struct unknown_id {
	size_t comment;    /* offset of the comment's '<' */
	const char *shown; /* as written, escaped for display; in suppressions.reasons */
};

struct suppressions {
	struct suppression *items;
	size_t n, cap;
	struct unknown_id *unknown;
	size_t n_unknown, cap_unknown;
	char **reasons;
	size_t n_reasons, cap_reasons;
	/* Per rule, 1 + the index of the newest disable not yet ended, or 0
	 * (RULE_COUNT entries, made at the first disable): an enable ends
	 * only the open ones, not every earlier suppression. */
	size_t *open;
	/* Where the last next-line suppression's line ends, and 1 + where the
	 * search for it began (0: none yet): the elements they bind to come in
	 * order, so no text is searched twice. */
	size_t line_from, line_end;
	/* The report stage's index of the items by rule (report/suppress.c),
	 * one allocation; freed with the rest. */
	size_t *index;
};

/* Reads a comment (text between "<!--" and "-->"; comment is the offset of
 * its '<', end the offset just past it).  Not a directive: nothing happens.
 * Comments must come in the order of the text.  Returns 0, or -1 when
 * memory ran out. */
int suppress_comment(struct suppressions *s, const char *text, size_t len, size_t comment,
		     size_t end);

/* Binds pending next-line suppressions to the element starting now: they
 * cover it, its attributes, and whatever else starts on its line (CR, CRLF
 * and LF end a line).  Elements must come in the order of the text. */
/* Whether a next-line suppression waits for the next element. */
int suppress_waiting(const struct suppressions *s);

/* Whether the end of the line of an element starting at start is known
 * (an element on the line of the one bound last): the elements they bind
 * to come in order, so no text is searched twice. */
int suppress_line_known(const struct suppressions *s, size_t start);

/* The element starting at start (its '<'), its line ending at line_end
 * (its CR or LF; not read when suppress_line_known()). */
void suppress_element(struct suppressions *s, size_t start, size_t line_end, size_t tag_end);

void suppress_free(struct suppressions *s);

#endif
