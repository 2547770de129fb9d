/* The catalog and roster rules (rules.md) and the vague-word list. */
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "finding.h"
#include "lint.h"
#include "roster.h"
#include "test.h"

/* The findings of a run, one line each: rule, severity, then the
 * attributes as name=value in formats.md's order. */
struct found {
	char s[16384];
	size_t n;
};

static const char *const attr_names[QK_F_N] = {
	"case", "item", "material", "dept", "site", "staff", "decider", "due",
	"until", "days", "seq", "score", "attr", "expected", "found", "field",
	"word", "parent", "count", "to"
};

static const char *const severity_names[] = { "error", "warning", "info" };

static void add(struct found *b, const char *s)
{
	size_t len = strlen(s);

	if (b->n + len < sizeof b->s) {
		memcpy(b->s + b->n, s, len + 1);
		b->n += len;
	}
}

static void collect(void *arg, const struct qk_finding *f)
{
	struct found *b = arg;
	int i;

	add(b, f->rule);
	add(b, " ");
	add(b, severity_names[f->severity]);
	for (i = 0; i < QK_F_N; i++)
		if (f->v[i] != NULL) {
			add(b, " ");
			add(b, attr_names[i]);
			add(b, "=");
			add(b, f->v[i]);
		}
	add(b, "\n");
}

/* The vague words of these tests, as the shipped file has them. */
static const char shipped_words[] =
    "# shipped\n其他\n其它\n相关\n有关\n等材料\n必要的\n另行\n视情况\n根据需要\n";

/* The catalog findings of a <catalog> body, written in t's folder, with
 * the vague words of the folder vague_dir, into b; -1 when something could
 * not be set up. */
static int run_catalog(const struct qk_test_tmp *t, const char *body, const char *vague_dir,
    struct found *b)
{
	char path[512], xml[16384];
	const char *file;
	struct qk_catalog *c = NULL;
	struct qk_vague *vw = NULL;
	long line;
	int r = -1;

	b->n = 0;
	b->s[0] = '\0';
	snprintf(xml, sizeof xml, "<catalog version=\"1\">\n%s</catalog>\n", body);
	snprintf(path, sizeof path, "%s/catalog.xml", t->dir);
	if (qk_test_tmp_write(t, "catalog.xml", xml, NULL, 0) == 0 &&
	    (c = qk_catalog_load(path)) != NULL &&
	    qk_catalog_error(c, &file, &line, NULL) == NULL &&
	    (vw = qk_vague_load(vague_dir)) != NULL && qk_vague_error(vw) == NULL)
		r = qk_lint_catalog(c, vw, collect, b);
	qk_vague_free(vw);
	qk_catalog_free(c);
	return r;
}

/* The same with the vague-word files given (NULL: no such file). */
static int lint_catalog(const char *body, const char *words, const char *local,
    struct found *b)
{
	struct qk_test_tmp t = { "" };
	int r = -1;

	if (qk_test_tmp_make(&t) < 0)
		return -1;
	if ((words == NULL || qk_test_tmp_write(&t, "vague-words.txt", words, NULL, 0) == 0) &&
	    (local == NULL || qk_test_tmp_write(&t, "vague-words.local.txt", local, NULL, 0) == 0))
		r = run_catalog(&t, body, t.dir, b);
	qk_test_tmp_remove(&t);
	return r;
}

static int lint_roster(const char *body, struct found *b)
{
	char xml[16384];
	const char *file;
	struct qk_roster *r = NULL;
	struct qk_test_tmp t = { "" };
	long line;
	int rc = -1;

	b->n = 0;
	b->s[0] = '\0';
	if (qk_test_tmp_make(&t) < 0)
		return -1;
	snprintf(xml, sizeof xml, "<roster version=\"1\">\n%s</roster>\n", body);
	if (qk_test_tmp_write(&t, "roster.xml", xml, NULL, 0) < 0)
		goto done;
	snprintf(xml, sizeof xml, "%s/roster.xml", t.dir);
	if ((r = qk_roster_load(xml)) != NULL && qk_roster_error(r, &file, &line, NULL) == NULL)
		rc = qk_lint_roster(r, collect, b);
done:
	qk_roster_free(r);
	qk_test_tmp_remove(&t);
	return rc;
}

/* Departments, materials and the guide text of a complete item. */
#define ROWS \
	"<dept code=\"CL\" name=\"残联\"/>\n" \
	"<material code=\"M1\" name=\"居民身份证\"/>\n" \
	"<material code=\"M2\" name=\"其他证明材料\"/>\n" \
	"<material code=\"M3\" name=\"有关部门出具的相关证明\"/>\n"
#define LIMITS "dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"5\" fee=\"0\""
#define TEXTS \
	"<basis>办法</basis><conditions>本辖区户籍残疾人</conditions>" \
	"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>" \
	"<result>证</result><steps>受理、发证</steps>"
#define ITEM(code, attrs, body) \
	"<item code=\"" code "\" " attrs ">" body "</item>\n"
#define GOOD(code) ITEM(code, LIMITS, TEXTS "<need material=\"M1\"/>")

QK_TEST(lint_catalog_complete_item_gives_nothing)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS GOOD("A") GOOD("B"), shipped_words, NULL, &b), 0);
	CHECK_STR(b.s, "");
}

QK_TEST(lint_catalog_missing_fields_in_rules_order)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS "<item code=\"A\" dept=\"CL\"/>\n", shipped_words,
	    NULL, &b), 0);
	CHECK_STR(b.s,
	    "guide-missing-field error item=A field=basis\n"
	    "guide-missing-field error item=A field=conditions\n"
	    "guide-missing-field error item=A field=place\n"
	    "guide-missing-field error item=A field=contact\n"
	    "guide-missing-field error item=A field=complaint\n"
	    "guide-missing-field error item=A field=result\n"
	    "guide-missing-field error item=A field=steps\n"
	    "guide-missing-field error item=A field=fee\n"
	    "guide-missing-field error item=A field=legal\n"
	    "guide-missing-field error item=A field=promised\n"
	    "guide-missing-field error item=A field=material\n");
}

/* U+3000 and the other white space of rules.md count as nothing; a text
 * with something else, fee=" " and limits with leading zeros are there. */
QK_TEST(lint_catalog_missing_field_white_space_and_integers)
{
	static const char body[] = ROWS
	    ITEM("A", "dept=\"CL\" mode=\"promise\" legal=\"\" promised=\"-1\" fee=\"\"",
		"<basis>\xe3\x80\x80</basis><conditions> \t\xc2\xa0\xe2\x80\x8a\xe2\x80\xa8"
		"\xe2\x80\xaf\xe2\x81\x9f\xe1\x9a\x80\xc2\x85\r\n</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("B", "dept=\"CL\" mode=\"promise\" legal=\"020\" promised=\"005\" fee=\" \"",
		"<basis>\xe3\x80\x80x</basis><conditions>\xe2\x80\x8b</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("C", "dept=\"CL\" legal=\" 5\" promised=\"５\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "guide-missing-field error item=A field=basis\n"
	    "guide-missing-field error item=A field=conditions\n"
	    "guide-missing-field error item=A field=fee\n"
	    "guide-missing-field error item=A field=legal\n"
	    "guide-missing-field error item=A field=promised\n"
	    "guide-missing-field error item=C field=legal\n"
	    "guide-missing-field error item=C field=promised\n");
}

/* The conditions first, then each needed material once, in need order;
 * the word is the first of the list that occurs, not the first in the
 * text. */
QK_TEST(lint_catalog_guide_vague_places_and_first_word)
{
	static const char body[] = ROWS
	    ITEM("A", LIMITS, "<basis>办法</basis><conditions>有关单位及相关人员</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps>"
		"<need material=\"M3\"/><need material=\"M1\"/><need material=\"M2\"/>"
		"<need material=\"M3\"/>")
	    ITEM("B", LIMITS, "<basis>办法</basis><conditions>其 他</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "guide-vague error item=A field=conditions word=相关\n"
	    "guide-vague error item=A material=M3 word=相关\n"
	    "guide-vague error item=A material=M2 word=其他\n");
}

/* A material the catalog lacks has no name to be vague: ref-unknown only. */
QK_TEST(lint_catalog_guide_vague_skips_unknown_material)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS ITEM("A", LIMITS, TEXTS "<need material=\"其他\"/>"),
	    shipped_words, NULL, &b), 0);
	CHECK_STR(b.s, "ref-unknown error item=A material=其他\n");
}

QK_TEST(lint_catalog_limit_inconsistent)
{
	static const char body[] = ROWS
	    ITEM("P1", "dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"21\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("P2", "dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"0\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("P3", "dept=\"CL\" mode=\"immediate\" legal=\"20\" promised=\"1\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("P4", "dept=\"CL\" legal=\"9\" promised=\"10\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("P5", "dept=\"CL\" mode=\"promise\" legal=\"99999999999999999999\" "
		"promised=\"100000000000000000000\" fee=\"0\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("N1", "dept=\"CL\" mode=\"promise\" legal=\"20\" promised=\"20\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("N2", "dept=\"CL\" mode=\"immediate\" legal=\"20\" promised=\"000\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("N3", "dept=\"CL\" mode=\"promise\" legal=\"0020\" promised=\"9\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("N4", "dept=\"CL\" mode=\"promise\" legal=\"99999999999999999999\" "
		"promised=\"5\" fee=\"0\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("N5", "dept=\"CL\" mode=\"promise\" legal=\"x\" promised=\"30\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("N6", "dept=\"CL\" legal=\"5\" promised=\"0\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("N7", "dept=\"CL\" mode=\"Immediate\" legal=\"5\" promised=\"3\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "guide-missing-field error item=N5 field=legal\n"
	    "limit-inconsistent error item=P1\n"
	    "limit-inconsistent error item=P2\n"
	    "limit-inconsistent error item=P3\n"
	    "limit-inconsistent error item=P4\n"
	    "limit-inconsistent error item=P5\n");
}

/* dept first (absent reads as ""), then every need in order. */
QK_TEST(lint_catalog_ref_unknown)
{
	static const char body[] = ROWS
	    ITEM("A", "mode=\"promise\" legal=\"20\" promised=\"5\" fee=\"0\"",
		TEXTS "<need material=\"M9\"/><need material=\"M1\"/><need/>"
		"<need material=\"M9\"/>")
	    ITEM("B", "dept=\"XX\" mode=\"promise\" legal=\"20\" promised=\"5\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>")
	    ITEM("C", "dept=\"\" mode=\"promise\" legal=\"20\" promised=\"5\" fee=\"0\"",
		TEXTS "<need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "ref-unknown error item=A dept=\n"
	    "ref-unknown error item=A material=M9\n"
	    "ref-unknown error item=A material=\n"
	    "ref-unknown error item=A material=M9\n"
	    "ref-unknown error item=B dept=XX\n"
	    "ref-unknown error item=C dept=\n");
}

/* An item on a cycle (itself included) or after no item; one that only
 * leads into a cycle, or after a good item, is fine. */
QK_TEST(lint_catalog_prerequisite_invalid)
{
	static const char body[] = ROWS
	    ITEM("A", LIMITS " after=\"B\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("B", LIMITS " after=\"A\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("C", LIMITS " after=\"C\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("D", LIMITS " after=\"A\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("E", LIMITS " after=\"F\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("F", LIMITS " after=\"\"", TEXTS "<need material=\"M1\"/>")
	    ITEM("G", LIMITS " after=\"Z\"", TEXTS "<need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "prerequisite-invalid error item=A\n"
	    "prerequisite-invalid error item=B\n"
	    "prerequisite-invalid error item=C\n"
	    "prerequisite-invalid error item=G\n");
}

/* A second row of the same code, by kind (an item may share a dept's
 * code); every extra occurrence, in document order. */
QK_TEST(lint_catalog_duplicate_code)
{
	static const char body[] = ROWS
	    GOOD("CL") GOOD("A")
	    "<material code=\"M1\" name=\"身份证\"/>\n"
	    GOOD("A")
	    "<dept code=\"CL\" name=\"残联\"/>\n"
	    "<material code=\"M1\" name=\"身份证\"/>\n"
	    "<material name=\"无编码\"/><material name=\"无编码\"/>\n";
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "duplicate-code error material=M1\n"
	    "duplicate-code error item=A\n"
	    "duplicate-code error dept=CL\n"
	    "duplicate-code error material=M1\n");
}

/* Rule by rule over all the items, then the rows of duplicate-code. */
QK_TEST(lint_catalog_order_is_rules_then_rows)
{
	static const char body[] = ROWS
	    ITEM("A", "dept=\"XX\" mode=\"immediate\" legal=\"20\" promised=\"5\" fee=\"0\"",
		TEXTS "<need material=\"M2\"/>")
	    ITEM("B", "mode=\"promise\" legal=\"20\" promised=\"5\" after=\"A\"",
		"<basis>其他</basis><conditions>其它</conditions><place>窗口</place>"
		"<contact>0518</contact><complaint>12345</complaint><result>证</result>"
		"<steps>受理</steps><need material=\"M3\"/>")
	    ITEM("A", "dept=\"CL\" legal=\"1\" promised=\"2\" fee=\"0\" after=\"Y\"",
		TEXTS);
	struct found b;

	CHECK_INT(lint_catalog(body, shipped_words, NULL, &b), 0);
	CHECK_STR(b.s,
	    "guide-missing-field error item=B field=fee\n"
	    "guide-missing-field error item=A field=material\n"
	    "guide-vague error item=A material=M2 word=其他\n"
	    "guide-vague error item=B field=conditions word=其它\n"
	    "guide-vague error item=B material=M3 word=相关\n"
	    "limit-inconsistent error item=A\n"
	    "limit-inconsistent error item=A\n"
	    "ref-unknown error item=A dept=XX\n"
	    "ref-unknown error item=B dept=\n"
	    "prerequisite-invalid error item=A\n"
	    "duplicate-code error item=A\n");
}

/*
 * The loader through guide-vague: each item's conditions probe one phrase.
 * Comments and the white space of rules.md (U+3000, U+00A0, U+2028, CR)
 * are dropped, blank lines add nothing, the local file comes after the
 * shipped one, and a last line without a line feed counts.
 */
QK_TEST(lint_vague_load_trims_comments_and_appends_local)
{
	static const char words[] =
	    "# 说明 其他\n"
	    "  相关  # 注释\n"
	    "\t\r\n"
	    "\xe3\x80\x80视情况\xe3\x80\x80\r\n"
	    "#只是注释\n"
	    "甲#乙\n";
	static const char local[] =
	    "\xc2\xa0本地\xe2\x80\xa8\n"
	    "\n"
	    "相关部门";
	static const char body[] = ROWS
	    ITEM("P1", LIMITS, "<basis>办法</basis><conditions>说明其他注释只是注释乙</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("P2", LIMITS, "<basis>办法</basis><conditions>视情况</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("P3", LIMITS, "<basis>办法</basis><conditions>本地甲</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("P4", LIMITS, "<basis>办法</basis><conditions>本地的部门</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>")
	    ITEM("P5", LIMITS, "<basis>办法</basis><conditions>部门</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>");
	static const char body2[] = ROWS
	    ITEM("Q1", LIMITS, "<basis>办法</basis><conditions>相关部门</conditions>"
		"<place>窗口</place><contact>0518</contact><complaint>12345</complaint>"
		"<result>证</result><steps>受理</steps><need material=\"M1\"/>");
	struct found b;

	CHECK_INT(lint_catalog(body, words, local, &b), 0);
	CHECK_STR(b.s,
	    "guide-vague error item=P2 field=conditions word=视情况\n"
	    "guide-vague error item=P3 field=conditions word=甲\n"
	    "guide-vague error item=P4 field=conditions word=本地\n");
	/* The local phrase 相关部门 is found when the shipped 相关 is not there. */
	CHECK_INT(lint_catalog(body2, "视情况\n", local, &b), 0);
	CHECK_STR(b.s, "guide-vague error item=Q1 field=conditions word=相关部门\n");
}

/* The local file may be missing: the shipped phrases alone. */
QK_TEST(lint_vague_load_without_local_file)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS ITEM("A", LIMITS, "<basis>办法</basis>"
	    "<conditions>视情况另行通知</conditions><place>窗口</place><contact>0518</contact>"
	    "<complaint>12345</complaint><result>证</result><steps>受理</steps>"
	    "<need material=\"M1\"/>"), "另行\n视情况\n", NULL, &b), 0);
	CHECK_STR(b.s, "guide-vague error item=A field=conditions word=另行\n");
}

/* An item without code is still reported, as item="". */
QK_TEST(lint_catalog_item_without_code_is_item_empty)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS "<item " LIMITS ">" TEXTS "</item>\n", shipped_words,
	    NULL, &b), 0);
	CHECK_STR(b.s, "guide-missing-field error item= field=material\n");
}

/* Without either file the list is empty. */
QK_TEST(lint_vague_load_missing_files_are_empty)
{
	struct found b;

	CHECK_INT(lint_catalog(ROWS ITEM("A", LIMITS, TEXTS "<need material=\"M2\"/>"),
	    NULL, NULL, &b), 0);
	CHECK_STR(b.s, "");
}

/* A file that is there but cannot be read is an error, with its path. */
QK_TEST(lint_vague_load_unreadable_file_fails)
{
	char path[512];
	struct qk_vague *vw;
	struct qk_test_tmp t = { "" };

	CHECK(qk_test_tmp_make(&t) == 0);
	snprintf(path, sizeof path, "%s/vague-words.local.txt", t.dir);
	CHECK(qk_test_tmp_write(&t, "vague-words.txt", "其他\n", NULL, 0) == 0);
	CHECK(mkdir(path, 0700) == 0);
	vw = qk_vague_load(t.dir);
	rmdir(path);
	qk_test_tmp_remove(&t);
	CHECK(vw != NULL && qk_vague_error(vw) != NULL);
	CHECK(strstr(qk_vague_error(vw), "vague-words.local.txt") != NULL);
	qk_vague_free(vw);
}

/* The shipped catalog and roster, with the shipped vague words, give no
 * finding at all (issue 17). */
QK_TEST(lint_shipped_catalog_and_roster_give_nothing)
{
	const char *file;
	const char *dir = QK_SRCDIR "/share/qk";
	struct qk_catalog *c;
	struct qk_roster *r;
	struct qk_vague *vw;
	struct found b = { "", 0 };
	long line;

	c = qk_catalog_load(QK_SRCDIR "/share/qk/catalog.xml");
	r = qk_roster_load(QK_SRCDIR "/share/qk/roster.xml");
	CHECK(c != NULL && qk_catalog_error(c, &file, &line, NULL) == NULL);
	CHECK(r != NULL && qk_roster_error(r, &file, &line, NULL) == NULL);
	vw = qk_vague_load(dir);
	CHECK(c != NULL && r != NULL && vw != NULL && qk_vague_error(vw) == NULL);
	CHECK_INT(qk_lint_catalog(c, vw, collect, &b), 0);
	CHECK_INT(qk_lint_roster(r, collect, &b), 0);
	qk_vague_free(vw);
	qk_roster_free(r);
	qk_catalog_free(c);
	CHECK_STR(b.s, "");
}

/* The shipped list holds exactly the nine phrases of rules.md, in order. */
QK_TEST(lint_shipped_vague_words_are_the_nine)
{
	static const char *const nine[] = { "其他", "其它", "相关", "有关", "等材料",
	    "必要的", "另行", "视情况", "根据需要" };
	char body[8192], *p = body, *end = body + sizeof body;
	struct found b;
	struct qk_test_tmp t = { "" };
	size_t i;
	int r;

	/* Item i's conditions hold phrases i … 8 backwards: the first in list
	 * order is phrase i. */
	p += snprintf(p, end - p, ROWS);
	for (i = 0; i < 9; i++) {
		size_t j;

		p += snprintf(p, end - p, "<item code=\"V%zu\" " LIMITS "><basis>办法</basis>"
		    "<conditions>", i);
		for (j = 9; j-- > i; )
			p += snprintf(p, end - p, "%s。", nine[j]);
		p += snprintf(p, end - p, "</conditions><place>窗口</place><contact>0518</contact>"
		    "<complaint>12345</complaint><result>证</result><steps>受理</steps>"
		    "<need material=\"M1\"/></item>\n");
	}
	CHECK(qk_test_tmp_make(&t) == 0);
	r = run_catalog(&t, body, QK_SRCDIR "/share/qk", &b);
	qk_test_tmp_remove(&t);
	CHECK_INT(r, 0);
	for (p = b.s, i = 0; i < 9; i++) {
		char want[128];

		snprintf(want, sizeof want, "guide-vague error item=V%zu field=conditions word=%s\n",
		    i, nine[i]);
		CHECK(strncmp(p, want, strlen(want)) == 0);
		p += strlen(want);
	}
	CHECK_STR(p, "");
}

/* ---- Roster ---- */

#define SITE(code, level, rest) \
	"<site code=\"" code "\" name=\"站\" level=\"" level "\"" rest "/>\n"
#define STAFF(id, site, role) \
	"<staff id=\"" id "\" name=\"人\" site=\"" site "\" role=\"" role "\"/>\n"

QK_TEST(lint_roster_agents_too_few)
{
	static const char body[] =
	    SITE("XG", "subdistrict", "")
	    SITE("HB", "community", " parent=\"XG\"")
	    SITE("XS", "community", " parent=\"XG\"")
	    SITE("Y", "subdistrict", "")
	    SITE("D", "district", "")
	    STAFF("W1", "HB", "window") STAFF("W2", "HB", "window")
	    STAFF("W3", "XS", "window") STAFF("W4", "XS", "window")
	    /* Two rows of A1 at XG count once; A4's agent row is at HB. */
	    STAFF("A1", "XG", "agent") STAFF("A1", "XG", "agent")
	    STAFF("A2", "XG", "agent") STAFF("A4", "XG", "lead")
	    STAFF("A4", "HB", "agent") STAFF("W3", "XS", "lead")
	    STAFF("B1", "Y", "agent") STAFF("B2", "Y", "agent") STAFF("B3", "Y", "agent")
	    "<staff name=\"无号\" site=\"XG\" role=\"agent\"/>\n";
	struct found b;

	CHECK_INT(lint_roster(body, &b), 0);
	CHECK_STR(b.s,
	    "agents-too-few error site=XG count=2\n"
	    "agents-too-few error site=XS count=0\n");
}

QK_TEST(lint_roster_window_staff_too_few)
{
	static const char body[] =
	    SITE("XG", "subdistrict", "")
	    SITE("HB", "community", " parent=\"XG\"")
	    SITE("XS", "community", " parent=\"XG\"")
	    SITE("YG", "community", " parent=\"XG\"")
	    STAFF("A1", "XG", "agent") STAFF("A2", "XG", "agent") STAFF("A3", "XG", "agent")
	    STAFF("A4", "HB", "agent") STAFF("A5", "XS", "agent") STAFF("A6", "YG", "agent")
	    STAFF("W1", "HB", "window") STAFF("W1", "HB", "window")
	    STAFF("W2", "HB", "dept")
	    STAFF("W3", "XS", "window") STAFF("W4", "XS", "window");
	struct found b;

	CHECK_INT(lint_roster(body, &b), 0);
	CHECK_STR(b.s,
	    "window-staff-too-few warning site=HB count=1\n"
	    "window-staff-too-few warning site=YG count=0\n");
}

/* Staff rows and site rows in document order; a staff row without site is
 * site=""; a site without parent, or with parent="", is not checked. */
QK_TEST(lint_roster_site_unknown)
{
	static const char body[] =
	    SITE("XG", "district", "")
	    STAFF("W1", "ZZ", "window")
	    SITE("HB", "district", " parent=\"QQ\"")
	    SITE("XS", "district", " parent=\"\"")
	    SITE("YG", "district", " parent=\"HB\"")
	    "<staff id=\"W2\" name=\"人\" role=\"window\"/>\n"
	    STAFF("W3", "", "window")
	    STAFF("W4", "XG", "window")
	    "<staff name=\"人\" site=\"XX\" role=\"lead\"/>\n";
	struct found b;

	CHECK_INT(lint_roster(body, &b), 0);
	CHECK_STR(b.s,
	    "site-unknown error site=ZZ staff=W1\n"
	    "site-unknown error site=HB parent=QQ\n"
	    "site-unknown error site= staff=W2\n"
	    "site-unknown error site= staff=W3\n"
	    "site-unknown error site=XX staff=\n");
}

QK_TEST(lint_roster_order_is_rules_then_rows)
{
	static const char body[] =
	    SITE("HB", "community", " parent=\"XG\"")
	    STAFF("W1", "XG", "window")
	    SITE("XG", "subdistrict", "")
	    STAFF("A1", "HB", "agent");
	struct found b;

	CHECK_INT(lint_roster(body, &b), 0);
	CHECK_STR(b.s,
	    "agents-too-few error site=XG count=0\n"
	    "window-staff-too-few warning site=HB count=0\n");
}
