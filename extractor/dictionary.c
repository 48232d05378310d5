/* The data dictionary of the outputs: each field's Chinese and English labels and unit (patterns/labels.tsv,
 * for the dataset's `fields` table and a CSV export's datapackage.json), and the checksum of the rule files
 * that made the data (rules_sha256). */
#include "dictionary.h"
#include "sha256.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The labels file: Chinese and English labels of each row and column (patterns/labels.tsv). */
typedef struct {
  char *key, *unit, *zh, *en;
} S_label;

static void S_labels_free(S_label *l, int n) {
  for (int i = 0; i < n; i++) {
    free(l[i].key);
    free(l[i].unit);
    free(l[i].zh);
    free(l[i].en);
  }
  free(l);
}

static S_label *S_labels_load(const ogi_rules *rules, int *n, char *err, size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s/labels.tsv", rules->dir ? rules->dir : ".");
  *n = 0;
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read the labels of the data dictionary: %s", path, strerror(errno));
    return NULL;
  }
  S_label *l = NULL;
  int cap = 0, lineno = 0;
  char line[2048];
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    char *col[5] = {0};
    int k = 0;
    for (char *p = line; k < 5;) {
      col[k++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = 0;
      p = t + 1;
    }
    if (k != 5) {
      snprintf(err, errlen, "%s:%d: want 5 tab-separated columns (key, kind, unit, zh, en)", path, lineno);
      fclose(f);
      S_labels_free(l, *n);
      *n = 0;
      return NULL;
    }
    if (*n == cap) l = og_xrealloc(l, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *l);
    l[*n].key = og_xstrdup(col[0]);
    l[*n].unit = og_xstrdup(col[2]);
    l[*n].zh = og_xstrdup(col[3]);
    l[*n].en = og_xstrdup(col[4]);
    (*n)++;
  }
  fclose(f);
  return l;
}

static const S_label *S_label_of(const S_label *l, int n, const char *key) {
  for (int i = 0; i < n; i++)
    if (!strcmp(l[i].key, key)) return &l[i];
  return NULL;
}

void og_field_labels_free(og_field_label *fl, int n) {
  if (!fl) return;
  for (int i = 0; i < n; i++) {
    free(fl[i].column_key);
    free(fl[i].row_zh);
    free(fl[i].column_zh);
    free(fl[i].row_en);
    free(fl[i].column_en);
    free(fl[i].unit);
    free(fl[i].label_en);
  }
  free(fl);
}

og_field_label *og_field_labels(const ogi_rules *rules, char *err, size_t errlen) {
  int nl = 0;
  S_label *l = S_labels_load(rules, &nl, err, errlen);
  if (!l) return NULL;
  og_field_label *fl = og_xcalloc((size_t)rules->nfields, sizeof *fl);
  for (int i = 0; i < rules->nfields; i++) {
    const og_field *f = &rules->fields[i];
    if (!f->table) continue;
    size_t rl = strlen(f->row);
    fl[i].column_key = og_xstrdup(f->id + rl + (f->id[rl] == '.'));
    const S_label *r = S_label_of(l, nl, f->row), *c = S_label_of(l, nl, fl[i].column_key);
    if (!r || !c) {
      snprintf(err, errlen, "%s/labels.tsv: no labels for the %s '%s' (field %s)", rules->dir, r ? "column" : "row",
               r ? fl[i].column_key : f->row, f->id);
      og_field_labels_free(fl, rules->nfields);
      S_labels_free(l, nl);
      return NULL;
    }
    fl[i].row_zh = og_xstrdup(r->zh);
    fl[i].row_en = og_xstrdup(r->en);
    fl[i].column_zh = og_xstrdup(c->zh);
    fl[i].column_en = og_xstrdup(c->en);
    fl[i].unit = og_xstrdup(c->unit);
    size_t n = strlen(r->en) + strlen(c->en) + 3;
    fl[i].label_en = og_xmalloc(n);
    snprintf(fl[i].label_en, n, "%s: %s", r->en, c->en);
  }
  S_labels_free(l, nl);
  return fl;
}

/* SHA-256 of the rule files (name, then content, each in turn, sorted by name): which rules made the data. */
void og_rules_checksum(const ogi_rules *rules, char out[65]) {
  static const char *const files[] = {"agency.tsv",    "checks.tsv",   "columns.tsv",  "cross_checks.tsv",
                                      "divisions.tsv", "fields.tsv",   "indicators.tsv", "labels.tsv",
                                      "meta.tsv",      "narrative.tsv", "regions.tsv",  "rows.tsv",
                                      "templates.tsv", "words.tsv",    NULL};
  og_buf b;
  og_buf_init(&b);
  for (int i = 0; files[i]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", rules->dir ? rules->dir : ".", files[i]);
    og_buf_puts(&b, files[i]);
    og_buf_putc(&b, 0);
    FILE *f = fopen(path, "rb");
    if (f) {
      char chunk[8192];
      size_t n;
      while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) og_buf_put(&b, chunk, n);
      fclose(f);
    }
    og_buf_putc(&b, 0);
  }
  og_sha256_hex((const unsigned char *)b.data, b.len, out);
  og_buf_free(&b);
}
