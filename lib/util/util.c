/* util.c - small string helpers shared by the library. */
#include "util/util.h"

#include "hardconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x, y;
		/* Most bytes compared are equal as written: no folding. */
		if (a[i] == b[i]) {
			if (!a[i])
				return 0;
			continue;
		}
		x = ascii_lower(a[i]), y = ascii_lower(b[i]);
		if (x != y)
			return (unsigned char)x - (unsigned char)y;
		if (!x)
			return 0;
	}
	return 0;
}

int ascii_casecmp(const char *a, const char *b)
{
	return ascii_ncasecmp(a, b, (size_t)-1);
}

char *str_ndup(const char *s, size_t n)
{
	char *copy = malloc(n + 1);
	if (copy) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

char *str_dup(const char *s)
{
	return s ? str_ndup(s, strlen(s)) : NULL;
}

char *str_vprintf(const char *fmt, va_list ap)
{
	/* One pass for the usual message: into a buffer on the stack, then
	 * copied; a second only for a longer one.  (Measuring with a NULL
	 * buffer first costs as much as formatting.) */
	char small[512];
	va_list again;
	int n;
	char *s;

	va_copy(again, ap);
	/* ap is initialised (by the caller); clang-tidy 14 says otherwise only when one run
	 * checks several files (llvm-project issue 40656). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(again);
		return NULL;
	}
	s = malloc((size_t)n + 1);
	if (s && (size_t)n < sizeof small)
		memcpy(s, small, (size_t)n + 1);
	else if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *str_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	s = str_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

size_t utf8_sequence(const unsigned char *s, size_t n)
{
	/* Unicode's table of well-formed sequences: no overlong forms, no
	 * surrogates, nothing above U+10FFFF. */
	unsigned char lo = 0x80, hi = 0xBF;
	size_t k;
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 3, lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 4, lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (k > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* For a URL starting its authority at v[from] ("scheme://" just read):
 * the password of its user info, [*start, *end), if it has one. */
static int url_password(const unsigned char *v, size_t len, size_t from, size_t *start, size_t *end)
{
	size_t colon = 0;
	for (size_t i = from; i < len; i++) {
		if (v[i] == '/' || v[i] == '?' || v[i] == '#' || v[i] == ' ' || v[i] == '"')
			return 0;
		if (v[i] == ':' && !colon)
			colon = i;
		if (v[i] == '@') {
			if (!colon)
				return 0;
			*start = colon + 1;
			*end = i;
			return 1;
		}
	}
	return 0;
}

void str_display(char *buf, size_t size, const char *value, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *v = (const unsigned char *)value;
	size_t o = 0, i = 0, mask_start = 0, mask_end = 0;

	if (size < 8) {
		if (size)
			buf[0] = '\0';
		return;
	}
	/* Most values are a short name, printable ASCII without a ':' (no URL
	 * to mask): copied whole. */
	if (len <= size - 4) {
		while (i < len && (unsigned char)(v[i] - 0x20) < 0x5f && v[i] != ':')
			i++;
		if (i == len) {
			memcpy(buf, value, len);
			buf[len] = '\0';
			return;
		}
		i = 0;
	}
	while (i < len) {
		unsigned char c = v[i];
		/* A password in a URL's user info never reaches a message. */
		if (c == ':' && i + 2 < len && v[i + 1] == '/' && v[i + 2] == '/' &&
		    !url_password(v, len, i + 3, &mask_start, &mask_end))
			mask_start = mask_end = 0;
		if (i == mask_start && mask_end > mask_start) {
			if (o + 3 > size - 4)
				break;
			memcpy(buf + o, "***", 3);
			o += 3;
			i = mask_end;
			continue;
		}
		if (c >= 0x20 && c < 0x7f && c != ':') {
			/* A run of plain ASCII, up to the next ':' or the masked
			 * password, copied at once (most values are all of it). */
			size_t j = i + 1,
			       stop = mask_end > mask_start && mask_start > i ? mask_start : len;
			size_t room = size - 4 - o;
			while (j < stop && v[j] >= 0x20 && v[j] < 0x7f && v[j] != ':')
				j++;
			if (j - i > room)
				j = i + room;
			if (j - i < 8) {
				/* Most runs are a short name: no call for those. */
				while (i < j)
					buf[o++] = (char)v[i++];
			} else {
				memcpy(buf + o, v + i, j - i);
				o += j - i;
				i = j;
			}
			if (o == size - 4)
				break;
			continue;
		}
		size_t seq = c >= 0x80 ? utf8_sequence(v + i, len - i) : 1;
		/* Only what cannot be shown is escaped: quotes and backslashes
		 * (a Windows path, a DOMAIN\user) are printed as written. */
		int escape = c < 0x20 || c == 0x7f || seq == 0;
		size_t need = escape ? 4 : seq;
		if (o + need > size - 4) /* keep room for "..." and the NUL */
			break;
		if (escape) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
			i++;
		} else {
			memcpy(buf + o, v + i, seq);
			o += seq;
			i += seq;
		}
	}
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
}

void *array_grow(void *items, size_t *cap, size_t need, size_t size)
{
	/* The first room: 16 items, and at least 256 bytes (a path or a text
	 * buffer would otherwise be reallocated from 16 bytes up, four times
	 * for every file). */
	size_t n = *cap ? *cap : size < 16 ? 256 / size : 16;
	void *p;
	if (need <= *cap)
		return items;
	while (n < need) {
		if (n > (size_t)-1 / 2 / size)
			return NULL;
		n *= 2;
	}
	p = realloc(items, n * size);
	if (p)
		*cap = n;
	return p;
}

/* The start of the UTF-8 character holding s[at]: a message is cut
 * between characters. */
static size_t char_start(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
		at--;
	return at;
}

void error_set(hardconf_error *err, int status, const char *fmt, ...)
{
	va_list ap, again;
	char *whole;
	int n;
	size_t head, tail;
	if (!err)
		return;
	err->status = status;
	va_start(ap, fmt);
	va_copy(again, ap);
	/* ap is initialised (va_start above); clang-tidy 14 says otherwise only when one run
	 * checks several files (llvm-project issue 40656). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	n = vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* Too long (a path thousands of folders deep): its middle gives way,
	 * not the end, which says what went wrong. */
	whole = n >= (int)sizeof err->message ? malloc((size_t)n + 1) : NULL;
	if (whole) {
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
		vsnprintf(whole, (size_t)n + 1, fmt, again);
		head = char_start(whole, sizeof err->message / 2 - 2);
		tail = (size_t)n - (sizeof err->message - 4 - head);
		while (tail < (size_t)n && ((unsigned char)whole[tail] & 0xC0) == 0x80)
			tail++;
		memcpy(err->message, whole, head);
		memcpy(err->message + head, "...", 3);
		memcpy(err->message + head + 3, whole + tail, (size_t)n - tail + 1);
		free(whole);
	}
	va_end(again);
}

int array_dup(void **out, size_t *cap, const void *items, size_t n, size_t size)
{
	*out = NULL;
	*cap = 0;
	if (n == 0)
		return 0;
	*out = malloc(n * size);
	if (!*out)
		return -1;
	memcpy(*out, items, n * size);
	*cap = n;
	return 0;
}

void hex16(char out[17], uint64_t h)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = digits[h & 15];
	out[16] = '\0';
}

int keyed_order(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}
