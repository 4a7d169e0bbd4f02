/* Parsers of single certutil output lines (certutil_int.h). Shapes from the
 * samples (/work/shared/samples/certutil_*.txt, tests/data/real/). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/certutil_int.h"
#include "engine/chain/chain.h"
#include "render/certutil_lang.h"

cs_status cu_fail(cu_ctx *c, const char *at, const char *fmt, ...)
{
	char msg[CS_DIAG_MSG];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	unsigned col =
	    at ? (unsigned)(at - c->buf + (ptrdiff_t)c->indent) + 1 : 1;
	cs_diag_set(c->d, c->name, c->lineno, col, "%s", msg);
	cs_diag_source(c->d, c->raw, c->rawlen);
	return CS_ERR_SYNTAX;
}

bool cu_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool cu_parse_hex(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 8)
		return false;
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		int ch = tolower((unsigned char)s[i]);
		if (!isxdigit(ch))
			return false;
		v = v * 16 +
		    (unsigned long)(isdigit(ch) ? ch - '0' : ch - 'a' + 10);
	}
	*out = v;
	return true;
}

json_t *cu_hex32(unsigned long v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "0x%08lx", v);
	return json_string(buf);
}

json_t *cu_hresult(unsigned long v)
{
	char buf[16];
	snprintf(buf, sizeof buf, "0x%08lX", v);
	return json_string(buf);
}

bool cu_trailing_hresult(const char *s, size_t n, unsigned long *out)
{
	/* "... 0x80092010 (-2146885616) -- authrootstl.cab": the object
	 * name after " -- " is not part of the code. */
	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(s + i, " -- ", 4) == 0 && i > 0 && s[i - 1] == ')') {
			n = i;
			break;
		}
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
	return cu_starts(hex, "0x") &&
	       cu_parse_hex(hex, (size_t)(hex_end - hex), out);
}

bool cu_spaced_sha1(const char *s, size_t n, char out[41])
{
	if (n != 20 * 3 - 1)
		return false;
	for (size_t i = 0; i < 20; i++) {
		const char *p = s + 3 * i;
		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) || (i < 19 && p[2] != ' '))
			return false;
		out[2 * i] = (char)tolower((unsigned char)p[0]);
		out[2 * i + 1] = (char)tolower((unsigned char)p[1]);
	}
	out[40] = 0;
	return true;
}

bool cu_is_url(const char *s)
{
	return cu_starts(s, "http://") || cu_starts(s, "https://") ||
	       cu_starts(s, "ldap://") || cu_starts(s, "file://");
}

bool cu_section_banner(const char *s, size_t n, const char **title,
                       size_t *tlen)
{
	size_t a = strspn(s, "-");
	if (a < 8 || a >= n)
		return false;
	size_t b = 0;
	while (b < n - a && s[n - 1 - b] == '-')
		b++;
	if (b < 8 || a + b >= n)
		return false;
	const char *t = s + a;
	size_t len = n - a - b;
	while (len && *t == ' ')
		t++, len--;
	while (len && t[len - 1] == ' ')
		len--;
	/* Only the URL sections' titles (any language): -scinfo prints
	 * "-----=====-----" separators of its own. */
	static const cu_text titles[] = {CU_T_SEC_AIA, CU_T_SEC_CDP,
	                                 CU_T_SEC_BASE_CRL_CDP, CU_T_SEC_OCSP};
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
		if (cu_text_is(t, len, titles[i])) {
			*title = t;
			*tlen = len;
			return true;
		}
	return false;
}

bool cu_elision(const char *s, size_t n)
{
	if ((n == 1 && s[0] == '.') || (n == 3 && memcmp(s, "...", 3) == 0) ||
	    (n == 3 && memcmp(s, "\xe2\x80\xa6", 3) == 0))
		return true;
	return n >= 4 && s[0] == '[' &&
	       (cu_starts(s, "[...") || cu_starts(s, "[redacted"));
}

bool cu_prompt(const char *s, char *cmd, size_t cmdlen)
{
	static const char *const commands[] = {
	    "-verify",
	    "-urlcache",
	    "-scinfo",
	    "-dcinfo",
	    "-url",
	    "-dump",
	    "-store",
	    "-addstore",
	    "-hashfile",
	    "-crl",
	    "-verifyctl",
	    "-syncwithwu",
	    "-generatesstfromwu",
	    "-setreg",
	    "-getreg",
	    "-viewstore",
	    "-pulse",
	    "-delstore",
	    "-repairstore",
	    "-pingadmin",
	};
	if (cu_starts(s, "CertUtil:"))
		return false;
	const char *p = NULL;
	for (const char *q = s; *q && !p; q++)
		if (strncasecmp(q, "certutil", 8) == 0 &&
		    (q == s || !isalnum((unsigned char)q[-1])))
			p = q;
	if (!p)
		return false;
	p += 8;
	if (strncasecmp(p, ".exe", 4) == 0)
		p += 4;
	if (*p != ' ')
		return false;
	/* The first word that is a command; options (-f, -v, -urlfetch,
	 * -user, -split, -t 1) are skipped. */
	while (*p) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			if (strlen(commands[i]) == w &&
			    strncasecmp(p, commands[i], w) == 0) {
				snprintf(cmd, cmdlen, "%s", commands[i]);
				return true;
			}
		p += w;
	}
	return false;
}

cs_status cu_status_line(cu_ctx *c, cu_state *st, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	const char *eq = memchr(s, '=', n);
	const char *open = eq ? memchr(eq, '(', n - (size_t)(eq - s)) : NULL;
	unsigned long v;
	if (!dot || !eq || !open || s[n - 1] != ')' ||
	    !cu_parse_hex(open + 1, (size_t)(s + n - 1 - open - 1), &v))
		return cu_fail(c, s, "expected %s = SYMBOL (0xHEX)",
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
			return cu_fail(c, open + 1, "value does not match %s",
			               name);
	}
	bool error = strstr(dot, ".dwErrorStatus") == dot;
	if (cu_starts(s, "ChainContext.")) {
		*(error ? &st->chain_err : &st->chain_info) |= v;
		st->chain_seen = true;
	} else if (cu_starts(s, "SimpleChain.")) {
		*(error ? &st->simple_err : &st->simple_info) |= v;
		st->simple_seen = true;
	} else if (cu_starts(s, "Element.") && st->el_open) {
		*(error ? &st->el_sum_err : &st->el_sum_info) |= v;
		*(error ? &st->el_err_seen : &st->el_info_seen) = true;
	} else {
		return cu_fail(c, s, "%s",
		               "a status line outside a chain element");
	}
	return CS_OK;
}

/* The English word for a localised one (the lang table's rows). */
static json_t *english(const char *s, size_t n, const cu_text *keys,
                       size_t nkeys)
{
	for (size_t i = 0; i < nkeys; i++)
		if (cu_text_is(s, n, keys[i]))
			return json_string(cu_text_en(keys[i]));
	return json_stringn(s, n);
}

bool cu_url_status_line(const char *s, size_t n, json_t *urls, json_t **out)
{
	static const cu_text results[] = {CU_T_VERIFIED, CU_T_FAILED,
	                                  CU_T_EXPIRED,  CU_T_OK,
	                                  CU_T_NO_URLS,  CU_T_NO_IDP};
	static const cu_text objects[] = {CU_T_OBJ_CERTIFICATE,
	                                  CU_T_OBJ_BASE_CRL, CU_T_OBJ_DELTA_CRL,
	                                  CU_T_OBJ_NONE};
	const char *q1 = memchr(s, '"', n);
	const char *q2 =
	    q1 ? memchr(q1 + 1, '"', n - (size_t)(q1 + 1 - s)) : NULL;
	if (!q1 || !q2 || q1 == s || q1[-1] != ' ' || q2 + 2 >= s + n ||
	    q2[1] != ' ')
		return false;
	/* After the closing quote: the Time word (any language) and a number.
	 */
	size_t tl;
	if (!cu_text_starts(q2 + 2, CU_T_TIME, &tl, NULL) ||
	    q2 + 2 + tl + 1 >= s + n || q2[2 + tl] != ' ' ||
	    !isdigit((unsigned char)q2[3 + tl]))
		return false;
	/* The object: "Base CRL (04)" -> its localised name, then the rest */
	const char *obj = q1 + 1;
	size_t objlen = (size_t)(q2 - obj);
	const char *paren = memchr(obj, '(', objlen);
	size_t name_len = paren ? (size_t)(paren - obj) : objlen;
	while (name_len && obj[name_len - 1] == ' ')
		name_len--;
	json_t *object =
	    english(obj, name_len, objects, sizeof objects / sizeof *objects);
	if (paren) {
		const char *eng = json_string_value(object);
		char buf[512];
		snprintf(buf, sizeof buf, "%s %.*s", eng,
		         (int)(objlen - (size_t)(paren - obj)), paren);
		json_decref(object);
		object = json_string(buf);
	}
	json_t *u = json_object();
	json_object_set_new(u, "result",
	                    english(s, (size_t)(q1 - 1 - s), results,
	                            sizeof results / sizeof *results));
	json_object_set_new(u, "object", object);
	json_array_append_new(urls, u);
	*out = u;
	return true;
}
