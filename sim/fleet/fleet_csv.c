/* The fleet CSV: writing, reading back, and merging shards (fleet.h). */
#include <inttypes.h>
#include "model/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fleet/fleet.h"

/* count / machines with 6 decimals, rounded half up, in integers. */
static void share(uint64_t count, uint64_t machines, char buf[32])
{
	if (!machines) {
		snprintf(buf, 32, "0.000000");
		return;
	}
	uint64_t micro = (count * 2000000 + machines) / (2 * machines);
	snprintf(buf, 32, "%" PRIu64 ".%06" PRIu64, micro / 1000000,
	         micro % 1000000);
}

cs_status cs_fleet_write_csv(const cs_fleet_result *r, FILE *out)
{
	for (size_t i = 0; i < r->nmeta; i++)
		fprintf(out, "# %s\n", r->meta[i]);
	if (r->nshards > 1)
		fprintf(out, "# shard: %u/%u\n", r->shard, r->nshards);
	fputs("bucket_start,machines", out);
	for (size_t c = 0; c < r->ncols; c++)
		fprintf(out, ",%s", r->columns[c]);
	for (size_t c = 0; c < r->ncols; c++)
		fprintf(out, ",share %s", r->columns[c]);
	fputc('\n', out);
	for (size_t b = 0; b < r->nbuckets; b++) {
		char t[CS_TIME_BUF], sh[32];
		fprintf(out, "%s,%" PRIu64,
		        cs_time_format(r->t0 + (int64_t)b * r->bucket, t),
		        r->machines);
		for (size_t c = 0; c < r->ncols; c++)
			fprintf(out, ",%" PRIu64,
			        r->counts[c * r->nbuckets + b]);
		for (size_t c = 0; c < r->ncols; c++) {
			share(r->counts[c * r->nbuckets + b], r->machines, sh);
			fprintf(out, ",%s", sh);
		}
		fputc('\n', out);
	}
	return ferror(out) ? CS_ERR_IO : CS_OK;
}

static cs_status bad(cs_diag *d, const char *name, unsigned line,
                     const char *what)
{
	cs_diag_set(d, name, line, 1, "%s", what);
	return CS_ERR_FORMAT;
}

/* Split line at commas in place (column names never hold commas). */
static size_t split(char *line, char **cells, size_t max)
{
	size_t n = 0;
	for (char *p = line; n < max;) {
		cells[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end = NULL;
	if (!*s || *s == '-')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	*out = v;
	return *end == '\0';
}

static cs_status read_header(cs_fleet_result *r, char *line, const char *name,
                             unsigned ln, cs_diag *d)
{
	size_t cap = strlen(line) / 2 + 2;
	char **cells = cs_calloc(cap, sizeof *cells);
	if (!cells)
		return cs_alloc_failed();
	size_t n = split(line, cells, cap);
	cs_status st = CS_OK;
	if (n < 2 || strcmp(cells[0], "bucket_start") != 0 ||
	    strcmp(cells[1], "machines") != 0 || (n - 2) % 2 != 0)
		st = bad(d, name, ln,
		         "expected the column line 'bucket_start,machines,...' "
		         "with a share column for each count column");
	r->ncols = st == CS_OK ? (n - 2) / 2 : 0;
	r->columns = cs_calloc(r->ncols + 1, sizeof *r->columns);
	if (st == CS_OK && !r->columns)
		st = cs_alloc_failed();
	for (size_t c = 0; st == CS_OK && c < r->ncols; c++) {
		const char *sh = cells[2 + r->ncols + c];
		if (strncmp(sh, "share ", 6) != 0 ||
		    strcmp(sh + 6, cells[2 + c]) != 0)
			st = bad(d, name, ln,
			         "share columns do not match the "
			         "count columns");
		else if (!(r->columns[c] = cs_strdup(cells[2 + c])))
			st = cs_alloc_failed();
		else if (c && strcmp(r->columns[c - 1], r->columns[c]) >= 0)
			st =
			    bad(d, name, ln, "count columns not in name order");
	}
	free(cells);
	return st;
}

static cs_status read_row(cs_fleet_result *r, char *line, const char *name,
                          unsigned ln, cs_diag *d)
{
	size_t want = 2 + 2 * r->ncols;
	char **cells = cs_calloc(want + 1, sizeof *cells);
	if (!cells)
		return cs_alloc_failed();
	size_t n = split(line, cells, want + 1);
	cs_status st = CS_OK;
	cs_filetime t;
	uint64_t machines;
	if (n != want)
		st = bad(d, name, ln, "wrong number of cells");
	else if (cs_time_parse(cells[0], &t, NULL, NULL) != CS_OK)
		st =
		    bad(d, name, ln, "bucket_start: expected an ISO 8601 time");
	else if (!parse_u64(cells[1], &machines))
		st = bad(d, name, ln, "machines: expected a count");
	size_t b = r->nbuckets;
	if (st == CS_OK && b == 0) {
		r->t0 = t;
		r->machines = machines;
	} else if (st == CS_OK && b == 1) {
		r->bucket = t - r->t0;
		if (r->bucket <= 0)
			st = bad(d, name, ln, "bucket times must increase");
	} else if (st == CS_OK && t != r->t0 + (int64_t)b * r->bucket) {
		st = bad(d, name, ln, "bucket times not evenly spaced");
	}
	if (st == CS_OK && machines != r->machines)
		st = bad(d, name, ln, "machines differs from the first row");
	if (st == CS_OK) {
		uint64_t *g =
		    cs_realloc(r->counts, (b + 1) * (r->ncols + 1) * sizeof *g);
		if (!g)
			st = cs_alloc_failed();
		else
			r->counts = g; /* row-major while reading */
	}
	for (size_t c = 0; st == CS_OK && c < r->ncols; c++) {
		uint64_t v;
		if (!parse_u64(cells[2 + c], &v) || v > r->machines)
			st = bad(d, name, ln, "expected a machine count");
		else
			r->counts[b * (r->ncols + 1) + c] = v;
	}
	if (st == CS_OK)
		r->nbuckets++;
	free(cells);
	return st;
}

cs_status cs_fleet_read_csv(FILE *in, const char *name, cs_fleet_result *out,
                            cs_diag *d)
{
	memset(out, 0, sizeof *out);
	out->nshards = 1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned ln = 0;
	bool have_cols = false;
	cs_status st = CS_OK;
	while (st == CS_OK && (len = getline(&line, &cap, in)) >= 0) {
		ln++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#') {
			unsigned a, b;
			char extra;
			if (sscanf(line, "# shard: %u/%u%c", &a, &b, &extra) ==
			    2) {
				if (b == 0 || a >= b)
					st = bad(d, name, ln,
					         "shard: expected I/N, I < N");
				out->shard = a;
				out->nshards = b;
				continue;
			}
			char **m =
			    cs_realloc(out->meta, (out->nmeta + 1) * sizeof *m);
			if (!m) {
				st = cs_alloc_failed();
				break;
			}
			out->meta = m;
			if (!(m[out->nmeta] = cs_strdup(line + 2))) {
				st = cs_alloc_failed();
				break;
			}
			out->nmeta++;
		} else if (!have_cols) {
			st = read_header(out, line, name, ln, d);
			have_cols = true;
		} else {
			st = read_row(out, line, name, ln, d);
		}
	}
	free(line);
	if (st == CS_OK && (!have_cols || out->nbuckets == 0))
		st = bad(d, name, ln, "no rows: not a capisim fleet CSV");
	if (st == CS_OK &&
	    (out->nmeta == 0 || strcmp(out->meta[0], "capisim fleet: 1") != 0))
		st = bad(d, name, 1, "expected '# capisim fleet: 1' first");
	if (st == CS_OK) {
		/* row-major -> column-major */
		uint64_t *cm =
		    cs_calloc(out->ncols * out->nbuckets + 1, sizeof *cm);
		if (!cm)
			st = cs_alloc_failed();
		for (size_t b = 0; cm && b < out->nbuckets; b++)
			for (size_t c = 0; c < out->ncols; c++)
				cm[c * out->nbuckets + b] =
				    out->counts[b * (out->ncols + 1) + c];
		free(out->counts);
		out->counts = cm;
	}
	if (st == CS_OK && out->nbuckets == 1)
		out->bucket = 1;
	if (st != CS_OK)
		cs_fleet_result_free(out);
	return st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static cs_status merge_fail(cs_diag *d, const char *why)
{
	cs_diag_set(d, NULL, 0, 0, "%s", why);
	return CS_ERR_FORMAT;
}

cs_status cs_fleet_merge(cs_fleet_result *parts, size_t n, cs_fleet_result *out,
                         cs_diag *d)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return merge_fail(d, "no shards given");
	unsigned ns = parts[0].nshards;
	if (ns != n)
		return merge_fail(d, "the number of files differs from the "
		                     "shard count N in '# shard: I/N'");
	bool *seen = cs_calloc(ns, sizeof *seen);
	if (!seen)
		return cs_alloc_failed();
	cs_status st = CS_OK;
	for (size_t i = 0; i < n && st == CS_OK; i++) {
		const cs_fleet_result *p = &parts[i];
		if (p->nshards != ns || seen[p->shard])
			st = merge_fail(d, "shards must be 0..N-1 of the same "
			                   "N, each exactly once");
		else if (p->nmeta != parts[0].nmeta ||
		         p->nbuckets != parts[0].nbuckets ||
		         p->t0 != parts[0].t0 || p->bucket != parts[0].bucket)
			st = merge_fail(d, "shards come from different runs "
			                   "(header or buckets differ)");
		for (size_t k = 0; st == CS_OK && k < p->nmeta; k++)
			if (strcmp(p->meta[k], parts[0].meta[k]) != 0)
				st = merge_fail(d, "shards come from different "
				                   "runs (header differs)");
		if (st == CS_OK)
			seen[p->shard] = true;
	}
	free(seen);
	if (st != CS_OK)
		return st;
	/* The union of the columns, in name order. */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += parts[i].ncols;
	char **cols = cs_calloc(total + 1, sizeof *cols);
	out->meta = cs_calloc(parts[0].nmeta + 1, sizeof *out->meta);
	if (!cols || !out->meta) {
		free(cols);
		free(out->meta);
		return cs_alloc_failed();
	}
	size_t nc = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < parts[i].ncols; c++)
			cols[nc++] = parts[i].columns[c];
	qsort(cols, nc, sizeof *cols, cmp_str);
	size_t u = 0;
	for (size_t c = 0; c < nc; c++)
		if (!u || strcmp(cols[u - 1], cols[c]) != 0)
			cols[u++] = cols[c];
	out->nshards = 1;
	out->t0 = parts[0].t0;
	out->bucket = parts[0].bucket;
	out->nbuckets = parts[0].nbuckets;
	out->columns = cs_calloc(u + 1, sizeof *out->columns);
	out->counts = cs_calloc(u * out->nbuckets + 1, sizeof *out->counts);
	if (!out->columns || !out->counts)
		st = cs_alloc_failed();
	for (size_t k = 0; st == CS_OK && k < parts[0].nmeta; k++)
		if (!(out->meta[out->nmeta++] = cs_strdup(parts[0].meta[k])))
			st = cs_alloc_failed();
	for (size_t c = 0; st == CS_OK && c < u; c++)
		if (!(out->columns[out->ncols++] = cs_strdup(cols[c])))
			st = cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < n; i++) {
		const cs_fleet_result *p = &parts[i];
		out->machines += p->machines;
		for (size_t c = 0, oc = 0; c < p->ncols; c++) {
			while (strcmp(out->columns[oc], p->columns[c]) != 0)
				oc++;
			for (size_t b = 0; b < out->nbuckets; b++)
				out->counts[oc * out->nbuckets + b] +=
				    p->counts[c * p->nbuckets + b];
		}
	}
	free(cols);
	if (st != CS_OK)
		cs_fleet_result_free(out);
	return st;
}
