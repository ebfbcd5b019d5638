/*
 * alloc.c - every allocation the library makes may fail: the call must then
 * return HARDCONF_ENOMEM (or succeed with the same findings), leak nothing
 * and crash nowhere.  Linked with -Wl,--wrap for malloc, calloc, realloc and
 * free, so only the library's own allocations are counted and failed (the
 * XML parser's are its business).
 *
 * usage: run-alloc-tests FIXTURE...
 */
#include "hardconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* Single-threaded by design: the counters are plain globals of this test. */
static long calls, fail_at = -1, live;

static int failing(void)
{
	return calls++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
	void *p = failing() ? NULL : __real_malloc(n);
	live += p != NULL;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = failing() ? NULL : __real_calloc(n, size);
	live += p != NULL;
	return p;
}

void *__wrap_realloc(void *old, size_t n)
{
	void *p = failing() ? NULL : __real_realloc(old, n);
	live += p != NULL && old == NULL;
	return p;
}

void __wrap_free(void *p)
{
	live -= p != NULL;
	__real_free(p);
}

static char *render(const hardconf_report *r)
{
	size_t n = hardconf_report_count(r), used = 0, cap = 64 + 256 * n;
	char *s = __real_malloc(cap);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const hardconf_finding *f = hardconf_report_get(r, i);
		used += (size_t)snprintf(s + used, cap - used, "%u:%u %s %.150s\n", f->line,
					 f->column, f->rule_id, f->message);
	}
	return s;
}

/* Lints "FILE", or "PARENT,...,FILE" as a chain; any of them may be
 * "NAME+TRANSFORM", published with that transform.  "@PARENT,...,FILE"
 * reads the parents once, as handles (hardconf_parents_new), first. */
static int lint_spec(hardconf_report **r, const hardconf_linter *linter, const char *spec)
{
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	hardconf_parents *handles[9] = {NULL};
	const char *names[9], *transforms[9];
	char copy[2048], *p = copy;
	size_t n = 0;
	int once = spec[0] == '@', rc = HARDCONF_OK;
	snprintf(copy, sizeof copy, "%s", spec + once);
	while (n < 9) {
		char *comma = strchr(p, ','), *plus;
		if (comma)
			*comma = '\0';
		plus = strchr(p, '+');
		if (plus)
			*plus = '\0';
		names[n] = p;
		transforms[n++] = plus ? plus + 1 : NULL;
		if (!comma)
			break;
		p = comma + 1;
	}
	chain.parents = names;
	chain.parent_transforms = transforms;
	chain.n_parents = n - 1;
	chain.transform = transforms[n - 1];
	for (size_t k = 0; once && k + 1 < n && rc == HARDCONF_OK; k++) {
		const char *base = strrchr(names[k], '/');
		unsigned flags = strcmp(base ? base + 1 : names[k], "web.config") == 0
					 ? 0
					 : HARDCONF_PARENT_SERVER;
		rc = hardconf_parents_new(&handles[k], linter, k ? handles[k - 1] : NULL, names[k],
					  transforms[k], NULL, flags, NULL);
	}
	if (once) {
		chain.inherited = n > 1 ? handles[n - 2] : NULL;
		chain.n_parents = 0;
		chain.parent_transforms = NULL;
	}
	if (rc == HARDCONF_OK)
		rc = hardconf_lint_chain(r, linter, names[n - 1], HARDCONF_KIND_UNKNOWN, &chain,
					 NULL);
	for (size_t k = 0; k < n; k++)
		hardconf_parents_free(handles[k]);
	return rc;
}

/* "?FILE,FILE,..." discovers each file in turn with one memo, as the CLI
 * does for files named: what they are linted with, rendered into *out (real
 * malloc).  The memo forgets when memory runs out, and answers the same. */
static int discover_spec(char **out, const char *spec)
{
	hardconf_discover_options o = HARDCONF_DISCOVER_OPTIONS_INIT;
	size_t cap = 4096, used = 0;
	char copy[2048], *p = copy, *s = __real_malloc(cap);
	int rc = HARDCONF_OK;
	s[0] = '\0';
	snprintf(copy, sizeof copy, "%s", spec + 1);
	o.memo = hardconf_discover_memo_new(); /* NULL: no memo, the same answers */
	while (p && rc == HARDCONF_OK) {
		char *comma = strchr(p, ',');
		hardconf_discovery *d = NULL;
		if (comma)
			*comma = '\0';
		rc = hardconf_discover(&d, p, &o, NULL);
		if (rc == HARDCONF_OK) {
			const hardconf_chain *c = hardconf_discovery_chain(d);
			const char *root = hardconf_discovery_root(d);
			used += (size_t)snprintf(s + used, cap - used, "%s: %s %s %zu %s\n", p,
						 hardconf_discovery_target(d), root ? "root" : "-",
						 c->n_parents, c->transform ? c->transform : "-");
			/* Cut short rather than past the end, however long. */
			if (used >= cap)
				used = cap - 1;
		}
		hardconf_discovery_free(d);
		p = comma ? comma + 1 : NULL;
	}
	hardconf_discover_memo_free(o.memo);
	if (rc != HARDCONF_OK) {
		__real_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

/* Lints path once with the k-th allocation failing (k < 0: none); returns the
 * rendering on success (real malloc), NULL on HARDCONF_ENOMEM. */
static char *lint_failing(const hardconf_linter *linter, const char *path, long k, int *bad)
{
	hardconf_report *r = NULL;
	char *s = NULL;
	int rc;
	calls = 0;
	fail_at = k;
	if (path[0] == '?') {
		rc = discover_spec(&s, path);
		fail_at = -1;
		if (rc != HARDCONF_OK && rc != HARDCONF_ENOMEM) {
			fprintf(stderr, "%s: failing allocation %ld gave status %d\n", path, k, rc);
			*bad = 1;
		}
		return s;
	}
	rc = lint_spec(&r, linter, path);
	fail_at = -1;
	if (rc == HARDCONF_OK)
		s = render(r);
	else if (rc != HARDCONF_ENOMEM || r != NULL) {
		fprintf(stderr, "%s: failing allocation %ld gave status %d\n", path, k, rc);
		*bad = 1;
	}
	hardconf_report_free(r);
	return s;
}

int main(int argc, char **argv)
{
	hardconf_linter *linter = NULL;
	int passed = 0, failed = 0;

	/* Patterns are JIT-compiled after their 256th use, into the linter
	 * and for good: a block that would look leaked here. */
	hardconf_options opts = HARDCONF_OPTIONS_INIT;
	opts.flags = HARDCONF_NO_JIT | HARDCONF_SOURCE_LINES; /* the lines around findings too */
	if (hardconf_linter_new(&linter, &opts, NULL) != HARDCONF_OK) {
		fputs("cannot build a linter\n", stderr);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int bad = 0;
		long before, allocations;
		char *baseline = lint_failing(linter, argv[i], -1, &bad);
		/* The linter keeps what it compiled on first use (patterns):
		 * measure leaks from here on. */
		before = live;
		allocations = calls;
		for (long k = 0; baseline && k < allocations; k++) {
			char *s = lint_failing(linter, argv[i], k, &bad);
			if (s && strcmp(s, baseline) != 0) {
				fprintf(stderr, "%s: allocation %ld failed, yet findings changed\n",
					argv[i], k);
				bad = 1;
			}
			__real_free(s);
			if (live != before) {
				fprintf(stderr, "%s: allocation %ld failed: %ld blocks leaked\n",
					argv[i], k, live - before);
				bad = 1;
				live = before;
			}
		}
		__real_free(baseline);
		printf("%s - %s (%ld allocations, each failed once)\n", bad ? "not ok" : "ok",
		       argv[i], allocations);
		bad ? failed++ : passed++;
	}
	hardconf_linter_free(linter);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
