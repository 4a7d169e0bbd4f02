/* The one syntax for a time on every input: `capisim time`, --at, --until,
 * and a scenario's `start`, `at`, `until` and at= (docs/scenario-language.md,
 * "Times"). A value, then any number of signed offsets ("+7d", "-1h30m"):
 *
 *   2010-07-09T12:00:00Z, 2010-07-09   ISO 8601 UTC (cs_time_parse)
 *   ft:133801632000000000, ft:0x01..  a FILETIME, decimal or hex ticks
 *   unix:1278676800                   Unix seconds (may be negative)
 *   bin:00c080acf91ecb01              REG_BINARY as `reg query` prints it
 *   now                               the scenario's clock (scenarios only)
 *
 * A bare number is refused with a hint (ft: or unix:), never read as a
 * year. */
#ifndef CAPISIM_MODEL_TIME_EXPR_H
#define CAPISIM_MODEL_TIME_EXPR_H

#include <stddef.h>

#include "capisim/clock.h"
#include "capisim/status.h"

/* now: the value of "now", or NULL where there is none (the command line).
 * On error CS_ERR_SYNTAX with *err_col (0-based, may be NULL) and *why (a
 * static text: what was expected). */
CS_MUST_USE cs_status cs_time_expr_parse(const char *s, const cs_filetime *now,
                                         cs_filetime *out, size_t *err_col,
                                         const char **why);

#endif
