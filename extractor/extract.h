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

/* Cuts the digit strings parts[0..nparts) into exactly k numbers; accept(vals, k, ctx) says whether a cut
 * is consistent. Returns the number of consistent cuts, storing the cut in out only when there is exactly
 * one (several are for the arithmetic of the whole table to decide, never for a guess); -1 when the work
 * limit was reached. Exposed for tests. */
int og_segment_digits(const char *const *parts, int nparts, int k, int (*accept)(const double *, int, void *),
                     void *ctx, double *out, char (*out_text)[32], int *out_part);
#endif
