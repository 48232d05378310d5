/* Fitting a run of numbers to a row (fit.h): the readings the layout allows, geometry first (the columns the
 * numbers stand in, 表四's header words and even gaps, the empty lines of one cell per line), then glued
 * digits cut (segment.c) and short runs expanded (collapsed repeats, vanished blanks: solve.c), each checked
 * against the row's own sums. */
#include "fit.h"
#include "check.h"
#include "columns.h"
#include "rows.h"
#include "segment.h"
#include "solve.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

int og_accept_row(const double *vals, int n, void *ctx) {
  og_accept_ctx *a = ctx;
  return og_row_holds(a->r, a->rd->fields, vals, n);
}

static int S_accept_any(const double *vals, int n, void *ctx) {
  (void)vals;
  (void)n;
  (void)ctx;
  return 1;
}

/* accept() of a cut of glued digits into m values, k cells: some placement of them, the other cells
 * vanished blanks, satisfies the row's sums. */
#ifndef OGI_VANISH_WORK
#define OGI_VANISH_WORK 50000L /* placements tried for the cuts of one glued run (S_accept_vanished) */
#endif
typedef struct {
  og_accept_ctx *ac;
  int k;
  long work, max_work; /* placements tried; past max_work every cut is accepted (and the run is past the limit) */
} S_vanish_ctx;

static int S_accept_vanished(const double *vals, int m, void *ctx) {
  S_vanish_ctx *vc = ctx;
  if (vc->work > vc->max_work) return 1;
  long ways = 1; /* k choose m: the placements of m values among k cells */
  for (int i = 0; i < vc->k - m; i++) ways = ways * (m + 1 + i) / (i + 1);
  vc->work += ways;
  int zero[OG_MAXV] = {0}, one[1][OG_MAXV];
  return og_expand_vanished(vals, zero, m, vc->k, og_accept_row, vc->ac, one, 1) != 0;
}

typedef struct {
  og_fit *fits;
  int n, cap;
  const og_cand *c;
  size_t first; /* run index of the first token cut */
} S_collect;

static og_fit *S_collect_slot(S_collect *col) {
  if (col->n == col->cap) {
    col->cap = col->cap ? col->cap * 2 : 8;
    col->fits = og_xrealloc(col->fits, sizeof *col->fits * (size_t)col->cap);
  }
  og_fit *f = &col->fits[col->n++];
  memset(f, 0, sizeof *f);
  return f;
}

static void S_collect_cut(const double *v, char (*t)[32], const int *p, int k, void *ctx) {
  S_collect *col = ctx;
  if (col->n >= OG_MAX_READINGS) return; /* the count returned says there were more */
  og_fit *f = S_collect_slot(col);
  for (int i = 0; i < k; i++) {
    f->v[i] = v[i];
    memcpy(f->text[i], t[i], 32);
    f->blank[i] = t[i][0] == 0; /* a printed blank among the glued digits (OG_BLANK_PART) */
    f->tok[i] = col->c->run[col->first + (size_t)p[i]];
  }
  f->cut = 1;
}

/* The values (bits) that differ among n readings cells[][] of vals (a cell -1 is a blank 0). */
static unsigned S_varies(int (*cells)[OG_MAXV], int n, int k, const double *vals) {
  unsigned mask = 0;
  for (int j = 1; j < n; j++)
    for (int i = 0; i < k; i++) {
      double a = cells[0][i] < 0 ? 0 : vals[cells[0][i]], b = cells[j][i] < 0 ? 0 : vals[cells[j][i]];
      if (a != b) mask |= 1u << i;
    }
  return mask;
}

/* The values (bits) of the blocks of 表四 (rows.tsv's rows of table 4 whose fields are a run of rd's) that add
 * up under some placement of cells[0..n). */
static unsigned S_blocks_holding(const og_ctx *x, const og_rowdef *rd, int (*cells)[OG_MAXV], int n, const double *vals) {
  const ogi_rules *rules = x->r->rules;
  unsigned mask = 0;
  for (int b = 0; b < rules->nrows; b++) {
    const og_rowdef *blk = &rules->rows[b];
    if (blk == rd || blk->table != 4 || blk->nvalues >= rd->nvalues) continue;
    int at = -1;
    for (int i = 0; i + blk->nvalues <= rd->nvalues && at < 0; i++)
      if (rd->fields[i] == blk->fields[0] && !memcmp(&rd->fields[i], blk->fields, sizeof *blk->fields * (size_t)blk->nvalues))
        at = i;
    if (at < 0) continue;
    for (int j = 0; j < n; j++) {
      double v[OG_MAXV];
      for (int i = 0; i < blk->nvalues; i++) v[i] = cells[j][at + i] < 0 ? 0 : vals[cells[j][at + i]];
      if (og_row_holds(x->r, blk->fields, v, blk->nvalues)) {
        for (int i = 0; i < blk->nvalues; i++) mask |= 1u << (at + i);
        break;
      }
    }
  }
  return mask;
}

/* Keeps, at the front of cells[0..n), the placements of vals under which row rd's sums hold; their count. */
static int S_keep_holding(const og_ctx *x, const og_rowdef *rd, int (*cells)[OG_MAXV], int n, const double *vals) {
  int kept = 0, k = rd->nvalues;
  for (int j = 0; j < n; j++) {
    double v[OG_MAXV];
    for (int i = 0; i < k; i++) v[i] = cells[j][i] < 0 ? 0 : vals[cells[j][i]];
    if (og_row_holds(x->r, rd->fields, v, k)) memmove(cells[kept++], cells[j], sizeof cells[0]);
  }
  return kept;
}

/* The run's tokens [a, b) stand on one line. */
static int S_one_line(const og_ctx *x, const og_cand *c, int a, int b) {
  for (int i = a + 1; i < b; i++)
    if (x->d->tok[c->run[i]].line != x->d->tok[c->run[a]].line) return 0;
  return 1;
}

/* The header words above a row (columns.tsv, by each value's name), nearest first: header[i] for value i,
 * or OG_NONE. Searched back from the row's numbers over at most a dozen lines of its table. */
static void S_row_header(const og_ctx *x, const og_cand *c, const og_rowdef *rd, size_t *header) {
  const ogi_rules *rules = x->r->rules;
  int line0 = x->d->tok[c->pos].line;
  size_t lo = rd->table == 2 && x->t2s != OG_NONE ? x->t2s : x->first;
  for (int i = 0; i < rd->nvalues; i++) header[i] = OG_NONE;
  og_buf w;
  og_buf_init(&w);
  for (size_t i = c->pos; i-- > lo;) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_TEXT) continue;
    if (t->line < line0 - 12) break;
    /* (a header word wrapped in its narrow cell, "本年新" / "制作数量": the pieces stacked under it over the
     * same columns, joined, when the word alone names no column; found only then) */
    size_t piece[4];
    int np = -1;
    for (int v = 0; v < rd->nvalues; v++) {
      if (header[v] != OG_NONE) continue;
      int key = og_column_key_of_field(rules->fields[rd->fields[v]].id);
      w.len = 0;
      og_buf_puts(&w, t->text);
      for (int q = 0; header[v] == OG_NONE; q++) {
        if (q > 0 && np < 0) np = x->geom ? og_geom_stack(x->geom, x->d, i, c->pos, piece, 4) : 1;
        if (q > 0 && q >= np) break;
        if (q > 0) og_buf_puts(&w, x->d->tok[piece[q]].text);
        for (int k = 0; k < rules->ncolwords; k++)
          if (rules->colwords[k].key == key && og_re_search(rules->colwords[k].re, x->md, w.data, w.len)) {
            header[v] = i;
            break;
          }
      }
    }
  }
  og_buf_free(&w);
}

/* A row of 表二's small table under the same header words as candidate c's row that printed all its k
 * numbers on one line (the nearest such): its tokens in full[0..k); 1 when there is one. */
static int S_full_sibling(const og_ctx *x, const og_cand *c, const og_rowdef *rd, const size_t *header, size_t *full) {
  const ogi_rules *rules = x->r->rules;
  int k = rd->nvalues, best = -1;
  long best_d = 0;
  for (int i = 0; i < x->nc; i++) {
    const og_cand *o = &x->c[i];
    if (o == c || o->row < 0 || o->nrun != k || o->nnum != k) continue;
    const og_rowdef *ord = &rules->rows[o->row];
    if (ord->table != 2 || ord->nvalues != k) continue;
    int ok = 1;
    for (int j = 0; j < k && ok; j++) {
      const og_token *t = &x->d->tok[o->run[j]];
      ok = t->kind == OG_TOK_NUM && !t->glued && t->line == x->d->tok[o->run[0]].line;
    }
    if (!ok) continue;
    size_t oh[OG_MAXV];
    S_row_header(x, o, ord, oh);
    for (int j = 0; j < k && ok; j++) ok = oh[j] == header[j] && header[j] != OG_NONE;
    if (!ok) continue;
    long dist = labs((long)x->d->tok[o->run[0]].line - (long)x->d->tok[c->run[0]].line);
    if (best < 0 || dist < best_d) { best = i; best_d = dist; }
  }
  if (best < 0) return 0;
  for (int j = 0; j < k; j++) full[j] = x->c[best].run[j];
  return 1;
}

/* The next token after index i that is not a break, or OG_NONE; dir -1: the one before. */
static size_t S_near_tok(const og_doc *d, size_t i, int dir) {
  for (size_t k = i;;) {
    if (dir < 0 && k == 0) return OG_NONE;
    k = dir < 0 ? k - 1 : k + 1;
    if (k >= d->ntok) return OG_NONE;
    if (d->tok[k].kind != OG_TOK_BREAK) return k;
  }
}

/* 1 when token i stands alone on its line. */
static int S_alone(const og_doc *d, size_t i) {
  size_t p = S_near_tok(d, i, -1), n = S_near_tok(d, i, 1);
  return (p == OG_NONE || d->tok[p].line != d->tok[i].line) && (n == OG_NONE || d->tok[n].line != d->tok[i].line);
}

/* One cell per line, where an empty cell prints an empty line (lynx -dump of a table it stacks): the empty
 * lines around a row's numbers say where its blank cells are. With x->vgap the empty lines between two cells
 * next to each other, each further empty line before, between or after the numbers (up to the label before
 * and the text after) is one blank cell. Gives the one reading (cells[0]) when the blank cells so counted are
 * exactly the cells missing, else 0. */
static int S_vertical_reading(const og_ctx *x, const og_cand *c, int a, int b, int k, int (*cells)[OG_MAXV]) {
  const og_doc *d = x->d;
  int m = b - a;
  if (x->vgap < 0 || x->vgap_lead < 0 || c->label_tok == OG_NONE || m >= k) return 0;
  size_t last = c->run[b - 1], next = S_near_tok(d, last, 1);
  if (next == OG_NONE || d->tok[next].kind != OG_TOK_TEXT) return 0;
  int before[OG_MAXV + 1], total = 0;
  for (int i = 0; i <= m; i++) {
    int from = i == 0 ? d->tok[c->label_tok].line : d->tok[c->run[a + i - 1]].line;
    int to = i == m ? d->tok[next].line : d->tok[c->run[a + i]].line;
    if (i < m && !S_alone(d, c->run[a + i])) return 0;
    before[i] = to - from - 1 - (i == 0 ? x->vgap_lead : x->vgap);
    if (before[i] < 0 && i == 0) before[i] = 0; /* a label nearer its first cell than 表三's are: no blank before */
    if (before[i] < 0) return 0;
    total += before[i];
  }
  if (total != k - m) return 0;
  int q = 0;
  for (int i = 0; i <= m; i++) {
    for (int z = 0; z < before[i]; z++) cells[0][q++] = -1;
    if (i < m) cells[0][q++] = i;
  }
  return q == k;
}

/* The same layout where a run of blank cells printed one set of empty lines whatever its length (lynx
 * squeezes them), and a row's trailing blank cells may print nothing at all: each place before or between
 * the numbers that the empty lines say holds blank cells holds one or more, the other such places none, the
 * place after the last number any. Every way to share the k - m missing cells out so (up to max, in cells)
 * is a reading for the sums to choose from; their count, 0 when the empty lines tell nothing (-1 past max). */
typedef struct {
  int m, k, nslot, slot[OG_MAXV + 1], min[OG_MAXV + 1], part[OG_MAXV + 1];
  int (*cells)[OG_MAXV];
  int n, max;
} S_squeeze;

static void S_squeeze_emit(S_squeeze *q) {
  if (q->n >= q->max) { q->n = q->max + 1; return; }
  int c = 0, s = 0;
  for (int i = 0; i <= q->m; i++) {
    if (s < q->nslot && q->slot[s] == i) {
      for (int z = 0; z < q->part[s]; z++) q->cells[q->n][c++] = -1;
      s++;
    }
    if (i < q->m) q->cells[q->n][c++] = i;
  }
  q->n++;
}

static void S_squeeze_rec(S_squeeze *q, int s, int left) {
  if (q->n > q->max) return;
  if (s == q->nslot - 1) {
    if (left < q->min[s]) return;
    q->part[s] = left;
    S_squeeze_emit(q);
    return;
  }
  int rest_min = 0;
  for (int t = s + 1; t < q->nslot; t++) rest_min += q->min[t];
  for (int v = q->min[s]; v <= left - rest_min; v++) {
    q->part[s] = v;
    S_squeeze_rec(q, s + 1, left - v);
  }
}

static int S_vertical_squeezed(const og_ctx *x, const og_cand *c, int a, int b, int k, int (*cells)[OG_MAXV], int max) {
  const og_doc *d = x->d;
  int m = b - a;
  if (x->vgap < 0 || x->vgap_lead < 0 || c->label_tok == OG_NONE || m >= k || m == 0) return 0;
  size_t last = c->run[b - 1], next = S_near_tok(d, last, 1);
  if (next == OG_NONE || d->tok[next].kind != OG_TOK_TEXT) return 0;
  S_squeeze q;
  memset(&q, 0, sizeof q);
  q.m = m;
  q.k = k;
  q.cells = cells;
  q.max = max;
  int told = 0, adjacent = 0;
  for (int i = 0; i <= m; i++) {
    int from = i == 0 ? d->tok[c->label_tok].line : d->tok[c->run[a + i - 1]].line;
    int to = i == m ? d->tok[next].line : d->tok[c->run[a + i]].line;
    if (i < m && !S_alone(d, c->run[a + i])) return 0;
    int extra = to - from - 1 - (i == 0 ? x->vgap_lead : x->vgap);
    if (extra < 0 && i > 0) return 0;
    if (extra > 0 || i == m) {
      q.slot[q.nslot] = i;
      q.min[q.nslot++] = extra > 0 && i < m ? 1 : 0;
      told |= extra > 0 && i < m;
    }
    adjacent |= extra == 0 && i > 0 && i < m;
  }
  /* (two numbers with no empty line more between them show the separator is right: where every gap has
   * more, the separator was misjudged and the empty lines tell nothing) */
  if (!told || !adjacent) return 0;
  S_squeeze_rec(&q, 0, k - m);
  return q.n > max ? -1 : q.n;
}

/* x->vgap: the fewest empty lines after a number alone on its line in 表三, before the next number or label;
 * lead 1: the fewest between a label and the number alone on its line after it (a label may be set apart by
 * more than cells are). -1 when there is none. */
int og_vertical_gap(const og_ctx *x, int lead) {
  const og_doc *d = x->d;
  if (x->t3s == OG_NONE) return -1;
  size_t to = x->t4s != OG_NONE ? x->t4s : d->ntok;
  int best = -1;
  for (size_t i = x->t3s; i < to; i++) {
    if (d->tok[i].kind != OG_TOK_NUM || !S_alone(d, i)) continue;
    if (lead) {
      size_t p = S_near_tok(d, i, -1);
      if (p == OG_NONE || p < x->t3s || d->tok[p].kind != OG_TOK_TEXT) continue;
      int gap = d->tok[i].line - d->tok[p].line - 1;
      if (gap >= 0 && (best < 0 || gap < best)) best = gap;
      continue;
    }
    /* the next cell, or the next label: a row's last cell is followed by the next label as cells are */
    size_t n = S_near_tok(d, i, 1);
    if (n == OG_NONE || n >= to || !(d->tok[n].kind == OG_TOK_TEXT || (d->tok[n].kind == OG_TOK_NUM && S_alone(d, n))))
      continue;
    int gap = d->tok[n].line - d->tok[i].line - 1;
    if (gap >= 0 && (best < 0 || gap < best)) best = gap;
  }
  return best;
}

/* 表四's numbers toks[0..m) placed into its k cells by the header words printed above them, between the
 * region's start and the run (block titles left out: regions.tsv t4title): 1 with cells[0], 2 with cells[0]
 * and cells[1] (code points and display columns place them differently), else 0 or -1. */
static int S_t4_by_header(const og_ctx *x, const og_cand *c, const size_t *toks, int m, int k, int (*cells)[OG_MAXV]) {
  if (x->t4s == OG_NONE || c->pos <= x->t4s || c->pos - x->t4s > 4000) return 0;
  size_t *hdr = og_xmalloc(sizeof(size_t) * (c->pos - x->t4s));
  int nhdr = 0, line = x->d->tok[toks[0]].line;
  for (size_t i = x->t4s; i < c->pos; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_TEXT || t->line >= line || og_region_word(x, OG_REGION_T4_TITLE, t)) continue;
    if (og_region_word(x, 4, t)) continue; /* the section's title */
    if (og_utf8_count(t->text, strlen(t->text)) > 4) continue; /* a column's word is at most four characters: a title */
    hdr[nhdr++] = i;
  }
  int n = og_geom_header_columns(x->geom, x->d, hdr, nhdr, toks, m, k, cells);
  free(hdr);
  return n;
}

/* Fits a run of tokens to the k values of row rd and returns the number of readings: 1 (in f), several
 * (in *alts, malloc'd; only when alts is given, else OG_FIT_NONE; also one reading with an assumed value), OG_FIT_NONE, OG_FIT_LIMIT (work limit) or
 * OG_FIT_NO_SUM (readings exist but none satisfies the row's sums). mode: OG_FIT_CUT lets glued digits be
 * cut; OG_FIT_EXPAND lets a short run stand for the whole row (collapsed repeats in a crawler's text, or
 * cells that printed nothing and vanished), each reading checked against the row's own sums. */
int og_fit_run_all(const og_ctx *x, const og_cand *c, const og_rowdef *rd, int mode, og_fit *f, og_fit **alts) {
  int k = rd->nvalues;
  memset(f, 0, sizeof *f);
  if (alts) *alts = NULL;
  if (k > OG_MAXV || c->nrun == 0) return OG_FIT_NONE;
  /* garbage among the cells (og_cand.garbled): a cell's number may be lost in it, so a short run is neither a
   * row whose blank cells vanished nor one whose digits ran together (its numbers touch the garbage, not
   * each other) */
  if (c->garbled && c->nrun < k) mode &= ~(OG_FIT_EXPAND | OG_FIT_CUT);
  int a = 0, b = c->nrun; /* [a, b) */
  const og_token *tok = x->d->tok;
  /* (blanks glued among digits are cells, one per marker: never trimmed to fit, since "——" may be one) */
  while (b - a > k && tok[c->run[b - 1]].kind == OG_TOK_BLANK && !tok[c->run[b - 1]].glued) b--;
  while (b - a > k && tok[c->run[a]].kind == OG_TOK_BLANK && !tok[c->run[a]].glued) a++;
  if (b - a == k) {
    for (int i = 0; i < k; i++) {
      const og_token *t = &tok[c->run[a + i]];
      f->tok[i] = c->run[a + i];
      f->blank[i] = t->kind == OG_TOK_BLANK;
      f->v[i] = f->blank[i] ? 0 : t->value;
    }
    f->alternatives = 1;
    /* raw pdftotext gives a table's cells in an order of its own: a row is taken in that order only when
     * its own sums hold (elsewhere a row is what is printed, sums or not) */
    if (x->raw_pdf && !og_row_holds(x->r, rd->fields, f->v, k)) return OG_FIT_ORDER;
    return 1;
  }
  if (b - a > k) return OG_FIT_NONE;
  og_accept_ctx ac = {x->r, rd};
  S_collect col = {NULL, 0, 0, c, (size_t)a};
  unsigned varies = 0; /* values the layout leaves open (the sums decide them) */
  int layout_n = 1, by_lines = 0;
  /* digits are cut only in a glued run: numbers that touched text ("数量1000001") or printed with a leading
   * zero ("00"), every token a plain number; separate numbers of an aligned row are never split */
  int glued = 1, any_glued = 0, glued_blanks = 0;
  for (int i = a; i < b; i++) {
    const og_token *t = &tok[c->run[i]];
    if (t->kind == OG_TOK_BLANK && t->glued) glued_blanks++; /* a marker glued among the digits ("713————74") */
    else if (t->kind != OG_TOK_NUM || (t->unit && i != b - 1)) glued = 0; /* a unit ends the run ("…895.90元") */
    else if (t->glued || (t->text[0] == '0' && t->text[1] >= '0' && t->text[1] <= '9')) any_glued = 1;
  }
  glued = glued && any_glued;
  int n = 0;
  if (glued && (mode & OG_FIT_CUT)) {
    const char *parts[OG_MAXV];
    char digits[OG_MAXV][64];
    int np = 0;
    for (int i = a; i < b; i++) { /* the digits only: a unit after them is not cut */
      if (tok[c->run[i]].kind == OG_TOK_BLANK) {
        strcpy(digits[np], OG_BLANK_PART);
        parts[np] = digits[np];
        np++;
        continue;
      }
      const char *t = tok[c->run[i]].text;
      size_t l = 0;
      while (t[l] && l + 1 < sizeof digits[0] && ((t[l] >= '0' && t[l] <= '9') || t[l] == '.' || (l == 0 && t[l] == '-'))) l++;
      memcpy(digits[np], t, l);
      digits[np][l] = 0;
      parts[np] = digits[np];
      np++;
    }
    int try_vanish = (x->vanish >> rd->table & 1) && !glued_blanks; /* (blanks printed: none vanished) */
    if (!try_vanish) {
      /* one way to cut (every value one digit): that is what is printed, whatever the sums say */
      n = og_segment_all(parts, np, k, S_accept_any, NULL, S_collect_cut, &col);
      if (n > 1) {
        layout_n = n;
        for (int j = 1; j < col.n; j++)
          for (int i = 0; i < k; i++)
            if (col.fits[j].v[i] != col.fits[0].v[i]) varies |= 1u << i;
      }
      /* (with glued markers, whose count per cell is a guess — "——" is one blank or two — the one cut must
       * also satisfy the row's sums) */
      if (n == 1 && glued_blanks && !og_accept_row(col.fits[0].v, k, &ac)) n = 2;
      if (n != 1) {
        col.n = 0;
        n = og_segment_all(parts, np, k, og_accept_row, &ac, S_collect_cut, &col);
        if (n == 0) n = OG_FIT_NO_SUM;
      }
      /* no cut adds up (or the digits are fewer than the cells): blank cells may have printed nothing */
      if ((n == OG_FIT_NO_SUM || n == 0) && !glued_blanks) {
        try_vanish = 1;
        n = 0;
        col.n = 0;
      }
    }
    if (try_vanish) {
      /* blank cells print nothing in this document: the digits are j <= k values, the other cells blank */
      int(*cells)[OG_MAXV] = og_xmalloc(sizeof *cells * OG_MAX_READINGS);
      /* (what the layout allows before the sums, for the values they decide: every cut, every placement) */
      int(*any)[OG_MAXV] = og_xmalloc(sizeof *any * OG_MAX_READINGS);
      double ref[OG_MAXV] = {0};
      long nlayout = 0;
      int have_ref = 0;
      for (int j = np; j <= k && n >= 0; j++) {
        if (og_int_digits(parts, np) > (size_t)j * 6) continue; /* too few values for these digits: more cells printed */
        /* what the layout allows (every cut, every placement: for the values the sums decide); past the
         * readings kept, every value is one the sums decided */
        S_collect all = {NULL, 0, 0, c, (size_t)a};
        int nall = og_segment_all(parts, np, j, S_accept_any, NULL, S_collect_cut, &all);
        if (nall < 0 || nall > OG_MAX_READINGS) varies = (1u << k) - 1, nlayout += OG_MAX_READINGS;
        for (int q = 0; q < nall && q < OG_MAX_READINGS; q++) {
          const og_fit *cut = &all.fits[q];
          int zero[OG_MAXV] = {0};
          int na = og_expand_vanished(cut->v, zero, j, k, S_accept_any, NULL, any, OG_MAX_READINGS);
          if (na < 0 || na > OG_MAX_READINGS) varies = (1u << k) - 1, nlayout += OG_MAX_READINGS;
          for (int e = 0; e < na && e < OG_MAX_READINGS; e++, nlayout++) {
            for (int i = 0; i < k; i++) {
              double v = any[e][i] < 0 ? 0 : cut->v[any[e][i]];
              if (!have_ref) ref[i] = v;
              else if (v != ref[i]) varies |= 1u << i;
            }
            have_ref = 1;
          }
        }
        /* the cuts to read: all of them when they were kept; else those some placement of which satisfies
         * the row's sums (fourteen digits cut into seven values are 1716 ways, of which a handful add up:
         * the work limit counts the placements tried) */
        S_vanish_ctx vc = {&ac, k, 0, OGI_VANISH_WORK};
        S_collect cuts = all;
        int nc = nall;
        if (nall < 0 || nall > OG_MAX_READINGS) {
          free(all.fits);
          cuts = (S_collect){NULL, 0, 0, c, (size_t)a};
          nc = og_segment_all(parts, np, j, S_accept_vanished, &vc, S_collect_cut, &cuts);
        }
        if (nc < 0 || nc > OG_MAX_READINGS || vc.work > vc.max_work) n = OG_FIT_LIMIT;
        for (int q = 0; q < nc && q < OG_MAX_READINGS && n >= 0 && !og_late(x->r); q++) {
          const og_fit *cut = &cuts.fits[q];
          int zero[OG_MAXV] = {0};
          int ne = og_expand_vanished(cut->v, zero, j, k, og_accept_row, &ac, cells, OG_MAX_READINGS);
          if (ne < 0 || ne > OG_MAX_READINGS || n + ne > OG_MAX_READINGS) { n = OG_FIT_LIMIT; break; }
          for (int e = 0; e < ne; e++) {
            og_fit *g = S_collect_slot(&col);
            g->cut = 1;
            for (int i = 0; i < k; i++) {
              int src = cells[e][i];
              g->tok[i] = src < 0 ? cut->tok[0] : cut->tok[src];
              g->blank[i] = src < 0;
              g->v[i] = src < 0 ? 0 : cut->v[src];
              if (src >= 0) memcpy(g->text[i], cut->text[src], 32);
            }
            n++;
          }
        }
        free(cuts.fits);
      }
      free(cells);
      free(any);
      layout_n = nlayout > 1 ? (nlayout > 1000000 ? 1000000 : (int)nlayout) : 1;
      if (n == 0) n = OG_FIT_NO_SUM;
    }
  } else if (!glued && (mode & OG_FIT_EXPAND)) {
    double vals[OG_MAXV];
    int blank[OG_MAXV], m = b - a;
    for (int i = 0; i < m; i++) {
      const og_token *t = &tok[c->run[a + i]];
      blank[i] = t->kind == OG_TOK_BLANK;
      vals[i] = blank[i] ? 0 : t->value;
      if (t->unit) return OG_FIT_NONE;
    }
    /* a collapsed run has one value per line; aligned text keeps its cells on one line */
    int own_lines = 1;
    for (int i = a + 1; i < b; i++) own_lines &= tok[c->run[i]].line > tok[c->run[i - 1]].line;
    int(*cells)[OG_MAXV] = og_xmalloc(sizeof *cells * OG_MAX_READINGS);
    int by_position = -1, nnear = 0, near0[OG_MAXV], off_grid = 0, cut_total = 0;
    int printed = 1;
    for (int i = 0; i < m; i++) printed &= !blank[i];
    if (x->no_total && rd->table == 3 && k == OG_NCOLS && m == k - 1 && printed) {
      /* the page cut the table before 总计: the six numbers are the six other cells, in order (the total,
       * cut off, is left to og_missing_total_column) */
      for (int i = 0; i < k - 1; i++) cells[0][i] = i;
      cells[0][k - 1] = -1;
      by_position = n = 1;
      cut_total = 1;
    } else if (x->geom && ((rd->table == 3 && k == OG_NCOLS) || (rd->table == 2 && k >= 2))) {
      /* aligned text: the columns the numbers stand in; one placement is what is printed, several are
       * for the row's sums to decide (and when none of them adds up, all go to the joint solve) */
      size_t toks[OG_MAXV];
      for (int i = 0; i < m; i++) toks[i] = c->run[a + i];
      if (rd->table == 3) {
        by_position = og_geom_readings(x->geom, x->d, toks, m, cells, OG_MAX_READINGS, &nnear);
        off_grid = og_geom_off_grid(x->geom, x->d, toks, m);
      }
      else {
        size_t header[OG_MAXV], full[OG_MAXV];
        S_row_header(x, c, rd, header);
        by_position = S_full_sibling(x, c, rd, header, full)
                        ? og_geom_row_readings(x->geom, x->d, full, k, toks, m, cells, OG_MAX_READINGS, &nnear)
                        : og_geom_header_readings(x->geom, x->d, header, k, toks, m, cells, OG_MAX_READINGS, &nnear);
      }
      if (by_position > OG_MAX_READINGS || by_position == 0) by_position = -1; /* positions do not tell */
      /* one reading that only the rounding of positions allows (no near one): the sums must confirm it */
      if (by_position == 1 && nnear == 0 && S_keep_holding(x, rd, cells, 1, vals) != 1) by_position = -1;
      if (nnear == 1 && by_position > 1) memcpy(near0, cells[0], sizeof near0);
      else nnear = 0;
      if (by_position > 1) {
        varies = S_varies(cells, by_position, k, vals);
        layout_n = by_position;
        int kept = S_keep_holding(x, rd, cells, by_position, vals);
        if (kept > 0) by_position = kept;
        else if (nnear == 1) {
          /* no reading adds up across the row: a break in the row, not a reason to move a number off the
           * column it stands nearest; the one reading near positions give is what is printed (placed by
           * position: the sums chose nothing) */
          by_position = 1;
          varies = 0;
          layout_n = 1;
        }
      }
      n = by_position;
    }
    if (by_position < 0 && own_lines && !x->collapsed && S_vertical_reading(x, c, a, b, k, cells)) {
      by_position = 1; /* the empty lines say which cells are blank */
      n = 1;
      by_lines = 1;
    }
    if (by_position < 0 && own_lines && !x->collapsed) {
      /* the empty lines say where blank cells are but not how many (a run of them printed once): the row's
       * sums choose among the ways to share them out (no reading adds up: as if the lines told nothing) */
      int ns = S_vertical_squeezed(x, c, a, b, k, cells, OG_MAX_READINGS);
      if (ns > 0) {
        /* (the values the order alone leaves open are named as placed by the sums, the empty lines' reading
         * being itself a guess at how the blanks were printed) */
        int(*all)[OG_MAXV] = og_xmalloc(sizeof *all * OG_MAX_READINGS);
        int na = og_expand_vanished(vals, blank, m, k, S_accept_any, NULL, all, OG_MAX_READINGS);
        unsigned v = na < 0 || na > OG_MAX_READINGS ? (1u << k) - 1 : na > 1 ? S_varies(all, na, k, vals) : 0;
        free(all);
        int kept = S_keep_holding(x, rd, cells, ns, vals);
        if (kept > 0) {
          by_position = n = kept;
          by_lines = 1;
          varies = v;
          layout_n = ns > 1 ? ns : 2;
        }
      }
    }
    /* one number a line with no geometry (a page's text nodes whose blank cells printed nothing), or one
     * line of them in a text whose other tables are not aligned (a text browser stacking 表三 a cell a line):
     * the order is all the layout keeps, and the blocks' sums choose among the readings in that order */
    int t4_order = rd->table == 4 && !x->collapsed && !x->geom && m >= 5 &&
                   (own_lines || (x->d->tables == 0 && S_one_line(x, c, a, b)));
    if (by_position < 0 && rd->table == 4 && !x->collapsed && !t4_order) {
      if (!x->geom || !S_one_line(x, c, a, b)) { free(cells); return OG_FIT_NONE; }
      /* 表四's cells are of one width: the gaps between its numbers say how many cells lie between (its
       * header, printed one character per line, does not say where the cells are) */
      size_t toks[OG_MAXV];
      for (int i = 0; i < m; i++) toks[i] = c->run[a + i];
      /* unless the header's words stand over the columns and place them */
      by_position = S_t4_by_header(x, c, toks, m, k, cells);
      if (by_position == 2) {
        /* the two measures place the numbers differently: the one reading whose blocks add up, named as
         * placed by the sums (both or neither: the header does not decide) */
        varies = S_varies(cells, 2, k, vals);
        layout_n = 2;
        by_position = S_keep_holding(x, rd, cells, 2, vals) == 1 ? 1 : 0;
        if (!by_position) varies = 0, layout_n = 1;
      }
      /* (one reading by the header's words, clearly: placed, adding up or not — a reading that does not is
       * a printed break, placed as printed for the checks to say so; no reading by the gaps between the
       * numbers is sought that would add up: the arithmetic never takes a misprint away) */
      if (by_position != 1) {
        by_position = og_geom_even_readings(x->geom, x->d, toks, m, k, cells, OG_MAX_READINGS);
        if (by_position > OG_MAX_READINGS) by_position = OG_FIT_LIMIT;
        if (by_position > 1) {
          varies = S_varies(cells, by_position, k, vals);
          layout_n = by_position;
        }
        if (by_position > 0) {
          unsigned hold = S_blocks_holding(x, rd, cells, by_position, vals);
          int kept = S_keep_holding(x, rd, cells, by_position, vals);
          if (!kept) f->some_hold = hold;
          by_position = kept ? kept : OG_FIT_NO_SUM;
        }
        /* positions that allow no reading at all (pdftotext scaled parts of the line differently): the
         * order of the numbers is all the layout keeps, and the sums choose among the readings in that
         * order (readings the positions allow that do not add up are a break, not a reason to look wider) */
        int nums = 0;
        for (int i = 0; i < m; i++) nums += !blank[i];
        if (by_position == 0 && nums == m) by_position = -1; /* (printed blanks: the cells are delimited) */
        else if (by_position <= 0) { free(cells); return by_position < 0 ? by_position : OG_FIT_NONE; }
      }
      n = by_position;
    }
    if (by_position < 0) { /* what the layout allows, before the sums: which values they decide */
      /* (表四's readings all kept when they are not too many: which blocks add up in some reading, below) */
      enum { S_T4_READINGS = 8192 };
      int cap = rd->table == 4 && !x->collapsed ? S_T4_READINGS : OG_MAX_READINGS;
      int(*any)[OG_MAXV] = og_xmalloc(sizeof *any * (size_t)cap);
      int na;
      if (x->collapsed && own_lines && (x->vanish >> rd->table & 1))
        na = og_expand_collapsed_vanished(vals, blank, m, k, S_accept_any, NULL, any, cap);
      else if (x->collapsed && own_lines) na = og_expand_collapsed(vals, blank, m, k, S_accept_any, NULL, any, cap);
      else na = og_expand_vanished(vals, blank, m, k, S_accept_any, NULL, any, cap);
      if (na > 1) {
        varies = S_varies(any, na < OG_MAX_READINGS ? na : OG_MAX_READINGS, k, vals);
        layout_n = na;
      }
      if (rd->table == 4) /* (every reading known, else no block is taken for the break) */
        f->some_hold = na > 0 && na <= cap ? S_blocks_holding(x, rd, any, na, vals) : ~0u;
      free(any);
    }
    if (by_position >= 0)
      ; /* placed by position */
    else if (x->collapsed && own_lines && (x->vanish >> rd->table & 1))
      n = og_expand_collapsed_vanished(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS);
    else if (x->collapsed && own_lines) {
      n = og_expand_collapsed(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS);
      /* no reading adds up: blank cells may have vanished too (a report printing both 0 and blanks) */
      if (n == 0) n = og_expand_collapsed_vanished(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS);
    } else n = og_expand_vanished(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS);
    /* no reading adds up with 总计 among the printed numbers, and cells printed nothing: 总计 may be one of
     * them (real reports leave it blank in the result rows). The numbers then stand in the six applicant
     * cells and 总计 is blank, each such reading for the joint solve to decide by the column sums (its own
     * row check, on a blank total, is no evidence and fails); only when asked (a last resort, for a row no
     * other run took) */
    unsigned assumed = 0;
    if (n == 0 && by_position < 0 && alts && (mode & OG_FIT_ASSUME_TOTAL) && rd->table == 3 && k == OG_NCOLS && m < k) {
      int na = x->collapsed && own_lines && (x->vanish >> rd->table & 1)
                 ? og_expand_collapsed_vanished(vals, blank, m, k - 1, S_accept_any, NULL, cells, OG_MAX_READINGS)
               : x->collapsed && own_lines ? og_expand_collapsed(vals, blank, m, k - 1, S_accept_any, NULL, cells, OG_MAX_READINGS)
                                           : og_expand_vanished(vals, blank, m, k - 1, S_accept_any, NULL, cells, OG_MAX_READINGS);
      if (na > 0 && na <= OG_MAX_READINGS) {
        for (int j = 0; j < na; j++) cells[j][k - 1] = -1;
        n = na;
        assumed = 1u << (k - 1);
        varies = na > 1 ? S_varies(cells, na, k, vals) : 0;
        layout_n = na;
      }
    }
    if (n == 0) n = OG_FIT_NO_SUM;
    /* (read by the columns the numbers stand in, cells having vanished: for the joint solve to overrule when
     * no reading of the rest of the table adds up with it) */
    int geo = by_position > 0 && !by_lines && !cut_total && x->geom && rd->table == 3 && m < k ? 1 + off_grid : 0;
    int unconfirmed = by_position > 0 && !by_lines && x->drifty && rd->table != 3 && m < k;
    for (int j = 0; j < n && j < OG_MAX_READINGS; j++) {
      og_fit *g = S_collect_slot(&col);
      g->by_geom = geo;
      g->unconfirmed = unconfirmed;
      g->assumed = assumed;
      g->near = by_position > 1 && nnear == 1;
      for (int i = 0; i < k && g->near; i++) g->near = cells[j][i] == near0[i];
      for (int i = 0; i < k; i++) {
        int src = cells[j][i];
        if (src < 0) { /* a vanished blank: no token of its own; point at the row's first */
          g->tok[i] = c->run[a];
          g->blank[i] = 1;
          g->v[i] = 0;
          g->vanished |= 1u << i;
        } else {
          g->tok[i] = c->run[a + src];
          g->blank[i] = blank[src];
          g->v[i] = vals[src];
        }
      }
    }
    free(cells);
  } else {
    return OG_FIT_NONE;
  }
  if (n > OG_MAX_READINGS) n = OG_FIT_LIMIT;
  if (n > 1) { /* readings with the same values are one reading (they differ only in which cell was blank) */
    int m = 0;
    for (int j = 0; j < n; j++) {
      int dup = 0;
      for (int q = 0; q < m && !dup; q++) {
        dup = 1;
        for (int i = 0; i < k && dup; i++) dup = col.fits[q].v[i] == col.fits[j].v[i];
      }
      if (!dup) col.fits[m++] = col.fits[j];
    }
    n = m;
  }
  for (int j = 0; j < col.n && n > 0; j++) {
    col.fits[j].varies = varies;
    col.fits[j].layout_readings = layout_n;
    col.fits[j].by_lines = by_lines;
  }
  if (n == 1 && !(col.fits[0].assumed && alts)) {
    *f = col.fits[0];
    f->alternatives = 1;
  } else if (n >= 1 && alts) { /* (a reading with an assumed value is deferred even alone: the sums decide) */
    for (int j = 0; j < n; j++) col.fits[j].alternatives = n;
    *alts = col.fits;
    col.fits = NULL;
  } else if (n > 1) {
    n = OG_FIT_NONE;
  }
  free(col.fits);
  return n;
}

/* The single reading of a run (1), or 0 / a negative status when it has none or several. */
int og_fit_run(const og_ctx *x, const og_cand *c, const og_rowdef *rd, int allow_cut, og_fit *f) {
  return og_fit_run_all(x, c, rd, allow_cut ? OG_FIT_CUT : 0, f, NULL);
}
