/* A simulated machine: the world (model/) plus each engine area's in-memory
 * state - what lives in processes and is lost on reboot (the chain engine's
 * cache, cryptnet's memory cache and offline back-off, the in-memory copy of
 * authroot.stl, Schannel's state).
 *
 * Areas plug in through one table (engine/areas.c): each row gives the
 * area's create / clone / reboot / free functions. `reboot` keeps what is on
 * disk (the world) and drops what a process held. An area with no in-memory
 * state leaves its row's functions NULL. */
#ifndef CAPISIM_ENGINE_MACHINE_H
#define CAPISIM_ENGINE_MACHINE_H

#include "capisim/status.h"
#include "pki/pool.h"
#include "model/world.h"

typedef enum {
	CS_AREA_CHAIN,      /* chain engine cache: engine/chain */
	CS_AREA_CRYPTNET,   /* memory URL cache, offline back-off: revocation */
	CS_AREA_AUTOUPDATE, /* in-memory authroot.stl, sync state */
	CS_AREA_SCHANNEL,   /* issuer list state */
	CS_AREA_COUNT
} cs_area;

struct cs_machine;

typedef struct {
	const char *name;
	CS_MUST_USE cs_status (*create)(struct cs_machine *m, void **state);
	CS_MUST_USE cs_status (*clone)(void **dst, const void *src);
	void (*reboot)(struct cs_machine *m, void *state);
	void (*free)(void *state);
} cs_area_ops;

extern const cs_area_ops cs_area_table[CS_AREA_COUNT];

typedef struct cs_machine {
	cs_world w;
	cs_pool *pool;             /* borrowed: shared by a fleet */
	void *area[CS_AREA_COUNT]; /* each area's own state, or NULL */
} cs_machine;

CS_MUST_USE cs_status cs_machine_init(cs_machine *m, cs_pool *pool,
                                      const cs_profile *p, cs_filetime start,
                                      bool trace_enabled);
void cs_machine_free(cs_machine *m);
CS_MUST_USE cs_status cs_machine_clone(cs_machine *dst, const cs_machine *src);
/* Drop every process's memory; the disk (world) stays. Records a trace
 * observation "reboot". */
void cs_machine_reboot(cs_machine *m);

#endif
