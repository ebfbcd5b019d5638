/* secrets.h - what the secret rules' files share (rules/secrets.c: the
 * patterns, values and hooks; rules/passwords.c: the password attributes
 * and elements that one product defines, HC6002-HC6006). */
#ifndef HC_SECRETS_H
#define HC_SECRETS_H

#include "rules/patterns.h"
#include "scan/lint.h"

#include <stdint.h>

struct secrets_state {
	struct re_match *match; /* made at the first search */
	/* One bit per open element that a SCAN() hook pushed, innermost in bit
	 * 0: set when it carries configProtectionProvider.  The listed paths
	 * nest far less than 64 deep. */
	uint64_t protected_bits;
	struct anchor password_at; /* HC6004: the open <ServiceAccountPassword> */
};

struct secrets_state *secrets_state_of(struct lint *l);

/* Whether pattern p matches text; running out of memory counts as a match,
 * which reports nothing (the call ends without a report anyway). */
int secret_matches(struct lint *l, enum pattern p, const char *text, size_t len);

/* Whether the n bytes at v start with prefix, without case. */
int secret_starts_with(const char *v, size_t n, const char *prefix);

/* Non-zero when a value (trimmed) is a clear-text secret: not blank, not a
 * template token, not a stand-in for the real thing. */
int secret_is_literal(struct lint *l, const char *v, size_t n);

/* How messages show a secret: "Pa***", 11 characters. */
void secret_mask(char *buf, size_t size, const char *v, size_t n);

/* Whether e is, or sits in, a section protected with configProtectionProvider. */
int secret_protected(struct lint *l, const struct element *e);

/* ---- rules/passwords.c ---- */

/* Where IIS keeps a password: the attribute, and what messages call its
 * element (the arg of iis_password). */
struct iis_password_def {
	const char *attr, *element;
};

extern const struct iis_password_def secret_pool_password, secret_vdir_password,
	secret_vdir_defaults_password, secret_ftp_password, secret_anonymous_password,
	secret_one_to_one_password, secret_many_to_one_password;

void secret_machine_key(struct lint *l, const struct element *e, const void *arg);  /* HC6002 */
void secret_iis_password(struct lint *l, const struct element *e, const void *arg); /* HC6003 */
void secret_service_password_start(struct lint *l, const struct element *e, const void *arg);
void secret_service_password_end(struct lint *l, const void *arg); /* HC6004; arg: the account */
void secret_encryption_keys(struct lint *l, const struct element *e, const void *arg); /* HC6005 */
void secret_identity(struct lint *l, const struct element *e, const void *arg);        /* HC6006 */

#endif
