/* The trusted-issuer list of a Schannel server for people (a table) and
 * programs (one JSON object). */
#ifndef CAPISIM_RENDER_ISSUER_LIST_VIEW_H
#define CAPISIM_RENDER_ISSUER_LIST_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/schannel/server.h"

/* send_set: SendTrustedIssuerList was set (else the profile's default
 * applies, and the table says so). CS_ERR_IO on a write error. */
CS_MUST_USE cs_status cs_issuer_list_write(const cs_sch_server *s,
                                           bool send_set, bool json, FILE *out);

#endif
