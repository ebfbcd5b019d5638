/* util.h - small string helpers shared by the library. */
#ifndef HC_UTIL_H
#define HC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ASCII case-insensitive comparisons (configuration names are ASCII). */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);

/* Inline: it runs per character in every case-insensitive compare. */
static inline char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* malloc'd copy of s (NULL on failure or when s is NULL). */
char *str_dup(const char *s);

/* malloc'd NUL-terminated copy of the n bytes at s, NULL on failure. */
char *str_ndup(const char *s, size_t n);

/* malloc'd formatted string, NULL on failure. */
char *str_vprintf(const char *fmt, va_list ap);
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The length of the well-formed UTF-8 sequence at s (n bytes left), or 0. */
size_t utf8_sequence(const unsigned char *s, size_t n);

/* Writes a printable rendering of a value into buf: one line of valid
 * UTF-8 (control characters and bytes that are not UTF-8 escaped as \xNN;
 * everything else, quotes and backslashes too, as written), URL passwords
 * as "***", long values shortened with "..."; always NUL-terminates. */
void str_display(char *buf, size_t size, const char *value, size_t len);

/* Room for need items of size bytes in an array of *cap: returns the array
 * (moved, with *cap raised, when it had to grow), or NULL when memory ran
 * out, leaving items and *cap as they were. */
void *array_grow(void *items, size_t *cap, size_t need, size_t size);

/* XML's white space: space, tab, CR and LF. */
static inline int xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* FNV-1a over n bytes, continuing from h (FNV1A_START to begin): the one
 * hash of names and paths the library uses. */
#define FNV1A_START 1469598103934665603u
static inline uint64_t fnv1a(uint64_t h, const void *s, size_t n)
{
	/* Inline: a path is hashed a name at a time, a few bytes a call. */
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211u;
	}
	return h;
}

/* An item's place and its sort key: sorted by keyed_order() (qsort), by
 * key, then by place, so that equal keys keep their order. */
struct keyed {
	uint64_t key;
	size_t index;
};
int keyed_order(const void *a, const void *b);

/* h as 16 lower-case hex digits and a terminator (a fingerprint), without
 * printf's formatting pass. */
void hex16(char out[17], uint64_t h);

/* A malloc'd copy of the n items of size bytes at items, with *cap set to
 * n; NULL with *cap 0 for no items.  Returns -1 when memory ran out (then
 * *out is NULL), else 0. */
int array_dup(void **out, size_t *cap, const void *items, size_t n, size_t size);

/* Copies a message into a caller's hardconf_error, if any. */
struct hardconf_error;
void error_set(struct hardconf_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
