/* The HTML layout reader, driven by libxml2's SAX events: no document tree is built. The parser's own
 * recovery (implied and auto-closed elements) is the same as for a tree; tables are laid out on a grid as
 * their cells arrive (rowspan/colspan), text outside tables is cut into lines at block elements. */
#define _GNU_SOURCE /* memmem */
#include "html.h"
#include "normalize.h"
#include "ogi.h"
#include "text.h"
#include "util.h"
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>

#ifndef OGI_MAX_SPAN
#define OGI_MAX_SPAN 200   /* rowspan/colspan beyond this are clamped */
#endif
#ifndef OGI_MAX_GRID_COLS
#define OGI_MAX_GRID_COLS 400
#endif
#ifndef OGI_MAX_HEADING
#define OGI_MAX_HEADING 4096 /* bytes of <title> and <h1> text kept for the metadata */
#endif
#ifndef OGI_MAX_TABLE_NESTING
#define OGI_MAX_TABLE_NESTING 64 /* tables nested deeper are read as text of the enclosing cell */
#endif

typedef struct {
  int index;        /* table number in the document */
  int row;          /* current grid row (-1 before the first <tr>) */
  int in_row;
  int col;          /* next grid column in the current row */
  int *until;       /* per grid column: first grid row no longer covered by a rowspan from above */
  int in_cell;      /* inside a td/th of this table */
  int layout_cell;  /* the current cell holds a table: its text is flow, not a cell */
  int cell_col, cell_span, cell_rowspan, cell_line, cell_open_line;
  int depth;        /* element depth where this table's element opened */
  og_buf cell;       /* the current cell's text */
  og_buf rowtext;    /* the current row's cells, for the document's lines */
  int row_line;
} S_table_ctx;

typedef struct {
  og_doc *doc;
  htmlParserCtxtPtr ctxt;
  const char *src;     /* decoded source, for columns */
  size_t srclen;
  size_t *line_off;    /* byte offset of each source line */
  size_t nlines;
  og_buf line;          /* pending flow text */
  int line_no;         /* source line of the pending text */
  int depth;           /* open elements */
  int skip_depth;      /* >0: inside script/style/head...: the depth where skipping started */
  int skip_head;       /* the skipping started at <head> */
  int title_depth;     /* >0: inside the first <title> (outside <svg> and the like): its depth */
  int title_seen;
  int h1_depth;        /* >0: inside an <h1>: its depth */
  og_buf title, h1;     /* their text, for the metadata */
  S_table_ctx tables[OGI_MAX_TABLE_NESTING];
  int ntables;         /* open tables */
  int deep_tables;     /* tables opened beyond OGI_MAX_TABLE_NESTING (read as text) */
  og_grid_cell *grid_out; /* test hook: collect the first table's grid */
  size_t ngrid, capgrid;
  int grid_table;      /* index of the table whose grid is collected (-1: none yet) */
  int cur_line;        /* where the last cell was found: cells come in source order, so search on from there */
  size_t cur_off;
  size_t cnt_off;      /* on cur_line: a byte offset whose column is known (cnt_cols code points from the line's */
  int cnt_cols;        /* start), so that columns on one long line are counted once, not from its start each time */
  struct {             /* searches that found nothing: the same head is not in any part of [from, to) either */
    char head[24];
    size_t from, to;
  } miss[8];
  int nmiss;
} S_html;

/* Elements whose text is not the page's text. */
static int S_is_skipped(const char *s) {
  switch (s[0]) {
  case 's': return !strcmp(s, "script") || !strcmp(s, "style") || !strcmp(s, "select") || !strcmp(s, "svg");
  case 'h': return !strcmp(s, "head");
  case 'n': return !strcmp(s, "noscript");
  case 't': return !strcmp(s, "template") || !strcmp(s, "title");
  case 'i': return !strcmp(s, "iframe");
  case 'o': return !strcmp(s, "object");
  case 'm': return !strcmp(s, "math");
  case 'b': return !strcmp(s, "button");
  default: return 0;
  }
}

/* Elements that start a new line of text. */
static int S_is_block(const char *s) {
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
  case 'b': return !strcmp(s, "blockquote") || !strcmp(s, "body") || !strcmp(s, "br");
  case 'c': return !strcmp(s, "center") || !strcmp(s, "caption");
  case 't': return !strcmp(s, "tr");
  case 'm': return !strcmp(s, "main");
  default: return 0;
  }
}

/* What an element is to the reader, found once per event (libxml2 gives names in lower case). */
enum { S_TAG_OTHER, S_TAG_TITLE, S_TAG_HEAD, S_TAG_H1, S_TAG_TABLE, S_TAG_TR, S_TAG_CELL };
typedef struct {
  unsigned char kind, skipped, block;
} S_tag;

static S_tag S_tag_of(const char *s) {
  S_tag t = {S_TAG_OTHER, 0, 0};
  if (s[0] == 't' && s[1] && !s[2]) { /* td th tr: the commonest, each event */
    if (s[1] == 'd' || s[1] == 'h') t.kind = S_TAG_CELL;
    else if (s[1] == 'r') t.kind = S_TAG_TR, t.block = 1;
    return t;
  }
  if (s[0] == 's' && s[1] == 'p' && !strcmp(s, "span")) return t;
  if (!strcmp(s, "table")) t.kind = S_TAG_TABLE;
  else if (!strcmp(s, "title")) t.kind = S_TAG_TITLE;
  else if (!strcmp(s, "head")) t.kind = S_TAG_HEAD;
  else if (!strcmp(s, "h1")) t.kind = S_TAG_H1;
  t.skipped = (unsigned char)S_is_skipped(s);
  t.block = (unsigned char)S_is_block(s);
  return t;
}

/* Column (1-based, in code points) of the first occurrence of needle's first characters on source line
 * line_no or the few after it; 0 when not found. */
static int S_find_col(S_html *h, int *line_no, const char *needle) {
  size_t nlen = strlen(needle);
  if (nlen == 0 || *line_no < 1 || (size_t)*line_no > h->nlines) return 0;
  size_t take = nlen < 6 ? nlen : 6;
  while (take < nlen && (((unsigned char)needle[take]) & 0xC0) == 0x80) take++;
  /* where this search looks: from the first line's start (or from the last cell, on its line) to the end of
   * the fourth line; a head not found there before (an "&nbsp;" cell of a Word table on one 36 KB line) is not
   * searched for again in a part of it */
  int l0 = *line_no, l3 = l0 + 3 <= (int)h->nlines ? l0 + 3 : (int)h->nlines;
  size_t a0 = h->line_off[l0 - 1];
  size_t r_from = (l0 == h->cur_line && h->cur_off > a0 && h->cur_off <= ((size_t)l0 < h->nlines ? h->line_off[l0] : h->srclen))
                      ? h->cur_off : a0;
  size_t r_to = (size_t)l3 < h->nlines ? h->line_off[l3] : h->srclen;
  /* a miss is remembered only when the region was searched whole (the last cell not on a later line of it) */
  int cacheable = take < sizeof h->miss[0].head && !(h->cur_line > l0 && h->cur_line <= l3);
  for (int m = 0; take < sizeof h->miss[0].head && m < 8 && m < h->nmiss; m++)
    if (h->miss[m].from <= r_from && r_to <= h->miss[m].to && !memcmp(h->miss[m].head, needle, take) &&
        h->miss[m].head[take] == 0)
      return 0;
  for (int l = *line_no; l < *line_no + 4 && (size_t)l <= h->nlines; l++) {
    size_t a = h->line_off[l - 1];
    size_t b = (size_t)l < h->nlines ? h->line_off[l] : h->srclen;
    size_t from = (l == h->cur_line && h->cur_off > a && h->cur_off <= b) ? h->cur_off : a;
    const char *hit = from + take <= b ? memmem(h->src + from, b - from, needle, take) : NULL;
    if (!hit) continue;
    size_t i = (size_t)(hit - h->src);
    /* Word-exported pages put a whole table on one line of 8-36 KB: count on from the last cell */
    size_t base = a;
    int cols = 0;
    if (l == h->cur_line && h->cnt_off >= a && h->cnt_off <= i) {
      base = h->cnt_off;
      cols = h->cnt_cols;
    }
    cols += (int)og_utf8_count(h->src + base, i - base);
    *line_no = l;
    h->cur_line = l;
    h->cur_off = i + take;
    h->cnt_off = i;
    h->cnt_cols = cols;
    return cols + 1;
  }
  if (cacheable) {
    int m = h->nmiss++ % 8;
    memcpy(h->miss[m].head, needle, take);
    h->miss[m].head[take] = 0;
    h->miss[m].from = r_from;
    h->miss[m].to = r_to;
  }
  return 0;
}

static int S_cur_line(S_html *h) { return h->ctxt && h->ctxt->input ? h->ctxt->input->line : 0; }

/* A Markdown table row in flow text ("| 规章 | 0 | 10 | 8 |", a Markdown file with HTML in it): a line that
 * opens and closes with "|" and has a cell between. */
static int S_md_row(const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
  if (n - k < 3 || s[k] != '|' || s[n - 1] != '|') return 0;
  return memchr(s + k + 1, '|', n - k - 2) != NULL;
}

/* Flow text as one line of the document, newlines as spaces; Markdown table rows in it (runs of lines) go to
 * the text reader, which reads their cells. */
static void S_add_flow(S_html *h, char *s, size_t n, int line) {
  size_t i = 0, from = 0;
  int l = line, lfrom = line, any_md = 0;
  for (size_t k = 0; k < n; k++) any_md |= s[k] == '|';
  if (!any_md) {
    for (size_t k = 0; k < n; k++)
      if (s[k] == '\n' || s[k] == '\r') s[k] = ' ';
    og_doc_add_text_line(h->doc, s, n, line);
    return;
  }
  while (i < n) {
    size_t e = i;
    while (e < n && s[e] != '\n') e++;
    if (S_md_row(s + i, e - i)) {
      size_t j = e, lj = (size_t)l + 1; /* the run of rows */
      while (j < n) {
        size_t f = j + 1, g = f;
        while (g < n && s[g] != '\n') g++;
        if (f >= n || !S_md_row(s + f, g - f)) break;
        j = g;
        lj++;
      }
      if (i > from) {
        for (size_t k = from; k < i; k++)
          if (s[k] == '\n' || s[k] == '\r') s[k] = ' ';
        og_doc_add_text_line(h->doc, s + from, i - from, lfrom);
      }
      og_read_text_from(h->doc, s + i, j - i, l);
      l = (int)lj - 1;
      e = j;
      from = e < n ? e + 1 : n;
      lfrom = l + 1;
    }
    if (e < n) l++;
    i = e + 1;
  }
  if (from < n) {
    for (size_t k = from; k < n; k++)
      if (s[k] == '\n' || s[k] == '\r') s[k] = ' ';
    og_doc_add_text_line(h->doc, s + from, n - from, lfrom);
  }
}

static void S_flush(S_html *h) {
  if (h->line.len) S_add_flow(h, h->line.data, h->line.len, h->line_no);
  h->line.len = 0;
  if (h->line.data) h->line.data[0] = 0;
  h->line_no = 0;
}

static S_table_ctx *S_top(S_html *h) { return h->ntables ? &h->tables[h->ntables - 1] : NULL; }

/* Where text goes: the open cell of the innermost table, unless that cell holds a table (layout cell) or
 * the text sits in a table between its cells (dropped, as browsers move it out of the grid). */
static og_buf *S_text_target(S_html *h, int *is_cell) {
  S_table_ctx *t = S_top(h);
  *is_cell = 0;
  if (!t) return &h->line;
  if (t->in_cell && !t->layout_cell) {
    *is_cell = 1;
    return &t->cell;
  }
  if (t->in_cell && t->layout_cell) return &h->line;
  return NULL;
}

static int S_attr_int(const xmlChar **attrs, const char *name) {
  for (int i = 0; attrs && attrs[i]; i += 2) {
    if (strcmp((const char *)attrs[i], name) != 0 || !attrs[i + 1]) continue;
    int x = atoi((const char *)attrs[i + 1]);
    if (x < 1) x = 1;
    if (x > OGI_MAX_SPAN) x = OGI_MAX_SPAN;
    return x;
  }
  return 1;
}

static void S_end_cell(S_html *h, S_table_ctx *t) {
  if (!t->in_cell) return;
  t->in_cell = 0;
  if (t->layout_cell) {
    S_flush(h);
  } else if (h->doc->max_cells > 0 && ++h->doc->cells > h->doc->max_cells) {
    h->doc->truncated = 1; /* the rest is left out */
  } else {
    const char *txt = t->cell.data ? t->cell.data : "";
    char head[16] = {0}; /* the cell's first characters, without whitespace: enough to find it in the source */
    size_t hl = 0;
    for (const char *p = txt; *p && hl < 12; p++)
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') head[hl++] = *p;
    head[hl] = 0;
    int line = t->cell_line ? t->cell_line : t->cell_open_line;
    int colno = S_find_col(h, &line, head);
    og_doc_add_cell(h->doc, txt, t->cell.len, line, colno, t->index, t->row, t->cell_col);
    if (t->rowtext.len) og_buf_putc(&t->rowtext, ' ');
    og_buf_put(&t->rowtext, txt, t->cell.len);
    if (h->grid_out && t->index == h->grid_table) {
      if (h->ngrid == h->capgrid) {
        h->capgrid = h->capgrid ? h->capgrid * 2 : 64;
        h->grid_out = og_xrealloc(h->grid_out, h->capgrid * sizeof *h->grid_out);
      }
      og_grid_cell *g = &h->grid_out[h->ngrid++];
      g->row = t->row;
      g->col = t->cell_col;
      g->rowspan = t->cell_rowspan;
      g->colspan = t->cell_span;
      g->text = og_strip_ws(txt);
    }
  }
  t->cell.len = 0;
  if (t->cell.data) t->cell.data[0] = 0;
}

static void S_end_row(S_html *h, S_table_ctx *t) {
  if (!t->in_row) return;
  S_end_cell(h, t);
  t->in_row = 0;
  og_doc_add_line(h->doc, t->rowtext.data ? t->rowtext.data : "", t->rowtext.len, t->row_line);
  t->rowtext.len = 0;
  og_doc_break(h->doc);
}

static void S_start_row(S_html *h, S_table_ctx *t) {
  S_end_row(h, t);
  t->row++;
  t->in_row = 1;
  t->col = 0;
  t->row_line = S_cur_line(h);
  og_doc_break(h->doc);
}

static void S_start_cell(S_html *h, S_table_ctx *t, const xmlChar **attrs) {
  if (!t->in_row) S_start_row(h, t); /* a cell outside any <tr>: its own row */
  S_end_cell(h, t);
  while (t->col < OGI_MAX_GRID_COLS && t->until[t->col] > t->row) t->col++;
  int rs = S_attr_int(attrs, "rowspan"), cs = S_attr_int(attrs, "colspan");
  t->cell_col = t->col;
  t->cell_span = cs;
  t->cell_rowspan = rs;
  for (int k = t->col; k < t->col + cs && k < OGI_MAX_GRID_COLS; k++) t->until[k] = t->row + rs;
  t->col += cs;
  t->in_cell = 1;
  t->layout_cell = 0;
  t->cell_line = 0;
  t->cell_open_line = S_cur_line(h); /* the line of an empty cell */
}

static void S_start_table(S_html *h) {
  S_table_ctx *outer = S_top(h);
  if (outer && outer->in_cell && !outer->layout_cell) {
    /* a cell holding a table is layout, not data: what it had so far is flow text */
    outer->layout_cell = 1;
    S_flush(h);
    if (outer->cell.len) {
      h->line_no = outer->cell_line;
      og_buf_put(&h->line, outer->cell.data, outer->cell.len);
      outer->cell.len = 0;
      S_flush(h);
    }
  }
  S_flush(h);
  if (h->ntables == OGI_MAX_TABLE_NESTING) {
    h->deep_tables++;
    return;
  }
  S_table_ctx *t = &h->tables[h->ntables++];
  memset(t, 0, sizeof *t);
  t->index = (int)h->doc->tables++;
  t->row = -1;
  t->depth = h->depth;
  t->until = og_xcalloc(OGI_MAX_GRID_COLS, sizeof(int));
  if (h->grid_out && h->grid_table < 0) h->grid_table = t->index;
}

static void S_end_table(S_html *h) {
  if (h->deep_tables) {
    h->deep_tables--;
    return;
  }
  S_table_ctx *t = S_top(h);
  if (!t) return;
  S_end_row(h, t);
  free(t->until);
  og_buf_free(&t->cell);
  og_buf_free(&t->rowtext);
  h->ntables--;
  S_flush(h);
}

static void S_on_start(void *ctx, const xmlChar *name_x, const xmlChar **attrs) {
  S_html *h = ctx;
  S_tag tag = S_tag_of((const char *)name_x);
  h->depth++;
  if (tag.kind == S_TAG_TITLE && !h->title_seen && (!h->skip_depth || h->skip_head)) {
    h->title_seen = 1;
    h->title_depth = h->depth;
  }
  if (h->skip_depth) return;
  if (tag.skipped) {
    h->skip_depth = h->depth;
    h->skip_head = tag.kind == S_TAG_HEAD;
    return;
  }
  if (tag.kind == S_TAG_H1 && !h->h1_depth) h->h1_depth = h->depth;
  if (og_doc_late(h->doc)) {
    xmlStopParser(h->ctxt);
    return;
  }
  if (tag.kind == S_TAG_TABLE) {
    S_start_table(h);
    return;
  }
  S_table_ctx *t = S_top(h);
  if (t && !(t->in_cell && t->layout_cell) && !h->deep_tables) {
    if (tag.kind == S_TAG_TR) { S_start_row(h, t); return; }
    if (tag.kind == S_TAG_CELL) { S_start_cell(h, t, attrs); return; }
  }
  if (tag.block) {
    int is_cell;
    og_buf *b = S_text_target(h, &is_cell);
    if (is_cell) og_buf_putc(b, ' ');
    else if (b) S_flush(h);
  }
}

static void S_on_end(void *ctx, const xmlChar *name_x) {
  S_html *h = ctx;
  if (h->title_depth && h->title_depth == h->depth) h->title_depth = 0;
  if (h->h1_depth && h->h1_depth == h->depth) {
    h->h1_depth = 0;
    if (h->h1.len && h->h1.data[h->h1.len - 1] != '\n') og_buf_putc(&h->h1, '\n');
  }
  if (h->skip_depth) {
    if (h->depth-- == h->skip_depth) h->skip_depth = 0;
    return;
  }
  h->depth--;
  S_tag tag = S_tag_of((const char *)name_x);
  if (tag.kind == S_TAG_TABLE) {
    S_end_table(h);
    return;
  }
  S_table_ctx *t = S_top(h);
  if (t && !h->deep_tables) {
    if (tag.kind == S_TAG_TR && !(t->in_cell && t->layout_cell)) { S_end_row(h, t); return; }
    if (tag.kind == S_TAG_CELL && t->in_cell && h->depth <= t->depth + 3) {
      S_end_cell(h, t);
      return;
    }
  }
  if (tag.block) {
    int is_cell;
    og_buf *b = S_text_target(h, &is_cell);
    if (is_cell) og_buf_putc(b, ' ');
    else if (b) S_flush(h);
  }
}

/* Text of a <title> or <h1>: source line breaks are spaces (one heading is one line). */
static void S_heading_put(og_buf *b, const xmlChar *ch, int len) {
  if (b->len >= OGI_MAX_HEADING) return;
  size_t start = b->len;
  og_buf_put(b, (const char *)ch, (size_t)len);
  for (size_t k = start; k < b->len; k++)
    if (b->data[k] == '\n' || b->data[k] == '\r') b->data[k] = ' ';
}

static void S_on_text(void *ctx, const xmlChar *ch, int len) {
  S_html *h = ctx;
  if (len <= 0) return;
  if (h->title_depth) S_heading_put(&h->title, ch, len);
  if (h->skip_depth) return;
  if (h->h1_depth) S_heading_put(&h->h1, ch, len);
  int is_cell;
  og_buf *b = S_text_target(h, &is_cell);
  if (!b) return;
  int nonspace = 0;
  for (int i = 0; i < len && !nonspace; i++) nonspace = ch[i] != ' ' && ch[i] != '\n' && ch[i] != '\t' && ch[i] != '\r';
  if (is_cell) {
    S_table_ctx *t = S_top(h);
    if (!t->cell_line && nonspace) t->cell_line = S_cur_line(h);
    og_buf_put(b, (const char *)ch, (size_t)len);
  } else {
    /* newlines inside flow text are not line breaks in HTML (S_add_flow makes them spaces, unless they end
     * Markdown table rows); the leading ones before the line's first text are dropped */
    if (!h->line_no && nonspace) {
      h->line_no = S_cur_line(h);
      int k = 0;
      while (k < len && (ch[k] == ' ' || ch[k] == '\n' || ch[k] == '\t' || ch[k] == '\r')) k++;
      if (b->len == 0) ch += k, len -= k;
    }
    og_buf_put(b, (const char *)ch, (size_t)len);
  }
}

/* The normalized text of a <title> or the <h1> headings, owned by the document; NULL when there is none. */
static const char *S_heading_text(og_doc *d, const og_buf *b) {
  if (!b->len) return NULL;
  char *norm = og_normalize(b->data, b->len);
  const char *keep = norm[strspn(norm, " \t\r\n")] ? og_doc_strndup(d, norm, strlen(norm)) : NULL;
  free(norm);
  return keep;
}


static int S_is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int S_is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
/* the characters of an element or attribute name, as libxml2's htmlParseHTMLName reads them */
static int S_is_namech(char c) {
  return S_is_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}
static int S_name_is(const char *s, size_t n, const char *lower) {
  size_t k = strlen(lower);
  if (n != k) return 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != lower[i]) return 0;
  return 1;
}

/* The text libxml2 is given: a copy of the page without the attributes ogi does not read (all with a value
 * but rowspan and colspan: Word's style="mso-…", class, href), their line breaks kept. libxml2 reads an
 * attribute value one character at a time, half its parse of a Word-exported page; the events and line
 * numbers ogi takes are the same (columns are found in the original text). The scan follows libxml2's reading of
 * markup (start tags and their attributes, end tags, comments, <!DOCTYPE>, <?…>, script and style text) and at the
 * first construct it does not follow exactly (a tag left open, an unterminated quote or comment, a '<' inside
 * an end tag, a comment closed by "--!>"...) stops: the rest is copied as it is. NULL when nothing was left
 * out. */
char *og_html_thin(const char *t, size_t len, size_t *outlen) {
  char *out = NULL;
  size_t o = 0, from = 0; /* t[from..] not yet copied */
  size_t i = 0;
  const char *raw = NULL; /* inside script or style: its name */
  size_t rawlen = 0;
  while (i < len) {
    const char *lt = memchr(t + i, '<', len - i);
    if (!lt) break;
    size_t p = (size_t)(lt - t);
    if (raw) { /* script or style text ends at "</name", any case (libxml2's recovery) */
      if (p + 2 + rawlen <= len && t[p + 1] == '/' && S_name_is(t + p + 2, rawlen, raw)) raw = NULL;
      else {
        i = p + 1;
        continue;
      }
    }
    if (p + 1 >= len) break;
    char c1 = t[p + 1];
    if (S_is_letter(c1)) { /* a start tag */
      size_t j = p + 1;
      while (j < len && S_is_namech(t[j])) j++;
      if (j - p - 1 >= 100) break; /* libxml2 cuts long names */
      const char *name = t + p + 1;
      size_t nlen = j - p - 1;
      int closed = 0, self = 0;
      while (!closed) {
        while (j < len && S_is_blank(t[j])) j++;
        if (j >= len) break;
        if (t[j] == '>') {
          j++;
          closed = 1;
        } else if (t[j] == '/' && j + 1 < len && t[j + 1] == '>') {
          j += 2;
          closed = self = 1;
        } else if (S_is_letter(t[j]) || t[j] == '_' || t[j] == ':' || t[j] == '.') {
          size_t a = j;
          while (j < len && S_is_namech(t[j])) j++;
          if (j - a >= 100) break;
          size_t k = j;
          while (k < len && S_is_blank(t[k])) k++;
          if (k >= len || t[k] != '=') continue;
          k++;
          while (k < len && S_is_blank(t[k])) k++;
          if (k >= len) break;
          size_t end; /* after the value */
          if (t[k] == '"' || t[k] == '\'') {
            const char *e = memchr(t + k + 1, t[k], len - k - 1);
            if (!e) break;
            end = (size_t)(e - t) + 1;
          } else { /* unquoted: up to a blank or '>' (a '/' before it is the value's) */
            end = k;
            while (end < len && !S_is_blank(t[end]) && t[end] != '>') end++;
          }
          if (!S_name_is(t + a, j - a, "rowspan") && !S_name_is(t + a, j - a, "colspan")) {
            /* the attribute left out, name, '=' and value: only its line breaks stay */
            if (!out) out = og_xmalloc(len + 1);
            memcpy(out + o, t + from, a - from);
            o += a - from;
            if (memchr(t + a, '\n', end - a) || memchr(t + a, '\r', end - a))
              for (size_t q = a; q < end; q++)
                if (t[q] == '\n' || t[q] == '\r') out[o++] = t[q];
            from = end;
          }
          j = end;
        } else { /* not an attribute: libxml2 skips it up to a blank or the tag's end */
          while (j < len && !S_is_blank(t[j]) && t[j] != '>' && !(t[j] == '/' && j + 1 < len && t[j + 1] == '>')) j++;
        }
      }
      if (!closed) break;
      if (!self && (S_name_is(name, nlen, "script") || S_name_is(name, nlen, "style"))) {
        raw = S_name_is(name, nlen, "script") ? "script" : "style";
        rawlen = strlen(raw);
      }
      i = j;
    } else if (c1 == '/' || c1 == '?' || (c1 == '!' && !(p + 3 < len && t[p + 2] == '-' && t[p + 3] == '-'))) {
      /* an end tag, <?...> or <!DOCTYPE...>: up to the first '>', which no '<' and no quoted '>' may precede */
      if (c1 == '/' && !(p + 2 < len && S_is_letter(t[p + 2]))) break;
      size_t j = p + 2;
      char quote = 0; /* <!DOCTYPE reads its quoted ids: a '>' inside quotes is not followed */
      for (; j < len && t[j] != '<'; j++) {
        if (quote) {
          if (t[j] == quote) quote = 0;
          else if (t[j] == '>') break;
        } else if (c1 == '!' && (t[j] == '"' || t[j] == '\'')) {
          quote = t[j];
        } else if (t[j] == '>') {
          break;
        }
      }
      if (j >= len || t[j] != '>' || quote) break;
      i = j + 1;
    } else if (c1 == '!') { /* a comment: up to the first "-->", unless libxml2 would end it otherwise */
      size_t j = p + 4;
      if (j < len && (t[j] == '>' || (t[j] == '-' && j + 1 < len && t[j + 1] == '>'))) break;
      const char *e = NULL;
      for (size_t q = j; q + 2 < len; q++)
        if (t[q] == '-' && t[q + 1] == '-' && (t[q + 2] == '>' || (t[q + 2] == '!' && q + 3 < len && t[q + 3] == '>'))) {
          e = t + q;
          break;
        }
      if (!e || e[2] == '!') break;
      i = (size_t)(e - t) + 3;
    } else {
      i = p + 1; /* "<" before anything else is text */
    }
  }
  if (!out) return NULL;
  memcpy(out + o, t + from, len - from);
  o += len - from;
  out[o] = 0;
  *outlen = o;
  return out;
}


static int S_sax_run(S_html *h, const char *text, size_t len) {
  if (len > (size_t)0x7fffffff) return -1;
  size_t cap = 1024;
  h->line_off = og_xmalloc(cap * sizeof(size_t));
  h->line_off[0] = 0;
  h->nlines = 1;
  for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
    if (h->nlines == cap) { cap *= 2; h->line_off = og_xrealloc(h->line_off, cap * sizeof(size_t)); }
    h->line_off[h->nlines++] = (size_t)(p - text) + 1;
  }
  og_buf_init(&h->line);
  h->grid_table = -1;
  if (h->doc->max_depth <= 0) h->doc->max_depth = OGI_DEFAULT_MAX_DEPTH;

  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = S_on_start;
  sax.endElement = S_on_end;
  sax.characters = S_on_text;
  sax.cdataBlock = S_on_text;
  int rc = 0;
  size_t thin_len = 0;
  char *thin = og_html_thin(text, len, &thin_len);
  htmlParserCtxtPtr ctxt = thin ? og_html_parser(thin, thin_len, &sax, h) : og_html_parser(text, len, &sax, h);
  if (!ctxt) rc = -1;
  else {
    h->ctxt = ctxt;
    htmlParseDocument(ctxt);
    h->ctxt = NULL;
    htmlFreeParserCtxt(ctxt);
  }
  free(thin);
  while (h->ntables) { /* a page cut off inside its tables */
    h->deep_tables = 0;
    S_end_table(h);
  }
  S_flush(h);
  og_buf_free(&h->line);
  free(h->line_off);
  h->doc->html_title = S_heading_text(h->doc, &h->title);
  h->doc->html_h1 = S_heading_text(h->doc, &h->h1);
  og_buf_free(&h->title);
  og_buf_free(&h->h1);
  return rc;
}

htmlParserCtxtPtr og_html_parser(const char *text, size_t len, const htmlSAXHandler *sax, void *user) {
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(text, (int)len);
  if (!ctxt) return NULL;
  /* the text is UTF-8 already (decode.c): a <meta charset> inside must not make libxml2 decode it again */
  xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
  if (utf8) xmlSwitchToEncoding(ctxt, utf8);
  memcpy(ctxt->sax, sax, sizeof *sax);
  ctxt->userData = user;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                               HTML_PARSE_IGNORE_ENC);
  return ctxt;
}

int og_read_html(og_doc *d, const char *text, size_t len) {
  S_html *h = og_xcalloc(1, sizeof *h);
  h->doc = d;
  h->src = text;
  h->srclen = len;
  int rc = S_sax_run(h, text, len);
  free(h);
  og_doc_drop_label_blanks(d);
  return rc;
}

og_grid_cell *og_html_first_table_grid(const char *html, size_t len, size_t *ncells) {
  *ncells = 0;
  og_doc d;
  og_doc_init(&d);
  S_html *h = og_xcalloc(1, sizeof *h);
  h->doc = &d;
  h->src = html;
  h->srclen = len;
  h->grid_out = og_xmalloc(sizeof(og_grid_cell));
  h->capgrid = 1;
  S_sax_run(h, html, len);
  og_doc_free(&d);
  *ncells = h->ngrid;
  og_grid_cell *g = h->grid_out;
  free(h);
  return g;
}
