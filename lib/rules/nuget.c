/*
 * nuget.c - NuGet.Config's package source credentials (HC6008): a feed's
 * <add key="ClearTextPassword" value="..."/> keeps the feed's password or
 * access token as written, in a file committed beside the solution.  NuGet
 * also expands %VARIABLE% there, which is the way to keep it out.
 */
#include "rules/families.h"
#include "rules/secrets.h"

#include "util/util.h"
#include "util/value.h"

#include <string.h>

#define CREDENTIALS "packageSourceCredentials"

struct nuget_state {
	char source[64]; /* the open <packageSourceCredentials> child: the feed's name */
};

static struct nuget_state *state(struct lint *l)
{
	return lint_state(l, &family_nuget);
}

static void source_start(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	str_display(state(l)->source, sizeof state(l)->source, e->name, strlen(e->name));
}

static void credential(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *key = element_attr(l, e, "key"),
			      *value = element_attr(l, e, "value");
	const char *v;
	size_t n;
	char masked[64];
	(void)arg;

	if (!key || !value || key->value_len != 17 ||
	    ascii_ncasecmp(key->value, "ClearTextPassword", 17) != 0)
		return;
	v = value->value;
	n = value->value_len;
	value_trim(&v, &n);
	if (!secret_is_literal(l, v, n))
		return;
	secret_mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC6008, at_attr(e, "value"),
		    "package source \"%s\" keeps its password or access token in clear text "
		    "(ClearTextPassword, %s); write value=\"%%FEED_TOKEN%%\" and set the "
		    "variable where the build runs, or use a credential provider",
		    state(l)->source, masked);
}

static const struct hook hooks[] = {
	{CREDENTIALS "/*", K_CONFIG, source_start, NULL, NULL},
	{CREDENTIALS "/*/add", K_CONFIG, credential, NULL, NULL},
};

const struct family family_nuget = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct nuget_state),
	/* Read like every secret: also where only secrets are read. */
	.secrets = 1,
};
