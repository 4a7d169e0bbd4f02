/* CRL and CTL store entries (see storeadd.h). */
#include "pki/storeadd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ascii.h"
#include "model/error.h"
#include "pki/crl_match.h"
#include "model/hresult.h"

static const struct {
	unsigned value;
	const char *word, *name;
} dispositions[] = {
#define CS_STORE_ADD_ROW(id, value, word) {value, word, "CERT_STORE_ADD_" #id},
    CS_STORE_ADD_DISPOSITIONS(CS_STORE_ADD_ROW)
#undef CS_STORE_ADD_ROW
};
#define NDISP (sizeof dispositions / sizeof *dispositions)

const char *cs_store_add_word(unsigned disposition)
{
	for (size_t i = 0; i < NDISP; i++)
		if (dispositions[i].value == disposition)
			return dispositions[i].word;
	return NULL;
}

bool cs_store_add_valid(unsigned disposition)
{
	return cs_store_add_word(disposition) != NULL;
}

bool cs_store_add_parse(const char *text, unsigned *out)
{
	for (size_t i = 0; i < NDISP; i++)
		if (cs_ascii_ieq(text, dispositions[i].word) ||
		    cs_ascii_ieq(text, dispositions[i].name)) {
			*out = dispositions[i].value;
			return true;
		}
	if (text[0] >= '1' && text[0] <= '7' && !text[1]) {
		*out = (unsigned)(text[0] - '0');
		return true;
	}
	return false;
}

/* What happens to a new object given the first matching entry (found:
 * index of it, or SIZE_MAX) and whether the new one is newer than it. */
typedef enum { ACT_APPEND, ACT_REPLACE, ACT_KEEP, ACT_REFUSE } action;

static action decide(unsigned disposition, size_t found, bool newer,
                     cs_store_add_result *r)
{
	bool have = found != SIZE_MAX;
	switch (disposition) {
	case CS_STORE_ADD_ALWAYS:
		return ACT_APPEND;
	case CS_STORE_ADD_NEW:
		if (have)
			r->what = "a matching entry exists";
		return have ? ACT_REFUSE : ACT_APPEND;
	case CS_STORE_ADD_USE_EXISTING:
		return have ? ACT_KEEP : ACT_APPEND;
	case CS_STORE_ADD_REPLACE_EXISTING:
	case CS_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES:
		return have ? ACT_REPLACE : ACT_APPEND;
	case CS_STORE_ADD_NEWER:
	case CS_STORE_ADD_NEWER_INHERIT_PROPERTIES:
		if (have && !newer)
			r->what = "the matching entry is as new or newer";
		return !have ? ACT_APPEND : newer ? ACT_REPLACE : ACT_REFUSE;
	}
	return ACT_REFUSE;
}

static void finish(action a, size_t found, size_t appended,
                   cs_store_add_result *r)
{
	r->ok = a != ACT_REFUSE;
	r->error = r->ok ? 0 : CS_CRYPT_E_EXISTS;
	if (a == ACT_APPEND)
		r->what = "added";
	else if (a == ACT_REPLACE)
		r->what = "replaced";
	else if (a == ACT_KEEP)
		r->what = "kept the existing entry";
	r->index = a == ACT_APPEND ? appended : found;
}

cs_status cs_store_add_crl(cs_store *s, const cs_crl *crl, unsigned disposition,
                           cs_store_add_result *r)
{
	memset(r, 0, sizeof *r);
	CS_ENSURE(cs_store_add_valid(disposition), CS_ERR_RANGE);
	size_t found = 0;
	cs_crl_find f = {.type = CS_CRL_FIND_EXISTING, .existing = crl};
	if (!cs_store_find_crl(s, &f, &found))
		found = SIZE_MAX;
	bool newer =
	    found != SIZE_MAX && s->crls[found]->this_update < crl->this_update;
	action a = decide(disposition, found, newer, r);
	if (a == ACT_APPEND)
		CS_GUARD(cs_store_crl_append(s, crl));
	if (a == ACT_REPLACE)
		cs_store_crl_replace(s, found, crl);
	finish(a, found, s->ncrls - 1, r);
	return CS_OK;
}

static bool bytes_eq(const uint8_t *a, size_t alen, const uint8_t *b,
                     size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool usages_equal(const cs_ctl *a, const cs_ctl *b)
{
	if (a->nusages != b->nusages)
		return false;
	for (size_t i = 0; i < a->nusages; i++)
		if (!cs_ctl_has_usage(b, a->usages[i]))
			return false;
	return true;
}

bool cs_ctl_same_identity(const cs_ctl *a, const cs_ctl *b)
{
	return bytes_eq(a->signer_issuer, a->signer_issuer_len,
	                b->signer_issuer, b->signer_issuer_len) &&
	       bytes_eq(a->signer_serial, a->signer_serial_len,
	                b->signer_serial, b->signer_serial_len) &&
	       usages_equal(a, b) && a->has_list_id == b->has_list_id &&
	       bytes_eq(a->list_id, a->list_id_len, b->list_id, b->list_id_len);
}

cs_status cs_store_add_ctl(cs_store *s, const cs_ctl *ctl, unsigned disposition,
                           cs_store_add_result *r)
{
	memset(r, 0, sizeof *r);
	CS_ENSURE(cs_store_add_valid(disposition), CS_ERR_RANGE);
	size_t found = SIZE_MAX;
	for (size_t i = 0; i < s->nctls && found == SIZE_MAX; i++)
		if (cs_ctl_same_identity(s->ctls[i], ctl))
			found = i;
	bool newer =
	    found != SIZE_MAX && s->ctls[found]->this_update < ctl->this_update;
	action a = decide(disposition, found, newer, r);
	if (a == ACT_APPEND)
		CS_GUARD(cs_store_ctl_append(s, ctl));
	if (a == ACT_REPLACE)
		cs_store_ctl_replace(s, found, ctl);
	finish(a, found, s->nctls - 1, r);
	return CS_OK;
}

bool cs_crl_find_matches(const cs_crl *crl, const cs_crl_find *f)
{
	switch (f->type) {
	case CS_CRL_FIND_ANY:
		return true;
	case CS_CRL_FIND_ISSUED_BY:
		return cs_crl_issued_by(crl, f->cert, f->flags);
	case CS_CRL_FIND_EXISTING:
		return !f->existing ||
		       bytes_eq(crl->issuer_der.data, crl->issuer_der.len,
		                f->existing->issuer_der.data,
		                f->existing->issuer_der.len);
	case CS_CRL_FIND_ISSUED_FOR:
		return cs_crl_issued_for(crl, f->subject, f->issuer, f->flags);
	}
	return false;
}

bool cs_store_find_crl(const cs_store *s, const cs_crl_find *f, size_t *at)
{
	for (size_t i = *at; i < s->ncrls; i++)
		if (cs_crl_find_matches(s->crls[i], f)) {
			*at = i;
			return true;
		}
	return false;
}
