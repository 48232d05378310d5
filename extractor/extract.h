/* Stages 5-6: the rule engine. Reads the token stream (doc.h) with the rules (rules.h) and places values
 * into the report's fields, anchored on the template: row labels found by pattern, runs of numbers fitted
 * to each row's known column count (cutting glued digits by the sums that must hold), rows whose label
 * was lost placed by template order only where that order leaves exactly one choice. The metadata is meta.h. */
#ifndef OGI_EXTRACT_H
#define OGI_EXTRACT_H
#include "doc.h"
#include "report.h"

/* Fills r->values, r->tmpl, r->variant and warnings. Returns the number of values placed. */
int og_extract_fields(ogi_report *r, const og_doc *d);
#endif
