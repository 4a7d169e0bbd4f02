/* The scenario command `service CryptSvc start|stop|restart|sync`
 * (a row of sim/scenario/commands.c; docs/scenario-language.md). */
#ifndef CAPISIM_SIM_SCENARIO_CMD_SERVICE_H
#define CAPISIM_SIM_SCENARIO_CMD_SERVICE_H

#include "sim/scenario/commands.h"

CS_MUST_USE cs_status cs_cmd_service_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_service_run(cs_run_ctx *rc, cs_outcome *out);

/* What `service CryptSvc VERB` does to the machine (also what `restart
 * service CryptSvc` does): start, stop, restart, or sync (one sync now,
 * whether the service runs or not). CS_ERR_SYNTAX for another verb. */
CS_MUST_USE cs_status cs_cryptsvc_command(cs_machine *m, const char *verb);

#endif
