/* run.c - linting the targets on a pool of threads, each parent read once
 * (handles.c), standard input read by stdin.c. */
#include "run.h"

#include "handles.h"
#include "stdin.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Linting one target ----------------------------------------------------- */

/* The chain of a target: --parent files, then what the top web.config of
 * its walk inherits from above the walked directory, then the web.config
 * files of the folders above it in the walk, outermost first, in
 * parents[0..n), and in parents[n..2n) the transform each is published
 * with (or NULL). */
static const char **chain_parents(const struct lint_setup *s, const struct targets *all,
				  const struct target *t, size_t *n)
{
	size_t depth = 0, total, above_n = 0;
	const hardconf_chain *above = NULL;
	const char **parents;
	const struct target *top = t;
	for (size_t p = t->parent; p != NO_PARENT; p = all->items[p].parent) {
		depth++;
		top = &all->items[p];
	}
	if (top->above) {
		above = hardconf_discovery_chain(top->above);
		above_n = above->n_parents;
	}
	total = s->n_parents + above_n + depth;
	parents = calloc(2 * total + 1, sizeof *parents);
	if (!parents)
		return NULL;
	for (size_t i = 0; i < s->n_parents; i++)
		parents[i] = s->parents[i];
	for (size_t i = 0; i < above_n; i++) {
		parents[s->n_parents + i] = above->parents[i];
		parents[total + s->n_parents + i] = above->parent_transforms[i];
	}
	*n = total;
	for (size_t p = t->parent; p != NO_PARENT; p = all->items[p].parent) {
		--depth;
		parents[s->n_parents + above_n + depth] = all->items[p].path;
		parents[total + s->n_parents + above_n + depth] = all->items[p].transform;
	}
	return parents;
}

/* What a file named is linted with, as HARDCONF_LINT_DISCOVER would find
 * it, from the discovery made when it was named: the --parent files in in
 * (none when a handle holds them), then the parents found (and the
 * transform each is published with, in the second half of the array
 * returned, which the caller frees); its transform and root; the real paths
 * its fingerprints need.  NULL: out of memory. */
static const char **named_parents(const struct lint_setup *s, const hardconf_discovery *d,
				  hardconf_input *in)
{
	const hardconf_chain *found = hardconf_discovery_chain(d);
	size_t given = in->n_parents, n = given + found->n_parents;
	const char **parents = calloc(2 * n + 1, sizeof *parents);
	if (!parents)
		return NULL;
	for (size_t k = 0; k < given; k++)
		parents[k] = in->parents[k];
	for (size_t k = 0; k < found->n_parents; k++) {
		parents[given + k] = found->parents[k];
		parents[n + given + k] = found->parent_transforms[k];
	}
	in->parents = parents;
	in->n_parents = n;
	in->parent_transforms = parents + n;
	if (!s->transform)
		in->transform = found->transform;
	in->flags |= found->flags & (HARDCONF_CHAIN_QUIET_PARENTS | HARDCONF_CHAIN_SECRETS_ONLY);
	in->root = s->root ? s->root : hardconf_discovery_root(d);
	return parents;
}

static void lint_one(const struct lint_setup *s, const struct targets *all, const struct target *t,
		     struct handles *h, hardconf_workspace *ws, struct result *res)
{
	hardconf_input in = HARDCONF_INPUT_INIT;
	hardconf_error err = {0};
	const char **parents = NULL;
	char *data = NULL;
	int spooled = -1;

	res->target = t;
	res->report = NULL;
	res->error[0] = '\0';
	if (t->ignored)
		return;
	in.kind = s->kind;
	in.site_path = s->site_path;
	in.configuration = s->configuration;
	in.root = s->root;
	in.workspace = ws;
	if (t->walked) {
		const hardconf_linter *linter = t->profile->linter;
		const hardconf_parents *inherited = NULL;
		int once = h != NULL;
		/* A folder's web.config with files below it is read once: as
		 * their parent, and linted from that handle. */
		if (once && t->is_parent)
			once = (inherited = as_parent(h, s, all, (size_t)(t - all->items),
						      linter)) != NULL;
		else if (once && t->parent != NO_PARENT)
			once = (inherited = as_parent(h, s, all, t->parent, linter)) != NULL;
		else if (once)
			once = above_of(h, s, top_chain(t), t->path, linter, &inherited) == 0;
		if (once) {
			in.inherited = inherited;
		} else {
			parents = chain_parents(s, all, t, &in.n_parents);
			if (!parents) {
				snprintf(res->error, sizeof res->error, "%s: out of memory",
					 t->path);
				return;
			}
			in.parents = parents;
			in.parent_transforms = parents + in.n_parents;
		}
		in.path = t->path;
		/* The walk looked for the root once: none found is the working
		 * directory, not a search up from every file again. */
		in.root = t->root ? t->root : ".";
		if (t->real_dir) {
			in.real_dir = t->real_dir;
			in.root = t->real_root;
		}
		in.transform = t->transform;
		/* The folders' web.config files are linted on their own. */
		if (t->parent != NO_PARENT)
			in.flags |= HARDCONF_CHAIN_QUIET_PARENTS;
		if (t->secrets_only)
			in.flags |= HARDCONF_CHAIN_SECRETS_ONLY;
	} else {
		/* A file named, or standard input: as its project's walk lints
		 * it, unless --alone.  --parent server files (no web.config,
		 * whose place could make it a folder's parent) are read once for
		 * all the files named. */
		const hardconf_parents *given = NULL;
		if (h && strcmp(t->path, "-") != 0 && !folder_parent_given(s) &&
		    above_of(h, s, NULL, t->path, t->profile->linter, &given) == 0 && given) {
			in.inherited = given;
		} else {
			in.parents = s->parents;
			in.n_parents = s->n_parents;
		}
		in.transform = s->transform;
		if (strcmp(t->path, "-") == 0) {
			if (take_stdin(s, &in, &data, &spooled, res) != 0)
				return;
			in.name = s->stdin_name ? s->stdin_name : "<stdin>";
			in.path = s->alone ? NULL : s->stdin_name;
		} else {
			in.path = t->path;
		}
		if (t->discovery) {
			/* Discovered once, when it was named: not again. */
			parents = named_parents(s, t->discovery, &in);
			if (!parents) {
				snprintf(res->error, sizeof res->error, "%s: out of memory",
					 t->path);
				free(data); /* none: a file named is not standard input */
				return;
			}
			if (t->real_dir) { /* resolved once per folder */
				in.real_dir = t->real_dir;
				in.root = t->real_root;
			}
		} else if (!s->alone && in.path) {
			in.flags |= HARDCONF_LINT_DISCOVER;
		}
	}
	/* The walk's listing, or the stat() of a file named, said what it is:
	 * the library need not look again before opening it. */
	if (t->walked || t->regular)
		in.flags |= HARDCONF_LINT_LISTED;
	if (hardconf_lint(&res->report, t->profile->linter, &in, &err) != HARDCONF_OK)
		snprintf(res->error, sizeof res->error, "%s", err.message);
	free(parents);
	free(data);
	if (spooled >= 0)
		close(spooled);
}

/* ---- The pool ----------------------------------------------------------------
 * The calling thread lints too, beside jobs - 1 workers: it emits between
 * its own batches, so no thread is woken to print (a small file lints in
 * tens of microseconds; three threads on two CPUs cost a context switch a
 * batch).  Targets are claimed in batches, in order, but never more than
 * `window` batches ahead of the last one emitted, so a huge tree holds a
 * bounded number of reports while the output stays in target order.  A
 * thread takes the lock once to claim a batch and once to publish it; the
 * caller sleeps only for a batch still being linted when it has nothing
 * else to do (the window is full, or every batch is claimed), and a worker
 * only when the window is full.  A report is freed by the thread that
 * made it: glibc's malloc frees a block into the arena of the thread that
 * allocated it, under that arena's lock, and the caller freeing a worker's
 * reports while the worker allocated made -j2 cost 1.2x-1.4x the CPU time
 * of -j1.  The caller hands a worker's reports back once emitted; the
 * worker frees them when it next claims a batch. */

/* Reports emitted, waiting for the worker that made them. */
struct unfreed {
	hardconf_report **items;
	size_t n, cap;
};

struct pool {
	const struct lint_setup *setup;
	const struct targets *targets;
	struct handles *handles;
	void (*emit)(void *ctx, const struct result *res);
	void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	size_t batch;            /* targets per batch */
	size_t batches;          /* how many there are */
	size_t next, emitted;    /* batches claimed, and emitted */
	size_t window;           /* batches in flight */
	size_t awaited;          /* the batch the caller sleeps on, or SIZE_MAX */
	unsigned idle;           /* workers sleeping for room in the window */
	struct result *slots;    /* batch b's results from (b % window) * batch */
	unsigned char *ready;    /* batch b is done: ready[b % window] */
	unsigned *by;            /* who linted it: 0 the caller, k worker k */
	struct unfreed *unfreed; /* per worker: unfreed[k - 1] */
};

/* A worker and its number (from 1). */
struct worker_arg {
	struct pool *pool;
	unsigned k;
};

/* Targets [first, end) of batch b. */
static size_t batch_end(const struct pool *p, size_t b, size_t *first)
{
	size_t end = (b + 1) * p->batch;
	*first = b * p->batch;
	return end < p->targets->count ? end : p->targets->count;
}

/* Lints batch b with the thread's workspace and publishes it (by: who
 * lints it). */
static void lint_batch(struct pool *p, size_t b, unsigned by, hardconf_workspace *ws)
{
	size_t first, end = batch_end(p, b, &first);
	struct result *out = &p->slots[(b % p->window) * p->batch];
	for (size_t i = first; i < end; i++)
		lint_one(p->setup, p->targets, &p->targets->items[i], p->handles, ws,
			 &out[i - first]);
	pthread_mutex_lock(&p->mu);
	p->by[b % p->window] = by;
	p->ready[b % p->window] = 1;
	if (b == p->awaited)
		pthread_cond_signal(&p->filled);
	pthread_mutex_unlock(&p->mu);
}

/* Frees the reports handed back to worker k, outside the lock (held on
 * entry and on return): the worker takes the list and leaves its own empty
 * one (mine) in its place. */
static void free_handed_back(struct pool *p, unsigned k, struct unfreed *mine)
{
	struct unfreed *u = &p->unfreed[k - 1], taken = *u;
	*u = *mine;
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < taken.n; i++)
		hardconf_report_free(taken.items[i]);
	taken.n = 0;
	*mine = taken;
	pthread_mutex_lock(&p->mu);
}

/* Room in u for one more; 0, or -1 when memory ran out. */
static int unfreed_room(struct unfreed *u)
{
	size_t cap = u->cap ? 2 * u->cap : 64;
	hardconf_report **bigger;
	if (u->n < u->cap)
		return 0;
	/* An array of pointers: the size of one pointer is meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	bigger = realloc(u->items, cap * sizeof *bigger);
	if (!bigger)
		return -1;
	u->items = bigger;
	u->cap = cap;
	return 0;
}

static void *worker(void *arg)
{
	const struct worker_arg *me = arg;
	struct pool *p = me->pool;
	struct unfreed mine = {NULL, 0, 0};
	/* Without memory for it, files are linted without. */
	hardconf_workspace *ws = hardconf_workspace_new();
	for (;;) {
		size_t b;
		pthread_mutex_lock(&p->mu);
		if (p->unfreed[me->k - 1].n)
			free_handed_back(p, me->k, &mine);
		while (p->next < p->batches && p->next >= p->emitted + p->window) {
			p->idle++;
			pthread_cond_wait(&p->freed, &p->mu);
			p->idle--;
		}
		if (p->next >= p->batches) {
			pthread_mutex_unlock(&p->mu);
			free(mine.items);
			hardconf_workspace_free(ws);
			return NULL;
		}
		b = p->next++;
		pthread_mutex_unlock(&p->mu);
		lint_batch(p, b, me->k, ws);
	}
}

/* Emits the batches done, in order, from the next one on (the caller
 * holds the lock, and holds it again on return); with wait set, first
 * sleeps until the next one is done. */
static void emit_ready(struct pool *p, int wait)
{
	while (p->emitted < p->batches) {
		size_t b = p->emitted, first, end = batch_end(p, b, &first);
		const struct result *in = &p->slots[(b % p->window) * p->batch];
		while (wait && !p->ready[b % p->window]) {
			p->awaited = b;
			pthread_cond_wait(&p->filled, &p->mu);
		}
		p->awaited = SIZE_MAX;
		if (!p->ready[b % p->window])
			return;
		/* The batch is the caller's until it is given back. */
		unsigned by = p->by[b % p->window];
		struct unfreed *u = by ? &p->unfreed[by - 1] : NULL;
		pthread_mutex_unlock(&p->mu);
		for (size_t i = first; i < end; i++) {
			p->emit(p->ctx, &in[i - first]);
			if (!u)
				hardconf_report_free(in[i - first].report);
		}
		pthread_mutex_lock(&p->mu);
		for (size_t i = first; u && i < end; i++) {
			hardconf_report *r = in[i - first].report;
			/* No room to hand it back: freed here. */
			if (r && unfreed_room(u) != 0)
				hardconf_report_free(r);
			else if (r)
				u->items[u->n++] = r;
		}
		p->ready[b % p->window] = 0;
		p->emitted++;
		if (p->idle)
			pthread_cond_broadcast(&p->freed);
		wait = 0;
	}
}

/* Targets per batch: enough batches for every thread to have several
 * (the last one finishes soon after the others), few enough that claiming
 * and publishing cost little beside the linting. */
static size_t batch_size(size_t count, unsigned jobs)
{
	size_t n = count / (16 * (size_t)jobs);
	return n < 1 ? 1 : n > 32 ? 32 : n;
}

int run_targets(const struct lint_setup *setup, const struct targets *t, unsigned jobs,
		void (*emit)(void *ctx, const struct result *res), void *ctx)
{
	struct pool p = {.setup = setup,
			 .targets = t,
			 .emit = emit,
			 .ctx = ctx,
			 .mu = PTHREAD_MUTEX_INITIALIZER,
			 .filled = PTHREAD_COND_INITIALIZER,
			 .freed = PTHREAD_COND_INITIALIZER,
			 .awaited = SIZE_MAX};
	pthread_t *threads = NULL;
	struct worker_arg *args = NULL;
	unsigned started = 0;
	int rc = -1;
	/* Without room for the handles, parents are named by path; without
	 * a workspace, each file gets a parser of its own. */
	hardconf_workspace *ws = hardconf_workspace_new();
	p.handles = handles_new(t->count);
	if (jobs > t->count)
		jobs = (unsigned)t->count;
	if (jobs <= 1) {
		for (size_t i = 0; i < t->count; i++) {
			struct result res;
			lint_one(setup, t, &t->items[i], p.handles, ws, &res);
			emit(ctx, &res);
			hardconf_report_free(res.report);
		}
		handles_free(p.handles);
		hardconf_workspace_free(ws);
		return 0;
	}
	p.batch = batch_size(t->count, jobs);
	p.batches = (t->count + p.batch - 1) / p.batch;
	p.window = 4 * (size_t)jobs;
	p.slots = calloc(p.window * p.batch, sizeof *p.slots);
	p.ready = calloc(p.window, 1);
	p.by = calloc(p.window, sizeof *p.by);
	p.unfreed = calloc(jobs - 1, sizeof *p.unfreed);
	threads = calloc(jobs - 1, sizeof *threads);
	args = calloc(jobs - 1, sizeof *args);
	if (!p.slots || !p.ready || !p.by || !p.unfreed || !threads || !args)
		goto out;
	for (; started < jobs - 1; started++) {
		args[started] = (struct worker_arg){&p, started + 1};
		if (pthread_create(&threads[started], NULL, worker, &args[started]) != 0)
			break;
	}
	if (started == 0)
		goto out;
	rc = 0;
	pthread_mutex_lock(&p.mu);
	for (;;) {
		size_t b;
		emit_ready(&p, 0);
		/* The window full: only the batch awaited makes room. */
		if (p.next < p.batches && p.next >= p.emitted + p.window) {
			emit_ready(&p, 1);
			continue;
		}
		if (p.next >= p.batches)
			break;
		b = p.next++;
		pthread_mutex_unlock(&p.mu);
		lint_batch(&p, b, 0, ws);
		pthread_mutex_lock(&p.mu);
	}
	while (p.emitted < p.batches)
		emit_ready(&p, 1);
	pthread_mutex_unlock(&p.mu);
	for (unsigned k = 0; k < started; k++)
		pthread_join(threads[k], NULL);
out:
	/* What the workers had no batch left to free it at. */
	for (unsigned k = 0; p.unfreed && k + 1 < jobs; k++) {
		for (size_t i = 0; i < p.unfreed[k].n; i++)
			hardconf_report_free(p.unfreed[k].items[i]);
		free(p.unfreed[k].items);
	}
	free(p.unfreed);
	free(p.by);
	free(args);
	free(threads);
	free(p.ready);
	free(p.slots);
	handles_free(p.handles);
	hardconf_workspace_free(ws);
	return rc;
}
