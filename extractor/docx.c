/* The Word (.docx) reader: word/document.xml out of the zip (libzip), parsed by libxml2 into a tree; its
 * paragraphs become lines, its tables cells on a grid (gridSpan, vMerge). A part with a DTD is refused. */
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
#define OGI_DOCX_MAX_XML ((zip_uint64_t)64 << 20) /* a larger document.xml is refused (zip bombs; its tree
                                                       takes several times its size) */
#endif

/* libxml2 reports some errors (a declared encoding the bytes do not follow: "xmlParseChunk: encoder error")
 * through its generic handler, which XML_PARSE_NOERROR does not silence and which prints to stderr: the
 * reader's own message says the part is damaged. */
static void S_xml_quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

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

#ifndef OGI_DOCX_MAX_TEXT
#define OGI_DOCX_MAX_TEXT ((size_t)1 << 20) /* bytes of one paragraph or cell; a longer one is cut */
#endif

/* The text nodes directly under a w:t. Only text and CDATA: an entity reference is never followed (a
 * DTD is refused before parsing; this is the second fence). */
static void S_run_text(og_doc *d, const xmlNode *t, og_buf *b) {
  for (const xmlNode *c = t->children; c; c = c->next) {
    if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content) continue;
    size_t n = strlen((const char *)c->content);
    if (b->len + n > OGI_DOCX_MAX_TEXT) {
      d->truncated = 2;
      n = OGI_DOCX_MAX_TEXT > b->len ? OGI_DOCX_MAX_TEXT - b->len : 0;
    }
    og_buf_put(b, (const char *)c->content, n);
  }
}

/* Text of a paragraph or cell: w:t runs, a space for w:tab and w:br, a space between paragraphs.
 * Iterative, so deep nesting is safe; stops at the deadline and at OGI_DOCX_MAX_TEXT. */
static void S_text(og_doc *d, const xmlNode *n, og_buf *b) {
  const xmlNode *c = n->children;
  while (c && c != n) {
    int descend = 0;
    if (og_doc_late(d) || b->len >= OGI_DOCX_MAX_TEXT) return;
    if (S_local_is(c, "t") || S_local_is(c, "delText")) {
      if (S_local_is(c, "t")) S_run_text(d, c, b);
    } else if (S_local_is(c, "tab") || S_local_is(c, "br") || S_local_is(c, "cr")) {
      og_buf_putc(b, ' ');
    } else if (c->type == XML_ELEMENT_NODE && c->children) {
      if (S_local_is(c, "p") && b->len) og_buf_putc(b, ' ');
      descend = 1;
    }
    if (descend) { c = c->children; continue; }
    while (c && c != n && !c->next) c = c->parent;
    if (c && c != n) c = c->next;
  }
}

typedef struct {
  og_doc *d;
  int line; /* paragraphs and table rows, counted from 1 */
} S_docx;

static void S_body(S_docx *x, const xmlNode *n, int depth);

static void S_table(S_docx *x, const xmlNode *tbl, int depth) {
  int tindex = (int)x->d->tables++;
  int r = 0;
  for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
    if (!S_local_is(tr, "tr")) continue;
    if (og_doc_full(x->d)) return;
    x->line++;
    og_doc_break(x->d);
    og_buf rowtext;
    og_buf_init(&rowtext);
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
          og_buf t;
          og_buf_init(&t);
          S_text(x->d, tc, &t);
          og_doc_add_cell(x->d, t.data ? t.data : "", t.len, x->line, 0, tindex, r, col);
          if (rowtext.len) og_buf_putc(&rowtext, ' ');
          og_buf_put(&rowtext, t.data ? t.data : "", t.len);
          og_buf_free(&t);
        } else {
          x->d->truncated = 1;
        }
      }
      col += span;
    }
    og_doc_add_line(x->d, rowtext.data ? rowtext.data : "", rowtext.len, x->line);
    og_buf_free(&rowtext);
    og_doc_break(x->d);
    r++;
  }
}

static void S_body(S_docx *x, const xmlNode *n, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (og_doc_full(x->d)) return;
    if (S_local_is(c, "p")) {
      og_buf t;
      og_buf_init(&t);
      S_text(x->d, c, &t);
      x->line++;
      og_doc_add_text_line(x->d, t.data ? t.data : "", t.len, x->line);
      og_buf_free(&t);
    } else if (S_local_is(c, "tbl")) {
      S_table(x, c, depth);
    } else if (c->type == XML_ELEMENT_NODE && depth < 32 && (S_local_is(c, "sdt") || S_local_is(c, "sdtContent") ||
                                                             S_local_is(c, "customXml") || S_local_is(c, "body"))) {
      S_body(x, c, depth + 1);
    }
  }
}

int og_is_docx(const unsigned char *bytes, size_t len) {
  if (len < 4 || memcmp(bytes, "PK\x03\x04", 4) != 0) return 0;
  /* the part names are in the local headers near the start; a truncated file may have lost the rest */
  size_t n = len < (1 << 20) ? len : (1 << 20);
  for (size_t i = 0; i + 19 <= n; i++)
    if (memcmp(bytes + i, "word/", 5) == 0 || memcmp(bytes + i, "[Content_Types].xml", 19) == 0) return 1;
  return 0;
}

/* A document type declaration in the part's prolog (after the XML declaration, comments, processing
 * instructions). Word never writes one; one with internal entities can expand a few KB into gigabytes. */
static int S_has_dtd(const char *xml, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(xml, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n) {
    char c = xml[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { i++; continue; }
    if (c != '<' || i + 1 >= n) return 0;
    const char *end = NULL;
    if (xml[i + 1] == '?') end = "?>";
    else if (i + 4 <= n && !memcmp(xml + i, "<!--", 4)) end = "-->";
    else return i + 9 <= n && !memcmp(xml + i, "<!DOCTYPE", 9);
    size_t el = strlen(end), j = i + 2;
    while (j + el <= n && memcmp(xml + j, end, el) != 0) j++;
    if (j + el > n) return 0;
    i = j + el;
  }
  return 0;
}

int og_read_docx(og_doc *d, const unsigned char *bytes, size_t len, char *err, size_t errlen) {
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
    xml = f ? og_xmalloc(cap) : NULL;
    while (f) {
      if (got + 65536 > cap) {
        if (cap > OGI_DOCX_MAX_XML) { rc = OGI_ERR_TOO_LARGE; snprintf(err, errlen, "a Word document whose text is larger than %llu bytes", (unsigned long long)OGI_DOCX_MAX_XML); break; }
        cap *= 2;
        xml = og_xrealloc(xml, cap);
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
  if (rc == OGI_OK && got >= 2 && ((unsigned char)xml[0] >= 0xFE || xml[0] == 0 || xml[1] == 0)) {
    snprintf(err, errlen, "a Word file whose word/document.xml is not UTF-8 (Word writes UTF-8): refused");
    rc = OGI_ERR_BINARY;
  } else if (rc == OGI_OK && S_has_dtd(xml, (size_t)got)) {
    snprintf(err, errlen, "a Word file whose word/document.xml declares a DTD (Word never writes one): refused");
    rc = OGI_ERR_BINARY;
  }
  if (rc == OGI_OK) {
    /* no network, no entity substitution, no DTD loading: an XXE in a .docx stays text. Parsed in pieces
     * so that the deadline is seen while a large part is parsed. */
    xmlGenericErrorFunc old_handler = xmlGenericError; /* this thread's; put back after the parse */
    void *old_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, S_xml_quiet);
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, "document.xml");
    xmlDocPtr doc = NULL;
    if (ctxt) {
      xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
      size_t off = 0, piece = (size_t)1 << 20;
      int late = 0;
      while (off < got && !(late = og_doc_late_now(d))) {
        size_t n = got - off < piece ? (size_t)(got - off) : piece;
        if (xmlParseChunk(ctxt, xml + off, (int)n, 0) != 0) break;
        off += n;
      }
      if (!late && off >= got) xmlParseChunk(ctxt, NULL, 0, 1);
      if (!late && ctxt->wellFormed) doc = ctxt->myDoc;
      else if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
      ctxt->myDoc = NULL;
      xmlFreeParserCtxt(ctxt);
      if (late) rc = OGI_OK; /* the driver reports the timeout (d->timed_out) */
    }
    xmlSetGenericErrorFunc(old_context, old_handler);
    if (!doc && !d->timed_out) {
      snprintf(err, errlen, "a damaged Word file (word/document.xml is not XML)");
      rc = OGI_ERR_BINARY;
    } else if (doc) {
      xmlNode *root = xmlDocGetRootElement(doc);
      xmlNode *body = S_child(root, "body");
      S_docx x = {d, 0};
      if (doc->intSubset || doc->extSubset) {
        snprintf(err, errlen, "a Word file whose word/document.xml declares a DTD (Word never writes one): refused");
        rc = OGI_ERR_BINARY;
      } else if (body) {
        S_body(&x, body, 0);
        og_doc_drop_label_blanks(d);
      }
      xmlFreeDoc(doc);
    }
  }
  free(xml);
  return rc;
}
