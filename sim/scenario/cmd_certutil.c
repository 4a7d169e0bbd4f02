/* certutil as administrators type it (seed 000/001/003/004 recoveries):
 *   certutil -urlcache * delete        the acting account's disk URL cache
 *   certutil -urlcache CRL delete      every CRL in it
 *   certutil -urlcache URL delete      one entry of it
 *   certutil -urlcache * | CRL | URL   list those entries (no delete)
 *   certutil -setreg chain\NAME VALUE  a value under the chain engine's
 *                                      Config key (@now etc.: FILETIME as
 *                                      REG_BINARY; a number: REG_DWORD)
 *   certutil -verify -urlfetch FILE    a chain build with revocation of the
 *                                      chain but its root, base policy
 * `-urlcache * delete` clears only the account it runs as (RULES.md 6,
 * SEED 000/001): service accounts need their own run (`as SYSTEM`). */
#include <stdio.h>
#include "model/alloc.h"
#include "model/registry_names.h"
#include "model/hresult.h"
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "engine/cryptnet/urlcache_cmd.h"
#include "sim/scenario/cmd_impl.h"
#include "model/registry.h"

typedef enum {
	CU_URLCACHE_LIST,
	CU_URLCACHE_DELETE,
	CU_SETREG,
	CU_VERIFY
} cu_op;

typedef struct {
	cu_op op;
	const char *filter; /* -urlcache: "*", "CRL" or a URL */
	char name[CS_REG_NAME_MAX];
	cs_reg_type type;
	uint64_t value; /* DWORD, or FILETIME */
	bool value_is_now;
	int64_t now_offset;
	cs_verify_spec verify;
} certutil_data;

static cs_status usage(cs_parse_ctx *pc, cs_step *st, unsigned col)
{
	return cs_parse_error(pc, st, col, "expected %s", st->cmd->synopsis);
}

cs_status cs_cmd_certutil_parse(cs_parse_ctx *pc, cs_step *st)
{
	certutil_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	const cs_tok *a = &st->args[0];
	if (strcmp(a->text, "-urlcache") == 0) {
		if (st->nargs < 2 || st->nargs > 3 ||
		    (st->nargs == 3 && strcmp(st->args[2].text, "delete") != 0))
			return usage(pc, st,
			             st->nargs > 2 ? st->args[2].col : a->col);
		d->op = st->nargs == 3 ? CU_URLCACHE_DELETE : CU_URLCACHE_LIST;
		d->filter = st->args[1].text;
		if (strcmp(d->filter, "*") == 0 ||
		    strcmp(d->filter, "CRL") == 0)
			return CS_OK;
		return cs_parse_url_word(pc, st, &st->args[1]);
	}
	if (strcmp(a->text, "-setreg") == 0) {
		if (st->nargs != 3)
			return usage(pc, st, a->col);
		const cs_tok *n = &st->args[1], *v = &st->args[2];
		if (strncmp(n->text, "chain\\", 6) != 0 || !n->text[6] ||
		    strlen(n->text + 6) >= sizeof d->name)
			return cs_parse_error(
			    pc, st, n->col,
			    "expected chain\\NAME (e.g. "
			    "chain\\ChainCacheResyncFiletime)");
		snprintf(d->name, sizeof d->name, "%s", n->text + 6);
		d->op = CU_SETREG;
		if (v->text[0] == '@') {
			cs_tok t = {v->text + 1, v->col + 1};
			cs_filetime ft;
			cs_status rc = cs_parse_time_word(pc, st, &t, &ft);
			if (rc != CS_OK)
				return rc;
			d->type = CS_REG_BINARY;
			d->value = (uint64_t)ft;
			d->value_is_now = strncmp(t.text, "now", 3) == 0;
			d->now_offset = ft - pc->now;
			return CS_OK;
		}
		char *end = NULL;
		unsigned long long x = strtoull(v->text, &end, 0);
		if (!v->text[0] || v->text[0] == '-' || *end ||
		    x > 0xffffffffULL)
			return cs_parse_error(
			    pc, st, v->col,
			    "expected @now, @now-8d, @TIME or a "
			    "32-bit number");
		d->type = CS_REG_DWORD;
		d->value = x;
		return CS_OK;
	}
	if (strcmp(a->text, "-verify") == 0) {
		if (st->nargs != 3 ||
		    strcmp(st->args[1].text, "-urlfetch") != 0)
			return usage(pc, st,
			             st->nargs > 1 ? st->args[1].col : a->col);
		d->op = CU_VERIFY;
		cs_status rc = cs_verify_spec_parse(pc, st, 2, &d->verify);
		/* What certutil prints before every dump it makes without -f:
		 * "ChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT
		 * (0x40000000)" (samples/certutil_v_urlfetch_verify_ldap_
		 * delta_crl_2023.txt, certutil_verify_urlfetch_zh-CN_offline_
		 * then_ok_2025.txt, certutil_verify_offline_partialchain_dc_
		 * 2021.txt); with -f it is CHECK_CHAIN (the WS2022 sample). */
		d->verify.chain_flags =
		    CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
		/* certutil.exe is a process of its own: no memory cache, no
		 * back-off of a service's process (SEED 003: certutil
		 * -verify -urlfetch saw a good chain while lsass failed). */
		d->verify.own_process = true;
		return rc;
	}
	return usage(pc, st, a->col);
}

/* One implementation of -urlcache: engine/cryptnet/urlcache_cmd.h. */
static cs_status run_urlcache(cs_run_ctx *rc, const certutil_data *d,
                              cs_outcome *out)
{
	cs_machine *m = rc->m;
	bool del = d->op == CU_URLCACHE_DELETE;
	size_t n = del ? cs_urlcache_cmd_delete(m, m->w.acting, d->filter)
	               : cs_urlcache_cmd_show(m, m->w.acting, d->filter);
	out->has_hresult = true;
	out->hresult = 0;
	snprintf(out->note, sizeof out->note, "%zu entr%s%s", n,
	         n == 1 ? "y" : "ies", del ? " deleted" : "");
	return CS_OK;
}

static cs_status run_setreg(cs_run_ctx *rc, const certutil_data *d,
                            cs_outcome *out)
{
	cs_world *w = &rc->m->w;
	uint8_t data[8];
	uint64_t v =
	    d->value_is_now ? (uint64_t)(w->now + d->now_offset) : d->value;
	size_t len = d->type == CS_REG_DWORD ? 4 : 8;
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)(v >> (8 * i));
	cs_status st = cs_reg_set(&w->reg, w->acting, CS_REG_KEY(CHAIN_CONFIG),
	                          d->name, d->type, data, len);
	if (st == CS_ERR_NOMEM)
		return st;
	cs_obs *o = cs_trace_begin(&w->trace, w->now, "registry",
	                           cs_run_account_name(rc));
	cs_obs_rule(o, CS_RULE_CERTUTIL_SETREG_CHAIN);
	cs_obs_str(o, "op", "add");
	cs_obs_str(o, "key", CS_REG_KEY(CHAIN_CONFIG));
	cs_obs_str(o, "name", d->name);
	cs_obs_str(o, "type",
	           d->type == CS_REG_DWORD ? "REG_DWORD" : "REG_BINARY");
	if (d->type == CS_REG_BINARY)
		cs_obs_time(o, "filetime", (cs_filetime)v);
	else
		cs_obs_int(o, "data", (int64_t)v);
	cs_obs_str(o, "result", st == CS_OK ? "ok" : cs_status_str(st));
	out->has_hresult = true;
	out->hresult = st == CS_OK                  ? 0
	               : st == CS_ERR_ACCESS_DENIED ? CS_E_ACCESSDENIED
	                                            : 0x80004005u;
	return CS_OK;
}

/* certutil -verify reports the revocation result of the end certificate
 * even when the base policy passes ("ERROR: Verifying leaf certificate
 * revocation status returned ... 0x80092013", SEED 004 / samples
 * certutil_verify_urlfetch_*), so the outcome is the first error of: the
 * policy, the leaf's revocation result. */
static cs_status run_verify(cs_run_ctx *rc, const certutil_data *d,
                            cs_outcome *out)
{
	cs_status st = cs_verify_spec_run(rc, &d->verify, out);
	if (st != CS_OK || out->hresult != 0)
		return st;
	if (out->status & (CS_TRUST_REVOCATION_STATUS_UNKNOWN |
	                   CS_TRUST_IS_OFFLINE_REVOCATION)) {
		out->hresult = CS_CRYPT_E_REVOCATION_OFFLINE;
		snprintf(out->note, sizeof out->note,
		         "CRYPT_E_REVOCATION_OFFLINE (revocation check)");
	} else if (out->status & CS_TRUST_IS_REVOKED) {
		out->hresult = CS_CRYPT_E_REVOKED;
		snprintf(out->note, sizeof out->note,
		         "CRYPT_E_REVOKED (revocation check)");
	}
	return CS_OK;
}

cs_status cs_cmd_certutil_run(cs_run_ctx *rc, cs_outcome *out)
{
	const certutil_data *d = rc->step->data;
	switch (d->op) {
	case CU_URLCACHE_LIST:
	case CU_URLCACHE_DELETE:
		return run_urlcache(rc, d, out);
	case CU_SETREG:
		return run_setreg(rc, d, out);
	case CU_VERIFY:
		return run_verify(rc, d, out);
	}
	CS_BAIL(CS_ERR_INTERNAL);
}
