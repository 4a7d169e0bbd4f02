/* pki/pool: interning keeps pointer identity, also when threads race -
 * the property certificate stores rely on (model/store.h compares
 * certificates by pointer) when a fleet parses downloads on two threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "check_main.h"
#include "pki/pool.h"

static atomic_int freed;

static void count_free(void *p)
{
	atomic_fetch_add(&freed, 1);
	free(p);
}

START_TEST(intern_returns_the_first_object)
{
	cs_pool *p;
	ck_assert_int_eq(cs_pool_new(&p, "."), CS_OK);
	atomic_store(&freed, 0);
	void *a = malloc(1), *b = malloc(1), *kept = NULL;
	ck_assert_int_eq(cs_pool_intern(p, "x", "key", 3, a, count_free, &kept),
	                 CS_OK);
	ck_assert_ptr_eq(kept, a);
	ck_assert_int_eq(cs_pool_intern(p, "x", "key", 3, b, count_free, &kept),
	                 CS_OK);
	ck_assert_ptr_eq(kept, a);                /* the first one stays */
	ck_assert_int_eq(atomic_load(&freed), 1); /* the copy was freed */
	ck_assert_ptr_eq(cs_pool_lookup(p, "x", "key", 3), a);
	ck_assert_ptr_null(cs_pool_lookup(p, "y", "key", 3)); /* kind counts */
	cs_pool_free(p);
	ck_assert_int_eq(atomic_load(&freed), 2);
}
END_TEST

#define ROUNDS 2000
typedef struct {
	cs_pool *p;
	void *seen[ROUNDS];
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	for (int i = 0; i < ROUNDS; i++) {
		int key = i % 64; /* both threads hit the same 64 keys */
		void *kept = NULL;
		if (cs_pool_intern(r->p, "race", &key, sizeof key, malloc(4),
		                   count_free, &kept) != CS_OK)
			kept = NULL;
		r->seen[i] = kept;
	}
	return NULL;
}

START_TEST(threads_agree_on_identity)
{
	cs_pool *p;
	ck_assert_int_eq(cs_pool_new(&p, "."), CS_OK);
	atomic_store(&freed, 0);
	racer *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	a->p = b->p = p;
	pthread_t ta, tb;
	ck_assert_int_eq(pthread_create(&ta, NULL, race, a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, race, b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	for (int i = 0; i < ROUNDS; i++) {
		ck_assert_ptr_nonnull(a->seen[i]);
		ck_assert_ptr_eq(a->seen[i], b->seen[i]);
		ck_assert_ptr_eq(a->seen[i], a->seen[i % 64]);
	}
	/* 2 x ROUNDS objects made, 64 kept */
	ck_assert_int_eq(atomic_load(&freed), 2 * ROUNDS - 64);
	cs_pool_free(p);
	free(a);
	free(b);
}
END_TEST

static Suite *pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = tcase_create("intern");
	tcase_add_test(tc, intern_returns_the_first_object);
	tcase_add_test(tc, threads_agree_on_identity);
	suite_add_tcase(s, tc);
	return s;
}

CS_CHECK_MAIN(pool_suite)
