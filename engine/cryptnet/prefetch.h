/* cryptnet's pre-fetch of cached CRLs (Vista / 2008 and later, DOC
 * "Pre-Fetching" ee619723 and "Crypt32 certificate revocation list (CRL)
 * semantics"; wincrypt.h CRYPTNET_PRE_FETCH_*).
 *
 * A CRL that carries Next CRL Publish (1.3.6.1.4.1.311.21.4) is fetched
 * again ahead of its NextUpdate, at a random time inside the window
 *   PublishPeriod = NextUpdate - PublishTime   (PublishTime = Next CRL Publish)
 *   start = PublishTime + PublishPeriod / AfterPublishPreFetchDivisor (10)
 *   end   = NextUpdate  - PublishPeriod / BeforeNextUpdatePreFetchDivisor (20)
 * only when end - start exceeds the minimum window (3600 s). The random
 * time comes from the world's seeded PRNG (cs_world_rand) when the copy is
 * stored, so a run replays. Scans happen every trigger period (600 s) from
 * boot; a scan fetches every disk-cache entry whose time has come.
 *
 * Not pre-fetched (DOC): CRLs fetched because every OCSP URL of the
 * certificate failed (entry.prefetch_exempt), and a pre-fetched copy that no
 * chain has used since (entry.used == false: "pre-fetching is stopped until
 * the client initiates a new on demand download"). A failed pre-fetch is not
 * retried until the next on-demand download (H-rev-6). The pre-fetch writes
 * the account's disk cache only; a process picks the newer copy up at its
 * next cache lookup (engine/cryptnet/retrieve.c). OCSP responses and the
 * after-NextUpdate window of wincrypt.h are not modelled. */
#ifndef CAPISIM_ENGINE_CRYPTNET_PREFETCH_H
#define CAPISIM_ENGINE_CRYPTNET_PREFETCH_H

#include "capisim/clock.h"
#include "capisim/status.h"
#include "engine/cryptnet/retrieve.h"
#include "engine/machine.h"
#include "model/network.h"

/* When a copy of body just downloaded should be pre-fetched; 0 = never
 * (not a CRL, no Next CRL Publish, window too short, profile without
 * pre-fetch). Draws from the world's PRNG when a window exists. */
cs_filetime cs_prefetch_time(cs_machine *m, cs_cryptnet_kind kind,
                             cs_bytes body);

/* The pre-fetch timer (sim/scenario/agenda.h): the instant of the next
 * scan (every trigger period from boot) that has an entry to fetch, or
 * CS_NET_FOREVER; and the scan itself, at m->w.now. */
cs_filetime cs_cryptnet_prefetch_next(const cs_machine *m);
CS_MUST_USE cs_status cs_cryptnet_prefetch_scan(cs_machine *m);

#endif
