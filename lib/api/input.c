/*
 * input.c - hardconf_lint(): one entry point for a file on disk or bytes
 * in memory, with its chain given, discovered (resolve/discover.c), or
 * both.  The call itself is lint.c's.
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "api/call.h"
#include "api/workspace.h"

#include "resolve/discover.h"
#include "util/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define KNOWN_FLAGS                                                                     \
	(HARDCONF_LINT_DISCOVER | HARDCONF_LINT_LISTED | HARDCONF_CHAIN_QUIET_PARENTS | \
	 HARDCONF_CHAIN_SECRETS_ONLY)

/* The caller's workspace: a field of version 4. */
static hardconf_workspace *workspace_of(const hardconf_input *in)
{
	return in->version >= 4 ? in->workspace : NULL;
}

/* The caller's descriptor: a field of version 3. */
static int fd_of(const hardconf_input *in)
{
	return in->version >= 3 ? in->fd : -1;
}

static int valid(const hardconf_input *in)
{
	if (in->version < 1 || in->version > HARDCONF_INPUT_VERSION ||
	    (!in->path && !in->data && fd_of(in) < 0) || fd_of(in) < -1 || (!in->data && in->len) ||
	    (in->path && !*in->path) || (in->flags & ~KNOWN_FLAGS) ||
	    ((in->flags & HARDCONF_LINT_DISCOVER) && !in->path) ||
	    in->kind < HARDCONF_KIND_UNKNOWN || in->kind > HARDCONF_KIND_LAST ||
	    (in->n_parents && !in->parents))
		return 0;
	for (size_t k = 0; k < in->n_parents; k++)
		if (!in->parents[k])
			return 0;
	return 1;
}

/* Whether the folder of path exists: bytes named for a place that is not
 * on disk have no includes to follow there. */
static int folder_exists(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? (slash == path ? str_dup("/") : str_ndup(path, (size_t)(slash - path)))
			  : str_dup(".");
	char real[PATH_MAX];
	int found = dir && realpath(dir, real) != NULL;
	free(dir);
	return found;
}

/* The base's name as shown: name's folder with the base's file name. */
static char *shown_base(const char *name, const char *target)
{
	const char *slash = strrchr(name, '/'), *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!slash)
		return str_dup(base);
	return str_printf("%.*s/%s", (int)(slash - name), name, base);
}

int hardconf_lint(hardconf_report **out, const hardconf_linter *linter, const hardconf_input *input,
		  hardconf_error *err)
{
	struct call_input in = {0};
	hardconf_chain chain = HARDCONF_CHAIN_INIT;
	hardconf_discovery *d = NULL;
	const hardconf_chain *found = NULL;
	const char **parents = NULL;
	hardconf_workspace *ws;
	char *base_name = NULL;
	size_t n = 0;
	int rc, resolved;

	if (out)
		*out = NULL;
	if (!out || !linter || !input || !valid(input)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	in.name = input->name ? input->name : input->path ? input->path : "<buffer>";
	in.path = input->path;
	in.data = input->data ? input->data : NULL;
	in.len = input->len;
	in.fd = in.data ? -1 : fd_of(input);
	in.mem_fd = -1;
	if (input->flags & HARDCONF_LINT_DISCOVER) {
		hardconf_discover_options o = HARDCONF_DISCOVER_OPTIONS_INIT;
		o.configuration = input->configuration;
		o.root = input->root;
		rc = hardconf_discover(&d, input->path, &o, err);
		if (rc != HARDCONF_OK)
			return rc;
		found = hardconf_discovery_chain(d);
		n = found->n_parents;
		chain.flags |= found->flags;
		/* valid() made sure of path; the analyzer cannot follow it there. */
		if (input->path && strcmp(hardconf_discovery_target(d), input->path) != 0) {
			/* The file is the transform of the base linted. */
			const char *target = hardconf_discovery_target(d);
			/* Its bytes given (data, or fd): the transform is the caller's. */
			int given = input->data || in.fd >= 0;
			base_name = input->name ? shown_base(input->name, target) : NULL;
			if (input->name && !base_name) {
				rc = HARDCONF_ENOMEM;
				goto out;
			}
			chain.transform = given ? in.name : input->path;
			in.mem_path = given ? in.name : NULL;
			in.mem_data = input->data;
			in.mem_len = input->len;
			in.mem_fd = in.fd;
			in.name = base_name ? base_name : target;
			in.path = target;
			in.data = NULL;
			in.len = 0;
			in.fd = -1;
		} else {
			chain.transform = found->transform;
		}
	}
	if (input->transform)
		chain.transform = input->transform;
	/* The caller resolved the folder of the file named (real_dir): it is
	 * there, and that is not asked again. */
	resolved = input->version >= 2 && input->real_dir && input->root && in.path == input->path;
	if ((in.data || in.fd >= 0) && in.path && !resolved && !folder_exists(in.path))
		in.path = NULL;
	chain.n_parents = input->n_parents + n;
	if (chain.n_parents) {
		parents = calloc(2 * chain.n_parents, sizeof *parents);
		if (!parents) {
			rc = HARDCONF_ENOMEM;
			goto out;
		}
		for (size_t k = 0; k < input->n_parents; k++) {
			parents[k] = input->parents[k];
			if (input->parent_transforms)
				parents[chain.n_parents + k] = input->parent_transforms[k];
		}
		for (size_t k = 0; k < n; k++) {
			parents[input->n_parents + k] = found->parents[k];
			parents[chain.n_parents + input->n_parents + k] =
				found->parent_transforms[k];
		}
		chain.parents = parents;
		chain.parent_transforms = parents + chain.n_parents;
	}
	chain.site_path = input->site_path;
	chain.inherited = input->inherited;
	in.root = input->root ? input->root : d ? hardconf_discovery_root(d) : NULL;
	/* The folder resolved by the caller, for the file named (not a base
	 * found for its transform). */
	if (resolved)
		in.real_dir = input->real_dir;
	in.listed = (input->flags & HARDCONF_LINT_LISTED) && in.path == input->path;
	chain.flags |= input->flags & (HARDCONF_CHAIN_QUIET_PARENTS | HARDCONF_CHAIN_SECRETS_ONLY);
	ws = workspace_of(input);
	in.keep = workspace_claim(ws);
	rc = call_lint(out, linter, &in, input->kind, &chain, err);
	if (in.keep)
		workspace_release(ws);
out:
	if (rc == HARDCONF_ENOMEM)
		error_set(err, rc, "%s: out of memory", in.name);
	free(parents);
	free(base_name);
	hardconf_discovery_free(d);
	return rc;
}
