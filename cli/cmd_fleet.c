/* capisim fleet FILE.scn --machines N --seed S [--vary SPEC]... [--shard
 * I/N] --csv OUT.csv [--svg OUT.svg], and capisim fleet merge: one
 * scenario over a fleet of machines (capisim/fleet.h, docs/fleet.md).
 * The wall clock is read here only, for the rate printed at the end. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_bar(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	int width = 40, fill = total ? (int)(done * (size_t)width / total) : 0;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu classes", fill,
	        "########################################", width - fill, "",
	        done, total);
	if (done == total)
		fputc('\n', stderr);
}

static cs_status write_csv(FILE *f, void *ctx)
{
	return capisim_fleet_write_csv(ctx, f);
}

/* The outputs were opened before the run (a missing folder fails at
 * once, not after it); both appear, or neither. */
static int write_outputs(const capisim_fleet *r, const capisim_scenario *s,
                         cli_out *csv, cli_out *svg)
{
	int rc = cli_out_commit(csv, write_csv(csv->f, (void *)r));
	if (rc == CLI_EXIT_OK && svg->f)
		rc = cli_out_commit(svg, capisim_fleet_write_svg(r, s, svg->f));
	cli_out_abort(svg);
	return rc;
}

static bool duration_arg(const char *opt, const char *arg, int64_t *out)
{
	size_t col;
	const char *why;
	if (cs_duration_parse(arg, out, &col, &why) != CS_OK || *out <= 0) {
		cli_usage_error("fleet",
		                "%s: expected a positive duration "
		                "(e.g. 1h, 1d), got '%s'",
		                opt, arg);
		return false;
	}
	return true;
}

static int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"csv", required_argument, NULL, 'o'},
	    {"svg", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *csv = NULL, *svg = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o')
			csv = optarg;
		else if (c == 's')
			svg = optarg;
		else if (c == 'h') {
			cli_print_usage(stdout, cli_find_command("fleet"));
			return CLI_EXIT_OK;
		} else
			return cli_usage_error("fleet", "bad option");
	}
	if (!csv || optind >= argc)
		return cli_usage_error("fleet", "merge needs --csv OUT.csv and "
		                                "the shard files");
	size_t n = (size_t)(argc - optind);
	capisim_fleet **parts = calloc(n, sizeof *parts), *merged;
	if (!parts)
		return CLI_EXIT_INTERNAL;
	int rc = CLI_EXIT_OK;
	cs_diag d;
	for (size_t i = 0; i < n && rc == CLI_EXIT_OK; i++) {
		const char *path = argv[optind + (int)i];
		FILE *f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "capisim: error: cannot open %s\n",
			        path);
			rc = CLI_EXIT_USAGE;
			break;
		}
		cs_status st = capisim_fleet_read_csv(f, path, &parts[i], &d);
		fclose(f);
		if (st != CS_OK)
			rc = st == CS_ERR_NOMEM ? CLI_EXIT_INTERNAL
			                        : cli_fail(&d);
	}
	if (rc == CLI_EXIT_OK) {
		cs_status st = capisim_fleet_merge(
		    (const capisim_fleet *const *)parts, n, &merged, &d);
		if (st != CS_OK) {
			fprintf(stderr, "capisim fleet merge: error: %s\n",
			        d.msg);
			rc = st == CS_ERR_NOMEM ? CLI_EXIT_INTERNAL
			                        : CLI_EXIT_USAGE;
		} else {
			cli_out oc, os = {0};
			rc = cli_out_open(&oc, csv, false);
			if (rc == CLI_EXIT_OK && svg)
				rc = cli_out_open(&os, svg, false);
			if (rc == CLI_EXIT_OK)
				rc = write_outputs(merged, NULL, &oc, &os);
			cli_out_abort(&oc);
			cli_out_abort(&os);
			capisim_fleet_free(merged);
		}
	}
	for (size_t i = 0; i < n; i++)
		capisim_fleet_free(parts[i]);
	free(parts);
	return rc;
}

/* The line that replays this run, for the log. */
static void print_replay(const char *path, const capisim_fleet_options *fo,
                         const char *csv)
{
	fprintf(stderr,
	        "replay: capisim fleet %s --machines %llu "
	        "--seed %llu",
	        path, (unsigned long long)fo->machines,
	        (unsigned long long)fo->seed);
	for (size_t i = 0; i < fo->nvary; i++)
		fprintf(stderr, " --vary '%s'", fo->vary[i]);
	if (fo->nshards > 1)
		fprintf(stderr, " --shard %u/%u", fo->shard, fo->nshards);
	char tb[CS_TIME_BUF];
	if (fo->bucket != CS_TICKS_PER_HOUR)
		fprintf(stderr, " --bucket %s",
		        cs_duration_format(fo->bucket, tb));
	if (fo->quantum > 0)
		fprintf(stderr, " --quantum %s",
		        cs_duration_format(fo->quantum, tb));
	if (fo->all_logs)
		fputs(" --all-logs", stderr);
	if (fo->per_machine && fo->quantum > 0)
		fputs(" --per-machine", stderr);
	fprintf(stderr, " --csv %s\n", csv);
}

static int run_fleet(const char *path, capisim_fleet_options *fo,
                     const char *csv, const char *svg)
{
	if (isatty(STDERR_FILENO))
		fo->progress = progress_bar;
	capisim_scenario *s;
	int rc = cli_load_scenario(path, &s);
	if (rc != CLI_EXIT_OK)
		return rc;
	cli_out out_csv, out_svg = {0};
	if ((rc = cli_out_open(&out_csv, csv, false)) != CLI_EXIT_OK ||
	    (svg && (rc = cli_out_open(&out_svg, svg, false)) != CLI_EXIT_OK)) {
		cli_out_abort(&out_csv);
		capisim_scenario_free(s);
		return rc;
	}
	capisim_fleet *r = NULL;
	cs_diag d;
	double t0 = now_s();
	cs_status st = capisim_fleet_run(s, path, fo, &r, &d);
	double secs = now_s() - t0;
	if (st == CS_ERR_RANGE || st == CS_ERR_LIMIT) {
		fprintf(stderr, "capisim fleet: %s%serror: %s\n", d.file,
		        d.file[0] ? ": " : "", d.msg);
		rc = CLI_EXIT_USAGE;
	} else if (st != CS_OK) {
		fprintf(stderr, "capisim fleet: internal error: %s\n", d.msg);
		rc = CLI_EXIT_INTERNAL;
	} else {
		rc = write_outputs(r, s, &out_csv, &out_svg);
		capisim_fleet_counts n;
		capisim_fleet_count(r, &n);
		cs_filetime start, end;
		capisim_scenario_span(s, &start, &end);
		double days =
		    (double)(end - start) / (double)(24 * CS_TICKS_PER_HOUR);
		double md = (double)n.machines * days;
		if (fo->quantum > 0)
			fprintf(stderr,
			        "fleet: %llu machines in %zu classes, %zu runs "
			        "on the full engine",
			        (unsigned long long)n.machines, n.classes,
			        n.runs);
		else
			fprintf(stderr,
			        "fleet: %llu machines drawn to the second, %zu "
			        "runs on the full engine",
			        (unsigned long long)n.machines, n.runs);
		fprintf(stderr,
		        ", %.0f machine-days in %.2f s (%.3g machine-days/s)\n",
		        md, secs, secs > 0 ? md / secs : 0.0);
		print_replay(path, fo, csv);
	}
	cli_out_abort(&out_csv); /* no-ops once committed */
	cli_out_abort(&out_svg);
	capisim_fleet_free(r);
	capisim_scenario_free(s);
	return rc;
}

/* -1 after --help. */
static int parse_fleet_opts(int argc, char **argv, capisim_fleet_options *fo,
                            const char **vary, const char **csv,
                            const char **svg)
{
	static const struct option opts[] = {
	    {"machines", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 'S'},
	    {"vary", required_argument, NULL, 'v'},
	    {"shard", required_argument, NULL, 'k'},
	    {"bucket", required_argument, NULL, 'b'},
	    {"quantum", required_argument, NULL, 'q'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"all-logs", no_argument, NULL, 'a'},
	    {"per-machine", no_argument, NULL, 'p'},
	    {"reuse", required_argument, NULL, 'r'},
	    {"csv", required_argument, NULL, 'o'},
	    {"svg", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool have_n = false, have_seed = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!cli_parse_number("fleet", "--machines", optarg, 1,
			                      CAPISIM_FLEET_MACHINES_MAX,
			                      &fo->machines))
				return CLI_EXIT_USAGE;
			have_n = true;
			break;
		case 'S':
			if (!cli_parse_number("fleet", "--seed", optarg, 0,
			                      UINT64_MAX, &fo->seed))
				return CLI_EXIT_USAGE;
			have_seed = true;
			break;
		case 'v': {
			cs_diag d;
			vary[fo->nvary] = optarg;
			if (capisim_fleet_vary_check(vary, fo->nvary + 1, &d) !=
			    CS_OK) {
				fprintf(stderr,
				        "capisim fleet: --vary: error: %s\n"
				        "  %s\n  %*s^\n",
				        d.msg, optarg,
				        (int)(d.col ? d.col - 1 : 0), "");
				return CLI_EXIT_USAGE;
			}
			fo->nvary++;
			break;
		}
		case 'k': {
			unsigned i, n;
			char extra;
			if (sscanf(optarg, "%u/%u%c", &i, &n, &extra) != 2 ||
			    n == 0 || i >= n)
				return cli_usage_error(
				    "fleet",
				    "--shard: expected I/N with "
				    "0 <= I < N, got '%s'",
				    optarg);
			fo->shard = i;
			fo->nshards = n;
			break;
		}
		case 'b':
			if (!duration_arg("--bucket", optarg, &fo->bucket))
				return CLI_EXIT_USAGE;
			break;
		case 'q':
			if (!duration_arg("--quantum", optarg, &fo->quantum))
				return CLI_EXIT_USAGE;
			break;
		case 'j': {
			uint64_t j;
			if (!cli_parse_number("fleet", "--jobs", optarg, 1, 256,
			                      &j))
				return CLI_EXIT_USAGE;
			fo->jobs = (unsigned)j;
			break;
		}
		case 'a':
			fo->all_logs = true;
			break;
		case 'p':
			fo->per_machine = true;
			break;
		case 'r':
			if (!cli_parse_reuse_arg("fleet", optarg, &fo->reuse))
				return CLI_EXIT_USAGE;
			break;
		case 'o':
			*csv = optarg;
			break;
		case 's':
			*svg = optarg;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("fleet"));
			return -1;
		default:
			return cli_usage_error("fleet", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("fleet", "expected one scenario file");
	if (!have_n || !have_seed || !*csv)
		return cli_usage_error("fleet", "--machines, --seed and --csv "
		                                "are required");
	return CLI_EXIT_OK;
}

int cli_cmd_fleet(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	const char **vary = calloc((size_t)argc, sizeof *vary);
	if (!vary)
		return CLI_EXIT_INTERNAL;
	const char *csv = NULL, *svg = NULL;
	capisim_fleet_options fo = {.vary = vary,
	                            .nshards = 1,
	                            .bucket = CS_TICKS_PER_HOUR,
	                            .quantum = 0, /* no grid */
	                            .jobs = 2};
	int rc = parse_fleet_opts(argc, argv, &fo, vary, &csv, &svg);
	if (rc == CLI_EXIT_OK)
		rc = run_fleet(argv[optind], &fo, csv, svg);
	free(vary);
	return rc == -1 ? CLI_EXIT_OK : rc;
}
