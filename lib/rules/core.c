/*
 * core.c - switches that weaken an ASP.NET application without a setting
 * of its own, HC1030-HC1034: ASP.NET Core's environment variables in
 * <aspNetCore>, appSettings keys that ASP.NET reads as compatibility
 * switches, AppContext switches, and Telerik UI registered without its keys.
 *
 * (HC1031, aspNetCore stdoutLogEnabled, is one attribute: a row of
 * settings.def.)
 */
#include "rules/families.h"
#include "rules/keys.h"

#include "util/util.h"
#include "util/value.h"

#include <string.h>

struct core_state {
	/* HC1034: the first Telerik handler registered, and which of its keys
	 * appSettings set (bit i: telerik_keys[i]). */
	int telerik;
	struct anchor telerik_at;
	unsigned telerik_keys_seen;
};

static struct core_state *state(struct lint *l)
{
	return lint_state(l, &family_core);
}

static int same_name(const struct xml_attr *a, const char *name)
{
	return a && a->value_len == strlen(name) &&
	       ascii_ncasecmp(a->value, name, a->value_len) == 0;
}

/* ---- HC1030: ASP.NET Core in Development ------------------------------------
 * Environment variable names are not case-sensitive on Windows; the host
 * compares the environment's name without case (IsDevelopment) and reads
 * DetailedErrors as "true" or "1" in any case, neither trimmed. */

static void environment_variable(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *name = element_attr(l, e, "name"),
			      *value = element_attr(l, e, "value");
	char shown[64];
	(void)arg;

	if (!name || !value)
		return;
	str_display(shown, sizeof shown, name->value, name->value_len);
	if ((same_name(name, "ASPNETCORE_ENVIRONMENT") || same_name(name, "DOTNET_ENVIRONMENT")) &&
	    same_name(value, "Development"))
		lint_report(l, RULE_HC1030, at_attr(e, "value"),
			    "environmentVariable %s=\"Development\" runs the application as on a "
			    "developer's machine: the developer exception page shows stack traces, "
			    "source and request data to every client; set value=\"Production\" or "
			    "remove the variable",
			    shown);
	else if (same_name(name, "ASPNETCORE_DETAILEDERRORS") &&
		 (same_name(value, "true") || same_name(value, "1")))
		lint_report(l, RULE_HC1030, at_attr(e, "value"),
			    "environmentVariable %s=\"%s\" shows clients the details of errors "
			    "while the application starts; remove the variable",
			    shown, value->value_len == 1 ? "1" : "true");
}

/* ---- HC1032, HC1033: appSettings switches; HC1034's keys -------------------- */

/* The appSettings keys ASP.NET reads as compatibility switches, and the
 * rule each serves when set to true. */
static const struct {
	const char *key;
	enum rule_id rule;
	const char *why;
} switches[] = {
	{"aspnet:AllowInsecureDeserialization", RULE_HC1032,
	 "lets pages turn off the view state MAC, so ASP.NET deserializes view state a client "
	 "wrote (remote code execution)"},
	{"aspnet:UseLegacyEncryption", RULE_HC1033,
	 "brings back the encryption ASP.NET used before the padding-oracle fixes (MS10-070)"},
	{"aspnet:UseLegacyMachineKeyEncryption", RULE_HC1033,
	 "brings back machineKey encryption as it was before ASP.NET 4.5"},
	{"aspnet:UseLegacyFormsAuthenticationTicketCompatibility", RULE_HC1033,
	 "brings back the forms authentication ticket format that ASP.NET 4.5 replaced"},
};

static void app_setting(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *key = element_attr(l, e, "key"),
			      *value = element_attr(l, e, "value");
	int telerik;
	(void)arg;

	if (!key)
		return;
	telerik = telerik_key(key->value, key->value_len);
	if (telerik) {
		state(l)->telerik_keys_seen |= 1u << (telerik - 1);
		return;
	}
	if (!value || key->value_len < 7 || ascii_ncasecmp(key->value, "aspnet:", 7) != 0)
		return;
	for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++)
		if (same_name(key, switches[i].key) &&
		    value_choice(VALUE_NET_BOOL, NULL, value->value, value->value_len) == 1)
			lint_report(l, switches[i].rule, at_attr(e, "value"),
				    "appSettings key \"%s\" set to true %s; remove the key or set "
				    "value=\"false\"",
				    switches[i].key, switches[i].why);
}

/* ---- HC1033: AppContext switches -------------------------------------------
 * value="Name=true;Name2=false": pairs separated by ';', each value read
 * as a .NET boolean; switch names are compared as written. */

static void app_context_switches(struct lint *l, const struct element *e, const void *arg)
{
	static const char *const weak[] = {"Switch.System.Net.DontEnableSchUseStrongCrypto",
					   "Switch.System.Net.DontEnableSystemDefaultTlsVersions"};
	const struct xml_attr *a = element_attr(l, e, "value");
	const char *p, *end;
	(void)arg;

	if (!a)
		return;
	for (p = a->value, end = a->value + a->value_len; p < end;) {
		const char *pair_end = memchr(p, ';', (size_t)(end - p)), *eq;
		const char *name = p;
		size_t name_len;

		if (!pair_end)
			pair_end = end;
		eq = memchr(p, '=', (size_t)(pair_end - p));
		p = pair_end + 1;
		if (!eq)
			continue;
		name_len = (size_t)(eq - name);
		value_trim(&name, &name_len);
		for (size_t i = 0; i < 2; i++)
			if (name_len == strlen(weak[i]) && memcmp(name, weak[i], name_len) == 0 &&
			    value_choice(VALUE_NET_BOOL, NULL, eq + 1,
					 (size_t)(pair_end - eq - 1)) == 1)
				lint_report(
					l, RULE_HC1033, at_attr(e, "value"),
					"AppContextSwitchOverrides turns on %s: %s; remove the "
					"switch, or set it to false",
					weak[i],
					i == 0 ? "the application may negotiate SSL 3.0 and weak "
						 "ciphers"
					       : "the application pins old TLS versions instead of "
						 "those the operating system allows");
	}
}

/* ---- HC1034: Telerik UI without its keys ------------------------------------ */

/* Whether a handler registration is Telerik UI's web resource handler:
 * its type is Telerik.Web.UI.WebResource (perhaps assembly-qualified), or
 * its path is Telerik.Web.UI.WebResource.axd. */
static void handler(struct lint *l, const struct element *e, const void *arg)
{
	static const char type_name[] = "Telerik.Web.UI.WebResource";
	const struct xml_attr *type = element_attr(l, e, "type"),
			      *path = element_attr(l, e, "path");
	const size_t m = sizeof type_name - 1;
	const char *v;
	size_t n;
	int telerik = same_name(path, "Telerik.Web.UI.WebResource.axd");
	(void)arg;

	if (!telerik && type) {
		v = type->value;
		n = type->value_len;
		value_trim(&v, &n);
		telerik = n >= m && memcmp(v, type_name, m) == 0 && (n == m || v[m] == ',');
	}
	if (telerik && !state(l)->telerik) {
		state(l)->telerik = 1;
		state(l)->telerik_at = at_element(e);
	}
}

static void finish(struct lint *l)
{
	struct core_state *s = state(l);
	char missing[160] = "";
	size_t n_missing = 0;

	if (!s->telerik || lint_is_transform(l))
		return;
	for (size_t i = 0; i < N_TELERIK_KEYS; i++) {
		if (s->telerik_keys_seen & (1u << i))
			continue;
		if (n_missing++)
			strncat(missing, ", ", sizeof missing - strlen(missing) - 1);
		strncat(missing, telerik_keys[i], sizeof missing - strlen(missing) - 1);
	}
	if (n_missing)
		lint_report(
			l, RULE_HC1034, s->telerik_at,
			"Telerik UI's handler is registered but appSettings lack %s: the "
			"controls use published default keys, with which attackers upload "
			"files and run code (CVE-2017-11317, CVE-2019-18935); add each key with "
			"a long random value and update Telerik UI",
			missing);
}

/* ---- Hooks ------------------------------------------------------------------ */

#define K_NET (K_M | K_R | K_W)
static const struct hook hooks[] = {
	{"system.webServer/aspNetCore/environmentVariables/environmentVariable", K_A | K_W,
	 environment_variable, NULL, NULL},
	{"appSettings/add", K_NET, app_setting, NULL, NULL},
	{"runtime/AppContextSwitchOverrides", K_NET, app_context_switches, NULL, NULL},
	{"system.webServer/handlers/add", K_W, handler, NULL, NULL},
	{"system.web/httpHandlers/add", K_W, handler, NULL, NULL},
};

const struct family family_core = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct core_state),
	.finish = finish,
};
