/* Runs a fuzz target over files, for builds without libFuzzer: every corpus
 * and crash reproducer becomes a regression test in the normal suite. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		size_t cap = 1 << 16, len = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
			len += got;
			if (len == cap) {
				uint8_t *nb = realloc(buf, cap * 2);
				if (!nb)
					break;
				buf = nb;
				cap *= 2;
			}
		}
		fclose(f);
		if (!buf)
			return 3;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	printf("ran %d inputs\n", argc - 1);
	return 0;
}
