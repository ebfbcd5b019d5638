/*
 * call.c - a lint call's lifetime: its state made, and everything it read
 * and found freed.
 */
#include "api/call.h"

#include "model/report.h"
#include "resolve/xdt.h"
#include "scan/linter.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A state's room in the block: a multiple of the strictest alignment. */
static size_t room(size_t size)
{
	size_t a = _Alignof(max_align_t);
	return (size + a - 1) / a * a;
}

/* Points states[] of the families chosen (all, or the chained ones) into
 * one new zeroed block; their old states, when from is given, are moved
 * there.  Returns the block, or NULL (nothing changed). */
static void *place_states(struct lint *l, int chained_only, void **from)
{
	size_t total = 0;
	char *block, *at;
	for (size_t i = 0; i < l->linter->n_families; i++)
		if (!chained_only || l->linter->families[i]->chained)
			total += room(l->linter->families[i]->state_size);
	if (total == 0 || !(block = calloc(1, total)))
		return NULL;
	at = block;
	for (size_t i = 0; i < l->linter->n_families; i++) {
		size_t size = l->linter->families[i]->state_size;
		if (!size || (chained_only && !l->linter->families[i]->chained))
			continue;
		if (from && from[i])
			memcpy(at, from[i], size);
		l->states[i] = at;
		at += room(size);
	}
	return block;
}

int call_init(struct lint *l, const hardconf_linter *linter, const char *name)
{
	memset(l, 0, sizeof *l);
	l->linter = linter;
	l->target = SIZE_MAX;
	l->report = report_new(name);
	if (!l->report)
		return HARDCONF_ENOMEM;
	l->state_block = place_states(l, 0, NULL);
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (!l->linter->families[i]->state_size)
			continue;
		if (!l->state_block)
			return HARDCONF_ENOMEM;
		if (l->linter->families[i]->init_state)
			l->linter->families[i]->init_state(l->states[i]);
	}
	return HARDCONF_OK;
}

void call_file_state_free(struct lint_file *f)
{
	/* A borrowed file mostly has none (a chain's call borrows every
	 * parent above it): nothing is called for it then. */
	if (f->weighed) {
		free(f->weighed);
		free(f->weighed_paths);
		f->weighed = NULL;
		f->weighed_paths = NULL;
		f->n_weighed = f->weighed_cap = 0;
		f->weighed_paths_len = f->weighed_paths_cap = 0;
	}
	if (f->scope) {
		free(f->scope);
		f->scope = NULL;
	}
	if (f->resume) {
		resume_free(f->resume);
		f->resume = NULL;
	}
	if (f->lines.blocks)
		text_index_free(&f->lines);
	if (f->sup.items || f->sup.unknown || f->sup.reasons || f->sup.open || f->sup.index)
		suppress_free(&f->sup);
}

void call_free(struct lint *l)
{
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (l->states[i] && l->linter->families[i]->free_state)
			l->linter->families[i]->free_state(l->states[i]);
		l->states[i] = NULL;
	}
	free(l->state_block);
	l->state_block = NULL;
	for (size_t i = 0; i < l->n_files; i++) {
		struct lint_file *f = &l->files[i];
		/* Most of a chain's files are borrowed and untouched. */
		if (f->borrowed && !call_file_has_state(f))
			continue;
		call_file_state_free(f);
		if (f->borrowed)
			continue;
		free(f->path);
		free(f->data);
		source_stream_close(f->stream);
		source_text_free(&f->src);
		if (f->xdt)
			xdt_result_free(f->xdt);
		free(f->xdt);
	}
	for (size_t i = 0; i < l->n_includes; i++) {
		free(l->includes[i].value);
		free(l->includes[i].parent_path);
	}
	for (size_t i = 0; i < l->n_pending; i++)
		free(l->pending[i].message);
	free(l->pending);
	/* Nearly all are NULL: no call for those. */
	for (size_t i = 0; i < RULE_COUNT; i++)
		if (l->downgrades[i])
			free(l->downgrades[i]);
	free(l->includes);
	free(l->files);
	call_trim(l);
	hardconf_report_free(l->report);
}

void call_trim(struct lint *l)
{
	void *kept[MAX_FAMILIES], *block;
	memcpy(kept, l->states, sizeof kept);
	for (size_t i = 0; i < l->linter->n_families; i++) {
		if (!l->states[i] || l->linter->families[i]->chained)
			continue;
		if (l->linter->families[i]->free_state)
			l->linter->families[i]->free_state(l->states[i]);
		l->states[i] = kept[i] = NULL;
	}
	/* The chained states move to a block of their own (states are moved
	 * by copying, as call_adopt() copies them); without memory for it,
	 * they stay where they are. */
	block = l->state_block ? place_states(l, 1, kept) : NULL;
	if (block) {
		free(l->state_block);
		l->state_block = block;
	}
	free(l->frames);
	l->frames = NULL;
	l->frames_cap = 0;
	free(l->path);
	l->path = NULL;
	l->path_cap = 0;
	free(l->text_buf);
	l->text_buf = NULL;
	l->text_cap = 0;
	free(l->reread.p);
	l->reread = (struct stream_buf){NULL, 0};
	child_cache_free(&l->children);
	for (size_t i = 0; i < TAG_CACHE; i++) {
		free(l->tags[i].at);
		free(l->tags[i].names);
		memset(&l->tags[i], 0, sizeof l->tags[i]);
	}
}
