/* `ogi compare` (docs/compare.md): the indicators of a dataset's agency_year view, per agency and year, per
 * year or per region (a GB/T 2260 code prefix), filtered and sorted, as an aligned terminal table, CSV,
 * Markdown or JSON. Counts are summed; a group's rate is its numerators' sum over its denominators' sum
 * (never an average of rates). Also the loader that `ogi report` (report_html.c) shares. */
#include "compare.h"
#include "format.h"
#include "indicators.h"
#include "rules.h"
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define CMP_MIN_VERSION 2

static char *S_col_dup(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? og_xstrdup((const char *)t) : NULL;
}

int cmp_has_table(const cmp_data *d, const char *name) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_master WHERE name = ?1 AND type IN ('table','view')", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

/* The columns of agency_year, to know which ind_ and field columns exist. */
static int S_has_column(sqlite3 *db, const char *col) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info('agency_year') WHERE name = ?1", -1, &st, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(st, 1, col, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

/* "t3.total.total" → "t3_total_total", the report_wide column of a field id. */
static void S_field_column(og_buf *b, const char *id) {
  for (const char *p = id; *p; p++) og_buf_putc(b, *p == '.' ? '_' : *p);
}

void cmp_free(cmp_data *d) {
  for (int i = 0; i < d->nrows; i++) {
    cmp_row *r = &d->rows[i];
    free(r->key);
    free(r->printed);
    free(r->region_code);
    free(r->region_name);
    free(r->level);
    free(r->kind);
    free(r->path);
    free(r->template_);
    free(r->v);
    free(r->den);
    free(r->has);
  }
  free(d->rows);
  for (int m = 0; m < d->nmetrics; m++) free(d->metric[m]);
  free(d->metric);
  free(d->is_rate);
  if (d->db) sqlite3_close(d->db);
  memset(d, 0, sizeof *d);
}

int cmp_metric(const cmp_data *d, const char *name) {
  for (int m = 0; m < d->nmetrics; m++)
    if (!strcmp(d->metric[m], name)) return m;
  return -1;
}

int cmp_load(const ogi_rules *rules, const char *path, cmp_data *d, char *err, size_t errlen) {
  memset(d, 0, sizeof *d);
  if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open: %s", path, d->db ? sqlite3_errmsg(d->db) : "out of memory");
    cmp_free(d);
    return OGI_ERR_IO;
  }
  sqlite3_busy_timeout(d->db, 5000);
  sqlite3_stmt *st = NULL;
  int version = -1;
  if (sqlite3_prepare_v2(d->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    version = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  st = NULL;
  if (version < 0) {
    snprintf(err, errlen, "%s: cannot read: %s", path, sqlite3_errmsg(d->db));
    cmp_free(d);
    return OGI_ERR_DATASET;
  }
  if (!cmp_has_table(d, "agency_year") || !cmp_has_table(d, "reports")) {
    snprintf(err, errlen, "%s: not an ogi dataset (no agency_year view): make one with 'ogi extract DIR -o %s'",
             path, path);
    cmp_free(d);
    return OGI_ERR_DATASET;
  }
  if (version < CMP_MIN_VERSION) {
    snprintf(err, errlen,
             "%s: an ogi dataset of layout version %d, without agency identity and indicators (version %d or later "
             "is needed): run 'ogi extract DIR -o %s' with this ogi, which migrates it",
             path, version, CMP_MIN_VERSION, path);
    cmp_free(d);
    return OGI_ERR_DATASET;
  }

  /* the metrics: indicators.tsv's names that the dataset has as ind_ columns */
  int n = ogi_indicator_count(rules);
  d->metric = og_xcalloc((size_t)n + 1, sizeof *d->metric);
  d->is_rate = og_xcalloc((size_t)n + 1, sizeof *d->is_rate);
  og_buf sql;
  og_buf_init(&sql);
  og_buf_puts(&sql, "SELECT coalesce(agency_name, agency), agency, region_code, region_name, level, kind, path, "
                   "template, year, copies, checks_failed, id");
  for (int i = 0; i < n; i++) {
    const char *name = ogi_indicator_name(rules, i);
    char col[160];
    snprintf(col, sizeof col, "ind_%s", name);
    if (!S_has_column(d->db, col)) continue;
    int di = indicators_find(rules, name);
    const indicator_def *def = di >= 0 ? &rules->indicators[di] : NULL;
    int m = d->nmetrics++;
    d->metric[m] = og_xstrdup(name);
    d->is_rate[m] = def && def->nden > 0;
    og_buf_printf(&sql, ", \"%s\"", col);
    /* the denominator: the sum of its fields (a field the report's template lacks counts 0) */
    if (d->is_rate[m]) {
      og_buf_puts(&sql, ", 0");
      for (int k = 0; k < def->nden; k++) {
        og_buf fc;
        og_buf_init(&fc);
        S_field_column(&fc, rules->fields[def->den[k]].id);
        char *c = og_buf_take(&fc);
        if (S_has_column(d->db, c)) og_buf_printf(&sql, " + coalesce(\"%s\", 0)", c);
        free(c);
      }
    } else {
      og_buf_puts(&sql, ", 0");
    }
  }
  og_buf_puts(&sql, " FROM agency_year ORDER BY 1, year, id");
  char *q = og_buf_take(&sql);
  int rc = sqlite3_prepare_v2(d->db, q, -1, &st, NULL);
  free(q);
  if (rc != SQLITE_OK) {
    snprintf(err, errlen, "%s: agency_year is not that of an ogi dataset (version %d): %s", path, version,
             sqlite3_errmsg(d->db));
    cmp_free(d);
    return OGI_ERR_DATASET;
  }
  int cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (d->nrows == cap) {
      cap = cap ? cap * 2 : 64;
      d->rows = og_xrealloc(d->rows, (size_t)cap * sizeof *d->rows);
    }
    cmp_row *r = &d->rows[d->nrows++];
    memset(r, 0, sizeof *r);
    r->key = S_col_dup(st, 0);
    r->printed = S_col_dup(st, 1);
    if (!r->key) r->key = og_xstrdup("");
    r->region_code = S_col_dup(st, 2);
    r->region_name = S_col_dup(st, 3);
    r->level = S_col_dup(st, 4);
    r->kind = S_col_dup(st, 5);
    r->path = S_col_dup(st, 6);
    r->template_ = S_col_dup(st, 7);
    r->year = sqlite3_column_int(st, 8);
    r->copies = sqlite3_column_int(st, 9);
    r->checks_failed = sqlite3_column_int(st, 10);
    r->id = sqlite3_column_int(st, 11);
    r->v = og_xcalloc((size_t)d->nmetrics + 1, sizeof *r->v);
    r->den = og_xcalloc((size_t)d->nmetrics + 1, sizeof *r->den);
    r->has = og_xcalloc((size_t)d->nmetrics + 1, 1);
    for (int m = 0; m < d->nmetrics; m++) {
      int c = 12 + 2 * m;
      if (sqlite3_column_type(st, c) != SQLITE_NULL) {
        r->has[m] = 1;
        r->v[m] = sqlite3_column_double(st, c);
      }
      r->den[m] = sqlite3_column_double(st, c + 1);
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    snprintf(err, errlen, "%s: cannot read agency_year: %s", path, sqlite3_errmsg(d->db));
    cmp_free(d);
    return OGI_ERR_IO;
  }
  return OGI_OK;
}

void cmp_group_init(const cmp_data *d, cmp_group *g) {
  memset(g, 0, sizeof *g);
  g->v = og_xcalloc((size_t)d->nmetrics + 1, sizeof *g->v);
  g->num = og_xcalloc((size_t)d->nmetrics + 1, sizeof *g->num);
  g->den = og_xcalloc((size_t)d->nmetrics + 1, sizeof *g->den);
  g->has = og_xcalloc((size_t)d->nmetrics + 1, 1);
}

void cmp_group_add(const cmp_data *d, cmp_group *g, const cmp_row *r) {
  g->rows++;
  g->checks_failed += r->checks_failed;
  for (int m = 0; m < d->nmetrics; m++) {
    if (!r->has[m]) continue;
    if (d->is_rate[m]) {
      if (!(r->den[m] > 0)) continue;
      /* the numerator is a count: rate × denominator, rounded back to it */
      g->num[m] += round(r->v[m] * r->den[m]);
      g->den[m] += r->den[m];
    } else {
      g->v[m] += r->v[m];
    }
    g->has[m] = 1;
  }
}

void cmp_group_finish(const cmp_data *d, cmp_group *g) {
  for (int m = 0; m < d->nmetrics; m++)
    if (d->is_rate[m]) {
      if (g->has[m] && g->den[m] > 0) g->v[m] = g->num[m] / g->den[m];
      else g->has[m] = 0;
    }
}

void cmp_group_free(cmp_group *g) {
  free(g->key);
  free(g->label);
  free(g->v);
  free(g->num);
  free(g->den);
  free(g->has);
  memset(g, 0, sizeof *g);
}

char *cmp_region_name(const cmp_data *d, const char *prefix) {
  if (!cmp_has_table(d, "agencies")) return NULL;
  sqlite3_stmt *st = NULL;
  char *name = NULL;
  const char *q = "SELECT CASE length(?1) WHEN 2 THEN province WHEN 4 THEN province || coalesce(city, '') "
                  "WHEN 6 THEN province || coalesce(city, '') || coalesce(county, '') ELSE region_name END "
                  "FROM agencies WHERE substr(region_code, 1, length(?1)) = ?1 AND province IS NOT NULL "
                  "AND (length(?1) < 9 OR region_code = ?1) ORDER BY region_code, agency_name LIMIT 1";
  if (sqlite3_prepare_v2(d->db, q, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) name = S_col_dup(st, 0);
  }
  sqlite3_finalize(st);
  return name;
}

void cmp_format_value(char *out, size_t n, double v, int is_rate, int percent) {
  /* half away from zero (6.25% is 6.3%), not printf's binary rounding */
  if (is_rate && percent) snprintf(out, n, "%.1f%%", floor(v * 1000.0 + 0.5) / 10.0);
  else if (is_rate) snprintf(out, n, "%.10g", v);
  else if (v == floor(v) && fabs(v) < 1e15) snprintf(out, n, "%.0f", v);
  else snprintf(out, n, "%.2f", v);
}

/* --- ogi compare ---------------------------------------------------------------------------------------- */

void ogi_compare_options_init(ogi_compare_options *o) {
  memset(o, 0, sizeof *o);
  o->by = "agency";
  o->format = "table";
}

/* The metrics a terminal or Markdown table shows by default (csv and json give them all). */
static const char *const S_key_metrics[] = {"received", "handled", "grant_rate", "partial_rate", "refusal_rate",
                                            "unable_rate", "not_processed_rate", "carried_forward", "reviews",
                                            "review_correction_rate", "suits", "suit_correction_rate"};

static void S_metric_list(const cmp_data *d, og_buf *b) {
  for (int m = 0; m < d->nmetrics; m++) og_buf_printf(b, "%s%s", m ? ", " : "", d->metric[m]);
}

static int S_match_agency(const cmp_row *r, const char *pat) {
  int glob = strpbrk(pat, "*?[") != NULL;
  const char *names[2] = {r->key, r->printed};
  for (int i = 0; i < 2; i++) {
    if (!names[i]) continue;
    if (glob ? fnmatch(pat, names[i], 0) == 0 : strstr(names[i], pat) != NULL) return 1;
  }
  return 0;
}

/* A cell of the output: text, or a value of metric m (m < 0: a plain count or text). */
typedef struct {
  char *text;
  int numeric;
} S_cell;

typedef struct {
  int ncols, nrows;
  char **head;
  int *numeric;
  int *metric;   /* per column: the metric index, or -1 */
  S_cell *cells; /* nrows × ncols */
  unsigned char *null;
  double *value; /* per cell, for json/csv numbers */
} S_table;

static int S_display_width(const char *s) {
  int w = 0;
  utf8proc_int32_t cp;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), k;
  while (len > 0 && (k = utf8proc_iterate(p, len, &cp)) > 0) {
    int cw = utf8proc_charwidth(cp);
    w += cw > 0 ? cw : 0;
    p += k;
    len -= k;
  }
  return w;
}

static void S_csv_cell(og_buf *b, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    og_buf_puts(b, s);
    return;
  }
  og_buf_putc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') og_buf_putc(b, '"');
    og_buf_putc(b, *p);
  }
  og_buf_putc(b, '"');
}

static void S_md_cell(og_buf *b, const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == '|' || *p == '\\') og_buf_putc(b, '\\');
    if (*p == '\n' || *p == '\r') og_buf_putc(b, ' ');
    else og_buf_putc(b, *p);
  }
}

static char *S_render(const S_table *t, const cmp_data *d, const char *format) {
  og_buf b;
  og_buf_init(&b);
  int fmt_table = !strcmp(format, "table"), md = !strcmp(format, "md"), csv = !strcmp(format, "csv");
  if (fmt_table || md) {
    /* the texts shown: escaped for the terminal (document text may hold control characters) */
    int total = t->nrows * t->ncols;
    char **shown = og_xcalloc((size_t)total + (size_t)t->ncols + 1, sizeof *shown);
    int *width = og_xcalloc((size_t)t->ncols + 1, sizeof *width);
    for (int c = 0; c < t->ncols; c++) {
      shown[total + c] = ogi_escape_terminal(t->head[c]);
      width[c] = S_display_width(shown[total + c]);
    }
    for (int i = 0; i < total; i++) {
      int c = i % t->ncols, m = t->metric[c];
      char v[64];
      if (m >= 0 && !t->null[i]) {
        cmp_format_value(v, sizeof v, t->value[i], d->is_rate[m], 1);
        shown[i] = og_xstrdup(v);
      } else {
        shown[i] = ogi_escape_terminal(t->null[i] ? "" : t->cells[i].text ? t->cells[i].text : "");
      }
      int w = S_display_width(shown[i]);
      if (w > width[c]) width[c] = w;
    }
    for (int r = -1; r < t->nrows; r++) {
      if (md) og_buf_puts(&b, "|");
      for (int c = 0; c < t->ncols; c++) {
        const char *s = r < 0 ? shown[total + c] : shown[r * t->ncols + c];
        int pad = width[c] - S_display_width(s);
        if (md) {
          og_buf_putc(&b, ' ');
          S_md_cell(&b, s);
          og_buf_puts(&b, " |");
          continue;
        }
        if (c) og_buf_puts(&b, "  ");
        if (t->numeric[c])
          for (int k = 0; k < pad; k++) og_buf_putc(&b, ' ');
        og_buf_puts(&b, s);
        if (!t->numeric[c] && c < t->ncols - 1)
          for (int k = 0; k < pad; k++) og_buf_putc(&b, ' ');
      }
      og_buf_putc(&b, '\n');
      if (r < 0 && md) {
        og_buf_puts(&b, "|");
        for (int c = 0; c < t->ncols; c++) og_buf_puts(&b, t->numeric[c] ? "---:|" : "---|");
        og_buf_putc(&b, '\n');
      }
    }
    for (int i = 0; i < total + t->ncols; i++) ogi_free(shown[i]);
    free(shown);
    free(width);
  } else if (csv) {
    for (int c = 0; c < t->ncols; c++) {
      if (c) og_buf_putc(&b, ',');
      S_csv_cell(&b, t->head[c]);
    }
    og_buf_putc(&b, '\n');
    for (int r = 0; r < t->nrows; r++) {
      for (int c = 0; c < t->ncols; c++) {
        int i = r * t->ncols + c, m = t->metric[c];
        if (c) og_buf_putc(&b, ',');
        if (t->null[i]) continue;
        if (m >= 0) {
          char v[64];
          cmp_format_value(v, sizeof v, t->value[i], d->is_rate[m], 0);
          og_buf_puts(&b, v);
        } else {
          S_csv_cell(&b, t->cells[i].text ? t->cells[i].text : "");
        }
      }
      og_buf_putc(&b, '\n');
    }
  } else { /* json: an array of objects, one a line */
    og_buf_puts(&b, "[");
    for (int r = 0; r < t->nrows; r++) {
      og_buf_puts(&b, r ? ",\n{" : "\n{");
      for (int c = 0; c < t->ncols; c++) {
        int i = r * t->ncols + c, m = t->metric[c];
        if (c) og_buf_putc(&b, ',');
        og_json_string(&b, t->head[c]);
        og_buf_putc(&b, ':');
        if (t->null[i]) og_buf_puts(&b, "null");
        else if (m >= 0 || t->cells[i].numeric) {
          char v[64];
          if (m >= 0) cmp_format_value(v, sizeof v, t->value[i], d->is_rate[m], 0);
          else snprintf(v, sizeof v, "%s", t->cells[i].text);
          og_buf_puts(&b, v);
        } else og_json_string(&b, t->cells[i].text ? t->cells[i].text : "");
      }
      og_buf_putc(&b, '}');
    }
    og_buf_puts(&b, t->nrows ? "\n]\n" : "]\n");
  }
  return og_buf_take(&b);
}

/* Sorting groups: by the metric (descending, nulls last), then in their natural order. */
static int S_sort_metric;
static int S_group_cmp(const void *a, const void *b) {
  const cmp_group *x = a, *y = b;
  if (S_sort_metric >= 0) {
    int m = S_sort_metric;
    if (x->has[m] != y->has[m]) return x->has[m] ? -1 : 1;
    if (x->has[m] && x->v[m] != y->v[m]) return x->v[m] > y->v[m] ? -1 : 1;
  }
  int c = strcmp(x->key, y->key);
  if (c) return c;
  return (x->year > y->year) - (x->year < y->year);
}

static int S_str_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int ogi_compare(const ogi_rules *rules, const char *db, const ogi_compare_options *opt, char **out, char *err,
                size_t errlen) {
  *out = NULL;
  int by_agency = !strcmp(opt->by, "agency"), by_year = !strcmp(opt->by, "year"),
      by_region = !strcmp(opt->by, "region");
  if (!by_agency && !by_year && !by_region) {
    snprintf(err, errlen, "unknown --by '%s': use agency, year or region", opt->by);
    return OGI_ERR_ARG;
  }
  const char *format = opt->format ? opt->format : "table";
  if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "md") && strcmp(format, "json")) {
    snprintf(err, errlen, "unknown format '%s': use table, csv, md or json", format);
    return OGI_ERR_ARG;
  }
  if (opt->region)
    for (const char *p = opt->region; *p; p++)
      if (*p < '0' || *p > '9') {
        snprintf(err, errlen, "--region takes a GB/T 2260 code or its prefix (digits, such as 35 or 350128), not '%s'",
                 opt->region);
        return OGI_ERR_ARG;
      }
  cmp_data d;
  int rc = cmp_load(rules, db, &d, err, errlen);
  if (rc != OGI_OK) return rc;
  int sort = -1;
  if (opt->sort && (sort = cmp_metric(&d, opt->sort)) < 0) {
    og_buf b;
    og_buf_init(&b);
    og_buf_printf(&b, "unknown metric '%s': use one of ", opt->sort);
    S_metric_list(&d, &b);
    char *s = og_buf_take(&b);
    snprintf(err, errlen, "%s", s);
    free(s);
    cmp_free(&d);
    return OGI_ERR_ARG;
  }
  /* the metric columns: --metrics, else all (csv, json) or the key ones (table, md) and the sort metric */
  int *cols = og_xcalloc((size_t)d.nmetrics + 1, sizeof *cols), ncols_m = 0;
  if (opt->metrics) {
    char *list = og_xstrdup(opt->metrics), *save = NULL;
    for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      int m = cmp_metric(&d, t);
      if (m < 0) {
        og_buf b;
        og_buf_init(&b);
        og_buf_printf(&b, "unknown metric '%s': use one of ", t);
        S_metric_list(&d, &b);
        char *s = og_buf_take(&b);
        snprintf(err, errlen, "%s", s);
        free(s);
        free(list);
        free(cols);
        cmp_free(&d);
        return OGI_ERR_ARG;
      }
      int dup = 0;
      for (int k = 0; k < ncols_m; k++) dup |= cols[k] == m;
      if (!dup) cols[ncols_m++] = m;
    }
    free(list);
  } else if (!strcmp(format, "csv") || !strcmp(format, "json")) {
    for (int m = 0; m < d.nmetrics; m++) cols[ncols_m++] = m;
  } else {
    for (size_t k = 0; k < sizeof S_key_metrics / sizeof *S_key_metrics; k++) {
      int m = cmp_metric(&d, S_key_metrics[k]);
      if (m >= 0) cols[ncols_m++] = m;
    }
    int in = 0;
    for (int k = 0; k < ncols_m; k++) in |= cols[k] == sort;
    if (sort >= 0 && !in) cols[ncols_m++] = sort;
  }

  /* the rows kept, then their groups */
  size_t rlen = opt->region ? strlen(opt->region) : 0;
  /* by region: one level below the prefix given (none: provinces, 2 digits; 35: cities, 4; 3501: counties, 6) */
  size_t glen = rlen < 2 ? 2 : rlen < 4 ? 4 : rlen < 6 ? 6 : 9;
  cmp_group *g = og_xcalloc((size_t)d.nrows + 1, sizeof *g);
  int ng = 0;
  char **agencies = og_xcalloc((size_t)d.nrows + 1, sizeof *agencies);
  for (int i = 0; i < d.nrows; i++) {
    const cmp_row *r = &d.rows[i];
    if (opt->year && r->year != opt->year) continue;
    if (opt->agency && !S_match_agency(r, opt->agency)) continue;
    if (opt->region && (!r->region_code || strncmp(r->region_code, opt->region, rlen))) continue;
    char key[64];
    if (by_agency) snprintf(key, sizeof key, "%d", i);
    else if (by_year) snprintf(key, sizeof key, "%04d", r->year);
    else if (!r->region_code) snprintf(key, sizeof key, "~");
    else snprintf(key, sizeof key, "%.*s", (int)(strlen(r->region_code) < glen ? strlen(r->region_code) : glen),
                  r->region_code);
    int gi = -1;
    if (!by_agency)
      for (int k = 0; k < ng; k++)
        if (!strcmp(g[k].key, key)) gi = k;
    if (gi < 0) {
      gi = ng++;
      cmp_group_init(&d, &g[gi]);
      g[gi].key = og_xstrdup(by_agency ? r->key : key);
      g[gi].year = r->year;
      if (by_agency) g[gi].label = og_xstrdup(r->region_code ? r->region_code : "");
    }
    cmp_group_add(&d, &g[gi], r);
    if (by_region && !g[gi].label && strcmp(key, "~")) g[gi].label = cmp_region_name(&d, key);
    /* else the group's name: that of its own division (code = the prefix padded with zeros), when a row is it */
    if (by_region && !g[gi].label && r->region_code && r->region_name && strcmp(key, "~")) {
      char own[96];
      snprintf(own, sizeof own, "%s%.*s", key, strlen(key) < 6 ? (int)(6 - strlen(key)) : 0, "000000");
      if (!strcmp(r->region_code, own)) g[gi].label = og_xstrdup(r->region_name);
    }
  }
  /* distinct agencies per group */
  for (int k = 0; k < ng && !by_agency; k++) {
    int na = 0;
    for (int i = 0; i < d.nrows; i++) {
      const cmp_row *r = &d.rows[i];
      if (opt->year && r->year != opt->year) continue;
      if (opt->agency && !S_match_agency(r, opt->agency)) continue;
      if (opt->region && (!r->region_code || strncmp(r->region_code, opt->region, rlen))) continue;
      int in = by_year ? r->year == g[k].year
                       : !r->region_code ? !strcmp(g[k].key, "~") : !strncmp(r->region_code, g[k].key, strlen(g[k].key)) &&
                                                                          strcmp(g[k].key, "~");
      if (in) agencies[na++] = r->key;
    }
    qsort(agencies, (size_t)na, sizeof *agencies, S_str_cmp);
    for (int i = 0; i < na; i++) g[k].agencies += i == 0 || strcmp(agencies[i], agencies[i - 1]);
  }
  free(agencies);
  for (int k = 0; k < ng; k++) cmp_group_finish(&d, &g[k]);
  S_sort_metric = sort;
  qsort(g, (size_t)ng, sizeof *g, S_group_cmp);

  /* the table */
  S_table t;
  memset(&t, 0, sizeof t);
  const char *fixed_agency[] = {"agency", "region_code", "year"};
  const char *fixed_year[] = {"year", "reports", "agencies"};
  const char *fixed_region[] = {"region_code", "region_name", "reports", "agencies"};
  const char *const *fixed = by_agency ? fixed_agency : by_year ? fixed_year : fixed_region;
  int nfixed = by_agency ? 3 : by_year ? 3 : 4;
  t.ncols = nfixed + ncols_m + 1;
  t.nrows = ng;
  t.head = og_xcalloc((size_t)t.ncols, sizeof *t.head);
  t.numeric = og_xcalloc((size_t)t.ncols, sizeof *t.numeric);
  t.metric = og_xcalloc((size_t)t.ncols, sizeof *t.metric);
  for (int c = 0; c < t.ncols; c++) {
    t.metric[c] = c >= nfixed && c < nfixed + ncols_m ? cols[c - nfixed] : -1;
    t.head[c] = c < nfixed ? (char *)fixed[c] : t.metric[c] >= 0 ? d.metric[t.metric[c]] : "checks_failed";
    t.numeric[c] = c >= nfixed || !strcmp(t.head[c], "year") || !strcmp(t.head[c], "reports") ||
                   !strcmp(t.head[c], "agencies");
  }
  size_t total = (size_t)t.nrows * (size_t)t.ncols + 1;
  t.cells = og_xcalloc(total, sizeof *t.cells);
  t.null = og_xcalloc(total, 1);
  t.value = og_xcalloc(total, sizeof *t.value);
  for (int r = 0; r < ng; r++) {
    for (int c = 0; c < t.ncols; c++) {
      size_t i = (size_t)r * (size_t)t.ncols + (size_t)c;
      int m = t.metric[c];
      char v[64];
      const char *h = t.head[c];
      if (m >= 0) {
        t.null[i] = !g[r].has[m];
        t.value[i] = g[r].v[m];
        continue;
      }
      t.cells[i].numeric = t.numeric[c];
      if (!strcmp(h, "agency")) t.cells[i].text = og_xstrdup(g[r].key);
      else if (!strcmp(h, "region_code") && by_agency) {
        t.null[i] = !*g[r].label;
        t.cells[i].text = og_xstrdup(g[r].label);
      } else if (!strcmp(h, "region_code")) {
        t.null[i] = !strcmp(g[r].key, "~");
        t.cells[i].text = og_xstrdup(g[r].key);
      } else if (!strcmp(h, "region_name")) {
        t.null[i] = !g[r].label;
        t.cells[i].text = og_xstrdup(g[r].label ? g[r].label : "");
      } else {
        int x = !strcmp(h, "year") ? g[r].year : !strcmp(h, "reports") ? g[r].rows
                : !strcmp(h, "agencies") ? g[r].agencies : g[r].checks_failed;
        snprintf(v, sizeof v, "%d", x);
        t.null[i] = !strcmp(h, "year") && x == 0;
        t.cells[i].text = og_xstrdup(v);
      }
    }
  }
  *out = S_render(&t, &d, format);
  for (size_t i = 0; i + 1 < total; i++) free(t.cells[i].text);
  free(t.cells);
  free(t.null);
  free(t.value);
  free(t.head);
  free(t.numeric);
  free(t.metric);
  for (int k = 0; k < ng; k++) cmp_group_free(&g[k]);
  free(g);
  free(cols);
  cmp_free(&d);
  return OGI_OK;
}
