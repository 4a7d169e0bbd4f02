/* The trusted-issuer list of a Schannel server: the CA names it sends in
 * the TLS CertificateRequest (RULES.md 8, EVIDENCE.md B).
 *
 * Input: candidate certificates in the order Schannel enumerates its source
 * store. Each is kept, or dropped with a reason: not trusted for client
 * authentication, a name already in the list, or past the size limit. The
 * limit truncates: the list is the longest prefix of qualifying names whose
 * size, counted by the profile's rule, is at most the limit - the first name
 * that does not fit and every name after it are dropped (KB 2801679: "truncates
 * the list"). The wire form is TLS 1.2's certificate_authorities vector
 * (RFC 5246 7.4.4): a 2-byte length, then each DistinguishedName as a 2-byte
 * length and the DER Name. */
#ifndef CAPISIM_ENGINE_SCHANNEL_ISSUER_LIST_H
#define CAPISIM_ENGINE_SCHANNEL_ISSUER_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capisim/status.h"
#include "engine/schannel/store_cert.h"
#include "model/profile_schannel.h"
#include "model/store.h"

/* The TLS vector's own ceiling: certificate_authorities<0..2^16-1>. */
#define CS_SCH_TLS_VECTOR_MAX 65535u

typedef enum {
	CS_SCH_KEPT,
	CS_SCH_DROPPED_USAGE,     /* not trusted for client authentication */
	CS_SCH_DROPPED_DUPLICATE, /* the same name is already in the list */
	CS_SCH_DROPPED_LIMIT,     /* past the size limit (truncated) */
} cs_sch_fate;

/* Where a candidate came from: a machine store, or the application's own
 * store (SCHANNEL_CRED hRootStore / the site's store on 2012+). */
#define CS_SCH_FROM_APP CS_STORE_COUNT

typedef struct {
	const cs_sch_cert *cert; /* borrowed */
	unsigned from;           /* cs_store_id, or CS_SCH_FROM_APP */
} cs_sch_candidate;

typedef struct {
	const cs_sch_cert *cert;
	unsigned from;
	cs_sch_fate fate;
	size_t name_len; /* DER Name */
	size_t counted;  /* running size after this name (kept ones and
	                    the one that crossed the limit), by the rule */
} cs_sch_entry;

typedef struct {
	cs_sch_entry *v;
	size_t n;
	size_t kept, dropped_usage, dropped_duplicate, dropped_limit;
	size_t limit; /* effective: the profile's, or 65535 */
	cs_sch_count_rule rule;
	size_t counted_len; /* size of the kept list, by the rule */
	size_t
	    full_counted_len; /* size had nothing been dropped for the limit */
	bool truncated;       /* some name was dropped for the limit */
	uint8_t *wire;        /* certificate_authorities, owned */
	size_t wire_len;      /* 2 + sum(2 + l_i) of the kept names */
} cs_sch_issuer_list;

/* Size of a list of names with lengths len[0..n) as rule counts it. */
size_t cs_sch_list_size(cs_sch_count_rule rule, const size_t *len, size_t n);

/* Build the list from candidates in enumeration order. limit 0 = only the
 * TLS ceiling. *out is the caller's; free with cs_sch_issuer_list_free. */
CS_MUST_USE cs_status cs_sch_issuer_list_build(cs_sch_issuer_list *out,
                                               const cs_sch_candidate *c,
                                               size_t n, size_t limit,
                                               cs_sch_count_rule rule);
void cs_sch_issuer_list_free(cs_sch_issuer_list *l); /* NULL-safe */

/* True when some kept name equals cert's subject name. */
bool cs_sch_issuer_list_has(const cs_sch_issuer_list *l, const uint8_t *name,
                            size_t len);
/* Same, over every name that qualified (kept or dropped for the limit). */
bool cs_sch_issuer_list_qualifies(const cs_sch_issuer_list *l,
                                  const uint8_t *name, size_t len);

const char *cs_sch_fate_name(cs_sch_fate f); /* "sent", "dropped-limit", .. */
const char *cs_sch_count_rule_name(cs_sch_count_rule r);
/* "encoded-list", "prefixed", "names"; false when unknown. */
bool cs_sch_count_rule_from_name(const char *s, cs_sch_count_rule *out);
const char *cs_sch_from_name(unsigned from); /* "Root", .., "app" */

#endif
