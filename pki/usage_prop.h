/* EKU property values (model/usage.h) made from what carries them: the DER
 * SEQUENCE OF OID an authroot.stl entry holds as attribute
 * 1.3.6.1.4.1.311.10.11.9, or a list of OIDs a scenario names. Lists are
 * interned in the object pool under their DER, so equal lists are one
 * pointer and live as long as the pool. */
#ifndef CAPISIM_PKI_USAGE_PROP_H
#define CAPISIM_PKI_USAGE_PROP_H

#include <stddef.h>

#include "capisim/status.h"
#include "pki/pool.h"
#include "model/bytes.h"
#include "model/usage.h"

/* CS_ERR_FORMAT (why says what was wrong) when der is not exactly one
 * SEQUENCE OF OBJECT IDENTIFIER. */
CS_MUST_USE cs_status cs_usage_from_der(cs_pool *pool, cs_bytes der,
                                        const cs_usage **out, char *why,
                                        size_t why_len);
/* CS_ERR_FORMAT when an entry is not a dotted OID. n may be 0 (no usage). */
CS_MUST_USE cs_status cs_usage_from_oids(cs_pool *pool, const char *const *oids,
                                         size_t n, const cs_usage **out);
/* "none" for the empty list, else the OIDs joined by ','. Returns buf. */
const char *cs_usage_text(const cs_usage *u, char *buf, size_t cap);

#endif
