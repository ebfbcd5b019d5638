/*
 * finish.c - the findings of a call, as found by the scanner and the rules,
 * made into its report.  Suppressions are comments of the text scanned (a
 * transform's result holds its origins' comments), so they are matched
 * there; a finding's position is where its value was written.
 */
#include "report/finish.h"

#include "model/report.h"
#include "report/fix.h"
#include "report/suppress.h"
#include "resolve/origin.h"
#include "scan/linter.h"

#include <stdint.h>
#include <stdlib.h>

/* Adds one finding to the report, located and matched against the
 * suppressions of the file scanned. */
static void add(struct lint *l, struct pending *p)
{
	const struct suppression *suppressed = NULL;
	const char *name;
	unsigned line = p->line, col = p->col, end_line = 0, end_col = 0;
	size_t file = p->file, start = p->start, end = p->end, count = l->report->count;

	if (p->tag_end != SIZE_MAX && p->rule != RULE_HC0006)
		suppressed = suppress_find(&l->files[p->file].sup, p->rule, p->tag_end, start);
	if (!p->at_line) {
		file = origin_written_at(l, p->file, &start, &end);
		origin_locate(l, file, start, &line, &col);
		if (end > start)
			origin_locate(l, file, end, &end_line, &end_col);
		/* A streamed file is read again to locate: that can run out of
		 * memory too. */
		if (l->status != HARDCONF_OK) {
			free(p->message);
			p->message = NULL;
			return;
		}
	}
	/* A parent read once keeps its name; the report needs its own. */
	name = report_name(l->report, l->files[file].name);
	l->status = name ? report_add(l->report, name, rule_meta(p->rule)->id, p->severity,
				      p->message, line, col, end_line, end_col)
			 : (free(p->message), HARDCONF_ENOMEM);
	p->message = NULL; /* the report's now, or freed */
	if (l->status == HARDCONF_OK) {
		report_shape_last(l->report, p->shape);
		fix_attach(l, p, file, start, end);
	}
	if (suppressed && l->report->count > count && l->status == HARDCONF_OK)
		l->status = report_suppress_last(l->report, suppressed->reason);
}

/* The findings from index from on, into the report. */
static void add_from(struct lint *l, size_t from)
{
	for (size_t i = from; i < l->n_pending && l->status == HARDCONF_OK; i++)
		add(l, &l->pending[i]);
}

/* HC0006 for suppressions naming no rule, in every file read for its own
 * findings, and for those that silenced nothing, in the files linted whole
 * (not those read for secrets only). */
static void check_suppressions(struct lint *l, int whole)
{
	for (size_t i = 0; i < l->n_files; i++) {
		const struct lint_file *f = &l->files[i];
		for (size_t k = 0; k < f->sup.n_unknown; k++)
			call_report_at(l, i, f->sup.unknown[k].comment, RULE_HC0006,
				       "suppression names \"%s\", which is no rule; use an id that "
				       "--list-rules shows",
				       f->sup.unknown[k].shown);
		if (f->role == FILE_CONTEXT || f->role == FILE_ORIGIN || f->failed ||
		    f->secrets_only || !whole)
			continue;
		/* A rule switched off in this run silences nothing because it
		 * is off, not because the suppression outlived its setting. */
		for (size_t k = 0; k < f->sup.n; k++)
			if (!f->sup.items[k].used && lint_enabled(l, f->sup.items[k].rule))
				call_report_at(l, i, f->sup.items[k].comment, RULE_HC0006,
					       "suppression of %s silences nothing here; remove it",
					       rule_meta(f->sup.items[k].rule)->id);
	}
}

void call_finish(struct lint *l)
{
	struct lint_file *t = &l->files[l->target];
	size_t matched;

	/* Read for secrets only, the whole-file rules and unused suppressions
	 * (of the other rules) have nothing to say. */
	int whole = l->status == HARDCONF_OK && !t->failed && t->kind != HARDCONF_KIND_UNKNOWN &&
		    !l->secrets_only;

	call_select(l, l->target);
	l->transform = t->transform;
	if (whole) {
		call_end_scope(l);
		for (size_t i = 0; i < l->linter->n_families; i++)
			if (l->linter->families[i]->finish)
				l->linter->families[i]->finish(l);
	}
	add_from(l, 0);
	matched = l->n_pending;
	if (l->status == HARDCONF_OK)
		check_suppressions(l, whole);
	add_from(l, matched);
	l->report->kind = t->kind;
	report_sort(l->report);
}
