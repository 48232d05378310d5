/* The SQLite dataset: the schema (versioned with PRAGMA user_version, migrated from the pre-versioned layout,
 * refused when foreign), the `meta` and `fields` (data dictionary) tables, and the writer of one report:
 * its `reports` row, values, checks and warnings and its row of the materialized `report_wide` table, all in
 * one savepoint, so that a report is stored whole or not at all. Every prepare, step and commit is checked. */
#include "dataset.h"
#include "agency.h"
#include "cross.h"
#include "dictionary.h"
#include "format.h"
#include "indicators.h"
#include "sha256.h"
#include "util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The layout this ogi writes. 0 is the layout before versioning (no content keys, no check fields, report_wide
 * a view): it is migrated to 1. 1 (no agency identity, no indicators, no agencies and cross_checks tables,
 * no corrections) is migrated to 2. 2 (no `sources`) is migrated to 3 by making the table. A foreign layout,
 * or a newer version, is refused. */
#define S_DATASET_VERSION 3

struct og_dataset {
  sqlite3 *db;
  const ogi_rules *rules;
  char *path;
  sqlite3_stmt *ins_report, *ins_value, *ins_check, *ins_warning, *del_report, *ins_wide;
  sqlite3_stmt *del_rows[4]; /* the earlier extraction's rows in report_values, checks, warnings, report_wide */
  sqlite3_stmt *sp_begin, *sp_release; /* SAVEPOINT report, RELEASE report */
  sqlite3_stmt *ins_source;             /* a file's size, mtime, device and inode (resume by stat) */
  int in_tx;
  long pending;           /* reports added since the last commit */
  char **col;             /* report_wide column of each field (snake_case id), NULL for meta fields */
  int *by_id;             /* the fields in the order of their ids: report_values rows inserted in key order */
  char **ind;             /* report_wide column of each indicator: ind_<name>, in indicators.tsv order */
  int nind;
  sqlite3_stmt *ins_agency, *dec_agency, *del_agency;
  og_cross *cross;         /* patterns/cross_checks.tsv, read at open (a bad line refuses the run before it starts) */
  char rules_sum[65];      /* og_rules_checksum, taken at open */
  int setup_due;           /* the open wrote nothing: its derived objects and meta rows wait for the first write */
  long added;              /* og_dataset_add calls */
  long known_n;            /* rows of reports read by og_dataset_known (-1: not read) ... */
  sqlite3_int64 known_dv;  /* ... when PRAGMA data_version was this */
  char err[1024];
};

/* The columns each table must have (any order; statements name their columns). */
static const char *const S_reports_cols[] = {"id", "path", "sha256", "bytes", "format", "encoding", "agency", "year",
                                             "published", "template", "status", "error", "checks_failed",
                                             "checks_skipped", "warnings", "content_key", "agency_name",
                                             "region_code", "region_name", "level", "kind", NULL};
static const char *const S_values_cols[] = {"report", "field", "value", "raw", "blank", "how", "line", "col",
                                            "page", "page_line", "html_table", "html_row", "html_cell", "printed",
                                            "correction", NULL};
/* what version 2 added to reports and report_values (a version 1 dataset lacks it) */
static const char *const S_identity_cols[] = {"agency_name", "region_code", "region_name", "level", "kind", NULL};
static const char *const S_checks_cols[] = {"report", "rule", "subject", "status", "expected", "actual", "line",
                                            "fields", NULL};
static const char *const S_warnings_cols[] = {"report", "code", "field", "message", "line", NULL};
static const char *const S_sources_cols[] = {"path", "sha256", "bytes", "mtime_ns", "dev", "inode", NULL};
/* report_wide's columns before the field columns */
static const char *const S_wide_head[] = {"id", "path", "sha256", "agency", "agency_name", "region_code",
                                          "region_name", "level", "kind", "year", "published", "template", "status",
                                          "checks_failed", "checks_skipped", "warnings", "values_found",
                                          "content_key", NULL};
#define S_WIDE_HEAD 18
/* report_wide's head in version 1 (its rows are copied when migrated) */
static const char *const S_wide_head1[] = {"id", "path", "sha256", "agency", "year", "published", "template", "status",
                                           "checks_failed", "checks_skipped", "warnings", "values_found",
                                           "content_key", NULL};

static const char S_schema[] =
    "CREATE TABLE reports ("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER, format TEXT, encoding TEXT,"
    "  agency TEXT, year INTEGER, published TEXT, template TEXT,"
    "  status TEXT NOT NULL," /* ok | no_tables | skipped | error */
    "  error TEXT,"
    "  checks_failed INTEGER, checks_skipped INTEGER, warnings INTEGER, content_key TEXT,"
    "  agency_name TEXT, region_code TEXT, region_name TEXT, level TEXT, kind TEXT,"
    "  UNIQUE(path, sha256));"
    "CREATE TABLE report_values ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL, value REAL, raw TEXT, blank INTEGER, how TEXT,"
    "  line INTEGER, col INTEGER, page INTEGER, page_line INTEGER, html_table INTEGER, html_row INTEGER,"
    "  html_cell INTEGER, printed REAL, correction TEXT, PRIMARY KEY(report, field)) WITHOUT ROWID;"
    "CREATE TABLE checks ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, expected REAL, actual REAL, line INTEGER,"
    "  fields TEXT);"
    "CREATE INDEX checks_report ON checks(report);"
    "CREATE TABLE warnings ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  code TEXT NOT NULL, field TEXT, message TEXT, line INTEGER);"
    "CREATE INDEX warnings_report ON warnings(report);";

/* Version 2's tables (made fresh, or when a version 1 dataset is migrated). */
static const char S_schema2[] =
    "CREATE TABLE IF NOT EXISTS agencies (agency_name TEXT PRIMARY KEY, region_code TEXT, region_name TEXT,"
    "  province TEXT, city TEXT, county TEXT, level TEXT, kind TEXT, unresolved TEXT, reports INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS cross_checks (rule TEXT NOT NULL, agency_name TEXT, year INTEGER,"
    "  report INTEGER, prev_report INTEGER, subject TEXT, expected REAL, actual REAL, message TEXT);";

/* Version 3's table (made fresh, or when a version 2 dataset is migrated): what each stored file was when it was
 * read, so that a re-run skips a file whose size, mtime, device and inode are the same without reading it. */
static const char S_schema3[] =
    "CREATE TABLE IF NOT EXISTS sources (path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,"
    "  mtime_ns INTEGER NOT NULL, dev INTEGER NOT NULL, inode INTEGER NOT NULL, PRIMARY KEY (path, sha256))"
    "  WITHOUT ROWID;";

/* Objects derived from the rules or from other tables, dropped and made again at every open. */
static const char S_derived[] =
    "DROP TABLE IF EXISTS fields;"
    "CREATE TABLE fields (position INTEGER PRIMARY KEY, id TEXT UNIQUE, column_name TEXT, type TEXT, unit TEXT,"
    "  templates TEXT, tbl TEXT, row_id TEXT, column_key TEXT, label TEXT, row_zh TEXT, column_zh TEXT,"
    "  row_en TEXT, column_en TEXT, label_en TEXT);"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
    "DROP VIEW IF EXISTS check_failures;"
    "CREATE VIEW check_failures AS"
    "  SELECT r.path, r.agency, r.year, c.rule, c.subject, c.expected, c.actual, c.line, c.fields"
    "  FROM checks c JOIN reports r ON r.id = c.report WHERE c.status = 'fail';"
    "DROP VIEW IF EXISTS latest_reports;"
    "CREATE VIEW latest_reports AS"
    "  SELECT * FROM reports r WHERE r.id = (SELECT MAX(id) FROM reports r2 WHERE r2.path = r.path);"
    /* the ranking below reads this index only (no wide row, no sort): 10^4 reports in well under a second */
    "DROP INDEX IF EXISTS report_wide_rank;"
    "CREATE INDEX IF NOT EXISTS report_wide_rank2 ON report_wide(coalesce(agency_name, agency), year,"
    "  values_found DESC, checks_failed, checks_skipped, warnings, id, path);"
    /* one row per agency (its normalized name, else the name as printed) and year: of the latest extraction of
     * each path, the most complete copy (most values found, then fewest failed checks, fewest checks not run,
     * fewest warnings, then the first stored) */
    "DROP VIEW IF EXISTS agency_year;"
    "CREATE VIEW agency_year AS SELECT w.*, b.copies FROM ("
    "  SELECT x.id, count(*) OVER win AS copies, row_number() OVER (win ORDER BY x.values_found DESC,"
    "    x.checks_failed ASC, x.checks_skipped ASC, x.warnings ASC, x.id ASC) AS copy_rank"
    "  FROM report_wide x"
    "  WHERE coalesce(x.agency_name, x.agency) IS NOT NULL AND x.year IS NOT NULL"
    "    AND NOT EXISTS (SELECT 1 FROM reports r2 WHERE r2.path = x.path AND r2.id > x.id)"
    "  WINDOW win AS (PARTITION BY coalesce(x.agency_name, x.agency), x.year)) b JOIN report_wide w ON w.id = b.id WHERE b.copy_rank = 1;";

static int S_fail(og_dataset *ds, const char *what) {
  snprintf(ds->err, sizeof ds->err, "%s: %s", what, sqlite3_errmsg(ds->db));
  return -1;
}

static int S_exec(og_dataset *ds, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(ds->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(ds->err, sizeof ds->err, "%s", msg ? msg : sqlite3_errmsg(ds->db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

static int S_prepare(og_dataset *ds, const char *sql, sqlite3_stmt **st) {
  if (sqlite3_prepare_v2(ds->db, sql, -1, st, NULL) != SQLITE_OK) {
    sqlite3_finalize(*st);
    *st = NULL;
    return S_fail(ds, "cannot prepare a statement");
  }
  return 0;
}

/* Steps a statement that returns no rows and resets it; -1 with the message on failure. */
static int S_step_done(og_dataset *ds, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  int fail = rc != SQLITE_DONE && rc != SQLITE_ROW;
  if (fail) S_fail(ds, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return fail ? -1 : 0;
}

/* Bound without a copy: every caller steps the statement before the text goes (S_step_done clears it). */
static void S_text_or_null(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

/* A value as a number of its column's type: a whole count is an INTEGER (pandas and R then read integers). */
static void S_bind_value(sqlite3_stmt *st, int i, double v, int is_decimal) {
  if (!is_decimal && v == (double)(sqlite3_int64)v) sqlite3_bind_int64(st, i, (sqlite3_int64)v);
  else sqlite3_bind_double(st, i, v);
}

/* Comma-separated column names of table (empty when it does not exist). */
static int S_table_columns(og_dataset *ds, const char *table, og_buf *out) {
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, "SELECT name FROM pragma_table_info(?)", &st)) return -1;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  int rc, n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n++) og_buf_putc(out, ',');
    og_buf_puts(out, (const char *)sqlite3_column_text(st, 0));
  }
  if (rc != SQLITE_DONE) S_fail(ds, "cannot read the layout");
  sqlite3_finalize(st);
  og_buf_putc(out, 0);
  out->len--;
  return rc == SQLITE_DONE ? 0 : -1;
}

static int S_has_name(const char *list, const char *name) {
  size_t n = strlen(name);
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    size_t k = e ? (size_t)(e - p) : strlen(p);
    if (k == n && !strncmp(p, name, n)) return 1;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

/* Whether table has exactly the columns of want (optional: may be missing, to be added by the migration). */
static int S_layout_is(const char *have, const char *const *want, const char *const *optional) {
  int n = 0;
  for (const char *p = have; *p; p++) n += *p == ',';
  n += *have != 0;
  int k = 0;
  for (int i = 0; want[i]; i++) {
    int opt = 0;
    for (int j = 0; optional && optional[j]; j++) opt |= !strcmp(optional[j], want[i]);
    if (S_has_name(have, want[i])) k++;
    else if (!opt) return 0;
  }
  return k == n;
}

static int S_user_version(og_dataset *ds, int *v) {
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, "PRAGMA user_version", &st)) return -1;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *v = sqlite3_column_int(st, 0);
  else S_fail(ds, "cannot read the dataset version");
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* Number of rows of a one-number query, or -1. */
static long S_count(og_dataset *ds, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, sql, &st)) return -1;
  long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
  if (n < 0) S_fail(ds, "cannot read the dataset");
  sqlite3_finalize(st);
  return n;
}

/* The field columns of report_wide: "t3.granted.total" -> "t3_granted_total". */
typedef struct {
  const char *id;
  int i;
} S_field_ref;
static int S_cmp_field_id(const void *a, const void *b) {
  return strcmp(((const S_field_ref *)a)->id, ((const S_field_ref *)b)->id);
}

static void S_make_columns(og_dataset *ds) {
  int nf = ds->rules->nfields;
  S_field_ref *refs = og_xmalloc(((size_t)nf + 1) * sizeof *refs);
  for (int i = 0; i < nf; i++) refs[i] = (S_field_ref){ds->rules->fields[i].id, i};
  qsort(refs, (size_t)nf, sizeof *refs, S_cmp_field_id); /* the order of report_values' key (BINARY collation) */
  ds->by_id = og_xmalloc(((size_t)nf + 1) * sizeof *ds->by_id);
  for (int i = 0; i < nf; i++) ds->by_id[i] = refs[i].i;
  free(refs);
  ds->col = og_xcalloc((size_t)ds->rules->nfields, sizeof *ds->col);
  for (int i = 0; i < ds->rules->nfields; i++) {
    if (ds->rules->fields[i].table == 0) continue;
    char *c = og_xstrdup(ds->rules->fields[i].id);
    for (char *p = c; *p; p++)
      if (*p == '.' || *p == '-') *p = '_';
    ds->col[i] = c;
  }
  ds->nind = ogi_indicator_count(ds->rules);
  ds->ind = og_xcalloc((size_t)ds->nind + 1, sizeof *ds->ind);
  for (int i = 0; i < ds->nind; i++) {
    const char *name = ogi_indicator_name(ds->rules, i);
    size_t n = strlen(name) + 5;
    ds->ind[i] = og_xmalloc(n);
    snprintf(ds->ind[i], n, "ind_%s", name);
  }
}

static const char *S_col_type(const og_field *f) { return f->is_decimal ? "REAL" : "INTEGER"; }

static int S_create_wide(og_dataset *ds) {
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "CREATE TABLE report_wide (id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,"
                 " path TEXT, sha256 TEXT, agency TEXT, agency_name TEXT, region_code TEXT, region_name TEXT,"
                 " level TEXT, kind TEXT, year INTEGER, published TEXT, template TEXT, status TEXT,"
                 " checks_failed INTEGER, checks_skipped INTEGER, warnings INTEGER, values_found INTEGER,"
                 " content_key TEXT");
  for (int i = 0; i < ds->rules->nfields; i++)
    if (ds->col[i]) og_buf_printf(&b, ", %s %s", ds->col[i], S_col_type(&ds->rules->fields[i]));
  for (int i = 0; i < ds->nind; i++) og_buf_printf(&b, ", %s REAL", ds->ind[i]);
  og_buf_puts(&b, ")");
  int rc = S_exec(ds, b.data);
  og_buf_free(&b);
  return rc;
}

/* report_wide of an existing dataset: its head columns must be there; a field added to fields.tsv since gets
 * its column (a field removed keeps its column and values). */
static int S_check_wide(og_dataset *ds) {
  og_buf have;
  og_buf_init(&have);
  int rc = S_table_columns(ds, "report_wide", &have);
  for (int i = 0; rc == 0 && S_wide_head[i]; i++)
    if (!S_has_name(have.data, S_wide_head[i])) {
      snprintf(ds->err, sizeof ds->err, "report_wide has columns (%s), not those of an ogi dataset", have.data);
      rc = -1;
    }
  for (int i = 0; rc == 0 && i < ds->rules->nfields; i++) {
    if (!ds->col[i] || S_has_name(have.data, ds->col[i])) continue;
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER TABLE report_wide ADD COLUMN %s %s", ds->col[i], S_col_type(&ds->rules->fields[i]));
    rc = S_exec(ds, sql);
  }
  for (int i = 0; rc == 0 && i < ds->nind; i++) {
    if (S_has_name(have.data, ds->ind[i])) continue;
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER TABLE report_wide ADD COLUMN %s REAL", ds->ind[i]);
    rc = S_exec(ds, sql);
  }
  og_buf_free(&have);
  return rc;
}

/* The content key: the same report in several formats (page, PDF, text dump) gives the same key when its agency,
 * year, template and every value read are the same. SHA-256 of "agency\x1Fyear\x1Ftemplate" then, for each field
 * of the template in fields.tsv order, "\x1Eid=value" (value "null" when not found). */
static void S_key_start(og_buf *b, const char *agency, int year, const char *tmpl) {
  b->len = 0;
  og_buf_printf(b, "%s\x1F%d\x1F%s", agency ? agency : "", year, tmpl ? tmpl : "");
}
static void S_key_value(og_buf *b, const char *id, int found, double v) {
  char num[64] = "null";
  if (found) og_format_number(num, sizeof num, v);
  og_buf_putc(b, '\x1E'); /* "\x1E<id>=<number>" */
  og_buf_puts(b, id);
  og_buf_putc(b, '=');
  og_buf_puts(b, num);
}
static void S_key_end(og_buf *b, char out[65]) { og_sha256_hex((const unsigned char *)b->data, b->len, out); }

/* Rewrites the data dictionary from the rules and labels.tsv. */
static int S_write_fields(og_dataset *ds) {
  const ogi_rules *rules = ds->rules;
  og_field_label *fl = og_field_labels(rules, ds->err, sizeof ds->err);
  if (!fl) return -1;
  sqlite3_stmt *st = NULL;
  int rc = S_prepare(ds, "INSERT INTO fields VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);
  for (int i = 0; rc == 0 && i < rules->nfields; i++) {
    const og_field *f = &rules->fields[i];
    const og_field_label *l = &fl[i];
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
    S_text_or_null(st, 3, ds->col[i]);
    sqlite3_bind_text(st, 4, f->table ? S_col_type(f) : !strcmp(f->id, "meta.year") ? "INTEGER" : "TEXT", -1,
                      SQLITE_STATIC);
    S_text_or_null(st, 5, l->unit);
    sqlite3_bind_text(st, 6, f->table == 0 ? "all" : f->in2019 && f->in2021 ? "2019,2021" : f->in2019 ? "2019" : "2021",
                      -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, f->table == 0 ? "meta" : f->table == 2 ? "t2" : f->table == 3 ? "t3" : "t4", -1,
                      SQLITE_STATIC);
    S_text_or_null(st, 8, f->table ? f->row : NULL);
    S_text_or_null(st, 9, l->column_key);
    sqlite3_bind_text(st, 10, f->label, -1, SQLITE_STATIC);
    S_text_or_null(st, 11, l->row_zh);
    S_text_or_null(st, 12, l->column_zh);
    S_text_or_null(st, 13, l->row_en);
    S_text_or_null(st, 14, l->column_en);
    S_text_or_null(st, 15, l->label_en);
    rc = S_step_done(ds, st, "cannot write the data dictionary");
  }
  sqlite3_finalize(st);
  og_field_labels_free(fl, rules->nfields);
  return rc;
}

/* Now as ISO 8601 UTC; SOURCE_DATE_EPOCH (reproducible builds) fixes it, so that two runs can give equal files. */
static void S_now_iso(char out[32]) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int S_write_meta(og_dataset *ds, int fresh) {
  char now[32], rules_sum[65], ver[16];
  S_now_iso(now);
  og_rules_checksum(ds->rules, rules_sum);
  memcpy(ds->rules_sum, rules_sum, sizeof rules_sum);
  snprintf(ver, sizeof ver, "%d", S_DATASET_VERSION);
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, "INSERT OR REPLACE INTO meta VALUES (?, ?)", &st)) return -1;
  const char *kv[][2] = {{"dataset_version", ver}, {"ogi_version", ogi_version()}, {"rules_sha256", rules_sum},
                         {"updated", now}, {"created", now}, {"created_by", ogi_version()},
                         {"created_rules_sha256", rules_sum}};
  /* created*: written once, by the run that made the dataset (or migrated it: the earlier runs are unknown) */
  int n = fresh ? 7 : 4, rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    sqlite3_bind_text(st, 1, kv[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kv[i][1], -1, SQLITE_STATIC);
    rc = S_step_done(ds, st, "cannot write the meta table");
  }
  sqlite3_finalize(st);
  return rc;
}

/* Version 0 (today's layout before versioning) to 1: checks_skipped (if missing), content_key, checks.fields,
 * report_wide as a table filled from report_values, content keys computed from the stored values. */
static int S_migrate0(og_dataset *ds, const char *reports_cols, const char *values_cols, const char *checks_cols) {
  if (!S_has_name(values_cols, "page") &&
      S_exec(ds, "ALTER TABLE report_values ADD COLUMN page INTEGER; ALTER TABLE report_values ADD COLUMN page_line INTEGER"))
    return -1;
  if (!S_has_name(reports_cols, "checks_skipped") &&
      S_exec(ds, "ALTER TABLE reports ADD COLUMN checks_skipped INTEGER;"
                 "UPDATE reports SET checks_skipped = (SELECT count(*) FROM checks c WHERE c.report = reports.id"
                 " AND c.status = 'skipped') WHERE status = 'ok';"))
    return -1;
  if (!S_has_name(reports_cols, "content_key") && S_exec(ds, "ALTER TABLE reports ADD COLUMN content_key TEXT"))
    return -1;
  if (!S_has_name(checks_cols, "fields") && S_exec(ds, "ALTER TABLE checks ADD COLUMN fields TEXT")) return -1;
  if (S_exec(ds, "DROP VIEW IF EXISTS report_wide") || S_create_wide(ds)) return -1;
  if (S_exec(ds, "INSERT INTO report_wide (id, path, sha256, agency, year, published, template, status, checks_failed,"
                 " checks_skipped, warnings, values_found) SELECT id, path, sha256, agency, year, published, template,"
                 " status, checks_failed, checks_skipped, warnings, (SELECT count(value) FROM report_values v WHERE"
                 " v.report = reports.id) FROM reports WHERE status IN ('ok', 'no_tables') ORDER BY id"))
    return -1;
  for (int i = 0; i < ds->rules->nfields; i++) {
    if (!ds->col[i]) continue;
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE report_wide SET %s = (SELECT value FROM report_values v WHERE v.report = report_wide.id AND"
             " v.field = '%s')",
             ds->col[i], ds->rules->fields[i].id);
    if (S_exec(ds, sql)) return -1;
  }
  /* content keys, from the values in fields.tsv order (the fields table is written before this runs) */
  sqlite3_stmt *st = NULL, *up = NULL, *upw = NULL;
  int rc = S_prepare(ds, "SELECT r.id, r.agency, r.year, r.template, v.field, v.value FROM reports r JOIN report_values v"
                         " ON v.report = r.id JOIN fields f ON f.id = v.field WHERE r.status = 'ok'"
                         " ORDER BY r.id, f.position", &st);
  if (rc == 0) rc = S_prepare(ds, "UPDATE reports SET content_key = ? WHERE id = ?", &up);
  if (rc == 0) rc = S_prepare(ds, "UPDATE report_wide SET content_key = ? WHERE id = ?", &upw);
  og_buf b;
  og_buf_init(&b);
  sqlite3_int64 cur = -1;
  for (int step = SQLITE_ROW; rc == 0;) {
    step = sqlite3_step(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
      rc = S_fail(ds, "cannot read the stored values");
      break;
    }
    sqlite3_int64 id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
    if (id != cur && cur >= 0) {
      char key[65];
      S_key_end(&b, key);
      for (int k = 0; k < 2 && rc == 0; k++) {
        sqlite3_stmt *u = k ? upw : up;
        sqlite3_bind_text(u, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 2, cur);
        rc = S_step_done(ds, u, "cannot store a content key");
      }
    }
    if (step == SQLITE_DONE) break;
    if (id != cur) {
      S_key_start(&b, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
                  (const char *)sqlite3_column_text(st, 3));
      cur = id;
    }
    S_key_value(&b, (const char *)sqlite3_column_text(st, 4), sqlite3_column_type(st, 5) != SQLITE_NULL,
                sqlite3_column_double(st, 5));
  }
  og_buf_free(&b);
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  sqlite3_finalize(upw);
  return rc;
}

/* The agencies row of a report's identity: added with reports = 1, or its count raised (the first stored
 * report's identity stays: the rows are the same for any -jN, the reports being written in input order). */
static int S_agency_upsert(og_dataset *ds, const char *name, const char *code, const char *region, const char *level,
                           const char *kind, const char *unresolved) {
  if (!name) return 0;
  sqlite3_stmt *st = ds->ins_agency;
  const struct agency_rules *a = ds->rules->agency;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  S_text_or_null(st, 2, code);
  S_text_or_null(st, 3, region);
  for (int lv = 1; lv <= 3; lv++) S_text_or_null(st, 3 + lv, agency_division_name(a, code, lv));
  S_text_or_null(st, 7, level);
  S_text_or_null(st, 8, kind);
  S_text_or_null(st, 9, unresolved);
  return S_step_done(ds, st, "cannot store the report's agency");
}

static const char S_ins_agency_sql[] =
    "INSERT INTO agencies (agency_name, region_code, region_name, province, city, county, level, kind, unresolved,"
    " reports) VALUES (?,?,?,?,?,?,?,?,?,1) ON CONFLICT(agency_name) DO UPDATE SET reports = reports + 1";

/* A report's indicators into report_wide (ind_*), from the values stored in report_values: the migration of a
 * version 1 dataset. The report is rebuilt as far as the indicators need (its template and values). */
static int S_fill_indicators(og_dataset *ds) {
  const ogi_rules *rules = ds->rules;
  sqlite3_stmt *st = NULL, *up = NULL;
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "UPDATE report_wide SET ");
  for (int i = 0; i < ds->nind; i++) og_buf_printf(&b, "%s%s = ?", i ? ", " : "", ds->ind[i]);
  og_buf_printf(&b, " WHERE id = ?");
  int rc = ds->nind == 0 ? 0 : S_prepare(ds, b.data, &up);
  og_buf_free(&b);
  if (ds->nind == 0) return 0;
  if (rc == 0)
    rc = S_prepare(ds, "SELECT r.id, r.template, v.field, v.value FROM reports r LEFT JOIN report_values v ON"
                       " v.report = r.id WHERE r.status = 'ok' ORDER BY r.id", &st);
  ogi_report rep;
  memset(&rep, 0, sizeof rep);
  rep.rules = rules;
  rep.values = og_xcalloc((size_t)rules->nfields, sizeof *rep.values);
  char tmpl[16] = "";
  sqlite3_int64 cur = -1;
  for (int step = SQLITE_ROW; rc == 0;) {
    step = sqlite3_step(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
      rc = S_fail(ds, "cannot read the stored values");
      break;
    }
    sqlite3_int64 id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
    if (id != cur && cur >= 0) {
      rep.tmpl = tmpl;
      for (int i = 0; i < ds->nind; i++) {
        double v;
        if (indicators_value(&rep, ogi_indicator_name(rules, i), &v) == 1) sqlite3_bind_double(up, i + 1, v);
      }
      sqlite3_bind_int64(up, ds->nind + 1, cur);
      rc = S_step_done(ds, up, "cannot store the indicators");
    }
    if (step == SQLITE_DONE || rc) break;
    if (id != cur) {
      memset(rep.values, 0, (size_t)rules->nfields * sizeof *rep.values);
      const char *t = (const char *)sqlite3_column_text(st, 1);
      snprintf(tmpl, sizeof tmpl, "%s", t ? t : "");
      cur = id;
    }
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) continue;
    int f = og_field_index(rules, (const char *)sqlite3_column_text(st, 2));
    if (f < 0) continue;
    rep.values[f].present = 1;
    rep.values[f].found = sqlite3_column_type(st, 3) != SQLITE_NULL;
    rep.values[f].value = sqlite3_column_double(st, 3);
  }
  free(rep.values);
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  return rc;
}

/* Version 1 (or 0, migrated to 1 just before) to 2: the agency identity in reports and report_wide (read from
 * the agency name as stored; the report's text is not at hand, so a name that only its text tells apart stays
 * unresolved), report_wide rebuilt with its head columns before the field columns and ind_* after them, the
 * indicators computed from the stored values, report_values.printed and .correction (NULL: nothing was
 * corrected before), the agencies and cross_checks tables. */
static int S_migrate1(og_dataset *ds, const char *reports_cols, const char *values_cols) {
  for (int i = 0; S_identity_cols[i]; i++) {
    if (S_has_name(reports_cols, S_identity_cols[i])) continue;
    char sql[128];
    snprintf(sql, sizeof sql, "ALTER TABLE reports ADD COLUMN %s TEXT", S_identity_cols[i]);
    if (S_exec(ds, sql)) return -1;
  }
  if (!S_has_name(values_cols, "printed") && S_exec(ds, "ALTER TABLE report_values ADD COLUMN printed REAL")) return -1;
  if (!S_has_name(values_cols, "correction") && S_exec(ds, "ALTER TABLE report_values ADD COLUMN correction TEXT"))
    return -1;
  og_buf have;
  og_buf_init(&have);
  int rc = S_table_columns(ds, "report_wide", &have);
  if (rc == 0 && !S_has_name(have.data, "agency_name")) {
    /* the columns of the old table that the new one has: its head and its field columns */
    og_buf cols;
    og_buf_init(&cols);
    for (int i = 0; S_wide_head1[i]; i++) og_buf_printf(&cols, "%s%s", i ? ", " : "", S_wide_head1[i]);
    for (int i = 0; i < ds->rules->nfields; i++)
      if (ds->col[i] && S_has_name(have.data, ds->col[i])) og_buf_printf(&cols, ", %s", ds->col[i]);
    og_buf sql;
    og_buf_init(&sql);
    og_buf_printf(&sql, "INSERT INTO report_wide (%s) SELECT %s FROM report_wide_v1 ORDER BY id", cols.data, cols.data);
    rc = S_exec(ds, "DROP VIEW IF EXISTS agency_year; DROP INDEX IF EXISTS report_wide_rank;"
                    "ALTER TABLE report_wide RENAME TO report_wide_v1");
    if (rc == 0) rc = S_create_wide(ds);
    if (rc == 0) rc = S_exec(ds, sql.data);
    if (rc == 0) rc = S_exec(ds, "DROP TABLE report_wide_v1");
    og_buf_free(&cols);
    og_buf_free(&sql);
  }
  og_buf_free(&have);
  if (rc == 0) rc = S_check_wide(ds); /* fields and indicators added to the rules since */
  if (rc == 0) rc = S_exec(ds, S_schema2);
  /* the identity of each stored agency name */
  sqlite3_stmt *st = NULL, *up = NULL, *upw = NULL;
  if (rc == 0)
    rc = S_prepare(ds, "SELECT id, agency FROM reports WHERE status IN ('ok', 'no_tables') AND agency IS NOT NULL"
                       " ORDER BY id", &st);
  if (rc == 0)
    rc = S_prepare(ds, "UPDATE reports SET agency_name = ?, region_code = ?, region_name = ?, level = ?, kind = ?"
                       " WHERE id = ?", &up);
  if (rc == 0)
    rc = S_prepare(ds, "UPDATE report_wide SET agency_name = ?, region_code = ?, region_name = ?, level = ?, kind = ?"
                       " WHERE id = ?", &upw);
  if (rc == 0) rc = S_prepare(ds, S_ins_agency_sql, &ds->ins_agency);
  if (rc == 0) rc = S_exec(ds, "DELETE FROM agencies");
  int step;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    agency_identity *id = agency_identify(ds->rules->agency, (const char *)sqlite3_column_text(st, 1), NULL);
    for (int k = 0; id && k < 2 && rc == 0; k++) {
      sqlite3_stmt *u = k ? upw : up;
      S_text_or_null(u, 1, id->name);
      S_text_or_null(u, 2, id->region_code);
      S_text_or_null(u, 3, id->region_name);
      S_text_or_null(u, 4, id->level);
      S_text_or_null(u, 5, id->kind);
      sqlite3_bind_int64(u, 6, sqlite3_column_int64(st, 0));
      rc = S_step_done(ds, u, "cannot store an agency identity");
    }
    if (id && rc == 0)
      rc = S_agency_upsert(ds, id->name, id->region_code, id->region_name, id->level, id->kind, id->unresolved);
    agency_identity_free(&id);
  }
  if (rc == 0 && step != SQLITE_DONE) rc = S_fail(ds, "cannot read the stored reports");
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  sqlite3_finalize(upw);
  sqlite3_finalize(ds->ins_agency);
  ds->ins_agency = NULL;
  if (rc == 0) rc = S_fill_indicators(ds);
  return rc;
}

/* What the open's transaction may change but meta.updated (and where rows lie in pages): the schema's objects,
 * the data dictionary, the meta table, the version; appended to out, each value with its type. -1 when a table
 * is missing (the layout is then not the current one anyway). */
static int S_fingerprint(og_dataset *ds, og_buf *out) {
  static const char *const q[] = {"SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
                                  "SELECT * FROM fields ORDER BY position",
                                  "SELECT key, value FROM meta WHERE key <> 'updated' ORDER BY key",
                                  "PRAGMA user_version", NULL};
  for (int k = 0; q[k]; k++) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ds->db, q[k], -1, &st, NULL) != SQLITE_OK) {
      sqlite3_finalize(st);
      return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        int t = sqlite3_column_type(st, c);
        og_buf_putc(out, (char)t);
        if (t == SQLITE_INTEGER) {
          sqlite3_int64 v = sqlite3_column_int64(st, c);
          og_buf_put(out, (const char *)&v, sizeof v);
        } else if (t == SQLITE_FLOAT) {
          double v = sqlite3_column_double(st, c);
          og_buf_put(out, (const char *)&v, sizeof v);
        } else if (t != SQLITE_NULL) {
          const void *v = sqlite3_column_blob(st, c);
          size_t n = (size_t)sqlite3_column_bytes(st, c);
          og_buf_put(out, (const char *)&n, sizeof n);
          og_buf_put(out, v, n);
        }
      }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return -1;
    og_buf_putc(out, 0);
  }
  return 0;
}

/* Creates, checks or migrates the layout, inside one write transaction (two runs opening the same dataset do
 * not both create or migrate it). A dataset of this version that the transaction leaves as it found it but for
 * meta.updated (a re-run: the same rules and ogi) is not written: the transaction is rolled back and done again
 * at the start of the run's first write (S_begin), so that a re-run that adds nothing leaves the file as it was
 * and one that writes leaves what it left before. */
static int S_setup(og_dataset *ds) {
  if (S_exec(ds, "BEGIN IMMEDIATE")) return -1;
  int version = 0, rc = S_user_version(ds, &version);
  long ntables = rc ? -1 : S_count(ds, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  long has_reports = ntables < 0 ? -1 : S_count(ds, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'reports'");
  if (has_reports < 0) rc = -1;
  int fresh = 0;
  og_buf rc_cols, v_cols, c_cols, w_cols, before;
  og_buf_init(&before);
  og_buf_init(&rc_cols);
  og_buf_init(&v_cols);
  og_buf_init(&c_cols);
  og_buf_init(&w_cols);
  if (rc) {
  } else if (version > S_DATASET_VERSION) {
    snprintf(ds->err, sizeof ds->err,
             "dataset version %d is newer than this ogi writes (%d): use a newer ogi, or give another file with -o",
             version, S_DATASET_VERSION);
    rc = -1;
  } else if (!has_reports && ntables > 0) {
    snprintf(ds->err, sizeof ds->err,
             "not an ogi dataset (it holds %ld other tables and no `reports`): give another file with -o", ntables);
    rc = -1;
  } else if (!has_reports && version != 0) {
    snprintf(ds->err, sizeof ds->err, "not an ogi dataset (user_version %d, no tables): give another file with -o",
             version);
    rc = -1;
  } else if (!has_reports) {
    fresh = 1;
    rc = S_exec(ds, S_schema) || S_create_wide(ds) || S_exec(ds, S_schema2) ? -1 : 0;
  } else if (S_table_columns(ds, "reports", &rc_cols) || S_table_columns(ds, "report_values", &v_cols) ||
             S_table_columns(ds, "checks", &c_cols) || S_table_columns(ds, "warnings", &w_cols)) {
    rc = -1;
  } else {
    /* versions 0 and 1 may lack what the migrations add; version 2 must have everything */
    static const char *const opt_reports0[] = {"checks_skipped", "content_key", "agency_name", "region_code",
                                               "region_name", "level", "kind", NULL},
                             *const opt_reports1[] = {"agency_name", "region_code", "region_name", "level", "kind", NULL},
                             *const opt_checks[] = {"fields", NULL},
                             *const opt_values0[] = {"page", "page_line", "printed", "correction", NULL},
                             *const opt_values1[] = {"printed", "correction", NULL};
    int v0 = version == 0, v1 = version == 1;
    const char *const *opt_reports = v0 ? opt_reports0 : v1 ? opt_reports1 : NULL;
    const char *const *opt_values = v0 ? opt_values0 : v1 ? opt_values1 : NULL;
    const char *bad = !S_layout_is(rc_cols.data, S_reports_cols, opt_reports)                  ? "reports"
                      : !S_layout_is(v_cols.data, S_values_cols, opt_values)                   ? "report_values"
                      : !S_layout_is(c_cols.data, S_checks_cols, v0 ? opt_checks : NULL)  ? "checks"
                      : !S_layout_is(w_cols.data, S_warnings_cols, NULL)                  ? "warnings"
                                                                                          : NULL;
    og_buf s_cols;
    og_buf_init(&s_cols);
    if (!bad && version >= 3 && S_table_columns(ds, "sources", &s_cols) == 0 && *s_cols.data &&
        !S_layout_is(s_cols.data, S_sources_cols, NULL))
      bad = "sources";
    if (bad) {
      const char *have = !strcmp(bad, "reports") ? rc_cols.data : !strcmp(bad, "report_values") ? v_cols.data
                         : !strcmp(bad, "checks") ? c_cols.data : !strcmp(bad, "sources") ? s_cols.data : w_cols.data;
      snprintf(ds->err, sizeof ds->err,
               "table %s has columns (%s), not those of an ogi dataset (version %d): nothing was written; give "
               "another file with -o, or move this one away",
               bad, *have ? have : "none", version);
      rc = -1;
    }
    og_buf_free(&s_cols);
  }
  if (rc == 0 && !fresh && version == 0) {
    /* the pre-versioned layout: the dictionary first (the content keys are computed in its order) */
    rc = S_exec(ds, "DROP VIEW IF EXISTS report_wide; DROP TABLE IF EXISTS fields;"
                    "CREATE TABLE fields (position INTEGER PRIMARY KEY, id TEXT UNIQUE, column_name TEXT, type TEXT,"
                    " unit TEXT, templates TEXT, tbl TEXT, row_id TEXT, column_key TEXT, label TEXT, row_zh TEXT,"
                    " column_zh TEXT, row_en TEXT, column_en TEXT, label_en TEXT)");
    if (rc == 0) rc = S_write_fields(ds);
    if (rc == 0) rc = S_migrate0(ds, rc_cols.data, v_cols.data, c_cols.data);
    if (rc == 0) rc = S_migrate1(ds, rc_cols.data, v_cols.data); /* neither lists what version 2 adds */
  } else if (rc == 0 && !fresh && version == 1) {
    rc = S_migrate1(ds, rc_cols.data, v_cols.data);
  } else if (rc == 0 && !fresh) {
    if (version != S_DATASET_VERSION || S_fingerprint(ds, &before)) og_buf_free(&before);
    rc = S_check_wide(ds);
  }
  og_buf_free(&rc_cols);
  og_buf_free(&v_cols);
  og_buf_free(&c_cols);
  og_buf_free(&w_cols);
  if (rc == 0) rc = S_exec(ds, S_schema3); /* version 3 (a version 2 dataset: migrated here) */
  if (rc == 0) rc = S_exec(ds, S_derived);
  if (rc == 0) rc = S_write_fields(ds);
  if (rc == 0) rc = S_write_meta(ds, fresh || version == 0);
  if (rc == 0) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", S_DATASET_VERSION);
    rc = S_exec(ds, sql);
  }
  if (rc == 0 && before.len) {
    og_buf after;
    og_buf_init(&after);
    int same = S_fingerprint(ds, &after) == 0 && after.len == before.len && !memcmp(after.data, before.data, after.len);
    og_buf_free(&after);
    og_buf_free(&before);
    if (same && S_exec(ds, "ROLLBACK") == 0) {
      ds->setup_due = 1;
      return 0;
    }
  }
  og_buf_free(&before);
  if (rc == 0) return S_exec(ds, "COMMIT");
  char keep[sizeof ds->err];
  memcpy(keep, ds->err, sizeof keep);
  sqlite3_exec(ds->db, "ROLLBACK", NULL, NULL, NULL);
  memcpy(ds->err, keep, sizeof keep);
  return -1;
}

static int S_prepare_writers(og_dataset *ds) {
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "INSERT INTO report_wide (");
  for (int i = 0; S_wide_head[i]; i++) og_buf_printf(&b, "%s%s", i ? ", " : "", S_wide_head[i]);
  int n = S_WIDE_HEAD;
  for (int i = 0; i < ds->rules->nfields; i++)
    if (ds->col[i]) {
      og_buf_printf(&b, ", %s", ds->col[i]);
      n++;
    }
  for (int i = 0; i < ds->nind; i++, n++) og_buf_printf(&b, ", %s", ds->ind[i]);
  og_buf_puts(&b, ") VALUES (?");
  for (int i = 1; i < n; i++) og_buf_puts(&b, ",?");
  og_buf_puts(&b, ")");
  int rc = S_prepare(ds,
                     "INSERT INTO reports (path, sha256, bytes, format, encoding, agency, year, published, template,"
                     " status, error, checks_failed, checks_skipped, warnings, content_key, agency_name, region_code,"
                     " region_name, level, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     &ds->ins_report) ||
           S_prepare(ds,
                     "INSERT INTO report_values (report, field, value, raw, blank, how, line, col, html_table,"
                     " html_row, html_cell, page, page_line, printed, correction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     &ds->ins_value) ||
           S_prepare(ds,
                     "INSERT INTO checks (report, rule, subject, status, expected, actual, line, fields)"
                     " VALUES (?,?,?,?,?,?,?,?)",
                     &ds->ins_check) ||
           S_prepare(ds, "INSERT INTO warnings (report, code, field, message, line) VALUES (?,?,?,?,?)",
                     &ds->ins_warning) ||
           S_prepare(ds, "DELETE FROM reports WHERE path = ? AND sha256 = ?", &ds->del_report) ||
           S_prepare(ds, "DELETE FROM report_values WHERE report IN (SELECT id FROM reports WHERE path = ? AND sha256 = ?)",
                     &ds->del_rows[0]) ||
           S_prepare(ds, "DELETE FROM checks WHERE report IN (SELECT id FROM reports WHERE path = ? AND sha256 = ?)",
                     &ds->del_rows[1]) ||
           S_prepare(ds, "DELETE FROM warnings WHERE report IN (SELECT id FROM reports WHERE path = ? AND sha256 = ?)",
                     &ds->del_rows[2]) ||
           S_prepare(ds, "DELETE FROM report_wide WHERE id IN (SELECT id FROM reports WHERE path = ? AND sha256 = ?)",
                     &ds->del_rows[3]) ||
           S_prepare(ds, "SAVEPOINT report", &ds->sp_begin) || S_prepare(ds, "RELEASE report", &ds->sp_release) ||
           S_prepare(ds, "INSERT OR REPLACE INTO sources (path, sha256, bytes, mtime_ns, dev, inode) VALUES (?,?,?,?,?,?)",
                     &ds->ins_source) ||
           S_prepare(ds, S_ins_agency_sql, &ds->ins_agency) ||
           S_prepare(ds, "UPDATE agencies SET reports = reports - 1 WHERE agency_name = (SELECT agency_name FROM"
                         " reports WHERE path = ? AND sha256 = ?)", &ds->dec_agency) ||
           S_prepare(ds, "DELETE FROM agencies WHERE reports <= 0", &ds->del_agency) ||
           S_prepare(ds, b.data, &ds->ins_wide)
               ? -1
               : 0;
  og_buf_free(&b);
  return rc;
}

static void S_free(og_dataset *ds) {
  sqlite3_finalize(ds->ins_report);
  sqlite3_finalize(ds->ins_value);
  sqlite3_finalize(ds->ins_check);
  sqlite3_finalize(ds->ins_warning);
  sqlite3_finalize(ds->del_report);
  for (int i = 0; i < 4; i++) {
    sqlite3_finalize(ds->del_rows[i]);
    ds->del_rows[i] = NULL;
  }
  sqlite3_finalize(ds->sp_begin);
  sqlite3_finalize(ds->sp_release);
  sqlite3_finalize(ds->ins_source);
  ds->sp_begin = ds->sp_release = ds->ins_source = NULL;
  sqlite3_finalize(ds->ins_wide);
  sqlite3_finalize(ds->ins_agency);
  sqlite3_finalize(ds->dec_agency);
  sqlite3_finalize(ds->del_agency);
  sqlite3_close(ds->db);
  if (ds->col)
    for (int i = 0; i < ds->rules->nfields; i++) free(ds->col[i]);
  free(ds->col);
  free(ds->by_id);
  for (int i = 0; ds->ind && i < ds->nind; i++) free(ds->ind[i]);
  free(ds->ind);
  og_cross_free(&ds->cross);
  free(ds->path);
  free(ds);
}

og_dataset *og_dataset_open(const char *path, const ogi_rules *rules, char *err, size_t errlen) {
  og_dataset *ds = og_xcalloc(1, sizeof *ds);
  ds->rules = rules;
  ds->path = og_xstrdup(path);
  ds->known_n = -1;
  S_make_columns(ds);
  if (!(ds->cross = og_cross_load(rules, err, errlen))) {
    S_free(ds);
    return NULL;
  }
  /* one connection, used by the one thread that writes (batch.c): no SQLite mutexes */
  if (sqlite3_open_v2(path, &ds->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open the database: %s", path, ds->db ? sqlite3_errmsg(ds->db) : "out of memory");
    S_free(ds);
    return NULL;
  }
  sqlite3_busy_timeout(ds->db, 5000);
  /* foreign keys stay off (SQLite's default): the tables declare them for readers, and ogi does their work
   * itself — a replaced report's rows are deleted with it (S_add_rows), rows are only added for the report
   * just inserted — instead of SQLite looking the report up for each of its ~300 rows */
  /* fewer WAL checkpoints (a WAL of up to ~40 MB on disk before it is written back): pages that the next
   * commits change again are written to the database once */
  /* then, once the layout is checked or migrated: each report's savepoint keeps its journal in memory (the
   * pages one report changes, well under a megabyte) instead of writing it to a temporary file (150 real
   * pages: 9395 pwrite calls -> 3281, a fifth of the run's CPU); og_dataset_finish goes back to files before
   * the queries that may sort the whole dataset */
  if (S_exec(ds, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=10000") ||
      S_setup(ds) || S_exec(ds, "PRAGMA temp_store=MEMORY") || S_prepare_writers(ds)) {
    snprintf(err, errlen, "%s: %s", path, ds->err);
    S_free(ds);
    return NULL;
  }
  return ds;
}

const char *og_dataset_error(const og_dataset *ds) { return ds->err; }
long og_dataset_pending(const og_dataset *ds) { return ds->pending; }

/* The keys a re-run compares (in memory only, never stored): the bytes taken eight at a time, each word through
 * xxHash64's round, the lengths mixed in so that path and sha256 cannot run into each other, then its avalanche.
 * (FNV-1a one byte at a time cost ~60 ms of a 10^5-file resume: 4 x 10^5 keys.) */
static uint64_t S_round(uint64_t h, uint64_t w) {
  h += w * 0xC2B2AE3D27D4EB4FULL;
  h = (h << 31) | (h >> 33);
  return h * 0x9E3779B185EBCA87ULL;
}

static uint64_t S_hash_bytes(uint64_t h, const char *s, size_t n) {
  size_t len = n;
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = S_round(h, w);
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  return S_round(S_round(h, w), len);
}

static uint64_t S_avalanche(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 33);
}

static uint64_t S_key(const char *path, size_t plen, const char *sha256, size_t slen) {
  return S_avalanche(S_hash_bytes(S_hash_bytes(0x27D4EB2F165667C5ULL, path, plen), sha256, slen));
}

uint64_t og_dataset_key(const char *path, const char *sha256) {
  return S_key(path, strlen(path), sha256, strlen(sha256));
}

static int S_begin(og_dataset *ds) {
  if (ds->in_tx) return 0;
  if (S_exec(ds, "BEGIN IMMEDIATE")) return -1;
  ds->in_tx = 1;
  if (ds->setup_due) { /* what the open left unwritten (S_setup): the derived objects, the dictionary, meta */
    if (S_exec(ds, S_derived) || S_write_fields(ds) || S_write_meta(ds, 0)) {
      char keep[sizeof ds->err];
      memcpy(keep, ds->err, sizeof keep);
      sqlite3_exec(ds->db, "ROLLBACK", NULL, NULL, NULL);
      memcpy(ds->err, keep, sizeof keep);
      ds->in_tx = 0;
      return -1;
    }
  }
  return 0;
}

static uint64_t S_stat_key(const char *path, size_t plen, const og_file_stat *st) {
  uint64_t h = S_hash_bytes(0x165667B19E3779F9ULL, path, plen);
  const long long v[4] = {st->bytes, st->mtime_ns, st->dev, st->inode};
  for (int i = 0; i < 4; i++) h = S_round(h, (uint64_t)v[i]);
  return S_avalanche(h);
}

uint64_t og_dataset_stat_key(const char *path, const og_file_stat *st) { return S_stat_key(path, strlen(path), st); }

int og_dataset_known_stats(og_dataset *ds, og_known_stat **out, size_t *n) {
  sqlite3_stmt *st = NULL;
  size_t cap = 1024;
  *n = 0;
  *out = NULL;
  /* the caller keeps only files whose report is stored (report_key among og_dataset_known's keys): a row
   * deleted from reports by hand is read again */
  if (S_prepare(ds, "SELECT path, sha256, bytes, mtime_ns, dev, inode FROM sources", &st)) return -1;
  og_known_stat *v = og_xmalloc(cap * sizeof *v);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *sha = (const char *)sqlite3_column_text(st, 1);
    if (!sha || strlen(sha) != 64) continue;
    if (*n == cap) v = og_xrealloc(v, (cap *= 2) * sizeof *v);
    og_file_stat fs = {sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
                       sqlite3_column_int64(st, 5)};
    const char *path = (const char *)sqlite3_column_text(st, 0);
    size_t plen = (size_t)sqlite3_column_bytes(st, 0);
    v[*n].key = S_stat_key(path, plen, &fs);
    v[*n].report_key = S_key(path, plen, sha, 64);
    memcpy(v[*n].sha256, sha, 65);
    (*n)++;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(v);
    *n = 0;
    return S_fail(ds, "cannot read the stored files");
  }
  *out = v;
  return 0;
}

/* The file's stat beside its report (inside the report's savepoint, or on its own for a file already stored). */
static int S_add_source(og_dataset *ds, const char *path, const char *sha256, const og_file_stat *fs) {
  if (!fs || strlen(sha256) != 64) return 0; /* standard input, or a file that could not be read: read again */
  sqlite3_stmt *st = ds->ins_source;
  sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, fs->bytes);
  sqlite3_bind_int64(st, 4, fs->mtime_ns);
  sqlite3_bind_int64(st, 5, fs->dev);
  sqlite3_bind_int64(st, 6, fs->inode);
  return S_step_done(ds, st, "cannot store the file's size and time");
}

int og_dataset_touch(og_dataset *ds, const char *path, const char *sha256, const og_file_stat *fs) {
  if (S_begin(ds)) return -2;
  if (S_add_source(ds, path, sha256, fs) == 0) return 0;
  if (sqlite3_get_autocommit(ds->db)) {
    ds->in_tx = 0;
    return -2;
  }
  return -1;
}

/* PRAGMA data_version: changes when another connection commits (this connection's own writes leave it). */
static int S_data_version(og_dataset *ds, sqlite3_int64 *v) {
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, "PRAGMA data_version", &st)) return -1;
  int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : S_fail(ds, "cannot read the data version");
  if (rc == 0) *v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc;
}

int og_dataset_known(og_dataset *ds, uint64_t **out, size_t *n) {
  sqlite3_stmt *st = NULL;
  size_t cap = 1024;
  *n = 0;
  *out = NULL;
  ds->known_n = -1;
  sqlite3_int64 dv;
  if (S_data_version(ds, &dv)) return -1;
  /* ORDER BY: read from the (path, sha256) index, a tenth of the table's pages */
  if (S_prepare(ds, "SELECT path, sha256 FROM reports ORDER BY path, sha256", &st)) return -1;
  uint64_t *keys = og_xmalloc(cap * sizeof *keys);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) keys = og_xrealloc(keys, (cap *= 2) * sizeof *keys);
    const char *path = (const char *)sqlite3_column_text(st, 0), *sha = (const char *)sqlite3_column_text(st, 1);
    keys[(*n)++] = S_key(path ? path : "", (size_t)sqlite3_column_bytes(st, 0), sha ? sha : "",
                         (size_t)sqlite3_column_bytes(st, 1));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(keys);
    *n = 0;
    return S_fail(ds, "cannot read the stored reports");
  }
  *out = keys;
  if (!ds->added) { /* the number of reports, for the cross-year checks' inputs (S_cross_inputs) */
    ds->known_n = (long)*n;
    ds->known_dv = dv;
  }
  return 0;
}


/* The rows of one report; -1 on the first failure (the caller rolls the savepoint back). */
static int S_add_rows(og_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason,
                      int replace) {
  const ogi_rules *rules = ds->rules;
  sqlite3_stmt *st;
  if (replace) { /* the earlier extraction, its rows, and its count in agencies */
    for (int k = 0; k < 6; k++) {
      st = k == 0 ? ds->dec_agency : k < 5 ? ds->del_rows[k - 1] : ds->del_report;
      sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_STATIC);
      if (S_step_done(ds, st, "cannot remove the earlier extraction")) return -1;
    }
    if (S_step_done(ds, ds->del_agency, "cannot remove the earlier extraction")) return -1;
  }
  int ok = !strcmp(status, "ok"), meta = ok || !strcmp(status, "no_tables");
  char key[65] = "";
  int nfound = 0;
  if (ok) {
    og_buf kb;
    og_buf_init(&kb);
    S_key_start(&kb, r->agency, r->year, r->tmpl);
    for (int i = 0; i < rules->nfields; i++) {
      const og_value *v = &r->values[i];
      if (!v->present || !rules->fields[i].table) continue;
      S_key_value(&kb, rules->fields[i].id, v->found, v->value);
      nfound += v->found;
    }
    S_key_end(&kb, key);
    og_buf_free(&kb);
  }
  st = ds->ins_report;
  sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)r->bytes);
  S_text_or_null(st, 4, r->format);
  S_text_or_null(st, 5, r->encoding);
  S_text_or_null(st, 6, meta ? r->agency : NULL);
  if (meta && r->year) sqlite3_bind_int(st, 7, r->year);
  else sqlite3_bind_null(st, 7);
  S_text_or_null(st, 8, meta ? r->published : NULL);
  S_text_or_null(st, 9, meta ? r->tmpl : NULL);
  sqlite3_bind_text(st, 10, status, -1, SQLITE_STATIC);
  const char *error = reason ? reason : r->error;
  size_t pl = strlen(path);
  if (error && !strncmp(error, path, pl) && !strncmp(error + pl, ": ", 2)) error += pl + 2; /* path has its column */
  S_text_or_null(st, 11, error);
  if (ok) {
    sqlite3_bind_int(st, 12, ogi_report_failed_checks(r));
    sqlite3_bind_int(st, 13, ogi_report_skipped_checks(r));
    sqlite3_bind_int(st, 14, r->nwarnings);
    sqlite3_bind_text(st, 15, key, -1, SQLITE_STATIC);
  }
  /* the agency's identity (agency.h): NULL for a file that is not a report */
  const char *iname = meta ? ogi_report_identity(r, "name") : NULL, *icode = meta ? ogi_report_identity(r, "region_code") : NULL,
             *iregion = meta ? ogi_report_identity(r, "region_name") : NULL,
             *ilevel = meta ? ogi_report_identity(r, "level") : NULL, *ikind = meta ? ogi_report_identity(r, "kind") : NULL;
  S_text_or_null(st, 16, iname);
  S_text_or_null(st, 17, icode);
  S_text_or_null(st, 18, iregion);
  S_text_or_null(st, 19, ilevel);
  S_text_or_null(st, 20, ikind);
  if (S_step_done(ds, st, "cannot store the report")) return -1;
  sqlite3_int64 id = sqlite3_last_insert_rowid(ds->db);
  if (!meta) return 0;

  st = ds->ins_wide;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, r->sha256, -1, SQLITE_STATIC);
  S_text_or_null(st, 4, r->agency);
  S_text_or_null(st, 5, iname);
  S_text_or_null(st, 6, icode);
  S_text_or_null(st, 7, iregion);
  S_text_or_null(st, 8, ilevel);
  S_text_or_null(st, 9, ikind);
  if (r->year) sqlite3_bind_int(st, 10, r->year);
  S_text_or_null(st, 11, r->published);
  S_text_or_null(st, 12, r->tmpl);
  sqlite3_bind_text(st, 13, status, -1, SQLITE_STATIC);
  if (ok) {
    sqlite3_bind_int(st, 14, ogi_report_failed_checks(r));
    sqlite3_bind_int(st, 15, ogi_report_skipped_checks(r));
    sqlite3_bind_int(st, 16, r->nwarnings);
    sqlite3_bind_text(st, 18, key, -1, SQLITE_STATIC);
  }
  sqlite3_bind_int(st, 17, nfound);
  int p = S_WIDE_HEAD + 1;
  for (int i = 0; i < rules->nfields; i++) {
    if (!ds->col[i]) continue;
    const og_value *v = &r->values[i];
    if (ok && v->present && v->found) S_bind_value(st, p, v->value, rules->fields[i].is_decimal);
    p++;
  }
  for (int i = 0; i < ds->nind; i++, p++) {
    double v;
    if (ok && ogi_report_indicator(r, ds->ind[i] + 4, &v) == 1) sqlite3_bind_double(st, p, v); /* "ind_" name */
  }
  if (S_step_done(ds, st, "cannot store the report's wide row")) return -1;
  if (S_agency_upsert(ds, iname, icode, iregion, ilevel, ikind, ogi_report_identity(r, "unresolved"))) return -1;
  if (!ok) return 0;

  for (int k = 0; k < rules->nfields; k++) {
    int i = ds->by_id[k];
    const og_value *v = &r->values[i];
    if (!v->present) continue;
    st = ds->ins_value;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, rules->fields[i].id, -1, SQLITE_STATIC);
    if (v->found) {
      sqlite3_bind_double(st, 3, v->value);
      S_text_or_null(st, 4, v->raw);
      sqlite3_bind_int(st, 5, v->blank);
      S_text_or_null(st, 6, v->how);
      sqlite3_bind_int(st, 7, v->line);
      sqlite3_bind_int(st, 8, v->col);
      if (v->table >= 0) {
        sqlite3_bind_int(st, 9, v->table);
        sqlite3_bind_int(st, 10, v->row);
        sqlite3_bind_int(st, 11, v->cell);
      }
      int page, page_line; /* a PDF: the page and the line on it (pdftotext's form feeds) */
      if (ogi_report_page(r, v->line, &page, &page_line)) {
        sqlite3_bind_int(st, 12, page);
        sqlite3_bind_int(st, 13, page_line);
      }
      if (v->corrected) { /* a correction: what was printed (NULL when nothing was read) and its note */
        if (v->printed_found) sqlite3_bind_double(st, 14, v->printed);
        sqlite3_bind_text(st, 15, v->correction ? v->correction : "", -1, SQLITE_STATIC);
      }
    }
    if (S_step_done(ds, st, "cannot store a value")) return -1;
  }
  og_buf fb;
  og_buf_init(&fb);
  int rc = 0;
  for (int i = 0; rc == 0 && i < r->nresults; i++) {
    const og_result *c = &r->results[i];
    st = ds->ins_check;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, c->rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, og_status_name(c->status), -1, SQLITE_STATIC);
    if (c->status != OG_SKIPPED && !c->unsummable) {
      sqlite3_bind_double(st, 5, c->expected);
      sqlite3_bind_double(st, 6, c->actual);
    }
    if (c->line) sqlite3_bind_int(st, 7, c->line);
    fb.len = 0; /* the fields of the sum, as a JSON array (json_each() reads it) */
    og_buf_putc(&fb, '[');
    for (int k = 0; k < c->nfields; k++) {
      if (k) og_buf_putc(&fb, ',');
      og_json_string(&fb, c->fields[k]);
    }
    og_buf_putc(&fb, ']');
    sqlite3_bind_text(st, 8, fb.data, (int)fb.len, SQLITE_STATIC);
    rc = S_step_done(ds, st, "cannot store a check");
  }
  og_buf_free(&fb);
  if (rc) return -1;
  for (int i = 0; i < r->nwarnings; i++) {
    const og_warning *w = &r->warnings[i];
    st = ds->ins_warning;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, w->code, -1, SQLITE_STATIC);
    S_text_or_null(st, 3, w->field);
    S_text_or_null(st, 4, w->message);
    if (w->line) sqlite3_bind_int(st, 5, w->line);
    if (S_step_done(ds, st, "cannot store a warning")) return -1;
  }
  return 0;
}

int og_dataset_add(og_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason,
                  int replace, const og_file_stat *fs) {
  ds->added++;
  if (S_begin(ds)) return -2;
  if (S_step_done(ds, ds->sp_begin, "cannot start the report's savepoint"))
    return sqlite3_get_autocommit(ds->db) ? (ds->in_tx = 0, -2) : -1;
  if (S_add_rows(ds, r, path, status, reason, replace) == 0 && S_add_source(ds, path, r->sha256, fs) == 0) {
    if (S_step_done(ds, ds->sp_release, "cannot release the report's savepoint") == 0) {
      ds->pending++;
      return 0;
    }
  }
  /* the report is stored whole or not at all; an I/O error or a full disk may have ended the transaction */
  char keep[sizeof ds->err];
  memcpy(keep, ds->err, sizeof keep);
  if (sqlite3_get_autocommit(ds->db)) {
    ds->in_tx = 0;
    memcpy(ds->err, keep, sizeof keep);
    return -2;
  }
  int lost = sqlite3_exec(ds->db, "ROLLBACK TO report; RELEASE report", NULL, NULL, NULL) != SQLITE_OK;
  memcpy(ds->err, keep, sizeof keep);
  if (lost || sqlite3_get_autocommit(ds->db)) {
    if (!sqlite3_get_autocommit(ds->db)) sqlite3_exec(ds->db, "ROLLBACK", NULL, NULL, NULL);
    ds->in_tx = 0;
    return -2;
  }
  return -1;
}

int og_dataset_commit(og_dataset *ds, long *committed) {
  *committed = 0;
  if (!ds->in_tx) return 0;
  ds->in_tx = 0;
  long n = ds->pending;
  ds->pending = 0;
  if (S_exec(ds, "COMMIT") == 0) {
    *committed = n;
    ds->setup_due = 0;
    return 0;
  }
  char keep[sizeof ds->err];
  memcpy(keep, ds->err, sizeof keep);
  if (!sqlite3_get_autocommit(ds->db)) sqlite3_exec(ds->db, "ROLLBACK", NULL, NULL, NULL);
  memcpy(ds->err, keep, sizeof keep);
  return -1;
}

void og_dataset_abandon(og_dataset *ds) {
  if (ds->in_tx && !sqlite3_get_autocommit(ds->db)) sqlite3_exec(ds->db, "ROLLBACK", NULL, NULL, NULL);
  ds->in_tx = 0;
  ds->pending = 0;
}

/* The cross-year checks of the dataset: every pair of consecutive years of one agency in agency_year. */
typedef struct {
  og_dataset *ds;
  sqlite3_stmt *ins;
  const char *agency;
  int year;
  sqlite3_int64 report, prev_report;
  int rc;
} S_cross_ctx;

static void S_cross_store(void *data, const char *rule, const char *subject, int has_numbers, double expected,
                          double actual, const char *message) {
  S_cross_ctx *x = data;
  if (x->rc) return;
  sqlite3_stmt *st = x->ins;
  sqlite3_bind_text(st, 1, rule, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, x->agency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, x->year);
  sqlite3_bind_int64(st, 4, x->report);
  sqlite3_bind_int64(st, 5, x->prev_report);
  sqlite3_bind_text(st, 6, subject, -1, SQLITE_TRANSIENT);
  if (has_numbers) {
    sqlite3_bind_double(st, 7, expected);
    sqlite3_bind_double(st, 8, actual);
  }
  sqlite3_bind_text(st, 9, message, -1, SQLITE_TRANSIENT);
  x->rc = S_step_done(x->ds, st, "cannot store a cross-year check");
}

static int S_cross_checks(og_dataset *ds, long *warnings) {
  const ogi_rules *rules = ds->rules;
  const og_cross *cross = ds->cross;
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, "SELECT id, coalesce(agency_name, agency), year, template");
  for (int i = 0; i < rules->nfields; i++)
    if (ds->col[i]) og_buf_printf(&b, ", %s", ds->col[i]);
  og_buf_puts(&b, " FROM agency_year WHERE status = 'ok' ORDER BY 2, 3");
  sqlite3_stmt *st = NULL, *ins = NULL;
  int rc = S_exec(ds, "DELETE FROM cross_checks");
  if (rc == 0) rc = S_prepare(ds, b.data, &st);
  if (rc == 0)
    rc = S_prepare(ds, "INSERT INTO cross_checks (rule, agency_name, year, report, prev_report, subject, expected,"
                       " actual, message) VALUES (?,?,?,?,?,?,?,?,?)", &ins);
  og_buf_free(&b);
  size_t nf = (size_t)rules->nfields;
  unsigned char *found[2] = {og_xcalloc(nf, 1), og_xcalloc(nf, 1)};
  double *value[2] = {og_xcalloc(nf, sizeof(double)), og_xcalloc(nf, sizeof(double))};
  char *agency[2] = {NULL, NULL}, tmpl[2][16] = {"", ""};
  int year[2] = {0, 0}, have_prev = 0, cur = 0;
  sqlite3_int64 id[2] = {0, 0};
  S_cross_ctx ctx = {ds, ins, NULL, 0, 0, 0, 0};
  *warnings = 0;
  int step = SQLITE_DONE;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    id[cur] = sqlite3_column_int64(st, 0);
    free(agency[cur]);
    agency[cur] = og_xstrdup((const char *)sqlite3_column_text(st, 1));
    year[cur] = sqlite3_column_int(st, 2);
    const char *t = (const char *)sqlite3_column_text(st, 3);
    snprintf(tmpl[cur], sizeof tmpl[cur], "%s", t ? t : "");
    for (int i = 0, c = 4; i < rules->nfields; i++) {
      if (!ds->col[i]) continue;
      found[cur][i] = sqlite3_column_type(st, c) != SQLITE_NULL;
      value[cur][i] = sqlite3_column_double(st, c);
      c++;
    }
    int prev = 1 - cur;
    if (have_prev && !strcmp(agency[prev], agency[cur]) && year[cur] == year[prev] + 1) {
      og_cross_side p = {tmpl[prev], found[prev], value[prev]}, c = {tmpl[cur], found[cur], value[cur]};
      ctx.agency = agency[cur];
      ctx.year = year[cur];
      ctx.report = id[cur];
      ctx.prev_report = id[prev];
      *warnings += og_cross_pair(cross, &p, &c, S_cross_store, &ctx);
      rc = ctx.rc;
    }
    have_prev = 1;
    cur = prev;
  }
  if (rc == 0 && step != SQLITE_DONE) rc = S_fail(ds, "cannot read agency_year");
  for (int k = 0; k < 2; k++) {
    free(found[k]);
    free(value[k]);
    free(agency[k]);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(ins);
  return rc;
}

/* What the cross-year checks were computed from: the stored reports (how many, the last id: any report added,
 * replaced or deleted changes them), the rules and this ogi. */
static int S_cross_inputs(og_dataset *ds, char *out, size_t n) {
  /* the count read by og_dataset_known when no report was added since, by this run or another (count(*) reads
   * the whole (path, sha256) index: ~20 ms of a 10^5-file resume) */
  sqlite3_int64 dv;
  int counted = ds->known_n >= 0 && !ds->added && S_data_version(ds, &dv) == 0 && dv == ds->known_dv;
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, counted ? "SELECT coalesce(max(id), 0), 0 FROM reports"
                            : "SELECT coalesce(max(id), 0), count(*) FROM reports", &st))
    return -1;
  int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : S_fail(ds, "cannot count the reports");
  if (rc == 0)
    snprintf(out, n, "reports %lld, last id %lld, rules %s, ogi %s",
             counted ? (long long)ds->known_n : (long long)sqlite3_column_int64(st, 1),
             (long long)sqlite3_column_int64(st, 0), ds->rules_sum, ogi_version());
  sqlite3_finalize(st);
  return rc;
}

int og_dataset_finish(og_dataset *ds, long *committed, long *warnings) {
  *warnings = 0;
  if (og_dataset_commit(ds, committed)) return -1;
  if (S_exec(ds, "PRAGMA temp_store=DEFAULT")) return -2; /* the cross-year checks may sort the whole dataset */
  char inputs[256], stored[256] = "";
  if (S_cross_inputs(ds, inputs, sizeof inputs)) return -2;
  sqlite3_stmt *st = NULL;
  if (S_prepare(ds, "SELECT value FROM meta WHERE key = 'cross_checks_of'", &st)) return -2;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    snprintf(stored, sizeof stored, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (!strcmp(inputs, stored)) { /* nothing they read has changed since they were computed */
    long n = S_count(ds, "SELECT count(*) FROM cross_checks");
    if (n < 0) return -2;
    *warnings = n;
    return 0;
  }
  if (S_begin(ds)) return -2;
  if (S_cross_checks(ds, warnings) || S_prepare(ds, "INSERT OR REPLACE INTO meta VALUES ('cross_checks_of', ?)", &st) ||
      (sqlite3_bind_text(st, 1, inputs, -1, SQLITE_TRANSIENT), S_step_done(ds, st, "cannot write the meta table"))) {
    sqlite3_finalize(st);
    char keep[sizeof ds->err];
    memcpy(keep, ds->err, sizeof keep);
    og_dataset_abandon(ds);
    memcpy(ds->err, keep, sizeof keep);
    *warnings = 0;
    return -2;
  }
  sqlite3_finalize(st);
  long n;
  return og_dataset_commit(ds, &n) ? -2 : 0;
}

int og_dataset_close(og_dataset *ds, char *err, size_t errlen) {
  if (!ds) return 0;
  int rc = 0;
  if (ds->in_tx) {
    long n;
    if (og_dataset_commit(ds, &n)) {
      snprintf(err, errlen, "%s: cannot commit: %s", ds->path, ds->err);
      rc = -1;
    }
  }
  if (rc == 0) sqlite3_exec(ds->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_finalize(ds->ins_report);
  sqlite3_finalize(ds->ins_value);
  sqlite3_finalize(ds->ins_check);
  sqlite3_finalize(ds->ins_warning);
  sqlite3_finalize(ds->del_report);
  for (int i = 0; i < 4; i++) {
    sqlite3_finalize(ds->del_rows[i]);
    ds->del_rows[i] = NULL;
  }
  sqlite3_finalize(ds->sp_begin);
  sqlite3_finalize(ds->sp_release);
  sqlite3_finalize(ds->ins_source);
  ds->sp_begin = ds->sp_release = ds->ins_source = NULL;
  sqlite3_finalize(ds->ins_wide);
  sqlite3_finalize(ds->ins_agency);
  sqlite3_finalize(ds->dec_agency);
  sqlite3_finalize(ds->del_agency);
  ds->ins_report = ds->ins_value = ds->ins_check = ds->ins_warning = ds->del_report = ds->ins_wide = NULL;
  ds->ins_agency = ds->dec_agency = ds->del_agency = NULL;
  if (sqlite3_close(ds->db) != SQLITE_OK) {
    if (rc == 0) snprintf(err, errlen, "%s: cannot close the database: %s", ds->path, sqlite3_errmsg(ds->db));
    rc = -1;
    sqlite3_close_v2(ds->db);
  }
  ds->db = NULL;
  S_free(ds);
  return rc;
}
