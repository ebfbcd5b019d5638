/* libxml.h - libxml2 set up once per process, and kept quiet. */
#ifndef HC_LIBXML_H
#define HC_LIBXML_H

#include <libxml/xmlerror.h>

/* Initialises libxml2 once per process; safe to call from any thread. */
void libxml_init(void);

/* A generic error handler that prints nothing: libxml2's default prints to
 * stderr.  The handler is per thread; install it only around a call. */
void libxml_silent(void *ctx, const char *fmt, ...);

/* What a host application set for libxml2 on this thread: its error
 * handlers, whether warnings are raised, and its last error.  libxml2 keeps
 * these per thread, and reports errors it has no parser context for (the
 * encoders, entity tables) to the host's structured handler; hardconf's
 * internal errors must never reach it, nor replace its last error. */
struct libxml_quiet {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
	int warnings;
	xmlError last;
};

/* Silences libxml2 on this thread: no handler of the host's is called and
 * warnings are not even formatted (they cost time, and nothing reads
 * them). */
void libxml_quiet_begin(struct libxml_quiet *q);

/* Puts back what libxml_quiet_begin() found, the host's last error too. */
void libxml_quiet_end(struct libxml_quiet *q);

#endif
