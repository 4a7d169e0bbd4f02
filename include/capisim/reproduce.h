/* A real `certutil -verify [-urlfetch]` paste rebuilt and run in the model
 * (`capisim reproduce`, docs/reproduce.md): the chain's certificates and
 * the CRLs under its elements found by the SHA-1 the paste prints among
 * the files of a folder, ChainFlags, the policy, -urlfetch's own process,
 * a profile guessed from the layout and a time from the files; then the
 * model verifies the leaf and each field of the paste is compared with the
 * model's, with the rules behind each difference.
 *
 *     bool differs;
 *     capisim_reproduce_options o = {.certs = "case/"};
 *     if (capisim_reproduce("case/paste.txt", &o, stdout, &differs, &d))
 *             ... d says why ...
 */
#ifndef CAPISIM_REPRODUCE_H
#define CAPISIM_REPRODUCE_H

#include <stdbool.h>
#include <stdio.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* All zero: the paste's folder, a guessed profile, a time from the files. */
typedef struct {
	const char *certs;   /* the folder of certificate and CRL files */
	const char *profile; /* a profile name (capisim/profiles.h) */
	bool has_at;         /* verify at `at`, not at a time the files give */
	cs_filetime at;
} capisim_reproduce_options;

/* Reproduce the paste at path ("-": stdin): what was read and placed, then
 * one line per field ("agree" / "differ") and a summary, to out; *differs
 * tells whether a field differs (or nothing could be compared). Bad input
 * - a paste that cannot be read or has no chain dump, a folder that cannot
 * be opened, an input file the model refuses - fails with d naming the
 * file; an unknown profile (CS_ERR_NOT_FOUND), a policy the model does not
 * have (CS_ERR_RANGE) and a leaf not among the files (CS_ERR_NOT_FOUND)
 * with a message alone; CS_ERR_NOMEM, CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status
capisim_reproduce(const char *path, const capisim_reproduce_options *o,
                  FILE *out, bool *differs, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
