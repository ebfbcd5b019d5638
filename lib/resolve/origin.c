/*
 * origin.c - where something scanned was written.  A transform's result is
 * generated text: each piece of it comes from the base or the transform,
 * and a finding, or a message that names another place, points there.
 */
#include "resolve/origin.h"

#include "scan/call.h"

#include "resolve/xdt.h"

#include <stdio.h>

/* Where an anchor is in the text scanned: its file, and the byte range of
 * the start tag, or of the attribute's name through its closing quote
 * (*end 0 when unknown). */
/* Where a range of file i was written: a transform's result is generated,
 * its pieces come from the base or the transform.  Returns the file. */
size_t origin_written_at(const struct lint *l, size_t i, size_t *start, size_t *end)
{
	const struct lint_file *f = &l->files[i];
	unsigned origin, origin_end;
	size_t from = *start, to = *end, mapped;
	if (!f->xdt)
		return i;
	xdt_origin(f->xdt, from, &origin, start);
	*end = 0;
	if (to > from) {
		xdt_origin(f->xdt, to, &origin_end, &mapped);
		if (origin_end == origin && mapped > *start)
			*end = mapped;
	}
	return f->origins[origin ? 1 : 0];
}

static size_t anchor_range(struct lint *l, struct anchor at, size_t *start, size_t *end)
{
	size_t i = call_file_at(l, at.tag_end);
	call_anchor_range(l, i, at, start, end);
	return origin_written_at(l, i, start, end);
}

void lint_locate(struct lint *l, struct anchor at, unsigned *line)
{
	size_t start, end;
	unsigned col;
	size_t i = anchor_range(l, at, &start, &end);
	origin_locate(l, i, start, line, &col);
}

void lint_place(struct lint *l, struct anchor at, char *buf, size_t size)
{
	size_t start, end;
	unsigned line, col;
	size_t i = anchor_range(l, at, &start, &end);
	origin_locate(l, i, start, &line, &col);
	/* Names are the report's: one pointer per name.  (While parents are
	 * read, the target is not among the files yet.) */
	if (l->target < l->n_files && l->files[i].name == l->files[l->target].name)
		snprintf(buf, size, "line %u", line);
	else
		snprintf(buf, size, "%s line %u", l->files[i].name, line);
}

void origin_locate(struct lint *l, size_t file, size_t offset, unsigned *line, unsigned *col)
{
	call_locate(l, file, offset, line, col);
}
