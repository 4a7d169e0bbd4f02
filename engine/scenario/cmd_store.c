/* store [machine|user] STORE add|remove FILE...: the system certificate
 * stores (model/store.h). `machine` (the default) is the local machine's
 * store; `user` the acting account's own. Adding a certificate that is there
 * keeps its place; order is insertion order (RULES.md 8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/cert.h"
#include "engine/scenario/cmd_impl.h"
#include "model/store.h"

typedef struct {
	bool user;
	cs_store_id store;
	bool add;
	const struct cs_cert **certs;
	size_t n;
} store_data;

void cs_cmd_store_free(void *data)
{
	store_data *d = data;
	if (d)
		free(d->certs);
	free(d);
}

cs_status cs_cmd_store_parse(cs_parse_ctx *pc, cs_step *st)
{
	store_data *d = calloc(1, sizeof *d);
	if (!d)
		return CS_ERR_NOMEM;
	st->data = d;
	size_t i = 0;
	const cs_tok *t = cs_step_pos(st, i);
	if (strcmp(t->text, "machine") == 0 || strcmp(t->text, "user") == 0) {
		d->user = t->text[0] == 'u';
		t = cs_step_pos(st, ++i);
	}
	if (!cs_store_id_from_name(t->text, &d->store))
		return cs_parse_error(
		    pc, st, t->col,
		    "unknown store '%s' (expected Root, "
		    "AuthRoot, EnterpriseRoot, CA, Disallowed, "
		    "My, ClientAuthIssuer or Trust)",
		    t->text);
	const cs_tok *op = cs_step_pos(st, ++i);
	if (!op ||
	    (strcmp(op->text, "add") != 0 && strcmp(op->text, "remove") != 0))
		return cs_parse_error(pc, st, op ? op->col : t->col,
		                      "expected add or remove after the store "
		                      "name (usage: %s)",
		                      st->cmd->synopsis);
	d->add = op->text[0] == 'a';
	size_t first = ++i;
	if (first >= cs_step_npos(st))
		return cs_parse_error(
		    pc, st, op->col + (unsigned)strlen(op->text),
		    "'%s' needs at least one certificate file", op->text);
	d->certs = calloc(cs_step_npos(st) - first, sizeof *d->certs);
	if (!d->certs)
		return CS_ERR_NOMEM;
	for (; i < cs_step_npos(st); i++) {
		const cs_tok *f = cs_step_pos(st, i);
		cs_status rc = cs_parse_cert(pc, st, f, &d->certs[d->n]);
		if (rc != CS_OK)
			return rc;
		d->n++;
	}
	return CS_OK;
}

cs_status cs_cmd_store_run(cs_run_ctx *rc, cs_outcome *out)
{
	const store_data *d = rc->step->data;
	cs_world *w = &rc->m->w;
	cs_store *s = d->user ? &w->accounts[w->acting].stores[d->store]
	                      : &w->machine_stores[d->store];
	for (size_t i = 0; i < d->n; i++) {
		bool was = cs_store_contains(s, d->certs[i]);
		if (d->add && !was) {
			cs_status st = cs_store_add(s, d->certs[i]);
			if (st != CS_OK)
				return st;
		} else if (!d->add && was) {
			cs_store_remove(s, d->certs[i]);
		}
		cs_obs *o =
		    cs_trace_begin(&w->trace, w->now, rc->line, "store",
		                   d->user ? cs_run_account_name(rc) : NULL);
		cs_obs_str(o, "op", d->add ? "add" : "remove");
		cs_obs_str(o, "store", cs_store_name(d->store));
		cs_obs_str(o, "scope", d->user ? "user" : "machine");
		cs_obs_str(o, "subject", cs_cert_subject(d->certs[i]));
		cs_obs_str(o, "thumbprint_sha1", cs_cert_sha1_hex(d->certs[i]));
		cs_obs_str(o, "result",
		           d->add ? (was ? "already present" : "added")
		                  : (was ? "removed" : "absent"));
	}
	out->has_hresult = true;
	out->hresult = 0;
	return CS_OK;
}
