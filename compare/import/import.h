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
#include <stdbool.h>

#include "capisim/capisim.h"

/* certutil console output (`-verify [-urlfetch] [-v]`, and the chain dumps
 * of `-scinfo` and `-dcinfo verify`; English or another language the
 * render/certutil_lang.h table has). One "verify" observation per chain
 * dump: chain and simple-chain status, elements (status, thumbprint,
 * subject, URL checks), the CRL blocks under the elements (crls: element,
 * number, delta, thumbprint), the layout ("cert-line" or the older
 * "hex-lines"), the policy result printed after the chain, the leaf
 * revocation result, the closing line. A `certutil -urlcache` listing or
 * delete becomes a "cache" observation, another command's closing line a
 * "command" one. */
CS_MUST_USE cs_status import_certutil(const char *text, const char *name,
                                      json_t *out, cs_diag *d);
/* The same; allow_cut (--partial) imports a dump cut before its closing
 * line, marked "partial": true, where import_certutil refuses it at the
 * dump's first line. */
CS_MUST_USE cs_status import_certutil_partial(const char *text,
                                              const char *name, json_t *out,
                                              bool allow_cut, cs_diag *d);

/* `wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml` output (and the
 * Event Viewer's XML view of an event, and `capisim run --capi2`): events
 * 11 (chain), 30 (policy, merged into its chain's observation by chainRef),
 * 41 (revocation), 51/53 (cache / network retrieval) as verify, revocation
 * and fetch observations; and every event, these too, as a kind "event"
 * observation with the model's field names (log, id, level, keywords, url,
 * subject, policy, result). */
CS_MUST_USE cs_status import_capi2(const char *text, const char *name,
                                   json_t *out, cs_diag *d);

/* IIS W3C extended logs: one "fetch" observation per request line. Without
 * a #Fields directive the IIS 7.5+ default field list is assumed. */
CS_MUST_USE cs_status import_w3c(const char *text, const char *name,
                                 json_t *out, cs_diag *d);

/* Windows events pasted as text: Event Viewer's "Copy details as text"
 * (Vista and later, and the XP / 2003 layout) and PowerShell's Format-List
 * of Get-WinEvent records. One "event" observation each, with the model's
 * field names (log, source, id, level, keywords, task, text); the date as
 * printed (local time). */
CS_MUST_USE cs_status import_events(const char *text, const char *name,
                                    json_t *out, cs_diag *d);

#endif
