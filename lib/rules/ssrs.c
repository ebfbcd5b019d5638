/* ssrs.c - SSRS rsreportserver.config, HC4xxx.
 *
 * The report server reads general settings from <Add Key="..." Value="..."/>
 * children of <Configuration> and everything else from elements and their
 * text.  The scanner reports no text, so these rules use what start tags say:
 * the Add elements, and whether <RDLSandboxing> and <RSWindowsBasic> exist.
 * Names are matched as written in Microsoft's default file (case-sensitive). */
#include "rules/families.h"
#include "rules/read.h"

#include "resolve/origin.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* SecureConnectionLevel as last written: 0 is SSL off, 1 or more is on. */
enum { LEVEL_UNSET, LEVEL_OFF, LEVEL_ON, LEVEL_UNKNOWN };

struct ssrs_state {
	int sandboxing; /* HC4001: an <RDLSandboxing> element was seen */
	int service;    /* HC4001: the first <Service> under <Configuration> */
	struct anchor service_at;
	int level; /* HC4002, HC4003 */
	struct anchor level_at;
	char level_value[32];
	struct anchor *basic; /* HC4003: the <RSWindowsBasic> elements */
	size_t n_basic, cap_basic;
};

static struct ssrs_state *state(struct lint *l)
{
	return lint_state(l, &family_ssrs);
}

/* ---- HC4001: no RDL sandboxing ----------------------------------------------
 * Microsoft documents the element's content but not its parent; it is
 * accepted directly under <Configuration>, <Service> or <Extensions>.  The
 * finding points at <Service>, where the setting is usually added (after
 * its end tag), or at <Configuration> in a file without one. */

static void sandboxing_start(struct lint *l, const struct element *e, const void *arg)
{
	(void)e, (void)arg;
	state(l)->sandboxing = 1;
}

static void service_start(struct lint *l, const struct element *e, const void *arg)
{
	struct ssrs_state *s = state(l);
	(void)arg;
	if (s->service)
		return;
	s->service = 1;
	s->service_at = at_element(e);
}

static void finish_sandboxing(struct lint *l)
{
	struct ssrs_state *s = state(l);
	if (s->sandboxing || lint_is_transform(l))
		return;
	if (s->service)
		lint_report(
			l, RULE_HC4001, s->service_at,
			"no <RDLSandboxing> element: reports published to this server can run "
			"custom code and use any .NET type or member in expressions, with no "
			"limit on resource or result sizes; if not every report author is "
			"trusted, add <RDLSandboxing> with an allow-list of types as a child of "
			"<Configuration>, after this <Service> element's end tag");
	else
		lint_report(
			l, RULE_HC4001, lint_root_anchor(l),
			"no <RDLSandboxing> element: reports published to this server can run "
			"custom code and use any .NET type or member in expressions, with no "
			"limit on resource or result sizes; if not every report author is "
			"trusted, add <RDLSandboxing> with an allow-list of types as a child of "
			"this <Configuration> element");
}

/* ---- HC4002: SSL not required ------------------------------------------------
 * The server reads the level as an integer: 0 turns SSL off, 1 or more turns
 * it on (2 and 3, the levels of SQL Server 2008 and earlier, are still
 * accepted); absent, it is 0.  Every version Microsoft documents writes it
 * as <Add Key="SecureConnectionLevel" Value="n"/>; secure_level() takes the
 * writing element's name and the value as text, so that an element-text form
 * could be read by the same code. */

static void secure_level(struct lint *l, const char *element, const char *text, size_t len,
			 struct anchor at)
{
	struct ssrs_state *s = state(l);
	long long v;

	s->level_at = at;
	str_display(s->level_value, sizeof s->level_value, text, len);
	if (value_net_int(text, len, 1, &v) != 0 || v < 0) {
		s->level = LEVEL_UNKNOWN;
		return;
	}
	s->level = v == 0 ? LEVEL_OFF : LEVEL_ON;
	if (s->level == LEVEL_OFF)
		lint_report(
			l, RULE_HC4002, at,
			"<%s> SecureConnectionLevel=\"%s\" leaves SSL off: the report server and "
			"web portal accept passwords and reports over plain http; bind an https "
			"URL and set it to 1",
			element, s->level_value);
}

static void add_start(struct lint *l, const struct element *e, const void *arg)
{
	static const char key[] = "SecureConnectionLevel";
	const struct xml_attr *k = element_attr(l, e, "Key"), *v = element_attr(l, e, "Value");
	(void)arg;

	if (!k || !v || k->value_len != sizeof key - 1 ||
	    memcmp(k->value, key, sizeof key - 1) != 0)
		return;
	secure_level(l, e->name, v->value, v->value_len, at_attr(e, "Value"));
}

static void finish_level(struct lint *l)
{
	if (state(l)->level != LEVEL_UNSET || lint_is_transform(l))
		return;
	lint_report(
		l, RULE_HC4002, lint_root_anchor(l),
		"no SecureConnectionLevel setting, so it is 0: the report server and web portal "
		"do not require SSL; bind an https URL and add <Add "
		"Key=\"SecureConnectionLevel\" Value=\"1\"/>");
}

/* ---- HC4003: Basic authentication without SSL --------------------------------
 * The level may be written anywhere in the file: judged at the end. */

static void basic_start(struct lint *l, const struct element *e, const void *arg)
{
	struct ssrs_state *s = state(l);
	struct anchor *p;
	(void)arg;

	/* Each may be a finding at the end. */
	if (!lint_keeps(l, s->n_basic))
		return;
	p = array_grow(s->basic, &s->cap_basic, s->n_basic + 1, sizeof *p);
	if (!p) {
		lint_out_of_memory(l);
		return;
	}
	s->basic = p;
	p[s->n_basic++] = at_element(e);
}

static void finish_basic(struct lint *l)
{
	struct ssrs_state *s = state(l);
	unsigned line = 0;

	if (s->level == LEVEL_ON || s->level == LEVEL_UNKNOWN ||
	    (s->level == LEVEL_UNSET && lint_is_transform(l)))
		return;
	if (s->level == LEVEL_OFF)
		lint_locate(l, s->level_at, &line);
	for (size_t i = 0; i < s->n_basic; i++) {
		if (s->level == LEVEL_OFF)
			lint_report(
				l, RULE_HC4003, s->basic[i],
				"AuthenticationTypes accepts RSWindowsBasic, which sends user "
				"names "
				"and passwords in every request, merely base64-encoded, and "
				"SecureConnectionLevel is %s (line %u), so SSL is not required; "
				"require SSL or remove RSWindowsBasic",
				s->level_value, line);
		else
			lint_report(
				l, RULE_HC4003, s->basic[i],
				"AuthenticationTypes accepts RSWindowsBasic, which sends user "
				"names "
				"and passwords in every request, merely base64-encoded, and no "
				"SecureConnectionLevel requires SSL (implicitly 0); require SSL or "
				"remove RSWindowsBasic");
	}
}

/* ---- The family ------------------------------------------------------------- */

static void finish(struct lint *l)
{
	finish_sandboxing(l);
	finish_level(l);
	finish_basic(l);
}

static void free_state(void *p)
{
	struct ssrs_state *s = p;
	free(s->basic);
}

static const struct hook hooks[] = {
	{"RDLSandboxing", K_Q, sandboxing_start, NULL, NULL},
	{"Service", K_Q, service_start, NULL, NULL},
	{"Service/RDLSandboxing", K_Q, sandboxing_start, NULL, NULL},
	{"Extensions/RDLSandboxing", K_Q, sandboxing_start, NULL, NULL},
	{"Add", K_Q, add_start, NULL, NULL},
	{"Authentication/AuthenticationTypes/RSWindowsBasic", K_Q, basic_start, NULL, NULL},
};

const struct family family_ssrs = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct ssrs_state),
	.free_state = free_state,
	.finish = finish,
};
