/* verify FILE [policy=..] [revocation=..] [usage=..] [usage-match=..]
 * [additional=..] [at=..] [flags=..] [server=..] [auth=..] [ssl-checks=..]
 * [ssl-para=none]: CertGetCertificateChain then
 * CertVerifyCertificateChainPolicy, as the acting account's process would
 * call them; every value goes through engine/chain/words.h, the parsers
 * `capisim verify` uses.
 *
 * Defaults (docs/scenario-language.md): policy=base; revocation=
 * chain-exclude-root (CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT, what
 * Schannel / IIS / WinHTTP ask for); no requested usage unless usage= or
 * policy=ssl (which asks for serverAuth, or clientAuth with usage=clientAuth
 * - then the SSL policy checks a client: AUTHTYPE_CLIENT). */
#include <stdio.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "engine/chain/words.h"
#include "sim/scenario/cmd_impl.h"

cs_status cs_parse_revocation_option(cs_parse_ctx *pc, cs_step *st,
                                     const char *v, unsigned col, uint32_t *out)
{
	char err[CS_WORDS_ERR];
	if (!cs_words_chain_flags(v, out, err))
		return cs_parse_error(pc, st, col, "revocation=: %s", err);
	return CS_OK;
}

/* One value through its parser (engine/chain/words.h); the error names the
 * option at its value's column. */
#define WORDS(parse, key, ...)                                             \
	do {                                                               \
		char err_[CS_WORDS_ERR];                                   \
		if ((v = cs_step_option(st, key, &col)) &&                 \
		    !parse(v, __VA_ARGS__, err_))                          \
			return cs_parse_error(pc, st, col, "%s=: %s", key, \
			                      err_);                       \
	} while (0)

/* usage=WORD[,WORD...]: the requested usages, kept in spec's own copy. */
static cs_status parse_usages(cs_parse_ctx *pc, cs_step *st, const char *v,
                              unsigned col, cs_verify_spec *spec)
{
	if (strlen(v) >= sizeof spec->usage_text)
		return cs_parse_error(pc, st, col, "usage list too long");
	strcpy(spec->usage_text, v);
	for (char *w = spec->usage_text, *end; w; w = end) {
		if ((end = strchr(w, ',')))
			*end++ = '\0';
		unsigned at = col + (unsigned)(w - spec->usage_text);
		const char *oid = cs_words_usage_oid(w);
		if (!oid)
			return cs_parse_error(
			    pc, st, at,
			    "unknown usage '%s' (expected serverAuth, "
			    "clientAuth, codeSigning, any or a dotted OID, "
			    "joined by commas)",
			    w);
		if (spec->nusages == CS_VERIFY_MAX_USAGES)
			return cs_parse_error(pc, st, at, "more than %d usages",
			                      CS_VERIFY_MAX_USAGES);
		spec->usages[spec->nusages++] = oid;
	}
	return CS_OK;
}

/* additional=FILE[,FILE...]: the call's hAdditionalStore. */
static cs_status parse_additional(cs_parse_ctx *pc, cs_step *st, const char *v,
                                  unsigned col, cs_verify_spec *spec)
{
	char *words = spec->additional_text;
	if (strlen(v) >= sizeof spec->additional_text)
		return cs_parse_error(pc, st, col, "file list too long");
	strcpy(words, v);
	for (char *w = words, *end; w; w = end) {
		if ((end = strchr(w, ',')))
			*end++ = '\0';
		cs_tok t = {w, col + (unsigned)(w - words)};
		if (spec->nadditional == CS_VERIFY_MAX_ADDITIONAL)
			return cs_parse_error(pc, st, t.col,
			                      "more than %d files",
			                      CS_VERIFY_MAX_ADDITIONAL);
		spec->additional_word[spec->nadditional] = t;
		cs_status rc = cs_parse_cert(
		    pc, st, &t, &spec->additional[spec->nadditional++]);
		if (rc != CS_OK)
			return rc;
	}
	return CS_OK;
}

cs_status cs_verify_spec_parse(cs_parse_ctx *pc, cs_step *st, size_t file_pos,
                               cs_verify_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	const cs_tok *file = cs_step_pos(st, file_pos);
	cs_status rc = cs_parse_cert(pc, st, file, &spec->leaf);
	if (rc != CS_OK)
		return rc;
	spec->leaf_name = file->text;
	spec->policy = CS_POLICY_BASE;
	spec->chain_flags = CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
	spec->auth_type = CS_AUTHTYPE_SERVER;
	spec->usage_match = CS_USAGE_MATCH_AND;
	unsigned col;
	const char *v;
	cs_policy_id policy = CS_POLICY_BASE;
	WORDS(cs_words_policy, "policy", &policy);
	const char *why = cs_policy_modelled(pc->s->profile, policy);
	if (why)
		return cs_parse_error(pc, st, col,
		                      "%s is not modelled on %s: %s "
		                      "(docs/verify.md)",
		                      cs_policy_symbol(policy),
		                      pc->s->profile->name, why);
	spec->policy = policy;
	uint32_t chain_flags = spec->chain_flags;
	WORDS(cs_words_chain_flags, "revocation", &chain_flags);
	spec->chain_flags = chain_flags;
	if ((v = cs_step_option(st, "usage", &col))) {
		rc = parse_usages(pc, st, v, col, spec);
		if (rc != CS_OK)
			return rc;
		for (size_t i = 0; i < spec->nusages; i++)
			if (strcmp(spec->usages[i], CS_OID_CLIENT_AUTH) == 0)
				spec->auth_type = CS_AUTHTYPE_CLIENT;
	} else if (spec->policy == CS_POLICY_SSL) {
		spec->usages[spec->nusages++] = CS_OID_SERVER_AUTH;
	}
	WORDS(cs_words_usage_match, "usage-match", &spec->usage_match);
	/* The SSL policy's extra parameters (SSL_EXTRA_CERT_CHAIN_POLICY_
	 * PARA), given or left out with ssl-para=none. */
	static const char *const ssl_keys[] = {"server", "auth", "ssl-checks",
	                                       "ssl-para"};
	for (size_t i = 0; i < sizeof ssl_keys / sizeof *ssl_keys; i++)
		if (cs_step_option(st, ssl_keys[i], &col) &&
		    spec->policy != CS_POLICY_SSL)
			return cs_parse_error(
			    pc, st, col - (unsigned)strlen(ssl_keys[i]) - 1,
			    "%s= needs policy=ssl (the SSL policy's own "
			    "parameters)",
			    ssl_keys[i]);
	if ((v = cs_step_option(st, "server", &col)))
		spec->server = v; /* an empty name is a name */
	int auth = spec->auth_type;
	WORDS(cs_words_auth_type, "auth", &auth);
	spec->auth_type = auth;
	uint32_t checks = 0;
	WORDS(cs_words_ssl_checks, "ssl-checks", &checks);
	spec->ssl_checks = checks;
	if ((v = cs_step_option(st, "ssl-para", &col))) {
		if (strcmp(v, "none") != 0)
			return cs_parse_error(
			    pc, st, col,
			    "expected ssl-para=none (no "
			    "SSL_EXTRA_CERT_CHAIN_POLICY_PARA)");
		if (cs_step_option(st, "server", NULL) ||
		    cs_step_option(st, "auth", NULL) ||
		    cs_step_option(st, "ssl-checks", NULL))
			return cs_parse_error(
			    pc, st, col,
			    "ssl-para=none leaves out the SSL parameters: no "
			    "server=, auth= or ssl-checks= with it");
		spec->no_ssl_para = true;
	}
	if ((v = cs_step_option(st, "additional", &col))) {
		rc = parse_additional(pc, st, v, col, spec);
		if (rc != CS_OK)
			return rc;
	}
	if ((v = cs_step_option(st, "at", &col))) {
		cs_tok t = {(char *)v, col};
		rc = cs_parse_time_word(pc, st, &t, &spec->at);
		if (rc != CS_OK)
			return rc;
		spec->has_at = true;
	}
	if ((v = cs_step_option(st, "process", &col))) {
		/* new: a fresh one-shot process (a new browser window, a
		 * tool); a name: that long-lived process of the account */
		size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
		                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
		if (!*v || v[n] || n >= CS_PROCESS_NAME_MAX)
			return cs_parse_error(
			    pc, st, col,
			    "expected process=new or a process name (letters, "
			    "digits, '.', '_', '-'; at most %d)",
			    CS_PROCESS_NAME_MAX - 1);
		if (strcmp(v, "new") == 0)
			spec->own_process = true;
		else
			spec->process = v;
	}
	uint32_t flags = 0;
	WORDS(cs_words_policy_flags, "flags", &flags);
	spec->policy_flags = flags;
	return CS_OK;
}
#undef WORDS

cs_status cs_cmd_verify_parse(cs_parse_ctx *pc, cs_step *st)
{
	cs_verify_spec *spec = cs_calloc(1, sizeof *spec);
	if (!spec)
		return cs_alloc_failed();
	st->data = spec;
	return cs_verify_spec_parse(pc, st, 0, spec);
}

cs_status cs_verify_spec_run(cs_run_ctx *rc, const cs_verify_spec *spec,
                             cs_outcome *out)
{
	cs_store additional;
	cs_store_init(&additional);
	for (size_t i = 0; i < spec->nadditional; i++) {
		cs_status ast = cs_store_add(&additional, spec->additional[i]);
		if (ast != CS_OK) {
			cs_store_free(&additional);
			return ast;
		}
	}
	cs_chain_para para = {
	    .account = cs_run_account(rc),
	    .leaf = spec->leaf,
	    .time = spec->has_at ? &spec->at : NULL,
	    .flags = spec->chain_flags,
	    .usages = spec->usages,
	    .nusages = spec->nusages,
	    .usage_match = spec->usage_match,
	    .additional = spec->nadditional ? &additional : NULL,
	    .short_lived_process = spec->own_process,
	};
	/* process=NAME: this call runs in that process of the acting
	 * account; the `as` process comes back afterwards. */
	char was[CS_PROCESS_NAME_MAX];
	memcpy(was, rc->m->w.acting_process, sizeof was);
	if (spec->process)
		snprintf(rc->m->w.acting_process,
		         sizeof rc->m->w.acting_process, "%s", spec->process);
	cs_chain_context ctx;
	cs_status st = cs_chain_get(rc->m, &para, &ctx);
	memcpy(rc->m->w.acting_process, was, sizeof was);
	cs_store_free(&additional);
	uint32_t refused = cs_chain_refusal(spec->leaf);
	if (st == CS_ERR_FORMAT && refused) {
		/* the call fails: GetLastError() as an HRESULT */
		out->has_hresult = true;
		out->hresult = cs_hresult_from_win32(refused);
		snprintf(out->note, sizeof out->note,
		         "CertGetCertificateChain failed: ERROR_INVALID_DATA");
		return CS_OK;
	}
	if (st != CS_OK)
		return st;
	cs_policy_para pp = {
	    .policy = (cs_policy_id)spec->policy,
	    .flags = spec->policy_flags,
	    .no_ssl_para = spec->no_ssl_para,
	    .auth_type = spec->auth_type,
	    .ssl_checks = spec->ssl_checks,
	    .server_name = spec->server,
	};
	cs_policy_status ps;
	st = cs_chain_policy(rc->m, &ctx, &pp, &ps);
	if (st == CS_ERR_NOT_FOUND) {
		/* no provider: the call fails, GetLastError()
		 * ERROR_FILE_NOT_FOUND, as an HRESULT */
		out->has_hresult = true;
		out->hresult = cs_hresult_from_win32(CS_WIN32_FILE_NOT_FOUND);
		out->has_status = true;
		out->status = ctx.error_status;
		snprintf(out->note, sizeof out->note,
		         "CertVerifyCertificateChainPolicy failed: "
		         "ERROR_FILE_NOT_FOUND");
		st = CS_OK;
	} else if (st == CS_OK) {
		out->has_hresult = true;
		out->hresult = ps.error;
		out->has_status = true;
		out->status = ctx.error_status;
		const char *name = ps.error ? cs_hresult_name(ps.error) : NULL;
		if (name)
			snprintf(out->note, sizeof out->note, "%s", name);
	}
	cs_chain_context_free(&ctx);
	return st;
}

cs_status cs_cmd_verify_run(cs_run_ctx *rc, cs_outcome *out)
{
	return cs_verify_spec_run(rc, rc->step->data, out);
}
