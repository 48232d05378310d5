/* The data dictionary (dictionary.c): each field's labels and unit from patterns/labels.tsv, and the checksum
 * of the rule files; read by the SQLite dataset (dataset.c) and the CSV export's datapackage.json (writer.c). */
#ifndef OGI_DICTIONARY_H
#define OGI_DICTIONARY_H
#include "rules.h"
#include <stddef.h>

/* Chinese and English labels of each field (NULLs for meta fields), from patterns/labels.tsv; NULL with a
 * message naming the file when a row or column of fields.tsv has none. Freed with og_field_labels_free. */
typedef struct {
  char *column_key, *row_zh, *column_zh, *row_en, *column_en, *unit, *label_en;
} og_field_label;
og_field_label *og_field_labels(const ogi_rules *rules, char *err, size_t errlen);
void og_field_labels_free(og_field_label *labels, int n);
/* SHA-256 of the rule files, recorded in the dataset's meta table (rules_sha256). */
void og_rules_checksum(const ogi_rules *rules, char out[65]);
#endif
