/* call FUNCTION KEY=VALUE...: one crypt32 / cryptnet function played on the
 * scenario's machine, its arguments written as `capisim call` takes them
 * (sim/call/call.h, docs/calls.md); object files are relative to the
 * scenario's folder, a store may be the machine's (store=CA,
 * store=user:Root).
 *
 * revocation CERT... [issuer=FILE] [crl-store=FILE,...|STORE]
 * [time=TIME] [flags=N] [provider=crypt32|cryptnet]: CertVerifyRevocation
 * on the certificates (the same call, with options): the CRL store is the
 * files (a memory store) or a store of the machine; time= is pftTimeToUse,
 * separate from the scenario's clock.
 *
 * The step's outcome is the call's: 0 when it returned TRUE (or a
 * context), else its last error, so `expect error=0x80092010` tests it;
 * its out-values are result words (`expect result=index=0`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/call/call.h"
#include "sim/scenario/cmd_impl.h"
#include "model/hresult.h"

#define MAX_WORDS 48

typedef struct {
	cs_parse_ctx *pc;
	const cs_step *st;
} loader_ctx;

static cs_status load_word(void *ctx, const char *word, cs_bytes *bytes,
                           const char **name, cs_diag *d)
{
	loader_ctx *lc = ctx;
	cs_tok tok = {(char *)word, 0};
	char path[4096];
	if (cs_fixture_path(lc->st, &tok, path, sizeof path) != CS_OK) {
		cs_diag_set(d, NULL, 0, 0, "path too long");
		return CS_ERR_LIMIT;
	}
	cs_diag pd;
	memset(&pd, 0, sizeof pd);
	cs_status st = cs_pool_file(lc->pc->s->pool, path, bytes, name, &pd);
	if (st != CS_OK)
		cs_diag_set(d, NULL, 0, 0, "missing fixture: %s", pd.msg);
	return st;
}

/* Parse function + words; errors at the column of the word at fault. */
static cs_status parse_words(cs_parse_ctx *pc, cs_step *st,
                             const char *function, const char *const *words,
                             const unsigned *cols, size_t n, unsigned fcol)
{
	loader_ctx lc = {pc, st};
	cs_call_loader ld = {pc->s->pool, load_word, &lc};
	cs_call *c;
	size_t bad;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status rc = cs_call_parse(function, words, n, &ld, &c, &bad, &d);
	if (rc != CS_OK && rc != CS_ERR_SYNTAX)
		return rc; /* the model failed, not the line */
	if (rc != CS_OK)
		return cs_parse_error(pc, st, bad < n ? cols[bad] : fcol, "%s",
		                      d.msg);
	st->data = c;
	return CS_OK;
}

cs_status cs_cmd_call_parse(cs_parse_ctx *pc, cs_step *st)
{
	const char *words[MAX_WORDS];
	unsigned cols[MAX_WORDS];
	size_t n = 0;
	const cs_tok *fn = cs_step_pos(st, 0);
	for (size_t i = 1; i < cs_step_npos(st); i++) {
		if (n == MAX_WORDS)
			return cs_parse_error(pc, st, cs_step_pos(st, i)->col,
			                      "more than %d arguments",
			                      MAX_WORDS);
		words[n] = cs_step_pos(st, i)->text;
		cols[n++] = cs_step_pos(st, i)->col;
	}
	return parse_words(pc, st, fn->text, words, cols, n, fn->col);
}

/* The words of `revocation`: contexts= from the files, the options as
 * the call's keys. */
cs_status cs_cmd_revocation_parse(cs_parse_ctx *pc, cs_step *st)
{
	static const struct {
		const char *option, *key;
	} map[] = {{"issuer", "issuer"},
	           {"crl-store", "crlstore"},
	           {"time", "time"},
	           {"flags", "flags"}};
	char contexts[4096] = "contexts=", opts[4][1100];
	const char *words[8];
	unsigned cols[8];
	size_t n = 0;
	for (size_t i = 0; i < cs_step_npos(st); i++) {
		const char *w = cs_step_pos(st, i)->text;
		size_t len = strlen(contexts);
		if (len + strlen(w) + 2 >= sizeof contexts)
			return cs_parse_error(pc, st, cs_step_pos(st, i)->col,
			                      "too many certificates");
		snprintf(contexts + len, sizeof contexts - len, "%s%s",
		         i ? "," : "", w);
	}
	words[n] = contexts;
	cols[n++] = cs_step_pos(st, 0)->col;
	for (size_t k = 0; k < 4; k++) {
		unsigned col = 0;
		const char *v = cs_step_option(st, map[k].option, &col);
		if (!v)
			continue;
		/* crl-store=a.crl,b.crl: a memory store of these files (a
		 * store name stays a store of the machine) */
		snprintf(opts[k], sizeof opts[k], "%s=%s", map[k].key, v);
		words[n] = opts[k];
		cols[n++] = col;
	}
	unsigned pcol = 0;
	const char *provider = cs_step_option(st, "provider", &pcol);
	if (provider && strcmp(provider, "crypt32") != 0 &&
	    strcmp(provider, "cryptnet") != 0)
		return cs_parse_error(pc, st, pcol,
		                      "expected provider=crypt32 "
		                      "(CertVerifyRevocation) or cryptnet "
		                      "(CertDllVerifyRevocation)");
	return parse_words(pc, st,
	                   provider && !strcmp(provider, "cryptnet")
	                       ? "CertDllVerifyRevocation"
	                       : "CertVerifyRevocation",
	                   words, cols, n, st->cmd_col);
}

void cs_cmd_call_free(void *data)
{
	cs_call_free(data);
}

/* The result words: name=value for each out-value. */
static void result_words(const cs_call_result *r, cs_outcome *out)
{
	size_t len = 0;
	char *b = out->result;
	size_t cap = sizeof out->result;
	len += (size_t)snprintf(b, cap, "ret=%lld", (long long)r->ret);
	for (size_t i = 0; i < r->nfields && len < cap; i++) {
		const cs_call_field *f = &r->fields[i];
		if (f->kind == CS_CALL_FIELD_ERROR)
			len += (size_t)snprintf(b + len, cap - len,
			                        " %s=0x%08llX", f->name,
			                        (unsigned long long)f->value);
		else if (f->kind == CS_CALL_FIELD_UINT ||
		         f->kind == CS_CALL_FIELD_INT)
			len += (size_t)snprintf(b + len, cap - len, " %s=%lld",
			                        f->name, (long long)f->value);
		else if (f->kind == CS_CALL_FIELD_NULL)
			len += (size_t)snprintf(b + len, cap - len, " %s=null",
			                        f->name);
	}
}

cs_status cs_cmd_call_run(cs_run_ctx *rc, cs_outcome *out)
{
	const cs_call *c = rc->step->data;
	cs_call_result r;
	cs_status st = cs_call_run(c, rc->m, cs_run_account(rc), &r);
	if (st != CS_OK)
		return st;
	bool failed = r.ret == 0 && !r.no_ret;
	out->has_hresult = true;
	out->hresult = failed ? r.last_error : 0;
	const char *name = cs_last_error_name(r.last_error);
	if (failed)
		snprintf(out->note, sizeof out->note, "FALSE, %s",
		         name ? name : "");
	result_words(&r, out);
	cs_world *w = &rc->m->w;
	cs_obs *o =
	    cs_trace_begin(&w->trace, w->now, "call", cs_run_account_name(rc));
	cs_obs_str(o, "function", r.function);
	cs_obs_int(o, "ret", r.ret);
	if (failed)
		cs_obs_hresult(o, "last_error", r.last_error);
	cs_obs_str(o, "result", out->result);
	if (r.detail[0])
		cs_obs_str(o, "store", r.detail);
	return CS_OK;
}
