/*
 * call.h - the state of one lint call, as every stage sees it: the files
 * read (parents for context, the file linted, its includes, a transform's
 * origins and result), the scanner's position in them, and the findings
 * found so far.
 *
 * Every file of a call gets a range of one offset space, so an anchor kept
 * by a rule says by itself which file it is in.  Texts stay until the call
 * ends: a finding, or a message naming another place, may point into any.
 *
 * Findings are kept as found (struct pending): where in the text scanned,
 * and the message.  The report stage (report/finish.c) applies the inline
 * suppressions, finds where each was written (a transform's result maps
 * back to the base or the transform) and its line and column.
 */
#ifndef HC_CALL_H
#define HC_CALL_H

#include "scan/children.h"
#include "scan/directives.h"
#include "scan/lint.h"
#include "source/position.h"
#include "source/source.h"
#include "source/stream.h"

#include <stdint.h>

enum file_role {
	FILE_TARGET,  /* the file linted */
	FILE_CONTEXT, /* a parent: read for what the target inherits, nothing reported */
	FILE_INCLUDE, /* a configSource or file= target of the file linted */
	FILE_ORIGIN,  /* the target's base or transform: only located, the result is scanned */
	FILE_RESULT   /* the target's transform applied: scanned, located in its origins
			 (a parent's result is FILE_CONTEXT, its origins too) */
};

/* A <location path> of a parent, as it was weighed against the place of
 * the file linted (location_reaches()). */
struct weighed {
	/* Its path, trailing separators and a lone "." removed: len bytes at
	 * lint_file.weighed_paths + path (terminated), one allocation for all
	 * (a server's applicationHost.config may hold one for each site). */
	size_t path;
	uint32_t len;
	uint32_t not_inherited; /* inheritInChildApplications="false" */
	uint64_t head;          /* location_head() of path */
	/* The <location> element's bytes in the file, from its '<' to past
	 * its end tag (end 0 while it is open): what a scan for a file it does
	 * not reach can leave out (struct lint_file.skips). */
	size_t start, end;
};

/* Where a parent's scan for no file in particular stood at its first
 * weighed <location> (scan/resume.c): a scan for a file some locations
 * reach picks up there instead of scanning the content before it again,
 * so that a parent's variants cost what their locations hold, not the
 * parent's size each. */
struct resume {
	size_t from, to; /* the root's content before the location, in the text */
	hardconf_kind kind;
	const struct hardconf_linter *linter;
	void *states[MAX_FAMILIES];   /* the chained families' (NULL for the others) */
	char *downgrades[RULE_COUNT]; /* the call's (machine.config's retail deployment) */
};

struct lint_file {
	const char *name; /* display name, owned by the report */
	char *path;       /* where it was read (for includes), or NULL: a buffer */
	char *data;       /* the bytes read (owned), or NULL */
	const char *raw;  /* the bytes to decode: data, or a caller's buffer */
	size_t data_len;
	int truncated; /* larger than the maximum file size: data holds the start */
	struct source_text src;
	struct source_layout layout; /* how src sits in the bytes read (for fixes) */
	size_t units_at, units;      /* report/fix.c: UTF-16 units before text + units_at */
	const char *text;            /* UTF-8 */
	size_t len;
	size_t base; /* its first offset in the call's offset space */
	/* A parents handle's: its data is not the call's to free, and what
	 * the call makes of it (below: locations weighed, scope, suppression
	 * items, line index) starts empty and is made only when needed. */
	int borrowed;
	/* A borrowed file's directives, as the handle's scan read them (read
	 * only; NULL: none shared).  sup holds the call's own copy of their
	 * items once a finding lands in the file (api/lint.c). */
	const struct suppressions *shared_sup;
	/* A borrowed file's line index, built once by the handle (read only;
	 * NULL: none): a finding below that names a line of the parent, as a
	 * lock does, no longer indexes the parent again for each file. */
	const struct text_index *shared_lines;
	/* The <location path>s weighed against its scope: what it passes down
	 * depends on where the file linted is only through these. */
	struct weighed *weighed;
	size_t n_weighed, weighed_cap;
	char *weighed_paths; /* their paths, one after the other */
	size_t weighed_paths_len, weighed_paths_cap;
	/* What the next scan leaves out (the caller's; NULL: nothing): a
	 * parent's <location>s that do not reach the file linted, when the
	 * parent is scanned again for it (api/parents.c). */
	const struct xml_range *skips;
	size_t n_skips;
	/* Where its scan for no file in particular stood at the first weighed
	 * location (owned; NULL: none), and where the next scan picks up
	 * (the caller's; NULL: from the start).  That scan leaves out
	 * resume_from's range: its root's content before that location. */
	struct resume *resume;
	const struct resume *resume_from;
	enum file_role role;
	hardconf_kind kind;
	int case_insensitive;
	int transform;    /* its root declares the XDT namespace */
	int failed;       /* not read to its end (HC0001, HC0003) */
	int secrets_only; /* read for the secret rules only (included inside a <location>) */
	/* FILE_CONTEXT: the target's path below this file's own scope, as
	 * <location path> names it ("" the same folder), or NULL when unknown;
	 * app_len: how much of it names the target's application (a location
	 * above that is inherited only with inheritInChildApplications); server:
	 * machine.config, root web.config or applicationHost.config, not a
	 * web.config in a folder above the target. */
	char *scope;
	size_t app_len;
	int server;
	struct suppressions sup;
	struct text_index lines; /* line and column look-ups (report stage) */
	/* A large file streamed instead of read whole (owned; NULL: text holds
	 * it): its text is read in order by the scan and again, a few bytes
	 * at a time, for positions.  text is NULL then. */
	struct source_stream *stream;
	/* A transform's result (the target's FILE_RESULT, or a parent's): the
	 * text is generated, its pieces come from the base and the transform
	 * (resolve/xdt.h; owned). */
	struct xdt_result *xdt;
	size_t origins[2]; /* the base's and the transform's index */
};

/* What one lint call reads: the file linted, and optionally one file of
 * its chain (a transform) given in memory instead of read from disk. */
struct call_input {
	const char *name; /* display name of the file linted */
	const char *path; /* where it is on disk (its folder holds its includes), or NULL */
	const char *data; /* its bytes, borrowed, or NULL to read fd or path */
	size_t len;       /* of data */
	int fd;           /* its bytes in this regular file (the caller's), or -1 */
	/* A file of the chain the caller gave, not read from disk (or NULL):
	 * its bytes, or when mem_data is NULL, the caller's regular file
	 * holding them. */
	const char *mem_path;
	const char *mem_data;
	size_t mem_len;
	int mem_fd;
	const char *root;        /* the project root, for fingerprints; NULL: find it */
	const char *real_dir;    /* path's folder as realpath() has it (root real too), or NULL */
	int listed;              /* path is a regular file the caller listed: not looked at again */
	struct xml_keeper *keep; /* the parser the caller's workspace keeps, or NULL */
};

/* A finding as found: in the text scanned, not yet located. */
struct pending {
	enum rule_id rule;
	hardconf_severity severity;
	size_t file;       /* the file scanned */
	size_t tag_end;    /* its element's, in the file's text; SIZE_MAX: none */
	size_t start, end; /* what it points at in the file's text (end 0: unknown) */
	uint64_t shape;    /* what the fingerprint names: element, key, attribute,
			      <location>; 0: none (the message stands in) */
	int at_line;       /* line and col are a parser's own position */
	unsigned line, col;
	char *message;
	/* Its fix (report/fix.c): the attribute at start..end set to fix_value,
	 * or removed when fix_remove (fix_value is then its secure default, for
	 * a transform, where removing it would leave the base's value). */
	const char *fix_value; /* NULL: no fix */
	int fix_remove;
};

/* An element found in the file linted that names another file. */
struct include {
	size_t file;       /* the including file */
	struct anchor at;  /* its attribute */
	char *value;       /* as written */
	char *parent_path; /* the path of the element's parent */
	uint64_t parent_hash;
	size_t depth;    /* the element's depth */
	int merge;       /* appSettings file=: merged, and a missing file is fine */
	int in_location; /* named inside a <location>: read for secrets only */
	int opened;      /* followed to a file: its device and inode */
	unsigned long long dev, ino;
};

/* Where a start tag's attributes are written, read once for every finding
 * that points into the tag (a tag may hold a thousand attributes and
 * megabytes of values). */
struct tag_span {
	size_t name, name_end, end; /* its name, and past its closing quote */
	size_t name_at;             /* its name in tag_spans.names */
};

struct tag_spans {
	size_t used;          /* when it was last asked for (0: empty) */
	size_t file, tag_end; /* the tag: its file, and tag_end in its text */
	size_t start;         /* its '<' */
	struct tag_span *at;
	size_t n, cap;
	size_t next; /* where a look-up starts: after the last found (findings come in order) */
	char *names; /* the attributes' names, copied: a streamed tag is read again */
	size_t names_len, names_cap;
};

/* The tags kept, the least recently asked for replaced: findings often
 * alternate between a few (each of many settings, and the one they all
 * conflict with). */
#define TAG_CACHE 4

/* An open element: what to undo and which hooks to end when it closes.
 * start_element() sets every field (no memset): a new one is set there too. */
struct frame {
	size_t path_len;
	uint64_t hash; /* FNV state of the path up to this element */
	int removed;   /* no hooks in its subtree: a transform's Remove, a parent's
			  <location> that is not the target's */
	int is_location;
	size_t text_start;               /* where this element's text begins in lint.text_buf */
	const struct hook *const *hooks; /* for this element's path */
	const struct hook *const *child_hooks; /* for any child of the parent */
	const struct hook *const *grand_hooks; /* for this name under any child of the
						  grandparent */
	size_t n_hooks, n_child_hooks, n_grand_hooks;
	unsigned ends; /* what closing it involves: ENDS_* bits */
	int weighed;   /* a parent's <location> weighed: its end ends the last weighed */
};

struct lint {
	const hardconf_linter *linter;
	hardconf_report *report;

	struct lint_file *files;
	size_t n_files, files_cap;
	size_t cur;       /* the file being scanned */
	size_t target;    /* the file linted (its kind is the report's) */
	size_t n_context; /* parents: element callbacks run only with some */
	int follow_includes;
	int quiet_parents; /* HARDCONF_CHAIN_QUIET_PARENTS */
	int secrets_only;  /* only the secret rules' hooks run: a transform's origins, or
			      HARDCONF_CHAIN_SECRETS_ONLY */
	const struct call_input *input; /* what the call was asked to lint */
	/* The parser its scans take (input->keep), or NULL; a parent's
	 * variant borrows the calling thread's for its scan. */
	struct xml_keeper *keep;
	struct include *includes;
	size_t n_includes, includes_cap;
	size_t include_bytes; /* read from includes so far */

	/* Shortcuts to the file being scanned. */
	const char *text;
	size_t len;
	hardconf_kind kind;
	int kind_forced;
	int case_insensitive; /* Setup XML: names in any case */

	char *path; /* "system.web/compilation": root excluded, <location> transparent */
	size_t path_len, path_cap;
	struct frame *frames;
	size_t depth, frames_cap;
	size_t frames_floor; /* in an include: the frames of the including element's ancestors */
	char location[128];  /* display form of the enclosing <location path>, or "" */
	int in_location, location_has_path;
	int transform; /* the root declares the XDT namespace */
	struct anchor root;

	/* A parents handle's scan: its file's first weighed location keeps a
	 * resume (struct lint_file.resume), unless the scan had found
	 * something by then (scan_pending: the findings it started with). */
	int resumable;
	size_t scan_pending;
	size_t root_tag_end; /* the scanned file's root start tag's */

	int parse_failed;    /* HC0001 or HC0003: whole-file rules are skipped */
	int stop;            /* a limit was hit: end the parse */
	int findings_capped; /* max_findings reached */
	int status;          /* HARDCONF_OK, or HARDCONF_ENOMEM */

	struct pending *pending; /* findings so far, in the order found */
	size_t n_pending, pending_cap;

	void *states[MAX_FAMILIES];   /* per family, in the order of linter->families */
	void *state_block;            /* where states[] point: one allocation per call */
	char *downgrades[RULE_COUNT]; /* why a rule is only a note in this call */

	/* Text of open elements that have hooks, innermost last. */
	char *text_buf;
	size_t text_len, text_cap;
	const char *closing_text; /* for lint_element_text() in end hooks */
	size_t closing_len;

	/* The start tag being scanned: what the parser holds of the text
	 * before its end (cur_held, NULL: nothing), and once asked for, its
	 * '<' there (cur_tag, NULL: not held) and in the text (SIZE_MAX: not
	 * looked for yet). */
	const char *cur_held, *cur_tag;
	size_t cur_held_len, cur_tag_start, cur_tag_end;

	size_t running; /* the family of the hook running last (a guess for lint_state()) */
	struct child_cache children;

	struct tag_spans tags[TAG_CACHE]; /* the start tags findings pointed into last */
	/* Bytes of a streamed file read again (a stream may be shared by the
	 * calls of several threads: each reads into its own). */
	struct stream_buf reread;
	size_t tag_clock;     /* counts look-ups, for tag_spans.used */
	size_t long_contexts; /* bytes of the contexts kept past 8 KiB (report/fix.c) */

	/* The work budget of the file being scanned (see call_charge()). */
	size_t work, work_limit; /* work_limit 0: nothing is charged */
	size_t work_tag_end;     /* the last start tag's, in the file's text (0: none) */
};

/* Work, in units of about what parsing one byte costs.  A file may cost
 * the linter's work_budget units per byte of it, on top of WORK_ALLOWANCE
 * bytes' worth: no input then costs much more than a constant times its
 * size, whatever it holds. */
#define WORK_ALLOWANCE ((size_t)64 << 10)
#define WORK_ELEMENT 16  /* a start tag (its end tag: WORK_EVENT) */
#define WORK_ATTRIBUTE 4 /* each of its attributes */
#define WORK_HOOK 8      /* a rule's hook called */
#define WORK_EVENT 4     /* text, a comment, an end tag */
#define WORK_FINDING 256 /* a finding kept, formatted, later located */

/* What libxml2 costs a start tag of n attributes before we see it: each
 * name compared with those before it, n (n - 1) / 2 pairs at about an
 * eighth of a unit each (0.4 ns against 3.4 ns for a byte parsed and
 * linted); SIZE_MAX where that would not fit. */
static inline size_t attribute_check_work(size_t n)
{
	if (n < 2)
		return 0;
	return n - 1 > SIZE_MAX / n ? SIZE_MAX : n * (n - 1) / 2 / 8;
}

/* The budget of the file being scanned: the linter's work_budget units per
 * byte, on top of WORK_ALLOWANCE. */
size_t call_work_limit(const struct lint *l);

/* The most attributes a start tag of the file being scanned may have
 * (l->work_limit set): the linter's limit, or fewer when libxml2's check
 * of each name against those before it (attribute_check_work(), done
 * before the tag reaches the linter) would cost more than the file's whole
 * budget (a limit raised to a million let a tag of 100,000 attributes take
 * two seconds). */
size_t call_attributes_allowed(const struct lint *l);

/* Adds a file after the others (name copied into the report; path and the
 * len bytes at data owned from now on, freed on failure too); returns its
 * index, or -1 when memory ran out.  The file before it must have its text:
 * offsets are handed out in order. */
long call_add_file(struct lint *l, const char *name, char *path, char *data, size_t len,
		   enum file_role role);

/* Decodes the file's data into its text; a file too large or that cannot
 * be decoded is HC0003 or HC0001 in it (returns HARDCONF_EINVAL then).
 * HARDCONF_OK or HARDCONF_ENOMEM otherwise. */
int call_decode(struct lint *l, size_t file);

/* Makes file i the one being scanned (and reported in). */
void call_select(struct lint *l, size_t i);

/* Scans one file: its elements through the hooks.  For an include, the
 * root element stands where the including element stood. */
int call_scan(struct lint *l, size_t file, const struct include *in);

/* Charges units of work to the file being scanned.  Past its budget the
 * file ends there: HC0003 once, and l->stop.  Returns l->stop.  Outside a
 * scan nothing is charged.  Later stages doing work in proportion to
 * something other than the file's size (a transform's string functions)
 * charge it here too. */
int call_charge(struct lint *l, size_t units);

/* The same, inline while the budget lasts (once per parser event). */
static inline int call_charge_fast(struct lint *l, size_t units)
{
	if (l->work_limit && l->work <= l->work_limit && units <= l->work_limit - l->work) {
		l->work += units;
		return l->stop;
	}
	return call_charge(l, units);
}

/* Runs the families' end_scope: a <location> closed, or the file ended. */
void call_end_scope(struct lint *l);

/* Reports rule at an offset of a file (not through an element). */
void call_report_at(struct lint *l, size_t file, size_t offset, enum rule_id rule, const char *fmt,
		    ...) __attribute__((format(printf, 5, 6), cold));

/* Reports rule at a line and column a parser gave, in the file scanned;
 * fmt has one "%s", for detail. */
void call_report_line(struct lint *l, enum rule_id rule, unsigned line, unsigned col,
		      const char *fmt, const char *detail) __attribute__((cold));

/* Keeps a finding at an offset of file whatever the rule's setting and the
 * file's role (message owned; NULL: out of memory). */
void call_report_raw(struct lint *l, size_t file, size_t offset, enum rule_id rule, char *message);

/* Whether a parent's <location> with this path (len bytes, any letter
 * case, '/' or '\\' between names; 0: the parent's own level) configures
 * a file at scope (the path below the parent's own level, or NULL when
 * unknown): its scope or one above it, and inherited there
 * (not_inherited keeps it from the applications below the first app_len
 * bytes of scope). */
int location_reaches(const char *path, size_t len, int not_inherited, const char *scope,
		     size_t app_len);

/* A hash of the first name of a location's path or a scope (len bytes, up
 * to a '/' or '\\', any letter case): a location reaches a scope only where
 * the two are the same, so a file's answers look at the others no further. */
uint64_t location_head(const char *path, size_t len);

/* The file an offset of the call's offset space lies in. */
size_t call_file_at(const struct lint *l, size_t off);

/* The byte range an anchor covers in file i, the file scanned: the start
 * tag, or the attribute's name through its closing quote (*end 0 when
 * unknown). */
void call_anchor_range(struct lint *l, size_t i, struct anchor at, size_t *start, size_t *end);

/* Where the start tag ending at tag_end of file i opens (its '<'). */
size_t call_tag_start(struct lint *l, size_t i, size_t tag_end);

/* Where the line holding offset start of file i ends (its CR or LF, or the
 * end of the text). */
size_t call_line_end(struct lint *l, size_t i, size_t start);

/* Line and column of an offset of file i (not a transform's result). */
void call_locate(struct lint *l, size_t i, size_t offset, unsigned *line, unsigned *col);

/* Resets the state of the families that do not carry it from a parent to
 * its child (a file's duplicates, its secrets). */
void call_reset_states(struct lint *l);

/* Starts the call l (just made) where the call from stopped after reading
 * parents: the state of the families that carry it from a parent to its
 * child, the parents' downgrades and findings (none when l->quiet_parents).
 * Not the files: l must already hold from's files at the same indices
 * (borrowed from a parents handle, which must outlive l; api/parents.c).
 * HARDCONF_OK or HARDCONF_ENOMEM. */
int call_adopt(struct lint *l, const struct lint *from);

/* Replaces the chained families' states of l with copies of from's
 * (states in linter->families' order).  HARDCONF_OK or HARDCONF_ENOMEM. */
int call_copy_chained(struct lint *l, void *const *from);

/* At the start of the first weighed <location> of a parent's scan for no
 * file in particular (l->resumable): keeps where the scan stands in
 * l's file (struct lint_file.resume), when a scan may pick up there. */
void resume_capture(struct lint *l, const struct element *e);

/* After the root's start tag of a scan picking up at r: the kind, the
 * chained states and the downgrades the scan had there (what a call
 * passes down: call_adopt()). */
void resume_apply(struct lint *l, const struct resume *r);

/* Frees r (NULL: nothing). */
void resume_free(struct resume *r);

#endif
