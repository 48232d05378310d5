/* Stage 8: writers. JSON (one object per report), CSV (one row per report, one column per field id),
 * and compiler-style diagnostics. All of them read the finished report only. */
#ifndef OGI_WRITER_H
#define OGI_WRITER_H
#include "report.h"
#include "util.h"
void S_json_string(S_buf *b, const char *s);
void S_format_number(char *out, size_t n, double v);
#endif
