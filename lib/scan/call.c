/*
 * call.c - the state of one lint call as rules see it (accessors), the
 * files it reads, and findings kept as found: where in the text scanned,
 * with their message.  Positions, suppressions and the transform's origins
 * are the report stage's (report/finish.c).
 */
#include "scan/call.h"

#include "model/report.h"
#include "scan/kind.h"
#include "scan/linter.h"
#include "util/tag.h"
#include "util/util.h"
#include "util/value.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hardconf_kind lint_kind(const struct lint *l)
{
	return l->kind;
}

int lint_scope(const struct lint *l)
{
	return l->in_location;
}

int lint_is_transform(const struct lint *l)
{
	return l->transform;
}

int lint_in_path_location(const struct lint *l)
{
	return l->in_location && l->location_has_path;
}

struct anchor lint_root_anchor(const struct lint *l)
{
	return l->root;
}

void lint_out_of_memory(struct lint *l)
{
	lint_fail(l, HARDCONF_ENOMEM);
}

void lint_fail(struct lint *l, int status)
{
	l->status = status;
	l->stop = 1;
}

void *lint_shared(const struct lint *l, const struct family *f)
{
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i] == f)
			return l->linter->shared[i];
	return NULL;
}

int lint_enabled(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule];
}

int lint_keeps(const struct lint *l, size_t kept)
{
	return kept <= l->linter->max_findings;
}

int lint_stopped(const struct lint *l)
{
	return l->stop;
}

void *lint_state(struct lint *l, const struct family *f)
{
	/* Most often a hook asks for its own family's. */
	if (l->running < l->linter->n_families && l->linter->families[l->running] == f)
		return l->states[l->running];
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i] == f)
			return l->states[i];
	return NULL;
}

const struct xml_attr *element_attr(const struct lint *l, const struct element *e, const char *name)
{
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *a = &e->attrs[i];
		if (a->prefix)
			continue;
		/* The first letter settles most comparisons without a call. */
		if (l->case_insensitive ? ascii_casecmp(a->name, name) == 0
					: a->name[0] == name[0] && strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

int element_attr_text(const struct lint *l, const struct element *e, const char *name, char *buf,
		      size_t size)
{
	const struct xml_attr *a = element_attr(l, e, name);
	const char *v = a ? a->value : "";
	size_t len = a ? a->value_len : 0;

	value_trim(&v, &len);
	str_display(buf, size, v, len);
	return a != NULL;
}

size_t call_tag_start(struct lint *l, size_t i, size_t tag_end)
{
	const struct lint_file *f = &l->files[i];
	size_t at;
	if (!f->stream)
		return tag_start(f->text ? f->text : "", tag_end);
	if (l->cur_held && i == l->cur && tag_end == l->cur_tag_end) {
		if (l->cur_tag_start != SIZE_MAX)
			return l->cur_tag_start;
		/* The tag's '<' is the last the parser holds, if it holds it
		 * (a tag holds no other). */
		for (size_t k = l->cur_held_len; k > 0; k--) {
			if (l->cur_held[k - 1] == '<') {
				l->cur_tag = l->cur_held + k - 1;
				return l->cur_tag_start = tag_end - (l->cur_held_len - k + 1);
			}
		}
		at = source_stream_rfind(f->stream, tag_end, "<", 1);
		return l->cur_tag_start = at == SIZE_MAX ? 0 : at;
	}
	at = source_stream_rfind(f->stream, tag_end, "<", 1);
	return at == SIZE_MAX ? 0 : at;
}

/* The bytes [from, to) of file i's text: in memory, in the parser's
 * buffer, or read again (into l->reread: valid until the next read); *got
 * of them. */
static const char *file_span(struct lint *l, size_t i, size_t from, size_t to, size_t *got)
{
	const struct lint_file *f = &l->files[i];
	*got = to - from;
	if (!f->stream)
		return (f->text ? f->text : "") + from;
	if (l->cur_held && l->cur_tag && i == l->cur && from == l->cur_tag_start &&
	    to == l->cur_tag_end)
		return l->cur_tag;
	return source_stream_bytes(f->stream, from, to - from, &l->reread, got);
}

size_t call_line_end(struct lint *l, size_t i, size_t start)
{
	const struct lint_file *f = &l->files[i];
	size_t end = start;
	if (!f->stream) {
		while (end < f->len && f->text[end] != '\n' && f->text[end] != '\r')
			end++;
		return end;
	}
	while (end < f->len) {
		size_t got, k;
		const char *t = source_stream_bytes(f->stream, end, 4096, &l->reread, &got);
		if (!t) {
			l->status = HARDCONF_ENOMEM;
			break;
		}
		if (got == 0)
			break;
		for (k = 0; k < got && t[k] != '\n' && t[k] != '\r'; k++)
			;
		end += k;
		if (k < got)
			break;
	}
	return end < f->len ? end : f->len;
}

void call_locate(struct lint *l, size_t i, size_t offset, unsigned *line, unsigned *col)
{
	struct lint_file *f = &l->files[i];
	if (f->stream) {
		if (source_stream_locate(f->stream, offset, &l->reread, line, col) != 0)
			l->status = HARDCONF_ENOMEM;
	} else if (f->shared_lines) {
		text_locate_in(f->shared_lines, f->text, f->len, offset, line, col);
	} else {
		text_locate(f->text ? f->text : "", f->len, &f->lines, offset, line, col);
	}
}

/* The attributes of the start tag ending at tag_end of file i, read once
 * for the last few tags asked about; NULL when memory ran out. */
static struct tag_spans *tag_spans(struct lint *l, size_t i, size_t tag_end)
{
	struct tag_spans *t;
	struct tag_span s;
	const char *text;
	size_t at = 0, got;

	l->tag_clock++;
	t = &l->tags[0];
	for (size_t k = 0; k < TAG_CACHE; k++) {
		struct tag_spans *c = &l->tags[k];
		if (c->used && c->file == i && c->tag_end == tag_end) {
			c->used = l->tag_clock;
			return c;
		}
		if (c->used < t->used)
			t = c;
	}
	t->used = l->tag_clock;
	t->file = i;
	t->tag_end = tag_end;
	t->start = call_tag_start(l, i, tag_end);
	t->n = t->next = 0;
	t->names_len = 0;
	text = file_span(l, i, t->start, tag_end, &got);
	if (!text) {
		t->used = 0;
		l->status = HARDCONF_ENOMEM;
		return NULL;
	}
	/* Read from the tag's '<', offsets made the text's again. */
	while (tag_next_attr(text, got, &at, &s.name, &s.name_end, &s.end)) {
		struct tag_span *grown = array_grow(t->at, &t->cap, t->n + 1, sizeof *grown);
		size_t n = s.name_end - s.name;
		char *names = array_grow(t->names, &t->names_cap, t->names_len + n + 1, 1);
		if (grown)
			t->at = grown;
		if (names)
			t->names = names;
		if (!grown || !names) {
			t->used = 0;
			/* Read again below, from the text in memory; not a
			 * streamed file's. */
			if (l->files[i].stream)
				l->status = HARDCONF_ENOMEM;
			return NULL;
		}
		memcpy(t->names + t->names_len, text + s.name, n);
		s.name_at = t->names_len;
		t->names_len += n;
		s.name += t->start;
		s.name_end += t->start;
		s.end += t->start;
		t->at[t->n++] = s;
	}
	return t;
}

void call_anchor_range(struct lint *l, size_t i, struct anchor at, size_t *start, size_t *end)
{
	const struct lint_file *f = &l->files[i];
	struct tag_spans *t;
	size_t tag_end = at.tag_end - f->base, n;
	if (tag_end > f->len)
		tag_end = f->len;
	*end = 0;
	t = tag_spans(l, i, tag_end);
	if (!t) {
		/* Out of memory: read the tag again, as slowly as it takes. */
		*start = call_tag_start(l, i, tag_end);
		if (at.attr && !f->stream)
			tag_attr(f->text, tag_end, at.attr, f->case_insensitive, start, end);
		return;
	}
	*start = t->start;
	if (!at.attr)
		return;
	n = strlen(at.attr);
	/* From where the last look-up in this tag ended, around: the findings
	 * of a tag come in the order of its attributes, so a tag of many
	 * costs each one step, not a walk from its start. */
	for (size_t j = 0; j < t->n; j++) {
		size_t k = t->next + j < t->n ? t->next + j : t->next + j - t->n;
		const struct tag_span *s = &t->at[k];
		if (s->name_end - s->name == n &&
		    (f->case_insensitive ? ascii_ncasecmp(t->names + s->name_at, at.attr, n) == 0
					 : memcmp(t->names + s->name_at, at.attr, n) == 0)) {
			*start = s->name;
			*end = s->end;
			t->next = k + 1 < t->n ? k + 1 : 0;
			return;
		}
	}
}

/* ---- Findings, as found ------------------------------------------------ */

size_t call_work_limit(const struct lint *l)
{
	size_t bytes = l->files[l->cur].len + WORK_ALLOWANCE, per = l->linter->work_budget;
	return bytes > SIZE_MAX / per ? SIZE_MAX : bytes * per;
}

size_t call_attributes_allowed(const struct lint *l)
{
	/* attribute_check_work() grows with n: the largest n within it. */
	size_t lo = 0, hi = l->linter->max_attributes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (attribute_check_work(mid) <= l->work_limit)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int call_charge(struct lint *l, size_t units)
{
	const struct lint_file *f;
	size_t before = l->work;
	if (l->work_limit == 0)
		return l->stop;
	l->work = units > SIZE_MAX - l->work ? SIZE_MAX : l->work + units;
	if (before > l->work_limit || l->work <= l->work_limit)
		return l->stop;
	/* Reported once, at the last start tag (or the top of the file). */
	f = &l->files[l->cur];
	l->parse_failed = l->stop = 1;
	l->work_limit = 0;
	if (l->work_tag_end)
		lint_report(
			l, RULE_HC0003, (struct anchor){.tag_end = f->base + l->work_tag_end},
			"the file exceeded the work budget (%u per byte for its %zu bytes); the "
			"rest of the file is not linted",
			l->linter->work_budget, f->len);
	else
		call_report_at(l, l->cur, 0, RULE_HC0003,
			       "the file exceeded the work budget (%u per byte for its %zu bytes); "
			       "the rest of the file is not linted",
			       l->linter->work_budget, f->len);
	return l->stop;
}

/* Keeps a finding (message owned from now on).  Past the linter's maximum,
 * one more finding says why the rest is missing, and the file ends. */
static void push(struct lint *l, struct pending p)
{
	struct pending *all;
	if (l->status != HARDCONF_OK || l->findings_capped) {
		free(p.message);
		return;
	}
	call_charge(l, WORK_FINDING);
	if (l->n_pending >= l->linter->max_findings) {
		free(p.message);
		l->findings_capped = l->parse_failed = l->stop = 1;
		p.message =
			str_printf("more than %u findings; the rest of the file is not reported",
				   l->linter->max_findings);
		p.rule = RULE_HC0003;
		p.severity = l->linter->severity[RULE_HC0003];
	}
	all = p.message ? array_grow(l->pending, &l->pending_cap, l->n_pending + 1, sizeof *all)
			: NULL;
	if (!all) {
		free(p.message);
		l->status = HARDCONF_ENOMEM;
		return;
	}
	l->pending = all;
	l->pending[l->n_pending++] = p;
}

static int applies(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule] && (rule_meta(rule)->kinds & kind_bits(l->kind)) != 0;
}

/* A parent answers for what it sets when it is linted itself; only what
 * keeps it from being read is reported in a chain. */
static int reported_in(const struct lint *l, size_t file, enum rule_id rule)
{
	return l->files[file].role != FILE_CONTEXT ||
	       (!l->quiet_parents && (rule == RULE_HC0001 || rule == RULE_HC0003));
}

/* What a finding's fingerprint names, so that it stays when the message is
 * reworded or lines move: the element (its path, and its key or name in a
 * collection), the attribute, and the <location>. */
static uint64_t shape(struct anchor at, const char *location)
{
	uint64_t h = at.shape;
	if (!h)
		return 0;
	if (at.attr)
		h = path_hash_more(path_hash_more(h, "@", 1), at.attr, strlen(at.attr));
	if (location[0])
		h = path_hash_more(path_hash_more(h, "<", 1), location, strlen(location));
	return h ? h : 1;
}

static void vreport(struct lint *l, const char *location, enum rule_id rule,
		    hardconf_severity severity, struct anchor at, const char *fmt, va_list ap)
{
	size_t scanned, start, end;
	char *body, *message;
	const char *why;

	if (!applies(l, rule))
		return;
	scanned = call_file_at(l, at.tag_end);
	if (!reported_in(l, scanned, rule))
		return;
	why = l->downgrades[rule];
	if (why && severity > HARDCONF_SEVERITY_NOTE)
		severity = HARDCONF_SEVERITY_NOTE;
	body = str_vprintf(fmt, ap);
	message = body && (location[0] || why)
			  ? str_printf("%s%s%s%s", location, location[0] ? ": " : "", body,
				       why ? why : "")
			  : body;
	if (message != body)
		free(body);
	/* The attribute is found now, while its name is valid. */
	call_anchor_range(l, scanned, at, &start, &end);
	push(l, (struct pending){.rule = rule,
				 .severity = severity,
				 .file = scanned,
				 .tag_end = at.tag_end - l->files[scanned].base,
				 .start = start,
				 .end = end,
				 .shape = shape(at, location),
				 .message = message});
}

/* Adds a finding at an offset of file i's text (not through an element). */
static void vreport_offset(struct lint *l, size_t i, size_t offset, enum rule_id rule,
			   const char *fmt, va_list ap)
{
	push(l, (struct pending){.rule = rule,
				 .severity = l->linter->severity[rule],
				 .file = i,
				 .tag_end = SIZE_MAX,
				 .start = offset,
				 .message = str_vprintf(fmt, ap)});
}

void call_report_at(struct lint *l, size_t file, size_t offset, enum rule_id rule, const char *fmt,
		    ...)
{
	va_list ap;
	if (!l->linter->enabled[rule] || !reported_in(l, file, rule))
		return;
	va_start(ap, fmt);
	vreport_offset(l, file, offset, rule, fmt, ap);
	va_end(ap);
}

void lint_offer_fix(struct lint *l, size_t before, enum rule_id rule, const char *value, int remove)
{
	if (l->n_pending != before + 1 || !value || l->pending[before].rule != rule)
		return;
	l->pending[before].fix_value = value;
	l->pending[before].fix_remove = remove;
}

size_t lint_findings(const struct lint *l)
{
	return l->n_pending;
}

void lint_report_offset(struct lint *l, enum rule_id rule, size_t offset, const char *fmt, ...)
{
	va_list ap;
	if (!applies(l, rule) || !reported_in(l, l->cur, rule))
		return;
	va_start(ap, fmt);
	vreport_offset(l, l->cur, offset, rule, fmt, ap);
	va_end(ap);
}

void lint_report(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, l->location, rule, l->linter->severity[rule], at, fmt, ap);
	va_end(ap);
}

void lint_report_note(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
{
	va_list ap;
	hardconf_severity severity = l->linter->severity[rule];
	va_start(ap, fmt);
	vreport(l, l->location, rule,
		severity < HARDCONF_SEVERITY_NOTE ? severity : HARDCONF_SEVERITY_NOTE, at, fmt, ap);
	va_end(ap);
}

void lint_report_in(struct lint *l, const char *location, enum rule_id rule, struct anchor at,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, location ? location : "", rule, l->linter->severity[rule], at, fmt, ap);
	va_end(ap);
}

void call_report_line(struct lint *l, enum rule_id rule, unsigned line, unsigned col,
		      const char *fmt, const char *detail)
{
	if (applies(l, rule) && reported_in(l, l->cur, rule))
		push(l, (struct pending){.rule = rule,
					 .severity = l->linter->severity[rule],
					 .file = l->cur,
					 .tag_end = SIZE_MAX,
					 .at_line = 1,
					 .line = line,
					 .col = col,
					 .message = str_printf(fmt, detail)});
}

void call_report_raw(struct lint *l, size_t file, size_t offset, enum rule_id rule, char *message)
{
	push(l, (struct pending){.rule = rule,
				 .severity = l->linter->severity[rule],
				 .file = file,
				 .tag_end = SIZE_MAX,
				 .start = offset,
				 .message = message});
}

size_t call_file_at(const struct lint *l, size_t off)
{
	size_t i = l->n_files;
	while (i > 1 && l->files[i - 1].base > off)
		i--;
	return i - 1;
}

int lint_downgrade(struct lint *l, enum rule_id rule, const char *why)
{
	char *copy = str_dup(why);
	if (!copy) {
		lint_out_of_memory(l);
		return -1;
	}
	free(l->downgrades[rule]);
	l->downgrades[rule] = copy;
	return 0;
}

int lint_is_context(const struct lint *l)
{
	return l->files[l->cur].role == FILE_CONTEXT;
}

int lint_is_server_context(const struct lint *l)
{
	const struct lint_file *f = &l->files[l->cur];
	return f->role == FILE_CONTEXT && f->server;
}

const char *lint_path(const struct lint *l)
{
	return l->path ? l->path : "";
}

const char *lint_location(const struct lint *l)
{
	return l->location;
}

const char *lint_element_text(const struct lint *l, size_t *len)
{
	*len = l->closing_len;
	return l->closing_text ? l->closing_text : "";
}

/* ---- Files ------------------------------------------------------------ */

/* Makes file i the one being scanned. */
void call_select(struct lint *l, size_t i)
{
	struct lint_file *f = &l->files[i];
	l->cur = i;
	/* A streamed file has no text in memory: what looks at content
	 * (scan/kind.c) sees its first bytes. */
	if (f->stream) {
		l->text = source_stream_head(f->stream, &l->len);
	} else {
		l->text = f->text ? f->text : "";
		l->len = f->len;
	}
	l->kind = f->kind;
	l->case_insensitive = f->case_insensitive;
}

long call_add_file(struct lint *l, const char *name, char *path, char *data, size_t len,
		   enum file_role role)
{
	struct lint_file *files, *f, *prev;
	const char *shown = report_name(l->report, name);

	files = array_grow(l->files, &l->files_cap, l->n_files + 1, sizeof *files);
	if (files)
		l->files = files;
	if (!files || !shown) {
		free(path);
		free(data);
		l->status = HARDCONF_ENOMEM;
		return -1;
	}
	f = &l->files[l->n_files];
	prev = l->n_files ? f - 1 : NULL;
	memset(f, 0, sizeof *f);
	f->name = shown;
	f->path = path;
	f->data = data;
	f->raw = data;
	f->data_len = len;
	f->role = role;
	f->kind = kind_from_name(name);
	f->base = prev ? prev->base + prev->len + 1 : 0;
	return (long)l->n_files++;
}

int call_decode(struct lint *l, size_t i)
{
	struct lint_file *f = &l->files[i];
	struct source_problem problem;
	int rc;

	call_select(l, i);
	if (f->truncated) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", l->linter->max_file_size);
		f->failed = 1;
		call_report_line(
			l, RULE_HC0003, 1, 1,
			"the file is larger than the maximum file size of %s bytes; it was not "
			"linted (raise the limit only for a file you trust)",
			limit);
		return l->status != HARDCONF_OK ? l->status : HARDCONF_EINVAL;
	}
	if (f->stream) {
		/* Read (or decoded) as it is scanned. */
		f->len = f->stream->size < f->stream->max ? f->stream->size : f->stream->max;
		f->layout = source_stream_layout(f->stream);
		return HARDCONF_OK;
	}
	rc = source_decode(&f->src, f->raw ? f->raw : "", f->data_len, &problem);
	if (rc == HARDCONF_ENOMEM)
		return rc;
	if (rc != HARDCONF_OK) {
		f->failed = 1;
		call_report_line(l, RULE_HC0001, problem.line, 1, "cannot decode the file: %s",
				 problem.message);
		return l->status != HARDCONF_OK ? l->status : HARDCONF_EINVAL;
	}
	f->text = f->src.text;
	f->len = f->src.len;
	source_layout_of(&f->src, f->raw, f->data_len, &f->layout);
	/* Converted: the bytes read are not needed again, and may be as large
	 * as the text. */
	if (f->src.owned && f->data) {
		free(f->data);
		f->data = NULL;
		f->raw = NULL;
	}
	return HARDCONF_OK;
}

void call_reset_states(struct lint *l)
{
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (!l->states[i] || l->linter->families[i]->chained)
			continue;
		if (l->linter->families[i]->free_state)
			l->linter->families[i]->free_state(l->states[i]);
		memset(l->states[i], 0, l->linter->families[i]->state_size);
		if (l->linter->families[i]->init_state)
			l->linter->families[i]->init_state(l->states[i]);
	}
}

int call_adopt(struct lint *l, const struct lint *from)
{
	struct pending *pending = NULL;

	if (from->n_pending && !l->quiet_parents) {
		pending = array_grow(NULL, &l->pending_cap, from->n_pending, sizeof *pending);
		if (!pending)
			return l->status = HARDCONF_ENOMEM;
		l->pending = pending;
	}
	/* The parents' own findings (HC0001, HC0003) are not wanted when
	 * they are linted on their own. */
	for (size_t i = 0; i < from->n_pending && !l->quiet_parents; i++) {
		struct pending p = from->pending[i];
		p.message = str_dup(p.message);
		if (!p.message)
			return l->status = HARDCONF_ENOMEM;
		l->pending[l->n_pending++] = p;
	}
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (from->downgrades[i] && !(l->downgrades[i] = str_dup(from->downgrades[i])))
			return l->status = HARDCONF_ENOMEM;
	if (call_copy_chained(l, from->states) != HARDCONF_OK)
		return l->status;
	l->n_context = from->n_context;
	return HARDCONF_OK;
}

int call_copy_chained(struct lint *l, void *const *from)
{
	for (size_t i = 0; i < l->linter->n_families; i++) {
		const struct family *fam = l->linter->families[i];
		if (!fam->chained || !l->states[i])
			continue;
		if (fam->free_state)
			fam->free_state(l->states[i]);
		memset(l->states[i], 0, fam->state_size);
		if (!fam->clone_state)
			memcpy(l->states[i], from[i], fam->state_size);
		else if (fam->clone_state(l->states[i], from[i]) != 0)
			return l->status = HARDCONF_ENOMEM;
	}
	return HARDCONF_OK;
}
