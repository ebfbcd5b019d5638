/* rules_aspnet.c - ASP.NET settings (system.web and friends), HC1xxx. */
#include "lint.h"

#define ASPNET (K_M | K_R | K_W)

static const struct attr_check compilation_debug = {
	RULE_HC1001, "debug", VALUE_NET_BOOL, NULL, "true",
	"%s debug=\"%s\" compiles with debug symbols and disables request timeouts; "
	"set debug=\"false\" for production"};

static const struct attr_check custom_errors_mode = {
	RULE_HC1002, "mode", VALUE_NET_ENUM, "RemoteOnly|On|Off", "Off",
	"%s mode=\"%s\" shows detailed ASP.NET errors with stack traces to remote clients; "
	"set mode=\"RemoteOnly\" or \"On\""};

static const struct hook hooks[] = {
	{"system.web/compilation", ASPNET, check_attr, NULL, &compilation_debug},
	{"system.web/customErrors", ASPNET, check_attr, NULL, &custom_errors_mode},
};

const struct family family_aspnet = {hooks, sizeof hooks / sizeof hooks[0], NULL};
