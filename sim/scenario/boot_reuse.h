/* A boot's first occurrences of a repeated step, replayed at a later boot
 * of the same machine (docs/architecture.md, "Horizons": boots).
 *
 * After a reboot the engine areas' process memory is as a boot leaves it.
 * The first occurrence of an `every` step then plays cold on the engine -
 * it fills the chain engine's cache - and the second, one period later,
 * plays warm, changes nothing and becomes the memo the rest of the boot
 * replays (reuse.h). With a fleet's random reboots that is two engine
 * runs per boot; most boots of a machine play the very same two runs at
 * other times. The runner keeps them, per step, as a boot memo, and at a
 * later boot replays them - cold, warm, then the warm memo folded up to
 * the next reboot - instead of playing them, when that is exact:
 *
 *   - the cold run changed nothing but the chain engine's cache, whose one
 *     stored instant is compared only through cs_horizon_stamp, and no
 *     result compared a stored instant (model/horizon.h); the warm run
 *     changed nothing;
 *   - the process memory is as a boot leaves it, at both boots: nothing
 *     but the world's containers changed since the boot (model/mutation.h:
 *     only world mutations since it) - the reboot reset the rest;
 *   - the world is the one the cold run saw: no world mutation and no
 *     unclassed mutation since then (reboots aside), the same profile;
 *   - every time the runs compared can be moved: the later occurrences are
 *     before the horizons the runs reported (a comparison false for good
 *     stays false later), no timer is scheduled, and the runs read
 *     neither the boot time nor the boot count (cs_horizon_stamp);
 *   - nothing but this step happens until the next reboot or the run's
 *     end, which drops the process memory the runs would have filled - so
 *     it never has to exist. Otherwise the boot is played.
 *
 * Within a machine and a run only, with the trace off and no hook before
 * steps. `--reuse check` plays such boots on the engine and fails where
 * the cold or the warm run differs from the boot memo. */
#ifndef CAPISIM_SIM_SCENARIO_BOOT_REUSE_H
#define CAPISIM_SIM_SCENARIO_BOOT_REUSE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/profile.h"
#include "sim/scenario/reuse.h"

typedef struct {
	bool valid;
	const cs_profile *profile;
	/* cs_mutation_world and cs_mutation_other() when the cold run
	 * began: the world it saw */
	uint64_t world, other;
	cs_step_memo cold; /* the first occurrence after the boot */
	cs_step_memo warm; /* the next one, one period later */
} cs_boot_memo;

void cs_boot_memo_free(cs_boot_memo *b, cs_trace *tr);

/* Whether b stands for the cold run of a boot of m now: the same world
 * and profile, and now within the cold run's horizon. */
bool cs_boot_memo_matches(const cs_boot_memo *b, const cs_machine *m);

#endif
