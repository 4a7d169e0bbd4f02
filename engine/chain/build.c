/* Path building (RULES.md 3): issuer lookup by AKI issuer+serial, AKI key
 * id, then subject name, across the additional store and the world stores,
 * then AIA caIssuers; every alternative issuer is tried, the paths are
 * ranked, the best wins (first found on a tie: store order is observable). */
#include <string.h>

#include "model/error.h"
#include "pki/fetched.h"

#include "engine/chain/internal.h"
#include "engine/cryptnet/retrieve.h"

/* Alternatives tried per certificate and complete paths evaluated per
 * build: cross-certified PKIs have 2-3 issuers per name; 64 paths bound the
 * work a hostile store can cause. */
#define MAX_ISSUERS_PER_CERT 8
#define MAX_PATHS            64

bool cs_chain_in_stores(const struct cs_cert *c, const cs_store *const *s,
                        size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cs_store_contains(s[i], c))
			return true;
	return false;
}

static bool bytes_eq(cs_bytes a, cs_bytes b)
{
	return a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

typedef struct {
	const struct cs_cert *c[MAX_ISSUERS_PER_CERT];
	size_t n;
} candidates;

static void add_candidate(candidates *cs, const struct cs_cert *c)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->c[i] == c)
			return;
	if (cs->n < MAX_ISSUERS_PER_CERT)
		cs->c[cs->n++] = c;
}

static bool issuer_matches(const struct cs_cert *subj,
                           const struct cs_cert *cand, uint32_t kind)
{
	switch (kind) {
	case CS_TRUST_HAS_EXACT_MATCH_ISSUER:
		return bytes_eq(cand->subject_der, subj->aki_issuer) &&
		       bytes_eq(cand->serial, subj->aki_serial);
	case CS_TRUST_HAS_KEY_MATCH_ISSUER:
		return bytes_eq(cand->ski, subj->aki_keyid);
	default:
		return cs_cert_name_matches_issuer(subj, cand);
	}
}

static void search_stores(const cs_build *b, const struct cs_cert *subj,
                          uint32_t kind, candidates *out)
{
	for (size_t s = 0; s < b->nworld; s++)
		for (size_t i = 0; i < b->world[s]->n; i++) {
			const struct cs_cert *c = b->world[s]->certs[i];
			if (c != subj && issuer_matches(subj, c, kind))
				add_candidate(out, c);
		}
}

/* The lookup kinds in order (RULES.md 3). */
static size_t lookup_kinds(const cs_build *b, const struct cs_cert *subj,
                           uint32_t kinds[3])
{
	size_t n = 0;
	if (subj->aki_issuer.len && subj->aki_serial.len)
		kinds[n++] = CS_TRUST_HAS_EXACT_MATCH_ISSUER;
	else if (subj->aki_keyid.len)
		kinds[n++] = CS_TRUST_HAS_KEY_MATCH_ISSUER;
	if (n == 0 || b->prof->aki_falls_back_to_name)
		kinds[n++] = CS_TRUST_HAS_NAME_MATCH_ISSUER;
	return n;
}

typedef struct {
	const struct cs_cert *subj;
	uint32_t kind;
	candidates *out;
} aia_bundle;

static void bundle_cert(const struct cs_cert *c, void *arg)
{
	aia_bundle *ab = arg;
	if (issuer_matches(ab->subj, c, ab->kind))
		add_candidate(ab->out, c);
}

/* Certificates in a caIssuers body: one DER certificate, or a PKCS#7
 * certs-only bundle (.p7c), as cryptnet accepts. */
static cs_status aia_parse(cs_build *b, cs_bytes body,
                           const struct cs_cert *subj, uint32_t kind,
                           candidates *out)
{
	cs_diag d = {0};
	const struct cs_cert *c;
	cs_status st = cs_cert_from_der(b->m->pool, body, &c, &d);
	CS_FORWARD_FAILURE(st); /* the machine's failure, not the body's */
	if (st == CS_OK) {
		if (issuer_matches(subj, c, kind))
			add_candidate(out, c);
		return CS_OK;
	}
	aia_bundle ab = {subj, kind, out};
	return cs_fetched_p7_certs(b->m->pool, body, bundle_cert, &ab);
}

/* One caIssuers URL through cryptnet (engine/cryptnet/retrieve.h: memory
 * and disk URL cache, timeouts, offline back-off, one fetch observation,
 * CAPI2 events 50-53), within the chain's AIA limits (RULES.md 3). A URL is
 * retrieved once per build (H-chain-5): another path reaching it reuses the
 * answer. *body stays empty when nothing usable came back. */
static cs_status aia_retrieve(cs_build *b, const char *url, cs_bytes *body)
{
	*body = (cs_bytes){NULL, 0};
	for (size_t i = 0; i < b->naia_seen; i++)
		if (strcmp(b->aia_seen[i].url, url) == 0) {
			*body = b->aia_seen[i].body;
			return CS_OK;
		}
	const cs_chain_para *para = b->para;
	cs_cryptnet_budget budget;
	cs_cryptnet_budget_init(&budget, b->m, false);
	/* dwUrlRetrievalTimeout applies to every URL the call retrieves
	 * (DOC CERT_CHAIN_PARA). */
	if (para->url_retrieval_timeout_ms)
		budget.url_timeout = (int64_t)para->url_retrieval_timeout_ms *
		                     (CS_TICKS_PER_SEC / 1000);
	cs_cryptnet_request req = {
	    .budget = &budget,
	    .expires = CS_URLCACHE_NEVER, /* H-chain-5 */
	    /* MaxAIAUrlRetrievalByteCount is the retrieval's
	     * dwMaxUrlRetrievalByteCount (DOC CRYPT_RETRIEVE_AUX_INFO): a
	     * limit per URL. */
	    .max_bytes = b->prof->max_aia_bytes,
	    .purpose = "aia",
	};
	if (para->short_lived_process)
		req.flags |=
		    CS_RETRIEVE_FRESH_PROCESS | CS_RETRIEVE_IGNORE_BACKOFF;
	bool limited =
	    b->aia_retrievals >= b->prof->max_aia_retrievals_per_chain;
	if ((para->flags & CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL) || limited)
		req.flags |= CS_RETRIEVE_CACHE_ONLY;
	cs_cryptnet_result r;
	CS_GUARD(cs_cryptnet_retrieve(b->m, para->account, url, CS_OBJ_CERT,
	                              &req, &r));
	if (r.from == CS_FROM_WIRE)
		b->aia_retrievals++;
	if (limited && !(para->flags & CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL) &&
	    r.outcome == CS_FETCH_NOT_CACHED) {
		/* The wire was withheld by the chain, not by the caller. */
		cs_world *w = &b->m->w;
		cs_obs *o =
		    cs_trace_begin(&w->trace, b->now, "note",
		                   cs_world_account_name(w, para->account));
		cs_obs_rule(o, CS_RULE_CHAIN_AIA_LIMIT_PER_CHAIN);
		cs_obs_str(o, "url", url);
		cs_obs_int(o, "retrievals", b->aia_retrievals);
	}
	if (r.outcome == CS_FETCH_OK)
		*body = r.body;
	if (b->naia_seen < CS_CHAIN_MAX_AIA_SEEN)
		b->aia_seen[b->naia_seen++] =
		    (cs_aia_seen){.url = url, .body = *body};
	return CS_OK;
}

/* AIA caIssuers for a certificate whose issuer no store holds: its first
 * MaxAIAUrlCountInCert URLs in order, each body matched by the lookup kinds
 * in order, until one gives candidates; *kind is the kind that matched. */
static cs_status aia_search(cs_build *b, const struct cs_cert *subj,
                            const uint32_t *kinds, size_t nk, candidates *out,
                            uint32_t *kind)
{
	size_t nurl = subj->aia_ca_issuers.n;
	if (nurl > b->prof->max_aia_urls_in_cert)
		nurl = b->prof->max_aia_urls_in_cert;
	for (size_t u = 0; u < nurl && out->n == 0; u++) {
		cs_bytes body;
		CS_GUARD(aia_retrieve(b, subj->aia_ca_issuers.v[u], &body));
		for (size_t k = 0; body.len && k < nk && out->n == 0; k++) {
			*kind = kinds[k];
			CS_GUARD(aia_parse(b, body, subj, kinds[k], out));
		}
	}
	return CS_OK;
}

typedef struct {
	cs_build *b;
	cs_path best;
	uint32_t best_quality;
	bool have_best;
	unsigned paths;
	cs_chain_context *scratch, *out;
	cs_status st;
} search;

static void consider(search *s, const cs_path *p)
{
	s->paths++;
	cs_status st = cs_chain_check(s->b, p, s->scratch);
	if (st != CS_OK) {
		s->st = st;
		return;
	}
	uint32_t q = cs_chain_quality(s->scratch);
	if (s->have_best && q <= s->best_quality)
		return;
	s->best = *p;
	s->best_quality = q;
	s->have_best = true;
	cs_chain_context t = *s->out; /* swap the checked elements in */
	*s->out = *s->scratch;
	*s->scratch = t;
}

#define QUALITY_HIGHEST 31u

static bool done(const search *s)
{
	return s->st != CS_OK || s->paths >= MAX_PATHS ||
	       (s->have_best && s->best_quality == QUALITY_HIGHEST);
}

static void extend(search *s, cs_path *p)
{
	cs_build *b = s->b;
	size_t top = p->n - 1;
	const struct cs_cert *c = p->certs[top];
	if (c->self_issued || p->n == CS_CHAIN_MAX_DEPTH) {
		p->partial = !c->self_issued;
		consider(s, p);
		p->partial = false;
		return;
	}
	uint32_t kinds[3];
	size_t nk = lookup_kinds(b, c, kinds);
	candidates cs = {.n = 0};
	uint32_t kind = kinds[0];
	for (size_t k = 0; k < nk && cs.n == 0; k++) {
		kind = kinds[k];
		search_stores(b, c, kind, &cs);
	}
	bool aia =
	    b->prof->aia_retrieval && !(b->para->flags & CS_CHAIN_DISABLE_AIA);
	if (aia && cs.n == 0 &&
	    (s->st = aia_search(b, c, kinds, nk, &cs, &kind)) != CS_OK)
		return;
	if (cs.n == 0) {
		/* What the failed lookup leaves on the element: the kind
		 * tried first on Windows (certutil sample: KEY_MATCH on a
		 * leaf with an AKI key id), the name match of a certificate
		 * without AKI only on Wine 8 (profile column). */
		bool by_name = kinds[0] == CS_TRUST_HAS_NAME_MATCH_ISSUER;
		p->match_info[top] = b->prof->partial_top_match_info ==
		                                 CS_PARTIAL_TOP_ATTEMPTED ||
		                             by_name
		                         ? kinds[0]
		                         : 0;
		p->partial = true;
		consider(s, p);
		p->partial = false;
		p->match_info[top] = 0;
		return;
	}
	for (size_t i = 0; i < cs.n && !done(s); i++) {
		bool seen = false;
		for (size_t j = 0; j < p->n; j++)
			seen |= p->certs[j] == cs.c[i];
		p->match_info[top] = kind;
		p->certs[p->n] = cs.c[i];
		p->match_info[p->n] = 0;
		p->n++;
		if (seen) {
			/* The repeated certificate found its issuer the same
			 * way as its first occurrence did (WINETEST chain.c
			 * chainCheck[9]: 0x4 on the repeated top; Wine 8 the
			 * same, docs/compare.md finding 2). */
			for (size_t j = 0; j + 1 < p->n; j++)
				if (p->certs[j] == cs.c[i])
					p->match_info[p->n - 1] =
					    p->match_info[j];
			p->cyclic = true;
			consider(s, p);
			p->cyclic = false;
			p->match_info[p->n - 1] = 0;
		} else {
			extend(s, p);
		}
		p->n--;
	}
	p->match_info[top] = 0;
}

cs_status cs_chain_find_path(cs_build *b, cs_path *best,
                             cs_chain_context *scratch, cs_chain_context *out)
{
	search s = {.b = b, .scratch = scratch, .out = out, .st = CS_OK};
	cs_path p = {.n = 1};
	p.certs[0] = b->para->leaf;
	extend(&s, &p);
	if (s.st != CS_OK)
		return s.st;
	*best = s.best;
	return CS_OK;
}
