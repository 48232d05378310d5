/* A program built against libogi as a user builds it (pkg-config ogi, or find_package(ogi)): the version
 * macros, a report's values with provenance, its checks with the fields of each sum, its warnings, a correction
 * given as data, and a batch with the report and message callbacks. usage: consumer REPORT [PATTERNS_PREFIX]; exit 0 when all hold. */
#include <ogi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define EXPECT(cond)                                                                   \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      fprintf(stderr, "consumer: %s:%d: expected %s\n", __FILE__, __LINE__, #cond);    \
      failures++;                                                                      \
    }                                                                                  \
  } while (0)

typedef struct {
  int reports, ok, errors, messages, notes;
  char last_status[16];
} counts;

static void on_report(void *data, const ogi_report *r, const char *path, const char *status, int named) {
  counts *c = data;
  (void)path;
  c->reports++;
  c->ok += !strcmp(status, "ok") && ogi_report_failed_checks(r) == 2;
  c->errors += !strcmp(status, "error") && named;
  snprintf(c->last_status, sizeof c->last_status, "%s", status);
}

static long progress_done, progress_total;
static void on_message(void *data, const ogi_message *m) {
  counts *c = data;
  c->messages += m->kind == OGI_MSG_ERROR && strstr(m->text, "cannot open") != NULL;
  c->notes += m->kind == OGI_MSG_NOTE && strstr(m->text, "matches no input") != NULL;
  if (m->kind == OGI_MSG_PROGRESS) {
    progress_done = m->done;
    progress_total = m->total;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  char version[32];
  snprintf(version, sizeof version, "%d.%d.%d", OGI_VERSION_MAJOR, OGI_VERSION_MINOR, OGI_VERSION_PATCH);
  EXPECT(!strcmp(version, OGI_VERSION_STRING));
  EXPECT(!strcmp(ogi_version(), OGI_VERSION_STRING));

  ogi_rules *rules = NULL;
  char err[512];
  if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) {
    fprintf(stderr, "consumer: %s\n", err);
    return 1;
  }
  /* the pattern files were found beside the installed library, wherever the tree was moved */
  if (argc > 2) EXPECT(!strncmp(ogi_rules_dir(rules), argv[2], strlen(argv[2])));

  ogi_report *r = NULL;
  EXPECT(ogi_extract_file(rules, NULL, argv[1], &r) == OGI_OK);
  double v = -1;
  EXPECT(ogi_report_value(r, "t3.denied.admin_query.natural", &v) == 1 && v == 1);
  ogi_value val;
  EXPECT(ogi_report_value_info(r, "t3.denied.admin_query.natural", &val) == 1);
  EXPECT(val.found && val.value == 1 && !val.blank && val.line == 196 && val.col == 2 && val.page == 0);
  EXPECT(val.raw && !strcmp(val.raw, "1") && val.label && !strcmp(val.label, "8.属于行政查询事项"));
  EXPECT(ogi_report_value_count(r) == 200);
  int found = 0;
  for (int i = 0; ogi_report_value_at(r, i, &val); i++) found += val.found;
  EXPECT(found == 200);

  int failed = 0, first_fail = -1;
  ogi_check c;
  for (int i = 0; ogi_report_check_at(r, i, &c); i++)
    if (c.status == OGI_CHECK_FAIL && failed++ == 0) first_fail = i;
  EXPECT(failed == 2 && ogi_report_failed_checks(r) == 2);
  EXPECT(first_fail >= 0 && ogi_report_check_at(r, first_fail, &c));
  EXPECT(!strcmp(c.rule, "t3.row_total") && !strcmp(c.subject, "t3.denied.admin_query"));
  EXPECT(c.expected == 1 && c.actual == 0 && c.line == 202 && c.col == 2 && c.nfields == 7);
  const char *f0 = ogi_report_check_field(r, first_fail, 0);
  EXPECT(f0 && !strcmp(f0, "t3.denied.admin_query.natural"));
  EXPECT(ogi_report_check_field(r, first_fail, 7) == NULL);
  ogi_warning w;
  int nw = 0;
  while (ogi_report_warning_at(r, nw, &w)) nw++;
  EXPECT(nw == ogi_report_warning_count(r));
  char *csv = ogi_render_check(r, "csv", 0);
  EXPECT(csv && strstr(csv, ",failed,t3.row_total,t3.denied.admin_query,,1,0,,,202,2,,,"));
  ogi_free(csv);
  EXPECT(ogi_render_check(r, "xml", 0) == NULL);
  int page = -1, page_line = -1;
  EXPECT(ogi_report_page(r, 196, &page, &page_line) == 0 && page == 0 && page_line == 0); /* text: no pages */
  ogi_report_free(&r);
  EXPECT(r == NULL);

  /* a correction as data: the printed 0 of the row's total is corrected to 1, the checks see the 1 */
  char cpath[512];
  const char *tmpdir = getenv("TMPDIR");
  snprintf(cpath, sizeof cpath, "%s/ogi-consumer-%p.tsv", tmpdir && *tmpdir ? tmpdir : "/tmp", (void *)cpath);
  FILE *cf = fopen(cpath, "w");
  EXPECT(cf != NULL);
  if (cf) {
    fprintf(cf, "# a comment\n%s\tt3.denied.admin_query.total\t1\tthe row adds up to 1\n", argv[1]);
    fprintf(cf, "/nonexistent/ogi-consumer.txt\tt3.total.total\t1\tno such input\n");
    fclose(cf);
  }
  ogi_corrections *corr = NULL;
  EXPECT(ogi_corrections_load(rules, cpath, &corr, err, sizeof err) == OGI_OK && ogi_corrections_count(corr) == 2);
  const char *ckey = NULL, *cfield = NULL;
  int cline = 0;
  EXPECT(ogi_correction_at(corr, 0, &ckey, &cfield, &cline) && !strcmp(ckey, argv[1]) &&
         !strcmp(cfield, "t3.denied.admin_query.total") && cline == 2);
  unsigned char *bytes = NULL;
  size_t len = 0;
  EXPECT(ogi_read_file(argv[1], 0, &bytes, &len, err, sizeof err) == OGI_OK);
  EXPECT(ogi_extract_corrected(rules, NULL, corr, argv[1], bytes, len, &r) == OGI_OK);
  ogi_free(bytes);
  double printed = -1;
  const char *note = NULL;
  EXPECT(ogi_report_value(r, "t3.denied.admin_query.total", &v) == 1 && v == 1);
  EXPECT(ogi_report_correction(r, "t3.denied.admin_query.total", &printed, &note) == 1 && printed == 0 &&
         note && !strcmp(note, "the row adds up to 1"));
  EXPECT(ogi_report_correction(r, "t3.denied.admin_query.natural", NULL, NULL) == 0);
  EXPECT(ogi_report_failed_checks(r) == 0);
  ogi_report_free(&r);

  /* terminal escapes in crawled names and excerpts are shown, not obeyed */
  struct { const char *in, *out; } esc[] = {{"a\x1b[2Jb", "a\\x1B[2Jb"}, {"\xc2\x9b" "31m", "\\u{009B}31m"},
                                            {"中文\t表三", "中文\t表三"}, {"\xff", "\\xFF"}, {"\x7f\r", "\\x7F\\x0D"}};
  for (size_t i = 0; i < sizeof esc / sizeof esc[0]; i++) {
    char *e = ogi_escape_terminal(esc[i].in);
    EXPECT(e && !strcmp(e, esc[i].out));
    ogi_free(e);
  }

  /* a batch without a dataset: every input comes back through the callbacks, none on stderr */
  ogi_batch_options opt;
  ogi_batch_options_init(&opt);
  opt.format = "none";
  opt.jobs = 2;
  opt.progress = 1; /* through the callback: nothing drawn on stderr */
  counts n = {0, 0, 0, 0, 0, ""};
  opt.on_report = on_report;
  opt.report_data = &n;
  opt.message = on_message;
  opt.message_data = &n;
  const char *inputs[] = {argv[1], "/nonexistent/ogi-consumer.html"};
  ogi_batch_stats st;
  EXPECT(ogi_batch(rules, inputs, 2, &opt, &st, err, sizeof err) == OGI_OK);
  EXPECT(n.reports == 2 && n.ok == 1 && n.errors == 1 && n.messages == 1 && !strcmp(n.last_status, "error"));
  EXPECT(progress_done == 2 && progress_total == 2);
  EXPECT(st.files == 2 && st.reports == 1 && st.failed == 1 && st.values == 200 && st.values_found == 200);
  opt.corrections = corr; /* the file is corrected (not checked here); the other correction is a note */
  counts n2 = {0, 0, 0, 0, 0, ""};
  opt.report_data = opt.message_data = &n2;
  EXPECT(ogi_batch(rules, inputs, 1, &opt, &st, err, sizeof err) == OGI_OK);
  EXPECT(n2.reports == 1 && n2.notes == 1);
  ogi_corrections_free(&corr);
  EXPECT(corr == NULL);
  remove(cpath);
  opt.corrections = NULL;
  opt.output = "x.xlsx";
  opt.format = NULL;
  EXPECT(ogi_batch_format(&opt) == NULL);

  printf("ogi %s: %s, t3.denied.admin_query.natural = %g at %d:%d, %d checks failed; patterns %s\n", ogi_version(),
         "ok", v, 196, 2, failed, ogi_rules_dir(rules));
  ogi_rules_free(&rules);
  return failures ? 1 : 0;
}
