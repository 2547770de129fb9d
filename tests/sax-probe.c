/*
 * The ceiling of make bench: libxml2's SAX2 push parse of one file with
 * empty callbacks, the options qk uses and 64 KiB chunks, read through
 * zlib (plain or gzip).  sax-probe FILE; exit 1 when it is not well-formed.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <zlib.h>

static void start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u,
    int nn, const xmlChar **ns, int na, int nd, const xmlChar **a)
{
	(void)c; (void)l; (void)p; (void)u; (void)nn; (void)ns; (void)na; (void)nd; (void)a;
}

static void end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u)
{
	(void)c; (void)l; (void)p; (void)u;
}

static void chars(void *c, const xmlChar *s, int n)
{
	(void)c; (void)s; (void)n;
}

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	xmlSAXHandler h;
	xmlParserCtxtPtr ctxt;
	gzFile f;
	int n, ok;

	if (argc != 2 || (f = gzopen(argv[1], "rb")) == NULL)
		return 2;
	memset(&h, 0, sizeof h);
	xmlSAXVersion(&h, 2);
	h.startElementNs = start;
	h.endElementNs = end;
	h.characters = h.ignorableWhitespace = chars;
	ctxt = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, argv[1]);
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	while ((n = gzread(f, buf, sizeof buf)) > 0)
		xmlParseChunk(ctxt, buf, n, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	ok = n == 0 && ctxt->wellFormed;
	xmlFreeDoc(ctxt->myDoc);	/* xmlSAX2StartDocument's, empty */
	xmlFreeParserCtxt(ctxt);
	gzclose(f);
	return ok ? 0 : 1;
}
