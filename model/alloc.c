/* The library's allocator (see model/alloc.h) and the failure record
 * (model/error.h). */
#include "model/alloc.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local cs_error_origin last;
/* The allocator's own record: only it writes this one, so a check made
 * after unrelated failures still finds the allocation that failed. */
static _Thread_local cs_error_origin last_alloc;

cs_status cs_error_set_at(cs_status st, const char *file, unsigned line)
{
	last = (cs_error_origin){st, file, line};
	return st;
}

cs_error_origin cs_error_last(void)
{
	return last;
}

#ifdef CS_FAULT_INJECTION
static _Thread_local unsigned long fail_at, count;
static _Thread_local int injected;

void cs_alloc_fail_nth(unsigned long n)
{
	fail_at = n;
	count = 0;
	injected = 0;
}

unsigned long cs_alloc_count(void)
{
	return count;
}

int cs_alloc_fault_injected(void)
{
	return injected;
}

/* True when this allocation is the one to fail. */
static int fault(void)
{
	if (++count != fail_at)
		return 0;
	injected = 1;
	return 1;
}
#define FAULT() fault()
#else
#define FAULT() 0
#endif

static void *born(void *p, const char *file, unsigned line)
{
	if (!p) {
		cs_error_set_at(CS_ERR_NOMEM, file, line);
		last_alloc = last;
	}
	return p;
}

void *cs_malloc_at(size_t n, const char *file, unsigned line)
{
	return born(FAULT() ? NULL : malloc(n), file, line);
}

void *cs_calloc_at(size_t c, size_t s, const char *file, unsigned line)
{
	return born(FAULT() ? NULL : calloc(c, s), file, line);
}

void *cs_realloc_at(void *p, size_t n, const char *file, unsigned line)
{
	return born(FAULT() ? NULL : realloc(p, n), file, line);
}

char *cs_strdup_at(const char *s, const char *file, unsigned line)
{
	return born(FAULT() ? NULL : strdup(s), file, line);
}

char *cs_strndup_at(const char *s, size_t n, const char *file, unsigned line)
{
	return born(FAULT() ? NULL : strndup(s, n), file, line);
}

void *cs_realloc_benign(void *p, size_t n)
{
	return realloc(p, n);
}

cs_status cs_alloc_failed(void)
{
	return last_alloc.st == CS_ERR_NOMEM ? CS_ERR_NOMEM : CS_ERR_INTERNAL;
}
