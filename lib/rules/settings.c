/*
 * settings.c - the setting rules of model/settings.def: each row is a
 * struct setting, and the hook that dispatches it is generated from the
 * same row, so a rule of this kind lives in one place.
 */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/facts.h"
#include "scan/linter.h"

#include <stdio.h>

#define SETTING(id, name, kinds, path, attr, syntax, choices, insecure, deflt, absent, fix, \
		message)                                                                    \
	static const struct setting name = {RULE_##id, kinds,           path,     attr,     \
					    syntax,    choices,         insecure, deflt,    \
					    absent,    FACT_ROW_##name, fix,      message};
#include "model/settings.def"
#undef SETTING

/* The element says nothing of the attribute, and no element above it
 * (resolve/facts.h) did: the default applies, and it is the insecure value.
 * Reported once, at the topmost such element: a child writing the element
 * without the attribute inherits what was judged above. */
static void check_absent(struct lint *l, const struct element *e, const struct setting *c)
{
	char message[512];

	if (c->absent != ABSENT_REPORTED || element_attr(l, e, c->attr) || lint_is_context(l) ||
	    lint_is_transform(l) || lint_in_path_location(l) || fact_of(l, c->fact)->seen)
		return;
	/* The row's message, as if the default had been written. */
	snprintf(message, sizeof message, c->message, e->name, c->deflt);
	lint_report(l, c->rule, at_element(e), "%s has no %s, and its default is \"%s\": %s",
		    e->name, c->attr, c->deflt, message);
}

static void check_row(struct lint *l, const struct element *e, const void *arg)
{
	check_attr(l, e, arg);
	check_absent(l, e, arg);
}

static const struct hook hooks[] = {
#define SETTING(id, name, kinds, path, ...) {path, kinds, check_row, NULL, &name},
#include "model/settings.def"
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
	.hook_enabled = hook_enabled,
};
