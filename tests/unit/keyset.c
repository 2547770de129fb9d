/* The exact key set of duplicate-application. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Lengths whose prefix takes one, two and three bytes, and a key larger
 * than a chunk, between short ones. */
QK_TEST(keyset_keeps_long_keys_and_their_lengths)
{
	static const size_t lens[] = { 127, 128, 300, 16383, 16384, 3 << 20 };
	struct qk_keyset *s = qk_keyset_new();
	char *big = malloc(3 << 20);
	size_t i;

	CHECK(s != NULL && big != NULL);
	memset(big, 'k', 3 << 20);
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		CHECK_INT(qk_keyset_add(s, big, lens[i]), 1);
		CHECK_INT(qk_keyset_add(s, "x", 1), i == 0);
	}
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		CHECK_INT(qk_keyset_add(s, big, lens[i]), 0);
		CHECK_INT(qk_keyset_add(s, big, lens[i] - 1), 
		    lens[i] == 128 || lens[i] == 16384 ? 0 : 1);
	}
	big[100] = 'j';
	CHECK_INT(qk_keyset_add(s, big, 3 << 20), 1);
	qk_keyset_free(s);
	free(big);
}
