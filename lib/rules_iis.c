/* rules_iis.c - IIS settings (applicationHost.config, system.webServer), HC2xxx. */
#include "lint.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

#define IIS (K_A | K_W)

static const struct attr_check http_errors_mode = {
	.rule = RULE_HC2001,
	.attr = "errorMode",
	.syntax = VALUE_IIS_ENUM,
	.choices = "DetailedLocalOnly|Custom|Detailed",
	.insecure = "Detailed",
	.message = "%s errorMode=\"%s\" sends detailed IIS error pages to remote clients; "
		   "set errorMode=\"DetailedLocalOnly\" or \"Custom\"",
};

static const struct attr_check kernel_mode = {
	.rule = RULE_HC2002,
	.attr = "useKernelMode",
	.syntax = VALUE_IIS_BOOL,
	.insecure = "false",
	.message = "%s useKernelMode=\"%s\" moves Windows authentication out of the kernel; "
		   "remove the attribute or set useKernelMode=\"true\"",
};

/* ---- Application pool identities (HC2003-HC2005) --------------------------
 * A pool's processModel@identityType, when absent, comes from
 * applicationPoolDefaults, which in the stock file follows the pools; so the
 * pools without an identity of their own are kept until the end of the file. */

struct pool {
	struct anchor at; /* the <add> element, or its <processModel> */
	char name[64];
};

struct iis_state {
	struct pool *pools; /* pools that take their identity from the defaults */
	size_t n_pools, cap_pools;
	struct pool current;
	int in_pool, current_has_identity;
	int default_identity; /* index in identities, -1 if not set */
	struct anchor default_at;
};

static struct iis_state *state(struct lint *l)
{
	return lint_state(l, &family_iis);
}

static const char identities[] =
	"LocalSystem|LocalService|NetworkService|SpecificUser|ApplicationPoolIdentity";
enum { ID_LOCAL_SYSTEM, ID_LOCAL_SERVICE, ID_NETWORK_SERVICE };

/* The rule an identity choice fires, or RULE_COUNT for a safe one. */
static enum rule_id identity_rule(int choice)
{
	switch (choice) {
	case ID_LOCAL_SYSTEM:
		return RULE_HC2004;
	case ID_LOCAL_SERVICE:
		return RULE_HC2005;
	case ID_NETWORK_SERVICE:
		return RULE_HC2003;
	}
	return RULE_COUNT;
}

static const char *identity_name(int choice)
{
	static const char *const names[] = {"LocalSystem", "LocalService", "NetworkService"};
	return names[choice];
}

/* Reads processModel@identityType: the choice, -1 when absent, -2 when invalid
 * (HC0005 reported). */
static int read_identity(struct lint *l, const struct element *e, const struct xml_attr **attr)
{
	const struct xml_attr *a = element_attr(l, e, "identityType");
	int choice;
	*attr = a;
	if (!a)
		return -1;
	choice = value_choice(VALUE_IIS_ENUM, identities, a->value, a->value_len);
	if (choice < 0) {
		lint_invalid_value(l, e, a, VALUE_IIS_ENUM, identities);
		return -2;
	}
	return choice;
}

static void pool_start(struct lint *l, const struct element *e, const void *arg)
{
	struct iis_state *s = state(l);
	const struct xml_attr *name = element_attr(l, e, "name");
	(void)arg;
	s->in_pool = 1;
	s->current_has_identity = 0;
	s->current.at = (struct anchor){e->tag_end, NULL};
	str_display(s->current.name, sizeof s->current.name, name ? name->value : "",
		    name ? name->value_len : 0);
}

static void pool_end(struct lint *l, const void *arg)
{
	struct iis_state *s = state(l);
	(void)arg;
	if (!s->in_pool)
		return;
	s->in_pool = 0;
	if (s->current_has_identity)
		return;
	if (s->n_pools == s->cap_pools) {
		size_t cap = s->cap_pools ? 2 * s->cap_pools : 16;
		struct pool *p = realloc(s->pools, cap * sizeof *p);
		if (!p)
			return; /* the finding is lost, not the run */
		s->pools = p;
		s->cap_pools = cap;
	}
	s->pools[s->n_pools++] = s->current;
}

static void pool_process_model(struct lint *l, const struct element *e, const void *arg)
{
	struct iis_state *s = state(l);
	const struct xml_attr *a;
	int choice = read_identity(l, e, &a);
	enum rule_id rule;
	(void)arg;

	if (!s->in_pool)
		return;
	if (choice == -1) {
		/* The nearest element that would carry the missing attribute. */
		s->current.at = (struct anchor){e->tag_end, NULL};
		return;
	}
	s->current_has_identity = 1;
	rule = choice >= 0 ? identity_rule(choice) : RULE_COUNT;
	if (rule != RULE_COUNT)
		lint_report(l, rule, (struct anchor){e->tag_end, a->name},
			    "application pool \"%s\" runs as %s (processModel identityType); "
			    "use identityType=\"ApplicationPoolIdentity\"",
			    s->current.name, identity_name(choice));
}

static void defaults_process_model(struct lint *l, const struct element *e, const void *arg)
{
	struct iis_state *s = state(l);
	const struct xml_attr *a;
	int choice = read_identity(l, e, &a);
	enum rule_id rule;
	(void)arg;

	if (choice < 0)
		return;
	s->default_identity = choice;
	/* a->name belongs to the parser; the anchor outlives it. */
	s->default_at = (struct anchor){e->tag_end, "identityType"};
	rule = identity_rule(choice);
	if (rule != RULE_COUNT)
		lint_report(
			l, rule, s->default_at,
			"applicationPoolDefaults processModel identityType=\"%s\" makes every pool "
			"without an identity of its own run as %s; use "
			"identityType=\"ApplicationPoolIdentity\"",
			identity_name(choice), identity_name(choice));
}

static void finish(struct lint *l)
{
	struct iis_state *s = state(l);
	enum rule_id rule;
	unsigned line;

	if (s->default_identity < 0 || s->n_pools == 0)
		return;
	rule = identity_rule(s->default_identity);
	if (rule == RULE_COUNT)
		return;
	lint_locate(l, s->default_at, &line);
	for (size_t i = 0; i < s->n_pools; i++)
		lint_report(l, rule, s->pools[i].at,
			    "application pool \"%s\" runs as %s, inherited from "
			    "applicationPoolDefaults "
			    "(line %u); set processModel identityType=\"ApplicationPoolIdentity\"",
			    s->pools[i].name, identity_name(s->default_identity), line);
}

static void init_state(void *p)
{
	struct iis_state *s = p;
	s->default_identity = -1;
}

static void free_state(void *p)
{
	struct iis_state *s = p;
	free(s->pools);
}

#define POOLS "system.applicationHost/applicationPools/"

static const struct hook hooks[] = {
	{"system.webServer/httpErrors", IIS, check_attr, NULL, &http_errors_mode},
	{"system.webServer/security/authentication/windowsAuthentication", IIS, check_attr, NULL,
	 &kernel_mode},
	{POOLS "add", K_A, pool_start, pool_end, NULL},
	{POOLS "add/processModel", K_A, pool_process_model, NULL, NULL},
	{POOLS "applicationPoolDefaults/processModel", K_A, defaults_process_model, NULL, NULL},
};

const struct family family_iis = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct iis_state),
	.init_state = init_state,
	.free_state = free_state,
	.finish = finish,
};
