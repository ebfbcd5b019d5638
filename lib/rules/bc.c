/* bc.c - Business Central / NAV server CustomSettings.config, HC5xxx.
 *
 * The file is <appSettings> with one <add key="..." value="..."/> per setting.
 * Keys are matched case-sensitively, as the server looks them up.  Values are
 * read leniently, as the shipped files write them: booleans "true"/"false" in
 * any case with surrounding spaces ignored (the shipped files mix "true" and
 * "True"), names of enumerations in any case ("NavUSerPassword" occurs), ports
 * as integers.  A value read no other way is left alone: how the server treats
 * it is not documented.  A key written twice counts as its last value. */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/origin.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

enum key {
	KEY_PROTECTION,
	KEY_CERT_VALIDATION,
	KEY_CREDENTIAL_TYPE,
	KEY_THUMBPRINT,
	KEY_MGMT_ON,
	KEY_MGMT_PORT,
	KEY_CLIENT_ON,
	KEY_CLIENT_PORT,
	KEY_SOAP_ON,
	KEY_SOAP_SSL,
	KEY_SOAP_PORT,
	KEY_ODATA_ON,
	KEY_ODATA_SSL,
	KEY_ODATA_PORT,
	KEY_DEV_ON,
	KEY_DEV_SSL,
	KEY_DEV_PORT,
	KEY_SNAPSHOT_ON,
	KEY_SNAPSHOT_PORT,
	KEY_MGMTAPI_ON,
	KEY_MGMTAPI_PORT,
	KEY_CLIENT_SSL,
	KEY_SNAPSHOT_SSL,
	KEY_MGMTAPI_SSL,
	KEY_QUERY_ON,
	KEY_QUERY_SSL,
	KEY_PUBLIC_WEB,
	KEY_PUBLIC_ODATA,
	KEY_PUBLIC_SOAP,
	N_KEYS
};

enum type { BOOL, PORT, TEXT, PROTECTION, CREDENTIAL, URL };

static const struct key_def {
	const char *name;
	enum type type;
} keys[N_KEYS] = {
	[KEY_PROTECTION] = {"ClientServicesProtectionLevel", PROTECTION},
	[KEY_CERT_VALIDATION] = {"ServicesCertificateValidationEnabled", BOOL},
	[KEY_CREDENTIAL_TYPE] = {"ClientServicesCredentialType", CREDENTIAL},
	[KEY_THUMBPRINT] = {"ServicesCertificateThumbprint", TEXT},
	[KEY_MGMT_ON] = {"ManagementServicesEnabled", BOOL},
	[KEY_MGMT_PORT] = {"ManagementServicesPort", PORT},
	[KEY_CLIENT_ON] = {"ClientServicesEnabled", BOOL},
	[KEY_CLIENT_PORT] = {"ClientServicesPort", PORT},
	[KEY_SOAP_ON] = {"SOAPServicesEnabled", BOOL},
	[KEY_SOAP_SSL] = {"SOAPServicesSSLEnabled", BOOL},
	[KEY_SOAP_PORT] = {"SOAPServicesPort", PORT},
	[KEY_ODATA_ON] = {"ODataServicesEnabled", BOOL},
	[KEY_ODATA_SSL] = {"ODataServicesSSLEnabled", BOOL},
	[KEY_ODATA_PORT] = {"ODataServicesPort", PORT},
	[KEY_DEV_ON] = {"DeveloperServicesEnabled", BOOL},
	[KEY_DEV_SSL] = {"DeveloperServicesSSLEnabled", BOOL},
	[KEY_DEV_PORT] = {"DeveloperServicesPort", PORT},
	[KEY_SNAPSHOT_ON] = {"SnapshotDebuggerEnabled", BOOL},
	[KEY_SNAPSHOT_PORT] = {"SnapshotDebuggerServicesPort", PORT},
	[KEY_MGMTAPI_ON] = {"ManagementApiServicesEnabled", BOOL},
	[KEY_MGMTAPI_PORT] = {"ManagementApiServicesPort", PORT},
	[KEY_CLIENT_SSL] = {"ClientServicesSSLEnabled", BOOL},
	[KEY_SNAPSHOT_SSL] = {"SnapshotDebuggerServicesSSLEnabled", BOOL},
	[KEY_MGMTAPI_SSL] = {"ManagementApiServicesSSLEnabled", BOOL},
	[KEY_QUERY_ON] = {"DesignedQueryServicesEnabled", BOOL},
	[KEY_QUERY_SSL] = {"DesignedQueryServicesSSLEnabled", BOOL},
	[KEY_PUBLIC_WEB] = {"PublicWebBaseUrl", URL},
	[KEY_PUBLIC_ODATA] = {"PublicODataBaseUrl", URL},
	[KEY_PUBLIC_SOAP] = {"PublicSOAPBaseUrl", URL},
};

static const char protection_levels[] = "EncryptAndSign|Sign|None";
enum { PROTECT_ENCRYPT_AND_SIGN, PROTECT_SIGN, PROTECT_NONE };

/* The documented credential types, internal ones included. */
static const char credential_types[] =
	"Windows|UserName|NavUserPassword|AccessControlService|None|ExchangeIdentity|"
	"TaskScheduler|Impersonate";
enum { CRED_WINDOWS, CRED_USER_NAME, CRED_NAV_USER_PASSWORD };

/* A key as last written: value is the parsed value (a boolean, a port, the
 * index of a name, for text whether it is not blank, for a URL whether it
 * is http://), -1 when unreadable. */
struct bc_setting {
	int present;
	long long value;
	struct anchor at; /* the add element's value attribute */
	char shown[48];
};

struct bc_state {
	struct bc_setting s[N_KEYS];
};

static struct bc_state *state(struct lint *l)
{
	return lint_state(l, &family_bc);
}

static int is_blank(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' && v[i] != '\n')
			return 0;
	return 1;
}

static long long parse(enum type type, const char *v, size_t n)
{
	long long port;
	switch (type) {
	case BOOL:
		return value_choice(VALUE_NET_BOOL, NULL, v, n);
	case PORT:
		return value_net_int(v, n, 1, &port) == 0 && port >= 1 && port <= 65535 ? port : -1;
	case TEXT:
		return !is_blank(v, n);
	case PROTECTION:
		return value_choice(VALUE_LOOSE_ENUM, protection_levels, v, n);
	case CREDENTIAL:
		return value_choice(VALUE_LOOSE_ENUM, credential_types, v, n);
	case URL:
		value_trim(&v, &n);
		return n > 7 && ascii_ncasecmp(v, "http://", 7) == 0;
	}
	return -1;
}

/* ---- Settings reported where they are written (HC5001, HC5003, HC5006) ----- */

static void explicit_checks(struct lint *l, enum key k, const struct bc_setting *s)
{
	if (k == KEY_PROTECTION && (s->value == PROTECT_SIGN || s->value == PROTECT_NONE))
		lint_report(l, RULE_HC5001, s->at,
			    "ClientServicesProtectionLevel value=\"%s\" %s the data stream between "
			    "clients and the server; set value=\"EncryptAndSign\"",
			    s->shown,
			    s->value == PROTECT_SIGN ? "signs but does not encrypt"
						     : "neither signs nor encrypts");
	else if (keys[k].type == URL && s->value == 1)
		lint_report(l, RULE_HC5006, s->at,
			    "%s value=\"%s\" gives clients, and the links the server writes into "
			    "e-mails, reports and documents, a plain http address, so credentials "
			    "and data cross the network in clear text; set an https:// URL and "
			    "bind a certificate to it",
			    keys[k].name, s->shown);
	else if (k == KEY_CERT_VALIDATION && s->value == 0)
		lint_report(l, RULE_HC5003, s->at,
			    "ServicesCertificateValidationEnabled value=\"%s\" lets the server use "
			    "a certificate that is not trusted, has no revocation list or does not "
			    "match its name; set value=\"true\" and use a trusted certificate",
			    s->shown);
}

static void add_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *key = element_attr(l, e, "key"), *value;
	struct bc_setting *s;
	(void)arg;

	if (!key)
		return;
	for (size_t k = 0; k < N_KEYS; k++) {
		if (strlen(keys[k].name) != key->value_len ||
		    memcmp(keys[k].name, key->value, key->value_len) != 0)
			continue;
		value = element_attr(l, e, "value");
		s = &state(l)->s[k];
		s->present = 1;
		s->at = at_attr(e, "value");
		s->value = parse(keys[k].type, value ? value->value : "",
				 value ? value->value_len : 0);
		str_display(s->shown, sizeof s->shown, value ? value->value : "",
			    value ? value->value_len : 0);
		explicit_checks(l, (enum key)k, s);
		return;
	}
}

/* ---- Services (HC5002, HC5005) -------------------------------------------------
 * A service is judged when the file writes its switch, its SSL setting or its
 * port; one the file says nothing about is left alone.  Defaults are those of
 * Microsoft's "Configuring Business Central Server"; where that page has none
 * (snapshot debugger, management API), only an explicit true counts, and the
 * ports are those of the shipped CustomSettings.config.  Every service with
 * an ...SSLEnabled setting is judged for it, each defaulting to false. */

static const struct service {
	const char *what;
	enum key on, ssl, port; /* ssl, port: N_KEYS for services without one */
	int on_default;         /* -1: not documented */
	long long default_port;
} services[] = {
	{"management services", KEY_MGMT_ON, N_KEYS, KEY_MGMT_PORT, 1, 7045},
	{"client services", KEY_CLIENT_ON, KEY_CLIENT_SSL, KEY_CLIENT_PORT, 1, 7046},
	{"SOAP web services", KEY_SOAP_ON, KEY_SOAP_SSL, KEY_SOAP_PORT, 0, 7047},
	{"OData web services", KEY_ODATA_ON, KEY_ODATA_SSL, KEY_ODATA_PORT, 1, 7048},
	{"developer services", KEY_DEV_ON, KEY_DEV_SSL, KEY_DEV_PORT, 0, 7049},
	{"snapshot debugger services", KEY_SNAPSHOT_ON, KEY_SNAPSHOT_SSL, KEY_SNAPSHOT_PORT, -1,
	 7083},
	{"management API services", KEY_MGMTAPI_ON, KEY_MGMTAPI_SSL, KEY_MGMTAPI_PORT, -1, 7086},
	{"designed query services", KEY_QUERY_ON, KEY_QUERY_SSL, N_KEYS, -1, 0},
};

/* A setting's value in force: as written, else the default; -1 when unknown. */
static long long effective(const struct bc_setting *s, long long fallback)
{
	return s->present ? s->value : fallback;
}

/* How a message says the service is on: as written, or by default. */
static void enabled_by(struct lint *l, const struct service *sv, const struct bc_setting *on,
		       char *buf, size_t size)
{
	unsigned line;
	if (!on->present) {
		snprintf(buf, size, "on by default");
		return;
	}
	lint_locate(l, on->at, &line);
	snprintf(buf, size, "%s=\"%s\", line %u", keys[sv->on].name, on->shown, line);
}

static void judge_ssl(struct lint *l, const struct service *sv, const struct bc_setting *all)
{
	const struct bc_setting *on = &all[sv->on], *ssl;
	char why[128];

	if (sv->ssl == N_KEYS)
		return;
	ssl = &all[sv->ssl];
	if ((!on->present && !ssl->present) || effective(on, sv->on_default) != 1 ||
	    effective(ssl, 0) != 0)
		return;
	if (ssl->present) {
		enabled_by(l, sv, on, why, sizeof why);
		lint_report(l, RULE_HC5002, ssl->at,
			    "%s value=\"%s\" serves %s (%s) over plain http, so credentials and "
			    "business data cross the network in clear text; set value=\"true\" "
			    "and bind a certificate (ServicesCertificateThumbprint)",
			    keys[sv->ssl].name, ssl->shown, sv->what, why);
	} else {
		lint_report(l, RULE_HC5002, on->at,
			    "%s value=\"%s\" turns on %s, and %s is not set (default false), so "
			    "they are served over plain http; add <add key=\"%s\" value=\"true\"/> "
			    "and bind a certificate",
			    keys[sv->on].name, on->shown, sv->what, keys[sv->ssl].name,
			    keys[sv->ssl].name);
	}
}

static void judge_port(struct lint *l, const struct service *sv, const struct bc_setting *all)
{
	const struct bc_setting *on = &all[sv->on], *port;
	char why[128];

	if (sv->port == N_KEYS)
		return;
	port = &all[sv->port];
	if ((!on->present && !port->present) || effective(on, sv->on_default) != 1 ||
	    effective(port, sv->default_port) != sv->default_port)
		return;
	if (port->present) {
		enabled_by(l, sv, on, why, sizeof why);
		lint_report(l, RULE_HC5005, port->at,
			    "%s value=\"%s\": %s (%s) listen on their default port; allow it "
			    "through the firewall only from the computers that need it (e.g. the "
			    "local subnet)",
			    keys[sv->port].name, port->shown, sv->what, why);
	} else {
		lint_report(
			l, RULE_HC5005, on->at,
			"%s value=\"%s\": %s listen on their default port %lld (%s is not set); "
			"allow it through the firewall only from the computers that need it "
			"(e.g. the local subnet)",
			keys[sv->on].name, on->shown, sv->what, sv->default_port,
			keys[sv->port].name);
	}
}

/* ---- HC5004: user name and password without a service certificate --------- */

static void judge_credentials(struct lint *l, const struct bc_setting *all)
{
	const struct bc_setting *type = &all[KEY_CREDENTIAL_TYPE], *cert = &all[KEY_THUMBPRINT];

	if (!type->present ||
	    (type->value != CRED_USER_NAME && type->value != CRED_NAV_USER_PASSWORD) ||
	    effective(cert, 0) == 1)
		return;
	lint_report(l, RULE_HC5004, type->at,
		    "ClientServicesCredentialType value=\"%s\" has clients send user names and "
		    "passwords, and %s; set ServicesCertificateThumbprint to the certificate "
		    "that protects them, or use Windows or Microsoft Entra ID authentication",
		    type->shown,
		    cert->present ? "ServicesCertificateThumbprint is empty"
				  : "no ServicesCertificateThumbprint is set");
}

/* ---- The family ---------------------------------------------------------------- */

static void finish(struct lint *l)
{
	const struct bc_setting *all = state(l)->s;

	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		judge_ssl(l, &services[i], all);
	judge_credentials(l, all);
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		judge_port(l, &services[i], all);
}

static const struct hook hooks[] = {
	{"add", K_B, add_start, NULL, NULL},
};

const struct family family_bc = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct bc_state),
	.finish = finish,
};
