/* patterns.c - the secret rules' patterns (PCRE2 syntax). */
#include "rules/patterns.h"

#include "scan/linter.h"
#include "util/re.h"
#include "util/util.h"
#include "util/value.h"

#include <string.h>

static int may_be_placeholder(const char *v, size_t n);
static int may_be_stand_in(const char *v, size_t n);
static int may_be_not_credential(const char *v, size_t n);

const struct pattern_def pattern_defs[N_PATTERNS] = {
	/* Wholly blank or one template token.  Runs of the same characters are
	 * matched possessively ("*+"): a long value is read in one pass, never
	 * split every possible way. */
	[PAT_PLACEHOLDER] = {"^\\s*+(?:"
			     "|\\{\\{[^{}]+\\}\\}"          /* {{password}} */
			     "|\\{[^{}]+\\}"                /* {password}, {0} */
			     "|\\$\\{[^{}]+\\}"             /* ${Password} */
			     "|\\$\\([^()]+\\)"             /* $(Password) */
			     "|#\\{[^{}]+\\}#?"             /* #{Password}#, Octopus #{Password} */
			     "|__[^\\s_](?:\\S*[^\\s_])?__" /* __Password__ */
			     "|%[^%\\s]+%"                  /* %PASSWORD% */
			     "|@@[^@\\s]+@@"                /* @@Password@@ */
			     "|\\*+"                        /* ******** */
			     "|\\[[^\\[\\]]*\\]"            /* [Password], [enc:...:enc] */
			     ")\\s*$",
			     NULL, FOR_ALL, may_be_placeholder},
	/* Words standing in for the secret in samples and templates, and
	 * the example keys of vendors' documentation. */
	[PAT_STAND_IN] =
		{"(?i)^\\s*+(?:"
		 /* Atomic: the line's last "your" answers for all of them; a
		  * value of many, then a newline, once backtracked through
		  * each (quadratic, 20 us a byte). */
		 "(?>.*your).*+"
		 "|(?:change|replace)[\\s_-]*+(?:me|this|it)?[!.]*"
		 "|x{3,}|todo|tbd|fixme|placeholder|dummy|none|null|n/?a|undefined|anonymous"
		 "|(?:my|the|some|a)?[\\s_-]*+(?:super[\\s_-]*+)?(?:secret[\\s_-]*+)?"
		 "(?:(?:app(?:lication)?|client|access|api|db|database|admin|user|account|"
		 "service)[\\s_-]*+)?(?:secret|password|passwd|pwd|pass|token|key)s?"
		 "(?:[\\s_-]*+(?:here|value|goes[\\s_-]*+here))?"
		 /* AWS's documented examples: AKIAIOSFODNN7EXAMPLE,
		  * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY */
		 "|(?-i:[A-Za-z0-9/+]*EXAMPLE(?:KEY)?)"
		 ")\\s*$",
		 NULL, FOR_ALL, may_be_stand_in},
	/* Values of credential-named settings that are not credentials: a
	 * switch, a Key Vault reference, a URL without user information, a
	 * path, or a sentence. */
	[PAT_NOT_CREDENTIAL] = {"(?i)^\\s*+(?:true|false|yes|no"
				"|@Microsoft\\.KeyVault\\(.*"
				"|[a-z][a-z0-9+.-]*+://[^\\s@]*"
				"|~?/\\S*|[a-z]:\\\\.*|\\\\\\\\.*"
				"|[a-z]++(?:\\s++[a-z]++){2,}[.!]?"
				")\\s*$",
				NULL, FOR(RULE_HC6007) | FOR(RULE_HC6008), may_be_not_credential},
	/* scheme://user:password@ - group 1 is the password.  A scheme starts
	 * only where a run of scheme characters does, so a long value is
	 * searched in one pass. */
	[PAT_URL_PASSWORD] = {"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://"
			      "[^\\s/?#@:\"'<>]*+:([^\\s/?#@\"'<>]++)@",
			      NULL, FOR(RULE_HC6001), NULL},
	/* AWS's documentation writes its example key ID AKIAIOSFODNN7EXAMPLE;
	 * an ID that ends in EXAMPLE is no key. */
	[PAT_AWS_KEY_ID] = {"\\b(?:AKIA|ASIA)(?![A-Z0-9]{9}EXAMPLE\\b)[A-Z0-9]{16}\\b",
			    "an AWS access key ID", FOR(RULE_HC6007), NULL},
	[PAT_PEM_PRIVATE_KEY] = {"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----", "a PEM private key",
				 FOR(RULE_HC6007), NULL},
	[PAT_AZURE_STORAGE_KEY] = {"(?i:AccountKey)\\s*=\\s*[A-Za-z0-9+/]{40,}={0,2}",
				   "an Azure storage account key", FOR(RULE_HC6007), NULL},
	[PAT_AZURE_SAS] =
		{"(?s)^(?=.*\\bsv=\\d{4}-\\d\\d-\\d\\d\\b).*?\\K\\bsig=[A-Za-z0-9%+/=]{20,}",
		 "an Azure shared access signature", FOR(RULE_HC6007), NULL},
	[PAT_ENTRA_SECRET] = {"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[78]Q~[A-Za-z0-9_~.-]{31,34}"
			      "(?![A-Za-z0-9_~.-])",
			      "a Microsoft Entra client secret", FOR(RULE_HC6007), NULL},
	[PAT_GITHUB_TOKEN] = {"\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
			      "a GitHub token", FOR(RULE_HC6007), NULL},
	[PAT_SLACK_TOKEN] = {"\\bxox[abposr]-[A-Za-z0-9-]{10,}", "a Slack token", FOR(RULE_HC6007),
			     NULL},
	[PAT_GOOGLE_API_KEY] = {"\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", "a Google API key",
				FOR(RULE_HC6007), NULL},
	[PAT_STRIPE_KEY] = {"\\b[rs]k_live_[0-9A-Za-z]{16,}", "a Stripe live secret key",
			    FOR(RULE_HC6007), NULL},
	[PAT_SENDGRID_KEY] = {"\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
			      "a SendGrid API key", FOR(RULE_HC6007), NULL},
	[PAT_JWT] = {"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+"
		     "\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{16,}",
		     "a JSON Web Token", FOR(RULE_HC6007), NULL},
};

/* Whether the m bytes of lit start p (left bytes), in any letter case when
 * fold is set. */
static int starts(const char *p, size_t left, const char *lit, size_t m, int fold)
{
	return left >= m && (fold ? ascii_ncasecmp(p, lit, m) : memcmp(p, lit, m)) == 0;
}

#define STARTS(lit) starts(p, left, (lit), sizeof(lit) - 1, 0)

/* The literal every key format starts with, or must contain, at p: AKIA,
 * ASIA, AIza, "-----BEGIN ", AccountKey (any case), sig=, 7Q~ or 8Q~,
 * gh[pousr]_, github_pat_, xox[abposr]-, [rs]k_live_, "SG." and eyJ. */
static int format_literal_at(const char *p, size_t left)
{
	switch (p[0]) {
	case 'A':
		return STARTS("AKIA") || STARTS("ASIA") || STARTS("AIza") ||
		       starts(p, left, "ACCOUNTKEY", 10, 1);
	case 'a':
		return starts(p, left, "ACCOUNTKEY", 10, 1);
	case '-':
		return STARTS("-----BEGIN ");
	case 's':
		return STARTS("sig=") || STARTS("sk_live_");
	case 'r':
		return STARTS("rk_live_");
	case '7':
	case '8':
		return left >= 3 && p[1] == 'Q' && p[2] == '~';
	case 'g':
		return (left >= 4 && p[1] == 'h' && p[3] == '_' && p[2] && strchr("pousr", p[2])) ||
		       STARTS("github_pat_");
	case 'x':
		return left >= 5 && p[1] == 'o' && p[2] == 'x' && p[4] == '-' && p[3] &&
		       strchr("abposr", p[3]);
	case 'S':
		return STARTS("SG.");
	case 'e':
		return STARTS("eyJ");
	}
	return 0;
}

int may_hold_format(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (format_literal_at(v + i, n - i))
			return 1;
	return 0;
}

/* ---- The prefilters of the anchored patterns ---------------------------------
 * Each answers 0 only where its pattern cannot match, read from the
 * pattern's alternatives; test_rules.c holds them to that over every value
 * of the fixtures, and the fuzz harness over every value it makes.  A
 * caseless pattern matches a letter by Unicode's case folding (the Kelvin
 * sign is a 'k'): a value with a byte past ASCII is always searched. */

/* Whether the n bytes at v are all ASCII. */
static int is_ascii(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] >= 0x80)
			return 0;
	return 1;
}

/* PAT_PLACEHOLDER: blank, or a token that starts with one of its openers. */
static int may_be_placeholder(const char *v, size_t n)
{
	value_trim(&v, &n);
	return n == 0 || strchr("{$#_%@*[", v[0]) != NULL;
}

/* The words that every PAT_STAND_IN alternative but "n/a" holds, in any
 * case: the stand-in words and the secret words of its last alternatives. */
static const char *const stand_in_words[] = {
	"your",        "change", "replace", "xxx",   "todo",      "tbd",       "fixme",
	"placeholder", "dummy",  "none",    "null",  "undefined", "anonymous", "example",
	"secret",      "pass",   "pwd",     "token", "key"};

static int stand_in_word_at(const char *p, size_t left)
{
	for (size_t i = 0; i < sizeof stand_in_words / sizeof *stand_in_words; i++)
		if (ascii_lower(p[0]) == stand_in_words[i][0] &&
		    starts(p, left, stand_in_words[i], strlen(stand_in_words[i]), 1))
			return 1;
	return 0;
}

static int may_be_stand_in(const char *v, size_t n)
{
	value_trim(&v, &n);
	if (!is_ascii(v, n) || (n == 2 && ascii_ncasecmp(v, "na", 2) == 0) ||
	    (n == 3 && ascii_ncasecmp(v, "n/a", 3) == 0))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (stand_in_word_at(v + i, n - i))
			return 1;
	return 0;
}

/* PAT_NOT_CREDENTIAL: a switch word, or what starts a Key Vault reference
 * ('@'), a path ('~', '/', '\\', "c:\\"), a URL ("://") or a sentence (a
 * letter, then white space). */
static int may_be_not_credential(const char *v, size_t n)
{
	static const char *const words[] = {"true", "false", "yes", "no"};
	value_trim(&v, &n);
	if (n == 0)
		return 0;
	if (!is_ascii(v, n))
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (n == strlen(words[i]) && ascii_ncasecmp(v, words[i], n) == 0)
			return 1;
	if (strchr("@~/\\", v[0]))
		return 1;
	if (!((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z')))
		return 0;
	if (n >= 3 && v[1] == ':' && v[2] == '\\')
		return 1;
	for (size_t i = 1; i < n; i++)
		if (value_is_space(v[i]) ||
		    (v[i] == ':' && i + 2 < n && v[i + 1] == '/' && v[i + 2] == '/'))
			return 1;
	return 0;
}

int pattern_may_match(enum pattern p, const char *v, size_t n)
{
	return !pattern_defs[p].may_match || pattern_defs[p].may_match(v, n);
}

int pattern_find(struct lint *l, const struct re_set *set, struct re_match **m, enum pattern p,
		 const char *text, size_t len, size_t start, size_t *from, size_t *to)
{
	int rc;
	if (!set || start > len || !pattern_may_match(p, text + start, len - start))
		return 0;
	if (!*m && !(*m = re_match_new(set))) {
		lint_out_of_memory(l);
		return HARDCONF_ENOMEM;
	}
	rc = re_search(set, p, *m, text, len, start, from, to);
	if (rc < 0)
		lint_fail(l, rc);
	return rc;
}

int may_hold_url_password(const char *v, size_t n)
{
	for (const char *c = n ? memchr(v, ':', n) : NULL; c;
	     c = memchr(c + 1, ':', n - (size_t)(c + 1 - v))) {
		size_t at = (size_t)(c - v);
		if (at + 3 < n && c[1] == '/' && c[2] == '/')
			return memchr(c + 3, '@', n - at - 3) != NULL;
	}
	return 0;
}

struct re_set *patterns_compile(const struct hardconf_linter *linter,
				const unsigned char wanted[N_PATTERNS])
{
	const char *patterns[N_PATTERNS];
	for (size_t i = 0; i < N_PATTERNS; i++)
		patterns[i] = pattern_defs[i].pattern;
	return re_set_new(patterns, wanted, N_PATTERNS, !linter->no_jit);
}
