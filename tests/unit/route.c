/* qk-route's work on one case (tools.md, qk-route). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "case.h"
#include "cal.h"
#include "catalog.h"
#include "chain.h"
#include "date.h"
#include "intake.h"
#include "node.h"
#include "replay.h"
#include "route.h"
#include "test.h"
#include "writer.h"

static struct qk_arena *arena;
static const struct qk_catalog *cat;
static struct qk_cal *cal;
static struct qk_replay *rp;
/* Routes whose appended events a test still reads. */
#define MAXHELD 4
static struct qk_route *held[MAXHELD];
static int nheld;

/* The reference data, a replay kept for the run and a fresh arena; 1 when
 * ready. */
static int setup(void)
{
	while (nheld > 0)
		qk_route_free(held[--nheld]);
	if (arena == NULL)
		arena = qk_arena_new();
	else
		qk_arena_reset(arena);
	if (qk_test_ref(&cat, NULL, &cal) < 0)
		return 0;
	if (rp == NULL)
		rp = qk_replay_new(cal);
	return arena != NULL && rp != NULL;
}

static struct qk_route_opts opts(const char *at, int dispatch)
{
	struct qk_route_opts o;

	memset(&o, 0, sizeof o);
	o.dispatch = dispatch;
	o.close_after = 30;
	o.at_text = at;
	qk_time_parse(at, &o.at);
	return o;
}

/* The first case of an example document (tests/data/example). */
static struct qk_node *example_case(const char *name)
{
	char path[64];
	struct qk_node *root;

	snprintf(path, sizeof path, "example/%s", name);
	root = qk_test_doc(arena, path, "cases");
	return root != NULL ? qk_child(root, QK_case) : NULL;
}

/* The event of a case with this seq (1-based, document order). */
static const struct qk_node *event(const struct qk_node *c, int seq)
{
	const struct qk_node *e;

	for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
		if (--seq == 0)
			return e;
	return NULL;
}

/* A case as qk-route writes it, or NULL; the caller frees it. */
static char *written(const struct qk_node *c)
{
	struct qk_membuf o = { NULL, 0 };
	struct qk_writer *w = qk_writer_new(qk_membuf_sink, &o);

	if (w == NULL)
		return NULL;
	qk_replay_case(rp, c);
	qk_case_write(w, c, rp, cat);
	if (qk_writer_flush(w) < 0 || qk_writer_error(w)) {
		free(o.s);
		o.s = NULL;
	}
	qk_writer_free(w);
	return o.s;
}

static int counts_are(const struct qk_route *rt, long applied, long dup,
    long rejected)
{
	long a = -1, d = -1, r = -1;

	qk_route_counts(rt, &a, &d, &r);
	if (a != applied || d != dup || r != rejected)
		printf("# counts %ld %ld %ld, expected %ld %ld %ld\n", a, d, r,
		    applied, dup, rejected);
	return a == applied && d == dup && r == rejected;
}

QK_TEST(route_dispatch_reproduces_the_example_routing)
{
	struct qk_route *rt;
	struct qk_node *c, *want;
	struct qk_route_opts o = opts("2026-11-24T18:00:00+08:00", 1);

	CHECK(setup());
	c = example_case("cases.xml");
	want = example_case("routed.xml");
	CHECK(c != NULL && want != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_count_children(c, QK_event), 3);
	/* routed CL-001 to CL at --at by qk-route, chained: as in routed.xml;
	 * CL-002 waits for its prerequisite. */
	CHECK(qk_node_equal(event(c, 3), event(want, 3), NULL));
	CHECK_STR(qk_get(event(c, 3), QK_by), "qk-route");
	CHECK_STR(qk_get(event(c, 3), QK_seq), "3");
	CHECK_INT(qk_replay_state(rp), QK_ST_IN_PROGRESS);
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
	CHECK_INT(qk_route_nevents(rt), 0);
	CHECK(counts_are(rt, 0, 0, 0));
	qk_route_free(rt);
}

QK_TEST(route_applies_the_example_events)
{
	struct qk_route *rt;
	struct qk_node *c, *want, *evs;
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 1);
	const struct qk_node *ev;
	const char *doc;
	long line;

	CHECK(setup());
	c = example_case("routed.xml");
	want = example_case("after.xml");
	evs = qk_test_doc(arena, "example/events.xml", "events");
	CHECK(c != NULL && want != NULL && evs != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_add_event(rt, qk_child(evs, QK_event), "events.xml", 3), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	/* decided CL-001, then CL-002 routed now that its prerequisite is. */
	CHECK_INT(qk_count_children(c, QK_event), 5);
	CHECK(qk_node_equal(event(c, 4), event(want, 4), NULL));
	CHECK(qk_node_equal(event(c, 5), event(want, 5), NULL));
	CHECK(qk_get(event(c, 4), QK_case) == NULL);	/* case dropped */
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
	CHECK_INT(qk_route_nevents(rt), 1);
	CHECK(qk_route_result(rt, 0, &ev, &doc, &line) == NULL);
	CHECK_STR(doc, "events.xml");
	CHECK_INT(line, 3);
	CHECK_STR(qk_get(ev, QK_outcome), "approved");
	CHECK(counts_are(rt, 1, 0, 0));
	qk_route_free(rt);
}

QK_TEST(route_without_dispatch_only_applies)
{
	struct qk_route *rt;
	struct qk_node *c, *evs;
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 0);

	CHECK(setup());
	c = example_case("cases.xml");
	CHECK(c != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_count_children(c, QK_event), 2);	/* nothing routed */
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	qk_route_free(rt);

	c = example_case("routed.xml");
	evs = qk_test_doc(arena, "example/events.xml", "events");
	CHECK(c != NULL && evs != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_add_event(rt, qk_child(evs, QK_event), "events.xml", 3), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_count_children(c, QK_event), 4);	/* decided, CL-002 not routed */
	CHECK_STR(qk_get(event(c, 4), QK_type), "decided");
	CHECK(counts_are(rt, 1, 0, 0));
	qk_route_free(rt);
}

QK_TEST(route_counts_duplicates_and_skips_them)
{
	struct qk_route *rt;
	struct qk_node *c, *evs, *ev;
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 1);
	const struct qk_node *e;
	const char *doc;
	long line;

	CHECK(setup());
	c = example_case("after.xml");
	evs = qk_test_doc(arena, "example/events.xml", "events");
	CHECK(c != NULL && evs != NULL);
	ev = qk_child(evs, QK_event);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	/* Already in the case (seq and h aside), and given twice. */
	CHECK_INT(qk_route_add_event(rt, ev, "a.xml", 3), 0);
	CHECK_INT(qk_route_add_event(rt, ev, "b.xml", 9), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_count_children(c, QK_event), 5);
	CHECK(counts_are(rt, 0, 2, 0));
	CHECK(qk_route_result(rt, 1, &e, &doc, &line) == NULL);
	CHECK_STR(doc, "b.xml");
	CHECK_INT(line, 9);
	qk_route_free(rt);
}

QK_TEST(route_applies_an_event_once_when_given_twice)
{
	struct qk_route *rt;
	struct qk_node *c, *evs, *ev;
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 0);

	CHECK(setup());
	c = example_case("routed.xml");
	evs = qk_test_doc(arena, "example/events.xml", "events");
	CHECK(c != NULL && evs != NULL);
	ev = qk_child(evs, QK_event);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_add_event(rt, ev, "events.xml", 3), 0);
	CHECK_INT(qk_route_add_event(rt, ev, "events.xml", 3), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_count_children(c, QK_event), 4);
	CHECK(counts_are(rt, 1, 1, 0));
	qk_route_free(rt);
}

/* The code qk_route_judge gives an event (spec as for qk_test_node) in
 * the example case of routed.xml (CL-001 routed at 18:00 on 2026-11-24,
 * CL-002 waiting); "" when it applies. */
static const char *judge(const char *spec)
{
	struct qk_node *c = example_case("routed.xml");
	struct qk_node *ev = qk_test_node(arena, NULL, spec);
	const char *code;

	if (c == NULL || ev == NULL)
		return "(no case)";
	qk_replay_case(rp, c);
	code = qk_route_judge(rp, ev);
	return code != NULL ? code : "";
}

#define AT " at=2026-11-25T10:00:00+08:00"

QK_TEST(route_judge_gives_each_reject_code)
{
	CHECK(setup());
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02" AT), "");
	CHECK_STR(judge("event type=suspended item=CL-001 reason=hearing by=CL02" AT), "");
	CHECK_STR(judge("event type=accepted due=2026-12-01 by=W01" AT), "transition-illegal");
	CHECK_STR(judge("event type=received by=W01" AT), "transition-illegal");
	CHECK_STR(judge("event type=correction by=W01" AT), "transition-illegal");
	CHECK_STR(judge("event type=decided item=CL-002 outcome=approved by=CL02" AT),
	    "transition-illegal");	/* not routed yet */
	CHECK_STR(judge("event type=approve item=CL-001 by=CL02" AT), "attribute-invalid");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved" AT),
	    "attribute-invalid");	/* by missing */
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02 seq=4" AT),
	    "attribute-invalid");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02 h=00" AT),
	    "attribute-invalid");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=maybe by=CL02" AT),
	    "attribute-invalid");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02 at=soon"),
	    "attribute-invalid");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02"),
	    "attribute-invalid");	/* at missing */
	CHECK_STR(judge("event type=decided item=CL-009 outcome=approved by=CL02" AT),
	    "item-unknown");
	CHECK_STR(judge("event type=supplied material=M-IDCARD by=W01" AT),
	    "material-not-missing");
	CHECK_STR(judge("event type=extended item=CL-001 days=11 by=CL02" AT),
	    "extension-invalid");	/* sealed extend="10" */
	CHECK_STR(judge("event type=extended item=CL-001 days=10 by=CL02" AT), "");
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02 "
	    "at=2026-11-24T17:59:59+08:00"), "time-backwards");
	/* The same instant written in another offset is not earlier. */
	CHECK_STR(judge("event type=decided item=CL-001 outcome=approved by=CL02 "
	    "at=2026-11-24T10:00:00Z"), "");
}

QK_TEST(route_judge_exempts_only_rated_from_by)
{
	CHECK(setup());
	/* rated is judged by the grammar here (the case is not issued), not
	 * for its missing by. */
	CHECK_STR(judge("event type=rated score=5 channel=window" AT), "transition-illegal");
	CHECK_STR(judge("event type=closed" AT), "attribute-invalid");
}

QK_TEST(route_records_rejects_in_input_order_with_their_codes)
{
	struct qk_route *rt;
	struct qk_node *c, *in[6];
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 0);
	static const char *const specs[] = {
		"event type=decided item=CL-009 outcome=approved by=CL02 case=XG-20261124-0001" AT,
		"event type=decided item=CL-001 outcome=approved by=CL02" AT,
		"event type=decided item=CL-001 outcome=approved by=CL02 case=XG-20261124-0099" AT,
		"event type=accepted by=W01 case=XG-20261124-0001" AT,
		"event type=decided item=CL-001 outcome=approved by=CL02 case=XG-20261124-0001" AT,
		"event type=decided item=CL-001 outcome=rejected by=CL02 case=XG-20261124-0001"
		    " at=2026-11-26T10:00:00+08:00",
	};
	static const char *const want[] = {
		"item-unknown", "case-unknown", "case-unknown", "transition-illegal",
		NULL, "transition-illegal",
	};
	const struct qk_node *ev;
	const char *doc, *code;
	long line;
	int i;

	CHECK(setup());
	c = example_case("routed.xml");
	CHECK(c != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	for (i = 0; i < 6; i++) {
		in[i] = qk_test_node(arena, NULL, specs[i]);
		CHECK(in[i] != NULL);
		CHECK_INT(qk_route_add_event(rt, in[i], "ev.xml", 10 + i), 0);
	}
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK_INT(qk_route_nevents(rt), 6);
	for (i = 0; i < 6; i++) {
		code = qk_route_result(rt, i, &ev, &doc, &line);
		if (want[i] == NULL)
			CHECK(code == NULL);
		else
			CHECK_STR(code, want[i]);
		CHECK_STR(doc, "ev.xml");
		CHECK_INT(line, 10 + i);
		/* The event as given, case included. */
		CHECK(qk_node_equal(ev, in[i], NULL));
	}
	CHECK(counts_are(rt, 1, 0, 5));
	CHECK_INT(qk_count_children(c, QK_event), 4);
	qk_route_free(rt);
}

QK_TEST(route_applies_a_case_s_events_in_order_of_at)
{
	struct qk_route *rt;
	struct qk_node *c;
	struct qk_route_opts o = opts("2026-11-27T18:00:00+08:00", 0);
	char *s;

	CHECK(setup());
	c = example_case("routed.xml");
	CHECK(c != NULL);
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	/* Given resumed before suspended; suspended is earlier. */
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-20261124-0001 type=resumed item=CL-001 by=CL02 "
	    "at=2026-11-26T09:00:00+08:00"), "ev.xml", 1), 0);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-20261124-0001 type=suspended item=CL-001 reason=hearing "
	    "by=CL02 at=2026-11-25T09:00:00+08:00"), "ev.xml", 2), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK(counts_are(rt, 2, 0, 0));
	CHECK_STR(qk_get(event(c, 4), QK_type), "suspended");
	CHECK_STR(qk_get(event(c, 5), QK_type), "resumed");
	/* Without case, with seq and h; written in formats.md's order: seq,
	 * type, own, at, by, h. */
	CHECK_INT(event(c, 4)->nattr, 7);
	CHECK(qk_get(event(c, 4), QK_case) == NULL);
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
	s = written(c);
	CHECK(s != NULL);
	CHECK(strstr(s, "<event seq=\"4\" type=\"suspended\" item=\"CL-001\" "
	    "reason=\"hearing\" at=\"2026-11-25T09:00:00+08:00\" by=\"CL02\" h=\"")
	    != NULL);
	free(s);
	qk_route_free(rt);
}

QK_TEST(route_malformed_case_rejects_its_events)
{
	struct qk_route *rt;
	const struct qk_node *ev;
	const char *doc;
	long line;

	CHECK(setup());
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-1 type=decided item=A outcome=approved by=S" AT), "e", 1), 0);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-2 type=decided item=A outcome=approved by=S" AT), "e", 2), 0);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-1 type=closed by=S" AT), "e", 3), 0);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case= type=closed by=S" AT), "e", 4), 0);
	qk_route_malformed(rt, "XG-1");
	qk_route_malformed(rt, "XG-3");		/* no events: nothing */
	qk_route_malformed(rt, NULL);
	CHECK_STR(qk_route_result(rt, 0, &ev, &doc, &line), "case-malformed");
	CHECK_STR(qk_route_result(rt, 1, &ev, &doc, &line), "case-unknown");
	CHECK_STR(qk_route_result(rt, 2, &ev, &doc, &line), "case-malformed");
	CHECK_STR(qk_route_result(rt, 3, &ev, &doc, &line), "case-unknown");
	CHECK(counts_are(rt, 0, 0, 4));
	qk_route_free(rt);
}

QK_TEST(route_accepts_after_correction_when_blocking_materials_are_supplied)
{
	const struct qk_roster *ros;
	struct qk_route *rt;
	struct qk_node *app, *c;
	struct qk_route_opts o = opts("2026-11-26T18:00:00+08:00", 1);
	const struct qk_node *acc;

	CHECK(setup());
	CHECK_INT(qk_test_ref(NULL, &ros, NULL), 0);
	app = qk_test_node(arena, NULL, "application received=2026-11-24T09:13:05+08:00 "
	    "site=XG staff=W01 channel=window");
	CHECK(app != NULL);
	qk_test_node(arena, app, "applicant kind=person idno=320703199001011231");
	qk_test_node(arena, app, "request item=CL-001");
	qk_test_node(arena, app, "material code=M-HUKOU");
	CHECK(qk_intake_reject(app, ros) == NULL);
	c = qk_intake_case(arena, app, "XG-20261124-0007", cat, cal);
	CHECK(c != NULL);
	CHECK_STR(qk_get(event(c, 2), QK_type), "correction");
	rt = qk_route_new(cal, cat);
	CHECK(rt != NULL);
	CHECK_INT(qk_route_add_event(rt, qk_test_node(arena, NULL,
	    "event case=XG-20261124-0007 type=supplied material=M-IDCARD by=W01 "
	    "at=2026-11-25T11:00:00+08:00"), "ev.xml", 1), 0);
	CHECK_INT(qk_route_case(rt, c, arena, rp, &o), 0);
	CHECK(counts_are(rt, 1, 0, 0));
	/* received, correction, supplied, accepted, routed. */
	CHECK_INT(qk_count_children(c, QK_event), 5);
	acc = event(c, 4);
	CHECK_STR(qk_get(acc, QK_type), "accepted");
	CHECK_STR(qk_get(acc, QK_at), "2026-11-25T11:00:00+08:00");
	CHECK_STR(qk_get(acc, QK_by), "W01");
	CHECK(qk_get(acc, QK_due) != NULL);
	CHECK_INT(qk_count_children(acc, QK_item), 1);
	CHECK_STR(qk_get(event(c, 5), QK_type), "routed");
	CHECK_STR(qk_get(event(c, 5), QK_to), "CL");
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
	CHECK_INT(qk_replay_state(rp), QK_ST_IN_PROGRESS);
	qk_route_free(rt);
}

/* Routes c once with the events (specs as for qk_test_node) at this --at;
 * 0, or -1 when it fails or an event is not applied.  The route is kept
 * until the next setup(): the strings of the events it appends live in it. */
static int route_once(struct qk_node *c, const char *const *specs, int n,
    const char *at, long close_after)
{
	struct qk_route *rt;
	struct qk_route_opts o = opts(at, 1);
	int i, r;

	o.close_after = close_after;
	if (nheld == MAXHELD || (rt = qk_route_new(cal, cat)) == NULL)
		return -1;
	held[nheld++] = rt;
	for (i = 0; i < n; i++)
		if (qk_route_add_event(rt, qk_test_node(arena, NULL, specs[i]), "ev.xml", i + 1) < 0)
			return -1;
	r = qk_route_case(rt, c, arena, rp, &o);
	for (i = 0; i < n; i++) {
		const struct qk_node *ev;
		const char *doc, *code;
		long line;

		if ((code = qk_route_result(rt, i, &ev, &doc, &line)) != NULL) {
			printf("# event %d: %s\n", i + 1, code);
			r = -1;
		}
	}
	return r;
}

/* The example case with both items decided: ready (7 events). */
static struct qk_node *ready_case(void)
{
	static const char *const second[] = {
		"event case=XG-20261124-0001 type=decided item=CL-002 outcome=approved "
		"at=2026-11-30T10:00:00+08:00 by=CL02",
	};
	struct qk_node *c = example_case("after.xml");

	if (c == NULL || route_once(c, second, 1, "2026-11-30T18:00:00+08:00", 30) < 0)
		return NULL;
	return c;
}

#define ISSUED "event case=XG-20261124-0001 type=issued method=window " \
	"at=2026-12-01T09:00:00+08:00 by=W01"

QK_TEST(route_dispatch_makes_a_case_with_every_item_decided_ready)
{
	struct qk_node *c;

	CHECK(setup());
	c = ready_case();
	CHECK(c != NULL);
	CHECK_INT(qk_count_children(c, QK_event), 7);
	CHECK_STR(qk_get(event(c, 7), QK_type), "ready");
	CHECK_STR(qk_get(event(c, 7), QK_at), "2026-11-30T18:00:00+08:00");
	CHECK_STR(qk_get(event(c, 7), QK_by), "qk-route");
	CHECK_INT(qk_replay_state(rp), QK_ST_READY);
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
}

QK_TEST(route_close_after_counts_working_days_since_issue)
{
	static const char *const issued[] = { ISSUED };
	struct qk_node *c;

	CHECK(setup());
	/* 2026-12-01 → 12-04: 3 working days, not more than 3. */
	c = ready_case();
	CHECK(c != NULL);
	CHECK_INT(route_once(c, issued, 1, "2026-12-04T18:00:00+08:00", 3), 0);
	CHECK_INT(qk_count_children(c, QK_event), 8);
	CHECK_INT(qk_replay_state(rp), QK_ST_ISSUED);
	/* → 12-07 (a Monday): 4 working days. */
	c = ready_case();
	CHECK(c != NULL);
	CHECK_INT(route_once(c, issued, 1, "2026-12-07T18:00:00+08:00", 3), 0);
	CHECK_INT(qk_count_children(c, QK_event), 9);
	CHECK_STR(qk_get(event(c, 9), QK_type), "closed");
	CHECK_STR(qk_get(event(c, 9), QK_at), "2026-12-07T18:00:00+08:00");
	CHECK_INT(qk_replay_state(rp), QK_ST_CLOSED);
}

QK_TEST(route_closes_on_a_good_rating_and_not_on_a_bad_one)
{
	static const char *const good[] = { ISSUED,
		"event case=XG-20261124-0001 type=rated score=5 at=2026-12-01T09:05:00+08:00" };
	static const char *const bad[] = { ISSUED,
		"event case=XG-20261124-0001 type=rated score=1 at=2026-12-01T09:05:00+08:00" };
	struct qk_node *c;

	CHECK(setup());
	c = ready_case();
	CHECK(c != NULL);
	CHECK_INT(route_once(c, good, 2, "2026-12-01T18:00:00+08:00", 30), 0);
	CHECK_STR(qk_get(event(c, 10), QK_type), "closed");
	CHECK_INT(qk_replay_state(rp), QK_ST_CLOSED);
	/* Rated 1 without rectified: open, even long after. */
	c = ready_case();
	CHECK(c != NULL);
	CHECK_INT(route_once(c, bad, 2, "2026-12-31T18:00:00+08:00", 0), 0);
	CHECK_INT(qk_count_children(c, QK_event), 9);
	CHECK_INT(qk_replay_state(rp), QK_ST_ISSUED);
}
