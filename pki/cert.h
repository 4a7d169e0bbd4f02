/* Certificate objects: parsed once, interned in the object pool, shared.
 *
 * A struct cs_cert is the engine's certificate context: the DER bytes, the
 * OpenSSL X509, both thumbprints, the names and key identifiers path
 * building compares, the validity window as FILETIME, and the extensions the
 * chain rules read, decoded once at load time so that building and checking
 * a chain never re-parses ASN.1. Objects are interned by the SHA-256 of their
 * DER (pool kind "cert"): loading the same bytes twice gives the same
 * pointer, so certificate identity is pointer identity across machines and
 * fleet clones (model/store.h relies on it). Objects are immutable after
 * creation and owned by the pool; every pointer handed out is borrowed for
 * the pool's life.
 *
 * Fields are public for reading by the engine areas; prefer the accessors
 * below in code outside engine/chain so that the layout may change. */
#ifndef CAPISIM_PKI_CERT_H
#define CAPISIM_PKI_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"
#include "pki/lenient.h"
#include "pki/pool.h"
#include "pki/sigmemo.h"
#include "model/bytes.h"

struct x509_st;               /* OpenSSL's X509 */
struct NAME_CONSTRAINTS_st;   /* OpenSSL's NAME_CONSTRAINTS */
struct stack_st_GENERAL_NAME; /* OpenSSL's GENERAL_NAMES */

/* A borrowed list of NUL-terminated strings (URLs, OIDs, DNS names). */
typedef struct {
	const char *const *v;
	size_t n;
} cs_strlist;

/* Key usage bits as CryptoAPI numbers them in the first byte
 * (CERT_DIGITAL_SIGNATURE_KEY_USAGE 0x80 ... CERT_KEY_CERT_SIGN_KEY_USAGE
 * 0x04, CERT_CRL_SIGN_KEY_USAGE 0x02). */
#define CS_KU_DIGITAL_SIGNATURE 0x80
#define CS_KU_KEY_CERT_SIGN     0x04
#define CS_KU_CRL_SIGN          0x02

/* Well-known usage OIDs (wincrypt.h szOID_*). */
#define CS_OID_SERVER_AUTH  "1.3.6.1.5.5.7.3.1"
#define CS_OID_CLIENT_AUTH  "1.3.6.1.5.5.7.3.2"
#define CS_OID_CODE_SIGNING "1.3.6.1.5.5.7.3.3"
#define CS_OID_ANY_EKU      "2.5.29.37.0"

struct cs_cert {
	struct x509_st *x509; /* parsed; never modified after load */
	/* This certificate's signature checked with an issuer's key (the
	 * one mutable member: a cache of a pure function, pki/sigmemo.h). */
	cs_sig_memo sig_memo;
	/* The chain engine's verdict on the critical extensions, once it
	 * asked (0 not yet, 1 all understood, 2 not): a pure function of the
	 * certificate, remembered like sig_memo. */
	_Atomic unsigned char critical_memo;
	cs_bytes der;       /* the certificate's DER, owned by the object */
	uint8_t sha1[20];   /* thumbprint (CERT_SHA1_HASH_PROP_ID) */
	uint8_t sha256[32]; /* intern key */
	char sha1_hex[41];  /* lowercase, as certutil prints "Cert:" */

	cs_bytes subject_der; /* the encoded Name, as in the certificate */
	cs_bytes issuer_der;
	cs_bytes serial;   /* INTEGER contents octets, big endian */
	char *subject_str; /* "CN=Leaf, O=Example" (certutil order) */
	char *issuer_str;

	cs_filetime not_before, not_after; /* valid on [nb, na] inclusive */

	cs_bytes ski; /* subject key identifier (or SHA-1 of the key as
	                 CryptoAPI computes it when the extension is absent) */
	bool has_ski_ext;
	bool has_aki;        /* authority key identifier present */
	cs_bytes aki_keyid;  /* len 0 when absent */
	cs_bytes aki_issuer; /* encoded Name of the directoryName, or len 0 */
	cs_bytes aki_serial; /* INTEGER contents octets, or len 0 */

	bool self_issued;     /* subject == issuer (byte equal) */
	bool self_signed_sig; /* its own key verifies its signature */

	/* Basic constraints (2.5.29.19). */
	bool has_bc, bc_ca;
	int bc_pathlen; /* -1 = no limit */
	/* Key usage (2.5.29.15): first byte of the bit string. */
	bool has_ku;
	uint32_t ku;
	/* Extended key usage (2.5.29.37): dotted OIDs. */
	bool has_eku;
	cs_strlist eku;
	/* Name constraints (2.5.29.30), decoded; NULL when absent. */
	struct NAME_CONSTRAINTS_st *name_constraints;
	bool nc_critical;
	/* Subject alternative names (2.5.29.17, else the legacy 2.5.29.7):
	 * dNSName entries for SSL name checks, all entries (OpenSSL
	 * GENERAL_NAMES) for name constraints. has_san: the extension is
	 * present; san_undecodable: present, but CryptoAPI cannot decode it
	 * (an IA5 name with a NUL), so san is NULL and san_dns empty. */
	cs_strlist san_dns;
	bool has_san, san_undecodable;
	struct stack_st_GENERAL_NAME *san;
	/* OIDs of the critical extensions, dotted; which of them CryptoAPI
	 * supports is the chain engine's decision (RULES.md 3). */
	cs_strlist critical_oids;
	int version;         /* 1, 2 or 3 */
	int ext_count;       /* number of extensions */
	bool has_unique_ids; /* issuer/subject unique identifiers present */
	bool malformed_ext;  /* an extension OpenSSL could not decode */
	/* Signature algorithm: "sha256WithRSAEncryption" etc. */
	int sig_nid;
	int sig_md_nid; /* digest NID, NID_sha1 for SHA-1 */

	/* URLs, in extension order, only http/https/ldap/file kept. */
	cs_strlist cdp;            /* CRL distribution points */
	cs_strlist freshest_cdp;   /* Freshest CRL (delta CRL locations) */
	cs_strlist aia_ca_issuers; /* AIA 1.3.6.1.5.5.7.48.2 */
	cs_strlist aia_ocsp;       /* AIA 1.3.6.1.5.5.7.48.1 */

	/* Read by pki/lenient.h (OpenSSL's d2i_X509 refused it): x509 is
	 * then rebuilt from the fields, and the parts (spans into der) are
	 * what the signature and key identifier are computed from.
	 * unsigned_form: the bare TBSCertificate (CERT_INFO) CryptoAPI also
	 * accepts; it verifies nothing and nothing verifies it. */
	bool lenient;
	bool unsigned_form;
	cs_lenient_parts parts;
};

/* Parse DER (or PEM, detected by "-----BEGIN") and intern by the SHA-256 of
 * the DER. *out is borrowed from the pool. On bad input CS_ERR_FORMAT with d
 * telling what was wrong (byte offset in d->col when OpenSSL says where). */
CS_MUST_USE cs_status cs_cert_from_der(cs_pool *pool, cs_bytes der,
                                       const struct cs_cert **out, cs_diag *d);
/* Read a file (through the pool, relative to its base directory), then as
 * cs_cert_from_der; d names the file. */
CS_MUST_USE cs_status cs_cert_load(cs_pool *pool, const char *path,
                                   const struct cs_cert **out, cs_diag *d);

/* Every certificate in bytes: the one DER certificate, or each block of a
 * PEM bundle (every block must be a certificate). *out is a malloc'd array
 * (caller frees) of n borrowed certificates; cs_cert_from_der refuses a
 * bundle where one certificate is expected. */
CS_MUST_USE cs_status cs_certs_from_bytes(cs_pool *pool, cs_bytes in,
                                          const struct cs_cert ***out,
                                          size_t *n, cs_diag *d);
/* The same for a file read through the pool; d names the file. */
CS_MUST_USE cs_status cs_cert_load_all(cs_pool *pool, const char *path,
                                       const struct cs_cert ***out, size_t *n,
                                       cs_diag *d);

/* Accessors (borrowed pointers, valid for the pool's life). */
/* A certificate the pool already holds, by its SHA-1 thumbprint (40 hex
 * digits, either case); NULL when the pool has none. */
const struct cs_cert *cs_cert_find_sha1(const cs_pool *pool,
                                        const char *sha1_hex);
const char *cs_cert_subject(const struct cs_cert *c); /* "CN=.., O=.." */
const char *cs_cert_issuer(const struct cs_cert *c);
const char *cs_cert_sha1_hex(const struct cs_cert *c);
struct x509_st *cs_cert_x509(const struct cs_cert *c);
cs_bytes cs_cert_der(const struct cs_cert *c);
cs_filetime cs_cert_not_before(const struct cs_cert *c);
cs_filetime cs_cert_not_after(const struct cs_cert *c);
cs_strlist cs_cert_cdp_urls(const struct cs_cert *c);
cs_strlist cs_cert_freshest_crl_urls(const struct cs_cert *c);
cs_strlist cs_cert_aia_ca_issuers_urls(const struct cs_cert *c);
cs_strlist cs_cert_aia_ocsp_urls(const struct cs_cert *c);
/* True when c's notBefore <= t <= notAfter (CertVerifyTimeValidity,
 * RULES.md 1: notAfter itself is valid). */
bool cs_cert_time_valid(const struct cs_cert *c, cs_filetime t);
/* True when issuer's subject name equals c's issuer name (byte compare of
 * the encoded names, as CertCompareCertificateName does). */
bool cs_cert_name_matches_issuer(const struct cs_cert *c,
                                 const struct cs_cert *issuer);
/* Signature of c verifies with issuer's public key (OpenSSL X509_verify).
 * The answer is remembered on c (pki/sigmemo.h): the engine's own,
 * per-process cache of signature results is engine/chain/cache.h. */
bool cs_cert_signature_ok(const struct cs_cert *c,
                          const struct cs_cert *issuer);
/* The same, always asking OpenSSL (benches). */
bool cs_cert_signature_check(const struct cs_cert *c,
                             const struct cs_cert *issuer);

/* pki/cert_query.c: answers read from the parsed certificate on demand. */
/* SHA-256 of the encoded SubjectPublicKeyInfo into out; false when
 * OpenSSL fails. */
bool cs_cert_spki_sha256(const struct cs_cert *c, uint8_t out[32]);
/* Calls fn with each commonName of c's subject as UTF-8 (len bytes, not
 * NUL-terminated, possibly holding a NUL) until fn returns true; true
 * when it did. */
bool cs_cert_subject_cn_any(const struct cs_cert *c,
                            bool (*fn)(const char *cn, size_t len, void *arg),
                            void *arg);

#endif
