/* Calling crypt32 and cryptnet functions directly (docs/calls.md): one
 * function with its arguments written out as KEY=VALUE words, played on a
 * fresh machine of a profile (`capisim call`), a batch of them in the
 * Windows probe's API plan format (`capisim call --batch`), and
 * CertVerifyRevocation with options (`capisim revocation`). */
#ifndef CAPISIM_CALL_H
#define CAPISIM_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/clock.h"
#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	const char *profile; /* NULL: the default profile */
	cs_filetime at;      /* the clock */
	bool json;           /* one JSON object (the probe's keys), not text */
} capisim_call_options;

/* The functions a call may name (wincrypt.h's spelling). */
CAPISIM_API const char *const *capisim_call_functions(size_t *n);

/* Play FUNCTION KEY=VALUE... and write what it returned, GetLastError and
 * its out-parameters. Objects are files (DER or PEM). Bad input (an unknown
 * profile, a word the function does not take, an object that cannot be
 * read): d says which word, and nothing is written. *returned_false (may
 * be NULL): the function returned FALSE or NULL (an enumeration or a LONG
 * never does). */
CAPISIM_API CS_MUST_USE cs_status capisim_call(
    FILE *out, const capisim_call_options *o, const char *function,
    const char *const *words, size_t n, bool *returned_false, cs_diag *d);

/* A batch file ("-": stdin) of lines 'object NAME KIND PATH' (a name the
 * calls' words may use), 'now TICKS' (the clock, unless clock_given) and
 * 'call ID FUNCTION KEY=VALUE...': one JSON line per call, each on a fresh
 * machine, written as it is played. A bad line stops the batch with its
 * file:line in d. */
CAPISIM_API CS_MUST_USE cs_status
capisim_call_batch(FILE *out, const capisim_call_options *o, bool clock_given,
                   const char *path, cs_diag *d);

/* CertVerifyRevocation (CertDllVerifyRevocation with provider) on files. */
typedef struct {
	const char *const *certs; /* rgpvContext, in order */
	size_t ncerts;
	const char *issuer;      /* pIssuerCert, or NULL */
	const char *const *crls; /* hCrlStore: a memory store holding them */
	size_t ncrls;
	const char *time;     /* pftTimeToUse (ISO 8601), NULL: none */
	const char *flags;    /* dwFlags as a number, NULL: 0 */
	const char *encoding; /* dwEncodingType, NULL: X509_ASN_ENCODING */
	const char *type;     /* dwRevType, NULL: the certificate type */
	bool provider;        /* cryptnet's CertDllVerifyRevocation */
} capisim_revocation_args;

/* Check and write the BOOL, GetLastError and CERT_REVOCATION_STATUS (text
 * under a line naming the profile and the time checked, or JSON).
 * *all_good: the call returned TRUE. Bad input as capisim_call. */
CAPISIM_API CS_MUST_USE cs_status capisim_revocation(
    FILE *out, const capisim_call_options *o, const capisim_revocation_args *a,
    bool *all_good, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
