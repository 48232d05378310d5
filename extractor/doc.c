/* The document model (doc.h): the token stream the layout readers fill (words split into text, number and
 * blank tokens with their line and column; glued digits, enumerators, prose numbers, annotated cells), the
 * document's lines, the words of patterns/words.tsv that give tokens their meaning, and the limits' clock. */
#include "doc.h"
#include "normalize.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <time.h>

double og_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int og_doc_late(og_doc *d) {
  static _Thread_local unsigned calls;
  if (d->timed_out) return 1;
  if (d->deadline <= 0 || (++calls & 255) != 0) return 0;
  if (og_now() > d->deadline) d->timed_out = 1;
  return d->timed_out;
}

int og_doc_late_now(og_doc *d) {
  if (!d->timed_out && d->deadline > 0 && og_now() > d->deadline) d->timed_out = 1;
  return d->timed_out;
}

int og_doc_full(og_doc *d) {
  if (d->max_tokens && (d->ntok >= d->max_tokens || d->nlines >= d->max_tokens)) {
    d->truncated = 2;
    return 1;
  }
  return og_doc_late(d);
}

#ifndef OGI_MAX_LINE
#define OGI_MAX_LINE ((size_t)1 << 20) /* bytes of one line or cell read; a report's longest is ~200 KB */
#endif

/* A line or cell longer than OGI_MAX_LINE is cut there (at a character boundary), and the document marked
 * truncated: every later stage is linear in a line's length, some several times over. */
static size_t S_cap_len(og_doc *d, const char *raw, size_t len) {
  if (len <= OGI_MAX_LINE) return len;
  d->truncated = 2;
  size_t n = OGI_MAX_LINE;
  while (n > 0 && (((unsigned char)raw[n]) & 0xC0) == 0x80) n--;
  return n;
}

struct og_chunk {
  og_chunk *next;
  size_t used, cap;
  char data[];
};

void og_doc_init(og_doc *d) { memset(d, 0, sizeof *d); }

char *og_doc_strndup(og_doc *d, const char *s, size_t n) {
  if (!d->chunks || d->chunks->used + n + 1 > d->chunks->cap) {
    size_t cap = n + 1 > 65536 ? n + 1 : 65536;
    og_chunk *c = og_xcalloc(1, sizeof *c + cap + 32); /* zeroed slack after the last string, as in util.c */
    c->next = d->chunks;
    c->used = 0;
    c->cap = cap;
    d->chunks = c;
  }
  char *p = d->chunks->data + d->chunks->used;
  memcpy(p, s, n);
  p[n] = 0;
  d->chunks->used += n + 1;
  return p;
}

static char *S_doc_strdup(og_doc *d, const char *s) { return og_doc_strndup(d, s, strlen(s)); }

void og_doc_free(og_doc *d) {
  og_buf_free(&d->scratch);
  og_buf_free(&d->word);
  og_buf_free(&d->cell_norm);
  og_buf_free(&d->cell_word);
  while (d->chunks) {
    og_chunk *next = d->chunks->next;
    free(d->chunks);
    d->chunks = next;
  }
  free(d->tok);
  free(d->lines);
  og_doc_init(d);
}

static og_token *S_doc_push(og_doc *d, og_tok_kind kind) {
  if (d->ntok == d->captok) {
    d->captok = d->captok ? d->captok * 2 : 256;
    d->tok = og_xrealloc(d->tok, d->captok * sizeof *d->tok);
  }
  og_token *t = &d->tok[d->ntok++];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->table = t->row = t->cell = -1;
  return t;
}

void og_doc_break(og_doc *d) {
  if (d->ntok && d->tok[d->ntok - 1].kind == OG_TOK_BREAK) return;
  og_token *t = S_doc_push(d, OG_TOK_BREAK);
  t->text = t->raw = S_doc_strdup(d, "");
}

/* Stores a line of len bytes (copied into the document's chunks). */
static void S_doc_push_line(og_doc *d, const char *text, size_t len, int line) {
  if (d->nlines == d->caplines) {
    d->caplines = d->caplines ? d->caplines * 2 : 128;
    d->lines = og_xrealloc(d->lines, d->caplines * sizeof *d->lines);
  }
  d->lines[d->nlines].text = og_doc_strndup(d, text, len);
  d->lines[d->nlines].line = line;
  d->nlines++;
}

void og_doc_add_line(og_doc *d, const char *raw, size_t len, int line) {
  len = S_cap_len(d, raw, len);
  char *norm = og_normalize(raw, len);
  /* collapse whitespace runs to one space and trim */
  og_buf b;
  og_buf_init(&b);
  size_t n = strlen(norm);
  int pending = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = og_utf8_next(norm + i, n - i, &cp);
    if (og_is_space_cp(cp)) pending = b.len > 0;
    else {
      if (pending) og_buf_putc(&b, ' ');
      pending = 0;
      og_buf_put(&b, norm + i, (size_t)k);
    }
    i += (size_t)k;
  }
  free(norm);
  if (b.len) S_doc_push_line(d, b.data, b.len, line);
  og_buf_free(&b);
}

static int S_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int S_cmp_cp(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}
static int S_list_has(const og_wordlist *l, const char *s) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->w[i], s) == 0) return 1;
  return 0;
}

static void S_list_push(og_wordlist *l, const char *s) {
  l->w = og_xrealloc(l->w, sizeof *l->w * (l->n + 1));
  l->w[l->n++] = og_xstrdup(s);
}

int og_words_add(og_words *w, const char *kind, const char *word, char *why, size_t whylen) {
  static const char *const kinds[] = {"blank", "prose_unit", "prose_before", "cell_unit", "wan", "yuan", "numeral", "date_unit", NULL};
  int k = 0;
  while (kinds[k] && strcmp(kinds[k], kind) != 0) k++;
  if (!kinds[k]) {
    snprintf(why, whylen, "unknown kind '%s' (blank, prose_unit, prose_before, cell_unit, wan, yuan, numeral or date_unit)",
             kind);
    return -1;
  }
  for (size_t i = 0, n = strlen(word); i < n;) {
    int32_t cp;
    i += (size_t)og_utf8_next(word + i, n - i, &cp);
    if (og_is_space_cp(cp)) {
      snprintf(why, whylen, "a %s word has no whitespace (words are matched with whitespace removed)", kind);
      return -1;
    }
  }
  char *norm = og_normalize(word, strlen(word));
  int rc = 0;
  if (!norm[0]) {
    snprintf(why, whylen, "empty %s word", kind);
    rc = -1;
  } else if (k == 1 || k == 2 || k == 6 || k == 7) {
    int32_t cp;
    size_t len = strlen(norm);
    if ((size_t)og_utf8_next(norm, len, &cp) != len || cp == 0xFFFD) {
      snprintf(why, whylen, "a %s is one character, not '%s'", kind, word);
      rc = -1;
    } else {
      og_cplist *l = k == 1 ? &w->prose_unit : k == 2 ? &w->prose_before : k == 6 ? &w->numeral : &w->date_unit;
      size_t i = 0;
      while (i < l->n && l->cp[i] != cp) i++;
      if (i == l->n) {
        l->cp = og_xrealloc(l->cp, sizeof *l->cp * (l->n + 1));
        l->cp[l->n++] = cp;
      }
    }
  } else if (k != 0 && (norm[0] >= '0' && norm[0] <= '9')) {
    snprintf(why, whylen, "a %s word cannot start with a digit", kind);
    rc = -1;
  } else {
    og_wordlist *l = k == 0 ? &w->blank : k == 3 ? &w->cell_unit : k == 4 ? &w->wan : &w->yuan;
    if (!S_list_has(l, norm)) S_list_push(l, norm);
  }
  free(norm);
  return rc;
}

/* An insertion sort, stable: words of equal length keep the file's order (the lists are short). */
static void S_sort_stable(og_wordlist *l, int (*cmp)(const void *, const void *)) {
  for (size_t i = 1; i < l->n; i++) {
    char *x = l->w[i];
    size_t j = i;
    while (j > 0 && cmp(&l->w[j - 1], &x) > 0) {
      l->w[j] = l->w[j - 1];
      j--;
    }
    l->w[j] = x;
  }
}

static int S_cmp_len(const void *a, const void *b) {
  size_t lx = strlen(*(char *const *)a), ly = strlen(*(char *const *)b);
  return lx < ly ? 1 : lx > ly ? -1 : 0;
}

void og_words_finish(og_words *w) {
  if (w->blank.n) qsort(w->blank.w, w->blank.n, sizeof *w->blank.w, S_cmp_str);
  if (w->prose_unit.n) qsort(w->prose_unit.cp, w->prose_unit.n, sizeof *w->prose_unit.cp, S_cmp_cp);
  if (w->prose_before.n) qsort(w->prose_before.cp, w->prose_before.n, sizeof *w->prose_before.cp, S_cmp_cp);
  if (w->date_unit.n) qsort(w->date_unit.cp, w->date_unit.n, sizeof *w->date_unit.cp, S_cmp_cp);
  if (w->numeral.n) qsort(w->numeral.cp, w->numeral.n, sizeof *w->numeral.cp, S_cmp_cp);
  S_sort_stable(&w->cell_unit, S_cmp_len);
  S_sort_stable(&w->wan, S_cmp_len);
  S_sort_stable(&w->yuan, S_cmp_len);
}

static void S_list_free(og_wordlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->w[i]);
  free(l->w);
}

void og_words_free(og_words *w) {
  if (!w) return;
  S_list_free(&w->blank);
  S_list_free(&w->cell_unit);
  S_list_free(&w->wan);
  S_list_free(&w->yuan);
  free(w->prose_unit.cp);
  free(w->prose_before.cp);
  free(w->date_unit.cp);
  free(w->numeral.cp);
  memset(w, 0, sizeof *w);
}

int og_is_blank_marker(const og_words *words, const char *s) {
  if (!words || !words->blank.n) return 0;
  return bsearch(&s, words->blank.w, words->blank.n, sizeof *words->blank.w, S_cmp_str) != NULL;
}

/* 1 when the code point at w (k bytes) is a blank marker on its own ("—", "/", "无"). */
static int S_marker_char(const og_words *words, const char *w, int k) {
  if (!words || k <= 0 || k > 4) return 0;
  char one[5];
  memcpy(one, w, (size_t)k);
  one[k] = 0;
  return og_is_blank_marker(words, one);
}

static int S_cp_in(const og_cplist *l, int32_t cp) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (l->cp[mid] == cp) return 1;
    if (l->cp[mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* Length of the first (longest) word of l that s starts with, or 0. */
static size_t S_unit_prefix(const og_wordlist *l, const char *s) {
  for (size_t i = 0; i < l->n; i++) {
    size_t n = strlen(l->w[i]);
    if (strncmp(s, l->w[i], n) == 0) return n;
  }
  return 0;
}

static int S_is_digit(char c) { return c >= '0' && c <= '9'; }

int og_parse_number(const og_words *words, const char *s, double *value, int *ndigits, int *decimal, int *unit) {
  const char *p = s;
  int neg = 0, digits = 0, dec = 0;
  if (*p == '-' || *p == '+') { neg = *p == '-'; p++; }
  else if (!strncmp(p, "—", 3) || !strncmp(p, "–", 3)) { neg = 1; p += 3; } /* a dash typed as minus: "—3" */
  if (!S_is_digit(*p)) return 0;
  /* the digits (separators dropped) go through strtod: the nearest double to what is printed */
  char buf[64];
  size_t nb = 0;
  if (neg) buf[nb++] = '-';
  const char *start = p;
  while (S_is_digit(*p) || (*p == ',' && S_is_digit(p[1]) && S_is_digit(p[2]) && S_is_digit(p[3]) &&
                            !S_is_digit(p[4]) && p > start)) {
    if (*p != ',') {
      if (nb + 2 >= sizeof buf) return 0; /* more digits than any count or amount has */
      buf[nb++] = *p;
      digits++;
    }
    p++;
  }
  if (*p == '.' && S_is_digit(p[1])) {
    buf[nb++] = *p++;
    while (S_is_digit(*p)) {
      if (nb + 2 >= sizeof buf) return 0;
      buf[nb++] = *p++;
    }
    dec = 1;
  }
  buf[nb] = 0;
  double v = strtod(buf, NULL);
  if (!isfinite(v)) return 0;
  int u = OG_UNIT_NONE;
  if (*p && words) {
    if (S_list_has(&words->wan, p)) u = OG_UNIT_WAN;
    else if (S_list_has(&words->yuan, p)) u = OG_UNIT_YUAN;
    if (u) p += strlen(p);
  }
  if (*p) return 0;
  *value = v;
  *ndigits = digits;
  *decimal = dec;
  *unit = u;
  return 1;
}

static void S_push_text(og_doc *d, const char *s, size_t n, const char *raw, int line, int col, int table,
                        int row, int cell) {
  if (n == 0) return;
  og_token *t = S_doc_push(d, OG_TOK_TEXT);
  t->text = og_doc_strndup(d, s, n);
  t->raw = (char *)raw; /* document-owned (S_add_words) */
  t->line = line;
  t->col = col;
  t->table = table;
  t->row = row;
  t->cell = cell;
}

/* Parses digits into t's value, digit count, decimals and unit (unit, when not OG_UNIT_NONE, over the one the
 * number itself gives): 1, or 0 when digits is not a number (t left as it was). */
static int S_set_number(const og_doc *d, og_token *t, const char *digits, int unit) {
  double v;
  int nd, dec, u;
  if (!og_parse_number(d->words, digits, &v, &nd, &dec, &u)) return 0;
  t->value = v;
  t->ndigits = nd;
  t->decimal = dec;
  t->unit = unit ? unit : u;
  return 1;
}

static og_token *S_push_num(og_doc *d, const char *s, size_t n, int glued, int unit, const char *raw, int line,
                           int col, int table, int row, int cell) {
  char *digits = og_xstrndup(s, n);
  og_token probe;
  if (!S_set_number(d, &probe, digits, unit)) { /* cannot happen for scanner output; keep as text */
    S_push_text(d, s, n, raw, line, col, table, row, cell);
    free(digits);
    return NULL;
  }
  og_token *t = S_doc_push(d, OG_TOK_NUM);
  t->value = probe.value;
  t->ndigits = probe.ndigits;
  t->decimal = probe.decimal;
  t->unit = probe.unit;
  t->text = S_doc_strdup(d, digits);
  free(digits);
  t->raw = (char *)raw;
  t->glued = glued;
  t->line = line;
  t->col = col;
  t->table = table;
  t->row = row;
  t->cell = cell;
  return t;
}

/* Length of the count in w when w is a count with a cell unit ("5件", "12人次"), or 0. */
static size_t S_count_with_unit(const og_doc *d, const char *w, size_t wl) {
  for (size_t u = 0; d->words && u < d->words->cell_unit.n; u++) {
    const char *unit = d->words->cell_unit.w[u];
    size_t ul = strlen(unit);
    if (wl <= ul || memcmp(w + wl - ul, unit, ul) != 0) continue;
    char *num = og_xstrndup(w, wl - ul);
    double v;
    int nd, dec, un;
    int is_count = og_parse_number(d->words, num, &v, &nd, &dec, &un) && un == OG_UNIT_NONE;
    free(num);
    return is_count ? wl - ul : 0;
  }
  return 0;
}

/* Length of the cell unit at w ("件…"), the longest of words.tsv's, or 0. */
static size_t S_cell_unit_at(const og_doc *d, const char *w) {
  size_t best = 0;
  for (size_t u = 0; d->words && u < d->words->cell_unit.n; u++) {
    size_t ul = strlen(d->words->cell_unit.w[u]);
    if (ul > best && strncmp(w, d->words->cell_unit.w[u], ul) == 0) best = ul;
  }
  return best;
}

/* 1 when w starts with a count and a cell unit ("3件…"). */
static int S_count_unit_at(const og_doc *d, const char *w) {
  size_t i = 0;
  while (S_is_digit(w[i])) i++;
  return i > 0 && S_cell_unit_at(d, w + i) > 0;
}

/* Where the note starts in a number followed by one note in parentheses ("22(其中修订16件)",
 * "55(含自然失效29件)", "12(含3件)"; w normalized, without whitespace): the offset of its "(", or 0. A note
 * of numerals only ("0(三)", "5(2)") is an enumerator, the next row's label, not a note. */
static size_t S_note_start(const og_doc *d, const char *w, size_t n) {
  if (n < 4 || w[n - 1] != ')' || !(S_is_digit(w[0]) || w[0] == '-')) return 0;
  const char *open = memchr(w, '(', n);
  if (!open || (size_t)(open - w) + 2 >= n) return 0;
  int depth = 0, numerals = 1;
  for (const char *p = open; p < w + n;) {
    int32_t cp;
    int k = og_utf8_next(p, (size_t)(w + n - p), &cp);
    if (cp == '(') depth++;
    else if (cp == ')') {
      if (--depth == 0 && p + k != w + n) return 0; /* "5(a)b(c)": not one note at the end */
    } else if (!(cp >= '0' && cp <= '9') && !(d->words && S_cp_in(&d->words->numeral, cp)))
      numerals = 0;
    p += k;
  }
  return depth == 0 && !numerals ? (size_t)(open - w) : 0;
}

/* A number with a note after it (see S_note_start) as one number token marked annotated: the number is the
 * value and the note stays in raw (the driver warns when such a value is placed); a "note" that is only an
 * amount's unit ("2510(元)") gives the number its unit instead (not annotated). spaced: the same text
 * normalized with its whitespace, or NULL when it had none; a space inside the number part ("1 2(含3件)")
 * makes it two words, not one number. cell_units: a table cell, where the count may print its unit
 * ("22件(其中修订16件)"). Returns 1 when the token was added. */
static int S_add_annotated(og_doc *d, const char *w, const char *spaced, int cell_units, const char *raw, int line,
                           int col, int table, int row, int cell) {
  size_t n = strlen(w), p = S_note_start(d, w, n);
  if (!p) return 0;
  if (spaced) {
    const char *open = strchr(spaced, '('), *e = open;
    while (e > spaced && e[-1] == ' ') e--;
    if (!open || memchr(spaced, ' ', (size_t)(e - spaced))) return 0;
  }
  double v;
  int nd, dec, u;
  char *num = og_xstrndup(w, p);
  size_t numlen = 0;
  if (og_parse_number(d->words, num, &v, &nd, &dec, &u)) numlen = p;
  else if (cell_units) numlen = S_count_with_unit(d, num, p);
  int unit = OG_UNIT_NONE;
  if (numlen == p && u == OG_UNIT_NONE && d->words) {
    char *note = og_xstrndup(w + p + 1, n - p - 2);
    unit = S_list_has(&d->words->wan, note) ? OG_UNIT_WAN : S_list_has(&d->words->yuan, note) ? OG_UNIT_YUAN : OG_UNIT_NONE;
    free(note);
  }
  og_token *t = numlen ? S_push_num(d, num, numlen, 0, unit, raw, line, col, table, row, cell) : NULL;
  free(num);
  if (t) t->annotated = unit == OG_UNIT_NONE; /* a unit is not a note */
  return t != NULL;
}

/* Splits one normalized word (no whitespace) into text and number tokens. Handles text glued to its
 * numbers ("规章000行政规范性文件010", "数量1000001二、"), keeps enumerators ("2.其他", "1、属于") and
 * prose numbers ("2023年", "128条") with the text. */
static void S_add_word(og_doc *d, const char *w, const char *raw, int line, int col, int table, int row, int cell) {
  size_t n = strlen(w);
  if (n == 0) return;
  const og_words *words = d->words;
  if (og_is_blank_marker(words, w)) {
    og_token *t = S_doc_push(d, OG_TOK_BLANK);
    t->text = S_doc_strdup(d, w);
    t->raw = (char *)raw;
    t->line = line; t->col = col; t->table = table; t->row = row; t->cell = cell;
    return;
  }
  double v;
  int nd, dec, u;
  if (og_parse_number(words, w, &v, &nd, &dec, &u)) {
    S_push_num(d, w, n, 0, u, raw, line, col, table, row, cell);
    return;
  }
  if (S_add_annotated(d, w, NULL, 0, raw, line, col, table, row, cell)) return;
  size_t text_start = 0; /* start of pending text */
  size_t i = 0, chain_end = (size_t)-1; /* end of the last count glued with its unit */
  size_t cells_end = (size_t)-1;           /* end of the last run of markers read as blank cells */
  int cpcol = 0, text_col = 0;
  while (i < n) {
    if (og_doc_full(d)) return; /* one word of glued digits as long as the file */
    int neg = w[i] == '-' && i + 1 < n && S_is_digit(w[i + 1]) && i > 0 && S_is_digit(w[i - 1]);
    if (!S_is_digit(w[i]) && !neg) {
      int32_t cp;
      int k = og_utf8_next(w + i, n - i, &cp);
      if (S_marker_char(words, w + i, k)) {
        /* glued cells printing a blank marker ("数量713————74二、"): a run of one-character markers that
         * touches a number is cells, one per character (a single ASCII one between two numbers is a date's:
         * "2023/1/18") */
        size_t j = i;
        int nm = 0, kk;
        int32_t c2;
        while (j < n && (kk = og_utf8_next(w + j, n - j, &c2)) > 0 && S_marker_char(words, w + j, kk)) { j += (size_t)kk; nm++; }
        int before = i > 0 && S_is_digit(w[i - 1]), after = j < n && S_is_digit(w[j]);
        /* not in prose: a date range ("1月1日—12月31日", "2021—2023年": the number after is a date's or a
         * count's, unless counts with their units run on, "71件3件————74件"), an address ("art/2023/1/") */
        size_t de = j;
        while (de < n && S_is_digit(w[de])) de++;
        int32_t unit_cp = 0;
        if (after && de < n) og_utf8_next(w + de, n - de, &unit_cp);
        int prose = after && chain_end != i && words &&
                    (S_cp_in(&words->prose_unit, unit_cp) || S_cp_in(&words->date_unit, unit_cp));
        int latin = j < n && isalpha((unsigned char)w[j]);
        for (size_t b = i; b > 0 && (unsigned char)w[b - 1] < 0x80 && !latin; b--) /* the ASCII before it */
          latin = isalpha((unsigned char)w[b - 1]) || w[b - 1] == ':';
        /* a single ASCII one between two numbers is a date's ("2023/1/18"), a range's ("1-3"), a phone
         * number's: but a "/" (never a sign) between counts that are none of these is a blank cell
         * ("行政许可396/181": 396, blank, 181) */
        int lone_ascii = nm == 1 && before && after && (unsigned char)w[i] < 0x80;
        if (lone_ascii && w[i] == '/') {
          size_t bs = i;
          while (bs > 0 && S_is_digit(w[bs - 1])) bs--;
          int year = i - bs == 4 && (w[bs] == '1' || w[bs] == '2');
          int phone = (i - bs >= 3 && w[bs] == '0') || de - j >= 7;
          int dated = de < n && words && S_cp_in(&words->date_unit, unit_cp);
          /* (a decimal's part; the next piece of a date: "2023/1/18" after its year, unless the "/" before
           * was read as a cell; and only glued after a label or cells: "2/5" alone is a page's number) */
          int part = bs > 0 && (w[bs - 1] == '.' || (w[bs - 1] == '/' && cells_end != bs));
          if (!year && !phone && !dated && !part && bs > 0) lone_ascii = 0;
        }
        /* (three or more between labels are a row of blank cells, "3.其他———————（七）总计"; prose's dash is two) */
        if ((before || after || nm >= 3) && !prose && !latin && !lone_ascii) {
          S_push_text(d, w + text_start, i - text_start, raw, line, col ? col + text_col : 0, table, row, cell);
          for (size_t q = i; q < j; q += (size_t)kk) {
            kk = og_utf8_next(w + q, n - q, &c2);
            og_token *t = S_doc_push(d, OG_TOK_BLANK);
            t->text = og_doc_strndup(d, w + q, (size_t)kk);
            t->raw = (char *)raw;
            t->glued = 1;
            t->line = line; t->col = col ? col + cpcol : 0; t->table = table; t->row = row; t->cell = cell;
            cpcol++;
          }
          if (chain_end == i) chain_end = j; /* counts with their units run on after the blanks */
          cells_end = j;
          i = text_start = j;
          text_col = cpcol;
          continue;
        }
      }
      i += (size_t)k;
      cpcol++;
      continue;
    }
    size_t s = i, e = i + (neg ? 1 : 0);
    while (e < n && S_is_digit(w[e])) e++;
    /* thousands separators ("481,714,587.29元"): one number when a decimal part or an amount's unit follows
     * the groups; otherwise the commas separate (comma-separated cells) */
    size_t g = e;
    while (!neg && g + 3 < n && w[g] == ',' && S_is_digit(w[g + 1]) && S_is_digit(w[g + 2]) && S_is_digit(w[g + 3]) &&
           !(g + 4 < n && S_is_digit(w[g + 4])))
      g += 4;
    /* (also when text is glued before the number: "行政许可10,690第二十条" is one count, where cells set apart
     * by commas would have a comma before their first too) */
    if (g > e && ((g + 1 < n && w[g] == '.' && S_is_digit(w[g + 1])) ||
                  (words && (S_unit_prefix(&words->wan, w + g) || S_unit_prefix(&words->yuan, w + g))) ||
                  (s > 0 && w[s - 1] != ',' && e - s <= 3)))
      e = g;
    size_t int_end = e;
    if (e + 1 < n && w[e] == '.' && S_is_digit(w[e + 1])) {
      e++;
      while (e < n && S_is_digit(w[e])) e++;
    }
    int32_t next = 0, next2 = 0;
    int k1 = e < n ? og_utf8_next(w + e, n - e, &next) : 0;
    if (e + (size_t)k1 < n) og_utf8_next(w + e + k1, n - e - (size_t)k1, &next2);
    /* (a digit string after "." or "-" is a decimal's or a range's part; not after a run of blank markers
     * just read as cells, "61---18") */
    int prev_digitish = s > 0 && (w[s - 1] == '.' || w[s - 1] == '-') && cells_end != s;
    int is_num = 1, unit = 0, glued_digits = 1;
    size_t num_end = e, consumed = e, ulen;
    if (e == int_end && (next == '.' || next == 0x3001 /*、*/) && !(next2 >= '0' && next2 <= '9')) {
      /* enumerator: the last digit starts the next label ("00000002.其他" -> "0000000" + "2.其他") */
      if (int_end - s - (neg ? 1 : 0) >= 2) { num_end = int_end - 1; consumed = num_end; }
      else is_num = 0;
    } else if (words && (ulen = S_unit_prefix(&words->wan, w + e)) > 0) {
      unit = OG_UNIT_WAN;
      consumed = e + ulen;
    } else if (words && (ulen = S_unit_prefix(&words->yuan, w + e)) > 0) {
      unit = OG_UNIT_YUAN;
      consumed = e + ulen;
    } else if (e == int_end && (ulen = S_cell_unit_at(d, w + e)) > 0 &&
               (chain_end == s || S_count_unit_at(d, w + e + ulen))) {
      /* counts glued with their units, one after the other ("数量71件3件0件0件0件0件74件"): a table row's
       * cells (the units delimit them: no cut); one count alone in text is prose ("申请71件，") */
      glued_digits = 0;
      consumed = e + ulen;
      chain_end = consumed;
    } else if ((words && S_cp_in(&words->prose_unit, next)) || next == '.' || prev_digitish) {
      is_num = 0;
    } else if (s > 0) {
      int32_t prev = 0;
      size_t b = s;
      while (b > 0 && (((unsigned char)w[b - 1]) & 0xC0) == 0x80) b--;
      if (b > 0) { b--; while (b > 0 && (((unsigned char)w[b]) & 0xC0) == 0x80) b--; }
      og_utf8_next(w + b, n - b, &prev);
      if ((words && S_cp_in(&words->prose_before, prev)) || (prev >= 'A' && prev <= 'z')) is_num = 0;
    }
    if (!is_num) {
      cpcol += (int)og_utf8_count(w + s, e - s);
      i = e;
      continue;
    }
    S_push_text(d, w + text_start, s - text_start, raw, line, col ? col + text_col : 0, table, row, cell);
    S_push_num(d, w + s, num_end - s, glued_digits, unit, raw, line, col ? col + cpcol : 0, table, row, cell);
    cpcol += (int)og_utf8_count(w + s, consumed - s);
    i = consumed;
    text_start = consumed;
    text_col = cpcol;
  }
  S_push_text(d, w + text_start, n - text_start, raw, line, col ? col + text_col : 0, table, row, cell);
}

/* An empty cell between bars of running text: a blank. */
static void S_add_empty_cell(og_doc *d, int line, int col, int table, int row, int cell) {
  og_token *t = S_doc_push(d, OG_TOK_BLANK);
  t->text = t->raw = S_doc_strdup(d, "");
  t->line = line; t->col = col; t->table = table; t->row = row; t->cell = cell;
}

/* A bar between cells in running text ("规章| 3| 5| 74": a pipe table not read as one, a converter's box
 * line): a separator like a space, never part of a word (a number touching it is not glued to text). */
static int S_is_bar(int32_t cp) { return cp == '|' || cp == 0xFF5C || cp == 0x2502 || cp == 0x2503; }

/* Splits raw text into words, at whitespace and bars, and adds them; returns the number of NUM/BLANK
 * tokens. With line_out, also appends the normalized words to it, one space between them. */
static size_t S_add_words(og_doc *d, const char *raw, size_t len, int line, int col, int table, int row, int cell,
                          og_buf *line_out) {
  size_t before_nums = 0;
  size_t start_tok = d->ntok;
  size_t i = 0;
  int cpcol = 0;
  /* bars between cells: two with nothing between them are an empty cell ("规章| 2| | 27"); a last bar with
   * nothing after it is not (the cell may go on over the next lines, a paragraph a line) */
  int bar_open = 0, words = 0;
  while (i < len) {
    int32_t cp;
    int k = og_utf8_next(raw + i, len - i, &cp);
    if (S_is_bar(cp)) {
      if (bar_open && words && !og_doc_full(d)) S_add_empty_cell(d, line, col ? col + cpcol : 0, table, row, cell);
      bar_open = 1;
      i += (size_t)k;
      cpcol++;
      continue;
    }
    if (og_is_space_cp(cp)) { i += (size_t)k; cpcol++; continue; }
    bar_open = 0;
    words++;
    if (og_doc_full(d)) break; /* a line of millions of words stops at the token limit or the deadline */
    size_t s = i;
    int scol = cpcol;
    while (i < len) {
      k = og_utf8_next(raw + i, len - i, &cp);
      if (og_is_space_cp(cp) || S_is_bar(cp)) break;
      i += (size_t)k;
      cpcol++;
    }
    const char *rawword = og_doc_strndup(d, raw + s, i - s);
    og_buf *nb = &d->word; /* reused from word to word */
    nb->len = 0;
    og_normalize_into(nb, raw + s, i - s);
    char *norm = nb->data ? nb->data : (char *)"";
    if (strchr(norm, ' ')) { /* folding can turn U+3000 into a space */
      char *w = og_strip_ws(norm);
      nb->len = 0;
      og_buf_puts(nb, w);
      free(w);
      norm = nb->data;
    }
    S_add_word(d, norm, rawword, line, col ? col + scol : 0, table, row, cell);
    if (line_out) {
      if (line_out->len) og_buf_putc(line_out, ' ');
      og_buf_put(line_out, norm, nb->len);
    }
  }
  /* a number set apart by a space from the date word after it ("2024 年", "1 月 12 日": pdftotext spaces Latin
   * digits from CJK) is a date, as "2024年" is: prose, not a table value */
  for (size_t t = start_tok; d->words && t + 1 < d->ntok; t++) {
    og_token *k = &d->tok[t];
    if (k->kind != OG_TOK_NUM || k[1].kind != OG_TOK_TEXT || k[1].line != k->line) continue;
    int32_t first;
    og_utf8_next(k[1].text, strlen(k[1].text), &first);
    if (!S_cp_in(&d->words->date_unit, first) || !S_is_digit(k->text[0]) || k->unit != OG_UNIT_NONE) continue;
    if (k[1].col <= k->col + (int)strlen(k->text)) continue; /* glued to it: the word reader decided */
    k->kind = OG_TOK_TEXT;
  }
  /* an amount set apart by a space from its unit ("75394432.52 元": pdftotext spaces Latin digits from CJK) is
   * in that unit, as "75394432.52元" is; the unit word stays as text */
  for (size_t t = start_tok; d->words && t + 1 < d->ntok; t++) {
    og_token *k = &d->tok[t];
    if (k->kind != OG_TOK_NUM || k[1].kind != OG_TOK_TEXT || k[1].line != k->line || k->unit != OG_UNIT_NONE) continue;
    if (S_list_has(&d->words->wan, k[1].text)) k->unit = OG_UNIT_WAN;
    else if (S_list_has(&d->words->yuan, k[1].text)) k->unit = OG_UNIT_YUAN;
  }
  /* counts printed with their unit as words of their own ("71件  3件  0件" under 表三's columns, "71件" alone on
   * its line, one cell per line, or "行政许可      10690件" set apart from its label by a run of spaces):
   * table cells, as in an HTML cell; one such word in a line of prose is prose ("全年共收到申请 71件") */
  if (d->words && d->words->cell_unit.n) {
    size_t counts = 0;
    int prose_after = 0; /* a word of text after the first count: a line of prose, not a row */
    for (size_t t = start_tok; t < d->ntok; t++) {
      int is_count = d->tok[t].kind == OG_TOK_TEXT && S_count_with_unit(d, d->tok[t].text, strlen(d->tok[t].text)) > 0;
      if (!is_count && d->tok[t].kind == OG_TOK_TEXT && counts) prose_after = 1;
      counts += is_count;
    }
    if (prose_after) counts = 0;
    for (size_t t = start_tok; counts && t < d->ntok; t++) {
      og_token *k = &d->tok[t];
      size_t nl;
      if (k->kind != OG_TOK_TEXT || !(nl = S_count_with_unit(d, k->text, strlen(k->text)))) continue;
      int apart = t == start_tok || (k->col > 0 && k[-1].col > 0 &&
                                     k->col - (k[-1].col + (int)og_utf8_count(k[-1].text, strlen(k[-1].text))) >= 2);
      if (counts < 2 && !apart) continue;
      char unit_ch = k->text[nl];
      k->text[nl] = 0; /* the count; raw keeps the unit */
      if (S_set_number(d, k, k->text, OG_UNIT_NONE)) {
        k->kind = OG_TOK_NUM;
        k->glued = 0;
      } else
        k->text[nl] = unit_ch;
    }
  }
  /* letter-spaced text ("4. 无 正 当 理 由"): a blank marker written in CJK beside a word of one CJK character
   * is a letter of the label, not an empty cell */
  for (size_t t = start_tok; t < d->ntok; t++) {
    og_token *k = &d->tok[t];
    if (k->kind != OG_TOK_BLANK || (unsigned char)k->text[0] < 0xE0) continue;
    int letters = (t > start_tok && k[-1].kind == OG_TOK_TEXT && og_is_single_han(k[-1].text)) ||
                  (t + 1 < d->ntok && k[1].kind == OG_TOK_TEXT && og_is_single_han(k[1].text));
    /* (nor one after text on a line that prints no other cell: a label set one character or two a line
     * in a narrow cell, "（ 四" / "） 无" / "法 提" / "供"; a row printing just 无 after its label reads as
     * a row of blank cells all the same) */
    if (!letters && t > start_tok && k[-1].kind == OG_TOK_TEXT && k[-1].line == k->line && k->line > 0) {
      int other = 0;
      for (size_t u = t; u-- > start_tok && d->tok[u].line == k->line && !other;)
        other = d->tok[u].kind == OG_TOK_NUM || d->tok[u].kind == OG_TOK_BLANK;
      for (size_t u = t + 1; u < d->ntok && d->tok[u].line == k->line && !other; u++)
        other = d->tok[u].kind == OG_TOK_NUM || d->tok[u].kind == OG_TOK_BLANK;
      letters = !other;
    }
    if (letters) k->kind = OG_TOK_TEXT;
  }
  for (size_t t = start_tok; t < d->ntok; t++)
    if (d->tok[t].kind == OG_TOK_NUM || d->tok[t].kind == OG_TOK_BLANK) before_nums++;
  return before_nums;
}

void og_doc_add_cell(og_doc *d, const char *raw, size_t len, int line, int col, int table, int row, int cell) {
  if (og_doc_full(d)) return;
  len = S_cap_len(d, raw, len);
  /* trimmed raw, and whether whitespace separates words inside it */
  size_t a = 0, b = len;
  while (a < b) {
    int32_t cp;
    int k = og_utf8_next(raw + a, b - a, &cp);
    if (!og_is_space_cp(cp)) break;
    a += (size_t)k;
  }
  while (b > a) {
    size_t p = b - 1;
    while (p > a && (((unsigned char)raw[p]) & 0xC0) == 0x80) p--;
    int32_t cp;
    og_utf8_next(raw + p, b - p, &cp);
    if (!og_is_space_cp(cp)) break;
    b = p;
  }
  int inner_space = 0;
  for (size_t i = a; i < b && !inner_space;) {
    int32_t cp;
    i += (size_t)og_utf8_next(raw + i, b - i, &cp);
    inner_space = og_is_space_cp(cp);
  }
  const char *trimmed = og_doc_strndup(d, raw + a, b - a);
  og_buf *nb = &d->cell_norm, *wb = &d->cell_word; /* reused from cell to cell: no copy per cell */
  nb->len = wb->len = 0;
  og_normalize_into(nb, raw + a, b - a);
  og_buf_put(nb, "", 0);
  const char *norm = nb->data;
  int spaced = strchr(norm, ' ') != NULL;
  og_buf_put(wb, "", 0);
  if (!spaced) og_buf_put(wb, norm, nb->len);
  else
    for (size_t i = 0; i < nb->len;) { /* og_strip_ws, into the buffer */
      int32_t cp;
      int k = og_utf8_next(norm + i, nb->len - i, &cp);
      if (!og_is_space_cp(cp)) og_buf_put(wb, norm + i, (size_t)k);
      i += (size_t)k;
    }
  const char *w = wb->data;
  if (w[0] == 0 || og_is_blank_marker(d->words, w)) {
    og_token *t = S_doc_push(d, OG_TOK_BLANK);
    t->text = S_doc_strdup(d, w);
    t->raw = (char *)trimmed;
    t->line = line; t->col = col; t->table = table; t->row = row; t->cell = cell;
  } else if (S_add_annotated(d, w, spaced ? norm : NULL, 1, trimmed, line, col, table, row, cell)) {
    /* "22（其中修订16件）": the leading number */
  } else {
    /* a cell holding a count with its unit ("5件", "12人次"): in a table cell the unit does not make it prose */
    size_t wl = strlen(w), nl = S_count_with_unit(d, w, wl);
    if (nl) S_push_num(d, w, nl, 0, OG_UNIT_NONE, trimmed, line, col, table, row, cell);
    else if (!inner_space) S_add_word(d, w, trimmed, line, col, table, row, cell); /* one word: already normalized */
    else S_add_words(d, raw, len, line, col, table, row, cell, NULL);
  }
}

/* The label columns of one table, tokens [a, b) (a grid's, or a text table's consecutive bordered rows):
 * the columns left of its first value column. That is the leftmost cell of a row with numbers that prints a
 * number or a blank marker, or a header over a column no such row prints a label in (自然人 over a column
 * left empty all the way down). Empty cells in label columns are marked for removal (cell S_DROPPED). */
enum { S_DROPPED = -2 };
static void S_label_blanks(og_doc *d, size_t a, size_t b) {
  enum { MAXC = 256 };
  unsigned char label[MAXC] = {0}, header[MAXC] = {0};
  int first_value = MAXC;
  for (size_t r = a; r < b;) { /* a row: up to the next break (or the next grid row) */
    size_t e = r;
    int numbers = 0;
    while (e < b && d->tok[e].kind != OG_TOK_BREAK && (e == r || d->tok[e].row == d->tok[r].row)) {
      numbers |= d->tok[e].kind == OG_TOK_NUM;
      e++;
    }
    for (size_t i = r; i < e; i++) {
      const og_token *t = &d->tok[i];
      if (t->cell < 0 || t->cell >= MAXC) return; /* (a grid this wide is no template table) */
      if (t->kind == OG_TOK_TEXT) (numbers ? label : header)[t->cell] = 1;
      else if (numbers && t->cell < first_value && (t->kind == OG_TOK_NUM || t->text[0])) first_value = t->cell;
    }
    r = e < b && d->tok[e].kind == OG_TOK_BREAK ? e + 1 : e;
  }
  for (int c = 0; c < first_value; c++)
    if (header[c] && !label[c]) first_value = c;
  for (size_t i = a; i < b; i++) {
    og_token *t = &d->tok[i];
    if (t->kind == OG_TOK_BLANK && !t->text[0] && t->cell >= 0 && t->cell < first_value) t->cell = S_DROPPED;
  }
}

void og_doc_drop_label_blanks(og_doc *d) {
  size_t marked = 0;
  for (size_t i = 0; i < d->ntok;) {
    const og_token *t = &d->tok[i];
    if (t->cell < 0) { i++; continue; }
    /* one table: a grid's tokens (with the breaks between its rows), or text rows of cells in a row */
    size_t j = i;
    while (j < d->ntok && (d->tok[j].kind == OG_TOK_BREAK ||
                           (d->tok[j].cell >= 0 && d->tok[j].table == t->table)))
      j++;
    S_label_blanks(d, i, j);
    for (size_t k = i; k < j; k++) marked += d->tok[k].cell == S_DROPPED;
    i = j;
  }
  if (!marked) return;
  size_t n = 0;
  for (size_t i = 0; i < d->ntok; i++)
    if (d->tok[i].cell != S_DROPPED) d->tok[n++] = d->tok[i];
  d->ntok = n;
}

int og_is_page_number(const char *raw, size_t len) {
  /* "-3-", "- 3 -", "第3页", "第3页 共8页": short, made only of spaces, dashes, digits and 第/页/共 */
  while (len && (*raw == ' ' || *raw == '\t' || *raw == '\f')) raw++, len--; /* pdftotext centres it */
  while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t' || raw[len - 1] == '\r')) len--;
  if (len > 40) return 0;
  int digit = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int k = og_utf8_next(raw + i, len - i, &cp);
    i += (size_t)k;
    if (cp >= '0' && cp <= '9') digit = 1;
    else if (cp >= 0xFF10 && cp <= 0xFF19) digit = 1;
    else if (!(og_is_space_cp(cp) || cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0xFF0D || cp == 0x7B2C ||
               cp == 0x9875 || cp == 0x5171 || cp == '/' || cp == 0xFF0F || cp == ',' || cp == 0xFF0C))
      return 0;
  }
  if (!digit) return 0;
  char *norm = og_normalize(raw, len);
  char *w = og_strip_ws(norm);
  free(norm);
  const char *p = w;
  int ok = 0;
  if (strncmp(p, "第", 3) == 0 || strncmp(p, "共", 3) == 0) {
    /* "第3页", "第3页 共8页", "第3页/共8页", "共8页 第3页" */
    int parts = 0, seen_di = 0;
    while (*p) {
      int di = strncmp(p, "第", 3) == 0;
      if (!di && strncmp(p, "共", 3) != 0) break;
      if (di) seen_di = 1;
      p += 3;
      const char *q = p;
      while (S_is_digit(*p)) p++;
      if (p == q || p - q > 3 || strncmp(p, "页", 3) != 0) break;
      p += 3;
      parts++;
      if (*p == '/' || *p == ',') p++;
    }
    ok = *p == 0 && seen_di && parts >= 1 && parts <= 2;
  } else {
    int dashes = 0;
    while (*p == '-' || strncmp(p, "—", 3) == 0) { p += *p == '-' ? 1 : 3; dashes++; }
    const char *q = p;
    while (S_is_digit(*p)) p++;
    int digits = (int)(p - q);
    while (*p == '-' || strncmp(p, "—", 3) == 0) { p += *p == '-' ? 1 : 3; dashes++; }
    ok = digits > 0 && digits <= 3 && dashes >= 2 && *p == 0;
  }
  free(w);
  return ok;
}

/* One cell per line, the note set off by a space ("22 （其中修订16件）"): one annotated number, not a number
 * and a word. (Without the space the word reader takes it.) Returns 1 when the line was added. */
static int S_add_spaced_annotated(og_doc *d, const char *raw, size_t len, int line) {
  size_t a = 0;
  while (a < len && (raw[a] == ' ' || raw[a] == '\t')) a++;
  if (a == len || !(S_is_digit(raw[a]) || raw[a] == '-') || len - a > 256) return 0; /* the cheap test first */
  size_t b = len;
  while (b > a && (raw[b - 1] == ' ' || raw[b - 1] == '\t' || raw[b - 1] == '\r')) b--;
  int inner_space = 0;
  for (size_t i = a; i < b && !inner_space;) {
    int32_t cp;
    i += (size_t)og_utf8_next(raw + i, b - i, &cp);
    inner_space = og_is_space_cp(cp);
  }
  if (!inner_space) return 0;
  char *norm = og_normalize(raw + a, b - a);
  char *w = og_strip_ws(norm);
  const char *trimmed = og_doc_strndup(d, raw + a, b - a);
  int ok = S_add_annotated(d, w, norm, 0, trimmed, line, (int)og_utf8_count(raw, a) + 1, -1, -1, -1);
  free(norm);
  free(w);
  if (ok) og_doc_add_line(d, raw, len, line);
  return ok;
}

void og_doc_add_text_line(og_doc *d, const char *raw, size_t len, int line) {
  if (og_doc_full(d)) return;
  len = S_cap_len(d, raw, len);
  if (og_is_page_number(raw, len)) {
    og_doc_add_line(d, raw, len, line);
    return;
  }
  if (S_add_spaced_annotated(d, raw, len, line)) return;
  size_t start = d->ntok;
  og_buf *text = &d->scratch; /* reused from line to line */
  text->len = 0;
  size_t nums = S_add_words(d, raw, len, line, 1, -1, -1, -1, text);
  if (text->len) S_doc_push_line(d, text->data, text->len, line);
  if (nums >= 2) {
    /* fence the row: a break before its first token and after its last */
    og_doc_break(d);
    if (start > 0 && d->tok[start - 1].kind != OG_TOK_BREAK) {
      S_doc_push(d, OG_TOK_BREAK); /* grow by one, then rotate it into place */
      og_token brk = d->tok[d->ntok - 1];
      memmove(&d->tok[start + 1], &d->tok[start], (d->ntok - 1 - start) * sizeof *d->tok);
      d->tok[start] = brk;
      d->tok[start].text = d->tok[start].raw = S_doc_strdup(d, "");
    }
  }
}
