#define _POSIX_C_SOURCE 200809L
/* test_linter.c - building linters: options, rule selection, names. */
#include "suites.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	ck_assert_str_eq(hardconf_strerror(HARDCONF_ELIBRARY),
			 "cannot load libpcre2-8.so.0 (PCRE2)");
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

/* Ignore patterns: literal ones found among thousands, globs and an
 * escaped wildcard by fnmatch(), a folder's name (with or without its
 * trailing '/', or a leading "./") skipping what is below it, and a walk's folder given by its
 * real path (hardconf_config_ignores_in()) as the file's path is.  The
 * files need not exist, their folders do. */
START_TEST(test_project_file_ignores)
{
	char dir[] = "/tmp/hardconf-ignore-XXXXXX", path[256], real_dir[PATH_MAX], *text;
	hardconf_config *c = NULL;
	hardconf_error err = {0};
	size_t used = 0, cap = 32 * 10000 + 128;
	static const char *const folders[] = {"a",       "b",   "c",    "obj",     "obj/x",
					      "objects", "bin", "deep", "deep/er", "a/obj"};
	static const struct {
		const char *name;
		int ignored;
	} cases[] = {{"a/f00000.config", 1},
		     {"a/f05000.config", 1},
		     {"a/f09999.config", 1},
		     {"a/f10000.config", 0},
		     {"a/f0500.config", 0},
		     {"b/web.config", 1},
		     {"c/*", 1},
		     {"c/x", 0},
		     {"web.config", 0},
		     /* A folder: anchored at the project file's, as every pattern. */
		     {"obj/web.config", 1},
		     {"obj/x/web.config", 1},
		     {"objects/web.config", 0},
		     {"a/obj/web.config", 0},
		     {"bin/web.config", 1},
		     {"bin", 0}, /* "bin/" names a folder only */
		     {"deep/er/web.config", 1},
		     {"deep/web.config", 0}};

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(realpath(dir, real_dir));
	for (size_t i = 0; i < sizeof folders / sizeof *folders; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, folders[i]);
		ck_assert_int_eq(mkdir(path, 0700), 0);
	}
	text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	/* Literal paths written by a tool, then a glob and an escaped '*'. */
	for (int i = 9999; i >= 0; i--)
		used += (size_t)snprintf(text + used, cap - used, "ignore a/f%05d.config\n", i);
	snprintf(text + used, cap - used, "ignore b/*, c/\\*\nignore obj, bin/, ./deep/er\n");
	snprintf(path, sizeof path, "%s/.hardconf", dir);
	write_file(path, text);
	free(text);
	ck_assert_int_eq(hardconf_config_load(&c, path, &err), HARDCONF_OK);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char folder[PATH_MAX + 8];
		const char *slash = strrchr(cases[i].name, '/');
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
		ck_assert_msg(!hardconf_config_ignores(c, path) == !cases[i].ignored, "%s", path);
		snprintf(folder, sizeof folder, "%s%s%.*s", real_dir, slash ? "/" : "",
			 slash ? (int)(slash - cases[i].name) : 0, cases[i].name);
		ck_assert_msg(
			!hardconf_config_ignores_in(c, folder, slash ? slash + 1 : cases[i].name) ==
				!cases[i].ignored,
			"%s in %s", cases[i].name, folder);
	}
	/* A folder outside the project file's is matched by its whole path. */
	ck_assert(!hardconf_config_ignores_in(c, "/elsewhere/a", "f00000.config"));
	ck_assert(!hardconf_config_ignores_in(NULL, real_dir, "web.config"));
	ck_assert(!hardconf_config_ignores_in(c, NULL, "web.config"));
	ck_assert(!hardconf_config_ignores_in(c, real_dir, NULL));
	hardconf_config_free(c);
	for (size_t i = sizeof folders / sizeof *folders; i-- > 0;) {
		snprintf(path, sizeof path, "%s/%s", dir, folders[i]);
		ck_assert_int_eq(rmdir(path), 0);
	}
	snprintf(path, sizeof path, "%s/.hardconf", dir);
	ck_assert_int_eq(remove(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* The findings of rule id in a report, as "LINE:COL-END SEVERITY MESSAGE"
 * lines (malloc'd). */
static char *findings_of(const hardconf_report *r, const char *id)
{
	size_t used = 0, cap = 1;
	char *out = calloc(1, 1);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < hardconf_report_count(r); i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		int n;
		if (strcmp(f->rule_id, id) != 0)
			continue;
		n = snprintf(NULL, 0, "%s:%u:%u-%u:%u %d %s%s\n", f->file, f->line, f->column,
			     f->end_line, f->end_column, (int)f->severity, f->message,
			     f->suppressed ? " suppressed" : "");
		cap = used + (size_t)n + 1;
		out = realloc(out, cap);
		ck_assert_ptr_nonnull(out);
		snprintf(out + used, cap - used, "%s:%u:%u-%u:%u %d %s%s\n", f->file, f->line,
			 f->column, f->end_line, f->end_column, (int)f->severity, f->message,
			 f->suppressed ? " suppressed" : "");
		used += (size_t)n;
	}
	return out;
}

/* A family none of whose rules is on is left out of the hook index: each
 * rule on its own finds in its fixtures what it finds with every rule on
 * (so no family reports a rule it is not counted as reporting). */
START_TEST(test_rule_alone_finds_the_same)
{
	size_t n_rules = hardconf_rule_count();
	const char **others = calloc(n_rules + 1, sizeof *others);
	ck_assert_ptr_nonnull(others);
	for (size_t r = 0; r < n_rules; r++) {
		const hardconf_rule *rule = hardconf_rule_at(r);
		const char *enable[] = {rule->id, NULL};
		/* HC0006 reports suppressions of the other rules: what it says
		 * depends on which are on. */
		if (strcmp(rule->id, "HC0006") == 0)
			continue;
		hardconf_options all_opts = HARDCONF_OPTIONS_INIT,
				 alone_opts = HARDCONF_OPTIONS_INIT;
		hardconf_linter *all = NULL, *alone = NULL;
		char dir[1024];
		DIR *d;
		struct dirent *e;
		size_t k = 0;
		for (size_t o = 0; o < n_rules; o++)
			if (o != r)
				others[k++] = hardconf_rule_at(o)->id;
		others[k] = NULL;
		all_opts.enable = enable;
		alone_opts.enable = enable;
		alone_opts.disable = others;
		ck_assert_int_eq(hardconf_linter_new(&all, &all_opts, NULL), HARDCONF_OK);
		ck_assert_int_eq(hardconf_linter_new(&alone, &alone_opts, NULL), HARDCONF_OK);
		snprintf(dir, sizeof dir, "%s/%s", testdata_dir(), rule->id);
		d = opendir(dir);
		while (d && (e = readdir(d)) != NULL) {
			char path[2048];
			size_t len = strlen(e->d_name);
			hardconf_report *a = NULL, *b = NULL;
			hardconf_error err = {0};
			char *fa, *fb;
			if (e->d_name[0] == '.' || e->d_name[0] == '_' ||
			    (len > 9 && strcmp(e->d_name + len - 9, ".expected") == 0))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (lint_fixture(all, path, &a, &err) != HARDCONF_OK)
				continue;
			ck_assert_int_eq(lint_fixture(alone, path, &b, &err), HARDCONF_OK);
			fa = findings_of(a, rule->id);
			fb = findings_of(b, rule->id);
			ck_assert_msg(strcmp(fa, fb) == 0,
				      "%s alone in %s: %.300s\nwith all: %.300s", rule->id, path,
				      fb, fa);
			free(fa);
			free(fb);
			hardconf_report_free(a);
			hardconf_report_free(b);
		}
		if (d)
			closedir(d);
		hardconf_linter_free(all);
		hardconf_linter_free(alone);
	}
	free(others);
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
	tcase_add_test(tc, test_project_file_ignores);
	suite_add_tcase(s, tc);
	tc = tcase_create("idle families");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_rule_alone_finds_the_same);
	suite_add_tcase(s, tc);
	return s;
}
