/*
 * exposure.c - what a site shows that it should keep to itself: request
 * filtering's private folders and file types given up (HC2025, HC2026),
 * every character let into paths (HC1047), diagnostics sent to clients
 * (ELMAH HC1044, Glimpse HC1045, Dynamics 365 DevErrors HC1046), and the
 * role cookie left unprotected (HC1048), passwords handed back (HC1050).
 * The classic ASP settings and HC1049 are rows of settings.def.
 */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/collections.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define SHOWN 96

struct exposure_state {
	/* HC2025, HC2026: the first change reported, per collection */
	size_t segments_reported, extensions_reported;
	int unlisted_denied; /* the open fileExtensions has allowUnlisted="false" */
	/* HC1045 */
	int glimpse_seen, glimpse_on, local_ignored, module_seen;
	struct anchor glimpse_at, module_at;
	char policy[SHOWN];
};

static struct exposure_state *state(struct lint *l)
{
	return lint_state(l, &family_exposure);
}

static int equals_ci(const struct xml_attr *a, const char *s)
{
	return a->value_len == strlen(s) && ascii_ncasecmp(a->value, s, a->value_len) == 0;
}

static int starts_with(const struct xml_attr *a, const char *s)
{
	size_t n = strlen(s);
	return a->value_len >= n && memcmp(a->value, s, n) == 0;
}

/* What a collection gave up of a stock list (resolve/collections.h), in the
 * scope being scanned. */
struct exposed {
	char names[160];  /* "bin, App_Data and 3 more" */
	struct anchor at; /* the first change still in effect */
	size_t n;
};

static void note_exposed(struct exposed *x, const char *name, struct anchor at)
{
	size_t o = strlen(x->names);
	if (!x->n++ || at.tag_end < x->at.tag_end)
		x->at = at;
	if (x->n <= 4)
		snprintf(x->names + o, sizeof x->names - o, "%s%s", x->n > 1 ? ", " : "", name);
}

static void end_exposed(struct exposed *x)
{
	size_t o = strlen(x->names);
	if (x->n > 4)
		snprintf(x->names + o, sizeof x->names - o, " and %zu more", x->n - 4);
}

/* This file's <remove> of name, or a <clear/>, still in effect: the first
 * such change, or NULL. */
static const struct collection_removal *removal_of(const struct collection_view *v,
						   const char *name)
{
	for (size_t i = 0; i < v->n_removals; i++)
		if (!v->removals[i].key[0] || ascii_casecmp(v->removals[i].key, name) == 0)
			return &v->removals[i];
	return NULL;
}

/* ---- HC2025: hidden segments given up ------------------------------------------
 * A stock segment is given up where this file removed it (or cleared the
 * list) and nothing added it back. */

static void segments_end(struct lint *l, const void *arg)
{
	const struct collection_view *v = collection_view(l, COLLECTION_hidden_segments);
	struct exposure_state *s = state(l);
	struct exposed x = {0};
	(void)arg;

	size_t n;
	const char *const *stock = collection_keys(COLLECTION_hidden_segments, &n);
	for (size_t i = 0; i < n; i++) {
		const struct collection_removal *r = removal_of(v, stock[i]);
		if (r && !collection_find(v, stock[i]))
			note_exposed(&x, stock[i], r->at);
	}
	if (!x.n || x.at.tag_end == s->segments_reported)
		return;
	s->segments_reported = x.at.tag_end;
	end_exposed(&x);
	lint_report(l, RULE_HC2025, x.at,
		    "hiddenSegments no longer hides %s: IIS serves what these folders and files "
		    "hold (assemblies, data, configuration) wherever a handler will; keep the "
		    "stock hidden segments",
		    x.names);
}

/* ---- HC2026: denied extensions allowed -----------------------------------------
 * A stock extension is allowed where this file says allowed="true" for it,
 * or removed its entry (or cleared the list) and nothing added it back,
 * unless allowUnlisted="false" then denies what the list does not name. */

static void extensions_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "allowUnlisted");
	(void)arg;
	/* Read quietly: HC2010's row reports a value IIS rejects. */
	state(l)->unlisted_denied =
		a && value_choice(VALUE_IIS_BOOL, NULL, a->value, a->value_len) == 0;
}

static void extension_add(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	lint_choice(l, e, "allowed", VALUE_IIS_BOOL, NULL, NULL); /* HC0005 */
}

static void extensions_end(struct lint *l, const void *arg)
{
	const struct collection_view *v = collection_view(l, COLLECTION_file_extensions);
	struct exposure_state *s = state(l);
	struct exposed x = {0};
	(void)arg;

	size_t n;
	const char *const *stock = collection_keys(COLLECTION_file_extensions, &n);
	for (size_t i = 0; i < n; i++) {
		const struct collection_entry *entry = collection_find(v, stock[i]);
		const struct collection_removal *r = removal_of(v, stock[i]);
		if (entry && !entry->inherited &&
		    value_choice(VALUE_IIS_BOOL, NULL, entry->kept, strlen(entry->kept)) == 1)
			note_exposed(&x, stock[i], entry->kept_at);
		else if (!entry && r && !s->unlisted_denied)
			note_exposed(&x, stock[i], r->at);
	}
	if (!x.n || x.at.tag_end == s->extensions_reported)
		return;
	s->extensions_reported = x.at.tag_end;
	end_exposed(&x);
	lint_report(l, RULE_HC2026, x.at,
		    "fileExtensions allows %s, which IIS denies by default: source code, "
		    "configuration and database files become downloadable wherever a handler "
		    "serves them; keep them denied",
		    x.names);
}

/* ---- HC1047: no invalid path characters ------------------------------------------ */

static void http_runtime(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "requestPathInvalidCharacters");
	(void)arg;
	if (!a || a->value_len != 0)
		return;
	lint_report(l, RULE_HC1047, at_attr(e, a->name),
		    "%s requestPathInvalidCharacters=\"\" lets every character, < > * %% & : \\ ? "
		    "included, into request paths; remove the attribute to restore the default "
		    "list",
		    e->name);
}

/* ---- HC1044: ELMAH's log shown remotely ------------------------------------------
 * ELMAH reads the value as an XML boolean, or else as one of its words for
 * yes; surrounding white space is ignored. */

static void elmah_security(struct lint *l, const struct element *e, const void *arg)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	const struct xml_attr *a = element_attr(l, e, "allowRemoteAccess");
	struct xml_attr v;
	char shown[SHOWN];
	(void)arg;

	if (!a)
		return;
	v = *a;
	value_trim(&v.value, &v.value_len);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!equals_ci(&v, yes[i]))
			continue;
		str_display(shown, sizeof shown, a->value, a->value_len);
		lint_report(
			l, RULE_HC1044, at_attr(e, a->name),
			"%s allowRemoteAccess=\"%s\" lets remote clients browse elmah.axd: every "
			"logged error with its stack trace, form fields and cookies; set "
			"allowRemoteAccess=\"false\"",
			e->name, shown);
		return;
	}
}

/* ---- HC1046: Dynamics 365 DevErrors ----------------------------------------------- */

static void app_setting(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *k = element_attr(l, e, "key"), *v = element_attr(l, e, "value");
	struct xml_attr t;
	char shown[SHOWN];
	(void)arg;

	if (!k || !v || !equals_ci(k, "DevErrors"))
		return;
	t = *v;
	value_trim(&t.value, &t.value_len);
	if (!equals_ci(&t, "On"))
		return;
	str_display(shown, sizeof shown, v->value, v->value_len);
	lint_report(l, RULE_HC1046, at_attr(e, v->name),
		    "appSettings key \"DevErrors\" value=\"%s\" makes Dynamics 365 show exception "
		    "details and stack traces to every user; set value=\"Off\"",
		    shown);
}

/* ---- HC1045: Glimpse ------------------------------------------------------------------ */

static void glimpse_start(struct lint *l, const struct element *e, const void *arg)
{
	struct exposure_state *s = state(l);
	const struct xml_attr *a = element_attr(l, e, "defaultRuntimePolicy");
	struct xml_attr t;
	(void)arg;

	s->glimpse_seen = 1;
	s->glimpse_at = a ? at_attr(e, "defaultRuntimePolicy") : at_element(e);
	if (!a) {
		s->glimpse_on = 1;
		snprintf(s->policy, sizeof s->policy, "On");
		return;
	}
	t = *a;
	value_trim(&t.value, &t.value_len);
	s->glimpse_on = !equals_ci(&t, "Off");
	str_display(s->policy, sizeof s->policy, a->value, a->value_len);
}

static void glimpse_ignored(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "type");
	(void)arg;
	if (a && starts_with(a, "Glimpse.AspNet.Policy.LocalPolicy"))
		state(l)->local_ignored = 1;
}

static void glimpse_module(struct lint *l, const struct element *e, const void *arg)
{
	struct exposure_state *s = state(l);
	const struct xml_attr *a = element_attr(l, e, "type");
	(void)arg;
	if (!a || s->module_seen ||
	    (!starts_with(a, "Glimpse.AspNet.HttpModule") &&
	     !starts_with(a, "Glimpse.AspNet.HttpHandler")))
		return;
	s->module_seen = 1;
	s->module_at = at_element(e);
}

static void finish_glimpse(struct lint *l)
{
	struct exposure_state *s = state(l);
	const char *reach =
		s->local_ignored ? ", and the LocalPolicy that keeps them to requests from the "
				   "server itself is ignored, so every client gets them"
				 : "; only requests from the server itself get them while its "
				   "LocalPolicy stands, which a reverse proxy on the same machine "
				   "defeats";
	char msg[512];
	struct anchor at;

	if (s->glimpse_seen && s->glimpse_on) {
		at = s->glimpse_at;
		snprintf(msg, sizeof msg,
			 "glimpse defaultRuntimePolicy=\"%s\" turns Glimpse on: it shows "
			 "requests' configuration, SQL and session details%s; set "
			 "defaultRuntimePolicy=\"Off\" in production",
			 s->policy, reach);
	} else if (!s->glimpse_seen && s->module_seen && !lint_is_transform(l)) {
		at = s->module_at;
		snprintf(msg, sizeof msg,
			 "Glimpse is registered and no <glimpse> section sets "
			 "defaultRuntimePolicy, so it is On: Glimpse shows requests' "
			 "configuration, SQL and session details%s; add <glimpse "
			 "defaultRuntimePolicy=\"Off\"/> in production",
			 reach);
	} else {
		return;
	}
	if (s->local_ignored)
		lint_report(l, RULE_HC1045, at, "%s", msg);
	else
		lint_report_note(l, RULE_HC1045, at, "%s", msg);
}

/* ---- HC1048: role cookie protection ----------------------------------------------------- */

static void role_manager(struct lint *l, const struct element *e, const void *arg)
{
	enum { ALL, NONE, ENCRYPTION, VALIDATION };
	const struct xml_attr *a;
	char shown[SHOWN];
	int cached = lint_choice(l, e, "cacheRolesInCookie", VALUE_NET_BOOL, NULL, NULL);
	int protection = lint_choice(l, e, "cookieProtection", VALUE_NET_ENUM,
				     "All|None|Encryption|Validation", &a);
	(void)arg;

	if (cached != 1 || protection <= ALL)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	if (protection == NONE)
		lint_report(l, RULE_HC1048, at_attr(e, a->name),
			    "%s cookieProtection=\"%s\" neither encrypts nor signs the cookie that "
			    "caches users' roles, so a user can give themselves any role; set "
			    "cookieProtection=\"All\"",
			    e->name, shown);
	else
		lint_report_note(l, RULE_HC1048, at_attr(e, a->name),
				 "%s cookieProtection=\"%s\" %s the cookie that caches users' "
				 "roles; set cookieProtection=\"All\" to encrypt and sign it",
				 e->name, shown,
				 protection == ENCRYPTION ? "encrypts but does not sign"
							  : "signs but does not encrypt");
}

/* ---- HC1050: password retrieval ---------------------------------------------------
 * Only a reversible format can be retrieved: with Hashed (the providers'
 * default) SqlMembershipProvider refuses to start instead. */

static void membership_provider(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *format = element_attr(l, e, "passwordFormat"), *a;
	int retrieval = lint_choice(l, e, "enablePasswordRetrieval", VALUE_NET_BOOL, NULL, &a);
	/* Read quietly: HC1049's row reports a value the providers reject. */
	int f = format ? value_choice(VALUE_NET_ENUM, "Clear|Encrypted|Hashed", format->value,
				      format->value_len)
		       : -1;
	char shown[SHOWN];
	(void)arg;

	if (retrieval != 1 || (f != 0 && f != 1))
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC1050, at_attr(e, "enablePasswordRetrieval"),
		    "%s enablePasswordRetrieval=\"%s\" with passwordFormat=\"%s\" hands users' "
		    "passwords back to whoever answers the password question; set "
		    "enablePasswordRetrieval=\"false\", passwordFormat=\"Hashed\" and use password "
		    "reset",
		    e->name, shown, f == 0 ? "Clear" : "Encrypted");
}

/* ---- The family ---------------------------------------------------------------------- */

static void finish(struct lint *l)
{
	finish_glimpse(l);
}

#define FILTERING "system.webServer/security/requestFiltering/"

static const struct hook hooks[] = {
	{FILTERING "hiddenSegments", K_CONFIG, NULL, segments_end, NULL},
	{FILTERING "fileExtensions", K_CONFIG, extensions_start, extensions_end, NULL},
	{FILTERING "fileExtensions/add", K_CONFIG, extension_add, NULL, NULL},
	{"system.web/httpRuntime", K_CONFIG, http_runtime, NULL, NULL},
	{"system.web/roleManager", K_CONFIG, role_manager, NULL, NULL},
	{"system.web/membership/providers/add", K_CONFIG, membership_provider, NULL, NULL},
	{"elmah/security", K_CONFIG, elmah_security, NULL, NULL},
	{"appSettings/add", K_CONFIG, app_setting, NULL, NULL},
	{"glimpse", K_CONFIG, glimpse_start, NULL, NULL},
	{"glimpse/runtimePolicies/ignoredTypes/add", K_CONFIG, glimpse_ignored, NULL, NULL},
	{"system.webServer/modules/add", K_CONFIG, glimpse_module, NULL, NULL},
	{"system.web/httpModules/add", K_CONFIG, glimpse_module, NULL, NULL},
	{"system.webServer/handlers/add", K_CONFIG, glimpse_module, NULL, NULL},
	{"system.web/httpHandlers/add", K_CONFIG, glimpse_module, NULL, NULL},
};

const struct family family_exposure = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct exposure_state),
	.finish = finish,
};
