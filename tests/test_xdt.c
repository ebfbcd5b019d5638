/* test_xdt.c - web.config transforms: every transform and locator, the
 * problems the engine reports, the written result and its map back. */
#include "resolve/xdt.h"
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS "xmlns:xdt=\"http://schemas.microsoft.com/XML-Document-Transform\""

/* What one apply gave: its status, result and problems, one per line as
 * "FILE:OFFSET MESSAGE". */
struct run {
	int rc;
	struct xdt_result r;
	char problems[4096];
	size_t used;
	unsigned n_problems;
	const char *base, *tr;
};

static void collect(void *user, unsigned file, size_t offset, const char *message)
{
	struct run *run = user;
	int n = snprintf(run->problems + run->used, sizeof run->problems - run->used, "%u:%zu %s\n",
			 file, offset, message);
	ck_assert_msg(n > 0 && (size_t)n < sizeof run->problems - run->used, "problems overflow");
	ck_assert_msg(strchr(message, '\n') == NULL, "a message of more than one line");
	run->used += (size_t)n;
	run->n_problems++;
}

static struct run apply_limit(const char *base, const char *tr, size_t max_nodes)
{
	struct run run;
	memset(&run, 0, sizeof run);
	run.base = base;
	run.tr = tr;
	run.rc = xdt_apply(base, strlen(base), tr, strlen(tr), max_nodes, collect, &run, &run.r);
	return run;
}

static struct run apply(const char *base, const char *tr)
{
	return apply_limit(base, tr, 100000);
}

/* The result text, asserting success. */
static const char *result(struct run *run)
{
	ck_assert_msg(run->rc == 0, "xdt_apply returned %d", run->rc);
	ck_assert_ptr_nonnull(run->r.text);
	ck_assert_uint_eq(strlen(run->r.text), run->r.len);
	return run->r.text;
}

static void done(struct run *run)
{
	xdt_result_free(&run->r);
}

/* The offset of the first occurrence of needle in text. */
static size_t offset_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	ck_assert_msg(p != NULL, "\"%s\" not found", needle);
	return (size_t)(p - text);
}

/* Asserts the result and that nothing was reported. */
static void check_clean(const char *base, const char *tr, const char *expected)
{
	struct run run = apply(base, tr);
	ck_assert_str_eq(result(&run), expected);
	ck_assert_msg(run.n_problems == 0, "unexpected problems: %s", run.problems);
	done(&run);
}

/* Asserts the one problem: at the first occurrence of `at` in the
 * transform, with a message containing `words`. */
static void check_problem(const struct run *run, const char *at, const char *words)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "1:%zu ", offset_of(run->tr, at));
	ck_assert_msg(run->n_problems == 1, "%u problems: %s", run->n_problems, run->problems);
	ck_assert_msg(strncmp(run->problems, prefix, strlen(prefix)) == 0, "problem at %s, want %s",
		      run->problems, prefix);
	ck_assert_msg(strstr(run->problems, words) != NULL, "\"%s\" not in %s", words,
		      run->problems);
}

static const char stock_base[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				 "<configuration>\n"
				 "  <system.web>\n"
				 "    <compilation debug=\"true\" targetFramework=\"4.5\" />\n"
				 "    <httpRuntime targetFramework=\"4.5\" />\n"
				 "  </system.web>\n"
				 "</configuration>\n";

START_TEST(test_stock_release)
{
	/* Visual Studio's Web.Release.config, as generated. */
	check_clean(stock_base,
		    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<configuration xmlns:xdt=\"http://schemas.microsoft.com/XML-Document-"
		    "Transform\">\n"
		    "  <system.web>\n"
		    "    <compilation xdt:Transform=\"RemoveAttributes(debug)\" />\n"
		    "  </system.web>\n"
		    "</configuration>\n",
		    "<configuration>\n"
		    "  <system.web>\n"
		    "    <compilation targetFramework=\"4.5\"/>\n"
		    "    <httpRuntime targetFramework=\"4.5\"/>\n"
		    "  </system.web>\n"
		    "</configuration>");
}
END_TEST

START_TEST(test_set_attributes)
{
	const char *base = "<configuration><system.web><customErrors mode=\"Off\" a=\"1\"/>"
			   "<customErrors mode=\"Off\"/></system.web></configuration>";
	check_clean(base,
		    "<configuration " NS "><system.web>"
		    "<customErrors mode=\"On\" b=\"2\" xdt:Transform=\"SetAttributes(mode)\"/>"
		    "</system.web></configuration>",
		    "<configuration><system.web><customErrors mode=\"On\" a=\"1\"/>"
		    "<customErrors mode=\"On\"/></system.web></configuration>");
	/* No arguments: every attribute but xdt:'s, added where missing. */
	check_clean(base,
		    "<configuration " NS "><system.web>"
		    "<customErrors mode=\"On\" b=\"2\" xdt:Transform=\"SetAttributes\"/>"
		    "</system.web></configuration>",
		    "<configuration><system.web><customErrors mode=\"On\" a=\"1\" b=\"2\"/>"
		    "<customErrors mode=\"On\" b=\"2\"/></system.web></configuration>");
}
END_TEST

START_TEST(test_set_attributes_missing_argument)
{
	struct run run = apply("<configuration><a x=\"1\"/></configuration>",
			       "<configuration " NS "><a y=\"2\" "
			       "xdt:Transform=\"SetAttributes(y,z)\"/></configuration>");
	ck_assert_str_eq(result(&run), "<configuration><a x=\"1\" y=\"2\"/></configuration>");
	check_problem(&run, "xdt:Transform", "xdt:Transform=\"SetAttributes(y,z)\" names z");
	done(&run);
}
END_TEST

START_TEST(test_remove_attributes)
{
	const char *base = "<configuration><c debug=\"true\" batch=\"false\" t=\"4\"/>"
			   "<c debug=\"1\"/></configuration>";
	check_clean(base,
		    "<configuration " NS "><c xdt:Transform=\"RemoveAttributes(debug, batch)\"/>"
		    "</configuration>",
		    "<configuration><c t=\"4\"/><c/></configuration>");
	check_clean(base,
		    "<configuration " NS "><c xdt:Transform=\"RemoveAttributes\"/></configuration>",
		    "<configuration><c/><c/></configuration>");
}
END_TEST

START_TEST(test_remove_attributes_finds_none)
{
	const char *tr = "<configuration " NS "><c xdt:Transform=\"RemoveAttributes(debug)\"/>"
			 "</configuration>";
	struct run run = apply("<configuration><c t=\"4\"/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><c t=\"4\"/></configuration>");
	check_problem(&run, "xdt:Transform",
		      "xdt:Transform=\"RemoveAttributes(debug)\" finds no such attribute at "
		      "/configuration/c; it changes nothing");
	done(&run);
}
END_TEST

START_TEST(test_replace)
{
	check_clean(
		"<configuration><system.web><customErrors mode=\"Off\"><error a=\"1\"/>"
		"</customErrors><x/></system.web></configuration>",
		"<configuration " NS "><system.web>"
		"<customErrors mode=\"On\" defaultRedirect=\"e.htm\" xdt:Transform=\"Replace\">"
		"<error statusCode=\"500\" xdt:Locator=\"Match(statusCode)\"/></customErrors>"
		"</system.web></configuration>",
		"<configuration><system.web><customErrors mode=\"On\" defaultRedirect=\"e.htm\">"
		"<error statusCode=\"500\"/></customErrors><x/></system.web></configuration>");
}
END_TEST

START_TEST(test_replace_several)
{
	const char *tr = "<configuration " NS "><a n=\"new\" xdt:Transform=\"Replace\"/>"
			 "</configuration>";
	struct run run = apply("<configuration><a n=\"1\"/><a n=\"2\"/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><a n=\"new\"/><a n=\"2\"/></configuration>");
	check_problem(&run, "xdt:Transform",
		      "xdt:Transform=\"Replace\" matches 2 elements at /configuration/a; only the "
		      "first is replaced");
	done(&run);
}
END_TEST

START_TEST(test_insert)
{
	check_clean(
		"<configuration><appSettings><add key=\"a\" value=\"1\"/></appSettings>"
		"</configuration>",
		"<configuration " NS "><appSettings>"
		"<add key=\"b\" value=\"2\" xdt:Transform=\"Insert\"/>"
		"<add key=\"c\" value=\"3\" xdt:Transform=\"Insert\"><x xdt:Locator=\"Match(k)\" "
		"k=\"1\"/></add>"
		"</appSettings></configuration>",
		"<configuration><appSettings><add key=\"a\" value=\"1\"/><add key=\"b\" "
		"value=\"2\"/><add key=\"c\" value=\"3\"><x k=\"1\"/></add></appSettings>"
		"</configuration>");
}
END_TEST

START_TEST(test_insert_no_parent)
{
	const char *tr = "<configuration " NS "><system.web><httpCookies requireSSL=\"true\" "
			 "xdt:Transform=\"Insert\"/></system.web></configuration>";
	struct run run = apply("<configuration><appSettings/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><appSettings/></configuration>");
	check_problem(&run, "xdt:Transform",
		      "xdt:Transform=\"Insert\" has nowhere to insert: nothing is at "
		      "/configuration/system.web");
	done(&run);
}
END_TEST

START_TEST(test_insert_if_missing)
{
	const char *tr = "<configuration " NS "><appSettings xdt:Transform=\"InsertIfMissing\">"
			 "<add key=\"k\" value=\"v\" xdt:Transform=\"InsertIfMissing\" "
			 "xdt:Locator=\"Match(key)\"/></appSettings></configuration>";
	/* Missing: inserted with its children; the child then finds itself. */
	check_clean("<configuration/>", tr,
		    "<configuration><appSettings><add key=\"k\" value=\"v\"/></appSettings>"
		    "</configuration>");
	/* Present: left alone, but its children are still walked, as .NET does. */
	check_clean("<configuration><appSettings><add key=\"o\"/></appSettings></configuration>",
		    tr,
		    "<configuration><appSettings><add key=\"o\"/><add key=\"k\" value=\"v\"/>"
		    "</appSettings></configuration>");
	check_clean("<configuration><appSettings><add key=\"k\" value=\"x\"/></appSettings>"
		    "</configuration>",
		    tr,
		    "<configuration><appSettings><add key=\"k\" value=\"x\"/></appSettings>"
		    "</configuration>");
}
END_TEST

START_TEST(test_insert_before_after)
{
	check_clean(
		"<configuration><system.web><compilation/></system.web><system.webServer>"
		"<httpProtocol><customHeaders><clear/><add name=\"X\"/></customHeaders>"
		"</httpProtocol></system.webServer></configuration>",
		"<configuration " NS "><system.web><httpCookies requireSSL=\"true\" "
		"xdt:Transform=\"InsertBefore(/configuration/system.web/compilation)\"/>"
		"</system.web><system.webServer><httpProtocol><customHeaders>"
		"<add name=\"HSTS\" xdt:Transform=\"InsertAfter(/configuration/"
		"system.webServer/httpProtocol/customHeaders/clear)\"/>"
		"<add name=\"First\" xdt:Transform=\"InsertBefore(*[1])\"/>"
		"</customHeaders></httpProtocol></system.webServer></configuration>",
		"<configuration><system.web><httpCookies requireSSL=\"true\"/><compilation/>"
		"</system.web><system.webServer><httpProtocol><customHeaders><add name=\"First\"/>"
		"<clear/><add name=\"HSTS\"/><add name=\"X\"/></customHeaders></httpProtocol>"
		"</system.webServer></configuration>");
}
END_TEST

START_TEST(test_insert_before_problems)
{
	const char *base = "<configuration><system.web><compilation/></system.web></configuration>";
	struct run run = apply(base, "<configuration " NS "><system.web><a "
				     "xdt:Transform=\"InsertBefore(/configuration/x)\"/>"
				     "</system.web></configuration>");
	ck_assert_str_eq(result(&run), base);
	check_problem(&run, "xdt:Transform",
		      "finds nothing at /configuration/x; nothing is inserted");
	done(&run);
	run = apply(base,
		    "<configuration " NS "><system.web><a "
		    "xdt:Transform=\"InsertAfter(compilation, x)\"/></system.web></configuration>");
	check_problem(&run, "xdt:Transform", "needs exactly one XPath argument, not 2");
	done(&run);
	run = apply(base, "<configuration " NS "><system.web><a "
			  "xdt:Transform=\"InsertAfter(compilation/@a | /configuration/@b)\"/>"
			  "</system.web></configuration>");
	check_problem(&run, "xdt:Transform", "finds nothing at");
	done(&run);
}
END_TEST

START_TEST(test_remove)
{
	const char *base = "<configuration><system.web><trace enabled=\"true\"/><trace/>"
			   "</system.web></configuration>";
	const char *tr = "<configuration " NS "><system.web><trace xdt:Transform=\"Remove\"/>"
			 "</system.web></configuration>";
	struct run run = apply(base, tr);
	ck_assert_str_eq(result(&run), "<configuration><system.web><trace/></system.web>"
				       "</configuration>");
	check_problem(&run, "xdt:Transform", "only the first is removed");
	done(&run);
	check_clean(base,
		    "<configuration " NS "><system.web><trace xdt:Transform=\"RemoveAll\"/>"
		    "</system.web></configuration>",
		    "<configuration><system.web/></configuration>");
}
END_TEST

START_TEST(test_remove_no_match)
{
	const char *tr = "<configuration " NS ">\n  <system.web>\n"
			 "    <trace xdt:Transform=\"Remove\"/>\n  </system.web>\n"
			 "</configuration>";
	struct run run = apply("<configuration><system.web/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><system.web/></configuration>");
	check_problem(&run, "xdt:Transform=\"Remove\"",
		      "xdt:Transform=\"Remove\" matches nothing at "
		      "/configuration/system.web/trace; it changes nothing");
	done(&run);
	/* The highest ancestor that already matched nothing is named too. */
	run = apply("<configuration/>", tr);
	check_problem(&run, "xdt:Transform=\"Remove\"",
		      "matches nothing at /configuration/system.web/trace (nothing is at "
		      "/configuration/system.web)");
	done(&run);
}
END_TEST

START_TEST(test_remove_root_refused)
{
	struct run run =
		apply("<configuration/>", "<configuration " NS " xdt:Transform=\"Remove\"/>");
	ck_assert_str_eq(result(&run), "<configuration/>");
	check_problem(&run, "xdt:Transform", "would remove the root element");
	done(&run);
}
END_TEST

START_TEST(test_match)
{
	const char *base = "<configuration><connectionStrings>"
			   "<add name=\"A\" providerName=\"p\" connectionString=\"a\"/>"
			   "<add name=\"MyDB\" providerName=\"q\" connectionString=\"dev\"/>"
			   "<add name=\"MyDB\" providerName=\"p\" connectionString=\"dev2\"/>"
			   "</connectionStrings></configuration>";
	check_clean(
		base,
		"<configuration " NS "><connectionStrings><add name=\"MyDB\" providerName=\"p\" "
		"connectionString=\"prod\" xdt:Transform=\"SetAttributes(connectionString)\" "
		"xdt:Locator=\"Match(name,providerName)\"/></connectionStrings></configuration>",
		"<configuration><connectionStrings>"
		"<add name=\"A\" providerName=\"p\" connectionString=\"a\"/>"
		"<add name=\"MyDB\" providerName=\"q\" connectionString=\"dev\"/>"
		"<add name=\"MyDB\" providerName=\"p\" connectionString=\"prod\"/>"
		"</connectionStrings></configuration>");
}
END_TEST

START_TEST(test_match_missing_attribute)
{
	const char *tr = "<configuration " NS "><appSettings><add value=\"1\" "
			 "xdt:Transform=\"Remove\" xdt:Locator=\"Match(key)\"/></appSettings>"
			 "</configuration>";
	struct run run = apply("<configuration><appSettings><add key=\"a\"/></appSettings>"
			       "</configuration>",
			       tr);
	ck_assert_str_eq(result(&run), "<configuration><appSettings><add key=\"a\"/>"
				       "</appSettings></configuration>");
	check_problem(&run, "xdt:Locator",
		      "xdt:Locator=\"Match\" names key, which this element does not have");
	done(&run);
}
END_TEST

START_TEST(test_match_quote)
{
	/* The engine pastes values between quotes: an apostrophe breaks it. */
	const char *tr = "<configuration " NS "><a k=\"it's\" xdt:Transform=\"Remove\" "
			 "xdt:Locator=\"Match(k)\"/></configuration>";
	struct run run = apply("<configuration><a k=\"it's\"/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><a k=\"it's\"/></configuration>");
	check_problem(&run, "xdt:Locator",
		      "the XPath /configuration/a[@k='it's'] is not valid: unexpected \"s\" at "
		      "offset 24 (Match quotes values with ' and does not escape them)");
	done(&run);
}
END_TEST

START_TEST(test_condition)
{
	const char *base =
		"<configuration><connectionStrings>"
		"<add name=\"MyDB\" providerName=\"a\"/><add name=\"B\" providerName=\"x\"/>"
		"<add name=\"C\" providerName=\"y\"/></connectionStrings><configSections/>"
		"<configSections><section/></configSections></configuration>";
	check_clean(base,
		    "<configuration " NS "><connectionStrings><add xdt:Transform=\"RemoveAll\" "
		    "xdt:Locator=\"Condition(@name='MyDB' or @providerName='x')\"/>"
		    "</connectionStrings><configSections xdt:Transform=\"RemoveAll\" "
		    "xdt:Locator=\"Condition(count(*)=0)\"/></configuration>",
		    "<configuration><connectionStrings><add name=\"C\" providerName=\"y\"/>"
		    "</connectionStrings><configSections><section/></configSections>"
		    "</configuration>");
	/* A bracketed predicate stays as it is written. */
	check_clean(base,
		    "<configuration " NS "><connectionStrings><add xdt:Transform=\"Remove\" "
		    "xdt:Locator=\"Condition([2])\"/></connectionStrings></configuration>",
		    "<configuration><connectionStrings><add name=\"MyDB\" providerName=\"a\"/>"
		    "<add name=\"C\" providerName=\"y\"/></connectionStrings><configSections/>"
		    "<configSections><section/></configSections></configuration>");
}
END_TEST

START_TEST(test_condition_comma_splits)
{
	/* The engine splits arguments at commas outside parentheses. */
	const char *tr = "<configuration " NS "><a xdt:Transform=\"Remove\" "
			 "xdt:Locator=\"Condition(@v='1,2')\"/></configuration>";
	struct run run = apply("<configuration><a v=\"1,2\"/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><a v=\"1,2\"/></configuration>");
	check_problem(&run, "xdt:Locator", "needs exactly one argument, not 2");
	done(&run);
	check_clean("<configuration><a v=\"1,2\"/></configuration>",
		    "<configuration " NS "><a xdt:Transform=\"Remove\" "
		    "xdt:Locator=\"Condition(contains(@v,','))\"/></configuration>",
		    "<configuration/>");
}
END_TEST

static const char binding_base[] =
	"<configuration><runtime><assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\">"
	"<dependentAssembly><assemblyIdentity name=\"System.Web.Mvc\"/>"
	"<bindingRedirect newVersion=\"5\"/></dependentAssembly>"
	"<dependentAssembly><assemblyIdentity name=\"System.Web.Http\"/></dependentAssembly>"
	"</assemblyBinding></runtime></configuration>";

START_TEST(test_default_namespace)
{
	check_clean(binding_base,
		    "<configuration " NS "><runtime>"
		    "<assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\">"
		    "<dependentAssembly xdt:Transform=\"Remove\" xdt:Locator=\"Condition(./"
		    "_defaultNamespace:assemblyIdentity/@name='System.Web.Mvc')\"/>"
		    "</assemblyBinding></runtime></configuration>",
		    "<configuration><runtime><assemblyBinding><dependentAssembly>"
		    "<assemblyIdentity name=\"System.Web.Http\"/></dependentAssembly>"
		    "</assemblyBinding></runtime></configuration>");
}
END_TEST

START_TEST(test_prefixed_namespace)
{
	check_clean(binding_base,
		    "<configuration " NS "><runtime>"
		    "<assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\" "
		    "xmlns:asmv1=\"urn:schemas-microsoft-com:asm.v1\">"
		    "<dependentAssembly xdt:Locator=\"Condition(asmv1:assemblyIdentity/"
		    "@name='System.Web.Http')\" xdt:Transform=\"Replace\"><assemblyIdentity "
		    "name=\"System.Web.Http\"/><bindingRedirect newVersion=\"6\"/>"
		    "</dependentAssembly></assemblyBinding></runtime></configuration>",
		    "<configuration><runtime><assemblyBinding><dependentAssembly>"
		    "<assemblyIdentity name=\"System.Web.Mvc\"/><bindingRedirect newVersion=\"5\"/>"
		    "</dependentAssembly><dependentAssembly><assemblyIdentity "
		    "name=\"System.Web.Http\"/><bindingRedirect newVersion=\"6\"/>"
		    "</dependentAssembly></assemblyBinding></runtime></configuration>");
}
END_TEST

START_TEST(test_namespace_must_agree)
{
	/* Without the namespace, .NET's XPath finds nothing: neither do we. */
	const char *tr =
		"<configuration " NS "><runtime><assemblyBinding><dependentAssembly "
		"xdt:Transform=\"RemoveAll\"/></assemblyBinding></runtime></configuration>";
	struct run run = apply(binding_base, tr);
	check_problem(&run, "xdt:Transform",
		      "matches nothing at /configuration/runtime/assemblyBinding/"
		      "dependentAssembly (nothing is at /configuration/runtime/assemblyBinding)");
	done(&run);
}
END_TEST

START_TEST(test_xpath_locator)
{
	const char *base = "<configuration><configSections><a/></configSections>"
			   "<configSections><b/></configSections><appSettings><add k=\"1\"/>"
			   "</appSettings><appSettings/></configuration>";
	check_clean(base,
		    "<configuration " NS "><configSections xdt:Transform=\"Remove\" "
		    "xdt:Locator=\"XPath(/configuration/configSections[last()])\"/>"
		    "<appSettings xdt:Transform=\"Remove\" "
		    "xdt:Locator=\"XPath(/configuration/appSettings[2])\"/></configuration>",
		    "<configuration><configSections><a/></configSections><appSettings>"
		    "<add k=\"1\"/></appSettings></configuration>");
	/* Relative: parent path, own name, the expression ("/./" dropped).
	 * Insert puts the element into what XPath() selects. */
	check_clean(base,
		    "<configuration " NS "><appSettings xdt:Locator=\"XPath(./add[@k='1'])\" "
		    "xdt:Transform=\"SetAttributes\" v=\"x\"/>"
		    "<new xdt:Locator=\"XPath(/configuration/appSettings[2])\" "
		    "xdt:Transform=\"Insert\"/></configuration>",
		    "<configuration><configSections><a/></configSections><configSections><b/>"
		    "</configSections><appSettings><add k=\"1\" v=\"x\"/></appSettings>"
		    "<appSettings><new/></appSettings></configuration>");
}
END_TEST

START_TEST(test_xpath_positions)
{
	check_clean(
		"<configuration><configSections><sectionGroup name=\"Escc.Web\">"
		"<section name=\"X\" n=\"1\"/><section name=\"X\" n=\"2\"/><section name=\"Y\"/>"
		"</sectionGroup></configSections></configuration>",
		"<configuration " NS "><configSections><sectionGroup><section "
		"xdt:Transform=\"Remove\" xdt:Locator=\"XPath(/configuration/configSections/"
		"sectionGroup[@name='Escc.Web']/section[@name='X'][2])\"/></sectionGroup>"
		"</configSections></configuration>",
		"<configuration><configSections><sectionGroup name=\"Escc.Web\">"
		"<section name=\"X\" n=\"1\"/><section name=\"Y\"/></sectionGroup>"
		"</configSections></configuration>");
}
END_TEST

START_TEST(test_xpath_functions)
{
	const char *base = "<configuration><a v=\"System.Web\" w=\" x  y \">t</a>"
			   "<a v=\"Other\" w=\"x y\"/><a v=\"10\"/><a/></configuration>";
	static const struct {
		const char *condition, *left;
	} cases[] = {
		{"starts-with(@v,'System.')", "<a v=\"Other\" w=\"x y\"/><a v=\"10\"/><a/>"},
		{"not(@v)", "<a v=\"System.Web\" w=\" x  y \">t</a><a v=\"Other\" w=\"x y\"/>"
			    "<a v=\"10\"/>"},
		{"string-length(@v)=5 or text()='t'", "<a v=\"10\"/><a/>"},
		{"position()=last() or @v!='Other'", "<a v=\"Other\" w=\"x y\"/>"},
		{"concat(@v,'!')='Other!' or local-name()!='a'",
		 "<a v=\"System.Web\" w=\" x  y \">t</a><a v=\"10\"/><a/>"},
		{"(@v = 'Other' or @v = '10') and not(@w)",
		 "<a v=\"System.Web\" w=\" x  y \">t</a><a v=\"Other\" w=\"x y\"/><a/>"},
		{"count(../a[@v])=3 and string(@v)=''",
		 "<a v=\"System.Web\" w=\" x  y \">t</a><a v=\"Other\" w=\"x y\"/><a v=\"10\"/>"},
		{"contains(., 't') or @v = number('10')", "<a v=\"Other\" w=\"x y\"/><a/>"},
		{"@v &gt; 9 and @v &lt;= 10", "<a v=\"System.Web\" w=\" x  y \">t</a>"
					      "<a v=\"Other\" w=\"x y\"/><a/>"},
		{"normalize-space(@w)='x y' and position()=1", "<a v=\"Other\" w=\"x y\"/>"
							       "<a v=\"10\"/><a/>"},
		{"../a[3]/@v = @v", "<a v=\"System.Web\" w=\" x  y \">t</a><a v=\"Other\" "
				    "w=\"x y\"/><a/>"},
		{"(following-sibling::a[1][not(@v)] | self::*[@v='Other'])",
		 "<a v=\"System.Web\" w=\" x  y \">t</a><a/>"},
		{"//a[@v='Other']/@w = 'x y' and @w", "<a v=\"10\"/><a/>"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[512], want[512];
		struct run run;
		snprintf(tr, sizeof tr,
			 "<configuration " NS "><a xdt:Transform=\"RemoveAll\" "
			 "xdt:Locator=\"Condition(%s)\"/></configuration>",
			 cases[i].condition);
		run = apply(base, tr);
		ck_assert_msg(run.n_problems == 0, "%s: %s", cases[i].condition, run.problems);
		snprintf(want, sizeof want, "<configuration>%s</configuration>", cases[i].left);
		ck_assert_msg(strcmp(result(&run), want) == 0, "%s: %s", cases[i].condition,
			      run.r.text);
		done(&run);
	}
}
END_TEST

/* The string and position functions .NET's XPath has (the old evaluator
 * refused substring() and translate()), in Condition() and XPath(): each
 * selects what XPath 1.0 says. */
START_TEST(test_xpath_string_and_position_functions)
{
	static const char *const adds[] = {
		"<add key=\"Env\" value=\"Development\"/>",
		"<add key=\"Timeout\" value=\"  30  seconds \"/>",
		"<add key=\"Feature.Beta\" value=\"ON\"/>",
		"<add key=\"Feature.Gamma\" value=\"off\"/>",
	};
	static const struct {
		const char *locator;
		unsigned removed; /* bit i: adds[i] */
	} cases[] = {
		{"Condition(substring(@key, 1, 7) = 'Feature')", 0xC},
		{"Condition(substring(@value, 1.5, 2.6) = 'eve')", 0x1}, /* rounded: 2 to 4 */
		{"XPath(/configuration/appSettings/add[substring(@value, 3, 2) = '30'])", 0x2},
		{"Condition(translate(@value, 'ONF', 'onf') = 'on')", 0x4},
		{"XPath(//add[translate(@key, '.', '') = 'FeatureGamma'])", 0x8},
		{"Condition(contains(@value, 'seconds'))", 0x2},
		{"XPath(//add[contains(@key, '.Be')])", 0x4},
		{"Condition(starts-with(@key, 'Feature.'))", 0xC},
		{"XPath(//add[starts-with(@value, 'Dev')])", 0x1},
		{"Condition(string-length(@value) = 3)", 0x8},
		{"XPath(//add[string-length(@key) = 3])", 0x1},
		{"Condition(normalize-space(@value) = '30 seconds')", 0x2},
		{"XPath(//add[normalize-space(@value) = 'ON'])", 0x4},
		{"Condition(count(preceding-sibling::add) = 1)", 0x2},
		{"XPath(/configuration/appSettings[count(add) = 4]/add[1])", 0x1},
		{"Condition(position() = 3)", 0x4},
		{"XPath(/configuration/appSettings/add[position() > 3])", 0x8},
		{"Condition(position() = last())", 0x8},
		{"XPath(/configuration/appSettings/add[last() - 1])", 0x4},
	};
	char base[512] = "<configuration><appSettings>";
	for (size_t i = 0; i < 4; i++)
		strcat(base, adds[i]);
	strcat(base, "</appSettings></configuration>");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[512], want[512] = "<configuration><appSettings>";
		struct run run;
		snprintf(tr, sizeof tr,
			 "<configuration " NS "><appSettings><add xdt:Transform=\"RemoveAll\" "
			 "xdt:Locator=\"%s\"/></appSettings></configuration>",
			 cases[i].locator);
		for (size_t k = 0; k < 4; k++)
			if (!(cases[i].removed & (1u << k)))
				strcat(want, adds[k]);
		strcat(want, "</appSettings></configuration>");
		run = apply(base, tr);
		ck_assert_msg(run.n_problems == 0, "%s: %s", cases[i].locator, run.problems);
		ck_assert_msg(strcmp(result(&run), want) == 0, "%s: %s", cases[i].locator,
			      run.r.text);
		done(&run);
	}
}
END_TEST

/* Arithmetic and the axes the old evaluator refused. */
START_TEST(test_xpath_arithmetic_and_axes)
{
	static const struct {
		const char *locator, *left;
	} cases[] = {
		{"Condition(@n * 2 - 1 = 5 or @n mod 4 = 0 or -@n = -1)", "<a n=\"2\"/>"},
		{"Condition(@n div 2 = 1 and floor(1.5) + ceiling(0.2) + round(2.5) = 5)",
		 "<a n=\"1\"/><a n=\"3\"/><a n=\"4\"/>"},
		{"XPath(/configuration/a[1]/following::a[@n = 3])",
		 "<a n=\"1\"/><a n=\"2\"/><a n=\"4\"/>"},
		{"XPath(//a[@n = 4]/preceding::a[1])", "<a n=\"1\"/><a n=\"2\"/><a n=\"4\"/>"},
		{"Condition(sum(../a/@n) = 10 and number(@n) = 4 and boolean(@n))",
		 "<a n=\"1\"/><a n=\"2\"/><a n=\"3\"/>"},
		{"Condition(substring-before(concat(@n, ':x'), ':') = '1' or "
		 "substring-after('a:2', ':') = string(@n))",
		 "<a n=\"3\"/><a n=\"4\"/>"},
		{"Condition(name() = local-name() and namespace-uri() = '' and not(lang('en')) and "
		 "count(ancestor-or-self::*) = 2 and @n &gt; 3)",
		 "<a n=\"1\"/><a n=\"2\"/><a n=\"3\"/>"},
	};
	const char *base = "<configuration><a n=\"1\"/><a n=\"2\"/><a n=\"3\"/><a n=\"4\"/>"
			   "</configuration>";
	/* name() is the prefixed name, local-name() the name without. */
	check_clean("<configuration xmlns:p=\"urn:p\"><p:a p:x=\"1\"/><a x=\"1\"/></configuration>",
		    "<configuration " NS " xmlns:q=\"urn:p\"><q:a xdt:Transform=\"RemoveAll\" "
		    "xdt:Locator=\"Condition(name() = 'p:a' and name(@*) = 'p:x' and "
		    "local-name(@*) = 'x' and namespace-uri() = 'urn:p')\"/></configuration>",
		    "<configuration><a x=\"1\"/></configuration>");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[512], want[512];
		struct run run;
		snprintf(tr, sizeof tr,
			 "<configuration " NS "><a xdt:Transform=\"RemoveAll\" "
			 "xdt:Locator=\"%s\"/></configuration>",
			 cases[i].locator);
		snprintf(want, sizeof want, "<configuration>%s</configuration>", cases[i].left);
		run = apply(base, tr);
		ck_assert_msg(run.n_problems == 0, "%s: %s", cases[i].locator, run.problems);
		ck_assert_msg(strcmp(result(&run), want) == 0, "%s: %s", cases[i].locator,
			      run.r.text);
		done(&run);
	}
}
END_TEST

/* What .NET refuses to evaluate is refused, once, at the locator. */
START_TEST(test_xpath_refused)
{
	static const struct {
		const char *locator, *words;
	} cases[] = {
		{"Condition($v)", "uses variables"},
		{"Condition(a[1])", "(a Condition that ends with ] is not closed by the engine)"},
		{"Condition(ends-with(@v,'x'))", "is not valid: ends-with() is not an XPath 1.0 "
						 "function"},
		{"Condition(p:f(@v))", "is not valid: p:f() is not an XPath 1.0 function"},
		{"Condition(contains(@v))", "is not valid: contains() takes 2 arguments, not 1"},
		{"Condition(concat(@v))", "is not valid: concat() takes at least 2 arguments"},
		{"Condition(@v=)", "is not valid: unexpected \"]\" at offset 20"},
		{"Condition(@v='x)", "is not valid: a string literal is not closed"},
		{"Condition(@v=1e5)", "is not valid: unexpected \"e5\" at offset 21"},
		{"XPath(///configuration/a)", "is not valid: unexpected \"/\" at offset 2"},
		{"XPath(/configuration/a))", "is not valid: unexpected \")\" at offset 16"},
		{"Condition(q:a)", "the prefix q is not declared"},
		{"XPath(/configuration/a = 1)", "the expression does not select nodes"},
		{"XPath(/configuration/a or /b)", "the expression does not select nodes"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[512];
		struct run run;
		snprintf(tr, sizeof tr,
			 "<configuration " NS "><a xdt:Transform=\"Remove\" "
			 "xdt:Locator=\"%s\"><b xdt:Transform=\"Remove\"/></a></configuration>",
			 cases[i].locator);
		run = apply("<configuration><a v=\"x\"><b/></a></configuration>", tr);
		/* Nothing applied; one problem, at the locator, not one per child. */
		ck_assert_str_eq(result(&run),
				 "<configuration><a v=\"x\"><b/></a></configuration>");
		check_problem(&run, "xdt:Locator", cases[i].words);
		done(&run);
	}
}
END_TEST

START_TEST(test_xpath_nesting_bounded)
{
	char tr[4096] = "<configuration " NS "><a xdt:Transform=\"Remove\" "
			"xdt:Locator=\"Condition(";
	struct run run;
	for (int i = 0; i < 200; i++)
		strcat(tr, "(");
	strcat(tr, "1");
	for (int i = 0; i < 200; i++)
		strcat(tr, ")");
	strcat(tr, ")\"/></configuration>");
	run = apply("<configuration><a/></configuration>", tr);
	check_problem(&run, "xdt:Locator", "uses nesting deeper than 32 levels");
	done(&run);
}
END_TEST

START_TEST(test_unsupported_transforms)
{
	static const struct {
		const char *transform, *words;
	} cases[] = {
		{"XSLT(t.xsl)", "xdt:Transform=\"XSLT(t.xsl)\" is not applied: hardconf does not "
				"evaluate XSLT"},
		{"SetTokenizedAttributes(a)", "does not evaluate SetTokenizedAttributes"},
		{"replace", "replace is not a built-in transform"},
		{"Replace(", "is not Name or Name(arguments)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[512];
		struct run run;
		snprintf(tr, sizeof tr,
			 "<configuration " NS
			 "><a xdt:Transform=\"%s\"><b xdt:Transform=\"Remove\"/>"
			 "</a></configuration>",
			 cases[i].transform);
		run = apply("<configuration><a><b/></a></configuration>", tr);
		ck_assert_str_eq(result(&run), "<configuration><a><b/></a></configuration>");
		check_problem(&run, "xdt:Transform", cases[i].words);
		done(&run);
	}
}
END_TEST

START_TEST(test_unknown_locator_and_attribute)
{
	struct run run = apply("<configuration><a/></configuration>",
			       "<configuration " NS "><a xdt:Transform=\"Remove\" "
			       "xdt:Locator=\"Mine(x)\"/></configuration>");
	ck_assert_str_eq(result(&run), "<configuration><a/></configuration>");
	check_problem(&run, "xdt:Locator", "xdt:Locator=\"Mine\" is not a locator hardconf knows");
	done(&run);
	/* A typo: the engine ignores it silently, so the transform never ran. */
	run = apply("<configuration><a/></configuration>",
		    "<configuration " NS "><a xdt:Transfrom=\"Remove\"/></configuration>");
	ck_assert_str_eq(result(&run), "<configuration><a/></configuration>");
	check_problem(&run, "xdt:Transfrom", "xdt:Transfrom is not an XDT attribute");
	done(&run);
}
END_TEST

START_TEST(test_import)
{
	const char *tr = "<configuration " NS ">\n  <xdt:Import assembly=\"My.dll\" "
			 "namespace=\"My\"/>\n  <a xdt:Transform=\"Remove\"/>\n</configuration>";
	struct run run = apply("<configuration><a/><b/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><b/></configuration>");
	check_problem(&run, "<xdt:Import", "<xdt:Import> loads custom transforms");
	done(&run);
}
END_TEST

START_TEST(test_any_prefix)
{
	check_clean(
		stock_base,
		"<configuration xmlns:t=\"http://schemas.microsoft.com/XML-Document-Transform\">"
		"<system.web><compilation t:Transform=\"RemoveAttributes(debug)\"/>"
		"</system.web></configuration>",
		"<configuration>\n"
		"  <system.web>\n"
		"    <compilation targetFramework=\"4.5\"/>\n"
		"    <httpRuntime targetFramework=\"4.5\"/>\n"
		"  </system.web>\n"
		"</configuration>");
}
END_TEST

START_TEST(test_document_order)
{
	/* Later transforms see what earlier ones did. */
	check_clean("<configuration><appSettings/></configuration>",
		    "<configuration " NS "><appSettings><add key=\"a\" xdt:Transform=\"Insert\"/>"
		    "<add key=\"a\" v=\"1\" xdt:Transform=\"SetAttributes(v)\" "
		    "xdt:Locator=\"Match(key)\"/><add key=\"b\" "
		    "xdt:Transform=\"InsertBefore(add[@key='a'])\"/></appSettings></configuration>",
		    "<configuration><appSettings><add key=\"b\"/><add key=\"a\" v=\"1\"/>"
		    "</appSettings></configuration>");
}
END_TEST

START_TEST(test_root_mismatch)
{
	const char *tr = "<Configuration " NS "><a xdt:Transform=\"Remove\"/></Configuration>";
	struct run run = apply("<configuration><a/></configuration>", tr);
	ck_assert_str_eq(result(&run), "<configuration><a/></configuration>");
	check_problem(&run, "<Configuration",
		      "the transform's root <Configuration> does not match the base's root "
		      "<configuration>; nothing is applied");
	done(&run);
	/* VS 2005 put its web.config in a namespace: plain XPath misses it. */
	run = apply("<configuration xmlns=\"http://schemas.microsoft.com/.NetConfiguration/v2.0\">"
		    "<a/></configuration>",
		    "<configuration " NS "><a xdt:Transform=\"Remove\"/></configuration>");
	check_problem(&run, "<configuration",
		      "does not match the base's root <configuration> (their namespaces differ)");
	done(&run);
}
END_TEST

START_TEST(test_escapes_round_trip)
{
	check_clean("<configuration><a v=\"&amp;&lt;&gt;&quot;'&#9;&#10;&#13;&#38;#38; x\" "
		    "w='\"'>t &amp; &lt; &gt; &#13;<![CDATA[<&]]></a></configuration>",
		    "<configuration " NS "><b xdt:Transform=\"Insert\" v=\"&amp;&#10;\"/>"
		    "</configuration>",
		    "<configuration><a v=\"&amp;&lt;>&quot;'&#9;&#10;&#13;&amp;#38; x\" "
		    "w=\"&quot;\">t &amp; &lt; &gt; &#13;&lt;&amp;</a><b v=\"&amp;&#10;\"/>"
		    "</configuration>");
}
END_TEST

START_TEST(test_output_shape)
{
	/* No declaration or DOCTYPE; local names; only un-prefixed attributes;
	 * comments and text kept. */
	check_clean("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration>\n<!-- c1 -->\n"
		    "<configuration xmlns:p=\"urn:p\" p:x=\"1\" y=\"2\">\n"
		    "  <!-- c2 --><p:a p:b=\"1\" c=\"2\">text</p:a>\n</configuration>\n<!-- c3 -->",
		    "<configuration " NS "/>",
		    "<!-- c1 -->\n<configuration y=\"2\">\n  <!-- c2 --><a c=\"2\">text</a>\n"
		    "</configuration>\n<!-- c3 -->");
}
END_TEST

START_TEST(test_comments_travel)
{
	const char *tr =
		"<configuration " NS ">\n  <appSettings>\n"
		"    <!-- not this one -->\n    <add key=\"x\" xdt:Transform=\"Remove\"/>\n"
		"    <!-- hardconf-disable-next-line HC1002 - reason -->\n"
		"    <add key=\"debug\" value=\"true\" xdt:Transform=\"Insert\"/>\n"
		"  </appSettings>\n  <system.web>\n    <!-- kept -->\n"
		"    <trace enabled=\"false\" xdt:Transform=\"Replace\"/>\n"
		"  </system.web>\n</configuration>";
	check_clean("<configuration>\n  <appSettings>\n    <add key=\"x\"/>\n  </appSettings>\n"
		    "  <system.web><trace enabled=\"true\"/></system.web>\n</configuration>",
		    tr,
		    "<configuration>\n  <appSettings>\n    \n  <!-- hardconf-disable-next-line "
		    "HC1002 - reason -->\n    <add key=\"debug\" value=\"true\"/></appSettings>\n"
		    "  <system.web><!-- kept -->\n    <trace enabled=\"false\"/></system.web>\n"
		    "</configuration>");
}
END_TEST

START_TEST(test_origins)
{
	const char *base = "<configuration>\n  <system.web>\n"
			   "    <customErrors mode=\"Off\" defaultRedirect=\"e.htm\"/>\n"
			   "  </system.web>\n</configuration>";
	const char *tr = "<configuration " NS ">\n  <system.web>\n"
			 "    <customErrors mode=\"On\" xdt:Transform=\"SetAttributes(mode)\"/>\n"
			 "    <trace enabled=\"false\" xdt:Transform=\"Insert\"/>\n"
			 "  </system.web>\n</configuration>";
	struct run run = apply(base, tr);
	const char *out = result(&run);
	unsigned file;
	size_t offset;

	/* The copied attribute points into the transform, the rest into the base. */
	xdt_origin(&run.r, offset_of(out, "mode="), &file, &offset);
	ck_assert_uint_eq(file, 1);
	ck_assert_uint_eq(offset, offset_of(tr, "mode="));
	xdt_origin(&run.r, offset_of(out, "mode=") + 6, &file, &offset);
	ck_assert_uint_eq(file, 1);
	ck_assert_uint_eq(offset, offset_of(tr, "mode=") + 6);
	xdt_origin(&run.r, offset_of(out, "defaultRedirect"), &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, offset_of(base, "defaultRedirect"));
	xdt_origin(&run.r, offset_of(out, "<customErrors"), &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, offset_of(base, "<customErrors"));
	/* An inserted element and its attributes point into the transform. */
	xdt_origin(&run.r, offset_of(out, "<trace"), &file, &offset);
	ck_assert_uint_eq(file, 1);
	ck_assert_uint_eq(offset, offset_of(tr, "<trace"));
	xdt_origin(&run.r, offset_of(out, "enabled"), &file, &offset);
	ck_assert_uint_eq(file, 1);
	ck_assert_uint_eq(offset, offset_of(tr, "enabled"));
	/* Text keeps its place too. */
	xdt_origin(&run.r, offset_of(out, "\n    <customErrors"), &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, offset_of(base, "\n    <customErrors"));
	ck_assert_uint_eq(run.r.file_len[0], strlen(base));
	ck_assert_uint_eq(run.r.file_len[1], strlen(tr));
	done(&run);
}
END_TEST

START_TEST(test_origin_edges)
{
	struct xdt_segment map[] = {{0, 0, 10}, {5, 1, 100}, {8, 0, 3}};
	struct xdt_result r = {NULL, 20, map, 3, {12, 1000}};
	unsigned file;
	size_t offset;
	xdt_origin(&r, 4, &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, 12); /* 14, clamped to the base's length */
	xdt_origin(&r, 5, &file, &offset);
	ck_assert_uint_eq(file, 1);
	ck_assert_uint_eq(offset, 100);
	xdt_origin(&r, 7, &file, &offset);
	ck_assert_uint_eq(offset, 102);
	xdt_origin(&r, 19, &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, 12);
	r.n_map = 0;
	xdt_origin(&r, 7, &file, &offset);
	ck_assert_uint_eq(file, 0);
	ck_assert_uint_eq(offset, 7);
}
END_TEST

START_TEST(test_not_applied)
{
	struct run run =
		apply("<configuration><a></configuration>",
		      "<configuration " NS "><a xdt:Transform=\"Remove\"/></configuration>");
	ck_assert_int_eq(run.rc, 1);
	ck_assert_ptr_null(run.r.text);
	run = apply("<configuration/>", "<configuration " NS "><a></configuration>");
	ck_assert_int_eq(run.rc, 1);
	run = apply("", "<configuration " NS "/>");
	ck_assert_int_eq(run.rc, 1);
	/* No XDT namespace: the engine applies nothing. */
	run = apply("<configuration><a/></configuration>",
		    "<configuration xmlns:xdt=\"urn:other\"><a xdt:Transform=\"Remove\"/>"
		    "</configuration>");
	ck_assert_int_eq(run.rc, 1);
	ck_assert_uint_eq(run.n_problems, 0);
	/* An undeclared prefix: .NET cannot load the file. */
	run = apply("<configuration><p:a/></configuration>", "<configuration " NS "/>");
	ck_assert_int_eq(run.rc, 1);
}
END_TEST

START_TEST(test_max_nodes)
{
	const char *base = "<configuration><a x=\"1\"/><b/></configuration>";
	const char *tr = "<configuration " NS "><c xdt:Transform=\"Insert\"><d/></c>"
			 "</configuration>";
	struct run run = apply_limit(base, tr, 7);
	ck_assert_int_eq(run.rc, 0);
	done(&run);
	/* The base alone is 5 nodes (document, 3 elements, 1 attribute). */
	run = apply_limit(base, tr, 4);
	ck_assert_int_eq(run.rc, XDT_LIMIT);
	/* The result may not outgrow the limit either. */
	run = apply_limit(base, tr, 6);
	ck_assert_int_eq(run.rc, XDT_LIMIT);
}
END_TEST

static double seconds_since(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

START_TEST(test_hostile_work_bounded)
{
	/* 2000 siblings and predicates that look at all of them for each, three
	 * deep (8e9 steps): the work budget stops it, and says so. */
	size_t n = 2000, len = 0;
	char *base = malloc(n * 8 + 64);
	const char *tr =
		"<configuration " NS "><a xdt:Transform=\"RemoveAll\" "
		"xdt:Locator=\"Condition(count(../a[../a[../a[@x]]])=0)\"/></configuration>";
	struct run run;
	clock_t start = clock();

	ck_assert_ptr_nonnull(base);
	len += (size_t)sprintf(base, "<configuration>");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(base + len, "<a/>");
	strcpy(base + len, "</configuration>");
	run = apply_limit(base, tr, 1000000);
	ck_assert_str_eq(result(&run), base);
	check_problem(&run, "xdt:Locator",
		      "takes too much work to evaluate; it and the rest of the transform are not "
		      "applied");
	ck_assert_msg(seconds_since(start) < 2 * test_time_scale(), "took %.1f s",
		      seconds_since(start));
	done(&run);
	free(base);
}
END_TEST

/* Many cheap-looking transforms over a large base: the work budget is the
 * transform's, not each path's, so the total stays linear in the input. */
START_TEST(test_hostile_work_shared)
{
	size_t n = 5000, m = 2000, bl = 0, tl = 0;
	char *base = malloc(n * 20 + 64), *tr = malloc(m * 96 + 128);
	struct run run;
	clock_t start = clock();

	ck_assert_ptr_nonnull(base);
	ck_assert_ptr_nonnull(tr);
	bl += (size_t)sprintf(base, "<configuration>");
	for (size_t i = 0; i < n; i++)
		bl += (size_t)sprintf(base + bl, "<add k=\"z\" q=\"1\"/>");
	strcpy(base + bl, "</configuration>");
	tl += (size_t)sprintf(tr, "<configuration " NS ">");
	for (size_t i = 0; i < m; i++)
		tl += (size_t)sprintf(tr + tl, "<add q=\"2\" xdt:Locator=\"XPath(//*[@k='z'])\" "
					       "xdt:Transform=\"SetAttributes(q)\"/>");
	strcpy(tr + tl, "</configuration>");
	run = apply_limit(base, tr, 1000000);
	ck_assert_int_eq(run.rc, 0);
	/* Some ran, each over every entry; then the budget ran out, once. */
	ck_assert_uint_eq(run.n_problems, 1);
	ck_assert_ptr_nonnull(strstr(run.problems, "takes too much work to evaluate; it and the "
						   "rest of the transform are not applied"));
	ck_assert_msg(seconds_since(start) < 2 * test_time_scale(), "took %.1f s",
		      seconds_since(start));
	done(&run);
	free(base);
	free(tr);
}
END_TEST

START_TEST(test_large_collections)
{
	/* 1000 entries and 1000 Match transforms (far more than real transforms
	 * hold): linear per transform, and within the transform's work budget. */
	size_t n = 1000, bl = 0, tl = 0;
	char *base = malloc(n * 32 + 64), *tr = malloc(n * 96 + 256);
	struct run run;
	clock_t start = clock();

	ck_assert_ptr_nonnull(base);
	ck_assert_ptr_nonnull(tr);
	bl += (size_t)sprintf(base, "<configuration><appSettings>");
	tl += (size_t)sprintf(tr, "<configuration " NS "><appSettings>");
	for (size_t i = 0; i < n; i++) {
		bl += (size_t)sprintf(base + bl, "<add key=\"k%zu\" value=\"d\"/>", i);
		tl += (size_t)sprintf(
			tr + tl,
			"<add key=\"k%zu\" value=\"p\" xdt:Transform=\"SetAttributes\" "
			"xdt:Locator=\"Match(key)\"/>",
			i);
	}
	strcpy(base + bl, "</appSettings></configuration>");
	strcpy(tr + tl, "</appSettings></configuration>");
	run = apply_limit(base, tr, 1000000);
	ck_assert_int_eq(run.rc, 0);
	ck_assert_uint_eq(run.n_problems, 0);
	ck_assert_ptr_null(strstr(run.r.text, "value=\"d\""));
	ck_assert_msg(seconds_since(start) < 2 * test_time_scale(), "took %.1f s",
		      seconds_since(start));
	done(&run);
	free(base);
	free(tr);
}
END_TEST

START_TEST(test_no_problem_callback)
{
	struct xdt_result r;
	const char *base = "<configuration/>";
	const char *tr = "<configuration " NS "><a xdt:Transform=\"Remove\"/></configuration>";
	ck_assert_int_eq(xdt_apply(base, strlen(base), tr, strlen(tr), 100, NULL, NULL, &r), 0);
	ck_assert_str_eq(r.text, "<configuration/>");
	xdt_result_free(&r);
	xdt_result_free(&r);
}
END_TEST

Suite *xdt_suite(void)
{
	Suite *s = suite_create("xdt");
	TCase *tc = tcase_create("transforms");
	tcase_add_test(tc, test_stock_release);
	tcase_add_test(tc, test_set_attributes);
	tcase_add_test(tc, test_set_attributes_missing_argument);
	tcase_add_test(tc, test_remove_attributes);
	tcase_add_test(tc, test_remove_attributes_finds_none);
	tcase_add_test(tc, test_replace);
	tcase_add_test(tc, test_replace_several);
	tcase_add_test(tc, test_insert);
	tcase_add_test(tc, test_insert_no_parent);
	tcase_add_test(tc, test_insert_if_missing);
	tcase_add_test(tc, test_insert_before_after);
	tcase_add_test(tc, test_insert_before_problems);
	tcase_add_test(tc, test_remove);
	tcase_add_test(tc, test_remove_no_match);
	tcase_add_test(tc, test_remove_root_refused);
	tcase_add_test(tc, test_unsupported_transforms);
	tcase_add_test(tc, test_unknown_locator_and_attribute);
	tcase_add_test(tc, test_import);
	tcase_add_test(tc, test_any_prefix);
	tcase_add_test(tc, test_document_order);
	tcase_add_test(tc, test_root_mismatch);
	tcase_add_test(tc, test_no_problem_callback);
	suite_add_tcase(s, tc);

	tc = tcase_create("locators");
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_match_missing_attribute);
	tcase_add_test(tc, test_match_quote);
	tcase_add_test(tc, test_condition);
	tcase_add_test(tc, test_condition_comma_splits);
	tcase_add_test(tc, test_default_namespace);
	tcase_add_test(tc, test_prefixed_namespace);
	tcase_add_test(tc, test_namespace_must_agree);
	tcase_add_test(tc, test_xpath_locator);
	tcase_add_test(tc, test_xpath_positions);
	tcase_add_test(tc, test_xpath_functions);
	tcase_add_test(tc, test_xpath_string_and_position_functions);
	tcase_add_test(tc, test_xpath_arithmetic_and_axes);
	tcase_add_test(tc, test_xpath_refused);
	tcase_add_test(tc, test_xpath_nesting_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("result");
	tcase_add_test(tc, test_escapes_round_trip);
	tcase_add_test(tc, test_output_shape);
	tcase_add_test(tc, test_comments_travel);
	tcase_add_test(tc, test_origins);
	tcase_add_test(tc, test_origin_edges);
	tcase_add_test(tc, test_not_applied);
	tcase_add_test(tc, test_max_nodes);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_test(tc, test_hostile_work_bounded);
	tcase_add_test(tc, test_hostile_work_shared);
	tcase_add_test(tc, test_large_collections);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
