/* Helpers shared by the revocation test suites (rev_testkit.h). */
#include "rev_testkit.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

const char *rt_fixtures(void)
{
	const char *dir = getenv("CAPISIM_FIXTURES");
	return dir ? dir : "fixtures/data";
}

cs_filetime rt_at(const char *iso)
{
	cs_filetime t;
	ck_assert(cs_time_parse(iso, &t, NULL, NULL) == CS_OK);
	return t;
}

const struct cs_cert *rt_cert(cs_pool *pool, const char *path)
{
	const struct cs_cert *c;
	cs_diag d;
	ck_assert_msg(cs_cert_load(pool, path, &c, &d) == CS_OK, "%s", d.msg);
	return c;
}

void rt_serve(cs_machine *m, cs_pool *pool, const char *url, const char *path,
              cs_filetime from, int64_t latency)
{
	cs_net_rule r = {.url = (char *)url,
	                 .from = from,
	                 .until = CS_NET_FOREVER,
	                 .outcome = CS_NET_OK,
	                 .http_status = 200};
	cs_diag d;
	ck_assert(cs_pool_file(pool, path, &r.body, &r.body_name, &d) == CS_OK);
	ck_assert(cs_net_add_rule(&m->w.net, &r) == CS_OK);
	if (latency)
		ck_assert(cs_net_set_latency(&m->w.net, url, latency) == CS_OK);
}

int rt_wire_fetches(const cs_machine *m, const char *url, size_t since,
                    const char *purpose)
{
	int n = 0;
	for (size_t i = since; i < m->w.trace.n; i++) {
		const cs_obs *o = &m->w.trace.obs[i];
		const char *u = cs_obs_get_str(o, "url");
		const char *f = cs_obs_get_str(o, "from");
		const char *p = cs_obs_get_str(o, "purpose");
		if (strcmp(o->kind, "fetch") == 0 && u && f &&
		    strcmp(u, url) == 0 && strcmp(f, "wire") == 0 &&
		    (!purpose || (p && strcmp(p, purpose) == 0)))
			n++;
	}
	return n;
}
