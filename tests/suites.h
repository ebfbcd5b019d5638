/* suites.h - one Check suite per library module, and shared test helpers. */
#ifndef HC_TEST_SUITES_H
#define HC_TEST_SUITES_H

#include "hardconf.h"
#include "time_scale.h" /* test_time_scale(): timed tests scale with it */

#include <check.h>
#include <stddef.h>

Suite *rules_suite(void);
Suite *value_suite(void);
Suite *source_suite(void);
Suite *lint_suite(void);
Suite *format_suite(void);
Suite *linter_suite(void);
Suite *hostile_suite(void);
Suite *xdt_suite(void);
Suite *api_suite(void);
Suite *fix_suite(void);

/* The shared default linter (built once by the runner). */
const hardconf_linter *test_linter(void);

/* Lints a NUL-terminated string; fails the test on a status other than OK. */
hardconf_report *lint_string(const char *xml, const char *name, hardconf_kind kind);

/* Renders a report as "LINE:COL SEVERITY ID\n" lines, " suppressed" before
 * the newline for suppressed findings (malloc'd). */
char *render_report(const hardconf_report *r);

/* The same, with "FILE:" before findings in other files than the input
 * (parents, transforms, includes), FILE without the prefix dir + "/". */
char *render_report_in(const hardconf_report *r, const char *dir);

/* Everything a report says, in order: each finding's file, span, severity,
 * rule, message, suppression and fingerprint, its fix and source lines
 * (malloc'd). */
char *render_all(const hardconf_report *r);

/* Lints a fixture: a file, or a directory holding a chain, described by its
 * file "chain": lines "parent FILE", "parent-transform FILE" (of the
 * parent before), "target FILE", "transform FILE", "site PATH" and "flag
 * secrets-only|quiet-parents" (files relative to the directory).  Returns the status. */
int lint_fixture(const hardconf_linter *linter, const char *path, hardconf_report **out,
		 hardconf_error *err);

/* The same; with through_handles, a chain's parents are read once, as
 * hardconf_parents handles (the verdict must not change). */
int lint_fixture_as(const hardconf_linter *linter, const char *path, int through_handles,
		    hardconf_report **out, hardconf_error *err);

/* Lints the file at path below a parent read once (its handle), with the
 * filesystem's root as the project's; fails the test on a status other
 * than OK. */
hardconf_report *lint_with_handle(const hardconf_linter *linter, const char *path,
				  const hardconf_parents *inherited);

/* Writes text to the file at path (made, or emptied first); fails the test
 * when it cannot. */
void write_file(const char *path, const char *text);

/* The directory of fixture files (HARDCONF_TESTDATA, default "testdata"). */
const char *testdata_dir(void);

/* A writer's output kept in memory (hardconf_writer_new's sink): fails once
 * full, or when fail is set. */
struct test_sink {
	char buf[65536];
	size_t len;
	int fail;
};
int test_sink_write(void *ctx, const char *data, size_t len);

/* Asserts that finding i exists with this rule id, line and column. */
#define ck_assert_finding(report, i, id, ln, col)                                \
	do {                                                                     \
		const hardconf_finding *f_ = hardconf_report_get((report), (i)); \
		ck_assert_msg(f_ != NULL, "no finding %zu", (size_t)(i));        \
		ck_assert_str_eq(f_->rule_id, (id));                             \
		ck_assert_uint_eq(f_->line, (ln));                               \
		ck_assert_uint_eq(f_->column, (col));                            \
	} while (0)

#endif
