/* The store, CRL and CTL entry points (see api.h). */
#include "engine/api/api.h"

#include "pki/crl_match.h"
#include "model/error.h"
#include "model/horizon.h"
#include "model/profile_api.h"
#include "model/hresult.h"

#define X509_ASN_ENCODING             0x1u
#define CERT_ENCODING_TYPE_MASK       0x0000FFFFu
#define CERT_STORE_SIGNATURE_FLAG     0x1u
#define CERT_STORE_TIME_VALIDITY_FLAG 0x2u
#define CERT_STORE_BASE_CRL_FLAG      0x100u
#define CERT_STORE_DELTA_CRL_FLAG     0x200u

/* The encoding check every add makes first: only X509_ASN_ENCODING in the
 * certificate half (crl.c testAddCRL#0-#5: encoding 0 is E_INVALIDARG
 * whatever the other arguments). */
static bool x509_encoding(uint32_t encoding)
{
	return (encoding & CERT_ENCODING_TYPE_MASK) == X509_ASN_ENCODING;
}

/* The decoder's error for bytes that are no object of the kind: nothing
 * to read is CRYPT_E_ASN1_EOD (testAddCRL#6, #7), anything else the first
 * error a DER reader meets, a tag it does not expect. */
static uint32_t decode_error(cs_api_blob data)
{
	return !data.data || data.size == 0 ? CS_CRYPT_E_ASN1_EOD
	                                    : CS_CRYPT_E_ASN1_BADTAG;
}

/* The disposition check of the add itself (testAddCRL#8, #9: the
 * profile's bad_disposition_error). */
static bool disposition_ok(const cs_machine *m, uint32_t disposition,
                           uint32_t *last_error)
{
	if (cs_store_add_valid(disposition))
		return true;
	*last_error = cs_profile_api(m->w.profile)->bad_disposition_error;
	return false;
}

static void finish_add(const cs_store_add_result *r, bool *ret,
                       uint32_t *last_error, cs_store_add_result *detail)
{
	*ret = r->ok;
	if (!r->ok)
		*last_error = r->error;
	if (detail)
		*detail = *r;
}

cs_status cs_api_add_crl_context(cs_machine *m, cs_store *store,
                                 const cs_crl *crl, uint32_t disposition,
                                 bool *ret, uint32_t *last_error, bool *copy)
{
	*ret = *copy = false;
	if (!crl) {
		*last_error = CS_E_INVALIDARG;
		return CS_OK;
	}
	if (!disposition_ok(m, disposition, last_error))
		return CS_OK;
	cs_store_add_result r = {.ok = true, .what = "added"};
	if (store)
		CS_GUARD(cs_store_add_crl(store, crl, disposition, &r));
	*copy = r.ok;
	finish_add(&r, ret, last_error, NULL);
	return CS_OK;
}

/* The object of an encoded add: CS_OK with it, CS_ERR_FORMAT when the bytes
 * are none (the decoder's error in *last_error), another status when the
 * model failed. */
static cs_status decode(cs_machine *m, cs_api_blob data, bool ctl,
                        const cs_crl **crl, const cs_ctl **c,
                        uint32_t *last_error)
{
	cs_status st = CS_ERR_FORMAT;
	char why[128];
	if (data.data && data.size)
		st = ctl ? cs_ctl_get(m->pool, (cs_bytes){data.data, data.size},
		                      c, why, sizeof why)
		         : cs_crl_get(m->pool, (cs_bytes){data.data, data.size},
		                      crl);
	if (st == CS_ERR_FORMAT)
		*last_error = decode_error(data);
	return st;
}

static cs_status add_encoded(cs_machine *m, cs_store *store, bool ctl,
                             uint32_t encoding, cs_api_blob data,
                             uint32_t disposition, bool *ret,
                             uint32_t *last_error, cs_store_add_result *detail)
{
	*ret = false;
	if (!x509_encoding(encoding)) {
		*last_error = CS_E_INVALIDARG;
		return CS_OK;
	}
	const cs_crl *crl = NULL;
	const cs_ctl *c = NULL;
	cs_status st = decode(m, data, ctl, &crl, &c, last_error);
	if (st == CS_ERR_FORMAT)
		return CS_OK;
	CS_GUARD(st);
	if (!disposition_ok(m, disposition, last_error))
		return CS_OK;
	cs_store_add_result r = {.ok = true, .what = "added"};
	if (store && ctl)
		CS_GUARD(cs_store_add_ctl(store, c, disposition, &r));
	else if (store)
		CS_GUARD(cs_store_add_crl(store, crl, disposition, &r));
	finish_add(&r, ret, last_error, detail);
	return CS_OK;
}

cs_status cs_api_add_encoded_crl(cs_machine *m, cs_store *store,
                                 uint32_t encoding, cs_api_blob data,
                                 uint32_t disposition, bool *ret,
                                 uint32_t *last_error,
                                 cs_store_add_result *detail)
{
	return add_encoded(m, store, false, encoding, data, disposition, ret,
	                   last_error, detail);
}

cs_status cs_api_add_encoded_ctl(cs_machine *m, cs_store *store,
                                 uint32_t encoding, cs_api_blob data,
                                 uint32_t disposition, bool *ret,
                                 uint32_t *last_error,
                                 cs_store_add_result *detail)
{
	return add_encoded(m, store, true, encoding, data, disposition, ret,
	                   last_error, detail);
}

const cs_crl *cs_api_find_crl(const cs_store *store, uint32_t encoding,
                              const cs_crl_find *find, size_t *at,
                              uint32_t *last_error)
{
	(void)encoding; /* not used (DOC; crl.c testFindCRL#2) */
	if (store && cs_store_find_crl(store, find, at))
		return store->crls[*at];
	*last_error = CS_CRYPT_E_NOT_FOUND;
	return NULL;
}

const cs_crl *cs_api_get_crl(cs_machine *m, const cs_store *store,
                             const struct cs_cert *issuer, size_t *at,
                             uint32_t *flags, uint32_t *last_error)
{
	const uint32_t supported =
	    CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG |
	    CERT_STORE_BASE_CRL_FLAG | CERT_STORE_DELTA_CRL_FLAG;
	if (*flags & ~supported) { /* crl.c testGetCRLFromStore#0 */
		*last_error = CS_E_INVALIDARG;
		return NULL;
	}
	cs_crl_find f = {.type =
	                     issuer ? CS_CRL_FIND_ISSUED_BY : CS_CRL_FIND_ANY,
	                 .cert = issuer};
	if (*flags & CERT_STORE_BASE_CRL_FLAG)
		f.flags |= CS_CRL_FIND_ISSUED_BY_BASE_FLAG;
	if (*flags & CERT_STORE_DELTA_CRL_FLAG)
		f.flags |= CS_CRL_FIND_ISSUED_BY_DELTA_FLAG;
	if (f.type == CS_CRL_FIND_ANY && f.flags) {
		/* the base/delta choice applies without an issuer too */
		f.type = CS_CRL_FIND_ISSUED_BY;
	}
	const cs_crl *crl = cs_api_find_crl(store, 0, &f, at, last_error);
	if (!crl)
		return NULL;
	*flags &= ~(CERT_STORE_BASE_CRL_FLAG | CERT_STORE_DELTA_CRL_FLAG);
	if ((*flags & CERT_STORE_TIME_VALIDITY_FLAG) &&
	    cs_api_time_validity_now(&m->w, crl->this_update,
	                             crl->next_update) == 0)
		*flags &= ~CERT_STORE_TIME_VALIDITY_FLAG;
	if ((*flags & CERT_STORE_SIGNATURE_FLAG) && issuer &&
	    cs_crl_signed_by(crl, issuer))
		*flags &= ~CERT_STORE_SIGNATURE_FLAG;
	return crl;
}

bool cs_api_is_valid_crl(const struct cs_cert *cert, const cs_crl *crl,
                         uint32_t *last_error)
{
	if (cs_crl_valid_for_cert(crl, cert))
		return true;
	*last_error = CS_CRYPT_E_NO_MATCH; /* crl.c testIsValidCRLForCert#3 */
	return false;
}

bool cs_api_find_cert_in_crl(const struct cs_cert *cert, const cs_crl *crl,
                             cs_crl_entry_info *entry, bool *listed)
{
	*listed = cs_crl_find_entry(crl, cert, entry);
	return true;
}

bool cs_api_verify_crl_revocation(uint32_t encoding, const struct cs_cert *cert,
                                  const cs_crl *const *crls, size_t n)
{
	(void)encoding; /* crl.c testVerifyCRLRevocation#4 vs #5 */
	return !cert || cs_crl_verify_revocation(cert, crls, n);
}

int cs_api_verify_time_validity(cs_filetime t, cs_filetime not_before,
                                cs_filetime not_after)
{
	if (t < not_before)
		return -1;
	return t > not_after ? 1 : 0;
}

int cs_api_time_validity_now(cs_world *w, cs_filetime not_before,
                             cs_filetime not_after)
{
	if (cs_now_before(w, not_before))
		return -1;
	return cs_now_at_or_before(w, not_after) ? 0 : 1;
}
