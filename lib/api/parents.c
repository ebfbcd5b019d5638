/*
 * parents.c - parents read once and shared by the files below them.
 *
 * A handle is the state of a lint call stopped after reading its parents:
 * the files (texts and transforms, borrowed by later calls), the state of
 * the families that carry it from a parent to its child (copied by each
 * call), downgrades and the parents' own findings.  A call given a handle
 * starts from a copy of that state instead of reading the parents again,
 * so a walk reads each file once.  Where a parent's <location path> was
 * weighed against the place of the file below (scope_used), the state
 * depends on that file, and the call reads the chain again itself.
 */
#include "api/parents.h"

#include "api/call.h"
#include "resolve/chain.h"
#include "resolve/read.h"
#include "scan/linter.h"
#include "util/util.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct hardconf_parents {
	const hardconf_linter *linter;
	hardconf_parents *base; /* held */
	atomic_size_t refs;
	char *path, *transform, *site_path;
	unsigned int flags;
	size_t depth;     /* parents in the chain, this one included */
	int scope_used;   /* here or above: the state depends on the file below */
	struct lint call; /* after reading this parent on top of base */
};

void hardconf_parents_free(hardconf_parents *p)
{
	while (p && atomic_fetch_sub(&p->refs, 1) == 1) {
		hardconf_parents *base = p->base;
		call_free(&p->call);
		free(p->path);
		free(p->transform);
		free(p->site_path);
		free(p);
		p = base;
	}
}

static int copy_or_null(char **out, const char *s)
{
	*out = s ? str_dup(s) : NULL;
	return s && !*out ? -1 : 0;
}

int hardconf_parents_new(hardconf_parents **out, const hardconf_linter *linter,
			 const hardconf_parents *base, const char *path, const char *transform,
			 const char *site_path, unsigned int flags, hardconf_error *err)
{
	hardconf_parents *p;
	struct parent_spec spec;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !linter || !path || (base && base->linter != linter) ||
	    (flags & ~HARDCONF_PARENT_SERVER)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	p = calloc(1, sizeof *p);
	if (!p || copy_or_null(&p->path, path) || copy_or_null(&p->transform, transform) ||
	    copy_or_null(&p->site_path, site_path)) {
		if (p) {
			free(p->path);
			free(p->transform);
			free(p);
		}
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	p->linter = linter;
	p->flags = flags;
	atomic_init(&p->refs, 1);
	if (base) {
		p->base = (hardconf_parents *)base;
		atomic_fetch_add(&p->base->refs, 1);
		p->depth = base->depth;
		p->scope_used = base->scope_used;
	}
	p->depth++;
	rc = call_init(&p->call, linter, path);
	if (rc == HARDCONF_OK && base)
		rc = call_adopt(&p->call, &base->call);
	spec = (struct parent_spec){.path = path,
				    .transform = transform,
				    .folder = !(flags & HARDCONF_PARENT_SERVER) &&
					      is_web_config(path),
				    .site_path = site_path};
	if (rc == HARDCONF_OK)
		rc = read_parent(&p->call, &spec, err);
	if (rc == HARDCONF_OK)
		rc = p->call.status;
	for (size_t i = 0; rc == HARDCONF_OK && i < p->call.n_files; i++)
		p->scope_used |= p->call.files[i].scope_used;
	if (rc != HARDCONF_OK) {
		if (rc != HARDCONF_EIO)
			error_set(err, rc, "%s: %s", path, hardconf_strerror(rc));
		hardconf_parents_free(p);
		return rc;
	}
	*out = p;
	return HARDCONF_OK;
}

/* The chain of h (outermost first) followed by chain's own parents, as one
 * hardconf_chain: for a call that must read them all again. */
static int flatten(const hardconf_parents *h, const hardconf_chain *chain, hardconf_chain *all,
		   const char ***paths, const char ***transforms)
{
	size_t n = h->depth + (chain ? chain->n_parents : 0), k = h->depth;
	*paths = calloc(n, sizeof **paths);
	*transforms = calloc(n, sizeof **transforms);
	if (!*paths || !*transforms)
		return HARDCONF_ENOMEM;
	for (const hardconf_parents *p = h; p; p = p->base) {
		k--;
		(*paths)[k] = p->path;
		(*transforms)[k] = p->transform;
	}
	for (size_t i = 0; chain && i < chain->n_parents; i++) {
		(*paths)[h->depth + i] = chain->parents[i];
		(*transforms)[h->depth + i] =
			chain->parent_transforms ? chain->parent_transforms[i] : NULL;
	}
	*all = (hardconf_chain)HARDCONF_CHAIN_INIT;
	all->parents = *paths;
	all->parent_transforms = *transforms;
	all->n_parents = n;
	all->site_path = chain && chain->site_path ? chain->site_path : h->site_path;
	return HARDCONF_OK;
}

int parents_read(struct lint *l, const hardconf_parents *h, const char *target,
		 const hardconf_chain *chain, hardconf_error *err)
{
	hardconf_chain all;
	const char **paths = NULL, **transforms = NULL;
	int rc;

	if (!h)
		return read_parents(l, target, chain, err);
	if (h->linter != l->linter)
		return HARDCONF_EINVAL;
	if (!h->scope_used) {
		rc = call_adopt(l, &h->call);
		if (rc == HARDCONF_OK && chain && chain->n_parents)
			rc = read_parents(l, target, chain, err);
		return rc;
	}
	rc = flatten(h, chain, &all, &paths, &transforms);
	if (rc == HARDCONF_OK)
		rc = read_parents(l, target, &all, err);
	free(paths);
	free(transforms);
	return rc;
}
