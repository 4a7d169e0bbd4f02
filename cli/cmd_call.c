/* capisim call: one crypt32 / cryptnet function played on a fresh machine
 * of a profile, with its arguments written as KEY=VALUE words
 * (docs/calls.md); --batch plays a file of them, one JSON line each, in the
 * format the Windows probe reads and writes. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/call_print.h"
#include "cli/cli.h"
#include "pki/file_read.h"

#define MAX_WORDS 48

typedef struct {
	const cs_profile *profile;
	cs_filetime at;
	bool have_at;
	bool json;
	const char *batch;
} call_opts;

static int new_machine(const call_opts *o, cs_pool *pool, cs_machine *m)
{
	return cs_machine_init(m, pool, o->profile, o->at, true) == CS_OK
	           ? CLI_EXIT_OK
	           : CLI_EXIT_INTERNAL;
}

/* Parse and play one call on a fresh machine of the profile. */
static int play(const call_opts *o, cli_call_objects *objs, const char *id,
                const char *fn, const char *const *words, size_t n,
                const char *where, unsigned line)
{
	cs_call_loader ld = {objs->pool, cli_call_load, objs};
	cs_call *c;
	size_t bad;
	cs_diag d;
	memset(&d, 0, sizeof d);
	cs_status st = cs_call_parse(fn, words, n, &ld, &c, &bad, &d);
	if (st != CS_OK) {
		cs_diag e;
		cs_diag_set(&e, where, line, 0, "%s%s%s", d.msg,
		            bad < n ? " in " : "", bad < n ? words[bad] : "");
		return cli_fail_status(st, &e);
	}
	cs_machine m;
	int rc = new_machine(o, objs->pool, &m);
	cs_call_result r;
	if (rc == CLI_EXIT_OK && cs_call_run(c, &m, m.w.acting, &r) != CS_OK)
		rc = CLI_EXIT_INTERNAL;
	if (rc == CLI_EXIT_OK) {
		if (o->json || id)
			rc = cli_call_print_json(stdout, id, &r);
		else
			cli_call_print_text(stdout, &r);
	}
	cs_machine_free(&m);
	cs_call_free(c);
	return rc;
}

static size_t split_words(char *line, char **words, size_t cap)
{
	size_t n = 0;
	for (char *w = strtok(line, " \t"); w && n < cap;
	     w = strtok(NULL, " \t"))
		words[n++] = w;
	return n;
}

static int batch_line(call_opts *o, cli_call_objects *objs, char *line,
                      unsigned lineno, bool *clock_set)
{
	char *words[MAX_WORDS];
	char *rest = line + strspn(line, " \t");
	if (!*rest || *rest == '#' || !strncmp(rest, "capisim-probe-api ", 18))
		return CLI_EXIT_OK;
	if (!strncmp(rest, "object ", 7)) {
		char *p = rest + 7, *name = strtok(p, " \t"),
		     *kind = strtok(NULL, " \t"), *path = strtok(NULL, "");
		if (!name || !kind || !path ||
		    objs->n == CLI_CALL_MAX_OBJECTS) {
			cs_diag d;
			cs_diag_set(&d, o->batch, lineno, 1,
			            "expected 'object NAME cert|crl|ctl PATH'");
			return cli_fail(&d);
		}
		path += strspn(path, " \t");
		objs->names[objs->n] = strdup(name);
		objs->paths[objs->n] = strdup(path);
		if (!objs->names[objs->n] || !objs->paths[objs->n])
			return CLI_EXIT_INTERNAL;
		objs->n++;
		return CLI_EXIT_OK;
	}
	if (!strncmp(rest, "now ", 4) || !strncmp(rest, "clock ", 6)) {
		if (rest[0] == 'n' && !o->have_at && !*clock_set) {
			o->at = (cs_filetime)strtoll(rest + 4, NULL, 10);
			*clock_set = true;
		}
		return CLI_EXIT_OK;
	}
	size_t n = split_words(rest, words, MAX_WORDS);
	if (n < 3 || strcmp(words[0], "call") != 0) {
		cs_diag d;
		cs_diag_set(&d, o->batch, lineno, 1,
		            "expected 'call ID FUNCTION KEY=VALUE...', 'object "
		            "NAME KIND PATH' or 'now TICKS'");
		return cli_fail(&d);
	}
	return play(o, objs, words[1], words[2], (const char *const *)words + 3,
	            n - 3, o->batch, lineno);
}

static int run_batch(call_opts *o, cs_pool *pool)
{
	static const cs_file_limits lim = {.max = 16u << 20,
	                                   .too_big = "larger than 16 MiB",
	                                   .not_text = "a NUL byte",
	                                   .dash_is_stdin = true};
	char *text;
	size_t len;
	cs_diag d;
	if (cs_file_read_text(o->batch, &lim, &text, &len, &d) != CS_OK)
		return cli_fail(&d);
	cli_call_objects objs = {.pool = pool};
	int rc = CLI_EXIT_OK;
	unsigned lineno = 0;
	bool clock_set = false;
	for (char *p = text, *next; p && *p && rc == CLI_EXIT_OK; p = next) {
		lineno++;
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		rc = batch_line(o, &objs, p, lineno, &clock_set);
	}
	cli_call_objects_free(&objs);
	free(text);
	return rc;
}

static int list_functions(void)
{
	size_t n;
	const char *const *names = cs_call_functions(&n);
	for (size_t i = 0; i < n; i++)
		puts(names[i]);
	return CLI_EXIT_OK;
}

int cli_cmd_call(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"profile", required_argument, NULL, 'p'},
	    {"at", required_argument, NULL, 'a'},
	    {"json", no_argument, NULL, 'j'},
	    {"batch", required_argument, NULL, 'b'},
	    {"list", no_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	call_opts o = {.profile = cs_profile_default()};
	int c;
	/* "+": options end at the function name; its words may look like
	 * anything. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!(o.profile = cs_profile_find(optarg)))
				return cli_usage_error(
				    "call", "unknown profile '%s'", optarg);
			break;
		case 'a':
			if (!cli_parse_time_arg("--at", optarg, &o.at))
				return CLI_EXIT_USAGE;
			o.have_at = true;
			break;
		case 'j':
			o.json = true;
			break;
		case 'b':
			o.batch = optarg;
			break;
		case 'l':
			return list_functions();
		case 'h':
			cli_print_usage(stdout, cli_find_command("call"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("call", "bad option");
		}
	}
	if (o.batch ? optind != argc : optind >= argc)
		return cli_usage_error(
		    "call", o.batch ? "--batch takes no FUNCTION"
		                    : "expected FUNCTION KEY=VALUE...");
	/* The CLI (not the engine) may read the host clock. */
	if (!o.have_at &&
	    cs_time_from_unix((int64_t)time(NULL), &o.at) != CS_OK)
		return CLI_EXIT_INTERNAL;
	cs_pool *pool;
	if (cs_pool_new(&pool, ".") != CS_OK)
		return CLI_EXIT_INTERNAL;
	int rc;
	if (o.batch) {
		rc = run_batch(&o, pool);
	} else {
		cli_call_objects objs = {.pool = pool};
		rc = play(&o, &objs, NULL, argv[optind],
		          (const char *const *)argv + optind + 1,
		          (size_t)(argc - optind - 1), "call", 0);
	}
	cs_pool_free(pool);
	return rc;
}
