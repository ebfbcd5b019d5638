/* writer.c - streaming findings in any format: the buffered channel, the
 * JSON string writer and fingerprints the formats share. */
#include "format/writer.h"

#include "model/report.h"
#include "scan/linter.h"
#include "util/util.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"gcc", "json", "sarif", "github", "diff", "html"};
static const struct format_ops *const formats[] = {&format_gcc,    &format_json, &format_sarif,
						   &format_github, &format_diff, &format_html};

const char *hardconf_format_name(hardconf_format format)
{
	return (unsigned)format < sizeof format_names / sizeof format_names[0]
		       ? format_names[format]
		       : "unknown";
}

int hardconf_format_parse(hardconf_format *out, const char *name)
{
	if (!out || !name)
		return HARDCONF_EINVAL;
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (name && ascii_casecmp(name, format_names[i]) == 0) {
			*out = (hardconf_format)i;
			return HARDCONF_OK;
		}
	}
	return HARDCONF_ENOTFOUND;
}

static void flush(hardconf_writer *w)
{
	if (w->used && w->status == HARDCONF_OK && w->write(w->ctx, w->buf, w->used) != 0)
		w->status = HARDCONF_EIO;
	w->used = 0;
}

void out(hardconf_writer *w, const char *s, size_t len)
{
	while (len > 0 && w->status == HARDCONF_OK) {
		size_t n = sizeof w->buf - w->used;
		if (n == 0) {
			flush(w);
			continue;
		}
		if (n > len)
			n = len;
		memcpy(w->buf + w->used, s, n);
		w->used += n;
		s += n;
		len -= n;
	}
}

void out_str(hardconf_writer *w, const char *s)
{
	out(w, s, strlen(s));
}

void out_fmt(hardconf_writer *w, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	va_start(ap, fmt);
	/* ap is initialised (va_start above); clang-tidy 14 says otherwise only when one run
	 * checks several files (llvm-project issue 40656). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->status = HARDCONF_EINVAL;
	} else if ((size_t)n < sizeof small) {
		out(w, small, (size_t)n);
	} else {
		char *big;
		va_start(ap, fmt);
		big = str_vprintf(fmt, ap);
		va_end(ap);
		if (!big)
			w->status = HARDCONF_ENOMEM;
		else
			out(w, big, (size_t)n);
		free(big);
	}
}

void out_json_string(hardconf_writer *w, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str, *end = s + strlen(str);
	out(w, "\"", 1);
	while (*s) {
		const unsigned char *run = s;
		while (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
			s++;
		out(w, (const char *)run, (size_t)(s - run));
		if (!*s)
			break;
		if (*s == '"' || *s == '\\') {
			char esc[2] = {'\\', (char)*s++};
			out(w, esc, 2);
		} else if (*s < 0x20) {
			char esc[6] = {'\\', 'u', '0', '0', hex[*s >> 4], hex[*s & 15]};
			out(w, esc, 6);
			s++;
		} else {
			size_t n = utf8_sequence(s, (size_t)(end - s));
			if (n) {
				out(w, (const char *)s, n);
				s += n;
			} else {
				out(w, "\\ufffd", 6);
				s++;
			}
		}
	}
	out(w, "\"", 1);
}

void out_uint(hardconf_writer *w, size_t n)
{
	char digits[24], *p = digits + sizeof digits;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	out(w, p, (size_t)(digits + sizeof digits - p));
}

const hardconf_rule *format_rule(const char *id)
{
	size_t lo = 0, hi = RULE_COUNT;
	if (!id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const hardconf_rule *r = rule_meta((enum rule_id)mid);
		int c = strcmp(r->id, id);
		if (c == 0)
			return r;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* An id written another way (a finding made by hand). */
	return hardconf_rule_find(id);
}

static int valid_options(const hardconf_writer_options *o)
{
	if (o->version < 1 || o->version > HARDCONF_WRITER_OPTIONS_VERSION ||
	    (o->n_linters && !o->linters))
		return 0;
	for (size_t i = 0; i < o->n_linters; i++)
		if (!o->linters[i])
			return 0;
	return 1;
}

/* Each rule as the linters run it: on when one turns it on, graded by the
 * highest grade among those; the defaults without linters. */
static void configure(hardconf_writer *w, const hardconf_writer_options *o)
{
	for (size_t r = 0; r < RULE_COUNT; r++) {
		const hardconf_rule *meta = rule_meta((enum rule_id)r);
		w->enabled[r] = o->n_linters ? 0 : !meta->opt_in;
		w->severity[r] = meta->severity;
		for (size_t i = 0; i < o->n_linters; i++) {
			const hardconf_linter *l = o->linters[i];
			if (!l->enabled[r])
				continue;
			if (!w->enabled[r] || l->severity[r] > w->severity[r])
				w->severity[r] = l->severity[r];
			w->enabled[r] = 1;
		}
	}
}

int hardconf_writer_new(hardconf_writer **out_writer, hardconf_format format, unsigned int flags,
			hardconf_write_fn write, void *ctx, hardconf_error *err)
{
	hardconf_writer_options o = HARDCONF_WRITER_OPTIONS_INIT;
	o.flags = flags;
	return hardconf_writer_new_with(out_writer, format, &o, write, ctx, err);
}

int hardconf_writer_new_with(hardconf_writer **out_writer, hardconf_format format,
			     const hardconf_writer_options *opts, hardconf_write_fn write,
			     void *ctx, hardconf_error *err)
{
	static const hardconf_writer_options defaults = HARDCONF_WRITER_OPTIONS_INIT;
	hardconf_writer *w;
	if (out_writer)
		*out_writer = NULL;
	if (!opts)
		opts = &defaults;
	if (!out_writer || !write || (unsigned)format >= sizeof formats / sizeof formats[0] ||
	    !valid_options(opts)) {
		error_set(err, HARDCONF_EINVAL, "invalid writer arguments");
		return HARDCONF_EINVAL;
	}
	/* All but the buffer zeroed: clearing 8 KiB that a small report never
	 * reaches took half the instructions of formatting its findings. */
	w = malloc(sizeof *w);
	if (!w) {
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	memset(w, 0, offsetof(hardconf_writer, buf));
	w->ops = formats[format];
	w->flags = opts->flags;
	configure(w, opts);
	w->write = write;
	w->ctx = ctx;
	if (w->ops->head)
		w->ops->head(w);
	*out_writer = w;
	if (w->status != HARDCONF_OK)
		error_set(err, w->status, "cannot write: %s", hardconf_strerror(w->status));
	return w->status;
}

int hardconf_writer_add(hardconf_writer *w, const hardconf_report *r)
{
	if (!w || !r || w->finished)
		return HARDCONF_EINVAL;
	w->files++;
	w->findings += r->count;
	if (w->ops->report && w->status == HARDCONF_OK)
		w->ops->report(w, r);
	/* Each file's findings leave as soon as they are written. */
	flush(w);
	return w->status;
}

int hardconf_writer_finish(hardconf_writer *w)
{
	if (!w || w->finished)
		return HARDCONF_EINVAL;
	w->finished = 1;
	if (w->ops->tail && w->status == HARDCONF_OK)
		w->ops->tail(w);
	flush(w);
	return w->status;
}

int hardconf_writer_set_baseline(hardconf_writer *w, const hardconf_baseline *baseline)
{
	if (!w || w->finished)
		return HARDCONF_EINVAL;
	w->baseline = baseline;
	return HARDCONF_OK;
}

void hardconf_writer_free(hardconf_writer *w)
{
	if (w && w->ops->free)
		w->ops->free(w);
	free(w);
}
