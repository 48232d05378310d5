/* Narrative ↔ table checks: the figures a report's text states for an indicator (applications received,
 * handled, carried over and forward, reviews, suits), found by the sentence patterns of
 * patterns/narrative.tsv, compared with the indicator computed from the tables. A difference is the
 * warning narrative_mismatch; a value is never changed from the text. The same sentences, for a field id,
 * are the evidence the extractor may use to choose among the readings a 表二 row's layout allows
 * (narrative_stated). */
#ifndef OGI_NARRATIVE_H
#define OGI_NARRATIVE_H
#include "doc.h"
#include "report.h"

#define NARRATIVE_MAX_ALTS 4
#define NARRATIVE_MAX_TERMS 16

/* One thing a figure may be: an indicator of indicators.tsv, or a field id, or a sum of field ids joined by
 * + ("t3.new_received.natural+t3.carried_over.natural"). */
typedef struct narrative_alt {
  char *name;     /* as written in narrative.tsv */
  int indicator;  /* its index in r->indicators, or -1 */
  int nfields;    /* else the fields summed */
  int fields[NARRATIVE_MAX_TERMS];
} narrative_alt;

typedef struct narrative_rule {
  char *indicator; /* a name of indicators.tsv, or several joined by | (the figure may be any of them) */
  narrative_alt alt[NARRATIVE_MAX_ALTS]; /* the names joined by |, parsed */
  int nalt;
  pcre2_code *re;  /* over one sentence without whitespace; group 1 the figure, no group: the text says none (0) */
  int line;        /* in narrative.tsv */
} narrative_rule;

enum { NARRATIVE_MATCH = 0, NARRATIVE_MISMATCH = 1, NARRATIVE_UNCHECKED = 2 };

typedef struct narrative_item {
  const char *indicator; /* owned by the rules */
  int line;              /* the figure's line in the source */
  double stated;
  double table;          /* the indicator's value; NAN when it is null (unchecked) */
  int status;            /* NARRATIVE_* */
  char *text;            /* the sentence, whitespace removed, at most about 300 bytes */
} narrative_item;

/* Parses narrative.tsv's lines into r->narrative (indicator names checked). 0, or -1 with a message. */
int narrative_parse(ogi_rules *r, const char *path, char **lines, int nlines, char *err, size_t errlen);
void narrative_rules_free(ogi_rules *r);
/* A figure the text states for one field, where and in which words (text: owned by the caller). */
typedef struct narrative_figure {
  double value;
  int line;
  char *text;
} narrative_figure;

/* The figures d's running text states for a field id or an indicator (the rules of narrative.tsv naming it
 * alone), up to max, in the order of the text: their count. The extractor's evidence for a reading the
 * layout leaves open. */
int narrative_stated(const ogi_rules *rules, const og_doc *d, const char *field, narrative_figure *out, int max);

/* A figure the text states for fields (a rule whose every name is a field or a sum of fields): the figure
 * is one of rule->alt (any). The extractor's evidence for placements the layout leaves open (text: owned by
 * the caller). */
typedef struct narrative_statement {
  const narrative_rule *rule;
  double value;
  int line;
  char *text;
} narrative_statement;

/* Every such statement of d's running text, up to max, in the order of the text: their count. */
int narrative_statements(const ogi_rules *rules, const og_doc *d, narrative_statement *out, int max);

/* Finds the stated figures in d's lines, fills rep->narrative and warns on each mismatch. */
void narrative_check(ogi_report *rep, const og_doc *d);
void narrative_items_free(ogi_report *rep);
/* "match", "mismatch", "unchecked" */
const char *narrative_status_name(int status);
#endif
