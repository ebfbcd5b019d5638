/* test_api.c - the public API's contract at its edges: NULL and
 * inconsistent arguments are errors, never crashes; versions; one-shot
 * calls stay one-shot. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sink {
	char buf[1 << 16];
	size_t len;
};

static int to_sink(void *ctx, const char *data, size_t len)
{
	struct sink *s = ctx;
	if (s->len + len >= sizeof s->buf)
		return -1;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

START_TEST(test_parsers_refuse_null)
{
	hardconf_kind k = HARDCONF_KIND_WEB;
	hardconf_severity s = HARDCONF_SEVERITY_NOTE;
	hardconf_format f = HARDCONF_FORMAT_JSON;
	ck_assert_int_eq(hardconf_kind_parse(NULL, "web"), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_kind_parse(&k, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_severity_parse(NULL, "note"), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_severity_parse(&s, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_format_parse(NULL, "json"), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_format_parse(&f, NULL), HARDCONF_EINVAL);
	/* Unknown names stay "not found"; nothing was written. */
	ck_assert_int_eq(hardconf_kind_parse(&k, "iis"), HARDCONF_ENOTFOUND);
	ck_assert_int_eq(k, HARDCONF_KIND_WEB);
	ck_assert_int_eq(s, HARDCONF_SEVERITY_NOTE);
	ck_assert_int_eq(f, HARDCONF_FORMAT_JSON);
}
END_TEST

START_TEST(test_fingerprint_and_config_refuse_null)
{
	hardconf_finding f = {0};
	char out[17] = "unchanged";
	char *found = (char *)1;
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	ck_assert_int_eq(hardconf_finding_fingerprint(NULL, out), HARDCONF_EINVAL);
	ck_assert_str_eq(out, "unchanged");
	ck_assert_int_eq(hardconf_finding_fingerprint(&f, NULL), HARDCONF_EINVAL);
	/* A finding without its strings has no fingerprint. */
	ck_assert_int_eq(hardconf_finding_fingerprint(&f, out), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_config_find(NULL, "."), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_config_find(&found, NULL), HARDCONF_EINVAL);
	ck_assert_ptr_null(found);
	ck_assert_int_eq(hardconf_config_apply(NULL, &o), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_config_fail_on(NULL, NULL), 0);
}
END_TEST

START_TEST(test_linter_refuses_inconsistent_options)
{
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	hardconf_linter *l = (hardconf_linter *)1;
	hardconf_error err = {0};
	o.severities = NULL;
	o.n_severities = 3;
	ck_assert_int_eq(hardconf_linter_new(&l, &o, &err), HARDCONF_EINVAL);
	ck_assert_ptr_null(l);
	ck_assert_str_eq(err.message, "options: severities is NULL but n_severities is 3");
}
END_TEST

START_TEST(test_versions_from_one_to_current)
{
	hardconf_options o;
	hardconf_linter *l = NULL;
	hardconf_report *r = NULL;
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	const char *parents[] = {NULL};
	char path[512];
	for (unsigned v = 1; v <= HARDCONF_OPTIONS_VERSION; v++) {
		ck_assert_int_eq(hardconf_options_init(&o, v), HARDCONF_OK);
		ck_assert_uint_eq(o.version, v);
		ck_assert_int_eq(hardconf_linter_new(&l, &o, NULL), HARDCONF_OK);
		hardconf_linter_free(l);
		l = NULL;
	}
	ck_assert_int_eq(hardconf_options_init(&o, 0), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_options_init(&o, HARDCONF_OPTIONS_VERSION + 1), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_options_init(NULL, 1), HARDCONF_EINVAL);

	snprintf(path, sizeof path, "%s/HC1001/fires-debug-true.config", testdata_dir());
	chain.version = 0;
	ck_assert_int_eq(hardconf_lint_chain(&r, test_linter(), path, 0, &chain, NULL),
			 HARDCONF_EINVAL);
	chain.version = HARDCONF_CHAIN_VERSION;
	ck_assert_int_eq(hardconf_lint_chain(&r, test_linter(), path, 0, &chain, NULL),
			 HARDCONF_OK);
	hardconf_report_free(r);
	/* A NULL among the parents is an error, not a crash. */
	chain.parents = parents;
	chain.n_parents = 1;
	ck_assert_int_eq(hardconf_lint_chain(&r, test_linter(), path, 0, &chain, NULL),
			 HARDCONF_EINVAL);
	ck_assert_ptr_null(r);
}
END_TEST

START_TEST(test_writer_finishes_once)
{
	static struct sink s;
	hardconf_writer *w = NULL;
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(hardconf_writer_new(&w, HARDCONF_FORMAT_JSON, 0, to_sink, &s, NULL),
			 HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_EINVAL);
	ck_assert_str_eq(s.buf, "{\"schema\":\"hardconf/1\",\"tool\":{\"name\":\"hardconf\","
				"\"version\":\"" HARDCONF_VERSION_STRING "\"},\"findings\":[\n"
				"],\"files_linted\":0}\n");
	hardconf_writer_free(w);
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_parsers_refuse_null);
	tcase_add_test(tc, test_fingerprint_and_config_refuse_null);
	tcase_add_test(tc, test_linter_refuses_inconsistent_options);
	tcase_add_test(tc, test_versions_from_one_to_current);
	tcase_add_test(tc, test_writer_finishes_once);
	suite_add_tcase(s, tc);
	return s;
}
