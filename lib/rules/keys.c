/*
 * keys.c - what a setting's name says about its value (HC6007): the name is
 * split into words as people write them (camelCase, snake_case, dots,
 * digits), and the last words decide.
 *
 * It runs on every appSettings key, so it reads no more of the name than
 * it needs: the words are found from the end, as spans of the name (nothing
 * copied, nothing formatted), and a word is looked up by its length first,
 * then compared without case.
 */
#include "rules/keys.h"

#include "util/util.h"

#include <string.h>

#define MAX_PARTS 16

/* A word part of a setting's name: where it starts, and its length. */
struct span {
	size_t at, len;
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

/* Whether a word part starts at k[i] (0 < i < n, k[i - 1] and k[i] both
 * letters or digits): at a case change ("smtpPassword", "APIKey" ->
 * api|key) or between letters and digits. */
static int starts_word(const char *k, size_t n, size_t i)
{
	unsigned char prev = (unsigned char)k[i - 1], c = (unsigned char)k[i];
	return (is_lower(prev) && is_upper(c)) || is_digit(prev) != is_digit(c) ||
	       (is_upper(prev) && is_upper(c) && i + 1 < n && is_lower((unsigned char)k[i + 1]));
}

/* The words of a setting's name, read from its end: any character but a
 * letter or digit separates them, as do case changes and digits.  Only the
 * last words usually matter, so they are found one at a time, backwards,
 * and at most MAX_PARTS of them. */
struct words {
	const char *k;
	size_t n, pos; /* the name, and where the words not yet found end */
	size_t found;
	struct span word[MAX_PARTS]; /* word[0] is the last */
};

/* Makes words->word[j] known: 1, or 0 when the name has no such word (or
 * it is beyond the MAX_PARTS last). */
static int word_at(struct words *w, size_t j)
{
	while (w->found <= j) {
		size_t end = w->pos, start;
		if (w->found == MAX_PARTS)
			return 0;
		while (end > 0 && !is_word_char((unsigned char)w->k[end - 1]))
			end--;
		if (end == 0)
			return 0;
		start = end - 1;
		while (start > 0 && is_word_char((unsigned char)w->k[start - 1]) &&
		       !starts_word(w->k, w->n, start))
			start--;
		w->word[w->found++] = (struct span){start, end - start};
		w->pos = start;
	}
	return 1;
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

#define W(s, w)                     \
	{                           \
		s, sizeof(s) - 1, w \
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

	/* The table is in order of length. */
	for (size_t i = 0; i < sizeof word_defs / sizeof word_defs[0] && word_defs[i].len <= len;
	     i++) {
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
	struct words w; /* word[] is filled as it is read */
	enum word found = WORD_OTHER;
	size_t j;

	w.k = k;
	w.n = w.pos = n;
	w.found = 0;
	for (j = 0; word_at(&w, j); j++) {
		const struct span *last = &w.word[j];
		enum word one = word_of(k, last, NULL),
			  two = word_at(&w, j + 1) ? word_of(k, &w.word[j + 1], last) : WORD_OTHER;
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
	if (found == WORD_OTHER)
		return KEY_PLAIN;
	for (size_t i = j + 1; word_at(&w, i); i++)
		if (word_of(k, &w.word[i], NULL) == WORD_PROTECTED)
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
