/* verify FILE [policy=..] [revocation=..] [server=..] [usage=..] [at=..]
 * [flags=..]: CertGetCertificateChain then CertVerifyCertificateChainPolicy,
 * as the acting account's process would call them.
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
#include "sim/scenario/cmd_impl.h"

static const struct {
	const char *name;
	uint32_t flags;
} revocations[] = {
    {"none", 0},
    {"end", CS_CHAIN_REVOCATION_CHECK_END_CERT},
    {"chain", CS_CHAIN_REVOCATION_CHECK_CHAIN},
    {"chain-exclude-root", CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT},
    /* modifiers, combined with a comma: revocation=chain,cache-only */
    {"cache-only", CS_CHAIN_REVOCATION_CHECK_CACHE_ONLY},
    {"accumulative", CS_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT},
    {"no-aia", CS_CHAIN_DISABLE_AIA},
    {"no-auto-update", CS_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE},
    {"cache-only-urls", CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL},
};

const char *cs_usage_word_oid(const char *word)
{
	static const struct {
		const char *name;
		const char *oid;
	} names[] = {
	    {"serverAuth", CS_OID_SERVER_AUTH},
	    {"clientAuth", CS_OID_CLIENT_AUTH},
	    {"codeSigning", CS_OID_CODE_SIGNING},
	    {"any", CS_OID_ANY_EKU},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].name, word) == 0)
			return names[i].oid;
	bool digit = false;
	int dots = 0;
	for (const char *s = word; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s == '.' && digit) {
			digit = false;
			dots++;
		} else
			return NULL;
	}
	return digit && dots >= 1 ? word : NULL;
}

cs_status cs_parse_revocation_option(cs_parse_ctx *pc, cs_step *st,
                                     const char *v, unsigned col, uint32_t *out)
{
	*out = 0;
	const char *p = v;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool found = false;
		for (size_t i = 0; i < sizeof revocations / sizeof *revocations;
		     i++)
			if (strlen(revocations[i].name) == n &&
			    strncmp(revocations[i].name, p, n) == 0) {
				*out |= revocations[i].flags;
				found = true;
			}
		if (!found)
			return cs_parse_error(
			    pc, st, col + (unsigned)(p - v),
			    "unknown revocation mode '%.*s' (expected none, "
			    "end, chain, chain-exclude-root, optionally with "
			    ",cache-only ,accumulative ,no-aia ,no-auto-update "
			    ",cache-only-urls)",
			    (int)n, p);
		p += n;
		if (*p == ',')
			p++;
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
	unsigned col;
	const char *v;
	if ((v = cs_step_option(st, "policy", &col))) {
		cs_policy_id id;
		if (!cs_policy_from_name(v, &id))
			return cs_parse_error(
			    pc, st, col,
			    "unknown policy '%s' (expected base, "
			    "ssl or basic-constraints)",
			    v);
		spec->policy = id;
	}
	if ((v = cs_step_option(st, "revocation", &col))) {
		uint32_t f;
		rc = cs_parse_revocation_option(pc, st, v, col, &f);
		if (rc != CS_OK)
			return rc;
		spec->chain_flags = f;
	}
	if ((v = cs_step_option(st, "usage", &col))) {
		if (!(spec->usage = cs_usage_word_oid(v)))
			return cs_parse_error(
			    pc, st, col,
			    "unknown usage '%s' (expected "
			    "serverAuth, clientAuth, codeSigning, "
			    "any or a dotted OID)",
			    v);
		if (strcmp(spec->usage, CS_OID_CLIENT_AUTH) == 0)
			spec->auth_type = CS_AUTHTYPE_CLIENT;
	} else if (spec->policy == CS_POLICY_SSL) {
		spec->usage = CS_OID_SERVER_AUTH;
	}
	if ((v = cs_step_option(st, "server", &col))) {
		if (spec->policy != CS_POLICY_SSL)
			return cs_parse_error(
			    pc, st, col - 7,
			    "server= needs policy=ssl (only the "
			    "SSL policy checks names)");
		if (!*v)
			return cs_parse_error(pc, st, col,
			                      "expected a server name");
		spec->server = v;
	}
	if ((v = cs_step_option(st, "at", &col))) {
		cs_tok t = {(char *)v, col};
		rc = cs_parse_time_word(pc, st, &t, &spec->at);
		if (rc != CS_OK)
			return rc;
		spec->has_at = true;
	}
	if ((v = cs_step_option(st, "flags", &col))) {
		char *end = NULL;
		unsigned long f = strtoul(v, &end, 16);
		if (strncmp(v, "0x", 2) != 0 || *end || f > 0xffffffffUL)
			return cs_parse_error(
			    pc, st, col,
			    "expected the policy's ignore flags "
			    "in hex, e.g. flags=0x0100");
		spec->policy_flags = (unsigned)f;
	}
	return CS_OK;
}

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
	const char *usage = spec->usage;
	cs_chain_para para = {
	    .account = cs_run_account(rc),
	    .leaf = spec->leaf,
	    .time = spec->has_at ? &spec->at : NULL,
	    .flags = spec->chain_flags,
	    .usages = usage ? &usage : NULL,
	    .nusages = usage ? 1 : 0,
	    .usage_match = CS_USAGE_MATCH_AND,
	    .short_lived_process = spec->own_process,
	};
	cs_chain_context ctx;
	cs_status st = cs_chain_get(rc->m, &para, &ctx);
	if (st != CS_OK)
		return st;
	cs_policy_para pp = {
	    .policy = (cs_policy_id)spec->policy,
	    .flags = spec->policy_flags,
	    .auth_type = spec->auth_type,
	    .server_name = spec->server,
	};
	cs_policy_status ps;
	st = cs_chain_policy(rc->m, &ctx, &pp, &ps);
	if (st == CS_OK) {
		out->has_hresult = true;
		out->hresult = ps.error;
		out->has_status = true;
		out->status = ctx.error_status;
		const char *name = cs_hresult_name(ps.error);
		if (ps.error && name)
			snprintf(out->note, sizeof out->note, "%s", name);
	}
	cs_chain_context_free(&ctx);
	return st;
}

cs_status cs_cmd_verify_run(cs_run_ctx *rc, cs_outcome *out)
{
	return cs_verify_spec_run(rc, rc->step->data, out);
}
