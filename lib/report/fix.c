/*
 * fix.c - a finding's fix and the source lines around it.  A fix is worked
 * out in the text where the value was written (a transform's result is
 * first mapped back to its base or transform), then placed in the file's
 * own bytes: a UTF-8 file's text is its bytes after the BOM, a UTF-16
 * file's offsets are counted in code units.  Files in other encodings, or
 * read only in part, get no fix.  A streamed file (source/stream.h) has no
 * text in memory: the bytes around the finding are read again, as far as
 * a fix and the source lines look.
 */
#include "report/fix.h"

#include "model/report.h"

#include "resolve/origin.h"
#include "scan/linter.h"
#include "source/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Up to this many lines either side of a finding are its context; a
 * context longer than CONTEXT_MAX bytes keeps fewer (at least one line
 * either side, or none at all).  A finding with a fix whose lines are
 * longer than that (a tag thousands of bytes wide, a file on one line)
 * takes its own lines and one either side up to CONTEXT_LONG: a fix is
 * checked against its context before it is written, and one without would
 * be dropped.  Only such a finding pays for the longer read, and a call
 * keeps at most CONTEXT_LONG_BUDGET bytes of them: a file of hundreds of
 * fixes on one line of 60 KB would otherwise keep the line hundreds of
 * times. */
#define CONTEXT_LINES 3
#define CONTEXT_MAX 8192
#define CONTEXT_LONG ((size_t)64 << 10)
#define CONTEXT_LONG_BUDGET ((size_t)4 << 20)

/* The offset in file f's bytes of offset off of its text (SIZE_MAX: not
 * known).  Findings come mostly in the order of the text: counting goes
 * on from the last offset asked for, so a UTF-16 file costs its size once,
 * not once per finding.  A decoded stream counts from the piece that
 * holds off. */
static size_t raw_offset(struct lint *l, struct lint_file *f, size_t off)
{
	const struct source_layout *y = &f->layout;
	if (!y->utf16)
		return y->bom + off;
	if (f->stream)
		return source_stream_raw_offset(f->stream, off, &l->reread);
	if (off < f->units_at)
		f->units_at = f->units = 0;
	f->units += text_utf16_units(f->text + f->units_at, off - f->units_at);
	f->units_at = off;
	return y->bom + 2 * f->units;
}

/* What a fix and the source lines of a finding read of a file's text: all
 * of it, or, for a streamed file, a copy of the bytes from base on, a
 * margin either side of the finding. */
struct view {
	const char *t; /* bytes [base, base + len) of the text */
	size_t base, len;
	size_t total; /* the length of the whole text */
	char *copy;   /* t, when read again (freed by view_free()) */
};

/* The margin a fix alone needs around its attribute: the spaces before it
 * back to its line's start, and those after it.  Source lines need one
 * more than CONTEXT_MAX. */
#define FIX_MARGIN 256

/* The view of file f around from..to, margin bytes either side; 0 when
 * there is none (no text, or memory ran out). */
static int view_of(const struct lint_file *f, size_t from, size_t to, size_t margin, struct view *v)
{
	struct stream_buf b = {NULL, 0};
	size_t lo, hi, got;
	const char *t;
	*v = (struct view){f->text, 0, f->len, f->len, NULL};
	if (!f->stream)
		return f->text != NULL;
	if (from > f->len || to > f->len)
		return 0;
	lo = from > margin ? from - margin : 0;
	hi = f->len - to > margin ? to + margin : f->len;
	/* Read into a buffer of the view's own. */
	t = source_stream_bytes(f->stream, lo, hi - lo, &b, &got);
	if (!t || got != hi - lo) {
		free(b.p);
		return 0;
	}
	*v = (struct view){b.p, lo, got, f->len, b.p};
	return 1;
}

static void view_free(struct view *v)
{
	free(v->copy);
	v->copy = NULL;
}

/* One change in the text: from..to becomes text. */
struct change {
	size_t from, to;
	const char *text;
	char description[96];
};

/* Works out the change of p's fix on the attribute at start..end of the
 * text seen by v (its name through its closing quote).  in_transform: the
 * value was written by a transform, where a removal would let the base's
 * value through.  Returns 0, or -1 when the text is not an attribute as
 * expected (or its surroundings lie outside the view). */
static int change_of(const struct pending *p, const struct view *v, size_t start, size_t end,
		     int in_transform, struct change *c)
{
	const char *t = v->t;
	size_t len = v->len, name_end, q;
	char quote;
	if (start < v->base || end > v->base + v->len || end <= start + 3)
		return -1;
	start -= v->base;
	end -= v->base;
	name_end = start;
	quote = t[end - 1];
	if (quote != '"' && quote != '\'')
		return -1;
	while (name_end < end && !xml_space(t[name_end]) && t[name_end] != '=')
		name_end++;
	q = name_end;
	while (q < end && xml_space(t[q]))
		q++;
	if (q >= end || t[q] != '=')
		return -1;
	q++;
	while (q < end && xml_space(t[q]))
		q++;
	if (q >= end - 1 || t[q] != quote || name_end - start > 40)
		return -1;
	for (const char *x = p->fix_value; *x; x++)
		if ((unsigned char)*x >= 0x80 || *x == quote || *x == '&' || *x == '<')
			return -1;
	if (p->fix_remove && !in_transform) {
		size_t after = end;
		int line_start = 0;
		c->from = start;
		while (c->from > 0 && xml_space(t[c->from - 1]))
			line_start |= t[--c->from] == '\n';
		c->to = end;
		while (after < len && (t[after] == ' ' || t[after] == '\t'))
			after++;
		/* Spaces run past the view: what they end at is not known. */
		if ((c->from == 0 && v->base > 0) || (after == len && v->base + len < v->total))
			return -1;
		/* First on its line with another attribute after it: the line
		 * keeps its place, the space after the attribute goes. */
		if (line_start && after > end && after < len && t[after] != '\r' &&
		    t[after] != '\n' && t[after] != '/' && t[after] != '>') {
			c->from = start;
			c->to = after;
		}
		c->text = "";
		snprintf(c->description, sizeof c->description, "remove %.*s",
			 (int)(name_end - start), t + start);
		c->from += v->base;
		c->to += v->base;
		return 0;
	}
	c->from = q + 1;
	c->to = end - 1;
	c->text = p->fix_value;
	if (c->to - c->from == strlen(c->text) &&
	    memcmp(t + c->from, c->text, c->to - c->from) == 0)
		return -1; /* already the secure value */
	snprintf(c->description, sizeof c->description, "set %.*s=\"%s\"", (int)(name_end - start),
		 t + start, c->text);
	c->from += v->base;
	c->to += v->base;
	return 0;
}

/* The fix, in one allocation: the struct, its edit, the description, the
 * replacement as text and as bytes. */
static hardconf_fix *make_fix(struct lint *l, struct lint_file *f, const struct change *c)
{
	const struct source_layout *y = &f->layout;
	size_t text_len = strlen(c->text), bytes_len = y->utf16 ? 2 * text_len : text_len;
	size_t desc_len = strlen(c->description);
	size_t size = sizeof(hardconf_fix) + sizeof(hardconf_edit) + desc_len + 1 + text_len + 1 +
		      bytes_len + 1;
	hardconf_fix *fix;
	hardconf_edit *e;
	char *desc, *text, *bytes;
	size_t from = raw_offset(l, f, c->from), to = raw_offset(l, f, c->to);
	if (from == SIZE_MAX || to == SIZE_MAX || !(fix = malloc(size)))
		return NULL;
	e = (hardconf_edit *)(fix + 1);
	desc = (char *)(e + 1);
	text = desc + desc_len + 1;
	bytes = text + text_len + 1;
	memcpy(desc, c->description, desc_len + 1);
	memcpy(text, c->text, text_len + 1);
	for (size_t i = 0; i < text_len; i++) {
		if (!y->utf16)
			bytes[i] = c->text[i];
		else if (y->big_endian)
			bytes[2 * i] = 0, bytes[2 * i + 1] = c->text[i];
		else
			bytes[2 * i] = c->text[i], bytes[2 * i + 1] = 0;
	}
	*e = (hardconf_edit){from, to - from, bytes, bytes_len, text, c->from, c->to - c->from};
	*fix = (hardconf_fix){desc, y->encoding, !y->utf16, 1, e};
	return fix;
}

/* The lines around from..to of file (seen by v), at most lines either
 * side and max bytes in all, as a copy, with the number of its first line
 * and its offset; NULL when out of memory or too long.  Only max bytes
 * either side are looked at: a file of one long line costs no more per
 * finding than one of short lines.  Offsets below are in v's bytes (its
 * base is 0 or before lo, and it ends at the text's end or after hi). */
static char *context_of(struct lint *l, size_t file, const struct view *v, size_t from, size_t to,
			int lines, size_t max, unsigned *line, size_t *offset)
{
	const char *t = v->t;
	size_t starts[CONTEXT_LINES + 1], ends[CONTEXT_LINES + 1], lo, hi, len, p, at = from, end;
	int back = 0, ahead = 0, k, nb = 0, na = 0;
	unsigned first, col;
	char *copy;
	if (!t || from < v->base || from > v->total || to > v->total || to < from ||
	    to - from > max)
		return NULL;
	from -= v->base;
	to -= v->base;
	end = v->total - v->base;
	lo = from > max ? from - max : 0;
	hi = end - to > max ? to + max : end;
	/* The starts of the finding's line and of those before it. */
	for (p = from; back <= lines; back++) {
		while (p > lo && t[p - 1] != '\n')
			p--;
		if (p > 0 && t[p - 1] != '\n')
			break; /* past the window */
		starts[back] = p;
		if (p == 0) {
			back++;
			break;
		}
		p--;
	}
	/* The ends of its last line and of those after it. */
	for (p = to > from ? to - 1 : to; ahead <= lines; ahead++) {
		while (p < hi && t[p] != '\n')
			p++;
		if (p < end && t[p] != '\n')
			break;
		ends[ahead] = p < end ? p + 1 : p;
		if (p >= end) {
			ahead++;
			break;
		}
		p++;
	}
	if (back == 0 || ahead == 0)
		return NULL;
	/* As many lines either side as fit, at most lines (fewer where the
	 * file begins or ends); at least one either side, or the file's edge,
	 * for a diff's hunk to be placed by. */
	for (k = lines; k >= 0; k--) {
		nb = k < back ? k : back - 1;
		na = k < ahead ? k : ahead - 1;
		if (ends[na] - starts[nb] <= max)
			break;
	}
	if (k < 0 || (nb == 0 && starts[0] > 0) || (na == 0 && ends[0] < end))
		return NULL;
	p = starts[nb];
	len = ends[na] - p;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, t + p, len);
	copy[len] = '\0';
	origin_locate(l, file, at, &first, &col);
	*line = first - (unsigned)nb;
	*offset = v->base + p;
	return copy;
}

void fix_attach(struct lint *l, const struct pending *p, size_t file, size_t start, size_t end)
{
	struct lint_file *f = &l->files[file];
	hardconf_fix *fix = NULL;
	struct change c;
	struct source_layout y;
	struct view v;
	size_t from = start, to = end > start ? end : start, offset = 0;
	size_t margin = l->linter->source_lines ? CONTEXT_MAX + 1 : FIX_MARGIN;
	unsigned line = 0;
	char *context = NULL;
	int changed = -1;

	if (p->at_line || (!p->fix_value && !l->linter->source_lines) ||
	    !view_of(f, from, to, margin, &v))
		return;
	y = f->layout;
	if (p->fix_value && end > start && end <= f->len && f->role != FILE_RESULT && y.encoding &&
	    !f->truncated && !f->failed) {
		changed = change_of(p, &v, start, end, f->transform, &c);
		/* A streamed file's narrow view may end inside the spaces
		 * around the attribute: read as far as source lines would. */
		if (changed != 0 && margin < CONTEXT_MAX + 1 && f->stream) {
			view_free(&v);
			if (!view_of(f, from, to, CONTEXT_MAX + 1, &v))
				return;
			changed = change_of(p, &v, start, end, f->transform, &c);
		}
	}
	if (changed == 0) {
		fix = make_fix(l, f, &c);
		if (fix) {
			from = c.from;
			to = c.to;
		}
	}
	if (l->linter->source_lines)
		context = context_of(l, file, &v, from, to, CONTEXT_LINES, CONTEXT_MAX, &line,
				     &offset);
	if (!context && fix && l->linter->source_lines && l->long_contexts < CONTEXT_LONG_BUDGET) {
		view_free(&v);
		if (view_of(f, from, to, CONTEXT_LONG + 1, &v))
			context =
				context_of(l, file, &v, from, to, 1, CONTEXT_LONG, &line, &offset);
		l->long_contexts += context ? strlen(context) : 0;
	}
	view_free(&v);
	report_fix_last(l->report, fix, context, line, offset);
}
