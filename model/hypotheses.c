/* The alternatives of docs/hypotheses.md H-rev-1 and H-rev-8 (see
 * model/hypotheses.h). */
#include "model/hypotheses.h"

#include <string.h>

static void interval_pin(cs_revocation_profile *r)
{
	r->kb2666300_pin = CS_PIN_INTERVAL;
}

static void each_copy(cs_revocation_profile *r)
{
	r->kb2666300_rearm = CS_PIN_REARM_EACH_COPY;
}

static void until_reboot(cs_revocation_profile *r)
{
	r->kb2666300_pin = CS_PIN_UNTIL_REBOOT;
}

static void backoff_gate(cs_revocation_profile *r)
{
	r->kb2666300_gate = CS_PIN_GATE_OCSP_BACKOFF;
}

static void each_crl(cs_revocation_profile *r)
{
	r->crl_freshness = CS_CRL_FRESHNESS_EACH;
}

/* The model before the seed-fidelity review: each CRL on its own
 * schedule, the pin one publication interval of every copy. */
static void model_2014(cs_revocation_profile *r)
{
	each_crl(r);
	interval_pin(r);
	each_copy(r);
}

static void no_defect(cs_revocation_profile *r)
{
	r->kb2666300_defect = false;
}

static const cs_hypothesis table[] = {
    {"H-rev-1",
     "as shipped: base CRL leads (H-rev-8), 1 h pin, once per "
     "process",
     NULL},
    {"H-rev-1/interval",
     "the pin lasts the held copy's publication "
     "interval (Next CRL Publish - ThisUpdate)",
     interval_pin},
    {"H-rev-1/each-copy", "every base copy is pinned at its renewal",
     each_copy},
    {"H-rev-1/until-reboot", "the pin is never released", until_reboot},
    {"H-rev-1/ocsp-backoff",
     "the base is held back only while the OCSP "
     "URL is in its offline back-off",
     backoff_gate},
    {"H-rev-8/each-crl",
     "each CRL is renewed on its own Next CRL "
     "Publish; no base answers without its delta",
     each_crl},
    {"H-rev-1/2014-model",
     "each CRL on its own schedule, interval pin, "
     "every copy (the earlier model)",
     model_2014},
    {"no-defect", "no KB 2666300 defect: the fall-over fetches the base",
     no_defect},
};

size_t cs_hypothesis_count(void)
{
	return sizeof table / sizeof table[0];
}

const cs_hypothesis *cs_hypothesis_at(size_t i)
{
	return i < cs_hypothesis_count() ? &table[i] : NULL;
}

const cs_hypothesis *cs_hypothesis_find(const char *id)
{
	for (size_t i = 0; i < cs_hypothesis_count(); i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}

const cs_profile *cs_hypothesis_apply(const cs_hypothesis *h,
                                      const cs_profile *p, cs_profile *copy,
                                      cs_revocation_profile *rev)
{
	if (!h || !h->revocation)
		return p;
	*copy = *p;
	*rev = *cs_profile_revocation(p);
	h->revocation(rev);
	copy->revocation = rev;
	return copy;
}
