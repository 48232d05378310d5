/* Readings of a table printed in another reading order (raw pdftotext): rows across, blocks of rows down. */
#include "order.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  const int *group;
  int n, w, nrows;
  int *gstart, *gsize; /* per number: the start and size of its group */
  int *cells;          /* the reading being built: nrows * w */
  char *dead;          /* (p, row) from which no complete reading exists */
  og_order_row_fn row_ok;
  og_order_done_fn done;
  void *ctx;
  long steps, max_steps;
  int found, stop, out_of_work;
} S_order;

/* Returns 1 when some complete reading goes on from number p at row j. */
static int S_walk(S_order *o, int p, int j) {
  if (o->stop) return 1;
  if (j == o->nrows) {
    if (p != o->n) return 0;
    o->found++;
    if (!o->done(o->cells, o->ctx)) o->stop = 1;
    return 1;
  }
  if (p >= o->n) return 0;
  char *dead = &o->dead[(size_t)p * (size_t)(o->nrows + 1) + (size_t)j];
  if (*dead) return 0;
  if (++o->steps > o->max_steps) {
    o->out_of_work = o->stop = 1;
    return 1;
  }
  int w = o->w, any = 0;
  /* one row across */
  if (p + w <= o->n) {
    for (int c = 0; c < w; c++) o->cells[j * w + c] = p + c;
    if (o->row_ok(&o->cells[j * w], j, o->ctx)) any |= S_walk(o, p + w, j + 1);
  }
  /* k rows down: w groups of k numbers each, the first starting here */
  int k = o->gsize[p];
  if (!o->stop && o->gstart[p] == p && k >= 2 && j + k <= o->nrows) {
    int q = p, ok = 1;
    for (int c = 0; c < w && ok; c++) {
      if (q >= o->n || o->gstart[q] != q || o->gsize[q] != k) ok = 0;
      else q += k;
    }
    for (int t = 0; t < k && ok; t++) {
      for (int c = 0; c < w; c++) o->cells[(j + t) * w + c] = p + c * k + t;
      ok = o->row_ok(&o->cells[(j + t) * w], j + t, o->ctx);
    }
    if (ok) any |= S_walk(o, q, j + k);
  }
  if (!any) *dead = 1;
  return any;
}

int og_order_readings(const int *group, int n, int w, int nrows, og_order_row_fn row_ok, og_order_done_fn done,
                     void *ctx, long max_steps) {
  if (n <= 0 || w <= 0 || nrows <= 0 || n != w * nrows) return 0;
  S_order o;
  memset(&o, 0, sizeof o);
  o.group = group;
  o.n = n;
  o.w = w;
  o.nrows = nrows;
  o.row_ok = row_ok;
  o.done = done;
  o.ctx = ctx;
  o.max_steps = max_steps;
  o.gstart = og_xmalloc(sizeof(int) * (size_t)n);
  o.gsize = og_xmalloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n;) {
    int e = i;
    while (e < n && group[e] == group[i]) e++;
    for (int k = i; k < e; k++) {
      o.gstart[k] = i;
      o.gsize[k] = e - i;
    }
    i = e;
  }
  o.cells = og_xmalloc(sizeof(int) * (size_t)n);
  o.dead = og_xcalloc((size_t)(n + 1) * (size_t)(nrows + 1), 1);
  S_walk(&o, 0, 0);
  free(o.gstart);
  free(o.gsize);
  free(o.cells);
  free(o.dead);
  return o.out_of_work ? -1 : o.found;
}
