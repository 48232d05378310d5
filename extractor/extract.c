/* The rule engine's driver (extract.h): og_extract_fields finds the table regions and the template (rows.c),
 * the candidates and their rows, what kind of text the document is (collapsed, raw pdftotext, one cell per
 * line, aligned columns: 表三's geometry), then runs the stages in order: 表二, 表三, 表四 (tables.c, with
 * fit.c and place.c), the rows printed blank, the joint solve (place.c) and the displaced totals. */
#include "extract.h"
#include "extract_int.h"
#include "columns.h"
#include "fit.h"
#include "place.h"
#include "rows.h"
#include "solve.h"
#include "tables.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- driver */

/* Rows whose label is printed with no number before the next row's label: every cell of the row printed
 * nothing (blank-zero reports in forms that drop empty cells: one text node per line, aligned text). Only in
 * a table whose every run of numbers follows a row label (at least three do in 表三, one in 表二), so that layouts printing
 * labels and numbers apart (raw pdftotext: a block of labels, then the numbers column by column) are not
 * read as blank. */
/* Row `row`, whose label (token lt) the next row's follows with no number between, is printed blank, unless
 * numbers were read as its own (even if they did not fit) or it is placed. */
/* 1 when text has, after row rd's label, a count with a cell unit ("行政许可10690件第二十条…": glued text whose
 * count kept its unit): the row is not bare, whatever the tokenizer made of it. */
static int S_count_after_label(const og_ctx *x, const og_rowdef *rd, const char *text) {
  size_t len = strlen(text), ms, me;
  if (!x->d->words || !og_re_last_match(rd->re, x->md, text, len, &ms, &me)) return 0;
  for (size_t i = me; i < len; i++) {
    if (text[i] < '0' || text[i] > '9') continue;
    size_t e = i;
    while (e < len && text[e] >= '0' && text[e] <= '9') e++;
    for (size_t u = 0; u < x->d->words->cell_unit.n; u++) {
      const char *unit = x->d->words->cell_unit.w[u];
      if (strncmp(text + e, unit, strlen(unit)) == 0) return 1;
    }
    i = e;
  }
  return 0;
}

static void S_blank_if_bare(og_ctx *x, int row, size_t lt_tok, size_t from, size_t to) {
  ogi_report *r = x->r;
  const og_rowdef *rd = &r->rules->rows[row];
  int has_numbers = 0;
  for (int i = 0; i < x->nc && !has_numbers; i++)
    has_numbers = x->c[i].row == row && x->c[i].nnum > 0 && x->c[i].pos >= from && x->c[i].pos < to;
  if (og_row_taken(x, rd) || has_numbers) return;
  const og_token *lt = &x->d->tok[lt_tok];
  if (S_count_after_label(x, rd, lt->text)) {
    og_warn(r, "bad_row", r->rules->fields[rd->fields[0]].id, lt->line, lt->col,
           "%s: a count printed with its unit right after the label, in running text: not read as a cell; its "
           "fields are null", rd->id);
    return;
  }
  og_place_blank_row(r, rd, lt, lt->text);
  og_warn(r, "blank_row", r->rules->fields[rd->fields[0]].id, lt->line, lt->col,
         "%s: its label is printed with no number before the next row's: every cell blank (0)", rd->id);
}

static void S_blank_rows(og_ctx *x, int table, size_t from, size_t to) {
  ogi_report *r = x->r;
  const ogi_rules *rules = r->rules;
  if (from == OG_NONE) return;
  if (to == OG_NONE || to > x->d->ntok) to = x->d->ntok;
  int with_numbers = 0, unlabelled = 0;
  for (int i = 0; i < x->nc; i++) {
    const og_cand *c = &x->c[i];
    if (c->pos < from || c->pos >= to || c->nnum == 0) continue;
    if (c->row < 0) { /* numbers without a label: labels and numbers may be printed apart */
      unlabelled++;
      continue;
    }
    if (rules->rows[c->row].table != table) continue;
    if (c->nrun > rules->rows[c->row].nvalues) return; /* more numbers than the row has cells: the same */
    with_numbers++;
  }
  /* (a run or two of numbers whose label was not recognized, among many that follow theirs, is a label
   * misprinted or cut by the conversion — "1.属于  家秘密", a character lost — not a layout printing labels
   * and numbers apart (raw pdftotext, which does, excepted); its numbers still keep the label before them
   * from being read as blank) */
  if (with_numbers < (table == 2 ? 1 : 3) || unlabelled > (x->raw_pdf ? 0 : 2) || unlabelled * 5 > with_numbers) return;
  og_buf acc;
  og_buf_init(&acc);
  int pending = -1;
  size_t pending_tok = 0;
  for (size_t i = from; i <= to; i++) {
    const og_token *t = i < to ? &x->d->tok[i] : NULL;
    if (t && t->kind == OG_TOK_BREAK) continue;
    if (!t && to < x->d->ntok && x->d->tok[to].kind == OG_TOK_TEXT) {
      /* the text where the next region starts may still print this table's last labels before its title
       * ("四、结转下年度继续办理四、政府信息公开行政复议…") */
      og_buf_puts(&acc, x->d->tok[to].text);
      int last[OG_MAX_ROWS_IN], nl = og_rows_in(x, acc.data, table, last, OG_MAX_ROWS_IN);
      for (int b = 0; b < nl; b++) {
        if (!r->values[rules->rows[last[b]].fields[0]].present || last[b] == pending) continue;
        if (pending >= 0) S_blank_if_bare(x, pending, pending_tok, from, to);
        pending = last[b];
        pending_tok = to;
      }
    }
    int row = -1;
    if (t && t->kind == OG_TOK_TEXT) {
      og_buf_puts(&acc, t->text);
      if (acc.len > OGI_LABEL_MAX) { acc.len = 0; acc.data[0] = 0; og_buf_puts(&acc, t->text); }
      row = og_match_row(x, acc.data);
      if (row >= 0) {
        const og_rowdef *rd = &rules->rows[row];
        if (rd->table != table || !r->values[rd->fields[0]].present) row = -1;
      }
      if (row < 0) continue;
      /* rows whose labels this text prints before the row's, with no number between: each printed blank */
      int before[OG_MAX_ROWS_IN], nb = og_rows_in(x, acc.data, 0, before, OG_MAX_ROWS_IN);
      for (int b = 0; b + 1 < nb && before[nb - 1] == row; b++) {
        const og_rowdef *rd = &rules->rows[before[b]];
        if (rd->table != table || !r->values[rd->fields[0]].present || before[b] == pending) continue;
        if (pending >= 0) S_blank_if_bare(x, pending, pending_tok, from, to);
        pending = before[b];
        pending_tok = i;
      }
      acc.len = 0;
      acc.data[0] = 0;
    }
    /* a number, the next row's label or the end of the table: the pending label's row is decided */
    if (pending >= 0 && (t == NULL || row >= 0) && row != pending) S_blank_if_bare(x, pending, pending_tok, from, to);
    if (row >= 0) {
      pending = row;
      pending_tok = i;
    } else {
      pending = -1; /* a number: the pending row has cells */
      acc.len = 0;
      if (acc.data) acc.data[0] = 0;
    }
  }
  og_buf_free(&acc);
}

/* Whether word (a header token's text, or pieces of one joined) names one of 表三's columns not yet found:
 * then header[column] = token i, and 1. */
static int S_header_word(const og_ctx *x, size_t *header, const char *word, size_t i) {
  const ogi_rules *rules = x->r->rules;
  int got = 0;
  for (int k = 0; k < rules->ncolwords; k++) {
    int col = rules->colwords[k].key - 1;
    if (col < 0 || col >= OG_NCOLS || header[col] != OG_NONE) continue;
    if (og_re_search(rules->colwords[k].re, x->md, word, strlen(word))) header[col] = i, got++;
  }
  return got;
}

/* 表三's column positions in aligned text: its labelled rows that print seven numbers on one line, and the
 * header words (columns.tsv) between the table's start and its first row. */
static og_geom *S_build_geometry(og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  if (rules->ncolwords == 0) return NULL;
  size_t *full = NULL, *nums = NULL, first_row = OG_NONE;
  int nfull = 0, nnums = 0, lines_with_many = 0, longest = 0;
  for (int i = 0; i < x->nc; i++) {
    const og_cand *c = &x->c[i];
    if (x->t3s != OG_NONE && c->pos >= x->t3s && (x->t4s == OG_NONE || c->pos < x->t4s) && c->nnum > longest)
      longest = c->nnum;
    int one_line = 1;
    for (int k = 1; k < c->nrun; k++) one_line &= x->d->tok[c->run[k]].line == x->d->tok[c->run[0]].line;
    if (one_line && c->nrun >= 2) lines_with_many++;
    if (x->t3s == OG_NONE || c->pos < x->t3s || (x->t4s != OG_NONE && c->pos >= x->t4s)) continue;
    if (c->row >= 0 && rules->rows[c->row].table == 3 && first_row == OG_NONE) first_row = c->pos;
    if (c->row >= 0 && rules->rows[c->row].table == 3 && one_line && c->nrun >= 2 && c->nrun <= OG_NCOLS) {
      nums = og_xrealloc(nums, sizeof(size_t) * (size_t)(nnums + c->nrun));
      for (int k = 0; k < c->nrun; k++) nums[nnums++] = c->run[k];
    }
    if (c->row < 0 || rules->rows[c->row].table != 3 || c->nrun != OG_NCOLS || c->nnum != OG_NCOLS || !one_line) continue;
    full = og_xrealloc(full, sizeof(size_t) * (size_t)(nfull + 1) * OG_NCOLS);
    memcpy(full + (size_t)nfull * OG_NCOLS, c->run, sizeof(size_t) * OG_NCOLS);
    nfull++;
  }
  if (lines_with_many < 3) { /* not aligned text: the numbers do not share lines */
    free(full);
    free(nums);
    return NULL;
  }
  og_geom *g = og_geom_new(x->r->text, x->r->textlen);
  size_t header[OG_NCOLS];
  for (int k = 0; k < OG_NCOLS; k++) header[k] = OG_NONE;
  size_t hend = first_row == OG_NONE ? x->d->ntok : first_row;
  int found = 0;
  for (size_t i = x->t3s; x->t3s != OG_NONE && i < hend; i++)
    if (x->d->tok[i].kind == OG_TOK_TEXT) found += S_header_word(x, header, x->d->tok[i].text, i);
  /* narrow header cells wrap their word over lines ("自" / "然" / "人"): the pieces stacked over the same
   * columns, joined, when the words one to a token leave columns unfound */
  og_buf w;
  og_buf_init(&w);
  for (size_t i = x->t3s; g && found < OG_NCOLS && x->t3s != OG_NONE && i < hend; i++) {
    size_t piece[4];
    int n = x->d->tok[i].kind == OG_TOK_TEXT ? og_geom_stack(g, x->d, i, hend, piece, 4) : 0;
    w.len = 0;
    og_buf_puts(&w, x->d->tok[i].text);
    for (int k = 1; k < n; k++) {
      og_buf_puts(&w, x->d->tok[piece[k]].text);
      int got = S_header_word(x, header, w.data, i);
      found += got;
      if (got) break;
    }
  }
  og_buf_free(&w);
  /* (the header names the six applicant columns and no 总计, and no row prints seven numbers: the table was
   * cut at the page's right edge) */
  int named = 0;
  for (int k = 0; k < OG_NCOLS - 1; k++) named += header[k] != OG_NONE;
  x->no_total = named == OG_NCOLS - 1 && header[OG_NCOLS - 1] == OG_NONE && nfull == 0 && longest == OG_NCOLS - 1;
  og_geom_fit(g, x->d, full, nfull, header, nums, nnums);
  free(full);
  free(nums);
  return g;
}

/* Whether blank cells print nothing in this document, so that a short run may stand for a row with blank
 * cells: in collapsed text, when no table cell prints 0; in glued text, when two rows' digits are fewer than
 * its cells. */
#define S_ALL_TABLES (1 << 2 | 1 << 3 | 1 << 4)
static int S_blanks_vanish(const og_ctx *x) {
  const ogi_rules *rules = x->r->rules;
  if (x->d->tables > 0) return 0; /* table cells are read as cells, empty ones included */
  int evidence = 0;
  if (x->collapsed) {
    int zero = 0;
    for (size_t i = x->first; i < x->d->ntok && !zero; i++)
      zero = x->d->tok[i].kind == OG_TOK_NUM && x->d->tok[i].value == 0;
    /* a blank printed as a marker ("—") among a row's numbers is printed too: no cell vanished */
    for (int i = 0; i < x->nc && !zero; i++)
      for (int k = 0; k < x->c[i].nrun && !zero; k++)
        zero = x->c[i].row >= 0 && x->d->tok[x->c[i].run[k]].kind == OG_TOK_BLANK;
    if (!zero) return S_ALL_TABLES;
    /* a report may print 0 in some cells and leave others empty: rows that no reading of collapsed lines
     * adds up, and some reading with vanished blanks does ("8" alone under a row of seven), say so */
    int(*cells)[OG_MAXV] = og_xmalloc(sizeof *cells * OG_MAX_READINGS);
    for (int i = 0; i < x->nc && evidence < 2; i++) {
      const og_cand *c = &x->c[i];
      if (c->row < 0 || rules->rows[c->row].table != 3 || c->nnum != c->nrun || c->nrun >= rules->rows[c->row].nvalues)
        continue;
      double vals[OG_MAXV];
      int blank[OG_MAXV] = {0}, m = c->nrun, k = rules->rows[c->row].nvalues;
      for (int j = 0; j < m; j++) vals[j] = x->d->tok[c->run[j]].value;
      og_accept_ctx ac = {x->r, &rules->rows[c->row]};
      if (og_expand_collapsed(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS) == 0 &&
          og_expand_collapsed_vanished(vals, blank, m, k, og_accept_row, &ac, cells, OG_MAX_READINGS) > 0)
        evidence++;
    }
    free(cells);
    return evidence >= 2 ? 1 << 3 : 0; /* (表三's: 表四 printing 0 is read as its own lines say) */
  }
  for (int i = 0; i < x->nc; i++) {
    const og_cand *c = &x->c[i];
    if (c->row < 0 || rules->rows[c->row].table == 4 || c->nnum != c->nrun) continue;
    /* labels of other rows of the table before this row's, with no digit between: those rows printed
     * nothing at all (a report printing its zeros prints digits in every row) */
    if (rules->rows[c->row].table == 3 && c->nnum > 0 && x->d->tok[c->run[0]].glued) {
      int in[OG_MAX_ROWS_IN], nin = og_rows_in(x, c->label, 3, in, OG_MAX_ROWS_IN), active = 0;
      for (int b = 0; b < nin; b++) active += x->r->values[rules->rows[in[b]].fields[0]].present && in[b] != c->row;
      evidence += active;
    }
    size_t digits = 0;
    int glued = 0;
    for (int k = 0; k < c->nrun; k++) {
      const og_token *t = &x->d->tok[c->run[k]];
      glued |= t->glued;
      for (const char *p = t->text; *p; p++) digits += *p >= '0' && *p <= '9';
    }
    if (!glued || digits >= (size_t)rules->rows[c->row].nvalues) continue;
    /* a table row: its label right before the digits (not a sentence that mentions a row's words): what
     * follows the label's match is the rest of a label (up to twenty characters: the patterns match a row's
     * first words), with no full stop or semicolon */
    size_t len = strlen(c->label), ms, me;
    if (og_re_last_match(rules->rows[c->row].re, x->md, c->label, len, &ms, &me) && og_utf8_count(c->label + me, len - me) <= 20 &&
        !strstr(c->label + me, "。") && !strchr(c->label + me, ';') && !strstr(c->label + me, "；"))
      evidence++;
  }
  return evidence >= 2 ? S_ALL_TABLES : 0;
}

/* Raw pdftotext output (without -layout): form feeds between pages, and almost no line with cells set apart
 * by runs of spaces. Its reading order inside tables is its own. */
static int S_is_raw_pdftotext(const char *text, size_t len) {
  if (!text || !memchr(text, '\f', len)) return 0;
  size_t lines = 0, gapped = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && text[e] != '\n') e++;
    int seen = 0, gap = 0, spaces = 0;
    for (size_t k = i; k < e; k++) {
      char ch = text[k];
      if (ch == ' ') spaces++;
      else if (ch != '\r' && ch != '\f' && ch != '\t') {
        if (seen && spaces >= 2) gap = 1;
        seen = 1;
        spaces = 0;
      }
    }
    if (seen) lines++;
    gapped += gap;
    i = e + 1;
  }
  return lines >= 20 && gapped * 50 < lines;
}

/* Text in which no line follows an identical one, although it has many short lines: a crawler collapsed
 * consecutive identical lines (a table's zero cells always repeat otherwise). */
static int S_is_collapsed(const og_doc *d) {
  if (d->tables > 0 || d->nlines < 60) return 0;
  size_t shortl = 0;
  for (size_t i = 0; i < d->nlines; i++) {
    if (strlen(d->lines[i].text) <= 12) shortl++;
    /* consecutive non-empty lines: repeats separated by empty lines were not collapsed either */
    if (i > 0 && strcmp(d->lines[i].text, d->lines[i - 1].text) == 0) return 0;
  }
  return shortl * 3 >= d->nlines;
}

int og_extract_fields(ogi_report *r, const og_doc *d) {
  const ogi_rules *rules = r->rules;
  og_ctx x;
  memset(&x, 0, sizeof x);
  x.r = r;
  x.d = d;
  x.md = pcre2_match_data_create(OG_MATCH_PAIRS, NULL);
  x.t2s = og_region_start(&x, 2, 0);
  x.t3s = og_region_start(&x, 3, x.t2s == OG_NONE ? 0 : x.t2s);
  x.t4s = og_region_start(&x, 4, x.t3s == OG_NONE ? (x.t2s == OG_NONE ? 0 : x.t2s) : x.t3s);
  if (r->year > 0 && r->year < r->rules->meta_words.template_year && !og_has_template_labels(&x)) {
    pcre2_match_data_free(x.md);
    return 0; /* legacy: the driver says so */
  }
  x.tmpl = og_detect_template(&x);
  r->variant = og_detect_variant(&x);
  r->tmpl = x.tmpl == OG_TMPL_2019 ? "2019" : "2021";
  for (int i = 0; i < rules->nfields; i++) {
    const og_field *f = &rules->fields[i];
    og_value *v = &r->values[i];
    v->present = f->table != 0 && (x.tmpl == OG_TMPL_2019 ? f->in2019 : f->in2021);
    if (f->table == 3) v->present = f->variant == 0 || f->variant == r->variant;
    if (f->table == 4) v->present = 1;
  }
  /* only candidates from the first table on can be rows: narrative and page furniture before it are not */
  x.first = x.t2s != OG_NONE ? x.t2s : x.t3s != OG_NONE ? x.t3s : x.t4s != OG_NONE ? x.t4s : 0;
  x.raw_pdf = d->tables == 0 && S_is_raw_pdftotext(r->text, r->textlen);
  x.fixed_pitch = r->format && strcmp(r->format, "pdf") == 0;
  og_build_candidates(&x);
  for (int i = 0; i < x.nc; i++) {
    if ((i & 255) == 0 && og_late(r)) {
      for (int k = i; k < x.nc; k++) { /* the candidates not matched are freed here (they leaked) */
        free(x.c[k].label);
        free(x.c[k].run);
      }
      x.nc = i;
      break;
    }
    x.c[i].row = og_match_row(&x, x.c[i].label);
  }
  x.collapsed = S_is_collapsed(d);
  x.vanish = S_blanks_vanish(&x);
  x.vgap = d->tables == 0 && !x.raw_pdf ? og_vertical_gap(&x, 0) : -1;
  x.vgap_lead = x.vgap >= 0 ? og_vertical_gap(&x, 1) : -1;
  /* past the deadline each later stage is skipped: the driver reports the timeout */
  if (d->tables == 0 && !x.raw_pdf && !x.collapsed && !og_late(r)) x.geom = S_build_geometry(&x);
  x.drifty = x.geom && !x.fixed_pitch && memchr(r->text, '\f', r->textlen) != NULL;
  if (!og_late(r)) og_extract_t2(&x);
  if (x.raw_pdf && !og_late(r)) og_t2_in_order(&x);
  if (!x.raw_pdf && !x.collapsed && !og_late(r)) og_t2_by_order(&x);
  if (!og_late(r)) og_extract_t3(&x);
  if (!og_late(r)) og_extract_t4(&x);
  if (!og_late(r)) S_blank_rows(&x, 2, x.t2s, x.t3s);
  if (!og_late(r)) S_blank_rows(&x, 3, x.t3s, x.t4s);
  if (!og_late(r)) og_solve_pending(&x);
  if (og_late(r)) x.raw_pdf = 0;
  if (x.raw_pdf) {
    /* raw pdftotext keeps no table order: a row that adds up in its order may still hold another row's
     * cells (a row of zeros, two equal numbers); every value read from it is named as such */
    for (int i = 0; i < rules->nfields; i++) {
      const og_value *v = &r->values[i];
      if (!v->present || !v->found) continue;
      og_warn(r, "reading_order", rules->fields[i].id, v->line, v->col,
             "read from raw pdftotext output (no -layout), which does not keep a table's order: check it against "
             "the PDF (or give ogi the PDF)");
    }
  }
  if (!og_late(r)) og_fill_displaced_totals(&x);
  if (!og_late(r)) og_fill_displaced_cells(&x);
  if (!og_late(r) && x.no_total) og_missing_total_column(&x);
  int placed = 0;
  for (int i = 0; i < rules->nfields; i++) placed += r->values[i].found;
  if (placed > 0) {
    /* one warning per row (or 表四) left empty */
    for (int k = 0; k < rules->nrows; k++) {
      const og_rowdef *rd = &rules->rows[k];
      if (!r->values[rd->fields[0]].present || og_row_taken(&x, rd) || og_row_any(r, rd)) continue;
      if (rd->table == 2 && rd->tmpl != x.tmpl) continue;
      int dup = 0;
      for (int j = 0; j < k; j++) dup |= rules->rows[j].fields[0] == rd->fields[0];
      if (dup) continue;
      og_warn(r, "not_found", rules->fields[rd->fields[0]].id, 0, 0, "%s: no values found; its %d fields are null",
             rd->id, rd->nvalues);
    }
  }
  og_geom_free(x.geom);
  for (int i = 0; i < x.npend; i++) free(x.pend[i].alts);
  free(x.pend);
  free(x.geo);
  for (int i = 0; i < x.nc; i++) {
    free(x.c[i].label);
    free(x.c[i].run);
  }
  free(x.c);
  pcre2_match_data_free(x.md);
  return placed;
}
