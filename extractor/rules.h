/* Stage 5 data: the rule files in patterns/ (row labels, template signatures, table regions, the field
 * schema and the 勾稽 identities), loaded and compiled once (rules_load.c), looked up by every later stage
 * (rules.c). Read-only after loading; share across threads. */
#ifndef OGI_RULES_H
#define OGI_RULES_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include "doc.h"
#include "ogi.h"

enum { OG_TMPL_ALL = 0, OG_TMPL_BOTH = 1, OG_TMPL_2019 = 2019, OG_TMPL_2021 = 2021 };

/* The most values a row of rows.tsv may have (the placing code holds a row in arrays of this size). */
#define OGI_ROW_MAX 16

typedef struct {
  char *id;        /* "t3.granted", "t2.regulations", "t4" */
  int table;       /* 2, 3, 4 */
  int tmpl;        /* OG_TMPL_*: for t2 the template, for t3 the （六） variant (2019 one row, 2021 three) */
  int nvalues;
  int *fields;     /* field index of each value */
  pcre2_code *re;
  int order;       /* position among the rows of its table, in file order */
  int line;        /* line in rows.tsv */
} og_rowdef;

/* A pattern with a number: a template signature (templates.tsv: the template) or a table start
 * (regions.tsv: the table, 2..4; OG_REGION_AFTER: the section after the tables; OG_REGION_T4_HEADER: words of
 * 表四's own header, not of its section's heading). */
enum { OG_REGION_AFTER = 5, OG_REGION_T4_HEADER = 6, OG_REGION_T4_TITLE = 7, OG_REGION_T3_HEADER = 8 };
typedef struct {
  int key;
  pcre2_code *re;
} og_keyed_re;

/* The words and numbers of meta.tsv (its kinds that are not patterns), for the metadata reader (meta.c) and
 * the driver: the Chinese numerals and marks of years and dates, what is stripped around a title's agency
 * name, the words that start attachments, the words a line must hold to be matched against a pattern, the
 * years a date may name and the first year of the national templates. Words are normalized. */
typedef struct {
  int32_t *digit_cp; /* one character each ("〇", "二", "O"), its value digit_value (0..9) */
  int *digit_value;
  size_t ndigits;
  int32_t ten;         /* "十" in a date's month or day ("十二月", "二十日"); 0: none */
  int32_t first_month; /* a month written with this character is January ("元月"); 0: none */
  og_wordlist agency_front, agency_back; /* removed from the start / end of a title's agency ("关于", "《") */
  og_wordlist attachment;     /* after a signed date on its line, the attachments start ("附件") */
  og_wordlist published_word; /* a line is tried against the published pattern when it holds one ("日期") */
  og_wordlist title_word, closing_word, period_word; /* the same for title, closing and period */
  char *date_mark[3]; /* the marks after a date's year, month and day ("年", "月", "日") */
  int date_year_min, date_year_max; /* the years a signed or printed date may name */
  int template_year;  /* the first report year of the national templates: an earlier report is legacy */
  int template_2021_year; /* the first report year of the 2021 template (years before it: 2019's, on a tie) */
} og_meta_words;

/* The Chinese numeral cp's value in w (0..9), or -1. */
int og_meta_digit(const og_meta_words *w, int32_t cp);

typedef struct {
  char *id;       /* full field id: "t3.granted.natural" */
  char *row;      /* the row or group it belongs to: "t3.granted" */
  char *label;    /* label as printed, from fields.tsv */
  int in2019, in2021;
  int table;      /* 0 meta, 2, 3, 4 */
  int is_signed, is_decimal;
  int variant;    /* 表三 rows of one （六） variant only: 2019 (one row) or 2021 (three); 0 for all */
  int nfloor;     /* how many of domain.row_floor's suffixes the id ends with (checks.tsv) */
} og_field;

typedef struct {
  char *rule;
  char **subjects;
  int nsubjects;
  int subject_is_column; /* subject names a column (natural...) rather than a row id */
  char **lhs, **rhs;     /* term templates with {s} */
  int nlhs, nrhs;
  int *lhs_field, *rhs_field; /* field index of term t for subject s at [s * nlhs + t] (-1: unknown id) */
} og_check;

struct ogi_rules {
  og_rowdef *rows;
  int nrows;
  og_keyed_re *sigs;
  int nsigs;
  og_keyed_re *regions;
  int nregions;
  og_keyed_re *colwords; /* columns.tsv: 表三's header words, key = column 1..7 */
  int ncolwords;
  og_field *fields;
  int nfields;
  int *field_slot; /* open-addressing index of fields by id: field index + 1, 0 empty */
  int nfield_slots; /* a power of two, more than twice nfields */
  og_check *checks;
  int nchecks;
  pcre2_code *meta_title, *meta_period, *meta_published; /* meta.tsv */
  pcre2_code *meta_chrome; /* meta.tsv: site chrome glued before an agency name (optional) */
  pcre2_code **meta_sections; /* meta.tsv: headings of the report's body (optional) */
  int nsections;
  pcre2_code *meta_partial; /* meta.tsv: an agency naming only the kind of body, its start wrapped above (optional) */
  pcre2_code *meta_closing; /* meta.tsv: the heading of the last section, before the signature (optional) */
  og_meta_words meta_words;  /* meta.tsv: its words and numbers */
  char **floor_suffixes; /* domain.row_floor: values of one row with these endings add up to >= 0 */
  int nfloor;
  og_words words; /* words.tsv: blank markers and units, for the tokenizer (og_doc.words) */
  struct agency_rules *agency;          /* divisions.tsv + agency.tsv (agency.h) */
  struct indicator_def *indicators;     /* indicators.tsv (indicators.h) */
  int nindicators;
  struct narrative_rule *narrative;     /* narrative.tsv (narrative.h) */
  int nnarrative;
  char *dir;
};

/* columns.tsv's value names; the key of a value name (og_column_names' index + 1), or 0; the key of a field's
 * value name (its last part: "natural", "issued"), or 0. */
extern const char *const og_column_names[];
int og_column_key(const char *name);
int og_column_key_of_field(const char *field_id);
/* Index of a field id, or -1. */
int og_field_index(const ogi_rules *r, const char *id);
/* Adds field fi, just appended to r->fields, to the index og_field_index reads (for the loader). */
void og_field_index_add(ogi_rules *r, int fi);
/* Match data for og_re_*: one per extraction (not shared between threads). */
#define OG_MATCH_PAIRS 16
/* Last match of re in s: sets *start and *end (byte offsets) and returns 1, or 0. */
int og_re_last_match(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t len, size_t *start, size_t *end);
int og_re_search(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t len);
/* pat compiled (UTF-8, JIT when available); NULL with "FILE:LINE: bad pattern at offset N: why" in err. */
pcre2_code *og_re_compile(const char *pat, const char *file, int line, char *err, size_t errlen);
#endif
