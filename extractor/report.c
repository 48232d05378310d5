/* The report model (report.h): the values, check results and warnings a report holds, og_warn that adds a
 * warning, the names of check statuses and error codes, and the report's read API of ogi.h (accessors, the
 * iteration over values, checks and warnings, PDF pages) with the terminal escaping of its text. */
#include "report.h"
#include "util.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *ogi_version(void) { return OGI_VERSION_STRING; }

const char *ogi_errmsg(int status) {
  switch (status) {
  case OGI_OK: return "ok";
  case OGI_ERR_IO: return "cannot read the file";
  case OGI_ERR_RULES: return "pattern files missing or invalid";
  case OGI_ERR_EMPTY: return "the file is empty";
  case OGI_ERR_BINARY: return "not a text document";
  case OGI_ERR_UNSUPPORTED: return "format not supported yet";
  case OGI_ERR_NO_TABLES: return "no statistics tables found";
  case OGI_ERR_TOO_LARGE: return "file too large";
  case OGI_ERR_TIMEOUT: return "took longer than the time limit";
  case OGI_ERR_DATASET: return "not an ogi dataset of a layout this ogi reads";
  case OGI_ERR_ARG: return "invalid argument";
  default: return "unknown error";
  }
}

void og_warn(ogi_report *r, const char *code, const char *field, int line, int col, const char *fmt, ...) {
  /* capacity doubles (8, 16, 32, ...): a table that warns once per row of a huge page stays linear */
  int n = r->nwarnings;
  if (n == 0 || (n >= 8 && (n & (n - 1)) == 0))
    r->warnings = og_xrealloc(r->warnings, sizeof *r->warnings * (size_t)(n < 8 ? 8 : 2 * n));
  og_warning *w = &r->warnings[r->nwarnings++];
  w->code = og_xstrdup(code);
  w->field = field ? og_xstrdup(field) : NULL;
  w->line = line;
  w->col = col;
  og_buf msg;
  og_buf_init(&msg);
  va_list ap;
  va_start(ap, fmt);
  og_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  w->message = og_buf_take(&msg);
}

const char *og_status_name(int status) {
  return status == OG_PASS ? "pass" : status == OG_FAIL ? "fail" : "skipped";
}

int og_is_blank_form(const ogi_report *r) {
  if (r->status != OGI_OK || r->agency || r->year) return 0;
  for (int i = 0; i < r->nwarnings; i++)
    if (!strcmp(r->warnings[i].code, "all_blank")) return 1;
  return 0;
}

int ogi_report_status(const ogi_report *r) { return r->status; }
const char *ogi_report_error(const ogi_report *r) { return r->error; }
int ogi_report_failed_checks(const ogi_report *r) {
  int n = 0;
  for (int i = 0; i < r->nresults; i++) n += r->results[i].status == OG_FAIL;
  return n;
}
int ogi_report_skipped_checks(const ogi_report *r) {
  int n = 0;
  for (int i = 0; i < r->nresults; i++) n += r->results[i].status == OG_SKIPPED;
  return n;
}
int ogi_report_warning_count(const ogi_report *r) { return r->nwarnings; }
const char *ogi_report_agency(const ogi_report *r) { return r->agency; }
int ogi_report_year(const ogi_report *r) { return r->year; }
const char *ogi_report_published(const ogi_report *r) { return r->published; }
const char *ogi_report_template(const ogi_report *r) { return r->tmpl; }
int ogi_report_value(const ogi_report *r, const char *id, double *value) {
  int i = og_field_index(r->rules, id);
  if (i < 0 || !r->values[i].present) return -1;
  if (!r->values[i].found) return 0;
  if (value) *value = r->values[i].value;
  return 1;
}
void ogi_report_counts(const ogi_report *r, int *fields, int *found) {
  int n = 0, f = 0;
  for (int i = 0; i < r->rules->nfields; i++) {
    n += r->values[i].present;
    f += r->values[i].present && r->values[i].found;
  }
  if (fields) *fields = n;
  if (found) *found = f;
}
void ogi_free(void *p) { free(p); }

/* ---- The iteration API (ogi.h): values with provenance, checks, warnings, pages ---- */

int ogi_report_page(const ogi_report *r, int line, int *page, int *page_line) {
  *page = *page_line = 0;
  if (!r || !r->text || line < 1 || !r->format || strcmp(r->format, "pdf") != 0) return 0;
  /* pdftotext writes a form feed after each page: the next page's first line starts with it */
  const char *p = r->text, *end = r->text + r->textlen;
  int pg = 1, first = 1;
  for (int l = 1; p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end, *q = p;
    for (; q < e && *q == '\f'; q++) {
      pg++;
      first = l;
    }
    if (l == line) {
      *page = pg;
      *page_line = line - first + 1;
      return 1;
    }
    for (; q < e; q++)
      if (*q == '\f') { /* inside a line (not pdftotext's own): the page starts with the next line */
        pg++;
        first = l + 1;
      }
    if (!nl) break;
    p = nl + 1;
  }
  return 0;
}

static void S_fill_pos(const ogi_report *r, int line, int col, int *l, int *c, int *page, int *page_line) {
  *l = line;
  *c = col;
  ogi_report_page(r, line, page, page_line);
}

int ogi_report_value_count(const ogi_report *r) {
  if (!r || r->status != OGI_OK) return 0;
  int n = 0;
  for (int i = 0; i < r->rules->nfields; i++) n += r->values[i].present;
  return n;
}

static int S_value_info(const ogi_report *r, int f, ogi_value *out) {
  const og_value *v = &r->values[f];
  memset(out, 0, sizeof *out);
  out->field = r->rules->fields[f].id;
  out->found = v->found;
  out->value = v->found ? v->value : 0;
  out->blank = v->blank;
  out->raw = v->found ? v->raw : NULL;
  out->label = v->label;
  out->how = v->how;
  S_fill_pos(r, v->line, v->col, &out->line, &out->col, &out->page, &out->page_line);
  return 1;
}

int ogi_report_value_at(const ogi_report *r, int i, ogi_value *out) {
  if (!r || r->status != OGI_OK || i < 0) return 0;
  for (int f = 0; f < r->rules->nfields; f++)
    if (r->values[f].present && i-- == 0) return S_value_info(r, f, out);
  return 0;
}

int ogi_report_value_info(const ogi_report *r, const char *field_id, ogi_value *out) {
  if (!r || r->status != OGI_OK || !field_id) return 0;
  int f = og_field_index(r->rules, field_id);
  if (f < 0 || !r->values[f].present) return 0;
  return S_value_info(r, f, out);
}

int ogi_report_check_count(const ogi_report *r) { return r ? r->nresults : 0; }

int ogi_report_check_at(const ogi_report *r, int i, ogi_check *out) {
  if (!r || i < 0 || i >= r->nresults) return 0;
  const og_result *c = &r->results[i];
  memset(out, 0, sizeof *out);
  out->rule = c->rule;
  out->subject = c->subject;
  out->status = c->status;
  out->expected = c->expected;
  out->actual = c->actual;
  out->blank = c->blank;
  out->nfields = c->nfields;
  S_fill_pos(r, c->line, c->col, &out->line, &out->col, &out->page, &out->page_line);
  return 1;
}

const char *ogi_report_check_field(const ogi_report *r, int i, int k) {
  if (!r || i < 0 || i >= r->nresults || k < 0 || k >= r->results[i].nfields) return NULL;
  return r->results[i].fields[k];
}

int ogi_report_warning_at(const ogi_report *r, int i, ogi_warning *out) {
  if (!r || i < 0 || i >= r->nwarnings) return 0;
  const og_warning *w = &r->warnings[i];
  memset(out, 0, sizeof *out);
  out->code = w->code;
  out->field = w->field;
  out->message = w->message;
  S_fill_pos(r, w->line, w->col, &out->line, &out->col, &out->page, &out->page_line);
  return 1;
}

const char *ogi_report_source(const ogi_report *r) { return r ? r->source : NULL; }

char *ogi_escape_terminal(const char *s) {
  og_buf b;
  og_buf_init(&b);
  size_t n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
      og_buf_putc(&b, (char)c);
      i++;
      continue;
    }
    if (c < 0x80) { /* C0 controls and DEL: ESC starts terminal sequences */
      og_buf_printf(&b, "\\x%02X", c);
      i++;
      continue;
    }
    int32_t cp;
    int k = og_utf8_next(s + i, n - i, &cp);
    if (cp == 0xFFFD && !(n - i >= 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3))) {
      og_buf_printf(&b, "\\x%02X", c); /* an invalid byte */
      i++;
    } else if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      og_buf_printf(&b, "\\u{%04X}", (unsigned)cp); /* C1 controls (CSI is U+009B) and line separators */
      i += (size_t)k;
    } else {
      og_buf_put(&b, s + i, (size_t)k);
      i += (size_t)k;
    }
  }
  return og_buf_take(&b);
}