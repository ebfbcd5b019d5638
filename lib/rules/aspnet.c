/* aspnet.c - ASP.NET settings (system.web and friends), HC1xxx. */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/facts.h"
#include "resolve/origin.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define ASPNET (K_M | K_R | K_W)

/* The rules that are one attribute against one insecure value (HC1001,
 * HC1002, HC1008-HC1012, HC1023, HC1026, HC1027, HC1029) are rows of
 * model/settings.def; the machineKey algorithms (HC1019, HC1020) are in
 * rules/machinekey.c. */

/* ---- Reading values --------------------------------------------------------- */

enum { NO, YES }; /* the choices of a boolean */

static int read_bool(struct lint *l, const struct element *e, const char *name,
		     const struct xml_attr **out)
{
	return lint_choice(l, e, name, VALUE_NET_BOOL, NULL, out);
}

#define SHOWN 96

static void show(char *buf, const struct xml_attr *a)
{
	str_display(buf, SHOWN, a->value, a->value_len);
}

/* ---- Family state ------------------------------------------------------------
 * What rules that combine elements, or depend on absence, remember. */

struct aspnet_state {
	/* The first <system.web>, and the first outside a <location path>. */
	int have_web, have_root_web;
	struct anchor web_at, root_web_at;

	/* HC1005: <deployment> in machine.config, outside a <location path>
	 * (whether retail was written is a fact: resolve/facts.def). */
	int have_deployment;
	struct anchor deployment_at;

	/* HC1022 (whether enableVersionHeader was written is a fact). */
	int mvc_views; /* the file configures an MVC Views folder */
	int have_runtime;
	struct anchor runtime_at;

	/* HC1013: the open <authentication>. */
	int auth_forms, auth_has_forms;
	struct anchor auth_at;

	/* HC1016/HC1017: the open <credentials>. */
	int password_format; /* index in password_formats, or ATTR_INVALID */
	int clear_written;
	char clear_shown[SHOWN];
	struct anchor credentials_at;
	size_t n_users;
};

static struct aspnet_state *state(struct lint *l)
{
	return lint_state(l, &family_aspnet);
}

static void web_start(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	(void)arg;
	/* What an application lacks is reported at its own file, not at
	 * machine.config's <system.web>. */
	if (lint_is_server_context(l))
		return;
	if (!s->have_web) {
		s->have_web = 1;
		s->web_at = at_element(e);
	}
	if (!s->have_root_web && !lint_in_path_location(l)) {
		s->have_root_web = 1;
		s->root_web_at = at_element(e);
	}
}

/* ---- HC1003/HC1004: trace ------------------------------------------------------
 * trace.axd and page output exist only while enabled="true"; localOnly
 * (default true) decides who may read them. */

static void trace_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *enabled_a, *local_a, *page_a;
	int enabled = read_bool(l, e, "enabled", &enabled_a);
	int local = read_bool(l, e, "localOnly", &local_a);
	int page = read_bool(l, e, "pageOutput", &page_a);
	char enabled_s[SHOWN], shown[SHOWN];
	(void)arg;

	if (enabled != YES || local == ATTR_INVALID || page == ATTR_INVALID)
		return;
	show(enabled_s, enabled_a);
	if (local == NO) {
		show(shown, local_a);
		lint_report(l, RULE_HC1003, at_attr(e, "localOnly"),
			    "%s enabled=\"%s\" localOnly=\"%s\" lets any client read trace.axd: "
			    "request details, headers, cookies, session and form values of recent "
			    "requests; set enabled=\"false\"",
			    e->name, enabled_s, shown);
	}
	if (page == YES) {
		show(shown, page_a);
		lint_report(l, RULE_HC1004, at_attr(e, "pageOutput"),
			    "%s pageOutput=\"%s\" appends trace details (headers, cookies, session "
			    "and form values) to every page; set enabled=\"false\" and "
			    "pageOutput=\"false\"",
			    e->name, shown);
	} else if (local != NO) {
		lint_report(l, RULE_HC1004, at_attr(e, "enabled"),
			    "%s enabled=\"%s\" records request details for trace.axd (readable "
			    "from the server itself, localOnly); set enabled=\"false\" in "
			    "production",
			    e->name, enabled_s);
	}
}

/* ---- HC1005/HC1028: deployment retail -------------------------------------------
 * <deployment> is allowDefinition="MachineOnly": only machine.config, outside
 * a <location path>, may carry it. */

static void deployment_start(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *a;
	int retail = read_bool(l, e, "retail", &a);
	char shown[SHOWN];
	(void)arg;

	lint_report(l, RULE_HC1028, at_element(e),
		    "%s outside machine.config is never applied: ASP.NET accepts it only in "
		    "machine.config (allowDefinition=\"MachineOnly\") and refuses it elsewhere; "
		    "set <deployment retail=\"true\"/> in machine.config and remove it here",
		    e->name);
	if (retail == NO) {
		show(shown, a);
		lint_report(
			l, RULE_HC1005, at_attr(e, "retail"),
			"%s retail=\"%s\" leaves debug compilation, tracing and detailed errors "
			"to each application's web.config; set retail=\"true\" on production "
			"servers",
			e->name, shown);
	}
	/* What retail="true" turns off below is resolved in resolve/retail.c. */
	if (lint_in_path_location(l))
		return;
	if (!s->have_deployment) {
		s->have_deployment = 1;
		s->deployment_at = at_element(e);
	}
}

static void finish_retail(struct lint *l, struct aspnet_state *s)
{
	if (fact_of(l, FACT_deployment_retail)->written)
		return;
	if (s->have_deployment)
		lint_report(
			l, RULE_HC1005, s->deployment_at,
			"deployment without retail: retail is implicitly false (the default), "
			"so each application's web.config decides about debug compilation, "
			"tracing and detailed errors; set retail=\"true\" on production servers");
	else
		lint_report(l, RULE_HC1005, s->have_root_web ? s->root_web_at : lint_root_anchor(l),
			    "machine.config has no <deployment retail=\"true\"/> in <system.web>: "
			    "retail is implicitly false (the default), so each application decides "
			    "about debug compilation, tracing and detailed errors; add it on "
			    "production servers");
}

/* ---- HC1006: request validation, and MVC Views folders ---------------------------
 * The web.config of an MVC Views folder (pages based on System.Web.Mvc.ViewPage,
 * or Razor pages on System.Web.Mvc.WebViewPage) turns page validation off by
 * design: MVC validates input in the controller, and the folder answers direct
 * requests with 404.  Such a file is no application root either (HC1022). */

static int starts_with(const struct xml_attr *a, const char *prefix)
{
	size_t n = strlen(prefix);
	return a && a->value_len >= n && memcmp(a->value, prefix, n) == 0;
}

static void pages_validate_request(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *a;
	int validate = read_bool(l, e, "validateRequest", &a);
	char shown[SHOWN];
	(void)arg;

	if (starts_with(element_attr(l, e, "pageBaseType"), "System.Web.Mvc.ViewPage")) {
		s->mvc_views = 1;
		return;
	}
	if (validate != NO)
		return;
	show(shown, a);
	lint_report(l, RULE_HC1006, at_attr(e, "validateRequest"),
		    "%s validateRequest=\"%s\" turns off request validation, ASP.NET's filter "
		    "against markup and script in form fields, cookies and query strings; remove "
		    "it and turn validation off per field where a page needs raw input",
		    e->name, shown);
}

static void razor_pages(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	if (starts_with(element_attr(l, e, "pageBaseType"), "System.Web.Mvc.WebViewPage"))
		state(l)->mvc_views = 1;
}

/* ---- HC1007/HC1022/HC1024: httpRuntime ----------------------------------------- */

static void request_validation_mode(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "requestValidationMode");
	unsigned major, minor;
	size_t dots = 0;
	char shown[SHOWN];
	(void)arg;

	if (!a)
		return;
	show(shown, a);
	for (size_t i = 0; i < a->value_len; i++)
		dots += a->value[i] == '.';
	/* System.Version has two to four parts. */
	if (dots > 3 || value_version(a->value, a->value_len, &major, &minor) != 0) {
		lint_report(l, RULE_HC0005, at_attr(e, "requestValidationMode"),
			    "%s requestValidationMode=\"%s\" is not a valid value (expected a "
			    "version such as 4.5): the application fails to start with a "
			    "configuration error",
			    e->name, shown);
		return;
	}
	if (major < 4)
		lint_report(
			l, RULE_HC1007, at_attr(e, "requestValidationMode"),
			"%s requestValidationMode=\"%s\" restores ASP.NET 2.0 request "
			"validation, which checks only .aspx pages and honours page-level "
			"validateRequest=\"false\"; remove it or set requestValidationMode=\"4.5\"",
			e->name, shown);
}

/* KB; 100 MB.  Larger uploads are an easy way to tie up memory and disk. */
#define MAX_REQUEST_LENGTH 102400

static void max_request_length(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "maxRequestLength");
	long long kb;
	char shown[SHOWN];
	(void)arg;

	if (!a)
		return;
	show(shown, a);
	if (value_net_int(a->value, a->value_len, 1, &kb) != 0 || kb < 1) {
		lint_report(l, RULE_HC0005, at_attr(e, "maxRequestLength"),
			    "%s maxRequestLength=\"%s\" is not a valid value (expected a whole "
			    "number of kilobytes from 1 to 2147483647): the application fails to "
			    "start with a configuration error",
			    e->name, shown);
		return;
	}
	if (kb > MAX_REQUEST_LENGTH && lint_in_path_location(l))
		lint_report(l, RULE_HC1024, at_attr(e, "maxRequestLength"),
			    "%s maxRequestLength=\"%s\" accepts request bodies of more than 100 MB "
			    "(%lld KB) at this path, which lets a few clients tie up memory and "
			    "disk; keep it to the largest upload the path must take",
			    e->name, shown, kb);
	else if (kb > MAX_REQUEST_LENGTH)
		lint_report(
			l, RULE_HC1024, at_attr(e, "maxRequestLength"),
			"%s maxRequestLength=\"%s\" accepts request bodies of more than 100 MB "
			"(%lld KB), which lets a few clients tie up memory and disk; keep it at "
			"or below 102400 and raise it only in a <location> for the upload path",
			e->name, shown, kb);
}

static void version_header(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *a;
	int on = read_bool(l, e, "enableVersionHeader", &a);
	char shown[SHOWN];
	(void)arg;

	if (on == YES) {
		show(shown, a);
		lint_report(l, RULE_HC1022, at_attr(e, "enableVersionHeader"),
			    "%s enableVersionHeader=\"%s\" adds an X-AspNet-Version header naming "
			    "the exact .NET version to every response; set "
			    "enableVersionHeader=\"false\"",
			    e->name, shown);
	}
	if (lint_in_path_location(l))
		return;
	if (!s->have_runtime && !lint_is_server_context(l)) {
		s->have_runtime = 1;
		s->runtime_at = at_element(e);
	}
}

static void finish_version_header(struct lint *l, struct aspnet_state *s)
{
	if (fact_of(l, FACT_version_header)->written || !s->have_web || s->mvc_views)
		return;
	if (s->have_runtime)
		lint_report(l, RULE_HC1022, s->runtime_at,
			    "httpRuntime without enableVersionHeader: it is implicitly true (the "
			    "default), so every response names the exact .NET version in an "
			    "X-AspNet-Version header; set enableVersionHeader=\"false\"");
	else
		lint_report(l, RULE_HC1022, s->have_root_web ? s->root_web_at : s->web_at,
			    "system.web has no <httpRuntime enableVersionHeader=\"false\"/>: the "
			    "header is implicitly on (the default), so every response names the "
			    "exact .NET version in an X-AspNet-Version header; add it");
}

/* ---- HC1013: forms authentication over HTTPS only -------------------------------
 * Read together: <authentication mode> and its <forms> child. */

static const char authentication_modes[] = "None|Windows|Passport|Forms";
enum { MODE_FORMS = 3 };

static void authentication_start(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	(void)arg;
	s->auth_forms =
		lint_choice(l, e, "mode", VALUE_NET_ENUM, authentication_modes, NULL) == MODE_FORMS;
	s->auth_has_forms = 0;
	s->auth_at = at_element(e);
}

static void authentication_end(struct lint *l, const void *arg)
{
	struct aspnet_state *s = state(l);
	(void)arg;
	if (s->auth_forms && !s->auth_has_forms && !lint_is_transform(l))
		lint_report(l, RULE_HC1013, s->auth_at,
			    "authentication mode=\"Forms\" without a <forms> element: requireSSL "
			    "is implicitly false (the default), so the authentication cookie also "
			    "travels over plain HTTP; add <forms requireSSL=\"true\"/>");
	s->auth_forms = 0;
}

static void forms_require_ssl(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *a;
	int on = read_bool(l, e, "requireSSL", &a);
	char shown[SHOWN];
	(void)arg;

	s->auth_has_forms = 1;
	if (!s->auth_forms)
		return;
	if (on == NO) {
		show(shown, a);
		lint_report(l, RULE_HC1013, at_attr(e, "requireSSL"),
			    "%s requireSSL=\"%s\" lets the forms authentication cookie travel over "
			    "plain HTTP, where it can be stolen and replayed; set "
			    "requireSSL=\"true\"",
			    e->name, shown);
	} else if (on == ATTR_ABSENT && !lint_is_transform(l)) {
		lint_report(l, RULE_HC1013, at_element(e),
			    "%s without requireSSL: it is implicitly false (the default), so the "
			    "forms authentication cookie also travels over plain HTTP; set "
			    "requireSSL=\"true\"",
			    e->name);
	}
}

/* ---- HC1014/HC1015: forms ticket protection and transport ---------------------- */

static void forms_protection(struct lint *l, const struct element *e, const void *arg)
{
	static const char *const why[] = {
		NULL,
		"neither encrypts nor validates the authentication ticket, so anyone can forge one",
		"encrypts the authentication ticket but does not validate it, so it can be "
		"tampered with",
		"validates the authentication ticket but does not encrypt it, so its contents can "
		"be read",
	};
	const struct xml_attr *a;
	int choice = lint_choice(l, e, "protection", VALUE_NET_ENUM,
				 "All|None|Encryption|Validation", &a);
	char shown[SHOWN];
	(void)arg;

	if (choice < 1)
		return;
	show(shown, a);
	lint_report(l, RULE_HC1014, at_attr(e, "protection"),
		    "%s protection=\"%s\" %s; set protection=\"All\" (the default)", e->name, shown,
		    why[choice]);
}

/* AutoDetect and UseDeviceProfile put the ticket in the URL only for browsers
 * that refuse cookies (or are thought to): a note. */
static void forms_cookieless(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	int choice = lint_choice(l, e, "cookieless", VALUE_NET_ENUM,
				 "UseUri|UseCookies|AutoDetect|UseDeviceProfile", &a);
	char shown[SHOWN];
	(void)arg;

	if (choice < 0 || choice == 1)
		return;
	show(shown, a);
	if (choice == 0)
		lint_report(l, RULE_HC1015, at_attr(e, "cookieless"),
			    "%s cookieless=\"%s\" puts the authentication ticket in every URL, "
			    "where logs, Referer headers and shared links expose it; set "
			    "cookieless=\"UseCookies\"",
			    e->name, shown);
	else
		lint_report_note(
			l, RULE_HC1015, at_attr(e, "cookieless"),
			"%s cookieless=\"%s\" puts the authentication ticket in the URL for "
			"browsers without cookies, where logs and Referer headers expose "
			"it; set cookieless=\"UseCookies\"",
			e->name, shown);
}

/* ---- HC1016/HC1017: users stored in configuration ------------------------------ */

static const char password_formats[] = "Clear|SHA1|MD5|SHA256|SHA384|SHA512";
static const char *const password_format_names[] = {"Clear",  "SHA1",   "MD5",
						    "SHA256", "SHA384", "SHA512"};
enum { FORMAT_CLEAR, FORMAT_SHA1 };

static void credentials_start(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *a;
	int format = lint_choice(l, e, "passwordFormat", VALUE_NET_ENUM, password_formats, &a);
	(void)arg;

	s->n_users = 0;
	s->clear_written = format == FORMAT_CLEAR;
	s->password_format = format == ATTR_ABSENT ? FORMAT_SHA1 : format;
	s->credentials_at = at_attr(e, "passwordFormat");
	if (s->clear_written)
		show(s->clear_shown, a);
}

static void credentials_end(struct lint *l, const void *arg)
{
	struct aspnet_state *s = state(l);
	(void)arg;
	if (s->clear_written && s->n_users > 0)
		lint_report(
			l, RULE_HC1016, s->credentials_at,
			"credentials passwordFormat=\"%s\" keeps the passwords of its %zu "
			"<user> entr%s in clear text, readable by anyone who can read the file; "
			"remove the users (or at least use a hash format)",
			s->clear_shown, s->n_users, s->n_users == 1 ? "y" : "ies");
	s->clear_written = 0;
}

static void user_start(struct lint *l, const struct element *e, const void *arg)
{
	struct aspnet_state *s = state(l);
	const struct xml_attr *name = element_attr(l, e, "name");
	char shown[SHOWN], how[48] = "";
	(void)arg;

	s->n_users++;
	if (s->password_format == FORMAT_CLEAR)
		snprintf(how, sizeof how, ", in clear text");
	else if (s->password_format >= 0)
		snprintf(how, sizeof how, ", as an unsalted %s hash",
			 password_format_names[s->password_format]);
	str_display(shown, sizeof shown, name ? name->value : "", name ? name->value_len : 0);
	lint_report(l, RULE_HC1017, at_element(e),
		    "%s name=\"%s\" keeps an account password in the configuration file%s; keep "
		    "accounts in a user store such as ASP.NET Identity",
		    e->name, shown, how);
}

/* ---- HC1018: session ids in URLs --------------------------------------------------
 * SessionStateSection reads cookieless itself: exactly "true" (UseUri),
 * "false" (UseCookies) or an HttpCookieMode name, all case-sensitive.
 * AutoDetect puts the id in the URL only for browsers without cookies: a note.
 * With mode="Off" there is no session state and no id. */

static void session_cookieless(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	int choice = lint_choice(l, e, "cookieless", VALUE_NET_ENUM,
				 "true|false|UseUri|UseCookies|AutoDetect|UseDeviceProfile", &a);
	const struct xml_attr *mode = element_attr(l, e, "mode");
	char shown[SHOWN];
	(void)arg;

	/* mode="Off" (matched as SessionStateMode is, case-sensitively): no
	 * session, so no id to carry. */
	if (choice < 0 ||
	    (mode && value_choice(VALUE_NET_ENUM, "Off", mode->value, mode->value_len) == 0))
		return;
	show(shown, a);
	if (choice == 0 || choice == 2)
		lint_report(l, RULE_HC1018, at_attr(e, "cookieless"),
			    "%s cookieless=\"%s\" puts the session id in every URL, where logs, "
			    "Referer headers and shared links expose it (session hijacking and "
			    "fixation); set cookieless=\"UseCookies\"",
			    e->name, shown);
	else if (choice == 4)
		lint_report_note(l, RULE_HC1018, at_attr(e, "cookieless"),
				 "%s cookieless=\"%s\" puts the session id in the URL for browsers "
				 "without cookies (session hijacking and fixation); set "
				 "cookieless=\"UseCookies\"",
				 e->name, shown);
}

/* ---- HC1021: trust level ------------------------------------------------------------
 * A free string naming a <trustLevel>; ASP.NET compares it with "Full"
 * ordinally. */

static void trust_level(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "level");
	(void)arg;
	if (!a || a->value_len != 4 || memcmp(a->value, "Full", 4) != 0)
		return;
	lint_report(l, RULE_HC1021, at_attr(e, "level"),
		    "%s level=\"Full\" runs applications in full trust, so their code may do "
		    "anything the pool identity can; use a partial trust level such as "
		    "\"Medium\" where the applications support it",
		    e->name);
}

/* ---- HC1025: roleManager cookie over HTTP --------------------------------------------- */

static void role_manager(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	int enabled = read_bool(l, e, "enabled", NULL);
	int require_ssl = read_bool(l, e, "cookieRequireSSL", &a);
	char shown[SHOWN];
	(void)arg;

	if (enabled != YES || require_ssl != NO)
		return;
	show(shown, a);
	lint_report(l, RULE_HC1025, at_attr(e, "cookieRequireSSL"),
		    "%s cookieRequireSSL=\"%s\" lets the role cookie travel over plain HTTP; set "
		    "cookieRequireSSL=\"true\"",
		    e->name, shown);
}

static void finish(struct lint *l)
{
	struct aspnet_state *s = state(l);
	if (lint_is_transform(l))
		return;
	finish_retail(l, s);
	finish_version_header(l, s);
}

#define WEB "system.web/"
#define FORMS WEB "authentication/forms"
#define SERVICE_BEHAVIOR "system.serviceModel/behaviors/serviceBehaviors/behavior/"

static const struct hook hooks[] = {
	{"system.web", ASPNET, web_start, NULL, NULL},
	{WEB "trace", ASPNET, trace_start, NULL, NULL},
	{WEB "deployment", ASPNET, deployment_start, NULL, NULL},
	{WEB "pages", ASPNET, pages_validate_request, NULL, NULL},
	{"system.web.webPages.razor/pages", ASPNET, razor_pages, NULL, NULL},
	{WEB "httpRuntime", ASPNET, request_validation_mode, NULL, NULL},
	{WEB "httpRuntime", ASPNET, version_header, NULL, NULL},
	{WEB "httpRuntime", ASPNET, max_request_length, NULL, NULL},
	{WEB "authentication", ASPNET, authentication_start, authentication_end, NULL},
	{FORMS, ASPNET, forms_require_ssl, NULL, NULL},
	{FORMS, ASPNET, forms_protection, NULL, NULL},
	{FORMS, ASPNET, forms_cookieless, NULL, NULL},
	{FORMS "/credentials", ASPNET, credentials_start, credentials_end, NULL},
	{FORMS "/credentials/user", ASPNET, user_start, NULL, NULL},
	{WEB "sessionState", ASPNET, session_cookieless, NULL, NULL},
	{WEB "trust", ASPNET, trust_level, NULL, NULL},
	{WEB "roleManager", ASPNET, role_manager, NULL, NULL},
};

const struct family family_aspnet = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct aspnet_state),
	.finish = finish,
};
