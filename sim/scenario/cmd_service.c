/* `service CryptSvc start|stop|restart|sync`: what `net start cryptsvc`,
 * `net stop cryptsvc` and a forced sync do to the disallowed-list sync
 * (RULES.md 7; H-au-9). CryptSvc runs as the profile's cryptsvc_account
 * (SYSTEM on XP/2003, NetworkService from Vista: H-au-5). */
#include "sim/scenario/cmd_service.h"

#include <stdio.h>
#include <string.h>

#include "engine/autoupdate/autoupdate.h"

static cs_status start(cs_machine *m)
{
	cs_cryptsvc_set_running(m, true);
	return cs_autoupdate_run_due(m);
}

static cs_status stop(cs_machine *m)
{
	cs_cryptsvc_set_running(m, false);
	return CS_OK;
}

static cs_status restart(cs_machine *m)
{
	cs_cryptsvc_set_running(m, false);
	cs_cryptsvc_set_running(m, true);
	return cs_autoupdate_run_due(m);
}

static cs_status sync_now(cs_machine *m)
{
	cs_au_sync_result r;
	return cs_disallowed_sync(m, "scenario", &r);
}

static const struct {
	const char *verb;
	cs_status (*run)(cs_machine *m);
} verbs[] = {
    {"start", start},
    {"stop", stop},
    {"restart", restart},
    {"sync", sync_now},
};

cs_status cs_cryptsvc_command(cs_machine *m, const char *verb)
{
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(verbs[i].verb, verb) == 0)
			return verbs[i].run(m);
	return CS_ERR_SYNTAX;
}

cs_status cs_cmd_service_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *name = cs_step_pos(st, 0);
	const cs_tok *verb = cs_step_pos(st, 1);
	/* Only CryptSvc holds modelled state a scenario can start or stop;
	 * `restart service NAME` covers the others. */
	if (strcmp(name->text, "CryptSvc") != 0)
		return cs_parse_error(pc, st, name->col,
		                      "unknown service '%s' (known: CryptSvc)",
		                      name->text);
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(verbs[i].verb, verb->text) == 0)
			return CS_OK;
	return cs_parse_error(pc, st, verb->col,
	                      "expected start, stop, restart or sync, got '%s'",
	                      verb->text);
}

cs_status cs_cmd_service_run(cs_run_ctx *rc, cs_outcome *out)
{
	const char *verb = cs_step_pos(rc->step, 1)->text;
	cs_machine *m = rc->m;
	bool was = cs_cryptsvc_running(m);
	cs_obs *o = cs_trace_begin(
	    &m->w.trace, m->w.now, "service",
	    cs_world_account_name(
	        &m->w, cs_profile_autoupdate(m->w.profile)->cryptsvc_account));
	cs_obs_rule(o, CS_RULE_SERVICE_CRYPTSVC);
	cs_obs_str(o, "service", "CryptSvc");
	cs_obs_str(o, "action", verb);
	cs_obs_bool(o, "was_running", was);
	cs_status st = cs_cryptsvc_command(m, verb);
	snprintf(out->note, sizeof out->note, "CryptSvc %s (%s)", verb,
	         cs_cryptsvc_running(m) ? "running" : "stopped");
	return st == CS_ERR_SYNTAX ? CS_ERR_INTERNAL : st;
}
