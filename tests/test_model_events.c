/* model/event_catalog + model/hresult_text. Expected texts and IDs come from
 * EVIDENCE.md A (the 4107 text seen on real machines, ID 11 on Vista and
 * XP, 4107 on 7+), seed 000 (XP's event 11 text), RULES.md 6-8, samples/
 * (Schannel texts) - never from the code. */
#include <string.h>

#include "check_main.h"
#include "reg_paths.h"
#include "model/event_catalog.h"
#include "model/hresult.h"

static cs_world w;

static void boot(const char *profile)
{
	const cs_profile *p = cs_profile_find(profile);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cs_world_init(&w, p, 0, true), CS_OK);
}

static void log_4107(void)
{
	const char *args[] = {
	    "http://ctldl.windowsupdate.com/msdownload/update/v3/static/"
	    "trustedr/en/authrootstl.cab",
	    cs_hresult_text(0x800B0101)};
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_ROOT_LIST_EXTRACT_FAILED, args, 2),
	    CS_OK);
}

START_TEST(test_4107_on_win7)
{
	boot("win7-sp1");
	const char *args[] = {
	    "http://ctldl.windowsupdate.com/msdownload/update/v3/static/"
	    "trustedr/en/authrootstl.cab",
	    cs_hresult_text(0x800B0101)};
	cs_trace_set_origin(&w.trace, 7, NULL); /* the runner's step */
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_ROOT_LIST_EXTRACT_FAILED, args, 2),
	    CS_OK);
	ck_assert_uint_eq(w.events.n, 1);
	const cs_event *e = &w.events.events[0];
	/* EVIDENCE.md A: Application, Microsoft-Windows-CAPI2, 4107, Error,
	 * Classic, and the text quoted there. */
	ck_assert_str_eq(e->log, "Application");
	ck_assert_str_eq(e->source, "Microsoft-Windows-CAPI2");
	ck_assert_uint_eq(e->id, 4107);
	ck_assert_int_eq(e->level, CS_LEVEL_ERROR);
	ck_assert_str_eq(e->keywords, "Classic");
	ck_assert_str_eq(
	    e->text,
	    "Failed extract of third-party root list from auto update cab at: "
	    "<http://ctldl.windowsupdate.com/msdownload/update/v3/static/"
	    "trustedr/en/authrootstl.cab> with error: A required certificate "
	    "is not within its validity period when verifying against the "
	    "current system clock or the timestamp in the signed file.");
	/* and the trace has one "event" observation with the same facts */
	ck_assert_uint_eq(w.trace.n, 1);
	const cs_obs *o = &w.trace.obs[0];
	ck_assert_str_eq(o->kind, "event");
	ck_assert_uint_eq(o->line, 7);
	ck_assert_int_eq(cs_obs_field(o, "id")->v.i, 4107);
	ck_assert_str_eq(cs_obs_field(o, "level")->v.s, "Error");
	ck_assert_str_eq(cs_obs_field(o, "text")->v.s, e->text);
	cs_world_free(&w);
}
END_TEST

START_TEST(test_id_11_on_vista_and_xp)
{
	/* EVIDENCE.md A / RULES.md 6: ID 11 on Vista (CAPI2) and XP
	 * (crypt32). */
	boot("vista");
	log_4107();
	ck_assert_uint_eq(w.events.events[0].id, 11);
	ck_assert_str_eq(w.events.events[0].source, "Microsoft-Windows-CAPI2");
	cs_world_free(&w);
	/* Seed 000 quotes XP's crypt32 event 11 with the URL in angle
	 * brackets and one period at the end ("<https://www.download.
	 * windowsupdate.com/.../authrootstl.cab> にある ... 過ぎています。"),
	 * the same text as its Vista event; in English (EVIDENCE.md A): */
	boot("xp-sp3");
	const char *xp[] = {"https://www.download.windowsupdate.com/msdownload/"
	                    "update/v3/static/trustedr/en/authrootstl.cab",
	                    cs_hresult_text(0x800B0101)};
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_ROOT_LIST_EXTRACT_FAILED, xp, 2), CS_OK);
	ck_assert_uint_eq(w.events.events[0].id, 11);
	ck_assert_str_eq(w.events.events[0].source, "crypt32");
	ck_assert_str_eq(
	    w.events.events[0].text,
	    "Failed extract of third-party root list from auto update cab at: "
	    "<https://www.download.windowsupdate.com/msdownload/update/v3/"
	    "static/trustedr/en/authrootstl.cab> with error: A required "
	    "certificate is not within its validity period when verifying "
	    "against the current system clock or the timestamp in the signed "
	    "file.");
	/* XP's event log shows no keywords */
	ck_assert_str_eq(w.events.events[0].keywords, "");
	cs_world_free(&w);
	/* crypt32 event 8 on 2003: the URL in angle brackets, as a 2010 blog
	 * (108.bz, crypt32 events 8 and 11) shows it; KB 2253680's copy lost
	 * them to Markdown. (Its trailing period after "could not be
	 * resolved" is not reproduced: the WinINet text has none - H-au-13.) */
	boot("server-2003");
	const char *seq[] = {"http://www.download.windowsupdate.com/msdownload/"
	                     "update/v3/static/trustedr/en/authrootseq.txt",
	                     cs_hresult_text(0x80072EE7)};
	ck_assert_int_eq(cs_event_log(&w, CS_EV_AU_SEQ_RETRIEVE_FAILED, seq, 2),
	                 CS_OK);
	ck_assert_uint_eq(w.events.events[0].id, 8);
	ck_assert_str_eq(
	    w.events.events[0].text,
	    "Failed auto update retrieval of third-party root list "
	    "sequence number from: <http://www.download."
	    "windowsupdate.com/msdownload/update/v3/static/"
	    "trustedr/en/authrootseq.txt> with error: The server "
	    "name or address could not be resolved");
	cs_world_free(&w);
	/* XP has no disallowed-list sync: crypt32 has no event 16 */
	boot("xp-sp3");
	const char *d[] = {"Tuesday, March 14, 2023 6:02:02 PM"};
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_DISALLOWED_LIST_UPDATED, d, 1), CS_OK);
	ck_assert_uint_eq(w.events.n, 0);
	cs_world_free(&w);
}
END_TEST

START_TEST(test_4112_and_wine_logs_nothing)
{
	/* RULES.md 7: 4112 and its text. */
	boot("win10-22h2");
	const char *args[] = {"2023-05-09T00:00:00Z"};
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_DISALLOWED_LIST_UPDATED, args, 1), CS_OK);
	ck_assert_uint_eq(w.events.events[0].id, 4112);
	ck_assert_str_eq(w.events.events[0].text,
	                 "Successful auto update of disallowed certificate "
	                 "list with effective date: 2023-05-09T00:00:00Z.");
	cs_world_free(&w);
	/* Wine 8 has no auto-update events (RULES.md 3) */
	boot("wine-8");
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_AU_DISALLOWED_LIST_UPDATED, args, 1), CS_OK);
	ck_assert_uint_eq(w.events.n, 0);
	ck_assert_uint_eq(w.trace.n, 0);
	cs_world_free(&w);
}
END_TEST

START_TEST(test_schannel_and_operational)
{
	boot("server-2012");
	const char *alert[] = {"47"};
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_SCHANNEL_ALERT_RECEIVED, alert, 1), CS_OK);
	/* samples/schannel_36885_36887_texts_msdocs.txt (B) */
	ck_assert_str_eq(w.events.events[0].log, "System");
	ck_assert_str_eq(w.events.events[0].source, "Schannel");
	ck_assert_uint_eq(w.events.events[0].id, 36887);
	ck_assert_str_eq(w.events.events[0].text,
	                 "A fatal alert was received from the remote endpoint. "
	                 "The TLS protocol defined fatal alert code is 47.");
	ck_assert_int_eq(
	    cs_event_log(&w, CS_EV_SCHANNEL_ISSUER_LIST_TRUNCATED, NULL, 0),
	    CS_OK);
	ck_assert_int_eq(w.events.events[1].level, CS_LEVEL_WARNING);
	const char *op[] = {"http://crl.example/ca.crl", "0x80092013"};
	/* The CAPI2 Operational channel is disabled until enabled (TechNet
	 * Wiki "Windows PKI Troubleshooting: CAPI2 Diagnostics": "select
	 * Enable Log"): the event is dropped. */
	ck_assert_int_eq(cs_event_log_level(&w, CS_EV_CAPI2_RETRIEVE_NETWORK,
	                                    CS_LEVEL_ERROR, op, 2),
	                 CS_OK);
	ck_assert_uint_eq(w.events.n, 2);
	const uint8_t on[4] = {1, 0, 0, 0};
	ck_assert_int_eq(cs_reg_set(&w.reg, CS_ACCOUNT_SYSTEM,
	                            CS_EVENT_CHANNELS_KEY
	                            "\\Microsoft-Windows-CAPI2/Operational",
	                            "Enabled", CS_REG_DWORD, on, sizeof on),
	                 CS_OK);
	ck_assert_int_eq(cs_event_log_level(&w, CS_EV_CAPI2_RETRIEVE_NETWORK,
	                                    CS_LEVEL_ERROR, op, 2),
	                 CS_OK);
	ck_assert_uint_eq(w.events.n, 3);
	ck_assert_str_eq(w.events.events[2].log,
	                 "Microsoft-Windows-CAPI2/Operational");
	ck_assert_uint_eq(w.events.events[2].id, 53);
	/* a wrong argument count is a caller bug, reported */
	ck_assert_int_eq(cs_event_log(&w, CS_EV_CAPI2_RETRIEVE_NETWORK, op, 1),
	                 CS_ERR_INTERNAL);
	cs_world_free(&w);
	/* XP has no CAPI2 Operational channel (RULES.md 4: Vista+) */
	boot("xp-sp3");
	ck_assert_int_eq(cs_event_log(&w, CS_EV_CAPI2_RETRIEVE_NETWORK, op, 2),
	                 CS_OK);
	ck_assert_uint_eq(w.events.n, 0);
	cs_world_free(&w);
}
END_TEST

START_TEST(test_format)
{
	const char *a[] = {"x", "y"};
	char *s = cs_event_format("%2-%1 100%% %3.", a, 2);
	ck_assert_str_eq(s, "y-x 100% .");
	free(s);
}
END_TEST

START_TEST(test_hresult_texts)
{
	/* RULES.md 2 */
	ck_assert_str_eq(cs_hresult_text(0x80092013),
	                 "The revocation function was unable to check "
	                 "revocation because the revocation server was "
	                 "offline.");
	/* samples/capi2_op_30_xml_ssl_policy_untrusted_root_msdocs.txt */
	ck_assert_str_eq(cs_hresult_text(0x800B0109),
	                 "A certificate chain processed, but terminated in a "
	                 "root certificate which is not trusted by the trust "
	                 "provider.");
	ck_assert_ptr_null(cs_hresult_text(0x12345678));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("model_events");
	TCase *tc = tcase_create("events");
	tcase_add_test(tc, test_4107_on_win7);
	tcase_add_test(tc, test_id_11_on_vista_and_xp);
	tcase_add_test(tc, test_4112_and_wine_logs_nothing);
	tcase_add_test(tc, test_schannel_and_operational);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_hresult_texts);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
