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
	HARDCONF_EINVAL = -1,   /* invalid argument or option */
	HARDCONF_ENOMEM = -2,   /* out of memory */
	HARDCONF_EIO = -3,      /* a file could not be opened or read */
	HARDCONF_ENOTFOUND = -4 /* no such rule, kind or severity name */
};

/* A short English description of a status code.  Static; never NULL. */
HARDCONF_API const char *hardconf_strerror(int status);

/* Filled in by calls that fail with a status other than HARDCONF_OK, when
 * the caller passes one.  The message is always NUL-terminated. */
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
 * Returns HARDCONF_OK or HARDCONF_ENOTFOUND. */
HARDCONF_API int hardconf_severity_parse(hardconf_severity *out, const char *name);

/* What a file is.  Values may be added at the end in later versions. */
typedef enum hardconf_kind {
	HARDCONF_KIND_UNKNOWN = 0,  /* not a known configuration; as input: detect */
	HARDCONF_KIND_MACHINE = 1,  /* machine.config */
	HARDCONF_KIND_ROOT_WEB = 2, /* the framework's root web.config */
	HARDCONF_KIND_WEB = 3,      /* an application, site or folder web.config */
	HARDCONF_KIND_APPHOST = 4,  /* IIS applicationHost.config */
	HARDCONF_KIND_CRMSETUP = 5, /* Dynamics 365 Server Setup XML <CRMSetup> */
	HARDCONF_KIND_SSRS = 6,     /* SSRS rsreportserver.config <Configuration> */
	HARDCONF_KIND_BCSERVER = 7  /* Business Central server CustomSettings.config */
} hardconf_kind;

/* The highest kind this version knows. */
#define HARDCONF_KIND_LAST HARDCONF_KIND_BCSERVER

/* Bit for a kind in hardconf_rule.kinds. */
#define HARDCONF_KIND_BIT(kind) (1u << (unsigned)(kind))

/* The kind's short name: "unknown", "machine", "root-web", "web", "apphost",
 * "crmsetup", "ssrs", "bcserver".  Static. */
HARDCONF_API const char *hardconf_kind_name(hardconf_kind kind);
/* Parses a short name (case-insensitive) into *out.
 * Returns HARDCONF_OK or HARDCONF_ENOTFOUND. */
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
	const char *reference;      /* URL of the Microsoft doc or CIS item */
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
	unsigned int flags; /* HARDCONF_NO_JIT */
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
 * for valgrind, or where executable memory is not allowed.  The environment
 * variable HARDCONF_NO_JIT (any value) does the same for every linter. */
#define HARDCONF_NO_JIT 1u

/* clang-format off */
#define HARDCONF_OPTIONS_INIT {HARDCONF_OPTIONS_VERSION, 0, NULL, NULL, 0, 0, 0, 0, NULL, 0, 0, 0}
/* clang-format on */

/* Sets *opts to the defaults of the given HARDCONF_OPTIONS_VERSION (1 or
 * 2; for 1 only the fields version 1 has are written).  Returns
 * HARDCONF_OK or HARDCONF_EINVAL for an unknown version. */
HARDCONF_API int hardconf_options_init(hardconf_options *opts, unsigned int version);

/* Builds a linter.  opts may be NULL for the defaults; it is not kept.
 * Returns HARDCONF_OK, HARDCONF_EINVAL (bad version, unknown rule id: err
 * names it) or HARDCONF_ENOMEM.  The caller frees *out with
 * hardconf_linter_free().  Thread-safe. */
HARDCONF_API int hardconf_linter_new(hardconf_linter **out, const hardconf_options *opts,
				     hardconf_error *err);

/* Frees a linter (NULL is fine).  No lint call may be running with it. */
HARDCONF_API void hardconf_linter_free(hardconf_linter *linter);

/* Non-zero when the rule with this id is enabled in the linter. */
HARDCONF_API int hardconf_linter_rule_enabled(const hardconf_linter *linter, const char *id);

/* ---- Linting ------------------------------------------------------------- */

typedef struct hardconf_report hardconf_report;

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
} hardconf_finding;

/* Lints the file at path.  kind forces the kind of file; pass
 * HARDCONF_KIND_UNKNOWN to detect it from the content (and the file name).
 * On HARDCONF_OK, *out is a report the caller frees with
 * hardconf_report_free(); problems in the file itself (malformed XML, a file
 * too large) are findings in it, not errors.  Returns HARDCONF_EIO when the
 * file cannot be opened or read (err says why), HARDCONF_EINVAL,
 * HARDCONF_ENOMEM.  The file is opened read-only; FIFOs and devices are
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
#define HARDCONF_CHAIN_VERSION 1

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
#define HARDCONF_CHAIN_INIT {HARDCONF_CHAIN_VERSION, NULL, 0, NULL, NULL, 0, NULL}
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
 * hash of its rule, file and message (which names the element, the
 * attribute, the value and the <location>) with line references left out,
 * so that it survives edits elsewhere in the file.  JSON and SARIF output
 * carry it.  Thread-safe. */
HARDCONF_API void hardconf_finding_fingerprint(const hardconf_finding *finding, char out[17]);

/* The fingerprints of an earlier run, to report only what is new. */
typedef struct hardconf_baseline hardconf_baseline;

/* Reads the fingerprints from earlier JSON or SARIF output of hardconf (the
 * "fingerprint" members, or SARIF's "hardconf/v1" partial fingerprints).
 * Returns HARDCONF_OK, HARDCONF_EIO (err names the file), HARDCONF_EINVAL
 * (no fingerprint in it: not hardconf's JSON or SARIF) or HARDCONF_ENOMEM.
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

/* ---- Project configuration ---------------------------------------------- */

/* A project file, .hardconf: one directive a line, '#' starts a comment.
 *   enable ID[, ID...]        turn rules on (opt-in ones)
 *   disable ID[, ID...]       turn rules off
 *   severity ID=LEVEL[, ...]  re-grade rules (note, warning, error)
 *   fail-on LEVEL             note, warning, error or never
 *   ignore PATTERN[, ...]     skip paths (fnmatch; relative to the file's
 *                             folder; '*' also matches '/')          */
typedef struct hardconf_config hardconf_config;

/* Reads a project file.  Returns HARDCONF_OK, HARDCONF_EIO, HARDCONF_EINVAL
 * (a malformed line or an unknown rule id: err names the file and line) or
 * HARDCONF_ENOMEM.  The caller frees *out with hardconf_config_free(). */
HARDCONF_API int hardconf_config_load(hardconf_config **out, const char *path, hardconf_error *err);

/* Finds the .hardconf that governs path: in its folder or the nearest one
 * above.  *out is a malloc'd absolute path the caller frees, or NULL when
 * there is none.  Returns HARDCONF_OK, HARDCONF_EIO (path cannot be
 * resolved) or HARDCONF_ENOMEM. */
HARDCONF_API int hardconf_config_find(char **out, const char *path);

/* Points opts' enable, disable and severities at the configuration's
 * (valid while it lives); the caller may add its own afterwards. */
HARDCONF_API void hardconf_config_apply(const hardconf_config *config, hardconf_options *opts);

/* Non-zero, with *out set (0 = never fail on findings), when the file sets
 * fail-on. */
HARDCONF_API int hardconf_config_fail_on(const hardconf_config *config, hardconf_severity *out);

/* Non-zero when path matches one of the file's ignore patterns. */
HARDCONF_API int hardconf_config_ignores(const hardconf_config *config, const char *path);

/* Frees a configuration (NULL is fine). */
HARDCONF_API void hardconf_config_free(hardconf_config *config);

/* ---- Writing findings ---------------------------------------------------- */

typedef enum hardconf_format {
	HARDCONF_FORMAT_GCC = 0,   /* file:line:col: severity: message [ID] */
	HARDCONF_FORMAT_JSON = 1,  /* one JSON document, schema "hardconf/1" */
	HARDCONF_FORMAT_SARIF = 2, /* SARIF 2.1.0, one run */
	HARDCONF_FORMAT_GITHUB = 3 /* GitHub Actions workflow commands (annotations) */
} hardconf_format;

/* "gcc", "json", "sarif" or "github"; "unknown" otherwise.  Static. */
HARDCONF_API const char *hardconf_format_name(hardconf_format format);
/* Parses a format name (case-insensitive).  HARDCONF_OK or HARDCONF_ENOTFOUND. */
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

/* Writes the findings of report (which the caller keeps and frees).  In gcc
 * and github formats, a report with no findings writes nothing.  Returns
 * HARDCONF_OK, HARDCONF_ENOMEM or HARDCONF_EIO. */
HARDCONF_API int hardconf_writer_add(hardconf_writer *writer, const hardconf_report *report);

/* Ends the document (JSON, SARIF) and flushes.  Call once, after the last
 * report.  Returns HARDCONF_OK or HARDCONF_EIO. */
HARDCONF_API int hardconf_writer_finish(hardconf_writer *writer);

/* Frees a writer (NULL is fine); does not finish it. */
HARDCONF_API void hardconf_writer_free(hardconf_writer *writer);

#ifdef __cplusplus
}
#endif

#endif /* HARDCONF_H */
