/* CryptGetObjectUrl and CryptRetrieveObjectByUrl (see object_url.h). */
#include "engine/cryptnet/object_url.h"

#include <string.h>

#include "engine/cryptnet/retrieve.h"
#include "model/ascii.h"
#include "model/profile_api.h"
#include "model/hresult.h"

bool cs_api_get_object_url(uint32_t oid, const struct cs_cert *cert,
                           uint32_t flags, bool size_given, cs_strlist *urls,
                           uint32_t *last_error)
{
	*urls = (cs_strlist){NULL, 0};
	cs_strlist (*from)(const struct cs_cert *) = NULL;
	switch (oid) {
	case CS_URL_OID_CERTIFICATE_ISSUER:
		from = cs_cert_aia_ca_issuers_urls;
		break;
	case CS_URL_OID_CERTIFICATE_CRL_DIST_POINT:
		from = cs_cert_cdp_urls;
		break;
	case CS_URL_OID_CERTIFICATE_FRESHEST_CRL:
		from = cs_cert_freshest_crl_urls;
		break;
	case CS_URL_OID_CERTIFICATE_OCSP:
		from = cs_cert_aia_ocsp_urls;
		break;
	default:
		*last_error = CS_W32_ERROR_FILE_NOT_FOUND;
		return false;
	}
	bool extension =
	    flags == 0 || (flags & CS_CRYPT_GET_URL_FROM_EXTENSION);
	if (cert && extension)
		*urls = from(cert);
	if (urls->n == 0) {
		*last_error = CS_CRYPT_E_NOT_FOUND;
		return false;
	}
	if (!size_given) {
		*last_error = CS_E_INVALIDARG;
		return false;
	}
	return true;
}

/* The object the bytes are, as oid asks for. */
static cs_status as_object(cs_machine *m, cs_bytes body, uint32_t oid,
                           bool *ret, uint32_t *last_error,
                           cs_api_retrieved *out)
{
	cs_diag d;
	memset(&d, 0, sizeof d);
	const struct cs_cert *cert = NULL;
	const cs_crl *crl = NULL;
	cs_status st;
	switch (oid) {
	case 0:
		out->object = true;
		out->blobs = 1;
		out->blob0 = (uint32_t)body.len;
		*ret = true;
		return CS_OK;
	case CS_CONTEXT_OID_CERTIFICATE:
	case CS_CONTEXT_OID_CAPI2_ANY:
		st = cs_cert_from_der(m->pool, body, &cert, &d);
		break;
	case CS_CONTEXT_OID_CRL:
		st = cs_crl_get(m->pool, body, &crl);
		break;
	default:
		st = CS_ERR_FORMAT;
	}
	if (st != CS_OK && st != CS_ERR_FORMAT)
		return st;
	if (st != CS_OK) {
		*last_error = CS_CRYPT_E_NO_MATCH;
		return CS_OK;
	}
	out->object = true;
	out->cert = cert;
	out->crl = crl;
	out->certs = oid == CS_CONTEXT_OID_CAPI2_ANY && cert ? 1 : 0;
	*ret = true;
	return CS_OK;
}

static cs_status from_network(cs_machine *m, cs_account acct, const char *url,
                              uint32_t oid, uint32_t flags, uint32_t timeout_ms,
                              cs_bytes *body, uint32_t *last_error)
{
	cs_cryptnet_budget budget;
	cs_cryptnet_budget_init(&budget, m, false);
	if (timeout_ms)
		budget.url_timeout =
		    (int64_t)timeout_ms * (CS_TICKS_PER_SEC / 1000);
	cs_cryptnet_kind kind = oid == CS_CONTEXT_OID_CRL ? CS_OBJ_CRL
	                        : oid == 0                ? CS_OBJ_ANY
	                                                  : CS_OBJ_CERT;
	static const unsigned passes[] = {CS_RETRIEVE_CACHE_ONLY,
	                                  CS_RETRIEVE_WIRE_ONLY};
	cs_cryptnet_result res = {0};
	for (size_t i = 0; i < 2; i++) {
		if ((flags & CS_CRYPT_CACHE_ONLY_RETRIEVAL) && i == 1)
			break;
		if ((flags & CS_CRYPT_WIRE_ONLY_RETRIEVAL) && i == 0)
			continue;
		cs_cryptnet_request req = {.flags = passes[i],
		                           .budget = &budget,
		                           .purpose = "retrieve"};
		cs_status st =
		    cs_cryptnet_retrieve(m, acct, url, kind, &req, &res);
		if (st != CS_OK)
			return st;
		if (res.outcome == CS_FETCH_OK) {
			*body = res.body;
			return CS_OK;
		}
	}
	*body = (cs_bytes){NULL, 0};
	*last_error = res.error ? res.error : CS_CRYPT_E_NOT_FOUND;
	return CS_OK;
}

cs_status cs_api_retrieve_object(cs_machine *m, cs_account acct,
                                 const cs_api_url *url, uint32_t oid,
                                 uint32_t flags, uint32_t timeout_ms,
                                 const cs_api_retrieve_aux *aux, bool *ret,
                                 uint32_t *last_error, cs_api_retrieved *out)
{
	memset(out, 0, sizeof *out);
	*ret = false;
	if (!url->url) {
		*last_error = CS_W32_ERROR_INVALID_PARAMETER;
		return CS_OK;
	}
	cs_bytes body = {NULL, 0};
	if (url->is_file) {
		const cs_api_profile *ap = cs_profile_api(m->w.profile);
		if (!ap->file_urls) {
			*last_error = ap->file_url_refused_error;
			return CS_OK;
		}
		if (!url->file_exists) {
			*last_error = ap->file_url_missing_error;
			return CS_OK;
		}
		body = url->file_content;
	} else {
		cs_status st = from_network(m, acct, url->url, oid, flags,
		                            timeout_ms, &body, last_error);
		if (st != CS_OK || !body.data)
			return st;
	}
	cs_status st = as_object(m, body, oid, ret, last_error, out);
	if (st == CS_OK && *ret && aux && aux->present && aux->want_sync) {
		out->sync_set = true;
		out->sync = m->w.now;
	}
	return st;
}
