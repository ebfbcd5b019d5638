/*
 * collections.c - configuration collections merged across a chain (see
 * collections.h).  Carried from parent to child: the child starts with
 * what the files above left.
 */
#include "resolve/collections.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entries rules ask about.  The request-filtering lists are those the
 * stock applicationHost.config of IIS 7.5 to 10 and IIS Express hides and
 * denies (<hiddenSegments>, the allowed="false" <fileExtensions>). */
static const char *const header_keys[] = {"X-Powered-By"};

static const char *const stock_segments[] = {
	"web.config",        "bin",      "App_code",    "App_GlobalResources", "App_LocalResources",
	"App_WebReferences", "App_Data", "App_Browsers"};

static const char *const stock_extensions[] = {
	".asa",       ".asax",        ".ascx",         ".master",  ".skin",
	".browser",   ".sitemap",     ".config",       ".cs",      ".csproj",
	".vb",        ".vbproj",      ".webinfo",      ".licx",    ".resx",
	".resources", ".mdb",         ".vjsproj",      ".java",    ".jsl",
	".ldb",       ".dsdgm",       ".ssdgm",        ".lsad",    ".ssmap",
	".cd",        ".dsprototype", ".lsaprototype", ".sdm",     ".sdmDocument",
	".mdf",       ".ldf",         ".ad",           ".dd",      ".ldd",
	".sd",        ".adprototype", ".lddprototype", ".exclude", ".refresh",
	".compiled",  ".msgx",        ".vsdisco",      ".rules"};

_Static_assert(sizeof stock_extensions / sizeof *stock_extensions == 44,
	       "the stock list denies 44 extensions");

struct collection_def {
	enum collection_id id;
	const char *key, *kept;
	const char *const *keys;
	size_t n_keys;
};

#define COLLECTION(name, kinds, path, key, kept, keys)                                       \
	static const struct collection_def def_##name = {COLLECTION_##name, key, kept, keys, \
							 sizeof(keys) / sizeof *(keys)};
#include "resolve/collections.def"
#undef COLLECTION

enum { FILE_LEVEL, LOCATION };

struct collections_state {
	struct collection_view views[N_COLLECTIONS][2];
};

static struct collections_state *state(struct lint *l)
{
	return lint_state(l, &family_collections);
}

static void view_free(struct collection_view *v)
{
	free(v->entries);
	free(v->removals);
	memset(v, 0, sizeof *v);
}

/* Copies src's entries (not its removals) into dst, emptied first. */
static int view_copy(struct collection_view *dst, const struct collection_view *src)
{
	view_free(dst);
	return array_dup((void **)&dst->entries, &dst->cap, src->entries, src->n,
			 sizeof *src->entries) == 0
		       ? (dst->n = src->n, 0)
		       : -1;
}

static void free_state(void *p)
{
	struct collections_state *s = p;
	for (size_t i = 0; i < N_COLLECTIONS; i++) {
		view_free(&s->views[i][FILE_LEVEL]);
		view_free(&s->views[i][LOCATION]);
	}
}

/* A child starts with the file level its parents left, and no removals of
 * its own. */
static int clone_state(void *dst, const void *src)
{
	struct collections_state *d = dst;
	const struct collections_state *s = src;
	for (size_t i = 0; i < N_COLLECTIONS; i++)
		if (view_copy(&d->views[i][FILE_LEVEL], &s->views[i][FILE_LEVEL]) != 0)
			return -1;
	for (size_t i = 0; i < N_COLLECTIONS; i++)
		for (size_t k = 0; k < d->views[i][FILE_LEVEL].n; k++)
			d->views[i][FILE_LEVEL].entries[k].inherited = 1;
	return 0;
}

/* Inside a <location path> of the file linted (until its scope ended): a
 * parent's locations reach the file, as its own level, or were left out. */
static int scope_of(const struct lint *l)
{
	return !lint_is_context(l) && lint_in_path_location(l) ? LOCATION : FILE_LEVEL;
}

const struct collection_view *collection_view(struct lint *l, enum collection_id id)
{
	return &state(l)->views[id][scope_of(l)];
}

const char *const *collection_keys(enum collection_id id, size_t *n)
{
	static const struct collection_def *const defs[] = {
#define COLLECTION(name, ...) &def_##name,
#include "resolve/collections.def"
#undef COLLECTION
	};
	*n = defs[id]->n_keys;
	return defs[id]->keys;
}

/* Whether rules ask about key. */
static int asked(const struct collection_def *d, const char *key)
{
	for (size_t i = 0; i < d->n_keys; i++)
		if (ascii_casecmp(d->keys[i], key) == 0)
			return 1;
	return 0;
}

const struct collection_entry *collection_find(const struct collection_view *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (ascii_casecmp(v->entries[i].key, key) == 0)
			return &v->entries[i];
	return NULL;
}

/* The view an edit of the element now scanned goes to.  In a transform
 * linted alone the elements left (its removals are not scanned) are what
 * it puts into the result: an <add> inserted is added. */
static struct collection_view *target(struct lint *l, const struct collection_def *d)
{
	return &state(l)->views[d->id][scope_of(l)];
}

static void drop(struct collection_view *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (!key || ascii_casecmp(v->entries[i].key, key) == 0) {
			memmove(&v->entries[i], &v->entries[i + 1],
				(v->n - i - 1) * sizeof *v->entries);
			v->n--;
			i--;
		}
}

static void note_removal(struct lint *l, struct collection_view *v, const char *key,
			 struct anchor at)
{
	struct collection_removal *r;
	if (lint_is_context(l))
		return; /* the parents' removals are theirs to judge */
	/* The first removal of a key (or the first <clear/>) is what rules
	 * name: later ones add nothing, and are not kept. */
	for (size_t i = 0; i < v->n_removals; i++)
		if (ascii_casecmp(v->removals[i].key, key) == 0)
			return;
	r = array_grow(v->removals, &v->removals_cap, v->n_removals + 1, sizeof *r);
	if (!r) {
		lint_out_of_memory(l);
		return;
	}
	v->removals = r;
	r = &r[v->n_removals++];
	memset(r, 0, sizeof *r);
	snprintf(r->key, sizeof r->key, "%s", key);
	r->at = at;
}

static void add(struct lint *l, const struct element *e, const void *arg)
{
	const struct collection_def *d = arg;
	struct collection_view *v = target(l, d);
	struct collection_entry *p, entry = {0};

	if (!element_attr_text(l, e, d->key, entry.key, sizeof entry.key) || !asked(d, entry.key))
		return;
	if (d->kept && element_attr_text(l, e, d->kept, entry.kept, sizeof entry.kept))
		entry.kept_at = at_attr(e, d->kept);
	entry.at = at_attr(e, d->key);
	entry.inherited = lint_is_context(l);
	/* A second <add> of one key is an error the configuration system
	 * reports; the later one is taken. */
	drop(v, entry.key);
	p = array_grow(v->entries, &v->cap, v->n + 1, sizeof *p);
	if (!p) {
		lint_out_of_memory(l);
		return;
	}
	v->entries = p;
	p[v->n++] = entry;
}

static void remove_entry(struct lint *l, const struct element *e, const void *arg)
{
	const struct collection_def *d = arg;
	struct collection_view *v = target(l, d);
	char key[96];

	if (!element_attr_text(l, e, d->key, key, sizeof key) || !asked(d, key))
		return;
	drop(v, key);
	note_removal(l, v, key, at_attr(e, d->key));
}

static void clear(struct lint *l, const struct element *e, const void *arg)
{
	const struct collection_def *d = arg;
	struct collection_view *v = target(l, d);

	drop(v, NULL);
	note_removal(l, v, "", at_element(e));
}

/* A <location path> of the file linted starts views of its own from the
 * file level (kept until the next one, so that rules can read them when
 * the scope ends). */
static void location_start(struct lint *l, const struct element *e, const void *arg)
{
	struct collections_state *s = state(l);
	(void)e, (void)arg;
	if (scope_of(l) != LOCATION)
		return;
	for (size_t i = 0; i < N_COLLECTIONS; i++) {
		struct collection_view *v = &s->views[i][LOCATION];
		if (view_copy(v, &s->views[i][FILE_LEVEL]) != 0) {
			lint_out_of_memory(l);
			return;
		}
		/* The location inherits the file level's entries. */
		for (size_t k = 0; k < v->n; k++)
			v->entries[k].inherited = 1;
	}
}

static const struct hook hooks[] = {
	{"location", 0, location_start, NULL, NULL},
#define COLLECTION(name, kinds, path, ...)                                \
	{path "/add", kinds, add, NULL, &def_##name},                     \
		{path "/remove", kinds, remove_entry, NULL, &def_##name}, \
		{path "/clear", kinds, clear, NULL, &def_##name},
#include "resolve/collections.def"
#undef COLLECTION
};

const struct family family_collections = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct collections_state),
	.free_state = free_state,
	.chained = 1,
	.clone_state = clone_state,
};
