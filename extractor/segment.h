/* Glued digits: a run of digit strings ("1000001", a page's textContent) cut into the cells of a row. Used by
 * the fitting of runs to rows (fit.c); og_segment_digits is exposed for tests. */
#ifndef OGI_SEGMENT_H
#define OGI_SEGMENT_H
#include <stddef.h>

#define OG_BLANK_PART "\x01" /* a part that is a printed blank cell */

/* The digits of the parts before any decimal point (an amount's decimals stay with it: they are not cut). */
size_t og_int_digits(const char *const *parts, int nparts);

/* Every cut of parts into k numbers that accept() takes, each handed to collect(); the count, or -1 past
 * the work limit. */
int og_segment_all(const char *const *parts, int nparts, int k, int (*accept)(const double *, int, void *),
                   void *ctx, void (*collect)(const double *, char (*)[32], const int *, int, void *), void *cctx);

/* Cuts the digit strings parts[0..nparts) into exactly k numbers; accept(vals, k, ctx) says whether a cut
 * is consistent. Returns the number of consistent cuts, storing the cut in out only when there is exactly
 * one (several are for the arithmetic of the whole table to decide, never for a guess); -1 when the work
 * limit was reached. Exposed for tests. */
int og_segment_digits(const char *const *parts, int nparts, int k, int (*accept)(const double *, int, void *),
                     void *ctx, double *out, char (*out_text)[32], int *out_part);
#endif
