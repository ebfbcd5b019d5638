/*
 * transport.c - what protects traffic on the wire: WCF bindings without
 * security (HC1040) and connection strings that turn encryption or its
 * certificate checks off (HC1043).  The WCF certificate settings that are
 * one attribute each (HC1041, HC1042) are rows of settings.def.
 */
#include "rules/families.h"
#include "rules/read.h"

#include "util/connstr.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define SHOWN 96

struct transport_state {
	/* HC1040: the open <security> has mode="TransportCredentialOnly" */
	int credential_only;
};

static struct transport_state *state(struct lint *l)
{
	return lint_state(l, &family_transport);
}

/* ---- HC1040: WCF bindings without security ------------------------------------
 * Each binding type has its own security-mode enum; together they accept
 * these names (read case-sensitively, as .NET reads enums).  A value that
 * is no choice is left to WCF: which names a binding accepts differs. */

#define MODES "None|Transport|Message|TransportWithMessageCredential|TransportCredentialOnly|Both"
enum { MODE_NONE = 0, MODE_CREDENTIAL_ONLY = 4 };

static void security_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "mode");
	const char *binding = arg;
	char shown[SHOWN];
	int mode = a ? value_choice(VALUE_NET_ENUM, MODES, a->value, a->value_len) : -1;

	state(l)->credential_only = mode == MODE_CREDENTIAL_ONLY;
	if (mode != MODE_NONE)
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC1040, at_attr(e, a->name),
		    "%s %s mode=\"%s\" turns off transport and message security: calls and "
		    "replies cross the network readable and changeable, and callers are not "
		    "authenticated; use mode=\"Transport\" over https, or \"Message\"",
		    binding, e->name, shown);
}

static void security_end(struct lint *l, const void *arg)
{
	(void)arg;
	state(l)->credential_only = 0;
}

static void transport_start(struct lint *l, const struct element *e, const void *arg)
{
	static const char basic[] = "Basic";
	const struct xml_attr *a = element_attr(l, e, "clientCredentialType");
	const char *binding = arg;

	if (!state(l)->credential_only || !a || a->value_len != sizeof basic - 1 ||
	    memcmp(a->value, basic, sizeof basic - 1) != 0)
		return;
	lint_report(l, RULE_HC1040, at_attr(e, a->name),
		    "%s security mode=\"TransportCredentialOnly\" with %s "
		    "clientCredentialType=\"Basic\" sends the user name and password with every "
		    "call over plain HTTP; use mode=\"Transport\" over https",
		    binding, e->name);
}

/* ---- HC1043: connection strings without encryption or certificate checks --------- */

static int value_is(const struct connstr_pair *p, const char *const *names)
{
	for (; *names; names++)
		if (p->value_len == strlen(*names) &&
		    ascii_ncasecmp(p->value, *names, p->value_len) == 0)
			return 1;
	return 0;
}

static int starts_with_ci(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	return n >= m && ascii_ncasecmp(s, prefix, m) == 0;
}

/* Whether a server name stays on this machine (or is a file: SQL Server
 * Compact and SQLite call their database file the Data Source too). */
static int local_server(const char *s, size_t n)
{
	static const char *const protocols[] = {"tcp:", "np:", "lpc:", "admin:"};
	static const char *const hosts[] = {".",         "(local)", "localhost",
					    "127.0.0.1", "::1",     "[::1]"};
	size_t host;

	if (memchr(s, '|', n) || memchr(s, '/', n) || (n > 1 && s[1] == ':') ||
	    starts_with_ci(s, n, "(localdb)") || starts_with_ci(s, n, "\\\\.\\"))
		return 1;
	for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
		if (starts_with_ci(s, n, protocols[i])) {
			size_t m = strlen(protocols[i]);
			s += m;
			n -= m;
			break;
		}
	if (starts_with_ci(s, n, "\\\\.\\") || starts_with_ci(s, n, "(localdb)"))
		return 1;
	host = 0;
	while (host < n && s[host] != '\\' && s[host] != ',')
		host++;
	while (host > 0 && s[host - 1] == ' ')
		host--;
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		if (host == strlen(hosts[i]) && ascii_ncasecmp(s, hosts[i], host) == 0)
			return 1;
	return 0;
}

struct tls_scan {
	struct connstr_pair server, encrypt, trust; /* key NULL: not written */
};

static void tls_scan(const char *s, size_t n, struct tls_scan *out, int nested)
{
	static const char *const server_keys[] = {"Data Source", "Server",          "Address",
						  "Addr",        "Network Address", "Host"};
	struct connstr c;
	struct connstr_pair p;

	connstr_init(&c, s, n);
	while (connstr_next(&c, &p)) {
		if (!p.value)
			continue;
		if (!nested && connstr_key_is(p.key, p.key_len, "provider connection string")) {
			tls_scan(p.value, p.value_len, out, 1);
			continue;
		}
		for (size_t i = 0; i < sizeof server_keys / sizeof server_keys[0]; i++)
			if (connstr_key_is(p.key, p.key_len, server_keys[i]))
				out->server = p;
		if (connstr_key_is(p.key, p.key_len, "Encrypt"))
			out->encrypt = p;
		else if (connstr_key_is(p.key, p.key_len, "TrustServerCertificate"))
			out->trust = p;
	}
}

static void connection_tls(struct lint *l, const struct element *e, const struct xml_attr *a,
			   const char *subject)
{
	static const char *const off[] = {"false", "no", "optional", NULL};
	static const char *const on[] = {"true", "yes", NULL};
	struct tls_scan t = {0};
	char server[SHOWN], shown[SHOWN];

	tls_scan(a->value, a->value_len, &t, 0);
	if (!t.server.key || t.server.value_len == 0 ||
	    local_server(t.server.value, t.server.value_len))
		return;
	str_display(server, sizeof server, t.server.value, t.server.value_len);
	if (t.encrypt.key && value_is(&t.encrypt, off)) {
		str_display(shown, sizeof shown, t.encrypt.value, t.encrypt.value_len);
		lint_report(l, RULE_HC1043, at_attr(e, a->name),
			    "%s: Encrypt=%s to server \"%s\" sends queries, results and SQL logins "
			    "unencrypted over the network; set Encrypt=True with a certificate the "
			    "clients trust",
			    subject, shown, server);
	} else if (t.trust.key && value_is(&t.trust, on)) {
		str_display(shown, sizeof shown, t.trust.value, t.trust.value_len);
		lint_report(
			l, RULE_HC1043, at_attr(e, a->name),
			"%s: TrustServerCertificate=%s accepts any certificate from server "
			"\"%s\", so a man in the middle can read the connection; set "
			"TrustServerCertificate=False and give the server a trusted certificate",
			subject, shown, server);
	}
}

static void connection_string_add(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "connectionString");
	const struct xml_attr *name = element_attr(l, e, "name");
	char shown[SHOWN], subject[SHOWN + 32];
	(void)arg;

	if (!a)
		return;
	str_display(shown, sizeof shown, name ? name->value : "", name ? name->value_len : 0);
	snprintf(subject, sizeof subject, "connection string \"%s\"", shown);
	connection_tls(l, e, a, subject);
}

static void session_state(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *a = element_attr(l, e, "sqlConnectionString");
	(void)arg;
	if (a)
		connection_tls(l, e, a, "sessionState sqlConnectionString");
}

/* ---- The family ---------------------------------------------------------------- */

#define BINDING(type)                                                                         \
	{"system.serviceModel/bindings/" type "/binding/security", K_CONFIG, security_start,  \
	 security_end, type},                                                                 \
	{                                                                                     \
		"system.serviceModel/bindings/" type "/binding/security/transport", K_CONFIG, \
			transport_start, NULL, type                                           \
	}

static const struct hook hooks[] = {
	BINDING("basicHttpBinding"),
	BINDING("basicHttpsBinding"),
	BINDING("basicHttpContextBinding"),
	BINDING("wsHttpBinding"),
	BINDING("ws2007HttpBinding"),
	BINDING("wsHttpContextBinding"),
	BINDING("wsDualHttpBinding"),
	BINDING("wsFederationHttpBinding"),
	BINDING("ws2007FederationHttpBinding"),
	BINDING("webHttpBinding"),
	BINDING("netHttpBinding"),
	BINDING("netHttpsBinding"),
	BINDING("netTcpBinding"),
	BINDING("netTcpContextBinding"),
	BINDING("netMsmqBinding"),
	BINDING("msmqIntegrationBinding"),
	BINDING("netPeerTcpBinding"),
	{"connectionStrings/add", K_CONFIG, connection_string_add, NULL, NULL},
	{"system.web/sessionState", K_CONFIG, session_state, NULL, NULL},
};

const struct family family_transport = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct transport_state),
};
