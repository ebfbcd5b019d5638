/*
 * keys.c - what a setting's name says about its value (HC6007): the name is
 * split into words as people write them (camelCase, snake_case, dots,
 * digits), and the last words decide.
 */
#include "rules/keys.h"

#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define MAX_PARTS 16
#define PART_SIZE 24

/* The word parts of a setting's name, lower case: split at any character
 * but a letter or digit, and at case changes ("smtpPassword", "APIKey" ->
 * api|key) and between letters and digits.  A long name keeps its last
 * MAX_PARTS parts: the words that matter come last. */
struct parts {
	size_t n;
	char word[MAX_PARTS][PART_SIZE];
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

static void split_words(const char *k, size_t n, struct parts *out)
{
	size_t len = 0;

	out->n = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)k[i] : 0,
			      prev = i ? (unsigned char)k[i - 1] : 0;
		int word_char = is_lower(c) || is_upper(c) || is_digit(c);
		int boundary = word_char && len > 0 &&
			       ((is_lower(prev) && is_upper(c)) || is_digit(prev) != is_digit(c) ||
				(is_upper(prev) && is_upper(c) && i + 1 < n &&
				 is_lower((unsigned char)k[i + 1])));
		if (len > 0 && (!word_char || boundary)) {
			out->n++;
			len = 0;
		}
		if (!word_char)
			continue;
		if (len == 0) {
			if (out->n == MAX_PARTS) {
				memmove(out->word[0], out->word[1],
					sizeof out->word[0] * (MAX_PARTS - 1));
				out->n--;
			}
			out->word[out->n][0] = '\0';
		}
		if (len + 1 < PART_SIZE) {
			out->word[out->n][len] = ascii_lower((char)c);
			out->word[out->n][len + 1] = '\0';
		}
		len++;
	}
}

static int in_list(const char *word, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(word, list[i]) == 0)
			return 1;
	return 0;
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
	static const char *const words[] = {"password",  "passwd",     "pwd",
					    "secret",    "apikey",     "token",
					    "accesskey", "privatekey", "clientsecret"};
	static const char *const qualifiers[] = {"key", "value"};
	static const char *const protected_words[] = {"protected", "encrypted"};
	const size_t n_words = sizeof words / sizeof words[0];
	struct parts p;
	size_t end;

	split_words(k, n, &p);
	for (end = p.n; end > 0; end--) {
		const char *last = p.word[end - 1];
		char joined[2 * PART_SIZE] = "";
		if (end >= 2)
			snprintf(joined, sizeof joined, "%s%s", p.word[end - 2], last);
		if (strcmp(last, "connectionstring") == 0 ||
		    strcmp(joined, "connectionstring") == 0)
			return KEY_CONNECTION_STRING;
		if (in_list(last, words, n_words) || in_list(joined, words, n_words))
			break;
		if (!is_digit((unsigned char)last[0]) && !in_list(last, qualifiers, 2))
			return KEY_PLAIN;
	}
	if (end == 0)
		return KEY_PLAIN;
	for (size_t i = 0; i + 1 < end; i++)
		if (in_list(p.word[i], protected_words, 2))
			return KEY_PLAIN;
	return KEY_CREDENTIAL;
}
