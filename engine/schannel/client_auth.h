/* One TLS handshake with client authentication against a Schannel server:
 * which certificate the client picks from the list it received, how the
 * server validates it under its trust mode, and what each side sees.
 *
 * Client: like CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER) - a
 * certificate qualifies when any CA certificate of its chain has its subject
 * name in the list; an empty list accepts any certificate (DOC
 * CertFindChainInStore, KB 2801679 "Details"). The first qualifying
 * certificate, in the client's store order, is sent.
 *
 * Server, by ClientAuthTrustMode ("What's New in TLS/SSL", 2012):
 *  0 machine trust: the chain ends in a root of the logical Root store
 *    trusted for client authentication; with trust modes (2012+) also a CA
 *    of the chain in the trusted-issuer list (truncated on 2012, KB 2880390).
 *  1 exclusive root: the chain's root is in the source store, and a CA of
 *    the chain is in the trusted-issuer list.
 *  2 exclusive CA: some CA of the chain (intermediate or root) is in the
 *    source store; the machine's roots do not matter.
 *
 * Outcomes: ok; the client sends no certificate (IIS 403.7); the server
 * rejects it (IIS 403.16, CERT_E_UNTRUSTEDROOT - KB 2802568). For a service
 * that requires the certificate inside the handshake (EAP-TLS, SIP/TLS), the
 * side that fails the handshake sends a fatal alert and the other side logs
 * 36887 (H-sch-6). */
#ifndef CAPISIM_ENGINE_SCHANNEL_CLIENT_AUTH_H
#define CAPISIM_ENGINE_SCHANNEL_CLIENT_AUTH_H

#include <stdint.h>

#include "engine/schannel/server.h"

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
	const cs_sch_cert *matched_ca; /* the CA whose name matched the list */
	char sent_label[160];          /* copies, valid after the views go */
	char matched_label[160];
	const cs_sch_cert *path[CS_SCH_MAX_PATH]; /* as the server built it */
	size_t npath;
	uint32_t error; /* HRESULT of a rejection (0x800B0109, ...), 0 = none */
	const char *rule; /* static rule id, e.g. "schannel.client.no_match" */
	const char *source;                   /* static citation */
	const char *why;                      /* static one-line reason */
	unsigned http_status, http_substatus; /* CS_SCH_APP_IIS: 200/403.x */
	unsigned alert;         /* CS_SCH_APP_TLS: alert number, 0 = none */
	bool alert_from_client; /* who sent it (the other side logs 36887) */
} cs_sch_auth_result;

#define CS_HR_CERT_E_EXPIRED       0x800B0101u
#define CS_HR_CERT_E_UNTRUSTEDROOT 0x800B0109u
#define CS_HR_CERT_E_CHAINING      0x800B010Au

/* Run the handshake at time now. Pure: logs nothing (the machine glue logs
 * the events the result implies). */
void cs_sch_client_auth(const cs_sch_server *srv, const cs_sch_stores *st,
                        const cs_sch_client *cl, cs_filetime now,
                        cs_sch_app app, cs_sch_auth_result *out);

const char *cs_sch_auth_outcome_name(cs_sch_auth_outcome o);

#endif
