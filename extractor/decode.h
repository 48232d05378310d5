/* Stage 1: bytes -> UTF-8. BOM, a declared charset (<meta charset>, content="...; charset=..."), then
 * detection (valid UTF-8, else GB18030). Invalid sequences become U+FFFD once, here, at the boundary. */
#ifndef OGI_DECODE_H
#define OGI_DECODE_H
#include <stddef.h>

typedef struct {
  char *text;           /* NUL-terminated UTF-8, owned */
  size_t len;
  const char *encoding; /* static name: "UTF-8", "GB18030", "UTF-16LE", ... */
  size_t replaced;      /* invalid sequences replaced by U+FFFD */
} og_decoded;

/* Returns 0, or -1 when the bytes cannot be decoded at all. */
int og_decode(const unsigned char *bytes, size_t len, og_decoded *out);
void og_decoded_free(og_decoded *d);
/* The charset a document declares in its first 4 KiB, or NULL. Static string. */
const char *og_declared_charset(const unsigned char *bytes, size_t len);
/* 1 when bytes are valid UTF-8 in full. */
int og_valid_utf8(const unsigned char *bytes, size_t len);
#endif
