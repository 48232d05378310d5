/* Bytes to UTF-8 (decode.h): the BOM, the charset an HTML page declares, else valid UTF-8, else GB18030
 * (iconv); UTF-16 by its BOM or its zero bytes. Invalid sequences become U+FFFD here, once. */
#include "decode.h"
#include "util.h"
#include <ctype.h>
#include <stdint.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int og_valid_utf8(const unsigned char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    int32_t cp;
    if (s[i] < 0x80) {
      i++;
      while (i + 8 <= len) { /* skip ASCII eight bytes at a time */
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL) break;
        i += 8;
      }
      continue;
    }
    if ((s[i] & 0xF0) == 0xE0 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
        (s[i] != 0xE0 || s[i + 1] >= 0xA0) && (s[i] != 0xED || s[i + 1] < 0xA0)) {
      i += 3; /* a well-formed three-byte sequence (CJK): no overlong form, no surrogate */
      continue;
    }
    int n = og_utf8_next((const char *)s + i, len - i, &cp);
    if (cp == 0xFFFD && n == 1) return 0;
    i += (size_t)n;
  }
  return 1;
}

/* Copies valid UTF-8, replacing each invalid byte by U+FFFD; valid: 1 when s is known to be valid UTF-8. */
static void S_sanitize_utf8_known(const unsigned char *s, size_t len, og_decoded *out, int valid) {
  if (!memchr(s, 0, len) && (valid || og_valid_utf8(s, len))) { /* the common case: copy as it is */
    out->text = og_xstrndup((const char *)s, len);
    out->len = len;
    out->replaced = 0;
    return;
  }
  og_buf b;
  og_buf_init(&b);
  size_t bad = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = og_utf8_next((const char *)s + i, len - i, &cp);
    if (cp == 0xFFFD && n == 1 && !(len - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
      og_buf_puts(&b, "\xEF\xBF\xBD");
      bad++;
    } else if (cp == 0) {
      og_buf_putc(&b, ' '); /* NUL would cut the C string short */
    } else {
      og_buf_put(&b, (const char *)s + i, (size_t)n);
    }
    i += (size_t)n;
  }
  out->len = b.len;
  out->text = og_buf_take(&b);
  out->replaced = bad;
}

static void S_sanitize_utf8(const unsigned char *s, size_t len, og_decoded *out) { S_sanitize_utf8_known(s, len, out, 0); }

/* Converts with iconv; returns the number of invalid input bytes skipped (each becomes U+FFFD), or
 * (size_t)-1 when the charset is unknown. With strict set, stops at the first invalid byte and returns 1. */
static size_t S_iconv(const char *charset, const unsigned char *in, size_t len, og_decoded *out, int strict) {
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1) return (size_t)-1;
  og_buf b;
  og_buf_init(&b);
  size_t bad = 0;
  char *ip = (char *)in;
  size_t il = len;
  char chunk[8192];
  while (il > 0) {
    char *op = chunk;
    size_t ol = sizeof chunk;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    og_buf_put(&b, chunk, (size_t)(op - chunk));
    if (r == (size_t)-1) {
      if (errno == E2BIG) continue;
      if (strict) { bad = 1; break; }
      /* EILSEQ or EINVAL (truncated at the end): skip one byte */
      og_buf_puts(&b, "\xEF\xBF\xBD");
      bad++;
      ip++;
      il--;
      iconv(cd, NULL, NULL, NULL, NULL);
    }
  }
  iconv_close(cd);
  if (strict && bad) { og_buf_free(&b); return 1; }
  /* iconv output is valid UTF-8, but may contain NUL from NUL input */
  og_decoded tmp;
  S_sanitize_utf8((const unsigned char *)(b.data ? b.data : ""), b.len, &tmp);
  og_buf_free(&b);
  out->text = tmp.text;
  out->len = tmp.len;
  out->replaced = bad + tmp.replaced;
  return bad;
}

static const char *S_canonical_charset(const char *name) {
  if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8")) return "UTF-8";
  if (!strcasecmp(name, "gb2312") || !strcasecmp(name, "gbk") || !strcasecmp(name, "gb18030") ||
      !strcasecmp(name, "x-gbk") || !strcasecmp(name, "cp936") || !strcasecmp(name, "euc-cn"))
    return "GB18030";
  if (!strcasecmp(name, "big5")) return "BIG5";
  if (!strcasecmp(name, "utf-16") || !strcasecmp(name, "utf-16le") || !strcasecmp(name, "unicode")) return "UTF-16LE";
  if (!strcasecmp(name, "utf-16be")) return "UTF-16BE";
  if (!strcasecmp(name, "iso-8859-1") || !strcasecmp(name, "latin1") || !strcasecmp(name, "windows-1252"))
    return "WINDOWS-1252";
  return NULL;
}

const char *og_declared_charset(const unsigned char *bytes, size_t len) {
  size_t n = len < 4096 ? len : 4096;
  for (size_t i = 0; i + 8 < n; i++) {
    if (strncasecmp((const char *)bytes + i, "charset", 7) != 0) continue;
    size_t j = i + 7;
    while (j < n && (bytes[j] == ' ' || bytes[j] == '"' || bytes[j] == '\'')) j++;
    if (j >= n || bytes[j] != '=') continue;
    j++;
    while (j < n && (bytes[j] == ' ' || bytes[j] == '"' || bytes[j] == '\'')) j++;
    char name[32];
    size_t k = 0;
    while (j < n && k < sizeof name - 1 && (isalnum(bytes[j]) || bytes[j] == '-' || bytes[j] == '_')) name[k++] = (char)bytes[j++];
    name[k] = 0;
    if (k == 0) continue;
    const char *c = S_canonical_charset(name);
    if (c) return c;
  }
  return NULL;
}

static int S_looks_utf16le(const unsigned char *b, size_t len) {
  size_t n = len < 512 ? len : 512, zeros = 0;
  for (size_t i = 1; i < n; i += 2) zeros += b[i] == 0;
  return n >= 8 && zeros * 2 >= n / 2 * 1 && b[1] == 0;
}
static int S_looks_utf16be(const unsigned char *b, size_t len) {
  size_t n = len < 512 ? len : 512, zeros = 0;
  for (size_t i = 0; i < n; i += 2) zeros += b[i] == 0;
  return n >= 8 && zeros * 2 >= n / 2 && b[0] == 0;
}

int og_decode(const unsigned char *bytes, size_t len, og_decoded *out) {
  memset(out, 0, sizeof *out);
  if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
    S_sanitize_utf8(bytes + 3, len - 3, out);
    out->encoding = "UTF-8";
    return 0;
  }
  if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
    if (S_iconv("UTF-16LE", bytes + 2, len - 2, out, 0) == (size_t)-1) return -1;
    out->encoding = "UTF-16LE";
    return 0;
  }
  if (len >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) {
    if (S_iconv("UTF-16BE", bytes + 2, len - 2, out, 0) == (size_t)-1) return -1;
    out->encoding = "UTF-16BE";
    return 0;
  }
  if (S_looks_utf16le(bytes, len)) {
    if (S_iconv("UTF-16LE", bytes, len, out, 0) == (size_t)-1) return -1;
    out->encoding = "UTF-16LE";
    return 0;
  }
  if (S_looks_utf16be(bytes, len)) {
    if (S_iconv("UTF-16BE", bytes, len, out, 0) == (size_t)-1) return -1;
    out->encoding = "UTF-16BE";
    return 0;
  }
  int utf8 = og_valid_utf8(bytes, len);
  const char *declared = og_declared_charset(bytes, len);
  /* A declared charset is trusted unless the bytes contradict it: pages that say gb2312 but are UTF-8
   * (and the reverse) are common in crawls. */
  if (declared && strcmp(declared, "UTF-8") != 0 && !(utf8 && strcmp(declared, "GB18030") == 0)) {
    if (S_iconv(declared, bytes, len, out, 1) == 0) {
      out->encoding = declared;
      return 0;
    }
    free(out->text);
    memset(out, 0, sizeof *out);
  }
  if (utf8) {
    S_sanitize_utf8_known(bytes, len, out, 1); /* validated above: not again */
    out->encoding = "UTF-8";
    return 0;
  }
  if (S_iconv("GB18030", bytes, len, out, 1) == 0) {
    out->encoding = "GB18030";
    return 0;
  }
  free(out->text);
  memset(out, 0, sizeof *out);
  S_sanitize_utf8(bytes, len, out);
  out->encoding = "UTF-8";
  return 0;
}

void og_decoded_free(og_decoded *d) {
  free(d->text);
  d->text = NULL;
}
