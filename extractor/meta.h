/* Stage 6c: the report's metadata, from the document's lines and an HTML page's <h1> and <title> (doc.h),
 * with the patterns of patterns/meta.tsv: the agency and year from the title (site chrome before it removed,
 * a title wrapped over lines joined), else from the statistics period and the signature; the publication
 * date from the signed date at the end (Arabic or Chinese numerals), else from a "发布日期" line. */
#ifndef OGI_META_H
#define OGI_META_H
#include "doc.h"
#include "report.h"

/* Fills r->agency, r->year, r->published from the document. */
void og_extract_meta(ogi_report *r, const og_doc *d);
#endif
