/*
 * qk-gen: seeded, deterministic sample data for the tests, the demo and the
 * bench.  "applications" writes an <applications> document: a realistic mix
 * of channels, sites, staff, items and materials, in time order over a run
 * of working days.  "events" reads <cases>, one at a time, and writes the
 * <events> of one day: each one checked against the replay and stepped into
 * it, so that qk-route accepts them all, except a few deliberately invalid
 * ones (case-unknown, item-unknown).  "workdays" lists working days of the
 * calendar, for the scripts.  Its own PRNG (splitmix64): the same
 * seed gives the same bytes on every machine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cal.h"
#include "case.h"
#include "catalog.h"
#include "cli.h"
#include "date.h"
#include "input.h"
#include "msg.h"
#include "node.h"
#include "output.h"
#include "records.h"
#include "replay.h"
#include "route.h"
#include "roster.h"
#include "value.h"
#include "writer.h"

enum { OPT_COUNT = QK_OPT_TOOL, OPT_DAY, OPT_DAYS, OPT_FROM, OPT_SEED };

static const struct option longopts[] = {
	{ "calendar", required_argument, NULL, QK_OPT_CALENDAR },
	{ "catalog", required_argument, NULL, QK_OPT_CATALOG },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "day", required_argument, NULL, OPT_DAY },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, QK_OPT_HELP },
	{ "roster", required_argument, NULL, QK_OPT_ROSTER },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "version", no_argument, NULL, QK_OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

#define OFFSET_MIN 480			/* +08:00 */
#define OPEN_SEC (8 * 3600 + 1800)	/* 08:30 */
#define CLOSE_SEC (17 * 3600 + 1800)	/* 17:30 */
#define MAX_REQ 3
#define MAX_MATS 64
#define IDNO_LEN 40

/* ---- The PRNG: splitmix64, and seeds derived from strings ---- */

struct rng {
	uint64_t s;
};

static uint64_t next64(struct rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n <= 0. */
static long below(struct rng *g, long n)
{
	return n > 0 ? (long)(next64(g) % (uint64_t)n) : 0;
}

/* Uniform in [0, 1). */
static double unit(struct rng *g)
{
	return (double)(next64(g) >> 11) * 0x1.0p-53;
}

static int chance(struct rng *g, double p)
{
	return unit(g) < p;
}

/* FNV-1a of s, continuing from h. */
static uint64_t mix(uint64_t h, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

/* A generator of its own for (seed, a, b, n): draws for one case or one
 * item do not depend on the other records of the input. */
static struct rng rng_for(uint64_t seed, const char *a, const char *b, long n)
{
	struct rng g;
	char num[24];

	snprintf(num, sizeof num, "%ld", n);
	g.s = mix(mix(mix(0xcbf29ce484222325ULL ^ seed, a), b), num);
	next64(&g);
	return g;
}

/* An index in [0, n) drawn by the integer weights w. */
static int pick(struct rng *g, const int *w, int n)
{
	long total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = below(g, total);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* An entry of a table, the first ones more often (names, regions). */
static const char *skewed(struct rng *g, const char *const *list, int n)
{
	double u = unit(g);

	return list[(int)(u * u * n)];
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- The reference data, as the generator uses it ---- */

struct strs {
	const char **v;
	int n, cap;
};

struct site {
	const char *code;
	int weight;
	struct strs window;
};

struct agent {
	const char *id, *site;
	long registered;
};

struct gitem {
	const struct qk_node *row;
	const char *code, *dept, *after;
	int claimed, weight, org;
};

struct dept {
	const char *code;
	struct strs staff;
};

struct model {
	struct qk_common opt;
	struct site *sites;
	int nsites;
	struct agent *agents;
	int nagents;
	struct gitem *items;
	int nitems;
	struct dept *depts;
	int ndepts;
	struct strs windows, deciders, leads, unclaimed, materials;
};

/* Room for one more element after n. */
static void *grow(void *p, int n, size_t size)
{
	return qk_xrealloc(p, ((size_t)n + 1) * size);
}

/* Adds s once. */
static void strs_add(struct strs *l, const char *s)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap > 0 ? l->cap * 2 : 8;
		l->v = qk_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
}

static const char *strs_pick(struct rng *g, const struct strs *l)
{
	return l->n > 0 ? l->v[below(g, l->n)] : NULL;
}

static struct site *find_site(struct model *m, const char *code)
{
	int i;

	for (i = 0; code != NULL && i < m->nsites; i++)
		if (strcmp(m->sites[i].code, code) == 0)
			return &m->sites[i];
	return NULL;
}

static struct dept *find_dept(struct model *m, const char *code)
{
	int i;

	for (i = 0; code != NULL && i < m->ndepts; i++)
		if (strcmp(m->depts[i].code, code) == 0)
			return &m->depts[i];
	return NULL;
}

static void add_site(struct model *m, const struct qk_node *row)
{
	struct site *s;

	if (qk_get(row, QK_code) == NULL || find_site(m, qk_get(row, QK_code)) != NULL)
		return;
	m->sites = grow(m->sites, m->nsites, sizeof *m->sites);
	s = &m->sites[m->nsites++];
	memset(s, 0, sizeof *s);
	s->code = qk_get(row, QK_code);
	s->weight = qk_is(row, QK_level, "subdistrict") ? 40 : 15;
}

static void add_agent(struct model *m, const char *id, const char *site)
{
	long reg;
	int i;

	for (i = 0; i < m->nagents; i++)
		if (strcmp(m->agents[i].id, id) == 0)
			return;
	if (!qk_roster_registered(m->opt.roster, id, &reg))
		return;
	m->agents = grow(m->agents, m->nagents, sizeof *m->agents);
	m->agents[m->nagents].id = id;
	m->agents[m->nagents].site = site;
	m->agents[m->nagents++].registered = reg;
}

static void add_decider(struct model *m, const char *id, const char *code)
{
	struct dept *d = find_dept(m, code);

	if (d == NULL) {
		m->depts = grow(m->depts, m->ndepts, sizeof *m->depts);
		d = &m->depts[m->ndepts++];
		memset(d, 0, sizeof *d);
		d->code = code;
	}
	strs_add(&d->staff, id);
	strs_add(&m->deciders, id);
}

/* One staff row: window staff by site, deciders by department, agents. */
static void add_staff(struct model *m, const struct qk_node *row)
{
	const char *id = qk_get(row, QK_id), *site = qk_get(row, QK_site);
	struct site *s = find_site(m, site);

	if (id == NULL)
		return;
	if (qk_is(row, QK_role, "window") && s != NULL) {
		strs_add(&s->window, id);
		strs_add(&m->windows, id);
	} else if (qk_is(row, QK_role, "dept") && qk_get(row, QK_dept) != NULL) {
		add_decider(m, id, qk_get(row, QK_dept));
	} else if (qk_is(row, QK_role, "agent")) {
		add_agent(m, id, site);
	} else if (qk_is(row, QK_role, "lead")) {
		strs_add(&m->leads, id);
	}
}

static void load_roster(struct model *m)
{
	const struct qk_node *root = qk_roster_root(m->opt.roster), *n;

	for (n = qk_child(root, QK_site); n != NULL; n = qk_next(n, QK_site))
		add_site(m, n);
	for (n = qk_child(root, QK_staff); n != NULL; n = qk_next(n, QK_staff))
		add_staff(m, n);
	if (m->windows.n == 0)
		qk_die(2, "the roster has no window staff at a site");
}

/* Items an organisation applies for, when the catalog has them. */
static int org_item(const char *code)
{
	static const char *const codes[] = {
		"CG-001", "CG-002", "CG-003", "CG-005", "CJ-001", "CJ-002",
		"ZZ-003", "SF-001"
	};
	int i;

	for (i = 0; i < NELEM(codes); i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

static void add_item(struct model *m, const struct qk_node *row)
{
	struct gitem *it;

	if (qk_get(row, QK_code) == NULL)
		return;
	if (qk_is(row, QK_claimed, "no")) {
		strs_add(&m->unclaimed, qk_get(row, QK_code));
		return;
	}
	m->items = grow(m->items, m->nitems, sizeof *m->items);
	it = &m->items[m->nitems++];
	it->row = row;
	it->code = qk_get(row, QK_code);
	it->dept = qk_get(row, QK_dept);
	it->after = qk_get(row, QK_after);
	it->claimed = 1;
	it->weight = it->after != NULL ? 1 : qk_is(row, QK_mode, "immediate") ? 3 : 2;
	it->org = org_item(it->code);
}

static void load_catalog(struct model *m)
{
	const struct qk_node *root = qk_catalog_root(m->opt.catalog), *n;

	for (n = qk_child(root, QK_item); n != NULL; n = qk_next(n, QK_item))
		add_item(m, n);
	for (n = qk_child(root, QK_material); n != NULL; n = qk_next(n, QK_material))
		if (qk_get(n, QK_code) != NULL)
			strs_add(&m->materials, qk_get(n, QK_code));
	if (m->nitems == 0)
		qk_die(2, "the catalog has no claimed item");
}

static void strs_free(struct strs *l)
{
	free(l->v);
}

static void model_free(struct model *m)
{
	int i;

	for (i = 0; i < m->nsites; i++)
		strs_free(&m->sites[i].window);
	for (i = 0; i < m->ndepts; i++)
		strs_free(&m->depts[i].staff);
	free(m->sites);
	free(m->agents);
	free(m->items);
	free(m->depts);
	strs_free(&m->windows);
	strs_free(&m->deciders);
	strs_free(&m->leads);
	strs_free(&m->unclaimed);
	strs_free(&m->materials);
	qk_common_free(&m->opt);
}

/* ---- Applicants ---- */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱",
	"江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "贺", "顾", "毛",
	"郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤", "欧阳", "司马"
};

static const char *const given[] = {
	"伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂",
	"华", "玉", "萍", "红", "玲", "芬", "建", "国", "文", "辉", "力", "斌",
	"宇", "浩", "凯", "鹏", "俊", "帆", "梓", "涵", "欣", "怡", "子", "轩",
	"雨", "晨", "博", "思", "佳", "琪", "梦", "瑶", "嘉", "诺", "宏", "志",
	"海", "春", "梅", "兵", "林", "峰", "晓", "东", "云", "波", "昊", "然"
};

static const char *const regions[] = {
	"320703", "320706", "320707", "320722", "320723", "320724", "320705",
	"320111", "321302", "370302", "410102", "340102", "320506", "371302"
};

static const char *const org_brands[] = {
	"海鑫", "恒达", "港通", "华瑞", "金港", "鸿运", "连海", "云台", "宏图",
	"新浦", "墟沟", "花果山", "东方", "远航", "顺丰"
};

static const char *const org_trades[] = {
	"商贸", "物流", "餐饮管理", "建筑工程", "科技", "装饰工程", "水产",
	"物业管理", "船舶服务", "文化传媒"
};

static const char *const foreigners[] = {
	"SMITH JOHN", "KIM MINJUN", "SATO YUKI", "NGUYEN VAN AN", "MÜLLER ANNA",
	"IVANOV SERGEI", "GARCIA MARIA", "PARK JIWOO", "TANAKA HIROSHI",
	"BROWN EMILY"
};

struct applicant {
	const char *kind, *idtype;
	char name[96], idno[IDNO_LEN], phone[24];
};

/* The check character of GB 11643 (ISO 7064 MOD 11-2) for 17 digits. */
static char mod11_2(const char *s)
{
	static const char check[] = "10X98765432";
	int i, sum = 0, w = 1;

	for (i = 16; i >= 0; i--) {
		w = w * 2 % 11;
		sum += (s[i] - '0') * w;
	}
	return check[sum % 11];
}

static void person_idno(struct rng *g, char *out)
{
	char date[11];
	long day = qk_days_from_civil(1940 + below(g, 66), 1, 1) + below(g, 365);

	qk_date_format(day, date);
	snprintf(out, IDNO_LEN, "%s%.4s%.2s%.2s%03d", skewed(g, regions, NELEM(regions)),
	    date, date + 5, date + 8, 1 + (int)below(g, 999));
	out[17] = mod11_2(out);
	out[18] = '\0';
}

static void digits(struct rng *g, char *out, int n)
{
	int i;

	for (i = 0; i < n; i++)
		out[i] = (char)('0' + below(g, 10));
	out[n] = '\0';
}

/* A unified social credit code (GB 32100): 91, the region, an
 * organisation code with its GB 11714 check, and the MOD 31 check. */
static void org_idno(struct rng *g, char *out)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w11714[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	static const int w32100[17] = {
		1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
	};
	int i, sum = 0, c;

	snprintf(out, IDNO_LEN, "91%s", skewed(g, regions, 7));
	digits(g, out + 8, 8);
	for (i = 0; i < 8; i++)
		sum += (out[8 + i] - '0') * w11714[i];
	c = 11 - sum % 11;
	out[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	for (i = 0, sum = 0; i < 17; i++)
		sum += (int)(strchr(alphabet, out[i]) - alphabet) * w32100[i];
	out[17] = alphabet[(31 - sum % 31) % 31];
	out[18] = '\0';
}

static void person_name(struct rng *g, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", skewed(g, surnames, NELEM(surnames)),
	    given[below(g, NELEM(given))],
	    chance(g, 0.7) ? given[below(g, NELEM(given))] : "");
}

static void mobile(struct rng *g, char *out)
{
	static const char *const prefixes[] = {
		"130", "131", "132", "133", "135", "136", "137", "138", "139",
		"150", "151", "152", "155", "157", "158", "159", "177", "180",
		"181", "182", "186", "187", "188", "189", "198", "199"
	};

	snprintf(out, 4, "%s", prefixes[below(g, NELEM(prefixes))]);
	digits(g, out + 3, 8);
}

static void make_person(struct rng *g, struct applicant *a)
{
	a->kind = "person";
	a->idtype = NULL;
	person_name(g, a->name, sizeof a->name);
	person_idno(g, a->idno);
	mobile(g, a->phone);
}

static void make_org(struct rng *g, struct applicant *a)
{
	a->kind = "org";
	a->idtype = NULL;
	snprintf(a->name, sizeof a->name, "连云港市%s%s有限公司",
	    org_brands[below(g, NELEM(org_brands))],
	    org_trades[below(g, NELEM(org_trades))]);
	org_idno(g, a->idno);
	if (chance(g, 0.5)) {
		snprintf(a->phone, sizeof a->phone, "0518-8");
		digits(g, a->phone + 6, 7);
	} else {
		mobile(g, a->phone);
	}
}

/* A foreign or Hong Kong, Macao or Taiwan resident's document. */
static void make_other(struct rng *g, struct applicant *a)
{
	static const int w[] = { 55, 20, 10, 15 };
	int k = pick(g, w, NELEM(w));

	a->kind = "other";
	mobile(g, a->phone);
	if (k == 0 || k == 3)
		snprintf(a->name, sizeof a->name, "%s", foreigners[below(g, NELEM(foreigners))]);
	else
		person_name(g, a->name, sizeof a->name);
	if (k == 0) {
		a->idtype = "passport";
		a->idno[0] = (char)('A' + below(g, 26));
		a->idno[1] = (char)('A' + below(g, 26));
		digits(g, a->idno + 2, 7);
	} else if (k == 1) {
		a->idtype = "hkmo-permit";
		a->idno[0] = chance(g, 0.7) ? 'H' : 'M';
		digits(g, a->idno + 1, 10);
	} else if (k == 2) {
		a->idtype = "tw-permit";
		digits(g, a->idno, 8);
	} else {
		a->idtype = "foreign-pr";
		a->idno[0] = '9';
		digits(g, a->idno + 1, 16);
		a->idno[17] = mod11_2(a->idno);
		a->idno[18] = '\0';
	}
}

/* ---- Applications ---- */

enum { CH_WINDOW, CH_ONLINE, CH_AGENT, CH_POST, CH_SELF, NCHANNELS };

static const char *const channel_names[] = {
	"window", "online", "agent", "post", "selfservice"
};

static const int channel_weights[] = { 55, 25, 8, 4, 8 };

struct slot {
	long sec;		/* seconds after local midnight */
	int channel;
	long index;
};

struct mat {
	const char *code;
	int key;		/* key for some requesting item */
};

struct app {
	char received[40], ref[40];
	const char *site, *staff, *agent;
	int channel;
	struct applicant who;
	const char *req[MAX_REQ + 1];
	int nreq;
	struct mat mat[MAX_MATS];
	int nmat;
	const char *extra;	/* a material no requested item needs */
};

struct appgen {
	struct model *m;
	struct rng g;
	struct qk_writer *w;
	long serial;
	long rejects, refusals;
};

/* Time order; ties broken so that the order is the same everywhere. */
static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->channel != y->channel)
		return x->channel < y->channel ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int requested(const struct app *a, const char *code)
{
	int i;

	for (i = 0; i < a->nreq; i++)
		if (strcmp(a->req[i], code) == 0)
			return 1;
	return 0;
}

static const struct gitem *find_item(const struct model *m, const char *code)
{
	int i;

	for (i = 0; code != NULL && i < m->nitems; i++)
		if (strcmp(m->items[i].code, code) == 0)
			return &m->items[i];
	return NULL;
}

/* A claimed item not yet requested, by weight (an organisation's from
 * its own list when the catalog has one); NULL when none is left. */
static const char *draw_item(struct appgen *ag, const struct app *a, int org)
{
	const struct model *m = ag->m;
	long total = 0, x;
	int i, pass;

	for (pass = org ? 0 : 1; pass < 2; pass++) {
		for (i = 0, total = 0; i < m->nitems; i++)
			if ((pass || m->items[i].org) && !requested(a, m->items[i].code))
				total += m->items[i].weight;
		if (total > 0)
			break;
	}
	if (total == 0)
		return NULL;
	x = below(&ag->g, total);
	for (i = 0; i < m->nitems; i++) {
		if ((!pass && !m->items[i].org) || requested(a, m->items[i].code))
			continue;
		if (x < m->items[i].weight)
			return m->items[i].code;
		x -= m->items[i].weight;
	}
	return NULL;
}

/* A prerequisite pair of the catalog (CL-001 with CL-002): 1 when added. */
static int draw_pair(struct appgen *ag, struct app *a)
{
	const struct model *m = ag->m;
	int i, start = (int)below(&ag->g, m->nitems);

	for (i = 0; i < m->nitems; i++) {
		const struct gitem *it = &m->items[(start + i) % m->nitems];

		if (it->after != NULL && find_item(m, it->after) != NULL &&
		    strcmp(it->after, it->code) != 0) {
			a->req[a->nreq++] = find_item(m, it->after)->code;
			a->req[a->nreq++] = it->code;
			return 1;
		}
	}
	return 0;
}

/* An item code the catalog does not have (an outdated form). */
static const char *unknown_item(struct appgen *ag)
{
	static const char *const codes[] = {
		"MZ-099", "RS-098", "WJ-097", "GA-001", "SB-012", "XX-001"
	};
	int i, start = (int)below(&ag->g, NELEM(codes));

	for (i = 0; i < NELEM(codes); i++)
		if (qk_catalog_item(ag->m->opt.catalog, codes[(start + i) % NELEM(codes)]) == NULL)
			return codes[(start + i) % NELEM(codes)];
	return "XX-UNKNOWN-ITEM";
}

/* One to three items, sometimes a prerequisite pair; rarely one the
 * centre cannot accept (unknown or unclaimed: a refusal). */
static void draw_requests(struct appgen *ag, struct app *a)
{
	static const int sizes[] = { 70, 22, 8 };
	int n = 1 + pick(&ag->g, sizes, NELEM(sizes));
	const char *code;
	int org = strcmp(a->who.kind, "org") == 0;

	a->nreq = 0;
	if (n >= 2 && !org && chance(&ag->g, 0.3))
		draw_pair(ag, a);
	while (a->nreq < n && (code = draw_item(ag, a, org)) != NULL)
		a->req[a->nreq++] = code;
	if (chance(&ag->g, 0.012)) {
		ag->refusals++;
		if (ag->m->unclaimed.n > 0 && chance(&ag->g, 0.5))
			a->req[a->nreq - 1] = strs_pick(&ag->g, &ag->m->unclaimed);
		else
			a->req[a->nreq - 1] = unknown_item(ag);
	}
}

/* Adds a needed material once, key when any requesting item says so. */
static void need(struct app *a, const char *code, int key)
{
	int i;

	for (i = 0; i < a->nmat; i++)
		if (strcmp(a->mat[i].code, code) == 0) {
			a->mat[i].key |= key;
			return;
		}
	if (a->nmat < MAX_MATS) {
		a->mat[a->nmat].code = code;
		a->mat[a->nmat++].key = key;
	}
}

static void drop_mat(struct app *a, int i)
{
	memmove(&a->mat[i], &a->mat[i + 1], (size_t)(a->nmat - i - 1) * sizeof a->mat[0]);
	a->nmat--;
}

/* Drops one material that is (key = 1) or is not (key = 0) key. */
static void drop_one(struct rng *g, struct app *a, int key)
{
	int idx[MAX_MATS], n = 0, i;

	for (i = 0; i < a->nmat; i++)
		if (a->mat[i].key == key)
			idx[n++] = i;
	if (n > 0)
		drop_mat(a, idx[below(g, n)]);
}

/* The needed materials of the requested items, usually all handed in. */
static void draw_materials(struct appgen *ag, struct app *a)
{
	const struct qk_node *row, *nd;
	int i;

	a->nmat = 0;
	a->extra = NULL;
	for (i = 0; i < a->nreq; i++) {
		row = qk_catalog_item(ag->m->opt.catalog, a->req[i]);
		for (nd = row != NULL ? qk_child(row, QK_need) : NULL; nd != NULL;
		    nd = qk_next(nd, QK_need))
			if (qk_get(nd, QK_material) != NULL)
				need(a, qk_get(nd, QK_material), qk_is(nd, QK_key, "yes"));
	}
	if (chance(&ag->g, 0.07))
		drop_one(&ag->g, a, 0);
	if (chance(&ag->g, 0.04))
		drop_one(&ag->g, a, 1);
	if (chance(&ag->g, 0.03))
		a->extra = strs_pick(&ag->g, &ag->m->materials);
	for (i = 0; a->extra != NULL && i < a->nmat; i++)
		if (strcmp(a->mat[i].code, a->extra) == 0)
			a->extra = NULL;
}

static void draw_applicant(struct appgen *ag, struct app *a)
{
	static const int kinds[] = { 88, 8, 4 };

	switch (pick(&ag->g, kinds, NELEM(kinds))) {
	case 0:
		make_person(&ag->g, &a->who);
		break;
	case 1:
		make_org(&ag->g, &a->who);
		break;
	default:
		make_other(&ag->g, &a->who);
		break;
	}
}

/* A registered agent on day (its site's staff accept), or NULL. */
static const struct agent *draw_agent(struct appgen *ag, long day)
{
	const struct model *m = ag->m;
	int i, n = 0, start = (int)below(&ag->g, m->nagents > 0 ? m->nagents : 1);

	for (i = 0; i < m->nagents; i++)
		n += m->agents[i].registered <= day;
	for (i = 0; n > 0 && i < m->nagents; i++) {
		const struct agent *x = &m->agents[(start + i) % m->nagents];

		if (x->registered <= day)
			return x;
	}
	return NULL;
}

/* A site with window staff, by weight. */
static const struct site *draw_site(struct appgen *ag)
{
	const struct model *m = ag->m;
	long total = 0, x;
	int i;

	for (i = 0; i < m->nsites; i++)
		if (m->sites[i].window.n > 0)
			total += m->sites[i].weight;
	x = below(&ag->g, total);
	for (i = 0; i < m->nsites; i++) {
		if (m->sites[i].window.n == 0)
			continue;
		if (x < m->sites[i].weight)
			return &m->sites[i];
		x -= m->sites[i].weight;
	}
	return NULL;
}

static void draw_place(struct appgen *ag, struct app *a, long day)
{
	const struct agent *agent = a->channel == CH_AGENT ? draw_agent(ag, day) : NULL;
	const struct site *s = NULL;

	if (a->channel == CH_AGENT && agent == NULL)
		a->channel = CH_WINDOW;
	a->agent = agent != NULL ? agent->id : NULL;
	if (agent != NULL)
		s = find_site(ag->m, agent->site);
	if (s == NULL || s->window.n == 0)
		s = draw_site(ag);
	a->site = s->code;
	a->staff = strs_pick(&ag->g, &s->window);
}

/* A window staff id that has no window row in the roster. */
static const char *unknown_staff(const struct model *m)
{
	static const char *const ids[] = { "W00", "W99", "TMP01", "X-UNKNOWN-STAFF" };
	int i;

	for (i = 0; i < NELEM(ids) - 1; i++)
		if (!qk_roster_has_role(m->opt.roster, ids[i], QK_ROLE_WINDOW))
			return ids[i];
	return ids[NELEM(ids) - 1];
}

/* Rarely, what the window must correct and send again: a wrong check
 * character, a staff id nobody has, a time without its offset.  (A
 * missing received would break applications.rng, so it is malformed.) */
static void spoil(struct appgen *ag, struct app *a)
{
	char *p;

	ag->rejects++;
	switch (below(&ag->g, 3)) {
	case 0:
		make_person(&ag->g, &a->who);
		a->who.idno[17] = a->who.idno[17] == '0' ? '1' : '0';
		break;
	case 1:
		a->staff = unknown_staff(ag->m);
		break;
	default:
		p = strchr(a->received, '+');
		if (p != NULL)
			*p = '\0';
		break;
	}
}

static void draw_app(struct appgen *ag, struct app *a, long day, const struct slot *s)
{
	a->channel = s->channel;
	qk_time_format((long long)day * 86400 + s->sec - OFFSET_MIN * 60,
	    OFFSET_MIN, a->received);
	draw_place(ag, a, day);
	snprintf(a->ref, sizeof a->ref, "%s-%06ld", a->staff, ++ag->serial);
	draw_applicant(ag, a);
	draw_requests(ag, a);
	draw_materials(ag, a);
	if (chance(&ag->g, 0.01))
		spoil(ag, a);
}

static void write_empty(struct qk_writer *w, const char *name,
    const char *attr, const char *value)
{
	qk_write_open(w, 2, name);
	qk_write_attr(w, attr, value);
	qk_write_open_end(w, 0);
}

static void write_app(struct qk_writer *w, const struct app *a)
{
	int i;

	qk_write_open(w, 1, "application");
	qk_write_attr(w, "ref", a->ref);
	qk_write_attr(w, "received", a->received);
	qk_write_attr(w, "site", a->site);
	qk_write_attr(w, "staff", a->staff);
	qk_write_attr(w, "channel", channel_names[a->channel]);
	if (a->agent != NULL)
		qk_write_attr(w, "agent", a->agent);
	qk_write_open_end(w, 1);
	qk_write_open(w, 2, "applicant");
	qk_write_attr(w, "kind", a->who.kind);
	qk_write_attr(w, "name", a->who.name);
	qk_write_attr(w, "idno", a->who.idno);
	qk_write_attr(w, "phone", a->who.phone);
	if (a->who.idtype != NULL)
		qk_write_attr(w, "idtype", a->who.idtype);
	qk_write_open_end(w, 0);
	for (i = 0; i < a->nreq; i++)
		write_empty(w, "request", "item", a->req[i]);
	for (i = 0; i < a->nmat; i++)
		write_empty(w, "material", "code", a->mat[i].code);
	if (a->extra != NULL)
		write_empty(w, "material", "code", a->extra);
	qk_write_close(w, 1, "application");
}

/* The time of day of an application on a working day or not; online ones
 * also come early, late, and on days off. */
static long draw_sec(struct rng *g, int channel, int workday)
{
	if (!workday)
		return 7 * 3600 + below(g, 16 * 3600 + 1800);
	if (channel == CH_ONLINE && chance(g, 0.25))
		return chance(g, 0.3) ? 6 * 3600 + 1800 + below(g, 2 * 3600) :
		    CLOSE_SEC + 1 + below(g, 6 * 3600);
	return OPEN_SEC + below(g, CLOSE_SEC - OPEN_SEC + 1);
}

/* Writes the n applications of calendar day, in time order. */
static void gen_day(struct appgen *ag, long day, long n, int workday)
{
	struct slot *s = qk_xrealloc(NULL, ((size_t)n + 1) * sizeof *s);
	struct app a;
	long i;

	for (i = 0; i < n; i++) {
		s[i].channel = workday ? pick(&ag->g, channel_weights, NCHANNELS) : CH_ONLINE;
		s[i].sec = draw_sec(&ag->g, s[i].channel, workday);
		s[i].index = i;
	}
	qsort(s, (size_t)n, sizeof *s, cmp_slot);
	for (i = 0; i < n; i++) {
		draw_app(ag, &a, day, &s[i]);
		write_app(ag->w, &a);
	}
	free(s);
}

/* A day's share of the applications: working days by weekday, with
 * some noise; days off only get online ones. */
static double day_weight(struct appgen *ag, long day, int workday)
{
	static const double weekday[] = { 1.15, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9 };

	if (!workday)
		return 0.04;
	return weekday[qk_weekday(day)] * (0.8 + 0.4 * unit(&ag->g));
}

struct genopts {
	uint64_t seed;
	long count, days, from, day;
	int has_day;
};

/* Ends and commits an output; exits 2 when that fails. */
static void close_doc(struct qk_output *o)
{
	if (qk_common_finish(o) < 0) {
		qk_output_abort(o);
		exit(2);
	}
	if (qk_common_commit(&o) < 0)
		exit(2);
}

static void run_applications(struct model *m, const struct genopts *go)
{
	struct qk_cal *cal = m->opt.cal;
	long first = qk_cal_start(cal, go->from);
	long last = qk_cal_add(cal, first, go->days - 1), d, done = 0;
	long double total = 0, cum = 0;
	double *w = qk_xrealloc(NULL, ((size_t)(last - first) + 1) * sizeof *w);
	struct appgen ag = { 0 };
	struct qk_output *o = qk_common_output(m->opt.output, "applications");

	ag.m = m;
	ag.g.s = go->seed;
	ag.w = qk_output_writer(o);
	for (d = first; d <= last; d++)
		total += w[d - first] = day_weight(&ag, d, qk_cal_is_workday(cal, d));
	for (d = first; d <= last; d++) {
		long upto;

		cum += w[d - first];
		upto = d == last ? go->count : (long)(go->count * cum / total + 0.5L);
		gen_day(&ag, d, upto - done, qk_cal_is_workday(cal, d));
		done = upto;
	}
	free(w);
	if (qk_writer_error(ag.w) != 0)
		qk_die(2, "%s: write error: %s", qk_output_name(o),
		    strerror(qk_writer_error(ag.w)));
	close_doc(o);
	if (m->opt.verbose)
		qk_note("%ld applications (%ld to be rejected, %ld to be refused)",
		    go->count, ag.rejects, ag.refusals);
}

/* ---- Events ---- */

struct evgen {
	struct model *m;
	struct qk_reader *reader;
	struct qk_replay *r;
	struct qk_arena *a;
	struct qk_writer *w;
	uint64_t seed;
	long day;
	long long open, close;	/* 08:30 and 17:30 of day, as instants */
	/* The case at hand. */
	const char *id, *site, *channel;
	struct rng g;
	long long now;
	const struct qk_node *last;	/* the last event written */
	long cases, events, invalid;
};

static char *save(struct evgen *e, const char *s)
{
	char *p = qk_arena_strdup(e->a, s);

	if (p == NULL)
		qk_die(2, "out of memory");
	return p;
}

static struct qk_node *ev_new(struct evgen *e, const char *type)
{
	struct qk_node *n = qk_node_new(e->a, "event");

	if (n == NULL || qk_node_set(e->a, n, "case", e->id) < 0 ||
	    qk_node_set(e->a, n, "type", type) < 0)
		qk_die(2, "out of memory");
	return n;
}

static void ev_set(struct evgen *e, struct qk_node *n, const char *name,
    const char *value)
{
	if (qk_node_set(e->a, n, name, save(e, value)) < 0)
		qk_die(2, "out of memory");
}

/* The next time of the case's day, after every event so far; 0 when the
 * office has closed. */
static int next_time(struct evgen *e, char at[26])
{
	long long span;

	if (e->now >= e->close)
		return 0;
	span = (e->close - e->now) / 3;
	if (span > 5400)
		span = 5400;
	e->now += 1 + below(&e->g, (long)span + 1);
	qk_time_format(e->now, OFFSET_MIN, at);
	return 1;
}

static void write_invalid(struct evgen *e);

/*
 * Stamps event n with the next time and by, and writes it when qk-route
 * would apply it, stepping the replay with it.  1 when written.
 */
static int emit(struct evgen *e, struct qk_node *n, const char *by)
{
	char at[26];

	if (!next_time(e, at))
		return 0;
	ev_set(e, n, "at", at);
	if (by != NULL)
		ev_set(e, n, "by", by);
	if (qk_route_judge(e->r, n) != NULL)
		return 0;
	qk_replay_step(e->r, n, NULL);
	qk_write_node(e->w, 1, n);
	e->events++;
	e->last = n;
	if (chance(&e->g, 0.005))
		write_invalid(e);
	return 1;
}

static const char *window_staff(struct evgen *e)
{
	struct site *s = find_site(e->m, e->site);

	return strs_pick(&e->g, s != NULL && s->window.n > 0 ? &s->window : &e->m->windows);
}

static const char *decider(struct evgen *e, const char *dept)
{
	struct dept *d = find_dept(e->m, dept);

	return strs_pick(&e->g, d != NULL && d->staff.n > 0 ? &d->staff : &e->m->deciders);
}

/* The case id with a sequence number no site reaches: a typing error. */
static void unknown_case(const char *id, char *out, size_t len)
{
	const char *dash = strrchr(id, '-');

	if (dash != NULL && strlen(dash + 1) == 4)
		snprintf(out, len, "%.*s-9%s", (int)(dash - id), id, dash + 1);
	else
		snprintf(out, len, "%s-X", id);
}

/* A deliberately invalid event after the last one written: the same event
 * for a case id nobody has, or a decision on an item the case lacks. */
static void write_invalid(struct evgen *e)
{
	struct qk_node *n;
	char id[256];
	int i, start;

	if (below(&e->g, 2) == 0) {
		n = qk_node_copy(e->a, e->last);
		unknown_case(e->id, id, sizeof id);
		if (n == NULL)
			qk_die(2, "out of memory");
		ev_set(e, n, "case", id);
	} else {
		start = (int)below(&e->g, e->m->nitems);
		for (i = 0; i < e->m->nitems; i++)
			if (qk_replay_item_index(e->r, e->m->items[(start + i) % e->m->nitems].code) < 0)
				break;
		if (i == e->m->nitems)
			return;
		i = (start + i) % e->m->nitems;
		n = ev_new(e, "decided");
		ev_set(e, n, "item", e->m->items[i].code);
		ev_set(e, n, "outcome", "approved");
		ev_set(e, n, "at", qk_get(e->last, QK_at));
		ev_set(e, n, "by", decider(e, e->m->items[i].dept));
	}
	qk_write_node(e->w, 1, n);
	e->invalid++;
}

/* ---- Events: the case's state, step by step ---- */

static long date_of(const struct qk_node *ev)
{
	struct qk_time t;

	return ev != NULL && qk_time_parse(qk_get(ev, QK_at), &t) == 0 ? t.day : 0;
}

static void supply(struct evgen *e, const char *material)
{
	struct qk_node *n = ev_new(e, "supplied");

	ev_set(e, n, "material", material);
	emit(e, n, window_staff(e));
}

static void withdraw(struct evgen *e)
{
	emit(e, ev_new(e, "withdrawn"), window_staff(e));
}

/* A case waiting for missing materials: most come back within days with
 * all of them (some with the blocking ones only), a few never. */
static void on_correction(struct evgen *e)
{
	struct rng c = rng_for(e->seed, e->id, "correction", 0);
	int i, all = chance(&e->g, 0.8);
	struct qk_node *n;

	if (chance(&c, 0.08))
		return;
	if (chance(&e->g, 0.004)) {
		withdraw(e);
		return;
	}
	if (chance(&e->g, 0.002)) {
		n = ev_new(e, "refused");
		ev_set(e, n, "reason", "not-eligible");
		ev_set(e, n, "note", "申请人不符合受理条件");
		emit(e, n, window_staff(e));
		return;
	}
	if (!chance(&e->g, 0.45))
		return;
	for (i = 0; i < qk_replay_nmats(e->r); i++) {
		const struct qk_rmat *m = qk_replay_mat(e->r, i);

		if (m->corr_missing && m->status != QK_MS_SUPPLIED && (all || m->blocking))
			supply(e, m->code);
	}
}

/* The fate of one item, drawn once for the case and item (the same on
 * every day when the seed is). */
struct fate {
	int late, lateby, approve;
	double slack;
	int suspend, susp_at, susp_reason, susp_len;
	int extend, ext_days;
};

static struct fate item_fate(struct evgen *e, const struct qk_ritem *it)
{
	struct rng g = rng_for(e->seed, e->id, it->code, 1);
	struct fate f;

	f.late = chance(&g, 0.05);
	f.lateby = 1 + (int)below(&g, 3);
	f.approve = chance(&g, 0.93);
	f.slack = unit(&g);
	f.suspend = chance(&g, 0.04);
	f.susp_at = 1 + (int)below(&g, it->promised_days > 1 ? it->promised_days : 1);
	f.susp_reason = (int)below(&g, 5);
	f.susp_len = 1 + (int)below(&g, 5);
	f.extend = it->extend > 0 && chance(&g, 0.03);
	f.ext_days = 1 + (int)below(&g, it->extend > 0 ? it->extend : 1);
	return f;
}

/* 1 when the item was suspended before (suspension happens once). */
static int was_suspended(const struct qk_replay *r, const char *code)
{
	int i;

	for (i = 0; i < qk_replay_nevents(r); i++) {
		const struct qk_node *ev = qk_replay_event(r, i);

		if (qk_replay_event_legal(r, i) && qk_is(ev, QK_type, "suspended") &&
		    qk_is(ev, QK_item, code))
			return 1;
	}
	return 0;
}

static void item_event(struct evgen *e, const struct qk_ritem *it,
    const char *type, const char *attr, const char *value, const char *by)
{
	struct qk_node *n = ev_new(e, type);

	ev_set(e, n, "item", it->code);
	if (attr != NULL)
		ev_set(e, n, attr, value);
	emit(e, n, by);
}

/* Decided when the day comes: slack working days before the due date
 * (more often close to it), or, for a few, days after it. */
static int due_to_decide(struct evgen *e, const struct qk_ritem *it,
    const struct fate *f)
{
	struct qk_cal *cal = e->m->opt.cal;
	long slack = (long)(it->promised_days * f->slack * f->slack);

	if (f->late)
		return e->day > it->due && qk_cal_between(cal, it->due, e->day) >= f->lateby;
	if (slack > it->promised_days - 1)
		slack = it->promised_days > 0 ? it->promised_days - 1 : 0;
	return e->day >= it->due || qk_cal_between(cal, e->day, it->due) <= slack;
}

static void decide(struct evgen *e, const struct qk_ritem *it, const struct fate *f)
{
	struct qk_node *n = ev_new(e, "decided");

	ev_set(e, n, "item", it->code);
	ev_set(e, n, "outcome", f->approve ? "approved" : "rejected");
	if (!f->approve)
		ev_set(e, n, "note", below(&e->g, 2) ? "材料不符合条件" : "申请人不符合申请条件");
	emit(e, n, decider(e, it->dept));
}

/* One routed item: resumed, suspended, extended or decided today. */
static void on_item(struct evgen *e, int i)
{
	static const char *const reasons[] = {
		"correction", "hearing", "inspection", "expert", "publicity"
	};
	struct qk_cal *cal = e->m->opt.cal;
	const struct qk_ritem *it = qk_replay_item(e->r, i);
	struct fate f = item_fate(e, it);
	char days[24];

	if (it->state != QK_IT_ROUTED)
		return;
	if (it->suspended && qk_cal_between(cal, it->susp_day, e->day) >= f.susp_len)
		item_event(e, it, "resumed", NULL, NULL, decider(e, it->dept));
	if (it->suspended)
		return;
	if (f.suspend && !was_suspended(e->r, it->code) &&
	    qk_cal_between(cal, it->routed_day, e->day) >= f.susp_at) {
		item_event(e, it, "suspended", "reason", reasons[f.susp_reason],
		    decider(e, it->dept));
		return;
	}
	if (f.extend && it->extended == 0 && e->day <= it->due &&
	    qk_cal_between(cal, e->day, it->due) <= 1) {
		snprintf(days, sizeof days, "%d", f.ext_days);
		item_event(e, it, "extended", "days", days, decider(e, it->dept));
		return;
	}
	if (due_to_decide(e, it, &f))
		decide(e, it, &f);
}

/* Accepted or in progress: the departments' work, deferred materials
 * brought in, rarely a withdrawal. */
static void on_work(struct evgen *e)
{
	int i, n;

	if (chance(&e->g, 0.0015)) {
		withdraw(e);
		return;
	}
	n = qk_replay_nitems(e->r);
	for (i = 0; i < n; i++)
		on_item(e, i);
	for (i = 0; i < qk_replay_nmats(e->r); i++)
		if (qk_replay_mat(e->r, i)->status == QK_MS_DEFERRED && chance(&e->g, 0.3))
			supply(e, qk_replay_mat(e->r, i)->code);
}

/* How the result is handed out: online ones mostly electronically. */
static const char *method(struct evgen *e)
{
	static const char *const methods[] = { "window", "post", "electronic" };
	static const int online[] = { 10, 20, 70 }, post[] = { 20, 75, 5 };
	static const int other[] = { 85, 7, 8 };
	const int *w = other;

	if (e->channel != NULL && strcmp(e->channel, "online") == 0)
		w = online;
	else if (e->channel != NULL && strcmp(e->channel, "post") == 0)
		w = post;
	return methods[pick(&e->g, w, 3)];
}

static void on_ready(struct evgen *e)
{
	struct qk_node *n;

	if (chance(&e->g, 0.001)) {
		withdraw(e);
		return;
	}
	if (!chance(&e->g, 0.5))
		return;
	n = ev_new(e, "issued");
	ev_set(e, n, "method", method(e));
	emit(e, n, window_staff(e));
}

static void rate(struct evgen *e)
{
	static const int scores[] = { 15, 25, 60, 180, 720 };
	static const char *const channels[] = { "sms", "web", "window" };
	static const int online[] = { 25, 70, 5 }, other[] = { 55, 15, 30 };
	struct qk_node *n = ev_new(e, "rated");
	char score[2] = { 0, 0 };
	int web = e->channel != NULL && strcmp(e->channel, "online") == 0;

	score[0] = (char)('1' + pick(&e->g, scores, NELEM(scores)));
	ev_set(e, n, "score", score);
	ev_set(e, n, "channel", channels[pick(&e->g, web ? online : other, 3)]);
	emit(e, n, NULL);
}

/* Ratings of finished cases (a quarter never rate), and the follow-up
 * of a bad one. */
static void on_finished(struct evgen *e)
{
	const struct qk_node *rated = qk_replay_rated(e->r);
	struct rng never = rng_for(e->seed, e->id, "rating", 0);
	struct qk_node *n;
	long score;
	double p;

	if (rated == NULL) {
		if (chance(&never, 0.25))
			return;
		switch (qk_replay_state(e->r)) {
		case QK_ST_ISSUED:
			p = date_of(qk_replay_issued(e->r)) == e->day ? 0.3 : 0.45;
			break;
		case QK_ST_REFUSED:
			p = 0.1;
			break;
		default:
			p = 0.05;
			break;
		}
		if (chance(&e->g, p))
			rate(e);
		return;
	}
	if (!qk_value_uint(qk_get(rated, QK_score), &score) || score > 2 ||
	    qk_replay_rectified(e->r) || date_of(rated) >= e->day || !chance(&e->g, 0.35))
		return;
	n = ev_new(e, "rectified");
	ev_set(e, n, "note", "已电话回访申请人，说明情况并整改到位");
	emit(e, n, e->m->leads.n > 0 ?
	    strs_pick(&e->g, &e->m->leads) : window_staff(e));
}

/* The events of the case replayed in e->r, for e->day. */
static void gen_case(struct evgen *e)
{
	switch (qk_replay_state(e->r)) {
	case QK_ST_CORRECTION:
		on_correction(e);
		break;
	case QK_ST_ACCEPTED:
	case QK_ST_IN_PROGRESS:
		on_work(e);
		break;
	case QK_ST_READY:
		on_ready(e);
		break;
	default:
		break;
	}
	switch (qk_replay_state(e->r)) {
	case QK_ST_ISSUED:
	case QK_ST_REFUSED:
	case QK_ST_WITHDRAWN:
	case QK_ST_CLOSED:
		on_finished(e);
		break;
	default:
		break;
	}
}

static int on_case(void *arg, struct qk_node *c)
{
	struct evgen *e = arg;
	long long last;

	qk_common_progress(&e->m->opt, ++e->cases, "cases");
	if (qk_case_malformed(c))
		return 0;
	qk_arena_reset(e->a);
	if (qk_replay_case(e->r, c) < 0)
		return 0;
	if (!qk_replay_last_at(e->r, &last, NULL) || last >= e->close)
		return 0;
	e->id = qk_get(c, QK_id);
	e->site = qk_get(c, QK_site);
	e->channel = qk_get(c, QK_channel);
	e->g = rng_for(e->seed, e->id, "day", e->day);
	e->now = e->open - 1 + below(&e->g, (long)(e->close - e->open) / 2);
	if (e->now < last)
		e->now = last;
	gen_case(e);
	return qk_writer_error(e->w) != 0 ? 3 : 0;
}

static void run_events(struct model *m, const struct genopts *go,
    char **paths, int npaths)
{
	struct evgen e = { 0 };
	struct qk_input *in;
	struct qk_output *o;
	int r;

	e.m = m;
	e.seed = go->seed;
	e.day = go->day;
	e.open = (long long)go->day * 86400 + OPEN_SEC - OFFSET_MIN * 60;
	e.close = (long long)go->day * 86400 + CLOSE_SEC - OFFSET_MIN * 60;
	e.r = qk_replay_new(m->opt.cal);
	e.a = qk_arena_new();
	if (e.r == NULL || e.a == NULL)
		qk_die(2, "out of memory");
	e.reader = qk_common_reader(&m->opt, &in, (const char *const *)paths, npaths,
	    "cases", "case");
	o = qk_common_output(m->opt.output, "events");
	e.w = qk_output_writer(o);
	r = qk_reader_run(e.reader, on_case, &e);
	if (r == -1)
		qk_report_input_error(e.reader);
	if (r == 3)
		qk_error("%s: write error: %s", qk_output_name(o),
		    strerror(qk_writer_error(e.w)));
	if (r != 0) {
		qk_output_abort(o);
		exit(2);
	}
	close_doc(o);
	if (m->opt.verbose)
		qk_note("%ld cases read, %ld events written (%ld deliberately invalid)",
		    e.cases, e.events + e.invalid, e.invalid);
	qk_reader_free(e.reader);
	qk_input_free(in);
	qk_replay_free(e.r);
	qk_arena_free(e.a);
}

/* ---- Working days, for the scripts ---- */

/* Prints the D working days from S(--from), one a line. */
static void run_workdays(struct model *m, const struct genopts *go)
{
	long d = qk_cal_start(m->opt.cal, go->from), i;
	char date[11];

	for (i = 0; i < go->days; i++, d = qk_cal_add(m->opt.cal, d, 1)) {
		qk_date_format(d, date);
		printf("%s\n", date);
	}
	if (fflush(stdout) != 0)
		qk_die(2, "standard output: write error");
}

/* ---- Command line ---- */

static _Noreturn void usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: qk-gen applications [--seed S] [--count N] [--from DATE] [--days D]\n"
	    "                           [--catalog FILE] [--roster FILE] [--calendar FILE]...\n"
	    "                           [-o FILE] [-q] [-v]\n"
	    "       qk-gen events [--seed S] --day DATE [--catalog FILE] [--roster FILE]\n"
	    "                     [--calendar FILE]... [-o FILE] [-q] [-v] [CASES...]\n"
	    "       qk-gen workdays [--from DATE] [--days D] [--calendar FILE]...\n");
	exit(status);
}

static long number(const char *opt, const char *arg, long min)
{
	long v;

	if (!qk_value_uint(arg, &v) || v < min) {
		qk_error("invalid %s '%s': expected a number of at least %ld", opt, arg, min);
		usage(2);
	}
	return v;
}

static long date_arg(const char *opt, const char *arg)
{
	long day;

	if (qk_date_parse(arg, &day) < 0) {
		qk_error("invalid %s '%s': expected YYYY-MM-DD", opt, arg);
		usage(2);
	}
	return day;
}

static void parse_options(struct model *m, struct genopts *go, int argc, char **argv)
{
	int c;

	while ((c = getopt_long(argc, argv, "o:qv", longopts, NULL)) != -1) {
		if (qk_common_option(&m->opt, c, optarg))
			continue;
		switch (c) {
		case OPT_COUNT:
			go->count = number("--count", optarg, 0);
			break;
		case OPT_DAY:
			go->day = date_arg("--day", optarg);
			go->has_day = 1;
			break;
		case OPT_DAYS:
			go->days = number("--days", optarg, 1);
			break;
		case OPT_FROM:
			go->from = date_arg("--from", optarg);
			break;
		case OPT_SEED:
			go->seed = (uint64_t)number("--seed", optarg, 0);
			break;
		default:
			usage(2);
		}
	}
}

int main(int argc, char **argv)
{
	struct model m = { 0 };
	struct genopts go = { 1, 1000, 60, 0, 0, 0 };
	const char *mode;

	qk_common_init(&m.opt, argc, argv, usage);
	go.from = qk_days_from_civil(2026, 9, 1);
	parse_options(&m, &go, argc, argv);
	if (optind >= argc)
		usage(2);
	mode = argv[optind++];
	if (strcmp(mode, "applications") != 0 && strcmp(mode, "events") != 0 &&
	    strcmp(mode, "workdays") != 0) {
		qk_error("unknown mode '%s': expected applications, events or workdays", mode);
		usage(2);
	}
	if (mode[0] != 'e' && optind < argc)
		usage(2);
	if (mode[0] == 'e' && !go.has_day) {
		qk_error("events: --day is required");
		usage(2);
	}
	qk_common_load(&m.opt, QK_NEED_CATALOG | QK_NEED_ROSTER | QK_NEED_CALENDAR);
	load_roster(&m);
	load_catalog(&m);
	if (mode[0] == 'a')
		run_applications(&m, &go);
	else if (mode[0] == 'e')
		run_events(&m, &go, argv + optind, argc - optind);
	else
		run_workdays(&m, &go);
	model_free(&m);
	return 0;
}
