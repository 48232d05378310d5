/* og_html_thin (extractor/html.c) leaves out the attributes ogi does not read before libxml2 parses a page.
 * This test parses each page twice, as it is and thinned, with the memory parser set up as html.c sets it up,
 * and requires the same events: every element start and end, rowspan and colspan, every text chunk, and the
 * parser's line at each <tr>/<td>/<th> and at each text that is not blank (what html.c reads). Pages: the files
 * and folders given (decoded to UTF-8 as ogi decodes them), each also cut off at 24 places and at each cut
 * followed by a piece of unfinished markup, and hand-written pages with the constructs the scan must follow.
 * usage: html_thin FILE|DIR... */
#include "decode.h"
#include "html.h"
#include "util.h"
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static htmlParserCtxtPtr S_ctxt;
static og_buf S_ev;
static int S_line(void) { return S_ctxt && S_ctxt->input ? S_ctxt->input->line : 0; }

static void S_start(void *u, const xmlChar *n, const xmlChar **a) {
  (void)u;
  const char *name = (const char *)n;
  int cell = !strcmp(name, "tr") || !strcmp(name, "td") || !strcmp(name, "th");
  og_buf_printf(&S_ev, "<%s %d", name, cell ? S_line() : 0);
  for (int i = 0; a && a[i]; i += 2)
    if (!strcmp((const char *)a[i], "rowspan") || !strcmp((const char *)a[i], "colspan"))
      og_buf_printf(&S_ev, " %s=%s", a[i], a[i + 1] ? (const char *)a[i + 1] : "");
  og_buf_putc(&S_ev, '\n');
}
static void S_end(void *u, const xmlChar *n) {
  (void)u;
  og_buf_printf(&S_ev, "</%s\n", n);
}
static void S_text(void *u, const xmlChar *s, int n) {
  (void)u;
  int nonspace = 0;
  for (int i = 0; i < n; i++) nonspace |= s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
  og_buf_printf(&S_ev, "T%d ", nonspace ? S_line() : 0);
  og_buf_put(&S_ev, (const char *)s, (size_t)n);
  og_buf_putc(&S_ev, '\n');
}

/* The event list of a page (caller frees). */
static char *S_events(const char *text, size_t len) {
  og_buf_init(&S_ev);
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = S_start;
  sax.endElement = S_end;
  sax.characters = S_text;
  sax.cdataBlock = S_text;
  S_ctxt = og_html_parser(text, len, &sax, NULL);
  if (S_ctxt) {
    htmlParseDocument(S_ctxt);
    htmlFreeParserCtxt(S_ctxt);
    S_ctxt = NULL;
  }
  og_buf_putc(&S_ev, 0);
  return S_ev.data;
}

static long S_pages, S_thinned, S_failed;
static size_t S_bytes_in, S_bytes_out;

static void S_check(const char *name, const char *text, size_t len) {
  size_t tl = 0;
  char *thin = og_html_thin(text, len, &tl);
  S_pages++;
  S_bytes_in += len;
  S_bytes_out += thin ? tl : len;
  if (!thin) return;
  S_thinned++;
  char *a = S_events(text, len), *b = S_events(thin, tl);
  if (strcmp(a, b) != 0) {
    size_t k = 0;
    while (a[k] && a[k] == b[k]) k++;
    size_t from = k > 80 ? k - 80 : 0;
    fprintf(stderr, "FAIL %s: the thinned page gives other events, from\n  as it is: %.160s\n  thinned:  %.160s\n", name,
            a + from, b + from);
    S_failed++;
  }
  free(a);
  free(b);
  free(thin);
}

/* The page, cut off at 24 places (at character boundaries), each also followed by unfinished markup. */
static void S_check_cuts(const char *name, const char *text, size_t len) {
  static const char *const tails[] = {"",       "<",         "</",      "<p",        "<!",           "<!--",
                                      "&am",    "<td rowspan=\"", "<?x",  "<script>x", "<style>",      "\n\nab \n",
                                      "<a b='", "<br/",      "<!DOCTYPE x \"", "</td", "<!-->", "<p title=\"-->\">"};
  og_buf b;
  og_buf_init(&b);
  unsigned long seed = 2166136261u;
  for (int c = 0; c < 24 && len > 1; c++) {
    seed = seed * 1103515245u + 12345u;
    size_t at = (size_t)(seed >> 8) % len;
    while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80) at--;
    for (size_t k = 0; k < sizeof tails / sizeof *tails; k++) {
      b.len = 0;
      og_buf_put(&b, text, at);
      og_buf_puts(&b, tails[k]);
      og_buf_putc(&b, 0);
      char what[600];
      snprintf(what, sizeof what, "%.500s cut at %zu + \"%s\"", name, at, tails[k]);
      S_check(what, b.data, b.len - 1);
    }
  }
  og_buf_free(&b);
}

static void S_file(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
      size_t n = strlen(e->d_name);
      if (n > 5 && !strcmp(e->d_name + n - 5, ".html")) {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        S_file(sub);
      }
    }
    if (d) closedir(d);
    return;
  }
  FILE *f = fopen(path, "rb");
  if (!f) return;
  og_buf raw;
  og_buf_init(&raw);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) og_buf_put(&raw, chunk, n);
  fclose(f);
  og_decoded dec;
  if (og_decode((const unsigned char *)(raw.data ? raw.data : ""), raw.len, &dec) == 0) {
    S_check(path, dec.text, dec.len);
    S_check_cuts(path, dec.text, dec.len);
    og_decoded_free(&dec);
  }
  og_buf_free(&raw);
}

int main(int argc, char **argv) {
  static const char *const pages[] = {
      "<html><head><style>p{x:1}</style><script>var s = '<td style=\"a\">'; </script></head><body>"
      "<table style=\"w\"><tr class=\"r\"><td rowspan=\"2\" style=\"x\ny\">一</td><td colspan='3' class=a>2</td></tr></table>",
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p title=\"a>b\" style=\"c\">x</p>",
      "<!--[if gte mso 9]><xml><o:p style=\"x\"></o:p></xml><![endif]--><p class=\"MsoNormal\" style=\"m\">3</p>",
      "<?xml:namespace prefix = \"o\" ns = \"urn:x\" /><p style=\"a\"><o:p></o:p>4</p>",
      "<p style=\"a\">1</ p style=\"b\">2<p style=\"c\">3",
      "<p style=\"a\">1<!-- x --!> <p style=\"b\">2 -->3<p style=\"c\">",
      "<SCRIPT type=\"t\">if (a<b) x = \"</p>\";</Script><p style=\"q\">5</p><script/><p style=\"r\">6</p>",
      "<p a=\"1\" b c = '2' d=3 / e=\"4\">7</p><p<b style=\"x\">8</b>1 < 2 <3 style=\"z\">",
      "<td style=\"a\">x</td><td style=\"&quot;b&#34;\">y</td><p style=\"unterminated>z</p>",
  };
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    char name[32];
    snprintf(name, sizeof name, "page %zu", i + 1);
    S_check(name, pages[i], strlen(pages[i]));
    S_check_cuts(name, pages[i], strlen(pages[i]));
  }
  for (int i = 1; i < argc; i++) S_file(argv[i]);
  printf("%ld pages, %ld thinned (%zu bytes to %zu), %ld with other events\n", S_pages, S_thinned, S_bytes_in,
         S_bytes_out, S_failed);
  if (S_thinned * 2 < S_pages || S_bytes_out >= S_bytes_in) {
    fprintf(stderr, "FAIL: too little thinned\n");
    return 1;
  }
  return S_failed ? 1 : 0;
}
