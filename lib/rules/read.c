/*
 * read.c - reading attributes as their configuration system does, and the
 * common rule that is one attribute against one insecure value.
 */
#include "rules/read.h"

#include "util/util.h"

#include <stdio.h>
#include <string.h>

/* "A, B, C" from "A|B|C". */
static void list_choices(char *out, size_t size, const char *prefix, const char *choices)
{
	size_t o = (size_t)snprintf(out, size, "%s", prefix);
	for (const char *p = choices; *p && o + 3 < size; p++) {
		if (*p == '|') {
			out[o++] = ',';
			out[o++] = ' ';
		} else {
			out[o++] = *p;
		}
	}
	out[o < size ? o : size - 1] = '\0';
}

void lint_invalid(struct lint *l, const struct element *e, const struct xml_attr *a,
		  const char *expected, enum value_syntax syntax)
{
	char shown[96];
	const char *consequence =
		syntax == VALUE_LOOSE_ENUM ? "Setup stops with an invalid-XML error"
		: (syntax == VALUE_IIS_BOOL || syntax == VALUE_IIS_ENUM)
			? "IIS answers HTTP 500.19 for every request in this scope"
			: "the application fails to start with a configuration error";
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC0005, at_attr(e, a->name),
		    "%s %s=\"%s\" is not a valid value (expected %s): %s", e->name, a->name, shown,
		    expected, consequence);
}

void lint_invalid_value(struct lint *l, const struct element *e, const struct xml_attr *a,
			enum value_syntax syntax, const char *choices)
{
	char expected[192];
	list_choices(expected, sizeof expected - 20, "", value_choices(syntax, choices));
	if (value_case_sensitive(syntax))
		/* Bounded: list_choices() left 20 bytes for these 17. */
		/* NOLINTNEXTLINE(clang-analyzer-security.insecureAPI.strcpy) */
		strcat(expected, ", case-sensitive");
	lint_invalid(l, e, a, expected, syntax);
}

int lint_choice(struct lint *l, const struct element *e, const char *name, enum value_syntax syntax,
		const char *choices, const struct xml_attr **out)
{
	const struct xml_attr *a = element_attr(l, e, name);
	int choice;
	if (out)
		*out = a;
	if (!a)
		return ATTR_ABSENT;
	choice = value_choice(syntax, choices, a->value, a->value_len);
	if (choice < 0) {
		lint_invalid_value(l, e, a, syntax, choices);
		return ATTR_INVALID;
	}
	return choice;
}

int lint_flags(struct lint *l, const struct element *e, const char *name, const char *choices,
	       const struct xml_attr **out, unsigned *mask)
{
	const struct xml_attr *a = element_attr(l, e, name);
	char expected[256];
	if (out)
		*out = a;
	*mask = 0;
	if (!a)
		return ATTR_ABSENT;
	if (value_flags(choices, a->value, a->value_len, mask) == 0)
		return 0;
	list_choices(expected, sizeof expected, "a comma-separated list of ", choices);
	lint_invalid(l, e, a, expected, VALUE_IIS_ENUM);
	return ATTR_INVALID;
}

void check_attr(struct lint *l, const struct element *e, const void *arg)
{
	const struct setting *c = arg;
	const struct xml_attr *a;
	char shown[96];
	int choice = lint_choice(l, e, c->attr, c->syntax, c->choices, &a);

	if (choice < 0 ||
	    choice != value_choice(VALUE_NET_ENUM, value_choices(c->syntax, c->choices),
				   c->insecure, strlen(c->insecure)))
		return;
	size_t before = lint_findings(l);
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, c->rule, at_attr(e, a->name), c->message, e->name, shown);
	lint_offer_fix(l, before, c->rule, c->fix ? c->fix : c->deflt, !c->fix);
}
