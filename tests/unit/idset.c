/* The compact set of case ids. */
#include <stdio.h>

#include "idset.h"
#include "test.h"

QK_TEST(idset_finds_canonical_ids_again)
{
	struct qk_idset *s = qk_idset_new();
	char id[64];
	int i;

	for (i = 1; i <= 50000; i++) {
		snprintf(id, sizeof id, "XG-%s-%04d", i % 2 ? "20261124" : "20261125", i);
		CHECK_INT(qk_idset_add(s, id), 1);
	}
	for (i = 1; i <= 50000; i++) {
		snprintf(id, sizeof id, "XG-%s-%04d", i % 2 ? "20261124" : "20261125", i);
		CHECK_INT(qk_idset_add(s, id), 0);
	}
	qk_idset_free(s);
}

QK_TEST(idset_tells_sites_days_and_numbers_apart)
{
	struct qk_idset *s = qk_idset_new();

	CHECK_INT(qk_idset_add(s, "XG-20261124-0001"), 1);
	CHECK_INT(qk_idset_add(s, "XG-HB-20261124-0001"), 1);
	CHECK_INT(qk_idset_add(s, "XG-20261125-0001"), 1);
	CHECK_INT(qk_idset_add(s, "XG-20261124-0002"), 1);
	CHECK_INT(qk_idset_add(s, "XG-20261124-10000"), 1);
	CHECK_INT(qk_idset_add(s, "XG-HB-20261124-0001"), 0);
	qk_idset_free(s);
}

QK_TEST(idset_keeps_other_ids_as_strings)
{
	struct qk_idset *s = qk_idset_new();

	CHECK_INT(qk_idset_add(s, "XG-20261124-00001"), 1);	/* not canonical */
	CHECK_INT(qk_idset_add(s, "XG-20261124-0001"), 1);
	CHECK_INT(qk_idset_add(s, "XG-20261124-00001"), 0);
	CHECK_INT(qk_idset_add(s, "case 7"), 1);
	CHECK_INT(qk_idset_add(s, "case 7"), 0);
	CHECK_INT(qk_idset_add(s, "XG-20261399-0001"), 1);	/* no such date */
	CHECK_INT(qk_idset_add(s, "XG-20261399-0001"), 0);
	qk_idset_free(s);
}
