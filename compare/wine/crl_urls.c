/* The URLs `capisim verify --crl` serves a CRL at (crl_urls.h). */
#include "compare/wine/crl_urls.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdlib.h>

#include "model/alloc.h"

static BIO *open_file(const char *path, cs_diag *d)
{
	BIO *bio = BIO_new_file(path, "rb");
	if (!bio)
		cs_diag_set(d, path, 0, 0, "cannot open");
	return bio;
}

/* DER, else PEM. */
static X509_CRL *read_crl(const char *path, cs_diag *d)
{
	BIO *bio = open_file(path, d);
	X509_CRL *crl = bio ? d2i_X509_CRL_bio(bio, NULL) : NULL;
	if (bio && !crl && BIO_reset(bio) == 0)
		crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL);
	if (bio && !crl)
		cs_diag_set(d, path, 0, 0, "expected a DER or PEM X.509 CRL");
	BIO_free(bio);
	return crl;
}

static X509 *read_cert(const char *path, cs_diag *d)
{
	BIO *bio = open_file(path, d);
	X509 *x = bio ? d2i_X509_bio(bio, NULL) : NULL;
	if (bio && !x && BIO_reset(bio) == 0)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (bio && !x)
		cs_diag_set(d, path, 0, 0, "expected a DER or PEM certificate");
	BIO_free(bio);
	return x;
}

/* "serve URL PATH" for each URI full name of the distribution points. */
static void serve_dps(FILE *plan, const CRL_DIST_POINTS *dps, const char *path)
{
	for (int k = 0; dps && k < sk_DIST_POINT_num(dps); k++) {
		const DIST_POINT *dp = sk_DIST_POINT_value(dps, k);
		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		const GENERAL_NAMES *gns = dp->distpoint->name.fullname;
		for (int g = 0; g < sk_GENERAL_NAME_num(gns); g++) {
			const GENERAL_NAME *gn = sk_GENERAL_NAME_value(gns, g);
			if (gn->type != GEN_URI)
				continue;
			const ASN1_IA5STRING *u =
			    gn->d.uniformResourceIdentifier;
			fprintf(plan, "serve %.*s %s\n", ASN1_STRING_length(u),
			        (const char *)ASN1_STRING_get0_data(u), path);
		}
	}
}

static bool is_delta(X509_CRL *crl)
{
	return X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0;
}

cs_status crl_serve_lines(FILE *plan, const char *const *crls, size_t ncrls,
                          const char *const *certs, size_t ncerts, cs_diag *d)
{
	cs_status st = CS_OK;
	X509_CRL **c = cs_calloc(ncrls + 1, sizeof *c);
	X509 **x = cs_calloc(ncerts + 1, sizeof *x);
	if (!c || !x)
		st = cs_alloc_failed();
	for (size_t i = 0; st == CS_OK && i < ncrls; i++)
		if (!(c[i] = read_crl(crls[i], d)))
			st = CS_ERR_FORMAT;
	for (size_t i = 0; st == CS_OK && i < ncerts; i++)
		if (!(x[i] = read_cert(certs[i], d)))
			st = CS_ERR_FORMAT;
	for (size_t i = 0; st == CS_OK && i < ncrls; i++) {
		int nid = is_delta(c[i]) ? NID_freshest_crl
		                         : NID_crl_distribution_points;
		const X509_NAME *issuer = X509_CRL_get_issuer(c[i]);
		for (size_t k = 0; k < ncerts; k++) {
			if (X509_NAME_cmp(X509_get_issuer_name(x[k]), issuer))
				continue;
			CRL_DIST_POINTS *dps =
			    X509_get_ext_d2i(x[k], nid, NULL, NULL);
			serve_dps(plan, dps, crls[i]);
			CRL_DIST_POINTS_free(dps);
		}
		/* A delta also where a base CRL of its issuer points. */
		for (size_t b = 0; is_delta(c[i]) && b < ncrls; b++) {
			if (is_delta(c[b]) ||
			    X509_NAME_cmp(X509_CRL_get_issuer(c[b]), issuer))
				continue;
			CRL_DIST_POINTS *dps = X509_CRL_get_ext_d2i(
			    c[b], NID_freshest_crl, NULL, NULL);
			serve_dps(plan, dps, crls[i]);
			CRL_DIST_POINTS_free(dps);
		}
	}
	for (size_t i = 0; c && i < ncrls; i++)
		X509_CRL_free(c[i]);
	for (size_t i = 0; x && i < ncerts; i++)
		X509_free(x[i]);
	free(c);
	free(x);
	return st;
}
