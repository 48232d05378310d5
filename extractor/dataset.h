/* Stage 8 (bulk): the SQLite dataset. One row per source file in `reports`, its values, check results and
 * warnings beside it, one row per report in the table `report_wide` (one column per field), the data
 * dictionary `fields`, the `meta` table; views `agency_year`, `check_failures`, `latest_reports`. */
#ifndef OGI_DATASET_H
#define OGI_DATASET_H
#include "report.h"
#include <stdint.h>

typedef struct S_dataset S_dataset;

/* Opens (creating, checking or migrating its layout) the database. Returns NULL and fills err on failure:
 * a foreign layout or a newer dataset version is refused with a message saying what to do. */
S_dataset *S_dataset_open(const char *path, const ogi_rules *rules, char *err, size_t errlen);
/* 64-bit keys (hash of path and sha256) of the reports already stored, for resuming: 0, or -1 (message in
 * S_dataset_error). *keys is freed by the caller. */
int S_dataset_known(S_dataset *ds, uint64_t **keys, size_t *n);
uint64_t S_dataset_key(const char *path, const char *sha256);
/* Stores one file, whole or not at all: status "ok" (meta, values, checks, warnings), "no_tables" (a report
 * without tables: its meta), "skipped" (not a report) or "error" (unreadable); reason is the error column
 * (NULL: the report's error message); replace removes an earlier extraction of the same path and content
 * first (--force). Returns 0; -1 when this report could not be stored (its rows were rolled back, the
 * transaction goes on); -2 when the transaction itself was lost (a full disk, an I/O error: the reports added
 * since the last commit are gone too). The message is in S_dataset_error. */
int S_dataset_add(S_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason,
                  int replace);
/* Reports added since the last commit. */
long S_dataset_pending(const S_dataset *ds);
/* Ends the current transaction (the next add starts one): 0 and *committed = the reports it stored, or -1
 * (message in S_dataset_error; none of them are stored). */
int S_dataset_commit(S_dataset *ds, long *committed);
/* Rolls back what is not committed (the batch stops). */
void S_dataset_abandon(S_dataset *ds);
const char *S_dataset_error(const S_dataset *ds);
/* Commits what is pending, then computes the table cross_checks again, whole (patterns/cross_checks.tsv applied
 * to consecutive years of each agency in agency_year, in the order of agency_name, year, rule and subject):
 * 0 with *committed (the reports that were pending) and *warnings (the rows of cross_checks); -1 when the
 * pending reports could not be committed; -2 when they were (*committed) but the cross-year checks could not be
 * computed (the table keeps its earlier rows). The message is in S_dataset_error. */
int S_dataset_finish(S_dataset *ds, long *committed, long *warnings);
/* Commits what is pending and closes; -1 with a message naming the file in err. */
int S_dataset_close(S_dataset *ds, char *err, size_t errlen);
/* Chinese and English labels of each field (NULLs for meta fields), from patterns/labels.tsv; NULL with a
 * message naming the file when a row or column of fields.tsv has none. Freed with S_field_labels_free. */
typedef struct {
  char *column_key, *row_zh, *column_zh, *row_en, *column_en, *unit, *label_en;
} S_field_label;
S_field_label *S_field_labels(const ogi_rules *rules, char *err, size_t errlen);
void S_field_labels_free(S_field_label *labels, int n);
/* SHA-256 of the rule files, recorded in the dataset's meta table (rules_sha256). */
void S_rules_checksum(const ogi_rules *rules, char out[65]);
#endif
