/* qk-pack --verify on an archive of any kind. */
#include <stdio.h>

#include "bagcheck.h"
#include "fuzz.h"

static void on_check(void *arg, const char *group, const char *check,
    const char *detail)
{
	(void)arg;
	qf_touch(group);
	qf_touch(check);
	qf_touch(detail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qk_bagcheck_report rep = { on_check, NULL };
	char err[600], schema[4096];

	snprintf(schema, sizeof schema, "%s", qf_src("share/qk/schema/cases.rng"));
	if (qk_bagcheck_run(qf_file(data, size), schema, &rep, err, sizeof err) < 0)
		qf_touch(err);
	return 0;
}
