/*
 * settings.c - the setting rules of rules/settings.def: each row is a
 * struct setting, and the hook that dispatches it is generated from the
 * same row, so a rule of this kind lives in one place.
 */
#include "rules/families.h"
#include "rules/read.h"

#include "scan/linter.h"

#include <stdio.h>

/* The rows' indexes. */
enum {
#define SETTING(id, name, ...) ROW_##name,
#include "rules/settings.def"
#undef SETTING
	N_ROWS
};

#define SETTING(id, name, kinds, path, attr, syntax, choices, insecure, deflt, absent, fix, \
		message)                                                                    \
	static const struct setting name = {                                                \
		RULE_##id, kinds, path,   attr,       syntax, choices,                      \
		insecure,  deflt, absent, ROW_##name, fix,    message};
#include "rules/settings.def"
#undef SETTING

/* Which rows were judged above the element now seen: their element was
 * written in a parent (where it reaches the file) or earlier at the top
 * level of this file.  Carried from parent to child, as attributes are
 * inherited: a child that writes the element without the attribute
 * inherits the value above, or the default, whose absence was reported
 * where the element was first written. */
struct settings_state {
	unsigned char judged[N_ROWS];
};

static struct settings_state *state(struct lint *l)
{
	return lint_state(l, &family_settings);
}

/* The element says nothing of the attribute, and nothing above it did:
 * the default applies, and it is the insecure value. */
static void check_absent(struct lint *l, const struct element *e, const struct setting *c)
{
	struct settings_state *s = state(l);
	char message[512];

	if (c->absent != ABSENT_REPORTED || lint_is_transform(l) || lint_in_path_location(l))
		return;
	if (!s->judged[c->row] && !element_attr(l, e, c->attr) && !lint_is_context(l)) {
		/* The row's message, as if the default had been written. */
		snprintf(message, sizeof message, c->message, e->name, c->deflt);
		lint_report(l, c->rule, at_element(e),
			    "%s has no %s, and its default is \"%s\": %s", e->name, c->attr,
			    c->deflt, message);
	}
	s->judged[c->row] = 1;
}

static void check_row(struct lint *l, const struct element *e, const void *arg)
{
	check_attr(l, e, arg);
	check_absent(l, e, arg);
}

static const struct hook hooks[] = {
#define SETTING(id, name, kinds, path, ...) {path, kinds, check_row, NULL, &name},
#include "rules/settings.def"
#undef SETTING
};

/* Each row serves its rule, and HC0005 for a value its configuration system
 * rejects: with both off it costs no dispatch. */
static int hook_enabled(const struct hook *h, const struct hardconf_linter *linter)
{
	const struct setting *c = h->arg;
	return linter->enabled[c->rule] || linter->enabled[RULE_HC0005];
}

const struct family family_settings = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct settings_state),
	.hook_enabled = hook_enabled,
	.chained = 1,
};
