/* `ogi layout`, the debugging view of the middle of the pipeline: the document as the rules see it (format,
 * lines, tokens with their positions and table cells), and where each cell went. Every number or blank token
 * that became a value is followed by the field id it went to, how it was placed and its row label; a number
 * or blank inside the tables that became no value says "unused"; values no token of their own holds (a row
 * of blank cells, a cell moved from elsewhere) and the template's cells left null (with the warnings naming
 * them) are listed after the tokens. The document is read here as extraction reads it (the same readers,
 * words and limits), then the bytes are extracted; a value is matched to its token by place (line, column,
 * table, row, cell), which is where the value records it came from (report.h). */
#include "decode.h"
#include "doc.h"
#include "docx.h"
#include "html.h"
#include "pdf.h"
#include "pipeline.h"
#include "report.h"
#include "text.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A placed value's place, for looking values up by the token they came from. */
typedef struct {
  int key[5]; /* line, col, table, row, cell */
  int field;
} S_spot;

static int S_spot_cmp_place(const S_spot *a, const S_spot *b) {
  for (int i = 0; i < 5; i++)
    if (a->key[i] != b->key[i]) return a->key[i] < b->key[i] ? -1 : 1;
  return 0;
}

static int S_spot_cmp(const void *pa, const void *pb) {
  const S_spot *a = pa, *b = pb;
  int c = S_spot_cmp_place(a, b);
  return c ? c : a->field < b->field ? -1 : a->field > b->field;
}

static int S_spot_at(const S_spot *s, const og_token *t) {
  int k[5] = {t->line, t->col, t->table, t->row, t->cell};
  for (int i = 0; i < 5; i++)
    if (s->key[i] != k[i]) return s->key[i] < k[i] ? -1 : 1;
  return 0;
}

/* The placed values of r sorted by place; *n of them. */
static S_spot *S_spots(const ogi_report *r, int *n) {
  int nf = r->rules->nfields;
  S_spot *s = og_xmalloc(sizeof *s * (size_t)(nf + 1));
  *n = 0;
  for (int f = 0; f < nf; f++) {
    const og_value *v = &r->values[f];
    if (!v->present || !v->found) continue;
    S_spot *p = &s[(*n)++];
    p->key[0] = v->line;
    p->key[1] = v->col;
    p->key[2] = v->table;
    p->key[3] = v->row;
    p->key[4] = v->cell;
    p->field = f;
  }
  qsort(s, (size_t)*n, sizeof *s, S_spot_cmp);
  return s;
}

/* The first spot not before token t's place. */
static int S_first_spot(const S_spot *s, int n, const og_token *t) {
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (S_spot_at(&s[mid], t) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* "t3.granted.natural = 5": a value ("blank" for a blank cell). */
static void S_put_value(og_buf *b, const ogi_report *r, int f) {
  const og_value *v = &r->values[f];
  og_buf_printf(b, "%s = ", r->rules->fields[f].id);
  if (v->blank) og_buf_puts(b, "blank");
  else og_buf_printf(b, "%.15g", v->value);
}

/* A blank cell that printed nothing, placed beside number token t (a vanished blank, an empty line). */
static int S_beside(const og_value *v, const og_token *t) {
  return v->blank && t->kind == OG_TOK_NUM && v->raw && !v->raw[0];
}

/* " (label; row 予以公开)": how value f was placed and the row label it was placed by. */
static void S_put_why(og_buf *b, const ogi_report *r, int f) {
  const og_value *v = &r->values[f];
  og_buf_printf(b, " (%s", v->how ? v->how : "placed");
  if (v->label) og_buf_printf(b, "; row %s", v->label);
  og_buf_putc(b, ')');
}

static int S_same_why(const og_value *a, const og_value *b) {
  return !strcmp(a->how ? a->how : "", b->how ? b->how : "") && !strcmp(a->label ? a->label : "", b->label ? b->label : "");
}

/* A spot and the token it came from, to be sorted by token. */
/* A spot and the token it came from, to be sorted by token. */
typedef struct {
  long tok;
  int spot;
} S_held;

static int S_held_cmp(const void *pa, const void *pb) {
  const S_held *a = pa, *b = pb;
  if (a->tok != b->tok) return a->tok < b->tok ? -1 : 1;
  return a->spot < b->spot ? -1 : a->spot > b->spot;
}

/* The values of the n spots held[0..n) that came from token t's text (beside 0) or are blank cells placed
 * beside it (beside 1), after lead; consecutive values placed the same way and by the same label share one
 * "(how; row label)". Returns how many. */
static int S_put_token_values(og_buf *b, const ogi_report *r, const S_spot *spots, const S_held *held, int n,
                              const og_token *t, int beside, const char *lead) {
  int prev = -1, m = 0;
  for (int j = 0; j < n; j++) {
    int f = spots[held[j].spot].field;
    if (S_beside(&r->values[f], t) != beside) continue;
    if (prev >= 0 && !S_same_why(&r->values[prev], &r->values[f])) S_put_why(b, r, prev);
    og_buf_puts(b, m ? ", " : lead);
    S_put_value(b, r, f);
    prev = f;
    m++;
  }
  if (prev >= 0) S_put_why(b, r, prev);
  return m;
}

/* The token each spot came from (-1: none): the number or blank token at its place, else (a value moved
 * from another cell keeps its old table cell) the number printed at its line and column as it was. */
static long *S_owners(const ogi_report *r, const og_doc *d, const S_spot *spots, int nspots) {
  long *owner = og_xmalloc(sizeof *owner * (size_t)(nspots + 1));
  for (int k = 0; k < nspots; k++) owner[k] = -1;
  for (size_t i = 0; i < d->ntok; i++) {
    const og_token *t = &d->tok[i];
    if (t->kind != OG_TOK_NUM && t->kind != OG_TOK_BLANK) continue;
    for (int k = S_first_spot(spots, nspots, t); k < nspots && !S_spot_at(&spots[k], t); k++) owner[k] = (long)i;
  }
  for (int k = 0; k < nspots; k++) {
    const og_value *v = &r->values[spots[k].field];
    if (owner[k] >= 0 || v->col <= 0 || !v->raw || !v->raw[0]) continue;
    for (size_t i = 0; i < d->ntok && owner[k] < 0; i++) {
      const og_token *t = &d->tok[i];
      if (t->kind == OG_TOK_NUM && t->line == v->line && t->col == v->col && !strcmp(t->raw, v->raw)) owner[k] = (long)i;
    }
  }
  return owner;
}

/* The warnings that name a cell left null ("ambiguous", "bad_row"), sorted by place: key line, col (the
 * rest 0), field the warning's index. */
static S_spot *S_null_warnings(const ogi_report *r, int *n) {
  S_spot *w = og_xcalloc((size_t)r->nwarnings + 1, sizeof *w);
  *n = 0;
  for (int i = 0; i < r->nwarnings; i++) {
    const og_warning *wn = &r->warnings[i];
    int f = wn->field && wn->line > 0 ? og_field_index(r->rules, wn->field) : -1;
    if (f < 0 || !r->values[f].present || r->values[f].found) continue;
    S_spot *p = &w[(*n)++];
    p->key[0] = wn->line;
    p->key[1] = wn->col;
    p->field = i;
  }
  qsort(w, (size_t)*n, sizeof *w, S_spot_cmp);
  return w;
}

static int S_line_col_cmp(const S_spot *s, const og_token *t) {
  if (s->key[0] != t->line) return s->key[0] < t->line ? -1 : 1;
  return s->key[1] < t->col ? -1 : s->key[1] > t->col;
}

/* Token t became no value: the cells left null whose warning stands at its place. Returns how many. */
static int S_put_token_nulls(og_buf *b, const ogi_report *r, const S_spot *w, int nw, const og_token *t) {
  int lo = 0, hi = nw, n = 0;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (S_line_col_cmp(&w[mid], t) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < nw && !S_line_col_cmp(&w[lo], t); lo++, n++) {
    const og_warning *wn = &r->warnings[w[lo].field];
    og_buf_printf(b, "%s%s = null (%s)", n ? ", " : " -> ", wn->field, wn->code);
  }
  return n;
}

/* The tokens of d; with r (NULL: the tokens alone), each token's values, then the values no number or blank
 * token holds and the cells left null. */
static void S_put_cells(og_buf *b, const ogi_report *r, const og_doc *d) {
  static const char *const kinds[] = {"TEXT", "NUM", "BLANK", "BREAK"};
  int nspots = 0;
  S_spot *spots = r ? S_spots(r, &nspots) : NULL;
  long *owner = r ? S_owners(r, d, spots, nspots) : NULL;
  int nnull = 0;
  S_spot *nulls = r ? S_null_warnings(r, &nnull) : NULL;
  /* the spots that came from a token, by token (then by place) */
  S_held *at = og_xmalloc(sizeof *at * (size_t)(nspots + 1));
  int nat = 0;
  for (int k = 0; k < nspots; k++)
    if (owner[k] >= 0) at[nat++] = (S_held){owner[k], k};
  qsort(at, (size_t)nat, sizeof *at, S_held_cmp);
  /* the tables' reach: from the first token that became a value to the last */
  long first = nat ? at[0].tok : 0, last = nat ? at[nat - 1].tok : 0;
  int p = 0;
  for (size_t i = 0; i < d->ntok; i++) {
    const og_token *t = &d->tok[i];
    og_buf_printf(b, "tok %zu %s %d:%d", i, kinds[t->kind], t->line, t->col);
    if (t->table >= 0) og_buf_printf(b, " [t%d r%d c%d]", t->table, t->row, t->cell);
    if (t->kind != OG_TOK_BREAK)
      og_buf_printf(b, " %s%s%s", t->text, t->glued ? " (glued)" : "", t->annotated ? " (annotated)" : "");
    int n = 0;
    while (p + n < nat && at[p + n].tok == (long)i) n++;
    int from_text = n ? S_put_token_values(b, r, spots, at + p, n, t, 0, " -> ") : 0;
    if (!from_text && r && t->kind == OG_TOK_NUM && !S_put_token_nulls(b, r, nulls, nnull, t) && (long)i > first &&
        (long)i < last)
      og_buf_puts(b, " -> unused");
    og_buf_putc(b, '\n');
    if (n > from_text) {
      og_buf_printf(b, "cell %d:%d printed nothing, beside tok %zu", t->line, t->col, i);
      S_put_token_values(b, r, spots, at + p, n, t, 1, ": ");
      og_buf_putc(b, '\n');
    }
    p += n;
  }
  /* one line per place and reason: a blank row's cells together */
  for (int k = 0, prev = -1; k < nspots; k++) {
    if (owner[k] >= 0) continue;
    int f = spots[k].field;
    const og_value *v = &r->values[f];
    int same = prev >= 0 && !S_spot_cmp_place(&spots[prev], &spots[k]) && S_same_why(&r->values[spots[prev].field], v);
    if (prev >= 0 && !same) {
      S_put_why(b, r, spots[prev].field);
      og_buf_putc(b, '\n');
    }
    if (same) og_buf_puts(b, ", ");
    else og_buf_printf(b, "cell %d:%d ", v->line, v->col);
    S_put_value(b, r, f);
    prev = k;
  }
  for (int k = nspots - 1; k >= 0; k--)
    if (owner[k] < 0) {
      S_put_why(b, r, spots[k].field);
      og_buf_putc(b, '\n');
      break;
    }
  for (int f = 0; r && f < r->rules->nfields; f++) {
    const og_value *v = &r->values[f];
    if (!v->present || v->found) continue;
    const char *id = r->rules->fields[f].id;
    int named = 0;
    for (int w = 0; w < r->nwarnings; w++) {
      const og_warning *wn = &r->warnings[w];
      if (!wn->field || strcmp(wn->field, id)) continue;
      og_buf_printf(b, "null %s %s", id, wn->code);
      if (wn->line > 0) og_buf_printf(b, " %d:%d", wn->line, wn->col);
      og_buf_printf(b, ": %s\n", wn->message);
      named = 1;
    }
    if (v->no_sum)
      og_buf_printf(b, "null %s no_sum %d:%d: no placement of its row's printed numbers adds up\n", id,
                    v->no_sum_line, v->no_sum_col);
    else if (!named) og_buf_printf(b, "null %s not_found\n", id);
  }
  free(nulls);
  free(at);
  free(owner);
  free(spots);
}

/* The layout of bytes read within limits (the driver's: tokens, cells, depth, the deadline), and where each
 * cell went when rules is not NULL. */
static char *S_render(const ogi_rules *rules, const char *source, const unsigned char *bytes, size_t len,
                      const ogi_limits *limits) {
  og_buf b;
  og_buf_init(&b);
  og_decoded dec;
  memset(&dec, 0, sizeof dec);
  og_doc d;
  og_doc_init(&d);
  d.max_depth = limits->max_depth;
  d.max_cells = limits->max_cells;
  d.max_tokens = og_max_tokens(limits);
  d.deadline = og_now() + limits->max_seconds;
  /* the tokenizer's words come from the pattern files extraction uses */
  if (rules) d.words = &rules->words;
  ogi_report *r = NULL;
  const char *format = "docx";
  char err[512];
  if (og_is_docx(bytes, len)) {
    dec.encoding = "UTF-8";
    if (og_read_docx(&d, bytes, len, err, sizeof err) != OGI_OK) og_buf_printf(&b, "# %s\n", err);
  } else {
    if (len >= 5 && !memcmp(bytes, "%PDF-", 5)) {
      format = "pdf";
      if (og_pdf_to_text(bytes, len, limits->max_seconds, &dec.text, &dec.len, err, sizeof err) != OGI_OK) {
        og_buf_printf(&b, "# %s\n", err);
        goto done;
      }
      dec.encoding = "UTF-8";
    } else {
      if (og_decode(bytes, len, &dec) != 0) goto done;
      format = og_detect_format(dec.text, dec.len);
    }
    if (strcmp(format, "html") == 0) og_read_html(&d, dec.text, dec.len);
    else og_read_text(&d, dec.text, dec.len);
  }
  og_buf_printf(&b, "# format %s, encoding %s, %zu lines, %zu tokens\n", format, dec.encoding, d.nlines, d.ntok);
  if (d.timed_out) og_buf_printf(&b, "# given up after %g s (see --max-seconds): the rest was not read\n", limits->max_seconds);
  if (d.truncated) og_buf_printf(&b, "# more than %s: the rest was not read (see --max-cells)\n",
                                d.truncated == 1 ? "--max-cells table cells" : "2 x --max-cells tokens or lines");
  if (rules) {
    /* the same bytes, extracted: the values remember the token (place) they came from */
    ogi_extract_limited(rules, limits, source, bytes, len, &r);
    if (r->status != OGI_OK) {
      og_buf_printf(&b, "# not extracted: %s\n", r->error ? r->error : ogi_errmsg(r->status));
    } else {
      int nf = 0, nfound = 0;
      ogi_report_counts(r, &nf, &nfound);
      og_buf_printf(&b, "# template %s: %d of %d cells placed, %d null\n", r->tmpl ? r->tmpl : "unknown", nfound, nf,
                    nf - nfound);
    }
  }
  for (size_t i = 0; i < d.nlines; i++) og_buf_printf(&b, "line %d: %s\n", d.lines[i].line, d.lines[i].text);
  S_put_cells(&b, r && r->status == OGI_OK ? r : NULL, &d);
done:
  ogi_report_free(&r);
  og_doc_free(&d);
  og_decoded_free(&dec);
  return og_buf_take(&b);
}

/* The default pattern files for the calls without rules; NULL (and a note in b) when they cannot be loaded. */
static ogi_rules *S_default_rules(og_buf *b) {
  ogi_rules *rules = NULL;
  char rerr[512];
  if (ogi_rules_load(NULL, &rules, rerr, sizeof rerr) == OGI_OK) return rules;
  og_buf_printf(b, "# %s (blank markers and units not recognized, no cells placed)\n", rerr);
  return NULL;
}

static char *S_render_default(const char *source, const unsigned char *bytes, size_t len, const ogi_limits *limits) {
  og_buf b;
  og_buf_init(&b);
  ogi_rules *rules = S_default_rules(&b);
  char *s = S_render(rules, source, bytes, len, limits);
  og_buf_puts(&b, s);
  free(s);
  ogi_rules_free(&rules);
  return og_buf_take(&b);
}

char *ogi_dump_layout(const unsigned char *bytes, size_t len) {
  ogi_limits l = og_limits_or_default(NULL);
  return S_render_default("-", bytes, len, &l);
}

static int S_render_file(const ogi_rules *rules, const ogi_limits *limits_in, const char *path, char **out,
                         char *err, size_t errlen) {
  ogi_limits limits = og_limits_or_default(limits_in);
  *out = NULL;
  unsigned char *data;
  size_t len;
  char why[512];
  int rc = og_read_file(path, limits.max_bytes, &data, &len, why, sizeof why);
  if (rc != OGI_OK) {
    snprintf(err, errlen, "%s: %s", path, why);
    return rc;
  }
  *out = rules ? S_render(rules, path, data, len, &limits) : S_render_default(path, data, len, &limits);
  free(data);
  return OGI_OK;
}

int ogi_dump_layout_file(const ogi_limits *limits, const char *path, char **out, char *err, size_t errlen) {
  return S_render_file(NULL, limits, path, out, err, errlen);
}

int ogi_render_layout(const ogi_rules *rules, const ogi_limits *limits, const char *path, char **out, char *err,
                      size_t errlen) {
  return S_render_file(rules, limits, path, out, err, errlen);
}
