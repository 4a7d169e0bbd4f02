/* One Check suite per test executable, reported as TAP to meson. */
#ifndef CAPISIM_TESTS_CHECK_MAIN_H
#define CAPISIM_TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#define CS_CHECK_MAIN(suite_fn)                              \
	int main(void)                                       \
	{                                                    \
		SRunner *sr = srunner_create(suite_fn());    \
		srunner_run_all(sr, CK_ENV);                 \
		int failed = srunner_ntests_failed(sr);      \
		srunner_free(sr);                            \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
	}

#endif
