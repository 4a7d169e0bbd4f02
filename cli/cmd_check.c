/* capisim check DIR|FILE... [--update]: run every scenario (FILE.scn; DIRs
 * are searched recursively, in name order) and compare its trace with the
 * golden FILE.trace.jsonl beside it when there is one. A scenario passes
 * when it parses, runs, meets all its expectations and matches its golden.
 * --update rewrites (or creates) the goldens of the scenarios that ran. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "sim/scenario/expect.h"
#include "sim/scenario/scenario.h"
#include "trace/jsonl.h"
#include "trace/read.h"

#include <jansson.h>

typedef struct {
	char **v;
	size_t n, cap;
} pathlist;

static int push(pathlist *l, const char *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **n = realloc(l->v, cap * sizeof *n);
		if (!n)
			return -1;
		l->v = n;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(p)))
		return -1;
	l->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Scenario files under dir, recursively. */
static int collect(const char *dir, pathlist *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "capisim check: error: cannot read %s\n", dir);
		return -1;
	}
	pathlist here = {0};
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, n, "%s/%s", dir, e->d_name);
		rc = push(&here, p);
		free(p);
	}
	closedir(d);
	qsort(here.v, here.n, sizeof *here.v, cmp_str);
	for (size_t i = 0; i < here.n; i++) {
		struct stat sb;
		if (rc == 0 && stat(here.v[i], &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				rc = collect(here.v[i], out);
			else if (ends_with(here.v[i], ".scn"))
				rc = push(out, here.v[i]);
		}
		free(here.v[i]);
	}
	free(here.v);
	return rc;
}

static char *golden_path(const char *scn)
{
	size_t n = strlen(scn);
	char *g = malloc(n + 16);
	if (g)
		snprintf(g, n + 16, "%.*s.trace.jsonl", (int)(n - 4), scn);
	return g;
}

static cs_status write_mem(FILE *f, void *ctx)
{
	const char *const *buf = ctx;
	size_t len = strlen(buf[0]);
	return fwrite(buf[0], 1, len, f) == len ? CS_OK : CS_ERR_IO;
}

/* 0 pass, 1 fail, 3 internal. Prints one line for the scenario. */
static int check_one(const char *path, bool update, bool expectations_only,
                     cs_reuse_mode reuse)
{
	cs_pool *pool;
	cs_scenario *s;
	int rc = cli_load_scenario(path, &pool, &s);
	if (rc != CLI_EXIT_OK) {
		printf("FAIL %s: does not parse (see above)\n", path);
		return rc == CLI_EXIT_INTERNAL ? CLI_EXIT_INTERNAL : 1;
	}
	cs_machine m;
	cs_run_result res;
	cs_run_options opt = {.trace = true, .reuse = reuse};
	char *buf = NULL;
	size_t len = 0;
	char *golden = golden_path(path);
	cs_status st = cs_scenario_run(s, &opt, &m, &res);
	FILE *mem = st == CS_OK ? open_memstream(&buf, &len) : NULL;
	if (st == CS_OK &&
	    (!mem || cs_trace_write_jsonl(&m.w.trace, mem) != CS_OK))
		st = CS_ERR_NOMEM;
	if (mem)
		fclose(mem);
	if (st != CS_OK || !golden) {
		printf("FAIL %s: internal error: %s%s%s\n", path,
		       cs_status_str(st), res.reuse_error[0] ? ": " : "",
		       res.reuse_error);
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	rc = 0;
	cs_failures_write(&res, stdout);
	if (res.nfailures) {
		printf("FAIL %s: %zu expectation%s failed\n", path,
		       res.nfailures, res.nfailures == 1 ? "" : "s");
		rc = 1;
	}
	if (update) {
		const char *arg[] = {buf};
		int w = cli_write_atomic(golden, write_mem, (void *)arg);
		if (w != CLI_EXIT_OK) {
			rc = w;
			goto out;
		}
	} else {
		FILE *g = fopen(golden, "rb");
		/* A missing golden is no pass: CI would never notice. */
		if (!g && !expectations_only) {
			printf("FAIL %s: no golden %s (make it with `capisim "
			       "check --update %s`, or check only the "
			       "expectations with --expectations-only)\n",
			       path, golden, path);
			rc = 1;
		}
		if (g) {
			void *want = NULL, *got = NULL;
			cs_diag d;
			memset(&d, 0, sizeof d);
			if (cs_trace_read_jsonl(g, golden, &want, &d) !=
			    CS_OK) {
				cs_diag_print(stdout, &d);
				printf("FAIL %s: golden trace unreadable\n",
				       path);
				rc = 1;
			} else if (cs_trace_read_jsonl_buf(buf, len, path, &got,
			                                   &d) != CS_OK) {
				rc = CLI_EXIT_INTERNAL;
			} else {
				char why[400];
				size_t line = cs_trace_first_difference(
				    want, got, why, sizeof why);
				if (line) {
					printf("%s:%zu: differs: %s\n", golden,
					       line, why);
					printf("FAIL %s: trace differs from "
					       "golden\n",
					       path);
					rc = 1;
				}
			}
			json_decref(want);
			json_decref(got);
			fclose(g);
		}
	}
	if (rc == 0)
		printf("ok   %s\n", path);
out:
	free(buf);
	free(golden);
	cs_run_result_free(&res);
	cs_machine_free(&m);
	cs_scenario_free(s);
	cs_pool_free(pool);
	return rc;
}

int cli_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"update", no_argument, NULL, 'U'},
	    {"expectations-only", no_argument, NULL, 'E'},
	    {"reuse", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool update = false, expectations_only = false;
	int c, reuse = CS_REUSE_ON;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'U':
			update = true;
			break;
		case 'E':
			expectations_only = true;
			break;
		case 'r':
			if (!cli_parse_reuse_arg("check", optarg, &reuse))
				return CLI_EXIT_USAGE;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("check"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("check", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("check", "expected DIR or FILE.scn");
	pathlist files = {0};
	int rc = CLI_EXIT_OK;
	for (int i = optind; i < argc && rc == CLI_EXIT_OK; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr,
			        "capisim check: error: %s: no such file "
			        "or directory\n",
			        argv[i]);
			rc = CLI_EXIT_USAGE;
		} else if (S_ISDIR(sb.st_mode)) {
			size_t before = files.n;
			if (collect(argv[i], &files) != 0)
				rc = CLI_EXIT_USAGE;
			else if (files.n == before) {
				fprintf(stderr,
				        "capisim check: error: %s: no .scn "
				        "file in it\n",
				        argv[i]);
				rc = CLI_EXIT_USAGE;
			}
		} else if (push(&files, argv[i]) != 0) {
			rc = CLI_EXIT_INTERNAL;
		}
	}
	unsigned passed = 0, failed = 0;
	for (size_t i = 0; i < files.n && rc == CLI_EXIT_OK; i++) {
		int r = check_one(files.v[i], update, expectations_only,
		                  (cs_reuse_mode)reuse);
		if (r == CLI_EXIT_INTERNAL)
			rc = r;
		else if (r == 0)
			passed++;
		else
			failed++;
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	if (rc != CLI_EXIT_OK)
		return rc;
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? CLI_EXIT_DIFFERENT : CLI_EXIT_OK;
}
