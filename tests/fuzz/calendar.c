/* The calendar loader (as qk_common_load does it) on one document over
 * the example's, then W(), add() and S() around its coverage. */
#include "arena.h"
#include "cal.h"
#include "records.h"
#include "fuzz.h"

static void ask(struct qk_cal *cal)
{
	long from, to, d, w;

	if (qk_cal_coverage(cal, &from, &to) < 0)
		return;
	for (d = from - 3; d <= to + 3 && d < from + 40; d++) {
		w = qk_cal_between(cal, from - 10, d);
		if (w < 0 || qk_cal_start(cal, d) < d)
			qf_fail("a calendar answer out of range");
		if (qk_cal_is_workday(cal, d) && w > 0 &&
		    qk_cal_add(cal, from - 10, w) != d)
			qf_fail("add() does not undo W()");
	}
	qk_cal_add(cal, to, 1000000);
	qk_cal_between(cal, from - 1000000, to + 1000000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qk_cal *cal = qk_cal_new();

	if (cal == NULL)
		qf_fail("out of memory");
	if (qk_cal_load(cal, qf_file(data, size)) == 0 && qk_cal_build(cal) == 0)
		ask(cal);
	qk_cal_free(cal);
	return 0;
}
