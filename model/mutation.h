/* Mutations of machine state, counted (model/horizon.h says why). Every
 * function that changes the machine's state - the world's containers and
 * the engine areas' process memory - calls cs_mutated(). The count is per
 * thread and only grows: a step that leaves it unchanged changed nothing.
 * The trace and the event log are outputs, not state: they do not count. */
#ifndef CAPISIM_MODEL_MUTATION_H
#define CAPISIM_MODEL_MUTATION_H

#include <stdint.h>

extern _Thread_local uint64_t cs_mutation_count;

static inline void cs_mutated(void)
{
	cs_mutation_count++;
}

#endif
