/* The profiles table as `capisim profiles` shows it (render/profiles_view.h):
 * every OS profile with every column of model/profile*.h, so a reader need
 * not open the source - the general columns, then chain, revocation,
 * auto-update and Schannel, each named as in the source (area.field). */
#include <inttypes.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "capisim/clock.h"
#include "model/profile.h"
#include "model/profile_autoupdate.h"
#include "model/profile_chain.h"
#include "model/profile_revocation.h"
#include "model/profile_schannel.h"
#include "model/store.h"
#include "render/profiles_view.h"
#include "trace/jsonl.h"

typedef enum {
	K_BOOL,
	K_UINT,        /* unsigned */
	K_U32,         /* uint32_t */
	K_HEX32,       /* uint32_t trust status bits */
	K_SIZE,        /* size_t */
	K_TICKS,       /* int64_t duration */
	K_STR,         /* const char * (NULL: none) */
	K_CRL_EXT,     /* cs_crl_extension_scope */
	K_ACCOUNT,     /* cs_account */
	K_STALE,       /* cs_au_stale_bits_scope */
	K_COUNT,       /* cs_sch_count_rule */
	K_ALERT,       /* cs_sch_alert_text */
	K_BACKOFF,     /* int64_t[CS_BACKOFF_STEPS] */
	K_ROOTS,       /* cs_store_id[CS_SCH_ROOT_PARTS] */
	K_PREFERRED,   /* cs_preferred_issuer_rule */
	K_PARTIAL_TOP, /* cs_partial_top_rule */
	K_FRESHNESS,   /* cs_crl_freshness */
	K_REARM,       /* cs_pin_rearm */
	K_GATE,        /* cs_pin_gate */
	K_PIN, /* int64_t: a duration, CS_PIN_INTERVAL or _UNTIL_REBOOT */
	K_KINDS
} kind;

typedef enum { A_CHAIN, A_REV, A_AU, A_SCH } area;

typedef struct {
	area a;
	const char *name;
	size_t off;
	kind k;
} column;

#define COL(area_, type, field, k)                      \
	{                                               \
		area_, #field, offsetof(type, field), k \
	}
#define CH(f, k) COL(A_CHAIN, cs_chain_profile, f, k)
#define RV(f, k) COL(A_REV, cs_revocation_profile, f, k)
#define AU(f, k) COL(A_AU, cs_autoupdate_profile, f, k)
#define SC(f, k) COL(A_SCH, cs_schannel_profile, f, k)

/* Every field of the four area structs, in their order (tests/profiles_test.sh
 * counts the fields in the headers against this list). */
static const column columns[] = {
    CH(preferred_issuer, K_PREFERRED),
    CH(revocation_on_untrusted_chains, K_BOOL),
    CH(ssl_uses_cert_e_revocation_codes, K_BOOL),
    CH(ssl_offline_bits, K_HEX32),
    CH(has_disallowed_store, K_BOOL),
    CH(aki_falls_back_to_name, K_BOOL),
    CH(aia_retrieval, K_BOOL),
    CH(max_aia_urls_in_cert, K_UINT),
    CH(max_aia_retrievals_per_chain, K_UINT),
    CH(max_aia_bytes, K_UINT),
    CH(has_engine_cache, K_BOOL),
    CH(host_root_bundle, K_STR),
    CH(partial_chain_revocation_unknown, K_BOOL),
    CH(base_checks_constraints, K_BOOL),
    CH(partial_chain_is_chaining_error, K_BOOL),
    CH(honours_cache_resync_filetime, K_BOOL),
    CH(partial_top_match_info, K_PARTIAL_TOP),
    CH(cycle_is_endless_path, K_BOOL),
    CH(chain_info_has_valid_name_constraints, K_BOOL),
    CH(base_reports_revocation, K_BOOL),
    CH(policies, K_HEX32),
    CH(msroot_failure_names_root, K_BOOL),
    RV(url_timeout, K_TICKS),
    RV(accumulative_timeout, K_TICKS),
    RV(backoff, K_BACKOFF),
    RV(has_memory_cache, K_BOOL),
    RV(has_ocsp, K_BOOL),
    RV(has_delta_crl, K_BOOL),
    RV(refresh_at_next_crl_publish, K_BOOL),
    RV(crl_freshness, K_FRESHNESS),
    RV(crl_signature_checked, K_BOOL),
    RV(crl_time_checked, K_BOOL),
    RV(ocsp_signer_checked, K_BOOL),
    RV(ocsp_time_checked, K_BOOL),
    RV(offline_bits, K_HEX32),
    RV(no_method_bits, K_HEX32),
    RV(prefetch, K_BOOL),
    RV(prefetch_after_publish_divisor, K_UINT),
    RV(prefetch_before_next_update_divisor, K_UINT),
    RV(prefetch_min_window, K_TICKS),
    RV(prefetch_trigger_period, K_TICKS),
    RV(ocsp_switch_to_crl_count, K_UINT),
    RV(ocsp_switch_inclusive, K_BOOL),
    RV(max_cached_ocsp_per_crl, K_UINT),
    RV(crl_validity_extension, K_TICKS),
    RV(crl_validity_extension_scope, K_CRL_EXT),
    RV(top_checked_without_issuer, K_BOOL),
    RV(ocsp_revoked_decodes, K_BOOL),
    RV(status_cache_per_cert, K_BOOL),
    RV(kb2666300_defect, K_BOOL),
    RV(kb2666300_pin, K_PIN),
    RV(kb2666300_rearm, K_REARM),
    RV(kb2666300_gate, K_GATE),
    AU(root_auto_update, K_BOOL),
    AU(default_root_dir_url, K_STR),
    AU(kb2677070_root_dir_url, K_STR),
    AU(stl_cache_lifetime, K_TICKS),
    AU(stl_memory_copy_ages_out, K_BOOL),
    AU(log_retrieval_success, K_BOOL),
    AU(disallowed_sync, K_BOOL),
    AU(cryptsvc_account, K_ACCOUNT),
    AU(disallowed_sync_delta_s, K_U32),
    AU(disallowed_sync_delta_floor_s, K_U32),
    AU(stale_factor_num, K_UINT),
    AU(stale_factor_den, K_UINT),
    AU(stale_bits_scope, K_STALE),
    AU(stale_refresh_backoff, K_TICKS),
    AU(wu_service_data_lifetime, K_TICKS),
    SC(issuer_list_limit, K_SIZE),
    SC(count_rule, K_COUNT),
    SC(send_issuer_list_default, K_BOOL),
    SC(has_client_auth_issuer_store, K_BOOL),
    SC(has_trust_modes, K_BOOL),
    SC(validation_uses_truncated_list, K_BOOL),
    SC(root_parts, K_ROOTS),
    SC(client_auth_alert, K_UINT),
    SC(alert_text, K_ALERT),
};

static const char *const area_names[] = {"chain", "revocation", "autoupdate",
                                         "schannel"};

static const void *area_row(const cs_profile *p, area a)
{
	switch (a) {
	case A_CHAIN:
		return cs_profile_chain(p);
	case A_REV:
		return cs_profile_revocation(p);
	case A_AU:
		return cs_profile_autoupdate(p);
	default:
		return cs_profile_schannel(p);
	}
}

/* The names of each enum column's values, in the enum's order. */
#define NAMES(...)                                               \
	{                                                        \
		(const char *const[]){__VA_ARGS__},              \
		    sizeof((const char *const[]){__VA_ARGS__}) / \
		        sizeof(const char *)                     \
	}
static const struct {
	const char *const *names;
	size_t n;
} enum_names[K_KINDS] = {
    [K_CRL_EXT] = NAMES("never", "past-time", "always"),
    [K_ACCOUNT] = NAMES("LocalSystem", "LocalService", "NetworkService"),
    [K_STALE] = NAMES("simple-chain", "end-element", "all-elements"),
    [K_COUNT] = NAMES("encoded-list", "prefixed", "names"),
    [K_ALERT] = NAMES("2008", "2012"),
    [K_PREFERRED] = NAMES("never", "every-element", "engine-stores"),
    [K_PARTIAL_TOP] = NAMES("attempted", "name-lookup"),
    [K_FRESHNESS] = NAMES("each", "base-led"),
    [K_REARM] = NAMES("each-copy", "once"),
    [K_GATE] = NAMES("timer", "ocsp-backoff"),
};

static const char *enum_name(kind k, int v)
{
	return v >= 0 && (size_t)v < enum_names[k].n ? enum_names[k].names[v]
	                                             : "?";
}

/* One value as text (the table) and as JSON. */
static json_t *value(const column *c, const void *row, char *buf, size_t cap)
{
	const char *p = (const char *)row + c->off;
	char t[CS_TIME_BUF];
	switch (c->k) {
	case K_BOOL:
		snprintf(buf, cap, "%s", *(const bool *)p ? "yes" : "no");
		return json_boolean(*(const bool *)p);
	case K_UINT:
		snprintf(buf, cap, "%u", *(const unsigned *)p);
		return json_integer(*(const unsigned *)p);
	case K_U32:
		snprintf(buf, cap, "%" PRIu32, *(const uint32_t *)p);
		return json_integer(*(const uint32_t *)p);
	case K_HEX32:
		snprintf(buf, cap, "0x%08" PRIx32, *(const uint32_t *)p);
		return json_string(buf);
	case K_SIZE:
		snprintf(buf, cap, "%zu", *(const size_t *)p);
		return json_integer((json_int_t) * (const size_t *)p);
	case K_PIN: /* the two special values by name */
		if (*(const int64_t *)p == CS_PIN_INTERVAL ||
		    *(const int64_t *)p == CS_PIN_UNTIL_REBOOT) {
			snprintf(buf, cap, "%s",
			         *(const int64_t *)p == CS_PIN_INTERVAL
			             ? "publish-interval"
			             : "until-reboot");
			return json_string(buf);
		}
		/* fall through */
	case K_TICKS:
		snprintf(buf, cap, "%s",
		         cs_duration_format(*(const int64_t *)p, t));
		return json_string(buf);
	case K_STR: {
		const char *s = *(const char *const *)p;
		snprintf(buf, cap, "%s", s && *s ? s : "-");
		return s ? json_string(s) : json_null();
	}
	case K_BACKOFF: {
		json_t *a = json_array();
		size_t len = 0;
		buf[0] = '\0';
		for (int i = 0; i < CS_BACKOFF_STEPS; i++) {
			const int64_t *v = (const int64_t *)p + i;
			cs_duration_format(*v, t);
			json_array_append_new(a, json_string(t));
			len += (size_t)snprintf(buf + len,
			                        len < cap ? cap - len : 0,
			                        "%s%s", i ? "," : "", t);
		}
		return a;
	}
	case K_ROOTS: {
		json_t *a = json_array();
		size_t len = 0;
		buf[0] = '\0';
		for (int i = 0; i < CS_SCH_ROOT_PARTS; i++) {
			const char *n =
			    cs_store_name(((const cs_store_id *)p)[i]);
			json_array_append_new(a, json_string(n));
			len += (size_t)snprintf(buf + len,
			                        len < cap ? cap - len : 0,
			                        "%s%s", i ? "," : "", n);
		}
		return a;
	}
	default: /* the enums, all int-sized */
		snprintf(buf, cap, "%s", enum_name(c->k, *(const int *)p));
		return json_string(buf);
	}
}

static bool wanted(const cs_profile *p, const char *const *names, size_t n)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], p->name) == 0)
			return true;
	return false;
}

cs_status cs_profiles_write(FILE *out, const char *const *names, size_t n,
                            bool json)
{
	json_t *all = json_array();
	char buf[512];
	if (!all)
		return CS_JSON_FAILED();
	for (int i = 0; i < CS_PROFILE_COUNT; i++) {
		const cs_profile *p = cs_profile_by_id((cs_profile_id)i);
		if (!wanted(p, names, n))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "description",
		                    json_string(p->description));
		json_object_set_new(o, "user_agent",
		                    json_string(p->user_agent));
		json_object_set_new(o, "is_wine", json_boolean(p->is_wine));
		const cs_profile_events *ev = &p->events;
		json_object_set_new(o, "events.autoupdate_source",
		                    json_string(ev->autoupdate_source));
		json_object_set_new(o, "events.autoupdate_id_base",
		                    json_integer(ev->autoupdate_id_base));
		json_object_set_new(o, "events.has_capi2_operational",
		                    json_boolean(ev->has_capi2_operational));
		if (!json)
			fprintf(out,
			        "%s: %s\n  %-48s %s\n  %-48s %s\n  %-48s %s\n"
			        "  %-48s %u\n  %-48s %s\n",
			        p->name, p->description, "user_agent",
			        p->user_agent[0] ? p->user_agent : "-",
			        "is_wine", p->is_wine ? "yes" : "no",
			        "events.autoupdate_source",
			        ev->autoupdate_source[0] ? ev->autoupdate_source
			                                 : "-",
			        "events.autoupdate_id_base",
			        ev->autoupdate_id_base,
			        "events.has_capi2_operational",
			        ev->has_capi2_operational ? "yes" : "no");
		for (size_t k = 0; k < sizeof columns / sizeof *columns; k++) {
			const column *col = &columns[k];
			json_t *v =
			    value(col, area_row(p, col->a), buf, sizeof buf);
			char key[96];
			snprintf(key, sizeof key, "%s.%s", area_names[col->a],
			         col->name);
			json_object_set_new(o, key, v);
			if (!json)
				fprintf(out, "  %-48s %s\n", key, buf);
		}
		if (!json && i + 1 < CS_PROFILE_COUNT && n != 1)
			fputc('\n', out);
		json_array_append_new(all, o);
	}
	cs_status st = CS_OK;
	if (json &&
	    (json_dumpf(all, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0 ||
	     fputc('\n', out) == EOF))
		st = CS_ERR_IO;
	json_decref(all);
	return st == CS_OK && ferror(out) ? CS_ERR_IO : st;
}
