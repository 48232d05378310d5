/* The inputs of a batch: files named on the command line, and the files found by walking folders (sorted;
 * symbolic links, hidden names and excluded names left out and counted). Messages for the user. */
#ifndef OGI_WALK_H
#define OGI_WALK_H
#include "ogi.h"
#include "util.h"
#include <stddef.h>

/* What a re-run compares to skip a file unchanged without reading it (docs/dataset.md, `sources`). */
typedef struct {
  long long bytes, mtime_ns, dev, inode;
} og_file_stat;

typedef struct {
  char *path;       /* in the storage of its og_inputs */
  int explicit_arg; /* named on the command line (not found by walking a folder) */
  int has_stat;     /* a regular file, st taken when it was found (before it is read) */
  og_file_stat st;
} og_input;

typedef struct og_path_block og_path_block;
typedef struct og_walk_share og_walk_share;
typedef struct {
  og_input *v;
  size_t n, cap;
  og_path_block *paths; /* the paths, in large blocks (not one allocation per file: 10^5 files resumed) */
  int defer;            /* set by the caller: messages kept (the walk runs on a thread of its own) */
  og_buf deferred;      /* then: each message's path and text, NUL-terminated, for og_inputs_messages */
  og_walk_share *share; /* set by the caller: the stat calls of a folder's entries shared with og_walk_help */
  long symlink_dirs, unreadable_dirs;
  long links, hidden, excluded, deep; /* left out by the walk */
} og_inputs;

/* Files named in inputs, and the files below the folders among them (sorted, recursively), as opt says
 * (hidden, include, exclude; opt may be NULL). A folder that cannot be read is reported through og_message (with
 * in->defer set, kept for og_inputs_messages). */
void og_collect_inputs(og_inputs *in, const char *const *inputs, int ninputs, const ogi_batch_options *opt);
/* Gives the messages a walk with defer set kept, in their order, through og_message (then forgets them). */
void og_inputs_messages(og_inputs *in, const ogi_batch_options *opt);
void og_inputs_free(og_inputs *in);

/* Another thread's help with a walk on a thread of its own (10^5 files: ~0.15 s of stat calls, which a second
 * core halves): og_walk_share_new before the walk starts (in->share), og_walk_help on the helping thread returns
 * once og_walk_share_finish says the walk is done; og_walk_share_free after both. */
og_walk_share *og_walk_share_new(void);
void og_walk_help(og_walk_share *s);
void og_walk_share_finish(og_walk_share *s);
void og_walk_share_free(og_walk_share *s);

/* Hands a message to opt->message, or without one writes "ogi: TEXT" to stderr (control characters escaped). */
void og_message(const ogi_batch_options *opt, const ogi_message *m);
void og_message_error(const ogi_batch_options *opt, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
