/* Fleet distributions and the per-machine PRNG (see fleet.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fleet/fleet.h"

/* splitmix64 (Steele, Lea, Flood 2014): the increment and the two
 * multipliers are the published constants. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

uint64_t cs_fleet_below(uint64_t *state, uint64_t n)
{
	/* Reject the low values that would make r % n favour small results. */
	uint64_t threshold = (0 - n) % n;
	for (;;) {
		uint64_t r = splitmix64(state);
		if (r >= threshold)
			return r % n;
	}
}

static cs_status fail(cs_diag *d, size_t col, const char *msg)
{
	cs_diag_set(d, NULL, 0, (unsigned)col, "%s", msg);
	return CS_ERR_SYNTAX;
}

/* Parse a duration in [p, p+n); false when it is not one. */
static bool duration(const char *p, size_t n, int64_t *out)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	size_t col;
	const char *why;
	return cs_duration_parse(buf, out, &col, &why) == CS_OK;
}

/* The largest of w d h m s dividing both a and b (ticks if none). */
static int64_t common_unit(int64_t a, int64_t b)
{
	static const int64_t units[] = {
	    7 * 86400 * CS_TICKS_PER_SEC, 86400 * CS_TICKS_PER_SEC,
	    3600 * CS_TICKS_PER_SEC, 60 * CS_TICKS_PER_SEC, CS_TICKS_PER_SEC};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (a % units[i] == 0 && b % units[i] == 0)
			return units[i];
	return 1;
}

static cs_status parse_start(cs_fleet_vary *v, const char *args, size_t base,
                             cs_diag *d)
{
	const char *comma = strchr(args, ',');
	const char *close = strrchr(args, ')');
	if (!comma || !close || close[1])
		return fail(d, base,
		            "expected uniform(MIN,MAX) with durations, "
		            "e.g. uniform(0s,7d)");
	bool zero = comma - args == 1 && args[0] == '0'; /* uniform(0,7d) */
	if (zero)
		v->start_lo = 0;
	else if (!duration(args, (size_t)(comma - args), &v->start_lo))
		return fail(d, base, "expected a duration (e.g. 0s, 12h, 7d)");
	if (!duration(comma + 1, (size_t)(close - comma - 1), &v->start_hi))
		return fail(d, base + (size_t)(comma + 1 - args),
		            "expected a duration (e.g. 7d)");
	if (v->start_lo < 0 || v->start_hi <= v->start_lo)
		return fail(d, base, "uniform(MIN,MAX) needs 0 <= MIN < MAX");
	v->has_start = true;
	return CS_OK;
}

/* every(MIN..MAX) or random(MIN..MAX); the caller has checked which. */
static cs_status parse_reboot(cs_fleet_vary *v, const char *args, size_t base,
                              cs_diag *d)
{
	const char *dots = strstr(args, "..");
	const char *close = strrchr(args, ')');
	if (!dots || !close || close[1])
		return fail(d, base,
		            "expected every(MIN..MAX) or random(MIN..MAX) with "
		            "durations, e.g. every(1d..14d)");
	if (!duration(args, (size_t)(dots - args), &v->reboot_lo))
		return fail(d, base, "expected a duration (e.g. 1d)");
	if (!duration(dots + 2, (size_t)(close - dots - 2), &v->reboot_hi))
		return fail(d, base + (size_t)(dots + 2 - args),
		            "expected a duration (e.g. 14d)");
	if (v->reboot_lo < 60 * CS_TICKS_PER_SEC || v->reboot_hi < v->reboot_lo)
		return fail(d, base, "(MIN..MAX) needs 1m <= MIN <= MAX");
	v->reboot_unit = common_unit(v->reboot_lo, v->reboot_hi);
	v->has_reboot = true;
	return CS_OK;
}

static cs_status parse_reboot_random(cs_fleet_vary *v, const char *args,
                                     size_t base, cs_diag *d)
{
	cs_status st = parse_reboot(v, args, base, d);
	v->reboot_random = st == CS_OK;
	return st;
}

/* A profile name in [p, p+n), or NULL (d says why). */
static const cs_profile *profile_named(const char *p, size_t n, size_t col,
                                       cs_diag *d)
{
	char name[64];
	if (n == 0 || n >= sizeof name) {
		(void)fail(d, col, "expected a profile name");
		return NULL;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	char err[CS_PROFILE_ERR];
	const cs_profile *pr = cs_profile_parse(name, err);
	if (!pr)
		cs_diag_set(d, NULL, 0, (unsigned)col, "%s", err);
	return pr;
}

/* FROM>TO[,FROM>TO...]@uniform(MIN,MAX): args starts after "patch=". */
static cs_status parse_patch(cs_fleet_vary *v, const char *args, size_t base,
                             cs_diag *d)
{
	const char *at = strchr(args, '@');
	if (!at)
		return fail(d, base,
		            "expected FROM>TO[,FROM>TO...]@uniform(MIN,MAX), "
		            "e.g. win7-sp1>win7-sp1-kb2666300@uniform(7d,21d)");
	v->npatch = 0;
	for (const char *p = args; p < at;) {
		size_t col = base + (size_t)(p - args);
		const char *gt = memchr(p, '>', (size_t)(at - p));
		if (!gt)
			return fail(d, col, "expected FROM>TO");
		const char *end = memchr(gt, ',', (size_t)(at - gt));
		if (!end)
			end = at;
		const cs_profile *from =
		    profile_named(p, (size_t)(gt - p), col, d);
		if (!from)
			return CS_ERR_SYNTAX;
		const cs_profile *to =
		    profile_named(gt + 1, (size_t)(end - gt - 1),
		                  base + (size_t)(gt + 1 - args), d);
		if (!to)
			return CS_ERR_SYNTAX;
		for (size_t i = 0; i < v->npatch; i++)
			if (v->patch_from[i] == from)
				return fail(d, col,
				            "this profile is already "
				            "patched");
		if (from == to)
			return fail(d, col, "FROM and TO are the same profile");
		v->patch_from[v->npatch] = from;
		v->patch_to[v->npatch++] = to;
		p = end < at ? end + 1 : at;
	}
	if (v->npatch == 0)
		return fail(d, base, "expected FROM>TO before '@'");
	static const char fn[] = "uniform(";
	size_t ucol = base + (size_t)(at + 1 - args);
	if (strncmp(at + 1, fn, sizeof fn - 1) != 0)
		return fail(d, ucol, "expected uniform(MIN,MAX) after '@'");
	cs_fleet_vary w;
	memset(&w, 0, sizeof w);
	cs_status st = parse_start(&w, at + sizeof fn, ucol + sizeof fn - 1, d);
	if (st != CS_OK)
		return st;
	v->patch_lo = w.start_lo;
	v->patch_hi = w.start_hi;
	v->has_patch = true;
	return CS_OK;
}

static cs_status parse_mix(cs_fleet_vary *v, const char *args, size_t base,
                           cs_diag *d)
{
	const char *p = args;
	v->nmix = 0;
	v->weight_total = 0;
	for (;;) {
		size_t col = base + (size_t)(p - args);
		const char *colon = strchr(p, ':');
		if (!colon || colon == p)
			return fail(d, col, "expected PROFILE:WEIGHT");
		const cs_profile *pr =
		    profile_named(p, (size_t)(colon - p), col, d);
		if (!pr)
			return CS_ERR_SYNTAX;
		char *end = NULL;
		unsigned long w = strtoul(colon + 1, &end, 10);
		if (end == colon + 1 || w == 0 || w > 1000000 ||
		    (*end != ',' && *end != ')'))
			return fail(d, base + (size_t)(colon + 1 - args),
			            "expected a weight 1..1000000");
		if (v->nmix == CS_PROFILE_COUNT)
			return fail(d, col, "too many profiles");
		v->mix[v->nmix] = pr;
		v->weight[v->nmix++] = (unsigned)w;
		v->weight_total += (unsigned)w;
		if (*end == ')') {
			if (end[1])
				return fail(d, base + (size_t)(end + 1 - args),
				            "unexpected text after ')'");
			return CS_OK;
		}
		p = end + 1;
	}
}

cs_status cs_fleet_vary_add(cs_fleet_vary *v, const char *spec, cs_diag *d)
{
	static const struct {
		const char *key, *fn;
		cs_status (*parse)(cs_fleet_vary *, const char *, size_t,
		                   cs_diag *);
	} kinds[] = {
	    {"start", "uniform(", parse_start},
	    {"reboot", "every(", parse_reboot},
	    {"reboot", "random(", parse_reboot_random},
	    {"profile", "mix(", parse_mix},
	    {"patch", "", parse_patch},
	};
	static const char expected[] =
	    "expected start=uniform(MIN,MAX), reboot=every(MIN..MAX), "
	    "reboot=random(MIN..MAX), profile=mix(NAME:WEIGHT,...) or "
	    "patch=FROM>TO@uniform(MIN,MAX)";
	if (strlen(spec) >= CS_FLEET_SPEC_MAX)
		return fail(d, 1, "spec too long");
	const char *eq = strchr(spec, '=');
	if (!eq)
		return fail(d, 1, expected);
	size_t klen = (size_t)(eq - spec);
	bool known_key = false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strlen(kinds[i].key) != klen ||
		    strncmp(spec, kinds[i].key, klen) != 0)
			continue;
		known_key = true;
		size_t flen = strlen(kinds[i].fn);
		if (strncmp(eq + 1, kinds[i].fn, flen) != 0)
			continue;
		for (size_t k = 0; k < v->nspecs; k++)
			if (strncmp(v->specs[k], spec, klen + 1) == 0)
				return fail(d, 1,
				            "this parameter is already "
				            "varied");
		size_t base = klen + 1 + flen + 1;
		cs_status st = kinds[i].parse(v, eq + 1 + flen, base, d);
		if (st == CS_OK)
			snprintf(v->specs[v->nspecs++], CS_FLEET_SPEC_MAX, "%s",
			         spec);
		return st;
	}
	if (known_key)
		return fail(d, klen + 2,
		            spec[0] == 's' ? "expected uniform(..)"
		            : spec[0] == 'r'
		                ? "expected every(..) or random(..)"
		                : "expected mix(..)");
	return fail(d, 1, expected);
}

bool cs_fleet_vary_griddable(const cs_fleet_vary *v)
{
	return !v->reboot_random && !v->has_patch;
}

size_t cs_fleet_grid_size(const cs_fleet_vary *v, int64_t quantum, size_t n[3])
{
	n[0] = v->nmix ? v->nmix : 1;
	n[1] =
	    v->has_start
	        ? (size_t)((v->start_hi - v->start_lo + quantum - 1) / quantum)
	        : 1;
	n[2] =
	    v->has_reboot
	        ? (size_t)((v->reboot_hi - v->reboot_lo) / v->reboot_unit) + 1
	        : 1;
	return n[0] * n[1] * n[2];
}

size_t cs_fleet_draw_class(const cs_fleet_vary *v, uint64_t seed, uint64_t k,
                           const size_t n[3])
{
	/* Machine k's own stream: independent of shards and threads. */
	uint64_t x = seed ^ (k * UINT64_C(0xD1B54A32D192ED03));
	(void)splitmix64(&x);
	size_t idx[3] = {0, 0, 0};
	if (v->has_start)
		idx[1] = (size_t)cs_fleet_below(&x, n[1]);
	if (v->has_reboot)
		idx[2] = (size_t)cs_fleet_below(&x, n[2]);
	if (v->nmix) {
		uint64_t r = cs_fleet_below(&x, v->weight_total);
		while (r >= v->weight[idx[0]]) {
			r -= v->weight[idx[0]];
			idx[0]++;
		}
	}
	return (idx[0] * n[1] + idx[1]) * n[2] + idx[2];
}

void cs_fleet_class_machine(const cs_fleet_vary *v, int64_t quantum,
                            const size_t n[3], size_t cls,
                            cs_fleet_machine *out)
{
	memset(out, 0, sizeof *out);
	size_t ri = cls % n[2], si = cls / n[2] % n[1], pi = cls / n[2] / n[1];
	if (v->has_start)
		out->shift = v->start_lo + (int64_t)si * quantum;
	if (v->has_reboot)
		out->reboot_every = v->reboot_lo + (int64_t)ri * v->reboot_unit;
	if (v->nmix)
		out->profile = v->mix[pi];
}

/* Offsets lo + i seconds below hi (half_open) or up to hi: how many. */
static uint64_t seconds_in(int64_t lo, int64_t hi, bool half_open)
{
	int64_t span = hi - lo;
	if (half_open)
		return (uint64_t)((span + CS_TICKS_PER_SEC - 1) /
		                  CS_TICKS_PER_SEC);
	return (uint64_t)(span / CS_TICKS_PER_SEC) + 1;
}

void cs_fleet_draw_machine(const cs_fleet_vary *v, uint64_t seed, uint64_t k,
                           cs_filetime start, const cs_profile *base,
                           cs_fleet_machine *out)
{
	memset(out, 0, sizeof *out);
	uint64_t x = seed ^ (k * UINT64_C(0xD1B54A32D192ED03));
	(void)splitmix64(&x);
	if (v->has_start)
		out->shift =
		    v->start_lo +
		    (int64_t)cs_fleet_below(
		        &x, seconds_in(v->start_lo, v->start_hi, true)) *
		        CS_TICKS_PER_SEC;
	if (v->has_reboot && v->reboot_random) {
		out->reboot_random = true;
		out->reboot_lo = v->reboot_lo;
		out->reboot_hi = v->reboot_hi;
		out->reboot_rng = splitmix64(&x);
	} else if (v->has_reboot) {
		out->reboot_every =
		    v->reboot_lo +
		    (int64_t)cs_fleet_below(
		        &x, seconds_in(v->reboot_lo, v->reboot_hi, false)) *
		        CS_TICKS_PER_SEC;
	}
	if (v->nmix) {
		uint64_t r = cs_fleet_below(&x, v->weight_total);
		size_t i = 0;
		while (r >= v->weight[i])
			r -= v->weight[i++];
		out->profile = v->mix[i];
	}
	if (v->has_patch) {
		/* drawn for every machine, so that the draw does not depend on
		 * the profile drawn before it */
		cs_filetime at =
		    start + v->patch_lo +
		    (int64_t)cs_fleet_below(
		        &x, seconds_in(v->patch_lo, v->patch_hi, true)) *
		        CS_TICKS_PER_SEC;
		const cs_profile *mine = out->profile ? out->profile : base;
		for (size_t i = 0; i < v->npatch; i++)
			if (v->patch_from[i] == mine) {
				out->patch_at = at;
				out->patch_profile = v->patch_to[i];
			}
	}
}

cs_filetime cs_fleet_next_reboot(cs_fleet_machine *m, cs_filetime after)
{
	return after + m->reboot_lo +
	       (int64_t)cs_fleet_below(
	           &m->reboot_rng,
	           seconds_in(m->reboot_lo, m->reboot_hi, false)) *
	           CS_TICKS_PER_SEC;
}
