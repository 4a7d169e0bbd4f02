/* Judging a parsed CTL at one instant: message digest, signature, signer
 * chain, usages, times (ctl.h; order and HRESULTs: H-au-4). */
#include <openssl/bio.h>
#include "model/error.h"
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "capisim/asn1time.h"
#include "pki/ctl.h"

#define SIGNER_CHAIN_MAX 8 /* see ctl.c */

static void set(cs_ctl_verdict *v, cs_ctl_verdict_code c, const char *detail)
{
	v->code = c;
	v->hresult = cs_ctl_verdict_hresult(c);
	/* truncating copy: details are one line for traces */
	size_t n = detail ? strlen(detail) : 0;
	if (n >= sizeof v->detail)
		n = sizeof v->detail - 1;
	memcpy(v->detail, detail ? detail : "", n);
	v->detail[n] = '\0';
}

static void name_line(const X509 *x, char *buf, size_t len)
{
	buf[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
	                   XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	int n = BIO_read(b, buf, (int)len - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

/* Digest of the CTL's contents octets compared with the signed
 * messageDigest attribute. Wine never makes this comparison (RULES.md 6);
 * Windows' CryptMsgControl does, and so do we. 1 match, 0 mismatch or no
 * attribute to compare, -1 OpenSSL failure. */
static int digest_matches(const cs_ctl *ctl, PKCS7_SIGNER_INFO *si)
{
	STACK_OF(X509_ATTRIBUTE) *attrs = PKCS7_get_signed_attributes(si);
	if (sk_X509_ATTRIBUTE_num(attrs) <= 0)
		return 1; /* no attributes: the signature covers the content */
	ASN1_OCTET_STRING *md_attr = PKCS7_digest_from_attributes(attrs);
	if (!md_attr)
		return 0;
	const EVP_MD *md = EVP_get_digestbyobj(si->digest_alg->algorithm);
	if (!md)
		return 0;
	unsigned char buf[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!EVP_Digest(ctl->content + ctl->content_hdr_len,
	                ctl->content_len - ctl->content_hdr_len, buf, &len, md,
	                NULL))
		return -1;
	return (int)len == ASN1_STRING_length(md_attr) &&
	       memcmp(buf, ASN1_STRING_get0_data(md_attr), len) == 0;
}

/* PKCS7_signatureVerify reads the content digest from a BIO_f_md in the
 * chain it is given, so the contents octets are pushed through one. */
static int signature_ok(const cs_ctl *ctl, PKCS7_SIGNER_INFO *si, X509 *signer)
{
	const EVP_MD *md = EVP_get_digestbyobj(si->digest_alg->algorithm);
	if (!md)
		return 0;
	BIO *mdbio = BIO_new(BIO_f_md());
	BIO *mem =
	    BIO_new_mem_buf(ctl->content + ctl->content_hdr_len,
	                    (int)(ctl->content_len - ctl->content_hdr_len));
	int ok = -1;
	if (mdbio && mem && BIO_set_md(mdbio, md) == 1) {
		BIO *chain = BIO_push(mdbio, mem);
		mem = NULL; /* owned by the chain now */
		unsigned char buf[4096];
		while (BIO_read(chain, buf, sizeof buf) > 0)
			;
		ok = PKCS7_signatureVerify(chain, ctl->p7, si, signer) == 1;
		BIO_free_all(chain);
		mdbio = NULL;
	}
	BIO_free(mdbio);
	BIO_free(mem);
	ERR_clear_error();
	return ok;
}

/* The verdict can change at t (when t is ahead of now). */
static void edge(cs_ctl_verdict *v, cs_filetime now, cs_filetime t)
{
	if (t > now && t < v->changes_at)
		v->changes_at = t;
}

static bool time_valid(X509 *x, cs_filetime now, cs_filetime *not_after,
                       cs_ctl_verdict *v)
{
	cs_filetime nb, na;
	/* RULES.md 1: valid on [notBefore, notAfter], notAfter included. */
	if (cs_time_from_asn1(X509_get0_notBefore(x), &nb) != CS_OK ||
	    cs_time_from_asn1(X509_get0_notAfter(x), &na) != CS_OK)
		return false;
	*not_after = na;
	edge(v, now, nb);
	if (na < INT64_MAX)
		edge(v, now, na + 1);
	return nb <= now && now <= na;
}

static bool has_eku(X509 *x, const char *oid)
{
	EXTENDED_KEY_USAGE *eku =
	    X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	if (!eku)
		return true; /* no extension: every usage */
	bool found = false;
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !found; i++) {
		char buf[128];
		OBJ_obj2txt(buf, sizeof buf, sk_ASN1_OBJECT_value(eku, i), 1);
		found = strcmp(buf, oid) == 0;
	}
	EXTENDED_KEY_USAGE_free(eku);
	return found;
}

static bool in_list(X509 *x, X509 *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (X509_cmp(x, list[i]) == 0)
			return true;
	return false;
}

/* x's signature with c's key, remembered per pair on the CTL. */
static bool link_ok(const cs_ctl *ctl, X509 *x, X509 *c)
{
	cs_pair_memo *memo = (cs_pair_memo *)&ctl->link_memo;
	int known = cs_pair_memo_get(memo, x, c);
	if (known >= 0)
		return known == 1;
	EVP_PKEY *k = X509_get0_pubkey(c);
	bool ok = k && X509_verify(x, k) == 1;
	cs_pair_memo_put(memo, x, c, ok);
	return ok;
}

/* An issuer of x among the candidate lists whose key verifies x. */
static X509 *find_issuer(const cs_ctl *ctl, X509 *x, STACK_OF(X509) * msg_certs,
                         const cs_ctl_policy *pol, bool *name_found)
{
	X509 *const *lists[2] = {pol->anchors, pol->extra};
	size_t counts[2] = {pol->nanchors, pol->nextra};
	const X509_NAME *want = X509_get_issuer_name(x);
	for (int l = 0; l < 3; l++) {
		int n = l == 2 ? sk_X509_num(msg_certs) : (int)counts[l];
		for (int i = 0; i < n; i++) {
			X509 *c =
			    l == 2 ? sk_X509_value(msg_certs, i) : lists[l][i];
			if (X509_NAME_cmp(X509_get_subject_name(c), want) != 0)
				continue;
			*name_found = true;
			if (link_ok(ctl, x, c))
				return c;
		}
	}
	ERR_clear_error();
	return NULL;
}

/* Walk from the signer to a trusted root at pol->now. */
static void judge_signer_chain(const cs_ctl *ctl, X509 *signer,
                               STACK_OF(X509) * msg_certs,
                               const cs_ctl_policy *pol, cs_ctl_verdict *v)
{
	X509 *cur = signer;
	char who[256], msg[512];
	for (int depth = 0; depth < SIGNER_CHAIN_MAX; depth++) {
		cs_filetime na = 0;
		if (!time_valid(cur, pol->now, &na, v)) {
			char t[CS_TIME_BUF];
			name_line(cur, who, sizeof who);
			snprintf(msg, sizeof msg,
			         "%s %s (notAfter %s) is not time valid now",
			         depth == 0 ? "CTL signer" : "signer chain CA",
			         who, cs_time_format(na, t));
			set(v, CS_CTL_SIGNER_NOT_TIME_VALID, msg);
			return;
		}
		if (in_list(cur, pol->anchors, pol->nanchors))
			return; /* reached a trusted root: ok */
		bool name_found = false;
		X509 *issuer =
		    find_issuer(ctl, cur, msg_certs, pol, &name_found);
		if (!issuer) {
			name_line(cur, who, sizeof who);
			if (name_found) {
				snprintf(msg, sizeof msg,
				         "signature of %s does not verify with "
				         "its issuer's key",
				         who);
				set(v, CS_CTL_SIGNER_CHAIN_BAD_SIGNATURE, msg);
			} else if (X509_NAME_cmp(X509_get_subject_name(cur),
			                         X509_get_issuer_name(cur)) ==
			           0) {
				snprintf(msg, sizeof msg,
				         "signer chain ends in %s, not a "
				         "trusted root",
				         who);
				set(v, CS_CTL_SIGNER_UNTRUSTED_ROOT, msg);
			} else {
				snprintf(msg, sizeof msg,
				         "no issuer found for %s", who);
				set(v, CS_CTL_SIGNER_CHAIN_BROKEN, msg);
			}
			return;
		}
		if (issuer == cur) { /* self-signed and not an anchor */
			name_line(cur, who, sizeof who);
			snprintf(msg, sizeof msg,
			         "signer chain ends in %s, not a trusted root",
			         who);
			set(v, CS_CTL_SIGNER_UNTRUSTED_ROOT, msg);
			return;
		}
		cur = issuer;
	}
	set(v, CS_CTL_SIGNER_CHAIN_BROKEN, "signer chain longer than 8");
}

/* The signer's name line and SHA-1 into v, worked out once per signer
 * (the last one is kept on the CTL). */
static void describe_signer(const cs_ctl *ctl, X509 *signer, cs_ctl_verdict *v)
{
	cs_ctl *c = (cs_ctl *)ctl;
	pthread_mutex_lock(&c->link_memo.lock);
	if (c->named_signer != signer) {
		name_line(signer, c->signer_name, sizeof c->signer_name);
		unsigned char sha1[20];
		unsigned int sha1_len = 0;
		c->signer_sha1[0] = '\0';
		if (X509_digest(signer, EVP_sha1(), sha1, &sha1_len) == 1 &&
		    sha1_len == 20)
			for (unsigned i = 0; i < 20; i++)
				snprintf(c->signer_sha1 + 2 * i, 3, "%02x",
				         sha1[i]);
		c->named_signer = signer;
	}
	memcpy(v->signer, c->signer_name, sizeof v->signer);
	memcpy(v->signer_sha1, c->signer_sha1, sizeof v->signer_sha1);
	pthread_mutex_unlock(&c->link_memo.lock);
}

enum { MSG_OK, MSG_DIGEST_MISMATCH, MSG_BAD_SIGNATURE };

/* The message digest, then the signature with signer's key: MSG_*, or -1
 * when OpenSSL failed (not remembered). Remembered per signer. */
static int message_check(const cs_ctl *ctl, PKCS7_SIGNER_INFO *si, X509 *signer)
{
	cs_sig_memo *memo = (cs_sig_memo *)&ctl->message_memo;
	int known = cs_sig_memo_get(memo, signer);
	if (known >= 0)
		return known;
	int dm = digest_matches(ctl, si);
	if (dm < 0)
		return -1;
	int r = MSG_DIGEST_MISMATCH;
	if (dm > 0) {
		int sig = signature_ok(ctl, si, signer);
		if (sig < 0)
			return -1;
		r = sig ? MSG_OK : MSG_BAD_SIGNATURE;
	}
	cs_sig_memo_put(memo, signer, (unsigned)r);
	return r;
}

cs_status cs_ctl_verify(const cs_ctl *ctl, const cs_ctl_policy *pol,
                        cs_ctl_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->changes_at = INT64_MAX;
	set(v, CS_CTL_OK, NULL);
	PKCS7 *p7 = ctl->p7;
	if (!p7) {
		set(v, CS_CTL_BAD_SIGNATURE,
		    "the SignerInfo names an algorithm the verifier does not "
		    "know (an empty OID)");
		return CS_OK;
	}
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(p7);
	if (sk_PKCS7_SIGNER_INFO_num(sis) < 1) {
		set(v, CS_CTL_SIGNER_NOT_FOUND, "the CTL has no SignerInfo");
		return CS_OK;
	}
	PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(sis, 0);
	STACK_OF(X509) *msg_certs = p7->d.sign->cert;
	/* The signer by issuer and serial: in the message, else the caller's
	 * extra certificates (a signer published beside the CTL). */
	X509 *signer = X509_find_by_issuer_and_serial(
	    msg_certs, si->issuer_and_serial->issuer,
	    si->issuer_and_serial->serial);
	for (size_t i = 0; !signer && i < pol->nextra; i++)
		if (X509_NAME_cmp(X509_get_issuer_name(pol->extra[i]),
		                  si->issuer_and_serial->issuer) == 0 &&
		    ASN1_INTEGER_cmp(X509_get0_serialNumber(pol->extra[i]),
		                     si->issuer_and_serial->serial) == 0)
			signer = pol->extra[i];
	if (!signer) {
		set(v, CS_CTL_SIGNER_NOT_FOUND,
		    "no certificate matches the SignerInfo's issuer and "
		    "serial");
		return CS_OK;
	}
	describe_signer(ctl, signer, v);
	cs_filetime na = 0;
	(void)time_valid(signer, pol->now, &na, v);
	v->signer_not_after = na;

	int mc = message_check(ctl, si, signer);
	if (mc < 0)
		CS_BAIL(CS_ERR_INTERNAL);
	if (mc == MSG_DIGEST_MISMATCH) {
		set(v, CS_CTL_DIGEST_MISMATCH,
		    "messageDigest does not match the digest of the CTL's "
		    "contents octets");
		return CS_OK;
	}
	if (mc == MSG_BAD_SIGNATURE) {
		set(v, CS_CTL_BAD_SIGNATURE,
		    "the signature does not verify with the signer's key");
		return CS_OK;
	}
	judge_signer_chain(ctl, signer, msg_certs, pol, v);
	if (v->code != CS_CTL_OK)
		return CS_OK;
	if (pol->signer_eku && !has_eku(signer, pol->signer_eku)) {
		char msg[200];
		snprintf(msg, sizeof msg,
		         "the signer's extended key usage lacks %s",
		         pol->signer_eku);
		set(v, CS_CTL_SIGNER_WRONG_USAGE, msg);
		return CS_OK;
	}
	if (pol->subject_usage && !cs_ctl_has_usage(ctl, pol->subject_usage)) {
		char msg[200];
		snprintf(msg, sizeof msg, "subjectUsage does not list %s",
		         pol->subject_usage);
		set(v, CS_CTL_WRONG_SUBJECT_USAGE, msg);
		return CS_OK;
	}
	/* RULES.md 1: a CTL is judged at the current time; before thisUpdate
	 * or after nextUpdate it is not time valid (as CRLs are). */
	edge(v, pol->now, ctl->this_update);
	if (ctl->has_next_update && ctl->next_update < INT64_MAX)
		edge(v, pol->now, ctl->next_update + 1);
	if (pol->now < ctl->this_update ||
	    (ctl->has_next_update && pol->now > ctl->next_update)) {
		char t1[CS_TIME_BUF], t2[CS_TIME_BUF], msg[160];
		snprintf(msg, sizeof msg, "CTL valid from %s to %s, not now",
		         cs_time_format(ctl->this_update, t1),
		         ctl->has_next_update
		             ? cs_time_format(ctl->next_update, t2)
		             : "(no nextUpdate)");
		set(v, CS_CTL_NOT_TIME_VALID, msg);
	}
	return CS_OK;
}
