/* Unit tests for the pipeline stages: decoder, normalizer, number parsing, the word splitter, the HTML grid,
 * each text layout, glued-digit cutting, the checker, and the public API. Prints "N passed, N failed". */
#include "decode.h"
#include "doc.h"
#include "extract.h"
#include "segment.h"
#include "meta.h"
#include "html.h"
#include "normalize.h"
#include "ogi.h"
#include "rules.h"
#include "sha256.h"
#include "text.h"
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                                   \
  do {                                                                                                     \
    if (cond) passed++;                                                                                    \
    else {                                                                                                 \
      failed++;                                                                                            \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                     \
      fprintf(stderr, __VA_ARGS__);                                                                        \
      fputc('\n', stderr);                                                                                 \
    }                                                                                                      \
  } while (0)
#define CHECK_STR(got, want) CHECK(strcmp((got), (want)) == 0, "got '%s', want '%s'", (got), (want))

static ogi_rules *rules; /* patterns/ (OGI_PATTERNS), loaded first: the tokenizer's words come from it */
static const og_words *words;

/* The token stream of a text document as "K:text" items joined by spaces (K = T text, N number, B blank,
 * | break). */
static char *tokens_of(og_doc *d) {
  static char out[8192];
  out[0] = 0;
  for (size_t i = 0; i < d->ntok; i++) {
    const og_token *t = &d->tok[i];
    char item[512];
    const char k = t->kind == OG_TOK_TEXT ? 'T' : t->kind == OG_TOK_NUM ? 'N' : t->kind == OG_TOK_BLANK ? 'B' : '|';
    if (t->kind == OG_TOK_BREAK) snprintf(item, sizeof item, "|");
    else snprintf(item, sizeof item, "%c:%s", k, t->text);
    if (out[0]) strncat(out, " ", sizeof out - strlen(out) - 1);
    strncat(out, item, sizeof out - strlen(out) - 1);
  }
  return out;
}

static char *text_tokens(const char *text) {
  og_doc d;
  og_doc_init(&d);
  d.words = words;
  og_read_text(&d, text, strlen(text));
  char *s = tokens_of(&d);
  og_doc_free(&d);
  return s;
}

static void test_normalize(void) {
  char *s = og_normalize("１２３（一）ＡＢ\xe3\x80\x80、，", strlen("１２３（一）ＡＢ\xe3\x80\x80、，"));
  CHECK_STR(s, "123(一)AB 、,");
  free(s);
  s = og_normalize("a\xc2\xa0" "b", 4);
  CHECK_STR(s, "a b");
  free(s);
  CHECK(og_fold_cp(0xFF10) == '0', "full-width zero");
  CHECK(og_fold_cp(0x3001) == 0x3001, "、 is kept");
}

static void test_numbers(void) {
  double v;
  int nd, dec, unit;
  CHECK(og_parse_number(words, "1,234", &v, &nd, &dec, &unit) && v == 1234 && nd == 4, "thousands separator");
  CHECK(og_parse_number(words, "7730.28", &v, &nd, &dec, &unit) && fabs(v - 7730.28) < 1e-9 && dec, "decimal");
  CHECK(og_parse_number(words, "-7", &v, &nd, &dec, &unit) && v == -7, "negative");
  CHECK(og_parse_number(words, "251000元", &v, &nd, &dec, &unit) && v == 251000 && unit == OG_UNIT_YUAN, "yuan");
  CHECK(og_parse_number(words, "3.5万元", &v, &nd, &dec, &unit) && unit == OG_UNIT_WAN, "wan");
  CHECK(!og_parse_number(words, "12a", &v, &nd, &dec, &unit), "letters are not a number");
  CHECK(og_parse_number(words, "—3", &v, &nd, &dec, &unit) && v == -3, "a dash typed as minus");
  CHECK(!og_parse_number(words, "1,23", &v, &nd, &dec, &unit), "bad thousands group");
  CHECK(og_is_blank_marker(words, "—") && og_is_blank_marker(words, "-") && og_is_blank_marker(words, "/") && og_is_blank_marker(words, "无"), "blanks");
  CHECK(!og_is_blank_marker(words, "0"), "0 is a value");
  CHECK(og_is_blank_marker(words, "不适用") && og_is_blank_marker(words, "暂无") && og_is_blank_marker(words, "无此项") &&
            og_is_blank_marker(words, "未发生"), "placeholders are blanks");
  CHECK(!og_is_blank_marker(words, "不适用于") && !og_is_blank_marker(NULL, "-"), "only whole words; no words, no blanks");
  CHECK(og_is_page_number("  -3-", 5) && og_is_page_number("- 3 -", 5), "page numbers");
  CHECK(og_is_page_number("第3页", strlen("第3页")), "第3页");
  CHECK(!og_is_page_number("3", 1) && !og_is_page_number("-", 1), "not page numbers");
}

static void test_words(void) {
  CHECK_STR(text_tokens("规章000行政规范性文件010"), "T:规章 N:000 T:行政规范性文件 N:010 |");
  CHECK_STR(text_tokens("8.属于行政查询事项1000000（四）无法提供1.本机关"),
            "T:8.属于行政查询事项 N:1000000 T:(四)无法提供1.本机关");
  CHECK_STR(text_tokens("00000002.其他"), "N:0000000 T:2.其他");
  CHECK_STR(text_tokens("2023年共有128条"), "T:2023年共有128条");
  CHECK_STR(text_tokens("行政处罚35-728"), "T:行政处罚 N:35 N:-728 |");
  CHECK_STR(text_tokens("收费251000元"), "T:收费 N:251000");
  CHECK_STR(text_tokens("三 、本 年 度办 理 结果"), "T:三 T:、本 T:年 T:度办 T:理 T:结果");
}

static void test_text_layouts(void) {
  /* whitespace-aligned row: a line with two or more numbers is a row, fenced by breaks */
  CHECK_STR(text_tokens("表头\n一、本年新收   21  0  0  0  0  0  21\n"),
            "T:表头 | T:一、本年新收 N:21 N:0 N:0 N:0 N:0 N:0 N:21 |");
  /* one cell per line: single numbers accumulate into one run */
  CHECK_STR(text_tokens("\t行政许可\n\t0\n\n\t行政处罚\n\t3\n"), "T:行政许可 N:0 T:行政处罚 N:3");
  /* tab-separated rows: empty cells between values are blanks */
  CHECK_STR(text_tokens("规章\t1\t\t3\n"), "| T:规章 N:1 B: N:3 |");
  /* Markdown: separator rows are breaks, empty cells blanks */
  CHECK_STR(text_tokens("| 规章 | 1 |  | 3 |\n|---|---|---|---|\n"), "| T:规章 N:1 B: N:3 |");
  /* box-drawn rows wrapped over two lines are joined cell by cell */
  CHECK_STR(text_tokens("├──┼──┤\n│ 5.要求确认或重新出 │ 0 │\n│ 具已获取信息 │   │\n├──┼──┤\n"),
            "| T:5.要求确认或重新出具已获取信息 N:0 |");
  /* one cell per line: a placeholder line is a blank cell */
  CHECK_STR(text_tokens("\t行政许可\n\t不适用\n\n\t行政处罚\n\t3\n"), "T:行政许可 B:不适用 T:行政处罚 N:3");
  /* a number with a note in parentheses is the number, marked annotated; text first is not a number */
  CHECK_STR(text_tokens("规章\n22（其中修订16件）\n55 （含自然失效29件）\n其中修订16件\n"),
            "T:规章 N:22 N:55 T:其中修订16件");
  CHECK_STR(text_tokens("行政处罚 12(含3件) 0(三) 4\n"), "T:行政处罚 N:12 N:0 T:(三) N:4 |");
  /* page numbers between rows vanish */
  CHECK_STR(text_tokens("规章 1 2 3\n   -3-\n规范性文件 4 5 6\n"), "T:规章 N:1 N:2 N:3 | T:规范性文件 N:4 N:5 N:6 |");
}

static void test_html_grid(void) {
  const char *html =
      "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr>"
      "<tr><td>C</td><td>D</td></tr><tr><td>E</td><td>F</td><td>G</td></tr></table>";
  size_t n;
  og_grid_cell *g = og_html_first_table_grid(html, strlen(html), &n);
  CHECK(n == 7, "7 cells, got %zu", n);
  if (n == 7) {
    CHECK(g[0].row == 0 && g[0].col == 0 && g[0].rowspan == 2, "A");
    CHECK(g[1].row == 0 && g[1].col == 1 && g[1].colspan == 2, "B");
    CHECK(g[2].row == 1 && g[2].col == 1, "C at row 1 col 1 (A spans down), got col %d", g[2].col);
    CHECK(g[3].row == 1 && g[3].col == 2, "D");
    CHECK(g[4].row == 2 && g[4].col == 0, "E");
    CHECK_STR(g[6].text, "G");
  }
  for (size_t i = 0; i < n; i++) free(g[i].text);
  free(g);
  /* labels split by <br> and spans, &nbsp; around numbers, an empty cell as a blank */
  const char *row = "<table><tr><td>商业<br>企业</td><td><span>&nbsp;7&nbsp;</span></td><td><o:p>&nbsp;</o:p></td></tr></table>";
  og_doc d;
  og_doc_init(&d);
  d.words = words;
  og_read_html(&d, row, strlen(row));
  CHECK_STR(tokens_of(&d), "| T:商业 T:企业 N:7 B: |");
  og_doc_free(&d);
  /* a note after the number: the number (annotated), the cell text as raw; a unit before the note too */
  const char *notes = "<table><tr><td>规章</td><td>22（其中修订16件）</td><td>5件 (含3件)</td><td>其中修订16件</td>"
                      "<td>22件</td><td>0(三)</td></tr></table>";
  og_doc_init(&d);
  d.words = words;
  og_read_html(&d, notes, strlen(notes));
  CHECK_STR(tokens_of(&d), "| T:规章 N:22 N:5 T:其中修订16件 N:22 N:0 T:(三) |");
  CHECK(d.ntok > 3 && d.tok[2].annotated && d.tok[3].annotated && !strcmp(d.tok[2].raw, "22（其中修订16件）"),
        "annotated numbers keep their cell as raw");
  CHECK(d.ntok > 6 && !d.tok[5].annotated && !d.tok[6].annotated, "22件 and 0(三) are not annotated");
  og_doc_free(&d);
  /* a unit in parentheses is the amount's unit, not a note */
  const char *amount = "<table><tr><td>行政事业性收费</td><td>251000(元)</td><td>3.5（万元）</td></tr></table>";
  og_doc_init(&d);
  d.words = words;
  og_read_html(&d, amount, strlen(amount));
  CHECK_STR(tokens_of(&d), "| T:行政事业性收费 N:251000 N:3.5 |");
  CHECK(d.ntok > 3 && d.tok[2].unit == OG_UNIT_YUAN && !d.tok[2].annotated && d.tok[3].unit == OG_UNIT_WAN,
        "units in parentheses");
  og_doc_free(&d);
  /* a count with its unit in a table cell is a number; in prose it is not */
  const char *units = "<table><tr><td>行政许可</td><td>5件</td><td>12人次</td></tr></table><p>全年受理5件</p>";
  og_doc_init(&d);
  d.words = words;
  og_read_html(&d, units, strlen(units));
  CHECK_STR(tokens_of(&d), "| T:行政许可 N:5 N:12 | T:全年受理5件");
  og_doc_free(&d);
  /* the page's <title> and <h1> are recorded for the metadata (one heading a line; an <svg>'s title is not
   * the page's) */
  const char *heads = "<html><head><title>某县水利局2023年政府信息公开工作年度报告_年报专栏\n_某县人民政府</title></head>"
                      "<body><h1>某县人民政府</h1><div><h1 class=\"t\">某县水利局<br>2023年政府信息公开\n工作年度报告</h1></div>"
                      "<p>正文</p><svg><title>图标</title></svg></body></html>";
  og_doc_init(&d);
  og_read_html(&d, heads, strlen(heads));
  CHECK(d.html_title && !strcmp(d.html_title, "某县水利局2023年政府信息公开工作年度报告_年报专栏 _某县人民政府"), "title: %s",
        d.html_title ? d.html_title : "(null)");
  CHECK(d.html_h1 && !strcmp(d.html_h1, "某县人民政府\n某县水利局2023年政府信息公开 工作年度报告\n"), "h1: %s",
        d.html_h1 ? d.html_h1 : "(null)");
  og_doc_free(&d);
  og_doc_init(&d);
  og_read_html(&d, row, strlen(row));
  CHECK(!d.html_title && !d.html_h1, "no title, no h1");
  og_doc_free(&d);
}

static void test_decode(void) {
  /* "政府信息公开" in GB18030, no declaration */
  const unsigned char gb[] = {0xD5, 0xFE, 0xB8, 0xAE, 0xD0, 0xC5, 0xCF, 0xA2, 0xB9, 0xAB, 0xBF, 0xAA};
  og_decoded d;
  CHECK(og_decode(gb, sizeof gb, &d) == 0, "decode");
  CHECK_STR(d.encoding, "GB18030");
  CHECK_STR(d.text, "政府信息公开");
  og_decoded_free(&d);
  const unsigned char u16[] = {0xFF, 0xFE, 0x3C, 0x00, 0x70, 0x00, 0x3E, 0x00, 0x3F, 0x65};
  CHECK(og_decode(u16, sizeof u16, &d) == 0, "utf16");
  CHECK_STR(d.encoding, "UTF-16LE");
  CHECK_STR(d.text, "<p>政");
  og_decoded_free(&d);
  const unsigned char bad[] = {'a', 0xFF, 'b'};
  const char *decl = "<meta charset=\"gbk\">";
  CHECK(og_declared_charset((const unsigned char *)decl, strlen(decl)) && !strcmp(og_declared_charset((const unsigned char *)decl, strlen(decl)), "GB18030"), "meta charset");
  CHECK(og_decode(bad, sizeof bad, &d) == 0 && d.replaced >= 1, "invalid bytes replaced");
  og_decoded_free(&d);
  char hex[65];
  og_sha256_hex((const unsigned char *)"abc", 3, hex);
  CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static int accept_all(const double *v, int n, void *ctx) {
  (void)v; (void)n; (void)ctx;
  return 1;
}
static int accept_row_total(const double *v, int n, void *ctx) {
  (void)ctx;
  double s = 0;
  for (int i = 0; i < n - 1; i++) s += v[i];
  return s == v[n - 1];
}

static void test_segment(void) {
  double out[16];
  char text[16][32];
  int part[16];
  const char *p1[] = {"121212"};
  CHECK(og_segment_digits(p1, 1, 3, accept_all, NULL, out, text, part) == 10, "several cuts, none taken");
  const char *p2[] = {"1000001"};
  CHECK(og_segment_digits(p2, 1, 7, accept_all, NULL, out, text, part) == 1, "seven digits, seven values: one cut");
  const char *p3[] = {"14289"};
  CHECK(og_segment_digits(p3, 1, 3, accept_all, NULL, out, text, part) == 6, "ambiguous cut is reported");
  const char *p4[] = {"1020003"}; /* 1 0 2 0 0 0 3 holds 1+0+2+0+0+0 = 3 */
  CHECK(og_segment_digits(p4, 1, 7, accept_row_total, NULL, out, text, part) == 1 && out[6] == 3, "row total");
  const char *p5[] = {"102000113"}; /* 9 digits, 7 values: only 10,2,0,0,0,1,13 adds up */
  int n = og_segment_digits(p5, 1, 7, accept_row_total, NULL, out, text, part);
  CHECK(n == 1 && out[0] == 10 && out[6] == 13, "cut chosen by the row total (n=%d, %g..%g)", n, out[0], out[6]);
  const char *p6[] = {"3120.5"}; /* 3|120.5, 31|20.5, 312|0.5: the fraction stays with the digits before it */
  CHECK(og_segment_digits(p6, 1, 2, accept_all, NULL, out, text, part) == 3, "three cuts of 3120.5");
  const char *p7[] = {"31", "20.5"}; /* two tokens, two values: one cut */
  CHECK(og_segment_digits(p7, 2, 2, accept_all, NULL, out, text, part) == 1 && out[0] == 31 && out[1] == 20.5,
        "a fraction stays with its digits: %g %g", out[0], out[1]);
}

static ogi_report *extract_str(const char *name, const char *s) {
  ogi_report *r = NULL;
  ogi_extract(rules, name, (const unsigned char *)s, strlen(s), &r);
  return r;
}

/* The agency, year and published date of a report whose text is head + a small table + tail. */
static void meta_of(const char *name, const char *head, const char *tail, const char *agency, int year,
                    const char *published) {
  og_buf b;
  og_buf_init(&b);
  og_buf_puts(&b, head);
  og_buf_puts(&b, "\n收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n六、其他需要报告的事项\n无。\n");
  og_buf_puts(&b, tail);
  ogi_report *r = extract_str(name, b.data);
  const char *a = ogi_report_agency(r), *p = ogi_report_published(r);
  CHECK(agency ? a && !strcmp(a, agency) : !a, "%s: agency %s, want %s", name, a ? a : "(null)", agency ? agency : "(null)");
  CHECK(ogi_report_year(r) == year, "%s: year %d, want %d", name, ogi_report_year(r), year);
  CHECK(published ? p && !strcmp(p, published) : !p, "%s: published %s, want %s", name, p ? p : "(null)",
        published ? published : "(null)");
  ogi_report_free(&r);
  og_buf_free(&b);
}

static void test_meta_sources(void) {
  /* site chrome glued before the title's agency: a breadcrumb, the column's name, separators */
  meta_of("chrome1.txt", "首页 | 政府信息公开年报 | 某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  meta_of("chrome2.txt", "政府信息公开年报_某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  meta_of("chrome3.txt", "网站首页 政务公开 年报专栏 某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  meta_of("chrome4.txt", "您现在的位置 首页 政府信息公开 某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  /* a stray "正文" or breadcrumb line above a title without agency is not the agency: the signature's is */
  meta_of("zhengwen.txt", "正文\n2023年政府信息公开工作年度报告", "某县水利局\n2024年1月12日\n", "某县水利局", 2023, "2024-01-12");
  meta_of("crumb.txt", "首页 > 政务公开 > 政府信息公开年报\n2023年政府信息公开工作年度报告", "某县水利局\n2024年1月12日\n",
          "某县水利局", 2023, "2024-01-12");
  /* a title over two or three lines */
  meta_of("split3.txt", "淮安市洪泽区\n人民政府2023年政府信息公开\n工作年度报告", "", "淮安市洪泽区人民政府", 2023, NULL);
  meta_of("split3b.txt", "淮安市洪泽区人民政府\n2023年政府信息公开工作\n年度报告", "", "淮安市洪泽区人民政府", 2023, NULL);
  meta_of("split2.txt", "淮安市洪泽区人民政府2023年\n政府信息公开工作年度报告", "", "淮安市洪泽区人民政府", 2023, NULL);
  /* the line above joins the name when the document names the joined body elsewhere (its signature) ... */
  meta_of("wrapped.txt", "莆田市\n科学技术局2021年政府信息公开工作年度报告", "莆田市科学技术局\n二〇二二年元月十二日\n", "莆田市科学技术局", 2021,
          "2022-01-12");
  /* ... not a site's name above the title */
  meta_of("site.txt", "某县人民政府\n某县水利局\n2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  meta_of("site2.txt", "某县人民政府\n某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  /* pdftotext: a PDF title's large first character alone on the line above */
  meta_of("dropcap.txt", "洪\n泽区人民政府2023年政府信息公开工作年度报告", "", "洪泽区人民政府", 2023, NULL);
  meta_of("dropcap2.txt", "                洪\n               泽区人民政府\n      2023 年政府信息公开工作年度报告\n\n   本报告由", "",
          "洪泽区人民政府", 2023, NULL);
  /* published: the signature's date, split one piece per line, in Chinese numerals ... */
  meta_of("pieces.txt", "某县水利局2023年政府信息公开工作年度报告", "某县水利局\n202\n4\n年\n1\n月\n12\n日\n（此件主动公开）\n",
          "某县水利局", 2023, "2024-01-12");
  meta_of("cjk.txt", "某县水利局2023年政府信息公开工作年度报告", "某县水利局\n二○一二年二月二十日\n", "某县水利局", 2023, "2012-02-20");
  meta_of("cjk2.txt", "某县水利局2023年政府信息公开工作年度报告", "某县水利局\n二〇二四年\n一月十二日\n", "某县水利局", 2023, "2024-01-12");
  meta_of("cjk3.txt", "某县水利局2023年政府信息公开工作年度报告", "某县水利局\n二\n〇\n二\n四\n年\n十\n二\n月\n三\n十\n一\n日\n",
          "某县水利局", 2023, "2024-12-31");
  /* ... before the crawler's header date, also with a long page footer after it; a footer's labelled date
   * is not a signature */
  og_buf tail;
  og_buf_init(&tail);
  og_buf_puts(&tail, "某县水利局\n2024年1月12日\n");
  for (int i = 0; i < 45; i++) og_buf_printf(&tail, "网站导航链接%c\n", 'a' + i % 26);
  og_buf_puts(&tail, "更新时间：2024年3月1日\n");
  meta_of("crawl.txt", "标题: 某县水利局2023年政府信息公开工作年度报告\n发布时间: 2024-02-01 08:51\n正文:", tail.data, "某县水利局", 2023,
          "2024-01-12");
  og_buf_free(&tail);
  meta_of("crawl2.txt", "标题: 某县水利局2023年政府信息公开工作年度报告\n发布时间: 2024-02-01 08:51\n正文:", "更新时间：2024年3月1日\n",
          "某县水利局", 2023, "2024-02-01");
  /* HTML: the <h1> before a sidebar's link to another year's report; the <title> when the page shows no title */
  const char *table = "<p>收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td>"
                      "<td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>";
  og_buf b;
  og_buf_init(&b);
  og_buf_printf(&b, "<html><head><title>年报专栏</title></head><body><ul><li><a href=\"a\">某县水利局2022年政府信息公开工作年度报告</a>"
                   "</li></ul><h1>某县水利局2023年政府信息公开工作年度报告</h1>%s</body></html>", table);
  ogi_report *r = extract_str("sidebar.html", b.data);
  CHECK(ogi_report_year(r) == 2023, "the h1's year: %d", ogi_report_year(r));
  CHECK(ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局"), "the h1's agency: %s", ogi_report_agency(r));
  ogi_report_free(&r);
  b.len = 0;
  og_buf_printf(&b, "<html><head><title>某县水利局2023年政府信息公开工作年度报告-某县人民政府</title></head><body>"
                   "<div>首页 &gt; 年报专栏 &gt; 正文</div><p>根据《条例》，现公布本机关年度报告。</p>%s</body></html>", table);
  r = extract_str("titleonly.html", b.data);
  CHECK(ogi_report_year(r) == 2023, "the <title>'s year: %d", ogi_report_year(r));
  CHECK(ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局"), "the <title>'s agency: %s", ogi_report_agency(r));
  ogi_report_free(&r);
  b.len = 0;
  og_buf_printf(&b, "<html><head><title>年报专栏</title></head><body><div>正文</div><h1>2023年政府信息公开工作年度报告</h1>%s"
                   "<p>某县水利局</p><p>2024年1月12日</p></body></html>", table);
  r = extract_str("h1.html", b.data);
  CHECK(ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局"), "the signature's agency: %s", ogi_report_agency(r));
  CHECK(ogi_report_published(r) && !strcmp(ogi_report_published(r), "2024-01-12"), "published %s", ogi_report_published(r));
  ogi_report_free(&r);
  og_buf_free(&b);
}

static void test_api(void) {
  ogi_report *r = extract_str("empty", "");
  CHECK(ogi_report_status(r) == OGI_ERR_EMPTY, "empty");
  CHECK_STR(ogi_report_error(r), "empty: empty file");
  ogi_report_free(&r);
  CHECK(r == NULL, "free sets NULL");
  ogi_extract(rules, "x.png", (const unsigned char *)"\x89PNG\r\n\x1a\n....", 12, &r);
  CHECK(ogi_report_status(r) == OGI_ERR_BINARY, "png");
  ogi_report_free(&r);
  setenv("OGI_PDFTOTEXT", "/nonexistent/pdftotext", 1);
  r = extract_str("x.pdf", "%PDF-1.4 ...");
  CHECK(ogi_report_status(r) == OGI_ERR_UNSUPPORTED, "pdf without pdftotext");
  CHECK(strstr(ogi_report_error(r), "pdftotext (poppler-utils) is not installed") != NULL, "%s", ogi_report_error(r));
  ogi_report_free(&r);
  unsetenv("OGI_PDFTOTEXT");
  r = extract_str("page.html", "<html><body><p>网站首页</p></body></html>");
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES, "no tables");
  ogi_report_free(&r);
  r = extract_str("note.md", "# 某局2016年政府信息公开工作年度报告（抓取说明）\n原文见网站。\n");
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES && !ogi_report_agency(r) && !ogi_report_year(r),
        "a note naming a pre-2019 report, without its sections, is not a report");
  ogi_report_free(&r);
  r = extract_str("crawl.json", "{\"title\": \"某局2016年政府信息公开工作年度报告\", \"body\": \"一、概述\"}\n");
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES && strstr(ogi_report_error(r), "JSON data, not a report"), "JSON: %s",
        ogi_report_error(r));
  ogi_report_free(&r);
  /* a JSON note quoting a few labels with numbers (a truth file's notes) is data, not a report with 5 values */
  r = extract_str("x.truth.json", "{\"meta\": {\"agency\": \"某县人民政府\", \"year\": 2023},\n"
                                  " \"notes\": \"三、收到和处理政府信息公开申请情况\\n一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21\\n"
                                  "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\"}\n");
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES && strstr(ogi_report_error(r), "JSON data, not a report (it quotes"),
        "JSON quoting two rows: %s", ogi_report_error(r) ? ogi_report_error(r) : "(ok)");
  ogi_report_free(&r);
  r = extract_str("prose.txt", "某县水利局2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息20条。\n"
                               "三、收到和处理政府信息公开申请情况\n本年度收到申请3件，均已按时答复。\n"
                               "四、政府信息公开行政复议、行政诉讼情况\n本年度无行政复议、行政诉讼。\n某县水利局\n2024年1月20日\n");
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES && strstr(ogi_report_error(r), "a report (某县水利局, 2023) that prints no statistics tables"),
        "prose report: %s", ogi_report_error(r));
  CHECK(ogi_report_year(r) == 2023 && ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局") &&
            ogi_report_published(r) && !strcmp(ogi_report_published(r), "2024-01-20"),
        "a report without tables keeps its meta");
  ogi_report_free(&r);
  r = extract_str("old.txt", "某局2016年政府信息公开工作年度报告\n一、概述\n全年公开信息20条。\n");
  CHECK(ogi_report_status(r) == OGI_OK && !strcmp(ogi_report_template(r), "legacy"), "legacy");
  CHECK(ogi_report_value(r, "t3.total.total", NULL) == -1, "legacy has no fields");
  CHECK(ogi_report_skipped_checks(r) == 0 && ogi_report_failed_checks(r) == 0, "legacy: no checks to run or skip");
  ogi_report_free(&r);

  /* a 2019 表二 glued: 35-728 is 35, -7, 28 (上一年项目数量 + 本年增/减 may not be negative) */
  const char *glued =
      "某区2020年政府信息公开工作年度报告\n第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政处罚35-728\n"
      "三、收到和处理政府信息公开申请情况申请人情况一、本年新收政府信息公开申请数量1000001\n";
  r = extract_str("glued.txt", glued);
  double v = 0;
  CHECK(ogi_report_value(r, "t2.penalty.prev_items", &v) == 1 && v == 35, "prev %g", v);
  CHECK(ogi_report_value(r, "t2.penalty.change", &v) == 1 && v == -7, "change %g", v);
  CHECK(ogi_report_value(r, "t2.penalty.decisions", &v) == 1 && v == 28, "decisions %g", v);
  CHECK(ogi_report_value(r, "t3.new_received.total", &v) == 1 && v == 1, "t3 glued");
  CHECK(!strcmp(ogi_report_template(r), "2019"), "2019 template from its 表二 header");
  CHECK(ogi_report_value(r, "t3.other.total", NULL) == 0, "single （六） row is a 2019 field, null here");
  CHECK(ogi_report_value(r, "t3.other.other.total", NULL) == -1, "no 2021 （六） rows");
  ogi_report_free(&r);

  /* a row that does not add up fails t3.row_total; a missing row makes its checks skipped */
  const char *rows =
      "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 2 0 0 0 0 0 1\n"
      "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n";
  r = extract_str("rows.txt", rows);
  CHECK(ogi_report_failed_checks(r) == 1, "one failed check, got %d", ogi_report_failed_checks(r));
  {
    /* every check that needs a row this report does not print is skipped, and counted */
    char *j = ogi_render_json(r, 0);
    int n = 0;
    for (const char *p = j; (p = strstr(p, "\"status\":\"skipped\"")); p++) n++;
    ogi_free(j);
    CHECK(n > 0 && ogi_report_skipped_checks(r) == n, "skipped checks: accessor %d, JSON %d", ogi_report_skipped_checks(r), n);
  }
  char *json = ogi_render_json(r, 0);
  CHECK(strstr(json, "\"rule\":\"t3.row_total\",\"subject\":\"t3.new_received\",\"status\":\"fail\",\"expected\":2,\"actual\":1") != NULL,
        "row_total result in JSON: %.300s", json);
  CHECK(strstr(json, "\"rule\":\"t3.balance\",\"subject\":\"natural\",\"status\":\"skipped\"") != NULL, "balance skipped");
  ogi_free(json);
  char *diag = ogi_render_diagnostics(r);
  CHECK(strstr(diag, "rows.txt:2:") == diag && strstr(diag, "t3.row_total t3.new_received: expected 2, printed 1\n"),
        "diagnostic: %.200s", diag);
  ogi_free(diag);
  ogi_report_free(&r);

  /* amounts printed in 元 are stored in 万元 */
  const char *fee = "第二十条第（八）项 信息内容 本年收费金额\n行政事业性收费 251000元\n"
                    "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n";
  r = extract_str("fee.txt", fee);
  CHECK(ogi_report_value(r, "t2.fees.amount_wan", &v) == 1 && fabs(v - 25.1) < 1e-9, "25.1 万元, got %g", v);
  ogi_report_free(&r);

  /* blank cells are 0 and marked blank */
  const char *html =
      "<p>收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td><td>3</td>"
      "<td>&nbsp;</td><td>-</td><td>—</td><td>/</td><td>无</td><td>3</td></tr></table>";
  r = extract_str("blank.html", html);
  CHECK(ogi_report_value(r, "t3.new_received.business", &v) == 1 && v == 0, "blank is 0");
  json = ogi_render_json(r, 0);
  CHECK(strstr(json, "\"t3.new_received.legal\":{\"line\":1,") && strstr(json, "\"raw\":\"/\",\"blank\":true"), "blank in provenance: %.400s", json);
  CHECK(strstr(json, "\"table\":0,\"row\":0,\"cell\":1") != NULL, "html provenance has table/row/cell");
  ogi_free(json);
  ogi_report_free(&r);

  /* placeholders (patterns/words.tsv) in a cell are blanks too */
  html = "<p>收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td><td>3</td>"
         "<td>不适用</td><td> 暂无 </td><td>未发生</td><td>0</td><td>0</td><td>3</td></tr></table>";
  r = extract_str("placeholder.html", html);
  CHECK(ogi_report_value(r, "t3.new_received.business", &v) == 1 && v == 0, "不适用 is 0");
  CHECK(ogi_report_value(r, "t3.new_received.total", &v) == 1 && v == 3, "the row is read: %g", v);
  json = ogi_render_json(r, 0);
  CHECK(strstr(json, "\"raw\":\"不适用\",\"blank\":true") && strstr(json, "\"raw\":\"暂无\",\"blank\":true"),
        "placeholders are blank in provenance: %.600s", json);
  CHECK(ogi_report_failed_checks(r) == 0, "the row adds up with its blanks");
  ogi_free(json);
  ogi_report_free(&r);

  /* a cell printing a note after its number: the number, the cell as raw, and a warning naming the field */
  html = "<p>二、主动公开政府信息情况</p><table><tr><td>第二十条第（一）项</td></tr><tr><td>信息内容</td>"
         "<td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>22（其中修订16件）</td>"
         "<td>0</td><td>55（含自然失效29件）</td></tr></table><p>收到和处理政府信息公开申请情况</p><table><tr>"
         "<td>一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr></table>";
  r = extract_str("annotated.html", html);
  CHECK(ogi_report_value(r, "t2.regulations.issued", &v) == 1 && v == 22, "leading number: %g", v);
  CHECK(ogi_report_value(r, "t2.regulations.in_force", &v) == 1 && v == 55, "leading number: %g", v);
  json = ogi_render_json(r, 0);
  CHECK(strstr(json, "{\"code\":\"annotated\",\"field\":\"t2.regulations.issued\",\"message\":\"printed 22（其中修订16件）: "
                     "took the leading number\"") != NULL, "annotated warning: %s", json);
  CHECK(strstr(json, "\"field\":\"t2.regulations.in_force\",\"message\":\"printed 55（含自然失效29件）: took the leading number\"") != NULL,
        "annotated warning for in_force");
  CHECK(strstr(json, "\"raw\":\"22（其中修订16件）\",\"blank\":false") != NULL, "the note is kept in raw");
  CHECK(strstr(json, "\"field\":\"t2.regulations.repealed\",\"message\":\"printed") == NULL, "no warning for a plain 0");
  ogi_free(json);
  ogi_report_free(&r);

  /* a total displaced out of its row by a converter: taken only when it equals the sum of its parts */
  const char *displaced =
      "收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n3\n"
      "| 四、结转下年度继续办理 | 2 | 1 | 0 | 0 | 0 | 0 |  |\n";
  r = extract_str("displaced.md", displaced);
  CHECK(ogi_report_value(r, "t3.carried_forward.total", &v) == 1 && v == 3, "displaced total taken: %g", v);
  ogi_report_free(&r);
  const char *stray =
      "收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n5\n"
      "| 四、结转下年度继续办理 | 2 | 1 | 0 | 0 | 0 | 0 |  |\n";
  r = extract_str("stray.md", stray);
  /* a blank total whose parts are not zero is a printed blank (0) and a failed check that says so */
  CHECK(ogi_report_value(r, "t3.carried_forward.total", &v) == 1 && v == 0, "a stray number that is not the sum: the blank stays 0");
  json = ogi_render_json(r, 0);
  CHECK(strstr(json, "{\"rule\":\"t3.row_total\",\"subject\":\"t3.carried_forward\",\"status\":\"fail\",\"expected\":3,\"actual\":0,\"actual_blank\":true") != NULL,
        "blank total: failed check marked blank: %s", json);
  ogi_free(json);
  json = ogi_render_diagnostics(r);
  CHECK(strstr(json, "t3.row_total t3.carried_forward: expected 3, printed blank\n") != NULL, "blank total diagnostic: %s", json);
  ogi_free(json);
  ogi_report_free(&r);

  /* rows run together in one run (raw pdftotext): read as rows only when every row adds up */
  const char *runs =
      "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n3\n0\n0\n0\n0\n0\n3\n"
      "二、上年结转政府信息公开申请数量\n1\n0\n0\n0\n0\n0\n1\n2\n0\n0\n0\n0\n0\n2\n1\n0\n0\n0\n0\n0\n1\n"
      "1.属于国家秘密\n0\n0\n0\n0\n0\n0\n0\n";
  r = extract_str("runs.txt", runs);
  CHECK(ogi_report_value(r, "t3.granted.natural", &v) == 1 && v == 2, "granted from a run %g", v);
  CHECK(ogi_report_value(r, "t3.partial.total", &v) == 1 && v == 1, "partial from a run %g", v);
  ogi_report_free(&r);
  const char *columns = /* the same numbers column by column: the rows do not add up, nothing is read */
      "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n3\n0\n0\n0\n0\n0\n3\n"
      "二、上年结转政府信息公开申请数量\n1\n2\n1\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n1\n2\n1\n"
      "1.属于国家秘密\n0\n0\n0\n0\n0\n0\n0\n";
  r = extract_str("columns.txt", columns);
  CHECK(ogi_report_value(r, "t3.granted.natural", NULL) == 0, "column-major run: null, not a guess");
  CHECK(ogi_report_value(r, "t3.carried_over.natural", NULL) == 0, "column-major run: null");
  ogi_report_free(&r);

  /* a year in Chinese numerals in the title; a signature dated 2024-01-25 */
  const char *meta = "某县水利局二〇二三年政府信息公开工作年度报告\n收到和处理政府信息公开申请情况\n"
                     "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n某县水利局\n2024-01-25\n";
  r = extract_str("meta.txt", meta);
  CHECK(ogi_report_year(r) == 2023, "year %d", ogi_report_year(r));
  CHECK(ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局"), "agency %s", ogi_report_agency(r));
  CHECK(ogi_report_published(r) && !strcmp(ogi_report_published(r), "2024-01-25"), "published %s", ogi_report_published(r));
  ogi_report_free(&r);
  meta = "2023年度政府信息公开工作年度报告\n收到和处理政府信息公开申请情况\n"
         "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n五、其他\n本机关未收费。某县水利局二〇二四年一月二十五日\n";
  r = extract_str("meta2.txt", meta);
  CHECK(ogi_report_agency(r) && !strcmp(ogi_report_agency(r), "某县水利局"), "agency from a glued signature: %s", ogi_report_agency(r));
  CHECK(ogi_report_published(r) && !strcmp(ogi_report_published(r), "2024-01-25"), "Chinese-numeral date %s", ogi_report_published(r));
  ogi_report_free(&r);

  test_meta_sources();

  /* a （六） subtotal row above its three sub-rows is not a template row and does not shift the others */
  const char *sub =
      "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 6 0 0 0 0 0 6\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
      "（一）予以公开 1 0 0 0 0 0 1\n5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0\n（六）其他处理 5 0 0 0 0 0 5\n"
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 2 0 0 0 0 0 2\n"
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n3.其他 3 0 0 0 0 0 3\n"
      "（七）总计 6 0 0 0 0 0 6\n四、结转下年度继续办理 0 0 0 0 0 0 0\n";
  r = extract_str("subtotal.txt", sub);
  CHECK(ogi_report_value(r, "t3.other.no_correction.natural", &v) == 1 && v == 2, "no_correction %g", v);
  CHECK(ogi_report_value(r, "t3.other.other.natural", &v) == 1 && v == 3, "other.other %g", v);
  CHECK(ogi_report_value(r, "t3.total.natural", &v) == 1 && v == 6, "total %g", v);
  CHECK(ogi_report_value(r, "t3.other.natural", NULL) == -1, "no single （六） field in a three-row report");
  ogi_report_free(&r);

  /* 表四 as three rows of five, each labelled with its block */
  const char *t4 =
      "收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n四、政府信息公开行政复议、行政诉讼情况\n"
      "| | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|---|\n| 行政复议 | 1 | 0 | 0 | 0 | 1 |\n"
      "| 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 2 | 2 |\n| 行政诉讼 复议后起诉 | 0 | 1 | 0 | 0 | 2 |\n";
  r = extract_str("t4.md", t4);
  CHECK(ogi_report_value(r, "t4.review.upheld", &v) == 1 && v == 1, "review upheld");
  CHECK(ogi_report_value(r, "t4.suit_direct.pending", &v) == 1 && v == 2, "direct pending");
  CHECK(ogi_report_value(r, "t4.suit_after_review.total", &v) == 1 && v == 2, "after review total");
  CHECK(ogi_report_failed_checks(r) == 1, "block_total of t4.suit_after_review fails");
  CHECK(ogi_report_skipped_checks(r) > 0, "表二 and most of 表三 missing: checks not run");
  ogi_report_free(&r);
}

/* Loads a copy of patterns/ whose words.tsv ends with the line extra; returns the loader's status, its message
 * in err, and in *line the number of that line. */
static int load_with_words_line(const char *extra, char *dir, size_t dirlen, int *line, char *err, size_t errlen) {
  static const char *const files[] = {"fields.tsv", "rows.tsv", "templates.tsv", "regions.tsv", "checks.tsv",
                                      "meta.tsv", "columns.tsv", "words.tsv", "divisions.tsv", "agency.tsv",
                                      "indicators.tsv", "narrative.tsv", NULL};
  snprintf(dir, dirlen, "/tmp/ogi-unit-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  *line = 0;
  for (int i = 0; files[i]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", ogi_rules_dir(rules), files[i]);
    FILE *in = fopen(path, "rb");
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    FILE *out = fopen(path, "wb");
    int c, last = '\n';
    while (in && out && (c = fgetc(in)) != EOF) {
      fputc(c, out);
      last = c;
      if (c == '\n' && !strcmp(files[i], "words.tsv")) (*line)++;
    }
    if (out && !strcmp(files[i], "words.tsv")) {
      if (last != '\n') { fputc('\n', out); (*line)++; }
      fprintf(out, "%s\n", extra);
      (*line)++;
    }
    if (in) fclose(in);
    if (out) fclose(out);
  }
  ogi_rules *r = NULL;
  int rc = ogi_rules_load(dir, &r, err, errlen);
  ogi_rules_free(&r);
  for (int i = 0; files[i]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  rmdir(dir);
  return rc;
}

static void test_words_file(void) {
  static const struct { const char *line, *message; } bad[] = {
      {"unit\t件", "unknown kind 'unit' (blank, prose_unit, prose_before, cell_unit, wan, yuan, numeral or date_unit)"},
      {"prose_unit\t人次", "a prose_unit is one character, not '人次'"},
      {"blank", "expected a kind (blank, prose_unit, prose_before, cell_unit, wan, yuan), a tab, a word"},
      {"blank\t不 适用", "a blank word has no whitespace (words are matched with whitespace removed)"},
      {"cell_unit\t", "empty cell_unit word"},
      {"yuan\t5元", "a yuan word cannot start with a digit"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char dir[64], err[512], want[768];
    int line = 0;
    int rc = load_with_words_line(bad[i].line, dir, sizeof dir, &line, err, sizeof err);
    snprintf(want, sizeof want, "%s/words.tsv:%d: %s", dir, line, bad[i].message);
    CHECK(rc == OGI_ERR_RULES, "'%s' is refused (%d)", bad[i].line, rc);
    CHECK_STR(err, want);
  }
  char dir[64], err[512];
  int line;
  CHECK(load_with_words_line("blank\t／", dir, sizeof dir, &line, err, sizeof err) == OGI_OK,
        "a word in full-width form is normalized (a duplicate of /): %s", err);
}

static const char *const pattern_files[] = {"fields.tsv", "rows.tsv", "templates.tsv", "regions.tsv", "checks.tsv",
                                            "meta.tsv", "columns.tsv", "words.tsv", "divisions.tsv", "agency.tsv",
                                            "indicators.tsv", "narrative.tsv", NULL};

/* Loads a copy of patterns/ (in dir, removed again) in which file lacks the lines starting with one of drop
 * and ends with the lines of extra (both NULL-terminated). Returns the rules, or NULL with the message in err. */
static ogi_rules *rules_edited(const char *file, const char *const *drop, const char *const *extra, char *err,
                               size_t errlen) {
  char dir[64];
  snprintf(dir, sizeof dir, "/tmp/ogi-unit-XXXXXX");
  if (!mkdtemp(dir)) return NULL;
  for (int i = 0; pattern_files[i]; i++) {
    char path[512], line[65536];
    snprintf(path, sizeof path, "%s/%s", ogi_rules_dir(rules), pattern_files[i]);
    FILE *in = fopen(path, "rb");
    snprintf(path, sizeof path, "%s/%s", dir, pattern_files[i]);
    FILE *out = fopen(path, "wb");
    int edit = !strcmp(pattern_files[i], file);
    while (in && out && fgets(line, sizeof line, in)) {
      int skip = 0;
      for (int k = 0; edit && drop && drop[k] && !skip; k++) skip = !strncmp(line, drop[k], strlen(drop[k]));
      if (!skip) fputs(line, out);
    }
    for (int k = 0; edit && out && extra && extra[k]; k++) fprintf(out, "%s\n", extra[k]);
    if (in) fclose(in);
    if (out) fclose(out);
  }
  ogi_rules *r = NULL;
  if (ogi_rules_load(dir, &r, err, errlen) != OGI_OK) r = NULL;
  for (int i = 0; pattern_files[i]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, pattern_files[i]);
    unlink(path);
  }
  rmdir(dir);
  return r;
}

/* The words and numbers of meta.tsv and agency.tsv's level names come from the files: a copy with a word
 * changed reads the same report differently. */
static void test_meta_words_file(void) {
  const char *title = "某县水利局2023年政府信息公开工作年度报告";
  /* with patterns/ as it is */
  meta_of("yuanyue.txt", title, "某县水利局\n二〇二四年元月十二日\n", "某县水利局", 2023, "2024-01-12");
  meta_of("o.txt", title, "某县水利局\n二O二四年一月十二日\n", "某县水利局", 2023, "2024-01-12");
  meta_of("attach.txt", title, "某县水利局 二○一二年二月二十日 附件1：统计表\n", "某县水利局", 2023, "2012-02-20");
  meta_of("guanyu.txt", "关于某县水利局2023年政府信息公开工作年度报告", "", "某县水利局", 2023, NULL);
  char err[512];
  static const char *const drop[] = {"first_month\t", "digit\tO\t", "attachment\t附件", "agency_front\t关于",
                                     "date_years\t", "template_year\t", "date_marks\t", NULL};
  static const char *const extra[] = {"agency_front\t某县", "date_years\t1990\t2020", "template_year\t2024",
                                      "date_marks\t年\t月\t号", NULL};
  ogi_rules *edited = rules_edited("meta.tsv", drop, extra, err, sizeof err), *keep = rules;
  CHECK(edited != NULL, "an edited meta.tsv loads: %s", err);
  if (!edited) return;
  rules = edited;
  /* (a date ends in 号, below) 元月 is January no more, O no longer a zero, 附件 no longer starts the
   * attachments: no published date */
  meta_of("yuanyue.txt", title, "某县水利局\n二〇一九年元月十二号\n", "水利局", 2023, NULL);
  meta_of("yuanyue2.txt", title, "某县水利局\n二〇一九年一月十二号\n", "水利局", 2023, "2019-01-12");
  meta_of("o.txt", title, "某县水利局\n二O一九年一月十二号\n", "水利局", 2023, NULL);
  meta_of("attach.txt", title, "某县水利局 二○一二年二月二十号 附件1：统计表\n", "水利局", 2023, NULL);
  meta_of("attach2.txt", title, "某县水利局 二○一二年二月二十号 附表1：统计表\n", "水利局", 2023, "2012-02-20");
  /* 关于 is no longer stripped from the agency, 某县 is */
  meta_of("guanyu.txt", "关于某县水利局2023年政府信息公开工作年度报告", "", "关于某县水利局", 2023, NULL);
  /* dates name 1990..2020 only */
  meta_of("late.txt", title, "某县水利局\n2024年1月12号\n", "水利局", 2023, NULL);
  meta_of("early.txt", title, "某县水利局\n2020年1月12号\n", "水利局", 2023, "2020-01-12");
  /* a date ends in 号 now, not 日 */
  meta_of("ri.txt", title, "某县水利局\n2020年1月12日\n", "水利局", 2023, NULL);
  /* the national templates start in 2024: a 2023 report without tables is legacy */
  const char *prose = "某县档案馆2023年政府信息公开工作年度报告\n一、总体情况\n本年无依申请公开。\n二、主动公开政府信息情况\n无。\n";
  ogi_report *r = extract_str("prose.txt", prose);
  CHECK(ogi_report_template(r) && !strcmp(ogi_report_template(r), "legacy"), "template_year 2024: template %s",
        ogi_report_template(r) ? ogi_report_template(r) : "(null)");
  ogi_report_free(&r);
  rules = keep;
  r = extract_str("prose.txt", prose);
  CHECK(ogi_report_status(r) == OGI_ERR_NO_TABLES && ogi_report_template(r) && !strcmp(ogi_report_template(r), "2021"),
        "template_year 2019: a 2023 report without tables (status %d, template %s)", ogi_report_status(r),
        ogi_report_template(r) ? ogi_report_template(r) : "(null)");
  ogi_report_free(&r);
  ogi_rules_free(&edited);
  /* a malformed word line names its file and line; without date_years the file is refused */
  static const char *const bad_digit[] = {"digit\t十一\t1", NULL}, *const bad_value[] = {"digit\t〇\t10", NULL};
  static const char *const no_years[] = {"date_years\t", NULL};
  CHECK(!rules_edited("meta.tsv", NULL, bad_digit, err, sizeof err) && strstr(err, "digit '十一': not one character"),
        "a digit of two characters: %s", err);
  CHECK(!rules_edited("meta.tsv", NULL, bad_value, err, sizeof err) && strstr(err, "its value is one digit, 0..9"),
        "a digit's value 10: %s", err);
  CHECK(!rules_edited("meta.tsv", no_years, NULL, err, sizeof err) &&
            strstr(err, "needs date_years, date_marks, template_year and template_2021_year"),
        "meta.tsv without date_years: %s", err);
  static const char *const bad_marks[] = {"date_marks\t年\t月", NULL};
  CHECK(!rules_edited("meta.tsv", NULL, bad_marks, err, sizeof err) && strstr(err, "date_marks takes three words"),
        "date_marks with two marks: %s", err);
  /* the words a line must hold before the title pattern is tried: none listed, every line is tried */
  static const char *const no_title_word[] = {"title_word\t", NULL}, *const other_title_word[] = {"title_word\t年报", NULL};
  edited = rules_edited("meta.tsv", no_title_word, other_title_word, err, sizeof err);
  CHECK(edited != NULL, "title_word 年报 loads: %s", err);
  if (edited) {
    rules = edited;
    meta_of("titleword.txt", title, "", NULL, 0, NULL);
    rules = keep;
    ogi_rules_free(&edited);
  }
  edited = rules_edited("meta.tsv", no_title_word, NULL, err, sizeof err);
  CHECK(edited != NULL, "no title_word loads: %s", err);
  if (edited) {
    rules = edited;
    meta_of("titleword.txt", title, "", "某县水利局", 2023, NULL);
    rules = keep;
    ogi_rules_free(&edited);
  }
  /* agency.tsv names the levels of divisions.tsv (and of agency_identity.level) */
  static const char *const no_level[] = {"level\t", NULL}, *const other_level[] = {"level\t省\t地\t县\t乡", NULL};
  CHECK(!rules_edited("agency.tsv", no_level, NULL, err, sizeof err) && strstr(err, "the level names are not known"),
        "agency.tsv without its level row: %s", err);
  CHECK(!rules_edited("agency.tsv", no_level, other_level, err, sizeof err) &&
            strstr(err, "divisions.tsv:") && strstr(err, "a level (省, 地, 县, 乡: agency.tsv)"),
        "a level name divisions.tsv does not use: %s", err);
}

int main(void) {
  char err[512];
  CHECK(ogi_rules_load(NULL, &rules, err, sizeof err) == OGI_OK, "rules: %s", err);
  if (!rules) {
    printf("%d passed, %d failed\n", passed, failed);
    return 1;
  }
  words = &rules->words;
  test_normalize();
  test_numbers();
  test_words();
  test_text_layouts();
  test_html_grid();
  test_decode();
  test_segment();
  test_api();
  test_words_file();
  test_meta_words_file();
  ogi_rules_free(&rules);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
