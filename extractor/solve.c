/* Numbers placed by the template's arithmetic: enumeration of a row's readings and the joint solve. */
#include "solve.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S_SURVIVOR_CAP 4096 /* joint placements counted per component before giving up as ambiguous */
#define S_EXPAND_STEPS 200000L

/* ---------------------------------------------------------------- readings of a short run */

typedef struct {
  const double *vals;
  const int *blank;
  int m, k, max, count;
  int (*accept)(const double *, int, void *);
  void *ctx;
  int (*out)[S_MAXV];
  int cur[S_MAXV];
  double curv[S_MAXV];
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

static int S_expand(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                    void *ctx, int (*out)[S_MAXV], int max, int collapsed) {
  if (k > S_MAXV || m <= 0 || m > k) return 0;
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
    S_exp_collapsed(&e, 0, 0);
  } else {
    S_exp_vanished(&e, 0, 0);
  }
  return e.steps > S_EXPAND_STEPS ? -1 : e.count;
}

int S_expand_collapsed(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                       void *ctx, int (*out)[S_MAXV], int max) {
  return S_expand(vals, blank, m, k, accept, ctx, out, max, 1);
}

int S_expand_vanished(const double *vals, const int *blank, int m, int k, int (*accept)(const double *, int, void *),
                      void *ctx, int (*out)[S_MAXV], int max) {
  return S_expand(vals, blank, m, k, accept, ctx, out, max, 0);
}

/* ---------------------------------------------------------------- the joint solve */

typedef struct {
  int *field;  /* field index of each term */
  int *side;   /* 0 left, 1 right */
  int nterms;
  int ready;   /* position (in the component's order) after which every term is known */
} S_ident;

typedef struct {
  const ogi_report *r;
  S_choice *ch;
  int *order, norder;   /* the component's choices */
  int *owner, *slot;    /* per field: owning choice (-1) and its value index */
  S_ident *id;
  int nid;
  int *assign;          /* per choice: reading in the current placement */
  long steps, max_steps;
  int survivors;
  int overflow;
} S_solver;

static double S_field_value(const S_solver *s, int f) {
  int c = s->owner[f];
  if (c < 0) return s->r->values[f].value;
  return s->ch[c].readings[s->assign[c]].v[s->slot[f]];
}

static int S_ident_holds(const S_solver *s, const S_ident *id) {
  double lhs = 0, rhs = 0;
  for (int t = 0; t < id->nterms; t++) {
    double v = S_field_value(s, id->field[t]);
    if (id->side[t]) rhs += v;
    else lhs += v;
  }
  return fabs(lhs - rhs) <= 1e-6;
}

static void S_record(S_solver *s) {
  s->survivors++;
  for (int o = 0; o < s->norder; o++) {
    S_choice *c = &s->ch[s->order[o]];
    int j = s->assign[s->order[o]];
    if (c->first < 0) {
      c->first = j;
      for (int i = 0; i < c->k; i++) c->agree[i] = 1;
      continue;
    }
    const S_fit *a = &c->readings[c->first], *b = &c->readings[j];
    for (int i = 0; i < c->k; i++)
      if (a->v[i] != b->v[i]) c->agree[i] = 0;
  }
}

static void S_search(S_solver *s, int depth) {
  if (s->overflow) return;
  if (++s->steps > s->max_steps || s->survivors >= S_SURVIVOR_CAP) {
    s->overflow = 1;
    return;
  }
  if (depth == s->norder) {
    S_record(s);
    return;
  }
  int c = s->order[depth];
  for (int j = 0; j < s->ch[c].n && !s->overflow; j++) {
    s->assign[c] = j;
    int ok = 1;
    for (int i = 0; i < s->nid && ok; i++)
      if (s->id[i].ready == depth) ok = S_ident_holds(s, &s->id[i]);
    if (ok) S_search(s, depth + 1);
  }
}

static int S_find(int *parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

void S_solve(const ogi_report *r, S_choice *ch, int n, long max_steps) {
  const ogi_rules *rules = r->rules;
  if (n <= 0) return;
  int nf = rules->nfields;
  int *owner = S_xmalloc(sizeof(int) * (size_t)nf), *slot = S_xcalloc((size_t)nf, sizeof(int));
  for (int f = 0; f < nf; f++) owner[f] = -1;
  for (int c = 0; c < n; c++) {
    ch[c].survivors = 0;
    ch[c].first = -1;
    for (int i = 0; i < ch[c].k; i++) {
      owner[ch[c].fields[i]] = c;
      slot[ch[c].fields[i]] = i;
      ch[c].agree[i] = 0;
    }
  }
  /* the identities that involve a choice and whose every term is known (placed, or owned by a choice) */
  int capid = 64, nid = 0;
  S_ident *ids = S_xmalloc(sizeof *ids * (size_t)capid);
  for (int k = 0; k < rules->nchecks; k++) {
    const S_check *ck = &rules->checks[k];
    for (int sb = 0; sb < ck->nsubjects; sb++) {
      int nt = ck->nlhs + ck->nrhs, owned = 0, known = 1, m = 0;
      int *fld = S_xmalloc(sizeof(int) * (size_t)nt), *side = S_xmalloc(sizeof(int) * (size_t)nt);
      for (int t = 0; t < nt && known; t++) {
        int fi = t < ck->nlhs ? ck->lhs_field[sb * ck->nlhs + t] : ck->rhs_field[sb * ck->nrhs + (t - ck->nlhs)];
        if (fi < 0 || !r->values[fi].present) continue;
        if (owner[fi] >= 0) owned = 1;
        else if (!r->values[fi].found) known = 0;
        fld[m] = fi;
        side[m++] = t >= ck->nlhs;
      }
      if (!owned || !known || m == 0) {
        free(fld);
        free(side);
        continue;
      }
      if (nid == capid) ids = S_xrealloc(ids, sizeof *ids * (size_t)(capid *= 2));
      ids[nid].field = fld;
      ids[nid].side = side;
      ids[nid].nterms = m;
      ids[nid].ready = -1;
      nid++;
    }
  }
  /* components: choices linked by an identity */
  int *parent = S_xmalloc(sizeof(int) * (size_t)n);
  for (int c = 0; c < n; c++) parent[c] = c;
  for (int i = 0; i < nid; i++) {
    int first = -1;
    for (int t = 0; t < ids[i].nterms; t++) {
      int c = owner[ids[i].field[t]];
      if (c < 0) continue;
      if (first < 0) first = c;
      else parent[S_find(parent, c)] = S_find(parent, first);
    }
  }
  int *order = S_xmalloc(sizeof(int) * (size_t)n), *pos = S_xmalloc(sizeof(int) * (size_t)n);
  int *assign = S_xcalloc((size_t)n, sizeof(int));
  S_ident *cid = S_xmalloc(sizeof *cid * (size_t)(nid + 1));
  char *done = S_xcalloc((size_t)n, 1);
  for (int root = 0; root < n; root++) {
    if (done[root] || S_find(parent, root) != root) continue;
    /* the component's choices, fewest readings first (more pruning early) */
    int no = 0;
    for (int c = 0; c < n; c++)
      if (S_find(parent, c) == root) order[no++] = c;
    for (int a = 1; a < no; a++)
      for (int b = a; b > 0 && ch[order[b]].n < ch[order[b - 1]].n; b--) {
        int t = order[b];
        order[b] = order[b - 1];
        order[b - 1] = t;
      }
    for (int o = 0; o < no; o++) {
      pos[order[o]] = o;
      done[order[o]] = 1;
    }
    int ncid = 0;
    for (int i = 0; i < nid; i++) {
      int ready = -1, mine = 0;
      for (int t = 0; t < ids[i].nterms; t++) {
        int c = owner[ids[i].field[t]];
        if (c < 0) continue;
        if (S_find(parent, c) == root) mine = 1;
        if (pos[c] > ready) ready = pos[c];
      }
      if (!mine) continue;
      cid[ncid] = ids[i];
      cid[ncid++].ready = ready;
    }
    S_solver s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.ch = ch;
    s.order = order;
    s.norder = no;
    s.owner = owner;
    s.slot = slot;
    s.id = cid;
    s.nid = ncid;
    s.assign = assign;
    s.max_steps = max_steps;
    S_search(&s, 0);
    for (int o = 0; o < no; o++) {
      S_choice *c = &ch[order[o]];
      c->survivors = s.overflow ? -1 : s.survivors;
      if (s.overflow)
        for (int i = 0; i < c->k; i++) c->agree[i] = 0;
    }
  }
  for (int i = 0; i < nid; i++) {
    free(ids[i].field);
    free(ids[i].side);
  }
  free(ids);
  free(cid);
  free(done);
  free(assign);
  free(pos);
  free(order);
  free(parent);
  free(slot);
  free(owner);
}
