/*
 * sarif.c - SARIF 2.1.0 for code-scanning tools (GitHub code
 * scanning among them): one run whose driver lists every rule, and one
 * result per finding with a relative URI, a region and a stable
 * partial fingerprint.
 */
#include "format/writer.h"

#include "model/report.h"

#include <stdio.h>
#include <string.h>

/* GitHub reads security-severity: >= 7 high, >= 4 medium, else low. */
static const char *security_severity(hardconf_severity s)
{
	return s == HARDCONF_SEVERITY_ERROR     ? "8.0"
	       : s == HARDCONF_SEVERITY_WARNING ? "5.0"
						: "2.0";
}

static const char *level(hardconf_severity s)
{
	return s == HARDCONF_SEVERITY_ERROR     ? "error"
	       : s == HARDCONF_SEVERITY_WARNING ? "warning"
						: "note";
}

/* A JSON string of text ending with a period, as SARIF messages should. */
static void out_sentence(hardconf_writer *w, const char *text, size_t len)
{
	char buf[4096];
	if (len >= sizeof buf - 1)
		len = sizeof buf - 2;
	memcpy(buf, text, len);
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\n'))
		len--;
	if (len == 0 || (buf[len - 1] != '.' && buf[len - 1] != '?' && buf[len - 1] != '!'))
		buf[len++] = '.';
	buf[len] = '\0';
	out_json_string(w, buf);
}

/* A SARIF URI for a file name: relative names stay relative (forward
 * slashes, "./" dropped), absolute ones become file:// URIs; characters
 * outside RFC 3986's unreserved set and '/' are percent-encoded. */
static void out_uri(hardconf_writer *w, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[8192];
	size_t o = 0;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (name[0] == '/')
		o = (size_t)snprintf(buf, sizeof buf, "file://");
	for (const unsigned char *s = (const unsigned char *)name; *s && o + 4 < sizeof buf; s++) {
		unsigned char c = *s == '\\' ? '/' : *s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c)) {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	buf[o] = '\0';
	out_json_string(w, buf);
}

static void rule(hardconf_writer *w, const hardconf_rule *r, size_t index)
{
	const char *nl = strchr(r->help, '\n');
	hardconf_severity severity = w->severity[index];
	out_str(w, "{\"id\":");
	out_json_string(w, r->id);
	out_str(w, ",\"name\":");
	out_json_string(w, r->name);
	out_str(w, ",\"shortDescription\":{\"text\":");
	out_sentence(w, r->title, strlen(r->title));
	out_str(w, "},\"fullDescription\":{\"text\":");
	out_sentence(w, r->help, nl ? (size_t)(nl - r->help) : strlen(r->help));
	out_str(w, "},\"help\":{\"text\":");
	out_json_string(w, r->help);
	out_str(w, "},\"helpUri\":");
	out_json_string(w, r->reference);
	/* As the run's linters ran it: its grade, and whether it ran at all.
	 * Code scanning files only security rules as security alerts, and
	 * grades them by security-severity. */
	out_fmt(w,
		",\"defaultConfiguration\":{\"level\":\"%s\",\"enabled\":%s},"
		"\"properties\":{\"tags\":[\"%s\",\"%s\"],\"precision\":\"%s\"",
		level(severity), w->enabled[index] ? "true" : "false", r->category, r->family,
		r->precision);
	if (strcmp(r->category, "security") == 0)
		out_fmt(w, ",\"security-severity\":\"%s\"", security_severity(severity));
	out_str(w, "}}");
}

static void head(hardconf_writer *w)
{
	out_str(w, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		   "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"hardconf\","
		   "\"version\":");
	out_json_string(w, hardconf_version());
	out_str(w, ",\"semanticVersion\":");
	out_json_string(w, hardconf_version());
	out_str(w, ",\"informationUri\":\"https://github.com/hardconf/hardconf\",\"rules\":[");
	for (size_t i = 0; i < hardconf_rule_count(); i++) {
		if (i)
			out_str(w, ",\n");
		rule(w, hardconf_rule_at(i), i);
	}
	out_str(w, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

/* A finding's fix: its edits as replacements of byte ranges. */
static void fixes(hardconf_writer *w, const hardconf_finding *f)
{
	out_str(w, ",\"fixes\":[{\"description\":{\"text\":");
	out_sentence(w, f->fix->description, strlen(f->fix->description));
	out_str(w, "},\"artifactChanges\":[{\"artifactLocation\":{\"uri\":");
	out_uri(w, f->file);
	out_str(w, "},\"replacements\":[");
	for (size_t i = 0; i < f->fix->n_edits; i++) {
		const hardconf_edit *e = &f->fix->edits[i];
		out_fmt(w,
			"%s{\"deletedRegion\":{\"byteOffset\":%zu,\"byteLength\":%zu},"
			"\"insertedContent\":{\"text\":",
			i ? "," : "", e->offset, e->length);
		out_json_string(w, e->text);
		out_str(w, "}}");
	}
	out_str(w, "]}]}]");
}

static void result(hardconf_writer *w, const hardconf_finding *f, int first)
{
	const hardconf_rule *r = format_rule(f->rule_id);
	char fingerprint[17] = {0};
	hardconf_finding_fingerprint(f, fingerprint);
	out_str(w, first ? "\n{\"ruleId\":" : ",\n{\"ruleId\":");
	out_json_string(w, f->rule_id);
	out_str(w, ",\"ruleIndex\":");
	out_uint(w, r ? (size_t)(r - hardconf_rule_at(0)) : 0);
	out_str(w, ",\"level\":\"");
	out_str(w, level(f->severity));
	out_str(w, "\",\"message\":{\"text\":");
	out_sentence(w, f->message, strlen(f->message));
	out_str(w, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	out_uri(w, f->file);
	out_str(w, "},\"region\":{\"startLine\":");
	out_uint(w, f->line);
	out_str(w, ",\"startColumn\":");
	out_uint(w, f->column);
	if (f->end_line && (f->end_line > f->line || f->end_column > f->column)) {
		out_str(w, ",\"endLine\":");
		out_uint(w, f->end_line);
		out_str(w, ",\"endColumn\":");
		out_uint(w, f->end_column);
	}
	out_str(w, "}}}],\"partialFingerprints\":{\"hardconf/v2\":\"");
	out_str(w, fingerprint);
	out_str(w, "\"}");
	if (f->suppressed) {
		out_str(w, ",\"suppressions\":[{\"kind\":\"inSource\"");
		if (f->justification && *f->justification) {
			out_str(w, ",\"justification\":");
			out_json_string(w, f->justification);
		}
		out_str(w, "}]");
	}
	if (f->fix)
		fixes(w, f);
	out_str(w, "}");
}

static void report(hardconf_writer *w, const hardconf_report *r)
{
	for (size_t i = 0; i < r->count; i++)
		result(w, &r->items[i], w->findings - r->count + i == 0);
}

static void tail(hardconf_writer *w)
{
	out_str(w, "\n]}]}\n");
}

const struct format_ops format_sarif = {head, report, tail, NULL};
