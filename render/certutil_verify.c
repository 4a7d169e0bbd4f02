/* certutil -verify's layout (certutil_verify.h). Each part names the sample
 * it follows: WS2022 = samples/certutil_verify_urlfetch_success_subca_ws2022
 * .txt, PARTIAL = samples/certutil_verify_offline_partialchain_dc_2021.txt,
 * ZH = samples/certutil_verify_urlfetch_zh-CN_offline_then_ok_2025.txt,
 * CVILAB = tests/data/real/certutil_verify_{success_3elem,revoked_tail_
 * fullchain}_cvilab_2026.txt. */
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/chain.h"
#include "model/hresult.h"
#include "pki/cert.h"
#include "pki/certname.h"
#include "render/certutil_int.h"
#include "trace/nomem.h"

const char *cu_t(cu_render *r, cu_text t)
{
	const char *s = cu_text_get(r->o->lang, t);
	if (s)
		return s;
	if (r->missing == CU_T_COUNT)
		r->missing = t;
	return cu_text_en(t);
}

void cu_line(cu_render *r, const char *fmt, ...)
{
	fputs(r->o->indent ? r->o->indent : "", r->out);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

void cu_blank(cu_render *r)
{
	fputc('\n', r->out);
}

const cs_obs *cu_find(const cu_render *r, const char *kind, const char *key,
                      const char *val)
{
	for (size_t i = r->end; i-- > r->first;) {
		const cs_obs *o = &r->tr->obs[i];
		const char *v = key ? cs_obs_get_str(o, key) : NULL;
		if (strcmp(o->kind, kind) == 0 &&
		    (!key || (v && strcmp(v, val) == 0)))
			return o;
	}
	return NULL;
}

void cu_hresult_line(cu_render *r, const char *prefix, uint32_t hr)
{
	const char *text = cu_hresult_text(r->o->lang, hr);
	const char *name = cs_hresult_name(hr);
	if (!text && !r->missing_hr)
		r->missing_hr = hr;
	cu_line(r, "%s%s%s0x%08x (%d%s%s)", prefix, text ? text : "",
	        text ? " " : "", hr, (int)(int32_t)hr, name ? " " : "",
	        name ? name : "");
}

static void hex_bytes(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	out[2 * n] = 0;
}

/* "Issuer:" / "Subject:" with one RDN a line and the name's hashes (WS2022
 * lines 1-12). */
static void name_block(cu_render *r, cu_text head, const X509_NAME *xn,
                       cs_bytes der)
{
	cu_line(r, "%s", cu_t(r, head));
	char *s = cs_name_to_str_sep(xn, "\n");
	for (char *p = s, *nl; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		cu_line(r, "    %.*s",
		        (int)(nl ? nl - p : (ptrdiff_t)strlen(p)), p);
		if (!nl)
			break;
	}
	free(s);
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	const char *hash = cu_t(r, CU_T_NAME_HASH);
	if (EVP_Digest(der.data, der.len, md, &mdlen, EVP_sha1(), NULL)) {
		hex_bytes(md, mdlen, hex);
		cu_line(r, "  %s(sha1): %s", hash, hex);
	}
	if (EVP_Digest(der.data, der.len, md, &mdlen, EVP_md5(), NULL)) {
		hex_bytes(md, mdlen, hex);
		cu_line(r, "  %s(md5): %s", hash, hex);
	}
}

static void header(cu_render *r)
{
	const struct cs_cert *leaf = r->certs[0];
	X509 *x = cs_cert_x509(leaf);
	name_block(r, CU_T_ISSUER, X509_get_issuer_name(x), leaf->issuer_der);
	name_block(r, CU_T_SUBJECT, X509_get_subject_name(x),
	           leaf->subject_der);
	char serial[2 * 64 + 1];
	size_t n = leaf->serial.len < 64 ? leaf->serial.len : 64;
	hex_bytes(leaf->serial.data, n, serial);
	cu_line(r, "%s %s", cu_t(r, CU_T_CERT_SERIAL), serial);
	cu_blank(r);
}

/* The lines before the dump (every sample; certutil's own CA_VERIFY flags
 * without -f are these two). */
static void pre_dump(cu_render *r)
{
	cu_line(r, "dwFlags = CA_VERIFY_FLAGS_CONSOLE_TRACE (0x20000000)");
	cu_line(r, "dwFlags = CA_VERIFY_FLAGS_DUMP_CHAIN (0x40000000)");
	int64_t flags = 0;
	cs_obs_get_int(r->chain, "flags", &flags);
	for (uint32_t bit = 1; bit; bit <<= 1) {
		const char *name = cs_chain_flag_name(bit);
		if (((uint32_t)flags & bit) && name)
			cu_line(r, "ChainFlags = %s (0x%x)", name, bit);
	}
	cu_line(r, "HCCE_LOCAL_MACHINE");
	const char *p = r->policy ? cs_obs_get_str(r->policy, "policy") : NULL;
	cs_policy_id id = CS_POLICY_BASE;
	if (p)
		(void)cs_policy_from_name(p, &id);
	cu_line(r, "%s", cs_policy_symbol(id));
}

static void bits(cu_render *r, const char *prefix, const char *what, uint32_t v,
                 bool info)
{
	for (int b = 0; b < 32; b++) {
		uint32_t bit = 1u << b;
		if (!(v & bit))
			continue;
		const char *name = cs_trust_bit_name(bit, info);
		cu_line(r, "%s%s = %s (0x%x)", prefix, what,
		        name ? name : "(unknown)", bit);
	}
}

static const cs_obs *element_obs(const cu_render *r, size_t i)
{
	const cs_field *f = cs_obs_field(r->chain, "elements");
	return f && f->type == CS_FIELD_LIST && i < f->v.list.n
	           ? &f->v.list.items[i]
	           : NULL;
}

static uint32_t element_word(const cu_render *r, size_t i, const char *key)
{
	int64_t v = 0;
	const cs_obs *e = element_obs(r, i);
	if (e)
		cs_obs_get_int(e, key, &v);
	return (uint32_t)v;
}

static const char *eku_name(cu_render *r, const char *oid)
{
	static const struct {
		const char *oid;
		cu_text t;
	} names[] = {
	    {"1.3.6.1.5.5.7.3.1", CU_T_EKU_SERVER_AUTH},
	    {"1.3.6.1.5.5.7.3.2", CU_T_EKU_CLIENT_AUTH},
	    {"1.3.6.1.5.5.7.3.3", CU_T_EKU_CODE_SIGNING},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].oid, oid) == 0)
			return cu_t(r, names[i].t);
	return NULL;
}

/* Issuer .. Cert: of one certificate (an element block, and the failing
 * element under "Full chain:"; CVILAB). */
static void cert_lines(cu_render *r, const struct cs_cert *c)
{
	char nb[40], na[40], serial[2 * 64 + 1];
	cu_time_format(r->o->lang, c->not_before, nb, sizeof nb);
	cu_time_format(r->o->lang, c->not_after, na, sizeof na);
	cu_line(r, "  Issuer: %s", cs_cert_issuer(c));
	cu_line(r, "  NotBefore: %s", nb);
	cu_line(r, "  NotAfter: %s", na);
	cu_line(r, "  Subject: %s", cs_cert_subject(c));
	size_t n = c->serial.len < 64 ? c->serial.len : 64;
	hex_bytes(c->serial.data, n, serial);
	cu_line(r, "  Serial: %s", serial);
	if (c->san_dns.n) {
		/* only DNS names: the model keeps no other SAN entries */
		fputs(r->o->indent ? r->o->indent : "", r->out);
		fputs("  SubjectAltName: ", r->out);
		for (size_t i = 0; i < c->san_dns.n; i++)
			fprintf(r->out, "%sDNS Name=%s", i ? ", " : "",
			        c->san_dns.v[i]);
		fputc('\n', r->out);
	}
	cu_line(r, "  Cert: %s", cs_cert_sha1_hex(c));
}

static void element(cu_render *r, size_t i)
{
	const struct cs_cert *c = r->certs[i];
	uint32_t err = element_word(r, i, "error_status");
	uint32_t info = element_word(r, i, "info_status");
	cu_line(r, "CertContext[0][%zu]: dwInfoStatus=%x dwErrorStatus=%x", i,
	        info, err);
	cert_lines(r, c);
	bits(r, "  ", "Element.dwInfoStatus", info, true);
	bits(r, "  ", "Element.dwErrorStatus", err, false);
	if (r->o->urlfetch) {
		cu_element_urls(r, i);
		cu_line(r, "  --------------------------------");
	}
	cu_element_crl_blocks(r, i, "    ");
	for (size_t k = 0; c->has_eku && k < c->eku.n; k++) {
		const char *name = eku_name(r, c->eku.v[k]);
		cu_line(r, "  Application[%zu] = %s%s%s", k, c->eku.v[k],
		        name ? " " : "", name ? name : "");
	}
	cu_blank(r);
}

/* SHA-1 over the elements' encodings from first on (HYPOTHESIS H-cu-1,
 * docs/hypotheses.md: certutil's "Chain:" hash; a one-element chain's "Full
 * chain" is its certificate's thumbprint and "Exclude leaf cert" the hash of
 * nothing, as in PARTIAL and the Zscaler sample). */
static void chain_hash(cu_render *r, size_t from)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha1(), NULL)) {
		EVP_MD_CTX_free(ctx);
		return;
	}
	for (size_t i = from; i < r->n; i++)
		EVP_DigestUpdate(ctx, r->certs[i]->der.data,
		                 r->certs[i]->der.len);
	if (EVP_DigestFinal_ex(ctx, md, &len)) {
		hex_bytes(md, len, hex);
		cu_line(r, "  Chain: %s", hex);
	}
	EVP_MD_CTX_free(ctx);
}

static uint32_t policy_error(const cu_render *r)
{
	int64_t v = 0;
	if (r->policy)
		cs_obs_get_int(r->policy, "error", &v);
	return (uint32_t)v;
}

static void full_chain(cu_render *r)
{
	cu_line(r, "Exclude leaf cert:");
	chain_hash(r, 1);
	cu_line(r, "Full chain:");
	chain_hash(r, 0);
	uint32_t err = policy_error(r);
	if (err) {
		int64_t ei = -1;
		cs_obs_get_int(r->policy, "element_index", &ei);
		size_t i = ei >= 0 && (size_t)ei < r->n ? (size_t)ei : 0;
		int64_t status = 0;
		cs_obs_get_int(r->chain, "error_status", &status);
		if (status & CS_TRUST_IS_PARTIAL_CHAIN)
			cu_line(r, "%s %s", cu_t(r, CU_T_MISSING_ISSUER),
			        cs_cert_issuer(r->certs[r->n - 1]));
		cert_lines(r, r->certs[i]);
		cu_hresult_line(r, "", err);
	}
	cu_line(r, "------------------------------------");
}

static void tail(cu_render *r)
{
	uint32_t err = policy_error(r);
	const struct cs_cert *leaf = r->certs[0];
	if (err == 0) {
		cu_line(r, "%s %s", cu_t(r, CU_T_ISSUANCE_POLICIES),
		        cu_t(r, CU_T_POLICIES_NONE));
		if (!leaf->has_eku || leaf->eku.n == 0) {
			cu_line(r, "%s %s", cu_t(r, CU_T_APPLICATION_POLICIES),
			        cu_t(r, CU_T_POLICIES_ALL));
		} else {
			cu_line(r, "%s", cu_t(r, CU_T_APPLICATION_POLICIES));
			for (size_t k = 0; k < leaf->eku.n; k++) {
				const char *name = eku_name(r, leaf->eku.v[k]);
				cu_line(r, "    %s%s%s", leaf->eku.v[k],
				        name ? " " : "", name ? name : "");
			}
		}
	} else if (err == CS_CRYPT_E_REVOCATION_OFFLINE) {
		cu_line(r, "%s", cu_t(r, CU_T_SKIPPED_OFFLINE)); /* ZH */
	} else if (err == CS_CERT_E_CHAINING) {                  /* PARTIAL */
		cu_line(r, "%s", cu_t(r, CU_T_INCOMPLETE_CHAIN));
		cu_line(r, "%s", cu_t(r, CU_T_CANNOT_FIND_CERT));
		cu_line(r, "    %s", cs_cert_issuer(r->certs[r->n - 1]));
	}
	if (r->o->urlfetch) /* WS2022, ZH (with -urlfetch only) */
		cu_line(r, "%s",
		        cu_t(r, leaf->has_bc && leaf->bc_ca
		                    ? CU_T_CERT_IS_CA
		                    : CU_T_CERT_IS_END_ENTITY));
	/* certutil's own check of the leaf: its element's revocation bits */
	uint32_t leaf_err = element_word(r, 0, "error_status");
	int64_t flags = 0;
	cs_obs_get_int(r->chain, "flags", &flags);
	if (leaf_err & CS_TRUST_IS_REVOKED) { /* CVILAB */
		long reason = cu_leaf_revocation_reason(r);
		cu_line(r, "%s", cu_t(r, CU_T_CERT_REVOKED));
		cu_line(r, "%s (Reason=%ld)", cu_t(r, CU_T_LEAF_REVOKED),
		        reason < 0 ? 0 : reason);
	} else if (leaf_err & (CS_TRUST_REVOCATION_STATUS_UNKNOWN |
	                       CS_TRUST_IS_OFFLINE_REVOCATION)) {
		/* PARTIAL, ZH */
		char prefix[200];
		snprintf(prefix, sizeof prefix, "%s ",
		         cu_t(r, CU_T_LEAF_REV_ERROR));
		cu_blank(r);
		cu_hresult_line(r, prefix, CS_CRYPT_E_REVOCATION_OFFLINE);
		const char *text =
		    cu_hresult_text(r->o->lang, CS_CRYPT_E_REVOCATION_OFFLINE);
		cu_line(r, "CertUtil: %s", text ? text : "");
		cu_blank(r);
	} else if (flags & (CS_CHAIN_REVOCATION_CHECK_END_CERT |
	                    CS_CHAIN_REVOCATION_CHECK_CHAIN |
	                    CS_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT)) {
		cu_line(r, "%s", cu_t(r, CU_T_LEAF_REV_PASSED));
	}
	cu_line(r, "%s", cu_t(r, CU_T_VERIFY_OK));
}

/* The verification's observations: its last chain, the policy after it,
 * and each element's certificate from the pool. */
static cs_status gather(cu_render *r)
{
	for (size_t i = r->end; i-- > r->first && !r->chain;)
		if (strcmp(r->tr->obs[i].kind, "chain") == 0)
			r->chain = &r->tr->obs[i];
	if (!r->chain) {
		cs_diag_set(r->d, "", 0, 0,
		            "no chain was built here: nothing for certutil "
		            "-verify to print");
		return CS_ERR_NOT_FOUND;
	}
	for (const cs_obs *o = r->chain + 1; o < r->tr->obs + r->end; o++)
		if (strcmp(o->kind, "policy") == 0) {
			r->policy = o;
			break;
		}
	for (r->n = 0; r->n < CU_MAX_ELEMENTS; r->n++) {
		const cs_obs *e = element_obs(r, r->n);
		const char *t = e ? cs_obs_get_str(e, "thumbprint_sha1") : NULL;
		if (!t)
			break;
		r->certs[r->n] = cs_cert_find_sha1(r->m->pool, t);
		if (!r->certs[r->n]) {
			cs_diag_set(r->d, "", 0, 0,
			            "certificate %s of the chain is not in the "
			            "run's pool",
			            t);
			return CS_ERR_NOT_FOUND;
		}
	}
	return r->n ? CS_OK : CS_ERR_NOT_FOUND;
}

cs_status cu_verify_write(const cs_machine *m, size_t first, size_t end,
                          const cu_verify_opts *o, FILE *out, cs_diag *d)
{
	cu_render r = {.m = m,
	               .tr = &m->w.trace,
	               .first = first,
	               .end = end < m->w.trace.n ? end : m->w.trace.n,
	               .o = o,
	               .out = out,
	               .d = d,
	               .missing = CU_T_COUNT};
	cs_status st = gather(&r);
	if (st != CS_OK)
		return st;
	/* First into memory: nothing is printed when a text is missing. */
	char *buf = NULL;
	size_t len = 0;
	r.out = open_memstream(&buf, &len);
	if (!r.out)
		return CS_LIB_NOMEM();
	header(&r);
	pre_dump(&r);
	int64_t ce = 0, ci = 0;
	cs_obs_get_int(r.chain, "error_status", &ce);
	cs_obs_get_int(r.chain, "info_status", &ci);
	cu_line(&r, "-------- CERT_CHAIN_CONTEXT --------");
	bits(&r, "", "ChainContext.dwInfoStatus", (uint32_t)ci, true);
	bits(&r, "", "ChainContext.dwErrorStatus", (uint32_t)ce, false);
	cu_blank(&r);
	/* one simple chain: its status is the context's */
	bits(&r, "", "SimpleChain.dwInfoStatus", (uint32_t)ci, true);
	bits(&r, "", "SimpleChain.dwErrorStatus", (uint32_t)ce, false);
	cu_blank(&r);
	for (size_t i = 0; i < r.n; i++)
		element(&r, i);
	full_chain(&r);
	tail(&r);
	if (fclose(r.out) != 0) {
		free(buf);
		return CS_LIB_NOMEM();
	}
	if (r.missing_hr && r.missing == CU_T_COUNT) {
		cs_diag_set(d, "", 0, 0,
		            "the model has no %s message text for 0x%08X (%s): "
		            "certutil prints it before the code",
		            cu_lang_name(o->lang), r.missing_hr,
		            cs_hresult_name(r.missing_hr)
		                ? cs_hresult_name(r.missing_hr)
		                : "?");
		free(buf);
		return CS_ERR_NOT_FOUND;
	}
	if (r.missing != CU_T_COUNT) {
		cs_diag_set(d, "", 0, 0,
		            "no %s sample shows certutil's text for \"%s\": "
		            "printing it in %s would be a guess (use --lang "
		            "en-US)",
		            cu_lang_name(o->lang), cu_text_en(r.missing),
		            cu_lang_name(o->lang));
		free(buf);
		return CS_ERR_NOT_FOUND;
	}
	bool bad = fwrite(buf, 1, len, out) != len;
	free(buf);
	return bad ? CS_ERR_IO : CS_OK;
}
