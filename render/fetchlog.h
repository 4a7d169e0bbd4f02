/* The HTTP request log of a run in the W3C extended format IIS writes
 * (`capisim run --fetch-log`). */
#ifndef CAPISIM_RENDER_FETCHLOG_H
#define CAPISIM_RENDER_FETCHLOG_H

#include <stdio.h>

#include "sim/scenario/scenario.h"

/* The W3C extended log (#Software, #Version, #Date, #Fields header, then
 * one line per request that reached a server): date time s-ip cs-method
 * cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs-host
 * sc-status sc-substatus sc-win32-status sc-bytes time-taken. Requests are
 * the trace's "fetch" observations that went to the wire and got an HTTP
 * answer (a name that does not resolve, a refused connection or a timeout
 * never reaches a server's log). The user agent is the profile's. */
CS_MUST_USE cs_status cs_fetchlog_write(const cs_scenario *s,
                                        const cs_machine *m, FILE *out);
/* The same from n observations (those a streamed run kept: the ones
 * cs_fetchlog_wants). */
CS_MUST_USE cs_status cs_fetchlog_write_obs(const cs_scenario *s,
                                            const cs_obs *obs, size_t n,
                                            FILE *out);
bool cs_fetchlog_wants(const cs_obs *o);

#endif
