/* The folder walk: the files below each folder named as input, sorted, recursively; named files as they are.
 * Like find without -L, symbolic links found in a folder are not followed (neither to folders nor to files);
 * hidden names (".git", ".cache") are left out unless asked; include/exclude globs (fnmatch) choose the files.
 * What is left out is counted, by reason. On a thread of its own (batch.c), the walk may share a large folder's
 * stat calls with another thread (og_walk_help). Also: the batch options' defaults and the stderr message writer. */
#include "walk.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>

void ogi_batch_options_init(ogi_batch_options *opt) {
  memset(opt, 0, sizeof *opt);
  opt->progress = -1;
}

void og_message(const ogi_batch_options *opt, const ogi_message *m) {
  if (opt && opt->message) {
    opt->message(opt->message_data, m);
    return;
  }
  if (m->kind == OGI_MSG_PROGRESS) return; /* progress without a callback: drawn by the batch itself */
  char *s = ogi_escape_terminal(m->text);
  fprintf(stderr, "ogi: %s\n", s);
  free(s);
}

void og_message_error(const ogi_batch_options *opt, const char *path, const char *fmt, ...) {
  og_buf b;
  og_buf_init(&b);
  va_list ap;
  va_start(ap, fmt);
  og_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *text = og_buf_take(&b);
  ogi_message m = {OGI_MSG_ERROR, path, text, 0, 0, 0, 0};
  og_message(opt, &m);
  free(text);
}

/* The paths' storage: blocks of S_BLOCK bytes (a longer path gets a block of its own), freed whole. */
struct og_path_block {
  og_path_block *next;
  size_t used, cap;
  char data[];
};
#define S_BLOCK ((size_t)1 << 20)

/* a copy of s (n bytes) and a NUL, in in's storage */
static char *S_store(og_inputs *in, const char *s, size_t n) {
  size_t need = n + 1;
  og_path_block *k = in->paths;
  if (!k || k->cap - k->used < need) {
    size_t cap = need > S_BLOCK ? need : S_BLOCK;
    k = og_xmalloc(sizeof *k + cap);
    k->next = in->paths;
    k->used = 0;
    k->cap = cap;
    in->paths = k;
  }
  char *p = k->data + k->used;
  memcpy(p, s, n);
  p[n] = 0;
  k->used += need;
  return p;
}

/* path: len bytes; st: the file's stat when it is a regular file, else NULL */
static void S_inputs_add(og_inputs *in, const char *path, size_t len, int explicit_arg, const struct stat *st) {
  if (in->n == in->cap) {
    in->cap = in->cap ? in->cap * 2 : 256;
    in->v = og_xrealloc(in->v, in->cap * sizeof *in->v);
  }
  og_input *v = &in->v[in->n++];
  memset(v, 0, sizeof *v);
  v->path = S_store(in, path, len);
  v->explicit_arg = explicit_arg;
  if (st && S_ISREG(st->st_mode)) {
    v->has_stat = 1;
    v->st.bytes = (long long)st->st_size;
    v->st.mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + (long long)st->st_mtim.tv_nsec;
    v->st.dev = (long long)st->st_dev;
    v->st.inode = (long long)st->st_ino;
  }
}

static int S_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A glob with '/' is matched against the path, any other against the name. */
static int S_matches(const char *const *globs, int n, const char *name, const char *path) {
  for (int i = 0; i < n; i++)
    if (globs[i] && fnmatch(globs[i], strchr(globs[i], '/') ? path : name, 0) == 0) return 1;
  return 0;
}

/* A folder's entries statted (lstat) in chunks by whichever thread takes them: the walker and its helpers; the
 * walker then goes through the entries in order with their stats. One folder at a time (the walker waits for
 * the chunks it did not take before going on), so that the inputs come out as a walk alone gives them. */
typedef struct {
  int ok;
  struct stat st;
} S_entry_stat;

struct og_walk_share {
  pthread_mutex_t mu;
  pthread_cond_t job_cv;  /* a folder to share, or the walk is done */
  pthread_cond_t done_cv; /* every chunk of the folder statted */
  int finished;
  int dfd, skip_hidden;   /* the folder shared: its open descriptor, its names, their stats */
  char **names;
  S_entry_stat *res;
  size_t n, next, busy;   /* next: the first name no thread took; busy: chunks taken, not done */
};

#define S_CHUNK 64

og_walk_share *og_walk_share_new(void) {
  og_walk_share *s = og_xcalloc(1, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->job_cv, NULL);
  pthread_cond_init(&s->done_cv, NULL);
  return s;
}

void og_walk_share_free(og_walk_share *s) {
  if (!s) return;
  pthread_mutex_destroy(&s->mu);
  pthread_cond_destroy(&s->job_cv);
  pthread_cond_destroy(&s->done_cv);
  free(s);
}

/* Takes and stats chunks of the folder shared while there are some; called with the mutex held, returns with it. */
static void S_share_work(og_walk_share *s) {
  while (s->names && s->next < s->n) {
    size_t a = s->next, b = a + S_CHUNK < s->n ? a + S_CHUNK : s->n;
    s->next = b;
    s->busy++;
    int dfd = s->dfd, skip = s->skip_hidden;
    char **names = s->names;
    S_entry_stat *res = s->res;
    pthread_mutex_unlock(&s->mu);
    for (size_t i = a; i < b; i++)
      if (!(skip && names[i][0] == '.')) res[i].ok = fstatat(dfd, names[i], &res[i].st, AT_SYMLINK_NOFOLLOW) == 0;
    pthread_mutex_lock(&s->mu);
    if (--s->busy == 0 && s->next >= s->n) pthread_cond_broadcast(&s->done_cv);
  }
}

void og_walk_help(og_walk_share *s) {
  pthread_mutex_lock(&s->mu);
  for (;;) {
    S_share_work(s);
    if (s->finished) break;
    pthread_cond_wait(&s->job_cv, &s->mu);
  }
  pthread_mutex_unlock(&s->mu);
}

void og_walk_share_finish(og_walk_share *s) {
  pthread_mutex_lock(&s->mu);
  s->finished = 1;
  pthread_cond_broadcast(&s->job_cv);
  pthread_mutex_unlock(&s->mu);
}

/* The stats of the n names of the open folder dfd, taken with the helpers of s. */
static S_entry_stat *S_share_folder(og_walk_share *s, int dfd, char **names, size_t n, int skip_hidden) {
  S_entry_stat *res = og_xcalloc(n, sizeof *res);
  pthread_mutex_lock(&s->mu);
  s->dfd = dfd;
  s->skip_hidden = skip_hidden;
  s->names = names;
  s->res = res;
  s->n = n;
  s->next = s->busy = 0;
  pthread_cond_broadcast(&s->job_cv);
  S_share_work(s);
  while (s->busy) pthread_cond_wait(&s->done_cv, &s->mu);
  s->names = NULL;
  s->res = NULL;
  s->n = s->next = 0;
  pthread_mutex_unlock(&s->mu);
  return res;
}

/* Files below dir, sorted, recursively. */
static void S_walk(og_inputs *in, const char *dir, int depth, const ogi_batch_options *opt) {
  if (depth > OGI_MAX_WALK_DEPTH) {
    in->deep++;
    return;
  }
  DIR *d = opendir(dir);
  if (!d) {
    const char *why = strerror(errno);
    if (in->defer) {
      og_buf_put(&in->deferred, dir, strlen(dir) + 1);
      og_buf_printf(&in->deferred, "%s: cannot read the folder: %s", dir, why);
      og_buf_putc(&in->deferred, 0);
    } else {
      og_message_error(opt, dir, "%s: cannot read the folder: %s", dir, why);
    }
    in->unreadable_dirs++;
    return;
  }
  og_buf nb; /* the names, each NUL-terminated, in one buffer */
  og_buf_init(&nb);
  size_t *at = NULL, n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
    if (n == cap) at = og_xrealloc(at, (cap = cap ? cap * 2 : 64) * sizeof *at);
    at[n++] = nb.len;
    og_buf_put(&nb, e->d_name, strlen(e->d_name) + 1);
  }
  char **names = og_xmalloc((n ? n : 1) * sizeof *names);
  for (size_t i = 0; i < n; i++) names[i] = nb.data + at[i];
  free(at);
  int dfd = dirfd(d); /* entries are looked up in the open folder, not from the root each time */
  qsort(names, n, sizeof *names, S_cmp_str);
  int hidden = opt && opt->hidden;
  /* a large folder's stats taken with the helpers, if any (a few entries are not worth the hand-over) */
  S_entry_stat *res = in->share && dfd >= 0 && n >= S_CHUNK ? S_share_folder(in->share, dfd, names, n, !hidden) : NULL;
  const char *const *inc = opt ? opt->include : NULL, *const *exc = opt ? opt->exclude : NULL;
  int ninc = inc ? opt->ninclude : 0, nexc = exc ? opt->nexclude : 0;
  og_buf p; /* dir/, then each name in turn */
  og_buf_init(&p);
  og_buf_puts(&p, dir);
  if (!p.len || p.data[p.len - 1] != '/') og_buf_putc(&p, '/');
  size_t plen = p.len;
  for (size_t i = 0; i < n; i++) {
    p.len = plen;
    og_buf_puts(&p, names[i]);
    struct stat lst, st;
    if (!hidden && names[i][0] == '.') {
      in->hidden++;
    } else if (res ? (res[i].ok ? (lst = res[i].st, 1) : 0)
                   : (dfd >= 0 ? fstatat(dfd, names[i], &lst, AT_SYMLINK_NOFOLLOW) : lstat(p.data, &lst)) == 0) {
      if (S_ISLNK(lst.st_mode)) {
        in->links++; /* not followed: a link may lead out of the folder, or in a loop */
        if ((dfd >= 0 ? fstatat(dfd, names[i], &st, 0) : stat(p.data, &st)) == 0 && S_ISDIR(st.st_mode))
          in->symlink_dirs++;
      } else if (S_matches(exc, nexc, names[i], p.data)) {
        in->excluded++;
      } else if (S_ISDIR(lst.st_mode)) {
        S_walk(in, p.data, depth + 1, opt);
      } else if (ninc && !S_matches(inc, ninc, names[i], p.data)) {
        in->excluded++;
      } else {
        S_inputs_add(in, p.data, p.len, 0, &lst); /* FIFOs and devices too: reading refuses them, and says so */
      }
    }
  }
  og_buf_free(&p);
  og_buf_free(&nb);
  free(res);
  free(names);
  closedir(d);
}

void og_collect_inputs(og_inputs *in, const char *const *inputs, int ninputs, const ogi_batch_options *opt) {
  for (int i = 0; i < ninputs; i++) {
    struct stat st;
    int have = strcmp(inputs[i], "-") != 0 && stat(inputs[i], &st) == 0;
    if (have && S_ISDIR(st.st_mode)) S_walk(in, inputs[i], 0, opt);
    else S_inputs_add(in, inputs[i], strlen(inputs[i]), 1, have ? &st : NULL);
  }
}

void og_inputs_messages(og_inputs *in, const ogi_batch_options *opt) {
  for (size_t at = 0; at < in->deferred.len;) {
    const char *path = in->deferred.data + at, *text = path + strlen(path) + 1;
    ogi_message m = {OGI_MSG_ERROR, path, text, 0, 0, 0, 0};
    og_message(opt, &m);
    at = (size_t)(text + strlen(text) + 1 - in->deferred.data);
  }
  og_buf_free(&in->deferred);
}

void og_inputs_free(og_inputs *in) {
  og_buf_free(&in->deferred);
  while (in->paths) {
    og_path_block *next = in->paths->next;
    free(in->paths);
    in->paths = next;
  }
  free(in->v);
  in->v = NULL;
  in->n = in->cap = 0;
}
