/* Small shared helpers: growable byte buffer, checked allocation, UTF-8 stepping. */
#ifndef OGI_UTIL_H
#define OGI_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *data;
  size_t len, cap;
} S_buf;

void *S_xmalloc(size_t n);
void *S_xcalloc(size_t n, size_t size);
void *S_xrealloc(void *p, size_t n);
char *S_xstrdup(const char *s);
char *S_xstrndup(const char *s, size_t n);

void S_buf_init(S_buf *b);
void S_buf_free(S_buf *b);
void S_buf_put(S_buf *b, const char *s, size_t n);
void S_buf_puts(S_buf *b, const char *s);
void S_buf_putc(S_buf *b, char c);
void S_buf_printf(S_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the n strings of v and v. */
void S_free_strv(char **v, int n);
void S_buf_vprintf(S_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the NUL-terminated contents to the caller and resets the buffer. */
char *S_buf_take(S_buf *b);

/* Decodes one UTF-8 code point at s (len bytes left); returns its length (>=1) and stores it in *cp.
 * Invalid bytes decode as U+FFFD with length 1. ASCII is decoded inline. */
int S_utf8_next_multi(const char *s, size_t len, int32_t *cp);
static inline int S_utf8_next(const char *s, size_t len, int32_t *cp) {
  if (len && (unsigned char)s[0] < 0x80) {
    *cp = (unsigned char)s[0];
    return 1;
  }
  return S_utf8_next_multi(s, len, cp);
}
int S_utf8_encode(int32_t cp, char out[4]);
/* Number of code points in s[0..n). */
size_t S_utf8_count(const char *s, size_t n);
int S_is_space_cp(int32_t cp);
/* A copy of s with every whitespace code point removed. */
char *S_strip_ws(const char *s);
#endif
