/*
 * files.c - which files one lint call reads, and in what order: the parents
 * a file inherits from (for context), the file itself or the result of a
 * transform applied to it, then the files it includes (configSource,
 * appSettings file=).  The scanner and the rules are in lint.c.
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "call.h"

#include "baseline.h"
#include "linter.h"
#include "report.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A transform's tree of the base file holds at most this many nodes; a
 * web.config is far smaller. */
#define MAX_TRANSFORM_NODES 1000000

/* The includes one file may name that are read. */
#define MAX_INCLUDES 256

static int valid_kind(hardconf_kind kind)
{
	return kind >= HARDCONF_KIND_UNKNOWN && kind <= HARDCONF_KIND_LAST;
}

/* Every version from 1 on is read; each parent is named. */
static int valid_chain(const hardconf_chain *chain)
{
	if (chain->version < 1 || chain->version > HARDCONF_CHAIN_VERSION ||
	    (chain->n_parents && !chain->parents))
		return 0;
	for (size_t k = 0; k < chain->n_parents; k++)
		if (!chain->parents[k])
			return 0;
	return 1;
}

/* Reads the file at path (at most max bytes) as a new file of the call,
 * named shown.  Returns its index, or -1 with *rc set (HARDCONF_EIO, err
 * says why; HARDCONF_ENOMEM). */
static long read_as(struct lint *l, const char *path, const char *shown, size_t max,
		    enum file_role role, hardconf_error *err, int *rc)
{
	char *data, *copy;
	size_t len;
	int truncated;
	long i;

	if (l->input && l->input->mem_path && strcmp(path, l->input->mem_path) == 0) {
		/* The caller's copy in memory (an unsaved or staged file). */
		const struct call_input *in = l->input;
		len = in->mem_len < max ? in->mem_len : max;
		truncated = in->mem_len > max;
		data = malloc(len ? len : 1);
		*rc = data ? HARDCONF_OK : HARDCONF_ENOMEM;
		if (data && len)
			memcpy(data, in->mem_data, len);
	} else {
		*rc = source_read_file(path, max, &data, &len, &truncated, err);
	}
	if (*rc != HARDCONF_OK)
		return -1;
	copy = str_dup(shown);
	if (!copy) {
		free(data);
		*rc = HARDCONF_ENOMEM;
		return -1;
	}
	i = call_add_file(l, shown, copy, data, len, role);
	if (i < 0)
		*rc = HARDCONF_ENOMEM;
	else
		l->files[i].truncated = truncated;
	return i;
}

static long read_file(struct lint *l, const char *path, enum file_role role, hardconf_error *err,
		      int *rc)
{
	return read_as(l, path, path, l->linter->max_file_size, role, err, rc);
}

/* The directory part of path ("." when there is none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return str_dup(".");
	return slash == path ? str_dup("/") : str_ndup(path, (size_t)(slash - path));
}

/* Whether a path has a "." or ".." segment (then only realpath() can tell
 * where it leads). */
static int has_dots(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

/* The rest of dir below folder ("" the same, "a/b" below it), or NULL. */
static const char *below(const char *folder, const char *dir)
{
	size_t n = strcmp(folder, "/") == 0 ? 0 : strlen(folder);
	if (strncmp(folder, dir, n) != 0 || (dir[n] != '\0' && dir[n] != '/'))
		return NULL;
	return dir[n] == '/' ? dir + n + 1 : dir + n;
}

/* Where the target lies below a parent's folder: *scope "" for the same
 * folder, "a/b" below it, NULL when it does not lie below it.  Plain paths
 * (as a directory walk makes them) are compared as they are written: the
 * names IIS sees; others after realpath().  Returns HARDCONF_OK or
 * HARDCONF_ENOMEM. */
static int folder_below(const char *parent, const char *target, char **scope)
{
	char *pd = dir_of(parent), *td = dir_of(target);
	char rp[PATH_MAX], rt[PATH_MAX];
	const char *rest = NULL;
	int rc = pd && td ? HARDCONF_OK : HARDCONF_ENOMEM;
	*scope = NULL;
	if (rc == HARDCONF_OK) {
		if (!has_dots(pd) && !has_dots(td) && (pd[0] == '/') == (td[0] == '/'))
			rest = below(pd, td);
		else if (realpath(pd, rp) && realpath(td, rt))
			rest = below(rp, rt);
		if (rest && !(*scope = str_dup(rest)))
			rc = HARDCONF_ENOMEM;
	}
	free(pd);
	free(td);
	return rc;
}

static int is_web_config(const char *path)
{
	const char *slash = strrchr(path, '/');
	return ascii_casecmp(slash ? slash + 1 : path, "web.config") == 0;
}

/* The target's IIS path, for the server's <location path>: the site path
 * names the folder of the outermost web.config above the target (the
 * site's or application's root), and each folder down adds its name. */
static int target_site_path(const char *target, const hardconf_chain *chain, char **out)
{
	*out = NULL;
	if (!chain->site_path)
		return HARDCONF_OK;
	for (size_t k = 0; k < chain->n_parents; k++) {
		char *rest;
		if (!is_web_config(chain->parents[k]))
			continue;
		if (folder_below(chain->parents[k], target, &rest) != HARDCONF_OK)
			return HARDCONF_ENOMEM;
		if (!rest)
			continue;
		*out = rest[0] ? str_printf("%s/%s", chain->site_path, rest)
			       : str_dup(chain->site_path);
		free(rest);
		return *out ? HARDCONF_OK : HARDCONF_ENOMEM;
	}
	*out = str_dup(chain->site_path);
	return *out ? HARDCONF_OK : HARDCONF_ENOMEM;
}

static int transform_file(struct lint *l, size_t base, const char *path, enum file_role role,
			  hardconf_error *err, long *result);

/* Reads the parents, outermost first, each as context for the next. */
static int read_parents(struct lint *l, const char *target, const hardconf_chain *chain,
			hardconf_error *err)
{
	char *site;
	int rc = target_site_path(target, chain, &site);
	/* A server file's locations above the application are inherited only
	 * with inheritInChildApplications; without a site path, every
	 * application lies below the server's own level. */
	size_t app_len = 1;
	if (chain->site_path) {
		app_len = strlen(chain->site_path);
		while (app_len > 1 && (chain->site_path[app_len - 1] == '/' ||
				       chain->site_path[app_len - 1] == '\\'))
			app_len--;
	}
	for (size_t k = 0; rc == HARDCONF_OK && k < chain->n_parents; k++) {
		const char *path = chain->parents[k];
		struct lint_file *f;
		long i = read_file(l, path, FILE_CONTEXT, err, &rc);
		if (i < 0)
			break;
		l->n_context++;
		f = &l->files[i];
		/* A web.config above the target's folder names sub-folders in
		 * its <location path>; the server's files name sites. */
		if (is_web_config(path) &&
		    (rc = folder_below(path, target, &f->scope)) != HARDCONF_OK)
			break;
		if (!f->scope) {
			f->server = 1;
			f->app_len = app_len;
			if (site && !(f->scope = str_dup(site))) {
				rc = HARDCONF_ENOMEM;
				break;
			}
		}
		rc = call_decode(l, (size_t)i);
		if (rc == HARDCONF_EINVAL) { /* not decodable: HC0001 in it */
			rc = HARDCONF_OK;
			continue;
		}
		/* A parent passes down what it is as published. */
		if (rc == HARDCONF_OK && chain->parent_transforms && chain->parent_transforms[k]) {
			long result;
			rc = transform_file(l, (size_t)i, chain->parent_transforms[k], FILE_CONTEXT,
					    err, &result);
			if (rc == HARDCONF_OK && result >= 0) {
				struct lint_file *r = &l->files[result], *p = &l->files[i];
				r->scope = p->scope;
				r->server = p->server;
				r->app_len = p->app_len;
				p->scope = NULL;
				i = result;
			}
		}
		call_reset_states(l);
		if (rc == HARDCONF_OK)
			rc = call_scan(l, (size_t)i, NULL);
	}
	free(site);
	return rc;
}

/* ---- Includes: configSource and appSettings file= --------------------------- */

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
	} else if (!realpath(dir, real_dir) || !(rest = below(real_dir, real)) || !rest[0]) {
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

static int follow_includes(struct lint *l)
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

/* ---- Transforms ------------------------------------------------------------ */

struct problem_sink {
	struct lint *l;
	size_t files[2];
};

static void transform_problem(void *user, unsigned file, size_t offset, const char *message)
{
	struct problem_sink *sink = user;
	call_report_at(sink->l, sink->files[file ? 1 : 0], offset, RULE_HC0012, "%s", message);
}

static int flooded(const struct lint *l, const struct lint_file *f)
{
	size_t n;
	return xml_attribute_flood(f->text, f->len, l->linter->max_attributes, &n) < f->len;
}

/* Applies the transform at path to file base (decoded).  On success the
 * result is a new file of role (the one to scan; base and transform are
 * then only located) and *result its index; *result is -1 when either file
 * is not a transformable configuration.  The transform is read as role
 * too, unless role is FILE_RESULT (then FILE_ORIGIN): a parent's transform
 * reports as little as the parent. */
static int transform_file(struct lint *l, size_t base, const char *path, enum file_role role,
			  hardconf_error *err, long *result)
{
	struct problem_sink sink = {l, {base, 0}};
	struct xdt_result xdt;
	const struct lint_file *b;
	struct lint_file *r;
	int rc;
	long i = read_file(l, path, role == FILE_RESULT ? FILE_ORIGIN : role, err, &rc);

	*result = -1;
	if (i < 0)
		return rc;
	sink.files[1] = (size_t)i;
	rc = call_decode(l, (size_t)i);
	if (rc != HARDCONF_OK)
		return rc == HARDCONF_EINVAL ? HARDCONF_OK : rc;
	b = &l->files[base];
	/* The transform's trees are built by libxml2 too: a start tag with an
	 * attribute flood is refused here, and reported when each file is
	 * linted on its own. */
	if (b->failed || flooded(l, b) || flooded(l, &l->files[i]))
		return HARDCONF_OK;
	memset(&xdt, 0, sizeof xdt);
	rc = xdt_apply(b->text, b->len, l->files[i].text, l->files[i].len, MAX_TRANSFORM_NODES,
		       transform_problem, &sink, &xdt);
	if (rc < 0)
		return HARDCONF_ENOMEM;
	if (rc > 0)
		return l->status;
	*result = call_add_file(l, l->files[base].name, NULL, NULL, 0, role);
	if (*result < 0) {
		xdt_result_free(&xdt);
		return HARDCONF_ENOMEM;
	}
	r = &l->files[*result];
	r->xdt = xdt;
	r->text = xdt.text;
	r->len = xdt.len;
	r->kind = l->files[base].kind;
	r->origins[0] = base;
	r->origins[1] = (size_t)i;
	return l->status;
}

/* Applies the transform at path to the target: the result becomes the
 * file scanned.  *applied is 0 when it could not be (each file is then
 * linted on its own). */
static int apply_transform(struct lint *l, const char *path, int *applied, hardconf_error *err)
{
	long result;
	int rc = transform_file(l, l->target, path, FILE_RESULT, err, &result);
	*applied = result >= 0;
	if (rc == HARDCONF_OK && *applied) {
		l->files[l->target].role = FILE_ORIGIN;
		l->target = (size_t)result;
	}
	return rc;
}

/* Secrets are leaks where they are written, even when the transform
 * replaces them: the base and the transform are read as they are, by the
 * secret rules only (a secret that survives into the result is found
 * twice at one place, and reported once). */
static int scan_origins_for_secrets(struct lint *l)
{
	const struct lint_file *result = &l->files[l->target];
	size_t origins[2] = {result->origins[0], result->origins[1]};
	int rc = HARDCONF_OK;
	l->secrets_only = 1;
	for (size_t k = 0; k < 2 && rc == HARDCONF_OK; k++) {
		call_reset_states(l);
		rc = call_scan(l, origins[k], NULL);
	}
	l->secrets_only = 0;
	call_select(l, l->target);
	return rc;
}

/* The transform on its own, when it could not be applied: its findings
 * (HC0001 if it is broken) join the report. */
static int lint_transform_alone(struct lint *l, const char *path, hardconf_kind kind,
				hardconf_error *err)
{
	const struct call_input *mem = l->input;
	struct call_input in = {path, path, NULL, 0, NULL, NULL, 0, NULL};
	hardconf_report *alone;
	int rc;
	if (mem && mem->mem_path && strcmp(mem->mem_path, path) == 0) {
		in.data = mem->mem_data ? mem->mem_data : "";
		in.len = mem->mem_len;
	}
	rc = call_lint(&alone, l->linter, &in, kind, NULL, err);
	if (rc != HARDCONF_OK)
		return rc;
	rc = report_take(l->report, alone);
	hardconf_report_free(alone);
	/* In file order again, and once: a transform that cannot be decoded
	 * said so when it was read for applying, too. */
	report_sort(l->report);
	return rc;
}

/* ---- Entry points ---------------------------------------------------------- */

/* Lints the len bytes at data (owned when from_disk: read from the file);
 * in->path, when set, is where it lies on disk: its folder holds its
 * includes. */
static int lint_call(hardconf_report **out, const hardconf_linter *linter,
		     const struct call_input *in, int from_disk, const char *data, size_t len,
		     int truncated, hardconf_kind kind, const hardconf_chain *chain,
		     hardconf_error *err)
{
	const char *name = in->name, *where = in->path ? in->path : in->name;
	struct lint l;
	int rc = call_init(&l, linter, name), applied = 0;
	char *path;
	long i;

	l.input = in;
	if (rc == HARDCONF_OK && chain) {
		l.quiet_parents = (chain->flags & HARDCONF_CHAIN_QUIET_PARENTS) != 0;
		rc = read_parents(&l, where, chain, err);
	}
	if (rc != HARDCONF_OK) {
		if (from_disk)
			free((char *)data);
		goto out;
	}
	path = in->path ? str_dup(in->path) : NULL;
	i = in->path && !path ? -1
			      : call_add_file(&l, name, path, from_disk ? (char *)data : NULL, len,
					      FILE_TARGET);
	if (i < 0) {
		if (from_disk && in->path && !path)
			free((char *)data);
		rc = HARDCONF_ENOMEM;
		goto out;
	}
	l.target = (size_t)i;
	l.files[i].raw = data;
	l.files[i].truncated = truncated;
	l.kind_forced = kind != HARDCONF_KIND_UNKNOWN;
	if (l.kind_forced)
		l.files[i].kind = kind;
	l.secrets_only = chain && (chain->flags & HARDCONF_CHAIN_SECRETS_ONLY);
	l.follow_includes = l.files[i].path != NULL && !l.secrets_only;
	call_reset_states(&l);
	rc = call_decode(&l, (size_t)i);
	if (rc == HARDCONF_OK && chain && chain->transform && !l.secrets_only)
		rc = apply_transform(&l, chain->transform, &applied, err);
	if (rc == HARDCONF_OK)
		rc = call_scan(&l, l.target, NULL);
	if (rc == HARDCONF_OK)
		rc = follow_includes(&l);
	if (rc == HARDCONF_OK && applied)
		rc = scan_origins_for_secrets(&l);
	if (rc == HARDCONF_EINVAL) /* the file could not be decoded: a finding */
		rc = HARDCONF_OK;
	if (rc == HARDCONF_OK)
		call_finish(&l);
	if (rc == HARDCONF_OK && chain && chain->transform && !applied && !l.secrets_only)
		rc = lint_transform_alone(&l, chain->transform, HARDCONF_KIND_UNKNOWN, err);
	if (rc == HARDCONF_OK)
		rc = l.status;
out:
	if (rc == HARDCONF_OK) {
		*out = l.report;
		l.report = NULL;
	} else if (rc != HARDCONF_EIO) {
		error_set(err, rc, "%s: %s", name, hardconf_strerror(rc));
	}
	call_free(&l);
	return rc;
}

int call_lint(hardconf_report **out, const hardconf_linter *linter, const struct call_input *in,
	      hardconf_kind kind, const hardconf_chain *chain, hardconf_error *err)
{
	char *data;
	size_t len;
	int truncated, rc;

	if (in->data) {
		truncated = in->len > linter->max_file_size;
		rc = lint_call(out, linter, in, 0, in->data,
			       truncated ? linter->max_file_size : in->len, truncated, kind, chain,
			       err);
	} else {
		rc = source_read_file(in->path, linter->max_file_size, &data, &len, &truncated,
				      err);
		if (rc == HARDCONF_OK)
			rc = lint_call(out, linter, in, 1, data, len, truncated, kind, chain, err);
	}
	/* The report is complete: its findings get their fingerprints. */
	if (rc == HARDCONF_OK &&
	    (rc = report_fingerprint(*out, in->path, in->root)) != HARDCONF_OK) {
		hardconf_report_free(*out);
		*out = NULL;
		error_set(err, rc, "%s: %s", in->name, hardconf_strerror(rc));
	}
	return rc;
}

int hardconf_lint_buffer(hardconf_report **out, const hardconf_linter *linter, const void *data,
			 size_t len, const char *name, hardconf_kind kind, hardconf_error *err)
{
	struct call_input in = {
		name ? name : "<buffer>", NULL, data ? data : "", len, NULL, NULL, 0, NULL};

	if (out)
		*out = NULL;
	if (!out || !linter || (!data && len > 0) || !valid_kind(kind)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	return call_lint(out, linter, &in, kind, NULL, err);
}

int hardconf_lint_chain(hardconf_report **out, const hardconf_linter *linter, const char *path,
			hardconf_kind kind, const hardconf_chain *chain, hardconf_error *err)
{
	struct call_input in = {path, path, NULL, 0, NULL, NULL, 0, NULL};

	if (out)
		*out = NULL;
	if (!out || !linter || !path || !valid_kind(kind) || (chain && !valid_chain(chain))) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	return call_lint(out, linter, &in, kind, chain, err);
}

int hardconf_lint_file(hardconf_report **out, const hardconf_linter *linter, const char *path,
		       hardconf_kind kind, hardconf_error *err)
{
	return hardconf_lint_chain(out, linter, path, kind, NULL, err);
}
