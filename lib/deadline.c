#include <stddef.h>

#include "cal.h"
#include "deadline.h"
#include "replay.h"

int qk_deadline_item(const struct qk_replay *r, int i, struct qk_cal *cal,
    long T, long warn, long *days)
{
	const struct qk_ritem *it = qk_replay_item(r, i);
	long late, left;

	if (qk_replay_withdrawn(r) != NULL || it->state != QK_IT_ROUTED ||
	    it->suspended || !it->has_due)
		return QK_DL_NONE;
	late = qk_cal_between(cal, it->due, T);
	if (late >= 1) {
		*days = late;
		return QK_DL_OVERDUE;
	}
	left = qk_cal_between(cal, T, it->due);
	if (left <= warn) {
		*days = left;
		return QK_DL_DUE_SOON;
	}
	return QK_DL_NONE;
}
