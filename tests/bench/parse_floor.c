/* The floor for the extraction benchmark: read each file and parse it with libxml2's HTML parser, nothing
 * else. `ogi extract` time divided by this is the overhead of everything ogi does beyond parsing. */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  xmlInitParser();
  char path[4096];
  long n = 0;
  FILE *list = argc > 1 ? fopen(argv[1], "r") : stdin;
  if (!list) return 2;
  while (fgets(path, sizeof path, list)) {
    path[strcspn(path, "\n")] = 0;
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len) {
      htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
      if (doc) xmlFreeDoc(doc);
      n++;
    }
    free(buf);
    fclose(f);
  }
  if (list != stdin) fclose(list);
  printf("%ld\n", n);
  return 0;
}
