/* Reading ../shared/winetests/cases.json (its README describes the fields)
 * into cf_case, and which Windows rows an older answer of the test belongs
 * to. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/clock.h"
#include "tests/conformance/conformance.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static uint32_t u32(json_t *o, const char *k)
{
	return (uint32_t)json_integer_value(json_object_get(o, k));
}

static size_t names(json_t *arr, const char **out, size_t cap)
{
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(arr, i, v) if (n < cap && json_is_string(v))
	    out[n++] = json_string_value(v);
	return n;
}

/* The Windows rows a note of the test names. The test names XP, Windows
 * versions "prior to Vista", and unnamed "earlier" / "older" versions or
 * crypt32s: those are the pre-Vista rows (XP and Server 2003 share
 * crypt32 5.131). Windows 98 and NT 4, also named, have no row; a note about
 * whether the test machine trusts a root names no Windows at all. */
static void note_profiles(const char *note, bool out[CS_PROFILE_COUNT])
{
	static const char *const older[] = {"XP",
	                                    "prior to Vista",
	                                    "Earlier versions",
	                                    "earlier versions",
	                                    "Older versions",
	                                    "older versions",
	                                    "older crypt32",
	                                    "older systems",
	                                    "older Windows"};
	memset(out, 0, CS_PROFILE_COUNT * sizeof *out);
	if (!note)
		return;
	for (size_t i = 0; i < sizeof older / sizeof *older; i++)
		if (strstr(note, older[i]))
			out[CS_PROFILE_XP_SP3] = out[CS_PROFILE_SERVER_2003] =
			    true;
	if (strstr(note, "win7 + win8")) {
		static const cs_profile_id win78[] = {
		    CS_PROFILE_WIN7_RTM,
		    CS_PROFILE_WIN7_SP1,
		    CS_PROFILE_WIN7_SP1_KB2666300,
		    CS_PROFILE_SERVER_2008R2,
		    CS_PROFILE_SERVER_2008R2_KB2666300,
		    CS_PROFILE_SERVER_2012};
		for (size_t i = 0; i < sizeof win78 / sizeof *win78; i++)
			out[win78[i]] = true;
	}
}

/* The named CERT_CHAIN_POLICY_STATUS alternatives of the test and the
 * comments above them in chain.c. */
static const char *status_note(const char *name)
{
	static const struct {
		const char *name, *note;
	} notes[] = {
	    {"untrustedRootStatus", "Win98 does not trust the root"},
	    {"badDateNestingStatus", "Windows NT 4 has a different error code"},
	    {"chain4BrokenStatus",
	     "On some older systems, the element index is set to 2"},
	    {"chain32BrokenStatus",
	     "older Windows versions without Microsoft Root Certificate "
	     "Authority 2010"},
	};
	for (size_t i = 0; name && i < sizeof notes / sizeof *notes; i++)
		if (strcmp(notes[i].name, name) == 0)
			return notes[i].note;
	return NULL;
}

static void chain_want(json_t *e, cf_result *r)
{
	json_t *ch = json_object_get(e, "chain"), *els, *el;
	size_t i;
	r->chain = (cf_status){u32(ch, "error"), u32(ch, "info")};
	els = json_object_get(e, "elements");
	json_array_foreach(els, i, el) if (r->n < CF_MAX_EL) r->el[r->n++] =
	    (cf_status){u32(el, "error"), u32(el, "info")};
}

static void policy_want(json_t *e, cf_result *r)
{
	r->error = u32(e, "dwError");
	r->chain_index =
	    (long)json_integer_value(json_object_get(e, "lChainIndex"));
	r->element_index =
	    (long)json_integer_value(json_object_get(e, "lElementIndex"));
}

/* The rows of two notes together. */
static void notes_profiles(const char *a, const char *b,
                           bool out[CS_PROFILE_COUNT])
{
	bool more[CS_PROFILE_COUNT];
	note_profiles(a, out);
	note_profiles(b, more);
	for (int i = 0; i < CS_PROFILE_COUNT; i++)
		out[i] = out[i] || more[i];
}

/* The chain tables' masks: the test explains them once, above chainCheck
 * (XP's HAS_PREFERRED_ISSUER, 98/NT4's NOT_TIME_NESTED); an entry's own
 * comment adds to that. */
static void read_broken(json_t *c, cf_case *k, const char *header_note)
{
	json_t *b = json_object_get(c, "broken");
	const char *note = str(c, "note");
	if (k->kind == CF_CHAIN && b) {
		cf_alt *a = &k->alt[k->nalt++];
		json_t *ig = json_object_get(b, "ignore");
		a->want = k->want;
		a->ignore = (cf_status){u32(ig, "error"), u32(ig, "info")};
		a->masked = true;
		a->why = note ? note : header_note;
		notes_profiles(note, header_note, a->profiles);
		size_t i;
		json_t *alt;
		json_array_foreach(json_object_get(b, "alternatives"), i, alt)
		{
			if (k->nalt == CF_MAX_ALT)
				break;
			a = &k->alt[k->nalt++];
			memset(a, 0, sizeof *a);
			chain_want(alt, &a->want);
			ig = json_object_get(alt, "ignore");
			a->ignore =
			    (cf_status){u32(ig, "error"), u32(ig, "info")};
			a->masked = true;
			a->why = str(alt, "label");
			note_profiles(a->why, a->profiles);
		}
	}
	if (k->kind == CF_POLICY && b) {
		json_t *st = json_object_get(b, "status");
		if (json_is_true(json_object_get(b, "any_zero_error"))) {
			/* broken(dwError == 0) carries no note in the test:
			 * accepted on no row */
			cf_alt *a = &k->alt[k->nalt++];
			a->any_zero_error = true;
			a->why = "broken(dwError == CERT_TRUST_NO_ERROR)";
		}
		if (st && json_is_object(st)) {
			cf_alt *a = &k->alt[k->nalt++];
			policy_want(st, &a->want);
			a->error_only = true;
			a->why = status_note(str(st, "name"));
			note_profiles(a->why, a->profiles);
		}
	}
	size_t i;
	json_t *ok;
	json_array_foreach(json_object_get(c, "also_ok"), i, ok)
	{
		if (k->nalt == CF_MAX_ALT)
			break;
		cf_alt *a = &k->alt[k->nalt++];
		policy_want(ok, &a->want);
		a->why = str(ok, "why");
		note_profiles(a->why, a->profiles);
	}
}

static bool read_case(json_t *c, cf_case *k, const char *header_note)
{
	memset(k, 0, sizeof *k);
	snprintf(k->id, sizeof k->id, "%s", str(c, "id"));
	const char *kind = str(c, "kind");
	k->kind = strcmp(kind, "policy") == 0        ? CF_POLICY
	          : strcmp(kind, "chain-bit") == 0   ? CF_CHAIN_BIT
	          : strcmp(kind, "chain-fails") == 0 ? CF_CHAIN_FAILS
	                                             : CF_CHAIN;
	if (strcmp(kind, "chain-adhoc") == 0) {
		json_t *needs = json_object_get(c, "needs");
		k->not_expressible =
		    json_string_value(json_array_get(needs, 0));
		if (!k->not_expressible)
			k->not_expressible = "needs the live network";
	}
	k->leaf = str(c, "leaf");
	k->include_store = json_is_true(json_object_get(c, "include_store"));
	k->nstore =
	    names(json_object_get(c, "store_certs"), k->store, CF_MAX_CERTS);
	k->nroots =
	    names(json_object_get(c, "trusted_roots"), k->roots, CF_MAX_CERTS);
	cs_filetime at;
	if (!str(c, "at") ||
	    cs_time_parse(str(c, "at"), &at, NULL, NULL) != CS_OK) {
		fprintf(stderr, "conformance: %s: no time\n", k->id);
		return false;
	}
	k->at = at;
	k->chain_flags = u32(c, "flags");
	k->nusages = names(json_object_get(c, "usages"), k->usages, 8);
	const char *m = str(c, "usage_match");
	k->match =
	    m && strcmp(m, "OR") == 0 ? CS_USAGE_MATCH_OR : CS_USAGE_MATCH_AND;
	json_t *e = json_object_get(c, "expected");
	if (k->kind == CF_POLICY) {
		k->policy = (cs_policy_id)u32(c, "policy_id");
		json_t *para = json_object_get(c, "para");
		json_t *ssl = json_object_get(para, "ssl");
		k->policy_flags = u32(para, "dwFlags");
		k->ssl_para = ssl && json_is_object(ssl);
		k->auth_type = (int)u32(ssl, "dwAuthType");
		k->ssl_checks = u32(ssl, "fdwChecks");
		k->server = str(ssl, "pwszServerName");
		policy_want(e, &k->want);
	} else if (k->kind == CF_CHAIN_BIT) {
		json_t *b = json_object_get(e, "chain.error");
		k->bit = u32(b, "bit");
		k->bit_set = json_is_true(json_object_get(b, "set"));
	} else if (k->kind == CF_CHAIN && !k->not_expressible) {
		chain_want(e, &k->want);
	}
	k->wine_todo = json_array_size(json_object_get(
	                   json_object_get(c, "wine_todo"), "names")) > 0;
	read_broken(c, k, header_note);
	return true;
}

bool cf_cases_load(const char *dir, cf_cases *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/cases.json", dir);
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	json_t *cases = json_object_get(root, "cases");
	if (!json_is_array(cases)) {
		fprintf(stderr, "conformance: %s:%d: %s\n", path, err.line,
		        root ? "no \"cases\" array" : err.text);
		json_decref(root);
		return false;
	}
	out->n = json_array_size(cases);
	out->v = calloc(out->n, sizeof *out->v);
	out->json = root;
	if (!out->v)
		return false;
	const char *header_note = NULL;
	for (size_t i = 0; i < out->n; i++) {
		json_t *c = json_array_get(cases, i);
		if (!header_note && str(c, "note") &&
		    strcmp(str(c, "group"), "chainCheck") == 0)
			header_note = str(c, "note");
	}
	for (size_t i = 0; i < out->n; i++) {
		if (!read_case(json_array_get(cases, i), &out->v[i],
		               header_note)) {
			cf_cases_free(out);
			return false;
		}
	}
	return true;
}

void cf_cases_free(cf_cases *c)
{
	free(c->v);
	json_decref(c->json);
	memset(c, 0, sizeof *c);
}
