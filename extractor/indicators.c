/* Indicators (indicators.h): loading patterns/indicators.tsv and computing one indicator of a report from
 * its field values. A field the report's template does not have counts 0; one it has that is null makes
 * the indicator null. */
#include "indicators.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "a + b + c" into field indices; returns the count, or -1 with the unknown id in bad. */
static int S_terms(const ogi_rules *r, const char *s, int **out, char *bad, size_t badlen) {
  *out = NULL;
  if (!strcmp(s, "-")) return 0;
  int n = 0;
  char *copy = og_xstrdup(s), *save = NULL;
  for (char *t = strtok_r(copy, " +", &save); t; t = strtok_r(NULL, " +", &save)) {
    int f = og_field_index(r, t);
    if (f < 0) {
      snprintf(bad, badlen, "%s", t);
      free(copy);
      free(*out);
      *out = NULL;
      return -1;
    }
    *out = og_xrealloc(*out, sizeof **out * (size_t)(n + 1));
    (*out)[n++] = f;
  }
  free(copy);
  return n;
}

int indicators_parse(ogi_rules *r, const char *path, char **lines, int nlines, char *err, size_t errlen) {
  for (int i = 0; i < nlines; i++) {
    if (!lines[i][0] || lines[i][0] == '#') continue;
    char *col[5] = {0};
    int n = 0;
    for (char *p = lines[i]; n < 5;) {
      col[n++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = 0;
      p = t + 1;
    }
    int y19 = n >= 4 && strstr(col[1], "2019") != NULL, y21 = n >= 4 && strstr(col[1], "2021") != NULL;
    if (n < 4 || !col[0][0] || (!y19 && !y21)) {
      snprintf(err, errlen, "%s:%d: expected a name, the templates (2019, 2021 or 2019,2021), the numerator's field "
               "ids joined by +, the denominator's (- for none), and an optional note, separated by tabs", path, i + 1);
      return -1;
    }
    indicator_def d = {og_xstrdup(col[0]), y19, y21, NULL, 0, NULL, 0};
    char bad[128];
    d.nnum = S_terms(r, col[2], &d.num, bad, sizeof bad);
    if (d.nnum > 0) d.nden = S_terms(r, col[3], &d.den, bad, sizeof bad);
    if (d.nnum <= 0 || d.nden < 0) {
      if (d.nnum == 0) snprintf(bad, sizeof bad, "(an empty numerator)");
      snprintf(err, errlen, "%s:%d: %s is not a field id of fields.tsv", path, i + 1, bad);
      free(d.name);
      free(d.num);
      free(d.den);
      return -1;
    }
    r->indicators = og_xrealloc(r->indicators, sizeof *r->indicators * (size_t)(r->nindicators + 1));
    r->indicators[r->nindicators++] = d;
  }
  return 0;
}

void indicators_free(ogi_rules *r) {
  for (int i = 0; i < r->nindicators; i++) {
    free(r->indicators[i].name);
    free(r->indicators[i].num);
    free(r->indicators[i].den);
  }
  free(r->indicators);
  r->indicators = NULL;
  r->nindicators = 0;
}

int indicators_find(const ogi_rules *r, const char *name) {
  for (int i = 0; name && i < r->nindicators; i++)
    if (!strcmp(r->indicators[i].name, name)) return i;
  return -1;
}

const indicator_def *indicators_def_for(const ogi_report *rep, const char *name) {
  if (!rep || !rep->values || !rep->tmpl || !name) return NULL;
  int y19 = !strcmp(rep->tmpl, "2019"), y21 = !strcmp(rep->tmpl, "2021");
  for (int i = 0; i < rep->rules->nindicators; i++) {
    const indicator_def *d = &rep->rules->indicators[i];
    if (!strcmp(d->name, name) && ((y19 && d->in2019) || (y21 && d->in2021))) return d;
  }
  return NULL;
}

/* Sum of the fields: 1, 0 when one is null, -1 when the template has none of them. */
static int S_sum(const ogi_report *rep, const int *f, int n, double *out) {
  int present = 0, null = 0;
  double s = 0;
  for (int i = 0; i < n; i++) {
    const og_value *v = &rep->values[f[i]];
    if (!v->present) continue;
    present = 1;
    if (!v->found) null = 1;
    else s += v->value;
  }
  *out = s;
  return !present ? -1 : null ? 0 : 1;
}

int indicators_value(const ogi_report *rep, const char *name, double *value) {
  const indicator_def *d = indicators_def_for(rep, name);
  if (!d) return -1;
  double num, den = 1;
  int a = S_sum(rep, d->num, d->nnum, &num);
  if (a < 0) return -1;
  if (d->nden) {
    int b = S_sum(rep, d->den, d->nden, &den);
    if (b < 0) return -1;
    if (!b || den == 0) return 0;
  }
  if (!a) return 0;
  *value = num / den;
  return 1;
}

int ogi_report_indicator(const ogi_report *report, const char *name, double *value) {
  return indicators_value(report, name, value);
}

/* The i-th distinct name, or NULL. */
static const char *S_distinct(const ogi_rules *r, int want, int *count) {
  int n = 0;
  for (int i = 0; r && i < r->nindicators; i++) {
    if (indicators_find(r, r->indicators[i].name) != i) continue;
    if (n++ == want) return r->indicators[i].name;
  }
  *count = n;
  return NULL;
}

int ogi_indicator_count(const ogi_rules *rules) {
  int n = 0;
  S_distinct(rules, -1, &n);
  return n;
}

const char *ogi_indicator_name(const ogi_rules *rules, int i) {
  int n;
  return i < 0 ? NULL : S_distinct(rules, i, &n);
}
