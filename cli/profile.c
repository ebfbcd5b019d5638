/* profile.c - the command line merged with the nearest .hardconf. */
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
	char *path; /* the project file, or NULL for "none" */
	int broken; /* it could not be used (reported once) */
	struct profile profile;
	hardconf_config *config;
	hardconf_linter *linter;
};

struct profiles {
	const struct flags *flags;
	struct entry *entries;
	size_t n, cap;
	/* A walk lists a folder's files together: the last folder's answer
	 * saves resolving and stat()ing up the tree for each of them. */
	char *last_dir;
	size_t last_entry;
};

struct profiles *profiles_new(const struct flags *flags)
{
	struct profiles *p = calloc(1, sizeof *p);
	if (p)
		p->flags = flags;
	return p;
}

static int build(struct profiles *p, struct entry *e, hardconf_error *err)
{
	const struct flags *f = p->flags;
	hardconf_options *merged = NULL;
	hardconf_severity level;
	int rc;

	e->profile.fail_on = f->fail_on;
	if (e->config) {
		/* The command line wins over the project file. */
		rc = hardconf_config_merge(&merged, e->config, &f->options);
		if (rc != HARDCONF_OK) {
			snprintf(err->message, sizeof err->message, "%s", hardconf_strerror(rc));
			return rc;
		}
		if (!f->fail_on_set && hardconf_config_fail_on(e->config, &level))
			e->profile.fail_on = level;
	}
	rc = hardconf_linter_new(&e->linter, merged ? merged : &f->options, err);
	hardconf_options_free(merged);
	e->profile.linter = e->linter;
	e->profile.config = e->config;
	return rc;
}

static const struct profile *lookup(struct profiles *p, const char *path, hardconf_error *err);

const struct profile *profiles_for(struct profiles *p, const char *path, hardconf_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	const struct profile *found;
	char *dir;

	if (p->last_dir && strlen(p->last_dir) == n && strncmp(p->last_dir, path, n) == 0)
		return p->entries[p->last_entry].broken ? NULL : &p->entries[p->last_entry].profile;
	found = lookup(p, path, err);
	free(p->last_dir);
	p->last_dir = NULL;
	for (size_t k = 0; k < p->n; k++) {
		/* Remember the folder only for an answer kept in the table. */
		if (&p->entries[k].profile == found ||
		    (!found && p->entries[k].broken && k == p->n - 1)) {
			dir = malloc(n + 1);
			if (dir) {
				memcpy(dir, path, n);
				dir[n] = '\0';
				p->last_dir = dir;
				p->last_entry = k;
			}
			break;
		}
	}
	return found;
}

static const struct profile *lookup(struct profiles *p, const char *path, hardconf_error *err)
{
	char *file = NULL;
	struct entry *e;

	if (p->flags->config)
		file = strdup(p->flags->config);
	else if (!p->flags->no_config && hardconf_config_find(&file, path) != HARDCONF_OK)
		file = NULL; /* an unresolvable path: no project file; the lint reports it */
	for (size_t i = 0; i < p->n; i++) {
		e = &p->entries[i];
		if ((!file && !e->path) || (file && e->path && strcmp(file, e->path) == 0)) {
			free(file);
			return e->broken ? NULL : &e->profile;
		}
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 4;
		struct entry *entries = realloc(p->entries, cap * sizeof *entries);
		if (!entries) {
			free(file);
			return NULL;
		}
		p->entries = entries;
		p->cap = cap;
	}
	e = &p->entries[p->n];
	memset(e, 0, sizeof *e);
	e->path = file;
	p->n++;
	if ((file && hardconf_config_load(&e->config, file, err) != HARDCONF_OK) ||
	    build(p, e, err) != HARDCONF_OK) {
		e->broken = 1;
		return NULL;
	}
	return &e->profile;
}

void profiles_free(struct profiles *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->entries[i].path);
		hardconf_config_free(p->entries[i].config);
		hardconf_linter_free(p->entries[i].linter);
	}
	free(p->entries);
	free(p->last_dir);
	free(p);
}
