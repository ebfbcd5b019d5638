/* test_value.c - values are read as the real configuration systems read them. */
#include "suites.h"
#include "value.h"

#include <string.h>

static int choice(enum value_syntax s, const char *choices, const char *v)
{
	return value_choice(s, choices, v, strlen(v));
}

START_TEST(test_net_bool)
{
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "true"), 1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "True"), 1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, " TRUE\t"), 1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "false"), 0);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "yes"), -1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "1"), -1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, ""), -1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "   "), -1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "truee"), -1);
	ck_assert_int_eq(choice(VALUE_NET_BOOL, NULL, "tru"), -1);
}
END_TEST

START_TEST(test_net_enum_is_case_sensitive_and_untrimmed)
{
	const char *modes = "RemoteOnly|On|Off";
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "RemoteOnly"), 0);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "On"), 1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "Off"), 2);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "off"), -1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "OFF"), -1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, " Off"), -1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "2"), -1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "On, Off"), -1);
	ck_assert_int_eq(choice(VALUE_NET_ENUM, modes, "O"), -1);
}
END_TEST

START_TEST(test_iis_is_case_insensitive)
{
	const char *modes = "DetailedLocalOnly|Custom|Detailed";
	ck_assert_int_eq(choice(VALUE_IIS_ENUM, modes, "detailed"), 2);
	ck_assert_int_eq(choice(VALUE_IIS_ENUM, modes, "DETAILEDLOCALONLY"), 0);
	ck_assert_int_eq(choice(VALUE_IIS_ENUM, modes, "Detail"), -1);
	ck_assert_int_eq(choice(VALUE_IIS_BOOL, NULL, "False"), 0);
	ck_assert_int_eq(choice(VALUE_IIS_BOOL, NULL, "TRUE"), 1);
	ck_assert_int_eq(choice(VALUE_IIS_BOOL, NULL, "0"), -1);
}
END_TEST

START_TEST(test_loose_enum_trims)
{
	ck_assert_int_eq(choice(VALUE_LOOSE_ENUM, "DomainUser|NetworkService", " networkservice "),
			 1);
	ck_assert_int_eq(choice(VALUE_LOOSE_ENUM, "DomainUser|NetworkService", "Network Service"),
			 -1);
}
END_TEST

Suite *value_suite(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_net_bool);
	tcase_add_test(tc, test_net_enum_is_case_sensitive_and_untrimmed);
	tcase_add_test(tc, test_iis_is_case_insensitive);
	tcase_add_test(tc, test_loose_enum_trims);
	suite_add_tcase(s, tc);
	return s;
}
