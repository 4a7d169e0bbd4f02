/* The scenario parser on bad input: each row is a scenario text and the
 * exact diagnostic it must give (docs/scenario-language.md, "Errors"): the
 * file, line and column of the offending word and what was expected. These
 * messages are the user interface of the language, so they are pinned here
 * word for word. Also: good input parses into the times the language
 * defines. */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "sim/scenario/scenario.h"

static const struct {
	const char *text;
	const char *want; /* "file:line:col: error: message" */
} bad[] = {
    {"frobnicate x",
     "t.scn:1:1: error: unknown command 'frobnicate' (expected one of: at, "
     "every, expect, as, advance, reboot, restart, iisreset, wevtutil, store, "
     "serve, "
     "fail, latency, service, reg, del, rd, move, dir, install, "
     "windows-update, "
     "certutil, verify, revocation, call, schannel, "
     "tls-client-auth)"},
    /* wevtutil: only set-log of the modelled channels; Application and
     * System cannot be turned off (they always log on Windows). */
    {"wevtutil sl Microsoft-Windows-CAPI2/Operatonal /e:true",
     "t.scn:1:13: error: unknown channel 'Microsoft-Windows-CAPI2/Operatonal' "
     "(expected Microsoft-Windows-CAPI2/Operational, Application or System)"},
    {"wevtutil sl Microsoft-Windows-CAPI2/Operational /e:yes",
     "t.scn:1:49: error: expected /e:true or /e:false"},
    {"wevtutil sl System /e:false",
     "t.scn:1:20: error: the System log cannot be disabled"},
    {"wevtutil qe Application /e:true",
     "t.scn:1:10: error: expected 'sl' (set-log): only `wevtutil sl CHANNEL "
     "/e:true|false` is modelled"},
    {"start 2010-13-01T00:00:00Z",
     "t.scn:1:12: error: expected a month from 01 to 12 (a time is "
     "2010-07-09T12:00:00Z, now-8d, ft:TICKS, unix:SECONDS or bin:HEX, with "
     "+/- offsets)"},
    {"at 2010-07-09T12:00:00 reboot",
     "t.scn:1:23: error: expected 'Z' (capisim times are UTC) (a time is "
     "2010-07-09T12:00:00Z, now-8d, ft:TICKS, unix:SECONDS or bin:HEX, with "
     "+/- offsets)"},
    /* A bare number is a FILETIME or an epoch someone copied: a hint,
     * not "expected '-' after the year". */
    {"start 1278633600",
     "t.scn:1:7: error: expected a time, not a bare number: ft:N for "
     "FILETIME ticks, unix:N for Unix seconds, or ISO 8601 such as "
     "2010-07-09T12:00:00Z (a time is 2010-07-09T12:00:00Z, now-8d, "
     "ft:TICKS, unix:SECONDS or bin:HEX, with +/- offsets)"},
    {"verify nothere.crt",
     "t.scn:1:8: error: missing fixture 'nothere.crt': cannot open: No such "
     "file or directory"},
    /* store purposes: the console's three choices, usage words as
     * verify's usage= */
    {"store Root frob a.crt",
     "t.scn:1:12: error: expected add, remove or purposes after the store "
     "name (usage: store [machine|user] STORE add|remove FILE... "
     "[disposition=D] | purposes "
     "all|none|USAGE[,USAGE...] FILE...)"},
    {"store Root purposes serverAuth,emailAuth a.crt",
     "t.scn:1:32: error: unknown purpose 'emailAuth' (expected all, none, "
     "or serverAuth, clientAuth, codeSigning, any or dotted OIDs joined by "
     "commas)"},
    {"store Root purposes none",
     "t.scn:1:25: error: 'purposes' needs at least one certificate file"},
    /* seed observables: declared before use, tags followed by items */
    {"observable C1", "t.scn:1:1: error: 'observable' needs an ID and a text"},
    {"observable C/1 text",
     "t.scn:1:12: error: an observable ID is letters, digits, '.', '_' or "
     "'-'"},
    {"observable C1 a\nobservable C1 b",
     "t.scn:2:12: error: observable 'C1' is declared twice"},
    {"observable C1 a\nreboot expect obs=C1,C2 event=1",
     "t.scn:2:22: error: unknown observable 'C2' (declare it first: "
     "observable ID TEXT)"},
    {"observable C1 a\nreboot expect event=1 given=C1",
     "t.scn:2:23: error: 'given=C1' tags the items after it: put them "
     "after it"},
    /* files: only the folders the model holds (model/fs_paths.h) */
    {"del /q C:\\Temp\\*",
     "t.scn:1:8: error: 'C:\\Temp\\*' is not a folder the model holds "
     "(expected a CryptnetUrlCache folder (Content, MetaData) of a "
     "profile, or %SystemRoot%\\SoftwareDistribution)"},
    {"del /x %windir%\\SoftwareDistribution",
     "t.scn:1:5: error: unknown switch '/x' for del"},
    /* dir: only an X509Objects folder (H-fs-1), which del refuses */
    {"dir C:\\Temp",
     "t.scn:1:5: error: 'C:\\Temp' is not a folder dir can list (expected a "
     "profile's AppData\\LocalLow\\Microsoft\\X509Objects, e.g. "
     "%windir%\\System32\\config\\systemprofile\\AppData\\LocalLow\\"
     "Microsoft\\X509Objects)"},
    {"dir /b %windir%\\System32\\config\\systemprofile\\AppData\\LocalLow\\"
     "Microsoft\\X509Objects",
     "t.scn:1:5: error: unknown switch '/b' for dir"},
    {"dir", "t.scn:1:4: error: 'dir' needs more arguments (usage: dir PATH (a "
            "profile's AppData\\LocalLow\\Microsoft\\X509Objects))"},
    {"del /q %windir%\\System32\\config\\systemprofile\\AppData\\LocalLow\\"
     "Microsoft\\X509Objects\\*",
     "t.scn:1:8: error: '%windir%\\System32\\config\\systemprofile\\AppData\\"
     "LocalLow\\Microsoft\\X509Objects\\*' is an X509Objects folder: the "
     "model lists it (dir) but does not delete from it (expected a "
     "CryptnetUrlCache folder (Content, MetaData) of a profile, or "
     "%SystemRoot%\\SoftwareDistribution)"},
    {"dir C:\\Users\\bob\\AppData\\LocalLow\\Microsoft\\X509Objects "
     "expect files 2025-01-01T00:00:00Z: a.crl",
     "t.scn:1:70: error: expected 'files modified TIME: NAME...'"},
    {"dir C:\\Users\\bob\\AppData\\LocalLow\\Microsoft\\X509Objects "
     "expect files modified 2025-01-01T00:00:00Z a.crl",
     "t.scn:1:100: error: expected ':' after 'files modified TIME'"},
    {"dir C:\\Users\\bob\\AppData\\LocalLow\\Microsoft\\X509Objects "
     "expect files modified 2025-01-01T00:00:00Z:",
     "t.scn:1:79: error: expected file names or 'none' after ':'"},
    {"dir C:\\Users\\bob\\AppData\\LocalLow\\Microsoft\\X509Objects "
     "expect files modified 2025-01-01T00:00:00Z: none a.crl",
     "t.scn:1:106: error: nothing may follow 'none'"},
    {"install KB123", "t.scn:1:9: error: unknown update 'KB123' (the model "
                      "knows KB2677070)"},
    {"profile xp-sp3\ninstall KB2677070",
     "t.scn:2:9: error: KB2677070 does not apply to xp-sp3 (it is for "
     "Vista, 7, 2008 and 2008 R2)"},
    {"serve ftp://x/y a.crl",
     "t.scn:1:7: error: expected a URL starting with http://, https:// or "
     "ldap://, got 'ftp://x/y'"},
    {"serve http:///x a.crl",
     "t.scn:1:14: error: expected a host name after 'http://'"},
    {"as Bob", "t.scn:1:4: error: unknown account 'Bob' (expected SYSTEM, "
               "LocalService, NetworkService, Administrator, user NAME, or the "
               "processes lsass, w3wp, CryptSvc)"},
    {"reg deny Bob HKLM\\SOFTWARE",
     "t.scn:1:10: error: unknown account 'Bob' (expected SYSTEM, "
     "LocalService, NetworkService, Administrator, user NAME, or the "
     "processes lsass, w3wp, CryptSvc)"},
    {"profile win95",
     "t.scn:1:9: error: unknown profile 'win95' (known: xp-sp3, "
     "server-2003, vista, win7-rtm, win7-sp1, win7-sp1-kb2666300, "
     "server-2008r2, server-2008r2-kb2666300, server-2012, server-2012r2, "
     "win10-22h2, win11, wine-8)"},
    {"start 2010-01-02\nat 2010-01-01T00:00:00Z reboot",
     "t.scn:2:4: error: time goes backwards: 2010-01-01T00:00:00Z is before "
     "the scenario's clock (2010-01-02T00:00:00Z)"},
    {"title \"open", "t.scn:1:7: error: expected a closing '\"' for this "
                     "quote"},
    {"expect",
     "t.scn:1:1: error: 'expect' needs at least one item (ok, error=0x.., "
     "status=0x.., result=WORD, event=ID, fetch URL, no-fetch URL, "
     "cache-hit URL, events since TIME: ..., files modified TIME: NAME...)"},
    {"expect ok",
     "t.scn:1:8: error: 'ok' needs an action with a result (verify, reg, "
     "store, certutil, tls-client-auth, schannel): put it on such a line or "
     "after one"},
    {"reboot expect ok",
     "t.scn:1:15: error: 'ok' needs an action with a result (verify, reg, "
     "store, certutil, tls-client-auth, schannel): put it on such a line or "
     "after one"},
    {"reboot expect result=403.7",
     "t.scn:1:15: error: 'result=403.7' needs an action with a result "
     "(verify, reg, store, certutil, tls-client-auth, schannel): put it on "
     "such a line or after one"},
    {"schannel list",
     "t.scn:1:10: error: unknown schannel operation 'list' (expected "
     "issuer-list)"},
    {"tls-client-auth ftp x.crt",
     "t.scn:1:17: error: unknown server 'ftp' (expected iis: HTTP.sys/IIS "
     "answering 403.x, or tls: a service that fails the handshake)"},
    {"reboot expect error=800B0109",
     "t.scn:1:21: error: expected a 32-bit hex value like 0x800B0109"},
    {"reboot expect sometimes",
     "t.scn:1:15: error: unknown expectation 'sometimes' (expected ok, "
     "error=0x.., status=0x.., result=WORD, event=ID, fetch URL, "
     "no-fetch URL, cache-hit URL, events since TIME: ..., files modified "
     "TIME: NAME...)"},
    {"start 2010-01-02\nreboot expect events since 2010-01-01 4107",
     "t.scn:2:39: error: expected ':' after 'events since TIME'"},
    {"every 0s until 2030-01-01 reboot",
     "t.scn:1:7: error: 'every' needs a duration above zero"},
    {"every 1m reboot",
     "t.scn:1:10: error: expected 'every DURATION until TIME COMMAND...'"},
    {"reg add HKXX\\foo",
     "t.scn:1:9: error: expected a registry key starting with HKLM\\, "
     "HKCU\\, HKU\\ (or HKEY_LOCAL_MACHINE\\ ...)"},
    {"reg add HKLM\\x /v A /t REG_DWORD /d 12x",
     "t.scn:1:37: error: expected a number (decimal or 0x hex) up to "
     "4294967295"},
    {"reg add HKLM\\x /v A /t REG_FOO /d 1",
     "t.scn:1:24: error: unknown type 'REG_FOO' (expected REG_SZ, "
     "REG_MULTI_SZ, REG_DWORD, REG_QWORD or REG_BINARY)"},
    {"advance -1h",
     "t.scn:1:9: error: 'advance' needs a duration above zero (time never "
     "goes backwards)"},
    {"advance 7",
     "t.scn:1:10: error: expected a unit after the number (w, d, h, m, s, "
     "ms, t)"},
    {"reboot\nprofile win7-sp1",
     "t.scn:2:1: error: 'profile' must come before the first step"},
    {"fail http://a/b bogus",
     "t.scn:1:17: error: expected http=STATUS, timeout, refused or dns, got "
     "'bogus'"},
    {"verify x.crt polcy=ssl",
     "t.scn:1:14: error: unknown option 'polcy=' for 'verify' (usage: "
     "verify FILE [policy=base|ssl|authenticode|nt-auth|microsoft-root|...|N]"
     " [revocation=none|end|chain|chain-exclude-root[,MODIFIER]] "
     "[usage=serverAuth|clientAuth|codeSigning|any|OID[,...]] "
     "[usage-match=and|or] [additional=FILE[,FILE...]] [at=TIME] "
     "[flags=allow-unknown-ca|ignore-...[,...]|0xN] [server=NAME] "
     "[auth=server|client|N] [ssl-checks=ignore-unknown-ca|...|0xN] "
     "[ssl-para=none] [process=new|NAME])"},
    {"restart service Spooler",
     "t.scn:1:17: error: unknown service 'Spooler' (known: CryptSvc, "
     "W3SVC, WAS, wuauserv, BITS)"},
    {"certutil -urlcache * purge",
     "t.scn:1:22: error: expected certutil -urlcache *|CRL|URL [delete] | "
     "certutil -setreg chain\\NAME VALUE | certutil -verify -urlfetch FILE"},
    {"certutil -urlcache", /* the language requires the filter */
     "t.scn:1:19: error: 'certutil' needs more arguments (usage: certutil "
     "-urlcache *|CRL|URL [delete] | certutil -setreg chain\\NAME VALUE | "
     "certutil -verify -urlfetch FILE)"},
    {"certutil -setreg ChainCacheResyncFiletime @now",
     "t.scn:1:18: error: expected chain\\NAME (e.g. "
     "chain\\ChainCacheResyncFiletime)"},
    {"include nothere.inc",
     "t.scn:1:9: error: cannot include 'nothere.inc': No such file or "
     "directory"},
    {"seed -1", "t.scn:1:6: error: expected a seed: a decimal or 0x-hex "
                "number below 2^64"},
};

START_TEST(test_bad_input)
{
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	cs_scenario *s = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st =
	    cs_scenario_parse_string(&s, "t.scn", bad[_i].text, pool, &d);
	ck_assert_int_ne(st, CS_OK);
	ck_assert_ptr_null(s);
	char got[1024];
	snprintf(got, sizeof got, "%s:%u:%u: error: %s", d.file, d.line, d.col,
	         d.msg);
	ck_assert_str_eq(got, bad[_i].want);
	cs_pool_free(pool);
}
END_TEST

START_TEST(test_caret)
{
	/* capisim/diag.h: the source line and a caret under the column */
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	cs_scenario *s = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	ck_assert_int_ne(
	    cs_scenario_parse_string(&s, "t.scn", "# c\nas  Bob", pool, &d),
	    CS_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cs_diag_print(f, &d);
	fclose(f);
	ck_assert_str_eq(buf, "t.scn:2:5: error: unknown account 'Bob' "
	                      "(expected SYSTEM, LocalService, NetworkService, "
	                      "Administrator, user NAME, or the processes "
	                      "lsass, w3wp, CryptSvc)\n"
	                      "  as  Bob\n"
	                      "      ^\n");
	free(buf);
	cs_pool_free(pool);
}
END_TEST

START_TEST(test_times)
{
	/* The clock rules of docs/scenario-language.md: `at` sets, `advance`
	 * adds, `every D until T` runs at now, now+D, ... < T and leaves the
	 * clock at T. FILETIMEs from tests/test_clock.c's table (2010-07-09
	 * is 129231072000000000). */
	cs_pool *pool;
	ck_assert_int_eq(cs_pool_new(&pool, "."), CS_OK);
	cs_scenario *s = NULL;
	cs_diag d;
	const char *text = "profile vista\n"
	                   "start 2010-07-09\n"
	                   "reboot\n"
	                   "advance 1h\n"
	                   "every 30m until 2010-07-09T03:00:00Z reboot\n"
	                   "at 2010-07-10T00:00:00Z reboot # comment\n"
	                   "advance 1d12h\n";
	ck_assert_int_eq(cs_scenario_parse_string(&s, "t.scn", text, pool, &d),
	                 CS_OK);
	const int64_t day = INT64_C(864000000000), hour = day / 24;
	const cs_filetime t0 = INT64_C(129231072000000000);
	ck_assert_str_eq(s->profile->name, "vista");
	ck_assert_int_eq(s->start, t0);
	ck_assert_uint_eq(s->nsteps, 5);
	ck_assert_int_eq(s->steps[0].t, t0);
	ck_assert_int_eq(s->steps[1].t, t0);
	ck_assert_int_eq(s->steps[2].t, t0 + hour);
	ck_assert_int_eq(s->steps[2].every, hour / 2);
	ck_assert_int_eq(s->steps[2].until, t0 + 3 * hour);
	ck_assert_int_eq(s->steps[3].t, t0 + day);
	ck_assert_str_eq(s->steps[3].action, "reboot");
	ck_assert_int_eq(s->end, t0 + day + day + 12 * hour);
	cs_scenario_free(s);
	cs_pool_free(pool);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("scenario_parse");
	TCase *tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_bad_input, 0,
	                    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, test_caret);
	tcase_add_test(tc, test_times);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
