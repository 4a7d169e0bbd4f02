/* A certificate as Schannel's rules see it: the pool's certificate
 * (pki/cert.h, struct cs_cert: its names, its EKU extension) and the usage
 * property of the store entry it came from (how authroot.stl and "Disable
 * all purposes" restrict a root). */
#ifndef CAPISIM_ENGINE_SCHANNEL_STORE_CERT_H
#define CAPISIM_ENGINE_SCHANNEL_STORE_CERT_H

#include <stdbool.h>

#include "model/usage.h"
#include "pki/cert.h"

/* What a usage restriction says of client authentication. */
typedef enum {
	CS_SCH_USAGE_ANY,         /* absent: every usage */
	CS_SCH_USAGE_CLIENT_AUTH, /* lists 1.3.6.1.5.5.7.3.2 (or anyEKU) */
	CS_SCH_USAGE_OTHER,       /* lists usages, client auth not among them */
} cs_sch_usage;

typedef struct {
	const struct cs_cert *cert; /* borrowed from the pool */
	cs_sch_usage prop; /* the store entry's property; ANY when none */
} cs_sch_cert;

/* c with no store property. */
static inline cs_sch_cert cs_sch_cert_of(const struct cs_cert *c)
{
	return (cs_sch_cert){c, CS_SCH_USAGE_ANY};
}

/* What the certificate's EKU extension says of client authentication. */
cs_sch_usage cs_sch_cert_eku(const cs_sch_cert *v);

/* What an EKU property (model/usage.h) says of client authentication:
 * the empty list and a list without clientAuth or anyExtendedKeyUsage are
 * OTHER. */
cs_sch_usage cs_sch_usage_of(const cs_usage *prop);

/* Trusted for client authentication: neither the extension nor the
 * property excludes it (docs/hypotheses.md H-sch-2). */
bool cs_sch_cert_client_auth_ok(const cs_sch_cert *v);

/* c was issued by i: names match (byte compare, as CertCompareCertificateName)
 * and i's key verifies c's signature. Only for the client's side, which is
 * not a simulated machine; the server uses the chain engine. */
bool cs_sch_cert_issued_by(const cs_sch_cert *c, const cs_sch_cert *i);

/* The same certificate (the pool interns by DER: the same object). */
bool cs_sch_cert_same(const cs_sch_cert *a, const cs_sch_cert *b);

#endif
