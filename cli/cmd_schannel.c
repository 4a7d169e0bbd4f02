/* capisim schannel issuer-list: the trusted-issuer list a Schannel server
 * would send for the given stores - each name, its encoded size, the
 * running total, what was dropped and why, and event 36885 when the list is
 * truncated (RULES.md 8, docs/schannel.md). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "engine/schannel/server.h"

#define SLOTS (CS_STORE_COUNT + 1) /* the machine stores and the app's */

typedef struct {
	X509 **x;
	cs_sch_cert *v;
	const cs_sch_cert **p;
	size_t n, cap;
	size_t first[SLOTS], count[SLOTS]; /* each slot's range in p */
} loaded;

static int grow(loaded *L)
{
	if (L->n < L->cap)
		return 0;
	size_t cap = L->cap ? 2 * L->cap : 256;
	X509 **x = realloc(L->x, cap * sizeof *x);
	if (x)
		L->x = x;
	cs_sch_cert *v = realloc(L->v, cap * sizeof *v);
	if (v)
		L->v = v;
	if (!x || !v)
		return -1;
	L->cap = cap;
	return 0;
}

/* Every certificate of a file: PEM (any number) or one DER. */
static int load_file(loaded *L, const char *path, cs_diag *d)
{
	BIO *b = BIO_new_file(path, "rb");
	if (!b) {
		cs_diag_set(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	size_t before = L->n;
	X509 *x;
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (grow(L)) {
			X509_free(x);
			BIO_free(b);
			return -2;
		}
		L->x[L->n++] = x;
	}
	ERR_clear_error();
	if (L->n == before) {
		(void)BIO_reset(b);
		x = d2i_X509_bio(b, NULL);
		if (x && !grow(L))
			L->x[L->n++] = x;
		else if (x)
			X509_free(x);
	}
	BIO_free(b);
	ERR_clear_error();
	if (L->n == before) {
		cs_diag_set(d, path, 0, 0,
		            "not a certificate: expected DER or PEM "
		            "(-----BEGIN CERTIFICATE-----)");
		return -1;
	}
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A file, or every regular file of a folder in byte order of the names: the
 * store's insertion order. */
static int load_path(loaded *L, const char *path, cs_diag *d)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		cs_diag_set(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return load_file(L, path, d);
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, by_name);
	if (n < 0) {
		cs_diag_set(d, path, 0, 0, "cannot list: %s", strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", path, ents[i]->d_name);
		struct stat fs;
		if (rc == 0 && ents[i]->d_name[0] != '.' &&
		    stat(full, &fs) == 0 && S_ISREG(fs.st_mode))
			rc = load_file(L, full, d);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

typedef struct {
	int slot;
	const char *path;
} input;

static void free_loaded(loaded *L, size_t nviews)
{
	for (size_t i = 0; i < nviews; i++)
		cs_sch_cert_clear(&L->v[i]);
	for (size_t i = 0; i < L->n; i++)
		X509_free(L->x[i]);
	free(L->x);
	free(L->v);
	free(L->p);
}

static void print_text(const cs_sch_server *s, bool send_set)
{
	const cs_sch_issuer_list *l = &s->list;
	printf("Schannel trusted-issuer list: %s (%s)\n", s->profile->name,
	       s->profile->description);
	printf("source: %s; trust mode: %s; sent: %s (%s)\n",
	       cs_sch_source_name(s->source), cs_sch_trust_mode_name(s->mode),
	       s->send ? "yes" : "no",
	       send_set ? "SendTrustedIssuerList set"
	                : "SendTrustedIssuerList absent: profile default");
	printf("limit: %zu bytes, counted as %s\n\n", l->limit,
	       cs_sch_count_rule_name(l->rule));
	printf("%5s  %-16s %5s %8s %8s  %-17s %s\n", "#", "store", "name",
	       "encoded", "running", "fate", "subject");
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		char run[24] = "-";
		if (e->counted)
			snprintf(run, sizeof run, "%zu", e->counted);
		printf("%5zu  %-16s %5zu %8zu %8s  %-17s %s\n", i + 1,
		       cs_sch_from_name(e->from), e->name_len, e->name_len + 2,
		       run, cs_sch_fate_name(e->fate), e->cert->label);
	}
	printf("\nresult: %zu names, certificate_authorities %zu bytes "
	       "(2-byte length + names with 2-byte prefixes), %zu as counted\n",
	       l->kept, l->wire_len, l->counted_len);
	printf("dropped: %zu past the %zu-byte limit (the whole list would be "
	       "%zu), %zu not trusted for client authentication, %zu "
	       "duplicate names\n",
	       l->dropped_limit, l->limit, l->full_counted_len,
	       l->dropped_usage, l->dropped_duplicate);
	if (s->logs_36885)
		printf("event: System  Schannel  36885  Warning\n  %s\n",
		       cs_sch_text_36885());
	else if (l->truncated)
		printf("event: none (the list is truncated but not in use: "
		       "not sent, and validation does not read it)\n");
	else
		printf("event: none\n");
}

static int print_json(const cs_sch_server *s)
{
	const cs_sch_issuer_list *l = &s->list;
	json_t *entries = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const cs_sch_entry *e = &l->v[i];
		json_array_append_new(
		    entries, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:s}",
		                       "index", (json_int_t)(i + 1), "store",
		                       cs_sch_from_name(e->from), "subject",
		                       e->cert->label, "name_bytes",
		                       (json_int_t)e->name_len, "encoded_bytes",
		                       (json_int_t)(e->name_len + 2), "running",
		                       (json_int_t)e->counted, "fate",
		                       cs_sch_fate_name(e->fate)));
	}
	json_t *ev = json_null();
	if (s->logs_36885)
		ev = json_pack("{s:s, s:s, s:i, s:s, s:s}", "log", "System",
		               "source", "Schannel", "id", 36885, "level",
		               "Warning", "text", cs_sch_text_36885());
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:b, s:I, s:s, s:o, s:I, s:I, s:I, s:b, s:I, "
	    "s:I, s:I, s:o}",
	    "profile", s->profile->name, "source",
	    cs_sch_source_name(s->source), "trust_mode",
	    cs_sch_trust_mode_name(s->mode), "sent", s->send, "limit",
	    (json_int_t)l->limit, "count_rule", cs_sch_count_rule_name(l->rule),
	    "entries", entries, "names_sent", (json_int_t)l->kept, "bytes",
	    (json_int_t)l->wire_len, "counted", (json_int_t)l->counted_len,
	    "truncated", l->truncated, "dropped_limit",
	    (json_int_t)l->dropped_limit, "dropped_usage",
	    (json_int_t)l->dropped_usage, "dropped_duplicate",
	    (json_int_t)l->dropped_duplicate, "event", ev);
	if (!o)
		return CLI_EXIT_INTERNAL;
	char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!t)
		return CLI_EXIT_INTERNAL;
	puts(t);
	free(t);
	return CLI_EXIT_OK;
}

static int parse_uint(const char *cmd, const char *opt, const char *s,
                      unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max || s[0] == '-')
		return cli_usage_error(cmd,
		                       "%s: expected a number 0..%lu, got "
		                       "'%s'",
		                       opt, max, s);
	*out = v;
	return 0;
}

static int issuer_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"root", required_argument, NULL, 'r'},
	    {"authroot", required_argument, NULL, 'a'},
	    {"enterprise-root", required_argument, NULL, 'e'},
	    {"client-auth-issuer", required_argument, NULL, 'c'},
	    {"app-store", required_argument, NULL, 'A'},
	    {"send-trusted-issuer-list", required_argument, NULL, 's'},
	    {"trust-mode", required_argument, NULL, 'm'},
	    {"count", required_argument, NULL, 'n'},
	    {"limit", required_argument, NULL, 'l'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = "schannel";
	const cs_profile *prof = cs_profile_find("server-2008r2");
	input *in = calloc((size_t)argc, sizeof *in);
	size_t nin = 0;
	cs_sch_settings set = {0};
	cs_schannel_profile sp_over;
	bool count_set = false, limit_set = false, json = false;
	cs_sch_count_rule rule = CS_SCH_COUNT_ENCODED_LIST;
	unsigned long limit = 0, v;
	int c, rc = CLI_EXIT_OK;
	if (!in)
		return CLI_EXIT_INTERNAL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			prof = cs_profile_find(optarg);
			if (!prof) {
				char known[512];
				rc = cli_usage_error(
				    cmd, "unknown profile '%s' (known: %s)",
				    optarg,
				    cs_profile_names(known, sizeof known));
			}
			break;
		case 'r':
			in[nin++] = (input){CS_STORE_ROOT, optarg};
			break;
		case 'a':
			in[nin++] = (input){CS_STORE_AUTHROOT, optarg};
			break;
		case 'e':
			in[nin++] = (input){CS_STORE_ENTERPRISE_ROOT, optarg};
			break;
		case 'c':
			in[nin++] =
			    (input){CS_STORE_CLIENT_AUTH_ISSUER, optarg};
			break;
		case 'A':
			in[nin++] = (input){CS_STORE_COUNT, optarg};
			break;
		case 's':
			rc = parse_uint(cmd, "--send-trusted-issuer-list",
			                optarg, 1, &v);
			set.send_set = true;
			set.send = (uint32_t)v;
			break;
		case 'm':
			rc = parse_uint(cmd, "--trust-mode", optarg, 2, &v);
			set.mode_set = true;
			set.mode = (uint32_t)v;
			break;
		case 'n':
			count_set = true;
			if (!cs_sch_count_rule_from_name(optarg, &rule))
				rc = cli_usage_error(
				    cmd,
				    "--count: expected encoded-list, prefixed "
				    "or names, got '%s'",
				    optarg);
			break;
		case 'l':
			limit_set = true;
			rc = parse_uint(cmd, "--limit", optarg, 65535, &limit);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			free(in);
			cli_print_usage(stdout, cli_find_command("schannel"));
			return CLI_EXIT_OK;
		default:
			rc = cli_usage_error(cmd, "bad option");
		}
		if (rc) {
			free(in);
			return rc;
		}
	}
	if (optind < argc) {
		free(in);
		return cli_usage_error(cmd, "unexpected argument '%s'",
		                       argv[optind]);
	}

	/* Load every input first: bad input, no output. */
	loaded L = {0};
	cs_diag d;
	for (int slot = 0; slot < SLOTS && rc == 0; slot++) {
		L.first[slot] = L.n;
		for (size_t i = 0; i < nin && rc == 0; i++)
			if (in[i].slot == slot) {
				int r = load_path(&L, in[i].path, &d);
				rc = r == -1   ? cli_fail(&d)
				     : r == -2 ? CLI_EXIT_INTERNAL
				               : 0;
			}
		L.count[slot] = L.n - L.first[slot];
	}
	free(in);
	size_t nviews = 0;
	if (rc == 0) {
		L.p = calloc(L.n ? L.n : 1, sizeof *L.p);
		if (!L.p)
			rc = CLI_EXIT_INTERNAL;
	}
	for (size_t i = 0; rc == 0 && i < L.n; i++) {
		if (cs_sch_cert_from_x509(&L.v[i], L.x[i]) != CS_OK) {
			cs_diag_set(
			    &d, "", 0, 0,
			    "certificate %zu: names or validity cannot be "
			    "encoded",
			    i + 1);
			rc = cli_fail(&d);
			break;
		}
		L.p[i] = &L.v[i];
		nviews++;
	}
	if (rc) {
		free_loaded(&L, nviews);
		return rc;
	}
	cs_sch_stores st = {0};
	for (int slot = 0; slot < CS_STORE_COUNT; slot++)
		st.store[slot] =
		    (cs_sch_certs){L.p + L.first[slot], L.count[slot]};
	st.app = (cs_sch_certs){L.p + L.first[CS_STORE_COUNT],
	                        L.count[CS_STORE_COUNT]};
	sp_over = *cs_profile_schannel(prof);
	if (count_set)
		sp_over.count_rule = rule;
	if (limit_set)
		sp_over.issuer_list_limit = limit;
	cs_sch_server srv;
	if (cs_sch_server_prepare_sp(&srv, prof, &sp_over, &st, &set) !=
	    CS_OK) {
		free_loaded(&L, nviews);
		return CLI_EXIT_INTERNAL;
	}
	if (json)
		rc = print_json(&srv);
	else
		print_text(&srv, set.send_set);
	cs_sch_server_free(&srv);
	free_loaded(&L, nviews);
	return rc;
}

int cli_cmd_schannel(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("schannel",
		                       "no subcommand (issuer-list)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_print_usage(stdout, cli_find_command("schannel"));
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "issuer-list") == 0)
		return issuer_list(argc - 1, argv + 1);
	return cli_usage_error("schannel", "unknown subcommand '%s'", argv[1]);
}
