/* Glued digits cut into cells (segment.h): every cut of a run of digit strings into k numbers, each checked
 * by the caller's accept(), under a work limit; an amount's decimals stay with it. */
#include "segment.h"
#include "solve.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef OGI_SEGMENT_STEPS
#define OGI_SEGMENT_STEPS 200000L /* work limit when cutting glued digits */
#endif

typedef struct {
  const char *const *parts;
  int nparts, k;
  int (*accept)(const double *, int, void *);
  void *ctx;
  void (*collect)(const double *, char (*)[32], const int *, int, void *);
  void *cctx;
  size_t *suffix_digits;
  double cur[OG_MAXV];
  char curtext[OG_MAXV][32];
  int curpart[OG_MAXV];
  int count;
  long steps;
} S_seg;

static void S_seg_rec(S_seg *s, int pi, size_t off, int nv) {
  if (++s->steps > OGI_SEGMENT_STEPS) return;
  if (pi == s->nparts) {
    if (nv != s->k || !s->accept(s->cur, s->k, s->ctx)) return;
    s->count++;
    if (s->collect) s->collect(s->cur, s->curtext, s->curpart, s->k, s->cctx);
    return;
  }
  const char *p = s->parts[pi];
  if (p[0] == OG_BLANK_PART[0]) { /* a printed blank among glued cells: one value, 0 */
    if (nv >= s->k) return;
    s->cur[nv] = 0;
    s->curtext[nv][0] = 0;
    s->curpart[nv] = pi;
    S_seg_rec(s, pi + 1, 0, nv + 1);
    return;
  }
  size_t len = strlen(p);
  if (off >= len) { S_seg_rec(s, pi + 1, 0, nv); return; }
  if (nv >= s->k) return;
  /* every later token needs at least one value; the digits left must cover the values left */
  if (nv + 1 + (s->nparts - pi - 1) > s->k) return;
  if (s->suffix_digits[pi] - off < (size_t)(s->k - nv)) return;
  size_t sign = (off == 0 && p[0] == '-') ? 1 : 0;
  const char *d = p + off + sign;
  size_t rest = len - off - sign;
  for (size_t l = 1; l <= rest && l < 31; l++) {
    if (d[0] == '0' && l > 1 && d[1] != '.') break; /* no leading zeros */
    if (d[l - 1] == '.') continue;
    /* a fraction stays with the digits before it, and ends the token ("511234.56" -> 51 | 1234.56) */
    if (memchr(d, '.', l) && l != rest) continue;
    if (!memchr(d, '.', l) && memchr(d + l, '.', rest - l) == d + l) continue;
    char part[32];
    memcpy(part, d, l);
    part[l] = 0;
    double v = strtod(part, NULL);
    s->cur[nv] = sign ? -v : v;
    snprintf(s->curtext[nv], 32, "%s%.30s", sign ? "-" : "", part);
    s->curpart[nv] = pi;
    S_seg_rec(s, pi, off + sign + l, nv + 1);
    if (s->steps > OGI_SEGMENT_STEPS) return;
  }
}

/* Every cut of parts into k numbers that accept() takes, each handed to collect(); the count, or -1 past
 * the work limit. */
/* The digits of the parts before any decimal point (an amount's decimals stay with it: they are not cut). */
size_t og_int_digits(const char *const *parts, int nparts) {
  size_t total = 0;
  for (int i = 0; i < nparts; i++) {
    const char *dot = strchr(parts[i], '.');
    total += dot ? (size_t)(dot - parts[i]) : strlen(parts[i]);
  }
  return total;
}

int og_segment_all(const char *const *parts, int nparts, int k, int (*accept)(const double *, int, void *),
                         void *ctx, void (*collect)(const double *, char (*)[32], const int *, int, void *), void *cctx) {
  if (k > OG_MAXV || nparts <= 0 || nparts > k) return 0;
  if (og_int_digits(parts, nparts) > (size_t)k * 6) return -1; /* more than six digits a value on average: not a row of counts */
  S_seg s;
  memset(&s, 0, sizeof s);
  s.parts = parts;
  s.nparts = nparts;
  s.k = k;
  s.accept = accept;
  s.ctx = ctx;
  s.collect = collect;
  s.cctx = cctx;
  /* characters left from the start of each token to the end of the run: bounds the values still to come */
  s.suffix_digits = og_xcalloc((size_t)nparts + 1, sizeof(size_t));
  for (int i = nparts - 1; i >= 0; i--) s.suffix_digits[i] = strlen(parts[i]) + s.suffix_digits[i + 1];
  S_seg_rec(&s, 0, 0, 0);
  free(s.suffix_digits);
  if (s.steps > OGI_SEGMENT_STEPS) return -1;
  return s.count;
}

typedef struct {
  double *out;
  char (*text)[32];
  int *part;
} S_seg_one;

static void S_keep_one(const double *v, char (*t)[32], const int *p, int k, void *ctx) {
  S_seg_one *o = ctx;
  memcpy(o->out, v, sizeof(double) * (size_t)k);
  memcpy(o->text, t, 32 * (size_t)k);
  memcpy(o->part, p, sizeof(int) * (size_t)k);
}

int og_segment_digits(const char *const *parts, int nparts, int k, int (*accept)(const double *, int, void *),
                     void *ctx, double *out, char (*out_text)[32], int *out_part) {
  double v[OG_MAXV];
  char t[OG_MAXV][32];
  int p[OG_MAXV];
  S_seg_one one = {v, t, p};
  int n = og_segment_all(parts, nparts, k, accept, ctx, S_keep_one, &one);
  if (n == 1) {
    memcpy(out, v, sizeof(double) * (size_t)k);
    memcpy(out_text, t, 32 * (size_t)k);
    memcpy(out_part, p, sizeof(int) * (size_t)k);
  }
  return n;
}
