/* Rule ids -> plain English (see explain_rules.h). One row per rule id the
 * engine areas record; a new rule without a row is still explained, by its
 * id, source and fields. Sentences say what the rule decided, in the words
 * a PKI course would use; the source printed beside them says who says so. */
#include "render/explain_rules.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const cs_rule_text rules[] = {
    /* chain engine */
    {"chain.build", "The chain engine built the chain for {leaf}; its trust "
                    "status is {error_status}."},
    {"chain.cache.path_miss", "No chain for this certificate was in the "
                              "engine's in-memory cache: it was built afresh."},
    {"chain.cache.path_hit", "The chain engine reused a chain it had cached "
                             "in memory earlier (process memory, not disk)."},
    {"chain.cache.bypass",
     "After auto-update changed the stores, the chain engine built the "
     "chain again from them instead of from its cache."},
    {"chain.policy", "The {policy} policy turned the chain's trust status "
                     "into {error}."},
    {"chain.policy.nt_auth",
     "The nt-auth policy checked the chain as BASE and BASIC_CONSTRAINTS "
     "do, then looked for the issuing CA in the enterprise NTAuth store: "
     "{error}."},
    {"chain.policy.microsoft_root",
     "The microsoft-root policy compared the root's public key with the "
     "Microsoft roots' keys: {error}."},
    {"chain.policy.authenticode",
     "The {policy} policy checked the chain as the base policy does: "
     "{error}."},
    {"chain.call.invalid_data",
     "CertGetCertificateChain refused the certificate before building "
     "anything: its signature algorithm OID is empty (a context made from "
     "the bare to-be-signed encoding), so the call failed "
     "(ERROR_INVALID_DATA)."},
    {"chain.policy.no_provider",
     "This system's CertVerifyCertificateChainPolicy has no provider for "
     "the {policy} policy: the call failed (ERROR_FILE_NOT_FOUND)."},
    {"chain.aia.", "Issuer download (AIA)[ {url}]: {rule}."},
    {"chain.autoupdate.not_modelled", "Root auto-update was not consulted "
                                      "(not part of this build)."},
    {"chain.revocation.", "Revocation was not checked: {rule}."},
    /* cryptnet and the URL cache */
    {"cryptnet.cache.hit", "{url} was taken from the {from} URL cache, not "
                           "from the network."},
    {"cryptnet.cache.miss_cache_only",
     "No cached copy of {url} (memory or disk): it must "
     "come from the network."},
    {"cryptnet.cache.expired",
     "The cached copy of {url} (downloaded {downloaded}) was offered "
     "until {offered_until}: it has expired, so it must come from the "
     "network."},
    {"cryptnet.wire.ok", "{url} was downloaded[ (HTTP {http_status}, {bytes} "
                         "bytes)]."},
    {"cryptnet.wire.failed",
     "Downloading {url} failed: {outcome}[, error {error}]."},
    {"cryptnet.offline.backoff", "{url} failed before, so cryptnet did not "
                                 "ask the network again yet (offline "
                                 "back-off)."},
    {"cryptnet.timeout.budget_spent", "The time allowed for downloads in "
                                      "this call was used up before {url}."},
    {"cryptnet.memory.process_restart", "A process restart dropped its "
                                        "in-memory URL cache."},
    {"urlcache.delete.own_account", "certutil cleared only the URL cache of "
                                    "the account it ran as ({account})."},
    /* revocation */
    {"revocation.crl.good", "The CRL {url} does not list the certificate"
                            "[ ({from} copy)]."},
    {"revocation.crl.revoked", "The CRL {url} lists {subject} as revoked."},
    {"revocation.crl.rejected", "The CRL {url} could not be used: "
                                "{verdict}[ ({from} copy)]."},
    {"revocation.ocsp.good", "The OCSP responder {url} says {subject} is "
                             "good."},
    {"revocation.ocsp.revoked", "The OCSP responder {url} says {subject} is "
                                "revoked."},
    {"revocation.ocsp.evaluated", "The OCSP answer from {url} was "
                                  "{status}[: {why}]."},
    {"revocation.offline.no_valid_info", "No valid revocation information "
                                         "for {subject} could be found: the "
                                         "revocation server counts as "
                                         "offline."},
    {"revocation.no_method", "{subject} names no CRL or OCSP location."},
    {"revocation.cache_only.no_info", "Only cached revocation data was "
                                      "allowed, and none was cached for "
                                      "{subject}."},
    {"revocation.kb2666300.base_crl_pinned", "After the OCSP failure the "
                                             "engine kept its old base CRL "
                                             "{url} and did not fetch a new "
                                             "one (the KB 2666300 defect)."},
    {"revocation.kb2666300.stale_base_crl", "The pinned base CRL[ {url}] has "
                                            "expired, so revocation cannot "
                                            "be checked (the KB 2666300 "
                                            "defect)."},
    {"revocation.delta.base_mismatch",
     "The delta CRL {url} was issued against base CRL number "
     "{delta_base_number}, newer than the base CRL in use (number "
     "{base_crl_number}): the two cannot be combined."},
    {"revocation.status_cache.hit",
     "The revocation status of {subject}, found earlier and valid until "
     "{valid_until}, was reused."},
    {"revocation.crl.from_store",
     "No cached copy of the CRL was there, but a CRL of the issuer in a "
     "certificate store (valid from {this_update} to {next_update}) was: "
     "the store comes before the network."},
    {"revocation.store_crl.revoked",
     "A CRL handed in through a store lists {subject}[, revoked "
     "{revocation_date}]: revoked, however old the CRL."},
    {"revocation.store_crl.not_proven",
     "A CRL of the issuer handed in through a store does not show "
     "{subject} revoked at {checked_at}; for a certificate with no CRL or "
     "OCSP location it never proves it good: offline."},
    {"revocation.api.no_context",
     "{entry} was given no certificate to check: E_INVALIDARG."},
    {"revocation.api.unsupported_type",
     "{entry} does not check this revocation or encoding type: no check."},
    {"revocation.api.status_size",
     "The CERT_REVOCATION_STATUS passed has a size CertVerifyRevocation "
     "does not know: E_INVALIDARG."},
    {"revocation.api.no_provider",
     "No revocation provider is installed for the encoding type: "
     "CRYPT_E_NO_REVOCATION_DLL."},
    {"revocation.kb2666300.pin_released", "The pinned base CRL was "
                                          "released; the base CRL is fetched "
                                          "again."},
    /* root auto-update */
    {"autoupdate.stl.miss", "No copy of authroot.stl was cached for "
                            "{account}: it is downloaded."},
    {"autoupdate.stl.disk_hit", "authroot.stl came from {account}'s disk URL "
                                "cache[, downloaded {downloaded}]."},
    {"autoupdate.stl.memory_hit", "authroot.stl came from the process's "
                                  "memory[, downloaded {downloaded}]."},
    {"autoupdate.stl.disk_expired", "{account}'s cached authroot.stl was "
                                    "older than the cache lifetime: it is "
                                    "downloaded again."},
    {"autoupdate.stl.memory_expired", "The in-memory authroot.stl was older "
                                      "than the cache lifetime."},
    {"autoupdate.stl.memory_resync_dropped", "ChainCacheResyncFiletime "
                                             "dropped the in-memory "
                                             "authroot.stl."},
    {"autoupdate.stl.verified", "authroot.stl ({copy} copy) verified[; "
                                "signer {signer}]."},
    {"autoupdate.stl.rejected", "authroot.stl ({copy} copy) was rejected: "
                                "{verdict}[ ({detail})][, error {error}]."},
    {"autoupdate.root.listed", "The root is listed in authroot.stl: it can "
                               "be installed."},
    {"autoupdate.root.not_listed", "The root is not listed in the "
                                   "authroot.stl in use."},
    {"autoupdate.root.installed", "Root {subject} was installed into "
                                  "{store} by auto-update."},
    {"autoupdate.root.disabled", "Root auto-update is off[: {why}]."},
    {"autoupdate.root.unparsable", "The downloaded root could not be read"
                                   "[: {detail}]."},
    {"autoupdate.fetch.wire", "{url} was requested from the network: "
                              "{outcome}."},
    {"autoupdate.disallowed.fresh", "The disallowed-certificate list was "
                                    "synced recently enough (last sync "
                                    "{last_sync})."},
    {"autoupdate.disallowed.stale", "The disallowed-certificate list's last "
                                    "sync ({last_sync}) is too old."},
    {"autoupdate.disallowed.no_refresh", "The stale list was not refreshed"
                                         "[: {why}]."},
    {"autoupdate.disallowed.ctl_not_time_valid", "So the chain gets "
                                                 "revocation status unknown "
                                                 "and offline ({error_status})"
                                                 "."},
    {"autoupdate.disallowed.write_denied", "CryptSvc could not write {value} "
                                           "under {key}: access denied."},
    {"autoupdate.disallowed.write", "CryptSvc wrote {value} under {key}."},
    {"autoupdate.disallowed.not_persisted",
     "{service}'s sync of the disallowed-certificate list[ ({why})] could "
     "not record its time[ (error {error})]."},
    {"autoupdate.disallowed.synced",
     "{service} synced the disallowed-certificate list[ ({why})] and "
     "recorded the time."},
    {"autoupdate.disallowed.listed",
     "{subject} is in the disallowed-certificate list[ (matched by "
     "{matched_by})]."},
    /* Schannel */
    {"schannel.issuer_list.truncated", "Schannel's trusted-issuer list was "
                                       "over its size limit and was cut "
                                       "short."},
    {"schannel.issuer_list_truncated", "Schannel's trusted-issuer list was "
                                       "over its size limit and was cut "
                                       "short."},
    {"schannel.issuer_list.built",
     "Schannel built its trusted-issuer list[; it left out "
     "{first_dropped_usage}: client authentication is not among its usages "
     "({dropped_usage_by}, H-sch-2)]."},
    {"schannel.client.no_match", "The client has no certificate issued by a "
                                 "CA in the list it received."},
    {"schannel.server.accepted",
     "The server accepted the client certificate {client_cert}[: {why}]."},
    {"schannel.server.not_in_issuer_list",
     "The server rejected the client certificate {client_cert}[: {why}]"
     "[ (HTTP {http_status}.{http_substatus})]."},
    /* the registry and certutil */
    {"registry.acl", "The {op} of {key}[ {name}] as {account}: {result}."},
    {"registry.store_keys",
     "Deleting {key} removed {certificates_removed} certificates from that "
     "store."},
    {"certutil.setreg.chain",
     "certutil wrote {name} = {filetime} under {key}: the chain engine "
     "drops what it cached before that time."},
    {"urlcache.list.own_account",
     "certutil listed the URL cache of the account it ran as ({account}): "
     "{count} entries."},
};

const cs_rule_text *cs_rule_text_find(const char *rule)
{
	const cs_rule_text *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; rule && i < sizeof rules / sizeof rules[0]; i++) {
		const char *r = rules[i].rule;
		size_t n = strlen(r);
		if (strcmp(r, rule) == 0)
			return &rules[i];
		if (n && r[n - 1] == '.' && strncmp(r, rule, n) == 0 &&
		    n > best_len) {
			best = &rules[i];
			best_len = n;
		}
	}
	return best;
}

/* The field's value as text; false when absent. */
static bool field_text(const json_t *o, const char *key, size_t keylen,
                       char *buf, size_t cap)
{
	char name[64];
	if (keylen >= sizeof name)
		return false;
	memcpy(name, key, keylen);
	name[keylen] = '\0';
	const json_t *v = json_object_get(o, name);
	if (json_is_string(v))
		snprintf(buf, cap, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, cap, "%s", json_is_true(v) ? "yes" : "no");
	else
		return false;
	return true;
}

/* Append the template text [p, end) to out, "(not recorded)" for an
 * absent field (a trace from elsewhere may lack it; never a placeholder);
 * false when a field was absent. */
static bool fill_part(const char *p, const char *end, const json_t *o,
                      char *out, size_t cap, size_t *len)
{
	bool complete = true;
	while (p < end) {
		char piece[512];
		size_t n = 0;
		if (*p == '{') {
			const char *close = memchr(p, '}', (size_t)(end - p));
			if (!close)
				return false;
			if (!field_text(o, p + 1, (size_t)(close - p - 1),
			                piece, sizeof piece)) {
				snprintf(piece, sizeof piece, "(not recorded)");
				complete = false;
			}
			n = strlen(piece);
			p = close + 1;
		} else {
			piece[0] = *p++;
			n = 1;
		}
		if (*len + n + 1 < cap) {
			memcpy(out + *len, piece, n);
			*len += n;
			out[*len] = '\0';
		}
	}
	return complete;
}

char *cs_rule_template_fill(const char *tpl, const void *obs, char *buf,
                            size_t cap)
{
	const json_t *o = obs;
	size_t len = 0;
	buf[0] = '\0';
	while (*tpl) {
		const char *open = strchr(tpl, '[');
		const char *stop = open ? open : tpl + strlen(tpl);
		(void)fill_part(tpl, stop, o, buf, cap, &len);
		if (!open)
			break;
		const char *close = strchr(open, ']');
		if (!close)
			break;
		size_t mark = len;
		if (!fill_part(open + 1, close, o, buf, cap, &len)) {
			len = mark; /* optional part: drop it whole */
			buf[len] = '\0';
		}
		tpl = close + 1;
	}
	return buf;
}
