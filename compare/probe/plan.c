/* The probe plan reader (format in plan.h and docs/compare.md). */
#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *line; /* start of the current line */
	unsigned lineno;
	char *err;
	size_t errlen;
} cursor;

static int fail(cursor *c, const char *at, const char *fmt, ...)
{
	int n = snprintf(c->err, c->errlen, "%u:%u: ", c->lineno,
	                 (unsigned)(at - c->line) + 1);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Next space-separated token of [*p, end): sets *tok and *len, advances. */
static int next_token(const char **p, const char *end, const char **tok,
                      size_t *len)
{
	const char *s = *p;
	while (s < end && is_space(*s))
		s++;
	const char *e = s;
	while (e < end && !is_space(*e))
		e++;
	*tok = s;
	*len = (size_t)(e - s);
	*p = e;
	return e > s;
}

/* The rest of the line without surrounding blanks. */
static int rest_of_line(const char *p, const char *end, const char **s,
                        size_t *len)
{
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	*s = p;
	*len = (size_t)(end - p);
	return end > p;
}

static int parse_u64(const char *s, size_t n, int base, uint64_t max,
                     uint64_t *out)
{
	if (base == 16 && n > 2 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return 0;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d;
		char ch = s[i];
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			return 0;
		if (d > max || v > (max - d) / (unsigned)base)
			return 0;
		v = v * (unsigned)base + d;
	}
	*out = v;
	return 1;
}

/* The file of this kind (a `cert` or a `ctl` line) called name, or -1. */
static int find_named(const plan *p, plan_file_kind kind, const char *name,
                      size_t n)
{
	for (unsigned i = 0; i < p->nfiles; i++)
		if (p->files[i].kind == kind && strlen(p->files[i].name) == n &&
		    memcmp(p->files[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

static int parse_step(cursor *c, plan *p, plan_step_kind kind, const char *s,
                      const char *end)
{
	if (p->nsteps == PLAN_MAX_STEPS)
		return fail(c, s, "more than %d steps", PLAN_MAX_STEPS);
	plan_step *st = &p->steps[p->nsteps];
	memset(st, 0, sizeof *st);
	st->kind = kind;
	st->at = -1;
	st->verify_at = -1;
	st->cert = -1;
	st->issuer = -1;
	st->ctl = -1;
	st->auth_type = 2; /* AUTHTYPE_SERVER */
	const char *tok;
	size_t len;
	while (next_token(&s, end, &tok, &len)) {
		const char *eq = memchr(tok, '=', len);
		if (!eq)
			return fail(c, tok, "expected KEY=VALUE");
		size_t klen = (size_t)(eq - tok);
		const char *v = eq + 1;
		size_t vlen = len - klen - 1;
		uint64_t n;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(tok, k, klen) == 0)
		if (kind == PLAN_STEP_CTL &&
		    !(KEY("step") || KEY("at") || KEY("ctl")))
			return fail(c, tok,
			            "ctl-check takes ctl=, step= and at=, not "
			            "'%.*s'",
			            (int)klen, tok);
		if (KEY("step")) {
			if (!parse_u64(v, vlen, 10, UINT32_MAX, &n))
				return fail(c, v, "expected a line number");
			st->step = (unsigned)n;
		} else if (KEY("at") || KEY("verify-at")) {
			if (vlen > 3 && memcmp(v, "ft:", 3) == 0) {
				v += 3;
				vlen -= 3;
			}
			if (!parse_u64(v, vlen, 10, INT64_MAX, &n))
				return fail(
				    c, v, "expected FILETIME ticks (decimal)");
			*(KEY("at") ? &st->at : &st->verify_at) = (int64_t)n;
		} else if (kind == PLAN_STEP_CTL) { /* ctl= */
			if ((st->ctl = find_named(p, PLAN_FILE_CTL, v, vlen)) <
			    0)
				return fail(c, v, "no `ctl` line names '%.*s'",
				            (int)vlen, v);
		} else if (KEY("cert") || KEY("issuer")) {
			int idx = find_named(p, PLAN_FILE_CERT, v, vlen);
			if (idx < 0)
				return fail(c, v, "no `cert` line names '%.*s'",
				            (int)vlen, v);
			*(KEY("cert") ? &st->cert : &st->issuer) = idx;
		} else if (KEY("flags") || KEY("policy-flags") ||
		           KEY("ssl-checks")) {
			if (!parse_u64(v, vlen, 16, UINT32_MAX, &n))
				return fail(c, v,
				            "expected a 32-bit hex number");
			*(KEY("flags")          ? &st->flags
			  : KEY("policy-flags") ? &st->policy_flags
			                        : &st->ssl_checks) =
			    (uint32_t)n;
		} else if (KEY("policy")) {
			if (vlen == 4 && memcmp(v, "base", 4) == 0)
				st->policy = 1;
			else if (vlen == 3 && memcmp(v, "ssl", 3) == 0)
				st->policy = 4;
			else if (vlen == 17 &&
			         memcmp(v, "basic-constraints", 17) == 0)
				st->policy = 5;
			else if (parse_u64(v, vlen, 10, 12, &n) && n >= 1)
				st->policy = (unsigned)n;
			else
				return fail(
				    c, v,
				    "expected a CERT_CHAIN_POLICY_* value "
				    "1..12, base, ssl or "
				    "basic-constraints");
		} else if (KEY("auth") || KEY("usage-match")) {
			if (!parse_u64(v, vlen, 10, KEY("auth") ? 0xffff : 1,
			               &n))
				return fail(c, v,
				            KEY("auth") ? "expected dwAuthType "
				                          "as a number"
				                        : "expected 0 (AND) or "
				                          "1 (OR)");
			*(KEY("auth") ? &st->auth_type : &st->usage_match) =
			    (unsigned)n;
		} else if (KEY("ssl-para")) {
			if (vlen != 4 || memcmp(v, "none", 4) != 0)
				return fail(c, v, "expected ssl-para=none");
			st->no_ssl_para = 1;
		} else if (KEY("additional") || KEY("roots")) {
			int additional = KEY("additional");
			int *set = additional ? st->additional : st->roots;
			unsigned *nset =
			    additional ? &st->nadditional : &st->nroots;
			*(additional ? &st->own_additional : &st->own_roots) =
			    1;
			if (additional && vlen == 4 &&
			    memcmp(v, "none", 4) == 0)
				continue;
			const char *u = v, *ue = v + vlen;
			while (u < ue) {
				const char *comma =
				    memchr(u, ',', (size_t)(ue - u));
				const char *stop = comma ? comma : ue;
				int idx = find_named(p, PLAN_FILE_CERT, u,
				                     (size_t)(stop - u));
				if (idx < 0)
					return fail(c, u,
					            "no `cert` line names "
					            "'%.*s'",
					            (int)(stop - u), u);
				if (*nset == PLAN_MAX_SET)
					return fail(c, u,
					            "more than %d certificates",
					            PLAN_MAX_SET);
				set[(*nset)++] = idx;
				u = comma ? comma + 1 : ue;
			}
			if (*nset == 0)
				return fail(c, v, "expected NAME[,NAME...]");
		} else if (KEY("server")) {
			free(st->server);
			st->server = dup_range(v, vlen);
		} else if (KEY("usage")) {
			const char *u = v, *ue = v + vlen;
			while (u < ue) {
				const char *comma =
				    memchr(u, ',', (size_t)(ue - u));
				const char *stop = comma ? comma : ue;
				if (stop == u || st->nusage == PLAN_MAX_USAGE)
					return fail(c, u,
					            "expected at most %d OIDs "
					            "separated by commas",
					            PLAN_MAX_USAGE);
				st->usage[st->nusage++] =
				    dup_range(u, (size_t)(stop - u));
				u = comma ? comma + 1 : ue;
			}
		} else {
			return fail(c, tok, "unknown key '%.*s'", (int)klen,
			            tok);
		}
#undef KEY
	}
	if (kind == PLAN_STEP_CTL) {
		if (st->ctl < 0)
			return fail(c, end, "missing ctl=NAME");
	} else if (st->cert < 0) {
		return fail(c, end, "missing cert=NAME");
	}
	if (kind == PLAN_STEP_REVOCATION && st->issuer < 0)
		return fail(c, end, "missing issuer=NAME");
	p->nsteps++;
	return 0;
}

static int add_file(cursor *c, plan *p, plan_file_kind kind, const char *s,
                    const char *end)
{
	if (p->nfiles == PLAN_MAX_FILES)
		return fail(c, s, "more than %d files", PLAN_MAX_FILES);
	plan_file *f = &p->files[p->nfiles];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	const char *tok;
	size_t len;
	if (kind == PLAN_FILE_CERT || kind == PLAN_FILE_CTL) {
		if (!next_token(&s, end, &tok, &len))
			return fail(c, s, "expected NAME PATH");
		if (find_named(p, kind, tok, len) >= 0)
			return fail(c, tok, "%s name '%.*s' used twice",
			            kind == PLAN_FILE_CTL ? "CTL"
			                                  : "certificate",
			            (int)len, tok);
		f->name = dup_range(tok, len);
	}
	if (!rest_of_line(s, end, &tok, &len)) {
		free(f->name); /* not counted in nfiles yet: plan_free misses it
		                */
		f->name = NULL;
		return fail(c, s, "expected a path");
	}
	f->path = dup_range(tok, len);
	p->nfiles++;
	return 0;
}

/* all, none, or dotted OIDs joined by commas. */
static int is_usage_list(const char *s, size_t n)
{
	if ((n == 3 && memcmp(s, "all", 3) == 0) ||
	    (n == 4 && memcmp(s, "none", 4) == 0))
		return 1;
	int digits = 0, dots = 0;
	for (size_t i = 0; i <= n; i++) {
		char ch = i < n ? s[i] : ',';
		if (ch >= '0' && ch <= '9')
			digits++;
		else if (ch == '.' && digits) {
			digits = 0;
			dots++;
		} else if (ch == ',' && digits && dots) {
			digits = dots = 0;
		} else
			return 0;
	}
	return 1;
}

static int add_purposes(cursor *c, plan *p, const char *s, const char *end)
{
	const char *list, *path;
	size_t llen, plen;
	if (!next_token(&s, end, &list, &llen) || !is_usage_list(list, llen))
		return fail(c, list,
		            "expected all, none or dotted OIDs joined by ','");
	if (!rest_of_line(s, end, &path, &plen))
		return fail(c, s, "expected a path");
	unsigned i = 0;
	while (i < p->nfiles && !((p->files[i].kind == PLAN_FILE_ROOT ||
	                           p->files[i].kind == PLAN_FILE_CA) &&
	                          strlen(p->files[i].path) == plen &&
	                          memcmp(p->files[i].path, path, plen) == 0))
		i++;
	if (i == p->nfiles)
		return fail(c, path,
		            "no earlier root or ca line for this path: a "
		            "property belongs to a store entry");
	if (p->npurposes == PLAN_MAX_FILES)
		return fail(c, c->line, "more than %d purposes lines",
		            PLAN_MAX_FILES);
	plan_purposes *u = &p->purposes[p->npurposes++];
	u->usages = dup_range(list, llen);
	u->path = dup_range(path, plen);
	return 0;
}

static int parse_line(cursor *c, plan *p, const char *s, const char *end)
{
	const char *kw;
	size_t klen;
	if (!next_token(&s, end, &kw, &klen) || kw[0] == '#')
		return 0;
#define IS(k) (klen == sizeof(k) - 1 && memcmp(kw, k, klen) == 0)
	if (c->lineno == 1) {
		const char *v;
		size_t vlen;
		if (!IS("capisim-probe") || !next_token(&s, end, &v, &vlen) ||
		    vlen != 1 || *v != '1')
			return fail(c, kw,
			            "expected 'capisim-probe 1' (the plan "
			            "format and version)");
		return 0;
	}
	if (IS("profile") || IS("clock")) {
		const char *v;
		size_t vlen;
		if (!rest_of_line(s, end, &v, &vlen))
			return fail(c, s, "expected a value");
		char **dst = IS("profile") ? &p->profile : &p->clock;
		free(*dst);
		*dst = dup_range(v, vlen);
		return 0;
	}
	if (IS("engine")) {
		const char *v;
		size_t vlen;
		next_token(&s, end, &v, &vlen);
		if (vlen == 7 && memcmp(v, "default", 7) == 0)
			p->engine = PLAN_ENGINE_DEFAULT;
		else if (vlen == 9 && memcmp(v, "exclusive", 9) == 0)
			p->engine = PLAN_ENGINE_EXCLUSIVE;
		else if (vlen == 10 && memcmp(v, "restricted", 10) == 0)
			p->engine = PLAN_ENGINE_RESTRICTED;
		else
			return fail(
			    c, v, "expected default, exclusive or restricted");
		return 0;
	}
	if (IS("engine-cbsize")) {
		const char *v;
		size_t vlen;
		uint64_t n;
		next_token(&s, end, &v, &vlen);
		if (!parse_u64(v, vlen, 10, 4096, &n))
			return fail(c, v, "expected a size in bytes");
		p->engine_cbsize = (unsigned)n;
		return 0;
	}
	if (IS("root"))
		return add_file(c, p, PLAN_FILE_ROOT, s, end);
	if (IS("ca"))
		return add_file(c, p, PLAN_FILE_CA, s, end);
	if (IS("crl"))
		return add_file(c, p, PLAN_FILE_CRL, s, end);
	if (IS("disallowed"))
		return add_file(c, p, PLAN_FILE_DISALLOWED, s, end);
	if (IS("cert"))
		return add_file(c, p, PLAN_FILE_CERT, s, end);
	if (IS("ctl"))
		return add_file(c, p, PLAN_FILE_CTL, s, end);
	if (IS("purposes"))
		return add_purposes(c, p, s, end);
	if (IS("serve") || IS("fail"))
		return 0; /* the runner's HTTP server reads these */
	if (IS("verify"))
		return parse_step(c, p, PLAN_STEP_VERIFY, s, end);
	if (IS("revocation"))
		return parse_step(c, p, PLAN_STEP_REVOCATION, s, end);
	if (IS("ctl-check"))
		return parse_step(c, p, PLAN_STEP_CTL, s, end);
	return fail(c, kw, "unknown keyword '%.*s'", (int)klen, kw);
#undef IS
}

int plan_parse(const char *text, plan *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->engine_cbsize = 80; /* Windows 7's size, the one Wine 8 accepts */
	out->steps = calloc(PLAN_MAX_STEPS, sizeof *out->steps);
	if (!out->steps) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	cursor c = {text, 0, err, errlen};
	const char *s = text;
	while (*s) {
		const char *nl = strchr(s, '\n');
		const char *end = nl ? nl : s + strlen(s);
		c.line = s;
		c.lineno++;
		if (parse_line(&c, out, s, end) < 0) {
			plan_free(out);
			return -1;
		}
		s = nl ? nl + 1 : end;
	}
	if (c.lineno == 0) {
		snprintf(err, errlen,
		         "1:1: empty plan, expected 'capisim-probe 1'");
		plan_free(out);
		return -1;
	}
	return 0;
}

void plan_free(plan *p)
{
	for (unsigned i = 0; i < p->nfiles; i++) {
		free(p->files[i].name);
		free(p->files[i].path);
	}
	for (unsigned i = 0; i < p->npurposes; i++) {
		free(p->purposes[i].usages);
		free(p->purposes[i].path);
	}
	for (unsigned i = 0; p->steps && i < p->nsteps; i++) {
		free(p->steps[i].server);
		for (unsigned k = 0; k < p->steps[i].nusage; k++)
			free(p->steps[i].usage[k]);
	}
	free(p->steps);
	free(p->profile);
	free(p->clock);
	memset(p, 0, sizeof *p);
}
