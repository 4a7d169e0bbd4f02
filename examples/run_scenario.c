/* Embedding capisim: run a scenario, print its failed expectations, write
 * the trace. Build against an installed libcapisim:
 *
 *     cc -std=c11 run_scenario.c $(pkg-config --cflags --libs capisim)
 *     ./a.out fixtures/incidents/2010-07-authroot-signer-expiry.scn > t.jsonl
 *
 * Exit status as the capisim CLI: 0 all expectations held, 1 some failed,
 * 2 bad input. */
#include <stdio.h>

#include <capisim/capisim.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s SCENARIO.scn\n", argv[0]);
		return 2;
	}
	cs_diag d;
	capisim_run *r;
	if (capisim_run_file(argv[1], NULL, &r, &d) != CS_OK) {
		cs_diag_print(stderr, &d);
		return 2;
	}
	for (size_t i = 0; i < capisim_run_failures(r); i++)
		fprintf(stderr, "%s\n", capisim_run_failure(r, i));
	int rc = capisim_run_failures(r) ? 1 : 0;
	if (capisim_run_write_trace(r, stdout) != CS_OK)
		rc = 2;
	capisim_run_free(r);
	return rc;
}
