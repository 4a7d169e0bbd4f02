/* crypt32's store, CRL, CTL and certificate entry points as a program calls
 * them: arguments as Windows takes them (NULL where the caller passes
 * NULL), the BOOL or pointer returned, the last error as the function
 * leaves it (*last_error: in, the caller's preset; out, what GetLastError
 * returns after the call) and the out-parameters. The rules themselves are
 * pki/'s (crl_match.h, storeadd.h); this layer adds the argument checks and
 * the error codes, with the evidence of ../shared/winetests/revocation
 * (Windows' answers; cited by case id) and the profile's columns
 * (model/profile_api.h). `capisim call` (sim/call) and the conformance
 * suite play them. */
#ifndef CAPISIM_ENGINE_API_API_H
#define CAPISIM_ENGINE_API_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "engine/machine.h"
#include "pki/cert.h"
#include "pki/crl.h"
#include "pki/crl_match.h"
#include "pki/ctl.h"
#include "pki/storeadd.h"
#include "model/store.h"

/* Encoded bytes an argument points at: data NULL is the NULL pointer. */
typedef struct {
	const uint8_t *data;
	uint32_t size;
} cs_api_blob;

/* CertAddEncodedCRLToStore / CertAddEncodedCTLToStore. store NULL: the
 * NULL handle (accepted; nothing is kept: crl.c testAddCRL#10). *detail
 * (optional) says what the store did. */
CS_MUST_USE cs_status cs_api_add_encoded_crl(cs_machine *m, cs_store *store,
                                             uint32_t encoding,
                                             cs_api_blob data,
                                             uint32_t disposition, bool *ret,
                                             uint32_t *last_error,
                                             cs_store_add_result *detail);
CS_MUST_USE cs_status cs_api_add_encoded_ctl(cs_machine *m, cs_store *store,
                                             uint32_t encoding,
                                             cs_api_blob data,
                                             uint32_t disposition, bool *ret,
                                             uint32_t *last_error,
                                             cs_store_add_result *detail);
/* CertAddCRLContextToStore; *copy: the context handed back is the store's
 * own copy (a new context with its own encoded bytes and CRL_INFO). The
 * adds return an error status only when the model failed (memory). */
CS_MUST_USE cs_status cs_api_add_crl_context(cs_machine *m, cs_store *store,
                                             const cs_crl *crl,
                                             uint32_t disposition, bool *ret,
                                             uint32_t *last_error, bool *copy);

/* CertFindCRLInStore, the search from entry *at on: the entry found (its
 * index in *at) or NULL with CRYPT_E_NOT_FOUND. encoding is not used
 * (crl.c testFindCRL#2), neither are flags outside CRL_FIND_ISSUED_BY /
 * _FOR (#1). */
const cs_crl *cs_api_find_crl(const cs_store *store, uint32_t encoding,
                              const cs_crl_find *find, size_t *at,
                              uint32_t *last_error);

/* CertGetCRLFromStore; *flags in: CERT_STORE_SIGNATURE_FLAG,
 * _TIME_VALIDITY_FLAG, _BASE_CRL_FLAG, _DELTA_CRL_FLAG, out: the checks
 * that failed. */
const cs_crl *cs_api_get_crl(cs_machine *m, const cs_store *store,
                             const struct cs_cert *issuer, size_t *at,
                             uint32_t *flags, uint32_t *last_error);

/* CertIsValidCRLForCertificate, CertFindCertificateInCRL (*entry NULL when
 * not listed), CertVerifyCRLRevocation. */
bool cs_api_is_valid_crl(const struct cs_cert *cert, const cs_crl *crl,
                         uint32_t *last_error);
bool cs_api_find_cert_in_crl(const struct cs_cert *cert, const cs_crl *crl,
                             cs_crl_entry_info *entry, bool *listed);
bool cs_api_verify_crl_revocation(uint32_t encoding, const struct cs_cert *cert,
                                  const cs_crl *const *crls, size_t n);

/* CertGetIssuerCertificateFromStore / CertVerifySubjectCertificateContext;
 * *flags in: CERT_STORE_SIGNATURE_FLAG, _TIME_VALIDITY_FLAG,
 * _REVOCATION_FLAG, out: the checks that failed, with
 * CERT_STORE_NO_CRL_FLAG / _NO_ISSUER_FLAG when a check had nothing to
 * check with. */
const struct cs_cert *cs_api_get_issuer(cs_machine *m, const cs_store *store,
                                        const struct cs_cert *subject,
                                        uint32_t *flags, uint32_t *last_error);
bool cs_api_verify_subject(cs_machine *m, const struct cs_cert *subject,
                           const struct cs_cert *issuer,
                           const cs_store *issuer_store, uint32_t *flags,
                           uint32_t *last_error);

/* CertVerifyTimeValidity: -1 before NotBefore, 1 after NotAfter, else 0
 * (both ends valid: main.c test_verifyTimeValidity). */
int cs_api_verify_time_validity(cs_filetime t, cs_filetime not_before,
                                cs_filetime not_after);

/* The same at the clock's time (a NULL pTimeToVerify, the store functions'
 * CERT_STORE_TIME_VALIDITY_FLAG): the answer holds until the next edge,
 * reported to w (model/horizon.h). */
int cs_api_time_validity_now(cs_world *w, cs_filetime not_before,
                             cs_filetime not_after);

#endif
