/* libFuzzer targets. Built once per target with OGI_FUZZ_TARGET set:
 *   1 decode   bytes -> UTF-8 -> normalized lines
 *   2 html     the HTML layout reader
 *   3 text     the plain-text layout reader
 *   4 extract  the whole extraction of one report, and its JSON, CSV and diagnostics
 *   5 docx     the bytes are word/document.xml, zipped here (libzip) into a .docx, then extracted
 *   6 whole    the whole path: a leading config byte picks limits (bit 0: small cell/depth limits, sized by
 *              bits 4-7), the JSON style (bit 1), whether the layout dump runs too (bit 2) and whether a PDF is
 *              read (bit 3: pdftotext is a process per execution, ~10x the cost of a text report, so the
 *              fuzzer reaches it only through that bit); then bytes -> extraction -> JSON, CSV (header and
 *              row), diagnostics
 *   7 rules    a rule file loaded from fuzzed bytes: the first byte picks which patterns/ .tsv file, the rest
 *              replaces it in a private copy of the pattern folder; when it loads, a small report is extracted
 * Without libFuzzer, replay_main.c runs the same function over files (regression inputs, seeds). */
#include "decode.h"
#include "doc.h"
#include "html.h"
#include "normalize.h"
#include "ogi.h"
#include "rules.h"
#include "text.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if OGI_FUZZ_TARGET == 5
#include <zip.h>
#endif
#if OGI_FUZZ_TARGET == 7
#include <unistd.h>
#endif

#ifndef OGI_FUZZ_TARGET
#define OGI_FUZZ_TARGET 4
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if OGI_FUZZ_TARGET == 1
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  og_decoded d;
  if (og_decode(data, size, &d) != 0) return 0;
  size_t i = 0;
  while (i < d.len) {
    const char *nl = memchr(d.text + i, '\n', d.len - i);
    size_t e = nl ? (size_t)(nl - d.text) : d.len;
    char *n = og_normalize(d.text + i, e - i);
    free(n);
    i = e + 1;
  }
  og_decoded_free(&d);
  return 0;
}
#elif OGI_FUZZ_TARGET == 2 || OGI_FUZZ_TARGET == 3
static ogi_rules *rules; /* for the tokenizer's words (patterns/words.tsv) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    char err[512];
    if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  }
  og_decoded dec;
  if (og_decode(data, size, &dec) != 0) return 0;
  og_doc d;
  og_doc_init(&d);
  d.max_depth = 256;
  d.max_cells = 200000;
  d.words = &rules->words;
#if OGI_FUZZ_TARGET == 2
  og_read_html(&d, dec.text, dec.len);
#else
  og_read_text(&d, dec.text, dec.len);
#endif
  og_doc_free(&d);
  og_decoded_free(&dec);
  return 0;
}
#elif OGI_FUZZ_TARGET == 5
static ogi_rules *rules;
/* A .docx holding data as word/document.xml (stored, not deflated: the fuzzer's time goes to the reader). */
static unsigned char *S_zip_docx(const uint8_t *data, size_t size, size_t *outlen) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  unsigned char *out = NULL;
  *outlen = 0;
  if (!src) return NULL;
  zip_source_keep(src);
  zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (z) {
    static const char types[] = "<Types/>";
    zip_source_t *ct = zip_source_buffer(z, types, sizeof types - 1, 0);
    if (ct && zip_file_add(z, "[Content_Types].xml", ct, 0) < 0) zip_source_free(ct);
    zip_source_t *part = zip_source_buffer(z, data, size, 0);
    zip_int64_t idx = part ? zip_file_add(z, "word/document.xml", part, 0) : -1;
    if (part && idx < 0) zip_source_free(part);
    if (idx >= 0) zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    if (zip_close(z) != 0) zip_discard(z);
  }
  zip_stat_t st;
  if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
    out = malloc(st.size ? st.size : 1);
    zip_int64_t n = out ? zip_source_read(src, out, st.size) : -1;
    zip_source_close(src);
    if (n < 0) { free(out); out = NULL; }
    else *outlen = (size_t)n;
  }
  zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    char err[512];
    if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  }
  size_t n;
  unsigned char *docx = S_zip_docx(data, size, &n);
  if (!docx) return 0;
  ogi_report *r = NULL;
  ogi_limits limits = {0, 0, 0, 5.0};
  ogi_extract_limited(rules, &limits, "fuzz.docx", docx, n, &r);
  char *s = ogi_render_json(r, 0);
  ogi_free(s);
  ogi_report_free(&r);
  free(docx);
  return 0;
}
#elif OGI_FUZZ_TARGET == 6
static ogi_rules *rules;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rules) {
    char err[512];
    if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  }
  if (size == 0) return 0;
  unsigned config = data[0];
  data++, size--;
  if (!(config & 8) && size >= 5 && memcmp(data, "%PDF-", 5) == 0) return 0;
  ogi_limits limits = {0, 0, 0, 5.0};
  if (config & 1) { /* small limits: the truncation paths */
    limits.max_cells = 1 + (config >> 4) * 8;
    limits.max_depth = 1 + (config >> 4);
  }
  ogi_report *r = NULL;
  ogi_extract_limited(rules, &limits, "fuzz", data, size, &r);
  char *s = ogi_render_json(r, (config & 2) != 0);
  ogi_free(s);
  s = ogi_render_csv_header(rules);
  ogi_free(s);
  s = ogi_render_csv_row(r);
  ogi_free(s);
  s = ogi_render_diagnostics(r);
  ogi_free(s);
  ogi_report_free(&r);
  if (config & 4) {
    s = ogi_dump_layout(data, size);
    ogi_free(s);
  }
  return 0;
}
#elif OGI_FUZZ_TARGET == 7
/* The rule files, in a private copy of the pattern folder made on the first call. */
static const char *const S_files[] = {"checks.tsv", "columns.tsv", "fields.tsv", "meta.tsv",
                                      "regions.tsv", "rows.tsv", "templates.tsv", "words.tsv"};
enum { S_NFILES = sizeof S_files / sizeof S_files[0] };
static char S_dir[64];
static char *S_orig[S_NFILES];
static size_t S_origlen[S_NFILES];
static int S_write(const char *name, const void *p, size_t n) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", S_dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = n ? fwrite(p, 1, n, f) : 0;
  return fclose(f) == 0 && w == n ? 0 : -1;
}
static void S_cleanup(void) {
  for (int i = 0; i < S_NFILES; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", S_dir, S_files[i]);
    unlink(path);
    free(S_orig[i]);
  }
  rmdir(S_dir);
}
static void S_setup(void) {
  ogi_rules *rules = NULL;
  char err[512];
  if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) abort();
  const char *tmp = getenv("TMPDIR");
  snprintf(S_dir, sizeof S_dir, "%s/ogi-fuzz-rules-XXXXXX", tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
  if (!mkdtemp(S_dir)) abort();
  for (int i = 0; i < S_NFILES; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ogi_rules_dir(rules), S_files[i]);
    FILE *f = fopen(path, "rb");
    if (!f) abort();
    size_t cap = 1 << 16, len = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + len, 1, cap - len, f)) > 0)
      if ((len += k) == cap) buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf) abort();
    S_orig[i] = buf;
    S_origlen[i] = len;
    if (S_write(S_files[i], buf, len) != 0) abort();
  }
  ogi_rules_free(&rules);
  atexit(S_cleanup);
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!S_dir[0]) S_setup();
  if (size == 0) return 0;
  int k = data[0] % S_NFILES;
  if (S_write(S_files[k], data + 1, size - 1) != 0) abort();
  ogi_rules *rules = NULL;
  char err[512];
  if (ogi_rules_load(S_dir, &rules, err, sizeof err) == OGI_OK) {
    static const char report[] = "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
                                 "（一）予以公开\t1\t2\t3\t4\t5\t6\t21\n四、政府信息公开行政复议、行政诉讼情况\n"
                                 "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    ogi_report *r = NULL;
    ogi_extract(rules, "fuzz", (const unsigned char *)report, sizeof report - 1, &r);
    char *s = ogi_render_json(r, 0);
    ogi_free(s);
    ogi_report_free(&r);
    s = ogi_render_fields(rules);
    ogi_free(s);
  } else if (!strchr(err, ':')) {
    abort(); /* a load error names the file and line */
  }
  ogi_rules_free(&rules);
  if (S_write(S_files[k], S_orig[k], S_origlen[k]) != 0) abort();
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
