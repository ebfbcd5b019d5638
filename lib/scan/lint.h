/*
 * lint.h - what rule families see of a lint call: the hooks they register,
 * the element and the context they are called in, and how they report.
 *
 * The scanner (scan.c) streams SAX events, tracks the element path with
 * <location> wrappers made transparent, and dispatches each element to the
 * hooks registered for its path.  Hooks read attributes and report
 * findings; a finding is kept where it was found, and located, suppressed
 * and sorted in the report stage (report/finish.c).
 */
#ifndef HC_LINT_H
#define HC_LINT_H

#include "hardconf.h"
#include "model/rules.h"
#include "scan/xml.h"
#include "util/value.h"

#include <stddef.h>
#include <stdint.h>

struct lint;

/* Where a finding points: an element's start tag, and one of its attributes
 * (name as written), or the element itself when attr is NULL.  Plain data,
 * so a rule can keep it and report at the end of the file. */
struct anchor {
	size_t tag_end;
	const char *attr; /* static string */
	uint64_t shape;   /* the element's (struct element.shape) */
};

/* A hook runs for every element whose path (root excluded, <location>
 * transparent, e.g. "system.web/compilation") equals path, in files of the
 * given kinds (0: any).  A path ending in "*" ("system.web/" followed by "*", or "*" for
 * the root's children) matches every child of that element, and a "*"
 * between two names ("a/" "*" "/b") matches b under any child of a; "location"
 * matches the <location> elements themselves.  In Setup XML paths are
 * matched in lower case. */
struct hook {
	const char *path;
	unsigned kinds;
	void (*start)(struct lint *l, const struct element *e, const void *arg);
	void (*end)(struct lint *l, const void *arg);
	const void *arg;
};

/* A family of rules: its hooks; what runs when a scope ends (a <location>
 * closes, or the root scope at the end of a well-formed file), for rules
 * that combine settings of one scope; and what runs once the whole file was
 * seen (only for well-formed files: rules that depend on absence need it). */
struct family {
	const struct hook *hooks;
	size_t n_hooks;
	size_t state_size;               /* per-call state, zeroed; see lint_state() */
	void (*init_state)(void *state); /* optional: non-zero defaults */
	void (*free_state)(void *state); /* optional: what the state owns */
	void (*end_scope)(struct lint *l);
	void (*finish)(struct lint *l);
	/* Optional: sees every element (not only hooked paths), but only in a
	 * chain, where the parents' elements matter (locks). */
	void (*element)(struct lint *l, const struct element *e);
	/* Non-zero: the state carries from a parent to its child, because it
	 * describes inherited settings.  Otherwise it starts afresh in each
	 * file (duplicates in one file, secrets as written). */
	int chained;
	/* Optional, for a chained family whose state owns memory: copies src
	 * into dst (zeroed) for a call that starts where another stopped.
	 * Returns 0, or -1 when memory ran out (dst is then freed as usual).
	 * Without it the state is copied byte for byte. */
	int (*clone_state)(void *dst, const void *src);
	/* Non-zero: the family reads secrets as written, and alone runs where
	 * only secrets are read (another configuration's transform, a
	 * transform's origins). */
	int secrets;
	/* Non-zero: its end hooks read the element's text (lint_element_text());
	 * the text of other elements is not kept. */
	int reads_text;
	/* Optional data built once per linter and shared by every call and
	 * thread (compiled patterns); see lint_shared().  shared_new returns
	 * NULL when memory runs out; anything it builds later must be built
	 * thread-safely. */
	void *(*shared_new)(const struct hardconf_linter *linter);
	/* Optional: whether a hook is wanted by the linter (a hook that serves
	 * one rule is left out of the index when the rule is off). */
	int (*hook_enabled)(const struct hook *h, const struct hardconf_linter *linter);
	void (*shared_free)(void *shared);
};

/* The most families a linter has (api/linter.c lists them). */
#define MAX_FAMILIES 24

/* The attribute of e with this name (no prefix), or NULL.  Names compare
 * case-sensitively, except in Setup XML. */
const struct xml_attr *element_attr(const struct lint *l, const struct element *e,
				    const char *name);

/* The attribute's value trimmed and made printable (util.h's str_display)
 * into buf (size bytes; "" when absent).  Returns whether it is there. */
int element_attr_text(const struct lint *l, const struct element *e, const char *name, char *buf,
		      size_t size);

/* The report functions are declared cold: a finding is rare beside the
 * elements a file has, and the compiler then keeps the code that reports
 * out of the way of the hooks' common path (1% of a 50k-site file).
 *
 * Reports a finding for rule at the anchor.  The message gets the current
 * <location> as a prefix.  Does nothing for a disabled rule or a rule that
 * does not apply to the file's kind. */
void lint_report(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), cold));

/* The same at a byte offset of the text (a comment, not an element). */
void lint_report_offset(struct lint *l, enum rule_id rule, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), cold));

/* The same, graded at most a note: for the milder values of a rule (a rule
 * re-graded below note by the user stays there). */
void lint_report_note(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), cold));

/* The same for a finding decided after its <location> closed: location is
 * what lint_location() said while it was open. */
void lint_report_in(struct lint *l, const char *location, enum rule_id rule, struct anchor at,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6), cold));

/* Offers a mechanical fix for the finding of rule reported last, if it
 * was kept after the call had before findings (so a disabled rule offers
 * nothing):
 * its attribute set to value, or removed when remove (value: the secure
 * default, written instead where removing would not do, in a transform).
 * value is static.  The anchor must name the attribute. */
void lint_offer_fix(struct lint *l, size_t before, enum rule_id rule, const char *value, int remove)
	__attribute__((cold));

/* How many findings the call holds so far (for lint_offer_fix()). */
size_t lint_findings(const struct lint *l);

/* The current <location> as messages show it ("<location path=\"x\">"), or
 * "" outside one.  Valid until the location closes. */
const char *lint_location(const struct lint *l);

/* Anchors for the element itself, or one of its attributes. */
static inline struct anchor at_element(const struct element *e)
{
	return (struct anchor){e->tag_end, NULL, e->shape};
}

static inline struct anchor at_attr(const struct element *e, const char *attr)
{
	return (struct anchor){e->tag_end, attr, e->shape};
}

/* The kind of the file being linted. */
hardconf_kind lint_kind(const struct lint *l);

/* The scope settings belong to: 0 outside any <location>, 1 inside one. */
int lint_scope(const struct lint *l);

/* Non-zero inside a <location> whose path names something below the
 * current level (not absent, "" or "."). */
int lint_in_path_location(const struct lint *l);

/* Non-zero in a web.config transform (Web.Release.config): the root
 * declares the XDT namespace.  Its elements are edits, not a configuration:
 * duplicates are normal, and absent settings are not defaults.  Elements
 * marked xdt:Transform="Remove...", and what they contain, only name what
 * is taken away: no hook sees them. */
int lint_is_transform(const struct lint *l);

/* In an end hook: the text directly inside the closing element (its
 * children's text excluded, entities decoded, at most the linter's maximum
 * value length), and its length.  Collected only for elements that have
 * an end hook of a family that says it reads text (family.reads_text);
 * valid during the end hook. */
const char *lint_element_text(const struct lint *l, size_t *len);

/* The root element, for findings about what a file lacks. */
struct anchor lint_root_anchor(const struct lint *l);

/* From now on in this call, findings of rule are at most notes, and their
 * message ends with why (e.g. "; <deployment retail=...> in ... overrides
 * it").  Returns 0, or -1 after lint_out_of_memory(). */
int lint_downgrade(struct lint *l, enum rule_id rule, const char *why);

/* Non-zero while a parent of the file linted is read: its findings are
 * not reported, what it sets is what the file inherits. */
int lint_is_context(const struct lint *l);

/* Non-zero while a server-wide parent is read (machine.config, root
 * web.config, applicationHost.config: not a web.config in a folder above
 * the file): it does not answer for what the application's file lacks. */
int lint_is_server_context(const struct lint *l);

/* The current element's path (as hooks are keyed). */
const char *lint_path(const struct lint *l);

/* Says memory ran out: the call ends with HARDCONF_ENOMEM, no report. */
void lint_out_of_memory(struct lint *l) __attribute__((cold));

/* The call ends with status (a HARDCONF_E* code), no report. */
void lint_fail(struct lint *l, int status) __attribute__((cold));

/* The linter's shared data of a family (see shared_new), or NULL. */
void *lint_shared(const struct lint *l, const struct family *f);

/* Non-zero when rule is enabled in the linter of this call. */
int lint_enabled(const struct lint *l, enum rule_id rule);

/* Whether a list of candidates judged at the end of the file, holding
 * kept of them, may keep one more: no more than the file can report
 * (max_findings, and one past it for the finding that says so), so that
 * memory does not grow with the file. */
int lint_keeps(const struct lint *l, size_t kept);

/* Non-zero once the file has ended (a limit, the work budget, the findings'
 * cap): the rest of it is not linted, so a hook looping over many
 * attributes may stop. */
int lint_stopped(const struct lint *l);

/* The per-call state of a family (state_size bytes), or NULL if it has none. */
void *lint_state(struct lint *l, const struct family *f);

#endif
