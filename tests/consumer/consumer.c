/* A program built against the installed libogi (pkg-config ogi): the install carries what a user needs. */
#include <ogi.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  ogi_rules *rules = NULL;
  char err[512];
  if (ogi_rules_load(NULL, &rules, err, sizeof err) != OGI_OK) {
    fprintf(stderr, "consumer: %s\n", err);
    return 1;
  }
  ogi_report *r = NULL;
  double v = -1;
  int rc = ogi_extract_file(rules, NULL, argv[1], &r);
  int got = rc == OGI_OK ? ogi_report_value(r, "t3.denied.admin_query.natural", &v) : -2;
  printf("ogi %s: %s, t3.denied.admin_query.natural = %g, %d checks failed\n", ogi_version(),
         ogi_report_agency(r) ? ogi_report_agency(r) : "?", v, ogi_report_failed_checks(r));
  ogi_report_free(&r);
  ogi_rules_free(&rules);
  return got == 1 && v == 1 ? 0 : 1;
}
