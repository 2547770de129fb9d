#include "idno.h"
#include "test.h"

QK_TEST(idno_person_spec_example_valid)
{
	CHECK_INT(qk_idno_person("320703199001011231"), 1);
}

QK_TEST(idno_person_check_x_valid)
{
	CHECK_INT(qk_idno_person("11010519491231002X"), 1);
	CHECK_INT(qk_idno_person("11010119800101007X"), 1);
}

QK_TEST(idno_person_lowercase_x_accepted)
{
	CHECK_INT(qk_idno_person("11010519491231002x"), 1);
}

QK_TEST(idno_person_check_zero_valid)
{
	CHECK_INT(qk_idno_person("440304199912310090"), 1);
}

QK_TEST(idno_person_wrong_check_digit)
{
	CHECK_INT(qk_idno_person("320703199001011232"), 0);
	CHECK_INT(qk_idno_person("110105194912310021"), 0);
	CHECK_INT(qk_idno_person("440304199912310091"), 0);
}

QK_TEST(idno_person_transposed_digits_invalid)
{
	CHECK_INT(qk_idno_person("320703199001011321"), 0);
}

QK_TEST(idno_person_wrong_length)
{
	CHECK_INT(qk_idno_person("32070319900101123"), 0);
	CHECK_INT(qk_idno_person("3207031990010112310"), 0);
	CHECK_INT(qk_idno_person("320703900101123"), 0);
}

QK_TEST(idno_person_x_only_last)
{
	CHECK_INT(qk_idno_person("X20703199001011231"), 0);
	CHECK_INT(qk_idno_person("3207031990010112X1"), 0);
}

QK_TEST(idno_person_bad_characters)
{
	CHECK_INT(qk_idno_person("32070319900101123A"), 0);
	CHECK_INT(qk_idno_person(" 20703199001011231"), 0);
	CHECK_INT(qk_idno_person("320703-99001011231"), 0);
}

QK_TEST(idno_person_null_and_empty_invalid)
{
	CHECK_INT(qk_idno_person(NULL), 0);
	CHECK_INT(qk_idno_person(""), 0);
}

QK_TEST(idno_org_cited_example_valid)
{
	CHECK_INT(qk_idno_org("91350100M000100Y43"), 1);
}

QK_TEST(idno_org_letter_check_valid)
{
	CHECK_INT(qk_idno_org("91110000600037341L"), 1);
	CHECK_INT(qk_idno_org("92310115MA1K00006J"), 1);
}

QK_TEST(idno_org_check_zero_valid)
{
	/* sum mod 31 = 0 gives 31, written 0. */
	CHECK_INT(qk_idno_org("911101080000000080"), 1);
}

QK_TEST(idno_org_wrong_check)
{
	CHECK_INT(qk_idno_org("91350100M000100Y44"), 0);
	CHECK_INT(qk_idno_org("91110000600037341M"), 0);
	CHECK_INT(qk_idno_org("911101080000000081"), 0);
}

QK_TEST(idno_org_excluded_letters_invalid)
{
	/* I, O, S, V and Z are not in the alphabet. */
	CHECK_INT(qk_idno_org("91350100I000100Y43"), 0);
	CHECK_INT(qk_idno_org("91350100O000100Y43"), 0);
	CHECK_INT(qk_idno_org("91350100S000100Y43"), 0);
	CHECK_INT(qk_idno_org("91350100V000100Y43"), 0);
	CHECK_INT(qk_idno_org("91350100Z000100Y43"), 0);
}

QK_TEST(idno_org_lowercase_invalid)
{
	CHECK_INT(qk_idno_org("91350100m000100y43"), 0);
}

QK_TEST(idno_org_wrong_length)
{
	CHECK_INT(qk_idno_org("91350100M000100Y4"), 0);
	CHECK_INT(qk_idno_org("91350100M000100Y430"), 0);
	CHECK_INT(qk_idno_org(""), 0);
	CHECK_INT(qk_idno_org(NULL), 0);
}

QK_TEST(idno_foreign_pr_2023_valid)
{
	CHECK_INT(qk_idno_foreign_pr("933100000000000016"), 1);
	CHECK_INT(qk_idno_foreign_pr("954401198501011235"), 1);
}

QK_TEST(idno_foreign_pr_2023_wrong_check)
{
	CHECK_INT(qk_idno_foreign_pr("933100000000000017"), 0);
}

QK_TEST(idno_foreign_pr_2023_must_start_with_9)
{
	/* A valid person number is not a permanent-residence number. */
	CHECK_INT(qk_idno_foreign_pr("320703199001011231"), 0);
}

QK_TEST(idno_foreign_pr_2023_x_check_valid)
{
	CHECK_INT(qk_idno_foreign_pr("93310019900101009X"), 1);
}

QK_TEST(idno_foreign_pr_2023_lowercase_x_accepted)
{
	CHECK_INT(qk_idno_foreign_pr("93310019900101009x"), 1);
}

QK_TEST(idno_foreign_pr_2023_x_only_last)
{
	CHECK_INT(qk_idno_foreign_pr("9331001990010100X9"), 0);
}

QK_TEST(idno_foreign_pr_2017_valid)
{
	CHECK_INT(qk_idno_foreign_pr("USA110071234567"), 1);
	CHECK_INT(qk_idno_foreign_pr("ABC000000000000"), 1);
}

QK_TEST(idno_foreign_pr_2017_shape_strict)
{
	CHECK_INT(qk_idno_foreign_pr("usa110071234567"), 0);
	CHECK_INT(qk_idno_foreign_pr("US1110071234567"), 0);
	CHECK_INT(qk_idno_foreign_pr("USA11007123456"), 0);
	CHECK_INT(qk_idno_foreign_pr("USA1100712345678"), 0);
	CHECK_INT(qk_idno_foreign_pr("USA11007123456X"), 0);
}

QK_TEST(idno_foreign_pr_null_and_empty_invalid)
{
	CHECK_INT(qk_idno_foreign_pr(NULL), 0);
	CHECK_INT(qk_idno_foreign_pr(""), 0);
}

QK_TEST(idno_document_valid)
{
	CHECK_INT(qk_idno_document("E12345678"), 1);
	CHECK_INT(qk_idno_document("x"), 1);
	CHECK_INT(qk_idno_document("H1234567890abcdefghijklmnopqrstu"), 1);
}

QK_TEST(idno_document_too_long)
{
	CHECK_INT(qk_idno_document("H1234567890abcdefghijklmnopqrstuv"), 0);
}

QK_TEST(idno_document_bad_characters)
{
	CHECK_INT(qk_idno_document("E1234-5678"), 0);
	CHECK_INT(qk_idno_document("E1234 5678"), 0);
	CHECK_INT(qk_idno_document("E1234\xe4\xb8\xad"), 0);
}

QK_TEST(idno_document_null_and_empty_invalid)
{
	CHECK_INT(qk_idno_document(NULL), 0);
	CHECK_INT(qk_idno_document(""), 0);
}

QK_TEST(idno_check_person)
{
	CHECK_INT(qk_idno_check("person", NULL, "320703199001011231"), 1);
	CHECK_INT(qk_idno_check("person", NULL, "320703199001011232"), 0);
}

QK_TEST(idno_check_org)
{
	CHECK_INT(qk_idno_check("org", NULL, "91350100M000100Y43"), 1);
	CHECK_INT(qk_idno_check("org", NULL, "320703199001011231"), 0);
}

QK_TEST(idno_check_other_by_idtype)
{
	CHECK_INT(qk_idno_check("other", "foreign-pr", "933100000000000016"), 1);
	CHECK_INT(qk_idno_check("other", "foreign-pr", "E12345678"), 0);
	CHECK_INT(qk_idno_check("other", "passport", "E12345678"), 1);
	CHECK_INT(qk_idno_check("other", "hkmo-permit", "H12345678"), 1);
	CHECK_INT(qk_idno_check("other", "tw-permit", "12345678"), 1);
	CHECK_INT(qk_idno_check("other", "passport", "E-12345678"), 0);
}

QK_TEST(idno_check_unknown_kind)
{
	CHECK_INT(qk_idno_check("company", NULL, "91350100M000100Y43"), -1);
	CHECK_INT(qk_idno_check("Person", NULL, "320703199001011231"), -1);
	CHECK_INT(qk_idno_check(NULL, NULL, "320703199001011231"), -1);
}

QK_TEST(idno_check_other_needs_known_idtype)
{
	CHECK_INT(qk_idno_check("other", NULL, "E12345678"), -1);
	CHECK_INT(qk_idno_check("other", "visa", "E12345678"), -1);
}

QK_TEST(idno_check_missing_idno_invalid)
{
	CHECK_INT(qk_idno_check("person", NULL, NULL), 0);
	CHECK_INT(qk_idno_check("org", NULL, ""), 0);
	CHECK_INT(qk_idno_check("other", "passport", ""), 0);
	CHECK_INT(qk_idno_check("other", "passport", NULL), 0);
}
