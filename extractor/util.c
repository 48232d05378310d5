#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *S_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) { fputs("ogi: out of memory\n", stderr); abort(); }
  return p;
}
void *S_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) { fputs("ogi: out of memory\n", stderr); abort(); }
  return p;
}
void *S_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) { fputs("ogi: out of memory\n", stderr); abort(); }
  return q;
}
/* Strings get S_SLACK spare bytes after their NUL: PCRE2's JIT reads subjects 16 bytes at a time and may
 * touch bytes past the end (harmless, but memcheck reports it). */
#define S_SLACK 32

char *S_xstrndup(const char *s, size_t n) {
  char *p = S_xmalloc(n + 1 + S_SLACK);
  memcpy(p, s, n);
  memset(p + n, 0, 1 + S_SLACK);
  return p;
}
char *S_xstrdup(const char *s) { return S_xstrndup(s, strlen(s)); }

void S_buf_init(S_buf *b) { b->data = NULL; b->len = b->cap = 0; }
void S_buf_free(S_buf *b) { free(b->data); S_buf_init(b); }
static void S_buf_grow(S_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1 + S_SLACK) cap *= 2;
  b->data = S_xrealloc(b->data, cap);
  memset(b->data + b->cap, 0, cap - b->cap); /* the slack is read by PCRE2's JIT: keep it defined */
  b->cap = cap;
}
void S_buf_put(S_buf *b, const char *s, size_t n) {
  S_buf_grow(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}
void S_buf_puts(S_buf *b, const char *s) { S_buf_put(b, s, strlen(s)); }
void S_buf_putc(S_buf *b, char c) { S_buf_put(b, &c, 1); }
void S_buf_vprintf(S_buf *b, const char *fmt, va_list ap) {
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
void S_buf_printf(S_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  S_buf_vprintf(b, fmt, ap);
  va_end(ap);
}
void S_free_strv(char **v, int n) {
  for (int i = 0; i < n; i++) free(v[i]);
  free(v);
}
char *S_buf_take(S_buf *b) {
  char *p = b->data ? b->data : S_xstrdup("");
  S_buf_init(b);
  return p;
}

int S_utf8_next_multi(const char *str, size_t len, int32_t *cp) {
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

int S_utf8_encode(int32_t cp, char out[4]) {
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

size_t S_utf8_count(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
  return count;
}

int S_is_space_cp(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

char *S_strip_ws(const char *s) {
  size_t len = strlen(s);
  S_buf b;
  S_buf_init(&b);
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = S_utf8_next(s + i, len - i, &cp);
    if (!S_is_space_cp(cp)) S_buf_put(&b, s + i, (size_t)n);
    i += (size_t)n;
  }
  return S_buf_take(&b);
}
