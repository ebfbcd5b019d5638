/*
 * connstr.h - reading a connection string's key=value pairs as .NET's
 * DbConnectionStringBuilder does, without copying: each pair points into
 * the string.
 */
#ifndef HC_CONNSTR_H
#define HC_CONNSTR_H

#include <stddef.h>

/* A walk over one connection string (set up by connstr_init). */
struct connstr {
	const char *p, *end;
	char sep; /* ';', or ',' for StackExchange.Redis strings ("host:6379,ssl=true") */
};

/* One token: key=value (key trimmed, "==" in it kept as written; value
 * trimmed, or unquoted from ' or " with a doubled quote kept as written),
 * or a bare token without '=' (value NULL). */
struct connstr_pair {
	const char *key, *value;
	size_t key_len, value_len;
};

/* Starts a walk over the n bytes at s: pairs are separated by ';', or by
 * ',' when s has no ';' but a ','. */
void connstr_init(struct connstr *c, const char *s, size_t n);

/* The next token into *out: 1, or 0 at the end. */
int connstr_next(struct connstr *c, struct connstr_pair *out);

/* Non-zero when the n bytes at k name key, compared as .NET compares
 * connection-string keys: any letter case, and here also without spaces
 * ("Trust Server Certificate" is TrustServerCertificate). */
int connstr_key_is(const char *k, size_t n, const char *key);

#endif
