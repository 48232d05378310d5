/* Stage 6b: numbers placed by the template's arithmetic. When the layout leaves a row several readings
 * (glued digits that cut several ways, a row whose repeated cells a crawler collapsed, cells that vanished
 * without geometry to say which), the readings are enumerated (here and in fit.c) and this module keeps
 * those under which the identities of patterns/checks.tsv hold jointly with the rest of the table: row
 * totals, column totals, 一+二=（七）+四, 表四 blocks. It only chooses among readings the layout allows;
 * it reads the report's values and never writes them (the caller places what survives). */
#ifndef OGI_SOLVE_H
#define OGI_SOLVE_H
#include "report.h"
#include <stddef.h>

#define OG_MAXV OGI_ROW_MAX /* rules.h */

/* One reading of a row: its k values, the token each came from, blank flags, the digits of a cut value. */
typedef struct {
  double v[OG_MAXV];
  size_t tok[OG_MAXV];
  int blank[OG_MAXV];
  char text[OG_MAXV][32]; /* the digits of a cut value */
  int cut;               /* values come from cutting glued digits */
  int alternatives;      /* consistent readings found for the row */
  unsigned varies;       /* values (bits) that differ among the readings the layout allows: the sums chose them */
  int layout_readings;   /* readings the layout allows, before the sums */
  int by_lines;          /* blank cells placed by the empty lines around the numbers (one cell per line) */
  unsigned some_hold;    /* no reading adds up: the values (bits) of 表四's blocks that add up in some reading */
  int near;              /* the one reading the numbers' near positions give (aligned text), others being
                          * allowed only by the rounding of positions to characters */
  unsigned assumed;      /* values (bits) no printed number gave: a 总计 taken as the cell that printed nothing
                          * (no reading adds up with it among the numbers); the identities they take part in
                          * are no evidence for the reading (the joint solve leaves them out) */
  unsigned vanished;     /* cells (bits) that printed nothing and vanished: no token of their own (tok[i] is the
                          * row's first) */
  int unconfirmed;       /* 表二/表四 placed by the columns its numbers stand in, cells having vanished, in text
                          * whose lines pdftotext re-spaced each its own way (og_ctx.drifty): nothing else
                          * confirms which cell each number is (named: positions_unconfirmed) */
  int by_geom;           /* 表三 aligned text: the columns the numbers stand in chose this reading among those
                          * their order allows (cells printed nothing and vanished); 2: the line stands off
                          * the page's columns (og_geom_off_grid) */
} og_fit;

/* og_choice.weight: a row whose numbers stand at the page's columns; one whose line stands off them (its
 * positions a weaker guide: read otherwise first). */
enum { OG_WEIGHT_AT_COLUMNS = 4, OG_WEIGHT_OFF_GRID = 1 };

/* A row with several readings. In: fields (the row's field indices), k, readings, n. Out: survivors in its
 * component (-1: too many or out of work), first (a surviving reading, -1 when none), agree[i] (1 when every
 * surviving joint placement gives value i the same value and blank flag as reading first). */
typedef struct {
  const int *fields;
  int k;
  const og_fit *readings;
  int n;
  int survivors, first;
  int agree[OG_MAXV];
  int weight; /* in: what reading the row otherwise than its numbers' positions allow (by_geom 0) costs: a
              * joint placement of the least cost is kept (aligned text; 0: the positions tell nothing) */
  int misprint; /* out: -1, or the survivors are those of the table with one printed number taken as a
                 * misprint (no joint placement holds exactly): that field, or -2 when several such numbers
                 * give placements */
} og_choice;

/* A figure the report's text states (narrative.h): the sum of some fields is value, under one of nalt
 * readings of the statement (any): "涉及自然人72件" is 自然人's 一, or its 一 + 二, or its （七）. */
#define OG_STMT_ALTS 4
#define OG_STMT_TERMS 16
typedef struct {
  int nalt;
  int nterms[OG_STMT_ALTS];
  int fields[OG_STMT_ALTS][OG_STMT_TERMS];
  double value;
} og_stmt;

/* Solves the choices jointly with the values already placed in r (found and not owned by a choice), and
 * with the nst statements st as further constraints (NULL, 0: the sums alone). Choices that share no
 * identity (nor statement) are solved apart. max_steps bounds the work of each component.
 * When no joint placement holds, and the identities that no reading can make hold (each alone) share
 * exactly the cells one misprinted number would explain, the table is solved again once per such cell,
 * that cell left out of every identity (eliminated: its row's identity and its column's combined into one),
 * and choices' readings never moved off their positions; the placements that hold so are the survivors,
 * with og_choice.misprint set (the checks on the printed numbers still fail: nothing is absorbed). */
void og_solve(const ogi_report *r, og_choice *ch, int n, long max_steps, const og_stmt *st, int nst);

/* Readings of a run of m printed values (vals, blank flags) for a row of k cells, filtered by accept:
 *   og_expand_collapsed: consecutive identical cells were printed once (each value stands for 1..k cells,
 *                       neighbours differ);
 *   og_expand_vanished:  k - m cells printed nothing and vanished (the values keep their order);
 *   og_expand_collapsed_vanished: both (blank cells vanished, then identical consecutive lines collapsed);
 *                       its accept is also asked of each reading's first cells (n < k: the sums those cells
 *                       complete), and must accept a prefix that completes none and refuse a prefix only
 *                       when it refuses every reading that begins so.
 * Each reading is reported as the cell index of each of the k cells' source value (-1: a vanished blank).
 * Returns the number of accepted readings (stored up to max in out[max][k]), or -1 past the work limit. */
int og_expand_collapsed(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                       void *ctx, int (*out)[OG_MAXV], int max);
int og_expand_vanished(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                      void *ctx, int (*out)[OG_MAXV], int max);
int og_expand_collapsed_vanished(const double *vals, const int *blank, int m, int k,
                                int (*accept)(const double *, int, void *), void *ctx, int (*out)[OG_MAXV], int max);
#endif
