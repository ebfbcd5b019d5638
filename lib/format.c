/* format.c - rendering findings for people and editors. */
#include "hardconf.h"

#include <stdio.h>

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

int hardconf_format_finding(char *buf, size_t size, const hardconf_finding *f,
			    hardconf_format format, unsigned int flags)
{
	int color = (flags & HARDCONF_FORMAT_COLOR) != 0;
	char file[4096];
	if (!f || (!buf && size > 0) || format != HARDCONF_FORMAT_GCC)
		return HARDCONF_EINVAL;
	escape_name(file, sizeof file, f->file ? f->file : "");
	/* The shape gcc, clang and every editor's problem matcher understand. */
	return snprintf(buf, size, "%s%s:%u:%u:%s %s%s:%s %s [%s]\n", color ? "\033[1m" : "", file,
			f->line, f->column, color ? "\033[0m" : "",
			color ? severity_color(f->severity) : "",
			hardconf_severity_name(f->severity), color ? "\033[0m" : "", f->message,
			f->rule_id);
}
