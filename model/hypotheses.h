/* Named alternatives for the HYPOTHESIS columns of the profiles table
 * (docs/hypotheses.md). Each alternative edits a copy of a profile's row;
 * `capisim hypotheses` plays the incident scenarios under each and scores
 * it against the seed observables the scenarios tag (sim/scenario/
 * observables.h). The first entry is the profiles as shipped. Data only:
 * no scenario, host or date appears here. */
#ifndef CAPISIM_MODEL_HYPOTHESES_H
#define CAPISIM_MODEL_HYPOTHESES_H

#include <stddef.h>

#include "model/profile_revocation.h"
#include "model/profile_schannel.h"

typedef struct {
	const char *id;    /* "H-rev-1" (as shipped) or "H-rev-1/interval" */
	const char *title; /* one line: what differs */
	/* Edits a copy of the profile's revocation row; NULL: unchanged. */
	void (*revocation)(cs_revocation_profile *r);
	/* Edits a copy of the profile's Schannel row; NULL: unchanged. */
	void (*schannel)(cs_schannel_profile *s);
} cs_hypothesis;

size_t cs_hypothesis_count(void);
const cs_hypothesis *cs_hypothesis_at(size_t i);         /* NULL past the end */
const cs_hypothesis *cs_hypothesis_find(const char *id); /* NULL: unknown */

/* p with h applied: fills *copy (and *rev, *sch, which copy points at)
 * and returns copy; returns p itself when h changes nothing. */
const cs_profile *cs_hypothesis_apply(const cs_hypothesis *h,
                                      const cs_profile *p, cs_profile *copy,
                                      cs_revocation_profile *rev,
                                      cs_schannel_profile *sch);

#endif
