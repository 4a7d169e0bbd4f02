/* The engine areas' state hooks (see engine/machine.h). One row per area;
 * an area that keeps no in-memory state has an all-NULL row. */
#include "engine/autoupdate/autoupdate.h"
#include "engine/chain/cache.h"
#include "engine/cryptnet/process.h"
#include "engine/machine.h"

const cs_area_ops cs_area_table[CS_AREA_COUNT] = {
    [CS_AREA_CHAIN] = {"chain", cs_chain_cache_create, cs_chain_cache_clone,
                       cs_chain_cache_reboot, cs_chain_cache_free},
    [CS_AREA_CRYPTNET] = {"cryptnet", cs_cryptnet_area_create,
                          cs_cryptnet_area_clone, cs_cryptnet_area_reboot,
                          cs_cryptnet_area_free},
    [CS_AREA_AUTOUPDATE] = {"autoupdate", cs_autoupdate_area_create,
                            cs_autoupdate_area_clone, cs_autoupdate_area_reboot,
                            cs_autoupdate_area_free},
    [CS_AREA_SCHANNEL] = {"schannel", NULL, NULL, NULL, NULL},
};
