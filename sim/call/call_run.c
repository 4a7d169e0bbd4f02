/* Playing a parsed call, and the function table (see call.h). */
#include <stdio.h>
#include <string.h>

#include "engine/api/api.h"
#include "engine/cryptnet/object_url.h"
#include "engine/revocation/verify_revocation.h"
#include "sim/call/call_impl.h"

#define PRESET_ERROR 0xDEADBEEFu /* what Wine's tests SetLastError first */

/* ---- arguments ---- */

static uint32_t num(const cs_call *c, const char *key, uint32_t dflt)
{
	const call_arg *a = call_arg_get(c, key);
	return a ? a->num : dflt;
}

static const call_obj *obj(const cs_call *c, const char *key)
{
	const call_arg *a = call_arg_get(c, key);
	return a && !a->is_null ? &a->obj : NULL;
}

static const struct cs_cert *cert(const cs_call *c, const char *key)
{
	const call_obj *o = obj(c, key);
	return o ? o->cert : NULL;
}

/* A store argument made real: a system store of m, a fresh memory store
 * (built by adding its objects in turn: an add a disposition refuses is
 * part of the setup, as in the tests), or none. */
typedef struct {
	cs_store mem;
	cs_store *s; /* what the call gets; NULL: the NULL handle */
} store_ref;

static cs_status open_store(const cs_call *c, cs_machine *m, cs_account acct,
                            const char *key, store_ref *ref)
{
	cs_store_init(&ref->mem);
	ref->s = NULL;
	const call_arg *a = call_arg_get(c, key);
	if (!a || a->store.kind == ST_NULL)
		return CS_OK;
	const call_store *cs = &a->store;
	if (cs->kind == ST_SYSTEM) {
		ref->s = cs->user ? &m->w.accounts[acct].stores[cs->id]
		                  : &m->w.machine_stores[cs->id];
		return CS_OK;
	}
	ref->s = &ref->mem;
	for (size_t i = 0; i < cs->nadds; i++) {
		const call_obj *o = &cs->obj[i];
		cs_store_add_result r;
		cs_status st = CS_OK;
		if (o->kind == OBJ_CERT)
			st = cs_store_add(&ref->mem, o->cert);
		else if (o->kind == OBJ_CRL)
			st = cs_store_add_crl(&ref->mem, o->crl, cs->disp[i],
			                      &r);
		else if (o->kind == OBJ_CTL)
			st = cs_store_add_ctl(&ref->mem, o->ctl, cs->disp[i],
			                      &r);
		/* an add the setup's disposition refuses is part of it */
		if (st != CS_OK && st != CS_ERR_RANGE)
			return st;
	}
	return CS_OK;
}

static void close_store(store_ref *ref)
{
	cs_store_free(&ref->mem);
}

/* ---- results ---- */

static cs_call_field *field(cs_call_result *r, const char *name,
                            cs_call_field_kind kind)
{
	if (r->nfields == CS_CALL_MAX_FIELDS)
		return NULL;
	cs_call_field *f = &r->fields[r->nfields++];
	memset(f, 0, sizeof *f);
	f->name = name;
	f->kind = kind;
	return f;
}

static void put_uint(cs_call_result *r, const char *name, int64_t v)
{
	cs_call_field *f = field(r, name, CS_CALL_FIELD_UINT);
	if (f)
		f->value = v;
}

static void put_error(cs_call_result *r, const char *name, uint32_t v)
{
	cs_call_field *f = field(r, name, CS_CALL_FIELD_ERROR);
	if (f)
		f->value = v;
}

static void put_hex(cs_call_result *r, const char *name, const uint8_t *p,
                    size_t n)
{
	cs_call_field *f =
	    field(r, name, p ? CS_CALL_FIELD_HEX : CS_CALL_FIELD_NULL);
	for (size_t i = 0; f && p && i < n && 2 * i + 2 < sizeof f->hex; i++)
		snprintf(f->hex + 2 * i, 3, "%02x", p[i]);
}

const cs_call_field *cs_call_result_field(const cs_call_result *r,
                                          const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name))
			return &r->fields[i];
	return NULL;
}

static void begin(const cs_call *c, cs_call_result *r)
{
	memset(r, 0, sizeof *r);
	r->function = c->fn->name;
	r->last_error = num(c, "preset-error", PRESET_ERROR);
}

/* ---- the functions ---- */

static cs_status run_revocation(const cs_call *c, cs_machine *m,
                                cs_account acct, cs_call_result *r,
                                bool via_crypt32)
{
	begin(c, r);
	const struct cs_cert *ctx[CALL_MAX_LIST];
	const call_arg *ca = call_arg_get(c, "contexts");
	size_t n = ca && !ca->is_null ? ca->nlist : 0;
	for (size_t i = 0; i < n; i++)
		ctx[i] = ca->list[i].cert;
	store_ref crls;
	cs_status st = open_store(c, m, acct, "crlstore", &crls);
	const call_arg *ta = call_arg_get(c, "time");
	const call_arg *pa = call_arg_get(c, "para");
	bool has_time = ta && !ta->is_null;
	const struct cs_cert *issuer = cert(c, "issuer");
	cs_rev_call call = {
	    .via_crypt32 = via_crypt32,
	    .encoding = num(c, "encoding", 1),
	    .type = num(c, "type", 1),
	    .count = num(c, "count", (uint32_t)n),
	    .contexts = n ? ctx : NULL,
	    .flags = num(c, "flags", 0),
	    .para = {.present =
	                 pa ? pa->num != 0 : (issuer || crls.s || has_time),
	             .issuer = issuer,
	             .crl_store = crls.s,
	             .has_time = has_time,
	             .time = has_time ? ta->time : 0}};
	if (call.count > n) /* more than were passed: what is there */
		call.count = (uint32_t)n;
	uint32_t fill = num(c, "status-fill", 0) & 0xff;
	fill |= fill << 8 | fill << 16 | fill << 24;
	cs_rev_status status = {.size = num(c, "status-size", 24),
	                        .index = fill,
	                        .error = fill,
	                        .reason = fill};
	bool ok = false;
	if (st == CS_OK)
		st = cs_verify_revocation(m, acct, &call, &ok, &r->last_error,
		                          &status);
	close_store(&crls);
	r->ret = ok;
	put_uint(r, "index", status.index);
	put_error(r, "error", status.error);
	put_uint(r, "reason", status.reason);
	return st;
}

static cs_status run_verify_revocation(const cs_call *c, cs_machine *m,
                                       cs_account acct, cs_call_result *r)
{
	return run_revocation(c, m, acct, r, true);
}

static cs_status run_dll_verify_revocation(const cs_call *c, cs_machine *m,
                                           cs_account acct, cs_call_result *r)
{
	return run_revocation(c, m, acct, r, false);
}

static cs_status run_get_issuer(const cs_call *c, cs_machine *m,
                                cs_account acct, cs_call_result *r)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	uint32_t flags = num(c, "flags", 0);
	const struct cs_cert *parent =
	    st == CS_OK ? cs_api_get_issuer(m, s.s, cert(c, "subject"), &flags,
	                                    &r->last_error)
	                : NULL;
	close_store(&s);
	r->ret = parent != NULL;
	r->ret_is_pointer = true;
	put_hex(r, "parent", parent ? parent->sha1 : NULL, 20);
	put_uint(r, "flags", flags);
	return st;
}

static cs_status run_verify_subject(const cs_call *c, cs_machine *m,
                                    cs_account acct, cs_call_result *r)
{
	(void)acct;
	begin(c, r);
	uint32_t flags = num(c, "flags", 0);
	r->ret = cs_api_verify_subject(m, cert(c, "subject"), cert(c, "issuer"),
	                               NULL, &flags, &r->last_error);
	put_uint(r, "flags", flags);
	return CS_OK;
}

static cs_api_blob blob_of(const cs_call *c)
{
	const call_obj *o = obj(c, "data");
	cs_api_blob b = {o ? o->der.data : NULL, o ? (uint32_t)o->der.len : 0};
	b.size = num(c, "size", b.size);
	if (b.data && b.size > (o ? o->der.len : 0))
		b.size = (uint32_t)o->der.len; /* never read past the bytes */
	return b;
}

static cs_status run_add_encoded(const cs_call *c, cs_machine *m,
                                 cs_account acct, cs_call_result *r, bool ctl)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	cs_store_add_result detail = {0};
	bool ok = false;
	if (st == CS_OK)
		st = (ctl ? cs_api_add_encoded_ctl : cs_api_add_encoded_crl)(
		    m, s.s, num(c, "encoding", 1), blob_of(c),
		    num(c, "disposition", 0), &ok, &r->last_error, &detail);
	r->ret = ok;
	if (detail.what)
		snprintf(r->detail, sizeof r->detail, "%s%s", detail.what,
		         s.s ? "" : " (the NULL store keeps nothing)");
	close_store(&s);
	return st;
}

static cs_status run_add_encoded_crl(const cs_call *c, cs_machine *m,
                                     cs_account acct, cs_call_result *r)
{
	return run_add_encoded(c, m, acct, r, false);
}

static cs_status run_add_encoded_ctl(const cs_call *c, cs_machine *m,
                                     cs_account acct, cs_call_result *r)
{
	return run_add_encoded(c, m, acct, r, true);
}

static cs_status run_add_crl_context(const cs_call *c, cs_machine *m,
                                     cs_account acct, cs_call_result *r)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	const call_obj *o = obj(c, "crl");
	bool copy = false, ok = false;
	if (st == CS_OK)
		st = cs_api_add_crl_context(m, s.s, o ? o->crl : NULL,
		                            num(c, "disposition", 0), &ok,
		                            &r->last_error, &copy);
	r->ret = ok;
	close_store(&s);
	put_uint(r, "copy", copy);
	return st;
}

static cs_status run_find_crl(const cs_call *c, cs_machine *m, cs_account acct,
                              cs_call_result *r)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	const call_obj *para = obj(c, "para");
	cs_crl_find f = {.type = num(c, "type", 0),
	                 .flags = num(c, "flags", 0),
	                 .cert = para ? para->cert : NULL,
	                 .existing = para ? para->crl : NULL,
	                 .subject = cert(c, "para-subject"),
	                 .issuer = cert(c, "para-issuer")};
	uint32_t enc = num(c, "encoding", 0);
	size_t at = 0;
	if (st == CS_OK && num(c, "enumerate", 0)) {
		r->no_ret = true;
		const struct cs_cert *of = cert(c, "entries-of");
		unsigned count = 0, revoked = 0;
		const cs_crl *crl;
		while ((
		    crl = cs_api_find_crl(s.s, enc, &f, &at, &r->last_error))) {
			count++;
			at++;
			cs_crl_entry_info e;
			bool listed = false;
			if (of)
				cs_api_find_cert_in_crl(of, crl, &e, &listed);
			revoked += listed;
		}
		put_uint(r, "count", count);
		put_uint(r, "revoked", revoked);
	} else if (st == CS_OK) {
		const cs_crl *crl =
		    cs_api_find_crl(s.s, enc, &f, &at, &r->last_error);
		r->ret = crl != NULL;
		r->ret_is_pointer = true;
		put_hex(r, "context", crl ? crl->sha1 : NULL, 20);
		if (crl)
			put_uint(r, "size", (int64_t)crl->der.len);
	}
	close_store(&s);
	return st;
}

static cs_status run_enum_ctls(const cs_call *c, cs_machine *m, cs_account acct,
                               cs_call_result *r)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	r->no_ret = true;
	put_uint(r, "count", s.s ? (int64_t)s.s->nctls : 0);
	close_store(&s);
	return st;
}

static cs_status run_get_crl(const cs_call *c, cs_machine *m, cs_account acct,
                             cs_call_result *r)
{
	begin(c, r);
	store_ref s;
	cs_status st = open_store(c, m, acct, "store", &s);
	uint32_t flags = num(c, "flags", 0);
	size_t at = 0;
	const cs_crl *crl = st == CS_OK
	                        ? cs_api_get_crl(m, s.s, cert(c, "issuer"), &at,
	                                         &flags, &r->last_error)
	                        : NULL;
	r->ret = crl != NULL;
	r->ret_is_pointer = true;
	put_hex(r, "context", crl ? crl->sha1 : NULL, 20);
	put_uint(r, "flags", flags);
	close_store(&s);
	return st;
}

static cs_status run_is_valid_crl(const cs_call *c, cs_machine *m,
                                  cs_account acct, cs_call_result *r)
{
	(void)m;
	(void)acct;
	begin(c, r);
	const call_obj *crl = obj(c, "crl");
	r->ret = crl &&
	         cs_api_is_valid_crl(cert(c, "cert"), crl->crl, &r->last_error);
	return CS_OK;
}

static cs_status run_find_cert_in_crl(const cs_call *c, cs_machine *m,
                                      cs_account acct, cs_call_result *r)
{
	(void)m;
	(void)acct;
	begin(c, r);
	const call_obj *crl = obj(c, "crl");
	const struct cs_cert *ce = cert(c, "cert");
	cs_crl_entry_info e = {0};
	bool listed = false;
	r->ret =
	    crl && ce && cs_api_find_cert_in_crl(ce, crl->crl, &e, &listed);
	put_hex(r, "entry", listed ? e.serial.data : NULL, e.serial.len);
	return CS_OK;
}

static cs_status run_verify_crl_revocation(const cs_call *c, cs_machine *m,
                                           cs_account acct, cs_call_result *r)
{
	(void)m;
	(void)acct;
	begin(c, r);
	const cs_crl *crls[CALL_MAX_LIST];
	const call_arg *a = call_arg_get(c, "crls");
	size_t n = a && !a->is_null ? a->nlist : 0;
	for (size_t i = 0; i < n; i++)
		crls[i] = a->list[i].crl;
	uint32_t count = num(c, "count", (uint32_t)n);
	r->ret =
	    cs_api_verify_crl_revocation(num(c, "encoding", 1), cert(c, "cert"),
	                                 crls, count < n ? count : n);
	return CS_OK;
}

static cs_status run_get_object_url(const cs_call *c, cs_machine *m,
                                    cs_account acct, cs_call_result *r)
{
	(void)m;
	(void)acct;
	begin(c, r);
	uint32_t array = num(c, "array", 0);
	cs_strlist urls;
	r->ret = cs_api_get_object_url(num(c, "oid", 0), cert(c, "object"),
	                               num(c, "flags", 0), array != 0, &urls,
	                               &r->last_error);
	if (r->ret && array == 2) {
		cs_call_field *f = field(r, "urls", CS_CALL_FIELD_LIST);
		for (size_t i = 0; f && i < urls.n && i < CS_CALL_MAX_LIST; i++)
			f->list[f->nlist++] = urls.v[i];
	}
	return CS_OK;
}

static cs_status run_retrieve(const cs_call *c, cs_machine *m, cs_account acct,
                              cs_call_result *r)
{
	begin(c, r);
	const call_arg *ua = call_arg_get(c, "url");
	cs_api_url url = {0};
	if (ua && !ua->is_null) {
		url.url = ua->file ? "file://" : ua->url;
		url.is_file = ua->file;
		url.file_exists = true;
		url.file_content = ua->obj.der;
	}
	uint32_t aux_mode = num(c, "aux", 0);
	cs_api_retrieve_aux aux = {.present = aux_mode != 0,
	                           .size = aux_mode == 1 ? 0 : 24,
	                           .want_sync = aux_mode == 3};
	uint32_t oid = num(c, "oid", 0), flags = num(c, "flags", 0),
	         timeout = num(c, "timeout", 0);
	cs_api_retrieved got;
	bool ok = false;
	cs_status st = CS_OK;
	if (ua && ua->deleted) {
		/* As the test: retrieved once while the file is there, then
		 * the file is deleted and the call made. */
		uint32_t ignored = 0;
		st = cs_api_retrieve_object(m, acct, &url, 1, 0, 0, NULL, &ok,
		                            &ignored, &got);
		url.file_exists = false;
	}
	if (st == CS_OK)
		st = cs_api_retrieve_object(m, acct, &url, oid, flags, timeout,
		                            &aux, &ok, &r->last_error, &got);
	r->ret = ok;
	put_uint(r, "object", got.object);
	if (ok && oid == 0) {
		put_uint(r, "blobs", got.blobs);
		put_uint(r, "blob0", got.blob0);
	}
	if (ok && oid == 5)
		put_uint(r, "certs", got.certs);
	if (aux.want_sync)
		put_uint(r, "sync", got.sync_set && got.sync != 0);
	return st;
}

/* The LONG of CertVerifyTimeValidity and CertVerifyCRLTimeValidity: -1
 * before from, 1 after to, else 0, at the call's time or the clock's. */
static void put_time_validity(const cs_call *c, cs_machine *m, cs_filetime from,
                              cs_filetime to, cs_call_result *r)
{
	const call_arg *t = call_arg_get(c, "time");
	r->ret = t && !t->is_null
	             ? cs_api_verify_time_validity(t->time, from, to)
	             : cs_api_time_validity_now(&m->w, from, to);
}

static cs_status run_time_validity(const cs_call *c, cs_machine *m,
                                   cs_account acct, cs_call_result *r)
{
	(void)acct;
	begin(c, r);
	r->no_ret = r->ret_is_long = true;
	const call_arg *nb = call_arg_get(c, "notbefore");
	const call_arg *na = call_arg_get(c, "notafter");
	put_time_validity(c, m, nb ? nb->time : 0, na ? na->time : 0, r);
	return CS_OK;
}

/* CertVerifyCRLTimeValidity: the same LONG on [ThisUpdate, NextUpdate]
 * (DOC: "-1 if pTimeToVerify is before ThisUpdate, +1 if after
 * NextUpdate"); a CRL without NextUpdate never expires (pki/crl.h). */
static cs_status run_crl_time_validity(const cs_call *c, cs_machine *m,
                                       cs_account acct, cs_call_result *r)
{
	(void)acct;
	begin(c, r);
	r->no_ret = r->ret_is_long = true;
	const call_obj *crl = obj(c, "crl");
	if (crl)
		put_time_validity(c, m, crl->crl->this_update,
		                  crl->crl->next_update, r);
	return CS_OK;
}

/* ---- the table ---- */

#define PRESET                                        \
	{                                             \
		"preset-error", A_NUM, OBJ_ANY, false \
	}
#define END                                 \
	{                                   \
		NULL, A_NUM, OBJ_ANY, false \
	}

static const call_key revocation_keys[] = {
    {"encoding", A_NUM, OBJ_ANY, false},
    {"type", A_NUM, OBJ_ANY, false},
    {"contexts", A_OBJLIST, OBJ_CERT, false},
    {"count", A_NUM, OBJ_ANY, false},
    {"flags", A_NUM, OBJ_ANY, false},
    {"para", A_NUM, OBJ_ANY, false},
    {"issuer", A_OBJ, OBJ_CERT, false},
    {"crlstore", A_STORE, OBJ_ANY, false},
    {"time", A_TIME, OBJ_ANY, false},
    {"status-size", A_NUM, OBJ_ANY, false},
    {"status-fill", A_NUM, OBJ_ANY, false},
    PRESET,
    END};
static const call_key get_issuer_keys[] = {{"store", A_STORE, OBJ_ANY, true},
                                           {"subject", A_OBJ, OBJ_CERT, false},
                                           {"flags", A_NUM, OBJ_ANY, false},
                                           PRESET,
                                           END};
static const call_key verify_subject_keys[] = {
    {"subject", A_OBJ, OBJ_CERT, false},
    {"issuer", A_OBJ, OBJ_CERT, false},
    {"flags", A_NUM, OBJ_ANY, false},
    PRESET,
    END};
static const call_key add_encoded_keys[] = {
    {"store", A_STORE, OBJ_ANY, true},
    {"encoding", A_NUM, OBJ_ANY, false},
    {"data", A_OBJ, OBJ_BYTES, true},
    {"size", A_NUM, OBJ_ANY, false},
    {"disposition", A_NUM, OBJ_ANY, true},
    {"out", A_NUM, OBJ_ANY, false},
    PRESET,
    END};
static const call_key add_crl_context_keys[] = {
    {"store", A_STORE, OBJ_ANY, true},
    {"crl", A_OBJ, OBJ_CRL, true},
    {"disposition", A_NUM, OBJ_ANY, true},
    PRESET,
    END};
static const call_key find_crl_keys[] = {
    {"store", A_STORE, OBJ_ANY, true},
    {"encoding", A_NUM, OBJ_ANY, false},
    {"flags", A_NUM, OBJ_ANY, false},
    {"type", A_NUM, OBJ_ANY, false},
    {"para", A_OBJ, OBJ_ANY, false},
    {"para-subject", A_OBJ, OBJ_CERT, false},
    {"para-issuer", A_OBJ, OBJ_CERT, false},
    {"enumerate", A_NUM, OBJ_ANY, false},
    {"entries-of", A_OBJ, OBJ_CERT, false},
    PRESET,
    END};
static const call_key store_keys[] = {
    {"store", A_STORE, OBJ_ANY, true}, PRESET, END};
static const call_key get_crl_keys[] = {{"store", A_STORE, OBJ_ANY, true},
                                        {"issuer", A_OBJ, OBJ_CERT, false},
                                        {"flags", A_NUM, OBJ_ANY, false},
                                        PRESET,
                                        END};
static const call_key cert_crl_keys[] = {{"cert", A_OBJ, OBJ_CERT, false},
                                         {"crl", A_OBJ, OBJ_CRL, true},
                                         {"flags", A_NUM, OBJ_ANY, false},
                                         PRESET,
                                         END};
static const call_key verify_crl_revocation_keys[] = {
    {"encoding", A_NUM, OBJ_ANY, false},
    {"cert", A_OBJ, OBJ_CERT, false},
    {"count", A_NUM, OBJ_ANY, false},
    {"crls", A_OBJLIST, OBJ_CRL, false},
    PRESET,
    END};
static const call_key object_url_keys[] = {{"oid", A_NUM, OBJ_ANY, true},
                                           {"object", A_OBJ, OBJ_CERT, false},
                                           {"flags", A_NUM, OBJ_ANY, false},
                                           {"array", A_NUM, OBJ_ANY, false},
                                           {"info", A_NUM, OBJ_ANY, false},
                                           PRESET,
                                           END};
static const call_key retrieve_keys[] = {{"url", A_URL, OBJ_BYTES, true},
                                         {"oid", A_NUM, OBJ_ANY, false},
                                         {"flags", A_NUM, OBJ_ANY, false},
                                         {"timeout", A_NUM, OBJ_ANY, false},
                                         {"aux", A_NUM, OBJ_ANY, false},
                                         PRESET,
                                         END};
static const call_key time_validity_keys[] = {
    {"time", A_TIME, OBJ_ANY, false},
    {"notbefore", A_TIME, OBJ_ANY, true},
    {"notafter", A_TIME, OBJ_ANY, true},
    END};
static const call_key crl_time_validity_keys[] = {
    {"time", A_TIME, OBJ_ANY, false}, {"crl", A_OBJ, OBJ_CRL, true}, END};

const call_fn cs_call_table[] = {
    {"CertVerifyRevocation", revocation_keys, run_verify_revocation},
    {"CertDllVerifyRevocation", revocation_keys, run_dll_verify_revocation},
    {"CertGetIssuerCertificateFromStore", get_issuer_keys, run_get_issuer},
    {"CertVerifySubjectCertificateContext", verify_subject_keys,
     run_verify_subject},
    {"CertAddEncodedCRLToStore", add_encoded_keys, run_add_encoded_crl},
    {"CertAddCRLContextToStore", add_crl_context_keys, run_add_crl_context},
    {"CertAddEncodedCTLToStore", add_encoded_keys, run_add_encoded_ctl},
    {"CertFindCRLInStore", find_crl_keys, run_find_crl},
    {"CertEnumCTLsInStore", store_keys, run_enum_ctls},
    {"CertGetCRLFromStore", get_crl_keys, run_get_crl},
    {"CertIsValidCRLForCertificate", cert_crl_keys, run_is_valid_crl},
    {"CertFindCertificateInCRL", cert_crl_keys, run_find_cert_in_crl},
    {"CertVerifyCRLRevocation", verify_crl_revocation_keys,
     run_verify_crl_revocation},
    {"CryptGetObjectUrl", object_url_keys, run_get_object_url},
    {"CryptRetrieveObjectByUrl", retrieve_keys, run_retrieve},
    {"CertVerifyTimeValidity", time_validity_keys, run_time_validity},
    {"CertVerifyCRLTimeValidity", crl_time_validity_keys,
     run_crl_time_validity},
};
const size_t cs_call_table_count = sizeof cs_call_table / sizeof *cs_call_table;

cs_status cs_call_run(const cs_call *c, cs_machine *m, cs_account acct,
                      cs_call_result *r)
{
	return c->fn->run(c, m, acct, r);
}
