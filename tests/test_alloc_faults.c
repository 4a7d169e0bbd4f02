/* Fail the n-th allocation of a whole scenario run, for every n (docs/
 * architecture.md, "Statuses"; SQLite's and curl's out-of-memory loops).
 *
 * For each scenario: count the allocations of a clean run through the
 * embedding API (parse, run, failure report), then run it again failing
 * allocation 1, 2, ..., N in turn (a transient fault: the others succeed).
 * Every such run must fail with exactly CS_ERR_NOMEM and give no run;
 * under AddressSanitizer (build-asan, where scripts/sanitize enables
 * -Dfault_injection=true) LeakSanitizer then proves that every error path
 * freed what it took. Built only with -Dfault_injection=true. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/capisim.h"
#include "check_main.h"
#include "model/alloc.h"

/* One or more per area: chain building with AIA and the URL cache,
 * revocation (CRL, OCSP, offline), the registry with deny ACLs, stores and
 * purposes, Schannel's issuer list, CryptSvc's sync (incident D), the
 * root auto-update (incident A), and CRLs and CTLs in stores with the call
 * and revocation steps. */
static const char *const scenarios[] = {
    "tests/scenario/verify-basic.scn",
    "tests/scenario/urlcache-list.scn",
    "tests/scenario/base-policy-revocation.scn",
    "tests/scenario/registry-acl.scn",
    "tests/scenario/store-purposes.scn",
    "tests/scenario/network-certutil.scn",
    "tests/autoupdate/service-cryptsvc.scn",
    "tests/autoupdate/disallowed-ctl-distrust.scn",
    "fixtures/incidents/2023-03-disallowed-sync-stale.scn",
    "fixtures/incidents/2010-07-authroot-signer-expiry.scn",
    "tests/scenario/store-crl.scn",
};

static void path_of(char *buf, size_t cap, const char *rel)
{
	const char *src = getenv("CAPISIM_SRCDIR");
	ck_assert_msg(src != NULL, "CAPISIM_SRCDIR not set");
	snprintf(buf, cap, "%s/%s", src, rel);
}

START_TEST(every_allocation_fails_cleanly)
{
	char path[4096];
	path_of(path, sizeof path, scenarios[_i]);
	cs_diag d;
	capisim_run *r = NULL;
	cs_alloc_fail_nth(0);
	ck_assert_msg(capisim_run_file(path, NULL, &r, &d) == CS_OK, "%s: %s",
	              path, d.msg);
	unsigned long total = cs_alloc_count();
	capisim_run_free(r);
	ck_assert_uint_gt(total, 10);
	for (unsigned long n = 1; n <= total; n++) {
		r = NULL;
		cs_alloc_fail_nth(n);
		cs_status st = capisim_run_file(path, NULL, &r, &d);
		ck_assert_msg(cs_alloc_fault_injected(),
		              "%s: allocation %lu of %lu never happened", path,
		              n, total);
		ck_assert_msg(st == CS_ERR_NOMEM,
		              "%s: allocation %lu of %lu failed, the run "
		              "returned %s",
		              path, n, total, cs_status_str(st));
		ck_assert_ptr_null(r);
	}
	cs_alloc_fail_nth(0);
}
END_TEST

static Suite *alloc_faults_suite(void)
{
	Suite *s = suite_create("alloc_faults");
	TCase *tc = tcase_create("scenarios");
	tcase_add_loop_test(tc, every_allocation_fails_cleanly, 0,
	                    (int)(sizeof scenarios / sizeof *scenarios));
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(alloc_faults_suite)
