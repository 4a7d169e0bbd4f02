/* The OS profiles: one row per Windows (or Wine) version, one column per
 * behaviour that differs between them (docs/architecture.md). Wherever a
 * profile is named - a scenario's `profile` line, --profile, a fleet's
 * profile=mix(...) - it is one of these names. */
#ifndef CAPISIM_PROFILES_H
#define CAPISIM_PROFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/diag.h"
#include "capisim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CS_OK when name is a profile; else CS_ERR_NOT_FOUND with d's message
 * "unknown profile 'NAME' (known: xp-sp3, ...)". */
CAPISIM_API CS_MUST_USE cs_status capisim_profile_check(const char *name,
                                                        cs_diag *d);

/* The profiles named (n of them; all when n is 0) with every column of the
 * table, as text or as one JSON array (`capisim profiles [--json]`). An
 * unknown name fails as capisim_profile_check does, before anything is
 * written; CS_ERR_IO on a write error. */
CAPISIM_API CS_MUST_USE cs_status capisim_profiles_write(
    FILE *out, const char *const *names, size_t n, bool json, cs_diag *d);

#ifdef __cplusplus
}
#endif

#endif
