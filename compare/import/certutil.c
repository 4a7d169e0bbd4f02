/* `capisim import certutil`: English `certutil -verify [-urlfetch] [-v]`
 * output to "verify" observations (import.h).
 *
 * Shapes (from /work/shared/samples/certutil_*.txt; docs/compare.md):
 * banner "-------- CERT_CHAIN_CONTEXT --------" opens a dump; one
 * "ChainContext.dwErrorStatus = SYMBOL (0xHEX)" line per set bit (none = 0);
 * "CertContext[i][j]: dwInfoStatus=HEX dwErrorStatus=HEX" opens element j
 * (hex without 0x); "Cert: SHA1" is its thumbprint; URL sections follow;
 * after "Full chain:" a line ending "0xHEX (-DEC SYMBOL)" is the policy's
 * error, absent when the policy passed; a line of 36 dashes ends the dump.
 * Banners with one or two spaces inside are the same (web copies collapse
 * them). Status symbols and keys are not translated by localized Windows,
 * so the status part also imports from localized output. */
#include <ctype.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/import.h"
#include "engine/chain/chain.h"

typedef struct {
	const char *name;
	cs_diag *d;
	unsigned lineno;
	const char *buf; /* the trimmed line being parsed */
	size_t indent;   /* blanks trimmed off its start */
	const char *raw; /* the raw line, for the caret display */
	size_t rawlen;
} ctx;

typedef struct {
	json_t *obs;      /* the observation being filled, NULL = none */
	json_t *elements; /* chain.elements */
	json_t *element;  /* the open element, NULL = none */
	json_t *urls;     /* where URL checks go */
	json_t *url;      /* the last URL check */
	unsigned long chain_err, chain_info, simple_err, simple_info;
	unsigned long el_err, el_info; /* from the Element.* lines */
	unsigned el_line;              /* the CertContext line */
	bool el_err_seen, el_info_seen, has_chain, in_full_chain, policy_set;
	bool dump_ended; /* the dump's closing line of dashes was read */
	char policy[32];
} state;

static cs_status fail(ctx *c, const char *at, const char *fmt, const char *arg)
{
	unsigned col = (unsigned)(at - c->buf + (ptrdiff_t)c->indent) + 1;
	cs_diag_set(c->d, c->name, c->lineno, col, fmt, arg);
	cs_diag_source(c->d, c->raw, c->rawlen);
	return CS_ERR_SYNTAX;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool parse_hex(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 8)
		return false;
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return false;
		v = v * 16 +
		    (unsigned long)(isdigit((unsigned char)s[i])
		                        ? s[i] - '0'
		                        : tolower((unsigned char)s[i]) - 'a' +
		                              10);
	}
	*out = v;
	return true;
}

static json_t *hex32(unsigned long v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "0x%08lx", v);
	return json_string(buf);
}

static json_t *hresult(unsigned long v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "0x%08lX", v);
	return json_string(buf);
}

/* "... 0xHEX (-DEC SYMBOL)" at the end of s: the HRESULT, or false. */
static bool trailing_hresult(const char *s, size_t n, unsigned long *out)
{
	if (n < 4 || s[n - 1] != ')')
		return false;
	const char *open = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '(') {
			open = s + i;
			break;
		}
	if (!open || open - s < 3 || open[-1] != ' ')
		return false;
	const char *hex_end = open - 1, *hex = hex_end;
	while (hex > s && hex[-1] != ' ')
		hex--;
	return starts(hex, "0x") &&
	       parse_hex(hex, (size_t)(hex_end - hex), out);
}

static cs_status close_element(ctx *c, state *st, const char *at)
{
	if (!st->element)
		return CS_OK;
	json_t *e = st->element;
	unsigned long err =
	    strtoul(json_string_value(json_object_get(e, "error_status")) + 2,
	            NULL, 16);
	unsigned long info = strtoul(
	    json_string_value(json_object_get(e, "info_status")) + 2, NULL, 16);
	/* certutil prints one Element.* line per set bit: they must add up to
	 * the CertContext line's words, or the transcript is damaged. */
	if ((st->el_err_seen && st->el_err != err) ||
	    (st->el_info_seen && st->el_info != info)) {
		(void)at;
		cs_diag_set(
		    c->d, c->name, st->el_line, 1,
		    "the Element.dw%sStatus lines below do not add up to this "
		    "CertContext line's value",
		    st->el_err_seen && st->el_err != err ? "Error" : "Info");
		return CS_ERR_SYNTAX;
	}
	/* Rebuilt in the order of `capisim verify --json` elements. */
	static const char *order[] = {"subject", "thumbprint_sha1",
	                              "error_status", "info_status", "urls"};
	json_t *ordered = json_object();
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		json_t *v = json_object_get(e, order[i]);
		if (v && !(json_is_array(v) && json_array_size(v) == 0))
			json_object_set(ordered, order[i], v);
	}
	json_object_clear(e);
	json_object_update(e, ordered);
	json_decref(ordered);
	st->element = NULL;
	st->urls = json_object_get(st->obs, "urls");
	return CS_OK;
}

static cs_status finish(ctx *c, state *st, json_t *out, const char *at)
{
	if (!st->obs)
		return CS_OK;
	if (close_element(c, st, at) != CS_OK)
		return CS_ERR_SYNTAX;
	json_t *o = st->obs;
	if (st->has_chain) {
		json_t *chain = json_object_get(o, "chain");
		json_object_set_new(chain, "error_status",
		                    hex32(st->chain_err));
		json_object_set_new(chain, "info_status",
		                    hex32(st->chain_info));
		json_object_set(chain, "elements", st->elements);
		json_t *sc = json_object();
		json_object_set_new(sc, "error_status", hex32(st->simple_err));
		json_object_set_new(sc, "info_status", hex32(st->simple_info));
		json_object_set_new(o, "simple_chain", sc);
	}
	if (json_array_size(json_object_get(o, "urls")) == 0)
		json_object_del(o, "urls");
	json_array_append_new(out, o);
	json_decref(st->elements);
	memset(st, 0, sizeof *st);
	return CS_OK;
}

static void open_obs(state *st, unsigned lineno)
{
	memset(st, 0, sizeof *st);
	st->obs = json_object();
	json_object_set_new(st->obs, "source", json_string("certutil"));
	json_object_set_new(st->obs, "line", json_integer(lineno));
	st->elements = json_array();
	json_object_set_new(st->obs, "urls", json_array());
	st->urls = json_object_get(st->obs, "urls");
}

/* "X.dwErrorStatus = SYMBOL (0xHEX)" */
static cs_status status_line(ctx *c, state *st, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	const char *eq = memchr(s, '=', n);
	const char *open = eq ? memchr(eq, '(', n - (size_t)(eq - s)) : NULL;
	unsigned long v;
	if (!dot || !eq || !open || s[n - 1] != ')' ||
	    !parse_hex(open + 1, (size_t)(s + n - 1 - open - 1), &v))
		return fail(c, s, "expected %s = SYMBOL (0xHEX)",
		            "X.dwErrorStatus");
	const char *sym = eq + 1;
	while (*sym == ' ')
		sym++;
	size_t symlen = (size_t)(open - sym);
	while (symlen && sym[symlen - 1] == ' ')
		symlen--;
	/* The symbol must name the value it prints (the engine's table of
	 * CERT_TRUST_* bits, engine/chain/chain.h); an unknown one passes. */
	char name[64];
	uint32_t known;
	if (symlen < sizeof name) {
		memcpy(name, sym, symlen);
		name[symlen] = '\0';
		if (cs_trust_bit_from_name(name, &known) && known != v)
			return fail(c, open + 1, "value does not match %s",
			            name);
	}
	bool error = strstr(dot, ".dwErrorStatus") == dot;
	if (starts(s, "ChainContext."))
		*(error ? &st->chain_err : &st->chain_info) |= v;
	else if (starts(s, "SimpleChain."))
		*(error ? &st->simple_err : &st->simple_info) |= v;
	else if (starts(s, "Element.") && st->element) {
		*(error ? &st->el_err : &st->el_info) |= v;
		*(error ? &st->el_err_seen : &st->el_info_seen) = true;
	} else
		return fail(c, s, "%s",
		            "a status line outside a chain element");
	return CS_OK;
}

/* "CertContext[i][j]: dwInfoStatus=HEX dwErrorStatus=HEX" */
static cs_status element_line(ctx *c, state *st, const char *s, size_t n)
{
	unsigned chain_i, el_j;
	char info[16], err[16];
	unsigned long vi, ve;
	if (sscanf(s,
	           "CertContext[%u][%u]: dwInfoStatus=%15s dwErrorStatus=%15s",
	           &chain_i, &el_j, info, err) != 4 ||
	    !parse_hex(info, strlen(info), &vi) ||
	    !parse_hex(err, strlen(err), &ve))
		return fail(
		    c, s, "expected %s",
		    "CertContext[i][j]: dwInfoStatus=HEX dwErrorStatus=HEX");
	(void)n;
	if (close_element(c, st, s) != CS_OK)
		return CS_ERR_SYNTAX;
	if (chain_i > 0) { /* further simple chains: counted, not listed */
		json_object_set_new(st->obs, "simple_chains",
		                    json_integer(chain_i + 1));
		return CS_OK;
	}
	if (el_j != json_array_size(st->elements))
		return fail(c, s, "%s", "CertContext elements out of order");
	json_t *e = json_object();
	json_object_set_new(e, "error_status", hex32(ve));
	json_object_set_new(e, "info_status", hex32(vi));
	json_object_set_new(e, "urls", json_array());
	json_array_append_new(st->elements, e);
	st->element = e;
	st->el_line = c->lineno;
	st->urls = json_object_get(e, "urls");
	st->el_err = st->el_info = 0;
	st->el_err_seen = st->el_info_seen = false;
	return CS_OK;
}

/* 'Verified "Base CRL (04)" Time: 0 SHA1' and the like. */
static bool url_status_line(state *st, const char *s, size_t n)
{
	const char *q1 = memchr(s, '"', n);
	const char *q2 =
	    q1 ? memchr(q1 + 1, '"', n - (size_t)(q1 + 1 - s)) : NULL;
	if (!q1 || !q2 || q1 == s || !strstr(q2, "\" Time: ") || q2 + 8 > s + n)
		return false;
	json_t *u = json_object();
	json_object_set_new(u, "result", json_stringn(s, (size_t)(q1 - 1 - s)));
	json_object_set_new(u, "object",
	                    json_stringn(q1 + 1, (size_t)(q2 - q1 - 1)));
	json_array_append_new(st->urls, u);
	st->url = u;
	return true;
}

static bool is_url(const char *s)
{
	return starts(s, "http://") || starts(s, "https://") ||
	       starts(s, "ldap://") || starts(s, "file://");
}

static cs_status one_line(ctx *c, state *st, json_t *out, const char *s,
                          size_t n)
{
	unsigned long v;
	if (starts(s, "-------- CERT_CHAIN_CONTEXT --------")) {
		/* ChainFlags and the policy line come just before the dump and
		 * belong to it; anything more means a new run. */
		if (st->obs &&
		    (st->has_chain || json_object_get(st->obs, "completed"))) {
			if (finish(c, st, out, s) != CS_OK)
				return CS_ERR_SYNTAX;
		}
		if (!st->obs)
			open_obs(st, c->lineno);
		json_object_set_new(st->obs, "line", json_integer(c->lineno));
		st->has_chain = true;
		json_object_set_new(st->obs, "chain", json_object());
		return CS_OK;
	}
	bool recognised =
	    starts(s, "ChainFlags = ") || starts(s, "CERT_CHAIN_POLICY_") ||
	    starts(s, "ChainContext.dw") || starts(s, "SimpleChain.dw") ||
	    starts(s, "Element.dw") || starts(s, "CertContext[") ||
	    starts(s, "Leaf certificate revocation check passed") ||
	    starts(s, "ERROR: Verifying leaf certificate revocation status") ||
	    starts(s, "CertUtil: -verify command") ||
	    (s[0] == '-' && strstr(s, " Certificate ") && s[n - 1] == '-');
	if (!st->obs) {
		if (!recognised)
			return CS_OK; /* text before the dump: certificate
			                 header, prompts */
		open_obs(st, c->lineno);
	}
	if (starts(s, "ChainFlags = ")) {
		const char *open = strrchr(s, '(');
		if (!open ||
		    !parse_hex(open + 1, n - (size_t)(open + 1 - s) - 1, &v))
			return fail(c, s, "expected %s",
			            "ChainFlags = SYMBOL (0xHEX)");
		json_t *prev = json_object_get(st->obs, "chain_flags");
		unsigned long all =
		    prev ? strtoul(json_string_value(prev) + 2, NULL, 16) : 0;
		json_object_set_new(st->obs, "chain_flags", hex32(all | v));
	} else if (starts(s, "CERT_CHAIN_POLICY_")) {
		size_t k = 0;
		for (const char *p = s + 18;
		     *p && (size_t)(p - s) < n && k + 1 < sizeof st->policy;
		     p++)
			st->policy[k++] =
			    *p == '_' ? '-' : (char)tolower((unsigned char)*p);
		st->policy[k] = 0;
	} else if (starts(s, "ChainContext.dw") ||
	           starts(s, "SimpleChain.dw") || starts(s, "Element.dw")) {
		if (strstr(s, "RevocationFreshnessTime"))
			return CS_OK;
		return status_line(c, st, s, n);
	} else if (starts(s, "CertContext[")) {
		return element_line(c, st, s, n);
	} else if (st->element && starts(s, "Cert: ") &&
	           !json_object_get(st->element, "thumbprint_sha1")) {
		json_object_set_new(st->element, "thumbprint_sha1",
		                    json_stringn(s + 6, n - 6));
	} else if (st->element && starts(s, "Subject: ") &&
	           !json_object_get(st->element, "subject")) {
		json_object_set_new(st->element, "subject",
		                    json_stringn(s + 9, n - 9));
	} else if (starts(s, "Exclude leaf cert:")) {
		return close_element(c, st, s);
	} else if (starts(s, "Full chain:")) {
		st->in_full_chain = true;
	} else if (s[0] == '-' && strspn(s, "-") == n && n >= 30) {
		/* The end of the dump: the policy passed unless it printed an
		 * error. */
		if (st->in_full_chain && !st->policy_set && st->policy[0]) {
			json_t *p = json_object();
			json_object_set_new(p, "name", json_string(st->policy));
			json_object_set_new(p, "error", hresult(0));
			json_object_set_new(st->obs, "policy", p);
		}
		st->in_full_chain = false;
		st->dump_ended = true;
	} else if (st->in_full_chain && trailing_hresult(s, n, &v)) {
		json_t *p = json_object();
		json_object_set_new(
		    p, "name",
		    json_string(st->policy[0] ? st->policy : "base"));
		json_object_set_new(p, "error", hresult(v));
		json_object_set_new(st->obs, "policy", p);
		st->policy_set = true;
	} else if (starts(s, "Leaf certificate revocation check passed") ||
	           starts(
	               s,
	               "ERROR: Verifying leaf certificate revocation status")) {
		v = 0;
		if (s[0] == 'E' && !trailing_hresult(s, n, &v))
			return fail(c, s, "expected %s",
			            "... 0xHEX (-DEC SYMBOL) at the end");
		json_t *r = json_object();
		json_object_set_new(r, "error", hresult(v));
		json_object_set_new(st->obs, "leaf_revocation", r);
	} else if (starts(s, "CertUtil: -verify command")) {
		bool ok = strstr(s, "completed successfully") != NULL;
		json_object_set_new(st->obs, "completed", json_boolean(ok));
		if (!ok && trailing_hresult(s, n, &v))
			json_object_set_new(st->obs, "command_error",
			                    hresult(v));
		return finish(c, st, out, s);
	} else if (url_status_line(st, s, n)) {
		/* recorded */
	} else if (st->url && s[0] == '[' && strchr(s, ']') &&
	           is_url(strchr(s, ']') + 2)) {
		json_object_set_new(st->url, "url",
		                    json_string(strchr(s, ']') + 2));
	} else if (st->url && is_url(s)) {
		json_object_set_new(st->url, "url", json_stringn(s, n));
	} else if (st->url && starts(s, "Error retrieving URL: ") &&
	           trailing_hresult(s, n, &v)) {
		json_object_set_new(st->url, "error", hresult(v));
	}
	return CS_OK;
}

cs_status import_certutil(const char *text, const char *name, json_t *out,
                          cs_diag *d)
{
	return import_certutil_partial(text, name, out, false, d);
}

cs_status import_certutil_partial(const char *text, const char *name,
                                  json_t *out, bool allow_cut, cs_diag *d)
{
	static const char empty[] = "";
	ctx c = {name, d, 0, empty, 0, empty, 0};
	state st;
	memset(&st, 0, sizeof st);
	json_t *found = json_array();
	char buf[4096];
	cs_status rc = CS_OK;
	for (const char *s = text; *s && rc == CS_OK;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		/* Trimmed copy: leading blanks (certutil indents), trailing
		 * CR/blanks. */
		size_t a = 0, b = len;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == '\r' || s[b - 1] == ' '))
			b--;
		c.lineno++;
		c.raw = s;
		c.rawlen = len;
		c.buf = buf;
		c.indent = a;
		if (b - a >= sizeof buf) {
			buf[0] = 0;
			rc = fail(&c, buf, "%s", "line too long");
			break;
		}
		memcpy(buf, s + a, b - a);
		buf[b - a] = 0;
		if (b > a)
			rc = one_line(&c, &st, found, buf, b - a);
		s += len + (nl != NULL);
	}
	c.buf = empty;
	c.indent = 0;
	/* A dump without its closing dashes (and no result line) was cut:
	 * its chain may lack elements, so it is no result to compare. */
	if (rc == CS_OK && st.obs && st.has_chain && !st.dump_ended) {
		json_int_t at =
		    json_integer_value(json_object_get(st.obs, "line"));
		if (!allow_cut) {
			cs_diag_set(
			    d, name, (unsigned)at, 1,
			    "the CERT_CHAIN_CONTEXT dump that starts here "
			    "has no closing line of dashes: the output "
			    "was cut (import what is there with "
			    "--partial)");
			rc = CS_ERR_SYNTAX;
		} else {
			json_object_set_new(st.obs, "partial", json_true());
		}
	}
	if (rc == CS_OK)
		rc = finish(&c, &st, found, empty);
	/* Also when the last finish fails (it leaves st as it was). */
	if (rc != CS_OK && st.obs) {
		json_decref(st.obs);
		json_decref(st.elements);
	}
	if (rc == CS_OK && json_array_size(found) == 0) {
		cs_diag_set(d, name, 1, 1,
		            "no `certutil -verify` output found (expected a "
		            "\"-------- CERT_CHAIN_CONTEXT --------\" dump or "
		            "its result lines)");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK)
		json_array_extend(out, found);
	json_decref(found);
	return rc;
}
