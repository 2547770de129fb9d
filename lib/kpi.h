#ifndef QK_KPI_H
#define QK_KPI_H

#include <stddef.h>

/*
 * The KPIs of rules.md (KPIs of qk-report), once: counters and a
 * working-day histogram per group (all, site, dept, staff, agent) that
 * add up across shards, and the derivation of every metric from them
 * (exact quotients rounded half up in integers, nearest-rank median and
 * p90).  The counters of a case come from the one replay.  Memory grows
 * with the number of keys only.
 */
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_replay;
struct qk_roster;
struct qk_vague;

enum qk_kind { QK_K_ALL, QK_K_SITE, QK_K_DEPT, QK_K_STAFF, QK_K_AGENT, QK_K_N };

/* Counters of the groups all, site, staff and agent (formats.md, Partials),
 * in their order; QK_KC_SKIPPED in the all group only. */
enum qk_kc {
	QK_KC_RECEIVED, QK_KC_ACCEPTED, QK_KC_DEFERRED, QK_KC_CORRECTION,
	QK_KC_REFUSED, QK_KC_WITHDRAWN, QK_KC_AAC, QK_KC_ONLINE,
	QK_KC_IMMEDIATE, QK_KC_NFTF, QK_KC_ISSUED, QK_KC_ITEMS_DECIDED,
	QK_KC_ITEMS_ON_TIME, QK_KC_OVERDUE_NOW, QK_KC_READY, QK_KC_RATINGS,
	QK_KC_RATING1, QK_KC_RATING2, QK_KC_RATING3, QK_KC_RATING4,
	QK_KC_RATING5, QK_KC_BAD, QK_KC_RECTIFIED, QK_KC_GOOD, QK_KC_SKIPPED,
	QK_KC_N
};

/* Counters of the dept groups, in their order. */
enum qk_kd {
	QK_KD_ITEMS, QK_KD_DECIDED, QK_KD_APPROVED, QK_KD_REJECTED,
	QK_KD_CANCELLED, QK_KD_ITEMS_DECIDED, QK_KD_ITEMS_ON_TIME,
	QK_KD_OVERDUE_NOW, QK_KD_N
};

struct qk_kbin {
	long days;
	unsigned long long count;
};

struct qk_kgroup {
	int kind;			/* enum qk_kind */
	const char *key;		/* "" for the all group */
	unsigned long long c[QK_KC_N];	/* by enum qk_kc, or qk_kd for dept */
	struct qk_kbin *bins;		/* days-to-ready, increasing days */
	size_t nbins, cap;
};

/* The sections and tables of a report (formats.md, Reports), in order. */
enum qk_place {
	QK_P_CASES, QK_P_TARGETS, QK_P_DEPARTMENTS, QK_P_SITES, QK_P_STAFF,
	QK_P_AGENTS, QK_P_N
};

enum qk_mkind { QK_M_COUNT, QK_M_RATIO, QK_M_MEAN, QK_M_RANK };

/* One metric as written: every string is "" when absent. */
struct qk_metric {
	const char *name;
	int kind;			/* enum qk_mkind */
	char value[32];
	char numerator[24], denominator[24];
	char target[8];
	const char *met;		/* "yes", "no" or "" */
};

#define QK_METRICS_MAX 32

/* The targets section (rules.md): numerator and denominator of each of
 * the seven, from the catalog and roster in use. */
struct qk_targets {
	long long num[7], den[7];
};

struct qk_kpi;

struct qk_kpi *qk_kpi_new(void);
void qk_kpi_free(struct qk_kpi *);

/* Adds a case (not malformed) replayed with its events of date(at) <=
 * as_of, when date(received) lies in [from, to] (a bound < 0 is open) and
 * not after as_of.  r is left holding that replay.  1 when counted, 0 out
 * of scope, 2 when it has no valid received (counted in skipped), -1 when
 * memory ran out. */
int qk_kpi_add_case(struct qk_kpi *, struct qk_replay *r, struct qk_cal *,
    const struct qk_node *casenode, long from, long to, long as_of);
/* Replays a case with its events of date(at) <= as_of only (an event whose
 * at is malformed is stepped, and is illegal).  -1 when the case has no
 * application or memory ran out. */
int qk_kpi_replay(struct qk_replay *r, const struct qk_node *casenode,
    long as_of);
/* The first responsible of a replayed case: the non-empty by of event 2,
 * else the application's staff, else "" (rules.md). */
const char *qk_kpi_first_responsible(const struct qk_replay *r,
    const struct qk_node *application);
/* A malformed case record: skipped += 1. */
void qk_kpi_skip(struct qk_kpi *);
/* Adds the counters and bins of a partial's <group>.  0, or -1 with a
 * message in err (bad kind, key or value, memory). */
int qk_kpi_merge_group(struct qk_kpi *, const struct qk_node *group,
    char *err, size_t errlen);
/* Adds every counter and bin of from to to (-j N: the workers' counters
 * added up).  0, or -1 when memory ran out. */
int qk_kpi_merge(struct qk_kpi *to, const struct qk_kpi *from);

/* The groups of a kind, sorted by key in byte order (the all group is
 * kind QK_K_ALL, always one).  Valid until the next add or merge. */
size_t qk_kpi_ngroups(struct qk_kpi *, int kind);
const struct qk_kgroup *qk_kpi_group(struct qk_kpi *, int kind, size_t i);

/* The names of the counters of a kind, in their order, and how many are
 * written (the all group adds skipped). */
const char *qk_kpi_counter_name(int kind, int i);
int qk_kpi_ncounters(int kind);

/* The metrics of a section or table row, in rules.md's order: fills out
 * (QK_METRICS_MAX entries) and returns how many.  g is the group of the
 * row (the all group for section cases); t is used for QK_P_TARGETS. */
int qk_kpi_metrics(int place, const struct qk_kgroup *g,
    const struct qk_targets *t, struct qk_metric *out);
const char *qk_kpi_place_name(int place);
/* The kind of the groups a table's rows come from (QK_K_ALL for the
 * sections). */
int qk_kpi_place_kind(int place);

/* The targets of the catalog and roster in use.  0, or -1 when memory ran
 * out. */
int qk_kpi_targets(const struct qk_catalog *, const struct qk_roster *,
    const struct qk_vague *, struct qk_targets *);

/* Exact num/den written with four decimals, rounded half up (toward +inf);
 * den > 0.  out holds at least 32 bytes. */
void qk_kpi_decimal4(long long num, long long den, char *out);
/* Nearest rank: the smallest days v such that at least ceil(p * n) of the
 * n values are <= v, p = pct / 100.  0 with no value. */
int qk_kpi_rank(const struct qk_kgroup *, int pct, long *v);

#endif
