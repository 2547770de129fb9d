/* The record reader on each document kind, and its --max-record. */
#include "fuzz.h"

static const char *const kinds[][2] = {
	{ "applications", "application" }, { "cases", "case" },
	{ "events", "event" }, { "catalog", "item" }, { "roster", "person" },
	{ "calendar", "holiday" }, { "partial", "group" },
};

static int on_record(void *arg, struct qk_node *n)
{
	(*(long *)arg)++;
	qf_walk(n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = qf_file(data, size);
	size_t i;
	long n = 0;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		qf_records(path, kinds[i][0], kinds[i][1], 0, on_record, &n);
	qf_records(path, "cases", "case", 300, on_record, &n);
	return 0;
}
