/* Runs a fuzz target over files without libFuzzer: regression inputs and seeds, in the normal test suite.
 * Prints "N passed, 0 failed" (a crash or sanitizer error stops the run with its report). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { fprintf(stderr, "%s: cannot open\n", argv[i]); return 2; }
    size_t cap = 1 << 16, len = 0, k;
    uint8_t *buf = malloc(cap);
    while (buf && (k = fread(buf + len, 1, cap - len, f)) > 0) {
      len += k;
      if (len == cap) {
        uint8_t *nb = realloc(buf, cap *= 2);
        if (!nb) break;
        buf = nb;
      }
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    n++;
  }
  printf("%d passed, 0 failed\n", n);
  return 0;
}
