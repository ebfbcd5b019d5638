/*
 * lint.c - one lint call: decode, stream the elements through the hooks,
 * finish the rules that need the whole file, and hand back a sorted report.
 */
#include "lint.h"

#include "linter.h"
#include "report.h"
#include "source.h"
#include "suppress.h"
#include "tag.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An open element: what to undo and which hooks to end when it closes. */
struct frame {
	size_t path_len;
	uint64_t hash; /* FNV state of the path up to this element */
	int removed;   /* a transform's Remove element: no hooks in its subtree */
	int is_location;
	size_t text_start;               /* where this element's text begins in lint.text_buf */
	const struct hook *const *hooks; /* for this element's path */
	const struct hook *const *child_hooks; /* for any child of the parent */
	size_t n_hooks, n_child_hooks;
};

struct lint {
	const hardconf_linter *linter;
	hardconf_report *report;
	const char *text;
	size_t len;
	hardconf_kind kind;
	int kind_forced;
	int case_insensitive; /* Setup XML: names in any case */

	char *path; /* "system.web/compilation": root excluded, <location> transparent */
	size_t path_len, path_cap;
	struct frame *frames;
	size_t depth, frames_cap;
	char location[128]; /* display form of the enclosing <location path>, or "" */
	int in_location, location_has_path;
	int transform; /* the root declares the XDT namespace */
	struct anchor root;

	/* Position cursor: findings mostly come in document order, so line and
	 * column are found by walking forward from the previous finding. */
	size_t pos_off;
	unsigned pos_line, pos_col;

	int parse_failed;    /* HC0001 or HC0003: whole-file rules are skipped */
	int stop;            /* a limit was hit: end the parse */
	int findings_capped; /* max_findings reached */
	int status;          /* HARDCONF_OK, or HARDCONF_ENOMEM */

	void *states[MAX_FAMILIES]; /* per family, in the order of families[] */
	struct suppressions sup;

	/* Text of open elements that have hooks, innermost last. */
	char *text_buf;
	size_t text_len, text_cap;
	const char *closing_text; /* for lint_element_text() in end hooks */
	size_t closing_len;
};

hardconf_kind lint_kind(const struct lint *l)
{
	return l->kind;
}

static void locate(struct lint *l, size_t off, unsigned *line, unsigned *col);
static void anchor_range(const struct lint *l, struct anchor at, size_t *start, size_t *end);

int lint_scope(const struct lint *l)
{
	return l->in_location;
}

int lint_is_transform(const struct lint *l)
{
	return l->transform;
}

int lint_in_path_location(const struct lint *l)
{
	return l->in_location && l->location_has_path;
}

struct anchor lint_root_anchor(const struct lint *l)
{
	return l->root;
}

void lint_out_of_memory(struct lint *l)
{
	l->status = HARDCONF_ENOMEM;
	l->stop = 1;
}

void *lint_shared(const struct lint *l, const struct family *f)
{
	for (size_t i = 0; i < n_families; i++)
		if (families[i] == f)
			return l->linter->shared[i];
	return NULL;
}

int lint_enabled(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule];
}

void *lint_state(struct lint *l, const struct family *f)
{
	for (size_t i = 0; i < n_families; i++)
		if (families[i] == f)
			return l->states[i];
	return NULL;
}

void lint_locate(struct lint *l, struct anchor at, unsigned *line)
{
	size_t start, end;
	unsigned col;
	anchor_range(l, at, &start, &end);
	locate(l, start, line, &col);
}

const struct xml_attr *element_attr(const struct lint *l, const struct element *e, const char *name)
{
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *a = &e->attrs[i];
		if (a->prefix)
			continue;
		if (l->case_insensitive ? ascii_casecmp(a->name, name) == 0
					: strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

/* ---- Positions ------------------------------------------------------------ */

/* Characters (UTF-8 lead bytes) in [from, to). */
static unsigned count_chars(const char *from, const char *to)
{
	unsigned n = 0;
	for (; from < to; from++)
		n += ((unsigned char)*from & 0xC0) != 0x80;
	return n;
}

/* Moves the cursor back to off: on the same line by counting characters,
 * otherwise by counting line breaks and re-counting the target's line. */
static void locate_back(struct lint *l, size_t off)
{
	const char *t = l->text, *p = t + off, *cur = t + l->pos_off, *nl;
	unsigned lines = 0;
	for (const char *q = p; (nl = memchr(q, '\n', (size_t)(cur - q))) != NULL; q = nl + 1)
		lines++;
	if (lines == 0) {
		l->pos_col -= count_chars(p, cur);
	} else {
		const char *start = p;
		while (start > t && start[-1] != '\n')
			start--;
		l->pos_line -= lines;
		l->pos_col = 1 + count_chars(start, p);
	}
	l->pos_off = off;
}

static void locate(struct lint *l, size_t off, unsigned *line, unsigned *col)
{
	const char *p, *end, *nl;
	if (off > l->len)
		off = l->len;
	/* Findings come mostly in order; one at a tag after one at its
	 * attribute, or an end-of-file finding, steps back a little. */
	if (off < l->pos_off)
		locate_back(l, off);
	/* Whole lines are skipped with memchr; characters are counted only on
	 * the line of the target. */
	p = l->text + l->pos_off;
	end = l->text + off;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		l->pos_line++;
		l->pos_col = 1;
		p = nl + 1;
	}
	l->pos_col += count_chars(p, end);
	l->pos_off = off;
	*line = l->pos_line;
	*col = l->pos_col;
}

/* Finds the byte range of an anchor in the text: the start tag, or the
 * attribute's name through its closing quote (end 0 when not found). */
static void anchor_range(const struct lint *l, struct anchor at, size_t *start, size_t *end)
{
	size_t tag_end = at.tag_end < l->len ? at.tag_end : l->len;
	*start = tag_start(l->text, tag_end);
	*end = 0;
	if (at.attr)
		tag_attr(l->text, tag_end, at.attr, l->case_insensitive, start, end);
}

/* ---- Reporting ------------------------------------------------------------ */

static void add_as(struct lint *l, enum rule_id rule, hardconf_severity severity, char *message,
		   unsigned line, unsigned col, unsigned end_line, unsigned end_col)
{
	if (l->status != HARDCONF_OK || l->findings_capped) {
		free(message);
		return;
	}
	if (l->report->count >= l->linter->max_findings) {
		/* One more finding says why the rest is missing. */
		free(message);
		l->findings_capped = l->parse_failed = l->stop = 1;
		message = str_printf("more than %u findings; the rest of the file is not reported",
				     l->linter->max_findings);
		rule = RULE_HC0003;
		severity = l->linter->severity[rule];
	}
	l->status = report_add(l->report, rule_meta(rule)->id, severity, message, line, col,
			       end_line, end_col);
}

static void add(struct lint *l, enum rule_id rule, char *message, unsigned line, unsigned col,
		unsigned end_line, unsigned end_col)
{
	add_as(l, rule, l->linter->severity[rule], message, line, col, end_line, end_col);
}

static int applies(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule] &&
	       (rule_meta(rule)->kinds & HARDCONF_KIND_BIT(l->kind)) != 0;
}

static void vreport(struct lint *l, const char *location, enum rule_id rule,
		    hardconf_severity severity, struct anchor at, const char *fmt, va_list ap)
{
	size_t start, end, count;
	unsigned line, col, end_line = 0, end_col = 0;
	const struct suppression *suppressed;
	char *body, *message;

	if (!applies(l, rule))
		return;
	body = str_vprintf(fmt, ap);
	message = body && location[0] ? str_printf("%s: %s", location, body) : body;
	if (message != body)
		free(body);
	anchor_range(l, at, &start, &end);
	locate(l, start, &line, &col);
	if (end > start)
		locate(l, end, &end_line, &end_col);
	suppressed = rule == RULE_HC0006 ? NULL : suppress_find(&l->sup, rule, at.tag_end, start);
	count = l->report->count;
	add_as(l, rule, severity, message, line, col, end_line, end_col);
	if (suppressed && l->report->count > count && l->status == HARDCONF_OK)
		l->status = report_suppress_last(l->report, suppressed->reason);
}

void lint_report_offset(struct lint *l, enum rule_id rule, size_t offset, const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;
	if (!applies(l, rule))
		return;
	va_start(ap, fmt);
	locate(l, offset, &line, &col);
	add(l, rule, str_vprintf(fmt, ap), line, col, 0, 0);
	va_end(ap);
}

void lint_report(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, l->location, rule, l->linter->severity[rule], at, fmt, ap);
	va_end(ap);
}

void lint_report_note(struct lint *l, enum rule_id rule, struct anchor at, const char *fmt, ...)
{
	va_list ap;
	hardconf_severity severity = l->linter->severity[rule];
	va_start(ap, fmt);
	vreport(l, l->location, rule,
		severity < HARDCONF_SEVERITY_NOTE ? severity : HARDCONF_SEVERITY_NOTE, at, fmt, ap);
	va_end(ap);
}

void lint_report_in(struct lint *l, const char *location, enum rule_id rule, struct anchor at,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, location ? location : "", rule, l->linter->severity[rule], at, fmt, ap);
	va_end(ap);
}

const char *lint_location(const struct lint *l)
{
	return l->location;
}

/* "A, B, C" from "A|B|C". */
static void list_choices(char *out, size_t size, const char *prefix, const char *choices)
{
	size_t o = (size_t)snprintf(out, size, "%s", prefix);
	for (const char *p = choices; *p && o + 3 < size; p++) {
		if (*p == '|') {
			out[o++] = ',';
			out[o++] = ' ';
		} else {
			out[o++] = *p;
		}
	}
	out[o < size ? o : size - 1] = '\0';
}

void lint_invalid(struct lint *l, const struct element *e, const struct xml_attr *a,
		  const char *expected, enum value_syntax syntax)
{
	char shown[96];
	const char *consequence =
		syntax == VALUE_LOOSE_ENUM ? "Setup stops with an invalid-XML error"
		: (syntax == VALUE_IIS_BOOL || syntax == VALUE_IIS_ENUM)
			? "IIS answers HTTP 500.19 for every request in this scope"
			: "the application fails to start with a configuration error";
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, RULE_HC0005, at_attr(e, a->name),
		    "%s %s=\"%s\" is not a valid value (expected %s): %s", e->name, a->name, shown,
		    expected, consequence);
}

void lint_invalid_value(struct lint *l, const struct element *e, const struct xml_attr *a,
			enum value_syntax syntax, const char *choices)
{
	char expected[192];
	list_choices(expected, sizeof expected - 20, "", value_choices(syntax, choices));
	if (value_case_sensitive(syntax))
		strcat(expected, ", case-sensitive");
	lint_invalid(l, e, a, expected, syntax);
}

int lint_choice(struct lint *l, const struct element *e, const char *name, enum value_syntax syntax,
		const char *choices, const struct xml_attr **out)
{
	const struct xml_attr *a = element_attr(l, e, name);
	int choice;
	if (out)
		*out = a;
	if (!a)
		return ATTR_ABSENT;
	choice = value_choice(syntax, choices, a->value, a->value_len);
	if (choice < 0) {
		lint_invalid_value(l, e, a, syntax, choices);
		return ATTR_INVALID;
	}
	return choice;
}

int lint_flags(struct lint *l, const struct element *e, const char *name, const char *choices,
	       const struct xml_attr **out, unsigned *mask)
{
	const struct xml_attr *a = element_attr(l, e, name);
	char expected[256];
	if (out)
		*out = a;
	*mask = 0;
	if (!a)
		return ATTR_ABSENT;
	if (value_flags(choices, a->value, a->value_len, mask) == 0)
		return 0;
	list_choices(expected, sizeof expected, "a comma-separated list of ", choices);
	lint_invalid(l, e, a, expected, VALUE_IIS_ENUM);
	return ATTR_INVALID;
}

void check_attr(struct lint *l, const struct element *e, const void *arg)
{
	const struct attr_check *c = arg;
	const struct xml_attr *a;
	char shown[96];
	int choice = lint_choice(l, e, c->attr, c->syntax, c->choices, &a);

	if (choice < 0 ||
	    choice != value_choice(VALUE_NET_ENUM, value_choices(c->syntax, c->choices),
				   c->insecure, strlen(c->insecure)))
		return;
	str_display(shown, sizeof shown, a->value, a->value_len);
	lint_report(l, c->rule, (struct anchor){e->tag_end, a->name}, c->message, e->name, shown);
}

/* ---- Streaming ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *back = strrchr(path, '\\');
	if (back && (!slash || back > slash))
		slash = back;
	return slash ? slash + 1 : path;
}

/* The kind a file name suggests, before (or without) seeing its root. */
static hardconf_kind kind_from_name(const char *name)
{
	const char *base = base_name(name);
	size_t n = strlen(base);
	if (ascii_casecmp(base, "machine.config") == 0)
		return HARDCONF_KIND_MACHINE;
	if (ascii_casecmp(base, "applicationHost.config") == 0)
		return HARDCONF_KIND_APPHOST;
	if (ascii_casecmp(base, "rsreportserver.config") == 0)
		return HARDCONF_KIND_SSRS;
	/* Deployments keep several: "CustomSettings.config", "BC-CustomSettings.config". */
	if (n >= 21 && ascii_casecmp(base + n - 21, "CustomSettings.config") == 0)
		return HARDCONF_KIND_BCSERVER;
	if (n > 7 && ascii_casecmp(base + n - 7, ".config") == 0)
		return HARDCONF_KIND_WEB;
	return HARDCONF_KIND_UNKNOWN;
}

#define XDT_NAMESPACE "http://schemas.microsoft.com/XML-Document-Transform"

/* Whether the text holds needle (short; only searched in small files). */
static int contains(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0)
			return 1;
	return 0;
}

/* A Business Central server's settings name its instance and client port;
 * an application's appSettings file= fragment does not. */
static int looks_like_bc(const struct lint *l)
{
	return contains(l->text, l->len, "\"ServerInstance\"") &&
	       contains(l->text, l->len, "\"ClientServicesPort\"");
}

/* The kind a root element makes, given what the file name suggested. */
static hardconf_kind kind_of_root(const struct lint *l, const char *root, hardconf_kind by_name)
{
	if (strcmp(root, "configuration") == 0)
		return by_name == HARDCONF_KIND_MACHINE || by_name == HARDCONF_KIND_APPHOST
			       ? by_name
			       : HARDCONF_KIND_WEB;
	if (strcmp(root, "Configuration") == 0)
		return HARDCONF_KIND_SSRS;
	/* <appSettings> alone is also the root of an appSettings file= fragment:
	 * the server's file name, or its signature keys, make it BC's. */
	if (strcmp(root, "appSettings") == 0 &&
	    (by_name == HARDCONF_KIND_BCSERVER || looks_like_bc(l)))
		return HARDCONF_KIND_BCSERVER;
	if (ascii_casecmp(root, "CRMSetup") == 0)
		return HARDCONF_KIND_CRMSETUP;
	return HARDCONF_KIND_UNKNOWN;
}

/* Decides the kind at the root element; returns non-zero to stop (not a
 * configuration file). */
static int start_root(struct lint *l, const struct element *e)
{
	if (!l->kind_forced)
		l->kind = kind_of_root(l, e->name, l->kind);
	l->case_insensitive = l->kind == HARDCONF_KIND_CRMSETUP;
	l->root = (struct anchor){e->tag_end, NULL};
	for (size_t i = 0; i < e->n_ns; i++)
		if (e->ns_uris[i] && strcmp(e->ns_uris[i], XDT_NAMESPACE) == 0)
			l->transform = 1;
	if (l->kind != HARDCONF_KIND_UNKNOWN)
		return 0;
	lint_report(
		l, RULE_HC0009, (struct anchor){e->tag_end, NULL},
		"root element <%s> is not a known configuration (<configuration>, <CRMSetup>, SSRS "
		"<Configuration>, Business Central <appSettings>); nothing was linted (force a "
		"kind "
		"to lint it anyway)",
		e->name);
	return 1;
}

/* Content that tells kinds apart: only IIS's file has system.applicationHost,
 * only machine.config configures the ASP.NET process model. */
static void refine_kind(struct lint *l)
{
	if (l->kind_forced || l->kind != HARDCONF_KIND_WEB)
		return;
	if (strcmp(l->path, "system.applicationHost") == 0)
		l->kind = HARDCONF_KIND_APPHOST;
	else if (strcmp(l->path, "system.web/processModel") == 0)
		l->kind = HARDCONF_KIND_MACHINE;
}

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

static int hook_applies(const struct lint *l, const struct hook *h)
{
	return !h->kinds || (h->kinds & HARDCONF_KIND_BIT(l->kind));
}

static void run_start(struct lint *l, const struct hook *const *hooks, size_t n,
		      const struct element *e)
{
	for (size_t i = 0; i < n; i++)
		if (hooks[i]->start && hook_applies(l, hooks[i]))
			hooks[i]->start(l, e, hooks[i]->arg);
}

static void run_end(struct lint *l, const struct hook *const *hooks, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (hooks[i]->end && hook_applies(l, hooks[i]))
			hooks[i]->end(l, hooks[i]->arg);
}

static void end_scope(struct lint *l)
{
	for (size_t i = 0; i < n_families; i++)
		if (families[i]->end_scope)
			families[i]->end_scope(l);
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
		lint_report(l, RULE_HC0003, (struct anchor){e->tag_end, NULL},
			    "elements nested deeper than %u; the rest of the file is not linted",
			    lim->max_depth);
		l->stop = 1;
	} else if (e->n_attrs > lim->max_attributes) {
		lint_report(
			l, RULE_HC0003, (struct anchor){e->tag_end, NULL},
			"<%s> has %zu attributes, more than %u; the rest of the file is not linted",
			e->name, e->n_attrs, lim->max_attributes);
		l->stop = 1;
	}
	for (size_t i = 0; !l->stop && i < e->n_attrs; i++) {
		if (e->attrs[i].value_len > lim->max_value_length) {
			lint_report(
				l, RULE_HC0003, (struct anchor){e->tag_end, e->attrs[i].name},
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

static int on_start(void *user, const struct element *e)
{
	struct lint *l = user;
	const char *name = e->name;
	struct frame *f, *frames;
	char *path;
	size_t name_len = strlen(name);

	frames = array_grow(l->frames, &l->frames_cap, l->depth + 1, sizeof *l->frames);
	if (frames)
		l->frames = frames;
	path = array_grow(l->path, &l->path_cap, l->path_len + name_len + 2, 1);
	if (path)
		l->path = path;
	if (!frames || !path) {
		lint_out_of_memory(l);
		return 1;
	}
	f = &l->frames[l->depth];
	memset(f, 0, sizeof *f);
	f->path_len = l->path_len;
	f->text_start = l->text_len;
	suppress_element(&l->sup, l->text, l->len, e->tag_end);
	f->hash = l->depth ? f[-1].hash : path_hash_start();
	if (l->depth++ == 0)
		return start_root(l, e) || check_limits(l, e);
	if (check_limits(l, e))
		return 1;

	if (l->depth == 2 && l->kind != HARDCONF_KIND_CRMSETUP && strcmp(name, "location") == 0) {
		/* Transparent for paths; its own hooks are keyed "location". */
		f->is_location = 1;
		enter_location(l, e);
		f->hooks = linter_hooks(l->linter, path_hash_more(path_hash_start(), "location", 8),
					"location", 8, 0, &f->n_hooks);
		run_start(l, f->hooks, f->n_hooks, e);
		return l->status != HARDCONF_OK || l->stop;
	}
	if (l->path_len > 0)
		l->path[l->path_len++] = '/';
	for (size_t i = 0; i < name_len; i++)
		l->path[l->path_len++] = l->case_insensitive ? ascii_lower(name[i]) : name[i];
	l->path[l->path_len] = '\0';
	refine_kind(l);

	f->removed = (l->depth > 1 && f[-1].removed) || (l->transform && removes(e));
	if (f->removed)
		return l->status != HARDCONF_OK || l->stop;
	/* Both keys extend the parent's hash: only the new name is hashed. */
	f->hash = path_hash_more(f->hash, l->path + f->path_len, l->path_len - f->path_len);
	f->hooks = linter_hooks(l->linter, f->hash, l->path, l->path_len, 0, &f->n_hooks);
	f->child_hooks =
		linter_hooks(l->linter, f[-1].hash, l->path, f->path_len, 1, &f->n_child_hooks);
	run_start(l, f->hooks, f->n_hooks, e);
	run_start(l, f->child_hooks, f->n_child_hooks, e);
	return l->status != HARDCONF_OK || l->stop;
}

static void on_comment(void *user, const char *text, size_t len, size_t end)
{
	struct lint *l = user;
	size_t start = end < l->len ? end : l->len;
	/* A comment cannot hold "--", so the last "<!--" before its end opens it. */
	while (start >= 4 && memcmp(l->text + start - 4, "<!--", 4) != 0)
		start--;
	if (start >= 4)
		suppress_comment(l, &l->sup, text, len, start - 4, end);
}

static int wants_text(const struct frame *f)
{
	return f->n_hooks > 0 || f->n_child_hooks > 0;
}

static void on_text(void *user, const char *s, size_t len)
{
	struct lint *l = user;
	struct frame *f;
	size_t room;
	char *buf;

	if (l->depth == 0 || !wants_text(f = &l->frames[l->depth - 1]))
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

const char *lint_element_text(const struct lint *l, size_t *len)
{
	*len = l->closing_len;
	return l->closing_text ? l->closing_text : "";
}

static void on_end(void *user)
{
	struct lint *l = user;
	struct frame *f;

	if (l->depth == 0)
		return;
	f = &l->frames[--l->depth];
	if (wants_text(f)) {
		l->closing_text = l->text_buf ? l->text_buf + f->text_start : NULL;
		l->closing_len = l->text_len - f->text_start;
	}
	run_end(l, f->child_hooks, f->n_child_hooks);
	run_end(l, f->hooks, f->n_hooks);
	if (wants_text(f)) {
		l->text_len = f->text_start;
		l->closing_text = NULL;
		l->closing_len = 0;
	}
	if (f->is_location) {
		end_scope(l);
		l->location[0] = '\0';
		l->in_location = 0;
	}
	l->path_len = f->path_len;
	if (l->path)
		l->path[l->path_len] = '\0';
}

static void on_doctype(void *user, size_t offset)
{
	struct lint *l = user;
	lint_report(l, RULE_HC0002, (struct anchor){offset, NULL},
		    "the file declares a DTD; configuration files never need one, and its entities "
		    "are not expanded: remove the <!DOCTYPE> declaration");
}

static void report_at_line(struct lint *l, enum rule_id rule, unsigned line, unsigned col,
			   const char *fmt, const char *detail)
{
	if (applies(l, rule))
		add(l, rule, str_printf(fmt, detail), line, col, 0, 0);
}

static void on_problem(void *user, enum xml_problem kind, unsigned line, unsigned column,
		       const char *message)
{
	struct lint *l = user;
	l->parse_failed = 1;
	if (kind == XML_PROBLEM_LIMIT)
		report_at_line(l, RULE_HC0003, line, column,
			       "parser limit reached: %s; the rest of the file is not linted",
			       message);
	else
		report_at_line(l, RULE_HC0001, line, column, "malformed XML: %s", message);
}

static const struct xml_events events = {on_start,   on_end,     on_text,
					 on_comment, on_doctype, on_problem};

/* ---- Entry points --------------------------------------------------------- */

/* libxml2 (before 2.12) compares each attribute of a start tag with every
 * earlier one, so a tag with 10^5 attributes costs seconds before the first
 * callback could refuse it.  This pass finds such a tag first.  A start tag
 * holds no '<' and each attribute takes at least five bytes (' a=""'), so
 * only a stretch between two '<' longer than 5 * limit that opens a start
 * tag needs reading: there, '=' outside quotes are counted up to the '>'
 * that ends the tag.  Returns the offset of that tag's '<' and its count in
 * *n, or len. */
static size_t attribute_flood(const char *t, size_t len, size_t limit, size_t *n)
{
	const char *p = memchr(t, '<', len), *end = t + len;
	while (p) {
		const char *next = p + 1 < end ? memchr(p + 1, '<', (size_t)(end - p - 1)) : NULL;
		const char *stop = next ? next : end;
		unsigned char c = p + 1 < end ? (unsigned char)p[1] : 0;
		int start_tag = c == '_' || c == ':' || c >= 0x80 ||
				((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
		if (start_tag && (size_t)(stop - p) > 5 * limit) {
			char quote = 0;
			size_t count = 0;
			for (const char *q = p; q < stop; q++) {
				if (quote) {
					quote = *q == quote ? 0 : quote;
				} else if (*q == '"' || *q == '\'') {
					quote = *q;
				} else if (*q == '>') {
					break;
				} else if (*q == '=') {
					count++;
				}
			}
			if (count > limit) {
				*n = count;
				return (size_t)(p - t);
			}
		}
		p = next;
	}
	return len;
}

static int lint_text(struct lint *l, const char *data, size_t len, int truncated)
{
	struct source_text text;
	struct source_problem problem;
	size_t flood, n_attrs = 0;
	int rc;

	if (truncated) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", l->linter->max_file_size);
		l->parse_failed = 1;
		report_at_line(
			l, RULE_HC0003, 1, 1,
			"the file is larger than the maximum file size of %s bytes; it was not "
			"linted (raise the limit only for a file you trust)",
			limit);
		return l->status;
	}
	rc = source_decode(&text, data, len, &problem);
	if (rc == HARDCONF_ENOMEM)
		return rc;
	if (rc != HARDCONF_OK) {
		l->parse_failed = 1;
		report_at_line(l, RULE_HC0001, problem.line, 1, "cannot decode the file: %s",
			       problem.message);
		return l->status;
	}
	l->text = text.text;
	l->len = text.len;
	flood = attribute_flood(text.text, text.len, l->linter->max_attributes, &n_attrs);
	if (flood < text.len) {
		unsigned line, col;
		locate(l, flood, &line, &col);
		l->parse_failed = 1;
		add(l, RULE_HC0003,
		    str_printf(
			    "a start tag with %zu attributes, more than %u; the file is not linted",
			    n_attrs, l->linter->max_attributes),
		    line, col, 0, 0);
	} else if (xml_parse(text.text, text.len, &events, l) != 0) {
		l->status = HARDCONF_ENOMEM;
	}
	if (l->status == HARDCONF_OK && !l->parse_failed && l->kind != HARDCONF_KIND_UNKNOWN) {
		end_scope(l);
		for (size_t i = 0; i < n_families; i++)
			if (families[i]->finish)
				families[i]->finish(l);
		suppress_finish(l, &l->sup);
	}
	source_text_free(&text);
	return l->status;
}

static int new_states(struct lint *l)
{
	for (size_t i = 0; i < n_families; i++) {
		if (!families[i]->state_size)
			continue;
		l->states[i] = calloc(1, families[i]->state_size);
		if (!l->states[i])
			return HARDCONF_ENOMEM;
		if (families[i]->init_state)
			families[i]->init_state(l->states[i]);
	}
	return HARDCONF_OK;
}

static void free_states(struct lint *l)
{
	for (size_t i = 0; i < n_families; i++) {
		if (l->states[i] && families[i]->free_state)
			families[i]->free_state(l->states[i]);
		free(l->states[i]);
	}
}

static int run(hardconf_report **out, const hardconf_linter *linter, const char *data, size_t len,
	       int truncated, const char *name, hardconf_kind kind, hardconf_error *err)
{
	struct lint l;
	int rc;

	memset(&l, 0, sizeof l);
	l.linter = linter;
	l.pos_line = l.pos_col = 1;
	l.kind_forced = kind != HARDCONF_KIND_UNKNOWN;
	l.kind = l.kind_forced ? kind : kind_from_name(name);
	l.report = report_new(name);
	rc = l.report ? new_states(&l) : HARDCONF_ENOMEM;
	if (rc == HARDCONF_OK)
		rc = lint_text(&l, data, len, truncated);
	free_states(&l);
	free(l.frames);
	free(l.path);
	free(l.text_buf);
	suppress_free(&l.sup);
	if (rc != HARDCONF_OK) {
		hardconf_report_free(l.report);
		error_set(err, rc, "%s: %s", name, hardconf_strerror(rc));
		return rc;
	}
	l.report->kind = l.kind;
	report_sort(l.report);
	*out = l.report;
	return HARDCONF_OK;
}

static int valid_kind(hardconf_kind kind)
{
	return kind >= HARDCONF_KIND_UNKNOWN && kind <= HARDCONF_KIND_LAST;
}

int hardconf_lint_buffer(hardconf_report **out, const hardconf_linter *linter, const void *data,
			 size_t len, const char *name, hardconf_kind kind, hardconf_error *err)
{
	if (out)
		*out = NULL;
	if (!out || !linter || (!data && len > 0) || !valid_kind(kind)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	if (!name)
		name = "<buffer>";
	return run(out, linter, data ? data : "",
		   len > linter->max_file_size ? linter->max_file_size : len,
		   len > linter->max_file_size, name, kind, err);
}

int hardconf_lint_file(hardconf_report **out, const hardconf_linter *linter, const char *path,
		       hardconf_kind kind, hardconf_error *err)
{
	char *data;
	size_t len;
	int truncated, rc;

	if (out)
		*out = NULL;
	if (!out || !linter || !path || !valid_kind(kind)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	rc = source_read_file(path, linter->max_file_size, &data, &len, &truncated, err);
	if (rc != HARDCONF_OK)
		return rc;
	rc = run(out, linter, data, len, truncated, path, kind, err);
	free(data);
	return rc;
}
