/* ogi — the command line. Thin: parses options, reads files, calls libogi, writes what it returns. */
#include "ogi.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Exit codes: a contract, documented in --help, the man page and README. */
enum {
  EXIT_OK = 0,          /* done; for `check`: every check passed */
  EXIT_CHECKS = 1,      /* `check`: a check failed in some report */
  EXIT_USAGE = 2,       /* bad command line */
  EXIT_INPUT = 3,       /* some file unreadable, not a report, or unsupported (the others were processed) */
  EXIT_RULES = 4,       /* the pattern files could not be loaded */
  EXIT_UNCHECKED = 5    /* `check`: no check failed, but some could not run (a value they need was not found) */
};

static const char usage[] =
    "usage: ogi extract [--format json|jsonl|csv] [--pretty] [options] FILE...\n"
    "       ogi extract [-o reports.db|out.csv|out.jsonl] [-j N] [--force] [--excel] DIR|FILE...\n"
    "       ogi check [options] FILE...\n"
    "       ogi summary FILE...\n"
    "       ogi fields [--patterns DIR]\n"
    "       ogi layout FILE     (debugging: the lines and tokens the rules see)\n"
    "       ogi --help | --version\n"
    "\n"
    "Extracts the statistics tables (表二, 表三, 表四) of Chinese government information-disclosure annual\n"
    "reports (政府信息公开工作年度报告) and checks their arithmetic (勾稽关系).\n"
    "\n"
    "commands:\n"
    "  extract   one JSON object per report (fields, provenance, checks, warnings); FILE may be '-'\n"
    "  check     compiler-style diagnostics on stderr for every failed check and warning, and how many\n"
    "            checks could not run\n"
    "  summary   one readable line per report (ok, failed, or partial when checks could not run; template,\n"
    "            year, values found, checks failed and not run, warnings, agency), then totals\n"
    "  fields    the field ids (the output schema) as TSV\n"
    "\n"
    "options:\n"
    "  --format F       json (default), jsonl (one compact object per line) or csv (one row per report)\n"
    "  --pretty         indent JSON\n"
    "  -o FILE          write one dataset: SQLite (default; .db), CSV (.csv) or JSONL (.jsonl); folders are\n"
    "                   walked recursively; re-running adds only new files (by path and sha256)\n"
    "  -j N             worker threads (default: one per core); the dataset is the same for any N\n"
    "  --force          re-extract files the dataset already holds\n"
    "  --excel          CSV: start with a BOM so that Excel shows the Chinese text\n"
    "  --patterns DIR   rule files directory (default: $OGI_PATTERNS, the source tree, the installed copy)\n"
    "  --max-bytes N    refuse files larger than N bytes (default 67108864)\n"
    "  --max-depth N    read markup nested deeper than N as plain text (default 256)\n"
    "  --max-cells N    read at most N table cells per file (default 200000)\n"
    "  --max-seconds S  give up a file after S seconds (default 30)\n"
    "  -q, --quiet      check: no warnings, only failed checks; extract -o: no progress or summary\n"
    "\n"
    "exit codes:\n"
    "  0  done (check: every check passed)\n"
    "  1  check: at least one check failed\n"
    "  2  usage error\n"
    "  3  at least one file unreadable, empty, binary, too large, too slow, unsupported (PDF, Word)\n"
    "     or without tables (with -o or a folder: non-reports in a folder are skipped and counted, and\n"
    "     reports without tables recorded as no_tables; neither is a failure)\n"
    "  4  the pattern files could not be loaded\n"
    "  5  check: no check failed, but some could not run (a value they need was not found)\n"
    "  (3 comes before 1, and 1 before 5)\n";

static int S_write(FILE *f, const char *s) {
  if (!s) return 0;
  return fputs(s, f) < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
  const char *format = "json", *patterns = NULL, *cmd = NULL, *output = NULL;
  int pretty = 0, quiet = 0, jobs = 0, force = 0, excel = 0, format_given = 0;
  ogi_limits limits = {0, 0, 0, 0};
  char **files = calloc((size_t)argc + 1, sizeof(char *));
  int nfiles = 0, only_files = 0;
  if (!files) return EXIT_USAGE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_files && a[0] == '-' && a[1]) {
      if (!strcmp(a, "--")) { only_files = 1; continue; }
      if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(usage, stdout); free(files); return EXIT_OK; }
      if (!strcmp(a, "--version")) { printf("ogi %s\n", ogi_version()); free(files); return EXIT_OK; }
      if (!strcmp(a, "--pretty")) { pretty = 1; continue; }
      if (!strcmp(a, "--force")) { force = 1; continue; }
      if (!strcmp(a, "--excel")) { excel = 1; continue; }
      if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) { output = argv[++i]; continue; }
      if (!strncmp(a, "-j", 2) && (a[2] || i + 1 < argc)) {
        const char *v = a[2] ? a + 2 : argv[++i];
        char *end;
        jobs = (int)strtol(v, &end, 10);
        if (*end || jobs < 1) { fprintf(stderr, "ogi: -j takes a positive number, not '%s'\n", v); free(files); return EXIT_USAGE; }
        continue;
      }
      if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) { quiet = 1; continue; }
      if ((!strcmp(a, "--format") || !strcmp(a, "--patterns") || !strcmp(a, "--max-bytes") ||
           !strcmp(a, "--max-depth") || !strcmp(a, "--max-cells") || !strcmp(a, "--max-seconds")) && i + 1 < argc) {
        const char *v = argv[++i];
        if (!strcmp(a, "--format")) { format = v; format_given = 1; }
        else if (!strcmp(a, "--patterns")) patterns = v;
        else {
          char *end;
          double x = strtod(v, &end);
          if (*end || !(x > 0) || x > 1e15) { fprintf(stderr, "ogi: %s takes a positive number, not '%s'\n", a, v); free(files); return EXIT_USAGE; }
          if (!strcmp(a, "--max-bytes")) limits.max_bytes = (size_t)x;
          else if (!strcmp(a, "--max-depth")) limits.max_depth = x > 100000 ? 100000 : (int)x;
          else if (!strcmp(a, "--max-cells")) limits.max_cells = (long)x;
          else limits.max_seconds = x;
        }
        continue;
      }
      if (!strncmp(a, "--format=", 9)) { format = a + 9; format_given = 1; continue; }
      if (!strncmp(a, "--patterns=", 11)) { patterns = a + 11; continue; }
      fprintf(stderr, "ogi: unknown option '%s' (see ogi --help)\n", a);
      free(files);
      return EXIT_USAGE;
    }
    if (!cmd) cmd = a;
    else files[nfiles++] = argv[i];
  }
  if (!cmd) { fputs(usage, stderr); free(files); return EXIT_USAGE; }
  int is_extract = !strcmp(cmd, "extract"), is_check = !strcmp(cmd, "check"), is_fields = !strcmp(cmd, "fields");
  int is_summary = !strcmp(cmd, "summary");
  if (!strcmp(cmd, "layout") && nfiles == 1) {
    char *s = NULL, lerr[1024];
    if (ogi_dump_layout_file(&limits, files[0], &s, lerr, sizeof lerr) != OGI_OK) {
      fprintf(stderr, "ogi: %s\n", lerr);
      free(files);
      return EXIT_INPUT;
    }
    fputs(s, stdout);
    ogi_free(s);
    free(files);
    return EXIT_OK;
  }
  if (!is_extract && !is_check && !is_fields && !is_summary) {
    fprintf(stderr, "ogi: unknown command '%s' (see ogi --help)\n", cmd);
    free(files);
    return EXIT_USAGE;
  }
  if (strcmp(format, "json") && strcmp(format, "jsonl") && strcmp(format, "csv") && strcmp(format, "sqlite")) {
    fprintf(stderr, "ogi: unknown format '%s': use json, jsonl, csv or sqlite\n", format);
    free(files);
    return EXIT_USAGE;
  }
  if (!strcmp(format, "sqlite") && !output) {
    fprintf(stderr, "ogi: --format sqlite writes a database: give it with -o FILE\n");
    free(files);
    return EXIT_USAGE;
  }
  if (!is_fields && nfiles == 0) {
    fprintf(stderr, "ogi: %s needs at least one FILE (or '-' for standard input)\n", cmd);
    free(files);
    return EXIT_USAGE;
  }
  ogi_rules *rules = NULL;
  char err[1024];
  if (ogi_rules_load(patterns, &rules, err, sizeof err) != OGI_OK) {
    fprintf(stderr, "ogi: %s\n", err);
    free(files);
    return EXIT_RULES;
  }
  int rc = EXIT_OK, io = 0;
  int any_dir = 0;
  for (int i = 0; i < nfiles; i++) {
    struct stat st;
    if (strcmp(files[i], "-") && stat(files[i], &st) == 0 && S_ISDIR(st.st_mode)) any_dir = 1;
  }
  if (is_extract && (output || any_dir)) {
    ogi_batch_options opt = {jobs, force, quiet ? 0 : -1, excel, limits, output,
                             format_given ? (strcmp(format, "json") ? format : "jsonl") : (output ? NULL : "jsonl")};
    ogi_batch_stats st;
    int brc = ogi_batch(rules, (const char *const *)files, nfiles, &opt, &st, err, sizeof err);
    if (brc != OGI_OK) fprintf(stderr, "ogi: %s\n", err);
    else if (!quiet) {
      char not_run[96] = "", no_tables[96] = "";
      if (st.checks_skipped > 0)
        snprintf(not_run, sizeof not_run, "; %ld checks not run in %ld reports", st.checks_skipped, st.with_skipped_checks);
      if (st.no_tables > 0)
        snprintf(no_tables, sizeof no_tables, "; %ld reports without tables (recorded, no values)", st.no_tables);
      fprintf(stderr,
              "%ld files in %.1fs (%.0f files/s): %ld reports extracted (2021 template %ld, 2019 %ld, legacy %ld), "
              "%ld with failed checks%s%s; %ld already in the dataset; %ld skipped as not reports (%ld binary or empty, "
              "%ld PDF/Word, %ld without tables, %ld blank templates); %ld failed%s\n",
              st.files, st.seconds, st.seconds > 0 ? st.files / st.seconds : 0.0, st.reports, st.template_2021,
              st.template_2019, st.legacy, st.with_failed_checks, not_run, no_tables, st.already_stored, st.skipped,
              st.skipped_binary, st.skipped_unsupported, st.skipped_no_tables, st.skipped_blank, st.failed,
              st.symlinked_folders ? "; symbolic links to folders not followed" : "");
    }
    ogi_rules_free(&rules);
    free(files);
    return brc != OGI_OK ? EXIT_INPUT : st.failed ? EXIT_INPUT : EXIT_OK;
  }
  if (is_fields) {
    char *s = ogi_render_fields(rules);
    io |= S_write(stdout, s);
    ogi_free(s);
  } else {
    if (is_extract && !strcmp(format, "csv")) {
      char *h = ogi_render_csv_header(rules);
      io |= S_write(stdout, h);
      ogi_free(h);
    }
    int any_input_error = 0, any_failed = 0, any_skipped = 0, n_ok = 0, n_err = 0, n_failed = 0, n_legacy = 0, n2019 = 0, n2021 = 0;
    int n_unchecked = 0, n_no_tables = 0;
    long cells = 0, cells_found = 0, checks_not_run = 0;
    for (int i = 0; i < nfiles; i++) {
      ogi_report *r = NULL;
      int st = ogi_extract_file(rules, &limits, files[i], &r);
      if (st == OGI_ERR_NO_TABLES && ogi_report_year(r) > 0) {
        /* a report that prints no tables (its meta is kept): not a value to show, so exit 3 as documented */
        any_input_error = 1;
        n_no_tables++;
        fprintf(stderr, "ogi: %s\n", ogi_report_error(r));
        if (is_summary)
          printf("%-9s %-6s %4d  no statistics tables  %s  %s\n", "no_tables",
                 ogi_report_template(r) ? ogi_report_template(r) : "-", ogi_report_year(r),
                 ogi_report_agency(r) ? ogi_report_agency(r) : "(agency unknown)", files[i]);
      } else if (st != OGI_OK) {
        any_input_error = 1;
        n_err++;
        fprintf(stderr, "ogi: %s\n", ogi_report_error(r));
        if (is_summary) printf("%-9s %s\n", "error", ogi_report_error(r));
      } else {
        any_failed |= ogi_report_failed_checks(r) > 0;
        any_skipped |= ogi_report_skipped_checks(r) > 0;
        if (is_summary) {
          int nf, found;
          ogi_report_counts(r, &nf, &found);
          const char *t = ogi_report_template(r);
          int failed = ogi_report_failed_checks(r), skipped = ogi_report_skipped_checks(r);
          n_ok++;
          n_failed += failed > 0;
          n_unchecked += skipped > 0;
          checks_not_run += skipped;
          n_legacy += !strcmp(t, "legacy");
          n2019 += !strcmp(t, "2019");
          n2021 += !strcmp(t, "2021");
          cells += nf;
          cells_found += found;
          /* "ok" only when every check ran and passed: a check that could not run has not shown anything */
          char not_run[48] = "";
          if (skipped > 0) snprintf(not_run, sizeof not_run, "  %2d check%s not run", skipped, skipped == 1 ? "" : "s");
          printf("%-9s %-6s %4d  %3d/%-3d values  %2d checks failed%s  %2d warnings  %s  %s\n",
                 failed ? "failed" : skipped ? "partial" : "ok", t, ogi_report_year(r), found, nf, failed, not_run,
                 ogi_report_warning_count(r), ogi_report_agency(r) ? ogi_report_agency(r) : "(agency unknown)", files[i]);
        } else if (is_extract) {
          char *s = !strcmp(format, "csv") ? ogi_render_csv_row(r) : ogi_render_json(r, pretty && strcmp(format, "jsonl"));
          io |= S_write(stdout, s);
          if (strcmp(format, "csv")) io |= S_write(stdout, "\n");
          ogi_free(s);
        } else {
          char *s = ogi_render_diagnostics(r);
          if (quiet) {
            /* keep only the failed checks: lines up to the first warning */
            char *w = strstr(s, ": warning: ");
            while (w && w > s && w[-1] != '\n') w--;
            if (w) *w = 0;
          }
          fputs(s, stderr);
          ogi_free(s);
        }
      }
      ogi_report_free(&r);
    }
    if (is_summary) {
      char not_run[96] = "", no_tables[64] = "";
      if (checks_not_run > 0) snprintf(not_run, sizeof not_run, "; %ld checks not run in %d reports", checks_not_run, n_unchecked);
      if (n_no_tables > 0) snprintf(no_tables, sizeof no_tables, ", %d reports without tables", n_no_tables);
      printf("\n%d reports (%d on the 2021 template, %d on 2019, %d legacy)%s, %d files not read; "
             "%ld of %ld values found; %d reports with failed checks%s (run 'ogi check FILE' to see them)\n",
             n_ok, n2021, n2019, n_legacy, no_tables, n_err, cells_found, cells, n_failed, not_run);
    }
    if (is_check && any_failed) rc = EXIT_CHECKS;
    else if (is_check && any_skipped) rc = EXIT_UNCHECKED;
    if (any_input_error) rc = EXIT_INPUT;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) io = -1;
  if (io) {
    fprintf(stderr, "ogi: error writing standard output\n");
    rc = EXIT_INPUT;
  }
  ogi_rules_free(&rules);
  free(files);
  return rc;
}
