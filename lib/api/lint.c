/*
 * lint.c - the hardconf_lint_* entry points: one call reads the parents,
 * the file (or the buffer) and its transform, scans them, follows the
 * includes and finishes the report.
 */
#include "api/call.h"
#include "api/parents.h"

#include "model/report.h"
#include "report/baseline.h"
#include "report/finish.h"
#include "resolve/chain.h"
#include "scan/linter.h"
#include "source/source.h"
#include "source/stream.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int valid_kind(hardconf_kind kind)
{
	return kind >= HARDCONF_KIND_UNKNOWN && kind <= HARDCONF_KIND_LAST;
}

/* Every version from 1 on is read; each parent is named. */
static int valid_chain(const hardconf_chain *chain)
{
	if (chain->version < 1 || chain->version > HARDCONF_CHAIN_VERSION ||
	    (chain->n_parents && !chain->parents))
		return 0;
	for (size_t k = 0; k < chain->n_parents; k++)
		if (!chain->parents[k])
			return 0;
	return 1;
}

/* The transform on its own, when it could not be applied: its findings
 * (HC0001 if it is broken) join the report. */
static int lint_transform_alone(struct lint *l, const char *path, hardconf_kind kind,
				hardconf_error *err)
{
	const struct call_input *mem = l->input;
	struct call_input in = {.name = path, .path = path, .fd = -1, .mem_fd = -1};
	hardconf_report *alone;
	int rc;
	if (mem && mem->mem_path && strcmp(mem->mem_path, path) == 0) {
		if (mem->mem_data) {
			in.data = mem->mem_data;
			in.len = mem->mem_len;
		} else {
			in.fd = mem->mem_fd;
		}
	}
	rc = call_lint(&alone, l->linter, &in, kind, NULL, err);
	if (rc != HARDCONF_OK)
		return rc;
	rc = report_take(l->report, alone);
	hardconf_report_free(alone);
	/* In file order again, and once: a transform that cannot be decoded
	 * said so when it was read for applying, too. */
	report_sort(l->report);
	return rc;
}

/* A finding in a parent read once is matched against the parent's
 * suppressions, which matching marks used: the call takes its own copy
 * of their items, for such a parent only (a chain's call borrows every
 * parent above it, and findings in them are rare). */
static int own_parent_suppressions(struct lint *l)
{
	for (size_t i = 0; i < l->n_pending; i++) {
		struct lint_file *f = &l->files[l->pending[i].file];
		const struct suppressions *s = f->shared_sup;
		if (!s || f->sup.items || l->pending[i].tag_end == SIZE_MAX)
			continue;
		if (array_dup((void **)&f->sup.items, &f->sup.cap, s->items, s->n,
			      sizeof *s->items) != 0)
			return HARDCONF_ENOMEM;
		f->sup.n = s->n;
	}
	return HARDCONF_OK;
}

/* Lints the len bytes at data (owned when from_disk: read from the file);
 * in->path, when set, is where it lies on disk: its folder holds its
 * includes. */
static int lint_call(hardconf_report **out, const hardconf_linter *linter,
		     const struct call_input *in, int from_disk, const char *data, size_t len,
		     int truncated, struct source_stream *stream, hardconf_kind kind,
		     const hardconf_chain *chain, hardconf_error *err)
{
	const char *name = in->name, *where = in->path ? in->path : in->name;
	struct lint l;
	int rc = call_init(&l, linter, name), applied = 0;
	char *path;
	long i;

	l.input = in;
	l.keep = in->keep;
	if (rc == HARDCONF_OK && chain) {
		l.quiet_parents = (chain->flags & HARDCONF_CHAIN_QUIET_PARENTS) != 0;
		rc = parents_read(&l, chain->version >= 2 ? chain->inherited : NULL, where, chain,
				  err);
	}
	if (rc != HARDCONF_OK) {
		if (from_disk)
			free((char *)data);
		goto out;
	}
	if (stream) {
		from_disk = 0; /* no data: the file is the stream's */
		data = NULL;
	}
	path = in->path ? str_dup(in->path) : NULL;
	i = in->path && !path ? -1
			      : call_add_file(&l, name, path, from_disk ? (char *)data : NULL, len,
					      FILE_TARGET);
	if (i < 0) {
		if (from_disk && in->path && !path)
			free((char *)data);
		rc = HARDCONF_ENOMEM;
		goto out;
	}
	l.files[i].stream = stream;
	stream = NULL;
	l.target = (size_t)i;
	l.files[i].raw = data;
	l.files[i].truncated = truncated;
	l.kind_forced = kind != HARDCONF_KIND_UNKNOWN;
	if (l.kind_forced)
		l.files[i].kind = kind;
	l.secrets_only = chain && (chain->flags & HARDCONF_CHAIN_SECRETS_ONLY);
	l.follow_includes = l.files[i].path != NULL && !l.secrets_only;
	call_reset_states(&l);
	rc = call_decode(&l, (size_t)i);
	if (rc == HARDCONF_OK && chain && chain->transform && !l.secrets_only)
		rc = apply_transform(&l, chain->transform, &applied, err);
	if (rc == HARDCONF_OK)
		rc = call_scan(&l, l.target, NULL);
	if (rc == HARDCONF_OK)
		rc = follow_includes(&l);
	if (rc == HARDCONF_OK && applied)
		rc = scan_origins_for_secrets(&l);
	if (rc == HARDCONF_EINVAL) /* the file could not be decoded: a finding */
		rc = HARDCONF_OK;
	if (rc == HARDCONF_OK)
		rc = own_parent_suppressions(&l);
	if (rc == HARDCONF_OK)
		call_finish(&l);
	if (rc == HARDCONF_OK && chain && chain->transform && !applied && !l.secrets_only)
		rc = lint_transform_alone(&l, chain->transform, HARDCONF_KIND_UNKNOWN, err);
	if (rc == HARDCONF_OK)
		rc = l.status;
out:
	source_stream_close(stream);
	if (rc == HARDCONF_OK) {
		*out = l.report;
		l.report = NULL;
	} else if (rc != HARDCONF_EIO) {
		error_set(err, rc, "%s: %s", name, hardconf_strerror(rc));
	}
	call_free(&l);
	return rc;
}

int call_lint(hardconf_report **out, const hardconf_linter *linter, const struct call_input *in,
	      hardconf_kind kind, const hardconf_chain *chain, hardconf_error *err)
{
	struct call_input own = *in;
	hardconf_chain above;
	char *data;
	size_t len;
	int truncated, rc;

	/* Given the file's own handle (a walk reads a folder's web.config
	 * once, as the parent of those below), it inherits what the handle
	 * does and is linted from the bytes the handle read. */
	if (chain && chain->version >= 2 && !in->data && in->fd < 0 && in->path &&
	    parents_own_bytes(chain->inherited, linter, in->path, &own.data, &own.len,
			      &above.inherited)) {
		const hardconf_parents *base = above.inherited;
		above = *chain;
		above.inherited = base;
		chain = &above;
		in = &own;
	}
	if (in->data) {
		truncated = in->len > linter->max_file_size;
		rc = lint_call(out, linter, in, 0, in->data,
			       truncated ? linter->max_file_size : in->len, truncated, NULL, kind,
			       chain, err);
	} else {
		/* A transform is applied to its base as a whole text. */
		size_t from = chain && chain->transform ? SIZE_MAX : linter_stream_from(linter, 0);
		struct source_stream *s = NULL;
		const char *named = in->fd >= 0 ? in->name : in->path;
		off_t size;
		int fd = in->fd >= 0 ? source_adopt(in->fd, named, &size, err)
				     : source_open(named, in->listed, &size, err);
		rc = fd < 0 ? HARDCONF_EIO
			    : source_stream_open(&s, fd, size, named, linter->max_file_size, from,
						 &data, &len, &truncated, err);
		if (rc == 1)
			rc = lint_call(out, linter, in, 0, NULL, 0, 0, s, kind, chain, err);
		else if (rc == 0)
			rc = lint_call(out, linter, in, 1, data, len, truncated, NULL, kind, chain,
				       err);
	}
	/* The report is complete: its findings get their fingerprints. */
	if (rc == HARDCONF_OK &&
	    (rc = report_fingerprint(*out, in->path, in->root, in->real_dir)) != HARDCONF_OK) {
		hardconf_report_free(*out);
		*out = NULL;
		error_set(err, rc, "%s: %s", in->name, hardconf_strerror(rc));
	}
	return rc;
}

int hardconf_lint_buffer(hardconf_report **out, const hardconf_linter *linter, const void *data,
			 size_t len, const char *name, hardconf_kind kind, hardconf_error *err)
{
	struct call_input in = {.name = name ? name : "<buffer>",
				.data = data ? data : "",
				.len = len,
				.fd = -1,
				.mem_fd = -1};

	if (out)
		*out = NULL;
	if (!out || !linter || (!data && len > 0) || !valid_kind(kind)) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	return call_lint(out, linter, &in, kind, NULL, err);
}

int hardconf_lint_chain(hardconf_report **out, const hardconf_linter *linter, const char *path,
			hardconf_kind kind, const hardconf_chain *chain, hardconf_error *err)
{
	struct call_input in = {.name = path, .path = path, .fd = -1, .mem_fd = -1};

	if (out)
		*out = NULL;
	if (!out || !linter || !path || !valid_kind(kind) || (chain && !valid_chain(chain))) {
		error_set(err, HARDCONF_EINVAL, "invalid argument");
		return HARDCONF_EINVAL;
	}
	return call_lint(out, linter, &in, kind, chain, err);
}

int hardconf_lint_file(hardconf_report **out, const hardconf_linter *linter, const char *path,
		       hardconf_kind kind, hardconf_error *err)
{
	return hardconf_lint_chain(out, linter, path, kind, NULL, err);
}
