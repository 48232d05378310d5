/* The report object every stage fills in, in pipeline order: source facts (the driver, pipeline.c), fields
 * (extract.c) and metadata (meta.c), check results (check.c); read by the writers (writer.c). The model's own
 * functions are report.c's. */
#ifndef OGI_REPORT_H
#define OGI_REPORT_H
#include "ogi.h"
#include "rules.h"
#include <stddef.h>

typedef struct {
  int present;     /* the field belongs to this report's template */
  int found;       /* a value was placed */
  double value;
  int blank;       /* printed as an empty cell or a blank marker ("-", "/", "无", "不适用": words.tsv): value 0 */
  char *raw;       /* cell text as printed */
  char *label;     /* the row label the value was placed by (normalized), may be NULL */
  int line, col, table, row, cell;
  const char *how; /* "label", "template order", "glued digits", "placed by sums" */
  int by_sums;     /* chosen by the template's sums among the readings the layout allows */
  int reading;     /* its row's line printed fewer numbers than the row has cells (those that printed nothing
                    * vanished), or glued digits: which cell each number stands in is a reading of the
                    * layout (positions, sums), not printed cell by cell */
  int no_sum;      /* not placed: its row's printed numbers add up in no placement the layout allows */
  int no_sum_line, no_sum_col;
  int corrected;      /* replaced by a correction (corrections.h): value is the correction */
  int printed_found;  /* ...and what was read before it: printed_found 0 when nothing was */
  double printed;
  char *correction;   /* the correction's note */
} og_value;

enum { OG_PASS = 0, OG_FAIL = 1, OG_SKIPPED = 2 };
/* "pass", "fail", "skipped" */
const char *og_status_name(int status);

typedef struct {
  char *rule, *subject;
  int status;
  double expected, actual;
  char **fields;
  int nfields;
  int line, col; /* where the printed total is */
  int blank;     /* the printed total (one cell) is blank: read as 0 */
  int unsummable; /* failed although its values are null: no placement of the row's numbers adds up */
  int placed;     /* some of its values were chosen by the sums: its pass is not evidence */
} og_result;

typedef struct {
  char *code, *field, *message;
  int line, col;
} og_warning;

struct ogi_report {
  const ogi_rules *rules;
  int status;
  char *error;
  char *source;
  char sha256[65];
  size_t bytes;
  const char *format;   /* "html", "text", "markdown", "pdf", ... */
  const char *encoding;
  char *agency;
  int year;
  char *published;      /* YYYY-MM-DD */
  const char *tmpl;     /* "2021", "2019", "legacy" */
  int variant;          /* 表三 （六）: 2019 one row, 2021 three rows */
  int without_tables;   /* OGI_ERR_NO_TABLES for a report (a title and the report's sections) that prints no
                           statistics tables: its meta is kept, it has no values */
  og_value *values;      /* one per rules->fields */
  og_result *results;
  int nresults;
  og_warning *warnings;
  int nwarnings;
  double deadline;      /* monotonic seconds after which extraction gives up; 0: none */
  int timed_out;
  struct agency_identity *identity; /* the agency read into region and kind (agency.h); NULL without an agency */
  struct narrative_item *narrative; /* figures the text states, compared with the tables (narrative.h) */
  int nnarrative;
  char *text;           /* decoded source, for diagnostics */
  size_t textlen;
};

/* 1 for an extracted empty form: no agency, no year, every value cell blank (warning all_blank). */
int og_is_blank_form(const ogi_report *r);
/* Why a blank form found in a folder is skipped. */
#define OG_BLANK_FORM_REASON "blank template: no agency, no year, every cell blank"

void og_warn(ogi_report *r, const char *code, const char *field, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
#endif
