/*
 * framework.c - the .NET Framework an application is built for, as far as
 * its configuration says: resolved across the chain (a parent's
 * targetFramework or assemblies speak for the files below), read by the
 * rules whose advice depends on it (HC1019).
 */
#include "resolve/framework.h"

#include "util/value.h"

#include <string.h>

#define ASPNET (K_M | K_R | K_W)
#define WEB "system.web/"

const struct framework *framework_of(struct lint *l)
{
	return lint_state(l, &family_framework);
}

/* What tells the framework: targetFramework="4.x" (on <compilation> or
 * <httpRuntime>, which exist only from 4.0), supportedRuntime, and the
 * framework's own assemblies named in types and assembly lists: System,
 * System.Web 2.0 or 4.0, System.Core 3.5 or 4.0, System.Web.Extensions 1.0
 * (ASP.NET AJAX for 2.0), 3.5 or 4.0, where a name starts (not inside
 * "MySystem, Version=2.0.0.0"). */
static const char *const framework_2[] = {"System, Version=2.0.0.0",
					  "System.Web, Version=2.0.0.0",
					  "System.Core, Version=3.5.0.0",
					  "System.Web.Extensions, Version=3.5.0.0",
					  "System.Web.Extensions, Version=1.0.61025.0",
					  NULL};
static const char *const framework_4[] = {"System, Version=4.0.0.0",
					  "System.Web, Version=4.0.0.0",
					  "System.Core, Version=4.0.0.0",
					  "System.Web.Extensions, Version=4.0.0.0",
					  "System.Configuration, Version=4.0.0.0",
					  NULL};

/* Whether one of names starts at v[i] (n bytes in all). */
static int names_one(const char *v, size_t n, size_t i, const char *const *names)
{
	for (; *names; names++) {
		size_t m;
		if (v[i] != (*names)[0])
			continue;
		m = strlen(*names);
		if (m <= n - i && memcmp(v + i, *names, m) == 0)
			return 1;
	}
	return 0;
}

/* The assemblies of 2.0/3.5 and of 4 that v names, where a name starts:
 * one pass over the value, whatever its length. */
static void assemblies_in(struct framework *s, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i - 1] != ' ' && v[i - 1] != ',')
			continue;
		s->framework_2 |= names_one(v, n, i, framework_2);
		s->framework_4 |= names_one(v, n, i, framework_4);
	}
}

static void framework_version(struct lint *l, const struct element *e, const void *arg)
{
	struct framework *s = lint_state(l, &family_framework);
	const struct xml_attr *a = element_attr(l, e, (const char *)arg);
	unsigned major, minor;
	const char *v;
	size_t n;

	if (!a)
		return;
	v = a->value;
	n = a->value_len;
	value_trim(&v, &n);
	if (strcmp((const char *)arg, "targetFramework") == 0 ||
	    strcmp((const char *)arg, "version") == 0) {
		if (n > 1 && (v[0] == 'v' || v[0] == 'V'))
			v++, n--;
		if (value_version(v, n, &major, &minor) == 0)
			s->framework_4 |= major >= 4, s->framework_2 |= major == 2;
		return;
	}
	assemblies_in(s, v, n);
}

static const struct hook hooks[] = {
	{"configSections/sectionGroup", ASPNET, framework_version, NULL, "type"},
	{"configSections/section", ASPNET, framework_version, NULL, "type"},
	{"startup/supportedRuntime", ASPNET, framework_version, NULL, "version"},
	{"system.codedom/compilers/compiler", ASPNET, framework_version, NULL, "type"},
	{WEB "compilation", ASPNET, framework_version, NULL, "targetFramework"},
	{WEB "httpRuntime", ASPNET, framework_version, NULL, "targetFramework"},
	{WEB "compilation/assemblies/add", ASPNET, framework_version, NULL, "assembly"},
	{WEB "httpModules/add", ASPNET, framework_version, NULL, "type"},
	{WEB "httpHandlers/add", ASPNET, framework_version, NULL, "type"},
	{"system.webServer/modules/add", ASPNET, framework_version, NULL, "type"},
	{"system.webServer/handlers/add", ASPNET, framework_version, NULL, "type"},
};

const struct family family_framework = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct framework),
	.chained = 1,
};
