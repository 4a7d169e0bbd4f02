/* The rules behind incident C, one test each, with edge ticks: the base CRL
 * leads the delta (H-rev-8) and the KB 2666300 pin with its alternatives
 * (H-rev-1: pin length, once per process or per copy, until reboot, the
 * OCSP back-off gate).
 *
 * Fixtures: incident-c-2014/crl-1h-seed, the seed's test CA (fixtures/
 * README.md "AD CS CRL timing"): the base published 10:51:20 has ThisUpdate
 * 10:41:20, Next CRL Publish 11:51:20, NextUpdate 12:07:20; the delta
 * published with it: Next CRL Publish 11:21:20, NextUpdate 11:34:20; the
 * delta published at 11:51:20 names the base published then. client01's
 * OCSP URL serves the CA's .crt (not an OCSP response). Expected values come
 * from those fixture times and the rules as docs/hypotheses.md states them,
 * not from the code. */
#include <string.h>

#include "check_main.h"
#include "rev_testkit.h"
#include "engine/cryptnet/process.h"
#include "engine/cryptnet/retrieve.h"
#include "engine/revocation/revocation.h"
#include "model/profile_revocation.h"

#define CDP   "http://win-msprl0t325o/CertEnroll/XXX-CA(1).crl"
#define DELTA "http://win-msprl0t325o/CertEnroll/XXX-CA(1)+.crl"
#define OCSP  "http://win-msprl0t325o/CertEnroll/WIN-MSPRL0T325O_XXX-CA(1).crt"
#define DIR   "incident-c-2014/crl-1h-seed/"

#define UNKNOWN_OFFLINE 0x01000040u /* RULES.md 4 (Windows) */
#define TICK            1

static cs_pool *pool;
static cs_machine m;
static cs_profile prof;
static cs_revocation_profile rev;
static const struct cs_cert *ca, *client;

static cs_filetime at(const char *iso)
{
	return rt_at(iso);
}

static void serve(const char *url, const char *file, const char *from)
{
	rt_serve(&m, pool, url, file, at(from), 0);
}

/* Boot `profile` at `now` with its revocation row edited by `edit` (NULL
 * keeps it), the CA trusted, and the CA's CDP serving 10:51 .. 14:21. */
static void boot(const char *profile, const char *now,
                 void (*edit)(cs_revocation_profile *))
{
	ck_assert(cs_pool_new(&pool, rt_fixtures()) == CS_OK);
	prof = *cs_profile_find(profile);
	rev = *cs_profile_revocation(&prof);
	if (edit)
		edit(&rev);
	prof.revocation = &rev;
	ck_assert(cs_machine_init(&m, pool, &prof, at(now), true) == CS_OK);
	ca = rt_cert(pool, "incident-c-2014/XXX-CA(1).crt");
	client = rt_cert(pool, "incident-c-2014/client01.crt");
	serve(OCSP, "incident-c-2014/XXX-CA(1).crt", "2014-04-10T00:00:00Z");
	static const char *const pubs[] = {"105120", "115120", "125120",
	                                   "135120"};
	for (size_t i = 0; i < 4; i++) {
		char base[128], delta[128], half[128], from[32], hfrom[32];
		snprintf(base, sizeof base, DIR "base-20140410T%sZ.crl",
		         pubs[i]);
		snprintf(delta, sizeof delta, DIR "delta-20140410T%sZ.crl",
		         pubs[i]);
		snprintf(half, sizeof half, DIR "delta-20140410T%.2s2120Z.crl",
		         pubs[i]);
		snprintf(from, sizeof from, "2014-04-10T%.2s:51:20Z", pubs[i]);
		snprintf(hfrom, sizeof hfrom, "2014-04-10T%.2s:21:20Z",
		         pubs[i]);
		/* The newest rule whose window holds t answers
		 * (model/network.h): add them in time order. */
		if (i) /* the half-hour delta before this base */
			serve(DELTA, half, hfrom);
		serve(CDP, base, from);
		serve(DELTA, delta, from);
	}
}

static void teardown(void)
{
	cs_machine_free(&m);
	cs_pool_free(pool);
	pool = NULL;
}

/* lsass's check of client01 at t (SYSTEM: the long-lived process). */
static cs_revocation_outcome check_at(cs_filetime t)
{
	m.w.now = t;
	cs_cryptnet_budget b;
	cs_cryptnet_budget_init(&b, &m, false);
	cs_revocation_call call = {.budget = &b, .verify_time = t};
	cs_revocation_outcome out;
	ck_assert(cs_revocation_check_element(&m, CS_ACCOUNT_SYSTEM, client, ca,
	                                      &call, &out) == CS_OK);
	return out;
}

static int fetches(const char *url, size_t since)
{
	return rt_wire_fetches(&m, url, since, NULL);
}

/* H-rev-8: the delta's own Next CRL Publish (11:21:20) and NextUpdate
 * (11:34:20) send nothing to the wire; after its NextUpdate the base answers
 * alone; the base's Next CRL Publish (11:51:20) renews both. */
START_TEST(base_leads_delta)
{
	boot("server-2008r2-kb2666300", "2014-04-10T10:51:30Z", NULL);
	ck_assert_uint_eq(check_at(at("2014-04-10T10:51:34Z")).error_bits, 0);
	size_t mark = m.w.trace.n;
	cs_filetime dp = at("2014-04-10T11:21:20Z");
	for (cs_filetime t = dp - TICK; t <= dp + TICK; t++)
		ck_assert_str_eq(check_at(t).info.method, "delta-crl");
	cs_filetime dn = at("2014-04-10T11:34:20Z");
	ck_assert_str_eq(check_at(dn).info.method, "delta-crl");
	cs_revocation_outcome r = check_at(dn + TICK);
	ck_assert_str_eq(r.info.method, "crl");
	ck_assert_uint_eq(r.error_bits, 0);
	cs_filetime bp = at("2014-04-10T11:51:20Z");
	check_at(bp - TICK);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	ck_assert_int_eq(fetches(DELTA, mark), 0);
	r = check_at(bp);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	ck_assert_int_eq(fetches(DELTA, mark), 1);
	ck_assert_str_eq(r.info.method, "delta-crl");
	check_at(bp + TICK);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	ck_assert_int_eq(fetches(DELTA, mark), 1);
	teardown();
}
END_TEST

static void each_crl(cs_revocation_profile *r)
{
	r->crl_freshness = CS_CRL_FRESHNESS_EACH;
}

/* The alternative (crl_freshness = each): the delta is renewed at its own
 * Next CRL Publish, one tick before it is not. */
START_TEST(each_crl_on_its_own)
{
	boot("server-2008r2-kb2666300", "2014-04-10T10:51:30Z", each_crl);
	check_at(at("2014-04-10T10:51:34Z"));
	size_t mark = m.w.trace.n;
	cs_filetime dp = at("2014-04-10T11:21:20Z");
	check_at(dp - TICK);
	ck_assert_int_eq(fetches(DELTA, mark), 0);
	check_at(dp);
	ck_assert_int_eq(fetches(DELTA, mark), 1);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	teardown();
}
END_TEST

/* H-rev-1 default: at the renewal (11:51:20) only the delta is fetched; it
 * names a newer base, so the held base - valid until 12:07:20 - is out of
 * date: 0x80092013 at once. The pin lasts one hour: one tick before 12:51:20
 * still no base fetch, at 12:51:20 base and delta. Once per process: the
 * next renewal (the 12:51:20 base's, at 13:51:20) is normal. */
START_TEST(pin_one_hour_once)
{
	boot("server-2008r2", "2014-04-10T10:51:30Z", NULL);
	ck_assert_uint_eq(check_at(at("2014-04-10T10:51:34Z")).error_bits, 0);
	cs_filetime bp = at("2014-04-10T11:51:20Z");
	ck_assert_uint_eq(check_at(bp - TICK).error_bits, 0);
	size_t mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(bp).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	ck_assert_int_eq(fetches(DELTA, mark), 1);
	cs_filetime end = bp + CS_TICKS_PER_HOUR;
	ck_assert_uint_eq(check_at(end - TICK).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	ck_assert_int_eq(fetches(DELTA, mark), 1);
	ck_assert_uint_eq(check_at(end).error_bits, 0);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	ck_assert_int_eq(fetches(DELTA, mark), 2);
	mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(at("2014-04-10T13:51:20Z")).error_bits, 0);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	teardown();
}
END_TEST

static void each_copy(cs_revocation_profile *r)
{
	r->kb2666300_rearm = CS_PIN_REARM_EACH_COPY;
}

/* Alternative rearm = each copy: the 12:51:20 base is pinned at its own
 * renewal (13:51:20) too. */
START_TEST(pin_each_copy)
{
	boot("server-2008r2", "2014-04-10T10:51:30Z", each_copy);
	check_at(at("2014-04-10T10:51:34Z"));
	check_at(at("2014-04-10T11:51:20Z"));
	ck_assert_uint_eq(check_at(at("2014-04-10T12:51:20Z")).error_bits, 0);
	size_t mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(at("2014-04-10T13:51:20Z")).error_bits,
	                  UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	teardown();
}
END_TEST

static void interval_pin(cs_revocation_profile *r)
{
	r->kb2666300_pin = CS_PIN_INTERVAL;
}

/* Alternative pin = the held copy's publication interval (Next CRL Publish
 * - ThisUpdate = 70 min): released at 11:51:20 + 70 min, not a tick
 * before. */
START_TEST(pin_interval)
{
	boot("server-2008r2", "2014-04-10T10:51:30Z", interval_pin);
	check_at(at("2014-04-10T10:51:34Z"));
	cs_filetime bp = at("2014-04-10T11:51:20Z");
	check_at(bp);
	cs_filetime end = bp + 70 * CS_TICKS_PER_MIN;
	size_t mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(end - TICK).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	ck_assert_uint_eq(check_at(end).error_bits, 0);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	teardown();
}
END_TEST

static void until_reboot(cs_revocation_profile *r)
{
	r->kb2666300_pin = CS_PIN_UNTIL_REBOOT;
}

/* Alternative: the pin is never released; a reboot ends it. */
START_TEST(pin_until_reboot)
{
	boot("server-2008r2", "2014-04-10T10:51:30Z", until_reboot);
	check_at(at("2014-04-10T10:51:34Z"));
	check_at(at("2014-04-10T11:51:20Z"));
	size_t mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(at("2014-04-10T14:21:00Z")).error_bits,
	                  UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	cs_machine_reboot(&m);
	ck_assert_uint_eq(check_at(at("2014-04-10T14:21:01Z")).error_bits, 0);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	teardown();
}
END_TEST

static void backoff_gate(cs_revocation_profile *r)
{
	r->kb2666300_gate = CS_PIN_GATE_OCSP_BACKOFF;
}

/* Alternative gate: the base is held back only while the OCSP URL is in its
 * offline back-off. Three failures at 11:50:00 put it off the wire until
 * 11:55:00 (back-off 1, 2, 5 min: H-rev-3): a renewal one tick before that
 * keeps the base back, one at 11:55:00 tries OCSP and fetches the base. */
START_TEST(pin_backoff_gate)
{
	boot("server-2008r2", "2014-04-10T10:51:30Z", backoff_gate);
	check_at(at("2014-04-10T10:51:34Z"));
	cs_cryptnet_process *p = cs_cryptnet_process_of(&m, CS_ACCOUNT_SYSTEM);
	cs_backoff_clear(p, OCSP);
	for (int i = 0; i < 3; i++)
		ck_assert(cs_backoff_fail(p, OCSP,
		                          at("2014-04-10T11:50:00Z")) == CS_OK);
	cs_filetime open = at("2014-04-10T11:55:00Z");
	size_t mark = m.w.trace.n;
	ck_assert_uint_eq(check_at(open - TICK).error_bits, UNKNOWN_OFFLINE);
	ck_assert_int_eq(fetches(CDP, mark), 0);
	ck_assert_uint_eq(check_at(open).error_bits, 0);
	ck_assert_int_eq(fetches(CDP, mark), 1);
	teardown();
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("revocation_defect");
	TCase *t = tcase_create("rules");
	tcase_add_test(t, base_leads_delta);
	tcase_add_test(t, each_crl_on_its_own);
	tcase_add_test(t, pin_one_hour_once);
	tcase_add_test(t, pin_each_copy);
	tcase_add_test(t, pin_interval);
	tcase_add_test(t, pin_until_reboot);
	tcase_add_test(t, pin_backoff_gate);
	suite_add_tcase(s, t);
	return s;
}

CS_CHECK_MAIN(suite)
