/* One case on one profile of the model, the way the test calls CryptoAPI:
 * the test's store as hAdditionalStore, the trusted roots in the machine's
 * Root store (the roots the Windows test machines trust; on wine-8 the
 * exclusive roots the probe gives Wine's engine), pTime, RequestedUsage,
 * then the policy with its CERT_CHAIN_POLICY_PARA. The equivalent command
 * is `capisim verify --additional ... --root ... --at ...` (docs/
 * conformance.md). */
#include <stdio.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "engine/machine.h"
#include "tests/conformance/conformance.h"

static const char unrelated_root[] = "_unrelated_root";

size_t cf_wine_roots(const cf_case *c, const char **roots)
{
	for (size_t i = 0; i < c->nroots; i++)
		roots[i] = c->roots[i];
	if (c->nroots)
		return c->nroots;
	roots[0] = unrelated_root;
	return 1;
}

static bool load(cs_machine *m, const char *name, const struct cs_cert **out)
{
	char path[256];
	cs_diag d = {0};
	snprintf(path, sizeof path, "certs/%s.der", name);
	return cs_cert_load(m->pool, path, out, &d) == CS_OK;
}

static bool fill(cs_machine *m, const char *const *v, size_t n, cs_store *s)
{
	for (size_t i = 0; i < n; i++) {
		const struct cs_cert *c;
		if (!load(m, v[i], &c) || cs_store_add(s, c) != CS_OK)
			return false;
	}
	return true;
}

static bool run(cs_machine *m, const cf_case *c, cf_result *out)
{
	const char *roots[CF_MAX_CERTS];
	size_t nroots = c->nroots;
	memcpy(roots, c->roots, sizeof roots);
	if (m->w.profile->is_wine)
		nroots = cf_wine_roots(c, roots);
	if (!fill(m, roots, nroots, &m->w.machine_stores[CS_STORE_ROOT]))
		return false;
	const struct cs_cert *leaf;
	if (!load(m, c->leaf, &leaf)) {
		out->fails = true; /* no certificate: no chain */
		return true;
	}
	cs_store additional;
	cs_store_init(&additional);
	bool ok =
	    !c->include_store || fill(m, c->store, c->nstore, &additional);
	cs_filetime at = c->at;
	cs_chain_para para = {
	    .account = m->w.acting,
	    .leaf = leaf,
	    .time = &at,
	    .flags = c->chain_flags,
	    .usages = c->usages,
	    .nusages = c->nusages,
	    .usage_match = c->match,
	    .additional = c->include_store ? &additional : NULL,
	};
	cs_chain_context ctx;
	cs_status st = ok ? cs_chain_get(m, &para, &ctx) : CS_ERR_INTERNAL;
	cs_store_free(&additional);
	if (st == CS_ERR_FORMAT && cs_chain_refusal(leaf)) {
		out->fails = true; /* CertGetCertificateChain returns FALSE */
		return true;
	}
	if (st != CS_OK)
		return false;
	out->chain = (cf_status){ctx.error_status, ctx.info_status};
	for (size_t i = 0; i < ctx.chain.n && i < CF_MAX_EL; i++)
		out->el[out->n++] =
		    (cf_status){ctx.chain.elements[i].error_status,
		                ctx.chain.elements[i].info_status};
	if (c->kind == CF_POLICY) {
		cs_policy_para pp = {
		    .policy = c->policy,
		    .flags = c->policy_flags,
		    .no_ssl_para = !c->ssl_para,
		    .auth_type = c->auth_type,
		    .ssl_checks = c->ssl_checks,
		    .server_name = c->server,
		};
		cs_policy_status ps;
		st = cs_chain_policy(m, &ctx, &pp, &ps);
		out->policy_call_failed = st == CS_ERR_NOT_FOUND;
		out->error = ps.error;
		out->chain_index = ps.chain_index;
		out->element_index = ps.element_index;
		ok = st == CS_OK || st == CS_ERR_NOT_FOUND;
	}
	cs_chain_context_free(&ctx);
	return ok;
}

bool cf_model_run(const char *dir, const cf_case *c, const cs_profile *p,
                  cf_result *out)
{
	memset(out, 0, sizeof *out);
	cs_pool *pool;
	if (cs_pool_new(&pool, dir) != CS_OK)
		return false;
	cs_machine m;
	bool ok = false;
	if (cs_machine_init(&m, pool, p, c->at, false) == CS_OK) {
		ok = run(&m, c, out);
		cs_machine_free(&m);
	}
	cs_pool_free(pool);
	return ok;
}
