/* Stage 7: the checker. One small engine evaluates the identities declared in patterns/checks.tsv
 * (t3.balance, t3.row_total, t3.column_total, t4.block_total) and the domain rules on a report's values. */
#ifndef OGI_CHECK_H
#define OGI_CHECK_H
#include "report.h"

/* Fills r->results: one result per identity and subject (pass, fail, or skipped when a value is null),
 * plus a "domain" failure for each value that is negative or fractional where it may not be. */
void og_run_checks(ogi_report *r);

/* For identity ck and subject s: the field index of a printed total that is blank while its parts are all
 * printed and add up to *sum != 0 (a blank that contradicts the sums), or -1. */
int og_blank_total(const ogi_report *r, const og_check *ck, int s, double *sum);

/* For choosing among ways to cut glued digits: 1 when the values vals (for the fields row_fields[0..n))
 * satisfy every identity whose fields all lie in that row, the domain rules, and the row floor. */
int og_row_holds(const ogi_report *r, const int *row_fields, const double *vals, int n);
#endif
