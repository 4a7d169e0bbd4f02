/* Internals of the certutil importer (certutil.c: the line state machine;
 * certutil_lines.c: parsers of single lines). Not a public interface. */
#ifndef CAPISIM_COMPARE_IMPORT_CERTUTIL_INT_H
#define CAPISIM_COMPARE_IMPORT_CERTUTIL_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "capisim/capisim.h"

/* Where the reader is in one command's output. */
typedef enum {
	CU_PH_NONE, /* no verify observation open */
	CU_PH_PRE,  /* dwFlags / ChainFlags / policy lines before a dump */
	CU_PH_DUMP, /* inside CERT_CHAIN_CONTEXT (status, elements) */
	CU_PH_FULL_CHAIN, /* after "Full chain:", before the closing dashes */
	CU_PH_TAIL,       /* after the closing dashes: result lines */
} cu_phase;

typedef struct {
	const char *name;
	cs_diag *d;
	unsigned lineno;
	const char *buf; /* the trimmed line being parsed */
	size_t indent;   /* blanks trimmed off its start */
	const char *raw; /* the raw line, for the caret display */
	size_t rawlen;
} cu_ctx;

typedef struct {
	json_t *found; /* observations finished so far, in order */

	/* The open verify observation (ph != CU_PH_NONE). */
	cu_phase ph;
	unsigned obs_line, dump_line;
	bool banner;  /* the dump started with its banner */
	bool excerpt; /* the dump's start is missing, or lines were elided */
	bool chain_seen, simple_seen;
	unsigned long chain_err, chain_info, simple_err, simple_info;
	bool flags_seen;
	unsigned long chain_flags;
	char policy[32]; /* "base", "nt-auth", ... from CERT_CHAIN_POLICY_ */
	json_t *policy_result; /* {name, error} */
	json_t *leaf_rev;      /* {error[, reason]} */
	json_t *elements;      /* chain.elements, finished ones */
	json_t *obs_urls;      /* URL checks outside any element */
	json_t *extra;         /* completed, command_error, cert_is_ca, ... */

	/* The open element. */
	bool el_open;
	unsigned el_line, el_first;
	unsigned long el_err, el_info;         /* from CertContext[i][j] */
	unsigned long el_sum_err, el_sum_info; /* from the Element.* lines */
	bool el_err_seen, el_info_seen, el_elided, el_in_crl;
	json_t *el_subject, *el_thumb, *el_urls;

	bool in_url_section;
	json_t *url; /* the last URL check (borrowed from an urls array) */

	/* A `certutil -urlcache` listing or delete. */
	json_t *cache;
	unsigned cache_line;

	char command[40]; /* the command of the last prompt line seen */
	bool allow_cut;   /* --partial: a cut dump is kept, marked */
} cu_state;

CS_MUST_USE cs_status cu_fail(cu_ctx *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

bool cu_starts(const char *s, const char *prefix);
bool cu_parse_hex(const char *s, size_t n, unsigned long *out);
json_t *cu_hex32(unsigned long v);
json_t *cu_hresult(unsigned long v);
/* "... 0xHEX (-DEC SYMBOL)", "... 0xHEX (-DEC)", "... 0xHEX (WIN32: 12007)"
 * at the end of s (or before " -- more"): the HRESULT. */
bool cu_trailing_hresult(const char *s, size_t n, unsigned long *out);
/* 20 two-digit hex groups separated by single blanks: the older layout's
 * SHA-1 line. out gets 40 lowercase hex digits and a NUL. */
bool cu_spaced_sha1(const char *s, size_t n, char out[41]);
bool cu_is_url(const char *s);
/* A URL section's banner: dashes around one of the section titles (one or two
 * blanks each side, any language); the title in *title / *tlen. */
bool cu_section_banner(const char *s, size_t n, const char **title,
                       size_t *tlen);
/* A line that stands for elided output: ".", "...", "[...]", "[... cut ...]",
 * "[redacted]". */
bool cu_elision(const char *s, size_t n);
/* A shell prompt line running certutil: the command word ("-verify",
 * "-urlcache", ...) into cmd. */
bool cu_prompt(const char *s, char *cmd, size_t cmdlen);

/* "X.dwErrorStatus = SYMBOL (0xHEX)": adds to the state's words. */
CS_MUST_USE cs_status cu_status_line(cu_ctx *c, cu_state *st, const char *s,
                                     size_t n);
/* 'Verified "Base CRL (04)" Time: 0 SHA1' in any known language: a new URL
 * check {result, object} with English words, appended to urls. */
bool cu_url_status_line(const char *s, size_t n, json_t *urls, json_t **out);

#endif
