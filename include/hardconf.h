/*
 * hardconf.h - the public API of libhardconf, a static linter for the security
 * settings of .NET, IIS and Dynamics 365 configuration files.
 *
 * Conventions
 *   - Functions return an int status: HARDCONF_OK (0) or a negative
 *     HARDCONF_E* code; hardconf_strerror() names it.  Where a message helps,
 *     a caller-supplied hardconf_error receives one (pass NULL to ignore).
 *   - The result of a call comes back through the first (out) parameter.
 *   - Strings are UTF-8.  Lines and columns are 1-based; columns count
 *     characters (code points), not bytes.
 *   - Ownership is stated on each function.  Pointers into a report stay valid
 *     until hardconf_report_free(); rule metadata and the strings returned by
 *     hardconf_version(), hardconf_strerror(), hardconf_severity_name() and
 *     hardconf_kind_name() are static and never freed.
 *   - Thread safety: a hardconf_linter is immutable once built; any number of
 *     threads may lint with one linter at once.  A report or writer belongs to
 *     one thread at a time.  The library keeps no global mutable state, never
 *     prints and never exits.
 */
#ifndef HARDCONF_H
#define HARDCONF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(HARDCONF_BUILDING) && defined(__GNUC__)
#define HARDCONF_API __attribute__((visibility("default")))
#else
#define HARDCONF_API
#endif

#define HARDCONF_VERSION_MAJOR 0
#define HARDCONF_VERSION_MINOR 1
#define HARDCONF_VERSION_PATCH 0
#define HARDCONF_VERSION_STRING "0.1.0"

/* The library's version string, e.g. "0.1.0" (may differ from the header's
 * when linked dynamically against a newer build).  Static. */
HARDCONF_API const char *hardconf_version(void);

/* ---- Status codes ------------------------------------------------------ */

enum {
	HARDCONF_OK = 0,
	HARDCONF_EINVAL = -1,    /* invalid argument or option */
	HARDCONF_ENOMEM = -2,    /* out of memory */
	HARDCONF_EIO = -3,       /* a file could not be opened or read */
	HARDCONF_ENOTFOUND = -4, /* no such rule, kind or severity name */
	HARDCONF_ELIBRARY = -5   /* PCRE2, loaded on first use, could not be loaded */
};

/* A short English description of a status code.  Static; never NULL. */
HARDCONF_API const char *hardconf_strerror(int status);

/* Filled in by calls that fail with a status other than HARDCONF_OK, when
 * the caller passes one.  The message is always NUL-terminated; one longer
 * than 511 bytes loses its middle ("..."), so that its end, the reason,
 * stays. */
typedef struct hardconf_error {
	int status;
	char message[512];
} hardconf_error;

/* ---- Severities and kinds of file -------------------------------------- */

typedef enum hardconf_severity {
	HARDCONF_SEVERITY_NOTE = 1,
	HARDCONF_SEVERITY_WARNING = 2,
	HARDCONF_SEVERITY_ERROR = 3
} hardconf_severity;

/* "note", "warning" or "error"; "unknown" for other values.  Static. */
HARDCONF_API const char *hardconf_severity_name(hardconf_severity severity);
/* Parses "note", "warning" or "error" (case-insensitive) into *out.
 * Returns HARDCONF_OK, HARDCONF_ENOTFOUND (*out unchanged) or
 * HARDCONF_EINVAL (out or name NULL). */
HARDCONF_API int hardconf_severity_parse(hardconf_severity *out, const char *name);

/* What a file is.  Values may be added at the end in later versions. */
typedef enum hardconf_kind {
	HARDCONF_KIND_UNKNOWN = 0,    /* not a known configuration; as input: detect */
	HARDCONF_KIND_MACHINE = 1,    /* machine.config */
	HARDCONF_KIND_ROOT_WEB = 2,   /* the framework's root web.config */
	HARDCONF_KIND_WEB = 3,        /* an application, site or folder web.config */
	HARDCONF_KIND_APPHOST = 4,    /* IIS applicationHost.config */
	HARDCONF_KIND_CRMSETUP = 5,   /* Dynamics 365 Server Setup XML <CRMSetup> */
	HARDCONF_KIND_SSRS = 6,       /* SSRS rsreportserver.config <Configuration> */
	HARDCONF_KIND_BCSERVER = 7,   /* Business Central server CustomSettings.config */
	HARDCONF_KIND_IISEXPRESS = 8, /* IIS Express applicationhost.config: secrets only */
	HARDCONF_KIND_BCSETUP = 9     /* Business Central / NAV Setup configuration file */
} hardconf_kind;

/* The highest kind this version knows. */
#define HARDCONF_KIND_LAST HARDCONF_KIND_BCSETUP

/* Bit for a kind in hardconf_rule.kinds. */
#define HARDCONF_KIND_BIT(kind) (1u << (unsigned)(kind))

/* The kind's short name: "unknown", "machine", "root-web", "web", "apphost",
 * "crmsetup", "ssrs", "bcserver", "iisexpress", "bcsetup".  Static. */
HARDCONF_API const char *hardconf_kind_name(hardconf_kind kind);
/* Parses a short name (case-insensitive) into *out.
 * Returns HARDCONF_OK, HARDCONF_ENOTFOUND or HARDCONF_EINVAL (NULL). */
HARDCONF_API int hardconf_kind_parse(hardconf_kind *out, const char *name);

/* ---- Rule metadata ----------------------------------------------------- */

/* One rule of the catalogue.  All strings are static. */
typedef struct hardconf_rule {
	const char *id;             /* stable id, e.g. "HC1001" */
	const char *title;          /* one line, no trailing period */
	hardconf_severity severity; /* default severity */
	unsigned int kinds;         /* HARDCONF_KIND_BIT()s it applies to */
	int opt_in;                 /* non-zero: off unless enabled */
	const char *help;           /* why it matters, how to fix, an example */
	const char *reference;      /* URL of the documentation it rests on */
	const char *name;           /* short PascalCase name, e.g. "DebugCompilation" */
	const char *category;       /* "security", "correctness" (the file does not
				       load or do what it says) or "maintainability" */
	const char *precision;      /* how often a finding is right: "very-high",
				       "high" or "medium" (a heuristic) */
	const char *family;         /* "file", "aspnet", "iis", "dynamics", "ssrs",
				       "business-central" or "secrets" */
	const char *cis;            /* the CIS Microsoft IIS 10 Benchmark item it
				       checks ("3.2"), or NULL */
} hardconf_rule;

/* Number of rules in the catalogue. */
HARDCONF_API size_t hardconf_rule_count(void);
/* The rule at index (0 <= index < hardconf_rule_count()), in id order, or
 * NULL past the end.  Static. */
HARDCONF_API const hardconf_rule *hardconf_rule_at(size_t index);
/* The rule with this id (case-insensitive, "HC1001"), or NULL.  Static. */
HARDCONF_API const hardconf_rule *hardconf_rule_find(const char *id);

/* ---- The linter ---------------------------------------------------------- */

typedef struct hardconf_linter hardconf_linter;

/* 2 added work_budget.  A program built with version 1 keeps working: the
 * library reads only the fields of the version a struct says it has. */
#define HARDCONF_OPTIONS_VERSION 2

/* A rule graded differently from its default. */
typedef struct hardconf_severity_override {
	const char *id; /* rule id, any letter case */
	hardconf_severity severity;
} hardconf_severity_override;

/* Options for hardconf_linter_new().  Initialise with HARDCONF_OPTIONS_INIT
 * (or hardconf_options_init()) and then set what you need, so that fields
 * added in later versions keep their defaults. */
typedef struct hardconf_options {
	unsigned int version;       /* HARDCONF_OPTIONS_VERSION */
	size_t max_file_size;       /* bytes; 0 = default (256 MiB) */
	const char *const *enable;  /* NULL-terminated rule ids to turn on (opt-in
				       rules), or NULL; copied */
	const char *const *disable; /* NULL-terminated rule ids to turn off, or
				       NULL; copied */
	/* Limits on hostile input; hitting one is finding HC0003 and ends the
	 * file.  0 = the default. */
	unsigned int max_depth;      /* element nesting (default and ceiling 256:
					the XML parser's own limit) */
	unsigned int max_attributes; /* attributes on one element (default 1024) */
	size_t max_value_length;     /* bytes in one attribute value (default 1 MiB) */
	unsigned int max_findings;   /* findings in one file (default 10000) */
	const hardconf_severity_override *severities; /* re-grading, or NULL; copied */
	size_t n_severities;
	unsigned int flags; /* HARDCONF_NO_JIT, HARDCONF_SOURCE_LINES */
	/* Version 2.  The work one file may cost, as units per byte of it (a
	 * unit is about what parsing one byte costs; elements, attributes,
	 * rule calls, entity references and findings cost more), on top of
	 * an allowance of 64 KiB worth; past it the rest of the file is not
	 * linted (HC0003).  0 = the default, 64: real files use a few units
	 * per byte; it is the last line of defence against input that costs
	 * more than its size. */
	unsigned int work_budget;
} hardconf_options;

/* Do not JIT-compile the secret rules' patterns (slower, same results):
 * for valgrind, or where executable memory is not allowed.  (The library
 * reads no environment variable; hardconf(1) sets this flag when
 * HARDCONF_NO_JIT is set.) */
#define HARDCONF_NO_JIT 1u

/* Keep the source lines around each finding (hardconf_finding.context):
 * what the diff and HTML writers show, and what a caller applying a fix
 * checks the file against.  Up to 8 KiB a finding, or its own lines and
 * one either side up to 64 KiB for a finding with a fix (4 MiB of those in
 * a call); without the flag context is NULL. */
#define HARDCONF_SOURCE_LINES 2u

/* clang-format off */
#define HARDCONF_OPTIONS_INIT {HARDCONF_OPTIONS_VERSION, 0, NULL, NULL, 0, 0, 0, 0, NULL, 0, 0, 0}
/* clang-format on */

/* Sets *opts to the defaults of the given HARDCONF_OPTIONS_VERSION (1 or
 * 2; for 1 only the fields version 1 has are written).  Returns
 * HARDCONF_OK or HARDCONF_EINVAL for an unknown version. */
HARDCONF_API int hardconf_options_init(hardconf_options *opts, unsigned int version);

/* Builds a linter.  opts may be NULL for the defaults; it is not kept.
 * Returns HARDCONF_OK, HARDCONF_EINVAL (bad version, unknown rule id,
 * severities NULL with n_severities not 0: err names it) or HARDCONF_ENOMEM.  The caller frees *out
 * with hardconf_linter_free().  Thread-safe. */
HARDCONF_API int hardconf_linter_new(hardconf_linter **out, const hardconf_options *opts,
				     hardconf_error *err);

/* Frees a linter (NULL is fine).  No lint call may be running with it. */
HARDCONF_API void hardconf_linter_free(hardconf_linter *linter);

/* Non-zero when the rule with this id is enabled in the linter. */
HARDCONF_API int hardconf_linter_rule_enabled(const hardconf_linter *linter, const char *id);

/* ---- Linting ------------------------------------------------------------- */

typedef struct hardconf_report hardconf_report;

/* One change of a fix: length bytes at offset of the file as stored (its
 * BOM included) become bytes_len bytes at bytes, which are text (UTF-8)
 * written in the file's encoding.  text_offset and text_length are the same
 * range in the file's text as UTF-8 (BOM excluded).  Owned by the report. */
typedef struct hardconf_edit {
	size_t offset;
	size_t length;
	const char *bytes; /* not NUL-terminated */
	size_t bytes_len;
	const char *text; /* NUL-terminated */
	size_t text_offset;
	size_t text_length;
} hardconf_edit;

/* A finding's fix: edits to the file the finding is in (finding->file; for
 * a value a transform published, the base or transform that wrote it) that
 * make its value the secure one, keeping everything else, quoting and line
 * endings included.  Edits are sorted by offset and do not overlap.  Owned
 * by the report. */
typedef struct hardconf_fix {
	const char *description; /* e.g. "set debug=\"false\"" */
	const char *encoding;    /* "UTF-8", "UTF-16LE" or "UTF-16BE" */
	int text_is_bytes;       /* non-zero: after a BOM, the file's bytes are its
				    text, so a text diff can carry the fix */
	size_t n_edits;
	const hardconf_edit *edits;
} hardconf_fix;

/* One finding.  All pointers belong to the report that holds the finding. */
typedef struct hardconf_finding {
	const char *rule_id;        /* e.g. "HC1001" (static) */
	hardconf_severity severity; /* the linter's severity for the rule */
	const char *message;        /* one line: what is wrong and how to fix it */
	const char *file;           /* the input's display name, or a file it
				       includes, inherits from or is transformed by */
	unsigned int line;          /* 1-based */
	unsigned int column;        /* 1-based, in characters */
	unsigned int end_line;      /* end of the offending text, or 0 if unknown */
	unsigned int end_column;    /* exclusive, in characters, or 0 if unknown */
	int suppressed;             /* non-zero: silenced by an inline suppression */
	const char *justification;  /* the suppression's reason ("" if none given) */
	/* Its fingerprint (see hardconf_finding_fingerprint()), 16 hex digits,
	 * set when the report is complete; "" in a finding made by hand. */
	char fingerprint[17];
	/* Its mechanical fix (see hardconf_fix), or NULL when it has none.
	 * Owned by the report; NULL in a finding made by hand. */
	const struct hardconf_fix *fix;
	/* The source lines around it as UTF-8 (up to three lines either side,
	 * line endings as written, ending with the last line's own), or NULL
	 * when unknown or not asked for (HARDCONF_SOURCE_LINES); context_line is the line number of
	 * its first line and context_offset its byte offset in the file's text as UTF-8 (BOM
	 * excluded).  Owned by the report. */
	const char *context;
	unsigned int context_line;
	size_t context_offset;
} hardconf_finding;

/* Lints the file at path.  kind forces the kind of file; pass
 * HARDCONF_KIND_UNKNOWN to detect it from the content (and the file name).
 * On HARDCONF_OK, *out is a report the caller frees with
 * hardconf_report_free(); problems in the file itself (malformed XML, a file
 * too large) are findings in it, not errors.  Returns HARDCONF_EIO when the
 * file cannot be opened or read (err says why), HARDCONF_EINVAL,
 * HARDCONF_ENOMEM, HARDCONF_ELIBRARY (a value must be searched with a
 * pattern and PCRE2 cannot be loaded).  The file is opened read-only; FIFOs and devices are
 * refused with HARDCONF_EIO rather than read.  Thread-safe. */
HARDCONF_API int hardconf_lint_file(hardconf_report **out, const hardconf_linter *linter,
				    const char *path, hardconf_kind kind, hardconf_error *err);

/* Lints len bytes at data (not NUL-terminated, not kept).  name is the
 * display name used in findings and for kind detection by file name (e.g.
 * "machine.config"); NULL means "<buffer>".  Otherwise as hardconf_lint_file(). */
HARDCONF_API int hardconf_lint_buffer(hardconf_report **out, const hardconf_linter *linter,
				      const void *data, size_t len, const char *name,
				      hardconf_kind kind, hardconf_error *err);

/* A file and what it inherits.  IIS and ASP.NET read machine.config, the
 * root web.config, applicationHost.config, then the web.config files along
 * the site's folders: each setting comes from the last file that sets it,
 * unless a file above locked it.  Initialise with HARDCONF_CHAIN_INIT. */
#define HARDCONF_CHAIN_VERSION 2

typedef struct hardconf_chain {
	unsigned int version;       /* HARDCONF_CHAIN_VERSION */
	const char *const *parents; /* files the linted one inherits from, the
				       outermost first (machine.config, ...,
				       the web.config of the folder above) */
	size_t n_parents;
	/* The IIS path of the linted file's application ("Default Web
	 * Site/app"): which <location path> of machine.config, root web.config
	 * and applicationHost.config reach it.  With web.config parents in
	 * folders above the file, it names the outermost one's folder, and
	 * the folders down to the file add their names (they are folders of
	 * that application).  NULL: only locations without a path reach it.
	 * A web.config parent's own locations name sub-folders and need none. */
	const char *site_path;
	/* A web.config transform (Web.Release.config) applied to the linted
	 * file before the rules read it, or NULL. */
	const char *transform;
	unsigned int flags; /* HARDCONF_CHAIN_QUIET_PARENTS, HARDCONF_CHAIN_SECRETS_ONLY */
	/* For each parent, the transform applied to it before the file
	 * inherits from it (a web.config above, published with its
	 * Web.Release.config), or NULL; or NULL for none at all.  n_parents
	 * entries.  A parent's transform reports nothing here. */
	const char *const *parent_transforms;
	/* Version 2: parents read once (hardconf_parents_new), read before
	 * parents[], or NULL.  A walk reads each folder's web.config once and
	 * hands it to every file below.  It may be the handle made for the
	 * file linted itself (its web.config, same path): the file then
	 * inherits what that handle's base passes down, and is linted from
	 * the bytes the handle read, not read again. */
	const struct hardconf_parents *inherited;
} hardconf_chain;

/* The parents are linted on their own (a directory walk lints every
 * web.config with the ones above it): report nothing in them, not even
 * that one is not well-formed. */
#define HARDCONF_CHAIN_QUIET_PARENTS 1u

/* The file is in the repository but not deployed as it is (the transform
 * of another build configuration, Web.Debug.config): only the secret rules
 * (HC6xxx) read it. */
#define HARDCONF_CHAIN_SECRETS_ONLY 2u

/* clang-format off */
#define HARDCONF_CHAIN_INIT {HARDCONF_CHAIN_VERSION, NULL, 0, NULL, NULL, 0, NULL, NULL}
/* clang-format on */

/* Lints the file at path as it is deployed: with its parents' settings and
 * locks, and with the transform applied.  A finding is reported once, in
 * the file and at the line that set the value: a parent's own findings are
 * not (lint the parent itself for those), except HC0001/HC0003 when a
 * parent cannot be read to its end; findings of a transformed file point
 * into the base or the transform; those of a configSource or file= include
 * into the include.  Parents and the transform are read whole and kept
 * until the call returns.  chain may be NULL (then as hardconf_lint_file).
 * Returns as hardconf_lint_file(); HARDCONF_EIO names the parent or
 * transform that cannot be read. */
HARDCONF_API int hardconf_lint_chain(hardconf_report **out, const hardconf_linter *linter,
				     const char *path, hardconf_kind kind,
				     const hardconf_chain *chain, hardconf_error *err);

/* ---- Parents read once ---------------------------------------------------- */

/* What a parent passes down, read once and shared by every file below it:
 * a directory walk reads a folder's web.config (published with its
 * transform) once, not once per file below it, so a tree costs time in
 * proportion to its files.  Immutable once made: threads may lint with it
 * at once. */
typedef struct hardconf_parents hardconf_parents;

/* The parent is a server-wide file (machine.config, a framework's root
 * web.config, applicationHost.config) whose <location path> names sites;
 * without it, a file named web.config is the web.config of a folder above
 * the files linted with it, and any other name a server file. */
#define HARDCONF_PARENT_SERVER 1u

/* Reads the file at path as a parent, after base (the parents above it,
 * or NULL), published with transform (a Web.Release.config, or NULL).
 * site_path: the IIS path of the application the files below belong to,
 * for a server file's <location path> (or NULL).  *out is a new handle:
 * give it to hardconf_lint_chain() in hardconf_chain.inherited, with the
 * same linter, and free it with hardconf_parents_free(); it keeps base
 * alive, so base may be freed before it.  A parent whose <location path>
 * names sub-folders or sites passes down what depends on the file below:
 * the handle scans its text again (not the file) the first time a file
 * that some of them reach asks, and keeps that state for the files with
 * the same answer (the verdict is the same as hardconf_chain.parents
 * gives), up to 256 such states, then makes them again.  That scan leaves
 * out the locations that do not reach, and picks up at the first location
 * with the state the content before it left.  A parent of 16 MiB or more
 * without a transform is streamed: the handle keeps the file open until
 * it is freed.
 * Returns HARDCONF_OK; HARDCONF_EINVAL; HARDCONF_EIO when the file or the
 * transform cannot be read (err names it); HARDCONF_ENOMEM. */
HARDCONF_API int hardconf_parents_new(hardconf_parents **out, const hardconf_linter *linter,
				      const hardconf_parents *base, const char *path,
				      const char *transform, const char *site_path,
				      unsigned int flags, hardconf_error *err);

/* Gives up this reference to parents (NULL: nothing); the handle is freed
 * with the last handle built on it. */
HARDCONF_API void hardconf_parents_free(hardconf_parents *parents);

/* Whether, for the file at target, the parent at path is a folder's parent
 * (a file named web.config in target's folder or in a folder above it)
 * rather than a server file: how a lint call takes each file of
 * hardconf_chain.parents, and so what a handle read for target needs in
 * flags (0, or HARDCONF_PARENT_SERVER for 0).  Paths are compared as
 * written, or after realpath() when either has a "." or ".." component or
 * one is absolute and the other not.  Returns 1, 0, HARDCONF_EINVAL (a
 * NULL argument) or HARDCONF_ENOMEM. */
HARDCONF_API int hardconf_parent_is_folder(const char *path, const char *target);

/* ---- Linting a file as its project does ---------------------------------- */

/* What a file named on its own is linted with, found as a directory walk
 * of its project finds it:
 *   - the project root: opts->root, else the nearest folder (from the
 *     file's up to the top of the git work tree) whose .hardconf says
 *     root, else the top of the git work tree (the folder holding .git);
 *     none outside all three;
 *   - for a web.config: the web.config of each folder above it up to the
 *     root, outermost first, each with its Web.<configuration>.config, and
 *     its own Web.<configuration>.config beside it;
 *   - for Web.<configuration>.config beside a web.config: that web.config
 *     as the file to lint, with this one as its transform; for another
 *     configuration's transform, HARDCONF_CHAIN_SECRETS_ONLY.
 * Names match in any letter case.  Paths keep the shape of the path given
 * ("Site/admin/web.config" has the parent "Site/Web.config"). */
typedef struct hardconf_discovery hardconf_discovery;

/* What hardconf_discover() found about folders (their real paths, the
 * project root above each, their web.config and transform), kept for later
 * calls: a caller that discovers many files, such as the files a
 * pre-commit hook names, resolves, probes and lists each folder once
 * instead of once a file.  The answers are those of a call without it as
 * long as no folder moves, no .hardconf, .git, web.config or transform
 * appears or goes, and the working directory stays the same (folders are
 * kept as written) while it is used.  One thread at a time. */
typedef struct hardconf_discover_memo hardconf_discover_memo;

/* A new, empty memo, or NULL when memory ran out.  Free it with
 * hardconf_discover_memo_free(). */
HARDCONF_API hardconf_discover_memo *hardconf_discover_memo_new(void);

/* Frees a memo (NULL is fine). */
HARDCONF_API void hardconf_discover_memo_free(hardconf_discover_memo *memo);

#define HARDCONF_DISCOVER_OPTIONS_VERSION 2

typedef struct hardconf_discover_options {
	unsigned int version;      /* HARDCONF_DISCOVER_OPTIONS_VERSION */
	const char *configuration; /* the build configuration whose transform is
				      paired ("Release"), or NULL for none */
	const char *root;          /* the project root, or NULL to find it */
	/* Version 2: a memo read and added to by the call, or NULL. */
	hardconf_discover_memo *memo;
} hardconf_discover_options;

/* clang-format off */
#define HARDCONF_DISCOVER_OPTIONS_INIT {HARDCONF_DISCOVER_OPTIONS_VERSION, "Release", NULL, NULL}
/* clang-format on */

/* Finds what path is linted with (path need not exist: a name for
 * standard input; then nothing is found around it).  opts may be NULL for
 * the defaults.  Returns HARDCONF_OK, HARDCONF_EINVAL (NULL or empty path,
 * bad version), HARDCONF_EIO (opts->root cannot be resolved: err names it)
 * or HARDCONF_ENOMEM.  The caller frees *out with hardconf_discovery_free();
 * every string it hands out belongs to it. */
HARDCONF_API int hardconf_discover(hardconf_discovery **out, const char *path,
				   const hardconf_discover_options *opts, hardconf_error *err);

/* The project root, absolute, or NULL when there is none.  Owned by d. */
HARDCONF_API const char *hardconf_discovery_root(const hardconf_discovery *d);

/* The file to lint: path itself, or its base when path is the transform
 * of the configuration.  Owned by d. */
HARDCONF_API const char *hardconf_discovery_target(const hardconf_discovery *d);

/* The chain to lint the target with (parents, their transforms, the
 * transform, HARDCONF_CHAIN_SECRETS_ONLY), for hardconf_lint_chain().
 * Owned by d, as every string in it; no site path. */
HARDCONF_API const hardconf_chain *hardconf_discovery_chain(const hardconf_discovery *d);

/* Frees a discovery (NULL is fine). */
HARDCONF_API void hardconf_discovery_free(hardconf_discovery *d);

/* What a thread's lint calls keep from one call to the next (the XML
 * parser), instead of making it anew for every file: worth having when
 * one thread lints many small files.  Give each thread one, in
 * hardconf_input.workspace; a call uses it only for the small texts it
 * parses (a parents handle's variant for the file counts by the locations
 * it keeps), and a report never depends on it.  One call uses a workspace at
 * a time: a call given a workspace another call is using goes without.
 * Free a workspace before calling libxml2's xmlCleanupParser(). */
typedef struct hardconf_workspace hardconf_workspace;

/* A new, empty workspace, or NULL when memory ran out.  The caller frees
 * it with hardconf_workspace_free(). */
HARDCONF_API hardconf_workspace *hardconf_workspace_new(void);

/* Frees a workspace and what it keeps (NULL is fine), when no call is
 * using it. */
HARDCONF_API void hardconf_workspace_free(hardconf_workspace *ws);

/* One lint call for any input: a file on disk or bytes in memory, named
 * as you like, with what it inherits given, discovered, or both.
 * Initialise with HARDCONF_INPUT_INIT. */
#define HARDCONF_INPUT_VERSION 4

typedef struct hardconf_input {
	unsigned int version; /* HARDCONF_INPUT_VERSION */
	/* Where the file is (or would be) on disk: read from there unless
	 * data is given; its folder holds its includes and is where discovery
	 * starts.  NULL: bytes with no place on disk (data required). */
	const char *path;
	/* The file's bytes (an editor's unsaved buffer, a staged blob), not
	 * kept, or NULL to read path. */
	const void *data;
	size_t len;
	const char *name;   /* shown in findings; NULL: path, or "<buffer>" */
	hardconf_kind kind; /* HARDCONF_KIND_UNKNOWN: detect */
	/* Parents before the discovered ones (machine.config, root web.config,
	 * applicationHost.config), outermost first, and the transform each is
	 * published with (NULL, or n_parents entries that may be NULL). */
	const char *const *parents;
	size_t n_parents;
	const char *const *parent_transforms;
	const char *site_path; /* as in hardconf_chain */
	const char *transform; /* applied to the file; overrides the discovered one */
	/* With HARDCONF_LINT_DISCOVER: as hardconf_discover_options. */
	const char *configuration;
	const char *root;
	unsigned int flags; /* HARDCONF_LINT_DISCOVER, HARDCONF_LINT_LISTED,
			       HARDCONF_CHAIN_QUIET_PARENTS, HARDCONF_CHAIN_SECRETS_ONLY */
	/* Parents read once (hardconf_parents_new), read before all others,
	 * or NULL: a walk hands each folder's web.config to the files below.
	 * As in hardconf_chain, the file's own handle may be given. */
	const struct hardconf_parents *inherited;
	/* Version 2: the real path of path's folder (as realpath() gives it),
	 * with root a real path too, or NULL.  Fingerprints then need nothing
	 * from the disk, nor does whether the folder is there (for data or
	 * fd): a walk resolves each folder once, not every file.
	 * Ignored without path and root, and for a transform linted with its
	 * base (HARDCONF_LINT_DISCOVER). */
	const char *real_dir;
	/* Version 3: an open descriptor of a regular file holding the bytes,
	 * read instead of path (which still says where the file lies), or -1
	 * (HARDCONF_INPUT_INIT).  Standard input redirected from a file, or a
	 * temporary file a pipe was copied to: a large one is streamed in
	 * flat memory, where data would hold it whole.  Read with pread()
	 * from its start; neither its offset moves nor is it closed.  Ignored
	 * with data. */
	int fd;
	/* Version 4: the calling thread's workspace (hardconf_workspace_new()),
	 * or NULL.  Borrowed for the call. */
	hardconf_workspace *workspace;
} hardconf_input;

/* Find the file's parents and transform with hardconf_discover() (path
 * required).  A transform of the configuration is then linted with its
 * base, which is read from disk, the transform from data if given. */
#define HARDCONF_LINT_DISCOVER 4u

/* path names a regular file the caller has just listed or stat()ed (a
 * directory walk): it is opened without being looked at first.  What is
 * opened is checked all the same: anything but a regular file is refused
 * unread.  Without it, path is looked at before it is opened, so that a
 * FIFO or a device is never opened. */
#define HARDCONF_LINT_LISTED 8u

/* clang-format off */
#define HARDCONF_INPUT_INIT {HARDCONF_INPUT_VERSION, NULL, NULL, 0, NULL, HARDCONF_KIND_UNKNOWN, \
	NULL, 0, NULL, NULL, NULL, "Release", NULL, 0, NULL, NULL, -1, NULL}
/* clang-format on */

/* Lints input as hardconf_lint_chain() does.  On HARDCONF_OK the caller
 * frees *out with hardconf_report_free().  Returns HARDCONF_EINVAL for NULL
 * or inconsistent fields (no path, data or fd, data NULL with len, a NULL
 * parent, unknown flags or kind, fd below -1), HARDCONF_EIO (a file cannot
 * be read, fd not a regular file: err says which) or HARDCONF_ENOMEM.
 * Thread-safe. */
HARDCONF_API int hardconf_lint(hardconf_report **out, const hardconf_linter *linter,
			       const hardconf_input *input, hardconf_error *err);

/* ---- Reports ------------------------------------------------------------- */

/* Number of findings, sorted by line, column and rule id. */
HARDCONF_API size_t hardconf_report_count(const hardconf_report *report);
/* The finding at index, or NULL past the end.  Owned by the report. */
HARDCONF_API const hardconf_finding *hardconf_report_get(const hardconf_report *report,
							 size_t index);
/* The display name of the input.  Owned by the report. */
HARDCONF_API const char *hardconf_report_file(const hardconf_report *report);
/* The kind the file was linted as (HARDCONF_KIND_UNKNOWN if none). */
HARDCONF_API hardconf_kind hardconf_report_kind(const hardconf_report *report);
/* Frees a report and every string and finding in it (NULL is fine). */
HARDCONF_API void hardconf_report_free(hardconf_report *report);

/* ---- Fingerprints and baselines ------------------------------------------ */

/* Writes the finding's fingerprint, 16 hex digits and a NUL, into out: a
 * hash of its rule, its file's path relative to the project root (see
 * hardconf_discover(); the working directory when there is none; through
 * realpath(), so however the path was typed), what it is about (the
 * element's path, its key or name in a collection, the attribute and the
 * <location>; for a finding with no element, its message with line
 * references left out), and, for the second and later of otherwise
 * identical findings in one report, which one it is.  It survives edits
 * elsewhere in the file, moved lines, a reworded message and a new value
 * of the same setting.  The lint calls
 * compute it (finding->fingerprint); a finding made by hand hashes its
 * rule, file as given and message.  Returns HARDCONF_OK or HARDCONF_EINVAL
 * (NULL argument, rule_id, file or message).  JSON and SARIF output carry
 * it.  Thread-safe. */
HARDCONF_API int hardconf_finding_fingerprint(const hardconf_finding *finding, char out[17]);

/* The fingerprints of an earlier run, to report only what is new. */
typedef struct hardconf_baseline hardconf_baseline;

/* Reads the fingerprints from earlier JSON or SARIF output of hardconf (the
 * "fingerprint" members, or SARIF's "hardconf/v2" partial fingerprints;
 * "hardconf/v1" ones load too, but name findings another way);
 * the output of a run that found nothing is an empty baseline.
 * Returns HARDCONF_OK, HARDCONF_EIO (err names the file), HARDCONF_EINVAL
 * (no fingerprint in it and not hardconf's JSON or SARIF) or HARDCONF_ENOMEM.
 * The caller frees *out with hardconf_baseline_free().  A baseline is
 * immutable; threads may share it. */
HARDCONF_API int hardconf_baseline_load(hardconf_baseline **out, const char *path,
					hardconf_error *err);

/* Removes from report the findings whose fingerprint is in the baseline;
 * returns how many. */
HARDCONF_API size_t hardconf_report_drop_baselined(hardconf_report *report,
						   const hardconf_baseline *baseline);

/* Frees a baseline (NULL is fine). */
HARDCONF_API void hardconf_baseline_free(hardconf_baseline *baseline);
/* Non-zero when the finding's fingerprint is in the baseline (0 for NULL
 * arguments). */
HARDCONF_API int hardconf_baseline_has(const hardconf_baseline *baseline,
				       const hardconf_finding *finding);

/* ---- Project configuration ---------------------------------------------- */

/* A project file, .hardconf: one directive a line, '#' starts a comment.
 *   enable ID[, ID...]        turn rules on (opt-in ones)
 *   disable ID[, ID...]       turn rules off
 *   severity ID=LEVEL[, ...]  re-grade rules (note, warning, error)
 *   fail-on LEVEL             note, warning, error or never
 *   ignore PATTERN[, ...]     skip paths (fnmatch; relative to the file's
 *                             folder; '*' also matches '/'; a pattern
 *                             matching a folder, "obj" or "obj/",
 *                             skips what is below it)
 *   root                      the file's folder is the project's root: the
 *                             top of a file's parents and of fingerprint
 *                             paths (see hardconf_discover())           */
typedef struct hardconf_config hardconf_config;

/* Reads a project file.  Returns HARDCONF_OK, HARDCONF_EIO, HARDCONF_EINVAL
 * (a malformed line or an unknown rule id: err names the file and line) or
 * HARDCONF_ENOMEM.  The caller frees *out with hardconf_config_free(). */
HARDCONF_API int hardconf_config_load(hardconf_config **out, const char *path, hardconf_error *err);

/* Finds the .hardconf that governs path: in its folder or the nearest one
 * above.  *out is a malloc'd absolute path the caller frees, or NULL when
 * there is none.  Returns HARDCONF_OK, HARDCONF_EIO (path cannot be
 * resolved), HARDCONF_EINVAL (out or path NULL) or HARDCONF_ENOMEM. */
HARDCONF_API int hardconf_config_find(char **out, const char *path);

/* Points opts' enable, disable and severities at the configuration's: they
 * borrow from it and are valid while it lives.  hardconf_config_merge()
 * copies instead.  Returns HARDCONF_OK or HARDCONF_EINVAL (NULL). */
HARDCONF_API int hardconf_config_apply(const hardconf_config *config, hardconf_options *opts);

/* Makes *out new options: base's (NULL: the defaults) with the
 * configuration's rules merged in, base winning (an id base enables is not
 * disabled by the file, and the reverse; base's severities come after the
 * file's).  *out owns copies of every array and string: it stays valid
 * after config and base are freed.  The caller frees it with
 * hardconf_options_free().  Returns HARDCONF_OK, HARDCONF_EINVAL (NULL out
 * or config, a bad base) or HARDCONF_ENOMEM. */
HARDCONF_API int hardconf_config_merge(hardconf_options **out, const hardconf_config *config,
				       const hardconf_options *base);

/* Frees options made by hardconf_config_merge() (NULL is fine); no other. */
HARDCONF_API void hardconf_options_free(hardconf_options *opts);

/* Non-zero, with *out set (0 = never fail on findings), when the file sets
 * fail-on; 0 when it does not or an argument is NULL. */
HARDCONF_API int hardconf_config_fail_on(const hardconf_config *config, hardconf_severity *out);

/* Non-zero when the file says root (its folder is the project's root). */
HARDCONF_API int hardconf_config_is_root(const hardconf_config *config);

/* Non-zero when path matches one of the file's ignore patterns, which are
 * relative to the file's folder: path's folder is resolved with
 * realpath(3), and its name matched there. */
HARDCONF_API int hardconf_config_ignores(const hardconf_config *config, const char *path);

/* The same for the file name in the folder whose real path (realpath(3))
 * is real_dir, as a directory walk knows it: no realpath() per file, and
 * a link is matched by its own name there.  0 when an argument is NULL. */
HARDCONF_API int hardconf_config_ignores_in(const hardconf_config *config, const char *real_dir,
					    const char *name);

/* Frees a configuration (NULL is fine). */
HARDCONF_API void hardconf_config_free(hardconf_config *config);

/* ---- Writing findings ---------------------------------------------------- */

typedef enum hardconf_format {
	HARDCONF_FORMAT_GCC = 0,    /* file:line:col: severity: message [ID] */
	HARDCONF_FORMAT_JSON = 1,   /* one JSON document, schema "hardconf/1" */
	HARDCONF_FORMAT_SARIF = 2,  /* SARIF 2.1.0, one run */
	HARDCONF_FORMAT_GITHUB = 3, /* GitHub Actions workflow commands (annotations) */
	/* The fixes as one unified diff relative to the working directory
	 * (`git apply`, `patch -p1`): written when finished; fixes a text diff
	 * cannot carry (hardconf_fix.text_is_bytes 0, or a file named outside
	 * the working directory or with "..") and suppressed findings are
	 * left out. */
	HARDCONF_FORMAT_DIFF = 4,
	/* One self-contained HTML page (inline CSS and SVG, no script, nothing
	 * fetched): a summary, charts by rule and by file, each file's
	 * findings with their source lines, help and fix; written when
	 * finished. */
	HARDCONF_FORMAT_HTML = 5
} hardconf_format;

/* "gcc", "json", "sarif", "github", "diff" or "html"; "unknown" otherwise.
 * Static. */
HARDCONF_API const char *hardconf_format_name(hardconf_format format);
/* Parses a format name (case-insensitive).  HARDCONF_OK, HARDCONF_ENOTFOUND or
 * HARDCONF_EINVAL (out or name NULL). */
HARDCONF_API int hardconf_format_parse(hardconf_format *out, const char *name);

/* Flags for hardconf_format_finding() and hardconf_writer_new(). */
#define HARDCONF_FORMAT_COLOR 1u /* ANSI colours for a terminal (gcc only) */
/* Write suppressed findings too in the line formats (gcc, github), marked
 * "[suppressed]"; JSON and SARIF always carry them, marked as such. */
#define HARDCONF_FORMAT_SHOW_SUPPRESSED 2u

/* Formats one finding as one line of gcc format, with a trailing newline,
 * into buf (size bytes, always NUL-terminated when size > 0), like
 * snprintf: returns the length the whole line needs (excluding the NUL), or
 * a negative status (HARDCONF_EINVAL for a format other than gcc).
 * Thread-safe. */
HARDCONF_API int hardconf_format_finding(char *buf, size_t size, const hardconf_finding *finding,
					 hardconf_format format, unsigned int flags);

/* A writer streams the findings of any number of reports in one format:
 * for JSON and SARIF it writes the document's head when created, each
 * report's findings as they are added, and the tail when finished, so
 * output for many files is never held in memory. */
typedef struct hardconf_writer hardconf_writer;

/* Where a writer's bytes go: returns 0, or non-zero to stop the writer
 * (the writer then returns HARDCONF_EIO). */
typedef int (*hardconf_write_fn)(void *ctx, const char *data, size_t len);

/* Creates a writer for format, calling write(ctx, ...) with its output.
 * Returns HARDCONF_OK, HARDCONF_EINVAL, HARDCONF_ENOMEM or HARDCONF_EIO.
 * The caller frees *out with hardconf_writer_free().  A writer belongs to
 * one thread at a time. */
HARDCONF_API int hardconf_writer_new(hardconf_writer **out, hardconf_format format,
				     unsigned int flags, hardconf_write_fn write, void *ctx,
				     hardconf_error *err);

/* How a writer describes the run, for hardconf_writer_new_with().
 * Initialise with HARDCONF_WRITER_OPTIONS_INIT. */
#define HARDCONF_WRITER_OPTIONS_VERSION 1

typedef struct hardconf_writer_options {
	unsigned int version; /* HARDCONF_WRITER_OPTIONS_VERSION */
	unsigned int flags;   /* HARDCONF_FORMAT_COLOR, HARDCONF_FORMAT_SHOW_SUPPRESSED */
	/* The linters the reports come from (one per project file), or NULL:
	 * SARIF then describes each rule as they ran it: enabled when one of
	 * them enables it, its level and security-severity from the highest
	 * severity they give it.  NULL: the rules' defaults.  Read during the
	 * call only. */
	const hardconf_linter *const *linters;
	size_t n_linters;
} hardconf_writer_options;

/* clang-format off */
#define HARDCONF_WRITER_OPTIONS_INIT {HARDCONF_WRITER_OPTIONS_VERSION, 0, NULL, 0}
/* clang-format on */

/* As hardconf_writer_new(), with options (NULL: the defaults).  Returns
 * HARDCONF_EINVAL also for a bad version, linters NULL with n_linters, or a
 * NULL linter. */
HARDCONF_API int hardconf_writer_new_with(hardconf_writer **out, hardconf_format format,
					  const hardconf_writer_options *opts,
					  hardconf_write_fn write, void *ctx, hardconf_error *err);

/* Writes the findings of report (which the caller keeps and frees).  In gcc
 * and github formats, a report with no findings writes nothing.  Returns
 * HARDCONF_OK, HARDCONF_ENOMEM or HARDCONF_EIO. */
HARDCONF_API int hardconf_writer_add(hardconf_writer *writer, const hardconf_report *report);

/* Ends the document (JSON, SARIF) and flushes.  Call once, after the last
 * report.  Returns HARDCONF_OK, HARDCONF_EIO, or HARDCONF_EINVAL when the
 * writer was finished before (nothing is written again; hardconf_writer_add()
 * after it is HARDCONF_EINVAL too). */
HARDCONF_API int hardconf_writer_finish(hardconf_writer *writer);

/* HTML: findings in baseline are shown apart, as accepted by an earlier
 * run (add each report before hardconf_report_drop_baselined() then).  The
 * baseline is borrowed until the writer is finished; NULL: none.  Other
 * formats ignore it.  Returns HARDCONF_OK, or HARDCONF_EINVAL (writer NULL
 * or finished). */
HARDCONF_API int hardconf_writer_set_baseline(hardconf_writer *writer,
					      const hardconf_baseline *baseline);

/* Frees a writer (NULL is fine); does not finish it. */
HARDCONF_API void hardconf_writer_free(hardconf_writer *writer);

#ifdef __cplusplus
}
#endif

#endif /* HARDCONF_H */
