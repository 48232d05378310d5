/* Rules, stage 6b: the per-table placement. Each table's candidates placed into its template rows (fit.h
 * gives their readings, place.h places or defers them): 表二 by label, by template order where one row is
 * left for one run, or (raw pdftotext) in the order read; 表三 by the longest chain of labelled rows in
 * template order, the gaps filled in order where the rows fit the places exactly; 表四 as one row of fifteen
 * or three blocks; a displaced total put back. */
#ifndef OGI_TABLES_H
#define OGI_TABLES_H
#include "extract_int.h"

/* 表二's rows by their labels. */
void og_extract_t2(og_ctx *x);

/* 表二's rows whose label was lost, by template order (one run for the one row left between two placed). */
void og_t2_by_order(og_ctx *x);

/* Raw pdftotext: 表二's rows left, from pdftotext's order, when the rows placed by label confirm it. */
void og_t2_in_order(og_ctx *x);

/* Every value of row rd is a printed blank (0), placed at token t (label: the row label, or NULL). */
void og_place_blank_row(ogi_report *r, const og_rowdef *rd, const og_token *t, const char *label);

/* 表四: one row of fifteen (or three blocks of five), printed blank, or in raw pdftotext's order. */
void og_extract_t4(og_ctx *x);

/* 表三: the longest chain of labelled rows in template order, the gaps between filled by order where the
 * rows fit the places exactly (raw pdftotext: in its order, when exactly one reading adds up). */
void og_extract_t3(og_ctx *x);

/* A blank total whose parts add up, with a lone number equal to that sum printed before it outside the
 * table's rows: that number (displaced_cell). */
void og_fill_displaced_totals(og_ctx *x);

/* Aligned text: a number alone on its line right above or below a row (only empty lines between), that no
 * row took, standing where the row's cells printed nothing, is that cell's when it falls between the row's
 * printed numbers where exactly one of those cells is (warning displaced_cell); where several are, they are
 * named (warning displaced_number) and left as printed. Two such numbers, one right above and one right
 * below, in the same place, are the cell's number wrapped inside it, top first (warning wrapped_cell). Only
 * on the row's page, for a row whose blanks no sum placed; a 表三 row must add up with it. */
void og_fill_displaced_cells(og_ctx *x);
/* 表三's 总计 column cut off (og_ctx.no_total): every 总计 null, named column_missing, and the values of a row
 * that printed fewer than its six other cells named too (nothing checks where they stand). */
void og_missing_total_column(og_ctx *x);
#endif
