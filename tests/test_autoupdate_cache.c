/* engine/autoupdate on a simulated machine: the per-account STL copies and
 * their 7-day lifetime, the events, the recovery steps of EVIDENCE.md A.
 * Expected values: EVIDENCE.md A (4107 text, source, level, keyword; the
 * cache is used 7 days after download; certutil clears the acting
 * account's copy only; resync and reboot clear the in-memory copy), RULES.md
 * 6 (URLs, event IDs 2/4/11 + 4096 on 7+, crypt32 11 on XP), and the
 * fixture catalogue (which STL lists which root). */
#include <string.h>

#include "au_testkit.h"
#include "check_main.h"
#include "reg_paths.h"
#include "engine/autoupdate/autoupdate.h"
#include "engine/chain/chain.h"
#include "engine/machine.h"
#include "model/event_catalog.h"
#include "model/profile_autoupdate.h"

#define DIR "incident-a-2010/"
#define CTLDL                                                                  \
	"http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/" \
	"en/"
#define DOWNLOAD                                                             \
	"http://www.download.windowsupdate.com/msdownload/update/v3/static/" \
	"trustedr/en/"
#define P1_SHA1 "852D4A18760B00C3C8DAB8C5C8E4F62A2140B0DA"
#define P2_SHA1 "EAC3DD8F750AED565612858D6CDF1850BCEE7314"
/* EVIDENCE.md A, seed 001 */
#define TEXT_4107                                                            \
	"Failed extract of third-party root list from auto update cab at: "  \
	"<" CTLDL "authrootstl.cab> with error: A required certificate is "  \
	"not within its validity period when verifying against the current " \
	"system clock or the timestamp in the signed file."

static cs_machine m;
static unsigned char p1[20], p2[20];

static void serve(const char *url, const char *file, const char *from)
{
	cs_net_rule r = {.url = (char *)url,
	                 .from = from ? kit_time(from) : 0,
	                 .until = CS_NET_FOREVER,
	                 .outcome = CS_NET_OK,
	                 .http_status = 200,
	                 .body = kit_file(file),
	                 .body_name = file};
	ck_assert_int_eq(cs_net_add_rule(&m.w.net, &r), CS_OK);
}

/* A machine as incident A found it: the root agency trusted, the 2010-06
 * list served until 2010-07-08, the renewed one after, both roots. */
static void boot(const char *profile, const char *dir)
{
	ck_assert_int_eq(
	    cs_machine_init(&m, kit_pool(), cs_profile_find(profile),
	                    kit_time("2010-07-03T09:00:00Z"), true),
	    CS_OK);
	ck_assert_int_eq(cs_store_add(&m.w.machine_stores[CS_STORE_ROOT],
	                              kit_cert(DIR "root-agency.crt")),
	                 CS_OK);
	char url[256];
	snprintf(url, sizeof url, "%sauthrootstl.cab", dir);
	serve(url, DIR "authrootstl-2010-06.cab", NULL);
	serve(url, DIR "authrootstl-2010-07.cab", "2010-07-08T00:00:00Z");
	snprintf(url, sizeof url, "%s" P1_SHA1 ".crt", dir);
	serve(url, DIR "trustedr/" P1_SHA1 ".crt", NULL);
	snprintf(url, sizeof url, "%s" P2_SHA1 ".crt", dir);
	serve(url, DIR "trustedr/" P2_SHA1 ".crt", NULL);
	kit_sha1(kit_file(DIR "program-p1.crt"), p1);
	kit_sha1(kit_file(DIR "program-p2.crt"), p2);
	m.w.acting = CS_ACCOUNT_SYSTEM;
	/* ctldl on Vista .. 2008 R2 is KB 2677070's (seed 001's event) */
	if (strcmp(dir, CTLDL) == 0 &&
	    cs_profile_autoupdate(m.w.profile)->kb2677070_root_dir_url)
		m.w.updates[m.w.nupdates++] = CS_KB2677070;
}

static void done(void)
{
	cs_machine_free(&m);
	kit_pool_free();
}

static cs_au_root_result ask(cs_machine *mm, cs_account a,
                             const unsigned char *sha1)
{
	cs_au_root_query q = {.sha1 = sha1};
	cs_au_root_result r;
	ck_assert_int_eq(cs_autoupdate_find_root(mm, a, &q, &r), CS_OK);
	return r;
}

/* The auto-update events go to the Application log; the downloads also
 * log CAPI2 Operational 52/53 (through cryptnet), which these tests skip. */
static size_t app_n(const cs_machine *mm)
{
	size_t n = 0;
	for (size_t i = 0; i < mm->w.events.n; i++)
		n += strcmp(mm->w.events.events[i].log, "Application") == 0;
	return n;
}

static const cs_event *app_ev(const cs_machine *mm, size_t k)
{
	for (size_t i = 0; i < mm->w.events.n; i++)
		if (strcmp(mm->w.events.events[i].log, "Application") == 0 &&
		    k-- == 0)
			return &mm->w.events.events[i];
	ck_abort_msg("no Application event %zu", k);
	return NULL;
}

static const cs_event *last_event(const cs_machine *mm)
{
	ck_assert_uint_gt(app_n(mm), 0);
	return app_ev(mm, app_n(mm) - 1);
}

START_TEST(first_use_downloads_and_finds_p1)
{
	boot("win7-sp1", CTLDL);
	/* CAPI2 Operational logs only once enabled (model/event_catalog.h) */
	const uint8_t on[4] = {1, 0, 0, 0};
	ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM,
	                            CS_EVENT_CHANNELS_KEY
	                            "\\Microsoft-Windows-CAPI2/Operational",
	                            "Enabled", CS_REG_DWORD, on, sizeof on),
	                 CS_OK);
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p1);
	ck_assert_str_eq(cs_au_outcome_name(r.outcome), "found");
	ck_assert_str_eq(r.stl_from, "wire");
	ck_assert_str_eq(r.sha1_hex, P1_SHA1);
	cs_bytes want = kit_file(DIR "program-p1.crt");
	ck_assert_uint_eq(r.root_der.len, want.len);
	/* RULES.md 6: event 2 for the cab and 4 for the root, + 4096 on 7 */
	ck_assert_uint_eq(app_n(&m), 2);
	ck_assert_uint_eq(app_ev(&m, 0)->id, 4098);
	ck_assert_uint_eq(app_ev(&m, 1)->id, 4100);
	/* both downloads went through cryptnet: CAPI2 Operational 52/53
	 * (RULES.md 4) and a "fetch" observation with the profile's user
	 * agent (SEED 003: Microsoft-CryptoAPI/6.1 on 7) */
	size_t n53 = 0, agents = 0;
	for (size_t i = 0; i < m.w.events.n; i++)
		n53 += m.w.events.events[i].id == 53;
	for (size_t i = 0; i < m.w.trace.n; i++) {
		const cs_field *ua =
		    cs_obs_field(&m.w.trace.obs[i], "user_agent");
		agents += ua && strcmp(ua->v.s, "Microsoft-CryptoAPI/6.1") == 0;
	}
	ck_assert_uint_eq(n53, 2);
	ck_assert_uint_eq(agents, 2);
	/* the disk copy of SYSTEM holds it; the user's does not */
	ck_assert_ptr_nonnull(
	    cs_urlcache_find(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache,
	                     CTLDL "authrootstl.cab"));
	ck_assert_ptr_null(
	    cs_urlcache_find(&m.w.accounts[CS_ACCOUNT_DEFAULT_USER].disk_cache,
	                     CTLDL "authrootstl.cab"));
	/* an hour later: the memory copy, no new download */
	m.w.now += CS_TICKS_PER_HOUR;
	r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_str_eq(r.stl_from, "memory");
	ck_assert_int_eq(r.outcome, CS_AU_NOT_LISTED); /* P2: only in 07 */
	done();
}
END_TEST

START_TEST(cached_copy_fails_after_signer_expiry_with_4107)
{
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	size_t before = app_n(&m);
	/* after the signer expired, before the 7 days are over */
	m.w.now = kit_time("2010-07-10T08:00:00Z");
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	ck_assert_str_eq(r.stl_from, "memory");
	ck_assert_uint_eq(r.error, 0x800B0101u); /* CERT_E_EXPIRED */
	ck_assert_uint_eq(app_n(&m), before + 1);
	const cs_event *e = last_event(&m);
	ck_assert_str_eq(e->log, "Application");
	ck_assert_str_eq(e->source, "Microsoft-Windows-CAPI2");
	ck_assert_uint_eq(e->id, 4107);
	ck_assert_int_eq(e->level, CS_LEVEL_ERROR);
	ck_assert_str_eq(e->keywords, "Classic");
	ck_assert_str_eq(e->text, TEXT_4107);
	/* and on every verify that needs it (seed 000: "大量に" - many) */
	m.w.now += CS_TICKS_PER_MIN;
	r = ask(&m, CS_ACCOUNT_SYSTEM, p1);
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	ck_assert_uint_eq(last_event(&m)->id, 4107);
	ck_assert_uint_eq(app_n(&m), before + 2);
	done();
}
END_TEST

/* The copy downloaded at 2010-07-03T09:00Z is used until 7 days later
 * (SEED 000): at edge - 1 tick it is still used (and rejected), at the
 * edge and after it the engine downloads the renewed list and finds P2. */
static const struct {
	int64_t offset;
	cs_au_outcome want;
	const char *from;
} lifetime_edge[] = {
    {-1, CS_AU_STL_REJECTED, "memory"},
    {0, CS_AU_FOUND, "wire"},
    {1, CS_AU_FOUND, "wire"},
};

START_TEST(seven_day_lifetime_boundary)
{
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	m.w.now = kit_time("2010-07-10T09:00:00Z") + lifetime_edge[_i].offset;
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_int_eq(r.outcome, lifetime_edge[_i].want);
	ck_assert_str_eq(r.stl_from, lifetime_edge[_i].from);
	done();
}
END_TEST

START_TEST(disk_copy_alone_obeys_the_lifetime)
{
	/* After a reboot only the disk copy is left: same boundary. */
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	m.w.now = kit_time("2010-07-10T09:00:00Z") - 1;
	cs_machine_reboot(&m);
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_str_eq(r.stl_from, "disk");
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	cs_machine_reboot(&m);
	m.w.now += 1;
	r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_str_eq(r.stl_from, "wire");
	ck_assert_int_eq(r.outcome, CS_AU_FOUND);
	done();
}
END_TEST

static void set_resync_now(void)
{
	uint8_t ft[8];
	for (int i = 0; i < 8; i++)
		ft[i] = (uint8_t)((uint64_t)m.w.now >> (8 * i));
	ck_assert_int_eq(
	    cs_reg_set(&m.w.reg, CS_ACCOUNT_DEFAULT_USER, CS_CHAIN_CONFIG_KEY,
	               "ChainCacheResyncFiletime", CS_REG_BINARY, ft, 8),
	    CS_OK);
}

START_TEST(user_only_cache_clear_is_a_trap)
{
	/* The service (SYSTEM) holds the stale copy; the user clears only
	 * their own cache: SYSTEM still fails (EVIDENCE.md A). */
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	(void)ask(&m, CS_ACCOUNT_DEFAULT_USER, p1);
	m.w.now = kit_time("2010-07-10T09:00:00Z") - CS_TICKS_PER_DAY;
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_DEFAULT_USER].disk_cache);
	ck_assert_int_eq(ask(&m, CS_ACCOUNT_SYSTEM, p2).outcome,
	                 CS_AU_STL_REJECTED);
	/* SYSTEM's disk copy cleared too: its process memory still has it */
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache);
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	ck_assert_str_eq(r.stl_from, "memory");
	/* ChainCacheResyncFiletime @now drops the memory copy */
	set_resync_now();
	m.w.now += CS_TICKS_PER_SEC;
	r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_int_eq(r.outcome, CS_AU_FOUND);
	ck_assert_str_eq(r.stl_from, "wire");
	done();
}
END_TEST

START_TEST(resync_alone_falls_back_to_the_disk_copy)
{
	/* seed 001: resync without clearing the service caches does not
	 * help - the disk copy is still younger than 7 days */
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	m.w.now = kit_time("2010-07-09T12:00:00Z");
	set_resync_now();
	m.w.now += CS_TICKS_PER_SEC;
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_str_eq(r.stl_from, "disk");
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	done();
}
END_TEST

START_TEST(xp_logs_crypt32_11_with_the_old_url)
{
	boot("xp-sp3", DOWNLOAD);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	m.w.now = kit_time("2010-07-09T12:00:00Z");
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_int_eq(r.outcome, CS_AU_STL_REJECTED);
	const cs_event *e = last_event(&m);
	ck_assert_str_eq(e->source, "crypt32"); /* EVIDENCE.md A */
	ck_assert_uint_eq(e->id, 11);
	ck_assert_ptr_nonnull(strstr(e->text, DOWNLOAD "authrootstl.cab"));
	ck_assert_ptr_nonnull(strstr(e->text, "validity period"));
	done();
}
END_TEST

/* As shipped, Windows 7 fetches from www.download (seed 000's 2010
 * events); with KB 2677070 installed, from ctldl (seed 001's event). The
 * same for the disallowed-list sync, which KB 2677070 brings. */
START_TEST(kb2677070_moves_the_directory)
{
	boot("win7-sp1", DOWNLOAD);
	char dir[256];
	cs_autoupdate_root_dir(&m, dir, sizeof dir);
	ck_assert_str_eq(dir, DOWNLOAD);
	ck_assert(!cs_autoupdate_disallowed_sync_on(&m));
	m.w.updates[m.w.nupdates++] = CS_KB2677070;
	cs_autoupdate_root_dir(&m, dir, sizeof dir);
	ck_assert_str_eq(dir, CTLDL);
	ck_assert(cs_autoupdate_disallowed_sync_on(&m));
	done();
	boot("win10-22h2", DOWNLOAD); /* ctldl as shipped, sync as shipped */
	cs_autoupdate_root_dir(&m, dir, sizeof dir);
	ck_assert_str_eq(dir, CTLDL);
	ck_assert(cs_autoupdate_disallowed_sync_on(&m));
	done();
}
END_TEST

START_TEST(root_dir_url_overrides_and_disable_switches)
{
	boot("win7-sp1", "http://mirror.example/trustedr/");
	const char dir[] = "http://mirror.example/trustedr";
	ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM, CS_AU_KEY,
	                            "RootDirUrl", CS_REG_SZ, dir, sizeof dir),
	                 CS_OK);
	ck_assert_int_eq(ask(&m, CS_ACCOUNT_SYSTEM, p1).outcome, CS_AU_FOUND);
	/* CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE 0x100 (RULES.md 6) */
	cs_au_root_query q = {.sha1 = p1, .chain_flags = 0x100};
	cs_au_root_result r;
	ck_assert_int_eq(cs_autoupdate_find_root(&m, 0, &q, &r), CS_OK);
	ck_assert_int_eq(r.outcome, CS_AU_DISABLED);
	uint32_t one = 1;
	ck_assert_int_eq(cs_reg_set(&m.w.reg, CS_ACCOUNT_SYSTEM,
	                            CS_AU_POLICY_KEY, "DisableRootAutoUpdate",
	                            CS_REG_DWORD, &one, 4),
	                 CS_OK);
	ck_assert_int_eq(ask(&m, CS_ACCOUNT_SYSTEM, p1).outcome,
	                 CS_AU_DISABLED);
	done();
	/* Wine 8 has no auto-update (RULES.md 3) */
	boot("wine-8", CTLDL);
	ck_assert_int_eq(ask(&m, CS_ACCOUNT_SYSTEM, p1).outcome,
	                 CS_AU_DISABLED);
	done();
}
END_TEST

START_TEST(unreachable_list_logs_event_3)
{
	boot("win7-sp1", "http://nowhere.example/");
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p1);
	ck_assert_int_eq(r.outcome, CS_AU_STL_UNAVAILABLE);
	ck_assert_uint_eq(last_event(&m)->id, 4099); /* 3 + 4096 */
	ck_assert_ptr_nonnull(
	    strstr(last_event(&m)->text, "could not be resolved"));
	done();
}
END_TEST

START_TEST(clone_keeps_the_memory_copy)
{
	/* fleet clones carry the process memory too */
	boot("win7-sp1", CTLDL);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	cs_machine c;
	ck_assert_int_eq(cs_machine_clone(&c, &m), CS_OK);
	c.w.now += CS_TICKS_PER_HOUR;
	ck_assert_str_eq(ask(&c, CS_ACCOUNT_SYSTEM, p1).stl_from, "memory");
	cs_machine_free(&c);
	done();
}
END_TEST

/* Through the chain engine: the leaf's issuer P1 is in no store; the hook
 * finds it in the STL by key id, installs it into AuthRoot and the chain
 * becomes trusted (RULES.md 6). After the signer expired, P2 - listed only
 * in the renewed STL - is not installed and the chain stays untrusted
 * (EVIDENCE.md A: roots that should arrive do not). */
static cs_chain_context verify(const char *leaf)
{
	cs_chain_para para = {.account = m.w.acting, .leaf = kit_cert(leaf)};
	cs_chain_context ctx;
	ck_assert_int_eq(cs_chain_get(&m, &para, &ctx), CS_OK);
	return ctx;
}

START_TEST(chain_installs_listed_root_then_fails_after_expiry)
{
	boot("win7-sp1", CTLDL);
	cs_chain_context ctx = verify(DIR "leaf-p1.crt");
	ck_assert_uint_eq(ctx.error_status, 0);
	ck_assert_uint_eq(ctx.chain.n, 2);
	ck_assert(cs_store_contains(&m.w.machine_stores[CS_STORE_AUTHROOT],
	                            kit_cert(DIR "program-p1.crt")));
	const cs_event *e = last_event(&m);
	ck_assert_uint_eq(e->id, 4097); /* 1 + 4096: root installed */
	ck_assert_ptr_nonnull(
	    strstr(e->text, "Sha1 thumbprint: <" P1_SHA1 ">"));
	cs_chain_context_free(&ctx);

	m.w.now = kit_time("2010-07-10T08:00:00Z");
	ctx = verify(DIR "leaf-p2.crt");
	ck_assert(ctx.error_status & CS_TRUST_IS_PARTIAL_CHAIN);
	ck_assert(!cs_store_contains(&m.w.machine_stores[CS_STORE_AUTHROOT],
	                             kit_cert(DIR "program-p2.crt")));
	ck_assert_str_eq(last_event(&m)->text, TEXT_4107);
	cs_chain_context_free(&ctx);
	/* the installed P1 needs no STL any more: no new event */
	size_t n = app_n(&m);
	ctx = verify(DIR "leaf-p1.crt");
	ck_assert_uint_eq(ctx.error_status, 0);
	ck_assert_uint_eq(app_n(&m), n);
	cs_chain_context_free(&ctx);
	/* 7 days after the download the renewed list arrives: P2 trusted */
	m.w.now = kit_time("2010-07-10T09:00:00Z");
	ctx = verify(DIR "leaf-p2.crt");
	ck_assert_uint_eq(ctx.error_status, 0);
	ck_assert_uint_eq(last_event(&m)->id, 4097);
	cs_chain_context_free(&ctx);
	done();
}
END_TEST

START_TEST(xp_recovers_by_clearing_both_caches_and_rebooting)
{
	/* seed 000 (a): XP clears the user's and SYSTEM's caches, then
	 * reboots (seed 000 gives XP no resync step) */
	boot("xp-sp3", DOWNLOAD);
	(void)ask(&m, CS_ACCOUNT_SYSTEM, p1);
	m.w.now = kit_time("2010-07-09T12:00:00Z");
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_DEFAULT_USER].disk_cache);
	cs_urlcache_clear(&m.w.accounts[CS_ACCOUNT_SYSTEM].disk_cache);
	m.w.now += CS_TICKS_PER_SEC;
	ck_assert_str_eq(ask(&m, CS_ACCOUNT_SYSTEM, p2).stl_from, "memory");
	cs_machine_reboot(&m);
	cs_au_root_result r = ask(&m, CS_ACCOUNT_SYSTEM, p2);
	ck_assert_str_eq(r.stl_from, "wire");
	ck_assert_int_eq(r.outcome, CS_AU_FOUND);
	done();
}
END_TEST

/* RULES.md 6 (KB 2328240, cc733922): XP/2003 log the auto-update events
 * under source crypt32 at IDs 1..12, Vista/2008 under
 * Microsoft-Windows-CAPI2 at 1..12, Windows 7/2008 R2 and later at ID +
 * 4096 (4107 = 11); Wine 8 logs none (RULES.md 3). Every profile row. */
static const struct {
	const char *profile;
	const char *source; /* NULL: not logged */
	unsigned id_11;
} event_rows[] = {
    {"xp-sp3", "crypt32", 11},
    {"server-2003", "crypt32", 11},
    {"vista", "Microsoft-Windows-CAPI2", 11},
    {"win7-rtm", "Microsoft-Windows-CAPI2", 4107},
    {"win7-sp1", "Microsoft-Windows-CAPI2", 4107},
    {"win7-sp1-kb2666300", "Microsoft-Windows-CAPI2", 4107},
    {"server-2008r2", "Microsoft-Windows-CAPI2", 4107},
    {"server-2008r2-kb2666300", "Microsoft-Windows-CAPI2", 4107},
    {"server-2012", "Microsoft-Windows-CAPI2", 4107},
    {"server-2012r2", "Microsoft-Windows-CAPI2", 4107},
    {"win10-22h2", "Microsoft-Windows-CAPI2", 4107},
    {"win11", "Microsoft-Windows-CAPI2", 4107},
    {"wine-8", NULL, 0},
};

START_TEST(event_source_and_id_per_profile)
{
	ck_assert_uint_eq(sizeof event_rows / sizeof event_rows[0],
	                  CS_PROFILE_COUNT);
	const cs_profile *p = cs_profile_find(event_rows[_i].profile);
	ck_assert_ptr_nonnull(p);
	const char *source = NULL;
	unsigned id = 0;
	bool logged = cs_event_resolve(p, CS_EV_AU_ROOT_LIST_EXTRACT_FAILED,
	                               &source, &id);
	if (!event_rows[_i].source) {
		ck_assert(!logged);
		return;
	}
	ck_assert(logged);
	ck_assert_str_eq(source, event_rows[_i].source);
	ck_assert_uint_eq(id, event_rows[_i].id_11);
	/* the same shift for event 1 (root installed): 1 or 4097 */
	ck_assert(cs_event_resolve(p, CS_EV_AU_ROOT_INSTALLED, &source, &id));
	ck_assert_uint_eq(id, event_rows[_i].id_11 - 10);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("autoupdate_cache");
	TCase *tc = tcase_create("stl");
	tcase_add_test(tc, first_use_downloads_and_finds_p1);
	tcase_add_test(tc, cached_copy_fails_after_signer_expiry_with_4107);
	tcase_add_loop_test(tc, seven_day_lifetime_boundary, 0,
	                    sizeof lifetime_edge / sizeof lifetime_edge[0]);
	tcase_add_test(tc, disk_copy_alone_obeys_the_lifetime);
	tcase_add_test(tc, user_only_cache_clear_is_a_trap);
	tcase_add_test(tc, resync_alone_falls_back_to_the_disk_copy);
	tcase_add_test(tc, xp_logs_crypt32_11_with_the_old_url);
	tcase_add_test(tc, root_dir_url_overrides_and_disable_switches);
	tcase_add_test(tc, unreachable_list_logs_event_3);
	tcase_add_test(tc, clone_keeps_the_memory_copy);
	tcase_add_test(tc, xp_recovers_by_clearing_both_caches_and_rebooting);
	tcase_add_test(tc, chain_installs_listed_root_then_fails_after_expiry);
	tcase_add_test(tc, kb2677070_moves_the_directory);
	tcase_add_loop_test(tc, event_source_and_id_per_profile, 0,
	                    (int)(sizeof event_rows / sizeof event_rows[0]));
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
