/* Small shared helpers: growable byte buffer, checked allocation, UTF-8 stepping. */
#ifndef OGI_UTIL_H
#define OGI_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *data;
  size_t len, cap;
} og_buf;

void *og_xmalloc(size_t n);
void *og_xcalloc(size_t n, size_t size);
void *og_xrealloc(void *p, size_t n);
char *og_xstrdup(const char *s);
char *og_xstrndup(const char *s, size_t n);

void og_buf_init(og_buf *b);
void og_buf_free(og_buf *b);
void og_buf_put(og_buf *b, const char *s, size_t n);
void og_buf_puts(og_buf *b, const char *s);
void og_buf_putc(og_buf *b, char c);
void og_buf_printf(og_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the n strings of v and v. */
void og_free_strv(char **v, int n);
void og_buf_vprintf(og_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the NUL-terminated contents to the caller and resets the buffer. */
char *og_buf_take(og_buf *b);

/* Decodes one UTF-8 code point at s (len bytes left); returns its length (>=1) and stores it in *cp.
 * Invalid bytes decode as U+FFFD with length 1. ASCII is decoded inline. */
int og_utf8_next_multi(const char *s, size_t len, int32_t *cp);
static inline int og_utf8_next(const char *s, size_t len, int32_t *cp) {
  if (len && (unsigned char)s[0] < 0x80) {
    *cp = (unsigned char)s[0];
    return 1;
  }
  return og_utf8_next_multi(s, len, cp);
}
int og_utf8_encode(int32_t cp, char out[4]);
/* Number of code points in s[0..n). */
size_t og_utf8_count(const char *s, size_t n);
/* Display columns of code point cp in aligned text: East Asian width (CJK = 2), at least 1. */
int og_cp_width(int32_t cp);
int og_is_space_cp(int32_t cp);
/* 1 when s is exactly one Han character (CJK unified ideographs, extension A included). */
int og_is_single_han(const char *s);
/* qsort comparator of doubles, ascending. */
int og_cmp_double(const void *a, const void *b);
/* A copy of s with every whitespace code point removed. */
char *og_strip_ws(const char *s);
/* Splits line on tabs into at most max fields, in place (each tab becomes a NUL); the count. */
int og_split_tabs(char *line, char **out, int max);
#endif
