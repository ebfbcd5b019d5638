/* test_value.c - values are read as the real configuration systems read them. */
#include "suites.h"
#include "util/connstr.h"
#include "util/util.h"
#include "util/value.h"

#include <stdlib.h>
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

START_TEST(test_net_int)
{
	long long v;
	ck_assert_int_eq(value_net_int(" 102400 ", 8, 1, &v), 0);
	ck_assert_int_eq(v, 102400);
	ck_assert_int_eq(value_net_int("0x10", 4, 1, &v), 0);
	ck_assert_int_eq(v, 16);
	ck_assert_int_eq(value_net_int("0xFFFFFFFF", 10, 1, &v), 0);
	ck_assert_int_eq(v, -1);
	ck_assert_int_eq(value_net_int("-5", 2, 1, &v), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(value_net_int("2147483648", 10, 1, &v), -1);
	ck_assert_int_eq(value_net_int("2147483648", 10, 0, &v), 0);
	ck_assert_int_eq(value_net_int("12kb", 4, 1, &v), -1);
	ck_assert_int_eq(value_net_int("", 0, 1, &v), -1);
	ck_assert_int_eq(value_net_int("-", 1, 1, &v), -1);
	ck_assert_int_eq(value_net_int("0x", 2, 1, &v), -1);
}
END_TEST

START_TEST(test_iis_uint_version_flags)
{
	unsigned long long u;
	unsigned major, minor, mask;
	ck_assert_int_eq(value_iis_uint("30000000", 8, &u), 0);
	ck_assert_uint_eq(u, 30000000);
	ck_assert_int_eq(value_iis_uint(" 1", 2, &u), -1);
	ck_assert_int_eq(value_iis_uint("0x1", 3, &u), -1);
	ck_assert_int_eq(value_version("2.0", 3, &major, &minor), 0);
	ck_assert_uint_eq(major, 2);
	ck_assert_int_eq(value_version(" 4.7.2 ", 7, &major, &minor), 0);
	ck_assert_uint_eq(minor, 7);
	ck_assert_int_eq(value_version("4", 1, &major, &minor), -1);
	ck_assert_int_eq(value_version("4.", 2, &major, &minor), -1);
	ck_assert_int_eq(value_version("v4.0", 4, &major, &minor), -1);
	ck_assert_int_eq(value_version("1.2.3.4", 7, &major, &minor), 0);
	ck_assert_int_eq(value_version("1.2.3.4.5", 9, &major, &minor), -1);
	ck_assert_int_eq(value_flags("Read|Write|Script|Execute", "Read, script", 12, &mask), 0);
	ck_assert_uint_eq(mask, 5);
	ck_assert_int_eq(value_flags("Read|Write|Script|Execute", "", 0, &mask), 0);
	ck_assert_uint_eq(mask, 0);
	ck_assert_int_eq(value_flags("Read|Write", "Read,Bogus", 10, &mask), -1);
	ck_assert_int_eq(value_flags("Read|Write", "Read,", 5, &mask), -1);
}
END_TEST

/* Connection strings are read as DbConnectionStringBuilder reads them. */
static int next_pair(struct connstr *c, const char *key, const char *value)
{
	struct connstr_pair p;
	if (!connstr_next(c, &p) || p.key_len != strlen(key) || memcmp(p.key, key, p.key_len) != 0)
		return 0;
	if (!value)
		return p.value == NULL;
	return p.value && p.value_len == strlen(value) && memcmp(p.value, value, p.value_len) == 0;
}

START_TEST(test_connection_string_pairs)
{
	static const char s[] =
		" Data Source = db;;Password='a;b''c' ;Key==x=1;bare; Encrypt=\"no\"";
	static const char redis[] = "cache:6380,password=p,ssl=True";
	struct connstr c;

	connstr_init(&c, s, strlen(s));
	ck_assert(next_pair(&c, "Data Source", "db"));
	ck_assert(next_pair(&c, "Password", "a;b''c"));
	ck_assert(next_pair(&c, "Key==x", "1"));
	ck_assert(next_pair(&c, "bare", NULL));
	ck_assert(next_pair(&c, "Encrypt", "no"));
	ck_assert(!next_pair(&c, "", NULL));
	connstr_init(&c, redis, strlen(redis));
	ck_assert(next_pair(&c, "cache:6380", NULL));
	ck_assert(next_pair(&c, "password", "p"));
	ck_assert(next_pair(&c, "ssl", "True"));
	ck_assert(connstr_key_is("trust server certificate", 24, "TrustServerCertificate"));
	ck_assert(connstr_key_is("DataSource", 10, "Data Source"));
	ck_assert(!connstr_key_is("Encrypted", 9, "Encrypt"));
	ck_assert(!connstr_key_is("Encrypt", 7, "Encrypted"));
}
END_TEST

/* Messages are formatted in one pass into a buffer on the stack, and a
 * second pass only past its size: both give the whole text. */
START_TEST(test_printf_short_and_long)
{
	char *big = malloc(2001), *s;
	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 2000);
	big[2000] = '\0';
	s = str_printf("%s=%d", "short", 42);
	ck_assert_str_eq(s, "short=42");
	free(s);
	s = str_printf("<%s>", big);
	ck_assert_uint_eq(strlen(s), 2002);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[1], 'x');
	ck_assert_int_eq(s[2000], 'x');
	ck_assert_int_eq(s[2001], '>');
	free(s);
	big[511] = '\0'; /* exactly the buffer: the terminator does not fit */
	s = str_printf("%s!", big);
	ck_assert_uint_eq(strlen(s), 512);
	ck_assert_int_eq(s[511], '!');
	free(s);
	free(big);
}
END_TEST

/* Fingerprints in hex, as printf("%016llx") wrote them. */
START_TEST(test_hex16)
{
	char out[17];
	hex16(out, 0x0123456789abcdefu);
	ck_assert_str_eq(out, "0123456789abcdef");
	hex16(out, 0xa);
	ck_assert_str_eq(out, "000000000000000a");
	hex16(out, UINT64_MAX);
	ck_assert_str_eq(out, "ffffffffffffffff");
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
	tcase_add_test(tc, test_net_int);
	tcase_add_test(tc, test_iis_uint_version_flags);
	tcase_add_test(tc, test_connection_string_pairs);
	tcase_add_test(tc, test_printf_short_and_long);
	tcase_add_test(tc, test_hex16);
	suite_add_tcase(s, tc);
	return s;
}
