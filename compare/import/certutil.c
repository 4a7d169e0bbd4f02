/* `capisim import certutil`: certutil console output to observations
 * (import.h; docs/compare.md "Importing Windows evidence").
 *
 * One pass over the lines. A chain dump is the CERT_CHAIN_CONTEXT banner (or,
 * in a pasted excerpt, its first ChainContext/CertContext/"Exclude leaf
 * cert:" line) up to the closing line of 36 dashes; lines before it
 * (dwFlags, ChainFlags, HCCE_*, CERT_CHAIN_POLICY_*) open it, lines after it
 * (leaf revocation, "CertUtil: -verify command ...") close it. A pre-dump
 * line or a banner after a finished dump starts the next observation: that is
 * how `certutil -scinfo` and `-dcinfo verify` print several chains with no
 * -verify banner between them. A shell prompt running certutil starts a new
 * command: bare URL lines after `certutil -urlcache` are that listing's, not
 * the last URL check's.
 *
 * Refused, with file:line:col and the reason, exit 2, nothing imported: a
 * dump that is cut before its closing dashes (a truncated paste), a new dump
 * before the last one ended, Element.* lines that do not add up to their
 * CertContext word, a status symbol whose value was altered, an observation
 * with nothing in it. A paste whose start is missing (no banner) or that marks
 * elided lines ("[...]", "...") is kept and says "excerpt": true; the
 * add-up check is not made on an element with elided lines. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/import/certutil_int.h"
#include "compare/import/import.h"
#include "model/error.h"
#include "model/hresult.h"
#include "render/certutil_lang.h"

static void state_clear_obs(cu_state *st)
{
	json_decref(st->policy_result);
	json_decref(st->leaf_rev);
	json_decref(st->elements);
	json_decref(st->obs_urls);
	json_decref(st->extra);
	json_decref(st->el_subject);
	json_decref(st->el_thumb);
	json_decref(st->el_urls);
	json_t *found = st->found, *cache = st->cache;
	unsigned cache_line = st->cache_line;
	bool allow_cut = st->allow_cut;
	char command[sizeof st->command];
	memcpy(command, st->command, sizeof command);
	memset(st, 0, sizeof *st);
	st->found = found;
	st->cache = cache;
	st->cache_line = cache_line;
	st->allow_cut = allow_cut;
	memcpy(st->command, command, sizeof command);
}

static void open_obs(cu_state *st, unsigned line, cu_phase ph)
{
	state_clear_obs(st);
	st->ph = ph;
	st->obs_line = line;
	st->elements = json_array();
	st->obs_urls = json_array();
	st->extra = json_object();
}

/* Opens an observation for a line that belongs to one. */
static void need_obs(cu_ctx *c, cu_state *st)
{
	if (st->ph == CU_PH_NONE)
		open_obs(st, c->lineno, CU_PH_TAIL);
}

static cs_status close_element(cu_ctx *c, cu_state *st)
{
	if (!st->el_open)
		return CS_OK;
	/* certutil prints one Element.* line per set bit: they must add up to
	 * the CertContext line's words, or the transcript is damaged. */
	bool bad_err = st->el_err_seen && st->el_sum_err != st->el_err;
	bool bad_info = st->el_info_seen && st->el_sum_info != st->el_info;
	if (!st->el_elided && (bad_err || bad_info)) {
		cs_diag_set(c->d, c->name, st->el_line, 1,
		            "the Element.dw%sStatus lines below do not add up "
		            "to this CertContext line's value",
		            bad_err ? "Error" : "Info");
		return CS_ERR_SYNTAX;
	}
	/* In the order of `capisim verify --json` elements. */
	json_t *e = json_object();
	if (st->el_subject)
		json_object_set(e, "subject", st->el_subject);
	if (st->el_thumb)
		json_object_set(e, "thumbprint_sha1", st->el_thumb);
	json_object_set_new(e, "error_status", cu_hex32(st->el_err));
	json_object_set_new(e, "info_status", cu_hex32(st->el_info));
	if (json_array_size(st->el_urls))
		json_object_set(e, "urls", st->el_urls);
	json_array_append_new(st->elements, e);
	json_decref(st->el_subject);
	json_decref(st->el_thumb);
	json_decref(st->el_urls);
	st->el_subject = st->el_thumb = st->el_urls = NULL;
	st->el_open = false;
	st->url = NULL;
	return CS_OK;
}

static json_t *status_pair(unsigned long err, unsigned long info)
{
	json_t *o = json_object();
	json_object_set_new(o, "error_status", cu_hex32(err));
	json_object_set_new(o, "info_status", cu_hex32(info));
	return o;
}

/* Finish the open verify observation into st->found. */
static cs_status finish_obs(cu_ctx *c, cu_state *st)
{
	if (st->ph == CU_PH_NONE)
		return CS_OK;
	/* A damaged element above the cut is the first thing to report. */
	if (st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN)
		CS_GUARD(close_element(c, st));
	/* A dump without its closing dashes was cut: its chain may lack
	 * elements, so it is no result to compare - unless asked for
	 * (--partial), then it is marked. */
	bool cut = st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN;
	if (cut && !st->allow_cut) {
		cs_diag_set(
		    c->d, c->name, st->dump_line, 1,
		    "the CERT_CHAIN_CONTEXT dump that starts here has no "
		    "closing line of dashes: the output was cut (import "
		    "what is there with --partial)");
		return CS_ERR_SYNTAX;
	}
	CS_GUARD(close_element(c, st));
	json_t *o = json_object();
	json_object_set_new(o, "source", json_string("certutil"));
	json_object_set_new(o, "line", json_integer(st->obs_line));
	if (st->flags_seen)
		json_object_set_new(o, "chain_flags",
		                    cu_hex32(st->chain_flags));
	/* The chain's status is known when the dump's status part was seen:
	 * after the banner certutil prints a line per set bit (none = 0). */
	bool have_chain =
	    st->banner || st->chain_seen || json_array_size(st->elements);
	if (have_chain) {
		json_t *chain = json_object();
		if (st->banner || st->chain_seen) {
			json_object_set_new(chain, "error_status",
			                    cu_hex32(st->chain_err));
			json_object_set_new(chain, "info_status",
			                    cu_hex32(st->chain_info));
		}
		json_object_set(chain, "elements", st->elements);
		json_object_set_new(o, "chain", chain);
		if (st->banner || st->simple_seen)
			json_object_set_new(
			    o, "simple_chain",
			    status_pair(st->simple_err, st->simple_info));
	}
	if (json_array_size(st->obs_urls))
		json_object_set(o, "urls", st->obs_urls);
	if (st->policy_result)
		json_object_set(o, "policy", st->policy_result);
	if (st->leaf_rev)
		json_object_set(o, "leaf_revocation", st->leaf_rev);
	json_object_update(o, st->extra);
	if (st->excerpt || !st->banner)
		if (have_chain || json_array_size(st->obs_urls))
			json_object_set_new(o, "excerpt", json_true());
	if (cut)
		json_object_set_new(o, "partial", json_true());
	/* source, line and nothing else: never an empty observation. */
	if (json_object_size(o) <= 2) {
		json_decref(o);
		cs_diag_set(c->d, c->name, st->obs_line, 1,
		            "certutil's lines before a chain dump, with no "
		            "dump and no result after them");
		return CS_ERR_SYNTAX;
	}
	json_array_append_new(st->found, o);
	state_clear_obs(st);
	return CS_OK;
}

static void finish_cache(cu_state *st)
{
	if (!st->cache)
		return;
	json_array_append_new(st->found, st->cache);
	st->cache = NULL;
}

static json_t *need_cache(cu_ctx *c, cu_state *st, const char *op)
{
	if (!st->cache) {
		st->cache = json_object();
		json_object_set_new(st->cache, "kind", json_string("cache"));
		json_object_set_new(st->cache, "source",
		                    json_string("certutil"));
		json_object_set_new(st->cache, "line", json_integer(c->lineno));
		json_object_set_new(st->cache, "op", json_string(op));
	}
	return st->cache;
}

/* Dump lines (status, elements): enter the dump, opening an observation -
 * after a finished dump, a new one. */
static cs_status enter_dump(cu_ctx *c, cu_state *st)
{
	if (st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN)
		return CS_OK;
	if (st->ph == CU_PH_TAIL && json_array_size(st->elements)) {
		cs_status rc = finish_obs(c, st);
		if (rc != CS_OK)
			return rc;
	}
	need_obs(c, st);
	st->ph = CU_PH_DUMP;
	st->dump_line = c->lineno;
	return CS_OK;
}

/* "CertContext[i][j]: dwInfoStatus=HEX dwErrorStatus=HEX" */
static cs_status element_line(cu_ctx *c, cu_state *st, const char *s)
{
	unsigned chain_i, el_j;
	char info[16], err[16];
	unsigned long vi, ve;
	if (sscanf(s,
	           "CertContext[%u][%u]: dwInfoStatus=%15s dwErrorStatus=%15s",
	           &chain_i, &el_j, info, err) != 4 ||
	    !cu_parse_hex(info, strlen(info), &vi) ||
	    !cu_parse_hex(err, strlen(err), &ve))
		return cu_fail(
		    c, s, "expected %s",
		    "CertContext[i][j]: dwInfoStatus=HEX dwErrorStatus=HEX");
	cs_status rc = enter_dump(c, st);
	if (rc == CS_OK)
		rc = close_element(c, st);
	if (rc != CS_OK)
		return rc;
	if (chain_i > 0) { /* further simple chains: counted, not listed */
		json_object_set_new(st->extra, "simple_chains",
		                    json_integer(chain_i + 1));
		return CS_OK;
	}
	/* A pasted excerpt starts at some element: the first one seen fixes
	 * the numbering; after that they come in order. */
	size_t have = json_array_size(st->elements);
	if (have == 0) {
		st->el_first = el_j;
		st->excerpt |= el_j != 0;
	} else if (el_j != st->el_first + have) {
		return cu_fail(c, s, "%s", "CertContext elements out of order");
	}
	st->el_open = true;
	st->el_line = c->lineno;
	st->el_err = ve;
	st->el_info = vi;
	st->el_sum_err = st->el_sum_info = 0;
	st->el_err_seen = st->el_info_seen = st->el_elided = false;
	st->el_in_crl = false;
	st->el_urls = json_array();
	st->in_url_section = false;
	return CS_OK;
}

static cs_status pre_dump_line(cu_ctx *c, cu_state *st, const char *s, size_t n)
{
	if (st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN)
		return cu_fail(c, s,
		               "a new chain's header inside the chain dump "
		               "that starts at line %u: the dump is cut off",
		               st->dump_line);
	if (st->ph == CU_PH_TAIL) {
		cs_status rc = finish_obs(c, st);
		if (rc != CS_OK)
			return rc;
	}
	if (st->ph == CU_PH_NONE)
		open_obs(st, c->lineno, CU_PH_PRE);
	unsigned long v;
	if (cu_starts(s, "ChainFlags = ")) {
		const char *open = strrchr(s, '(');
		if (!open || s[n - 1] != ')' ||
		    !cu_parse_hex(open + 1, n - (size_t)(open + 1 - s) - 1, &v))
			return cu_fail(c, s, "expected %s",
			               "ChainFlags = SYMBOL (0xHEX)");
		st->chain_flags |= v;
		st->flags_seen = true;
	} else if (cu_starts(s, "CERT_CHAIN_POLICY_")) {
		size_t k = 0;
		for (const char *p = s + 18;
		     (size_t)(p - s) < n && k + 1 < sizeof st->policy; p++)
			st->policy[k++] =
			    *p == '_' ? '-' : (char)tolower((unsigned char)*p);
		st->policy[k] = 0;
	}
	return CS_OK;
}

static void set_policy(cu_state *st, unsigned long err)
{
	json_t *p = json_object();
	json_object_set_new(p, "name",
	                    json_string(st->policy[0] ? st->policy : "base"));
	json_object_set_new(p, "error", cu_hresult(err));
	json_decref(st->policy_result);
	st->policy_result = p;
}

static void set_leaf_rev(cu_state *st, unsigned long err, long reason)
{
	json_t *r = st->leaf_rev ? st->leaf_rev : json_object();
	json_object_set_new(r, "error", cu_hresult(err));
	if (reason >= 0)
		json_object_set_new(r, "reason", json_integer(reason));
	st->leaf_rev = r;
}

/* "CertUtil: -X command completed successfully." / "... FAILED: 0x.." */
static cs_status command_line(cu_ctx *c, cu_state *st, const char *s, size_t n)
{
	const char *cmd = s + 10;
	size_t cl = strcspn(cmd, " ");
	const char *rest = cmd + cl;
	while (*rest == ' ')
		rest++;
	unsigned long v = 0;
	bool ok = cu_text_starts(rest, CU_T_COMMAND_OK, NULL, NULL);
	bool failed = !ok && cu_trailing_hresult(s, n, &v);
	if (!ok && !failed)
		return CS_OK; /* a message, not the closing line */
	if (cl == 7 && strncasecmp(cmd, "-verify", 7) == 0) {
		need_obs(c, st);
		json_object_set_new(st->extra, "completed", json_boolean(ok));
		if (failed)
			json_object_set_new(st->extra, "command_error",
			                    cu_hresult(v));
		return finish_obs(c, st);
	}
	cs_status rc = finish_obs(c, st);
	if (rc != CS_OK)
		return rc;
	json_t *o;
	if (cl == 9 && strncasecmp(cmd, "-URLCache", 9) == 0 && st->cache) {
		o = st->cache;
		st->cache = NULL;
	} else {
		finish_cache(st);
		o = json_object();
		json_object_set_new(o, "kind", json_string("command"));
		json_object_set_new(o, "source", json_string("certutil"));
		json_object_set_new(o, "line", json_integer(c->lineno));
		json_object_set_new(o, "command", json_stringn(cmd, cl));
	}
	json_object_set_new(o, "completed", json_boolean(ok));
	if (failed)
		json_object_set_new(o, "command_error", cu_hresult(v));
	json_array_append_new(st->found, o);
	return CS_OK;
}

/* A CRL block under an element ("CRL 15:" or "Delta CRL 16:", then its
 * Issuer/ThisUpdate/NextUpdate lines and "CRL: <SHA-1>"): recorded as
 * crls[{element, number, delta, thumbprint_sha1}] - what `capisim
 * reproduce` looks for among the given files. */
static void crl_block(cu_state *st, const char *s, size_t n)
{
	bool delta = cu_starts(s, "Delta ");
	const char *num = s + (delta ? 10 : 4);
	json_t *crl = json_object();
	json_object_set_new(
	    crl, "element",
	    json_integer(st->el_first + json_array_size(st->elements)));
	json_object_set_new(crl, "number",
	                    json_stringn(num, n - (size_t)(num - s) - 1));
	json_object_set_new(crl, "delta", json_boolean(delta));
	json_t *list = json_object_get(st->extra, "crls");
	if (!list) {
		list = json_array();
		json_object_set_new(st->extra, "crls", list);
	}
	json_array_append_new(list, crl);
}

static void crl_thumbprint(cu_state *st, const char *sha1)
{
	json_t *list = json_object_get(st->extra, "crls");
	json_t *last = json_array_get(list, json_array_size(list) - 1);
	if (last && !json_object_get(last, "thumbprint_sha1"))
		json_object_set_new(last, "thumbprint_sha1", json_string(sha1));
}

static bool is_sha1_hex(const char *s, size_t n)
{
	return n == 40 && strspn(s, "0123456789abcdefABCDEF") == 40;
}

/* Lines of the element blocks and URL sections. True when s was one. The
 * layout is recorded: "cert-line" (a "Cert: <SHA-1>" line, Windows 10 and
 * later) or "hex-lines" (the SHA-1 as spaced hex bytes, Windows 7 / 8.1). */
static bool element_detail(cu_state *st, const char *s, size_t n)
{
	char sha1[41];
	if (!st->el_open)
		return false;
	if (cu_starts(s, "Cert: ") && !st->el_thumb && !st->el_in_crl) {
		st->el_thumb = json_stringn(s + 6, n - 6);
		json_object_set_new(st->extra, "layout",
		                    json_string("cert-line"));
		return true;
	}
	if (cu_starts(s, "Subject: ") && !st->el_subject && !st->el_in_crl) {
		st->el_subject = json_stringn(s + 9, n - 9);
		return true;
	}
	/* The older layout (Windows 7 / 8.1, and localised copies of it):
	 * the SHA-1 as spaced hex bytes under Serial:, no "Cert:" line. */
	if (!st->el_thumb && !st->el_in_crl && cu_spaced_sha1(s, n, sha1)) {
		st->el_thumb = json_string(sha1);
		json_object_set_new(st->extra, "layout",
		                    json_string("hex-lines"));
		return true;
	}
	if ((cu_starts(s, "CRL ") || cu_starts(s, "Delta CRL ")) &&
	    s[n - 1] == ':') {
		st->el_in_crl = true;
		crl_block(st, s, n);
		return true;
	}
	if (st->el_in_crl && cu_starts(s, "CRL: ") &&
	    is_sha1_hex(s + 5, n - 5)) {
		char lower[41];
		for (size_t k = 0; k < 40; k++)
			lower[k] = (char)tolower((unsigned char)s[5 + k]);
		lower[40] = 0;
		crl_thumbprint(st, lower);
		return true;
	}
	if (st->el_in_crl && cu_spaced_sha1(s, n, sha1)) {
		crl_thumbprint(st, sha1);
		return true;
	}
	return false;
}

static cs_status url_lines(cu_ctx *c, cu_state *st, const char *s, size_t n,
                           bool *done)
{
	unsigned long v;
	const char *title;
	size_t tlen;
	*done = true;
	if (cu_section_banner(s, n, &title, &tlen)) {
		need_obs(c, st);
		st->in_url_section = true;
		st->url = NULL;
		return CS_OK;
	}
	if (s[0] == '-' && strspn(s, "-") == n && n >= 28 && n < 35) {
		st->in_url_section =
		    false; /* the end of an element's sections */
		st->el_in_crl = false;
		return CS_OK;
	}
	json_t *u;
	need_obs(c, st);
	json_t *urls = st->el_open ? st->el_urls : st->obs_urls;
	if (cu_url_status_line(s, n, urls, &u)) {
		st->url = u;
		return CS_OK;
	}
	const char *br = s[0] == '[' ? strchr(s, ']') : NULL;
	if (st->url && br && br[1] == ' ' && cu_is_url(br + 2) &&
	    !json_object_get(st->url, "url")) {
		json_object_set_new(st->url, "url", json_string(br + 2));
		return CS_OK;
	}
	size_t el;
	if (st->url && cu_text_starts(s, CU_T_ERROR_RETRIEVING, &el, NULL) &&
	    cu_trailing_hresult(s, n, &v)) {
		json_object_set_new(st->url, "error", cu_hresult(v));
		return CS_OK;
	}
	if (st->url && st->in_url_section && cu_is_url(s) &&
	    !json_object_get(st->url, "url")) {
		json_object_set_new(st->url, "url", json_stringn(s, n));
		return CS_OK;
	}
	*done = false;
	return CS_OK;
}

static cs_status result_lines(cu_ctx *c, cu_state *st, const char *s, size_t n,
                              bool *done)
{
	unsigned long v = 0;
	size_t len;
	*done = true;
	if (cu_text_starts(s, CU_T_LEAF_REV_PASSED, NULL, NULL)) {
		need_obs(c, st);
		set_leaf_rev(st, 0, -1);
	} else if (cu_text_starts(s, CU_T_LEAF_REV_ERROR, NULL, NULL)) {
		if (!cu_trailing_hresult(s, n, &v))
			return cu_fail(c, s, "expected %s",
			               "... 0xHEX (-DEC SYMBOL) at the end");
		need_obs(c, st);
		set_leaf_rev(st, v, -1);
	} else if (cu_text_starts(s, CU_T_LEAF_REVOKED, &len, NULL)) {
		/* "Leaf certificate is REVOKED (Reason=5)" */
		long reason = -1;
		const char *r = strstr(s + len, "(Reason=");
		if (r)
			reason = strtol(r + 8, NULL, 16);
		need_obs(c, st);
		set_leaf_rev(st, CS_CRYPT_E_REVOKED, reason);
	} else if (cu_text_starts(s, CU_T_CERT_REVOKED, &len, NULL) &&
	           len == n) {
		need_obs(c, st);
		if (!st->leaf_rev)
			set_leaf_rev(st, CS_CRYPT_E_REVOKED, -1);
	} else if (cu_text_starts(s, CU_T_CERT_IS_CA, &len, NULL) && len == n) {
		need_obs(c, st);
		json_object_set_new(st->extra, "cert_is_ca", json_true());
	} else if (cu_text_starts(s, CU_T_CERT_IS_END_ENTITY, &len, NULL) &&
	           len == n) {
		need_obs(c, st);
		json_object_set_new(st->extra, "cert_is_ca", json_false());
	} else if (strstr(s, " verifies as issued by ")) {
		/* certutil -verify CertFile CACertFile: no chain built */
		need_obs(c, st);
		json_t *r = json_object();
		json_object_set_new(r, "result", json_string("verified"));
		if (strstr(s, "-- Revocation check skipped."))
			json_object_set_new(r, "revocation",
			                    json_string("skipped"));
		json_object_set_new(st->extra, "ca_file_check", r);
	} else if (cu_text_starts(s, CU_T_URLCACHE_DELETED, &len, NULL)) {
		json_t *o = need_cache(c, st, "delete");
		json_object_set_new(o, "deleted", json_integer(atol(s + len)));
	} else if (cu_text_starts(s, CU_T_URLCACHE_ENTRIES, &len, NULL)) {
		json_t *o = need_cache(c, st, "list");
		json_object_set_new(o, "count", json_integer(atol(s + len)));
	} else {
		*done = false;
	}
	return CS_OK;
}

static cs_status one_line(cu_ctx *c, cu_state *st, const char *s, size_t n)
{
	char cmd[sizeof st->command];
	bool done;
	cs_status rc;
	if (cu_elision(s, n)) {
		st->excerpt = true;
		st->el_elided = st->el_open;
		return CS_OK;
	}
	if (cu_prompt(s, cmd, sizeof cmd)) {
		rc = finish_obs(c, st);
		finish_cache(st);
		memcpy(st->command, cmd, sizeof cmd);
		return rc;
	}
	if (cu_starts(s, "CertUtil: -"))
		return command_line(c, st, s, n);
	/* `certutil -scinfo`'s first line, for pastes without the prompt */
	if (cu_starts(s, "The Microsoft Smart Card Resource Manager")) {
		snprintf(st->command, sizeof st->command, "-scinfo");
		return CS_OK;
	}
	if (cu_starts(s, "-------- CERT_CHAIN_CONTEXT --------") ||
	    cu_starts(s, "-------- CERT_CHAIN_CONTEXT--------")) {
		if (st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN)
			return cu_fail(
			    c, s,
			    "a new chain dump before the one that "
			    "starts at line %u ended: that one is cut "
			    "off",
			    st->dump_line);
		if (st->ph == CU_PH_TAIL && (rc = finish_obs(c, st)) != CS_OK)
			return rc;
		if (st->ph == CU_PH_NONE)
			open_obs(st, c->lineno, CU_PH_PRE);
		st->ph = CU_PH_DUMP;
		st->banner = true;
		st->dump_line = c->lineno;
		return CS_OK;
	}
	if (cu_starts(s, "dwFlags = ") || cu_starts(s, "ChainFlags = ") ||
	    cu_starts(s, "HCCE_") || cu_starts(s, "CERT_CHAIN_POLICY_"))
		return pre_dump_line(c, st, s, n);
	if (cu_starts(s, "ChainContext.dw") || cu_starts(s, "SimpleChain.dw") ||
	    cu_starts(s, "Element.dw")) {
		if (strstr(s, "RevocationFreshnessTime"))
			return CS_OK;
		if ((rc = enter_dump(c, st)) != CS_OK)
			return rc;
		return cu_status_line(c, st, s, n);
	}
	if (cu_starts(s, "CertContext["))
		return element_line(c, st, s);
	if (cu_starts(s, "Exclude leaf cert:")) {
		if ((rc = enter_dump(c, st)) != CS_OK)
			return rc;
		return close_element(c, st);
	}
	if (cu_starts(s, "Full chain:")) {
		if ((rc = enter_dump(c, st)) != CS_OK ||
		    (rc = close_element(c, st)) != CS_OK)
			return rc;
		st->ph = CU_PH_FULL_CHAIN;
		return CS_OK;
	}
	if (s[0] == '-' && strspn(s, "-") == n && n >= 35) {
		/* The end of the dump: the policy passed unless it printed an
		 * error under "Full chain:". */
		if (st->ph == CU_PH_FULL_CHAIN && !st->policy_result)
			set_policy(st, 0);
		if (st->ph == CU_PH_DUMP || st->ph == CU_PH_FULL_CHAIN) {
			if ((rc = close_element(c, st)) != CS_OK)
				return rc;
			st->ph = CU_PH_TAIL;
		}
		return CS_OK;
	}
	unsigned long v;
	if (st->ph == CU_PH_FULL_CHAIN) {
		/* The policy's error: "<message> 0xHEX (-DEC SYMBOL)". */
		if (cu_trailing_hresult(s, n, &v))
			set_policy(st, v);
		return CS_OK;
	}
	if (st->ph == CU_PH_DUMP && element_detail(st, s, n))
		return CS_OK;
	if ((rc = result_lines(c, st, s, n, &done)) != CS_OK || done)
		return rc;
	if (st->ph == CU_PH_DUMP || st->in_url_section ||
	    cu_section_banner(s, n, &(const char *){NULL}, &(size_t){0}) ||
	    strchr(s, '"') || s[0] == '[' ||
	    cu_text_starts(s, CU_T_ERROR_RETRIEVING, NULL, NULL)) {
		bool was_open = st->ph != CU_PH_NONE;
		if ((rc = url_lines(c, st, s, n, &done)) != CS_OK || done)
			return rc;
		if (!was_open)
			state_clear_obs(st); /* opened for nothing */
	}
	/* A bare URL that no URL check claims: a `certutil -urlcache`
	 * listing's line. */
	if (cu_is_url(s) && st->ph != CU_PH_DUMP) {
		if (!st->cache && strcmp(st->command, "-urlcache") != 0 &&
		    st->ph != CU_PH_NONE)
			return CS_OK; /* a URL quoted among result lines */
		if ((rc = finish_obs(c, st)) != CS_OK)
			return rc;
		json_t *o = need_cache(c, st, "list");
		json_t *entries = json_object_get(o, "entries");
		if (!entries) {
			entries = json_array();
			json_object_set_new(o, "entries", entries);
		}
		json_t *e = json_object();
		json_object_set_new(e, "url", json_stringn(s, n));
		json_array_append_new(entries, e);
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
	cu_ctx c = {name, d, 0, empty, 0, empty, 0};
	cu_state st;
	memset(&st, 0, sizeof st);
	st.found = json_array();
	st.allow_cut = allow_cut;
	char buf[4096];
	cs_status rc = CS_OK;
	const char *last = text; /* the last line read, for errors at the end */
	size_t lastlen = 0;
	unsigned last_no = 1;
	for (const char *s = text; *s && rc == CS_OK;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		/* Trimmed copy: leading blanks (certutil indents), trailing
		 * CR/blanks. */
		size_t a = 0, b = len;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == '\r' || s[b - 1] == ' ' ||
		                 s[b - 1] == '\t'))
			b--;
		c.lineno++;
		c.raw = s;
		c.rawlen = len;
		c.buf = buf;
		c.indent = a;
		if (b - a >= sizeof buf) {
			buf[0] = 0;
			rc = cu_fail(&c, buf, "%s", "line too long");
			break;
		}
		memcpy(buf, s + a, b - a);
		buf[b - a] = 0;
		/* certutil never starts a line with '#': those are the header
		 * lines of the project's evidence files ("# source: ..."). */
		if (b > a && s[0] != '#') {
			rc = one_line(&c, &st, buf, b - a);
			last = s;
			lastlen = len;
			last_no = c.lineno;
		}
		s += len + (nl != NULL);
	}
	/* Errors at the end of the text point at its last line. */
	c.buf = empty;
	c.indent = 0;
	c.raw = last;
	c.rawlen = lastlen;
	if (rc == CS_OK)
		c.lineno = last_no;
	if (rc == CS_OK)
		rc = finish_obs(&c, &st);
	if (rc == CS_OK)
		finish_cache(&st);
	if (rc == CS_OK && json_array_size(st.found) == 0 && st.command[0]) {
		cs_diag_set(
		    d, name, c.lineno, 1,
		    "the `certutil %s` output ends here with no chain "
		    "dump, no result line and no \"CertUtil: %s command "
		    "...\" closing line: a truncated paste",
		    st.command, st.command);
		cs_diag_source(d, c.raw, c.rawlen);
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK && json_array_size(st.found) == 0) {
		cs_diag_set(
		    d, name, 1, 1,
		    "no certutil output found (expected a "
		    "\"-------- CERT_CHAIN_CONTEXT --------\" dump, its "
		    "result lines or a \"CertUtil: -command ...\" "
		    "closing line)");
		rc = CS_ERR_SYNTAX;
	}
	if (rc == CS_OK)
		json_array_extend(out, st.found);
	state_clear_obs(&st);
	json_decref(st.cache);
	json_decref(st.found);
	return rc;
}
