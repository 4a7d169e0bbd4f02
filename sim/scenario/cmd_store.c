/* store [machine|user] STORE add|remove FILE...: the system certificate
 * stores (model/store.h). `machine` (the default) is the local machine's
 * store; `user` the acting account's own. Adding a certificate that is there
 * keeps its place; order is insertion order (RULES.md 8).
 *
 * A FILE may also be a CRL or a CTL (a store holds those too: RULES.md 4's
 * store step of the CRL lookup order). They are added with a disposition
 * (disposition=new|use-existing|replace-existing|always|newer|...,
 * pki/storeadd.h; default newer: a newer CRL of the issuer replaces the
 * one there, an older or equal one is refused with CRYPT_E_EXISTS);
 * remove takes out every entry of that object.
 *
 * store [machine|user] STORE purposes all|none|USAGE[,USAGE...] FILE...:
 * the entries' CERT_ENHKEY_USAGE_PROP_ID, as the certificate's Properties
 * dialog in the Certificates console sets it: "Enable all purposes" (all:
 * no property), "Disable all purposes" (none: an empty list), "Enable only
 * the following purposes" (the list). The certificate must be in the
 * store: a property belongs to a store entry (model/usage.h). */
#include <stdio.h>
#include "model/alloc.h"
#include "model/hresult.h"
#include <stdlib.h>
#include <string.h>

#include "pki/cert.h"
#include "engine/chain/words.h"
#include "pki/storeadd.h"
#include "sim/scenario/cmd_impl.h"
#include "pki/usage_prop.h"
#include "model/store.h"

#define MAX_PURPOSES 16

typedef enum { OP_ADD, OP_REMOVE, OP_PURPOSES } store_op;

/* One FILE: a certificate, or a CRL or CTL (the other two NULL). */
typedef struct {
	const struct cs_cert *cert;
	const cs_crl *crl;
	const cs_ctl *ctl;
} store_obj;

typedef struct {
	bool user;
	cs_store_id store;
	store_op op;
	const cs_usage *purposes; /* OP_PURPOSES: NULL = all (no property) */
	unsigned disposition;     /* CRLs and CTLs (CERT_STORE_ADD_*) */
	store_obj *objs;
	size_t n;
} store_data;

void cs_cmd_store_free(void *data)
{
	store_data *d = data;
	if (d)
		free(d->objs);
	free(d);
}

bool cs_cmd_store_certs_only(const cs_step *st)
{
	const store_data *d = st->data;
	for (size_t i = 0; i < d->n; i++)
		if (!d->objs[i].cert)
			return false;
	return true;
}

static cs_status format_error(cs_parse_ctx *pc, cs_step *st, const cs_tok *f,
                              bool certs_only, const cs_diag *cd);

/* Append o to d's objects. */
static cs_status push(store_data *d, store_obj o)
{
	store_obj *grown = cs_realloc(d->objs, (d->n + 1) * sizeof *grown);
	CS_GUARD_ALLOC(grown);
	grown[d->n++] = o;
	d->objs = grown;
	return CS_OK;
}

/* PEM armour that says CERTIFICATE: a certificate or nothing. */
static bool pem_certificates(cs_bytes in)
{
	static const char armour[] = "-----BEGIN CERTIFICATE-----";
	size_t i = 0;
	while (i < in.len && (in.data[i] == ' ' || in.data[i] == '\t' ||
	                      in.data[i] == '\r' || in.data[i] == '\n'))
		i++;
	return in.len - i >= sizeof armour - 1 &&
	       memcmp(in.data + i, armour, sizeof armour - 1) == 0;
}

/* The certificates of a file (DER, or each block of a PEM bundle), else a
 * CRL, else a CTL (CTLs and CRLs are not for `purposes`), appended to d. */
static cs_status parse_objects(cs_parse_ctx *pc, cs_step *st, const cs_tok *f,
                               bool certs_only, store_data *d)
{
	cs_bytes der;
	cs_status rc = cs_parse_fixture(pc, st, f, &der, NULL);
	if (rc != CS_OK)
		return rc;
	cs_diag cd;
	memset(&cd, 0, sizeof cd);
	const struct cs_cert **certs = NULL;
	size_t n = 0;
	rc = cs_certs_from_bytes(pc->s->pool, der, &certs, &n, &cd);
	if (rc == CS_OK) {
		for (size_t k = 0; k < n && rc == CS_OK; k++)
			rc = push(d, (store_obj){.cert = certs[k]});
		free(certs);
		return rc;
	}
	if (rc != CS_ERR_FORMAT || certs_only || pem_certificates(der))
		return rc == CS_ERR_FORMAT ? format_error(pc, st, f, true, &cd)
		                           : rc;
	store_obj o = {0};
	char why[160];
	rc = cs_crl_get(pc->s->pool, der, &o.crl);
	if (rc == CS_ERR_FORMAT)
		rc = cs_ctl_get(pc->s->pool, der, &o.ctl, why, sizeof why);
	if (rc == CS_ERR_FORMAT)
		return format_error(pc, st, f, certs_only, &cd);
	return rc == CS_OK ? push(d, o) : rc;
}

/* The file is none of the kinds the step takes. */
static cs_status format_error(cs_parse_ctx *pc, cs_step *st, const cs_tok *f,
                              bool certs_only, const cs_diag *cd)
{
	char detail[CS_DIAG_MSG + 32];
	return cs_parse_error(pc, st, f->col, "'%s' is not a certificate%s: %s",
	                      f->text, certs_only ? "" : ", CRL or CTL",
	                      cs_diag_detail(cd, detail, sizeof detail));
}

const cs_usage *cs_cmd_store_purposes_of(const cs_step *st)
{
	const store_data *d = st->data;
	return d->purposes;
}

/* all | none | USAGE[,USAGE...] (usage words as verify's usage=). */
static cs_status parse_purposes(cs_parse_ctx *pc, cs_step *st, const cs_tok *t,
                                store_data *d)
{
	if (strcmp(t->text, "all") == 0)
		return CS_OK; /* no property */
	const char *oids[MAX_PURPOSES];
	size_t n = 0;
	char words[512];
	if (strlen(t->text) >= sizeof words)
		return cs_parse_error(pc, st, t->col, "purpose list too long");
	strcpy(words, t->text);
	if (strcmp(words, "none") != 0) {
		unsigned col = t->col;
		for (char *w = words, *end; w; w = end) {
			if ((end = strchr(w, ',')))
				*end++ = '\0';
			const char *oid = cs_words_usage_oid(w);
			if (!oid)
				return cs_parse_error(
				    pc, st, col,
				    "unknown purpose '%s' (expected all, none, "
				    "or serverAuth, clientAuth, codeSigning, "
				    "any or dotted OIDs joined by commas)",
				    w);
			if (n == MAX_PURPOSES)
				return cs_parse_error(pc, st, col,
				                      "more than %d purposes",
				                      MAX_PURPOSES);
			oids[n++] = oid;
			col += (unsigned)strlen(w) + 1;
		}
	}
	cs_status rc = cs_usage_from_oids(pc->s->pool, oids, n, &d->purposes);
	if (rc == CS_ERR_FORMAT) /* a dotted word OpenSSL cannot encode */
		return cs_parse_error(pc, st, t->col,
		                      "'%s' is not a valid list of OIDs",
		                      t->text);
	return rc;
}

cs_status cs_cmd_store_parse(cs_parse_ctx *pc, cs_step *st)
{
	store_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
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
	static const char *const ops[] = {"add", "remove", "purposes"};
	size_t k = 0;
	while (op && k < 3 && strcmp(op->text, ops[k]) != 0)
		k++;
	if (!op || k == 3)
		return cs_parse_error(pc, st, op ? op->col : t->col,
		                      "expected add, remove or purposes after "
		                      "the store name (usage: %s)",
		                      st->cmd->synopsis);
	d->op = (store_op)k;
	const cs_tok *last = op;
	if (d->op == OP_PURPOSES) {
		const cs_tok *v = cs_step_pos(st, ++i);
		if (!v)
			return cs_parse_error(
			    pc, st, op->col + (unsigned)strlen(op->text),
			    "'purposes' needs all, none or a list of usages, "
			    "then certificate files");
		cs_status rc = parse_purposes(pc, st, v, d);
		if (rc != CS_OK)
			return rc;
		last = v;
	}
	size_t first = ++i;
	if (first >= cs_step_npos(st))
		return cs_parse_error(
		    pc, st, last->col + (unsigned)strlen(last->text),
		    "'%s' needs at least one certificate file", op->text);
	unsigned col = 0;
	const char *dv = cs_step_option(st, "disposition", &col);
	d->disposition = CS_STORE_ADD_NEWER;
	if (dv && (d->op != OP_ADD || !cs_store_add_parse(dv, &d->disposition)))
		return cs_parse_error(
		    pc, st, col,
		    d->op != OP_ADD
		        ? "disposition= goes with add"
		        : "expected new, use-existing, replace-existing, "
		          "always, "
		          "replace-existing-inherit-properties, newer, "
		          "newer-inherit-properties or 1..7");
	/* A PEM bundle stands for every certificate it holds. */
	for (; i < cs_step_npos(st); i++) {
		cs_status rc = parse_objects(pc, st, cs_step_pos(st, i),
		                             d->op == OP_PURPOSES, d);
		if (rc != CS_OK)
			return rc;
	}
	return CS_OK;
}

/* Apply the step to one CRL or CTL; *refused: the add was (CRYPT_E_EXISTS).
 */
static cs_status apply_list(const store_data *d, cs_store *s,
                            const store_obj *o, const char **result,
                            bool *refused)
{
	*refused = false;
	if (d->op == OP_ADD) {
		cs_store_add_result r;
		cs_status st =
		    o->crl ? cs_store_add_crl(s, o->crl, d->disposition, &r)
		           : cs_store_add_ctl(s, o->ctl, d->disposition, &r);
		*result = r.what;
		*refused = !r.ok;
		return st;
	}
	size_t removed = 0;
	for (size_t i = o->crl ? s->ncrls : s->nctls; i-- > 0;) {
		if (o->crl && s->crls[i] == o->crl) {
			cs_store_crl_remove(s, i);
			removed++;
		} else if (o->ctl && s->ctls[i] == o->ctl) {
			cs_store_ctl_remove(s, i);
			removed++;
		}
	}
	*result = removed ? "removed" : "absent";
	return CS_OK;
}

/* Apply the step to one certificate; the trace's word for what happened. */
static cs_status apply(const store_data *d, cs_store *s,
                       const struct cs_cert *c, const char **result)
{
	bool was = cs_store_contains(s, c);
	switch (d->op) {
	case OP_ADD:
		*result = was ? "already present" : "added";
		return was ? CS_OK : cs_store_add(s, c);
	case OP_REMOVE:
		*result = was ? "removed" : "absent";
		if (was)
			cs_store_remove(s, c);
		return CS_OK;
	case OP_PURPOSES:
		/* As the console: only a certificate in the store has a
		 * Properties dialog. */
		*result = was ? "set" : "absent";
		return was ? cs_store_set_eku_prop(s, c, d->purposes) : CS_OK;
	}
	CS_BAIL(CS_ERR_INTERNAL);
}

/* What the trace says of a CRL or CTL entry. */
static void obs_list_entry(cs_obs *o, const store_obj *ob, const store_data *d)
{
	char hex[41];
	if (ob->crl) {
		for (int k = 0; k < 20; k++)
			snprintf(hex + 2 * k, 3, "%02x", ob->crl->sha1[k]);
		cs_obs_str(o, "object", "CRL");
		cs_obs_time(o, "this_update", ob->crl->this_update);
	} else {
		cs_obs_str(o, "object", "CTL");
		cs_obs_time(o, "this_update", ob->ctl->this_update);
	}
	if (ob->crl)
		cs_obs_str(o, "crl_sha1", hex);
	if (d->op == OP_ADD)
		cs_obs_str(o, "disposition", cs_store_add_word(d->disposition));
}

cs_status cs_cmd_store_run(cs_run_ctx *rc, cs_outcome *out)
{
	static const char *const op_names[] = {"add", "remove", "purposes"};
	const store_data *d = rc->step->data;
	cs_world *w = &rc->m->w;
	cs_store *s = d->user ? &w->accounts[w->acting].stores[d->store]
	                      : &w->machine_stores[d->store];
	bool all_present = true, any_refused = false;
	for (size_t i = 0; i < d->n; i++) {
		const store_obj *ob = &d->objs[i];
		const char *result = NULL;
		bool refused = false;
		cs_status st = ob->cert
		                   ? apply(d, s, ob->cert, &result)
		                   : apply_list(d, s, ob, &result, &refused);
		if (st != CS_OK)
			return st;
		any_refused |= refused;
		all_present &= !ob->cert || cs_store_contains(s, ob->cert) ||
		               d->op != OP_PURPOSES;
		cs_obs *o =
		    cs_trace_begin(&w->trace, w->now, "store",
		                   d->user ? cs_run_account_name(rc) : NULL);
		cs_obs_str(o, "op", op_names[d->op]);
		cs_obs_str(o, "store", cs_store_name(d->store));
		cs_obs_str(o, "scope", d->user ? "user" : "machine");
		if (!ob->cert) {
			obs_list_entry(o, ob, d);
			cs_obs_str(o, "result", result);
			continue;
		}
		cs_obs_str(o, "subject", cs_cert_subject(ob->cert));
		cs_obs_str(o, "thumbprint_sha1", cs_cert_sha1_hex(ob->cert));
		if (d->op == OP_PURPOSES) {
			char text[512];
			cs_obs_str(
			    o, "eku_property",
			    d->purposes
			        ? cs_usage_text(d->purposes, text, sizeof text)
			        : "absent (all purposes)");
		}
		cs_obs_str(o, "result", result);
	}
	out->has_hresult = true;
	/* CRYPT_E_NOT_FOUND: a property cannot be set on a certificate the
	 * store does not hold; CRYPT_E_EXISTS: an add the disposition
	 * refused. */
	out->hresult = d->op == OP_PURPOSES && !all_present
	                   ? CS_CRYPT_E_NOT_FOUND
	               : any_refused ? CS_CRYPT_E_EXISTS
	                             : 0;
	return CS_OK;
}
