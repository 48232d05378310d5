/* libFuzzer targets. Built once per target with OGI_FUZZ_TARGET set:
 *   1 decode   bytes -> UTF-8 -> normalized lines
 *   2 html     the HTML layout reader
 *   3 text     the plain-text layout reader
 *   4 extract  the whole extraction of one report, and its JSON, CSV and diagnostics
 * Without libFuzzer, replay_main.c runs the same function over files (regression inputs, seeds). */
#include "decode.h"
#include "doc.h"
#include "html.h"
#include "normalize.h"
#include "ogi.h"
#include "rules.h"
#include "text.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef OGI_FUZZ_TARGET
#define OGI_FUZZ_TARGET 4
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if OGI_FUZZ_TARGET == 1
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  S_decoded d;
  if (S_decode(data, size, &d) != 0) return 0;
  size_t i = 0;
  while (i < d.len) {
    const char *nl = memchr(d.text + i, '\n', d.len - i);
    size_t e = nl ? (size_t)(nl - d.text) : d.len;
    char *n = S_normalize(d.text + i, e - i);
    free(n);
    i = e + 1;
  }
  S_decoded_free(&d);
  return 0;
}
#elif OGI_FUZZ_TARGET == 2 || OGI_FUZZ_TARGET == 3
static ogi_rules *rules; /* for the tokenizer's words (patterns/words.tsv) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    char err[512];
    if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  }
  S_decoded dec;
  if (S_decode(data, size, &dec) != 0) return 0;
  S_doc d;
  S_doc_init(&d);
  d.max_depth = 256;
  d.max_cells = 200000;
  d.words = &rules->words;
#if OGI_FUZZ_TARGET == 2
  S_read_html(&d, dec.text, dec.len);
#else
  S_read_text(&d, dec.text, dec.len);
#endif
  S_doc_free(&d);
  S_decoded_free(&dec);
  return 0;
}
#else
static ogi_rules *rules;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    char err[512];
    if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  }
  ogi_report *r = NULL;
  ogi_limits limits = {0, 0, 0, 5.0};
  ogi_extract_limited(rules, &limits, "fuzz", data, size, &r);
  char *s = ogi_render_json(r, 1);
  ogi_free(s);
  s = ogi_render_csv_row(r);
  ogi_free(s);
  s = ogi_render_diagnostics(r);
  ogi_free(s);
  ogi_report_free(&r);
  return 0;
}
#endif
