/* baseline.c - fingerprints, and reporting only what an earlier run had not. */
#include "report.h"
#include "source.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hardconf_baseline {
	uint64_t *prints; /* sorted */
	size_t n;
};

/* Messages point at other lines ("(line 16)"): those numbers are left out. */
static uint64_t hash_message(uint64_t h, const char *m)
{
	for (const char *c = m; *c; c++) {
		if (strncmp(c, "line ", 5) == 0 && c[5] >= '0' && c[5] <= '9') {
			c += 5;
			while (c[1] >= '0' && c[1] <= '9')
				c++;
			continue;
		}
		h ^= (unsigned char)*c;
		h *= 1099511628211u;
	}
	return h;
}

static uint64_t fingerprint(const hardconf_finding *f)
{
	uint64_t h = 1469598103934665603u;
	const char *parts[] = {f->rule_id, f->file};
	for (size_t p = 0; p < 2; p++) {
		for (const char *c = parts[p]; *c; c++) {
			h ^= (unsigned char)*c;
			h *= 1099511628211u;
		}
		h ^= 0xff;
		h *= 1099511628211u;
	}
	return hash_message(h, f->message);
}

int hardconf_finding_fingerprint(const hardconf_finding *f, char out[17])
{
	if (!f || !out || !f->rule_id || !f->file || !f->message)
		return HARDCONF_EINVAL;
	snprintf(out, 17, "%016llx", (unsigned long long)fingerprint(f));
	return HARDCONF_OK;
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
	static const char *const keys[] = {"\"fingerprint\"", "\"hardconf/v1\""};
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
		for (size_t k = 0; k < 2; k++) {
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

size_t hardconf_report_drop_baselined(hardconf_report *r, const hardconf_baseline *b)
{
	size_t kept = 0, dropped;
	if (!r || !b)
		return 0;
	for (size_t i = 0; i < r->count; i++) {
		uint64_t v = fingerprint(&r->items[i]);
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

void hardconf_baseline_free(hardconf_baseline *b)
{
	if (!b)
		return;
	free(b->prints);
	free(b);
}
