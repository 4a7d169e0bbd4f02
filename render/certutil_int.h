/* Internals of the certutil-like renderer (certutil_verify.c: the layout;
 * certutil_urls.c: -urlfetch sections and CRL blocks). */
#ifndef CAPISIM_RENDER_CERTUTIL_INT_H
#define CAPISIM_RENDER_CERTUTIL_INT_H

#include <stdarg.h>

#include "render/certutil_verify.h"

#define CU_MAX_ELEMENTS 32 /* as the chain engine's depth limit */

typedef struct {
	const cs_machine *m;
	const cs_trace *tr;
	size_t first, end; /* the step's observations */
	const cu_verify_opts *o;
	FILE *out;
	cs_diag *d;
	const cs_obs *chain, *policy;
	const struct cs_cert *certs[CU_MAX_ELEMENTS];
	size_t n;
	cu_text missing;     /* a text the language lacks; CU_T_COUNT = none */
	uint32_t missing_hr; /* an HRESULT whose message it lacks; 0 = none */
} cu_render;

/* The text in the chosen language; when it has none, remember which (the
 * caller fails at the end) and give the English one. */
const char *cu_t(cu_render *r, cu_text t);
/* One line: the indent, then printf. */
void cu_line(cu_render *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An empty line (no indent). */
void cu_blank(cu_render *r);

/* The step's observation of kind whose str field key equals val, last one
 * first; NULL when none. */
const cs_obs *cu_find(const cu_render *r, const char *kind, const char *key,
                      const char *val);

/* Element i's URL sections and the CRL / OCSP blocks of its revocation. */
void cu_element_urls(cu_render *r, size_t i);
void cu_element_crl_blocks(cu_render *r, size_t i, const char *indent);

/* The reason code of the leaf's entry in the CRL its revocation used; -1
 * when not known. */
long cu_leaf_revocation_reason(cu_render *r);

/* An HRESULT as certutil prints it: "<text> 0x800b010a (-2146762486
 * CERT_E_CHAINING)". */
void cu_hresult_line(cu_render *r, const char *prefix, uint32_t hr);

#endif
