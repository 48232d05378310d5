/* `ogi report` (docs/compare.md): one self-contained HTML page of a dataset — headline totals, the indicators
 * per agency and year (a sortable table), grant rate by agency (SVG bars), time series of agencies with
 * several years (SVG lines), regions (table and bars), the reports whose totals break (failed checks with
 * their fields and source positions) and the cross-year warnings. No network, no external reference; text
 * HTML-escaped after control characters are made visible; the same dataset gives the same bytes. */
#include "compare.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many bars in the agency chart and line charts (the agencies handling the most applications). */
#ifndef OGI_REPORT_MAX_BARS
#define OGI_REPORT_MAX_BARS 80
#endif
#ifndef OGI_REPORT_MAX_SERIES
#define OGI_REPORT_MAX_SERIES 40
#endif

/* Text for HTML: control characters and invalid UTF-8 made visible (\xHH), then & < > " ' as entities. */
static void S_html(og_buf *b, const char *s) {
  if (!s) return;
  char *e = ogi_escape_terminal(s);
  for (const char *p = e; *p; p++) {
    switch (*p) {
    case '&': og_buf_puts(b, "&amp;"); break;
    case '<': og_buf_puts(b, "&lt;"); break;
    case '>': og_buf_puts(b, "&gt;"); break;
    case '"': og_buf_puts(b, "&quot;"); break;
    case '\'': og_buf_puts(b, "&#39;"); break;
    case '\t': og_buf_putc(b, ' '); break;
    default: og_buf_putc(b, *p);
    }
  }
  ogi_free(e);
}

static const char *S_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : NULL;
}

static void S_value_cell(og_buf *b, const cmp_data *d, int m, int has, double v) {
  if (m < 0 || !has) {
    og_buf_puts(b, "<td class=\"n\" data-v=\"-1\"></td>");
    return;
  }
  char s[64];
  cmp_format_value(s, sizeof s, v, d->is_rate[m], 1);
  og_buf_printf(b, "<td class=\"n\" data-v=\"%.6f\">%s</td>", v, s);
}

/* The agencies, each over all its years. */
typedef struct {
  cmp_group g;
  int first, nyears; /* the agency's rows are d->rows[first .. first + nyears - 1] (sorted by key, year) */
} S_agency;

static int S_handled_cmp_metric = -1, S_rate_metric = -1;
static int S_by_handled(const void *a, const void *b) {
  const S_agency *x = a, *y = b;
  int m = S_handled_cmp_metric;
  double vx = m >= 0 && x->g.has[m] ? x->g.v[m] : -1, vy = m >= 0 && y->g.has[m] ? y->g.v[m] : -1;
  if (vx != vy) return vx > vy ? -1 : 1;
  return strcmp(x->g.key, y->g.key);
}
static int S_by_rate(const void *a, const void *b) {
  const S_agency *x = a, *y = b;
  int m = S_rate_metric;
  if (x->g.v[m] != y->g.v[m]) return x->g.v[m] > y->g.v[m] ? -1 : 1;
  return strcmp(x->g.key, y->g.key);
}

static void S_bar_chart(og_buf *b, const char *id, const char *title, char **labels, const double *v, int n,
                        int is_rate) {
  double max = 0;
  for (int i = 0; i < n; i++) max = v[i] > max ? v[i] : max;
  if (is_rate) max = 1;
  if (!(max > 0)) max = 1;
  int row = 22, top = 8, h = top + row * n + 8;
  og_buf_printf(b, "<svg id=\"%s\" class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" "
                  "height=\"%d\" viewBox=\"0 0 760 %d\" role=\"img\" aria-label=\"",
               id, h, h);
  S_html(b, title);
  og_buf_puts(b, "\">\n");
  for (int i = 0; i < n; i++) {
    double y = top + row * i, w = 440.0 * v[i] / max;
    char s[64];
    cmp_format_value(s, sizeof s, v[i], is_rate, 1);
    og_buf_printf(b, "<text class=\"label\" x=\"246\" y=\"%.1f\" text-anchor=\"end\">", y + 15);
    S_html(b, labels[i]);
    og_buf_printf(b, "</text><rect class=\"bar\" x=\"252\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#4c78a8\">"
                    "<title>",
                 y + 2, w < 1 && v[i] > 0 ? 1.0 : w);
    S_html(b, labels[i]);
    og_buf_printf(b, ": %s</title></rect><text class=\"value\" x=\"%.1f\" y=\"%.1f\">%s</text>\n", s, 256 + w,
                 y + 15, s);
  }
  og_buf_puts(b, "</svg>\n");
}

/* One agency's received and handled by year: a line each, a dot per year with a value. */
static void S_series(og_buf *b, const cmp_data *d, const S_agency *a, int mrec, int mhan) {
  const cmp_row *rows = &d->rows[a->first];
  /* the years with a value span the x axis (a report without tables is no point) */
  int y0 = 0, y1 = 0;
  double max = 1;
  for (int i = 0; i < a->nyears; i++) {
    int any = (mrec >= 0 && rows[i].has[mrec]) || (mhan >= 0 && rows[i].has[mhan]);
    if (any && (!y0 || rows[i].year < y0)) y0 = rows[i].year;
    if (any && rows[i].year > y1) y1 = rows[i].year;
    if (mrec >= 0 && rows[i].has[mrec] && rows[i].v[mrec] > max) max = rows[i].v[mrec];
    if (mhan >= 0 && rows[i].has[mhan] && rows[i].v[mhan] > max) max = rows[i].v[mhan];
  }
  const double L = 48, R = 340, T = 12, B = 160;
  og_buf_puts(b, "<figure class=\"series\"><svg class=\"chart timeseries\" xmlns=\"http://www.w3.org/2000/svg\" "
                "width=\"360\" height=\"190\" viewBox=\"0 0 360 190\" data-agency=\"");
  S_html(b, a->g.key);
  og_buf_printf(b, "\" data-years=\"%d\">\n", a->nyears);
  og_buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>", L, B, R, B);
  og_buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>\n", L, T, L, B);
  og_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.0f</text><text x=\"%.0f\" y=\"%.0f\" "
                  "text-anchor=\"end\">0</text>\n",
               L - 4, T + 4, max, L - 4, B + 4);
  for (int i = 0; i < a->nyears; i++) {
    if (rows[i].year < y0 || rows[i].year > y1) continue;
    double x = y1 > y0 ? L + (R - L) * (rows[i].year - y0) / (double)(y1 - y0) : (L + R) / 2;
    og_buf_printf(b, "<text class=\"year\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d</text>\n", x, B + 18,
                 rows[i].year);
  }
  const int ms[2] = {mrec, mhan};
  const char *cls[2] = {"received", "handled"}, *color[2] = {"#1f77b4", "#e8710a"};
  for (int s = 0; s < 2; s++) {
    int m = ms[s], np = 0;
    if (m < 0) continue;
    og_buf path;
    og_buf_init(&path);
    for (int i = 0; i < a->nyears; i++) {
      if (!rows[i].has[m]) continue;
      double x = y1 > y0 ? L + (R - L) * (rows[i].year - y0) / (double)(y1 - y0) : (L + R) / 2;
      double y = B - (B - T) * rows[i].v[m] / max;
      og_buf_printf(&path, "%s%.1f %.1f", np++ ? " L" : "M", x, y);
    }
    char *p = og_buf_take(&path);
    if (np) og_buf_printf(b, "<path class=\"line %s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                         cls[s], p, color[s]);
    free(p);
    for (int i = 0; i < a->nyears; i++) {
      if (!rows[i].has[m]) continue;
      double x = y1 > y0 ? L + (R - L) * (rows[i].year - y0) / (double)(y1 - y0) : (L + R) / 2;
      double y = B - (B - T) * rows[i].v[m] / max;
      og_buf_printf(b, "<circle class=\"point %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%d %s: %.0f"
                      "</title></circle>\n",
                   cls[s], x, y, color[s], rows[i].year, cls[s], rows[i].v[m]);
    }
  }
  og_buf_puts(b, "</svg><figcaption>");
  S_html(b, a->g.key);
  og_buf_puts(b, "</figcaption></figure>\n");
}

static const char S_style[] =
    "<style>\n"
    "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;margin:24px;color:#222;"
    "background:#fff}\n"
    "h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 6px;white-space:nowrap}"
    "th{background:#eef2f7;cursor:pointer}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".headline{display:flex;flex-wrap:wrap;gap:12px}.headline div{background:#eef2f7;padding:10px 16px;"
    "border-radius:6px}.headline b{display:block;font-size:22px}\n"
    "svg text{font-size:12px;fill:#333}figure.series{display:inline-block;margin:8px}figcaption{font-size:13px;"
    "text-align:center}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}\n"
    ".fail{color:#b00020}code{font-size:12px}\n"
    "</style>\n";

static const char S_script[] =
    "<script>\n"
    "document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){\n"
    "var b=th.closest('table').tBodies[0],rows=Array.prototype.slice.call(b.rows),d=th.dataset.dir==='a'?'d':'a';\n"
    "th.dataset.dir=d;rows.sort(function(x,y){var p=x.cells[i],q=y.cells[i],r;\n"
    "if(p.dataset.v!==undefined&&q.dataset.v!==undefined)r=(+p.dataset.v)-(+q.dataset.v);\n"
    "else r=p.textContent.localeCompare(q.textContent);return d==='a'?r:-r;});\n"
    "rows.forEach(function(r){b.appendChild(r);});});});\n"
    "</script>\n";

static void S_headline(og_buf *b, const char *label, const char *value) {
  og_buf_puts(b, "<div>");
  S_html(b, label);
  og_buf_puts(b, "<b>");
  S_html(b, value);
  og_buf_puts(b, "</b></div>\n");
}

/* The failed checks of `checks`, by report, each with the fields of its sum and where they were printed. */
static int S_failures(og_buf *b, cmp_data *d, char *err, size_t errlen) {
  sqlite3_stmt *st = NULL, *fs = NULL;
  const char *q =
      "SELECT c.report, r.path, r.agency, r.year, c.rule, c.subject, c.expected, c.actual, c.line, c.fields, "
      "(SELECT v.page FROM report_values v WHERE v.report = c.report AND v.line = c.line AND v.page > 0 "
      " ORDER BY v.field LIMIT 1), "
      "(SELECT v.page_line FROM report_values v WHERE v.report = c.report AND v.line = c.line AND v.page > 0 "
      " ORDER BY v.field LIMIT 1) "
      "FROM checks c JOIN reports r ON r.id = c.report WHERE c.status = 'fail' "
      "ORDER BY r.path, r.id, c.line, c.rule, c.subject";
  const char *fq = "SELECT j.value, v.value, v.raw, v.line, v.page, v.page_line FROM json_each(?1) j "
                   "LEFT JOIN report_values v ON v.report = ?2 AND v.field = j.value ORDER BY j.key";
  if (sqlite3_prepare_v2(d->db, q, -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(d->db, fq, -1, &fs, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot read the checks: %s", sqlite3_errmsg(d->db));
    sqlite3_finalize(st);
    return OGI_ERR_DATASET;
  }
  int last = -1, n = 0, nreports = 0, rc;
  og_buf body;
  og_buf_init(&body);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int report = sqlite3_column_int(st, 0);
    if (report != last) {
      if (last >= 0) og_buf_puts(&body, "</tbody></table>\n");
      last = report;
      nreports++;
      og_buf_puts(&body, "<h3 class=\"broken-report\"><code>");
      S_html(&body, S_text(st, 1));
      og_buf_puts(&body, "</code> ");
      S_html(&body, S_text(st, 2));
      og_buf_printf(&body, " %d</h3>\n<table class=\"failures\"><thead><tr><th>rule</th><th>subject</th>"
                          "<th>expected</th><th>printed</th><th>line</th><th>page</th><th>fields of the sum</th>"
                          "</tr></thead><tbody>\n",
                   sqlite3_column_int(st, 3));
    }
    n++;
    og_buf_puts(&body, "<tr class=\"failure\"><td>");
    S_html(&body, S_text(st, 4));
    og_buf_puts(&body, "</td><td>");
    S_html(&body, S_text(st, 5));
    og_buf_printf(&body, "</td><td class=\"n\">%.15g</td><td class=\"n fail\">%.15g</td><td class=\"n\">%d</td>",
                 sqlite3_column_double(st, 6), sqlite3_column_double(st, 7), sqlite3_column_int(st, 8));
    if (sqlite3_column_type(st, 10) != SQLITE_NULL)
      og_buf_printf(&body, "<td class=\"n\">%d, line %d</td>", sqlite3_column_int(st, 10), sqlite3_column_int(st, 11));
    else og_buf_puts(&body, "<td></td>");
    og_buf_puts(&body, "<td>");
    if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
      sqlite3_reset(fs);
      sqlite3_bind_text(fs, 1, S_text(st, 9), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(fs, 2, report);
      int k = 0;
      while (sqlite3_step(fs) == SQLITE_ROW) {
        og_buf_puts(&body, k++ ? "<br>" : "");
        og_buf_puts(&body, "<code>");
        S_html(&body, S_text(fs, 0));
        og_buf_puts(&body, "</code> = ");
        if (sqlite3_column_type(fs, 1) == SQLITE_NULL) og_buf_puts(&body, "null (not found)");
        else {
          og_buf_printf(&body, "%.15g", sqlite3_column_double(fs, 1));
          if (sqlite3_column_int(fs, 3) > 0) og_buf_printf(&body, " (line %d", sqlite3_column_int(fs, 3));
          if (sqlite3_column_int(fs, 4) > 0)
            og_buf_printf(&body, ", page %d line %d", sqlite3_column_int(fs, 4), sqlite3_column_int(fs, 5));
          if (sqlite3_column_int(fs, 3) > 0) og_buf_puts(&body, ")");
        }
      }
    }
    og_buf_puts(&body, "</td></tr>\n");
  }
  if (last >= 0) og_buf_puts(&body, "</tbody></table>\n");
  sqlite3_finalize(st);
  sqlite3_finalize(fs);
  char *s = og_buf_take(&body);
  if (rc != SQLITE_DONE) {
    free(s);
    snprintf(err, errlen, "cannot read the checks: %s", sqlite3_errmsg(d->db));
    return OGI_ERR_IO;
  }
  og_buf_printf(b, "<h2 id=\"failures\">Reports whose totals break (%d failed checks in %d reports)</h2>\n", n,
               nreports);
  if (!n) og_buf_puts(b, "<p>No check failed.</p>\n");
  og_buf_puts(b, s);
  free(s);
  return OGI_OK;
}

static int S_cross(og_buf *b, cmp_data *d, char *err, size_t errlen) {
  og_buf_puts(b, "<h2 id=\"cross\">Cross-year warnings</h2>\n");
  if (!cmp_has_table(d, "cross_checks")) {
    og_buf_puts(b, "<p>The dataset has no cross_checks table.</p>\n");
    return OGI_OK;
  }
  sqlite3_stmt *st = NULL;
  const char *q = "SELECT x.rule, x.agency_name, x.year, r.path, p.path, x.subject, x.expected, x.actual, x.message "
                  "FROM cross_checks x LEFT JOIN reports r ON r.id = x.report LEFT JOIN reports p ON p.id = x.prev_report "
                  "ORDER BY x.agency_name, x.year, x.rule, x.subject, x.report";
  if (sqlite3_prepare_v2(d->db, q, -1, &st, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "cannot read cross_checks: %s", sqlite3_errmsg(d->db));
    return OGI_ERR_DATASET;
  }
  og_buf_puts(b, "<table id=\"cross-table\" class=\"sortable\"><thead><tr><th>agency</th><th>year</th><th>rule</th>"
                "<th>subject</th><th>expected</th><th>actual</th><th>message</th><th>report</th><th>previous report"
                "</th></tr></thead><tbody>\n");
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    n++;
    og_buf_puts(b, "<tr class=\"cross\"><td>");
    S_html(b, S_text(st, 1));
    og_buf_printf(b, "</td><td class=\"n\" data-v=\"%d\">%d</td><td>", sqlite3_column_int(st, 2),
                 sqlite3_column_int(st, 2));
    S_html(b, S_text(st, 0));
    og_buf_puts(b, "</td><td>");
    S_html(b, S_text(st, 5));
    for (int c = 6; c <= 7; c++) {
      og_buf_puts(b, "</td><td class=\"n\">");
      if (sqlite3_column_type(st, c) != SQLITE_NULL) og_buf_printf(b, "%.0f", sqlite3_column_double(st, c));
    }
    og_buf_puts(b, "</td><td>");
    S_html(b, S_text(st, 8));
    og_buf_puts(b, "</td><td><code>");
    S_html(b, S_text(st, 3));
    og_buf_puts(b, "</code></td><td><code>");
    S_html(b, S_text(st, 4));
    og_buf_puts(b, "</code></td></tr>\n");
  }
  sqlite3_finalize(st);
  og_buf_puts(b, "</tbody></table>\n");
  if (!n) og_buf_puts(b, "<p>No cross-year warning.</p>\n");
  if (rc != SQLITE_DONE) {
    snprintf(err, errlen, "cannot read cross_checks: %s", sqlite3_errmsg(d->db));
    return OGI_ERR_IO;
  }
  return OGI_OK;
}

static long S_count(cmp_data *d, const char *q) {
  sqlite3_stmt *st = NULL;
  long n = -1;
  if (sqlite3_prepare_v2(d->db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

int ogi_render_report_html(const ogi_rules *rules, const char *db, char **out, char *err, size_t errlen) {
  *out = NULL;
  cmp_data d;
  int rc = cmp_load(rules, db, &d, err, errlen);
  if (rc != OGI_OK) return rc;
  int mrec = cmp_metric(&d, "received"), mhan = cmp_metric(&d, "handled"), mgr = cmp_metric(&d, "grant_rate");
  /* the agencies (rows are sorted by key, then year) */
  S_agency *ag = og_xcalloc((size_t)d.nrows + 1, sizeof *ag);
  int na = 0;
  cmp_group all;
  cmp_group_init(&d, &all);
  int ymin = 0, ymax = 0, nyears = 0;
  for (int i = 0; i < d.nrows; i++) {
    const cmp_row *r = &d.rows[i];
    if (!na || strcmp(ag[na - 1].g.key, r->key)) {
      cmp_group_init(&d, &ag[na].g);
      ag[na].g.key = og_xstrdup(r->key);
      ag[na].first = i;
      na++;
    }
    ag[na - 1].nyears++;
    cmp_group_add(&d, &ag[na - 1].g, r);
    cmp_group_add(&d, &all, r);
    if (r->year > 0) {
      ymin = !ymin || r->year < ymin ? r->year : ymin;
      ymax = r->year > ymax ? r->year : ymax;
    }
  }
  for (int k = 0; k < na; k++) cmp_group_finish(&d, &ag[k].g);
  cmp_group_finish(&d, &all);
  {
    /* distinct years */
    unsigned char seen[10000] = {0};
    for (int i = 0; i < d.nrows; i++)
      if (d.rows[i].year > 0 && d.rows[i].year < 10000 && !seen[d.rows[i].year]) {
        seen[d.rows[i].year] = 1;
        nyears++;
      }
  }

  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"generator\" content=\"ogi ");
  S_html(&b, ogi_version());
  og_buf_puts(&b, "\">\n<title>政府信息公开工作年度报告: ");
  S_html(&b, db);
  og_buf_puts(&b, "</title>\n");
  og_buf_puts(&b, S_style);
  og_buf_puts(&b, "</head>\n<body>\n<h1>政府信息公开工作年度报告 — ");
  S_html(&b, db);
  og_buf_puts(&b, "</h1>\n");

  /* headline */
  char v[64];
  og_buf_puts(&b, "<section class=\"headline\" id=\"headline\">\n");
  snprintf(v, sizeof v, "%ld", S_count(&d, "SELECT count(*) FROM reports WHERE status = 'ok'"));
  S_headline(&b, "reports", v);
  snprintf(v, sizeof v, "%d", na);
  S_headline(&b, "agencies", v);
  if (ymin) snprintf(v, sizeof v, "%d (%d–%d)", nyears, ymin, ymax);
  else snprintf(v, sizeof v, "0");
  S_headline(&b, "years", v);
  if (mrec >= 0) {
    cmp_format_value(v, sizeof v, all.v[mrec], 0, 1);
    S_headline(&b, "applications received", all.has[mrec] ? v : "—");
  }
  if (mhan >= 0) {
    cmp_format_value(v, sizeof v, all.v[mhan], 0, 1);
    S_headline(&b, "applications handled", all.has[mhan] ? v : "—");
  }
  if (mgr >= 0) {
    cmp_format_value(v, sizeof v, all.v[mgr], 1, 1);
    S_headline(&b, "grant rate", all.has[mgr] ? v : "—");
  }
  snprintf(v, sizeof v, "%ld", S_count(&d, "SELECT count(DISTINCT report) FROM checks WHERE status = 'fail'"));
  S_headline(&b, "reports with failed checks", v);
  og_buf_puts(&b, "</section>\n<p>Counts are summed over agencies and years (one copy of each report: the most "
                 "complete); a rate is the sum of its numerators over the sum of its denominators.</p>\n");

  /* per agency and year */
  static const char *const cols[] = {"received",   "handled", "grant_rate", "partial_rate", "refusal_rate",
                                     "unable_rate", "reviews", "suits",      "review_correction_rate"};
  int ncols = (int)(sizeof cols / sizeof *cols), cm[16];
  og_buf_printf(&b, "<h2 id=\"agencies\">Agencies and years (%d rows)</h2>\n"
                   "<table id=\"agency-table\" class=\"sortable\"><thead><tr><th>agency</th><th>region</th>"
                   "<th>year</th>",
               d.nrows);
  for (int c = 0; c < ncols; c++) {
    cm[c] = cmp_metric(&d, cols[c]);
    if (cm[c] >= 0) og_buf_printf(&b, "<th>%s</th>", cols[c]);
  }
  og_buf_puts(&b, "<th>copies</th><th>failed checks</th></tr></thead><tbody>\n");
  for (int i = 0; i < d.nrows; i++) {
    const cmp_row *r = &d.rows[i];
    og_buf_puts(&b, "<tr class=\"agency-year\"><td title=\"");
    S_html(&b, r->printed);
    og_buf_puts(&b, "\">");
    S_html(&b, r->key);
    og_buf_puts(&b, "</td><td title=\"");
    S_html(&b, r->region_name);
    og_buf_puts(&b, "\">");
    S_html(&b, r->region_code);
    og_buf_printf(&b, "</td><td class=\"n\" data-v=\"%d\">%d</td>", r->year, r->year);
    for (int c = 0; c < ncols; c++)
      if (cm[c] >= 0) S_value_cell(&b, &d, cm[c], r->has[cm[c]], r->v[cm[c]]);
    og_buf_printf(&b, "<td class=\"n\" data-v=\"%d\">%d</td><td class=\"n%s\" data-v=\"%d\">%d</td></tr>\n", r->copies,
                 r->copies, r->checks_failed ? " fail" : "", r->checks_failed, r->checks_failed);
  }
  og_buf_puts(&b, "</tbody></table>\n");

  /* grant rate by agency (over all its years) */
  og_buf_puts(&b, "<h2 id=\"grant-rate\">Grant rate by agency</h2>\n");
  if (mgr >= 0) {
    S_handled_cmp_metric = mhan;
    qsort(ag, (size_t)na, sizeof *ag, S_by_handled);
    S_agency *with = og_xcalloc((size_t)na + 1, sizeof *with);
    int nw = 0, total = 0;
    for (int k = 0; k < na; k++)
      if (ag[k].g.has[mgr]) {
        total++;
        if (nw < OGI_REPORT_MAX_BARS) with[nw++] = ag[k];
      }
    S_rate_metric = mgr;
    qsort(with, (size_t)nw, sizeof *with, S_by_rate);
    char **labels = og_xcalloc((size_t)nw + 1, sizeof *labels);
    double *vals = og_xcalloc((size_t)nw + 1, sizeof *vals);
    for (int k = 0; k < nw; k++) {
      labels[k] = with[k].g.key;
      vals[k] = with[k].g.v[mgr];
    }
    og_buf_printf(&b, "<p>（一）予以公开 / （七）总计 over each agency's years: %d agencies", nw);
    if (total > nw) og_buf_printf(&b, " (the %d handling the most applications, of %d)", nw, total);
    og_buf_puts(&b, ".</p>\n");
    S_bar_chart(&b, "grant-rate-chart", "grant rate by agency", labels, vals, nw, 1);
    free(labels);
    free(vals);
    free(with);
  }

  /* time series */
  og_buf_puts(&b, "<h2 id=\"series\">Agencies with several years: applications received and handled</h2>\n"
                 "<p class=\"legend\"><span style=\"background:#1f77b4\"></span>received (一、本年新收)"
                 "<span style=\"background:#e8710a\"></span>handled (（七）总计)</p>\n");
  {
    S_handled_cmp_metric = mhan;
    qsort(ag, (size_t)na, sizeof *ag, S_by_handled);
    int shown = 0, total = 0;
    for (int k = 0; k < na; k++) {
      int years = 0;
      const cmp_row *rows = &d.rows[ag[k].first];
      for (int i = 0; i < ag[k].nyears; i++)
        years += (mrec >= 0 && rows[i].has[mrec]) || (mhan >= 0 && rows[i].has[mhan]);
      if (years < 2) continue;
      total++;
      if (shown < OGI_REPORT_MAX_SERIES) {
        S_series(&b, &d, &ag[k], mrec, mhan);
        shown++;
      }
    }
    if (!total) og_buf_puts(&b, "<p>No agency has two years with values.</p>\n");
    else if (total > shown) og_buf_printf(&b, "<p>%d of %d agencies shown.</p>\n", shown, total);
  }

  /* regions: by city (the first four digits of the code) */
  og_buf_puts(&b, "<h2 id=\"regions\">Regions (by city: the first four digits of the GB/T 2260 code)</h2>\n");
  {
    cmp_group *rg = og_xcalloc((size_t)d.nrows + 1, sizeof *rg);
    int nr = 0;
    for (int i = 0; i < d.nrows; i++) {
      const cmp_row *r = &d.rows[i];
      char key[16];
      snprintf(key, sizeof key, "%.4s", r->region_code && strlen(r->region_code) >= 4 ? r->region_code : "~");
      int gi = -1;
      for (int k = 0; k < nr; k++)
        if (!strcmp(rg[k].key, key)) gi = k;
      if (gi < 0) {
        gi = nr++;
        cmp_group_init(&d, &rg[gi]);
        rg[gi].key = og_xstrdup(key);
        if (strcmp(key, "~")) rg[gi].label = cmp_region_name(&d, key);
      }
      cmp_group_add(&d, &rg[gi], r);
      char own[40];
      snprintf(own, sizeof own, "%s00", key);
      if (!rg[gi].label && r->region_code && !strcmp(r->region_code, own) && r->region_name)
        rg[gi].label = og_xstrdup(r->region_name);
    }
    /* sorted by code, the rows without a region last ("~") */
    for (int i = 1; i < nr; i++)
      for (int k = i; k > 0 && strcmp(rg[k - 1].key, rg[k].key) > 0; k--) {
        cmp_group t = rg[k];
        rg[k] = rg[k - 1];
        rg[k - 1] = t;
      }
    for (int k = 0; k < nr; k++) {
      cmp_group_finish(&d, &rg[k]);
      /* distinct agencies */
      char **keys = og_xcalloc((size_t)d.nrows + 1, sizeof *keys);
      int nk = 0;
      for (int i = 0; i < d.nrows; i++) {
        const cmp_row *r = &d.rows[i];
        int in = !strcmp(rg[k].key, "~") ? !r->region_code || strlen(r->region_code) < 4
                                          : r->region_code && !strncmp(r->region_code, rg[k].key, 4);
        int dup = 0;
        for (int j = 0; in && j < nk; j++) dup |= !strcmp(keys[j], r->key);
        if (in && !dup) keys[nk++] = r->key;
      }
      rg[k].agencies = nk;
      free(keys);
    }
    og_buf_puts(&b, "<table id=\"region-table\" class=\"sortable\"><thead><tr><th>region</th><th>name</th>"
                   "<th>agencies</th><th>reports</th><th>received</th><th>handled</th><th>grant_rate</th>"
                   "<th>failed checks</th></tr></thead><tbody>\n");
    char **labels = og_xcalloc((size_t)nr + 1, sizeof *labels);
    double *vals = og_xcalloc((size_t)nr + 1, sizeof *vals);
    int nb = 0;
    for (int k = 0; k < nr; k++) {
      int none = !strcmp(rg[k].key, "~");
      og_buf_puts(&b, "<tr class=\"region\"><td>");
      S_html(&b, none ? "(none)" : rg[k].key);
      og_buf_puts(&b, "</td><td>");
      S_html(&b, none ? "agency not placed in a region" : rg[k].label);
      og_buf_printf(&b, "</td><td class=\"n\" data-v=\"%d\">%d</td><td class=\"n\" data-v=\"%d\">%d</td>",
                   rg[k].agencies, rg[k].agencies, rg[k].rows, rg[k].rows);
      S_value_cell(&b, &d, mrec, mrec >= 0 && rg[k].has[mrec], mrec >= 0 ? rg[k].v[mrec] : 0);
      S_value_cell(&b, &d, mhan, mhan >= 0 && rg[k].has[mhan], mhan >= 0 ? rg[k].v[mhan] : 0);
      S_value_cell(&b, &d, mgr, mgr >= 0 && rg[k].has[mgr], mgr >= 0 ? rg[k].v[mgr] : 0);
      og_buf_printf(&b, "<td class=\"n\" data-v=\"%d\">%d</td></tr>\n", rg[k].checks_failed, rg[k].checks_failed);
      if (mrec >= 0 && rg[k].has[mrec]) {
        char *l = og_xstrdup(none ? "(none)" : rg[k].label ? rg[k].label : rg[k].key);
        labels[nb] = l;
        vals[nb++] = rg[k].v[mrec];
      }
    }
    og_buf_puts(&b, "</tbody></table>\n<p>Applications received (一、本年新收) by region:</p>\n");
    S_bar_chart(&b, "region-chart", "applications received by region", labels, vals, nb, 0);
    for (int k = 0; k < nb; k++) free(labels[k]);
    free(labels);
    free(vals);
    for (int k = 0; k < nr; k++) cmp_group_free(&rg[k]);
    free(rg);
  }

  rc = S_failures(&b, &d, err, errlen);
  if (rc == OGI_OK) rc = S_cross(&b, &d, err, errlen);
  og_buf_puts(&b, S_script);
  og_buf_puts(&b, "</body>\n</html>\n");
  for (int k = 0; k < na; k++) cmp_group_free(&ag[k].g);
  free(ag);
  cmp_group_free(&all);
  cmp_free(&d);
  char *s = og_buf_take(&b);
  if (rc != OGI_OK) {
    free(s);
    return rc;
  }
  *out = s;
  return OGI_OK;
}
