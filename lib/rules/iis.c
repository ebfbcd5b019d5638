/* iis.c - IIS settings (applicationHost.config, system.webServer), HC2xxx. */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/collections.h"
#include "resolve/facts.h"
#include "resolve/origin.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IIS (K_A | K_W)

/* The rules that are one attribute against one insecure value (HC2001,
 * HC2002, HC2006-HC2020) are rows of model/settings.def; the pools' identities
 * (HC2003-HC2005) are judged in rules/pools.c. */

/* ---- Per-call state --------------------------------------------------------- */

/* Something reported at the end of the file: a pool or a site, by name. */
struct named {
	struct anchor at;
	char name[64];
};

struct named_list {
	struct named *items;
	size_t n, cap;
};

/* What HC2014 combines within one scope (0: top level, 1: a <location>). */
struct auth_scope {
	int basic_on; /* basicAuthentication enabled="true" */
	struct anchor basic_at;
	char basic_value[16];
	int ssl; /* SSL_* */
	struct anchor ssl_at;
	char ssl_value[96];
	char where[128]; /* the <location> as messages show it, or "" */
};

struct auth_list {
	struct auth_scope *items;
	size_t n, cap;
};

enum { SSL_UNSET, SSL_WITHOUT, SSL_WITH, SSL_UNKNOWN };

struct iis_state {
	/* HC2014 */
	struct auth_scope auth[2];
	struct auth_scope pathless; /* sslFlags of a <location> without a path */
	struct auth_list locations; /* <location>s with Basic on, judged at the end */
	size_t locations_seen[2];   /* ... of them without Ssl, without sslFlags */
	/* HC2019: the X-Powered-By <add> reported (its tag's end) */
	size_t powered_by_reported;
	/* HC2022 */
	int windows_enabled;
	/* HC2023 */
	struct named_list sites; /* sites with http and without https bindings */
	struct named site;
	int in_site, site_http, site_https;
};

static struct iis_state *state(struct lint *l)
{
	return lint_state(l, &family_iis);
}

/* Keeps an item judged at the end of the file (see lint_keeps()). */
static void push(struct lint *l, struct named_list *list, const struct named *item)
{
	struct named *p;
	if (!lint_keeps(l, list->n))
		return;
	p = array_grow(list->items, &list->cap, list->n + 1, sizeof *p);
	if (!p) {
		lint_out_of_memory(l);
		return;
	}
	list->items = p;
	p[list->n++] = *item;
}

static void start_named(struct lint *l, struct named *n, const struct element *e)
{
	const struct xml_attr *name = element_attr(l, e, "name");
	n->at = at_element(e);
	str_display(n->name, sizeof n->name, name ? name->value : "", name ? name->value_len : 0);
}

/* ---- HC2009: TRACE and TRACK allowed --------------------------------------
 * The schema marks verbs/add@verb caseSensitive: "trace" names another
 * method, and does not allow TRACE. */

static void verb_add(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *verb = element_attr(l, e, "verb"), *allowed;
	char shown[16];
	(void)arg;

	if (lint_choice(l, e, "allowed", VALUE_IIS_BOOL, NULL, &allowed) != 1 || !verb ||
	    verb->value_len != 5 ||
	    (memcmp(verb->value, "TRACE", 5) != 0 && memcmp(verb->value, "TRACK", 5) != 0))
		return;
	str_display(shown, sizeof shown, allowed->value, allowed->value_len);
	lint_report(
		l, RULE_HC2009, at_attr(e, allowed->name),
		"requestFiltering verbs add verb=\"%.5s\" allowed=\"%s\" lets clients have their "
		"requests echoed back, cookies and credentials included (cross-site tracing); "
		"set allowed=\"false\"",
		verb->value, shown);
}

/* ---- HC2011: handlers may write and run ----------------------------------- */

static const char access_flags[] = "None|Read|Write|Execute|Source|Script|NoRemoteWrite|"
				   "NoRemoteRead|NoRemoteExecute|NoRemoteScript";
enum { ACCESS_WRITE = 1u << 2, ACCESS_EXECUTE = 1u << 3, ACCESS_SCRIPT = 1u << 5 };

static void handlers_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	unsigned mask;
	char shown[96];
	(void)arg;

	if (lint_flags(l, e, "accessPolicy", access_flags, &a, &mask) != 0 ||
	    !(mask & ACCESS_WRITE) || !(mask & (ACCESS_SCRIPT | ACCESS_EXECUTE)))
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC2011, at_attr(e, a->name),
		    "%s accessPolicy=\"%s\" grants Write together with %s, so uploaded files can "
		    "be run; remove Write (e.g. accessPolicy=\"Read, Script\")",
		    e->name, shown,
		    (mask & ACCESS_SCRIPT) && (mask & ACCESS_EXECUTE) ? "Script and Execute"
		    : (mask & ACCESS_SCRIPT)                          ? "Script"
								      : "Execute");
}

/* ---- HC2014: Basic authentication without SSL -----------------------------
 * Both settings are read per scope.  A <location> without sslFlags inherits
 * the server level's, which may be written anywhere in the file, so every
 * verdict waits for the end of a well-formed file. */

static const char ssl_flags[] = "None|Ssl|SslNegotiateCert|SslRequireCert|Ssl128";
enum { SSL_FLAG = 1u << 1 };

/* Findings about a <location> are decided after it closed: keep its name. */
static void location_start(struct lint *l, const struct element *e, const void *arg)
{
	struct auth_scope *scope = &state(l)->auth[1];
	(void)e, (void)arg;
	snprintf(scope->where, sizeof scope->where, "%s", lint_location(l));
}

static void basic_start(struct lint *l, const struct element *e, const void *arg)
{
	struct auth_scope *scope = &state(l)->auth[lint_scope(l)];
	const struct xml_attr *a;
	int on;
	(void)arg;

	on = lint_choice(l, e, "enabled", VALUE_IIS_BOOL, NULL, &a);
	if (on < 0)
		return;
	scope->basic_on = on;
	scope->basic_at = at_attr(e, "enabled");
	str_display(scope->basic_value, sizeof scope->basic_value, a->value, a->value_len);
}

static void access_start(struct lint *l, const struct element *e, const void *arg)
{
	struct auth_scope *scope = &state(l)->auth[lint_scope(l)];
	const struct xml_attr *a;
	unsigned mask;
	int rc;
	(void)arg;

	rc = lint_flags(l, e, "sslFlags", ssl_flags, &a, &mask);
	if (rc == ATTR_ABSENT)
		return;
	scope->ssl = rc == ATTR_INVALID ? SSL_UNKNOWN : (mask & SSL_FLAG) ? SSL_WITH : SSL_WITHOUT;
	scope->ssl_at = at_attr(e, "sslFlags");
	str_display(scope->ssl_value, sizeof scope->ssl_value, a->value, a->value_len);
}

static void end_scope_basic(struct lint *l)
{
	struct iis_state *s = state(l);
	struct auth_scope *scope = &s->auth[1];

	if (lint_scope(l) != 1)
		return; /* the top level is judged by finish_basic() */
	if (!lint_in_path_location(l) && scope->ssl != SSL_UNSET && s->pathless.ssl == SSL_UNSET)
		s->pathless = *scope;
	/* Kept only what may be a finding at the end: not a scope with Ssl
	 * or flags that cannot be read (160,000 such locations kept 53 MB);
	 * of those without sslFlags, which the server level judges all alike,
	 * and of those without Ssl, no more than the file can report. */
	if (scope->basic_on && (scope->ssl == SSL_UNSET || scope->ssl == SSL_WITHOUT) &&
	    lint_keeps(l, s->locations_seen[scope->ssl == SSL_UNSET]++)) {
		struct auth_scope *p = array_grow(s->locations.items, &s->locations.cap,
						  s->locations.n + 1, sizeof *p);
		if (!p) {
			lint_out_of_memory(l);
			return;
		}
		s->locations.items = p;
		p[s->locations.n++] = *scope;
	}
	memset(scope, 0, sizeof *scope);
}

/* server_place: where the server level's sslFlags is, found once for all
 * the scopes that inherit it (each look-up reads its start tag). */
static void judge_basic(struct lint *l, const struct auth_scope *scope,
			const struct auth_scope *server, const char *server_place)
{
	const struct auth_scope *ssl = scope->ssl != SSL_UNSET ? scope : server;
	char own[256];
	const char *place = server_place;

	if (ssl->ssl == SSL_WITHOUT) {
		if (ssl != server) {
			lint_place(l, ssl->ssl_at, own, sizeof own);
			place = own;
		}
		lint_report_in(l, scope->where, RULE_HC2014, scope->basic_at,
			       "basicAuthentication enabled=\"%s\" sends passwords base64-encoded "
			       "in every request, and access sslFlags=\"%s\" (%s) does not "
			       "require SSL; add Ssl to sslFlags",
			       scope->basic_value, ssl->ssl_value, place);
	} else if (ssl->ssl == SSL_UNSET && !lint_is_transform(l)) {
		lint_report_in(l, scope->where, RULE_HC2014, scope->basic_at,
			       "basicAuthentication enabled=\"%s\" sends passwords base64-encoded "
			       "in every request, and no access sslFlags requires SSL here "
			       "(implicitly None); add <access sslFlags=\"Ssl\"/>",
			       scope->basic_value);
	}
}

/* The sslFlags a parent wrote where it reaches this file (a fact), as the
 * scope this file's own scopes inherit. */
static void inherited_ssl(struct lint *l, struct auth_scope *out)
{
	const struct fact *f = fact_of(l, FACT_access_ssl);
	unsigned mask = 0;

	memset(out, 0, sizeof *out);
	if (!f->written || !f->inherited)
		return;
	out->ssl = value_flags(ssl_flags, f->value, strlen(f->value), &mask) != 0 ? SSL_UNKNOWN
		   : (mask & SSL_FLAG)                                            ? SSL_WITH
										  : SSL_WITHOUT;
	out->ssl_at = f->at;
	snprintf(out->ssl_value, sizeof out->ssl_value, "%s", f->value);
}

static void finish_basic(struct lint *l)
{
	struct iis_state *s = state(l);
	struct auth_scope above;
	const struct auth_scope *server;
	char place[256] = "";

	/* A <location> without a path configures the server level too; what
	 * neither sets is inherited from the files above. */
	inherited_ssl(l, &above);
	server = s->auth[0].ssl != SSL_UNSET    ? &s->auth[0]
		 : s->pathless.ssl != SSL_UNSET ? &s->pathless
						: &above;
	if (server->ssl == SSL_WITHOUT && (s->auth[0].basic_on || s->locations.n > 0))
		lint_place(l, server->ssl_at, place, sizeof place);
	if (s->auth[0].basic_on)
		judge_basic(l, &s->auth[0], server, place);
	for (size_t i = 0; i < s->locations.n; i++)
		judge_basic(l, &s->locations.items[i], server, place);
}

/* ---- HC2015: anonymous requests as a named account ------------------------ */

static void anonymous_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "userName");
	char shown[96];
	(void)arg;

	if (!a || a->value_len == 0)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC2015, at_attr(e, a->name),
		    "%s userName=\"%s\" runs anonymous requests as an account shared across sites; "
		    "set userName=\"\" to use the application pool identity",
		    e->name, shown);
}

/* ---- HC2019: X-Powered-By added -------------------------------------------
 * customHeaders is a collection (resolve/collections.h): a <remove
 * name="X-Powered-By"/> or a <clear/> after the <add> takes the header away
 * again, so the header is judged when the collection closes, where it was
 * added in this file. */

static void custom_headers_end(struct lint *l, const void *arg)
{
	struct iis_state *s = state(l);
	const struct collection_entry *x =
		collection_find(collection_view(l, COLLECTION_custom_headers), "X-Powered-By");
	(void)arg;

	if (!x || x->inherited || x->at.tag_end == s->powered_by_reported)
		return;
	s->powered_by_reported = x->at.tag_end;
	lint_report(l, RULE_HC2019, x->at,
		    "customHeaders add name=\"%s\" tells every client which framework runs the "
		    "site; delete it (or add <remove name=\"X-Powered-By\"/>)",
		    x->key);
}

/* ---- HC2021: request limits raised ---------------------------------------- */

static const struct limit {
	const char *attr;
	unsigned long long max;
	const char *what;
} limits[] = {
	{"maxAllowedContentLength", 30000000, "request bodies"},
	{"maxUrl", 4096, "URLs"},
	{"maxQueryString", 2048, "query strings"},
};

static void request_limits(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		const struct xml_attr *a = element_attr(l, e, limits[i].attr);
		unsigned long long v;
		char shown[96];

		if (!a)
			continue;
		if (value_iis_uint(a->value, a->value_len, &v) != 0 || v > 4294967295ull) {
			lint_invalid(l, e, a, "an unsigned decimal number up to 4294967295",
				     VALUE_IIS_ENUM);
			continue;
		}
		if (v <= limits[i].max)
			continue;
		str_display(shown, sizeof shown, a->value, a->value_len);
		lint_report(
			l, RULE_HC2021, at_attr(e, a->name),
			"%s %s=\"%s\" allows %s beyond the default %llu, easing denial of "
			"service; keep it at %llu or raise it only in a <location> that needs it",
			e->name, a->name, shown, limits[i].what, limits[i].max, limits[i].max);
	}
}

/* ---- HC2022: Windows authentication without Extended Protection ----------- */

static void windows_start(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	state(l)->windows_enabled = lint_choice(l, e, "enabled", VALUE_IIS_BOOL, NULL, NULL) == 1;
}

static void extended_protection(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a;
	char shown[16];
	(void)arg;

	if (lint_choice(l, e, "tokenChecking", VALUE_IIS_ENUM, "None|Allow|Require", &a) != 0 ||
	    !state(l)->windows_enabled)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC2022, at_attr(e, a->name),
		    "%s tokenChecking=\"%s\" turns off channel binding for the enabled Windows "
		    "authentication, so captured credentials can be relayed; set "
		    "tokenChecking=\"Require\" (or \"Allow\")",
		    e->name, shown);
}

/* ---- HC2023: sites without https ------------------------------------------
 * Judged when the site closes, reported once the file is known to be whole
 * (absence is meaningless in a truncated file). */

static void site_start(struct lint *l, const struct element *e, const void *arg)
{
	struct iis_state *s = state(l);
	(void)arg;
	s->in_site = 1;
	s->site_http = s->site_https = 0;
	start_named(l, &s->site, e);
}

/* Whether a binding's "address:port:host" only answers on the machine itself:
 * a loopback address, or the host name localhost (IIS Express's own sites).
 * Clear text that never leaves the machine is not worth a finding. */
static int loopback_binding(const struct lint *l, const struct element *e)
{
	const struct xml_attr *a = element_attr(l, e, "bindingInformation");
	const char *v, *host;
	size_t n, host_len;

	if (!a)
		return 0;
	v = a->value;
	n = a->value_len;
	if ((n >= 4 && memcmp(v, "127.", 4) == 0) || (n >= 6 && memcmp(v, "[::1]:", 6) == 0))
		return 1;
	host = v + n;
	while (host > v && host[-1] != ':')
		host--;
	host_len = (size_t)(v + n - host);
	return host > v && host_len == 9 && ascii_ncasecmp(host, "localhost", 9) == 0;
}

static void binding_start(struct lint *l, const struct element *e, const void *arg)
{
	struct iis_state *s = state(l);
	const struct xml_attr *a = element_attr(l, e, "protocol");
	(void)arg;

	if (!s->in_site || !a)
		return;
	if (a->value_len == 4 && ascii_ncasecmp(a->value, "http", 4) == 0) {
		if (!loopback_binding(l, e))
			s->site_http = 1;
	} else if (a->value_len == 5 && ascii_ncasecmp(a->value, "https", 5) == 0)
		s->site_https = 1;
}

static void site_end(struct lint *l, const void *arg)
{
	struct iis_state *s = state(l);
	(void)arg;
	if (s->in_site && s->site_http && !s->site_https && !lint_is_transform(l))
		push(l, &s->sites, &s->site);
	s->in_site = 0;
}

static void finish_sites(struct lint *l)
{
	struct iis_state *s = state(l);
	for (size_t i = 0; i < s->sites.n; i++)
		lint_report(
			l, RULE_HC2023, s->sites.items[i].at,
			"site \"%s\" has an http binding and no https binding, so pages, cookies "
			"and credentials can only travel in clear text; add an https binding and "
			"redirect http to it",
			s->sites.items[i].name);
}

/* ---- HC2024: everyone allowed at server level ----------------------------- */

/* Whether a comma-separated users list names "*". */
static int names_everyone(const char *v, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t start, end;
		while (i < n && v[i] == ' ')
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && v[end - 1] == ' ')
			end--;
		if (end - start == 1 && v[start] == '*')
			return 1;
		i++;
	}
	return 0;
}

static void authorization_add(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *type, *users = element_attr(l, e, "users");
	char type_shown[16], users_shown[96];
	(void)arg;

	if (lint_choice(l, e, "accessType", VALUE_IIS_ENUM, "Allow|Deny", &type) != 0 || !users ||
	    !names_everyone(users->value, users->value_len) || lint_in_path_location(l))
		return;
	str_display(type_shown, sizeof type_shown, type->value, type->value_len);
	str_display(users_shown, sizeof users_shown, users->value, users->value_len);
	lint_report(l, RULE_HC2024, at_attr(e, users->name),
		    "authorization add accessType=\"%s\" users=\"%s\" at server level lets every "
		    "user, anonymous ones included, into every site; allow only administrators "
		    "here and grant wider access per site in a <location path>",
		    type_shown, users_shown);
}

/* ---- The family ------------------------------------------------------------ */

static void end_scope(struct lint *l)
{
	end_scope_basic(l);
}

static void finish(struct lint *l)
{
	finish_basic(l);
	finish_sites(l);
}

static void free_state(void *p)
{
	struct iis_state *s = p;
	free(s->locations.items);
	free(s->sites.items);
}

#define SITES "system.applicationHost/sites/"
#define SECURITY "system.webServer/security/"
#define FILTERING SECURITY "requestFiltering"
#define AUTHENTICATION SECURITY "authentication/"

static const struct hook hooks[] = {
	{FILTERING "/verbs/add", IIS, verb_add, NULL, NULL},
	{"system.webServer/handlers", IIS, handlers_start, NULL, NULL},
	{"location", IIS, location_start, NULL, NULL},
	{AUTHENTICATION "basicAuthentication", IIS, basic_start, NULL, NULL},
	{SECURITY "access", IIS, access_start, NULL, NULL},
	{AUTHENTICATION "anonymousAuthentication", IIS, anonymous_start, NULL, NULL},
	{"system.webServer/httpProtocol/customHeaders", IIS, NULL, custom_headers_end, NULL},
	{FILTERING "/requestLimits", IIS, request_limits, NULL, NULL},
	{AUTHENTICATION "windowsAuthentication", IIS, windows_start, NULL, NULL},
	{AUTHENTICATION "windowsAuthentication/extendedProtection", IIS, extended_protection, NULL,
	 NULL},
	{SITES "site", K_A, site_start, site_end, NULL},
	{SITES "site/bindings/binding", K_A, binding_start, NULL, NULL},
	{SECURITY "authorization/add", K_A, authorization_add, NULL, NULL},
};

const struct family family_iis = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct iis_state),
	.free_state = free_state,
	.end_scope = end_scope,
	.finish = finish,
};
