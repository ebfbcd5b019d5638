/*
 * run.h - what the CLI lints and how: the list of targets (walked in sorted
 * order), and a pool of threads sharing one linter whose results come back
 * in target order through a bounded reorder window.
 */
#ifndef HC_CLI_RUN_H
#define HC_CLI_RUN_H

#include "hardconf.h"
#include "profile.h"

#include <stddef.h>
#include <sys/types.h>

struct target {
	char *path;  /* "-" for standard input */
	int walked;  /* found in a directory walk: skip files of no known kind */
	int regular; /* named, and a regular file when looked at (a walk lists only those) */
	const struct profile *profile; /* its linter and fail level */
	size_t parent;    /* a walked web.config: the target index of the web.config in the
			     nearest folder above it, or NO_PARENT */
	int is_parent;    /* a walked web.config: some target has it as parent */
	char *transform;  /* a walked web.config: its Web.<configuration>.config, or NULL */
	int secrets_only; /* another configuration's transform: only its secrets count */
	int ignored;      /* a walked file the project file ignores: not linted, still a parent */
	size_t arg;       /* the command-line argument it came from */
	/* A walked web.config with no parent in the walk: what it inherits from
	 * the folders above the walked directory, up to the project root. */
	hardconf_discovery *above;
	const char *root; /* a walked file: its folder's project root (in targets.roots), or NULL */
	/* A walked file: the real path of its folder, and of its project root
	 * (or of the working directory), resolved once per folder, or NULL. */
	const char *real_dir, *real_root;
	/* A file named: what discovery found when it was named (its parents,
	 * transform and root), or NULL to let the lint discover it. */
	hardconf_discovery *discovery;
};

#define NO_PARENT ((size_t)-1)

/* A file as the disk knows it: named twice, by any path, it is one. */
struct named_file {
	dev_t dev;
	ino_t ino;
	int used; /* a slot of targets.named holds it */
};

struct targets {
	struct target *items;
	size_t count, cap;
	int follow_links;          /* walk into symbolic links to directories */
	const char *configuration; /* pair Web.config with Web.<this>.config; NULL: never */
	const char *root;          /* --root, or NULL to find the project root */
	int alone;                 /* --alone: files named are linted without discovery */
	const char *stdin_name;    /* --stdin-filename, or NULL */
	struct profiles *profiles; /* told what each walked folder's listing says, or NULL */
	size_t n_args;             /* arguments added so far */
	size_t sized, bytes;       /* targets named as regular files, and their total size */
	/* What the run found, for warnings about options that did nothing. */
	int web_configs, transforms;  /* web.config files, and those paired with a transform */
	struct named_file *named;     /* named files as linted, to lint each once: an */
	size_t n_named, named_cap;    /* open-addressed set (a hook names thousands) */
	hardconf_discover_memo *memo; /* what discovery found about folders, or NULL */
	char **roots; /* project roots and real paths of walked folders, found once per folder */
	size_t n_roots;
	char *walk_real;            /* the directory being walked, as realpath() has it */
	char *named_dir;            /* the folder of the last file named, and its real path */
	const char *named_dir_real; /* (in roots), or NULL */
	const char *cwd_real;       /* the working directory's real path (in roots), or NULL */
};

/* Adds a command-line argument: a directory is walked (sorted; symbolic
 * links to directories followed only with follow_links, and never around a
 * loop; a folder's web.config first, as the parent of those below, with its
 * transform paired and not linted on its own; the top web.config inherits
 * from the folders above, up to the project root), anything else is added
 * as it is, once (a transform named with its base, or twice, is linted
 * once).  Problems are printed on stderr; returns non-zero if there was
 * one. */
int targets_add(struct targets *t, const char *arg);
void targets_free(struct targets *t);

/* How one target went: a report, or an error message. */
struct result {
	const struct target *target;
	hardconf_report *report; /* NULL on error */
	char error[600];
};

struct lint_setup {
	const hardconf_linter *linter;
	hardconf_kind kind;
	const char *stdin_name; /* --stdin-filename, or NULL */
	size_t max_file_size;
	const char *const *parents; /* --parent, outermost first */
	size_t n_parents;
	const char *site_path;     /* --site-path */
	const char *transform;     /* --transform, for the one file named */
	const char *configuration; /* --configuration, or NULL for none */
	const char *root;          /* --root, or NULL */
	int alone;                 /* --alone */
};

/* Lints every target with jobs threads (the calling thread one of them)
 * and calls emit for each result in target order, from the calling thread,
 * once all earlier ones are done and it is between two batches of its own.
 * emit must not keep the report.  Returns 0, or -1 if threads could
 * not be started (then nothing was linted). */
int run_targets(const struct lint_setup *setup, const struct targets *t, unsigned jobs,
		void (*emit)(void *ctx, const struct result *res), void *ctx);

#endif
