/* `del`, `rd`, `move`, `dir` on the folders the model holds (model/fs_paths.h).
 */
#ifndef CAPISIM_SIM_SCENARIO_CMD_FILES_H
#define CAPISIM_SIM_SCENARIO_CMD_FILES_H

#include "sim/scenario/commands.h"

CS_MUST_USE cs_status cs_cmd_del_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_rd_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_move_parse(cs_parse_ctx *pc, cs_step *st);
/* Run any of the three: empty what the path names. */
CS_MUST_USE cs_status cs_cmd_files_run(cs_run_ctx *rc, cs_outcome *out);
/* `dir PATH`: list an X509Objects folder (model/fs_paths.h). */
CS_MUST_USE cs_status cs_cmd_dir_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_dir_run(cs_run_ctx *rc, cs_outcome *out);

#endif
