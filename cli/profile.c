/* profile.c - the command line merged with the nearest .hardconf. */
#include "profile.h"

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

static int listed(const char *const *list, const char *id)
{
	for (; list && *list; list++)
		if (strcasecmp(*list, id) == 0)
			return 1;
	return 0;
}

/* The project file's ids, less those the command line turns the other way,
 * then the command line's own: the command line wins. */
static const char **merge(const char *const *file, const char *const *cli,
			  const char *const *cli_opposite)
{
	size_t n = 0, k = 0;
	const char **out;
	for (const char *const *p = file; p && *p; p++)
		n++;
	for (const char *const *p = cli; p && *p; p++)
		n++;
	out = calloc(n + 1, sizeof *out);
	if (!out)
		return NULL;
	for (const char *const *p = file; p && *p; p++)
		if (!listed(cli_opposite, *p))
			out[k++] = *p;
	for (const char *const *p = cli; p && *p; p++)
		out[k++] = *p;
	return out;
}

static int build(struct profiles *p, struct entry *e, hardconf_error *err)
{
	const struct flags *f = p->flags;
	hardconf_options o = f->options;
	const hardconf_severity_override *mine = f->options.severities;
	hardconf_severity_override *grades = NULL;
	const char **enable = NULL, **disable = NULL;
	hardconf_severity level;
	int rc;

	e->profile.fail_on = f->fail_on;
	if (e->config) {
		hardconf_options file = HARDCONF_OPTIONS_INIT;
		hardconf_config_apply(e->config, &file);
		enable = merge(file.enable, f->options.enable, f->options.disable);
		disable = merge(file.disable, f->options.disable, f->options.enable);
		grades = calloc(file.n_severities + f->options.n_severities + 1, sizeof *grades);
		if (!enable || !disable || !grades) {
			rc = HARDCONF_ENOMEM;
			goto out;
		}
		/* Later grades win: the file's first, then the command line's. */
		/* memcpy must not see NULL, even for no bytes. */
		if (file.n_severities)
			memcpy(grades, file.severities, file.n_severities * sizeof *grades);
		if (f->options.n_severities)
			memcpy(grades + file.n_severities, mine,
			       f->options.n_severities * sizeof *grades);
		o.enable = enable;
		o.disable = disable;
		o.severities = grades;
		o.n_severities = file.n_severities + f->options.n_severities;
		if (!f->fail_on_set && hardconf_config_fail_on(e->config, &level))
			e->profile.fail_on = level;
	}
	rc = hardconf_linter_new(&e->linter, &o, err);
out:
	free(enable);
	free(disable);
	free(grades);
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
