/* The alternatives of docs/hypotheses.md H-rev-1, H-rev-8 and H-sch-3 (see
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

/* H-sch-3: the enterprise (Group Policy) roots enumerated before the
 * registry's and the third-party ones. */
static void enterprise_first(cs_schannel_profile *s)
{
	s->root_parts[0] = CS_STORE_ENTERPRISE_ROOT;
	s->root_parts[1] = CS_STORE_ROOT;
	s->root_parts[2] = CS_STORE_AUTHROOT;
}

static const cs_hypothesis table[] = {
    {.id = "as-shipped",
     .title = "the profiles as shipped (H-rev-1: 1 h pin, once per "
              "process; H-rev-8: the base leads; H-sch-3: Root, AuthRoot, "
              "enterprise)"},
    {.id = "H-rev-1/interval",
     .title = "the pin lasts the held copy's publication interval (Next "
              "CRL Publish - ThisUpdate)",
     .revocation = interval_pin},
    {.id = "H-rev-1/each-copy",
     .title = "every base copy is pinned at its renewal",
     .revocation = each_copy},
    {.id = "H-rev-1/until-reboot",
     .title = "the pin is never released",
     .revocation = until_reboot},
    {.id = "H-rev-1/ocsp-backoff",
     .title = "the base is held back only while the OCSP URL is in its "
              "offline back-off",
     .revocation = backoff_gate},
    {.id = "H-rev-8/each-crl",
     .title = "each CRL is renewed on its own Next CRL Publish; no base "
              "answers without its delta",
     .revocation = each_crl},
    {.id = "H-rev-1/2014-model",
     .title = "each CRL on its own schedule, interval pin, every copy (the "
              "earlier model)",
     .revocation = model_2014},
    {.id = "no-defect",
     .title = "no KB 2666300 defect: the fall-over fetches the base",
     .revocation = no_defect},
    {.id = "H-sch-3/enterprise-first",
     .title = "the logical Root store enumerates the enterprise (Group "
              "Policy) roots first",
     .schannel = enterprise_first},
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
                                      cs_revocation_profile *rev,
                                      cs_schannel_profile *sch)
{
	if (!h || (!h->revocation && !h->schannel))
		return p;
	*copy = *p;
	if (h->revocation) {
		*rev = *cs_profile_revocation(p);
		h->revocation(rev);
		copy->revocation = rev;
	}
	if (h->schannel) {
		*sch = *cs_profile_schannel(p);
		h->schannel(sch);
		copy->schannel = sch;
	}
	return copy;
}
