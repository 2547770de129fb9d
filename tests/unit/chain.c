/* canon(), h0 and the chain, against the test vector of formats.md. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "chain.h"
#include "node.h"
#include "records.h"
#include "test.h"

static struct qk_node *el(struct qk_arena *a, struct qk_node *parent,
    const char *name, const char *const *attrs)
{
	struct qk_node *n = qk_node_new(a, name);

	for (; attrs != NULL && attrs[0] != NULL; attrs += 2)
		qk_node_set(a, n, attrs[0], attrs[1]);
	if (parent != NULL)
		qk_node_append(parent, n);
	return n;
}

static struct qk_node *example_application(struct qk_arena *a)
{
	static const char *const app[] = { "ref", "WIN07-0031", "received",
	    "2026-11-24T09:13:05+08:00", "site", "XG", "staff", "W01", "channel",
	    "window", NULL };
	static const char *const who[] = { "kind", "person", "name", "张伟", "idno",
	    "320703199001011231", "phone", "13800000000", NULL };
	static const char *const r1[] = { "item", "CL-001", NULL };
	static const char *const r2[] = { "item", "CL-002", NULL };
	static const char *const m1[] = { "code", "M-IDCARD", NULL };
	static const char *const m2[] = { "code", "M-HUKOU", NULL };
	static const char *const m3[] = { "code", "M-PHOTO", NULL };
	struct qk_node *n = el(a, NULL, "application", app);

	el(a, n, "applicant", who);
	el(a, n, "request", r1);
	el(a, n, "request", r2);
	el(a, n, "material", m1);
	el(a, n, "material", m2);
	el(a, n, "material", m3);
	return n;
}

struct buf {
	char s[4096];
	size_t n;
};

static void to_buf(void *arg, const char *s, size_t len)
{
	struct buf *b = arg;

	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = '\0';
}

QK_TEST(chain_canon_sorts_attributes_and_nests_children)
{
	struct qk_arena *a = qk_arena_new();
	struct buf b = { "", 0 };

	qk_canon(example_application(a), to_buf, &b);
	CHECK_STR(b.s, "<application\nchannel=window\nreceived=2026-11-24T09:13:05+08:00\n"
	    "ref=WIN07-0031\nsite=XG\nstaff=W01\n<applicant\nidno=320703199001011231\n"
	    "kind=person\nname=张伟\nphone=13800000000\n>\n<request\nitem=CL-001\n>\n"
	    "<request\nitem=CL-002\n>\n<material\ncode=M-IDCARD\n>\n<material\n"
	    "code=M-HUKOU\n>\n<material\ncode=M-PHOTO\n>\n>\n");
	qk_arena_free(a);
}

QK_TEST(chain_canon_escapes_backslash_and_line_feed_and_drops_h)
{
	static const char *const attrs[] = { "note", "a\\b\nc", "h", "ff", "at", "x", NULL };
	struct qk_arena *a = qk_arena_new();
	struct buf b = { "", 0 };

	qk_canon(el(a, NULL, "event", attrs), to_buf, &b);
	CHECK_STR(b.s, "<event\nat=x\nnote=a\\\\b\\nc\n>\n");
	qk_arena_free(a);
}

QK_TEST(chain_h0_of_the_example)
{
	struct qk_arena *a = qk_arena_new();
	char h[QK_HEX_LEN];

	qk_chain_h0("XG-20261124-0001", example_application(a), h);
	CHECK_STR(h, "856044e6c9f59066f2ff1f3f157ca9737342a9a6f2fdce1919276e9325ecbcd8");
	qk_arena_free(a);
}

QK_TEST(chain_h1_of_the_example)
{
	static const char *const ev[] = { "seq", "1", "type", "received", "at",
	    "2026-11-24T09:13:05+08:00", "by", "W01", NULL };
	struct qk_arena *a = qk_arena_new();
	char h[QK_HEX_LEN];

	qk_chain_next("856044e6c9f59066f2ff1f3f157ca9737342a9a6f2fdce1919276e9325ecbcd8",
	    el(a, NULL, "event", ev), h);
	CHECK_STR(h, "da00e3d4b2a4f194d214b4bc7ae359e000489da92ce579e3fb6c517ccaf16c6f");
	qk_arena_free(a);
}

QK_TEST(chain_sha256_of_abc)
{
	char h[QK_HEX_LEN];

	qk_sha256_hex("abc", 3, h);
	CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(qk_chain_is_hash(h));
	CHECK(!qk_chain_is_hash("BA7816bf"));
}

/* The example's routed case (tests/data/example/routed.xml), read whole. */
static struct qk_node *routed_case(struct qk_arena *a)
{
	char path[4096];
	struct qk_node *root = NULL;
	struct qk_load_error e = { "", "", 0, 0 };

	snprintf(path, sizeof path, "%s/example/routed.xml", qk_test_data());
	if (qk_reader_load(path, "cases", a, &root, &e) < 0)
		return NULL;
	return qk_child(root, QK_case);
}

QK_TEST(chain_verify_accepts_the_example_and_names_the_first_bad_event)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *c = routed_case(a), *e;
	char last[QK_HEX_LEN];

	CHECK(c != NULL);
	CHECK_INT(qk_chain_verify(c, NULL, last), -1);
	CHECK_STR(last, "af809eea202e2c336d51f31e1c347e54cb3217a6f8ad2485692e7f30734d4dd2");
	/* An edited routed event: the third event is the first bad one. */
	e = qk_next(qk_next(qk_child(c, QK_event), QK_event), QK_event);
	qk_node_set(a, e, "at", "2026-11-24T18:00:01+08:00");
	CHECK_INT(qk_chain_verify(c, NULL, NULL), 2);
	/* An edited application breaks the chain from the first event. */
	qk_node_set(a, qk_child(qk_child(c, QK_application), QK_applicant), "name", "张三");
	CHECK_INT(qk_chain_verify(c, NULL, NULL), 0);
	/* From a recorded h0 (a masked package), the application is not read. */
	CHECK_INT(qk_chain_verify(c,
	    "856044e6c9f59066f2ff1f3f157ca9737342a9a6f2fdce1919276e9325ecbcd8", NULL), 2);
	qk_arena_free(a);
}
