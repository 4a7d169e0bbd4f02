/* Helpers shared by the revocation and cryptnet test suites: fixtures from
 * a pool, URLs served on a machine's virtual network, wire fetches counted
 * in its trace. */
#ifndef CAPISIM_TESTS_REV_TESTKIT_H
#define CAPISIM_TESTS_REV_TESTKIT_H

#include <stddef.h>
#include <stdint.h>

#include "pki/cert.h"
#include "engine/machine.h"

/* The fixtures folder: $CAPISIM_FIXTURES or fixtures/data. */
const char *rt_fixtures(void);
/* An ISO 8601 UTC time (fails the test if it does not parse). */
cs_filetime rt_at(const char *iso);
/* path (relative to the pool's base) as a certificate, interned in pool. */
const struct cs_cert *rt_cert(cs_pool *pool, const char *path);
/* Serve the file at path (relative to the pool's base) at url on m's
 * network from time from on; latency ticks per answer when not 0. */
void rt_serve(cs_machine *m, cs_pool *pool, const char *url, const char *path,
              cs_filetime from, int64_t latency);
/* Fetch observations of url that went to the wire, from trace index since
 * on; purpose, when not NULL, must match too. */
int rt_wire_fetches(const cs_machine *m, const char *url, size_t since,
                    const char *purpose);

#endif
