/* rules_secrets.c - secrets in any configuration file, HC6xxx. */
#include "lint.h"

static const struct hook hooks[] = {
	{"", 0, NULL, NULL, NULL},
};

const struct family family_secrets = {
	.hooks = hooks,
	.n_hooks = 0,
};
