/* The situation `capisim verify` builds (verify_build.h). */
#include "api/verify_build.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "model/alloc.h"
#include "pki/cert.h"
#include "pki/crl.h"
#include "pki/storeadd.h"
#include "model/profile_chain.h"

static cs_status load_into(cs_machine *m, const file_list *l, cs_store *s,
                           cs_diag *d)
{
	for (int i = 0; i < l->n; i++) {
		const struct cs_cert **certs;
		size_t n;
		/* A PEM bundle adds every certificate it holds. */
		cs_status st =
		    cs_cert_load_all(m->pool, l->files[i], &certs, &n, d);
		if (st != CS_OK)
			return st;
		for (size_t k = 0; k < n && st == CS_OK; k++)
			st = cs_store_add(s, certs[k]);
		free(certs);
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

/* CRLs into a store, as `certutil -addstore CA FILE.crl` puts them there:
 * the store step of the chain's CRL lookup order (RULES.md 4). A newer CRL
 * of an issuer replaces an older one (CERT_STORE_ADD_NEWER). */
static cs_status load_crls_into(cs_machine *m, const file_list *l, cs_store *s,
                                cs_diag *d)
{
	for (int i = 0; i < l->n; i++) {
		cs_bytes der;
		const cs_crl *crl;
		cs_status st =
		    cs_pool_file(m->pool, l->files[i], &der, NULL, d);
		if (st != CS_OK)
			return st;
		st = cs_crl_get(m->pool, der, &crl);
		if (st == CS_ERR_FORMAT)
			cs_diag_set(d, l->files[i], 0, 0,
			            "not a CRL (DER or its bare CRL_INFO)");
		cs_store_add_result r;
		if (st == CS_OK)
			st = cs_store_add_crl(s, crl, CS_STORE_ADD_NEWER, &r);
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

/* Wine's roots: the host bundle (RULES.md 3). A missing bundle is no roots. */
static cs_status load_bundle(cs_machine *m, const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	if (!bio)
		return CS_OK;
	X509 *x;
	cs_status st = CS_OK;
	while (st == CS_OK && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		unsigned char *der = NULL;
		int n = i2d_X509(x, &der);
		const struct cs_cert *c;
		cs_diag d = {0};
		/* a certificate the model cannot read is left out, as
		 * Wine skips it */
		if (n > 0 &&
		    cs_cert_from_der(m->pool, (cs_bytes){der, (size_t)n}, &c,
		                     &d) == CS_OK)
			st = cs_store_add(&m->w.machine_stores[CS_STORE_ROOT],
			                  c);
		OPENSSL_free(der);
		X509_free(x);
	}
	BIO_free(bio);
	return st;
}

X509_CRL *api_read_crl(cs_bytes b)
{
	const unsigned char *p = b.data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)b.len);
	if (!crl) {
		BIO *bio = BIO_new_mem_buf(b.data, (int)b.len);
		crl = bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
	}
	return crl;
}

static cs_status serve_at(cs_machine *m, const char *url, cs_bytes b,
                          const char *name)
{
	cs_net_rule r = {
	    .url = (char *)url,
	    .from = INT64_MIN,
	    .until = CS_NET_FOREVER,
	    .outcome = CS_NET_OK,
	    .http_status = 200,
	    .body = b,
	    .body_name = name,
	};
	return cs_net_add_rule(&m->w.net, &r);
}

/* A delta CRL is also served at the Freshest CRL URLs a base CRL of the same
 * issuer names: revocation reads the delta's location from the base CRL
 * (RFC 5280 5.2.6) when the certificate has none. */
static cs_status serve_at_base_freshest(cs_machine *m, X509_CRL *delta,
                                        X509_CRL *const *crls, int ncrls,
                                        cs_bytes b, const char *name)
{
	for (int i = 0; i < ncrls; i++) {
		if (!crls[i] || crls[i] == delta ||
		    X509_CRL_get_ext_by_NID(crls[i], NID_delta_crl, -1) >= 0 ||
		    X509_NAME_cmp(X509_CRL_get_issuer(crls[i]),
		                  X509_CRL_get_issuer(delta)) != 0)
			continue;
		CRL_DIST_POINTS *dps =
		    X509_CRL_get_ext_d2i(crls[i], NID_freshest_crl, NULL, NULL);
		cs_status st = CS_OK;
		for (int k = 0; dps && k < sk_DIST_POINT_num(dps); k++) {
			DIST_POINT *dp = sk_DIST_POINT_value(dps, k);
			if (!dp->distpoint || dp->distpoint->type != 0)
				continue;
			GENERAL_NAMES *gns = dp->distpoint->name.fullname;
			for (int g = 0; g < sk_GENERAL_NAME_num(gns); g++) {
				GENERAL_NAME *gn =
				    sk_GENERAL_NAME_value(gns, g);
				if (gn->type != GEN_URI || st != CS_OK)
					continue;
				const ASN1_IA5STRING *u =
				    gn->d.uniformResourceIdentifier;
				char *url = cs_strndup(
				    (const char *)ASN1_STRING_get0_data(u),
				    (size_t)ASN1_STRING_length(u));
				st = url ? serve_at(m, url, b, name)
				         : cs_alloc_failed();
				free(url); /* the network copies the URL */
			}
		}
		CRL_DIST_POINTS_free(dps);
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

/* --crl: serve the CRL on the virtual network at the CDP (or, for a delta
 * CRL, Freshest CRL) URLs of every given certificate the CRL's issuer
 * issued, and a delta also at the Freshest CRL URLs of the base CRLs given
 * (with --crl or in the store with --crl-store) - where the revocation area
 * looks for it. */
static cs_status serve_crls(cs_machine *m, const verify_opts *o,
                            const cs_store *const *stores, size_t nstores,
                            cs_diag *d)
{
	X509_CRL *crls[2 * MAX_FILES] = {0};
	cs_bytes bodies[MAX_FILES];
	const char *names[MAX_FILES];
	cs_status st = CS_OK;
	int nbases = o->crls.n;
	/* The store's CRLs name delta locations too; load_crls_into read them
	 * already (one in its bare CRL_INFO form names none: skipped). */
	for (int i = 0; i < o->crl_store.n && st == CS_OK; i++) {
		cs_bytes b;
		st = cs_pool_file(m->pool, o->crl_store.files[i], &b, NULL, d);
		if (st == CS_OK)
			crls[nbases++] = api_read_crl(b);
	}
	for (int i = 0; i < o->crls.n && st == CS_OK; i++) {
		st = cs_pool_file(m->pool, o->crls.files[i], &bodies[i],
		                  &names[i], d);
		if (st != CS_OK)
			break;
		crls[i] = api_read_crl(bodies[i]);
		if (!crls[i]) {
			cs_diag_set(d, o->crls.files[i], 0, 0,
			            "expected a DER or PEM X.509 CRL");
			st = CS_ERR_FORMAT;
		}
	}
	for (int i = 0; i < o->crls.n && st == CS_OK; i++) {
		const unsigned char *in;
		size_t inlen;
		X509_NAME_get0_der(X509_CRL_get_issuer(crls[i]), &in, &inlen);
		bool delta =
		    X509_CRL_get_ext_by_NID(crls[i], NID_delta_crl, -1) >= 0;
		for (size_t s = 0; s < nstores && st == CS_OK; s++)
			for (size_t k = 0; k < stores[s]->n; k++) {
				const struct cs_cert *c = stores[s]->certs[k];
				if (c->issuer_der.len != inlen ||
				    memcmp(c->issuer_der.data, in, inlen) != 0)
					continue;
				cs_strlist urls =
				    delta ? c->freshest_cdp : c->cdp;
				for (size_t u = 0; u < urls.n && st == CS_OK;
				     u++)
					st = serve_at(m, urls.v[u], bodies[i],
					              names[i]);
			}
		if (delta && st == CS_OK)
			st = serve_at_base_freshest(m, crls[i], crls, nbases,
			                            bodies[i], names[i]);
	}
	for (int i = 0; i < nbases; i++)
		X509_CRL_free(crls[i]);
	return st;
}

/* --serve URL=FILE: FILE's bytes at exactly URL (an OCSP response at the
 * AIA's OCSP URL, a CA certificate at its caIssuers URL, any body at a CDP
 * URL). The FILE is after the last '='. */
static cs_status serve_files(cs_machine *m, const verify_opts *o, cs_diag *d)
{
	for (int i = 0; i < o->serves.n; i++) {
		const char *arg = o->serves.files[i], *eq = strrchr(arg, '=');
		char *url = cs_strndup(arg, (size_t)(eq - arg));
		cs_bytes b;
		const char *name;
		if (!url)
			return cs_alloc_failed();
		cs_status st = cs_pool_file(m->pool, eq + 1, &b, &name, d);
		if (st == CS_OK)
			st = serve_at(m, url, b, name);
		free(url); /* the network copies the URL */
		if (st != CS_OK)
			return st;
	}
	return CS_OK;
}

cs_status api_verify_build(verify_opts *o, cs_machine *m, cs_chain_context *ctx,
                           cs_policy_status *ps, bool *call_failed, cs_diag *d)
{
	cs_world *w = &m->w;
	const struct cs_cert *leaf;
	*call_failed = false;
	cs_status st = cs_cert_load(m->pool, o->leaf, &leaf, d);
	if (st != CS_OK)
		return st;
	const char *why = cs_policy_modelled(o->profile, o->policy);
	if (why) {
		cs_diag_set(
		    d, "", 0, 0,
		    "%s (%d) is not modelled on %s: %s (docs/verify.md)",
		    cs_policy_symbol(o->policy), (int)o->policy,
		    o->profile->name, why);
		return CS_ERR_RANGE;
	}
	cs_store additional;
	cs_store_init(&additional);
	st = load_into(m, &o->roots, &w->machine_stores[CS_STORE_ROOT], d);
	if (st == CS_OK)
		st = load_into(m, &o->cas, &w->machine_stores[CS_STORE_CA], d);
	if (st == CS_OK)
		st = load_crls_into(m, &o->crl_store,
		                    &w->machine_stores[CS_STORE_CA], d);
	if (st == CS_OK)
		st = load_into(m, &o->additional, &additional, d);
	if (st == CS_OK)
		st = load_into(m, &o->ntauth,
		               &w->machine_stores[CS_STORE_NTAUTH], d);
	if (st == CS_OK)
		st = load_into(m, &o->disallowed,
		               &w->machine_stores[CS_STORE_DISALLOWED], d);
	const char *bundle = cs_profile_chain(o->profile)->host_root_bundle;
	if (st == CS_OK && o->roots.n == 0 && bundle) {
		st = load_bundle(m, bundle);
		o->bundle_used = bundle;
		o->bundle_roots = w->machine_stores[CS_STORE_ROOT].n;
	}
	cs_store leaf_store;
	cs_store_init(&leaf_store);
	if (st == CS_OK)
		st = cs_store_add(&leaf_store, leaf);
	const cs_store *crl_scope[] = {
	    &leaf_store, &w->machine_stores[CS_STORE_CA],
	    &w->machine_stores[CS_STORE_ROOT], &additional};
	if (st == CS_OK)
		st = serve_crls(m, o, crl_scope, 4, d);
	if (st == CS_OK)
		st = serve_files(m, o, d);
	cs_store_free(&leaf_store);
	if (st != CS_OK) {
		cs_store_free(&additional);
		return st;
	}

	cs_chain_para para = {
	    .account = w->acting,
	    .leaf = leaf,
	    .flags = o->rev_flags,
	    .usages = o->usages,
	    .nusages = (size_t)o->nusages,
	    .usage_match = o->usage_match,
	    .additional = o->additional.n ? &additional : NULL,
	    .short_lived_process = o->urlfetch,
	};
	st = cs_chain_get(m, &para, ctx);
	cs_store_free(&additional);
	uint32_t refused = cs_chain_refusal(leaf);
	if (st == CS_ERR_FORMAT && refused)
		cs_diag_set(
		    d, o->leaf, 0, 0,
		    "CertGetCertificateChain fails for this certificate "
		    "(its signature algorithm OID is empty): GetLastError "
		    "%u (ERROR_INVALID_DATA), no chain",
		    (unsigned)refused);
	if (st != CS_OK)
		return st;
	cs_policy_para pp = {.policy = o->policy,
	                     .flags = o->policy_flags,
	                     .no_ssl_para = o->no_ssl_para,
	                     .auth_type = o->auth_type,
	                     .ssl_checks = o->ssl_checks,
	                     .server_name = o->server_name};
	st = cs_chain_policy(m, ctx, &pp, ps);
	*call_failed = st == CS_ERR_NOT_FOUND;
	if (st != CS_OK && !*call_failed) {
		cs_chain_context_free(ctx);
		return st;
	}
	return CS_OK;
}
