/* The field-by-field listing of `capisim reproduce` (reproduce.h). Fields
 * and their comparison are the trace diff's (compare/diff.h); the rule
 * behind a difference is read from the model's own trace - the rule ids its
 * observations carry, in the words of `capisim explain`
 * (cs_rule_sentence, render/explain_model.h). */
#include <stdlib.h>
#include <string.h>

#include "api/reproduce.h"
#include "compare/diff.h"
#include "engine/chain/chain.h"
#include "render/explain_model.h"

/* Revocation bits of a trust status word (CERT_TRUST_IS_REVOKED,
 * _IS_OFFLINE_REVOCATION, _REVOCATION_STATUS_UNKNOWN): the revocation
 * area's, not the chain builder's. */
#define REVOCATION_BITS 0x01000044u
#define TIME_BITS       0x00000001u

typedef struct {
	FILE *out;
	json_t *paste, *model, *trace;
	unsigned agreed, differed;
} rep;

static bool hex_of(json_t *v, uint32_t *out)
{
	const char *s = json_string_value(v);
	if (!s || strncmp(s, "0x", 2) != 0)
		return false;
	char *end;
	*out = (uint32_t)strtoul(s + 2, &end, 16);
	return !*end;
}

/* "elements[3]" in path: 3; -1 when the path is not an element's. */
static long element_of(const char *path)
{
	const char *p = strstr(path, "elements[");
	return p ? strtol(p + 9, NULL, 10) : -1;
}

static void bits(FILE *out, const char *side, uint32_t v, bool info)
{
	if (!v)
		return;
	fprintf(out, "        only in the %s:", side);
	const char *sep = " ";
	for (uint32_t b = 1; b; b <<= 1)
		if (v & b) {
			const char *n = cs_trust_bit_name(b, info);
			if (n)
				fprintf(out, "%s%s", sep, n);
			else
				fprintf(out, "%s0x%x", sep, b);
			sep = ", ";
		}
	fputc('\n', out);
}

/* One "rule ID: sentence" line for a model observation. */
static void rule_line(rep *r, json_t *o)
{
	const char *id = json_string_value(json_object_get(o, "rule"));
	if (!id)
		return;
	char buf[512];
	fprintf(r->out, "        rule %s", id);
	if (cs_rule_sentence(o, buf, sizeof buf))
		fprintf(r->out, ": %s", buf);
	fputc('\n', r->out);
}

/* The revocation checks of the certificate subject and the retrievals
 * each made (the fetch observations recorded since the check before it),
 * one line per distinct rule sentence. */
static unsigned revocation_rules(rep *r, const char *subject)
{
	unsigned n = 0;
	size_t start = 0, i;
	json_t *o, *seen = json_object();
	char buf[512];
	json_array_foreach(r->trace, i, o)
	{
		const char *k = json_string_value(json_object_get(o, "kind"));
		const char *s =
		    json_string_value(json_object_get(o, "subject"));
		if (!k || strcmp(k, "revocation") != 0)
			continue;
		if (s && subject && strcmp(s, subject) == 0)
			for (size_t j = start; j <= i; j++) {
				json_t *x = json_array_get(r->trace, j);
				const char *xk = json_string_value(
				    json_object_get(x, "kind"));
				const char *id = json_string_value(
				    json_object_get(x, "rule"));
				if (!xk || !id ||
				    (strcmp(xk, "fetch") != 0 &&
				     strcmp(xk, "revocation") != 0))
					continue;
				if (!cs_rule_sentence(x, buf, sizeof buf))
					snprintf(buf, sizeof buf, "%s", id);
				if (json_object_get(seen, buf))
					continue;
				json_object_set_new(seen, buf, json_true());
				rule_line(r, x);
				n++;
			}
		start = i + 1;
	}
	json_decref(seen);
	return n;
}

/* The issuer downloads of the build (rules chain.aia.*). */
static void aia_rules(rep *r)
{
	size_t i;
	json_t *o;
	json_array_foreach(r->trace, i, o)
	{
		const char *id = json_string_value(json_object_get(o, "rule"));
		if (id && strncmp(id, "chain.aia.", 10) == 0)
			rule_line(r, o);
	}
}

static json_t *model_obs(rep *r, const char *kind)
{
	json_t *last = NULL, *o;
	size_t i;
	json_array_foreach(r->trace, i, o)
	{
		const char *k = json_string_value(json_object_get(o, "kind"));
		if (k && strcmp(k, kind) == 0)
			last = o;
	}
	return last;
}

/* Why a status word differs: the bits, then the rules that set or would
 * have set them - revocation bits come from the revocation checks (and
 * the retrievals behind them), the others from the chain builder. */
static void explain_status(rep *r, const char *path, json_t *pv, json_t *mv)
{
	uint32_t p, m;
	if (!hex_of(pv, &p) || !hex_of(mv, &m))
		return;
	bool info = strstr(path, "info_status") != NULL;
	bits(r->out, "paste", p & ~m, info);
	bits(r->out, "model", m & ~p, info);
	uint32_t d = p ^ m;
	long el = element_of(path);
	if (el < 0) { /* the chain's words: the elements' below say why */
		if (d & ~(REVOCATION_BITS | TIME_BITS)) {
			json_t *c = model_obs(r, "chain");
			if (c)
				rule_line(r, c);
		}
		return;
	}
	if (!info && (d & REVOCATION_BITS)) {
		json_t *chain = json_object_get(r->model, "chain");
		json_t *e = json_array_get(json_object_get(chain, "elements"),
		                           (size_t)el);
		const char *subj =
		    json_string_value(json_object_get(e, "subject"));
		unsigned n = revocation_rules(r, subj);
		if (!n)
			fprintf(r->out,
			        "        rule revocation: the model checked no "
			        "revocation for it (ChainFlags, or no "
			        "CDP/OCSP URL)\n");
	}
	if (!info && (d & TIME_BITS)) {
		json_t *c = model_obs(r, "chain");
		fprintf(r->out,
		        "        rule chain.build: validity at the verify "
		        "time %s (--at to choose another)\n",
		        c ? json_string_value(json_object_get(c, "verify_time"))
		          : "?");
	}
	if (info || (d & ~(REVOCATION_BITS | TIME_BITS))) {
		json_t *c = model_obs(r, "chain");
		if (c)
			rule_line(r, c);
	}
}

static void field(void *ctx, const char *path, json_t *pv, json_t *mv,
                  bool same)
{
	rep *r = ctx;
	if (same) {
		fprintf(r->out, "agree   %-40s ", path);
		cmp_print_value(r->out, pv);
		fputc('\n', r->out);
		r->agreed++;
		return;
	}
	r->differed++;
	fprintf(r->out, "differ  %-40s paste ", path);
	cmp_print_value(r->out, pv);
	fputs(", model ", r->out);
	cmp_print_value(r->out, mv);
	fputc('\n', r->out);
	if (strstr(path, "_status"))
		explain_status(r, path, pv, mv);
	else if (strncmp(path, "policy.", 7) == 0) {
		json_t *p = model_obs(r, "policy");
		if (p)
			rule_line(r, p);
	} else if (strstr(path, "elements") || strncmp(path, "chain", 5) == 0) {
		json_t *c = model_obs(r, "chain");
		if (c)
			rule_line(r, c);
		aia_rules(r);
	} else {
		fprintf(r->out, "        input: what the paste's certutil "
		                "call asked for\n");
	}
}

unsigned repro_report(FILE *out, json_t *paste, json_t *model, json_t *trace,
                      unsigned *agreed)
{
	rep r = {.out = out, .paste = paste, .model = model, .trace = trace};
	(void)cmp_each_field(paste, model, field, &r);
	*agreed = r.agreed;
	return r.differed;
}
