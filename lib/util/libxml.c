/* libxml.c - libxml2 set up once per process, and kept quiet. */
#include "util/libxml.h"

#include <libxml/parser.h>
#include <pthread.h>

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
