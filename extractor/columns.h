/* Stage 6a: numbers placed into 表三's columns by where they stand on their line, for aligned text
 * (pdftotext -layout, w3m/lynx dumps of tables without borders), where blank cells print nothing and a row
 * has fewer numbers than columns. Positions are measured two ways, code points (pdftotext's grid) and display
 * columns (East Asian width: CJK = 2, terminal dumps), and the way under which the table lines up is used.
 * Column positions come from rows that print all seven numbers on one line (per page), else from the header
 * words of patterns/columns.tsv. The arithmetic decides only among the placements the positions allow. */
#ifndef OGI_COLUMNS_H
#define OGI_COLUMNS_H
#include "doc.h"
#include "solve.h"
#include <stddef.h>

#define OG_NCOLS 7

typedef struct og_geom og_geom;

/* og_geom_new: the text's lines and pages, columns not yet known (NULL without text). og_geom_fit: the
 * columns, from full: token indices of rows printing all seven numbers on one line, seven per row; header:
 * for each column the token of its header word, or (size_t)-1; nums: 表三's numbers printed two or more to a
 * line (they say which measure, code points or display width, the header's positions are in when no full
 * row does). 表三's columns may stay unknown. */
og_geom *og_geom_new(const char *text, size_t len);
void og_geom_fit(og_geom *g, const og_doc *d, const size_t *full, int nfull, const size_t *header, const size_t *nums,
                 int nnums);

/* A header word wrapped over lines in a narrow cell ("自" / "然" / "人", "自然" / "人"): token i and the
 * tokens below it, on the next lines (up to two lines apart), that stand over the same columns (one
 * measure for all), at most max, before token end. piece[] gets their indices in line order; returns their
 * count (1: nothing stacks under token i). */
int og_geom_stack(const og_geom *g, const og_doc *d, size_t i, size_t end, size_t *piece, int max);

/* The placements the positions allow for the m numbers tok[0..m) (one line) into the seven columns, in
 * order: out[j][cell] = index of the number in that cell, or -1 for a blank. Returns their count (up to
 * max stored), 0 when the positions allow none, -1 when the line has no column positions to go by. The
 * first *nnear (when given) are the readings near positions give; the rest only the rounding of positions
 * to characters allows (a number a character or two off its column). */
int og_geom_readings(const og_geom *g, const og_doc *d, const size_t *tok, int m, int (*out)[OG_MAXV], int max,
                     int *nnear);

/* Whether numbers tok[0..m) on one line, read into 表三's columns col[0..m), stand as far apart as those
 * columns do: some one shift of the line brings each within a third of the page's narrowest column spacing
 * of its column (a line pdftotext set on a scale of its own is shifted as a whole, its numbers' gaps kept).
 * 1 also when nothing can be measured: the page's columns not known, the numbers on several lines, a
 * number without a position or a column out of range. */
int og_geom_spaced(const og_geom *g, const og_doc *d, const size_t *tok, const int *col, int m);
/* 1 when the first or last of the m numbers tok[0..m) (one line) stands beyond the page's first or last
 * column by more than half a column: the line is set on a scale of its own (pdftotext re-spaces each line by
 * its text), and the columns it stands nearest are a weak guide. */
int og_geom_off_grid(const og_geom *g, const og_doc *d, const size_t *tok, int m);

/* The same for a row of k values under the numbers of a row of its small table that printed all k,
 * full[0..k) on one line (表二: digits line up where CJK header words, set in another measure, do not). */
int og_geom_row_readings(const og_geom *g, const og_doc *d, const size_t *full, int k, const size_t *tok, int m,
                         int (*out)[OG_MAXV], int max, int *nnear);
/* The same for a row of k values under its own header words header[0..k) (表二's small tables). */
int og_geom_header_readings(const og_geom *g, const og_doc *d, const size_t *header, int k, const size_t *tok, int m,
                            int (*out)[OG_MAXV], int max, int *nnear);

/* Placements of m numbers on one line into k cells of one width (表四): the gaps between the numbers are
 * whole numbers of cells (the smallest gap one, two or three cells), the row's offset is free. */
int og_geom_even_readings(const og_geom *g, const og_doc *d, const size_t *tok, int m, int k, int (*out)[OG_MAXV], int max);

/* Placement of m numbers on one line into k cells by the header printed above them (表四 in pdftotext
 * -layout: "结 结 其 尚 总" one character per line, or "结果维持 结果纠正 …"): the words hdr[0..nhdr) (block
 * titles left out by the caller) stand in columns whose centres, clustered, must be exactly k; each number
 * goes to the column nearest it, clearly nearer than the next. Returns 1 with out[0] set, 2 with out[0] and
 * out[1] when code points and display columns both place the numbers, differently (the caller's sums
 * decide), 0 when the header does not give k columns or a number no clear column, -1 without positions. */
int og_geom_header_columns(const og_geom *g, const og_doc *d, const size_t *hdr, int nhdr, const size_t *tok, int m,
                           int k, int (*out)[OG_MAXV]);

/* The measure chosen ("code points" or "display columns"), for ogi layout. */
const char *og_geom_measure(const og_geom *g);
/* Where token t stands on its line: its centre in code points and in display columns; 0 without a position. */
int og_geom_x(const og_geom *g, const og_token *t, double *x_cp, double *x_disp);
/* The measure 表三's columns were found under: 0 code points, 1 display columns, -1 not known. */
int og_geom_measure_kind(const og_geom *g);
/* 1 when the columns of line's page came from 表三's header alone and two of its words were joined into one
 * run (two words of two characters or more one space apart on a line: pdftotext sets the words of cells
 * narrower than their text so, where they stand says little of their columns): the numbers' positions are
 * then a weak guide, which the template's sums must confirm. */
int og_geom_weak(const og_geom *g, int line);
/* 1 when source lines a and b are on one page (no form feed between). */
int og_geom_same_page(const og_geom *g, int a, int b);

void og_geom_free(og_geom *g);
#endif
