/* ogi — extract the statistics of Chinese government information-disclosure annual reports
 * (政府信息公开工作年度报告) into checked data.
 *
 * One public header. Every function that returns memory says who frees it; the rule is: strings from
 * ogi_render_* are freed with ogi_free(), objects with their own _free(&p), which sets p to NULL.
 * A loaded ogi_rules is read-only and may be shared by threads; each ogi_report belongs to one thread.
 * Load the rules before starting threads: loading also initializes libxml2's global state. */
#ifndef OGI_H
#define OGI_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define OGI_EXPORT
#else
#define OGI_EXPORT __attribute__((visibility("default")))
#endif

/* OGI_VERSION_MAJOR, _MINOR, _PATCH, OGI_VERSION_STRING and OGI_VERSION (0xMMmmpp): generated from CMake's
 * project() into ogi_version.h, installed next to this header. ogi_version() is the library's at run time. */
#include "ogi_version.h"

typedef struct ogi_rules ogi_rules;
typedef struct ogi_report ogi_report;
typedef struct ogi_corrections ogi_corrections;

/* Status codes. Library calls return OGI_OK or one of the negative codes; ogi_errmsg() names them. */
typedef enum {
  OGI_OK = 0,
  OGI_ERR_IO = -1,          /* the file could not be read */
  OGI_ERR_RULES = -2,       /* pattern files missing or invalid */
  OGI_ERR_EMPTY = -3,       /* the file is empty */
  OGI_ERR_BINARY = -4,      /* not a text document (image, archive, executable...) */
  OGI_ERR_UNSUPPORTED = -5, /* a format that cannot be read: an old binary .doc, a scanned PDF (no text layer) */
  OGI_ERR_NO_TABLES = -6,   /* no statistics tables found, and not recognizable as a pre-2019 report. A report
                               that prints none (a title with its year, and the report's section headings) keeps
                               its meta (ogi_report_agency, _year, _published, _template); any other file has none */
  OGI_ERR_TOO_LARGE = -7,   /* larger than the size limit */
  OGI_ERR_TIMEOUT = -8,     /* took longer than the time limit */
  OGI_ERR_DATASET = -9,     /* compare, report: the file is not an ogi dataset of layout version 2 or later */
  OGI_ERR_ARG = -10         /* compare, report: an unknown --by, format or metric (the message lists the valid) */
} ogi_status;

OGI_EXPORT const char *ogi_version(void);
OGI_EXPORT const char *ogi_errmsg(int status);

/* Loads the rule files (rows.tsv, templates.tsv, regions.tsv, checks.tsv, fields.tsv, ..., divisions.tsv,
 * agency.tsv, indicators.tsv, narrative.tsv) from dir; with
 * dir NULL, from $OGI_PATTERNS, then the installed data directory, then the source tree. On failure,
 * returns OGI_ERR_RULES and writes a message naming file and line into err. */
OGI_EXPORT int ogi_rules_load(const char *dir, ogi_rules **out, char *err, size_t errlen);
OGI_EXPORT void ogi_rules_free(ogi_rules **rules);
/* Directory the rules were loaded from (owned by rules). */
OGI_EXPORT const char *ogi_rules_dir(const ogi_rules *rules);

/* Limits for one input; a zero field takes its default. */
typedef struct {
  size_t max_bytes;    /* larger files are refused (default 64 MiB) */
  int max_depth;       /* markup nested deeper is read as plain text (default 256) */
  long max_cells;      /* table cells read per document; the rest is left out with a warning (default 200000) */
  double max_seconds;  /* a file still being read after this long is given up (default 30) */
} ogi_limits;
#define OGI_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define OGI_DEFAULT_MAX_DEPTH 256
#define OGI_DEFAULT_MAX_CELLS 200000L
#define OGI_DEFAULT_MAX_SECONDS 30.0

/* Extracts one report from bytes. source names it in messages and output. Always sets *out (free it
 * with ogi_report_free) unless out is NULL; on failure the report carries the error (ogi_report_error)
 * and the return value is the negative status. */
OGI_EXPORT int ogi_extract(const ogi_rules *rules, const char *source, const unsigned char *bytes, size_t len,
                           ogi_report **out);
/* The same with limits (NULL: the defaults). */
OGI_EXPORT int ogi_extract_limited(const ogi_rules *rules, const ogi_limits *limits, const char *source,
                                   const unsigned char *bytes, size_t len, ogi_report **out);
/* Corrections as data (docs/output.md, "Corrections"): a TSV file, one correction a line — the report's
 * sha256 (64 lowercase hex digits) or its path (as ogi names it: given on the command line or found in a
 * folder), TAB the field id (patterns/fields.tsv, a table field), TAB the value (a number; a whole number for
 * a count), TAB a note (why: "printed 12, the sum of the row says 21"); blank lines and lines starting with #
 * are left out. ogi_corrections_load returns OGI_OK, OGI_ERR_IO (the file cannot be read), or OGI_ERR_RULES
 * for a bad line, with "file:line: ..." in err. Free with ogi_corrections_free. */
OGI_EXPORT int ogi_corrections_load(const ogi_rules *rules, const char *path, ogi_corrections **out, char *err,
                                    size_t errlen);
OGI_EXPORT void ogi_corrections_free(ogi_corrections **corrections);
/* How many corrections, and the i-th one's key (sha256 or path), field id and line in the file (owned by
 * corrections); ogi_correction_at returns 0 when i is out of range. */
OGI_EXPORT int ogi_corrections_count(const ogi_corrections *corrections);
OGI_EXPORT int ogi_correction_at(const ogi_corrections *corrections, int i, const char **key, const char **field,
                                 int *line);
/* ogi_extract_limited with corrections (NULL: none): each correction whose key is the report's sha256 or source
 * replaces the field's value after the values are placed and before the checks run (the checks see the
 * corrected values); the warning `corrected` names each one, and ogi_report_correction gives what was printed.
 * A correction of a field the report's template does not have is not applied (a warning `corrected` says so). */
OGI_EXPORT int ogi_extract_corrected(const ogi_rules *rules, const ogi_limits *limits,
                                     const ogi_corrections *corrections, const char *source,
                                     const unsigned char *bytes, size_t len, ogi_report **out);
/* Whether a field's value is a correction: 0 not corrected; 1 corrected, *printed (may be NULL) the value read
 * from the report; 2 corrected where nothing was read (*printed not set); -1 not a field of the report's
 * template. *note (may be NULL) is the correction's note, owned by report. */
OGI_EXPORT int ogi_report_correction(const ogi_report *report, const char *field_id, double *printed,
                                     const char **note);
/* Reads path ("-" is standard input) and extracts it, within limits (NULL: the defaults). */
OGI_EXPORT int ogi_extract_file(const ogi_rules *rules, const ogi_limits *limits, const char *path, ogi_report **out);
OGI_EXPORT void ogi_report_free(ogi_report **report);

OGI_EXPORT int ogi_report_status(const ogi_report *report);
/* One-line message for a failed extraction, naming the file; NULL when it succeeded. Owned by report. */
OGI_EXPORT const char *ogi_report_error(const ogi_report *report);
/* Checks (identity x subject, and domain rules) that failed, and those that could not run because a value
 * they need is null (not found): a report with skipped checks has not been shown to add up. */
OGI_EXPORT int ogi_report_failed_checks(const ogi_report *report);
OGI_EXPORT int ogi_report_skipped_checks(const ogi_report *report);
OGI_EXPORT int ogi_report_warning_count(const ogi_report *report);
/* Metadata; strings owned by report, NULL when unknown. year is 0 when unknown. */
OGI_EXPORT const char *ogi_report_agency(const ogi_report *report);
OGI_EXPORT int ogi_report_year(const ogi_report *report);
OGI_EXPORT const char *ogi_report_published(const ogi_report *report);
OGI_EXPORT const char *ogi_report_template(const ogi_report *report);
/* A field's value: returns 1 and sets *value when printed, 0 when the report should have it but it was
 * not found (null), -1 when the report's template has no such field or the id is unknown. */
OGI_EXPORT int ogi_report_value(const ogi_report *report, const char *field_id, double *value);

/* Indicators (docs/indicators.md, patterns/indicators.tsv): figures computed from the report's values, such
 * as "received", "handled", "grant_rate", "reviews". Returns 1 and sets *value; 0 when a value it needs is
 * null or its denominator is 0; -1 when the name is unknown or the report's template does not define it. */
OGI_EXPORT int ogi_report_indicator(const ogi_report *report, const char *name, double *value);
/* The indicator names, in patterns/indicators.tsv order (each once): i from 0 to ogi_indicator_count() - 1;
 * NULL out of range. Owned by rules. */
OGI_EXPORT int ogi_indicator_count(const ogi_rules *rules);
OGI_EXPORT const char *ogi_indicator_name(const ogi_rules *rules, int i);
/* The agency's identity (docs/output.md, "agency_identity"): key is "name" (normalized), "region_code"
 * (GB/T 2260), "region_name", "level" (省/市/县/乡), "kind" (人民政府/办公室/部门), "note" or "unresolved" (the
 * reason no region was given). NULL when unknown or not applicable. Owned by report. */
OGI_EXPORT const char *ogi_report_identity(const ogi_report *report, const char *key);

/* How many fields the report's template has, and how many of them hold a value. */
OGI_EXPORT void ogi_report_counts(const ogi_report *report, int *fields, int *found);

/* Renderers; each returns a string the caller frees with ogi_free. */
OGI_EXPORT char *ogi_render_json(const ogi_report *report, int pretty);
OGI_EXPORT char *ogi_render_csv_header(const ogi_rules *rules);
OGI_EXPORT char *ogi_render_csv_row(const ogi_report *report);
/* The same with options: OGI_CSV_EXCEL guards text cells that Excel would run as a formula (starting with
 * = + - @, a tab or CR, and not a number) with a leading apostrophe. */
#define OGI_CSV_EXCEL 1
OGI_EXPORT char *ogi_render_csv_row_opts(const ogi_report *report, int flags);
/* Compiler-style diagnostics: "file:line:col: rule subject: expected X, printed Y", the source line and
 * a caret, one per failed check; then "file: note: N checks not run: a value they need was not found" when
 * some could not run; then one per warning. */
OGI_EXPORT char *ogi_render_diagnostics(const ogi_report *report);
/* The field schema as TSV: id, template, table, label. */
OGI_EXPORT char *ogi_render_fields(const ogi_rules *rules);
/* Bulk extraction of files and folders (walked recursively) into one dataset. */
/* A message the library has for the user: the CLI prints it; a program may show it or drop it. */
typedef enum {
  OGI_MSG_ERROR = 1,   /* a file that could not be extracted, or a folder that could not be read: one line */
  OGI_MSG_PROGRESS = 2, /* batch progress: done of total files (text is a one-line summary, no terminal codes) */
  OGI_MSG_NOTE = 3      /* a note, one line: a correction that matched no input, or one for a file the dataset
                           already holds (not extracted again, so not applied now) */
} ogi_message_kind;
typedef struct {
  int kind;            /* ogi_message_kind */
  const char *path;    /* the file or folder it is about, NULL for progress */
  const char *text;    /* one line without a newline, naming the file; owned by the library */
  long done, total, failed; /* progress: files written, found, failed so far */
  double seconds;      /* progress: since the batch started */
} ogi_message;
typedef void (*ogi_message_fn)(void *data, const ogi_message *msg);
/* Called for every input in input order (from one thread): status is "ok", "skipped" (not a report, found in
 * a folder), "no_tables", "error" or "stored" (already in the dataset: report is NULL); named is 1 for an
 * input named in inputs, 0 for one found in a folder. report is only valid during the call. */
typedef void (*ogi_report_fn)(void *data, const ogi_report *report, const char *path, const char *status, int named);

#define OGI_MAX_WALK_DEPTH 64

typedef struct {
  int jobs;            /* worker threads; 0: one per core. The dataset is the same for any number. */
  int force;           /* re-extract files the SQLite dataset already holds */
  int progress;        /* -1: a progress line on stderr when it is a terminal; 0: none; 1: always */
  int excel;           /* CSV: start with a UTF-8 BOM so that Excel shows the Chinese text */
  ogi_limits limits;   /* per file */
  const char *output;  /* the dataset file; "-" or NULL: standard output (CSV and JSONL only) */
  const char *format;  /* "sqlite", "csv", "jsonl", or "none" (no dataset: only on_report); NULL: from the
                          output's extension (.db .sqlite .sqlite3 .csv .jsonl .json), else SQLite */
  /* Zero-filled, the fields below keep the defaults (ogi_batch_options_init() zero-fills and sets progress -1). */
  int hidden;          /* walk into hidden files and folders (name starting with '.'); default: left out, counted */
  const char *const *include; /* fnmatch(3) globs: a file found in a folder is read only when its name (or, for */
  int ninclude;                /* a glob with '/', its path) matches one of include (none: every file) */
  const char *const *exclude; /* ...and none of exclude; a folder whose name matches exclude is not entered */
  int nexclude;
  const char *label;   /* the name standard input ("-") has in messages and output; NULL: "-" */
  ogi_message_fn message; /* errors and progress; NULL: written to stderr, as before */
  void *message_data;
  ogi_report_fn on_report; /* every input's outcome, in input order; NULL: none */
  void *report_data;
  const ogi_corrections *corrections; /* applied to every file extracted (ogi_extract_corrected); NULL: none. A
                          correction that matches no input is a note (OGI_MSG_NOTE) at the end of the batch */
  int rehash; /* read and hash every file again, also those whose size, mtime, device and inode are those of a
                 stored file (a re-run skips them unread); 0: the default */
} ogi_batch_options;

/* Sets the defaults: every core, progress on a terminal, SQLite from the output's extension, limits default. */
OGI_EXPORT void ogi_batch_options_init(ogi_batch_options *opt);
/* The format ogi_batch writes for opt: "sqlite", "csv", "jsonl" or "none"; NULL when output names a file
 * whose extension is none of those (.xlsx, .txt...) and no format is given. */
OGI_EXPORT const char *ogi_batch_format(const ogi_batch_options *opt);

typedef struct {
  long files;              /* files found */
  long reports;            /* extracted now */
  long template_2021, template_2019, legacy;
  long with_failed_checks;
  long already_stored;     /* skipped: the dataset already holds this path with this content */
  long skipped;            /* found in a folder but not a report: */
  long skipped_binary, skipped_unsupported, skipped_no_tables;
  long failed;             /* unreadable files or folders, and named files that are not reports */
  long symlinked_folders;  /* not followed */
  double seconds;
  long with_skipped_checks; /* extracted reports where some check could not run (a value it needs is null) */
  long checks_skipped;      /* how many checks could not run, in all of them */
  long no_tables;           /* reports that print no statistics tables: recorded with their meta, no values */
  long skipped_blank;       /* skipped: a blank template found in a folder (no agency, no year, every cell blank) */
  long stored;              /* files written to the output in this run (SQLite: committed) */
  long not_stored;          /* files of this run that are not in the output: a report whose rows could not be
                               written (rolled back whole, also counted in failed), and when the output cannot be
                               written any more (the batch stops), every file not stored */
  /* left out by the folder walk, never read (not counted in files): */
  long walk_links;          /* symbolic links (to files or folders): not followed, like find without -L */
  long walk_hidden;         /* hidden files and folders (name starting with '.'), unless hidden is set */
  long walk_excluded;       /* files left out by include/exclude */
  long walk_deep;           /* folders nested deeper than OGI_MAX_WALK_DEPTH */
  long values, values_found; /* in the extracted reports: the fields of their templates, and those with a value */
  long cross_year_warnings; /* SQLite: rows of the dataset's cross_checks table after this run (consecutive years
                               of one agency that do not agree: patterns/cross_checks.tsv, docs/dataset.md) */
} ogi_batch_stats;

/* Extracts every input (files, or folders walked recursively as opt says; a file's format is read from its
 * content; messages go to opt->message, each input's report to opt->on_report)
 * into opt->output. Files found in a folder that are not reports (binary, PDF/Word that cannot be read, pages
 * and notes without tables, blank templates) are recorded as skipped; a report without tables is recorded with
 * status no_tables and its meta; one bad file never stops the batch.
 * A report whose rows cannot be written is left out whole and counted in failed and not_stored; when the
 * output cannot be written any more (a failed commit, a full disk) the batch stops.
 * Returns OGI_OK, or OGI_ERR_IO with a message in err when the dataset cannot be opened or written (it then
 * says how many files were stored in this run and how many not). */
OGI_EXPORT int ogi_batch(const ogi_rules *rules, const char *const *inputs, int ninputs,
                         const ogi_batch_options *opt, ogi_batch_stats *stats, char *err, size_t errlen);

/* Iterating a report (cmark's style: counts and an index; every string is owned by the report).
 *
 * Positions: line and col (1-based, code points) in the text the reader saw: the decoded file, or for a PDF
 * the output of pdftotext -layout; page and page_line: for a PDF, the page (pdftotext's form feeds) and the
 * line on that page; 0 when the source has no pages. 0 line: no position. */
typedef struct {
  const char *field;   /* field id (patterns/fields.tsv) */
  int found;           /* 1: a value was placed; 0: null (the template has the field, nothing was found) */
  double value;
  int blank;           /* printed blank ("-", "/", "无", an empty cell...): value 0 */
  const char *raw;     /* the text as printed, NULL when not found */
  const char *label;   /* the row label it was placed by, may be NULL */
  const char *how;     /* "label", "template order", "glued digits", "placed by sums"..., may be NULL */
  int line, col, page, page_line;
} ogi_value;

typedef enum { OGI_CHECK_PASS = 0, OGI_CHECK_FAIL = 1, OGI_CHECK_SKIPPED = 2 } ogi_check_status;
typedef struct {
  const char *rule;    /* the identity's name in patterns/checks.tsv ("t3.row_total"), or "domain" */
  const char *subject; /* the row, column or field it was applied to */
  int status;          /* ogi_check_status */
  double expected, actual; /* the sum of the parts, and the printed total */
  int blank;           /* the printed total is blank (read as 0) */
  int nfields;         /* the fields of the sum: ogi_report_check_field(report, i, k) */
  int line, col, page, page_line; /* where the printed total is */
} ogi_check;

typedef struct {
  const char *code;    /* "not_found", "ambiguous", "placed_by_sums", ... (docs/output.md) */
  const char *field;   /* may be NULL */
  const char *message;
  int line, col, page, page_line;
} ogi_warning;

/* The template's fields (0 for a report that failed); ogi_report_value_at fills *out for the i-th of them
 * and returns 1, or 0 when i is out of range. ogi_report_value_info: the same by field id (0: not in the
 * report's template). */
OGI_EXPORT int ogi_report_value_count(const ogi_report *report);
OGI_EXPORT int ogi_report_value_at(const ogi_report *report, int i, ogi_value *out);
OGI_EXPORT int ogi_report_value_info(const ogi_report *report, const char *field_id, ogi_value *out);
OGI_EXPORT int ogi_report_check_count(const ogi_report *report);
OGI_EXPORT int ogi_report_check_at(const ogi_report *report, int i, ogi_check *out);
/* The k-th field of check i's sum (NULL when out of range); ogi_report_value_info gives its position. */
OGI_EXPORT const char *ogi_report_check_field(const ogi_report *report, int i, int k);
OGI_EXPORT int ogi_report_warning_at(const ogi_report *report, int i, ogi_warning *out);
/* The name the report was extracted under (a path, "-" or a label). Owned by report. */
OGI_EXPORT const char *ogi_report_source(const ogi_report *report);
/* For a report read from pages (PDF): the page of a line of its text and the line on that page; returns 0
 * (and sets both to 0) when the source has no pages or line is out of range. */
OGI_EXPORT int ogi_report_page(const ogi_report *report, int line, int *page, int *page_line);

/* `ogi check` output: every failed check with the cells of its sum and their positions, the checks that
 * could not run, and (unless quiet) the warnings. format: "text" (compiler-style, "error:"/"warning:"/"note:",
 * the source line and a caret; control characters escaped), "json" (one object per report, one line) or "csv"
 * (one row per failed check, per cell of its sum, per check not run and per warning; the header from
 * ogi_render_check_csv_header; the rows of a file that could not be read say so). NULL for an unknown
 * format. Freed with ogi_free. */
#define OGI_CHECK_QUIET 1 /* no warnings: failed checks and the checks not run */
#define OGI_CHECK_COLOR 2 /* text: error:/warning:/note: in color (for a terminal) */
OGI_EXPORT char *ogi_render_check(const ogi_report *report, const char *format, int flags);
OGI_EXPORT char *ogi_render_check_csv_header(void);
/* `ogi values`: one CSV row per field of the report's template (source, field, value, blank, raw, line, col,
 * page, page_line, label, how; empty cells for a value not found), to cite each value where it was printed. */
OGI_EXPORT char *ogi_render_values_csv(const ogi_report *report);
OGI_EXPORT char *ogi_render_values_csv_header(void);
/* A copy of s fit for a terminal: control characters (C0 but tab, DEL, C1, and U+2028/U+2029) written as \xHH
 * or \u{HHHH}, and invalid UTF-8 as \xHH. Freed with ogi_free. */
OGI_EXPORT char *ogi_escape_terminal(const char *s);

/* Reads a whole file ("-": standard input) of at most max_bytes (0: the default limit). Returns OGI_OK and
 * sets *data (freed with ogi_free) and *len, or a status with a message (without the path) in err. */
OGI_EXPORT int ogi_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len, char *err,
                             size_t errlen);

/* For debugging rules (`ogi layout`): the document's lines and token stream as the layout reader sees them,
 * and where each cell went. Line-oriented: "# ..." notes (format, encoding, counts; the template and how many
 * cells were placed, or why nothing was extracted), "line N: TEXT", then one "tok I KIND LINE:COL [tT rR cC]
 * TEXT" per token; a number or blank token that became values ends with " -> FIELD = VALUE (HOW; row
 * LABEL)" for each (VALUE "blank"; ", printed nothing" for a blank cell placed beside the number), one inside
 * the tables that became none with " -> unused"; then "cell LINE:COL FIELD = VALUE (HOW; row LABEL)" for a
 * value no such token holds (a row of blank cells) and "null FIELD CODE LINE:COL: MESSAGE" for each warning
 * naming a cell left null ("null FIELD not_found" when none does). The pattern files are the default ones
 * (patterns_dir NULL in ogi_rules_load); without them only the tokens are shown. */
OGI_EXPORT char *ogi_dump_layout(const unsigned char *bytes, size_t len);
/* The same for a file ("-": standard input), read as ogi_extract_file reads it and within the same limits
 * (NULL: the defaults). Returns OGI_OK and sets *out (free it with ogi_free), or a negative status with a
 * one-line message naming the file in err. */
OGI_EXPORT int ogi_dump_layout_file(const ogi_limits *limits, const char *path, char **out, char *err, size_t errlen);
/* ogi_dump_layout_file with the given rules (tokenizer words and placement both). */
OGI_EXPORT int ogi_render_layout(const ogi_rules *rules, const ogi_limits *limits, const char *path, char **out,
                                 char *err, size_t errlen);
OGI_EXPORT void ogi_free(void *p);

/* Comparing a dataset (docs/compare.md): the indicators of its agency_year view (layout version 2 or later).
 * by: "agency" (one row per agency and year), "year" (totals per year) or "region" (per GB/T 2260 code prefix,
 * one level below region: provinces without it, then cities, counties, townships). Counts are summed; a
 * group's rate is the sum of its numerators over the sum of its denominators, never an average of rates. */
typedef struct {
  const char *by;      /* "agency" (default), "year", "region" */
  int year;            /* 0: every year */
  const char *agency;  /* substring of, or fnmatch glob (with * ? [) matching, the normalized or printed name */
  const char *region;  /* a code prefix ("35", "3501", "350128"); NULL: every region */
  const char *sort;    /* a metric (indicator name): rows by it, descending, nulls last; NULL: natural order */
  const char *metrics; /* comma-separated metrics to show; NULL: all (csv, json) or the key ones (table, md) */
  const char *format;  /* "table" (default; aligned by display width, CJK = 2), "csv", "md", "json"; rates as
                          percentages with one decimal in table and md, as fractions in csv and json */
} ogi_compare_options;
OGI_EXPORT void ogi_compare_options_init(ogi_compare_options *opt);
/* Renders the comparison of the dataset db into *out (freed with ogi_free). Returns OGI_OK, OGI_ERR_IO (db
 * cannot be opened or read), OGI_ERR_DATASET (not an ogi dataset of version 2 or later) or OGI_ERR_ARG (an
 * unknown --by, format or metric), with a one-line message in err. */
OGI_EXPORT int ogi_compare(const ogi_rules *rules, const char *db, const ogi_compare_options *opt, char **out,
                           char *err, size_t errlen);
/* `ogi report`: one self-contained HTML page of the dataset (no network, no external reference: inline SVG
 * charts, a little inline script to sort tables): headline totals, the indicators per agency and year, grant
 * rate by agency, time series of agencies with several years, regions, the reports whose totals break and the
 * cross-year warnings. The same dataset gives the same bytes. Returns as ogi_compare. */
OGI_EXPORT int ogi_render_report_html(const ogi_rules *rules, const char *db, char **out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
