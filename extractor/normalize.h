/* Stage 2: a narrow normalization with utf8proc, not blanket NFKC: NFC, then full-width ASCII forms
 * (digits, letters, brackets, punctuation, U+FF01..U+FF5E) and the ideographic space and NBSP folded to
 * their half-width forms. 、 and CJK punctuation outside that block are kept as printed. */
#ifndef OGI_NORMALIZE_H
#define OGI_NORMALIZE_H
#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* Returns a new NUL-terminated string (caller frees). Input must be valid UTF-8 (see decode.h). */
char *og_normalize(const char *s, size_t len);
/* The same, appended to out (no allocation in the common case). */
void og_normalize_into(og_buf *out, const char *s, size_t len);
/* The folding of one code point (exposed for tests). */
int32_t og_fold_cp(int32_t cp);
#endif
