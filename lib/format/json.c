/*
 * json.c - findings as one JSON document, schema "hardconf/1":
 *
 *   {"schema": "hardconf/1",
 *    "tool": {"name": "hardconf", "version": "0.1.0"},
 *    "findings": [{"id", "severity", "message", "file", "line", "column",
 *                  "end_line", "end_column", "fingerprint", "help_uri",
 *                  "suppressed", "justification", "fix"}, ...],
 *    "files_linted": 3}
 *
 * end_line and end_column are null when unknown.  fix is null, or
 * {"description", "encoding", "edits": [{"offset", "length", "text"}]}:
 * length bytes at offset of the file as stored (BOM included) become text,
 * written in the file's encoding (see hardconf_fix).  Fields may be added; none
 * will change meaning without a new schema name.
 */
#include "format/writer.h"

#include "model/report.h"

static void head(hardconf_writer *w)
{
	out_fmt(w, "{\"schema\":\"hardconf/1\",\"tool\":{\"name\":\"hardconf\",\"version\":");
	out_json_string(w, hardconf_version());
	out_str(w, "},\"findings\":[");
}

/* A finding's fix, or null. */
static void fix(hardconf_writer *w, const hardconf_fix *x)
{
	if (!x) {
		out_str(w, ",\"fix\":null");
		return;
	}
	out_str(w, ",\"fix\":{\"description\":");
	out_json_string(w, x->description);
	out_fmt(w, ",\"encoding\":\"%s\",\"edits\":[", x->encoding);
	for (size_t i = 0; i < x->n_edits; i++) {
		const hardconf_edit *e = &x->edits[i];
		out_fmt(w, "%s{\"offset\":%zu,\"length\":%zu,\"text\":", i ? "," : "", e->offset,
			e->length);
		out_json_string(w, e->text);
		out_str(w, "}");
	}
	out_str(w, "]}");
}

static void report(hardconf_writer *w, const hardconf_report *r)
{
	for (size_t i = 0; i < r->count; i++) {
		const hardconf_finding *f = &r->items[i];
		const hardconf_rule *rule = format_rule(f->rule_id);
		char fingerprint[17] = {0};
		hardconf_finding_fingerprint(f, fingerprint);
		/* Strings and numbers written as they are: no printf pass. */
		out_str(w, w->findings - r->count + i ? ",\n{\"id\":" : "\n{\"id\":");
		out_json_string(w, f->rule_id);
		out_str(w, ",\"severity\":\"");
		out_str(w, hardconf_severity_name(f->severity));
		out_str(w, "\",\"message\":");
		out_json_string(w, f->message);
		out_str(w, ",\"file\":");
		out_json_string(w, f->file);
		out_str(w, ",\"line\":");
		out_uint(w, f->line);
		out_str(w, ",\"column\":");
		out_uint(w, f->column);
		if (f->end_line) {
			out_str(w, ",\"end_line\":");
			out_uint(w, f->end_line);
			out_str(w, ",\"end_column\":");
			out_uint(w, f->end_column);
		} else {
			out_str(w, ",\"end_line\":null,\"end_column\":null");
		}
		out_str(w, ",\"fingerprint\":\"");
		out_str(w, fingerprint);
		out_str(w, "\",\"help_uri\":");
		out_json_string(w, rule ? rule->reference : "");
		out_str(w, f->suppressed ? ",\"suppressed\":true,\"justification\":"
					 : ",\"suppressed\":false,\"justification\":");
		out_json_string(w, f->justification ? f->justification : "");
		fix(w, f->fix);
		out_str(w, "}");
	}
}

static void tail(hardconf_writer *w)
{
	out_fmt(w, "\n],\"files_linted\":%zu}\n", w->files);
}

const struct format_ops format_json = {head, report, tail, NULL};
