/* Certificate stores as data: ordered lists of borrowed certificate objects.
 *
 * Certificates are the engine's interned objects (struct cs_cert, one per
 * distinct DER in the object pool), so identity is pointer identity. Order is
 * insertion order and is observable: Schannel enumerates the logical Root
 * store in it (RULES.md 8). Adding a certificate that is present keeps its
 * place. */
#ifndef CAPISIM_MODEL_STORE_H
#define CAPISIM_MODEL_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "capisim/status.h"
#include "model/usage.h"

struct cs_cert; /* pki/cert.h */
struct cs_crl;  /* pki/crl.h */
struct cs_ctl;  /* pki/ctl.h */

/* The system stores, per machine and per account (RULES.md 3, 8). */
#define CS_STORE_IDS(X)                                                  \
	X(ROOT, "Root")                                                  \
	X(AUTHROOT, "AuthRoot")                                          \
	X(ENTERPRISE_ROOT, "EnterpriseRoot") /* GP / enterprise roots */ \
	X(CA, "CA")                                                      \
	X(DISALLOWED, "Disallowed")                                      \
	X(MY, "My")                                                      \
	X(CLIENT_AUTH_ISSUER, "ClientAuthIssuer")                        \
	X(TRUST, "Trust")                                                \
	X(NTAUTH, "NTAuth") /* enterprise NTAuth: the NT_AUTH policy */

typedef enum {
#define CS_STORE_ENUM(id, name) CS_STORE_##id,
	CS_STORE_IDS(CS_STORE_ENUM)
#undef CS_STORE_ENUM
	    CS_STORE_COUNT
} cs_store_id;

/* certs[0..n) in insertion order. Membership (add skips a certificate
 * that is present) goes through an index once the store is big enough to
 * need one: an open-addressing hash set of the same pointers (linear
 * probing, at most half full, nslots a power of two), NULL below
 * CS_STORE_INDEX_MIN certificates, where a scan is cheaper. So add and
 * contains are O(1) amortised at any size (10^5 roots and more); the array
 * alone decides order. Treat the fields as read-only outside store.c.
 *
 * Properties belong to the entry, not to the certificate (the same root in
 * Root and AuthRoot may carry different ones): eku_props[i] is entry i's
 * CERT_ENHKEY_USAGE_PROP_ID (model/usage.h), borrowed; the array is NULL
 * until an entry of the store has one. */
#define CS_STORE_INDEX_MIN 16
typedef struct {
	const struct cs_cert **certs;
	size_t n, cap;
	const struct cs_cert **slots; /* the index, or NULL */
	size_t nslots;
	const cs_usage **eku_props; /* cap entries, or NULL */
	/* CRL and CTL entries, in the order they were added; the same
	 * object may be there twice (CERT_STORE_ADD_ALWAYS). Which entries
	 * "match" for an add disposition is pki/storeadd.h's business. */
	const struct cs_crl **crls;
	size_t ncrls, capcrls;
	const struct cs_ctl **ctls;
	size_t nctls, capctls;
} cs_store;

/* "Root" etc., case-insensitive; false when unknown. */
bool cs_store_id_from_name(const char *name, cs_store_id *out);
const char *cs_store_name(cs_store_id id);

/* Zero bytes are an empty store: this clears s and nothing more, and a
 * container cleared whole holds empty stores (model/world.c relies on it). */
void cs_store_init(cs_store *s);
void cs_store_free(cs_store *s);
/* A copy of the array and of the index (two memcpys: fleet clones every
 * machine's stores, so no rehashing here). */
CS_MUST_USE cs_status cs_store_clone(cs_store *dst, const cs_store *src);
/* Append unless present. */
CS_MUST_USE cs_status cs_store_add(cs_store *s, const struct cs_cert *c);
/* True when it was there. Keeps the others' order (O(n): the array
 * closes the gap; removal is rare). */
bool cs_store_remove(cs_store *s, const struct cs_cert *c);
bool cs_store_contains(const cs_store *s, const struct cs_cert *c);
/* Empty the store: certificates, CRLs and CTLs. */
void cs_store_clear(cs_store *s);

/* CRL and CTL entries: append, replace entry i (keeping its place), remove
 * entry i (closing the gap). */
CS_MUST_USE cs_status cs_store_crl_append(cs_store *s,
                                          const struct cs_crl *crl);
void cs_store_crl_replace(cs_store *s, size_t i, const struct cs_crl *crl);
void cs_store_crl_remove(cs_store *s, size_t i);
CS_MUST_USE cs_status cs_store_ctl_append(cs_store *s,
                                          const struct cs_ctl *ctl);
void cs_store_ctl_replace(cs_store *s, size_t i, const struct cs_ctl *ctl);
void cs_store_ctl_remove(cs_store *s, size_t i);

/* Set (u) or remove (NULL) the EKU property of c's entry; CS_ERR_NOT_FOUND
 * when c is not in the store. Removing a certificate drops its properties;
 * adding one that is present keeps them. */
CS_MUST_USE cs_status cs_store_set_eku_prop(cs_store *s,
                                            const struct cs_cert *c,
                                            const cs_usage *u);
/* The EKU property of entry i / of c's entry; NULL when it has none. */
const cs_usage *cs_store_eku_prop_at(const cs_store *s, size_t i);
const cs_usage *cs_store_eku_prop(const cs_store *s, const struct cs_cert *c);

#endif
