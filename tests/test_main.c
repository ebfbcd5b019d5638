/* test_main.c - the one runner for every suite.  CK_FORK=no for valgrind;
 * CK_TAP_LOG_FILE_NAME=- for TAP. */
#include "suites.h"

#include "scan/linter.h" /* resume_from */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hardconf_linter *linter;

const hardconf_linter *test_linter(void)
{
	return linter;
}

const char *testdata_dir(void)
{
	const char *d = getenv("HARDCONF_TESTDATA");
	return d && *d ? d : "testdata";
}

hardconf_report *lint_string(const char *xml, const char *name, hardconf_kind kind)
{
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	int rc = hardconf_lint_buffer(&r, linter, xml, strlen(xml), name, kind, &err);
	ck_assert_msg(rc == HARDCONF_OK, "lint failed: %s", err.message);
	return r;
}

char *render_report_in(const hardconf_report *r, const char *dir)
{
	size_t n = hardconf_report_count(r), cap = 64 * n + 1, used = 0;
	size_t skip = dir ? strlen(dir) + 1 : 0;
	char *s;
	for (size_t i = 0; i < n; i++)
		cap += strlen(hardconf_report_get(r, i)->file);
	s = malloc(cap);
	ck_assert_ptr_nonnull(s);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		const char *file = "";
		if (strcmp(f->file, hardconf_report_file(r)) != 0)
			file = strlen(f->file) > skip ? f->file + skip : f->file;
		used += (size_t)snprintf(s + used, cap - used, "%s%s%u:%u %s %s%s\n", file,
					 file[0] ? ":" : "", f->line, f->column,
					 hardconf_severity_name(f->severity), f->rule_id,
					 f->suppressed ? " suppressed" : "");
	}
	return s;
}

int test_sink_write(void *ctx, const char *data, size_t len)
{
	struct test_sink *s = ctx;
	if (s->fail || s->len + len >= sizeof s->buf)
		return -1;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

/* Appends to *out (used bytes of it) as printf does. */
static void append(char **out, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int len;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(len, 0);
	*out = realloc(*out, *used + (size_t)len + 1);
	ck_assert_ptr_nonnull(*out);
	va_start(ap, fmt);
	vsnprintf(*out + *used, (size_t)len + 1, fmt, ap);
	va_end(ap);
	*used += (size_t)len;
}

/* Everything a report says, in order, fixes and source lines too
 * (malloc'd). */
char *render_all(const hardconf_report *r)
{
	size_t n = hardconf_report_count(r), used = 0;
	char *out = NULL;
	append(&out, &used, "%s", "");
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		append(&out, &used, "%s:%u:%u-%u:%u %d %s %s%s %s\n", f->file, f->line, f->column,
		       f->end_line, f->end_column, (int)f->severity, f->rule_id, f->message,
		       f->suppressed ? " suppressed" : "", f->fingerprint);
		for (size_t k = 0; f->fix && k < f->fix->n_edits; k++) {
			const hardconf_edit *e = &f->fix->edits[k];
			append(&out, &used, "  fix %s (%s): %zu+%zu -> \"%.*s\" (text %zu+%zu)\n",
			       f->fix->description, f->fix->encoding, e->offset, e->length,
			       (int)e->bytes_len, e->bytes, e->text_offset, e->text_length);
		}
		if (f->context)
			append(&out, &used, "  context at line %u, offset %zu:\n%s\n",
			       f->context_line, f->context_offset, f->context);
	}
	return out;
}

char *render_report(const hardconf_report *r)
{
	return render_report_in(r, NULL);
}

int main(void)
{
	SRunner *sr;
	int failed;
	hardconf_error err = {0};
	hardconf_options opts = HARDCONF_OPTIONS_INIT;

	/* Check's per-case timeouts (4 s by default, tcase_set_timeout() for
	 * the long cases) are time limits too: the same scale applies, through
	 * Check's own multiplier, read when the suites are built. */
	if (!getenv("CK_TIMEOUT_MULTIPLIER")) {
		char scale[32];
		snprintf(scale, sizeof scale, "%g", test_time_scale());
		setenv("CK_TIMEOUT_MULTIPLIER", scale, 1);
	}
	/* The library reads no environment: make valgrind asks through it. */
	if (getenv("HARDCONF_NO_JIT"))
		opts.flags |= HARDCONF_NO_JIT;
	/* Every suite, the hostile inputs' time bounds included, with the
	 * lines around findings kept: the costlier way. */
	opts.flags |= HARDCONF_SOURCE_LINES;
	if (hardconf_linter_new(&linter, &opts, &err) != HARDCONF_OK) {
		fprintf(stderr, "cannot build the linter: %s\n", err.message);
		return 1;
	}
	/* The fixtures' parents are small: their variants pick up after the
	 * content before the first location as a large parent's do. */
	linter->resume_from = 1;
	sr = srunner_create(rules_suite());
	srunner_add_suite(sr, value_suite());
	srunner_add_suite(sr, source_suite());
	srunner_add_suite(sr, lint_suite());
	srunner_add_suite(sr, format_suite());
	srunner_add_suite(sr, linter_suite());
	/* make valgrind leaves out the hostile suite: its inputs are megabytes
	 * at two sizes, forty times slower under valgrind (over ten minutes),
	 * and make asan checks the same code for memory errors and leaks. */
	if (!getenv("HARDCONF_SKIP_HOSTILE"))
		srunner_add_suite(sr, hostile_suite());
	srunner_add_suite(sr, xdt_suite());
	srunner_add_suite(sr, api_suite());
	srunner_add_suite(sr, fix_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	hardconf_linter_free(linter);
	return failed == 0 ? 0 : 1;
}
