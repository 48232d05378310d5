/* Rules, stage 5a: rows matched to the template. The candidates of a document (the text before each run of
 * numbers, and the run), each label's row of rows.tsv; where 表二, 表三 and 表四 start (regions.tsv); the
 * template (2019 or 2021) and 表三's variant the report prints. */
#ifndef OGI_ROWS_H
#define OGI_ROWS_H
#include "extract_int.h"

#ifndef OGI_LABEL_MAX
#define OGI_LABEL_MAX 600 /* bytes of text kept before a run of numbers; the row label is at its end */
#endif
enum { OG_MAX_ROWS_IN = 40 }; /* more than any table's rows */

/* x->c, x->nc: every run of numbers after x->first with the text before it (rows unmatched, -1). */
void og_build_candidates(og_ctx *x);

/* The row whose pattern matches the label last (nearest the numbers); longer match on ties; -1 when none, or
 * when an item's enumerator ("5.") follows that match (the numbers are the next item's). */
int og_match_row(const og_ctx *x, const char *label);

/* The rows whose labels one text prints one after another with no number between, each earlier in the
 * template than the one after; rows of table only (0: any). Fills rows[] in the order printed (at most
 * max, up to OG_MAX_ROWS_IN); their count. */
int og_rows_in(const og_ctx *x, const char *label, int table, int *rows, int max);

/* 1 when text token t matches a pattern of regions.tsv with that key (a table number, OG_REGION_*). */
int og_region_word(const og_ctx *x, int key, const og_token *t);

/* 1 when text token t opens the section after the tables (regions.tsv "after": "五、…", "(五)…"). */
int og_after_tables(const og_ctx *x, const og_token *t);

/* The first token from `from` on that starts table `table`'s region, or OG_NONE. */
size_t og_region_start(const og_ctx *x, int table, size_t from);

/* 1 when any of the national template's labels (templates.tsv) is printed (else, before 2019: legacy). */
int og_has_template_labels(og_ctx *x);

/* The template 表二 prints (OG_TMPL_2019 or OG_TMPL_2021; the year decides a tie). */
int og_detect_template(og_ctx *x);

/* 表三 （六）: OG_TMPL_2021 (three sub-rows) when any of their labels is printed, else OG_TMPL_2019. */
int og_detect_variant(og_ctx *x);
#endif
