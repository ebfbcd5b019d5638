/*
 * resume.c - a parent's scan picked up at its first weighed <location>.
 *
 * A parents handle scans its file once for no file in particular, and
 * again for each set of files its <location path>s reach alike (a
 * variant, api/parents.c).  Those later scans leave out the locations
 * that do not reach, but the content before the first location is the
 * same for all of them: a site's web.config of 14 MB with a location for
 * each of 20 folders cost its parse 20 times.  The first scan keeps what
 * that content left behind (the chained families' states, the call's
 * downgrades and the kind it refined), and the scans after it leave the
 * content out and take that state instead, right after the root's start
 * tag.
 *
 * Only where the content is long enough to be worth it (RESUME_FROM), and
 * where nothing else that content did reaches further: no finding
 * made by then, and the root open and nothing else (locations are the
 * root's children).  The locations before it that are not weighed (no
 * path, or ".") answer alike for every file below: their effect is in the
 * state kept.
 */
#include "scan/call.h"

#include "scan/linter.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void resume_free(struct resume *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->linter->n_families; i++) {
		if (r->states[i] && r->linter->families[i]->free_state)
			r->linter->families[i]->free_state(r->states[i]);
		free(r->states[i]);
	}
	for (size_t i = 0; i < RULE_COUNT; i++)
		free(r->downgrades[i]);
	free(r);
}

/* Whether the byte before off in the scanned file f is a '>': the root's
 * start tag ends there, and what the scan leaves out starts after it. */
static int after_tag(struct lint *l, const struct lint_file *f, size_t off)
{
	size_t got = 1;
	const char *t = f->stream ? source_stream_bytes(f->stream, off - 1, 1, &l->reread, &got)
				  : f->text + off - 1;
	return t && got == 1 && *t == '>';
}

void resume_capture(struct lint *l, const struct element *e)
{
	struct lint_file *f = &l->files[l->cur];
	size_t from, to;
	struct resume *r;

	if (!l->resumable || f->resume || f->n_weighed || l->depth != 2 || l->frames_floor ||
	    l->transform || l->stop || l->parse_failed || l->status != HARDCONF_OK ||
	    l->n_pending != l->scan_pending)
		return;
	from = l->root_tag_end - f->base + 1;
	to = call_tag_start(l, l->cur, e->tag_end - f->base);
	/* Out of memory: no resume, and every scan reads the file whole. */
	if (to <= from || to - from < linter_resume_from(l->linter) || !after_tag(l, f, from) ||
	    !(r = calloc(1, sizeof *r)))
		return;
	r->from = from;
	r->to = to;
	r->kind = l->kind;
	r->linter = l->linter;
	for (size_t i = 0; i < l->linter->n_families; i++) {
		const struct family *fam = l->linter->families[i];
		if (!fam->chained || !l->states[i])
			continue;
		r->states[i] = calloc(1, fam->state_size);
		if (!r->states[i] ||
		    (fam->clone_state && fam->clone_state(r->states[i], l->states[i]) != 0)) {
			resume_free(r);
			return;
		}
		if (!fam->clone_state)
			memcpy(r->states[i], l->states[i], fam->state_size);
	}
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (l->downgrades[i] && !(r->downgrades[i] = str_dup(l->downgrades[i]))) {
			resume_free(r);
			return;
		}
	f->resume = r;
}

void resume_apply(struct lint *l, const struct resume *r)
{
	l->kind = r->kind;
	if (call_copy_chained(l, r->states) != HARDCONF_OK)
		return;
	for (size_t i = 0; i < RULE_COUNT; i++) {
		free(l->downgrades[i]);
		l->downgrades[i] = NULL;
		if (r->downgrades[i] && !(l->downgrades[i] = str_dup(r->downgrades[i]))) {
			lint_out_of_memory(l);
			return;
		}
	}
}
