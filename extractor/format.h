/* Output formatting (format.c), shared by the writers and by every module that writes text, JSON or SQL values:
 * JSON strings that are always valid UTF-8, numbers in the shortest form that reads back as the same double. */
#ifndef OGI_FORMAT_H
#define OGI_FORMAT_H
#include "util.h"
#include <stddef.h>

#define OG_UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
/* Length of the valid UTF-8 sequence at p (RFC 3629), or 0; og_utf8_bad_len: how many bytes of p (not valid
 * UTF-8) one U+FFFD replaces (Unicode's maximal subpart). */
int og_utf8_valid_len(const unsigned char *p);
int og_utf8_bad_len(const unsigned char *p);
/* s as a JSON string (NULL: ""), quoted; invalid UTF-8 replaced, control characters escaped. */
void og_json_string(og_buf *b, const char *s);
/* x in decimal into out (24 bytes suffice), without printf; returns its length. */
int og_format_long(char *out, long long x);
/* v as JSON and CSV write it: "null" when not finite, else the shortest form that reads back as v. */
void og_format_number(char *out, size_t n, double v);
#endif
