/* output.h - what a run prints: each file's findings as it is linted
 * (through the writer of the chosen format, the baseline, the fixes and the
 * statistics), the progress line on a terminal and the summary; and the
 * totals the exit status is decided from. */
#ifndef HC_CLI_OUTPUT_H
#define HC_CLI_OUTPUT_H

#include "hardconf.h"
#include "run.h"

#include <stddef.h>
#include <time.h>

struct run {
	const hardconf_linter *linter;
	hardconf_kind kind;
	hardconf_severity fail_on; /* 0: never fail on findings */
	hardconf_writer *writer;
	int quiet;
	/* Totals for the summary and the exit status. */
	size_t files, findings, suppressed, baselined, by_severity[4];
	size_t *arg_files; /* files found (linted or not) per command-line argument */
	const hardconf_baseline *baseline; /* findings of an earlier run, not reported */
	hardconf_writer *baseline_writer;  /* --write-baseline, or NULL */
	int failed, trouble;
	/* Progress on a terminal. */
	int progress, progress_shown;
	size_t done, total;
	struct timespec started;
	double progress_at;
	struct fixer *fixer;           /* --fix or --format diff, or NULL */
	struct statistics *statistics; /* --statistics, or NULL */
	int html;                      /* --format html */
};

/* Writes data to the FILE * ctx (a hardconf_writer's sink). */
int write_file(void *ctx, const char *data, size_t len);

/* Makes r->writer for standard output, told which linters the run uses
 * (one per project file; fallback when no file is linted), so that SARIF
 * describes the rules as they ran. */
int open_writer(struct run *r, const struct targets *t, const hardconf_linter *fallback,
		hardconf_format format, unsigned flags, hardconf_error *err);

/* Prints one target's result (run_targets()'s callback; ctx: the run). */
void emit(void *ctx, const struct result *res);

/* The progress line, shown on a terminal for a run long enough to wonder
 * about; done: cleared. */
void progress(struct run *r, int done);

/* The totals on standard error. */
void print_summary(const struct run *r);

#endif
