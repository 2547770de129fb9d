/* The bump allocator: alignment, copies, reuse after reset, large blocks. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "test.h"

QK_TEST(arena_aligns_every_allocation_to_16_bytes)
{
	struct qk_arena *a = qk_arena_new();
	size_t n;

	CHECK(a != NULL);
	for (n = 1; n <= 100; n++) {
		unsigned char *p = qk_arena_alloc(a, n);

		CHECK(p != NULL);
		CHECK_INT((uintptr_t)p % 16, 0);
		memset(p, 0xA5, n);
	}
	CHECK_INT(qk_arena_failed(a), 0);
	qk_arena_free(a);
}

QK_TEST(arena_allocations_do_not_overlap)
{
	struct qk_arena *a = qk_arena_new();
	unsigned char *p[64];
	size_t i, j;

	CHECK(a != NULL);
	for (i = 0; i < 64; i++) {
		p[i] = qk_arena_alloc(a, 3 * i + 1);
		CHECK(p[i] != NULL);
		memset(p[i], (int)i, 3 * i + 1);
	}
	for (i = 0; i < 64; i++)
		for (j = 0; j < 3 * i + 1; j++)
			CHECK_INT(p[i][j], i);
	qk_arena_free(a);
}

QK_TEST(arena_strdup_and_strndup_copy_and_terminate)
{
	struct qk_arena *a = qk_arena_new();
	char src[] = "case XG-20261124-0001";
	char *d, *n, *z;

	CHECK(a != NULL);
	d = qk_arena_strdup(a, src);
	n = qk_arena_strndup(a, src, 4);
	z = qk_arena_strndup(a, src, 0);
	CHECK(d != src);
	src[0] = 'X';		/* copies, not the caller's bytes */
	CHECK_STR(d, "case XG-20261124-0001");
	CHECK_STR(n, "case");
	CHECK_STR(z, "");
	CHECK_STR(qk_arena_strdup(a, ""), "");
	qk_arena_free(a);
}

QK_TEST(arena_strndup_copies_embedded_bytes_up_to_n)
{
	struct qk_arena *a = qk_arena_new();
	static const char src[] = { 'a', 'b', '\0', 'c' };
	char *s;

	CHECK(a != NULL);
	s = qk_arena_strndup(a, src, sizeof src);
	CHECK(s != NULL);
	CHECK(memcmp(s, src, sizeof src) == 0);
	CHECK_INT(s[sizeof src], '\0');
	qk_arena_free(a);
}

QK_TEST(arena_reset_reuses_the_first_chunk)
{
	struct qk_arena *a = qk_arena_new();
	void *first, *again;
	int i;

	CHECK(a != NULL);
	first = qk_arena_alloc(a, 32);
	CHECK(first != NULL);
	/* Several chunks' worth, then back to the start. */
	for (i = 0; i < 64; i++)
		CHECK(qk_arena_alloc(a, 10000) != NULL);
	qk_arena_reset(a);
	again = qk_arena_alloc(a, 32);
	CHECK(again == first);
	qk_arena_reset(a);
	CHECK(qk_arena_alloc(a, 1) == first);
	qk_arena_free(a);
}

QK_TEST(arena_serves_blocks_larger_than_a_chunk)
{
	struct qk_arena *a = qk_arena_new();
	size_t big = 9 * 1024 * 1024, i;	/* beyond the 64 KiB chunk and the 4 MiB cap */
	unsigned char *small, *p, *after;

	CHECK(a != NULL);
	small = qk_arena_alloc(a, 16);
	CHECK(small != NULL);
	memset(small, 0x11, 16);
	p = qk_arena_alloc(a, big);
	CHECK(p != NULL);
	CHECK_INT((uintptr_t)p % 16, 0);
	memset(p, 0x5A, big);
	after = qk_arena_alloc(a, 100);
	CHECK(after != NULL);
	memset(after, 0x22, 100);
	for (i = 0; i < big; i += 4096)
		CHECK_INT(p[i], 0x5A);
	CHECK_INT(p[big - 1], 0x5A);
	CHECK_INT(small[15], 0x11);
	CHECK_INT(qk_arena_failed(a), 0);
	qk_arena_reset(a);
	CHECK(qk_arena_alloc(a, 1) != NULL);
	qk_arena_free(a);
}

QK_TEST(arena_large_block_after_reset_is_fresh_memory)
{
	struct qk_arena *a = qk_arena_new();
	unsigned char *p;
	size_t big = 200 * 1024;

	CHECK(a != NULL);
	p = qk_arena_alloc(a, big);
	CHECK(p != NULL);
	memset(p, 1, big);
	qk_arena_reset(a);
	p = qk_arena_alloc(a, big);
	CHECK(p != NULL);
	memset(p, 2, big);
	CHECK_INT(p[big - 1], 2);
	qk_arena_free(a);
}

/* A request no allocator can meet fails with NULL and sets the flag until
 * the next reset.  AddressSanitizer aborts on such requests instead of
 * returning NULL, so the test is left out under it. */
#if defined(__SANITIZE_ADDRESS__)
#define QK_NO_HUGE_ALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QK_NO_HUGE_ALLOC 1
#endif
#endif

QK_TEST(arena_failure_is_sticky_until_reset)
{
#ifndef QK_NO_HUGE_ALLOC
	struct qk_arena *a = qk_arena_new();

	CHECK(a != NULL);
	CHECK_INT(qk_arena_failed(a), 0);
	CHECK(qk_arena_alloc(a, SIZE_MAX / 2) == NULL);
	CHECK_INT(qk_arena_failed(a), 1);
	/* Later allocations still work, the flag stays. */
	CHECK(qk_arena_alloc(a, 8) != NULL);
	CHECK_INT(qk_arena_failed(a), 1);
	qk_arena_reset(a);
	CHECK_INT(qk_arena_failed(a), 0);
	CHECK(qk_arena_alloc(a, 8) != NULL);
	qk_arena_free(a);
#endif
}
