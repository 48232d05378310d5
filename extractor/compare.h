/* The indicators of a dataset (docs/compare.md): the rows of agency_year read into memory once, with each
 * indicator's value and, for a rate, its denominator — so that a group's rate is recomputed from its sums
 * (Σ numerator / Σ denominator), never averaged. Shared by `ogi compare` (compare.c) and `ogi report`
 * (report_html.c). */
#ifndef OGI_COMPARE_H
#define OGI_COMPARE_H
#include "ogi.h"
#include "util.h"
#include <sqlite3.h>

typedef struct {
  char *key;         /* coalesce(agency_name, agency): the normalized name when the agency was identified */
  char *printed;     /* the agency as printed */
  char *region_code, *region_name, *level, *kind, *path, *template_;
  int year, copies, checks_failed, id;
  double *v;         /* per metric; has[m] 0: null */
  double *den;       /* per metric: the rate's denominator (0 for a count) */
  unsigned char *has;
} cmp_row;

typedef struct {
  char **metric;     /* indicator names with an ind_ column, in indicators.tsv order */
  int *is_rate;
  int nmetrics;
  cmp_row *rows;
  int nrows;
  sqlite3 *db;       /* open read-only, for the report's other queries */
} cmp_data;

/* One group of rows (a year, a region prefix, or one row): counts summed, rates recomputed. */
typedef struct {
  char *key, *label;
  int year, rows, agencies, checks_failed;
  double *v, *num, *den;
  unsigned char *has;
} cmp_group;

/* Opens path read-only and reads agency_year. Returns OGI_OK, OGI_ERR_IO (cannot open) or OGI_ERR_DATASET
 * (not an ogi dataset of layout version 2 or later) with a message in err. */
int cmp_load(const ogi_rules *rules, const char *path, cmp_data *d, char *err, size_t errlen);
void cmp_free(cmp_data *d);
int cmp_metric(const cmp_data *d, const char *name);
/* Adds row r to group g (g's arrays sized by d->nmetrics, zeroed); cmp_finish computes the rates. */
void cmp_group_init(const cmp_data *d, cmp_group *g);
void cmp_group_add(const cmp_data *d, cmp_group *g, const cmp_row *r);
void cmp_group_finish(const cmp_data *d, cmp_group *g);
void cmp_group_free(cmp_group *g);
/* Does the table exist in the dataset? */
int cmp_has_table(const cmp_data *d, const char *name);
/* The name of a region code prefix (2: province, 4: city, 6: county, 9: township) from the agencies table, or
 * NULL; freed with free(). */
char *cmp_region_name(const cmp_data *d, const char *prefix);
/* "12.3%" (one decimal) or the count ("1234", "12.5" for an amount); "" for null. */
void cmp_format_value(char *out, size_t n, double v, int is_rate, int percent);
#endif
