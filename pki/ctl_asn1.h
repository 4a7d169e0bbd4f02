/* The CTL's ASN.1 templates (layout in pki/ctl.h), private to
 * engine/autoupdate. */
#ifndef CAPISIM_PKI_CTL_ASN1_H
#define CAPISIM_PKI_CTL_ASN1_H

#include <openssl/asn1t.h>
#include <openssl/x509.h>

typedef struct {
	ASN1_OCTET_STRING *identifier;
	STACK_OF(X509_ATTRIBUTE) * attributes;
} CS_CTL_SUBJECT;

DEFINE_STACK_OF(CS_CTL_SUBJECT)

typedef struct {
	ASN1_INTEGER *version;
	STACK_OF(ASN1_OBJECT) * subject_usage;
	ASN1_OCTET_STRING *list_identifier;
	ASN1_INTEGER *sequence_number;
	ASN1_TIME *this_update;
	ASN1_TIME *next_update;
	X509_ALGOR *subject_algorithm;
	STACK_OF(CS_CTL_SUBJECT) * subjects;
	STACK_OF(X509_EXTENSION) * extensions;
} CS_CTL_INFO;

/* The same with subjectAlgorithm as ANY: CryptoAPI decodes a CTL whose
 * subjectAlgorithm OID is empty (Wine's ctl.c test CTLs), OpenSSL's
 * X509_ALGOR does not (pki/lenient.h). */
typedef struct {
	ASN1_INTEGER *version;
	STACK_OF(ASN1_OBJECT) * subject_usage;
	ASN1_OCTET_STRING *list_identifier;
	ASN1_INTEGER *sequence_number;
	ASN1_TIME *this_update;
	ASN1_TIME *next_update;
	ASN1_TYPE *subject_algorithm;
	STACK_OF(CS_CTL_SUBJECT) * subjects;
	STACK_OF(X509_EXTENSION) * extensions;
} CS_CTL_INFO_ANYALG;

DECLARE_ASN1_FUNCTIONS(CS_CTL_SUBJECT)
DECLARE_ASN1_FUNCTIONS(CS_CTL_INFO)
DECLARE_ASN1_FUNCTIONS(CS_CTL_INFO_ANYALG)

#endif
