/* CertVerifyRevocation (crypt32's dispatcher) and CertDllVerifyRevocation
 * (cryptnet's revocation provider) as a program calls them: a list of
 * certificates, the revocation type, flags, CERT_REVOCATION_PARA (the
 * issuer, a CRL store, the time to check at, separate from the clock) and
 * the CERT_REVOCATION_STATUS it fills (docs/calls.md, `capisim
 * revocation`).
 *
 * The dispatcher (DOC CertVerifyRevocation; cert.c testVerifyRevocation):
 * a status whose cbSize is neither CERT_REVOCATION_STATUS's 24 bytes nor
 * the first version's 16 is E_INVALIDARG (#0); no context is TRUE (#1-#3);
 * an encoding without X509_ASN_ENCODING has no provider,
 * CRYPT_E_NO_REVOCATION_DLL (#4, #5); otherwise cryptnet answers.
 *
 * The provider (cryptnet.c test_verifyRevocation): no context (or none
 * passed) is E_INVALIDARG (#0-#2); a revocation type other than
 * CERT_CONTEXT_REVOCATION_TYPE, or (profile column) an encoding without
 * X509_ASN_ENCODING, CRYPT_E_NO_REVOCATION_CHECK (#3, #17, #18). Then each
 * context in turn, its issuer pIssuerCert - or, with
 * CERT_VERIFY_REV_CHAIN_FLAG, the next context for all but the last
 * (DOC) - and the first that is not good ends the call with its error and
 * index (#6: the root fails first, index 0). A certificate with a CDP or
 * an OCSP URL goes through engine/revocation/revocation.h at
 * pftTimeToUse (or the clock) and the machine's caches and network; one
 * without either is judged by the CRLs of hCrlStore
 * (engine/revocation/store_crl.h), or is CRYPT_E_NO_REVOCATION_CHECK when
 * no issuer or no store is given (#3-#5). */
#ifndef CAPISIM_ENGINE_REVOCATION_VERIFY_REVOCATION_H
#define CAPISIM_ENGINE_REVOCATION_VERIFY_REVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "engine/machine.h"
#include "pki/cert.h"
#include "model/store.h"

#define CS_CERT_CONTEXT_REVOCATION_TYPE 1u
#define CS_CERT_VERIFY_REV_CHAIN_FLAG   0x1u
#define CS_X509_ASN_ENCODING            0x1u

typedef struct {
	bool present;                 /* pRevPara != NULL */
	const struct cs_cert *issuer; /* pIssuerCert */
	const cs_store *crl_store;    /* hCrlStore; NULL: none */
	bool has_time;                /* pftTimeToUse != NULL */
	cs_filetime time;
} cs_rev_para;

typedef struct {
	uint32_t size;                 /* cbSize as the caller set it */
	uint32_t index, error, reason; /* in: what the caller left there */
} cs_rev_status;

typedef struct {
	bool via_crypt32; /* CertVerifyRevocation; false: the provider */
	uint32_t encoding, type, count;
	const struct cs_cert *const *contexts; /* NULL: rgpvContext NULL */
	uint32_t flags;
	cs_rev_para para;
} cs_rev_call;

/* Play the call on m as acct (observations carry the trace's origin).
 * *ret is the BOOL, *last_error in: the
 * caller's preset, out: as the call leaves it; status as it leaves it. An
 * error status only when memory ran out. */
CS_MUST_USE cs_status cs_verify_revocation(cs_machine *m, cs_account acct,
                                           const cs_rev_call *call, bool *ret,
                                           uint32_t *last_error,
                                           cs_rev_status *status);

#endif
