/* machinekey.c - the machineKey algorithms, HC1019 and HC1020 (ASP.NET).
 *
 * HMACSHA256 and stronger validation exist only from .NET Framework 4.0, so
 * the advice depends on the framework the application is built for, as far
 * as the file (or a parent) says before the <machineKey>. */
#include "rules/families.h"
#include "rules/read.h"

#include "util/util.h"
#include "util/value.h"

#include <string.h>

#define ASPNET (K_M | K_R | K_W)
#define SHOWN 96

/* What the file (or a parent) said of the .NET Framework it targets: a
 * version 4 targetFramework or assembly, or the 2.0/3.5 assemblies of an
 * older application. */
struct key_state {
	int framework_4, framework_2;
};

static struct key_state *state(struct lint *l)
{
	return lint_state(l, &family_machinekey);
}

static void show(char *buf, const struct xml_attr *a)
{
	str_display(buf, SHOWN, a->value, a->value_len);
}

/* ---- HC1019/HC1020: machineKey algorithms ------------------------------------------
 * Both attributes are trimmed, then matched case-sensitively; "alg:" names a
 * custom algorithm. */

static const char validations[] = "SHA1|MD5|3DES|AES|HMACSHA256|HMACSHA384|HMACSHA512";
static const char decryptions[] = "Auto|AES|3DES|DES";

enum { CUSTOM = 100 };

/* The choice of a machineKey attribute, CUSTOM for an "alg:" algorithm,
 * ATTR_ABSENT, or ATTR_INVALID (HC0005 reported). */
static int read_algorithm(struct lint *l, const struct element *e, const char *name,
			  const char *choices, const char *expected, const struct xml_attr **out)
{
	const struct xml_attr *a = element_attr(l, e, name);
	const char *v;
	size_t len;
	int choice;

	*out = a;
	if (!a)
		return ATTR_ABSENT;
	v = a->value;
	len = a->value_len;
	value_trim(&v, &len);
	if (len >= 4 && memcmp(v, "alg:", 4) == 0)
		return CUSTOM;
	choice = value_choice(VALUE_NET_ENUM, choices, v, len);
	if (choice < 0)
		lint_invalid_value(l, e, a, VALUE_NET_ENUM, expected);
	return choice < 0 ? ATTR_INVALID : choice;
}

static void machine_key_validation(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	int choice = read_algorithm(l, e, "validation", validations,
				    "SHA1|MD5|3DES|AES|"
				    "HMACSHA256|HMACSHA384|HMACSHA512|alg:<name>",
				    &a);
	char shown[SHOWN];
	const struct key_state *s = state(l);
	const char *what;
	(void)arg;

	if (choice < 0 || choice > 2)
		return;
	show(shown, a);
	what = choice == 2   ? "3DES mode whose integrity check is SHA1-based"
	       : choice == 1 ? "MD5-based MAC"
			     : "SHA1-based MAC";
	if (s->framework_2 && !s->framework_4)
		lint_report(
			l, RULE_HC1019, at_attr(e, "validation"),
			"%s validation=\"%s\" protects view state, forms tickets and other "
			"signed data with a legacy %s; this file is for .NET Framework 2.0-3.5, "
			"which has no HMACSHA256: %smove the application to .NET Framework 4.5 "
			"or later and set validation=\"HMACSHA256\"",
			e->name, shown, what,
			choice == 0 ? "" : "set validation=\"SHA1\" for now, then ");
	else
		lint_report(l, RULE_HC1019, at_attr(e, "validation"),
			    "%s validation=\"%s\" protects view state, forms tickets and other "
			    "signed data with a legacy %s; set validation=\"HMACSHA256\" or "
			    "stronger",
			    e->name, shown, what);
}

/* What tells the framework: targetFramework="4.x" (on <compilation> or
 * <httpRuntime>, which exist only from 4.0), supportedRuntime, and the
 * framework's own assemblies named in types and assembly lists: System,
 * System.Web 2.0 or 4.0, System.Core 3.5 or 4.0, System.Web.Extensions 1.0
 * (ASP.NET AJAX for 2.0), 3.5 or 4.0, where a name starts (not inside
 * "MySystem, Version=2.0.0.0"). */
static int has_text(const char *v, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if ((i == 0 || v[i - 1] == ' ' || v[i - 1] == ',') && memcmp(v + i, needle, m) == 0)
			return 1;
	return 0;
}

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

static void framework_version(struct lint *l, const struct element *e, const void *arg)
{
	struct key_state *s = state(l);
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
	for (size_t i = 0; framework_2[i]; i++)
		s->framework_2 |= has_text(v, n, framework_2[i]);
	for (size_t i = 0; framework_4[i]; i++)
		s->framework_4 |= has_text(v, n, framework_4[i]);
}

static void machine_key_decryption(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	int choice =
		read_algorithm(l, e, "decryption", decryptions, "Auto|AES|3DES|DES|alg:<name>", &a);
	char shown[SHOWN];
	(void)arg;

	if (choice != 2 && choice != 3)
		return;
	show(shown, a);
	lint_report(l, RULE_HC1020, at_attr(e, "decryption"),
		    "%s decryption=\"%s\" encrypts view state, forms tickets and other protected "
		    "data with a legacy cipher (%s); set decryption=\"AES\" or \"Auto\"",
		    e->name, shown, choice == 3 ? "56-bit key" : "64-bit blocks");
}

#define WEB "system.web/"

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
	{WEB "machineKey", ASPNET, machine_key_validation, NULL, NULL},
	{WEB "machineKey", ASPNET, machine_key_decryption, NULL, NULL},
};

const struct family family_machinekey = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct key_state),
	.chained = 1,
};
