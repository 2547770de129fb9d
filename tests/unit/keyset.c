/* The exact key set of duplicate-application. */
#include <stdio.h>

#include "keyset.h"
#include "test.h"

QK_TEST(keyset_finds_keys_again_across_growth_and_chunks)
{
	struct qk_keyset *s = qk_keyset_new();
	char key[64];
	int i, n;

	CHECK(s != NULL);
	for (i = 0; i < 100000; i++) {
		n = snprintf(key, sizeof key, "XG%cWIN-%d%c", 0, i, 0);
		CHECK_INT(qk_keyset_add(s, key, (size_t)n), 1);
	}
	for (i = 0; i < 100000; i++) {
		n = snprintf(key, sizeof key, "XG%cWIN-%d%c", 0, i, 0);
		CHECK_INT(qk_keyset_add(s, key, (size_t)n), 0);
	}
	qk_keyset_free(s);
}

QK_TEST(keyset_tells_keys_of_one_length_apart)
{
	struct qk_keyset *s = qk_keyset_new();

	CHECK_INT(qk_keyset_add(s, "ab", 2), 1);
	CHECK_INT(qk_keyset_add(s, "ba", 2), 1);
	CHECK_INT(qk_keyset_add(s, "ab", 1), 1);
	CHECK_INT(qk_keyset_add(s, "", 0), 1);
	CHECK_INT(qk_keyset_add(s, "", 0), 0);
	CHECK_INT(qk_keyset_add(s, "ab", 2), 0);
	qk_keyset_free(s);
}
