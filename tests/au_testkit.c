#include "au_testkit.h"

#include <check.h>
#include <libgcab.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define KIT_MAX 64

static cs_pool *pool;
static X509 *x509s[KIT_MAX];
static size_t nx;
static void *blobs[KIT_MAX];
static size_t nblobs;

cs_pool *kit_pool(void)
{
	if (!pool) {
		const char *dir = getenv("CAPISIM_FIXTURES");
		ck_assert_msg(dir != NULL, "CAPISIM_FIXTURES not set");
		ck_assert_int_eq(cs_pool_new(&pool, dir), CS_OK);
	}
	return pool;
}

void kit_pool_free(void)
{
	for (size_t i = 0; i < nx; i++)
		X509_free(x509s[i]);
	for (size_t i = 0; i < nblobs; i++)
		free(blobs[i]);
	nx = nblobs = 0;
	cs_pool_free(pool);
	pool = NULL;
}

cs_bytes kit_file(const char *rel)
{
	cs_bytes b;
	cs_diag d;
	ck_assert_msg(cs_pool_file(kit_pool(), rel, &b, NULL, &d) == CS_OK,
	              "%s: %s", rel, d.msg);
	return b;
}

static size_t load(const char *rel)
{
	ck_assert_uint_lt(nx, KIT_MAX);
	cs_bytes b = kit_file(rel);
	const unsigned char *p = b.data;
	X509 *x = d2i_X509(NULL, &p, (long)b.len);
	ck_assert_ptr_nonnull(x);
	x509s[nx] = x;
	return nx++;
}

X509 *kit_x509(const char *rel)
{
	return x509s[load(rel)];
}

const struct cs_cert *kit_cert(const char *rel)
{
	const struct cs_cert *c = NULL;
	cs_diag d;
	ck_assert_msg(cs_cert_load(kit_pool(), rel, &c, &d) == CS_OK, "%s: %s",
	              rel, d.msg);
	return c;
}

static void *keep(void *p)
{
	ck_assert_uint_lt(nblobs, KIT_MAX);
	blobs[nblobs++] = p;
	return p;
}

cs_bytes kit_cab(const char *member, cs_bytes data)
{
	GCabCabinet *cab = gcab_cabinet_new();
	GCabFolder *folder = gcab_folder_new(GCAB_COMPRESSION_NONE);
	GBytes *gb = g_bytes_new(data.data, data.len);
	GCabFile *file = gcab_file_new_with_bytes(member, gb);
	GError *err = NULL;
	ck_assert(gcab_folder_add_file(folder, file, FALSE, NULL, &err));
	ck_assert(gcab_cabinet_add_folder(cab, folder, &err));
	GOutputStream *out = g_memory_output_stream_new_resizable();
	ck_assert_msg(
	    gcab_cabinet_write_simple(cab, out, NULL, NULL, NULL, &err),
	    "gcab: %s", err ? err->message : "");
	ck_assert(g_output_stream_close(out, NULL, NULL));
	size_t len =
	    g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(out));
	uint8_t *copy = keep(malloc(len));
	memcpy(copy,
	       g_memory_output_stream_get_data(G_MEMORY_OUTPUT_STREAM(out)),
	       len);
	g_object_unref(out);
	g_object_unref(file);
	g_bytes_unref(gb);
	g_object_unref(folder);
	g_object_unref(cab);
	return (cs_bytes){copy, len};
}

cs_bytes kit_flip(cs_bytes b, size_t i)
{
	ck_assert_uint_lt(i, b.len);
	uint8_t *copy = keep(malloc(b.len));
	memcpy(copy, b.data, b.len);
	copy[i] ^= 0x01;
	return (cs_bytes){copy, b.len};
}

size_t kit_find(cs_bytes hay, const void *needle, size_t len)
{
	for (size_t i = 0; i + len <= hay.len; i++)
		if (memcmp(hay.data + i, needle, len) == 0)
			return i;
	return (size_t)-1;
}

void kit_sha1(cs_bytes b, unsigned char out[20])
{
	unsigned int len = 0;
	ck_assert(EVP_Digest(b.data, b.len, out, &len, EVP_sha1(), NULL));
}

cs_filetime kit_time(const char *iso)
{
	cs_filetime t;
	ck_assert_int_eq(cs_time_parse(iso, &t, NULL, NULL), CS_OK);
	return t;
}
