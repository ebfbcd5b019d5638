/*
 * parents.c - parents read once and shared by the files below them.
 *
 * A handle is the state of a lint call stopped after reading its parents:
 * the files (texts and transforms, borrowed by later calls), the state of
 * the families that carry it from a parent to its child (copied by each
 * call), downgrades and the parents' own findings.  A call given a handle
 * starts from a copy of that state instead of reading the parents again,
 * so a walk reads each file once.
 *
 * The files of a chain are kept once, in order, as a call borrows them
 * (what a call makes of a file, its line index or suppression items,
 * starts empty): a handle read on top of another extends its base's array
 * in place when no other handle did, so a chain n deep holds n files, not
 * n^2/2, and a call copies its parents' with one memcpy, allocating
 * nothing for any of them.
 *
 * A parent's <location path> reaches some files below it and not others,
 * so where a parent has one, what it passes down depends on the file: the
 * handle keeps a variant of its state per answer (the signature: which of
 * the locations weighed reach the file), made the first time a file with
 * that answer asks, by scanning the parent's text again, not reading it.
 * Most files below a parent get the same answer (the locations name a few
 * folders), so a walk still reads and scans each file about once.
 */
#include "api/parents.h"
#include "api/variants.h"

#include "api/call.h"
#include "model/report.h"
#include "resolve/chain.h"
#include "resolve/read.h"
#include "scan/linter.h"
#include "util/util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The files of a chain of handles, outermost first, as calls borrow them;
 * shared by the handles of a chain (a handle's are files[0, own + n_own)).
 * Entries past a handle's are written only by the one handle that claimed
 * them (used); a handle's own are never written again. */
struct chain_files {
	atomic_size_t refs;
	atomic_size_t used;
	size_t cap;
	struct lint_file files[];
};

static void chain_release(struct chain_files *c)
{
	if (c && atomic_fetch_sub(&c->refs, 1) == 1)
		free(c);
}

/* Locations of a file one after the other with only spaces between them
 * (in a text in memory), each with its end: what a scan leaves out as one
 * range when none of them reaches the file linted. */
struct run {
	size_t first, last;
};

/* What a file's answers read of one of a handle's own files, made once,
 * not for every file or variant. */
struct own_index {
	/* Its locations in the order of their heads (NULL: none): a file
	 * compares only those whose first name is its scope's. */
	uint32_t *by_head;
	/* Its locations that can be left out, in runs (n_runs of them); NULL
	 * when no two join (a streamed file's): each is a run of its own. */
	struct run *runs;
	size_t n_runs;
};

struct hardconf_parents {
	const hardconf_linter *linter;
	hardconf_parents *base; /* held */
	atomic_size_t refs;
	char *path, *transform, *site_path;
	int folder;          /* a web.config of a folder above the files below */
	size_t depth;        /* parents in the chain, this one included */
	int weighs;          /* here or above, a <location path> depends on the file below */
	size_t own, scanned; /* its files' first index in a call; the one scanned */
	/* After reading this parent on top of base, for no file; its files
	 * only its own (index own + k at files[k]). */
	struct lint call;
	struct chain_files *chain; /* held; NULL: no file */
	size_t n_own;
	struct own_index *index; /* per own file (index_own()) */
	pthread_mutex_t mu;      /* guards variants */
	struct variants variants;
};

void hardconf_parents_free(hardconf_parents *p)
{
	while (p && atomic_fetch_sub(&p->refs, 1) == 1) {
		hardconf_parents *base = p->base;
		for (size_t i = 0; i < p->variants.cap; i++)
			variant_free(p->variants.slots[i]);
		free(p->variants.slots);
		for (size_t i = 0; p->index && i < p->n_own; i++) {
			free(p->index[i].by_head);
			free(p->index[i].runs);
		}
		free(p->index);
		pthread_mutex_destroy(&p->mu);
		if (p->call.linter)
			call_free(&p->call);
		chain_release(p->chain);
		free(p->path);
		free(p->transform);
		free(p->site_path);
		free(p);
		p = base;
	}
}

static int copy_or_null(char **out, const char *s)
{
	*out = s ? str_dup(s) : NULL;
	return s && !*out ? -1 : 0;
}

static hardconf_parents *parents_alloc(const char *path, const char *transform,
				       const char *site_path)
{
	hardconf_parents *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	if (copy_or_null(&p->path, path) || copy_or_null(&p->transform, transform) ||
	    copy_or_null(&p->site_path, site_path) || pthread_mutex_init(&p->mu, NULL) != 0) {
		free(p->path);
		free(p->transform);
		free(p->site_path);
		free(p);
		return NULL;
	}
	atomic_init(&p->refs, 1);
	return p;
}

/* Starts l (just made, no file yet) with the files of h's chain, at the
 * indices they were read at: each handle's own, borrowed. */
static int borrow_chain(struct lint *l, const hardconf_parents *h)
{
	size_t n = h ? h->own + h->n_own : 0;
	struct lint_file *files;
	if (n == 0)
		return HARDCONF_OK;
	/* Room for the file linted and its transform too. */
	files = array_grow(l->files, &l->files_cap, n + 4, sizeof *files);
	if (!files)
		return l->status = HARDCONF_ENOMEM;
	l->files = files;
	/* A file at a time: one copy of a few hundred bytes is done in
	 * vector registers, a copy of them all with string instructions
	 * (counted a byte at a time by an instruction profiler). */
	for (size_t i = 0; i < n; i++)
		memcpy(&files[i], &h->chain->files[i], sizeof *files);
	l->n_files = n;
	return HARDCONF_OK;
}

/* Appends h's own files to l (which holds those of h's base), borrowed. */
static int borrow_own(struct lint *l, const hardconf_parents *h)
{
	struct lint_file *files =
		array_grow(l->files, &l->files_cap, l->n_files + h->n_own, sizeof *files);
	if (!files)
		return l->status = HARDCONF_ENOMEM;
	l->files = files;
	if (h->n_own)
		memcpy(&files[l->n_files], &h->chain->files[h->own], h->n_own * sizeof *files);
	l->n_files += h->n_own;
	return HARDCONF_OK;
}

/* Frees the files l borrowed or scanned for no one after it (a variant's:
 * what it passes down is its families' state). */
static void drop_files(struct lint *l)
{
	for (size_t i = 0; i < l->n_files; i++)
		if (call_file_has_state(&l->files[i]))
			call_file_state_free(&l->files[i]);
	free(l->files);
	l->files = NULL;
	l->n_files = l->files_cap = 0;
}

/* Puts p's n own files (lent, as calls borrow them) after those of its
 * base's chain: in place when the base's array has room and no other
 * handle extended it, else in a new array (room to grow in a chain). */
static int chain_extend(hardconf_parents *p, const struct lint_file *lent, size_t n)
{
	const hardconf_parents *b = p->base;
	struct chain_files *c = b ? b->chain : NULL;
	size_t prefix = p->own, need = prefix + n, cap;

	if (c && n == 0) {
		atomic_fetch_add(&c->refs, 1);
		p->chain = c;
		return HARDCONF_OK;
	}
	if (c && c->cap >= need) {
		size_t expect = prefix;
		if (atomic_compare_exchange_strong(&c->used, &expect, need)) {
			memcpy(&c->files[prefix], lent, n * sizeof *lent);
			atomic_fetch_add(&c->refs, 1);
			p->chain = c;
			return HARDCONF_OK;
		}
		/* A sibling took the room: this branch gets its own array. */
		cap = need + 4;
	} else {
		cap = need < 4 ? 8 : 2 * need;
	}
	if (n == 0)
		return HARDCONF_OK;
	if (cap > (SIZE_MAX - sizeof *c) / sizeof *lent)
		return HARDCONF_ENOMEM;
	c = malloc(sizeof *c + cap * sizeof *lent);
	if (!c)
		return HARDCONF_ENOMEM;
	atomic_init(&c->refs, 1);
	atomic_init(&c->used, need);
	c->cap = cap;
	if (prefix)
		memcpy(c->files, b->chain->files, prefix * sizeof *lent);
	memcpy(&c->files[prefix], lent, n * sizeof *lent);
	p->chain = c;
	return HARDCONF_OK;
}

/* Keeps only p's own files in p->call (the others are its base's), and
 * puts the copies calls borrow in the chain's array. */
static int keep_own(hardconf_parents *p)
{
	struct lint *l = &p->call;
	size_t n = l->n_files - p->own;
	struct lint_file *own = NULL, *lent = NULL;
	int rc;

	if (n && (array_dup((void **)&own, &l->files_cap, l->files + p->own, n, sizeof *own) ||
		  array_dup((void **)&lent, &p->n_own, l->files + p->own, n, sizeof *lent))) {
		free(own);
		return HARDCONF_ENOMEM;
	}
	for (size_t i = 0; i < p->own; i++)
		if (call_file_has_state(&l->files[i]))
			call_file_state_free(&l->files[i]);
	free(l->files);
	l->files = own;
	l->n_files = p->n_own = n;
	for (size_t k = 0; k < n; k++) {
		struct lint_file *f = &lent[k];
		if (own[k].text)
			text_index_build(own[k].text, own[k].len, &own[k].lines);
		f->borrowed = 1;
		f->shared_sup = own[k].sup.n ? &own[k].sup : NULL;
		f->shared_lines = own[k].lines.blocks ? &own[k].lines : NULL;
		memset(&f->sup, 0, sizeof f->sup);
		memset(&f->lines, 0, sizeof f->lines);
		f->weighed = NULL;
		f->n_weighed = f->weighed_cap = 0;
		f->weighed_paths = NULL;
		f->weighed_paths_len = f->weighed_paths_cap = 0;
		f->scope = NULL;
		f->resume = NULL;
	}
	rc = chain_extend(p, lent, n);
	free(lent);
	return rc;
}

static int spaces_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!xml_space(s[i]))
			return 0;
	return 1;
}

/* The runs of f's locations (x->runs), as unreached() leaves them out
 * when none reaches the file linted.  Returns 0, or -1 when memory ran
 * out. */
static int runs_of(const struct lint_file *f, struct own_index *x)
{
	struct run *shrunk;
	size_t weighable = 0, run_ends = SIZE_MAX; /* the open run's last location */
	if (!f->text)
		return 0; /* no spaces between them can be seen: no two join */
	if (!(x->runs = malloc(f->n_weighed * sizeof *x->runs)))
		return -1;
	for (size_t k = 0; k < f->n_weighed; k++) {
		const struct weighed *b = &f->weighed[k];
		if (b->end <= b->start)
			continue;
		weighable++;
		if (k > 0 && run_ends == k - 1 && b->start >= f->weighed[k - 1].end &&
		    b->start <= f->len &&
		    spaces_only(f->text + f->weighed[k - 1].end, b->start - f->weighed[k - 1].end))
			x->runs[x->n_runs - 1].last = k;
		else
			x->runs[x->n_runs++] = (struct run){k, k};
		run_ends = k;
	}
	if (x->n_runs == weighable) {
		free(x->runs);
		x->runs = NULL;
	} else if (x->n_runs && (shrunk = realloc(x->runs, x->n_runs * sizeof *shrunk))) {
		x->runs = shrunk;
	}
	return 0;
}

/* f's locations in the order of their heads (x->by_head).  Returns 0, or
 * -1 when memory ran out. */
static int by_head_of(const struct lint_file *f, struct own_index *x)
{
	size_t n = f->n_weighed;
	struct keyed *pairs;
	if (n > UINT32_MAX || !(pairs = malloc(n * sizeof *pairs)))
		return -1;
	if (!(x->by_head = malloc(n * sizeof *x->by_head))) {
		free(pairs);
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		pairs[k] = (struct keyed){f->weighed[k].head, k};
	qsort(pairs, n, sizeof *pairs, keyed_order);
	for (size_t k = 0; k < n; k++)
		x->by_head[k] = (uint32_t)pairs[k].index;
	free(pairs);
	return 0;
}

/* p's own files' indexes (p->index).  Returns HARDCONF_OK or
 * HARDCONF_ENOMEM. */
static int index_own(hardconf_parents *p)
{
	if (!p->n_own)
		return HARDCONF_OK;
	if (!(p->index = calloc(p->n_own, sizeof *p->index)))
		return HARDCONF_ENOMEM;
	for (size_t i = 0; i < p->n_own; i++) {
		const struct lint_file *f = &p->call.files[i];
		if (f->n_weighed &&
		    (by_head_of(f, &p->index[i]) != 0 || runs_of(f, &p->index[i]) != 0))
			return HARDCONF_ENOMEM;
	}
	return HARDCONF_OK;
}

int hardconf_parents_new(hardconf_parents **out, const hardconf_linter *linter,
			 const hardconf_parents *base, const char *path, const char *transform,
			 const char *site_path, unsigned int flags, hardconf_error *err)
{
	hardconf_parents *p;
	struct parent_spec spec;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !linter || !path || (base && base->linter != linter) ||
	    (flags & ~HARDCONF_PARENT_SERVER)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	p = parents_alloc(path, transform, site_path);
	if (!p) {
		error_set(err, HARDCONF_ENOMEM, "out of memory");
		return HARDCONF_ENOMEM;
	}
	p->linter = linter;
	p->folder = !(flags & HARDCONF_PARENT_SERVER) && is_web_config(path);
	if (base) {
		p->base = (hardconf_parents *)base;
		atomic_fetch_add(&p->base->refs, 1);
		p->depth = base->depth;
		p->weighs = base->weighs;
	}
	p->depth++;
	rc = call_init(&p->call, linter, path);
	if (rc == HARDCONF_OK && base)
		rc = borrow_chain(&p->call, base);
	if (rc == HARDCONF_OK && base)
		rc = call_adopt(&p->call, &base->call);
	p->own = p->call.n_files;
	/* Read for no file in particular: a <location path> then reaches
	 * nothing, and is kept (lint_file.weighed) to be answered per file. */
	spec = (struct parent_spec){
		.path = path, .transform = transform, .folder = p->folder, .site_path = site_path};
	/* Its variants pick up at the first weighed location (scan/resume.c). */
	p->call.resumable = 1;
	if (rc == HARDCONF_OK)
		rc = read_parent(&p->call, &spec, &p->scanned, err);
	if (rc == HARDCONF_OK)
		rc = p->call.status;
	for (size_t i = p->own; rc == HARDCONF_OK && i < p->call.n_files; i++)
		p->weighs |= p->call.files[i].n_weighed > 0;
	call_trim(&p->call);
	if (rc == HARDCONF_OK)
		rc = keep_own(p);
	if (rc == HARDCONF_OK)
		rc = index_own(p);
	if (rc != HARDCONF_OK) {
		if (rc != HARDCONF_EIO)
			error_set(err, rc, "%s: %s", path, hardconf_strerror(rc));
		hardconf_parents_free(p);
		return rc;
	}
	*out = p;
	return HARDCONF_OK;
}

int parents_own_bytes(const hardconf_parents *h, const hardconf_linter *linter, const char *path,
		      const char **data, size_t *len, const hardconf_parents **base)
{
	const struct lint_file *f;
	if (!h || h->linter != linter || !h->folder || !h->n_own || strcmp(h->path, path) != 0)
		return 0;
	/* Its first own file is the file as read (then its transform and
	 * their result); one cut short or streamed is read again. */
	f = &h->chain->files[h->own];
	if (!f->raw || f->truncated || f->stream)
		return 0;
	*data = f->raw;
	*len = f->data_len;
	*base = h->base;
	return 1;
}

int hardconf_parent_is_folder(const char *path, const char *target)
{
	char *scope = NULL;
	int rc;
	if (!path || !target)
		return HARDCONF_EINVAL;
	if (!is_web_config(path))
		return 0;
	rc = folder_below(path, target, &scope);
	if (rc == HARDCONF_OK)
		rc = scope != NULL;
	free(scope);
	return rc;
}

/* ---- Variants ---------------------------------------------------------------- */

/* The outermost folder parent of h's chain, or NULL. */
static const hardconf_parents *outermost_folder(const hardconf_parents *h)
{
	const hardconf_parents *found = NULL;
	for (; h; h = h->base)
		if (h->folder)
			found = h;
	return found;
}

/* The scope of p's files for the file at target: where target lies below
 * p's folder, or for a server file the target's IIS path. */
static int scope_of(const hardconf_parents *p, const hardconf_parents *outer, const char *target,
		    char **scope)
{
	if (p->folder)
		return folder_below(p->path, target, scope);
	return site_of(p->site_path, outer ? outer->path : NULL, target, scope);
}

/* The first place in order (f's locations by head) whose head is at
 * least head. */
static size_t first_of_head(const struct lint_file *f, const uint32_t *order, uint64_t head)
{
	size_t lo = 0, hi = f->n_weighed;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->weighed[order[mid]].head < head)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Appends to *sig, for each parent of h's chain (outermost first) and each
 * location it weighed, whether it reaches target; ends[d] is where the
 * part of the parent at depth d ends. */
static int signature(const hardconf_parents *h, const hardconf_parents *outer, const char *target,
		     char **sig, size_t *len, size_t *cap, size_t *ends)
{
	char *scope = NULL;
	uint64_t head = 0;
	int rc = h->base ? signature(h->base, outer, target, sig, len, cap, ends) : HARDCONF_OK;
	for (size_t i = 0; rc == HARDCONF_OK && i < h->n_own; i++) {
		const struct lint_file *f = &h->call.files[i];
		const uint32_t *order = h->index[i].by_head;
		char *grown;
		if (!f->n_weighed)
			continue;
		if (!scope) {
			if ((rc = scope_of(h, outer, target, &scope)) != HARDCONF_OK)
				break;
			head = scope ? location_head(scope, strlen(scope)) : 0;
		}
		if (!(grown = array_grow(*sig, cap, *len + f->n_weighed + 1, 1))) {
			rc = HARDCONF_ENOMEM;
			break;
		}
		*sig = grown;
		memset(*sig + *len, '0', f->n_weighed);
		/* Only a location whose first name is the scope's may reach
		 * it: those are found by their head. */
		for (size_t k = scope ? first_of_head(f, order, head) : f->n_weighed;
		     k < f->n_weighed && f->weighed[order[k]].head == head; k++) {
			const struct weighed *w = &f->weighed[order[k]];
			if (location_reaches(f->weighed_paths + w->path, w->len,
					     (int)w->not_inherited, scope, f->app_len))
				(*sig)[*len + order[k]] = '1';
		}
		*len += f->n_weighed;
	}
	free(scope);
	ends[h->depth - 1] = *len;
	return rc;
}

/* The <location>s of h's scanned file that do not reach the file linted
 * (sig: h's part of its signature), in *skips (n of them; NULL when none):
 * left out of the scan again, so that a variant costs what reaches its
 * files rather than every location of the parent again.  Only in a file
 * read to its end: one cut short may have left a location open. */
static int unreached(const hardconf_parents *h, const char *sig, const struct resume *resume,
		     struct xml_range **skips, size_t *n)
{
	size_t k = h->scanned - h->own, nw, ones = 0;
	const struct lint_file *f = &h->call.files[k];
	const struct own_index *x = &h->index[k];
	const char *one;
	*skips = NULL;
	*n = 0;
	for (size_t i = 0; i < k; i++)
		sig += h->call.files[i].n_weighed;
	nw = f->n_weighed;
	if (f->failed || (!resume && !memchr(sig, '0', nw)))
		return HARDCONF_OK;
	/* The content before the first location, when the scan resumes
	 * there; its range comes first (every location is after it). */
	if (!(*skips = malloc((nw + 1) * sizeof **skips)))
		return HARDCONF_ENOMEM;
	if (resume)
		(*skips)[(*n)++] = (struct xml_range){resume->from, resume->to};
	if (!x->runs) {
		/* Each location a run of its own. */
		for (size_t i = 0; i < nw; i++)
			if (sig[i] == '0' && f->weighed[i].end > f->weighed[i].start)
				(*skips)[(*n)++] =
					(struct xml_range){f->weighed[i].start, f->weighed[i].end};
		return HARDCONF_OK;
	}
	for (one = sig; (one = memchr(one, '1', nw - (size_t)(one - sig))) != NULL; one++)
		ones++;
	/* A location that reaches it cuts its run in two. */
	if (x->n_runs + ones > nw) {
		struct xml_range *grown = realloc(*skips, (x->n_runs + ones + 1) * sizeof **skips);
		if (!grown) {
			free(*skips);
			*skips = NULL;
			return HARDCONF_ENOMEM;
		}
		*skips = grown;
	}
	one = memchr(sig, '1', nw);
	for (size_t r = 0; r < x->n_runs; r++) {
		size_t a = x->runs[r].first, last = x->runs[r].last;
		for (; one && (size_t)(one - sig) <= last;
		     one = memchr(one + 1, '1', nw - (size_t)(one - sig) - 1)) {
			size_t o = (size_t)(one - sig);
			if (o < a)
				continue;
			if (o > a)
				(*skips)[(*n)++] = (struct xml_range){f->weighed[a].start,
								      f->weighed[o - 1].end};
			a = o + 1;
		}
		if (a <= last)
			(*skips)[(*n)++] =
				(struct xml_range){f->weighed[a].start, f->weighed[last].end};
	}
	return HARDCONF_OK;
}

/* Where a scan of h's file for a file below may pick up (scan/resume.c):
 * only from the state h's own scan started from, that of its base read
 * for no file in particular (no location above reaches the file). */
static const struct resume *resumes(const hardconf_parents *h, const struct lint *base)
{
	const struct lint_file *f = &h->call.files[h->scanned - h->own];
	if (f->failed || base != (h->base ? &h->base->call : NULL))
		return NULL;
	return f->resume;
}

/* Makes v->call: the state of base (h's base's for the file at target),
 * then h's own files scanned again for that file, whose answers to h's
 * locations are sig. */
static int rescan(struct lint *v, const hardconf_parents *h, const struct lint *base,
		  const hardconf_parents *outer, const char *target, const char *sig,
		  struct xml_keeper *keep)
{
	char *scope = NULL;
	struct xml_range *skips = NULL;
	struct lint_file *f;
	/* The same texts at the same offsets: borrowed, with directives and
	 * weighed locations of this call's own scan. */
	int rc = borrow_chain(v, h->base);

	if (rc == HARDCONF_OK && base)
		rc = call_adopt(v, base);
	if (rc == HARDCONF_OK)
		rc = borrow_own(v, h);
	if (rc == HARDCONF_OK)
		rc = scope_of(h, outer, target, &scope);
	if (rc != HARDCONF_OK)
		return rc;
	v->n_context++;
	if (h->scanned == SIZE_MAX) {
		free(scope);
		return HARDCONF_OK;
	}
	f = &v->files[h->scanned];
	f->scope = scope; /* the call's to free */
	f->resume_from = resumes(h, base);
	if ((rc = unreached(h, sig, f->resume_from, &skips, &f->n_skips)) != HARDCONF_OK)
		return rc;
	f->skips = skips;
	call_reset_states(v);
	v->keep = keep; /* the calling thread's, while it scans */
	rc = call_scan(v, h->scanned, NULL);
	v->keep = NULL;
	f = &v->files[h->scanned];
	f->skips = NULL;
	f->n_skips = 0;
	f->resume_from = NULL;
	free(skips);
	return rc;
}

/* One fewer call uses v, a variant of h (NULL: none). */
static void let_go(hardconf_parents *h, struct variant *v)
{
	int gone;
	if (!v)
		return;
	pthread_mutex_lock(&h->mu);
	gone = variant_let_go(v);
	pthread_mutex_unlock(&h->mu);
	if (gone)
		variant_free(v);
}

/* The state of h for the file at target, whose signature is sig (the part
 * of h's chain ends at ends[h->depth - 1]); when that is a variant, the
 * caller uses it until it lets go of *held (let_go()). */
static int state_of(hardconf_parents *h, const hardconf_parents *outer, const char *target,
		    const char *sig, const size_t *ends, struct xml_keeper *keep,
		    const struct lint **out, struct variant **held)
{
	size_t n = ends[h->depth - 1];
	const struct lint *base = NULL;
	struct variant *v, *found, *base_held = NULL;
	uint64_t hash;
	int rc = HARDCONF_OK;

	*out = &h->call;
	*held = NULL;
	/* No location of the chain reaches the file: the state read for no
	 * file in particular is its own (most files below a server's
	 * applicationHost.config, whose locations name other sites). */
	if (!h->weighs || !memchr(sig, '1', n))
		return HARDCONF_OK;
	hash = signature_hash(sig, n);
	pthread_mutex_lock(&h->mu);
	if ((found = find_variant(&h->variants, sig, n, hash)) != NULL)
		found->refs++;
	pthread_mutex_unlock(&h->mu);
	if (found) {
		*out = &found->call;
		*held = found;
		return HARDCONF_OK;
	}
	if (h->base)
		rc = state_of(h->base, outer, target, sig, ends, keep, &base, &base_held);
	v = rc == HARDCONF_OK ? calloc(1, sizeof *v) : NULL;
	if (rc == HARDCONF_OK && (!v || variant_answers(v, sig, n, hash) != 0))
		rc = HARDCONF_ENOMEM;
	if (rc == HARDCONF_OK)
		rc = call_init(&v->call, h->linter, h->path);
	if (rc == HARDCONF_OK)
		rc = rescan(&v->call, h, base, outer, target,
			    sig + (h->depth > 1 ? ends[h->depth - 2] : 0), keep);
	let_go(h->base, base_held);
	if (rc == HARDCONF_OK)
		rc = v->call.status;
	if (rc == HARDCONF_OK) {
		drop_files(&v->call);
		call_trim(&v->call);
	}
	if (rc != HARDCONF_OK) {
		variant_free(v);
		return rc;
	}
	/* Another thread may have made the same variant meanwhile: one is kept. */
	pthread_mutex_lock(&h->mu);
	found = find_variant(&h->variants, sig, n, hash);
	if (!found && add_variant(&h->variants, v, linter_variants_kept(h->linter)) == 0) {
		found = v;
		v = NULL;
	}
	if (found)
		found->refs++;
	pthread_mutex_unlock(&h->mu);
	variant_free(v);
	if (!found)
		return HARDCONF_ENOMEM;
	*out = &found->call;
	*held = found;
	return HARDCONF_OK;
}

int parents_read(struct lint *l, const hardconf_parents *h, const char *target,
		 const hardconf_chain *chain, hardconf_error *err)
{
	const struct lint *state = NULL;
	struct variant *held = NULL;
	char *sig = NULL;
	size_t len = 0, cap = 0, *ends = NULL;
	int rc = HARDCONF_OK;

	if (!h)
		return read_parents(l, target, chain, err);
	if (h->linter != l->linter)
		return HARDCONF_EINVAL;
	if (h->weighs) {
		const hardconf_parents *outer = outermost_folder(h);
		ends = calloc(h->depth, sizeof *ends);
		rc = ends ? signature(h, outer, target, &sig, &len, &cap, ends) : HARDCONF_ENOMEM;
		/* The handle is shared: variants are added under its locks. */
		if (rc == HARDCONF_OK)
			rc = state_of((hardconf_parents *)h, outer, target, sig ? sig : "", ends,
				      l->keep, &state, &held);
	} else {
		state = &h->call;
	}
	if (rc == HARDCONF_OK)
		rc = borrow_chain(l, h);
	if (rc == HARDCONF_OK)
		rc = call_adopt(l, state);
	/* Adopted: copied, nothing of the variant's is borrowed. */
	let_go((hardconf_parents *)h, held);
	if (rc == HARDCONF_OK && chain && chain->n_parents)
		rc = read_parents(l, target, chain, err);
	free(sig);
	free(ends);
	return rc;
}
