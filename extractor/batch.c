/* Bulk extraction: walk folders, extract with worker threads, write one dataset (SQLite by default, or CSV or
 * JSONL) in a fixed order so that the result is the same for any number of threads, and resume after an
 * interruption by skipping what the dataset already holds. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "corrections.h"
#include "dataset.h"
#include "doc.h"
#include "pipeline.h"
#include "report.h"
#include "sha256.h"
#include "util.h"
#include "walk.h"
#include "writer.h"
#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  ogi_report *r;
  int known, done;
  int unread;   /* known by its stat before the workers started: never handed to one, read without the mutex */
  int touch;    /* known, but read and hashed: its stat is recorded so that the next run skips it unread */
  char sha[65]; /* the file's content ("" when it could not be read): a correction may name it */
} S_slot;

/* A table of 64-bit keys (hashes already: og_dataset_key, og_dataset_stat_key) to an index, open addressing with
 * linear probing, at most half full: built once, then only read, by every thread. Key 0 marks an empty slot (a
 * key 0 is taken as 1). (Sorted arrays, qsort and bsearch cost ~40 ms more of a 10^5-file resume.) */
typedef struct {
  uint64_t *key;
  uint32_t *val;
  size_t mask;
} S_table;

static void S_table_init(S_table *t, size_t n) {
  size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  t->key = og_xcalloc(cap, sizeof *t->key);
  t->val = og_xmalloc(cap * sizeof *t->val);
  t->mask = cap - 1;
}

static void S_table_free(S_table *t) {
  free(t->key);
  free(t->val);
  memset(t, 0, sizeof *t);
}

/* the first value put for a key stays */
static void S_table_put(S_table *t, uint64_t k, uint32_t v) {
  k += !k;
  size_t i = (size_t)k & t->mask;
  while (t->key[i] && t->key[i] != k) i = (i + 1) & t->mask;
  if (t->key[i]) return;
  t->key[i] = k;
  t->val[i] = v;
}

static const uint32_t *S_table_get(const S_table *t, uint64_t k) {
  if (!t->key) return NULL;
  k += !k;
  for (size_t i = (size_t)k & t->mask; t->key[i]; i = (i + 1) & t->mask)
    if (t->key[i] == k) return &t->val[i];
  return NULL;
}

typedef struct {
  const ogi_rules *rules;
  const ogi_batch_options *opt;
  og_inputs *in;
  S_slot *slots;
  size_t *todo, ntodo; /* the inputs to read (not known by their stat), in order */
  size_t next_job;     /* in todo */
  size_t written;      /* of todo, the reports the writer is done with: workers keep at most window ahead */
  size_t window;
  S_table known;        /* the stored reports, by og_dataset_key of path and sha256 */
  og_known_stat *kstat; /* files stored with their stat, whose report is stored */
  S_table kstat_of;     /* their index in kstat, by og_dataset_stat_key */
  pthread_mutex_t mu;
  pthread_cond_t job_cv, done_cv;
} S_batch;

static int S_is_known(const S_batch *b, const char *path, const char *sha) {
  return S_table_get(&b->known, og_dataset_key(path, sha)) != NULL;
}

/* The stored sha256 of an input whose path, size, mtime, device and inode are those of a stored file, or NULL:
 * the file is then skipped without being read (--rehash and --force read every file). */
static const char *S_stat_known(const S_batch *b, const og_input *in, uint64_t key) {
  if (!b->kstat || !in->has_stat || b->opt->force || b->opt->rehash) return NULL;
  const uint32_t *i = S_table_get(&b->kstat_of, key);
  return i ? b->kstat[*i].sha256 : NULL;
}

/* The folder walk on a thread of its own while the dataset is opened and its keys read (a 10^5-file resume: ~0.25 s
 * of stat calls beside ~0.1 s of SQLite), each file's stat key computed there too. */
typedef struct {
  og_inputs *in;
  const char *const *inputs;
  int ninputs;
  const ogi_batch_options *opt;
  int want_keys;
  uint64_t *skey; /* og_dataset_stat_key of each input with a stat, when want_keys */
  pthread_t th;
  int started;
} S_walker;

static void *S_walk_run(void *arg) {
  S_walker *w = arg;
  og_collect_inputs(w->in, w->inputs, w->ninputs, w->opt);
  if (w->in->share) og_walk_share_finish(w->in->share);
  if (w->want_keys) {
    w->skey = og_xmalloc((w->in->n + 1) * sizeof *w->skey);
    for (size_t i = 0; i < w->in->n; i++)
      w->skey[i] = w->in->v[i].has_stat ? og_dataset_stat_key(w->in->v[i].path, &w->in->v[i].st) : 0;
  }
  return NULL;
}

/* 1 when opening the dataset cannot change what the walk finds: the dataset exists (opening it creates only its
 * -wal and -shm files beside it), its folder is not below a folder walked, and it is not itself an input. */
static int S_walk_aside(const char *output, const char *const *inputs, int ninputs) {
  struct stat os;
  if (!output || stat(output, &os) != 0 || !S_ISREG(os.st_mode)) return 0;
  char *dir = og_xstrdup(output), *slash = strrchr(dir, '/');
  if (slash) slash[slash == dir] = 0;
  char *odir = realpath(slash ? dir : ".", NULL);
  free(dir);
  int aside = odir != NULL;
  for (int i = 0; aside && i < ninputs; i++) {
    struct stat st;
    if (!strcmp(inputs[i], "-")) continue;
    if (stat(inputs[i], &st) != 0) { /* it may be one the open creates (x.db-wal) */
      aside = 0;
    } else if (!S_ISDIR(st.st_mode)) {
      aside = st.st_dev != os.st_dev || st.st_ino != os.st_ino;
    } else {
      char *r = realpath(inputs[i], NULL);
      size_t n = r ? strlen(r) : 0; /* realpath leaves no '/' at the end but of "/" itself */
      aside = r && !(!strncmp(odir, r, n) && (odir[n] == 0 || odir[n] == '/' || !strcmp(r, "/")));
      free(r);
    }
  }
  free(odir);
  return aside;
}

static void S_walker_start(S_walker *w, int thread) {
  w->in->defer = 1;
  if (thread) w->in->share = og_walk_share_new();
  w->started = thread && pthread_create(&w->th, NULL, S_walk_run, w) == 0;
  if (!w->started) {
    og_walk_share_free(w->in->share);
    w->in->share = NULL;
    S_walk_run(w);
  }
}

/* Helps the walk with its stat calls until it is done, waits for it, then gives its messages. */
static void S_walker_end(S_walker *w) {
  if (w->started) {
    og_walk_help(w->in->share);
    pthread_join(w->th, NULL);
    og_walk_share_free(w->in->share);
    w->in->share = NULL;
  }
  w->started = 0;
  og_inputs_messages(w->in, w->opt);
}

/* The name an input has in messages and output: standard input may be given a label. */
static const char *S_source_name(const ogi_batch_options *opt, const char *path) {
  return !strcmp(path, "-") && opt->label && *opt->label ? opt->label : path;
}

static void *S_worker(void *arg) {
  S_batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->mu);
    while (b->next_job < b->ntodo && b->next_job >= b->written + b->window) pthread_cond_wait(&b->job_cv, &b->mu);
    if (b->next_job >= b->ntodo) {
      pthread_mutex_unlock(&b->mu);
      return NULL;
    }
    size_t i = b->todo[b->next_job++];
    pthread_mutex_unlock(&b->mu);

    const char *path = b->in->v[i].path;
    unsigned char *data = NULL;
    size_t len = 0;
    char err[512];
    ogi_report *r = NULL;
    int known = 0, touch = 0;
    int rc = og_read_file(path, b->opt->limits.max_bytes, &data, &len, err, sizeof err);
    if (rc != OGI_OK) {
      /* a file that could not be read is stored once, without content; --force tries it again */
      if (!b->opt->force && S_is_known(b, path, "")) known = 1;
      else r = og_report_error(b->rules, S_source_name(b->opt, path), rc, err);
    } else {
      char sha[65];
      og_sha256_hex(data, len, sha);
      if (!b->opt->force && S_is_known(b, path, sha)) {
        known = 1;
        touch = b->in->v[i].has_stat; /* stored before its stat was, or changed in time only: skipped unread next */
      } else
        og_extract_hashed(b->rules, &b->opt->limits, b->opt->corrections, S_source_name(b->opt, path), data, len, sha,
                             &r); /* one SHA-256 per file */
      memcpy(b->slots[i].sha, sha, sizeof sha); /* read by the writer after done is set, under the mutex */
    }
    free(data);
    pthread_mutex_lock(&b->mu);
    b->slots[i].r = r;
    b->slots[i].known = known;
    b->slots[i].touch = touch;
    b->slots[i].done = 1;
    pthread_cond_broadcast(&b->done_cv);
    pthread_mutex_unlock(&b->mu);
  }
}


static int S_ends(const char *s, size_t n, const char *ext) {
  size_t k = strlen(ext);
  return n >= k && !strcmp(s + n - k, ext);
}

const char *ogi_batch_format(const ogi_batch_options *opt) {
  if (opt->format && strcmp(opt->format, "json") != 0) return opt->format;
  const char *o = opt->output;
  size_t n = o ? strlen(o) : 0;
  if (!o || !strcmp(o, "-")) return opt->format ? "jsonl" : "sqlite";
  if (S_ends(o, n, ".csv")) return "csv";
  if (S_ends(o, n, ".jsonl") || S_ends(o, n, ".json")) return "jsonl";
  if (opt->format) return "jsonl"; /* --format json to a file: one object per line */
  if (S_ends(o, n, ".db") || S_ends(o, n, ".sqlite") || S_ends(o, n, ".sqlite3")) return "sqlite";
  const char *slash = strrchr(o, '/'), *dot = strrchr(o, '.');
  if (dot && (!slash || dot > slash)) return NULL; /* .xlsx, .txt...: not a format ogi writes */
  return "sqlite";
}

/* Stops handing out files (the writer gave up); workers finish the file they hold. */
static void S_stop_workers(S_batch *b) {
  pthread_mutex_lock(&b->mu);
  b->next_job = b->ntodo;
  pthread_cond_broadcast(&b->job_cv);
  pthread_mutex_unlock(&b->mu);
}

/* Commits what is pending every 500 reports or every second; 1 (err set) when the commit fails. */
static int S_commit_due(og_dataset *ds, const ogi_batch_options *opt, ogi_batch_stats *stats, size_t *since,
                        double *last, char *err, size_t errlen) {
  double now = og_now();
  if (*since < 500 && now - *last <= 1.0) return 0;
  long n = 0;
  int bad = og_dataset_commit(ds, &n) != 0;
  if (bad) snprintf(err, errlen, "%s: cannot commit: %s", opt->output, og_dataset_error(ds));
  stats->stored += n;
  *since = 0;
  *last = now;
  return bad;
}

int ogi_batch(const ogi_rules *rules, const char *const *inputs, int ninputs, const ogi_batch_options *opt,
              ogi_batch_stats *stats, char *err, size_t errlen) {
  memset(stats, 0, sizeof *stats);
  if (errlen) err[0] = 0;
  double t0 = og_now();
  og_inputs in = {0};
  const char *format = ogi_batch_format(opt);
  if (!format || (strcmp(format, "sqlite") && strcmp(format, "csv") && strcmp(format, "jsonl") && strcmp(format, "none"))) {
    snprintf(err, errlen, "%s: unknown output format: use .db, .csv or .jsonl", opt->output ? opt->output : "-");
    return OGI_ERR_IO;
  }
  int sqlite = !strcmp(format, "sqlite");
  S_walker walker = {.in = &in, .inputs = inputs, .ninputs = ninputs, .opt = opt,
                     .want_keys = sqlite && !opt->force && !opt->rehash};
  /* beside the open only when that cannot change what is found (the same inputs as a walk before it) */
  S_walker_start(&walker, sqlite && opt->output && S_walk_aside(opt->output, inputs, ninputs));
  if (!walker.started) S_walker_end(&walker); /* its messages before the dataset's */
  og_dataset *ds = NULL;
  FILE *out = NULL;
  S_batch b;
  memset(&b, 0, sizeof b);
  if (!strcmp(format, "none")) {
    /* no dataset: the caller sees each report through on_report */
  } else if (!strcmp(format, "sqlite")) {
    if (!opt->output || !strcmp(opt->output, "-")) {
      snprintf(err, errlen, "the SQLite dataset needs -o FILE");
      S_walker_end(&walker);
      free(walker.skey);
      og_inputs_free(&in);
      return OGI_ERR_IO;
    }
    ds = og_dataset_open(opt->output, rules, err, errlen);
    uint64_t *known = NULL;
    size_t nknown = 0, nkstat = 0;
    if (ds && (og_dataset_known(ds, &known, &nknown) || og_dataset_known_stats(ds, &b.kstat, &nkstat))) {
      snprintf(err, errlen, "%s: %s", opt->output, og_dataset_error(ds));
      og_dataset_close(ds, NULL, 0);
      ds = NULL;
    }
    if (!ds) {
      free(known);
      free(b.kstat);
      S_walker_end(&walker);
      free(walker.skey);
      og_inputs_free(&in);
      return OGI_ERR_IO;
    }
    if (nknown) {
      S_table_init(&b.known, nknown);
      for (size_t i = 0; i < nknown; i++) S_table_put(&b.known, known[i], 0);
    }
    free(known);
    size_t keep = 0; /* the stats of stored reports only */
    for (size_t i = 0; i < nkstat; i++)
      if (S_table_get(&b.known, b.kstat[i].report_key)) b.kstat[keep++] = b.kstat[i];
    if (keep) {
      S_table_init(&b.kstat_of, keep);
      for (size_t i = 0; i < keep; i++) S_table_put(&b.kstat_of, b.kstat[i].key, (uint32_t)i);
    } else {
      free(b.kstat);
      b.kstat = NULL;
    }
  } else {
    out = opt->output && strcmp(opt->output, "-") ? fopen(opt->output, "wb") : stdout;
    if (!out) {
      snprintf(err, errlen, "%s: cannot write: %s", opt->output, strerror(errno));
      free(walker.skey);
      og_inputs_free(&in);
      return OGI_ERR_IO;
    }
    if (!strcmp(format, "csv")) {
      if (opt->excel) fputs("\xEF\xBB\xBF", out);
      char *h = ogi_render_csv_header(rules);
      fputs(h, out);
      free(h);
    }
  }
  S_walker_end(&walker);
  b.rules = rules;
  b.opt = opt;
  b.in = &in;
  b.slots = og_xcalloc(in.n + 1, sizeof *b.slots);
  int jobs = opt->jobs > 0 ? opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1) jobs = 1;
  if (jobs > 256) jobs = 256;
  b.window = (size_t)jobs * 8 + 16;
  for (size_t i = 0; i < in.n; i++) { /* unchanged since stored: not read, not handed to a worker */
    const char *stored = walker.skey ? S_stat_known(&b, &in.v[i], walker.skey[i]) : NULL;
    if (!stored) continue;
    b.slots[i].known = b.slots[i].done = b.slots[i].unread = 1;
    memcpy(b.slots[i].sha, stored, 65);
  }
  b.todo = og_xmalloc((in.n + 1) * sizeof *b.todo);
  for (size_t i = 0; i < in.n; i++)
    if (!b.slots[i].unread) b.todo[b.ntodo++] = i;
  if ((size_t)jobs > b.ntodo) jobs = (int)b.ntodo; /* none when every file is known by its stat */
  pthread_mutex_init(&b.mu, NULL);
  pthread_cond_init(&b.job_cv, NULL);
  pthread_cond_init(&b.done_cv, NULL);
  if (jobs) xmlInitParser();
  pthread_t *th = og_xcalloc((size_t)jobs, sizeof *th);
  for (int i = 0; i < jobs; i++) pthread_create(&th[i], NULL, S_worker, &b);

  int progress = opt->progress < 0 ? isatty(2) : opt->progress;
  int draw = progress && !opt->message; /* without a callback the batch draws its progress line itself */
  double last_print = 0, last_commit = og_now();
  size_t since_commit = 0;
  stats->files = (long)in.n;
  int fatal = 0; /* the dataset cannot be written any more: the batch stops, err says what was kept */
  int ncorr = ogi_corrections_count(opt->corrections);
  /* 0 no input, 1 already stored, 2 applied (or a warning of the report says why not), 3 a file without values */
  unsigned char *corr_seen = og_xcalloc((size_t)ncorr + 1, 1);
  size_t reached = 0;
  for (size_t i = 0; i < in.n && !fatal; i++) {
    S_slot *s = &b.slots[i];
    if (!s->unread) {
      pthread_mutex_lock(&b.mu);
      while (!s->done) pthread_cond_wait(&b.done_cv, &b.mu);
      pthread_mutex_unlock(&b.mu);
    }
    reached = i + 1;
    ogi_report *r = s->r;
    for (int k = 0; k < ncorr; k++) /* which corrections name an input, and whether it was applied now */
      if (og_correction_matches(opt->corrections, k, S_source_name(opt, in.v[i].path), s->sha) ||
          og_correction_matches(opt->corrections, k, in.v[i].path, s->sha))
        corr_seen[k] = s->known ? 1 : og_correction_warned(opt->corrections, k, r) ? 2 : 3;
    if (s->known) {
      stats->already_stored++;
      if (opt->on_report) opt->on_report(opt->report_data, NULL, in.v[i].path, "stored", in.v[i].explicit_arg);
      if (ds && s->touch) {
        if (og_dataset_touch(ds, in.v[i].path, s->sha, &in.v[i].st) != 0) {
          snprintf(err, errlen, "%s: cannot store %s: %s", opt->output, in.v[i].path, og_dataset_error(ds));
          fatal = 1;
        } else {
          since_commit++;
          fatal = S_commit_due(ds, opt, stats, &since_commit, &last_commit, err, errlen);
        }
      }
    } else {
      int st = r->status;
      const char *status = "ok", *reason = NULL;
      if (st == OGI_OK && !in.v[i].explicit_arg && og_is_blank_form(r)) {
        /* the national form as published, not filled in; named on the command line, it is extracted */
        status = "skipped";
        reason = OG_BLANK_FORM_REASON;
        stats->skipped++;
        stats->skipped_blank++;
      } else if (st == OGI_OK) {
        stats->reports++;
        stats->with_failed_checks += ogi_report_failed_checks(r) > 0;
        int skipped = ogi_report_skipped_checks(r);
        stats->with_skipped_checks += skipped > 0;
        stats->checks_skipped += skipped;
        int nf = 0, found = 0;
        ogi_report_counts(r, &nf, &found);
        stats->values += nf;
        stats->values_found += found;
        if (!strcmp(r->tmpl, "2019")) stats->template_2019++;
        else if (!strcmp(r->tmpl, "2021")) stats->template_2021++;
        else stats->legacy++;
      } else if (r->without_tables) {
        status = "no_tables"; /* a report all the same: its record says who published no tables */
        stats->no_tables++;
      } else if (!in.v[i].explicit_arg && (st == OGI_ERR_BINARY || st == OGI_ERR_NO_TABLES || st == OGI_ERR_EMPTY ||
                                            st == OGI_ERR_UNSUPPORTED)) {
        status = "skipped";
        stats->skipped++;
        if (st == OGI_ERR_BINARY || st == OGI_ERR_EMPTY) stats->skipped_binary++;
        else if (st == OGI_ERR_UNSUPPORTED) stats->skipped_unsupported++;
        else stats->skipped_no_tables++;
      } else {
        status = "error";
        stats->failed++;
        if (draw) fputs("\r\033[K", stderr);
        og_message_error(opt, in.v[i].path, "%s", r->error);
      }
      if (opt->on_report) opt->on_report(opt->report_data, r, in.v[i].path, status, in.v[i].explicit_arg);
      if (ds) {
        long lost = og_dataset_pending(ds);
        int arc = og_dataset_add(ds, r, in.v[i].path, status, reason, opt->force || r->sha256[0] == 0,
                                 in.v[i].has_stat ? &in.v[i].st : NULL);
        if (arc == -1) { /* this report only: rolled back whole, the others go on */
          stats->not_stored++;
          stats->failed++;
          if (progress) fputs("\r\033[K", stderr);
          fprintf(stderr, "ogi: %s: cannot store %s (none of its rows were written): %s\n", opt->output,
                  in.v[i].path, og_dataset_error(ds));
        } else if (arc == -2) {
          snprintf(err, errlen, "%s: cannot store %s: %s (the %ld reports not yet committed were rolled back with it)",
                   opt->output, in.v[i].path, og_dataset_error(ds), lost);
          fatal = 1;
        }
        since_commit++;
        if (!fatal) fatal = S_commit_due(ds, opt, stats, &since_commit, &last_commit, err, errlen);
      } else if (out && strcmp(status, "skipped") != 0) { /* CSV and JSONL list reports (with or without tables) and
                                                      failures, not non-reports */
        char *line = !strcmp(format, "csv") ? ogi_render_csv_row_opts(r, opt->excel ? OGI_CSV_EXCEL : 0)
                                            : ogi_render_json(r, 0);
        fputs(line, out);
        if (strcmp(format, "csv")) fputc('\n', out);
        free(line);
        if (ferror(out)) {
          snprintf(err, errlen, "%s: cannot write: %s", opt->output ? opt->output : "standard output", strerror(errno));
          fatal = 1;
        } else {
          stats->stored++;
        }
      }
    }
    ogi_report_free(&r);
    s->r = NULL;
    if (!s->unread) {
      pthread_mutex_lock(&b.mu);
      b.written++;
      pthread_cond_broadcast(&b.job_cv);
      pthread_mutex_unlock(&b.mu);
    }
    double now = progress ? og_now() : 0; /* no clock read per file when nothing is drawn */
    if (progress && (now - last_print > 0.1 || i + 1 == in.n)) {
      double el = now - t0, rate = el > 0 ? (double)(i + 1) / el : 0;
      char line[160];
      snprintf(line, sizeof line, "%zu/%zu files  %.0f files/s  %ld failed  ETA %.0fs", i + 1, in.n, rate,
               stats->failed, rate > 0 ? (double)(in.n - i - 1) / rate : 0);
      if (draw) fprintf(stderr, "\r\033[K%s", line);
      ogi_message m = {OGI_MSG_PROGRESS, NULL, line, (long)(i + 1), (long)in.n, stats->failed, el};
      if (!draw) og_message(opt, &m);
      last_print = now;
    }
  }
  for (int k = 0; !fatal && k < ncorr; k++) { /* never silent: a correction that was not applied in this run */
    const og_correction *x = &opt->corrections->v[k];
    if (corr_seen[k] == 2) continue;
    if (draw) fputs("\r\033[K", stderr);
    char text[1400];
    if (corr_seen[k] == 3)
      snprintf(text, sizeof text, "note: %s:%d: %s of %.600s not applied: that file has no values (not a report "
               "with tables)", opt->corrections->path, x->line, x->field_id, x->key);
    else if (corr_seen[k] == 1)
      snprintf(text, sizeof text, "note: %s:%d: %s of %.600s not applied in this run: the dataset already holds that "
               "file (re-run with --force to extract it again)", opt->corrections->path, x->line, x->field_id, x->key);
    else
      snprintf(text, sizeof text, "note: %s:%d: the correction of %s for %.600s matches no input (by %s): not applied",
               opt->corrections->path, x->line, x->field_id, x->key, x->is_sha ? "sha256" : "path");
    ogi_message m = {OGI_MSG_NOTE, opt->corrections->path, text, 0, 0, 0, 0};
    og_message(opt, &m);
  }
  free(corr_seen);
  if (fatal) S_stop_workers(&b);
  if (draw) fputs("\r\033[K", stderr);
  for (int i = 0; i < jobs; i++) pthread_join(th[i], NULL);
  free(th);
  for (size_t i = reached; i < in.n; i++) ogi_report_free(&b.slots[i].r); /* done after the stop */
  pthread_mutex_destroy(&b.mu);
  pthread_cond_destroy(&b.job_cv);
  pthread_cond_destroy(&b.done_cv);
  S_table_free(&b.known);
  S_table_free(&b.kstat_of);
  free(b.kstat);
  free(walker.skey);
  free(b.todo);
  free(b.slots);
  stats->symlinked_folders = in.symlink_dirs;
  stats->walk_links = in.links;
  stats->walk_hidden = in.hidden;
  stats->walk_excluded = in.excluded;
  stats->walk_deep = in.deep;
  stats->failed += in.unreadable_dirs;
  int rc = fatal ? OGI_ERR_IO : OGI_OK;
  if (ds) {
    char cerr[1024] = "";
    if (fatal) og_dataset_abandon(ds);
    else { /* what is pending, then the cross-year checks of the whole dataset (warnings, not failures) */
      long committed = 0;
      int frc = og_dataset_finish(ds, &committed, &stats->cross_year_warnings);
      stats->stored += committed;
      if (frc == -1) {
        snprintf(err, errlen, "%s: cannot commit: %s", opt->output, og_dataset_error(ds));
        fatal = 1;
        rc = OGI_ERR_IO;
      } else if (frc == -2) {
        snprintf(err, errlen, "%s: the reports were stored, but the cross-year checks were not computed: %s",
                 opt->output, og_dataset_error(ds));
        rc = OGI_ERR_IO;
      }
    }
    long pending = og_dataset_pending(ds);
    if (og_dataset_close(ds, cerr, sizeof cerr) != 0) {
      if (!fatal && rc == OGI_OK) snprintf(err, errlen, "%s", cerr);
      rc = OGI_ERR_IO;
      fatal = 1;
    } else {
      stats->stored += pending;
    }
  }
  if (out && out != stdout && fclose(out) != 0) {
    if (!fatal) snprintf(err, errlen, "%s: cannot write: %s", opt->output, strerror(errno));
    rc = OGI_ERR_IO;
    fatal = 1;
    stats->stored = 0; /* what reached the file is not known */
  } else if (out == stdout && fflush(stdout) != 0) {
    if (!fatal) snprintf(err, errlen, "cannot write standard output: %s", strerror(errno));
    rc = OGI_ERR_IO;
    fatal = 1;
  }
  if (fatal) {
    /* what the dataset holds now, and what is not in it: a re-run of the same command adds the rest */
    long want = (long)in.n - stats->already_stored;
    stats->not_stored = want - stats->stored;
    size_t l = strlen(err);
    snprintf(err + l, errlen - l, "; stopped after %zu of %zu files: %ld stored in this run, %ld not%s", reached, in.n,
             stats->stored, stats->not_stored, ds ? " (re-run the same command to add them)" : "");
  } else if (!strcmp(format, "csv") && out != stdout && opt->output) {
    if (og_write_datapackage(rules, opt->output, opt->excel, err, errlen) != 0) rc = OGI_ERR_IO;
  }
  og_inputs_free(&in);
  stats->seconds = og_now() - t0;
  return rc;
}
