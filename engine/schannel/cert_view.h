/* What Schannel's rules read of a certificate, and nothing more: its names,
 * whether it is a CA, and what it is trusted for.
 *
 * A view borrows the certificate (an OpenSSL X509 kept alive by its owner:
 * the object pool, a test, the CLI) and owns copies of the two encoded
 * names, so the issuer-list code never touches ASN.1. Views are made from an
 * X509 here; engine/schannel/machine.c makes them from the machine's stores.
 */
#ifndef CAPISIM_ENGINE_SCHANNEL_CERT_VIEW_H
#define CAPISIM_ENGINE_SCHANNEL_CERT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/bytes.h"
#include "model/usage.h"

struct x509_st; /* OpenSSL's X509 */

/* Usage restriction: from the EKU extension or from the store's
 * CERT_ENHKEY_USAGE_PROP_ID property (how authroot.stl and "Disable all
 * purposes" restrict a root). */
typedef enum {
	CS_SCH_USAGE_ANY,         /* absent: every usage */
	CS_SCH_USAGE_CLIENT_AUTH, /* lists 1.3.6.1.5.5.7.3.2 (or anyEKU) */
	CS_SCH_USAGE_OTHER,       /* lists usages, client auth not among them */
} cs_sch_usage;

typedef struct {
	const struct x509_st *x509; /* borrowed */
	uint8_t *subject;           /* DER Name, owned */
	size_t subject_len;
	uint8_t *issuer; /* DER Name, owned */
	size_t issuer_len;
	bool self_issued;  /* subject == issuer, byte for byte */
	bool is_ca;        /* basicConstraints cA */
	cs_sch_usage eku;  /* the extension */
	cs_sch_usage prop; /* the store property; ANY when not set */
	cs_filetime not_before, not_after;
	char label[160]; /* one-line subject for reports, "CN=.., O=.." */
	char issuer_label[160]; /* the same for the issuer name */
} cs_sch_cert;

/* Fill v from x (borrowed: must outlive v). CS_ERR_FORMAT when a name or a
 * time cannot be encoded, CS_ERR_NOMEM. */
CS_MUST_USE cs_status cs_sch_cert_from_x509(cs_sch_cert *v,
                                            const struct x509_st *x);
void cs_sch_cert_clear(cs_sch_cert *v); /* NULL-safe */

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

/* The same certificate: the same object, or equal DER. */
bool cs_sch_cert_same(const cs_sch_cert *a, const cs_sch_cert *b);

#endif
