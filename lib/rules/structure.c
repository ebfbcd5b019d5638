/*
 * structure.c - the shape of a configuration file: HC0007 (a section
 * given twice in one scope) and HC0008 (a <location path> that .NET rejects).
 *
 * Every child of <configuration> (but <location>) and of a section group
 * such as <system.web> is a configuration section, and the configuration
 * system allows each section once per scope: a second <compilation> in the
 * same <system.web> is "Sections must only appear once per config file".
 */
#include "rules/families.h"
#include "rules/read.h"

#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Section groups whose children are sections, each a scope of its own. */
#define GROUPS(X)                                                      \
	X(WEB, "system.web")                                           \
	X(EXTENSIONS, "system.web.extensions")                         \
	X(SCRIPTING, "system.web.extensions/scripting")                \
	X(WEB_SERVICES, "system.web.extensions/scripting/webServices") \
	X(WEB_SERVER, "system.webServer")                              \
	X(SECURITY, "system.webServer/security")                       \
	X(AUTHENTICATION, "system.webServer/security/authentication")  \
	X(APPLICATION_HOST, "system.applicationHost")                  \
	X(NET, "system.net")                                           \
	X(MAIL, "system.net/mailSettings")                             \
	X(SERVICE_MODEL, "system.serviceModel")

#define AS_ENUM(name, path) GROUP_##name,
enum { GROUPS(AS_ENUM) N_GROUPS };
#define AS_INDEX(name, path) GROUP_##name,
static const unsigned char group_index[] = {GROUPS(AS_INDEX)};

/* The sections seen so far, per group (and the root) and per scope: a group
 * may be written twice in one scope, its sections may not. */
#define ROOT N_GROUPS
#define SLOT(group, scope) (2 * (size_t)(group) + (size_t)(scope))
#define N_SLOTS (2 * ((size_t)N_GROUPS + 1))
static const char *const group_paths[] = {
#define AS_PATH(name, path) path,
	GROUPS(AS_PATH)};
static const unsigned char group_lens[] = {
#define AS_LEN(name, path) sizeof(path) - 1,
	GROUPS(AS_LEN)};

/* A set of the parser's names: libxml2 interns them, so one name is one
 * pointer for the whole parse, and a set of pointers (open addressing, at
 * most half full) answers in constant time however many sections a hostile
 * file writes. */
struct seen {
	const char **table;
	size_t n, cap; /* cap: 0 or a power of two */
};

struct structure_state {
	struct seen slots[N_SLOTS];
};

static struct structure_state *state(struct lint *l)
{
	return lint_state(l, &family_structure);
}

/* Whether the child name of group (or the root) is itself a group: its
 * path is group's, '/' and name.  At every section: the lengths settle
 * all but a group or two. */
static int is_group(size_t group, const char *name)
{
	const char *parent = group == ROOT ? "" : group_paths[group];
	size_t above = group == ROOT ? 0 : (size_t)group_lens[group] + 1, n = strlen(name);
	for (size_t g = 0; g < N_GROUPS; g++) {
		const char *p = group_paths[g];
		if (group_lens[g] == above + n && memcmp(p + above, name, n) == 0 &&
		    (!above || (memcmp(p, parent, above - 1) == 0 && p[above - 1] == '/')))
			return 1;
	}
	return 0;
}

static size_t slot_of(const char *name, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 32) & (cap - 1);
}

/* Adds name; returns 1 if it was there already, -1 when memory ran out. */
static int seen_add(struct seen *s, const char *name)
{
	size_t i;
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		const char **table = calloc(cap, sizeof *table);
		if (!table)
			return -1;
		for (size_t k = 0; k < s->cap; k++) {
			if (!s->table[k])
				continue;
			for (i = slot_of(s->table[k], cap); table[i]; i = (i + 1) & (cap - 1))
				;
			table[i] = s->table[k];
		}
		free((void *)s->table);
		s->table = table;
		s->cap = cap;
	}
	for (i = slot_of(name, s->cap); s->table[i]; i = (i + 1) & (s->cap - 1))
		if (s->table[i] == name)
			return 1;
	s->table[i] = name;
	s->n++;
	return 0;
}

/* Zeroing costs the table's size, which the names added since pay for
 * unless they are few: after one scope of 100,000 names, each of 200,000
 * scopes of one name cleared 2 MB (4.7 s).  Then the table is given back. */
static void seen_clear(struct seen *s)
{
	if (s->n && s->cap > 16 * s->n) {
		free((void *)s->table);
		s->table = NULL;
		s->cap = 0;
	} else if (s->n) {
		memset((void *)s->table, 0, s->cap * sizeof *s->table);
	}
	s->n = 0;
}

static void child_start(struct lint *l, const struct element *e, size_t group)
{
	struct seen *s = &state(l)->slots[SLOT(group, lint_scope(l))];
	int rc;
	if (is_group(group, e->name) || lint_is_transform(l))
		return;
	rc = seen_add(s, e->name);
	if (rc < 0)
		lint_out_of_memory(l);
	else if (rc > 0)
		lint_report(
			l, RULE_HC0007, at_element(e),
			"<%s> appears twice in the same scope; the configuration system refuses "
			"the file (\"sections must only appear once\"): merge the two",
			e->name);
}

static void group_child(struct lint *l, const struct element *e, const void *arg)
{
	child_start(l, e, *(const unsigned char *)arg);
}

static void root_child(struct lint *l, const struct element *e, const void *arg)
{
	(void)arg;
	child_start(l, e, ROOT);
}

static void end_scope(struct lint *l)
{
	if (lint_scope(l) == 1)
		for (size_t g = 0; g <= ROOT; g++)
			seen_clear(&state(l)->slots[SLOT(g, 1)]);
}

/* ---- HC0008 --------------------------------------------------------------
 * BaseConfigurationRecord.NormalizeLocationSubPath: absent, "" and "." mean
 * this level; otherwise the path may not start or end with white space, '.',
 * '/' or '\\', and may not contain any of \\ ? : * " < > |. */

/* The code point starting at p (at most n bytes), or -1 if malformed. */
static long decode(const unsigned char *p, size_t n, size_t *len)
{
	size_t k = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
	long c = k == 1 ? *p : *p & (0x3F >> (k - 1));
	if (k > n)
		return -1;
	for (size_t i = 1; i < k; i++)
		c = (c << 6) | (p[i] & 0x3F);
	*len = k;
	return c;
}

/* Char.IsWhiteSpace. */
static int is_white(long c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

static int bad_end(long c)
{
	return is_white(c) || c == '.' || c == '/' || c == '\\';
}

/* Why .NET rejects the path, or NULL. */
static const char *path_problem(const char *v, size_t n)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t first_len, i = n;
	if (n == 0 || (n == 1 && v[0] == '.'))
		return NULL;
	if (bad_end(decode(p, n, &first_len)))
		return "starts with white space, '.', '/' or '\\'";
	while (i > 0 && (p[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && bad_end(decode(p + i - 1, n - i + 1, &first_len)))
		return "ends with white space, '.', '/' or '\\'";
	for (i = 0; i < n; i++)
		if (v[i] && strchr("\\?:*\"<>|", v[i]))
			return "contains one of \\ ? : * \" < > |";
	return NULL;
}

static void location_start(struct lint *l, const struct element *e, const void *arg)
{
	const struct xml_attr *path = element_attr(l, e, "path");
	const struct xml_attr *inherit = element_attr(l, e, "inheritInChildApplications");
	const char *problem = path ? path_problem(path->value, path->value_len) : NULL;
	hardconf_kind kind = lint_kind(l);
	(void)arg;

	/* The message gets the location as its prefix already. */
	if (problem) {
		lint_report(
			l, RULE_HC0008, at_attr(e, "path"),
			"the path %s, which .NET rejects: the whole file fails to load; write a "
			"relative path such as \"admin/tools\"",
			problem);
	} else if (!lint_in_path_location(l) && inherit &&
		   (kind == HARDCONF_KIND_MACHINE || kind == HARDCONF_KIND_ROOT_WEB) &&
		   value_choice(VALUE_NET_BOOL, NULL, inherit->value, inherit->value_len) == 0) {
		lint_report(
			l, RULE_HC0008, at_attr(e, "inheritInChildApplications"),
			"location inheritInChildApplications=\"false\" without a path is not "
			"allowed in machine.config or the root web.config: the file fails to load");
	}
}

static void free_state(void *p)
{
	struct structure_state *s = p;
	for (size_t i = 0; i < N_SLOTS; i++)
		free((void *)s->slots[i].table);
}

#define AS_HOOKS(name, path) {path "/*", K_CONFIG, group_child, NULL, &group_index[GROUP_##name]},

static const struct hook hooks[] = {{"location", K_M | K_R | K_W, location_start, NULL, NULL},
				    {"*", K_CONFIG, root_child, NULL, NULL},
				    GROUPS(AS_HOOKS)};

const struct family family_structure = {
	.hooks = hooks,
	.n_hooks = sizeof hooks / sizeof hooks[0],
	.state_size = sizeof(struct structure_state),
	.free_state = free_state,
	.end_scope = end_scope,
};
