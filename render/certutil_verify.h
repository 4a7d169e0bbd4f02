/* What `certutil -verify [-urlfetch] FILE` prints for a verification the
 * model made: the one certutil-like renderer, used by `capisim verify` and by
 * the timeline under a scenario's `certutil -verify -urlfetch` step.
 *
 * It reads the verification's observations (the chain, its policy result,
 * the revocation checks and URL retrievals of the same step) and the objects
 * they name from the machine's pool: certificates by thumbprint, fetched CRLs
 * and OCSP responses by their content name. So it shows exactly what the run
 * recorded, and the same run gives the same text everywhere.
 *
 * The layout is certutil's as the samples show it (docs/verify.md has the
 * rules and the samples each comes from): the certificate header, the
 * CA_VERIFY/ChainFlags/engine/policy lines, the CERT_CHAIN_CONTEXT dump (one
 * line per set status bit, one block per element), with -urlfetch the URL
 * sections per element, the CRL blocks, "Exclude leaf cert:" / "Full
 * chain:" with the policy's error line, and the closing lines as certutil
 * words them for each result - "completed successfully" also when the chain
 * failed, as certutil does. Times are UTC (the model has no time zone).
 *
 * What the model does not produce is left out rather than made up: the
 * dwRevocationFreshnessTime lines, Template: and SubjectAltName entries other
 * than DNS names, Issuance policies, and the URLs of an element that the step
 * did not retrieve (certutil -urlfetch retrieves every URL; the model's
 * certutil step retrieves what its chain engine retrieves). */
#ifndef CAPISIM_RENDER_CERTUTIL_VERIFY_H
#define CAPISIM_RENDER_CERTUTIL_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "engine/machine.h"
#include "render/certutil_lang.h"

typedef struct {
	cu_lang lang;
	bool urlfetch;      /* print the URL sections (certutil -urlfetch) */
	const char *indent; /* before every line (the timeline indents) */
} cu_verify_opts;

/* Print the verification recorded by m's trace observations [first, end)
 * (one step's, or a `capisim verify` run's): its last "chain" observation and
 * what goes with it. CS_ERR_NOT_FOUND with d set when the range has no chain
 * or a text the language has no sample for (the language is never guessed);
 * CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cu_verify_write(const cs_machine *m, size_t first,
                                      size_t end, const cu_verify_opts *o,
                                      FILE *out, cs_diag *d);

#endif
