/* Client certificate selection and the server's judgement (client_auth.h).
 */
#include "engine/schannel/client_auth.h"
#include "model/hresult.h"

#include <stdio.h>
#include <string.h>

/* The issuer of c among the client's CA certificates; NULL when none. */
static const cs_sch_cert *find_issuer(const cs_sch_cert *c,
                                      const cs_sch_certs *cas)
{
	for (size_t i = 0; i < cas->n; i++)
		if (cas->v[i] != c && cs_sch_cert_issued_by(c, cas->v[i]))
			return cas->v[i];
	return NULL;
}

/* Client side: the CA of cert's chain whose name is in the list, by the
 * issuer names along the chain (covers a root the client does not hold):
 * *matched is that CA when the client holds it, *name its name. */
static bool qualifies(const cs_sch_issuer_list *l, const cs_sch_client *cl,
                      const cs_sch_cert *cert, const cs_sch_cert **matched,
                      const char **name)
{
	const cs_sch_cert *path[CS_SCH_MAX_PATH];
	size_t n = 0;
	path[n++] = cert;
	while (n < CS_SCH_MAX_PATH && !path[n - 1]->cert->self_issued) {
		const cs_sch_cert *i = find_issuer(path[n - 1], &cl->cas);
		if (!i)
			break;
		path[n++] = i;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && path[i]->cert->self_issued && i + 1 == n)
			break; /* a root's issuer is itself: checked below */
		if (cs_sch_issuer_list_has(l, path[i]->cert->issuer_der.data,
		                           path[i]->cert->issuer_der.len)) {
			*matched = i + 1 < n ? path[i + 1] : NULL;
			*name = cs_cert_issuer(path[i]->cert);
			return true;
		}
	}
	return false;
}

void cs_sch_client_choose(const cs_sch_server *srv, const cs_sch_client *cl,
                          cs_sch_auth_result *r)
{
	memset(r, 0, sizeof *r);
	/* What the client receives: nothing when not sent. */
	bool any = !srv->send || srv->list.kept == 0;
	const char *name = "";
	for (size_t i = 0; i < cl->certs.n && !r->sent; i++) {
		const cs_sch_cert *c = cl->certs.v[i];
		if (any || qualifies(&srv->list, cl, c, &r->matched_ca, &name))
			r->sent = c;
	}
	if (r->sent)
		snprintf(r->sent_label, sizeof r->sent_label, "%s",
		         cs_cert_subject(r->sent->cert));
	snprintf(r->matched_label, sizeof r->matched_label, "%s", name);
	if (!r->sent) {
		r->outcome = CS_SCH_AUTH_NO_CERT;
		r->rule = CS_RULE_SCHANNEL_CLIENT_NO_MATCH;
		r->why = "no client certificate chains to a CA in the list "
		         "the server sent";
	} else {
		r->outcome = CS_SCH_AUTH_OK;
		r->rule = CS_RULE_SCHANNEL_SERVER_ACCEPTED;
		r->why = "the client certificate was validated";
	}
}

/* A CA of the chain in the trusted-issuer list the validation reads. */
static bool path_in_list(const cs_sch_server *srv,
                         const cs_sch_server_chain *ch)
{
	for (size_t i = 1; i < ch->npath; i++) {
		const cs_sch_cert *c = ch->path[i];
		bool in = srv->sp->validation_uses_truncated_list
		              ? cs_sch_issuer_list_has(
		                    &srv->list, c->cert->subject_der.data,
		                    c->cert->subject_der.len)
		              : cs_sch_issuer_list_qualifies(
		                    &srv->list, c->cert->subject_der.data,
		                    c->cert->subject_der.len);
		if (in)
			return true;
	}
	return false;
}

static void reject(cs_sch_auth_result *r, uint32_t hr, cs_rule_id rule,
                   const char *why)
{
	r->outcome = CS_SCH_AUTH_REJECTED;
	r->error = hr;
	r->rule = rule;
	r->why = why;
}

static void judge_chain(const cs_sch_server *srv, const cs_sch_stores *st,
                        const cs_sch_server_chain *ch, cs_sch_auth_result *r)
{
	uint32_t err = ch->policy_error;
	if (srv->mode == CS_SCH_TRUST_EXCLUSIVE_CA) {
		bool anchored = false;
		for (size_t i = 1; i < ch->npath && !anchored; i++)
			anchored =
			    cs_sch_server_source_has(srv, st, ch->path[i]);
		if (!anchored) {
			reject(r, CS_CERT_E_UNTRUSTEDROOT,
			       CS_RULE_SCHANNEL_SERVER_EXCLUSIVE_CA,
			       "no CA of the chain is in the trusted issuer "
			       "store");
			return;
		}
		/* The anchor is a CA of the source store: the chain need not
		 * reach a root (H-sch-9). */
		if (err == CS_CERT_E_CHAINING)
			err = 0;
	}
	if (err) {
		reject(r, err, CS_RULE_SCHANNEL_SERVER_CHAIN_POLICY,
		       srv->mode == CS_SCH_TRUST_EXCLUSIVE_ROOT
		           ? "the chain does not end in a root of the trusted "
		             "issuer store, or fails the SSL client policy"
		           : "the chain fails the SSL client policy");
		return;
	}
	if (srv->sp->has_trust_modes &&
	    srv->mode != CS_SCH_TRUST_EXCLUSIVE_CA && !path_in_list(srv, ch))
		reject(r, CS_CERT_E_UNTRUSTEDROOT,
		       /* the truncated list is KB 2880390's defect (H-sch-5);
		        * the full list, the documented trust modes 0/1 */
		       srv->sp->validation_uses_truncated_list
		           ? CS_RULE_SCHANNEL_SERVER_NOT_IN_ISSUER_LIST
		           : CS_RULE_SCHANNEL_SERVER_NOT_IN_FULL_ISSUER_LIST,
		       "no CA of the chain is in the trusted issuer list");
}

void cs_sch_server_judge(const cs_sch_server *srv, const cs_sch_stores *st,
                         const cs_sch_server_chain *ch, cs_sch_app app,
                         cs_sch_auth_result *r)
{
	if (r->outcome == CS_SCH_AUTH_OK && ch)
		judge_chain(srv, st, ch, r);
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
