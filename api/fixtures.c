/* capisim/fixtures.h over fixtures/gen (the generator) and render/pki_dump.h
 * (the dumps). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capisim/fixtures.h"
#include "fixtures/gen/fxgen.h"
#include "model/alloc.h"
#include "render/pki_dump.h"

static cs_status build_catalogue(const char *keys, fx_ctx **out, cs_diag *d)
{
	fx_ctx *ctx = fx_ctx_new(keys);
	*out = NULL;
	if (!ctx) {
		cs_diag_set(d, "", 0, 0, "out of memory");
		return cs_alloc_failed();
	}
	if (!fx_generate_all(ctx)) {
		cs_diag_set(d, "", 0, 0, "%s", fx_error(ctx));
		fx_ctx_free(ctx);
		return CS_ERR_NOT_FOUND;
	}
	*out = ctx;
	return CS_OK;
}

/* The manifest into "<manifest>.tmpXXXXXX" beside it (path in tmp); the
 * caller renames it once the fixtures are in place. */
static bool stage_manifest(fx_ctx *ctx, const char *manifest, char **tmp,
                           cs_diag *d)
{
	size_t n = strlen(manifest) + 16;
	*tmp = cs_malloc(n);
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
		cs_diag_set(d, "", 0, 0, "cannot write %s: %s", manifest,
		            strerror(err));
		if (fd >= 0)
			remove(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return ok;
}

/* Nothing is written unless everything can be: the manifest is staged
 * first, then the fixtures are written all or nothing (fx_write_all), then
 * the manifest is renamed into place. */
cs_status capisim_fixtures_generate(const char *keys, const char *dir,
                                    const char *manifest, FILE *manifest_out,
                                    cs_diag *d)
{
	memset(d, 0, sizeof *d);
	fx_ctx *ctx;
	cs_status st = build_catalogue(keys, &ctx, d);
	if (st != CS_OK)
		return st;
	char *mtmp = NULL;
	bool to_file = manifest && strcmp(manifest, "-") != 0;
	bool ok = !to_file || stage_manifest(ctx, manifest, &mtmp, d);
	if (ok && !fx_write_all(ctx, dir)) {
		cs_diag_set(d, "", 0, 0, "%s", fx_error(ctx));
		ok = false;
	}
	if (mtmp && ok && rename(mtmp, manifest) != 0) {
		cs_diag_set(d, "", 0, 0, "cannot write %s: %s", manifest,
		            strerror(errno));
		ok = false;
	}
	if (mtmp && !ok)
		remove(mtmp);
	free(mtmp);
	if (ok && manifest && !to_file &&
	    !fx_write_manifest(ctx, manifest_out)) {
		cs_diag_set(d, "", 0, 0, "%s", fx_error(ctx));
		ok = false;
	}
	fx_ctx_free(ctx);
	return ok ? CS_OK : CS_ERR_IO;
}

/* Markdown: runs of files with the same purpose (the 420 roots, the CRL
 * series) collapse into one "first .. last" row. */
static void list_markdown(const fx_ctx *ctx, FILE *out)
{
	fputs("| file | purpose | verify at |\n|---|---|---|\n", out);
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
			fprintf(out, "| `%s` .. `%s` (%zu files) | %s | %s |\n",
			        o->path, fx_output_at(ctx, j - 1)->path, j - i,
			        o->purpose,
			        same_time ? o->verify_at
			                  : "each its own: `capisim fixtures "
			                    "list`");
		else
			fprintf(out, "| `%s` | %s | %s |\n", o->path,
			        o->purpose, o->verify_at);
		i = j;
	}
}

cs_status capisim_fixtures_list(const char *keys, FILE *out, bool markdown,
                                cs_diag *d)
{
	memset(d, 0, sizeof *d);
	fx_ctx *ctx;
	cs_status st = build_catalogue(keys, &ctx, d);
	if (st != CS_OK)
		return st;
	if (markdown) {
		list_markdown(ctx, out);
	} else {
		for (size_t i = 0; i < fx_output_count(ctx); i++) {
			const fx_output *o = fx_output_at(ctx, i);
			fprintf(out, "%s\n    %s\n    verify at: %s\n", o->path,
			        o->purpose, o->verify_at);
		}
	}
	fx_ctx_free(ctx);
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

cs_status capisim_object_dump(FILE *out, const char *path, cs_diag *d)
{
	return cs_render_file(out, path, d) == 0 ? CS_OK : CS_ERR_FORMAT;
}
