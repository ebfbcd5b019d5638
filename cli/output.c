/* output.c - what a run prints (see output.h). */
#include "output.h"

#include "fix.h"
#include "statistics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int write_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -1;
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* Writes a report's findings and counts them for the summary and the exit
 * status. */
static void print_report(struct run *r, hardconf_report *report, hardconf_severity fail_on)
{
	if (r->baseline_writer && hardconf_writer_add(r->baseline_writer, report) != HARDCONF_OK)
		r->trouble = 1;
	/* The HTML report shows baselined findings apart: it sees them first. */
	if (r->html && hardconf_writer_add(r->writer, report) != HARDCONF_OK)
		r->trouble = 1;
	if (r->baseline)
		r->baselined += hardconf_report_drop_baselined(report, r->baseline);
	if (!r->html && hardconf_writer_add(r->writer, report) != HARDCONF_OK)
		r->trouble = 1;
	if (r->fixer && fixer_add(r->fixer, report) != 0)
		r->trouble = 1;
	if (r->statistics)
		statistics_add(r->statistics, report);
	for (size_t i = 0; i < hardconf_report_count(report); i++) {
		const hardconf_finding *f = hardconf_report_get(report, i);
		if (f->suppressed) {
			r->suppressed++;
			continue;
		}
		r->findings++;
		r->by_severity[f->severity]++;
		if (fail_on && f->severity >= fail_on)
			r->failed = 1;
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void print_summary(const struct run *r)
{
	char extra[96] = "";
	if (r->suppressed)
		snprintf(extra, sizeof extra, "; %zu suppressed", r->suppressed);
	if (r->baselined)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
			 "; %zu in the baseline", r->baselined);
	fprintf(stderr,
		"hardconf: %zu file%s linted, %zu finding%s (%zu error%s, %zu warning%s, %zu "
		"note%s%s)\n",
		r->files, plural(r->files), r->findings, plural(r->findings),
		r->by_severity[HARDCONF_SEVERITY_ERROR],
		plural(r->by_severity[HARDCONF_SEVERITY_ERROR]),
		r->by_severity[HARDCONF_SEVERITY_WARNING],
		plural(r->by_severity[HARDCONF_SEVERITY_WARNING]),
		r->by_severity[HARDCONF_SEVERITY_NOTE],
		plural(r->by_severity[HARDCONF_SEVERITY_NOTE]), extra);
}

/* The writer, told which linters the run uses (one per project file; the
 * command line's when no file is linted), so that SARIF describes the
 * rules as they ran. */
int open_writer(struct run *r, const struct targets *t, const hardconf_linter *fallback,
		hardconf_format format, unsigned flags, hardconf_error *err)
{
	hardconf_writer_options o = HARDCONF_WRITER_OPTIONS_INIT;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	const hardconf_linter **linters = calloc(t->count + 1, sizeof *linters);
	size_t n = 0;
	int rc;
	if (!linters) {
		snprintf(err->message, sizeof err->message, "out of memory");
		return HARDCONF_ENOMEM;
	}
	for (size_t i = 0; i < t->count; i++) {
		const struct profile *p = t->items[i].profile;
		size_t k = 0;
		while (p && k < n && linters[k] != p->linter)
			k++;
		if (p && k == n)
			linters[n++] = p->linter;
	}
	if (n == 0)
		linters[n++] = fallback;
	o.flags = flags;
	o.linters = linters;
	o.n_linters = n;
	rc = hardconf_writer_new_with(&r->writer, format, &o, write_stdout, NULL, err);
	free(linters);
	return rc;
}

/* Progress on a terminal: only for runs long enough to wonder about. */
void progress(struct run *r, int done)
{
	struct timespec now;
	double t;
	if (!r->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)(now.tv_sec - r->started.tv_sec) +
	    (double)(now.tv_nsec - r->started.tv_nsec) / 1e9;
	if (done) {
		if (r->progress_shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (t < 1.0 || t - r->progress_at < 0.1)
		return;
	r->progress_at = t;
	r->progress_shown = 1;
	fprintf(stderr, "\r\033[Khardconf: %zu/%zu files, %zu findings", r->done, r->total,
		r->findings);
}

/* Prints one target's result; in a directory walk, files that are not a
 * known kind of configuration are skipped silently. */
void emit(void *ctx, const struct result *res)
{
	struct run *r = ctx;
	/* A file that could not be linted was found all the same. */
	int found = !res->report || !res->target->walked ||
		    hardconf_report_kind(res->report) != HARDCONF_KIND_UNKNOWN;
	r->done++;
	if (res->target->ignored)
		return;
	if (found && r->arg_files)
		r->arg_files[res->target->arg]++;
	if (!res->report) {
		progress(r, 1);
		fprintf(stderr, "hardconf: %s\n", res->error);
		r->trouble = 1;
	} else if (found) {
		if (hardconf_report_count(res->report) > 0)
			progress(r, 1);
		r->files++;
		print_report(r, res->report, res->target->profile->fail_on);
	}
	progress(r, 0);
}
