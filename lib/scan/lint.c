/*
 * lint.c - one lint call: decode, stream the elements through the hooks,
 * finish the rules that need the whole file, and hand back a sorted report.
 */
#include "scan/call.h"

#include "model/report.h"
#include "scan/linter.h"
#include "scan/suppress.h"
#include "source/source.h"
#include "util/tag.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hardconf_kind lint_kind(const struct lint *l)
{
	return l->kind;
}

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
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i] == f)
			return l->linter->shared[i];
	return NULL;
}

int lint_enabled(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule];
}

void *lint_state(struct lint *l, const struct family *f)
{
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i] == f)
			return l->states[i];
	return NULL;
}

const struct xml_attr *element_attr(const struct lint *l, const struct element *e, const char *name)
{
	for (size_t i = 0; i < e->n_attrs; i++) {
		const struct xml_attr *a = &e->attrs[i];
		if (a->prefix)
			continue;
		/* The first letter settles most comparisons without a call. */
		if (l->case_insensitive ? ascii_casecmp(a->name, name) == 0
					: a->name[0] == name[0] && strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

/* ---- Positions ------------------------------------------------------------ */

/* The file an offset of the call's offset space lies in. */
static size_t file_at(const struct lint *l, size_t off)
{
	size_t i = l->n_files;
	while (i > 1 && l->files[i - 1].base > off)
		i--;
	return i - 1;
}

/* Characters (not bytes) in [from, to): columns count characters. */
static unsigned count_chars(const char *from, const char *to)
{
	unsigned n = 0;
	for (; from < to; from++)
		n += ((unsigned char)*from & 0xC0) != 0x80;
	return n;
}

/* Moves a file's cursor back to off: on the same line by counting
 * characters, otherwise by counting line breaks and re-counting the
 * target's line. */
static void locate_back(struct lint_file *f, size_t off)
{
	const char *t = f->text, *p = t + off, *cur = t + f->pos_off, *nl;
	unsigned lines = 0;
	for (const char *q = p; (nl = memchr(q, '\n', (size_t)(cur - q))) != NULL; q = nl + 1)
		lines++;
	if (lines == 0) {
		f->pos_col -= count_chars(p, cur);
	} else {
		const char *start = p;
		while (start > t && start[-1] != '\n')
			start--;
		f->pos_line -= lines;
		f->pos_col = 1 + count_chars(start, p);
	}
	f->pos_off = off;
}

/* Line and column of an offset of a file's own text. */
static void locate(struct lint_file *f, size_t off, unsigned *line, unsigned *col)
{
	const char *p, *end, *nl;
	if (off > f->len)
		off = f->len;
	/* Findings come mostly in order; one at a tag after one at its
	 * attribute, or an end-of-file finding, steps back a little. */
	if (off < f->pos_off)
		locate_back(f, off);
	/* Whole lines are skipped with memchr; characters are counted only on
	 * the line of the target. */
	p = f->text + f->pos_off;
	end = f->text + off;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		f->pos_line++;
		f->pos_col = 1;
		p = nl + 1;
	}
	f->pos_col += count_chars(p, end);
	f->pos_off = off;
	*line = f->pos_line;
	*col = f->pos_col;
}

/* Where an anchor is in the text scanned: its file, and the byte range of
 * the start tag, or of the attribute's name through its closing quote
 * (*end 0 when unknown). */
static void scanned_range(const struct lint *l, size_t i, struct anchor at, size_t *start,
			  size_t *end)
{
	const struct lint_file *f = &l->files[i];
	size_t tag_end = at.tag_end - f->base;
	if (tag_end > f->len)
		tag_end = f->len;
	*start = tag_start(f->text, tag_end);
	*end = 0;
	if (at.attr)
		tag_attr(f->text, tag_end, at.attr, f->case_insensitive, start, end);
}

/* Where a range of file i was written: a transform's result is generated,
 * its pieces come from the base or the transform.  Returns the file. */
static size_t written_at(const struct lint *l, size_t i, size_t *start, size_t *end)
{
	const struct lint_file *f = &l->files[i];
	unsigned origin, origin_end;
	size_t from = *start, to = *end, mapped;
	if (!f->xdt.text)
		return i;
	xdt_origin(&f->xdt, from, &origin, start);
	*end = 0;
	if (to > from) {
		xdt_origin(&f->xdt, to, &origin_end, &mapped);
		if (origin_end == origin && mapped > *start)
			*end = mapped;
	}
	return f->origins[origin ? 1 : 0];
}

static size_t anchor_range(const struct lint *l, struct anchor at, size_t *start, size_t *end)
{
	size_t i = file_at(l, at.tag_end);
	scanned_range(l, i, at, start, end);
	return written_at(l, i, start, end);
}

void lint_locate(struct lint *l, struct anchor at, unsigned *line)
{
	size_t start, end;
	unsigned col;
	size_t i = anchor_range(l, at, &start, &end);
	locate(&l->files[i], start, line, &col);
}

void lint_place(struct lint *l, struct anchor at, char *buf, size_t size)
{
	size_t start, end;
	unsigned line, col;
	size_t i = anchor_range(l, at, &start, &end);
	locate(&l->files[i], start, &line, &col);
	/* Names are the report's: one pointer per name.  (While parents are
	 * read, the target is not among the files yet.) */
	if (l->target < l->n_files && l->files[i].name == l->files[l->target].name)
		snprintf(buf, size, "line %u", line);
	else
		snprintf(buf, size, "%s line %u", l->files[i].name, line);
}

/* ---- Reporting ------------------------------------------------------------ */

static void add_as(struct lint *l, size_t file, enum rule_id rule, hardconf_severity severity,
		   char *message, unsigned line, unsigned col, unsigned end_line, unsigned end_col)
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
	l->status = report_add(l->report, l->files[file].name, rule_meta(rule)->id, severity,
			       message, line, col, end_line, end_col);
}

static void add(struct lint *l, enum rule_id rule, char *message, unsigned line, unsigned col,
		unsigned end_line, unsigned end_col)
{
	add_as(l, l->cur, rule, l->linter->severity[rule], message, line, col, end_line, end_col);
}

static int applies(const struct lint *l, enum rule_id rule)
{
	return l->linter->enabled[rule] &&
	       (rule_meta(rule)->kinds & HARDCONF_KIND_BIT(l->kind)) != 0;
}

/* A parent answers for what it sets when it is linted itself; only what
 * keeps it from being read is reported in a chain. */
static int reported_in(const struct lint *l, size_t file, enum rule_id rule)
{
	return l->files[file].role != FILE_CONTEXT ||
	       (!l->quiet_parents && (rule == RULE_HC0001 || rule == RULE_HC0003));
}

static void vreport(struct lint *l, const char *location, enum rule_id rule,
		    hardconf_severity severity, struct anchor at, const char *fmt, va_list ap)
{
	size_t start, end, count, file, scanned;
	unsigned line, col, end_line = 0, end_col = 0;
	const struct suppression *suppressed;
	struct lint_file *f;
	char *body, *message;
	const char *why;

	if (!applies(l, rule))
		return;
	scanned = file_at(l, at.tag_end);
	if (!reported_in(l, scanned, rule))
		return;
	why = l->downgrades[rule];
	if (why && severity > HARDCONF_SEVERITY_NOTE)
		severity = HARDCONF_SEVERITY_NOTE;
	body = str_vprintf(fmt, ap);
	message = body && (location[0] || why)
			  ? str_printf("%s%s%s%s", location, location[0] ? ": " : "", body,
				       why ? why : "")
			  : body;
	if (message != body)
		free(body);
	/* Suppressions are comments of the text scanned (a result holds its
	 * origins' comments); positions are where the value was written. */
	scanned_range(l, scanned, at, &start, &end);
	suppressed = rule == RULE_HC0006
			     ? NULL
			     : suppress_find(&l->files[scanned].sup, rule,
					     at.tag_end - l->files[scanned].base, start);
	file = written_at(l, scanned, &start, &end);
	f = &l->files[file];
	locate(f, start, &line, &col);
	if (end > start)
		locate(f, end, &end_line, &end_col);
	count = l->report->count;
	add_as(l, file, rule, severity, message, line, col, end_line, end_col);
	if (suppressed && l->report->count > count && l->status == HARDCONF_OK)
		l->status = report_suppress_last(l->report, suppressed->reason);
}

/* Adds a finding at an offset of file i's text (not through an element). */
static void vreport_offset(struct lint *l, size_t i, size_t offset, enum rule_id rule,
			   const char *fmt, va_list ap)
{
	unsigned line, col;
	size_t file = written_at(l, i, &offset, &(size_t){0});
	locate(&l->files[file], offset, &line, &col);
	add_as(l, file, rule, l->linter->severity[rule], str_vprintf(fmt, ap), line, col, 0, 0);
}

void call_report_at(struct lint *l, size_t file, size_t offset, enum rule_id rule, const char *fmt,
		    ...)
{
	va_list ap;
	if (!l->linter->enabled[rule] || !reported_in(l, file, rule))
		return;
	va_start(ap, fmt);
	vreport_offset(l, file, offset, rule, fmt, ap);
	va_end(ap);
}

void lint_report_offset(struct lint *l, enum rule_id rule, size_t offset, const char *fmt, ...)
{
	va_list ap;
	if (!applies(l, rule) || !reported_in(l, l->cur, rule))
		return;
	va_start(ap, fmt);
	vreport_offset(l, l->cur, offset, rule, fmt, ap);
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

int lint_downgrade(struct lint *l, enum rule_id rule, const char *why)
{
	char *copy = str_dup(why);
	if (!copy) {
		lint_out_of_memory(l);
		return -1;
	}
	free(l->downgrades[rule]);
	l->downgrades[rule] = copy;
	return 0;
}

int lint_is_context(const struct lint *l)
{
	return l->files[l->cur].role == FILE_CONTEXT;
}

int lint_is_server_context(const struct lint *l)
{
	const struct lint_file *f = &l->files[l->cur];
	return f->role == FILE_CONTEXT && f->server;
}

const char *lint_path(const struct lint *l)
{
	return l->path ? l->path : "";
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
		/* Bounded: list_choices() left 20 bytes for these 17. */
		/* NOLINTNEXTLINE(clang-analyzer-security.insecureAPI.strcpy) */
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
	struct lint_file *f = &l->files[l->cur];
	if (!l->kind_forced || l->cur != l->target)
		l->kind = kind_of_root(l, e->name, l->kind);
	f->case_insensitive = l->case_insensitive = l->kind == HARDCONF_KIND_CRMSETUP;
	l->transform = 0;
	for (size_t i = 0; i < e->n_ns; i++)
		if (e->ns_uris[i] && strcmp(e->ns_uris[i], XDT_NAMESPACE) == 0)
			l->transform = 1;
	if (f->role == FILE_CONTEXT)
		return l->kind == HARDCONF_KIND_UNKNOWN || l->transform;
	l->root = (struct anchor){e->tag_end, NULL};
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
	if ((l->kind_forced && l->cur == l->target) || l->kind != HARDCONF_KIND_WEB)
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

/* Whether a parent's <location> configures the target: its path (file,
 * folder, site or application, '/' or '\' between names, any letter case;
 * none or "." for the parent's own level) is the target's scope or one
 * above it, and it is inherited there: inheritInChildApplications="false"
 * keeps it from the applications below its path. */
static int location_reaches_target(const struct lint *l, const struct element *e)
{
	const struct lint_file *f = &l->files[l->cur];
	const struct xml_attr *path = element_attr(l, e, "path");
	const struct xml_attr *inherit = element_attr(l, e, "inheritInChildApplications");
	const char *scope = f->scope;
	size_t n = path ? path->value_len : 0;

	if (n == 1 && path->value[0] == '.')
		n = 0;
	while (n > 0 && (path->value[n - 1] == '/' || path->value[n - 1] == '\\'))
		n--;
	if (n > 0) {
		if (!scope)
			return 0;
		for (size_t i = 0; i < n; i++) {
			char a = path->value[i] == '\\' ? '/' : path->value[i];
			char b = scope[i] == '\\' ? '/' : scope[i];
			if (!b || ascii_lower(a) != ascii_lower(b))
				return 0;
		}
		if (scope[n] != '\0' && scope[n] != '/' && scope[n] != '\\')
			return 0;
	}
	return !(n < f->app_len && inherit && inherit->value_len == 5 &&
		 ascii_ncasecmp(inherit->value, "false", 5) == 0);
}

static int hook_applies(const struct lint *l, const struct hook *const *at)
{
	const struct hook *h = *at;
	const struct family *f = l->linter->families[l->linter->hook_family[at - l->linter->hooks]];
	if (h->kinds && !(h->kinds & HARDCONF_KIND_BIT(l->kind)))
		return 0;
	if (l->secrets_only)
		return f->secrets;
	return f->chained || l->files[l->cur].role != FILE_CONTEXT;
}

static void run_start(struct lint *l, const struct hook *const *hooks, size_t n,
		      const struct element *e)
{
	for (size_t i = 0; i < n; i++)
		if (hooks[i]->start && hook_applies(l, hooks + i))
			hooks[i]->start(l, e, hooks[i]->arg);
}

static void run_end(struct lint *l, const struct hook *const *hooks, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (hooks[i]->end && hook_applies(l, hooks + i))
			hooks[i]->end(l, hooks[i]->arg);
}

/* Families that look at every element (locks) do so only in chains. */
static void run_element(struct lint *l, const struct element *e)
{
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (l->linter->families[i]->element)
			l->linter->families[i]->element(l, e);
}

static void end_scope(struct lint *l)
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

/* configSource (any section) and appSettings file= name files that hold the
 * section: followed from the file linted, once the file has been read.  Not
 * inside a <location>: the include is read at the top level, where its
 * settings would count for the whole file. */
static void note_include(struct lint *l, const struct element *e, const struct frame *f)
{
	const struct xml_attr *a = element_attr(l, e, "configSource");
	struct include *in;
	int merge = 0;

	if (!a && strcmp(l->path, "appSettings") == 0) {
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
	in->at = (struct anchor){e->tag_end, merge ? "file" : "configSource"};
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
	l->n_includes++;
}

static int on_start(void *user, const struct element *local)
{
	struct lint *l = user;
	struct lint_file *file = &l->files[l->cur];
	struct element g = *local; /* tag_end in the call's offset space */
	const struct element *e = &g;
	const char *name = e->name;
	struct frame *f, *frames;
	char *path;
	size_t name_len = strlen(name);

	g.tag_end += file->base;
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
	suppress_element(&file->sup, l->text, l->len, local->tag_end);
	f->hash = l->depth ? f[-1].hash : path_hash_start();
	if (l->depth++ == 0)
		return start_root(l, e) || check_limits(l, e);
	if (check_limits(l, e))
		return 1;

	if (l->depth == 2 && l->kind != HARDCONF_KIND_CRMSETUP && strcmp(name, "location") == 0) {
		/* Transparent for paths; its own hooks are keyed "location".  A
		 * parent's location counts only where it reaches the target, and
		 * there as the parent's own level. */
		f->is_location = 1;
		if (file->role == FILE_CONTEXT) {
			f->removed = !location_reaches_target(l, e);
			if (f->removed)
				return 0;
		} else {
			enter_location(l, e);
		}
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
	/* Only sections take configSource, and the deepest sit at depth 5
	 * (configuration/system.webServer/security/authentication/x). */
	if (l->follow_includes && l->depth <= 5 &&
	    (file->role == FILE_TARGET || file->role == FILE_RESULT) && !l->in_location)
		note_include(l, e, f);
	if (l->n_context && !l->secrets_only)
		run_element(l, e);
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
		suppress_comment(l, &l->files[l->cur].sup, text, len, start - 4, end);
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

/* The depth at which a file's elements end: an include's root closes into
 * the including element's parent. */
static size_t floor_depth(const struct lint *l)
{
	return l->files[l->cur].role == FILE_INCLUDE ? l->frames_floor : 0;
}

static void on_end(void *user)
{
	struct lint *l = user;
	struct frame *f;

	if (l->depth <= floor_depth(l))
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
	if (f->is_location && !f->removed && l->in_location) {
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
	lint_report(l, RULE_HC0002, (struct anchor){l->files[l->cur].base + offset, NULL},
		    "the file declares a DTD; configuration files never need one, and its entities "
		    "are not expanded: remove the <!DOCTYPE> declaration");
}

static void report_at_line(struct lint *l, enum rule_id rule, unsigned line, unsigned col,
			   const char *fmt, const char *detail)
{
	if (applies(l, rule) && reported_in(l, l->cur, rule))
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

/* ---- Scanning a file ------------------------------------------------------ */

/* Makes file i the one being scanned. */
void call_select(struct lint *l, size_t i)
{
	struct lint_file *f = &l->files[i];
	l->cur = i;
	l->text = f->text ? f->text : "";
	l->len = f->len;
	l->kind = f->kind;
	l->case_insensitive = f->case_insensitive;
}

long call_add_file(struct lint *l, const char *name, char *path, char *data, size_t len,
		   enum file_role role)
{
	struct lint_file *files, *f, *prev;
	const char *shown = report_name(l->report, name);

	files = array_grow(l->files, &l->files_cap, l->n_files + 1, sizeof *files);
	if (files)
		l->files = files;
	if (!files || !shown) {
		free(path);
		free(data);
		l->status = HARDCONF_ENOMEM;
		return -1;
	}
	f = &l->files[l->n_files];
	prev = l->n_files ? f - 1 : NULL;
	memset(f, 0, sizeof *f);
	f->name = shown;
	f->path = path;
	f->data = data;
	f->raw = data;
	f->data_len = len;
	f->role = role;
	f->kind = kind_from_name(name);
	f->base = prev ? prev->base + prev->len + 1 : 0;
	f->pos_line = f->pos_col = 1;
	return (long)l->n_files++;
}

int call_decode(struct lint *l, size_t i)
{
	struct lint_file *f = &l->files[i];
	struct source_problem problem;
	int rc;

	call_select(l, i);
	if (f->truncated) {
		char limit[32];
		snprintf(limit, sizeof limit, "%zu", l->linter->max_file_size);
		f->failed = 1;
		report_at_line(
			l, RULE_HC0003, 1, 1,
			"the file is larger than the maximum file size of %s bytes; it was not "
			"linted (raise the limit only for a file you trust)",
			limit);
		return l->status != HARDCONF_OK ? l->status : HARDCONF_EINVAL;
	}
	rc = source_decode(&f->src, f->raw ? f->raw : "", f->data_len, &problem);
	if (rc == HARDCONF_ENOMEM)
		return rc;
	if (rc != HARDCONF_OK) {
		f->failed = 1;
		report_at_line(l, RULE_HC0001, problem.line, 1, "cannot decode the file: %s",
			       problem.message);
		return l->status != HARDCONF_OK ? l->status : HARDCONF_EINVAL;
	}
	f->text = f->src.text;
	f->len = f->src.len;
	return HARDCONF_OK;
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

int call_scan(struct lint *l, size_t i, const struct include *in)
{
	struct lint_file *f;
	size_t flood, n_attrs = 0;

	call_select(l, i);
	l->parse_failed = l->stop = 0;
	l->transform = l->in_location = 0;
	l->location[0] = '\0';
	if (in && enter_include(l, in) != HARDCONF_OK)
		return l->status = HARDCONF_ENOMEM;
	flood = xml_attribute_flood(l->text, l->len, l->linter->max_attributes, &n_attrs);
	if (flood < l->len) {
		unsigned line, col;
		size_t written = written_at(l, i, &flood, &(size_t){0});
		locate(&l->files[written], flood, &line, &col);
		l->parse_failed = 1;
		add_as(l, written, RULE_HC0003, l->linter->severity[RULE_HC0003],
		       str_printf("a start tag with %zu attributes, more than %u; the file is not "
				  "linted",
				  n_attrs, l->linter->max_attributes),
		       line, col, 0, 0);
	} else if (xml_parse(l->text, l->len, &events, l) != 0) {
		l->status = HARDCONF_ENOMEM;
	}
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

void call_finish(struct lint *l)
{
	struct lint_file *t = &l->files[l->target];

	/* Read for secrets only, the whole-file rules and unused suppressions
	 * (of the other rules) have nothing to say. */
	int whole = l->status == HARDCONF_OK && !t->failed && t->kind != HARDCONF_KIND_UNKNOWN &&
		    !l->secrets_only;

	call_select(l, l->target);
	l->transform = t->transform;
	if (whole) {
		end_scope(l);
		for (size_t i = 0; i < l->linter->n_families; i++)
			if (l->linter->families[i]->finish)
				l->linter->families[i]->finish(l);
	}
	for (size_t i = 0; i < l->n_files && l->status == HARDCONF_OK; i++) {
		struct lint_file *f = &l->files[i];
		if (f->role == FILE_CONTEXT || f->role == FILE_ORIGIN || f->failed || !whole)
			continue;
		call_select(l, i);
		suppress_finish(l, &f->sup);
	}
	l->report->kind = t->kind;
	report_sort(l->report);
}

void call_reset_states(struct lint *l)
{
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (!l->states[i] || l->linter->families[i]->chained)
			continue;
		if (l->linter->families[i]->free_state)
			l->linter->families[i]->free_state(l->states[i]);
		memset(l->states[i], 0, l->linter->families[i]->state_size);
		if (l->linter->families[i]->init_state)
			l->linter->families[i]->init_state(l->states[i]);
	}
}

int call_init(struct lint *l, const hardconf_linter *linter, const char *name)
{
	memset(l, 0, sizeof *l);
	l->linter = linter;
	l->target = SIZE_MAX;
	l->report = report_new(name);
	if (!l->report)
		return HARDCONF_ENOMEM;
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (!l->linter->families[i]->state_size)
			continue;
		l->states[i] = calloc(1, l->linter->families[i]->state_size);
		if (!l->states[i])
			return HARDCONF_ENOMEM;
		if (l->linter->families[i]->init_state)
			l->linter->families[i]->init_state(l->states[i]);
	}
	return HARDCONF_OK;
}

void call_free(struct lint *l)
{
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (l->states[i] && l->linter->families[i]->free_state)
			l->linter->families[i]->free_state(l->states[i]);
		free(l->states[i]);
	}
	for (size_t i = 0; i < l->n_files; i++) {
		struct lint_file *f = &l->files[i];
		free(f->path);
		free(f->data);
		free(f->scope);
		source_text_free(&f->src);
		suppress_free(&f->sup);
		xdt_result_free(&f->xdt);
	}
	for (size_t i = 0; i < l->n_includes; i++) {
		free(l->includes[i].value);
		free(l->includes[i].parent_path);
		free(l->includes[i].real);
	}
	for (size_t i = 0; i < RULE_COUNT; i++)
		free(l->downgrades[i]);
	free(l->includes);
	free(l->files);
	free(l->frames);
	free(l->path);
	free(l->text_buf);
	hardconf_report_free(l->report);
}
