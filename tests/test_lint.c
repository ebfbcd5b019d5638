/* test_lint.c - scanning: positions, scopes, kinds, broken input, threads. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "suites.h"

#include "scan/children.h"
#include "scan/linter.h" /* variants_kept */

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* CPU seconds this thread ran since t0 (taken with CLOCK_THREAD_CPUTIME_ID):
 * a busy machine must not fail a bound on the work.  Time limits are for a
 * plain build and are multiplied by test_time_scale() (sanitizers,
 * valgrind). */
static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(test_position_and_end)
{
	hardconf_report *r =
		lint_string("<configuration>\n<system.web>\n\t<compilation\tdebug=\"true\" "
			    "/>\n</system.web></configuration>",
			    "web.config", HARDCONF_KIND_UNKNOWN);
	const hardconf_finding *f = hardconf_report_get(r, 0);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC1001", 3, 15);
	ck_assert_uint_eq(f->end_line, 3);
	ck_assert_uint_eq(f->end_column, 27);
	ck_assert_str_eq(f->file, "web.config");
	ck_assert_int_eq(f->severity, HARDCONF_SEVERITY_ERROR);
	ck_assert_str_eq(f->message,
			 "compilation debug=\"true\" compiles with debug symbols and "
			 "disables request timeouts; set debug=\"false\" for production");
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_attribute_on_a_later_line_of_the_tag)
{
	/* The same attribute name earlier in another tag, and a '>' inside a
	 * value, must not confuse the re-reading of the tag. */
	hardconf_report *r =
		lint_string("<configuration><system.web>\n<pages debug='true'/>\n<customErrors\n"
			    "   defaultRedirect=\"a>b\"\n      mode\n  =\n "
			    "'Off'\n/></system.web></configuration>",
			    "web.config", HARDCONF_KIND_UNKNOWN);
	const hardconf_finding *f = hardconf_report_get(r, 0);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_finding(r, 0, "HC1002", 5, 7);
	ck_assert_uint_eq(f->end_line, 7);
	ck_assert_uint_eq(f->end_column, 7);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_location_named_in_message)
{
	hardconf_report *r =
		lint_string("<configuration><location path=\"admin/tools\" "
			    "inheritInChildApplications=\"false\">"
			    "<system.web><customErrors mode=\"Off\"/></system.web></location>"
			    "<system.web><customErrors mode=\"Off\"/></system.web></configuration>",
			    "web.config", HARDCONF_KIND_UNKNOWN);
	ck_assert_uint_eq(hardconf_report_count(r), 2);
	ck_assert_ptr_nonnull(strstr(hardconf_report_get(r, 0)->message,
				     "<location path=\"admin/tools\">: customErrors mode=\"Off\""));
	ck_assert_ptr_null(strstr(hardconf_report_get(r, 1)->message, "location"));
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_values_are_shown_safely)
{
	hardconf_report *r =
		lint_string("<configuration><system.web><compilation debug=\"true&#10;\"/>"
			    "</system.web></configuration>",
			    "web.config", HARDCONF_KIND_UNKNOWN);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_ptr_nonnull(strstr(hardconf_report_get(r, 0)->message, "debug=\"true\\x0a\""));
	ck_assert_ptr_null(strchr(hardconf_report_get(r, 0)->message, '\n'));
	hardconf_report_free(r);
}
END_TEST

/* '&' reaches the rules as '&', however it was written (libxml2 hands it
 * over as "&#38;" without entity substitution). */
START_TEST(test_ampersands_are_decoded)
{
	hardconf_report *r = lint_string(
		"<configuration><system.web><customErrors mode=\"O&amp;f&#38;&amp;#38;&lt;\"/>"
		"</system.web></configuration>",
		"web.config", HARDCONF_KIND_UNKNOWN);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_msg(strstr(hardconf_report_get(r, 0)->message, "mode=\"O&f&&#38;<\"") != NULL,
		      "%s", hardconf_report_get(r, 0)->message);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_url_passwords_never_reach_messages)
{
	hardconf_report *r =
		lint_string("<CRMSetup><Server><Reporting URL=\"http://svc:S3cr3t-pw@rs/"
			    "ReportServer\"/></Server></CRMSetup>",
			    "setup.xml", HARDCONF_KIND_UNKNOWN);
	ck_assert_uint_gt(hardconf_report_count(r), 0);
	for (size_t i = 0; i < hardconf_report_count(r); i++)
		ck_assert_msg(!strstr(hardconf_report_get(r, i)->message, "S3cr3t"), "%s",
			      hardconf_report_get(r, i)->message);
	hardconf_report_free(r);
}
END_TEST

static hardconf_kind kind_of(const char *xml, const char *name, hardconf_kind forced)
{
	hardconf_report *r = lint_string(xml, name, forced);
	hardconf_kind k = hardconf_report_kind(r);
	hardconf_report_free(r);
	return k;
}

START_TEST(test_kinds)
{
	ck_assert_int_eq(kind_of("<configuration/>", "Web.config", 0), HARDCONF_KIND_WEB);
	ck_assert_int_eq(kind_of("<configuration/>", "x/MACHINE.CONFIG", 0), HARDCONF_KIND_MACHINE);
	ck_assert_int_eq(kind_of("<configuration><system.web><processModel/></system.web>"
				 "</configuration>",
				 "a.config", 0),
			 HARDCONF_KIND_MACHINE);
	ck_assert_int_eq(kind_of("<configuration><system.applicationHost/></configuration>",
				 "anything.xml", 0),
			 HARDCONF_KIND_APPHOST);
	ck_assert_int_eq(kind_of("<crmsetup><server/></crmsetup>", "setup.xml", 0),
			 HARDCONF_KIND_CRMSETUP);
	ck_assert_int_eq(kind_of("<Project/>", "a.csproj", 0), HARDCONF_KIND_UNKNOWN);
	ck_assert_int_eq(kind_of("<Configuration><Dsn/></Configuration>", "x.config", 0),
			 HARDCONF_KIND_SSRS);
	ck_assert_int_eq(kind_of("<appSettings/>", "bc/CustomSettings.config", 0),
			 HARDCONF_KIND_BCSERVER);
	/* An appSettings file= fragment is not Business Central's file. */
	ck_assert_int_eq(kind_of("<appSettings/>", "AppSettingsSecrets.config", 0),
			 HARDCONF_KIND_UNKNOWN);
	ck_assert_int_eq(kind_of("<appSettings><add key=\"ServerInstance\" value=\"BC\"/>"
				 "<add key=\"ClientServicesPort\" value=\"7085\"/></appSettings>",
				 "fires-x.config", 0),
			 HARDCONF_KIND_BCSERVER);
	ck_assert_int_eq(kind_of("<configuration/>", "CustomSettings.config", 0),
			 HARDCONF_KIND_WEB);
	ck_assert_int_eq(kind_of("<Project/>", "a.xml", HARDCONF_KIND_WEB), HARDCONF_KIND_WEB);
	ck_assert_int_eq(kind_of("<configuration><system.applicationHost/></configuration>",
				 "web.config", HARDCONF_KIND_ROOT_WEB),
			 HARDCONF_KIND_ROOT_WEB);
	/* Malformed before the root: the name still tells what it was meant to be. */
	ck_assert_int_eq(kind_of("<<", "Web.config", 0), HARDCONF_KIND_WEB);
	ck_assert_int_eq(kind_of("<<", "notes.xml", 0), HARDCONF_KIND_UNKNOWN);
}
END_TEST

/* <Configuration> is SSRS's only with SSRS's own settings, Business Central
 * Setup's with <Component> and <Parameter>; IIS Express is told by its path
 * or its variables; copies kept beside a configuration are of its kind. */
START_TEST(test_kinds_by_signature)
{
	static const char iis[] = "<configuration><system.applicationHost><sites><siteDefaults>"
				  "<logFile directory=\"%IIS_USER_HOME%\\Logs\"/></siteDefaults>"
				  "</sites></system.applicationHost></configuration>";
	ck_assert_int_eq(kind_of("<Configuration status=\"WARN\"><Appenders/></Configuration>",
				 "src/main/resources/log4j2.xml", 0),
			 HARDCONF_KIND_UNKNOWN);
	ck_assert_int_eq(kind_of("<Configuration><Add OfficeClientEdition=\"64\"/></Configuration>",
				 "configuration.xml", 0),
			 HARDCONF_KIND_UNKNOWN);
	ck_assert_int_eq(
		kind_of("<Configuration><URLReservations/></Configuration>", "a.config", 0),
		HARDCONF_KIND_SSRS);
	ck_assert_int_eq(kind_of("<Configuration><Service><IsSchedulingService>True"
				 "</IsSchedulingService></Service></Configuration>",
				 "a.config", 0),
			 HARDCONF_KIND_SSRS);
	ck_assert_int_eq(kind_of("<Configuration/>", "RSReportServer.config", 0),
			 HARDCONF_KIND_SSRS);
	ck_assert_int_eq(kind_of("<Configuration><Component Id=\"ServiceTier\" State=\"Local\"/>"
				 "<Parameter Id=\"NavServiceInstanceName\" Value=\"BC\"/>"
				 "</Configuration>",
				 "bc-setup.xml", 0),
			 HARDCONF_KIND_BCSETUP);
	ck_assert_int_eq(kind_of(iis, "applicationhost.config", 0), HARDCONF_KIND_IISEXPRESS);
	ck_assert_int_eq(kind_of(iis, "any.xml", 0), HARDCONF_KIND_IISEXPRESS);
	ck_assert_int_eq(
		kind_of("<configuration/>", "App/.vs/App/config/applicationhost.config", 0),
		HARDCONF_KIND_IISEXPRESS);
	ck_assert_int_eq(kind_of("<configuration/>",
				 "C:\\Users\\me\\Documents\\IISExpress\\"
				 "config\\applicationhost.config",
				 0),
			 HARDCONF_KIND_IISEXPRESS);
	ck_assert_int_eq(kind_of(iis, "applicationhost.config", HARDCONF_KIND_APPHOST),
			 HARDCONF_KIND_APPHOST);
	ck_assert_int_eq(kind_of("<configuration/>", "web.config.template", 0), HARDCONF_KIND_WEB);
	ck_assert_int_eq(kind_of("<configuration/>", "machine.config.default", 0),
			 HARDCONF_KIND_MACHINE);
	ck_assert_int_eq(kind_of("<configuration/>", "site/applicationHost.xdt", 0),
			 HARDCONF_KIND_APPHOST);
	ck_assert_str_eq(hardconf_kind_name(HARDCONF_KIND_IISEXPRESS), "iisexpress");
	ck_assert_str_eq(hardconf_kind_name(HARDCONF_KIND_BCSETUP), "bcsetup");
}
END_TEST

START_TEST(test_rules_follow_kinds)
{
	/* system.web is not read from applicationHost.config; pools are only in it. */
	hardconf_report *r = lint_string(
		"<configuration><system.applicationHost/><system.web><compilation debug=\"true\"/>"
		"</system.web></configuration>",
		"applicationHost.config", HARDCONF_KIND_UNKNOWN);
	hardconf_report_free(r);
	r = lint_string("<configuration><system.applicationHost><applicationPools><add name=\"a\">"
			"<processModel identityType=\"LocalSystem\"/></add></applicationPools>"
			"</system.applicationHost></configuration>",
			"x.config", HARDCONF_KIND_WEB);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_broken_file_keeps_explicit_findings_only)
{
	/* The pools' inheritance is a whole-file rule: not evaluated after HC0001. */
	hardconf_report *r = lint_string(
		"<configuration><system.applicationHost><applicationPools><add name=\"a\"/>"
		"<add name=\"b\"><processModel identityType=\"LocalSystem\"/></add>"
		"<applicationPoolDefaults><processModel identityType=\"NetworkService\"/>"
		"</applicationPoolDefaults></applicationPools>",
		"applicationHost.config", HARDCONF_KIND_UNKNOWN);
	char *s = render_report(r);
	ck_assert_str_eq(s, "1:101 error HC2004\n1:174 warning HC2003\n1:250 error HC0001\n");
	free(s);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_entity_bomb_is_fast)
{
	char xml[4096] = "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\">";
	struct timespec t0;
	double took, limit = 0.5 * test_time_scale();
	hardconf_report *r;
	for (int i = 1; i < 15; i++) {
		char line[256];
		snprintf(line, sizeof line,
			 "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">", 'a' + i,
			 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
		strcat(xml, line);
	}
	strcat(xml, "]><configuration a=\"&o;\">&o;</configuration>");
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	r = lint_string(xml, "web.config", HARDCONF_KIND_UNKNOWN);
	took = seconds_since(&t0);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0002");
	ck_assert_uint_eq(hardconf_report_count(r), 2);
	ck_assert_msg(took < limit, "the entity bomb took %.3f s, more than %.3f s", took, limit);
	hardconf_report_free(r);
}
END_TEST

/* Fingerprints name what a finding is about (rule, file, element, key,
 * attribute, <location>), not its message or line: a baseline survives a
 * reworded message, moved lines and a changed value of the same setting,
 * and two entries of a collection stay apart whatever their order. */
static char *prints_of(const char *xml)
{
	hardconf_report *r = lint_string(xml, "web.config", HARDCONF_KIND_UNKNOWN);
	size_t n = hardconf_report_count(r), used = 0;
	char *s = calloc(n * 32 + 1, 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		used += (size_t)sprintf(s + used, "%s %s\n", f->rule_id, f->fingerprint);
	}
	hardconf_report_free(r);
	return s;
}

START_TEST(test_fingerprints_name_structure)
{
	char *base = prints_of("<configuration><system.web><compilation debug=\"true\"/>"
			       "</system.web></configuration>");
	char *moved = prints_of("<!-- a comment -->\n\n\n<configuration>\n  <system.web>\n"
				"    <compilation batch=\"false\"\n debug=\"True\"/>\n"
				"  </system.web>\n</configuration>\n");
	char *other = prints_of("<configuration><system.web><compilation debug=\"true\"/>"
				"<customErrors mode=\"Off\"/></system.web></configuration>");
	char *in_location =
		prints_of("<configuration><location path=\"admin\"><system.web><compilation "
			  "debug=\"true\"/></system.web></location></configuration>");
	char *ab = prints_of("<configuration><appSettings><add key=\"SmtpPassword\" "
			     "value=\"Fa1sePassw0rd!\"/><add key=\"ApiToken\" "
			     "value=\"Fa1seT0kenValue9\"/></appSettings></configuration>");
	char *ba = prints_of("<configuration><appSettings><add key=\"ApiToken\" "
			     "value=\"Fa1seT0kenValue9\"/><add key=\"SmtpPassword\" "
			     "value=\"Fa1sePassw0rd!\"/></appSettings></configuration>");
	char *first, *second;

	ck_assert_str_eq(base, moved);              /* lines, spacing, letter case of the value */
	ck_assert_ptr_nonnull(strstr(other, base)); /* the same finding among others */
	ck_assert_str_ne(base, in_location);        /* another <location> is another place */
	/* Each entry keeps its fingerprint in either order. */
	ck_assert_uint_eq(strlen(ab), strlen(ba));
	first = strtok(ab, "\n");
	second = strtok(NULL, "\n");
	ck_assert_ptr_nonnull(second);
	ck_assert_ptr_nonnull(strstr(ba, first));
	ck_assert_ptr_nonnull(strstr(ba, second));
	ck_assert_str_ne(first, second);
	free(base);
	free(moved);
	free(other);
	free(in_location);
	free(ab);
	free(ba);
}
END_TEST

START_TEST(test_bad_arguments)
{
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	ck_assert_int_eq(hardconf_lint_buffer(NULL, test_linter(), "", 0, NULL, 0, NULL),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint_buffer(&r, NULL, "", 0, NULL, 0, &err), HARDCONF_EINVAL);
	ck_assert_int_eq(err.status, HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint_buffer(&r, test_linter(), NULL, 5, NULL, 0, NULL),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(
		hardconf_lint_buffer(&r, test_linter(), "", 0, NULL, (hardconf_kind)99, NULL),
		HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_lint_file(&r, test_linter(), NULL, 0, NULL), HARDCONF_EINVAL);
	ck_assert_ptr_null(r);
	/* An empty buffer with no name is a document with no root: HC0001. */
	ck_assert_int_eq(hardconf_lint_buffer(&r, test_linter(), NULL, 0, NULL, 0, NULL),
			 HARDCONF_OK);
	ck_assert_str_eq(hardconf_report_file(r), "<buffer>");
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0001");
	ck_assert_ptr_null(hardconf_report_get(r, 1));
	hardconf_report_free(r);
	hardconf_report_free(NULL);
	ck_assert_uint_eq(hardconf_report_count(NULL), 0);
}
END_TEST

static hardconf_report *lint_with(const hardconf_options *o, const char *xml)
{
	hardconf_linter *l = NULL;
	hardconf_report *r = NULL;
	ck_assert_int_eq(hardconf_linter_new(&l, o, NULL), HARDCONF_OK);
	ck_assert_int_eq(hardconf_lint_buffer(&r, l, xml, strlen(xml), "web.config", 0, NULL),
			 HARDCONF_OK);
	hardconf_linter_free(l);
	return r;
}

START_TEST(test_limits)
{
	hardconf_options o = HARDCONF_OPTIONS_INIT;
	const char *xml = "<configuration><system.web><compilation debug=\"true\" a=\"1\" "
			  "b=\"22\"/><customErrors mode=\"Off\"/></system.web></configuration>";
	hardconf_report *r;
	char *s;

	o.max_depth = 2;
	r = lint_with(&o, xml);
	s = render_report(r);
	ck_assert_str_eq(s, "1:28 error HC0003\n");
	free(s);
	hardconf_report_free(r);

	o = (hardconf_options)HARDCONF_OPTIONS_INIT;
	o.max_attributes = 2;
	r = lint_with(&o, xml);
	s = render_report(r);
	ck_assert_str_eq(s, "1:28 error HC0003\n");
	ck_assert_ptr_nonnull(strstr(hardconf_report_get(r, 0)->message, "3 attributes"));
	free(s);
	hardconf_report_free(r);

	o = (hardconf_options)HARDCONF_OPTIONS_INIT;
	o.max_value_length = 1;
	r = lint_with(&o, xml);
	s = render_report(r);
	ck_assert_str_eq(s, "1:41 error HC0003\n");
	free(s);
	hardconf_report_free(r);

	o = (hardconf_options)HARDCONF_OPTIONS_INIT;
	o.max_findings = 1;
	r = lint_with(&o, xml);
	s = render_report(r);
	ck_assert_str_eq(s, "1:41 error HC1001\n1:82 error HC0003\n");
	free(s);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_attribute_flood_is_refused_fast)
{
	size_t n = 100000, used = 0;
	char *xml = malloc(16 * n + 64);
	struct timespec t0;
	double took, limit = 0.5 * test_time_scale();
	hardconf_report *r;
	ck_assert_ptr_nonnull(xml);
	used += (size_t)sprintf(xml, "<configuration><a");
	for (size_t i = 0; i < n; i++)
		used += (size_t)sprintf(xml + used, " a%zu=\"1\"", i);
	strcpy(xml + used, "/></configuration>");
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	r = lint_string(xml, "web.config", HARDCONF_KIND_UNKNOWN);
	took = seconds_since(&t0);
	ck_assert_uint_eq(hardconf_report_count(r), 1);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC0003");
	ck_assert_msg(took < limit, "10^5 attributes took %.3f s, more than %.3f s", took, limit);
	hardconf_report_free(r);
	free(xml);
}
END_TEST

/* ---- Threads: one linter, many threads, same answers as one thread. ------ */

/* Every fixture under testdata/HC* and testdata/chains, by the rules of
 * test_rules.c: names starting with '.' or '_' and *.expected are not
 * fixtures; a fixture directory is a chain (lint_fixture). */
static char **files, **sequential;
static size_t n_files, cap_files;

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void collect_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || e->d_name[0] == '_' ||
		    (n >= 9 && strcmp(e->d_name + n - 9, ".expected") == 0))
			continue;
		if (n_files == cap_files) {
			cap_files = cap_files ? 2 * cap_files : 256;
			files = realloc(files, cap_files * sizeof *files);
			ck_assert_ptr_nonnull(files);
		}
		ck_assert_uint_lt((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name),
				  sizeof path);
		files[n_files] = strdup(path);
		ck_assert_ptr_nonnull(files[n_files]);
		n_files++;
	}
	closedir(d);
}

static void collect(void)
{
	DIR *d = opendir(testdata_dir());
	struct dirent *e;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", testdata_dir(), e->d_name);
		if ((strncmp(e->d_name, "HC", 2) == 0 || strcmp(e->d_name, "chains") == 0) &&
		    is_directory(path))
			collect_fixtures(path);
	}
	closedir(d);
	qsort(files, n_files, sizeof *files, by_path);
}

/* The findings as text, or NULL when the lint failed (err says why).  No
 * Check assertion on the way: workers call it from their own threads (the
 * manifest checks in lint_fixture have passed in the sequential run). */
static char *lint_to_text(const char *path, hardconf_workspace *ws, hardconf_error *err)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	char *s;
	/* A chain's fixture is a directory; a file is linted with ws. */
	in.path = path;
	in.workspace = ws;
	if (ws && !is_directory(path) ? hardconf_lint(&r, test_linter(), &in, err) != HARDCONF_OK
				      : lint_fixture(test_linter(), path, &r, err) != HARDCONF_OK)
		return NULL;
	s = render_report(r);
	hardconf_report_free(r);
	return s;
}

struct worker {
	pthread_t thread;
	size_t start, rounds;
	hardconf_workspace *ws;  /* its own, another's, or none */
	size_t differ, failed;   /* lints that gave other text, lints that failed */
	const char *first_wrong; /* the first fixture of either */
	hardconf_error err;      /* the first failure's */
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	for (size_t round = 0; round < w->rounds; round++) {
		for (size_t i = 0; i < n_files; i++) {
			size_t k = (i + w->start) % n_files;
			hardconf_error err = {0};
			char *s = lint_to_text(files[k], w->ws, &err);
			if (!s || strcmp(s, sequential[k]) != 0) {
				if (!w->differ && !w->failed) {
					w->first_wrong = files[k];
					w->err = err;
				}
				w->differ += s != NULL;
				w->failed += s == NULL;
			}
			free(s);
		}
	}
	return NULL;
}

/* Parents read once are shared by threads that lint the files below them
 * at once (the CLI's pool in a walk). */
struct share {
	const hardconf_parents *parents;
	const char *target;
	const char *expected;
	size_t bad;
};

static void *lint_below(void *arg)
{
	struct share *sh = arg;
	for (int i = 0; i < 100; i++) {
		hardconf_chain chain = HARDCONF_CHAIN_INIT;
		hardconf_report *r = NULL;
		char *s;
		chain.inherited = sh->parents;
		chain.flags = HARDCONF_CHAIN_QUIET_PARENTS;
		if (hardconf_lint_chain(&r, test_linter(), sh->target, HARDCONF_KIND_UNKNOWN,
					&chain, NULL) != HARDCONF_OK) {
			sh->bad++;
			continue;
		}
		s = render_report(r);
		sh->bad += strcmp(s, sh->expected) != 0;
		free(s);
		hardconf_report_free(r);
	}
	return NULL;
}

START_TEST(test_threads_share_parents)
{
	char parent[1024], target[1024];
	hardconf_parents *p = NULL;
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	hardconf_report *r = NULL;
	struct share sh[4];
	pthread_t t[4];
	char *expected;

	snprintf(parent, sizeof parent, "%s/HC0010/fires-lock-elements/web.config", testdata_dir());
	snprintf(target, sizeof target, "%s/HC0010/fires-lock-elements/sub/web.config",
		 testdata_dir());
	ck_assert_int_eq(hardconf_parents_new(&p, test_linter(), NULL, parent, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	chain.inherited = p;
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), target, HARDCONF_KIND_UNKNOWN, &chain, NULL),
		HARDCONF_OK);
	ck_assert_uint_gt(hardconf_report_count(r), 0); /* the lock is reported */
	expected = render_report(r);
	hardconf_report_free(r);
	for (size_t i = 0; i < 4; i++) {
		sh[i] = (struct share){p, target, expected, 0};
		ck_assert_int_eq(pthread_create(&t[i], NULL, lint_below, &sh[i]), 0);
	}
	for (size_t i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_uint_eq(sh[i].bad, 0);
	}
	free(expected);
	hardconf_parents_free(p);
}
END_TEST

void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* A folder's web.config linted with its own handle (as a walk lints a
 * folder that has files below it) inherits what the handle inherits and
 * is not read again: the handle's bytes are linted, as they are for the
 * files below. */
hardconf_report *lint_with_handle(const hardconf_linter *linter, const char *path,
				  const hardconf_parents *inherited)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	in.path = path;
	in.inherited = inherited;
	in.root = "/";
	ck_assert_int_eq(hardconf_lint(&r, linter, &in, NULL), HARDCONF_OK);
	return r;
}

static char *lint_inheriting(const char *path, const hardconf_parents *inherited)
{
	hardconf_report *r = lint_with_handle(test_linter(), path, inherited);
	char *s = render_report(r);
	hardconf_report_free(r);
	return s;
}

START_TEST(test_own_handle_is_not_read_again)
{
	char dir[] = "/tmp/hardconf-own-XXXXXX", top[64], sub[64], file[80];
	hardconf_parents *above = NULL, *own = NULL;
	char *read, *from_handle, *changed;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(top, sizeof top, "%s/web.config", dir);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(file, sizeof file, "%s/sub/web.config", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	/* Locked above: the file below that sets it again is HC0010. */
	write_file(top, "<configuration>\n  <system.web>\n    <compilation debug=\"false\" "
			"lockAttributes=\"debug\" />\n  </system.web>\n</configuration>\n");
	write_file(file, "<configuration>\n  <system.web>\n"
			 "    <compilation debug=\"true\" />\n  </system.web>\n</configuration>\n");
	ck_assert_int_eq(
		hardconf_parents_new(&above, test_linter(), NULL, top, NULL, NULL, 0, NULL),
		HARDCONF_OK);
	ck_assert_int_eq(
		hardconf_parents_new(&own, test_linter(), above, file, NULL, NULL, 0, NULL),
		HARDCONF_OK);
	read = lint_inheriting(file, above);
	ck_assert_ptr_nonnull(strstr(read, "HC0010"));
	from_handle = lint_inheriting(file, own);
	ck_assert_str_eq(from_handle, read);
	/* Changed on disk since the handle read it: the handle's bytes count. */
	write_file(file, "<configuration />\n");
	changed = lint_inheriting(file, above);
	ck_assert_str_ne(changed, read);
	free(from_handle);
	from_handle = lint_inheriting(file, own);
	ck_assert_str_eq(from_handle, read);
	free(read);
	free(from_handle);
	free(changed);
	hardconf_parents_free(own);
	hardconf_parents_free(above);
	unlink(file);
	rmdir(sub);
	unlink(top);
	rmdir(dir);
}
END_TEST

/* ---- Chains cost linear time -------------------------------------------- */

/* Writes a chain of folders depth deep in the working directory, a
 * web.config in each (with a suppression, which a call given a handle once
 * copied for every parent); paths[k] is the one k folders down. */
static char **make_chain(size_t depth)
{
	char **paths = calloc(depth, sizeof *paths);
	char folder[4096] = "";
	ck_assert_ptr_nonnull(paths);
	for (size_t k = 0; k < depth; k++) {
		FILE *f;
		paths[k] = malloc(strlen(folder) + sizeof "web.config");
		ck_assert_ptr_nonnull(paths[k]);
		sprintf(paths[k], "%sweb.config", folder);
		f = fopen(paths[k], "w");
		ck_assert_ptr_nonnull(f);
		/* Settings enough that parsing, not finding the file by its
		 * path (as long as the chain is deep), is most of the work. */
		fputs("<configuration>\n  <appSettings>\n"
		      "    <!-- hardconf-disable-next-line HC1001 - a test -->\n",
		      f);
		for (int i = 0; i < 40; i++)
			fprintf(f, "    <add key=\"level%d\" value=\"%zu\" />\n", i, k);
		fputs("  </appSettings>\n</configuration>\n", f);
		fclose(f);
		ck_assert_uint_lt(strlen(folder) + 3, sizeof folder);
		strcat(folder, "d");
		if (k + 1 < depth)
			ck_assert_int_eq(mkdir(folder, 0700), 0);
		strcat(folder, "/");
	}
	return paths;
}

static void remove_chain(char **paths, size_t depth)
{
	for (size_t k = depth; k-- > 0;) {
		unlink(paths[k]);
		if (k > 0) {
			*strrchr(paths[k], '/') = '\0';
			rmdir(paths[k]);
		}
		free(paths[k]);
	}
	free(paths);
}

/* Bytes the heap holds in use (glibc: its arena's and the blocks it maps
 * of their own, the large ones), or 0 where it cannot tell. */
static double heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 m = mallinfo2();
	return (double)(m.uordblks + m.hblkhd);
#else
	return 0;
#endif
}

/* Walks the first depth files of paths as the CLI does: each linted with
 * the handle of the folder above, then read as the handle for the folder
 * below.  Returns this thread's CPU seconds. */
static double walk_chain(const char *root, char **paths, size_t depth, double *held)
{
	hardconf_parents *above = NULL;
	struct timespec t0;
	double before = heap_in_use();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	for (size_t k = 0; k < depth; k++) {
		hardconf_input in = HARDCONF_INPUT_INIT;
		hardconf_report *r = NULL;
		hardconf_parents *next = NULL;
		in.path = paths[k];
		in.inherited = above;
		in.flags = HARDCONF_CHAIN_QUIET_PARENTS;
		/* Given, as a walk gives it: not looked for above each file. */
		in.root = root;
		ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
		hardconf_report_free(r);
		ck_assert_int_eq(hardconf_parents_new(&next, test_linter(), above, paths[k], NULL,
						      NULL, 0, NULL),
				 HARDCONF_OK);
		hardconf_parents_free(above);
		above = next;
	}
	*held = heap_in_use() - before;
	hardconf_parents_free(above);
	return seconds_since(&t0);
}

/* A chain four times deeper costs about four times as much, not sixteen:
 * a file linted once cost a copy of every parent above it, and each
 * handle held one (a chain 1,000 deep held 187 MB).  The handles' memory
 * is counted; the time, best of three, has room for the kernel finding
 * each file by a path as long as the chain is deep. */
#define CHAIN_SHORT 100
#define CHAIN_LONG 400
START_TEST(test_chain_cost_is_linear)
{
	char dir[] = "/tmp/hardconf-chain-XXXXXX";
	char **paths;
	double t_short = 1e9, t_long = 1e9, m_short = 0, m_long = 0;
	int home = open(".", O_RDONLY | O_DIRECTORY);

	/* Named from the working directory, as a walk names them: an
	 * absolute path is resolved (realpath()) for its fingerprint, which
	 * costs the kernel as much per file as the path is deep. */
	ck_assert_int_ge(home, 0);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	paths = make_chain(CHAIN_LONG);
	walk_chain(".", paths, CHAIN_SHORT, &m_short); /* warm the page cache */
	for (int round = 0; round < 3; round++) {
		double s = walk_chain(".", paths, CHAIN_SHORT, &m_short);
		double l = walk_chain(".", paths, CHAIN_LONG, &m_long);
		t_short = s < t_short ? s : t_short;
		t_long = l < t_long ? l : t_long;
	}
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("chain: %d deep %.4f s %.0f bytes held, %d deep %.4f s %.0f bytes held "
		       "(%.1fx, %.1fx)\n",
		       CHAIN_SHORT, t_short, m_short, CHAIN_LONG, t_long, m_long, t_long / t_short,
		       m_short > 0 ? m_long / m_short : 0);
	remove_chain(paths, CHAIN_LONG);
	ck_assert_int_eq(fchdir(home), 0);
	close(home);
	rmdir(dir);
	ck_assert_msg(m_short <= 0 || m_long < 6 * m_short,
		      "the handles of a chain %d deep held %.0f bytes, %.1f times one %d deep",
		      CHAIN_LONG, m_long, m_long / m_short, CHAIN_SHORT);
	ck_assert_msg(t_long < 12 * t_short,
		      "a chain %d deep took %.4f s, %.1f times one %d deep (%.4f s)", CHAIN_LONG,
		      t_long, t_long / t_short, CHAIN_SHORT, t_short);
}
END_TEST

/* ---- Locations cost what reaches each file -------------------------------- */

/* A site's web.config with a <location path="dK"> of a few settings for
 * each of its first n folders. */
static void write_located(const char *dir, size_t n)
{
	char top[256];
	FILE *f;
	snprintf(top, sizeof top, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(top, "w"));
	fputs("<configuration>\n", f);
	for (size_t k = 0; k < n; k++) {
		fprintf(f, "  <location path=\"d%zu\" allowOverride=\"false\">\n    <system.web>\n",
			k);
		for (int i = 0; i < 8; i++)
			fprintf(f,
				"      <pages%d validateRequest=\"true\" "
				"enableViewStateMac=\"true\" />\n",
				i);
		fputs("      <trace enabled=\"false\" />\n    </system.web>\n  </location>\n", f);
	}
	fputs("</configuration>\n", f);
	fclose(f);
}

/* n folders below dir, each with a web.config: their paths. */
static char **make_located(const char *dir, size_t n)
{
	char **paths = calloc(n, sizeof *paths);
	ck_assert_ptr_nonnull(paths);
	for (size_t k = 0; k < n; k++) {
		char folder[256];
		snprintf(folder, sizeof folder, "%s/d%zu", dir, k);
		ck_assert_int_eq(mkdir(folder, 0700), 0);
		paths[k] = malloc(strlen(folder) + sizeof "/web.config");
		ck_assert_ptr_nonnull(paths[k]);
		sprintf(paths[k], "%s/web.config", folder);
		write_file(paths[k],
			   "<configuration>\n  <system.web>\n    <trace enabled=\"true\" />\n"
			   "  </system.web>\n</configuration>\n");
	}
	return paths;
}

static void remove_located(const char *dir, char **paths, size_t n)
{
	char top[256];
	for (size_t k = 0; k < n; k++) {
		unlink(paths[k]);
		*strrchr(paths[k], '/') = '\0';
		rmdir(paths[k]);
		free(paths[k]);
	}
	free(paths);
	snprintf(top, sizeof top, "%s/web.config", dir);
	unlink(top);
}

/* Lints the first n folders' files below a site's web.config with a
 * location for each, read once as a walk reads it: this thread's CPU
 * seconds.  Each is told the lock of its own location. */
static double lint_located(const char *dir, char **paths, size_t n)
{
	hardconf_parents *top = NULL;
	char path[256];
	struct timespec t0;
	double took;
	snprintf(path, sizeof path, "%s/web.config", dir);
	write_located(dir, n);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	ck_assert_int_eq(hardconf_parents_new(&top, test_linter(), NULL, path, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	for (size_t k = 0; k < n; k++) {
		hardconf_input in = HARDCONF_INPUT_INIT;
		hardconf_report *r = NULL;
		char line[64];
		in.path = paths[k];
		in.inherited = top;
		in.flags = HARDCONF_CHAIN_QUIET_PARENTS;
		in.root = dir;
		ck_assert_int_eq(hardconf_lint(&r, test_linter(), &in, NULL), HARDCONF_OK);
		ck_assert_uint_eq(hardconf_report_count(r), 2);
		snprintf(line, sizeof line, "web.config line %zu)", 2 + 13 * k);
		ck_assert_ptr_nonnull(strstr(hardconf_report_get(r, 0)->message, line));
		hardconf_report_free(r);
	}
	took = seconds_since(&t0);
	hardconf_parents_free(top);
	return took;
}

/* A site's web.config with a location for each of its folders: each
 * folder's file is linted with the locations that reach it, four times as
 * many folders cost about four times as much, not sixteen.  Each file
 * below made the parent be scanned again whole, every location of it
 * parsed to be left unused (2,000 folders took 2.6 s, 8,000 would take a
 * minute). */
#define LOCATED_FEW 50
#define LOCATED_MANY 200
START_TEST(test_locations_cost_is_linear)
{
	char dir[] = "/tmp/hardconf-located-XXXXXX";
	char **paths;
	double t_few = 1e9, t_many = 1e9;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths = make_located(dir, LOCATED_MANY);
	for (int round = 0; round < 3; round++) {
		double few = lint_located(dir, paths, LOCATED_FEW);
		double many = lint_located(dir, paths, LOCATED_MANY);
		t_few = few < t_few ? few : t_few;
		t_many = many < t_many ? many : t_many;
	}
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("located: %d folders %.4f s, %d folders %.4f s (%.1fx)\n", LOCATED_FEW,
		       t_few, LOCATED_MANY, t_many, t_many / t_few);
	remove_located(dir, paths, LOCATED_MANY);
	rmdir(dir);
	ck_assert_msg(t_many < 8 * t_few, "%d folders took %.4f s, %.1f times %d folders (%.4f s)",
		      LOCATED_MANY, t_many, t_many / t_few, LOCATED_FEW, t_few);
}
END_TEST

/* The report of the file at path below the handle top (the project's
 * root dir), linted by linter as a walk lints it (with the workspace ws,
 * or none), or NULL when the call failed. */
static hardconf_report *lint_under(const hardconf_linter *linter, const hardconf_parents *top,
				   const char *path, const char *dir, hardconf_workspace *ws)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_report *r = NULL;
	in.path = path;
	in.inherited = top;
	in.flags = HARDCONF_CHAIN_QUIET_PARENTS;
	in.root = dir;
	in.workspace = ws;
	return hardconf_lint(&r, linter, &in, NULL) == HARDCONF_OK ? r : NULL;
}

/* Lints the n files at paths below the handle top (the project's root
 * dir), as a walk does: each has its own one finding. */
static void lint_each_below(const hardconf_parents *top, char **paths, size_t n, const char *dir,
			    hardconf_workspace *ws)
{
	for (size_t k = 0; k < n; k++) {
		hardconf_report *r = lint_under(test_linter(), top, paths[k], dir, ws);
		ck_assert_ptr_nonnull(r);
		ck_assert_uint_eq(hardconf_report_count(r), 1);
		hardconf_report_free(r);
	}
}

/* The files below a parent whose locations come after a large base: each
 * file's variant picks up at the first location (scan/resume.c) instead of
 * parsing the base again.  20 folders below a parent of 50,000 settings
 * cost the parent's scan about 21 times before. */
#define RESUMED_FOLDERS 20
START_TEST(test_variants_resume_after_the_base)
{
	char dir[] = "/tmp/hardconf-resumed-XXXXXX", path[256];
	char **paths;
	double t_parent = 1e9, t_all = 1e9;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths = make_located(dir, RESUMED_FOLDERS);
	snprintf(path, sizeof path, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("<configuration>\n  <appSettings>\n", f);
	for (int k = 0; k < 50000; k++)
		fprintf(f, "    <add key=\"setting%d\" value=\"value %d\" />\n", k, k);
	fputs("  </appSettings>\n", f);
	for (int k = 0; k < RESUMED_FOLDERS; k++)
		fprintf(f,
			"  <location path=\"d%d\"><system.web><compilation debug=\"false\"/>"
			"</system.web></location>\n",
			k);
	fputs("</configuration>\n", f);
	fclose(f);
	for (int round = 0; round < 3; round++) {
		hardconf_parents *top = NULL;
		struct timespec t0;
		double parent, all;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		ck_assert_int_eq(
			hardconf_parents_new(&top, test_linter(), NULL, path, NULL, NULL, 0, NULL),
			HARDCONF_OK);
		parent = seconds_since(&t0);
		lint_each_below(top, paths, RESUMED_FOLDERS, dir, NULL);
		all = seconds_since(&t0);
		hardconf_parents_free(top);
		t_parent = parent < t_parent ? parent : t_parent;
		t_all = all < t_all ? all : t_all;
	}
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("resumed: the parent %.4f s, with %d folders below it %.4f s (%.1fx)\n",
		       t_parent, RESUMED_FOLDERS, t_all, t_all / t_parent);
	remove_located(dir, paths, RESUMED_FOLDERS);
	rmdir(dir);
	ck_assert_msg(t_all < 4 * t_parent,
		      "%d folders below the parent took %.4f s, %.1f times its own scan (%.4f s)",
		      RESUMED_FOLDERS, t_all, t_all / t_parent, t_parent);
}
END_TEST

/* A site's web.config with a location for each of its N folders, each
 * setting <trace> (line k + 2), locked or not: where locked, the trace of
 * the file make_located() put in folder k is reported citing that line. */
static void write_located_parent(const char *path, int n, int locked)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<configuration>\n", f);
	for (int k = 0; k < n; k++)
		fprintf(f,
			"  <location path=\"d%d\"%s><system.web>"
			"<trace enabled=\"false\"/></system.web></location>\n",
			k, locked ? " allowOverride=\"false\"" : "");
	fputs("</configuration>\n", f);
	fclose(f);
}

/* The parser contexts libxml2 made (the test runner is linked with
 * --wrap=xmlNewParserCtxt). */
static atomic_size_t contexts_made;
xmlParserCtxtPtr __real_xmlNewParserCtxt(void);
xmlParserCtxtPtr __wrap_xmlNewParserCtxt(void);
xmlParserCtxtPtr __wrap_xmlNewParserCtxt(void)
{
	atomic_fetch_add(&contexts_made, 1);
	return __real_xmlNewParserCtxt();
}

/* A file's variant of a parent is scanned with the parser its thread's
 * workspace keeps, as the file itself is: what a variant parses (its
 * locations, not the ones it leaves out) is what counts against the kept
 * parser's size limit.  Each of 20 files below a 100 KB parent with a
 * location for each made a parser of its own before. */
START_TEST(test_variants_take_the_kept_parser)
{
	char dir[] = "/tmp/hardconf-kept-XXXXXX", path[256];
	char **paths;
	hardconf_parents *top = NULL;
	hardconf_workspace *ws = hardconf_workspace_new();
	size_t before, made;
	struct stat st;

	ck_assert_ptr_nonnull(ws);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths = make_located(dir, 20);
	snprintf(path, sizeof path, "%s/web.config", dir);
	write_located_parent(path, 1000, 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_gt(st.st_size, 64 << 10);
	ck_assert_int_eq(hardconf_parents_new(&top, test_linter(), NULL, path, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	before = atomic_load(&contexts_made);
	lint_each_below(top, paths, 20, dir, ws);
	made = atomic_load(&contexts_made) - before;
	ck_assert_msg(made <= 1, "20 files below the parent made %zu parsers", made);
	hardconf_parents_free(top);
	hardconf_workspace_free(ws);
	remove_located(dir, paths, 20);
	rmdir(dir);
}
END_TEST

/* A file's variant of a parent keeps what its own answers need: a parent
 * with 100,000 locations that reach no file and one for each of 100
 * folders holds a variant per folder, each the size of its state, not of
 * the parent's locations (each kept a byte per location: 10 MB here). */
START_TEST(test_variants_memory_is_per_file)
{
	char dir[] = "/tmp/hardconf-variants-XXXXXX", path[256];
	char **paths;
	hardconf_parents *top = NULL;
	double before, held, parent;
	FILE *f;

	if (heap_in_use() == 0)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths = make_located(dir, 100);
	snprintf(path, sizeof path, "%s/web.config", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("<configuration>\n", f);
	for (int k = 0; k < 100; k++)
		fprintf(f,
			"<location path=\"d%d\"><system.web><trace enabled=\"false\"/>"
			"</system.web></location>\n",
			k);
	for (int k = 0; k < 100000; k++)
		fprintf(f, "<location path=\"x%d\"><system.web/></location>\n", k);
	fputs("</configuration>\n", f);
	fclose(f);
	parent = heap_in_use();
	ck_assert_int_eq(hardconf_parents_new(&top, test_linter(), NULL, path, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	before = heap_in_use();
	parent = before - parent;
	lint_each_below(top, paths, 100, dir, NULL);
	held = heap_in_use() - before;
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("located: a parent of 100,100 locations holds %.0f bytes, 100 variants of "
		       "it %.0f\n",
		       parent, held);
	hardconf_parents_free(top);
	remove_located(dir, paths, 100);
	rmdir(dir);
	ck_assert_msg(held < 4e6, "100 variants held %.0f bytes", held);
	/* Its text (5 MB), and its locations, about 70 bytes each (100 with
	 * a copy of each path of its own). */
	ck_assert_msg(parent < 5.5e6 + 100100 * 72.0, "the parent held %.0f bytes", parent);
}
END_TEST

/* In dir (a mkdtemp() template), n folders below a site whose web.config
 * locks each folder's trace, read by linter into *top: the files' paths. */
static char **located_site(char *dir, size_t n, const hardconf_linter *linter,
			   hardconf_parents **top)
{
	char path[256], **paths;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	paths = make_located(dir, n);
	snprintf(path, sizeof path, "%s/web.config", dir);
	write_located_parent(path, (int)n, 1);
	ck_assert_int_eq(hardconf_parents_new(top, linter, NULL, path, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	return paths;
}

/* The report of the file at path below top, linted by linter, with each
 * finding's message (a lock's names the parent's line). */
static char *render_below(const hardconf_linter *linter, const hardconf_parents *top,
			  const char *path, const char *dir)
{
	hardconf_report *r = lint_under(linter, top, path, dir, NULL);
	char *s, *with;
	size_t len, cap;
	if (!r)
		return NULL;
	s = render_report(r);
	len = strlen(s);
	cap = len + 1;
	for (size_t i = 0; i < hardconf_report_count(r); i++)
		cap += strlen(hardconf_report_get(r, i)->message) + 1;
	ck_assert_ptr_nonnull(with = realloc(s, cap));
	for (size_t i = 0; i < hardconf_report_count(r); i++)
		len += (size_t)snprintf(with + len, cap - len, "%s\n",
					hardconf_report_get(r, i)->message);
	hardconf_report_free(r);
	return with;
}

/* A handle keeps at most VARIANTS_KEPT variants: the files below a site
 * with a location for each of 1,000 folders held one each (10 MB). */
START_TEST(test_variants_kept_are_bounded)
{
	char dir[] = "/tmp/hardconf-bounded-XXXXXX";
	char **paths;
	hardconf_parents *top = NULL;
	hardconf_linter *linter = NULL;
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	double before, held;

	if (heap_in_use() == 0)
		return;
	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	paths = located_site(dir, 1000, linter, &top);
	before = heap_in_use();
	for (size_t k = 0; k < 1000; k++) {
		char *s = render_below(linter, top, paths[k], dir), line[32];
		ck_assert_ptr_nonnull(s);
		snprintf(line, sizeof line, "web.config line %zu)", k + 2);
		ck_assert_msg(strstr(s, line) != NULL, "folder %zu: %s", k, s);
		free(s);
	}
	held = heap_in_use() - before;
	hardconf_parents_free(top);
	hardconf_linter_free(linter);
	remove_located(dir, paths, 1000);
	rmdir(dir);
	ck_assert_msg(held < 5e6, "1,000 folders' variants held %.0f bytes", held);
}
END_TEST

/* Threads linting the files below one handle share its variants while it
 * drops them (a handle keeping two at most): each file's report is the
 * same as alone, and nothing is freed while a thread still reads it. */
struct below {
	const hardconf_linter *linter;
	const hardconf_parents *top;
	char **paths;
	char **expected;
	size_t n, first, bad;
	const char *dir;
};

static void *lint_all_below(void *arg)
{
	struct below *b = arg;
	for (size_t round = 0; round < 3; round++)
		for (size_t k = 0; k < b->n; k++) {
			size_t i = (b->first + k) % b->n;
			char *s = render_below(b->linter, b->top, b->paths[i], b->dir);
			b->bad += !s || strcmp(s, b->expected[i]) != 0;
			free(s);
		}
	return NULL;
}

START_TEST(test_threads_share_dropped_variants)
{
	char dir[] = "/tmp/hardconf-dropped-XXXXXX";
	char **paths, *expected[40];
	hardconf_parents *top = NULL;
	hardconf_linter *linter = NULL;
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	struct below b[4];
	pthread_t t[4];

	ck_assert_int_eq(hardconf_linter_new(&linter, &opts, NULL), HARDCONF_OK);
	linter->variants_kept = 2;
	paths = located_site(dir, 40, linter, &top);
	for (size_t k = 0; k < 40; k++)
		ck_assert_ptr_nonnull(expected[k] = render_below(linter, top, paths[k], dir));
	for (size_t i = 0; i < 4; i++) {
		b[i] = (struct below){linter, top, paths, expected, 40, 10 * i, 0, dir};
		ck_assert_int_eq(pthread_create(&t[i], NULL, lint_all_below, &b[i]), 0);
	}
	for (size_t i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_uint_eq(b[i].bad, 0);
	}
	for (size_t k = 0; k < 40; k++)
		free(expected[k]);
	hardconf_parents_free(top);
	hardconf_linter_free(linter);
	remove_located(dir, paths, 40);
	rmdir(dir);
}
END_TEST

/* A parent read once with a suppression that stays open (hardconf-disable):
 * the files below it are linted as through parents[], and the handle's
 * directives are freed once (a call freed the handle's open-disable index
 * too, and a walk of such a folder crashed). */
START_TEST(test_parent_with_open_disable)
{
	char dir[] = "/tmp/hardconf-disable-XXXXXX", parent[128], sub[128], child[160];
	const char *parents[1];
	hardconf_parents *p = NULL;
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	hardconf_report *r = NULL;
	char *by_array, *by_handle;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(parent, sizeof parent, "%s/web.config", dir);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(child, sizeof child, "%s/web.config", sub);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	f = fopen(parent, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<configuration>\n  <!-- hardconf-disable HC1001 - a test -->\n"
	      "  <system.web>\n    <compilation debug=\"true\" />\n  </system.web>\n"
	      "</configuration>\n",
	      f);
	fclose(f);
	f = fopen(child, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<configuration>\n  <system.web>\n    <customErrors mode=\"Off\" />\n"
	      "  </system.web>\n</configuration>\n",
	      f);
	fclose(f);

	parents[0] = parent;
	chain.parents = parents;
	chain.n_parents = 1;
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), child, HARDCONF_KIND_UNKNOWN, &chain, NULL),
		HARDCONF_OK);
	by_array = render_report(r);
	hardconf_report_free(r);

	ck_assert_int_eq(hardconf_parents_new(&p, test_linter(), NULL, parent, NULL, NULL, 0, NULL),
			 HARDCONF_OK);
	chain = (hardconf_chain)HARDCONF_CHAIN_INIT;
	chain.inherited = p;
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(hardconf_lint_chain(&r, test_linter(), child,
						     HARDCONF_KIND_UNKNOWN, &chain, NULL),
				 HARDCONF_OK);
		by_handle = render_report(r);
		hardconf_report_free(r);
		ck_assert_str_eq(by_handle, by_array);
		free(by_handle);
	}
	hardconf_parents_free(p);
	free(by_array);
	unlink(child);
	unlink(parent);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

/* A web.config is a folder's parent of the files in its folder and below,
 * however either path is written; any other file is a server file. */
START_TEST(test_parent_is_folder)
{
	char real[PATH_MAX], dir[1024], parent[1100], dotted[PATH_MAX + 16], below[1100],
		beside[1100];
	snprintf(dir, sizeof dir, "%s/HC0010/fires-lock-elements", testdata_dir());
	ck_assert_ptr_nonnull(realpath(dir, real));
	snprintf(parent, sizeof parent, "%s/web.config", dir);
	snprintf(dotted, sizeof dotted, "%s/sub/../web.config", dir);
	snprintf(below, sizeof below, "%s/sub/web.config", dir);
	snprintf(beside, sizeof beside, "%s/../web.config", dir);
	ck_assert_int_eq(hardconf_parent_is_folder(parent, below), 1);
	ck_assert_int_eq(hardconf_parent_is_folder(parent, parent), 1); /* its own folder */
	ck_assert_int_eq(hardconf_parent_is_folder(dotted, below), 1);
	ck_assert_int_eq(hardconf_parent_is_folder(below, parent), 0); /* above it */
	ck_assert_int_eq(hardconf_parent_is_folder(beside, below), 1);
	snprintf(dotted, sizeof dotted, "%s/web.config", real); /* absolute, target relative */
	ck_assert_int_eq(hardconf_parent_is_folder(dotted, below), 1);
	ck_assert_int_eq(hardconf_parent_is_folder("site/Web.CONFIG", "site/a/app.config"), 1);
	ck_assert_int_eq(hardconf_parent_is_folder("site/web.config", "sites/a/web.config"), 0);
	ck_assert_int_eq(hardconf_parent_is_folder("site/machine.config", "site/web.config"), 0);
	ck_assert_int_eq(hardconf_parent_is_folder(NULL, "web.config"), HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_parent_is_folder("web.config", NULL), HARDCONF_EINVAL);
}
END_TEST

START_TEST(test_parents_bad_arguments)
{
	hardconf_parents *p = (hardconf_parents *)1;
	hardconf_error err = {0};
	char path[1024];
	snprintf(path, sizeof path, "%s/HC1001/fires-debug-true.config", testdata_dir());
	ck_assert_int_eq(hardconf_parents_new(&p, NULL, NULL, path, NULL, NULL, 0, &err),
			 HARDCONF_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(hardconf_parents_new(&p, test_linter(), NULL, NULL, NULL, NULL, 0, &err),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_parents_new(NULL, test_linter(), NULL, path, NULL, NULL, 0, &err),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_parents_new(&p, test_linter(), NULL, path, NULL, NULL, 64, &err),
			 HARDCONF_EINVAL);
	ck_assert_int_eq(hardconf_parents_new(&p, test_linter(), NULL, "no/such/web.config", NULL,
					      NULL, 0, &err),
			 HARDCONF_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "no/such/web.config"));
	hardconf_parents_free(NULL);
}
END_TEST

START_TEST(test_threads_share_a_linter)
{
	struct worker w[4];
	hardconf_workspace *ws[2];
	size_t chains = 0, rule_chains = 0;
	/* 4 threads x 5 rounds of every fixture: under 0.5 s here, 2 s under
	 * ThreadSanitizer, 9 s under valgrind.  Should that grow, fewer rounds
	 * when test_time_scale() > 1, never fewer fixtures. */
	size_t rounds = 5;
	struct timespec t0;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	collect();
	/* All of them: testdata/chains, and chain directories among a rule's
	 * fixtures, too. */
	for (size_t i = 0; i < n_files; i++) {
		if (strstr(files[i], "/chains/"))
			chains++;
		else if (is_directory(files[i]))
			rule_chains++;
	}
	ck_assert_uint_gt(n_files, 300);
	ck_assert_uint_gt(chains, 0);
	ck_assert_uint_gt(rule_chains, 0);
	sequential = calloc(n_files, sizeof *sequential);
	ck_assert_ptr_nonnull(sequential);
	/* A fixture that does not lint is a failure here, not an answer. */
	for (size_t i = 0; i < n_files; i++) {
		hardconf_error err = {0};
		sequential[i] = lint_to_text(files[i], NULL, &err);
		ck_assert_msg(sequential[i] != NULL, "%s: %s", files[i], err.message);
	}
	/* Thread 0 lints without a workspace, thread 1 with its own (a parser
	 * kept from fixture to fixture), threads 2 and 3 with one they share
	 * (used by one call at a time, the other's calls going without). */
	ws[0] = hardconf_workspace_new();
	ws[1] = hardconf_workspace_new();
	ck_assert(ws[0] && ws[1]);
	for (size_t i = 0; i < 4; i++) {
		w[i] = (struct worker){
			.start = i * 7, .rounds = rounds, .ws = i == 0 ? NULL : ws[i > 1]};
		ck_assert_int_eq(pthread_create(&w[i].thread, NULL, worker, &w[i]), 0);
	}
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_join(w[i].thread, NULL), 0);
	hardconf_workspace_free(ws[0]);
	hardconf_workspace_free(ws[1]);
	if (getenv("HARDCONF_TEST_TIMES"))
		printf("threads: %zu fixtures, 4 threads x %zu rounds, %9.4f s of the main "
		       "thread\n",
		       n_files, rounds, seconds_since(&t0));
	for (size_t i = 0; i < 4; i++)
		ck_assert_msg(w[i].differ == 0 && w[i].failed == 0,
			      "thread %zu: %zu lints differ from one thread's, %zu failed; "
			      "first %s %s",
			      i, w[i].differ, w[i].failed, w[i].first_wrong, w[i].err.message);
	for (size_t i = 0; i < n_files; i++) {
		free(files[i]);
		free(sequential[i]);
	}
	free(files);
	free(sequential);
	files = sequential = NULL;
	n_files = cap_files = 0;
}
END_TEST

/* ---- Chains --------------------------------------------------------------- */

static hardconf_report *lint_chain(const char *target, const char *const *parents, size_t n,
				   const char *site)
{
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	hardconf_report *r = NULL;
	hardconf_error err = {0};
	char path[1024], parent_paths[4][1024];
	const char *ptrs[4];
	for (size_t i = 0; i < n; i++) {
		snprintf(parent_paths[i], sizeof parent_paths[i], "%s/%s", testdata_dir(),
			 parents[i]);
		ptrs[i] = parent_paths[i];
	}
	chain.parents = ptrs;
	chain.n_parents = n;
	chain.site_path = site;
	snprintf(path, sizeof path, "%s/%s", testdata_dir(), target);
	ck_assert_msg(hardconf_lint_chain(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, &chain,
					  &err) == HARDCONF_OK,
		      "%s", err.message);
	return r;
}

/* The note names the machine.config line that overrides the setting. */
START_TEST(test_retail_note_names_machine_config)
{
	const char *parents[] = {"chains/retail-notes/machine.config"};
	hardconf_report *r = lint_chain("chains/retail-notes/web.config", parents, 1, NULL);
	const hardconf_finding *f = hardconf_report_get(r, 0);
	ck_assert_finding(r, 0, "HC1001", 3, 18);
	ck_assert_int_eq(f->severity, HARDCONF_SEVERITY_NOTE);
	ck_assert_msg(strstr(f->message, "retail-notes/machine.config line 5") != NULL, "%s",
		      f->message);
	ck_assert_msg(strstr(f->message, "request timeouts stay disabled") != NULL, "%s",
		      f->message);
	hardconf_report_free(r);
}
END_TEST

/* A lock names where the parent set it; the parent's own findings stay out. */
START_TEST(test_lock_names_the_parent)
{
	const char *parents[] = {"HC0010/fires-allow-override/web.config"};
	hardconf_report *r =
		lint_chain("HC0010/fires-allow-override/admin/web.config", parents, 1, NULL);
	ck_assert_uint_eq(hardconf_report_count(r), 2);
	ck_assert_finding(r, 0, "HC0010", 4, 5);
	ck_assert_msg(strstr(hardconf_report_get(r, 0)->message, "allowOverride=\"false\" (") !=
				      NULL &&
			      strstr(hardconf_report_get(r, 0)->message,
				     "HC0010/fires-allow-override/web.config line 3)") != NULL,
		      "%s", hardconf_report_get(r, 0)->message);
	hardconf_report_free(r);
}
END_TEST

/* A broken parent is reported in its own file; the file linted still is. */
START_TEST(test_broken_parent_is_reported_in_it)
{
	const char *parents[] = {"HC0001/fires-unclosed.config"};
	hardconf_report *r = lint_chain("HC1001/fires-debug-true.config", parents, 1, NULL);
	size_t n = hardconf_report_count(r);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(hardconf_report_get(r, 0)->rule_id, "HC1001");
	ck_assert_str_eq(hardconf_report_get(r, 1)->rule_id, "HC0001");
	ck_assert_msg(strstr(hardconf_report_get(r, 1)->file, "HC0001/fires-unclosed.config"), "%s",
		      hardconf_report_get(r, 1)->file);
	ck_assert_str_eq(hardconf_report_file(r), hardconf_report_get(r, 0)->file);
	hardconf_report_free(r);
}
END_TEST

START_TEST(test_chain_arguments)
{
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	const char *missing[] = {"no/such/machine.config"};
	hardconf_report *r = (hardconf_report *)&chain;
	hardconf_error err = {0};
	char path[1024];
	snprintf(path, sizeof path, "%s/HC1001/fires-debug-true.config", testdata_dir());

	chain.version = 99;
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, &chain, &err),
		HARDCONF_EINVAL);
	ck_assert_ptr_null(r);
	chain.version = HARDCONF_CHAIN_VERSION;
	chain.n_parents = 1;
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, &chain, &err),
		HARDCONF_EINVAL);
	chain.parents = missing;
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, &chain, &err),
		HARDCONF_EIO);
	ck_assert_msg(strstr(err.message, "no/such/machine.config") != NULL, "%s", err.message);
	ck_assert_ptr_null(r);
	/* No chain is a plain lint. */
	ck_assert_int_eq(
		hardconf_lint_chain(&r, test_linter(), path, HARDCONF_KIND_UNKNOWN, NULL, &err),
		HARDCONF_OK);
	ck_assert_finding(r, 0, "HC1001", 4, 18);
	hardconf_report_free(r);
}
END_TEST

/* Two names that meet in the child cache's first slot both stay in it:
 * a direct-mapped cache lost them to each other at every element. */
START_TEST(test_child_cache_keeps_names_that_meet)
{
	static const char names[4096];
	struct child_cache c = {0};
	struct child_entry empty[CHILD_CACHE_MIN] = {{0}};
	const struct child_cache probe = {empty, CHILD_CACHE_MIN, 0, 1};
	const char *a = names, *b = NULL;
	const uint64_t parent = 42;
	struct child_entry *e;

	for (size_t i = 1; i < sizeof names && !b; i++)
		if (child_cache_slot(&probe, parent, names + i) ==
		    child_cache_slot(&probe, parent, a))
			b = names + i;
	ck_assert_ptr_nonnull(b);
	child_cache_new_parse(&c);
	ck_assert_ptr_null(child_cache_find(&c, parent, a));
	ck_assert_ptr_nonnull(e = child_cache_add(&c, parent, a));
	e->hash = 1;
	ck_assert_ptr_nonnull(e = child_cache_add(&c, parent, b));
	e->hash = 2;
	for (int round = 0; round < 3; round++) {
		ck_assert_ptr_nonnull(child_cache_find(&c, parent, a));
		ck_assert_uint_eq(child_cache_find(&c, parent, a)->hash, 1);
		ck_assert_uint_eq(child_cache_find(&c, parent, b)->hash, 2);
	}
	/* Another parent is another key. */
	ck_assert_ptr_null(child_cache_find(&c, parent + 1, a));
	child_cache_free(&c);
}
END_TEST

/* The cache grows as it fills, keeping what it holds, up to its most
 * entries, where it starts again empty; a new parse finds nothing. */
START_TEST(test_child_cache_grows_to_a_bound)
{
	static const char names[CHILD_CACHE_MAX];
	struct child_cache c = {0};
	struct child_entry *e;

	child_cache_new_parse(&c);
	for (size_t i = 0; i < CHILD_CACHE_MAX / 2; i++) {
		ck_assert_ptr_nonnull(e = child_cache_add(&c, 7, names + i));
		e->hash = i + 1;
	}
	ck_assert_uint_eq(c.n, CHILD_CACHE_MAX);
	for (size_t i = 0; i < CHILD_CACHE_MAX / 2; i++)
		ck_assert_uint_eq(child_cache_find(&c, 7, names + i)->hash, i + 1);
	/* One more than half the most: emptied, not grown. */
	ck_assert_ptr_nonnull(child_cache_add(&c, 7, names + CHILD_CACHE_MAX / 2));
	ck_assert_uint_eq(c.n, CHILD_CACHE_MAX);
	ck_assert_uint_eq(c.used, 1);
	ck_assert_ptr_null(child_cache_find(&c, 7, names));
	ck_assert_ptr_nonnull(child_cache_find(&c, 7, names + CHILD_CACHE_MAX / 2));
	child_cache_new_parse(&c);
	ck_assert_ptr_null(child_cache_find(&c, 7, names + CHILD_CACHE_MAX / 2));
	child_cache_free(&c);
}
END_TEST

Suite *lint_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("scan");
	tcase_add_test(tc, test_position_and_end);
	tcase_add_test(tc, test_attribute_on_a_later_line_of_the_tag);
	tcase_add_test(tc, test_location_named_in_message);
	tcase_add_test(tc, test_values_are_shown_safely);
	tcase_add_test(tc, test_ampersands_are_decoded);
	tcase_add_test(tc, test_url_passwords_never_reach_messages);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_kinds_by_signature);
	tcase_add_test(tc, test_rules_follow_kinds);
	tcase_add_test(tc, test_broken_file_keeps_explicit_findings_only);
	tcase_add_test(tc, test_entity_bomb_is_fast);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_fingerprints_name_structure);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_attribute_flood_is_refused_fast);
	suite_add_tcase(s, tc);
	tc = tcase_create("chains");
	tcase_add_test(tc, test_retail_note_names_machine_config);
	tcase_add_test(tc, test_lock_names_the_parent);
	tcase_add_test(tc, test_broken_parent_is_reported_in_it);
	tcase_add_test(tc, test_chain_arguments);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_threads_share_a_linter);
	tcase_add_test(tc, test_threads_share_parents);
	tcase_add_test(tc, test_own_handle_is_not_read_again);
	tcase_add_test(tc, test_parent_is_folder);
	tcase_add_test(tc, test_parents_bad_arguments);
	tcase_add_test(tc, test_chain_cost_is_linear);
	tcase_add_test(tc, test_locations_cost_is_linear);
	tcase_add_test(tc, test_variants_resume_after_the_base);
	tcase_add_test(tc, test_variants_take_the_kept_parser);
	tcase_add_test(tc, test_variants_memory_is_per_file);
	tcase_add_test(tc, test_variants_kept_are_bounded);
	tcase_add_test(tc, test_threads_share_dropped_variants);
	tcase_add_test(tc, test_parent_with_open_disable);
	tcase_add_test(tc, test_child_cache_keeps_names_that_meet);
	tcase_add_test(tc, test_child_cache_grows_to_a_bound);
	suite_add_tcase(s, tc);
	return s;
}
