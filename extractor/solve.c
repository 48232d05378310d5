/* Numbers placed by the template's arithmetic: enumeration of a row's readings and the joint solve. */
#include "solve.h"
#include "util.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define S_EXPAND_STEPS 200000L
#define S_MAX_COST (3 * OG_WEIGHT_AT_COLUMNS) /* the most a joint placement may cost against positions */

/* ---------------------------------------------------------------- readings of a short run */

typedef struct {
  const double *vals;
  const int *blank;
  int m, k, max, count;
  int (*accept)(const double *, int, void *);
  void *ctx;
  int (*out)[OG_MAXV];
  int cur[OG_MAXV];
  double curv[OG_MAXV];
  long steps;
  int collapsed;
} S_exp;

static void S_emit(S_exp *e) {
  if (!e->accept(e->curv, e->k, e->ctx)) return;
  if (e->count < e->max) memcpy(e->out[e->count], e->cur, sizeof(int) * (size_t)e->k);
  e->count++;
}

/* collapsed: value vi covers cells [cell, cell + len) for some len >= 1 */
static void S_exp_collapsed(S_exp *e, int vi, int cell) {
  if (++e->steps > S_EXPAND_STEPS) return;
  if (vi == e->m) {
    if (cell == e->k) S_emit(e);
    return;
  }
  int left = e->m - vi - 1; /* values after this one, each needs a cell */
  for (int len = 1; cell + len + left <= e->k; len++) {
    for (int c = cell; c < cell + len; c++) {
      e->cur[c] = vi;
      e->curv[c] = e->vals[vi];
    }
    S_exp_collapsed(e, vi + 1, cell + len);
  }
}

/* vanished: cell `cell` holds value vi or is a vanished blank */
static void S_exp_vanished(S_exp *e, int vi, int cell) {
  if (++e->steps > S_EXPAND_STEPS) return;
  if (cell == e->k) {
    if (vi == e->m) S_emit(e);
    return;
  }
  if (e->k - cell > e->m - vi) { /* room for a blank here */
    e->cur[cell] = -1;
    e->curv[cell] = 0;
    S_exp_vanished(e, vi, cell + 1);
  }
  if (vi < e->m) {
    e->cur[cell] = vi;
    e->curv[cell] = e->vals[vi];
    S_exp_vanished(e, vi + 1, cell + 1);
  }
}

/* collapsed and vanished: cell `cell` is a vanished blank, repeats value vi (the lines between were blank),
 * or holds the next value */
static void S_exp_both(S_exp *e, int vi, int cell) {
  if (++e->steps > S_EXPAND_STEPS) return;
  if (cell == e->k) {
    if (vi == e->m - 1) S_emit(e);
    return;
  }
  if (e->k - cell < e->m - 1 - vi) return; /* (no room left for the values still to come) */
  /* (the cells so far must satisfy the sums they complete: three ways a cell, 表四's fifteen cells from six
   * printed values are millions of readings, and a run none of whose readings adds up must be known so, or
   * a printed break goes unreported) */
  if (cell > 0 && !e->accept(e->curv, cell, e->ctx)) return;
  e->cur[cell] = -1;
  e->curv[cell] = 0;
  S_exp_both(e, vi, cell + 1);
  if (vi >= 0 && (e->vals[vi] != 0 || !e->blank[vi])) { /* (a blank marker repeated reads as a vanished blank) */
    e->cur[cell] = vi;
    e->curv[cell] = e->vals[vi];
    S_exp_both(e, vi, cell + 1);
  }
  if (vi + 1 < e->m) {
    e->cur[cell] = vi + 1;
    e->curv[cell] = e->vals[vi + 1];
    S_exp_both(e, vi + 1, cell + 1);
  }
}

static int S_expand(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                    void *ctx, int (*out)[OG_MAXV], int max, int collapsed) {
  if (k > OG_MAXV || m <= 0 || m > k) return 0;
  S_exp e;
  memset(&e, 0, sizeof e);
  e.vals = vals;
  e.blank = blank;
  e.m = m;
  e.k = k;
  e.max = max;
  e.accept = accept;
  e.ctx = ctx;
  e.out = out;
  if (collapsed) {
    /* a collapsed run never prints the same value twice in a row */
    for (int i = 1; i < m; i++)
      if (vals[i] == vals[i - 1] && blank[i] == blank[i - 1]) return 0;
    if (collapsed == 2) S_exp_both(&e, -1, 0);
    else S_exp_collapsed(&e, 0, 0);
  } else {
    S_exp_vanished(&e, 0, 0);
  }
  return e.steps > S_EXPAND_STEPS ? -1 : e.count;
}

int og_expand_collapsed(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                       void *ctx, int (*out)[OG_MAXV], int max) {
  return S_expand(vals, blank, m, k, accept, ctx, out, max, 1);
}

int og_expand_collapsed_vanished(const double *vals, const int *blank, int m, int k,
                                int (*accept)(const double *, int, void *), void *ctx, int (*out)[OG_MAXV], int max) {
  return S_expand(vals, blank, m, k, accept, ctx, out, max, 2);
}

int og_expand_vanished(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                      void *ctx, int (*out)[OG_MAXV], int max) {
  return S_expand(vals, blank, m, k, accept, ctx, out, max, 0);
}

/* ---------------------------------------------------------------- the joint solve */

/* A choice's part in one identity: its contribution (left side +, right side -) under each reading. */
typedef struct {
  int pos;        /* position of the choice in the component's order */
  double *contrib; /* per reading */
  int n;          /* readings */
  double lo, hi;  /* min and max over the readings */
  double rest_lo, rest_hi; /* sums of lo / hi of the parts after this one */
} S_part;

typedef struct {
  double fixed;   /* placed values: left side +, right side - */
  S_part *parts;
  int nparts;
  double partial; /* fixed + the assigned parts, during the search */
  int group;      /* -1: an identity; else one reading of statement `group` (some reading of each must hold) */
  /* the sums the parts k.. can reach, exactly (an identity of whole numbers whose sums span little): bit b of
   * reach[k * rwords ..] stands for rlo[k] + b; NULL: only the bounds lo..hi are known */
  uint64_t *reach;
  long *rlo, rspan, rwords;
} S_ident;

#define S_REACH_SPAN (1L << 20)   /* the widest range of sums kept exactly, per identity */
#define S_REACH_WORDS (1L << 20)  /* the words of every identity's sets together, per component (8 MB) */

static int S_whole(double v) { return fabs(v) < 1e15 && v == floor(v); }

/* dst |= src shifted up by `by` bits (words long each) */
static void S_or_shifted(uint64_t *dst, const uint64_t *src, long words, long by) {
  long ws = by / 64;
  int bs = (int)(by % 64);
  for (long i = words - 1; i >= ws; i--) {
    uint64_t v = src[i - ws] << bs;
    if (bs && i - ws - 1 >= 0) v |= src[i - ws - 1] >> (64 - bs);
    dst[i] |= v;
  }
}

/* The sets of sums id's parts from each k on can reach, recomputed for the parts from..0 (only: per position
 * the one reading allowed, or -1; NULL: none fixed). */
static long S_fill_reach(S_ident *id, int from, const int *only) {
  long rw = id->rwords, ops = 0;
  for (int k = from; k >= 0; k--) {
    const S_part *p = &id->parts[k];
    uint64_t *dst = id->reach + (size_t)k * (size_t)rw, *src = dst + rw;
    memset(dst, 0, sizeof(uint64_t) * (size_t)rw);
    int j0 = only && only[p->pos] >= 0 ? only[p->pos] : 0, j1 = only && only[p->pos] >= 0 ? j0 + 1 : p->n;
    for (int j = j0; j < j1; j++) {
      int seen = 0;
      for (int q = j0; q < j && !seen; q++) seen = p->contrib[q] == p->contrib[j];
      if (!seen) S_or_shifted(dst, src, rw, (long)(p->contrib[j] - p->lo));
      ops += rw;
    }
  }
  return ops;
}

/* The exact sets of sums of id's parts from each k on (when its values are whole and span little); *words:
 * what the component may still spend. Subset sums: a column's rows must reach its total exactly, which
 * bounds alone do not see (many rows each free to stand in several columns). */
static void S_build_reach(S_ident *id, long *words) {
  if (id->group >= 0 || id->nparts == 0 || !S_whole(id->fixed)) return;
  long span = 0;
  for (int k = 0; k < id->nparts; k++) {
    const S_part *p = &id->parts[k];
    for (int j = 0; j < p->n; j++)
      if (!S_whole(p->contrib[j])) return;
    span += (long)(p->hi - p->lo);
    if (span >= S_REACH_SPAN) return;
  }
  long rw = span / 64 + 1, need = rw * (id->nparts + 1);
  if (need > *words) return;
  *words -= need;
  id->rwords = rw;
  id->rspan = span;
  id->rlo = og_xcalloc((size_t)id->nparts + 1, sizeof(long));
  for (int k = id->nparts - 1; k >= 0; k--) id->rlo[k] = id->rlo[k + 1] + (long)id->parts[k].lo;
  id->reach = og_xcalloc((size_t)need, sizeof(uint64_t));
  id->reach[(size_t)id->nparts * (size_t)rw] = 1; /* after the last part: 0 */
  S_fill_reach(id, id->nparts - 1, NULL);
}

/* Whether the parts from k on can bring id's partial sum to 0 (id->reach known). */
static int S_in_reach(const S_ident *id, int k) {
  double need = -id->partial;
  if (!S_whole(need)) return 0;
  long b = (long)need - id->rlo[k];
  if (b < 0 || b > id->rspan) return 0;
  return (int)(id->reach[(size_t)k * (size_t)id->rwords + (size_t)(b / 64)] >> (b % 64) & 1);
}

typedef struct {
  int ident, part;
} S_inv;

/* States (depth, partial sums) from which no placement of the remaining choices satisfies the identities:
 * the search visits each at most once (partial sums are bounded by the printed totals, so there are few). */
#define S_MEMO_MAX 262144
typedef struct {
  uint64_t *key;   /* hash, 0: empty */
  int *depth;
  double *sums;    /* nid per slot */
  size_t cap, used;
  int nid;
  long cleared;    /* slots cleared so far: work the steps do not count */
} S_memo;

static uint64_t S_hash(const S_ident *id, int nid, int depth) {
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)depth;
  for (int i = 0; i < nid; i++) {
    double v = id[i].partial;
    uint64_t b;
    if (v == 0) v = 0; /* -0 */
    memcpy(&b, &v, sizeof b);
    h ^= b;
    /* splitmix64's finalizer: the low mantissa bits of small integers are all zero, so mix every bit down */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
  }
  return h ? h : 1;
}

static size_t S_memo_find(const S_memo *m, uint64_t h, int depth, const S_ident *id) {
  size_t i = (size_t)(h % m->cap);
  while (m->key[i]) {
    if (m->key[i] == h && m->depth[i] == depth) {
      int same = 1;
      for (int k = 0; k < m->nid && same; k++) same = m->sums[i * (size_t)m->nid + (size_t)k] == id[k].partial;
      if (same) return i;
    }
    i = (i + 1) % m->cap;
  }
  return i; /* an empty slot */
}

typedef struct {
  og_choice *ch;
  int *order, norder;
  S_memo memo;
  S_ident *id;
  int nid;
  S_inv **inv;     /* per position: the identities it takes part in */
  int *ninv;
  int *assign;     /* per position: the reading */
  int *only;       /* per position: the one reading allowed, or -1 */
  int over, budget; /* the cost against positions of the readings assigned (og_choice.weight); at most budget */
  int **gmem, *ngmem, ngroups; /* per statement: its readings (identities) */
  long steps, max_steps;
  int overflow;
} S_solver;

/* Whether identity id can still reach 0 once the positions after pos are assigned. */
static int S_reachable(const S_ident *id, int pos) {
  double lo = id->partial, hi = id->partial;
  for (int k = 0; k < id->nparts; k++)
    if (id->parts[k].pos > pos) {
      lo += id->parts[k].lo;
      hi += id->parts[k].hi;
    }
  return lo <= 1e-6 && hi >= -1e-6;
}

static int S_fits(const S_solver *s, int pos) {
  for (int k = 0; k < s->ninv[pos]; k++) {
    const S_ident *id = &s->id[s->inv[pos][k].ident];
    const S_part *p = &id->parts[s->inv[pos][k].part];
    if (id->group >= 0) { /* a statement: one of its readings must stay reachable */
      int any = 0;
      for (int m = 0; m < s->ngmem[id->group] && !any; m++) any = S_reachable(&s->id[s->gmem[id->group][m]], pos);
      if (!any) return 0;
      continue;
    }
    if (id->partial + p->rest_lo > 1e-6 || id->partial + p->rest_hi < -1e-6) return 0;
    if (id->reach && !S_in_reach(id, s->inv[pos][k].part + 1)) return 0;
  }
  return 1;
}

/* The reachable sums of the identities position o takes part in, again for the readings it is allowed
 * (s->only); 0 when one of them can no longer reach 0 at all. */
static int S_refill(S_solver *s, int o) {
  int can = 1;
  for (int k = 0; k < s->ninv[o]; k++) {
    S_ident *id = &s->id[s->inv[o][k].ident];
    if (!id->reach) continue;
    /* (the work counts against the search's limit: a step of the search costs about a thousand words) */
    s->steps += S_fill_reach(id, s->inv[o][k].part, s->only) / 1024;
    if (!S_in_reach(id, 0)) can = 0;
  }
  return can;
}

/* Depth-first search for one joint placement; 1 when found (assign holds it). */
static int S_search(S_solver *s, int depth) {
  if (depth == s->norder) return 1;
  if (++s->steps > s->max_steps) {
    s->overflow = 1;
    return 0;
  }
  uint64_t h = 0;
  size_t slot = 0;
  S_memo *m = &s->memo;
  int key = depth + s->over * (s->norder + 1); /* (the state includes the positions given up so far) */
  if (depth > 0 && m->cap) {
    h = S_hash(s->id, s->nid, key);
    slot = S_memo_find(m, h, key, s->id);
    if (m->key[slot]) return 0; /* explored before: nothing below */
  }
  const og_choice *c = &s->ch[s->order[depth]];
  int from = s->only[depth] >= 0 ? s->only[depth] : 0, to = s->only[depth] >= 0 ? s->only[depth] + 1 : c->n;
  for (int j = from; j < to && !s->overflow; j++) {
    int off = c->readings[j].by_geom ? 0 : c->weight;
    if (s->over + off > s->budget) continue;
    s->over += off;
    for (int k = 0; k < s->ninv[depth]; k++) {
      S_ident *id = &s->id[s->inv[depth][k].ident];
      id->partial += id->parts[s->inv[depth][k].part].contrib[j];
    }
    s->assign[depth] = j;
    int found = S_fits(s, depth) && S_search(s, depth + 1);
    for (int k = 0; k < s->ninv[depth]; k++) {
      S_ident *id = &s->id[s->inv[depth][k].ident];
      id->partial -= id->parts[s->inv[depth][k].part].contrib[j];
    }
    s->over -= off;
    if (found) return 1;
  }
  if (depth > 0 && m->cap && !s->overflow && m->used * 2 < m->cap) {
    slot = S_memo_find(m, h, key, s->id); /* the table may have changed below */
    m->key[slot] = h;
    m->depth[slot] = key;
    for (int k = 0; k < s->nid; k++) m->sums[slot * (size_t)s->nid + (size_t)k] = s->id[k].partial;
    m->used++;
  }
  return 0;
}

static void S_memo_clear(S_memo *m) {
  if (!m->cap) return;
  m->cleared += (long)m->cap;
  memset(m->key, 0, sizeof(uint64_t) * m->cap);
  m->used = 0;
}

/* Values the same in every reading of c: the layout and the row's own sums decide them alone. */
static void S_agree_all(og_choice *c) {
  for (int i = 0; i < c->k; i++) {
    c->agree[i] = 1;
    for (int j = 1; j < c->n; j++)
      if (c->readings[j].v[i] != c->readings[0].v[i]) c->agree[i] = 0;
  }
  c->first = 0;
}

static int S_find(int *parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

/* Every identity and statement reading of a solve: its fields, their sides, a constant, its statement. */
typedef struct {
  int **terms, **sides, *nterms;
  double *cst;
  int *group; /* -1: an identity of checks.tsv; else the statement it is a reading of */
  int n, cap, ngroups;
} S_idents;

/* One component: which readings take part in some joint placement (each found placement supports every
 * reading it uses; the others are tried one by one). */
static void S_solve_component(const ogi_report *r, og_choice *ch, int *order, int no, const int *owner,
                              const int *slot, const S_idents *all, long max_steps, int max_cost, long *spent) {
  int **terms = all->terms, **sides = all->sides, *nterms = all->nterms, nall = all->n;
  int maxc = 0;
  for (int o = 0; o < no; o++)
    if (ch[order[o]].n > maxc) maxc = ch[order[o]].n;
  S_solver s;
  memset(&s, 0, sizeof s);
  s.ch = ch;
  s.order = order;
  s.norder = no;
  s.max_steps = max_steps;
  s.id = og_xcalloc((size_t)nall + 1, sizeof *s.id);
  s.inv = og_xcalloc((size_t)no, sizeof *s.inv);
  s.ninv = og_xcalloc((size_t)no, sizeof *s.ninv);
  s.assign = og_xcalloc((size_t)no, sizeof(int));
  s.only = og_xmalloc(sizeof(int) * (size_t)no);
  for (int o = 0; o < no; o++) s.only[o] = -1;
  /* the identities of this component: those with a term a choice of it owns, and every reading of a
   * statement one of whose readings has one */
  char *mine = og_xcalloc((size_t)nall + 1, 1), *gmine = og_xcalloc((size_t)all->ngroups + 1, 1);
  int *glocal = og_xmalloc(sizeof(int) * ((size_t)all->ngroups + 1));
  for (int i = 0; i < nall; i++) {
    for (int t = 0; t < nterms[i] && !mine[i]; t++) {
      int c = owner[terms[i][t]];
      for (int o = 0; o < no && !mine[i]; o++) mine[i] = order[o] == c;
    }
    if (mine[i] && all->group[i] >= 0) gmine[all->group[i]] = 1;
  }
  for (int g = 0; g < all->ngroups; g++) glocal[g] = gmine[g] ? s.ngroups++ : -1;
  s.gmem = og_xcalloc((size_t)s.ngroups + 1, sizeof *s.gmem);
  s.ngmem = og_xcalloc((size_t)s.ngroups + 1, sizeof *s.ngmem);
  for (int i = 0; i < nall; i++) {
    if (!mine[i] && !(all->group[i] >= 0 && gmine[all->group[i]])) continue;
    S_ident *id = &s.id[s.nid];
    id->group = all->group[i] >= 0 ? glocal[all->group[i]] : -1;
    id->fixed = all->cst[i];
    if (id->group >= 0) {
      int g = id->group;
      s.gmem[g] = og_xrealloc(s.gmem[g], sizeof **s.gmem * (size_t)(s.ngmem[g] + 1));
      s.gmem[g][s.ngmem[g]++] = s.nid;
    }
    for (int o = 0; o < no; o++) {
      const og_choice *c = &ch[order[o]];
      int involved = 0;
      for (int t = 0; t < nterms[i]; t++) involved |= owner[terms[i][t]] == order[o];
      if (!involved) continue;
      id->parts = og_xrealloc(id->parts, sizeof *id->parts * (size_t)(id->nparts + 1));
      S_part *p = &id->parts[id->nparts];
      p->pos = o;
      p->contrib = og_xcalloc((size_t)c->n, sizeof(double));
      p->n = c->n;
      for (int j = 0; j < c->n; j++)
        for (int t = 0; t < nterms[i]; t++)
          if (owner[terms[i][t]] == order[o])
            p->contrib[j] += (sides[i][t] ? -1 : 1) * c->readings[j].v[slot[terms[i][t]]];
      p->lo = p->hi = p->contrib[0];
      for (int j = 1; j < c->n; j++) {
        if (p->contrib[j] < p->lo) p->lo = p->contrib[j];
        if (p->contrib[j] > p->hi) p->hi = p->contrib[j];
      }
      id->nparts++;
      s.inv[o] = og_xrealloc(s.inv[o], sizeof **s.inv * (size_t)(s.ninv[o] + 1));
      s.inv[o][s.ninv[o]].ident = s.nid;
      s.inv[o][s.ninv[o]++].part = id->nparts - 1;
    }
    for (int t = 0; t < nterms[i]; t++)
      if (owner[terms[i][t]] < 0) id->fixed += (sides[i][t] ? -1 : 1) * r->values[terms[i][t]].value;
    double lo = 0, hi = 0;
    for (int k = id->nparts - 1; k >= 0; k--) {
      id->parts[k].rest_lo = lo;
      id->parts[k].rest_hi = hi;
      lo += id->parts[k].lo;
      hi += id->parts[k].hi;
    }
    id->partial = id->fixed;
    s.nid++;
  }
  long words = S_REACH_WORDS;
  for (int i = 0; i < s.nid; i++) S_build_reach(&s.id[i], &words);
  /* the search must also prune before any choice is assigned */
  int possible = 1;
  for (int i = 0; i < s.nid; i++)
    if (s.id[i].group < 0 && (!S_reachable(&s.id[i], -1) || (s.id[i].reach && !S_in_reach(&s.id[i], 0)))) possible = 0;
  for (int g = 0; g < s.ngroups; g++) {
    int any = 0;
    for (int m = 0; m < s.ngmem[g] && !any; m++) any = S_reachable(&s.id[s.gmem[g][m]], -1);
    if (!any) possible = 0;
  }
  if (s.nid > 0) {
    /* (a search of little work needs few states: the table is cleared before each search) */
    s.memo.cap = max_steps / 4 < 4096 ? 4096 : max_steps / 4 > S_MEMO_MAX ? S_MEMO_MAX : (size_t)(max_steps / 4);
    s.memo.nid = s.nid;
    s.memo.key = og_xcalloc(s.memo.cap, sizeof(uint64_t));
    s.memo.depth = og_xmalloc(sizeof(int) * s.memo.cap);
    s.memo.sums = og_xmalloc(sizeof(double) * s.memo.cap * (size_t)s.nid);
  }
  char *sup = og_xcalloc((size_t)no * (size_t)maxc + 1, 1);
  /* the readings the positions allow, kept; when no joint placement holds with them all, the fewest rows
   * read otherwise (a line pdftotext set on a scale of its own stands a column off the page's grid) */
  int npos = 0;
  for (int o = 0; o < no; o++) npos += ch[order[o]].weight;
  int any = 0;
  for (s.budget = 0;; s.budget++) {
    S_memo_clear(&s.memo);
    any = possible && S_search(&s, 0);
    if (any || s.overflow || s.budget >= npos || s.budget >= max_cost) break;
  }
  if (!any && s.budget > 0) s.budget = 0, s.overflow = 0; /* (none at all: the positions stand, the table breaks) */
  if (any)
    for (int o = 0; o < no; o++) sup[(size_t)o * (size_t)maxc + (size_t)s.assign[o]] = 1;
  for (int o = 0; o < no && any && !s.overflow; o++) {
    const og_choice *co = &ch[order[o]];
    for (int j = 0; j < co->n && !s.overflow; j++) {
      if (sup[(size_t)o * (size_t)maxc + (size_t)j]) continue;
      if (!co->readings[j].by_geom && co->weight > s.budget) continue;
      s.only[o] = j;
      S_memo_clear(&s.memo); /* failed states depend on the choices allowed */
      if (S_refill(&s, o) && S_search(&s, 0))
        for (int q = 0; q < no; q++) sup[(size_t)q * (size_t)maxc + (size_t)s.assign[q]] = 1;
      s.only[o] = -1;
      S_refill(&s, o);
    }
  }
  int unique = 1;
  for (int o = 0; o < no && any && !s.overflow; o++) {
    og_choice *c = &ch[order[o]];
    int nsup = 0;
    c->first = -1;
    for (int j = 0; j < c->n; j++) {
      if (!sup[(size_t)o * (size_t)maxc + (size_t)j]) continue;
      nsup++;
      if (c->first < 0) {
        c->first = j;
        for (int i = 0; i < c->k; i++) c->agree[i] = 1;
      } else {
        for (int i = 0; i < c->k; i++)
          if (c->readings[j].v[i] != c->readings[c->first].v[i]) c->agree[i] = 0;
      }
    }
    if (nsup != 1) unique = 0;
  }
  for (int o = 0; o < no; o++) {
    og_choice *c = &ch[order[o]];
    if (s.overflow || !any) {
      S_agree_all(c);
      c->survivors = s.overflow ? -1 : 0;
    } else {
      c->survivors = unique ? 1 : 2;
    }
  }
  for (int i = 0; i < s.nid; i++) {
    for (int k = 0; k < s.id[i].nparts; k++) free(s.id[i].parts[k].contrib);
    free(s.id[i].parts);
    free(s.id[i].reach);
    free(s.id[i].rlo);
  }
  for (int o = 0; o < no; o++) free(s.inv[o]);
  for (int g = 0; g < s.ngroups; g++) free(s.gmem[g]);
  free(s.gmem);
  free(s.ngmem);
  free(mine);
  free(gmine);
  free(glocal);
  free(s.memo.key);
  free(s.memo.depth);
  free(s.memo.sums);
  free(sup);
  free(s.id);
  free(s.inv);
  free(s.ninv);
  free(s.assign);
  free(s.only);
  *spent += s.steps + s.memo.cleared / 64;
}

/* Appends an identity (fields fld[0..m) on sides side[], the constant cst, statement group or -1). */
static void S_idents_add(S_idents *a, int *fld, int *side, int m, double cst, int group) {
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 64;
    a->terms = og_xrealloc(a->terms, sizeof(int *) * (size_t)a->cap);
    a->sides = og_xrealloc(a->sides, sizeof(int *) * (size_t)a->cap);
    a->nterms = og_xrealloc(a->nterms, sizeof(int) * (size_t)a->cap);
    a->cst = og_xrealloc(a->cst, sizeof(double) * (size_t)a->cap);
    a->group = og_xrealloc(a->group, sizeof(int) * (size_t)a->cap);
  }
  a->terms[a->n] = fld;
  a->sides[a->n] = side;
  a->nterms[a->n] = m;
  a->cst[a->n] = cst;
  a->group[a->n++] = group;
}

/* The statements' readings whose every field is known (placed, or owned by a choice), for the statements
 * that involve a choice. */
static void S_add_statements(const ogi_report *r, const int *owner, const og_stmt *st, int nst, S_idents *a) {
  for (int q = 0; q < nst; q++) {
    int first = a->n, owned = 0;
    for (int k = 0; k < st[q].nalt; k++) {
      int nt = st[q].nterms[k], m = 0, known = 1;
      int *fld = og_xmalloc(sizeof(int) * ((size_t)nt + 1)), *side = og_xcalloc((size_t)nt + 1, sizeof(int));
      for (int t = 0; t < nt && known; t++) {
        int fi = st[q].fields[k][t];
        if (fi < 0 || !r->values[fi].present) continue;
        if (owner[fi] >= 0) owned = 1;
        else if (!r->values[fi].found) known = 0;
        fld[m++] = fi;
      }
      if (!known) {
        free(fld);
        free(side);
        continue;
      }
      S_idents_add(a, fld, side, m, -st[q].value, a->ngroups);
    }
    if (owned && a->n > first) {
      a->ngroups++;
      continue;
    }
    while (a->n > first) { /* about placed values only, or no reading known: not a constraint on the choices */
      a->n--;
      free(a->terms[a->n]);
      free(a->sides[a->n]);
    }
  }
}

/* Per choice (n of them): 1 when some identity of all has a term it owns. */
static char *S_tested(const S_idents *all, const int *owner, int n) {
  char *tested = og_xcalloc((size_t)n + 1, 1);
  for (int i = 0; i < all->n; i++)
    for (int t = 0; t < all->nterms[i]; t++)
      if (owner[all->terms[i][t]] >= 0) tested[owner[all->terms[i][t]]] = 1;
  return tested;
}

/* The components of the choices (linked by an identity or a statement), each solved (need: only those
 * holding a choice it marks; NULL: all). */
static void S_solve_all(const ogi_report *r, og_choice *ch, int n, const int *owner, const int *slot, const S_idents *all,
                        long max_steps, int max_cost, long *spent, const char *need) {
  int nid = all->n, **terms = all->terms, *nterms = all->nterms;
  /* a choice whose readings all assume a value, in no identity kept: nothing tests it, nothing is chosen */
  char *tested = S_tested(all, owner, n);
  /* components: choices linked by an identity */
  int *parent = og_xmalloc(sizeof(int) * (size_t)n);
  for (int c = 0; c < n; c++) parent[c] = c;
  /* (the readings of one statement are one constraint: the choices of all of them are one component, else
   * a component would hold a reading whose choices it does not own, as if their values were 0) */
  int *gfirst = og_xmalloc(sizeof(int) * ((size_t)all->ngroups + 1));
  for (int g = 0; g <= all->ngroups; g++) gfirst[g] = -1;
  for (int i = 0; i < nid; i++) {
    int first = all->group[i] >= 0 ? gfirst[all->group[i]] : -1;
    for (int t = 0; t < nterms[i]; t++) {
      int c = owner[terms[i][t]];
      if (c < 0) continue;
      if (first < 0) first = c;
      else parent[S_find(parent, c)] = S_find(parent, first);
    }
    if (all->group[i] >= 0 && first >= 0) gfirst[all->group[i]] = first;
  }
  free(gfirst);
  int *order = og_xmalloc(sizeof(int) * (size_t)n);
  char *done = og_xcalloc((size_t)n, 1);
  for (int root = 0; root < n; root++) {
    if (done[root] || S_find(parent, root) != root) continue;
    /* the component's choices in an order that completes identities early: first the one in the most
     * identities (a total row: its values bound every column), then each time the one sharing the most
     * identities with those placed; ties: fewer readings */
    int no = 0;
    for (int c = 0; c < n; c++)
      if (S_find(parent, c) == root) order[no++] = c;
    char *placed = og_xcalloc((size_t)n, 1);
    for (int o = 0; o < no; o++) {
      int best = -1;
      long best_shared = -1, best_all = -1;
      for (int q = o; q < no; q++) {
        int c = order[q];
        long shared = 0, in = 0;
        for (int i = 0; i < nid; i++) {
          int mine = 0, with = 0;
          for (int t = 0; t < nterms[i]; t++) {
            int oc = owner[terms[i][t]];
            if (oc == c) mine = 1;
            else if (oc >= 0 && placed[oc]) with = 1;
          }
          in += mine;
          shared += mine && with;
        }
        if (best < 0 || shared > best_shared || (shared == best_shared && in > best_all) ||
            (shared == best_shared && in == best_all && ch[c].n < ch[order[best]].n)) {
          best = q;
          best_shared = shared;
          best_all = in;
        }
      }
      int t = order[o];
      order[o] = order[best];
      order[best] = t;
      placed[order[o]] = 1;
    }
    free(placed);
    for (int o = 0; o < no; o++) done[order[o]] = 1;
    int needed = !need;
    for (int o = 0; o < no && !needed; o++) needed = need[order[o]];
    if (needed) S_solve_component(r, ch, order, no, owner, slot, all, max_steps, max_cost, spent);
  }
  for (int c = 0; c < n; c++) {
    unsigned every = ~0u;
    for (int j = 0; j < ch[c].n; j++) every &= ch[c].readings[j].assumed;
    if (ch[c].n > 0 && every && !tested[c]) {
      ch[c].survivors = 0;
      ch[c].first = -1;
    }
  }
  free(tested);
  free(done);
  free(order);
  free(parent);
}

static void S_idents_free(S_idents *a) {
  for (int i = 0; i < a->n; i++) {
    free(a->terms[i]);
    free(a->sides[i]);
  }
  free(a->terms);
  free(a->sides);
  free(a->nterms);
  free(a->cst);
  free(a->group);
  memset(a, 0, sizeof *a);
}

/* Whether identity i of a can hold in some combination of its choices' readings, each alone (1 also when
 * the sums are too many to list), 0 when none. */
#define S_HOLD_SUMS 8192
static int S_can_hold(const ogi_report *r, const og_choice *ch, const int *owner, const int *slot, const S_idents *a,
                      int i) {
  double fixed = a->cst[i];
  int cs[OG_MAXV * 8], ncs = 0;
  for (int t = 0; t < a->nterms[i]; t++) {
    int f = a->terms[i][t], o = owner[f];
    if (o < 0) {
      fixed += (a->sides[i][t] ? -1 : 1) * r->values[f].value;
      continue;
    }
    int seen = 0;
    for (int q = 0; q < ncs && !seen; q++) seen = cs[q] == o;
    if (seen) continue;
    if (ncs == (int)(sizeof cs / sizeof *cs)) return 1;
    cs[ncs++] = o;
  }
  double *set = og_xmalloc(sizeof(double) * S_HOLD_SUMS), *next = NULL;
  int nset = 1, can = 0, many = 0;
  set[0] = fixed;
  for (int q = 0; q < ncs && !many; q++) {
    const og_choice *c = &ch[cs[q]];
    if ((long)nset * c->n > 4L * S_HOLD_SUMS) {
      many = 1;
      break;
    }
    next = og_xrealloc(next, sizeof(double) * ((size_t)nset * (size_t)c->n + 1));
    int nn = 0;
    for (int j = 0; j < c->n; j++) {
      double contrib = 0;
      for (int t = 0; t < a->nterms[i]; t++)
        if (owner[a->terms[i][t]] == cs[q]) contrib += (a->sides[i][t] ? -1 : 1) * c->readings[j].v[slot[a->terms[i][t]]];
      for (int e = 0; e < nset; e++) next[nn++] = set[e] + contrib;
    }
    qsort(next, (size_t)nn, sizeof(double), og_cmp_double);
    int u = 0;
    for (int e = 0; e < nn; e++)
      if (u == 0 || next[e] != next[u - 1]) next[u++] = next[e];
    if (u > S_HOLD_SUMS) many = 1;
    else memcpy(set, next, sizeof(double) * (size_t)u), nset = u;
  }
  for (int e = 0; e < nset && !can; e++) can = fabs(set[e]) < 1e-6;
  free(set);
  free(next);
  return can || many;
}

/* The coefficient (+1, -1) of field f in identity i of a, or 0. */
static int S_coef(const S_idents *a, int i, int f) {
  int c = 0;
  for (int t = 0; t < a->nterms[i]; t++)
    if (a->terms[i][t] == f) c += a->sides[i][t] ? -1 : 1;
  return c;
}

/* out: the identities of a with field f eliminated: the first identity holding it is left out, each other
 * one holding it is combined with that one so that f cancels; statements are kept as they are. 0 (out
 * empty) when f stands in an identity with a coefficient other than 1 or -1. */
static int S_eliminate(const S_idents *a, int f, S_idents *out) {
  memset(out, 0, sizeof *out);
  out->ngroups = a->ngroups;
  for (int i = 0; i < a->n; i++)
    if (abs(S_coef(a, i, f)) > 1) return 0; /* (a field twice in an identity: not one of checks.tsv's) */
  int pivot = -1, cp = 0;
  for (int i = 0; i < a->n && pivot < 0; i++)
    if (a->group[i] < 0 && (cp = S_coef(a, i, f)) != 0) pivot = i;
  for (int i = 0; i < a->n; i++) {
    if (i == pivot) continue;
    int cq = a->group[i] < 0 && pivot >= 0 ? S_coef(a, i, f) : 0;
    int m = a->nterms[i] + (cq ? a->nterms[pivot] : 0);
    int *fld = og_xmalloc(sizeof(int) * ((size_t)m + 1)), *side = og_xmalloc(sizeof(int) * ((size_t)m + 1));
    int k = 0;
    for (int t = 0; t < a->nterms[i]; t++) {
      if (cq && a->terms[i][t] == f) continue;
      fld[k] = a->terms[i][t];
      side[k++] = a->sides[i][t];
    }
    double cst = a->cst[i];
    if (cq) { /* identity i minus (cq / cp) x the pivot */
      int flip = cq == cp;
      for (int t = 0; t < a->nterms[pivot]; t++) {
        if (a->terms[pivot][t] == f) continue;
        fld[k] = a->terms[pivot][t];
        side[k++] = flip ? !a->sides[pivot][t] : a->sides[pivot][t];
      }
      cst += (flip ? -1 : 1) * a->cst[pivot];
    }
    S_idents_add(out, fld, side, k, cst, a->group[i]);
  }
  return 1;
}

/* What S_relax keeps of one choice's outcome. */
typedef struct {
  int survivors, first;
  int agree[OG_MAXV];
} S_outcome;

/* No joint placement holds (og_solve's note): the table solved again with each cell one misprint would
 * explain left out, for the choices that found none. */
#define S_MAX_MISPRINT 256
#define S_MISPRINT_SHARE 64 /* the work of each candidate when any cell may be the misprint: a share of max_steps */
#define S_MISPRINT_WORK 8   /* the work of all the candidates together: a share of max_steps */
static void S_relax(const ogi_report *r, og_choice *ch, int n, const int *owner, const int *slot, const S_idents *all,
                    long max_steps) {
  /* (a choice no identity tests, its readings all assuming a value, finds none under any candidate) */
  char *failed = og_xcalloc((size_t)n + 1, 1), *tested = S_tested(all, owner, n);
  int nfailed = 0;
  for (int c = 0; c < n; c++)
    if (ch[c].survivors == 0 && ch[c].n > 0 && tested[c]) failed[c] = 1, nfailed++;
  free(tested);
  if (!nfailed) {
    free(failed);
    return;
  }
  int nf = r->rules->nfields;
  /* fields of the identities that involve a failed choice, then those that cannot hold: such an identity
   * alone, or one of placed values alone that fails and shares a field with the former */
  char *near = og_xcalloc((size_t)nf, 1);
  int *hits = og_xcalloc((size_t)nf, sizeof(int)), *stamp = og_xcalloc((size_t)nf, sizeof(int));
  for (int i = 0; i < all->n; i++) {
    int mine = 0;
    for (int t = 0; t < all->nterms[i] && !mine; t++) mine = owner[all->terms[i][t]] >= 0 && failed[owner[all->terms[i][t]]];
    if (mine && all->group[i] < 0)
      for (int t = 0; t < all->nterms[i]; t++) near[all->terms[i][t]] = 1;
  }
  int nbroken = 0;
  for (int i = 0; i < all->n; i++) {
    if (all->group[i] >= 0) continue;
    int mine = 0, owned = 0, close = 0;
    for (int t = 0; t < all->nterms[i]; t++) {
      int o = owner[all->terms[i][t]];
      owned |= o >= 0;
      mine |= o >= 0 && failed[o];
      close |= near[all->terms[i][t]];
    }
    if (owned && !mine) continue;
    if (!owned && !close) continue;
    if (S_can_hold(r, ch, owner, slot, all, i)) continue;
    nbroken++;
    for (int t = 0; t < all->nterms[i]; t++) /* (each field counted once per identity) */
      if (stamp[all->terms[i][t]] != i + 1) {
        stamp[all->terms[i][t]] = i + 1;
        hits[all->terms[i][t]]++;
      }
  }
  /* (none can fail alone: the misprint may be any cell of those identities, each solved with less work) */
  int cand[S_MAX_MISPRINT], ncand = 0, many = 0;
  for (int f = 0; f < nf; f++)
    if (nbroken > 0 ? hits[f] == nbroken : near[f]) {
      if (ncand == S_MAX_MISPRINT) many = 1;
      else cand[ncand++] = f;
    }
  long steps = nbroken > 0 ? max_steps : max_steps / S_MISPRINT_SHARE;
  free(near);
  free(hits);
  free(stamp);
  if (!ncand || many) {
    free(failed);
    return;
  }
  /* each candidate: every failed choice must find a placement; the outcomes of those that do are merged */
  S_outcome *keep = og_xcalloc((size_t)n, sizeof *keep), *got = og_xcalloc((size_t)n, sizeof *got);
  for (int c = 0; c < n; c++) {
    keep[c].survivors = ch[c].survivors;
    keep[c].first = ch[c].first;
    memcpy(keep[c].agree, ch[c].agree, sizeof keep[c].agree);
  }
  int nok = 0, which = -1, overflow = 0;
  /* (all the candidates together do at most a share of max_steps, memo tables cleared counted in steps) */
  long budget = max_steps / S_MISPRINT_WORK;
  for (int q = 0; q < ncand && !overflow; q++) {
    S_idents el;
    if (!S_eliminate(all, cand[q], &el)) continue;
    long spent = 0;
    S_solve_all(r, ch, n, owner, slot, &el, steps < budget ? steps : budget, 0, &spent, failed);
    S_idents_free(&el);
    budget -= spent;
    if (budget <= 0) overflow = 1;
    int every = 1;
    for (int c = 0; c < n; c++) {
      if (!failed[c]) continue;
      if (ch[c].survivors < 0) overflow = 1;
      if (ch[c].survivors < 1) every = 0;
    }
    if (every && !overflow) {
      for (int c = 0; c < n; c++) {
        if (!failed[c]) continue;
        if (nok == 0) {
          got[c].survivors = ch[c].survivors;
          got[c].first = ch[c].first;
          memcpy(got[c].agree, ch[c].agree, sizeof got[c].agree);
          continue;
        }
        const og_fit *a = &ch[c].readings[ch[c].first], *b = &ch[c].readings[got[c].first];
        int same = ch[c].survivors == 1 && got[c].survivors == 1;
        for (int k = 0; k < ch[c].k; k++) {
          int eq = a->v[k] == b->v[k] && a->blank[k] == b->blank[k];
          got[c].agree[k] &= ch[c].agree[k] && eq;
          same &= eq;
        }
        got[c].survivors = same ? 1 : 2;
      }
      which = nok++ ? -2 : cand[q];
    }
  }
  for (int c = 0; c < n; c++) {
    const S_outcome *o = failed[c] && nok && !overflow ? &got[c] : &keep[c];
    ch[c].survivors = o->survivors;
    ch[c].first = o->first;
    memcpy(ch[c].agree, o->agree, sizeof o->agree);
    ch[c].misprint = failed[c] && nok && !overflow ? which : -1;
  }
  free(keep);
  free(got);
  free(failed);
}

void og_solve(const ogi_report *r, og_choice *ch, int n, long max_steps, const og_stmt *st, int nst) {
  const ogi_rules *rules = r->rules;
  if (n <= 0) return;
  int nf = rules->nfields;
  int *owner = og_xmalloc(sizeof(int) * (size_t)nf), *slot = og_xcalloc((size_t)nf, sizeof(int));
  char *assumed = og_xcalloc((size_t)nf, 1); /* fields every reading of their choice assumes (og_fit) */
  for (int f = 0; f < nf; f++) owner[f] = -1;
  for (int c = 0; c < n; c++) {
    ch[c].survivors = 0;
    ch[c].first = -1;
    ch[c].misprint = -1;
    unsigned all = ~0u;
    for (int j = 0; j < ch[c].n; j++) all &= ch[c].readings[j].assumed;
    for (int i = 0; i < ch[c].k; i++) {
      owner[ch[c].fields[i]] = c;
      slot[ch[c].fields[i]] = i;
      ch[c].agree[i] = 0;
      assumed[ch[c].fields[i]] = ch[c].n > 0 && (all >> i & 1);
    }
  }
  /* the identities whose every term is known (placed, or owned by a choice); those of placed values alone
   * are no constraint on the choices (S_solve_all skips them) but S_relax reads them */
  S_idents all;
  memset(&all, 0, sizeof all);
  for (int k = 0; k < rules->nchecks; k++) {
    const og_check *ck = &rules->checks[k];
    for (int sb = 0; sb < ck->nsubjects; sb++) {
      int nt = ck->nlhs + ck->nrhs, known = 1, m = 0;
      int *fld = og_xmalloc(sizeof(int) * (size_t)nt), *side = og_xmalloc(sizeof(int) * (size_t)nt);
      for (int t = 0; t < nt && known; t++) {
        int fi = t < ck->nlhs ? ck->lhs_field[sb * ck->nlhs + t] : ck->rhs_field[sb * ck->nrhs + (t - ck->nlhs)];
        if (fi < 0 || !r->values[fi].present) continue;
        if (owner[fi] < 0 && !r->values[fi].found) known = 0;
        if (assumed[fi]) known = 0; /* (an identity on an assumed value is no evidence: left out) */
        fld[m] = fi;
        side[m++] = t >= ck->nlhs;
      }
      if (!known || m == 0) {
        free(fld);
        free(side);
        continue;
      }
      S_idents_add(&all, fld, side, m, 0, -1);
    }
  }
  S_add_statements(r, owner, st, nst, &all);
  long spent = 0;
  S_solve_all(r, ch, n, owner, slot, &all, max_steps, S_MAX_COST, &spent, NULL);
  if (nst == 0) S_relax(r, ch, n, owner, slot, &all, max_steps); /* (a statement no placement holds with is
                                                                  * contradicted, not a misprint's sign) */
  S_idents_free(&all);
  free(slot);
  free(owner);
  free(assumed);
}
