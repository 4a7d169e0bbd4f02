/* engine/autoupdate: the disallowed-CTL sync and the staleness rule.
 * Expected values: RULES.md 7 (DisallowedCertSyncDeltaTime 57600 s, stale
 * at now - last >= 1.5 x delta = 24 h, floor 15 s, newer of HKLM and HKCU,
 * future clamps to now, 0x01000040 when the refresh cannot be persisted,
 * only for revocation-checking calls, not with CACHE_ONLY), EVIDENCE.md D
 * (CryptSvc's write denied by the ACL, "@now fixes it for one day"), RULES.md
 * 7 (event 4112). The signed list: incident-a-2010's wrong-usage STL, whose
 * usage is the disallowed list's (fixture catalogue), packed as
 * disallowedcertstl.cab here. */
#include <string.h>

#include "au_testkit.h"
#include "check_main.h"
#include "reg_paths.h"
#include "engine/autoupdate/autoupdate.h"
#include "engine/machine.h"
#include "sim/scenario/agenda.h"

#define DIR "incident-a-2010/"
#define CTLDL                                                                  \
	"http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/" \
	"en/"
#define T0             "2010-07-20T00:00:00Z"
#define HKCU_KEY       "HKU\\user:Administrator\\" CS_AU_USER_KEY_TAIL
#define STALE          0x01000040u /* RULES.md 7 */
#define REV_CHAIN      0x20000000u
#define REV_CACHE_ONLY 0x80000000u

static cs_machine m;

static void boot(bool serve_list)
{
	ck_assert_int_eq(cs_machine_init(&m, kit_pool(),
	                                 cs_profile_find("win7-sp1"),
	                                 kit_time(T0), true),
	                 CS_OK);
	ck_assert_int_eq(cs_store_add(&m.w.machine_stores[CS_STORE_ROOT],
	                              kit_cert(DIR "root-agency.crt")),
	                 CS_OK);
	/* Windows 7 syncs the disallowed list with KB 2677070 (DOC) */
	m.w.updates[m.w.nupdates++] = 2677070;
	if (!serve_list)
		return;
	cs_net_rule r = {.url = CTLDL "disallowedcertstl.cab",
	                 .until = CS_NET_FOREVER,
	                 .outcome = CS_NET_OK,
	                 .http_status = 200,
	                 .body =
	                     kit_cab("disallowedcert.stl",
	                             kit_file(DIR "authroot-wrong-usage.stl")),
	                 .body_name = "disallowedcertstl.cab (test)"};
	ck_assert_int_eq(cs_net_add_rule(&m.w.net, &r), CS_OK);
}

static void done(void)
{
	cs_machine_free(&m);
	kit_pool_free();
}

static void set_time(const char *key, cs_filetime t)
{
	uint8_t ft[8];
	for (int i = 0; i < 8; i++)
		ft[i] = (uint8_t)((uint64_t)t >> (8 * i));
	/* an administrator's `reg add` */
	ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM, key,
	                            "DisallowedCertLastSyncTime", CS_REG_BINARY,
	                            ft, 8),
	                 CS_OK);
}

static uint32_t check(uint32_t flags)
{
	uint32_t bits = 0xdead;
	ck_assert_int_eq(cs_disallowed_stale_check(&m, CS_ACCOUNT_DEFAULT_USER,
	                                           flags, &bits),
	                 CS_OK);
	return bits;
}

static cs_filetime hklm_time(void)
{
	cs_filetime t = 0;
	ck_assert(cs_reg_get_filetime(&m.w.reg, CS_AU_KEY,
	                              "DisallowedCertLastSyncTime", &t));
	return t;
}

START_TEST(window_is_24_hours)
{
	boot(false);
	ck_assert_int_eq(cs_disallowed_stale_window(&m),
	                 24 * CS_TICKS_PER_HOUR);
	/* DisallowedCertSyncDeltaTime overrides; 1.5 x 3600 s */
	uint32_t d = 3600;
	ck_assert_int_eq(cs_reg_set(&m.w.reg, 0, CS_AU_KEY,
	                            "DisallowedCertSyncDeltaTime", CS_REG_DWORD,
	                            &d, 4),
	                 CS_OK);
	ck_assert_int_eq(cs_disallowed_stale_window(&m),
	                 5400 * CS_TICKS_PER_SEC);
	/* floor 15 s -> 22.5 s */
	d = 1;
	ck_assert_int_eq(cs_reg_set(&m.w.reg, 0, CS_AU_KEY,
	                            "DisallowedCertSyncDeltaTime", CS_REG_DWORD,
	                            &d, 4),
	                 CS_OK);
	ck_assert_int_eq(cs_disallowed_stale_window(&m),
	                 225 * CS_TICKS_PER_SEC / 10);
	done();
}
END_TEST

/* last sync = now - 24 h + offset: stale from exactly 24 h (>=). No list is
 * served, so the refresh fails and a stale CTL gives 0x01000040. */
static const struct {
	int64_t age_offset;
	uint32_t want;
} age_edge[] = {
    {-1, 0},
    {0, STALE},
    {1, STALE},
};

START_TEST(staleness_boundary)
{
	boot(false);
	set_time(CS_AU_KEY,
	         m.w.now - 24 * CS_TICKS_PER_HOUR - age_edge[_i].age_offset);
	ck_assert_uint_eq(check(REV_CHAIN), age_edge[_i].want);
	done();
}
END_TEST

START_TEST(only_revocation_checking_calls)
{
	boot(false);
	set_time(CS_AU_KEY, m.w.now - 7 * CS_TICKS_PER_DAY);
	ck_assert_uint_eq(check(0), 0);
	ck_assert_uint_eq(check(0x10000000u), STALE); /* END_CERT */
	ck_assert_uint_eq(check(0x40000000u), STALE); /* EXCLUDE_ROOT */
	done();
}
END_TEST

START_TEST(newer_of_hklm_and_hkcu)
{
	boot(false);
	cs_filetime week = m.w.now - 7 * CS_TICKS_PER_DAY;
	cs_filetime hour = m.w.now - CS_TICKS_PER_HOUR;
	set_time(CS_AU_KEY, week);
	set_time(HKCU_KEY, hour);
	cs_filetime last;
	ck_assert(cs_disallowed_last_sync(&m, CS_ACCOUNT_DEFAULT_USER, &last));
	ck_assert_int_eq(last, hour);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	/* the other way round */
	set_time(CS_AU_KEY, hour);
	set_time(HKCU_KEY, week);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	/* both old */
	set_time(CS_AU_KEY, week);
	ck_assert_uint_eq(check(REV_CHAIN), STALE);
	/* another user's HKCU does not count for this user */
	ck_assert(cs_disallowed_last_sync(&m, CS_ACCOUNT_SYSTEM, &last));
	ck_assert_int_eq(last, week);
	done();
}
END_TEST

START_TEST(future_value_clamps_to_now)
{
	boot(false);
	set_time(CS_AU_KEY, m.w.now + 30 * CS_TICKS_PER_DAY);
	cs_filetime last;
	ck_assert(cs_disallowed_last_sync(&m, CS_ACCOUNT_DEFAULT_USER, &last));
	ck_assert_int_eq(last, m.w.now);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	done();
}
END_TEST

START_TEST(absent_values_do_not_apply)
{
	boot(false);
	ck_assert_uint_eq(check(REV_CHAIN), 0); /* H-au-8 */
	done();
}
END_TEST

START_TEST(refresh_persists_and_logs_4112)
{
	boot(true);
	set_time(CS_AU_KEY, m.w.now - 7 * CS_TICKS_PER_DAY);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	ck_assert_int_eq(hklm_time(), m.w.now);
	const cs_reg_value *ctl =
	    cs_reg_get(&m.w.reg, CS_AU_KEY, "DisallowedCertEncodedCtl");
	ck_assert_ptr_nonnull(ctl);
	ck_assert_uint_eq(ctl->len,
	                  kit_file(DIR "authroot-wrong-usage.stl").len);
	const cs_event *e = &m.w.events.events[m.w.events.n - 1];
	ck_assert_uint_eq(e->id, 4112);
	ck_assert_str_eq(e->log, "Application");
	/* effective date: the list's ThisUpdate 2010-07-08, a Thursday */
	ck_assert_str_eq(e->text, "Successful auto update of disallowed "
	                          "certificate list with effective date: "
	                          "Thursday, July 8, 2010 12:00:00 AM.");
	done();
}
END_TEST

START_TEST(cache_only_does_not_refresh)
{
	boot(true);
	set_time(CS_AU_KEY, m.w.now - 7 * CS_TICKS_PER_DAY);
	size_t obs = m.w.trace.n;
	ck_assert_uint_eq(check(REV_CHAIN | REV_CACHE_ONLY), STALE);
	for (size_t i = obs; i < m.w.trace.n; i++)
		ck_assert_str_ne(m.w.trace.obs[i].kind, "fetch");
	done();
}
END_TEST

START_TEST(acl_denied_write_goes_stale_and_now_fixes_24h)
{
	/* EVIDENCE.md D: CryptSvc (NetworkService on 7+) cannot write the
	 * AutoUpdate key; the list is served and valid, yet nothing lands */
	boot(true);
	ck_assert_int_eq(
	    cs_reg_deny_write(&m.w.reg, CS_ACCOUNT_NETWORK_SERVICE, CS_AU_KEY),
	    CS_OK);
	cs_filetime week = m.w.now - 7 * CS_TICKS_PER_DAY;
	set_time(CS_AU_KEY, week);
	ck_assert_uint_eq(check(REV_CHAIN), STALE);
	ck_assert_int_eq(hklm_time(), week); /* stale value kept */
	cs_au_sync_result r;
	ck_assert_int_eq(cs_disallowed_sync(&m, "test", &r), CS_OK);
	ck_assert(r.fetched && r.verified && !r.persisted);
	ck_assert_uint_eq(r.error, 0x80070005u); /* E_ACCESSDENIED */
	/* `reg add ... DisallowedCertLastSyncTime @now` by the admin */
	set_time(CS_AU_KEY, m.w.now);
	cs_filetime fixed = m.w.now;
	m.w.now = fixed + 24 * CS_TICKS_PER_HOUR - 1;
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	m.w.now = fixed + 24 * CS_TICKS_PER_HOUR; /* one day later */
	ck_assert_uint_eq(check(REV_CHAIN), STALE);
	/* inheritance re-enabled: the next refresh lands for good */
	cs_reg_allow_write(&m.w.reg, CS_ACCOUNT_NETWORK_SERVICE, CS_AU_KEY);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	ck_assert_int_eq(hklm_time(), m.w.now);
	done();
}
END_TEST

START_TEST(cryptsvc_schedule_every_16_hours)
{
	boot(true);
	ck_assert_int_eq(cs_autoupdate_next_due(&m), CS_NET_FOREVER);
	cs_cryptsvc_set_running(&m, true);
	cs_filetime start = m.w.now;
	ck_assert_int_eq(cs_autoupdate_next_due(&m), start);
	ck_assert_int_eq(cs_agenda_advance(&m, start + 7 * CS_TICKS_PER_DAY),
	                 CS_OK);
	/* syncs at start + k x 57600 s; the last before 7 d is k = 10 */
	ck_assert_int_eq(hklm_time(), start + 10 * 57600 * CS_TICKS_PER_SEC);
	ck_assert_int_eq(m.w.now, start + 7 * CS_TICKS_PER_DAY);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	cs_cryptsvc_set_running(&m, false);
	ck_assert_int_eq(cs_autoupdate_next_due(&m), CS_NET_FOREVER);
	done();
}
END_TEST

START_TEST(xp_has_no_disallowed_sync)
{
	ck_assert_int_eq(cs_machine_init(&m, kit_pool(),
	                                 cs_profile_find("xp-sp3"),
	                                 kit_time(T0), true),
	                 CS_OK);
	set_time(CS_AU_KEY, m.w.now - 7 * CS_TICKS_PER_DAY);
	ck_assert_uint_eq(check(REV_CHAIN), 0);
	done();
}
END_TEST

START_TEST(bits_land_on_the_simple_chain)
{
	/* RULES.md 7 / SEED 004: SimpleChain.dwErrorStatus and the chain's
	 * TrustStatus show 0x1000040 (default scope, H-au-6) */
	boot(false);
	set_time(CS_AU_KEY, m.w.now - 7 * CS_TICKS_PER_DAY);
	cs_chain_element el[2] = {{0}, {0}};
	cs_chain_context ctx = {.chain = {.elements = el, .n = 2},
	                        .account = CS_ACCOUNT_DEFAULT_USER};
	ck_assert_int_eq(cs_autoupdate_revocation_stale(&m, &ctx, REV_CHAIN),
	                 CS_OK);
	ck_assert_uint_eq(ctx.error_status, 0x1000040u);
	ck_assert_uint_eq(ctx.chain.error_status, 0x1000040u);
	ck_assert_uint_eq(el[0].error_status, 0);
	/* fresh: nothing */
	set_time(CS_AU_KEY, m.w.now);
	cs_chain_context fresh = {.chain = {.elements = el, .n = 2}};
	ck_assert_int_eq(cs_autoupdate_revocation_stale(&m, &fresh, REV_CHAIN),
	                 CS_OK);
	ck_assert_uint_eq(fresh.error_status, 0);
	done();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("autoupdate_disallowed");
	TCase *tc = tcase_create("disallowed");
	tcase_add_test(tc, window_is_24_hours);
	tcase_add_loop_test(tc, staleness_boundary, 0,
	                    sizeof age_edge / sizeof age_edge[0]);
	tcase_add_test(tc, only_revocation_checking_calls);
	tcase_add_test(tc, newer_of_hklm_and_hkcu);
	tcase_add_test(tc, future_value_clamps_to_now);
	tcase_add_test(tc, absent_values_do_not_apply);
	tcase_add_test(tc, refresh_persists_and_logs_4112);
	tcase_add_test(tc, cache_only_does_not_refresh);
	tcase_add_test(tc, acl_denied_write_goes_stale_and_now_fixes_24h);
	tcase_add_test(tc, cryptsvc_schedule_every_16_hours);
	tcase_add_test(tc, xp_has_no_disallowed_sync);
	tcase_add_test(tc, bits_land_on_the_simple_chain);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
