/* rules_ssrs.c - SSRS rsreportserver.config, HC4xxx. */
#include "lint.h"

static const struct hook hooks[] = {
	{"", 0, NULL, NULL, NULL},
};

const struct family family_ssrs = {
	.hooks = hooks,
	.n_hooks = 0,
};
