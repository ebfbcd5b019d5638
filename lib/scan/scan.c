/*
 * scan.c - one file streamed through the hooks: libxml2's SAX events (via
 * scan/xml.c) become elements with their path (root excluded, <location>
 * transparent), each handed to the hooks registered for that path; limits
 * end a hostile file early; comments become suppression directives; the
 * sections that name other files (configSource, file=) are noted for
 * resolve/include.c.
 */
#include "scan/call.h"

#include "scan/kind.h"
#include "scan/linter.h"
#include "util/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void enter_location(struct lint *l, const struct element *e)
{
	const struct xml_attr *a = element_attr(l, e, "path");
	char shown[96];
	l->in_location = 1;
	l->location_has_path = a && a->value_len > 0 && !(a->value_len == 1 && a->value[0] == '.');
	if (!a) {
		snprintf(l->location, sizeof l->location, "<location>");
		return;
	}
	str_display(shown, sizeof shown, a->value, a->value_len);
	snprintf(l->location, sizeof l->location, "<location path=\"%s\">", shown);
}

/* Whether a parent's <location> configures the target: its path (file,
 * folder, site or application, '/' or '\' between names, any letter case;
 * none or "." for the parent's own level) is the target's scope or one
 * above it, and it is inherited there: inheritInChildApplications="false"
 * keeps it from the applications below its path. */
int location_reaches(const char *path, size_t n, int not_inherited, const char *scope,
		     size_t app_len)
{
	if (n > 0) {
		if (!scope)
			return 0;
		for (size_t i = 0; i < n; i++) {
			char a = path[i] == '\\' ? '/' : path[i];
			char b = scope[i] == '\\' ? '/' : scope[i];
			if (!b || ascii_lower(a) != ascii_lower(b))
				return 0;
		}
		if (scope[n] != '\0' && scope[n] != '/' && scope[n] != '\\')
			return 0;
	}
	return !(n < app_len && not_inherited);
}

uint64_t location_head(const char *path, size_t len)
{
	uint64_t h = FNV1A_START;
	for (size_t i = 0; i < len && path[i] != '/' && path[i] != '\\'; i++) {
		char c = ascii_lower(path[i]);
		h = fnv1a(h, &c, 1);
	}
	return h;
}

static int location_reaches_target(struct lint *l, const struct element *e)
{
	struct lint_file *f = &l->files[l->cur];
	const struct xml_attr *path = element_attr(l, e, "path");
	const struct xml_attr *inherit = element_attr(l, e, "inheritInChildApplications");
	int not_inherited = inherit && inherit->value_len == 5 &&
			    ascii_ncasecmp(inherit->value, "false", 5) == 0;
	size_t n = path ? path->value_len : 0;

	if (n == 1 && path->value[0] == '.')
		n = 0;
	while (n > 0 && (path->value[n - 1] == '/' || path->value[n - 1] == '\\'))
		n--;
	if (n > 0) {
		resume_capture(l, e);
		/* The answer depends on where the file linted is: kept, so that
		 * the files below a parent read once can be told apart by it. */
		struct weighed *w =
			array_grow(f->weighed, &f->weighed_cap, f->n_weighed + 1, sizeof *w);
		char *paths = w && n < UINT32_MAX
				      ? array_grow(f->weighed_paths, &f->weighed_paths_cap,
						   f->weighed_paths_len + n + 1, 1)
				      : NULL;
		size_t at = f->weighed_paths_len;
		if (w)
			f->weighed = w;
		if (!paths) {
			lint_out_of_memory(l);
			return 0;
		}
		f->weighed_paths = paths;
		memcpy(paths + at, path->value, n);
		paths[at + n] = '\0';
		f->weighed_paths_len += n + 1;
		f->weighed[f->n_weighed++] =
			(struct weighed){at,
					 (uint32_t)n,
					 (uint32_t)not_inherited,
					 location_head(path->value, n),
					 call_tag_start(l, l->cur, e->tag_end - f->base),
					 0};
		l->frames[l->depth - 1].weighed = 1;
	}
	return location_reaches(path ? path->value : "", n, not_inherited, f->scope, f->app_len);
}

static int hook_applies(const struct lint *l, const struct hook *const *at)
{
	const struct hook *h = *at;
	unsigned runs = l->linter->hook_runs[at - l->linter->hooks];
	if (h->kinds && !(h->kinds & kind_bits(l->kind)))
		return 0;
	if (l->secrets_only)
		return (runs & HOOK_RUNS_FOR_SECRETS) != 0;
	return (runs & HOOK_RUNS_IN_PARENTS) || l->files[l->cur].role != FILE_CONTEXT;
}

static void run_start(struct lint *l, const struct hook *const *hooks, size_t n,
		      const struct element *e)
{
	if (n && call_charge_fast(l, n * WORK_HOOK))
		return;
	for (size_t i = 0; i < n; i++) {
		if (hooks[i]->start && hook_applies(l, hooks + i)) {
			l->running = l->linter->hook_family[hooks + i - l->linter->hooks];
			hooks[i]->start(l, e, hooks[i]->arg);
		}
	}
}

static void run_end(struct lint *l, const struct hook *const *hooks, size_t n)
{
	if (n)
		call_charge_fast(l, n * WORK_HOOK);
	for (size_t i = n; i-- > 0;) {
		if (hooks[i]->end && hook_applies(l, hooks + i)) {
			l->running = l->linter->hook_family[hooks + i - l->linter->hooks];
			hooks[i]->end(l, hooks[i]->arg);
		}
	}
}

/* Families that look at every element (locks) do so only in chains. */
static void run_element(struct lint *l, const struct element *e)
{
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i]->element)
			l->linter->families[i]->element(l, e);
}

void call_end_scope(struct lint *l)
{
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i]->end_scope)
			l->linter->families[i]->end_scope(l);
}

/* An element of a transform marked xdt:Transform="Remove", "RemoveAll" or
 * "RemoveAttributes(...)": its attributes locate what goes away. */
static int removes(const struct element *e)
{
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *a = &e->attrs[i];
		if (a->prefix && strcmp(a->name, "Transform") == 0 && a->value_len >= 6 &&
		    memcmp(a->value, "Remove", 6) == 0)
			return 1;
	}
	return 0;
}

/* Ends the file at the first element beyond a limit, with HC0003 there. */
static int check_limits(struct lint *l, const struct element *e)
{
	const hardconf_linter *lim = l->linter;
	if (l->depth > lim->max_depth) {
		lint_report(l, RULE_HC0003, at_element(e),
			    "elements nested deeper than %u; the rest of the file is not linted",
			    lim->max_depth);
		l->stop = 1;
	} else if (e->n_attrs > lim->max_attributes) {
		lint_report(
			l, RULE_HC0003, at_element(e),
			"<%s> has %zu attributes, more than %u; the rest of the file is not linted",
			e->name, e->n_attrs, lim->max_attributes);
		l->stop = 1;
	}
	for (size_t i = 0; !l->stop && i < e->n_attrs; i++) {
		if (e->attrs[i].value_len > lim->max_value_length) {
			lint_report(
				l, RULE_HC0003, at_attr(e, e->attrs[i].name),
				"%s %s is %zu bytes long, more than %zu; the rest of the file is "
				"not linted",
				e->name, e->attrs[i].name, e->attrs[i].value_len,
				lim->max_value_length);
			l->stop = 1;
		}
	}
	if (l->stop)
		l->parse_failed = 1;
	return l->stop;
}

/* Whether e is within the limits, as nearly every element is: asked
 * before check_limits(), so that the common case is a few compares. */
static inline int within_limits(const struct lint *l, const struct element *e)
{
	const hardconf_linter *lim = l->linter;
	return l->depth <= lim->max_depth && e->n_attrs <= lim->max_attributes &&
	       e->longest_value <= lim->max_value_length && !l->stop;
}

/* configSource (any section) and appSettings file= name files that hold the
 * section: followed from the file linted, once the file has been read.  One
 * named inside a <location> is read for secrets only: its settings would
 * count at the top level, for the whole file. */
static void note_include(struct lint *l, const struct element *e, const struct frame *f)
{
	const struct xml_attr *a = element_attr(l, e, "configSource");
	struct include *in;
	int merge = 0;

	if (!a && l->path_len == 11 && memcmp(l->path, "appSettings", 11) == 0) {
		a = element_attr(l, e, "file");
		merge = 1;
	}
	if (!a || a->value_len == 0)
		return;
	in = array_grow(l->includes, &l->includes_cap, l->n_includes + 1, sizeof *in);
	if (!in) {
		lint_out_of_memory(l);
		return;
	}
	l->includes = in;
	in += l->n_includes;
	memset(in, 0, sizeof *in);
	in->file = l->cur;
	in->at = at_attr(e, merge ? "file" : "configSource");
	in->value = str_ndup(a->value, a->value_len);
	/* The element's frame holds where its parent's path ends. */
	in->parent_path = str_ndup(l->path, f->path_len);
	if (!in->value || !in->parent_path) {
		free(in->value);
		free(in->parent_path);
		lint_out_of_memory(l);
		return;
	}
	in->parent_hash = f[-1].hash;
	in->depth = l->depth;
	in->merge = merge;
	in->in_location = l->in_location;
	l->n_includes++;
}

/* Where an element stands, for fingerprints: its path (the hash state
 * state), and which entry of a collection it is (its key or name). */
static uint64_t shape_of(const struct lint *l, uint64_t state, const struct element *e)
{
	const struct xml_attr *k = NULL, *name = NULL;
	if (l->case_insensitive) {
		k = element_attr(l, e, "key");
		name = k ? NULL : element_attr(l, e, "name");
	} else {
		/* One pass for both: the first of each, key before name. */
		for (size_t i = 0; i < e->n_attrs && !k; i++) {
			const struct xml_attr *a = &e->attrs[i];
			if (a->prefix)
				continue;
			/* Compared a byte at a time, stopping at the first that
			 * differs (never past a shorter name): no call per
			 * attribute. */
			const char *n = a->name;
			if (n[0] == 'k' && n[1] == 'e' && n[2] == 'y' && !n[3])
				k = a;
			else if (!name && n[0] == 'n' && n[1] == 'a' && n[2] == 'm' &&
				 n[3] == 'e' && !n[4])
				name = a;
		}
	}
	if (!k)
		k = name;
	if (k)
		state = path_hash_more(path_hash_more(state, "=", 1), k->value, k->value_len);
	return state ? state : 1;
}

/* The ENDS_* bits of n hooks: bit when one has an end, and ENDS_TEXT when
 * that end reads the element's text. */
static unsigned ends_of(const struct lint *l, const struct hook *const *hooks, size_t n,
			unsigned bit)
{
	const hardconf_linter *lin = l->linter;
	unsigned ends = 0;
	for (size_t i = 0; i < n; i++)
		if (hooks[i]->end)
			ends |= bit |
				(lin->families[lin->hook_family[hooks + i - lin->hooks]]->reads_text
					 ? ENDS_TEXT
					 : 0);
	return ends;
}

/* The hash and hooks of the element named name (at the end of l->path)
 * under the frame before f: from the cache, or looked up and kept there.
 * NULL when memory ran out. */
static const struct child_entry *child_of(struct lint *l, struct frame *f, const char *name)
{
	uint64_t parent = f[-1].hash;
	const struct child_entry *found = child_cache_find(&l->children, parent, name);
	struct child_entry *c;

	if (found)
		return found;
	if (!(c = child_cache_add(&l->children, parent, name)))
		return NULL;
	/* Both keys extend the parent's hash: only the new name is hashed. */
	c->hash = path_hash_more(parent, l->path + f->path_len, l->path_len - f->path_len);
	c->hooks = linter_hooks(l->linter, l->path, l->path_len, 0, &c->n_hooks);
	c->child_hooks = linter_hooks(l->linter, l->path, f->path_len, 1, &c->n_child_hooks);
	c->grand_hooks = NULL;
	c->n_grand_hooks = 0;
	if (f - l->frames >= 2)
		c->grand_hooks = linter_grand_hooks(l->linter, l->path, f[-1].path_len,
						    l->path + f->path_len,
						    l->path_len - f->path_len, &c->n_grand_hooks);
	c->ends = ends_of(l, c->hooks, c->n_hooks, ENDS_OWN) |
		  ends_of(l, c->child_hooks, c->n_child_hooks, ENDS_CHILD) |
		  ends_of(l, c->grand_hooks, c->n_grand_hooks, ENDS_GRAND);
	return c;
}

/* The element's tag_end is the parser's offset in this file; hooks see it
 * in the call's offset space, and the element's shape. */
static int start_element(void *user, struct element *e)
{
	struct lint *l = user;
	struct lint_file *file = &l->files[l->cur];
	const char *name = e->name;
	const struct child_entry *c;
	struct frame *f;
	size_t name_len = strlen(name), tag_end = e->tag_end;
	int include;

	e->tag_end += file->base;
	l->work_tag_end = tag_end;
	l->cur_held = e->tag;
	l->cur_held_len = e->tag_len;
	l->cur_tag = NULL;
	l->cur_tag_end = tag_end;
	l->cur_tag_start = SIZE_MAX;
	/* Past the default limit, what libxml2 spent comparing the names is
	 * charged too: many such tags end the file within its budget. */
	if (call_charge_fast(l, WORK_ELEMENT + WORK_ATTRIBUTE * e->n_attrs +
					(e->n_attrs > 1024 ? attribute_check_work(e->n_attrs) : 0)))
		return 1;
	if (l->depth + 1 > l->frames_cap || l->path_len + name_len + 2 > l->path_cap) {
		struct frame *frames =
			array_grow(l->frames, &l->frames_cap, l->depth + 1, sizeof *l->frames);
		char *path;
		if (frames)
			l->frames = frames;
		path = array_grow(l->path, &l->path_cap, l->path_len + name_len + 2, 1);
		if (path)
			l->path = path;
		if (!frames || !path) {
			lint_out_of_memory(l);
			return 1;
		}
	}
	/* Field by field: zeroing the frame first (rep stos) cost more than
	 * the stores. */
	f = &l->frames[l->depth];
	f->path_len = l->path_len;
	f->text_start = l->text_len;
	f->removed = f->is_location = f->weighed = 0;
	f->ends = 0;
	f->hooks = f->child_hooks = f->grand_hooks = NULL;
	f->n_hooks = f->n_child_hooks = f->n_grand_hooks = 0;
	if (suppress_waiting(&file->sup)) {
		size_t start = call_tag_start(l, l->cur, tag_end);
		suppress_element(&file->sup, start,
				 suppress_line_known(&file->sup, start)
					 ? 0
					 : call_line_end(l, l->cur, start),
				 tag_end);
	}
	f->hash = l->depth ? f[-1].hash : path_hash_start();
	if (l->depth++ == 0) {
		e->shape = shape_of(l, f->hash, e);
		l->root_tag_end = e->tag_end;
		if (kind_start_root(l, e))
			return 1;
		if (file->resume_from)
			resume_apply(l, file->resume_from);
		return !within_limits(l, e) && check_limits(l, e);
	}
	if (!within_limits(l, e) && check_limits(l, e))
		return 1;

	if (l->depth == 2 && l->kind != HARDCONF_KIND_CRMSETUP && strcmp(name, "location") == 0) {
		/* Transparent for paths; its own hooks are keyed "location".  A
		 * parent's location counts only where it reaches the target, and
		 * there as the parent's own level. */
		f->is_location = 1;
		e->shape = shape_of(l, path_hash_more(path_hash_start(), "location", 8), e);
		if (file->role == FILE_CONTEXT) {
			f->removed = !location_reaches_target(l, e);
			if (f->removed)
				return 0;
		} else {
			enter_location(l, e);
		}
		f->hooks = linter_hooks(l->linter, "location", 8, 0, &f->n_hooks);
		f->ends = ends_of(l, f->hooks, f->n_hooks, ENDS_OWN);
		run_start(l, f->hooks, f->n_hooks, e);
		return l->status != HARDCONF_OK || l->stop;
	}
	if (l->path_len > 0)
		l->path[l->path_len++] = '/';
	if (l->case_insensitive) {
		for (size_t i = 0; i < name_len; i++)
			l->path[l->path_len++] = ascii_lower(name[i]);
	} else {
		memcpy(l->path + l->path_len, name, name_len);
		l->path_len += name_len;
	}
	l->path[l->path_len] = '\0';
	/* Only a web.config's sections can refine its kind (kind_refine()). */
	if (l->kind == HARDCONF_KIND_WEB)
		kind_refine(l);

	f->removed = (l->depth > 1 && f[-1].removed) || (l->transform && removes(e));
	if (f->removed)
		return l->status != HARDCONF_OK || l->stop;
	if (!(c = child_of(l, f, name))) {
		lint_out_of_memory(l);
		return 1;
	}
	f->hash = c->hash;
	f->hooks = c->hooks;
	f->n_hooks = c->n_hooks;
	f->child_hooks = c->child_hooks;
	f->n_child_hooks = c->n_child_hooks;
	f->grand_hooks = c->grand_hooks;
	f->n_grand_hooks = c->n_grand_hooks;
	f->ends = c->ends;
	/* Only sections take configSource, and the deepest sit at depth 5
	 * (configuration/system.webServer/security/authentication/x), one
	 * more inside a <location>. */
	include = l->follow_includes && l->depth <= 5 + (size_t)(l->in_location != 0) &&
		  (file->role == FILE_TARGET || file->role == FILE_RESULT);
	/* Where it stands matters only to what may report at it. */
	if (include || f->n_hooks || f->n_child_hooks || f->n_grand_hooks ||
	    (l->n_context && !l->secrets_only))
		e->shape = shape_of(l, f->hash, e);
	if (include)
		note_include(l, e, f);
	if (l->n_context && !l->secrets_only)
		run_element(l, e);
	/* Most elements have none of one list or another: no call for those. */
	if (f->n_hooks)
		run_start(l, f->hooks, f->n_hooks, e);
	if (f->n_child_hooks)
		run_start(l, f->child_hooks, f->n_child_hooks, e);
	if (f->n_grand_hooks)
		run_start(l, f->grand_hooks, f->n_grand_hooks, e);
	return l->status != HARDCONF_OK || l->stop;
}

/* The parser's buffer is only the tag's while the start callback runs.
 * Text is handed over only inside an element whose hooks read it at its end
 * (lint_element_text()); an element that did not stop the parse is on the
 * stack. */
static int on_start(void *user, struct element *e)
{
	struct lint *l = user;
	int stop = start_element(user, e);
	l->cur_held = l->cur_tag = NULL;
	if (stop)
		return XML_STOP;
	return l->frames[l->depth - 1].ends & ENDS_TEXT ? 0 : XML_NO_TEXT;
}

static void on_comment(void *user, const char *text, size_t len, size_t start, size_t end)
{
	struct lint *l = user;
	const struct lint_file *f = &l->files[l->cur];
	call_charge_fast(l, WORK_EVENT);
	/* A comment cannot hold "--", so the last "<!--" before its "-->"
	 * opens it ("<!-- a <!-->" holds one more). */
	if (start == SIZE_MAX && f->stream) {
		start = end >= 3 ? source_stream_rfind(f->stream, end - 3, "<!--", 4) : SIZE_MAX;
	} else if (start == SIZE_MAX) {
		start = end < l->len ? end : l->len;
		start = start >= 3 ? start - 3 : 0;
		while (start >= 4 && memcmp(l->text + start - 4, "<!--", 4) != 0)
			start--;
		start = start >= 4 ? start - 4 : SIZE_MAX;
	}
	if (start != SIZE_MAX &&
	    suppress_comment(&l->files[l->cur].sup, text, len, start, end) != 0)
		lint_out_of_memory(l);
}

/* Text comes only while the element innermost reads it (on_start()). */
static void on_text(void *user, const char *s, size_t len)
{
	struct lint *l = user;
	struct frame *f;
	size_t room;
	char *buf;

	call_charge_fast(l, WORK_EVENT);
	if (l->depth == 0 || !((f = &l->frames[l->depth - 1])->ends & ENDS_TEXT))
		return;
	room = l->linter->max_value_length - (l->text_len - f->text_start);
	if (len > room)
		len = room;
	buf = array_grow(l->text_buf, &l->text_cap, l->text_len + len + 1, 1);
	if (!buf) {
		lint_out_of_memory(l);
		return;
	}
	l->text_buf = buf;
	memcpy(buf + l->text_len, s, len);
	l->text_len += len;
}

/* The depth at which a file's elements end: an include's root closes into
 * the including element's parent. */
static size_t floor_depth(const struct lint *l)
{
	return l->files[l->cur].role == FILE_INCLUDE ? l->frames_floor : 0;
}

/* A <location> closed: where a weighed one ends (what a scan that leaves
 * it out skips), and the end of its scope. */
static void end_location(struct lint *l, const struct frame *f, struct xml_parse *at)
{
	if (f->weighed) {
		struct lint_file *file = &l->files[l->cur];
		file->weighed[file->n_weighed - 1].end = xml_end_offset(at);
	}
	if (!f->removed && l->in_location) {
		call_end_scope(l);
		l->location[0] = '\0';
		l->in_location = 0;
	}
}

static int on_end(void *user, struct xml_parse *at)
{
	struct lint *l = user;
	struct frame *f;

	call_charge_fast(l, WORK_EVENT);
	/* The frames an include stands on read no text. */
	if (l->depth <= floor_depth(l))
		return XML_NO_TEXT;
	f = &l->frames[--l->depth];
	if (f->ends & ENDS_TEXT) {
		l->closing_text = l->text_buf ? l->text_buf + f->text_start : NULL;
		l->closing_len = l->text_len - f->text_start;
	}
	/* Most elements have no end hook in one list or another: no call for
	 * those. */
	if (f->ends & ENDS_GRAND)
		run_end(l, f->grand_hooks, f->n_grand_hooks);
	if (f->ends & ENDS_CHILD)
		run_end(l, f->child_hooks, f->n_child_hooks);
	if (f->ends & ENDS_OWN)
		run_end(l, f->hooks, f->n_hooks);
	if (f->ends & ENDS_TEXT) {
		l->text_len = f->text_start;
		l->closing_text = NULL;
		l->closing_len = 0;
	}
	if (f->is_location)
		end_location(l, f, at);
	l->path_len = f->path_len;
	if (l->path)
		l->path[l->path_len] = '\0';
	return l->depth > 0 && f[-1].ends & ENDS_TEXT ? 0 : XML_NO_TEXT;
}

static void on_doctype(void *user, size_t offset)
{
	struct lint *l = user;
	lint_report(l, RULE_HC0002, (struct anchor){.tag_end = l->files[l->cur].base + offset},
		    "the file declares a DTD; configuration files never need one, and its entities "
		    "are not expanded: remove the <!DOCTYPE> declaration");
}

static void on_problem(void *user, enum xml_problem kind, unsigned line, unsigned column,
		       const char *message)
{
	struct lint *l = user;
	l->parse_failed = 1;
	if (kind == XML_PROBLEM_LIMIT)
		call_report_line(l, RULE_HC0003, line, column,
				 "parser limit reached: %s; the rest of the file is not linted",
				 message);
	else
		call_report_line(l, RULE_HC0001, line, column, "malformed XML: %s", message);
}

static const struct xml_events events = {on_start,   on_end,     on_text,
					 on_comment, on_doctype, on_problem};

/* What the parser does that no event shows (entity references). */
static int on_work(void *user, size_t units)
{
	return call_charge(user, units);
}

/* Puts the including element's ancestors on the stack, so that an
 * include's root element stands where the including element stood. */
static int enter_include(struct lint *l, const struct include *in)
{
	size_t n = strlen(in->parent_path);
	struct frame *frames = array_grow(l->frames, &l->frames_cap, in->depth, sizeof *frames);
	char *path = array_grow(l->path, &l->path_cap, n + 1, 1);
	if (frames)
		l->frames = frames;
	if (path)
		l->path = path;
	if (!frames || !path)
		return HARDCONF_ENOMEM;
	memset(l->frames, 0, (in->depth - 1) * sizeof *l->frames);
	l->frames[in->depth - 2].hash = in->parent_hash;
	l->frames[in->depth - 2].path_len = n;
	memcpy(l->path, in->parent_path, n + 1);
	l->path_len = n;
	l->depth = l->frames_floor = in->depth - 1;
	return HARDCONF_OK;
}

/* What a streamed file's scan changed, put back when an attribute flood
 * further on means the file is not linted at all. */
struct before_scan {
	size_t n_pending, n_includes;
	int findings_capped, transform, case_insensitive;
	hardconf_kind kind;
};

static void undo_scan(struct lint *l, struct lint_file *f, const struct before_scan *b)
{
	for (size_t k = b->n_pending; k < l->n_pending; k++)
		free(l->pending[k].message);
	l->n_pending = b->n_pending;
	for (size_t k = b->n_includes; k < l->n_includes; k++) {
		free(l->includes[k].value);
		free(l->includes[k].parent_path);
	}
	l->n_includes = b->n_includes;
	l->findings_capped = b->findings_capped;
	l->transform = b->transform;
	l->kind = b->kind;
	l->case_insensitive = f->case_insensitive = b->case_insensitive;
	suppress_free(&f->sup);
}

static size_t read_stream(void *reader, char *buf, size_t n)
{
	return source_stream_read(reader, buf, n);
}

static size_t skip_stream(void *reader, size_t n)
{
	return source_stream_skip(reader, n);
}

/* Parses file i, checked first for an attribute flood: the text in
 * memory is looked through before it is parsed; a streamed one as it goes
 * by, the scan undone when there is one.  Returns the flooding tag's
 * offset (*n_attrs: its attributes), or SIZE_MAX. */
static size_t parse(struct lint *l, struct lint_file *f, size_t allowed, size_t *n_attrs)
{
	struct source_stream *s = f->stream, *replay = NULL;
	struct before_scan b = {l->n_pending, l->n_includes,       l->findings_capped,
				l->transform, f->case_insensitive, l->kind};
	size_t flood;
	int rc;
	if (!s) {
		/* A text with ranges left out was read to its end before: it
		 * floods nowhere. */
		flood = f->n_skips ? l->len
				   : xml_attribute_flood(l->text, l->len, allowed, n_attrs);
		if (flood < l->len)
			return flood;
		if (xml_parse_charged(l->text, l->len, f->skips, f->n_skips, &events, on_work,
				      l->keep, l) != 0)
			l->status = HARDCONF_ENOMEM;
		return SIZE_MAX;
	}
	/* A parent read once is scanned again (for a file that some of its
	 * <location path> reach) by a reader of its own: the stream is shared
	 * by the calls of other threads. */
	if (f->borrowed) {
		if ((rc = source_stream_replay(s, &replay)) != HARDCONF_OK) {
			l->status = rc;
			return SIZE_MAX;
		}
		s = replay;
	}
	/* As in memory: ranges are left out only of a text read to its end
	 * before, which floods nowhere; they are passed over unread. */
	s->flood_limit = f->n_skips ? 0 : allowed;
	rc = xml_parse_stream(read_stream, skip_stream, s, f->skips, f->n_skips, &events, on_work,
			      l);
	l->cur_held = l->cur_tag = NULL;
	/* Ended early (a limit, malformed XML): a flood further on is what
	 * the whole file says first. */
	if (rc == 0 && s->flood_at == SIZE_MAX)
		source_stream_drain(s);
	if (rc != 0 || s->no_memory)
		l->status = HARDCONF_ENOMEM;
	flood = rc == 0 ? s->flood_at : SIZE_MAX;
	*n_attrs = s->flood_n;
	source_stream_close(replay);
	if (flood != SIZE_MAX)
		undo_scan(l, f, &b);
	return flood;
}

int call_scan(struct lint *l, size_t i, const struct include *in)
{
	struct lint_file *f;
	size_t flood, n_attrs = 0, allowed;

	call_select(l, i);
	l->parse_failed = l->stop = 0;
	l->scan_pending = l->n_pending;
	l->transform = l->in_location = 0;
	l->location[0] = '\0';
	if (in && enter_include(l, in) != HARDCONF_OK)
		return l->status = HARDCONF_ENOMEM;
	/* Every byte is parsed once; what each costs beyond that is charged
	 * as it happens. */
	l->work = 0;
	l->work_tag_end = 0;
	/* Names are the parser's: a new parse, new pointers. */
	child_cache_new_parse(&l->children);
	l->work_limit = call_work_limit(l);
	allowed = call_attributes_allowed(l);
	call_charge(l, l->files[i].len);
	flood = parse(l, &l->files[i], allowed, &n_attrs);
	if (flood != SIZE_MAX) {
		l->parse_failed = 1;
		l->work_limit = 0;
		/* Reported whatever the rule's setting: nothing else is. */
		call_report_raw(
			l, i, flood, RULE_HC0003,
			allowed < l->linter->max_attributes
				? str_printf("a start tag with %zu attributes, more than the "
					     "%zu the file's work budget allows; the file is "
					     "not linted",
					     n_attrs, allowed)
				: str_printf("a start tag with %zu attributes, more than "
					     "%u; the file is not linted",
					     n_attrs, l->linter->max_attributes));
	}
	l->work_limit = 0;
	f = &l->files[i];
	f->failed = l->parse_failed;
	f->kind = l->kind;
	f->transform = l->transform;
	l->depth = l->frames_floor = l->path_len = 0;
	if (l->path)
		l->path[0] = '\0';
	l->in_location = 0;
	l->location[0] = '\0';
	return l->status;
}
