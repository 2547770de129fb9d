/* The writer produces the bytes xmlTextWriter writes, every escape included. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "arena.h"
#include "node.h"
#include "test.h"
#include "writer.h"

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
	struct qk_membuf o = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(qk_membuf_sink, &o);

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

/* A sink that keeps what it gets, counts its calls, and fails from call
 * fail_at on (0: never) with errno err. */
struct rec {
	struct qk_membuf o;
	int calls, fail_at, err;
};

static int rec_sink(void *arg, const char *buf, size_t len)
{
	struct rec *r = arg;

	r->calls++;
	if (r->fail_at > 0 && r->calls >= r->fail_at) {
		errno = r->err;
		return -1;
	}
	return qk_membuf_sink(&r->o, buf, len);
}

/* The bytes of one element written by qk_write_node at depth. */
static char *node_bytes(const struct qk_node *n, int depth)
{
	struct qk_membuf o = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(qk_membuf_sink, &o);

	qk_write_node(w, depth, n);
	qk_writer_flush(w);
	qk_writer_free(w);
	return o.s;
}

static const char special[] = "&<>\"'\t\n\r \xF0\x9F\x98\x80 \xE5\xBC\xA0";

QK_TEST(writer_escapes_attribute_values)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_write_open(w, 1, "a");
	qk_write_attr(w, "v", special);
	qk_write_attr(w, "e", "");
	qk_write_open_end(w, 0);
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_STR(r.o.s, "  <a v=\"&amp;&lt;&gt;&quot;'&#9;&#10;&#13; "
	    "\xF0\x9F\x98\x80 \xE5\xBC\xA0\" e=\"\"/>\n");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_escapes_text)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_write_open(w, 0, "t");
	qk_write_text_close(w, "t", special);
	CHECK_INT(qk_writer_flush(w), 0);
	/* TAB and LF stay as they are in text. */
	CHECK_STR(r.o.s, "<t>&amp;&lt;&gt;&quot;'\t\n&#13; "
	    "\xF0\x9F\x98\x80 \xE5\xBC\xA0</t>\n");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_declaration_and_close_lines)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_write_decl(w);
	qk_write_open(w, 0, "cases");
	qk_write_attr(w, "version", "1");
	qk_write_open_end(w, 1);
	qk_write_close(w, 0, "cases");
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_STR(r.o.s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<cases version=\"1\">\n</cases>\n");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_node_empty_text_only_and_nested)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *c, *e, *t;
	char *got;

	CHECK(a != NULL);
	e = qk_test_node(a, NULL, "material code=M-1 status=provided");
	got = node_bytes(e, 2);
	CHECK_STR(got, "    <material code=\"M-1\" status=\"provided\"/>\n");
	free(got);
	t = qk_test_node(a, NULL, "notice kind=refusal");
	qk_node_text(a, t, "A<B");
	got = node_bytes(t, 0);
	CHECK_STR(got, "<notice kind=\"refusal\">A&lt;B</notice>\n");
	free(got);
	c = qk_test_node(a, NULL, "case id=XG-1");
	qk_test_node(a, qk_test_node(a, c, "application ref=r"), "request item=A");
	qk_node_append(c, t);
	qk_test_node(a, c, "x-ext");
	got = node_bytes(c, 1);
	CHECK_STR(got,
	    "  <case id=\"XG-1\">\n"
	    "    <application ref=\"r\">\n"
	    "      <request item=\"A\"/>\n"
	    "    </application>\n"
	    "    <notice kind=\"refusal\">A&lt;B</notice>\n"
	    "    <x-ext/>\n"
	    "  </case>\n");
	free(got);
	qk_arena_free(a);
}

QK_TEST(writer_node_keeps_attribute_order_as_written)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *n;
	char *got;

	CHECK(a != NULL);
	n = qk_test_node(a, NULL, "event zz=1 type=routed x-b=2 at=t defer-days=3 a=4");
	CHECK(n != NULL);
	got = node_bytes(n, 0);
	CHECK_STR(got, "<event zz=\"1\" type=\"routed\" x-b=\"2\" at=\"t\" "
	    "defer-days=\"3\" a=\"4\"/>\n");
	free(got);
	qk_arena_free(a);
}

QK_TEST(writer_node_plus_writes_the_extra_child_last)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *app, *err, *bare;
	struct qk_membuf o = { NULL, 0 };
	struct qk_writer *w;

	CHECK(a != NULL);
	app = qk_test_node(a, NULL, "application ref=r");
	qk_test_node(a, app, "request item=A");
	err = qk_test_node(a, NULL, "error code=request-duplicate");
	qk_node_text(a, err, "an item requested twice");
	bare = qk_test_node(a, NULL, "event type=x");
	w = qk_writer_new(qk_membuf_sink, &o);
	CHECK(w != NULL);
	qk_write_node_plus(w, 1, app, err);
	qk_write_node_plus(w, 0, bare, err);	/* no children of its own */
	qk_writer_flush(w);
	qk_writer_free(w);
	CHECK_STR(o.s,
	    "  <application ref=\"r\">\n"
	    "    <request item=\"A\"/>\n"
	    "    <error code=\"request-duplicate\">an item requested twice</error>\n"
	    "  </application>\n"
	    "<event type=\"x\">\n"
	    "  <error code=\"request-duplicate\">an item requested twice</error>\n"
	    "</event>\n");
	free(o.s);
	qk_arena_free(a);
}

QK_TEST(writer_indents_deeply_nested_elements)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);
	size_t i;

	CHECK(w != NULL);
	qk_write_open(w, 50, "deep");
	qk_write_open_end(w, 0);
	qk_writer_flush(w);
	CHECK(r.o.s != NULL);
	CHECK_INT(r.o.len, 100 + strlen("<deep/>\n"));
	for (i = 0; i < 100; i++)
		CHECK_INT(r.o.s[i], ' ');
	CHECK_STR(r.o.s + 100, "<deep/>\n");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_buffers_until_flush_and_counts_bytes)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	CHECK_INT(qk_writer_count(w), 0);
	qk_write_raw(w, "abc", 3);
	qk_write_open(w, 1, "x");
	CHECK_INT(r.calls, 0);
	CHECK_INT(qk_writer_count(w), 3 + 4);
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_INT(r.calls, 1);
	CHECK_STR(r.o.s, "abc  <x");
	/* Nothing buffered: no sink call. */
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_INT(r.calls, 1);
	CHECK_INT(qk_writer_error(w), 0);
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_passes_large_output_through_in_order)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);
	static char big[300000];
	size_t i;

	CHECK(w != NULL);
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	qk_write_raw(w, "<", 1);
	qk_write_raw(w, big, sizeof big);	/* larger than the buffer */
	for (i = 0; i < 1000; i++)
		qk_write_raw(w, big, 97);
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_INT(r.o.len, 1 + sizeof big + 97000);
	CHECK_INT(qk_writer_count(w), 1 + sizeof big + 97000);
	CHECK_INT(r.o.s[0], '<');
	CHECK(memcmp(r.o.s + 1, big, sizeof big) == 0);
	CHECK(memcmp(r.o.s + 1 + sizeof big + 96 * 97, big, 97) == 0);
	CHECK(r.calls > 1);
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_prefix_goes_out_before_the_first_bytes_only)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);
	static const char head[] = "<?xml?>\n<cases>\n";

	CHECK(w != NULL);
	qk_writer_set_prefix(w, head, strlen(head));
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_INT(r.calls, 0);			/* no bytes, no prefix */
	qk_write_raw(w, "<case/>\n", 8);
	CHECK_INT(qk_writer_count(w), 8);	/* the prefix not counted */
	CHECK_INT(qk_writer_flush(w), 0);
	qk_write_raw(w, "<case/>\n", 8);
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_STR(r.o.s, "<?xml?>\n<cases>\n<case/>\n<case/>\n");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_prefix_cleared_is_never_sent)
{
	struct rec r = { { NULL, 0 }, 0, 0, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_writer_set_prefix(w, "HEAD", 4);
	qk_writer_set_prefix(w, NULL, 0);
	qk_write_raw(w, "x", 1);
	CHECK_INT(qk_writer_flush(w), 0);
	CHECK_STR(r.o.s, "x");
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_error_is_sticky)
{
	struct rec r = { { NULL, 0 }, 0, 1, ENOSPC };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_write_raw(w, "abc", 3);
	CHECK_INT(qk_writer_error(w), 0);
	CHECK_INT(qk_writer_flush(w), -1);
	CHECK_INT(qk_writer_error(w), ENOSPC);
	CHECK_INT(r.calls, 1);
	/* Later writes and flushes do not reach the sink. */
	r.fail_at = 0;
	qk_write_open(w, 0, "x");
	qk_write_open_end(w, 0);
	CHECK_INT(qk_writer_flush(w), -1);
	CHECK_INT(r.calls, 1);
	CHECK_INT(qk_writer_error(w), ENOSPC);
	CHECK(r.o.s == NULL);
	qk_writer_free(w);
}

QK_TEST(writer_error_without_errno_is_eio)
{
	struct rec r = { { NULL, 0 }, 0, 1, 0 };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_write_raw(w, "abc", 3);
	CHECK_INT(qk_writer_flush(w), -1);
	CHECK_INT(qk_writer_error(w), EIO);
	qk_writer_free(w);
}

QK_TEST(writer_error_while_the_buffer_overflows_stops_writing)
{
	struct rec r = { { NULL, 0 }, 0, 2, EPIPE };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);
	static char big[500000];

	CHECK(w != NULL);
	memset(big, 'x', sizeof big);
	qk_write_raw(w, big, sizeof big);	/* the second sink call fails */
	CHECK_INT(qk_writer_error(w), EPIPE);
	CHECK_INT(r.calls, 2);
	qk_write_raw(w, big, sizeof big);
	CHECK_INT(r.calls, 2);
	CHECK_INT(qk_writer_flush(w), -1);
	CHECK_INT(r.calls, 2);
	CHECK(r.o.len < sizeof big);
	qk_writer_free(w);
	free(r.o.s);
}

QK_TEST(writer_prefix_failure_is_an_error)
{
	struct rec r = { { NULL, 0 }, 0, 1, EBADF };
	struct qk_writer *w = qk_writer_new(rec_sink, &r);

	CHECK(w != NULL);
	qk_writer_set_prefix(w, "HEAD", 4);
	qk_write_raw(w, "x", 1);
	CHECK_INT(qk_writer_flush(w), -1);
	CHECK_INT(qk_writer_error(w), EBADF);
	CHECK_INT(r.calls, 1);
	qk_writer_free(w);
}
