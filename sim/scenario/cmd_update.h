/* Updates: `install KBnnnnnnn` (an update a profile column knows: KB
 * 2677070) and `windows-update scan` (the Windows Update agent reaching its
 * service over TLS, unless its data store spares it: seed 004). */
#ifndef CAPISIM_SIM_SCENARIO_CMD_UPDATE_H
#define CAPISIM_SIM_SCENARIO_CMD_UPDATE_H

#include "sim/scenario/commands.h"

CS_MUST_USE cs_status cs_cmd_install_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_install_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_wu_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_wu_run(cs_run_ctx *rc, cs_outcome *out);

#endif
