/* OCSP response evaluation (see ocsp.h). */
#include "pki/ocsp.h"

#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "capisim/asn1time.h"

const char *cs_ocsp_status_name(cs_ocsp_status s)
{
	static const char *const names[] = {"good", "revoked", "unknown",
	                                    "unusable"};
	return (unsigned)s < 4 ? names[s] : "?";
}

/* The signer is the issuer, or a certificate the issuer signed that is
 * valid for id-kp-OCSPSigning (RFC 6960 4.2.2.2; BLOG, RULES.md 4). */
static bool signer_authorised(X509 *signer, X509 *issuer, bool *delegated)
{
	*delegated = false;
	if (X509_cmp(signer, issuer) == 0)
		return true;
	*delegated = true;
	EVP_PKEY *ikey = X509_get0_pubkey(issuer);
	if (!ikey || X509_verify(signer, ikey) != 1)
		return false;
	uint32_t xku = X509_get_extended_key_usage(signer);
	return (X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) &&
	       (xku & XKU_OCSP_SIGN);
}

static void evaluate(OCSP_RESPONSE *resp, const struct cs_cert *cert,
                     const struct cs_cert *issuer, cs_filetime now,
                     bool check_signer, bool check_time, cs_ocsp_verdict *out)
{
	if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		out->why = "responseStatus is not successful";
		return;
	}
	OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
	if (!bs) {
		out->why = "no basic OCSP response";
		return;
	}
	X509 *ix = cs_cert_x509(issuer);
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), cs_cert_x509(cert), ix);
	int status = -1, reason = -1;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
	if (!id || OCSP_resp_find_status(bs, id, &status, &reason, &rev,
	                                 &thisupd, &nextupd) != 1) {
		out->why = "no response for this certificate";
		goto done;
	}
	if (check_signer) {
		STACK_OF(X509) *extra = sk_X509_new_null();
		X509 *signer = NULL;
		if (extra)
			sk_X509_push(extra, ix);
		/* OCSP_NOVERIFY: signature only, no path (that would read
		 * the host clock); the authorisation is judged below. */
		X509_STORE *st = X509_STORE_new();
		int ok = st &&
		         OCSP_basic_verify(bs, extra, st, OCSP_NOVERIFY) == 1 &&
		         OCSP_resp_get0_signer(bs, &signer, extra) == 1;
		X509_STORE_free(st);
		sk_X509_free(extra);
		if (!ok) {
			out->why = "signature does not verify";
			goto done;
		}
		if (!signer_authorised(signer, ix, &out->delegated)) {
			out->why = "signer is not the issuer or a delegated "
			           "responder (id-kp-OCSPSigning)";
			goto done;
		}
	}
	if (!thisupd ||
	    cs_time_from_asn1(thisupd, &out->this_update) != CS_OK ||
	    (nextupd &&
	     cs_time_from_asn1(nextupd, &out->next_update) != CS_OK)) {
		out->why = "bad thisUpdate / nextUpdate";
		goto done;
	}
	if (check_time && now < out->this_update)
		out->changes_at = out->this_update;
	else if (check_time && nextupd && now <= out->next_update)
		out->changes_at = out->next_update + 1;
	if (check_time && now < out->this_update) {
		out->why = "thisUpdate is in the future";
		goto done;
	}
	if (check_time && nextupd && now > out->next_update) {
		out->why = "nextUpdate has passed";
		goto done;
	}
	switch (status) {
	case V_OCSP_CERTSTATUS_GOOD:
		out->status = CS_OCSP_GOOD;
		break;
	case V_OCSP_CERTSTATUS_REVOKED:
		out->status = CS_OCSP_REVOKED;
		if (!rev || cs_time_from_asn1(rev, &out->revoked_at) != CS_OK)
			out->revoked_at = 0;
		break;
	default:
		out->status = CS_OCSP_UNKNOWN;
		break;
	}
done:
	OCSP_CERTID_free(id);
	OCSP_BASICRESP_free(bs);
}

void cs_ocsp_evaluate(cs_bytes body, const struct cs_cert *cert,
                      const struct cs_cert *issuer, cs_filetime now,
                      bool check_signer, bool check_time, cs_ocsp_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->status = CS_OCSP_UNUSABLE;
	out->changes_at = INT64_MAX;
	const unsigned char *p = body.data;
	OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)body.len);
	if (!resp) {
		out->why = "not an OCSP response";
		return;
	}
	evaluate(resp, cert, issuer, now, check_signer, check_time, out);
	OCSP_RESPONSE_free(resp);
}
