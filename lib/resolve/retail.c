/*
 * retail.c - <deployment retail="true"> in machine.config, as ASP.NET
 * resolves it: it turns debug compilation, tracing and detailed errors off
 * for every application on the server, whatever their web.config says.
 * What is left of those findings in the files below is a note that says so
 * (the call's downgrades).  Reading the value as written, invalid ones
 * included, is the rules' (rules/aspnet.c: HC0005, HC1005, HC1028).
 */
#include "resolve/retail.h"

#include "resolve/origin.h"
#include "util/value.h"

#include <stdio.h>

static void deployment_start(struct lint *l, const struct element *e, const void *arg)
{
	static const struct {
		enum rule_id rule;
		const char *effect;
	} overridden[] = {
		{RULE_HC1001, "debug compilation off on this server, but request timeouts stay "
			      "disabled while debug=\"true\": set it to false anyway"},
		{RULE_HC1002, "custom errors on for remote clients on this server"},
		{RULE_HC1003, "tracing off on this server"},
		{RULE_HC1004, "tracing off on this server"},
	};
	const struct xml_attr *a = element_attr(l, e, "retail");
	char place[256], why[512];
	(void)arg;

	/* allowDefinition="MachineOnly": only machine.config's own level. */
	if (!a || lint_in_path_location(l) || lint_is_transform(l) ||
	    value_choice(VALUE_NET_BOOL, NULL, a->value, a->value_len) != 1)
		return;
	lint_place(l, at_attr(e, "retail"), place, sizeof place);
	for (size_t i = 0; i < sizeof overridden / sizeof *overridden; i++) {
		snprintf(why, sizeof why, "; <deployment retail=\"true\"> (%s) turns %s", place,
			 overridden[i].effect);
		if (lint_downgrade(l, overridden[i].rule, why) != 0)
			return;
	}
}

static const struct hook hooks[] = {
	{"system.web/deployment", K_M, deployment_start, NULL, NULL},
};

const struct family family_retail = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.chained = 1,
};
