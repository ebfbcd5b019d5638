/* secrets.c - secrets in any configuration file, HC6xxx.
 *
 * Secret rules read every file as it is: base files and transforms alike (a
 * password in Web.config leaks even when Web.Release.config replaces it),
 * Setup XML and Business Central settings.  A value is a secret only when it
 * is literal: blank values, template tokens ({{password}}, $(Password),
 * #{Password}#...), stand-ins that name what belongs there ("YourPassword",
 * "ChangeThis") and IIS [enc:...:enc] values are not.  A section protected
 * with configProtectionProvider holds <EncryptedData> and is skipped whole.
 * Messages never carry a secret: at most its first two characters, and its
 * length.
 *
 * Reach: hooks are dispatched by exact path or by "any child of a path", so
 * values are searched for URLs with user:password@ on the children of the
 * paths SCAN() lists below (every section element, and the places that
 * configure URLs and connection strings), not at any depth.
 */
#include "rules/secrets.h"
#include "rules/families.h"
#include "rules/keys.h"
#include "rules/patterns.h"
#include "rules/read.h"
#include "scan/linter.h"

#include "util/connstr.h"
#include "util/re.h"
#include "util/util.h"
#include "util/value.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Patterns, compiled once per linter ------------------------------------ */

struct secrets_shared {
	struct re_set *re; /* NULL when no secret rule is enabled */
};

static void *shared_new(const struct hardconf_linter *linter)
{
	struct secrets_shared *sh = calloc(1, sizeof *sh);
	unsigned char wanted[N_PATTERNS];
	unsigned enabled = 0;
	int any = 0;

	if (!sh)
		return NULL;
	/* By index: the public look-up by id searches the rule table. */
	for (int r = RULE_HC6001; r <= SECRETS_LAST; r++)
		if (linter->enabled[r])
			enabled |= FOR(r);
	for (size_t i = 0; i < N_PATTERNS; i++) {
		wanted[i] = (pattern_defs[i].rules & enabled) != 0;
		any |= wanted[i];
	}
	if (any && !(sh->re = patterns_compile(linter, wanted))) {
		free(sh);
		return NULL;
	}
	return sh;
}

static void shared_free(void *p)
{
	struct secrets_shared *sh = p;
	re_set_free(sh->re);
	free(sh);
}

/* ---- Per-call state ----------------------------------------------------------- */

struct secrets_state *secrets_state_of(struct lint *l)
{
	return lint_state(l, &family_secrets);
}

static void free_state(void *p)
{
	struct secrets_state *s = p;
	re_match_free(s->match);
}

/* Searches text from start for pattern p: 1 with the match in [*from, *to),
 * 0 when there is none (or the pattern is not compiled: its rules are off),
 * a negative status when memory ran out or PCRE2 would not load (the call
 * then ends). */
static int find(struct lint *l, enum pattern p, const char *text, size_t len, size_t start,
		size_t *from, size_t *to)
{
	const struct secrets_shared *sh = lint_shared(l, &family_secrets);
	return pattern_find(l, sh->re, &secrets_state_of(l)->match, p, text, len, start, from, to);
}

/* Whether pattern p matches text; running out of memory counts as a match,
 * which reports nothing (the call ends without a report anyway). */
int secret_matches(struct lint *l, enum pattern p, const char *text, size_t len)
{
	size_t from, to;
	return find(l, p, text, len, 0, &from, &to) != 0;
}

/* ---- Values -------------------------------------------------------------------- */

int secret_starts_with(const char *v, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	return n >= m && ascii_ncasecmp(v, prefix, m) == 0;
}

/* Non-zero when a value (trimmed) is a clear-text secret: not blank, not a
 * template token, not a stand-in for the real thing. */
int secret_is_literal(struct lint *l, const char *v, size_t n)
{
	return n > 0 && !secret_matches(l, PAT_PLACEHOLDER, v, n) &&
	       !secret_matches(l, PAT_STAND_IN, v, n);
}

/* How messages show a secret: "Pa***", 11 characters.  The first two
 * characters only of a secret of 8 or more, where they give little away. */
void secret_mask(char *buf, size_t size, const char *v, size_t n)
{
	size_t chars = 0, prefix = 0;
	char shown[32];

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)v[i] & 0xC0) != 0x80 && ++chars == 3)
			prefix = i;
	if (chars < 8)
		prefix = 0;
	str_display(shown, sizeof shown, v, prefix);
	snprintf(buf, size, "\"%s***\", %zu characters", shown, chars);
}

/* ---- Connection strings ------------------------------------------------------ */

/* What a connection string holds: its separator, tokens without '=', and
 * the literal secrets among the values. */
struct conn_scan {
	char sep;
	size_t bare, secrets;
	const char *key, *value; /* the first secret */
	size_t key_len, value_len;
};

/* Keys whose values are secrets, compared without case, spaces or
 * underscores: any "...Password" (Password, User Password, Jet OLEDB:Database
 * Password), Pwd, and the keys of Azure and Dataverse connection strings. */
static int secret_key(const char *k, size_t n)
{
	static const char *const names[] = {
		"pwd",          "accountkey", "sharedaccesskey", "sharedaccesssignature",
		"clientsecret", "authtoken"};
	char norm[48];
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (k[i] == ' ' || k[i] == '_')
			continue;
		if (m + 1 >= sizeof norm)
			return 0;
		norm[m++] = ascii_lower(k[i]);
	}
	norm[m] = '\0';
	if (m >= 8 && memcmp(norm + m - 8, "password", 8) == 0)
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(norm, names[i]) == 0)
			return 1;
	return 0;
}

static int key_is(const char *k, size_t n, const char *name)
{
	return n == strlen(name) && ascii_ncasecmp(k, name, n) == 0;
}

/* Reads s pair by pair as DbConnectionStringBuilder does (util/connstr.h,
 * StackExchange.Redis's ',' strings included); Entity Framework's
 * "provider connection string" is read in turn. */
static void conn_scan(struct lint *l, const char *s, size_t n, struct conn_scan *out, int nested)
{
	struct connstr c;
	struct connstr_pair pair;

	connstr_init(&c, s, n);
	if (!nested)
		out->sep = c.sep;
	while (connstr_next(&c, &pair)) {
		if (!pair.value)
			out->bare++;
		else if (!nested && key_is(pair.key, pair.key_len, "provider connection string"))
			conn_scan(l, pair.value, pair.value_len, out, 1);
		else if (secret_key(pair.key, pair.key_len) &&
			 secret_is_literal(l, pair.value, pair.value_len) && !out->secrets++) {
			out->key = pair.key;
			out->key_len = pair.key_len;
			out->value = pair.value;
			out->value_len = pair.value_len;
		}
	}
}

/* ---- Where a value sits, for messages ---------------------------------------- */

/* Which element a SCAN() hook's children belong to. */
enum parent { IN_ROOT, IN_CONNECTION_STRINGS, IN_APP_SETTINGS, IN_SYSTEM_WEB, IN_SMTP, IN_OTHER };
static const enum parent parent_ids[] = {
	IN_ROOT, IN_CONNECTION_STRINGS, IN_APP_SETTINGS, IN_SYSTEM_WEB, IN_SMTP, IN_OTHER};

/* The sections whose fix messages name. */
enum section {
	SECTION_NONE,
	SECTION_CONNECTION_STRINGS,
	SECTION_APP_SETTINGS,
	SECTION_SESSION,
	SECTION_SMTP,
	SECTION_ENVIRONMENT
};

static int is_named(const char *name, const char *want)
{
	return strcmp(name, want) == 0;
}

static int is_app_setting(const struct lint *l, const struct element *e, enum parent parent)
{
	return is_named(e->name, "add") &&
	       (parent == IN_APP_SETTINGS ||
		(parent == IN_ROOT && lint_kind(l) == HARDCONF_KIND_BCSERVER));
}

/* An element secrets may sit in, with the attributes messages call it by:
 * looked up at the first finding and kept for the next (an element of
 * 80,000 passwords looked them up for each: 22 s). */
struct holder {
	const struct element *e;
	enum parent parent;
	int named; /* name and key looked up */
	const struct xml_attr *name, *key;
};

static struct holder *holder_named(struct lint *l, struct holder *h)
{
	if (!h->named) {
		h->name = element_attr(l, h->e, "name");
		h->key = element_attr(l, h->e, "key");
		h->named = 1;
	}
	return h;
}

/* What messages call a value: "connection string \"Main\"", "appSettings key
 * \"SmtpPassword\"", "add name=\"Redis\" connectionString", "proxy proxyaddress". */
static void describe(struct lint *l, struct holder *h, const struct xml_attr *a, char *buf,
		     size_t size)
{
	const struct element *e = holder_named(l, h)->e;
	const struct xml_attr *name = h->name, *key = h->key;
	char shown[96] = "";

	if (is_app_setting(l, e, h->parent)) {
		str_display(shown, sizeof shown, key ? key->value : "", key ? key->value_len : 0);
		snprintf(buf, size, "appSettings key \"%s\"", shown);
		return;
	}
	/* The name itself may be the value at fault (a URL with a password
	 * in name=): then it is not repeated as the subject. */
	if (name && name != a)
		str_display(shown, sizeof shown, name->value, name->value_len);
	if (h->parent == IN_CONNECTION_STRINGS && is_named(e->name, "add") && name && name != a)
		snprintf(buf, size, "connection string \"%s\"", shown);
	else if (name && name != a)
		snprintf(buf, size, "%s name=\"%s\" %s", e->name, shown, a->name);
	else
		snprintf(buf, size, "%s %s", e->name, a->name);
}

static int is_dotnet_kind(const struct lint *l)
{
	hardconf_kind k = lint_kind(l);
	return k == HARDCONF_KIND_MACHINE || k == HARDCONF_KIND_ROOT_WEB || k == HARDCONF_KIND_WEB;
}

/* How to take a secret out of a file, for the section it sits in. */
static const char *advice(const struct lint *l, enum section section)
{
	switch (is_dotnet_kind(l) ? section : SECTION_NONE) {
	case SECTION_CONNECTION_STRINGS:
		return "encrypt the section (aspnet_regiis -pe \"connectionStrings\"), use "
		       "Integrated Security or a managed identity, or supply it at deployment from "
		       "a secret store such as Azure Key Vault";
	case SECTION_APP_SETTINGS:
		return "encrypt the section (aspnet_regiis -pe \"appSettings\"), or supply it at "
		       "deployment from the environment or a secret store such as Azure Key Vault";
	case SECTION_SESSION:
		return "encrypt the section (aspnet_regiis -pe \"system.web/sessionState\"), or "
		       "use Integrated Security";
	case SECTION_SMTP:
		return "encrypt the section (aspnet_regiis -pe \"system.net/mailSettings/smtp\"), "
		       "or supply it at deployment from a secret store such as Azure Key Vault";
	case SECTION_ENVIRONMENT:
		return "set the variable on the server (the application pool's or App Service's "
		       "settings) or read it from a secret store such as Azure Key Vault, not in "
		       "web.config";
	case SECTION_NONE:
		break;
	}
	return "remove it from the file and supply it at deployment from a secret store such as "
	       "Azure Key Vault, or from the environment";
}

/* ---- HC6001 ------------------------------------------------------------------------ */

/* How to read a value for HC6001. */
enum value_form {
	FORM_URL,        /* any value: only URLs with user:password@ */
	FORM_CONNECTION, /* a connection string, or a URL */
	FORM_APP_SETTING /* an appSettings value: perhaps a connection string */
};

/* HC6001 for a value: a literal secret in it read as a connection string,
 * else a URL with a literal password.  Non-zero when reported. */
static int secret_value(struct lint *l, struct holder *h, const struct xml_attr *a,
			enum value_form form, enum section section)
{
	const char *v = a->value;
	size_t n = a->value_len, start = 0, from, to, pw_from, pw_to;
	char subject[160], masked[64], key[48];

	value_trim(&v, &n);
	/* A connection string's secret follows an '=', a URL's password comes
	 * before an '@': most values hold neither and are done here. */
	if (form != FORM_URL && memchr(v, '=', n)) {
		struct conn_scan cs = {0};
		conn_scan(l, v, n, &cs, 0);
		/* In a value that may be anything, a ';' that separates text
		 * without '=' shows it is not a connection string. */
		if (cs.secrets > 0 && !(form == FORM_APP_SETTING && cs.bare > 0 && cs.sep == ';')) {
			describe(l, h, a, subject, sizeof subject);
			secret_mask(masked, sizeof masked, cs.value, cs.value_len);
			str_display(key, sizeof key, cs.key, cs.key_len);
			lint_report(l, RULE_HC6001, at_attr(h->e, a->name),
				    "%s holds a literal %s (%s)%s; %s", subject, key, masked,
				    cs.secrets > 1 ? " and more secrets" : "", advice(l, section));
			return 1;
		}
	}
	while (may_hold_url_password(v + start, n - start) &&
	       find(l, PAT_URL_PASSWORD, v, n, start, &from, &to) == 1) {
		if (!re_group(secrets_state_of(l)->match, 1, &pw_from, &pw_to))
			break;
		start = to;
		if (!secret_is_literal(l, v + pw_from, pw_to - pw_from))
			continue;
		describe(l, h, a, subject, sizeof subject);
		secret_mask(masked, sizeof masked, v + pw_from, pw_to - pw_from);
		lint_report(
			l, RULE_HC6001, at_attr(h->e, a->name),
			"%s holds a URL with a password (user:password@, password %s); take the "
			"credentials out of the URL and supply them at deployment from a secret "
			"store such as Azure Key Vault, or from the environment",
			subject, masked);
		return 1;
	}
	return 0;
}

int secret_protected(struct lint *l, const struct element *e)
{
	return secrets_state_of(l)->protected_bits != 0 ||
	       element_attr(l, e, "configProtectionProvider") != NULL;
}

/* ---- Named values: appSettings, environment variables (HC6001, HC6007, HC6009) -- */

static int all_digits(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return n > 0;
}

/* Whether the literal value v (trimmed), named name, is a credential by its
 * name's class: not a stand-in, switch, URL, path or sentence; not its own
 * name repeated (a token for a deployment tool); and for an issued key or
 * token not a number alone (an account or application id: Yubico's
 * client id, a Google Analytics number). */
static int credential_value(struct lint *l, enum key_class class, const char *name, size_t name_len,
			    const char *v, size_t n)
{
	return (class == KEY_CREDENTIAL || (class == KEY_TOKEN && !all_digits(v, n))) &&
	       secret_is_literal(l, v, n) && !(n == name_len && ascii_ncasecmp(v, name, n) == 0) &&
	       !secret_matches(l, PAT_NOT_CREDENTIAL, v, n);
}

/* HC6007 for a value given a name (appSettings key, environment variable):
 * named like a credential, or holding a well-known key format. */
static void named_value(struct lint *l, struct holder *h, const struct xml_attr *name,
			const struct xml_attr *value, enum key_class class, enum section section)
{
	const char *v = value->value;
	size_t n = value->value_len, from, to;
	char subject[160], masked[64];

	if (!lint_enabled(l, RULE_HC6007))
		return;
	value_trim(&v, &n);
	if (name && credential_value(l, class, name->value, name->value_len, v, n)) {
		describe(l, h, value, subject, sizeof subject);
		secret_mask(masked, sizeof masked, v, n);
		lint_report(l, RULE_HC6007, at_attr(h->e, value->name),
			    "%s is named like a credential and holds a literal value (%s); %s",
			    subject, masked, advice(l, section));
		return;
	}
	if (!may_hold_format(v, n))
		return;
	for (int p = PAT_FORMAT_FIRST; p < N_PATTERNS; p++) {
		int rc = find(l, (enum pattern)p, v, n, 0, &from, &to);
		if (rc < 0)
			return;
		if (rc == 0)
			continue;
		describe(l, h, value, subject, sizeof subject);
		secret_mask(masked, sizeof masked, v + from, to - from);
		lint_report(
			l, RULE_HC6007, at_attr(h->e, value->name),
			"%s holds %s (%s); revoke it, and keep its successor out of the file: %s",
			subject, pattern_defs[p].what, masked, advice(l, section));
		return;
	}
}

/* HC6009: a Telerik UI key written in the file. */
static void telerik_literal(struct lint *l, const struct element *e, const struct xml_attr *key,
			    const struct xml_attr *value)
{
	const char *v = value->value;
	size_t n = value->value_len;
	char shown[96], masked[64];

	value_trim(&v, &n);
	if (!secret_is_literal(l, v, n))
		return;
	str_display(shown, sizeof shown, key->value, key->value_len);
	secret_mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC6009, at_attr(e, value->name),
		    "appSettings key \"%s\" is a literal Telerik UI key (%s): whoever reads this "
		    "file can forge what RadAsyncUpload and the editor dialogs trust, which is how "
		    "CVE-2017-11317 and CVE-2019-18935 upload files and run code; generate a new "
		    "random key and %s",
		    shown, masked, advice(l, SECTION_APP_SETTINGS));
}

static void app_setting(struct lint *l, struct holder *h)
{
	const struct xml_attr *key = holder_named(l, h)->key,
			      *value = element_attr(l, h->e, "value");
	enum key_class class = key ? classify_key(key->value, key->value_len) : KEY_PLAIN;

	if (!value)
		return;
	if (key && telerik_key(key->value, key->value_len)) {
		telerik_literal(l, h->e, key, value);
		return;
	}
	if (!secret_value(l, h, value,
			  class == KEY_CONNECTION_STRING ? FORM_CONNECTION : FORM_APP_SETTING,
			  SECTION_APP_SETTINGS))
		named_value(l, h, key, value, class, SECTION_APP_SETTINGS);
}

/* Whether an environment variable holds a connection string by its name:
 * ASP.NET Core's ConnectionStrings__Name (or ConnectionStrings:Name), and
 * App Service's SQLCONNSTR_Name and the like. */
static int connection_variable(const char *k, size_t n)
{
	const char *underscore = memchr(k, '_', n);
	size_t head = underscore ? (size_t)(underscore - k) : 0;

	return secret_starts_with(k, n, "ConnectionStrings__") ||
	       secret_starts_with(k, n, "ConnectionStrings:") ||
	       (head >= 7 && ascii_ncasecmp(underscore - 7, "CONNSTR", 7) == 0) ||
	       classify_key(k, n) == KEY_CONNECTION_STRING;
}

/* aspNetCore/environmentVariables/environmentVariable: what ASP.NET Core
 * reads as configuration, so a secret there is as written as one in
 * appSettings. */
static void environment_variable(struct lint *l, const struct element *e, const void *arg)
{
	struct holder h = {.e = e, .parent = IN_OTHER};
	const struct xml_attr *name = holder_named(l, &h)->name,
			      *value = element_attr(l, e, "value");
	(void)arg;

	if (!value || secret_protected(l, e))
		return;
	if (!secret_value(l, &h, value,
			  name && connection_variable(name->value, name->value_len)
				  ? FORM_CONNECTION
				  : FORM_APP_SETTING,
			  SECTION_ENVIRONMENT))
		named_value(l, &h, name, value,
			    name ? classify_key(name->value, name->value_len) : KEY_PLAIN,
			    SECTION_ENVIRONMENT);
}

/* ---- Any element in reach (HC6001, HC6008) ------------------------------------ */

/* HC6008: an attribute named like a credential (password, smtpPassword,
 * apiKey, privateKey) with a literal value.  Names that are settings about
 * passwords (passwordFormat, minRequiredPasswordLength) are not: the last
 * word decides (rules/keys.c).  identity@password is HC6006's. */
static void credential_attribute(struct lint *l, struct holder *h, const struct xml_attr *a)
{
	size_t name_len = strlen(a->name), n = a->value_len;
	enum key_class class = classify_key(a->name, name_len);
	const char *v = a->value;
	char subject[160], masked[64];

	if ((class != KEY_CREDENTIAL && class != KEY_TOKEN) ||
	    (h->parent == IN_SYSTEM_WEB && is_named(h->e->name, "identity")))
		return;
	value_trim(&v, &n);
	/* processModel password="AutoGenerate": the ASP.NET account's own. */
	if (secret_starts_with(v, n, "AutoGenerate") ||
	    !credential_value(l, class, a->name, name_len, v, n))
		return;
	describe(l, h, a, subject, sizeof subject);
	secret_mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC6008, at_attr(h->e, a->name), "%s holds a clear-text %s (%s); %s",
		    subject, class == KEY_CREDENTIAL ? "password or secret" : "key or token",
		    masked, advice(l, h->parent == IN_SMTP ? SECTION_SMTP : SECTION_NONE));
}

static void scan_attribute(struct lint *l, struct holder *h, const struct xml_attr *a)
{
	const struct element *e = h->e;
	if (h->parent == IN_CONNECTION_STRINGS && is_named(e->name, "add") &&
	    is_named(a->name, "connectionString"))
		secret_value(l, h, a, FORM_CONNECTION, SECTION_CONNECTION_STRINGS);
	else if (h->parent == IN_SYSTEM_WEB && is_named(e->name, "sessionState") &&
		 is_named(a->name, "sqlConnectionString"))
		secret_value(l, h, a, FORM_CONNECTION, SECTION_SESSION);
	/* Other connection strings (ELMAH's errorLog, NLog's targets, log4net's
	 * <connectionString value>, session and cache providers) reach a
	 * database or a cache the same way. */
	else if (ascii_casecmp(a->name, "connectionString") == 0 ||
		 (ascii_casecmp(e->name, "connectionString") == 0 && is_named(a->name, "value")))
		secret_value(l, h, a, FORM_CONNECTION, SECTION_NONE);
	else if (!secret_value(l, h, a, FORM_URL, SECTION_NONE) && lint_enabled(l, RULE_HC6008))
		credential_attribute(l, h, a);
}

static void scan_start(struct lint *l, const struct element *e, const void *arg)
{
	struct secrets_state *s = secrets_state_of(l);
	enum parent parent = *(const enum parent *)arg;
	int protected = element_attr(l, e, "configProtectionProvider") != NULL;
	struct holder h = {.e = e, .parent = parent};

	s->protected_bits = s->protected_bits << 1 | (uint64_t) protected;
	if (s->protected_bits || (!lint_enabled(l, RULE_HC6001) && !lint_enabled(l, RULE_HC6007) &&
				  !lint_enabled(l, RULE_HC6008) && !lint_enabled(l, RULE_HC6009)))
		return;
	if (is_app_setting(l, e, parent)) {
		app_setting(l, &h);
		return;
	}
	/* Once the file has ended (the findings' cap), nothing more is kept. */
	for (size_t i = 0; i < e->n_attrs && !lint_stopped(l); i++)
		if (!e->attrs[i].prefix)
			scan_attribute(l, &h, &e->attrs[i]);
}

static void scan_end(struct lint *l, const void *arg)
{
	(void)arg;
	secrets_state_of(l)->protected_bits >>= 1;
}

/* ---- Hooks ---------------------------------------------------------------------- */

#define SCAN(path, kinds, parent)                                      \
	{                                                              \
		path, kinds, scan_start, scan_end, &parent_ids[parent] \
	}
#define SERVICE_PASSWORD(account, name)                                                \
	{                                                                              \
		account "/serviceaccountpassword", K_S, secret_service_password_start, \
			secret_service_password_end, name                              \
	}
#define APPHOST "system.applicationHost/"
#define CERT_MAPPING \
	"system.webServer/security/authentication/iisClientCertificateMappingAuthentication/"

/* The SCAN() kinds never change while a file is read (a web.config found
 * to be applicationHost.config or machine.config stays in K_CONFIG), so
 * every start has its end. */
static const struct hook hooks[] = {
	SCAN("*", 0, IN_ROOT),
	SCAN("connectionStrings/*", K_CONFIG, IN_CONNECTION_STRINGS),
	SCAN("appSettings/*", K_CONFIG, IN_APP_SETTINGS),
	SCAN("system.web/*", K_CONFIG, IN_SYSTEM_WEB),
	SCAN("system.web/sessionState/providers/*", K_CONFIG, IN_OTHER),
	SCAN("system.web/caching/outputCache/providers/*", K_CONFIG, IN_OTHER),
	SCAN("system.webServer/*", K_CONFIG, IN_OTHER),
	SCAN("system.webServer/rewrite/rules/rule/*", K_CONFIG, IN_OTHER),
	SCAN("system.webServer/rewrite/globalRules/rule/*", K_CONFIG, IN_OTHER),
	SCAN("system.net/defaultProxy/*", K_CONFIG, IN_OTHER),
	SCAN("system.net/mailSettings/smtp/*", K_CONFIG, IN_SMTP),
	SCAN("system.serviceModel/client/*", K_CONFIG, IN_OTHER),
	SCAN("elmah/*", K_CONFIG, IN_OTHER),
	SCAN("nlog/targets/*", K_CONFIG, IN_OTHER),
	SCAN("log4net/appender/*", K_CONFIG, IN_OTHER),
	SCAN("server/*", K_S, IN_OTHER),
	SCAN("srsdataconnector/*", K_S, IN_OTHER),
	{"system.web/machineKey", K_CONFIG, secret_machine_key, NULL, NULL},
	{APPHOST "applicationPools/add/processModel", K_CONFIG, secret_iis_password, NULL,
	 &secret_pool_password},
	{APPHOST "applicationPools/applicationPoolDefaults/processModel", K_CONFIG,
	 secret_iis_password, NULL, &secret_pool_password},
	{APPHOST "sites/virtualDirectoryDefaults", K_CONFIG, secret_iis_password, NULL,
	 &secret_vdir_defaults_password},
	{APPHOST "sites/site/virtualDirectoryDefaults", K_CONFIG, secret_iis_password, NULL,
	 &secret_vdir_defaults_password},
	{APPHOST "sites/site/application/virtualDirectoryDefaults", K_CONFIG, secret_iis_password,
	 NULL, &secret_vdir_defaults_password},
	{APPHOST "sites/site/application/virtualDirectory", K_CONFIG, secret_iis_password, NULL,
	 &secret_vdir_password},
	{APPHOST "sites/site/ftpServer/userIsolation/activeDirectory", K_CONFIG,
	 secret_iis_password, NULL, &secret_ftp_password},
	{APPHOST "sites/siteDefaults/ftpServer/userIsolation/activeDirectory", K_CONFIG,
	 secret_iis_password, NULL, &secret_ftp_password},
	{"system.webServer/security/authentication/anonymousAuthentication", K_CONFIG,
	 secret_iis_password, NULL, &secret_anonymous_password},
	{CERT_MAPPING "oneToOneMappings/add", K_CONFIG, secret_iis_password, NULL,
	 &secret_one_to_one_password},
	{CERT_MAPPING "manyToOneMappings/add", K_CONFIG, secret_iis_password, NULL,
	 &secret_many_to_one_password},
	SERVICE_PASSWORD("server/crmserviceaccount", "CrmServiceAccount"),
	SERVICE_PASSWORD("server/sandboxserviceaccount", "SandboxServiceAccount"),
	SERVICE_PASSWORD("server/deploymentserviceaccount", "DeploymentServiceAccount"),
	SERVICE_PASSWORD("server/asyncserviceaccount", "AsyncServiceAccount"),
	SERVICE_PASSWORD("server/vsswriterserviceaccount", "VSSWriterServiceAccount"),
	SERVICE_PASSWORD("server/monitoringserviceaccount", "MonitoringServiceAccount"),
	SERVICE_PASSWORD("srsdataconnector/monitoringserviceaccount", "MonitoringServiceAccount"),
	/* Reporting Extensions files of CRM 2011 */
	SERVICE_PASSWORD("srsdataconnector/monitoring", "Monitoring"),
	{"server/configdb/encryptionkeys", K_S, secret_encryption_keys, NULL, NULL},
	{"system.web/identity", K_CONFIG, secret_identity, NULL, NULL},
	{"system.webServer/aspNetCore/environmentVariables/environmentVariable", K_CONFIG,
	 environment_variable, NULL, NULL},
};

const struct family family_secrets = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct secrets_state),
	.secrets = 1,
	.reads_text = 1, /* a Setup service account's password */
	.free_state = free_state,
	.shared_new = shared_new,
	.shared_free = shared_free,
};
