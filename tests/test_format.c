/* test_format.c - the gcc-style line that editors and CI parse. */
#include "suites.h"

#include <string.h>

static const hardconf_finding finding = {"HC1001",
					 HARDCONF_SEVERITY_ERROR,
					 "compilation debug=\"true\" is on",
					 "dir/Web.config",
					 12,
					 5,
					 12,
					 17};

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

Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("gcc");
	tcase_add_test(tc, test_gcc_line);
	tcase_add_test(tc, test_color);
	tcase_add_test(tc, test_short_buffer_reports_needed_length);
	tcase_add_test(tc, test_file_names_are_escaped);
	suite_add_tcase(s, tc);
	return s;
}
