/* Stage 3 (text): the layout reader for plain text. One reader for the layouts reports reach users in:
 * one cell per line (copy-paste), tab-separated rows, whitespace-aligned columns (pdftotext -layout,
 * w3m/lynx dumps), Markdown pipe tables, and text whose cells were glued together (textContent). */
#ifndef OGI_TEXT_H
#define OGI_TEXT_H
#include "doc.h"
#include <stddef.h>

void og_read_text(og_doc *d, const char *text, size_t len);
/* The same for text whose first line is line first_line of its source (Markdown tables in an HTML page's
 * text). */
void og_read_text_from(og_doc *d, const char *text, size_t len, int first_line);
#endif
