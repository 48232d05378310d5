/* Stage 3 (Word): the layout reader for .docx. word/document.xml is read from the zip (libzip) and parsed
 * with libxml2 (no network, no entities); paragraphs become lines, Word tables the same cell grid as HTML
 * (w:gridSpan across, w:vMerge down). Line numbers in provenance count paragraphs and table rows. */
#ifndef OGI_DOCX_H
#define OGI_DOCX_H
#include "doc.h"
#include <stddef.h>

/* 1 when the bytes are a zip that looks like an Office document (word/ parts or [Content_Types].xml). */
int og_is_docx(const unsigned char *bytes, size_t len);
/* Returns OGI_OK, or a status with a message in err. */
int og_read_docx(og_doc *d, const unsigned char *bytes, size_t len, char *err, size_t errlen);
#endif
