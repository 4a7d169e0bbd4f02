/* The probe plan: what compare/probe/capisim-probe.exe does, read from a
 * small line-based text file (docs/compare.md, "The probe plan").
 *
 * Line-based instead of JSON because the probe is built with mingw-w64,
 * where jansson is not available, and a hand-written JSON reader would be
 * the riskiest code in the probe. Every line is "KEYWORD ARGS"; '#' starts a
 * comment line; blank lines are skipped. Paths are the rest of the line (they
 * may contain spaces). Times are FILETIME ticks in decimal ("ft:" optional),
 * so the probe needs no calendar code of its own.
 *
 *   capisim-probe 1                  first line, the format version
 *   profile NAME                     copied into every trace line
 *   clock PATH                       libfaketime timestamp file to rewrite
 *   engine default|exclusive|restricted   how `root` files are trusted
 *   engine-cbsize N                  CERT_CHAIN_ENGINE_CONFIG.cbSize (80)
 *   root PATH | ca PATH | crl PATH | disallowed PATH
 *   cert NAME PATH                   a certificate steps refer to
 *   ctl NAME PATH                    a signed CTL (.stl) ctl-check reads
 *   purposes all|none|OID[,OID...] PATH   the EKU property
 *                                    (CERT_ENHKEY_USAGE_PROP_ID) of the
 *                                    store entry an earlier root or ca
 *                                    line made of PATH; all removes it
 *   serve ... | fail ...             the runner's network; ignored here
 *   verify KEY=VALUE...              CertGetCertificateChain + policy
 *   revocation KEY=VALUE...          CertVerifyRevocation
 *   ctl-check KEY=VALUE...           CertCreateCTLContext + signature
 *
 * Step keys: step=N (scenario line), at=TICKS (the clock), cert=NAME,
 * issuer=NAME (revocation), flags=HEX (chain or revocation flags),
 * policy=N (the CERT_CHAIN_POLICY_* value, 1..12; base, ssl and
 * basic-constraints also as words), policy-flags=HEX, ssl-checks=HEX,
 * server=NAME (server= is the empty name), auth=N (dwAuthType, default 2,
 * AUTHTYPE_SERVER), ssl-para=none (pvExtraPolicyPara NULL: no auth, checks
 * or name), usage=OID[,OID...], usage-match=0|1 (USAGE_MATCH_TYPE_AND /
 * _OR), verify-at=TICKS (pTime), additional=NAME[,NAME...]|none (the
 * step's own hAdditionalStore, of cert lines, instead of the plan's ca
 * store), roots=NAME[,NAME...] (the step's own chain engine, these certs
 * its hExclusiveRoot, instead of the plan's engine). A ctl-check takes
 * ctl=NAME (required), step= and at= only: it reads the file itself (a
 * file CryptoAPI rejects is a result, not a plan error).
 *
 * Plain C, no Windows types: the parser is also compiled into the host's
 * test suite (tests/compare_plan.c) so its error messages are tested. */
#ifndef CAPISIM_COMPARE_PLAN_H
#define CAPISIM_COMPARE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_MAX_FILES 256
#define PLAN_MAX_STEPS 4096
#define PLAN_MAX_USAGE 8
#define PLAN_MAX_SET   16 /* certificates in a step's own store */

typedef enum {
	PLAN_ENGINE_DEFAULT,
	PLAN_ENGINE_EXCLUSIVE,
	PLAN_ENGINE_RESTRICTED
} plan_engine;

typedef enum {
	PLAN_FILE_ROOT,
	PLAN_FILE_CA,
	PLAN_FILE_CRL,
	PLAN_FILE_DISALLOWED,
	PLAN_FILE_CERT,
	PLAN_FILE_CTL
} plan_file_kind;

typedef struct {
	plan_file_kind kind;
	char *name; /* PLAN_FILE_CERT and PLAN_FILE_CTL only */
	char *path;
} plan_file;

typedef enum {
	PLAN_STEP_VERIFY,
	PLAN_STEP_REVOCATION,
	PLAN_STEP_CTL
} plan_step_kind;

typedef struct {
	plan_step_kind kind;
	unsigned step;     /* scenario line; 0 = none */
	int64_t at;        /* FILETIME ticks; -1 = leave the clock alone */
	int64_t verify_at; /* pTime; -1 = NULL (now) */
	int cert;          /* index into files (a PLAN_FILE_CERT) */
	int ctl;           /* ctl-check: index of a PLAN_FILE_CTL */
	int issuer;        /* revocation: the issuer's index; -1 = none */
	uint32_t flags;
	unsigned policy; /* CERT_CHAIN_POLICY_* value; 0 = no policy call */
	uint32_t policy_flags;
	uint32_t ssl_checks;
	char *server;       /* NULL = no name check */
	unsigned auth_type; /* dwAuthType */
	int no_ssl_para;    /* pvExtraPolicyPara NULL */
	char *usage[PLAN_MAX_USAGE];
	unsigned nusage;
	unsigned usage_match; /* USAGE_MATCH_TYPE_AND 0 / _OR 1 */
	/* The step's own stores (indexes of cert lines); own_* 0 = the
	 * plan's. */
	int own_additional, own_roots;
	int additional[PLAN_MAX_SET], roots[PLAN_MAX_SET];
	unsigned nadditional, nroots;
} plan_step;

/* A purposes line: usages is "all", "none" or dotted OIDs joined by ','. */
typedef struct {
	char *usages;
	char *path;
} plan_purposes;

typedef struct {
	char *profile;
	char *clock;
	plan_engine engine;
	unsigned engine_cbsize;
	plan_file files[PLAN_MAX_FILES];
	unsigned nfiles;
	plan_purposes purposes[PLAN_MAX_FILES]; /* in plan order */
	unsigned npurposes;
	plan_step *steps;
	unsigned nsteps;
} plan;

/* Parse the text (NUL-terminated). On error returns -1 and writes
 * "LINE:COL: MESSAGE" into err. */
int plan_parse(const char *text, plan *out, char *err, size_t errlen);
void plan_free(plan *p);

#endif
