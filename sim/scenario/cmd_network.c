/* The virtual network: serve, fail, latency (model/network.h).
 *
 * A rule takes effect from the moment its line runs unless `from` says
 * otherwise, and lasts until `until` (exclusive) or forever. For a request
 * the newest rule whose window holds the request's time decides. */
#include <stdio.h>
#include "model/alloc.h"
#include <stdlib.h>
#include <string.h>

#include "sim/scenario/cmd_impl.h"
#include "model/network.h"

typedef struct {
	cs_net_rule rule; /* rule.url borrowed from the step's tokens */
	bool has_from;
} net_rule_data;

void cs_cmd_net_rule_free(void *data)
{
	free(data);
}

const cs_net_rule *cs_cmd_net_rule_of(const cs_step *st, bool *has_from)
{
	const net_rule_data *d = st->data;
	*has_from = d->has_from;
	return &d->rule;
}

/* [from TIME] [until TIME] starting at positional word i. */
static cs_status parse_window(cs_parse_ctx *pc, cs_step *st, size_t i,
                              net_rule_data *d)
{
	d->rule.from = pc->now;
	d->rule.until = CS_NET_FOREVER;
	bool seen_from = false, seen_until = false;
	for (; i < cs_step_npos(st); i += 2) {
		const cs_tok *kw = cs_step_pos(st, i);
		const cs_tok *val = cs_step_pos(st, i + 1);
		bool is_from = strcmp(kw->text, "from") == 0;
		bool is_until = strcmp(kw->text, "until") == 0;
		if ((!is_from && !is_until) || (is_from && seen_from) ||
		    (is_until && seen_until))
			return cs_parse_error(pc, st, kw->col,
			                      "expected 'from TIME' or 'until "
			                      "TIME' (usage: %s)",
			                      st->cmd->synopsis);
		if (!val)
			return cs_parse_error(
			    pc, st, kw->col + (unsigned)strlen(kw->text),
			    "'%s' needs a time", kw->text);
		cs_filetime t;
		cs_status rc = cs_parse_time_word(pc, st, val, &t);
		if (rc != CS_OK)
			return rc;
		if (is_from) {
			d->rule.from = t;
			d->has_from = true;
			seen_from = true;
		} else {
			d->rule.until = t;
			seen_until = true;
		}
		if (d->rule.until <= d->rule.from)
			return cs_parse_error(
			    pc, st, val->col,
			    "'until' must be after 'from' (and "
			    "after the step's time)");
	}
	return CS_OK;
}

/* serve and fail: the URL word checked, the step's rule for it. */
static cs_status new_rule(cs_parse_ctx *pc, cs_step *st, net_rule_data **out)
{
	const cs_tok *url = cs_step_pos(st, 0);
	cs_status rc = cs_parse_url_word(pc, st, url);
	if (rc != CS_OK)
		return rc;
	net_rule_data *d = cs_calloc(1, sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	d->rule.url = url->text;
	*out = d;
	return CS_OK;
}

cs_status cs_cmd_serve_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *file = cs_step_pos(st, 1);
	net_rule_data *d;
	cs_status rc = new_rule(pc, st, &d);
	if (rc != CS_OK)
		return rc;
	d->rule.outcome = CS_NET_OK;
	d->rule.http_status = 200;
	if ((rc = cs_parse_fixture(pc, st, file, &d->rule.body,
	                           &d->rule.body_name)) != CS_OK)
		return rc;
	return parse_window(pc, st, 2, d);
}

cs_status cs_cmd_fail_parse(cs_parse_ctx *pc, cs_step *st)
{
	const cs_tok *how = cs_step_pos(st, 1);
	net_rule_data *d;
	cs_status rc = new_rule(pc, st, &d);
	if (rc != CS_OK)
		return rc;
	const char *h = how->text;
	if (strncmp(h, "http=", 5) == 0) {
		char *end = NULL;
		long code = strtol(h + 5, &end, 10);
		if (!h[5] || *end || code < 300 || code > 599)
			return cs_parse_error(pc, st, how->col + 5,
			                      "expected an HTTP error status "
			                      "300..599 (e.g. http=404)");
		d->rule.outcome = CS_NET_HTTP_ERROR;
		d->rule.http_status = (int)code;
	} else if (strcmp(h, "timeout") == 0) {
		d->rule.outcome = CS_NET_TIMEOUT;
	} else if (strcmp(h, "refused") == 0) {
		d->rule.outcome = CS_NET_REFUSED;
	} else if (strcmp(h, "dns") == 0) {
		d->rule.outcome = CS_NET_DNS;
	} else {
		return cs_parse_error(pc, st, how->col,
		                      "expected http=STATUS, timeout, refused "
		                      "or dns, got '%s'",
		                      h);
	}
	return parse_window(pc, st, 2, d);
}

static const char *outcome_name(cs_net_outcome o)
{
	switch (o) {
	case CS_NET_OK:
		return "ok";
	case CS_NET_HTTP_ERROR:
		return "http_error";
	case CS_NET_TIMEOUT:
		return "timeout";
	case CS_NET_REFUSED:
		return "refused";
	case CS_NET_DNS:
		return "dns";
	}
	return "?";
}

cs_status cs_cmd_net_rule_run(cs_run_ctx *rc, cs_outcome *out)
{
	const net_rule_data *d = rc->step->data;
	cs_net_rule r = d->rule;
	/* For a repeated step the window starts at each repetition. */
	if (!d->has_from)
		r.from = rc->m->w.now;
	cs_status st = cs_net_add_rule(&rc->m->w.net, &r);
	if (st != CS_OK)
		return st;
	cs_obs *o =
	    cs_trace_begin(&rc->m->w.trace, rc->m->w.now, "network", NULL);
	cs_obs_str(o, "op", rc->step->cmd->keyword);
	cs_obs_str(o, "url", r.url);
	cs_obs_str(o, "outcome", outcome_name(r.outcome));
	if (r.outcome == CS_NET_HTTP_ERROR)
		cs_obs_int(o, "http_status", r.http_status);
	if (r.body_name) {
		cs_obs_str(o, "file", r.body_name);
		cs_obs_int(o, "bytes", (int64_t)r.body.len);
	}
	cs_obs_time(o, "from", r.from);
	if (r.until != CS_NET_FOREVER)
		cs_obs_time(o, "until", r.until);
	(void)out;
	return CS_OK;
}

cs_status cs_cmd_latency_parse(cs_parse_ctx *pc, cs_step *st)
{
	cs_status rc = cs_parse_url_word(pc, st, cs_step_pos(st, 0));
	if (rc != CS_OK)
		return rc;
	int64_t *d = cs_malloc(sizeof *d);
	if (!d)
		return cs_alloc_failed();
	st->data = d;
	if ((rc = cs_parse_duration_word(pc, st, cs_step_pos(st, 1), d)) !=
	    CS_OK)
		return rc;
	if (*d < 0)
		return cs_parse_error(pc, st, cs_step_pos(st, 1)->col,
		                      "a latency cannot be negative");
	return CS_OK;
}

cs_status cs_cmd_latency_run(cs_run_ctx *rc, cs_outcome *out)
{
	const char *url = cs_step_pos(rc->step, 0)->text;
	int64_t ticks = *(const int64_t *)rc->step->data;
	cs_status st = cs_net_set_latency(&rc->m->w.net, url, ticks);
	if (st != CS_OK)
		return st;
	char buf[CS_TIME_BUF];
	cs_obs *o =
	    cs_trace_begin(&rc->m->w.trace, rc->m->w.now, "network", NULL);
	cs_obs_str(o, "op", "latency");
	cs_obs_str(o, "url", url);
	cs_obs_str(o, "latency", cs_duration_format(ticks, buf));
	(void)out;
	return CS_OK;
}
