/* The profiles table for people and programs (`capisim profiles`). */
#ifndef CAPISIM_RENDER_PROFILES_VIEW_H
#define CAPISIM_RENDER_PROFILES_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "capisim/status.h"

/* The profiles named (all of them when n is 0; every name must be one),
 * in the table's order, as text or as one JSON array. CS_ERR_IO on a
 * write error. */
CS_MUST_USE cs_status cs_profiles_write(FILE *out, const char *const *names,
                                        size_t n, bool json);

#endif
