/* rules_aspnet.c - ASP.NET settings (system.web and friends), HC1xxx. */
#include "lint.h"

#define ASPNET (K_M | K_R | K_W)

static const struct attr_check compilation_debug = {
	.rule = RULE_HC1001,
	.attr = "debug",
	.syntax = VALUE_NET_BOOL,
	.insecure = "true",
	.message = "%s debug=\"%s\" compiles with debug symbols and disables request timeouts; "
		   "set debug=\"false\" for production",
};

static const struct attr_check custom_errors_mode = {
	.rule = RULE_HC1002,
	.attr = "mode",
	.syntax = VALUE_NET_ENUM,
	.choices = "RemoteOnly|On|Off",
	.insecure = "Off",
	.message =
		"%s mode=\"%s\" shows detailed ASP.NET errors with stack traces to remote clients; "
		"set mode=\"RemoteOnly\" or \"On\"",
};

static const struct hook hooks[] = {
	{"system.web/compilation", ASPNET, check_attr, NULL, &compilation_debug},
	{"system.web/customErrors", ASPNET, check_attr, NULL, &custom_errors_mode},
};

const struct family family_aspnet = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
};
