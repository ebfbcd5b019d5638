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

int hardconf_format_finding(char *buf, size_t size, const hardconf_finding *f,
			    hardconf_format format, unsigned int flags)
{
	int color = (flags & HARDCONF_FORMAT_COLOR) != 0;
	if (!f || (!buf && size > 0) || format != HARDCONF_FORMAT_GCC)
		return HARDCONF_EINVAL;
	/* The shape gcc, clang and every editor's problem matcher understand. */
	return snprintf(buf, size, "%s%s:%u:%u:%s %s%s:%s %s [%s]\n", color ? "\033[1m" : "",
			f->file, f->line, f->column, color ? "\033[0m" : "",
			color ? severity_color(f->severity) : "", hardconf_severity_name(f->severity),
			color ? "\033[0m" : "", f->message, f->rule_id);
}
