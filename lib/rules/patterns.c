/* patterns.c - the secret rules' patterns (PCRE2 syntax). */
#include "rules/patterns.h"

#include "scan/linter.h"
#include "util/re.h"
#include "util/util.h"

#include <string.h>

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
			     NULL, FOR_ALL},
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
		 NULL, FOR_ALL},
	/* Values of credential-named settings that are not credentials: a
	 * switch, a Key Vault reference, a URL without user information, a
	 * path, or a sentence. */
	[PAT_NOT_CREDENTIAL] = {"(?i)^\\s*+(?:true|false|yes|no"
				"|@Microsoft\\.KeyVault\\(.*"
				"|[a-z][a-z0-9+.-]*+://[^\\s@]*"
				"|~?/\\S*|[a-z]:\\\\.*|\\\\\\\\.*"
				"|[a-z]++(?:\\s++[a-z]++){2,}[.!]?"
				")\\s*$",
				NULL, FOR(RULE_HC6007) | FOR(RULE_HC6008)},
	/* scheme://user:password@ - group 1 is the password.  A scheme starts
	 * only where a run of scheme characters does, so a long value is
	 * searched in one pass. */
	[PAT_URL_PASSWORD] = {"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://"
			      "[^\\s/?#@:\"'<>]*+:([^\\s/?#@\"'<>]++)@",
			      NULL, FOR(RULE_HC6001)},
	/* AWS's documentation writes its example key ID AKIAIOSFODNN7EXAMPLE;
	 * an ID that ends in EXAMPLE is no key. */
	[PAT_AWS_KEY_ID] = {"\\b(?:AKIA|ASIA)(?![A-Z0-9]{9}EXAMPLE\\b)[A-Z0-9]{16}\\b",
			    "an AWS access key ID", FOR(RULE_HC6007)},
	[PAT_PEM_PRIVATE_KEY] = {"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----", "a PEM private key",
				 FOR(RULE_HC6007)},
	[PAT_AZURE_STORAGE_KEY] = {"(?i:AccountKey)\\s*=\\s*[A-Za-z0-9+/]{40,}={0,2}",
				   "an Azure storage account key", FOR(RULE_HC6007)},
	[PAT_AZURE_SAS] =
		{"(?s)^(?=.*\\bsv=\\d{4}-\\d\\d-\\d\\d\\b).*?\\K\\bsig=[A-Za-z0-9%+/=]{20,}",
		 "an Azure shared access signature", FOR(RULE_HC6007)},
	[PAT_ENTRA_SECRET] = {"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[78]Q~[A-Za-z0-9_~.-]{31,34}"
			      "(?![A-Za-z0-9_~.-])",
			      "a Microsoft Entra client secret", FOR(RULE_HC6007)},
	[PAT_GITHUB_TOKEN] = {"\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
			      "a GitHub token", FOR(RULE_HC6007)},
	[PAT_SLACK_TOKEN] = {"\\bxox[abposr]-[A-Za-z0-9-]{10,}", "a Slack token", FOR(RULE_HC6007)},
	[PAT_GOOGLE_API_KEY] = {"\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", "a Google API key",
				FOR(RULE_HC6007)},
	[PAT_STRIPE_KEY] = {"\\b[rs]k_live_[0-9A-Za-z]{16,}", "a Stripe live secret key",
			    FOR(RULE_HC6007)},
	[PAT_SENDGRID_KEY] = {"\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
			      "a SendGrid API key", FOR(RULE_HC6007)},
	[PAT_JWT] = {"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+"
		     "\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{16,}",
		     "a JSON Web Token", FOR(RULE_HC6007)},
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
