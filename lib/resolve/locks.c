/*
 * locks.c - HC0010: a file changes what a parent locked.
 *
 * Only chains have locks to break: the parents' locks are collected while
 * they are read (lint_is_context), and the file linted is checked against
 * them element by element.  A lock binds files below the one that sets it,
 * never the file itself, so nothing here looks at a single file.
 */
#include "resolve/locks.h"

#include "resolve/origin.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lock_kind {
	LOCK_SECTION,        /* the whole element: allowOverride="false", lockItem */
	LOCK_DEFAULT_DENY,   /* a section declared overrideModeDefault="Deny" */
	LOCK_ATTRS,          /* lockAttributes ("*": all) */
	LOCK_ATTRS_EXCEPT,   /* lockAllAttributesExcept */
	LOCK_CHILDREN,       /* lockElements ("*": all) */
	LOCK_CHILDREN_EXCEPT /* lockAllElementsExcept */
};

/* A lock's list of names ("a, b,c"), split once and sorted: a parent's
 * list may be a megabyte long, and it is asked about for every child and
 * attribute of the files below (40,000 children against a 40,000-name list
 * took 10 s).  One block, copied whole: the names' offsets, sorted by name,
 * then their text, each name ended by a NUL. */
struct names {
	size_t n, slots, size; /* names; offsets there is room for; bytes */
	int all;               /* "*": every name */
	size_t at[];           /* offsets in names_text(), sorted by name */
};

static const char *names_text(const struct names *x)
{
	return (const char *)(x->at + x->slots);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The list of len bytes at list, split; NULL when memory ran out. */
static struct names *names_new(const char *list, size_t len)
{
	size_t slots = 1;
	const char **sorted;
	struct names *x;
	char *text;
	for (size_t i = 0; i < len; i++)
		slots += list[i] == ',';
	sorted = malloc(slots * sizeof *sorted);
	x = malloc(sizeof *x + slots * sizeof *x->at + len + 1);
	if (!sorted || !x) {
		free(sorted);
		free(x);
		return NULL;
	}
	*x = (struct names){0, slots, sizeof *x + slots * sizeof *x->at + len + 1, 0};
	text = (char *)(x->at + slots);
	memcpy(text, list, len);
	text[len] = '\0';
	/* As written: spaces and commas before a name, spaces after it. */
	for (char *p = text; *p;) {
		char *end;
		size_t n;
		int more;
		while (*p == ' ' || *p == ',')
			p++;
		end = p + strcspn(p, ",");
		more = *end == ',';
		for (n = (size_t)(end - p); n > 0 && p[n - 1] == ' ';)
			n--;
		if (n == 1 && *p == '*')
			x->all = 1;
		else if (n > 0)
			sorted[x->n++] = p;
		p[n] = '\0';
		p = more ? end + 1 : end;
	}
	qsort(sorted, x->n, sizeof *sorted, by_name);
	for (size_t i = 0; i < x->n; i++)
		x->at[i] = (size_t)(sorted[i] - text);
	free(sorted);
	return x;
}

static struct names *names_copy(const struct names *x)
{
	struct names *copy = malloc(x->size);
	if (copy)
		memcpy(copy, x, x->size);
	return copy;
}

struct lock {
	enum lock_kind kind;
	char *path;          /* the locked element's path */
	struct names *names; /* the attribute's list, split (never NULL) */
	struct anchor at;    /* where the parent locks it */
	const char *by;      /* how, for the message */
	int unlocked;        /* LOCK_DEFAULT_DENY lifted by overrideMode="Allow" */
	char *item;          /* a collection entry's lock: its key (path is then the
				collection's), or NULL */
};

#define MAX_GROUP_DEPTH 16
/* Real configurations lock a handful of settings and declare a few dozen
 * groups (a stock applicationHost.config: about 40 Deny sections).  Every
 * element of the file linted is compared with every lock, so a hostile
 * parent must not bring 100,000 of them: past these counts the rest are
 * not modelled. */
#define MAX_LOCKS 1024
#define MAX_GROUPS 1024

struct lock_ref {
	const char *path; /* the lock's */
	size_t i;         /* its place in locks_state.items */
};

struct locks_state {
	struct lock *items;
	size_t n, cap;
	char **groups; /* section groups declared in <configSections> */
	size_t n_groups, cap_groups;
	char *group_stack[MAX_GROUP_DEPTH]; /* the paths of the <sectionGroup>s open */
	/* Inside a parent's <location> that locks or unlocks what it holds. */
	const char *location_by;
	struct anchor location_at;
	int location_allows;
	char *reported; /* a locked section reported: not again for its children */
	/* The locks in order of their paths (then as recorded), made once a
	 * file has had a few elements checked; for how many locks. */
	struct lock_ref *by_path;
	size_t indexed, checked;
};

static struct locks_state *state(struct lint *l)
{
	return lint_state(l, &family_locks);
}

/* Section groups every .NET and IIS configuration has (machine.config and
 * applicationHost.config declare them; a chain may lack both). */
static const char *const builtin_groups[] = {
	"system.web",
	"system.webServer",
	"system.webServer/security",
	"system.webServer/security/authentication",
	"system.applicationHost",
	"system.net",
	"system.net/mailSettings",
	"system.serviceModel",
	"system.web.extensions",
	"system.web.extensions/scripting",
	"system.web.extensions/scripting/webServices",
	"system.ftpServer",
	"system.ftpServer/security",
	"system.transactions",
	"system.xml.serialization",
	"system.runtime.serialization",
	"system.identityModel",
	"system.identityModel.services",
};

static int is_group(const struct locks_state *s, const char *path, size_t len)
{
	for (size_t i = 0; i < sizeof builtin_groups / sizeof *builtin_groups; i++)
		if (strlen(builtin_groups[i]) == len && memcmp(builtin_groups[i], path, len) == 0)
			return 1;
	for (size_t i = 0; i < s->n_groups; i++)
		if (strlen(s->groups[i]) == len && memcmp(s->groups[i], path, len) == 0)
			return 1;
	return 0;
}

/* A section: an element whose parent is the root or a section group, and
 * that is no group itself. */
static int is_section(const struct locks_state *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t parent = slash ? (size_t)(slash - path) : 0;
	return (parent == 0 || is_group(s, path, parent)) && !is_group(s, path, strlen(path));
}

static int same_value(const struct xml_attr *a, const char *value)
{
	size_t n = strlen(value);
	return a && a->value_len == n && ascii_ncasecmp(a->value, value, n) == 0;
}

/* Whether name is in the list ("*" holds every name). */
static int listed(const struct names *x, const char *name)
{
	const char *text = names_text(x);
	size_t lo = 0, hi = x->n;
	if (x->all)
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(text + x->at[mid], name);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The key of a collection entry (<add key> or <add name>, the same in
 * <remove>), or NULL for any other element. */
static const struct xml_attr *entry_key(struct lint *l, const struct element *e)
{
	const struct xml_attr *key;
	if (strcmp(e->name, "add") != 0 && strcmp(e->name, "remove") != 0)
		return NULL;
	key = element_attr(l, e, "key");
	return key ? key : element_attr(l, e, "name");
}

/* Adds a lock of path (of a collection entry: item is its key, and path
 * the collection's). */
static void add_lock(struct lint *l, enum lock_kind kind, const char *path,
		     const struct xml_attr *names, const struct xml_attr *item, struct anchor at,
		     const char *by)
{
	struct locks_state *s = state(l);
	struct lock *k;
	if (s->n >= MAX_LOCKS)
		return;
	k = array_grow(s->items, &s->cap, s->n + 1, sizeof *k);
	if (!k) {
		lint_out_of_memory(l);
		return;
	}
	s->items = k;
	k += s->n;
	memset(k, 0, sizeof *k);
	k->path = str_dup(path);
	k->names = names ? names_new(names->value, names->value_len) : names_new("", 0);
	k->item = item ? str_ndup(item->value, item->value_len) : NULL;
	if (!k->path || !k->names || (item && !k->item)) {
		free(k->path);
		free(k->names);
		free(k->item);
		lint_out_of_memory(l);
		return;
	}
	if (k->item) /* the entry's collection */
		k->path[strrchr(k->path, '/') ? strrchr(k->path, '/') - k->path : 0] = '\0';
	k->kind = kind;
	k->at = at;
	k->by = by;
	s->n++;
}

/* ---- Reading the parents ------------------------------------------------- */

/* <configSections>: section groups, and IIS sections locked by default. */
static void declare(struct lint *l, struct locks_state *s, const struct element *e,
		    const char *path)
{
	const struct xml_attr *name = element_attr(l, e, "name");
	size_t depth = 0, len = 0;
	char group[512];

	for (const char *p = path; (p = strstr(p, "sectionGroup")) != NULL; p++)
		depth++;
	if (!name || name->value_len == 0 || name->value_len >= 128)
		return;
	if (strcmp(e->name, "sectionGroup") == 0)
		depth--;
	if (depth >= MAX_GROUP_DEPTH)
		return;
	/* The innermost open group's path, then this name. */
	if (depth > 0 && s->group_stack[depth - 1]) {
		len = strlen(s->group_stack[depth - 1]);
		if (len + 2 >= sizeof group)
			return;
		memcpy(group, s->group_stack[depth - 1], len);
	}
	if (len + name->value_len + 2 >= sizeof group)
		return;
	if (len)
		group[len++] = '/';
	memcpy(group + len, name->value, name->value_len);
	group[len + name->value_len] = '\0';

	if (strcmp(e->name, "sectionGroup") == 0 && s->n_groups < MAX_GROUPS) {
		char **groups =
			array_grow(s->groups, &s->cap_groups, s->n_groups + 1, sizeof *groups);
		char *copy = groups ? str_dup(group) : NULL;
		if (groups)
			s->groups = groups;
		if (!copy) {
			lint_out_of_memory(l);
			return;
		}
		s->groups[s->n_groups++] = copy;
		s->group_stack[depth] = copy;
		for (size_t i = depth + 1; i < MAX_GROUP_DEPTH; i++)
			s->group_stack[i] = NULL;
	} else if (strcmp(e->name, "section") == 0 &&
		   same_value(element_attr(l, e, "overrideModeDefault"), "Deny")) {
		add_lock(l, LOCK_DEFAULT_DENY, group, NULL, NULL, at_attr(e, "overrideModeDefault"),
			 "overrideModeDefault=\"Deny\"");
	}
}

static void record(struct lint *l, struct locks_state *s, const struct element *e, const char *path)
{
	static const struct {
		const char *attr;
		enum lock_kind kind;
	} lists[] = {
		{"lockAttributes", LOCK_ATTRS},
		{"lockAllAttributesExcept", LOCK_ATTRS_EXCEPT},
		{"lockElements", LOCK_CHILDREN},
		{"lockAllElementsExcept", LOCK_CHILDREN_EXCEPT},
	};

	if (strncmp(path, "configSections/", 15) == 0) {
		declare(l, s, e, path);
		return;
	}
	if (is_section(s, path)) {
		if (s->location_by)
			add_lock(l, LOCK_SECTION, path, NULL, NULL, s->location_at, s->location_by);
		else if (s->location_allows)
			for (size_t i = 0; i < s->n; i++)
				if (s->items[i].kind == LOCK_DEFAULT_DENY &&
				    strcmp(s->items[i].path, path) == 0)
					s->items[i].unlocked = 1;
	}
	/* On a collection entry, a lock binds that entry only. */
	const struct xml_attr *item = entry_key(l, e);

	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		const struct xml_attr *a = element_attr(l, e, lists[i].attr);
		if (a && a->value_len > 0)
			add_lock(l, lists[i].kind, path, a, item, at_attr(e, lists[i].attr),
				 lists[i].attr);
	}
	if (same_value(element_attr(l, e, "lockItem"), "true") && strcmp(e->name, "clear") != 0)
		add_lock(l, LOCK_SECTION, path, NULL, item, at_attr(e, "lockItem"),
			 "lockItem=\"true\"");
}

static void location_start(struct lint *l, const struct element *e, const void *arg)
{
	struct locks_state *s = state(l);
	const struct xml_attr *allow = element_attr(l, e, "allowOverride");
	const struct xml_attr *mode = element_attr(l, e, "overrideMode");
	(void)arg;

	if (!lint_is_context(l))
		return;
	if (same_value(allow, "false")) {
		s->location_by = "allowOverride=\"false\"";
		s->location_at = at_attr(e, "allowOverride");
	} else if (same_value(mode, "Deny")) {
		s->location_by = "overrideMode=\"Deny\"";
		s->location_at = at_attr(e, "overrideMode");
	}
	s->location_allows = same_value(mode, "Allow");
}

static void location_end(struct lint *l, const void *arg)
{
	struct locks_state *s = state(l);
	(void)arg;
	s->location_by = NULL;
	s->location_allows = 0;
}

/* ---- Checking the file linted -------------------------------------------- */

static void violation(struct lint *l, const struct lock *k, struct anchor at, const char *what)
{
	char place[256];
	lint_place(l, k->at, place, sizeof place);
	lint_report(l, RULE_HC0010, at,
		    "%s is locked by %s (%s): a file below cannot change it, so this fails with "
		    "HTTP 500.19 or a configuration error; remove it here or unlock it there",
		    what, k->by, place);
}

static int under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A collection entry the parent locked, met again in the file: removed, or
 * added with what the lock covers. */
static void check_entry(struct lint *l, const struct lock *k, const struct element *e)
{
	char what[160];
	snprintf(what, sizeof what, "the entry \"%s\"", k->item);
	if (k->kind == LOCK_SECTION || strcmp(e->name, "remove") == 0) {
		violation(l, k, at_element(e), what);
		return;
	}
	if (k->kind != LOCK_ATTRS && k->kind != LOCK_ATTRS_EXCEPT)
		return;
	for (size_t j = 0; j < e->n_attrs; j++) {
		const struct xml_attr *a = &e->attrs[j];
		if (a->prefix || strncmp(a->name, "lock", 4) == 0 || strcmp(a->name, "key") == 0 ||
		    strcmp(a->name, "name") == 0 ||
		    listed(k->names, a->name) != (k->kind == LOCK_ATTRS))
			continue;
		snprintf(what, sizeof what, "%s of the entry \"%s\"", a->name, k->item);
		violation(l, k, at_attr(e, a->name), what);
	}
}

/* Checks e (at path, its parent's ending at parent_len) against lock k;
 * returns 1 when nothing more is to be said of e. */
static int check_lock(struct lint *l, struct locks_state *s, const struct lock *k,
		      const struct element *e, const char *path, size_t parent_len,
		      const struct xml_attr *key)
{
	char what[160];
	if (k->item) {
		/* An entry's lock: the same key, added again or removed. */
		if (key && key->value_len == strlen(k->item) &&
		    ascii_ncasecmp(key->value, k->item, key->value_len) == 0 &&
		    strlen(k->path) == parent_len && strncmp(k->path, path, parent_len) == 0)
			check_entry(l, k, e);
		return 0;
	}
	if ((k->kind == LOCK_SECTION ||
	     (k->kind == LOCK_DEFAULT_DENY && !k->unlocked && lint_kind(l) == HARDCONF_KIND_WEB)) &&
	    strcmp(k->path, path) == 0) {
		snprintf(what, sizeof what, "<%s>", e->name);
		violation(l, k, at_element(e), what);
		if (!(s->reported = str_dup(path)))
			lint_out_of_memory(l);
		return 1;
	}
	if ((k->kind == LOCK_ATTRS || k->kind == LOCK_ATTRS_EXCEPT) && strcmp(k->path, path) == 0) {
		for (size_t j = 0; j < e->n_attrs; j++) {
			const struct xml_attr *a = &e->attrs[j];
			if (a->prefix || strncmp(a->name, "lock", 4) == 0 ||
			    listed(k->names, a->name) != (k->kind == LOCK_ATTRS))
				continue;
			snprintf(what, sizeof what, "%s %s", e->name, a->name);
			violation(l, k, at_attr(e, a->name), what);
		}
	}
	if ((k->kind == LOCK_CHILDREN || k->kind == LOCK_CHILDREN_EXCEPT) &&
	    strlen(k->path) == parent_len && strncmp(k->path, path, parent_len) == 0 &&
	    listed(k->names, e->name) == (k->kind == LOCK_CHILDREN)) {
		snprintf(what, sizeof what, "<%s> in %s", e->name, k->path);
		violation(l, k, at_element(e), what);
	}
	return 0;
}

static int by_path_order(const void *pa, const void *pb)
{
	const struct lock_ref *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : a->i < b->i ? -1 : a->i > b->i;
}

/* The index of locks by path (see locks_state), or 0 when memory ran out
 * (then every lock is checked). */
static int index_locks(struct locks_state *s)
{
	struct lock_ref *refs = realloc(s->by_path, s->n * sizeof *refs);
	if (!refs)
		return 0;
	s->by_path = refs;
	for (size_t i = 0; i < s->n; i++)
		refs[i] = (struct lock_ref){s->items[i].path, i};
	qsort(refs, s->n, sizeof *refs, by_path_order);
	s->indexed = s->n;
	return 1;
}

/* The locks in the index whose path is (key, len): from *first on, how
 * many. */
static size_t locks_at(const struct locks_state *s, const char *key, size_t len, size_t *first)
{
	size_t lo = 0, hi = s->n, n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		/* A path that starts with key sorts after it, as one equal. */
		if (strncmp(s->by_path[mid].path, key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < s->n && strncmp(s->by_path[lo + n].path, key, len) == 0 &&
	       s->by_path[lo + n].path[len] == '\0')
		n++;
	return n;
}

/* A file's elements are each compared with the locks: past this many
 * elements, only with those whose path is theirs or their parent's (a
 * parent may hold a thousand: 1.2 s for a 6 MB file). */
#define CHECKS_BEFORE_INDEX 64

static void check(struct lint *l, struct locks_state *s, const struct element *e, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t parent_len = slash ? (size_t)(slash - path) : 0;
	size_t a, na, b, nb;

	if (s->reported && under(path, s->reported))
		return;
	free(s->reported);
	s->reported = NULL;
	const struct xml_attr *key = entry_key(l, e);

	if (s->checked++ < CHECKS_BEFORE_INDEX || (s->indexed != s->n && !index_locks(s))) {
		for (size_t i = 0; i < s->n; i++)
			if (check_lock(l, s, &s->items[i], e, path, parent_len, key))
				return;
		return;
	}
	/* The locks of path and of its parent, each run in recorded order:
	 * merged, they are checked in the order the loop above takes. */
	na = locks_at(s, path, strlen(path), &a);
	nb = locks_at(s, path, parent_len, &b);
	while (na || nb) {
		size_t i;
		if (!nb || (na && s->by_path[a].i < s->by_path[b].i)) {
			i = s->by_path[a++].i;
			na--;
		} else {
			i = s->by_path[b++].i;
			nb--;
		}
		if (check_lock(l, s, &s->items[i], e, path, parent_len, key))
			return;
	}
}

static void element(struct lint *l, const struct element *e)
{
	struct locks_state *s = state(l);
	const char *path = lint_path(l);
	if (lint_is_context(l))
		record(l, s, e, path);
	else if (s->n)
		check(l, s, e, path);
}

static void free_state(void *state)
{
	struct locks_state *s = state;
	for (size_t i = 0; i < s->n; i++) {
		free(s->items[i].path);
		free(s->items[i].names);
		free(s->items[i].item);
	}
	for (size_t i = 0; i < s->n_groups; i++)
		free(s->groups[i]);
	free(s->items);
	free(s->groups);
	free(s->reported);
	free(s->by_path);
}

/* A child starts with what its parents locked: the copies are its own. */
static int clone_state(void *dst, const void *src)
{
	struct locks_state *d = dst;
	const struct locks_state *s = src;
	*d = *s;
	d->items = NULL;
	d->groups = NULL;
	d->n = d->n_groups = d->cap = d->cap_groups = 0;
	d->reported = NULL;
	d->by_path = NULL;
	d->indexed = d->checked = 0;
	if (array_dup((void **)&d->items, &d->cap, s->items, s->n, sizeof *s->items) != 0 ||
	    array_dup((void **)&d->groups, &d->cap_groups, s->groups, s->n_groups,
		      sizeof *s->groups) != 0)
		return -1;
	/* Each string is copied as it is counted, so free_state frees only
	 * what was copied. */
	for (; d->n < s->n; d->n++) {
		struct lock *k = &d->items[d->n];
		k->path = str_dup(s->items[d->n].path);
		k->names = names_copy(s->items[d->n].names);
		k->item = s->items[d->n].item ? str_dup(s->items[d->n].item) : NULL;
		if (!k->path || !k->names || (s->items[d->n].item && !k->item)) {
			free(k->path);
			free(k->names);
			free(k->item);
			return -1;
		}
	}
	for (; d->n_groups < s->n_groups; d->n_groups++)
		if (!(d->groups[d->n_groups] = str_dup(s->groups[d->n_groups])))
			return -1;
	for (size_t i = 0; i < MAX_GROUP_DEPTH; i++) {
		d->group_stack[i] = NULL;
		for (size_t g = 0; s->group_stack[i] && g < s->n_groups; g++)
			if (s->group_stack[i] == s->groups[g])
				d->group_stack[i] = d->groups[g];
	}
	if (s->reported && !(d->reported = str_dup(s->reported)))
		return -1;
	return 0;
}

static const struct hook hooks[] = {
	{"location", K_CONFIG, location_start, location_end, NULL},
};

const struct family family_locks = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct locks_state),
	.free_state = free_state,
	.element = element,
	.chained = 1,
	.clone_state = clone_state,
};
