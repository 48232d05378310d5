/* Numbers placed (place.h): a reading put into the report's values (元 converted to 万元, provenance,
 * placed_by_sums), rows with several readings deferred, and their joint solve with the template's sums and
 * the statements of the report's own text. */
#include "place.h"
#include "check.h"
#include "fit.h"
#include "narrative.h"
#include "solve.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef OGI_SOLVE_STEPS
#define OGI_SOLVE_STEPS 2000000L /* work limit of the joint solve, per group of rows that share a sum */
#endif

/* An amount printed in 元 as 万元, from its printed digits (the decimal point moved four places, so that
 * 481714587.29 becomes exactly 48171.458729); fallback when the text holds no digits. */
static double S_yuan_to_wan(const char *printed, double fallback) {
  char in[64], out[80];
  size_t n = 0;
  for (const char *p = printed; *p && n + 1 < sizeof in; p++)
    if ((*p >= '0' && *p <= '9') || *p == '.' || (*p == '-' && n == 0)) in[n++] = *p;
  in[n] = 0;
  int neg = in[0] == '-';
  const char *d = in + neg;
  const char *dot = strchr(d, '.');
  size_t ilen = dot ? (size_t)(dot - d) : strlen(d);
  const char *frac = dot ? dot + 1 : "";
  if (ilen == 0) return fallback / 10000.0;
  size_t k = 0;
  if (neg) out[k++] = '-';
  if (ilen > 4) {
    memcpy(out + k, d, ilen - 4);
    k += ilen - 4;
    out[k++] = '.';
    memcpy(out + k, d + ilen - 4, 4);
    k += 4;
  } else {
    memcpy(out + k, "0.", 2);
    k += 2;
    for (size_t z = ilen; z < 4; z++) out[k++] = '0';
    memcpy(out + k, d, ilen);
    k += ilen;
  }
  size_t fl = strlen(frac);
  if (k + fl + 1 > sizeof out) return fallback / 10000.0;
  memcpy(out + k, frac, fl);
  out[k + fl] = 0;
  return strtod(out, NULL);
}

/* Places value i of reading f of row rd (the candidate c gives the label). */
/* 1 when a header says its amounts are in 元 ("单位:元", "(元)": a yuan word of words.tsv after ':' or in
 * parentheses) and names no wan word (万元). */
static int S_header_in_yuan(const og_words *w, const char *label) {
  for (size_t k = 0; k < w->wan.n; k++)
    if (strstr(label, w->wan.w[k])) return 0;
  for (size_t k = 0; k < w->yuan.n; k++) {
    char a[64], b[64];
    snprintf(a, sizeof a, ":%s", w->yuan.w[k]);
    snprintf(b, sizeof b, "(%s)", w->yuan.w[k]);
    if (strstr(label, a) || strstr(label, b)) return 1;
  }
  return 0;
}

static void S_place_one(og_ctx *x, const og_rowdef *rd, const og_cand *c, const og_fit *f, int i, const char *how) {
  ogi_report *r = x->r;
  int yuan = 0;
  if (c->label && x->d->words) yuan = S_header_in_yuan(x->d->words, c->label);
  og_value *v = &r->values[rd->fields[i]];
  const og_token *t = &x->d->tok[f->tok[i]];
  v->found = 1;
  v->value = f->v[i];
  v->blank = f->blank[i];
  free(v->raw);
  v->raw = og_xstrdup(f->cut ? f->text[i] : f->blank[i] && t->kind != OG_TOK_BLANK ? "" : t->raw);
  free(v->label);
  v->label = NULL;
  if (c->label_tok != OG_NONE) v->label = og_xstrdup(x->d->tok[c->label_tok].text);
  v->line = t->line;
  v->col = t->col;
  v->table = t->table;
  v->row = t->row;
  v->cell = t->cell;
  v->how = f->cut ? "glued digits" : how;
  v->reading = f->cut; /* (or some cell of the row printed nothing and vanished: no token of its own) */
  for (int j = 0; j < rd->nvalues && !v->reading; j++)
    v->reading = f->blank[j] && x->d->tok[f->tok[j]].kind != OG_TOK_BLANK;
  const og_field *fd = &r->rules->fields[rd->fields[i]];
  if (fd->is_decimal && !f->blank[i] && (t->unit == OG_UNIT_YUAN || yuan)) {
    v->value = S_yuan_to_wan(f->cut ? f->text[i] : t->text, f->v[i]);
    og_warn(r, "converted_yuan", fd->id, v->line, v->col, "printed %s in 元; stored as %.15g 万元", t->raw, v->value);
  }
}

static void S_run_text(const og_ctx *x, const og_cand *c, char *out, size_t n);

/* 1 when some reading of deferred row p gives value k otherwise than reading ref. */
static int S_differs(const og_pend *p, int k, const og_fit *ref) {
  for (int j = 0; j < p->n; j++)
    if (p->alts[j].v[k] != ref->v[k]) return 1;
  return 0;
}

void og_place(og_ctx *x, const og_rowdef *rd, const og_cand *c, const og_fit *f, const char *how) {
  if (f->by_lines) how = "empty lines";
  if (f->by_geom) {
    int seen = 0;
    for (int i = 0; i < x->ngeo && !seen; i++) seen = x->geo[i].rd->fields[0] == rd->fields[0];
    if (!seen) {
      if (x->ngeo % 16 == 0) x->geo = og_xrealloc(x->geo, sizeof *x->geo * (size_t)(x->ngeo + 16));
      og_geo_row *g = &x->geo[x->ngeo++];
      g->rd = rd;
      g->c = *c;
      g->f = *f;
    }
  }
  for (int i = 0; i < rd->nvalues; i++) S_place_one(x, rd, c, f, i, how);
  if (f->unconfirmed) {
    const og_token *t0 = &x->d->tok[c->pos];
    char printed[256];
    S_run_text(x, c, printed, sizeof printed);
    for (int i = 0; i < rd->nvalues; i++)
      og_warn(x->r, "positions_unconfirmed", x->r->rules->fields[rd->fields[i]].id, t0->line, t0->col,
             "%s: the printed numbers (%s) are placed in the cells they stand nearest, cells having printed "
             "nothing; the text's lines are re-spaced each by its own (pdftotext -layout), and nothing else "
             "confirms which cell each number is", rd->id, printed);
  }
  if (f->by_lines) {
    const og_token *t0 = &x->d->tok[c->pos];
    og_warn(x->r, "blank_by_lines", x->r->rules->fields[rd->fields[0]].id, t0->line, t0->col,
           "%s: %d of its %d cells printed nothing; placed where the empty lines between its numbers stand "
           "(one cell per line)", rd->id, rd->nvalues - c->nrun, rd->nvalues);
  }
  if (f->layout_readings <= 1 || !f->varies || f->alternatives > 1) return;
  /* the layout allowed several readings and the row's own sums left one: name each value they decided */
  const og_token *t0 = &x->d->tok[c->pos];
  for (int i = 0; i < rd->nvalues; i++) {
    if (!(f->varies & (1u << i))) continue;
    x->r->values[rd->fields[i]].by_sums = 1;
    x->r->values[rd->fields[i]].how = "placed by sums";
    og_warn(x->r, "placed_by_sums", x->r->rules->fields[rd->fields[i]].id, t0->line, t0->col,
           "%s: its printed numbers can be read %d ways; one satisfies the row's sums: placed so "
           "(the checks it satisfies are not evidence)", rd->id, f->layout_readings);
  }
}

/* The index of row rd among the deferred rows, -1 when it is not deferred. */
static int S_pending(const og_ctx *x, const og_rowdef *rd) {
  for (int i = 0; i < x->npend; i++)
    if (x->pend[i].rd->fields[0] == rd->fields[0]) return i;
  return -1;
}

void og_defer(og_ctx *x, const og_rowdef *rd, const og_cand *c, og_fit *alts, int n, const char *how) {
  if (S_pending(x, rd) >= 0) { free(alts); return; } /* the row is taken */
  if (x->npend % 16 == 0) x->pend = og_xrealloc(x->pend, sizeof *x->pend * (size_t)(x->npend + 16));
  og_pend *p = &x->pend[x->npend++];
  p->rd = rd;
  p->c = *c;
  p->alts = alts;
  p->n = n;
  p->how = how;
  p->positioned = 0;
  p->weight = 0;
}

void og_undefer(og_ctx *x, const og_rowdef *rd) {
  int i = S_pending(x, rd);
  if (i < 0) return;
  free(x->pend[i].alts);
  x->pend[i] = x->pend[--x->npend];
}

int og_row_taken(const og_ctx *x, const og_rowdef *rd) {
  return x->r->values[rd->fields[0]].found || S_pending(x, rd) >= 0;
}

/* 1 when some value of row rd was placed (表四's blocks are placed as one row of fifteen). */
int og_row_any(const ogi_report *r, const og_rowdef *rd) {
  for (int k = 0; k < rd->nvalues; k++)
    if (r->values[rd->fields[k]].found) return 1;
  return 0;
}

/* Places a row: its one reading now, or several for the joint solve. */
void og_place_or_defer(og_ctx *x, const og_rowdef *rd, const og_cand *c, const og_fit *f, og_fit *alts, int n,
                             const char *how) {
  if (alts && (n > 1 || alts[0].assumed)) og_defer(x, rd, c, alts, n, how);
  else {
    free(alts);
    og_place(x, rd, c, f, how);
  }
}

/* The printed numbers of a run, for messages ("2 1 0 3"). */
static void S_run_text(const og_ctx *x, const og_cand *c, char *out, size_t n) {
  size_t k = 0;
  out[0] = 0;
  for (int i = 0; i < c->nrun && k + 40 < n; i++) {
    const og_token *t = &x->d->tok[c->run[i]];
    const char *w = t->kind == OG_TOK_BLANK ? "(blank)" : strlen(t->text) > 24 ? "…" : t->text;
    k += (size_t)snprintf(out + k, n - k, "%s%s", i ? " " : "", w);
  }
}

/* Cell i the same (value and blank flag) in readings a and b. */
static int S_same_cell(const og_fit *a, const og_fit *b, int i) { return a->v[i] == b->v[i] && a->blank[i] == b->blank[i]; }

/* The first of the n figures that reading f prints in cell i (a number, not a blank), or -1. */
static int S_prints(const og_fit *f, int i, const narrative_figure *fig, int n) {
  for (int k = 0; k < n; k++)
    if (!f->blank[i] && f->v[i] == fig[k].value) return k;
  return -1;
}

/* A 表二 row left with several readings (no identity in 表二): the figures the report's own text states for
 * its cells ("现行有效行政规范性文件698件") keep the readings that print them; a statement no reading prints
 * is not about this table and is left aside. When exactly one reading is left it is placed, each value
 * the statements decided named by placed_by_text with the sentence (returns -1); else the values every
 * reading left agrees on, and the readings did not, are placed so (returns them as bits; 0: none). */
static long S_decide_by_text(og_ctx *x, const og_pend *p) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  enum { S_MAX_FIG = 8 };
  int k = p->rd->nvalues, n = p->n;
  if (p->rd->table != 2 || n < 2 || n > 4096) return 0;
  char *keep = og_xmalloc((size_t)n);
  memset(keep, 1, (size_t)n);
  narrative_figure fig[OG_MAXV][S_MAX_FIG];
  int nfig[OG_MAXV];
  const narrative_figure *used[OG_MAXV] = {NULL}, *first_used = NULL; /* the statement some reading prints */
  for (int i = 0; i < k; i++) {
    nfig[i] = narrative_stated(rules, x->d, rules->fields[p->rd->fields[i]].id, fig[i], S_MAX_FIG);
    for (int j = 0; j < n && !used[i]; j++) {
      int f = S_prints(&p->alts[j], i, fig[i], nfig[i]);
      if (f >= 0) used[i] = &fig[i][f];
    }
    if (!used[i]) continue; /* stated by no reading (or not at all) */
    if (!first_used) first_used = used[i];
    for (int j = 0; j < n; j++)
      if (S_prints(&p->alts[j], i, fig[i], nfig[i]) < 0) keep[j] = 0;
  }
  int left = -1, distinct = 0;
  for (int j = 0; j < n; j++) {
    if (!keep[j]) continue;
    int same = left >= 0;
    for (int i = 0; i < k && same; i++) same = S_same_cell(&p->alts[j], &p->alts[left], i);
    if (!same) { distinct++; left = j; }
  }
  long placed = 0;
  if (distinct >= 1) {
    const og_token *t0 = &x->d->tok[p->c.pos];
    char printed[256];
    S_run_text(x, &p->c, printed, sizeof printed);
    if (distinct == 1) og_place(x, p->rd, &p->c, &p->alts[left], "placed by text");
    for (int i = 0; i < k; i++) {
      int agree = 1;
      for (int j = 0; j < n && agree; j++) agree = !keep[j] || S_same_cell(&p->alts[j], &p->alts[left], i);
      if (!S_differs(p, i, &p->alts[left]) || !agree) continue;
      if (distinct > 1) S_place_one(x, p->rd, &p->c, &p->alts[left], i, "placed by text");
      placed |= 1L << i;
      const narrative_figure *why = used[i] ? used[i] : first_used;
      og_warn(r, "placed_by_text", rules->fields[p->rd->fields[i]].id, t0->line, t0->col,
             "%s: the printed numbers (%s) can be read %d ways; the report's text decides: \"%s\" (line %d)",
             p->rd->id, printed, n, why ? why->text : "", why ? why->line : 0);
    }
  }
  for (int i = 0; i < k; i++)
    for (int f = 0; f < nfig[i]; f++) free(fig[i][f].text);
  free(keep);
  return distinct == 1 ? -1 : placed;
}

enum { S_MAX_STMT = 16 };

/* The statements of the report's text about fields (narrative.tsv: "涉及自然人72件、商业企业3件") as
 * constraints of the joint solve; ns keeps their sentences. Their count. */
static int S_statements(const og_ctx *x, narrative_statement *ns, og_stmt *st) {
  int n = narrative_statements(x->r->rules, x->d, ns, S_MAX_STMT);
  for (int i = 0; i < n; i++) {
    const narrative_rule *nr = ns[i].rule;
    memset(&st[i], 0, sizeof st[i]);
    st[i].value = ns[i].value;
    for (int a = 0; a < nr->nalt && a < OG_STMT_ALTS; a++) {
      st[i].nterms[st[i].nalt] = nr->alt[a].nfields < OG_STMT_TERMS ? nr->alt[a].nfields : OG_STMT_TERMS;
      memcpy(st[i].fields[st[i].nalt], nr->alt[a].fields, sizeof(int) * (size_t)st[i].nterms[st[i].nalt]);
      st[i].nalt++;
    }
  }
  return n;
}

/* Some row left open by the sums (several readings) that the solve with statements has none for. */
static int S_contradicts(const og_choice *by_sums, const og_choice *with, int n) {
  for (int i = 0; i < n; i++)
    if (by_sums[i].survivors > 1 && with[i].survivors == 0) return 1;
  return 0;
}

/* The joint solve again, with the report's statements (ns, *nns of them, freed by the caller): for the rows
 * the sums leave open, the values the statements decide as bits in text[i] (ch[i] then holds that solve's
 * result). A statement that leaves some open row no reading is not about these cells (or misprinted) and
 * is left aside. Returns how many were used (their indices in used). */
static int S_solve_with_text(og_ctx *x, og_choice *ch, long *text, narrative_statement *ns, int *nns, int *used) {
  int n = x->npend, nused = 0, any_open = 0;
  *nns = 0;
  for (int i = 0; i < n; i++) any_open |= ch[i].survivors > 1;
  if (!any_open) return 0;
  og_stmt st[S_MAX_STMT], keep[S_MAX_STMT];
  int nst = *nns = S_statements(x, ns, st);
  if (nst == 0) return 0;
  og_choice *with = og_xmalloc(sizeof *with * (size_t)n);
  for (int q = 0; q < nst; q++) { /* each statement about an open row's cells alone first */
    int about = 0;
    for (int i = 0; i < n && !about; i++)
      for (int k = 0; k < ch[i].k && ch[i].survivors > 1 && !about; k++)
        for (int a = 0; a < st[q].nalt && !about; a++)
          for (int t = 0; t < st[q].nterms[a] && !about; t++) about = st[q].fields[a][t] == ch[i].fields[k];
    if (!about) continue;
    memcpy(with, ch, sizeof *with * (size_t)n);
    og_solve(x->r, with, n, OGI_SOLVE_STEPS, &st[q], 1);
    if (!S_contradicts(ch, with, n)) {
      used[nused] = q;
      keep[nused++] = st[q];
    }
  }
  if (nused) {
    memcpy(with, ch, sizeof *with * (size_t)n);
    og_solve(x->r, with, n, OGI_SOLVE_STEPS, keep, nused);
  }
  if (nused && !S_contradicts(ch, with, n))
    for (int i = 0; i < n; i++) {
      if (ch[i].survivors <= 1 || with[i].survivors < 1) continue;
      for (int k = 0; k < ch[i].k; k++) {
        int decided = with[i].survivors == 1 || with[i].agree[k];
        if (decided && !ch[i].agree[k]) text[i] |= 1L << k;
      }
      if (text[i]) ch[i] = with[i];
    }
  else
    nused = 0;
  free(with);
  return nused;
}

/* Of the statements used, the one that explains a decision of field f: one naming f, else one naming a
 * field of its column in its table (the id's first and last parts), else one of its table, else the first. */
static const narrative_statement *S_why(const ogi_rules *rules, int f, const narrative_statement *ns,
                                        const int *used, int nused) {
  const char *id = rules->fields[f].id, *col = strrchr(id, '.');
  size_t tab = strcspn(id, ".");
  int best = -1, best_rank = 0;
  for (int u = 0; u < nused; u++) {
    const narrative_rule *nr = ns[used[u]].rule;
    for (int a = 0; a < nr->nalt; a++)
      for (int t = 0; t < nr->alt[a].nfields; t++) {
        const char *other = rules->fields[nr->alt[a].fields[t]].id, *ocol = strrchr(other, '.');
        int same_table = strcspn(other, ".") == tab && !strncmp(other, id, tab);
        int rank = nr->alt[a].fields[t] == f                                   ? 4
                   : same_table && col && ocol && !strcmp(col, ocol) ? 3
                   : same_table                                                ? 2
                                                                               : 1;
        if (rank > best_rank) {
          best_rank = rank;
          best = used[u];
        }
      }
  }
  return best >= 0 ? &ns[best] : NULL;
}

/* Value k of a deferred row, decided by the sums jointly with the report's statements. */
static void S_warn_by_text(og_ctx *x, const og_pend *p, int k, const char *printed, const narrative_statement *ns,
                           const int *used, int nused) {
  const og_token *t0 = &x->d->tok[p->c.pos];
  const narrative_statement *why = S_why(x->r->rules, p->rd->fields[k], ns, used, nused);
  og_warn(x->r, "placed_by_text", x->r->rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
         "%s: the printed numbers (%s) can be read %d ways; the template's sums with the report's text decide: "
         "\"%s\" (line %d) (the checks it satisfies are not evidence)",
         p->rd->id, printed, p->n, why ? why->text : "", why ? why->line : 0);
}

static const char S_BY_POSITION[] = "placed by position, reopened";

/* Whether reading a of a 表三 row puts its printed cells (numbers and blank markers) in columns as far apart
 * as the numbers stand on their line (og_geom_spaced): in a PDF's text as read here (fixed pitch) a line set
 * on a scale of its own is shifted, not re-spaced between its numbers (pdftotext's default layout, given as
 * text, re-spaces them too: there the order's every reading stays). */
static int S_spaced(const og_ctx *x, const og_fit *a, int k) {
  size_t tok[OG_MAXV];
  int col[OG_MAXV], m = 0;
  for (int i = 0; i < k && i < OG_NCOLS; i++) {
    if (a->vanished >> i & 1) continue; /* no token of its own */
    tok[m] = a->tok[i];
    col[m++] = i;
  }
  return og_geom_spaced(x->geom, x->d, tok, col, m);
}

/* Appends to p's readings those of its run's order alone (every one that adds up across the row; in a PDF's
 * fixed-pitch text, of 表三's, those whose cells stand as far apart as its numbers: S_spaced) that it does
 * not hold; 1 + the index of the reading f among them (0: none, and f is appended too when given). */
static int S_widen(const og_ctx *x, og_pend *p, const og_fit *f) {
  og_ctx plain = *x;
  plain.geom = NULL; /* (the order of the numbers alone) */
  og_fit one, *alts = NULL;
  int n = og_fit_run_all(&plain, &p->c, p->rd, OG_FIT_EXPAND, &one, &alts);
  if (n > 0 && !alts) {
    alts = og_xmalloc(sizeof *alts);
    alts[0] = one;
  }
  if (n < 0) n = 0;
  int at = 0, k = p->rd->nvalues;
  p->alts = og_xrealloc(p->alts, sizeof *p->alts * (size_t)(p->n + n + 1));
  for (int j = -1; j < n; j++) {
    const og_fit *a = j < 0 ? f : &alts[j];
    if (!a) continue;
    if (j >= 0 && x->geom && x->fixed_pitch && p->rd->table == 3 && !S_spaced(x, a, k)) continue;
    int have = -1;
    for (int q = 0; q < p->n && have < 0; q++) {
      int same = 1;
      for (int i = 0; i < k && same; i++) same = p->alts[q].v[i] == a->v[i] && p->alts[q].blank[i] == a->blank[i];
      if (same) have = q;
    }
    if (have < 0) {
      have = p->n++;
      p->alts[have] = *a;
      p->alts[have].by_geom = j < 0 ? a->by_geom : 0;
      p->alts[have].alternatives = 0;
    }
    if (j < 0) at = have + 1;
  }
  free(alts);
  return at;
}

/* Rows the columns their numbers stand in placed or limited (cells having vanished) are read by their order
 * too, every reading of it that adds up across the row: the joint solve keeps the readings the positions
 * allow unless no placement of the table holds with them (pdftotext re-spaces each line by its own text, and
 * a line set on a scale of its own stands a column off the page's grid; such a line, its numbers beyond the
 * page's first or last column, gives no reading to keep). A row placed so joins the deferred ones, still
 * placed (positioned: the reading it holds). */
static void S_reopen_positioned(og_ctx *x) {
  int n0 = x->npend;
  for (int i = 0; i < n0; i++) {
    og_pend *p = &x->pend[i];
    int geo = 0;
    for (int j = 0; j < p->n; j++) geo |= p->alts[j].by_geom;
    if (!geo) continue;
    p->weight = OG_WEIGHT_OFF_GRID;
    for (int j = 0; j < p->n; j++)
      if (p->alts[j].by_geom == 1) p->weight = OG_WEIGHT_AT_COLUMNS;
    if (og_geom_weak(x->geom, x->d->tok[p->c.pos].line)) p->weight = 0; /* (as below) */
    S_widen(x, p, NULL);
  }
  for (int g = 0; g < x->ngeo; g++) {
    const og_geo_row *gr = &x->geo[g];
    if (!x->r->values[gr->rd->fields[0]].found || S_pending(x, gr->rd) >= 0) continue;
    og_defer(x, gr->rd, &gr->c, NULL, 0, S_BY_POSITION);
    og_pend *p = &x->pend[x->npend - 1];
    int at = S_widen(x, p, &gr->f);
    if (p->n <= 1) { /* (its order allows no other reading: nothing to reopen) */
      og_undefer(x, gr->rd);
      continue;
    }
    p->positioned = at;
    /* (a reading placed that does not add up across the row is no reason to keep it) */
    /* (nor are columns known from a header whose words do not all stand over their columns) */
    p->weight = !og_row_holds(x->r, p->rd->fields, gr->f.v, p->rd->nvalues) ||
                        og_geom_weak(x->geom, x->d->tok[gr->c.pos].line)
                    ? 0
                : gr->f.by_geom == 1 ? OG_WEIGHT_AT_COLUMNS
                                     : OG_WEIGHT_OFF_GRID;
  }
}

/* Whether the joint solve does not keep positioned row p as its numbers' positions read it: some value the
 * surviving placements leave open, or give otherwise (surely: 2 only for the latter, every surviving
 * placement reading the row otherwise). */
static int S_overruled(const og_pend *p, const og_choice *c) {
  if (!p->positioned || c->survivors < 1 || c->first < 0) return 0;
  int open = 0;
  for (int k = 0; k < p->rd->nvalues; k++) {
    if (c->agree[k] && p->alts[c->first].v[k] != p->alts[p->positioned - 1].v[k]) return 2;
    open |= !c->agree[k];
  }
  return open;
}

/* The joint solve of every deferred row, and what it leaves placed. */
void og_solve_pending(og_ctx *x) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  S_reopen_positioned(x);
  if (x->npend == 0) return;
  og_choice *ch = og_xcalloc((size_t)x->npend, sizeof *ch);
  for (int i = 0; i < x->npend; i++) {
    ch[i].fields = x->pend[i].rd->fields;
    ch[i].k = x->pend[i].rd->nvalues;
    ch[i].readings = x->pend[i].alts;
    ch[i].n = x->pend[i].n;
    ch[i].weight = x->pend[i].weight;
  }
  og_solve(r, ch, x->npend, OGI_SOLVE_STEPS, NULL, 0);
  /* a row the placements that add up read otherwise than its numbers' positions (a line set on a scale of
   * its own) says its page's lines that stand off the columns are set so too: every such row of that page
   * placed by position is then read by the sums alone, the positions weighing nothing (where the sums cannot
   * tell, its values are ambiguous, not placed by positions that were a column off elsewhere on the page) */
  int again = 0;
  for (int i = 0; i < x->npend; i++) {
    if (S_overruled(&x->pend[i], &ch[i]) != 2) continue;
    int line = x->d->tok[x->pend[i].c.pos].line;
    for (int j = 0; j < x->npend; j++)
      if (x->pend[j].positioned && ch[j].weight == OG_WEIGHT_OFF_GRID &&
          og_geom_same_page(x->geom, line, x->d->tok[x->pend[j].c.pos].line)) {
        ch[j].weight = 0;
        again = 1;
      }
  }
  if (again) og_solve(r, ch, x->npend, OGI_SOLVE_STEPS, NULL, 0);
  long *text = og_xcalloc((size_t)x->npend, sizeof *text);
  narrative_statement ns[S_MAX_STMT];
  int used[S_MAX_STMT];
  int nns = 0, nused = S_solve_with_text(x, ch, text, ns, &nns, used);
  for (int i = 0; i < x->npend; i++) {
    const og_pend *p = &x->pend[i];
    const og_choice *c = &ch[i];
    const og_token *t0 = &x->d->tok[p->c.pos];
    char printed[256];
    S_run_text(x, &p->c, printed, sizeof printed);
    if (p->positioned) {
      /* a row placed by position: it stays so unless the joint placements give it up; when no placement of
       * the table adds up (or they are too many to test), nothing confirms the columns its numbers stand
       * nearest (a line may be set on a scale of its own): each value another reading would change is named */
      if (c->survivors < 1) {
        for (int k = 0; k < p->rd->nvalues; k++) {
          if (S_differs(p, k, &p->alts[p->positioned - 1]) && r->values[p->rd->fields[k]].found)
            og_warn(r, "positions_unconfirmed", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
                   "%s: the printed numbers (%s) are placed in the columns they stand nearest; %s, so the sums do not "
                   "confirm that placement", p->rd->id, printed,
                   c->survivors == 0 ? "no placement of the table satisfies the template's sums (the printed numbers "
                                       "break somewhere)"
                                     : "the placements of the table are too many to test against the template's sums");
        }
        continue;
      }
      if (c->first < 0 || !S_overruled(p, c)) continue;
      for (int k = 0; k < p->rd->nvalues; k++) r->values[p->rd->fields[k]].found = 0;
      og_warn(r, "positions_overruled", rules->fields[p->rd->fields[0]].id, t0->line, t0->col,
             "%s: the placements of the table that satisfy the template's sums read its numbers (%s) otherwise "
             "than in the columns they stand nearest (a line set on a scale of its own): read by their order",
             p->rd->id, printed);
    }
    long by_text = c->survivors > 1 ? S_decide_by_text(x, p) : 0;
    if (by_text < 0) continue;
    int near = -1;
    for (int j = 0; j < p->n && c->survivors == 0; j++)
      if (p->alts[j].near) near = j;
    if (near >= 0) {
      /* no joint reading adds up, and the numbers' positions give one reading: the table breaks somewhere,
       * which is no reason to move a number off the column it stands nearest; placed so, for the checks */
      og_place(x, p->rd, &p->c, &p->alts[near], "placed by position");
      for (int k = 0; k < p->rd->nvalues; k++)
        og_warn(r, "sums_break", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
               "%s: no reading of the printed numbers (%s) satisfies the template's sums jointly with the rest of "
               "the table: the printed numbers break somewhere (placed in the columns they stand nearest)",
               p->rd->id, printed);
      continue;
    }
    unsigned assumed = ~0u;
    for (int j = 0; j < p->n; j++) assumed &= p->alts[j].assumed;
    if (c->survivors != 1 && assumed) {
      /* readings that take 总计 as the cell that printed nothing, and no single one adds up with the rest of
       * the table: nothing is placed; the row's own check fails in every reading (no reading adds up with 总计
       * among the numbers, and a blank 总计 beside them does not either) */
      for (int k = 0; k < p->rd->nvalues; k++) {
        og_value *v = &r->values[p->rd->fields[k]];
        v->no_sum = 1;
        v->no_sum_line = t0->line;
        v->no_sum_col = t0->col;
        og_warn(r, "ambiguous", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
               "%s: the printed numbers (%s) add up with 总计 among them in no reading; with 总计 printing nothing "
               "%s: left null", p->rd->id, printed,
               c->survivors == 0 ? "no reading satisfies the template's sums with the rest of the table"
               : c->survivors < 0 ? "the readings are too many to test" : "several readings satisfy the sums");
      }
      continue;
    }
    /* (no placement holds exactly; those that hold with one printed number taken as a misprint) */
    char mp[200] = "";
    if (c->misprint >= 0)
      snprintf(mp, sizeof mp, ", once one printed number (%s) is taken as a misprint (its checks fail)",
               rules->fields[c->misprint].id);
    else if (c->misprint == -2)
      snprintf(mp, sizeof mp, ", once one printed number is taken as a misprint (which one is not known; the checks fail)");
    if (c->survivors == 1) {
      og_place(x, p->rd, &p->c, &p->alts[c->first], text[i] ? "placed by text" : "placed by sums");
      for (int k = 0; k < p->rd->nvalues; k++)
        if (assumed >> k & 1)
          og_warn(r, "placed_by_sums", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
                 "%s: the printed numbers (%s) add up with 总计 among them in no reading; with 总计 as the cell that "
                 "printed nothing (blank), exactly one reading satisfies the template's sums jointly with the rest of "
                 "the table: placed so (the checks on the blank 总计 are not evidence, and fail)", p->rd->id, printed);
      /* one warning per value the readings disagree on: those the sums (and the text) decided */
      for (int k = 0; k < p->rd->nvalues; k++) {
        if (!S_differs(p, k, &p->alts[c->first])) continue;
        r->values[p->rd->fields[k]].by_sums = 1;
        if (text[i] >> k & 1) S_warn_by_text(x, p, k, printed, ns, used, nused);
        else
          og_warn(r, "placed_by_sums", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
                 "%s: the printed numbers (%s) can be read %d ways; exactly one satisfies the template's sums "
                 "jointly with the rest of the table%s: placed so (the checks it satisfies are not evidence)",
                 p->rd->id, printed, p->n, mp);
      }
      continue;
    }
    for (int k = 0; k < p->rd->nvalues; k++) {
      if (by_text >> k & 1) continue; /* the text decided it */
      if (c->agree[k] && c->first >= 0) {
        S_place_one(x, p->rd, &p->c, &p->alts[c->first], k, text[i] >> k & 1 ? "placed by text" : "placed by sums");
        r->values[p->rd->fields[k]].by_sums = 1;
        if (text[i] >> k & 1) S_warn_by_text(x, p, k, printed, ns, used, nused);
        else /* each value placed so is named (not the row's first, which may be one left null) */
          og_warn(r, "placed_by_sums", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
                 "%s: the printed numbers (%s) can be read %d ways; this value is the same in every reading %s%s: "
                 "placed so (the checks it satisfies are not evidence)", p->rd->id, printed, p->n,
                 c->survivors > 1 ? "that satisfies the sums" : "of the printed numbers", c->survivors > 1 ? mp : "");
        continue;
      }
      const char *why = c->survivors == 0 ? "no reading of them satisfies the template's sums with the rest of the table"
                        : c->survivors < 0 ? "the readings are too many to test against the template's sums"
                                           : "several readings satisfy the template's sums and differ here";
      og_warn(r, "ambiguous", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
             "%s: the printed numbers (%s) can be read %d ways; %s%s: left null", p->rd->id, printed, p->n, why,
             c->survivors > 1 ? mp : "");
    }
    /* no joint reading the layout allows adds up: the printed numbers break somewhere in the table; every
     * value of the row is named (those placed are what every reading prints, and no check confirms them) */
    if (c->survivors == 0 && !x->raw_pdf)
      for (int k = 0; k < p->rd->nvalues; k++)
        og_warn(r, "sums_break", rules->fields[p->rd->fields[k]].id, t0->line, t0->col,
               "%s: no reading of the printed numbers (%s) satisfies the template's sums jointly with the rest of "
               "the table: the printed numbers break somewhere (%s)", p->rd->id, printed,
               r->values[p->rd->fields[k]].found ? "this value is the same in every reading" : "left null");
  }
  for (int q = 0; q < nns; q++) free(ns[q].text);
  free(text);
  free(ch);
}

/* A row label followed by a run that does not fit the row (fit status ok from og_fit_run). */
void og_warn_bad_row(og_ctx *x, const og_rowdef *rd, const og_cand *c, int ok, const char *what) {
  const og_token *t0 = &x->d->tok[c->pos];
  if (ok == OG_FIT_ORDER) {
    char printed[256];
    S_run_text(x, c, printed, sizeof printed);
    og_warn(x->r, "reading_order", x->r->rules->fields[rd->fields[0]].id, t0->line, t0->col,
           "%s: the numbers (%s) do not add up in the order this text gives them, and raw pdftotext output "
           "(no -layout) does not keep a table's order: left null (use pdftotext -layout or the PDF)",
           rd->id, printed);
    return;
  }
  if (ok == OG_FIT_NO_SUM && !x->raw_pdf) /* (raw pdftotext's runs may hold other rows' numbers) */
    for (int k = 0; k < rd->nvalues; k++) {
      og_value *v = &x->r->values[rd->fields[k]];
      if (v->found) continue;
      v->no_sum = 1;
      v->no_sum_line = t0->line;
      v->no_sum_col = t0->col;
    }
  og_warn(x->r, "bad_row", x->r->rules->fields[rd->fields[0]].id, t0->line, t0->col, "%s: %d numbers %s, expected %d%s",
         rd->id, c->nrun, what, rd->nvalues,
         ok == OG_FIT_LIMIT ? " (too many ways to read them)"
         : ok == OG_FIT_NO_SUM ? " (no reading of them satisfies the row's sums)"
         : c->garbled ? " (then bytes that were not text, a conversion having cut characters in two among its cells, "
                        "and more numbers: its other cells are not known)" : "");
}

int og_row_found(const ogi_report *r, const og_rowdef *rd) { return r->values[rd->fields[0]].found; }
