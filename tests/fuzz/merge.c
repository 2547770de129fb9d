/* qk-report --merge: a partial document merged twice (two partials), then
 * every format of the report. */
#include "kpi.h"
#include "fuzz.h"

static int on_group(void *arg, struct qk_node *g)
{
	char err[600];

	if (qk_kpi_merge_group(arg, g, err, sizeof err) < 0) {
		qf_touch(err);
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = qf_file(data, size);
	struct qk_kpi *kpi = qk_kpi_new();

	if (kpi == NULL)
		qf_fail("out of memory");
	if (qf_records(path, "partial", "group", 0, on_group, kpi) == 0 &&
	    qf_records(path, "partial", "group", 0, on_group, kpi) == 0)
		qf_report(kpi, NULL);
	qk_kpi_free(kpi);
	return 0;
}
