/* Agency identity: the printed agency name (meta.agency) read into a body — its region (a division of
 * patterns/divisions.tsv, GB/T 2260 code), level (省/市/县/乡) and kind (人民政府, 办公室, 部门) — with the
 * variants, aliases and kinds of patterns/agency.tsv. A name that matches no division, or several that
 * neither the name nor the report's text tells apart, stays unresolved with the reason: never a guess. */
#ifndef OGI_AGENCY_H
#define OGI_AGENCY_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include "doc.h"

typedef struct agency_rules agency_rules;

/* The identity of one report's agency; every string owned by it (NULL when unknown). */
typedef struct agency_identity {
  char *name;        /* normalized: region as the division list names it + the kind's normalized suffix */
  char *region_code; /* GB/T 2260: six digits for 省/市/县 ("350128"), nine for a township */
  char *region_name; /* the division's path in the list ("福建省福州市平潭县") */
  const char *level; /* the level's name (agency.tsv's level row: "省", "市", "县", "乡"), owned by the rules */
  char *kind;        /* "人民政府", "办公室", "部门" (agency.tsv) */
  char *note;        /* how it was resolved, when not by the name alone (an alias, the report's text) */
  char *unresolved;  /* why no region was given; NULL when resolved */
} agency_identity;

/* Parsers for the lines of divisions.tsv and agency.tsv (read by rules_load.c); path is for messages. Both add to
 * *a (created on first use). Return 0, or -1 with a message naming file and line in err. */
int agency_parse_divisions(agency_rules **a, const char *path, char **lines, int nlines, char *err, size_t errlen);
int agency_parse_rules(agency_rules **a, const char *path, char **lines, int nlines, char *err, size_t errlen);
/* Sorts the name index; call once after both files are parsed. Returns 0, or -1 with a message. */
int agency_finish(agency_rules *a, char *err, size_t errlen);
void agency_rules_free(agency_rules **a);

/* The identity of agency (normalized text, may be NULL: then NULL); d (may be NULL) is the report's text,
 * searched for a parent that tells apart divisions of the same name. Free with agency_identity_free. */
agency_identity *agency_identify(const agency_rules *a, const char *agency, const og_doc *d);
void agency_identity_free(agency_identity **id);
/* The name of the division at level (1 省, 2 市, 3 县) along code (the division of code or one of its
 * parents); NULL when the code is unknown, has no division at that level, or the one there is a grouping of
 * the list (市辖区, 县...). Owned by a. Used by the dataset's agencies table. */
const char *agency_division_name(const agency_rules *a, const char *code, int level);
#endif
