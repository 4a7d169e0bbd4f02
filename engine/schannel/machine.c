/* Schannel on the simulated machine (machine.h). */
#include "engine/schannel/machine.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"

static size_t total(const cs_machine *m, const cs_sch_server_config *srv,
                    const cs_sch_client_config *cl)
{
	size_t n = srv ? srv->app_store.n : 0;
	if (cl)
		n += cl->certs.n + cl->cas.n;
	for (int s = 0; s < CS_STORE_COUNT; s++)
		n += m->w.machine_stores[s].n;
	return n;
}

/* Append certs and return them as a set. from (optional) is the store the
 * certificates are entries of: their properties come with them. */
static cs_status add(cs_sch_snapshot *s, const struct cs_cert *const *certs,
                     size_t n, const cs_store *from, cs_sch_certs *set)
{
	set->v = s->ptrs + s->n;
	set->n = n;
	for (size_t i = 0; i < n; i++) {
		s->views[s->n] = cs_sch_cert_of(certs[i]);
		const cs_usage *prop =
		    from ? cs_store_eku_prop_at(from, i) : NULL;
		if (prop)
			s->views[s->n].prop = cs_sch_usage_of(prop);
		s->ptrs[s->n] = &s->views[s->n];
		s->n++;
	}
	return CS_OK;
}

cs_status cs_sch_snapshot_take(cs_sch_snapshot *s, const cs_machine *m,
                               const cs_sch_server_config *srv,
                               const cs_sch_client_config *cl)
{
	memset(s, 0, sizeof *s);
	size_t n = total(m, srv, cl);
	s->views = cs_calloc(n ? n : 1, sizeof *s->views);
	s->ptrs = cs_calloc(n ? n : 1, sizeof *s->ptrs);
	cs_status st = s->views && s->ptrs ? CS_OK : cs_alloc_failed();
	for (int i = 0; st == CS_OK && i < CS_STORE_COUNT; i++) {
		const cs_store *ms = &m->w.machine_stores[i];
		st = add(s, (const struct cs_cert *const *)ms->certs, ms->n, ms,
		         &s->stores.store[i]);
	}
	if (st == CS_OK && srv)
		st = add(s, srv->app_store.v, srv->app_store.n, NULL,
		         &s->stores.app);
	if (st == CS_OK && cl)
		st = add(s, cl->certs.v, cl->certs.n, NULL, &s->client.certs);
	if (st == CS_OK && cl)
		st = add(s, cl->cas.v, cl->cas.n, NULL, &s->client.cas);
	if (st != CS_OK)
		cs_sch_snapshot_free(s);
	return st;
}

void cs_sch_snapshot_free(cs_sch_snapshot *s)
{
	if (!s)
		return;
	free(s->views);
	free(s->ptrs);
	memset(s, 0, sizeof *s);
}

static const cs_sch_entry *first_fate(const cs_sch_issuer_list *l,
                                      cs_sch_fate fate)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].fate == fate)
			return &l->v[i];
	return NULL;
}

static void record_list(cs_machine *m, const cs_sch_server *s)
{
	const cs_sch_issuer_list *l = &s->list;
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "schannel", NULL);
	cs_obs_rule(o, l->truncated ? CS_RULE_SCHANNEL_ISSUER_LIST_TRUNCATED
	                            : CS_RULE_SCHANNEL_ISSUER_LIST_BUILT);
	cs_obs_str(o, "source_store", cs_sch_source_name(s->source));
	cs_obs_str(o, "trust_mode", cs_sch_trust_mode_name(s->mode));
	cs_obs_bool(o, "sent", s->send);
	cs_obs_int(o, "names", (int64_t)l->kept);
	cs_obs_int(o, "bytes", (int64_t)l->wire_len);
	cs_obs_int(o, "counted", (int64_t)l->counted_len);
	cs_obs_int(o, "limit", (int64_t)l->limit);
	cs_obs_str(o, "count_rule", cs_sch_count_rule_name(l->rule));
	cs_obs_int(o, "dropped_limit", (int64_t)l->dropped_limit);
	cs_obs_int(o, "dropped_usage", (int64_t)l->dropped_usage);
	cs_obs_int(o, "dropped_duplicate", (int64_t)l->dropped_duplicate);
	cs_obs_bool(o, "truncated", l->truncated);
	const cs_sch_entry *d = first_fate(l, CS_SCH_DROPPED_LIMIT);
	if (d)
		cs_obs_str(o, "first_dropped", cs_cert_subject(d->cert->cert));
	/* Which of the two says "not for client authentication" (H-sch-2):
	 * the extension is checked first, as it is the certificate's own. */
	const cs_sch_entry *u = first_fate(l, CS_SCH_DROPPED_USAGE);
	if (u) {
		cs_obs_str(o, "first_dropped_usage",
		           cs_cert_subject(u->cert->cert));
		cs_obs_str(o, "dropped_usage_by",
		           cs_sch_cert_eku(u->cert) == CS_SCH_USAGE_OTHER
		               ? "eku-extension"
		               : "eku-property");
	}
}

static cs_status prepare(cs_machine *m, const cs_sch_snapshot *snap,
                         cs_sch_server *srv)
{
	cs_sch_settings set;
	cs_sch_settings_read(&m->w.reg, &set);
	cs_status st =
	    cs_sch_server_prepare(srv, m->w.profile, &snap->stores, &set);
	if (st != CS_OK)
		return st;
	record_list(m, srv);
	if (srv->logs_36885)
		st = cs_sch_log_36885(&m->w);
	if (st != CS_OK)
		cs_sch_server_free(srv);
	return st;
}

cs_status cs_schannel_issuer_list(cs_machine *m,
                                  const cs_sch_server_config *cfg,
                                  cs_sch_snapshot *snap, cs_sch_server *out)
{
	cs_status st = cs_sch_snapshot_take(snap, m, cfg, NULL);
	if (st != CS_OK)
		return st;
	st = prepare(m, snap, out);
	if (st != CS_OK)
		cs_sch_snapshot_free(snap);
	return st;
}

static void record_auth(cs_machine *m, const cs_sch_auth_result *r)
{
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "schannel", NULL);
	cs_obs_rule(o, r->rule);
	cs_obs_str(o, "outcome", cs_sch_auth_outcome_name(r->outcome));
	cs_obs_str(o, "why", r->why);
	if (r->sent)
		cs_obs_str(o, "client_cert", cs_cert_subject(r->sent->cert));
	if (r->matched_label[0])
		cs_obs_str(o, "matched_ca", r->matched_label);
	if (r->error)
		cs_obs_hresult(o, "error", r->error);
	if (r->http_status) {
		cs_obs_int(o, "http_status", r->http_status);
		cs_obs_int(o, "http_substatus", r->http_substatus);
	}
	if (r->alert) {
		cs_obs_int(o, "alert", r->alert);
		cs_obs_str(o, "alert_from",
		           r->alert_from_client ? "client" : "server");
		/* The client is not simulated: its 36887 is noted here. */
		if (!r->alert_from_client)
			cs_obs_str(o, "client_logs", "Schannel 36887");
	}
}

/* A store of the certificates of lists (borrowed objects). */
static cs_status store_of(cs_store *out, const cs_sch_cert_list *a,
                          const cs_sch_cert_list *b)
{
	cs_store_init(out);
	const cs_sch_cert_list *lists[] = {a, b};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && i < lists[l]->n; i++) {
			cs_status st = cs_store_add(out, lists[l]->v[i]);
			if (st != CS_OK)
				return st;
		}
	return CS_OK;
}

/* The chain store Schannel passes for the trust mode: hRestrictedRoot =
 * the source store for mode 1 (NULL = the logical Root store). */
static const cs_store *source_store(const cs_machine *m, const cs_sch_server *s,
                                    const cs_store *app)
{
	switch (s->source) {
	case CS_SCH_SOURCE_APP:
		return app;
	case CS_SCH_SOURCE_CLIENT_AUTH_ISSUER:
		return &m->w.machine_stores[CS_STORE_CLIENT_AUTH_ISSUER];
	case CS_SCH_SOURCE_ROOT:
		return NULL;
	}
	return NULL;
}

/* The server's chain for the sent certificate: CertGetCertificateChain
 * (usage clientAuth, the client's chain and the trust store as additional
 * certificates) and the SSL policy for a client. ch's path points into
 * views[], the caller's. */
static cs_status server_chain(cs_machine *m, const cs_sch_server_config *cfg,
                              const cs_sch_client_config *cl,
                              const cs_sch_server *srv,
                              const struct cs_cert *leaf,
                              cs_sch_server_chain *ch, cs_sch_cert *views)
{
	cs_store app, extra;
	cs_status st = store_of(&app, &cfg->app_store, NULL);
	if (st == CS_OK)
		st = store_of(&extra, &cl->cas, &cfg->app_store);
	const cs_store *trust = source_store(m, srv, &app);
	if (st == CS_OK && srv->mode == CS_SCH_TRUST_EXCLUSIVE_CA && trust)
		for (size_t i = 0; st == CS_OK && i < trust->n; i++)
			st = cs_store_add(&extra, trust->certs[i]);
	static const char *const client_auth[] = {CS_OID_CLIENT_AUTH};
	cs_chain_para para = {
	    .account = CS_ACCOUNT_SYSTEM,
	    .leaf = leaf,
	    .flags = cfg->revocation_flags,
	    .usages = client_auth,
	    .nusages = 1,
	    .additional = &extra,
	    .restricted_root =
	        srv->mode == CS_SCH_TRUST_EXCLUSIVE_ROOT ? trust : NULL,
	};
	cs_chain_context ctx;
	memset(&ctx, 0, sizeof ctx);
	if (st == CS_OK)
		st = cs_chain_get(m, &para, &ctx);
	cs_policy_para pp = {
	    .policy = CS_POLICY_SSL,
	    .auth_type = CS_AUTHTYPE_CLIENT,
	    /* Exclusive CA trust anchors at a CA, not at a root. */
	    .flags = srv->mode == CS_SCH_TRUST_EXCLUSIVE_CA
	                 ? CS_POLICY_ALLOW_UNKNOWN_CA
	                 : 0,
	};
	cs_policy_status ps = {0, -1, -1};
	if (st == CS_OK)
		st = cs_chain_policy(m, &ctx, &pp, &ps);
	ch->policy_error = ps.error;
	for (size_t i = 0;
	     st == CS_OK && i < ctx.chain.n && i < CS_SCH_MAX_PATH; i++) {
		views[i] = cs_sch_cert_of(ctx.chain.elements[i].cert);
		ch->path[ch->npath++] = &views[i];
	}
	cs_chain_context_free(&ctx);
	cs_store_free(&extra);
	cs_store_free(&app);
	return st;
}

static void copy_server_facts(const cs_sch_server *srv, cs_sch_auth_result *r)
{
	r->list_source = srv->source;
	r->mode = srv->mode;
	r->list_sent = srv->send;
	r->list_truncated = srv->list.truncated;
	r->list_names = srv->list.kept;
}

/* The certificate object behind a client view (the views are made in the
 * order of cl->certs). */
static const struct cs_cert *client_cert_of(const cs_sch_snapshot *snap,
                                            const cs_sch_client_config *cl,
                                            const cs_sch_cert *v)
{
	for (size_t i = 0; i < snap->client.certs.n; i++)
		if (snap->client.certs.v[i] == v)
			return cl->certs.v[i];
	return NULL;
}

cs_status cs_schannel_client_auth(cs_machine *m,
                                  const cs_sch_server_config *cfg,
                                  const cs_sch_client_config *cl,
                                  cs_sch_auth_result *out)
{
	cs_sch_snapshot snap;
	cs_status st = cs_sch_snapshot_take(&snap, m, cfg, cl);
	if (st != CS_OK)
		return st;
	cs_sch_server srv;
	st = prepare(m, &snap, &srv);
	if (st != CS_OK) {
		cs_sch_snapshot_free(&snap);
		return st;
	}
	cs_sch_cert views[CS_SCH_MAX_PATH];
	memset(views, 0, sizeof views);
	cs_sch_server_chain ch = {.npath = 0};
	cs_sch_client_choose(&srv, &snap.client, out);
	if (out->sent)
		st = server_chain(m, cfg, cl, &srv,
		                  client_cert_of(&snap, cl, out->sent), &ch,
		                  views);
	if (st == CS_OK) {
		cs_sch_server_judge(&srv, &snap.stores, out->sent ? &ch : NULL,
		                    cfg->app, out);
		copy_server_facts(&srv, out);
		record_auth(m, out);
		if (out->alert && out->alert_from_client)
			st = cs_sch_log_36887(&m->w, srv.sp, out->alert);
	}
	/* Pointers in out point into snap: clear them before it goes. */
	out->sent = NULL;
	out->matched_ca = NULL;
	cs_sch_server_free(&srv);
	cs_sch_snapshot_free(&snap);
	return st;
}
