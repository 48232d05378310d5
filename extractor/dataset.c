#include "dataset.h"
#include "util.h"
#include "writer.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct S_dataset {
  sqlite3 *db;
  const ogi_rules *rules;
  sqlite3_stmt *ins_report, *ins_value, *ins_check, *ins_warning, *del_report;
  int in_tx;
};

static const char S_schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS reports ("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER, format TEXT, encoding TEXT,"
    "  agency TEXT, year INTEGER, published TEXT, template TEXT,"
    "  status TEXT NOT NULL,"     /* ok | no_tables | skipped | error */
    "  error TEXT,"
    "  checks_failed INTEGER, checks_skipped INTEGER, warnings INTEGER,"
    "  UNIQUE(path, sha256));"
    "CREATE TABLE IF NOT EXISTS report_values ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL, value REAL, raw TEXT, blank INTEGER, how TEXT,"
    "  line INTEGER, col INTEGER, html_table INTEGER, html_row INTEGER, html_cell INTEGER,"
    "  PRIMARY KEY(report, field)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS checks ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, expected REAL, actual REAL, line INTEGER);"
    "CREATE INDEX IF NOT EXISTS checks_report ON checks(report);"
    "CREATE TABLE IF NOT EXISTS warnings ("
    "  report INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
    "  code TEXT NOT NULL, field TEXT, message TEXT, line INTEGER);"
    "CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report);"
    "CREATE TABLE IF NOT EXISTS fields (position INTEGER PRIMARY KEY, id TEXT UNIQUE, templates TEXT, tbl TEXT, label TEXT);"
    "CREATE VIEW IF NOT EXISTS check_failures AS"
    "  SELECT r.path, r.agency, r.year, c.rule, c.subject, c.expected, c.actual, c.line"
    "  FROM checks c JOIN reports r ON r.id = c.report WHERE c.status = 'fail';"
    "CREATE VIEW IF NOT EXISTS latest_reports AS"
    "  SELECT * FROM reports r WHERE r.id = (SELECT MAX(id) FROM reports r2 WHERE r2.path = r.path);";

static int S_exec(sqlite3 *db, const char *sql, char *err, size_t errlen) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    if (err) snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

/* report_wide: one row per report, one column per field id (fields.tsv order). */
static int S_create_wide_view(S_dataset *ds, char *err, size_t errlen) {
  S_buf b;
  S_buf_init(&b);
  S_buf_puts(&b, "CREATE VIEW IF NOT EXISTS report_wide AS SELECT r.id, r.path, r.sha256, r.agency, r.year, "
                 "r.published, r.template, r.status, r.checks_failed, r.checks_skipped");
  for (int i = 0; i < ds->rules->nfields; i++) {
    if (ds->rules->fields[i].table == 0) continue;
    S_buf_printf(&b, ", MAX(CASE WHEN v.field = '%s' THEN v.value END) AS \"%s\"", ds->rules->fields[i].id,
                 ds->rules->fields[i].id);
  }
  S_buf_puts(&b, " FROM reports r LEFT JOIN report_values v ON v.report = r.id GROUP BY r.id;");
  int rc = S_exec(ds->db, b.data, err, errlen);
  S_buf_free(&b);
  if (rc) return rc;
  /* the field schema, for joins and labels */
  if (S_exec(ds->db, "BEGIN", err, errlen)) return -1;
  sqlite3_stmt *st;
  sqlite3_prepare_v2(ds->db, "INSERT OR IGNORE INTO fields VALUES (?,?,?,?,?)", -1, &st, NULL);
  for (int i = 0; i < ds->rules->nfields; i++) {
    const S_field *f = &ds->rules->fields[i];
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->table == 0 ? "all" : f->in2019 && f->in2021 ? "2019,2021" : f->in2019 ? "2019" : "2021", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->table == 0 ? "meta" : f->table == 2 ? "t2" : f->table == 3 ? "t3" : "t4", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->label, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return S_exec(ds->db, "COMMIT", err, errlen);
}

/* A dataset written before `reports.checks_skipped` existed gets the column, filled from its `checks` table
 * (the statuses were always stored), and a report_wide view that shows it. Checked inside a write
 * transaction, so that two runs opening the same old dataset do not both add it. */
static int S_migrate(S_dataset *ds, char *err, size_t errlen) {
  if (S_exec(ds->db, "BEGIN IMMEDIATE", err, errlen)) return -1;
  sqlite3_stmt *st = NULL;
  int has = 0;
  if (sqlite3_prepare_v2(ds->db, "SELECT 1 FROM pragma_table_info('reports') WHERE name = 'checks_skipped'", -1, &st,
                         NULL) == SQLITE_OK)
    has = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (!has && S_exec(ds->db,
                     "ALTER TABLE reports ADD COLUMN checks_skipped INTEGER;"
                     "UPDATE reports SET checks_skipped = (SELECT count(*) FROM checks c WHERE c.report = reports.id"
                     " AND c.status = 'skipped') WHERE status = 'ok';"
                     "DROP VIEW IF EXISTS report_wide;",
                     err, errlen)) {
    S_exec(ds->db, "ROLLBACK", NULL, 0);
    return -1;
  }
  return S_exec(ds->db, "COMMIT", err, errlen);
}

S_dataset *S_dataset_open(const char *path, const ogi_rules *rules, char *err, size_t errlen) {
  S_dataset *ds = S_xcalloc(1, sizeof *ds);
  ds->rules = rules;
  if (sqlite3_open(path, &ds->db) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open the database: %s", path, sqlite3_errmsg(ds->db));
    sqlite3_close(ds->db);
    free(ds);
    return NULL;
  }
  sqlite3_busy_timeout(ds->db, 5000);
  char msg[512];
  if (S_exec(ds->db, S_schema, msg, sizeof msg) || S_migrate(ds, msg, sizeof msg) || S_create_wide_view(ds, msg, sizeof msg) ||
      S_exec(ds->db, "PRAGMA foreign_keys=ON", msg, sizeof msg)) {
    snprintf(err, errlen, "%s: %s", path, msg);
    sqlite3_close(ds->db);
    free(ds);
    return NULL;
  }
  sqlite3_prepare_v2(ds->db,
                     "INSERT INTO reports (path, sha256, bytes, format, encoding, agency, year, published, template,"
                     " status, error, checks_failed, checks_skipped, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     -1, &ds->ins_report, NULL);
  sqlite3_prepare_v2(ds->db, "INSERT INTO report_values VALUES (?,?,?,?,?,?,?,?,?,?,?)", -1, &ds->ins_value, NULL);
  sqlite3_prepare_v2(ds->db, "INSERT INTO checks VALUES (?,?,?,?,?,?,?)", -1, &ds->ins_check, NULL);
  sqlite3_prepare_v2(ds->db, "INSERT INTO warnings VALUES (?,?,?,?,?)", -1, &ds->ins_warning, NULL);
  sqlite3_prepare_v2(ds->db, "DELETE FROM reports WHERE path = ? AND sha256 = ?", -1, &ds->del_report, NULL);
  return ds;
}

uint64_t S_dataset_key(const char *path, const char *sha256) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = path; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  h = (h ^ 0xFF) * 1099511628211ULL;
  for (const char *p = sha256; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  return h;
}

uint64_t *S_dataset_known(S_dataset *ds, size_t *n) {
  sqlite3_stmt *st;
  size_t cap = 1024;
  uint64_t *keys = S_xmalloc(cap * sizeof *keys);
  *n = 0;
  sqlite3_prepare_v2(ds->db, "SELECT path, sha256 FROM reports", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) keys = S_xrealloc(keys, (cap *= 2) * sizeof *keys);
    keys[(*n)++] = S_dataset_key((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  return keys;
}

static void S_begin(S_dataset *ds) {
  if (!ds->in_tx) {
    S_exec(ds->db, "BEGIN", NULL, 0);
    ds->in_tx = 1;
  }
}

void S_dataset_forget(S_dataset *ds, const char *path, const char *sha256) {
  S_begin(ds);
  sqlite3_bind_text(ds->del_report, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(ds->del_report, 2, sha256, -1, SQLITE_STATIC);
  sqlite3_step(ds->del_report);
  sqlite3_reset(ds->del_report);
}

static void S_text_or_null(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC); /* lives until the step that uses it */
  else sqlite3_bind_null(st, i);
}

int S_dataset_add(S_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason) {
  S_begin(ds);
  sqlite3_stmt *st = ds->ins_report;
  int ok = !strcmp(status, "ok"), meta = ok || !strcmp(status, "no_tables");
  sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_TRANSIENT);
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
  } else {
    for (int k = 12; k <= 14; k++) sqlite3_bind_null(st, k);
  }
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return -1;
  sqlite3_int64 id = sqlite3_last_insert_rowid(ds->db);
  if (!ok) return 0;
  for (int i = 0; i < ds->rules->nfields; i++) {
    const S_value *v = &r->values[i];
    if (!v->present) continue;
    st = ds->ins_value;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, ds->rules->fields[i].id, -1, SQLITE_STATIC);
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
      } else {
        for (int k = 9; k <= 11; k++) sqlite3_bind_null(st, k);
      }
    } else {
      for (int k = 3; k <= 11; k++) sqlite3_bind_null(st, k);
    }
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  for (int i = 0; i < r->nresults; i++) {
    const S_result *c = &r->results[i];
    st = ds->ins_check;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, c->rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, S_status_name(c->status), -1, SQLITE_STATIC);
    if (c->status == S_SKIPPED) {
      sqlite3_bind_null(st, 5);
      sqlite3_bind_null(st, 6);
    } else {
      sqlite3_bind_double(st, 5, c->expected);
      sqlite3_bind_double(st, 6, c->actual);
    }
    if (c->line) sqlite3_bind_int(st, 7, c->line);
    else sqlite3_bind_null(st, 7);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  for (int i = 0; i < r->nwarnings; i++) {
    const S_warning *w = &r->warnings[i];
    st = ds->ins_warning;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, w->code, -1, SQLITE_STATIC);
    S_text_or_null(st, 3, w->field);
    S_text_or_null(st, 4, w->message);
    if (w->line) sqlite3_bind_int(st, 5, w->line);
    else sqlite3_bind_null(st, 5);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  return 0;
}

int S_dataset_commit(S_dataset *ds) {
  if (!ds->in_tx) return 0;
  ds->in_tx = 0;
  return S_exec(ds->db, "COMMIT", NULL, 0);
}

int S_dataset_close(S_dataset *ds, char *err, size_t errlen) {
  if (!ds) return 0;
  int rc = S_dataset_commit(ds);
  sqlite3_finalize(ds->ins_report);
  sqlite3_finalize(ds->ins_value);
  sqlite3_finalize(ds->ins_check);
  sqlite3_finalize(ds->ins_warning);
  sqlite3_finalize(ds->del_report);
  if (rc == 0) S_exec(ds->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, 0);
  if (sqlite3_close(ds->db) != SQLITE_OK && err) {
    snprintf(err, errlen, "cannot close the database");
    rc = -1;
  }
  free(ds);
  return rc;
}
