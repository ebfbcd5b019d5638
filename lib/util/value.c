/* value.c - reading attribute values the way each configuration system does. */
#include "util/value.h"

#include "util/util.h"

#include <string.h>

static const char bool_choices[] = "false|true";

/* Char.IsWhiteSpace for the characters that can survive XML attribute-value
 * normalisation (tabs and newlines become spaces, but &#9; and friends stay). */
int value_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

const char *value_choices(enum value_syntax syntax, const char *choices)
{
	return (syntax == VALUE_NET_BOOL || syntax == VALUE_IIS_BOOL) ? bool_choices : choices;
}

int value_case_sensitive(enum value_syntax syntax)
{
	return syntax == VALUE_NET_ENUM;
}

int value_choice(enum value_syntax syntax, const char *choices, const char *value, size_t len)
{
	int trim = syntax == VALUE_NET_BOOL || syntax == VALUE_LOOSE_ENUM;
	int exact = value_case_sensitive(syntax);
	const char *p;
	int index = 0;

	if (trim)
		value_trim(&value, &len);
	if (len == 0)
		return -1;
	for (p = value_choices(syntax, choices); *p; index++) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		/* Values are mostly written as the choice is spelled: a
		 * plain compare first, folding case only when that fails. */
		if (n == len &&
		    (memcmp(p, value, n) == 0 || (!exact && ascii_ncasecmp(p, value, n) == 0)))
			return index;
		p += n + (bar != NULL);
	}
	return -1;
}

void value_trim(const char **value, size_t *len)
{
	while (*len > 0 && value_is_space(**value))
		(*value)++, (*len)--;
	while (*len > 0 && value_is_space((*value)[*len - 1]))
		(*len)--;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = ascii_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int value_net_int(const char *value, size_t len, int int32, long long *out)
{
	unsigned long long v = 0, limit = int32 ? 0x7fffffffull : 0x7fffffffffffffffull;
	int negative = 0, hex;
	size_t i = 0;

	value_trim(&value, &len);
	hex = len > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
	if (hex) {
		/* BaseNumberConverter: hex is read as the raw bit pattern. */
		limit = int32 ? 0xffffffffull : ~0ull;
		i = 2;
	} else if (len > 0 && (value[0] == '-' || value[0] == '+')) {
		negative = value[0] == '-';
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		int d = hex ? hex_digit(value[i])
			    : (value[i] >= '0' && value[i] <= '9' ? value[i] - '0' : -1);
		unsigned base = hex ? 16 : 10;
		if (d < 0 || v > (limit - (unsigned)d) / base)
			return -1;
		v = v * base + (unsigned)d;
	}
	if (hex && int32)
		*out = (long long)(int)(unsigned)v;
	else if (hex)
		*out = (long long)v;
	else
		*out = negative ? -(long long)v : (long long)v;
	return 0;
}

int value_iis_uint(const char *value, size_t len, unsigned long long *out)
{
	unsigned long long v = 0;
	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (value[i] < '0' || value[i] > '9' || v > (~0ull - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(value[i] - '0');
	}
	*out = v;
	return 0;
}

int value_version(const char *value, size_t len, unsigned *major, unsigned *minor)
{
	unsigned parts[4] = {0};
	size_t n = 0, digits = 0;

	value_trim(&value, &len);
	for (size_t i = 0; i <= len; i++) {
		if (i == len || value[i] == '.') {
			if (digits == 0 || ++n > 4)
				return -1;
			digits = 0;
		} else if (n < 4 && value[i] >= '0' && value[i] <= '9' && parts[n] < 100000000u) {
			parts[n] = parts[n] * 10 + (unsigned)(value[i] - '0');
			digits++;
		} else {
			return -1;
		}
	}
	if (n < 2)
		return -1;
	*major = parts[0];
	*minor = parts[1];
	return 0;
}

int value_flags(const char *choices, const char *value, size_t len, unsigned *mask)
{
	*mask = 0;
	while (len > 0) {
		const char *comma = memchr(value, ',', len);
		size_t n = comma ? (size_t)(comma - value) : len;
		const char *name = value;
		size_t name_len = n;
		int choice;
		value_trim(&name, &name_len);
		choice = value_choice(VALUE_IIS_ENUM, choices, name, name_len);
		if (choice < 0)
			return -1;
		*mask |= 1u << choice;
		if (!comma)
			break;
		value += n + 1;
		len -= n + 1;
		if (len == 0)
			return -1; /* a trailing comma */
	}
	return 0;
}
