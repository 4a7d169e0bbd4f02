/* Area state, parsing cache, trust anchors, wire fetches and events of the
 * auto-update area. */
#include "model/alloc.h"
#include "model/registry_names.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/autoupdate/au_internal.h"
#include "pki/cab.h"
#include "pki/digest.h"
#include "pki/cert.h"
#include "engine/cryptnet/retrieve.h"
#include "model/horizon.h"
#include "model/hresult.h"

au_state *au_state_of(cs_machine *m)
{
	return m->area[CS_AREA_AUTOUPDATE];
}

cs_status cs_autoupdate_area_create(cs_machine *m, void **state)
{
	(void)m;
	au_state *s = cs_calloc(1, sizeof *s);
	if (!s)
		return cs_alloc_failed();
	s->next_sync = CS_NET_FOREVER;
	*state = s;
	return CS_OK;
}

/* Plain data with borrowed pool pointers: a fleet clone is one memcpy. */
cs_status cs_autoupdate_area_clone(void **dst, const void *src)
{
	au_state *s = cs_malloc(sizeof *s);
	if (!s)
		return cs_alloc_failed();
	memcpy(s, src, sizeof *s);
	*dst = s;
	return CS_OK;
}

void cs_autoupdate_area_reboot(cs_machine *m, void *state)
{
	au_state *s = state;
	/* Processes lose their memory copies; CryptSvc starts again with the
	 * machine and syncs at once (H-au-9). */
	memset(s->stl, 0, sizeof s->stl);
	cs_mutated();
	s->refresh_failed = false;
	s->next_sync = s->cryptsvc_running ? m->w.now : CS_NET_FOREVER;
}

void cs_autoupdate_area_free(void *state)
{
	free(state);
}

const char *au_account_name(const cs_machine *m, cs_account a)
{
	return cs_world_account_name(&m->w, a);
}

static void parsed_free(void *p)
{
	au_parsed *ap = p;
	cs_ctl_free(ap->ctl);
	free((void *)ap->stl.data);
	free(ap);
}

cs_status au_parse_cab(cs_machine *m, cs_bytes cab, const char *member,
                       const au_parsed **out)
{
	/* key: SHA-256(cab) || member name */
	uint8_t key[32 + 32] = {0};
	if (!cs_sha256(cab.data, cab.len, key))
		CS_BAIL(CS_ERR_INTERNAL);
	snprintf((char *)key + 32, 32, "%s", member);
	au_parsed *hit = cs_pool_lookup(m->pool, "au-cab", key, sizeof key);
	if (hit) {
		*out = hit;
		return CS_OK;
	}
	au_parsed *ap = cs_calloc(1, sizeof *ap);
	if (!ap)
		return cs_alloc_failed();
	cs_bytes stl = {0};
	cs_cab_error ce;
	char why[200];
	cs_status st = cs_cab_extract(cab, member, &stl, &ce, why, sizeof why);
	if (st == CS_ERR_NOMEM) {
		free(ap);
		return st;
	}
	if (st != CS_OK) {
		/* H-au-4: a missing member reads as ERROR_FILE_NOT_FOUND, a
		 * corrupt cabinet as ERROR_INVALID_DATA. */
		ap->error = ce == CS_CAB_MEMBER_MISSING
		                ? CS_ERROR_FILE_NOT_FOUND
		                : CS_ERROR_INVALID_DATA;
		snprintf(ap->why, sizeof ap->why, "%s", why);
	} else {
		ap->stl = stl;
		st = cs_ctl_parse(stl, &ap->ctl, why, sizeof why);
		if (st == CS_ERR_NOMEM) {
			parsed_free(ap);
			return st;
		}
		if (st != CS_OK) {
			ap->error = CS_CRYPT_E_ASN1_BADTAG;
			snprintf(ap->why, sizeof ap->why, "%s: %s", member,
			         why);
		}
	}
	void *kept;
	st = cs_pool_intern(m->pool, "au-cab", key, sizeof key, ap, parsed_free,
	                    &kept);
	if (st != CS_OK)
		return st;
	*out = kept;
	return CS_OK;
}

static cs_status push(struct x509_st ***v, size_t *n, size_t *cap,
                      struct x509_st *x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return CS_OK;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct x509_st **nv = cs_realloc(*v, nc * sizeof *nv);
		if (!nv)
			return cs_alloc_failed();
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = x;
	return CS_OK;
}

cs_status au_verify_ctl(cs_machine *m, cs_account acct, const au_parsed *p,
                        const char *usage_oid, cs_ctl_verdict *v)
{
	cs_ctl_policy pol = {.subject_usage = usage_oid,
	                     .signer_eku = CS_OID_KP_CTL_USAGE_SIGNING,
	                     .now = m->w.now};
	cs_status st = au_anchors(m, acct, (struct x509_st ***)&pol.anchors,
	                          &pol.nanchors);
	if (st == CS_OK)
		st = cs_ctl_verify(p->ctl, &pol, v);
	if (st == CS_OK)
		cs_horizon_at(&m->w, v->changes_at); /* signer, CTL times */
	free((void *)pol.anchors);
	return st;
}

cs_status au_anchors(const cs_machine *m, cs_account acct,
                     struct x509_st ***out, size_t *n)
{
	static const cs_store_id logical_root[] = {
	    CS_STORE_ROOT, CS_STORE_AUTHROOT, CS_STORE_ENTERPRISE_ROOT};
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	for (size_t k = 0; k < 2; k++) {
		const cs_store *stores =
		    k == 0 ? m->w.machine_stores : m->w.accounts[acct].stores;
		for (size_t r = 0;
		     r < sizeof logical_root / sizeof *logical_root; r++) {
			const cs_store *s = &stores[logical_root[r]];
			for (size_t i = 0; i < s->n; i++)
				if (s->certs[i]->x509 &&
				    push(out, n, &cap, s->certs[i]->x509) !=
				        CS_OK) {
					free(*out);
					*out = NULL;
					*n = 0;
					return cs_alloc_failed();
				}
		}
	}
	return CS_OK;
}

cs_status au_fetch_url(cs_machine *m, cs_account acct, const char *url,
                       bool is_cab, cs_filetime keep_until, const char *purpose,
                       au_fetch *out)
{
	/* CRYPT_WIRE_ONLY_RETRIEVAL: the caller has looked at its copies. */
	cs_cryptnet_request req = {
	    .flags = CS_RETRIEVE_WIRE_ONLY | CS_RETRIEVE_FRESH_PROCESS |
	             (keep_until ? 0u : CS_RETRIEVE_DONT_CACHE),
	    .expires = keep_until,
	    .purpose = purpose,
	};
	cs_cryptnet_result r;
	memset(out, 0, sizeof *out);
	cs_status st = cs_cryptnet_retrieve(
	    m, acct, url, is_cab ? CS_OBJ_CAB : CS_OBJ_CERT, &req, &r);
	if (st != CS_OK)
		return st;
	if (r.outcome == CS_FETCH_OK) {
		out->ok = true;
		out->body = r.body;
		out->body_name = r.body_name;
		return CS_OK;
	}
	/* cryptnet reports transport failures as WinHTTP error numbers
	 * (0x2EE7 ...), as CAPI2 event 53 shows them; the auto-update events
	 * print the system text of their HRESULT_FROM_WIN32 (KB 2253680: "The
	 * server name or address could not be resolved."). */
	out->error = r.error && r.error <= 0xFFFFu
	                 ? cs_hresult_from_win32(r.error)
	                 : (r.error ? r.error : CS_ERROR_INVALID_DATA);
	return CS_OK;
}

cs_status au_event_error(cs_machine *m, cs_event_def def, const char *url,
                         uint32_t hr)
{
	/* The insert is the system text as FormatMessage gives it; the
	 * catalogue's templates place the periods (model/event_catalog.c). */
	char code[16];
	const char *sys = cs_hresult_text(hr);
	if (!sys) { /* no system text known: Windows prints the code */
		snprintf(code, sizeof code, "0x%08X", (unsigned)hr);
		sys = code;
	}
	const char *args[2] = {url, sys};
	return cs_event_emit(m, def, args, 2);
}

cs_status au_event_url(cs_machine *m, cs_event_def def, const char *url)
{
	const char *args[1] = {url};
	return cs_event_emit(m, def, args, 1);
}

void cs_autoupdate_root_dir(const cs_machine *m, char *buf, size_t len)
{
	const cs_reg_value *v =
	    cs_reg_get(&m->w.reg, CS_REG_KEY(AU), CS_REG_VALUE(ROOT_DIR_URL));
	if (v && v->type == CS_REG_SZ && v->len > 0 && v->data[0]) {
		size_t n = strnlen((const char *)v->data, v->len);
		snprintf(buf, len, "%.*s%s", (int)n, (const char *)v->data,
		         v->data[n - 1] == '/' ? "" : "/");
		return;
	}
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	snprintf(buf, len, "%s",
	         ap->kb2677070_root_dir_url &&
	                 cs_world_has_update(&m->w, CS_KB2677070)
	             ? ap->kb2677070_root_dir_url
	             : ap->default_root_dir_url);
}

bool cs_autoupdate_disallowed_sync_on(const cs_machine *m)
{
	const cs_autoupdate_profile *ap = cs_profile_autoupdate(m->w.profile);
	return ap->disallowed_sync ||
	       (ap->kb2677070_root_dir_url &&
	        cs_world_has_update(&m->w, CS_KB2677070));
}
