/* Stage 8: writers. JSON (one object per report), CSV (one row per report, one column per field id),
 * the datapackage.json beside a CSV export, and compiler-style diagnostics. All of them read the finished report only. */
#ifndef OGI_WRITER_H
#define OGI_WRITER_H
#include "report.h"
#include "util.h"
/* The source line of (line, col) in the decoded text, cut to 300 bytes around the column, control characters
 * escaped, pdftotext's leading form feeds left out (columns count them), and a caret under col. */
void og_render_excerpt(og_buf *b, const ogi_report *r, int line, int col);
/* Writes the Frictionless descriptor of the CSV export csv beside it (out.csv -> out.datapackage.json): the
 * columns with their types, units and Chinese and English labels. 0, or -1 with a message in err. */
int og_write_datapackage(const ogi_rules *rules, const char *csv, int excel, char *err, size_t errlen);
#endif
