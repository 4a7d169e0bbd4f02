/* CRLs and CTLs as store entries: the add dispositions of
 * CertAddCRLContextToStore / CertAddCTLContextToStore and the searches of
 * CertFindCRLInStore, over model/store.h's entries.
 *
 * "A matching CRL" (DOC CertAddCRLContextToStore) is one of the same
 * issuer name: a second CRL of one issuer is refused by CERT_STORE_ADD_NEW
 * whatever its dates (crl.c testAddCRL#13) and replaces the first under
 * CERT_STORE_ADD_NEWER when its ThisUpdate is later (#14). "A matching CTL"
 * is one of the same signer (issuer and serial number of the first
 * SignerInfo), the same SubjectUsage and the same ListIdentifier (DOC
 * CTL_FIND_USAGE_PARA: the ListIdentifier tells apart CTLs of one issuer
 * with one SubjectUsage): two CTLs that differ only in their signature
 * match (ctl.c testAddCTLToStore#4), a different usage or list identifier
 * does not (#6, #9). */
#ifndef CAPISIM_PKI_STOREADD_H
#define CAPISIM_PKI_STOREADD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/status.h"
#include "pki/cert.h"
#include "pki/crl.h"
#include "pki/ctl.h"
#include "model/store.h"

/* CERT_STORE_ADD_* (wincrypt.h). */
#define CS_STORE_ADD_DISPOSITIONS(X)               \
	X(NEW, 1, "new")                           \
	X(USE_EXISTING, 2, "use-existing")         \
	X(REPLACE_EXISTING, 3, "replace-existing") \
	X(ALWAYS, 4, "always")                     \
	X(REPLACE_EXISTING_INHERIT_PROPERTIES, 5,  \
	  "replace-existing-inherit-properties")   \
	X(NEWER, 6, "newer")                       \
	X(NEWER_INHERIT_PROPERTIES, 7, "newer-inherit-properties")

typedef enum {
#define CS_STORE_ADD_ENUM(id, value, word) CS_STORE_ADD_##id = value,
	CS_STORE_ADD_DISPOSITIONS(CS_STORE_ADD_ENUM)
#undef CS_STORE_ADD_ENUM
} cs_store_add_disposition;

/* "new", ..., "newer-inherit-properties"; NULL for an unknown value. */
const char *cs_store_add_word(unsigned disposition);
/* The word, the wincrypt.h name (CERT_STORE_ADD_NEW) or 1..7. */
bool cs_store_add_parse(const char *text, unsigned *out);
bool cs_store_add_valid(unsigned disposition);

typedef struct {
	bool ok;          /* what the call returns */
	uint32_t error;   /* its last error when !ok: CRYPT_E_EXISTS */
	const char *what; /* "added", "replaced", "kept the existing entry",
	                     "a matching entry exists", "the matching entry is
	                     as new or newer" */
	size_t index;     /* the entry that now stands for it (ok only) */
} cs_store_add_result;

/* Add with a valid disposition (cs_store_add_valid); CS_ERR_NOMEM or
 * CS_ERR_RANGE (an invalid disposition) only. */
CS_MUST_USE cs_status cs_store_add_crl(cs_store *s, const cs_crl *crl,
                                       unsigned disposition,
                                       cs_store_add_result *r);
CS_MUST_USE cs_status cs_store_add_ctl(cs_store *s, const cs_ctl *ctl,
                                       unsigned disposition,
                                       cs_store_add_result *r);

/* Two CTLs are "the same" for the store (the rule above). */
bool cs_ctl_same_identity(const cs_ctl *a, const cs_ctl *b);

/* dwFindType of CertFindCRLInStore (wincrypt.h). */
#define CS_CRL_FIND_ANY        0u
#define CS_CRL_FIND_ISSUED_BY  1u
#define CS_CRL_FIND_EXISTING   2u
#define CS_CRL_FIND_ISSUED_FOR 3u

typedef struct {
	uint32_t type;
	uint32_t flags;                /* CS_CRL_FIND_ISSUED_BY_* */
	const struct cs_cert *cert;    /* ISSUED_BY: the issuer, or NULL */
	const cs_crl *existing;        /* EXISTING: the CRL, or NULL */
	const struct cs_cert *subject; /* ISSUED_FOR */
	const struct cs_cert *issuer;  /* ISSUED_FOR */
} cs_crl_find;

/* Does entry crl satisfy f? An unknown type matches nothing. */
bool cs_crl_find_matches(const cs_crl *crl, const cs_crl_find *f);
/* The first entry at index >= *at that matches; false when none. */
bool cs_store_find_crl(const cs_store *s, const cs_crl_find *f, size_t *at);

#endif
