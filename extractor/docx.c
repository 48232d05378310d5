#include "docx.h"
#include "ogi.h"
#include "util.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#ifndef OGI_DOCX_MAX_XML
#define OGI_DOCX_MAX_XML ((zip_uint64_t)256 << 20) /* a larger document.xml is refused (zip bombs) */
#endif

static int S_local_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *S_child(const xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (S_local_is(c, name)) return c;
  return NULL;
}

/* w:val of a property element, or NULL (caller frees with xmlFree). */
static xmlChar *S_val(const xmlNode *n) {
  for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (a->name && strcmp((const char *)a->name, "val") == 0) return xmlNodeGetContent((xmlNode *)a);
  return NULL;
}

/* Text of a paragraph or cell: w:t runs, a space for w:tab and w:br, a space between paragraphs.
 * Iterative, so deep nesting is safe. */
static void S_text(const xmlNode *n, S_buf *b) {
  const xmlNode *c = n->children;
  while (c && c != n) {
    int descend = 0;
    if (S_local_is(c, "t") || S_local_is(c, "delText")) {
      if (S_local_is(c, "t")) {
        xmlChar *t = xmlNodeGetContent((xmlNode *)c);
        if (t) S_buf_puts(b, (const char *)t);
        xmlFree(t);
      }
    } else if (S_local_is(c, "tab") || S_local_is(c, "br") || S_local_is(c, "cr")) {
      S_buf_putc(b, ' ');
    } else if (c->type == XML_ELEMENT_NODE && c->children) {
      if (S_local_is(c, "p") && b->len) S_buf_putc(b, ' ');
      descend = 1;
    }
    if (descend) { c = c->children; continue; }
    while (c && c != n && !c->next) c = c->parent;
    if (c && c != n) c = c->next;
  }
}

typedef struct {
  S_doc *d;
  int line; /* paragraphs and table rows, counted from 1 */
} S_docx;

static void S_body(S_docx *x, const xmlNode *n, int depth);

static void S_table(S_docx *x, const xmlNode *tbl, int depth) {
  int tindex = (int)x->d->tables++;
  int r = 0;
  for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
    if (!S_local_is(tr, "tr")) continue;
    x->line++;
    S_doc_break(x->d);
    S_buf rowtext;
    S_buf_init(&rowtext);
    int col = 0;
    for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
      if (S_local_is(tc, "sdt")) tc = S_child(S_child(tc, "sdtContent"), "tc") ? S_child(S_child(tc, "sdtContent"), "tc") : tc;
      if (!S_local_is(tc, "tc")) continue;
      const xmlNode *pr = S_child(tc, "tcPr");
      int span = 1, continued = 0;
      xmlNode *gs = S_child(pr, "gridSpan");
      if (gs) {
        xmlChar *v = S_val(gs);
        if (v) span = atoi((const char *)v);
        xmlFree(v);
        if (span < 1) span = 1;
        if (span > 200) span = 200;
      }
      xmlNode *vm = S_child(pr, "vMerge");
      if (vm) {
        xmlChar *v = S_val(vm);
        continued = !v || strcmp((const char *)v, "restart") != 0; /* a merged cell's continuation: no cell */
        xmlFree(v);
      }
      if (!continued) {
        if (S_child(tc, "tbl") && depth < 32) {
          S_body(x, tc, depth + 1); /* a layout cell holding tables: read as flow */
        } else if (x->d->max_cells <= 0 || ++x->d->cells <= x->d->max_cells) {
          S_buf t;
          S_buf_init(&t);
          S_text(tc, &t);
          S_doc_add_cell(x->d, t.data ? t.data : "", t.len, x->line, 0, tindex, r, col);
          if (rowtext.len) S_buf_putc(&rowtext, ' ');
          S_buf_put(&rowtext, t.data ? t.data : "", t.len);
          S_buf_free(&t);
        } else {
          x->d->truncated = 1;
        }
      }
      col += span;
    }
    S_doc_add_line(x->d, rowtext.data ? rowtext.data : "", rowtext.len, x->line);
    S_buf_free(&rowtext);
    S_doc_break(x->d);
    r++;
  }
}

static void S_body(S_docx *x, const xmlNode *n, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (S_doc_late(x->d)) return;
    if (S_local_is(c, "p")) {
      S_buf t;
      S_buf_init(&t);
      S_text(c, &t);
      x->line++;
      S_doc_add_text_line(x->d, t.data ? t.data : "", t.len, x->line);
      S_buf_free(&t);
    } else if (S_local_is(c, "tbl")) {
      S_table(x, c, depth);
    } else if (c->type == XML_ELEMENT_NODE && depth < 32 && (S_local_is(c, "sdt") || S_local_is(c, "sdtContent") ||
                                                             S_local_is(c, "customXml") || S_local_is(c, "body"))) {
      S_body(x, c, depth + 1);
    }
  }
}

int S_is_docx(const unsigned char *bytes, size_t len) {
  if (len < 4 || memcmp(bytes, "PK\x03\x04", 4) != 0) return 0;
  /* the part names are in the local headers near the start; a truncated file may have lost the rest */
  size_t n = len < (1 << 20) ? len : (1 << 20);
  for (size_t i = 0; i + 19 <= n; i++)
    if (memcmp(bytes + i, "word/", 5) == 0 || memcmp(bytes + i, "[Content_Types].xml", 19) == 0) return 1;
  return 0;
}

int S_read_docx(S_doc *d, const unsigned char *bytes, size_t len, char *err, size_t errlen) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  if (!z) {
    if (src) zip_source_free(src);
    snprintf(err, errlen, "a damaged Word file (%s)", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return OGI_ERR_BINARY;
  }
  zip_error_fini(&ze);
  int rc = OGI_OK;
  zip_int64_t idx = zip_name_locate(z, "word/document.xml", 0);
  zip_stat_t st;
  char *xml = NULL;
  zip_uint64_t got = 0;
  if (idx < 0 || zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0) {
    snprintf(err, errlen, "a zip without word/document.xml: not a Word document");
    rc = OGI_ERR_BINARY;
  } else if ((st.valid & ZIP_STAT_SIZE) && st.size > OGI_DOCX_MAX_XML) {
    snprintf(err, errlen, "a Word document whose text is larger than %llu bytes", (unsigned long long)OGI_DOCX_MAX_XML);
    rc = OGI_ERR_TOO_LARGE;
  } else {
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    size_t cap = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size + 1 : 1 << 20;
    xml = f ? S_xmalloc(cap) : NULL;
    while (f) {
      if (got + 65536 > cap) {
        if (cap > OGI_DOCX_MAX_XML) { rc = OGI_ERR_TOO_LARGE; snprintf(err, errlen, "word/document.xml is too large"); break; }
        cap *= 2;
        xml = S_xrealloc(xml, cap);
      }
      zip_int64_t n = zip_fread(f, xml + got, cap - got);
      if (n < 0) { rc = OGI_ERR_BINARY; snprintf(err, errlen, "a damaged Word file (cannot inflate word/document.xml)"); break; }
      if (n == 0) break;
      got += (zip_uint64_t)n;
    }
    if (f) zip_fclose(f);
    else { rc = OGI_ERR_BINARY; snprintf(err, errlen, "a damaged Word file (cannot open word/document.xml)"); }
  }
  zip_discard(z);
  if (rc == OGI_OK) {
    /* no network, no entity substitution, no DTD loading: an XXE in a .docx stays text */
    xmlDocPtr doc = xmlReadMemory(xml, (int)got, "document.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                       XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    if (!doc) {
      snprintf(err, errlen, "a damaged Word file (word/document.xml is not XML)");
      rc = OGI_ERR_BINARY;
    } else {
      xmlNode *root = xmlDocGetRootElement(doc);
      xmlNode *body = S_child(root, "body");
      S_docx x = {d, 0};
      if (body) S_body(&x, body, 0);
      xmlFreeDoc(doc);
    }
  }
  free(xml);
  return rc;
}
