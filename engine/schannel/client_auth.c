/* Client certificate selection and server-side validation (client_auth.h).
 */
#include "engine/schannel/client_auth.h"

#include <stdio.h>
#include <string.h>

/* The issuer of c among sets, searched in order; NULL when none. */
static const cs_sch_cert *find_issuer(const cs_sch_cert *c,
                                      const cs_sch_certs *sets, size_t nsets)
{
	for (size_t s = 0; s < nsets; s++)
		for (size_t i = 0; i < sets[s].n; i++)
			if (sets[s].v[i] != c &&
			    cs_sch_cert_issued_by(c, sets[s].v[i]))
				return sets[s].v[i];
	return NULL;
}

static size_t build_path(const cs_sch_cert *leaf, const cs_sch_certs *sets,
                         size_t nsets, const cs_sch_cert **path)
{
	size_t n = 0;
	path[n++] = leaf;
	while (n < CS_SCH_MAX_PATH && !path[n - 1]->self_issued) {
		const cs_sch_cert *i = find_issuer(path[n - 1], sets, nsets);
		if (!i)
			break;
		path[n++] = i;
	}
	return n;
}

/* Client side: the CA of cert's chain whose name is in the list, by the
 * issuer names along the chain (covers a root the client does not hold). */
static bool qualifies(const cs_sch_issuer_list *l, const cs_sch_client *cl,
                      const cs_sch_cert *cert, const cs_sch_cert **matched)
{
	const cs_sch_cert *path[CS_SCH_MAX_PATH];
	size_t n = build_path(cert, &cl->cas, 1, path);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && path[i]->self_issued && i + 1 == n)
			break; /* a root's issuer is itself: checked below */
		if (cs_sch_issuer_list_has(l, path[i]->issuer,
		                           path[i]->issuer_len)) {
			*matched = i + 1 < n ? path[i + 1] : NULL;
			return true;
		}
	}
	return false;
}

static const cs_sch_cert *machine_root(const cs_sch_server *srv,
                                       const cs_sch_stores *st,
                                       const cs_sch_cert *c)
{
	for (int p = 0; p < CS_SCH_ROOT_PARTS; p++) {
		cs_sch_certs set = st->store[srv->sp->root_parts[p]];
		for (size_t i = 0; i < set.n; i++)
			if (cs_sch_cert_same(set.v[i], c))
				return set.v[i];
	}
	return NULL;
}

/* A CA of the path in the trusted-issuer list the validation reads. */
static bool path_in_list(const cs_sch_server *srv, const cs_sch_auth_result *r)
{
	for (size_t i = 1; i < r->npath; i++) {
		const cs_sch_cert *c = r->path[i];
		bool in = srv->sp->validation_uses_truncated_list
		              ? cs_sch_issuer_list_has(&srv->list, c->subject,
		                                       c->subject_len)
		              : cs_sch_issuer_list_qualifies(
		                    &srv->list, c->subject, c->subject_len);
		if (in)
			return true;
	}
	return false;
}

static void reject(cs_sch_auth_result *r, uint32_t hr, const char *rule,
                   const char *source, const char *why)
{
	r->outcome = CS_SCH_AUTH_REJECTED;
	r->error = hr;
	r->rule = rule;
	r->source = source;
	r->why = why;
}

static void validate(const cs_sch_server *srv, const cs_sch_stores *st,
                     const cs_sch_client *cl, cs_filetime now,
                     cs_sch_auth_result *r)
{
	/* The client sends its chain (RFC 5246 7.4.6); the server completes
	 * it from its own stores. */
	cs_sch_certs sets[3 + CS_SCH_ROOT_PARTS] = {
	    cl->cas, st->store[CS_STORE_CA], st->app,
	    st->store[CS_STORE_CLIENT_AUTH_ISSUER]};
	for (int p = 0; p < CS_SCH_ROOT_PARTS; p++)
		sets[3 + p] = st->store[srv->sp->root_parts[p]];
	/* Server's own stores first: a CA it holds wins over the client's
	 * copy, as the chain engine prefers its stores. */
	cs_sch_certs order[3 + CS_SCH_ROOT_PARTS];
	size_t k = 0;
	for (size_t i = 1; i < 3 + CS_SCH_ROOT_PARTS; i++)
		order[k++] = sets[i];
	order[k++] = sets[0];
	r->npath = build_path(r->sent, order, k, r->path);

	for (size_t i = 0; i < r->npath; i++)
		if (!cs_sch_cert_time_valid(r->path[i], now)) {
			reject(r, CS_HR_CERT_E_EXPIRED,
			       "schannel.server.expired", "RULES.md 1",
			       "a certificate of the chain is "
			       "outside its validity period");
			return;
		}

	const cs_sch_cert *top = r->path[r->npath - 1];
	if (srv->mode == CS_SCH_TRUST_EXCLUSIVE_CA) {
		for (size_t i = 1; i < r->npath; i++)
			if (cs_sch_server_source_has(srv, st, r->path[i]))
				return;
		reject(r, CS_HR_CERT_E_UNTRUSTEDROOT,
		       "schannel.server.exclusive_ca",
		       "DOC What's New in TLS/SSL (2012) ClientAuthTrustMode 2",
		       "no CA of the chain is in the trusted issuer store");
		return;
	}
	if (!top->self_issued) {
		reject(r, CS_HR_CERT_E_CHAINING,
		       "schannel.server.partial_chain",
		       "DOC CertGetCertificateChain",
		       "the chain does not reach a root");
		return;
	}
	if (srv->mode == CS_SCH_TRUST_EXCLUSIVE_ROOT) {
		if (!cs_sch_server_source_has(srv, st, top)) {
			reject(r, CS_HR_CERT_E_UNTRUSTEDROOT,
			       "schannel.server.exclusive_root",
			       "DOC What's New in TLS/SSL (2012) "
			       "ClientAuthTrustMode 1",
			       "the root is not in the trusted issuer store");
			return;
		}
	} else {
		const cs_sch_cert *root = machine_root(srv, st, top);
		if (!root || !cs_sch_cert_client_auth_ok(root)) {
			reject(r, CS_HR_CERT_E_UNTRUSTEDROOT,
			       "schannel.server.untrusted_root",
			       "DOC CertGetCertificateChain",
			       root ? "the root is not trusted for client "
			              "authentication"
			            : "the root is not in the Root store");
			return;
		}
	}
	if (srv->sp->has_trust_modes && !path_in_list(srv, r))
		reject(r, CS_HR_CERT_E_UNTRUSTEDROOT,
		       "schannel.server.not_in_issuer_list",
		       srv->sp->validation_uses_truncated_list
		           ? "KB 2880390 (H-sch-5)"
		           : "DOC What's New in TLS/SSL (2012) "
		             "ClientAuthTrustMode 0/1",
		       "no CA of the chain is in the trusted issuer list");
}

void cs_sch_client_auth(const cs_sch_server *srv, const cs_sch_stores *st,
                        const cs_sch_client *cl, cs_filetime now,
                        cs_sch_app app, cs_sch_auth_result *r)
{
	memset(r, 0, sizeof *r);
	/* What the client receives: nothing when not sent. */
	bool any = !srv->send || srv->list.kept == 0;
	for (size_t i = 0; i < cl->certs.n && !r->sent; i++) {
		const cs_sch_cert *c = cl->certs.v[i];
		if (any || qualifies(&srv->list, cl, c, &r->matched_ca))
			r->sent = c;
	}
	if (r->sent)
		snprintf(r->sent_label, sizeof r->sent_label, "%s",
		         r->sent->label);
	if (r->matched_ca)
		snprintf(r->matched_label, sizeof r->matched_label, "%s",
		         r->matched_ca->label);
	if (!r->sent) {
		r->outcome = CS_SCH_AUTH_NO_CERT;
		r->rule = "schannel.client.no_match";
		r->source = "DOC CertFindChainInStore BY_ISSUER, KB 2801679";
		r->why = "no client certificate chains to a CA in the list "
		         "the server sent";
	} else {
		r->outcome = CS_SCH_AUTH_OK;
		r->rule = "schannel.server.accepted";
		r->source = "DOC What's New in TLS/SSL (2012)";
		r->why = "the client certificate was validated";
		validate(srv, st, cl, now, r);
	}
	if (app == CS_SCH_APP_IIS) {
		/* KB 2802568: 403.7 client certificate required, 403.16
		 * client certificate untrusted or invalid. */
		r->http_status = r->outcome == CS_SCH_AUTH_OK ? 200 : 403;
		r->http_substatus = r->outcome == CS_SCH_AUTH_NO_CERT    ? 7
		                    : r->outcome == CS_SCH_AUTH_REJECTED ? 16
		                                                         : 0;
	} else if (r->outcome != CS_SCH_AUTH_OK) {
		r->alert = srv->sp->client_auth_alert;
		r->alert_from_client = r->outcome == CS_SCH_AUTH_NO_CERT;
	}
}

const char *cs_sch_auth_outcome_name(cs_sch_auth_outcome o)
{
	switch (o) {
	case CS_SCH_AUTH_OK:
		return "ok";
	case CS_SCH_AUTH_NO_CERT:
		return "no-client-certificate";
	case CS_SCH_AUTH_REJECTED:
		return "rejected";
	}
	return "?";
}
