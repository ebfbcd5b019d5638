/* profile.c - the command line merged with the nearest .hardconf. */
#include "profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct entry {
	char *path; /* the project file, or NULL for "none" */
	int broken; /* it could not be used (reported once) */
	struct profile profile;
	hardconf_config *config;
	hardconf_linter *linter;
};

struct profiles {
	const struct flags *flags;
	/* Each entry allocated on its own: targets keep pointers to their
	 * profiles while the table grows. */
	struct entry **entries;
	size_t n, cap;
	/* A walk lists a folder's files together: the last folder's answer
	 * saves resolving and stat()ing up the tree for each of them. */
	char *last_dir;
	size_t last_entry;
	/* Each folder's project file, found once: a folder without one has its
	 * parent's (as walked), so a tree costs one probe per folder. */
	struct folder *folders; /* open addressing on the folder's name */
	size_t n_folders, cap_folders;
};

struct folder {
	char *dir;  /* NULL: an empty slot */
	char *file; /* its project file, or NULL for none */
};

static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

static struct folder *slot_of(struct folder *table, size_t cap, const char *dir)
{
	size_t i = (size_t)hash_of(dir) & (cap - 1);
	while (table[i].dir && strcmp(table[i].dir, dir) != 0)
		i = (i + 1) & (cap - 1);
	return &table[i];
}

/* Remembers dir's project file (both copied); 0, or -1 out of memory. */
static int remember(struct profiles *p, const char *dir, const char *file)
{
	struct folder *f;
	if (2 * (p->n_folders + 1) > p->cap_folders) {
		size_t cap = p->cap_folders ? 2 * p->cap_folders : 64;
		struct folder *table = calloc(cap, sizeof *table);
		if (!table)
			return -1;
		for (size_t i = 0; i < p->cap_folders; i++)
			if (p->folders[i].dir)
				*slot_of(table, cap, p->folders[i].dir) = p->folders[i];
		free(p->folders);
		p->folders = table;
		p->cap_folders = cap;
	}
	f = slot_of(p->folders, p->cap_folders, dir);
	f->dir = strdup(dir);
	f->file = file ? strdup(file) : NULL;
	if (!f->dir || (file && !f->file)) {
		free(f->dir);
		free(f->file);
		f->dir = f->file = NULL;
		return -1;
	}
	p->n_folders++;
	return 0;
}

/* The project file that governs the folder dir (as walked), in *out (a
 * copy, or NULL for none): its own .hardconf (own: 1 there, 0 not, -1 look),
 * else its parent folder's, looked up once per folder.  The top of a
 * relative path asks the library, which looks on up to the root.  0, or -1
 * when it cannot be found out. */
static int project_file(struct profiles *p, const char *dir, int own, char **out)
{
	struct folder *known = p->cap_folders ? slot_of(p->folders, p->cap_folders, dir) : NULL;
	char *probe, *parent = NULL, *slash = strrchr(dir, '/');
	int above = slash && slash != dir && strcmp(slash, "/..") != 0 && strcmp(slash, "/.") != 0;
	struct stat st;
	int rc = 0;

	*out = NULL;
	if (known && known->dir)
		return known->file && !(*out = strdup(known->file)) ? -1 : 0;
	/* Without a folder above it as written, the library looks here first:
	 * no probe of ours as well. */
	if (own < 0 && above) {
		probe = malloc(strlen(dir) + sizeof "/.hardconf");
		if (!probe)
			return -1;
		sprintf(probe, "%s/.hardconf", dir);
		own = stat(probe, &st) == 0 && S_ISREG(st.st_mode);
		free(probe);
	}
	if (!own && above)
		parent = strndup(dir, (size_t)(slash - dir));
	if (parent) {
		rc = project_file(p, parent, -1, out);
		free(parent);
	} else if (hardconf_config_find(out, dir) != HARDCONF_OK) {
		*out = NULL; /* an unresolvable path: no project file; the lint reports it */
	}
	if (rc == 0 && remember(p, dir, *out) != 0)
		rc = -1;
	if (rc != 0) { /* out of memory: nothing handed back */
		free(*out);
		*out = NULL;
	}
	return rc;
}

void profiles_listed(struct profiles *p, const char *dir, int own)
{
	char *file = NULL;
	if (p && !p->flags->config && !p->flags->no_config && project_file(p, dir, own, &file) == 0)
		free(file);
}

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
	if (!e->config && f->linter) {
		/* The command line alone: the linter built for it already. */
		e->profile.linter = f->linter;
		e->profile.config = NULL;
		return HARDCONF_OK;
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
		return p->entries[p->last_entry]->broken ? NULL
							 : &p->entries[p->last_entry]->profile;
	found = lookup(p, path, err);
	free(p->last_dir);
	p->last_dir = NULL;
	for (size_t k = 0; k < p->n; k++) {
		/* Remember the folder only for an answer kept in the table. */
		if (&p->entries[k]->profile == found ||
		    (!found && p->entries[k]->broken && k == p->n - 1)) {
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

	if (p->flags->config) {
		file = strdup(p->flags->config);
	} else if (!p->flags->no_config) {
		const char *slash = strrchr(path, '/');
		char *dir = !slash          ? strdup(".")
			    : slash == path ? strdup("/")
					    : strndup(path, (size_t)(slash - path));
		if (!dir || project_file(p, dir, -1, &file) != 0)
			file = NULL;
		free(dir);
	}
	for (size_t i = 0; i < p->n; i++) {
		e = p->entries[i];
		if ((!file && !e->path) || (file && e->path && strcmp(file, e->path) == 0)) {
			free(file);
			return e->broken ? NULL : &e->profile;
		}
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 4;
		/* An array of pointers: the size of one pointer is meant. */
		/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
		struct entry **entries = realloc(p->entries, cap * sizeof *entries);
		if (!entries) {
			free(file);
			return NULL;
		}
		p->entries = entries;
		p->cap = cap;
	}
	if (!(e = calloc(1, sizeof *e))) {
		free(file);
		return NULL;
	}
	e->path = file;
	p->entries[p->n++] = e;
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
		free(p->entries[i]->path);
		hardconf_config_free(p->entries[i]->config);
		hardconf_linter_free(p->entries[i]->linter);
		free(p->entries[i]);
	}
	for (size_t i = 0; i < p->cap_folders; i++) {
		free(p->folders[i].dir);
		free(p->folders[i].file);
	}
	free(p->folders);
	free(p->entries);
	free(p->last_dir);
	free(p);
}
