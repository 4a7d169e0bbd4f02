/* Helpers shared by the chain engine's test suites (chain_testkit.h). */
#include "chain_testkit.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

cs_pool *ct_pool;
static char fixture_dir[512];

void ct_setup(void)
{
	const char *dir = getenv("CAPISIM_FIXTURES");
	snprintf(fixture_dir, sizeof fixture_dir, "%s",
	         dir ? dir : "fixtures/data");
	ck_assert_int_eq(cs_pool_new(&ct_pool, "."), CS_OK);
}

void ct_teardown(void)
{
	cs_pool_free(ct_pool);
	ct_pool = NULL;
}

const struct cs_cert *ct_load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/basic/%s", fixture_dir, name);
	cs_diag d = {0};
	const struct cs_cert *c = NULL;
	cs_status st = cs_cert_load(ct_pool, path, &c, &d);
	ck_assert_msg(st == CS_OK, "load %s: %s", path, d.msg);
	return c;
}

cs_filetime ct_at(const char *iso)
{
	cs_filetime t;
	ck_assert_int_eq(cs_time_parse(iso, &t, NULL, NULL), CS_OK);
	return t;
}

void ct_machine(cs_machine *m, const char *profile, cs_filetime t)
{
	const cs_profile *p = cs_profile_find(profile ? profile : "win10-22h2");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cs_machine_init(m, ct_pool, p, t, true), CS_OK);
}

void ct_add(cs_machine *m, cs_store_id s, const char *name)
{
	ck_assert_int_eq(cs_store_add(&m->w.machine_stores[s], ct_load(name)),
	                 CS_OK);
}
