/* One TLS handshake with client authentication against a Schannel server:
 * which certificate the client picks from the list it received, and how the
 * server judges the chain its chain engine built for it under its trust
 * mode.
 *
 * Client: like CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER) - a
 * certificate qualifies when any CA certificate of its chain has its subject
 * name in the list; an empty list accepts any certificate (DOC
 * CertFindChainInStore, KB 2801679 "Details"). The first qualifying
 * certificate, in the client's store order, is sent. The client is not a
 * simulated machine: its chain is walked over the certificates it holds (by
 * name and signature), which is all CertFindChainInStore needs.
 *
 * Server: the machine's chain engine builds the chain (CertGetCertificate-
 * Chain with usage clientAuth, the client's certificates as the additional
 * store) and the SSL policy for a client (AUTHTYPE_CLIENT) judges it - the
 * dwError HTTP.sys reports as the certificate's CertFlags (DOC
 * HTTP_SSL_CLIENT_CERT_INFO). engine/schannel/machine.c does that and hands
 * the verdict to cs_sch_server_judge, which adds ClientAuthTrustMode
 * ("What's New in TLS/SSL", 2012):
 *  0 machine trust: the chain ends in a root of the logical Root store; with
 *    trust modes (2012+) also a CA of the chain in the trusted-issuer list
 *    (truncated on 2012, KB 2880390).
 *  1 exclusive root: the chain engine's root store is the source store
 *    (hRestrictedRoot), and a CA of the chain is in the trusted-issuer list.
 *  2 exclusive CA: some CA of the chain (intermediate or root) is in the
 *    source store; the machine's roots do not matter.
 *
 * Outcomes: ok; the client sends no certificate (IIS 403.7); the server
 * rejects it (IIS 403.16 with the policy's error, e.g. CERT_E_UNTRUSTEDROOT -
 * KB 2802568). For a service that requires the certificate inside the
 * handshake (EAP-TLS, SIP/TLS), the side that fails the handshake sends a
 * fatal alert and the other side logs 36887 (H-sch-6). */
#ifndef CAPISIM_ENGINE_SCHANNEL_CLIENT_AUTH_H
#define CAPISIM_ENGINE_SCHANNEL_CLIENT_AUTH_H

#include <stdint.h>

#include "engine/schannel/server.h"
#include "model/hresult.h"

/* Longest path followed from a client certificate to an anchor. */
#define CS_SCH_MAX_PATH 8

typedef enum {
	CS_SCH_APP_IIS, /* HTTP.sys / IIS: TLS completes, HTTP 403.x */
	CS_SCH_APP_TLS, /* certificate required in the handshake: alerts */
} cs_sch_app;

typedef enum {
	CS_SCH_AUTH_OK,
	CS_SCH_AUTH_NO_CERT,  /* no client certificate matched the list */
	CS_SCH_AUTH_REJECTED, /* the server did not accept the one sent */
} cs_sch_auth_outcome;

/* The client: its certificates with private keys (its My store), in store
 * order, and the CA certificates it can chain them with (CA and Root). */
typedef struct {
	cs_sch_certs certs;
	cs_sch_certs cas;
} cs_sch_client;

typedef struct {
	cs_sch_auth_outcome outcome;
	const cs_sch_cert *sent;       /* the client's certificate, or NULL */
	const cs_sch_cert *matched_ca; /* the CA whose name matched the list,
	                                  when the client holds it */
	char sent_label[160];          /* copies, valid after the views go */
	char matched_label[160];       /* the name that matched, "" when none */
	uint32_t error; /* HRESULT of a rejection (0x800B0109, ...), 0 = none */
	cs_rule_id rule; /* what decided it (model/rules.h) */
	const char *why; /* static one-line reason */
	unsigned http_status, http_substatus; /* CS_SCH_APP_IIS: 200/403.x */
	unsigned alert;         /* CS_SCH_APP_TLS: alert number, 0 = none */
	bool alert_from_client; /* who sent it (the other side logs 36887) */
	/* The server's side of it (filled by engine/schannel/machine.c). */
	cs_sch_source list_source;
	cs_sch_trust_mode mode;
	bool list_sent, list_truncated;
	size_t list_names;
} cs_sch_auth_result;

/* What the server's chain engine reported for the client's certificate. */
typedef struct {
	const cs_sch_cert *path[CS_SCH_MAX_PATH]; /* leaf first, as built */
	size_t npath;
	uint32_t policy_error; /* dwError of the SSL client policy, 0 = ok */
} cs_sch_server_chain;

/* Client side (pure): pick the certificate to send. Resets out; sets
 * outcome NO_CERT when nothing qualifies, else OK with sent/matched_ca. */
void cs_sch_client_choose(const cs_sch_server *srv, const cs_sch_client *cl,
                          cs_sch_auth_result *out);

/* Server side (pure): out->sent was judged by the chain engine as ch says;
 * apply the trust mode and the issuer-list rule, then the application's
 * way of failing (HTTP status or alert). Call it also when nothing was
 * sent (ch NULL) for the application's results. */
void cs_sch_server_judge(const cs_sch_server *srv, const cs_sch_stores *st,
                         const cs_sch_server_chain *ch, cs_sch_app app,
                         cs_sch_auth_result *out);

const char *cs_sch_auth_outcome_name(cs_sch_auth_outcome o);

#endif
