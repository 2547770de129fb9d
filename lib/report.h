#ifndef QK_REPORT_H
#define QK_REPORT_H

/*
 * Writing qk-report's results (tools.md, qk-report; formats.md, Reports and
 * Partials): the <report> and <partial> records, CSV, aligned text and the
 * HTML dashboard.  Every figure comes from qk_kpi_metrics(), so every
 * format shows the same numbers.  Writers are those of writer.h; errors
 * are the writer's (sticky).
 */
struct qk_catalog;
struct qk_kpi;
struct qk_roster;
struct qk_targets;
struct qk_writer;

struct qk_report {
	struct qk_kpi *kpi;
	const struct qk_targets *targets;
	const char *from, *to, *as_of;	/* dates as written; NULL when absent */
	const struct qk_catalog *catalog;	/* names for people; may be NULL */
	const struct qk_roster *roster;
};

/* The children of <report> (sections and tables), at depth 1. */
void qk_report_xml(struct qk_writer *, const struct qk_report *);
/* The groups of <partial>, at depth 1. */
void qk_report_partial(struct qk_writer *, struct qk_kpi *);
/* One section or table (enum qk_place) as RFC 4180 CSV with its header. */
void qk_report_csv(struct qk_writer *, const struct qk_report *, int place);
/* Aligned text of one place, or of every place when place < 0.  0, or -1
 * when memory ran out. */
int qk_report_text(struct qk_writer *, const struct qk_report *, int place);
/* The self-contained HTML page. */
void qk_report_html(struct qk_writer *, const struct qk_report *);

/* The name of a key for people: a site's, a department's or a person's
 * name from the reference data, or "" when unknown. */
const char *qk_report_key_name(const struct qk_report *, int kind,
    const char *key);
/* Writes s padded with spaces to width columns (East Asian Width
 * counted), left- or right-aligned. */
void qk_report_pad(struct qk_writer *, const char *s, unsigned width, int right);

#endif
