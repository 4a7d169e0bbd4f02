/* A Schannel TLS server that asks for a client certificate: where its
 * trusted-issuer list comes from, whether it is sent, the trust mode, and
 * the events it logs (RULES.md 8, EVIDENCE.md B).
 *
 * Stores are given as certificate sets (store_cert.h) so the same code
 * serves the simulated machine (engine/schannel/machine.c), the CLI and the
 * tests. */
#ifndef CAPISIM_ENGINE_SCHANNEL_SERVER_H
#define CAPISIM_ENGINE_SCHANNEL_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "capisim/status.h"
#include "model/registry_names.h"
#include "engine/schannel/issuer_list.h"
#include "model/profile.h"
#include "model/profile_schannel.h"
#include "model/registry.h"
#include "model/world.h"

typedef struct {
	const cs_sch_cert *const *v;
	size_t n;
} cs_sch_certs;

typedef struct {
	cs_sch_certs store[CS_STORE_COUNT]; /* the server machine's stores */
	cs_sch_certs app; /* the application's (site's) store; n 0 = none */
} cs_sch_stores;

/* The registry values Schannel reads; *_set false = value absent. */
typedef struct {
	bool send_set;
	uint32_t send; /* SendTrustedIssuerList */
	bool mode_set;
	uint32_t mode; /* ClientAuthTrustMode */
} cs_sch_settings;

void cs_sch_settings_read(const cs_registry *r, cs_sch_settings *out);

typedef enum {
	CS_SCH_SOURCE_APP,                /* the application's store */
	CS_SCH_SOURCE_CLIENT_AUTH_ISSUER, /* the machine's ClientAuthIssuer */
	CS_SCH_SOURCE_ROOT,               /* the machine's logical Root */
} cs_sch_source;

typedef enum {
	CS_SCH_TRUST_MACHINE = 0,
	CS_SCH_TRUST_EXCLUSIVE_ROOT = 1,
	CS_SCH_TRUST_EXCLUSIVE_CA = 2,
} cs_sch_trust_mode;

typedef struct {
	const cs_profile *profile;
	const cs_schannel_profile *sp;
	cs_sch_source source;
	cs_sch_trust_mode mode; /* effective (machine trust without modes) */
	bool send;              /* the list goes into CertificateRequest */
	bool list_in_use; /* sent, or validation reads the truncated list */
	bool logs_36885;  /* in use and truncated */
	cs_sch_candidate *cand; /* owned: the source store, enumerated */
	size_t ncand;
	cs_sch_issuer_list list;
} cs_sch_server;

/* Decide source, mode and sending, and build the list. */
CS_MUST_USE cs_status cs_sch_server_prepare(cs_sch_server *out,
                                            const cs_profile *p,
                                            const cs_sch_stores *s,
                                            const cs_sch_settings *set);
/* The same with the columns given (the CLI's --limit / --count): sp must
 * outlive out. */
CS_MUST_USE cs_status cs_sch_server_prepare_sp(cs_sch_server *out,
                                               const cs_profile *p,
                                               const cs_schannel_profile *sp,
                                               const cs_sch_stores *s,
                                               const cs_sch_settings *set);
void cs_sch_server_free(cs_sch_server *s); /* NULL-safe */

/* The list as the client receives it: NULL/0 names when not sent. */
const uint8_t *cs_sch_server_wire(const cs_sch_server *s, size_t *len);

/* c is in the source store ("the caller-specified trusted issuer store" of
 * trust modes 1 and 2): the same certificate (DER), not only the name. */
bool cs_sch_server_source_has(const cs_sch_server *s, const cs_sch_stores *st,
                              const cs_sch_cert *c);

const char *cs_sch_source_name(cs_sch_source s);
const char *cs_sch_trust_mode_name(cs_sch_trust_mode m);

/* Events (System log, source Schannel), through the event catalogue: each
 * also leaves a trace observation "event". */
CS_MUST_USE cs_status cs_sch_log_36885(cs_world *w);
CS_MUST_USE cs_status cs_sch_log_36887(cs_world *w,
                                       const cs_schannel_profile *sp,
                                       unsigned alert);
/* The message texts, for the CLI and the tests. buf gets the 36887 text. */
const char *cs_sch_text_36885(void);
void cs_sch_text_36887(const cs_schannel_profile *sp, unsigned alert, char *buf,
                       size_t size);

#endif
