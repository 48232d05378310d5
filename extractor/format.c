/* Output formatting shared by the writers (writer.c, render_check.c) and the modules that write text or SQL
 * (dataset.c, compare.c, cross.c, corrections.c): JSON strings that are always valid UTF-8, and numbers in the
 * shortest form that reads back as the same double. */
#include "format.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF), or 0. */
int og_utf8_valid_len(const unsigned char *p) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
  }
  return 0;
}

/* How many bytes one U+FFFD replaces at p (not valid UTF-8): the longest start of a valid sequence, at least one
 * byte (Unicode's "maximal subpart", as Python and browsers decode). */
int og_utf8_bad_len(const unsigned char *p) {
  unsigned char c = p[0];
  if (c < 0xC2 || c > 0xF4) return 1;
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (p[1] < lo || p[1] > hi) return 1;
  if (c < 0xF0 || (p[2] & 0xC0) != 0x80) return 2; /* a 2-byte lead with a continuation would be valid */
  return 3;
}

/* A JSON string: always valid UTF-8 (a file name's invalid bytes become U+FFFD), control characters escaped. */
void og_json_string(og_buf *b, const char *s) {
  og_buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
    const unsigned char *run = p;
    while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
    if (p > run) og_buf_put(b, (const char *)run, (size_t)(p - run));
    if (!*p) break;
    if (*p >= 0x80) {
      int n = og_utf8_valid_len(p);
      if (n) og_buf_put(b, (const char *)p, (size_t)n);
      else og_buf_puts(b, OG_UTF8_REPLACEMENT);
      p += n ? n : og_utf8_bad_len(p);
      continue;
    }
    switch (*p) {
    case '"': og_buf_puts(b, "\\\""); break;
    case '\\': og_buf_puts(b, "\\\\"); break;
    case '\n': og_buf_puts(b, "\\n"); break;
    case '\r': og_buf_puts(b, "\\r"); break;
    case '\t': og_buf_puts(b, "\\t"); break;
    default: og_buf_printf(b, "\\u%04x", *p);
    }
    p++;
  }
  og_buf_putc(b, '"');
}

/* Whole numbers are written without printf (the common case, and hot in bulk output). */
int og_format_long(char *out, long long x) {
  char tmp[24];
  int n = 0, neg = x < 0;
  unsigned long long u = neg ? 0ULL - (unsigned long long)x : (unsigned long long)x;
  do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  int k = 0;
  if (neg) out[k++] = '-';
  while (n) out[k++] = tmp[--n];
  out[k] = 0;
  return k;
}

void og_format_number(char *out, size_t n, double v) {
  if (!isfinite(v)) { snprintf(out, n, "null"); return; } /* not a number: JSON null, an empty CSV cell */
  if (v == floor(v) && fabs(v) < 1e15 && n >= 24) { og_format_long(out, (long long)v); return; }
  /* the shortest form that reads back as the same double: every printed digit, no noise digits */
  for (int prec = 6; prec <= 17; prec++) {
    snprintf(out, n, "%.*g", prec, v);
    if (strtod(out, NULL) == v) return;
  }
}
