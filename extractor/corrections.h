/* Corrections as data (ogi extract --corrections FILE): values a person read off the printed report to
 * replace what ogi read (a misprint, a cell the reader could not place). One TSV line each: the report's
 * sha256 or path, the field id, the value, a note. Applied to a report after its values are placed and
 * before its checks run; the printed value is kept beside the correction (JSON provenance "corrected",
 * report_values.printed and .correction). */
#ifndef OGI_CORRECTIONS_H
#define OGI_CORRECTIONS_H
#include "report.h"

typedef struct {
  char *key;    /* a sha256 (64 hex digits) or a path, as ogi names the file */
  int is_sha;
  int field;    /* index in rules->fields */
  char *field_id;
  double value;
  char *note;
  int line;     /* in the corrections file */
} og_correction;

struct ogi_corrections {
  char *path;   /* the file, for messages */
  og_correction *v;
  int n;
};

/* Applies to r (its values placed, its checks not yet run) every correction whose key is r's sha256 or source;
 * a correction of a field the report's template does not have is a warning `corrected` that says so. */
void og_corrections_apply(ogi_report *r, const ogi_corrections *c);
/* 1 when r has the warning `corrected` of correction i (it was applied, or r says why not). */
int og_correction_warned(const ogi_corrections *c, int i, const ogi_report *r);
/* 1 when correction i is for the file at path with content sha256 (either may be NULL). */
int og_correction_matches(const ogi_corrections *c, int i, const char *path, const char *sha256);
#endif
