/* qk-route --apply: an events document applied to a small working set
 * (the example's case), with dispatch and without. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *events = qf_file(data, size);
	const char *cases = qf_src("tests/data/example/cases.xml");
	struct qf_buf out = { 0 };

	qf_route(cases, events, 1, &out);
	qf_buf_free(&out);
	qf_route(cases, events, 0, NULL);
	return 0;
}
