/* rules.c - the public rule metadata, severity and kind names. */
#include "model/rules.h"

#include "util/util.h"

#include <string.h>

#define SECURITY "security"
#define CORRECTNESS "correctness"
#define MAINTAINABILITY "maintainability"
#define VERY_HIGH "very-high"
#define HIGH "high"
#define MEDIUM "medium"
#define LOW "low"
#define FILES "file"
#define ASPNET "aspnet"
#define IIS "iis"
#define DYNAMICS "dynamics"
#define SSRS "ssrs"
#define BC "business-central"
#define SECRETS "secrets"

static const hardconf_rule rules[RULE_COUNT] = {
#define RULE(id, sev, kinds, opt_in, name, category, precision, family, cis, title, ref, help) \
	{#id,       title,  HARDCONF_SEVERITY_##sev,                                           \
	 kinds,     opt_in, help,                                                              \
	 ref,       name,   category,                                                          \
	 precision, family, cis},
#include "model/rules.def"
#undef RULE
};

const hardconf_rule *rule_meta(enum rule_id id)
{
	return &rules[id];
}

size_t hardconf_rule_count(void)
{
	return RULE_COUNT;
}

const hardconf_rule *hardconf_rule_at(size_t index)
{
	return index < RULE_COUNT ? &rules[index] : NULL;
}

const hardconf_rule *hardconf_rule_find(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (ascii_casecmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

const char *hardconf_severity_name(hardconf_severity severity)
{
	switch (severity) {
	case HARDCONF_SEVERITY_NOTE:
		return "note";
	case HARDCONF_SEVERITY_WARNING:
		return "warning";
	case HARDCONF_SEVERITY_ERROR:
		return "error";
	}
	return "unknown";
}

int hardconf_severity_parse(hardconf_severity *out, const char *name)
{
	if (!out || !name)
		return HARDCONF_EINVAL;
	for (int s = HARDCONF_SEVERITY_NOTE; s <= HARDCONF_SEVERITY_ERROR; s++) {
		if (name &&
		    ascii_casecmp(name, hardconf_severity_name((hardconf_severity)s)) == 0) {
			*out = (hardconf_severity)s;
			return HARDCONF_OK;
		}
	}
	return HARDCONF_ENOTFOUND;
}

static const char *const kind_names[] = {"unknown",    "machine",  "root-web", "web",
					 "apphost",    "crmsetup", "ssrs",     "bcserver",
					 "iisexpress", "bcsetup"};

const char *hardconf_kind_name(hardconf_kind kind)
{
	if ((unsigned)kind < sizeof kind_names / sizeof kind_names[0])
		return kind_names[kind];
	return "unknown";
}

int hardconf_kind_parse(hardconf_kind *out, const char *name)
{
	if (!out || !name)
		return HARDCONF_EINVAL;
	for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++) {
		if (name && ascii_casecmp(name, kind_names[k]) == 0) {
			*out = (hardconf_kind)k;
			return HARDCONF_OK;
		}
	}
	return HARDCONF_ENOTFOUND;
}
