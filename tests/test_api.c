/* test_api.c - the public API's contract at its edges: NULL and
 * inconsistent arguments are errors, never crashes; versions; one-shot
 * calls stay one-shot. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "suites.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A message too long for hardconf_error (a path thousands of folders
 * deep) loses its middle, not its end, which says what went wrong, and is
 * cut between UTF-8 characters. */
START_TEST(test_long_error_keeps_its_reason)
{
	char path[4096] = "/nonexistent";
	const char *reason = strerror(ENOENT);
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	size_t n, m;

	while (strlen(path) + 16 < sizeof path)
		strcat(path, "/\xc3\xa9t\xc3\xa9");
	strcat(path, "/web.config");
	ck_assert_int_eq(hardconf_lint_file(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, &err),
			 HARDCONF_EIO);
	n = strlen(err.message);
	m = strlen(reason);
	ck_assert_uint_lt(n, sizeof err.message);
	ck_assert_uint_gt(n, m);
	ck_assert_str_eq(err.message + n - m, reason);
	ck_assert_ptr_nonnull(strstr(err.message, "..."));
	ck_assert_int_eq(strncmp(err.message, "/nonexistent/", 13), 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)err.message[i];
		/* \xc3 always followed by \xa9, and \xa9 always after \xc3. */
		if (c == 0xC3)
			ck_assert_int_eq((unsigned char)err.message[i + 1], 0xA9);
		if (c == 0xA9)
			ck_assert_int_eq((unsigned char)err.message[i - 1], 0xC3);
	}
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
	static struct test_sink s;
	hardconf_writer *w = NULL;
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(
		hardconf_writer_new(&w, HARDCONF_FORMAT_JSON, 0, test_sink_write, &s, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_OK);
	ck_assert_int_eq(hardconf_writer_finish(w), HARDCONF_EINVAL);
	ck_assert_str_eq(s.buf, "{\"schema\":\"hardconf/1\",\"tool\":{\"name\":\"hardconf\","
				"\"version\":\"" HARDCONF_VERSION_STRING "\"},\"findings\":[\n"
				"],\"files_linted\":0}\n");
	hardconf_writer_free(w);
}
END_TEST

/* Reads a whole fixture file (malloc'd, NUL-terminated). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = malloc(1 << 16);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(data);
	*len = fread(data, 1, (1 << 16) - 1, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[600];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Two discoveries, field by field. */
static void ck_same_discovery(const hardconf_discovery *a, const hardconf_discovery *b)
{
	const hardconf_chain *x = hardconf_discovery_chain(a), *y = hardconf_discovery_chain(b);
	const char *ra = hardconf_discovery_root(a), *rb = hardconf_discovery_root(b);
	ck_assert_str_eq(ra ? ra : "(none)", rb ? rb : "(none)");
	ck_assert_str_eq(hardconf_discovery_target(a), hardconf_discovery_target(b));
	ck_assert_uint_eq(x->n_parents, y->n_parents);
	for (size_t i = 0; i < x->n_parents; i++) {
		ck_assert_str_eq(x->parents[i], y->parents[i]);
		ck_assert_str_eq(x->parent_transforms[i] ? x->parent_transforms[i] : "(none)",
				 y->parent_transforms[i] ? y->parent_transforms[i] : "(none)");
	}
	ck_assert_str_eq(x->transform ? x->transform : "(none)",
			 y->transform ? y->transform : "(none)");
	ck_assert_uint_eq(x->flags, y->flags);
}

START_TEST(test_discover_memo_answers_as_without)
{
	char top[] = "/tmp/hardconf-memo-XXXXXX", dir[200], path[300];
	/* In an order that finds folders noted by an earlier file: a file
	 * below, one above, a sibling, the first again, one beside no root. */
	const char *named[] = {"site/admin/web.config",
			       "site/web.config",
			       "site/Web.Release.config",
			       "other/app.config",
			       "site/admin/web.config",
			       "site/Web.Debug.config",
			       "web.config"};
	hardconf_discover_options with = HARDCONF_DISCOVER_OPTIONS_INIT,
				  without = HARDCONF_DISCOVER_OPTIONS_INIT, old;
	hardconf_discover_memo *memo = hardconf_discover_memo_new();
	hardconf_discovery *a = NULL, *b = NULL;
	char real_top[PATH_MAX];

	ck_assert_ptr_nonnull(memo);
	ck_assert_ptr_nonnull(mkdtemp(top));
	ck_assert_ptr_nonnull(realpath(top, real_top));
	with.memo = memo;
	const char *folders[] = {".git", "site", "site/admin", "other"};
	for (size_t i = 0; i < sizeof folders / sizeof *folders; i++) {
		snprintf(dir, sizeof dir, "%s/%s", top, folders[i]);
		ck_assert_int_eq(mkdir(dir, 0700), 0);
	}
	put_file(top, "web.config", "<configuration/>");
	put_file(top, "site/web.config", "<configuration/>");
	put_file(top, "site/Web.Release.config", "<configuration/>");
	put_file(top, "site/Web.Debug.config", "<configuration/>");
	put_file(top, "site/admin/web.config", "<configuration/>");
	put_file(top, "other/app.config", "<configuration/>");
	for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
		snprintf(path, sizeof path, "%s/%s", top, named[i]);
		ck_assert_int_eq(hardconf_discover(&a, path, &with, NULL), HARDCONF_OK);
		ck_assert_int_eq(hardconf_discover(&b, path, &without, NULL), HARDCONF_OK);
		ck_same_discovery(a, b);
		ck_assert_str_eq(hardconf_discovery_root(a), real_top);
		hardconf_discovery_free(a);
		hardconf_discovery_free(b);
	}
	/* A memo trusts what it noted: a root made since is not seen through
	 * it (the sign that the folders were not probed again), and is seen
	 * without it. */
	put_file(top, "site/.hardconf", "root\n");
	snprintf(path, sizeof path, "%s/site/admin/web.config", top);
	ck_assert_int_eq(hardconf_discover(&a, path, &with, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_discover(&b, path, &without, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_discovery_root(a), real_top);
	ck_assert_str_ne(hardconf_discovery_root(b), real_top);
	hardconf_discovery_free(a);
	hardconf_discovery_free(b);
	/* Options of version 1 end before the memo: it is never read. */
	old = with;
	old.version = 1;
	old.memo = (hardconf_discover_memo *)(uintptr_t)1;
	ck_assert_int_eq(hardconf_discover(&a, path, &old, NULL), HARDCONF_OK);
	ck_assert_str_ne(hardconf_discovery_root(a), real_top);
	hardconf_discovery_free(a);
	hardconf_discover_memo_free(memo);
	hardconf_discover_memo_free(NULL);
	snprintf(path, sizeof path, "rm -rf '%s'", top);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* A parent's web.config is a regular file, or a link to one: the folder's
 * listing says which for most entries, stat() for the links. */
START_TEST(test_discover_parents_by_what_the_entry_is)
{
	char top[] = "/tmp/hardconf-entry-XXXXXX", dir[200], path[300], link_to[300];
	const char *folders[] = {".git",
				 "file",
				 "file/link",
				 "file/link/folder",
				 "file/link/folder/dangling",
				 "file/link/folder/dangling/web.config",
				 "file/link/folder/dangling/here"};
	hardconf_discover_options o = HARDCONF_DISCOVER_OPTIONS_INIT;
	hardconf_discovery *d = NULL;
	const hardconf_chain *chain;

	ck_assert_ptr_nonnull(mkdtemp(top));
	for (size_t i = 0; i < sizeof folders / sizeof *folders; i++) {
		snprintf(dir, sizeof dir, "%s/%s", top, folders[i]);
		ck_assert_int_eq(mkdir(dir, 0700), 0);
	}
	put_file(top, "file/web.config", "<configuration/>");
	put_file(top, "real.config", "<configuration/>");
	snprintf(link_to, sizeof link_to, "%s/real.config", top);
	snprintf(path, sizeof path, "%s/file/link/Web.config", top);
	ck_assert_int_eq(symlink(link_to, path), 0);
	/* file/link/folder/dangling/web.config is a folder; here/web.config
	 * is a link to nothing. */
	snprintf(path, sizeof path, "%s/file/link/folder/dangling/here/web.config", top);
	ck_assert_int_eq(symlink("missing.config", path), 0);
	snprintf(path, sizeof path, "%s/file/link/folder/dangling/here/leaf/web.config", top);
	snprintf(dir, sizeof dir, "%s/file/link/folder/dangling/here/leaf", top);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	put_file(dir, "web.config", "<configuration/>");

	ck_assert_int_eq(hardconf_discover(&d, path, &o, NULL), HARDCONF_OK);
	chain = hardconf_discovery_chain(d);
	ck_assert_uint_eq(chain->n_parents, 2);
	snprintf(link_to, sizeof link_to, "%s/file/web.config", top);
	ck_assert_str_eq(chain->parents[0], link_to);
	snprintf(link_to, sizeof link_to, "%s/file/link/Web.config", top);
	ck_assert_str_eq(chain->parents[1], link_to);
	hardconf_discovery_free(d);
	snprintf(path, sizeof path, "rm -rf '%s'", top);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_discover_finds_the_walk_chain)
{
	hardconf_discover_options o = HARDCONF_DISCOVER_OPTIONS_INIT;
	hardconf_discovery *d = NULL;
	const hardconf_chain *chain;
	char dir[512], path[600], parent[600], transform[600];

	snprintf(dir, sizeof dir, "%s/chains/parent-transform-adds-lock", testdata_dir());
	snprintf(path, sizeof path, "%s/admin/web.config", dir);
	snprintf(parent, sizeof parent, "%s/Web.config", dir);
	snprintf(transform, sizeof transform, "%s/Web.Release.config", dir);
	o.root = dir;
	ck_assert_int_eq(hardconf_discover(&d, path, &o, NULL), HARDCONF_OK);
	ck_assert_ptr_nonnull(hardconf_discovery_root(d));
	ck_assert_str_eq(hardconf_discovery_target(d), path);
	chain = hardconf_discovery_chain(d);
	ck_assert_uint_eq(chain->n_parents, 1);
	ck_assert_str_eq(chain->parents[0], parent);
	ck_assert_str_eq(chain->parent_transforms[0], transform);
	ck_assert_ptr_null(chain->transform);
	hardconf_discovery_free(d);

	/* The transform named alone: its base is the file linted. */
	ck_assert_int_eq(hardconf_discover(&d, transform, &o, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_discovery_target(d), parent);
	ck_assert_str_eq(hardconf_discovery_chain(d)->transform, transform);
	hardconf_discovery_free(d);

	/* No configuration: nothing is paired. */
	o.configuration = NULL;
	ck_assert_int_eq(hardconf_discover(&d, transform, &o, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_discovery_target(d), transform);
	ck_assert_ptr_null(hardconf_discovery_chain(d)->transform);
	hardconf_discovery_free(d);

	ck_assert_int_eq(hardconf_discover(&d, NULL, NULL, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_discover(NULL, path, NULL, NULL), HARDCONF_EINVAL);
	ck_assert_ptr_null(hardconf_discovery_root(NULL));
	hardconf_discovery_free(NULL);
}
END_TEST

START_TEST(test_lint_an_unsaved_buffer_with_its_parents)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	char dir[512], path[600], *text;
	size_t len;

	snprintf(dir, sizeof dir, "%s/HC0010/fires-lock-attributes", testdata_dir());
	snprintf(path, sizeof path, "%s/sub/web.config", dir);
	text = slurp(path, &len);
	in.path = path;
	in.data = text;
	in.len = len;
	in.name = "unsaved: sub/web.config";
	in.root = dir;
	in.flags = HARDCONF_LINT_DISCOVER;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_report_file(r), "unsaved: sub/web.config");
	ck_assert_uint_eq(hardconf_report_count(r), 2);
	ck_assert_finding(r, 0, "HC0010", 4, 18);
	ck_assert_finding(r, 1, "HC1012", 4, 18);
	ck_assert_str_eq(hardconf_report_get(r, 0)->file, "unsaved: sub/web.config");
	hardconf_report_free(r);

	/* Without discovery it has no parent: no lock. */
	in.flags = 0;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC1012", 4, 18);
	hardconf_report_free(r);
	free(text);
}
END_TEST

/* A parent named (or held by a handle) that discovery finds too, written
 * another way, is read once: its HC0001 is reported once, not under both
 * names. */
static size_t count_rule(const hardconf_report *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < hardconf_report_count(r); i++)
		n += strcmp(hardconf_report_get(r, i)->rule_id, id) == 0;
	return n;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_a_parent_named_and_found_is_read_once)
{
	char dir[] = "/tmp/hardconf-twice-XXXXXX", sub[64], git[64], top[64], again[64], file[80];
	const char *parents[1];
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_parents *held = NULL;
	hardconf_report *r = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(git, sizeof git, "%s/.git", dir);
	snprintf(top, sizeof top, "%s/web.config", dir);
	snprintf(again, sizeof again, "%s/./web.config", dir);
	snprintf(file, sizeof file, "%s/web.config", sub);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(mkdir(git, 0700), 0); /* the project's root */
	put(top, "<configuration>\n  <system.web>\n</configuration>\n");
	put(file, "<configuration />\n");
	in.path = file;
	in.flags = HARDCONF_LINT_DISCOVER;

	/* Found alone: once. */
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_uint_eq(count_rule(r, "HC0001"), 1);
	hardconf_report_free(r);

	/* Named too, another way. */
	parents[0] = again;
	in.parents = parents;
	in.n_parents = 1;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_uint_eq(count_rule(r, "HC0001"), 1);
	hardconf_report_free(r);

	/* Held by a handle. */
	in.parents = NULL;
	in.n_parents = 0;
	ck_assert_int_eq(
		hardconf_parents_new(&held, test_linter(), NULL, again, NULL, NULL, 0, NULL),
		HARDCONF_OK);
	in.inherited = held;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_uint_eq(count_rule(r, "HC0001"), 1);
	hardconf_report_free(r);
	hardconf_parents_free(held);

	unlink(file);
	unlink(top);
	rmdir(sub);
	rmdir(git);
	rmdir(dir);
}
END_TEST

START_TEST(test_lint_an_unsaved_transform_with_its_base)
{
	static const char keeps_debug[] =
		"<configuration "
		"xmlns:xdt=\"http://schemas.microsoft.com/XML-Document-Transform\">\n"
		"  <system.web>\n"
		"    <customErrors mode=\"Off\" xdt:Transform=\"SetAttributes(mode)\" />\n"
		"  </system.web>\n"
		"</configuration>\n";
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	char dir[512], path[600], base[600];

	snprintf(dir, sizeof dir, "%s/chains/transform-removes-debug", testdata_dir());
	snprintf(path, sizeof path, "%s/Web.Release.config", dir);
	snprintf(base, sizeof base, "%s/Web.config", dir);
	in.path = path;
	in.flags = HARDCONF_LINT_DISCOVER;
	in.root = dir;
	/* As saved: Release removes debug; nothing to report. */
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_report_file(r), base);
	ck_assert_uint_eq(hardconf_report_count(r), 0);
	hardconf_report_free(r);
	/* As being edited: debug stays, customErrors goes Off in the transform. */
	in.data = keeps_debug;
	in.len = strlen(keeps_debug);
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_uint_eq(hardconf_report_count(r), 2);
	ck_assert_finding(r, 0, "HC1001", 7, 18);
	ck_assert_str_eq(hardconf_report_get(r, 0)->file, base);
	ck_assert_finding(r, 1, "HC1002", 3, 19);
	ck_assert_str_eq(hardconf_report_get(r, 1)->file, path);
	hardconf_report_free(r);
	/* From a descriptor (standard input): applied, it removes debug and
	 * turns customErrors Off; alone (it cannot be applied), only the
	 * second is its own. */
	{
		static const char removes_debug[] =
			"<configuration "
			"xmlns:xdt=\"http://schemas.microsoft.com/XML-Document-Transform\">\n"
			"  <system.web>\n"
			"    <customErrors mode=\"Off\" xdt:Transform=\"SetAttributes(mode)\" />\n"
			"    <compilation xdt:Transform=\"RemoveAttributes(debug)\" />\n"
			"  </system.web>\n"
			"</configuration>\n";
		char copy[] = "/tmp/hardconf-unsaved-XXXXXX";
		int fd = mkstemp(copy);
		ck_assert_int_ge(fd, 0);
		unlink(copy);
		ck_assert_int_eq(write(fd, removes_debug, strlen(removes_debug)),
				 (ssize_t)strlen(removes_debug));
		in.data = NULL;
		in.len = 0;
		in.fd = fd;
		ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
		ck_assert_uint_eq(hardconf_report_count(r), 1);
		ck_assert_finding(r, 0, "HC1002", 3, 19);
		ck_assert_str_eq(hardconf_report_get(r, 0)->file, path);
		hardconf_report_free(r);
		/* Broken, it cannot be applied: linted alone, from the descriptor. */
		ck_assert_int_eq(ftruncate(fd, 40), 0);
		ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
		ck_assert_uint_eq(hardconf_report_count(r), 2);
		ck_assert_finding(r, 0, "HC1001", 7, 18);
		ck_assert_finding(r, 1, "HC0001", 1, 41);
		ck_assert_str_eq(hardconf_report_get(r, 1)->file, path);
		hardconf_report_free(r);
		close(fd);
	}
}
END_TEST

START_TEST(test_lint_refuses_inconsistent_input)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = (hardconf_report *)1;
	const char *parents[] = {NULL};
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL),
			 HARDCONF_EINVAL); /* nothing */
	ck_assert_ptr_null(r);
	in.len = 3; /* a length without data */
	in.path = "web.config";
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_EINVAL);
	in.len = 0;
	in.path = NULL;
	in.data = "<configuration/>";
	in.len = 16;
	in.flags = HARDCONF_LINT_DISCOVER; /* discovery needs a path */
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_EINVAL);
	in.flags = 0x100;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_EINVAL);
	in.flags = 0;
	in.parents = parents;
	in.n_parents = 1;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_EINVAL);
	in.n_parents = 0;
	in.version = HARDCONF_INPUT_VERSION + 1;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_EINVAL);
	in.version = HARDCONF_INPUT_VERSION;
	ck_assert_int_eq(hardconf_lint(NULL, test_linter(), &in, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint(&r, NULL, &in, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), NULL, NULL), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_str_eq(hardconf_report_file(r), "<buffer>");
	hardconf_report_free(r);
}
END_TEST

/* A workspace is a field of version 4: an older caller's struct has no
 * such field, whatever lies past its end. */
START_TEST(test_workspace_is_a_version_4_field)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	hardconf_workspace *ws = hardconf_workspace_new();
	ck_assert_ptr_nonnull(ws);
	in.data = "<configuration><system.web><compilation debug=\"true\"/></system.web>"
		  "</configuration>";
	in.len = strlen(in.data);
	in.workspace = ws;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_finding(r, 0, "HC1001", 1, 41);
	hardconf_report_free(r);
	in.version = 3;
	in.workspace = (hardconf_workspace *)&in; /* not one: never looked at */
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
	ck_assert_finding(r, 0, "HC1001", 1, 41);
	hardconf_report_free(r);
	hardconf_workspace_free(ws);
}
END_TEST

/* A caller that resolved the file's folder (a walk, once per folder) gets
 * the fingerprints the library finds on its own; the folder given is the
 * one used, and a version 1 input has no such field. */
static void print_of(hardconf_input *in, char out[17])
{
	hardconf_report *r = NULL;
	ck_assert_int_eq(hardconf_lint(&r, test_linter(), in, NULL), HARDCONF_OK);
	ck_assert_uint_ge(hardconf_report_count(r), 1);
	memcpy(out, hardconf_report_get(r, 0)->fingerprint, 17);
	hardconf_report_free(r);
}

START_TEST(test_lint_with_the_folder_resolved)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	char dir[512], real[PATH_MAX], path[600], found[17], given[17], other[17], old[17];

	snprintf(dir, sizeof dir, "%s/HC1001", testdata_dir());
	ck_assert_ptr_nonnull(realpath(dir, real));
	snprintf(path, sizeof path, "%s/fires-debug-true.config", dir);
	in.path = path;
	in.root = real;
	print_of(&in, found);
	in.real_dir = real;
	print_of(&in, given);
	ck_assert_str_eq(given, found);
	in.real_dir = "/elsewhere";
	print_of(&in, other);
	ck_assert_str_ne(other, found);
	in.version = 1;
	print_of(&in, old);
	ck_assert_str_eq(old, found);
}
END_TEST

START_TEST(test_config_merge_copies)
{
	const char *cli_enable[] = {"HC1001", NULL}, *cli_disable[] = {"HC1022", NULL};
	hardconf_severity_override grade = {"HC1002", HARDCONF_SEVERITY_ERROR};
	hardconf_options base = HARDCONF_OPTIONS_INIT, *merged = NULL;
	hardconf_config *c = NULL;
	hardconf_linter *l = NULL;
	char path[] = "/tmp/hardconf-merge-XXXXXX";
	const char *text = "disable HC1001, HC2019\nenable HC1022\nseverity HC1002=note, "
			   "HC2010=error\n";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	ck_assert_int_eq(hardconf_config_load(&c, path, NULL), HARDCONF_OK);
	unlink(path);
	base.enable = cli_enable;
	base.disable = cli_disable;
	base.severities = &grade;
	base.n_severities = 1;
	base.max_findings = 7;
	ck_assert_int_eq(hardconf_config_merge(&merged, c, &base), HARDCONF_OK);
	/* Copies: nothing borrowed from the file or the base remains. */
	hardconf_config_free(c);
	cli_enable[0] = "HC9999";
	grade.id = "HC9999";
	ck_assert_uint_eq(merged->max_findings, 7);
	ck_assert_int_eq(hardconf_linter_new(&l, merged, NULL), HARDCONF_OK);
	hardconf_options_free(merged);
	ck_assert(hardconf_linter_rule_enabled(l, "HC1001"));  /* base wins */
	ck_assert(!hardconf_linter_rule_enabled(l, "HC2019")); /* the file's */
	ck_assert(!hardconf_linter_rule_enabled(l, "HC1022")); /* base wins */
	hardconf_linter_free(l);
	ck_assert_int_eq(hardconf_config_merge(&merged, NULL, NULL), HARDCONF_EINVAL);
	ck_assert_ptr_null(merged);
	hardconf_options_free(NULL);
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_parsers_refuse_null);
	tcase_add_test(tc, test_fingerprint_and_config_refuse_null);
	tcase_add_test(tc, test_long_error_keeps_its_reason);
	tcase_add_test(tc, test_linter_refuses_inconsistent_options);
	tcase_add_test(tc, test_versions_from_one_to_current);
	tcase_add_test(tc, test_writer_finishes_once);
	tcase_add_test(tc, test_discover_finds_the_walk_chain);
	tcase_add_test(tc, test_discover_parents_by_what_the_entry_is);
	tcase_add_test(tc, test_discover_memo_answers_as_without);
	tcase_add_test(tc, test_lint_an_unsaved_buffer_with_its_parents);
	tcase_add_test(tc, test_a_parent_named_and_found_is_read_once);
	tcase_add_test(tc, test_lint_an_unsaved_transform_with_its_base);
	tcase_add_test(tc, test_lint_refuses_inconsistent_input);
	tcase_add_test(tc, test_workspace_is_a_version_4_field);
	tcase_add_test(tc, test_config_merge_copies);
	tcase_add_test(tc, test_lint_with_the_folder_resolved);
	suite_add_tcase(s, tc);
	return s;
}
