/* Statuses keep their first value all the way up (docs/architecture.md,
 * "Statuses").
 *
 * A failure is born once: CS_BAIL(st) and CS_ENSURE(cond, st) record st
 * with the file and line that set it (cs_error_last) and return it; the
 * allocator does the same for CS_ERR_NOMEM (model/alloc.h), and pki/ for a
 * failed OpenSSL call (CS_GUARD_OSSL, pki/ossl.h). Everything above
 * forwards: CS_GUARD(expr) returns expr's status unchanged when it is not
 * CS_OK and takes no status of its own, so a rewrite such as
 * `if (st != CS_OK) return CS_ERR_NOMEM;` cannot be written with it (and
 * test 'status-lint' rejects it written by hand). The record is per
 * thread (fleet workers run in parallel) and costs two stores. */
#ifndef CAPISIM_MODEL_ERROR_H
#define CAPISIM_MODEL_ERROR_H

#include "capisim/status.h"

typedef struct {
	cs_status st;
	const char *file; /* where st was set (__FILE__) */
	unsigned line;
} cs_error_origin;

/* Record st as set at file:line and return it. */
cs_status cs_error_set_at(cs_status st, const char *file, unsigned line);
/* The thread's last recorded failure ({CS_OK, NULL, 0} before any). */
cs_error_origin cs_error_last(void);

/* True for a status that says the input was bad (a diagnostic's business);
 * false for a failure of the machine itself - out of memory, the crypto
 * library, an internal error - which a caller forwards unchanged instead
 * of reporting it as bad input. */
static inline int cs_status_is_input(cs_status st)
{
	return st != CS_ERR_NOMEM && st != CS_ERR_CRYPTO &&
	       st != CS_ERR_INTERNAL;
}
/* Return st unless it is CS_OK or bad input (then the caller reports). */
#define CS_FORWARD_FAILURE(st)                                              \
	do {                                                                \
		cs_status cs_fwd_st_ = (st);                                \
		if (cs_fwd_st_ != CS_OK && !cs_status_is_input(cs_fwd_st_)) \
			return cs_fwd_st_;                                  \
	} while (0)

#define CS_BAIL(st) return cs_error_set_at((st), __FILE__, __LINE__)
#define CS_ENSURE(cond, st)          \
	do {                         \
		if (!(cond))         \
			CS_BAIL(st); \
	} while (0)
#define CS_GUARD(expr)                           \
	do {                                     \
		cs_status cs_guard_st_ = (expr); \
		if (cs_guard_st_ != CS_OK)       \
			return cs_guard_st_;     \
	} while (0)

#endif
