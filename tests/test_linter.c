/* test_linter.c - building linters: options, rule selection, names. */
#include "suites.h"

#include <string.h>

static const char debug_on[] =
	"<configuration><system.web><compilation debug=\"true\"/></system.web></configuration>";

START_TEST(test_options)
{
	hardconf_options o;
	hardconf_linter *l = (hardconf_linter *)1;
	hardconf_error err = {0};
	ck_assert_int_eq(hardconf_options_init(&o, HARDCONF_OPTIONS_VERSION), HARDCONF_OK);
	ck_assert_uint_eq(o.version, HARDCONF_OPTIONS_VERSION);
	ck_assert_int_eq(hardconf_options_init(&o, 99), HARDCONF_EINVAL);
	o.version = 99;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_EINVAL);
	ck_assert_ptr_null(l);
	ck_assert_ptr_nonnull(strstr(err.message, "version"));
	ck_assert_int_eq(hardconf_linter_new(NULL, NULL, NULL), HARDCONF_EINVAL);
}
END_TEST

START_TEST(test_disable_and_unknown_ids)
{
	const char *off[] = {"hc1001", NULL}, *bogus[] = {"HC1001", "HC4242", NULL};
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	hardconf_linter *l = NULL;
	hardconf_report *r = NULL;
	hardconf_error err = {0};

	o.disable = off;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_OK);
	ck_assert(!hardconf_linter_rule_enabled(l, "HC1001"));
	ck_assert(hardconf_linter_rule_enabled(l, "HC1002"));
	ck_assert(!hardconf_linter_rule_enabled(l, "HC4242"));
	ck_assert_int_eq(
		hardconf_lint_buffer(&r, l, debug_on, strlen(debug_on), "web.config", 0, NULL),
		HARDCONF_OK);
	ck_assert_uint_eq(hardconf_report_count(r), 0);
	hardconf_report_free(r);
	hardconf_linter_free(l);

	o.disable = bogus;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "HC4242"));
	ck_assert_ptr_null(l);
	hardconf_linter_free(NULL);
}
END_TEST

START_TEST(test_names)
{
	hardconf_severity s;
	hardconf_kind k;
	ck_assert_str_eq(hardconf_version(), HARDCONF_VERSION_STRING);
	ck_assert_str_eq(hardconf_strerror(HARDCONF_EIO), "input/output error");
	ck_assert_str_eq(hardconf_strerror(12345), "unknown error");
	ck_assert_int_eq(hardconf_severity_parse(&s, "Warning"), HARDCONF_OK);
	ck_assert_int_eq(s, HARDCONF_SEVERITY_WARNING);
	ck_assert_int_eq(hardconf_severity_parse(&s, "fatal"), HARDCONF_ENOTFOUND);
	ck_assert_str_eq(hardconf_severity_name(HARDCONF_SEVERITY_NOTE), "note");
	ck_assert_str_eq(hardconf_severity_name((hardconf_severity)0), "unknown");
	ck_assert_int_eq(hardconf_kind_parse(&k, "apphost"), HARDCONF_OK);
	ck_assert_int_eq(k, HARDCONF_KIND_APPHOST);
	ck_assert_int_eq(hardconf_kind_parse(&k, "iis"), HARDCONF_ENOTFOUND);
	ck_assert_str_eq(hardconf_kind_name(HARDCONF_KIND_CRMSETUP), "crmsetup");
	ck_assert_str_eq(hardconf_kind_name(HARDCONF_KIND_BCSERVER), "bcserver");
	ck_assert_int_eq(hardconf_kind_parse(&k, "SSRS"), HARDCONF_OK);
	ck_assert_int_eq(k, HARDCONF_KIND_SSRS);
	ck_assert_str_eq(hardconf_kind_name((hardconf_kind)42), "unknown");
}
END_TEST

START_TEST(test_severity_overrides)
{
	const hardconf_severity_override grades[] = {{"hc1001", HARDCONF_SEVERITY_NOTE}};
	const hardconf_severity_override bad[] = {{"HC1001", (hardconf_severity)7}};
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	hardconf_linter *l = NULL;
	hardconf_report *r = NULL;
	hardconf_error err = {0};

	o.severities = grades;
	o.n_severities = 1;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_OK);
	ck_assert_int_eq(
		hardconf_lint_buffer(&r, l, debug_on, strlen(debug_on), "web.config", 0, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(hardconf_report_get(r, 0)->severity, HARDCONF_SEVERITY_NOTE);
	hardconf_report_free(r);
	hardconf_linter_free(l);
	o.severities = bad;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "HC1001"));
}
END_TEST

Suite *linter_suite(void)
{
	Suite *s = suite_create("linter");
	TCase *tc = tcase_create("options");
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_disable_and_unknown_ids);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_severity_overrides);
	suite_add_tcase(s, tc);
	return s;
}
