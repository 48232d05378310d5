/* Stage 8 (bulk): the SQLite dataset. One row per source file in `reports`, its values, check results and
 * warnings beside it; views `report_wide` (one column per field id) and `check_failures`. */
#ifndef OGI_DATASET_H
#define OGI_DATASET_H
#include "report.h"
#include <stdint.h>

typedef struct S_dataset S_dataset;

/* Opens (creating if needed) the database. Returns NULL and fills err on failure. */
S_dataset *S_dataset_open(const char *path, const ogi_rules *rules, char *err, size_t errlen);
/* 64-bit keys (hash of path and sha256) of the reports already stored, for resuming. */
uint64_t *S_dataset_known(S_dataset *ds, size_t *n);
uint64_t S_dataset_key(const char *path, const char *sha256);
/* Removes an earlier extraction of the same path and content (--force). */
void S_dataset_forget(S_dataset *ds, const char *path, const char *sha256);
/* Stores one file: status "ok" (meta, values, checks, warnings), "no_tables" (a report without tables: its
 * meta), "skipped" (not a report) or "error" (unreadable); reason is the error column (NULL: the report's
 * error message). */
int S_dataset_add(S_dataset *ds, const ogi_report *r, const char *path, const char *status, const char *reason);
int S_dataset_commit(S_dataset *ds); /* ends the current transaction; the next add starts one */
int S_dataset_close(S_dataset *ds, char *err, size_t errlen);
#endif
