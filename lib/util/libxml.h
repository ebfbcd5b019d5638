/* libxml.h - libxml2 set up once per process, and kept quiet. */
#ifndef HC_LIBXML_H
#define HC_LIBXML_H

/* Initialises libxml2 once per process; safe to call from any thread. */
void libxml_init(void);

/* A generic error handler that prints nothing: libxml2's default prints to
 * stderr.  The handler is per thread; install it only around a call. */
void libxml_silent(void *ctx, const char *fmt, ...);

#endif
