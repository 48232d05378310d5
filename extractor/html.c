#include "html.h"
#include "ogi.h"
#include "util.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#ifndef OGI_MAX_SPAN
#define OGI_MAX_SPAN 200   /* rowspan/colspan beyond this are clamped */
#endif
#ifndef OGI_MAX_GRID_COLS
#define OGI_MAX_GRID_COLS 400
#endif

typedef struct {
  S_doc *doc;
  const char *src;     /* decoded source, for columns */
  size_t srclen;
  size_t *line_off;    /* byte offset of each source line */
  size_t nlines;
  S_buf line;          /* pending flow text */
  int line_no;         /* source line of the pending text */
  S_grid_cell *grid_out; /* test hook: collect the first table's grid */
  size_t ngrid, capgrid;
  int grid_done;
  int cur_line;   /* where the last cell was found: cells come in source order, so search on from there */
  size_t cur_off;
} S_html;

/* libxml2's HTML parser gives element names in lower case */
static int S_name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && n->name[0] == (xmlChar)name[0] &&
         strcmp((const char *)n->name, name) == 0;
}

/* Elements whose text is not the page's text. */
static int S_is_skipped(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *s = (const char *)n->name;
  switch (s[0]) {
  case 's': return !strcmp(s, "script") || !strcmp(s, "style") || !strcmp(s, "select") || !strcmp(s, "svg");
  case 'h': return !strcmp(s, "head");
  case 'n': return !strcmp(s, "noscript");
  case 't': return !strcmp(s, "template");
  case 'i': return !strcmp(s, "iframe");
  case 'o': return !strcmp(s, "object");
  case 'm': return !strcmp(s, "math");
  case 'b': return !strcmp(s, "button");
  default: return 0;
  }
}

/* Elements that start a new line of text. */
static int S_is_block(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
  const char *s = (const char *)n->name;
  switch (s[0]) {
  case 'p': return !s[1] || !strcmp(s, "pre");
  case 'd': return !strcmp(s, "div") || !strcmp(s, "dl") || !strcmp(s, "dt") || !strcmp(s, "dd");
  case 'h': return (s[1] >= '1' && s[1] <= '6' && !s[2]) || !strcmp(s, "header") || !strcmp(s, "hr");
  case 'l': return !strcmp(s, "li");
  case 'u': return !strcmp(s, "ul");
  case 'o': return !strcmp(s, "ol");
  case 's': return !strcmp(s, "section");
  case 'a': return !strcmp(s, "article") || !strcmp(s, "aside") || !strcmp(s, "address");
  case 'f': return !strcmp(s, "footer") || !strcmp(s, "form") || !strcmp(s, "figure") || !strcmp(s, "figcaption");
  case 'n': return !strcmp(s, "nav");
  case 'b': return !strcmp(s, "blockquote") || !strcmp(s, "body");
  case 'c': return !strcmp(s, "center") || !strcmp(s, "caption");
  case 't': return !strcmp(s, "title") || !strcmp(s, "tr");
  case 'm': return !strcmp(s, "main");
  default: return 0;
  }
}

/* Column (1-based, in code points) of the first occurrence of needle's first characters on source line
 * line_no or the few after it; 0 when not found. */
static int S_find_col(S_html *h, int *line_no, const char *needle) {
  size_t nlen = strlen(needle);
  if (nlen == 0 || *line_no < 1 || (size_t)*line_no > h->nlines) return 0;
  size_t take = nlen < 6 ? nlen : 6;
  while (take < nlen && (((unsigned char)needle[take]) & 0xC0) == 0x80) take++;
  for (int l = *line_no; l < *line_no + 4 && (size_t)l <= h->nlines; l++) {
    size_t a = h->line_off[l - 1];
    size_t b = (size_t)l < h->nlines ? h->line_off[l] : h->srclen;
    size_t from = (l == h->cur_line && h->cur_off > a && h->cur_off <= b) ? h->cur_off : a;
    for (size_t i = from; i + take <= b; i++) {
      if (h->src[i] == needle[0] && memcmp(h->src + i, needle, take) == 0) {
        *line_no = l;
        h->cur_line = l;
        h->cur_off = i + take;
        return (int)S_utf8_count(h->src + a, i - a) + 1;
      }
    }
  }
  return 0;
}

static void S_flush(S_html *h) {
  if (h->line.len) S_doc_add_text_line(h->doc, h->line.data, h->line.len, h->line_no);
  h->line.len = 0;
  if (h->line.data) h->line.data[0] = 0;
  h->line_no = 0;
}

static void S_walk(S_html *h, xmlNode *n, int depth);

/* Text below n, in document order, with a space at <br> and block boundaries. Iterative (no recursion),
 * so any nesting depth is safe. */
static void S_cell_text(xmlNode *n, S_buf *b, int *line) {
  xmlNode *c = n->children;
  while (c && c != n) {
    int descend = 0;
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (*line == 0 && c->content) {
        const xmlChar *p = c->content;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
        if (*p) *line = (int)xmlGetLineNo(c);
      }
      if (c->content) S_buf_puts(b, (const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE && !S_is_skipped(c)) {
      if (S_is_block(c) || S_name_is(c, "br")) S_buf_putc(b, ' ');
      descend = c->children != NULL;
    }
    if (descend) { c = c->children; continue; }
    while (c && c != n && !c->next) {
      c = c->parent;
      if (c && c != n && c->type == XML_ELEMENT_NODE && S_is_block(c)) S_buf_putc(b, ' ');
    }
    if (c && c != n) c = c->next;
  }
}

static int S_has_table(xmlNode *n) {
  xmlNode *c = n->children;
  while (c && c != n) {
    if (S_name_is(c, "table")) return 1;
    if (c->type == XML_ELEMENT_NODE && c->children) { c = c->children; continue; }
    while (c && c != n && !c->next) c = c->parent;
    if (c && c != n) c = c->next;
  }
  return 0;
}

static int S_attr_int(xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v) return 1;
  int x = atoi((const char *)v);
  xmlFree(v);
  if (x < 1) x = 1;
  if (x > OGI_MAX_SPAN) x = OGI_MAX_SPAN;
  return x;
}

typedef struct {
  int *until; /* per grid column: first grid row no longer covered by a rowspan from above */
  int ncols;
} S_occupancy;

static void S_collect_rows(xmlNode *n, xmlNode ***rows, size_t *nrows, size_t *cap, int depth) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (S_name_is(c, "tr")) {
      if (*nrows == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *rows = S_xrealloc(*rows, *cap * sizeof **rows);
      }
      (*rows)[(*nrows)++] = c;
    } else if ((S_name_is(c, "tbody") || S_name_is(c, "thead") || S_name_is(c, "tfoot")) && depth < 4) {
      S_collect_rows(c, rows, nrows, cap, depth + 1);
    }
  }
}

static void S_table(S_html *h, xmlNode *table, int depth) {
  S_flush(h);
  if (h->doc->timed_out) return;
  xmlNode **rows = NULL;
  size_t nrows = 0, cap = 0;
  S_collect_rows(table, &rows, &nrows, &cap, 0);
  int tindex = (int)h->doc->tables++;
  S_occupancy occ = {S_xcalloc(OGI_MAX_GRID_COLS, sizeof(int)), OGI_MAX_GRID_COLS};
  for (size_t r = 0; r < nrows; r++) {
    S_doc_break(h->doc);
    S_buf rowtext;
    S_buf_init(&rowtext);
    int rowline = (int)xmlGetLineNo(rows[r]);
    int col = 0;
    for (xmlNode *c = rows[r]->children; c; c = c->next) {
      if (!S_name_is(c, "td") && !S_name_is(c, "th")) continue;
      while (col < occ.ncols && occ.until[col] > (int)r) col++;
      if (col >= occ.ncols) break;
      int rs = S_attr_int(c, "rowspan"), cs = S_attr_int(c, "colspan");
      for (int k = col; k < col + cs && k < occ.ncols; k++) occ.until[k] = (int)r + rs;
      if (h->doc->max_cells > 0 && ++h->doc->cells > h->doc->max_cells) { /* the rest is left out */
        h->doc->truncated = 1;
        col += cs;
        continue;
      }
      if (S_has_table(c)) {
        /* a layout cell holding tables: read it as flow, not as a cell */
        S_walk(h, c, depth + 1);
        S_flush(h);
      } else {
        S_buf t;
        S_buf_init(&t);
        int line = 0;
        S_cell_text(c, &t, &line);
        if (line == 0) line = (int)xmlGetLineNo(c);
        char *txt = S_buf_take(&t);
        char head[16]; /* the cell's first characters, without whitespace: enough to find it in the source */
        size_t hl = 0;
        for (const char *p = txt; *p && hl < 12; p++)
          if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') head[hl++] = *p;
        head[hl] = 0;
        int colno = S_find_col(h, &line, head);
        char *stripped = h->grid_out ? S_strip_ws(txt) : NULL;
        S_doc_add_cell(h->doc, txt, strlen(txt), line, colno, tindex, (int)r, col);
        if (rowtext.len) S_buf_putc(&rowtext, ' ');
        S_buf_puts(&rowtext, txt);
        if (h->grid_out && !h->grid_done) {
          if (h->ngrid == h->capgrid) {
            h->capgrid = h->capgrid ? h->capgrid * 2 : 64;
            h->grid_out = S_xrealloc(h->grid_out, h->capgrid * sizeof *h->grid_out);
          }
          S_grid_cell *g = &h->grid_out[h->ngrid++];
          g->row = (int)r;
          g->col = col;
          g->rowspan = rs;
          g->colspan = cs;
          g->text = stripped;
          stripped = NULL;
        }
        free(stripped);
        free(txt);
      }
      col += cs;
    }
    S_doc_add_line(h->doc, rowtext.data ? rowtext.data : "", rowtext.len, rowline);
    S_buf_free(&rowtext);
    S_doc_break(h->doc);
  }
  if (h->grid_out) h->grid_done = 1;
  free(occ.until);
  free(rows);
}

static void S_walk(S_html *h, xmlNode *n, int depth) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (S_doc_late(h->doc)) return;
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (!c->content) continue;
      if (h->line_no == 0) {
        const xmlChar *p = c->content;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
        if (*p) h->line_no = (int)xmlGetLineNo(c);
      }
      /* newlines inside flow text are not line breaks in HTML */
      size_t start = h->line.len;
      S_buf_puts(&h->line, (const char *)c->content);
      for (size_t k = start; k < h->line.len; k++)
        if (h->line.data[k] == '\n' || h->line.data[k] == '\r') h->line.data[k] = ' ';
      continue;
    }
    if (c->type != XML_ELEMENT_NODE || S_is_skipped(c)) continue;
    if (S_name_is(c, "table")) {
      S_table(h, c, depth + 1);
      continue;
    }
    if (S_name_is(c, "br")) { S_flush(h); continue; }
    int block = S_is_block(c);
    if (block) S_flush(h);
    if (depth < h->doc->max_depth) S_walk(h, c, depth + 1);
    else { /* too deep to walk as structure: its text, flat */
      S_buf t;
      S_buf_init(&t);
      int line = 0;
      S_cell_text(c, &t, &line);
      S_buf_put(&h->line, t.data ? t.data : "", t.len);
      S_buf_free(&t);
    }
    if (block) S_flush(h);
  }
}

static htmlDocPtr S_parse(const char *text, size_t len) {
  /* the text is UTF-8 already (decode.c): a <meta charset> inside must not make libxml2 decode it again */
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
             HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
  if (len > (size_t)0x7fffffff) return NULL;
  return htmlReadMemory(text, (int)len, NULL, "UTF-8", opts);
}

static void S_html_run(S_html *h, htmlDocPtr doc) {
  size_t cap = 1024;
  h->line_off = S_xmalloc(cap * sizeof(size_t));
  h->line_off[0] = 0;
  h->nlines = 1;
  for (size_t i = 0; i < h->srclen; i++) {
    if (h->src[i] == '\n') {
      if (h->nlines == cap) { cap *= 2; h->line_off = S_xrealloc(h->line_off, cap * sizeof(size_t)); }
      h->line_off[h->nlines++] = i + 1;
    }
  }
  S_buf_init(&h->line);
  if (h->doc->max_depth <= 0) h->doc->max_depth = OGI_DEFAULT_MAX_DEPTH;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (root) {
    /* walk from the document node so that fragments without <html> are read too */
    S_walk(h, (xmlNode *)doc, 0);
  }
  S_flush(h);
  S_buf_free(&h->line);
  free(h->line_off);
}

int S_read_html(S_doc *d, const char *text, size_t len) {
  htmlDocPtr doc = S_parse(text, len);
  if (!doc) return -1;
  S_html h;
  memset(&h, 0, sizeof h);
  h.doc = d;
  h.src = text;
  h.srclen = len;
  S_html_run(&h, doc);
  xmlFreeDoc(doc);
  return 0;
}

S_grid_cell *S_html_first_table_grid(const char *html, size_t len, size_t *ncells) {
  *ncells = 0;
  htmlDocPtr doc = S_parse(html, len);
  if (!doc) return NULL;
  S_doc d;
  S_doc_init(&d);
  S_html h;
  memset(&h, 0, sizeof h);
  h.doc = &d;
  h.src = html;
  h.srclen = len;
  h.grid_out = S_xmalloc(sizeof(S_grid_cell));
  h.capgrid = 1;
  S_html_run(&h, doc);
  xmlFreeDoc(doc);
  S_doc_free(&d);
  *ncells = h.ngrid;
  return h.grid_out;
}
