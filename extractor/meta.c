/* The report's metadata read from its lines: the title's agency and year, the statistics period's year, the
 * published (signed) date. The patterns, words and numbers it reads by are meta.tsv's (rules.h: og_meta_words). */
#include "meta.h"
#include "util.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- metadata */

/* Value of a run of digits or Chinese numerals (二〇二二, 十三, 一: meta.tsv's digit and ten); -1 when not a
 * number. */
static int S_cjk_number(const og_meta_words *w, const char *s, size_t len) {
  int v = 0, any = 0, tens = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int k = og_utf8_next(s + i, len - i, &cp);
    i += (size_t)k;
    int d = -1;
    if (cp >= '0' && cp <= '9') d = cp - '0';
    else if (w->ten && cp == w->ten) { /* 十 */
      tens = 1;
      v = (v == 0 && any == 0 ? 1 : v) * 10;
      any = 1;
      if (v > 99999) return -1;
      continue;
    } else d = og_meta_digit(w, cp);
    if (d < 0) return -1;
    any = 1;
    if (tens) v += d;
    else v = v * 10 + d;
    if (v > 99999) return -1; /* no date part is this long ("2023年999…月"): and v must not overflow */
  }
  return any ? v : -1;
}

/* 1 when s holds one of the words of l, or l has none: the cheap test before a meta.tsv pattern is matched
 * (title_word, closing_word, period_word, published_word). */
static int S_holds_word(const og_wordlist *l, const char *s) {
  for (size_t i = 0; i < l->n; i++)
    if (strstr(s, l->w[i])) return 1;
  return l->n == 0;
}

/* "2022-01-13", "2022.1.13", "2022/1/13" at the end of s. */
static int S_tail_iso_date(const og_meta_words *w, const char *s, int *y, int *m, int *dd) {
  size_t len = strlen(s), e = len;
  int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0};
  for (int k = 2; k >= 0; k--) {
    size_t b = e;
    while (b > 0 && s[b - 1] >= '0' && s[b - 1] <= '9') b--;
    if (b == e || e - b > 4) return -1;
    for (size_t i = b; i < e; i++) part[k] = part[k] * 10 + (s[i] - '0');
    digits[k] = (int)(e - b);
    if (k > 0) {
      if (b == 0 || (s[b - 1] != '-' && s[b - 1] != '.' && s[b - 1] != '/')) return -1;
      e = b - 1;
    } else {
      e = b;
    }
  }
  if (digits[0] != 4 || part[0] < w->date_year_min || part[0] > w->date_year_max || part[1] < 1 || part[1] > 12 ||
      part[2] < 1 || part[2] > 31)
    return -1;
  *y = part[0];
  *m = part[1];
  *dd = part[2];
  return (int)e;
}

/* Matches "YYYY年M月D日" (Arabic or Chinese numerals; the marks 年 月 日 are meta.tsv's date_marks) at the end of
 * s (whitespace removed), else an ISO-like date; returns the byte offset where the date starts, or -1. */
static int S_tail_date(const og_meta_words *w, const char *s, int *y, int *m, int *dd) {
  const char *nian = NULL, *yue = NULL, *ri = NULL;
  const char *Y = w->date_mark[0], *M = w->date_mark[1], *D = w->date_mark[2];
  size_t len = strlen(s), ly = strlen(Y), lm = strlen(M), ld = strlen(D);
  if (len < ld || strcmp(s + len - ld, D) != 0) return S_tail_iso_date(w, s, y, m, dd);
  ri = s + len - ld;
  for (const char *p = ri - 1; p >= s; p--)
    if (strncmp(p, M, lm) == 0) { yue = p; break; }
  if (!yue) return -1;
  for (const char *p = yue - 1; p >= s; p--)
    if (strncmp(p, Y, ly) == 0) { nian = p; break; }
  if (!nian || nian + ly > yue || yue + lm > ri) return -1;
  int da = S_cjk_number(w, yue + lm, (size_t)(ri - (yue + lm)));
  size_t mlen = (size_t)(yue - (nian + ly));
  int mo = S_cjk_number(w, nian + ly, mlen);
  int32_t mcp;
  if (w->first_month && mlen && (size_t)og_utf8_next(nian + ly, mlen, &mcp) == mlen && mcp == w->first_month)
    mo = 1; /* 元月: January */
  /* the year: the 4 digits/numerals before 年 */
  const char *ys = nian;
  int count = 0;
  while (ys > s && count < 4) {
    const char *p = ys - 1;
    while (p > s && (((unsigned char)*p) & 0xC0) == 0x80) p--;
    int32_t cp;
    og_utf8_next(p, (size_t)(ys - p), &cp);
    if (!((cp >= '0' && cp <= '9') || og_meta_digit(w, cp) >= 0)) break;
    ys = p;
    count++;
  }
  if (count != 4) return -1;
  int yr = S_cjk_number(w, ys, (size_t)(nian - ys));
  if (yr < w->date_year_min || yr > w->date_year_max || mo < 1 || mo > 12 || da < 1 || da > 31) return -1;
  *y = yr;
  *m = mo;
  *dd = da;
  return (int)(ys - s);
}

static int S_is_agency_like(const char *s) {
  size_t n = og_utf8_count(s, strlen(s));
  if (n < 2 || n > 40) return 0;
  if (strstr(s, "。") || strstr(s, "，") || strstr(s, ",") || strstr(s, ":") || strstr(s, "：")) return 0;
  for (const char *p = s; *p; p++)
    if (*p >= '0' && *p <= '9') return 0;
  return 1;
}

static char *S_clean_agency(const og_meta_words *w, const char *s, size_t n) {
  char *a = og_xstrndup(s, n);
  /* drop a leading "标题:" style label and wrapping punctuation (meta.tsv: agency_front, agency_back) */
  char *colon = strrchr(a, ':');
  if (colon) memmove(a, colon + 1, strlen(colon + 1) + 1);
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < w->agency_front.n; i++) {
      size_t l = strlen(w->agency_front.w[i]);
      if (strncmp(a, w->agency_front.w[i], l) == 0) { memmove(a, a + l, strlen(a + l) + 1); again = 1; }
    }
    for (size_t i = 0; i < w->agency_back.n; i++) {
      size_t l = strlen(w->agency_back.w[i]), al = strlen(a);
      if (al >= l && strcmp(a + al - l, w->agency_back.w[i]) == 0) { a[al - l] = 0; again = 1; }
    }
  }
  /* a name printed twice in a row (a page's <title> glued to its heading in textContent): once */
  size_t al = strlen(a);
  if (al >= 6 && al % 2 == 0 && !memcmp(a, a + al / 2, al / 2)) a[al / 2] = 0;
  if (!a[0]) { free(a); return NULL; }
  return a;
}

/* The number in capture group k (digits only, the group's length exactly). */
static int S_capture_int(const char *s, const PCRE2_SIZE *ov, int k) {
  int v = 0;
  for (PCRE2_SIZE i = ov[2 * k]; i < ov[2 * k + 1]; i++)
    if (s[i] >= '0' && s[i] <= '9' && v <= 99999) v = v * 10 + (s[i] - '0'); /* saturates: never overflows */
  return v;
}

/* A copy of s with a year written in Chinese numerals ("二〇二三年": meta.tsv's digit and date_marks) in Arabic
 * digits ("2023年"). */
static char *S_arabic_years(const og_meta_words *w, const char *s) {
  og_buf b;
  og_buf_init(&b);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    int got[4], k = 0;
    size_t j = i;
    while (k < 4 && j < n) {
      int32_t cp;
      int step = og_utf8_next(s + j, n - j, &cp), d = og_meta_digit(w, cp);
      if (d < 0) break;
      got[k++] = d;
      j += (size_t)step;
    }
    if (k == 4 && !strncmp(s + j, w->date_mark[0], strlen(w->date_mark[0])) && (got[0] == 1 || got[0] == 2)) {
      og_buf_printf(&b, "%d%d%d%d", got[0], got[1], got[2], got[3]);
      i = j;
      continue;
    }
    og_buf_putc(&b, s[i]);
    i++;
  }
  return og_buf_take(&b);
}

/* 1 when re matches s. */
static int S_matches(const pcre2_code *re, const char *s) {
  if (!re) return 0;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0;
}

/* Removes site chrome (a breadcrumb, "当前位置", a column name such as "政府信息公开年报") glued before an
 * agency name: the chrome pattern of meta.tsv, matched at the start. */
static void S_strip_chrome(char *a, const pcre2_code *chrome) {
  if (!a || !chrome) return;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(chrome, NULL);
  if (pcre2_match(chrome, (PCRE2_SPTR)a, strlen(a), 0, 0, md, NULL) >= 0) {
    PCRE2_SIZE e = pcre2_get_ovector_pointer(md)[1];
    if (e > 0 && e < strlen(a)) memmove(a, a + e, strlen(a + e) + 1);
  }
  pcre2_match_data_free(md);
}

/* The agency a title names: site chrome before it removed, then cleaned again; NULL unless it reads as a
 * name. Takes a. */
static char *S_title_agency(char *a, const ogi_rules *ru) {
  if (!a) return NULL;
  S_strip_chrome(a, ru->meta_chrome);
  char *c = S_clean_agency(&ru->meta_words, a, strlen(a));
  free(a);
  if (c && !S_is_agency_like(c)) {
    free(c);
    c = NULL;
  }
  return c;
}

/* An agency name on a line of its own: not site chrome ("正文", a breadcrumb), and reading as a name. */
static int S_is_agency_line(const char *s, const ogi_rules *ru) {
  return S_is_agency_like(s) && !S_matches(ru->meta_chrome, s);
}

/* Title: "<agency>YYYY年(度)<agency>政府信息公开(工作)(年度)报告". */
static int S_title(const ogi_rules *ru, const char *s_in, char **agency, int *year) {
  const pcre2_code *re = ru->meta_title;
  if (!S_holds_word(&ru->meta_words.title_word, s_in)) return 0;
  char *s = S_arabic_years(&ru->meta_words, s_in);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
  if (rc < 0) {
    pcre2_match_data_free(md);
    free(s);
    return 0;
  }
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  *year = S_capture_int(s, ov, 2);
  *agency = NULL;
  if (ov[3] > ov[2]) *agency = S_clean_agency(&ru->meta_words, s + ov[2], ov[3] - ov[2]);
  if (!*agency && ov[7] > ov[6]) *agency = S_clean_agency(&ru->meta_words, s + ov[6], ov[7] - ov[6]);
  pcre2_match_data_free(md);
  free(s);
  return 1;
}

/* The first n code points of s (cut in place). */
static void S_cut_cps(char *s, size_t n) {
  size_t cut = 0;
  for (size_t c = 0; c < n && s[cut]; c++) {
    int32_t cp;
    cut += (size_t)og_utf8_next(s + cut, strlen(s + cut), &cp);
  }
  s[cut] = 0;
}

/* A title from one heading's text (an HTML <h1> or <title>): 1 with *year and *agency (NULL when it names
 * none), when it matches the title pattern with year want (any when 0). */
static int S_title_text(const char *text, const ogi_rules *ru, int want, int *year, char **agency) {
  char *s = og_strip_ws(text);
  S_cut_cps(s, 80);
  char *a = NULL;
  int y = 0, ok = S_title(ru, s, &a, &y) && (!want || y == want);
  free(s);
  if (!ok) {
    free(a);
    return 0;
  }
  *year = y;
  *agency = S_title_agency(a, ru);
  return 1;
}

/* 1 when needle occurs (whitespace ignored) in a line of the document outside lines [skip_lo, skip_hi]. */
static int S_doc_mentions(const og_doc *d, const char *needle, size_t skip_lo, size_t skip_hi) {
  for (size_t i = 0; i < d->nlines; i++) {
    if (i >= skip_lo && i <= skip_hi) continue;
    if (!strstr(d->lines[i].text, needle) && !strchr(d->lines[i].text, ' ')) continue;
    char *s = og_strip_ws(d->lines[i].text);
    int hit = strstr(s, needle) != NULL;
    free(s);
    if (hit) return 1;
  }
  return 0;
}

#define S_TITLE_LINES 400 /* the title is searched for in the document's first lines */

/* The title among the document's first lines: one line, or two or three consecutive lines joined (a
 * title wrapped), matching the title pattern with year want (any when 0); the title that is complete on
 * the earliest line wins, joined from as few lines as possible. Its agency (NULL when none) may start
 * above it: a title naming no agency takes the name on the line above ("洪泽区人民政府" /
 * "2023年政府信息公开工作年度报告"); a name that is only the kind of body (partial in meta.tsv), or whose
 * line above joined to it is named elsewhere in the document, is joined to that line ("淮安市洪泽区" /
 * "人民政府2023年…"); and a single character alone on the line above a name is its first character. */
static int S_title_in_lines(const ogi_rules *ru, const og_doc *d, int want, int *year, char **agency) {
  size_t n = d->nlines < S_TITLE_LINES ? d->nlines : S_TITLE_LINES;
  char **ln = og_xcalloc(n ? n : 1, sizeof *ln);
  size_t *cps = og_xcalloc(n ? n : 1, sizeof *cps);
  for (size_t i = 0; i < n; i++) {
    ln[i] = og_strip_ws(d->lines[i].text);
    cps[i] = og_utf8_count(ln[i], strlen(ln[i]));
  }
  int found = 0;
  for (size_t e = 0; e < n && !found; e++) {
    for (size_t k = 0; k < 3 && k <= e && !found; k++) {
      size_t s = e - k;
      int fits = 1;
      for (size_t u = s; u <= e && k > 0; u++) fits &= cps[u] <= (u == s ? 60u : 30u);
      if (!fits) continue;
      og_buf b;
      og_buf_init(&b);
      for (size_t u = s; u <= e; u++) og_buf_puts(&b, ln[u]);
      if (k == 0) S_cut_cps(b.data, 80); /* text glued into one long line: the title, if any, is at its start */
      char *a = NULL;
      int y = 0;
      if (S_title(ru, b.data, &a, &y) && (!want || y == want)) {
        found = 1;
        *year = y;
        a = S_title_agency(a, ru);
        size_t top = s;                                   /* the line the agency starts on */
        int at_start = a && !strncmp(b.data, a, strlen(a)); /* ... at its start */
        if (!a && s > 0 && S_is_agency_line(ln[s - 1], ru)) {
          a = og_xstrdup(ln[s - 1]);
          top = s - 1;
          at_start = 1;
        }
        for (int more = 0; a && at_start && top > 0 && more < 2; more++) {
          const char *above = ln[top - 1];
          if (!S_is_agency_line(above, ru) || cps[top - 1] > 20) break;
          og_buf j;
          og_buf_init(&j);
          og_buf_puts(&j, above);
          og_buf_puts(&j, a);
          if (!S_matches(ru->meta_partial, a) && !S_doc_mentions(d, j.data, top - 1, e)) {
            og_buf_free(&j);
            break;
          }
          free(a);
          a = og_buf_take(&j);
          top--;
        }
        /* one Han character alone above: a PDF title's large first character ("洪" / "泽区人民政府2023年…") */
        if (a && at_start && top > 0 && og_is_single_han(ln[top - 1])) {
          og_buf j;
          og_buf_init(&j);
          og_buf_puts(&j, ln[top - 1]);
          og_buf_puts(&j, a);
          free(a);
          a = og_buf_take(&j);
        }
        *agency = a;
      } else {
        free(a);
      }
      og_buf_free(&b);
    }
  }
  for (size_t i = 0; i < n; i++) free(ln[i]);
  free(ln);
  free(cps);
  return found;
}

/* Agency and year from the title. Sources in order: the page's <h1> headings, the document's first lines,
 * the page's <title>; the first title found sets the year, and the first of them with that year that names
 * an agency sets the agency. */
static void S_meta_title(ogi_report *r, const og_doc *d) {
  const ogi_rules *ru = r->rules;
  int year = 0;
  char *agency = NULL;
  if (d->html_h1) {
    /* one heading a line */
    for (const char *p = d->html_h1; *p && !year;) {
      const char *nl = strchr(p, '\n');
      size_t len = nl ? (size_t)(nl - p) : strlen(p);
      char *h = og_xstrndup(p, len);
      S_title_text(h, ru, 0, &year, &agency);
      free(h);
      p += len + (nl ? 1 : 0);
    }
  }
  int y = 0;
  char *a = NULL;
  if (S_title_in_lines(ru, d, year, &y, &a)) {
    if (!year) year = y;
    if (!agency) agency = a;
    else free(a);
  }
  a = NULL;
  if (d->html_title && (!year || !agency) && S_title_text(d->html_title, ru, year, &y, &a)) {
    if (!year) year = y;
    if (!agency) agency = a;
    else free(a);
  }
  r->year = year;
  r->agency = agency;
}

/* The line of the last section's heading ("六、其他需要报告的事项": the closing pattern of meta.tsv), or -1. */
static long S_closing_line(const ogi_rules *ru, const og_doc *d) {
  if (!ru->meta_closing) return -1;
  for (size_t i = d->nlines; i-- > 0;) {
    if (!S_holds_word(&ru->meta_words.closing_word, d->lines[i].text)) continue;
    char *s = og_strip_ws(d->lines[i].text);
    int hit = S_matches(ru->meta_closing, s);
    free(s);
    if (hit) return (long)i;
  }
  return -1;
}

/* A date split one piece per line ("202 / 2 / 年 / 1 / 月 / 12 / 日", "二〇二四年 / 一月十二日") ending with
 * the short line s (line i): the short lines above joined to it, when together they are a date and nothing
 * else. Returns the joined text (caller frees) with the date, or NULL. */
static char *S_split_date(const og_meta_words *w, const og_doc *d, size_t i, size_t lo, const char *s, int *y, int *m,
                          int *dd) {
  if (og_utf8_count(s, strlen(s)) > 8) return NULL;
  og_buf j;
  og_buf_init(&j);
  og_buf_puts(&j, s);
  char *out = NULL;
  for (size_t u = i; u-- > lo && i - u <= 12 && !out;) { /* "二 / 〇 / 二 / 四 / 年 / …": up to 13 pieces */
    char *piece = og_strip_ws(d->lines[u].text);
    if (!piece[0] || og_utf8_count(piece, strlen(piece)) > 8) {
      free(piece);
      break;
    }
    og_buf b;
    og_buf_init(&b);
    og_buf_puts(&b, piece);
    og_buf_puts(&b, j.data);
    free(piece);
    og_buf_free(&j);
    j = b;
    if (S_tail_date(w, j.data, y, m, dd) == 0) out = og_buf_take(&j);
  }
  og_buf_free(&j);
  return out;
}

#define S_SIGNATURE_TAIL 40 /* without the last section's heading, the signature is among the last lines */

void og_extract_meta(ogi_report *r, const og_doc *d) {
  const pcre2_code *period_re = r->rules->meta_period;
  const pcre2_code *pub_re = r->rules->meta_published;
  const og_meta_words *mw = &r->rules->meta_words;
  S_meta_title(r, d);
  if (!r->year) {
    for (size_t i = 0; i < d->nlines && !r->year; i++) {
      if (!S_holds_word(&mw->period_word, d->lines[i].text)) continue;
      char *s = og_strip_ws(d->lines[i].text);
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(period_re, NULL);
      if (pcre2_match(period_re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0)
        r->year = S_capture_int(s, pcre2_get_ovector_pointer(md), 1);
      pcre2_match_data_free(md);
      free(s);
    }
  }
  /* signature: a date alone on one of the last lines, the body's name on the line above or before it. The
   * lines searched: after the last section's heading, else the last 40 */
  size_t tail = d->nlines > S_SIGNATURE_TAIL ? d->nlines - S_SIGNATURE_TAIL : 0;
  long closing = S_closing_line(r->rules, d);
  size_t lo = closing >= 0 && (size_t)closing + 1 < tail ? (size_t)closing + 1 : tail;
  for (size_t i = d->nlines; i-- > lo;) {
    char *s = og_strip_ws(d->lines[i].text);
    int y, m, dd;
    int at = S_tail_date(mw, s, &y, &m, &dd);
    if (at < 0) {
      char *joined = S_split_date(mw, d, i, lo, s, &y, &m, &dd);
      if (joined) {
        free(s);
        s = joined;
        at = 0;
      }
    }
    if (at < 0) {
      /* a signature followed on the same line by the attachments ("…二○一二年二月二十日 附件1：…统计表";
       * meta.tsv: attachment) */
      for (size_t a = 0; a < mw->attachment.n && at < 0; a++)
        for (char *p = strstr(s, mw->attachment.w[a]); p && at < 0; p = strstr(p + 1, mw->attachment.w[a])) {
          char keep = *p;
          *p = 0;
          at = S_tail_date(mw, s, &y, &m, &dd);
          if (at >= 0) break; /* s now ends at the signature */
          *p = keep;
        }
    }
    if (at > 0) {
      /* a signature glued to the last sentence: the name starts after the sentence's end */
      int start = -1;
      for (int k = 0; k + 3 <= at; k++)
        if (!strncmp(s + k, "。", 3) || !strncmp(s + k, "!", 1) || !strncmp(s + k, ";", 1)) start = k + (s[k] == '!' || s[k] == ';' ? 1 : 3);
      if (start < 0 && og_utf8_count(s, (size_t)at) <= 40) start = 0;
      if (start < 0 || og_utf8_count(s + start, (size_t)(at - start)) > 40) at = -1;
      else if (start > 0) {
        memmove(s, s + start, strlen(s + start) + 1);
        at -= start;
      }
    }
    if (at > 0) {
      /* what comes before a signed date is a name, not a label ("更新时间:", a footer's or crawler's date) */
      char *name = og_xstrndup(s, (size_t)at);
      if (!S_is_agency_like(name)) at = -1;
      free(name);
    }
    if (at >= 0) {
      char buf[48];
      snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
      r->published = og_xstrdup(buf);
      if (!r->agency) {
        char *name = at > 0 ? og_xstrndup(s, (size_t)at) : NULL;
        if (!name && i > 0) name = og_strip_ws(d->lines[i - 1].text);
        if (name && S_is_agency_like(name)) r->agency = name;
        else free(name);
      }
      free(s);
      break;
    }
    free(s);
  }
  if (!r->published) {
    for (size_t i = 0; i < d->nlines; i++) {
      if (!S_holds_word(&mw->published_word, d->lines[i].text)) continue;
      char *s = og_strip_ws(d->lines[i].text);
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(pub_re, NULL);
      if (pcre2_match(pub_re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int y = S_capture_int(s, ov, 1), m = S_capture_int(s, ov, 2), dd = S_capture_int(s, ov, 3);
        if (m >= 1 && m <= 12 && dd >= 1 && dd <= 31) {
          char buf[48];
          snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
          r->published = og_xstrdup(buf);
        }
      }
      pcre2_match_data_free(md);
      free(s);
      if (r->published) break;
    }
  }
}
