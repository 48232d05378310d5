/* Small shared helpers (util.h): checked allocation, the growable byte buffer, UTF-8 stepping and counting,
 * whitespace and Han tests. */
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void *og_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) { fputs("ogi: out of memory\n", stderr); abort(); }
  return p;
}
void *og_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) { fputs("ogi: out of memory\n", stderr); abort(); }
  return p;
}
void *og_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) { fputs("ogi: out of memory\n", stderr); abort(); }
  return q;
}
/* Strings get S_SLACK spare bytes after their NUL: PCRE2's JIT reads subjects 16 bytes at a time and may
 * touch bytes past the end (harmless, but memcheck reports it). */
#define S_SLACK 32

char *og_xstrndup(const char *s, size_t n) {
  char *p = og_xmalloc(n + 1 + S_SLACK);
  memcpy(p, s, n);
  memset(p + n, 0, 1 + S_SLACK);
  return p;
}
char *og_xstrdup(const char *s) { return og_xstrndup(s, strlen(s)); }

void og_buf_init(og_buf *b) { b->data = NULL; b->len = b->cap = 0; }
void og_buf_free(og_buf *b) { free(b->data); og_buf_init(b); }
static void S_buf_grow(og_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1 + S_SLACK) cap *= 2;
  b->data = og_xrealloc(b->data, cap);
  memset(b->data + b->cap, 0, cap - b->cap); /* the slack is read by PCRE2's JIT: keep it defined */
  b->cap = cap;
}
void og_buf_put(og_buf *b, const char *s, size_t n) {
  S_buf_grow(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}
void og_buf_puts(og_buf *b, const char *s) { og_buf_put(b, s, strlen(s)); }
void og_buf_putc(og_buf *b, char c) { og_buf_put(b, &c, 1); }
void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n >= 0) {
    S_buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
}
void og_buf_printf(og_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  og_buf_vprintf(b, fmt, ap);
  va_end(ap);
}
void og_free_strv(char **v, int n) {
  for (int i = 0; i < n; i++) free(v[i]);
  free(v);
}
char *og_buf_take(og_buf *b) {
  char *p = b->data ? b->data : og_xstrdup("");
  og_buf_init(b);
  return p;
}

int og_utf8_next_multi(const char *str, size_t len, int32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (len == 0) { *cp = 0; return 0; }
  unsigned c = s[0];
  int n;
  int32_t v;
  if (c < 0x80) { *cp = (int32_t)c; return 1; }
  else if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; }
  else { *cp = 0xFFFD; return 1; }
  if ((size_t)n > len) { *cp = 0xFFFD; return 1; }
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
    v = (v << 6) | (s[i] & 0x3F);
  }
  if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = v;
  return n;
}

int og_utf8_encode(int32_t cp, char out[4]) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t og_utf8_count(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
  return count;
}

int og_cp_width(int32_t cp) {
  int w = utf8proc_charwidth(cp);
  return w < 1 ? 1 : w;
}

int og_is_space_cp(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

int og_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int og_is_single_han(const char *s) {
  int32_t cp;
  size_t n = strlen(s);
  if (n == 0) return 0;
  int k = og_utf8_next(s, n, &cp);
  return (size_t)k == n && ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF));
}

char *og_strip_ws(const char *s) {
  size_t len = strlen(s);
  og_buf b;
  og_buf_init(&b);
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = og_utf8_next(s + i, len - i, &cp);
    if (!og_is_space_cp(cp)) og_buf_put(&b, s + i, (size_t)n);
    i += (size_t)n;
  }
  return og_buf_take(&b);
}

int og_split_tabs(char *line, char **out, int max) {
  int n = 0;
  char *p = line;
  while (n < max) {
    out[n++] = p;
    char *t = strchr(p, '\t');
    if (!t) break;
    *t = 0;
    p = t + 1;
  }
  return n;
}
