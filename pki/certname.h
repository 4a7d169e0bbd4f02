/* Distinguished names as certutil prints them ("CN=Leaf, O=Example, C=US":
 * most specific first, CertNameToStr's X.500 keys). */
#ifndef CAPISIM_PKI_CERTNAME_H
#define CAPISIM_PKI_CERTNAME_H

struct X509_name_st; /* OpenSSL's X509_NAME */

/* malloc'd string; NULL when out of memory. */
char *cs_name_to_str(const struct X509_name_st *name);
/* The same with sep between RDNs ("\n    " gives certutil's header, one
 * RDN a line). */
char *cs_name_to_str_sep(const struct X509_name_st *name, const char *sep);

/* The name CertGetNameString's CERT_NAME_SIMPLE_DISPLAY_TYPE gives (the
 * subjectName of CAPI2 events): malloc'd; NULL when out of memory. */
char *cs_name_simple_display(const struct X509_name_st *name);

#endif
