/*
 * sax_floor.c - the floor for hardconf's speed: libxml2's SAX2 parser with
 * handlers that do nothing, fed in chunks as hardconf feeds it, with the
 * same safe options (no entities, no DTD, no network).  What hardconf costs
 * above this is its own work.
 *
 * usage: sax_floor FILE...
 */
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
		     int nb_defaulted, const xmlChar **attributes)
{
	(void)ctx, (void)localname, (void)prefix, (void)uri, (void)nb_namespaces;
	(void)namespaces, (void)nb_attributes, (void)nb_defaulted, (void)attributes;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	(void)ctx, (void)localname, (void)prefix, (void)uri;
}

static void on_chars(void *ctx, const xmlChar *s, int len)
{
	(void)ctx, (void)s, (void)len;
}

static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx, (void)fmt;
}

int main(int argc, char **argv)
{
	xmlSAXHandler sax;
	int status = 0;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	xmlSetGenericErrorFunc(NULL, quiet);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char buf[65536];
		size_t n;
		xmlParserCtxtPtr ctxt;
		if (!f) {
			perror(argv[i]);
			status = 2;
			continue;
		}
		ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, argv[i]);
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			xmlParseChunk(ctxt, buf, (int)n, 0);
		xmlParseChunk(ctxt, NULL, 0, 1);
		xmlFreeParserCtxt(ctxt);
		fclose(f);
	}
	return status;
}
