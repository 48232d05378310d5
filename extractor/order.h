/* Stage 6c: a table's numbers in a reading order that is not the table's. Raw pdftotext (no -layout) reads a
 * table by its own text blocks: a row across (one cell after the other), or, where consecutive rows have
 * one-line cells, a block of k rows down, column by column (the k cells of the first column, then the k of
 * the second ...), printed as w groups of k numbers that blank lines or labels set apart. This module
 * enumerates the ways a sequence of numbers, cut into such groups, reads as a table of rows of width w; the
 * caller keeps the readings under which the table's sums hold. It never looks at labels. */
#ifndef OGI_ORDER_H
#define OGI_ORDER_H

/* row_ok: 1 when row `row` (cells: the sequence indices of its w numbers) may hold (its own sums).
 * done: called with each complete reading (cells[row * w + column] = sequence index); returns 0 to stop. */
typedef int (*og_order_row_fn)(const int *cells, int row, void *ctx);
typedef int (*og_order_done_fn)(const int *cells, void *ctx);

/* group[i] is the group of the i-th of n numbers (non-decreasing: numbers of one group stand together).
 * Every number is used once; a block read down starts at a group's start and spans w groups of equal size.
 * Returns the number of complete readings passed to done, or -1 when max_steps ran out first. */
int og_order_readings(const int *group, int n, int w, int nrows, og_order_row_fn row_ok, og_order_done_fn done,
                     void *ctx, long max_steps);
#endif
