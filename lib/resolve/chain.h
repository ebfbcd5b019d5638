/*
 * chain.h - what a file is linted with: its parents, the transform
 * published over it, and the files it includes.
 */
#ifndef HC_CHAIN_H
#define HC_CHAIN_H

#include "scan/call.h"

/* One parent, as a file below reads it. */
struct parent_spec {
	const char *path;
	const char *transform; /* published with this Web.Release.config, or NULL */
	int folder;            /* a web.config in a folder above the target; else a
				  server file (machine.config, root web.config,
				  applicationHost.config) */
	const char *target;    /* the file linted, or NULL when not known yet (then a
				  <location path> reaches nothing, and the answer is
				  marked as depending on it: lint_file.scope_used) */
	const char *site;      /* a server file's scope: the target's IIS path, or NULL */
	const char *site_path; /* the application's IIS path, or NULL */
};

/* Reads and scans one parent as context for what follows; *scanned (may be
 * NULL) gets the index of the file scanned (the parent, or its transform's
 * result), SIZE_MAX when none could be. */
int read_parent(struct lint *l, const struct parent_spec *p, size_t *scanned, hardconf_error *err);

/* The IIS path of the file at target, for a server file's <location
 * path>: site_path, extended by the folders from the web.config at
 * outermost (the outermost folder parent, or NULL) down to target.
 * *out NULL without a site path.  HARDCONF_OK or HARDCONF_ENOMEM. */
int site_of(const char *site_path, const char *outermost, const char *target, char **out);

/* Reads and scans the parents, outermost first, each as context for the
 * next, each with its own transform when the chain names one. */
int read_parents(struct lint *l, const char *target, const hardconf_chain *chain,
		 hardconf_error *err);

/* Applies the transform at path to the target: the result becomes the
 * file scanned.  *applied is 0 when it could not be (each file is then
 * linted on its own). */
int apply_transform(struct lint *l, const char *path, int *applied, hardconf_error *err);

/* Secrets are leaks where they are written, even when the transform
 * replaces them: the base and the transform are read as they are, by the
 * secret rules only. */
int scan_origins_for_secrets(struct lint *l);

/* Follows the includes the file linted named (after it was scanned). */
int follow_includes(struct lint *l);

#endif
