/* The Schannel area's scenario commands (rows in
 * engine/scenario/commands.c): `schannel issuer-list` and
 * `tls-client-auth`. See engine/schannel/scenario_cmds.c. */
#ifndef CAPISIM_ENGINE_SCHANNEL_SCENARIO_CMDS_H
#define CAPISIM_ENGINE_SCHANNEL_SCENARIO_CMDS_H

#include "engine/scenario/commands.h"

CS_MUST_USE cs_status cs_cmd_schannel_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_schannel_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_tls_client_auth_parse(cs_parse_ctx *pc,
                                                   cs_step *st);
CS_MUST_USE cs_status cs_cmd_tls_client_auth_run(cs_run_ctx *rc,
                                                 cs_outcome *out);

#endif
