/* Stage 8: the writers. JSON (one object per report; strings always valid UTF-8), CSV (one row per report, one
 * column per field id; --excel guards formula-like text), the Frictionless datapackage.json beside a CSV
 * export, and compiler-style diagnostics. All of them read the finished report only. */
#include "writer.h"
#include "dictionary.h"
#include "format.h"
#include <errno.h>
#include "agency.h"
#include "indicators.h"
#include "narrative.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  og_buf *b;
  int pretty, depth;
  int first[16];
} S_json;

static void S_nl(S_json *j) {
  if (!j->pretty) return;
  og_buf_putc(j->b, '\n');
  for (int i = 0; i < j->depth; i++) og_buf_puts(j->b, "  ");
}
static void S_open(S_json *j, char c) {
  og_buf_putc(j->b, c);
  j->depth++;
  j->first[j->depth] = 1;
}
static void S_close(S_json *j, char c) {
  int empty = j->first[j->depth];
  j->depth--;
  if (!empty) S_nl(j);
  og_buf_putc(j->b, c);
}
static void S_key(S_json *j, const char *k) {
  if (!j->first[j->depth]) og_buf_putc(j->b, ',');
  j->first[j->depth] = 0;
  S_nl(j);
  if (k) {
    og_json_string(j->b, k);
    og_buf_puts(j->b, j->pretty ? ": " : ":");
  }
}
static void S_kv_str(S_json *j, const char *k, const char *v) {
  S_key(j, k);
  if (v) og_json_string(j->b, v);
  else og_buf_puts(j->b, "null");
}
static void S_kv_num(S_json *j, const char *k, double v) {
  char num[64];
  og_format_number(num, sizeof num, v);
  S_key(j, k);
  og_buf_puts(j->b, num);
}
static void S_kv_int(S_json *j, const char *k, long v) {
  char num[24];
  S_key(j, k);
  og_buf_put(j->b, num, (size_t)og_format_long(num, v));
}

/* "agency_identity", "indicators", "narrative" (docs/output.md): agency.h, indicators.h, narrative.h */
static void S_json_identity(S_json *j, const ogi_report *r) {
  const agency_identity *id = r->identity;
  if (!id) return;
  S_key(j, "agency_identity");
  S_open(j, '{');
  S_kv_str(j, "name", id->name);
  S_kv_str(j, "region_code", id->region_code);
  S_kv_str(j, "region_name", id->region_name);
  S_kv_str(j, "level", id->level);
  S_kv_str(j, "kind", id->kind);
  if (id->note) S_kv_str(j, "note", id->note);
  S_kv_str(j, "unresolved", id->unresolved);
  S_close(j, '}');
}

static void S_json_indicators(S_json *j, const ogi_report *r) {
  S_key(j, "indicators");
  S_open(j, '{');
  for (int i = 0; i < r->rules->nindicators; i++) {
    const char *name = r->rules->indicators[i].name;
    double v;
    if (indicators_find(r->rules, name) != i) continue; /* a name with one row per template: once */
    int rc = indicators_value(r, name, &v);
    if (rc > 0) S_kv_num(j, name, v);
    else if (rc == 0) S_kv_str(j, name, NULL);
  }
  S_close(j, '}');
  S_key(j, "narrative");
  S_open(j, '[');
  for (int i = 0; i < r->nnarrative; i++) {
    const narrative_item *it = &r->narrative[i];
    S_key(j, NULL);
    int save = j->pretty;
    j->pretty = 0;
    S_open(j, '{');
    S_kv_str(j, "indicator", it->indicator);
    S_kv_int(j, "line", it->line);
    S_kv_num(j, "stated", it->stated);
    S_kv_num(j, "table", it->table); /* NAN: null */
    S_kv_str(j, "status", narrative_status_name(it->status));
    S_kv_str(j, "text", it->text);
    S_close(j, '}');
    j->pretty = save;
  }
  S_close(j, ']');
}

char *ogi_render_json(const ogi_report *r, int pretty) {
  og_buf b;
  og_buf_init(&b);
  S_json j = {&b, pretty, 0, {0}};
  const ogi_rules *rules = r->rules;
  S_open(&j, '{');
  S_kv_str(&j, "source", r->source);
  S_kv_str(&j, "sha256", r->sha256);
  S_kv_int(&j, "bytes", (long)r->bytes);
  S_kv_str(&j, "format", r->format);
  S_kv_str(&j, "encoding", r->encoding);
  if (r->status != OGI_OK && r->without_tables) {
    /* a report that prints no tables: who published it, and when */
    S_key(&j, "meta");
    S_open(&j, '{');
    S_kv_str(&j, "agency", r->agency);
    S_kv_int(&j, "year", r->year);
    S_kv_str(&j, "published", r->published);
    S_kv_str(&j, "template", r->tmpl);
    S_close(&j, '}');
  }
  if (r->status != OGI_OK) {
    S_key(&j, "error");
    S_open(&j, '{');
    S_kv_int(&j, "code", r->status);
    S_kv_str(&j, "message", r->error);
    S_close(&j, '}');
    if (r->without_tables) S_json_identity(&j, r);
    S_close(&j, '}');
    return og_buf_take(&b);
  }
  S_key(&j, "meta");
  S_open(&j, '{');
  S_kv_str(&j, "agency", r->agency);
  if (r->year) S_kv_int(&j, "year", r->year);
  else S_kv_str(&j, "year", NULL);
  S_kv_str(&j, "published", r->published);
  S_kv_str(&j, "template", r->tmpl);
  S_close(&j, '}');
  S_json_identity(&j, r);
  S_key(&j, "fields");
  S_open(&j, '{');
  for (int i = 0; i < rules->nfields; i++) {
    const og_value *v = &r->values[i];
    if (!v->present) continue;
    if (v->found) S_kv_num(&j, rules->fields[i].id, v->value);
    else S_kv_str(&j, rules->fields[i].id, NULL);
  }
  S_close(&j, '}');
  S_key(&j, "provenance");
  S_open(&j, '{');
  for (int i = 0; i < rules->nfields; i++) {
    const og_value *v = &r->values[i];
    if (!v->present || !v->found) continue;
    S_key(&j, rules->fields[i].id);
    int save = j.pretty;
    j.pretty = 0;
    S_open(&j, '{');
    S_kv_int(&j, "line", v->line);
    S_kv_int(&j, "col", v->col);
    int page, page_line; /* a PDF: the page (pdftotext's form feeds) and the line on it */
    if (ogi_report_page(r, v->line, &page, &page_line)) {
      S_kv_int(&j, "page", page);
      S_kv_int(&j, "page_line", page_line);
    }
    if (v->table >= 0) {
      S_kv_int(&j, "table", v->table);
      S_kv_int(&j, "row", v->row);
      S_kv_int(&j, "cell", v->cell);
    }
    S_kv_str(&j, "raw", v->raw);
    S_key(&j, "blank");
    og_buf_puts(&b, v->blank ? "true" : "false");
    S_kv_str(&j, "how", v->how);
    if (v->label) S_kv_str(&j, "label", v->label);
    if (v->corrected) { /* the value is a correction: what was printed (null: nothing was read) and why */
      S_key(&j, "corrected");
      S_open(&j, '{');
      if (v->printed_found) S_kv_num(&j, "printed", v->printed);
      else S_kv_str(&j, "printed", NULL);
      S_kv_str(&j, "note", v->correction);
      S_close(&j, '}');
    }
    S_close(&j, '}');
    j.pretty = save;
  }
  S_close(&j, '}');
  S_key(&j, "checks");
  S_open(&j, '[');
  for (int i = 0; i < r->nresults; i++) {
    const og_result *c = &r->results[i];
    S_key(&j, NULL);
    int save = j.pretty;
    j.pretty = 0;
    S_open(&j, '{');
    S_kv_str(&j, "rule", c->rule);
    S_kv_str(&j, "subject", c->subject);
    S_kv_str(&j, "status", og_status_name(c->status));
    if (c->status == OG_SKIPPED || c->unsummable) {
      S_kv_str(&j, "expected", NULL);
      S_kv_str(&j, "actual", NULL);
    } else {
      S_kv_num(&j, "expected", c->expected);
      S_kv_num(&j, "actual", c->actual);
      if (c->blank) {
        S_key(&j, "actual_blank");
        og_buf_puts(j.b, "true");
      }
      if (c->placed) { /* the sums chose some of its values among readings: passing proves nothing */
        S_key(&j, "used_to_place");
        og_buf_puts(j.b, "true");
      }
    }
    S_key(&j, "fields");
    S_open(&j, '[');
    for (int k = 0; k < c->nfields; k++) S_kv_str(&j, NULL, c->fields[k]);
    S_close(&j, ']');
    S_close(&j, '}');
    j.pretty = save;
  }
  S_close(&j, ']');
  S_key(&j, "warnings");
  S_open(&j, '[');
  for (int i = 0; i < r->nwarnings; i++) {
    const og_warning *w = &r->warnings[i];
    S_key(&j, NULL);
    int save = j.pretty;
    j.pretty = 0;
    S_open(&j, '{');
    S_kv_str(&j, "code", w->code);
    S_kv_str(&j, "field", w->field);
    S_kv_str(&j, "message", w->message);
    if (w->line) S_kv_int(&j, "line", w->line);
    S_close(&j, '}');
    j.pretty = save;
  }
  S_close(&j, ']');
  if (r->values) S_json_indicators(&j, r);
  S_close(&j, '}');
  return og_buf_take(&b);
}

/* A cell Excel (or LibreOffice) would run as a formula: it starts with = + - @, a tab or a CR, and is not a
 * number ("-3", a 2019 本年增/减, stays a number). */
static int S_formula_like(const char *s) {
  if (!strchr("=+-@\t\r", s[0]) || !s[0]) return 0;
  if (s[0] == '+' || s[0] == '-') {
    char *end;
    double v = strtod(s, &end);
    if (end != s && !*end && isfinite(v)) return 0;
  }
  return 1;
}

/* A text cell, quoted when needed; invalid UTF-8 replaced as in JSON; with excel, formula-like text guarded. */
static void S_csv_cell_x(og_buf *b, const char *s, int excel) {
  if (!s) return;
  int guard = excel && S_formula_like(s);
  int quote = guard || strpbrk(s, ",\"\n\r") != NULL;
  if (quote) og_buf_putc(b, '"');
  if (guard) og_buf_putc(b, '\'');
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    if (*p == '"') og_buf_putc(b, '"');
    if (*p < 0x80) {
      og_buf_putc(b, (char)*p++);
      continue;
    }
    int n = og_utf8_valid_len(p);
    if (n) og_buf_put(b, (const char *)p, (size_t)n);
    else og_buf_puts(b, OG_UTF8_REPLACEMENT);
    p += n ? n : og_utf8_bad_len(p);
  }
  if (quote) og_buf_putc(b, '"');
}

static void S_csv_cell(og_buf *b, const char *s) { S_csv_cell_x(b, s, 0); }

static const char *const S_csv_meta[] = {"source", "sha256", "format", "encoding", "status", "error", "agency",
                                         "year", "published", "template", "checks_failed", "checks_skipped",
                                         "warnings", NULL};

char *ogi_render_csv_header(const ogi_rules *rules) {
  og_buf b;
  og_buf_init(&b);
  for (int i = 0; S_csv_meta[i]; i++) {
    if (i) og_buf_putc(&b, ',');
    og_buf_puts(&b, S_csv_meta[i]);
  }
  for (int i = 0; i < rules->nfields; i++) {
    if (rules->fields[i].table == 0) continue;
    og_buf_putc(&b, ',');
    S_csv_cell(&b, rules->fields[i].id);
  }
  og_buf_putc(&b, '\n');
  return og_buf_take(&b);
}

char *ogi_render_csv_row_opts(const ogi_report *r, int flags) {
  og_buf b;
  og_buf_init(&b);
  char num[64];
  int x = (flags & OGI_CSV_EXCEL) != 0;
  const char *text[] = {r->source, r->sha256, r->format, r->encoding,
                        r->status == OGI_OK ? "ok" : r->without_tables ? "no_tables" : "error", r->error, r->agency};
  for (int i = 0; i < 7; i++) {
    if (i) og_buf_putc(&b, ',');
    S_csv_cell_x(&b, text[i], x);
  }
  og_buf_putc(&b, ',');
  if (r->year) og_buf_printf(&b, "%d", r->year);
  og_buf_putc(&b, ',');
  S_csv_cell_x(&b, r->published, x);
  og_buf_putc(&b, ',');
  S_csv_cell_x(&b, r->tmpl, x);
  og_buf_printf(&b, ",%d,%d,%d", ogi_report_failed_checks(r), ogi_report_skipped_checks(r), r->nwarnings);
  for (int i = 0; i < r->rules->nfields; i++) {
    if (r->rules->fields[i].table == 0) continue;
    og_buf_putc(&b, ',');
    const og_value *v = &r->values[i];
    if (v->present && v->found) { /* a number, never guarded: -3 stays -3 */
      og_format_number(num, sizeof num, v->value);
      if (strcmp(num, "null")) og_buf_puts(&b, num);
    }
  }
  og_buf_putc(&b, '\n');
  return og_buf_take(&b);
}

char *ogi_render_csv_row(const ogi_report *r) { return ogi_render_csv_row_opts(r, 0); }

/* Where the Frictionless descriptor of a CSV export goes: out.csv -> out.datapackage.json. */
static char *S_datapackage_path(const char *csv) {
  size_t n = strlen(csv);
  if (n >= 4 && !strcmp(csv + n - 4, ".csv")) n -= 4;
  char *p = og_xmalloc(n + sizeof ".datapackage.json");
  memcpy(p, csv, n);
  memcpy(p + n, ".datapackage.json", sizeof ".datapackage.json");
  return p;
}

static void S_dp_field(og_buf *b, const char *name, const char *type, const char *title, const char *desc,
                       const char *extra) {
  og_buf_puts(b, ",\n        {\"name\": ");
  og_json_string(b, name);
  og_buf_printf(b, ", \"type\": \"%s\"", type);
  if (title) {
    og_buf_puts(b, ", \"title\": ");
    og_json_string(b, title);
  }
  if (desc) {
    og_buf_puts(b, ", \"description\": ");
    og_json_string(b, desc);
  }
  if (extra) og_buf_puts(b, extra);
  og_buf_putc(b, '}');
}

int og_write_datapackage(const ogi_rules *rules, const char *csv, int excel, char *err, size_t errlen) {
  og_field_label *fl = og_field_labels(rules, err, errlen);
  if (!fl) return -1;
  char sum[65];
  og_rules_checksum(rules, sum);
  const char *base = strrchr(csv, '/');
  base = base ? base + 1 : csv;
  og_buf name;
  og_buf_init(&name);
  for (const char *p = base; *p && strcmp(p, ".csv"); p++) { /* a Frictionless name: lower case, digits, -._ */
    char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
    og_buf_putc(&name, (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ? c : '-');
  }
  if (!name.len) og_buf_puts(&name, "reports");
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "{\n  \"profile\": \"tabular-data-package\",\n  \"name\": ");
  og_json_string(&b, name.data);
  og_buf_puts(&b, ",\n  \"title\": \"政府信息公开工作年度报告 statistics (ogi)\",\n  \"ogi\": {\"version\": ");
  og_json_string(&b, ogi_version());
  og_buf_printf(&b, ", \"rules_sha256\": \"%s\"},\n  \"resources\": [\n    {\n      \"name\": ", sum);
  og_json_string(&b, name.data);
  og_buf_puts(&b, ",\n      \"path\": ");
  og_json_string(&b, base);
  og_buf_printf(&b, ",\n      \"profile\": \"tabular-data-resource\",\n      \"format\": \"csv\",\n"
                   "      \"mediatype\": \"text/csv\",\n      \"encoding\": \"%s\",\n"
                   "      \"schema\": {\n        \"missingValues\": [\"\"],\n        \"fields\": [\n"
                   "        {\"name\": \"source\", \"type\": \"string\", \"description\": \"the file, as given or found\"}",
               excel ? "utf-8-sig" : "utf-8");
  S_dp_field(&b, "sha256", "string", NULL, "SHA-256 of the file's bytes", NULL);
  S_dp_field(&b, "format", "string", NULL, "html, text, markdown, pdf or docx", NULL);
  S_dp_field(&b, "encoding", "string", NULL, NULL, NULL);
  S_dp_field(&b, "status", "string", NULL, NULL, ", \"constraints\": {\"required\": true, \"enum\": [\"ok\", \"no_tables\", \"error\"]}");
  S_dp_field(&b, "error", "string", NULL, "why a file could not be read", NULL);
  S_dp_field(&b, "agency", "string", "报告机关", NULL, NULL);
  S_dp_field(&b, "year", "integer", "报告年度", "the year reported on", NULL);
  S_dp_field(&b, "published", "date", "发布日期", NULL, NULL);
  S_dp_field(&b, "template", "string", NULL, NULL, ", \"constraints\": {\"enum\": [\"2021\", \"2019\", \"legacy\"]}");
  S_dp_field(&b, "checks_failed", "integer", NULL, "identities of checks.tsv that failed", NULL);
  S_dp_field(&b, "checks_skipped", "integer", NULL, "checks that could not run: a value they need is null", NULL);
  S_dp_field(&b, "warnings", "integer", NULL, NULL, NULL);
  for (int i = 0; i < rules->nfields; i++) {
    const og_field *f = &rules->fields[i];
    if (!f->table) continue;
    og_buf extra;
    og_buf_init(&extra);
    og_buf_puts(&extra, ", \"unit\": ");
    og_json_string(&extra, fl[i].unit);
    if (!f->is_decimal && !f->is_signed) og_buf_puts(&extra, ", \"constraints\": {\"minimum\": 0}");
    S_dp_field(&b, f->id, f->is_decimal ? "number" : "integer", fl[i].label_en, f->label, extra.data);
    og_buf_free(&extra);
  }
  og_buf_puts(&b, "\n        ]\n      }\n    }\n  ]\n}\n");
  og_field_labels_free(fl, rules->nfields);
  og_buf_free(&name);
  char *path = S_datapackage_path(csv);
  FILE *f = fopen(path, "wb");
  int rc = 0;
  int bad = !f || fwrite(b.data, 1, b.len, f) != b.len;
  if (f && fclose(f) != 0) bad = 1;
  if (bad) {
    snprintf(err, errlen, "%s: cannot write the data package descriptor: %s", path, strerror(errno));
    rc = -1;
  }
  free(path);
  og_buf_free(&b);
  return rc;
}

static int S_width(int32_t cp) {
  return (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
                           (cp >= 0x20000 && cp <= 0x3FFFD)))
             ? 2
             : 1;
}

/* The text of a line, without pdftotext's page break (form feeds) leading it; returns how many it skipped. */
static int S_line_of(const ogi_report *r, int line, const char **s, size_t *n) {
  *s = NULL;
  *n = 0;
  if (!r->text || line < 1) return 0;
  const char *p = r->text, *end = r->text + r->textlen;
  for (int l = 1; l < line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) return 0;
    p = nl + 1;
  }
  const char *e = memchr(p, '\n', (size_t)(end - p));
  if (!e) e = end;
  if (e > p && e[-1] == '\r') e--;
  int ff = 0;
  while (p < e && *p == '\f') p++, ff++;
  *s = p;
  *n = (size_t)(e - p);
  return ff;
}

/* The source line (cut to 300 bytes around the column; control characters escaped) and a caret under col. */
void og_render_excerpt(og_buf *b, const ogi_report *r, int line, int col) {
  const char *s;
  size_t n;
  int ff = S_line_of(r, line, &s, &n); /* columns count the form feeds */
  if (!s) return;
  size_t max = 300, start = 0, cpos = 0, i = 0;
  for (int c = 1 + ff; c < col && i < n; c++) {
    int32_t cp;
    i += (size_t)og_utf8_next(s + i, n - i, &cp);
  }
  cpos = i;
  if (n > max && cpos > max / 2) {
    start = cpos - max / 2;
    while (start < n && (((unsigned char)s[start]) & 0xC0) == 0x80) start++;
  }
  size_t stop = n - start > max ? start + max : n;
  while (stop < n && (((unsigned char)s[stop]) & 0xC0) == 0x80) stop++;
  og_buf line_b, caret;
  og_buf_init(&line_b);
  og_buf_init(&caret);
  for (size_t k = start; k < stop;) {
    int32_t cp;
    int len = og_utf8_next(s + k, stop - k, &cp);
    int w;
    if (cp == '\t') {
      og_buf_putc(&line_b, ' ');
      w = 1;
    } else {
      char *piece = og_xstrndup(s + k, (size_t)len), *e = ogi_escape_terminal(piece);
      og_buf_puts(&line_b, e);
      w = strcmp(piece, e) ? (int)strlen(e) : S_width(cp);
      free(piece);
      free(e);
    }
    if (k < cpos)
      for (int x = 0; x < w; x++) og_buf_putc(&caret, ' ');
    k += (size_t)len;
  }
  og_buf_puts(b, "    ");
  if (line_b.len) og_buf_put(b, line_b.data, line_b.len);
  og_buf_putc(b, '\n');
  if (col > 0 && cpos >= start) {
    og_buf_puts(b, "    ");
    if (caret.len) og_buf_put(b, caret.data, caret.len);
    og_buf_puts(b, "^\n");
  }
  og_buf_free(&line_b);
  og_buf_free(&caret);
}

static void S_where(og_buf *b, const ogi_report *r, int line, int col) {
  og_buf_puts(b, r->source);
  if (line > 0) {
    og_buf_printf(b, ":%d", line);
    if (col > 0) og_buf_printf(b, ":%d", col);
  }
  og_buf_puts(b, ": ");
}

char *ogi_render_diagnostics(const ogi_report *r) {
  og_buf b;
  og_buf_init(&b);
  if (r->status != OGI_OK) {
    og_buf_printf(&b, "%s\n", r->error ? r->error : ogi_errmsg(r->status));
    return og_buf_take(&b);
  }
  char e[64], a[64];
  for (int i = 0; i < r->nresults; i++) {
    const og_result *c = &r->results[i];
    if (c->status != OG_FAIL) continue;
    og_format_number(e, sizeof e, c->expected);
    og_format_number(a, sizeof a, c->actual);
    S_where(&b, r, c->line, c->col);
    if (c->unsummable)
      og_buf_printf(&b, "%s %s: no placement of the row's printed numbers adds up (its values are left null)\n", c->rule,
                   c->subject);
    else if (strcmp(c->rule, "domain") == 0)
      og_buf_printf(&b, "domain %s: printed %s, which is not a count (a whole number, not negative)\n", c->subject, a);
    else
      og_buf_printf(&b, "%s %s: expected %s, printed %s\n", c->rule, c->subject, e, c->blank ? "blank" : a);
    og_render_excerpt(&b, r, c->line, c->col);
  }
  int skipped = ogi_report_skipped_checks(r);
  if (skipped > 0) {
    S_where(&b, r, 0, 0);
    og_buf_printf(&b, "note: %d check%s not run: a value %s was not found\n", skipped, skipped == 1 ? "" : "s",
                 skipped == 1 ? "it needs" : "they need");
  }
  for (int i = 0; i < r->nwarnings; i++) {
    const og_warning *w = &r->warnings[i];
    S_where(&b, r, w->line, w->col);
    og_buf_printf(&b, "warning: %s%s%s: %s\n", w->code, w->field ? " " : "", w->field ? w->field : "", w->message);
    if (w->line > 0) og_render_excerpt(&b, r, w->line, w->col);
  }
  return og_buf_take(&b);
}

char *ogi_render_fields(const ogi_rules *rules) {
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "id\ttemplates\ttable\tlabel\n");
  for (int i = 0; i < rules->nfields; i++) {
    const og_field *f = &rules->fields[i];
    const char *t = f->in2019 && f->in2021 ? "2019,2021" : f->in2019 ? "2019" : "2021";
    og_buf_printf(&b, "%s\t%s\t%s\t%s\n", f->id, f->table == 0 ? "all" : t,
                 f->table == 0 ? "meta" : f->table == 2 ? "t2" : f->table == 3 ? "t3" : "t4", f->label);
  }
  return og_buf_take(&b);
}
