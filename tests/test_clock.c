/* model/clock: FILETIME arithmetic. Expected values come from Microsoft's
 * documentation (the Unix epoch is FILETIME 116444736000000000, "Converting a
 * time_t value to a FILETIME") and from Python's datetime module, computed
 * independently: (datetime(Y,M,D,...) - datetime(1601,1,1)) in 100 ns. */
#include <string.h>

#include "capisim/asn1time.h"
#include "capisim/clock.h"
#include "check_main.h"

#include <openssl/asn1.h>

static cs_filetime must_parse(const char *s)
{
	cs_filetime t = -1;
	size_t col = 99;
	const char *why = NULL;
	cs_status st = cs_time_parse(s, &t, &col, &why);
	ck_assert_msg(st == CS_OK, "parse %s: %s at %zu", s, why ? why : "",
	              col);
	return t;
}

static const struct {
	const char *iso;
	cs_filetime ft;
} known[] = {
    {"1601-01-01T00:00:00Z", 0},
    {"1601-01-01T00:00:00.0000001Z", 1},
    {"1604-02-29T00:00:00Z", INT64_C(997056000000000)},
    {"1900-03-01T00:00:00Z", INT64_C(94405824000000000)},
    {"1970-01-01T00:00:00Z", INT64_C(116444736000000000)},
    {"2000-02-29T00:00:00Z", INT64_C(125962560000000000)},
    {"2000-03-01T00:00:00Z", INT64_C(125963424000000000)},
    {"2010-07-09T00:00:00Z", INT64_C(129231072000000000)},
    {"2013-07-09T00:00:00Z", INT64_C(130178016000000000)},
    {"2038-01-19T03:14:07Z", INT64_C(137919572470000000)},
    {"2038-01-19T03:14:08Z", INT64_C(137919572480000000)},
    {"9999-12-31T23:59:59Z", INT64_C(2650467743990000000)},
};

START_TEST(known_instants_parse)
{
	ck_assert_int_eq(must_parse(known[_i].iso), known[_i].ft);
}
END_TEST

START_TEST(known_instants_format)
{
	char buf[CS_TIME_BUF];
	ck_assert_str_eq(cs_time_format(known[_i].ft, buf), known[_i].iso);
}
END_TEST

START_TEST(alternative_spellings)
{
	cs_filetime t = INT64_C(130178016000000000);
	ck_assert_int_eq(must_parse("2013-07-09 00:00:00Z"), t);
	ck_assert_int_eq(must_parse("2013-07-09"), t);
	ck_assert_int_eq(must_parse("2013-07-09T00:00Z"), t);
	ck_assert_int_eq(must_parse("2013-07-09T00:00:00.5Z"),
	                 t + CS_TICKS_PER_SEC / 2);
}
END_TEST

static const struct {
	const char *s;
	size_t col; /* 0-based column the error must point at */
	cs_status st;
} bad_times[] = {
    {"", 0, CS_ERR_SYNTAX},
    {"2013", 4, CS_ERR_SYNTAX},
    {"2013-7-09", 6, CS_ERR_SYNTAX},
    {"2013-07-09T00:00:00", 19, CS_ERR_SYNTAX}, /* no Z: no local time */
    {"2013-07-09T00:00:00+09:00", 19, CS_ERR_SYNTAX},
    {"2013-07-09T00:00:00Zjunk", 20, CS_ERR_SYNTAX},
    {"2013-13-01", 5, CS_ERR_RANGE},
    {"2013-00-01", 5, CS_ERR_RANGE},
    {"1900-02-29", 8, CS_ERR_RANGE}, /* 1900 is not a leap year */
    {"2013-02-29", 8, CS_ERR_RANGE},
    {"2013-04-31", 8, CS_ERR_RANGE},
    {"1600-12-31", 0, CS_ERR_RANGE}, /* before FILETIME's epoch */
    {"2013-07-09T24:00:00Z", 11, CS_ERR_RANGE},
    {"2013-07-09T23:60:00Z", 11, CS_ERR_RANGE},
    {"2013-07-09T23:59:60Z", 11,
     CS_ERR_RANGE}, /* FILETIME has no leap seconds */
    {"2013-07-09T00:00:00.12345678Z", 27, CS_ERR_RANGE},
    {"2013-07-09T00:00:00.Z", 20, CS_ERR_SYNTAX},
};

START_TEST(invalid_times_rejected_with_column)
{
	cs_filetime t = 42;
	size_t col = 999;
	const char *why = NULL;
	cs_status st = cs_time_parse(bad_times[_i].s, &t, &col, &why);
	ck_assert_msg(st == bad_times[_i].st, "'%s': status %d",
	              bad_times[_i].s, st);
	ck_assert_msg(col == bad_times[_i].col, "'%s': column %zu, want %zu",
	              bad_times[_i].s, col, bad_times[_i].col);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(t, 42); /* untouched on error */
}
END_TEST

START_TEST(every_day_roundtrips_1601_to_9999)
{
	/* Walk every day: civil -> ticks -> civil, and consecutive days differ
	 * by one calendar day. Counted, then asserted once: ck_assert per day
	 * would dominate the run time under sanitizers. */
	cs_civil prev = {0};
	long bad_roundtrip = 0, bad_succession = 0, days = 0;
	for (cs_filetime t = 0; t <= INT64_C(2650467743990000000);
	     t += CS_TICKS_PER_DAY, days++) {
		cs_civil c;
		cs_filetime_to_civil(t, &c);
		cs_filetime back = -1;
		if (cs_civil_to_filetime(&c, &back) != CS_OK || back != t)
			bad_roundtrip++;
		if (t > 0 &&
		    !(c.day == prev.day + 1 ||
		      (c.day == 1 && (c.month == prev.month + 1 ||
		                      (c.month == 1 && prev.month == 12 &&
		                       c.year == prev.year + 1)))))
			bad_succession++;
		prev = c;
	}
	ck_assert_int_eq(bad_roundtrip, 0);
	ck_assert_int_eq(bad_succession, 0);
	/* 1601-01-01 .. 9999-12-31: 8399 years, 2036 of them leap (Python:
	 * (date(9999,12,31) - date(1601,1,1)).days + 1 == 3067671). */
	ck_assert_int_eq(days, 3067671);
	ck_assert_int_eq(prev.year, 9999);
	ck_assert_int_eq(prev.month, 12);
	ck_assert_int_eq(prev.day, 31);
}
END_TEST

static const struct {
	const char *s;
	int64_t ticks;
	const char *canonical;
} durations[] = {
    {"90s", 90 * CS_TICKS_PER_SEC, "1m30s"},
    {"15m", 15 * CS_TICKS_PER_MIN, "15m"},
    {"24h", 24 * CS_TICKS_PER_HOUR, "1d"},
    {"7d", 7 * CS_TICKS_PER_DAY, "7d"},
    {"1w", 7 * CS_TICKS_PER_DAY, "7d"},
    {"1d12h", 36 * CS_TICKS_PER_HOUR, "1d12h"},
    {"-8d", -8 * CS_TICKS_PER_DAY, "-8d"},
    {"+30m", 30 * CS_TICKS_PER_MIN, "30m"},
    {"1500ms", 15 * CS_TICKS_PER_SEC / 10, "1s500ms"},
    {"0s", 0, "0s"},
    {"57600s", 16 * CS_TICKS_PER_HOUR, "16h"},
    {"5t", 5, "5t"},
};

START_TEST(durations_parse_and_format)
{
	int64_t d = -1;
	ck_assert_int_eq(cs_duration_parse(durations[_i].s, &d, NULL, NULL),
	                 CS_OK);
	ck_assert_int_eq(d, durations[_i].ticks);
	char buf[CS_TIME_BUF];
	ck_assert_str_eq(cs_duration_format(d, buf), durations[_i].canonical);
}
END_TEST

START_TEST(bad_durations)
{
	static const char *const bad[] = {
	    "",        "7", "d", "7x", "7 d", "--7d", "99999999999999999999d",
	    "3000000w"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t d = 42;
		const char *why = NULL;
		ck_assert_msg(cs_duration_parse(bad[i], &d, NULL, &why) !=
		                  CS_OK,
		              "'%s' accepted", bad[i]);
		ck_assert_ptr_nonnull(why);
		ck_assert_int_eq(d, 42);
	}
}
END_TEST

START_TEST(unix_conversions)
{
	cs_filetime t;
	ck_assert_int_eq(cs_time_from_unix(0, &t), CS_OK);
	ck_assert_int_eq(t, INT64_C(116444736000000000));
	ck_assert_int_eq(cs_time_from_unix(INT64_C(2147483647), &t), CS_OK);
	ck_assert_int_eq(t, INT64_C(137919572470000000));
	ck_assert_int_eq(cs_time_to_unix(INT64_C(137919572480000000)),
	                 INT64_C(2147483648));
	/* before 1970: floor, not truncation towards zero */
	ck_assert_int_eq(cs_time_to_unix(INT64_C(116444736000000000) - 1), -1);
	ck_assert_int_eq(cs_time_to_unix(0), -INT64_C(11644473600));
	ck_assert_int_eq(cs_time_from_unix(INT64_MAX / 1000, &t), CS_ERR_RANGE);
}
END_TEST

START_TEST(asn1_times)
{
	/* UTCTime before 2050, GeneralizedTime after (RFC 5280 4.1.2.5). */
	static const struct {
		const char *asn1;
		int type;
		const char *iso;
	} cases[] = {
	    {"100709000000Z", V_ASN1_UTCTIME, "2010-07-09T00:00:00Z"},
	    {"500101000000Z", V_ASN1_UTCTIME, "1950-01-01T00:00:00Z"},
	    {"491231235959Z", V_ASN1_UTCTIME, "2049-12-31T23:59:59Z"},
	    {"20500101000000Z", V_ASN1_GENERALIZEDTIME, "2050-01-01T00:00:00Z"},
	    {"99991231235959Z", V_ASN1_GENERALIZEDTIME, "9999-12-31T23:59:59Z"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ASN1_TIME *a = ASN1_TIME_new();
		ck_assert_int_eq(ASN1_TIME_set_string(a, cases[i].asn1), 1);
		cs_filetime t;
		ck_assert_int_eq(cs_time_from_asn1(a, &t), CS_OK);
		ck_assert_int_eq(t, must_parse(cases[i].iso));
		ASN1_TIME *b = cs_time_to_asn1(t);
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(ASN1_STRING_type(b), cases[i].type);
		ck_assert_int_eq(ASN1_TIME_compare(a, b), 0);
		ASN1_TIME_free(a);
		ASN1_TIME_free(b);
	}
	ASN1_TIME *old = ASN1_TIME_new();
	ck_assert_int_eq(ASN1_TIME_set_string(old, "15000101000000Z"), 1);
	cs_filetime t;
	ck_assert_int_eq(cs_time_from_asn1(old, &t), CS_ERR_RANGE);
	ASN1_TIME_free(old);
}
END_TEST

static Suite *clock_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("clock");
	size_t nk = sizeof known / sizeof known[0];
	tcase_add_loop_test(tc, known_instants_parse, 0, (int)nk);
	tcase_add_loop_test(tc, known_instants_format, 0, (int)nk);
	tcase_add_test(tc, alternative_spellings);
	tcase_add_loop_test(tc, invalid_times_rejected_with_column, 0,
	                    (int)(sizeof bad_times / sizeof bad_times[0]));
	tcase_add_test(tc, every_day_roundtrips_1601_to_9999);
	tcase_add_loop_test(tc, durations_parse_and_format, 0,
	                    (int)(sizeof durations / sizeof durations[0]));
	tcase_add_test(tc, bad_durations);
	tcase_add_test(tc, unix_conversions);
	tcase_add_test(tc, asn1_times);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(clock_suite)
