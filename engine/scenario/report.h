/* Views of a finished run: the readable timeline (`capisim run`), the list
 * of failed expectations, and the HTTP request log in the W3C extended
 * format IIS writes (`--fetch-log`). All are derived from the trace, so they
 * show exactly what the trace records. */
#ifndef CAPISIM_ENGINE_SCENARIO_REPORT_H
#define CAPISIM_ENGINE_SCENARIO_REPORT_H

#include <stdio.h>

#include "engine/scenario/scenario.h"

/* Time, account, action, outcome, then the events, fetches and failed
 * expectations each step caused. CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_timeline_write(const cs_scenario *s,
                                        const cs_machine *m,
                                        const cs_run_result *res, FILE *out);

/* "FILE:LINE:COL: expectation failed: expect ITEM: found ... (at TIME,
 * N of M times)" for each failure. */
void cs_failures_write(const cs_run_result *res, FILE *out);

/* The W3C extended log (#Software, #Version, #Date, #Fields header, then
 * one line per request that reached a server): date time s-ip cs-method
 * cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs-host
 * sc-status sc-substatus sc-win32-status sc-bytes time-taken. Requests are
 * the trace's "fetch" observations that went to the wire and got an HTTP
 * answer (a name that does not resolve, a refused connection or a timeout
 * never reaches a server's log). The user agent is the profile's. */
CS_MUST_USE cs_status cs_fetchlog_write(const cs_scenario *s,
                                        const cs_machine *m, FILE *out);

#endif
