#define _POSIX_C_SOURCE 200809L
/* test_linter.c - building linters: options, rule selection, names. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Removes what test_project_file wrote under dir, and dir. */
static void remove_tree(const char *dir)
{
	static const char *const names[] = {"a/web.config", "a/x.xml", "a", ".hardconf", ""};
	char path[256];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		ck_assert_msg(remove(path) == 0, "cannot remove %s", path);
	}
}

START_TEST(test_project_file)
{
	char dir[] = "/tmp/hardconf-config-XXXXXX", path[256], *found = NULL;
	hardconf_config *c = NULL;
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	hardconf_linter *l = NULL;
	hardconf_severity level;
	hardconf_error err = {0};
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/.hardconf", dir);
	write_file(path, "# comment\n\nenable HC1022\ndisable hc1001, HC1002\n"
			 "severity HC2001=error\nfail-on never\nignore a/*.xml\n");
	snprintf(path, sizeof path, "%s/a/web.config", dir);
	write_file(path, "<configuration/>");

	ck_assert_int_eq(hardconf_config_find(&found, path), HARDCONF_OK);
	ck_assert_ptr_nonnull(found);
	ck_assert_int_eq(hardconf_config_load(&c, found, &err), HARDCONF_OK);
	hardconf_config_apply(c, &o);
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_OK);
	ck_assert(hardconf_linter_rule_enabled(l, "HC1022"));
	ck_assert(!hardconf_linter_rule_enabled(l, "HC1001"));
	ck_assert_int_eq(hardconf_config_fail_on(c, &level), 1);
	ck_assert_int_eq(level, 0);
	snprintf(path, sizeof path, "%s/a/x.xml", dir);
	write_file(path, "<x/>");
	ck_assert(hardconf_config_ignores(c, path));
	snprintf(path, sizeof path, "%s/a/web.config", dir);
	ck_assert(!hardconf_config_ignores(c, path));
	hardconf_linter_free(l);
	hardconf_config_free(c);

	/* A malformed line is an error that names it. */
	write_file(found, "enable HC1022\nseverity HC2001=loud\n");
	ck_assert_int_eq(hardconf_config_load(&c, found, &err), HARDCONF_EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err.message, ".hardconf:2: severity"));
	write_file(found, "disable HC4242\n");
	ck_assert_int_eq(hardconf_config_load(&c, found, &err), HARDCONF_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, ":1: unknown rule id 'HC4242'"));
	free(found);
	remove_tree(dir);

	/* At the root the walk ends: "/.hardconf" if there is one, else NULL.
	 * The root is the point here, and this machine's root decides. */
	ck_assert_int_eq(hardconf_config_find(&found, "/"), HARDCONF_OK);
	if (stat("/.hardconf", &st) == 0 && S_ISREG(st.st_mode))
		ck_assert_str_eq(found, "/.hardconf");
	else
		ck_assert_ptr_null(found);
	free(found);
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
	tcase_add_test(tc, test_project_file);
	suite_add_tcase(s, tc);
	return s;
}
