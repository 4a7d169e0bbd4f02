/* `capisim reproduce` (docs/reproduce.md, capisim/reproduce.h): the
 * situation behind a real `certutil -verify [-urlfetch]` paste, run in the
 * model, compared field by field. reproduce.c reads the paste and the
 * files and runs the model; reproduce_report.c lists what agrees and what
 * differs and names the rule behind each difference. */
#ifndef CAPISIM_API_REPRODUCE_H
#define CAPISIM_API_REPRODUCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Compare the paste's verify observation with the model's (the run's
 * chain + policy folded), both JSON objects, and print one line per field
 * both have, "agree" or "differ", and under each difference the bits that
 * differ and the rules of the model's observations (trace: the run's whole
 * trace as a JSON array) that decided it. Returns how many differ;
 * *agreed gets how many agree. */
unsigned repro_report(FILE *out, json_t *paste, json_t *model, json_t *trace,
                      unsigned *agreed);

#endif
