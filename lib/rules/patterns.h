/* patterns.h - the secret rules' patterns: placeholders and stand-ins that
 * are no secret, and the token formats that are one, each with the rules
 * it serves (compiled once per linter, only for enabled rules). */
#ifndef HC_PATTERNS_H
#define HC_PATTERNS_H

#include "model/rules.h"

enum pattern {
	PAT_PLACEHOLDER,
	PAT_STAND_IN,
	PAT_NOT_CREDENTIAL,
	PAT_URL_PASSWORD,
	PAT_FORMAT_FIRST,
	PAT_AWS_KEY_ID = PAT_FORMAT_FIRST,
	PAT_PEM_PRIVATE_KEY,
	PAT_AZURE_STORAGE_KEY,
	PAT_AZURE_SAS,
	PAT_ENTRA_SECRET,
	PAT_GITHUB_TOKEN,
	PAT_SLACK_TOKEN,
	PAT_GOOGLE_API_KEY,
	PAT_STRIPE_KEY,
	PAT_SENDGRID_KEY,
	PAT_JWT,
	N_PATTERNS
};

/* The rules a pattern serves, as bits: it is compiled only when one of them
 * is enabled, so a run without secret rules compiles nothing. */
#define FOR(rule) (1u << ((rule)-RULE_HC6001))
#define SECRETS_LAST RULE_HC6009
#define FOR_ALL ((FOR(SECRETS_LAST) << 1) - 1u)
_Static_assert(SECRETS_LAST - RULE_HC6001 == 8, "HC6001-HC6009 are consecutive");

struct pattern_def {
	const char *pattern;
	const char *what; /* a well-known format, as messages name it */
	unsigned rules;   /* FOR() bits */
	/* NULL, or a prefilter that answers 0 only for a value the pattern
	 * cannot match: no search is made, and PCRE2 is not even loaded
	 * (util/re.c), for the literal passwords most files hold. */
	int (*may_match)(const char *v, size_t n);
};

extern const struct pattern_def pattern_defs[N_PATTERNS];

/* Whether the n bytes at v may hold one of the key formats: whether they
 * hold the literal that each starts with or must contain (a format added
 * to pattern_defs adds its literal there).  Nearly every value holds none,
 * and is done without compiling or running a pattern. */
int may_hold_format(const char *v, size_t n);

/* Whether pattern p may match the n bytes at v: its prefilter's answer,
 * 1 for a pattern without one. */
int pattern_may_match(enum pattern p, const char *v, size_t n);

struct lint;
struct re_set;
struct re_match;

/* Searches text[start, len) for pattern p of set (NULL: its rules are off),
 * with the call's match data *m (made on first use): 1 with the match in
 * [*from, *to), 0 when there is none or p's prefilter says there can be
 * none, a negative status when memory ran out or PCRE2 would not load (the
 * call then ends, lint_fail()). */
int pattern_find(struct lint *l, const struct re_set *set, struct re_match **m, enum pattern p,
		 const char *text, size_t len, size_t start, size_t *from, size_t *to);

/* Whether the n bytes at v may hold PAT_URL_PASSWORD: a "://" with an '@'
 * after it.  Most values with an '@' (e-mail addresses) have none. */
int may_hold_url_password(const char *v, size_t n);

struct hardconf_linter;

/* The patterns wanted (wanted[p] non-zero) compiled into one set for the
 * linter (JIT unless it says not to), or NULL when memory ran out. */
struct re_set *patterns_compile(const struct hardconf_linter *linter,
				const unsigned char wanted[N_PATTERNS]);

#endif
