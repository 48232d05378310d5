/* The rule engine's shared state (extract.c and its stages rows.c, fit.c, place.c, tables.c): the candidates
 * (a row label and its run of numbers), the context of one extraction, the rows deferred to the joint solve. */
#ifndef OGI_EXTRACT_INT_H
#define OGI_EXTRACT_INT_H
#include "columns.h"
#include "doc.h"
#include "report.h"
#include "solve.h"
#include "util.h"
#include <stddef.h>

#define OG_NONE ((size_t)-1)

/* 1 once the report's deadline has passed (sets r->timed_out: the driver then gives the file up). */
static inline int og_late(ogi_report *r) {
  if (!r->timed_out && r->deadline > 0 && og_now() > r->deadline) r->timed_out = 1;
  return r->timed_out;
}

typedef struct {
  char *label;     /* normalized text before the run, whitespace removed */
  size_t label_tok;
  size_t *run;     /* NUM and BLANK tokens */
  int nrun, nnum;
  size_t pos;      /* first token of the run */
  int row;         /* rowdef index matched by the label, -1 */
  int garbled;     /* the run went on past text holding bytes that were not text (U+FFFD) with numbers after it on
                    * its line: a conversion cut characters in two among the cells, and a cell's number may be
                    * lost in the garbage */
} og_cand;


typedef struct {
  ogi_report *r;
  const og_doc *d;
  og_cand *c;
  int nc;
  size_t t2s, t3s, t4s;
  size_t first; /* the first table's start: runs before it are narrative or page furniture, not rows */
  int tmpl;
  int collapsed; /* the text never repeats a line: a crawler collapsed identical consecutive lines */
  int raw_pdf;   /* raw pdftotext output (page breaks, no aligned columns): cells not in table order */
  int fixed_pitch; /* a PDF's text as read here (pdftotext -layout -fixed 3, pdf.c): a line set on a scale of
                    * its own is shifted as a whole, the gaps between its numbers kept */
  int no_total;    /* aligned text whose 表三 header names six columns but not 总计, no row printing seven
                    * numbers: the page cut the table at its right edge (og_missing_total_column) */
  int drifty;      /* aligned text with pages (form feeds: pdftotext -layout) not read here from a PDF: each line
                    * re-spaced by its own text, so the columns a number stands nearest may be a column off */
  int vanish;    /* tables (bit 1 << table) whose blank cells print nothing (no zero printed, fewer digits than
                  * cells, or rows that add up only with vanished blanks) */
  int vgap;      /* one cell per line: the fewest empty lines between two cells of a row (-1: not that form) */
  int vgap_lead; /* and between a row's label and its first cell */
  og_geom *geom;  /* aligned text: 表三's column positions */
  struct og_pend *pend;
  int npend;
  struct og_geo_row *geo; /* rows placed by the columns their numbers stand in (og_fit.by_geom) */
  int ngeo;
  pcre2_match_data *md;
} og_ctx;

/* A row whose printed numbers admit several readings: decided later, jointly with the whole table. */
typedef struct og_pend {
  const og_rowdef *rd;
  og_cand c;     /* shallow copy: the label and position */
  og_fit *alts;  /* owned */
  int n;
  const char *how;
  int positioned; /* 1 + the reading its numbers' positions gave (a row placed so, reopened), 0: none */
  int weight;     /* og_choice.weight */
} og_pend;

/* A row placed by the columns its numbers stand in: the joint solve may read it by its order instead. */
typedef struct og_geo_row {
  const og_rowdef *rd;
  og_cand c; /* shallow copy */
  og_fit f;  /* the reading placed */
} og_geo_row;

#endif
