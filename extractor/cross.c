/* Cross-year checks: patterns/cross_checks.tsv read into rules (a {c} subject expanded over the columns of
 * fields.tsv), and their application to the values of two reports of one agency, consecutive years. */
#include "cross.h"
#include "format.h"
#include "util.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int field; /* index in rules->fields */
  int prev;  /* 1: the previous year's report */
  int sign;  /* +1 or -1 */
} S_term;

typedef struct {
  char *rule, *subject, *expected_text, *message;
  int in2019, in2021;
  int copied;     /* the rule `copied`: tables[t] set for the tables compared */
  int tables[5];
  int value;      /* this year's field */
  S_term *terms;
  int nterms;
} S_xrule;

struct og_cross {
  const ogi_rules *rules;
  S_xrule *r;
  int n, cap;
};

void og_cross_free(og_cross **cp) {
  if (!cp || !*cp) return;
  og_cross *c = *cp;
  for (int i = 0; i < c->n; i++) {
    free(c->r[i].rule);
    free(c->r[i].subject);
    free(c->r[i].expected_text);
    free(c->r[i].message);
    free(c->r[i].terms);
  }
  free(c->r);
  free(c);
  *cp = NULL;
}

/* s with every {c} replaced by col. */
static char *S_subst(const char *s, const char *col) {
  og_buf b;
  og_buf_init(&b);
  for (const char *p = s; *p;) {
    const char *q = strstr(p, "{c}");
    if (!q) {
      og_buf_puts(&b, p);
      break;
    }
    og_buf_put(&b, p, (size_t)(q - p));
    og_buf_puts(&b, col);
    p = q + 3;
  }
  og_buf_putc(&b, 0);
  return og_buf_take(&b);
}

/* Parses "prev:a + b - c" into terms; 0, or -1 when a field id is unknown (*bad: the id) or the syntax is wrong. */
static int S_terms(const ogi_rules *rules, const char *text, S_term **out, int *n, char *bad, size_t badlen) {
  char *copy = og_xstrdup(text), *save = NULL;
  int sign = 1, want_term = 1, rc = 0, cap = 0;
  *out = NULL;
  *n = 0;
  for (char *tok = strtok_r(copy, " ", &save); tok && rc == 0; tok = strtok_r(NULL, " ", &save)) {
    if (!want_term) {
      if (!strcmp(tok, "+") || !strcmp(tok, "-")) sign = *tok == '+' ? 1 : -1;
      else rc = -1, snprintf(bad, badlen, "'%s' where + or - was expected", tok);
      want_term = 1;
      continue;
    }
    int prev = !strncmp(tok, "prev:", 5);
    int f = og_field_index(rules, tok + (prev ? 5 : 0));
    if (f < 0) {
      snprintf(bad, badlen, "unknown field id '%s'", tok + (prev ? 5 : 0));
      rc = -1;
      break;
    }
    if (*n == cap) *out = og_xrealloc(*out, (size_t)(cap = cap ? cap * 2 : 4) * sizeof **out);
    (*out)[(*n)++] = (S_term){f, prev, sign};
    want_term = 0;
  }
  if (rc == 0 && (want_term || *n == 0)) rc = -1, snprintf(bad, badlen, "an expression that ends without a term");
  free(copy);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

static S_xrule *S_add(og_cross *c) {
  if (c->n == c->cap) c->r = og_xrealloc(c->r, (size_t)(c->cap = c->cap ? c->cap * 2 : 8) * sizeof *c->r);
  S_xrule *x = &c->r[c->n++];
  memset(x, 0, sizeof *x);
  return x;
}

/* One line's rule for one column (col NULL: no {c}); 0 added, 1 left out (a field of the column unknown), -1 bad. */
static int S_add_rule(og_cross *c, char **col, const char *colname, int strict, char *bad, size_t badlen) {
  char *subject = colname ? S_subst(col[2], colname) : og_xstrdup(col[2]);
  char *value = colname ? S_subst(col[3], colname) : og_xstrdup(col[3]);
  char *expected = colname ? S_subst(col[4], colname) : og_xstrdup(col[4]);
  int rc = 0;
  S_xrule x;
  memset(&x, 0, sizeof x);
  x.in2019 = strstr(col[1], "2019") != NULL;
  x.in2021 = strstr(col[1], "2021") != NULL;
  if (!x.in2019 && !x.in2021) {
    snprintf(bad, badlen, "templates '%s': want 2019, 2021 or 2019,2021", col[1]);
    rc = -1;
  } else if (!strcmp(value, "copied")) {
    x.copied = 1;
    for (const char *p = subject; *p; p++)
      if (*p == 't' && p[1] >= '2' && p[1] <= '4') x.tables[p[1] - '0'] = 1;
    if (!x.tables[2] && !x.tables[3] && !x.tables[4]) {
      snprintf(bad, badlen, "copied: subject '%s' names no table (t2, t3, t4)", subject);
      rc = -1;
    }
  } else if ((x.value = og_field_index(c->rules, value)) < 0) {
    snprintf(bad, badlen, "unknown field id '%s'", value);
    rc = strict ? -1 : 1;
  } else if (S_terms(c->rules, expected, &x.terms, &x.nterms, bad, badlen)) {
    rc = strict || strstr(bad, "unknown") != bad ? -1 : 1;
  }
  if (rc == 0) {
    S_xrule *r = S_add(c);
    *r = x;
    r->rule = og_xstrdup(col[0]);
    r->subject = subject;
    r->expected_text = expected;
    r->message = og_xstrdup(col[5]);
    subject = expected = NULL;
  }
  free(subject);
  free(value);
  free(expected);
  return rc;
}

og_cross *og_cross_load(const ogi_rules *rules, char *err, size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s/cross_checks.tsv", rules->dir ? rules->dir : ".");
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read the cross-year checks: %s", path, strerror(errno));
    return NULL;
  }
  og_cross *c = og_xcalloc(1, sizeof *c);
  c->rules = rules;
  char line[4096], bad[512];
  int lineno = 0, rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    char *col[6] = {0};
    int k = 0;
    for (char *p = line; k < 6;) {
      col[k++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = 0;
      p = t + 1;
    }
    if (k != 6) {
      snprintf(err, errlen, "%s:%d: want 6 tab-separated columns (rule, templates, subject, value, expected, message)",
               path, lineno);
      rc = -1;
      break;
    }
    const char *at = strstr(col[2], "{c}");
    if (!at) {
      if (S_add_rule(c, col, NULL, 1, bad, sizeof bad)) rc = -1;
    } else {
      /* each column of the field ids that match subject, in fields.tsv order */
      size_t pre = (size_t)(at - col[2]), suf = strlen(at + 3);
      int added = 0;
      for (int i = 0; rc == 0 && i < rules->nfields; i++) {
        const char *id = rules->fields[i].id;
        size_t n = strlen(id);
        if (n <= pre + suf || strncmp(id, col[2], pre) || strcmp(id + n - suf, at + 3)) continue;
        char colname[128];
        snprintf(colname, sizeof colname, "%.*s", (int)(n - pre - suf), id + pre);
        int a = S_add_rule(c, col, colname, 0, bad, sizeof bad);
        if (a < 0) rc = -1;
        added += a == 0;
      }
      if (rc == 0 && !added) snprintf(bad, sizeof bad, "subject '%s' matches no field id", col[2]), rc = -1;
    }
    if (rc) snprintf(err, errlen, "%s:%d: %s", path, lineno, bad);
  }
  fclose(f);
  if (rc) og_cross_free(&c);
  return c;
}

static int S_tmpl_ok(const S_xrule *x, const char *tmpl) {
  return tmpl && ((x->in2019 && !strcmp(tmpl, "2019")) || (x->in2021 && !strcmp(tmpl, "2021")));
}

int og_cross_pair(const og_cross *c, const og_cross_side *prev, const og_cross_side *cur, og_cross_fn fn, void *data) {
  const ogi_rules *rules = c->rules;
  int n = 0;
  for (int i = 0; i < c->n; i++) {
    const S_xrule *x = &c->r[i];
    if (!S_tmpl_ok(x, prev->tmpl) || !S_tmpl_ok(x, cur->tmpl)) continue;
    char msg[1024], a[64], e[64];
    if (x->copied) {
      if (strcmp(prev->tmpl, cur->tmpl)) continue;
      int same = 1, compared = 0, nonzero = 0;
      for (int f = 0; same && f < rules->nfields; f++) {
        int t = rules->fields[f].table;
        if (t < 2 || t > 4 || !x->tables[t]) continue;
        if (prev->found[f] != cur->found[f]) same = 0;
        else if (cur->found[f]) {
          same = prev->value[f] == cur->value[f];
          compared++;
          nonzero += cur->value[f] != 0;
        }
      }
      if (!same || !compared || !nonzero) continue;
      snprintf(msg, sizeof msg, "%s (%d values, %d of them not 0)", x->message, compared, nonzero);
      fn(data, x->rule, x->subject, 0, 0, 0, msg);
      n++;
      continue;
    }
    if (!cur->found[x->value]) continue;
    double expected = 0;
    int complete = 1;
    for (int t = 0; t < x->nterms; t++) {
      const og_cross_side *s = x->terms[t].prev ? prev : cur;
      if (!s->found[x->terms[t].field]) complete = 0;
      else expected += x->terms[t].sign * s->value[x->terms[t].field];
    }
    double actual = cur->value[x->value];
    if (!complete || fabs(expected - actual) < 1e-9) continue;
    og_format_number(a, sizeof a, actual);
    og_format_number(e, sizeof e, expected);
    snprintf(msg, sizeof msg, "%s: %s is %s, expected %s (%s)", x->message, rules->fields[x->value].id, a, e,
             x->expected_text);
    fn(data, x->rule, x->subject, 1, expected, actual, msg);
    n++;
  }
  return n;
}
