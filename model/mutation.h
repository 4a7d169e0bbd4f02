/* Mutations of machine state, counted (model/horizon.h says why). Every
 * function that changes the machine's state - the world's containers and
 * the engine areas' process memory - calls cs_mutated() or one of its
 * classed forms below. The counts are per thread and only grow: a step
 * that leaves cs_mutation_count unchanged changed nothing. The trace and
 * the event log are outputs, not state: they do not count.
 *
 * Classes (each also counts in cs_mutation_count), for results replayed
 * at a later boot (sim/scenario/boot_reuse.h), which must know what a
 * step changed and what changed between two boots:
 *   - world: the world's containers that outlive a reboot and hold no
 *     process memory - registry, certificate stores, the network, the
 *     accounts, the acting account, the PRNG, the profile;
 *   - cache fills: entries the chain engine's cache (engine/chain/cache.h)
 *     gains - process memory a reboot empties, whose one stored instant is
 *     compared only as cs_horizon_stamp says;
 *   - reboot: what cs_machine_reboot changes, counted by it.
 * Anything else (the other areas' process memory, URL caches on disk or
 * in memory, scheduled services) is unclassed: cs_mutated(). When in
 * doubt, cs_mutated(): it only makes fewer results reusable. */
#ifndef CAPISIM_MODEL_MUTATION_H
#define CAPISIM_MODEL_MUTATION_H

#include <stdint.h>

extern _Thread_local uint64_t cs_mutation_count;
extern _Thread_local uint64_t cs_mutation_world;
extern _Thread_local uint64_t cs_mutation_fills;
extern _Thread_local uint64_t cs_mutation_reboot;

static inline void cs_mutated(void)
{
	cs_mutation_count++;
}

static inline void cs_mutated_world(void)
{
	cs_mutation_count++;
	cs_mutation_world++;
}

static inline void cs_mutated_fill(void)
{
	cs_mutation_count++;
	cs_mutation_fills++;
}

/* The unclassed mutations so far. */
static inline uint64_t cs_mutation_other(void)
{
	return cs_mutation_count - cs_mutation_world - cs_mutation_fills -
	       cs_mutation_reboot;
}

#endif
