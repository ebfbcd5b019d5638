/* text.c - line formats: gcc-style for people and editors, and
 * GitHub Actions workflow commands (annotations on a pull request). */
#include "format/writer.h"

#include "model/report.h"

#include <stdio.h>
#include <stdlib.h>

/* File names come from untrusted trees: a control character in one could
 * forge a finding line or drive the terminal, so they are written escaped. */
static void escape_name(char *out, size_t size, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (; *name && o + 5 < size; name++) {
		unsigned char c = (unsigned char)*name;
		if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

static const char *severity_color(hardconf_severity s)
{
	switch (s) {
	case HARDCONF_SEVERITY_ERROR:
		return "\033[1;31m";
	case HARDCONF_SEVERITY_WARNING:
		return "\033[1;35m";
	case HARDCONF_SEVERITY_NOTE:
		return "\033[1;36m";
	}
	return "";
}

int hardconf_format_finding(char *buf, size_t size, const hardconf_finding *f,
			    hardconf_format format, unsigned int flags)
{
	int color = (flags & HARDCONF_FORMAT_COLOR) != 0;
	char file[4096];
	if (!f || (!buf && size > 0) || format != HARDCONF_FORMAT_GCC)
		return HARDCONF_EINVAL;
	escape_name(file, sizeof file, f->file ? f->file : "");
	/* The shape gcc, clang and every editor's problem matcher understand. */
	return snprintf(buf, size, "%s%s:%u:%u:%s %s%s:%s %s [%s]%s\n", color ? "\033[1m" : "",
			file, f->line, f->column, color ? "\033[0m" : "",
			color ? severity_color(f->severity) : "",
			hardconf_severity_name(f->severity), color ? "\033[0m" : "", f->message,
			f->rule_id, f->suppressed ? " [suppressed]" : "");
}

static void gcc_report(hardconf_writer *w, const hardconf_report *r)
{
	char line[1024];
	for (size_t i = 0; i < r->count; i++) {
		const hardconf_finding *f = &r->items[i];
		int n;
		if (f->suppressed && !(w->flags & HARDCONF_FORMAT_SHOW_SUPPRESSED))
			continue;
		n = hardconf_format_finding(line, sizeof line, f, HARDCONF_FORMAT_GCC, w->flags);
		if (n < 0)
			continue;
		if ((size_t)n < sizeof line) {
			out(w, line, (size_t)n);
		} else {
			char *big = malloc((size_t)n + 1);
			if (!big) {
				w->status = HARDCONF_ENOMEM;
				return;
			}
			hardconf_format_finding(big, (size_t)n + 1, f, HARDCONF_FORMAT_GCC,
						w->flags);
			out(w, big, (size_t)n);
			free(big);
		}
	}
}

/* Workflow-command escaping: data escapes %, CR and LF; property values
 * also ':' and ','. */
static void out_escaped(hardconf_writer *w, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			out_str(w, "%25");
			break;
		case '\r':
			out_str(w, "%0D");
			break;
		case '\n':
			out_str(w, "%0A");
			break;
		case ':':
			out_str(w, property ? "%3A" : ":");
			break;
		case ',':
			out_str(w, property ? "%2C" : ",");
			break;
		default:
			/* Other control characters (an escape in a file name)
			 * would reach the log raw: written as \xNN, as in gcc
			 * format. */
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				out_fmt(w, "\\x%02x", (unsigned)(unsigned char)*s);
			else
				out(w, s, 1);
		}
	}
}

static void github_report(hardconf_writer *w, const hardconf_report *r)
{
	static const char *const level[] = {"notice", "notice", "warning", "error"};
	for (size_t i = 0; i < r->count; i++) {
		const hardconf_finding *f = &r->items[i];
		if (f->suppressed && !(w->flags & HARDCONF_FORMAT_SHOW_SUPPRESSED))
			continue;
		/* A suppressed finding is shown for the record, not as a
		 * problem: a notice whatever its severity. */
		out_fmt(w, "::%s file=",
			f->suppressed ? "notice" : level[f->severity <= 3 ? f->severity : 3]);
		out_escaped(w, f->file, 1);
		out_fmt(w, ",line=%u,col=%u", f->line, f->column);
		if (f->end_line == f->line && f->end_column > f->column)
			out_fmt(w, ",endColumn=%u", f->end_column);
		out_str(w, ",title=");
		out_escaped(w, f->rule_id, 1);
		out_str(w, "::");
		out_escaped(w, f->message, 0);
		out_fmt(w, " [%s]%s\n", f->rule_id, f->suppressed ? " [suppressed]" : "");
	}
}

const struct format_ops format_gcc = {NULL, gcc_report, NULL, NULL};
const struct format_ops format_github = {NULL, github_report, NULL, NULL};
