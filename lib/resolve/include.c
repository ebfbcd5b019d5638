/*
 * include.c - configSource and appSettings file=: the files a section names
 * are read from the including file's folder (never above it, never through
 * a link leading out), each once, and scanned where the section stands.
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "resolve/chain.h"

#include "resolve/read.h"
#include "scan/linter.h"
#include "util/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The includes one file may name that are read. */
#define MAX_INCLUDES 256

static int is_outside(const char *value)
{
	const char *p = value;
	if (value[0] == '/' || value[0] == '\\' || (value[0] && value[1] == ':'))
		return 1;
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static void refuse(struct lint *l, const struct include *in, const char *why)
{
	char shown[160];
	str_display(shown, sizeof shown, in->value, strlen(in->value));
	call_select(l, in->file);
	lint_report(l, RULE_HC0011, in->at, "%s=\"%s\" %s", in->at.attr, shown, why);
}

/* Whether an earlier include of this call named the same file: it is read
 * once. */
static int read_before(const struct lint *l, const struct include *in)
{
	for (const struct include *k = l->includes; k < in; k++)
		if (k->real && strcmp(k->real, in->real) == 0)
			return 1;
	return 0;
}

/* Follows one include: refused when it leaves the including file's folder
 * (by its path or by a link), reported when missing, else scanned where the
 * including element stood.  All the includes of a call together may hold
 * at most the maximum file size. */
static int follow(struct lint *l, struct include *in)
{
	const struct lint_file *from = &l->files[in->file];
	const char *base = from->role == FILE_RESULT ? l->files[from->origins[0]].path : from->path;
	size_t max = l->linter->max_file_size, left = max - l->include_bytes;
	char *dir, *path, real_dir[PATH_MAX], real[PATH_MAX];
	const char *rest;
	hardconf_error err;
	int rc = HARDCONF_OK;
	long i;

	if (!base)
		return HARDCONF_OK; /* a buffer: nothing on disk to follow */
	if (is_outside(in->value)) {
		refuse(l, in,
		       in->merge ? "names a file outside this configuration's folder; it "
				   "was not read, so its settings were not linted (keep it "
				   "in this folder or below)"
				 : "names a file outside this configuration's folder; the "
				   "configuration system refuses it (use a relative path in "
				   "this folder or below)");
		return l->status;
	}
	dir = dir_of(base);
	path = dir ? str_printf("%s/%s", dir, in->value) : NULL;
	if (!path) {
		free(dir);
		return HARDCONF_ENOMEM;
	}
	for (char *p = path; *p; p++)
		if (*p == '\\')
			*p = '/';
	if (!realpath(path, real)) {
		refuse(l, in,
		       in->merge ? "names a file that does not exist; .NET silently ignores "
				   "it, so the settings meant to be there are missing"
				 : "names a file that does not exist; the application fails to "
				   "start with a configuration error");
	} else if (!realpath(dir, real_dir) || !(rest = path_below(real_dir, real)) || !rest[0]) {
		refuse(l, in,
		       "leads outside this configuration's folder through a link; it was "
		       "not read");
	} else if (!(in->real = str_dup(real))) {
		rc = HARDCONF_ENOMEM;
	} else if (read_before(l, in)) {
		/* Read and linted already, where it was named first. */
	} else if ((i = read_as(l, real, path, left, FILE_INCLUDE, &err, &rc)) < 0) {
		if (rc == HARDCONF_EIO) {
			refuse(l, in, "names a file that cannot be read; it was not linted");
			rc = l->status;
		}
	} else if (l->files[i].truncated) {
		call_select(l, in->file);
		lint_report(l, RULE_HC0003, in->at,
			    "%s: the includes of this file hold more than the maximum file size "
			    "of %zu bytes; this one was not read",
			    in->at.attr, max);
		l->files[i].failed = 1;
		l->include_bytes = max;
	} else {
		/* A file of its own for duplicates and secrets; the section's
		 * settings still count for the file linted.  (It is opened by
		 * its real path, the one checked, and shown as named.) */
		l->include_bytes += l->files[i].data_len;
		l->files[i].kind = l->files[l->target].kind;
		call_reset_states(l);
		rc = call_decode(l, (size_t)i);
		if (rc == HARDCONF_EINVAL)
			rc = HARDCONF_OK;
		else if (rc == HARDCONF_OK)
			rc = call_scan(l, (size_t)i, in);
	}
	free(dir);
	free(path);
	return rc != HARDCONF_OK ? rc : l->status;
}

int follow_includes(struct lint *l)
{
	/* Only the file linted's own: an include names no further files.  A
	 * real configuration has a handful; a hostile one should not make the
	 * linter open a file per element. */
	size_t n = l->n_includes < MAX_INCLUDES ? l->n_includes : MAX_INCLUDES;
	for (size_t k = 0; k < n; k++) {
		int rc = follow(l, &l->includes[k]);
		if (rc != HARDCONF_OK)
			return rc;
	}
	if (l->n_includes > MAX_INCLUDES) {
		call_select(l, l->includes[MAX_INCLUDES].file);
		lint_report(l, RULE_HC0003, l->includes[MAX_INCLUDES].at,
			    "more than %d configSource and file= includes; this one and the rest "
			    "were not read",
			    MAX_INCLUDES);
	}
	return l->status;
}
