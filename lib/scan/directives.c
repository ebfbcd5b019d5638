/* directives.c - inline suppressions in XML comments, read as data. */
#include "scan/directives.h"

#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && xml_space(*p))
		p++;
	return p;
}

/* Whether the comment starts with directive, as a whole word. */
static int directive(const char **p, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - *p) < n || memcmp(*p, word, n) != 0 ||
	    (*p + n < end && !xml_space((*p)[n])))
		return 0;
	*p += n;
	return 1;
}

/* Two letters and four digits: HC1001, or a mistyped HX1001. */
static int id_shaped(const char *w, size_t n)
{
	if (n != 6)
		return 0;
	for (size_t i = 0; i < 6; i++) {
		char c = w[i];
		if (i < 2 ? !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : !(c >= '0' && c <= '9'))
			return 0;
	}
	return 1;
}

static const char *keep_reason(struct suppressions *s, const char *p, const char *end)
{
	char **reasons, *copy;
	while (end > p && xml_space(end[-1]))
		end--;
	if (end == p)
		return "";
	reasons = array_grow(s->reasons, &s->cap_reasons, s->n_reasons + 1, sizeof *reasons);
	if (!reasons)
		return NULL;
	s->reasons = reasons;
	copy = str_ndup(p, (size_t)(end - p));
	if (!copy)
		return NULL;
	return s->reasons[s->n_reasons++] = copy;
}

static int add(struct suppressions *s, const struct suppression *item)
{
	struct suppression *items = array_grow(s->items, &s->cap, s->n + 1, sizeof *items);
	if (!items)
		return -1;
	s->items = items;
	s->items[s->n++] = *item;
	return 0;
}

int suppress_comment(struct suppressions *s, const char *text, size_t len, size_t comment,
		     size_t end)
{
	const char *p = skip_spaces(text, text + len), *stop = text + len, *ids, *ids_end, *dash;
	int next = 0, enable = 0;
	const char *reason;
	/* A rule named again in the same comment adds nothing: one item each
	 * (1,000 repeats in each of a file's comments kept 11 bytes for each
	 * of its own). */
	unsigned char named[RULE_COUNT] = {0};

	if (directive(&p, stop, "hardconf-disable-next-line"))
		next = 1;
	else if (directive(&p, stop, "hardconf-enable"))
		enable = 1;
	else if (!directive(&p, stop, "hardconf-disable"))
		return 0;
	/* Ids (comma- or space-separated), then the reason: the first word that
	 * is not shaped like an id starts it, after an optional "-" or ":".
	 * ("--" cannot introduce it: XML forbids "--" inside a comment.) */
	ids = p;
	ids_end = p;
	for (const char *q = p;;) {
		const char *w;
		while (q < stop && (xml_space(*q) || *q == ','))
			q++;
		w = q;
		while (q < stop && !xml_space(*q) && *q != ',' && *q != ':')
			q++;
		if (w == q || !id_shaped(w, (size_t)(q - w)))
			break;
		ids_end = q;
	}
	dash = skip_spaces(ids_end, stop);
	while (dash < stop && (*dash == ',' || *dash == '-' || *dash == ':'))
		dash++;
	reason = keep_reason(s, skip_spaces(dash, stop), stop);
	if (!reason)
		return -1;
	for (const char *q = ids; q < ids_end;) {
		char id[16];
		size_t n = 0;
		const hardconf_rule *rule;
		enum rule_id r;
		while (q < ids_end && (xml_space(*q) || *q == ','))
			q++;
		if (q >= ids_end)
			break;
		while (q < ids_end && !xml_space(*q) && *q != ',' && *q != ':') {
			if (n + 1 < sizeof id)
				id[n++] = *q;
			q++;
		}
		id[n] = '\0';
		rule = hardconf_rule_find(id);
		if (!rule) {
			char shown[32];
			const char *kept;
			str_display(shown, sizeof shown, id, n);
			kept = keep_reason(s, shown, shown + strlen(shown));
			struct unknown_id *u;
			if (!kept)
				return -1;
			u = array_grow(s->unknown, &s->cap_unknown, s->n_unknown + 1, sizeof *u);
			if (!u)
				return -1;
			s->unknown = u;
			s->unknown[s->n_unknown++] = (struct unknown_id){comment, kept};
			continue;
		}
		r = (enum rule_id)(rule - hardconf_rule_at(0));
		if (named[r]++)
			continue;
		if (enable) {
			/* Each disable is ended once: an enable costs what it ends. */
			for (size_t i = s->open ? s->open[r] : 0; i; i = s->items[i - 1].prev_open)
				s->items[i - 1].end = comment;
			if (s->open)
				s->open[r] = 0;
			continue;
		}
		if (!next && !s->open && !(s->open = calloc(RULE_COUNT, sizeof *s->open)))
			return -1;
		if (add(s, &(struct suppression){.rule = r,
						 .next_element = next,
						 .comment = comment,
						 .start = next ? 0 : end,
						 .end = SIZE_MAX,
						 .reason = reason,
						 .prev_open = next ? 0 : s->open[r]}) != 0)
			return -1;
		if (!next)
			s->open[r] = s->n;
	}
	return 0;
}

int suppress_waiting(const struct suppressions *s)
{
	return s->n > 0 && s->items[s->n - 1].next_element && !s->items[s->n - 1].bound;
}

int suppress_line_known(const struct suppressions *s, size_t start)
{
	return !(s->line_from == 0 || start + 1 < s->line_from || start > s->line_end);
}

void suppress_element(struct suppressions *s, size_t start, size_t line_end, size_t tag_end)
{
	size_t end;
	if (!suppress_waiting(s))
		return;
	if (!suppress_line_known(s, start)) {
		s->line_from = start + 1;
		s->line_end = line_end;
	}
	end = s->line_end;
	for (size_t i = s->n; i-- > 0;) {
		struct suppression *x = &s->items[i];
		if (!x->next_element)
			continue;
		if (x->bound)
			break; /* everything before was bound already */
		x->start = start;
		x->end = end;
		x->tag_end = tag_end;
		x->bound = 1;
	}
}

void suppress_free(struct suppressions *s)
{
	for (size_t i = 0; i < s->n_reasons; i++)
		free(s->reasons[i]);
	free(s->reasons);
	free(s->items);
	free(s->unknown);
	free(s->open);
	free(s->index);
	memset(s, 0, sizeof *s);
}
