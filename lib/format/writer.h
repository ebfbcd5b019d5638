/*
 * writer.h - the writers' shared core: a buffered output channel and the
 * pieces each format is made of.  One file per format (text.c for gcc
 * and GitHub annotations, json.c, sarif.c).
 */
#ifndef HC_WRITER_H
#define HC_WRITER_H

#include "hardconf.h"
#include "model/rules.h"

#include <stddef.h>

struct hardconf_writer {
	const struct format_ops *ops;
	unsigned flags;
	hardconf_write_fn write;
	void *ctx;
	int status;   /* the first error; every later call returns it */
	int finished; /* hardconf_writer_finish() was called: nothing more is written */
	size_t files, findings;
	/* Each rule as the run's linters ran it (SARIF's rule descriptors). */
	unsigned char enabled[RULE_COUNT];
	hardconf_severity severity[RULE_COUNT];
	size_t used;
	void *state;                       /* a format's own (diff, html), freed by its ops->free */
	const hardconf_baseline *baseline; /* findings shown apart (html), or NULL */
	char buf[8192];                    /* last: not zeroed (hardconf_writer_new_with()) */
};

/* What a format does at each step; any may be NULL. */
struct format_ops {
	void (*head)(hardconf_writer *w);
	void (*report)(hardconf_writer *w, const hardconf_report *r);
	void (*tail)(hardconf_writer *w);
	void (*free)(hardconf_writer *w); /* w->state */
};

extern const struct format_ops format_gcc, format_github, format_json, format_sarif;
extern const struct format_ops format_diff, format_html;

/* Output, buffered; errors are remembered in w->status. */
void out(hardconf_writer *w, const char *s, size_t len);
void out_str(hardconf_writer *w, const char *s);
void out_fmt(hardconf_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON string, quotes included; invalid UTF-8 becomes U+FFFD. */
void out_json_string(hardconf_writer *w, const char *s);

/* A number in decimal, without printf's formatting pass. */
void out_uint(hardconf_writer *w, size_t n);

/* A finding's rule: by binary search on the catalogue's ids (in id order),
 * not a case-insensitive comparison with each rule; NULL if none. */
const hardconf_rule *format_rule(const char *id);

#endif
