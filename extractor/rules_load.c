/* The rule files (the .tsv files of patterns/): finding, loading and checking them into ogi_rules (divisions,
 * agency, indicators and narrative parsed by their own modules), and freeing them. */
#define _GNU_SOURCE /* dladdr: where the library is, to find the installed pattern files next to it */
#include "rules.h"
#include <dlfcn.h>
#include <libxml/parser.h>
#include "agency.h"
#include "indicators.h"
#include "narrative.h"
#include "normalize.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OGI_INSTALL_PATTERNS
#define OGI_INSTALL_PATTERNS "/usr/local/share/ogi/patterns"
#endif
#ifndef OGI_SOURCE_PATTERNS
#define OGI_SOURCE_PATTERNS "patterns"
#endif
#ifndef OGI_LIB_TO_PATTERNS
#define OGI_LIB_TO_PATTERNS "../share/ogi/patterns"
#endif
#ifndef OGI_BIN_TO_PATTERNS
#define OGI_BIN_TO_PATTERNS "../share/ogi/patterns"
#endif

static const char *const S_t3_columns[] = {"natural", "business", "research", "social", "legal", "other_org", "total", NULL};
static const char *const S_t4_results[] = {"upheld", "corrected", "other", "pending", "total", NULL};
static const char *const S_t4_blocks[] = {"t4.review", "t4.suit_direct", "t4.suit_after_review", NULL};

typedef struct {
  char path[4200]; /* for messages: "dir/name:line: ..." */
  char *data;
  char **lines;
  int nlines;
} S_file;

static int S_read_lines(const char *dir, const char *name, S_file *f, char *err, size_t errlen) {
  snprintf(f->path, sizeof f->path, "%s/%s", dir, name);
  FILE *fp = fopen(f->path, "rb");
  if (!fp) {
    snprintf(err, errlen, "%s: cannot open: %s", f->path, strerror(errno));
    return -1;
  }
  og_buf b;
  og_buf_init(&b);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) og_buf_put(&b, chunk, n);
  fclose(fp);
  f->data = og_buf_take(&b);
  f->nlines = 0;
  int cap = 64;
  f->lines = og_xmalloc(sizeof(char *) * (size_t)cap);
  char *p = f->data;
  while (*p) {
    char *e = strchr(p, '\n');
    if (e) *e = 0;
    size_t l = strlen(p);
    if (l && p[l - 1] == '\r') p[l - 1] = 0;
    if (f->nlines == cap) { cap *= 2; f->lines = og_xrealloc(f->lines, sizeof(char *) * (size_t)cap); }
    f->lines[f->nlines++] = p;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

static void S_file_free(S_file *f) {
  free(f->data);
  free(f->lines);
}


static int S_is_comment(const char *l) { return l[0] == 0 || l[0] == '#'; }

static void S_add_field(ogi_rules *r, int *cap, const char *id, const char *row, const char *label,
                        const char *tmpl, int table) {
  int all = strcmp(tmpl, "all") == 0;
  int existing = og_field_index(r, id);
  if (existing >= 0) { /* the same id in both templates (t2.licensing.decisions): one field */
    r->fields[existing].in2019 |= all || strstr(tmpl, "2019") != NULL;
    r->fields[existing].in2021 |= all || strstr(tmpl, "2021") != NULL;
    return;
  }
  if (r->nfields == *cap) {
    *cap = *cap ? *cap * 2 : 256;
    r->fields = og_xrealloc(r->fields, sizeof *r->fields * (size_t)*cap);
  }
  og_field *f = &r->fields[r->nfields++];
  memset(f, 0, sizeof *f);
  f->id = og_xstrdup(id);
  f->row = og_xstrdup(row);
  f->label = og_xstrdup(label);
  f->in2019 = all || strstr(tmpl, "2019") != NULL;
  f->in2021 = all || strstr(tmpl, "2021") != NULL;
  f->table = table;
  og_field_index_add(r, r->nfields - 1);
}

static int S_load_fields(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, "fields.tsv", &f, err, errlen)) return -1;
  int cap = 0;
  for (int i = 0; i < f.nlines; i++) {
    if (S_is_comment(f.lines[i])) continue;
    char *col[4];
    if (og_split_tabs(f.lines[i], col, 4) != 4) {
      snprintf(err, errlen, "%s:%d: expected 4 tab-separated columns", f.path, i + 1);
      S_file_free(&f);
      return -1;
    }
    int table = strcmp(col[2], "t2") == 0 ? 2 : strcmp(col[2], "t3") == 0 ? 3 : strcmp(col[2], "t4") == 0 ? 4 : 0;
    char id[256];
    if (table == 3) {
      for (int c = 0; S_t3_columns[c]; c++) {
        snprintf(id, sizeof id, "%s.%s", col[0], S_t3_columns[c]);
        S_add_field(r, &cap, id, col[0], col[3], col[1], 3);
      }
    } else if (table == 4) {
      for (int c = 0; S_t4_results[c]; c++) {
        snprintf(id, sizeof id, "%s.%s", col[0], S_t4_results[c]);
        S_add_field(r, &cap, id, col[0], col[3], col[1], 4);
      }
    } else {
      /* t2 ids name their row without the last part: t2.regulations.issued -> t2.regulations */
      char row[256];
      snprintf(row, sizeof row, "%s", col[0]);
      char *dot = strrchr(row, '.');
      if (table == 2 && dot) *dot = 0;
      S_add_field(r, &cap, col[0], row, col[3], col[1], table);
    }
  }
  S_file_free(&f);
  return 0;
}

static int S_add_row_field(ogi_rules *r, og_rowdef *d, int *cap, const char *id, char *err, size_t errlen,
                           const char *dir) {
  int fi = og_field_index(r, id);
  if (fi < 0) {
    snprintf(err, errlen, "%s/rows.tsv:%d: field %s is not in fields.tsv", dir, d->line, id);
    return -1;
  }
  if (d->nvalues == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    d->fields = og_xrealloc(d->fields, sizeof(int) * (size_t)*cap);
  }
  d->fields[d->nvalues++] = fi;
  return 0;
}

static int S_load_rows(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, "rows.tsv", &f, err, errlen)) return -1;
  int cap = 0, order[5] = {0};
  for (int i = 0; i < f.nlines; i++) {
    if (S_is_comment(f.lines[i])) continue;
    char *col[5];
    if (og_split_tabs(f.lines[i], col, 5) != 5) {
      snprintf(err, errlen, "%s:%d: expected 5 tab-separated columns", f.path, i + 1);
      goto fail;
    }
    if (r->nrows == cap) {
      cap = cap ? cap * 2 : 64;
      r->rows = og_xrealloc(r->rows, sizeof *r->rows * (size_t)cap);
    }
    og_rowdef *d = &r->rows[r->nrows];
    memset(d, 0, sizeof *d);
    d->line = i + 1;
    d->id = og_xstrdup(col[0]);
    d->table = strcmp(col[1], "t2") == 0 ? 2 : strcmp(col[1], "t3") == 0 ? 3 : strcmp(col[1], "t4") == 0 ? 4 : 0;
    d->tmpl = strcmp(col[2], "2019") == 0 ? OG_TMPL_2019 : strcmp(col[2], "2021") == 0 ? OG_TMPL_2021 : OG_TMPL_ALL;
    r->nrows++;
    if (!d->table) {
      snprintf(err, errlen, "%s:%d: table must be t2, t3 or t4", f.path, i + 1);
      goto fail;
    }
    d->order = order[d->table]++;
    int fcap = 0;
    char id[256];
    if (strcmp(col[3], "=t3") == 0) {
      for (int c = 0; S_t3_columns[c]; c++) {
        snprintf(id, sizeof id, "%s.%s", d->id, S_t3_columns[c]);
        if (S_add_row_field(r, d, &fcap, id, err, errlen, dir)) goto fail;
      }
    } else if (strcmp(col[3], "=t4") == 0) {
      for (int b = 0; S_t4_blocks[b]; b++)
        for (int c = 0; S_t4_results[c]; c++) {
          snprintf(id, sizeof id, "%s.%s", S_t4_blocks[b], S_t4_results[c]);
          if (S_add_row_field(r, d, &fcap, id, err, errlen, dir)) goto fail;
        }
    } else {
      char *p = col[3];
      while (p && *p) {
        char *comma = strchr(p, ',');
        if (comma) *comma = 0;
        snprintf(id, sizeof id, "%s.%s", d->id, p);
        if (S_add_row_field(r, d, &fcap, id, err, errlen, dir)) goto fail;
        p = comma ? comma + 1 : NULL;
      }
    }
    /* the placing code holds a row in fixed arrays: at most OGI_ROW_MAX values; 表三 rows have its 7 columns */
    if (d->nvalues < 1 || d->nvalues > OGI_ROW_MAX || (d->table == 3 && d->nvalues != 7)) {
      snprintf(err, errlen, "%s:%d: row %s has %d values: %s", f.path, i + 1, d->id, d->nvalues,
               d->table == 3 ? "a 表三 row has its 7 columns (=t3)" : "a row has 1 to 16");
      goto fail;
    }
    d->re = og_re_compile(col[4], f.path, i + 1, err, errlen);
    if (!d->re) goto fail;
    if (d->table == 3 && d->tmpl != OG_TMPL_ALL)
      for (int k = 0; k < d->nvalues; k++) r->fields[d->fields[k]].variant = d->tmpl;
  }
  S_file_free(&f);
  return 0;
fail:
  S_file_free(&f);
  return -1;
}

/* A file of "key<TAB>pattern" lines; key_of turns the key column into a number (0: invalid). */
static int S_load_keyed(const char *dir, const char *name, int (*key_of)(const char *), const char *expect,
                        og_keyed_re **out, int *n, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, name, &f, err, errlen)) return -1;
  int rc = 0;
  for (int i = 0; i < f.nlines && rc == 0; i++) {
    if (S_is_comment(f.lines[i])) continue;
    char *col[2];
    int key = og_split_tabs(f.lines[i], col, 2) == 2 ? key_of(col[0]) : 0;
    if (!key) {
      snprintf(err, errlen, "%s:%d: expected %s", f.path, i + 1, expect);
      rc = -1;
      break;
    }
    pcre2_code *re = og_re_compile(col[1], f.path, i + 1, err, errlen);
    if (!re) { rc = -1; break; }
    *out = og_xrealloc(*out, sizeof **out * (size_t)(*n + 1));
    (*out)[*n].key = key;
    (*out)[*n].re = re;
    (*n)++;
  }
  S_file_free(&f);
  return rc;
}

static int S_template_key(const char *s) {
  return !strcmp(s, "2019") ? OG_TMPL_2019 : !strcmp(s, "2021") ? OG_TMPL_2021 : !strcmp(s, "both") ? OG_TMPL_BOTH : 0;
}
static int S_table_key(const char *s) {
  if (!strcmp(s, "after")) return OG_REGION_AFTER;
  if (!strcmp(s, "t4header")) return OG_REGION_T4_HEADER;
  if (!strcmp(s, "t4title")) return OG_REGION_T4_TITLE;
  if (!strcmp(s, "t3header")) return OG_REGION_T3_HEADER;
  return (!strcmp(s, "t2") || !strcmp(s, "t3") || !strcmp(s, "t4")) ? s[1] - '0' : 0;
}

static int S_load_sigs(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  return S_load_keyed(dir, "templates.tsv", S_template_key, "2019, 2021 or both, a tab, a pattern", &r->sigs, &r->nsigs, err, errlen);
}

static int S_load_columns(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  return S_load_keyed(dir, "columns.tsv", og_column_key, "a column name (natural ... total, issued, repealed, ...), a tab, a pattern", &r->colwords,
                      &r->ncolwords, err, errlen);
}

static int S_load_regions(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  return S_load_keyed(dir, "regions.tsv", S_table_key, "t2, t3, t4, after, t3header, t4header or t4title, a tab, a pattern", &r->regions, &r->nregions, err, errlen);
}


/* Field index of a term template with {s} replaced by subject, or -1. */
static int S_term_field(const ogi_rules *rules, const char *term, const char *subject) {
  char id[256];
  const char *p = strstr(term, "{s}");
  if (p) snprintf(id, sizeof id, "%.*s%s%s", (int)(p - term), term, subject, p + 3);
  else snprintf(id, sizeof id, "%s", term);
  return og_field_index(rules, id);
}

/* Splits "a + b + c" into term strings. */
static char **S_terms(const char *s, int *n) {
  char **out = NULL;
  *n = 0;
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == '+') p++;
    if (!*p) break;
    const char *e = p;
    while (*e && *e != ' ' && *e != '+') e++;
    out = og_xrealloc(out, sizeof(char *) * (size_t)(*n + 1));
    out[(*n)++] = og_xstrndup(p, (size_t)(e - p));
    p = e;
  }
  return out;
}

static int S_load_checks(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, "checks.tsv", &f, err, errlen)) return -1;
  typedef struct { char *name; char *items; } S_list;
  S_list lists[16];
  int nlists = 0;
  int rc = 0;
  for (int i = 0; i < f.nlines && rc == 0; i++) {
    char *l = f.lines[i];
    if (S_is_comment(l)) continue;
    char *col[3];
    int nc = og_split_tabs(l, col, 3);
    if (l[0] == '@') {
      if (nc != 2 || nlists == 16) { snprintf(err, errlen, "%s:%d: expected @name<TAB>items", f.path, i + 1); rc = -1; break; }
      lists[nlists].name = col[0] + 1;
      lists[nlists].items = col[1];
      nlists++;
      continue;
    }
    if (strncmp(col[0], "domain.", 7) == 0) {
      if (nc != 2) { snprintf(err, errlen, "%s:%d: expected domain.kind<TAB>suffixes", f.path, i + 1); rc = -1; break; }
      if (strcmp(col[0], "domain.row_floor") == 0) {
        og_free_strv(r->floor_suffixes, r->nfloor);
        r->floor_suffixes = S_terms(col[1], &r->nfloor);
        continue;
      }
      if (strcmp(col[0], "domain.signed") != 0 && strcmp(col[0], "domain.decimal") != 0) {
        snprintf(err, errlen, "%s:%d: unknown domain rule %s", f.path, i + 1, col[0]);
        rc = -1;
        break;
      }
      int is_signed = strcmp(col[0], "domain.signed") == 0;
      char *p = col[1];
      while (*p) {
        while (*p == ' ') p++;
        char *e = p;
        while (*e && *e != ' ') e++;
        size_t sl = (size_t)(e - p);
        for (int k = 0; k < r->nfields && sl; k++) {
          size_t il = strlen(r->fields[k].id);
          if (il >= sl && memcmp(r->fields[k].id + il - sl, p, sl) == 0) {
            if (is_signed) r->fields[k].is_signed = 1;
            else r->fields[k].is_decimal = 1;
          }
        }
        p = e;
      }
      continue;
    }
    if (nc != 3) { snprintf(err, errlen, "%s:%d: expected rule<TAB>subjects<TAB>identity", f.path, i + 1); rc = -1; break; }
    const char *items = NULL;
    for (int k = 0; k < nlists; k++)
      if (strcmp(lists[k].name, col[1]) == 0) items = lists[k].items;
    char *eq = strchr(col[2], '=');
    if (!items || !eq) {
      snprintf(err, errlen, "%s:%d: %s", f.path, i + 1, !items ? "unknown subject list" : "identity needs '='");
      rc = -1;
      break;
    }
    *eq = 0;
    r->checks = og_xrealloc(r->checks, sizeof *r->checks * (size_t)(r->nchecks + 1));
    og_check *c = &r->checks[r->nchecks++];
    memset(c, 0, sizeof *c);
    c->rule = og_xstrdup(col[0]);
    c->subjects = S_terms(items, &c->nsubjects);
    c->subject_is_column = c->nsubjects > 0 && strchr(c->subjects[0], '.') == NULL;
    c->lhs = S_terms(col[2], &c->nlhs);
    c->rhs = S_terms(eq + 1, &c->nrhs);
    c->lhs_field = og_xmalloc(sizeof(int) * (size_t)(c->nsubjects * c->nlhs + 1));
    c->rhs_field = og_xmalloc(sizeof(int) * (size_t)(c->nsubjects * c->nrhs + 1));
    for (int s = 0; s < c->nsubjects; s++) {
      for (int t = 0; t < c->nlhs; t++) c->lhs_field[s * c->nlhs + t] = S_term_field(r, c->lhs[t], c->subjects[s]);
      for (int t = 0; t < c->nrhs; t++) c->rhs_field[s * c->nrhs + t] = S_term_field(r, c->rhs[t], c->subjects[s]);
    }
  }
  /* each field's count of domain.row_floor suffixes, for og_row_holds (called for every reading of a row) */
  for (int k = 0; rc == 0 && k < r->nfields; k++) {
    size_t il = strlen(r->fields[k].id);
    r->fields[k].nfloor = 0;
    for (int j = 0; j < r->nfloor; j++) {
      size_t sl = strlen(r->floor_suffixes[j]);
      if (il >= sl && strcmp(r->fields[k].id + il - sl, r->floor_suffixes[j]) == 0) r->fields[k].nfloor++;
    }
  }
  S_file_free(&f);
  return rc;
}

static void S_wordlist_push(og_wordlist *l, const char *w) {
  l->w = og_xrealloc(l->w, sizeof *l->w * (l->n + 1));
  l->w[l->n++] = og_xstrdup(w);
}

static void S_wordlist_free(og_wordlist *l) {
  for (size_t i = 0; i < l->n; i++) free(l->w[i]);
  free(l->w);
  l->w = NULL;
  l->n = 0;
}

static void S_meta_words_free(og_meta_words *w) {
  free(w->digit_cp);
  free(w->digit_value);
  S_wordlist_free(&w->agency_front);
  S_wordlist_free(&w->agency_back);
  S_wordlist_free(&w->attachment);
  S_wordlist_free(&w->published_word);
  S_wordlist_free(&w->title_word);
  S_wordlist_free(&w->closing_word);
  S_wordlist_free(&w->period_word);
  for (int i = 0; i < 3; i++) free(w->date_mark[i]);
  memset(w, 0, sizeof *w);
}

/* A year of meta.tsv's numbers (1000..9999), or -1. */
static int S_year_of(const char *s) {
  char *e;
  long v = strtol(s, &e, 10);
  return *s && !*e && v >= 1000 && v <= 9999 ? (int)v : -1;
}

/* meta.tsv's word kinds: col[1] (normalized into norm) is a word; a char kind's is one character (*cp).
 * Returns NULL when it is a good word, else what is wrong. */
static const char *S_meta_word(const char *word, int one_char, char **norm, int32_t *cp) {
  for (size_t i = 0, n = strlen(word); i < n;) {
    int32_t c;
    i += (size_t)og_utf8_next(word + i, n - i, &c);
    if (og_is_space_cp(c)) return "a word has no whitespace (titles and dates are matched with whitespace removed)";
  }
  *norm = og_normalize(word, strlen(word));
  size_t len = strlen(*norm);
  if (!len) return "an empty word";
  if (one_char && ((size_t)og_utf8_next(*norm, len, cp) != len || *cp == 0xFFFD)) return "not one character";
  return NULL;
}

/* A word or number line of meta.tsv (n columns in col): 1 when its kind is one, 0 when it is not (a pattern
 * kind), -1 with err when it is one but malformed. */
static int S_meta_word_line(og_meta_words *w, char **col, int n, const char *path, int line, char *err,
                            size_t errlen) {
  const char *k = col[0];
  int is_char = !strcmp(k, "digit") || !strcmp(k, "ten") || !strcmp(k, "first_month");
  og_wordlist *list = !strcmp(k, "agency_front") ? &w->agency_front : !strcmp(k, "agency_back") ? &w->agency_back
                      : !strcmp(k, "attachment") ? &w->attachment : !strcmp(k, "published_word") ? &w->published_word
                      : !strcmp(k, "title_word") ? &w->title_word : !strcmp(k, "closing_word") ? &w->closing_word
                      : !strcmp(k, "period_word") ? &w->period_word : NULL;
  if (!strcmp(k, "date_years") || !strcmp(k, "template_year") || !strcmp(k, "template_2021_year")) {
    int two = k[0] == 'd', lo = n > 1 ? S_year_of(col[1]) : -1, hi = two && n > 2 ? S_year_of(col[2]) : lo;
    if (n != (two ? 3 : 2) || lo < 0 || hi < lo) {
      snprintf(err, errlen, "%s:%d: %s takes %s", path, line, k,
               two ? "the first and the last year (1000..9999), tab-separated" : "a year (1000..9999)");
      return -1;
    }
    if (two) {
      w->date_year_min = lo;
      w->date_year_max = hi;
    } else if (!strcmp(k, "template_year")) {
      w->template_year = lo;
    } else {
      w->template_2021_year = lo;
    }
    return 1;
  }
  if (!strcmp(k, "date_marks")) {
    char *mark[3] = {NULL, NULL, NULL};
    const char *bad = n != 4 ? "takes three words (after the year, the month and the day), tab-separated" : NULL;
    int32_t cp;
    for (int i = 0; i < 3 && !bad; i++) {
      bad = S_meta_word(col[i + 1], 0, &mark[i], &cp);
      if (!bad && mark[i][0] >= '0' && mark[i][0] <= '9') bad = "a mark cannot start with a digit";
    }
    if (bad) {
      snprintf(err, errlen, "%s:%d: date_marks %s", path, line, bad);
      for (int i = 0; i < 3; i++) free(mark[i]);
      return -1;
    }
    for (int i = 0; i < 3; i++) {
      free(w->date_mark[i]);
      w->date_mark[i] = mark[i];
    }
    return 1;
  }
  if (!is_char && !list) return 0;
  int want = !strcmp(k, "digit") ? 3 : 2;
  if (n != want) {
    snprintf(err, errlen, "%s:%d: %s takes %s", path, line, k,
             want == 3 ? "a character and its value (0..9), tab-separated" : is_char ? "a character" : "a word");
    return -1;
  }
  char *norm = NULL;
  int32_t cp = 0;
  const char *bad = S_meta_word(col[1], is_char, &norm, &cp);
  int value = want == 3 && col[2][0] >= '0' && col[2][0] <= '9' && !col[2][1] ? col[2][0] - '0' : -1;
  if (!bad && want == 3 && value < 0) bad = "its value is one digit, 0..9";
  if (bad) {
    snprintf(err, errlen, "%s:%d: %s '%s': %s", path, line, k, col[1], bad);
    free(norm);
    return -1;
  }
  if (!strcmp(k, "digit")) {
    size_t i = 0;
    while (i < w->ndigits && w->digit_cp[i] != cp) i++;
    if (i == w->ndigits) {
      w->digit_cp = og_xrealloc(w->digit_cp, sizeof *w->digit_cp * (w->ndigits + 1));
      w->digit_value = og_xrealloc(w->digit_value, sizeof *w->digit_value * (w->ndigits + 1));
      w->ndigits++;
    }
    w->digit_cp[i] = cp;
    w->digit_value[i] = value;
  } else if (!strcmp(k, "ten")) {
    w->ten = cp;
  } else if (!strcmp(k, "first_month")) {
    w->first_month = cp;
  } else {
    size_t i = 0;
    while (i < list->n && strcmp(list->w[i], norm)) i++;
    if (i == list->n) S_wordlist_push(list, norm);
  }
  free(norm);
  return 1;
}

static int S_load_meta(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, "meta.tsv", &f, err, errlen)) return -1;
  int rc = 0;
  for (int i = 0; i < f.nlines && rc == 0; i++) {
    if (S_is_comment(f.lines[i])) continue;
    char *col[4];
    pcre2_code **slot = NULL;
    int n = og_split_tabs(f.lines[i], col, 4);
    int word = S_meta_word_line(&r->meta_words, col, n, f.path, i + 1, err, errlen);
    if (word < 0) {
      rc = -1;
      break;
    }
    if (word) continue;
    if (n == 2) {
      if (!strcmp(col[0], "title")) slot = &r->meta_title;
      else if (!strcmp(col[0], "period")) slot = &r->meta_period;
      else if (!strcmp(col[0], "published")) slot = &r->meta_published;
      else if (!strcmp(col[0], "chrome")) slot = &r->meta_chrome;
      else if (!strcmp(col[0], "partial")) slot = &r->meta_partial;
      else if (!strcmp(col[0], "closing")) slot = &r->meta_closing;
      else if (!strcmp(col[0], "section")) {
        r->meta_sections = og_xrealloc(r->meta_sections, sizeof *r->meta_sections * (size_t)(r->nsections + 1));
        r->meta_sections[r->nsections] = NULL;
        slot = &r->meta_sections[r->nsections++];
      }
    }
    if (!slot) {
      snprintf(err, errlen, "%s:%d: expected a pattern kind (title, period, published, chrome, partial, closing or "
               "section), a tab and a pattern, or a word kind (digit, ten, first_month, date_marks, agency_front, "
               "agency_back, attachment, title_word, period_word, published_word, closing_word, date_years, "
               "template_year) and its words or numbers",
               f.path, i + 1);
      rc = -1;
    } else {
      pcre2_code_free(*slot);
      *slot = og_re_compile(col[1], f.path, i + 1, err, errlen);
      if (!*slot) rc = -1;
    }
  }
  if (rc == 0 && (!r->meta_title || !r->meta_period || !r->meta_published)) {
    snprintf(err, errlen, "%s: needs the title, period and published patterns", f.path);
    rc = -1;
  }
  if (rc == 0 && (!r->meta_words.date_year_min || !r->meta_words.template_year || !r->meta_words.template_2021_year ||
                  !r->meta_words.date_mark[0])) {
    snprintf(err, errlen, "%s: needs date_years, date_marks, template_year and template_2021_year", f.path);
    rc = -1;
  }
  S_file_free(&f);
  return rc;
}

static int S_load_words(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, "words.tsv", &f, err, errlen)) return -1;
  int rc = 0;
  for (int i = 0; i < f.nlines && rc == 0; i++) {
    if (S_is_comment(f.lines[i])) continue;
    char *col[3];
    char why[256];
    if (og_split_tabs(f.lines[i], col, 3) != 2) {
      snprintf(err, errlen, "%s:%d: expected a kind (blank, prose_unit, prose_before, cell_unit, wan, yuan), a tab, a word",
               f.path, i + 1);
      rc = -1;
    } else if (og_words_add(&r->words, col[0], col[1], why, sizeof why)) {
      snprintf(err, errlen, "%s:%d: %s", f.path, i + 1, why);
      rc = -1;
    }
  }
  og_words_finish(&r->words);
  S_file_free(&f);
  return rc;
}

/* divisions.tsv, agency.tsv, indicators.tsv, narrative.tsv: read here, parsed by their modules */
static int S_load_parsed(ogi_rules *r, const char *dir, const char *name,
                         int (*parse)(ogi_rules *, const char *, char **, int, char *, size_t), char *err, size_t errlen) {
  S_file f;
  if (S_read_lines(dir, name, &f, err, errlen)) return -1;
  int rc = parse(r, f.path, f.lines, f.nlines, err, errlen);
  S_file_free(&f);
  return rc;
}
/* divisions.tsv after agency.tsv (whose level row names its levels); then the two are indexed together */
static int S_parse_divisions(ogi_rules *r, const char *path, char **lines, int n, char *err, size_t errlen) {
  return agency_parse_divisions(&r->agency, path, lines, n, err, errlen) || agency_finish(r->agency, err, errlen) ? -1 : 0;
}
static int S_parse_agency(ogi_rules *r, const char *path, char **lines, int n, char *err, size_t errlen) {
  return agency_parse_rules(&r->agency, path, lines, n, err, errlen);
}
static int S_load_identity(ogi_rules *r, const char *dir, char *err, size_t errlen) {
  /* agency.tsv first: its level row names the levels of divisions.tsv */
  return S_load_parsed(r, dir, "agency.tsv", S_parse_agency, err, errlen) ||
         S_load_parsed(r, dir, "divisions.tsv", S_parse_divisions, err, errlen) ||
         S_load_parsed(r, dir, "indicators.tsv", indicators_parse, err, errlen) ||
         S_load_parsed(r, dir, "narrative.tsv", narrative_parse, err, errlen);
}

static int S_is_dir_with_rules(const char *dir) {
  char path[4200];
  snprintf(path, sizeof path, "%s/rows.tsv", dir);
  struct stat st;
  return stat(path, &st) == 0;
}

/* The pattern directory at rel from the folder holding file (a library or a program), when it has the rules. */
static int S_patterns_beside(const char *file, const char *rel, char *out, size_t n) {
  const char *slash = file ? strrchr(file, '/') : NULL;
  if (!slash) return 0;
  int k = snprintf(out, n, "%.*s/%s", (int)(slash - file), file, rel);
  return k > 0 && (size_t)k < n - 16 && S_is_dir_with_rules(out);
}

int ogi_rules_load(const char *dir, ogi_rules **out, char *err, size_t errlen) {
  *out = NULL;
  xmlInitParser(); /* once, before any thread parses: libxml2's global state */
  if (errlen) err[0] = 0;
  char found[4096];
  if (!dir) {
    /* $OGI_PATTERNS; the installed tree, wherever it was moved: beside the shared library (dladdr), beside the
     * program (/proc/self/exe); the source tree of a build; the data directory the build was configured with */
    const char *env = getenv("OGI_PATTERNS");
    Dl_info info;
    char exe[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) exe[k] = 0;
    if (env && *env) dir = env;
    else if (dladdr((void *)&ogi_rules_load, &info) && info.dli_fname &&
             S_patterns_beside(info.dli_fname, OGI_LIB_TO_PATTERNS, found, sizeof found))
      dir = found;
    else if (k > 0 && S_patterns_beside(exe, OGI_BIN_TO_PATTERNS, found, sizeof found)) dir = found;
    else if (S_is_dir_with_rules(OGI_SOURCE_PATTERNS)) dir = OGI_SOURCE_PATTERNS;
    else dir = OGI_INSTALL_PATTERNS;
  }
  ogi_rules *r = og_xcalloc(1, sizeof *r);
  r->dir = og_xstrdup(dir);
  if (S_load_fields(r, dir, err, errlen) || S_load_rows(r, dir, err, errlen) || S_load_sigs(r, dir, err, errlen) ||
      S_load_regions(r, dir, err, errlen) || S_load_checks(r, dir, err, errlen) || S_load_meta(r, dir, err, errlen) ||
      S_load_columns(r, dir, err, errlen) || S_load_words(r, dir, err, errlen) || S_load_identity(r, dir, err, errlen)) {
    ogi_rules_free(&r);
    return OGI_ERR_RULES;
  }
  *out = r;
  return OGI_OK;
}

void ogi_rules_free(ogi_rules **rules) {
  if (!rules || !*rules) return;
  ogi_rules *r = *rules;
  for (int i = 0; i < r->nrows; i++) {
    free(r->rows[i].id);
    free(r->rows[i].fields);
    pcre2_code_free(r->rows[i].re);
  }
  free(r->rows);
  for (int i = 0; i < r->nsigs; i++) pcre2_code_free(r->sigs[i].re);
  free(r->sigs);
  for (int i = 0; i < r->nregions; i++) pcre2_code_free(r->regions[i].re);
  free(r->regions);
  for (int i = 0; i < r->ncolwords; i++) pcre2_code_free(r->colwords[i].re);
  free(r->colwords);
  for (int i = 0; i < r->nfields; i++) {
    free(r->fields[i].id);
    free(r->fields[i].row);
    free(r->fields[i].label);
  }
  free(r->fields);
  free(r->field_slot);
  for (int i = 0; i < r->nchecks; i++) {
    free(r->checks[i].rule);
    og_free_strv(r->checks[i].subjects, r->checks[i].nsubjects);
    og_free_strv(r->checks[i].lhs, r->checks[i].nlhs);
    og_free_strv(r->checks[i].rhs, r->checks[i].nrhs);
    free(r->checks[i].lhs_field);
    free(r->checks[i].rhs_field);
  }
  free(r->checks);
  og_free_strv(r->floor_suffixes, r->nfloor);
  og_words_free(&r->words);
  agency_rules_free(&r->agency);
  indicators_free(r);
  narrative_rules_free(r);
  pcre2_code_free(r->meta_title);
  pcre2_code_free(r->meta_period);
  pcre2_code_free(r->meta_published);
  pcre2_code_free(r->meta_chrome);
  for (int i = 0; i < r->nsections; i++) pcre2_code_free(r->meta_sections[i]);
  free(r->meta_sections);
  pcre2_code_free(r->meta_partial);
  pcre2_code_free(r->meta_closing);
  S_meta_words_free(&r->meta_words);
  free(r->dir);
  free(r);
  *rules = NULL;
}
