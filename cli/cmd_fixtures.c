/* capisim fixtures: generate the fixture catalogue, list it, or show one
 * object (certificate, CRL, OCSP response, STL, CAB) in a certutil-like view.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fixtures/gen/fxgen.h"
#include "render/pki_dump.h"

static fx_ctx *build_catalogue(const char *keys)
{
	fx_ctx *ctx = fx_ctx_new(keys);
	if (!ctx) {
		fputs("capisim fixtures: error: out of memory\n", stderr);
		return NULL;
	}
	if (!fx_generate_all(ctx)) {
		fprintf(stderr, "capisim fixtures: error: %s\n", fx_error(ctx));
		fx_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

/* The manifest into "<manifest>.tmpXXXXXX" beside it (path in tmp); the
 * caller renames it once the fixtures are in place. */
static bool stage_manifest(fx_ctx *ctx, const char *manifest, char **tmp)
{
	size_t n = strlen(manifest) + 16;
	*tmp = malloc(n);
	if (!*tmp)
		return false;
	snprintf(*tmp, n, "%s.tmpXXXXXX", manifest);
	int fd = mkstemp(*tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int err = errno;
	if (fd >= 0 && !f)
		close(fd);
	bool ok = f && fx_write_manifest(ctx, f);
	if (f && fclose(f) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		fprintf(stderr,
		        "capisim fixtures: error: cannot write %s: %s\n",
		        manifest, strerror(err));
		if (fd >= 0)
			remove(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return ok;
}

/* Nothing is written unless everything can be: the manifest is staged
 * first (a bad --manifest path fails before any fixture is written), then
 * the fixtures are written all or nothing (fx_write_all), then the manifest
 * is renamed into place. */
/* The places written to, checked before the fixtures are made (seconds of
 * key operations, minutes under valgrind): the output is a folder or
 * nothing yet, and the manifest's folder takes a file. */
static bool outputs_writable(const char *dir, const char *manifest)
{
	struct stat st;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
		        "capisim fixtures: error: %s: exists and is not a "
		        "folder\n",
		        dir);
		return false;
	}
	if (!manifest || strcmp(manifest, "-") == 0)
		return true;
	cli_out probe;
	if (cli_out_open(&probe, manifest, false) != CLI_EXIT_OK)
		return false;
	cli_out_abort(&probe); /* removes the empty temporary file */
	return true;
}

static int run_generate(const char *keys, const char *dir, const char *manifest)
{
	if (!outputs_writable(dir, manifest))
		return CLI_EXIT_USAGE;
	fx_ctx *ctx = build_catalogue(keys);
	if (!ctx)
		return CLI_EXIT_USAGE;
	char *mtmp = NULL;
	bool to_file = manifest && strcmp(manifest, "-") != 0;
	bool ok = !to_file || stage_manifest(ctx, manifest, &mtmp);
	if (ok && !fx_write_all(ctx, dir)) {
		fprintf(stderr, "capisim fixtures: error: %s\n", fx_error(ctx));
		ok = false;
	}
	if (mtmp && ok && rename(mtmp, manifest) != 0) {
		fprintf(stderr,
		        "capisim fixtures: error: cannot write %s: %s\n",
		        manifest, strerror(errno));
		ok = false;
	}
	if (mtmp && !ok)
		remove(mtmp);
	free(mtmp);
	if (ok && manifest && !to_file && !fx_write_manifest(ctx, stdout)) {
		fprintf(stderr, "capisim fixtures: error: %s\n", fx_error(ctx));
		ok = false;
	}
	fx_ctx_free(ctx);
	return ok ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* Markdown: runs of files with the same purpose (the 420 roots, the CRL
 * series) collapse into one "first .. last" row. */
static void list_markdown(const fx_ctx *ctx)
{
	puts("| file | purpose | verify at |\n|---|---|---|");
	size_t n = fx_output_count(ctx);
	for (size_t i = 0; i < n;) {
		const fx_output *o = fx_output_at(ctx, i);
		size_t j = i + 1;
		while (j < n &&
		       strcmp(fx_output_at(ctx, j)->purpose, o->purpose) == 0)
			j++;
		bool same_time = true;
		for (size_t k = i + 1; k < j; k++)
			if (strcmp(fx_output_at(ctx, k)->verify_at,
			           o->verify_at) != 0)
				same_time = false;
		if (j - i > 1)
			printf("| `%s` .. `%s` (%zu files) | %s | %s |\n",
			       o->path, fx_output_at(ctx, j - 1)->path, j - i,
			       o->purpose,
			       same_time ? o->verify_at
			                 : "each its own: `capisim fixtures "
			                   "list`");
		else
			printf("| `%s` | %s | %s |\n", o->path, o->purpose,
			       o->verify_at);
		i = j;
	}
}

static int run_list(const char *keys, bool markdown)
{
	fx_ctx *ctx = build_catalogue(keys);
	if (!ctx)
		return CLI_EXIT_USAGE;
	if (markdown) {
		list_markdown(ctx);
	} else {
		for (size_t i = 0; i < fx_output_count(ctx); i++) {
			const fx_output *o = fx_output_at(ctx, i);
			printf("%s\n    %s\n    verify at: %s\n", o->path,
			       o->purpose, o->verify_at);
		}
	}
	fx_ctx_free(ctx);
	return CLI_EXIT_OK;
}

static int run_show(const char *path)
{
	cs_diag d;
	int rc = cs_render_file(stdout, path, &d);
	if (rc != 0)
		return cli_fail(&d);
	return CLI_EXIT_OK;
}

int cli_cmd_fixtures(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"keys", required_argument, NULL, 'k'},
	    {"manifest", required_argument, NULL, 'm'},
	    {"markdown", no_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	/* The keys beside capisim's data unless --keys (cli/data_dir.c). */
	char keys_buf[4096];
	const char *keys =
	    cli_data_path("fixtures/keys", keys_buf, sizeof keys_buf);
	if (!keys)
		keys = "fixtures/keys";
	const char *manifest = NULL;
	bool markdown = false;
	int c;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			keys = optarg;
			break;
		case 'm':
			manifest = optarg;
			break;
		case 'M':
			markdown = true;
			break;
		case 'h':
			cli_print_usage(stdout, cli_find_command("fixtures"));
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("fixtures", "bad option");
		}
	}
	/* Options may also follow the action: parse the rest again. */
	if (optind >= argc)
		return cli_usage_error("fixtures",
		                       "expected generate, list or show");
	const char *action = argv[optind];
	int rest = argc - optind;
	char **rargv = argv + optind;
	/* 0, not 1: glibc reinitialises getopt only at 0; at 1 it keeps the
	 * first pass's "+" (stop at the first operand), so `generate DIR
	 * --keys K` would stop at DIR. */
	optind = 0;
	while ((c = getopt_long(rest, rargv, "", opts, NULL)) != -1) {
		if (c == 'k')
			keys = optarg;
		else if (c == 'm')
			manifest = optarg;
		else if (c == 'M')
			markdown = true;
		else
			return cli_usage_error("fixtures", "bad option");
	}
	int nargs = rest - optind;
	char **args = rargv + optind;
	if (strcmp(action, "generate") == 0 && nargs == 1)
		return run_generate(keys, args[0], manifest);
	if (strcmp(action, "list") == 0 && nargs == 0)
		return run_list(keys, markdown);
	if (strcmp(action, "show") == 0 && nargs == 1)
		return run_show(args[0]);
	return cli_usage_error("fixtures", "expected `generate DIR`, `list` "
	                                   "or `show FILE`");
}
