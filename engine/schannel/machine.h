/* Schannel on the simulated machine: the operations behind the scenario
 * commands `schannel issuer-list` and `tls-client-auth`.
 *
 * The server is the scenario's machine: its stores (m->w.machine_stores),
 * its registry (SendTrustedIssuerList, ClientAuthTrustMode under
 * CS_REG_KEY(SCHANNEL)) and its profile decide the list; its System log gets
 * 36885 (list in use and truncated) and 36887 (an alert received from the
 * client). The client is described by its certificates only (RULES.md 8). */
#ifndef CAPISIM_ENGINE_SCHANNEL_MACHINE_H
#define CAPISIM_ENGINE_SCHANNEL_MACHINE_H

#include "engine/machine.h"
#include "model/registry_names.h"
#include "engine/schannel/client_auth.h"

struct cs_cert; /* pki/cert.h */

typedef struct {
	const struct cs_cert *const *v;
	size_t n;
} cs_sch_cert_list;

/* The server application: IIS (HTTP 403.x) or a service requiring the
 * certificate in the handshake (alerts), its own issuer store (2012+ site
 * store; n 0 = none), and the revocation checking of its chain engine call
 * (CS_CHAIN_REVOCATION_* bits of engine/chain/chain.h, 0 = none: HTTP.sys's
 * verifyclientcertrevocation=disable). */
typedef struct {
	cs_sch_app app;
	cs_sch_cert_list app_store;
	uint32_t revocation_flags;
} cs_sch_server_config;

/* The client: certificates with keys, in preference order, and the CA
 * certificates it chains them with. */
typedef struct {
	cs_sch_cert_list certs;
	cs_sch_cert_list cas;
} cs_sch_client_config;

/* Views of the machine's stores and the configuration's certificates. */
typedef struct {
	cs_sch_cert *views; /* owned */
	const cs_sch_cert **ptrs;
	size_t n;
	cs_sch_stores stores;
	cs_sch_client client;
} cs_sch_snapshot;

CS_MUST_USE cs_status cs_sch_snapshot_take(cs_sch_snapshot *out,
                                           const cs_machine *m,
                                           const cs_sch_server_config *srv,
                                           const cs_sch_client_config *cl);
void cs_sch_snapshot_free(cs_sch_snapshot *s); /* NULL-safe */

/* `schannel issuer-list`: build the list the server would use now, record
 * it (trace kind "schannel"), log 36885 when it is in use and truncated.
 * out (optional) receives the server state; free with cs_sch_server_free
 * and snap with cs_sch_snapshot_free. */
CS_MUST_USE cs_status cs_schannel_issuer_list(cs_machine *m,
                                              const cs_sch_server_config *cfg,
                                              cs_sch_snapshot *snap,
                                              cs_sch_server *out);

/* `tls-client-auth`: one handshake. The client picks its certificate from
 * the list; the server's chain engine (cs_chain_get + the SSL policy for a
 * client, as SYSTEM: Schannel runs in lsass) judges it, then the trust mode
 * (client_auth.h). Logs 36885 as above and 36887 when the client's alert
 * reaches the server; records the outcome (trace kind "schannel"). */
CS_MUST_USE cs_status cs_schannel_client_auth(cs_machine *m,
                                              const cs_sch_server_config *cfg,
                                              const cs_sch_client_config *cl,
                                              cs_sch_auth_result *out);

#endif
