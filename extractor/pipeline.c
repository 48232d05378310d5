/* The pipeline driver: one file's bytes -> format and encoding -> layout reader -> rules -> checks (ogi_extract
 * and its variants), the sniffing of binary and JSON data and of the text layout, reading a file under the
 * limits, and making and freeing a report (its parts belong to the stages that fill them in). */
#include "pipeline.h"
#include "agency.h"
#include "check.h"
#include "decode.h"
#include "doc.h"
#include "docx.h"
#include "pdf.h"
#include "extract.h"
#include "meta.h"
#include "narrative.h"
#include "html.h"
#include "report.h"
#include "corrections.h"
#include "sha256.h"
#include "text.h"
#include "util.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static ogi_report *S_report_new(const ogi_rules *rules, const char *source) {
  ogi_report *r = og_xcalloc(1, sizeof *r);
  r->rules = rules;
  r->source = og_xstrdup(source ? source : "-");
  r->values = og_xcalloc((size_t)rules->nfields + 1, sizeof *r->values);
  r->format = "unknown";
  r->encoding = "unknown";
  return r;
}

static int S_fail(ogi_report *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int S_fail(ogi_report *r, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  og_buf b;
  og_buf_init(&b);
  og_buf_printf(&b, "%s: %s", r->source, msg);
  free(r->error);
  r->error = og_buf_take(&b);
  r->status = status;
  return status;
}

static int S_starts(const unsigned char *b, size_t len, const char *magic, size_t n) {
  return len >= n && memcmp(b, magic, n) == 0;
}

/* Whether s[0..len) holds needle, in any case; needle starts with '<' (memchr finds the candidates). */
static int S_contains_ci(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = s, *end = s + len; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
    if ((size_t)(end - p) >= n && strncasecmp(p, needle, n) == 0) return 1;
  return 0;
}

/* Sniffs binary formats by their first bytes. Returns a status (OGI_OK when it may be text). */
static int S_sniff_binary(ogi_report *r, const unsigned char *b, size_t len) {
  if (S_starts(b, len, "PK\x03\x04", 4) && !og_is_docx(b, len)) {
    r->format = "zip";
    return S_fail(r, OGI_ERR_BINARY, "a ZIP archive, not a report");
  }
  if (S_starts(b, len, "\xD0\xCF\x11\xE0", 4)) {
    r->format = "doc";
    return S_fail(r, OGI_ERR_UNSUPPORTED, "an old binary Word/Office file (.doc); convert it with LibreOffice (soffice --headless --convert-to html) first");
  }
  static const struct { const char *magic; size_t n; const char *what; } magics[] = {
      {"\x89PNG", 4, "a PNG image"}, {"\xFF\xD8\xFF", 3, "a JPEG image"}, {"GIF8", 4, "a GIF image"},
      {"\x7F" "ELF", 4, "an executable"}, {"\x1F\x8B", 2, "a gzip archive"}, {"Rar!", 4, "a RAR archive"},
      {"7z\xBC\xAF", 4, "a 7z archive"}, {"BM", 2, NULL}, {"RIFF", 4, "a RIFF (media) file"}};
  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
    if (!magics[i].what) continue;
    if (S_starts(b, len, magics[i].magic, magics[i].n)) {
      r->format = "binary";
      return S_fail(r, OGI_ERR_BINARY, "%s, not a report", magics[i].what);
    }
  }
  return OGI_OK;
}

/* Control characters (not tab/newline/CR/form feed) in the decoded text: binary data. */
static int S_looks_binary(const char *t, size_t len) {
  size_t ctl = 0, n = len < 65536 ? len : 65536;
  for (size_t i = 0; i < n;) {
    uint64_t w;
    if (i + 8 <= n) { /* eight bytes at a time: none below 0x20 (the test is exact for the word as a whole) */
      memcpy(&w, t + i, 8);
      if (!((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL)) {
        i += 8;
        continue;
      }
    }
    size_t end = i + 8 <= n ? i + 8 : n;
    for (; i < end; i++) {
      unsigned char c = (unsigned char)t[i];
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ctl++;
    }
  }
  size_t bad = 0;
  for (const char *p = t, *end = t + n; (p = memchr(p, 0xEF, (size_t)(end - p))) != NULL; p++)
    if (end - p >= 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0) bad++;
  return n > 0 && (ctl * 20 > n || bad * 3 * 10 > n);
}

const char *og_detect_format(const char *t, size_t len) {
  size_t n = len < 8192 ? len : 8192;
  size_t i = 0;
  while (i < n && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) i++;
  if (i < n && t[i] == '<' && (S_contains_ci(t, n, "<html") || S_contains_ci(t, n, "<!doctype") ||
                               S_contains_ci(t, n, "<body") || S_contains_ci(t, n, "<table") ||
                               S_contains_ci(t, n, "<p") || S_contains_ci(t, n, "<div") || S_contains_ci(t, n, "<meta")))
    return "html";
  if (S_contains_ci(t, len < 262144 ? len : 262144, "<table") && S_contains_ci(t, len < 262144 ? len : 262144, "<td"))
    return "html";
  for (size_t k = 0; k + 4 < len; k++)
    if ((k == 0 || t[k - 1] == '\n') && t[k] == '|' && strncmp(t + k, "|---", 4) == 0) return "markdown";
  for (size_t k = 0; k + 5 < len; k++)
    if (t[k] == '\n' && strncmp(t + k + 1, "|", 1) == 0) {
      const char *e = memchr(t + k + 1, '\n', len - k - 1);
      if (e && e > t + k + 2 && e[-1] == '|') return "markdown";
    }
  return "text";
}

static int S_all_blank(const ogi_report *r) {
  for (int i = 0; i < r->rules->nfields; i++)
    if (r->values[i].found && !r->values[i].blank) return 0;
  return 1;
}

/* Text that is JSON data (a crawler's record, a note): an object or array, first byte to last. */
static int S_looks_json(const char *t, size_t len) {
  if (!t) return 0;
  size_t i = 0;
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) i++;
  while (len > i && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n' || t[len - 1] == '\r')) len--;
  return len > i + 1 && ((t[i] == '{' && t[len - 1] == '}') || (t[i] == '[' && t[len - 1] == ']'));
}

/* How many of the report's section headings (meta.tsv `section`) the document prints, counting up to 2. */
static int S_count_sections(const ogi_rules *rules, const og_doc *d) {
  if (!rules->nsections) return 0;
  pcre2_match_data *md = pcre2_match_data_create(OG_MATCH_PAIRS, NULL);
  char *seen = og_xcalloc((size_t)rules->nsections, 1);
  int n = 0;
  for (size_t i = 0; i < d->nlines && n < 2; i++) {
    if (!strstr(d->lines[i].text, "、") && !strchr(d->lines[i].text, '.')) continue;
    char *s = og_strip_ws(d->lines[i].text);
    for (int k = 0; k < rules->nsections && n < 2; k++)
      if (!seen[k] && og_re_search(rules->meta_sections[k], md, s, strlen(s))) {
        seen[k] = 1;
        n++;
      }
    free(s);
  }
  free(seen);
  pcre2_match_data_free(md);
  return n;
}

/* Metadata found in a file that is not a report (a note naming a report, a page's menu) is not kept. */
static void S_forget_meta(ogi_report *r) {
  agency_identity_free(&r->identity);
  free(r->agency);
  free(r->published);
  r->agency = r->published = NULL;
  r->year = 0;
  r->tmpl = NULL;
}

/* Compares a value's place with a token's (line, col, table, row, cell). */
static int S_cmp_place(const og_value *a, int al, int ac, int at, int ar, int acell) {
  int k[5] = {a->line - al, a->col - ac, a->table - at, a->row - ar, a->cell - acell};
  for (int i = 0; i < 5; i++)
    if (k[i]) return k[i] < 0 ? -1 : 1;
  return 0;
}

/* Values taken from a cell that printed a note after its number ("22（其中修订16件）"): the tokenizer kept
 * the number (token marked annotated) and the note in raw; each such placed value gets a warning. A value
 * is matched to its token by place (line, column, table, row, cell) and raw text. */
static void S_warn_annotated(ogi_report *r, const og_doc *d) {
  size_t nann = 0;
  for (size_t i = 0; i < d->ntok; i++) nann += d->tok[i].kind == OG_TOK_NUM && d->tok[i].annotated;
  if (!nann) return;
  int nf = r->rules->nfields, nv = 0;
  int *idx = og_xmalloc(sizeof *idx * (size_t)(nf + 1));
  for (int f = 0; f < nf; f++)
    if (r->values[f].present && r->values[f].found && !r->values[f].blank && r->values[f].raw) idx[nv++] = f;
  /* values by place: an insertion sort (a few hundred fields at most) */
  for (int i = 1; i < nv; i++) {
    int x = idx[i], j = i;
    const og_value *vx = &r->values[x];
    while (j > 0 && S_cmp_place(&r->values[idx[j - 1]], vx->line, vx->col, vx->table, vx->row, vx->cell) > 0) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = x;
  }
  for (size_t i = 0; i < d->ntok; i++) {
    const og_token *t = &d->tok[i];
    if (t->kind != OG_TOK_NUM || !t->annotated) continue;
    int lo = 0, hi = nv; /* first value not before the token's place */
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (S_cmp_place(&r->values[idx[mid]], t->line, t->col, t->table, t->row, t->cell) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (int k = lo; k < nv && !S_cmp_place(&r->values[idx[k]], t->line, t->col, t->table, t->row, t->cell); k++) {
      const og_value *v = &r->values[idx[k]];
      if (strcmp(v->raw, t->raw) != 0) continue;
      og_warn(r, "annotated", r->rules->fields[idx[k]].id, v->line, v->col, "printed %s: took the leading number", v->raw);
    }
  }
  free(idx);
}

ogi_limits og_limits_or_default(const ogi_limits *in) {
  ogi_limits l = {0, 0, 0, 0};
  if (in) l = *in;
  if (!l.max_bytes) l.max_bytes = OGI_DEFAULT_MAX_BYTES;
  if (l.max_depth <= 0) l.max_depth = OGI_DEFAULT_MAX_DEPTH;
  if (l.max_cells <= 0) l.max_cells = OGI_DEFAULT_MAX_CELLS;
  if (l.max_seconds <= 0) l.max_seconds = OGI_DEFAULT_MAX_SECONDS;
  return l;
}

/* Tokens (words, numbers, blank cells) and lines kept per document: twice the cell limit. A real report has
 * about a thousand; each costs about 100 bytes, so the default (400000) holds the document model to ~40 MB. */
size_t og_max_tokens(const ogi_limits *l) { return (size_t)l->max_cells * 2; }

int ogi_extract(const ogi_rules *rules, const char *source, const unsigned char *bytes, size_t len, ogi_report **out) {
  return ogi_extract_limited(rules, NULL, source, bytes, len, out);
}

int ogi_extract_limited(const ogi_rules *rules, const ogi_limits *limits_in, const char *source,
                        const unsigned char *bytes, size_t len, ogi_report **out) {
  return ogi_extract_corrected(rules, limits_in, NULL, source, bytes, len, out);
}

int ogi_extract_corrected(const ogi_rules *rules, const ogi_limits *limits_in, const ogi_corrections *corrections,
                          const char *source, const unsigned char *bytes, size_t len, ogi_report **out) {
  return og_extract_hashed(rules, limits_in, corrections, source, bytes, len, NULL, out);
}

int og_extract_hashed(const ogi_rules *rules, const ogi_limits *limits_in, const ogi_corrections *corrections,
                      const char *source, const unsigned char *bytes, size_t len, const char *sha256,
                      ogi_report **out) {
  ogi_limits limits = og_limits_or_default(limits_in);
  ogi_report *r = S_report_new(rules, source);
  r->deadline = og_now() + limits.max_seconds;
  if (out) *out = r;
  r->bytes = len;
  if (sha256) memcpy(r->sha256, sha256, sizeof r->sha256);
  else og_sha256_hex(bytes, len, r->sha256);
  int rc = OGI_OK;
  if (len == 0) rc = S_fail(r, OGI_ERR_EMPTY, "empty file");
  else if (len > limits.max_bytes)
    rc = S_fail(r, OGI_ERR_TOO_LARGE, "larger than the limit of %zu bytes (see --max-bytes)", limits.max_bytes);
  if (rc == OGI_OK) rc = S_sniff_binary(r, bytes, len);
  og_decoded dec;
  memset(&dec, 0, sizeof dec);
  int is_pdf = rc == OGI_OK && S_starts(bytes, len, "%PDF-", 5), is_docx = rc == OGI_OK && og_is_docx(bytes, len);
  if (is_pdf) {
    /* the PDF's laid-out text layer, read like any pdftotext -layout text */
    r->format = "pdf";
    char err[512];
    int prc = og_pdf_to_text(bytes, len, r->deadline - og_now(), &dec.text, &dec.len, err, sizeof err);
    if (prc != OGI_OK) rc = S_fail(r, prc, "%s", err);
    dec.encoding = "UTF-8";
  } else if (is_docx) {
    r->format = "docx";
    r->encoding = "UTF-8"; /* word/document.xml */
  } else if (rc == OGI_OK && og_decode(bytes, len, &dec) != 0) {
    rc = S_fail(r, OGI_ERR_BINARY, "cannot decode the text");
  }
  if (rc == OGI_OK && !is_docx) {
    r->encoding = dec.encoding;
    r->text = dec.text;
    r->textlen = dec.len;
    if (S_looks_binary(dec.text, dec.len)) {
      r->format = "binary";
      rc = S_fail(r, OGI_ERR_BINARY, "binary data, not a text report");
    }
  }
  if (rc == OGI_OK) {
    og_doc d;
    og_doc_init(&d);
    d.max_depth = limits.max_depth;
    d.max_cells = limits.max_cells;
    d.max_tokens = og_max_tokens(&limits);
    d.deadline = r->deadline;
    d.words = &rules->words;
    if (is_docx) {
      char err[512];
      int drc = og_read_docx(&d, bytes, len, err, sizeof err);
      if (drc != OGI_OK) rc = S_fail(r, drc, "%s", err);
    } else {
      if (!is_pdf) r->format = og_detect_format(r->text, r->textlen);
      if (strcmp(r->format, "html") == 0) {
        if (og_read_html(&d, r->text, r->textlen) != 0) rc = S_fail(r, OGI_ERR_BINARY, "cannot parse the HTML");
      } else {
        og_read_text(&d, r->text, r->textlen);
      }
    }
    if (rc == OGI_OK && d.truncated == 1)
      og_warn(r, "cells_limit", NULL, 0, 0, "more than %ld table cells: the rest of the document was not read (see --max-cells)",
             limits.max_cells);
    else if (rc == OGI_OK && d.truncated)
      og_warn(r, "cells_limit", NULL, 0, 0,
             "more than %zu words, numbers or lines: the rest of the document was not read (2 x --max-cells)",
             d.max_tokens);
    if (rc == OGI_OK && !d.timed_out) {
      og_extract_meta(r, &d);
      r->identity = agency_identify(rules->agency, r->agency, &d);
      int placed = og_extract_fields(r, &d);
      if (placed > 0) og_corrections_apply(r, corrections); /* before the checks and the text's figures */
      if (placed > 0) S_warn_annotated(r, &d);
      if (placed > 0) narrative_check(r, &d);
      int nf = 0, nfound = 0;
      ogi_report_counts(r, &nf, &nfound);
      if (r->timed_out || d.timed_out) {
        rc = S_fail(r, OGI_ERR_TIMEOUT, "given up after %g s (see --max-seconds)", limits.max_seconds);
      } else if (placed > 0 && nfound * 2 < nf && S_looks_json(r->text, r->textlen)) {
        /* JSON data that quotes a few labels and numbers (a note, a truth file, a crawler's metadata): a
         * crawler's record holding a whole report gives most of its values and is read as the report */
        for (int i = 0; i < rules->nfields; i++) r->values[i].present = 0;
        r->format = "json";
        S_forget_meta(r);
        rc = S_fail(r, OGI_ERR_NO_TABLES, "JSON data, not a report (it quotes %d of the %d values)", nfound, nf);
      } else if (placed > 0 && S_all_blank(r)) {
        og_warn(r, "all_blank", NULL, 0, 0, "every value cell is blank (read as 0): an empty form, not a filled-in report?");
      } else if (placed == 0) {
        /* no tables: a report (a title with its year, and the report's section headings), or not one */
        for (int i = 0; i < rules->nfields; i++) r->values[i].present = 0;
        int json = S_looks_json(r->text, r->textlen), sections = json ? 0 : S_count_sections(rules, &d);
        if (json) {
          r->format = "json";
          S_forget_meta(r);
          rc = S_fail(r, OGI_ERR_NO_TABLES, "JSON data, not a report (no statistics tables)");
        } else if (r->year > 0 && r->year < rules->meta_words.template_year && sections >= 1) {
          r->tmpl = "legacy";
          og_warn(r, "legacy", NULL, 0, 0,
                 "a report on %d: before the %d national template, tables are free-form; no values extracted", r->year,
                 rules->meta_words.template_year);
        } else if (r->year >= rules->meta_words.template_year && sections >= 2) {
          r->without_tables = 1;
          rc = S_fail(r, OGI_ERR_NO_TABLES,
                      "a report (%s, %d) that prints no statistics tables (表二/表三/表四 written as prose or left out): "
                      "no values extracted",
                      r->agency ? r->agency : "agency unknown", r->year);
        } else {
          S_forget_meta(r);
          rc = S_fail(r, OGI_ERR_NO_TABLES,
                      "no statistics tables found (表二/表三/表四 not recognized; a page without the report, or tables as images)");
        }
      }
    }
    if (rc == OGI_OK && d.timed_out)
      rc = S_fail(r, OGI_ERR_TIMEOUT, "given up after %g s (see --max-seconds)", limits.max_seconds);
    og_doc_free(&d);
  }
  if (rc == OGI_OK) {
    og_run_checks(r);
  }
  if (dec.replaced && rc == OGI_OK)
    og_warn(r, "invalid_bytes", NULL, 0, 0, "%zu invalid byte sequences replaced by U+FFFD while decoding as %s",
           dec.replaced, dec.encoding);
  r->status = rc;
  return rc;
}

int og_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len, char *err, size_t errlen) {
  *data = NULL;
  *len = 0;
  if (!max_bytes) max_bytes = OGI_DEFAULT_MAX_BYTES;
  int is_stdin = strcmp(path, "-") == 0;
  /* O_NONBLOCK: opening a FIFO (or a file swapped for one) must not wait for a writer; O_NOCTTY: a terminal
   * device never becomes ours; O_CLOEXEC: a pdftotext started by another thread does not inherit it */
  int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "cannot open: %s", strerror(errno));
    return OGI_ERR_IO;
  }
  struct stat st;
  if (!is_stdin) {
    if (fstat(fd, &st) != 0) {
      snprintf(err, errlen, "cannot open: %s", strerror(errno));
      close(fd);
      return OGI_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
      close(fd);
      snprintf(err, errlen, "is a directory");
      return OGI_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
      /* a FIFO, socket or device would block or never end: only regular files are read ("-" for stdin) */
      close(fd);
      snprintf(err, errlen, "not a regular file (%s): give a file, or '-' to read standard input",
               S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "a socket");
      return OGI_ERR_IO;
    }
    if ((size_t)st.st_size > max_bytes) {
      close(fd);
      snprintf(err, errlen, "larger than the limit of %zu bytes (see --max-bytes)", max_bytes);
      return OGI_ERR_TOO_LARGE;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  og_buf b;
  og_buf_init(&b);
  char chunk[65536];
  int too_large = 0, read_error = 0;
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { read_error = errno ? errno : EIO; break; }
    if (n == 0) break;
    if (b.len + (size_t)n > max_bytes) { too_large = 1; break; }
    og_buf_put(&b, chunk, (size_t)n);
  }
  if (!is_stdin) close(fd);
  if (too_large || read_error) {
    og_buf_free(&b);
    if (too_large) snprintf(err, errlen, "larger than the limit of %zu bytes (see --max-bytes)", max_bytes);
    else snprintf(err, errlen, "read error: %s", strerror(read_error));
    return too_large ? OGI_ERR_TOO_LARGE : OGI_ERR_IO;
  }
  *len = b.len;
  *data = (unsigned char *)og_buf_take(&b);
  return OGI_OK;
}

ogi_report *og_report_error(const ogi_rules *rules, const char *path, int status, const char *msg) {
  ogi_report *r = S_report_new(rules, path);
  S_fail(r, status, "%s", msg);
  return r;
}

int ogi_extract_file(const ogi_rules *rules, const ogi_limits *limits_in, const char *path, ogi_report **out) {
  ogi_limits limits = og_limits_or_default(limits_in);
  unsigned char *data;
  size_t len;
  char err[512];
  int rc = og_read_file(path, limits.max_bytes, &data, &len, err, sizeof err);
  ogi_report *r = NULL;
  if (rc != OGI_OK) r = og_report_error(rules, path, rc, err);
  else rc = ogi_extract_limited(rules, &limits, path, data, len, &r);
  free(data);
  if (out) *out = r;
  else ogi_report_free(&r);
  return rc;
}

void ogi_report_free(ogi_report **report) {
  if (!report || !*report) return;
  ogi_report *r = *report;
  agency_identity_free(&r->identity);
  narrative_items_free(r);
  for (int i = 0; r->values && i < r->rules->nfields; i++) {
    free(r->values[i].raw);
    free(r->values[i].label);
    free(r->values[i].correction);
  }
  free(r->values);
  for (int i = 0; i < r->nresults; i++) {
    free(r->results[i].rule);
    free(r->results[i].subject);
    for (int k = 0; k < r->results[i].nfields; k++) free(r->results[i].fields[k]);
    free(r->results[i].fields);
  }
  free(r->results);
  for (int i = 0; i < r->nwarnings; i++) {
    free(r->warnings[i].code);
    free(r->warnings[i].field);
    free(r->warnings[i].message);
  }
  free(r->warnings);
  free(r->error);
  free(r->source);
  free(r->agency);
  free(r->published);
  free(r->text);
  free(r);
  *report = NULL;
}

int ogi_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len, char *err, size_t errlen) {
  return og_read_file(path, max_bytes, data, len, err, errlen);
}
