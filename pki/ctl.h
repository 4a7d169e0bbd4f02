/* Certificate trust lists (authroot.stl, disallowedcert.stl) with OpenSSL.
 *
 * Encoding (RULES.md 6): PKCS#7 SignedData version 1 whose contentInfo is
 * { szOID_CTL, [0] EXPLICIT <the CTL SEQUENCE itself> } - no OCTET STRING
 * around it, so OpenSSL's CMS API cannot read it; the PKCS7 API can (an
 * unknown content type lands in d.other as the whole SEQUENCE). The CTL is
 *
 *   CertificateTrustList ::= SEQUENCE {
 *     version           INTEGER DEFAULT v1(0),
 *     subjectUsage      SEQUENCE OF OBJECT IDENTIFIER,
 *     listIdentifier    OCTET STRING OPTIONAL,
 *     sequenceNumber    INTEGER OPTIONAL,
 *     thisUpdate        Time,
 *     nextUpdate        Time OPTIONAL,
 *     subjectAlgorithm  AlgorithmIdentifier,
 *     trustedSubjects   SEQUENCE OF SEQUENCE {
 *         subjectIdentifier OCTET STRING,
 *         subjectAttributes SET OF Attribute OPTIONAL } OPTIONAL,
 *     extensions        [0] EXPLICIT Extensions OPTIONAL }
 *
 * (wincrypt.h CTL_INFO; Wine's encoder lays it out the same way). Entry
 * properties are attributes 1.3.6.1.4.1.311.10.11.<propid> whose value is an
 * OCTET STRING holding the property's bytes.
 *
 * Verification is separate from parsing so that one parsed copy (interned in
 * the object pool) is judged again at every use, at that use's time - which
 * is the whole of incident A: the same cached file passes on July 8 and
 * fails on July 10. */
#ifndef CAPISIM_PKI_CTL_H
#define CAPISIM_PKI_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "model/hresult.h"
#include "capisim/status.h"
#include "model/bytes.h"
#include "pki/sigmemo.h"

struct x509_st;  /* OpenSSL X509 */
struct pkcs7_st; /* OpenSSL PKCS7 */

/* wincrypt.h names. */
#define CS_OID_CTL                  "1.3.6.1.4.1.311.10.1"
#define CS_OID_ROOT_LIST_SIGNER     "1.3.6.1.4.1.311.10.3.9"
#define CS_OID_DISALLOWED_LIST      "1.3.6.1.4.1.311.10.3.30"
#define CS_OID_KP_CTL_USAGE_SIGNING "1.3.6.1.4.1.311.10.3.1"
/* szOID_CERT_PROP_ID_PREFIX: entry attributes are PREFIX<propid>. */
#define CS_OID_PROP_PREFIX "1.3.6.1.4.1.311.10.11."

/* Certificate property ids carried as entry attributes (wincrypt.h). */
#define CS_PROP_ENHKEY_USAGE     9
#define CS_PROP_FRIENDLY_NAME    11
#define CS_PROP_KEY_IDENTIFIER   20
#define CS_PROP_SUBJECT_NAME_MD5 29

#define CS_CTL_ID_MAX 64 /* a subject identifier (SHA-1: 20 bytes) */

typedef struct {
	uint8_t id[CS_CTL_ID_MAX]; /* subjectIdentifier */
	size_t idlen;
	uint8_t key_id[CS_CTL_ID_MAX]; /* CERT_KEY_IDENTIFIER_PROP_ID */
	size_t key_id_len;             /* 0 = absent */
	uint8_t name_md5[16];          /* CERT_SUBJECT_NAME_MD5_HASH_PROP_ID */
	bool has_name_md5;
	uint8_t *eku_prop;   /* CERT_ENHKEY_USAGE_PROP_ID: DER SEQUENCE OF */
	size_t eku_prop_len; /* OID as listed, not yet checked; NULL = absent */
	unsigned nattrs;     /* all attributes, known or not */
} cs_ctl_entry;

typedef struct cs_ctl {
	char **usages; /* subjectUsage, dotted OIDs */
	size_t nusages;
	char sequence_hex[2 * CS_CTL_ID_MAX + 1]; /* "" when absent */
	cs_filetime this_update;
	bool has_next_update;
	cs_filetime next_update;
	char subject_alg[64]; /* dotted OID of subjectAlgorithm */
	cs_ctl_entry *entries;
	size_t nentries;
	/* listIdentifier (CTL_INFO ListIdentifier): with the signer and
	 * subjectUsage, what tells two CTLs apart in a store (pki/ctlstore.h).
	 */
	bool has_list_id;
	uint8_t list_id[CS_CTL_ID_MAX];
	size_t list_id_len;
	/* The first SignerInfo's issuer (encoded Name) and serial number
	 * (INTEGER contents octets); NULL when there is none. */
	uint8_t *signer_issuer;
	size_t signer_issuer_len;
	uint8_t *signer_serial;
	size_t signer_serial_len;
	/* p7 is NULL when OpenSSL's d2i_PKCS7 refused the message and
	 * pki/lenient.h read it (an empty algorithm OID in a SignerInfo, as
	 * Wine's ctl.c test CTLs have): such a CTL verifies under nothing. */
	struct pkcs7_st *p7; /* the SignedData, for verification */
	uint8_t *content;    /* the CTL's DER (tag, length, contents) */
	size_t content_len;
	size_t content_hdr_len; /* bytes of tag + length before contents */
	/* Signature results, remembered (pki/sigmemo.h): the message's, per
	 * signer, and each signer-chain link's, per (certificate, issuer). */
	cs_sig_memo message_memo;
	cs_pair_memo link_memo;
	/* The last signer's name line and SHA-1 (under link_memo's lock). */
	const void *named_signer;
	char signer_name[256], signer_sha1[41];
} cs_ctl;

/* Parse a signed CTL. On bad input CS_ERR_FORMAT and why (why_len bytes)
 * says what was expected and, when OpenSSL or the walk knows, at which
 * byte offset. */
CS_MUST_USE cs_status cs_ctl_parse(cs_bytes der, cs_ctl **out, char *why,
                                   size_t why_len);
void cs_ctl_free(cs_ctl *ctl); /* NULL is a no-op */

/* Parse and intern in the pool (kind "ctl", key the SHA-256 of der), as
 * a store keeps CTL contexts; *out is borrowed from the pool. */
struct cs_pool;
CS_MUST_USE cs_status cs_ctl_get(struct cs_pool *pool, cs_bytes der,
                                 const cs_ctl **out, char *why, size_t why_len);

/* The entry whose subjectIdentifier is id (SHA-1 thumbprint), or NULL. */
const cs_ctl_entry *cs_ctl_find_id(const cs_ctl *ctl, const uint8_t *id,
                                   size_t idlen);
/* The first entry whose key-identifier property equals key_id, or NULL. */
const cs_ctl_entry *cs_ctl_find_key_id(const cs_ctl *ctl, const uint8_t *key_id,
                                       size_t len);
/* The first entry whose subject-name MD5 property equals md5, or NULL. */
const cs_ctl_entry *cs_ctl_find_name_md5(const cs_ctl *ctl,
                                         const uint8_t md5[16]);
bool cs_ctl_has_usage(const cs_ctl *ctl, const char *oid);

/* The verdict on a CTL at one instant, in the order the checks run: the
 * first failing check decides (order: H-au-4 in docs/hypotheses.md). */
#define CS_CTL_VERDICTS(X)                                                   \
	X(OK, "ok", 0)                                                       \
	X(DIGEST_MISMATCH, "digest_mismatch", CS_CRYPT_E_HASH_VALUE)         \
	X(BAD_SIGNATURE, "bad_signature", CS_NTE_BAD_SIGNATURE)              \
	X(SIGNER_NOT_FOUND, "signer_not_found", CS_CRYPT_E_SIGNER_NOT_FOUND) \
	X(SIGNER_CHAIN_BROKEN, "signer_chain_broken", CS_CERT_E_CHAINING)    \
	X(SIGNER_CHAIN_BAD_SIGNATURE, "signer_chain_bad_signature",          \
	  CS_TRUST_E_CERT_SIGNATURE)                                         \
	X(SIGNER_UNTRUSTED_ROOT, "signer_untrusted_root",                    \
	  CS_CERT_E_UNTRUSTEDROOT)                                           \
	X(SIGNER_NOT_TIME_VALID, "signer_not_time_valid", CS_CERT_E_EXPIRED) \
	X(SIGNER_WRONG_USAGE, "signer_wrong_usage", CS_CERT_E_WRONG_USAGE)   \
	X(WRONG_SUBJECT_USAGE, "wrong_subject_usage", CS_CERT_E_WRONG_USAGE) \
	X(NOT_TIME_VALID, "ctl_not_time_valid", CS_CERT_E_EXPIRED)

typedef enum {
#define CS_CTL_VERDICT_ENUM(id, name, hr) CS_CTL_##id,
	CS_CTL_VERDICTS(CS_CTL_VERDICT_ENUM)
#undef CS_CTL_VERDICT_ENUM
} cs_ctl_verdict_code;

typedef struct {
	cs_ctl_verdict_code code;
	uint32_t hresult;     /* what the event's "with error:" reports */
	char detail[256];     /* e.g. which certificate expired and when */
	char signer[256];     /* signer subject, one line; "" when unknown */
	char signer_sha1[41]; /* its SHA-1, lower-case hex; "" when unknown */
	/* The next instant a time the verdict compared with now is reached
	 * (a notBefore, a notAfter + 1, thisUpdate, nextUpdate + 1): the
	 * verdict can change then. INT64_MAX: never. */
	cs_filetime changes_at;
	cs_filetime signer_not_after;
} cs_ctl_verdict;

const char *cs_ctl_verdict_name(cs_ctl_verdict_code c);
uint32_t cs_ctl_verdict_hresult(cs_ctl_verdict_code c);

/* What a CTL is checked against. */
typedef struct {
	const char *subject_usage; /* required in subjectUsage */
	/* Required in the signer's EKU when it has the extension. */
	const char *signer_eku;
	cs_filetime now; /* the current (simulated) time: RULES.md 1 */
	/* Trusted roots (the machine's Root store) and other certificates a
	 * signer chain may use besides those inside the message. Borrowed. */
	struct x509_st *const *anchors;
	size_t nanchors;
	struct x509_st *const *extra;
	size_t nextra;
} cs_ctl_policy;

/* Judge ctl under policy. CS_OK with the result in *v; an error status
 * only when memory ran out or OpenSSL failed internally. */
CS_MUST_USE cs_status cs_ctl_verify(const cs_ctl *ctl, const cs_ctl_policy *pol,
                                    cs_ctl_verdict *v);

#endif
