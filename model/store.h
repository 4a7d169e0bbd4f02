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

struct cs_cert; /* engine/object.h */

/* The system stores, per machine and per account (RULES.md 3, 8). */
#define CS_STORE_IDS(X)                                                  \
	X(ROOT, "Root")                                                  \
	X(AUTHROOT, "AuthRoot")                                          \
	X(ENTERPRISE_ROOT, "EnterpriseRoot") /* GP / enterprise roots */ \
	X(CA, "CA")                                                      \
	X(DISALLOWED, "Disallowed")                                      \
	X(MY, "My")                                                      \
	X(CLIENT_AUTH_ISSUER, "ClientAuthIssuer")                        \
	X(TRUST, "Trust")

typedef enum {
#define CS_STORE_ENUM(id, name) CS_STORE_##id,
	CS_STORE_IDS(CS_STORE_ENUM)
#undef CS_STORE_ENUM
	    CS_STORE_COUNT
} cs_store_id;

typedef struct {
	const struct cs_cert **certs;
	size_t n, cap;
} cs_store;

/* "Root" etc., case-insensitive; false when unknown. */
bool cs_store_id_from_name(const char *name, cs_store_id *out);
const char *cs_store_name(cs_store_id id);

void cs_store_init(cs_store *s);
void cs_store_free(cs_store *s);
CS_MUST_USE cs_status cs_store_clone(cs_store *dst, const cs_store *src);
/* Append unless present. */
CS_MUST_USE cs_status cs_store_add(cs_store *s, const struct cs_cert *c);
/* True when it was there. Keeps the others' order. */
bool cs_store_remove(cs_store *s, const struct cs_cert *c);
bool cs_store_contains(const cs_store *s, const struct cs_cert *c);
void cs_store_clear(cs_store *s);

#endif
