#define _POSIX_C_SOURCE 200809L
/* test_format.c - the gcc-style line that editors and CI parse. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const hardconf_finding finding = {"HC1001",
					 HARDCONF_SEVERITY_ERROR,
					 "compilation debug=\"true\" is on",
					 "dir/Web.config",
					 12,
					 5,
					 12,
					 17,
					 0,
					 "",
					 "",
					 NULL,
					 NULL,
					 0,
					 0};

START_TEST(test_gcc_line)
{
	char buf[256];
	int n = hardconf_format_finding(buf, sizeof buf, &finding, HARDCONF_FORMAT_GCC, 0);
	ck_assert_str_eq(buf,
			 "dir/Web.config:12:5: error: compilation debug=\"true\" is on [HC1001]\n");
	ck_assert_int_eq(n, (int)strlen(buf));
}
END_TEST

START_TEST(test_color)
{
	char buf[256];
	hardconf_format_finding(buf, sizeof buf, &finding, HARDCONF_FORMAT_GCC,
				HARDCONF_FORMAT_COLOR);
	ck_assert_ptr_nonnull(strstr(buf, "\033[1;31merror:\033[0m"));
	ck_assert_ptr_nonnull(strstr(buf, "[HC1001]\n"));
}
END_TEST

START_TEST(test_short_buffer_reports_needed_length)
{
	char small[8];
	int n = hardconf_format_finding(small, sizeof small, &finding, HARDCONF_FORMAT_GCC, 0);
	ck_assert_int_eq(n, 68);
	ck_assert_str_eq(small, "dir/Web");
	ck_assert_int_eq(hardconf_format_finding(NULL, 0, &finding, HARDCONF_FORMAT_GCC, 0), 68);
	ck_assert_int_eq(hardconf_format_finding(small, sizeof small, NULL, HARDCONF_FORMAT_GCC, 0),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(
		hardconf_format_finding(small, sizeof small, &finding, (hardconf_format)7, 0),
		HARDCONF_EINVAL);
}
END_TEST

START_TEST(test_file_names_are_escaped)
{
	hardconf_finding evil = finding;
	char buf[256];
	evil.file = "a\nb.config:1:1: note: forged [HC0000]\033[2J";
	hardconf_format_finding(buf, sizeof buf, &evil, HARDCONF_FORMAT_GCC, 0);
	ck_assert_str_eq(buf, "a\\x0ab.config:1:1: note: forged [HC0000]\\x1b[2J:12:5: error: "
			      "compilation debug=\"true\" is on [HC1001]\n");
}
END_TEST

/* A report from a buffer, for the writers. */
static hardconf_report *sample(void)
{
	return lint_string("<configuration><system.web><compilation debug=\"true\"/>"
			   "</system.web></configuration>",
			   "dir/a b\x01\xff.config", HARDCONF_KIND_UNKNOWN);
}

START_TEST(test_json_writer)
{
	static struct test_sink s;
	hardconf_writer *w = NULL;
	hardconf_report *r = sample();
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(
		hardconf_writer_new(&w, HARDCONF_FORMAT_JSON, 0, test_sink_write, &s, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	hardconf_writer_free(w);
	/* Control characters and bytes that are not UTF-8 are escaped. */
	ck_assert_ptr_nonnull(strstr(s.buf, "\"file\":\"dir/a b\\u0001\\ufffd.config\""));
	ck_assert_ptr_nonnull(strstr(s.buf, "\"line\":1,\"column\":41,\"end_line\":1"));
	ck_assert_ptr_nonnull(strstr(s.buf, "\"files_linted\":1}"));
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_writers_report_write_errors)
{
	static struct test_sink s;
	hardconf_writer *w = NULL;
	hardconf_report *r = sample();
	memset(&s, 0, sizeof s);
	s.fail = 1;
	ck_assert_int_eq(hardconf_writer_new(&w, HARDCONF_FORMAT_GCC, 0, test_sink_write, &s, NULL),
			 HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_EIO);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_EIO);
	hardconf_writer_free(w);
	ck_assert_int_eq(hardconf_writer_new(&w, (hardconf_format)9, 0, test_sink_write, &s, NULL),
			 HARDCONF_EINVAL);
	ck_assert_ptr_null(w);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_github_annotations_escape)
{
	static struct test_sink s;
	hardconf_writer *w = NULL;
	hardconf_report *r = lint_string("<configuration><system.web><customErrors mode=\"Off\"/>"
					 "</system.web></configuration>",
					 "a,b:c%.config", HARDCONF_KIND_UNKNOWN);
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(
		hardconf_writer_new(&w, HARDCONF_FORMAT_GITHUB, 0, test_sink_write, &s, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_add(w, r), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	hardconf_writer_free(w);
	ck_assert_str_eq(s.buf,
			 "::warning file=a%2Cb%3Ac%25.config,line=1,col=42,endColumn=52,"
			 "title=HC1002::customErrors mode=\"Off\" shows detailed ASP.NET errors "
			 "with stack traces to remote clients; set mode=\"RemoteOnly\" or "
			 "\"On\" [HC1002]\n");
	hardconf_report_free(r);
}
END_TEST

/* The formats find a finding's rule by binary search on the ids: the
 * catalogue must stay in id order. */
START_TEST(test_rules_in_id_order)
{
	for (size_t i = 1; i < hardconf_rule_count(); i++)
		ck_assert_int_lt(strcmp(hardconf_rule_at(i - 1)->id, hardconf_rule_at(i)->id), 0);
}
END_TEST

START_TEST(test_format_names)
{
	hardconf_format f;
	ck_assert_int_eq(hardconf_format_parse(&f, "SARIF"), HARDCONF_OK);
	ck_assert_int_eq(f, HARDCONF_FORMAT_SARIF);
	ck_assert_str_eq(hardconf_format_name(HARDCONF_FORMAT_GITHUB), "github");
	ck_assert_int_eq(hardconf_format_parse(&f, "xml"), HARDCONF_ENOTFOUND);
}
END_TEST

START_TEST(test_baseline)
{
	static struct test_sink s;
	hardconf_writer *w = NULL;
	hardconf_report *r = sample(), *later;
	hardconf_baseline *b = NULL;
	hardconf_error err = {0};
	char path[] = "/tmp/hardconf-baseline-XXXXXX", fp[17];
	char other[] = "/tmp/hardconf-not-a-baseline-XXXXXX";
	const char *other_text = "build-agent-07\n";
	int fd = mkstemp(path), rc;
	FILE *f;

	ck_assert_int_ge(fd, 0);
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(
		hardconf_writer_new(&w, HARDCONF_FORMAT_JSON, 0, test_sink_write, &s, NULL),
		HARDCONF_OK);
	hardconf_writer_add(w, r);
	hardconf_writer_finish(w);
	hardconf_writer_free(w);
	f = fdopen(fd, "w");
	fputs(s.buf, f);
	fclose(f);
	ck_assert_int_eq(hardconf_baseline_load(&b, path, &err), HARDCONF_OK);
	/* The same setting two lines lower is the same finding. */
	later = lint_string("<configuration>\n\n<system.web><compilation debug=\"true\"/>"
			    "<customErrors mode=\"Off\"/></system.web></configuration>",
			    "dir/a b\x01\xff.config", HARDCONF_KIND_UNKNOWN);
	hardconf_finding_fingerprint(hardconf_report_get(later, 0), fp);
	ck_assert_uint_eq(strlen(fp), 16);
	ck_assert_uint_eq(hardconf_report_count(later), 2);
	ck_assert_uint_eq(hardconf_report_drop_baselined(later, b), 1);
	ck_assert_uint_eq(hardconf_report_count(later), 1);
	ck_assert_str_eq(hardconf_report_get(later, 0)->rule_id, "HC1002");
	hardconf_baseline_free(b);
	unlink(path);

	/* A file that is not hardconf output is refused (removed before the
	 * asserts, so that a failure leaves nothing behind). */
	fd = mkstemp(other);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, other_text, strlen(other_text)), (int)strlen(other_text));
	close(fd);
	rc = hardconf_baseline_load(&b, other, &err);
	unlink(other);
	ck_assert_int_eq(rc, HARDCONF_EINVAL);
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(strstr(err.message, "no fingerprints"));
	hardconf_report_free(later);
	hardconf_report_free(r);
}
END_TEST

Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("gcc");
	tcase_add_test(tc, test_gcc_line);
	tcase_add_test(tc, test_color);
	tcase_add_test(tc, test_short_buffer_reports_needed_length);
	tcase_add_test(tc, test_file_names_are_escaped);
	tcase_add_test(tc, test_json_writer);
	tcase_add_test(tc, test_writers_report_write_errors);
	tcase_add_test(tc, test_github_annotations_escape);
	tcase_add_test(tc, test_format_names);
	tcase_add_test(tc, test_rules_in_id_order);
	tcase_add_test(tc, test_baseline);
	suite_add_tcase(s, tc);
	return s;
}
