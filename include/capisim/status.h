/* capisim status codes: one table generates the enum and the messages. */
#ifndef CAPISIM_STATUS_H
#define CAPISIM_STATUS_H

/* CAPISIM_API marks what libcapisim exports. The library is built with
 * hidden visibility, so only these declarations form its ABI
 * (tests/data/exported-symbols.txt lists them; a test keeps the two equal). */
#if defined(CAPISIM_BUILDING) && defined(__GNUC__)
#define CAPISIM_API __attribute__((visibility("default")))
#else
#define CAPISIM_API
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CS_MUST_USE __attribute__((warn_unused_result))
#else
#define CS_MUST_USE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, message) */
#define CS_STATUS_TABLE(X)                       \
	X(CS_OK, "success")                      \
	X(CS_ERR_SYNTAX, "syntax error")         \
	X(CS_ERR_RANGE, "value out of range")    \
	X(CS_ERR_IO, "input/output error")       \
	X(CS_ERR_NOMEM, "out of memory")         \
	X(CS_ERR_FORMAT, "malformed object")     \
	X(CS_ERR_NOT_FOUND, "not found")         \
	X(CS_ERR_LIMIT, "limit exceeded")        \
	X(CS_ERR_ACCESS_DENIED, "access denied") \
	X(CS_ERR_NO_TIME, "no time given")       \
	X(CS_ERR_INTERNAL, "internal error")     \
	X(CS_ERR_CRYPTO, "the crypto library failed")

typedef enum {
#define CS_STATUS_ENUM(name, msg) name,
	CS_STATUS_TABLE(CS_STATUS_ENUM)
#undef CS_STATUS_ENUM
	    CS_STATUS_COUNT
} cs_status;

/* Static English text for a status; never NULL. */
CAPISIM_API const char *cs_status_str(cs_status st);

#ifdef __cplusplus
}
#endif

#endif
