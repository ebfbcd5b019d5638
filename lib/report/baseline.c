/* baseline.c - fingerprints, and reporting only what an earlier run had not. */
#define _GNU_SOURCE /* realpath(), memmem() */

#include "report/baseline.h"

#include "model/report.h"
#include "resolve/discover.h"
#include "source/source.h"
#include "util/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hardconf_baseline {
	uint64_t *prints; /* sorted */
	size_t n;
};

/* ---- Fingerprints ----------------------------------------------------------
 * A fingerprint (hardconf/v2) hashes the rule, the file's path relative to
 * the project root, and the finding's shape: the element it points at (its
 * path, and its key or name in a collection), the attribute and the
 * <location>, as the scanner saw them; a finding identical to earlier ones
 * in the report also hashes how many came before it.  So a baseline stays
 * valid when a message is reworded, lines move, or the path is typed
 * another way ("hardconf ." and "hardconf web.config").  A finding with no
 * element (a parse error, a comment) hashes its message instead, line
 * numbers left out. */

#define FNV_START FNV1A_START

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	return fnv1a(h, s, n);
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s));
}

static uint64_t separator(uint64_t h)
{
	return fnv1a(h, "\xff", 1);
}

/* Hashes message m with "line N" numbers left out: the text between them
 * in runs, not a character at a time. */
static uint64_t hash_message(uint64_t h, const char *m)
{
	const char *c = m, *hit;
	while ((hit = strstr(c, "line ")) != NULL) {
		if (hit[5] >= '0' && hit[5] <= '9') {
			h = fnv(h, c, (size_t)(hit - c));
			for (c = hit + 5; *c >= '0' && *c <= '9'; c++)
				;
		} else {
			h = fnv(h, c, (size_t)(hit + 1 - c));
			c = hit + 1;
		}
	}
	return fnv_str(h, c);
}

/* The fingerprint a finding made by hand gets: rule, file as shown,
 * message. */
static uint64_t plain_fingerprint(const hardconf_finding *f)
{
	uint64_t h = separator(fnv_str(FNV_START, f->rule_id));
	h = separator(fnv_str(h, f->file));
	return hash_message(h, f->message);
}

int hardconf_finding_fingerprint(const hardconf_finding *f, char out[17])
{
	if (!f || !out || !f->rule_id || !f->file || !f->message)
		return HARDCONF_EINVAL;
	if (f->fingerprint[0])
		memcpy(out, f->fingerprint, 17);
	else
		hex16(out, plain_fingerprint(f));
	return HARDCONF_OK;
}

/* path (as read, or as named for a buffer) relative to root: the real
 * path of its folder, so "." and "web.config" and an absolute path agree. */
/* Whether path, relative without "." or ".." segments, lies under root
 * as written: root is the working directory.  Then the path is its own
 * project path, and no folder needs realpath() (a walk 1,000 folders deep
 * made a million readlink calls that way). */
static int relative_to(const char *path, const char *root)
{
	char *here;
	int same;
	if (path[0] == '/' || strstr(path, "./") || !(here = discover_real(".")))
		return 0;
	same = strcmp(here, root) == 0;
	free(here);
	return same;
}

/* The project path of the file base in the folder real (absolute, as
 * realpath() has it). */
static char *project_path_in(const char *real, const char *base, const char *root)
{
	size_t n = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (discover_within(real, root))
		return real[n] ? str_printf("%s/%s", real + n + 1, base) : str_dup(base);
	return str_printf("%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
}

/* path's project path through realpath() of its folder. */
static char *real_project_path(const char *path, const char *root)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? (slash == path ? str_dup("/") : str_ndup(path, (size_t)(slash - path)))
			  : str_dup(".");
	const char *base = slash ? slash + 1 : path;
	char *real = dir ? discover_real(dir) : NULL, *out;

	free(dir);
	if (!real) /* not on disk: as named, with '/' separators */
		return str_dup(path);
	out = project_path_in(real, base, root);
	free(real);
	return out;
}

static char *project_path(const char *path, const char *root)
{
	return relative_to(path, root) ? str_dup(path) : real_project_path(path, root);
}

/* The project root for a report: given, found from the file linted, or
 * the working directory. */
static char *report_root(const char *target, const char *root)
{
	char *dir, *real, *found = NULL;
	const char *slash;
	if (root)
		return discover_real(root);
	slash = target ? strrchr(target, '/') : NULL;
	dir = slash ? (slash == target ? str_dup("/") : str_ndup(target, (size_t)(slash - target)))
		    : str_dup(".");
	real = dir ? discover_real(dir) : NULL;
	free(dir);
	if (real && discover_root(real, &found) != HARDCONF_OK)
		found = NULL;
	free(real);
	return found ? found : discover_real(".");
}

/* The project path of the report's file k (0: the file linted, at target
 * when given, in the folder real_dir when the caller knows it).  *top is
 * the project root, found the first time it is needed. */
static char *project_of(const hardconf_report *r, size_t k, const char *target, const char *root,
			const char *real_dir, char **top, int *have_top)
{
	const char *path = k == 0 && target ? target : r->names[k];
	if (!*have_top) {
		/* A caller that resolved the folder gave the real root too. */
		*top = real_dir && root ? str_dup(root) : report_root(target, root);
		*have_top = 1;
	}
	if (!*top)
		return str_dup(path);
	if (k == 0 && target && real_dir && root) {
		const char *slash = strrchr(target, '/');
		return project_path_in(real_dir, slash ? slash + 1 : target, *top);
	}
	return project_path(path, *top);
}

int report_fingerprint(hardconf_report *r, const char *target, const char *root,
		       const char *real_dir)
{
	char *top = NULL;
	int have_top = 0;
	/* Project paths of the report's files, found for those with findings. */
	char **projects = calloc(r->n_names ? r->n_names : 1, sizeof *projects);
	struct keyed *keys = calloc(r->count ? r->count : 1, sizeof *keys);
	int rc = projects && keys ? HARDCONF_OK : HARDCONF_ENOMEM;

	for (size_t i = 0; rc == HARDCONF_OK && i < r->count; i++) {
		hardconf_finding *f = &r->items[i];
		size_t k = 0;
		uint64_t h;
		while (k + 1 < r->n_names && r->names[k] != f->file)
			k++;
		if (!projects[k]) {
			projects[k] = project_of(r, k, target, root, real_dir, &top, &have_top);
			if (!projects[k]) {
				rc = HARDCONF_ENOMEM;
				break;
			}
		}
		h = separator(fnv_str(FNV_START, f->rule_id));
		h = separator(fnv_str(h, projects[k]));
		if (f->fingerprint[0]) /* the shape (report_shape_last) */
			h = fnv(h, f->fingerprint, 16);
		else
			h = hash_message(h, f->message);
		keys[i] = (struct keyed){h, i};
	}
	if (rc == HARDCONF_OK) {
		/* The n-th of identical findings, in report order, hashes n. */
		qsort(keys, r->count, sizeof *keys, keyed_order);
		for (size_t i = 0, n = 0; i < r->count; i++) {
			uint64_t h = keys[i].key;
			char count[24];
			n = i > 0 && keys[i - 1].key == keys[i].key ? n + 1 : 0;
			if (n) {
				snprintf(count, sizeof count, "#%zu", n);
				h = fnv_str(separator(h), count);
			}
			hex16(r->items[keys[i].index].fingerprint, h);
		}
	}
	for (size_t k = 0; projects && k < r->n_names; k++)
		free(projects[k]);
	free(projects);
	free(keys);
	free(top);
	return rc;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The 16 hex digits after key, '"', optional white space, ':' and '"'. */
static int read_print(const char *p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ':'))
		p++;
	if (p >= end || *p++ != '"' || end - p < 17 || p[16] != '"')
		return -1;
	for (int i = 0; i < 16; i++) {
		char c = ascii_lower(p[i]);
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

int hardconf_baseline_load(hardconf_baseline **out, const char *path, hardconf_error *err)
{
	/* JSON's key, and SARIF's for this version and the one before (whose
	 * fingerprints load, but name findings another way). */
	static const char *const keys[] = {"\"fingerprint\"", "\"hardconf/v2\"", "\"hardconf/v1\""};
	hardconf_baseline *b;
	char *data;
	size_t len, cap = 0;
	int truncated, rc;

	if (!out || !path) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	*out = NULL;
	rc = source_read_file(path, (size_t)1 << 30, &data, &len, &truncated, err);
	if (rc != HARDCONF_OK)
		return rc;
	b = calloc(1, sizeof *b);
	if (!b) {
		free(data);
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	for (size_t i = 0; data && i < len; i++) {
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			size_t n = strlen(keys[k]);
			uint64_t v;
			uint64_t *grown;
			if (data[i] != '"' || len - i < n || memcmp(data + i, keys[k], n) != 0 ||
			    read_print(data + i + n, data + len, &v) != 0)
				continue;
			grown = array_grow(b->prints, &cap, b->n + 1, sizeof *grown);
			if (!grown) {
				free(data);
				hardconf_baseline_free(b);
				error_set(err, HARDCONF_ENOMEM, "out of memory");
				return HARDCONF_ENOMEM;
			}
			b->prints = grown;
			b->prints[b->n++] = v;
		}
	}
	/* A run that found nothing is a baseline too: hardconf's JSON names
	 * its schema, its SARIF its driver. */
	if (b->n == 0 && data &&
	    (memmem(data, len, "\"schema\":\"hardconf/1\"", 21) ||
	     memmem(data, len, "\"driver\":{\"name\":\"hardconf\"", 27))) {
		free(data);
		*out = b;
		return HARDCONF_OK;
	}
	free(data);
	if (b->n == 0) {
		hardconf_baseline_free(b);
		error_set(err, HARDCONF_EINVAL,
			  "%s: no fingerprints: not JSON or SARIF output of hardconf", path);
		return HARDCONF_EINVAL;
	}
	qsort(b->prints, b->n, sizeof *b->prints, by_value);
	*out = b;
	return HARDCONF_OK;
}

/* A finding's fingerprint as a number. */
static uint64_t stored_print(const hardconf_finding *f)
{
	return f->fingerprint[0] ? strtoull(f->fingerprint, NULL, 16) : plain_fingerprint(f);
}

size_t hardconf_report_drop_baselined(hardconf_report *r, const hardconf_baseline *b)
{
	size_t kept = 0, dropped;
	if (!r || !b || b->n == 0)
		return 0;
	for (size_t i = 0; i < r->count; i++) {
		uint64_t v = stored_print(&r->items[i]);
		if (bsearch(&v, b->prints, b->n, sizeof v, by_value)) {
			report_free_finding(&r->items[i]);
			continue;
		}
		r->items[kept++] = r->items[i];
	}
	dropped = r->count - kept;
	r->count = kept;
	return dropped;
}

int hardconf_baseline_has(const hardconf_baseline *b, const hardconf_finding *f)
{
	uint64_t v;
	if (!b || !f || b->n == 0)
		return 0;
	v = stored_print(f);
	return bsearch(&v, b->prints, b->n, sizeof v, by_value) != NULL;
}

void hardconf_baseline_free(hardconf_baseline *b)
{
	if (!b)
		return;
	free(b->prints);
	free(b);
}
