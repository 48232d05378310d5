#include "text.h"
#include "util.h"
#include <string.h>

static int S_is_md_separator(const char *s, size_t n) {
  int dash = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-') dash = 1;
    else if (c != '|' && c != ':' && c != ' ' && c != '\t' && c != '+' && c != '=') return 0;
  }
  return dash;
}

/* A Markdown pipe row: cells between the pipes, empty ones are blank cells. */
static void S_read_md_row(S_doc *d, const char *s, size_t n, int line) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < n && s[i] == '|') i++;
  S_doc_break(d);
  int cell = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && s[e] != '|') e++;
    if (e == n) {
      /* text after the last pipe: a cell only if not empty */
      int empty = 1;
      for (size_t k = i; k < e; k++) if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') empty = 0;
      if (empty) break;
    }
    S_doc_add_cell(d, s + i, e - i, line, (int)S_utf8_count(s, i) + 1, -1, -1, cell++);
    i = e + 1;
  }
  S_doc_break(d);
}

/* A tab-separated line: leading empty cells are indentation; empty cells after the first are blanks. */
static void S_read_tab_row(S_doc *d, const char *s, size_t n, int line) {
  size_t i = 0;
  int seen = 0, cell = 0;
  S_doc_break(d);
  while (i <= n) {
    size_t e = i;
    while (e < n && s[e] != '\t') e++;
    int empty = 1;
    for (size_t k = i; k < e; k++) if (s[k] != ' ' && s[k] != '\r') empty = 0;
    if (!empty || seen) {
      if (!(empty && e == n)) /* a trailing tab is not a cell */
        S_doc_add_cell(d, s + i, e - i, line, (int)S_utf8_count(s, i) + 1, -1, -1, cell);
      seen = 1;
    }
    cell++;
    i = e + 1;
  }
  S_doc_break(d);
}

void S_read_text(S_doc *d, const char *text, size_t len) {
  size_t i = 0;
  int line = 1;
  while (i < len) {
    size_t e = i;
    while (e < len && text[e] != '\n') e++;
    size_t n = e - i;
    if (n && text[i + n - 1] == '\r') n--;
    const char *s = text + i;
    size_t k = 0;
    while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k < n && s[k] == '|') {
      S_doc_add_line(d, s, n, line);
      if (!S_is_md_separator(s, n)) S_read_md_row(d, s, n, line);
      else S_doc_break(d);
    } else {
      /* tab rows: two or more non-empty tab cells */
      int cells = 0, in = 0;
      for (size_t j = 0; j < n; j++) {
        if (s[j] == '\t') in = 0;
        else if (s[j] != ' ' && !in) { in = 1; cells++; }
      }
      int tabs = memchr(s, '\t', n) != NULL;
      if (tabs && cells >= 2 && !S_is_page_number(s, n)) {
        S_doc_add_line(d, s, n, line);
        S_read_tab_row(d, s, n, line);
      } else {
        S_doc_add_text_line(d, s, n, line);
      }
    }
    line++;
    i = e + 1;
  }
}
