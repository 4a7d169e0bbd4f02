/* The one allocator of the library layers (model/, trace/, pki/, engine/,
 * sim/, api/, bench/), and where CS_ERR_NOMEM is born.
 *
 * cs_malloc, cs_calloc, cs_realloc and cs_strdup behave as their libc
 * namesakes; when one fails it records CS_ERR_NOMEM with the caller's file
 * and line (model/error.h) before returning NULL. The caller then forwards
 * that status: CS_GUARD_ALLOC(p) returns it when p is NULL, and
 * cs_alloc_failed() gives it where a cleanup path must run first. Besides
 * the allocator only the library boundaries write CS_ERR_NOMEM - a failed
 * jansson call (trace/jsonl.h) and a failed memory stream or libxml2
 * call (trace/nomem.h) - in every layer (test 'status-lint'), so the
 * out-of-memory status always names the allocation that failed.
 *
 * Built with -Dfault_injection=true (scripts/sanitize does), the allocator
 * can fail on purpose: cs_alloc_fail_nth(n) makes the n-th allocation from
 * now fail (test 'alloc-faults' runs scenarios failing each n in turn).
 * Normal builds have no counter at all. */
#ifndef CAPISIM_MODEL_ALLOC_H
#define CAPISIM_MODEL_ALLOC_H

#include <stddef.h>

#include "capisim/status.h"
#include "model/error.h"

void *cs_malloc_at(size_t n, const char *file, unsigned line);
void *cs_calloc_at(size_t count, size_t size, const char *file, unsigned line);
void *cs_realloc_at(void *p, size_t n, const char *file, unsigned line);
char *cs_strdup_at(const char *s, const char *file, unsigned line);
char *cs_strndup_at(const char *s, size_t n, const char *file, unsigned line);

/* A realloc whose failure the caller absorbs on purpose (shrinking a
 * buffer to fit: the old one stays usable). Not an error, so it records
 * nothing, and fault injection never fails it. */
void *cs_realloc_benign(void *p, size_t n);

#define cs_malloc(n)     cs_malloc_at((n), __FILE__, __LINE__)
#define cs_calloc(c, s)  cs_calloc_at((c), (s), __FILE__, __LINE__)
#define cs_realloc(p, n) cs_realloc_at((p), (n), __FILE__, __LINE__)
#define cs_strdup(s)     cs_strdup_at((s), __FILE__, __LINE__)
#define cs_strndup(s, n) cs_strndup_at((s), (n), __FILE__, __LINE__)

/* The status a failed allocation recorded: CS_ERR_NOMEM. CS_ERR_INTERNAL
 * when no allocation of this thread has failed (a caller bug: it claims
 * one did). Also for a failure noted for later (the trace's oom flag). */
CS_MUST_USE cs_status cs_alloc_failed(void);

/* Return the allocator's status when p is NULL. */
#define CS_GUARD_ALLOC(p)                         \
	do {                                      \
		if (!(p))                         \
			return cs_alloc_failed(); \
	} while (0)

#ifdef CS_FAULT_INJECTION
/* Fail the n-th allocation from now (1 = the next); 0 = fail none. Every
 * allocation after it succeeds again (a transient fault). */
void cs_alloc_fail_nth(unsigned long n);
/* Allocations made since the last cs_alloc_fail_nth, and whether the fault
 * was injected. */
unsigned long cs_alloc_count(void);
int cs_alloc_fault_injected(void);
#endif

#endif
