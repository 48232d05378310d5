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

#define OGI_VERSION_STRING "0.1.0"

typedef struct ogi_rules ogi_rules;
typedef struct ogi_report ogi_report;

/* Status codes. Library calls return OGI_OK or one of the negative codes; ogi_errmsg() names them. */
typedef enum {
  OGI_OK = 0,
  OGI_ERR_IO = -1,          /* the file could not be read */
  OGI_ERR_RULES = -2,       /* pattern files missing or invalid */
  OGI_ERR_EMPTY = -3,       /* the file is empty */
  OGI_ERR_BINARY = -4,      /* not a text document (image, archive, executable...) */
  OGI_ERR_UNSUPPORTED = -5, /* a PDF or Word file: not read yet; convert it to text or HTML first */
  OGI_ERR_NO_TABLES = -6,   /* no statistics tables found, and not recognizable as a pre-2019 report. A report
                               that prints none (a title with its year, and the report's section headings) keeps
                               its meta (ogi_report_agency, _year, _published, _template); any other file has none */
  OGI_ERR_TOO_LARGE = -7,   /* larger than the size limit */
  OGI_ERR_TIMEOUT = -8      /* took longer than the time limit */
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
/* Compiler-style diagnostics: "file:line:col: rule subject: expected X, printed Y", the source line and
 * a caret, one per failed check; then "file: note: N checks not run: a value they need was not found" when
 * some could not run; then one per warning. */
OGI_EXPORT char *ogi_render_diagnostics(const ogi_report *report);
/* The field schema as TSV: id, template, table, label. */
OGI_EXPORT char *ogi_render_fields(const ogi_rules *rules);
/* Bulk extraction of files and folders (walked recursively) into one dataset. */
typedef struct {
  int jobs;            /* worker threads; 0: one per core. The dataset is the same for any number. */
  int force;           /* re-extract files the SQLite dataset already holds */
  int progress;        /* -1: a progress line on stderr when it is a terminal; 0: none; 1: always */
  int excel;           /* CSV: start with a UTF-8 BOM so that Excel shows the Chinese text */
  ogi_limits limits;   /* per file */
  const char *output;  /* the dataset file; "-" or NULL: standard output (CSV and JSONL only) */
  const char *format;  /* "sqlite", "csv" or "jsonl"; NULL: from the output's extension, else SQLite */
} ogi_batch_options;

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
} ogi_batch_stats;

/* Extracts every input (files, or folders walked recursively; a file's format is read from its content)
 * into opt->output. Files found in a folder that are not reports (binary, PDF/Word that cannot be read, pages
 * and notes without tables, blank templates) are recorded as skipped; a report without tables is recorded with
 * status no_tables and its meta; one bad file never stops the batch.
 * Returns OGI_OK, or OGI_ERR_IO with a message in err when the dataset cannot be written. */
OGI_EXPORT int ogi_batch(const ogi_rules *rules, const char *const *inputs, int ninputs,
                         const ogi_batch_options *opt, ogi_batch_stats *stats, char *err, size_t errlen);

/* For debugging rules: the document's lines and token stream as the layout reader sees them. */
OGI_EXPORT char *ogi_dump_layout(const unsigned char *bytes, size_t len);
OGI_EXPORT void ogi_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
