#include <stdio.h>

#include "kpi.h"
#include "mask.h"
#include "text.h"
#include "test.h"

static const char *dec(long long num, long long den)
{
	static char out[32];

	qk_kpi_decimal4(num, den, out);
	return out;
}

QK_TEST(kpi_decimal4_rounds_half_up)
{
	CHECK_STR(dec(12345, 100000), "0.1235");
	CHECK_STR(dec(395, 421), "0.9382");
	CHECK_STR(dec(2, 3), "0.6667");
	CHECK_STR(dec(1, 8), "0.1250");
	CHECK_STR(dec(7, 7), "1.0000");
	CHECK_STR(dec(0, 5), "0.0000");
	CHECK_STR(dec(29, 4), "7.2500");
}

QK_TEST(kpi_decimal4_ties_go_toward_plus_infinity)
{
	CHECK_STR(dec(-12345, 100000), "-0.1234");
	CHECK_STR(dec(-12355, 100000), "-0.1235");
	CHECK_STR(dec(-3, 2), "-1.5000");
	CHECK_STR(dec(-1, 3), "-0.3333");
}

QK_TEST(kpi_decimal4_never_writes_minus_zero)
{
	CHECK_STR(dec(-4, 100000), "0.0000");
	CHECK_STR(dec(-5, 100000), "0.0000");
	CHECK_STR(dec(-6, 100000), "-0.0001");
}

QK_TEST(kpi_decimal4_exact_for_large_counts)
{
	CHECK_STR(dec(1, 32), "0.0313");
	CHECK_STR(dec(-1, 32), "-0.0312");
	CHECK_STR(dec(1000000000000000LL, 1000000000000000000LL), "0.0010");
	CHECK_STR(dec(4611686018427387904LL, 4611686018427387904LL), "1.0000");
	CHECK_STR(dec(4611686018427387903LL, 9223372036854775807LL), "0.5000");
	CHECK_STR(dec(9223372036854775807LL, 7), "1317624576693539401.0000");
	CHECK_STR(dec(-9223372036854775807LL, 3), "-3074457345618258602.3333");
	CHECK_STR(dec(-9223372036854775807LL - 1, 1), "-9223372036854775808.0000");
}

QK_TEST(kpi_rank_nearest_rank_median_and_p90)
{
	struct qk_kbin bins[] = { { 0, 3 }, { 2, 1 }, { 5, 4 }, { 9, 2 } };
	struct qk_kgroup g = { 0 };
	long v = -1;

	g.bins = bins;
	g.nbins = 4;
	/* n = 10: the median is the 5th value, p90 the 9th */
	CHECK(qk_kpi_rank(&g, 50, &v));
	CHECK_INT(v, 5);
	CHECK(qk_kpi_rank(&g, 90, &v));
	CHECK_INT(v, 9);
	g.nbins = 2;	/* n = 4: ceil(2) = 2nd, ceil(3.6) = 4th */
	CHECK(qk_kpi_rank(&g, 50, &v));
	CHECK_INT(v, 0);
	CHECK(qk_kpi_rank(&g, 90, &v));
	CHECK_INT(v, 2);
}

QK_TEST(kpi_rank_one_value_and_none)
{
	struct qk_kbin one = { 7, 1 };
	struct qk_kgroup g = { 0 };
	long v = -1;

	CHECK(!qk_kpi_rank(&g, 50, &v));
	g.bins = &one;
	g.nbins = 1;
	CHECK(qk_kpi_rank(&g, 90, &v));
	CHECK_INT(v, 7);
}

QK_TEST(kpi_ratio_without_denominator_has_no_value)
{
	struct qk_metric m[QK_METRICS_MAX];
	struct qk_kgroup g = { 0 };
	int n = qk_kpi_metrics(QK_P_CASES, &g, NULL, m);

	CHECK_INT(n, 26);
	CHECK_STR(m[7].name, "on-time-rate");
	CHECK_STR(m[7].value, "");
	CHECK_STR(m[7].denominator, "0");
	CHECK_STR(m[13].name, "days-to-ready-median");
	CHECK_STR(m[13].value, "");
	CHECK_STR(m[13].numerator, "");
}

QK_TEST(kpi_immediate_rate_denominator_adds_two_counters)
{
	struct qk_metric m[QK_METRICS_MAX];
	struct qk_kgroup g = { 0 };

	g.c[QK_KC_ACCEPTED] = 3;
	g.c[QK_KC_AAC] = 1;
	g.c[QK_KC_IMMEDIATE] = 1;
	qk_kpi_metrics(QK_P_STAFF, &g, NULL, m);
	CHECK_STR(m[7].name, "immediate-rate");
	CHECK_STR(m[7].value, "0.2500");
	CHECK_STR(m[7].denominator, "4");
}

QK_TEST(kpi_target_met_from_exact_quotient)
{
	struct qk_targets t = { { 0 }, { 0 } };
	struct qk_metric m[QK_METRICS_MAX];

	t.num[1] = 8999;	/* 0.8999 < 0.9000 */
	t.den[1] = 10000;
	t.num[2] = 19;		/* 0.95 exactly */
	t.den[2] = 20;
	t.num[3] = -1;
	t.den[3] = 8;
	qk_kpi_metrics(QK_P_TARGETS, NULL, &t, m);
	CHECK_STR(m[0].met, "");
	CHECK_STR(m[0].value, "");
	CHECK_STR(m[1].met, "no");
	CHECK_STR(m[2].value, "0.9500");
	CHECK_STR(m[2].met, "yes");
	CHECK_STR(m[3].value, "-0.1250");
	CHECK_STR(m[3].target, "0.7500");
}

QK_TEST(text_width_counts_wide_and_fullwidth_as_two)
{
	CHECK_INT(qk_text_width("W01"), 3);
	CHECK_INT(qk_text_width("张伟"), 4);
	CHECK_INT(qk_text_width("李娜 W01"), 8);
	CHECK_INT(qk_text_width("（）"), 4);		/* fullwidth parentheses */
	CHECK_INT(qk_text_width("ＡＢ"), 4);		/* fullwidth Latin */
	CHECK_INT(qk_text_width("ｱｲ"), 2);		/* halfwidth katakana */
	CHECK_INT(qk_text_width("한글"), 4);
	CHECK_INT(qk_text_width("é"), 1);
	CHECK_INT(qk_text_width("\xF0\x9F\x98\x80"), 2);	/* U+1F600 */
	CHECK_INT(qk_text_width("\xF0\xA0\x80\x80"), 2);	/* U+20000 */
	CHECK_INT(qk_text_width("\xFF"), 1);
}

QK_TEST(text_cwidth_range_edges)
{
	CHECK_INT(qk_text_cwidth(0x10FF), 1);
	CHECK_INT(qk_text_cwidth(0x1100), 2);
	CHECK_INT(qk_text_cwidth(0x115F), 2);
	CHECK_INT(qk_text_cwidth(0x1160), 1);
	CHECK_INT(qk_text_cwidth(0x3000), 2);
	CHECK_INT(qk_text_cwidth(0xFF01), 2);
	CHECK_INT(qk_text_cwidth(0xFF61), 1);
}

QK_TEST(text_mask_counts_characters)
{
	char out[64];

	qk_mask_into("张伟", 1, 0, out, sizeof out);
	CHECK_STR(out, "张*");
	qk_mask_into("欧阳娜娜", 1, 0, out, sizeof out);
	CHECK_STR(out, "欧***");
	qk_mask_into("张", 1, 0, out, sizeof out);
	CHECK_STR(out, "*");
	qk_mask_into("13800000000", 3, 4, out, sizeof out);
	CHECK_STR(out, "138****0000");
	qk_mask_into("1234567", 3, 4, out, sizeof out);
	CHECK_STR(out, "*******");
	qk_mask_into("320703199001011231", 4, 4, out, sizeof out);
	CHECK_STR(out, "3207**********1231");
}
