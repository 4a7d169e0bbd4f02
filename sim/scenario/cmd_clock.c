/* Identity and time: as, advance, reboot, restart service. */
#include <stdio.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/autoupdate.h"
#include "engine/cryptnet/process.h"
#include "sim/scenario/agenda.h"
#include "model/mutation.h"
#include "sim/scenario/cmd_impl.h"
#include "sim/scenario/cmd_service.h"

cs_status cs_cmd_as_parse(cs_parse_ctx *pc, cs_step *st)
{
	char name[CS_ACCOUNT_NAME_MAX];
	const cs_tok *a = cs_step_pos(st, 0);
	cs_tok joined = *a;
	char buf[CS_ACCOUNT_NAME_MAX + 8];
	if (st->nargs == 2) {
		/* `as user alice` is `as user:alice` */
		if (strcmp(a->text, "user") != 0)
			return cs_parse_error(pc, st, st->args[1].col,
			                      "unexpected '%s' (usage: %s)",
			                      st->args[1].text,
			                      st->cmd->synopsis);
		snprintf(buf, sizeof buf, "user:%s", st->args[1].text);
		joined.text = buf;
	} else if (strcmp(a->text, "user") == 0) {
		return cs_parse_error(pc, st, a->col + 4,
		                      "'user' needs a name: as user NAME");
	}
	cs_status rc = cs_parse_account_word(pc, st, &joined, name);
	if (rc != CS_OK)
		return rc;
	/* "ACCOUNT\0PROCESS": the process the following lines run in
	 * (engine/cryptnet/process.h), "" for the account's usual one. */
	const char *proc = cs_service_process(joined.text);
	size_t al = strlen(name), pl = proc ? strlen(proc) : 0;
	char *d = cs_malloc(al + pl + 2);
	CS_GUARD_ALLOC(d);
	memcpy(d, name, al + 1);
	memcpy(d + al + 1, proc ? proc : "", pl + 1);
	st->data = d;
	return CS_OK;
}

cs_status cs_cmd_as_run(cs_run_ctx *rc, cs_outcome *out)
{
	cs_account a;
	cs_status st = cs_world_account(&rc->m->w, rc->step->data, &a);
	if (st != CS_OK)
		return st; /* more than CS_ACCOUNT_MAX accounts */
	const char *proc =
	    (const char *)rc->step->data + strlen(rc->step->data) + 1;
	if (rc->m->w.acting != a || strcmp(rc->m->w.acting_process, proc) != 0)
		cs_mutated();
	rc->m->w.acting = a;
	snprintf(rc->m->w.acting_process, sizeof rc->m->w.acting_process, "%s",
	         proc);
	snprintf(out->note, sizeof out->note, "acting as %s%s%s%s",
	         cs_world_account_name(&rc->m->w, a), proc[0] ? " (" : "", proc,
	         proc[0] ? ")" : "");
	return CS_OK;
}

cs_status cs_cmd_advance_parse(cs_parse_ctx *pc, cs_step *st)
{
	int64_t d;
	cs_status rc = cs_parse_duration_word(pc, st, cs_step_pos(st, 0), &d);
	if (rc != CS_OK)
		return rc;
	if (d <= 0)
		return cs_parse_error(pc, st, cs_step_pos(st, 0)->col,
		                      "'advance' needs a duration above zero "
		                      "(time never goes backwards)");
	if (d > CS_SCENARIO_TIME_MAX - pc->now)
		return cs_parse_error(pc, st, cs_step_pos(st, 0)->col,
		                      "'advance' goes past the year 9999");
	pc->advance = d;
	int64_t *copy = cs_malloc(sizeof *copy);
	if (!copy)
		return cs_alloc_failed();
	*copy = d;
	st->data = copy;
	return CS_OK;
}

/* Moving the clock runs the machine's timers due meanwhile
 * (sim/scenario/agenda.h); what they log belongs to this step, so
 * `advance 16h expect event=4112` can check it. */
cs_status cs_cmd_advance_run(cs_run_ctx *rc, cs_outcome *out)
{
	int64_t d = *(const int64_t *)rc->step->data;
	char buf[CS_TIME_BUF];
	snprintf(out->note, sizeof out->note, "clock +%s",
	         cs_duration_format(d, buf));
	return cs_agenda_advance(rc->m, rc->m->w.now + d);
}

cs_status cs_cmd_reboot_run(cs_run_ctx *rc, cs_outcome *out)
{
	cs_machine_reboot(rc->m);
	snprintf(out->note, sizeof out->note, "boot %u", rc->m->w.boots + 1);
	return CS_OK;
}

/* Services a scenario may restart, with the process the restart ends
 * (engine/cryptnet/process.h: its memory URL cache, offline back-off,
 * H-rev-1 pins; the in-memory authroot.stl). W3SVC / WAS: IIS's worker
 * process w3wp, which runs as the application pool identity - NetworkService
 * in the model (IIS 7 default; 7.5's ApplicationPoolIdentity is a virtual
 * account the model does not have). CryptSvc: the svchost that hosts it, as
 * the profile's cryptsvc_account (LocalSystem on XP/2003, NetworkService
 * from Vista: model/profile_autoupdate.h, H-au-5), written "" here.
 * wuauserv and BITS share a SYSTEM svchost with other services, which a
 * restart of one service does not end: no process ends. lsass (where
 * Schannel checks client certificates) is no service: only a reboot
 * restarts it (SEED 003_6db1940f46e3ca0a.txt: an IIS restart did not help,
 * a reboot did). */
static const struct {
	const char *name;
	const char *process; /* NULL: no process ends */
	const char *account; /* "": the profile's cryptsvc_account */
} services[] = {
    {"CryptSvc", "svchost", ""},
    {"W3SVC", "w3wp", "NetworkService"},
    {"WAS", "w3wp", "NetworkService"},
    {"wuauserv", NULL, NULL},
    {"BITS", NULL, NULL},
    {NULL, NULL, NULL},
};

cs_status cs_cmd_restart_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *what = cs_step_pos(st, 0);
	const cs_tok *name = cs_step_pos(st, 1);
	if (strcmp(what->text, "service") != 0)
		return cs_parse_error(pc, st, what->col,
		                      "expected 'restart service NAME'");
	for (size_t i = 0; services[i].name; i++)
		if (strcmp(services[i].name, name->text) == 0) {
			st->data = (void *)0; /* the name is the token */
			return CS_OK;
		}
	return cs_parse_error(pc, st, name->col,
	                      "unknown service '%s' (known: CryptSvc, W3SVC, "
	                      "WAS, wuauserv, BITS)",
	                      name->text);
}

static cs_status restart_service(cs_run_ctx *rc, const char *name,
                                 cs_outcome *out)
{
	cs_obs *o =
	    cs_trace_begin(&rc->m->w.trace, rc->m->w.now, "service", NULL);
	cs_obs_rule(o, CS_RULE_SERVICE_RESTART);
	cs_obs_str(o, "service", name);
	cs_obs_str(o, "action", "restart");
	for (size_t i = 0; services[i].name; i++) {
		if (strcmp(services[i].name, name) != 0 || !services[i].process)
			continue;
		const char *acct = services[i].account;
		if (!acct[0])
			acct = cs_world_account_name(
			    &rc->m->w, cs_profile_autoupdate(rc->m->w.profile)
			                   ->cryptsvc_account);
		cs_account a;
		cs_status st = cs_world_account(&rc->m->w, acct, &a);
		if (st != CS_OK)
			return st;
		cs_obs_str(o, "process_account", acct);
		cs_obs_str(o, "process", services[i].process);
		cs_cryptnet_process_restart(rc->m, services[i].process, a);
	}
	snprintf(out->note, sizeof out->note, "%s restarted", name);
	/* CryptSvc also starts and syncs the disallowed list
	 * (engine/autoupdate, H-au-9) */
	if (strcmp(name, "CryptSvc") == 0)
		return cs_cryptsvc_command(rc->m, "restart");
	return CS_OK;
}

cs_status cs_cmd_restart_run(cs_run_ctx *rc, cs_outcome *out)
{
	return restart_service(rc, cs_step_pos(rc->step, 1)->text, out);
}

/* `iisreset` stops and starts the IIS services: W3SVC and WAS (DOC
 * iisreset /restart). */
cs_status cs_cmd_iisreset_run(cs_run_ctx *rc, cs_outcome *out)
{
	cs_status st = restart_service(rc, "WAS", out);
	if (st == CS_OK)
		st = restart_service(rc, "W3SVC", out);
	snprintf(out->note, sizeof out->note, "IIS restarted (WAS, W3SVC)");
	return st;
}
