/* Rules, stage 5b: fitting a run of numbers to a row — the readings the layout allows, geometry first (the
 * column each number stands in, the empty lines of one cell per line), then the arithmetic of the row's own
 * sums (glued digits cut, collapsed repeats and vanished blanks expanded). Several readings go on to the
 * joint solve (place.h). */
#ifndef OGI_FIT_H
#define OGI_FIT_H
#include "extract_int.h"

/* accept() of a reading: row rd's sums hold (og_accept_row; ctx is an og_accept_ctx). */
typedef struct {
  const ogi_report *r;
  const og_rowdef *rd;
} og_accept_ctx;
int og_accept_row(const double *vals, int n, void *ctx);

/* og_fit_run_all's modes, and its statuses (besides the count of readings) */
enum { OG_FIT_CUT = 1, OG_FIT_EXPAND = 2, OG_FIT_ASSUME_TOTAL = 4 };
enum { OG_FIT_NONE = 0, OG_FIT_LIMIT = -1, OG_FIT_NO_SUM = -3, OG_FIT_ORDER = -4 };
#define OG_MAX_READINGS 256

/* x->vgap (lead 0): the fewest empty lines after a number alone on its line in 表三, before the next number
 * or label; lead 1: the fewest between a label and the number alone on its line after it. -1 when none. */
int og_vertical_gap(const og_ctx *x, int lead);

/* Fits a run of tokens to the k values of row rd and returns the number of readings: 1 (in f), several
 * (in *alts, malloc'd; only when alts is given, else OG_FIT_NONE), OG_FIT_NONE, OG_FIT_LIMIT (work limit),
 * OG_FIT_NO_SUM (readings exist but none satisfies the row's sums) or OG_FIT_ORDER (raw pdftotext: the
 * row's sums do not hold in the order printed). mode: OG_FIT_CUT lets glued digits be cut; OG_FIT_EXPAND
 * lets a short run stand for the whole row (collapsed repeats, or cells that printed nothing and vanished);
 * OG_FIT_ASSUME_TOTAL (with alts), when no such reading adds up, a 表三 row's 总计 be the cell that printed
 * nothing (the readings carry it as assumed, and are returned in alts even alone, for the joint solve). */
int og_fit_run_all(const og_ctx *x, const og_cand *c, const og_rowdef *rd, int mode, og_fit *f, og_fit **alts);

/* The single reading of a run (1), or 0 / a negative status when it has none or several. */
int og_fit_run(const og_ctx *x, const og_cand *c, const og_rowdef *rd, int allow_cut, og_fit *f);
#endif
