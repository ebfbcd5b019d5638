/*
 * diff.c - the findings' fixes as one unified diff, relative to the
 * working directory (the files' display names, "a/" and "b/" before them,
 * as `git apply` and `patch -p1` take it).  Fixes are kept as reports come
 * and written at the end, each file once, its hunks in order, a fix met in
 * several reports (a transform's base linted on its own too) once.  Only
 * fixes a text diff can carry are written: files whose bytes are their
 * UTF-8 text, named below the working directory, with the lines
 * around the fix known; the others are left to the caller (see
 * hardconf_fix.text_is_bytes).
 */
#include "format/writer.h"

#include "model/report.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One edit kept: in file, bytes from..to become text; ctx the lines around
 * it, from byte ctx_off of the file, line ctx_line on. */
struct kept {
	char *file, *text, *ctx;
	size_t from, to, ctx_off, ctx_len;
	unsigned ctx_line;
};

struct diff_state {
	struct kept *items;
	size_t n, cap;
	char cwd[4096]; /* the working directory, or "" */
};

/* The name a diff gives a file: "./" dropped, an absolute name below the
 * working directory made relative to it; NULL for one the working
 * directory cannot name (elsewhere, or with ".." in it). */
static const char *diff_name(const struct diff_state *s, const char *name)
{
	size_t n = strlen(s->cwd);
	if (n > 1 && strncmp(name, s->cwd, n) == 0 && name[n] == '/')
		name += n + 1;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (name[0] == '/' || name[0] == '\0' || strstr(name, "..") || strchr(name, '\n') ||
	    strchr(name, '\t'))
		return NULL;
	return name;
}

static int diff_can_carry(const struct diff_state *s, const hardconf_finding *f)
{
	return f->fix && f->fix->text_is_bytes && f->context && diff_name(s, f->file);
}

static int keep(hardconf_writer *w, const hardconf_finding *f)
{
	struct diff_state *s = w->state;
	const hardconf_fix *x = f->fix;
	for (size_t i = 0; i < x->n_edits; i++) {
		const hardconf_edit *e = &x->edits[i];
		struct kept *k;
		size_t bom;
		if (e->text_offset < f->context_offset ||
		    e->text_offset + e->text_length > f->context_offset + strlen(f->context))
			continue;
		k = array_grow(s->items, &s->cap, s->n + 1, sizeof *k);
		if (!k)
			return -1;
		s->items = k;
		k = &s->items[s->n];
		/* In the file's bytes: after its BOM, the same as its text.
		 * Lines from the first carry the BOM, as the file does. */
		bom = e->offset - e->text_offset;
		*k = (struct kept){str_dup(diff_name(s, f->file)),
				   str_dup(e->text),
				   f->context_offset == 0 && bom
					   ? str_printf("\xEF\xBB\xBF%s", f->context)
					   : str_dup(f->context),
				   e->offset,
				   e->offset + e->length,
				   f->context_offset ? f->context_offset + bom : 0,
				   0,
				   f->context_line};
		if (k->ctx)
			k->ctx_len = strlen(k->ctx);
		if (!k->file || !k->text || !k->ctx) {
			free(k->file);
			free(k->text);
			free(k->ctx);
			return -1;
		}
		s->n++;
	}
	return 0;
}

static void head(hardconf_writer *w)
{
	struct diff_state *s = calloc(1, sizeof *s);
	w->state = s;
	if (!s)
		w->status = HARDCONF_ENOMEM;
	else if (!getcwd(s->cwd, sizeof s->cwd))
		s->cwd[0] = '\0';
}

static void report(hardconf_writer *w, const hardconf_report *r)
{
	for (size_t i = 0; i < r->count && w->status == HARDCONF_OK; i++)
		if (diff_can_carry(w->state, &r->items[i]) && !r->items[i].suppressed &&
		    keep(w, &r->items[i]) != 0)
			w->status = HARDCONF_ENOMEM;
}

static int by_file_and_offset(const void *pa, const void *pb)
{
	const struct kept *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

/* Writes lines of text (len bytes), each after mark; a last line without
 * its newline gets the marker patch expects. */
static void out_lines(hardconf_writer *w, char mark, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) + 1 : len - i;
		out(w, &mark, 1);
		out(w, text + i, n);
		if (!nl)
			out_str(w, "\n\\ No newline at end of file\n");
		i += n;
	}
}

static unsigned count_lines(const char *text, size_t len)
{
	unsigned n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n + (len && text[len - 1] != '\n');
}

static size_t line_start(const char *t, size_t at)
{
	while (at > 0 && t[at - 1] != '\n')
		at--;
	return at;
}

static size_t line_end(const char *t, size_t len, size_t at)
{
	const char *nl = memchr(t + at, '\n', len - at);
	return nl ? (size_t)(nl - t) + 1 : len;
}

/* One hunk: region (len bytes of the file's text from offset off, line
 * line on) with edits items[0..n) applied; *delta: lines the hunks before
 * added. */
static void hunk(hardconf_writer *w, const char *region, size_t off, size_t len, unsigned line,
		 const struct kept *items, size_t n, long *delta)
{
	size_t at = 0, i = 0;
	unsigned old_lines = count_lines(region, len), new_lines = old_lines;
	char *changed = NULL;
	/* The new lines' count first: each block of touched lines, rewritten. */
	for (int pass = 0; pass < 2; pass++) {
		at = 0;
		i = 0;
		if (pass == 1)
			out_fmt(w, "@@ -%u,%u +%ld,%u @@\n", line, old_lines, (long)line + *delta,
				new_lines);
		while (i < n) {
			size_t s = line_start(region, items[i].from - off), e, j = i, used = 0, p;
			e = line_end(region, len,
				     items[i].to > items[i].from ? items[i].to - off - 1
								 : items[i].to - off);
			while (j + 1 < n && line_start(region, items[j + 1].from - off) <= e)
				e = line_end(region, len,
					     items[j + 1].to > items[j + 1].from
						     ? items[j + 1].to - off - 1
						     : items[j + 1].to - off),
				j++;
			for (size_t k = i; k <= j; k++)
				used += strlen(items[k].text);
			free(changed);
			changed = malloc(e - s + used + 1);
			if (!changed) {
				w->status = HARDCONF_ENOMEM;
				return;
			}
			p = s;
			used = 0;
			for (size_t k = i; k <= j; k++) {
				size_t t = strlen(items[k].text);
				memcpy(changed + used, region + p, items[k].from - off - p);
				used += items[k].from - off - p;
				memcpy(changed + used, items[k].text, t);
				used += t;
				p = items[k].to - off;
			}
			memcpy(changed + used, region + p, e - p);
			used += e - p;
			if (pass == 0) {
				new_lines = new_lines - count_lines(region + s, e - s) +
					    count_lines(changed, used);
			} else {
				out_lines(w, ' ', region + at, s - at);
				out_lines(w, '-', region + s, e - s);
				out_lines(w, '+', changed, used);
			}
			at = e;
			i = j + 1;
		}
		if (pass == 1)
			out_lines(w, ' ', region + at, len - at);
	}
	free(changed);
	*delta += (long)new_lines - (long)old_lines;
}

/* The hunks of items[0..n), all of one file, sorted by offset and not
 * overlapping. */
static void file_hunks(hardconf_writer *w, struct kept *items, size_t n)
{
	long delta = 0;
	size_t i = 0;
	out_fmt(w, "--- a/%s\n+++ b/%s\n", items[0].file, items[0].file);
	while (i < n && w->status == HARDCONF_OK) {
		/* A region: contexts that overlap or touch, joined. */
		size_t off = items[i].ctx_off, end = off + items[i].ctx_len, j = i + 1;
		unsigned line = items[i].ctx_line;
		char *region;
		while (j < n && items[j].ctx_off <= end) {
			if (items[j].ctx_off + items[j].ctx_len > end)
				end = items[j].ctx_off + items[j].ctx_len;
			if (items[j].ctx_off < off)
				off = items[j].ctx_off, line = items[j].ctx_line;
			j++;
		}
		region = malloc(end - off + 1);
		if (!region) {
			w->status = HARDCONF_ENOMEM;
			return;
		}
		for (size_t k = i; k < j; k++)
			memcpy(region + (items[k].ctx_off - off), items[k].ctx, items[k].ctx_len);
		hunk(w, region, off, end - off, line, items + i, j - i, &delta);
		free(region);
		i = j;
	}
}

static void tail(hardconf_writer *w)
{
	struct diff_state *s = w->state;
	size_t kept = 0, from = 0;
	if (!s || s->n == 0)
		return;
	qsort(s->items, s->n, sizeof *s->items, by_file_and_offset);
	/* The same edit from several reports once; one overlapping an edit
	 * kept already is left for another run. */
	for (size_t i = 0; i < s->n; i++) {
		struct kept *k = &s->items[i];
		if (kept && strcmp(s->items[kept - 1].file, k->file) == 0 &&
		    k->from < s->items[kept - 1].to + (k->from == s->items[kept - 1].from)) {
			free(k->file);
			free(k->text);
			free(k->ctx);
			continue;
		}
		s->items[kept++] = *k;
	}
	s->n = kept;
	for (size_t i = 1; i <= s->n; i++)
		if (i == s->n || strcmp(s->items[i].file, s->items[from].file) != 0) {
			file_hunks(w, s->items + from, i - from);
			from = i;
		}
}

static void diff_free(hardconf_writer *w)
{
	struct diff_state *s = w->state;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->items[i].file);
		free(s->items[i].text);
		free(s->items[i].ctx);
	}
	free(s->items);
	free(s);
	w->state = NULL;
}

const struct format_ops format_diff = {head, report, tail, diff_free};
