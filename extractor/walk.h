/* The inputs of a batch: files named on the command line, and the files found by walking folders. */
#ifndef OGI_WALK_H
#define OGI_WALK_H
#include <stddef.h>

typedef struct {
  char *path;
  int explicit_arg; /* named on the command line (not found by walking a folder) */
} S_input;

typedef struct {
  S_input *v;
  size_t n, cap;
  long symlink_dirs, unreadable_dirs;
} S_inputs;

/* Files named in inputs, and the files below the folders among them (sorted, recursively). */
void S_collect_inputs(S_inputs *in, const char *const *inputs, int ninputs);
void S_inputs_free(S_inputs *in);
#endif
