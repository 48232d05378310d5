/* Rules, stage 6a: numbers placed. A row's reading put into the report's values (with where it was printed,
 * amounts in 元 as 万元, the values the row's sums decided named placed_by_sums); a row with several
 * readings deferred, and the joint solve of all deferred rows (solve.h) with the template's identities and
 * the report's own statements (narrative.h): one survivor placed, values every survivor agrees on placed,
 * the rest null with a warning. */
#ifndef OGI_PLACE_H
#define OGI_PLACE_H
#include "extract_int.h"

/* Places every value of reading f of row rd (the candidate c gives the label and position; how: the
 * value's provenance). */
void og_place(og_ctx *x, const og_rowdef *rd, const og_cand *c, const og_fit *f, const char *how);

/* Defers row rd's n readings alts (taken over) to the joint solve, unless the row is deferred already. */
void og_defer(og_ctx *x, const og_rowdef *rd, const og_cand *c, og_fit *alts, int n, const char *how);

/* Drops row rd's deferred readings (one reading found later beats several). */
void og_undefer(og_ctx *x, const og_rowdef *rd);

/* 1 when row rd is placed or deferred. */
int og_row_taken(const og_ctx *x, const og_rowdef *rd);

/* 1 when some value of row rd was placed (表四's blocks are placed as one row of fifteen). */
int og_row_any(const ogi_report *r, const og_rowdef *rd);

/* 1 when row rd's first value was placed. */
int og_row_found(const ogi_report *r, const og_rowdef *rd);

/* Places a row: its one reading f now, or its n > 1 readings alts (taken over) for the joint solve. */
void og_place_or_defer(og_ctx *x, const og_rowdef *rd, const og_cand *c, const og_fit *f, og_fit *alts, int n,
                       const char *how);

/* The joint solve of every deferred row, and what it leaves placed. */
void og_solve_pending(og_ctx *x);

/* A row label followed by a run that does not fit the row (ok: the status og_fit_run_all gave; what: where
 * the numbers stand, for the message): bad_row or reading_order, and the values' no_sum marks. */
void og_warn_bad_row(og_ctx *x, const og_rowdef *rd, const og_cand *c, int ok, const char *what);
#endif
