/* The scenario commands of the Schannel area (rows of the command table in
 * sim/scenario/commands.c; docs/scenario-language.md, docs/schannel.md):
 *
 *   schannel issuer-list [app-store=FILE,...] [find=FILE]
 *   tls-client-auth iis|tls CLIENT-CERT [client-ca=FILE,...]
 *                   [app-store=FILE,...] [revocation=MODE]
 *
 * Both are actions: their outcome carries result words for `expect
 * result=WORD` (see result_words_* below), and `tls-client-auth` an HRESULT
 * when a certificate was judged (0, or the chain policy's dwError). */
#include "sim/scenario/cmd_schannel.h"
#include "model/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "sim/scenario/cmd_impl.h"
#include "engine/schannel/machine.h"

#define MAX_LIST 64 /* certificates in one FILE,FILE,... option */

typedef struct {
	bool is_list; /* schannel issuer-list, else tls-client-auth */
	cs_sch_app app;
	const struct cs_cert *client;
	const struct cs_cert *cas[MAX_LIST];
	size_t ncas;
	const struct cs_cert *app_store[MAX_LIST];
	size_t napp;
	const struct cs_cert *find; /* issuer-list find=FILE, or NULL */
	uint32_t revocation;
} sch_data;

/* FILE,FILE,... -> certificates. */
static cs_status parse_cert_list(cs_parse_ctx *pc, cs_step *st, const char *key,
                                 const struct cs_cert **out, size_t *n)
{
	unsigned col = 0;
	const char *v = cs_step_option(st, key, &col);
	*n = 0;
	if (!v)
		return CS_OK;
	for (const char *p = v;;) {
		size_t l = strcspn(p, ",");
		unsigned at = col + (unsigned)(p - v);
		if (l == 0)
			return cs_parse_error(pc, st, at,
			                      "expected a certificate file in "
			                      "%s=FILE,FILE,...",
			                      key);
		if (*n == MAX_LIST)
			return cs_parse_error(
			    pc, st, at,
			    "at most %d certificates in %s=", MAX_LIST, key);
		char buf[4096];
		snprintf(buf, sizeof buf, "%.*s", (int)l, p);
		char *word = cs_scenario_strdup(pc->s, buf);
		if (!word)
			return cs_alloc_failed();
		cs_tok tok = {word, at};
		cs_status rc = cs_parse_cert(pc, st, &tok, &out[*n]);
		if (rc != CS_OK)
			return rc;
		(*n)++;
		p += l;
		if (!*p)
			break;
		p++;
	}
	return CS_OK;
}

cs_status cs_cmd_schannel_parse(cs_parse_ctx *pc, cs_step *st)
{
	sch_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	d->is_list = true;
	const cs_tok *what = cs_step_pos(st, 0);
	if (strcmp(what->text, "issuer-list") != 0)
		return cs_parse_error(pc, st, what->col,
		                      "unknown schannel operation '%s' "
		                      "(expected issuer-list)",
		                      what->text);
	cs_status rc =
	    parse_cert_list(pc, st, "app-store", d->app_store, &d->napp);
	unsigned col = 0;
	const char *find = cs_step_option(st, "find", &col);
	if (rc == CS_OK && find) {
		cs_tok tok = {(char *)(uintptr_t)find, col};
		rc = cs_parse_cert(pc, st, &tok, &d->find);
	}
	return rc;
}

cs_status cs_cmd_tls_client_auth_parse(cs_parse_ctx *pc, cs_step *st)
{
	sch_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	const cs_tok *server = cs_step_pos(st, 0);
	if (strcmp(server->text, "iis") == 0)
		d->app = CS_SCH_APP_IIS;
	else if (strcmp(server->text, "tls") == 0)
		d->app = CS_SCH_APP_TLS;
	else
		return cs_parse_error(pc, st, server->col,
		                      "unknown server '%s' (expected iis: "
		                      "HTTP.sys/IIS answering 403.x, or tls: a "
		                      "service that fails the handshake)",
		                      server->text);
	cs_status rc = cs_parse_cert(pc, st, cs_step_pos(st, 1), &d->client);
	if (rc == CS_OK)
		rc = parse_cert_list(pc, st, "client-ca", d->cas, &d->ncas);
	if (rc == CS_OK)
		rc = parse_cert_list(pc, st, "app-store", d->app_store,
		                     &d->napp);
	/* Default: what the verify command assumes for Schannel and IIS. */
	d->revocation = CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
	unsigned col = 0;
	const char *rev = cs_step_option(st, "revocation", &col);
	if (rc == CS_OK && rev)
		rc = cs_parse_revocation_option(pc, st, rev, col,
		                                &d->revocation);
	return rc;
}

static void add_word(cs_outcome *out, const char *w)
{
	size_t l = strlen(out->result);
	snprintf(out->result + l, sizeof out->result - l, "%s%s", l ? " " : "",
	         w);
}

/* The fate of c's subject name in the list: listed, dropped-limit,
 * dropped-usage, dropped-duplicate, or absent (no certificate of the source
 * store has that name). */
static cs_status fate_of(const cs_sch_issuer_list *l, const struct cs_cert *c,
                         const char **out)
{
	const char *fate = "absent";
	for (size_t i = 0; i < l->n; i++) {
		const struct cs_cert *e = l->v[i].cert->cert;
		if (e->subject_der.len == c->subject_der.len &&
		    memcmp(e->subject_der.data, c->subject_der.data,
		           c->subject_der.len) == 0) {
			if (l->v[i].fate == CS_SCH_KEPT) {
				fate = "listed";
				break;
			}
			fate = cs_sch_fate_name(l->v[i].fate);
		}
	}
	*out = fate;
	return CS_OK;
}

/* Result words: sent|not-sent, truncated|complete, names=N, bytes=N, and
 * with find=FILE that certificate's fate (listed, dropped-limit,
 * dropped-usage, dropped-duplicate, absent). */
cs_status cs_cmd_schannel_run(cs_run_ctx *rc, cs_outcome *out)
{
	const sch_data *d = rc->step->data;
	cs_sch_server_config cfg = {.app = CS_SCH_APP_IIS,
	                            .app_store = {d->app_store, d->napp}};
	cs_sch_snapshot snap;
	cs_sch_server srv;
	cs_status st = cs_schannel_issuer_list(rc->m, &cfg, &snap, &srv);
	if (st != CS_OK)
		return st;
	const cs_sch_issuer_list *l = &srv.list;
	out->has_hresult = true;
	out->hresult = 0;
	char w[48];
	add_word(out, srv.send ? "sent" : "not-sent");
	add_word(out, l->truncated ? "truncated" : "complete");
	snprintf(w, sizeof w, "names=%zu", l->kept);
	add_word(out, w);
	snprintf(w, sizeof w, "bytes=%zu", l->wire_len);
	add_word(out, w);
	const char *fate = NULL;
	if (d->find && (st = fate_of(l, d->find, &fate)) != CS_OK) {
		cs_sch_server_free(&srv);
		cs_sch_snapshot_free(&snap);
		return st;
	}
	if (fate)
		add_word(out, fate);
	snprintf(
	    out->note, sizeof out->note, "%zu names, %zu bytes from %s%s%s",
	    l->kept, l->wire_len, cs_sch_source_name(srv.source),
	    l->truncated ? ", truncated" : "", srv.send ? "" : ", not sent");
	cs_sch_server_free(&srv);
	cs_sch_snapshot_free(&snap);
	return CS_OK;
}

/* Result words: the outcome (ok, no-client-certificate, rejected), then
 * for iis the HTTP status (200, 403.7, 403.16), for tls alert-N when an
 * alert was sent. HRESULT: 0 or the policy's dwError when a certificate
 * was judged; none when the client sent nothing. */
cs_status cs_cmd_tls_client_auth_run(cs_run_ctx *rc, cs_outcome *out)
{
	const sch_data *d = rc->step->data;
	cs_sch_server_config cfg = {.app = d->app,
	                            .app_store = {d->app_store, d->napp},
	                            .revocation_flags = d->revocation};
	const struct cs_cert *certs[1] = {d->client};
	cs_sch_client_config cl = {.certs = {certs, 1},
	                           .cas = {d->cas, d->ncas}};
	cs_sch_auth_result r;
	cs_status st = cs_schannel_client_auth(rc->m, &cfg, &cl, &r);
	if (st != CS_OK)
		return st;
	out->has_hresult = r.outcome != CS_SCH_AUTH_NO_CERT;
	out->hresult = r.error;
	add_word(out, cs_sch_auth_outcome_name(r.outcome));
	char w[32];
	if (r.http_status) {
		if (r.http_substatus)
			snprintf(w, sizeof w, "%u.%u", r.http_status,
			         r.http_substatus);
		else
			snprintf(w, sizeof w, "%u", r.http_status);
		add_word(out, w);
	}
	if (r.alert) {
		snprintf(w, sizeof w, "alert-%u", r.alert);
		add_word(out, w);
	}
	const char *why = r.error ? cs_hresult_name(r.error) : NULL;
	snprintf(out->note, sizeof out->note, "%s%s%s", out->result,
	         why ? ": " : "", why ? why : "");
	return CS_OK;
}
