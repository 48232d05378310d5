/* `ogi check` output in three forms: compiler-style text (error:/warning:/note:, the source line and a caret,
 * each failed sum followed by its cells and where they are), one JSON object per report, and CSV rows (one per
 * failed check, cell of a failed sum, checks not run, warning); and `ogi values`: every value with where it was
 * printed, as CSV. Reads the finished report through ogi.h's iteration API; PDF positions carry the page and
 * the line on it. */
#include "format.h"
#include "report.h"
#include "util.h"
#include "writer.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_RED "\033[1;31m"
#define S_MAGENTA "\033[1;35m"
#define S_CYAN "\033[1;36m"
#define S_RESET "\033[0m"

static void S_put_escaped(og_buf *b, const char *s) {
  char *e = ogi_escape_terminal(s);
  og_buf_puts(b, e);
  free(e);
}

static void S_where(og_buf *b, const ogi_report *r, int line, int col, const char *kind, int color) {
  S_put_escaped(b, r->source);
  if (line > 0) {
    og_buf_printf(b, ":%d", line);
    if (col > 0) og_buf_printf(b, ":%d", col);
  }
  og_buf_puts(b, ": ");
  if (color) og_buf_puts(b, !strcmp(kind, "error") ? S_RED : !strcmp(kind, "warning") ? S_MAGENTA : S_CYAN);
  og_buf_printf(b, "%s:", kind);
  if (color) og_buf_puts(b, S_RESET);
  og_buf_putc(b, ' ');
}

static void S_page_note(og_buf *b, int page, int page_line, const char *open, const char *close) {
  if (page > 0) og_buf_printf(b, "%spage %d, line %d%s", open, page, page_line, close);
}

/* "expected 1, printed 0", or what a domain rule or an unsummable row says */
static void S_check_message(og_buf *b, const ogi_report *r, int i, const ogi_check *c) {
  char e[64], a[64];
  og_format_number(e, sizeof e, c->expected);
  og_format_number(a, sizeof a, c->actual);
  if (r->results[i].unsummable)
    og_buf_printf(b, "%s %s: no placement of the row's printed numbers adds up (its values are left null)", c->rule, c->subject);
  else if (!strcmp(c->rule, "domain"))
    og_buf_printf(b, "domain %s: printed %s, which is not a count (a whole number, not negative)", c->subject, a);
  else
    og_buf_printf(b, "%s %s: expected %s, printed %s", c->rule, c->subject, e, c->blank ? "blank" : a);
}

static void S_value_text(og_buf *b, const ogi_value *v) {
  char num[64];
  if (!v->found) {
    og_buf_puts(b, "null (not found)");
    return;
  }
  og_format_number(num, sizeof num, v->value);
  if (v->blank) og_buf_printf(b, "blank (0)");
  else og_buf_puts(b, num);
}

static void S_text(og_buf *b, const ogi_report *r, int flags) {
  int color = flags & OGI_CHECK_COLOR;
  for (int i = 0; i < ogi_report_check_count(r); i++) {
    ogi_check c;
    ogi_report_check_at(r, i, &c);
    if (c.status != OGI_CHECK_FAIL) continue;
    S_where(b, r, c.line, c.col, "error", color);
    {
      og_buf m;
      og_buf_init(&m);
      S_check_message(&m, r, i, &c);
      S_put_escaped(b, m.data ? m.data : "");
      og_buf_free(&m);
    }
    S_page_note(b, c.page, c.page_line, " (", ")");
    og_buf_putc(b, '\n');
    og_render_excerpt(b, r, c.line, c.col);
    for (int k = 0; k < c.nfields; k++) {
      ogi_value v;
      if (!ogi_report_value_info(r, ogi_report_check_field(r, i, k), &v)) continue;
      S_where(b, r, v.found ? v.line : 0, v.found ? v.col : 0, "note", color);
      og_buf_printf(b, "%s = ", v.field);
      S_value_text(b, &v);
      if (v.found && v.raw && v.blank) {
        og_buf_puts(b, ", printed \"");
        S_put_escaped(b, v.raw);
        og_buf_puts(b, "\"");
      }
      S_page_note(b, v.page, v.page_line, " (", ")");
      og_buf_putc(b, '\n');
    }
  }
  int skipped = ogi_report_skipped_checks(r);
  if (skipped > 0) {
    S_where(b, r, 0, 0, "note", color);
    og_buf_printf(b, "%d check%s not run: a value %s was not found\n", skipped, skipped == 1 ? "" : "s",
                 skipped == 1 ? "it needs" : "they need");
  }
  if (flags & OGI_CHECK_QUIET) return;
  for (int i = 0; i < ogi_report_warning_count(r); i++) {
    ogi_warning w;
    ogi_report_warning_at(r, i, &w);
    S_where(b, r, w.line, w.col, "warning", color);
    og_buf_printf(b, "%s%s%s: ", w.code, w.field ? " " : "", w.field ? w.field : "");
    S_put_escaped(b, w.message);
    S_page_note(b, w.page, w.page_line, " (", ")");
    og_buf_putc(b, '\n');
    if (w.line > 0) og_render_excerpt(b, r, w.line, w.col);
  }
}

static void S_json_num(og_buf *b, double v) {
  char num[64];
  if (isnan(v)) {
    og_buf_puts(b, "null");
    return;
  }
  og_format_number(num, sizeof num, v);
  og_buf_puts(b, num);
}

static void S_json_pos(og_buf *b, int line, int col, int page, int page_line) {
  og_buf_printf(b, "\"line\":%d,\"col\":%d", line, col);
  if (page > 0) og_buf_printf(b, ",\"page\":%d,\"page_line\":%d", page, page_line);
  else og_buf_puts(b, ",\"page\":null,\"page_line\":null");
}

static void S_json(og_buf *b, const ogi_report *r, int flags) {
  og_buf_puts(b, "{\"source\":");
  og_json_string(b, r->source);
  if (r->status != OGI_OK) {
    og_buf_printf(b, ",\"status\":\"error\",\"error\":");
    og_json_string(b, r->error ? r->error : ogi_errmsg(r->status));
    og_buf_puts(b, "}");
    return;
  }
  og_buf_printf(b, ",\"status\":\"%s\",\"checks\":%d,\"checks_failed\":%d,\"checks_not_run\":%d,\"failed\":[",
               ogi_report_failed_checks(r) ? "failed" : ogi_report_skipped_checks(r) ? "partial" : "ok",
               ogi_report_check_count(r), ogi_report_failed_checks(r), ogi_report_skipped_checks(r));
  int first = 1;
  for (int i = 0; i < ogi_report_check_count(r); i++) {
    ogi_check c;
    ogi_report_check_at(r, i, &c);
    if (c.status != OGI_CHECK_FAIL) continue;
    og_buf_puts(b, first ? "{" : ",{");
    first = 0;
    og_buf_puts(b, "\"rule\":");
    og_json_string(b, c.rule);
    og_buf_puts(b, ",\"subject\":");
    og_json_string(b, c.subject);
    og_buf_puts(b, ",\"expected\":");
    S_json_num(b, c.expected);
    og_buf_puts(b, ",\"printed\":");
    S_json_num(b, c.actual);
    og_buf_printf(b, ",\"blank\":%s,", c.blank ? "true" : "false");
    S_json_pos(b, c.line, c.col, c.page, c.page_line);
    og_buf m;
    og_buf_init(&m);
    S_check_message(&m, r, i, &c);
    og_buf_puts(b, ",\"message\":");
    og_json_string(b, m.data ? m.data : "");
    og_buf_free(&m);
    og_buf_puts(b, ",\"cells\":[");
    for (int k = 0; k < c.nfields; k++) {
      ogi_value v;
      if (!ogi_report_value_info(r, ogi_report_check_field(r, i, k), &v)) continue;
      og_buf_puts(b, k ? ",{\"field\":" : "{\"field\":");
      og_json_string(b, v.field);
      og_buf_puts(b, ",\"value\":");
      if (v.found) S_json_num(b, v.value);
      else og_buf_puts(b, "null");
      og_buf_printf(b, ",\"blank\":%s,\"raw\":", v.blank ? "true" : "false");
      if (v.raw) og_json_string(b, v.raw);
      else og_buf_puts(b, "null");
      og_buf_putc(b, ',');
      S_json_pos(b, v.line, v.col, v.page, v.page_line);
      og_buf_putc(b, '}');
    }
    og_buf_puts(b, "]}");
  }
  og_buf_puts(b, "],\"not_run\":[");
  first = 1;
  for (int i = 0; i < ogi_report_check_count(r); i++) {
    ogi_check c;
    ogi_report_check_at(r, i, &c);
    if (c.status != OGI_CHECK_SKIPPED) continue;
    og_buf_puts(b, first ? "{\"rule\":" : ",{\"rule\":");
    first = 0;
    og_json_string(b, c.rule);
    og_buf_puts(b, ",\"subject\":");
    og_json_string(b, c.subject);
    og_buf_putc(b, '}');
  }
  og_buf_puts(b, "],\"warnings\":[");
  for (int i = 0; !(flags & OGI_CHECK_QUIET) && i < ogi_report_warning_count(r); i++) {
    ogi_warning w;
    ogi_report_warning_at(r, i, &w);
    og_buf_puts(b, i ? ",{\"code\":" : "{\"code\":");
    og_json_string(b, w.code);
    og_buf_puts(b, ",\"field\":");
    if (w.field) og_json_string(b, w.field);
    else og_buf_puts(b, "null");
    og_buf_puts(b, ",\"message\":");
    og_json_string(b, w.message);
    og_buf_putc(b, ',');
    S_json_pos(b, w.line, w.col, w.page, w.page_line);
    og_buf_putc(b, '}');
  }
  og_buf_puts(b, "]}");
}

static void S_cell(og_buf *b, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\n")) {
    og_buf_puts(b, s);
    return;
  }
  og_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') og_buf_putc(b, '"');
    og_buf_putc(b, *s);
  }
  og_buf_putc(b, '"');
}

static void S_cell_num(og_buf *b, double v, int known) {
  char num[64];
  if (!known || isnan(v)) return;
  og_format_number(num, sizeof num, v);
  og_buf_puts(b, num);
}

static void S_cell_int(og_buf *b, int v) {
  if (v > 0) og_buf_printf(b, "%d", v);
}

/* source,kind,rule,subject,field,expected,printed,value,raw,line,col,page,page_line,message */
static void S_row(og_buf *b, const ogi_report *r, const char *kind, const char *rule, const char *subject,
                  const char *field, double expected, double printed, int have_check, const ogi_value *v, int line,
                  int col, int page, int page_line, const char *message) {
  S_cell(b, r->source);
  og_buf_putc(b, ',');
  S_cell(b, kind);
  og_buf_putc(b, ',');
  S_cell(b, rule);
  og_buf_putc(b, ',');
  S_cell(b, subject);
  og_buf_putc(b, ',');
  S_cell(b, field);
  og_buf_putc(b, ',');
  S_cell_num(b, expected, have_check);
  og_buf_putc(b, ',');
  S_cell_num(b, printed, have_check);
  og_buf_putc(b, ',');
  if (v) S_cell_num(b, v->value, v->found);
  og_buf_putc(b, ',');
  if (v) S_cell(b, v->raw);
  og_buf_putc(b, ',');
  S_cell_int(b, line);
  og_buf_putc(b, ',');
  S_cell_int(b, col);
  og_buf_putc(b, ',');
  S_cell_int(b, page);
  og_buf_putc(b, ',');
  S_cell_int(b, page_line);
  og_buf_putc(b, ',');
  S_cell(b, message);
  og_buf_puts(b, "\n");
}

char *ogi_render_check_csv_header(void) {
  return og_xstrdup("source,kind,rule,subject,field,expected,printed,value,raw,line,col,page,page_line,message\n");
}

static void S_csv(og_buf *b, const ogi_report *r, int flags) {
  if (r->status != OGI_OK) {
    S_row(b, r, "unreadable", NULL, NULL, NULL, 0, 0, 0, NULL, 0, 0, 0, 0, r->error ? r->error : ogi_errmsg(r->status));
    return;
  }
  for (int i = 0; i < ogi_report_check_count(r); i++) {
    ogi_check c;
    ogi_report_check_at(r, i, &c);
    if (c.status == OGI_CHECK_SKIPPED) {
      S_row(b, r, "not_run", c.rule, c.subject, NULL, 0, 0, 0, NULL, 0, 0, 0, 0, "a value it needs was not found");
      continue;
    }
    if (c.status != OGI_CHECK_FAIL) continue;
    og_buf m;
    og_buf_init(&m);
    S_check_message(&m, r, i, &c);
    S_row(b, r, "failed", c.rule, c.subject, NULL, c.expected, c.actual, 1, NULL, c.line, c.col, c.page, c.page_line,
          m.data);
    og_buf_free(&m);
    for (int k = 0; k < c.nfields; k++) {
      ogi_value v;
      if (!ogi_report_value_info(r, ogi_report_check_field(r, i, k), &v)) continue;
      S_row(b, r, "cell", c.rule, c.subject, v.field, 0, 0, 0, &v, v.line, v.col, v.page, v.page_line,
            !v.found ? "not found" : v.blank ? "printed blank (0)" : NULL);
    }
  }
  for (int i = 0; !(flags & OGI_CHECK_QUIET) && i < ogi_report_warning_count(r); i++) {
    ogi_warning w;
    ogi_report_warning_at(r, i, &w);
    S_row(b, r, "warning", w.code, NULL, w.field, 0, 0, 0, NULL, w.line, w.col, w.page, w.page_line, w.message);
  }
}

char *ogi_render_check(const ogi_report *r, const char *format, int flags) {
  if (!r || !format) return NULL;
  og_buf b;
  og_buf_init(&b);
  if (!strcmp(format, "text")) {
    if (r->status == OGI_OK) S_text(&b, r, flags);
    else if (r->without_tables) { /* found in a folder: a report all the same, with nothing to check */
      S_where(&b, r, 0, 0, "note", flags & OGI_CHECK_COLOR);
      og_buf_puts(&b, "a report that prints no statistics tables: nothing to check\n");
    }
  } else if (!strcmp(format, "json")) {
    S_json(&b, r, flags);
    og_buf_putc(&b, '\n');
  } else if (!strcmp(format, "csv")) {
    S_csv(&b, r, flags);
  } else {
    return NULL;
  }
  return og_buf_take(&b);
}

char *ogi_render_values_csv_header(void) {
  return og_xstrdup("source,field,value,blank,raw,line,col,page,page_line,label,how\n");
}

char *ogi_render_values_csv(const ogi_report *r) {
  og_buf b;
  og_buf_init(&b);
  for (int i = 0; r && i < ogi_report_value_count(r); i++) {
    ogi_value v;
    ogi_report_value_at(r, i, &v);
    S_cell(&b, r->source);
    og_buf_putc(&b, ',');
    S_cell(&b, v.field);
    og_buf_putc(&b, ',');
    S_cell_num(&b, v.value, v.found);
    og_buf_printf(&b, ",%s,", !v.found ? "" : v.blank ? "true" : "false");
    S_cell(&b, v.raw);
    og_buf_putc(&b, ',');
    S_cell_int(&b, v.found ? v.line : 0);
    og_buf_putc(&b, ',');
    S_cell_int(&b, v.found ? v.col : 0);
    og_buf_putc(&b, ',');
    S_cell_int(&b, v.found ? v.page : 0);
    og_buf_putc(&b, ',');
    S_cell_int(&b, v.found ? v.page_line : 0);
    og_buf_putc(&b, ',');
    S_cell(&b, v.found ? v.label : NULL);
    og_buf_putc(&b, ',');
    S_cell(&b, v.found ? v.how : NULL);
    og_buf_puts(&b, "\n");
  }
  return og_buf_take(&b);
}
