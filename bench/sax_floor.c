/*
 * sax_floor.c - the floor for hardconf's speed: libxml2's SAX2 parser with
 * handlers that do nothing, fed as hardconf feeds it (lib/scan/xml.c): a
 * pull parser reading through a callback, the text declared UTF-8, the same
 * safe options (no entities, no DTD, no network), whitespace handed to the
 * characters handler.  What hardconf costs above this is its own work.
 *
 * usage: sax_floor FILE...
 */
#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

static int read_fd(void *ctx, char *buffer, int len)
{
	ssize_t n = read(*(int *)ctx, buffer, (size_t)len);
	return n < 0 ? -1 : (int)n;
}

static int close_fd(void *ctx)
{
	return close(*(int *)ctx);
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
	sax.ignorableWhitespace = on_chars;
	sax.cdataBlock = on_chars;
	xmlSetGenericErrorFunc(NULL, quiet);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		xmlParserCtxtPtr ctxt;
		if (fd < 0) {
			perror(argv[i]);
			status = 2;
			continue;
		}
		ctxt = xmlCreateIOParserCtxt(&sax, NULL, read_fd, close_fd, &fd,
					     XML_CHAR_ENCODING_UTF8);
		if (!ctxt) { /* libxml2 closed fd through close_fd */
			status = 2;
			continue;
		}
		ctxt->options = 0;
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
						XML_PARSE_IGNORE_ENC);
		ctxt->encoding = xmlStrdup(BAD_CAST "UTF-8");
		xmlParseDocument(ctxt);
		xmlFreeParserCtxt(ctxt);
	}
	return status;
}
