/* The API columns of the profiles table (see profile_api.h). Evidence:
 * ../shared/winetests/revocation (Windows' answers in Wine's tests, cited
 * by case id) and Wine 8 run here through the probe
 * (tests/conformance/revocation.py); choices: docs/hypotheses.md. */
#include "model/profile_api.h"

#include <assert.h>

#include "model/hresult.h"

/* Before Vista: crl.c testAddCRL#8/#9 record STATUS_ACCESS_VIOLATION for
 * disposition 0; file:// URLs are read, and a deleted file is
 * ERROR_FILE_NOT_FOUND (test_retrieveObjectByUrl#9: the recorded answers
 * are these versions'). */
/* clang-format off */
#define PRE_VISTA                                                       \
	.bad_disposition_error = CS_W32_STATUS_ACCESS_VIOLATION,        \
	.file_urls = true,                                              \
	.file_url_refused_error = 0,                                    \
	.file_url_missing_error = CS_W32_ERROR_FILE_NOT_FOUND,          \
	.revocation_status_on_bad_args = true,                          \
	.revocation_needs_x509_encoding = true,                         \
	.store_crl_revoked_rule = CS_STORE_CRL_REVOKED_BY_DATE,         \
	.store_crl_in_lookup_order = true
/* clang-format on */

/* Vista and later: E_INVALIDARG for disposition 0 (testAddCRL#8's note
 * "Vista"; later versions assumed the same: H-api-1); file:// URLs are not
 * read (the test's win_skip "File URL support was apparently removed in
 * Vista/Windows 2008"; the last error is not recorded: H-api-2). */
/* clang-format off */
#define VISTA_ON                                                        \
	.bad_disposition_error = CS_E_INVALIDARG,                       \
	.file_urls = false,                                             \
	.file_url_refused_error = CS_E_INVALIDARG,                      \
	.file_url_missing_error = CS_W32_ERROR_FILE_NOT_FOUND,          \
	.revocation_status_on_bad_args = true,                          \
	.revocation_needs_x509_encoding = true,                         \
	.store_crl_revoked_rule = CS_STORE_CRL_REVOKED_BY_DATE,         \
	.store_crl_in_lookup_order = true
/* clang-format on */

static const cs_api_profile rows[CS_PROFILE_COUNT] = {
    [CS_PROFILE_XP_SP3] = {PRE_VISTA},
    [CS_PROFILE_SERVER_2003] = {PRE_VISTA},
    [CS_PROFILE_VISTA] = {VISTA_ON},
    [CS_PROFILE_WIN7_RTM] = {VISTA_ON},
    [CS_PROFILE_WIN7_SP1] = {VISTA_ON},
    [CS_PROFILE_WIN7_SP1_KB2666300] = {VISTA_ON},
    [CS_PROFILE_SERVER_2008R2] = {VISTA_ON},
    [CS_PROFILE_SERVER_2008R2_KB2666300] = {VISTA_ON},
    [CS_PROFILE_SERVER_2012] = {VISTA_ON},
    [CS_PROFILE_SERVER_2012R2] = {VISTA_ON},
    [CS_PROFILE_WIN10_22H2] = {VISTA_ON},
    [CS_PROFILE_WIN11] = {VISTA_ON},
    /* Wine 8.0, run here (tests/conformance/revocation.py): disposition 0
     * faults (STATUS_ACCESS_VIOLATION), file:// URLs are read, a refused
     * CertDllVerifyRevocation leaves the status as it was and encoding 0 is
     * checked like X509 (cryptnet.c test_verifyRevocation#0-#2 and #17 are
     * todo_wine); a store CRL revokes once the time is after its
     * ThisUpdate (WINE dlls/cryptnet/cryptnet_main.c
     * verify_cert_revocation_with_crl_offline). */
    [CS_PROFILE_WINE_8] =
        {
            .bad_disposition_error = CS_W32_STATUS_ACCESS_VIOLATION,
            .file_urls = true,
            .file_url_refused_error = 0,
            /* ERROR_PATH_NOT_FOUND, which the test also accepts
             * (test_retrieveObjectByUrl#9) */
            .file_url_missing_error = CS_W32_ERROR_PATH_NOT_FOUND,
            .revocation_status_on_bad_args = false,
            .revocation_needs_x509_encoding = false,
            .store_crl_revoked_rule = CS_STORE_CRL_REVOKED_AFTER_THIS_UPDATE,
        },
};

static_assert(sizeof rows / sizeof rows[0] == CS_PROFILE_COUNT,
              "one API row per profile");

const cs_api_profile *cs_profile_api(const cs_profile *p)
{
	assert(p->id < CS_PROFILE_COUNT);
	return &rows[p->id];
}
