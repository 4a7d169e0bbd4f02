/* The trusted-issuer list a Schannel server sends in its CertificateRequest
 * for the given stores (RULES.md 8, docs/schannel.md): each name, its
 * encoded size, the running total, what was dropped and why, and event
 * 36885 when the list is truncated (`capisim schannel issuer-list`). */
#ifndef CAPISIM_SCHANNEL_H
#define CAPISIM_SCHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a certificate of the list comes from. */
typedef enum {
	CAPISIM_SCH_ROOT,               /* the machine's Root store */
	CAPISIM_SCH_AUTHROOT,           /* AuthRoot */
	CAPISIM_SCH_ENTERPRISE_ROOT,    /* the enterprise Root store */
	CAPISIM_SCH_CLIENT_AUTH_ISSUER, /* ClientAuthIssuer */
	CAPISIM_SCH_APP,                /* the application's own store */
} capisim_sch_store;

typedef struct {
	capisim_sch_store store;
	/* A certificate file (PEM with any number, or one DER) or a folder
	 * of them, read in byte order of the names: the store's order. */
	const char *path;
} capisim_sch_input;

typedef struct {
	const char *profile; /* NULL: server-2008r2 */
	const capisim_sch_input *inputs;
	size_t ninputs;
	/* The registry values, when set: SendTrustedIssuerList (0, 1) and
	 * ClientAuthTrustMode (0..2). */
	bool send_set, mode_set;
	unsigned send, mode;
	/* Override the profile's columns: how the limit counts
	 * ("encoded-list", "prefixed" or "names") and the limit in bytes
	 * (limit_set). */
	const char *count_rule;
	bool limit_set;
	unsigned long limit;
	bool json; /* one JSON object instead of the table */
} capisim_issuer_list_options;

/* Whether name is a count rule (the words of count_rule). */
CAPISIM_API bool capisim_sch_count_rule_known(const char *name);

/* Read every input, then write the list. Bad input (an unknown profile or
 * count rule, an unreadable file, not a certificate): d says which, and
 * nothing is written. CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_schannel_issuer_list(
    FILE *out, const capisim_issuer_list_options *o, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
