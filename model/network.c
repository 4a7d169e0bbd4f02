#include "model/network.h"

#include <stdlib.h>
#include "model/alloc.h"
#include <string.h>

#include "model/mutation.h"
#include "model/ascii.h"

bool cs_url_eq(const char *a, const char *b)
{
	/* scheme://host is case-insensitive; the path is not. */
	const char *sep = strstr(a, "://");
	size_t ci = sep ? (size_t)(sep - a) + 3 : 0;
	if (sep)
		ci += strcspn(a + ci, "/?#");
	size_t i = 0;
	for (; a[i] && b[i]; i++) {
		if (i < ci ? cs_ascii_lower(a[i]) != cs_ascii_lower(b[i])
		           : a[i] != b[i])
			return false;
	}
	return a[i] == b[i];
}

void cs_net_init(cs_network *n)
{
	memset(n, 0, sizeof *n);
}

void cs_net_free(cs_network *n)
{
	for (size_t i = 0; i < n->nrules; i++)
		free(n->rules[i].url);
	for (size_t i = 0; i < n->nlat; i++)
		free(n->latencies[i].url);
	free(n->rules);
	free(n->latencies);
	memset(n, 0, sizeof *n);
}

cs_status cs_net_add_rule(cs_network *n, const cs_net_rule *r)
{
	if (n->nrules == n->caprules) {
		size_t cap = n->caprules ? n->caprules * 2 : 8;
		cs_net_rule *nr = cs_realloc(n->rules, cap * sizeof *nr);
		if (!nr)
			return cs_alloc_failed();
		n->rules = nr;
		n->caprules = cap;
	}
	char *url = cs_strdup(r->url);
	if (!url)
		return cs_alloc_failed();
	n->rules[n->nrules] = *r;
	n->rules[n->nrules].url = url;
	n->nrules++;
	cs_mutated();
	return CS_OK;
}

cs_status cs_net_set_latency(cs_network *n, const char *url, int64_t ticks)
{
	for (size_t i = 0; i < n->nlat; i++)
		if (cs_url_eq(n->latencies[i].url, url)) {
			n->latencies[i].ticks = ticks;
			cs_mutated();
			return CS_OK;
		}
	if (n->nlat == n->caplat) {
		size_t cap = n->caplat ? n->caplat * 2 : 4;
		cs_net_latency *nl = cs_realloc(n->latencies, cap * sizeof *nl);
		if (!nl)
			return cs_alloc_failed();
		n->latencies = nl;
		n->caplat = cap;
	}
	char *u = cs_strdup(url);
	if (!u)
		return cs_alloc_failed();
	n->latencies[n->nlat++] = (cs_net_latency){u, ticks};
	cs_mutated();
	return CS_OK;
}

cs_status cs_net_clone(cs_network *dst, const cs_network *src)
{
	cs_net_init(dst);
	for (size_t i = 0; i < src->nrules; i++)
		if (cs_net_add_rule(dst, &src->rules[i]) != CS_OK)
			goto oom;
	for (size_t i = 0; i < src->nlat; i++)
		if (cs_net_set_latency(dst, src->latencies[i].url,
		                       src->latencies[i].ticks) != CS_OK)
			goto oom;
	return CS_OK;
oom:
	cs_net_free(dst);
	return cs_alloc_failed();
}

void cs_net_request(const cs_network *n, const char *url, cs_filetime t,
                    cs_net_response *out)
{
	memset(out, 0, sizeof *out);
	out->outcome = CS_NET_DNS;
	out->changes_at = CS_NET_FOREVER;
	bool decided = false;
	for (size_t i = n->nrules; i-- > 0;) {
		const cs_net_rule *r = &n->rules[i];
		if (!cs_url_eq(r->url, url))
			continue;
		/* every window edge of the URL's rules ahead of t, decided
		 * or not: an older rule's window matters once a newer one
		 * ends */
		if (r->from > t && r->from < out->changes_at)
			out->changes_at = r->from;
		if (r->until > t && r->until < out->changes_at)
			out->changes_at = r->until;
		if (!decided && t >= r->from && t < r->until) {
			out->outcome = r->outcome;
			out->http_status = r->http_status;
			out->body = r->body;
			out->body_name = r->body_name;
			decided = true;
		}
	}
	for (size_t i = 0; i < n->nlat; i++)
		if (cs_url_eq(n->latencies[i].url, url))
			out->latency = n->latencies[i].ticks;
}
