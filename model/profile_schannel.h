/* Schannel's columns of the OS profiles: the trusted-issuer list a TLS
 * server sends in CertificateRequest, its size limit, and how the server
 * validates client certificates (RULES.md 8, EVIDENCE.md B).
 *
 * One row per cs_profile_id (model/profile_schannel.c). Values marked
 * PARAMETER or HYPOTHESIS there are discussed in docs/hypotheses.md
 * (## H-sch-*). */
#ifndef CAPISIM_MODEL_PROFILE_SCHANNEL_H
#define CAPISIM_MODEL_PROFILE_SCHANNEL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/profile.h"
#include "model/store.h"

/* What the 16 KB limit is compared with (RULES.md 8: PARAMETER). With names
 * n_1..n_k of DER lengths l_i the TLS 1.2 certificate_authorities vector is
 * 2 + sum(2 + l_i) bytes (RFC 5246 7.4.4). */
typedef enum {
	CS_SCH_COUNT_ENCODED_LIST, /* 2 + sum(2 + l_i): the whole vector */
	CS_SCH_COUNT_PREFIXED,     /* sum(2 + l_i): names with their prefixes */
	CS_SCH_COUNT_NAMES,        /* sum(l_i): the DER names alone */
} cs_sch_count_rule;

/* Wording of event 36887 (samples/schannel_36885_36887_texts_msdocs.txt):
 * 2008 / 2008 R2 print "The following fatal alert was received: %1",
 * 2012 and later "A fatal alert was received from the remote endpoint. The
 * TLS protocol defined fatal alert code is %1." */
typedef enum {
	CS_SCH_ALERT_TEXT_2008,
	CS_SCH_ALERT_TEXT_2012,
} cs_sch_alert_text;

/* The physical stores of the machine's logical Root store, in the order
 * Schannel enumerates them (RULES.md 8: PARAMETER). */
#define CS_SCH_ROOT_PARTS 3

typedef struct cs_schannel_profile {
	/* Largest list Schannel sends, in bytes as count_rule counts them;
	 * 0 = no Schannel limit (only the TLS vector's 65535). */
	size_t issuer_list_limit;
	cs_sch_count_rule count_rule;
	/* SendTrustedIssuerList absent: send the list (true up to 2008 R2 /
	 * 7) or not (2012 / 8 and later). */
	bool send_issuer_list_default;
	/* 2012+: the list comes from the first non-empty of the application's
	 * store, ClientAuthIssuer, the logical Root store. Before: Root only.
	 */
	bool has_client_auth_issuer_store;
	/* 2012+: ClientAuthTrustMode is read (0 machine, 1 exclusive root, 2
	 * exclusive CA); before, validation is plain machine trust. */
	bool has_trust_modes;
	/* Trust mode 0 requires a CA of the client's chain in the trusted
	 * issuer list; true = the list as truncated to the limit (2012 before
	 * KB 2880390), false = every qualifying name. */
	bool validation_uses_truncated_list;
	cs_store_id root_parts[CS_SCH_ROOT_PARTS];
	/* Fatal alert sent when client authentication fails at the TLS layer
	 * (SEED 002 shows 36887 "fatal alert 47 received"). */
	unsigned client_auth_alert;
	cs_sch_alert_text alert_text;
} cs_schannel_profile;

const cs_schannel_profile *cs_profile_schannel(const cs_profile *p);

#endif
