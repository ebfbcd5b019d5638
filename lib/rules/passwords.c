/* passwords.c - the passwords that one product keeps in its own
 * attributes or elements, HC6002-HC6006: ASP.NET's machineKey and
 * impersonated identity, IIS's accounts, Dynamics Setup XML's service
 * accounts and encryption key.  Their hooks are in rules/secrets.c. */
#include "rules/families.h"
#include "rules/secrets.h"

#include "util/util.h"
#include "util/value.h"

#include <string.h>

/* The attribute name of e when it holds a literal (not a placeholder), its
 * value trimmed into *v, *n; NULL otherwise. */
static const struct xml_attr *literal_attr(struct lint *l, const struct element *e,
					   const char *name, const char **v, size_t *n)
{
	const struct xml_attr *a = element_attr(l, e, name);
	if (!a)
		return NULL;
	*v = a->value;
	*n = a->value_len;
	value_trim(v, n);
	return secret_is_literal(l, *v, *n) ? a : NULL;
}

/* ---- machineKey (HC6002) ------------------------------------------------------ */

void secret_machine_key(struct lint *l, const struct element *e, const void *arg)
{
	static const char *const names[] = {"validationKey", "decryptionKey"};
	char masked[64];
	(void)arg;

	if (secret_protected(l, e))
		return;
	for (size_t i = 0; i < 2; i++) {
		const char *v;
		size_t n;
		const struct xml_attr *a = literal_attr(l, e, names[i], &v, &n);
		if (!a || secret_starts_with(v, n, "AutoGenerate"))
			continue;
		secret_mask(masked, sizeof masked, v, n);
		lint_report(
			l, RULE_HC6002, at_attr(e, a->name),
			"machineKey %s is a literal key (%s): whoever reads this file can forge "
			"view state and authentication tickets, and a published key lets them "
			"run code through view state; use \"AutoGenerate,IsolateApps\", or for a "
			"web farm generate new keys and keep them out of the file (aspnet_regiis "
			"-pe \"system.web/machineKey\")",
			a->name, masked);
	}
}

/* ---- IIS passwords (HC6003) --------------------------------------------------- */

const struct iis_password_def secret_pool_password = {"password", "processModel"},
			      secret_vdir_password = {"password", "virtualDirectory"},
			      secret_vdir_defaults_password = {"password",
							       "virtualDirectoryDefaults"},
			      secret_ftp_password = {"adPassword", "ftpServer activeDirectory"},
			      secret_anonymous_password = {"password", "anonymousAuthentication"},
			      secret_one_to_one_password = {"password", "oneToOneMappings add"},
			      secret_many_to_one_password = {"password", "manyToOneMappings add"};

void secret_iis_password(struct lint *l, const struct element *e, const void *arg)
{
	const struct iis_password_def *def = arg;
	const char *v;
	size_t n;
	char masked[64];
	/* Most of these elements (every pool's processModel, every virtual
	 * directory) have no password: nothing else is asked of those. */
	const struct xml_attr *a = element_attr(l, e, def->attr) && !secret_protected(l, e)
					   ? literal_attr(l, e, def->attr, &v, &n)
					   : NULL;

	if (!a ||
	    (secret_starts_with(v, n, "[enc:") && n >= 10 && memcmp(v + n - 5, ":enc]", 5) == 0))
		return;
	secret_mask(masked, sizeof masked, v, n);
	lint_report(
		l, RULE_HC6003, at_attr(e, a->name),
		"%s %s is stored in clear text (%s); set it with IIS Manager or appcmd, which "
		"store it encrypted as [enc:AesProvider:...:enc], or use an identity that needs "
		"no password (ApplicationPoolIdentity, pass-through authentication)",
		def->element, a->name, masked);
}

/* ---- Dynamics Setup XML (HC6004, HC6005) -------------------------------------- */

void secret_service_password_start(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	secrets_state_of(l)->password_at = at_element(e);
}

/* arg: the service account's name. */
void secret_service_password_end(struct lint *l, const void *arg)
{
	size_t n;
	const char *v = lint_element_text(l, &n);
	char masked[64];

	value_trim(&v, &n);
	/* Setup uses the text as the password, whatever it says: only a
	 * template token for a deployment tool is no password ("password" or
	 * "ChangeMe" would be the account's). */
	if (n == 0 || secret_matches(l, PAT_PLACEHOLDER, v, n))
		return;
	secret_mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC6004, secrets_state_of(l)->password_at,
		    "%s ServiceAccountPassword holds a clear-text password (%s); Setup needs it "
		    "only while it runs: delete the element, or the file, once the server is "
		    "installed, and change the password if the file was shared",
		    (const char *)arg, masked);
}

void secret_encryption_keys(struct lint *l, const struct element *e, const void *arg)
{
	static const char *const names[] = {"password", "keysource"};
	char masked[64];
	(void)arg;

	for (size_t i = 0; i < 2; i++) {
		const char *v;
		size_t n;
		const struct xml_attr *a = literal_attr(l, e, names[i], &v, &n);
		if (!a)
			continue;
		secret_mask(masked, sizeof masked, v, n);
		lint_report(
			l, RULE_HC6005, at_attr(e, a->name),
			"encryptionkeys %s is stored in clear text (%s): with it the "
			"deployment's data encryption keys can be recovered; remove it from the "
			"file once Setup has run",
			a->name, masked);
	}
}

/* ---- system.web/identity (HC6006) --------------------------------------------- */

void secret_identity(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *impersonate = element_attr(l, e, "impersonate"),
			      *password = element_attr(l, e, "password");
	const char *v;
	size_t n;
	char masked[64];
	(void)arg;

	if (!impersonate || !password || secret_protected(l, e) ||
	    value_choice(VALUE_NET_BOOL, NULL, impersonate->value, impersonate->value_len) != 1)
		return;
	v = password->value;
	n = password->value_len;
	value_trim(&v, &n);
	/* "registry:HKLM\...,password" names a DPAPI-encrypted registry value
	 * written by aspnet_setreg. */
	if (secret_starts_with(v, n, "registry:") || !secret_is_literal(l, v, n))
		return;
	secret_mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC6006, at_attr(e, password->name),
		    "identity impersonate=\"true\" with a clear-text password (%s): whoever reads "
		    "this file can log on as the account; encrypt the section (aspnet_regiis -pe "
		    "\"system.web/identity\"), or run the application pool as that account instead",
		    masked);
}
