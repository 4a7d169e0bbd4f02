/* Counterfactuals by replay (see counterfactual.h). */
#include "sim/counterfactual.h"
#include "model/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/cert.h"
#include "sim/scenario/agenda.h"
#include "sim/scenario/commands.h"

/* Delays tried for "the step ran later": the first that changes the result
 * is reported (an hour, a day, a week: the scales of the rules' edges -
 * CRL periods, the 24-hour sync rule, the 7-day list cache). */
static const int64_t later_steps[] = {CS_TICKS_PER_HOUR, 24 * CS_TICKS_PER_HOUR,
                                      7 * 24 * CS_TICKS_PER_HOUR};

typedef struct {
	char text[384];
} single;

/* snprintf that says whether everything fitted (an alternative whose text
 * would be cut is left out rather than played half). */
static bool fits(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < cap;
}

typedef struct {
	const cs_scenario *s;
	const cs_cf_target *targets;
	size_t ntargets;
	cs_cf_set *set;
	cs_outcome *baseline;  /* per target: the step played unchanged */
	const cs_profile *alt; /* NULL: the main replay */
} cf_ctx;

static bool same_result(const cs_outcome *a, const cs_outcome *b)
{
	return a->has_hresult == b->has_hresult && a->hresult == b->hresult &&
	       a->has_status == b->has_status &&
	       (!a->has_status || a->status == b->status) &&
	       strcmp(a->result, b->result) == 0;
}

static cs_status add_alt(cs_cf_answer *ans, cs_cf_kind kind, const char *text,
                         int64_t later, const cs_outcome *out)
{
	cs_cf_alt *g = cs_realloc(ans->alts, (ans->nalts + 1) * sizeof *g);
	if (!g)
		return cs_alloc_failed();
	ans->alts = g;
	cs_cf_alt *a = &g[ans->nalts++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	if (!fits(a->text, sizeof a->text, "%s", text))
		a->text[0] = '\0';
	a->later = later;
	a->has_hresult = out->has_hresult;
	a->hresult = out->hresult;
	a->has_status = out->has_status;
	a->status = out->status;
	memcpy(a->result, out->result, sizeof a->result);
	return CS_OK;
}

/* A clone of m without a trace (the replayed step's observations are not
 * wanted, only its outcome). */
static cs_status clone_quiet(cs_machine *dst, const cs_machine *m)
{
	cs_status st = cs_machine_clone(dst, m);
	if (st == CS_OK)
		dst->w.trace.enabled = false;
	return st;
}

/* Play the lines of text (a scenario fragment) on c, at c's time, then
 * give the acting account back. false: the fragment does not parse or a
 * command failed (an alternative that cannot be applied is not one). */
static cs_status apply_text(const cf_ctx *cx, cs_machine *c, const char *text,
                            bool *applied)
{
	char buf[1024], when[CS_TIME_BUF];
	cs_time_format(c->w.now, when);
	*applied = false;
	if (!fits(buf, sizeof buf, "start %s\nprofile %s\n%s\n", when,
	          c->w.profile->name, text))
		return CS_OK;
	cs_scenario *frag = NULL;
	cs_diag d;
	memset(&d, 0, sizeof d);
	if (cs_scenario_parse_string(&frag, "counterfactual", buf, cx->s->pool,
	                             &d) != CS_OK)
		return CS_OK;
	cs_account acting = c->w.acting;
	cs_status st = CS_OK;
	for (size_t i = 0; st == CS_OK && i < frag->nsteps; i++) {
		cs_outcome o;
		st = cs_scenario_step_play(frag, &frag->steps[i], c, &o);
	}
	c->w.acting = acting;
	cs_scenario_free(frag);
	*applied = st == CS_OK;
	return st == CS_ERR_NOMEM ? st : CS_OK;
}

/* The outcome of step on a clone of m with text (NULL: nothing) applied
 * first, the clock moved `later` ticks on. *applied false: not playable. */
static cs_status try_alt(const cf_ctx *cx, const cs_machine *m,
                         const cs_step *step, const char *text, int64_t later,
                         const struct cs_cert *root, cs_outcome *out,
                         bool *applied)
{
	cs_machine c;
	cs_status st = clone_quiet(&c, m);
	if (st != CS_OK)
		return st;
	*applied = true;
	if (text)
		st = apply_text(cx, &c, text, applied);
	if (st == CS_OK && *applied && later > 0)
		st = cs_agenda_advance(&c, c.w.now + later);
	if (st == CS_OK && *applied && root)
		st = cs_store_add(&c.w.machine_stores[CS_STORE_ROOT], root);
	if (st == CS_OK && *applied)
		st = cs_scenario_step_play(cx->s, step, &c, out);
	cs_machine_free(&c);
	if (st != CS_OK && st != CS_ERR_NOMEM) {
		*applied = false; /* the step cannot run that way */
		st = CS_OK;
	}
	return st;
}

/* "as SYSTEM" for a trace account name ("user:alice" -> "as user alice",
 * the default user "as Administrator"). */
static void as_line(const char *name, char *buf, size_t cap)
{
	if (strcmp(name, "user:Administrator") == 0)
		snprintf(buf, cap, "as Administrator");
	else if (strncmp(name, "user:", 5) == 0)
		snprintf(buf, cap, "as user %s", name + 5);
	else
		snprintf(buf, cap, "as %s", name);
}

/* The single changes that apply to the machine as the step finds it. */
static size_t singles_of(const cs_machine *m, single *out, size_t cap)
{
	size_t n = 0;
#define ADD(...)                                                        \
	do {                                                            \
		if (n < cap &&                                          \
		    fits(out[n].text, sizeof out[0].text, __VA_ARGS__)) \
			n++;                                            \
	} while (0)
	ADD("reboot");
	ADD("iisreset");
	ADD("restart service CryptSvc");
	for (unsigned a = 0; a < m->w.naccounts; a++) {
		if (m->w.accounts[a].disk_cache.n == 0)
			continue;
		char as[CS_ACCOUNT_NAME_MAX + 16];
		as_line(cs_world_account_name(&m->w, a), as, sizeof as);
		ADD("%s\ncertutil -urlcache * delete", as);
	}
	ADD("certutil -setreg chain\\ChainCacheResyncFiletime @now");
	for (size_t i = 0; i < m->w.reg.ndenies; i++) {
		const cs_reg_deny *dn = &m->w.reg.denies[i];
		const char *who = cs_world_account_name(&m->w, dn->account);
		ADD("reg allow %s \"%s\"", who, dn->key);
		/* the ACL belongs to the key: deleting the key deletes it,
		 * and the key CryptSvc recreates inherits (seed 004's
		 * alternative fix) */
		ADD("reg delete %s /f", dn->key);
	}
	ADD("service CryptSvc sync");
	/* a machine store's registry key deleted (KB 2801679's fix for an
	 * issuer list over its limit deletes AuthRoot's) */
	for (int id = 0; id < CS_STORE_COUNT; id++)
		if (id != CS_STORE_ROOT && id != CS_STORE_DISALLOWED &&
		    id != CS_STORE_MY && m->w.machine_stores[id].n)
			ADD("reg delete HKLM\\SOFTWARE\\Microsoft\\"
			    "SystemCertificates\\%s\\Certificates /f",
			    cs_store_name((cs_store_id)id));
#undef ADD
	return n;
}

static cs_status answer_main(cf_ctx *cx, size_t k, cs_machine *m,
                             const cs_step *step)
{
	cs_cf_answer *ans = &cx->set->answers[k];
	const cs_outcome *base = &cx->baseline[k];
	single sg[CS_CF_MAX_SINGLES];
	bool changes[CS_CF_MAX_SINGLES] = {0};
	size_t ns = singles_of(m, sg, CS_CF_MAX_SINGLES);
	cs_status st = CS_OK;
	cs_outcome out;
	bool applied;
	for (size_t i = 0; st == CS_OK && i < ns; i++) {
		st = try_alt(cx, m, step, sg[i].text, 0, NULL, &out, &applied);
		if (st == CS_OK && applied && !same_result(&out, base)) {
			changes[i] = true;
			st = add_alt(ans, CS_CF_COMMANDS, sg[i].text, 0, &out);
		}
	}
	for (size_t i = 0; st == CS_OK && i < ns; i++)
		for (size_t j = i + 1; st == CS_OK && j < ns; j++) {
			if (changes[i] || changes[j])
				continue;
			char both[sizeof ans->alts->text];
			if (!fits(both, sizeof both, "%s\n%s", sg[i].text,
			          sg[j].text))
				continue;
			st =
			    try_alt(cx, m, step, both, 0, NULL, &out, &applied);
			if (st == CS_OK && applied && !same_result(&out, base))
				st =
				    add_alt(ans, CS_CF_COMMANDS, both, 0, &out);
		}
	/* A self-issued certificate the machine holds elsewhere (a CA store)
	 * trusted as a root. */
	const cs_store *roots = &m->w.machine_stores[CS_STORE_ROOT];
	size_t nroot = 0;
	for (int id = 0; st == CS_OK && id < CS_STORE_COUNT && nroot < 3;
	     id++) {
		const cs_store *sto = &m->w.machine_stores[id];
		if (id == CS_STORE_ROOT || id == CS_STORE_DISALLOWED)
			continue;
		for (size_t i = 0; st == CS_OK && i < sto->n && nroot < 3;
		     i++) {
			const struct cs_cert *c = sto->certs[i];
			if (!c->self_issued || cs_store_contains(roots, c))
				continue;
			nroot++;
			st = try_alt(cx, m, step, NULL, 0, c, &out, &applied);
			if (st == CS_OK && applied && !same_result(&out, base))
				st = add_alt(ans, CS_CF_ROOT,
				             cs_cert_subject(c), 0, &out);
		}
	}
	for (size_t i = 0;
	     st == CS_OK && i < sizeof later_steps / sizeof later_steps[0];
	     i++) {
		if (m->w.now > CS_SCENARIO_TIME_MAX - later_steps[i])
			break;
		st = try_alt(cx, m, step, NULL, later_steps[i], NULL, &out,
		             &applied);
		if (st == CS_OK && applied && !same_result(&out, base)) {
			st =
			    add_alt(ans, CS_CF_LATER, "", later_steps[i], &out);
			break;
		}
	}
	return st;
}

static bool same_file(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool succeeds(const cs_cf_alt *a)
{
	return a->has_hresult ? a->hresult == 0
	                      : strncmp(a->result, "ok", 2) == 0;
}

/* Keep the alternatives that make the step succeed; when none does, those
 * that change its result to another failure. Order kept. */
static void keep_best(cs_cf_answer *ans)
{
	size_t nok = 0;
	for (size_t i = 0; i < ans->nalts; i++)
		nok += succeeds(&ans->alts[i]);
	if (!nok)
		return;
	size_t k = 0;
	for (size_t i = 0; i < ans->nalts; i++)
		if (succeeds(&ans->alts[i]))
			ans->alts[k++] = ans->alts[i];
	ans->nalts = k;
}

static size_t target_of(const cf_ctx *cx, const cs_machine *m,
                        const cs_step *step)
{
	size_t n =
	    cx->ntargets < CS_CF_MAX_TARGETS ? cx->ntargets : CS_CF_MAX_TARGETS;
	for (size_t k = 0; k < n; k++)
		if (cx->targets[k].line == step->at_src.line &&
		    cx->targets[k].t == m->w.now &&
		    same_file(cx->targets[k].include, step->at_src.include))
			return k;
	return SIZE_MAX;
}

static cs_status hook(void *ctx, cs_machine *m, const cs_step *step)
{
	cf_ctx *cx = ctx;
	size_t k = target_of(cx, m, step);
	if (k == SIZE_MAX)
		return CS_OK;
	cs_cf_answer *ans = &cx->set->answers[k];
	cs_outcome out;
	bool applied;
	cs_status st = try_alt(cx, m, step, NULL, 0, NULL, &out, &applied);
	if (st != CS_OK || !applied)
		return st;
	if (!cx->alt) {
		ans->found = true;
		ans->tried = true;
		cx->baseline[k] = out;
		return answer_main(cx, k, m, step);
	}
	if (ans->found && !same_result(&out, &cx->baseline[k]))
		return add_alt(ans, CS_CF_PROFILE, cx->alt->name, 0, &out);
	return CS_OK;
}

static cs_status replay(cf_ctx *cx, const cs_profile *alt)
{
	cx->alt = alt;
	cs_run_options opt = {.trace = false,
	                      .profile = alt,
	                      .before_step = hook,
	                      .before_step_ctx = cx};
	cs_machine m;
	cs_run_result res;
	cs_status st = cs_scenario_run(cx->s, &opt, &m, &res);
	cs_run_result_free(&res);
	cs_machine_free(&m);
	return st;
}

/* Profiles that are this one with a hotfix: named "<name>-kb..." (the
 * profiles table names hotfix rows that way: model/profile.h). */
static bool is_hotfix_of(const cs_profile *p, const cs_profile *base)
{
	size_t n = strlen(base->name);
	return strncmp(p->name, base->name, n) == 0 &&
	       strncmp(p->name + n, "-kb", 3) == 0;
}

cs_status cs_counterfactuals(const cs_scenario *s, const cs_cf_target *targets,
                             size_t ntargets, cs_cf_set **out)
{
	*out = NULL;
	cs_cf_set *set = cs_calloc(1, sizeof *set);
	cf_ctx cx = {.s = s, .targets = targets, .ntargets = ntargets};
	if (set)
		set->answers = cs_calloc(ntargets + 1, sizeof *set->answers);
	cx.baseline = cs_calloc(ntargets + 1, sizeof *cx.baseline);
	if (!set || !set->answers || !cx.baseline) {
		cs_cf_set_free(set);
		free(cx.baseline);
		return cs_alloc_failed();
	}
	set->n = ntargets;
	for (size_t k = 0; k < ntargets; k++)
		set->answers[k].target = targets[k];
	cx.set = set;
	cs_status st = ntargets ? replay(&cx, NULL) : CS_OK;
	for (int id = 0; st == CS_OK && ntargets && id < CS_PROFILE_COUNT;
	     id++) {
		const cs_profile *p = cs_profile_by_id((cs_profile_id)id);
		if (p && p != s->profile && is_hotfix_of(p, s->profile))
			st = replay(&cx, p);
	}
	free(cx.baseline);
	if (st != CS_OK) {
		cs_cf_set_free(set);
		return st;
	}
	for (size_t k = 0; k < set->n; k++)
		keep_best(&set->answers[k]);
	*out = set;
	return CS_OK;
}

void cs_cf_set_free(cs_cf_set *set)
{
	if (!set)
		return;
	for (size_t k = 0; k < set->n; k++)
		free(set->answers[k].alts);
	free(set->answers);
	free(set);
}

const cs_cf_answer *cs_cf_set_find(const cs_cf_set *set, unsigned line,
                                   cs_filetime t, const char *include)
{
	for (size_t k = 0; set && k < set->n; k++)
		if (set->answers[k].target.line == line &&
		    set->answers[k].target.t == t &&
		    same_file(set->answers[k].target.include, include))
			return &set->answers[k];
	return NULL;
}
