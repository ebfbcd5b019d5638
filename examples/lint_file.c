/*
 * lint_file.c - lint configuration files with libhardconf's public API.
 *
 *   cc -std=c11 lint_file.c $(pkg-config --cflags --libs hardconf) -o lint_file
 *   ./lint_file web.config applicationHost.config
 *
 * Prints one line per finding; exits 0 without findings, 1 with findings and
 * 2 on an error (the message names the file and the reason).
 */
#include <hardconf.h>

#include <stdio.h>
#include <stdlib.h>

/* Prints every finding of report; returns 0, or -1 on error. */
static int print_report(const hardconf_report *report)
{
	char line[1024];
	size_t count = hardconf_report_count(report);

	for (size_t i = 0; i < count; i++) {
		const hardconf_finding *finding = hardconf_report_get(report, i);
		int n = hardconf_format_finding(line, sizeof line, finding, HARDCONF_FORMAT_GCC, 0);
		if (n < 0) {
			fprintf(stderr, "lint_file: %s\n", hardconf_strerror(n));
			return -1;
		}
		if ((size_t)n < sizeof line) {
			fputs(line, stdout);
		} else {
			/* A long line: format it again into a buffer of the right size. */
			size_t size = (size_t)n + 1;
			char *buf = malloc(size);
			if (!buf) {
				fprintf(stderr, "lint_file: %s\n",
					hardconf_strerror(HARDCONF_ENOMEM));
				return -1;
			}
			n = hardconf_format_finding(buf, size, finding, HARDCONF_FORMAT_GCC, 0);
			if (n >= 0)
				fputs(buf, stdout);
			free(buf);
			if (n < 0) {
				fprintf(stderr, "lint_file: %s\n", hardconf_strerror(n));
				return -1;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	hardconf_linter *linter = NULL;
	hardconf_workspace *workspace = NULL;
	hardconf_error err;
	int findings = 0;
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	if (hardconf_linter_new(&linter, NULL, &err) != HARDCONF_OK) {
		fprintf(stderr, "lint_file: %s\n", err.message);
		return 2;
	}
	/* The XML parser, kept from one file to the next (NULL: a new one for
	 * each file, as hardconf_lint_file() makes). */
	workspace = hardconf_workspace_new();
	for (int i = 1; i < argc; i++) {
		hardconf_input input = HARDCONF_INPUT_INIT;
		hardconf_report *report = NULL;
		input.path = argv[i];
		input.workspace = workspace;
		if (hardconf_lint(&report, linter, &input, &err) != HARDCONF_OK) {
			fprintf(stderr, "lint_file: %s\n", err.message);
			failed = 1;
			continue;
		}
		if (hardconf_report_count(report) > 0)
			findings = 1;
		if (print_report(report) != 0)
			failed = 1;
		hardconf_report_free(report);
	}
	hardconf_workspace_free(workspace);
	hardconf_linter_free(linter);
	if (fflush(stdout) != 0) {
		perror("lint_file: standard output");
		failed = 1;
	}
	return failed ? 2 : findings ? 1 : 0;
}
