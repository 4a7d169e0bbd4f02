/* Importers of real Windows evidence into trace observations that
 * `capisim compare` accepts (docs/compare.md, "Importing Windows evidence").
 *
 * Each reads the whole text of one file and appends JSON objects (one per
 * observation, fields in trace order) to `out`, a JSON array. Bad input
 * fails with d set to file:line:col and what was expected; nothing is
 * appended then. Hex values are normalised the way the trace prints them:
 * trust status "0x%08x", HRESULTs "0x%08X". */
#ifndef CAPISIM_COMPARE_IMPORT_H
#define CAPISIM_COMPARE_IMPORT_H

#include <jansson.h>

#include "capisim/capisim.h"

/* English `certutil -verify [-urlfetch] [-v]` console output. One "verify"
 * observation per CERT_CHAIN_CONTEXT dump: chain and simple-chain status,
 * elements (status, thumbprint, subject, URL checks), the BASE policy
 * result printed after the chain, the leaf revocation result. */
CS_MUST_USE cs_status import_certutil(const char *text, const char *name,
                                      json_t *out, cs_diag *d);

/* `wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml` output (and the
 * Event Viewer's XML view of an event): events 11 (chain), 30 (policy,
 * merged into its chain's observation by chainRef), 41 (revocation), 53/52
 * (network retrieval) and every other event as kind "event". */
/* The same; allow_cut (--partial) imports a dump cut before its closing
 * line, marked "partial": true, where import_certutil refuses it. */
CS_MUST_USE cs_status import_certutil_partial(const char *text,
                                              const char *name, json_t *out,
                                              bool allow_cut, cs_diag *d);
CS_MUST_USE cs_status import_capi2(const char *text, const char *name,
                                   json_t *out, cs_diag *d);

/* IIS W3C extended logs: one "fetch" observation per request line. Without
 * a #Fields directive the IIS 7.5+ default field list is assumed. */
CS_MUST_USE cs_status import_w3c(const char *text, const char *name,
                                 json_t *out, cs_diag *d);

#endif
