/* The probe plan parser (compare/probe/plan.c, compiled natively here: it is
 * plain C shared with the Windows probe). Error paths: every bad plan is
 * refused with "LINE:COL: message" (docs/compare.md, "The probe plan":
 * line-based, one keyword per line, first line `capisim-probe 1`); LINE and
 * COL (1-based, the offending token) are counted by hand below. */
#include <string.h>

#include "check_main.h"
#include "compare/probe/plan.h"

#define HDR "capisim-probe 1\n"

static const struct {
	const char *text, *err;
} bad[] = {
    {"", "1:1: empty plan, expected 'capisim-probe 1'"},
    {"capisim-probe 2\n",
     "1:1: expected 'capisim-probe 1' (the plan format and version)"},
    {"profile wine-8\n",
     "1:1: expected 'capisim-probe 1' (the plan format and version)"},
    {HDR "frobnicate x\n", "2:1: unknown keyword 'frobnicate'"},
    {HDR "engine fancy\n", "2:8: expected default, exclusive or restricted"},
    {HDR "engine-cbsize lots\n", "2:15: expected a size in bytes"},
    {HDR "engine-cbsize 5000\n", "2:15: expected a size in bytes"},
    {HDR "cert\n", "2:5: expected NAME PATH"},
    {HDR "cert leaf\n", "2:10: expected a path"}, /* where it is missing */
    {HDR "root\n", "2:5: expected a path"},
    {HDR "verify at=1 cert=nobody\n", "2:18: no `cert` line names 'nobody'"},
    {HDR "cert leaf l.der\nverify at=1\n", "3:12: missing cert=NAME"},
    {HDR "cert leaf l.der\nverify cert=leaf at=yesterday\n",
     "3:21: expected FILETIME ticks (decimal)"},
    {HDR "cert leaf l.der\nverify cert=leaf flags=0xZZ\n",
     "3:24: expected a 32-bit hex number"},
    {HDR "cert leaf l.der\nverify cert=leaf flags=100000000\n",
     "3:24: expected a 32-bit hex number"},
    {HDR "cert leaf l.der\nverify cert=leaf policy=authenticode\n",
     "3:25: expected a CERT_CHAIN_POLICY_* value 1..12, base, ssl or "
     "basic-constraints"},
    {HDR "cert leaf l.der\nverify cert=leaf policy=13\n",
     "3:25: expected a CERT_CHAIN_POLICY_* value 1..12, base, ssl or "
     "basic-constraints"},
    {HDR "cert leaf l.der\nverify cert=leaf auth=client\n",
     "3:23: expected dwAuthType as a number"},
    {HDR "cert leaf l.der\nverify cert=leaf usage-match=2\n",
     "3:30: expected 0 (AND) or 1 (OR)"},
    {HDR "cert leaf l.der\nverify cert=leaf ssl-para=empty\n",
     "3:27: expected ssl-para=none"},
    {HDR "cert leaf l.der\nverify cert=leaf additional=leaf,ghost\n",
     "3:34: no `cert` line names 'ghost'"},
    {HDR "cert leaf l.der\nverify cert=leaf roots=\n",
     "3:24: expected NAME[,NAME...]"},
    {HDR "cert leaf l.der\nverify cert=leaf colour=red\n",
     "3:18: unknown key 'colour'"},
    {HDR "cert leaf l.der\nverify cert=leaf stray\n",
     "3:18: expected KEY=VALUE"},
    {HDR "cert leaf l.der\nrevocation cert=leaf\n",
     "3:21: missing issuer=NAME"},
    /* ctl NAME PATH and ctl-check ctl=NAME [step=N] [at=TICKS] */
    {HDR "ctl\n", "2:4: expected NAME PATH"},
    {HDR "ctl a\n", "2:6: expected a path"},
    {HDR "ctl a a.stl\nctl a b.stl\n", "3:5: CTL name 'a' used twice"},
    {HDR "ctl-check\n", "2:10: missing ctl=NAME"},
    {HDR "ctl-check step=3\n", "2:17: missing ctl=NAME"},
    {HDR "ctl-check ctl=nobody\n", "2:15: no `ctl` line names 'nobody'"},
    /* certificate and CTL names are separate: neither finds the other */
    {HDR "cert leaf l.der\nctl-check ctl=leaf\n",
     "3:15: no `ctl` line names 'leaf'"},
    {HDR "ctl t t.stl\nverify cert=t\n", "3:13: no `cert` line names 't'"},
    /* purposes: all, none or dotted OIDs, for an entry made earlier */
    {HDR "root r.der\npurposes serverAuth r.der\n",
     "3:10: expected all, none or dotted OIDs joined by ','"},
    {HDR "root r.der\npurposes 1.2,,1.3 r.der\n",
     "3:10: expected all, none or dotted OIDs joined by ','"},
    {HDR "purposes none r.der\nroot r.der\n",
     "2:15: no earlier root or ca line for this path: a property belongs "
     "to a store entry"},
    {HDR "root r.der\npurposes none\n", "3:14: expected a path"},
    {HDR "ctl t t.stl\nctl-check ctl=t flags=0x1\n",
     "3:17: ctl-check takes ctl=, step= and at=, not 'flags'"},
    {HDR "ctl t t.stl\nctl-check ctl=t at=noon\n",
     "3:20: expected FILETIME ticks (decimal)"},
    {HDR "ctl t t.stl\ncert leaf l.der\nverify cert=leaf ctl=t\n",
     "4:18: unknown key 'ctl'"},
};

START_TEST(refuses_bad_plans)
{
	plan p;
	char err[256] = "";
	ck_assert_int_eq(plan_parse(bad[_i].text, &p, err, sizeof err), -1);
	ck_assert_str_eq(err, bad[_i].err);
}
END_TEST

/* A plan using every keyword parses into what docs/compare.md describes. */
START_TEST(parses_a_full_plan)
{
	const char *text = HDR "# a comment\n\nprofile wine-8\n"
	                       "engine exclusive\nengine-cbsize 88\n"
	                       "root dir with spaces/root.der\nca ca.der\n"
	                       "crl base.crl\ndisallowed bad.der\n"
	                       "cert leaf leaf.der\ncert ca ca.der\n"
	                       "serve http://x.test/a.crl a.crl\n"
	                       "fail http://x.test/b.crl 404\n"
	                       "verify step=12 at=ft:133801632000000000 "
	                       "cert=leaf flags=0x20000000 policy=ssl "
	                       "server=www.example.test "
	                       "usage=1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2\n"
	                       "revocation step=13 cert=leaf issuer=ca "
	                       "verify-at=5\n";
	plan p;
	char err[256] = "";
	ck_assert_msg(plan_parse(text, &p, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(p.profile, "wine-8");
	ck_assert_int_eq(p.engine, PLAN_ENGINE_EXCLUSIVE);
	ck_assert_uint_eq(p.engine_cbsize, 88);
	ck_assert_uint_eq(p.nfiles, 6);
	ck_assert_str_eq(p.files[0].path, "dir with spaces/root.der");
	ck_assert_int_eq(p.files[2].kind, PLAN_FILE_CRL);
	ck_assert_uint_eq(p.nsteps, 2);
	const plan_step *v = &p.steps[0], *r = &p.steps[1];
	ck_assert_int_eq(v->kind, PLAN_STEP_VERIFY);
	ck_assert_uint_eq(v->step, 12);
	ck_assert_int_eq(v->at, 133801632000000000LL);
	ck_assert_int_eq(v->verify_at, -1); /* NULL pTime by default */
	ck_assert_int_eq(v->cert, 4);
	ck_assert_uint_eq(v->flags, 0x20000000u);
	ck_assert_uint_eq(v->policy, 4);    /* CERT_CHAIN_POLICY_SSL */
	ck_assert_uint_eq(v->auth_type, 2); /* AUTHTYPE_SERVER by default */
	ck_assert_int_eq(v->no_ssl_para, 0);
	ck_assert_int_eq(v->own_additional, 0); /* the plan's stores */
	ck_assert_int_eq(v->own_roots, 0);
	ck_assert_str_eq(v->server, "www.example.test");
	ck_assert_uint_eq(v->nusage, 2);
	ck_assert_str_eq(v->usage[1], "1.3.6.1.5.5.7.3.2");
	ck_assert_int_eq(r->kind, PLAN_STEP_REVOCATION);
	ck_assert_int_eq(r->issuer, 5);
	ck_assert_int_eq(r->at, -1); /* clock left alone */
	ck_assert_int_eq(r->verify_at, 5);
	plan_free(&p);
}
END_TEST

/* A ctl-check names its file by the `ctl` line; the file list keeps both
 * kinds in plan order (docs/compare.md, "Checking STLs"). */
START_TEST(parses_ctl_checks)
{
	const char *text = HDR "cert ctl l.der\n"
	                       "ctl ctl dir with spaces/authroot.stl\n"
	                       "ctl d disallowedcert.stl\n"
	                       "ctl-check ctl=ctl step=1\n"
	                       "ctl-check step=2 at=ft:5 ctl=d\n";
	plan p;
	char err[256] = "";
	ck_assert_msg(plan_parse(text, &p, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(p.nfiles, 3);
	ck_assert_int_eq(p.files[1].kind, PLAN_FILE_CTL);
	ck_assert_str_eq(p.files[1].name, "ctl");
	ck_assert_str_eq(p.files[1].path, "dir with spaces/authroot.stl");
	ck_assert_uint_eq(p.nsteps, 2);
	ck_assert_int_eq(p.steps[0].kind, PLAN_STEP_CTL);
	ck_assert_int_eq(p.steps[0].ctl, 1); /* the ctl line, not the cert */
	ck_assert_uint_eq(p.steps[0].step, 1);
	ck_assert_int_eq(p.steps[0].at, -1);
	ck_assert_int_eq(p.steps[0].cert, -1);
	ck_assert_int_eq(p.steps[1].ctl, 2);
	ck_assert_int_eq(p.steps[1].at, 5);
	plan_free(&p);
}
END_TEST

/* The default cbSize is Windows 7's 80, the one Wine 8 accepts (RULES.md 3). */
START_TEST(default_cbsize_is_80)
{
	plan p;
	char err[256];
	ck_assert_int_eq(plan_parse(HDR, &p, err, sizeof err), 0);
	ck_assert_uint_eq(p.engine_cbsize, 80);
	plan_free(&p);
}
END_TEST

static Suite *plan_suite(void)
{
	Suite *s = suite_create("compare_plan");
	TCase *tc = tcase_create("parser");
	tcase_add_loop_test(tc, refuses_bad_plans, 0,
	                    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, parses_a_full_plan);
	tcase_add_test(tc, parses_ctl_checks);
	tcase_add_test(tc, default_cbsize_is_80);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(plan_suite)
