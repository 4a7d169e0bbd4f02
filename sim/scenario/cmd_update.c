/* `install KBnnnnnnn` and `windows-update scan CERT server=HOST` (see
 * cmd_update.h). */
#include "sim/scenario/cmd_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/alloc.h"
#include "model/horizon.h"
#include "model/hresult.h"
#include "model/profile_autoupdate.h"

/* What Windows Update and the Store report when the server's chain fails
 * (SEED 004: 0x80072F8F). */
#define WU_E_SECURE_FAILURE CS_ERROR_WINHTTP_SECURE_FAILURE

/* KB 2677070 is the one update a profile column names (RootDirUrl default
 * and the disallowed-list sync on Vista .. 2008 R2). */
cs_status cs_cmd_install_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *t = cs_step_pos(st, 0);
	unsigned long kb = 0;
	char *end = NULL;
	if (strncmp(t->text, "KB", 2) == 0)
		kb = strtoul(t->text + 2, &end, 10);
	if (!end || *end || kb != CS_KB2677070)
		return cs_parse_error(pc, st, t->col,
		                      "unknown update '%s' (the model knows "
		                      "KB2677070)",
		                      t->text);
	if (!cs_profile_autoupdate(pc->s->profile)->kb2677070_root_dir_url)
		return cs_parse_error(pc, st, t->col,
		                      "KB2677070 does not apply to %s (it is "
		                      "for Vista, 7, 2008 and 2008 R2)",
		                      pc->s->profile->name);
	return CS_OK;
}

cs_status cs_cmd_install_run(cs_run_ctx *rc, cs_outcome *out)
{
	cs_world *w = &rc->m->w;
	out->has_hresult = true;
	out->hresult = 0;
	if (!cs_world_has_update(w, CS_KB2677070)) {
		if (w->nupdates == sizeof w->updates / sizeof w->updates[0])
			return CS_ERR_LIMIT;
		w->updates[w->nupdates++] = CS_KB2677070;
		cs_mutated();
	}
	cs_obs *o = cs_trace_begin(&w->trace, w->now, "update", NULL);
	cs_obs_rule(o, CS_RULE_UPDATE_INSTALLED);
	cs_obs_str(o, "update", "KB2677070");
	snprintf(out->note, sizeof out->note, "KB2677070 installed");
	return CS_OK;
}

typedef struct {
	const struct cs_cert *leaf;
	const char *server;
} wu_data;

cs_status cs_cmd_wu_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *verb = cs_step_pos(st, 0);
	if (strcmp(verb->text, "scan") != 0)
		return cs_parse_error(pc, st, verb->col,
		                      "expected 'scan' (usage: %s)",
		                      st->cmd->synopsis);
	wu_data *d = cs_calloc(1, sizeof *d);
	CS_GUARD_ALLOC(d);
	st->data = d;
	cs_status r = cs_parse_cert(pc, st, cs_step_pos(st, 1), &d->leaf);
	if (r != CS_OK)
		return r;
	unsigned col;
	d->server = cs_step_option(st, "server", &col);
	if (!d->server || !*d->server)
		return cs_parse_error(pc, st, st->cmd_col,
		                      "'windows-update scan' needs "
		                      "server=HOST (the name the service's "
		                      "certificate is checked for)");
	return CS_OK;
}

/* H-au-14: the agent keeps its service data in %SystemRoot%\
 * SoftwareDistribution; while that copy is young it reaches the service
 * without the TLS handshake whose chain check the stale disallowed list
 * fails. A cold store makes it connect: the chain is built as the agent's
 * process does (SYSTEM; revocation CHAIN_EXCLUDE_ROOT, as WinHTTP asks) and
 * judged by the SSL policy. */
cs_status cs_cmd_wu_run(cs_run_ctx *rc, cs_outcome *out)
{
	const wu_data *d = rc->step->data;
	cs_machine *m = rc->m;
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	out->has_hresult = true;
	out->ran_as = cs_world_account_name(&m->w, CS_ACCOUNT_SYSTEM);
	bool warm = m->w.wu_service_data &&
	            cs_now_before(&m->w, m->w.wu_service_data +
	                                     ap->wu_service_data_lifetime);
	cs_obs *o = cs_trace_begin(&m->w.trace, m->w.now, "windows-update",
	                           out->ran_as);
	cs_obs_rule(o, warm ? CS_RULE_WU_SERVICE_DATA_CACHED
	                    : CS_RULE_WU_SERVICE_DATA_NONE);
	cs_obs_str(o, "server", d->server);
	if (m->w.wu_service_data)
		cs_obs_time(o, "service_data_saved", m->w.wu_service_data);
	if (warm) {
		out->hresult = 0;
		snprintf(out->result, sizeof out->result, "cached");
		snprintf(out->note, sizeof out->note,
		         "service data from SoftwareDistribution: no TLS");
		return CS_OK;
	}
	const char *usage = CS_OID_SERVER_AUTH;
	cs_chain_para para = {
	    .account = CS_ACCOUNT_SYSTEM,
	    .leaf = d->leaf,
	    .flags = CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT,
	    .usages = &usage,
	    .nusages = 1,
	    .usage_match = CS_USAGE_MATCH_AND,
	};
	/* the agent's svchost (netsvcs), whatever `as` says */
	char was[CS_PROCESS_NAME_MAX];
	cs_account was_acct = m->w.acting;
	memcpy(was, m->w.acting_process, sizeof was);
	m->w.acting = CS_ACCOUNT_SYSTEM;
	snprintf(m->w.acting_process, sizeof m->w.acting_process, "svchost");
	cs_chain_context ctx;
	cs_status st = cs_chain_get(m, &para, &ctx);
	cs_policy_status ps = {0};
	if (st == CS_OK) {
		cs_policy_para pp = {.policy = CS_POLICY_SSL,
		                     .auth_type = CS_AUTHTYPE_SERVER,
		                     .server_name = d->server};
		st = cs_chain_policy(m, &ctx, &pp, &ps);
		out->has_status = true;
		out->status = ctx.error_status;
		cs_chain_context_free(&ctx);
	}
	m->w.acting = was_acct;
	memcpy(m->w.acting_process, was, sizeof was);
	if (st != CS_OK)
		return st;
	if (ps.error) {
		out->hresult = WU_E_SECURE_FAILURE;
		snprintf(out->result, sizeof out->result, "secure-failure");
		snprintf(out->note, sizeof out->note,
		         "TLS to %s failed: chain 0x%08X", d->server,
		         (unsigned)ps.error);
		return CS_OK;
	}
	m->w.wu_service_data = m->w.now;
	cs_mutated();
	out->hresult = 0;
	snprintf(out->result, sizeof out->result, "connected");
	snprintf(out->note, sizeof out->note, "TLS to %s ok", d->server);
	return CS_OK;
}
