/*
 * chain.c - what a file is linted with: the parents it inherits from, read
 * first as context (their <location> paths aimed at the file's place), and
 * the transform published over it, applied before it is scanned.
 */
#include "resolve/chain.h"

#include "resolve/read.h"
#include "resolve/xdt.h"
#include "scan/linter.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A transform's tree of the base file holds at most this many nodes; a
 * web.config is far smaller. */
#define MAX_TRANSFORM_NODES 1000000

/* The target's IIS path, for the server's <location path>: the site path
 * names the folder of the outermost web.config above the target (the
 * site's or application's root), and each folder down adds its name. */
int site_of(const char *site_path, const char *outermost, const char *target, char **out)
{
	char *rest = NULL;
	*out = NULL;
	if (!site_path)
		return HARDCONF_OK;
	if (outermost && folder_below(outermost, target, &rest) != HARDCONF_OK)
		return HARDCONF_ENOMEM;
	*out = rest && rest[0] ? str_printf("%s/%s", site_path, rest) : str_dup(site_path);
	free(rest);
	return *out ? HARDCONF_OK : HARDCONF_ENOMEM;
}

static int target_site_path(const char *target, const hardconf_chain *chain, char **out)
{
	/* The outermost web.config above the target names the application's
	 * root folder. */
	*out = NULL;
	for (size_t k = 0; k < chain->n_parents; k++) {
		char *rest;
		if (!is_web_config(chain->parents[k]))
			continue;
		if (folder_below(chain->parents[k], target, &rest) != HARDCONF_OK)
			return HARDCONF_ENOMEM;
		if (rest) {
			free(rest);
			return site_of(chain->site_path, chain->parents[k], target, out);
		}
	}
	return site_of(chain->site_path, NULL, target, out);
}

static int transform_file(struct lint *l, size_t base, const char *path, enum file_role role,
			  hardconf_error *err, long *result);

/* How much of the site path names the application: a server file's
 * locations above it are inherited only with inheritInChildApplications.
 * Without a site path, every application lies below the server's own
 * level. */
static size_t application_length(const char *site_path)
{
	size_t n = 1;
	if (site_path) {
		n = strlen(site_path);
		while (n > 1 && (site_path[n - 1] == '/' || site_path[n - 1] == '\\'))
			n--;
	}
	return n;
}

int read_parent(struct lint *l, const struct parent_spec *p, size_t *scanned, hardconf_error *err)
{
	struct lint_file *f;
	int rc;
	/* A transform is applied to a whole text. */
	long i = p->transform ? read_file(l, p->path, FILE_CONTEXT, err, &rc)
			      : read_parent_file(l, p->path, err, &rc);

	if (scanned)
		*scanned = SIZE_MAX;

	if (i < 0)
		return rc;
	l->n_context++;
	f = &l->files[i];
	/* A web.config above the target's folder names sub-folders in its
	 * <location path>; the server's files name sites. */
	if (p->folder) {
		if (p->target && (rc = folder_below(p->path, p->target, &f->scope)) != HARDCONF_OK)
			return rc;
	} else {
		f->server = 1;
		f->app_len = application_length(p->site_path);
		if (p->site && !(f->scope = str_dup(p->site)))
			return HARDCONF_ENOMEM;
	}
	rc = call_decode(l, (size_t)i);
	if (rc == HARDCONF_EINVAL) /* not decodable: HC0001 in it */
		return HARDCONF_OK;
	/* A parent passes down what it is as published. */
	if (rc == HARDCONF_OK && p->transform) {
		long result;
		rc = transform_file(l, (size_t)i, p->transform, FILE_CONTEXT, err, &result);
		if (rc == HARDCONF_OK && result >= 0) {
			struct lint_file *r = &l->files[result], *base = &l->files[i];
			r->scope = base->scope;
			r->server = base->server;
			r->app_len = base->app_len;
			base->scope = NULL;
			i = result;
		}
	}
	call_reset_states(l);
	if (rc == HARDCONF_OK)
		rc = call_scan(l, (size_t)i, NULL);
	if (scanned)
		*scanned = (size_t)i;
	return rc;
}

/* A file as stat() knows it, to tell two names of one file. */
struct identity {
	dev_t dev;
	ino_t ino;
	int known;
};

static struct identity identity_of(const char *path)
{
	struct stat st;
	struct identity id = {0, 0, 0};
	if (stat(path, &st) == 0)
		id = (struct identity){st.st_dev, st.st_ino, 1};
	return id;
}

/* Marks in skip the chain's parents read elsewhere: a --parent that
 * discovery found too, or that a handle holds, written another way
 * ("./web.config"), or named twice.  A file is read once: as the handle
 * read it, or at its last place in the chain (the folders' order, the
 * transform it was found with).  A stat() a file; with fewer than two
 * files nothing is asked.  Returns HARDCONF_OK or HARDCONF_ENOMEM. */
static int mark_read_elsewhere(const struct lint *l, const hardconf_chain *chain,
			       unsigned char *skip)
{
	size_t n = chain->n_parents, all = n;
	struct identity *ids;
	for (size_t i = 0; i < l->n_files; i++)
		all += l->files[i].role == FILE_CONTEXT && l->files[i].path;
	if (all < 2)
		return HARDCONF_OK;
	if (!(ids = malloc(all * sizeof *ids)))
		return HARDCONF_ENOMEM;
	for (size_t k = 0; k < n; k++)
		ids[k] = identity_of(chain->parents[k]);
	for (size_t i = 0, at = n; i < l->n_files; i++)
		if (l->files[i].role == FILE_CONTEXT && l->files[i].path)
			ids[at++] = identity_of(l->files[i].path);
	/* After k: the later parents, then the files read already. */
	for (size_t k = 0; k < n; k++)
		for (size_t j = k + 1; j < all && !skip[k]; j++)
			skip[k] = ids[k].known && ids[j].known && ids[k].dev == ids[j].dev &&
				  ids[k].ino == ids[j].ino;
	free(ids);
	return HARDCONF_OK;
}

int read_parents(struct lint *l, const char *target, const hardconf_chain *chain,
		 hardconf_error *err)
{
	char *site = NULL;
	unsigned char *skip = calloc(chain->n_parents ? chain->n_parents : 1, 1);
	int rc = skip ? mark_read_elsewhere(l, chain, skip) : HARDCONF_ENOMEM;
	if (rc == HARDCONF_OK)
		rc = target_site_path(target, chain, &site);
	for (size_t k = 0; rc == HARDCONF_OK && k < chain->n_parents; k++) {
		const char *path = chain->parents[k];
		struct parent_spec p = {
			.path = path,
			.transform = chain->parent_transforms ? chain->parent_transforms[k] : NULL,
			.target = target,
			.site = site,
			.site_path = chain->site_path,
		};
		char *scope = NULL;
		if (skip[k])
			continue;
		/* A web.config is a folder's parent when the target lies below
		 * its folder; otherwise (a framework's root web.config) a server
		 * file. */
		if (is_web_config(path) && (rc = folder_below(path, target, &scope)) != HARDCONF_OK)
			break;
		p.folder = scope != NULL;
		free(scope);
		rc = read_parent(l, &p, NULL, err);
	}
	free(skip);
	free(site);
	return rc;
}

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
	/* Not applied: each file is linted on its own.  A file that is not
	 * well-formed says so when it is; a limit is said here, or the verdict
	 * would be on the base as written without a word. */
	if (rc == XDT_LIMIT)
		call_report_at(l, (size_t)i, 0, RULE_HC0012,
			       "%s is linted as written, without this transform: the two files "
			       "and the result would hold more than %d nodes (elements, texts, "
			       "comments, attributes), nest deeper than 256 or grow far larger "
			       "than both; keep them within that to have the published file "
			       "checked",
			       l->files[base].name, MAX_TRANSFORM_NODES);
	if (rc > 0)
		return l->status;
	*result = call_add_file(l, l->files[base].name, NULL, NULL, 0, role);
	if (*result < 0) {
		xdt_result_free(&xdt);
		return HARDCONF_ENOMEM;
	}
	r = &l->files[*result];
	r->xdt = malloc(sizeof *r->xdt);
	if (!r->xdt) {
		xdt_result_free(&xdt);
		return HARDCONF_ENOMEM;
	}
	*r->xdt = xdt;
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
int apply_transform(struct lint *l, const char *path, int *applied, hardconf_error *err)
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
int scan_origins_for_secrets(struct lint *l)
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
