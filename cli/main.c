/*
 * hardconf - command-line front end of libhardconf.  It parses arguments,
 * walks paths and prints; everything else is the library's.  This file:
 * the options, and the run from them (what is printed: output.c).
 */
#define _GNU_SOURCE /* memmem() */
#include "hardconf.h"

#include "fix.h"
#include "help.h"
#include "output.h"
#include "profile.h"
#include "run.h"
#include "statistics.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Whether the project file of walked target x ignores it.  The walk knows
 * each folder's real path: then no realpath() of each file. */
static int ignored(const struct target *x)
{
	const hardconf_config *c = x->profile->config;
	const char *slash = strrchr(x->path, '/');
	if (x->real_dir)
		return hardconf_config_ignores_in(c, x->real_dir, slash ? slash + 1 : x->path);
	return hardconf_config_ignores(c, x->path);
}

/* Gives every target the profile of its nearest project file, and drops
 * walked files that project file ignores.  Returns -1 if a project file is
 * broken (reported) or memory ran out. */
static int assign_profiles(struct profiles *profiles, struct targets *t)
{
	int rc = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct target *x = &t->items[i];
		hardconf_error err = {0};
		/* Standard input's project file is found from the name it is
		 * given, as the file itself would find it. */
		const char *where = strcmp(x->path, "-") == 0 && !x->walked && t->stdin_name
					    ? t->stdin_name
					    : x->path;
		x->profile = profiles_for(profiles, where, &err);
		if (!x->profile) {
			/* A broken project file is reported the first time only. */
			if (err.message[0])
				fprintf(stderr, "hardconf: %s\n", err.message);
			rc = -1;
		}
		/* An ignored web.config is still the parent of those below:
		 * kept in the list, not linted. */
		if (!x->profile || (x->walked && ignored(x)))
			x->ignored = 1;
	}
	return rc;
}

/* --transform must name a transform: a file whose root declares the XDT
 * namespace (checked in its first 64 KiB). */
static int check_transform(const char *path)
{
	static const char xdt[] = "http://schemas.microsoft.com/XML-Document-Transform";
	char head[65536];
	struct stat st;
	size_t n;
	FILE *f;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "hardconf: --transform: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr,
			"hardconf: --transform: '%s' is not a file; name a "
			"Web.<configuration>.config\n",
			path);
		return -1;
	}
	f = fopen(path, "rb");
	n = f ? fread(head, 1, sizeof head - 1, f) : 0;
	if (f)
		fclose(f);
	head[n] = '\0';
	if (!f || (!memmem(head, n, xdt, sizeof xdt - 1))) {
		fprintf(stderr,
			"hardconf: --transform: '%s' is not a web.config transform (no "
			"xmlns:xdt=\"%s\")\n",
			path, xdt);
		return -1;
	}
	return 0;
}

/* Warnings for options and paths that did nothing: a directory that held
 * no configuration file, a --configuration no transform was found for. */
static void warn_unused(const struct run *r, const struct targets *t, char *const *args, int n,
			int configuration_given)
{
	struct stat st;
	for (int i = 0; r->arg_files && i < n; i++)
		if (r->arg_files[i] == 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
			fprintf(stderr,
				"hardconf: warning: %s: no configuration file found in it\n",
				args[i]);
	if (configuration_given && t->web_configs && !t->transforms)
		fprintf(stderr,
			"hardconf: warning: --configuration %s: no Web.%s.config found beside any "
			"web.config linted\n",
			t->configuration, t->configuration);
}

/* Below these, files named as regular files are linted on one thread. */
#define POOL_FROM_FILES 32
#define POOL_FROM_BYTES ((size_t)1 << 20)

/* A thread per processor, unless there is too little to share: a second
 * thread costs about what a small file does (its start, and caches of its
 * own to warm), so the few small files a pre-commit hook names are linted
 * on one (two to ten 4 KiB files took 4% longer on two threads, fifty 2%
 * longer; a hundred took 11% less).  A walk, standard input or anything
 * else whose size is not known keeps the pool.  The processors are not
 * counted for one thread: reading the count opens a file under /sys, about
 * a tenth of what a small file's lint adds to starting the program. */
static unsigned jobs_for(const struct targets *t)
{
	long cpus;
	if (t->count < 2 ||
	    (t->sized == t->count && t->count < POOL_FROM_FILES && t->bytes < POOL_FROM_BYTES))
		return 1;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 && cpus < 1024 ? (unsigned)cpus : 1;
}

static int use_color(const char *when)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	return isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
	       !(term && strcmp(term, "dumb") == 0);
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0 || v > (size_t)-1 / 2)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Appends one string (a path: not split) to a NULL-terminated list. */
static int push_path(const char ***list, size_t *n, const char *path)
{
	const char **p = realloc(*list, (*n + 2) * sizeof *p);
	if (!p)
		return -1;
	p[(*n)++] = path;
	p[*n] = NULL;
	*list = p;
	return 0;
}

/* Appends the comma-separated ids of arg (cut in place) to a
 * NULL-terminated list. */
static int push(const char ***list, size_t *n, char *arg)
{
	for (char *id = strtok(arg, ", "); id; id = strtok(NULL, ", "))
		if (push_path(list, n, id) != 0)
			return -1;
	return 0;
}

/* Appends "ID=level[,ID=level...]" (cut in place) to the overrides. */
static int push_severities(hardconf_severity_override **list, size_t *n, char *arg)
{
	for (char *item = strtok(arg, ", "); item; item = strtok(NULL, ", ")) {
		char *eq = strchr(item, '=');
		hardconf_severity_override *p;
		hardconf_severity level;
		if (!eq || hardconf_severity_parse(&level, eq + 1) != HARDCONF_OK) {
			fprintf(stderr,
				"hardconf: --severity: expected ID=note|warning|error, not "
				"'%s'\n",
				item);
			return -1;
		}
		*eq = '\0';
		p = realloc(*list, (*n + 1) * sizeof *p);
		if (!p) {
			fputs("hardconf: out of memory\n", stderr);
			return -1;
		}
		p[(*n)++] = (hardconf_severity_override){item, level};
		*list = p;
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum {
		OPT_STDIN_NAME = 256,
		OPT_COLOR,
		OPT_LIST,
		OPT_EXPLAIN,
		OPT_MAX_SIZE,
		OPT_MAX_DEPTH,
		OPT_MAX_ATTRIBUTES,
		OPT_MAX_VALUE,
		OPT_MAX_FINDINGS,
		OPT_FORMAT,
		OPT_SHOW_SUPPRESSED,
		OPT_SEVERITY,
		OPT_BASELINE,
		OPT_CONFIG,
		OPT_NO_CONFIG,
		OPT_PARENT,
		OPT_SITE_PATH,
		OPT_TRANSFORM,
		OPT_CONFIGURATION,
		OPT_ROOT,
		OPT_ALONE,
		OPT_FIX,
		OPT_STATISTICS,
		OPT_WRITE_BASELINE
	};
	static const struct option longopts[] = {
		{"fail-on", required_argument, NULL, 'f'},
		{"kind", required_argument, NULL, 'k'},
		{"stdin-filename", required_argument, NULL, OPT_STDIN_NAME},
		{"enable", required_argument, NULL, 'e'},
		{"disable", required_argument, NULL, 'd'},
		{"severity", required_argument, NULL, OPT_SEVERITY},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"parent", required_argument, NULL, OPT_PARENT},
		{"site-path", required_argument, NULL, OPT_SITE_PATH},
		{"transform", required_argument, NULL, OPT_TRANSFORM},
		{"configuration", required_argument, NULL, OPT_CONFIGURATION},
		{"root", required_argument, NULL, OPT_ROOT},
		{"alone", no_argument, NULL, OPT_ALONE},
		{"max-file-size", required_argument, NULL, OPT_MAX_SIZE},
		{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
		{"max-attributes", required_argument, NULL, OPT_MAX_ATTRIBUTES},
		{"max-value-length", required_argument, NULL, OPT_MAX_VALUE},
		{"max-findings", required_argument, NULL, OPT_MAX_FINDINGS},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"jobs", required_argument, NULL, 'j'},
		{"follow-symlinks", no_argument, NULL, 'L'},
		{"show-suppressed", no_argument, NULL, OPT_SHOW_SUPPRESSED},
		{"fix", no_argument, NULL, OPT_FIX},
		{"statistics", no_argument, NULL, OPT_STATISTICS},
		{"quiet", no_argument, NULL, 'q'},
		{"list-rules", no_argument, NULL, OPT_LIST},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run r = {0};
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	hardconf_linter *linter = NULL;
	hardconf_error err = {0};
	const char **enable = NULL, **disable = NULL;
	hardconf_severity_override *severities = NULL;
	hardconf_baseline *baseline = NULL;
	const char *baseline_path = NULL, *write_baseline_path = NULL;
	FILE *write_baseline = NULL;
	size_t n_enable = 0, n_disable = 0;
	const char *color = "auto";
	struct lint_setup setup = {.kind = HARDCONF_KIND_UNKNOWN};
	const char **parents = NULL;
	size_t n_parents = 0;
	struct targets targets = {.configuration = "Release"};
	struct flags flags = {0};
	struct profiles *profiles = NULL;
	hardconf_format format = HARDCONF_FORMAT_GCC;
	unsigned writer_flags = 0;
	unsigned jobs = 0; /* 0: one per processor (jobs_for()) */
	int c, status, option = 0, configuration_given = 0, stdin_named = 0;
	int fix = 0, statistics = 0;

	r.fail_on = HARDCONF_SEVERITY_WARNING;
	opterr = 0; /* a usage error is one line of ours */
	while ((c = getopt_long(argc, argv, ":f:k:e:d:j:LqVh", longopts, &option)) != -1) {
		switch (c) {
		case 'f':
			flags.fail_on_set = 1;
			if (strcasecmp(optarg, "none") == 0 || strcasecmp(optarg, "never") == 0)
				r.fail_on = 0;
			else if (hardconf_severity_parse(&r.fail_on, optarg) != HARDCONF_OK) {
				fprintf(stderr,
					"hardconf: --fail-on: expected note, warning, error or "
					"never, not '%s'\n",
					optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case 'k':
			if (hardconf_kind_parse(&r.kind, optarg) != HARDCONF_OK ||
			    r.kind == HARDCONF_KIND_UNKNOWN) {
				fprintf(stderr,
					"hardconf: --kind: expected machine, root-web, web, "
					"apphost, crmsetup, ssrs, bcserver, iisexpress or bcsetup, "
					"not '%s'\n",
					optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case 'e':
		case 'd':
			if (push(c == 'e' ? &enable : &disable, c == 'e' ? &n_enable : &n_disable,
				 optarg) != 0) {
				fputs("hardconf: out of memory\n", stderr);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case OPT_STDIN_NAME:
			setup.stdin_name = optarg;
			break;
		case OPT_PARENT:
			if (push_path(&parents, &n_parents, optarg) != 0) {
				fputs("hardconf: out of memory\n", stderr);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case OPT_SITE_PATH:
			setup.site_path = optarg;
			break;
		case OPT_TRANSFORM:
			setup.transform = optarg;
			break;
		case OPT_CONFIGURATION:
			if (!optarg[0] || strchr(optarg, '/')) {
				fprintf(stderr,
					"hardconf: --configuration: expected a build configuration "
					"name such as Release, or none\n");
				status = EXIT_TROUBLE;
				goto out;
			}
			targets.configuration = strcasecmp(optarg, "none") == 0 ? NULL : optarg;
			configuration_given = targets.configuration != NULL;
			break;
		case OPT_ROOT: {
			struct stat st;
			if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode)) {
				fprintf(stderr, "hardconf: --root: '%s' is not a directory\n",
					optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			targets.root = optarg;
			break;
		}
		case OPT_ALONE:
			targets.alone = 1;
			break;
		case OPT_CONFIG:
			flags.config = optarg;
			break;
		case OPT_NO_CONFIG:
			flags.no_config = 1;
			break;
		case OPT_BASELINE:
			baseline_path = optarg;
			break;
		case OPT_WRITE_BASELINE:
			write_baseline_path = optarg;
			break;
		case OPT_SEVERITY:
			if (push_severities(&severities, &opts.n_severities, optarg) != 0) {
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case OPT_MAX_SIZE:
		case OPT_MAX_VALUE:
		case OPT_MAX_DEPTH:
		case OPT_MAX_ATTRIBUTES:
		case OPT_MAX_FINDINGS: {
			size_t n;
			if (parse_size(optarg, &n) != 0 ||
			    (c != OPT_MAX_SIZE && c != OPT_MAX_VALUE && n > UINT_MAX)) {
				fprintf(stderr,
					"hardconf: --%s: not a positive whole number: '%s'\n",
					longopts[option].name, optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			if (c == OPT_MAX_SIZE)
				opts.max_file_size = n;
			else if (c == OPT_MAX_VALUE)
				opts.max_value_length = n;
			else if (c == OPT_MAX_DEPTH)
				opts.max_depth = (unsigned)n;
			else if (c == OPT_MAX_ATTRIBUTES)
				opts.max_attributes = (unsigned)n;
			else
				opts.max_findings = (unsigned)n;
			break;
		}
		case OPT_SHOW_SUPPRESSED:
			writer_flags |= HARDCONF_FORMAT_SHOW_SUPPRESSED;
			break;
		case OPT_FIX:
			fix = 1;
			break;
		case OPT_STATISTICS:
			statistics = 1;
			break;
		case OPT_FORMAT:
			if (hardconf_format_parse(&format, optarg) != HARDCONF_OK) {
				fprintf(stderr,
					"hardconf: --format: expected gcc, json, sarif, "
					"github, diff or html, not '%s'\n",
					optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0) {
				fprintf(stderr,
					"hardconf: --color: expected auto, always or never\n");
				status = EXIT_TROUBLE;
				goto out;
			}
			color = optarg;
			break;
		case 'j': {
			size_t n;
			if (parse_size(optarg, &n) != 0 || n > 1024) {
				fprintf(stderr, "hardconf: --jobs: expected 1 to 1024, not '%s'\n",
					optarg);
				status = EXIT_TROUBLE;
				goto out;
			}
			jobs = (unsigned)n;
			break;
		}
		case 'L':
			targets.follow_links = 1;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case OPT_LIST:
			status = list_rules();
			goto out;
		case OPT_EXPLAIN:
			status = explain(optarg);
			goto out;
		case 'V':
			printf("hardconf %s\n", hardconf_version());
			status = EXIT_CLEAN;
			goto out;
		case 'h':
			usage(stdout);
			status = EXIT_CLEAN;
			goto out;
		case ':':
			fprintf(stderr,
				"hardconf: option '%s' needs a value (see hardconf --help)\n",
				argv[optind - 1]);
			status = EXIT_TROUBLE;
			goto out;
		default:
			if (optopt)
				fprintf(stderr,
					"hardconf: unknown option '-%c' (see hardconf --help)\n",
					optopt);
			else
				fprintf(stderr,
					"hardconf: unknown option '%s' (see hardconf --help)\n",
					argv[optind - 1]);
			status = EXIT_TROUBLE;
			goto out;
		}
	}
	if (optind >= argc) {
		fputs("hardconf: no path to lint (see hardconf --help)\n", stderr);
		status = EXIT_TROUBLE;
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && stdin_named++) {
			fputs("hardconf: '-' (standard input) is named twice; it can be read "
			      "once\n",
			      stderr);
			status = EXIT_TROUBLE;
			goto out;
		}
	}
	if (setup.transform && check_transform(setup.transform) != 0) {
		status = EXIT_TROUBLE;
		goto out;
	}
	if (setup.transform && argc - optind != 1) {
		fputs("hardconf: --transform: name exactly one file, the transform's base "
		      "(Web.config)\n",
		      stderr);
		status = EXIT_TROUBLE;
		goto out;
	}
	setup.parents = parents;
	setup.n_parents = n_parents;
	setup.configuration = targets.configuration;
	setup.root = targets.root;
	setup.alone = targets.alone;
	targets.stdin_name = setup.stdin_name;
	opts.enable = enable;
	opts.disable = disable;
	opts.severities = severities;
	if (getenv("HARDCONF_NO_JIT"))
		opts.flags |= HARDCONF_NO_JIT;
	/* The diff, the report and --fix need the lines around each finding. */
	if (fix || format == HARDCONF_FORMAT_DIFF || format == HARDCONF_FORMAT_HTML)
		opts.flags |= HARDCONF_SOURCE_LINES;
	if (format == HARDCONF_FORMAT_GCC && use_color(color))
		writer_flags |= HARDCONF_FORMAT_COLOR;
	status = EXIT_TROUBLE;
	if (hardconf_linter_new(&linter, &opts, &err) != HARDCONF_OK ||
	    (baseline_path &&
	     hardconf_baseline_load(&baseline, baseline_path, &err) != HARDCONF_OK)) {
		fprintf(stderr, "hardconf: %s\n", err.message);
		goto out;
	}
	if (write_baseline_path) {
		/* Every finding of the run, before --baseline drops any. */
		write_baseline = fopen(write_baseline_path, "w");
		if (!write_baseline ||
		    hardconf_writer_new(&r.baseline_writer, HARDCONF_FORMAT_JSON, 0, write_file,
					write_baseline, &err) != HARDCONF_OK) {
			fprintf(stderr, "hardconf: --write-baseline: %s: %s\n", write_baseline_path,
				write_baseline ? err.message : strerror(errno));
			goto out;
		}
	}
	r.baseline = baseline;
	setup.linter = linter;
	setup.kind = r.kind;
	setup.max_file_size = opts.max_file_size ? opts.max_file_size : (size_t)256 << 20;
	flags.options = opts;
	flags.linter = linter; /* built once, not again for files with no project file */
	flags.fail_on = r.fail_on;
	profiles = profiles_new(&flags);
	targets.profiles = profiles;
	r.arg_files = calloc((size_t)(argc - optind), sizeof *r.arg_files);
	/* A walk that said it could not read an entry found something: its
	 * error, not a warning that the directory held nothing. */
	for (int i = optind; profiles && r.arg_files && i < argc; i++)
		if (targets_add(&targets, argv[i]) != 0) {
			r.trouble = 1;
			r.arg_files[i - optind]++;
		}
	if (!profiles || !r.arg_files || assign_profiles(profiles, &targets) != 0)
		r.trouble = 1;
	if ((fix || format == HARDCONF_FORMAT_DIFF) &&
	    !(r.fixer = fixer_new(argv + optind, argc - optind, setup.stdin_name)))
		r.trouble = 1;
	if (statistics && !(r.statistics = statistics_new()))
		r.trouble = 1;
	if (open_writer(&r, &targets, linter, format, writer_flags, &err) != HARDCONF_OK) {
		fprintf(stderr, "hardconf: %s\n", err.message);
		status = EXIT_TROUBLE;
		goto out;
	}
	r.html = format == HARDCONF_FORMAT_HTML;
	if (r.html)
		hardconf_writer_set_baseline(r.writer, baseline);
	r.total = targets.count;
	r.progress = !r.quiet && isatty(STDERR_FILENO) && !getenv("CI");
	clock_gettime(CLOCK_MONOTONIC, &r.started);
	if (run_targets(&setup, &targets, jobs ? jobs : jobs_for(&targets), emit, &r) != 0) {
		fputs("hardconf: cannot start threads\n", stderr);
		r.trouble = 1;
	}
	progress(&r, 1);
	warn_unused(&r, &targets, argv + optind, argc - optind, configuration_given);
	if (hardconf_writer_finish(r.writer) != HARDCONF_OK)
		r.trouble = 1;
	if (r.baseline_writer && (hardconf_writer_finish(r.baseline_writer) != HARDCONF_OK ||
				  fclose(write_baseline) != 0)) {
		fprintf(stderr, "hardconf: --write-baseline: %s: cannot write it\n",
			write_baseline_path);
		r.trouble = 1;
	}
	if (r.baseline_writer)
		write_baseline = NULL; /* closed */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "hardconf: cannot write the findings: %s\n", strerror(errno));
		r.trouble = 1;
	}
	if (r.fixer && format == HARDCONF_FORMAT_DIFF)
		fixer_note_undiffable(r.fixer);
	if (r.fixer && fix && fixer_apply(r.fixer, r.quiet) != 0)
		r.trouble = 1;
	if (r.statistics)
		statistics_print(r.statistics, stderr);
	if (!r.quiet)
		print_summary(&r);
	/* Writing a baseline accepts what is there: findings do not fail. */
	status = r.trouble                          ? EXIT_TROUBLE
		 : r.failed && !write_baseline_path ? EXIT_FINDINGS
						    : EXIT_CLEAN;
out:
	if (write_baseline)
		fclose(write_baseline);
	hardconf_writer_free(r.baseline_writer);
	targets_free(&targets);
	profiles_free(profiles);
	hardconf_writer_free(r.writer);
	fixer_free(r.fixer);
	statistics_free(r.statistics);
	hardconf_baseline_free(baseline);
	hardconf_linter_free(linter);
	free(enable);
	free(disable);
	free(parents);
	free(severities);
	free(r.arg_files);
	return status;
}
