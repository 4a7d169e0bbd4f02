/* The Wine-playable subset of a scenario (scenario_plan.h). */
#include "compare/wine/scenario_plan.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/alloc.h"
#include "pki/cert.h"
#include "sim/scenario/cmd_impl.h"
#include "pki/usage_prop.h"
#include "model/store.h"
#include "trace/jsonl.h"
#include "trace/nomem.h"

#define TICKS_PER_SECOND 10000000
/* CA-store certificates a step's own additional store takes over (the
 * probe's PLAN_MAX_SET bounds the whole list). */
#define PLAN_CA_MAX 8

/* Certificates the plan names: one `cert cN PATH` per distinct leaf. */
typedef struct {
	char **paths;
	size_t n, cap;
} name_table;

static int name_of(name_table *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->paths[i], path) == 0)
			return (int)i;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		char **np = cs_realloc(t->paths, cap * sizeof *np);
		if (!np)
			return -1;
		t->paths = np;
		t->cap = cap;
	}
	if (!(t->paths[t->n] = cs_strdup(path)))
		return -1;
	return (int)t->n++;
}

static bool name_known(const name_table *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->paths[i], path) == 0)
			return true;
	return false;
}

static void name_table_free(name_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->paths[i]);
	free(t->paths);
}

/* The host path of a fixture word: absolute, for the plan. */
static cs_status host_path(const char *base_dir, const cs_step *st,
                           const cs_tok *tok, char *out, size_t cap)
{
	char rel[PATH_MAX], joined[2 * PATH_MAX + 2];
	CS_GUARD(cs_fixture_path(st, tok, rel, sizeof rel));
	if (rel[0] == '/')
		snprintf(joined, sizeof joined, "%s", rel);
	else
		snprintf(joined, sizeof joined, "%s/%s", base_dir, rel);
	char real[PATH_MAX];
	const char *p = realpath(joined, real) ? real : joined;
	return (size_t)snprintf(out, cap, "%s", p) < cap ? CS_OK : CS_ERR_LIMIT;
}

static bool is_kw(const cs_step *st, const char *kw)
{
	return st->cmd && strcmp(st->cmd->keyword, kw) == 0;
}

/* store [machine|user] STORE add|remove FILE...: the position of STORE. */
static size_t store_word(const cs_step *st)
{
	const char *a = cs_step_pos(st, 0)->text;
	return strcmp(a, "machine") == 0 || strcmp(a, "user") == 0 ? 1 : 0;
}

static bool store_is(const cs_step *st, cs_store_id want)
{
	cs_store_id id;
	return cs_store_id_from_name(cs_step_pos(st, store_word(st))->text,
	                             &id) &&
	       id == want;
}

/* Why Wine cannot play st (NULL: it can). seen_verify: a verify came
 * before it. */
static const char *why_skipped(const cs_step *st, bool seen_verify)
{
	if (is_kw(st, "advance") || is_kw(st, "serve"))
		return NULL;
	if (is_kw(st, "fail")) {
		bool has_from;
		const cs_net_rule *r = cs_cmd_net_rule_of(st, &has_from);
		/* The proxy answers 4xx/5xx; a 3xx would be followed. */
		return r->outcome == CS_NET_HTTP_ERROR && r->http_status < 400
		           ? "the proxy cannot play a redirect status"
		           : NULL;
	}
	if (is_kw(st, "store")) {
		size_t i = store_word(st);
		if (!store_is(st, CS_STORE_ROOT) && !store_is(st, CS_STORE_CA))
			return "the probe has only Root (exclusive roots) and "
			       "CA (additional store)";
		const char *op = cs_step_pos(st, i + 1)->text;
		if (strcmp(op, "add") != 0 && strcmp(op, "purposes") != 0)
			return "the probe's stores only grow";
		if (!cs_cmd_store_certs_only(st))
			return "the probe's plan puts no CRL or CTL in a "
			       "system "
			       "store";
		if (seen_verify)
			return "the probe's stores are fixed before its first "
			       "verify";
		return NULL;
	}
	if (is_kw(st, "verify")) {
		if (st->t % TICKS_PER_SECOND ||
		    (st->every && st->every % TICKS_PER_SECOND))
			return "Wine's clock (libfaketime) has whole seconds";
		return NULL;
	}
	if (is_kw(st, "latency"))
		return "Wine's timeouts run on real time";
	if (is_kw(st, "certutil"))
		return "Wine has no certutil";
	if (is_kw(st, "reg"))
		return "the probe does not write the registry";
	if (is_kw(st, "as"))
		return "the probe runs as one Wine user";
	if (is_kw(st, "reboot") || is_kw(st, "restart") ||
	    is_kw(st, "iisreset") || is_kw(st, "service"))
		return "one probe process: no reboots or services";
	return "the probe cannot play this command";
}

static void plan_window(FILE *f, cs_filetime from, cs_filetime until)
{
	fprintf(f, " from=%lld", (long long)from);
	if (until != CS_NET_FOREVER)
		fprintf(f, " until=%lld", (long long)until);
}

/* One serve/fail rule as the step adds it at time t. */
static cs_status plan_net_rule(FILE *f, const char *base_dir, const cs_step *st,
                               cs_filetime t)
{
	bool has_from;
	const cs_net_rule *r = cs_cmd_net_rule_of(st, &has_from);
	/* The model adds the rule when its line runs: nothing answers by it
	 * before then, whatever `from` says. */
	cs_filetime from = has_from && r->from > t ? r->from : t;
	if (r->until <= from)
		return CS_OK;
	if (r->outcome == CS_NET_OK) {
		char path[PATH_MAX];
		CS_GUARD(host_path(base_dir, st, cs_step_pos(st, 1), path,
		                   sizeof path));
		fputs("serve", f);
		plan_window(f, from, r->until);
		fprintf(f, " %s %s\n", r->url, path);
		return CS_OK;
	}
	fputs("fail", f);
	plan_window(f, from, r->until);
	/* A timeout, a refused connection or a name that does not resolve:
	 * the proxy drops the connection without an answer, a failed
	 * retrieval either way (docs/compare.md). */
	if (r->outcome == CS_NET_HTTP_ERROR)
		fprintf(f, " %s %d\n", r->url, r->http_status);
	else
		fprintf(f, " %s drop\n", r->url);
	return CS_OK;
}

/* The plan name of a certificate file, writing its `cert` line the first
 * time; -1 when out of memory. */
static int cert_line(FILE *f, name_table *names, const char *path)
{
	bool fresh = true;
	for (size_t i = 0; i < names->n; i++)
		fresh = fresh && strcmp(names->paths[i], path) != 0;
	int id = name_of(names, path);
	if (id >= 0 && fresh)
		fprintf(f, "cert c%d %s\n", id, path);
	return id;
}

static cs_status plan_verify(FILE *f, const char *base_dir, const cs_step *st,
                             cs_filetime t, name_table *names,
                             const name_table *entries)
{
	const cs_verify_spec *v = st->data;
	char path[PATH_MAX];
	CS_GUARD(
	    host_path(base_dir, st, cs_step_pos(st, 0), path, sizeof path));
	int id = cert_line(f, names, path);
	if (id < 0)
		return cs_alloc_failed();
	/* additional=: the step's own store, of cert lines; Wine's side has
	 * no machine CA store, so it holds the plan's CA certificates too
	 * (as `compare wine --verify --additional` does). */
	int add[CS_VERIFY_MAX_ADDITIONAL + PLAN_CA_MAX];
	size_t nadd = 0;
	for (size_t i = 0; i < v->nadditional; i++) {
		CS_GUARD(host_path(base_dir, st, &v->additional_word[i], path,
		                   sizeof path));
		if ((add[nadd++] = cert_line(f, names, path)) < 0)
			return cs_alloc_failed();
	}
	for (size_t i = 0; v->nadditional && i < entries->n; i++)
		if (strncmp(entries->paths[i], "ca ", 3) == 0 &&
		    nadd < sizeof add / sizeof *add &&
		    (add[nadd++] = cert_line(f, names, entries->paths[i] + 3)) <
		        0)
			return cs_alloc_failed();
	fprintf(f, "verify step=%u at=%lld cert=c%d flags=0x%08x policy=%d",
	        st->at_src.line, (long long)t, id, v->chain_flags,
	        (int)v->policy);
	if (v->has_at)
		fprintf(f, " verify-at=%lld", (long long)v->at);
	if (v->policy_flags)
		fprintf(f, " policy-flags=0x%08x", v->policy_flags);
	if (v->policy == CS_POLICY_SSL && v->no_ssl_para)
		fputs(" ssl-para=none", f);
	else if (v->policy == CS_POLICY_SSL)
		fprintf(f, " auth=%d ssl-checks=0x%08x", v->auth_type,
		        v->ssl_checks);
	if (v->server && !v->no_ssl_para)
		fprintf(f, " server=%s", v->server);
	for (size_t i = 0; i < v->nusages; i++)
		fprintf(f, "%s%s", i ? "," : " usage=", v->usages[i]);
	if (v->nusages)
		fprintf(f, " usage-match=%d", (int)v->usage_match);
	for (size_t i = 0; i < nadd; i++)
		fprintf(f, "%sc%d", i ? "," : " additional=", add[i]);
	fputc('\n', f);
	return CS_OK;
}

/* Root and CA certificates of a playable `store` step, and the EKU
 * properties of those already in the plan (`entries`: "root PATH" and
 * "ca PATH" of the lines written so far). A certificate the store does
 * not hold gets no line: Wine, like the model, has no entry to set. */
static cs_status plan_store(FILE *f, const char *base_dir, const cs_step *st,
                            name_table *entries)
{
	size_t i = store_word(st);
	const char *kind = store_is(st, CS_STORE_ROOT) ? "root" : "ca";
	bool purposes = strcmp(cs_step_pos(st, i + 1)->text, "purposes") == 0;
	/* The list as the parser made it (names already OIDs). */
	char usages[1024] = "all";
	const cs_usage *u = purposes ? cs_cmd_store_purposes_of(st) : NULL;
	if (u)
		cs_usage_text(u, usages, sizeof usages);
	for (size_t k = i + (purposes ? 3 : 2); k < cs_step_npos(st); k++) {
		char path[PATH_MAX], entry[PATH_MAX + 8];
		CS_GUARD(host_path(base_dir, st, cs_step_pos(st, k), path,
		                   sizeof path));
		snprintf(entry, sizeof entry, "%s %s", kind, path);
		if (!purposes) {
			fprintf(f, "%s\n", entry);
			if (name_of(entries, entry) < 0)
				return cs_alloc_failed();
		} else if (name_known(entries, entry)) {
			fprintf(f, "purposes %s %s\n", usages, path);
		}
	}
	return CS_OK;
}

static cs_status add_skipped(wine_scenario_subset *sub, const cs_step *st,
                             const char *why)
{
	wine_skipped_step *ns =
	    cs_realloc(sub->skipped, (sub->nskipped + 1) * sizeof *ns);
	if (!ns)
		return cs_alloc_failed();
	sub->skipped = ns;
	char *action = cs_strdup(st->action ? st->action : "");
	if (!action)
		return cs_alloc_failed();
	ns[sub->nskipped++] = (wine_skipped_step){st->at_src.line, action, why};
	return CS_OK;
}

static cs_status add_clock(wine_scenario_subset *sub, cs_filetime t)
{
	cs_filetime *nc =
	    cs_realloc(sub->clock, (sub->nverify + 1) * sizeof *nc);
	if (!nc)
		return cs_alloc_failed();
	sub->clock = nc;
	nc[sub->nverify++] = t;
	return CS_OK;
}

cs_status wine_scenario_plan(const cs_scenario *s, const char *base_dir,
                             FILE *f, wine_scenario_subset *sub, cs_diag *d)
{
	memset(sub, 0, sizeof *sub);
	sub->steps = cs_calloc(s->nsteps + 1, sizeof *sub->steps);
	if (!sub->steps)
		return cs_alloc_failed();
	bool any_root = false, seen_verify = false;
	for (size_t i = 0; i < s->nsteps; i++) {
		const cs_step *st = &s->steps[i];
		if (is_kw(st, "verify"))
			seen_verify = true;
		else if (is_kw(st, "store") && !why_skipped(st, seen_verify))
			any_root = any_root || store_is(st, CS_STORE_ROOT);
	}
	/* With roots the fixtures' are the only trusted ones (hExclusiveRoot);
	 * without, Wine trusts its own store and the model its empty one. */
	fprintf(f, "capisim-probe 1\nprofile wine-8\nengine %s\n",
	        any_root ? "exclusive" : "default");
	name_table names = {0}, entries = {0};
	cs_status rc = CS_OK;
	seen_verify = false;
	for (size_t i = 0; i < s->nsteps && rc == CS_OK; i++) {
		const cs_step *st = &s->steps[i];
		if (!st->cmd)
			continue; /* `at TIME` alone or expectations only */
		const char *why = why_skipped(st, seen_verify);
		if (why) {
			rc = add_skipped(sub, st, why);
			continue;
		}
		sub->steps[sub->nsteps] = *st;
		sub->steps[sub->nsteps].expects = NULL;
		sub->steps[sub->nsteps++].nexpects = 0;
		cs_filetime t = st->t;
		do {
			if (is_kw(st, "serve") || is_kw(st, "fail")) {
				rc = plan_net_rule(f, base_dir, st, t);
			} else if (is_kw(st, "store")) {
				rc = plan_store(f, base_dir, st, &entries);
			} else if (is_kw(st, "verify")) {
				seen_verify = true;
				rc = add_clock(sub, t);
				if (rc == CS_OK)
					rc = plan_verify(f, base_dir, st, t,
					                 &names, &entries);
			}
			t += st->every;
		} while (rc == CS_OK && st->every && t < st->until);
	}
	name_table_free(&names);
	name_table_free(&entries);
	if (rc == CS_OK && !sub->nverify) {
		cs_diag_set(d, NULL, 0, 0,
		            "nothing Wine can play: the scenario has no verify "
		            "step the probe can run");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK && ferror(f))
		rc = CS_ERR_IO;
	if (rc != CS_OK)
		wine_scenario_subset_free(sub);
	return rc;
}

void wine_scenario_subset_free(wine_scenario_subset *sub)
{
	free(sub->steps);
	for (size_t i = 0; i < sub->nskipped; i++)
		free(sub->skipped[i].action);
	free(sub->skipped);
	free(sub->clock);
	memset(sub, 0, sizeof *sub);
}

/* {"error_status","info_status","elements":[{subject, thumbprint_sha1,
 * error_status, info_status}]} of a model "chain" observation. */
static json_t *chain_part(json_t *obs)
{
	json_t *els = json_array();
	json_t *src = json_object_get(obs, "elements");
	size_t i;
	json_t *e;
	json_array_foreach(src, i, e)
	{
		json_array_append_new(
		    els, json_pack(
		             "{s:O, s:O, s:O, s:O}", "subject",
		             json_object_get(e, "subject"), "thumbprint_sha1",
		             json_object_get(e, "thumbprint_sha1"),
		             "error_status", json_object_get(e, "error_status"),
		             "info_status", json_object_get(e, "info_status")));
	}
	return json_pack("{s:O, s:O, s:o}", "error_status",
	                 json_object_get(obs, "error_status"), "info_status",
	                 json_object_get(obs, "info_status"), "elements", els);
}

/* The model's verify results in the probe's shape: each "policy"
 * observation with the last "chain" observation of its step before it (the
 * chain it judged). */
static cs_status verify_lines(const cs_trace *tr, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return CS_LIB_NOMEM();
	json_t *chain = NULL;
	unsigned chain_line = 0;
	cs_status rc = CS_OK;
	for (size_t i = 0; i < tr->n && rc == CS_OK; i++) {
		const cs_obs *o = &tr->obs[i];
		bool is_chain = strcmp(o->kind, "chain") == 0;
		if (!is_chain && strcmp(o->kind, "policy") != 0)
			continue;
		json_t *j = cs_obs_to_json(o);
		if (!j) {
			rc = CS_JSON_FAILED();
			break;
		}
		if (is_chain) {
			json_decref(chain);
			chain = j;
			chain_line = o->line;
			continue;
		}
		if (chain && chain_line == o->line && o->line) {
			/* a call without a provider: its error, as the probe
			 * writes a failed call */
			json_t *call_error = json_object_get(j, "call_error");
			json_t *policy =
			    call_error
			        ? json_pack("{s:O, s:s}", "name",
			                    json_object_get(j, "policy"),
			                    "call_error", "0x00000002")
			        : json_pack(
			              "{s:O, s:O, s:O, s:O}", "name",
			              json_object_get(j, "policy"), "error",
			              json_object_get(j, "error"),
			              "chain_index",
			              json_object_get(j, "chain_index"),
			              "element_index",
			              json_object_get(j, "element_index"));
			json_t *line = json_pack(
			    "{s:s, s:I, s:O, s:o, s:o}", "profile", "wine-8",
			    "step", (json_int_t)o->line, "at",
			    json_object_get(chain, "verify_time"), "chain",
			    chain_part(chain), "policy", policy);
			char *s =
			    line ? json_dumps(line, JSON_COMPACT |
			                                JSON_PRESERVE_ORDER)
			         : NULL;
			if (s)
				fprintf(mem, "%s\n", s);
			else
				rc = CS_JSON_FAILED();
			free(s);
			json_decref(line);
		}
		json_decref(j);
	}
	json_decref(chain);
	if (fclose(mem) != 0 && rc == CS_OK)
		rc = CS_LIB_NOMEM();
	if (rc != CS_OK) {
		free(buf);
		buf = NULL;
	}
	*out = buf;
	return rc;
}

cs_status wine_scenario_model(const cs_scenario *s,
                              const wine_scenario_subset *sub, char **jsonl,
                              cs_diag *d)
{
	*jsonl = NULL;
	const cs_profile *wine = cs_profile_find("wine-8");
	if (!wine)
		return cs_diag_set(d, NULL, 0, 0, "no profile wine-8"),
		       CS_ERR_NOT_FOUND;
	cs_scenario view = *s;
	view.steps = sub->steps;
	view.nsteps = sub->nsteps;
	cs_run_options opt = {.trace = true, .profile = wine};
	cs_machine m;
	cs_run_result res;
	cs_status rc = cs_scenario_run(&view, &opt, &m, &res);
	if (rc == CS_OK)
		rc = verify_lines(&m.w.trace, jsonl);
	if (rc != CS_OK)
		cs_diag_set(d, NULL, 0, 0, "the model's run failed: %s",
		            cs_status_str(rc));
	cs_run_result_free(&res);
	cs_machine_free(&m);
	return rc;
}
