#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "date.h"
#include "node.h"
#include "replay.h"
#include "test.h"

/*
 * The replay, on cases built with the node API.  Events are written as
 * "type=routed item=A to=D at=…", their sealed children after " | " as
 * "item code=A …"; values hold no spaces.  The calendar is the 2026 one of
 * the spec's examples/calendar.xml.
 */

/* The listings of examples/calendar.xml: 1 for a workday, 0 a holiday. */
static const struct {
	const char *date;
	int workday;
} listings[] = {
	{ "2026-01-01", 0 }, { "2026-01-02", 0 }, { "2026-01-03", 0 },
	{ "2026-01-04", 1 }, { "2026-02-14", 1 }, { "2026-02-15", 0 },
	{ "2026-02-16", 0 }, { "2026-02-17", 0 }, { "2026-02-18", 0 },
	{ "2026-02-19", 0 }, { "2026-02-20", 0 }, { "2026-02-21", 0 },
	{ "2026-02-22", 0 }, { "2026-02-23", 0 }, { "2026-02-28", 1 },
	{ "2026-04-04", 0 }, { "2026-04-05", 0 }, { "2026-04-06", 0 },
	{ "2026-05-01", 0 }, { "2026-05-02", 0 }, { "2026-05-03", 0 },
	{ "2026-05-04", 0 }, { "2026-05-05", 0 }, { "2026-05-09", 1 },
	{ "2026-06-19", 0 }, { "2026-06-20", 0 }, { "2026-06-21", 0 },
	{ "2026-09-20", 1 }, { "2026-09-25", 0 }, { "2026-09-26", 0 },
	{ "2026-09-27", 0 }, { "2026-10-01", 0 }, { "2026-10-02", 0 },
	{ "2026-10-03", 0 }, { "2026-10-04", 0 }, { "2026-10-05", 0 },
	{ "2026-10-06", 0 }, { "2026-10-07", 0 }, { "2026-10-10", 1 },
};

static struct qk_arena *arena;
static struct qk_cal *cal;
static struct qk_replay *rp;
static struct qk_evcheck chk;

static long day(const char *s)
{
	long d = -1;

	qk_date_parse(s, &d);
	return d;
}

/* The 2026 calendar of the spec's examples. */
static struct qk_cal *cal_2026(void)
{
	struct qk_cal *c = qk_cal_new();
	size_t i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < sizeof listings / sizeof listings[0]; i++)
		qk_cal_list(c, day(listings[i].date), listings[i].workday);
	qk_cal_cover(c, day("2026-01-01"), day("2026-12-31"));
	qk_cal_build(c);
	return c;
}

/* Makes the arena, calendar and replay on first use (kept for the whole
 * run, so the replay's memory is reused from test to test); 1 when ready. */
static int setup(void)
{
	if (arena == NULL) {
		arena = qk_arena_new();
		cal = cal_2026();
		rp = qk_replay_new(cal);
	} else {
		qk_arena_reset(arena);
	}
	memset(&chk, 0, sizeof chk);
	return arena != NULL && cal != NULL && rp != NULL;
}

/* An element named name from "k=v k=v | child k=v | child k=v". */
static struct qk_node *build(const char *name, const char *desc)
{
	char *s = qk_arena_strdup(arena, desc), *tok, *save = NULL;
	struct qk_node *root = qk_node_new(arena, name), *cur = root;
	int want_name = 0;

	for (tok = strtok_r(s, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (strcmp(tok, "|") == 0) {
			want_name = 1;
		} else if (want_name) {
			cur = qk_node_new(arena, tok);
			qk_node_append(root, cur);
			want_name = 0;
		} else if (eq != NULL) {
			*eq = '\0';
			qk_node_set(arena, cur, tok, eq + 1);
		}
	}
	return root;
}

/* Replays one event; the verdict (chk holds the whole check). */
static int step(const char *desc)
{
	return qk_replay_step(rp, build("event", desc), &chk);
}

#define LEGAL(desc) CHECK_INT(step(desc), QK_LEGAL)
#define AT(t) " at=2026-" t "+08:00 by=W01"

static const struct qk_ritem *item(const char *code)
{
	return qk_replay_item(rp, qk_replay_item_index(rp, code));
}

/* An item's due, or -1 when it has none. */
static long item_due(const char *code)
{
	const struct qk_ritem *it = item(code);

	return it != NULL && it->has_due ? it->due : -1;
}

/* case@due, or -1 when the case has none. */
static long case_due(void)
{
	long d;

	return qk_replay_due(rp, &d) ? d : -1;
}

static int mat_status(int i)
{
	const struct qk_rmat *m = qk_replay_mat(rp, i);

	return m != NULL ? m->status : -1;
}

#define EX_ACCEPTED "type=accepted due=2026-12-15" \
	" at=2026-11-24T09:13:05+08:00 by=W01" \
	" | item code=CL-001 dept=CL mode=promise legal=20 promised=5" \
	" window=no extend=10" \
	" | item code=CL-002 dept=CL mode=promise legal=20 promised=10" \
	" window=no extend=0 after=CL-001" \
	" | material code=M-IDCARD status=provided" \
	" | material code=M-HUKOU status=provided" \
	" | material code=M-PHOTO status=provided"
#define EX_ROUTED1 "type=routed item=CL-001 to=CL" \
	" at=2026-11-24T18:00:00+08:00 by=qk-route"
#define EX_DECIDED1 "type=decided item=CL-001 outcome=approved" \
	" at=2026-11-27T10:02:00+08:00 by=CL02"
#define EX_ROUTED2 "type=routed item=CL-002 to=CL" \
	" at=2026-11-27T18:00:00+08:00 by=qk-route"

/* One item A of D (promised 5, extend 3), accepted Monday 2026-11-02,
 * with M1 provided and M2 deferred. */
#define ACC_A "type=accepted due=2026-11-09" AT("11-02T09:00:00") \
	" | item code=A dept=D mode=promise legal=20 promised=5 window=no" \
	" extend=3" \
	" | material code=M1 status=provided" \
	" | material code=M2 status=deferred until=2026-11-09"

/* Items A (D), B (E, delegated to the window) and C (F, after A). */
#define ACC_ABC "type=accepted due=2026-11-30" AT("11-02T09:00:00") \
	" | item code=A dept=D mode=promise legal=20 promised=5 window=no" \
	" extend=3" \
	" | item code=B dept=E mode=immediate legal=5 promised=0 window=yes" \
	" extend=0" \
	" | item code=C dept=F mode=promise legal=20 promised=10 window=no" \
	" extend=0 after=A" \
	" | material code=M1 status=provided"

/* A correction: M1 provided, M2 missing and blocking, M3 missing. */
#define CORR "type=correction" AT("11-02T09:00:00") \
	" | item code=A dept=D mode=promise legal=20 promised=5 window=no" \
	" extend=3" \
	" | material code=M1 status=provided" \
	" | material code=M2 status=missing blocking=yes" \
	" | material code=M3 status=missing"

/* Begins a case and replays received at the start of 2026; 1 when ready. */
static int begin(void)
{
	if (!setup())
		return 0;
	qk_replay_begin(rp, build("application",
	    "received=2026-01-05T08:00:00+08:00 site=XG staff=W01"
	    " channel=window | request item=A"));
	return step("type=received at=2026-01-05T08:00:00+08:00 by=W01") ==
	    QK_LEGAL;
}

/* Begins a case whose event 2 is desc; 1 when both events are legal. */
static int start(const char *desc)
{
	return begin() && step(desc) == QK_LEGAL;
}

/* Begins the spec example: received and accepted on 2026-11-24. */
static int start_example(void)
{
	if (!setup())
		return 0;
	qk_replay_begin(rp, build("application",
	    "ref=WIN07-0031 received=2026-11-24T09:13:05+08:00 site=XG"
	    " staff=W01 channel=window | request item=CL-001"
	    " | request item=CL-002"));
	return step("type=received at=2026-11-24T09:13:05+08:00 by=W01") ==
	    QK_LEGAL && step(EX_ACCEPTED) == QK_LEGAL;
}

/* A with A routed on 11-02 (due 11-09). */
static int start_routed(void)
{
	return start(ACC_A) &&
	    step("type=routed item=A to=D" AT("11-02T18:00:00")) == QK_LEGAL;
}

/* ---- The spec's example ---- */

QK_TEST(replay_example_cases_xml)
{
	long s;

	CHECK(start_example());
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK_STR(qk_state_name(qk_replay_state(rp)), "accepted");
	CHECK_INT(qk_replay_nitems(rp), 2);
	CHECK_STR(qk_replay_item(rp, 0)->code, "CL-001");
	CHECK_STR(qk_replay_item(rp, 1)->code, "CL-002");
	CHECK_STR(item("CL-001")->dept, "CL");
	CHECK_STR(item("CL-001")->mode, "promise");
	CHECK_STR(item("CL-001")->legal, "20");
	CHECK_STR(item("CL-001")->promised, "5");
	CHECK_INT(item("CL-001")->extend, 10);
	CHECK_INT(item("CL-001")->window, 0);
	CHECK(item("CL-001")->after == NULL);
	CHECK_INT(item("CL-001")->state, QK_IT_WAITING);
	CHECK_INT(item_due("CL-001"), -1);
	CHECK_STR(item("CL-002")->after, "CL-001");
	CHECK_INT(item("CL-002")->after_idx, 0);
	CHECK_INT(item("CL-001")->p, day("2026-12-01"));
	CHECK_INT(item("CL-002")->p, day("2026-12-15"));
	CHECK_INT(case_due(), day("2026-12-15"));
	CHECK_INT(qk_replay_nmats(rp), 3);
	CHECK_STR(qk_replay_mat(rp, 1)->code, "M-HUKOU");
	CHECK_INT(mat_status(0), QK_MS_PROVIDED);
	CHECK_INT(mat_status(2), QK_MS_PROVIDED);
	CHECK(qk_replay_start_day(rp, &s));
	CHECK_INT(s, day("2026-11-24"));
	CHECK(qk_replay_event2(rp) == qk_replay_accepted(rp));
	CHECK(qk_replay_event2(rp) != NULL);
}

QK_TEST(replay_example_routed_xml)
{
	CHECK(start_example());
	LEGAL(EX_ROUTED1);
	CHECK_INT(qk_replay_state(rp), QK_ST_IN_PROGRESS);
	CHECK_INT(item("CL-001")->state, QK_IT_ROUTED);
	CHECK_INT(item("CL-001")->routed_day, day("2026-11-24"));
	CHECK_INT(item_due("CL-001"), day("2026-12-01"));
	CHECK_INT(item("CL-002")->state, QK_IT_WAITING);
	CHECK_INT(case_due(), day("2026-12-15"));
}

QK_TEST(replay_example_after_xml)
{
	CHECK(start_example());
	LEGAL(EX_ROUTED1);
	LEGAL(EX_DECIDED1);
	LEGAL(EX_ROUTED2);
	CHECK_INT(qk_replay_state(rp), QK_ST_IN_PROGRESS);
	CHECK_INT(item("CL-001")->state, QK_IT_DECIDED);
	CHECK_INT(item("CL-001")->approved, 1);
	CHECK_INT(item_due("CL-001"), day("2026-12-01"));
	CHECK_INT(item("CL-001")->decided_day, day("2026-11-27"));
	CHECK_STR(item("CL-001")->decided_by, "CL02");
	CHECK_INT(item("CL-001")->decided_seq_idx, 3);
	CHECK_INT(item("CL-002")->state, QK_IT_ROUTED);
	CHECK_INT(item_due("CL-002"), day("2026-12-11"));
	CHECK_INT(case_due(), day("2026-12-11"));
	CHECK_INT(qk_replay_nevents(rp), 5);
}

QK_TEST(replay_case_replays_every_event)
{
	struct qk_node *cs;

	CHECK(setup());
	cs = build("case", "id=XG-20261124-0001 | application"
	    " received=2026-11-24T09:13:05+08:00");
	qk_node_append(cs, build("event", "type=received"
	    " at=2026-11-24T09:13:05+08:00 by=W01"));
	qk_node_append(cs, build("event", EX_ACCEPTED));
	qk_node_append(cs, build("event", EX_ROUTED1));
	qk_node_append(cs, build("event", "type=closed"
	    " at=2026-11-25T09:00:00+08:00 by=W01"));
	qk_node_append(cs, build("event", EX_DECIDED1));
	qk_node_append(cs, build("event", EX_ROUTED2));
	CHECK_INT(qk_replay_case(rp, cs), 1);
	CHECK_INT(qk_replay_nevents(rp), 6);
	CHECK_INT(qk_replay_event_legal(rp, 3), 0);
	CHECK_INT(qk_replay_event_legal(rp, 4), 1);
	CHECK_INT(case_due(), day("2026-12-11"));
	CHECK_INT(qk_replay_failed(rp), 0);
}

QK_TEST(replay_case_without_application_is_malformed)
{
	CHECK(setup());
	CHECK_INT(qk_replay_case(rp, build("case", "id=X | event"
	    " type=received at=2026-11-24T09:13:05+08:00")), -1);
}

/* ---- Rules 1 and 2: received, event 2 ---- */

QK_TEST(replay_received_after_event1_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=received" AT("11-02T10:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(chk.type, QK_EV_RECEIVED);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
}

/* Documented choice: positions count in document order, legal or not, so
 * an illegal event 1 leaves event 2 to be judged as event 2. */
QK_TEST(replay_event1_not_received_illegal)
{
	CHECK(setup());
	qk_replay_begin(rp, build("application", "site=XG"));
	CHECK_INT(step(ACC_A), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
	CHECK_INT(qk_replay_nitems(rp), 0);
	LEGAL(ACC_A);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK_INT(qk_replay_event_legal(rp, 0), 0);
	CHECK_INT(qk_replay_event_legal(rp, 1), 1);
}

QK_TEST(replay_event2_other_type_illegal)
{
	CHECK(begin());
	CHECK_INT(step("type=ready" AT("11-02T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
	CHECK_INT(step(ACC_A), QK_BAD_GRAMMAR);
	CHECK_INT(step(CORR), QK_BAD_GRAMMAR);
	CHECK_INT(step("type=refused reason=other" AT("11-02T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
	CHECK_INT(case_due(), -1);
	CHECK_INT(qk_replay_nitems(rp), 0);
	CHECK(qk_replay_accepted(rp) == NULL);
	CHECK(qk_replay_event2(rp) == qk_replay_event(rp, 1));
	CHECK_INT(qk_replay_event_legal(rp, 1), 0);
}

QK_TEST(replay_correction_only_as_event2)
{
	CHECK(start(ACC_A));
	CHECK_INT(step(CORR), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK(qk_replay_correction(rp) == NULL);
}

QK_TEST(replay_accepted_twice_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step(ACC_ABC), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_nitems(rp), 1);
}

/* ---- Rule 3: correction ---- */

QK_TEST(replay_correction_seals_items_and_materials)
{
	CHECK(start(CORR));
	CHECK_INT(qk_replay_state(rp), QK_ST_CORRECTION);
	CHECK_INT(qk_replay_nitems(rp), 1);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
	CHECK_INT(item("A")->has_p, 0);
	CHECK_INT(case_due(), -1);
	CHECK_INT(qk_replay_nmats(rp), 3);
	CHECK_INT(mat_status(1), QK_MS_MISSING);
	CHECK_INT(qk_replay_mat(rp, 1)->blocking, 1);
	CHECK_INT(qk_replay_mat(rp, 1)->corr_missing, 1);
	CHECK_INT(qk_replay_mat(rp, 2)->blocking, 0);
	CHECK_INT(qk_replay_mat(rp, 0)->corr_missing, 0);
	CHECK(qk_replay_correction(rp) == qk_replay_event2(rp));
	CHECK_INT(qk_replay_start_day(rp, NULL), 0);
}

QK_TEST(replay_correction_supplied_then_accepted)
{
	long s;

	CHECK(start(CORR));
	CHECK_INT(step("type=accepted due=2026-11-12" AT("11-03T09:00:00")
	    " | item code=A dept=D promised=5 | material code=M2"
	    " status=supplied"), QK_BAD_GRAMMAR);
	LEGAL("type=supplied material=M2" AT("11-04T10:00:00"));
	CHECK_INT(mat_status(1), QK_MS_SUPPLIED);
	CHECK_INT(qk_replay_state(rp), QK_ST_CORRECTION);
	CHECK(qk_replay_last_supplied(rp) == qk_replay_event(rp, 3));
	LEGAL("type=accepted due=2026-11-12" AT("11-05T09:00:00")
	    " | item code=A dept=D mode=promise legal=20 promised=5"
	    " window=no extend=3"
	    " | material code=M1 status=provided"
	    " | material code=M2 status=supplied"
	    " | material code=M3 status=deferred until=2026-11-12");
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK(qk_replay_accepted(rp) == qk_replay_event(rp, 4));
	CHECK(qk_replay_event2(rp) == qk_replay_correction(rp));
	CHECK_INT(mat_status(1), QK_MS_SUPPLIED);
	CHECK_INT(mat_status(2), QK_MS_DEFERRED);
	CHECK_INT(qk_replay_mat(rp, 2)->has_until, 1);
	CHECK_INT(qk_replay_mat(rp, 2)->until, day("2026-11-12"));
	CHECK_INT(qk_replay_mat(rp, 2)->corr_missing, 1);
	CHECK(qk_replay_start_day(rp, &s));
	CHECK_INT(s, day("2026-11-05"));
	CHECK_INT(item("A")->p, day("2026-11-12"));
	CHECK_INT(case_due(), day("2026-11-12"));
}

QK_TEST(replay_correction_without_blocking_accepts_at_once)
{
	CHECK(start("type=correction" AT("11-02T09:00:00")
	    " | item code=A dept=D promised=5"
	    " | material code=M1 status=missing"));
	LEGAL("type=accepted due=2026-11-09" AT("11-02T10:00:00")
	    " | item code=A dept=D promised=5"
	    " | material code=M1 status=deferred until=2026-11-09");
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
}

QK_TEST(replay_supplied_in_correction_needs_missing_material)
{
	CHECK(start(CORR));
	CHECK_INT(step("type=supplied material=M1" AT("11-03T09:00:00")),
	    QK_BAD_MATERIAL);
	CHECK_INT(step("type=supplied material=M9" AT("11-03T09:00:00")),
	    QK_BAD_MATERIAL);
	LEGAL("type=supplied material=M3" AT("11-03T10:00:00"));
	CHECK_INT(step("type=supplied material=M3" AT("11-03T11:00:00")),
	    QK_BAD_MATERIAL);
	CHECK_INT(mat_status(2), QK_MS_SUPPLIED);
	CHECK_INT(mat_status(1), QK_MS_MISSING);
	CHECK(qk_replay_last_supplied(rp) == qk_replay_event(rp, 4));
}

QK_TEST(replay_refused_after_correction_has_no_items)
{
	CHECK(start(CORR));
	LEGAL("type=supplied material=M2" AT("11-03T10:00:00"));
	LEGAL("type=refused reason=not-eligible" AT("11-04T10:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_REFUSED);
	CHECK_INT(qk_replay_nitems(rp), 0);
	CHECK_INT(qk_replay_nmats(rp), 0);
	CHECK_INT(case_due(), -1);
	CHECK(qk_replay_refused(rp) == qk_replay_event(rp, 3));
	CHECK(qk_replay_correction(rp) == qk_replay_event(rp, 1));
	CHECK_INT(step("type=routed item=A to=D" AT("11-05T10:00:00")),
	    QK_BAD_ITEM);
	CHECK_INT(step("type=supplied material=M3" AT("11-05T10:00:00")),
	    QK_BAD_MATERIAL);
	CHECK_INT(step("type=accepted due=2026-11-12" AT("11-05T09:00:00")
	    " | item code=A dept=D promised=5"), QK_BAD_GRAMMAR);
}

QK_TEST(replay_refused_as_event2)
{
	CHECK(start("type=refused reason=item-unknown note=CL-009"
	    AT("11-02T09:00:00")));
	CHECK_INT(qk_replay_state(rp), QK_ST_REFUSED);
	CHECK_INT(qk_replay_nitems(rp), 0);
	CHECK(qk_replay_refused(rp) == qk_replay_event2(rp));
	CHECK_INT(step("type=withdrawn" AT("11-03T09:00:00")), QK_BAD_GRAMMAR);
	LEGAL("type=rated score=1" AT("11-03T10:00:00"));
	LEGAL("type=closed" AT("11-04T10:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_CLOSED);
}

QK_TEST(replay_refused_after_accepted_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=refused reason=other" AT("11-03T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
}

/* ---- Rule 8: withdrawn ---- */

QK_TEST(replay_withdrawn_in_correction)
{
	CHECK(start(CORR));
	LEGAL("type=withdrawn" AT("11-03T09:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_WITHDRAWN);
	CHECK_INT(item("A")->state, QK_IT_CANCELLED);
	CHECK_INT(case_due(), -1);
	CHECK(qk_replay_withdrawn(rp) == qk_replay_event(rp, 2));
	/* M2 is still missing: the state, not the material, forbids it. */
	CHECK_INT(step("type=supplied material=M2" AT("11-04T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(step("type=accepted due=2026-11-12" AT("11-04T09:00:00")
	    " | item code=A dept=D promised=5"), QK_BAD_GRAMMAR);
	LEGAL("type=closed" AT("11-05T09:00:00"));
}

QK_TEST(replay_withdrawn_before_decision_illegal)
{
	CHECK(begin());
	CHECK_INT(step("type=withdrawn" AT("11-02T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
}

QK_TEST(replay_withdrawn_after_issued_illegal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	LEGAL("type=withdrawn" AT("11-03T11:00:00"));
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	LEGAL("type=issued method=window" AT("11-03T11:00:00"));
	CHECK_INT(step("type=withdrawn" AT("11-03T12:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_state(rp), QK_ST_ISSUED);
}

QK_TEST(replay_withdrawn_cancels_undecided_items)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=routed item=A to=D" AT("11-02T18:00:00"));
	LEGAL("type=routed item=B to=E" AT("11-02T18:00:00"));
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=suspended item=B reason=hearing" AT("11-03T10:00:00"));
	LEGAL("type=withdrawn" AT("11-04T09:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_WITHDRAWN);
	CHECK_INT(item("A")->state, QK_IT_DECIDED);
	CHECK_INT(item("B")->state, QK_IT_CANCELLED);
	CHECK_INT(item("B")->suspended, 0);
	CHECK_INT(item_due("B"), day("2026-11-02"));
	CHECK_INT(item("C")->state, QK_IT_CANCELLED);
	CHECK_INT(item_due("C"), -1);
	CHECK_INT(case_due(), day("2026-11-09"));
	CHECK_INT(step("type=ready" AT("11-04T10:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(step("type=decided item=B outcome=approved"
	    AT("11-04T10:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(step("type=cancelled item=C reason=x" AT("11-04T10:00:00")),
	    QK_BAD_GRAMMAR);
}

/* ---- Rule 4: items ---- */

QK_TEST(replay_routed_twice_illegal)
{
	CHECK(start_routed());
	CHECK_INT(step("type=routed item=A to=D" AT("11-03T18:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(item_due("A"), day("2026-11-09"));
}

QK_TEST(replay_routed_before_prerequisite_illegal)
{
	CHECK(start_example());
	CHECK_INT(step(EX_ROUTED2), QK_BAD_GRAMMAR);
	LEGAL(EX_ROUTED1);
	CHECK_INT(step(EX_ROUTED2), QK_BAD_GRAMMAR);
	CHECK_INT(item("CL-002")->state, QK_IT_WAITING);
}

QK_TEST(replay_routed_after_prerequisite_rejected_illegal)
{
	CHECK(start_example());
	LEGAL(EX_ROUTED1);
	LEGAL("type=decided item=CL-001 outcome=rejected"
	    " at=2026-11-27T10:02:00+08:00 by=CL02");
	CHECK_INT(item("CL-001")->approved, 0);
	CHECK_INT(step(EX_ROUTED2), QK_BAD_GRAMMAR);
	LEGAL("type=cancelled item=CL-002 reason=prerequisite-rejected"
	    " at=2026-11-27T18:00:00+08:00 by=qk-route");
	CHECK_INT(case_due(), day("2026-12-01"));
	LEGAL("type=ready at=2026-11-27T18:00:00+08:00 by=qk-route");
	CHECK_INT(qk_replay_state(rp), QK_ST_READY);
}

QK_TEST(replay_routed_after_prerequisite_approved)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=routed item=A to=D" AT("11-02T18:00:00"));
	LEGAL("type=decided item=A outcome=approved" AT("11-04T09:00:00"));
	LEGAL("type=routed item=C to=F" AT("11-04T18:00:00"));
	CHECK_INT(item_due("C"), day("2026-11-18"));
}

QK_TEST(replay_routed_to_other_dept_bad_attr)
{
	CHECK(start(ACC_ABC));
	CHECK_INT(step("type=routed item=A to=E" AT("11-02T18:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_to);
	CHECK_INT(step("type=routed item=A to=window" AT("11-02T18:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_to);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
}

QK_TEST(replay_routed_to_window_for_delegated_item)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=routed item=B to=window" AT("11-02T09:00:00"));
	CHECK_INT(item("B")->routed_window, 1);
	CHECK_INT(item_due("B"), day("2026-11-02"));
	CHECK_INT(item("B")->window, 1);
	CHECK(start(ACC_ABC));
	LEGAL("type=routed item=B to=E" AT("11-02T09:00:00"));
	CHECK_INT(item("B")->routed_window, 0);
}

QK_TEST(replay_item_unknown_bad_item)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=routed item=Z to=D" AT("11-02T18:00:00")),
	    QK_BAD_ITEM);
	CHECK_INT(step("type=decided item=Z outcome=approved"
	    AT("11-02T18:00:00")), QK_BAD_ITEM);
	CHECK_INT(chk.attr, QK_NONE);
}

QK_TEST(replay_item_event_before_sealing_bad_item)
{
	CHECK(begin());
	CHECK_INT(step("type=routed item=A to=D" AT("11-02T18:00:00")),
	    QK_BAD_ITEM);
}

QK_TEST(replay_routed_in_correction_illegal)
{
	CHECK(start(CORR));
	CHECK_INT(step("type=routed item=A to=D" AT("11-02T18:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(step("type=cancelled item=A reason=x" AT("11-02T18:00:00")),
	    QK_BAD_GRAMMAR);
}

QK_TEST(replay_routed_on_holiday_starts_next_working_day)
{
	CHECK(start("type=accepted due=2026-10-15" AT("09-30T09:00:00")
	    " | item code=A dept=D promised=5"));
	LEGAL("type=routed item=A to=D" AT("10-01T09:00:00"));
	CHECK_INT(item("A")->routed_day, day("2026-10-01"));
	CHECK_INT(item_due("A"), day("2026-10-14"));
}

QK_TEST(replay_immediate_item_due_on_start_day)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=routed item=B to=E" AT("11-07T09:00:00"));
	CHECK_INT(item_due("B"), day("2026-11-09"));
}

QK_TEST(replay_decided_waiting_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=decided item=A outcome=approved"
	    AT("11-03T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
}

QK_TEST(replay_decided_twice_illegal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=rejected" AT("11-03T09:00:00"));
	CHECK_INT(step("type=decided item=A outcome=approved"
	    AT("11-03T10:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->approved, 0);
	CHECK_INT(item("A")->decided_seq_idx, 3);
}

QK_TEST(replay_decided_while_suspended_illegal)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=inspection" AT("11-03T09:00:00"));
	CHECK_INT(step("type=decided item=A outcome=approved"
	    AT("11-03T10:00:00")), QK_BAD_GRAMMAR);
	LEGAL("type=resumed item=A" AT("11-04T09:00:00"));
	LEGAL("type=decided item=A outcome=approved" AT("11-04T10:00:00"));
}

QK_TEST(replay_suspended_waiting_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=suspended item=A reason=expert"
	    AT("11-03T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->suspended, 0);
}

QK_TEST(replay_suspended_twice_illegal)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=publicity" AT("11-03T09:00:00"));
	CHECK_INT(step("type=suspended item=A reason=hearing"
	    AT("11-04T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->susp_day, day("2026-11-03"));
}

QK_TEST(replay_suspended_decided_illegal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	CHECK_INT(step("type=suspended item=A reason=hearing"
	    AT("11-04T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->suspended, 0);
}

QK_TEST(replay_resumed_without_suspension_illegal)
{
	CHECK(start_routed());
	CHECK_INT(step("type=resumed item=A" AT("11-03T09:00:00")),
	    QK_BAD_GRAMMAR);
	LEGAL("type=suspended item=A reason=correction" AT("11-03T10:00:00"));
	LEGAL("type=resumed item=A" AT("11-04T10:00:00"));
	CHECK_INT(step("type=resumed item=A" AT("11-05T10:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(item_due("A"), day("2026-11-10"));
}

QK_TEST(replay_suspension_across_national_day)
{
	CHECK(start("type=accepted due=2026-09-29" AT("09-21T09:00:00")
	    " | item code=A dept=D promised=5 extend=3"));
	LEGAL("type=routed item=A to=D" AT("09-21T18:00:00"));
	CHECK_INT(item_due("A"), day("2026-09-29"));
	LEGAL("type=suspended item=A reason=hearing" AT("09-24T09:00:00"));
	CHECK_INT(item("A")->suspended, 1);
	CHECK_INT(item_due("A"), day("2026-09-29"));
	CHECK_INT(case_due(), day("2026-09-29"));
	LEGAL("type=resumed item=A" AT("10-12T09:00:00"));
	CHECK_INT(item("A")->suspended, 0);
	CHECK_INT(item_due("A"), day("2026-10-14"));
	CHECK_INT(case_due(), day("2026-10-14"));
}

QK_TEST(replay_resumed_same_day_keeps_due)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=hearing" AT("11-03T09:00:00"));
	LEGAL("type=resumed item=A" AT("11-03T15:00:00"));
	CHECK_INT(item_due("A"), day("2026-11-09"));
}

QK_TEST(replay_suspensions_alternate_and_add_up)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=hearing" AT("11-03T09:00:00"));
	LEGAL("type=resumed item=A" AT("11-05T09:00:00"));
	LEGAL("type=suspended item=A reason=expert" AT("11-06T09:00:00"));
	LEGAL("type=resumed item=A" AT("11-09T09:00:00"));
	CHECK_INT(item_due("A"), day("2026-11-12"));
}

QK_TEST(replay_extended_moves_due)
{
	CHECK(start_routed());
	LEGAL("type=extended item=A days=3" AT("11-04T09:00:00"));
	CHECK_INT(chk.over_extend, 0);
	CHECK_INT(chk.second_extend, 0);
	CHECK_INT(item("A")->extended, 1);
	CHECK_INT(item_due("A"), day("2026-11-12"));
	CHECK_INT(case_due(), day("2026-11-12"));
}

QK_TEST(replay_extended_beyond_sealed_limit_legal)
{
	CHECK(start_routed());
	LEGAL("type=extended item=A days=5" AT("11-04T09:00:00"));
	CHECK_INT(chk.over_extend, 1);
	CHECK_INT(item_due("A"), day("2026-11-16"));
}

QK_TEST(replay_second_extended_illegal)
{
	CHECK(start_routed());
	LEGAL("type=extended item=A days=1" AT("11-04T09:00:00"));
	CHECK_INT(step("type=extended item=A days=1" AT("11-05T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(chk.second_extend, 1);
	CHECK_INT(chk.over_extend, 0);
	CHECK_INT(item_due("A"), day("2026-11-10"));
	CHECK_INT(item("A")->extended, 1);
}

QK_TEST(replay_extended_waiting_illegal)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=extended item=A days=1" AT("11-04T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(chk.second_extend, 0);
}

QK_TEST(replay_extended_decided_illegal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	CHECK_INT(step("type=extended item=A days=1" AT("11-04T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(item_due("A"), day("2026-11-09"));
}

QK_TEST(replay_extended_while_suspended_legal)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=hearing" AT("11-03T09:00:00"));
	LEGAL("type=extended item=A days=2" AT("11-04T09:00:00"));
	CHECK_INT(item_due("A"), day("2026-11-11"));
	LEGAL("type=resumed item=A" AT("11-05T09:00:00"));
	CHECK_INT(item_due("A"), day("2026-11-13"));
}

QK_TEST(replay_extended_days_must_be_integer_at_least_1)
{
	CHECK(start_routed());
	CHECK_INT(step("type=extended item=A days=0" AT("11-04T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_days);
	CHECK_INT(step("type=extended item=A days=-1" AT("11-04T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(step("type=extended item=A days=1.5" AT("11-04T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(step("type=extended item=A days=" AT("11-04T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_days);
	CHECK_INT(step("type=extended item=A days=+2" AT("11-04T09:00:00")),
	    QK_BAD_ATTR);
	LEGAL("type=extended item=A days=002" AT("11-04T09:00:00"));
	CHECK_INT(item_due("A"), day("2026-11-11"));
}

QK_TEST(replay_cancelled_waiting_has_no_due)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=cancelled item=C reason=applicant-request"
	    AT("11-02T10:00:00"));
	CHECK_INT(item("C")->state, QK_IT_CANCELLED);
	CHECK_INT(item_due("C"), -1);
	CHECK_INT(case_due(), day("2026-11-09"));
}

QK_TEST(replay_cancelled_routed_keeps_due)
{
	CHECK(start_routed());
	LEGAL("type=cancelled item=A reason=x" AT("11-03T10:00:00"));
	CHECK_INT(item("A")->state, QK_IT_CANCELLED);
	CHECK_INT(item_due("A"), day("2026-11-09"));
	CHECK_INT(case_due(), -1);
}

QK_TEST(replay_cancelled_suspended_item_not_suspended)
{
	CHECK(start_routed());
	LEGAL("type=suspended item=A reason=hearing" AT("11-03T09:00:00"));
	LEGAL("type=cancelled item=A reason=x" AT("11-04T10:00:00"));
	CHECK_INT(item("A")->suspended, 0);
	CHECK_INT(item_due("A"), day("2026-11-09"));
	CHECK_INT(step("type=resumed item=A" AT("11-05T09:00:00")),
	    QK_BAD_GRAMMAR);
}

QK_TEST(replay_cancelled_decided_illegal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	CHECK_INT(step("type=cancelled item=A reason=x" AT("11-04T10:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(item("A")->state, QK_IT_DECIDED);
}

QK_TEST(replay_cancelled_twice_illegal)
{
	CHECK(start(ACC_A));
	LEGAL("type=cancelled item=A reason=x" AT("11-03T10:00:00"));
	CHECK_INT(step("type=cancelled item=A reason=x" AT("11-04T10:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(step("type=routed item=A to=D" AT("11-04T10:00:00")),
	    QK_BAD_GRAMMAR);
}

QK_TEST(replay_cancelled_reason_must_be_code)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=cancelled item=A reason=no/code"
	    AT("11-03T10:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_reason);
	CHECK_INT(step("type=cancelled item=A" AT("11-03T10:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_reason);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
}

/* ---- Rules 5 to 7, 9: ready, issued, closed, rated, rectified ---- */

QK_TEST(replay_ready_with_undecided_item_illegal)
{
	CHECK(start_routed());
	CHECK_INT(step("type=ready" AT("11-03T10:00:00")), QK_BAD_GRAMMAR);
	CHECK(qk_replay_ready(rp) == NULL);
}

QK_TEST(replay_ready_when_all_cancelled)
{
	CHECK(start(ACC_ABC));
	LEGAL("type=cancelled item=A reason=x" AT("11-03T10:00:00"));
	LEGAL("type=cancelled item=B reason=x" AT("11-03T10:00:00"));
	LEGAL("type=cancelled item=C reason=x" AT("11-03T10:00:00"));
	CHECK_INT(case_due(), -1);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	LEGAL("type=ready" AT("11-03T11:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_READY);
}

QK_TEST(replay_ready_once)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	CHECK(qk_replay_ready(rp) == qk_replay_event(rp, 4));
	CHECK_INT(step("type=ready" AT("11-03T11:00:00")), QK_BAD_GRAMMAR);
	CHECK(qk_replay_ready(rp) == qk_replay_event(rp, 4));
}

QK_TEST(replay_ready_in_correction_illegal)
{
	CHECK(start(CORR));
	CHECK_INT(step("type=ready" AT("11-03T11:00:00")), QK_BAD_GRAMMAR);
}

QK_TEST(replay_issued_only_when_ready)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	CHECK_INT(step("type=issued method=post" AT("11-03T10:00:00")),
	    QK_BAD_GRAMMAR);
	LEGAL("type=ready" AT("11-03T10:00:00"));
	LEGAL("type=issued method=electronic" AT("11-03T11:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_ISSUED);
	CHECK(qk_replay_issued(rp) == qk_replay_event(rp, 6));
	CHECK_INT(step("type=issued method=window" AT("11-03T12:00:00")),
	    QK_BAD_GRAMMAR);
}

QK_TEST(replay_closed_only_after_issued_refused_withdrawn)
{
	CHECK(start_routed());
	CHECK_INT(step("type=closed" AT("11-03T09:00:00")), QK_BAD_GRAMMAR);
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	CHECK_INT(step("type=closed" AT("11-03T11:00:00")), QK_BAD_GRAMMAR);
	LEGAL("type=issued method=window" AT("11-03T11:00:00"));
	LEGAL("type=closed" AT("11-03T12:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_CLOSED);
	CHECK_INT(step("type=closed" AT("11-03T13:00:00")), QK_BAD_GRAMMAR);
}

QK_TEST(replay_after_closed_only_rated_and_rectified)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	LEGAL("type=issued method=window" AT("11-03T11:00:00"));
	LEGAL("type=closed" AT("11-03T12:00:00"));
	CHECK_INT(step("type=supplied material=M2" AT("11-04T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(mat_status(1), QK_MS_DEFERRED);
	CHECK_INT(step("type=withdrawn" AT("11-04T09:00:00")), QK_BAD_GRAMMAR);
	CHECK_INT(step("type=ready" AT("11-04T09:00:00")), QK_BAD_GRAMMAR);
	LEGAL("type=rated score=2 channel=sms at=2026-11-04T10:00:00+08:00");
	LEGAL("type=rectified note=called-back" AT("11-05T10:00:00"));
	CHECK_INT(qk_replay_state(rp), QK_ST_CLOSED);
}

QK_TEST(replay_rated_before_result_illegal)
{
	CHECK(start_routed());
	CHECK_INT(step("type=rated score=5" AT("11-03T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK(qk_replay_rated(rp) == NULL);
}

QK_TEST(replay_rated_once_first_legal_kept)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	CHECK_INT(step("type=rated score=9" AT("11-02T10:00:00")), QK_BAD_ATTR);
	LEGAL("type=rated score=4" AT("11-02T11:00:00"));
	CHECK_INT(step("type=rated score=1" AT("11-02T12:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK(qk_replay_rated(rp) == qk_replay_event(rp, 3));
}

QK_TEST(replay_rated_score_must_be_1_to_5)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	CHECK_INT(step("type=rated score=0" AT("11-02T10:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_score);
	CHECK_INT(step("type=rated score=6" AT("11-02T10:00:00")), QK_BAD_ATTR);
	CHECK_INT(step("type=rated score=x" AT("11-02T10:00:00")), QK_BAD_ATTR);
	CHECK_INT(step("type=rated" AT("11-02T10:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_score);
	LEGAL("type=rated score=05" AT("11-02T10:00:00"));
}

QK_TEST(replay_rectified_without_rating_illegal)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	CHECK_INT(step("type=rectified note=n" AT("11-02T10:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_rectified(rp), 0);
}

QK_TEST(replay_rectified_after_good_rating_illegal)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	LEGAL("type=rated score=3" AT("11-02T10:00:00"));
	CHECK_INT(step("type=rectified note=n" AT("11-02T11:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_rectified(rp), 0);
}

QK_TEST(replay_rectified_after_bad_rating_repeatable)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	LEGAL("type=rated score=1" AT("11-02T10:00:00"));
	CHECK_INT(qk_replay_rectified(rp), 0);
	LEGAL("type=rectified note=n" AT("11-02T11:00:00"));
	LEGAL("type=rectified note=again" AT("11-03T11:00:00"));
	CHECK_INT(qk_replay_rectified(rp), 1);
	CHECK_INT(step("type=rectified" AT("11-03T12:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_note);
}

QK_TEST(replay_rated_after_withdrawn)
{
	CHECK(start(ACC_A));
	LEGAL("type=withdrawn" AT("11-03T09:00:00"));
	LEGAL("type=rated score=2" AT("11-03T10:00:00"));
	LEGAL("type=closed" AT("11-03T11:00:00"));
	LEGAL("type=rectified note=n" AT("11-04T11:00:00"));
}

/* ---- Materials after acceptance ---- */

QK_TEST(replay_deferred_material_supplied_once)
{
	CHECK(start(ACC_A));
	CHECK_INT(mat_status(1), QK_MS_DEFERRED);
	CHECK_INT(qk_replay_mat(rp, 1)->until, day("2026-11-09"));
	LEGAL("type=supplied material=M2" AT("11-04T09:00:00"));
	CHECK_INT(mat_status(1), QK_MS_SUPPLIED);
	CHECK_INT(qk_replay_mat(rp, 1)->has_until, 1);
	CHECK_INT(qk_replay_mat(rp, 1)->until, day("2026-11-09"));
	CHECK_INT(step("type=supplied material=M2" AT("11-05T09:00:00")),
	    QK_BAD_MATERIAL);
	CHECK(qk_replay_last_supplied(rp) == qk_replay_event(rp, 2));
}

QK_TEST(replay_supplied_provided_material_bad_material)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=supplied material=M1" AT("11-04T09:00:00")),
	    QK_BAD_MATERIAL);
	CHECK_INT(step("type=supplied" AT("11-04T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_material);
}

QK_TEST(replay_supplied_after_issued_legal)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	LEGAL("type=issued method=window" AT("11-03T11:00:00"));
	LEGAL("type=supplied material=M2" AT("11-04T09:00:00"));
	CHECK_INT(mat_status(1), QK_MS_SUPPLIED);
}

QK_TEST(replay_supplied_after_withdrawn_legal)
{
	CHECK(start(ACC_A));
	LEGAL("type=withdrawn" AT("11-03T09:00:00"));
	LEGAL("type=supplied material=M2" AT("11-04T09:00:00"));
}

QK_TEST(replay_supplied_unknown_material_before_grammar)
{
	CHECK(start("type=refused reason=other" AT("11-02T09:00:00")));
	LEGAL("type=closed" AT("11-03T09:00:00"));
	CHECK_INT(step("type=supplied material=M9" AT("11-04T09:00:00")),
	    QK_BAD_MATERIAL);
}

/* ---- Attributes and the order of the verdicts ---- */

QK_TEST(replay_unknown_type_bad_attr)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=refnd" AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_type);
	CHECK_INT(chk.type, QK_EV_UNKNOWN);
	CHECK_INT(step("at=2026-11-03T09:00:00+08:00"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_type);
}

QK_TEST(replay_at_missing_or_malformed_bad_attr)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=routed item=A to=D"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_at);
	CHECK_INT(chk.type, QK_EV_ROUTED);
	CHECK_INT(step("type=routed item=A to=D at=2026-11-03T09:00:00"),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_at);
	CHECK_INT(step("type=routed item=A to=D at=2026-11-03"), QK_BAD_ATTR);
	CHECK_INT(step("type=routed item=A to=D at="), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_at);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
}

QK_TEST(replay_missing_by_is_legal)
{
	CHECK(start(ACC_A));
	LEGAL("type=routed item=A to=D at=2026-11-02T18:00:00+08:00");
	CHECK_INT(item("A")->state, QK_IT_ROUTED);
	LEGAL("type=decided item=A outcome=approved"
	    " at=2026-11-03T18:00:00+08:00");
	CHECK(item("A")->decided_by == NULL);
}

QK_TEST(replay_refused_reason_checked)
{
	CHECK(begin());
	CHECK_INT(step("type=refused" AT("11-02T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_reason);
	CHECK(begin());
	CHECK_INT(step("type=refused reason=bad-mood" AT("11-02T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_reason);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
}

QK_TEST(replay_decided_outcome_checked)
{
	CHECK(start_routed());
	CHECK_INT(step("type=decided item=A outcome=maybe"
	    AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_outcome);
	CHECK_INT(step("type=decided outcome=approved" AT("11-03T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_item);
}

QK_TEST(replay_suspended_reason_checked)
{
	CHECK(start_routed());
	CHECK_INT(step("type=suspended item=A reason=lunch"
	    AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_reason);
	CHECK_INT(item("A")->suspended, 0);
}

QK_TEST(replay_issued_method_checked)
{
	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-03T09:00:00"));
	LEGAL("type=ready" AT("11-03T10:00:00"));
	CHECK_INT(step("type=issued method=pigeon" AT("11-03T11:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_method);
	CHECK_INT(qk_replay_state(rp), QK_ST_READY);
}

QK_TEST(replay_routed_needs_to)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=routed item=A" AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_to);
	CHECK_INT(step("type=resumed" AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_item);
}

QK_TEST(replay_accepted_due_checked)
{
	CHECK(begin());
	CHECK_INT(step("type=accepted" AT("11-02T09:00:00")
	    " | item code=A dept=D promised=5"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_due);
	CHECK(begin());
	CHECK_INT(step("type=accepted due=2026-02-30" AT("11-02T09:00:00")
	    " | item code=A dept=D promised=5"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_due);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
}

QK_TEST(replay_sealed_facts_checked)
{
	CHECK(begin());
	CHECK_INT(step("type=accepted due=2026-11-09" AT("11-02T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_item);
	CHECK_INT(step("type=correction" AT("11-02T09:00:00")
	    " | item dept=D promised=5"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_item);
	CHECK_INT(step("type=accepted due=2026-11-09" AT("11-02T09:00:00")
	    " | item code=A | material code=M1 status=lost"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_material);
	CHECK_INT(step("type=accepted due=2026-11-09" AT("11-02T09:00:00")
	    " | item code=A | material status=provided"), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_material);
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
}

QK_TEST(replay_attributes_judged_before_item)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=decided item=Z outcome=maybe"
	    AT("11-03T09:00:00")), QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_outcome);
	CHECK_INT(step("type=routed item=Z to=nowhere" AT("11-03T09:00:00")),
	    QK_BAD_ITEM);
	CHECK_INT(step("type=routed item=A to=nowhere" AT("11-03T09:00:00")),
	    QK_BAD_ATTR);
	CHECK_INT(chk.attr, QK_to);
}

QK_TEST(replay_material_judged_before_grammar)
{
	CHECK(begin());
	CHECK_INT(step("type=supplied material=M1" AT("11-03T09:00:00")),
	    QK_BAD_MATERIAL);
}

/* ---- Time, checking, accessors, memory ---- */

QK_TEST(replay_time_backwards_flagged_but_applied)
{
	long long inst;
	const char *at;

	CHECK(start_routed());
	LEGAL("type=decided item=A outcome=approved" AT("11-01T09:00:00"));
	CHECK_INT(chk.backwards, 1);
	CHECK_INT(item("A")->state, QK_IT_DECIDED);
	CHECK(qk_replay_last_at(rp, &inst, &at));
	CHECK_STR(at, "2026-11-02T18:00:00+08:00");
	CHECK_INT(step("type=ready at=2026-11-02T10:00:00Z by=qk-route"),
	    QK_LEGAL);
	CHECK_INT(chk.backwards, 0);
	CHECK(qk_replay_last_at(rp, &inst, &at));
	CHECK_STR(at, "2026-11-02T18:00:00+08:00");
	LEGAL("type=issued method=window at=2026-11-02T11:00:00Z");
	CHECK(qk_replay_last_at(rp, &inst, &at));
	CHECK_STR(at, "2026-11-02T11:00:00Z");
	CHECK_INT(inst, 1793617200LL);
}

QK_TEST(replay_check_changes_nothing)
{
	struct qk_evcheck c;

	CHECK(start(ACC_A));
	qk_replay_check(rp, build("event", "type=routed item=A to=D"
	    AT("11-03T09:00:00")), &c);
	CHECK_INT(c.verdict, QK_LEGAL);
	CHECK_INT(c.type, QK_EV_ROUTED);
	CHECK_INT(item("A")->state, QK_IT_WAITING);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK_INT(qk_replay_nevents(rp), 2);
	qk_replay_check(rp, build("event", "type=closed"
	    AT("11-01T09:00:00")), &c);
	CHECK_INT(c.verdict, QK_BAD_GRAMMAR);
	CHECK_INT(c.backwards, 1);
}

QK_TEST(replay_illegal_event_is_recorded_and_skipped)
{
	CHECK(start(ACC_A));
	CHECK_INT(step("type=issued method=window" AT("11-03T09:00:00")),
	    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_nevents(rp), 3);
	CHECK_INT(qk_replay_event_legal(rp, 2), 0);
	CHECK(qk_replay_event(rp, 2) != NULL);
	CHECK(qk_replay_event(rp, 3) == NULL);
	CHECK(qk_replay_issued(rp) == NULL);
	CHECK_INT(qk_replay_state(rp), QK_ST_ACCEPTED);
	CHECK_INT(qk_replay_step(rp, build("event", "type=routed item=A to=D"
	    AT("11-03T10:00:00")), NULL), QK_LEGAL);
}

QK_TEST(replay_promise_follows_prerequisite_chain)
{
	CHECK(start("type=accepted due=2026-11-13" AT("11-02T09:00:00")
	    " | item code=C dept=D promised=3 after=B"
	    " | item code=B dept=D promised=2 after=A"
	    " | item code=A dept=D promised=1"));
	CHECK_INT(item("A")->p, day("2026-11-03"));
	CHECK_INT(item("B")->p, day("2026-11-05"));
	CHECK_INT(item("C")->p, day("2026-11-10"));
	CHECK_INT(item("C")->after_idx, 1);
	CHECK_INT(case_due(), day("2026-11-10"));
}

QK_TEST(replay_after_cycle_is_not_followed)
{
	CHECK(start("type=accepted due=2026-11-13" AT("11-02T09:00:00")
	    " | item code=A dept=D promised=1 after=B"
	    " | item code=B dept=D promised=2 after=A"
	    " | item code=C dept=D promised=3 after=C"
	    " | item code=E dept=D promised=1 after=A"
	    " | item code=F dept=D promised=1 after=nothing"));
	CHECK_INT(item("A")->after_idx, -1);
	CHECK_INT(item("B")->after_idx, -1);
	CHECK_INT(item("C")->after_idx, -1);
	CHECK_INT(item("E")->after_idx, 0);
	CHECK_INT(item("F")->after_idx, -1);
	CHECK_STR(item("A")->after, "B");
	CHECK_INT(item("B")->p, day("2026-11-04"));
	CHECK_INT(item("E")->p, day("2026-11-04"));
	LEGAL("type=routed item=A to=D" AT("11-02T10:00:00"));
	CHECK_INT(step("type=routed item=E to=D" AT("11-02T10:00:00")),
	    QK_BAD_GRAMMAR);
}

QK_TEST(replay_start_day_on_weekend)
{
	long s;

	CHECK(start("type=accepted due=2026-12-07" AT("11-28T09:00:00")
	    " | item code=A dept=D promised=5"));
	CHECK(qk_replay_start_day(rp, &s));
	CHECK_INT(s, day("2026-11-30"));
	CHECK_INT(item("A")->p, day("2026-12-07"));
}

QK_TEST(replay_start_day_in_national_day)
{
	long s;

	CHECK(start("type=accepted due=2026-10-15" AT("10-03T09:00:00")
	    " | item code=A dept=D promised=5"));
	CHECK(qk_replay_start_day(rp, &s));
	CHECK_INT(s, day("2026-10-08"));
	CHECK_INT(item("A")->p, day("2026-10-14"));
}

QK_TEST(replay_sealed_integers)
{
	CHECK(start("type=accepted due=2026-11-09" AT("11-02T09:00:00")
	    " | item code=A dept=D promised=x extend=ten window=yes"
	    " | item code=B promised=007 extend=02"));
	CHECK_INT(item("A")->promised_days, 0);
	CHECK_INT(item("A")->extend, 0);
	CHECK_INT(item("A")->window, 1);
	CHECK_INT(item("A")->p, day("2026-11-02"));
	CHECK_INT(item("B")->promised_days, 7);
	CHECK_INT(item("B")->extend, 2);
	CHECK(item("B")->dept == NULL);
	CHECK(item("B")->mode == NULL);
}

QK_TEST(replay_memory_reused_between_cases)
{
	char desc[4096];
	int i, n;

	CHECK(begin());
	n = snprintf(desc, sizeof desc, "type=accepted due=2026-11-09"
	    AT("11-02T09:00:00"));
	for (i = 0; i < 40; i++)
		n += snprintf(desc + n, sizeof desc - (size_t)n,
		    " | item code=I%d dept=D promised=1", i);
	CHECK(n < (int)sizeof desc);
	LEGAL(desc);
	for (i = 0; i < 40; i++)
		CHECK_INT(step("type=ready" AT("11-02T10:00:00")),
		    QK_BAD_GRAMMAR);
	CHECK_INT(qk_replay_nevents(rp), 42);
	CHECK_INT(qk_replay_nitems(rp), 40);
	CHECK(start_example());
	CHECK_INT(qk_replay_nitems(rp), 2);
	CHECK_INT(qk_replay_nevents(rp), 2);
	CHECK(qk_replay_rated(rp) == NULL);
	CHECK_INT(qk_replay_rectified(rp), 0);
	CHECK_INT(case_due(), day("2026-12-15"));
	CHECK_INT(qk_replay_failed(rp), 0);
}

QK_TEST(replay_fresh_case_has_no_facts)
{
	CHECK(setup());
	qk_replay_begin(rp, build("application", "site=XG"));
	CHECK_INT(qk_replay_state(rp), QK_ST_RECEIVED);
	CHECK_INT(qk_replay_nevents(rp), 0);
	CHECK(qk_replay_event2(rp) == NULL);
	CHECK_INT(qk_replay_last_at(rp, NULL, NULL), 0);
	CHECK_INT(qk_replay_start_day(rp, NULL), 0);
	CHECK_INT(case_due(), -1);
	CHECK(qk_replay_item(rp, 0) == NULL);
	CHECK(qk_replay_mat(rp, 0) == NULL);
	CHECK_INT(qk_replay_item_index(rp, NULL), -1);
}

QK_TEST(replay_names_of_states_and_types)
{
	CHECK_STR(qk_state_name(QK_ST_IN_PROGRESS), "in-progress");
	CHECK_STR(qk_state_name(QK_ST_WITHDRAWN), "withdrawn");
	CHECK_STR(qk_state_name(QK_ST_RECEIVED), "received");
	CHECK_STR(qk_state_name(99), "");
	CHECK_INT(qk_evtype("received"), QK_EV_RECEIVED);
	CHECK_INT(qk_evtype("extended"), QK_EV_EXTENDED);
	CHECK_INT(qk_evtype("closed"), QK_EV_CLOSED);
	CHECK_INT(qk_evtype("Closed"), QK_EV_UNKNOWN);
	CHECK_INT(qk_evtype(""), QK_EV_UNKNOWN);
	CHECK_INT(qk_evtype(NULL), QK_EV_UNKNOWN);
}

/* ---- The lifecycle's predicates, as dispatch and the rules use them ---- */

QK_TEST(replay_blocking_supplied_once_every_blocking_material_is_in)
{
	CHECK(start(CORR));
	CHECK_INT(qk_replay_blocking_supplied(rp), 0);
	LEGAL("type=supplied material=M3" AT("11-03T10:00:00"));
	CHECK_INT(qk_replay_blocking_supplied(rp), 0);
	LEGAL("type=supplied material=M2" AT("11-04T10:00:00"));
	CHECK_INT(qk_replay_blocking_supplied(rp), 1);
}

/* A blocking material the correction marks provided is not outstanding
 * (qk-route once counted it as still missing, and never accepted). */
QK_TEST(replay_blocking_supplied_counts_a_provided_blocking_material_as_in)
{
	CHECK(start("type=correction" AT("11-02T09:00:00")
	    " | item code=A dept=D mode=promise legal=20 promised=5 window=no"
	    " | material code=M1 status=provided blocking=yes"
	    " | material code=M2 status=missing blocking=yes"));
	LEGAL("type=supplied material=M2" AT("11-04T10:00:00"));
	CHECK_INT(qk_replay_blocking_supplied(rp), 1);
}

QK_TEST(replay_all_done_when_every_item_is_decided_or_cancelled)
{
	CHECK(start_routed());
	CHECK_INT(qk_replay_all_done(rp), 0);
	LEGAL("type=decided item=A outcome=rejected" AT("11-03T10:00:00"));
	CHECK_INT(qk_replay_all_done(rp), 1);
}

QK_TEST(replay_prerequisite_met_pending_failed)
{
	CHECK(start_example());
	CHECK_INT(qk_replay_prerequisite(rp, 0), QK_PRE_MET);
	CHECK_INT(qk_replay_prerequisite(rp, 1), QK_PRE_PENDING);
	LEGAL("type=routed item=CL-001 to=CL at=2026-11-24T18:00:00+08:00 by=qk-route");
	CHECK_INT(qk_replay_prerequisite(rp, 1), QK_PRE_PENDING);
	LEGAL("type=decided item=CL-001 outcome=approved at=2026-11-25T10:00:00+08:00 by=CL02");
	CHECK_INT(qk_replay_prerequisite(rp, 1), QK_PRE_MET);
}

QK_TEST(replay_prerequisite_failed_when_rejected)
{
	CHECK(start_example());
	LEGAL("type=routed item=CL-001 to=CL at=2026-11-24T18:00:00+08:00 by=qk-route");
	LEGAL("type=decided item=CL-001 outcome=rejected at=2026-11-25T10:00:00+08:00 by=CL02");
	CHECK_INT(qk_replay_prerequisite(rp, 1), QK_PRE_FAILED);
}

/* The sealing of qk-intake and qk-route uses the replay's own rules: the
 * cycle's afters go, the rest stay, and the due is the latest promise. */
QK_TEST(replay_seal_due_cuts_cycles_and_gives_the_latest_promise)
{
	struct qk_node *ev, *n;
	const char *after[5];
	long due;
	int k = 0;

	CHECK(setup());
	ev = build("event", "type=accepted"
	    " | item code=A dept=D promised=1 after=B"
	    " | item code=B dept=D promised=2 after=A"
	    " | item code=C dept=D promised=3 after=C"
	    " | item code=E dept=D promised=4 after=A"
	    " | item code=F dept=D promised=1 after=E");
	/* 2026-11-02 is a Monday: P(A) = 11-03, P(E) = 11-09, P(F) = 11-10. */
	CHECK_INT(qk_replay_seal_due(cal, ev, day("2026-11-02"), &due), 0);
	CHECK_INT(due, day("2026-11-10"));
	for (n = qk_child(ev, QK_item); n != NULL; n = qk_next(n, QK_item))
		after[k++] = qk_get(n, QK_after);
	CHECK_INT(k, 5);
	CHECK(after[0] == NULL && after[1] == NULL && after[2] == NULL);
	CHECK_STR(after[3], "A");
	CHECK_STR(after[4], "E");
	CHECK_INT(qk_replay_seal_due(cal, build("event", "type=accepted"),
	    day("2026-11-02"), &due), 0);
	CHECK_INT(due, day("2026-11-02"));
	/* A day before 1970-01-01 is negative, and no failure. */
	CHECK_INT(qk_replay_seal_due(cal, build("event", "type=accepted"
	    " | item code=A dept=D promised=2"), day("1969-12-01"), &due), 0);
	CHECK_INT(due, day("1969-12-03"));
}
