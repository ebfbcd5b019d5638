/* dynamics.c - Dynamics 365 (on-premises) Server Setup XML, HC3xxx.
 * Setup reads names in any letter case, so paths here are lower case.  Many
 * settings are element text (<ServiceAccountLogin>, <WebsiteUrl>), read in
 * end hooks; rules about what a file lacks or about two elements wait for
 * the end of a well-formed file. */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/origin.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- Per-call state --------------------------------------------------------- */

/* The six service accounts of <Server>, then the Reporting Extensions'
 * (<srsdataconnector>) own Monitoring account. */
enum account_id {
	ACC_CRM,
	ACC_SANDBOX,
	ACC_DEPLOYMENT,
	ACC_ASYNC,
	ACC_VSS,
	ACC_MONITORING,
	ACC_SERVER_COUNT,
	ACC_SRS_MONITORING = ACC_SERVER_COUNT,
	ACC_COUNT
};

static const char *const account_names[ACC_COUNT] = {
	"CrmServiceAccount",       "SandboxServiceAccount",   "DeploymentServiceAccount",
	"AsyncServiceAccount",     "VSSWriterServiceAccount", "MonitoringServiceAccount",
	"MonitoringServiceAccount"};

/* Hook arguments: a pointer to an element names the account. */
static const enum account_id account_ids[ACC_COUNT] = {
	ACC_CRM, ACC_SANDBOX,    ACC_DEPLOYMENT,    ACC_ASYNC,
	ACC_VSS, ACC_MONITORING, ACC_SRS_MONITORING};

struct account {
	int seen;
	/* While the account element is open: its name as written (names are
	 * interned for the whole parse), whether Setup ignores its login
	 * (type="NetworkService"), and its open <ServiceAccountLogin>. */
	const char *name;
	int network_service;
	const char *login_name;
	struct anchor login_at;
	/* The account's first login, for HC3003/HC3004. */
	char *key; /* the account it names, normalised (malloc'd), or NULL */
	struct anchor key_at;
	char shown[96];
};

struct dynamics_state {
	struct account accounts[ACC_COUNT];
	int server_seen;
	struct anchor server_at;
	int maintenance; /* InstallType Uninstall or Repair: not an install */
	/* HC3002: a <Roles> list without the Deployment Web Service needs no
	 * account for it. */
	int roles_listed, deployment_role;
	/* HC3008/HC3009 */
	const char *website_name;
	struct anchor website_at;
	int website_create;
	/* HC3011 */
	int ifd_enabled;
	struct anchor ifd_at;
	const char *scheme_name;
	struct anchor scheme_at;
	/* HC3012 */
	int ou_seen, groups_seen;
	struct anchor ou_at, groups_at;
	/* HC3013 */
	int create_database, configdb_seen, encryption_keys;
	struct anchor database_at, configdb_at;
	/* HC3014 */
	int muoptin_seen, muoptin_unset;
	struct anchor muoptin_at;
};

static struct dynamics_state *state(struct lint *l)
{
	return lint_state(l, &family_dynamics);
}

static void free_state(void *p)
{
	struct dynamics_state *s = p;
	for (size_t i = 0; i < ACC_COUNT; i++)
		free(s->accounts[i].key);
}

/* The trimmed text of the closing element. */
static const char *element_text(struct lint *l, size_t *len)
{
	const char *text = lint_element_text(l, len);
	value_trim(&text, len);
	return text;
}

static int text_is(const char *text, size_t len, const char *word)
{
	return len == strlen(word) && ascii_ncasecmp(text, word, len) == 0;
}

static int starts_with_http(const char *text, size_t len)
{
	return len >= 7 && ascii_ncasecmp(text, "http://", 7) == 0;
}

static const char booleans[] = "false|true";

/* ---- Server, InstallType, Roles ------------------------------------------- */

static void server_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	if (s->server_seen)
		return;
	s->server_seen = 1;
	s->server_at = at_element(e);
}

static void install_type_end(struct lint *l, const void *arg)
{
	size_t len;
	const char *text = element_text(l, &len);
	(void)arg;
	if (text_is(text, len, "Uninstall") || text_is(text, len, "Repair"))
		state(l)->maintenance = 1;
}

static void role_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	const struct xml_attr *name = element_attr(l, e, "Name");
	const struct xml_attr *action = element_attr(l, e, "Action");
	const char *v;
	size_t len;
	(void)arg;

	s->roles_listed = 1;
	if (!name)
		return;
	if (action) {
		v = action->value;
		len = action->value_len;
		value_trim(&v, &len);
		if (text_is(v, len, "Remove"))
			return;
	}
	v = name->value;
	len = name->value_len;
	value_trim(&v, &len);
	if (text_is(v, len, "DeploymentWebService"))
		s->deployment_role = 1;
}

/* ---- Service accounts (HC3001, HC3002) ------------------------------------ */

static const struct setting service_account_type = {
	.rule = RULE_HC3001,
	.attr = "type",
	.syntax = VALUE_LOOSE_ENUM,
	.choices = "DomainUser|NetworkService",
	.insecure = "NetworkService",
	.message = "%s type=\"%s\" runs the service as Network Service, the computer account on "
		   "the network; "
		   "use a dedicated low-privilege domain account (type=\"DomainUser\")",
};

static void account_start(struct lint *l, const struct element *e, const void *arg)
{
	struct account *a = &state(l)->accounts[*(const enum account_id *)arg];
	const struct xml_attr *type = element_attr(l, e, "type");

	check_attr(l, e, &service_account_type);
	a->seen = 1;
	a->name = e->name;
	/* check_attr has reported an invalid type; only the value matters here. */
	a->network_service = type && value_choice(VALUE_LOOSE_ENUM, service_account_type.choices,
						  type->value, type->value_len) == 1;
}

static void account_end(struct lint *l, const void *arg)
{
	struct account *a = &state(l)->accounts[*(const enum account_id *)arg];
	a->name = NULL;
	a->network_service = 0;
}

static void finish_missing_accounts(struct lint *l, const struct dynamics_state *s)
{
	if (!s->accounts[ACC_CRM].seen)
		lint_report(
			l, RULE_HC3002, s->server_at,
			"Server has no CrmServiceAccount: an unattended Setup (/Q, /QR) runs the "
			"Application Service (CRMAppPool) as Network Service; add "
			"<CrmServiceAccount type=\"DomainUser\"> with a dedicated domain account");
	if (!s->accounts[ACC_DEPLOYMENT].seen && (!s->roles_listed || s->deployment_role))
		lint_report(l, RULE_HC3002, s->server_at,
			    "Server has no DeploymentServiceAccount: an unattended Setup (/Q, /QR) "
			    "runs the Deployment Web Service as Network Service; add "
			    "<DeploymentServiceAccount type=\"DomainUser\"> with its own domain "
			    "account");
}

/* ---- Logins (HC3003-HC3007) ------------------------------------------------
 * Logins are compared as accounts: case-insensitively, and DOMAIN\user and
 * user@domain.fqdn name the same account when the user names match and the
 * domain's first label does. */

enum login_form { LOGIN_DOWNLEVEL, LOGIN_UPN, LOGIN_LOCAL, LOGIN_BARE };

struct login {
	enum login_form form;
	const char *user, *domain;
	size_t user_len, domain_len; /* domain_len 0 for a bare name */
};

/* The index of the only c in s, or len when there is none or more than one. */
static size_t only(const char *s, size_t len, char c)
{
	size_t found = len;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != c)
			continue;
		if (found < len)
			return len;
		found = i;
	}
	return found;
}

static void parse_login(const char *s, size_t len, struct login *out)
{
	int has_back = memchr(s, '\\', len) != NULL, has_at = memchr(s, '@', len) != NULL;
	size_t sep = len;

	*out = (struct login){LOGIN_BARE, s, NULL, len, 0};
	if (has_back != has_at)
		sep = only(s, len, has_back ? '\\' : '@');
	if (sep == 0 || sep >= len - 1)
		return;
	if (has_back) {
		out->domain = s;
		out->domain_len = sep;
		out->user = s + sep + 1;
		out->user_len = len - sep - 1;
		out->form = text_is(s, sep, ".") || text_is(s, sep, "localhost") ? LOGIN_LOCAL
										 : LOGIN_DOWNLEVEL;
	} else {
		out->user = s;
		out->user_len = sep;
		out->domain = s + sep + 1;
		out->domain_len = len - sep - 1;
		out->form = LOGIN_UPN;
	}
}

/* "user\domain" in lower case, the domain cut at its first dot, or the whole
 * bare name in lower case; malloc'd, NULL when memory ran out. */
static char *login_key(const struct login *g)
{
	size_t label = g->domain_len;
	const char *dot = g->domain ? memchr(g->domain, '.', g->domain_len) : NULL;
	char *key, *p;

	if (dot && dot > g->domain)
		label = (size_t)(dot - g->domain);
	key = malloc(g->user_len + label + 2);
	if (!key)
		return NULL;
	p = key;
	for (size_t i = 0; i < g->user_len; i++)
		*p++ = ascii_lower(g->user[i]);
	if (g->form != LOGIN_BARE) {
		*p++ = '\\';
		for (size_t i = 0; i < label; i++)
			*p++ = ascii_lower(g->domain[i]);
	}
	*p = '\0';
	return key;
}

/* A value that is wholly a template token ({{login}}, ${Login}, %LOGIN%...):
 * filled in by a deployment tool, so its form says nothing. */
static int is_placeholder(const char *s, size_t len)
{
	static const char *const tokens[][2] = {{"{{", "}}"}, {"${", "}"}, {"$(", ")"},
						{"#{", "}#"}, {"{", "}"},  {"__", "__"},
						{"%", "%"},   {"@@", "@@"}};
	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
		size_t open = strlen(tokens[i][0]), close = strlen(tokens[i][1]);
		if (len > open + close && memcmp(s, tokens[i][0], open) == 0 &&
		    memcmp(s + len - close, tokens[i][1], close) == 0 && !memchr(s, '\\', len))
			return 1;
	}
	return 0;
}

static int is_privileged(const struct login *g)
{
	static const char *const names[] = {"LocalSystem",   "SYSTEM",         "LocalService",
					    "LOCAL SERVICE", "NetworkService", "NETWORK SERVICE",
					    "Administrator", "Domain Admins",  "Enterprise Admins",
					    "krbtgt"};
	if (g->form == LOGIN_DOWNLEVEL && text_is(g->domain, g->domain_len, "NT AUTHORITY"))
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (text_is(g->user, g->user_len, names[i]))
			return 1;
	return 0;
}

/* HC3005-HC3007, at most one per login: the most specific. */
static void check_login_form(struct lint *l, const struct account *a, const char *text, size_t len,
			     const struct login *g)
{
	char shown[96];
	str_display(shown, sizeof shown, text, len);
	if (text[len - 1] == '$' || (g->user_len > 0 && g->user[g->user_len - 1] == '$'))
		lint_report(
			l, RULE_HC3005, a->login_at,
			"%s %s \"%s\" is a managed service account (gMSA or sMSA), which "
			"Dynamics 365 services do not support; use a dedicated domain user account",
			a->name, a->login_name, shown);
	else if (g->form == LOGIN_DOWNLEVEL && text_is(g->domain, g->domain_len, "NT SERVICE"))
		lint_report(l, RULE_HC3005, a->login_at,
			    "%s %s \"%s\" is a virtual account, which Dynamics 365 services do not "
			    "support; use a dedicated domain user account",
			    a->name, a->login_name, shown);
	else if (is_privileged(g))
		lint_report(
			l, RULE_HC3006, a->login_at,
			"%s %s \"%s\" is a built-in or privileged identity; run the service as a "
			"dedicated low-privilege domain user",
			a->name, a->login_name, shown);
	else if (g->form == LOGIN_LOCAL)
		lint_report(l, RULE_HC3007, a->login_at,
			    "%s %s \"%s\" is a local account of the server; use a domain account "
			    "(DOMAIN\\user or user@domain)",
			    a->name, a->login_name, shown);
	else if (g->form == LOGIN_BARE)
		lint_report(l, RULE_HC3007, a->login_at,
			    "%s %s \"%s\" is not in DOMAIN\\user or user@domain form; name the "
			    "domain account in full",
			    a->name, a->login_name, shown);
}

static void login_start(struct lint *l, const struct element *e, const void *arg)
{
	struct account *a = &state(l)->accounts[*(const enum account_id *)arg];
	a->login_name = e->name;
	a->login_at = at_element(e);
}

static void login_end(struct lint *l, const void *arg)
{
	struct account *a = &state(l)->accounts[*(const enum account_id *)arg];
	struct login g;
	size_t len;
	const char *text = element_text(l, &len);

	if (a->network_service || len == 0)
		return;
	parse_login(text, len, &g);
	if (!is_placeholder(text, len))
		check_login_form(l, a, text, len, &g);
	if (a->key)
		return;
	a->key = login_key(&g);
	if (!a->key) {
		lint_out_of_memory(l);
		return;
	}
	a->key_at = a->login_at;
	str_display(a->shown, sizeof a->shown, text, len);
}

/* HC3003 and HC3004: each login that names the same account as an earlier
 * one, once, at the later one. */
static void finish_shared_logins(struct lint *l, struct dynamics_state *s)
{
	for (size_t j = 0; j < ACC_SERVER_COUNT; j++) {
		const struct account *later = &s->accounts[j], *first = NULL, *pair = NULL;
		enum rule_id rule = RULE_HC3004;
		unsigned line;

		if (!later->key)
			continue;
		for (size_t i = 0; i < ACC_SERVER_COUNT; i++) {
			const struct account *a = &s->accounts[i];
			if (i == j || !a->key || a->key_at.tag_end >= later->key_at.tag_end ||
			    strcmp(a->key, later->key) != 0)
				continue;
			if (!first || a->key_at.tag_end < first->key_at.tag_end)
				first = a;
			if ((i == ACC_CRM && j == ACC_DEPLOYMENT) ||
			    (i == ACC_DEPLOYMENT && j == ACC_CRM))
				pair = a;
		}
		if (pair) {
			first = pair;
			rule = RULE_HC3003;
		}
		if (!first)
			continue;
		lint_locate(l, first->key_at, &line);
		if (rule == RULE_HC3003)
			lint_report(
				l, rule, later->key_at,
				"%s login \"%s\" is the same account as %s's \"%s\" (line %u): the "
				"Deployment Web Service needs sysadmin rights and must not share "
				"the "
				"Application Service's account; give each its own domain account",
				account_names[j], later->shown, account_names[first - s->accounts],
				first->shown, line);
		else
			lint_report(
				l, rule, later->key_at,
				"%s login \"%s\" is the same account as %s's \"%s\" (line %u); use "
				"a separate low-privilege domain account for each service",
				account_names[j], later->shown, account_names[first - s->accounts],
				first->shown, line);
	}
}

/* ---- Web site, Reporting, Help (HC3008-HC3010, HC3015) -------------------- */

static void website_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	const struct xml_attr *a;
	char shown[96];
	(void)arg;

	s->website_name = e->name;
	s->website_at = at_element(e);
	s->website_create = lint_choice(l, e, "create", VALUE_LOOSE_ENUM, booleans, &a) == 1;
	if (!s->website_create)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC3009, at_attr(e, a->name),
		    "%s %s=\"%s\" makes Setup create a new web site with an http binding only; add "
		    "an https binding to it, or use create=\"false\" with a site that has one",
		    e->name, a->name, shown);
}

static void website_end(struct lint *l, const void *arg)
{
	struct dynamics_state *s = state(l);
	size_t len;
	const char *text = element_text(l, &len);
	char shown[96];
	(void)arg;

	/* A new site (create="true") takes no address: the text is ignored. */
	if (s->website_create || !starts_with_http(text, len))
		return;
	str_display(shown, sizeof shown, text, len);
	lint_report(
		l, RULE_HC3008, s->website_at,
		"%s \"%s\" lets clients reach Dynamics 365 over clear-text http; use a web site "
		"with an https binding and its https:// address",
		s->website_name, shown);
}

static void reporting_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "URL");
	const char *v;
	size_t len;
	char shown[96];
	(void)arg;

	if (!a)
		return;
	v = a->value;
	len = a->value_len;
	value_trim(&v, &len);
	if (!starts_with_http(v, len))
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC3010, at_attr(e, a->name),
		    "%s %s=\"%s\" reaches the report server over clear-text http; use its https:// "
		    "URL",
		    e->name, a->name, shown);
}

/* ---- Internet-facing deployment (HC3011) ---------------------------------- */

static void ifd_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	s->ifd_enabled = lint_choice(l, e, "enabled", VALUE_LOOSE_ENUM, booleans, NULL) == 1;
	s->ifd_at = at_attr(e, "enabled");
}

static void ifd_end(struct lint *l, const void *arg)
{
	(void)arg;
	state(l)->ifd_enabled = 0;
}

static void scheme_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	s->scheme_name = e->name;
	s->scheme_at = at_element(e);
}

static void scheme_end(struct lint *l, const void *arg)
{
	struct dynamics_state *s = state(l);
	size_t len;
	const char *text = element_text(l, &len);
	char shown[16];
	unsigned line;
	(void)arg;

	if (!s->ifd_enabled || !text_is(text, len, "http"))
		return;
	str_display(shown, sizeof shown, text, len);
	lint_locate(l, s->ifd_at, &line);
	lint_report(
		l, RULE_HC3011, s->scheme_at,
		"%s \"%s\" serves the internet-facing deployment (ifdsettings enabled=\"true\", "
		"line %u) over clear-text http; use https",
		s->scheme_name, shown, line);
}

/* ---- OU and Groups (HC3012) ----------------------------------------------- */

static void ou_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	if (!s->ou_seen)
		s->ou_at = at_element(e);
	s->ou_seen = 1;
}

static void groups_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	if (!s->groups_seen)
		s->groups_at = at_element(e);
	s->groups_seen = 1;
}

static void finish_ou_groups(struct lint *l, const struct dynamics_state *s)
{
	int groups_later;
	unsigned line;

	if (!s->ou_seen || !s->groups_seen)
		return;
	groups_later = s->groups_at.tag_end > s->ou_at.tag_end;
	lint_locate(l, groups_later ? s->ou_at : s->groups_at, &line);
	lint_report(l, RULE_HC3012, groups_later ? s->groups_at : s->ou_at,
		    "%s together with %s (line %u): Setup refuses to continue; keep <Groups> for "
		    "pre-created groups or <OU> for Setup to create them, not both",
		    groups_later ? "Groups" : "OU", groups_later ? "OU" : "Groups", line);
}

/* ---- Encryption keys (HC3013) ----------------------------------------------- */

static void database_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	if (lint_choice(l, e, "create", VALUE_LOOSE_ENUM, booleans, NULL) != 1 ||
	    s->create_database)
		return;
	s->create_database = 1;
	s->database_at = at_attr(e, "create");
}

static void configdb_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	(void)arg;
	if (!s->configdb_seen)
		s->configdb_at = at_element(e);
	s->configdb_seen = 1;
}

static void encryption_keys_start(struct lint *l, const struct element *e, const void *arg)
{
	(void)e, (void)arg;
	state(l)->encryption_keys = 1;
}

static void finish_encryption_keys(struct lint *l, const struct dynamics_state *s)
{
	unsigned line;
	if (!s->create_database || s->encryption_keys)
		return;
	lint_locate(l, s->database_at, &line);
	lint_report(l, RULE_HC3013, s->configdb_seen ? s->configdb_at : s->server_at,
		    "Database create=\"true\" (line %u) creates a new deployment without "
		    "configdb/encryptionkeys: its encryption keys are stored unencrypted in the "
		    "configuration database; add <configdb><encryptionkeys generate=\"true\" ...>",
		    line);
}

/* ---- Microsoft Update (HC3014) ---------------------------------------------- */

static void muoptin_start(struct lint *l, const struct element *e, const void *arg)
{
	struct dynamics_state *s = state(l);
	const struct xml_attr *a = element_attr(l, e, "optin");
	const char *v;
	size_t len;
	char shown[96];
	(void)arg;

	if (s->muoptin_seen)
		return;
	s->muoptin_seen = 1;
	s->muoptin_at = at_element(e);
	if (!a) {
		s->muoptin_unset = 1;
		return;
	}
	v = a->value;
	len = a->value_len;
	value_trim(&v, &len);
	/* Setup takes a blank value for false. */
	if (len > 0 && lint_choice(l, e, a->name, VALUE_LOOSE_ENUM, booleans, NULL) != 0)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC3014, at_attr(e, a->name),
		    "%s %s=\"%s\" leaves the server without Microsoft Update; set %s=\"true\", or "
		    "make sure it is patched another way (WSUS)",
		    e->name, a->name, shown, a->name);
}

static void finish_muoptin(struct lint *l, const struct dynamics_state *s)
{
	if (!s->muoptin_seen)
		lint_report(
			l, RULE_HC3014, s->server_at,
			"Server has no muoptin: Setup does not opt the server in to Microsoft "
			"Update; add <muoptin optin=\"true\"/>, or make sure it is patched another "
			"way (WSUS)");
	else if (s->muoptin_unset)
		lint_report(
			l, RULE_HC3014, s->muoptin_at,
			"muoptin without optin counts as false: the server is not opted in to "
			"Microsoft Update; set optin=\"true\", or make sure it is patched another "
			"way (WSUS)");
}

/* ---- The whole file ----------------------------------------------------------- */

static void finish(struct lint *l)
{
	struct dynamics_state *s = state(l);

	/* A Reporting Extensions file has no <Server>: these are Server rules. */
	if (!s->server_seen)
		return;
	finish_shared_logins(l, s);
	finish_ou_groups(l, s);
	if (s->maintenance)
		return;
	finish_missing_accounts(l, s);
	finish_encryption_keys(l, s);
	finish_muoptin(l, s);
}

#define ACCOUNT(path, id)                                               \
	{                                                               \
		path, K_S, account_start, account_end, &account_ids[id] \
	}
#define LOGIN(path, id)                                                                    \
	{                                                                                  \
		path "/serviceaccountlogin", K_S, login_start, login_end, &account_ids[id] \
	}

static const struct hook hooks[] = {
	{"server", K_S, server_start, NULL, NULL},
	{"server/installtype", K_S, NULL, install_type_end, NULL},
	{"server/roles/role", K_S, role_start, NULL, NULL},
	ACCOUNT("server/crmserviceaccount", ACC_CRM),
	LOGIN("server/crmserviceaccount", ACC_CRM),
	ACCOUNT("server/sandboxserviceaccount", ACC_SANDBOX),
	LOGIN("server/sandboxserviceaccount", ACC_SANDBOX),
	ACCOUNT("server/deploymentserviceaccount", ACC_DEPLOYMENT),
	LOGIN("server/deploymentserviceaccount", ACC_DEPLOYMENT),
	ACCOUNT("server/asyncserviceaccount", ACC_ASYNC),
	LOGIN("server/asyncserviceaccount", ACC_ASYNC),
	ACCOUNT("server/vsswriterserviceaccount", ACC_VSS),
	LOGIN("server/vsswriterserviceaccount", ACC_VSS),
	ACCOUNT("server/monitoringserviceaccount", ACC_MONITORING),
	LOGIN("server/monitoringserviceaccount", ACC_MONITORING),
	ACCOUNT("srsdataconnector/monitoringserviceaccount", ACC_SRS_MONITORING),
	LOGIN("srsdataconnector/monitoringserviceaccount", ACC_SRS_MONITORING),
	{"server/websiteurl", K_S, website_start, website_end, NULL},
	{"server/reporting", K_S, reporting_start, NULL, NULL},
	{"server/ifdsettings", K_S, ifd_start, ifd_end, NULL},
	{"server/ifdsettings/rootdomainscheme", K_S, scheme_start, scheme_end, NULL},
	{"server/ou", K_S, ou_start, NULL, NULL},
	{"server/groups", K_S, groups_start, NULL, NULL},
	{"server/database", K_S, database_start, NULL, NULL},
	{"server/configdb", K_S, configdb_start, NULL, NULL},
	{"server/configdb/encryptionkeys", K_S, encryption_keys_start, NULL, NULL},
	{"server/muoptin", K_S, muoptin_start, NULL, NULL},
};

const struct family family_dynamics = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct dynamics_state),
	.free_state = free_state,
	.finish = finish,
	.reads_text = 1,
};
