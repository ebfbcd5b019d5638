/*
 * lint.h - the state of one lint call, and what rule families see of it.
 *
 * The scanner (lint.c) streams SAX events, tracks the element path with
 * <location> wrappers made transparent, and dispatches each element to the
 * hooks registered for its path.  Hooks read attributes and report findings;
 * positions are computed only for findings.
 */
#ifndef HC_LINT_H
#define HC_LINT_H

#include "hardconf.h"
#include "rules.h"
#include "value.h"
#include "xml.h"

#include <stddef.h>

struct lint;

/* The element a hook is called for.  Valid during the call only. */
struct element {
	const char *name;
	const struct xml_attr *attrs;
	size_t n_attrs;
	size_t tag_end; /* byte offset just past the attributes */
};

/* Where a finding points: an element's start tag, and one of its attributes
 * (name as written), or the element itself when attr is NULL.  Plain data,
 * so a rule can keep it and report at the end of the file. */
struct anchor {
	size_t tag_end;
	const char *attr; /* static string */
};

/* A hook runs for every element whose path (root excluded, <location>
 * transparent, e.g. "system.web/compilation") equals path, in files of the
 * given kinds (0: any).  In Setup XML paths are matched in lower case. */
struct hook {
	const char *path;
	unsigned kinds;
	void (*start)(struct lint *l, const struct element *e, const void *arg);
	void (*end)(struct lint *l, const void *arg);
	const void *arg;
};

/* The common case, as data: an attribute whose value is checked against one
 * insecure value.  Used as the arg of a hook whose start is check_attr. */
struct attr_check {
	enum rule_id rule;
	const char *attr;
	enum value_syntax syntax;
	const char *choices;  /* valid names, '|'-separated (NULL for booleans) */
	const char *insecure; /* the choice that fires the rule */
	const char *message;  /* printf format; %s is the value as written */
};

void check_attr(struct lint *l, const struct element *e, const void *arg);

/* A family of rules: its hooks, and what runs once the whole file was seen
 * (only for well-formed files: rules that depend on absence need them). */
struct family {
	const struct hook *hooks;
	size_t n_hooks;
	void (*finish)(struct lint *l);
};

extern const struct family family_aspnet, family_iis, family_dynamics;

/* The attribute of e with this name (no prefix), or NULL.  Names compare
 * case-sensitively, except in Setup XML. */
const struct xml_attr *element_attr(const struct lint *l, const struct element *e,
				    const char *name);

/* Reports a finding for rule at the anchor.  The message gets the current
 * <location> as a prefix.  Does nothing for a disabled rule or a rule that
 * does not apply to the file's kind. */
void lint_report(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Reports HC0005 for an attribute whose value the configuration system
 * rejects. */
void lint_invalid_value(struct lint *l, const struct element *e, const struct xml_attr *a,
			enum value_syntax syntax, const char *choices);

/* The kind of the file being linted. */
hardconf_kind lint_kind(const struct lint *l);

/* The line an anchor points at (for messages that name another place). */
void lint_locate(struct lint *l, struct anchor at, unsigned *line);

/* Per-call state of the families that need more than one element. */
struct pool {
	struct anchor at; /* the <add> element, or its <processModel> */
	char name[64];
};

struct iis_state {
	struct pool *pools; /* pools that take their identity from the defaults */
	size_t n_pools, cap_pools;
	struct pool current;
	int in_pool, current_has_identity;
	int default_identity; /* index in identity choices, -1 if not set */
	struct anchor default_at;
};

void iis_state_free(struct iis_state *s);
struct iis_state *lint_iis(struct lint *l);

#endif
