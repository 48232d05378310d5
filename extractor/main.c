/* ogi — the command line. Thin: parses options (getopt_long), hands the inputs to libogi's batch (which reads,
 * walks folders and counts), and prints what the library renders. */
#include "ogi.h"
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit codes: a contract, documented in ogi help, the man page (EXIT STATUS) and README. */
enum {
  EXIT_OK = 0,          /* done; for `check`: every check passed */
  EXIT_CHECKS = 1,      /* `check`: a check failed in some report */
  EXIT_USAGE = 2,       /* bad command line */
  EXIT_INPUT = 3,       /* some file unreadable, not a report, or unsupported (the others were processed) */
  EXIT_RULES = 4,       /* the pattern files could not be loaded */
  EXIT_UNCHECKED = 5    /* `check`: no check failed, but some could not run (a value they need was not found) */
};

static const char S_exit_codes[] =
    "exit codes:\n"
    "  0  done (check: every check passed)\n"
    "  1  check: at least one check failed\n"
    "  2  usage error\n"
    "  3  at least one file unreadable, empty, binary, too large, too slow, unsupported (old .doc, scanned\n"
    "     PDF) or without tables (with -o or a folder: non-reports in a folder are skipped and counted, and\n"
    "     reports without tables recorded as no_tables; neither is a failure)\n"
    "  4  the pattern files could not be loaded\n"
    "  5  check: no check failed, but some could not run (a value they need was not found)\n"
    "  (3 comes before 1, and 1 before 5)\n";

static const char S_input_options[] =
    "input options:\n"
    "  --include GLOB   in folders, read only files whose name matches GLOB (fnmatch; a GLOB with '/'\n"
    "                   matches the path); may be repeated\n"
    "  --exclude GLOB   in folders, leave out files and folders whose name matches GLOB; may be repeated\n"
    "  --hidden         walk into hidden files and folders (names starting with '.'; left out by default)\n"
    "  --label NAME     the name standard input ('-') has in messages and output\n"
    "  -j, --jobs N     worker threads (default: one per core); the output is the same for any N\n"
    "  --patterns DIR   rule files directory (default: $OGI_PATTERNS, the installed copy, the source tree)\n"
    "  --max-bytes N    refuse files larger than N bytes (default 67108864)\n"
    "  --max-depth N    read markup nested deeper than N as plain text (default 256)\n"
    "  --max-cells N    read at most N table cells per file (default 200000)\n"
    "  --max-seconds S  give up a file after S seconds (default 30)\n"
    "Folders are walked recursively and sorted; symbolic links in them are not followed.\n";

typedef struct {
  const char *name, *usage, *about, *options;
} S_command;

static const S_command S_commands[] = {
    {"extract",
     "usage: ogi extract [--format json|jsonl|csv] [--pretty] [--excel] [options] FILE...\n"
     "       ogi extract -o reports.db|out.csv|out.jsonl|- [-j N] [--force] [--rehash] [--excel] [options] DIR|FILE...\n",
     "One JSON object per report: every value of 表二/表三/表四 with where it was printed, the checks and the\n"
     "warnings. With -o, or a folder among the inputs, one dataset (SQLite, CSV or JSONL); files in a folder\n"
     "that are not reports are skipped and counted; re-running adds only new files (by path and sha256; a file\n"
     "whose path, size, mtime, device and inode are those of a stored one is skipped without being read).\n",
     "  --format F       json (default), jsonl (one compact object per line), csv (one row per report), sqlite\n"
     "  --pretty         indent JSON\n"
     "  -o, --output F   write one dataset to F: SQLite (.db, .sqlite), CSV (.csv) or JSONL (.jsonl); '-' is\n"
     "                   standard output (JSONL, or CSV with --format csv)\n"
     "  --force          re-extract files the dataset already holds\n"
     "  --rehash         read and hash every file again, also those whose size and mtime are unchanged\n"
     "  --corrections F  apply the corrections of F (TSV: sha256 or path, field, value, note; docs/output.md)\n"
     "  --excel          CSV: start with a UTF-8 BOM so that Excel shows the Chinese text\n"
     "  -q, --quiet      with a dataset: no progress line, no summary\n"},
    {"check",
     "usage: ogi check [--format text|json|csv] [-q] [options] DIR|FILE...\n",
     "The template's arithmetic (勾稽关系) for every report, on standard output: each failed check with where\n"
     "the printed total is and the cells of its sum with where each was printed (for a PDF, page and line on\n"
     "the page too), how many checks could not run, and the warnings.\n",
     "  --format F       text (default; compiler-style error:/warning:/note: lines, the source line and a caret),\n"
     "                   json (one object per report and line) or csv (one row per failed check, cell of its\n"
     "                   sum, check not run and warning, with a header: for a spreadsheet)\n"
     "  --excel          CSV: start with a UTF-8 BOM so that Excel shows the Chinese text\n"
     "  -q, --quiet      no warnings, only failed checks and checks not run\n"
     "  --color WHEN     text: auto (default: on a terminal), always or never; never when NO_COLOR is set\n"},
    {"values",
     "usage: ogi values [--excel] [options] DIR|FILE...\n",
     "Every value of every report as CSV, one row per field, with where it was printed: source, field, value,\n"
     "blank, raw (the text as printed), line, col, page and page_line (a PDF's page, and the line on it), the\n"
     "row label it was placed by and how. The cells of a value not found are empty.\n",
     "  --excel          start with a UTF-8 BOM so that Excel shows the Chinese text\n"},
    {"summary",
     "usage: ogi summary [options] DIR|FILE...\n",
     "One readable line per report (ok, failed, or partial when checks could not run; template, year, values\n"
     "found, checks failed and not run, warnings, agency, file), then totals.\n",
     ""},
    {"fields",
     "usage: ogi fields [--patterns DIR]\n",
     "The field ids (the output schema) as TSV: id, templates, table, label.\n",
     ""},
    {"layout",
     "usage: ogi layout [--patterns DIR] FILE\n",
     "For debugging rules: the lines and tokens the rules see, and where each cell went. '# ...' notes (format,\n"
     "encoding, the template and how many cells were placed), 'line N: TEXT', then one 'tok I KIND LINE:COL\n"
     "TEXT' per token; a number or blank that became values ends with '-> FIELD = VALUE (HOW; row LABEL)' (HOW:\n"
     "label, template order, glued digits, placed by sums, empty lines, reading order, ...), a number in the\n"
     "tables that did not with '-> unused' (or '-> FIELD = null (CODE)' where a null cell's warning stands).\n"
     "Then 'cell LINE:COL ...' for blank cells that printed nothing or no token holds, and 'null FIELD CODE:\n"
     "MESSAGE' for each cell left null with the warning naming it. Greppable: ogi layout F | grep t3.granted\n",
     ""},
    {"compare",
     "usage: ogi compare DB [--by agency|year|region] [--year Y] [--agency PATTERN] [--region CODE]\n"
     "                      [--sort METRIC] [--metrics LIST] [--format table|csv|md|json]\n",
     "The indicators (patterns/indicators.tsv) of a dataset made by 'ogi extract -o DB', from its agency_year\n"
     "view: one row per agency and year, or totals per year or per region. Counts are summed; a group's rate is\n"
     "its numerators' sum over its denominators' sum, never an average of rates.\n",
     "  --by B           agency (default: one row per agency and year), year (totals per year) or region (per\n"
     "                   GB/T 2260 code prefix, one level below --region: provinces, cities, counties)\n"
     "  --year Y         only the reports of year Y\n"
     "  --agency P       agencies whose normalized or printed name contains P (or matches it, a glob with * ? [)\n"
     "  --region CODE    agencies whose region code starts with CODE (35: 福建省, 350128: 平潭县)\n"
     "  --sort METRIC    rows by METRIC, descending (no value last); default: by agency and year, year or code\n"
     "  --metrics LIST   the metrics to show, comma-separated (default: all in csv and json, the key ones in\n"
     "                   table and md)\n"
     "  --format F       table (default; aligned, rates as percentages), csv, md (Markdown) or json (rates as\n"
     "                   fractions in csv and json)\n"},
    {"report",
     "usage: ogi report DB [-o report.html]\n",
     "One self-contained HTML page of a dataset (no network, no external file; SVG charts drawn by ogi):\n"
     "headline totals, the indicators per agency and year, grant rate by agency, time series of agencies with\n"
     "several years, regions, the reports whose totals break (failed checks with their fields and positions)\n"
     "and the cross-year warnings. The same dataset gives the same bytes.\n",
     "  -o, --output F   write the page to F (default: standard output)\n"},
    {"help", "usage: ogi help [COMMAND]\n", "The help text of ogi, or of one command.\n", ""},
};
enum { S_NCOMMANDS = (int)(sizeof S_commands / sizeof S_commands[0]) };

static void S_global_help(FILE *f) {
  fputs("usage: ogi extract [--format json|jsonl|csv] [--pretty] [options] FILE...\n"
        "       ogi extract -o reports.db|out.csv|out.jsonl [-j N] [--force] [--rehash] [--excel] DIR|FILE...\n"
        "       ogi check [--format text|json|csv] [options] DIR|FILE...\n"
        "       ogi values DIR|FILE...\n"
        "       ogi summary DIR|FILE...\n"
        "       ogi fields [--patterns DIR]\n"
        "       ogi compare DB [--by agency|year|region] [--year Y] [--agency P] [--region CODE] [--sort METRIC]\n"
        "                      [--format table|csv|md|json]\n"
        "       ogi report DB -o report.html\n"
        "       ogi layout FILE     (debugging: the tokens the rules see and the cell each went to)\n"
        "       ogi help [COMMAND] | --help | -V, --version\n"
        "\n"
        "Extracts the statistics tables (表二, 表三, 表四) of Chinese government information-disclosure annual\n"
        "reports (政府信息公开工作年度报告) and checks their arithmetic (勾稽关系). Reads HTML, PDF (through\n"
        "pdftotext), Word .docx and text in any common layout; FILE may be '-' for standard input.\n"
        "\n"
        "commands:\n"
        "  extract   one JSON object per report (fields, provenance, checks, warnings), or one dataset (-o)\n"
        "  check     every failed check with its cells and their positions, checks not run, warnings\n"
        "  values    every value with its position (line, column; page and line for a PDF) as CSV\n"
        "  summary   one readable line per report, then totals\n"
        "  fields    the field ids (the output schema) as TSV\n"
        "  compare   a dataset's indicators per agency and year, per year or per region\n"
        "  report    a dataset as one self-contained HTML page with charts\n"
        "  layout    the lines and tokens the rules see, and which cell each went to, and why\n"
        "  help      this text, or 'ogi help COMMAND' for one command's options\n"
        "\n",
        f);
  fputs(S_exit_codes, f);
}

static void S_command_help(const S_command *c) {
  printf("%s\n%s", c->usage, c->about);
  if (*c->options) printf("\noptions:\n%s", c->options);
  if (!strcmp(c->name, "extract") || !strcmp(c->name, "check") || !strcmp(c->name, "summary") ||
      !strcmp(c->name, "values"))
    printf("\n%s", S_input_options);
  printf("\n%s", S_exit_codes);
}

/* The version, and which pattern files a run would use (an installed tree finds its own, wherever moved). */
static int S_version(const char *patterns) {
  ogi_rules *rules = NULL;
  char err[1024];
  printf("ogi %s\n", ogi_version());
  if (ogi_rules_load(patterns, &rules, err, sizeof err) == OGI_OK) printf("patterns: %s\n", ogi_rules_dir(rules));
  else printf("patterns: not loaded: %s\n", err);
  ogi_rules_free(&rules);
  return EXIT_OK;
}

static const S_command *S_find_command(const char *name) {
  for (int i = 0; i < S_NCOMMANDS; i++)
    if (!strcmp(S_commands[i].name, name)) return &S_commands[i];
  return NULL;
}

/* The command line, once parsed. */
typedef struct {
  const S_command *cmd;
  const char *format, *patterns, *output, *label, *color, *corrections;
  ogi_compare_options compare; /* compare: --by, --year, --agency, --region, --sort, --metrics */
  int compare_given;
  int format_given, pretty, quiet, jobs, force, rehash, excel, hidden;
  ogi_limits limits;
  const char **include, **exclude;
  int ninclude, nexclude;
  char **files;
  int nfiles;
} S_cli;

enum { O_FORMAT = 256, O_PRETTY, O_FORCE, O_EXCEL, O_PATTERNS, O_MAX_BYTES, O_MAX_DEPTH, O_MAX_CELLS, O_MAX_SECONDS,
       O_INCLUDE, O_EXCLUDE, O_HIDDEN, O_LABEL, O_COLOR, O_BY, O_YEAR, O_AGENCY, O_REGION, O_SORT, O_METRICS,
       O_CORRECTIONS, O_REHASH };

static const struct option S_options[] = {
    {"help", no_argument, NULL, 'h'},           {"version", no_argument, NULL, 'V'},
    {"output", required_argument, NULL, 'o'},   {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},          {"format", required_argument, NULL, O_FORMAT},
    {"pretty", no_argument, NULL, O_PRETTY},    {"force", no_argument, NULL, O_FORCE},
    {"rehash", no_argument, NULL, O_REHASH},
    {"excel", no_argument, NULL, O_EXCEL},      {"patterns", required_argument, NULL, O_PATTERNS},
    {"max-bytes", required_argument, NULL, O_MAX_BYTES}, {"max-depth", required_argument, NULL, O_MAX_DEPTH},
    {"max-cells", required_argument, NULL, O_MAX_CELLS}, {"max-seconds", required_argument, NULL, O_MAX_SECONDS},
    {"include", required_argument, NULL, O_INCLUDE}, {"exclude", required_argument, NULL, O_EXCLUDE},
    {"hidden", no_argument, NULL, O_HIDDEN},    {"label", required_argument, NULL, O_LABEL},
    {"color", required_argument, NULL, O_COLOR}, {"by", required_argument, NULL, O_BY},
    {"year", required_argument, NULL, O_YEAR},   {"agency", required_argument, NULL, O_AGENCY},
    {"region", required_argument, NULL, O_REGION}, {"sort", required_argument, NULL, O_SORT},
    {"metrics", required_argument, NULL, O_METRICS}, {"corrections", required_argument, NULL, O_CORRECTIONS},
    {NULL, 0, NULL, 0}};

static int S_usage_error(const S_cli *c, const char *msg, const char *arg) {
  fprintf(stderr, "ogi: ");
  fprintf(stderr, msg, arg);
  fprintf(stderr, " (see ogi help%s%s)\n", c->cmd ? " " : "", c->cmd ? c->cmd->name : "");
  return EXIT_USAGE;
}

/* Parses argv[1..] after the command; returns -1 to go on, else the exit code. */
static int S_parse(S_cli *c, int argc, char **argv) {
  opterr = 0;
  optind = 1;
  int o, li = -1;
  while ((li = -1, o = getopt_long(argc, argv, ":hVo:j:q", S_options, &li)) != -1) {
    const char *v = optarg;
    char *end;
    double x;
    switch (o) {
    case 'h': S_command_help(c->cmd); return EXIT_OK;
    case 'V': return S_version(c->patterns);
    case 'o': c->output = v; break;
    case 'j':
      c->jobs = (int)strtol(v, &end, 10);
      if (*end || c->jobs < 1 || c->jobs > 256) return S_usage_error(c, "-j takes a number from 1 to 256, not '%s'", v);
      break;
    case 'q': c->quiet = 1; break;
    case O_FORMAT: c->format = v; c->format_given = 1; break;
    case O_PRETTY: c->pretty = 1; break;
    case O_FORCE: c->force = 1; break;
    case O_REHASH: c->rehash = 1; break;
    case O_EXCEL: c->excel = 1; break;
    case O_PATTERNS: c->patterns = v; break;
    case O_INCLUDE: c->include[c->ninclude++] = v; break;
    case O_EXCLUDE: c->exclude[c->nexclude++] = v; break;
    case O_HIDDEN: c->hidden = 1; break;
    case O_LABEL: c->label = v; break;
    case O_BY: c->compare.by = v; c->compare_given = 1; break;
    case O_YEAR:
      c->compare.year = (int)strtol(v, &end, 10);
      if (*end || c->compare.year < 1900 || c->compare.year > 2999)
        return S_usage_error(c, "--year takes a year such as 2023, not '%s'", v);
      c->compare_given = 1;
      break;
    case O_AGENCY: c->compare.agency = v; c->compare_given = 1; break;
    case O_REGION: c->compare.region = v; c->compare_given = 1; break;
    case O_SORT: c->compare.sort = v; c->compare_given = 1; break;
    case O_METRICS: c->compare.metrics = v; c->compare_given = 1; break;
    case O_CORRECTIONS: c->corrections = v; break;
    case O_COLOR:
      if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
        return S_usage_error(c, "--color takes auto, always or never, not '%s'", v);
      c->color = v;
      break;
    case O_MAX_BYTES: case O_MAX_DEPTH: case O_MAX_CELLS: case O_MAX_SECONDS:
      x = strtod(v, &end);
      if (*end || !(x > 0) || x > 1e15) {
        char m[96];
        snprintf(m, sizeof m, "--%s takes a positive number, not '%%s'", li >= 0 ? S_options[li].name : "max");
        return S_usage_error(c, m, v);
      }
      if (o == O_MAX_BYTES) c->limits.max_bytes = (size_t)x;
      else if (o == O_MAX_DEPTH) c->limits.max_depth = x > 100000 ? 100000 : (int)x;
      else if (o == O_MAX_CELLS) c->limits.max_cells = (long)x;
      else c->limits.max_seconds = x;
      break;
    case ':': return S_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
    default: return S_usage_error(c, "unknown option '%s'", argv[optind - 1]);
    }
  }
  for (int i = optind; i < argc; i++) c->files[c->nfiles++] = argv[i];
  return -1;
}

/* What one run prints and counts, for the callbacks. */
typedef struct {
  S_cli *cli;
  int is_extract, is_check, is_summary, is_values;
  int check_flags;
  int any_failed, any_skipped, input_error, io;
  int progress_shown;
} S_run;

static void S_out(S_run *run, const char *s) {
  if (s && fputs(s, stdout) < 0) run->io = 1;
}

/* "ogi: MESSAGE" on stderr, with control characters (from file names, document text) escaped. */
static void S_error(const char *msg) {
  char *s = ogi_escape_terminal(msg);
  fprintf(stderr, "ogi: %s\n", s);
  ogi_free(s);
}

static void S_on_message(void *data, const ogi_message *m) {
  S_run *run = data;
  if (m->kind == OGI_MSG_PROGRESS) {
    fprintf(stderr, "\r\033[K%s", m->done < m->total ? m->text : "");
    run->progress_shown = m->done < m->total;
    return;
  }
  if (run->progress_shown) fputs("\r\033[K", stderr);
  S_error(m->text);
}

static void S_summary_line(S_run *run, const ogi_report *r, const char *status) {
  const char *agency = ogi_report_agency(r) ? ogi_report_agency(r) : "(agency unknown)";
  char line[1024];
  if (!strcmp(status, "no_tables")) {
    snprintf(line, sizeof line, "%-9s %-6s %4d  no statistics tables  %s  %s", "no_tables",
             ogi_report_template(r) ? ogi_report_template(r) : "-", ogi_report_year(r), agency, ogi_report_source(r));
  } else if (!strcmp(status, "error")) {
    snprintf(line, sizeof line, "%-9s %s", "error", ogi_report_error(r));
  } else {
    int nf, found, failed = ogi_report_failed_checks(r), skipped = ogi_report_skipped_checks(r);
    ogi_report_counts(r, &nf, &found);
    /* "ok" only when every check ran and passed: a check that could not run has not shown anything */
    char not_run[48] = "";
    if (skipped > 0) snprintf(not_run, sizeof not_run, "  %2d check%s not run", skipped, skipped == 1 ? "" : "s");
    snprintf(line, sizeof line, "%-9s %-6s %4d  %3d/%-3d values  %2d checks failed%s  %2d warnings  %s  %s",
             failed ? "failed" : skipped ? "partial" : "ok", ogi_report_template(r), ogi_report_year(r), found, nf,
             failed, not_run, ogi_report_warning_count(r), agency, ogi_report_source(r));
  }
  char *s = ogi_escape_terminal(line);
  S_out(run, s);
  S_out(run, "\n");
  ogi_free(s);
}

static void S_on_report(void *data, const ogi_report *r, const char *path, const char *status, int named) {
  (void)path;
  S_run *run = data;
  const S_cli *c = run->cli;
  if (!strcmp(status, "skipped") || !strcmp(status, "stored")) return;
  if (!strcmp(status, "no_tables") && named) {
    /* a report that prints no tables, named: no value to show, exit 3 as documented */
    run->input_error = 1;
    S_error(ogi_report_error(r));
  }
  if (run->is_summary) {
    S_summary_line(run, r, status);
  } else if (run->is_values) {
    if (!strcmp(status, "ok")) {
      char *s = ogi_render_values_csv(r);
      S_out(run, s);
      ogi_free(s);
    }
  } else if (run->is_check) {
    if (!strcmp(status, "ok")) {
      run->any_failed |= ogi_report_failed_checks(r) > 0;
      run->any_skipped |= ogi_report_skipped_checks(r) > 0;
    }
    if (strcmp(status, "no_tables") || !named || strcmp(c->format, "text")) {
      char *s = ogi_render_check(r, c->format, run->check_flags);
      S_out(run, s);
      ogi_free(s);
    }
  } else if (!strcmp(status, "ok")) {
    char *s = !strcmp(c->format, "csv") ? ogi_render_csv_row(r) : ogi_render_json(r, c->pretty && strcmp(c->format, "jsonl"));
    S_out(run, s);
    if (strcmp(c->format, "csv")) S_out(run, "\n");
    ogi_free(s);
  }
}

static void S_batch_summary(const ogi_batch_stats *st) {
  char not_run[96] = "", no_tables[96] = "", walk[200] = "";
  if (st->checks_skipped > 0)
    snprintf(not_run, sizeof not_run, "; %ld checks not run in %ld reports", st->checks_skipped, st->with_skipped_checks);
  if (st->no_tables > 0)
    snprintf(no_tables, sizeof no_tables, "; %ld reports without tables (recorded, no values)", st->no_tables);
  char stored[96] = "", cross[64] = "";
  if (st->cross_year_warnings > 0) snprintf(cross, sizeof cross, "; %ld cross-year warnings", st->cross_year_warnings);
  if (st->not_stored > 0) snprintf(stored, sizeof stored, "; %ld stored, %ld NOT stored", st->stored, st->not_stored);
  if (st->walk_links + st->walk_hidden + st->walk_excluded + st->walk_deep > 0)
    snprintf(walk, sizeof walk, "; not read: %ld symbolic links (not followed), %ld hidden, %ld excluded, %ld too deep",
             st->walk_links, st->walk_hidden, st->walk_excluded, st->walk_deep);
  fprintf(stderr,
          "%ld files in %.1fs (%.0f files/s): %ld reports extracted (2021 template %ld, 2019 %ld, legacy %ld), "
          "%ld with failed checks%s%s; %ld already in the dataset; %ld skipped as not reports (%ld binary or empty, "
          "%ld PDF/Word, %ld without tables, %ld blank templates); %ld failed%s%s%s\n",
          st->files, st->seconds, st->seconds > 0 ? st->files / st->seconds : 0.0, st->reports, st->template_2021,
          st->template_2019, st->legacy, st->with_failed_checks, not_run, no_tables, st->already_stored, st->skipped,
          st->skipped_binary, st->skipped_unsupported, st->skipped_no_tables, st->skipped_blank, st->failed, walk,
          stored, cross);
}

static void S_summary_totals(S_run *run, const ogi_batch_stats *st) {
  char not_run[96] = "", no_tables[64] = "", skipped[160] = "", line[800];
  if (st->checks_skipped > 0)
    snprintf(not_run, sizeof not_run, "; %ld checks not run in %ld reports", st->checks_skipped, st->with_skipped_checks);
  if (st->no_tables > 0) snprintf(no_tables, sizeof no_tables, ", %ld reports without tables", st->no_tables);
  if (st->skipped + st->walk_links + st->walk_hidden + st->walk_excluded + st->walk_deep > 0)
    snprintf(skipped, sizeof skipped, ", %ld skipped as not reports (not read: %ld symbolic links, %ld hidden, %ld excluded, %ld too deep)",
             st->skipped, st->walk_links, st->walk_hidden, st->walk_excluded, st->walk_deep);
  snprintf(line, sizeof line,
           "\n%ld reports (%ld on the 2021 template, %ld on 2019, %ld legacy)%s, %ld files not read%s; "
           "%ld of %ld values found; %ld reports with failed checks%s (run 'ogi check FILE' to see them)\n",
           st->reports, st->template_2021, st->template_2019, st->legacy, no_tables, st->failed, skipped,
           st->values_found, st->values, st->with_failed_checks, not_run);
  S_out(run, line);
}

static int S_layout(const S_cli *c, const ogi_rules *rules) {
  char *s = NULL, err[4600];
  /* the same reader and limits as extract: a FIFO or /dev/zero is refused, a huge file bounded */
  if (ogi_render_layout(rules, &c->limits, c->files[0], &s, err, sizeof err) != OGI_OK) {
    S_error(err);
    return EXIT_INPUT;
  }
  int io = s && fputs(s, stdout) < 0;
  ogi_free(s);
  return io ? EXIT_INPUT : EXIT_OK;
}

/* compare and report: one dataset in, a table or a page out. A file that is not an ogi dataset (version 2 or
 * later) is an input error (3), like extract's refusal of a foreign layout; a bad --by, format or metric is a
 * usage error (2) listing the valid ones. */
static int S_compare_or_report(S_cli *c, const ogi_rules *rules) {
  char *s = NULL, err[2048];
  int is_report = !strcmp(c->cmd->name, "report"), rc;
  if (is_report) {
    rc = ogi_render_report_html(rules, c->files[0], &s, err, sizeof err);
  } else {
    c->compare.format = c->format;
    rc = ogi_compare(rules, c->files[0], &c->compare, &s, err, sizeof err);
  }
  if (rc == OGI_ERR_ARG) {
    char *e = ogi_escape_terminal(err);
    fprintf(stderr, "ogi: %s (see ogi help %s)\n", e, c->cmd->name);
    ogi_free(e);
    return EXIT_USAGE;
  }
  if (rc != OGI_OK) {
    S_error(err);
    return EXIT_INPUT;
  }
  int io = 0;
  if (is_report && c->output && strcmp(c->output, "-")) {
    FILE *f = fopen(c->output, "wb");
    if (!f || fputs(s, f) < 0 || fclose(f) != 0) {
      snprintf(err, sizeof err, "%s: cannot write: %s", c->output, strerror(errno));
      S_error(err);
      ogi_free(s);
      return EXIT_INPUT;
    }
  } else {
    io = fputs(s, stdout) < 0;
  }
  ogi_free(s);
  if (fflush(stdout) != 0 || ferror(stdout) || io) {
    fprintf(stderr, "ogi: error writing standard output\n");
    return EXIT_INPUT;
  }
  return EXIT_OK;
}

static int S_any_dir(const S_cli *c) {
  for (int i = 0; i < c->nfiles; i++) {
    struct stat st;
    if (strcmp(c->files[i], "-") && stat(c->files[i], &st) == 0 && S_ISDIR(st.st_mode)) return 1;
  }
  return 0;
}

/* Checks what parsing cannot: formats, outputs, files. Returns -1 to go on, else the exit code. */
static int S_validate(S_cli *c) {
  const char *cmd = c->cmd->name;
  int is_extract = !strcmp(cmd, "extract"), is_check = !strcmp(cmd, "check");
  if (!c->format) c->format = is_check ? "text" : !strcmp(cmd, "compare") ? "table" : "json";
  if (is_extract && strcmp(c->format, "json") && strcmp(c->format, "jsonl") && strcmp(c->format, "csv") &&
      strcmp(c->format, "sqlite"))
    return S_usage_error(c, "unknown format '%s': use json, jsonl, csv or sqlite", c->format);
  if (is_check && strcmp(c->format, "text") && strcmp(c->format, "json") && strcmp(c->format, "csv"))
    return S_usage_error(c, "unknown format '%s': use text, json or csv", c->format);
  int is_compare = !strcmp(cmd, "compare"), is_report = !strcmp(cmd, "report");
  if (c->compare_given && !is_compare)
    return S_usage_error(c, "%s has no --by, --year, --agency, --region, --sort or --metrics", cmd);
  if (is_compare || is_report) {
    if (is_report && c->format_given) return S_usage_error(c, "%s has no --format", cmd);
    if (is_compare && c->output) return S_usage_error(c, "%s writes to standard output: -o is for extract and report", cmd);
    if (c->nfiles != 1) return S_usage_error(c, "%s takes one DB (a dataset made by 'ogi extract -o DB')", cmd);
    return -1;
  }
  if (!is_extract && !is_check && c->format_given) return S_usage_error(c, "%s has no --format", cmd);
  if (!is_extract && c->corrections) return S_usage_error(c, "%s has no --corrections", cmd);
  if (c->output && !is_extract) return S_usage_error(c, "%s writes no dataset: -o is for extract", cmd);
  if (is_extract && !strcmp(c->format, "sqlite") && (!c->output || !strcmp(c->output, "-"))) {
    fprintf(stderr, "ogi: --format sqlite writes a database: give it with -o FILE\n");
    return EXIT_USAGE;
  }
  if (c->output && strcmp(c->output, "-")) {
    ogi_batch_options o;
    ogi_batch_options_init(&o);
    o.output = c->output;
    o.format = c->format_given ? c->format : NULL;
    if (!ogi_batch_format(&o))
      return S_usage_error(c, "-o %s: unknown output format: name it .db, .csv or .jsonl, or give --format", c->output);
  }
  if (!strcmp(cmd, "layout") && c->nfiles != 1) return S_usage_error(c, "layout takes one FILE", NULL);
  if (!strcmp(cmd, "fields") && c->nfiles) return S_usage_error(c, "fields takes no FILE", NULL);
  if ((is_extract || is_check || !strcmp(cmd, "summary") || !strcmp(cmd, "values")) && c->nfiles == 0) {
    fprintf(stderr, "ogi: %s needs at least one FILE (or '-' for standard input)\n", cmd);
    return EXIT_USAGE;
  }
  return -1;
}

static int S_main(S_cli *c, int argc, char **argv) {
  if (argc < 2) {
    S_global_help(stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
    S_global_help(stdout);
    return EXIT_OK;
  }
  if (!strcmp(name, "-V") || !strcmp(name, "--version")) return S_version(NULL);
  c->cmd = S_find_command(name);
  if (!c->cmd) {
    if (name[0] == '-') return S_usage_error(c, "'%s' before a command: give the command first", name);
    return S_usage_error(c, "unknown command '%s'", name);
  }
  int rc = S_parse(c, argc - 1, argv + 1);
  if (rc >= 0) return rc;
  if (!strcmp(name, "help")) {
    if (c->nfiles == 0) S_global_help(stdout);
    else if (c->nfiles == 1 && S_find_command(c->files[0])) S_command_help(S_find_command(c->files[0]));
    else return S_usage_error(c, "no command '%s'", c->files[0]);
    return EXIT_OK;
  }
  if ((rc = S_validate(c)) >= 0) return rc;

  ogi_rules *rules = NULL;
  char err[1024];
  if (ogi_rules_load(c->patterns, &rules, err, sizeof err) != OGI_OK) {
    S_error(err);
    return EXIT_RULES;
  }
  if (!strcmp(name, "layout")) {
    rc = S_layout(c, rules);
    ogi_rules_free(&rules);
    return rc;
  }
  if (!strcmp(name, "compare") || !strcmp(name, "report")) {
    rc = S_compare_or_report(c, rules);
    ogi_rules_free(&rules);
    return rc;
  }
  S_run run;
  memset(&run, 0, sizeof run);
  run.cli = c;
  ogi_corrections *corrections = NULL;
  run.is_extract = !strcmp(name, "extract");
  run.is_check = !strcmp(name, "check");
  run.is_summary = !strcmp(name, "summary");
  run.is_values = !strcmp(name, "values");
  if (!strcmp(name, "fields")) {
    char *s = ogi_render_fields(rules);
    S_out(&run, s);
    ogi_free(s);
  } else {
    ogi_batch_options opt;
    ogi_batch_options_init(&opt);
    opt.jobs = c->jobs;
    opt.force = c->force;
    opt.rehash = c->rehash;
    opt.excel = c->excel;
    opt.limits = c->limits;
    opt.hidden = c->hidden;
    opt.include = c->include;
    opt.ninclude = c->ninclude;
    opt.exclude = c->exclude;
    opt.nexclude = c->nexclude;
    opt.label = c->label;
    opt.message = S_on_message;
    opt.message_data = &run;
    if (c->corrections) {
      int lrc = ogi_corrections_load(rules, c->corrections, &corrections, err, sizeof err);
      if (lrc != OGI_OK) {
        S_error(err);
        ogi_rules_free(&rules);
        return lrc == OGI_ERR_IO ? EXIT_INPUT : EXIT_USAGE;
      }
      opt.corrections = corrections;
    }
    int dataset = run.is_extract && (c->output || S_any_dir(c));
    if (dataset) {
      /* one dataset: the library writes it */
      opt.output = c->output && strcmp(c->output, "-") ? c->output : NULL;
      opt.format = c->format_given ? (strcmp(c->format, "json") ? c->format : "jsonl") : (opt.output ? NULL : "jsonl");
      opt.progress = c->quiet ? 0 : isatty(2);
    } else {
      opt.format = "none";
      opt.progress = 0;
      opt.on_report = S_on_report;
      opt.report_data = &run;
      int csv = !strcmp(c->format, "csv");
      if (csv && c->excel) S_out(&run, "\xEF\xBB\xBF");
      if (run.is_extract && csv) {
        char *h = ogi_render_csv_header(rules);
        S_out(&run, h);
        ogi_free(h);
      } else if (run.is_values) {
        if (c->excel) S_out(&run, "\xEF\xBB\xBF");
        char *h = ogi_render_values_csv_header();
        S_out(&run, h);
        ogi_free(h);
      } else if (run.is_check && csv) {
        char *h = ogi_render_check_csv_header();
        S_out(&run, h);
        ogi_free(h);
      }
      if (run.is_check) {
        const char *nc = getenv("NO_COLOR");
        int color = c->color && !strcmp(c->color, "always") ? 1 : c->color && !strcmp(c->color, "never") ? 0 : isatty(1);
        if (nc && *nc) color = 0;
        run.check_flags = (c->quiet ? OGI_CHECK_QUIET : 0) | (color ? OGI_CHECK_COLOR : 0);
      }
    }
    ogi_batch_stats st;
    int brc = ogi_batch(rules, (const char *const *)c->files, c->nfiles, &opt, &st, err, sizeof err);
    if (brc != OGI_OK) S_error(err);
    else if (dataset && !c->quiet) S_batch_summary(&st);
    else if (run.is_summary) S_summary_totals(&run, &st);
    if (brc != OGI_OK || st.failed) run.input_error = 1;
  }
  rc = EXIT_OK;
  if (run.is_check && run.any_failed) rc = EXIT_CHECKS;
  else if (run.is_check && run.any_skipped) rc = EXIT_UNCHECKED;
  if (run.input_error) rc = EXIT_INPUT;
  if (fflush(stdout) != 0 || ferror(stdout)) run.io = 1;
  if (run.io) {
    fprintf(stderr, "ogi: error writing standard output\n");
    rc = EXIT_INPUT;
  }
  ogi_corrections_free(&corrections);
  ogi_rules_free(&rules);
  return rc;
}

int main(int argc, char **argv) {
  /* a file size limit (ulimit -f) is a write error to report with what was stored, not a signal that kills */
  signal(SIGXFSZ, SIG_IGN);
  S_cli c;
  memset(&c, 0, sizeof c);
  ogi_compare_options_init(&c.compare);
  c.files = calloc((size_t)argc + 1, sizeof *c.files);
  c.include = calloc((size_t)argc + 1, sizeof *c.include);
  c.exclude = calloc((size_t)argc + 1, sizeof *c.exclude);
  int rc = c.files && c.include && c.exclude ? S_main(&c, argc, argv) : EXIT_INPUT;
  free(c.files);
  free(c.include);
  free(c.exclude);
  return rc;
}
