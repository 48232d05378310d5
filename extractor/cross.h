/* Cross-year checks (patterns/cross_checks.tsv): rules between the reports of one agency for two
 * consecutive years — 上年结转 against the previous year's 结转下年度继续办理, 现行有效件数 against the previous
 * year's plus 本年制发 minus 本年废止, a report whose 表三 and 表四 are the previous year's. The rules are loaded
 * from the rules' directory and applied to two reports' values; the dataset (dataset.c) finds the pairs and
 * stores the warnings in its cross_checks table. */
#ifndef OGI_CROSS_H
#define OGI_CROSS_H
#include "rules.h"
#include <stddef.h>

typedef struct og_cross og_cross;

/* Loads <rules dir>/cross_checks.tsv; NULL with a message naming file and line in err. Free with og_cross_free. */
og_cross *og_cross_load(const ogi_rules *rules, char *err, size_t errlen);
void og_cross_free(og_cross **c);

/* One year's report: its template and, for each field of rules->fields, whether it has a value and the value. */
typedef struct {
  const char *tmpl;
  const unsigned char *found;
  const double *value;
} og_cross_side;

/* One warning: rule, subject (a field id, or "t3,t4" for copied), the expected and actual values (has_numbers
 * 0: none, copied), and a message. Strings are valid during the call only. */
typedef void (*og_cross_fn)(void *data, const char *rule, const char *subject, int has_numbers, double expected,
                           double actual, const char *message);
/* Applies every rule, in file order (each rule's subjects in fields.tsv order), to the pair prev (the year
 * before) and cur; returns the number of warnings given to fn. */
int og_cross_pair(const og_cross *c, const og_cross_side *prev, const og_cross_side *cur, og_cross_fn fn, void *data);
#endif
