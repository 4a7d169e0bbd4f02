/* The report's picture as data (see report_model.h). */
#include "render/report_model.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/alloc.h"
#include "trace/nomem.h"

/* Okabe-Ito colours (distinguishable with the common colour-vision
 * deficiencies), and every kind also has its own shape (report_svg.c). */
const rm_style rm_styles[RM_KIND_COUNT] = {
    [RM_OK] = {"k-ok", "#009e73", "#00664a", "result: ok"},
    [RM_ERROR] = {"k-error", "#d55e00", "#8a3d00",
                  "result: error (its column is tinted)"},
    [RM_EXPECT_FAIL] = {"k-expect", "none", "#000000",
                        "an expectation failed (ring)"},
    [RM_EV_ERROR] = {"k-ev-error", "#b2182b", "#67000d",
                     "event, level Error (top row)"},
    [RM_EV_WARNING] = {"k-ev-warning", "#e69f00", "#8a5f00",
                       "event, level Warning (middle row)"},
    [RM_EV_INFO] = {"k-ev-info", "#56b4e9", "#1f6f9c",
                    "event, level Information (bottom row)"},
    [RM_DL_OK] = {"k-dl-ok", "#0072b2", "#004470", "download from the network"},
    [RM_DL_FAILED] = {"k-dl-failed", "#cc79a7", "#7a3b62",
                      "download failed (cross)"},
    [RM_DL_HELD] = {"k-dl-held", "#ffffff", "#555555",
                    "not asked: offline back-off (hollow)"},
    [RM_REG] = {"k-reg", "#6a3d9a", "#3f2160", "registry write"},
    [RM_REG_DENIED] = {"k-reg-denied", "#ffffff", "#6a3d9a",
                       "registry write denied (hollow)"},
    [RM_RESTART] = {"k-restart", "#000000", "#000000",
                    "reboot or service restart (dashed line)"},
    [RM_COPY] = {"k-copy", "#a6d8f0", "#0072b2",
                 "cached copy, offered (from its download)"},
    [RM_STALE] = {"k-stale", "#f5d08a", "#8a5f00",
                  "past its edge: expired or stale (striped)"},
    [RM_EDGE] = {"k-edge", "#000000", "#000000",
                 "the edge: NextUpdate, cache lifetime, 24 hours"},
    [RM_SYNC] = {"k-sync", "#b8e2c8", "#00664a",
                 "DisallowedCertLastSyncTime within its 24 hours"},
};

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool jis(const json_t *o, const char *key, const char *val)
{
	const char *s = jstr(o, key);
	return s && strcmp(s, val) == 0;
}

static cs_filetime time_of(const json_t *o, const char *key)
{
	cs_filetime t = 0;
	const char *s = jstr(o, key);
	if (!s || cs_time_parse(s, &t, NULL, NULL) != CS_OK)
		return 0;
	return t;
}

/* "key: value" lines of an observation's scalar fields. */
static void details(FILE *f, const json_t *o)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		if (json_is_array(v) || json_is_object(v) ||
		    strcmp(key, "source") == 0)
			continue;
		fprintf(f, "\n%s: ", key);
		if (json_is_string(v))
			fputs(json_string_value(v), f);
		else if (json_is_integer(v))
			fprintf(f, "%lld", (long long)json_integer_value(v));
		else
			fputs(json_is_true(v) ? "true" : "false", f);
	}
}

static char *text_of(const char *head, const json_t *o)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f) {
		CS_LIB_NOMEM();
		return NULL;
	}
	fputs(head, f);
	if (o)
		details(f, o);
	if (fclose(f) != 0) {
		free(s);
		CS_LIB_NOMEM();
		return NULL;
	}
	return s;
}

static size_t lane_get(rm_model *m, rl_kind kind, const char *key,
                       const char *name, const char *sub)
{
	for (size_t i = 0; i < m->nlanes; i++)
		if (m->lanes[i].kind == kind &&
		    strcmp(m->lanes[i].key, key) == 0)
			return i;
	rm_lane *g = cs_realloc(m->lanes, (m->nlanes + 1) * sizeof *g);
	if (!g)
		return SIZE_MAX;
	m->lanes = g;
	rm_lane *l = &g[m->nlanes];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	snprintf(l->key, sizeof l->key, "%s", key);
	snprintf(l->name, sizeof l->name, "%s", name);
	snprintf(l->sub, sizeof l->sub, "%s", sub ? sub : "");
	return m->nlanes++;
}

static cs_status add_mark(rm_model *m, rm_kind k, size_t lane, size_t slot,
                          cs_filetime t, int row, char *title, const char *href)
{
	if (lane == SIZE_MAX || !title) {
		free(title);
		return cs_nomem_recorded();
	}
	if (m->nmarks == m->capmarks) {
		size_t cap = m->capmarks ? m->capmarks * 2 : 64;
		rm_mark *g = cs_realloc(m->marks, cap * sizeof *g);
		if (!g) {
			free(title);
			return cs_alloc_failed();
		}
		m->marks = g;
		m->capmarks = cap;
	}
	m->marks[m->nmarks++] = (rm_mark){k, lane, slot, t, row, title, href};
	m->drawn[k] = true;
	return CS_OK;
}

static cs_status add_bar(rm_model *m, rm_kind k, size_t lane, size_t s0,
                         cs_filetime t0, size_t s1, cs_filetime t1,
                         const char *label, char *title)
{
	if (lane == SIZE_MAX || !title) {
		free(title);
		return cs_nomem_recorded();
	}
	if (m->nbars == m->capbars) {
		size_t cap = m->capbars ? m->capbars * 2 : 32;
		rm_bar *g = cs_realloc(m->bars, cap * sizeof *g);
		if (!g) {
			free(title);
			return cs_alloc_failed();
		}
		m->bars = g;
		m->capbars = cap;
	}
	rm_bar *b = &m->bars[m->nbars++];
	memset(b, 0, sizeof *b);
	*b = (rm_bar){.kind = k,
	              .lane = lane,
	              .slot0 = s0,
	              .slot1 = s1,
	              .t0 = t0,
	              .t1 = t1,
	              .title = title};
	snprintf(b->label, sizeof b->label, "%s", label ? label : "");
	m->drawn[k] = true;
	return CS_OK;
}

/* A step that is set-up only (acting account, the network's schedule). */
static bool is_setup(const json_t *a, size_t i, size_t end)
{
	const json_t *o = json_array_get(a, i);
	if (jstr(o, "hresult"))
		return false;
	for (size_t k = i + 1; k < end; k++) {
		const json_t *n = json_array_get(a, k);
		if (!jis(n, "kind", "expect") && !jis(n, "kind", "network"))
			return false;
	}
	return true;
}

typedef struct {
	size_t *slot_of;   /* per observation: its slot, or SIZE_MAX */
	uint32_t *hr;      /* per slot: the HRESULT of its results */
	const char **verb; /* per slot: its first step's action */
} build_tmp;

static cs_status build_slots(const json_t *a, rm_model *m, build_tmp *tmp,
                             const char *(*anchor_of)(void *, size_t),
                             void *ctx)
{
	size_t n = json_array_size(a);
	size_t cur = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(a, i);
		cs_filetime t = time_of(o, "t");
		if (t > m->t_end)
			m->t_end = t;
		if (!jis(o, "kind", "step")) {
			tmp->slot_of[i] = cur != SIZE_MAX &&
			                          t >= m->slots[cur].t0 &&
			                          t <= m->slots[cur].t1
			                      ? cur
			                      : SIZE_MAX;
			continue;
		}
		size_t end = i + 1;
		while (end < n && !jis(json_array_get(a, end), "kind", "step"))
			end++;
		if (is_setup(a, i, end)) {
			tmp->slot_of[i] = SIZE_MAX;
			continue;
		}
		const char *hrs = jstr(o, "hresult");
		uint32_t hr = hrs ? (uint32_t)strtoul(hrs, NULL, 16) : 0;
		/* an outcome in words only: failed unless it starts "ok" */
		const char *words = jstr(o, "result");
		if (!hrs && words && strncmp(words, "ok", 2) != 0)
			hr = UINT32_MAX;
		if (!hrs && words)
			hrs = words;
		unsigned line =
		    (unsigned)json_integer_value(json_object_get(o, "step"));
		if (hrs) {
			m->nresults++;
			m->nerrors += hr != 0;
		}
		rm_slot *p = cur != SIZE_MAX ? &m->slots[cur] : NULL;
		if (p && hrs && p->count && p->line == line &&
		    tmp->hr[cur] == hr && t > p->t1) {
			p->t1 = t; /* a repetition with the same outcome */
			p->count++;
			p->is_run = true;
			tmp->slot_of[i] = cur;
			continue;
		}
		/* Successful steps of one command at one instant (a list of
		 * `store add` lines) share one column: they crowd out the
		 * steps that matter and tell one story. */
		const char *act = jstr(o, "action");
		if (p && hrs && p->count && !hr && !tmp->hr[cur] &&
		    t == p->t0 && p->t1 == p->t0 && act && tmp->verb[cur] &&
		    strncmp(act, tmp->verb[cur], strcspn(act, " ")) == 0 &&
		    tmp->verb[cur][strcspn(act, " ")] == ' ') {
			p->count++;
			p->line_last = line;
			p->is_group = true;
			tmp->slot_of[i] = cur;
			continue;
		}
		cur = m->nslots++;
		rm_slot *s = &m->slots[cur];
		memset(s, 0, sizeof *s);
		s->t0 = s->t1 = t;
		s->line = s->line_last = line;
		tmp->verb[cur] = act;
		s->count = hrs ? 1 : 0;
		s->failed = hr != 0;
		tmp->hr[cur] = hr;
		const char *anc = anchor_of ? anchor_of(ctx, i) : NULL;
		snprintf(s->anchor, sizeof s->anchor, "%s", anc ? anc : "");
		tmp->slot_of[i] = cur;
	}
	return CS_OK;
}

static cs_status result_marks(const json_t *a, rm_model *m,
                              const build_tmp *tmp)
{
	size_t n = json_array_size(a);
	size_t lane = lane_get(m, RL_RESULTS, "results", "Results",
	                       "each step's outcome");
	cs_status st = CS_OK;
	bool *done = cs_calloc(m->nslots + 1, sizeof *done);
	if (!done)
		return cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const json_t *o = json_array_get(a, i);
		size_t s = tmp->slot_of[i];
		if (s == SIZE_MAX)
			continue;
		rm_slot *sl = &m->slots[s];
		if (jis(o, "kind", "expect") &&
		    !json_is_true(json_object_get(o, "ok"))) {
			char head[600];
			snprintf(head, sizeof head,
			         "line %u: expectation failed: %s (found %s)",
			         sl->line, jstr(o, "expect"),
			         jstr(o, "found") ? jstr(o, "found") : "-");
			st = add_mark(m, RM_EXPECT_FAIL, lane, s,
			              time_of(o, "t"), 0, text_of(head, NULL),
			              sl->anchor[0] ? sl->anchor : NULL);
			continue;
		}
		if (!jis(o, "kind", "step") || done[s])
			continue;
		done[s] = true;
		char head[1400], word[128];
		uint32_t hr = tmp->hr[s];
		const char *name = hr ? cs_hresult_name(hr) : NULL;
		if (!sl->count)
			snprintf(word, sizeof word, "done");
		else if (hr == UINT32_MAX)
			snprintf(word, sizeof word, "%s", jstr(o, "result"));
		else if (hr)
			snprintf(word, sizeof word, "error 0x%08X%s%s", hr,
			         name ? " " : "", name ? name : "");
		else
			snprintf(word, sizeof word, "ok");
		char t0[CS_TIME_BUF], t1[CS_TIME_BUF];
		cs_time_format(sl->t0, t0);
		cs_time_format(sl->t1, t1);
		if (sl->is_run)
			snprintf(
			    head, sizeof head,
			    "line %u, %zu times from %s to %s, as %s: %s\n%s",
			    sl->line, sl->count, t0, t1,
			    jstr(o, "account") ? jstr(o, "account") : "-", word,
			    jstr(o, "action") ? jstr(o, "action") : "");
		else
			snprintf(head, sizeof head,
			         "line %u, %s, as %s: %s\n%s", sl->line, t0,
			         jstr(o, "account") ? jstr(o, "account") : "-",
			         word,
			         jstr(o, "action") ? jstr(o, "action") : "");
		st = add_mark(m, hr ? RM_ERROR : RM_OK, lane, s, sl->t0, 0,
		              text_of(head, NULL),
		              sl->anchor[0] ? sl->anchor : NULL);
	}
	free(done);
	return st;
}

static cs_status point_marks(const json_t *a, rm_model *m, const build_tmp *tmp)
{
	size_t n = json_array_size(a);
	cs_status st = CS_OK;
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const json_t *o = json_array_get(a, i);
		size_t s = tmp->slot_of[i];
		cs_filetime t = time_of(o, "t");
		const char *rule = jstr(o, "rule");
		char head[700];
		if (jis(o, "kind", "event")) {
			const char *lvl = jstr(o, "level");
			bool err = lvl && strcmp(lvl, "Error") == 0;
			bool warn = lvl && strcmp(lvl, "Warning") == 0;
			json_int_t id =
			    json_integer_value(json_object_get(o, "id"));
			snprintf(head, sizeof head, "event %lld (%s), level %s",
			         (long long)id,
			         jstr(o, "source") ? jstr(o, "source") : "-",
			         lvl ? lvl : "-");
			st = add_mark(m,
			              err    ? RM_EV_ERROR
			              : warn ? RM_EV_WARNING
			                     : RM_EV_INFO,
			              lane_get(m, RL_EVENTS, "events",
			                       "Event log",
			                       "Error / Warning / Information"),
			              s, t,
			              err    ? 0
			              : warn ? 1
			                     : 2,
			              text_of(head, o), NULL);
		} else if (jis(o, "kind", "fetch") &&
		           (jis(o, "from", "wire") ||
		            (rule &&
		             strcmp(rule, "cryptnet.offline.backoff") == 0))) {
			bool held = !jis(o, "from", "wire");
			bool ok = !held && jis(o, "outcome", "ok");
			snprintf(head, sizeof head, "%s %s",
			         held ? "not asked (back-off):"
			         : ok ? "downloaded"
			              : "download failed:",
			         jstr(o, "url") ? jstr(o, "url") : "-");
			st = add_mark(m,
			              held ? RM_DL_HELD
			              : ok ? RM_DL_OK
			                   : RM_DL_FAILED,
			              lane_get(m, RL_NETWORK, "network",
			                       "Network",
			                       "requests on the wire"),
			              s, t, 0, text_of(head, o), NULL);
		} else if (jis(o, "kind", "registry") && jstr(o, "key")) {
			bool denied = jis(o, "result", "access denied");
			snprintf(head, sizeof head, "registry %s: %s%s%s",
			         denied ? "write denied" : "write",
			         jstr(o, "key"), jstr(o, "value") ? " " : "",
			         jstr(o, "value") ? jstr(o, "value") : "");
			st =
			    add_mark(m, denied ? RM_REG_DENIED : RM_REG,
			             lane_get(m, RL_REGISTRY, "registry",
			                      "Registry", "writes and denials"),
			             s, t, 0, text_of(head, o), NULL);
		} else if (jis(o, "kind", "reboot") ||
		           (jis(o, "kind", "service") &&
		            jis(o, "action", "restart"))) {
			snprintf(
			    head, sizeof head, "%s%s",
			    jis(o, "kind", "reboot") ? "reboot" : "restart of ",
			    jis(o, "kind", "reboot") ? "" : jstr(o, "service"));
			st = add_mark(m, RM_RESTART,
			              lane_get(m, RL_MACHINE, "machine",
			                       "Machine", "reboots, restarts"),
			              s, t, 0, text_of(head, o), NULL);
		}
	}
	return st;
}

/* Edges' short names by object. */
static const char *edge_name(const json_t *fetch)
{
	const char *obj = jstr(fetch, "object");
	if (obj && strcmp(obj, "crl") == 0)
		return "NextUpdate";
	if (obj && strcmp(obj, "ocsp") == 0)
		return "nextUpdate";
	if (obj && strcmp(obj, "cert") == 0)
		return "notAfter";
	return "cache lifetime";
}

/* What a copy lane names: the URL's last part with %XX decoded, or host
 * and path when that part says little ("ocsp"). */
static void object_name(const char *url, char *buf, size_t cap)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *last = strrchr(p, '/');
	const char *s = last && last[1] && strlen(last + 1) >= 8 ? last + 1 : p;
	size_t k = 0;
	for (; *s && k + 1 < cap; s++) {
		unsigned v;
		if (s[0] == '%' && sscanf(s + 1, "%2x", &v) == 1 && v >= 0x20 &&
		    v < 0x7f) {
			buf[k++] = (char)v;
			s += 2;
		} else {
			buf[k++] = *s;
		}
	}
	buf[k] = '\0';
}

/* A use of the process's in-memory copy of url by account. */
static bool memory_use(const json_t *o)
{
	const char *rule = jstr(o, "rule");
	if (!rule)
		return false;
	if (strstr(rule, "pinned"))
		return true;
	return strstr(rule, "hit") &&
	       (jis(o, "from", "memory") || jis(o, "copy", "memory"));
}

/* Where the copy that fetch (at index i) stored ends for its holder:
 * replaced by a new download, deleted (disk), dropped (memory). */
static size_t copy_end(const json_t *a, size_t i, bool memory)
{
	const json_t *f = json_array_get(a, i);
	const char *url = jstr(f, "url"), *acc = jstr(f, "account");
	for (size_t k = i + 1; k < json_array_size(a); k++) {
		const json_t *o = json_array_get(a, k);
		const char *rule = jstr(o, "rule");
		bool same_acc = jis(o, "account", acc);
		if (same_acc && jis(o, "kind", "fetch") &&
		    jis(o, "from", "wire") && jstr(o, "offered_until") &&
		    jis(o, "url", url))
			return k;
		if (!memory && same_acc && rule &&
		    strcmp(rule, "urlcache.delete.own_account") == 0)
			return k;
		if (memory && jis(o, "kind", "reboot"))
			return k;
		if (memory && same_acc && rule &&
		    (strcmp(rule, "cryptnet.memory.process_restart") == 0 ||
		     ((strstr(rule, "resync_dropped") ||
		       strstr(rule, "memory_expired")) &&
		      jis(o, "url", url))))
			return k;
	}
	return SIZE_MAX;
}

static cs_status copy_bars(const json_t *a, rm_model *m, const build_tmp *tmp)
{
	size_t n = json_array_size(a);
	cs_status st = CS_OK;
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const json_t *f = json_array_get(a, i);
		const char *url = jstr(f, "url"), *acc = jstr(f, "account");
		if (!jis(f, "kind", "fetch") || !jis(f, "from", "wire") ||
		    !jstr(f, "offered_until") || !acc || !url)
			continue;
		cs_filetime edge = time_of(f, "offered_until");
		for (int mem = 0; st == CS_OK && mem < 2; mem++) {
			size_t end = copy_end(a, i, mem);
			size_t uses = 0, late = 0;
			for (size_t k = i + 1; k < (end == SIZE_MAX ? n : end);
			     k++) {
				const json_t *o = json_array_get(a, k);
				if (mem && jis(o, "account", acc) &&
				    jis(o, "url", url) && memory_use(o)) {
					uses++;
					late += time_of(o, "t") > edge;
				}
			}
			if (mem && !uses)
				continue; /* no process kept it in memory */
			char key[600], name[96];
			snprintf(key, sizeof key, "%s|%s|%s",
			         mem ? "memory" : "disk", acc, url);
			char obj[96];
			snprintf(name, sizeof name, "%s %s", acc,
			         mem ? "process memory" : "disk cache");
			object_name(url, obj, sizeof obj);
			size_t lane = lane_get(m, RL_COPY, key, name, obj);
			const json_t *e =
			    end == SIZE_MAX ? NULL : json_array_get(a, end);
			cs_filetime t1 = e ? time_of(e, "t") : m->t_end;
			size_t s1 = e ? tmp->slot_of[end] : SIZE_MAX;
			char head[1400], when[CS_TIME_BUF];
			cs_time_format(edge, when);
			snprintf(head, sizeof head,
			         "%s's %s copy of %s\ndownloaded %s, offered "
			         "through %s (%s)%s%s\n%s",
			         acc, mem ? "in-memory" : "disk", url,
			         jstr(f, "t"), when, edge_name(f),
			         mem ? "; used from memory " : "",
			         mem ? (late ? "also after that edge"
			                     : "only before that edge")
			             : "",
			         e ? "ends: replaced, deleted or dropped here"
			           : "held until the end of the run");
			cs_filetime fresh_end = edge < t1 ? edge : t1;
			st = add_bar(m, RM_COPY, lane, tmp->slot_of[i],
			             time_of(f, "t"), edge < t1 ? SIZE_MAX : s1,
			             fresh_end, NULL, text_of(head, NULL));
			if (st == CS_OK && edge < t1) {
				snprintf(
				    head, sizeof head,
				    "%s's %s copy of %s past its %s (%s)%s",
				    acc, mem ? "in-memory" : "disk", url,
				    edge_name(f), when,
				    mem && late ? ": still used from memory"
				                : ": no longer offered by the "
				                  "URL cache");
				st = add_bar(m, RM_STALE, lane, SIZE_MAX, edge,
				             s1, t1, NULL, text_of(head, NULL));
			}
			if (st == CS_OK && edge <= t1) {
				snprintf(head, sizeof head, "%s of %s: %s",
				         edge_name(f), url, when);
				st = add_bar(m, RM_EDGE, lane, SIZE_MAX, edge,
				             SIZE_MAX, edge, edge_name(f),
				             text_of(head, NULL));
			}
		}
	}
	return st;
}

/* DisallowedCertLastSyncTime: each value the trace shows, fresh for its
 * window, stale after it until the next value. */
static cs_status sync_bars(const json_t *a, rm_model *m)
{
	size_t n = json_array_size(a);
	cs_filetime seen[64];
	int64_t window[64];
	size_t ns = 0;
	for (size_t i = 0; i < n && ns < 64; i++) {
		const json_t *o = json_array_get(a, i);
		json_t *w = json_object_get(o, "window_seconds");
		if (!jstr(o, "last_sync") || !json_is_integer(w))
			continue;
		cs_filetime t = time_of(o, "last_sync");
		if (ns && seen[ns - 1] == t)
			continue;
		seen[ns] = t;
		window[ns++] =
		    (int64_t)json_integer_value(w) * CS_TICKS_PER_SEC;
	}
	cs_status st = CS_OK;
	cs_filetime start = m->nslots ? m->slots[0].t0 : 0;
	for (size_t k = 0; st == CS_OK && k < ns; k++) {
		size_t lane =
		    lane_get(m, RL_SYNC, "sync", "DisallowedCertLastSyncTime",
		             "the 24-hour rule");
		cs_filetime edge = seen[k] + window[k];
		cs_filetime next = k + 1 < ns ? seen[k + 1] : m->t_end;
		char head[300], t0[CS_TIME_BUF], t1[CS_TIME_BUF];
		cs_time_format(seen[k], t0);
		cs_time_format(edge, t1);
		cs_filetime b0 = seen[k] < start ? start : seen[k];
		if (edge > b0) {
			snprintf(head, sizeof head,
			         "last sync %s: fresh until %s", t0, t1);
			st = add_bar(m, RM_SYNC, lane, SIZE_MAX, b0, SIZE_MAX,
			             edge < next ? edge : next, NULL,
			             text_of(head, NULL));
		}
		if (st == CS_OK && edge < next) {
			snprintf(head, sizeof head,
			         "last sync %s: stale from %s (older than the "
			         "window)",
			         t0, t1);
			st = add_bar(m, RM_STALE, lane, SIZE_MAX,
			             edge > start ? edge : start, SIZE_MAX,
			             next, NULL, text_of(head, NULL));
		}
		if (st == CS_OK && edge >= start && edge <= m->t_end) {
			snprintf(head, sizeof head,
			         "last sync %s + 24 hours = %s", t0, t1);
			st = add_bar(m, RM_EDGE, lane, SIZE_MAX, edge, SIZE_MAX,
			             edge, "24 hours", text_of(head, NULL));
		}
	}
	return st;
}

/* Lanes in a fixed order of kinds (results first, then events, network,
 * registry, machine, the copies, the sync time), each kind in the order
 * the trace first shows it. */
static cs_status sort_lanes(rm_model *m)
{
	size_t *to = cs_calloc(m->nlanes + 1, sizeof *to);
	rm_lane *sorted = cs_calloc(m->nlanes + 1, sizeof *sorted);
	if (!to || !sorted) {
		free(to);
		free(sorted);
		return cs_alloc_failed();
	}
	size_t k = 0;
	for (int kind = RL_RESULTS; kind <= RL_SYNC; kind++)
		for (size_t i = 0; i < m->nlanes; i++)
			if ((int)m->lanes[i].kind == kind) {
				to[i] = k;
				sorted[k++] = m->lanes[i];
			}
	for (size_t i = 0; i < m->nmarks; i++)
		m->marks[i].lane = to[m->marks[i].lane];
	for (size_t i = 0; i < m->nbars; i++)
		m->bars[i].lane = to[m->bars[i].lane];
	free(m->lanes);
	m->lanes = sorted;
	free(to);
	return CS_OK;
}

cs_status rm_build(const void *trace,
                   const char *(*anchor_of)(void *ctx, size_t obs), void *ctx,
                   rm_model *out)
{
	const json_t *a = trace;
	size_t n = json_array_size(a);
	memset(out, 0, sizeof *out);
	build_tmp tmp = {cs_calloc(n + 1, sizeof *tmp.slot_of),
	                 cs_calloc(n + 1, sizeof *tmp.hr),
	                 cs_calloc(n + 1, sizeof *tmp.verb)};
	out->slots = cs_calloc(n + 1, sizeof *out->slots);
	cs_status st = tmp.slot_of && tmp.hr && tmp.verb && out->slots
	                   ? CS_OK
	                   : cs_alloc_failed();
	if (st == CS_OK)
		st = build_slots(a, out, &tmp, anchor_of, ctx);
	if (st == CS_OK)
		st = result_marks(a, out, &tmp);
	if (st == CS_OK)
		st = point_marks(a, out, &tmp);
	if (st == CS_OK)
		st = copy_bars(a, out, &tmp);
	if (st == CS_OK)
		st = sync_bars(a, out);
	free(tmp.slot_of);
	free(tmp.hr);
	free(tmp.verb);
	if (st == CS_OK)
		st = sort_lanes(out);
	if (st != CS_OK)
		rm_free(out);
	return st;
}

void rm_free(rm_model *m)
{
	for (size_t i = 0; i < m->nmarks; i++)
		free(m->marks[i].title);
	for (size_t i = 0; i < m->nbars; i++)
		free(m->bars[i].title);
	free(m->marks);
	free(m->bars);
	free(m->lanes);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
