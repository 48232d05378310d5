/* The rules' lookups (rules.h): the field index (built as the loader, rules_load.c, adds the fields of
 * fields.tsv; read by every stage), the value names of columns.tsv, meta.tsv's numerals, the PCRE2 matching. */
#include "rules.h"
#include "util.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* The value names columns.tsv knows: 表三's seven columns first (keys 1..7), then 表二's. */
const char *const og_column_names[] = {"natural", "business", "research", "social", "legal", "other_org", "total",
                                      "issued", "repealed", "in_force", "made", "published", "prev_items", "change",
                                      "decisions", "items", "amount_wan", NULL};

/* FNV-1a of a field id, for the field index (a rule load looks ids up thousands of times). */
static unsigned S_id_hash(const char *id) {
  unsigned h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 16777619u;
  return h;
}

static void S_index_put(int *slot, int nslots, unsigned h, int fi) {
  unsigned m = (unsigned)nslots - 1;
  while (slot[h & m]) h++;
  slot[h & m] = fi + 1;
}

/* Adds field fi (just appended) to the index, growing it to keep it at most half full. */
void og_field_index_add(ogi_rules *r, int fi) {
  if (2 * r->nfields >= r->nfield_slots) {
    int n = r->nfield_slots ? 2 * r->nfield_slots : 512;
    while (2 * r->nfields >= n) n *= 2;
    free(r->field_slot);
    r->field_slot = og_xcalloc((size_t)n, sizeof(int));
    r->nfield_slots = n;
    for (int i = 0; i < r->nfields; i++) S_index_put(r->field_slot, n, S_id_hash(r->fields[i].id), i);
    return;
  }
  S_index_put(r->field_slot, r->nfield_slots, S_id_hash(r->fields[fi].id), fi);
}

int og_field_index(const ogi_rules *r, const char *id) {
  if (!r->nfield_slots) return -1;
  unsigned m = (unsigned)r->nfield_slots - 1;
  for (unsigned h = S_id_hash(id);; h++) {
    int fi = r->field_slot[h & m] - 1;
    if (fi < 0) return -1;
    if (strcmp(r->fields[fi].id, id) == 0) return fi;
  }
}

int og_column_key(const char *s) {
  for (int i = 0; og_column_names[i]; i++)
    if (!strcmp(s, og_column_names[i])) return i + 1;
  return 0;
}

int og_column_key_of_field(const char *field_id) {
  const char *dot = strrchr(field_id, '.');
  return og_column_key(dot ? dot + 1 : field_id);
}

int og_meta_digit(const og_meta_words *w, int32_t cp) {
  for (size_t i = 0; i < w->ndigits; i++)
    if (w->digit_cp[i] == cp) return w->digit_value[i];
  return -1;
}

const char *ogi_rules_dir(const ogi_rules *rules) { return rules ? rules->dir : NULL; }

int og_re_search(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t len) {
  return pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0;
}

int og_re_last_match(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t len, size_t *start, size_t *end) {
  PCRE2_SIZE off = 0;
  int found = 0;
  while (off <= len) {
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, off, PCRE2_NO_UTF_CHECK, md, NULL);
    if (rc < 0) break;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    found = 1;
    *start = ov[0];
    *end = ov[1];
    if (ov[1] > ov[0]) off = ov[1];
    else {
      off = ov[1] + 1;
      while (off < len && (((unsigned char)s[off]) & 0xC0) == 0x80) off++;
    }
  }
  return found;
}

pcre2_code *og_re_compile(const char *pat, const char *file, int line, char *err, size_t errlen) {
  int ec;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &ec, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    snprintf(err, errlen, "%s:%d: bad pattern at offset %zu: %s", file, line, (size_t)off, (char *)msg);
    return NULL;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  return re;
}
