/* The string-keyed hash map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "test.h"

static int vals[4];

QK_TEST(map_gets_what_was_put_and_null_for_absent_keys)
{
	struct qk_map *m = qk_map_new();

	CHECK(m != NULL);
	CHECK(qk_map_get(m, "XG") == NULL);
	CHECK_INT(qk_map_count(m), 0);
	CHECK_INT(qk_map_put(m, "XG", &vals[0]), 0);
	CHECK_INT(qk_map_put(m, "HB", &vals[1]), 0);
	CHECK(qk_map_get(m, "XG") == &vals[0]);
	CHECK(qk_map_get(m, "HB") == &vals[1]);
	CHECK(qk_map_get(m, "XGX") == NULL);
	CHECK(qk_map_get(m, "X") == NULL);
	CHECK(qk_map_get(m, "xg") == NULL);
	CHECK_INT(qk_map_count(m), 2);
	qk_map_free(m);
}

QK_TEST(map_put_replaces_the_value_of_a_present_key)
{
	struct qk_map *m = qk_map_new();

	CHECK(m != NULL);
	CHECK_INT(qk_map_put(m, "k", &vals[0]), 0);
	CHECK_INT(qk_map_put(m, "k", &vals[1]), 0);
	CHECK(qk_map_get(m, "k") == &vals[1]);
	CHECK_INT(qk_map_count(m), 1);
	/* A NULL value is stored, and reads as absent. */
	CHECK_INT(qk_map_put(m, "k", NULL), 0);
	CHECK(qk_map_get(m, "k") == NULL);
	CHECK(qk_map_key(m, "k") != NULL);
	CHECK_INT(qk_map_count(m), 1);
	qk_map_free(m);
}

QK_TEST(map_copies_keys)
{
	struct qk_map *m = qk_map_new();
	char key[] = "site-XG";
	const char *stored;

	CHECK(m != NULL);
	CHECK_INT(qk_map_put(m, key, &vals[2]), 0);
	stored = qk_map_key(m, "site-XG");
	CHECK(stored != NULL);
	CHECK(stored != key);
	key[5] = 'H';
	CHECK(qk_map_get(m, "site-XG") == &vals[2]);
	CHECK(qk_map_get(m, key) == NULL);
	CHECK_STR(stored, "site-XG");
	CHECK(qk_map_key(m, "site-HG") == NULL);
	qk_map_free(m);
}

QK_TEST(map_tells_keys_differing_in_one_byte_apart)
{
	struct qk_map *m = qk_map_new();
	char key[] = "XG-20261124-0001";
	static int v[256];
	int c;

	CHECK(m != NULL);
	for (c = 1; c < 256; c++) {
		key[7] = (char)c;
		CHECK_INT(qk_map_put(m, key, &v[c]), 0);
	}
	CHECK_INT(qk_map_count(m), 255);
	for (c = 1; c < 256; c++) {
		key[7] = (char)c;
		CHECK(qk_map_get(m, key) == &v[c]);
	}
	/* A prefix of a key is another key. */
	CHECK(qk_map_get(m, "XG-2026") == NULL);
	qk_map_free(m);
}

QK_TEST(map_empty_key_is_a_key)
{
	struct qk_map *m = qk_map_new();

	CHECK(m != NULL);
	CHECK(qk_map_get(m, "") == NULL);
	CHECK(qk_map_key(m, "") == NULL);
	CHECK_INT(qk_map_put(m, "", &vals[3]), 0);
	CHECK(qk_map_get(m, "") == &vals[3]);
	CHECK_STR(qk_map_key(m, ""), "");
	CHECK(qk_map_get(m, " ") == NULL);
	CHECK_INT(qk_map_count(m), 1);
	qk_map_free(m);
}

QK_TEST(map_keeps_100000_keys_through_growth)
{
	struct qk_map *m = qk_map_new();
	static char tags[100000];
	char key[32];
	int i;

	CHECK(m != NULL);
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "XG-20261124-%04d", i);
		CHECK_INT(qk_map_put(m, key, &tags[i]), 0);
	}
	CHECK_INT(qk_map_count(m), 100000);
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "XG-20261124-%04d", i);
		if (qk_map_get(m, key) != &tags[i]) {
			qk_test_failf(__FILE__, __LINE__, "key %s lost", key);
			break;
		}
	}
	for (i = 100000; i < 100100; i++) {
		snprintf(key, sizeof key, "XG-20261124-%04d", i);
		CHECK(qk_map_get(m, key) == NULL);
	}
	/* Replacing does not add. */
	CHECK_INT(qk_map_put(m, "XG-20261124-0007", &tags[0]), 0);
	CHECK(qk_map_get(m, "XG-20261124-0007") == &tags[0]);
	CHECK_INT(qk_map_count(m), 100000);
	qk_map_free(m);
}
