/* Corrections as data: the TSV file of corrections read and checked (a bad line names file:line), and their
 * application to a report's values, the printed value kept beside each correction. */
#include "corrections.h"
#include "format.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ogi_corrections_free(ogi_corrections **cp) {
  if (!cp || !*cp) return;
  ogi_corrections *c = *cp;
  for (int i = 0; i < c->n; i++) {
    free(c->v[i].key);
    free(c->v[i].note);
    free(c->v[i].field_id);
  }
  free(c->v);
  free(c->path);
  free(c);
  *cp = NULL;
}

static int S_is_sha(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n])) return 0;
  return n == 64;
}

int ogi_corrections_load(const ogi_rules *rules, const char *path, ogi_corrections **out, char *err, size_t errlen) {
  *out = NULL;
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: cannot read the corrections: %s", path, strerror(errno));
    return OGI_ERR_IO;
  }
  ogi_corrections *c = og_xcalloc(1, sizeof *c);
  c->path = og_xstrdup(path);
  int cap = 0, lineno = 0, rc = OGI_OK;
  og_buf line;
  og_buf_init(&line);
  for (int ch = 0; rc == OGI_OK && ch != EOF;) {
    line.len = 0;
    while ((ch = fgetc(f)) != EOF && ch != '\n') og_buf_putc(&line, (char)ch);
    if (ch == EOF && line.len == 0) break;
    og_buf_putc(&line, 0);
    lineno++;
    char *s = line.data;
    if (lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3)) s += 3; /* a spreadsheet's byte order mark */
    s[strcspn(s, "\r")] = 0;
    if (!s[0] || s[0] == '#') continue;
    char *col[4] = {0};
    int k = 0;
    for (char *p = s; k < 4;) {
      col[k++] = p;
      char *t = strchr(p, '\t');
      if (!t) break;
      *t = 0;
      p = t + 1;
    }
    const char *bad = NULL;
    char why[256] = "";
    int fi = -1;
    double v = 0;
    if (k < 3) bad = "want sha256 or path, field, value and note, separated by tabs";
    else if (!col[0][0]) bad = "no sha256 or path";
    else if ((fi = og_field_index(rules, col[1])) < 0 || !rules->fields[fi].table) {
      snprintf(why, sizeof why, "'%s' is not a field id of a table (patterns/fields.tsv)", col[1]);
      bad = why;
    } else {
      char *end;
      errno = 0;
      v = strtod(col[2], &end);
      if (end == col[2] || *end || errno || !isfinite(v)) {
        snprintf(why, sizeof why, "value '%s' is not a number", col[2]);
        bad = why;
      } else if (!rules->fields[fi].is_decimal && v != floor(v)) {
        snprintf(why, sizeof why, "value '%s' of %s, a count, is not a whole number", col[2], col[1]);
        bad = why;
      } else if (v < 0 && !rules->fields[fi].is_signed) {
        snprintf(why, sizeof why, "value '%s' of %s is negative", col[2], col[1]);
        bad = why;
      }
    }
    if (bad) {
      snprintf(err, errlen, "%s:%d: %s", path, lineno, bad);
      rc = OGI_ERR_RULES;
      break;
    }
    if (c->n == cap) c->v = og_xrealloc(c->v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *c->v);
    og_correction *x = &c->v[c->n++];
    x->key = og_xstrdup(col[0]);
    x->is_sha = S_is_sha(col[0]);
    x->field = fi;
    x->field_id = og_xstrdup(col[1]);
    x->value = v;
    x->note = og_xstrdup(k == 4 ? col[3] : "");
    x->line = lineno;
  }
  og_buf_free(&line);
  if (rc == OGI_OK && ferror(f)) {
    snprintf(err, errlen, "%s: cannot read the corrections: %s", path, strerror(errno));
    rc = OGI_ERR_IO;
  }
  fclose(f);
  if (rc != OGI_OK) ogi_corrections_free(&c);
  *out = c;
  return rc;
}

int ogi_corrections_count(const ogi_corrections *c) { return c ? c->n : 0; }

int ogi_correction_at(const ogi_corrections *c, int i, const char **key, const char **field, int *line) {
  if (!c || i < 0 || i >= c->n) return 0;
  if (key) *key = c->v[i].key;
  if (field) *field = c->v[i].field_id;
  if (line) *line = c->v[i].line;
  return 1;
}

int og_correction_matches(const ogi_corrections *c, int i, const char *path, const char *sha256) {
  const og_correction *x = &c->v[i];
  return x->is_sha ? sha256 && !strcmp(x->key, sha256) : path && !strcmp(x->key, path);
}

int og_correction_warned(const ogi_corrections *c, int i, const ogi_report *r) {
  char at[64];
  int n = snprintf(at, sizeof at, ":%d", c->v[i].line);
  for (int k = 0; r && k < r->nwarnings; k++) {
    const og_warning *w = &r->warnings[k];
    if (strcmp(w->code, "corrected") || !w->field || strcmp(w->field, c->v[i].field_id) || !w->message) continue;
    /* "FILE:LINE: … not applied" or "… (FILE:LINE: note)" or "… (FILE:LINE)" */
    for (const char *p = strstr(w->message, c->path); p; p = strstr(p + 1, c->path)) {
      const char *q = p + strlen(c->path);
      if (!strncmp(q, at, (size_t)n) && (q[n] == ':' || q[n] == ')')) return 1;
    }
  }
  return 0;
}

void og_corrections_apply(ogi_report *r, const ogi_corrections *c) {
  if (!c || !r->values) return;
  const ogi_rules *rules = r->rules;
  for (int i = 0; i < c->n; i++) {
    const og_correction *x = &c->v[i];
    if (!og_correction_matches(c, i, r->source, r->sha256)) continue;
    const char *id = rules->fields[x->field].id;
    og_value *v = &r->values[x->field];
    char num[64], was[64] = "null";
    og_format_number(num, sizeof num, x->value);
    if (!v->present) {
      og_warn(r, "corrected", id, 0, 0, "%s:%d: correction of %s not applied: the report's template (%s) has no such field",
             c->path, x->line, id, r->tmpl ? r->tmpl : "none");
      continue;
    }
    if (!v->corrected) { /* a second correction of the field keeps what was printed */
      v->corrected = 1;
      v->printed_found = v->found;
      v->printed = v->value;
    } else {
      free(v->correction);
    }
    if (v->printed_found) og_format_number(was, sizeof was, v->printed);
    v->correction = og_xstrdup(x->note);
    v->found = 1;
    v->value = x->value;
    v->blank = 0;
    v->no_sum = 0;
    v->how = "corrected";
    og_warn(r, "corrected", id, v->line, v->col, "%s: printed %s, corrected to %s (%s:%d%s%s)", id, was, num, c->path,
           x->line, x->note[0] ? ": " : "", x->note);
  }
}

int ogi_report_correction(const ogi_report *r, const char *field_id, double *printed, const char **note) {
  int f = r && r->values ? og_field_index(r->rules, field_id) : -1;
  if (f < 0 || !r->values[f].present) return -1;
  const og_value *v = &r->values[f];
  if (!v->corrected) return 0;
  if (printed) *printed = v->printed;
  if (note) *note = v->correction;
  return v->printed_found ? 1 : 2;
}
