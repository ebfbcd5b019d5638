/*
 * test_rules.c - the rule table and its fixtures.  Driven by the table: every
 * rule must have a directory testdata/<ID>/ with at least one file that fires
 * it ("fires-*") and one near-miss that must not ("near-*"); every file's
 * findings must equal its .expected file exactly (line, column, severity,
 * id).  A rule without fixtures fails the build.  A fixture that is a
 * directory holds a chain (see lint_fixture); names starting with '_' are
 * files the fixtures include.
 */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"

#include "rules/families.h"
#include "rules/patterns.h"
#include "rules/read.h"
#include "scan/linter.h"
#include "util/re.h"
#include "util/value.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	ck_assert_msg(f != NULL, "missing %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The fixture files of a directory, sorted, without the .expected files. */
static size_t list_fixtures(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	ck_assert_msg(d != NULL, "rule has no fixture directory %s", dir);
	while ((e = readdir(d)) != NULL) {
		/* "_name": files a fixture includes (configSource), not fixtures. */
		if (e->d_name[0] == '.' || e->d_name[0] == '_' || ends_with(e->d_name, ".expected"))
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		ck_assert_ptr_nonnull(names);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	*out = names;
	return n;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the parent is the web.config of a folder above target. */
static int folder_parent(const char *parent, const char *target)
{
	const char *slash = strrchr(parent, '/');
	size_t dir = slash ? (size_t)(slash - parent) : 0;
	return strcasecmp(slash ? slash + 1 : parent, "web.config") == 0 &&
	       strncmp(parent, target, dir) == 0 && target[dir] == '/';
}

/* Lints target with the chain's parents read once, as handles (the way a
 * walk hands a folder's web.config to the files below it). */
static int lint_through_handles(const hardconf_linter *linter, const char *target,
				hardconf_chain *chain, hardconf_report **out, hardconf_error *err)
{
	hardconf_parents *h[8] = {NULL};
	size_t n = chain->n_parents;
	int rc = HARDCONF_OK;

	for (size_t k = 0; k < n && rc == HARDCONF_OK; k++)
		rc = hardconf_parents_new(
			&h[k], linter, k ? h[k - 1] : NULL, chain->parents[k],
			chain->parent_transforms ? chain->parent_transforms[k] : NULL,
			chain->site_path,
			folder_parent(chain->parents[k], target) ? 0 : HARDCONF_PARENT_SERVER, err);
	if (rc == HARDCONF_OK) {
		chain->inherited = n ? h[n - 1] : NULL;
		chain->n_parents = 0;
		chain->parent_transforms = NULL;
		rc = hardconf_lint_chain(out, linter, target, HARDCONF_KIND_UNKNOWN, chain, err);
	}
	for (size_t k = 0; k < n; k++)
		hardconf_parents_free(h[k]);
	return rc;
}

int lint_fixture(const hardconf_linter *linter, const char *path, hardconf_report **out,
		 hardconf_error *err)
{
	return lint_fixture_as(linter, path, 0, out, err);
}

int lint_fixture_as(const hardconf_linter *linter, const char *path, int through_handles,
		    hardconf_report **out, hardconf_error *err)
{
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	char manifest[1024], line[512], target[1024] = "", transform[1024], site[256];
	char parents[8][1024], parent_transforms[8][1024];
	const char *parent_ptrs[8], *transform_ptrs[8] = {NULL};
	FILE *f;
	int rc;

	if (!is_dir(path))
		return hardconf_lint_file(out, linter, path, HARDCONF_KIND_UNKNOWN, err);
	snprintf(manifest, sizeof manifest, "%s/chain", path);
	f = fopen(manifest, "r");
	ck_assert_msg(f != NULL, "%s: a chain fixture needs a file named chain", path);
	while (fgets(line, sizeof line, f)) {
		char *value = strchr(line, ' ');
		if (!value || line[0] == '#')
			continue;
		*value++ = '\0';
		value[strcspn(value, "\n")] = '\0';
		if (strcmp(line, "parent") == 0) {
			ck_assert_uint_lt(chain.n_parents, 8);
			snprintf(parents[chain.n_parents], sizeof parents[0], "%s/%s", path, value);
			parent_ptrs[chain.n_parents] = parents[chain.n_parents];
			chain.n_parents++;
		} else if (strcmp(line, "parent-transform") == 0) {
			/* The transform of the parent named last. */
			ck_assert_uint_gt(chain.n_parents, 0);
			snprintf(parent_transforms[chain.n_parents - 1],
				 sizeof parent_transforms[0], "%s/%s", path, value);
			transform_ptrs[chain.n_parents - 1] =
				parent_transforms[chain.n_parents - 1];
			chain.parent_transforms = transform_ptrs;
		} else if (strcmp(line, "target") == 0) {
			snprintf(target, sizeof target, "%s/%s", path, value);
		} else if (strcmp(line, "transform") == 0) {
			snprintf(transform, sizeof transform, "%s/%s", path, value);
			chain.transform = transform;
		} else if (strcmp(line, "flag") == 0) {
			if (strcmp(value, "secrets-only") == 0)
				chain.flags |= HARDCONF_CHAIN_SECRETS_ONLY;
			else if (strcmp(value, "quiet-parents") == 0)
				chain.flags |= HARDCONF_CHAIN_QUIET_PARENTS;
			else
				ck_abort_msg("%s: unknown flag '%s'", manifest, value);
		} else if (strcmp(line, "site") == 0) {
			snprintf(site, sizeof site, "%s", value);
			chain.site_path = site;
		} else {
			ck_abort_msg("%s: unknown line '%s'", manifest, line);
		}
	}
	fclose(f);
	ck_assert_msg(target[0], "%s: no target line", manifest);
	chain.parents = parent_ptrs;
	if (through_handles)
		rc = lint_through_handles(linter, target, &chain, out, err);
	else
		rc = hardconf_lint_chain(out, linter, target, HARDCONF_KIND_UNKNOWN, &chain, err);
	return rc;
}

/* Lints a fixture and compares with its .expected file. */
static void check_fixture(const hardconf_linter *linter, const char *dir, const char *name,
			  char **expected_out)
{
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	char path[1024], *actual, *expected;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_msg(lint_fixture(linter, path, &r, &err) == HARDCONF_OK, "%s: %s", path,
		      err.message);
	actual = render_report_in(r, path);
	snprintf(path, sizeof path, "%s/%s.expected", dir, name);
	expected = read_text(path);
	ck_assert_msg(strcmp(actual, expected) == 0, "%s/%s:\nexpected:\n%sactual:\n%s", dir, name,
		      expected, actual);
	free(actual);
	hardconf_report_free(r);
	/* A chain gives the same verdict with its parents read once. */
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (is_dir(path)) {
		ck_assert_msg(lint_fixture_as(linter, path, 1, &r, &err) == HARDCONF_OK, "%s: %s",
			      path, err.message);
		actual = render_report_in(r, path);
		ck_assert_msg(strcmp(actual, expected) == 0,
			      "%s/%s, parents read once:\nexpected:\n%sactual:\n%s", dir, name,
			      expected, actual);
		free(actual);
		hardconf_report_free(r);
	}
	*expected_out = expected;
}

static int mentions(const char *expected, const char *id)
{
	const char *p = expected;
	size_t n = strlen(id);
	while ((p = strstr(p, id)) != NULL) {
		if (p[n] == '\n' || p[n] == '\0')
			return 1;
		p += n;
	}
	return 0;
}

START_TEST(test_rule_fixtures)
{
	const hardconf_rule *rule = hardconf_rule_at((size_t)_i);
	const char *enable[] = {rule->id, NULL};
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *linter = NULL;
	char dir[512];
	char **names;
	size_t n, fires = 0, near = 0;

	/* An opt-in rule is tested with itself turned on. */
	if (rule->opt_in)
		opts.enable = enable;
	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	linter->resume_from = 1;   /* as test_linter()'s */
	linter->variants_kept = 1; /* each new variant drops the last */

	snprintf(dir, sizeof dir, "%s/%s", testdata_dir(), rule->id);
	n = list_fixtures(dir, &names);
	for (size_t i = 0; i < n; i++) {
		char *expected;
		int is_fires = strncmp(names[i], "fires-", 6) == 0;
		int is_near = strncmp(names[i], "near-", 5) == 0;

		ck_assert_msg(is_fires || is_near,
			      "%s/%s: fixture names start with fires- or near-", dir, names[i]);
		check_fixture(linter, dir, names[i], &expected);
		ck_assert_msg(mentions(expected, rule->id) == is_fires, "%s/%s: a %s fixture %s %s",
			      dir, names[i], is_fires ? "fires-" : "near-",
			      is_fires ? "must fire" : "must not fire", rule->id);
		fires += (size_t)is_fires;
		near += (size_t)is_near;
		free(expected);
		free(names[i]);
	}
	free(names);
	hardconf_linter_free(linter);
	ck_assert_msg(fires > 0, "%s has no fixture that fires it", rule->id);
	ck_assert_msg(near > 0, "%s has no near-miss fixture", rule->id);
}
END_TEST

/* testdata/chains: how files combine (inheritance, locks, retail,
 * transforms, includes), each a chain fixture with its .expected file. */
START_TEST(test_chain_fixtures)
{
	char dir[512];
	char **names;
	size_t n;

	snprintf(dir, sizeof dir, "%s/chains", testdata_dir());
	n = list_fixtures(dir, &names);
	ck_assert_uint_gt(n, 0);
	for (size_t i = 0; i < n; i++) {
		char *expected;
		check_fixture(test_linter(), dir, names[i], &expected);
		free(expected);
		free(names[i]);
	}
	free(names);
}
END_TEST

/* Fixture directories that name no rule are stale. */
START_TEST(test_no_stray_fixture_dirs)
{
	DIR *d = opendir(testdata_dir());
	struct dirent *e;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "HC", 2) == 0)
			ck_assert_msg(hardconf_rule_find(e->d_name) != NULL,
				      "testdata/%s names no rule", e->d_name);
	closedir(d);
}
END_TEST

START_TEST(test_table_is_well_formed)
{
	static const char *const families[] = {"file", "aspnet",           "iis",    "dynamics",
					       "ssrs", "business-central", "secrets"};
	size_t n = hardconf_rule_count();
	ck_assert_uint_gt(n, 10);
	for (size_t i = 0; i < n; i++) {
		const hardconf_rule *r = hardconf_rule_at(i);
		ck_assert_uint_eq(strlen(r->id), 6);
		ck_assert_msg(strncmp(r->id, "HC", 2) == 0, "%s", r->id);
		if (i > 0)
			ck_assert_msg(strcmp(hardconf_rule_at(i - 1)->id, r->id) < 0,
				      "%s is out of order or duplicated", r->id);
		ck_assert_msg(r->title[0] && r->title[strlen(r->title) - 1] != '.', "%s title",
			      r->id);
		ck_assert_msg(strlen(r->help) > 80, "%s help is too short", r->id);
		ck_assert_msg(strncmp(r->reference, "https://", 8) == 0, "%s reference", r->id);
		ck_assert_msg(r->kinds != 0, "%s applies to no kind", r->id);
		ck_assert(r->severity >= HARDCONF_SEVERITY_NOTE &&
			  r->severity <= HARDCONF_SEVERITY_ERROR);
		/* The family follows the id's block; the CIS item is a field, and
		 * the help names no other item than the field's. */
		ck_assert_str_eq(r->family, families[r->id[2] - '0']);
		if (strstr(r->help, "Benchmark ")) {
			const char *item = strstr(r->help, "Benchmark ") + 10;
			ck_assert_msg(r->cis && strncmp(r->cis, item, strcspn(item, ". ,(")) == 0,
				      "%s: help names CIS item %.4s, the cis field %s", r->id, item,
				      r->cis ? r->cis : "none");
		}
	}
	ck_assert_ptr_null(hardconf_rule_at(n));
}
END_TEST

START_TEST(test_find)
{
	ck_assert_str_eq(hardconf_rule_find("HC1001")->id, "HC1001");
	ck_assert_str_eq(hardconf_rule_find("hc2003")->id, "HC2003");
	ck_assert_ptr_null(hardconf_rule_find("HC9999"));
	ck_assert_ptr_null(hardconf_rule_find("HC100"));
	ck_assert_ptr_null(hardconf_rule_find(""));
	ck_assert_ptr_null(hardconf_rule_find(NULL));
	ck_assert_int_eq(hardconf_rule_find("HC1001")->severity, HARDCONF_SEVERITY_ERROR);
	ck_assert_int_eq(hardconf_rule_find("HC0009")->severity, HARDCONF_SEVERITY_NOTE);
}
END_TEST

/* The setting rows (model/settings.def) agree with the rule table and with
 * themselves, and each has a fixture that writes its attribute. */
static int valid_value(const struct setting *c, const char *v)
{
	return value_choice(c->syntax, value_choices(c->syntax, c->choices), v, strlen(v)) >= 0;
}

static int count_conversions(const char *fmt)
{
	int n = 0;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		n += p[1] == 's' ? 1 : p[1] == '%' ? 0 : 100;
	return n;
}

static int fixture_mentions(const char *id, const char *attr)
{
	char dir[512], needle[128], **names;
	size_t n;
	int found = 0;
	snprintf(dir, sizeof dir, "%s/%s", testdata_dir(), id);
	snprintf(needle, sizeof needle, "%s=", attr);
	n = list_fixtures(dir, &names);
	for (size_t i = 0; i < n; i++) {
		char path[1024], *text;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (strncmp(names[i], "fires-", 6) == 0 && !is_dir(path)) {
			text = read_text(path);
			found |= strstr(text, needle) != NULL;
			free(text);
		}
		free(names[i]);
	}
	free(names);
	return found;
}

START_TEST(test_settings_are_consistent)
{
	const struct family *f = &family_settings;
	ck_assert_uint_gt(f->n_hooks, 20);
	for (size_t i = 0; i < f->n_hooks; i++) {
		const struct hook *h = &f->hooks[i];
		const struct setting *c = h->arg;
		const hardconf_rule *r = hardconf_rule_at((size_t)c->rule);
		ck_assert(h->start == f->hooks[0].start); /* one function reads every row */
		ck_assert_str_eq(h->path, c->path);
		ck_assert_uint_eq(h->kinds, c->kinds);
		ck_assert_msg((c->kinds & ~r->kinds) == 0, "%s %s: kinds beyond the rule's", r->id,
			      c->attr);
		if (i > 0)
			ck_assert_msg(((const struct setting *)f->hooks[i - 1].arg)->rule <=
					      c->rule,
				      "%s %s is out of id order", r->id, c->attr);
		ck_assert_msg(valid_value(c, c->insecure), "%s: insecure value \"%s\" is no choice",
			      r->id, c->insecure);
		ck_assert_msg(!c->deflt || valid_value(c, c->deflt), "%s: default \"%s\"", r->id,
			      c->deflt);
		ck_assert_msg(!c->fix ||
				      (valid_value(c, c->fix) && strcmp(c->fix, c->insecure) != 0),
			      "%s: fix \"%s\"", r->id, c->fix);
		ck_assert_msg(c->fix || (c->deflt && strcmp(c->deflt, c->insecure) != 0),
			      "%s: a fix that removes the attribute needs a secure default", r->id);
		ck_assert_msg(c->absent == ABSENT_QUIET ||
				      (c->deflt && strcmp(c->deflt, c->insecure) == 0),
			      "%s: an absent attribute is reported only when its default is the "
			      "insecure value",
			      r->id);
		ck_assert_msg(count_conversions(c->message) == 2, "%s: the message takes two %%s",
			      r->id);
		ck_assert_msg(fixture_mentions(r->id, c->attr),
			      "%s: no fires- fixture writes %s=", r->id, c->attr);
	}
}
END_TEST

/* A setting row costs no dispatch when its rule and HC0005 are off. */
START_TEST(test_disabled_rows_are_not_dispatched)
{
	static const char *const off[] = {"HC1001", "HC0005", NULL};
	static const char *const rule_only[] = {"HC1001", NULL};
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	hardconf_linter *all = NULL, *less = NULL, *some = NULL;
	ck_assert_int_eq(hardconf_linter_new(&all, NULL, NULL), HARDCONF_OK);
	o.disable = off;
	ck_assert_int_eq(hardconf_linter_new(&less, &o, NULL), HARDCONF_OK);
	o.disable = rule_only;
	ck_assert_int_eq(hardconf_linter_new(&some, &o, NULL), HARDCONF_OK);
	ck_assert_uint_eq(less->n_hooks + 1, all->n_hooks); /* HC1001 is one row */
	ck_assert_uint_eq(some->n_hooks, all->n_hooks);     /* HC0005 still reads it */
	hardconf_linter_free(all);
	hardconf_linter_free(less);
	hardconf_linter_free(some);
}
END_TEST

/* Every hook is found through the index by the path it is keyed by, in
 * the run of its path alone, and no path is too long for a key
 * (HOOK_PATH_MAX).  A path's run holds every hook of that path. */
static int in_run(const struct hook *const *run, size_t n, const struct hook *h)
{
	for (size_t i = 0; i < n; i++)
		if (run[i] == h)
			return 1;
	return 0;
}

START_TEST(test_every_hook_is_found_by_its_path)
{
	hardconf_linter *l = NULL;
	size_t found = 0;
	ck_assert_int_eq(hardconf_linter_new(&l, NULL, NULL), HARDCONF_OK);
	ck_assert_uint_gt(l->n_hooks, 100);
	for (size_t i = 0; i < l->n_hooks; i++) {
		const char *path = l->hooks[i]->path, *star = strstr(path, "*");
		size_t len = strlen(path), n = 0;
		const struct hook *const *run;
		ck_assert_msg(len < HOOK_PATH_MAX, "%s is too long a hook path", path);
		if (!star) {
			run = linter_hooks(l, path, len, 0, &n);
		} else if (star[1] == '\0') { /* any child of a path, or the root's */
			size_t parent = (size_t)(star - path) - (star > path);
			run = linter_hooks(l, path, parent, 1, &n);
		} else { /* a grandchild through any element between */
			size_t parent = (size_t)(star - path) - (star > path);
			run = linter_grand_hooks(l, path, parent, star + 1, strlen(star + 1), &n);
		}
		ck_assert_msg(in_run(run, n, l->hooks[i]), "%s is not found", path);
		for (size_t k = 0; k < n; k++)
			ck_assert_str_eq(run[k]->path, path);
		found++;
	}
	ck_assert_uint_eq(found, l->n_hooks);
	/* A path no hook has, and one longer than a key can be. */
	{
		char long_path[HOOK_PATH_MAX + 8];
		size_t n = 1;
		memset(long_path, 'a', sizeof long_path);
		ck_assert_ptr_null(linter_hooks(l, "system.web/no-such-element", 26, 0, &n));
		ck_assert_uint_eq(n, 0);
		n = 1;
		ck_assert_ptr_null(linter_hooks(l, long_path, sizeof long_path, 1, &n));
		ck_assert_uint_eq(n, 0);
		n = 1;
		ck_assert_ptr_null(
			linter_grand_hooks(l, long_path, sizeof long_path, "/add", 4, &n));
		ck_assert_uint_eq(n, 0);
	}
	hardconf_linter_free(l);
}
END_TEST

/* Each secret pattern answers in steps linear in the value: a value of
 * repeats of what a pattern looks for, ended by what makes it fail, once
 * backtracked through every repeat (the stand-in pattern's "your" x 2,000
 * and a newline: 80 ms a value, until PCRE2's match limit).  Asked with
 * a match limit of 50 steps a byte: over it is a failure, not "no match". */
static char *repeated(const char *unit, size_t times, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * times + t + 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t + 1);
	return s;
}

START_TEST(test_patterns_are_linear)
{
	static const char *const units[] = {"your",   "x",     "change ", "my secret ", "a b ",
					    "__a",    "{a",    "${a",     "%a",         "@@a",
					    "[a",     "*",     "a://b:",  "EXAMPLE",    "a/",
					    "secret", "eyJa.", "AKIA",    "sig=",       "xoxb-"};
	static const char *const tails[] = {"\nz", "\"", "}}\nz", ""};
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	ck_assert_ptr_nonnull(mc);
	for (size_t p = 0; p < N_PATTERNS; p++) {
		int err;
		PCRE2_SIZE at;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern_defs[p].pattern,
						 PCRE2_ZERO_TERMINATED, 0, &err, &at, NULL);
		pcre2_match_data *md;
		ck_assert_ptr_nonnull(code);
		md = pcre2_match_data_create_from_pattern(code, NULL);
		for (size_t u = 0; u < sizeof units / sizeof *units; u++)
			for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
				char *v = repeated(units[u], 2000, tails[t]);
				size_t n = strlen(v);
				int rc;
				pcre2_set_match_limit(mc, (uint32_t)(50 * n));
				rc = pcre2_match(code, (PCRE2_SPTR)v, n, 0, 0, md, mc);
				ck_assert_msg(rc != PCRE2_ERROR_MATCHLIMIT,
					      "pattern %zu on \"%s\" x 2000 + \"%s\"", p, units[u],
					      tails[t]);
				free(v);
			}
		pcre2_match_data_free(md);
		pcre2_code_free(code);
	}
	pcre2_match_context_free(mc);
}
END_TEST

/* The prefilters stand in front of PCRE2 patterns: every value a key
 * format could match must pass them (a format's literal anywhere, in the
 * case the pattern takes), and the values most files hold must not. */
START_TEST(test_prefilters)
{
	static const char *const holds[] = {"AKIAFAKEFAKEFAKE0000",
					    "x ASIA",
					    "AIza",
					    "-----BEGIN RSA",
					    "accountKEY=",
					    "a;AccountKey=x",
					    "?sig=",
					    "Fk18Q~",
					    "7Q~",
					    "ghp_",
					    "gho_x",
					    "github_pat_",
					    "xoxb-",
					    "xoxr-1",
					    "sk_live_",
					    "rk_live_",
					    "SG.",
					    "a.eyJ"};
	static const char *const lacks[] = {"3.0.0.0",   "helpdesk@contoso.example",
					    "AKI",       "ASI",
					    "AIz",       "-----BEGIN",
					    "accountke", "sig",
					    "6Q~",       "8q~",
					    "gha_",      "gh_",
					    "github_pa", "xoxc-",
					    "xox-",      "tk_live_",
					    "SG",        "sg.",
					    "eyj",       "true",
					    ""};
	for (size_t i = 0; i < sizeof holds / sizeof *holds; i++)
		ck_assert_msg(may_hold_format(holds[i], strlen(holds[i])), "%s", holds[i]);
	for (size_t i = 0; i < sizeof lacks / sizeof *lacks; i++)
		ck_assert_msg(!may_hold_format(lacks[i], strlen(lacks[i])), "%s", lacks[i]);
	/* A literal cut by the value's end is not there. */
	ck_assert(!may_hold_format("AKIA", 3));
	ck_assert(may_hold_url_password("ftp://u:p@host", 14));
	ck_assert(may_hold_url_password("x https://a@b", 13));
	ck_assert(!may_hold_url_password("helpdesk@contoso.example", 24));
	ck_assert(!may_hold_url_password("u@host https://example.com", 26));
	ck_assert(!may_hold_url_password("https:/u:p@h", 12));
	ck_assert(!may_hold_url_password("x://", 4));
}
END_TEST

/* Fails if pattern p matches the n bytes at v while its prefilter says it
 * cannot. */
static void check_prefilter(struct re_set *set, struct re_match *m, enum pattern p, const char *v,
			    size_t n)
{
	size_t from, to;
	if (!pattern_may_match(p, v, n))
		ck_assert_msg(re_search(set, p, m, v, n, 0, &from, &to) == 0,
			      "pattern %d matches \"%.*s\", its prefilter says it cannot", (int)p,
			      (int)n, v);
}

/* Every quoted stretch of the fixture files below dir (attribute values
 * and more), whole and with white space around it, through every pattern. */
static size_t check_prefilters_below(struct re_set *set, struct re_match *m, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	size_t checked = 0;
	ck_assert_ptr_nonnull(d);
	while ((ent = readdir(d)) != NULL) {
		char path[1024], *text;
		struct stat st;
		if (ent->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			checked += check_prefilters_below(set, m, path);
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_size > (1 << 20))
			continue;
		text = read_text(path);
		for (char *q = text; (q = strpbrk(q, "\"'")) != NULL;) {
			char *end = strchr(q + 1, *q), padded[512];
			size_t n;
			if (!end)
				break;
			n = (size_t)(end - q - 1);
			for (int p = 0; p < N_PATTERNS; p++) {
				check_prefilter(set, m, (enum pattern)p, q + 1, n);
				if (n + 4 < sizeof padded) {
					snprintf(padded, sizeof padded, " \t%.*s\n ", (int)n,
						 q + 1);
					check_prefilter(set, m, (enum pattern)p, padded, n + 4);
				}
			}
			checked++;
			q = end + 1;
		}
		free(text);
	}
	closedir(d);
	return checked;
}

/* The prefilters of the anchored patterns (placeholder, stand-in, not a
 * credential) answer "cannot match" only where the pattern does not match:
 * over each pattern's own forms, letters folded as PCRE2 folds them, and
 * every quoted stretch of the fixtures.  And they do answer it for the
 * literal passwords most files hold, which then never load PCRE2. */
START_TEST(test_pattern_prefilters_hold)
{
	static const char *const forms[] = {"",
					    "  ",
					    "{{password}}",
					    "{0}",
					    "${Password}",
					    "$(Password)",
					    "#{Password}#",
					    "__Password__",
					    "%PASSWORD%",
					    "@@Password@@",
					    "********",
					    "[enc:x:enc]",
					    "your password",
					    "ChangeMe!",
					    "replace_this",
					    "xxxx",
					    "TODO",
					    "tbd",
					    "FixMe",
					    "placeholder",
					    "dummy",
					    "none",
					    "NULL",
					    "n/a",
					    "NA",
					    "undefined",
					    "Anonymous",
					    "my secret key",
					    "SuperSecretPassword",
					    "db password here",
					    "pwd",
					    "tokens",
					    "AKIAIOSFODNN7EXAMPLE",
					    "\xE2\x84\xAA"
					    "ey",          /* the Kelvin sign folds to 'k' */
					    "pa\xC5\xBFs", /* and the long s to 's' */
					    "true",
					    "No",
					    "@Microsoft.KeyVault(SecretUri=x)",
					    "https://example.com/x",
					    "~/x",
					    "/etc/x",
					    "c:\\x",
					    "\\\\server\\share",
					    "use the vault instead",
					    "\xE2\x84\xAA"
					    "EY"};
	static const char *const literals[] = {"Tr0ub4dor3x", "hunter2", "P@ssw0rd!", "s3cr3T"};
	unsigned char all[N_PATTERNS];
	struct re_set *set;
	struct re_match *m;
	size_t matched = 0;

	memset(all, 1, sizeof all);
	set = patterns_compile(test_linter(), all);
	ck_assert_ptr_nonnull(set);
	m = re_match_new(set);
	ck_assert_ptr_nonnull(m);
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
		for (int p = 0; p < N_PATTERNS; p++) {
			size_t from, to, n = strlen(forms[i]);
			check_prefilter(set, m, (enum pattern)p, forms[i], n);
			matched += re_search(set, (size_t)p, m, forms[i], n, 0, &from, &to) == 1;
		}
	/* Each form matches its pattern: the list tests what it says. */
	ck_assert_uint_ge(matched, sizeof forms / sizeof *forms);
	ck_assert_uint_gt(check_prefilters_below(set, m, testdata_dir()), 1000);
	for (size_t i = 0; i < sizeof literals / sizeof *literals; i++) {
		size_t n = strlen(literals[i]);
		ck_assert(!pattern_may_match(PAT_PLACEHOLDER, literals[i], n));
		ck_assert(!pattern_may_match(PAT_STAND_IN, literals[i], n));
		ck_assert(!pattern_may_match(PAT_NOT_CREDENTIAL, literals[i], n));
	}
	re_match_free(m);
	re_set_free(set);
}
END_TEST

/* The library's dlopen() calls for PCRE2 (the test runner is linked with
 * --wrap=dlopen), and whether they fail, as on a system without it. */
static atomic_size_t pcre2_loads;
static atomic_int pcre2_missing;
void *__real_dlopen(const char *file, int mode);
void *__wrap_dlopen(const char *file, int mode);
void *__wrap_dlopen(const char *file, int mode)
{
	if (file && strstr(file, "pcre2")) {
		atomic_fetch_add(&pcre2_loads, 1);
		if (atomic_load(&pcre2_missing))
			return NULL;
	}
	return __real_dlopen(file, mode);
}

/* A file without a value the secrets prefilters let through, and one with
 * a password they do ("key" in it): it is searched for a stand-in. */
static const char plain_file[] = "<configuration>\n  <system.web>\n"
				 "    <compilation debug=\"false\" />\n"
				 "  </system.web>\n</configuration>\n";
static const char secret_file[] = "<configuration>\n  <connectionStrings>\n"
				  "    <add name=\"db\" connectionString=\"Server=db;User ID=app;"
				  "Password=Keystone&amp;7x\" />\n"
				  "  </connectionStrings>\n</configuration>\n";

/* Lints text with linter: its status, and its findings' rule ids in ids. */
static int lint_text(const hardconf_linter *linter, const char *text, char *ids, size_t size,
		     hardconf_error *err)
{
	hardconf_report *r = NULL;
	int rc = hardconf_lint_buffer(&r, linter, text, strlen(text), "web.config",
				      HARDCONF_KIND_WEB, err);
	ids[0] = '\0';
	for (size_t i = 0; r && i < hardconf_report_count(r); i++)
		snprintf(ids + strlen(ids), size - strlen(ids), "%s%s", i ? " " : "",
			 hardconf_report_get(r, i)->rule_id);
	hardconf_report_free(r);
	return rc;
}

/* PCRE2 is loaded by the first search that needs a pattern, once a linter:
 * a file the prefilters pass over never loads it. */
START_TEST(test_pcre2_is_loaded_on_first_use)
{
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *linter = NULL;
	char ids[256];
	size_t before;

	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	before = atomic_load(&pcre2_loads);
	ck_assert_int_eq(lint_text(linter, plain_file, ids, sizeof ids, NULL), HARDCONF_OK);
#ifndef HC_PCRE2_LINKED
	ck_assert_uint_eq(atomic_load(&pcre2_loads) - before, 0);
	ck_assert_int_eq(lint_text(linter, secret_file, ids, sizeof ids, NULL), HARDCONF_OK);
	ck_assert_str_eq(ids, "HC6001");
	ck_assert_uint_eq(atomic_load(&pcre2_loads) - before, 1);
	ck_assert_int_eq(lint_text(linter, secret_file, ids, sizeof ids, NULL), HARDCONF_OK);
	ck_assert_uint_eq(atomic_load(&pcre2_loads) - before, 1);
#endif
	hardconf_linter_free(linter);
}
END_TEST

/* Without PCRE2, a file whose values must be searched fails with a status
 * that names the library, tried once a linter, and every other file is
 * linted as before: a secret is never passed over in silence. */
START_TEST(test_pcre2_missing_fails_the_files_that_need_it)
{
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *linter = NULL;
	hardconf_error err = {0};
	char ids[256];
	size_t before;

#ifdef HC_PCRE2_LINKED
	return; /* linked: nothing is loaded */
#endif
	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	atomic_store(&pcre2_missing, 1);
	before = atomic_load(&pcre2_loads);
	ck_assert_int_eq(lint_text(linter, secret_file, ids, sizeof ids, &err), HARDCONF_ELIBRARY);
	ck_assert_str_eq(err.message, "web.config: cannot load libpcre2-8.so.0 (PCRE2)");
	ck_assert_int_eq(lint_text(linter, plain_file, ids, sizeof ids, NULL), HARDCONF_OK);
	ck_assert_int_eq(lint_text(linter, secret_file, ids, sizeof ids, NULL), HARDCONF_ELIBRARY);
	ck_assert_uint_eq(atomic_load(&pcre2_loads) - before, 1);
	atomic_store(&pcre2_missing, 0);
	hardconf_linter_free(linter);
}
END_TEST

Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, test_table_is_well_formed);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_settings_are_consistent);
	tcase_add_test(tc, test_disabled_rows_are_not_dispatched);
	tcase_add_test(tc, test_every_hook_is_found_by_its_path);
	tcase_add_test(tc, test_prefilters);
	tcase_add_test(tc, test_patterns_are_linear);
	tcase_add_test(tc, test_pattern_prefilters_hold);
	tcase_add_test(tc, test_pcre2_is_loaded_on_first_use);
	tcase_add_test(tc, test_pcre2_missing_fails_the_files_that_need_it);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_loop_test(tc, test_rule_fixtures, 0, (int)hardconf_rule_count());
	tcase_add_test(tc, test_no_stray_fixture_dirs);
	tcase_add_test(tc, test_chain_fixtures);
	suite_add_tcase(s, tc);
	return s;
}
