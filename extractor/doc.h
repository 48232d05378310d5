/* The document model every layout reader produces and the rule engine reads: a flat stream of tokens
 * (text, number, blank cell, run break) with source positions, plus the document's lines for metadata.
 * Stage 3/4 of the pipeline: layout readers (html.c, text.c) -> tokens -> rules (extract.c). */
#ifndef OGI_DOC_H
#define OGI_DOC_H
#include "util.h"
#include <stddef.h>

typedef enum { OG_TOK_TEXT, OG_TOK_NUM, OG_TOK_BLANK, OG_TOK_BREAK } og_tok_kind;
enum { OG_UNIT_NONE = 0, OG_UNIT_YUAN = 1, OG_UNIT_WAN = 2 };

/* The tokenizer's domain words, from patterns/words.tsv (filled by the rule loader, rules_load.c; the kinds are
 * explained in that file). Words are normalized. Read-only once loaded; a document points to them. */
typedef struct {
  char **w;
  size_t n;
} og_wordlist;
typedef struct {
  int32_t *cp; /* sorted */
  size_t n;
} og_cplist;
typedef struct {
  og_wordlist blank;      /* sorted (strcmp): a cell or lone word that prints only this is a blank */
  og_cplist prose_unit;   /* digits followed by one of these are prose ("2023年", "128条") */
  og_cplist prose_before; /* digits right after one of these are prose ("第3") */
  og_cplist numeral;      /* Chinese numerals: "(三)" after a number is an enumerator, not a note */
  og_cplist date_unit;    /* digits followed by one of these, even after a space, are a date ("2024 年") */
  og_wordlist cell_unit;  /* longest first: a count's unit in a table cell ("5件", "12人次") */
  og_wordlist wan, yuan;  /* longest first: the unit of an amount ("3.5万元", "251000元") */
} og_words;

/* Adds word (normalized here) of kind ("blank", "prose_unit", ...). Returns 0, or -1 with the reason in why. */
int og_words_add(og_words *w, const char *kind, const char *word, char *why, size_t whylen);
/* Sorts the lists for lookup; call once after the last og_words_add. */
void og_words_finish(og_words *w);
void og_words_free(og_words *w);

typedef struct {
  og_tok_kind kind;
  char *text;     /* normalized; TEXT without whitespace; NUM the digits as printed ("-7", "7730.28") */
  char *raw;      /* the source text of the cell or word, trimmed */
  double value;   /* NUM */
  int ndigits;    /* NUM: digits before the decimal point */
  int decimal;    /* NUM has a fraction */
  int glued;      /* NUM touched text in the same word (no separator) */
  int annotated;  /* NUM: a cell printing a note after its number ("22（其中修订16件）"); the number is the value */
  int unit;       /* OG_UNIT_* printed after the number */
  int line, col;  /* 1-based, in the decoded source; col 0 when unknown */
  int table, row, cell; /* HTML: table number, grid row, grid column (0-based); -1 in text */
} og_token;

typedef struct {
  char *text; /* normalized, whitespace runs as one space */
  int line;
} og_line;

typedef struct og_chunk og_chunk; /* token strings live in chunks freed with the document */

typedef struct {
  og_token *tok;
  size_t ntok, captok;
  og_chunk *chunks;
  og_buf scratch;        /* working buffers for the readers */
  og_buf word;
  og_buf cell_norm, cell_word; /* og_doc_add_cell's normalized cell and its text without spaces, reused */
  const og_words *words; /* the domain words (blank markers, units), set by the driver; NULL: none */
  /* limits, set by the driver before a layout reader runs */
  int max_depth;
  long max_cells, cells;
  size_t max_tokens;    /* tokens kept per document; the rest is left out (truncated); 0: no limit */
  double deadline;      /* monotonic seconds; 0: none */
  int truncated;        /* 1: cells beyond max_cells were left out; 2: tokens or lines beyond max_tokens */
  int timed_out;
  og_line *lines;
  size_t nlines, caplines;
  size_t tables;
  /* HTML: the text of the page's first <title> and of its <h1> headings (one heading a line), normalized,
   * owned by the document; NULL when absent. Title sources for the metadata (meta.c). */
  const char *html_title, *html_h1;
} og_doc;

void og_doc_init(og_doc *d);
/* A copy of s[0..n) owned by the document (freed by og_doc_free). */
char *og_doc_strndup(og_doc *d, const char *s, size_t n);
void og_doc_free(og_doc *d);
/* Monotonic clock in seconds. */
double og_now(void);
/* 1 when the document's deadline has passed (checked cheaply: the clock is read every 256 calls). */
int og_doc_late(og_doc *d);
/* The same, reading the clock every time (for callers between large pieces of work). */
int og_doc_late_now(og_doc *d);
/* 1 when the reader should stop: the deadline passed, or the document holds max_tokens tokens or lines (then
 * it is marked truncated). Readers call it per line or cell; the tokenizer per word. */
int og_doc_full(og_doc *d);
void og_doc_break(og_doc *d);
void og_doc_add_line(og_doc *d, const char *raw, size_t len, int line);
/* One structured cell (HTML td, Markdown or tab cell): empty -> blank; a blank marker of the words ("-",
 * "/", "无", "不适用", ...) -> blank; a count with a cell unit ("5件") -> that number; otherwise its words. */
void og_doc_add_cell(og_doc *d, const char *raw, size_t len, int line, int col, int table, int row, int cell);
/* A table's label columns hold no values: the empty cells a grid keeps there when its spans were flattened
 * (pandoc's Markdown, a page exported cell by cell: "| 三、本年度办理结果 | （一）予以公开 | | 258 |") are
 * taken out of the token stream. Readers call it once, when the document is read. */
void og_doc_drop_label_blanks(og_doc *d);
/* One line of running text: its words; a line holding two or more numbers is a table row, so it is
 * fenced by run breaks. Also records the line for metadata. */
void og_doc_add_text_line(og_doc *d, const char *raw, size_t len, int line);
/* A line that is only a page number ("-3-", "- 3 -", "第3页"). */
int og_is_page_number(const char *raw, size_t len);
/* Parses a whole normalized word as a number: "1,234", "-7", "7730.28", and with words "251000元", "3.5万元".
 * Returns 1 and fills value/digits/decimal/unit, or 0. words may be NULL (no units). */
int og_parse_number(const og_words *words, const char *s, double *value, int *ndigits, int *decimal, int *unit);
/* A word of the blank list (words may be NULL: none). */
int og_is_blank_marker(const og_words *words, const char *normalized_no_ws);
#endif
