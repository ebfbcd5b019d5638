/*
 * html.c - the findings as one self-contained HTML page for people who sign
 * off a server or a release: a summary, charts by rule and by file (inline
 * SVG), then each file with its findings, the source lines around each,
 * the rule's help and reference, and the fix as a diff.  Suppressed and
 * baselined findings are shown apart.  Inline CSS only: no script, nothing
 * loaded from anywhere.  The page needs every finding's counts before the
 * first is written, so findings are kept as reports come and written when
 * the writer finishes.
 */
#include "format/writer.h"

#include "model/report.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* A finding kept: copies of what the page shows. */
struct item {
	char *file, *message, *justification, *context, *fix; /* fix: its diff lines */
	const hardconf_rule *rule;
	const char *rule_id;
	hardconf_severity severity;
	unsigned line, column, context_line;
	int apart;  /* 0 reported, 1 suppressed, 2 baselined */
	size_t seq; /* the order it came in */
};

struct html_state {
	struct item *items;
	size_t n, cap;
};

/* Text as HTML: markup characters escaped, invalid UTF-8 as U+FFFD. */
static void out_html(hardconf_writer *w, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		unsigned char c;
		while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 &&
		       !strchr("<>&\"'", s[i]))
			i++;
		out(w, s + run, i - run);
		if (i >= len)
			break;
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t n = utf8_sequence((const unsigned char *)s + i, len - i);
			if (n) {
				out(w, s + i, n);
				i += n;
			} else {
				out_str(w, "\xEF\xBF\xBD");
				i++;
			}
			continue;
		}
		switch (c) {
		case '<':
			out_str(w, "&lt;");
			break;
		case '>':
			out_str(w, "&gt;");
			break;
		case '&':
			out_str(w, "&amp;");
			break;
		case '"':
			out_str(w, "&quot;");
			break;
		case '\'':
			out_str(w, "&#39;");
			break;
		case '\t':
			out_str(w, "    ");
			break;
		case '\n':
			out_str(w, "\n");
			break;
		default:
			break; /* other controls (a CR) are not shown */
		}
		i++;
	}
}

static void out_html_str(hardconf_writer *w, const char *s)
{
	out_html(w, s, strlen(s));
}

/* A fix as diff lines: each line it touches, before ('-') and after ('+'). */
static char *fix_lines(const hardconf_finding *f)
{
	const char *ctx = f->context;
	size_t clen = strlen(ctx), size = 0, s, e, p = 0, used = 0;
	char *before, *after, *outp;
	const hardconf_edit *first = &f->fix->edits[0], *last = &f->fix->edits[f->fix->n_edits - 1];
	if (first->text_offset < f->context_offset ||
	    last->text_offset + last->text_length > f->context_offset + clen)
		return NULL;
	s = first->text_offset - f->context_offset;
	e = last->text_offset + last->text_length - f->context_offset;
	while (s > 0 && ctx[s - 1] != '\n')
		s--;
	while (e < clen && ctx[e] != '\n')
		e++;
	for (size_t i = 0; i < f->fix->n_edits; i++)
		size += strlen(f->fix->edits[i].text);
	before = malloc(e - s + 1);
	after = malloc(e - s + size + 1);
	if (!before || !after) {
		free(before);
		free(after);
		return NULL;
	}
	memcpy(before, ctx + s, e - s);
	before[e - s] = '\0';
	p = s;
	for (size_t i = 0; i < f->fix->n_edits; i++) {
		const hardconf_edit *x = &f->fix->edits[i];
		size_t at = x->text_offset - f->context_offset;
		memcpy(after + used, ctx + p, at - p);
		used += at - p;
		memcpy(after + used, x->text, strlen(x->text));
		used += strlen(x->text);
		p = at + x->text_length;
	}
	memcpy(after + used, ctx + p, e - p);
	used += e - p;
	after[used] = '\0';
	outp = str_printf("%s\n%s", before, after);
	free(before);
	free(after);
	return outp;
}

static void free_item(struct item *it)
{
	free(it->file);
	free(it->message);
	free(it->justification);
	free(it->context);
	free(it->fix);
}

static int keep(hardconf_writer *w, const hardconf_finding *f)
{
	struct html_state *s = w->state;
	struct item *it = array_grow(s->items, &s->cap, s->n + 1, sizeof *it);
	if (!it)
		return -1;
	s->items = it;
	it = &s->items[s->n];
	*it = (struct item){str_dup(f->file),
			    str_dup(f->message),
			    str_dup(f->justification ? f->justification : ""),
			    f->context ? str_dup(f->context) : NULL,
			    f->fix && f->context ? fix_lines(f) : NULL,
			    hardconf_rule_find(f->rule_id),
			    f->rule_id,
			    f->severity,
			    f->line,
			    f->column,
			    f->context_line,
			    f->suppressed                                          ? 1
			    : w->baseline && hardconf_baseline_has(w->baseline, f) ? 2
										   : 0,
			    s->n};
	if (!it->file || !it->message || !it->justification || (f->context && !it->context)) {
		free_item(it);
		return -1;
	}
	s->n++;
	return 0;
}

static void head(hardconf_writer *w)
{
	w->state = calloc(1, sizeof(struct html_state));
	if (!w->state)
		w->status = HARDCONF_ENOMEM;
}

static void report(hardconf_writer *w, const hardconf_report *r)
{
	for (size_t i = 0; i < r->count && w->status == HARDCONF_OK; i++)
		if (keep(w, &r->items[i]) != 0)
			w->status = HARDCONF_ENOMEM;
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2430;"
	"background:#f6f7f9;margin:0;padding:24px 32px;max-width:1100px}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px}"
	"h3{font-size:15px;margin:0 0 6px}.meta{color:#5b6472;margin:0 0 18px}"
	".cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid "
	"#d9dde3;"
	"border-radius:6px;padding:10px 16px;min-width:110px}.card b{display:block;font-size:24px}"
	".card.error b{color:#b42318}.card.warning b{color:#b54708}.card.note b{color:#175cd3}"
	".chart{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px}"
	".file{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:4px 18px 12px;"
	"margin:0 0 18px;break-inside:avoid-page}.file>h2{font-family:ui-monospace,Menlo,Consolas,"
	"monospace;font-size:16px;word-break:break-all}"
	".finding{border-left:4px solid #98a2b3;padding:6px 12px;margin:12px 0;background:#fbfbfc;"
	"break-inside:avoid}.finding.error{border-color:#d92d20}.finding.warning{border-color:#"
	"f79009}"
	".finding.note{border-color:#2e90fa}.sev{display:inline-block;border-radius:3px;padding:0 "
	"6px;"
	"font-size:12px;color:#fff;background:#667085;text-transform:uppercase;margin-right:6px}"
	".error .sev{background:#d92d20}.warning .sev{background:#dc6803}.note "
	".sev{background:#1570ef}"
	"pre{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f2f4f7;padding:8px;"
	"margin:6px 0;overflow-x:auto;white-space:pre-wrap;word-break:break-all}"
	".src .hit{background:#fde68a;display:block}.ln{color:#98a2b3;user-select:none}"
	".diff .del{background:#fee4e2;display:block}.diff .add{background:#d1fadf;display:block}"
	".help{white-space:pre-wrap;color:#344054;margin:6px 0}.why{color:#5b6472}"
	"a{color:#175cd3}@media "
	"print{body{background:#fff;padding:0}.file,.chart,.card{border-color:"
	"#999}a{color:inherit}}";

static const char *const severity_class[] = {"", "note", "warning", "error"};

struct count {
	const char *name;
	size_t n;
	hardconf_severity worst;
};

static int by_count(const void *pa, const void *pb)
{
	const struct count *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* A horizontal bar chart of counts (the first 25), as inline SVG. */
static void chart(hardconf_writer *w, const char *title, struct count *c, size_t n)
{
	size_t shown = n < 25 ? n : 25, most = n ? c[0].n : 1;
	static const char *const fill[] = {"#98a2b3", "#2e90fa", "#f79009", "#d92d20"};
	out_fmt(w,
		"<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		"width=\"100%%\" viewBox=\"0 0 1000 %zu\"><title>",
		shown * 24 + 8);
	out_html_str(w, title);
	out_str(w, "</title>");
	for (size_t i = 0; i < shown; i++) {
		size_t width = most ? c[i].n * 560 / most : 0;
		size_t len = strlen(c[i].name);
		const char *name = len > 50 ? c[i].name + len - 50 : c[i].name;
		out_fmt(w,
			"<text x=\"370\" y=\"%zu\" text-anchor=\"end\" font-size=\"13\" "
			"font-family=\"sans-serif\" fill=\"#1d2430\">%s",
			i * 24 + 21, len > 50 ? "\xE2\x80\xA6" : "");
		out_html_str(w, name);
		out_fmt(w,
			"</text><rect x=\"380\" y=\"%zu\" width=\"%zu\" height=\"18\" rx=\"2\" "
			"fill=\"%s\"/><text x=\"%zu\" y=\"%zu\" font-size=\"13\" "
			"font-family=\"sans-serif\" fill=\"#1d2430\">%zu</text>",
			i * 24 + 8, width ? width : 1, fill[c[i].worst & 3], 386 + width,
			i * 24 + 21, c[i].n);
	}
	out_str(w, "</svg>");
	if (n > shown)
		out_fmt(w, "<figcaption>and %zu more</figcaption>", n - shown);
	out_str(w, "</figure>\n");
}

static int by_name(const void *pa, const void *pb)
{
	const struct count *a = pa, *b = pb;
	return strcmp(a->name, b->name);
}

/* Counts of the reported findings by rule (by_file 0) or by file. */
static void count_by(hardconf_writer *w, const struct html_state *s, int by_file)
{
	struct count *c = calloc(s->n ? s->n : 1, sizeof *c);
	size_t n = 0, runs = 0;
	if (!c) {
		w->status = HARDCONF_ENOMEM;
		return;
	}
	for (size_t i = 0; i < s->n; i++)
		if (!s->items[i].apart)
			c[n++] = (struct count){by_file ? s->items[i].file : s->items[i].rule_id, 1,
						s->items[i].severity};
	qsort(c, n, sizeof *c, by_name);
	for (size_t i = 0; i < n; i++) {
		if (runs && strcmp(c[runs - 1].name, c[i].name) == 0) {
			c[runs - 1].n++;
			if (c[i].worst > c[runs - 1].worst)
				c[runs - 1].worst = c[i].worst;
			continue;
		}
		c[runs++] = c[i];
	}
	qsort(c, runs, sizeof *c, by_count);
	out_str(w, by_file ? "<h2>Findings by file</h2>\n" : "<h2>Findings by rule</h2>\n");
	if (runs)
		chart(w, by_file ? "Findings by file" : "Findings by rule", c, runs);
	else
		out_str(w, "<p>None.</p>\n");
	free(c);
}

/* The source lines around a finding, its own highlighted. */
static void source(hardconf_writer *w, const struct item *it)
{
	const char *p = it->context;
	unsigned line = it->context_line;
	out_str(w, "<pre class=\"src\">");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && p[len - 1] == '\r')
			len--;
		out_fmt(w, "%s<span class=\"ln\">%5u </span>",
			line == it->line ? "<span class=\"hit\">" : "", line);
		out_html(w, p, len);
		out_str(w, line == it->line ? "</span>" : "\n");
		line++;
		if (!nl)
			break;
		p = nl + 1;
	}
	out_str(w, "</pre>\n");
}

static void diff_lines(hardconf_writer *w, const char *d)
{
	const char *sep = strchr(d, '\n');
	out_str(w, "<pre class=\"diff\">");
	for (int side = 0; side < 2; side++) {
		const char *p = side ? sep + 1 : d, *end = side ? d + strlen(d) : sep;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
			size_t shown = len && p[len - 1] == '\r' ? len - 1 : len;
			out_str(w, side ? "<span class=\"add\">+ " : "<span class=\"del\">- ");
			out_html(w, p, shown);
			out_str(w, "</span>");
			p += len + (nl ? 1 : 0);
		}
	}
	out_str(w, "</pre>\n");
}

static void finding(hardconf_writer *w, const struct item *it, size_t index)
{
	out_fmt(w,
		"<article class=\"finding %s\" id=\"finding-%zu\"><h3><span "
		"class=\"sev\">%s</span>",
		severity_class[it->severity & 3], index, hardconf_severity_name(it->severity));
	out_html_str(w, it->rule_id);
	out_fmt(w, " at line %u, column %u", it->line, it->column);
	if (it->rule) {
		out_str(w, " &mdash; ");
		out_html_str(w, it->rule->title);
	}
	out_str(w, "</h3>\n<p class=\"message\">");
	out_html_str(w, it->message);
	out_str(w, "</p>\n");
	if (it->apart == 1) {
		out_str(w, "<p class=\"why\">Suppressed inline");
		if (*it->justification) {
			out_str(w, ": ");
			out_html_str(w, it->justification);
		}
		out_str(w, "</p>\n");
	} else if (it->apart == 2) {
		out_str(w, "<p class=\"why\">In the baseline: found by an earlier run and "
			   "accepted.</p>\n");
	}
	if (it->context)
		source(w, it);
	if (it->fix) {
		out_str(w, "<p><b>Fix</b> (hardconf --fix writes it):</p>\n");
		diff_lines(w, it->fix);
	}
	if (it->rule) {
		out_str(w, "<p class=\"help\">");
		out_html_str(w, it->rule->help);
		out_str(w, "</p>\n<p>Reference: <a href=\"");
		out_html_str(w, it->rule->reference);
		out_str(w, "\">");
		out_html_str(w, it->rule->reference);
		out_str(w, "</a></p>\n");
	}
	out_str(w, "</article>\n");
}

/* The findings in the order the page shows them: reported ones first, then
 * the others; by file name; as found within a file. */
static int by_place(const void *pa, const void *pb)
{
	const struct item *x = pa, *y = pb;
	int c;
	if ((x->apart != 0) != (y->apart != 0))
		return x->apart ? 1 : -1;
	c = strcmp(x->file, y->file);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Each file with findings, from items[from..to) (all of one kind). */
static void files(hardconf_writer *w, const struct html_state *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct item *it = &s->items[i];
		if (i == from || strcmp(s->items[i - 1].file, it->file) != 0) {
			if (i > from)
				out_str(w, "</section>\n");
			out_str(w, "<section class=\"file\"><h2>");
			out_html_str(w, it->file);
			out_str(w, "</h2>\n");
		}
		finding(w, it, i);
	}
	if (to > from)
		out_str(w, "</section>\n");
}

static void tail(hardconf_writer *w)
{
	struct html_state *s = w->state;
	size_t by_severity[4] = {0}, suppressed = 0, baselined = 0, reported = 0, with = 0;
	if (!s)
		return;
	qsort(s->items, s->n, sizeof *s->items, by_place);
	for (size_t i = 0; i < s->n; i++) {
		const struct item *it = &s->items[i];
		if (it->apart) {
			suppressed += it->apart == 1;
			baselined += it->apart == 2;
			continue;
		}
		reported++;
		by_severity[it->severity & 3]++;
		with += i == 0 || strcmp(s->items[i - 1].file, it->file) != 0;
	}
	out_str(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width\">"
		   "<title>hardconf report</title><style>");
	out_str(w, style);
	out_str(w,
		"</style></head>\n<body>\n<h1>hardconf report</h1>\n<p class=\"meta\">hardconf ");
	out_html_str(w, hardconf_version());
	out_str(w, ": insecure settings in .NET, IIS and Dynamics 365 configuration files</p>\n");
	out_fmt(w,
		"<h2>Summary</h2>\n<div class=\"cards\">"
		"<div class=\"card\"><b>%zu</b>files linted</div>"
		"<div class=\"card\"><b>%zu</b>files with findings</div>"
		"<div class=\"card\"><b>%zu</b>findings</div>"
		"<div class=\"card error\"><b>%zu</b>errors</div>"
		"<div class=\"card warning\"><b>%zu</b>warnings</div>"
		"<div class=\"card note\"><b>%zu</b>notes</div>"
		"<div class=\"card\"><b>%zu</b>suppressed</div>"
		"<div class=\"card\"><b>%zu</b>in the baseline</div></div>\n",
		w->files, with, reported, by_severity[HARDCONF_SEVERITY_ERROR],
		by_severity[HARDCONF_SEVERITY_WARNING], by_severity[HARDCONF_SEVERITY_NOTE],
		suppressed, baselined);
	count_by(w, s, 0);
	count_by(w, s, 1);
	out_str(w, "<h2>Findings</h2>\n");
	if (!reported)
		out_str(w, "<p>No findings.</p>\n");
	files(w, s, 0, reported);
	if (suppressed + baselined) {
		out_str(w, "<h2>Suppressed and baselined findings</h2>\n<p class=\"meta\">Accepted "
			   "earlier: inline suppressions and the baseline. Shown for the record; "
			   "they are not counted above.</p>\n");
		files(w, s, reported, s->n);
	}
	out_str(w, "</body></html>\n");
}

static void html_free(hardconf_writer *w)
{
	struct html_state *s = w->state;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free_item(&s->items[i]);
	free(s->items);
	free(s);
	w->state = NULL;
}

const struct format_ops format_html = {head, report, tail, html_free};
