/* bcsetup.c - Business Central (and Dynamics NAV) Setup's configuration
 * file, HC5007-HC5009.
 *
 * setup.exe /config reads <Configuration> with <Component Id State> for what
 * to install and <Parameter Id="..." Value="..."/> for each setting.  Ids are
 * matched as Setup writes them (case-sensitively); account names in any
 * letter case, as Windows reads them.  A password is a secret as the secret
 * rules (HC6xxx) judge one: blank values, template tokens and stand-ins
 * ("YourPassword") are not, and messages show at most its first two
 * characters and its length. */
#include "rules/families.h"
#include "rules/patterns.h"
#include "rules/read.h"
#include "scan/linter.h"

#include "util/re.h"
#include "util/util.h"
#include "util/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Placeholders, compiled once per linter (only with HC5009 on) --------- */

struct setup_shared {
	struct re_set *re; /* PAT_PLACEHOLDER and PAT_STAND_IN; NULL when HC5009 is off */
};

static void *shared_new(const struct hardconf_linter *linter)
{
	struct setup_shared *sh = calloc(1, sizeof *sh);
	unsigned char wanted[N_PATTERNS] = {0};

	if (!sh)
		return NULL;
	/* By index: the public look-up by id searches the rule table. */
	if (!linter->enabled[RULE_HC5009])
		return sh;
	wanted[PAT_PLACEHOLDER] = wanted[PAT_STAND_IN] = 1;
	if (!(sh->re = patterns_compile(linter, wanted))) {
		free(sh);
		return NULL;
	}
	return sh;
}

static void shared_free(void *p)
{
	struct setup_shared *sh = p;
	re_set_free(sh->re);
	free(sh);
}

struct setup_state {
	struct re_match *match; /* made at the first search */
};

static void free_state(void *p)
{
	struct setup_state *s = p;
	re_match_free(s->match);
}

/* 1 when pattern p matches the value, 0 when not, a negative status when
 * memory ran out or PCRE2 would not load (the call then ends). */
static int matches(struct lint *l, enum pattern p, const char *v, size_t n)
{
	const struct setup_shared *sh = lint_shared(l, &family_bcsetup);
	struct setup_state *s = lint_state(l, &family_bcsetup);
	size_t from, to;
	return pattern_find(l, sh->re, &s->match, p, v, n, 0, &from, &to);
}

/* ---- Accounts (HC5007, HC5008) ---------------------------------------------- */

/* The account part of "DOMAIN\name" (or "name@domain"), trimmed. */
static void account_name(const char **v, size_t *n)
{
	value_trim(v, n);
	for (size_t i = *n; i > 0; i--)
		if ((*v)[i - 1] == '\\') {
			*v += i;
			*n -= i;
			break;
		}
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == '@') {
			*n = i;
			break;
		}
}

static int is_one_of(const char *v, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && ascii_ncasecmp(v, *names, n) == 0)
			return 1;
	return 0;
}

static void service_account(struct lint *l, const struct element *e, const struct xml_attr *a)
{
	static const char *const network_service[] = {"NETWORK SERVICE", "NetworkService",
						      "Netzwerkdienst", NULL};
	static const char *const local_system[] = {"LocalSystem", "Local System", "SYSTEM", NULL};
	static const char *const administrator[] = {"Administrator", "Admin", NULL};
	const char *v = a->value;
	size_t n = a->value_len;
	char shown[96];

	account_name(&v, &n);
	str_display(shown, sizeof shown, a->value, a->value_len);
	if (is_one_of(v, n, network_service))
		lint_report(
			l, RULE_HC5007, at_attr(e, "Value"),
			"<Parameter Id=\"NavServiceAccount\" Value=\"%s\"> installs Business "
			"Central Server to run as Network Service, an account shared with other "
			"services that acts as the computer on the network; use a dedicated "
			"domain user account that is no administrator",
			shown);
	else if (is_one_of(v, n, local_system) || is_one_of(v, n, administrator))
		lint_report(l, RULE_HC5008, at_attr(e, "Value"),
			    "<Parameter Id=\"NavServiceAccount\" Value=\"%s\"> installs Business "
			    "Central Server to run as %s, with full control of the computer; use a "
			    "dedicated domain user account that is no administrator anywhere",
			    shown,
			    is_one_of(v, n, local_system) ? "LocalSystem" : "an administrator");
}

/* ---- Passwords (HC5009) ------------------------------------------------------- */

/* Whether the Id names a password: "NavServiceAccountPassword" and the like. */
static int names_password(const char *id, size_t n)
{
	static const char word[] = "Password";
	size_t m = sizeof word - 1;
	return n >= m && ascii_ncasecmp(id + n - m, word, m) == 0;
}

/* "Pa***", 11 characters: the first two characters only of a secret of 8
 * or more, as the secret rules show one. */
static void mask(char *buf, size_t size, const char *v, size_t n)
{
	size_t chars = 0, prefix = 0;
	char shown[32];

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)v[i] & 0xC0) != 0x80 && ++chars == 3)
			prefix = i;
	if (chars < 8)
		prefix = 0;
	str_display(shown, sizeof shown, v, prefix);
	snprintf(buf, size, "\"%s***\", %zu characters", shown, chars);
}

static void password(struct lint *l, const struct element *e, const struct xml_attr *id,
		     const struct xml_attr *a)
{
	const char *v = a->value;
	size_t n = a->value_len;
	char shown_id[64], masked[64];

	/* A placeholder, or memory ran out (-1): nothing to report. */
	value_trim(&v, &n);
	if (n == 0 || matches(l, PAT_PLACEHOLDER, v, n) != 0 || matches(l, PAT_STAND_IN, v, n) != 0)
		return;
	str_display(shown_id, sizeof shown_id, id->value, id->value_len);
	mask(masked, sizeof masked, v, n);
	lint_report(l, RULE_HC5009, at_attr(e, "Value"),
		    "<Parameter Id=\"%s\"> holds a clear-text password (%s); leave Value empty so "
		    "that Setup asks for it, delete the file once Setup has run, and change the "
		    "password if the file was shared",
		    shown_id, masked);
}

static void parameter_start(struct lint *l, const struct element *e, const void *arg)
{
	static const char account[] = "NavServiceAccount";
	const struct xml_attr *id = element_attr(l, e, "Id"), *value = element_attr(l, e, "Value");
	(void)arg;

	if (!id || !value)
		return;
	if (id->value_len == sizeof account - 1 &&
	    memcmp(id->value, account, sizeof account - 1) == 0)
		service_account(l, e, value);
	else if (names_password(id->value, id->value_len))
		password(l, e, id, value);
}

static const struct hook hooks[] = {
	{"Parameter", K_N, parameter_start, NULL, NULL},
};

const struct family family_bcsetup = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct setup_state),
	.free_state = free_state,
	.shared_new = shared_new,
	.shared_free = shared_free,
};
