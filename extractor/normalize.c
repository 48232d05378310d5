#include "normalize.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int32_t S_fold_cp(int32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21; /* full-width ASCII forms */
  if (cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A)) return ' ';
  if (cp == 0x200B || cp == 0xFEFF) return ' ';
  if (cp == 0x2212) return '-'; /* minus sign */
  return cp;
}

static utf8proc_int32_t S_fold_cb(utf8proc_int32_t cp, void *data) {
  (void)data;
  return S_fold_cp(cp);
}

char *S_normalize(const char *s, size_t len) {
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                           UTF8PROC_STABLE | UTF8PROC_COMPOSE, S_fold_cb, NULL);
  if (n < 0 || !dst) {
    /* Only on invalid UTF-8, which decode.c has already replaced: keep the text as it is. */
    free(dst);
    return S_xstrndup(s, len);
  }
  char *out = S_xstrndup((const char *)dst, (size_t)n);
  free(dst);
  return out;
}
