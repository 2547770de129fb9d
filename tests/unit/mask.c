/* --mask (tools.md qk-pack): Unicode characters kept and starred. */
#include <string.h>

#include "arena.h"
#include "chain.h"
#include "mask.h"
#include "node.h"
#include "test.h"

static const char *mask(struct qk_arena *a, const char *s, size_t head, size_t tail)
{
	return qk_mask_text(a, s, head, tail);
}

QK_TEST(mask_idno_keeps_4_and_4)
{
	struct qk_arena *a = qk_arena_new();

	CHECK_STR(mask(a, "320703199001011231", 4, 4), "3207**********1231");
	CHECK_STR(mask(a, "A1234567", 4, 4), "********");
	CHECK_STR(mask(a, "A12345678", 4, 4), "A123*5678");
	CHECK_STR(mask(a, "", 4, 4), "");
	qk_arena_free(a);
}

QK_TEST(mask_phone_keeps_3_and_4)
{
	struct qk_arena *a = qk_arena_new();

	CHECK_STR(mask(a, "13800000000", 3, 4), "138****0000");
	CHECK_STR(mask(a, "5551234", 3, 4), "*******");
	qk_arena_free(a);
}

QK_TEST(mask_name_counts_characters_not_bytes)
{
	struct qk_arena *a = qk_arena_new();

	CHECK_STR(mask(a, "张伟", 1, 0), "张*");
	CHECK_STR(mask(a, "欧阳娜娜", 1, 0), "欧***");
	CHECK_STR(mask(a, "伟", 1, 0), "*");
	CHECK_STR(mask(a, "Zoë Li", 1, 0), "Z*****");
	CHECK_STR(mask(a, "护照号码一二三四五六", 4, 4), "护照号码**三四五六");
	qk_arena_free(a);
}

QK_TEST(mask_case_touches_only_applicant_idno_phone_name)
{
	struct qk_arena *a = qk_arena_new();
	struct qk_node *c = qk_node_new(a, "case"), *app = qk_node_new(a, "application");
	struct qk_node *who = qk_node_new(a, "applicant"), *ev = qk_node_new(a, "event");

	qk_node_set(a, c, "id", "XG-20261124-0001");
	qk_node_set(a, who, "kind", "org");
	qk_node_set(a, who, "name", "连云港某某公司");
	qk_node_set(a, who, "idno", "91320700MA1X2Y3Z4A");
	qk_node_set(a, ev, "name", "kept");
	qk_node_append(app, who);
	qk_node_append(c, app);
	qk_node_append(c, ev);
	CHECK(qk_mask_case(a, c) == 0);
	CHECK_STR(qk_get(who, QK_name), "连******");
	CHECK_STR(qk_get(who, QK_idno), "9132**********3Z4A");
	CHECK_STR(qk_get(who, QK_kind), "org");
	CHECK_STR(qk_get(ev, QK_name), "kept");
	qk_arena_free(a);
}

QK_TEST(chain_sha256_incremental_equals_whole)
{
	struct qk_sha256 *h = qk_sha256_new();
	char a[QK_HEX_LEN], b[QK_HEX_LEN];

	CHECK(h != NULL);
	qk_sha256_update(h, "ab", 2);
	qk_sha256_update(h, "", 0);
	qk_sha256_update(h, "c", 1);
	qk_sha256_end(h, a);
	qk_sha256_hex("abc", 3, b);
	CHECK_STR(a, b);
	CHECK_STR(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
