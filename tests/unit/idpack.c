/* Case ids packed in 64 bits: packing, formatting back, byte order. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "idpack.h"
#include "test.h"

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

QK_TEST(idpack_formats_packed_ids_back_exactly)
{
	static const char *const ids[] = {
		"XG-20261124-0001", "XG-HB-20261124-0001", "XG-20261124-0000",
		"XG-20261124-9999", "XG-20261124-10000", "XG-HB-20261103-90244",
		"XG-20261124-262143", "X-19700101-0001", "XG-99991231-0042",
		"XG-20240229-0007", "XG--20261124-0001", "墟沟-20261124-0001",
	};
	char buf[QK_IDPACK_BUF], site[128], id[160];
	struct qk_idpack *p = qk_idpack_new();
	uint64_t key;
	size_t i;

	CHECK(p != NULL);
	for (i = 0; i < sizeof ids / sizeof *ids; i++) {
		CHECK_INT(qk_idpack_pack(p, ids[i], &key), 1);
		CHECK(key >> 63 == 1);
		CHECK_STR(qk_idpack_id(p, key, buf), ids[i]);
	}
	/* The longest site code packed: 127 bytes. */
	memset(site, 'S', 127);
	site[127] = '\0';
	snprintf(id, sizeof id, "%s-20261124-262143", site);
	CHECK_INT(qk_idpack_pack(p, id, &key), 1);
	CHECK_INT(strlen(id) + 1, QK_IDPACK_BUF);
	CHECK_STR(qk_idpack_id(p, key, buf), id);
	/* One site, one index: the keys of its ids differ in day and number. */
	CHECK_INT(qk_idpack_pack(p, "XG-20261124-0002", &key), 1);
	CHECK_STR(qk_idpack_id(p, key, buf), "XG-20261124-0002");
	qk_idpack_free(p);
}

QK_TEST(idpack_keeps_other_ids_as_they_are)
{
	static const char *const ids[] = {
		"XG-20261124-00001",	/* 5 digits with a leading zero */
		"XG-20261124-262144",	/* beyond 18 bits */
		"XG-20261124-123",	/* 3 digits */
		"XG-20261124-1234567890",
		"XG-20261399-0001",	/* no such date */
		"XG-20230229-0001",
		"XG-19691231-0001",	/* before 1970 */
		"XG-2026112A-0001",
		"XG-2026112-0001",
		"XG_20261124-0001",
		"-20261124-0001",	/* no site */
		"XG-20261124-0001x",
		"XG-20261124-",
		"case 7",
		"",
	};
	char buf[QK_IDPACK_BUF], site[129], id[160];
	struct qk_idpack *p = qk_idpack_new();
	uint64_t key, more, keys[sizeof ids / sizeof *ids];
	size_t i;

	CHECK(p != NULL);
	for (i = 0; i < sizeof ids / sizeof *ids; i++) {
		CHECK_INT(qk_idpack_pack(p, ids[i], &key), 0);
		CHECK_INT(qk_idpack_key(p, ids[i], &keys[i]), 0);
		CHECK(keys[i] >> 63 == 0);
	}
	memset(site, 'S', 128);
	site[128] = '\0';
	snprintf(id, sizeof id, "%s-20261124-0001", site);
	CHECK_INT(qk_idpack_pack(p, id, &key), 0);
	CHECK_INT(qk_idpack_key(p, id, &key), 0);
	/* Every string is kept whole, also once the buffer has grown. */
	for (i = 0; i < 1000; i++)
		CHECK_INT(qk_idpack_key(p, "case 7 with a long enough name", &more), 0);
	for (i = 0; i < sizeof ids / sizeof *ids; i++)
		CHECK_STR(qk_idpack_id(p, keys[i], buf), ids[i]);
	CHECK_STR(qk_idpack_id(p, key, buf), id);
	CHECK_STR(qk_idpack_id(p, more, buf), "case 7 with a long enough name");
	/* A packed id has a packed key by qk_idpack_key too. */
	CHECK_INT(qk_idpack_key(p, "XG-20261124-0001", &key), 0);
	CHECK(key >> 63 == 1);
	CHECK_STR(qk_idpack_id(p, key, buf), "XG-20261124-0001");
	qk_idpack_free(p);
}

/* Every pair of ids compares as strcmp compares them. */
static int cmp_all(const char *const *ids, size_t n)
{
	struct qk_idpack *p = qk_idpack_new();
	uint64_t key[512];
	size_t i, j;

	if (p == NULL || n > 512)
		return -1;
	for (i = 0; i < n; i++)
		if (qk_idpack_key(p, ids[i], &key[i]) < 0)
			return -1;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (sign(qk_idpack_cmp(p, key[i], key[j])) !=
			    sign(strcmp(ids[i], ids[j]))) {
				printf("# %s vs %s\n", ids[i], ids[j]);
				qk_idpack_free(p);
				return -1;
			}
	qk_idpack_free(p);
	return 0;
}

QK_TEST(idpack_compares_in_byte_order)
{
	/* Sites in an order of appearance that is not theirs; numbers of
	 * 4, 5 and 6 digits; codes that are prefixes of others; ids kept as
	 * strings among them. */
	static const char *const ids[] = {
		"XG-HB-20261103-0001", "XG-20261103-9999", "XG-20261103-10000",
		"XG-20261103-99999", "XG-20261103-100000", "XG-20261103-0999",
		"XG-20261104-0001", "XG-20261102-10000", "XG-HB-20261103-90244",
		"XG-HB-20261103-9999", "XG-HB-20261104-0001", "XGZ-20261103-0001",
		"XG-H-20261103-0001", "X-20261103-0001", "XG1-20261103-0001",
		"Xg-20261103-0001", "XG-BG-20261103-0001", "XG-B-20261103-0001",
		"XG-20261103-00001", "XG-20261103-0001", "XG-20261103", "XG",
		"XG-20261103-0001x", "case 7", "", "XG-HB", "XG-2026110",
		"XG-19991231-0001", "XG-20000101-0001", "墟沟-20261103-0001",
		"XG-\xff-20261103-0001", "XG--20261103-0001",
	};

	CHECK_INT(cmp_all(ids, sizeof ids / sizeof *ids), 0);
}

QK_TEST(idpack_sorts_generated_ids_in_byte_order)
{
	static const char *const sites[] = { "XG-YG", "XG", "XG-HB", "XG-H",
	    "XGA", "X", "XG-HB-1" };
	static const unsigned long seqs[] = { 1, 9, 999, 1000, 9999, 10000,
	    10001, 99999, 100000, 262143 };
	static char text[500][40];
	const char *ids[500];
	unsigned long r = 12345;
	size_t i;

	for (i = 0; i < 500; i++) {
		r = r * 1103515245 + 12345;
		snprintf(text[i], sizeof text[i], "%s-202611%02lu-%04lu",
		    sites[(r >> 8) % 7], 10 + (r >> 12) % 3, seqs[(r >> 16) % 10]);
		ids[i] = text[i];
	}
	CHECK_INT(cmp_all(ids, 500), 0);
}
