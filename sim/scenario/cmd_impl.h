/* The functions behind the rows of the scenario command table
 * (sim/scenario/commands.c). One file per family. */
#ifndef CAPISIM_SIM_SCENARIO_CMD_IMPL_H
#define CAPISIM_SIM_SCENARIO_CMD_IMPL_H

#include "engine/chain/chain.h"
#include "sim/scenario/commands.h"
#include "model/network.h"
#include "model/usage.h"

/* cmd_clock.c: as, advance, reboot, restart service */
CS_MUST_USE cs_status cs_cmd_as_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_as_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_advance_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_advance_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_reboot_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_restart_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_restart_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_iisreset_run(cs_run_ctx *rc, cs_outcome *out);

/* cmd_network.c: serve, fail, latency */
CS_MUST_USE cs_status cs_cmd_serve_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_fail_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_net_rule_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_latency_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_latency_run(cs_run_ctx *rc, cs_outcome *out);
void cs_cmd_net_rule_free(void *data);
/* The rule a parsed serve/fail step adds (rule.url and body borrowed);
 * *has_from: the line gave `from` (else each repetition starts at its own
 * time). For compare/wine, which plays the same network for real. */
const cs_net_rule *cs_cmd_net_rule_of(const cs_step *st, bool *has_from);

/* cmd_registry.c: reg add|delete|deny|allow */
CS_MUST_USE cs_status cs_cmd_reg_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_wevtutil_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_wevtutil_run(cs_run_ctx *rc, cs_outcome *out);
CS_MUST_USE cs_status cs_cmd_reg_run(cs_run_ctx *rc, cs_outcome *out);

/* cmd_certutil.c: certutil -urlcache / -setreg / -verify */
CS_MUST_USE cs_status cs_cmd_certutil_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_certutil_run(cs_run_ctx *rc, cs_outcome *out);

/* cmd_store.c: store [machine|user] STORE add|remove FILE...,
 * store [machine|user] STORE purposes all|none|USAGE[,USAGE...] FILE... */
CS_MUST_USE cs_status cs_cmd_store_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_store_run(cs_run_ctx *rc, cs_outcome *out);
void cs_cmd_store_free(void *data);
/* A parsed `store ... purposes` step's list: NULL for `all` (no property).
 * For compare/wine, which plays the same property in Wine. */
const cs_usage *cs_cmd_store_purposes_of(const cs_step *st);
/* True when every FILE of a parsed `store` step is a certificate (no CRL
 * or CTL): what compare/wine can play. */
bool cs_cmd_store_certs_only(const cs_step *st);

/* cmd_call.c: call FUNCTION KEY=VALUE..., revocation CERT... [issuer=]
 * [crl-store=] [time=] [flags=] [provider=] */
CS_MUST_USE cs_status cs_cmd_call_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_revocation_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_call_run(cs_run_ctx *rc, cs_outcome *out);
void cs_cmd_call_free(void *data);

/* cmd_verify.c: verify FILE [policy=..] [revocation=..] [usage=..]
 * [usage-match=..] [additional=..] [at=..] [flags=..] [server=..] [auth=..]
 * [ssl-checks=..] [ssl-para=none] */
CS_MUST_USE cs_status cs_cmd_verify_parse(cs_parse_ctx *pc, cs_step *st);
CS_MUST_USE cs_status cs_cmd_verify_run(cs_run_ctx *rc, cs_outcome *out);

/* The verify machinery, shared with `certutil -verify -urlfetch`. */
#define CS_VERIFY_MAX_USAGES     8
#define CS_VERIFY_MAX_ADDITIONAL 16
typedef struct {
	const struct cs_cert *leaf;
	const char *leaf_name;
	int policy;            /* cs_policy_id */
	unsigned chain_flags;  /* CS_CHAIN_* */
	unsigned policy_flags; /* CERT_CHAIN_POLICY_PARA.dwFlags */
	/* RequestedUsage: OIDs (static, or words of usage_text) */
	const char *usages[CS_VERIFY_MAX_USAGES];
	size_t nusages;
	cs_usage_match usage_match;
	char usage_text[256];
	/* hAdditionalStore: certificates of the call's own store, and the
	 * words naming their files (in additional_text) */
	const struct cs_cert *additional[CS_VERIFY_MAX_ADDITIONAL];
	cs_tok additional_word[CS_VERIFY_MAX_ADDITIONAL];
	size_t nadditional;
	char additional_text[256];
	/* SSL_EXTRA_CERT_CHAIN_POLICY_PARA, or none (no_ssl_para) */
	bool no_ssl_para;
	const char *server;  /* pwszServerName, NULL = none, "" = empty */
	int auth_type;       /* dwAuthType: CS_AUTHTYPE_SERVER by default */
	uint32_t ssl_checks; /* fdwChecks */
	bool has_at;
	cs_filetime at;
	bool own_process; /* certutil, process=new: a one-shot process that
	                     holds nothing in memory */
	/* process=NAME: one of the acting account's long-lived processes
	 * (engine/cryptnet/process.h); NULL: the `as` one. */
	const char *process;
} cs_verify_spec;

CS_MUST_USE cs_status cs_verify_spec_parse(cs_parse_ctx *pc, cs_step *st,
                                           size_t file_pos,
                                           cs_verify_spec *spec);
/* The value of a revocation= option (none, end, chain, chain-exclude-root
 * and the ,modifiers) as CS_CHAIN_* flags; col is the value's column. */
CS_MUST_USE cs_status cs_parse_revocation_option(cs_parse_ctx *pc, cs_step *st,
                                                 const char *v, unsigned col,
                                                 uint32_t *out);
CS_MUST_USE cs_status cs_verify_spec_run(cs_run_ctx *rc,
                                         const cs_verify_spec *spec,
                                         cs_outcome *out);

#endif
