/* The plain-text layout reader (text.h): the text cut into lines (page furniture of a PDF's text marked),
 * Markdown and box-drawn tables read into cells, tab-separated rows and tab-indented empty cells, and every
 * other line handed to the tokenizer as text (one cell per line, aligned columns, glued cells). */
#include "text.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

/* A Markdown or ASCII table rule ("|---|:--:|", "+----+----+", "-----"). A line of one or two dashes alone is
 * a cell printed "-" (a blank) in one-cell-per-line text, not a rule. */
static int S_is_md_separator(const char *s, size_t n) {
  int dashes = 0, joints = 0, run = 0, longest = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-' || (c == '=' && joints > 0)) { /* (a grid table's header rule: "+====+") */
      dashes++;
      if (++run > longest) longest = run;
      continue;
    }
    run = 0;
    if (c == '|' || c == '+') joints++;
    else if (c != ':' && c != ' ' && c != '\t' && c != '=') return 0;
  }
  /* without | or +, a rule is a run of three dashes or more ("-   -   -" is three blank cells) */
  return dashes > 0 && (joints > 0 || longest >= 3);
}

/* Column separators of bordered tables: Markdown '|' and the box-drawing verticals w3m/lynx draw. */
static int S_sep_at(const char *s, size_t n, size_t i, size_t *len) {
  if (s[i] == '|') { *len = 1; return 1; }
  if (i + 3 <= n && (!memcmp(s + i, "│", 3) || !memcmp(s + i, "┃", 3) || !memcmp(s + i, "║", 3))) { *len = 3; return 1; }
  return 0;
}

/* A box-drawing rule line (─ ┼ ├ ...): ends a bordered row. */
static int S_is_box_rule(const char *s, size_t n) {
  int box = 0;
  for (size_t i = 0; i + 3 <= n; i++) {
    const unsigned char *u = (const unsigned char *)s + i;
    /* U+2500..U+257F are E2 94 80..E2 95 BF */
    if (u[0] == 0xE2 && (u[1] == 0x94 || u[1] == 0x95)) {
      size_t l;
      if (!S_sep_at(s, n, i, &l)) box = 1;
      i += 2;
    }
  }
  return box;
}

typedef struct {
  const char *s;
  size_t n;
  int line;
} S_rowline;

/* Splits a bordered line into cells: [start, end) byte ranges between separators. */
static int S_split_cells(const char *s, size_t n, size_t *starts, size_t *ends, int max) {
  size_t i = 0, l;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < n && S_sep_at(s, n, i, &l)) i += l;
  int c = 0;
  size_t cs = i;
  while (i <= n && c < max) {
    if (i == n || S_sep_at(s, n, i, &l)) {
      if (i == n) {
        int empty = 1;
        for (size_t k = cs; k < i; k++) if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') empty = 0;
        if (empty) break;
        l = 0;
      }
      starts[c] = cs;
      ends[c] = i;
      c++;
      if (i == n) break;
      i += l;
      cs = i;
      continue;
    }
    i++;
  }
  return c;
}

/* One row of a bordered table, possibly drawn over several lines (a wrapped label): cells that line up
 * are joined, so "5.要求行政机关确认或重新出" + "具已获取信息" is one label and its number one cell. */
static void S_read_bordered_row(og_doc *d, const S_rowline *lines, int nl) {
  enum { MAXC = 64 };
  size_t st[MAXC], en[MAXC];
  int ncells = -1, same = 1;
  for (int k = 0; k < nl && same; k++) {
    int c = S_split_cells(lines[k].s, lines[k].n, st, en, MAXC);
    if (ncells >= 0 && c != ncells) same = 0;
    ncells = c;
  }
  if (nl > 1 && !same) {
    for (int k = 0; k < nl; k++) S_read_bordered_row(d, &lines[k], 1);
    return;
  }
  og_doc_break(d);
  for (int c = 0; c < ncells; c++) {
    og_buf cell;
    og_buf_init(&cell);
    int line = lines[0].line, col = 0;
    for (int k = 0; k < nl; k++) {
      S_split_cells(lines[k].s, lines[k].n, st, en, MAXC);
      size_t a = st[c], b = en[c];
      /* spaces, and underscores: a border drawn under the cell's text ("|___2___|", html2text) */
      while (a < b && (lines[k].s[a] == ' ' || lines[k].s[a] == '\t' || lines[k].s[a] == '_')) a++;
      while (b > a && (lines[k].s[b - 1] == ' ' || lines[k].s[b - 1] == '\t' || lines[k].s[b - 1] == '\r' ||
                       lines[k].s[b - 1] == '_'))
        b--;
      if (b > a && cell.len == 0) {
        line = lines[k].line;
        col = (int)og_utf8_count(lines[k].s, a) + 1;
      }
      og_buf_put(&cell, lines[k].s + a, b - a);
    }
    og_doc_add_cell(d, cell.data ? cell.data : "", cell.len, line, col, -1, -1, c);
    og_buf_free(&cell);
  }
  og_doc_break(d);
}

/* A tab-separated line: leading empty cells are indentation; empty cells after the first are blanks. */
static void S_read_tab_row(og_doc *d, const char *s, size_t n, int line) {
  size_t i = 0;
  int seen = 0, cell = 0;
  og_doc_break(d);
  while (i <= n) {
    size_t e = i;
    while (e < n && s[e] != '\t') e++;
    int empty = 1;
    for (size_t k = i; k < e; k++) if (s[k] != ' ' && s[k] != '\r') empty = 0;
    if (!empty || seen) {
      if (!(empty && e == n)) /* a trailing tab is not a cell */
        og_doc_add_cell(d, s + i, e - i, line, (int)og_utf8_count(s, i) + 1, -1, -1, cell);
      seen = 1;
    }
    cell++;
    i = e + 1;
  }
  og_doc_break(d);
}

static int S_is_bordered(const char *s, size_t n) {
  size_t k = 0, l;
  while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
  return k < n && S_sep_at(s, n, k, &l);
}

/* The line's last character other than spaces is a bar. */
static int S_ends_with_bar(const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
  return n && s[n - 1] == '|';
}

/* A line of Markdown separators alone ("| ", "|  |  | "): how many; 0 for any other line. */
static int S_pipes_only(const char *s, size_t n) {
  int pipes = 0;
  for (size_t k = 0; k < n; k++) {
    if (s[k] == '|') pipes++;
    else if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') return 0;
  }
  return pipes;
}

/* A grid table's rule: dashes or equals signs between "+" joints ("+-----+=====+"). */
static int S_is_grid_rule(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && s[k] == ' ') k++;
  return k < n && s[k] == '+' && memchr(s + k + 1, '+', n - k - 1) != NULL;
}

/* A line of whitespace only. */
static int S_is_blank_line(const char *s, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') return 0;
  return 1;
}

/* A line of one tab (and maybe spaces after it), nothing else. */
static int S_is_indent_only(const char *s, size_t n) {
  if (n == 0 || s[0] != '\t') return 0;
  for (size_t k = 1; k < n; k++)
    if (s[k] != ' ') return 0;
  return 1;
}

/* The text's lines, and which are page furniture: a page number a PDF's text prints between two pages
 * ("- 3 -", "第3页 共8页", or a bare "3" as the last line of page 3), and the form feed's own empty line.
 * Furniture is no part of the report: it gives no token, and a table runs on across it. */
typedef struct {
  size_t *start, *end; /* [start, end) without the newline */
  char *skip;          /* furniture */
  int n;
} S_lines;

static int S_blank_line(const char *s, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\f') return 0;
  return 1;
}

/* The offset (page number minus page) the bare numbers at page breaks share: the one seen most, on two
 * pages or more and on at least half the page breaks, no other seen as often; -1 when none. */
static int S_dominant_offset(const int *count, int n, int feeds) {
  int best = -1, tie = 0;
  for (int i = 0; i < n; i++) {
    if (best >= 0 && count[i] == count[best]) tie = 1;
    if (best < 0 || count[i] > count[best]) { best = i; tie = 0; }
  }
  if (best < 0 || tie || count[best] < 2 || 2 * count[best] < feeds) return -1;
  return best;
}

/* A line of one small number and nothing else (a form feed may lead it): its value, else -1. */
static int S_bare_number(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\f')) k++;
  int v = 0, digits = 0;
  for (; k < n && s[k] >= '0' && s[k] <= '9' && digits < 4; k++, digits++) v = v * 10 + (s[k] - '0');
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')) k++;
  return digits > 0 && digits <= 3 && k == n ? v : -1;
}

static void S_lines_build(S_lines *L, const char *text, size_t len) {
  int cap = 64;
  L->n = 0;
  L->start = og_xmalloc(sizeof(size_t) * (size_t)cap);
  L->end = og_xmalloc(sizeof(size_t) * (size_t)cap);
  for (size_t i = 0; i <= len;) {
    size_t e = i;
    while (e < len && text[e] != '\n') e++;
    if (L->n == cap) {
      cap *= 2;
      L->start = og_xrealloc(L->start, sizeof(size_t) * (size_t)cap);
      L->end = og_xrealloc(L->end, sizeof(size_t) * (size_t)cap);
    }
    L->start[L->n] = i;
    L->end[L->n++] = e;
    if (e >= len) break;
    i = e + 1;
  }
  L->skip = og_xcalloc((size_t)L->n + 1, 1);
  int *page = og_xmalloc(sizeof(int) * ((size_t)L->n + 1)), pg = 1, feeds = 0;
  for (int l = 0; l < L->n; l++) {
    const char *p = text + L->start[l];
    size_t n = L->end[l] - L->start[l];
    for (size_t k = 0; k < n; k++)
      if (p[k] == '\f') {
        pg++;
        feeds++;
      }
    page[l] = pg;
    if (og_is_page_number(p, n)) L->skip[l] = 1;
    else if (memchr(p, '\f', n) && S_blank_line(p, n)) L->skip[l] = 1;
  }
  /* bare numbers: the last line before a page break, or the first after it, whose value is the page's
   * number with one offset (the cover may go unnumbered), S_dominant_offset's */
  enum { S_OFFSETS = 5 };
  int count[S_OFFSETS] = {0};
  signed char *offset = og_xmalloc((size_t)L->n + 1); /* per line: its offset, or -1 */
  for (int l = 0; l < L->n; l++) {
    offset[l] = -1;
    if (!feeds) continue;
    const char *p = text + L->start[l];
    size_t n = L->end[l] - L->start[l];
    int v = S_bare_number(p, n);
    if (v < 0) continue;
    int next = l + 1, prev = l - 1;
    while (next < L->n && S_blank_line(text + L->start[next], L->end[next] - L->start[next]) &&
           !memchr(text + L->start[next], '\f', L->end[next] - L->start[next]))
      next++;
    while (prev >= 0 && S_blank_line(text + L->start[prev], L->end[prev] - L->start[prev]) &&
           !memchr(text + L->start[prev], '\f', L->end[prev] - L->start[prev]))
      prev--;
    int page_end = next < L->n && text[L->start[next]] == '\f';
    int page_start = memchr(p, '\f', n) != NULL || (prev >= 0 && L->skip[prev] && memchr(text + L->start[prev], '\f', L->end[prev] - L->start[prev]));
    if (!page_end && !page_start) continue;
    int off = v - page[l] + S_OFFSETS / 2;
    if (off < 0 || off >= S_OFFSETS) continue;
    offset[l] = (signed char)off;
    count[off]++;
  }
  int best = S_dominant_offset(count, S_OFFSETS, feeds);
  for (int l = 0; l < L->n; l++)
    if (best >= 0 && offset[l] == best) L->skip[l] = 1;
  free(offset);
  free(page);
}

static void S_lines_free(S_lines *L) {
  free(L->start);
  free(L->end);
  free(L->skip);
}

/* Line l's neighbour before (dir -1) or after (dir 1), furniture passed over, is a tab-indented cell, or
 * another indentation-only line. */
static int S_is_indented_cell(const S_lines *L, const char *text, int l, int dir) {
  int k = l + dir;
  while (k >= 0 && k < L->n && L->skip[k]) k += dir;
  if (k < 0 || k >= L->n) return 0;
  size_t s = L->start[k], e = L->end[k];
  return s < e && text[s] == '\t' && (s + 1 >= e || text[s + 1] != '\t');
}

/* Appends the line s (n bytes, source line `line`) to a growing buffer of row lines. */
static void S_push_rowline(S_rowline **v, int *nv, int *cap, const char *s, size_t n, int line) {
  if (*nv == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *v = og_xrealloc(*v, sizeof **v * (size_t)*cap);
  }
  (*v)[*nv].s = s;
  (*v)[*nv].n = n;
  (*v)[*nv].line = line;
  (*nv)++;
}

/* A simple table's rule (pandoc's plain text and other text dumps: a dashed line under the header, a run
 * of three dashes or more over each column, spaces between): the runs' display starts in start[]; returns
 * their count, 0 for any other line (fewer than two runs). */
static int S_simple_rule(const char *s, size_t n, int *start, int max) {
  int runs = 0, run = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '-') {
      if (run == 0) {
        if (runs == max) return 0;
        start[runs] = (int)i;
      }
      run++;
      continue;
    }
    if (s[i] != ' ' && s[i] != '\r') return 0;
    if (run) {
      if (run < 3) return 0;
      runs++;
      run = 0;
    }
  }
  if (run) {
    if (run < 3) return 0;
    runs++;
  }
  return runs >= 2 ? runs : 0;
}

/* A row of a simple table: the text of line s cut at the columns' display starts start[0..k) (CJK = 2), each
 * piece one cell, spaces and no-break spaces around it trimmed. *width: the cells of the table's header (its
 * last line without digits and with two or more cells; rows keep that many cells, so that an empty cell
 * within is a blank and the columns a narrower sub-table's header leaves out are no cells). */
static void S_read_simple_row(og_doc *d, const char *s, size_t n, int line, const int *start, int k, int *width) {
  enum { MAXC = 64 };
  size_t a[MAXC], e[MAXC];
  int col0[MAXC], ne = 0, digits = 0;
  for (int c = 0; c < k; c++) { a[c] = e[c] = (size_t)-1; col0[c] = 0; }
  int disp = 0, cp = 0;
  for (size_t i = 0; i < n;) {
    int32_t u;
    int len = og_utf8_next(s + i, n - i, &u);
    if (len <= 0) break;
    if (!og_is_space_cp(u)) {
      int c = 0;
      while (c + 1 < k && start[c + 1] <= disp) c++;
      if (a[c] == (size_t)-1) { a[c] = i; col0[c] = cp + 1; }
      e[c] = i + (size_t)len;
      digits |= u >= '0' && u <= '9';
    }
    disp += og_cp_width(u);
    cp++;
    i += (size_t)len;
  }
  int filled = 0;
  for (int c = 0; c < k; c++)
    if (a[c] != (size_t)-1) { ne = c + 1; filled++; }
  if (!digits && filled >= 2) *width = ne;
  int cells = *width > ne ? *width : ne;
  og_doc_add_line(d, s, n, line);
  og_doc_break(d);
  for (int c = 0; c < cells && c < k; c++) {
    if (a[c] == (size_t)-1) og_doc_add_cell(d, "", 0, line, 1, -1, -1, c);
    else og_doc_add_cell(d, s + a[c], e[c] - a[c], line, col0[c], -1, -1, c);
  }
  og_doc_break(d);
}

void og_read_text(og_doc *d, const char *text, size_t len) {
  og_read_text_from(d, text, len, 1);
  og_doc_drop_label_blanks(d);
}

void og_read_text_from(og_doc *d, const char *text, size_t len, int first_line) {
  S_lines L;
  S_lines_build(&L, text, len);
  int line = first_line;
  S_rowline *block = NULL, *grid = NULL;
  int nblock = 0, capblock = 0, ngrid = 0, capgrid = 0, in_grid = 0, pipe_open = 0, loose = 0;
  int open_cell = 0, open_cell_next = 0; /* a cell left open by a line ending in a bar: lines it may go on */
  size_t pipe_ntok = 0;
  int simple[64], nsimple = 0, simple_width = 0; /* a simple table's columns, from its rule on */
  for (int l = 0; l <= L.n; l++, line++) {
    if (og_doc_full(d)) break; /* the deadline, or the token limit: the rest is not read */
    size_t i = l < L.n ? L.start[l] : len, e = l < L.n ? L.end[l] : len;
    size_t n = e - i;
    if (n && text[i + n - 1] == '\r') n--;
    const char *s = text + i;
    int at_end = l == L.n || i >= len;
    /* (a line with text ending in a bar, not starting with one, leaves its last cell open over the next few
     * lines, a paragraph each, up to one that starts with a bar) */
    open_cell = open_cell_next > 0;
    if (!at_end && n && !S_is_blank_line(s, n)) {
      if (S_ends_with_bar(s, n) && !S_is_bordered(s, n)) open_cell_next = 6;
      else if (S_is_bordered(s, n)) open_cell_next = 0;
      else if (open_cell_next > 0) open_cell_next--;
    }
    if (!at_end && L.skip[l]) { /* page furniture: kept as a line, read as nothing */
      og_doc_add_line(d, s, n, line);
      continue;
    }
    int blank_line = !at_end && (n == 0 || S_is_blank_line(s, n));
    /* a simple table (pandoc's plain text): from its dashed rule to an empty line, each line cut at the
     * rule's columns */
    if (blank_line) nsimple = 0;
    int srule = at_end ? 0 : S_simple_rule(s, n, simple, 64);
    if (srule) {
      nsimple = srule;
      simple_width = 0;
      og_doc_add_line(d, s, n, line);
      og_doc_break(d);
      continue;
    }
    if (nsimple && !at_end && memchr(s, '|', n) == NULL) {
      S_read_simple_row(d, s, n, line, simple, nsimple, &simple_width);
      continue;
    }
    int bordered = !at_end && S_is_bordered(s, n);
    /* a line that starts with a bar but does not close its cells, after a line that left a cell open with a
     * bar at its end (python's html2text, a table without outer bars whose cells hold paragraphs:
     * "行政事业性收费| " / "9" / "| 0"): the row goes on, read as running text (bars separate) */
    if (bordered && open_cell && !S_ends_with_bar(s, n) && !S_is_md_separator(s, n)) bordered = 0;
    int rule = !at_end && (S_is_md_separator(s, n) || S_is_box_rule(s, n));
    int boxed = bordered && !rule && !memchr(s, '|', n); /* box-drawn rows may wrap over lines */
    int pipes = bordered && !rule && !in_grid ? S_pipes_only(s, n) : 0; /* (a grid row's empty line is its cells') */
    int piped = bordered && !rule && !boxed && !pipes;
    /* a pipe table without its outer pipes (GFM allows it; python's html2text prints it: "3 | 1 | 0"), from
     * its rule ("---|---") to the next empty line: a line with a "|" in it is a row */
    if (blank_line) loose = 0;
    int loose_row = loose && !at_end && !bordered && !rule && memchr(s, '|', n) != NULL;
    if (nblock && (!boxed || at_end)) {
      S_read_bordered_row(d, block, nblock);
      nblock = 0;
    }
    /* a grid table (pandoc, +---+ rules between its rows): the lines between two rules are one row, its
     * cells wrapped over them ("2" / ".其他法律" / "行政法规" is one label); lines that no rule closes are rows
     * of their own (a Markdown table) */
    if (ngrid && (!piped || at_end)) {
      if (rule && S_is_grid_rule(s, n)) S_read_bordered_row(d, grid, ngrid);
      else
        for (int k = 0; k < ngrid; k++) S_read_bordered_row(d, &grid[k], 1);
      ngrid = 0;
    }
    if (!at_end && !piped && !rule && !blank_line) in_grid = 0;
    if (at_end) break;
    if (pipes) {
      /* a line of separators alone (a Markdown table whose cells hold paragraphs, one piece a line between
       * the "|" lines): no row ends here; the cells between its separators are empty, and so is a cell
       * between two such lines with nothing in it */
      og_doc_add_line(d, s, n, line);
      int empty = pipes - 1 + (pipe_open && d->ntok == pipe_ntok); /* (a last cell left empty is not seen) */
      for (int k = 0; k < empty; k++) og_doc_add_cell(d, "", 0, line, 1, -1, -1, -1);
      pipe_open = 1;
      pipe_ntok = d->ntok;
      continue;
    }
    if (pipe_open && n && S_is_blank_line(s, n) && d->ntok == pipe_ntok) {
      /* spaces alone after a separator (python's html2text ends each row with two spaces, after its last
       * cell): that cell is empty — the empty lines between pieces are "" */
      og_doc_add_line(d, s, n, line);
      og_doc_add_cell(d, "", 0, line, 1, -1, -1, -1);
      pipe_open = 0;
      continue;
    }
    if (pipe_open && n && !S_is_blank_line(s, n)) pipe_open = 0;
    if (rule) {
      og_doc_add_line(d, s, n, line);
      og_doc_break(d);
      in_grid = S_is_grid_rule(s, n);
      if (!bordered && !in_grid && memchr(s, '|', n)) loose = 1;
    } else if (piped && in_grid) {
      og_doc_add_line(d, s, n, line);
      S_push_rowline(&grid, &ngrid, &capgrid, s, n, line);
    } else if (boxed) {
      og_doc_add_line(d, s, n, line);
      S_push_rowline(&block, &nblock, &capblock, s, n, line);
    } else if (bordered || loose_row) {
      og_doc_add_line(d, s, n, line);
      S_rowline one = {s, n, line};
      S_read_bordered_row(d, &one, 1);
    } else {
      /* tab rows: two or more non-empty tab cells */
      int cells = 0, in = 0;
      for (size_t j = 0; j < n; j++) {
        if (s[j] == '\t') in = 0;
        else if (s[j] != ' ' && !in) { in = 1; cells++; }
      }
      int tabs = memchr(s, '\t', n) != NULL;
      if (S_is_indent_only(s, n) && S_is_indented_cell(&L, text, l, -1) && S_is_indented_cell(&L, text, l, 1)) {
        /* one cell per line, each indented by a tab: a line of the indentation alone is an empty cell */
        og_doc_add_line(d, s, n, line);
        og_doc_add_cell(d, "", 0, line, 2, -1, -1, -1);
      } else if (tabs && cells >= 2 && !og_is_page_number(s, n)) {
        og_doc_add_line(d, s, n, line);
        S_read_tab_row(d, s, n, line);
      } else {
        og_doc_add_text_line(d, s, n, line);
      }
    }
  }
  free(block);
  free(grid);
  S_lines_free(&L);
}
