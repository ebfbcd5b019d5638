/*
 * connstr.c - connection strings read as key=value pairs (connstr.h).
 */
#include "util/connstr.h"

#include "util/util.h"

#include <string.h>

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void connstr_init(struct connstr *c, const char *s, size_t n)
{
	c->p = s;
	c->end = s + n;
	c->sep = memchr(s, ';', n) || !memchr(s, ',', n) ? ';' : ',';
}

int connstr_next(struct connstr *c, struct connstr_pair *out)
{
	const char *p = c->p, *end = c->end, *key_end, *value_end;
	char sep = c->sep;

	while (p < end && (blank(*p) || *p == sep))
		p++;
	if (p >= end) {
		c->p = p;
		return 0;
	}
	out->key = p;
	while (p < end && *p != sep && (*p != '=' || (p + 1 < end && p[1] == '=')))
		p += *p == '=' ? 2 : 1;
	if (p >= end || *p != '=') {
		key_end = p;
		while (key_end > out->key && blank(key_end[-1]))
			key_end--;
		out->key_len = (size_t)(key_end - out->key);
		out->value = NULL;
		out->value_len = 0;
		c->p = p;
		return 1;
	}
	key_end = p++;
	while (key_end > out->key && blank(key_end[-1]))
		key_end--;
	out->key_len = (size_t)(key_end - out->key);
	while (p < end && blank(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		char quote = *p++;
		out->value = p;
		while (p < end && (*p != quote || (p + 1 < end && p[1] == quote)))
			p += *p == quote ? 2 : 1;
		value_end = p;
		while (p < end && *p != sep)
			p++;
	} else {
		out->value = p;
		while (p < end && *p != sep)
			p++;
		value_end = p;
		while (value_end > out->value && blank(value_end[-1]))
			value_end--;
	}
	out->value_len = (size_t)(value_end - out->value);
	c->p = p;
	return 1;
}

int connstr_key_is(const char *k, size_t n, const char *key)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (k[i] == ' ')
			continue;
		while (key[j] == ' ')
			j++;
		if (!key[j] || ascii_lower(k[i]) != ascii_lower(key[j]))
			return 0;
		j++;
	}
	while (key[j] == ' ')
		j++;
	return key[j] == '\0';
}
