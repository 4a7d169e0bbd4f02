/* The model's ctl-check record and the comparison (ctl_check.h). */
#include "compare/wine/ctl_check.h"

#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pki/ctl.h"
#include "pki/file_read.h"
#include "pki/pool.h"
#include "pki/usage_prop.h"

static void put_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v));
}

static json_t *hex_string(const uint8_t *p, size_t n)
{
	char hex[2 * CS_CTL_ID_MAX + 1] = "";
	for (size_t i = 0; i < n && i < CS_CTL_ID_MAX; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[i]);
	return json_string(hex);
}

/* The entry's EKU property as the engine reads it when it installs the
 * root (cs_usage_from_der): the OIDs joined by ',', "none" for an empty
 * list - the probe's spelling for CryptDecodeObject's - or "rejected: why". */
static json_t *eku_text(cs_pool *pool, cs_status pool_st, const cs_ctl_entry *e)
{
	const cs_usage *u = NULL;
	char why[160] = "", text[2048];
	cs_status st = pool_st == CS_OK
	                   ? cs_usage_from_der(
	                         pool, (cs_bytes){e->eku_prop, e->eku_prop_len},
	                         &u, why, sizeof why)
	                   : pool_st;
	if (st != CS_OK) {
		snprintf(text, sizeof text, "rejected: %s",
		         st == CS_ERR_FORMAT ? why : cs_status_str(st));
		return json_string(text);
	}
	return json_string(cs_usage_text(u, text, sizeof text));
}

/* "entry_properties", parallel to "entries": what each cs_ctl_entry holds
 * of the three properties auto-update uses; a key is absent when the
 * engine kept no value for it. */
static json_t *entry_properties(const cs_ctl *ctl)
{
	cs_pool *pool = NULL; /* a temporary one for the usage lists */
	cs_status pool_st = cs_pool_new(&pool, ".");
	if (pool_st != CS_OK)
		pool = NULL;
	json_t *props = json_array();
	for (size_t i = 0; i < ctl->nentries; i++) {
		const cs_ctl_entry *e = &ctl->entries[i];
		json_t *o = json_object();
		if (e->key_id_len)
			json_object_set_new(
			    o, "key_id", hex_string(e->key_id, e->key_id_len));
		if (e->has_name_md5)
			json_object_set_new(o, "name_md5",
			                    hex_string(e->name_md5, 16));
		if (e->eku_prop)
			json_object_set_new(o, "eku",
			                    eku_text(pool, pool_st, e));
		json_array_append_new(props, o);
	}
	cs_pool_free(pool);
	return props;
}

/* What CMSG_CTRL_VERIFY_SIGNATURE would say, from the engine's verdict:
 * its checks run digest, signature, then the signer's chain, usages and
 * times (ctl.h), so everything after the signature means the signature
 * held. NULL when the engine stopped before the signature. */
static const char *signature_result(const cs_ctl_verdict *v, char buf[16])
{
	switch (v->code) {
	case CS_CTL_DIGEST_MISMATCH:
		return NULL;
	case CS_CTL_BAD_SIGNATURE:
	case CS_CTL_SIGNER_NOT_FOUND:
		snprintf(buf, 16, "0x%08X", v->hresult);
		return buf;
	default:
		return "ok";
	}
}

json_t *ctl_model_record(const char *path, const char *name, cs_diag *d)
{
	static const cs_file_limits lim = {.max = 64u << 20,
	                                   .too_big = "larger than 64 MiB"};
	char *data;
	size_t len;
	if (cs_file_read(path, &lim, &data, &len, d) != CS_OK)
		return NULL;
	if (len == 0) {
		free(data);
		cs_diag_set_offset(d, path, 0,
		                   "empty file, expected a signed "
		                   "CTL (PKCS #7 SignedData)");
		return NULL;
	}
	json_t *r = json_object();
	put_str(r, "file", name);
	cs_ctl *ctl = NULL;
	char why[256] = "";
	cs_status st = cs_ctl_parse((cs_bytes){(const uint8_t *)data, len},
	                            &ctl, why, sizeof why);
	free(data);
	if (st != CS_OK) {
		char msg[300];
		snprintf(msg, sizeof msg, "rejected: %s",
		         st == CS_ERR_FORMAT ? why : cs_status_str(st));
		put_str(r, "create", msg);
		return r;
	}
	put_str(r, "create", "ok");
	json_t *usage = json_array();
	for (size_t i = 0; i < ctl->nusages; i++)
		json_array_append_new(usage, json_string(ctl->usages[i]));
	json_object_set_new(r, "subject_usage", usage);
	put_str(r, "sequence_number", ctl->sequence_hex);
	char t[CS_TIME_BUF];
	put_str(r, "this_update", cs_time_format(ctl->this_update, t));
	if (ctl->has_next_update)
		put_str(r, "next_update", cs_time_format(ctl->next_update, t));
	put_str(r, "subject_algorithm", ctl->subject_alg);
	json_t *entries = json_array();
	for (size_t i = 0; i < ctl->nentries; i++)
		json_array_append_new(
		    entries,
		    hex_string(ctl->entries[i].id, ctl->entries[i].idlen));
	json_object_set_new(r, "entries", entries);
	json_object_set_new(r, "entry_properties", entry_properties(ctl));
	/* No anchors and the CTL's own ThisUpdate: only the message checks
	 * (digest, signature) matter here, not the signer's chain. */
	cs_ctl_policy pol = {.now = ctl->this_update};
	cs_ctl_verdict v;
	if (cs_ctl_verify(ctl, &pol, &v) == CS_OK) {
		char buf[16];
		const char *sig = signature_result(&v, buf);
		put_str(r, "message_digest",
		        v.code == CS_CTL_DIGEST_MISMATCH ? "mismatch" : "ok");
		if (sig) {
			put_str(r, "verify_signature", sig);
			put_str(r, "get_and_verify_signer", sig);
		}
		if (v.signer_sha1[0])
			put_str(r, "signer_sha1", v.signer_sha1);
	}
	cs_ctl_free(ctl);
	return r;
}

/* ---- the comparison ---- */

/* A field's value as one line of text; NULL when absent. Caller frees. */
static char *text_of(const json_t *v)
{
	if (!v)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_array(v)) {
		size_t n = 1, i;
		json_t *e;
		json_array_foreach(v, i, e) n +=
		    strlen(json_is_string(e) ? json_string_value(e) : "?") + 1;
		char *s = calloc(1, n);
		json_array_foreach(v, i, e)
		{
			if (s && i)
				strcat(s, ",");
			if (s)
				strcat(s, json_is_string(e)
				              ? json_string_value(e)
				              : "?");
		}
		return s;
	}
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Values that mean the same: hex without regard to case, an integer
 * without its leading zero bytes (the DER's sign byte), a failed "create"
 * on both sides whatever each says about why. */
static bool same_value(const char *field, const char *a, const char *b)
{
	if (strcmp(field, "create") == 0)
		return (strcmp(a, "ok") == 0) == (strcmp(b, "ok") == 0);
	/* An EKU property neither side could decode: Wine's error code, the
	 * engine's "rejected: why" (an OID list never starts with either). */
	const char *dot = strrchr(field, '.');
	if (dot && strcmp(dot, ".eku") == 0 && strncmp(a, "0x", 2) == 0 &&
	    strncmp(b, "rejected: ", 10) == 0)
		return true;
	if (strcmp(field, "sequence_number") == 0) {
		while (a[0] == '0' && a[1] == '0' && a[2])
			a += 2;
		while (b[0] == '0' && b[1] == '0' && b[2])
			b += 2;
	}
	if (strlen(a) != strlen(b))
		return false;
	for (; *a; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return true;
}

static const struct {
	const char *name;
	const char *one_sided_why; /* why only one side has it, if ever */
} fields[] = {
    {"create", NULL},
    {"subject_usage", NULL},
    {"sequence_number", NULL},
    {"this_update", NULL},
    {"next_update", NULL},
    {"subject_algorithm", NULL},
    {"entries", NULL}, /* expanded: entries#, entries[i], entries[i].P */
    {"signer_sha1", NULL},
    {"verify_signature",
     "the model stops at the messageDigest before the signature"},
    {"get_and_verify_signer",
     "the model stops at the messageDigest before the signature"},
    {"message_digest", "Wine never compares it with the content, RULES.md 6"},
    {"signer_subject",
     "names are formatted per tool; signer_sha1 identifies the signer"},
};

/* One field. A field without a one-sided reason is read as "(none)" where
 * a side lacks it, so a missing NextUpdate or entry is a difference. */
static void row(FILE *out, ctl_compare_sum *sum, const char *label,
                const char *field, const char *why, const char *w,
                const char *m)
{
	if (!why) {
		w = w ? w : "(none)";
		m = m ? m : "(none)";
	}
	if (w && m && same_value(field, w, m)) {
		sum->same++;
		if (strcmp(field, "create") == 0 && strcmp(w, "ok") != 0)
			fprintf(out,
			        "%s: %s: same: rejected (wine %s; model %s)\n",
			        label, field, w, m);
		else
			fprintf(out, "%s: %s: same: %s\n", label, field, w);
	} else if (w && m) {
		sum->different++;
		fprintf(out, "%s: %s: different: wine=%s model=%s\n", label,
		        field, w, m);
	} else if (w || m) {
		sum->one_sided++;
		fprintf(out, "%s: %s: %s only: %s (%s)\n", label, field,
		        w ? "wine" : "model", w ? w : m, why);
	}
}

/* The entry properties compared, in the order the records write them. */
static const char *const entry_props[] = {"key_id", "name_md5", "eku"};

static void entry_rows(FILE *out, ctl_compare_sum *sum, const char *label,
                       const json_t *wine, const json_t *model)
{
	const json_t *wv = json_object_get(wine, "entries"),
	             *mv = json_object_get(model, "entries"),
	             *wp = json_object_get(wine, "entry_properties"),
	             *mp = json_object_get(model, "entry_properties");
	char wn[24], mn[24];
	snprintf(wn, sizeof wn, "%zu", json_array_size(wv));
	snprintf(mn, sizeof mn, "%zu", json_array_size(mv));
	row(out, sum, label, "entries#", NULL, wn, mn);
	size_t n = json_array_size(wv) > json_array_size(mv)
	               ? json_array_size(wv)
	               : json_array_size(mv);
	for (size_t i = 0; i < n; i++) {
		char key[32];
		snprintf(key, sizeof key, "entries[%zu]", i);
		row(out, sum, label, key, NULL,
		    json_string_value(json_array_get(wv, i)),
		    json_string_value(json_array_get(mv, i)));
		/* A property one side lacks reads "(none)": a difference. */
		for (size_t p = 0; p < sizeof entry_props / sizeof *entry_props;
		     p++) {
			char pkey[64];
			snprintf(pkey, sizeof pkey, "entries[%zu].%s", i,
			         entry_props[p]);
			row(out, sum, label, pkey, NULL,
			    json_string_value(json_object_get(
			        json_array_get(wp, i), entry_props[p])),
			    json_string_value(json_object_get(
			        json_array_get(mp, i), entry_props[p])));
		}
	}
}

unsigned ctl_compare_records(const char *label, const json_t *wine,
                             const json_t *model, FILE *out,
                             ctl_compare_sum *sum)
{
	unsigned before = sum->different;
	const char *wc = json_string_value(json_object_get(wine, "create")),
	           *mc = json_string_value(json_object_get(model, "create"));
	row(out, sum, label, "create", NULL, wc, mc);
	/* A side that rejected the file has nothing more to compare. */
	if (!wc || !mc || strcmp(wc, "ok") != 0 || strcmp(mc, "ok") != 0)
		return sum->different - before;
	for (size_t f = 1; f < sizeof fields / sizeof *fields; f++) {
		const char *name = fields[f].name;
		json_t *wv = json_object_get(wine, name),
		       *mv = json_object_get(model, name);
		if (strcmp(name, "entries") == 0) {
			entry_rows(out, sum, label, wine, model);
			continue;
		}
		char *w = text_of(wv), *m = text_of(mv);
		row(out, sum, label, name, fields[f].one_sided_why, w, m);
		free(w);
		free(m);
	}
	return sum->different - before;
}
