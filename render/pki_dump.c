/* `capisim fixtures show`: detect what a file holds and print it as text -
 * certificates and CRLs here, OCSP/STL/CAB in pki_dump_msg.c. Output goes
 * to a memory BIO first, so a file that fails half-way prints nothing. */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "capisim/asn1time.h"
#include "pki/der_outer.h"
#include "pki/file_read.h"
#include "render/pki_dump.h"
#include "render/pki_dump_int.h"

/* Larger than any fixture (the biggest STL or CAB is a few KB). */
#define MAX_OBJECT_BYTES (16 * 1024 * 1024)

void dump_time(BIO *b, const char *label, const ASN1_TIME *t)
{
	cs_filetime ft;
	char buf[CS_TIME_BUF];
	if (!t)
		BIO_printf(b, "%s: (none)\n", label);
	else if (cs_time_from_asn1(t, &ft) == CS_OK)
		BIO_printf(b, "%s: %s\n", label, cs_time_format(ft, buf));
	else
		BIO_printf(b, "%s: (malformed time)\n", label);
}

void dump_name(BIO *b, const char *label, const X509_NAME *n)
{
	BIO_printf(b, "%s: ", label);
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	BIO_puts(b, "\n");
}

void dump_hex(BIO *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		BIO_printf(b, "%02x", p[i]);
}

void dump_serial(BIO *b, const char *label, const ASN1_INTEGER *s)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(s, NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	BIO_printf(b, "%s: %s\n", label, hex ? hex : "(malformed)");
	OPENSSL_free(hex);
	BN_free(bn);
}

/* Names of the Microsoft extensions the fixtures use (wincrypt.h). */
static const char *ms_ext_name(const char *oid)
{
	if (strcmp(oid, "1.3.6.1.4.1.311.21.1") == 0)
		return "Microsoft CA Version";
	if (strcmp(oid, "1.3.6.1.4.1.311.21.4") == 0)
		return "Microsoft Next CRL Publish";
	return "unknown";
}

/* One extension: its name or OID, critical flag, and OpenSSL's text of the
 * value (a hex dump for extensions OpenSSL does not know, such as
 * Microsoft's). */
static void dump_ext(BIO *b, X509_EXTENSION *ext)
{
	char oid[128];
	ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);
	OBJ_obj2txt(oid, sizeof oid, obj, 1);
	int nid = OBJ_obj2nid(obj);
	BIO_printf(b, "    %s (%s)%s:\n",
	           nid ? OBJ_nid2ln(nid) : ms_ext_name(oid), oid,
	           X509_EXTENSION_get_critical(ext) ? " critical" : "");
	if (!X509V3_EXT_print(b, ext, X509V3_EXT_DUMP_UNKNOWN, 8)) {
		ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(ext);
		dump_hex(b, v->data, (size_t)v->length);
	}
	BIO_puts(b, "\n");
}

void dump_exts(BIO *b, const STACK_OF(X509_EXTENSION) * exts)
{
	int n = sk_X509_EXTENSION_num(exts);
	BIO_printf(b, "Extensions: %d\n", n > 0 ? n : 0);
	for (int i = 0; i < n; i++)
		dump_ext(b, sk_X509_EXTENSION_value(exts, i));
}

static void dump_cert(BIO *b, X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	const X509_ALGOR *alg;
	X509_get0_signature(NULL, &alg, x);
	BIO_printf(b, "X509 Certificate:\nVersion: %ld\n",
	           X509_get_version(x) + 1);
	dump_serial(b, "Serial Number", X509_get0_serialNumber(x));
	BIO_printf(b, "Signature Algorithm: %s\n",
	           OBJ_nid2ln(OBJ_obj2nid(alg->algorithm)));
	dump_name(b, "Issuer", X509_get_issuer_name(x));
	dump_time(b, "NotBefore", X509_get0_notBefore(x));
	dump_time(b, "NotAfter", X509_get0_notAfter(x));
	dump_name(b, "Subject", X509_get_subject_name(x));
	EVP_PKEY *pk = X509_get0_pubkey(x);
	BIO_printf(b, "Public Key: %s %d bits\n",
	           pk ? OBJ_nid2ln(EVP_PKEY_get_base_id(pk)) : "(unreadable)",
	           pk ? EVP_PKEY_get_bits(pk) : 0);
	dump_exts(b, X509_get0_extensions(x));
	if (X509_digest(x, EVP_sha1(), md, &len)) {
		BIO_puts(b, "Cert Hash(sha1): ");
		dump_hex(b, md, len);
		BIO_puts(b, "\n");
	}
}

static void dump_crl(BIO *b, X509_CRL *crl)
{
	const X509_ALGOR *alg;
	X509_CRL_get0_signature(crl, NULL, &alg);
	BIO_printf(b, "X509 Certificate Revocation List:\nVersion: %ld\n",
	           X509_CRL_get_version(crl) + 1);
	BIO_printf(b, "Signature Algorithm: %s\n",
	           OBJ_nid2ln(OBJ_obj2nid(alg->algorithm)));
	dump_name(b, "Issuer", X509_CRL_get_issuer(crl));
	dump_time(b, "ThisUpdate", X509_CRL_get0_lastUpdate(crl));
	dump_time(b, "NextUpdate", X509_CRL_get0_nextUpdate(crl));
	STACK_OF(X509_REVOKED) *revs = X509_CRL_get_REVOKED(crl);
	int n = sk_X509_REVOKED_num(revs);
	BIO_printf(b, "CRL Entries: %d\n", n > 0 ? n : 0);
	for (int i = 0; i < n; i++) {
		X509_REVOKED *r = sk_X509_REVOKED_value(revs, i);
		dump_serial(b, "  Serial Number",
		            X509_REVOKED_get0_serialNumber(r));
		dump_time(b, "  Revocation Date",
		          X509_REVOKED_get0_revocationDate(r));
		ASN1_ENUMERATED *reason =
		    X509_REVOKED_get_ext_d2i(r, NID_crl_reason, NULL, NULL);
		if (reason)
			BIO_printf(b, "  Reason: %ld\n",
			           ASN1_ENUMERATED_get(reason));
		ASN1_ENUMERATED_free(reason);
	}
	dump_exts(b, X509_CRL_get0_extensions(crl));
}

/* Where the outer DER object is broken, for the error message; when it is
 * whole, it is none of the kinds shown. */
static void describe_bad_der(cs_diag *d, const char *path,
                             const unsigned char *data, size_t len)
{
	if (len == 0) {
		cs_diag_set(d, path, 0, 0,
		            "empty file: expected a DER object or a CAB");
		return;
	}
	if (cs_der_outer_check(data, len, path,
	                       "0x30 (a DER SEQUENCE: certificate, CRL, "
	                       "OCSP response or STL) or 'MSCF' (a CAB)",
	                       d))
		cs_diag_set_offset(d, path, 0,
		                   "a DER SEQUENCE of %zu bytes that is not a "
		                   "certificate, CRL, OCSP response or signed "
		                   "CTL",
		                   len);
}

/* What a PEM label allows: a certificate, a CRL, or (any other label, or
 * DER) every kind. */
enum { KIND_CERT = 1, KIND_CRL = 2, KIND_ANY = 0xff };

static unsigned kinds_of_label(const char *label)
{
	if (strcmp(label, "CERTIFICATE") == 0 ||
	    strcmp(label, "X509 CERTIFICATE") == 0 ||
	    strcmp(label, "TRUSTED CERTIFICATE") == 0)
		return KIND_CERT;
	if (strcmp(label, "X509 CRL") == 0)
		return KIND_CRL;
	return KIND_ANY;
}

/* Try each kind allowed; a parse counts only if it used every byte. */
static bool dump_der(BIO *b, const unsigned char *data, size_t len,
                     unsigned kinds)
{
	const unsigned char *p = data;
	X509 *x = kinds & KIND_CERT ? d2i_X509(NULL, &p, (long)len) : NULL;
	if (x && p == data + len) {
		dump_cert(b, x);
		X509_free(x);
		return true;
	}
	X509_free(x);
	p = data;
	X509_CRL *crl =
	    kinds & KIND_CRL ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;
	if (crl && p == data + len) {
		dump_crl(b, crl);
		X509_CRL_free(crl);
		return true;
	}
	X509_CRL_free(crl);
	return kinds == KIND_ANY &&
	       (dump_ocsp(b, data, len) || dump_stl(b, data, len));
}

static bool is_pem_text(const unsigned char *data, size_t len)
{
	size_t i = 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	                   data[i] == '\r' || data[i] == '\n'))
		i++;
	return len - i >= 11 && memcmp(data + i, "-----BEGIN ", 11) == 0;
}

/* Every PEM block of the file, each shown as the DER object it holds (a
 * bundle shows each certificate); the label must fit the object. */
static bool dump_pem(BIO *b, const char *path, const unsigned char *data,
                     size_t len, cs_diag *d)
{
	BIO *in = BIO_new_mem_buf(data, (int)len);
	char *label = NULL, *header = NULL;
	unsigned char *der = NULL;
	long dlen = 0;
	int n = 0;
	bool ok = in != NULL;
	while (ok && PEM_read_bio(in, &label, &header, &der, &dlen)) {
		n++;
		if (n > 1)
			BIO_printf(b, "\n");
		if (!dump_der(b, der, (size_t)dlen, kinds_of_label(label))) {
			cs_diag_set(
			    d, path, 0, 0,
			    "PEM block %d ('BEGIN %s') holds %ld bytes "
			    "that are not %s",
			    n, label, dlen,
			    kinds_of_label(label) == KIND_CERT
			        ? "an X.509 certificate"
			    : kinds_of_label(label) == KIND_CRL
			        ? "a CRL"
			        : "a certificate, CRL, OCSP response or "
			          "signed CTL");
			ok = false;
		}
		OPENSSL_free(label);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	if (ok && n == 0) {
		cs_diag_set(
		    d, path, 0, 0,
		    "expected a PEM block (-----BEGIN ...-----, base64, "
		    "-----END ...-----)");
		ok = false;
	}
	BIO_free(in);
	return ok;
}

int cs_render_file(FILE *out, const char *path, cs_diag *d)
{
	char too_big[64];
	snprintf(too_big, sizeof too_big, "larger than %d bytes: not a fixture",
	         MAX_OBJECT_BYTES);
	const cs_file_limits lim = {.max = MAX_OBJECT_BYTES,
	                            .too_big = too_big};
	char *text_or_der;
	size_t len;
	if (cs_file_read(path, &lim, &text_or_der, &len, d) != CS_OK)
		return -1;
	unsigned char *data = (unsigned char *)text_or_der;
	BIO *b = BIO_new(BIO_s_mem());
	bool ok = b != NULL;
	if (ok && len >= 4 && memcmp(data, "MSCF", 4) == 0)
		ok = dump_cab(b, path, data, len, d);
	else if (ok && is_pem_text(data, len))
		ok = dump_pem(b, path, data, len, d);
	else if (ok && !dump_der(b, data, len, KIND_ANY)) {
		describe_bad_der(d, path, data, len);
		ok = false;
	}
	ERR_clear_error();
	if (ok) {
		char *text;
		long n = BIO_get_mem_data(b, &text);
		fwrite(text, 1, (size_t)n, out);
	} else if (!b) {
		cs_diag_set(d, path, 0, 0, "out of memory");
	}
	BIO_free(b);
	free(data);
	return ok ? 0 : -1;
}
