/* `capisim fixtures show` for OCSP responses, signed CTLs (STLs) and CABs. */
#include <stdint.h>
#include <string.h>

#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "pki/cab.h"
#include "pki/ctl.h"
#include "pki/ctl_asn1.h"
#include "render/pki_dump_int.h"

static const char *ocsp_status_text(int s)
{
	switch (s) {
	case V_OCSP_CERTSTATUS_GOOD:
		return "good";
	case V_OCSP_CERTSTATUS_REVOKED:
		return "revoked";
	default:
		return "unknown";
	}
}

static void dump_single(BIO *b, OCSP_SINGLERESP *single)
{
	ASN1_INTEGER *serial = NULL;
	int reason = -1;
	ASN1_GENERALIZEDTIME *rev = NULL, *tu = NULL, *nu = NULL;
	OCSP_id_get0_info(NULL, NULL, NULL, &serial,
	                  (OCSP_CERTID *)OCSP_SINGLERESP_get0_id(single));
	int st = OCSP_single_get0_status(single, &reason, &rev, &tu, &nu);
	dump_serial(b, "  Serial Number", serial);
	BIO_printf(b, "  Cert Status: %s\n", ocsp_status_text(st));
	if (st == V_OCSP_CERTSTATUS_REVOKED) {
		dump_time(b, "  Revocation Time", rev);
		BIO_printf(b, "  Reason: %d\n", reason);
	}
	dump_time(b, "  ThisUpdate", tu);
	dump_time(b, "  NextUpdate", nu);
}

bool dump_ocsp(BIO *b, const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	if (!r || p != data + len) {
		OCSP_RESPONSE_free(r);
		return false;
	}
	int status = OCSP_response_status(r);
	BIO_printf(b, "OCSP Response:\nResponse Status: %d (%s)\n", status,
	           OCSP_response_status_str(status));
	OCSP_BASICRESP *bs = OCSP_response_get1_basic(r);
	if (bs) {
		const ASN1_OCTET_STRING *kid = NULL;
		const X509_NAME *name = NULL;
		OCSP_resp_get0_id(bs, &kid, &name);
		if (name)
			dump_name(b, "Responder Id (name)", name);
		else if (kid) {
			BIO_puts(b, "Responder Id (key): ");
			dump_hex(b, kid->data, (size_t)kid->length);
			BIO_puts(b, "\n");
		}
		dump_time(b, "ProducedAt", OCSP_resp_get0_produced_at(bs));
		int n = OCSP_resp_count(bs);
		BIO_printf(b, "Responses: %d\n", n);
		for (int i = 0; i < n; i++)
			dump_single(b, OCSP_resp_get0(bs, i));
		const STACK_OF(X509) *certs = OCSP_resp_get0_certs(bs);
		int nc = sk_X509_num(certs); /* -1 when absent */
		BIO_printf(b, "Certificates: %d\n", nc > 0 ? nc : 0);
		for (int i = 0; i < sk_X509_num(certs); i++)
			dump_name(
			    b, "  Subject",
			    X509_get_subject_name(sk_X509_value(certs, i)));
	}
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(r);
	return true;
}

/* A property attribute of a CTL entry, decoded by property id. */
static void dump_prop(BIO *b, const char *oid, const ASN1_TYPE *v)
{
	size_t plen = strlen(CS_OID_PROP_PREFIX);
	int prop =
	    strncmp(oid, CS_OID_PROP_PREFIX, plen) == 0 ? atoi(oid + plen) : -1;
	if (!v || v->type != V_ASN1_OCTET_STRING) {
		BIO_printf(b, "    %s: (not an OCTET STRING)\n", oid);
		return;
	}
	const unsigned char *d = v->value.octet_string->data;
	int n = v->value.octet_string->length;
	if (prop == CS_PROP_FRIENDLY_NAME) {
		BIO_printf(b, "    Friendly Name (prop 11): ");
		for (int i = 0; i + 1 < n && (d[i] || d[i + 1]); i += 2)
			BIO_printf(b, "%c",
			           d[i + 1] || d[i] > 126 ? '?' : d[i]);
		BIO_puts(b, "\n");
	} else if (prop == CS_PROP_ENHKEY_USAGE) {
		const unsigned char *q = d;
		EXTENDED_KEY_USAGE *eku = d2i_EXTENDED_KEY_USAGE(NULL, &q, n);
		BIO_puts(b, "    Enhanced Key Usage (prop 9):");
		for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
			char buf[128];
			OBJ_obj2txt(buf, sizeof buf,
			            sk_ASN1_OBJECT_value(eku, i), 0);
			BIO_printf(b, " %s", buf);
		}
		BIO_puts(b, eku ? "\n" : " (malformed)\n");
		EXTENDED_KEY_USAGE_free(eku);
	} else {
		if (prop == CS_PROP_KEY_IDENTIFIER)
			BIO_puts(b, "    Key Identifier (prop 20): ");
		else
			BIO_printf(b, "    %s: ", oid);
		dump_hex(b, d, (size_t)n);
		BIO_puts(b, "\n");
	}
}

static void dump_ctl_entry(BIO *b, const CS_CTL_SUBJECT *e)
{
	BIO_puts(b, "  Subject Identifier: ");
	dump_hex(b, e->identifier->data, (size_t)e->identifier->length);
	BIO_puts(b, "\n");
	for (int i = 0; i < sk_X509_ATTRIBUTE_num(e->attributes); i++) {
		X509_ATTRIBUTE *a = sk_X509_ATTRIBUTE_value(e->attributes, i);
		char oid[128];
		OBJ_obj2txt(oid, sizeof oid, X509_ATTRIBUTE_get0_object(a), 1);
		dump_prop(b, oid, X509_ATTRIBUTE_get0_type(a, 0));
	}
}

static void dump_ctl(BIO *b, const CS_CTL_INFO *ctl)
{
	char buf[128];
	BIO_printf(b, "CTL Version: %ld\n",
	           ctl->version ? ASN1_INTEGER_get(ctl->version) + 1 : 1);
	for (int i = 0; i < sk_ASN1_OBJECT_num(ctl->subject_usage); i++) {
		OBJ_obj2txt(buf, sizeof buf,
		            sk_ASN1_OBJECT_value(ctl->subject_usage, i), 1);
		BIO_printf(b, "Subject Usage: %s\n", buf);
	}
	if (ctl->sequence_number)
		dump_serial(b, "Sequence Number", ctl->sequence_number);
	dump_time(b, "ThisUpdate", ctl->this_update);
	dump_time(b, "NextUpdate", ctl->next_update);
	OBJ_obj2txt(buf, sizeof buf, ctl->subject_algorithm->algorithm, 0);
	BIO_printf(b, "Subject Algorithm: %s\n", buf);
	int n = sk_CS_CTL_SUBJECT_num(ctl->subjects);
	BIO_printf(b, "CTL Entries: %d\n", n > 0 ? n : 0);
	for (int i = 0; i < n; i++)
		dump_ctl_entry(b, sk_CS_CTL_SUBJECT_value(ctl->subjects, i));
	dump_exts(b, ctl->extensions);
}

static void dump_signers(BIO *b, PKCS7 *p7)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(p7);
	for (int i = 0; i < sk_PKCS7_SIGNER_INFO_num(sis); i++) {
		PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(sis, i);
		BIO_printf(b, "Signer %d:\n", i + 1);
		dump_name(b, "  Issuer", si->issuer_and_serial->issuer);
		dump_serial(b, "  Serial Number",
		            si->issuer_and_serial->serial);
		BIO_printf(b, "  Digest Algorithm: %s\n",
		           OBJ_nid2ln(OBJ_obj2nid(si->digest_alg->algorithm)));
		ASN1_TYPE *md =
		    PKCS7_get_signed_attribute(si, NID_pkcs9_messageDigest);
		if (md && md->type == V_ASN1_OCTET_STRING) {
			BIO_puts(b, "  Message Digest: ");
			dump_hex(b, md->value.octet_string->data,
			         (size_t)md->value.octet_string->length);
			BIO_puts(b, "\n");
		}
		BIO_printf(b, "  Signed Attributes: %d\n",
		           sk_X509_ATTRIBUTE_num(si->auth_attr));
	}
	STACK_OF(X509) *certs = p7->d.sign->cert;
	int nc = sk_X509_num(certs); /* -1 when absent */
	BIO_printf(b, "Certificates: %d\n", nc > 0 ? nc : 0);
	for (int i = 0; i < sk_X509_num(certs); i++)
		dump_name(b, "  Subject",
		          X509_get_subject_name(sk_X509_value(certs, i)));
}

bool dump_stl(BIO *b, const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
	PKCS7 *inner = p7 && p == data + len && PKCS7_type_is_signed(p7)
	                   ? p7->d.sign->contents
	                   : NULL;
	char oid[64] = "";
	if (inner)
		OBJ_obj2txt(oid, sizeof oid, inner->type, 1);
	CS_CTL_INFO *ctl = NULL;
	if (strcmp(oid, CS_OID_CTL) == 0 && inner->d.other &&
	    inner->d.other->type == V_ASN1_SEQUENCE) {
		ASN1_STRING *seq = inner->d.other->value.sequence;
		const unsigned char *q = seq->data;
		ctl = d2i_CS_CTL_INFO(NULL, &q, seq->length);
	}
	if (!ctl) {
		PKCS7_free(p7);
		return false;
	}
	BIO_printf(b,
	           "Signed Certificate Trust List:\nPKCS #7 Version: %ld\n"
	           "Content Type: %s\n",
	           ASN1_INTEGER_get(p7->d.sign->version), oid);
	dump_ctl(b, ctl);
	dump_signers(b, p7);
	CS_CTL_INFO_free(ctl);
	PKCS7_free(p7);
	return true;
}

static void dump_cab_folder(const cs_cab_folder_info *f, void *ctx)
{
	BIO_printf(ctx, "Folder %u: compression %d, %u files\n", f->index,
	           f->comptype, f->nfiles);
}

static void dump_cab_member(const cs_cab_member_info *m, void *ctx)
{
	BIO_printf(ctx, "  %s  %u bytes  %s  attributes 0x%02x\n", m->name,
	           m->size, m->when[0] ? m->when : "(no date)", m->attributes);
}

/* Through the engine's cabinet reader (pki/cab.c): every
 * member is decompressed, so a cabinet cut short is an error here as it is
 * for auto-update, not a listing of headers. */
bool dump_cab(BIO *b, const char *path, const unsigned char *data, size_t len,
              cs_diag *d)
{
	cs_cab_error ce;
	char why[CS_DIAG_MSG];
	size_t at;
	unsigned nfolders = 0;
	BIO *listing = BIO_new(BIO_s_mem());
	if (!listing) {
		cs_diag_set(d, path, 0, 0, "out of memory");
		return false;
	}
	cs_cab_visitor v = {dump_cab_folder, dump_cab_member, listing};
	cs_status st = cs_cab_list((cs_bytes){data, len}, &nfolders, &v, &ce,
	                           why, sizeof why, &at);
	if (st != CS_OK) {
		BIO_free(listing);
		if (st == CS_ERR_NOMEM)
			cs_diag_set(d, path, 0, 0, "out of memory");
		else if (at != SIZE_MAX)
			cs_diag_set_offset(d, path, at, "%s", why);
		else
			cs_diag_set(d, path, 0, 0, "%s", why);
		return false;
	}
	BIO_printf(b, "Cabinet:\nFolders: %u\n", nfolders);
	const char *text;
	long n = BIO_get_mem_data(listing, &text);
	BIO_write(b, text, (int)n);
	BIO_free(listing);
	return true;
}
