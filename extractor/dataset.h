/* Stage 8 (bulk): the SQLite dataset. One row per source file in `reports`, its values, check results and
 * warnings beside it, one row per report in the table `report_wide` (one column per field), the data
 * dictionary `fields`, the `meta` table; views `agency_year`, `check_failures`, `latest_reports`. */
#ifndef OGI_DATASET_H
#define OGI_DATASET_H
#include "report.h"
#include "walk.h"
#include <stdint.h>

typedef struct og_dataset og_dataset;

/* Opens (creating, checking or migrating its layout) the database. Returns NULL and fills err on failure:
 * a foreign layout or a newer dataset version is refused with a message saying what to do. */
og_dataset *og_dataset_open(const char *path, const ogi_rules *rules, char *err, size_t errlen);
/* 64-bit keys (hash of path and sha256) of the reports already stored, for resuming: 0, or -1 (message in
 * og_dataset_error). *keys is freed by the caller. */
int og_dataset_known(og_dataset *ds, uint64_t **keys, size_t *n);
uint64_t og_dataset_key(const char *path, const char *sha256);
/* The files stored with their size, mtime, device and inode (table `sources`, version 3): each as the key of
 * path and stat, the key of its report, and its sha256; a re-run skips such a file unread when its report is
 * stored (batch.c).
 * 0, or -1 (message in og_dataset_error); *out is freed by the caller. */
typedef struct {
  uint64_t key, report_key; /* og_dataset_stat_key, og_dataset_key of its path and sha256 */
  char sha256[65];
} og_known_stat;
int og_dataset_known_stats(og_dataset *ds, og_known_stat **out, size_t *n);
uint64_t og_dataset_stat_key(const char *path, const og_file_stat *st);
/* Records the stat of a file the dataset already holds (read and hashed again: new mtime, --rehash, or a
 * dataset made before version 3), so that the next run skips it unread. 0; -1 or -2 as og_dataset_add. */
int og_dataset_touch(og_dataset *ds, const char *path, const char *sha256, const og_file_stat *st);
/* Stores one file, whole or not at all (with st, NULL for standard input, its stat in `sources`): status "ok" (meta, values, checks, warnings), "no_tables" (a report
 * without tables: its meta), "skipped" (not a report) or "error" (unreadable); reason is the error column
 * (NULL: the report's error message); replace removes an earlier extraction of the same path and content
 * first (--force). Returns 0; -1 when this report could not be stored (its rows were rolled back, the
 * transaction goes on); -2 when the transaction itself was lost (a full disk, an I/O error: the reports added
 * since the last commit are gone too). The message is in og_dataset_error. */
int og_dataset_add(og_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason,
                  int replace, const og_file_stat *st);
/* Reports added since the last commit. */
long og_dataset_pending(const og_dataset *ds);
/* Ends the current transaction (the next add starts one): 0 and *committed = the reports it stored, or -1
 * (message in og_dataset_error; none of them are stored). */
int og_dataset_commit(og_dataset *ds, long *committed);
/* Rolls back what is not committed (the batch stops). */
void og_dataset_abandon(og_dataset *ds);
const char *og_dataset_error(const og_dataset *ds);
/* Commits what is pending, then computes the table cross_checks again, whole (patterns/cross_checks.tsv applied
 * to consecutive years of each agency in agency_year, in the order of agency_name, year, rule and subject):
 * 0 with *committed (the reports that were pending) and *warnings (the rows of cross_checks); -1 when the
 * pending reports could not be committed; -2 when they were (*committed) but the cross-year checks could not be
 * computed (the table keeps its earlier rows). The message is in og_dataset_error. */
int og_dataset_finish(og_dataset *ds, long *committed, long *warnings);
/* Commits what is pending and closes; -1 with a message naming the file in err. */
int og_dataset_close(og_dataset *ds, char *err, size_t errlen);
#endif
