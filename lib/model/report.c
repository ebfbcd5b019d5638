/* report.c - the findings of one lint call, and their accessors. */
#include "model/report.h"

#include "util/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hardconf_report *report_new(const char *file)
{
	hardconf_report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->file = str_dup(file ? file : "<buffer>");
	r->names = malloc(4 * sizeof *r->names);
	r->name_hashes = malloc(4 * sizeof *r->name_hashes);
	if (!r->file || !r->names || !r->name_hashes) {
		free(r->file);
		free(r->names);
		free(r->name_hashes);
		free(r);
		return NULL;
	}
	r->names[0] = r->file;
	r->name_hashes[0] = fnv1a(FNV1A_START, r->file, strlen(r->file));
	r->n_names = 1;
	r->names_cap = 4;
	return r;
}

const char *report_name(hardconf_report *r, const char *name)
{
	/* Names of a deep chain share long prefixes: hashes tell them apart
	 * early, where strcmp() would not. */
	uint64_t h = fnv1a(FNV1A_START, name, strlen(name));
	char *copy;
	for (size_t i = 0; i < r->n_names; i++)
		if (r->name_hashes[i] == h && strcmp(r->names[i], name) == 0)
			return r->names[i];
	if (r->n_names == r->names_cap) {
		size_t cap = r->names_cap ? 2 * r->names_cap : 4;
		char **names = realloc(r->names, cap * sizeof *names);
		uint64_t *hashes;
		if (!names)
			return NULL;
		r->names = names;
		hashes = realloc(r->name_hashes, cap * sizeof *hashes);
		if (!hashes)
			return NULL;
		r->name_hashes = hashes;
		r->names_cap = cap;
	}
	copy = str_dup(name);
	if (!copy)
		return NULL;
	r->name_hashes[r->n_names] = h;
	return r->names[r->n_names++] = copy;
}

int report_add(hardconf_report *r, const char *file, const char *rule_id,
	       hardconf_severity severity, char *message, unsigned line, unsigned column,
	       unsigned end_line, unsigned end_column)
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
	f->file = file;
	f->line = line;
	f->column = column;
	f->end_line = end_line;
	f->end_column = end_column;
	f->suppressed = 0;
	f->justification = "";
	f->fingerprint[0] = '\0'; /* set when the report is complete */
	f->fix = NULL;
	f->context = NULL;
	f->context_line = 0;
	f->context_offset = 0;
	return HARDCONF_OK;
}

void report_shape_last(hardconf_report *r, uint64_t shape)
{
	if (shape)
		hex16(r->items[r->count - 1].fingerprint, shape);
}

void report_fix_last(hardconf_report *r, hardconf_fix *fix, char *context, unsigned context_line,
		     size_t context_offset)
{
	hardconf_finding *f = &r->items[r->count - 1];
	f->fix = fix;
	f->context = context;
	f->context_line = context_line;
	f->context_offset = context_offset;
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

int report_take(hardconf_report *r, hardconf_report *from)
{
	for (size_t i = 0; i < from->count; i++) {
		hardconf_finding *f = &from->items[i];
		const char *file = report_name(r, f->file);
		int rc;
		if (!file)
			return HARDCONF_ENOMEM;
		rc = report_add(r, file, f->rule_id, f->severity, (char *)f->message, f->line,
				f->column, f->end_line, f->end_column);
		f->message = NULL;
		if (rc != HARDCONF_OK)
			return rc;
		memcpy(r->items[r->count - 1].fingerprint, f->fingerprint, sizeof f->fingerprint);
		r->items[r->count - 1].suppressed = f->suppressed;
		r->items[r->count - 1].justification = f->justification;
		f->justification = "";
		report_fix_last(r, (hardconf_fix *)f->fix, (char *)f->context, f->context_line,
				f->context_offset);
		f->fix = NULL;
		f->context = NULL;
	}
	return HARDCONF_OK;
}

void report_free_finding(hardconf_finding *f)
{
	free((char *)f->message);
	free((hardconf_fix *)f->fix);
	free((char *)f->context);
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

/* A file name of the report and where it was named: findings hold the
 * report's own pointer to a name, so names are told apart by address. */
struct named {
	const char *name;
	size_t index;
};

static int by_address(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	uintptr_t x = (uintptr_t)a->name, y = (uintptr_t)b->name;
	return x < y ? -1 : x > y;
}

/* Groups the findings by file in the order the files were named (the
 * input first), keeping their order within a file: each finding's file is
 * looked up once, then a counting sort.  Returns 0, or -1 when memory ran
 * out (the order then stays as it was). */
static int group_by_file(hardconf_report *r)
{
	hardconf_finding *sorted;
	struct named *names;
	size_t *group, *start;
	if (r->n_names < 2)
		return 0;
	/* Zeroed, although every slot is written: the analyzer cannot tell. */
	sorted = calloc(r->count, sizeof *sorted);
	names = malloc(r->n_names * sizeof *names);
	group = malloc(r->count * sizeof *group);
	start = calloc(r->n_names + 1, sizeof *start);
	if (!sorted || !names || !group || !start) {
		free(sorted);
		free(names);
		free(group);
		free(start);
		return -1;
	}
	for (size_t n = 0; n < r->n_names; n++)
		names[n] = (struct named){r->names[n], n};
	qsort(names, r->n_names, sizeof *names, by_address);
	for (size_t i = 0; i < r->count; i++) {
		struct named key = {r->items[i].file, 0};
		const struct named *found =
			bsearch(&key, names, r->n_names, sizeof *names, by_address);
		group[i] = found ? found->index : 0;
		start[group[i] + 1]++;
	}
	for (size_t n = 0; n < r->n_names; n++)
		start[n + 1] += start[n];
	for (size_t i = 0; i < r->count; i++)
		sorted[start[group[i]]++] = r->items[i];
	free(r->items);
	r->items = sorted;
	r->cap = r->count;
	free(names);
	free(group);
	free(start);
	return 0;
}

void report_sort(hardconf_report *r)
{
	size_t kept = 0, from = 0;
	if (r->count < 2)
		return;
	(void)group_by_file(r);
	/* Each file's findings by position. */
	for (size_t i = 1; i <= r->count; i++) {
		if (i < r->count && r->items[i].file == r->items[from].file)
			continue;
		qsort(r->items + from, i - from, sizeof *r->items, by_position);
		from = i;
	}
	for (size_t i = 0; i < r->count; i++) {
		if (kept > 0 && r->items[kept - 1].file == r->items[i].file &&
		    by_position(&r->items[kept - 1], &r->items[i]) == 0) {
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
	for (size_t i = 0; i < report->n_names; i++)
		free(report->names[i]);
	free(report->names);
	free(report->name_hashes);
	free(report);
}
