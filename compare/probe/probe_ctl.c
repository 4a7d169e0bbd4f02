/* The ctl-check step: what the real crypt32 makes of a signed CTL (.stl).
 *
 * CertCreateCTLContext decodes the message and its CTL_INFO; the fields are
 * written as the host's `capisim compare wine --ctl` reads them
 * (docs/compare.md, "Checking STLs"). The signature is then checked twice,
 * the two ways RULES.md 6 names: CryptMsgGetAndVerifySigner (the signer
 * found among the message's certificates) and CryptMsgControl
 * (CMSG_CTRL_VERIFY_SIGNATURE) with the CERT_INFO of the certificate the
 * SignerInfo's issuer and serial number name. Neither judges the signer's
 * chain or the CTL's times, and Wine's does not compare the messageDigest
 * attribute with the content (RULES.md 6).
 *
 *   {"profile":..,"step":N,"at":..,"clock":..,"kind":"ctl","ctl":{
 *    "create":"ok"|"0x%08X","subject_usage":[OID..],"sequence_number":HEX,
 *    "this_update":TIME,"next_update":TIME (absent when none),
 *    "subject_algorithm":OID,"entries":[HEX..],
 *    "entry_properties":[{"key_id":HEX,"name_md5":HEX,"eku":OIDS}..],
 *    "verify_signature":"ok"|CODE,"get_and_verify_signer":"ok"|CODE,
 *    "signer_subject":..,"signer_sha1":..}}
 *
 * entry_properties runs parallel to entries: the certificate properties
 * each entry carries as attributes szOID_CERT_PROP_ID_PREFIX + id
 * (RULES.md 6), found with CertFindAttribute and decoded by CryptoAPI
 * itself from the attribute's first value: key_id (20,
 * CERT_KEY_IDENTIFIER_PROP_ID) and name_md5 (29,
 * CERT_SUBJECT_NAME_MD5_HASH_PROP_ID) as X509_OCTET_STRING, written as the
 * hex of its content; eku (9, CERT_ENHKEY_USAGE_PROP_ID) as an
 * X509_OCTET_STRING whose content is then decoded as
 * X509_ENHANCED_KEY_USAGE, its OIDs joined by ',' and "none" for an empty
 * list (cs_usage_text's spelling, so the host compares them as they are).
 * A key is absent when the entry has no such attribute (or one without a
 * value); a value CryptDecodeObject refuses is its error code "0x%08X".
 *
 * A file CertCreateCTLContext rejects is a result ("create" holds
 * GetLastError), not a probe failure. */
#include <stdlib.h>

#include "probe.h"

static void json_code(const char *key, BOOL ok, DWORD err)
{
	fprintf(probe_out, ",\"%s\":", key);
	if (ok)
		fputs("\"ok\"", probe_out);
	else
		fprintf(probe_out, "\"0x%08lX\"", err);
}

static void json_hex(const BYTE *p, DWORD n, int reverse)
{
	fputc('"', probe_out);
	for (DWORD i = 0; i < n; i++)
		fprintf(probe_out, "%02x", p[reverse ? n - 1 - i : i]);
	fputc('"', probe_out);
}

static int64_t ticks(FILETIME ft)
{
	return (int64_t)(((uint64_t)ft.dwHighDateTime << 32) |
	                 ft.dwLowDateTime);
}

/* The content of an X509_OCTET_STRING value; NULL with *err set when
 * CryptDecodeObject refuses it. LocalFree the result. */
static CRYPT_DATA_BLOB *decode_octets(const CRYPT_ATTR_BLOB *v, DWORD *err)
{
	CRYPT_DATA_BLOB *os = NULL;
	DWORD n = 0;
	if (!CryptDecodeObject(X509_ASN_ENCODING, X509_OCTET_STRING, v->pbData,
	                       v->cbData, CRYPT_DECODE_ALLOC_FLAG, &os, &n)) {
		*err = GetLastError();
		return NULL;
	}
	return os;
}

/* The entry's attribute for certificate property id, or NULL when it has
 * none (or one without a value: only rgValue[0] carries the property). */
static const CRYPT_ATTR_BLOB *prop_value(const CTL_ENTRY *e, int id)
{
	char oid[64];
	snprintf(oid, sizeof oid, szOID_CERT_PROP_ID_PREFIX "%d", id);
	const CRYPT_ATTRIBUTE *a =
	    CertFindAttribute(oid, e->cAttribute, e->rgAttribute);
	return a && a->cValue ? &a->rgValue[0] : NULL;
}

static void print_octets_prop(const CTL_ENTRY *e, int id, const char *key,
                              int *first)
{
	const CRYPT_ATTR_BLOB *v = prop_value(e, id);
	if (!v)
		return;
	fprintf(probe_out, "%s\"%s\":", *first ? "" : ",", key);
	*first = 0;
	DWORD err = 0;
	CRYPT_DATA_BLOB *os = decode_octets(v, &err);
	if (!os) {
		fprintf(probe_out, "\"0x%08lX\"", err);
		return;
	}
	json_hex(os->pbData, os->cbData, 0);
	LocalFree(os);
}

static void print_eku_prop(const CTL_ENTRY *e, int first)
{
	const CRYPT_ATTR_BLOB *v = prop_value(e, CERT_ENHKEY_USAGE_PROP_ID);
	if (!v)
		return;
	fprintf(probe_out, "%s\"eku\":", first ? "" : ",");
	DWORD err = 0, n = 0;
	CRYPT_DATA_BLOB *os = decode_octets(v, &err);
	CERT_ENHKEY_USAGE *u = NULL;
	if (os && !CryptDecodeObject(X509_ASN_ENCODING, X509_ENHANCED_KEY_USAGE,
	                             os->pbData, os->cbData,
	                             CRYPT_DECODE_ALLOC_FLAG, &u, &n))
		err = GetLastError();
	if (os)
		LocalFree(os);
	if (!u) {
		fprintf(probe_out, "\"0x%08lX\"", err);
		return;
	}
	fputc('"', probe_out);
	if (u->cUsageIdentifier == 0)
		fputs("none", probe_out);
	for (DWORD i = 0; i < u->cUsageIdentifier; i++)
		fprintf(probe_out, "%s%s", i ? "," : "",
		        u->rgpszUsageIdentifier[i]);
	fputc('"', probe_out);
	LocalFree(u);
}

static void print_entry_properties(const CTL_INFO *info)
{
	fputs(",\"entry_properties\":[", probe_out);
	for (DWORD i = 0; i < info->cCTLEntry; i++) {
		const CTL_ENTRY *e = &info->rgCTLEntry[i];
		int first = 1;
		fputs(i ? ",{" : "{", probe_out);
		print_octets_prop(e, CERT_KEY_IDENTIFIER_PROP_ID, "key_id",
		                  &first);
		print_octets_prop(e, CERT_SUBJECT_NAME_MD5_HASH_PROP_ID,
		                  "name_md5", &first);
		print_eku_prop(e, first);
		fputc('}', probe_out);
	}
	fputc(']', probe_out);
}

static void print_info(const CTL_INFO *info)
{
	fputs(",\"subject_usage\":[", probe_out);
	for (DWORD i = 0; i < info->SubjectUsage.cUsageIdentifier; i++) {
		if (i)
			fputc(',', probe_out);
		json_str(info->SubjectUsage.rgpszUsageIdentifier[i]);
	}
	fputc(']', probe_out);
	/* A CRYPT_INTEGER_BLOB is little-endian (wincrypt.h); written
	 * most significant byte first, as the DER and certutil show it. */
	fputs(",\"sequence_number\":", probe_out);
	json_hex(info->SequenceNumber.pbData, info->SequenceNumber.cbData, 1);
	fputs(",\"this_update\":", probe_out);
	json_time(ticks(info->ThisUpdate));
	/* An absent NextUpdate is a zero FILETIME in CTL_INFO. */
	if (ticks(info->NextUpdate) != 0) {
		fputs(",\"next_update\":", probe_out);
		json_time(ticks(info->NextUpdate));
	}
	fputs(",\"subject_algorithm\":", probe_out);
	json_str(info->SubjectAlgorithm.pszObjId
	             ? info->SubjectAlgorithm.pszObjId
	             : "");
	fputs(",\"entries\":[", probe_out);
	for (DWORD i = 0; i < info->cCTLEntry; i++) {
		if (i)
			fputc(',', probe_out);
		json_hex(info->rgCTLEntry[i].SubjectIdentifier.pbData,
		         info->rgCTLEntry[i].SubjectIdentifier.cbData, 0);
	}
	fputc(']', probe_out);
	print_entry_properties(info);
}

/* The certificate the first SignerInfo names (issuer and serial), from the
 * message's own certificates; NULL with *err set when there is none. */
static PCCERT_CONTEXT signer_of(HCRYPTMSG msg, HCERTSTORE store, DWORD *err)
{
	DWORD n = 0;
	if (!CryptMsgGetParam(msg, CMSG_SIGNER_CERT_INFO_PARAM, 0, NULL, &n)) {
		*err = GetLastError();
		return NULL;
	}
	CERT_INFO *ci = malloc(n);
	if (!ci)
		die(3, "out of memory");
	PCCERT_CONTEXT c = NULL;
	if (!CryptMsgGetParam(msg, CMSG_SIGNER_CERT_INFO_PARAM, 0, ci, &n))
		*err = GetLastError();
	else if (!(c = CertGetSubjectCertificateFromStore(
	               store, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, ci)))
		*err = GetLastError();
	free(ci);
	return c;
}

static void check_signature(HCRYPTMSG msg)
{
	HCERTSTORE store =
	    CertOpenStore(CERT_STORE_PROV_MSG,
	                  X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, 0, msg);
	if (!store)
		die(3, "CertOpenStore(MSG) failed (error 0x%08lX)",
		    GetLastError());
	DWORD err = 0;
	PCCERT_CONTEXT signer = signer_of(msg, store, &err);
	BOOL ok = signer && CryptMsgControl(msg, 0, CMSG_CTRL_VERIFY_SIGNATURE,
	                                    signer->pCertInfo);
	json_code("verify_signature", ok, signer ? GetLastError() : err);

	PCCERT_CONTEXT found = NULL;
	ok = CryptMsgGetAndVerifySigner(msg, 0, NULL, 0, &found, NULL);
	json_code("get_and_verify_signer", ok, GetLastError());
	if (found)
		CertFreeCertificateContext(found);
	if (signer) {
		fputs(",\"signer_subject\":", probe_out);
		print_subject(signer);
		fputs(",\"signer_sha1\":", probe_out);
		print_thumbprint(signer);
		CertFreeCertificateContext(signer);
	}
	CertCloseStore(store, 0);
}

void run_ctl_check(const plan *p, const plan_step *st)
{
	const plan_file *f = &p->files[st->ctl];
	DWORD len;
	BYTE *der = read_file(f->path, &len);
	PCCTL_CONTEXT ctx = CertCreateCTLContext(
	    X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, der, len);
	DWORD create_err = ctx ? 0 : GetLastError();
	print_head(p, st);
	fputs(",\"kind\":\"ctl\",\"ctl\":{\"file\":", probe_out);
	json_str(f->name);
	json_code("create", ctx != NULL, create_err);
	if (ctx) {
		print_info(ctx->pCtlInfo);
		check_signature(ctx->hCryptMsg);
		CertFreeCTLContext(ctx);
	}
	fputs("}}\n", probe_out);
	free(der);
}
