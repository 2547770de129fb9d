/* The writer produces the bytes xmlTextWriter writes, every escape included. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "arena.h"
#include "node.h"
#include "test.h"
#include "writer.h"

struct out {
	char *s;
	size_t n;
};

static int sink(void *arg, const char *buf, size_t len)
{
	struct out *o = arg;

	o->s = realloc(o->s, o->n + len + 1);
	memcpy(o->s + o->n, buf, len);
	o->n += len;
	o->s[o->n] = '\0';
	return 0;
}

static void ref_node(xmlTextWriterPtr w, const struct qk_node *n)
{
	const struct qk_node *c;
	int i;

	xmlTextWriterStartElement(w, (const xmlChar *)n->name);
	for (i = 0; i < n->nattr; i++)
		xmlTextWriterWriteAttribute(w, (const xmlChar *)n->attr[i].name,
		    (const xmlChar *)n->attr[i].value);
	if (n->child == NULL && n->text != NULL)
		xmlTextWriterWriteString(w, (const xmlChar *)n->text);
	for (c = n->child; c != NULL; c = c->next)
		ref_node(w, c);
	xmlTextWriterEndElement(w);
}

/* The document <root version="1"> with n as its one record, by libxml2. */
static char *reference(const struct qk_node *n)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
	char *s;

	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, (const xmlChar *)"root");
	xmlTextWriterWriteAttribute(w, (const xmlChar *)"version", (const xmlChar *)"1");
	ref_node(w, n);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	s = strdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

static char *ours(const struct qk_node *n)
{
	struct out o = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(sink, &o);

	qk_write_decl(w);
	qk_write_open(w, 0, "root");
	qk_write_attr(w, "version", "1");
	qk_write_open_end(w, 1);
	qk_write_node(w, 1, n);
	qk_write_close(w, 0, "root");
	qk_writer_flush(w);
	qk_writer_free(w);
	return o.s;
}

QK_TEST(writer_matches_xmltextwriter_on_every_escape)
{
	static const char *const nasty = "a&b<c>d\"e'f\tg\nh\ri\x01j 张伟 \xF0\x9F\x98\x80 end";
	struct qk_arena *a = qk_arena_new();
	struct qk_node *rec = qk_node_new(a, "case"), *c1, *c2, *c3;
	char *want, *got;

	qk_node_set(a, rec, "id", "XG-1");
	qk_node_set(a, rec, "note", nasty);
	c1 = qk_node_new(a, "application");
	qk_node_set(a, c1, "ref", "");
	qk_node_append(rec, c1);
	c2 = qk_node_new(a, "notice");
	qk_node_set(a, c2, "kind", "refusal");
	qk_node_text(a, c2, nasty);
	qk_node_append(c1, c2);
	c3 = qk_node_new(a, "empty");
	qk_node_append(rec, c3);
	want = reference(rec);
	got = ours(rec);
	CHECK_STR(got, want);
	free(want);
	free(got);
	qk_arena_free(a);
}
