/* One verification on a fresh machine (`capisim verify`, docs/verify.md):
 * CertGetCertificateChain for a leaf, then CertVerifyCertificateChainPolicy,
 * on a profile's OS, with the stores, CRLs and URLs the options give.
 *
 * Options are set by their `capisim verify` names, each value read by the
 * one parser of its kind (the scenario language's verify words, `capisim
 * help verify`); files are read when the verification runs.
 *
 *     capisim_verify *v;
 *     cs_diag d;
 *     if (capisim_verify_new(&v) != CS_OK) ...
 *     capisim_verify_set_time(v, at, true);
 *     if (capisim_verify_set(v, "root", "root.crt", &d) != CS_OK ||
 *         capisim_verify_set(v, "revocation", "chain-excluding-root", &d) ||
 *         capisim_verify_run(v, "leaf.crt", &d) != CS_OK)
 *             ... d says why ...
 *     capisim_verify_write_text(v, stdout, &d);    // as certutil -verify
 *     int failed = !capisim_verify_passed(v);
 *     capisim_verify_free(v);
 */
#ifndef CAPISIM_VERIFY_H
#define CAPISIM_VERIFY_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct capisim_verify capisim_verify;

/* A verification with the defaults: profile win7-sp1 (the default
 * profile), no revocation check, the base policy, no stores. */
CAPISIM_API CS_MUST_USE cs_status capisim_verify_new(capisim_verify **out);
CAPISIM_API void capisim_verify_free(capisim_verify *v); /* NULL: no-op */

/* One option, by its `capisim verify` name without the dashes: "profile",
 * "root", "ca", "additional", "ntauth", "disallowed", "crl", "crl-store",
 * "serve" (URL=FILE), "revocation", "policy", "policy-flags", "server-name",
 * "auth", "ssl-checks", "usage", "usage-match", "lang"; the switches
 * "no-ssl-para" and "urlfetch" take NULL. File options add one file each
 * time (up to 64). The value is copied. A bad value: CS_ERR_SYNTAX (or
 * CS_ERR_NOT_FOUND for an unknown profile, CS_ERR_LIMIT for too many
 * files) with d's message naming the option and what it expected; an
 * unknown name: CS_ERR_NOT_FOUND. */
CAPISIM_API CS_MUST_USE cs_status capisim_verify_set(capisim_verify *v,
                                                     const char *name,
                                                     const char *value,
                                                     cs_diag *d);
/* The verify time and the machine's clock. given: it was asked for (the
 * text says so); otherwise the caller passes the host's clock, which the
 * library never reads. Without a call: 1601-01-01. */
CAPISIM_API void capisim_verify_set_time(capisim_verify *v, cs_filetime at,
                                         bool given);

/* Load the files, serve the CRLs at the CDP (delta: Freshest CRL) URLs of
 * the certificates given and the --serve bodies at their URLs, build leaf's
 * chain and evaluate the policy. Once per verification. Errors: the
 * options do not fit together or the policy is not modelled on the
 * profile: CS_ERR_RANGE with a message and no file; an input file that
 * cannot be read or parsed: its status with d naming the file;
 * CS_ERR_NOMEM. A profile without a provider for the policy is no error:
 * the call fails (capisim_verify_passed is false). */
CAPISIM_API CS_MUST_USE cs_status capisim_verify_run(capisim_verify *v,
                                                     const char *leaf,
                                                     cs_diag *d);

/* After a run: whether the policy call succeeded with no error. */
CAPISIM_API bool capisim_verify_passed(const capisim_verify *v);
/* What the model assumed, for a reader (stderr): the profile, the verify
 * time and where it came from, the host bundle the roots came from. */
CAPISIM_API CS_MUST_USE cs_status
capisim_verify_write_assumptions(const capisim_verify *v, FILE *out);
/* The result as `certutil -verify [-urlfetch]` prints it, in the "lang"
 * option's language (docs/verify.md), or the failed call's line.
 * CS_ERR_NOT_FOUND with d's message when the language has no text for
 * something the result needs; CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status
capisim_verify_write_text(const capisim_verify *v, FILE *out, cs_diag *d);
/* The result as one JSON object on a line (`capisim verify --json`, the
 * shape `capisim compare` reads). CS_ERR_IO, CS_ERR_NOMEM. */
CAPISIM_API CS_MUST_USE cs_status
capisim_verify_write_json(const capisim_verify *v, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
