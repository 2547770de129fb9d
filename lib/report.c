#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "kpi.h"
#include "node.h"
#include "report.h"
#include "roster.h"
#include "text.h"
#include "writer.h"

static void raw(struct qk_writer *w, const char *s)
{
	qk_write_raw(w, s, strlen(s));
}

/* ---- XML ---- */

static void xml_metric(struct qk_writer *w, int depth, const struct qk_metric *m)
{
	qk_write_open(w, depth, "metric");
	qk_write_attr(w, "name", m->name);
	if (m->value[0] != '\0')
		qk_write_attr(w, "value", m->value);
	if (m->numerator[0] != '\0') {
		qk_write_attr(w, "numerator", m->numerator);
		qk_write_attr(w, "denominator", m->denominator);
	}
	if (m->target[0] != '\0')
		qk_write_attr(w, "target", m->target);
	if (m->met[0] != '\0')
		qk_write_attr(w, "met", m->met);
	qk_write_open_end(w, 0);
}

static void xml_metrics(struct qk_writer *w, int depth, const struct qk_report *rp,
    int place, const struct qk_kgroup *g)
{
	struct qk_metric m[QK_METRICS_MAX];
	int i, n = qk_kpi_metrics(place, g, rp->targets, m);

	for (i = 0; i < n; i++)
		xml_metric(w, depth, &m[i]);
}

void qk_report_xml(struct qk_writer *w, const struct qk_report *rp)
{
	int place, kind;
	size_t i, n;

	for (place = QK_P_CASES; place <= QK_P_TARGETS; place++) {
		qk_write_open(w, 1, "section");
		qk_write_attr(w, "name", qk_kpi_place_name(place));
		qk_write_open_end(w, 1);
		xml_metrics(w, 2, rp, place, qk_kpi_group(rp->kpi, QK_K_ALL, 0));
		qk_write_close(w, 1, "section");
	}
	for (place = QK_P_DEPARTMENTS; place < QK_P_N; place++) {
		kind = qk_kpi_place_kind(place);
		n = qk_kpi_ngroups(rp->kpi, kind);
		qk_write_open(w, 1, "table");
		qk_write_attr(w, "name", qk_kpi_place_name(place));
		qk_write_open_end(w, n > 0);
		for (i = 0; i < n; i++) {
			const struct qk_kgroup *g = qk_kpi_group(rp->kpi, kind, i);

			qk_write_open(w, 2, "row");
			qk_write_attr(w, "key", g->key);
			qk_write_open_end(w, 1);
			xml_metrics(w, 3, rp, place, g);
			qk_write_close(w, 2, "row");
		}
		if (n > 0)
			qk_write_close(w, 1, "table");
	}
}

static void partial_group(struct qk_writer *w, const struct qk_kgroup *g)
{
	static const char *const kinds[QK_K_N] = { "all", "site", "dept", "staff", "agent" };
	int i, n = qk_kpi_ncounters(g->kind);
	char v[32];
	size_t b;

	qk_write_open(w, 1, "group");
	qk_write_attr(w, "kind", kinds[g->kind]);
	if (g->kind != QK_K_ALL)
		qk_write_attr(w, "key", g->key);
	qk_write_open_end(w, 1);
	for (i = 0; i < n; i++) {
		qk_write_open(w, 2, "counter");
		qk_write_attr(w, "name", qk_kpi_counter_name(g->kind, i));
		snprintf(v, sizeof v, "%llu", g->c[i]);
		qk_write_attr(w, "value", v);
		qk_write_open_end(w, 0);
	}
	if (g->kind != QK_K_DEPT) {
		qk_write_open(w, 2, "histogram");
		qk_write_attr(w, "name", "days-to-ready");
		qk_write_open_end(w, g->nbins > 0);
		for (b = 0; b < g->nbins; b++) {
			qk_write_open(w, 3, "bin");
			snprintf(v, sizeof v, "%ld", g->bins[b].days);
			qk_write_attr(w, "days", v);
			snprintf(v, sizeof v, "%llu", g->bins[b].count);
			qk_write_attr(w, "count", v);
			qk_write_open_end(w, 0);
		}
		if (g->nbins > 0)
			qk_write_close(w, 2, "histogram");
	}
	qk_write_close(w, 1, "group");
}

void qk_report_partial(struct qk_writer *w, struct qk_kpi *k)
{
	int kind;
	size_t i, n;

	for (kind = QK_K_ALL; kind < QK_K_N; kind++) {
		n = qk_kpi_ngroups(k, kind);
		for (i = 0; i < n; i++)
			partial_group(w, qk_kpi_group(k, kind, i));
	}
}

/* ---- CSV ---- */

static void csv_field(struct qk_writer *w, const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		raw(w, s);
	} else {
		qk_write_raw(w, "\"", 1);
		for (p = s; *p != '\0'; p++) {
			qk_write_raw(w, p, 1);
			if (*p == '"')
				qk_write_raw(w, "\"", 1);	/* a quote twice */
		}
		qk_write_raw(w, "\"", 1);
	}
	qk_write_raw(w, last ? "\r\n" : ",", last ? 2 : 1);
}

static void csv_rows(struct qk_writer *w, const struct qk_report *rp, int place,
    const struct qk_kgroup *g, const char *key)
{
	struct qk_metric m[QK_METRICS_MAX];
	int i, n = qk_kpi_metrics(place, g, rp->targets, m);

	for (i = 0; i < n; i++) {
		csv_field(w, qk_kpi_place_name(place), 0);
		csv_field(w, key, 0);
		csv_field(w, m[i].name, 0);
		csv_field(w, m[i].value, 0);
		csv_field(w, m[i].numerator, 0);
		csv_field(w, m[i].denominator, 0);
		csv_field(w, m[i].target, 0);
		csv_field(w, m[i].met, 1);
	}
}

void qk_report_csv(struct qk_writer *w, const struct qk_report *rp, int place)
{
	int kind = qk_kpi_place_kind(place);
	size_t i, n;

	raw(w, "place,key,metric,value,numerator,denominator,target,met\r\n");
	if (place <= QK_P_TARGETS) {
		csv_rows(w, rp, place, qk_kpi_group(rp->kpi, QK_K_ALL, 0), "");
		return;
	}
	n = qk_kpi_ngroups(rp->kpi, kind);
	for (i = 0; i < n; i++) {
		const struct qk_kgroup *g = qk_kpi_group(rp->kpi, kind, i);

		csv_rows(w, rp, place, g, g->key);
	}
}

/* ---- Names for people ---- */

static const char *staff_name(const struct qk_roster *ros, const char *id)
{
	const struct qk_node *n;

	for (n = qk_child(qk_roster_root(ros), QK_staff); n != NULL; n = qk_next(n, QK_staff))
		if (qk_is(n, QK_id, id) && qk_get(n, QK_name) != NULL)
			return qk_get(n, QK_name);
	return "";
}

const char *qk_report_key_name(const struct qk_report *rp, int kind, const char *key)
{
	const struct qk_node *n = NULL;

	if (*key == '\0')
		return "";
	if (kind == QK_K_DEPT && rp->catalog != NULL)
		n = qk_catalog_dept(rp->catalog, key);
	else if (kind == QK_K_SITE && rp->roster != NULL)
		n = qk_roster_site(rp->roster, key);
	else if ((kind == QK_K_STAFF || kind == QK_K_AGENT) && rp->roster != NULL)
		return staff_name(rp->roster, key);
	return n != NULL && qk_get(n, QK_name) != NULL ? qk_get(n, QK_name) : "";
}

/* ---- Text ---- */

void qk_report_pad(struct qk_writer *w, const char *s, unsigned width, int right)
{
	size_t have = qk_text_width(s);

	for (; right && have < width; have++)
		qk_write_raw(w, " ", 1);
	raw(w, s);
	for (; !right && have < width; have++)
		qk_write_raw(w, " ", 1);
}

/* A grid of cells, rendered with columns as wide as their widest cell. */
struct grid {
	char **cell;
	size_t n, cap;
	int cols;
	int failed;
};

static void grid_add(struct grid *g, const char *s)
{
	char *copy;

	if (g->failed)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		char **p = realloc(g->cell, cap * sizeof *p);

		if (p == NULL) {
			g->failed = 1;
			return;
		}
		g->cell = p;
		g->cap = cap;
	}
	if ((copy = strdup(s)) == NULL) {
		g->failed = 1;
		return;
	}
	g->cell[g->n++] = copy;
}

static void grid_free(struct grid *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->cell[i]);
	free(g->cell);
}

/* Writes the grid: text columns (the first ntext) left-aligned, figures
 * right-aligned, two spaces between columns. */
static int grid_write(struct qk_writer *w, struct grid *g, int ntext)
{
	unsigned *width;
	size_t i;
	int c;

	if (g->failed || (width = calloc((size_t)g->cols, sizeof *width)) == NULL)
		return -1;
	for (i = 0; i < g->n; i++) {
		size_t cw = qk_text_width(g->cell[i]);

		c = (int)(i % (size_t)g->cols);
		if (cw > width[c])
			width[c] = (unsigned)cw;
	}
	for (i = 0; i < g->n; i++) {
		c = (int)(i % (size_t)g->cols);
		if (c == g->cols - 1 && c < ntext) {
			raw(w, g->cell[i]);	/* no trailing blanks */
		} else {
			qk_report_pad(w, g->cell[i], width[c], c >= ntext);
		}
		raw(w, c == g->cols - 1 ? "\n" : "  ");
	}
	free(width);
	return 0;
}

/* A figure for people: the value, with its numerator and denominator for
 * a ratio ("0.7500 (3/4)"), "-" when absent. */
static void figure(const struct qk_metric *m, char *out, size_t len)
{
	const char *v = m->value[0] != '\0' ? m->value : "-";

	if (m->numerator[0] != '\0')
		snprintf(out, len, "%s (%s/%s)", v, m->numerator, m->denominator);
	else
		snprintf(out, len, "%s", v);
}

static int text_section(struct qk_writer *w, const struct qk_report *rp, int place)
{
	struct qk_metric m[QK_METRICS_MAX];
	struct grid g = { 0 };
	char f[80];
	int i, n = qk_kpi_metrics(place, qk_kpi_group(rp->kpi, QK_K_ALL, 0), rp->targets, m), r;

	g.cols = place == QK_P_TARGETS ? 4 : 2;
	grid_add(&g, "metric");
	grid_add(&g, "value");
	if (place == QK_P_TARGETS) {
		grid_add(&g, "target");
		grid_add(&g, "met");
	}
	for (i = 0; i < n; i++) {
		grid_add(&g, m[i].name);
		figure(&m[i], f, sizeof f);
		grid_add(&g, f);
		if (place == QK_P_TARGETS) {
			grid_add(&g, m[i].target);
			grid_add(&g, m[i].met[0] != '\0' ? m[i].met : "-");
		}
	}
	r = grid_write(w, &g, 1);
	grid_free(&g);
	return r;
}

static int text_table(struct qk_writer *w, const struct qk_report *rp, int place)
{
	struct qk_metric m[QK_METRICS_MAX];
	struct grid g = { 0 };
	int kind = qk_kpi_place_kind(place), i, n, r;
	size_t k, nrows = qk_kpi_ngroups(rp->kpi, kind);

	n = qk_kpi_metrics(place, qk_kpi_group(rp->kpi, QK_K_ALL, 0), rp->targets, m);
	g.cols = n + 2;
	grid_add(&g, "key");
	grid_add(&g, "name");
	for (i = 0; i < n; i++)
		grid_add(&g, m[i].name);
	for (k = 0; k < nrows; k++) {
		const struct qk_kgroup *row = qk_kpi_group(rp->kpi, kind, k);

		qk_kpi_metrics(place, row, rp->targets, m);
		grid_add(&g, row->key[0] != '\0' ? row->key : "\"\"");
		grid_add(&g, qk_report_key_name(rp, kind, row->key));
		for (i = 0; i < n; i++)
			grid_add(&g, m[i].value[0] != '\0' ? m[i].value : "-");
	}
	r = grid_write(w, &g, 2);
	grid_free(&g);
	return r;
}

int qk_report_text(struct qk_writer *w, const struct qk_report *rp, int place)
{
	int p, r = 0;

	for (p = 0; p < QK_P_N; p++) {
		if (place >= 0 && p != place)
			continue;
		if (place < 0 && p > 0)
			raw(w, "\n");
		raw(w, p <= QK_P_TARGETS ? "[section " : "[table ");
		raw(w, qk_kpi_place_name(p));
		raw(w, "]\n");
		if ((p <= QK_P_TARGETS ? text_section(w, rp, p) : text_table(w, rp, p)) < 0)
			r = -1;
	}
	return r;
}

/* ---- HTML ---- */

static void html_text(struct qk_writer *w, const char *s)
{
	const char *p, *from = s;
	const char *rep;

	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		qk_write_raw(w, from, (size_t)(p - from));
		raw(w, rep);
		from = p + 1;
	}
	raw(w, from);
}

static const char html_style[] =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "margin:0 auto;max-width:1100px;padding:12px;color:#1b1f24;background:#fff}\n"
    "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;border-bottom:2px solid #b22;padding-bottom:4px;margin-top:1.4em}\n"
    "p.meta{color:#555;margin:.2em 0 1em}\n"
    ".gauges{display:flex;flex-wrap:wrap;gap:10px}\n"
    ".gauge{flex:1 1 300px;border:1px solid #ddd;border-radius:6px;padding:8px}\n"
    ".gauge .label{font-weight:bold}.gauge .fig{float:right}\n"
    ".gauge svg{display:block;width:100%;height:26px}\n"
    ".met-yes{color:#176b2c}.met-no{color:#b22}\n"
    ".scroll{overflow-x:auto;margin-bottom:1em}\n"
    "table{border-collapse:collapse;font-size:.85em}\n"
    "th,td{border:1px solid #ccc;padding:3px 6px;white-space:nowrap}\n"
    "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "@media (max-width:600px){body{padding:6px}table{font-size:.75em}}\n"
    "@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:9pt}"
    ".scroll{overflow:visible}.gauge{break-inside:avoid}"
    "h2{break-after:avoid}table{font-size:7pt}}\n";

/* The quotient num/den in ten-thousandths, clamped to [0, 10000]. */
static long long permyriad(const char *num, const char *den)
{
	long long n = strtoll(num, NULL, 10), d = strtoll(den, NULL, 10), q;

	if (d <= 0 || n <= 0)
		return 0;
	q = n * 10000 / d;
	return q > 10000 ? 10000 : q;
}

/* A target written with four decimals ("0.9000") in ten-thousandths. */
static long long target_permyriad(const char *t)
{
	long long v = 0;

	for (; *t != '\0'; t++)
		if (*t >= '0' && *t <= '9')
			v = v * 10 + (*t - '0');
	return v > 10000 ? 10000 : v;
}

/* An SVG bar of a target: the quotient against its target line. */
static void html_gauge(struct qk_writer *w, const struct qk_metric *m)
{
	char buf[400];
	long long q = permyriad(m->numerator, m->denominator);
	long long t = target_permyriad(m->target);
	const char *fill = m->met[0] == 'y' ? "#2e8b57" : "#c0392b";

	raw(w, "<div class=\"gauge\"><span class=\"label\">");
	html_text(w, m->name);
	raw(w, "</span> <span class=\"fig ");
	raw(w, m->met[0] == 'y' ? "met-yes" : "met-no");
	raw(w, "\">");
	html_text(w, m->value[0] != '\0' ? m->value : "-");
	raw(w, " / ");
	html_text(w, m->target);
	raw(w, "</span>\n");
	snprintf(buf, sizeof buf,
	    "<svg viewBox=\"0 0 1000 60\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"%s\">"
	    "<rect x=\"0\" y=\"14\" width=\"1000\" height=\"28\" fill=\"#eee\"/>"
	    "<rect x=\"0\" y=\"14\" width=\"%lld\" height=\"28\" fill=\"%s\"/>",
	    m->name, q / 10, m->value[0] != '\0' ? fill : "#999");
	raw(w, buf);
	snprintf(buf, sizeof buf,
	    "<line x1=\"%lld\" y1=\"4\" x2=\"%lld\" y2=\"52\" stroke=\"#111\" stroke-width=\"6\"/>"
	    "</svg>", t / 10 > 997 ? 997 : t / 10, t / 10 > 997 ? 997 : t / 10);
	raw(w, buf);
	raw(w, "<small>");
	html_text(w, m->numerator);
	raw(w, " / ");
	html_text(w, m->denominator);
	raw(w, "</small></div>\n");
}

static void html_cell(struct qk_writer *w, const char *s, int number)
{
	raw(w, number ? "<td class=\"n\">" : "<td>");
	html_text(w, s);
	raw(w, "</td>");
}

static void html_cases(struct qk_writer *w, const struct qk_report *rp)
{
	struct qk_metric m[QK_METRICS_MAX];
	int i, n = qk_kpi_metrics(QK_P_CASES, qk_kpi_group(rp->kpi, QK_K_ALL, 0), rp->targets, m);

	raw(w, "<div class=\"section\" id=\"cases\"><h2>cases 办件</h2><div class=\"scroll\"><table>\n"
	    "<tr><th>metric</th><th>value</th><th>numerator</th><th>denominator</th></tr>\n");
	for (i = 0; i < n; i++) {
		raw(w, "<tr>");
		html_cell(w, m[i].name, 0);
		html_cell(w, m[i].value[0] != '\0' ? m[i].value : "-", 1);
		html_cell(w, m[i].numerator, 1);
		html_cell(w, m[i].denominator, 1);
		raw(w, "</tr>\n");
	}
	raw(w, "</table></div></div>\n");
}

static void html_table(struct qk_writer *w, const struct qk_report *rp, int place)
{
	static const char *const titles[QK_P_N] = {
		"", "", "departments 部门", "sites 站点", "staff 窗口人员考核", "agents 代办员"
	};
	struct qk_metric m[QK_METRICS_MAX];
	int kind = qk_kpi_place_kind(place), i, n;
	size_t k, nrows = qk_kpi_ngroups(rp->kpi, kind);

	raw(w, "<div class=\"section\" id=\"");
	raw(w, qk_kpi_place_name(place));
	raw(w, "\"><h2>");
	raw(w, titles[place]);
	raw(w, "</h2><div class=\"scroll\"><table>\n<tr><th>key</th><th>name</th>");
	n = qk_kpi_metrics(place, qk_kpi_group(rp->kpi, QK_K_ALL, 0), rp->targets, m);
	for (i = 0; i < n; i++) {
		raw(w, "<th>");
		html_text(w, m[i].name);
		raw(w, "</th>");
	}
	raw(w, "</tr>\n");
	for (k = 0; k < nrows; k++) {
		const struct qk_kgroup *row = qk_kpi_group(rp->kpi, kind, k);

		qk_kpi_metrics(place, row, rp->targets, m);
		raw(w, "<tr>");
		html_cell(w, row->key, 0);
		html_cell(w, qk_report_key_name(rp, kind, row->key), 0);
		for (i = 0; i < n; i++)
			html_cell(w, m[i].value[0] != '\0' ? m[i].value : "-", 1);
		raw(w, "</tr>\n");
	}
	if (nrows == 0) {
		raw(w, "<tr><td colspan=\"2\">-</td></tr>\n");
	}
	raw(w, "</table></div></div>\n");
}

void qk_report_html(struct qk_writer *w, const struct qk_report *rp)
{
	struct qk_metric m[QK_METRICS_MAX];
	const char *org = rp->catalog != NULL && qk_get(qk_catalog_root(rp->catalog), QK_name) ?
	    qk_get(qk_catalog_root(rp->catalog), QK_name) : "";
	int i, n, place;

	raw(w, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(w, org);
	raw(w, " KPI ");
	html_text(w, rp->as_of);
	raw(w, "</title>\n<style>\n");
	raw(w, html_style);
	raw(w, "</style>\n</head>\n<body>\n<div class=\"header\"><h1>");
	html_text(w, org);
	raw(w, " 绩效看板</h1><p class=\"meta\">as-of ");
	html_text(w, rp->as_of);
	if (rp->from != NULL) {
		raw(w, " · from ");
		html_text(w, rp->from);
	}
	if (rp->to != NULL) {
		raw(w, " · to ");
		html_text(w, rp->to);
	}
	raw(w, "</p></div>\n<div class=\"section\" id=\"targets\"><h2>targets 目标</h2><div class=\"gauges\">\n");
	n = qk_kpi_metrics(QK_P_TARGETS, NULL, rp->targets, m);
	for (i = 0; i < n; i++)
		html_gauge(w, &m[i]);
	raw(w, "</div></div>\n");
	html_cases(w, rp);
	for (place = QK_P_DEPARTMENTS; place < QK_P_N; place++)
		html_table(w, rp, place);
	raw(w, "</body>\n</html>\n");
}
