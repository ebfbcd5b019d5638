/* help.c - what the CLI says about itself: its usage and the rule catalogue
 * (--list-rules, --explain). */
#include "help.h"

#include <stdio.h>
#include <string.h>

void usage(FILE *out)
{
	fputs("usage: hardconf [options] PATH...\n"
	      "Lint .NET, IIS and Dynamics 365 configuration files for insecure settings.\n"
	      "Directories are walked for *.config and *.xml files of a known kind; '-' reads\n"
	      "standard input.  A web.config named or piped is linted with the web.config\n"
	      "files of the folders above it up to the project root and its transform, as\n"
	      "a walk lints it.\n\n"
	      "  -f, --fail-on LEVEL      exit 1 on findings at or above LEVEL: note, warning\n"
	      "                           (default), error, or never\n"
	      "  -k, --kind KIND          lint every file as KIND: machine, root-web, web,\n"
	      "                           apphost, crmsetup, ssrs, bcserver, iisexpress,\n"
	      "                           bcsetup (default: detect)\n"
	      "      --stdin-filename NAME  standard input's name in findings, for detection, and\n"
	      "                           where it lies (its parents, transform, .hardconf)\n"
	      "      --parent FILE        lint with what FILE passes down (machine.config, root\n"
	      "                           web.config, applicationHost.config, a web.config\n"
	      "                           above); repeatable, outermost first\n"
	      "      --site-path PATH     the files' IIS path (\"Default Web Site/app\"), for the\n"
	      "                           parents' <location path>\n"
	      "      --transform FILE     apply this Web.Release.config to the one file named\n"
	      "      --configuration NAME apply Web.NAME.config to Web.config (default\n"
	      "                           Release; none: lint both on their own)\n"
	      "      --root DIR           the project root: parents are looked for up to it\n"
	      "                           (default: a .hardconf that says root, or the top\n"
	      "                           of the git work tree)\n"
	      "      --alone              lint files named or piped without their parents or\n"
	      "                           transform\n"
	      "  -e, --enable ID,...      turn rules on (repeatable)\n"
	      "  -d, --disable ID,...     turn rules off (repeatable)\n"
	      "      --severity ID=LEVEL,...  grade rules note, warning or error (repeatable)\n"
	      "      --max-file-size N    skip files larger than N bytes with HC0003\n"
	      "                           (default 268435456)\n"
	      "      --max-depth N        end a file nested deeper than N elements (default 256)\n"
	      "      --max-attributes N   ... with more than N attributes on one element (1024)\n"
	      "      --max-value-length N ... with an attribute value over N bytes (1048576)\n"
	      "      --max-findings N     stop reporting a file after N findings (10000)\n"
	      "      --format FORMAT      gcc (default), json, sarif (2.1.0), github (Actions\n"
	      "                           annotations), diff (the fixes, for git apply or\n"
	      "                           patch -p1) or html (a self-contained report)\n"
	      "      --color WHEN         auto (default), always, never; NO_COLOR is honoured\n"
	      "  -j, --jobs N             lint N files at once (default: the number of CPUs;\n"
	      "                           1 for fewer than 32 files named, under 1 MiB)\n"
	      "  -L, --follow-symlinks    walk into symbolic links to directories (loops are\n"
	      "                           detected and skipped)\n"
	      "      --show-suppressed    also print findings silenced by inline suppressions\n"
	      "      --fix                write the findings' fixes into the files (atomically;\n"
	      "                           review first with --format diff)\n"
	      "      --statistics         print a table of findings per rule on stderr\n"
	      "      --config FILE        use this project file instead of the nearest .hardconf\n"
	      "      --no-config          use no project file\n"
	      "      --baseline FILE      report only findings not in FILE, an earlier run's\n"
	      "                           --format json or sarif output, or --write-baseline\n"
	      "      --write-baseline FILE  write every finding to FILE as a baseline (JSON);\n"
	      "                           findings then do not make the exit status 1\n"
	      "  -q, --quiet              no summary or progress on standard error\n"
	      "      --list-rules         list the rules and exit\n"
	      "      --explain ID         explain a rule and exit\n"
	      "  -V, --version            print the version and exit\n"
	      "  -h, --help               print this help and exit\n\n"
	      "Exit status: 0 no finding at or above the fail level, 1 findings, 2 usage or I/O "
	      "error.\n",
	      out);
}

int list_rules(void)
{
	for (size_t i = 0; i < hardconf_rule_count(); i++) {
		const hardconf_rule *rule = hardconf_rule_at(i);
		printf("%s  %-7s  %s%s\n", rule->id, hardconf_severity_name(rule->severity),
		       rule->title, rule->opt_in ? " (opt-in)" : "");
	}
	return 0;
}

int explain(const char *id)
{
	const hardconf_rule *rule = hardconf_rule_find(id);
	const char *sep = "";
	if (!rule) {
		fprintf(stderr, "hardconf: unknown rule '%s' (see --list-rules)\n", id);
		return 2;
	}
	printf("%s: %s\nName: %s\nSeverity: %s%s\nFamily: %s; category: %s (precision %s)\n"
	       "Applies to:",
	       rule->id, rule->title, rule->name, hardconf_severity_name(rule->severity),
	       rule->opt_in ? " (opt-in)" : "", rule->family, rule->category, rule->precision);
	for (int k = HARDCONF_KIND_MACHINE; k <= HARDCONF_KIND_LAST; k++) {
		if (rule->kinds & HARDCONF_KIND_BIT(k)) {
			printf("%s %s", sep, hardconf_kind_name((hardconf_kind)k));
			sep = ",";
		}
	}
	printf("\n\n%s\n\nReference: %s\n", rule->help, rule->reference);
	if (rule->cis)
		printf("CIS Microsoft IIS 10 Benchmark: item %s\n", rule->cis);
	return 0;
}
