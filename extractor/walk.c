/* The folder walk: the files below each folder named as input, sorted, recursively; named files as they are. */
#include "walk.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void S_inputs_add(S_inputs *in, const char *path, int explicit_arg) {
  if (in->n == in->cap) {
    in->cap = in->cap ? in->cap * 2 : 256;
    in->v = S_xrealloc(in->v, in->cap * sizeof *in->v);
  }
  in->v[in->n].path = S_xstrdup(path);
  in->v[in->n].explicit_arg = explicit_arg;
  in->n++;
}

static int S_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Files below dir, sorted, recursively. Symbolic links to folders are not followed (no loops). */
static void S_walk(S_inputs *in, const char *dir, int depth) {
  if (depth > 64) return;
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "ogi: %s: cannot read the folder: %s\n", dir, strerror(errno));
    in->unreadable_dirs++;
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
    if (n == cap) names = S_xrealloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
    names[n++] = S_xstrdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, S_cmp_str);
  for (size_t i = 0; i < n; i++) {
    S_buf p;
    S_buf_init(&p);
    S_buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
    struct stat lst, st;
    if (lstat(p.data, &lst) == 0) {
      if (S_ISDIR(lst.st_mode)) S_walk(in, p.data, depth + 1);
      else if (S_ISLNK(lst.st_mode)) {
        if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode)) in->symlink_dirs++;
        else S_inputs_add(in, p.data, 0); /* a link to a file, or a dangling link: reading says which */
      } else {
        S_inputs_add(in, p.data, 0); /* FIFOs and devices too: reading refuses them, and says so */
      }
    }
    S_buf_free(&p);
    free(names[i]);
  }
  free(names);
}

void S_collect_inputs(S_inputs *in, const char *const *inputs, int ninputs) {
  for (int i = 0; i < ninputs; i++) {
    struct stat st;
    if (strcmp(inputs[i], "-") != 0 && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) S_walk(in, inputs[i], 0);
    else S_inputs_add(in, inputs[i], 1);
  }
}

void S_inputs_free(S_inputs *in) {
  for (size_t i = 0; i < in->n; i++) free(in->v[i].path);
  free(in->v);
  in->v = NULL;
  in->n = in->cap = 0;
}
