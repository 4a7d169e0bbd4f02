/* Borrowed byte strings. Content (DER objects, CAB files, served bodies) is
 * owned by the engine's object pool, which outlives every machine that
 * points at it; model/ only stores and compares the pointers. */
#ifndef CAPISIM_MODEL_BYTES_H
#define CAPISIM_MODEL_BYTES_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const uint8_t *data;
	size_t len;
} cs_bytes;

#endif
