/*
 * settings.c - the setting rules of rules/settings.def: each row is a
 * struct setting, and the hook that dispatches it is generated from the
 * same row, so a rule of this kind lives in one place.
 */
#include "rules/families.h"
#include "rules/read.h"

#include "scan/linter.h"

#define SETTING(id, name, kinds, path, attr, syntax, choices, insecure, deflt, fix, message) \
	static const struct setting name = {RULE_##id, kinds,    path,  attr, syntax,        \
					    choices,   insecure, deflt, fix,  message};
#include "rules/settings.def"
#undef SETTING

static const struct hook hooks[] = {
#define SETTING(id, name, kinds, path, ...) {path, kinds, check_attr, NULL, &name},
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
	.hook_enabled = hook_enabled,
};
