/* The per-table placement (tables.h): 表二's rows by label, by template order, or in raw pdftotext's order;
 * 表四 as one row of fifteen (or blocks), by its header, printed blank, or in pdftotext's order; 表三 by the
 * longest chain of labelled rows in template order, the gaps between filled in order; a displaced total put
 * back. */
#include "tables.h"
#include "check.h"
#include "fit.h"
#include "indicators.h"
#include "narrative.h"
#include "order.h"
#include "place.h"
#include "rows.h"
#include "solve.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- 表二 and 表四 */

/* How many of candidate i's numbers (a 表二 row) stand, at its end, on lines after its label's, the line
 * right after them printing the next row's label with numbers of its own, in none of the cells those stand
 * in (display columns apart): those may be that row's, its label set lower in its cell. 0 when none. */
static int S_between_rows(const og_ctx *x, int i) {
  const og_cand *c = &x->c[i];
  if (c->label_tok == OG_NONE || c->nrun == 0 || i + 1 >= x->nc || !x->geom) return 0;
  const og_token *tok = x->d->tok;
  int label_line = tok[c->label_tok].line, last = tok[c->run[c->nrun - 1]].line, tail = 0;
  while (tail < c->nrun && tok[c->run[c->nrun - 1 - tail]].line > label_line) tail++;
  if (tail == 0) return 0;
  const og_cand *n = &x->c[i + 1];
  if (n->row < 0 || x->r->rules->rows[n->row].table != 2 || n->label_tok == OG_NONE || n->nrun == 0) return 0;
  if (tok[n->label_tok].line != last + 1 || tok[n->run[0]].line != last + 1) return 0;
  for (int a = c->nrun - tail; a < c->nrun; a++)
    for (int b = 0; b < n->nrun; b++) {
      double xa, da, xb, db;
      if (!og_geom_x(x->geom, &tok[c->run[a]], &xa, &da) || !og_geom_x(x->geom, &tok[n->run[b]], &xb, &db)) return 0;
      if (fabs(da - db) < 2 || fabs(xa - xb) < 2) return 0; /* (one cell's: the rows are not to be mixed) */
    }
  return tail;
}

/* After 表二's rows are placed: numbers that may be the next row's (S_between_rows) named, where they were
 * placed and in the cells of the next row that printed nothing. */
static void S_warn_between_rows(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  for (int i = 0; i < x->nc; i++) {
    const og_cand *c = &x->c[i];
    if (c->row < 0 || rules->rows[c->row].table != 2 || c->pos < x->t2s || (x->t3s != OG_NONE && c->pos >= x->t3s))
      continue;
    int tail = S_between_rows(x, i);
    if (!tail) continue;
    const og_rowdef *rd = &rules->rows[c->row], *nx = &rules->rows[x->c[i + 1].row];
    int last = x->d->tok[c->run[c->nrun - 1]].line;
    for (int k = 0; k < rd->nvalues; k++) {
      const og_value *v = &x->r->values[rd->fields[k]];
      int mine = 0;
      for (int a = c->nrun - tail; a < c->nrun && !mine; a++)
        mine = v->found && !v->blank && v->line == x->d->tok[c->run[a]].line && v->col == x->d->tok[c->run[a]].col;
      if (mine)
        og_warn(x->r, "between_rows", rules->fields[rd->fields[k]].id, v->line, v->col,
               "%s: this number stands on a line of its own under the row's label, right above the next row's label "
               "(line %d), whose numbers stand in other cells: it may be that row's (a label set lower in its "
               "cell); placed as this row's", rd->id, last + 1);
    }
    for (int k = 0; k < nx->nvalues; k++) {
      const og_value *v = &x->r->values[nx->fields[k]];
      if (v->found && v->blank)
        og_warn(x->r, "between_rows", rules->fields[nx->fields[k]].id, last + 1, 0,
               "%s: a number on the line right above its label (line %d) may be this row's, in a cell that "
               "printed nothing here; it was read as %s's", nx->id, last, rd->id);
    }
  }
}

void og_extract_t2(og_ctx *x) {
  if (x->t2s == OG_NONE) return;
  const ogi_rules *rules = x->r->rules;
  for (int i = 0; i < x->nc; i++) {
    og_cand *c = &x->c[i];
    if (c->row < 0 || c->pos < x->t2s || (x->t3s != OG_NONE && c->pos >= x->t3s)) continue;
    const og_rowdef *rd = &rules->rows[c->row];
    if (rd->table != 2) continue;
    og_fit f, *alts = NULL;
    int ok = og_fit_run_all(x, c, rd, OG_FIT_CUT | OG_FIT_EXPAND, &f, &alts);
    const og_token *t0 = &x->d->tok[c->pos];
    if (ok <= 0) {
      og_warn_bad_row(x, rd, c, ok, "after its label");
      continue;
    }
    if (ok == 1 && !og_row_found(x->r, rd)) og_undefer(x, rd); /* one reading beats several (a sentence's) */
    if (og_row_taken(x, rd)) {
      int same = ok == 1 && og_row_found(x->r, rd);
      for (int k = 0; k < rd->nvalues && same; k++) same &= x->r->values[rd->fields[k]].value == f.v[k];
      if (!same)
        og_warn(x->r, "duplicate_row", rules->fields[rd->fields[0]].id, t0->line, t0->col,
               "%s printed again with other values; kept the first", rd->id);
      free(alts);
      continue;
    }
    og_place_or_defer(x, rd, c, &f, alts, ok, "label");
  }
  S_warn_between_rows(x);
}

/* Places row rd from the tokens toks[0..rd->nvalues) taken in the order a reader gave them (no label of its
 * own; label: the text printed before the first, for an amount's unit, or NULL). */
static void S_place_in_order(og_ctx *x, const og_rowdef *rd, const size_t *toks, const char *label) {
  og_fit f;
  memset(&f, 0, sizeof f);
  f.layout_readings = 1;
  for (int i = 0; i < rd->nvalues; i++) {
    const og_token *t = &x->d->tok[toks[i]];
    f.tok[i] = toks[i];
    f.blank[i] = t->kind == OG_TOK_BLANK;
    f.v[i] = f.blank[i] ? 0 : t->value;
  }
  og_cand bare;
  memset(&bare, 0, sizeof bare);
  bare.label = (char *)label;
  bare.label_tok = OG_NONE;
  bare.pos = toks[0];
  og_place(x, rd, &bare, &f, "reading order");
}

/* 表二 rows in template order (each once), those of the report's template. Returns how many. */
static int S_t2_rows(const og_ctx *x, const og_rowdef **rows, int max) {
  const ogi_rules *rules = x->r->rules;
  int n = 0;
  for (int k = 0; k < rules->nrows && n < max; k++) {
    const og_rowdef *rd = &rules->rows[k];
    if (rd->table != 2 || rd->tmpl != x->tmpl || !x->r->values[rd->fields[0]].present) continue;
    int dup = 0;
    for (int j = 0; j < n; j++) dup |= rows[j]->fields[0] == rd->fields[0];
    if (!dup) rows[n++] = rd;
  }
  return n;
}

static int S_t2_pos(const og_rowdef *const *rows, int n, int fields0) {
  for (int i = 0; i < n; i++)
    if (rows[i]->fields[0] == fields0) return i;
  return -1;
}

/* A 表二 row whose label was lost (OCR, a copy that dropped the first column): a run of numbers with no row
 * label, between two labelled 表二 rows (or the region's start or end) with exactly one row of the template
 * left between them, not placed, of that many cells: that row, by template order (warning placed_by_order).
 * 表二 has no identity to confirm it; one run for one place is what decides. */
void og_t2_by_order(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (x->t2s == OG_NONE || x->t3s == OG_NONE) return;
  const og_rowdef *rows[32];
  int n = S_t2_rows(x, rows, 32);
  /* where each candidate of the region stands: a 表二 row it is labelled as (its label names the row), -2 for
   * a run of numbers with no usable label, -1 otherwise */
  int *at = og_xmalloc(sizeof(int) * (size_t)(x->nc + 1));
  for (int j = 0; j < x->nc; j++) {
    const og_cand *o = &x->c[j];
    at[j] = -1;
    if (o->pos < x->t2s || o->pos >= x->t3s || o->nnum == 0) continue;
    int k = o->row >= 0 && rules->rows[o->row].table == 2 ? S_t2_pos(rows, n, rules->rows[o->row].fields[0]) : -1;
    /* (a shorter run is its row's too when the row's name ends its label: cells that printed nothing) */
    size_t len = o->label ? strlen(o->label) : 0, ms, me;
    int named = k >= 0 && o->nrun < rows[k]->nvalues && len &&
                og_re_last_match(rules->rows[o->row].re, x->md, o->label, len, &ms, &me) &&
                og_utf8_count(o->label + me, len - me) <= 4;
    at[j] = k >= 0 && (rows[k]->nvalues == o->nrun || named) ? k : -2;
  }
  for (int i = 0; i < x->nc; i++) {
    if (at[i] != -2) continue;
    og_cand *c = &x->c[i];
    int lo = -1, hi = n, others = 0;
    for (int j = i - 1; j >= 0 && lo < 0; j--) {
      if (at[j] >= 0) lo = at[j];
      else if (at[j] == -2) others++;
    }
    for (int j = i + 1; j < x->nc && hi == n; j++) {
      if (at[j] >= 0) hi = at[j];
      else if (at[j] == -2) others++;
    }
    if (others || hi <= lo + 1) continue;
    const og_rowdef *place = NULL;
    int open = 0;
    for (int k = lo + 1; k < hi; k++)
      if (!og_row_taken(x, rows[k])) { place = rows[k]; open++; }
    if (open != 1 || place->nvalues != c->nrun) continue;
    og_fit f;
    if (og_fit_run(x, c, place, 0, &f) != 1) continue;
    og_cand bare = *c;
    bare.label_tok = OG_NONE; /* its label is not the row's */
    og_place(x, place, &bare, &f, "template order");
    const og_token *t0 = &x->d->tok[c->pos];
    for (int v = 0; v < place->nvalues; v++) /* (each value: none is confirmed by a label) */
      og_warn(r, "placed_by_order", rules->fields[place->fields[v]].id, t0->line, t0->col,
             "%s: row label not found beside these numbers; placed by template order (the one 表二 row left "
             "between its neighbours)", place->id);
  }
  free(at);
}

/* Raw pdftotext: 表二's numbers in the order pdftotext read them (a small table's number may come before its
 * label). Only when the region holds exactly one number per 表二 cell and every row already placed by its
 * label holds the numbers that order gives it (the order is confirmed where it can be): the rows left are
 * filled from that order, each named by read_in_order. 表二 has no identity: nothing else confirms them. */
void og_t2_in_order(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (x->t2s == OG_NONE || x->t3s == OG_NONE) return;
  const og_rowdef *rows[32];
  int nrows = S_t2_rows(x, rows, 32), ncells = 0;
  for (int a = 0; a < nrows; a++) ncells += rows[a]->nvalues;
  if (nrows == 0 || ncells > 64) return;
  size_t tok[64];
  int n = 0;
  for (size_t i = x->t2s; i < x->t3s; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_NUM && t->kind != OG_TOK_BLANK) continue;
    if (n == ncells || t->glued) return;
    tok[n++] = i;
  }
  if (n != ncells) return;
  int missing = 0, confirmed = 0; /* rows of several cells placed by their labels that agree with the order */
  for (int a = 0, q = 0; a < nrows; q += rows[a]->nvalues, a++) {
    int agree = 1, found = 0;
    for (int i = 0; i < rows[a]->nvalues; i++) {
      const og_value *v = &r->values[rows[a]->fields[i]];
      const og_token *t = &x->d->tok[tok[q + i]];
      if (!v->found) { missing = 1; agree = 0; continue; }
      found++;
      if (v->value != (t->kind == OG_TOK_BLANK ? 0 : t->value) && !(t->unit == OG_UNIT_YUAN)) return; /* another order */
    }
    confirmed += agree && found >= 2;
    for (int i = 0; i < rows[a]->nvalues; i++) {
      const og_field *fd = &rules->fields[rows[a]->fields[i]];
      const og_token *t = &x->d->tok[tok[q + i]];
      if (t->kind == OG_TOK_NUM && ((t->decimal && !fd->is_decimal) || (t->value < 0 && !fd->is_signed))) return;
    }
  }
  /* one-cell rows confirm nothing about the order of a row of several; without a row of several placed by its
   * label and agreeing, the order is not known to be the table's */
  if (!missing || !confirmed) return;
  for (int a = 0, q = 0; a < nrows; q += rows[a]->nvalues, a++) {
    const og_rowdef *rd = rows[a];
    if (og_row_taken(x, rd)) continue;
    /* the text printed before the number (a header such as 本年收费金额（单位：元）) gives an amount its unit */
    const char *label = NULL;
    for (int j = 0; j < x->nc; j++)
      for (int z = 0; z < x->c[j].nrun; z++)
        if (x->c[j].run[z] == tok[q]) label = x->c[j].label;
    S_place_in_order(x, rd, &tok[q], label);
    const og_token *t0 = &x->d->tok[tok[q]];
    og_warn(r, "read_in_order", rules->fields[rd->fields[0]].id, t0->line, t0->col,
           "%s: read from pdftotext's order of 表二's %d numbers (one per cell; %d rows of several cells placed by "
           "their labels agree with that order)", rd->id, n, confirmed);
  }
}

/* Every value of row rd is a printed blank (0), placed at token t (label: the row label, or NULL). */
void og_place_blank_row(ogi_report *r, const og_rowdef *rd, const og_token *t, const char *label) {
  for (int k = 0; k < rd->nvalues; k++) {
    og_value *v = &r->values[rd->fields[k]];
    v->found = 1;
    v->value = 0;
    v->blank = 1;
    free(v->raw);
    v->raw = og_xstrdup("");
    free(v->label);
    v->label = label ? og_xstrdup(label) : NULL;
    v->line = t->line;
    v->col = t->col;
    v->table = t->table;
    v->row = t->row;
    v->cell = -1;
    v->how = "blank row";
  }
}

/* 表四 printed with its header and no number at all before the next section (五、…): every cell blank, in
 * reports whose zero cells are empty and in forms that drop empty cells. Not in raw pdftotext (numbers
 * may stand anywhere) nor when a number follows within the table's reach. */
/* Glued text: the section after the tables starts right after 表四's header words, in the same text
 * ("…尚未审结总计五、存在的主要问题…"). */
static int S_after_header(const og_ctx *x, const char *text) {
  const ogi_rules *rules = x->r->rules;
  size_t len = strlen(text), end = 0, s0, e0;
  int any = 0;
  for (int k = 0; k < rules->nregions; k++)
    if (rules->regions[k].key == OG_REGION_T4_HEADER && og_re_last_match(rules->regions[k].re, x->md, text, len, &s0, &e0) &&
        (!any || e0 > end)) {
      end = e0;
      any = 1;
    }
  if (!any || end >= len) return 0;
  for (int k = 0; k < rules->nregions; k++)
    if (rules->regions[k].key == OG_REGION_AFTER && og_re_search(rules->regions[k].re, x->md, text + end, len - end)) return 1;
  return 0;
}

static void S_blank_t4(og_ctx *x, const og_rowdef *whole) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (x->t4s == OG_NONE || x->raw_pdf || og_row_taken(x, whole)) return;
  for (int k = 0; k < whole->nvalues; k++)
    if (r->values[whole->fields[k]].found) return; /* some block was placed */
  int header = 0;
  size_t end = x->d->ntok;
  for (size_t i = x->t4s; i < x->d->ntok && i < x->t4s + 400; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind == OG_TOK_NUM) return;
    if (t->kind != OG_TOK_TEXT) continue;
    if (og_region_word(x, OG_REGION_T4_HEADER, t)) header = 1;
    if ((i > x->t4s && og_after_tables(x, t)) || (header && S_after_header(x, t->text))) {
      end = i;
      break;
    }
  }
  if (!header || end == x->d->ntok) return;
  const og_token *t0 = &x->d->tok[x->t4s];
  og_place_blank_row(r, whole, t0, NULL);
  og_warn(r, "blank_row", rules->fields[whole->fields[0]].id, t0->line, t0->col,
         "表四: its header is printed with no number before the next section: every cell blank (0)");
}

/* Whether the n numbers v can be dealt into 表四's blocks (the row's fields up to each ".total", parts then
 * total: the block_total identity) in some arrangement, whatever the order: 1 yes, 0 no, -1 too many ways to
 * tell. Cells of equal value are interchangeable, so blocks are value multisets. */
static int S_t4_any_blocks(const ogi_rules *rules, const og_rowdef *whole, const double *v, int n) {
  int size[OG_MAXV], nb = 0, from = 0;
  for (int k = 0; k < whole->nvalues; k++) {
    const char *id = rules->fields[whole->fields[k]].id;
    size_t len = strlen(id);
    if (len >= 6 && !strcmp(id + len - 6, ".total")) { size[nb++] = k + 1 - from; from = k + 1; }
  }
  if (nb != 3 || from != n || n > 16 || size[0] != size[1] || size[1] != size[2]) return -1;
  /* every block (all of one size): a set of cells, one of them the total of the others */
  enum { S_MAX_BLOCKS = 4096 };
  unsigned *valid = og_xmalloc(sizeof(unsigned) * S_MAX_BLOCKS);
  int nvalid = 0, found = 0, limit = 0;
  for (unsigned m = 0; m < (1u << n) && !limit; m++) {
    if (__builtin_popcount(m) != size[0]) continue;
    double sum = 0, best = -1;
    for (int i = 0; i < n; i++)
      if (m >> i & 1) { sum += v[i]; if (v[i] > best) best = v[i]; }
    if (sum != 2 * best) continue; /* the total is the largest and equals the rest */
    if (nvalid == S_MAX_BLOCKS) limit = 1;
    else valid[nvalid++] = m;
  }
  /* three disjoint valid sets covering every cell */
  for (int a = 0; a < nvalid && !found && !limit; a++)
    for (int b = a + 1; b < nvalid && !found; b++) {
      if (valid[a] & valid[b]) continue;
      unsigned rest = ((1u << n) - 1) & ~(valid[a] | valid[b]);
      for (int c = b + 1; c < nvalid && !found; c++) found = valid[c] == rest;
    }
  free(valid);
  return limit ? -1 : found;
}

/* Whether the report's text states a figure of an indicator made of the row's cells alone (行政复议 N 件:
 * t4.review.total) that the reading v of the row's fields contradicts: a figure stated, none equal to the
 * reading's. Such a reading is not the table's (an order the sums cannot confirm needs the text not to
 * deny it). */
static int S_text_denies(const og_ctx *x, const og_rowdef *row, const double *v) {
  const ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  for (int k = 0; k < rules->nindicators; k++) {
    const indicator_def *def = indicators_def_for(r, rules->indicators[k].name);
    if (def != &rules->indicators[k] || def->nden || def->nnum == 0) continue;
    double sum = 0;
    int inside = 1;
    for (int i = 0; i < def->nnum && inside; i++) {
      int at = -1;
      for (int j = 0; j < row->nvalues && at < 0; j++)
        if (row->fields[j] == def->num[i]) at = j;
      if (at < 0) inside = 0;
      else sum += v[at];
    }
    if (!inside) continue;
    narrative_figure fig[8];
    int n = narrative_stated(rules, x->d, def->name, fig, 8), match = 0;
    for (int f = 0; f < n; f++) {
      match |= fig[f].value == sum;
      free(fig[f].text);
    }
    if (n > 0 && !match) return 1;
  }
  return 0;
}

/* Whether token i is the only token of its line. */
static int S_alone_on_line(const og_doc *d, size_t i) {
  return (i == 0 || d->tok[i - 1].line != d->tok[i].line) && (i + 1 >= d->ntok || d->tok[i + 1].line != d->tok[i].line);
}

/* Raw pdftotext: 表四's numbers in the order pdftotext read them, labels aside. Taken when the table's region
 * (up to the next section; after it, the numbers alone on their lines up to the end: the rest of a table
 * pdftotext read after the page's text, taken only when every block then adds up) holds exactly its fifteen
 * numbers and every block adds up in that order. When no
 * arrangement of them at all makes the blocks add up, the report's own numbers break: the printed order is
 * read, unless the report's text contradicts it (行政复议/行政诉讼 figures); the failing checks say so, and
 * reading_order names every cell. Otherwise (blocks read out of order, which the sums find but cannot tell
 * apart) nothing is read this way. */
static int S_t4_in_order(og_ctx *x, const og_rowdef *whole) {
  ogi_report *r = x->r;
  if (x->t4s == OG_NONE || whole->nvalues > OG_MAXV) return 0;
  size_t toks[OG_MAXV];
  double v[OG_MAXV];
  int n = 0, after = 0, late = 0;
  for (size_t i = x->t4s; i < x->d->ntok && n <= whole->nvalues; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind == OG_TOK_TEXT) {
      if (i > x->t4s && !after && og_after_tables(x, t)) after = 1;
      continue;
    }
    if (t->kind != OG_TOK_NUM && t->kind != OG_TOK_BLANK) continue;
    if (after && !S_alone_on_line(x->d, i)) continue; /* the prose's numbers */
    if (t->glued) return 0;
    if (n < whole->nvalues) {
      toks[n] = i;
      v[n] = t->kind == OG_TOK_BLANK ? 0 : t->value;
    }
    n++;
    late += after;
  }
  if (n != whole->nvalues) return 0;
  int holds = og_row_holds(r, whole->fields, v, n);
  /* (numbers read on past the next section must add up: a page number may stand alone on its line too) */
  if (!holds && (late || S_t4_any_blocks(r->rules, whole, v, n) != 0 || S_text_denies(x, whole, v))) return 0;
  S_place_in_order(x, whole, toks, NULL);
  const og_token *t0 = &x->d->tok[toks[0]];
  og_warn(r, "read_in_order", r->rules->fields[whole->fields[0]].id, t0->line, t0->col,
         holds ? "表四: its %d numbers read in pdftotext's order%s; every block adds up so"
               : "表四: its %d numbers read in pdftotext's order%s; no arrangement of them makes every block add up "
                 "(the printed numbers break), so the order is not confirmed",
         n, late ? " (the last ones on lines of their own after the next section's text: the page's flow)" : "");
  return 1;
}

/* An unlabelled run of blank cells only with 表四's header words after it (before any number): an empty row
 * above the header (a Markdown table's empty header row), not the table's numbers. */
static int S_blank_row_above_header(const og_ctx *x, const og_cand *c) {
  for (int k = 0; k < c->nrun; k++)
    if (x->d->tok[c->run[k]].kind != OG_TOK_BLANK) return 0;
  for (size_t i = c->run[c->nrun - 1] + 1; i < x->d->ntok && i < c->run[c->nrun - 1] + 400; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind == OG_TOK_NUM) return 0;
    if (t->kind == OG_TOK_TEXT && og_after_tables(x, t)) return 0;
    /* (a cell's name: 结果维持, 尚未审结; not a block's title, which a row of blanks may carry) */
    if (t->kind == OG_TOK_TEXT && og_region_word(x, OG_REGION_T4_HEADER, t) && !og_region_word(x, OG_REGION_T4_TITLE, t))
      return 1;
  }
  return 0;
}

/* 表四: usually one row of 15 numbers under a header spread over several lines; some reports print it as
 * three rows of 5 (行政复议 / 未经复议直接起诉 / 复议后起诉). The row with the most values is the whole table. */
void og_extract_t4(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  int whole = -1;
  for (int k = 0; k < rules->nrows; k++)
    if (rules->rows[k].table == 4 && (whole < 0 || rules->rows[k].nvalues > rules->rows[whole].nvalues)) whole = k;
  if (whole < 0) return;
  if (x->raw_pdf && S_t4_in_order(x, &rules->rows[whole])) return;
  size_t from = x->t4s != OG_NONE ? x->t4s : x->t3s;
  if (from == OG_NONE) return;
  for (int i = 0; i < x->nc && !og_late(x->r); i++) { /* (each run may be costly: glued digits, vanished cells) */
    og_cand *c = &x->c[i];
    if (c->pos < from) continue;
    int labelled = c->row >= 0 && rules->rows[c->row].table == 4;
    if (!labelled && !(c->row < 0 && x->t4s != OG_NONE)) continue;
    if (S_blank_row_above_header(x, c)) continue;
    /* a block label with the whole table's run (the header ends in 复议后起诉 ... ) is the whole table */
    const og_rowdef *rd = labelled ? &rules->rows[c->row] : &rules->rows[whole];
    og_fit f, *alts = NULL;
    /* a short run stands for the row in text whose repeated lines were collapsed, or in aligned text
     * where its numbers' spacing says which cells they are */
    int expand = x->collapsed || x->geom || x->vgap >= 0 ? OG_FIT_EXPAND : 0;
    int mode = (labelled ? OG_FIT_CUT : 0) | expand;
    int ok = og_fit_run_all(x, c, rd, mode, &f, &alts);
    if (ok <= 0 && labelled && rd != &rules->rows[whole]) {
      rd = &rules->rows[whole];
      ok = og_fit_run_all(x, c, rd, OG_FIT_CUT | expand, &f, &alts);
    }
    if (ok > 0) {
      if (!og_row_taken(x, rd)) og_place_or_defer(x, rd, c, &f, alts, ok, "label");
      else free(alts);
      if (rd == &rules->rows[whole]) return;
      continue;
    }
    if (ok == OG_FIT_NO_SUM && c->nnum >= 5 && !x->raw_pdf) {
      /* readings the layout allows, none adding up: the printed numbers break, and the blocks' checks say so */
      og_warn_bad_row(x, rd, c, ok, "under its header");
      for (int i = 0; i < rd->nvalues; i++) /* a block that adds up in some reading is not the break */
        if (f.some_hold >> i & 1) x->r->values[rd->fields[i]].no_sum = 0;
      continue;
    }
    if (labelled && c->nnum >= 5) {
      const og_token *t0 = &x->d->tok[c->pos];
      og_warn(x->r, "bad_row", rules->fields[rd->fields[0]].id, t0->line, t0->col,
             "表四: %d numbers under its header, expected %d", c->nrun, rd->nvalues);
    }
  }
  S_blank_t4(x, &rules->rows[whole]);
}

/* ---------------------------------------------------------------- 表三 */

typedef struct {
  int cand;
  int ap;    /* position among the active 表三 rows when the label names one, else -1 */
  int sub;   /* a later row of a run that held several rows: no label of its own */
  size_t pos;
  og_fit fit;
  og_fit *alts; /* several readings (owned until placed or deferred) */
  int nalt;
} S_t3item;

/* A labelled run of 7k numbers (k >= 2): rows whose blank-line separators were lost (raw pdftotext,
 * copy-paste). Read row by row when the rows of seven add up (总计 = the six columns), each, or all but some
 * while one with a total above 0 does (*holding: how many): the rows that do not are printed breaks, and
 * their checks fail (else a misprint in one of them would leave the whole run unread and the break unseen).
 * The first row is the label's, the others go on as rows without a label. Returns k, or 0. */
static int S_split_rows(const og_ctx *x, const og_cand *c, const og_rowdef *any, og_fit *rows, int max, int *holding) {
  *holding = 0;
  if (c->nnum != c->nrun || c->nrun < 14 || c->nrun % 7 != 0 || c->nrun / 7 > max) return 0;
  int k = c->nrun / 7, witness = 0;
  for (int j = 0; j < k; j++) {
    og_fit *f = &rows[j];
    memset(f, 0, sizeof *f);
    for (int i = 0; i < 7; i++) {
      const og_token *t = &x->d->tok[c->run[7 * j + i]];
      if (t->glued) return 0;
      f->tok[i] = c->run[7 * j + i];
      f->v[i] = t->value;
    }
    if (og_row_holds(x->r, any->fields, f->v, 7)) {
      (*holding)++;
      witness |= f->v[6] > 0;
    }
  }
  return *holding == k || witness ? k : 0;
}

/* Raw pdftotext: 表三's numbers in the order pdftotext read them, rows across or blocks of rows down
 * (order.c), with no regard to where the labels stand (it prints them apart from their cells). Taken only
 * when the region holds exactly seven numbers per template row and exactly one reading (by values) makes every
 * identity of 表三 hold: row totals, column totals, 一+二 = （七）+四. */
typedef struct {
  const og_ctx *x;
  const int *act;
  int nact;
  const size_t *tok; /* the region's cells, in order */
  int *fields;       /* every field of the active rows, row by row */
  double *vals;
  int *first;        /* cells of the first reading that holds, NULL before */
  int distinct;      /* readings with other values */
} S_seq;

static int S_seq_row(const int *cells, int row, void *ctx) {
  S_seq *q = ctx;
  double v[7];
  for (int c = 0; c < 7; c++) v[c] = q->x->d->tok[q->tok[cells[c]]].value;
  return og_row_holds(q->x->r, q->x->r->rules->rows[q->act[row]].fields, v, 7);
}

static int S_seq_done(const int *cells, void *ctx) {
  S_seq *q = ctx;
  int n = q->nact * 7;
  for (int i = 0; i < n; i++) q->vals[i] = q->x->d->tok[q->tok[cells[i]]].value;
  if (!og_row_holds(q->x->r, q->fields, q->vals, n)) return 1;
  if (!q->first) {
    q->first = og_xmalloc(sizeof(int) * (size_t)n);
    memcpy(q->first, cells, sizeof(int) * (size_t)n);
    return 1;
  }
  for (int i = 0; i < n; i++)
    if (q->x->d->tok[q->tok[q->first[i]]].value != q->vals[i]) { q->distinct++; return 0; }
  return 1;
}

static int S_t3_in_order(og_ctx *x, const int *act, int nact) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (x->t3s == OG_NONE || nact > 40) return 0;
  size_t to = x->t4s != OG_NONE ? x->t4s : x->d->ntok;
  size_t *tok = og_xmalloc(sizeof(size_t) * (size_t)(nact * 7 + 1));
  int *group = og_xmalloc(sizeof(int) * (size_t)(nact * 7 + 1));
  int n = 0, g = 0, prev_line = -1, sep = 1;
  for (size_t i = x->t3s; i < to; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind == OG_TOK_TEXT || t->kind == OG_TOK_BREAK) { sep = 1; continue; }
    if (t->kind != OG_TOK_NUM && t->kind != OG_TOK_BLANK) continue;
    if (t->glued || n == nact * 7) { n = -1; break; }
    if (sep || t->line > prev_line + 1) g++;
    sep = 0;
    prev_line = t->line;
    tok[n] = i;
    group[n++] = g;
  }
  int placed = 0;
  if (n == nact * 7) {
    S_seq q;
    memset(&q, 0, sizeof q);
    q.x = x;
    q.act = act;
    q.nact = nact;
    q.tok = tok;
    q.fields = og_xmalloc(sizeof(int) * (size_t)n);
    q.vals = og_xmalloc(sizeof(double) * (size_t)n);
    for (int a = 0; a < nact; a++)
      for (int c = 0; c < 7; c++) q.fields[a * 7 + c] = rules->rows[act[a]].fields[c];
    int readings = og_order_readings(group, n, 7, nact, S_seq_row, S_seq_done, &q, 200000);
    if (q.first && !q.distinct && readings > 0) {
      int down = 0;
      for (int a = 0; a < nact; a++) {
        size_t toks[7];
        for (int c = 0; c < 7; c++) toks[c] = tok[q.first[a * 7 + c]];
        down += q.first[a * 7 + 1] != q.first[a * 7] + 1;
        S_place_in_order(x, &rules->rows[act[a]], toks, NULL);
      }
      const og_token *t0 = &x->d->tok[tok[0]];
      og_warn(r, "read_in_order", rules->fields[rules->rows[act[0]].fields[0]].id, t0->line, t0->col,
             "表三: its %d numbers read in pdftotext's order as %d rows (%d of them in blocks read down, column by "
             "column); the only reading under which every row and column adds up", n, nact, down);
      placed = 1;
    } else if (q.first && q.distinct) {
      const og_token *t0 = &x->d->tok[tok[0]];
      og_warn(r, "ambiguous", rules->fields[rules->rows[act[0]].fields[0]].id, t0->line, t0->col,
             "表三: its numbers add up in more than one reading of pdftotext's order: not read so");
    }
    free(q.first);
    free(q.fields);
    free(q.vals);
  }
  free(tok);
  free(group);
  return placed;
}

void og_extract_t3(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  /* active rows in template order */
  int act[64], nact = 0, apos[256];
  for (int k = 0; k < rules->nrows && k < 256; k++) {
    apos[k] = -1;
    const og_rowdef *rd = &rules->rows[k];
    if (rd->table == 3 && (rd->tmpl == OG_TMPL_ALL || rd->tmpl == r->variant) && nact < 64) {
      apos[k] = nact;
      act[nact++] = k;
    }
  }
  if (nact == 0) return;
  if (x->raw_pdf && S_t3_in_order(x, act, nact)) return;
  size_t from = x->t3s != OG_NONE ? x->t3s : x->t2s != OG_NONE ? x->t2s : 0;
  size_t capit = (size_t)x->nc + 16;
  S_t3item *it = og_xmalloc(sizeof *it * capit);
  size_t last[64]; /* candidates of labelled runs no reading of which adds up */
  int nlast = 0;
  int n = 0;
  const og_rowdef *any = &rules->rows[act[0]];
  for (int i = 0; i < x->nc; i++) {
    og_cand *c = &x->c[i];
    if (c->pos < from) continue;
    int is_t3 = c->row >= 0 && rules->rows[c->row].table == 3 && c->row < 256 && apos[c->row] >= 0;
    if (c->row >= 0 && rules->rows[c->row].table != 3) continue; /* 表二 or 表四 rows */
    if (!is_t3 && x->t4s != OG_NONE && c->pos >= x->t4s) continue;
    if (c->row >= 0 && !is_t3 && c->nnum > 0) {
      /* the other （六） form's label: in a report with the three sub-rows, a "（六）其他处理" row with numbers
       * is their subtotal, not a template row: it is neither placed nor counted between rows */
      const og_token *t0 = &x->d->tok[c->pos];
      og_warn(r, "subtotal_row", NULL, t0->line, t0->col, "%s printed with numbers beside its sub-rows: not a template row; ignored",
             rules->rows[c->row].id);
      continue;
    }
    if ((size_t)n + 64 > capit) it = og_xrealloc(it, sizeof *it * (capit *= 2));
    S_t3item *t = &it[n];
    t->cand = i;
    t->ap = -1;
    t->sub = 0;
    t->pos = c->pos;
    t->alts = NULL;
    t->nalt = 0;
    if (is_t3) {
      const og_rowdef *rd = &rules->rows[c->row];
      int ok = og_fit_run_all(x, c, rd, OG_FIT_CUT | OG_FIT_EXPAND, &t->fit, &t->alts);
      if (ok > 1 || t->alts) t->nalt = ok; /* (one reading in alts: it assumes a value, the sums decide) */
      if (ok > 0) {
        t->ap = apos[c->row];
        n++;
        continue;
      }
      og_fit rows[32];
      int holding = 0, k = S_split_rows(x, c, any, rows, 32, &holding);
      /* the label may print the k rows' labels one after another (raw pdftotext, glued text: labels, then
       * numbers): the rows may then be those, the last the one that matched, or the label's row and the
       * rows after it (raw pdftotext prints either way); when both are the template's rows, which is not
       * known: no row is read from the run */
      int first = -1;
      if (k > 0) {
        int rws[32], nr = c->label ? og_rows_in(x, c->label, 3, rws, 32) : 0;
        if (nr >= k && rws[nr - 1] == c->row && apos[c->row] >= k - 1) {
          first = apos[c->row] - (k - 1);
          for (int j = 0; j < k && first >= 0; j++)
            if (rws[nr - k + j] >= 256 || apos[rws[nr - k + j]] != first + j) first = -1;
        }
        /* (not the label's row and those after it when each of those prints its own label later, its
         * numbers after it: they would be read twice) */
        int both = first >= 0 && apos[c->row] + k - 1 < nact, own = both;
        for (int j = 1; j < k && own; j++) {
          const og_rowdef *nx = &rules->rows[act[apos[c->row] + j]];
          int later = 0;
          for (int q = i + 1; q < x->nc && !later; q++) {
            og_fit g;
            later = x->c[q].row == act[apos[c->row] + j] && og_fit_run(x, &x->c[q], nx, 0, &g) > 0;
          }
          own = later;
        }
        if (both && !own) {
          const og_token *t0 = &x->d->tok[c->pos];
          og_warn(r, "ambiguous", rules->fields[rd->fields[0]].id, t0->line, t0->col,
                 "%s: %d numbers after the labels of %d rows printed one after another: rows of seven for those "
                 "rows, or for this one and the %d after it, which is not known: left null", rd->id, c->nrun, k, k - 1);
          continue;
        }
      }
      if (k > 0) {
        for (int j = 0; j < k; j++) {
          S_t3item *u = &it[n++];
          u->cand = i;
          u->ap = first >= 0 ? first + j : j == 0 ? apos[c->row] : -1;
          u->sub = first < 0 && j > 0;
          u->pos = rows[j].tok[0];
          u->fit = rows[j];
          u->alts = NULL;
          u->nalt = 0;
        }
        const og_token *t0 = &x->d->tok[c->pos];
        og_warn(r, "rows_run_together", rules->fields[rd->fields[0]].id, t0->line, t0->col,
               "%s: %d numbers after its label, read as %d rows of seven (%s)", rd->id, c->nrun, k,
               holding == k ? "each adds up" : "not each adds up: the others break");
        continue;
      }
      if (c->nnum > 0 && ok == OG_FIT_NO_SUM && !x->raw_pdf && nlast < 64) last[nlast++] = (size_t)i; /* (below) */
      else if (c->nnum > 0) og_warn_bad_row(x, rd, c, ok, "after its label");
    }
    /* without a usable label: a row only if it has exactly seven cells */
    if (c->nnum > 0 && og_fit_run(x, c, any, 0, &t->fit) > 0) n++;
  }
  /* longest chain of labelled rows in template order such that the unlabelled rows between two of them
   * fit into the places between (a row cannot be squeezed into no place) */
  int *best = og_xmalloc(sizeof(int) * (size_t)(n + 1)), *prev = og_xmalloc(sizeof(int) * (size_t)(n + 1));
  int *anchors = og_xmalloc(sizeof(int) * (size_t)(n + 1)), nanchors = 0;
  int top = -1;
  for (int i = 0; i < n; i++) {
    best[i] = 0;
    prev[i] = -1;
    if (it[i].ap < 0) continue;
    if ((i & 255) == 0 && og_late(r)) break;
    best[i] = 1;
    for (int a = 0; a < nanchors; a++) {
      int j = anchors[a];
      if (best[j] == 0 || it[j].ap >= it[i].ap) continue;
      int between = i - j - 1, places = it[i].ap - it[j].ap - 1;
      if (between > places) continue;
      if (best[j] + 1 > best[i]) { best[i] = best[j] + 1; prev[i] = j; }
    }
    anchors[nanchors++] = i;
    if (top < 0 || best[i] > best[top]) top = i;
  }
  free(anchors);
  int *chain = og_xmalloc(sizeof(int) * (size_t)(n + 2)), nchain = 0;
  for (int i = top; i >= 0; i = prev[i]) chain[nchain++] = i;
  for (int a = 0, b = nchain - 1; a < b; a++, b--) { int t = chain[a]; chain[a] = chain[b]; chain[b] = t; }
  /* place the chain by label, the gaps by order where exactly one placement exists */
  for (int g = 0; g <= nchain; g++) {
    int lo = g == 0 ? -1 : chain[g - 1], hi = g == nchain ? n : chain[g];
    int lo_ap = g == 0 ? -1 : it[lo].ap, hi_ap = g == nchain ? nact : it[hi].ap;
    int rows = hi - lo - 1, places = hi_ap - lo_ap - 1;
    if (rows > 0 && rows == places) {
      for (int k = 0; k < rows; k++) {
        const og_rowdef *rd = &rules->rows[act[lo_ap + 1 + k]];
        S_t3item *t = &it[lo + 1 + k];
        og_fit f;
        og_cand bare = x->c[t->cand];
        if (t->alts) { /* a labelled row dropped from the chain, with several readings (or an assumed one) */
          og_defer(x, rd, &bare, t->alts, t->nalt, "template order");
          t->alts = NULL;
          const og_token *t0 = &x->d->tok[t->pos];
          for (int v = 0; v < rd->nvalues; v++) /* (each value: no label confirms the row) */
            og_warn(r, "placed_by_order", rules->fields[rd->fields[v]].id, t0->line, t0->col,
                   "%s: row label not found beside these numbers; placed by template order", rd->id);
          continue;
        }
        if (t->sub) { /* a row split off a longer run: it has no label of its own */
          bare.label = NULL;
          bare.label_tok = OG_NONE;
          bare.pos = t->pos;
          f = t->fit;
        } else if (og_fit_run(x, &bare, rd, 0, &f) <= 0) {
          f = t->fit; /* re-fit to the row it is placed in (a labelled row dropped from the chain keeps its cells) */
        }
        og_place(x, rd, &bare, &f, "template order");
        const og_token *t0 = &x->d->tok[t->pos];
        for (int v = 0; v < rd->nvalues; v++) /* (each value: no label confirms the row) */
          og_warn(r, "placed_by_order", rules->fields[rd->fields[v]].id, t0->line, t0->col,
                 "%s: row label not found beside these numbers; placed by template order", rd->id);
      }
    } else {
      /* one warning per row, up to a few: a hostile page may print thousands */
      enum { S_MAX_UNPLACED = 8 };
      for (int k = 0; k < rows && k <= S_MAX_UNPLACED; k++) {
        const og_token *t0 = &x->d->tok[it[lo + 1 + k].pos];
        const char *after = lo_ap >= 0 ? rules->rows[act[lo_ap]].id : "the start of 表三";
        if (k == S_MAX_UNPLACED)
          og_warn(r, "unplaced_row", NULL, t0->line, t0->col, "and %d more rows of 7 numbers after %s cannot be placed",
                 rows - k, after);
        else
          og_warn(r, "unplaced_row", NULL, t0->line, t0->col,
                 "a row of 7 numbers after %s cannot be placed: %d such rows for %d places", after, rows, places);
      }
    }
    if (g < nchain) {
      S_t3item *t = &it[chain[g]];
      const og_rowdef *rd = &rules->rows[act[t->ap]];
      og_place_or_defer(x, rd, &x->c[t->cand], &t->fit, t->alts, t->nalt ? t->nalt : 1, "label");
      t->alts = NULL;
    }
  }
  /* labelled runs none of whose readings adds up, for rows nothing else took: with 总计 as the cell that
   * printed nothing, the joint solve may place them (the last resort: such readings are weak evidence) */
  for (int q = 0; q < nlast; q++) {
    og_cand *c = &x->c[last[q]];
    const og_rowdef *rd = &rules->rows[c->row];
    og_fit f, *alts = NULL;
    int ok = og_row_taken(x, rd) ? OG_FIT_NO_SUM : og_fit_run_all(x, c, rd, OG_FIT_CUT | OG_FIT_EXPAND | OG_FIT_ASSUME_TOTAL, &f, &alts);
    if (ok > 0 && alts) og_defer(x, rd, c, alts, ok, "label");
    else {
      free(alts);
      if (ok > 0) og_place(x, rd, c, &f, "label");
      else og_warn_bad_row(x, rd, c, OG_FIT_NO_SUM, "after its label");
    }
  }
  free(chain);
  free(best);
  free(prev);
  for (int i = 0; i < n; i++) free(it[i].alts);
  free(it);
}

/* ---------------------------------------------------------------- displaced cells */

/* 1 when some value was read from number token t (a printed number, not a blank beside it). */
static int S_token_taken(const ogi_report *r, const og_token *t) {
  for (int k = 0; k < r->rules->nfields; k++)
    if (r->values[k].found && r->values[k].line == t->line && r->values[k].col == t->col && !r->values[k].blank) return 1;
  return 0;
}

/* Value v becomes the number `value` printed as raw at line:col, placed `how`. */
static void S_fill(og_value *v, double value, const char *raw, int line, int col, const char *how) {
  v->value = value;
  v->blank = 0;
  free(v->raw);
  v->raw = og_xstrdup(raw);
  v->line = line;
  v->col = col;
  v->how = how;
}

/* PDF-to-Markdown converters sometimes move a cell's number out of its row into the text around the
 * table. When a printed total is blank although its parts add up to something (a blank that contradicts the
 * sums), and a lone number that belongs to no row stands before it in the same table, equal to that sum,
 * it is taken as the displaced total (warning displaced_cell). Nothing else is filled this way. */
void og_fill_displaced_totals(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (x->t3s == OG_NONE) return;
  char *used = og_xcalloc((size_t)x->nc + 1, 1);
  for (int c = 0; c < rules->nchecks; c++) {
    const og_check *ck = &rules->checks[c];
    for (int sb = 0; sb < ck->nsubjects; sb++) {
      double sum;
      int ti = og_blank_total(r, ck, sb, &sum);
      if (ti < 0) continue;
      /* the nearest lone number before the blank cell, inside 表三/表四, not part of any row */
      og_value *v = &r->values[ti];
      int best = -1;
      for (int i = 0; i < x->nc; i++) {
        const og_cand *cd = &x->c[i];
        const og_token *t = &x->d->tok[cd->pos];
        if (cd->pos < x->t3s || cd->nrun != 1 || cd->nnum != 1 || used[i] || t->line > v->line) continue;
        if (t->line == v->line && t->col >= v->col) continue;
        if (!S_token_taken(r, t) && t->value == sum) best = i;
      }
      if (best < 0) continue;
      const og_token *t = &x->d->tok[x->c[best].pos];
      used[best] = 1;
      int bline = v->line;
      S_fill(v, t->value, t->raw, t->line, t->col, "displaced cell");
      og_warn(r, "displaced_cell", rules->fields[ti].id, t->line, t->col,
             "the total cell on line %d is blank; the lone %s printed here, outside the table's rows, equals the "
             "sum of its parts and is taken as that cell",
             bline, t->raw);
    }
  }
  free(used);
}

/* The text's tokens by source line (BREAKs left out), built once for the displaced cells' pass: line l's
 * tokens are tok[at[first[l]] .. at[first[l + 1]]); cand[i] is the candidate whose run is token i alone. */
typedef struct {
  int nlines;
  size_t *first, *at;
  int *cand;
} S_bylines;

static void S_bylines_build(S_bylines *b, const og_ctx *x) {
  const og_doc *d = x->d;
  int maxline = 0;
  for (size_t i = 0; i < d->ntok; i++)
    if (d->tok[i].kind != OG_TOK_BREAK && d->tok[i].line > maxline) maxline = d->tok[i].line;
  b->nlines = maxline + 1;
  b->first = og_xcalloc((size_t)b->nlines + 1, sizeof *b->first);
  b->at = og_xmalloc(sizeof *b->at * (d->ntok + 1));
  b->cand = og_xmalloc(sizeof *b->cand * (d->ntok + 1));
  for (size_t i = 0; i < d->ntok; i++) {
    b->cand[i] = -1;
    if (d->tok[i].kind != OG_TOK_BREAK && d->tok[i].line > 0) b->first[d->tok[i].line + 1]++;
  }
  for (int l = 1; l <= b->nlines; l++) b->first[l] += b->first[l - 1];
  size_t *fill = og_xmalloc(sizeof *fill * ((size_t)b->nlines + 1));
  memcpy(fill, b->first, sizeof *fill * ((size_t)b->nlines + 1));
  for (size_t i = 0; i < d->ntok; i++)
    if (d->tok[i].kind != OG_TOK_BREAK && d->tok[i].line > 0) b->at[fill[d->tok[i].line]++] = i;
  free(fill);
  for (int i = 0; i < x->nc; i++)
    if (x->c[i].nrun == 1) b->cand[x->c[i].run[0]] = i;
}

static void S_bylines_free(S_bylines *b) {
  free(b->first);
  free(b->at);
  free(b->cand);
}

/* How many tokens stand on source line `line`. */
static size_t S_line_tokens(const S_bylines *b, int line) {
  return line > 0 && line < b->nlines ? b->first[line + 1] - b->first[line] : 0;
}

/* The index of the number token value v was read from, or OG_NONE. */
static size_t S_value_token(const og_ctx *x, const S_bylines *b, const og_value *v) {
  if (!S_line_tokens(b, v->line)) return OG_NONE;
  for (size_t k = b->first[v->line]; k < b->first[v->line + 1]; k++) {
    const og_token *t = &x->d->tok[b->at[k]];
    if (t->kind == OG_TOK_NUM && t->col == v->col) return b->at[k];
  }
  return OG_NONE;
}

/* The row (index into rules->rows) of 表二/表三 whose every value is placed, whose printed numbers all stand on
 * line `line` and of which some cell printed nothing there (a vanished blank); -1 when none, -2 when several. */
static int S_row_on_line(const og_ctx *x, int line) {
  const ogi_rules *rules = x->r->rules;
  int found = -1;
  for (int k = 0; k < rules->nrows; k++) {
    const og_rowdef *rd = &rules->rows[k];
    if (rd->table != 2 && rd->table != 3) continue;
    int all = 1, printed = 0, vanished = 0, here = 1;
    for (int i = 0; i < rd->nvalues; i++) {
      const og_value *v = &x->r->values[rd->fields[i]];
      if (!v->present) continue;
      if (!v->found) { all = 0; break; }
      if (v->blank && v->raw && !v->raw[0]) vanished++;
      else if (!v->blank) {
        printed++;
        here &= v->line == line;
      }
    }
    if (!all || !printed || !vanished || !here) continue;
    if (found >= 0) return -2;
    found = k;
  }
  return found;
}

/* Candidate i is a number alone on its line, in the tables, that no row took. */
static int S_lone_unused(const og_ctx *x, const S_bylines *b, int i) {
  const og_cand *cd = &x->c[i];
  if (cd->pos < x->first || cd->nrun != 1 || cd->nnum != 1) return 0;
  const og_token *t = &x->d->tok[cd->run[0]];
  if (t->kind != OG_TOK_NUM || t->decimal || t->value < 0 || t->unit || t->annotated || S_line_tokens(b, t->line) != 1)
    return 0;
  if (x->t4s != OG_NONE && cd->pos >= x->t4s) return 0; /* (表四 and the text after it hold no such row) */
  return !S_token_taken(x->r, t);
}

/* The nearest line used from `line` in direction dir, at most three lines away (two empty lines between), or 0. */
static int S_next_line(const S_bylines *b, int line, int dir) {
  for (int k = 1; k <= 3; k++) {
    int l = line + dir * k;
    if (l < 1 || l >= b->nlines) return 0;
    if (S_line_tokens(b, l)) return l;
  }
  return 0;
}

/* The row on the nearest line used from `line` in direction dir: its index into rules->rows when it has
 * cells that printed nothing, else -1 (-2: several). */
static int S_row_next_to(const og_ctx *x, const S_bylines *b, int line, int dir) {
  int l = S_next_line(b, line, dir);
  return l ? S_row_on_line(x, l) : -1;
}

/* The slot of row rd that token t stands in: the index of the last printed cell left of it (-1: none), under
 * the measure 表三's columns line up in (both agreeing when it is not known); -2 when they do not or a
 * position is unknown. */
static int S_slot(const og_ctx *x, const S_bylines *b, const og_rowdef *rd, const og_token *t) {
  double tcp, tdi;
  if (!og_geom_x(x->geom, t, &tcp, &tdi)) return -2;
  int left_cp = 0, left_di = 0, last = -1, measure = og_geom_measure_kind(x->geom);
  for (int c = 0; c < rd->nvalues; c++) {
    const og_value *v = &x->r->values[rd->fields[c]];
    if (!v->present || v->blank) continue;
    size_t vi = S_value_token(x, b, v);
    double vcp, vdi;
    if (vi == OG_NONE || !og_geom_x(x->geom, &x->d->tok[vi], &vcp, &vdi)) return -2;
    left_cp += vcp < tcp;
    left_di += vdi < tdi;
    if ((measure == 1 ? vdi < tdi : vcp < tcp)) last = c;
  }
  /* (表二's small tables each have their own measure: both must agree there) */
  return (measure >= 0 && rd->table == 3) || left_cp == left_di ? last : -2;
}

/* 1 when tokens t and u, on different lines, overlap in x: in 表三 under the measure its columns line up in,
 * elsewhere under either (表二's small tables each have their own; the caller asks for one column only). */
static int S_overlap(const og_ctx *x, const og_token *t, const og_token *u, int table) {
  double tc, td, uc, ud;
  if (!og_geom_x(x->geom, t, &tc, &td) || !og_geom_x(x->geom, u, &uc, &ud)) return 0;
  double half = (og_utf8_count(t->text, strlen(t->text)) + og_utf8_count(u->text, strlen(u->text))) / 2.0;
  int m = table == 3 ? og_geom_measure_kind(x->geom) : -1, cp = fabs(tc - uc) < half, di = fabs(td - ud) < half;
  return m == 0 ? cp : m == 1 ? di : cp || di;
}

/* The column (value index) of rows shaped like rd (same table, as many values) that lone number t stands in:
 * the one whose printed numbers on the rows within three lines of it overlap it; -1 when none or several. */
static int S_aligned_column(const og_ctx *x, const S_bylines *b, const og_rowdef *rd, const og_token *t) {
  const ogi_rules *rules = x->r->rules;
  int col = -1;
  for (int k = 0; k < rules->nrows; k++) {
    const og_rowdef *o = &rules->rows[k];
    if (o->table != rd->table || o->nvalues != rd->nvalues) continue;
    for (int c = 0; c < o->nvalues; c++) {
      const og_value *v = &x->r->values[o->fields[c]];
      if (!v->present || !v->found || v->blank || abs(v->line - t->line) > 3 || v->line == t->line) continue;
      size_t vi = S_value_token(x, b, v);
      if (vi == OG_NONE || !og_geom_same_page(x->geom, v->line, t->line) || !S_overlap(x, t, &x->d->tok[vi], rd->table)) continue;
      if (col >= 0 && col != c) return -1;
      col = c;
    }
  }
  return col;
}

/* The cells of row rd that lone number t may be: those that printed nothing between the last printed number
 * left of it and the next, narrowed to the column it stands in under the rows' numbers when one does; the count
 * (0: none, -1: its place in the row is not known). *slot: S_slot's; *bline: the line of the row's first
 * printed number. */
static int S_displaced_into(const og_ctx *x, const S_bylines *b, const og_rowdef *rd, const og_token *t, int *cells,
                            int *slot_out, int *bline_out) {
  const ogi_report *r = x->r;
  int by_sums = 0;
  for (int c = 0; c < rd->nvalues; c++) by_sums |= r->values[rd->fields[c]].by_sums;
  if (by_sums) return -1; /* (the sums said where its blanks are: that reading is not the layout's) */
  int slot = S_slot(x, b, rd, t);
  if (slot < -1) return -1;
  int ncells = 0, bline = 0;
  for (int c = slot + 1; c < rd->nvalues; c++) {
    const og_value *v = &r->values[rd->fields[c]];
    if (!v->present) continue;
    if (!v->blank) break;
    if (v->raw && !v->raw[0]) cells[ncells++] = c;
  }
  for (int c = 0; c < rd->nvalues && !bline; c++)
    if (!r->values[rd->fields[c]].blank) bline = r->values[rd->fields[c]].line;
  *slot_out = slot;
  *bline_out = bline;
  if (ncells == 0 || !og_geom_same_page(x->geom, t->line, bline)) return 0;
  int col = S_aligned_column(x, b, rd, t);
  if (col >= 0) {
    int keep = 0;
    for (int q = 0; q < ncells; q++)
      if (cells[q] == col) keep = 1;
    cells[0] = col;
    ncells = keep;
  }
  return ncells;
}

void og_fill_displaced_cells(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  const og_doc *d = x->d;
  if (!x->geom) return;
  S_bylines b;
  S_bylines_build(&b, x);
  char *used = og_xcalloc((size_t)x->nc + 1, 1);
  for (int i = 0; i < x->nc; i++) {
    if ((i & 255) == 0 && og_late(r)) break;
    if (used[i] || !S_lone_unused(x, &b, i)) continue;
    const og_token *t = &d->tok[x->c[i].run[0]];
    /* the row on the nearest line above or below it, only empty lines between */
    int up = S_row_next_to(x, &b, t->line, -1), down = S_row_next_to(x, &b, t->line, 1);
    if (up < -1 || down < -1 || (up < 0 && down < 0)) continue;
    /* the cells of each that it may be: a row on either side may have printed nothing where it stands */
    int side[2] = {up, down}, sc[2][OG_MAXV], sn[2] = {0, 0}, sslot[2] = {0, 0}, sline[2] = {0, 0};
    for (int s2 = 0; s2 < 2; s2++)
      if (side[s2] >= 0) sn[s2] = S_displaced_into(x, &b, &rules->rows[side[s2]], t, sc[s2], &sslot[s2], &sline[s2]);
    if (sn[0] < 0 || sn[1] < 0 || (sn[0] == 0 && sn[1] == 0)) continue;
    if (sn[0] > 0 && sn[1] > 0) {
      for (int s2 = 0; s2 < 2; s2++)
        for (int q = 0; q < sn[s2]; q++)
          og_warn(r, "displaced_number", rules->fields[rules->rows[side[s2]].fields[sc[s2][q]]].id, t->line, t->col,
                 "%s: the lone %s printed on line %d, between two rows, stands where a cell of each printed "
                 "nothing: it may be this one (left blank as printed)", rules->rows[side[s2]].id, t->raw, t->line);
      continue;
    }
    int s1 = sn[0] > 0 ? 0 : 1, ncells = sn[s1], *cells = sc[s1], slot = sslot[s1], bline = sline[s1];
    const og_rowdef *rd = &rules->rows[side[s1]];
    /* the other piece of a number wrapped in its cell around the row's line ("1" above, "6" below: 16): a
     * lone number on the nearest line on the row's other side, in the same place */
    int other = -1, l2 = S_next_line(&b, bline, t->line < bline ? 1 : -1);
    if (l2 && S_line_tokens(&b, l2) == 1) {
      int j = b.cand[b.at[b.first[l2]]];
      double a, bb, ua, ub;
      if (j >= 0 && j != i && !used[j] && S_lone_unused(x, &b, j)) {
        const og_token *u = &d->tok[x->c[j].run[0]];
        if (S_slot(x, &b, rd, u) == slot && og_geom_x(x->geom, t, &a, &bb) && og_geom_x(x->geom, u, &ua, &ub) &&
            fabs(a - ua) <= 1.5)
          other = j;
      }
    }
    if (ncells > 1) {
      for (int q = 0; q < ncells; q++)
        og_warn(r, "displaced_number", rules->fields[rd->fields[cells[q]]].id, t->line, t->col,
               "%s: the lone %s printed on line %d, outside the rows, stands where %d of the row's cells printed "
               "nothing: it may be one of them (left blank as printed)", rd->id, t->raw, t->line, ncells);
      continue;
    }
    og_value *v = &r->values[rd->fields[cells[0]]];
    /* the number: the two pieces joined, top first, when they make one; else the lone number */
    const og_token *at = t;
    double val = t->value;
    char joined[64];
    const char *raw = t->raw;
    int wrapped = 0;
    if (other >= 0) {
      const og_token *u = &d->tok[x->c[other].run[0]];
      const og_token *top = t->line < u->line ? t : u, *bottom = t->line < u->line ? u : t;
      double jv;
      int nd, dec, unit;
      size_t lt = strlen(top->text), lb = strlen(bottom->text);
      if (lt + lb < sizeof joined) {
        memcpy(joined, top->text, lt);
        memcpy(joined + lt, bottom->text, lb + 1);
        if (og_parse_number(d->words, joined, &jv, &nd, &dec, &unit) && !dec && !unit) {
          at = top;
          val = jv;
          raw = joined;
          wrapped = 1;
        }
      }
    }
    /* 表三's row must add up with it (a stray number is not the cell because it stands there) */
    if (rd->table == 3) {
      double vals[OG_MAXV];
      for (int c = 0; c < rd->nvalues; c++) vals[c] = c == cells[0] ? val : r->values[rd->fields[c]].value;
      if (!og_row_holds(r, rd->fields, vals, rd->nvalues)) {
        og_warn(r, "displaced_number", rules->fields[rd->fields[cells[0]]].id, t->line, t->col,
               "%s: the lone %s printed on line %d, outside the rows, stands where this cell printed nothing, but "
               "the row does not add up with it (left blank as printed)", rd->id, raw, at->line);
        continue;
      }
    }
    used[i] = 1;
    if (wrapped) used[other] = 1;
    S_fill(v, val, raw, at->line, at->col, wrapped ? "wrapped cell" : "displaced cell");
    if (wrapped)
      og_warn(r, "wrapped_cell", rules->fields[rd->fields[cells[0]]].id, at->line, at->col,
             "%s: the cell printed nothing on its row's line %d; the lone numbers right above and below it, in "
             "that cell's place, are its number wrapped over two lines: %s", rd->id, bline, raw);
    else
      og_warn(r, "displaced_cell", rules->fields[rd->fields[cells[0]]].id, t->line, t->col,
             "%s: the cell printed nothing on its row's line %d; the lone %s printed right %s it, in that cell's "
             "place between the row's numbers, is taken as that cell", rd->id, bline, t->raw,
             t->line < bline ? "above" : "below");
  }
  free(used);
  S_bylines_free(&b);
}

void og_missing_total_column(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  for (int k = 0; k < rules->nrows; k++) {
    const og_rowdef *rd = &rules->rows[k];
    if (rd->table != 3 || rd->nvalues != OG_NCOLS || !r->values[rd->fields[0]].present) continue;
    int dup = 0;
    for (int j = 0; j < k && !dup; j++) dup = rules->rows[j].fields[0] == rd->fields[0];
    if (dup) continue;
    og_value *t = &r->values[rd->fields[rd->nvalues - 1]];
    int short_row = 0;
    for (int i = 0; i < rd->nvalues - 1; i++) { /* (a cell that printed nothing and vanished) */
      const og_value *v = &r->values[rd->fields[i]];
      short_row |= v->found && v->blank && v->reading && (!v->raw || !*v->raw);
    }
    if (t->found || r->values[rd->fields[0]].found) {
      t->found = 0;
      t->blank = 0;
      og_warn(r, "column_missing", rules->fields[rd->fields[rd->nvalues - 1]].id, t->line, t->col,
             "%s: 表三's header names six columns and no 总计, and no row prints seven numbers: the page cuts the "
             "table at its right edge; 总计 not read", rd->id);
    }
    for (int i = 0; i < rd->nvalues - 1 && short_row; i++)
      if (r->values[rd->fields[i]].found)
        og_warn(r, "column_missing", rules->fields[rd->fields[i]].id, r->values[rd->fields[i]].line,
               r->values[rd->fields[i]].col,
               "%s: placed by the row's printed numbers, fewer than its six cells, with no 总计 to check them (the "
               "page cuts the table at its right edge)", rd->id);
  }
}

