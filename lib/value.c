/* value.c - reading attribute values the way each configuration system does. */
#include "value.h"

#include "util.h"

#include <string.h>

static const char bool_choices[] = "false|true";

/* Char.IsWhiteSpace for the characters that can survive XML attribute-value
 * normalisation (tabs and newlines become spaces, but &#9; and friends stay). */
static int is_space(char c)
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

	if (trim) {
		while (len > 0 && is_space(*value))
			value++, len--;
		while (len > 0 && is_space(value[len - 1]))
			len--;
	}
	if (len == 0)
		return -1;
	for (p = value_choices(syntax, choices); *p; index++) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == len &&
		    (exact ? memcmp(p, value, n) == 0 : ascii_ncasecmp(p, value, n) == 0))
			return index;
		p += n + (bar != NULL);
	}
	return -1;
}
