/* Stage 1 (PDF): a PDF's text layer, laid out, from poppler's `pdftotext -layout`, run as a separate program
 * (found at run time: $OGI_PDFTOTEXT, else pdftotext on PATH). Not linked: see docs/pdf-and-word.md. */
#ifndef OGI_PDF_H
#define OGI_PDF_H
#include <stddef.h>

/* Returns OGI_OK with the UTF-8 text in *text (caller frees), or a status with a message in err:
 * OGI_ERR_UNSUPPORTED when pdftotext is missing or the PDF has no text layer (scanned),
 * OGI_ERR_BINARY when pdftotext cannot read it, OGI_ERR_TIMEOUT when it runs out of time. */
int og_pdf_to_text(const unsigned char *bytes, size_t len, double seconds, char **text, size_t *tlen, char *err,
                  size_t errlen);
#endif
