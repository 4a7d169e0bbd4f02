/* The virtual network: what each URL answers, over time. Never a socket.
 *
 * A scenario adds rules (`serve URL FILE [from T] [until T]`, `fail URL
 * http=404|timeout|refused|dns`, `latency URL D`). For a request at time t the
 * newest rule for the URL whose window [from, until) holds t decides; with no
 * rule the host does not resolve (dns). URLs compare exactly except for the
 * scheme and host, which compare case-insensitively. */
#ifndef CAPISIM_MODEL_NETWORK_H
#define CAPISIM_MODEL_NETWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "capisim/clock.h"
#include "capisim/status.h"
#include "model/bytes.h"

typedef enum {
	CS_NET_OK,         /* HTTP 200 with a body */
	CS_NET_HTTP_ERROR, /* another HTTP status */
	CS_NET_TIMEOUT,    /* no answer within the caller's timeout */
	CS_NET_REFUSED,    /* TCP connection refused */
	CS_NET_DNS,        /* host name does not resolve */
} cs_net_outcome;

#define CS_NET_FOREVER INT64_MAX

typedef struct {
	char *url;
	cs_filetime from, until; /* [from, until) */
	cs_net_outcome outcome;
	int http_status;       /* 200 for OK, else the error status */
	cs_bytes body;         /* borrowed from the object pool */
	const char *body_name; /* fixture path, for traces; borrowed */
} cs_net_rule;

typedef struct {
	char *url;
	int64_t ticks;
} cs_net_latency;

typedef struct {
	cs_net_rule *rules;
	size_t nrules, caprules;
	cs_net_latency *latencies;
	size_t nlat, caplat;
} cs_network;

typedef struct {
	cs_net_outcome outcome;
	int http_status;
	cs_bytes body;
	const char *body_name;
	int64_t latency; /* ticks the answer takes (0 = instant) */
	/* The next instant a rule for this URL starts or ends (the answer
	 * can change then; CS_NET_FOREVER: never). */
	cs_filetime changes_at;
} cs_net_response;

void cs_net_init(cs_network *n);
void cs_net_free(cs_network *n);
CS_MUST_USE cs_status cs_net_clone(cs_network *dst, const cs_network *src);
CS_MUST_USE cs_status cs_net_add_rule(cs_network *n, const cs_net_rule *r);
CS_MUST_USE cs_status cs_net_set_latency(cs_network *n, const char *url,
                                         int64_t ticks);
/* What a request for url at time t gets. Pure: requests are logged by the
 * caller (the trace and the fetch log), not here. */
void cs_net_request(const cs_network *n, const char *url, cs_filetime t,
                    cs_net_response *out);
bool cs_url_eq(const char *a, const char *b);

#endif
