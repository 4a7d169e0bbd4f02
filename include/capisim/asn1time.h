/* FILETIME <-> ASN1_TIME (UTCTime / GeneralizedTime), without the host's
 * time zone: ASN.1 times in X.509 are always UTC. */
#ifndef CAPISIM_ASN1TIME_H
#define CAPISIM_ASN1TIME_H

#include "capisim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

struct asn1_string_st; /* OpenSSL's ASN1_TIME */

/* Fails with CS_ERR_FORMAT on a malformed time and CS_ERR_RANGE before 1601. */
CAPISIM_API CS_MUST_USE cs_status
cs_time_from_asn1(const struct asn1_string_st *t, cs_filetime *out);
/* New ASN1_TIME (caller frees with ASN1_TIME_free): UTCTime for 1950..2049,
 * GeneralizedTime otherwise, as RFC 5280 4.1.2.5 requires. Sub-second ticks
 * are dropped (X.509 times have whole seconds). NULL on failure. */
CAPISIM_API struct asn1_string_st *cs_time_to_asn1(cs_filetime t);

#ifdef __cplusplus
}
#endif

#endif
