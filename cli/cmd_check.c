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

#include "cli.h"

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

static cs_status write_trace(FILE *f, void *ctx)
{
	return capisim_run_write_trace(ctx, f);
}

/* The run's trace against the golden: 0 equal (or missing and not
 * required), 1 different or unreadable, 3 internal. */
static int compare_golden(const char *path, const char *golden,
                          const capisim_run *r, bool expectations_only)
{
	cs_diag d;
	char why[400];
	size_t line;
	cs_status st =
	    capisim_run_diff_trace(r, golden, &line, why, sizeof why, &d);
	if (st == CS_ERR_NOT_FOUND) {
		/* A missing golden is no pass: CI would never notice. */
		if (expectations_only)
			return 0;
		printf("FAIL %s: no golden %s (make it with `capisim "
		       "check --update %s`, or check only the "
		       "expectations with --expectations-only)\n",
		       path, golden, path);
		return 1;
	}
	if (st == CS_ERR_NOMEM || st == CS_ERR_INTERNAL)
		return CLI_EXIT_INTERNAL;
	if (st != CS_OK) {
		cs_diag_print(stdout, &d);
		printf("FAIL %s: golden trace unreadable\n", path);
		return 1;
	}
	if (line) {
		printf("%s:%zu: differs: %s\n", golden, line, why);
		printf("FAIL %s: trace differs from golden\n", path);
		return 1;
	}
	return 0;
}

/* 0 pass, 1 fail, 3 internal. Prints one line for the scenario. */
static int check_one(const char *path, bool update, bool expectations_only,
                     capisim_reuse reuse)
{
	capisim_scenario *s;
	int rc = cli_load_scenario(path, &s);
	if (rc != CLI_EXIT_OK) {
		printf("FAIL %s: does not parse (see above)\n", path);
		return rc == CLI_EXIT_INTERNAL ? CLI_EXIT_INTERNAL : 1;
	}
	capisim_run_options opt = {.reuse = reuse};
	capisim_run *r = NULL;
	cs_diag d;
	char *golden = golden_path(path);
	cs_status st = capisim_run_scenario(s, &opt, &r, &d);
	if (st != CS_OK || !golden) {
		printf("FAIL %s: internal error: %s\n", path,
		       st != CS_OK ? d.msg : "out of memory");
		rc = CLI_EXIT_INTERNAL;
		goto out;
	}
	rc = 0;
	size_t nfail = capisim_run_failures(r);
	for (size_t i = 0; i < nfail; i++)
		printf("%s\n", capisim_run_failure(r, i));
	if (nfail) {
		printf("FAIL %s: %zu expectation%s failed\n", path, nfail,
		       nfail == 1 ? "" : "s");
		rc = 1;
	}
	if (update) {
		int w = cli_write_atomic(golden, write_trace, r);
		if (w != CLI_EXIT_OK) {
			rc = w;
			goto out;
		}
	} else {
		int g = compare_golden(path, golden, r, expectations_only);
		if (g)
			rc = g;
	}
	if (rc == 0)
		printf("ok   %s\n", path);
out:
	free(golden);
	capisim_run_free(r);
	capisim_scenario_free(s);
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
	capisim_reuse reuse = CAPISIM_REUSE_ON;
	int c;
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
		int r = check_one(files.v[i], update, expectations_only, reuse);
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
