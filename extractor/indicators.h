/* Indicators (docs/indicators.md): figures computed from a report's values by the definitions of
 * patterns/indicators.tsv — a sum of fields, or a ratio of two sums — lined up across the 2019 and 2021
 * templates where the templates allow. Used by the JSON writer, the narrative checks and ogi.h's
 * ogi_report_indicator. */
#ifndef OGI_INDICATORS_H
#define OGI_INDICATORS_H
#include "report.h"

typedef struct indicator_def {
  char *name;
  int in2019, in2021; /* the templates this definition is for */
  int *num, nnum;     /* field indices added up (numerator) */
  int *den, nden;     /* the denominator's field indices; nden 0: not a ratio */
} indicator_def;

/* Parses indicators.tsv's lines into r->indicators (field ids checked against r->fields). Returns 0, or -1
 * with a message naming file and line in err. */
int indicators_parse(ogi_rules *r, const char *path, char **lines, int nlines, char *err, size_t errlen);
void indicators_free(ogi_rules *r);
/* Index of the first definition of name, or -1. */
int indicators_find(const ogi_rules *r, const char *name);
/* The indicator's value for the report: 1 with *value set; 0 when a value it needs is null or its
 * denominator is 0; -1 when the name is unknown or not defined for the report's template. */
int indicators_value(const ogi_report *rep, const char *name, double *value);
/* The definition used for the report (of its template), or NULL. */
const indicator_def *indicators_def_for(const ogi_report *rep, const char *name);
#endif
