/* cryptnet's URL entry points as a program calls them (docs/calls.md):
 * CryptGetObjectUrl (which URLs an object names) and
 * CryptRetrieveObjectByUrl (one URL: a file:// path where the profile
 * reads them, an http:// or ldap:// URL through engine/cryptnet/retrieve.h
 * and the machine's caches and network). Evidence: cryptnet.c
 * test_getObjectUrl and test_retrieveObjectByUrl in
 * ../shared/winetests/revocation (Windows' answers, by case id). */
#ifndef CAPISIM_ENGINE_CRYPTNET_OBJECT_URL_H
#define CAPISIM_ENGINE_CRYPTNET_OBJECT_URL_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "engine/machine.h"
#include "pki/cert.h"
#include "pki/crl.h"

/* URL_OID_* (wincrypt.h) a certificate answers. */
#define CS_URL_OID_CERTIFICATE_ISSUER         1u
#define CS_URL_OID_CERTIFICATE_CRL_DIST_POINT 2u
#define CS_URL_OID_CERTIFICATE_FRESHEST_CRL   6u
#define CS_URL_OID_CERTIFICATE_OCSP           9u

/* CONTEXT_OID_* (wincrypt.h); 0 is the NULL OID (a blob array). */
#define CS_CONTEXT_OID_CERTIFICATE 1u
#define CS_CONTEXT_OID_CRL         2u
#define CS_CONTEXT_OID_CTL         3u
#define CS_CONTEXT_OID_PKCS7       4u
#define CS_CONTEXT_OID_CAPI2_ANY   5u

#define CS_CRYPT_GET_URL_FROM_PROPERTY  0x1u
#define CS_CRYPT_GET_URL_FROM_EXTENSION 0x2u
#define CS_CRYPT_CACHE_ONLY_RETRIEVAL   0x2u
#define CS_CRYPT_WIRE_ONLY_RETRIEVAL    0x4u

/* CryptGetObjectUrl for a certificate. oid 0: the NULL OID (no function
 * for it: ERROR_FILE_NOT_FOUND, #0). The URLs come from the extension
 * (flags 0 or CRYPT_GET_URL_FROM_EXTENSION); a context carries no URL
 * property here, so CRYPT_GET_URL_FROM_PROPERTY alone finds none (#17);
 * none found is CRYPT_E_NOT_FOUND (#1-#10), and only then is a missing
 * pcbUrlArray refused, E_INVALIDARG (#11, #12). *urls (valid with ret)
 * borrows the certificate's list. */
bool cs_api_get_object_url(uint32_t oid, const struct cs_cert *cert,
                           uint32_t flags, bool size_given, cs_strlist *urls,
                           uint32_t *last_error);

/* The URL argument of CryptRetrieveObjectByUrl. */
typedef struct {
	const char *url;  /* NULL: the NULL pointer */
	bool is_file;     /* a file:// URL whose file the call names */
	bool file_exists; /* ... exists, holding file_content */
	cs_bytes file_content;
} cs_api_url;

/* CRYPT_RETRIEVE_AUX_INFO: present, its cbSize, pLastSyncTime set. */
typedef struct {
	bool present;
	uint32_t size;
	bool want_sync;
} cs_api_retrieve_aux;

typedef struct {
	bool object;           /* *ppvObject set */
	uint32_t blobs, blob0; /* NULL OID: cBlob, rgBlob[0].cbData */
	const struct cs_cert *cert;
	const cs_crl *crl;
	uint32_t certs; /* CONTEXT_OID_CAPI2_ANY: certificates */
	bool sync_set;  /* *pLastSyncTime written */
	cs_filetime sync;
} cs_api_retrieved;

/* CryptRetrieveObjectByUrl: NULL URL is ERROR_INVALID_PARAMETER (#0); a
 * file:// URL, where the profile reads them, is the file's bytes now,
 * cache-only or not, and no copy outlives the file (#5, #9: after it is
 * deleted ERROR_FILE_NOT_FOUND); an object of another kind than oid asks
 * for is CRYPT_E_NO_MATCH (#3). */
CS_MUST_USE cs_status cs_api_retrieve_object(
    cs_machine *m, cs_account acct, const cs_api_url *url, uint32_t oid,
    uint32_t flags, uint32_t timeout_ms, const cs_api_retrieve_aux *aux,
    bool *ret, uint32_t *last_error, cs_api_retrieved *out);

#endif
