/* The API plan's URL calls: CryptGetObjectUrl and CryptRetrieveObjectByUrl
 * (probe_api.h). */
#include <stdlib.h>
#include <string.h>

#include "probe_api.h"

static LPCSTR url_oid(const api_call *c, const char *key)
{
	static const struct {
		const char *name;
		LPCSTR oid;
	} oids[] = {
	    {"URL_OID_CERTIFICATE_ISSUER", URL_OID_CERTIFICATE_ISSUER},
	    {"URL_OID_CERTIFICATE_CRL_DIST_POINT",
	     URL_OID_CERTIFICATE_CRL_DIST_POINT},
	    {"URL_OID_CERTIFICATE_FRESHEST_CRL",
	     URL_OID_CERTIFICATE_FRESHEST_CRL},
	    {"URL_OID_CERTIFICATE_OCSP", URL_OID_CERTIFICATE_OCSP},
	    {"CONTEXT_OID_CERTIFICATE", CONTEXT_OID_CERTIFICATE},
	    {"CONTEXT_OID_CRL", CONTEXT_OID_CRL},
	    {"CONTEXT_OID_CTL", CONTEXT_OID_CTL},
	    {"CONTEXT_OID_PKCS7", CONTEXT_OID_PKCS7},
	    {"CONTEXT_OID_CAPI2_ANY", CONTEXT_OID_CAPI2_ANY},
	};
	const char *v = plan_arg(c, key);
	if (!v || strcmp(v, "null") == 0)
		return NULL;
	for (size_t i = 0; i < sizeof oids / sizeof *oids; i++)
		if (strcmp(oids[i].name, v) == 0)
			return oids[i].oid;
	die(2, "%s:%u: unknown %s '%s'", plan_name, c->line, key, v);
	return NULL;
}

void call_get_object_url(const api_call *c)
{
	const char *av = plan_arg(c, "array"), *iv = plan_arg(c, "info");
	int want_size = av && strcmp(av, "null") != 0;
	int want_buffer = av && strcmp(av, "buffer") == 0;
	int want_info = iv && strcmp(iv, "null") != 0;
	DWORD size = 0, info_size = 0;
	PCRYPT_URL_ARRAY urls = NULL;
	LPCSTR oid = url_oid(c, "oid");
	PCCERT_CONTEXT cert = plan_cert(c, "object");
	DWORD flags = plan_number(c, "flags", 0);
	if (want_buffer) {
		/* As the test does: the size first, then the buffer. */
		if (!CryptGetObjectUrl(oid, (void *)cert, flags, NULL, &size,
		                       NULL, NULL, NULL))
			size = 0;
		urls = size ? malloc(size) : NULL;
	}
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CryptGetObjectUrl(oid, (void *)cert, flags, urls,
	                            want_size ? &size : NULL, NULL,
	                            want_info ? &info_size : NULL, NULL);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	if (ok && urls) {
		fputs(",\"urls\":[", probe_out);
		for (DWORD i = 0; i < urls->cUrl; i++) {
			int n =
			    WideCharToMultiByte(CP_UTF8, 0, urls->rgwszUrl[i],
			                        -1, NULL, 0, NULL, NULL);
			char *s = malloc(n > 0 ? (size_t)n : 1);
			if (!s || n <= 0 ||
			    !WideCharToMultiByte(CP_UTF8, 0, urls->rgwszUrl[i],
			                         -1, s, n, NULL, NULL))
				die(3, "URL conversion failed");
			if (i)
				fputc(',', probe_out);
			json_str(s);
			free(s);
		}
		fputc(']', probe_out);
	}
	call_out_end();
	free(urls);
}

/* A temporary file holding the object, and its file:// URL. */
static void temp_file_url(const api_object *o, char *path, char *url,
                          size_t cap)
{
	char dir[MAX_PATH];
	if (!GetTempPathA(sizeof dir, dir) ||
	    !GetTempFileNameA(dir, "cps", 0, path))
		die(3, "no temporary file (0x%08lX)", GetLastError());
	HANDLE h =
	    CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	DWORD put = 0;
	if (h == INVALID_HANDLE_VALUE ||
	    !WriteFile(h, o->der, o->len, &put, NULL) || put != o->len)
		die(3, "%s: cannot write (0x%08lX)", path, GetLastError());
	CloseHandle(h);
	snprintf(url, cap, "file://%s", path);
}

void call_retrieve(const api_call *c)
{
	const char *uv = plan_arg(c, "url");
	char path[MAX_PATH] = "", url[MAX_PATH + 16];
	int deleted = 0;
	if (uv && strncmp(uv, "file:", 5) == 0) {
		temp_file_url(plan_object(c, uv + 5), path, url, sizeof url);
	} else if (uv && strncmp(uv, "file-deleted:", 13) == 0) {
		/* As the test: retrieved once while the file exists (the
		 * question is whether a copy outlives the file), then
		 * deleted. */
		temp_file_url(plan_object(c, uv + 13), path, url, sizeof url);
		void *first = NULL;
		if (CryptRetrieveObjectByUrlA(url, CONTEXT_OID_CERTIFICATE, 0,
		                              0, &first, NULL, NULL, NULL,
		                              NULL) &&
		    first)
			CertFreeCertificateContext(first);
		DeleteFileA(path);
		deleted = 1;
	} else if (uv && strcmp(uv, "null") != 0) {
		die(2,
		    "%s:%u: url must be null, file:NAME or file-deleted:NAME",
		    plan_name, c->line);
	}
	LPCSTR oid = url_oid(c, "oid");
	const char *aux_v = plan_arg(c, "aux");
	FILETIME sync = {0, 0};
	CRYPT_RETRIEVE_AUX_INFO aux;
	memset(&aux, 0, sizeof aux);
	PCRYPT_RETRIEVE_AUX_INFO paux = NULL;
	if (aux_v && strcmp(aux_v, "null") != 0) {
		paux = &aux;
		aux.cbSize = strcmp(aux_v, "zero") == 0 ? 0 : sizeof aux;
		if (strcmp(aux_v, "sync") == 0)
			aux.pLastSyncTime = &sync;
	}
	void *obj = (void *)0xdeadbeef;
	SetLastError(plan_number(c, "preset-error", 0xdeadbeef));
	BOOL ok = CryptRetrieveObjectByUrlA(
	    uv && strcmp(uv, "null") ? url : NULL, oid,
	    plan_number(c, "flags", 0), plan_number(c, "timeout", 0), &obj,
	    NULL, NULL, NULL, paux);
	DWORD err = GetLastError();
	call_out_begin(c, ok, err);
	int got = obj && obj != (void *)0xdeadbeef;
	fprintf(probe_out, ",\"object\":%d", got);
	if (ok && got && !oid) {
		const CRYPT_BLOB_ARRAY *a = obj;
		fprintf(probe_out, ",\"blobs\":%lu,\"blob0\":%lu", a->cBlob,
		        a->cBlob ? a->rgBlob[0].cbData : 0);
		CryptMemFree(obj);
	} else if (ok && got && oid == CONTEXT_OID_CAPI2_ANY) {
		unsigned certs = 0;
		PCCERT_CONTEXT cc = NULL;
		while ((cc = CertEnumCertificatesInStore(obj, cc)))
			certs++;
		fprintf(probe_out, ",\"certs\":%u", certs);
		CertCloseStore(obj, 0);
	} else if (ok && got && oid == CONTEXT_OID_CERTIFICATE) {
		CertFreeCertificateContext(obj);
	} else if (ok && got && oid == CONTEXT_OID_CRL) {
		CertFreeCRLContext(obj);
	}
	if (paux && aux.pLastSyncTime)
		fprintf(probe_out, ",\"sync\":%d",
		        sync.dwLowDateTime || sync.dwHighDateTime);
	call_out_end();
	if (path[0] && !deleted)
		DeleteFileA(path);
}
