/* A CRL handed in through a store, for a certificate the revocation
 * provider cannot check any other way (no CRL Distribution Points, no
 * OCSP URL): CertVerifyRevocation's hCrlStore (RULES.md 4's "store" step
 * of the CRL lookup order).
 *
 * The rules, each with its evidence (../shared/winetests/revocation,
 * cryptnet.c test_verifyRevocation#n):
 *  - the CRL is found as CRL_FIND_ISSUED_BY the issuer with the AKI and
 *    signature flags: a CRL whose AKI cannot be matched to the issuer is
 *    not its CRL, and the certificate gets CRYPT_E_NO_REVOCATION_CHECK
 *    (#9, #10), where a matched one that does not list it gives
 *    CRYPT_E_REVOCATION_OFFLINE (#14-#16);
 *  - a listed certificate is revoked even after the CRL's NextUpdate
 *    (#11): a revocation does not expire; when it counts is the profile's
 *    store_crl_revoked_rule (by the entry's date on Windows: #12 at the
 *    date, #13 before it; after ThisUpdate on Wine 8);
 *  - a CRL that does not list the certificate never proves it good, not
 *    even inside its validity period (#15): CRYPT_E_REVOCATION_OFFLINE. */
#ifndef CAPISIM_ENGINE_REVOCATION_STORE_CRL_H
#define CAPISIM_ENGINE_REVOCATION_STORE_CRL_H

#include "capisim/clock.h"
#include "pki/cert.h"
#include "pki/crl_match.h"
#include "model/account.h"
#include "model/profile.h"
#include "model/store.h"
#include "model/world.h"

typedef enum {
	CS_STORE_CRL_NONE,       /* no CRL of the issuer: NO_REVOCATION_CHECK */
	CS_STORE_CRL_REVOKED,    /* CRYPT_E_REVOKED */
	CS_STORE_CRL_NOT_PROVEN, /* found, not revoked by t: OFFLINE */
} cs_store_crl_verdict;

typedef struct {
	cs_store_crl_verdict verdict;
	const cs_crl *crl;       /* the CRL judged, or NULL */
	cs_crl_entry_info entry; /* the certificate's entry, when listed */
	bool listed;
} cs_store_crl_result;

/* Judge cert (issued by issuer) at t against the CRLs of stores[0..n),
 * under w's profile; t_is_now: t is the clock's (no pTime), and the
 * comparisons with it report their horizon to w (model/horizon.h). */
void cs_store_crl_check(cs_world *w, const cs_store *const *stores, size_t n,
                        const struct cs_cert *cert,
                        const struct cs_cert *issuer, cs_filetime t,
                        bool t_is_now, cs_store_crl_result *out);

/* The stores a chain's revocation check hands in: the machine's and acct's
 * Root, CA, My and Trust (the chain engine's world store, DOC "Certificate
 * Chain Engine": the system stores it searches). */
#define CS_STORE_CRL_CHAIN_STORES 8
struct cs_machine;
size_t cs_store_crl_chain_stores(const struct cs_machine *m, cs_account acct,
                                 const cs_store **out);

/* The HRESULT of a verdict (S_OK never: a store CRL proves no good). */
uint32_t cs_store_crl_hresult(cs_store_crl_verdict v);

#endif
