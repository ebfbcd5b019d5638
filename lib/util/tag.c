/* tag.c - re-reading a start tag in the raw text. */
#include "util/tag.h"

#include "util/util.h"

#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t tag_start(const char *t, size_t tag_end)
{
	size_t i = tag_end;
	while (i > 0 && t[i - 1] != '<')
		i--;
	return i > 0 ? i - 1 : 0;
}

int tag_next_attr(const char *t, size_t tag_end, size_t *at, size_t *name, size_t *name_end,
		  size_t *end)
{
	size_t i = *at;
	char quote;

	if (i < tag_end && t[i] == '<') {
		/* The element's name. */
		i++;
		while (i < tag_end && !is_blank(t[i]) && t[i] != '>' && t[i] != '/')
			i++;
	}
	while (i < tag_end && is_blank(t[i]))
		i++;
	*at = i;
	if (i >= tag_end || t[i] == '>' || t[i] == '/')
		return 0;
	*name = i;
	while (i < tag_end && t[i] != '=' && !is_blank(t[i]))
		i++;
	*name_end = i;
	while (i < tag_end && is_blank(t[i]))
		i++;
	if (i >= tag_end || t[i] != '=')
		return 0;
	i++;
	while (i < tag_end && is_blank(t[i]))
		i++;
	if (i >= tag_end || (t[i] != '"' && t[i] != '\''))
		return 0;
	quote = t[i++];
	while (i < tag_end && t[i] != quote)
		i++;
	if (i < tag_end)
		i++;
	*at = *end = i;
	return 1;
}

int tag_attr(const char *t, size_t tag_end, const char *name, int ci, size_t *start, size_t *end)
{
	size_t i = tag_start(t, tag_end), name_len = strlen(name), name_start, name_end, stop;

	while (tag_next_attr(t, tag_end, &i, &name_start, &name_end, &stop)) {
		if (name_end - name_start == name_len &&
		    (ci ? ascii_ncasecmp(t + name_start, name, name_len) == 0
			: memcmp(t + name_start, name, name_len) == 0)) {
			*start = name_start;
			*end = stop;
			return 1;
		}
	}
	return 0;
}
