/* Shared by the policy files of the chain engine (policy.c, policy_more.c). */
#ifndef CAPISIM_ENGINE_CHAIN_POLICY_INTERNAL_H
#define CAPISIM_ENGINE_CHAIN_POLICY_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/chain/chain.h"
#include "model/profile_chain.h"

/* When the context carries bits: set out to hr at the first element that
 * carries them ((0, -1) when only the chain does) and return true. */
bool cs_policy_fail(const cs_chain_context *ctx, uint32_t bits, uint32_t hr,
                    cs_policy_status *out);
/* CERT_CHAIN_POLICY_BASE with dwFlags f. */
void cs_policy_base(const cs_chain_profile *pr, const cs_chain_context *ctx,
                    uint32_t f, cs_policy_status *out);
/* CERT_CHAIN_POLICY_BASIC_CONSTRAINTS with dwFlags f. */
void cs_policy_basic_constraints(const cs_chain_context *ctx, uint32_t f,
                                 cs_policy_status *out);
/* AUTHENTICODE, AUTHENTICODE_TS, NT_AUTH, MICROSOFT_ROOT (policy_more.c).
 * Returns whether a success sets both indexes to -1 (false: they stay as
 * the caller's zeroed CERT_CHAIN_POLICY_STATUS had them, 0). */
bool cs_policy_more(cs_machine *m, const cs_chain_profile *pr,
                    const cs_chain_context *ctx, const cs_policy_para *p,
                    cs_policy_status *out);

#endif
