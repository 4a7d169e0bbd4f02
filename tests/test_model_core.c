/* model/registry, model/network, model/urlcache, model/trace + trace/jsonl.
 * Expected behaviour from the headers' contracts and their sources:
 * registry paths compare case-insensitively and a deny covers subkeys
 * (SEED 004: CryptSvc's RegCreateKey under the denied AutoUpdate key failed);
 * network rules have [from, until) windows and the newest matching rule
 * wins; scheme and host compare case-insensitively, the path does not
 * (RFC 3986 6.2.2.1); the URL cache does not offer an entry at or after its
 * expiry; trust words print "0x%08x" and HRESULTs "0x%08X" (certutil and
 * Windows spellings, samples/README.md). */
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "model/hresult.h"
#include "model/network.h"
#include "model/registry_names.h"
#include "model/registry.h"
#include "model/store.h"
#include "model/trace.h"
#include "model/urlcache.h"
#include "model/utf8.h"
#include "trace/jsonl.h"
#include "trace/read.h"

#define AU "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate"

START_TEST(test_registry_canon_and_acl)
{
	char k[CS_REG_PATH_MAX];
	ck_assert_int_eq(
	    cs_reg_canon("HKEY_LOCAL_MACHINE\\Software\\X\\\\", "u", k), CS_OK);
	ck_assert_str_eq(k, "HKLM\\Software\\X");
	ck_assert_int_eq(cs_reg_canon("HKCU\\Software", "user:alice", k),
	                 CS_OK);
	ck_assert_str_eq(k, "HKU\\user:alice\\Software");
	ck_assert_int_eq(cs_reg_canon("HKXX\\a", "u", k), CS_ERR_SYNTAX);

	cs_registry r;
	cs_reg_init(&r);
	uint8_t ft[8] = {0x00, 0xc0, 0x80, 0xac, 0xf9, 0x1e, 0xcb, 0x01};
	ck_assert_int_eq(cs_reg_set(&r, CS_ACCOUNT_SYSTEM, AU,
	                            "DisallowedCertLastSyncTime", CS_REG_BINARY,
	                            ft, 8),
	                 CS_OK);
	cs_filetime t;
	/* bin:00c080acf91ecb01 is 2010-07-09 (tests/test_clock.c) */
	ck_assert(cs_reg_get_filetime(&r,
	                              "hklm\\software\\microsoft\\"
	                              "systemcertificates\\authroot\\"
	                              "autoupdate",
	                              "disallowedcertlastsynctime", &t));
	ck_assert_int_eq(t, INT64_C(129231072000000000));
	ck_assert_int_eq(cs_reg_deny_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU),
	                 CS_OK);
	ck_assert_int_eq(cs_reg_set(&r, CS_ACCOUNT_NETWORK_SERVICE, AU "\\Sub",
	                            "x", CS_REG_DWORD, "\1\0\0\0", 4),
	                 CS_ERR_ACCESS_DENIED);
	ck_assert_int_eq(cs_reg_set(&r, CS_ACCOUNT_SYSTEM, AU, "x",
	                            CS_REG_DWORD, "\1\0\0\0", 4),
	                 CS_OK);
	/* a sibling whose name starts the same is not below the key */
	ck_assert(cs_reg_can_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU "Other"));
	cs_registry c;
	ck_assert_int_eq(cs_reg_clone(&c, &r), CS_OK);
	ck_assert(!cs_reg_can_write(&c, CS_ACCOUNT_NETWORK_SERVICE, AU));
	cs_reg_allow_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU);
	ck_assert(cs_reg_can_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU));
	ck_assert_int_eq(cs_reg_delete_key(&r, CS_ACCOUNT_SYSTEM,
	                                   "HKLM\\SOFTWARE\\Microsoft"),
	                 CS_OK);
	ck_assert_ptr_null(cs_reg_get(&r, AU, "x"));
	ck_assert_int_eq(cs_reg_delete_value(&r, CS_ACCOUNT_SYSTEM, AU, "x"),
	                 CS_ERR_NOT_FOUND);
	cs_reg_free(&c);
	cs_reg_free(&r);
}
END_TEST

/* The ACL belongs to the key (DOC Registry Key Security and Access Rights):
 * deleting AutoUpdate deletes CryptSvc's deny entry, and the key created
 * again inherits from AuthRoot, which denies nothing - seed 004's "delete
 * the AutoUpdate key". A deny on the parent is inherited by a recreated
 * child. Denying creates the key. */
START_TEST(test_registry_acl_belongs_to_the_key)
{
	const char *parent = "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\"
	                     "AuthRoot";
	cs_registry r;
	cs_reg_init(&r);
	ck_assert(!cs_reg_key_exists(&r, AU));
	ck_assert_int_eq(cs_reg_deny_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU),
	                 CS_OK);
	ck_assert(cs_reg_key_exists(&r, AU));
	ck_assert_int_eq(cs_reg_create_key(&r, CS_ACCOUNT_NETWORK_SERVICE, AU),
	                 CS_ERR_ACCESS_DENIED);
	ck_assert_int_eq(cs_reg_delete_key(&r, CS_ACCOUNT_DEFAULT_USER, AU),
	                 CS_OK);
	ck_assert(cs_reg_can_write(&r, CS_ACCOUNT_NETWORK_SERVICE, AU));
	ck_assert_int_eq(cs_reg_set(&r, CS_ACCOUNT_NETWORK_SERVICE, AU,
	                            "DisallowedCertLastSyncTime", CS_REG_BINARY,
	                            "\0\0\0\0\0\0\0\0", 8),
	                 CS_OK);
	/* inherited from the parent: a deny there covers the new child */
	ck_assert_int_eq(
	    cs_reg_deny_write(&r, CS_ACCOUNT_NETWORK_SERVICE, parent), CS_OK);
	ck_assert_int_eq(cs_reg_delete_key(&r, CS_ACCOUNT_DEFAULT_USER, AU),
	                 CS_OK);
	ck_assert_int_eq(cs_reg_create_key(&r, CS_ACCOUNT_NETWORK_SERVICE, AU),
	                 CS_ERR_ACCESS_DENIED);
	/* deleting the parent removes its entry too */
	ck_assert_int_eq(cs_reg_delete_key(&r, CS_ACCOUNT_DEFAULT_USER, parent),
	                 CS_OK);
	ck_assert_int_eq(cs_reg_create_key(&r, CS_ACCOUNT_NETWORK_SERVICE, AU),
	                 CS_OK);
	cs_reg_free(&r);
}
END_TEST

START_TEST(test_network_windows)
{
	cs_network n;
	cs_net_init(&n);
	static const uint8_t a[] = "old", b[] = "new";
	cs_net_rule r1 = {"http://CRL.example/ca.crl",
	                  0,
	                  CS_NET_FOREVER,
	                  CS_NET_OK,
	                  200,
	                  {a, 3},
	                  "a"};
	cs_net_rule r2 = {
	    "http://crl.example/ca.crl", 100, 200, CS_NET_OK, 200, {b, 3}, "b"};
	ck_assert_int_eq(cs_net_add_rule(&n, &r1), CS_OK);
	ck_assert_int_eq(cs_net_add_rule(&n, &r2), CS_OK);
	cs_net_response resp;
	cs_net_request(&n, "HTTP://crl.EXAMPLE/ca.crl", 99, &resp);
	ck_assert_str_eq(resp.body_name, "a");
	cs_net_request(&n, "http://crl.example/ca.crl", 100, &resp);
	ck_assert_str_eq(resp.body_name, "b"); /* newest rule, from inclusive */
	cs_net_request(&n, "http://crl.example/ca.crl", 200, &resp);
	ck_assert_str_eq(resp.body_name, "a"); /* until exclusive */
	cs_net_request(&n, "http://crl.example/CA.crl", 150, &resp);
	ck_assert_int_eq(resp.outcome, CS_NET_DNS); /* path is case-sensitive */
	ck_assert_int_eq(cs_net_set_latency(&n, "http://crl.example/ca.crl",
	                                    5 * CS_TICKS_PER_SEC),
	                 CS_OK);
	cs_net_request(&n, "http://crl.example/ca.crl", 0, &resp);
	ck_assert_int_eq(resp.latency, 5 * CS_TICKS_PER_SEC);
	cs_net_free(&n);
}
END_TEST

START_TEST(test_urlcache_expiry)
{
	cs_urlcache c;
	cs_urlcache_init(&c);
	cs_urlcache_entry e = {
	    .url = "http://crl.example/ca.crl", .fetched = 10, .expires = 20};
	ck_assert_int_eq(cs_urlcache_put(&c, &e), CS_OK);
	ck_assert_ptr_nonnull(cs_urlcache_lookup(&c, e.url, 19));
	ck_assert_ptr_null(cs_urlcache_lookup(&c, e.url, 20));
	ck_assert_ptr_nonnull(cs_urlcache_find(&c, e.url));
	e.expires = 30; /* replace, not add */
	ck_assert_int_eq(cs_urlcache_put(&c, &e), CS_OK);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_ptr_nonnull(cs_urlcache_lookup(&c, e.url, 25));
	ck_assert(cs_urlcache_delete(&c, "http://CRL.example/ca.crl"));
	ck_assert(!cs_urlcache_delete(&c, e.url));
	ck_assert_uint_eq(cs_urlcache_clear(&c), 0);
	cs_urlcache_free(&c);
}
END_TEST

START_TEST(test_trace_jsonl_roundtrip)
{
	cs_trace tr;
	cs_trace_init(&tr, true);
	cs_trace_set_origin(&tr, 7, NULL);
	cs_obs *o =
	    cs_trace_begin(&tr, INT64_C(129231072000000000), "chain", "SYSTEM");
	cs_obs_rule(o, CS_RULE_CHAIN_BUILD);
	cs_obs_hex32(o, "error_status", 0x01000040);
	cs_obs_hresult(o, "error", 0x800b0109);
	cs_obs *c = cs_obs_list_add(o, "elements");
	cs_obs_bool(c, "ok", false);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(cs_trace_write_jsonl(&tr, f), CS_OK);
	fclose(f);
	ck_assert_str_eq(buf, "{\"t\":\"2010-07-09T00:00:00Z\",\"step\":7,"
	                      "\"kind\":\"chain\",\"account\":\"SYSTEM\","
	                      "\"rule\":\"chain.build\",\"source\":\"DOC "
	                      "CertGetCertificateChain\",\"error_status\":"
	                      "\"0x01000040\",\"error\":\"0x800B0109\","
	                      "\"elements\":[{\"ok\":false}]}\n");
	void *arr = NULL;
	cs_diag d;
	ck_assert_int_eq(cs_trace_read_jsonl_buf(buf, len, "x", &arr, &d),
	                 CS_OK);
	ck_assert_uint_eq(json_array_size(arr), 1);
	char why[200];
	ck_assert_uint_eq(cs_trace_first_difference(arr, arr, why, sizeof why),
	                  0);
	json_decref(arr);
	ck_assert_int_eq(
	    cs_trace_read_jsonl_buf("{}\n[1]\n", 7, "g.jsonl", &arr, &d),
	    CS_ERR_FORMAT);
	ck_assert_uint_eq(d.line, 2);
	free(buf);
	cs_trace_free(&tr);
	/* a disabled trace records nothing and accepts NULL everywhere */
	cs_trace_init(&tr, false);
	o = cs_trace_begin(&tr, 0, "note", NULL);
	ck_assert_ptr_null(o);
	cs_obs_str(o, "k", "v");
	ck_assert_uint_eq(tr.n, 0);
	cs_trace_free(&tr);
}
END_TEST

/* capisim/diag.h: a byte offset prints as "FILE: byte N:", never in the
 * place of a line number; text positions keep "FILE:LINE:COL:". */
static char *print_diag(const cs_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cs_diag_print(f, d);
	fclose(f);
	return buf;
}

START_TEST(test_diag_forms)
{
	cs_diag d;
	char *out;
	cs_diag_set_offset(&d, "x.der", 600, "truncated %s", "DER");
	out = print_diag(&d);
	ck_assert_str_eq(out, "x.der: byte 600: error: truncated DER\n");
	free(out);
	char why[CS_DIAG_MSG + 32];
	ck_assert_str_eq(cs_diag_detail(&d, why, sizeof why),
	                 "byte 600: truncated DER");
	/* offset 0 is a position too */
	cs_diag_set_offset(&d, "", 0, "m");
	out = print_diag(&d);
	ck_assert_str_eq(out, "byte 0: error: m\n");
	free(out);
	/* the text form resets the offset; the file may be d's own name */
	cs_diag_set(&d, "a.log", 3, 7, "bad");
	cs_diag_set(&d, d.file, 3, 7, "worse");
	out = print_diag(&d);
	ck_assert_str_eq(out, "a.log:3:7: error: worse\n");
	free(out);
	ck_assert_str_eq(cs_diag_detail(&d, why, sizeof why), "worse");
}
END_TEST

/* model/utf8.h against Unicode 15 table 3-7 (well-formed byte sequences)
 * and RFC 3629 section 4: where the first ill-formed byte is. */
START_TEST(test_utf8_validation)
{
	static const struct {
		const char *s;
		size_t len, bad; /* bad == len: well-formed */
	} rows[] = {
	    {"plain ASCII", 11, 11},
	    {"caf\xc3\xa9", 5, 5},      /* U+00E9 */
	    {"\xe2\x82\xac", 3, 3},     /* U+20AC */
	    {"\xed\x9f\xbf", 3, 3},     /* U+D7FF, below the surrogates */
	    {"\xee\x80\x80", 3, 3},     /* U+E000, above them */
	    {"\xef\xbb\xbf", 3, 3},     /* U+FEFF */
	    {"\xf0\x9f\x98\x80", 4, 4}, /* U+1F600 */
	    {"\xf4\x8f\xbf\xbf", 4, 4}, /* U+10FFFF, the last */
	    {"a\x80", 2, 1},            /* stray continuation byte */
	    {"\xc0\xaf", 2, 0},         /* overlong '/' (C0 never) */
	    {"\xc1\xbf", 2, 0},         /* overlong U+007F (C1 never) */
	    {"\xe0\x80\xaf", 3, 0},     /* overlong '/' in 3 bytes */
	    {"\xe0\x9f\xbf", 3, 0},     /* overlong U+07FF */
	    {"\xf0\x80\x80\xaf", 4, 0}, /* overlong '/' in 4 bytes */
	    {"\xf0\x8f\xbf\xbf", 4, 0}, /* overlong U+FFFF */
	    {"ok\xed\xa0\x80", 5, 2},   /* U+D800, a surrogate */
	    {"\xed\xbf\xbf", 3, 0},     /* U+DFFF */
	    {"\xf4\x90\x80\x80", 4, 0}, /* U+110000 */
	    {"\xf5\x80\x80\x80", 4, 0}, /* F5..FF never occur */
	    {"\xff", 1, 0},
	    {"x\xe2\x82", 3, 1}, /* cut off by the end */
	    {"\xc3"
	     "A",
	     2, 0},              /* lead byte, no continuation */
	    {"\xe9t\xe9", 3, 0}, /* Latin-1 "ete" */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_msg(
		    cs_utf8_invalid_at(rows[i].s, rows[i].len) == rows[i].bad,
		    "row %zu: got %zu want %zu", i,
		    cs_utf8_invalid_at(rows[i].s, rows[i].len), rows[i].bad);
	/* a diagnostic's echoed line never carries an ill-formed byte */
	cs_diag d;
	cs_diag_set(&d, "f", 1, 2, "m");
	cs_diag_source(&d,
	               "a\xe9\xc3\xa9\x01"
	               "b",
	               6);
	ck_assert_str_eq(d.src, "a?\xc3\xa9?b");
}
END_TEST

/* model/store.h: insertion order, "adding a certificate that is present
 * keeps its place", removal keeps the others' order - below and above the
 * size where the hash index takes over (CS_STORE_INDEX_MIN), through its
 * growth, removal in the middle of probe runs, clone and clear. The
 * expected state is a plain array kept beside the store. */
START_TEST(test_store_membership_and_order)
{
	enum { N = 1000 };
	static char objs[N];
#define CERT(i) ((const struct cs_cert *)&objs[(i)])
	cs_store s;
	cs_store_init(&s);
	size_t want[N], nwant = 0;
	for (size_t i = 0; i < N; i++) {
		/* every third certificate is added twice: still once */
		ck_assert_int_eq(cs_store_add(&s, CERT(i)), CS_OK);
		want[nwant++] = i;
		if (i % 3 == 0)
			ck_assert_int_eq(cs_store_add(&s, CERT(i / 2)), CS_OK);
		if (i == 5 || i == CS_STORE_INDEX_MIN || i == 300) {
			ck_assert_uint_eq(s.n, nwant);
			for (size_t k = 0; k < nwant; k++)
				ck_assert_ptr_eq(s.certs[k], CERT(want[k]));
		}
	}
	/* remove every 7th, then some that are absent */
	for (size_t i = 0; i < N; i += 7)
		ck_assert(cs_store_remove(&s, CERT(i)));
	ck_assert(!cs_store_remove(&s, CERT(0)));
	ck_assert(!cs_store_remove(&s, CERT(7)));
	nwant = 0;
	for (size_t i = 0; i < N; i++)
		if (i % 7)
			want[nwant++] = i;
	ck_assert_uint_eq(s.n, nwant);
	for (size_t k = 0; k < nwant; k++)
		ck_assert_ptr_eq(s.certs[k], CERT(want[k]));
	for (size_t i = 0; i < N; i++)
		ck_assert(cs_store_contains(&s, CERT(i)) == (i % 7 != 0));
	/* a removed certificate comes back at the end */
	ck_assert_int_eq(cs_store_add(&s, CERT(14)), CS_OK);
	ck_assert_ptr_eq(s.certs[s.n - 1], CERT(14));
	/* a clone is independent of its source */
	cs_store c;
	ck_assert_int_eq(cs_store_clone(&c, &s), CS_OK);
	ck_assert(cs_store_remove(&c, CERT(1)));
	ck_assert(cs_store_contains(&s, CERT(1)));
	ck_assert(!cs_store_contains(&c, CERT(1)));
	ck_assert_int_eq(cs_store_add(&c, CERT(21)), CS_OK);
	ck_assert(!cs_store_contains(&s, CERT(21)));
	ck_assert_uint_eq(c.n, s.n);
	/* clear empties the index too */
	cs_store_clear(&c);
	ck_assert_uint_eq(c.n, 0);
	ck_assert(!cs_store_contains(&c, CERT(2)));
	ck_assert_int_eq(cs_store_add(&c, CERT(2)), CS_OK);
	ck_assert_uint_eq(c.n, 1);
	cs_store_free(&c);
	cs_store_free(&s);
#undef CERT
}
END_TEST

/* model/store.h: a property belongs to the entry - it follows the entry
 * through growth, removal of others, clone; removing the certificate drops
 * it; setting it on an absent certificate is CRYPT_E_NOT_FOUND's
 * CS_ERR_NOT_FOUND; NULL removes it. */
START_TEST(test_store_eku_property_follows_its_entry)
{
	enum { N = 40 }; /* past CS_STORE_INDEX_MIN: the hash index path */
	static char objs[N];
#define CERT(i) ((const struct cs_cert *)&objs[(i)])
	static const char *const server[] = {"1.3.6.1.5.5.7.3.1"};
	const cs_usage only_server = {1, server}, nothing = {0, NULL};
	cs_store s;
	cs_store_init(&s);
	ck_assert_int_eq(cs_store_set_eku_prop(&s, CERT(0), &nothing),
	                 CS_ERR_NOT_FOUND);
	for (size_t i = 0; i < 8; i++)
		ck_assert_int_eq(cs_store_add(&s, CERT(i)), CS_OK);
	ck_assert_ptr_null(cs_store_eku_prop(&s, CERT(3)));
	ck_assert_int_eq(cs_store_set_eku_prop(&s, CERT(3), &only_server),
	                 CS_OK);
	ck_assert_int_eq(cs_store_set_eku_prop(&s, CERT(5), &nothing), CS_OK);
	for (size_t i = 8; i < N; i++) /* grows the arrays and the index */
		ck_assert_int_eq(cs_store_add(&s, CERT(i)), CS_OK);
	ck_assert_ptr_eq(cs_store_eku_prop(&s, CERT(3)), &only_server);
	ck_assert_ptr_eq(cs_store_eku_prop(&s, CERT(5)), &nothing);
	ck_assert_ptr_null(cs_store_eku_prop(&s, CERT(4)));
	ck_assert_ptr_null(cs_store_eku_prop_at(&s, N - 1));
	/* adding a present certificate keeps its property */
	ck_assert_int_eq(cs_store_add(&s, CERT(3)), CS_OK);
	ck_assert_ptr_eq(cs_store_eku_prop(&s, CERT(3)), &only_server);
	/* removing an earlier entry shifts the properties with the entries */
	ck_assert(cs_store_remove(&s, CERT(1)));
	ck_assert_ptr_eq(cs_store_eku_prop_at(&s, 2), &only_server);
	ck_assert_ptr_eq(cs_store_eku_prop(&s, CERT(5)), &nothing);
	/* a clone carries them and is independent */
	cs_store c;
	ck_assert_int_eq(cs_store_clone(&c, &s), CS_OK);
	ck_assert_int_eq(cs_store_set_eku_prop(&c, CERT(3), NULL), CS_OK);
	ck_assert_ptr_null(cs_store_eku_prop(&c, CERT(3)));
	ck_assert_ptr_eq(cs_store_eku_prop(&s, CERT(3)), &only_server);
	ck_assert_ptr_eq(cs_store_eku_prop(&c, CERT(5)), &nothing);
	/* removed and added again: a new entry, no property */
	ck_assert(cs_store_remove(&s, CERT(3)));
	ck_assert_ptr_null(cs_store_eku_prop(&s, CERT(3)));
	ck_assert_int_eq(cs_store_add(&s, CERT(3)), CS_OK);
	ck_assert_ptr_null(cs_store_eku_prop(&s, CERT(3)));
	/* clear, then add: entry 4 held CERT(5)'s property; the new
	 * entry 4 has none */
	ck_assert_ptr_eq(cs_store_eku_prop_at(&c, 4), &nothing);
	cs_store_clear(&c);
	for (size_t i = 9; i < 14; i++)
		ck_assert_int_eq(cs_store_add(&c, CERT(i)), CS_OK);
	ck_assert_ptr_null(cs_store_eku_prop_at(&c, 4));
	cs_store_free(&c);
	cs_store_free(&s);
#undef CERT
}
END_TEST

/* docs/trace-format.md: a line of an included file carries "include"
 * (the file, as the main file's folder sees it) right after "step"; lines
 * of the main file and observations without a line carry none. */
/* model/world.c clears a world's account rows whole instead of calling
 * cs_store_init and cs_urlcache_init per store: their headers promise
 * that zero bytes are what those inits make. */
START_TEST(test_zero_bytes_are_empty_stores)
{
	static const unsigned char zero[sizeof(cs_store) > sizeof(cs_urlcache)
	                                    ? sizeof(cs_store)
	                                    : sizeof(cs_urlcache)];
	cs_store st;
	memset(&st, 0xAB, sizeof st);
	cs_store_init(&st);
	ck_assert(memcmp(&st, zero, sizeof st) == 0);
	ck_assert_uint_eq(st.n, 0);
	cs_urlcache uc;
	memset(&uc, 0xAB, sizeof uc);
	cs_urlcache_init(&uc);
	ck_assert(memcmp(&uc, zero, sizeof uc) == 0);
	/* and a zeroed store is usable as an empty one */
	memset(&st, 0, sizeof st);
	ck_assert(!cs_store_contains(&st, NULL));
	cs_store_free(&st);
}
END_TEST

START_TEST(test_trace_include_key)
{
	cs_trace tr;
	cs_trace_init(&tr, true);
	char inc[] = "inc/frag.inc";
	cs_trace_set_origin(&tr, 3, inc);
	inc[0] = 'X'; /* the trace keeps its own copy */
	cs_trace_begin(&tr, 0, "note", NULL);
	cs_trace_set_origin(&tr, 0, NULL);
	cs_trace_begin(&tr, 0, "reboot", NULL);
	cs_trace_set_origin(&tr, 3, NULL);
	cs_trace_begin(&tr, 0, "note", NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(cs_trace_write_jsonl(&tr, f), CS_OK);
	fclose(f);
	ck_assert_str_eq(buf,
	                 "{\"t\":\"1601-01-01T00:00:00Z\",\"step\":3,"
	                 "\"include\":\"inc/frag.inc\",\"kind\":\"note\"}\n"
	                 "{\"t\":\"1601-01-01T00:00:00Z\",\"kind\":"
	                 "\"reboot\"}\n"
	                 "{\"t\":\"1601-01-01T00:00:00Z\",\"step\":3,"
	                 "\"kind\":\"note\"}\n");
	free(buf);
	cs_trace_free(&tr);
}
END_TEST

/* model/trace.h: typed lookups - a string is not a number, a number
 * (whatever its print form) is not a string, absent is absent. */
START_TEST(test_trace_typed_lookups)
{
	cs_trace tr;
	cs_trace_init(&tr, true);
	cs_obs *o = cs_trace_begin(&tr, 0, "fetch", NULL);
	cs_obs_str(o, "url", "http://x/");
	cs_obs_int(o, "bytes", 560);
	cs_obs_hresult(o, "error", 0x80092013u);
	cs_obs_list_add(o, "entries");
	int64_t v = -1;
	ck_assert_str_eq(cs_obs_get_str(o, "url"), "http://x/");
	ck_assert_ptr_null(cs_obs_get_str(o, "bytes"));
	ck_assert_ptr_null(cs_obs_get_str(o, "nothing"));
	ck_assert(cs_obs_get_int(o, "bytes", &v) && v == 560);
	ck_assert(cs_obs_get_int(o, "error", &v) && v == 0x80092013u);
	v = -1;
	ck_assert(!cs_obs_get_int(o, "url", &v) && v == -1);
	ck_assert(!cs_obs_get_int(o, "entries", &v) && v == -1);
	ck_assert(!cs_obs_get_int(o, "nothing", &v) && v == -1);
	cs_trace_free(&tr);
}
END_TEST

/* model/hresult.h and model/registry_names.h: each table has unique values
 * and names, every name is a winerror.h-style symbol, a text is either
 * absent or a sentence, and the lookups give back what a row says. Values
 * checked against winerror.h: CERT_E_EXPIRED 0x800B0101, CRYPT_E_REVOKED
 * 0x80092010, E_ACCESSDENIED 0x80070005 (RULES.md 2). */
START_TEST(test_tables_walk)
{
	ck_assert_uint_gt(cs_hresult_count, 20);
	for (size_t i = 0; i < cs_hresult_count; i++) {
		const cs_hresult_row *r = &cs_hresult_rows[i];
		ck_assert_msg(r->name && r->name[0], "row %zu has no name", i);
		ck_assert_msg((r->value & 0x80000000u) != 0,
		              "%s is not a failure code", r->name);
		ck_assert_msg(!r->text || strlen(r->text) > 3, "%s", r->name);
		for (size_t k = i + 1; k < cs_hresult_count; k++) {
			ck_assert_msg(cs_hresult_rows[k].value != r->value,
			              "%s and %s share a value", r->name,
			              cs_hresult_rows[k].name);
			ck_assert_str_ne(cs_hresult_rows[k].name, r->name);
		}
		ck_assert_str_eq(cs_hresult_name(r->value), r->name);
		ck_assert_ptr_eq(cs_hresult_text(r->value), r->text);
	}
	ck_assert_uint_eq(CS_CERT_E_EXPIRED, 0x800B0101u);
	ck_assert_uint_eq(CS_CRYPT_E_REVOKED, 0x80092010u);
	ck_assert_uint_eq(CS_E_ACCESSDENIED, 0x80070005u);
	ck_assert_uint_eq(cs_hresult_from_win32(5), 0x80070005u);
	ck_assert_uint_eq(cs_hresult_from_win32(0), 0);
	ck_assert_ptr_null(cs_hresult_name(0x80001234u));
	for (int i = 0; i < CS_REGKEY_COUNT; i++) {
		ck_assert(strncmp(cs_reg_key_paths[i], "HK", 2) == 0);
		for (int k = i + 1; k < CS_REGKEY_COUNT; k++)
			ck_assert_str_ne(cs_reg_key_paths[i],
			                 cs_reg_key_paths[k]);
	}
	for (int i = 0; i < CS_REGVAL_COUNT; i++) {
		ck_assert(cs_reg_value_names[i] && cs_reg_value_names[i][0]);
		for (int k = i + 1; k < CS_REGVAL_COUNT; k++)
			ck_assert_str_ne(cs_reg_value_names[i],
			                 cs_reg_value_names[k]);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("model_core");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_registry_canon_and_acl);
	tcase_add_test(tc, test_registry_acl_belongs_to_the_key);
	tcase_add_test(tc, test_network_windows);
	tcase_add_test(tc, test_urlcache_expiry);
	tcase_add_test(tc, test_trace_jsonl_roundtrip);
	tcase_add_test(tc, test_trace_include_key);
	tcase_add_test(tc, test_tables_walk);
	tcase_add_test(tc, test_trace_typed_lookups);
	tcase_add_test(tc, test_diag_forms);
	tcase_add_test(tc, test_utf8_validation);
	tcase_add_test(tc, test_store_membership_and_order);
	tcase_add_test(tc, test_store_eku_property_follows_its_entry);
	tcase_add_test(tc, test_zero_bytes_are_empty_stores);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(suite)
