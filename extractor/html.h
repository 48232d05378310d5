/* Stage 3 (HTML): the layout reader for web pages. libxml2 parses the page (no network, no external
 * entities); tables become a true grid with rowspan/colspan expanded, each <tr> a row of cells; text
 * outside tables becomes lines. Both go into the same token stream as plain text (doc.h). */
#ifndef OGI_HTML_H
#define OGI_HTML_H
#include "doc.h"
#include <libxml/HTMLparser.h>
#include <stddef.h>

/* Returns 0, or -1 when the bytes are not parseable as HTML at all. text is UTF-8. */
int og_read_html(og_doc *d, const char *text, size_t len);

/* The page as libxml2 is given it: a copy without the attributes ogi does not read (all with a value but
 * rowspan and colspan), their line breaks kept, so that libxml2 gives the same events on the same lines with
 * far less work; NULL when nothing was left out (the caller frees the copy). Exposed for
 * tests/unit/html_thin.c, which checks the events. */
char *og_html_thin(const char *text, size_t len, size_t *outlen);

/* A libxml2 parser over len bytes of UTF-8 text as ogi reads pages: the text taken as UTF-8 whatever it
 * declares, sax's callbacks with user as their data, recovering, no network, no error output; NULL when
 * libxml2 cannot make one. Run it with htmlParseDocument, free it with htmlFreeParserCtxt. Also used by
 * tests/unit/html_thin.c. */
htmlParserCtxtPtr og_html_parser(const char *text, size_t len, const htmlSAXHandler *sax, void *user);

/* The grid of one table, for tests: for each origin cell, its grid row and column. */
typedef struct {
  int row, col, rowspan, colspan;
  char *text;
} og_grid_cell;
/* Parses an HTML fragment and returns the cells of its first table in document order (caller frees
 * each text and the array). */
og_grid_cell *og_html_first_table_grid(const char *html, size_t len, size_t *ncells);
#endif
