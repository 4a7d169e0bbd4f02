/* Fuzz target: `capisim fixtures show`, i.e. detection and parsing of a
 * certificate, CRL, OCSP response, signed CTL (STL) or CAB by OpenSSL and
 * libgcab, and the certutil-like view of each (render/pki_dump*.c).
 *
 * The renderer reads a path, so each input goes into one memory file
 * (memfd) read back through /proc/self/fd. Properties checked beyond "no
 * crash": an input either renders to some text with no diagnostic, or fails
 * with a diagnostic naming the file and printing nothing (the renderer's
 * "nothing printed on failure" contract). */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "render/pki_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		memfd = memfd_create("fuzz-render", 0);
		if (memfd < 0)
			abort();
		snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d",
		         memfd);
	}
	if (ftruncate(memfd, 0) != 0 ||
	    (size && pwrite(memfd, data, size, 0) != (ssize_t)size))
		abort();

	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	if (!out)
		abort();
	cs_diag d;
	memset(&d, 0, sizeof d);
	int rc = cs_render_file(out, memfd_path, &d);
	fclose(out);
	if (rc == 0 && (text_len == 0 || d.msg[0]))
		abort(); /* success must print a view */
	if (rc != 0 &&
	    (text_len != 0 || !d.msg[0] || strcmp(d.file, memfd_path) != 0))
		abort(); /* failure: a message about this file, no output */
	free(text);
	return 0;
}
