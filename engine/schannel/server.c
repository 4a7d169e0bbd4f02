/* The Schannel server's list source, settings and events (server.h). */
#include "engine/schannel/server.h"
#include "model/registry_names.h"
#include "model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_sch_settings_read(const cs_registry *r, cs_sch_settings *out)
{
	memset(out, 0, sizeof *out);
	out->send_set = cs_reg_get_dword(r, CS_REG_KEY(SCHANNEL),
	                                 CS_REG_VALUE(SEND_TRUSTED_ISSUER_LIST),
	                                 &out->send);
	out->mode_set =
	    cs_reg_get_dword(r, CS_REG_KEY(SCHANNEL),
	                     CS_REG_VALUE(CLIENT_AUTH_TRUST_MODE), &out->mode);
}

/* 2012+: the first of the application's store, ClientAuthIssuer, Root that
 * holds any certificate ("What's New in TLS/SSL", Windows Server 2012).
 * Before: Root, as 2008 R2 does. */
static cs_sch_source pick_source(const cs_schannel_profile *sp,
                                 const cs_sch_stores *s)
{
	if (!sp->has_client_auth_issuer_store)
		return CS_SCH_SOURCE_ROOT;
	if (s->app.n)
		return CS_SCH_SOURCE_APP;
	if (s->store[CS_STORE_CLIENT_AUTH_ISSUER].n)
		return CS_SCH_SOURCE_CLIENT_AUTH_ISSUER;
	return CS_SCH_SOURCE_ROOT;
}

static cs_status add_all(cs_sch_server *srv, size_t *cap, cs_sch_certs c,
                         unsigned from)
{
	for (size_t i = 0; i < c.n; i++) {
		if (srv->ncand == *cap) {
			size_t ncap = *cap ? 2 * *cap : 64;
			void *p =
			    cs_realloc(srv->cand, ncap * sizeof *srv->cand);
			if (!p)
				return cs_alloc_failed();
			srv->cand = p;
			*cap = ncap;
		}
		srv->cand[srv->ncand++] =
		    (cs_sch_candidate){.cert = c.v[i], .from = from};
	}
	return CS_OK;
}

static cs_status enumerate(cs_sch_server *srv, const cs_sch_stores *s)
{
	size_t cap = 0;
	switch (srv->source) {
	case CS_SCH_SOURCE_APP:
		return add_all(srv, &cap, s->app, CS_SCH_FROM_APP);
	case CS_SCH_SOURCE_CLIENT_AUTH_ISSUER:
		return add_all(srv, &cap, s->store[CS_STORE_CLIENT_AUTH_ISSUER],
		               CS_STORE_CLIENT_AUTH_ISSUER);
	case CS_SCH_SOURCE_ROOT:
		for (int i = 0; i < CS_SCH_ROOT_PARTS; i++) {
			cs_store_id id = srv->sp->root_parts[i];
			cs_status st = add_all(srv, &cap, s->store[id], id);
			if (st != CS_OK)
				return st;
		}
		return CS_OK;
	}
	CS_BAIL(CS_ERR_INTERNAL);
}

cs_status cs_sch_server_prepare(cs_sch_server *srv, const cs_profile *p,
                                const cs_sch_stores *s,
                                const cs_sch_settings *set)
{
	return cs_sch_server_prepare_sp(srv, p, cs_profile_schannel(p), s, set);
}

cs_status cs_sch_server_prepare_sp(cs_sch_server *srv, const cs_profile *p,
                                   const cs_schannel_profile *sp,
                                   const cs_sch_stores *s,
                                   const cs_sch_settings *set)
{
	memset(srv, 0, sizeof *srv);
	srv->profile = p;
	srv->sp = sp;
	srv->source = pick_source(srv->sp, s);
	srv->mode = CS_SCH_TRUST_MACHINE;
	if (srv->sp->has_trust_modes && set->mode_set &&
	    (set->mode == CS_SCH_TRUST_EXCLUSIVE_ROOT ||
	     set->mode == CS_SCH_TRUST_EXCLUSIVE_CA))
		srv->mode = (cs_sch_trust_mode)set->mode;
	srv->send =
	    set->send_set ? set->send != 0 : srv->sp->send_issuer_list_default;
	/* KB 2880390: on 2012 the truncation breaks client authentication
	 * even with SendTrustedIssuerList=0, so modes that read the list read
	 * the truncated one there (H-sch-5). */
	srv->list_in_use =
	    srv->send || (srv->sp->has_trust_modes &&
	                  srv->sp->validation_uses_truncated_list &&
	                  srv->mode != CS_SCH_TRUST_EXCLUSIVE_CA);
	cs_status st = enumerate(srv, s);
	if (st == CS_OK)
		st = cs_sch_issuer_list_build(&srv->list, srv->cand, srv->ncand,
		                              srv->sp->issuer_list_limit,
		                              srv->sp->count_rule);
	if (st != CS_OK) {
		cs_sch_server_free(srv);
		return st;
	}
	srv->logs_36885 = srv->list_in_use && srv->list.truncated;
	return CS_OK;
}

void cs_sch_server_free(cs_sch_server *srv)
{
	if (!srv)
		return;
	free(srv->cand);
	cs_sch_issuer_list_free(&srv->list);
	memset(srv, 0, sizeof *srv);
}

const uint8_t *cs_sch_server_wire(const cs_sch_server *srv, size_t *len)
{
	if (!srv->send) {
		*len = 0;
		return NULL;
	}
	*len = srv->list.wire_len;
	return srv->list.wire;
}

static bool set_has(cs_sch_certs set, const cs_sch_cert *c)
{
	for (size_t i = 0; i < set.n; i++)
		if (cs_sch_cert_same(set.v[i], c))
			return true;
	return false;
}

bool cs_sch_server_source_has(const cs_sch_server *srv, const cs_sch_stores *st,
                              const cs_sch_cert *c)
{
	switch (srv->source) {
	case CS_SCH_SOURCE_APP:
		return set_has(st->app, c);
	case CS_SCH_SOURCE_CLIENT_AUTH_ISSUER:
		return set_has(st->store[CS_STORE_CLIENT_AUTH_ISSUER], c);
	case CS_SCH_SOURCE_ROOT:
		for (int i = 0; i < CS_SCH_ROOT_PARTS; i++)
			if (set_has(st->store[srv->sp->root_parts[i]], c))
				return true;
		return false;
	}
	return false;
}

const char *cs_sch_source_name(cs_sch_source s)
{
	switch (s) {
	case CS_SCH_SOURCE_APP:
		return "application store";
	case CS_SCH_SOURCE_CLIENT_AUTH_ISSUER:
		return "ClientAuthIssuer";
	case CS_SCH_SOURCE_ROOT:
		return "Root";
	}
	return "?";
}

const char *cs_sch_trust_mode_name(cs_sch_trust_mode m)
{
	switch (m) {
	case CS_SCH_TRUST_MACHINE:
		return "machine";
	case CS_SCH_TRUST_EXCLUSIVE_ROOT:
		return "exclusive-root";
	case CS_SCH_TRUST_EXCLUSIVE_CA:
		return "exclusive-ca";
	}
	return "?";
}
