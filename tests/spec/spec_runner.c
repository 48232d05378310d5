/* The spec runner: reads spec files of examples (the .txt files of tests/spec, described at the top of spec.txt), runs
 * each example's report fragment through the library and compares the lines it expects with the report's
 * JSON (fields, provenance, checks, warnings, meta).
 *
 *   spec_runner [options] FILE... [--pending FILE...]
 *     --list           list the examples (number, file:line, section) and exit
 *     -n N, --number N run only example N (several -n allowed); prints its input and output
 *     -p S, --pattern S run only the examples whose section heading contains S
 *     -v, --verbose    print the input and the JSON output of every failing example
 *     --pending        the files after it hold pending examples: run and reported, never a failure
 *
 * Examples are numbered 1, 2, ... through all files in the order given. Exit 0 when every example of the
 * non-pending files passes, 1 when one fails, 2 on a usage or spec-syntax error. */
#define _POSIX_C_SOURCE 200809L
#include "ogi.h"
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FENCE "````````````````````````````````"
#define FENCE_LEN 32

/* ---------- a small growable string ---------- */

typedef struct {
  char *s;
  size_t n, cap;
} buf;

static void buf_put(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) { perror("spec_runner"); exit(2); }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}
static void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  char *tmp = malloc((size_t)n + 1);
  if (!tmp) { perror("spec_runner"); exit(2); }
  va_start(ap, fmt);
  vsnprintf(tmp, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_put(b, tmp, (size_t)n);
  free(tmp);
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (!p) { perror("spec_runner"); exit(2); }
  memcpy(p, s, n);
  return p;
}

/* ---------- a minimal JSON reader (for ogi_render_json's output) ---------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval jval;
struct jval {
  jtype t;
  int b;
  double num;
  char *str;    /* J_STR */
  char **keys;  /* J_OBJ: n keys */
  jval **items; /* J_ARR, J_OBJ: n items */
  size_t n;
};

typedef struct {
  const char *p;
  int err;
} jparser;

static void j_ws(jparser *q) {
  while (*q->p == ' ' || *q->p == '\n' || *q->p == '\r' || *q->p == '\t') q->p++;
}

static void j_free(jval *v) {
  if (!v) return;
  free(v->str);
  for (size_t i = 0; i < v->n; i++) {
    if (v->keys) free(v->keys[i]);
    j_free(v->items[i]);
  }
  free(v->keys);
  free(v->items);
  free(v);
}

static void put_utf8(buf *b, unsigned long cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  buf_put(b, u, n);
}

static int j_hex4(const char *p, unsigned long *out) {
  unsigned long v = 0;
  for (int i = 0; i < 4; i++) {
    int c = p[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return 0;
    v = v * 16 + (unsigned long)d;
  }
  *out = v;
  return 1;
}

static char *j_string(jparser *q) {
  buf b = {0};
  buf_puts(&b, "");
  q->p++; /* the opening quote */
  while (*q->p && *q->p != '"') {
    if (*q->p != '\\') { buf_put(&b, q->p++, 1); continue; }
    q->p++;
    char c = *q->p++;
    switch (c) {
    case 'n': buf_puts(&b, "\n"); break;
    case 't': buf_puts(&b, "\t"); break;
    case 'r': buf_puts(&b, "\r"); break;
    case 'b': buf_puts(&b, "\b"); break;
    case 'f': buf_puts(&b, "\f"); break;
    case 'u': {
      unsigned long cp, lo;
      if (!j_hex4(q->p, &cp)) { q->err = 1; free(b.s); return NULL; }
      q->p += 4;
      if (cp >= 0xD800 && cp < 0xDC00 && q->p[0] == '\\' && q->p[1] == 'u' && j_hex4(q->p + 2, &lo) && lo >= 0xDC00 &&
          lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        q->p += 6;
      }
      put_utf8(&b, cp);
      break;
    }
    case 0: q->err = 1; free(b.s); return NULL;
    default: buf_put(&b, &c, 1);
    }
  }
  if (*q->p != '"') { q->err = 1; free(b.s); return NULL; }
  q->p++;
  return b.s;
}

static jval *j_new(jtype t) {
  jval *v = calloc(1, sizeof *v);
  if (!v) { perror("spec_runner"); exit(2); }
  v->t = t;
  return v;
}

static void j_push(jval *v, char *key, jval *item) {
  v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
  if (v->t == J_OBJ) v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
  if (!v->items || (v->t == J_OBJ && !v->keys)) { perror("spec_runner"); exit(2); }
  if (v->t == J_OBJ) v->keys[v->n] = key;
  v->items[v->n++] = item;
}

static jval *j_value(jparser *q, int depth) {
  j_ws(q);
  if (depth > 64) { q->err = 1; return NULL; }
  const char c = *q->p;
  if (c == '{' || c == '[') {
    jval *v = j_new(c == '{' ? J_OBJ : J_ARR);
    q->p++;
    j_ws(q);
    if (*q->p == (c == '{' ? '}' : ']')) { q->p++; return v; }
    for (;;) {
      char *key = NULL;
      j_ws(q);
      if (c == '{') {
        if (*q->p != '"' || !(key = j_string(q))) { q->err = 1; j_free(v); return NULL; }
        j_ws(q);
        if (*q->p != ':') { q->err = 1; free(key); j_free(v); return NULL; }
        q->p++;
      }
      jval *item = j_value(q, depth + 1);
      if (!item) { free(key); j_free(v); return NULL; }
      j_push(v, key, item);
      j_ws(q);
      if (*q->p == ',') { q->p++; continue; }
      if (*q->p == (c == '{' ? '}' : ']')) { q->p++; return v; }
      q->err = 1;
      j_free(v);
      return NULL;
    }
  }
  if (c == '"') {
    char *s = j_string(q);
    if (!s) return NULL;
    jval *v = j_new(J_STR);
    v->str = s;
    return v;
  }
  if (!strncmp(q->p, "null", 4)) { q->p += 4; return j_new(J_NULL); }
  if (!strncmp(q->p, "true", 4)) { q->p += 4; jval *v = j_new(J_BOOL); v->b = 1; return v; }
  if (!strncmp(q->p, "false", 5)) { q->p += 5; return j_new(J_BOOL); }
  char *end;
  double d = strtod(q->p, &end);
  if (end == q->p) { q->err = 1; return NULL; }
  q->p = end;
  jval *v = j_new(J_NUM);
  v->num = d;
  return v;
}

static jval *j_parse(const char *s) {
  jparser q = {s, 0};
  jval *v = j_value(&q, 0);
  if (v && !q.err) {
    j_ws(&q);
    if (!*q.p) return v;
  }
  j_free(v);
  return NULL;
}

static const jval *j_get(const jval *o, const char *key) {
  if (!o || o->t != J_OBJ) return NULL;
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->keys[i], key)) return o->items[i];
  return NULL;
}
static const char *j_str(const jval *o, const char *key) {
  const jval *v = j_get(o, key);
  return v && v->t == J_STR ? v->str : NULL;
}

/* ---------- the spec files ---------- */

typedef struct {
  int number;
  const char *file; /* as given on the command line */
  int line;         /* the opening fence's line */
  int pending;
  int crlf;         /* "example crlf": the input's lines end in CRLF */
  char *section;
  char *input;
  char **expect;    /* expected lines, each with its line number */
  int *expect_line;
  int nexpect;
} example;

static example *examples;
static int nexamples;

static const char *basename_of(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void strip_eol(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
  return s;
}

/* "→" in an example's input stands for a tab, as in cmark's spec. */
static void put_input_line(buf *b, const char *line, int crlf) {
  const char *p = line;
  for (const char *t; (t = strstr(p, "\xe2\x86\x92")) != NULL; p = t + 3) {
    buf_put(b, p, (size_t)(t - p));
    buf_puts(b, "\t");
  }
  buf_puts(b, p);
  buf_puts(b, crlf ? "\r\n" : "\n");
}

static int read_spec(const char *path, int pending) {
  FILE *f = fopen(path, "r");
  if (!f) { fprintf(stderr, "spec_runner: %s: cannot open\n", path); return -1; }
  char *line = NULL;
  size_t cap = 0;
  int lineno = 0, state = 0; /* 0 prose, 1 input, 2 expected */
  char *section = xstrdup("");
  buf in = {0};
  example *ex = NULL;
  int rc = 0;
  while (getline(&line, &cap, f) != -1) {
    lineno++;
    strip_eol(line);
    if (state == 0) {
      if (!strncmp(line, FENCE " example", FENCE_LEN + 8)) {
        examples = realloc(examples, (size_t)(nexamples + 1) * sizeof *examples);
        if (!examples) { perror("spec_runner"); exit(2); }
        ex = &examples[nexamples++];
        memset(ex, 0, sizeof *ex);
        ex->number = nexamples;
        ex->file = path;
        ex->line = lineno;
        ex->pending = pending;
        ex->section = xstrdup(section);
        ex->crlf = strstr(line + FENCE_LEN + 8, "crlf") != NULL;
        in.n = 0;
        buf_puts(&in, "");
        state = 1;
      } else if (!strncmp(line, FENCE, FENCE_LEN)) {
        fprintf(stderr, "%s:%d: a closing fence outside an example\n", path, lineno);
        rc = -1;
      } else if (line[0] == '#') {
        char *h = line;
        while (*h == '#') h++;
        free(section);
        section = xstrdup(trim(h));
      }
    } else if (state == 1) {
      if (!strcmp(line, ".")) {
        ex->input = xstrdup(in.s);
        state = 2;
      } else if (!strncmp(line, FENCE, FENCE_LEN)) {
        fprintf(stderr, "%s:%d: example without a '.' line between input and expected lines\n", path, lineno);
        rc = -1;
        ex->input = xstrdup(in.s);
        state = 0;
      } else {
        put_input_line(&in, line, ex->crlf);
      }
    } else {
      if (!strncmp(line, FENCE, FENCE_LEN)) {
        state = 0;
        continue;
      }
      char *t = trim(line);
      if (!*t) continue;
      ex->expect = realloc(ex->expect, (size_t)(ex->nexpect + 1) * sizeof *ex->expect);
      ex->expect_line = realloc(ex->expect_line, (size_t)(ex->nexpect + 1) * sizeof *ex->expect_line);
      if (!ex->expect || !ex->expect_line) { perror("spec_runner"); exit(2); }
      ex->expect[ex->nexpect] = xstrdup(t);
      ex->expect_line[ex->nexpect++] = lineno;
    }
  }
  if (state != 0) {
    fprintf(stderr, "%s:%d: example not closed\n", path, ex ? ex->line : lineno);
    if (!ex->input) ex->input = xstrdup(in.s ? in.s : "");
    rc = -1;
  }
  free(line);
  free(section);
  free(in.s);
  fclose(f);
  return rc;
}

static void free_examples(void) {
  for (int i = 0; i < nexamples; i++) {
    example *e = &examples[i];
    free(e->section);
    free(e->input);
    for (int k = 0; k < e->nexpect; k++) free(e->expect[k]);
    free(e->expect);
    free(e->expect_line);
  }
  free(examples);
}

/* ---------- running one example ---------- */

typedef struct {
  const example *ex;
  ogi_report *r;
  jval *json;
  int failures;
  buf msg; /* the failure lines */
} run;

static void fail(run *u, int line, const char *fmt, ...) {
  char tmp[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  u->failures++;
  buf_printf(&u->msg, "%s: example %d (line %d): %s\n", basename_of(u->ex->file), u->ex->number, line, tmp);
}

static int same_number(double a, double b) {
  double tol = fabs(b) * 1e-13;
  if (tol < 1e-9) tol = 1e-9;
  return fabs(a - b) <= tol;
}

static void fmt_number(char *out, size_t n, double v) {
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(out, n, "%.*g", prec, v);
    if (strtod(out, NULL) == v) return;
  }
}

/* What the report holds for a field, in the spec's words: a number, "blank", "null", or why there is none. */
static void describe_field(const run *u, const char *id, char *out, size_t n) {
  double v = 0;
  int rc = ogi_report_value(u->r, id, &v);
  if (rc < 0) { snprintf(out, n, "absent"); return; }
  if (rc == 0) { snprintf(out, n, "null"); return; }
  const jval *pv = j_get(j_get(u->json, "provenance"), id);
  const jval *bl = j_get(pv, "blank");
  if (v == 0 && bl && bl->t == J_BOOL && bl->b) { snprintf(out, n, "blank"); return; }
  fmt_number(out, n, v);
}

static void expect_field(run *u, int line, const char *id, const char *want) {
  char got[256];
  describe_field(u, id, got, sizeof got);
  if (!strcmp(want, "null") || !strcmp(want, "blank") || !strcmp(want, "absent")) {
    if (strcmp(got, want) != 0) fail(u, line, "%s: expected %s, got %s", id, want, got);
    return;
  }
  char *end;
  double w = strtod(want, &end);
  if (end == want || *end) {
    fail(u, line, "bad expectation '%s = %s' (a number, null, blank or absent)", id, want);
    return;
  }
  double v = 0;
  if (ogi_report_value(u->r, id, &v) != 1 || !strcmp(got, "blank") || !same_number(v, w)) {
    if (!strcmp(got, "absent")) fail(u, line, "%s: expected %s, got absent (not a field of template %s)", id, want, ogi_report_template(u->r));
    else fail(u, line, "%s: expected %s, got %s", id, want, got);
  }
}

static void expect_meta(run *u, int line, const char *key, const char *want) {
  const char *got = NULL;
  char year[32];
  if (!strcmp(key, "agency")) got = ogi_report_agency(u->r);
  else if (!strcmp(key, "published")) got = ogi_report_published(u->r);
  else if (!strcmp(key, "template")) got = ogi_report_template(u->r);
  else if (!strcmp(key, "year")) {
    int y = ogi_report_year(u->r);
    if (y) { snprintf(year, sizeof year, "%d", y); got = year; }
  } else {
    fail(u, line, "unknown meta key meta.%s", key);
    return;
  }
  if (!got) got = "null";
  if (strcmp(got, want) != 0) fail(u, line, "meta.%s: expected %s, got %s", key, want, got);
}

static void expect_check(run *u, int line, const char *spec) {
  char rule[128], subject[128], status[32], extra[8];
  if (sscanf(spec, "%127s %127s %31s %7s", rule, subject, status, extra) != 3 ||
      (strcmp(status, "pass") && strcmp(status, "fail") && strcmp(status, "skipped"))) {
    fail(u, line, "bad expectation 'check: %s' (check: RULE SUBJECT pass|fail|skipped)", spec);
    return;
  }
  const jval *checks = j_get(u->json, "checks");
  for (size_t i = 0; checks && checks->t == J_ARR && i < checks->n; i++) {
    const jval *c = checks->items[i];
    const char *r = j_str(c, "rule"), *s = j_str(c, "subject"), *st = j_str(c, "status");
    if (!r || !s || strcmp(r, rule) || strcmp(s, subject)) continue;
    if (!st || strcmp(st, status)) {
      const jval *e = j_get(c, "expected"), *a = j_get(c, "actual");
      char es[64] = "?", as[64] = "?";
      if (e && e->t == J_NUM) fmt_number(es, sizeof es, e->num);
      if (a && a->t == J_NUM) fmt_number(as, sizeof as, a->num);
      fail(u, line, "check %s %s: expected %s, got %s (parts %s, printed %s)", rule, subject, status, st ? st : "?", es, as);
    }
    return;
  }
  fail(u, line, "check %s %s: expected %s, got no such check", rule, subject, status);
}

/* "warning: CODE FIELD" (FIELD "-" for a warning that names no field); with present 0, "no warning: ...",
 * where FIELD may be left out (no warning with that code at all). */
static void expect_warning(run *u, int line, const char *spec, int present) {
  char code[128], field[256] = "", extra[8];
  int n = sscanf(spec, "%127s %255s %7s", code, field, extra);
  if (n < 1 || n > 2 || (present && n != 2)) {
    fail(u, line, "bad expectation '%swarning: %s' (%swarning: CODE FIELD)", present ? "" : "no ", spec, present ? "" : "no ");
    return;
  }
  const jval *ws = j_get(u->json, "warnings");
  int found = 0;
  buf same_code = {0}, same_field = {0}; /* for the message: the warnings with this code, or naming this field */
  buf_puts(&same_code, "");
  buf_puts(&same_field, "");
  for (size_t i = 0; ws && ws->t == J_ARR && i < ws->n; i++) {
    const char *c = j_str(ws->items[i], "code"), *f = j_str(ws->items[i], "field");
    if (!c) continue;
    int field_match = f ? !strcmp(f, field) : !strcmp(field, "-");
    if (!strcmp(c, code)) {
      if (same_code.n < 400) buf_printf(&same_code, "%s%s", same_code.n ? ", " : "", f ? f : "-");
      if (n == 1 || field_match) found = 1;
    } else if (field_match && same_field.n < 400) {
      buf_printf(&same_field, "%s%s", same_field.n ? ", " : "", c);
    }
  }
  if (present && !found)
    fail(u, line, "expected warning %s %s, got none (%s warnings name: %s; warnings naming %s: %s)", code, field, code,
         same_code.n ? same_code.s : "none", field, same_field.n ? same_field.s : "none");
  if (!present && found)
    fail(u, line, "expected no warning %s%s%s, got one (%s warnings name: %s)", code, n == 2 ? " " : "", field, code,
         same_code.s);
  free(same_code.s);
  free(same_field.s);
}

static void expect_line(run *u, int line, char *e) {
  if (!strncmp(e, "warning:", 8)) { expect_warning(u, line, trim(e + 8), 1); return; }
  if (!strncmp(e, "no warning:", 11)) { expect_warning(u, line, trim(e + 11), 0); return; }
  if (!strncmp(e, "check:", 6)) { expect_check(u, line, trim(e + 6)); return; }
  char *eq = strstr(e, " = ");
  if (!eq) {
    fail(u, line, "bad expectation '%s'", e);
    return;
  }
  *eq = 0;
  const char *key = trim(e), *want = trim(eq + 3);
  if (!strncmp(key, "meta.", 5)) expect_meta(u, line, key + 5, want);
  else expect_field(u, line, key, want);
  *eq = ' ';
}

static void print_input(const example *ex, FILE *out) {
  fprintf(out, "---- example %d (%s:%d, %s) input:\n", ex->number, basename_of(ex->file), ex->line, ex->section);
  for (const char *p = ex->input; *p; p++) {
    if (*p == '\t') fputs("\xe2\x86\x92", out);
    else if (*p != '\r') fputc(*p, out);
  }
}

/* Runs one example; returns its number of failed expectations. */
static int run_example(const ogi_rules *rules, const example *ex, int verbose, buf *report) {
  run u = {ex, NULL, NULL, 0, {0}};
  char name[64];
  snprintf(name, sizeof name, "example-%d", ex->number);
  ogi_extract(rules, name, (const unsigned char *)ex->input, strlen(ex->input), &u.r);
  char *json = NULL;
  if (ogi_report_status(u.r) != OGI_OK) {
    fail(&u, ex->line, "extraction failed: %s", ogi_report_error(u.r));
  } else {
    json = ogi_render_json(u.r, 1);
    u.json = j_parse(json);
    if (!u.json) fail(&u, ex->line, "the report's JSON could not be read");
    else if (ex->nexpect == 0) fail(&u, ex->line, "example with no expected lines");
    else
      for (int k = 0; k < ex->nexpect; k++) {
        char *e = xstrdup(ex->expect[k]);
        expect_line(&u, ex->expect_line[k], e);
        free(e);
      }
  }
  if (u.failures) {
    buf_puts(report, u.msg.s);
    if (verbose) {
      FILE *m = tmpfile();
      if (m) {
        print_input(ex, m);
        fprintf(m, "---- output:\n%s\n", json ? json : "(none)");
        rewind(m);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, m)) > 0) buf_put(report, chunk, n);
        fclose(m);
      }
    }
  }
  ogi_free(json);
  j_free(u.json);
  ogi_report_free(&u.r);
  free(u.msg.s);
  return u.failures;
}

static void usage(void) {
  fprintf(stderr, "usage: spec_runner [--list] [-n N]... [-p SECTION] [-v] FILE... [--pending FILE...]\n");
}

int main(int argc, char **argv) {
  int list = 0, verbose = 0, pending = 0, nfiles = 0, rc = 0;
  int *numbers = NULL, nnumbers = 0;
  const char *pattern = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--list")) list = 1;
    else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) verbose = 1;
    else if (!strcmp(a, "--pending")) pending = 1;
    else if ((!strcmp(a, "-n") || !strcmp(a, "--number")) && i + 1 < argc) {
      char *end;
      long n = strtol(argv[++i], &end, 10);
      if (*end || n < 1) { usage(); return 2; }
      numbers = realloc(numbers, (size_t)(nnumbers + 1) * sizeof *numbers);
      if (!numbers) { perror("spec_runner"); return 2; }
      numbers[nnumbers++] = (int)n;
    } else if ((!strcmp(a, "-p") || !strcmp(a, "--pattern")) && i + 1 < argc) pattern = argv[++i];
    else if (a[0] == '-' && a[1]) { usage(); free_examples(); free(numbers); return 2; }
    else {
      nfiles++;
      if (read_spec(a, pending) != 0) rc = 2;
    }
  }
  if (nfiles == 0) { usage(); free(numbers); return 2; }
  if (rc) { free_examples(); free(numbers); return rc; }
  if (list) {
    for (int i = 0; i < nexamples; i++)
      printf("%d\t%s:%d\t%s%s\n", examples[i].number, basename_of(examples[i].file), examples[i].line,
             examples[i].section, examples[i].pending ? " (pending)" : "");
    free_examples();
    free(numbers);
    return 0;
  }
  if (nnumbers) verbose = 1;
  char err[512];
  ogi_rules *rules = NULL;
  if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) {
    fprintf(stderr, "spec_runner: %s\n", err);
    free_examples();
    free(numbers);
    return 2;
  }
  int passed = 0, failed = 0, pend_total = 0, pend_failed = 0, selected = 0;
  buf out = {0}, pend_out = {0};
  buf_puts(&out, "");
  buf_puts(&pend_out, "");
  for (int i = 0; i < nexamples; i++) {
    const example *ex = &examples[i];
    int want = !nnumbers && !pattern;
    for (int k = 0; k < nnumbers; k++) want |= numbers[k] == ex->number;
    if (pattern && strstr(ex->section, pattern)) want = 1;
    if (!want) continue;
    selected++;
    int f = run_example(rules, ex, verbose, ex->pending ? &pend_out : &out);
    if (ex->pending) {
      pend_total++;
      if (f) pend_failed++;
    } else if (f) failed++;
    else passed++;
  }
  fputs(out.s, stdout);
  if (pend_out.n) {
    printf("-- pending examples (expected to fail until the extractor does this; not a test failure):\n");
    fputs(pend_out.s, stdout);
  }
  if (selected == 0) printf("no example selected\n");
  printf("%d passed, %d failed\n", passed, failed);
  if (pend_total) {
    printf("pending: %d examples fail", pend_failed);
    if (pend_total - pend_failed) printf(", %d pass now (move them to the spec)", pend_total - pend_failed);
    printf("\n");
  }
  free(out.s);
  free(pend_out.s);
  ogi_rules_free(&rules);
  free_examples();
  free(numbers);
  return failed || selected == 0 ? 1 : 0;
}
