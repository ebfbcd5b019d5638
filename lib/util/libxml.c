/* libxml.c - libxml2 set up once per process, and kept quiet. */
#include "util/libxml.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml2(void)
{
	xmlInitParser();
}

void libxml_init(void)
{
	pthread_once(&init_once, init_libxml2);
}

void libxml_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

void libxml_quiet_begin(struct libxml_quiet *q)
{
	xmlErrorPtr last;

	libxml_init();
	memset(q, 0, sizeof *q);
	q->generic = xmlGenericError;
	q->generic_ctx = xmlGenericErrorContext;
	q->structured = xmlStructuredError;
	q->structured_ctx = xmlStructuredErrorContext;
	q->warnings = xmlGetWarningsDefaultValue;
	last = xmlGetLastError();
	/* A copy: libxml2 frees the strings of its own as the next error comes
	 * (when memory runs out, the host's last error is lost, nothing else). */
	if (last)
		xmlCopyError(last, &q->last);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, libxml_silent);
	xmlGetWarningsDefaultValue = 0;
}

void libxml_quiet_end(struct libxml_quiet *q)
{
	xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
	xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
	xmlGetWarningsDefaultValue = q->warnings;
	if (q->last.code != XML_ERR_OK) {
		xmlCopyError(&q->last, &xmlLastError);
		xmlResetError(&q->last);
	} else {
		xmlResetLastError();
	}
}
