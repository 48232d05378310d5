/* The checker (check.h): the identities of patterns/checks.tsv and the domain rules run on a report's values
 * into its results (pass, fail, skipped), and the row tests the placing code asks (og_row_holds, og_blank_total).
 * It reads values and never changes them. */
#include "check.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Field index of term t on one side (0 left, 1 right) for subject s. */
static int S_term(const og_check *ck, int side, int s, int t) {
  return side ? ck->rhs_field[s * ck->nrhs + t] : ck->lhs_field[s * ck->nlhs + t];
}

static int S_in(const int *set, int n, int x) {
  for (int i = 0; i < n; i++)
    if (set[i] == x) return i;
  return -1;
}

int og_row_holds(const ogi_report *r, const int *row_fields, const double *vals, int n) {
  const ogi_rules *rules = r->rules;
  for (int i = 0; i < n; i++) {
    const og_field *f = &rules->fields[row_fields[i]];
    if (vals[i] < 0 && !f->is_signed) return 0;
    if (vals[i] != floor(vals[i]) && !f->is_decimal) return 0;
  }
  if (rules->nfloor) {
    double sum = 0;
    int any = 0;
    for (int i = 0; i < n; i++)
      for (int k = 0; k < rules->fields[row_fields[i]].nfloor; k++) { sum += vals[i]; any++; }
    if (any >= 2 && sum < 0) return 0;
  }
  for (int c = 0; c < rules->nchecks; c++) {
    const og_check *ck = &rules->checks[c];
    for (int s = 0; s < ck->nsubjects; s++) {
      double lhs = 0, rhs = 0;
      int inside = 1, any = 0;
      for (int side = 0; side < 2 && inside; side++) {
        int nt = side ? ck->nrhs : ck->nlhs;
        for (int t = 0; t < nt; t++) {
          int fi = S_term(ck, side, s, t);
          if (fi < 0 || !r->values[fi].present) continue;
          int k = S_in(row_fields, n, fi);
          if (k < 0) { inside = 0; break; }
          any = 1;
          if (side) rhs += vals[k];
          else lhs += vals[k];
        }
      }
      if (inside && any && fabs(lhs - rhs) > 1e-6) return 0;
    }
  }
  return 1;
}

static og_result *S_add_result(ogi_report *r, const char *rule, const char *subject, int status, double expected,
                               double actual, int *fields, int nfields, int line, int col) {
  r->results = og_xrealloc(r->results, sizeof *r->results * (size_t)(r->nresults + 1));
  og_result *res = &r->results[r->nresults++];
  res->rule = og_xstrdup(rule);
  res->subject = og_xstrdup(subject);
  res->status = status;
  res->expected = expected;
  res->actual = actual;
  res->nfields = nfields;
  res->fields = og_xmalloc(sizeof(char *) * (size_t)(nfields ? nfields : 1));
  for (int i = 0; i < nfields; i++) res->fields[i] = og_xstrdup(r->rules->fields[fields[i]].id);
  res->line = line;
  res->col = col;
  res->blank = 0;
  res->unsummable = 0;
  res->placed = 0;
  return res;
}

int og_blank_total(const ogi_report *r, const og_check *ck, int s, double *sum) {
  if (ck->nrhs != 1) return -1;
  int ti = S_term(ck, 1, s, 0);
  if (ti < 0 || !r->values[ti].present || !r->values[ti].found || !r->values[ti].blank) return -1;
  double total = 0;
  for (int t = 0; t < ck->nlhs; t++) {
    int fi = S_term(ck, 0, s, t);
    if (fi < 0 || !r->values[fi].present) continue;
    if (!r->values[fi].found) return -1;
    total += r->values[fi].value;
  }
  if (total == 0) return -1;
  *sum = total;
  return ti;
}

static int S_one_unsummable_row(const ogi_report *r, const int *fields, int nf) {
  for (int i = 0; i < nf; i++) {
    const og_value *v = &r->values[fields[i]];
    if (v->found || !v->no_sum || strcmp(r->rules->fields[fields[i]].row, r->rules->fields[fields[0]].row) != 0) return 0;
  }
  return 1;
}

void og_run_checks(ogi_report *r) {
  const ogi_rules *rules = r->rules;
  int *fields = og_xmalloc(sizeof(int) * 64);
  for (int c = 0; c < rules->nchecks; c++) {
    const og_check *ck = &rules->checks[c];
    for (int s = 0; s < ck->nsubjects; s++) {
      int nf = 0, missing = 0, line = 0, col = 0, blank_total = 0;
      double lhs = 0, rhs = 0;
      for (int side = 0; side < 2; side++) {
        int nt = side ? ck->nrhs : ck->nlhs;
        for (int t = 0; t < nt && nf < 64; t++) {
          int fi = S_term(ck, side, s, t);
          if (fi < 0 || !r->values[fi].present) continue;
          fields[nf++] = fi;
          const og_value *v = &r->values[fi];
          if (!v->found) { missing = 1; continue; }
          if (side) {
            rhs += v->value;
            if (!line) { line = v->line; col = v->col; }
            if (nt == 1 && v->blank) blank_total = 1;
          } else {
            lhs += v->value;
          }
        }
      }
      if (nf == 0) continue;
      int status = missing ? OG_SKIPPED : fabs(lhs - rhs) > 1e-6 ? OG_FAIL : OG_PASS;
      /* every value of the identity is one row's that could not be placed because no placement of its
       * printed numbers satisfies the row's sums: the identity fails whatever the placement */
      int unsummable = missing && S_one_unsummable_row(r, fields, nf);
      if (unsummable) status = OG_FAIL;
      og_result *res = S_add_result(r, ck->rule, ck->subjects[s], status, missing ? NAN : lhs, missing ? NAN : rhs, fields, nf,
                                   line, col);
      res->blank = blank_total;
      res->unsummable = unsummable;
      for (int i = 0; i < nf; i++) res->placed |= r->values[fields[i]].by_sums;
      if (unsummable) {
        res->line = r->values[fields[0]].no_sum_line;
        res->col = r->values[fields[0]].no_sum_col;
      }
    }
  }
  for (int i = 0; i < rules->nfields; i++) {
    const og_value *v = &r->values[i];
    if (!v->present || !v->found) continue;
    const og_field *f = &rules->fields[i];
    int bad = (v->value < 0 && !f->is_signed) || (v->value != floor(v->value) && !f->is_decimal);
    if (bad) {
      fields[0] = i;
      S_add_result(r, "domain", f->id, OG_FAIL, v->value < 0 ? 0 : floor(v->value), v->value, fields, 1, v->line, v->col);
    }
  }
  free(fields);
}
