/* `wevtutil sl CHANNEL /e:true|false`: enable or disable an event channel,
 * as an administrator does before collecting CAPI2 diagnostics. The state
 * is the channel's CS_REG_VALUE(CHANNEL_ENABLED) registry value
 * (model/event_catalog.h), so `reg add` on that key has the same effect and a
 * clone carries it. */
#include <stdlib.h>
#include "model/alloc.h"
#include "model/registry_names.h"
#include "model/hresult.h"
#include <string.h>

#include "sim/scenario/cmd_impl.h"
#include "model/event_catalog.h"

typedef struct {
	char channel[64];
	bool enable;
} wevtutil_data;

/* Channels capisim models; wevtutil accepts any name, but a typo here
 * would silently enable nothing, so it is an error. */
static const char *const channels[] = {CS_LOG_CAPI2, CS_LOG_APPLICATION,
                                       CS_LOG_SYSTEM, NULL};

cs_status cs_cmd_wevtutil_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *verb = cs_step_pos(st, 0);
	const cs_tok *chan = cs_step_pos(st, 1);
	const cs_tok *flag = cs_step_pos(st, 2);
	if (strcmp(verb->text, "sl") != 0 && strcmp(verb->text, "set-log") != 0)
		return cs_parse_error(pc, st, verb->col,
		                      "expected 'sl' (set-log): only "
		                      "`wevtutil sl CHANNEL /e:true|false` "
		                      "is modelled");
	size_t i = 0;
	while (channels[i] && strcmp(channels[i], chan->text) != 0)
		i++;
	if (!channels[i])
		return cs_parse_error(pc, st, chan->col,
		                      "unknown channel '%s' (expected %s, %s "
		                      "or %s)",
		                      chan->text, channels[0], channels[1],
		                      channels[2]);
	bool enable;
	if (strcmp(flag->text, "/e:true") == 0 ||
	    strcmp(flag->text, "/enabled:true") == 0)
		enable = true;
	else if (strcmp(flag->text, "/e:false") == 0 ||
	         strcmp(flag->text, "/enabled:false") == 0)
		enable = false;
	else
		return cs_parse_error(pc, st, flag->col,
		                      "expected /e:true or /e:false");
	if (!enable && i > 0)
		return cs_parse_error(pc, st, flag->col,
		                      "the %s log cannot be disabled",
		                      chan->text);
	wevtutil_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	snprintf(d->channel, sizeof d->channel, "%s", chan->text);
	d->enable = enable;
	st->data = d;
	return CS_OK;
}

cs_status cs_cmd_wevtutil_run(cs_run_ctx *rc, cs_outcome *out)
{
	const wevtutil_data *d = rc->step->data;
	cs_world *w = &rc->m->w;
	char key[CS_REG_PATH_MAX];
	snprintf(key, sizeof key, "%s\\%s", CS_REG_KEY(EVENT_CHANNELS),
	         d->channel);
	uint8_t v[4] = {d->enable ? 1 : 0, 0, 0, 0};
	/* An administrator's change: written as SYSTEM, never denied. */
	cs_status st = cs_reg_set(&w->reg, CS_ACCOUNT_SYSTEM, key,
	                          CS_REG_VALUE(CHANNEL_ENABLED), CS_REG_DWORD,
	                          v, sizeof v);
	if (st == CS_ERR_ACCESS_DENIED) {
		out->has_hresult = true;
		out->hresult = CS_E_ACCESSDENIED;
		snprintf(out->note, sizeof out->note, "access denied");
		return CS_OK;
	}
	if (st != CS_OK)
		return st;
	cs_obs *o = cs_trace_begin(&w->trace, w->now, "registry",
	                           cs_world_account_name(w, w->acting));
	cs_obs_rule(o, CS_RULE_EVENTLOG_CHANNEL);
	cs_obs_str(o, "op", "set");
	cs_obs_str(o, "key", key);
	cs_obs_str(o, "name", CS_REG_VALUE(CHANNEL_ENABLED));
	cs_obs_int(o, "data", d->enable);
	snprintf(out->note, sizeof out->note, "%s %s", d->channel,
	         d->enable ? "enabled" : "disabled");
	return CS_OK;
}
