/* Front-desk decisions of qk-intake (tools.md) and the events they seal. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "catalog.h"
#include "chain.h"
#include "intake.h"
#include "node.h"
#include "roster.h"
#include "test.h"

/* The codes of tools.md with their meanings (code quotes removed). */
static const struct {
	const char *code, *meaning;
} spec_meanings[] = {
	{ "received-missing", "received is missing" },
	{ "received-malformed", "received is not a time with an offset" },
	{ "site-missing", "site is missing" },
	{ "site-unknown", "site is not in the roster" },
	{ "staff-missing", "staff is missing" },
	{ "staff-unknown", "staff has no window row in the roster" },
	{ "channel-invalid", "channel is missing or not one of window, online, post, agent, selfservice" },
	{ "agent-missing", "agent channel without agent" },
	{ "agent-unknown", "agent has no agent row in the roster" },
	{ "agent-unregistered", "agent is not registered on the day received" },
	{ "applicant-missing", "no applicant, or more than one" },
	{ "applicant-malformed", "applicant kind, or idtype for kind other, is missing or unknown" },
	{ "idno-invalid", "applicant id number is missing or fails its check" },
	{ "request-missing", "no request" },
	{ "request-malformed", "a request without item" },
	{ "request-duplicate", "an item requested twice" },
	{ "case-unknown", "no case with this id in the input, or no case attribute" },
	{ "case-malformed", "the case record is malformed" },
	{ "attribute-invalid", "unknown type, seq or h present, at missing or malformed, by missing (except on rated), or an own attribute missing or invalid" },
	{ "item-unknown", "the item is not one of the case's items" },
	{ "material-not-missing", "supplied for a material that is not missing or deferred" },
	{ "extension-invalid", "days above the item's sealed extend" },
	{ "time-backwards", "at is earlier than the latest at among the case's events" },
	{ "transition-illegal", "the lifecycle grammar does not allow the event here; received, correction and accepted are never accepted from input" },
};

#define NMEANINGS (sizeof spec_meanings / sizeof spec_meanings[0])

QK_TEST(reject_meaning_of_every_code_is_the_text_of_tools_md)
{
	size_t i;

	for (i = 0; i < NMEANINGS; i++)
		CHECK_STR(qk_reject_meaning(spec_meanings[i].code),
		    spec_meanings[i].meaning);
}

QK_TEST(reject_meaning_of_an_unknown_code_is_no_known_meaning)
{
	const char *m = qk_reject_meaning("no-such-code");
	size_t i;

	CHECK(m != NULL);
	for (i = 0; i < NMEANINGS; i++)
		CHECK(strcmp(m, spec_meanings[i].meaning) != 0);
	CHECK(qk_reject_meaning("") != NULL);
}

QK_TEST(refusal_label_of_every_reason)
{
	CHECK_STR(qk_refusal_label("item-unknown"), "申请事项不在本中心事项目录中");
	CHECK_STR(qk_refusal_label("item-unclaimed"), "申请事项本中心尚未认领");
	CHECK_STR(qk_refusal_label("outside-scope"), "申请事项不属于本中心受理范围");
	CHECK_STR(qk_refusal_label("not-eligible"), "申请人不符合受理条件");
	CHECK_STR(qk_refusal_label("other"), "其他原因不予受理");
	CHECK(qk_refusal_label("others") == NULL);
	CHECK(qk_refusal_label("") == NULL);
	CHECK(qk_refusal_label(NULL) == NULL);
}

/* A valid application for the shipped roster and catalog. */
static struct qk_node *valid_app(struct qk_arena *a)
{
	struct qk_node *app = qk_test_node(a, NULL, "application ref=T-1 "
	    "received=2026-11-24T09:13:05+08:00 site=XG staff=W01 channel=window");

	if (app == NULL ||
	    qk_test_node(a, app, "applicant kind=person name=张伟 "
	    "idno=320703199001011231 phone=13800000000") == NULL ||
	    qk_test_node(a, app, "request item=CL-001") == NULL ||
	    qk_test_node(a, app, "request item=CL-002") == NULL ||
	    qk_test_node(a, app, "material code=M-IDCARD") == NULL ||
	    qk_test_node(a, app, "material code=M-HUKOU") == NULL ||
	    qk_test_node(a, app, "material code=M-PHOTO") == NULL)
		return NULL;
	return app;
}

static struct qk_arena *arena;
static const struct qk_catalog *cat;
static const struct qk_roster *ros;
static struct qk_cal *cal;

/* The reference data and a fresh arena; 1 when ready. */
static int setup(void)
{
	if (arena == NULL)
		arena = qk_arena_new();
	else
		qk_arena_reset(arena);
	return arena != NULL && qk_test_ref(&cat, &ros, &cal) == 0;
}

/* The reject code of the valid application changed by one attribute of
 * the application ("" when none). */
static const char *reject_with(const char *name, const char *value)
{
	struct qk_node *app = valid_app(arena);
	const char *code;

	if (app == NULL)
		return "(no memory)";
	if (value != NULL)
		qk_node_set(arena, app, name, value);
	else
		qk_node_unset(app, qk_atom(name, strlen(name)));
	code = qk_intake_reject(app, ros);
	return code != NULL ? code : "";
}

QK_TEST(intake_reject_passes_a_valid_application)
{
	CHECK(setup());
	CHECK_STR(reject_with("ref", "T-2"), "");
	/* The agent is ignored unless the channel is agent. */
	CHECK_STR(reject_with("agent", "NOBODY"), "");
	/* Any row with the window role will do. */
	CHECK_STR(reject_with("staff", "L02"), "");
}

QK_TEST(intake_reject_received)
{
	CHECK(setup());
	CHECK_STR(reject_with("received", NULL), "received-missing");
	CHECK_STR(reject_with("received", ""), "received-missing");
	CHECK_STR(reject_with("received", "2026-11-24T09:13:05"), "received-malformed");
	CHECK_STR(reject_with("received", "2026-11-24"), "received-malformed");
	CHECK_STR(reject_with("received", "yesterday"), "received-malformed");
	CHECK_STR(reject_with("received", "2026-02-30T09:13:05+08:00"), "received-malformed");
	CHECK_STR(reject_with("received", "2026-11-24T09:13:05.5+08:00"), "received-malformed");
	CHECK_STR(reject_with("received", "2026-11-24T09:13:05Z"), "");
}

QK_TEST(intake_reject_site_and_staff)
{
	CHECK(setup());
	CHECK_STR(reject_with("site", NULL), "site-missing");
	CHECK_STR(reject_with("site", ""), "site-missing");
	CHECK_STR(reject_with("site", "XX"), "site-unknown");
	CHECK_STR(reject_with("site", "xg"), "site-unknown");
	CHECK_STR(reject_with("staff", NULL), "staff-missing");
	CHECK_STR(reject_with("staff", "W99"), "staff-unknown");
	CHECK_STR(reject_with("staff", "MZ01"), "staff-unknown");	/* dept only */
	CHECK_STR(reject_with("staff", "L01"), "staff-unknown");	/* lead only */
	CHECK_STR(reject_with("staff", "A01"), "staff-unknown");	/* agent only */
}

QK_TEST(intake_reject_channel)
{
	static const char *const ok[] = { "window", "online", "post", "selfservice" };
	size_t i;

	CHECK(setup());
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		CHECK_STR(reject_with("channel", ok[i]), "");
	CHECK_STR(reject_with("channel", NULL), "channel-invalid");
	CHECK_STR(reject_with("channel", "phone"), "channel-invalid");
	CHECK_STR(reject_with("channel", "Window"), "channel-invalid");
}

/* The code of the application on the agent channel with this agent, on
 * this day. */
static const char *agent_reject(const char *agent, const char *received)
{
	struct qk_node *app = valid_app(arena);
	const char *code;

	if (app == NULL)
		return "(no memory)";
	qk_node_set(arena, app, "channel", "agent");
	qk_node_set(arena, app, "received", received);
	if (agent != NULL)
		qk_node_set(arena, app, "agent", agent);
	code = qk_intake_reject(app, ros);
	return code != NULL ? code : "";
}

QK_TEST(intake_reject_agent)
{
	CHECK(setup());
	CHECK_STR(agent_reject("A01", "2026-11-24T09:00:00+08:00"), "");
	CHECK_STR(agent_reject(NULL, "2026-11-24T09:00:00+08:00"), "agent-missing");
	CHECK_STR(agent_reject("", "2026-11-24T09:00:00+08:00"), "agent-missing");
	CHECK_STR(agent_reject("A99", "2026-11-24T09:00:00+08:00"), "agent-unknown");
	CHECK_STR(agent_reject("W01", "2026-11-24T09:00:00+08:00"), "agent-unknown");
	/* A01 is registered on 2026-10-20: from that day on. */
	CHECK_STR(agent_reject("A01", "2026-10-19T23:59:59+08:00"), "agent-unregistered");
	CHECK_STR(agent_reject("A01", "2026-10-20T00:00:00+08:00"), "");
}

/* The code of the valid application with its applicant replaced (spec
 * NULL: none; two specs joined by '|': two applicants). */
static const char *applicant_reject(const char *spec, const char *second)
{
	struct qk_node *app = valid_app(arena), *c, *prev = NULL;
	const char *code;

	if (app == NULL)
		return "(no memory)";
	/* Unlink the applicant. */
	for (c = app->child; c != NULL; prev = c, c = c->next)
		if (c->atom == QK_applicant) {
			if (prev != NULL)
				prev->next = c->next;
			else
				app->child = c->next;
			break;
		}
	if (spec != NULL)
		qk_test_node(arena, app, spec);
	if (second != NULL)
		qk_test_node(arena, app, second);
	code = qk_intake_reject(app, ros);
	return code != NULL ? code : "";
}

QK_TEST(intake_reject_applicant)
{
	CHECK(setup());
	CHECK_STR(applicant_reject(NULL, NULL), "applicant-missing");
	CHECK_STR(applicant_reject("applicant kind=person idno=320703199001011231",
	    "applicant kind=person idno=320703199001011231"), "applicant-missing");
	CHECK_STR(applicant_reject("applicant idno=320703199001011231", NULL),
	    "applicant-malformed");
	CHECK_STR(applicant_reject("applicant kind=robot idno=320703199001011231", NULL),
	    "applicant-malformed");
	CHECK_STR(applicant_reject("applicant kind=other idno=E1234567", NULL),
	    "applicant-malformed");
	CHECK_STR(applicant_reject("applicant kind=other idtype=visa idno=E1234567", NULL),
	    "applicant-malformed");
	CHECK_STR(applicant_reject("applicant kind=other idtype=passport idno=E1234567", NULL), "");
	CHECK_STR(applicant_reject("applicant kind=person idno=32070319900101123x", NULL),
	    "idno-invalid");
	CHECK_STR(applicant_reject("applicant kind=person idno=320703199001011232", NULL),
	    "idno-invalid");
	CHECK_STR(applicant_reject("applicant kind=person", NULL), "idno-invalid");
	CHECK_STR(applicant_reject("applicant kind=other idtype=passport idno=E-1234567", NULL),
	    "idno-invalid");
}

/* The code of the valid application with its requests replaced by these
 * items ("-" for a request without item). */
static const char *requests_reject(const char *const *items, size_t n)
{
	struct qk_node *app = valid_app(arena), *c;
	const char *code;
	char spec[64];
	size_t i;

	if (app == NULL)
		return "(no memory)";
	for (c = app->child; c != NULL; c = c->next)
		if (c->atom == QK_request)
			c->atom = QK_NONE;	/* no longer a request */
	for (i = 0; i < n; i++) {
		snprintf(spec, sizeof spec, strcmp(items[i], "-") == 0 ?
		    "request" : "request item=%s", items[i]);
		qk_test_node(arena, app, spec);
	}
	code = qk_intake_reject(app, ros);
	return code != NULL ? code : "";
}

QK_TEST(intake_reject_requests)
{
	static const char *const one[] = { "CL-001" };
	static const char *const none_item[] = { "CL-001", "-" };
	static const char *const empty_item[] = { "" };
	static const char *const twice[] = { "CL-001", "CL-002", "CL-001" };
	static const char *const unknown[] = { "XX-1", "XX-2" };

	CHECK(setup());
	CHECK_STR(requests_reject(one, 1), "");
	CHECK_STR(requests_reject(NULL, 0), "request-missing");
	CHECK_STR(requests_reject(none_item, 2), "request-malformed");
	CHECK_STR(requests_reject(empty_item, 1), "request-malformed");
	CHECK_STR(requests_reject(twice, 3), "request-duplicate");
	/* Unknown items are not rejected: the case is refused. */
	CHECK_STR(requests_reject(unknown, 2), "");
}

QK_TEST(intake_reject_takes_the_first_code_in_table_order)
{
	struct qk_node *app;

	CHECK(setup());
	app = qk_test_node(arena, NULL, "application site=XX channel=phone");
	CHECK(app != NULL);
	CHECK_STR(qk_intake_reject(app, ros), "received-missing");
	qk_node_set(arena, app, "received", "2026-11-24T09:13:05+08:00");
	CHECK_STR(qk_intake_reject(app, ros), "site-unknown");
	qk_node_set(arena, app, "site", "XG");
	CHECK_STR(qk_intake_reject(app, ros), "staff-missing");
	qk_node_set(arena, app, "staff", "W01");
	CHECK_STR(qk_intake_reject(app, ros), "channel-invalid");
	qk_node_set(arena, app, "channel", "agent");
	CHECK_STR(qk_intake_reject(app, ros), "agent-missing");
	qk_node_set(arena, app, "channel", "post");
	CHECK_STR(qk_intake_reject(app, ros), "applicant-missing");
	qk_test_node(arena, app, "applicant kind=person idno=1");
	CHECK_STR(qk_intake_reject(app, ros), "idno-invalid");
	qk_node_set(arena, app->child, "idno", "320703199001011231");
	CHECK_STR(qk_intake_reject(app, ros), "request-missing");
	qk_test_node(arena, app, "request item=CL-001");
	CHECK(qk_intake_reject(app, ros) == NULL);
}

QK_TEST(event_new_has_seq_and_type)
{
	struct qk_node *ev;

	CHECK(setup());
	ev = qk_event_new(arena, 1234567890L, "routed");
	CHECK(ev != NULL);
	CHECK_STR(ev->name, "event");
	CHECK_INT(ev->nattr, 2);
	CHECK_STR(ev->attr[0].name, "seq");
	CHECK_STR(qk_get(ev, QK_seq), "1234567890");
	CHECK_STR(qk_get(ev, QK_type), "routed");
	CHECK_STR(qk_get(qk_event_new(arena, 0, "received"), QK_seq), "0");
	CHECK_STR(qk_get(qk_event_new(arena, 7, "done"), QK_seq), "7");
}

/* The event of a case with this seq. */
static const struct qk_node *event(const struct qk_node *c, int seq)
{
	const struct qk_node *e;

	for (e = qk_child(c, QK_event); e != NULL; e = qk_next(e, QK_event))
		if (--seq == 0)
			return e;
	return NULL;
}

/* The sealed child of an event with this element atom and code. */
static const struct qk_node *sealed(const struct qk_node *ev, int atom,
    const char *code)
{
	const struct qk_node *c;

	for (c = qk_child(ev, atom); c != NULL; c = qk_next(c, atom))
		if (qk_is(c, QK_code, code))
			return c;
	return NULL;
}

QK_TEST(intake_case_of_the_example_is_the_example_case)
{
	struct qk_node *apps, *want, *c, *wc;
	struct qk_node *app;

	CHECK(setup());
	apps = qk_test_doc(arena, "example/applications.xml", "applications");
	want = qk_test_doc(arena, "example/cases.xml", "cases");
	CHECK(apps != NULL && want != NULL);
	app = qk_child(apps, QK_application);
	wc = qk_child(want, QK_case);
	CHECK(app != NULL && wc != NULL);
	CHECK(qk_intake_reject(app, ros) == NULL);
	c = qk_intake_case(arena, app, "XG-20261124-0001", cat, cal);
	CHECK(c != NULL);
	CHECK_STR(c->name, "case");
	CHECK_STR(qk_get(c, QK_id), "XG-20261124-0001");
	CHECK_STR(qk_get(c, QK_site), "XG");
	CHECK_STR(qk_get(c, QK_staff), "W01");
	CHECK_STR(qk_get(c, QK_channel), "window");
	CHECK_STR(qk_get(c, QK_received), "2026-11-24T09:13:05+08:00");
	CHECK(c->child == app);			/* linked in, not copied */
	CHECK_INT(qk_count_children(c, QK_event), 2);
	/* Both events, their sealed facts and h, as in the example. */
	CHECK(qk_node_equal(event(c, 1), event(wc, 1), NULL));
	CHECK(qk_node_equal(event(c, 2), event(wc, 2), NULL));
	CHECK_STR(qk_get(event(c, 2), QK_due), "2026-12-15");
	CHECK_STR(qk_get(event(c, 1), QK_at), "2026-11-24T09:13:05+08:00");
	CHECK_STR(qk_get(event(c, 2), QK_by), "W01");
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
	/* The derived parts are left to the replay. */
	CHECK(qk_child(c, QK_item) == NULL);
	CHECK(qk_get(c, QK_state) == NULL);
}

QK_TEST(intake_case_chain_depends_on_the_id)
{
	struct qk_node *app, *c1, *c2;

	CHECK(setup());
	app = valid_app(arena);
	CHECK(app != NULL);
	c1 = qk_intake_case(arena, app, "XG-20261124-0001", cat, cal);
	c2 = qk_intake_case(arena, valid_app(arena), "XG-20261124-0002", cat, cal);
	CHECK(c1 != NULL && c2 != NULL);
	CHECK(qk_chain_is_hash(qk_get(event(c1, 1), QK_h)));
	CHECK(qk_chain_is_hash(qk_get(event(c1, 2), QK_h)));
	CHECK(strcmp(qk_get(event(c1, 1), QK_h), qk_get(event(c2, 1), QK_h)) != 0);
	CHECK(strcmp(qk_get(event(c1, 2), QK_h), qk_get(event(c2, 2), QK_h)) != 0);
	CHECK_INT(qk_chain_verify(c2, NULL, NULL), -1);
	/* h comes last on an event. */
	CHECK_STR(event(c1, 2)->attr[event(c1, 2)->nattr - 1].name, "h");
}

/* The case of the valid application without the materials named. */
static struct qk_node *case_without(const char *m1, const char *m2)
{
	struct qk_node *app = valid_app(arena), *c;

	if (app == NULL)
		return NULL;
	for (c = app->child; c != NULL; c = c->next)
		if (c->atom == QK_material &&
		    (qk_is(c, QK_code, m1) || (m2 != NULL && qk_is(c, QK_code, m2))))
			c->atom = QK_NONE;	/* not handed in */
	return qk_intake_case(arena, app, "XG-20261124-0009", cat, cal);
}

QK_TEST(intake_case_missing_key_material_is_a_correction)
{
	const struct qk_node *c, *ev;

	CHECK(setup());
	c = case_without("M-IDCARD", NULL);
	CHECK(c != NULL);
	ev = event(c, 2);
	CHECK(ev != NULL);
	CHECK_STR(qk_get(ev, QK_type), "correction");
	CHECK(qk_get(ev, QK_due) == NULL);
	CHECK_INT(qk_count_children(ev, QK_item), 2);
	CHECK_INT(qk_count_children(ev, QK_material), 3);
	CHECK_STR(qk_get(sealed(ev, QK_material, "M-IDCARD"), QK_status), "missing");
	CHECK_STR(qk_get(sealed(ev, QK_material, "M-IDCARD"), QK_blocking), "yes");
	CHECK_STR(qk_get(sealed(ev, QK_material, "M-HUKOU"), QK_status), "provided");
	CHECK(qk_get(sealed(ev, QK_material, "M-HUKOU"), QK_blocking) == NULL);
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
}

QK_TEST(intake_case_missing_deferrable_material_is_accepted_deferred)
{
	const struct qk_node *c, *ev, *m;

	CHECK(setup());
	/* M-PHOTO: key="no", needed only by CL-001, which has defer="yes"
	 * and defer-days="5". */
	c = case_without("M-PHOTO", NULL);
	CHECK(c != NULL);
	ev = event(c, 2);
	CHECK_STR(qk_get(ev, QK_type), "accepted");
	m = sealed(ev, QK_material, "M-PHOTO");
	CHECK(m != NULL);
	CHECK_STR(qk_get(m, QK_status), "deferred");
	CHECK_STR(qk_get(m, QK_until), "2026-12-01");
	CHECK(qk_get(m, QK_blocking) == NULL);
	CHECK(qk_get(sealed(ev, QK_material, "M-IDCARD"), QK_until) == NULL);
	CHECK_STR(qk_get(ev, QK_due), "2026-12-15");
}

QK_TEST(intake_case_missing_non_key_material_of_no_defer_item_blocks)
{
	const struct qk_node *c, *ev;

	CHECK(setup());
	/* Both missing; M-HUKOU is key for both items. */
	c = case_without("M-PHOTO", "M-HUKOU");
	CHECK(c != NULL);
	ev = event(c, 2);
	CHECK_STR(qk_get(ev, QK_type), "correction");
	CHECK_STR(qk_get(sealed(ev, QK_material, "M-HUKOU"), QK_blocking), "yes");
	/* The non-blocking missing one is sealed too, without blocking. */
	CHECK_STR(qk_get(sealed(ev, QK_material, "M-PHOTO"), QK_status), "missing");
	CHECK(qk_get(sealed(ev, QK_material, "M-PHOTO"), QK_blocking) == NULL);
}

QK_TEST(intake_case_refuses_unknown_and_unclaimed_items_in_request_order)
{
	struct qk_node *app, *c;
	const struct qk_node *ev;

	CHECK(setup());
	app = valid_app(arena);
	CHECK(app != NULL);
	qk_test_node(arena, app, "request item=RS-009");	/* claimed="no" */
	qk_test_node(arena, app, "request item=XX-999");
	c = qk_intake_case(arena, app, "XG-20261124-0003", cat, cal);
	CHECK(c != NULL);
	ev = event(c, 2);
	CHECK_STR(qk_get(ev, QK_type), "refused");
	CHECK_STR(qk_get(ev, QK_reason), "item-unclaimed");
	CHECK_STR(qk_get(ev, QK_note),
	    "RS-009：申请事项本中心尚未认领；XX-999：申请事项不在本中心事项目录中");
	CHECK(qk_child(ev, QK_item) == NULL);
	CHECK_INT(qk_chain_verify(c, NULL, NULL), -1);
}

QK_TEST(intake_case_refused_for_one_unknown_item)
{
	struct qk_node *app, *c;

	CHECK(setup());
	app = qk_test_node(arena, NULL, "application received=2026-11-24T09:13:05+08:00 "
	    "site=XG staff=W01 channel=window");
	CHECK(app != NULL);
	qk_test_node(arena, app, "applicant kind=person idno=320703199001011231");
	qk_test_node(arena, app, "request item=XX-999");
	c = qk_intake_case(arena, app, "XG-20261124-0004", cat, cal);
	CHECK(c != NULL);
	CHECK_STR(qk_get(event(c, 2), QK_reason), "item-unknown");
	CHECK_STR(qk_get(event(c, 2), QK_note), "XX-999：申请事项不在本中心事项目录中");
}

/* A catalog of items X-1 … X-5: prerequisites of each other,
 * X-3 after after X-9 (not requested), X-5 after X-3. */
static const char cycle_catalog[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<catalog version=\"1\" org=\"1\" name=\"t\" edition=\"2026-11\">\n"
    "  <dept code=\"CL\" name=\"d\"/>\n"
#define ITEM(code, after) \
    "  <item code=\"" code "\" dept=\"CL\" name=\"n\" level=\"subdistrict\" " \
    "mode=\"promise\" legal=\"20\" promised=\"2\" window=\"no\" defer=\"no\" " \
    "online=\"4\" delivery=\"window\" fee=\"0\" extend=\"0\" claimed=\"yes\"" \
    after "/>\n"
    ITEM("X-1", " after=\"X-2\"")
    ITEM("X-2", " after=\"X-1\"")
    ITEM("X-3", " after=\"X-1\"")
    ITEM("X-4", " after=\"X-9\"")
    ITEM("X-5", " after=\"X-3\"")
    ITEM("X-9", "")
#undef ITEM
    "</catalog>\n";

QK_TEST(intake_case_does_not_seal_an_after_cycle)
{
	struct qk_test_tmp t = { "" };
	struct qk_catalog *cc = NULL;
	struct qk_node *app, *c;
	const struct qk_node *ev;
	char path[512];
	const char *file = "", *err = "not loaded";
	long line = 0;
	int i;

	CHECK(setup());
	CHECK_INT(qk_test_tmp_make(&t), 0);
	if (qk_test_tmp_write(&t, "catalog.xml", cycle_catalog, path, sizeof path) == 0)
		cc = qk_catalog_load(path);
	if (cc != NULL)
		err = qk_catalog_error(cc, &file, &line, NULL);
	qk_test_tmp_remove(&t);
	if (err != NULL)
		printf("# %s:%ld: %s\n", file, line, err);
	CHECK(cc != NULL && err == NULL);
	app = qk_test_node(arena, NULL, "application received=2026-11-24T09:13:05+08:00 "
	    "site=XG staff=W01 channel=window");
	qk_test_node(arena, app, "applicant kind=person idno=320703199001011231");
	for (i = 1; i <= 5; i++) {
		char spec[32];

		snprintf(spec, sizeof spec, "request item=X-%d", i);
		qk_test_node(arena, app, spec);
	}
	c = qk_intake_case(arena, app, "XG-20261124-0005", cc, cal);
	ev = c != NULL ? event(c, 2) : NULL;
	if (ev == NULL)
		qk_catalog_free(cc);
	CHECK(ev != NULL);
	qk_catalog_free(cc);
	CHECK_STR(qk_get(ev, QK_type), "accepted");
	CHECK_INT(qk_count_children(ev, QK_item), 5);
	CHECK(qk_get(sealed(ev, QK_item, "X-1"), QK_after) == NULL);
	CHECK(qk_get(sealed(ev, QK_item, "X-2"), QK_after) == NULL);
	CHECK_STR(qk_get(sealed(ev, QK_item, "X-3"), QK_after), "X-1");
	CHECK(qk_get(sealed(ev, QK_item, "X-4"), QK_after) == NULL);
	CHECK_STR(qk_get(sealed(ev, QK_item, "X-5"), QK_after), "X-3");
	/* The due follows the sealed chain: 2 + 2 + 2 workdays from Tuesday
	 * 2026-11-24. */
	CHECK_STR(qk_get(ev, QK_due), "2026-12-02");
}
