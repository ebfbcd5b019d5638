/* statistics.c - --statistics: how many findings each rule made. */
#include "statistics.h"

#include <stdlib.h>
#include <string.h>

struct row {
	const hardconf_rule *rule;
	size_t count;
	hardconf_severity severity; /* the highest its findings had */
};

struct statistics {
	struct row *rows;
	size_t n;
};

struct statistics *statistics_new(void)
{
	struct statistics *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->n = hardconf_rule_count();
	s->rows = calloc(s->n ? s->n : 1, sizeof *s->rows);
	if (!s->rows) {
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		s->rows[i].rule = hardconf_rule_at(i);
	return s;
}

void statistics_add(struct statistics *s, const hardconf_report *report)
{
	for (size_t i = 0; i < hardconf_report_count(report); i++) {
		const hardconf_finding *f = hardconf_report_get(report, i);
		const hardconf_rule *r = hardconf_rule_find(f->rule_id);
		struct row *row;
		if (f->suppressed || !r)
			continue;
		row = &s->rows[r - hardconf_rule_at(0)];
		if (!row->count || f->severity > row->severity)
			row->severity = f->severity;
		row->count++;
	}
}

static int by_count(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->rule->id, b->rule->id);
}

void statistics_print(const struct statistics *s, FILE *out)
{
	struct row *rows = malloc((s->n ? s->n : 1) * sizeof *rows);
	size_t total = 0;
	if (!rows)
		return;
	memcpy(rows, s->rows, s->n * sizeof *rows);
	qsort(rows, s->n, sizeof *rows, by_count);
	fprintf(out, "%-8s %-8s %6s  %s\n", "rule", "severity", "count", "title");
	for (size_t i = 0; i < s->n && rows[i].count; i++) {
		fprintf(out, "%-8s %-8s %6zu  %s\n", rows[i].rule->id,
			hardconf_severity_name(rows[i].severity), rows[i].count,
			rows[i].rule->title);
		total += rows[i].count;
	}
	fprintf(out, "%-8s %-8s %6zu\n", "total", "", total);
	free(rows);
}

void statistics_free(struct statistics *s)
{
	if (!s)
		return;
	free(s->rows);
	free(s);
}
