/* Rows matched to the template (rows.h): candidates (the text before a run of numbers, and the run) cut from
 * the token stream, their labels matched to rows.tsv; the table regions (regions.tsv) and the template and
 * 表三 variant they print (templates.tsv). */
#include "rows.h"
#include "util.h"
#include "format.h"
#include <stdlib.h>
#include <string.h>

static void S_cand_close(og_ctx *x, og_buf *label, size_t *label_tok, size_t *run, int *nrun, int garbled) {
  if (*nrun == 0) return;
  if (run[0] < x->first) { /* before the first table: not a row */
    *nrun = 0;
    label->len = 0;
    if (label->data) label->data[0] = 0;
    *label_tok = OG_NONE;
    return;
  }
  if (x->nc % 64 == 0) x->c = og_xrealloc(x->c, sizeof *x->c * (size_t)(x->nc + 64));
  og_cand *c = &x->c[x->nc++];
  memset(c, 0, sizeof *c);
  c->label = og_xstrdup(label->data ? label->data : "");
  c->label_tok = *label_tok;
  c->run = og_xmalloc(sizeof(size_t) * (size_t)*nrun);
  memcpy(c->run, run, sizeof(size_t) * (size_t)*nrun);
  c->nrun = *nrun;
  for (int i = 0; i < *nrun; i++) c->nnum += x->d->tok[run[i]].kind == OG_TOK_NUM;
  c->pos = run[0];
  c->row = -1;
  c->garbled = garbled;
  *nrun = 0;
  label->len = 0;
  if (label->data) label->data[0] = 0;
  *label_tok = OG_NONE;
}

/* Whether the run holds a number on the given line. */
static int S_num_on_line(const og_doc *d, const size_t *run, int nrun, int line) {
  for (int i = nrun - 1; i >= 0 && d->tok[run[i]].line == line; i--)
    if (d->tok[run[i]].kind == OG_TOK_NUM) return 1;
  return 0;
}

void og_build_candidates(og_ctx *x) {
  const og_doc *d = x->d;
  og_buf label;
  og_buf_init(&label);
  size_t label_tok = OG_NONE;
  int cap = 64, nrun = 0, garbled = 0;
  size_t *run = og_xmalloc(sizeof(size_t) * (size_t)cap);
  for (size_t i = 0; i < d->ntok; i++) {
    const og_token *t = &d->tok[i];
    switch (t->kind) {
    case OG_TOK_TEXT:
      /* text holding bytes that were not text (U+FFFD) between a run's numbers on their line: a conversion cut
       * characters in two and spilled them among the cells (C html2text); not a label, the run goes on */
      if (nrun > 0 && strstr(t->text, OG_UTF8_REPLACEMENT) && S_num_on_line(d, run, nrun, t->line)) {
        int more = 0; /* a number later on the line */
        for (size_t j = i + 1; j < d->ntok && d->tok[j].line == t->line && !more; j++) more = d->tok[j].kind == OG_TOK_NUM;
        if (more) {
          garbled = 1;
          break;
        }
      }
      S_cand_close(x, &label, &label_tok, run, &nrun, garbled);
      garbled = 0;
      og_buf_puts(&label, t->text);
      if (label.len > OGI_LABEL_MAX) {
        size_t cut = label.len - OGI_LABEL_MAX;
        while (cut < label.len && (((unsigned char)label.data[cut]) & 0xC0) == 0x80) cut++;
        memmove(label.data, label.data + cut, label.len - cut + 1);
        label.len -= cut;
      }
      label_tok = i;
      break;
    case OG_TOK_NUM:
    case OG_TOK_BLANK:
      if (nrun == cap) { cap *= 2; run = og_xrealloc(run, sizeof(size_t) * (size_t)cap); }
      run[nrun++] = i;
      break;
    case OG_TOK_BREAK:
      /* raw pdftotext: a line of several numbers may be a row's last cells, not a row ("4" "2" … "2 16"); a
       * run goes on over the fence when numbers follow it */
      if (x->raw_pdf && nrun > 0 && i + 1 < d->ntok &&
          (d->tok[i + 1].kind == OG_TOK_NUM || d->tok[i + 1].kind == OG_TOK_BLANK)) {
        /* (only while the run stays within a 表三 row's seven cells: longer, the fence sets rows apart) */
        int next = 0;
        for (size_t j = i + 1; j < d->ntok && d->tok[j].line == d->tok[i + 1].line &&
                               (d->tok[j].kind == OG_TOK_NUM || d->tok[j].kind == OG_TOK_BLANK); j++)
          next++;
        if (nrun + next <= 7) break;
      }
      S_cand_close(x, &label, &label_tok, run, &nrun, garbled);
      garbled = 0;
      break;
    }
  }
  S_cand_close(x, &label, &label_tok, run, &nrun, garbled);
  free(run);
  og_buf_free(&label);
}

/* 1 when s holds an item's enumerator ("5.", "2、", "3．" followed by its text or ending s, not a decimal):
 * the start of another row's label. */
static int S_has_enumerator(const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9' || (p > s && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.'))) continue;
    const char *q = p;
    while (*q >= '0' && *q <= '9') q++;
    if (q - p > 2) { p = q - 1; continue; }
    size_t sep = *q == '.' ? 1 : !strncmp(q, "、", 3) || !strncmp(q, "．", 3) ? 3 : 0;
    if (sep && !(q[sep] >= '0' && q[sep] <= '9')) return 1; /* also a bare "5." ending the label */
    p = q - 1;
  }
  return 0;
}

/* After a row's match, words then bytes that were not text ("规章" / "规范性" U+FFFD U+FFFD 89 89 89: a dump cut a
 * character of the next row's label in two): the numbers follow a label that matched nothing, the cut one. */
static int S_cut_label(const char *rest) {
  const char *bad = strstr(rest, OG_UTF8_REPLACEMENT);
  if (!bad) return 0;
  int words = 0;
  for (const unsigned char *p = (const unsigned char *)rest; p < (const unsigned char *)bad; p++)
    words += *p >= 0xE4 && *p <= 0xE9; /* lead byte of U+4000..U+9FFF (CJK ideographs) */
  return words >= 2;
}

/* The row whose pattern matches the label last (nearest the numbers); longer match on ties. When an item's
 * enumerator follows that match ("…保护第三方合法权益5.属于三类内部"), the numbers belong to the item it
 * starts, whose label matched nothing (a row printed blank in a form that drops empty cells, then a wrapped
 * label cut before its pattern): no row, not the earlier one. */
int og_match_row(const og_ctx *x, const char *label) {
  const ogi_rules *rules = x->r->rules;
  size_t len = strlen(label), best_end = 0, best_start = 0;
  int best = -1;
  if (!len) return -1;
  for (int i = 0; i < rules->nrows; i++) {
    const og_rowdef *rd = &rules->rows[i];
    if (rd->table == 2 && rd->tmpl != x->tmpl) continue;
    size_t s, e;
    if (!og_re_last_match(rd->re, x->md, label, len, &s, &e)) continue;
    if (best < 0 || e > best_end || (e == best_end && s < best_start)) {
      best = i;
      best_end = e;
      best_start = s;
    }
  }
  if (best >= 0 && (S_has_enumerator(label + best_end) || (rules->rows[best].table == 2 && S_cut_label(label + best_end)))) return -1;
  /* 表三's header printed after the label (raw pdftotext: every label, then the header, then the numbers):
   * the numbers follow the header, not that row */
  if (best >= 0 && x->raw_pdf && rules->rows[best].table == 3)
    for (int k = 0; k < rules->nregions; k++)
      if (rules->regions[k].key == OG_REGION_T3_HEADER &&
          og_re_search(rules->regions[k].re, x->md, label + best_end, len - best_end))
        return -1;
  return best;
}

/* The rows whose labels one text prints one after another with no number between ("1.属于国家秘密2.其他法律
 * 行政法规禁止公开3.危及…5.属于三类内部事务信息", glued text whose blank cells vanished): the last row's
 * match, then the last one before its start, and so on, each earlier in the template than the one after.
 * Rows of table only (0: any). Fills rows[] in the order printed; their count (0 when none matches). */
int og_rows_in(const og_ctx *x, const char *label, int table, int *rows, int max) {
  const ogi_rules *rules = x->r->rules;
  int rev[OG_MAX_ROWS_IN], n = 0;
  size_t end = strlen(label);
  while (end > 0 && n < OG_MAX_ROWS_IN && n < max) {
    int best = -1;
    size_t best_end = 0, best_start = 0;
    for (int i = 0; i < rules->nrows; i++) {
      const og_rowdef *rd = &rules->rows[i];
      if ((rd->table == 2 && rd->tmpl != x->tmpl) || (table && rd->table != table)) continue;
      if (n > 0 && i >= rev[n - 1]) continue; /* earlier in the template than the row after it */
      size_t s0, e0;
      if (!og_re_last_match(rd->re, x->md, label, end, &s0, &e0)) continue;
      if (best < 0 || e0 > best_end || (e0 == best_end && s0 < best_start)) {
        best = i;
        best_end = e0;
        best_start = s0;
      }
    }
    if (best < 0) break;
    rev[n++] = best;
    end = best_start;
  }
  for (int i = 0; i < n; i++) rows[i] = rev[n - 1 - i];
  return n;
}

/* 1 when text token t matches a pattern of regions.tsv with that key. */
int og_region_word(const og_ctx *x, int key, const og_token *t) {
  const ogi_rules *rules = x->r->rules;
  for (int k = 0; k < rules->nregions; k++)
    if (rules->regions[k].key == key && og_re_search(rules->regions[k].re, x->md, t->text, strlen(t->text))) return 1;
  return 0;
}

/* 1 when text token t opens the section after the tables (regions.tsv "after": "五、…", "(五)…"). */
int og_after_tables(const og_ctx *x, const og_token *t) { return og_region_word(x, OG_REGION_AFTER, t); }

size_t og_region_start(const og_ctx *x, int table, size_t from) {
  for (size_t i = from; i < x->d->ntok; i++)
    if (x->d->tok[i].kind == OG_TOK_TEXT && og_region_word(x, table, &x->d->tok[i])) return i;
  return OG_NONE;
}

/* 1 when any of the national template's labels (templates.tsv, either template or both) is printed. A report
 * without them is free-form: before 2019 that is a legacy report, whatever tables or years it mentions. */
int og_has_template_labels(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  for (size_t i = 0; i < x->d->ntok; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_TEXT) continue;
    for (int k = 0; k < rules->nsigs; k++)
      if (og_re_search(rules->sigs[k].re, x->md, t->text, strlen(t->text))) return 1;
  }
  return 0;
}

int og_detect_template(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  int n2019 = 0, n2021 = 0;
  size_t from = x->t2s == OG_NONE ? 0 : x->t2s;
  size_t to = x->t3s == OG_NONE ? x->d->ntok : x->t3s;
  char *seen = og_xcalloc((size_t)rules->nsigs + 1, 1);
  for (size_t i = from; i < to; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_TEXT) continue;
    for (int k = 0; k < rules->nsigs; k++) {
      if (rules->sigs[k].key == OG_TMPL_BOTH) continue;
      if (seen[k] || !og_re_search(rules->sigs[k].re, x->md, t->text, strlen(t->text))) continue;
      seen[k] = 1;
      if (rules->sigs[k].key == OG_TMPL_2019) n2019++;
      else n2021++;
    }
  }
  free(seen);
  if (n2019 > n2021) return OG_TMPL_2019;
  if (n2021 > n2019) return OG_TMPL_2021;
  const og_meta_words *mw = &x->r->rules->meta_words;
  if (x->r->year >= mw->template_year && x->r->year < mw->template_2021_year) return OG_TMPL_2019;
  return OG_TMPL_2021;
}

/* 表三 （六）: three sub-rows (2021) when any of their labels is printed, else one row. */
int og_detect_variant(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  size_t from = x->t3s == OG_NONE ? 0 : x->t3s;
  size_t to = x->t4s == OG_NONE ? x->d->ntok : x->t4s;
  for (size_t i = from; i < to; i++) {
    const og_token *t = &x->d->tok[i];
    if (t->kind != OG_TOK_TEXT) continue;
    for (int k = 0; k < rules->nrows; k++) {
      const og_rowdef *rd = &rules->rows[k];
      if (rd->table == 3 && rd->tmpl == OG_TMPL_2021 && og_re_search(rd->re, x->md, t->text, strlen(t->text)))
        return OG_TMPL_2021;
    }
  }
  return OG_TMPL_2019;
}
