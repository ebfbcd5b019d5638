/* machinekey.c - the machineKey algorithms, HC1019 and HC1020 (ASP.NET).
 *
 * HMACSHA256 and stronger validation exist only from .NET Framework 4.0, so
 * the advice depends on the framework the application is built for, as far
 * as the file (or a parent) says before the <machineKey> (resolve/framework.h). */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/framework.h"
#include "util/util.h"
#include "util/value.h"

#include <string.h>

#define ASPNET (K_M | K_R | K_W)
#define SHOWN 96

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
	const struct framework *fw = framework_of(l);
	const char *what;
	(void)arg;

	if (choice < 0 || choice > 2)
		return;
	show(shown, a);
	what = choice == 2   ? "3DES mode whose integrity check is SHA1-based"
	       : choice == 1 ? "MD5-based MAC"
			     : "SHA1-based MAC";
	if (fw->framework_2 && !fw->framework_4)
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
	{WEB "machineKey", ASPNET, machine_key_validation, NULL, NULL},
	{WEB "machineKey", ASPNET, machine_key_decryption, NULL, NULL},
};

const struct family family_machinekey = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
};
