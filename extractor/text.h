/* Stage 3 (text): the layout reader for plain text. One reader for the layouts reports reach users in:
 * one cell per line (copy-paste), tab-separated rows, whitespace-aligned columns (pdftotext -layout,
 * w3m/lynx dumps), Markdown pipe tables, and text whose cells were glued together (textContent). */
#ifndef OGI_TEXT_H
#define OGI_TEXT_H
#include "doc.h"
#include <stddef.h>

void og_read_text(og_doc *d, const char *text, size_t len);
#endif
