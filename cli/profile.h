/*
 * profile.h - what each file is linted with: the command line's settings
 * merged with those of the nearest .hardconf (the command line wins), one
 * linter per project file, built once.
 */
#ifndef HC_CLI_PROFILE_H
#define HC_CLI_PROFILE_H

#include "hardconf.h"

struct flags {
	hardconf_options options;  /* limits; enable, disable, severities from the command line */
	const char *config;        /* --config FILE, or NULL to look for .hardconf */
	int no_config;             /* --no-config */
	int fail_on_set;           /* --fail-on given */
	hardconf_severity fail_on; /* 0: never */
	/* Built from options, or NULL: files with no project file use it
	 * rather than a second linter built the same way. */
	const hardconf_linter *linter;
};

struct profile {
	const hardconf_linter *linter;
	const hardconf_config *config; /* NULL: none */
	hardconf_severity fail_on;     /* 0: never */
};

struct profiles;

/* Returns NULL when memory runs out. */
struct profiles *profiles_new(const struct flags *flags);

/* The profile for a path (a file, a folder being walked, or "-"); NULL with
 * err set when its project file is broken. */
const struct profile *profiles_for(struct profiles *p, const char *path, hardconf_error *err);

/* A walk listed the folder dir: own says whether a .hardconf is there (a
 * regular file, or a link to one), so profiles_for() does not look again. */
void profiles_listed(struct profiles *p, const char *dir, int own);

void profiles_free(struct profiles *p);

#endif
