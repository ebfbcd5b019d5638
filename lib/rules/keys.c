/*
 * keys.c - what a setting's name says about its value (HC6007): the name is
 * split into words as people write them (camelCase, snake_case, dots,
 * digits), and the last words decide.
 *
 * It runs on every appSettings key, so it reads the name once: the words
 * are spans of the name (nothing copied, nothing formatted), and a word is
 * looked up by its length first, then compared without case.
 */
#include "rules/keys.h"

#include "util/util.h"

#include <string.h>

#define MAX_PARTS 16

/* A word part of a setting's name: where it starts, and its length. */
struct span {
	size_t at, len;
};

/* The word parts of a setting's name: split at any character but a letter
 * or digit, at case changes ("smtpPassword", "APIKey" -> api|key) and
 * between letters and digits.  A long name keeps its last MAX_PARTS parts:
 * the words that matter come last. */
struct parts {
	size_t n;
	struct span word[MAX_PARTS];
};

static int is_lower(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || c >= 0x80;
}

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_word_char(unsigned char c)
{
	return is_lower(c) || is_upper(c) || is_digit(c);
}

static void add_part(struct parts *out, size_t at, size_t len)
{
	if (out->n == MAX_PARTS) {
		memmove(out->word, out->word + 1, sizeof out->word[0] * (MAX_PARTS - 1));
		out->n--;
	}
	out->word[out->n++] = (struct span){at, len};
}

static void split_words(const char *k, size_t n, struct parts *out)
{
	size_t start = 0, len = 0;

	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i], prev = i ? (unsigned char)k[i - 1] : 0;
		if (!is_word_char(c)) {
			if (len > 0)
				add_part(out, start, len);
			len = 0;
			continue;
		}
		if (len > 0 && ((is_lower(prev) && is_upper(c)) || is_digit(prev) != is_digit(c) ||
				(is_upper(prev) && is_upper(c) && i + 1 < n &&
				 is_lower((unsigned char)k[i + 1])))) {
			add_part(out, start, len);
			len = 0;
		}
		if (len++ == 0)
			start = i;
	}
	if (len > 0)
		add_part(out, start, len);
}

/* What a word (or two words joined) means in a setting's name. */
enum word {
	WORD_OTHER,
	WORD_CREDENTIAL, /* password, secret, ... */
	WORD_TOKEN,      /* apikey, token, ...: issued, not chosen */
	WORD_QUALIFIER,  /* may follow the credential word: SecretKey, SecretValue */
	WORD_PROTECTED,  /* says the value is protected */
	WORD_CONNECTION_STRING
};

struct word_def {
	const char *text; /* lower case */
	size_t len;
	enum word word;
};

#define W(s, w)                    \
	{                          \
		s, sizeof s - 1, w \
	}
static const struct word_def word_defs[] = {
	W("pwd", WORD_CREDENTIAL),
	W("key", WORD_QUALIFIER),
	W("token", WORD_TOKEN),
	W("value", WORD_QUALIFIER),
	W("passwd", WORD_CREDENTIAL),
	W("secret", WORD_CREDENTIAL),
	W("apikey", WORD_TOKEN),
	W("password", WORD_CREDENTIAL),
	W("accesskey", WORD_TOKEN),
	W("protected", WORD_PROTECTED),
	W("encrypted", WORD_PROTECTED),
	W("privatekey", WORD_TOKEN),
	W("clientsecret", WORD_CREDENTIAL),
	W("connectionstring", WORD_CONNECTION_STRING),
};
#undef W

/* Whether the n bytes at s equal the lower-case text t, without case. */
static int same(const char *s, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != t[i])
			return 0;
	return 1;
}

/* The meaning of word a, or of a and b joined ("api" "key": apikey) when b
 * is not NULL.  Words longer than the longest listed are no listed word. */
static enum word word_of(const char *k, const struct span *a, const struct span *b)
{
	size_t len = a->len + (b ? b->len : 0);

	for (size_t i = 0; i < sizeof word_defs / sizeof word_defs[0]; i++) {
		const struct word_def *d = &word_defs[i];
		if (d->len == len && same(k + a->at, d->text, a->len) &&
		    (!b || same(k + b->at, d->text + a->len, b->len)))
			return d->word;
	}
	return WORD_OTHER;
}

/* Whether a setting is named like a credential: its last word part, or its
 * last two joined (api|key, client|secret), is one of the credential words,
 * optionally followed by a number, "Key" or "Value" ("SecretKey",
 * "Password2").  A word that only qualifies another ("PasswordResetUrl",
 * "TokenLifetime", "ApiKeyHeaderName") does not count: the name is about
 * the credential, not the credential.  Nor does a name that says the value
 * is protected or encrypted ("ProtectedDatabasePassword"). */
enum key_class classify_key(const char *k, size_t n)
{
	struct parts p;
	size_t end;
	enum word found = WORD_OTHER;

	split_words(k, n, &p);
	for (end = p.n; end > 0; end--) {
		const struct span *last = &p.word[end - 1];
		enum word one = word_of(k, last, NULL),
			  two = end >= 2 ? word_of(k, &p.word[end - 2], last) : WORD_OTHER;
		if (one == WORD_CONNECTION_STRING || two == WORD_CONNECTION_STRING)
			return KEY_CONNECTION_STRING;
		if (one == WORD_CREDENTIAL || one == WORD_TOKEN) {
			found = one;
			break;
		}
		if (two == WORD_CREDENTIAL || two == WORD_TOKEN) {
			found = two;
			break;
		}
		if (!is_digit((unsigned char)k[last->at]) && one != WORD_QUALIFIER)
			return KEY_PLAIN;
	}
	if (end == 0)
		return KEY_PLAIN;
	for (size_t i = 0; i + 1 < end; i++)
		if (word_of(k, &p.word[i], NULL) == WORD_PROTECTED)
			return KEY_PLAIN;
	return found == WORD_TOKEN ? KEY_TOKEN : KEY_CREDENTIAL;
}

const char *const telerik_keys[N_TELERIK_KEYS] = {"Telerik.AsyncUpload.ConfigurationEncryptionKey",
						  "Telerik.Upload.ConfigurationHashKey",
						  "Telerik.Web.UI.DialogParametersEncryptionKey"};

int telerik_key(const char *k, size_t n)
{
	/* Cheap first: every one starts "Telerik.". */
	if (n < 8 || ascii_ncasecmp(k, "Telerik.", 8) != 0)
		return 0;
	for (size_t i = 0; i < N_TELERIK_KEYS; i++)
		if (strlen(telerik_keys[i]) == n && ascii_ncasecmp(k, telerik_keys[i], n) == 0)
			return (int)i + 1;
	return 0;
}
