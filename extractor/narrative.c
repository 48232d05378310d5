/* Narrative ↔ table checks (narrative.h): the report's running text cut into sentences (table rows left
 * out), each sentence matched against the patterns of patterns/narrative.tsv, each figure found compared
 * with its indicator (indicators.h). */
#include "narrative.h"
#include "indicators.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NARRATIVE_MAX_SENTENCE
#define NARRATIVE_MAX_SENTENCE 4000 /* bytes: a longer run without a full stop is cut (glued tables) */
#endif
#define S_TEXT_MAX 300

static void S_rule_free(narrative_rule *nr) {
  for (int a = 0; a < nr->nalt; a++) free(nr->alt[a].name);
  free(nr->indicator);
  pcre2_code_free(nr->re);
}

/* The names of a rule (joined by |; each an indicator, a field id, or field ids joined by +) into nr->alt. */
static int S_parse_names(const ogi_rules *r, const char *names, narrative_rule *nr, const char *path, int line,
                         char *err, size_t errlen) {
  for (const char *p = names; p;) {
    const char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    if (nr->nalt == NARRATIVE_MAX_ALTS) {
      snprintf(err, errlen, "%s:%d: more than %d names", path, line, NARRATIVE_MAX_ALTS);
      return -1;
    }
    narrative_alt *a = &nr->alt[nr->nalt++];
    a->name = og_xstrndup(p, n);
    a->indicator = strchr(a->name, '+') ? -1 : indicators_find(r, a->name);
    for (char *q = a->name; a->indicator < 0 && q;) {
      char *plus = strchr(q, '+');
      if (plus) *plus = 0;
      int f = og_field_index(r, q);
      if (f < 0 || a->nfields == NARRATIVE_MAX_TERMS) {
        snprintf(err, errlen, "%s:%d: %s is neither an indicator of indicators.tsv nor a field id%s", path, line, q,
                 plus || a->nfields ? " (or a sum of at most 16 field ids)" : "");
        if (plus) *plus = '+';
        return -1;
      }
      a->fields[a->nfields++] = f;
      if (plus) *plus = '+';
      q = plus ? plus + 1 : NULL;
    }
    p = bar ? bar + 1 : NULL;
  }
  return 0;
}

int narrative_parse(ogi_rules *r, const char *path, char **lines, int nlines, char *err, size_t errlen) {
  for (int i = 0; i < nlines; i++) {
    if (!lines[i][0] || lines[i][0] == '#') continue;
    char *tab = strchr(lines[i], '\t');
    if (!tab || strchr(tab + 1, '\t')) {
      snprintf(err, errlen, "%s:%d: expected an indicator name, a tab, and a pattern", path, i + 1);
      return -1;
    }
    *tab = 0;
    narrative_rule nr;
    memset(&nr, 0, sizeof nr);
    if (S_parse_names(r, lines[i], &nr, path, i + 1, err, errlen) < 0) {
      S_rule_free(&nr);
      return -1;
    }
    int ec;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)(tab + 1), PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &ec,
                                   &off, NULL);
    if (!re) {
      S_rule_free(&nr);
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(ec, msg, sizeof msg);
      snprintf(err, errlen, "%s:%d: bad pattern at offset %zu: %s", path, i + 1, (size_t)off, (char *)msg);
      return -1;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    nr.indicator = og_xstrdup(lines[i]);
    nr.re = re;
    nr.line = i + 1;
    r->narrative = og_xrealloc(r->narrative, sizeof *r->narrative * (size_t)(r->nnarrative + 1));
    r->narrative[r->nnarrative++] = nr;
  }
  return 0;
}

void narrative_rules_free(ogi_rules *r) {
  for (int i = 0; i < r->nnarrative; i++) S_rule_free(&r->narrative[i]);
  free(r->narrative);
  r->narrative = NULL;
  r->nnarrative = 0;
}

const char *narrative_status_name(int status) {
  return status == NARRATIVE_MATCH ? "match" : status == NARRATIVE_MISMATCH ? "mismatch" : "unchecked";
}

/* A line of a table: three or more whitespace-separated numbers that stand alone, each followed by another
 * number or the end of the line (a sentence's numbers are followed by their unit: "3050 件"). */
static int S_is_number_word(const char *w, const char *e) {
  int digits = 0;
  for (; w < e; w++) {
    if (*w >= '0' && *w <= '9') digits = 1;
    else if (*w != '.' && *w != ',') return 0;
  }
  return digits;
}
static int S_is_table_line(const char *s) {
  int cells = 0, prev = 0; /* prev: the word before was a number */
  for (const char *p = s;;) {
    while (*p == ' ') p++;
    if (!*p) break;
    const char *w = p;
    while (*p && *p != ' ') p++;
    int num = S_is_number_word(w, p);
    if (prev) cells += num; /* a number followed by a number */
    prev = num;
  }
  return cells + prev >= 3; /* + the last, followed by the end of the line */
}

typedef struct {
  og_buf text;   /* the sentence so far, whitespace removed */
  size_t *off;  /* where each piece starts in text, and its source line */
  int *line;
  int n, cap;
} S_sentence;

static void S_piece(S_sentence *s, int line) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->off = og_xrealloc(s->off, sizeof *s->off * (size_t)s->cap);
    s->line = og_xrealloc(s->line, sizeof *s->line * (size_t)s->cap);
  }
  s->off[s->n] = s->text.len;
  s->line[s->n++] = line;
}

static int S_line_at(const S_sentence *s, size_t off) {
  int line = s->n ? s->line[0] : 0;
  for (int i = 0; i < s->n && s->off[i] <= off; i++) line = s->line[i];
  return line;
}

/* The sentence's text around [a, b), at most S_TEXT_MAX bytes, cut at character boundaries. */
static char *S_excerpt(const char *t, size_t len, size_t a, size_t b) {
  size_t from = 0, to = len;
  if (len > S_TEXT_MAX) {
    from = a > S_TEXT_MAX / 2 ? a - S_TEXT_MAX / 2 : 0;
    to = b + S_TEXT_MAX / 4 < len ? b + S_TEXT_MAX / 4 : len;
    while (from > 0 && ((unsigned char)t[from] & 0xC0) == 0x80) from--;
    while (to < len && ((unsigned char)t[to] & 0xC0) == 0x80) to++;
  }
  return og_xstrndup(t + from, to - from);
}

static void S_add_item(ogi_report *rep, const narrative_item *it) {
  rep->narrative = og_xrealloc(rep->narrative, sizeof *rep->narrative * (size_t)(rep->nnarrative + 1));
  rep->narrative[rep->nnarrative++] = *it;
}

static int S_seen(const ogi_report *rep, const char *indicator, double stated, const char *text) {
  for (int i = 0; i < rep->nnarrative; i++)
    if (rep->narrative[i].indicator == indicator && rep->narrative[i].stated == stated &&
        !strcmp(rep->narrative[i].text, text))
      return 1;
  return 0;
}

/* The value of one alternative for the report: 1 with *v set, 0 when a value it needs is null. A field the
 * template does not have counts 0 (as in indicators.tsv). */
static int S_alt_value(const ogi_report *rep, const narrative_alt *a, double *v) {
  if (a->indicator >= 0) return indicators_value(rep, rep->rules->indicators[a->indicator].name, v) == 1;
  *v = 0;
  for (int i = 0; i < a->nfields; i++) {
    const og_value *x = &rep->values[a->fields[i]];
    if (!x->present) continue;
    if (!x->found) return 0;
    *v += x->value;
  }
  return 1;
}

/* The figure against the things it may be (nr->alt): the first equal one is a match; else a mismatch with
 * the first that has a value; else unchecked with the first. it->indicator points into the rules. */
static void S_compare(const ogi_report *rep, const narrative_rule *nr, narrative_item *it) {
  const char *first = NULL;
  for (int a = 0; a < nr->nalt; a++) {
    double v = 0;
    if (!S_alt_value(rep, &nr->alt[a], &v)) continue;
    if (v == it->stated) {
      it->indicator = nr->alt[a].name;
      it->table = v;
      it->status = NARRATIVE_MATCH;
      return;
    }
    if (!first) {
      first = nr->alt[a].name;
      it->table = v;
    }
  }
  it->indicator = first ? first : nr->alt[0].name;
  if (first) it->status = NARRATIVE_MISMATCH;
}

/* The figure of a match (rc, ov of pcre2_match over t): group 1's number, thousands separators left out, or
 * 0 for a pattern without a group (it states there were none); *at where it stands. */
static double S_figure(const char *t, const PCRE2_SIZE *ov, int rc, size_t *at) {
  *at = ov[0];
  if (rc <= 1 || ov[2] == PCRE2_UNSET) return 0;
  char num[64];
  size_t n = 0;
  for (size_t i = ov[2]; i < ov[3] && n + 1 < sizeof num; i++)
    if (t[i] != ',') num[n++] = t[i];
  num[n] = 0;
  *at = ov[2];
  return strtod(num, NULL);
}

/* The text contradicts field fi (named already when it is `named`): when fi's row was placed as a reading of
 * its line (cells vanished, digits glued), the other values of the row are named too: the contradiction says
 * the reading may be wrong, and a number put in the wrong cell moves two values, not one. */
static void S_doubt_row(ogi_report *rep, int fi, const char *named, const narrative_item *it, int *done, int *ndone) {
  const ogi_rules *rules = rep->rules;
  if (fi < 0 || !rep->values[fi].found || !rep->values[fi].reading || rep->values[fi].corrected) return;
  for (int r = 0; r < rules->nrows; r++) {
    const og_rowdef *rd = &rules->rows[r];
    int in = 0;
    for (int k = 0; k < rd->nvalues && !in; k++) in = rd->fields[k] == fi;
    if (!in) continue;
    for (int q = 0; q < *ndone; q++)
      if (done[q] == r) return; /* (the row is named already, for another field of the figure) */
    if (*ndone < OGI_ROW_MAX) done[(*ndone)++] = r;
    for (int k = 0; k < rd->nvalues; k++) {
      const char *id = rules->fields[rd->fields[k]].id;
      const og_value *v = &rep->values[rd->fields[k]];
      if (!v->found || !v->reading || v->corrected || (named && !strcmp(named, id))) continue;
      og_warn(rep, "narrative_mismatch", id, it->line, 0,
             "%s: its line printed fewer numbers than cells (or glued digits), and the text's %g for %s "
             "contradicts the cell each was read into: this value may stand in another cell",
             rd->id, it->stated, rules->fields[fi].id);
    }
    return;
  }
}

static void S_match_sentence(ogi_report *rep, const S_sentence *s, pcre2_match_data *md) {
  const ogi_rules *rules = rep->rules;
  const char *t = s->text.data;
  size_t len = s->text.len;
  for (int k = 0; k < rules->nnarrative; k++) {
    const narrative_rule *nr = &rules->narrative[k];
    for (PCRE2_SIZE start = 0; start <= len;) {
      int rc = pcre2_match(nr->re, (PCRE2_SPTR)t, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
      if (rc < 0) break;
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      size_t at;
      double stated = S_figure(t, ov, rc, &at);
      narrative_item it = {NULL, S_line_at(s, at), stated, NAN, NARRATIVE_UNCHECKED, S_excerpt(t, len, ov[0], ov[1])};
      S_compare(rep, nr, &it);
      start = ov[1] > start ? ov[1] : start + 1;
      if (S_seen(rep, it.indicator, it.stated, it.text)) {
        free(it.text);
        continue;
      }
      S_add_item(rep, &it);
      if (it.status == NARRATIVE_MISMATCH) {
        const indicator_def *d = indicators_def_for(rep, it.indicator);
        const char *field = d && d->nnum == 1 && !d->nden ? rules->fields[d->num[0]].id : NULL;
        if (!d && og_field_index(rules, it.indicator) >= 0) field = it.indicator; /* a field's own statement */
        og_buf f;
        og_buf_init(&f);
        for (int i = 0; d && i < d->nnum; i++) og_buf_printf(&f, "%s%s", i ? " + " : "", rules->fields[d->num[i]].id);
        if (d)
          og_warn(rep, "narrative_mismatch", field, it.line, 0, "the text says %g (\"%s\"), the table's %s (%s) is %g",
                 stated, it.text, it.indicator, f.data ? f.data : "", it.table);
        else
          og_warn(rep, "narrative_mismatch", field, it.line, 0, "the text says %g (\"%s\"), the table's %s is %g", stated,
                 it.text, it.indicator, it.table);
        og_buf_free(&f);
        int done[OGI_ROW_MAX], ndone = 0;
        if (d)
          for (int i = 0; i < d->nnum; i++) S_doubt_row(rep, d->num[i], field, &it, done, &ndone);
        else if (field)
          S_doubt_row(rep, og_field_index(rules, field), field, &it, done, &ndone);
      }
    }
  }
}

typedef void (*S_sentence_fn)(const S_sentence *s, pcre2_match_data *md, void *ctx);

static void S_flush(S_sentence *s, pcre2_match_data *md, S_sentence_fn fn, void *ctx) {
  if (s->text.len) {
    og_buf_putc(&s->text, 0);
    s->text.len--;
    fn(s, md, ctx);
  }
  s->text.len = 0;
  s->n = 0;
}

/* Full stops: 。！？； and their ASCII forms (the text is normalized: full-width ASCII folded). */
static int S_is_stop(int32_t cp) { return cp == 0x3002 || cp == '!' || cp == '?' || cp == ';' || cp == 0xFF61; }

/* Every sentence of d's running text (table lines left out), whitespace removed, to fn. */
static void S_sentences(const og_doc *d, S_sentence_fn fn, void *ctx) {
  S_sentence s = {{0}, NULL, NULL, 0, 0};
  og_buf_init(&s.text);
  pcre2_match_data *md = pcre2_match_data_create(8, NULL);
  for (size_t l = 0; l < d->nlines; l++) {
    const char *p = d->lines[l].text;
    if (S_is_table_line(p)) {
      S_flush(&s, md, fn, ctx);
      continue;
    }
    S_piece(&s, d->lines[l].line);
    for (size_t i = 0, n = strlen(p); i < n;) {
      int32_t cp;
      int k = og_utf8_next(p + i, n - i, &cp);
      if (!og_is_space_cp(cp)) og_buf_put(&s.text, p + i, (size_t)k);
      i += (size_t)k;
      if (S_is_stop(cp) || s.text.len > NARRATIVE_MAX_SENTENCE) {
        S_flush(&s, md, fn, ctx);
        S_piece(&s, d->lines[l].line);
      }
    }
  }
  S_flush(&s, md, fn, ctx);
  pcre2_match_data_free(md);
  og_buf_free(&s.text);
  free(s.off);
  free(s.line);
}

static void S_check_sentence(const S_sentence *s, pcre2_match_data *md, void *ctx) { S_match_sentence(ctx, s, md); }

void narrative_check(ogi_report *rep, const og_doc *d) {
  if (!rep->rules->nnarrative || !rep->values) return;
  S_sentences(d, S_check_sentence, rep);
}

typedef struct {
  const ogi_rules *rules;
  const char *field;
  narrative_figure *out;
  int n, max;
} S_stated;

/* The figures of one sentence stated for the field (a rule naming it alone or among alternatives). */
static void S_stated_sentence(const S_sentence *s, pcre2_match_data *md, void *ctx) {
  S_stated *q = ctx;
  const char *t = s->text.data;
  size_t len = s->text.len, flen = strlen(q->field);
  for (int k = 0; k < q->rules->nnarrative; k++) {
    const narrative_rule *nr = &q->rules->narrative[k];
    /* only a rule naming the field alone: "a|b" says the figure is one of them, not which */
    if (strlen(nr->indicator) != flen || strcmp(nr->indicator, q->field) != 0) continue;
    for (PCRE2_SIZE start = 0; start <= len;) {
      int rc = pcre2_match(nr->re, (PCRE2_SPTR)t, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
      if (rc < 0) break;
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      start = ov[1] > start ? ov[1] : start + 1;
      if (q->n >= q->max) continue;
      size_t at;
      double value = S_figure(t, ov, rc, &at);
      narrative_figure *f = &q->out[q->n++];
      f->value = value;
      f->line = S_line_at(s, at);
      f->text = S_excerpt(t, len, ov[0], ov[1]);
    }
  }
}

int narrative_stated(const ogi_rules *rules, const og_doc *d, const char *field, narrative_figure *out, int max) {
  if (!rules->nnarrative) return 0;
  S_stated q = {rules, field, out, 0, max};
  S_sentences(d, S_stated_sentence, &q);
  return q.n;
}

typedef struct {
  const ogi_rules *rules;
  narrative_statement *out;
  int n, max;
} S_statements;

/* A rule stating fields: every name a field or a sum of fields. */
static int S_states_fields(const narrative_rule *nr) {
  for (int a = 0; a < nr->nalt; a++)
    if (nr->alt[a].indicator >= 0) return 0;
  return nr->nalt > 0;
}

static void S_statement_sentence(const S_sentence *s, pcre2_match_data *md, void *ctx) {
  S_statements *q = ctx;
  const char *t = s->text.data;
  size_t len = s->text.len;
  for (int k = 0; k < q->rules->nnarrative; k++) {
    const narrative_rule *nr = &q->rules->narrative[k];
    if (!S_states_fields(nr)) continue;
    for (PCRE2_SIZE start = 0; start <= len && q->n < q->max;) {
      int rc = pcre2_match(nr->re, (PCRE2_SPTR)t, len, start, PCRE2_NO_UTF_CHECK, md, NULL);
      if (rc < 0) break;
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
      start = ov[1] > start ? ov[1] : start + 1;
      size_t at;
      narrative_statement *st = &q->out[q->n++];
      st->rule = nr;
      st->value = S_figure(t, ov, rc, &at);
      st->line = S_line_at(s, at);
      st->text = S_excerpt(t, len, ov[0], ov[1]);
    }
  }
}

int narrative_statements(const ogi_rules *rules, const og_doc *d, narrative_statement *out, int max) {
  if (!rules->nnarrative || max <= 0) return 0;
  S_statements q = {rules, out, 0, max};
  S_sentences(d, S_statement_sentence, &q);
  return q.n;
}

void narrative_items_free(ogi_report *rep) {
  for (int i = 0; i < rep->nnarrative; i++) free(rep->narrative[i].text);
  free(rep->narrative);
  rep->narrative = NULL;
  rep->nnarrative = 0;
}
