/*
 * read.h - reading attributes as their configuration system does (invalid
 * values are HC0005), and the common rule that is one attribute against
 * one insecure value.
 */
#ifndef HC_READ_H
#define HC_READ_H

#include "scan/lint.h"

/* A setting rule, as data: an attribute whose value is checked against one
 * insecure value (model/settings.def holds them, one row each).  The arg of
 * a hook whose start is check_attr. */
struct setting {
	enum rule_id rule;
	unsigned kinds;
	const char *path; /* the element, as hooks name paths */
	const char *attr;
	enum value_syntax syntax;
	const char *choices;  /* valid names, '|'-separated (NULL for booleans) */
	const char *insecure; /* the choice that fires the rule */
	const char *deflt;    /* the value when absent (NULL: none known) */
	int absent;           /* ABSENT_REPORTED or ABSENT_QUIET (model/settings.def) */
	unsigned fact;        /* its enum fact_id (resolve/facts.h) */
	const char *fix;      /* the secure value to write; NULL: remove the attribute */
	const char *message;  /* printf format: "%s" the element's name, then "%s"
				 the value as written (escaped for display) */
};

enum { ABSENT_QUIET, ABSENT_REPORTED };

/* Reports the setting's rule when e's attribute holds the insecure value
 * (HC0005 when it holds no valid one). */
void check_attr(struct lint *l, const struct element *e, const void *arg);

/* Reports HC0005 for an attribute whose value the configuration system
 * rejects.  expected says what would be accepted ("false, true", "an
 * unsigned decimal number"); syntax says which system reads it, for the
 * consequence the message names. */
void lint_invalid(struct lint *l, const struct element *e, const struct xml_attr *a,
		  const char *expected, enum value_syntax syntax);

/* The same, expecting one of the syntax's choices. */
void lint_invalid_value(struct lint *l, const struct element *e, const struct xml_attr *a,
			enum value_syntax syntax, const char *choices);

/* What reading an attribute can give besides a choice. */
enum { ATTR_ABSENT = -1, ATTR_INVALID = -2 };

/* Reads attribute name of e in the syntax: the index of its choice,
 * ATTR_ABSENT, or ATTR_INVALID after reporting HC0005.  *out (if given) gets
 * the attribute or NULL. */
int lint_choice(struct lint *l, const struct element *e, const char *name, enum value_syntax syntax,
		const char *choices, const struct xml_attr **out);

/* Reads an IIS flags attribute (names from choices) into *mask: 0,
 * ATTR_ABSENT, or ATTR_INVALID after reporting HC0005. */
int lint_flags(struct lint *l, const struct element *e, const char *name, const char *choices,
	       const struct xml_attr **out, unsigned *mask);

#endif
