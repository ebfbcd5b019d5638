/* report.c - the findings of one lint call, and their accessors. */
#include "report.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

hardconf_report *report_new(const char *file)
{
	hardconf_report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->file = str_dup(file ? file : "<buffer>");
	if (!r->file) {
		free(r);
		return NULL;
	}
	return r;
}

int report_add(hardconf_report *r, const char *rule_id, hardconf_severity severity, char *message,
	       unsigned line, unsigned column, unsigned end_line, unsigned end_column)
{
	hardconf_finding *f;
	if (!message)
		return HARDCONF_ENOMEM;
	if (r->count == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		hardconf_finding *items = realloc(r->items, cap * sizeof *items);
		if (!items) {
			free(message);
			return HARDCONF_ENOMEM;
		}
		r->items = items;
		r->cap = cap;
	}
	f = &r->items[r->count++];
	f->rule_id = rule_id;
	f->severity = severity;
	f->message = message;
	f->file = r->file;
	f->line = line;
	f->column = column;
	f->end_line = end_line;
	f->end_column = end_column;
	f->suppressed = 0;
	f->justification = "";
	return HARDCONF_OK;
}

int report_suppress_last(hardconf_report *r, const char *justification)
{
	hardconf_finding *f = &r->items[r->count - 1];
	char *copy = justification && *justification ? str_dup(justification) : NULL;
	if (justification && *justification && !copy)
		return HARDCONF_ENOMEM;
	f->suppressed = 1;
	f->justification = copy ? copy : "";
	return HARDCONF_OK;
}

void report_free_finding(hardconf_finding *f)
{
	free((char *)f->message);
	if (f->justification && *f->justification)
		free((char *)f->justification);
}

static int by_position(const void *pa, const void *pb)
{
	const hardconf_finding *a = pa, *b = pb;
	int c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	c = strcmp(a->rule_id, b->rule_id);
	return c ? c : strcmp(a->message, b->message);
}

void report_sort(hardconf_report *r)
{
	size_t kept = 0;
	if (r->count < 2)
		return;
	qsort(r->items, r->count, sizeof *r->items, by_position);
	for (size_t i = 0; i < r->count; i++) {
		if (kept > 0 && by_position(&r->items[kept - 1], &r->items[i]) == 0) {
			report_free_finding(&r->items[i]);
			continue;
		}
		r->items[kept++] = r->items[i];
	}
	r->count = kept;
}

size_t hardconf_report_count(const hardconf_report *report)
{
	return report ? report->count : 0;
}

const hardconf_finding *hardconf_report_get(const hardconf_report *report, size_t index)
{
	return report && index < report->count ? &report->items[index] : NULL;
}

const char *hardconf_report_file(const hardconf_report *report)
{
	return report ? report->file : NULL;
}

hardconf_kind hardconf_report_kind(const hardconf_report *report)
{
	return report ? report->kind : HARDCONF_KIND_UNKNOWN;
}

void hardconf_report_free(hardconf_report *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->count; i++)
		report_free_finding(&report->items[i]);
	free(report->items);
	free(report->file);
	free(report);
}
