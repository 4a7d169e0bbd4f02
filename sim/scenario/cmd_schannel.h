/* The Schannel area's scenario commands (rows in
 * sim/scenario/commands.c): `schannel issuer-list` and
 * `tls-client-auth`. See sim/scenario/cmd_schannel.c. */
#ifndef CAPISIM_SIM_SCENARIO_CMD_SCHANNEL_H
#define CAPISIM_SIM_SCENARIO_CMD_SCHANNEL_H

#include "sim/scenario/commands.h"

CS_MUST_USE cs_status cs_cmd_schannel_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_schannel_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_tls_client_auth_parse(cs_parse_ctx *pc,
                                                   cs_step *st);
CS_MUST_USE cs_status cs_cmd_tls_client_auth_run(cs_run_ctx *rc,
                                                 cs_outcome *out);

#endif
