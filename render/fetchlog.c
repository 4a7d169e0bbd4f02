/* The fetch log in the W3C extended format IIS writes (see fetchlog.h).
 *
 * Shape from samples/iis_w3c_headers_and_cryptoapi_requests.txt (IIS 7.5 /
 * 10 headers) and seed 003's CA log line ("GET /CertEnroll/XXX-CA(1).crl -
 * 80 - ... Microsoft-CryptoAPI/6.1 200 0 0 218"). The virtual network has
 * one server for every host: cs-host says which was asked. Addresses are
 * documentation addresses (RFC 5737): the server 192.0.2.1, the simulated
 * machine 192.0.2.10. Spaces in the user agent become '+', as IIS writes
 * them. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render/fetchlog.h"

#define SERVER_IP "192.0.2.1"
#define CLIENT_IP "192.0.2.10"

/* key's number, 0 when absent. */
static int64_t int_or_0(const cs_obs *o, const char *key)
{
	int64_t v = 0;
	cs_obs_get_int(o, key, &v);
	return v;
}

/* A request that a server answered with an HTTP status. */
static bool reached_server(const cs_obs *o)
{
	if (strcmp(o->kind, "fetch") != 0)
		return false;
	const char *from = cs_obs_get_str(o, "from");
	if (from && strcmp(from, "wire") != 0)
		return false;
	return int_or_0(o, "http_status") > 0;
}

/* "2014-04-16 10:51:34" */
static void w3c_time(cs_filetime t, char *date, char *time_of_day)
{
	cs_civil c;
	cs_filetime_to_civil(t, &c);
	snprintf(date, 11, "%04d-%02d-%02d", c.year, c.month, c.day);
	snprintf(time_of_day, 9, "%02d:%02d:%02d", c.hour, c.min, c.sec);
}

/* Split url into host, port, path and query (IIS logs the path as
 * cs-uri-stem and the query without '?' as cs-uri-query, "-" if none). */
static void split_url(const char *url, char *host, size_t hcap, int *port,
                      char *stem, size_t scap, char *query, size_t qcap)
{
	const char *p = strstr(url, "://");
	bool https = strncmp(url, "https", 5) == 0;
	p = p ? p + 3 : url;
	size_t hl = strcspn(p, "/?#");
	snprintf(host, hcap, "%.*s", (int)hl, p);
	*port = https ? 443 : 80;
	char *colon = strchr(host, ':');
	if (colon) {
		*port = atoi(colon + 1);
		*colon = '\0';
	}
	p += hl;
	size_t sl = strcspn(p, "?#");
	snprintf(stem, scap, "%.*s", (int)(sl ? sl : 1), sl ? p : "/");
	p += sl;
	if (*p == '?')
		snprintf(query, qcap, "%.*s", (int)strcspn(p + 1, "#"), p + 1);
	else
		snprintf(query, qcap, "-");
}

bool cs_fetchlog_wants(const cs_obs *o)
{
	return reached_server(o);
}

cs_status cs_fetchlog_write(const cs_scenario *s, const cs_machine *m,
                            FILE *out)
{
	return cs_fetchlog_write_obs(s, m->w.trace.obs, m->w.trace.n, out);
}

cs_status cs_fetchlog_write_obs(const cs_scenario *s, const cs_obs *obs,
                                size_t n, FILE *out)
{
	cs_filetime first = s->start;
	for (size_t i = 0; i < n; i++)
		if (reached_server(&obs[i])) {
			first = obs[i].t;
			break;
		}
	char date[16], tod[16];
	w3c_time(first, date, tod);
	char ua[256];
	const char *agent = s->profile->user_agent;
	snprintf(ua, sizeof ua, "%s", agent[0] ? agent : "-");
	for (char *c = ua; *c; c++)
		if (*c == ' ')
			*c = '+';
	fprintf(out,
	        "#Software: Microsoft Internet Information Services 7.5\n"
	        "#Version: 1.0\n"
	        "#Date: %s %s\n"
	        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query "
	        "s-port cs-username c-ip cs(User-Agent) cs-host sc-status "
	        "sc-substatus sc-win32-status sc-bytes time-taken\n",
	        date, tod);
	for (size_t i = 0; i < n; i++) {
		const cs_obs *o = &obs[i];
		if (!reached_server(o))
			continue;
		const char *url = cs_obs_get_str(o, "url");
		if (!url)
			continue;
		char host[256], stem[2048], query[2048];
		int port;
		split_url(url, host, sizeof host, &port, stem, sizeof stem,
		          query, sizeof query);
		w3c_time(o->t, date, tod);
		int64_t status = int_or_0(o, "http_status");
		int64_t bytes = int_or_0(o, "bytes");
		/* time-taken in ms: the latency the network rule gave */
		int64_t ms = int_or_0(o, "elapsed_ms");
		fprintf(out,
		        "%s %s " SERVER_IP " GET %s %s %d - " CLIENT_IP
		        " %s %s %" PRId64 " 0 0 %" PRId64 " %" PRId64 "\n",
		        date, tod, stem, query, port, ua, host, status, bytes,
		        ms);
	}
	return ferror(out) ? CS_ERR_IO : CS_OK;
}
