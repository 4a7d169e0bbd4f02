/* Path building (RULES.md 3): issuer lookup by AKI issuer+serial, AKI key
 * id, then subject name, across the additional store and the world stores,
 * then AIA caIssuers; every alternative issuer is tried, the paths are
 * ranked, the best wins (first found on a tie: store order is observable). */
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <string.h>

#include "engine/chain/internal.h"

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

/* Certificates in a caIssuers body: one DER certificate, or a PKCS#7
 * certs-only bundle (.p7c), as cryptnet accepts. */
static void aia_parse(cs_build *b, cs_bytes body, const struct cs_cert *subj,
                      uint32_t kind, candidates *out)
{
	cs_diag d = {0};
	const struct cs_cert *c;
	if (cs_cert_from_der(b->m->pool, body, &c, &d) == CS_OK) {
		if (issuer_matches(subj, c, kind))
			add_candidate(out, c);
		return;
	}
	const unsigned char *p = body.data;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)body.len);
	STACK_OF(X509) *certs =
	    p7 && PKCS7_type_is_signed(p7) ? p7->d.sign->cert : NULL;
	for (int i = 0; i < sk_X509_num(certs); i++) {
		unsigned char *der = NULL;
		int n = i2d_X509(sk_X509_value(certs, i), &der);
		if (n > 0 &&
		    cs_cert_from_der(b->m->pool, (cs_bytes){der, (size_t)n}, &c,
		                     &d) == CS_OK &&
		    issuer_matches(subj, c, kind))
			add_candidate(out, c);
		OPENSSL_free(der);
	}
	PKCS7_free(p7);
}

/* AIA caIssuers retrieval for a missing issuer: the account's URL cache,
 * then the virtual network, within the documented limits. */
static void aia_fetch(cs_build *b, const struct cs_cert *subj, uint32_t kind,
                      candidates *out)
{
	const cs_chain_para *para = b->para;
	cs_world *w = &b->m->w;
	const char *acct = cs_world_account_name(w, para->account);
	cs_urlcache *disk = &w->accounts[para->account].disk_cache;
	size_t nurl = subj->aia_ca_issuers.n;
	if (nurl > b->prof->max_aia_urls_in_cert)
		nurl = b->prof->max_aia_urls_in_cert;
	for (size_t u = 0; u < nurl && out->n == 0; u++) {
		const char *url = subj->aia_ca_issuers.v[u];
		const cs_urlcache_entry *e =
		    cs_urlcache_lookup(disk, url, b->now);
		cs_obs *o = cs_trace_begin(&w->trace, b->now, para->line,
		                           "fetch", acct);
		cs_obs_str(o, "url", url);
		cs_obs_str(o, "purpose", "aia-ca-issuers");
		if (e) {
			cs_obs_rule(o, "chain.aia.url_cache_hit",
			            "RULES.md 3; DOC CertGetCertificateChain");
			aia_parse(b, e->content, subj, kind, out);
			continue;
		}
		if (para->flags & CS_CHAIN_CACHE_ONLY_URL_RETRIEVAL) {
			cs_obs_rule(o, "chain.aia.cache_only",
			            "DOC CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL");
			continue;
		}
		if (b->aia_retrievals >=
		    b->prof->max_aia_retrievals_per_chain) {
			cs_obs_rule(o, "chain.aia.limit_per_chain",
			            "DOC MaxAIAUrlRetrievalCountPerChain");
			continue;
		}
		b->aia_retrievals++;
		cs_net_response r;
		cs_net_request(&w->net, url, b->now, &r);
		if (r.outcome != CS_NET_OK) {
			cs_obs_rule(o, "chain.aia.fetch_failed",
			            "RULES.md 3; DOC CertGetCertificateChain");
			cs_obs_int(o, "outcome", r.outcome);
			cs_obs_int(o, "http_status", r.http_status);
			continue;
		}
		if (b->aia_bytes + r.body.len > b->prof->max_aia_bytes) {
			cs_obs_rule(o, "chain.aia.limit_bytes",
			            "DOC MaxAIAUrlRetrievalByteCount");
			cs_obs_int(o, "bytes", (int64_t)r.body.len);
			continue;
		}
		b->aia_bytes += r.body.len;
		cs_obs_rule(o, "chain.aia.fetched",
		            "RULES.md 3; DOC CertGetCertificateChain");
		cs_obs_int(o, "bytes", (int64_t)r.body.len);
		cs_urlcache_entry put = {
		    .url = (char *)url,
		    .content = r.body,
		    .content_name = r.body_name,
		    .fetched = b->now,
		    .expires = CS_URLCACHE_NEVER, /* H-chain-5 */
		    .last_sync = b->now,
		};
		if (cs_urlcache_put(disk, &put) != CS_OK)
			w->trace.oom = true;
		aia_parse(b, r.body, subj, kind, out);
	}
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
	for (size_t k = 0; aia && k < nk && cs.n == 0; k++) {
		kind = kinds[k];
		aia_fetch(b, c, kind, &cs);
	}
	if (cs.n == 0) {
		/* The attempted match kind stays on the element (certutil
		 * sample: a partial chain's leaf shows KEY_MATCH_ISSUER);
		 * not on Wine 8 (profile column). */
		p->match_info[top] =
		    b->prof->partial_top_has_match_info ? kinds[0] : 0;
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
			/* Wine 8: the repeated certificate found its issuer the
			 * same way as its first occurrence did. */
			for (size_t j = 0;
			     b->prof->cycle_is_endless_path && j + 1 < p->n;
			     j++)
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
