/* The narrow normalization (normalize.h): utf8proc NFC plus the fold of full-width ASCII forms, ideographic
 * space, NBSP and other spaces, and the minus sign; text of only stable code points skips utf8proc. */
#include "normalize.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int32_t og_fold_cp(int32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21; /* full-width ASCII forms */
  if (cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A)) return ' ';
  if (cp == 0x200B || cp == 0xFEFF) return ' ';
  if (cp == 0x2212) return '-'; /* minus sign */
  return cp;
}

static utf8proc_int32_t S_fold_cb(utf8proc_int32_t cp, void *data) {
  (void)data;
  return og_fold_cp(cp);
}

/* Code points that NFC leaves alone and that the fold maps by itself: ASCII, CJK ideographs and CJK
 * punctuation, general punctuation, full-width forms. Text made only of these skips utf8proc. */
static int S_is_stable(int32_t cp) {
  return cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp == 0xA0 || cp == 0x2212;
}

void og_normalize_into(og_buf *out, const char *s, size_t len) {
  size_t start = out->len;
  int stable = 1;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int k = og_utf8_next(s + i, len - i, &cp);
    if (!S_is_stable(cp) || (cp == 0xFFFD && k == 1)) { stable = 0; break; }
    int32_t f = og_fold_cp(cp);
    if (f == cp) og_buf_put(out, s + i, (size_t)k);
    else {
      char enc[4];
      og_buf_put(out, enc, (size_t)og_utf8_encode(f, enc));
    }
    i += (size_t)k;
  }
  if (stable) return;
  out->len = start;
  if (out->data) out->data[start] = 0;
  char *slow = og_normalize(s, len);
  og_buf_puts(out, slow);
  free(slow);
}

char *og_normalize(const char *s, size_t len) {
  char *fast = og_xmalloc(len + 1);
  size_t o = 0;
  int stable = 1;
  for (size_t i = 0; i < len && stable;) {
    int32_t cp;
    int k = og_utf8_next(s + i, len - i, &cp);
    if (!S_is_stable(cp) || (cp == 0xFFFD && k == 1)) { stable = 0; break; }
    int32_t f = og_fold_cp(cp);
    if (f == cp) { memcpy(fast + o, s + i, (size_t)k); o += (size_t)k; }
    else o += (size_t)og_utf8_encode(f, fast + o); /* folded forms are never longer */
    i += (size_t)k;
  }
  if (stable) {
    fast[o] = 0;
    return fast;
  }
  free(fast);
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                           UTF8PROC_STABLE | UTF8PROC_COMPOSE, S_fold_cb, NULL);
  if (n < 0 || !dst) {
    /* Only on invalid UTF-8, which decode.c has already replaced: keep the text as it is. */
    free(dst);
    return og_xstrndup(s, len);
  }
  char *out = og_xstrndup((const char *)dst, (size_t)n);
  free(dst);
  return out;
}
