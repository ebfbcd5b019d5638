/* rules_bc.c - Business Central / NAV server CustomSettings.config, HC5xxx. */
#include "lint.h"

static const struct hook hooks[] = {
	{"", 0, NULL, NULL, NULL},
};

const struct family family_bc = {
	.hooks = hooks,
	.n_hooks = 0,
};
