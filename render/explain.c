/* `capisim explain` (see explain.h): results, their rules, the cached
 * objects they used, and what would have changed them. */
#include "render/explain.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/hresult_text.h"
#include "render/explain_rules.h"
#include "trace/jsonl.h"

void *cs_trace_to_json_array(const cs_trace *tr)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < tr->n; i++) {
		json_t *o = cs_obs_to_json(&tr->obs[i]);
		if (!o || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long long jint(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static bool is_kind(const json_t *o, const char *kind)
{
	const char *k = jstr(o, "kind");
	return k && strcmp(k, kind) == 0;
}

/* A result: the "step" observation at index first, and the observations
 * it caused up to (not including) the next step. */
typedef struct {
	size_t first, end;
	char *signature; /* hresult, status and rule ids: equal = same story */
	size_t group;
} result;

typedef struct {
	size_t first_result; /* the result explained */
	size_t count;
	const char *last_t; /* time of the last repetition (borrowed) */
} group;

static char *signature_of(const json_t *a, size_t first, size_t end)
{
	size_t cap = 64, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = first; i < end; i++) {
		const json_t *o = json_array_get(a, i);
		const char *parts[3] = {jstr(o, "rule"), NULL, NULL};
		if (i == first) {
			parts[0] = jstr(o, "hresult");
			parts[1] = jstr(o, "status");
		}
		if (is_kind(o, "expect"))
			parts[2] = json_is_true(json_object_get(o, "ok"))
			               ? "held"
			               : "failed";
		for (size_t k = 0; k < 3; k++) {
			if (!parts[k])
				continue;
			size_t n = strlen(parts[k]) + 1;
			if (len + n + 1 > cap) {
				cap = (len + n + 1) * 2;
				char *g = realloc(s, cap);
				if (!g) {
					free(s);
					return NULL;
				}
				s = g;
			}
			memcpy(s + len, parts[k], n - 1);
			len += n - 1;
			s[len++] = ';';
			s[len] = '\0';
		}
	}
	return s;
}

/* The wire fetch that filled the cached copy of url used at index at: the
 * last successful download of url before it by the same account (a disk
 * copy is the account's, a memory copy its process's), downloaded at `when`
 * when that is known. NULL when the trace does not show one. */
static const json_t *filled_by(const json_t *a, size_t at, const char *url,
                               const char *account, const char *when)
{
	for (size_t i = at; i-- > 0;) {
		const json_t *o = json_array_get(a, i);
		const char *u = jstr(o, "url"), *from = jstr(o, "from");
		const char *outcome = jstr(o, "outcome"),
		           *acc = jstr(o, "account");
		if (!is_kind(o, "fetch") || !u || strcmp(u, url) != 0 ||
		    !from || strcmp(from, "wire") != 0)
			continue;
		if (outcome && strcmp(outcome, "ok") != 0)
			continue;
		if (account && (!acc || strcmp(acc, account) != 0))
			continue;
		const char *t = jstr(o, "t");
		if (when && (!t || strcmp(t, when) != 0))
			continue;
		return o;
	}
	return NULL;
}

/* What would have changed a failed result, for one observation. */
static const char *counterfactual(cs_counterfactual cf, const json_t *o)
{
	const char *from = jstr(o, "from");
	switch (cf) {
	case CS_CF_NONE:
		return NULL;
	case CS_CF_URL_CACHE:
		if (from && strcmp(from, "disk") == 0)
			return "Deleting the {account} account's URL cache "
			       "(`certutil -urlcache * delete` run as "
			       "{account}) "
			       "before {t} would have refetched {url}.";
		if (from && strcmp(from, "memory") == 0)
			return "The copy of {url} was in the process's memory: "
			       "only a reboot before {t} would have dropped it "
			       "(deleting the disk URL cache does not).";
		return NULL;
	case CS_CF_CHAIN_CACHE:
		return "A reboot, or `certutil -setreg "
		       "chain\\ChainCacheResyncFiletime @now`, before {t} "
		       "would "
		       "have made the engine build the chain again from the "
		       "stores of that moment instead of reusing the cached "
		       "one.";
	case CS_CF_STL_DISK:
		return "Deleting the {account} account's URL cache (`certutil "
		       "-urlcache * delete` run as {account}) before {t} would "
		       "have refetched authroot.stl[ from {url}].";
	case CS_CF_STL_MEMORY:
		return "A reboot, or `certutil -setreg "
		       "chain\\ChainCacheResyncFiletime @now`, before {t} "
		       "would "
		       "have dropped the in-memory authroot.stl (the disk copy "
		       "must go too: `certutil -urlcache * delete` as "
		       "{account}).";
	case CS_CF_KB2666300:
		return "The KB 2666300 hotfix would have fetched the base CRL "
		       "after the OCSP failure; without it the copy stays "
		       "pinned (an hour by default, H-rev-1) unless a reboot "
		       "ends it (deleting URL caches or restarting IIS does "
		       "not, seed 003).";
	case CS_CF_ACL:
		return "Giving CryptSvc write access to {key} again (re-enable "
		       "inheritance, or delete the key) would have let the "
		       "sync "
		       "land (seed 004).";
	case CS_CF_STALE_SYNC:
		return "A disallowed-list sync that CryptSvc could record "
		       "(DisallowedCertLastSyncTime less than 24 h before {t}) "
		       "would have kept revocation from reporting offline.";
	case CS_CF_ISSUER_LIST:
		return "Removing roots not needed for client authentication "
		       "(or "
		       "deleting "
		       "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\"
		       "AuthRoot\\Certificates) would have kept the issuer "
		       "list "
		       "under its limit (KB 2801679).";
	case CS_CF_UNTRUSTED:
		return "An authroot.stl that lists the root, or the root in "
		       "the "
		       "machine's Root store, would have made the chain "
		       "trusted.";
	case CS_CF_BACKOFF:
		return "Waiting for the back-off to end, or a reboot, would "
		       "have "
		       "let cryptnet try {url} again.";
	}
	return NULL;
}

/* Counterfactuals read off a policy error when no rule gave one. */
static const char *policy_counterfactual(const json_t *o)
{
	const char *err = jstr(o, "error");
	if (!err)
		return NULL;
	if (strcmp(err, "0x800B0109") == 0)
		return "The chain's root in the machine's Root store (or "
		       "installed by auto-update) before {t} would have made "
		       "it "
		       "trusted.";
	if (strcmp(err, "0x800B0101") == 0)
		return "Verifying at a time inside every certificate's "
		       "validity "
		       "period would have passed the time check.";
	return NULL;
}

typedef struct {
	char **items;
	size_t n, cap;
} text_set;

/* Add a copy of s unless already present; false on OOM. */
static bool set_add(text_set *ts, const char *s)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->items[i], s) == 0)
			return true;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 8;
		char **g = realloc(ts->items, cap * sizeof *g);
		if (!g)
			return false;
		ts->items = g;
		ts->cap = cap;
	}
	ts->items[ts->n] = strdup(s);
	return ts->items[ts->n++] != NULL;
}

static void set_free(text_set *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		free(ts->items[i]);
	free(ts->items);
	memset(ts, 0, sizeof *ts);
}

static void write_result_head(const json_t *step, const group *g, FILE *out)
{
	const char *hr = jstr(step, "hresult"), *status = jstr(step, "status");
	fprintf(out, "line %lld, %s, as %s\n  %s\n", jint(step, "step"),
	        jstr(step, "t"),
	        jstr(step, "account") ? jstr(step, "account") : "-",
	        jstr(step, "action") ? jstr(step, "action") : "?");
	if (g->count > 1)
		fprintf(out, "  (the same result %zu times, the last at %s)\n",
		        g->count, g->last_t);
	uint32_t code = hr ? (uint32_t)strtoul(hr, NULL, 16) : 0;
	if (!code) {
		fputs("  result: ok", out);
	} else {
		const char *name = cs_hresult_name(code);
		const char *text = cs_hresult_text(code);
		fprintf(out, "  result: error %s%s%s", hr, name ? " " : "",
		        name ? name : "");
		if (text)
			fprintf(out, "\n          \"%s\"", text);
	}
	if (status)
		fprintf(out, "%strust status %s", code ? "\n          " : ", ",
		        status);
	fputc('\n', out);
}

static bool explain_one(const json_t *a, const result *r, const group *g,
                        FILE *out)
{
	const json_t *step = json_array_get(a, r->first);
	write_result_head(step, g, out);
	text_set because = {0}, cached = {0}, changes = {0}, expects = {0};
	bool ok = true, failed = jstr(step, "hresult") &&
	                         strtoul(jstr(step, "hresult"), NULL, 16) != 0;
	char buf[1024], line[1400];
	for (size_t i = r->first + 1; ok && i < r->end; i++) {
		const json_t *o = json_array_get(a, i);
		if (is_kind(o, "expect")) {
			bool held = json_is_true(json_object_get(o, "ok"));
			failed |= !held;
			snprintf(line, sizeof line, "expect %s: %s%s%s",
			         jstr(o, "expect"), held ? "held" : "FAILED",
			         held ? "" : ", found ",
			         held ? "" : jstr(o, "found"));
			ok = set_add(&expects, line);
			continue;
		}
		const char *rule = jstr(o, "rule");
		if (!rule)
			continue;
		const cs_rule_text *rt = cs_rule_text_find(rule);
		if (rt)
			cs_rule_template_fill(rt->sentence, o, buf, sizeof buf);
		else
			snprintf(buf, sizeof buf, "%s (%s)", rule,
			         jstr(o, "kind"));
		snprintf(line, sizeof line, "%s\n       [%s; %s]", buf, rule,
		         jstr(o, "source") ? jstr(o, "source") : "no source");
		ok = set_add(&because, line);
		const char *from = jstr(o, "from"), *url = jstr(o, "url");
		const char *copy = jstr(o, "copy");
		const char *where = from ? from : copy;
		/* A copy that was used: not a miss, not one found too old or
		 * dropped. */
		bool used = !strstr(rule, "miss") && !strstr(rule, "expired") &&
		            !strstr(rule, "dropped");
		if (ok && url && where && used &&
		    (strcmp(where, "disk") == 0 ||
		     strcmp(where, "memory") == 0)) {
			const char *acc = jstr(o, "account");
			const char *when = jstr(o, "downloaded");
			const json_t *f = filled_by(a, i, url, acc, when);
			if (!when && f)
				when = jstr(f, "t");
			const char *proc = jstr(o, "process");
			char owner[128];
			if (proc && acc)
				snprintf(owner, sizeof owner, "%s (%s)", proc,
				         acc);
			else
				snprintf(owner, sizeof owner, "%s",
				         acc ? acc : "");
			snprintf(line, sizeof line, "%s: %s copy%s%s%s%s", url,
			         strcmp(where, "disk") == 0 ? "disk URL cache"
			                                    : "in-memory",
			         owner[0] ? " of " : "", owner,
			         when ? ", filled "
			              : ", filled before the trace",
			         when ? when : "");
			if (f) {
				size_t n = strlen(line);
				snprintf(line + n, sizeof line - n,
				         " (download at line %lld)",
				         jint(f, "step"));
			}
			ok = set_add(&cached, line);
		}
		const char *cf = rt ? counterfactual(rt->cf, o) : NULL;
		if (!cf && strcmp(rule, "chain.policy") == 0)
			cf = policy_counterfactual(o);
		if (ok && cf) {
			cs_rule_template_fill(cf, o, buf, sizeof buf);
			ok = set_add(&changes, buf);
		}
	}
	if (ok) {
		if (because.n)
			fputs("  because:\n", out);
		for (size_t i = 0; i < because.n; i++)
			fprintf(out, "    %zu. %s\n", i + 1, because.items[i]);
		if (cached.n)
			fputs("  cached objects used:\n", out);
		for (size_t i = 0; i < cached.n; i++)
			fprintf(out, "    - %s\n", cached.items[i]);
		for (size_t i = 0; i < expects.n; i++)
			fprintf(out, "  %s\n", expects.items[i]);
		if (failed && changes.n)
			fputs("  what would have changed it:\n", out);
		for (size_t i = 0; failed && i < changes.n; i++)
			fprintf(out, "    - %s\n", changes.items[i]);
		fputc('\n', out);
	}
	set_free(&because);
	set_free(&cached);
	set_free(&changes);
	set_free(&expects);
	return ok;
}

cs_status cs_explain_write(const void *trace, const cs_explain_options *opt,
                           FILE *out, size_t *nresults)
{
	const json_t *a = trace;
	size_t n = json_array_size(a), nr = 0, ng = 0;
	result *rs = calloc(n + 1, sizeof *rs);
	group *gs = calloc(n + 1, sizeof *gs);
	cs_status st = rs && gs ? CS_OK : CS_ERR_NOMEM;
	const json_t *head = n ? json_array_get(a, 0) : NULL;
	if (st == CS_OK && head && is_kind(head, "scenario")) {
		fprintf(out, "%s\nprofile: %s\n\n",
		        jstr(head, "title") ? jstr(head, "title")
		                            : "(untitled)",
		        jstr(head, "profile") ? jstr(head, "profile") : "?");
	}
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const json_t *o = json_array_get(a, i);
		if (!is_kind(o, "step") || !jstr(o, "hresult"))
			continue;
		if (opt && opt->line && (unsigned)jint(o, "step") != opt->line)
			continue;
		size_t end = i + 1;
		while (end < n && !is_kind(json_array_get(a, end), "step"))
			end++;
		result *r = &rs[nr];
		r->first = i;
		r->end = end;
		r->signature = signature_of(a, i, end);
		if (!r->signature) {
			st = CS_ERR_NOMEM;
			break;
		}
		/* The same story as the previous result of this line? */
		long long line = jint(o, "step");
		size_t prev = nr;
		for (size_t k = nr; k-- > 0;)
			if (jint(json_array_get(a, rs[k].first), "step") ==
			    line) {
				prev = k;
				break;
			}
		if (prev < nr &&
		    strcmp(rs[prev].signature, r->signature) == 0) {
			r->group = rs[prev].group;
			gs[r->group].count++;
			gs[r->group].last_t = jstr(o, "t");
		} else {
			r->group = ng;
			gs[ng++] = (group){nr, 1, jstr(o, "t")};
		}
		nr++;
	}
	for (size_t g = 0; st == CS_OK && g < ng; g++)
		if (!explain_one(a, &rs[gs[g].first_result], &gs[g], out))
			st = CS_ERR_NOMEM;
	if (st == CS_OK && nr == 0)
		fputs(opt && opt->line ? "no result at that line\n"
		                       : "no results in this trace\n",
		      out);
	for (size_t k = 0; rs && k < nr; k++)
		free(rs[k].signature);
	free(gs);
	free(rs);
	if (nresults)
		*nresults = nr;
	if (st == CS_OK && ferror(out))
		st = CS_ERR_IO;
	return st;
}
