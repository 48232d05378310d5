/* 表三's columns by position in aligned text: column positions learned per page, numbers placed by them. */
#include "columns.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { S_CODEPOINTS = 0, S_DISPLAY = 1 };

struct og_geom {
  size_t *line_start; /* byte offset of each line (1-based line numbers: index line - 1) */
  int *page;          /* page of each line (form feeds) */
  size_t nlines;
  const char *text;
  size_t len;
  int measure;
  int npages;
  double (*center)[OG_NCOLS]; /* per page; NAN when unknown */
  int *known;                /* per page: column positions known */
  int *weak;                 /* per page: known from the header only, two of its words joined (og_geom_weak) */
  int any;                   /* 表三's columns known on some page */
};

/* Width of the UTF-8 text s (n bytes) under the measure. */
static double S_text_width(const char *s, size_t n, int measure) {
  double w = 0;
  for (size_t j = 0; j < n;) {
    int32_t cp;
    int k = og_utf8_next(s + j, n - j, &cp);
    if (k <= 0) break;
    j += (size_t)k;
    w += measure == S_DISPLAY ? og_cp_width(cp) : 1;
  }
  return w;
}

/* The source line of token t (*s, *n bytes); 0 when t has no position. */
static int S_source_line(const og_geom *g, const og_token *t, const char **s, size_t *n) {
  if (t->line < 1 || (size_t)t->line > g->nlines || t->col < 1) return 0;
  *s = g->text + g->line_start[t->line - 1];
  *n = (t->line < (int)g->nlines ? g->line_start[t->line] : g->len) - g->line_start[t->line - 1];
  return 1;
}

/* Centre of token t on its line under the measure: its start plus half its width. */
static double S_center(const og_geom *g, const og_token *t, int measure) {
  const char *s;
  size_t n;
  if (!S_source_line(g, t, &s, &n)) return NAN;
  double pos = 0;
  size_t i = 0;
  for (int c = 1; c < t->col && i < n; c++) {
    int32_t cp;
    int k = og_utf8_next(s + i, n - i, &cp);
    if (k <= 0) break;
    i += (size_t)k;
    pos += measure == S_DISPLAY ? og_cp_width(cp) : 1;
  }
  double w = S_text_width(t->text, strlen(t->text), measure);
  return pos + w / 2;
}

/* How many spaces stand right before token t on its source line. */
static int S_spaces_before(const og_geom *g, const og_token *t) {
  const char *s;
  size_t n;
  if (!S_source_line(g, t, &s, &n)) return 1000;
  int spaces = 0;
  size_t i = 0;
  for (int c = 1; c < t->col && i < n; c++) {
    int32_t cp;
    int k = og_utf8_next(s + i, n - i, &cp);
    if (k <= 0) break;
    i += (size_t)k;
    if (cp == ' ' || cp == 0x3000 || cp == 0xA0) spaces++;
    else spaces = 0;
  }
  return spaces;
}

/* How far page p's numbers among nums[0..n) stand from the nearest of columns c, in column spacings: the
 * median (a number pushed right after a label's text stands anywhere); INFINITY when that page has none. */
static double S_page_fit(const og_geom *g, const og_doc *d, const double *c, int p, const size_t *nums, int n) {
  double spacing = (c[OG_NCOLS - 1] - c[0]) / (OG_NCOLS - 1);
  double *dist = og_xmalloc(sizeof(double) * (size_t)(n + 1));
  int used = 0;
  for (int i = 0; i < n && spacing > 0; i++) {
    const og_token *t = &d->tok[nums[i]];
    double x = S_center(g, t, g->measure), best = INFINITY;
    if (g->page[t->line - 1] != p || isnan(x)) continue;
    for (int k = 0; k < OG_NCOLS; k++)
      if (fabs(x - c[k]) < best) best = fabs(x - c[k]);
    dist[used++] = best / spacing;
  }
  qsort(dist, (size_t)used, sizeof(double), og_cmp_double);
  double fit = used ? dist[used / 2] : INFINITY;
  free(dist);
  return fit;
}

/* The column of c nearest position x; *gap: the narrower of its spacings to the columns beside it. */
static int S_nearest_column(const double *c, double x, double *gap) {
  int best = 0;
  for (int k = 1; k < OG_NCOLS; k++)
    if (fabs(x - c[k]) < fabs(x - c[best])) best = k;
  *gap = best > 0 ? c[best] - c[best - 1] : c[1] - c[0];
  if (best + 1 < OG_NCOLS && c[best + 1] - c[best] < *gap) *gap = c[best + 1] - c[best];
  return best;
}

/* Columns c moved each to the median centre of page p's numbers among nums[0..n) that stand nearest it, within
 * half a column spacing (not glued to text), when two or more do; 0 when no column moves or the columns would
 * no longer stand in order. */
static int S_refine(const og_geom *g, const og_doc *d, double *c, int p, const size_t *nums, int n) {
  double orig[OG_NCOLS], *v = og_xmalloc(sizeof(double) * (size_t)(n + 1));
  memcpy(orig, c, sizeof orig);
  int moved = 0;
  for (int k = 0; k < OG_NCOLS; k++) {
    int m = 0;
    for (int i = 0; i < n; i++) {
      const og_token *t = &d->tok[nums[i]];
      double x = S_center(g, t, g->measure);
      if (g->page[t->line - 1] != p || isnan(x) || t->glued) continue;
      double gap;
      if (S_nearest_column(orig, x, &gap) == k && fabs(x - orig[k]) < gap / 2) v[m++] = x;
    }
    if (m < 2) continue;
    qsort(v, (size_t)m, sizeof(double), og_cmp_double);
    c[k] = v[m / 2];
    moved |= c[k] != orig[k];
  }
  free(v);
  for (int k = 1; k < OG_NCOLS; k++)
    if (c[k] <= c[k - 1]) return 0;
  return moved;
}

/* Whether every line of page p printing three or more of nums[0..n) (not glued to text) stands at columns c: each number
 * within a column spacing of its nearest column (as a placement needs), the nearest columns in order and
 * distinct (header words set in another measure than the numbers give columns the rows do not stand at). */
static int S_lines_fit(const og_geom *g, const og_doc *d, const double *c, int p, const size_t *nums, int n) {
  for (int i = 0; i < n;) {
    int line = d->tok[nums[i]].line, j = i, free_ = 0;
    while (j < n && d->tok[nums[j]].line == line) free_ += !d->tok[nums[j++]].glued;
    if (free_ >= 3 && g->page[line - 1] == p) {
      int last = -1;
      for (int q = i; q < j; q++) {
        if (d->tok[nums[q]].glued) continue; /* (set where the text it touches is: its place says nothing) */
        double x = S_center(g, &d->tok[nums[q]], g->measure);
        double gap;
        int best = S_nearest_column(c, x, &gap);
        if (isnan(x) || best <= last || fabs(x - c[best]) > gap) return 0;
        last = best;
      }
    }
    i = j;
  }
  return 1;
}

/* Column centres of one page from its full rows (median per column); 1 when there are any. */
static int S_from_rows(const og_geom *g, const og_doc *d, const size_t *full, int nfull, int page, int measure,
                       double *center, double *spread) {
  double *v = og_xmalloc(sizeof(double) * (size_t)(nfull + 1));
  int any = 0;
  *spread = 0;
  for (int c = 0; c < OG_NCOLS; c++) {
    int n = 0;
    for (int r = 0; r < nfull; r++) {
      const og_token *t = &d->tok[full[r * OG_NCOLS + c]];
      if (g->page[t->line - 1] != page) continue;
      double x = S_center(g, t, measure);
      if (!isnan(x)) v[n++] = x;
    }
    if (n == 0) { free(v); return 0; }
    qsort(v, (size_t)n, sizeof(double), og_cmp_double);
    center[c] = v[n / 2];
    *spread += v[n - 1] - v[0];
    any = 1;
  }
  free(v);
  for (int c = 1; c < OG_NCOLS; c++)
    if (center[c] <= center[c - 1]) return 0;
  return any;
}

/* Column centres from the header words; missing columns between found ones interpolated. 1 when at least
 * five are found in order, 2 when two of its words were joined into one run (below: the columns are then a weak
 * guide, og_geom_weak). */
static int S_from_header(const og_geom *g, const og_doc *d, const size_t *header, int measure, double *center) {
  int found = 0, glued = 0, joined[OG_NCOLS] = {0};
  for (int c = 0; c < OG_NCOLS; c++) {
    center[c] = NAN;
    if (header[c] == (size_t)-1) continue;
    const og_token *t = &d->tok[header[c]];
    center[c] = S_center(g, t, measure);
    if (c > 0 && header[c - 1] != (size_t)-1) {
      const og_token *p = &d->tok[header[c - 1]];
      int np = (int)og_utf8_count(p->text, strlen(p->text)), nt = (int)og_utf8_count(t->text, strlen(t->text));
      joined[c] = p->line == t->line && np >= 2 && nt >= 2 && t->col == p->col + np + 1;
    }
  }
  /* (a header word one space after the column before's word, on its line, may be where pdftotext set it when
   * it joined the two into one run of text, the cells being narrower than their words: its place then says
   * little of its column's. Words of two characters or more: a header spaced out character by character,
   * "社 会", is not one. When it also stands much nearer that word than columns stand apart, it is found
   * between its neighbours, as a missing one.) */
  double gap[OG_NCOLS];
  int ng = 0;
  for (int c = 1; c < OG_NCOLS; c++)
    if (!joined[c] && !isnan(center[c]) && !isnan(center[c - 1])) gap[ng++] = center[c] - center[c - 1];
  if (ng > 0) {
    qsort(gap, (size_t)ng, sizeof(double), og_cmp_double);
    for (int c = 1; c < OG_NCOLS; c++)
      if (joined[c] && !isnan(center[c]) && !isnan(center[c - 1]) && center[c] - center[c - 1] < gap[ng / 2] / 2)
        center[c] = NAN;
  }
  for (int c = 1; c < OG_NCOLS; c++) glued |= joined[c];
  for (int c = 0; c < OG_NCOLS; c++) found += !isnan(center[c]);
  if (found < 5) return 0;
  for (int c = 0; c < OG_NCOLS; c++) {
    if (!isnan(center[c])) continue;
    int a = c - 1, b = c + 1;
    while (a >= 0 && isnan(center[a])) a--;
    while (b < OG_NCOLS && isnan(center[b])) b++;
    if (a < 0 || b >= OG_NCOLS) return 0;
    center[c] = center[a] + (center[b] - center[a]) * (c - a) / (b - a);
  }
  for (int c = 1; c < OG_NCOLS; c++)
    if (center[c] <= center[c - 1]) return 0;
  return 1 + glued;
}

/* How far the numbers nums[0..n) stand from the nearest column under this measure, in column spacings
 * (mean): the columns of each page from its full rows, else the header's on the header's page. INFINITY when
 * no number has columns to go by. */
static double S_nums_fit(const og_geom *g, const og_doc *d, const size_t *full, int nfull, const size_t *header,
                         int measure, const size_t *nums, int n, int carry) {
  double sum = 0, c[OG_NCOLS], sp;
  int used = 0, hpage = -1, hok = 0;
  double hc[OG_NCOLS];
  for (int k = 0; k < OG_NCOLS && hpage < 0; k++)
    if (header[k] != (size_t)-1) hpage = g->page[d->tok[header[k]].line - 1];
  if (hpage >= 0) hok = S_from_header(g, d, header, measure, hc);
  int page = -1, known = 0;
  for (int i = 0; i < n; i++) {
    const og_token *t = &d->tok[nums[i]];
    int p = g->page[t->line - 1];
    if (p != page) {
      /* (carry: a page with neither full rows nor the header, right after one with columns, is measured
       * against that page's columns, as og_geom_fit carries them over; the text's measure keeps them down
       * the pages) */
      int next = carry && known && p == page + 1;
      double prev[OG_NCOLS];
      memcpy(prev, c, sizeof prev);
      page = p;
      known = S_from_rows(g, d, full, nfull, p, measure, c, &sp);
      if (!known && hok && p == hpage) {
        memcpy(c, hc, sizeof c);
        known = 1;
      }
      if (!known && next) {
        memcpy(c, prev, sizeof c);
        known = 1;
      }
    }
    double x = S_center(g, t, measure), best = INFINITY;
    if (!known || isnan(x)) continue;
    double spacing = (c[OG_NCOLS - 1] - c[0]) / (OG_NCOLS - 1);
    if (spacing <= 0) continue;
    for (int k = 0; k < OG_NCOLS; k++)
      if (fabs(x - c[k]) < best) best = fabs(x - c[k]);
    sum += best / spacing;
    used++;
  }
  return used ? sum / used : INFINITY;
}

og_geom *og_geom_new(const char *text, size_t len) {
  if (!text) return NULL;
  og_geom *g = og_xcalloc(1, sizeof *g);
  g->text = text;
  g->len = len;
  size_t cap = 1024;
  g->line_start = og_xmalloc(sizeof(size_t) * cap);
  g->page = og_xmalloc(sizeof(int) * cap);
  int page = 0;
  g->line_start[0] = 0;
  g->page[0] = 0;
  g->nlines = 1;
  for (size_t i = 0; i < len; i++) {
    if (text[i] == '\f') page++;
    if (text[i] != '\n') continue;
    if (g->nlines == cap) {
      cap *= 2;
      g->line_start = og_xrealloc(g->line_start, sizeof(size_t) * cap);
      g->page = og_xrealloc(g->page, sizeof(int) * cap);
    }
    g->line_start[g->nlines] = i + 1;
    g->page[g->nlines++] = page;
  }
  /* a line that opens with a form feed is on the new page */
  for (size_t l = 0; l < g->nlines; l++)
    if (g->line_start[l] < len && text[g->line_start[l]] == '\f') g->page[l]++;
  g->npages = page + 1;
  g->center = og_xcalloc((size_t)g->npages, sizeof *g->center);
  g->known = og_xcalloc((size_t)g->npages, sizeof(int));
  g->weak = og_xcalloc((size_t)g->npages, sizeof(int));
  return g;
}

/* Start and end (exclusive) of token t on its line under the measure; 0 without a position. */
static int S_span(const og_geom *g, const og_token *t, int measure, double *a, double *b) {
  double c = S_center(g, t, measure);
  if (isnan(c)) return 0;
  double w = S_text_width(t->text, strlen(t->text), measure);
  *a = c - w / 2;
  *b = c + w / 2;
  return 1;
}

int og_geom_stack(const og_geom *g, const og_doc *d, size_t i, size_t end, size_t *piece, int max) {
  if (!g || i >= end || max < 1) return 0;
  const og_token *t = &d->tok[i];
  piece[0] = i;
  if (t->kind != OG_TOK_TEXT || t->line < 1) return 1;
  int best = 1;
  for (int m = 0; m < 2; m++) {
    double a, b;
    if (!S_span(g, t, m, &a, &b)) continue;
    size_t got[8];
    int n = 1, line = t->line;
    got[0] = i;
    for (size_t j = i + 1; j < end && n < max && n < 8; j++) {
      const og_token *u = &d->tok[j];
      if (u->line == line) continue;
      if (u->line > line + 3) break; /* a wrapped cell's next piece: the next printed line or two below */
      double ua, ub;
      if (u->kind != OG_TOK_TEXT || !S_span(g, u, m, &ua, &ub)) continue;
      if (ub <= a || ua >= b) continue; /* not over the same columns */
      /* the first token of that line over these columns is the piece; the rest of its line is skipped */
      got[n++] = j;
      line = u->line;
    }
    if (n > best) {
      best = n;
      memcpy(piece, got, sizeof(size_t) * (size_t)n);
    }
  }
  return best;
}

void og_geom_fit(og_geom *g, const og_doc *d, const size_t *full, int nfull, const size_t *header, const size_t *nums,
                 int nnums) {
  if (!g) return;
  /* the measure (code points: pdftotext -layout sets cells by characters; display width: w3m, lynx): the
   * one under which the table's numbers stand nearest their columns; on a tie, the one under which the full
   * rows line up best; without them, the one under which the header's columns are the most evenly spaced */
  double spread[2] = {0, 0};
  int rows_pages[2] = {0, 0};
  double tmp[OG_NCOLS], sp;
  for (int m = 0; m < 2; m++)
    for (int p = 0; p < g->npages; p++)
      if (S_from_rows(g, d, full, nfull, p, m, tmp, &sp)) {
        spread[m] += sp;
        rows_pages[m]++;
      }
  /* on a tie, the same with the columns carried over to the pages after (a table whose full rows are all
   * on its first page, set by fixed pitch, lines up down the next page only in the text's measure) */
  int decided = 0;
  for (int carry = 0; carry < 2 && !decided; carry++) {
    double fit[2] = {S_nums_fit(g, d, full, nfull, header, S_CODEPOINTS, nums, nnums, carry),
                     S_nums_fit(g, d, full, nfull, header, S_DISPLAY, nums, nnums, carry)};
    if (isfinite(fit[0]) && isfinite(fit[1]) && fabs(fit[0] - fit[1]) > 0.05) {
      g->measure = fit[S_CODEPOINTS] < fit[S_DISPLAY] ? S_CODEPOINTS : S_DISPLAY;
      decided = 1;
    } else if (isfinite(fit[0]) != isfinite(fit[1])) {
      /* columns under one measure only (the header's words in order under it alone): that one */
      g->measure = isfinite(fit[S_CODEPOINTS]) ? S_CODEPOINTS : S_DISPLAY;
      decided = 1;
    }
  }
  if (!decided) {
    if (rows_pages[0] || rows_pages[1]) {
      g->measure = rows_pages[S_DISPLAY] > rows_pages[S_CODEPOINTS] ? S_DISPLAY
                   : rows_pages[S_CODEPOINTS] > rows_pages[S_DISPLAY] ? S_CODEPOINTS
                   : spread[S_DISPLAY] <= spread[S_CODEPOINTS] ? S_DISPLAY : S_CODEPOINTS;
    } else {
      double best = INFINITY;
      g->measure = S_DISPLAY;
      for (int m = 0; m < 2; m++) {
        if (!S_from_header(g, d, header, m, tmp)) continue;
        double mean = (tmp[OG_NCOLS - 1] - tmp[0]) / (OG_NCOLS - 1), dev = 0;
        for (int c = 1; c < OG_NCOLS; c++) dev += fabs(tmp[c] - tmp[c - 1] - mean);
        dev /= mean;
        if (dev < best) { best = dev; g->measure = m; }
      }
    }
  }
  int any = 0;
  for (int p = 0; p < g->npages; p++) {
    if (S_from_rows(g, d, full, nfull, p, g->measure, g->center[p], &sp)) g->known[p] = 1;
  }
  /* the header's page, when no full row gives it */
  size_t h = (size_t)-1;
  for (int c = 0; c < OG_NCOLS && h == (size_t)-1; c++) h = header[c];
  if (h != (size_t)-1) {
    int hp = g->page[d->tok[h].line - 1];
    /* (when the numbers of its page, if any, stand at them: header words set in another measure than the
     * numbers, CJK one code point wide but two wide on the page, give columns the numbers do not stand at) */
    int how = g->known[hp] ? 0 : S_from_header(g, d, header, g->measure, g->center[hp]);
    if (how) {
      double fit = S_page_fit(g, d, g->center[hp], hp, nums, nnums);
      /* (the numbers of a column stand where its cells' centres are, which header words wrapped in their
       * cells may miss by a little: the columns the numbers stand nearest, moved to where those numbers stand,
       * when they then stand nearer; the next page's numbers are measured against these) */
      if (!isinf(fit) && fit > 0) {
        double moved[OG_NCOLS], mfit;
        memcpy(moved, g->center[hp], sizeof moved);
        if (S_refine(g, d, moved, hp, nums, nnums) && (mfit = S_page_fit(g, d, moved, hp, nums, nnums)) < fit &&
            S_lines_fit(g, d, moved, hp, nums, nnums)) {
          memcpy(g->center[hp], moved, sizeof moved);
          fit = mfit;
        }
      }
      if ((isinf(fit) || fit < 0.3) && S_lines_fit(g, d, g->center[hp], hp, nums, nnums)) {
        g->known[hp] = 1;
        g->weak[hp] = how == 2;
      }
    }
  }
  /* a later page of the table without full rows or header (the header and first rows on one page, the
   * rest on the next): the columns of the page before, when that page's numbers stand at them (a PDF set by
   * fixed pitch keeps its columns from page to page; pdftotext's default layout narrows each page its own
   * way, and then they do not) */
  for (int p = 1; p < g->npages; p++)
    if (!g->known[p] && g->known[p - 1] && S_page_fit(g, d, g->center[p - 1], p, nums, nnums) < 0.2) {
      memcpy(g->center[p], g->center[p - 1], sizeof g->center[p]);
      g->known[p] = 1;
      g->weak[p] = g->weak[p - 1];
    }
  for (int p = 0; p < g->npages; p++) any |= g->known[p];
  g->any = any;
}

typedef struct {
  int allowed[OG_MAXV][OG_MAXV];
  int wide[OG_MAXV][OG_MAXV]; /* allowed only within the rounding of positions to characters */
  int nallowed[OG_MAXV];
  int m, count, max, ncols;
  int pass; /* 0: the readings with no wide placement; 1: those with one or more */
  int cur[OG_MAXV];
  int (*out)[OG_MAXV];
} S_assign;

static void S_assign_rec(S_assign *a, int i, int from, int nwide) {
  if (i == a->m) {
    if ((nwide > 0) != a->pass) return;
    if (a->count < a->max) {
      for (int c = 0; c < a->ncols; c++) a->out[a->count][c] = -1;
      for (int k = 0; k < a->m; k++) a->out[a->count][a->cur[k]] = k;
    }
    a->count++;
    return;
  }
  for (int q = 0; q < a->nallowed[i]; q++) {
    int c = a->allowed[i][q];
    if (c < from || a->ncols - c < a->m - i) continue;
    if (a->pass == 0 && a->wide[i][q]) continue;
    a->cur[i] = c;
    S_assign_rec(a, i + 1, c + 1, nwide + a->wide[i][q]);
  }
}

static int S_place_by(const og_geom *g, const og_doc *d, const double *c, int ncols, int measure, const size_t *tok,
                      int m, int (*out)[OG_MAXV], int max, int *nnear);

/* The column centres of the page of token t's line, or NULL when that page's columns are not known. */
static const double *S_page_columns(const og_geom *g, const og_token *t) {
  if (!g || !g->any || t->line < 1 || (size_t)t->line > g->nlines) return NULL;
  int page = g->page[t->line - 1];
  return g->known[page] ? g->center[page] : NULL;
}

int og_geom_readings(const og_geom *g, const og_doc *d, const size_t *tok, int m, int (*out)[OG_MAXV], int max,
                     int *nnear) {
  if (m <= 0 || m > OG_NCOLS) return -1;
  const double *c = S_page_columns(g, &d->tok[tok[0]]);
  if (!c) return -1;
  return S_place_by(g, d, c, OG_NCOLS, g->measure, tok, m, out, max, nnear);
}

int og_geom_spaced(const og_geom *g, const og_doc *d, const size_t *tok, const int *col, int m) {
  if (m < 2) return 1;
  const double *c = S_page_columns(g, &d->tok[tok[0]]);
  if (!c) return 1;
  /* the shifts that bring each number within a third of the narrowest spacing of its column: some shift
   * must serve them all */
  double narrow = INFINITY;
  for (int k = 1; k < OG_NCOLS; k++)
    if (c[k] - c[k - 1] < narrow) narrow = c[k] - c[k - 1];
  double tol = narrow / 3, lo = -INFINITY, hi = INFINITY;
  for (int i = 0; i < m; i++) {
    if (col[i] < 0 || col[i] >= OG_NCOLS || d->tok[tok[i]].line != d->tok[tok[0]].line) return 1;
    double x = S_center(g, &d->tok[tok[i]], g->measure);
    if (isnan(x)) return 1;
    double s = c[col[i]] - x;
    if (s - tol > lo) lo = s - tol;
    if (s + tol < hi) hi = s + tol;
  }
  return lo <= hi;
}

int og_geom_off_grid(const og_geom *g, const og_doc *d, const size_t *tok, int m) {
  const double *c = m > 0 ? S_page_columns(g, &d->tok[tok[0]]) : NULL;
  if (!c) return 0;
  double x0 = S_center(g, &d->tok[tok[0]], g->measure), x1 = S_center(g, &d->tok[tok[m - 1]], g->measure);
  return (!isnan(x0) && x0 < c[0] - (c[1] - c[0]) / 2) ||
         (!isnan(x1) && x1 > c[OG_NCOLS - 1] + (c[OG_NCOLS - 1] - c[OG_NCOLS - 2]) / 2);
}

static int S_place_both(const og_geom *g, const og_doc *d, double (*c)[OG_MAXV], int k, const size_t *tok, int m,
                        int (*out)[OG_MAXV], int max, int *nnear);
int og_geom_row_readings(const og_geom *g, const og_doc *d, const size_t *full, int k, const size_t *tok, int m,
                         int (*out)[OG_MAXV], int max, int *nnear) {
  if (!g || k < 2 || k > OG_MAXV || m <= 0 || m > k) return -1;
  double c[2][OG_MAXV], fit[2] = {0, 0};
  for (int ms = 0; ms < 2; ms++) {
    for (int i = 0; i < k; i++) {
      c[ms][i] = S_center(g, &d->tok[full[i]], ms);
      if (isnan(c[ms][i]) || (i > 0 && c[ms][i] <= c[ms][i - 1])) return -1;
    }
    for (int i = 0; i < m; i++) {
      double x = S_center(g, &d->tok[tok[i]], ms), best = INFINITY;
      for (int j = 0; j < k; j++)
        if (fabs(x - c[ms][j]) < best) best = fabs(x - c[ms][j]);
      fit[ms] += best;
    }
  }
  /* the measure under which the numbers stand nearest the full row's (digits line up in the measure the
   * text was set in, whatever the labels before them); when neither is nearer by a character, the readings
   * of both (a row of two or three numbers may stand as near its sibling's under either measure, when its
   * label is shorter by as many CJK characters as a column is wide; the document's measure does not decide
   * it: pdftotext's default layout re-spaces each line its own way, between the two) */
  if (fabs(fit[S_CODEPOINTS] - fit[S_DISPLAY]) >= 1.0) {
    int measure = fit[S_CODEPOINTS] < fit[S_DISPLAY] ? S_CODEPOINTS : S_DISPLAY;
    return S_place_by(g, d, c[measure], k, measure, tok, m, out, max, nnear);
  }
  return S_place_both(g, d, c, k, tok, m, out, max, nnear);
}

/* The readings of a row under either measure (distinct ones, the first measure's first); -1 when neither
 * measure places it. */
static int S_place_both(const og_geom *g, const og_doc *d, double (*c)[OG_MAXV], int k, const size_t *tok, int m,
                        int (*out)[OG_MAXV], int max, int *nnear) {
  int (*other)[OG_MAXV] = og_xmalloc(sizeof(int[OG_MAXV]) * (size_t)(max > 0 ? max : 1));
  int n0near = 0, n1near = 0;
  int n0 = S_place_by(g, d, c[S_CODEPOINTS], k, S_CODEPOINTS, tok, m, out, max, &n0near);
  int n1 = S_place_by(g, d, c[S_DISPLAY], k, S_DISPLAY, tok, m, other, max, &n1near);
  if (n0 < 0 || n1 < 0) {
    int n = n0 >= 0 ? n0 : n1;
    if (n1 >= 0 && n0 < 0) memcpy(out, other, sizeof(int[OG_MAXV]) * (size_t)(n1 < max ? n1 : max));
    if (nnear) *nnear = n0 >= 0 ? n0near : n1near;
    free(other);
    return n;
  }
  int n = n0 < max ? n0 : max, total = n0;
  for (int i = 0; i < (n1 < max ? n1 : max); i++) {
    int seen = 0;
    for (int j = 0; j < n && !seen; j++) seen = !memcmp(out[j], other[i], sizeof(int) * (size_t)k);
    if (seen) continue;
    if (n < max) memcpy(out[n++], other[i], sizeof(int[OG_MAXV]));
    total++;
  }
  /* (the near readings of both count as near: neither measure is the document's) */
  if (nnear) *nnear = total;
  free(other);
  return total;
}

int og_geom_header_readings(const og_geom *g, const og_doc *d, const size_t *header, int k, const size_t *tok, int m,
                            int (*out)[OG_MAXV], int max, int *nnear) {
  if (!g || k < 2 || k > OG_MAXV || m <= 0 || m > k) return -1;
  double c[2][OG_MAXV];
  for (int ms = 0; ms < 2; ms++)
    for (int i = 0; i < k; i++) {
      if (header[i] == (size_t)-1) return -1;
      c[ms][i] = S_center(g, &d->tok[header[i]], ms);
      if (isnan(c[ms][i]) || (i > 0 && c[ms][i] <= c[ms][i - 1])) return -1;
    }
  /* the measure: the document's when 表三 gave one, else the one under which the numbers fit the header */
  int measure = S_DISPLAY;
  if (g->any) measure = g->measure;
  else {
    double fit[2] = {0, 0};
    for (int ms = 0; ms < 2; ms++)
      for (int i = 0; i < m; i++) {
        double x = S_center(g, &d->tok[tok[i]], ms), best = INFINITY;
        for (int j = 0; j < k; j++)
          if (fabs(x - c[ms][j]) < best) best = fabs(x - c[ms][j]);
        fit[ms] += best;
      }
    measure = fit[S_CODEPOINTS] < fit[S_DISPLAY] ? S_CODEPOINTS : S_DISPLAY;
  }
  return S_place_by(g, d, c[measure], k, measure, tok, m, out, max, nnear);
}

static int S_place_by(const og_geom *g, const og_doc *d, const double *c, int ncols, int measure, const size_t *tok,
                      int m, int (*out)[OG_MAXV], int max, int *nnear) {
  const og_token *t0 = &d->tok[tok[0]];
  S_assign a;
  memset(&a, 0, sizeof a);
  a.m = m;
  a.max = max;
  a.out = out;
  a.ncols = ncols;
  for (int i = 0; i < m; i++) {
    const og_token *t = &d->tok[tok[i]];
    if (t->line != t0->line) return -1;
    double x = S_center(g, t, measure);
    if (isnan(x)) return -1;
    if (i == 0 && tok[0] > 0) {
      /* a number right after text on its line (a wrapped label running into the row's first cell): its
       * position is the text's, not its column's; any column left of the next number's may hold it */
      const og_token *p = &d->tok[tok[0] - 1];
      if (p->kind == OG_TOK_TEXT && p->line == t->line) {
        /* the spaces between them in the source line (normalized text is narrower: full-width
         * punctuation folds to half-width) */
        if (S_spaces_before(g, t) <= 2) {
          for (int k = 0; k < ncols; k++) a.allowed[i][a.nallowed[i]++] = k;
          continue;
        }
      }
    }
    int best = 0;
    for (int k = 1; k < ncols; k++)
      if (fabs(x - c[k]) < fabs(x - c[best])) best = k;
    double gap = best > 0 ? c[best] - c[best - 1] : c[1] - c[0];
    if (best + 1 < ncols && c[best + 1] - c[best] < gap) gap = c[best + 1] - c[best];
    double d1 = fabs(x - c[best]);
    if (d1 > gap) return -1; /* far from every column: positions do not tell */
    a.allowed[i][a.nallowed[i]++] = best;
    /* near the boundary with a neighbour: both are allowed, the arithmetic decides; wider (the neighbour
     * up to twice as far as the nearest column, or within two characters where pdftotext rounded every
     * position to a character cell, a number a character off standing right on its neighbour's column)
     * the neighbour is allowed too: the sums choose among all these readings alike (a near reading that
     * adds up may still be the wrong one), and the near one alone stands only when none adds up */
    for (int k = best - 1; k <= best + 1; k += 2) {
      if (k < 0 || k >= ncols) continue;
      double dk = fabs(x - c[k]);
      int near = dk < d1 * 1.5 + 0.5;
      if (near || dk < d1 * 2 + 0.5 || (measure == S_CODEPOINTS && dk <= 2.0)) {
        a.wide[i][a.nallowed[i]] = !near;
        a.allowed[i][a.nallowed[i]++] = k;
      }
    }
  }
  S_assign_rec(&a, 0, 0, 0);
  if (nnear) *nnear = a.count;
  a.pass = 1;
  S_assign_rec(&a, 0, 0, 0);
  return a.count;
}

int og_geom_even_readings(const og_geom *g, const og_doc *d, const size_t *tok, int m, int k, int (*out)[OG_MAXV], int max) {
  if (!g || m < 2 || m > k || k > OG_MAXV) return -1;
  double x[OG_MAXV];
  int measure = g->any ? g->measure : S_DISPLAY;
  for (int i = 0; i < m; i++) {
    x[i] = S_center(g, &d->tok[tok[i]], measure);
    if (isnan(x[i]) || (i > 0 && x[i] <= x[i - 1])) return -1;
  }
  double u = INFINITY;
  for (int i = 1; i < m; i++)
    if (x[i] - x[i - 1] < u) u = x[i] - x[i - 1];
  int count = 0;
  /* the smallest gap is one cell, or two or three when no two numbers are neighbours */
  for (int div = 1; div <= 3; div++) {
    double unit = u / div;
    if (unit < 1.5) break;
    int rel[OG_MAXV], ok = 1;
    for (int i = 0; i < m && ok; i++) {
      double r = (x[i] - x[0]) / unit;
      rel[i] = (int)lround(r);
      ok = fabs(r - rel[i]) <= 0.3;
    }
    if (!ok || rel[m - 1] >= k) continue;
    for (int off = 0; off + rel[m - 1] < k; off++) {
      if (count < max) {
        for (int c = 0; c < k; c++) out[count][c] = -1;
        for (int i = 0; i < m; i++) out[count][off + rel[i]] = i;
      }
      count++;
    }
  }
  return count;
}

typedef struct {
  double x;
  int line;
} S_pos;

static int S_cmp_pos(const void *a, const void *b) {
  double x = ((const S_pos *)a)->x, y = ((const S_pos *)b)->x;
  return x < y ? -1 : x > y;
}

/* og_geom_header_columns under one measure. */
static int S_header_columns(const og_geom *g, const og_doc *d, const size_t *hdr, int nhdr, const size_t *tok, int m,
                            int k, int measure, int *out) {
  S_pos *x = og_xmalloc(sizeof *x * (size_t)nhdr);
  double col[OG_MAXV];
  int nx = 0, ncol = 0;
  for (int i = 0; i < nhdr; i++) {
    double c = S_center(g, &d->tok[hdr[i]], measure);
    if (!isnan(c)) x[nx++] = (S_pos){c, d->tok[hdr[i]].line};
  }
  qsort(x, (size_t)nx, sizeof *x, S_cmp_pos);
  /* a column's words (its characters one per line) stand within two positions of each other, never two
   * on one line (pdftotext shifts a character or two; two words on one line are two columns) */
  for (int i = 0; i < nx && ncol <= k;) {
    int j = i + 1;
    double sum = x[i].x;
    for (; j < nx && x[j].x - x[i].x <= 2.0; j++) {
      int same_line = 0;
      for (int q = i; q < j && !same_line; q++) same_line = x[q].line == x[j].line;
      if (same_line) break;
      sum += x[j].x;
    }
    if (ncol < k) col[ncol] = sum / (j - i);
    ncol++;
    i = j;
  }
  free(x);
  if (ncol != k) return 0;
  int prev = -1;
  for (int i = 0; i < m; i++) {
    double c = S_center(g, &d->tok[tok[i]], measure);
    if (isnan(c)) return -1;
    int best = 0;
    for (int j = 1; j < k; j++)
      if (fabs(col[j] - c) < fabs(col[best] - c)) best = j;
    double next = INFINITY;
    for (int j = 0; j < k; j++)
      if (j != best && fabs(col[j] - c) < next) next = fabs(col[j] - c);
    if (best <= prev || fabs(col[best] - c) > next - 1.0) return 0;
    /* and it stands within its column: a number beyond the header's columns (pdftotext scaled the number's
     * line and the header's differently) says the header does not place this row */
    double gap = c > col[best] ? (best + 1 < k ? col[best + 1] - col[best] : col[best] - col[best - 1])
                               : (best > 0 ? col[best] - col[best - 1] : col[1] - col[0]);
    if (fabs(col[best] - c) > gap / 2 + 1.0) return 0;
    for (int j = prev + 1; j < best; j++) out[j] = -1;
    out[best] = i;
    prev = best;
  }
  for (int j = prev + 1; j < k; j++) out[j] = -1;
  return 1;
}

int og_geom_header_columns(const og_geom *g, const og_doc *d, const size_t *hdr, int nhdr, const size_t *tok, int m,
                           int k, int (*out)[OG_MAXV]) {
  if (!g || m < 1 || m > k || k > OG_MAXV || nhdr < k) return -1;
  /* under the measure in which the header gives k columns and places every number; when both do, and
   * differently, both readings (the caller's sums decide) */
  int cp[OG_MAXV], disp[OG_MAXV];
  int a = S_header_columns(g, d, hdr, nhdr, tok, m, k, S_CODEPOINTS, cp);
  int b = S_header_columns(g, d, hdr, nhdr, tok, m, k, S_DISPLAY, disp);
  if (a == 1 && b == 1 && memcmp(cp, disp, sizeof(int) * (size_t)k) != 0) {
    memcpy(out[0], cp, sizeof(int) * (size_t)k);
    memcpy(out[1], disp, sizeof(int) * (size_t)k);
    return 2;
  }
  if (a != 1 && b != 1) return a < 0 || b < 0 ? -1 : 0;
  memcpy(out[0], a == 1 ? cp : disp, sizeof(int) * (size_t)k);
  return 1;
}

const char *og_geom_measure(const og_geom *g) { return g && g->measure == S_CODEPOINTS ? "code points" : "display columns"; }

void og_geom_free(og_geom *g) {
  if (!g) return;
  free(g->line_start);
  free(g->page);
  free(g->center);
  free(g->known);
  free(g->weak);
  free(g);
}

int og_geom_x(const og_geom *g, const og_token *t, double *x_cp, double *x_disp) {
  if (!g) return 0;
  *x_cp = S_center(g, t, S_CODEPOINTS);
  *x_disp = S_center(g, t, S_DISPLAY);
  return !isnan(*x_cp) && !isnan(*x_disp);
}

int og_geom_measure_kind(const og_geom *g) { return g && g->any ? (g->measure == S_DISPLAY) : -1; }

int og_geom_weak(const og_geom *g, int line) {
  if (!g || line < 1 || (size_t)line > g->nlines) return 0;
  int p = g->page[line - 1];
  return g->known[p] && g->weak[p];
}

int og_geom_same_page(const og_geom *g, int a, int b) {
  if (!g || a < 1 || b < 1 || (size_t)a > g->nlines || (size_t)b > g->nlines) return 0;
  return g->page[a - 1] == g->page[b - 1];
}
