/* Helpers shared by the chain engine's test suites: the basic/ fixtures
 * (fixtures/README.md), a pool per test, machines on a profile. */
#ifndef CAPISIM_TESTS_CHAIN_TESTKIT_H
#define CAPISIM_TESTS_CHAIN_TESTKIT_H

#include "engine/chain/chain.h"
#include "engine/machine.h"

#define CT_T_REF "2025-01-01T00:00:00Z" /* fixtures/README.md: basic/ */

/* The pool of the running test (created by ct_setup). */
extern cs_pool *ct_pool;

/* Check fixture hooks: a fresh pool per test. */
void ct_setup(void);
void ct_teardown(void);

/* basic/NAME, interned in ct_pool (fails the test if it does not load). */
const struct cs_cert *ct_load(const char *name);
cs_filetime ct_at(const char *iso);
/* A machine on profile (NULL = win10-22h2) at t, trace on. */
void ct_machine(cs_machine *m, const char *profile, cs_filetime t);
/* Add basic/NAME to the machine store s. */
void ct_add(cs_machine *m, cs_store_id s, const char *name);

#endif
