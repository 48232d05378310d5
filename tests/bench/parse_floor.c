/* The floors of the extraction benchmark (tests/bench/run.sh): read each file of a list and parse it with
 * libxml2's HTML parser, nothing else, then print the files parsed and the CPU seconds (user + system) spent.
 *   dom: htmlReadMemory, the whole tree built and freed (what a program that "just parses the page" pays);
 *   sax: the memory parser context with SAX callbacks that do nothing, set up as extractor/html.c sets up its own
 *        (the same options, the text taken as UTF-8): the part of ogi's HTML reading that libxml2 does;
 *   push: the same with libxml2's push parser, the file given as one chunk (for comparison with sax).
 * `ogi extract` CPU time divided by these is the cost of everything ogi does beyond the parse.
 * usage: parse_floor dom|sax|push LIST   (LIST: one path a line) */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void S_start(void *ctx, const xmlChar *name, const xmlChar **atts) { (void)ctx, (void)name, (void)atts; }
static void S_end(void *ctx, const xmlChar *name) { (void)ctx, (void)name; }
static void S_text(void *ctx, const xmlChar *s, int n) { (void)ctx, (void)s, (void)n; }

static void S_sax(const char *buf, int len, int push) {
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = S_start;
  sax.endElement = S_end;
  sax.characters = S_text;
  sax.cdataBlock = S_text;
  if (push) { /* the push parser, the whole buffer in one chunk */
    htmlParserCtxtPtr p = htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
    if (!p) return;
    htmlCtxtUseOptions(p, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                              HTML_PARSE_IGNORE_ENC);
    htmlParseChunk(p, buf, len, 1);
    htmlFreeParserCtxt(p);
    return;
  }
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buf, len);
  if (!ctxt) return;
  xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
  if (utf8) xmlSwitchToEncoding(ctxt, utf8);
  memcpy(ctxt->sax, &sax, sizeof sax);
  ctxt->userData = NULL;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                               HTML_PARSE_IGNORE_ENC);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
}

static double S_cpu(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec +
         (double)u.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "dom") && strcmp(argv[1], "sax") && strcmp(argv[1], "push"))) {
    fprintf(stderr, "usage: parse_floor dom|sax|push LIST\n");
    return 2;
  }
  int dom = !strcmp(argv[1], "dom");
  xmlInitParser();
  double t0 = S_cpu();
  char path[4096];
  long n = 0;
  FILE *list = fopen(argv[2], "r");
  if (!list) {
    fprintf(stderr, "parse_floor: %s: cannot open\n", argv[2]);
    return 2;
  }
  while (fgets(path, sizeof path, list)) {
    path[strcspn(path, "\n")] = 0;
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = len >= 0 && len < 0x7fffffff ? malloc((size_t)len + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len) {
      if (dom) {
        htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
        if (doc) xmlFreeDoc(doc);
      } else {
        S_sax(buf, (int)len, !strcmp(argv[1], "push"));
      }
      n++;
    }
    free(buf);
    fclose(f);
  }
  fclose(list);
  printf("%ld %.3f\n", n, S_cpu() - t0);
  return 0;
}
