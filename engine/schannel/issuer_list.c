/* Building, sizing and encoding the trusted-issuer list (issuer_list.h). */
#include "engine/schannel/issuer_list.h"
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What one name adds, and what an empty list weighs, under each rule. */
static size_t name_cost(cs_sch_count_rule rule, size_t len)
{
	return rule == CS_SCH_COUNT_NAMES ? len : 2 + len;
}

static size_t empty_cost(cs_sch_count_rule rule)
{
	return rule == CS_SCH_COUNT_ENCODED_LIST ? 2 : 0;
}

size_t cs_sch_list_size(cs_sch_count_rule rule, const size_t *len, size_t n)
{
	size_t s = empty_cost(rule);
	for (size_t i = 0; i < n; i++)
		s += name_cost(rule, len[i]);
	return s;
}

static bool same_name(const cs_sch_cert *a, const cs_sch_cert *b)
{
	return a->cert->subject_der.len == b->cert->subject_der.len &&
	       memcmp(a->cert->subject_der.data, b->cert->subject_der.data,
	              a->cert->subject_der.len) == 0;
}

/* Dropped for usage or as a duplicate: never counted against the limit. */
static cs_sch_fate screen(const cs_sch_entry *done, size_t n,
                          const cs_sch_cert *c)
{
	if (!cs_sch_cert_client_auth_ok(c))
		return CS_SCH_DROPPED_USAGE;
	for (size_t i = 0; i < n; i++)
		if ((done[i].fate == CS_SCH_KEPT ||
		     done[i].fate == CS_SCH_DROPPED_LIMIT) &&
		    same_name(done[i].cert, c))
			return CS_SCH_DROPPED_DUPLICATE;
	return CS_SCH_KEPT;
}

static cs_status encode(cs_sch_issuer_list *l)
{
	size_t total = 2;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].fate == CS_SCH_KEPT)
			total += 2 + l->v[i].name_len;
	l->wire = cs_malloc(total);
	if (!l->wire)
		return cs_alloc_failed();
	uint8_t *p = l->wire;
	*p++ = (uint8_t)((total - 2) >> 8);
	*p++ = (uint8_t)(total - 2);
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		if (e->fate != CS_SCH_KEPT)
			continue;
		*p++ = (uint8_t)(e->name_len >> 8);
		*p++ = (uint8_t)e->name_len;
		memcpy(p, e->cert->cert->subject_der.data, e->name_len);
		p += e->name_len;
	}
	l->wire_len = total;
	return CS_OK;
}

cs_status cs_sch_issuer_list_build(cs_sch_issuer_list *l,
                                   const cs_sch_candidate *c, size_t n,
                                   size_t limit, cs_sch_count_rule rule)
{
	memset(l, 0, sizeof *l);
	l->rule = rule;
	l->limit = limit ? limit : CS_SCH_TLS_VECTOR_MAX;
	if (n) {
		l->v = cs_calloc(n, sizeof *l->v);
		if (!l->v)
			return cs_alloc_failed();
	}
	size_t all = empty_cost(rule); /* every qualifying name so far */
	size_t wire = 2;               /* kept names, encoded */
	for (size_t i = 0; i < n; i++) {
		cs_sch_entry *e = &l->v[l->n];
		e->cert = c[i].cert;
		e->from = c[i].from;
		e->name_len = c[i].cert->cert->subject_der.len;
		e->fate = screen(l->v, l->n, c[i].cert);
		l->n++;
		if (e->fate != CS_SCH_KEPT) {
			if (e->fate == CS_SCH_DROPPED_USAGE)
				l->dropped_usage++;
			else
				l->dropped_duplicate++;
			continue;
		}
		all += name_cost(rule, e->name_len);
		e->counted = all;
		/* A DistinguishedName is <1..2^16-1>: every real Name fits; the
		 * vector as a whole is capped by TLS whatever the rule. */
		bool fits = !l->truncated && all <= l->limit &&
		            wire + 2 + e->name_len <= 2 + CS_SCH_TLS_VECTOR_MAX;
		if (fits) {
			l->kept++;
			l->counted_len = all;
			wire += 2 + e->name_len;
		} else {
			e->fate = CS_SCH_DROPPED_LIMIT;
			l->truncated = true;
			l->dropped_limit++;
		}
	}
	if (l->kept == 0)
		l->counted_len = empty_cost(rule);
	l->full_counted_len = all;
	cs_status st = encode(l);
	if (st != CS_OK)
		cs_sch_issuer_list_free(l);
	return st;
}

void cs_sch_issuer_list_free(cs_sch_issuer_list *l)
{
	if (!l)
		return;
	free(l->v);
	free(l->wire);
	memset(l, 0, sizeof *l);
}

static bool find(const cs_sch_issuer_list *l, const uint8_t *name, size_t len,
                 bool with_dropped)
{
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		bool in = e->fate == CS_SCH_KEPT ||
		          (with_dropped && e->fate == CS_SCH_DROPPED_LIMIT);
		if (in && e->name_len == len &&
		    memcmp(e->cert->cert->subject_der.data, name, len) == 0)
			return true;
	}
	return false;
}

bool cs_sch_issuer_list_has(const cs_sch_issuer_list *l, const uint8_t *name,
                            size_t len)
{
	return find(l, name, len, false);
}

bool cs_sch_issuer_list_qualifies(const cs_sch_issuer_list *l,
                                  const uint8_t *name, size_t len)
{
	return find(l, name, len, true);
}

const char *cs_sch_fate_name(cs_sch_fate f)
{
	switch (f) {
	case CS_SCH_KEPT:
		return "sent";
	case CS_SCH_DROPPED_USAGE:
		return "dropped-usage";
	case CS_SCH_DROPPED_DUPLICATE:
		return "dropped-duplicate";
	case CS_SCH_DROPPED_LIMIT:
		return "dropped-limit";
	}
	return "?";
}

static const char *const rule_names[] = {
    [CS_SCH_COUNT_ENCODED_LIST] = "encoded-list",
    [CS_SCH_COUNT_PREFIXED] = "prefixed",
    [CS_SCH_COUNT_NAMES] = "names",
};

const char *cs_sch_count_rule_name(cs_sch_count_rule r)
{
	return r <= CS_SCH_COUNT_NAMES ? rule_names[r] : "?";
}

bool cs_sch_count_rule_from_name(const char *s, cs_sch_count_rule *out)
{
	for (unsigned i = 0; i <= CS_SCH_COUNT_NAMES; i++)
		if (strcasecmp(s, rule_names[i]) == 0) {
			*out = (cs_sch_count_rule)i;
			return true;
		}
	return false;
}

const char *cs_sch_from_name(unsigned from)
{
	return from < CS_STORE_COUNT ? cs_store_name((cs_store_id)from) : "app";
}
