/* The pipeline driver (pipeline.c): one file's bytes through decode, layout reader, rules, fields and checks
 * into a report; what it shares with the batch and ogi layout: reading a file, the limits, the text layout. */
#ifndef OGI_PIPELINE_H
#define OGI_PIPELINE_H
#include "report.h"
#include <stddef.h>

/* ogi_extract_corrected of bytes whose SHA-256 (64 hex digits) the caller has computed already (batch.c);
 * sha256 NULL: computed here. */
int og_extract_hashed(const ogi_rules *rules, const ogi_limits *limits, const ogi_corrections *corrections,
                      const char *source, const unsigned char *bytes, size_t len, const char *sha256,
                      ogi_report **out);
/* Reads a whole file ("-": standard input) up to max_bytes (0: the default). Returns OGI_OK or a status
 * with a message in err; *data is freed by the caller. */
int og_read_file(const char *path, size_t max_bytes, unsigned char **data, size_t *len, char *err, size_t errlen);
/* A report that only carries an error, for a file that could not be read. */
ogi_report *og_report_error(const ogi_rules *rules, const char *path, int status, const char *msg);

/* The limits with every unset one (0) at its default (OGI_DEFAULT_*); in may be NULL. */
ogi_limits og_limits_or_default(const ogi_limits *in);
/* Tokens and lines a document keeps under the limits: twice the cell limit. */
size_t og_max_tokens(const ogi_limits *l);
/* The text layout of decoded text: "html", "markdown" or "text" (which reader reads it). */
const char *og_detect_format(const char *text, size_t len);
#endif
