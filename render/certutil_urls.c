/* certutil -urlfetch's URL sections and the CRL blocks under an element
 * (certutil_int.h). Shapes: WS2022 and ADFS (samples/certutil_verify_urlfetch
 * _{success_subca_ws2022,aia_cdp_failed_msdocs_adfs}.txt), ZH (samples/
 * certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt), LDAP (samples/
 * certutil_v_urlfetch_verify_ldap_delta_crl_2023.txt), the Certum -scinfo
 * sample for an OCSP-checked element (tests/data/real/).
 *
 * A URL line says what the step's own retrieval of that URL gave: the
 * "fetch" observation of the step with that url (the last successful one,
 * else the last), the object it brought (its content, read back from the
 * pool) and, for CRLs, the verdict the revocation check recorded. */
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "pki/cert.h"
#include "pki/certname.h"
#include "pki/crl.h"
#include "pki/ocsp.h"
#include "model/hresult.h"
#include "render/certutil_int.h"

/* The step's retrieval of url: the last that succeeded, else the last. */
static const cs_obs *fetch_of(const cu_render *r, const char *url)
{
	const cs_obs *last = NULL;
	for (size_t i = r->end; i-- > r->first;) {
		const cs_obs *o = &r->tr->obs[i];
		const char *u = cs_obs_get_str(o, "url");
		if (strcmp(o->kind, "fetch") != 0 || !u || strcmp(u, url) != 0)
			continue;
		const char *oc = cs_obs_get_str(o, "outcome");
		if (oc && strcmp(oc, "ok") == 0)
			return o;
		if (!last)
			last = o;
	}
	return last;
}

static bool fetched_ok(const cs_obs *f)
{
	const char *oc = f ? cs_obs_get_str(f, "outcome") : NULL;
	return oc && strcmp(oc, "ok") == 0;
}

/* The bytes a successful retrieval brought (its content, from the pool). */
static bool content_of(const cu_render *r, const cs_obs *f, cs_bytes *b)
{
	const char *name = f ? cs_obs_get_str(f, "content") : NULL;
	cs_diag d;
	return name && cs_pool_file(r->m->pool, name, b, NULL, &d) == CS_OK;
}

static void sha1_hex(cs_bytes b, char out[41])
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	out[0] = 0;
	if (EVP_Digest(b.data, b.len, md, &len, EVP_sha1(), NULL))
		for (unsigned i = 0; i < len && i < 20; i++)
			snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A CRL number as certutil prints it in "Base CRL (04)": the INTEGER's
 * bytes in hex, two digits each. */
static void crl_number(int64_t n, char *out, size_t cap)
{
	uint8_t b[9];
	int k = 0;
	uint64_t v = n < 0 ? 0 : (uint64_t)n;
	do {
		b[k++] = (uint8_t)(v & 0xff);
		v >>= 8;
	} while (v && k < 8);
	if (b[k - 1] & 0x80)
		b[k++] = 0; /* DER keeps it positive */
	size_t o = 0;
	while (k-- > 0 && o + 3 <= cap)
		o += (size_t)snprintf(out + o, cap - o, "%02x", b[k]);
}

static const cs_crl *crl_of(const cu_render *r, const cs_obs *f,
                            cs_bytes *bytes)
{
	const cs_crl *crl;
	if (!fetched_ok(f) || !content_of(r, f, bytes) ||
	    cs_crl_get(r->m->pool, *bytes, &crl) != CS_OK)
		return NULL;
	return crl;
}

/* "Error retrieving URL: <text> 0x80072ee7 (WIN32: 12007)" (ADFS, whose
 * Windows prints the Win32 code; newer ones add its symbol, ZH). */
static void retrieval_error(cu_render *r, const cs_obs *f)
{
	int64_t hr = 0;
	if (!cs_obs_get_int(f, "error", &hr) || !hr)
		hr = CS_WININET_E_CANNOT_CONNECT; /* no status kept */
	/* The fetch keeps the Win32 code as CAPI2 event 53 shows it (2EE7);
	 * certutil prints it as an HRESULT (HRESULT_FROM_WIN32). */
	if (hr > 0 && hr <= 0xffff)
		hr = cs_hresult_from_win32((uint32_t)hr);
	const char *text = cu_hresult_text(r->o->lang, (uint32_t)hr);
	if (((uint32_t)hr >> 16) == 0x8007) { /* FACILITY_WIN32 */
		cu_line(r, "    %s %s%s0x%08x (WIN32: %u)",
		        cu_t(r, CU_T_ERROR_RETRIEVING), text ? text : "",
		        text ? " " : "", (uint32_t)hr, (unsigned)(hr & 0xffff));
		return;
	}
	char prefix[128];
	snprintf(prefix, sizeof prefix, "    %s ",
	         cu_t(r, CU_T_ERROR_RETRIEVING));
	cu_hresult_line(r, prefix, (uint32_t)hr);
}

typedef enum { SEC_AIA, SEC_CDP, SEC_BASE_CRL_CDP, SEC_OCSP } sec;

static const cu_text sec_titles[] = {CU_T_SEC_AIA, CU_T_SEC_CDP,
                                     CU_T_SEC_BASE_CRL_CDP, CU_T_SEC_OCSP};

static void no_urls(cu_render *r)
{
	cu_line(r, "  %s \"%s\" %s 0 (null)", cu_t(r, CU_T_NO_URLS),
	        cu_t(r, CU_T_OBJ_NONE), cu_t(r, CU_T_TIME));
}

/* One URL's lines; false when the step did not retrieve it. */
static bool url_entry(cu_render *r, sec s, size_t k, const char *url, size_t el)
{
	const cs_obs *f = fetch_of(r, url);
	if (!f)
		return false;
	const char *t = cu_t(r, CU_T_TIME);
	static const char *const failed_object[] = {"AIA", "CDP", "CDP",
	                                            "OCSP"};
	if (!fetched_ok(f)) {
		cu_line(r, "  %s \"%s\" %s 0 (null)", cu_t(r, CU_T_FAILED),
		        failed_object[s], t);
		retrieval_error(r, f);
		cu_line(r, "    %s", url);
		cu_blank(r);
		return true;
	}
	cs_bytes b;
	char sha1[41] = "";
	if (content_of(r, f, &b))
		sha1_hex(b, sha1);
	if (s == SEC_AIA) {
		cu_line(r, "  %s \"%s (0)\" %s 0 %s", cu_t(r, CU_T_VERIFIED),
		        cu_t(r, CU_T_OBJ_CERTIFICATE), t, sha1);
	} else if (s == SEC_OCSP) {
		cu_line(r, "  %s \"OCSP\" %s 0 %s", cu_t(r, CU_T_VERIFIED), t,
		        sha1);
	} else {
		const cs_crl *crl = crl_of(r, f, &b);
		char num[24] = "";
		if (crl)
			crl_number(crl->number, num, sizeof num);
		/* The revocation check's verdict on this URL's CRL: rejected
		 * copies were recorded with why (revocation.crl.rejected). */
		const cs_obs *rej = cu_find(r, "revocation", "url", url);
		const char *v = rej ? cs_obs_get_str(rej, "verdict") : NULL;
		cu_text word = v && strcmp(v, "expired") == 0 ? CU_T_EXPIRED
		               : s == SEC_BASE_CRL_CDP        ? CU_T_OK
		                                              : CU_T_VERIFIED;
		cu_line(r, "  %s \"%s (%s)\" %s 0 %s", cu_t(r, word),
		        cu_t(r, crl && crl->is_delta ? CU_T_OBJ_DELTA_CRL
		                                     : CU_T_OBJ_BASE_CRL),
		        num, t, sha1);
	}
	cu_line(r, "    [%zu.0] %s", k, url);
	cu_blank(r);
	(void)el;
	return true;
}

/* The base CRL the element's revocation used, for its Freshest CRL URLs. */
static const cs_crl *base_crl_used(cu_render *r, size_t i)
{
	cs_strlist cdp = cs_cert_cdp_urls(r->certs[i]);
	cs_bytes b;
	for (size_t k = 0; k < cdp.n; k++) {
		const cs_crl *crl = crl_of(r, fetch_of(r, cdp.v[k]), &b);
		if (crl && !crl->is_delta)
			return crl;
	}
	return NULL;
}

void cu_element_urls(cu_render *r, size_t i)
{
	const struct cs_cert *c = r->certs[i];
	for (sec s = SEC_AIA; s <= SEC_OCSP; s++) {
		/* Base CRL CDP only after a certificate with a CDP (WS2022:
		 * the root has no such section) */
		if (s == SEC_BASE_CRL_CDP && cs_cert_cdp_urls(c).n == 0)
			continue;
		cu_line(r, "  ----------------  %s  ----------------",
		        cu_t(r, sec_titles[s]));
		const char *const *v = NULL;
		size_t n = 0;
		const cs_crl *base = NULL;
		if (s == SEC_AIA) {
			v = cs_cert_aia_ca_issuers_urls(c).v;
			n = cs_cert_aia_ca_issuers_urls(c).n;
		} else if (s == SEC_CDP) {
			v = cs_cert_cdp_urls(c).v;
			n = cs_cert_cdp_urls(c).n;
		} else if (s == SEC_OCSP) {
			v = cs_cert_aia_ocsp_urls(c).v;
			n = cs_cert_aia_ocsp_urls(c).n;
		} else if ((base = base_crl_used(r, i))) {
			v = base->freshest;
			n = base->nfreshest;
		}
		size_t shown = 0;
		for (size_t k = 0; k < n; k++)
			shown += url_entry(r, s, k, v[k], i);
		if (n == 0)
			no_urls(r);
		(void)shown;
	}
}

static void crl_block(cu_render *r, const cs_crl *crl, cs_bytes der,
                      const char *in)
{
	char num[24] = "", t1[40], t2[40], sha1[41];
	crl_number(crl->number, num, sizeof num);
	cu_time_format(r->o->lang, crl->this_update, t1, sizeof t1);
	cu_time_format(r->o->lang, crl->next_update, t2, sizeof t2);
	sha1_hex(der, sha1);
	char *issuer = cs_name_to_str(X509_CRL_get_issuer(crl->crl));
	cu_line(r, "%s%s%s:", in, crl->is_delta ? "Delta CRL " : "CRL ", num);
	cu_line(r, "%sIssuer: %s", in, issuer ? issuer : "");
	cu_line(r, "%sThisUpdate: %s", in, t1);
	cu_line(r, "%sNextUpdate: %s", in, t2);
	cu_line(r, "%sCRL: %s", in, sha1);
	free(issuer);
}

/* An OCSP-checked element: "CRL (null):" with the response's signer and
 * times (the Certum -scinfo sample). */
static void ocsp_block(cu_render *r, size_t i, const char *url, const char *in)
{
	cs_bytes b;
	const cs_obs *f = fetch_of(r, url);
	if (!fetched_ok(f) || !content_of(r, f, &b) || i + 1 >= r->n)
		return;
	cs_ocsp_verdict v;
	cs_ocsp_evaluate(b, r->certs[i], r->certs[i + 1], r->m->w.now, false,
	                 false, &v);
	char *signer = NULL;
	const unsigned char *p = b.data;
	OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)b.len);
	OCSP_BASICRESP *bs = resp ? OCSP_response_get1_basic(resp) : NULL;
	X509 *sx = NULL;
	if (bs && OCSP_resp_get0_signer(bs, &sx, NULL) == 1 && sx)
		signer = cs_name_to_str(X509_get_subject_name(sx));
	if (!signer)
		signer = cs_name_to_str(
		    X509_get_subject_name(cs_cert_x509(r->certs[i + 1])));
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	char t1[40], t2[40], sha1[41];
	cu_time_format(r->o->lang, v.this_update, t1, sizeof t1);
	cu_time_format(r->o->lang, v.next_update, t2, sizeof t2);
	sha1_hex(b, sha1);
	cu_line(r, "%sCRL (null):", in);
	cu_line(r, "%sIssuer: %s", in, signer ? signer : "");
	cu_line(r, "%sThisUpdate: %s", in, t1);
	if (v.next_update)
		cu_line(r, "%sNextUpdate: %s", in, t2);
	cu_line(r, "%sCRL: %s", in, sha1);
	free(signer);
}

/* The revocation result the step recorded for element i's certificate. */
static const cs_obs *revocation_of(const cu_render *r, size_t i)
{
	const char *subject = cs_cert_subject(r->certs[i]);
	for (size_t k = r->end; k-- > r->first;) {
		const cs_obs *o = &r->tr->obs[k];
		const char *s = cs_obs_get_str(o, "subject");
		if (strcmp(o->kind, "revocation") == 0 && s &&
		    strcmp(s, subject) == 0 && cs_obs_get_str(o, "method"))
			return o;
	}
	return NULL;
}

void cu_element_crl_blocks(cu_render *r, size_t i, const char *in)
{
	const cs_obs *rev = revocation_of(r, i);
	const char *method = rev ? cs_obs_get_str(rev, "method") : NULL;
	const char *url = rev ? cs_obs_get_str(rev, "url") : NULL;
	if (!method || !url)
		return;
	if (strcmp(method, "ocsp") == 0) {
		ocsp_block(r, i, url, in);
		return;
	}
	cs_bytes b;
	const cs_crl *base = base_crl_used(r, i);
	if (strcmp(method, "delta-crl") == 0 && base) {
		cs_strlist cdp = cs_cert_cdp_urls(r->certs[i]);
		for (size_t k = 0; k < cdp.n; k++)
			if (crl_of(r, fetch_of(r, cdp.v[k]), &b) == base) {
				crl_block(r, base, b, in);
				break;
			}
	}
	const cs_crl *used = crl_of(r, fetch_of(r, url), &b);
	if (used)
		crl_block(r, used, b, in);
}

long cu_leaf_revocation_reason(cu_render *r)
{
	const cs_obs *rev = revocation_of(r, 0);
	const char *url = rev ? cs_obs_get_str(rev, "url") : NULL;
	const char *method = rev ? cs_obs_get_str(rev, "method") : NULL;
	cs_bytes b;
	const cs_crl *crl = url && method && strcmp(method, "ocsp") != 0
	                        ? crl_of(r, fetch_of(r, url), &b)
	                        : NULL;
	if (!crl)
		return -1;
	X509_REVOKED *rv = NULL;
	if (X509_CRL_get0_by_cert(crl->crl, &rv, cs_cert_x509(r->certs[0])) !=
	        1 ||
	    !rv)
		return -1;
	ASN1_ENUMERATED *reason =
	    X509_REVOKED_get_ext_d2i(rv, NID_crl_reason, NULL, NULL);
	long v = reason ? ASN1_ENUMERATED_get(reason) : 0;
	ASN1_ENUMERATED_free(reason);
	return v;
}
