/* Store keys are views of the stores (store_keys.h). */
#include "model/store_keys.h"

#include <stdio.h>
#include <string.h>

#include "model/ascii.h"

/* Compare key with the store's Certificates key loc: loc at or below key
 * covers the whole store ("" into *thumb); key = loc\X names certificate X.
 * False when unrelated. */
static bool match(const char *key, const char *loc, const char **thumb)
{
	size_t k = strlen(key), l = strlen(loc);
	if (k <= l && cs_ascii_prefix_ieq(key, loc, k) &&
	    (k == l || loc[k] == '\\')) {
		*thumb = "";
		return true;
	}
	if (k > l + 1 && cs_ascii_prefix_ieq(key, loc, l) && key[l] == '\\' &&
	    !strchr(key + l + 1, '\\')) {
		*thumb = key + l + 1;
		return true;
	}
	return false;
}

static const char *const enterprise_paths[] = {
    "SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\Root\\Certificates",
    "SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root\\Certificates",
};

static size_t scan(const char *key, const char *hive, cs_store *stores,
                   const char *scope, cs_store_key_hit *out, size_t n,
                   size_t cap)
{
	char loc[CS_REG_PATH_MAX];
	for (int id = 0; id < CS_STORE_COUNT; id++) {
		size_t npaths = id == CS_STORE_ENTERPRISE_ROOT ? 2 : 1;
		for (size_t p = 0; p < npaths && n < cap; p++) {
			if (id == CS_STORE_ENTERPRISE_ROOT)
				snprintf(loc, sizeof loc, "%s\\%s", hive,
				         enterprise_paths[p]);
			else if (id == CS_STORE_NTAUTH)
				/* CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE
				 * (DOC CertVerifyCertificateChainPolicy,
				 * CERT_CHAIN_POLICY_NT_AUTH) */
				snprintf(loc, sizeof loc,
				         "%s\\SOFTWARE\\Microsoft\\"
				         "EnterpriseCertificates\\NTAuth\\"
				         "Certificates",
				         hive);
			else
				snprintf(loc, sizeof loc,
				         "%s\\SOFTWARE\\Microsoft\\"
				         "SystemCertificates\\%s\\Certificates",
				         hive, cs_store_name((cs_store_id)id));
			const char *thumb;
			if (!match(key, loc, &thumb))
				continue;
			out[n] = (cs_store_key_hit){
			    .store = &stores[id],
			    .scope = scope,
			    .id = (cs_store_id)id,
			    .thumbprint = thumb,
			};
			memcpy(out[n++].key, loc, sizeof loc);
			break; /* one hit per store */
		}
	}
	return n;
}

size_t cs_store_keys_under(cs_world *w, const char *key, cs_store_key_hit *out,
                           size_t cap)
{
	size_t n = scan(key, "HKLM", w->machine_stores, "machine", out, 0, cap);
	char hive[CS_REG_PATH_MAX];
	for (unsigned a = 0; a < w->naccounts; a++) {
		cs_account_state *s = &w->accounts[a];
		snprintf(hive, sizeof hive, "HKU\\%s", s->name);
		n = scan(key, hive, s->stores, s->name, out, n, cap);
	}
	return n;
}
