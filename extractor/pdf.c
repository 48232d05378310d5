/* The PDF reader: the file's text layer through `pdftotext -layout -fixed 3` (poppler), run as a child process with
 * a deadline; the child reads an unlinked temporary copy through /dev/fd and writes text into a pipe. */
#define _GNU_SOURCE /* pipe2, mkostemp */
#include "pdf.h"
#include "doc.h"
#include "ogi.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The pdftotext program: $OGI_PDFTOTEXT, else the first pdftotext on PATH. */
static char *S_find_pdftotext(void) {
  const char *env = getenv("OGI_PDFTOTEXT");
  if (env && *env) return access(env, X_OK) == 0 ? og_xstrdup(env) : NULL;
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  while (*path) {
    const char *e = strchr(path, ':');
    size_t n = e ? (size_t)(e - path) : strlen(path);
    og_buf b;
    og_buf_init(&b);
    og_buf_put(&b, path, n);
    og_buf_puts(&b, "/pdftotext");
    struct stat st;
    if (n && stat(b.data, &st) == 0 && S_ISREG(st.st_mode) && access(b.data, X_OK) == 0) return og_buf_take(&b);
    og_buf_free(&b);
    path += n + (e ? 1 : 0);
  }
  return NULL;
}

/* Text with no letter, digit or CJK character: what pdftotext gives for a scanned page. */
static int S_no_text(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)t[i];
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xE0) return 0;
  }
  return 1;
}

int og_pdf_to_text(const unsigned char *bytes, size_t len, double seconds, char **text, size_t *tlen, char *err,
                  size_t errlen) {
  *text = NULL;
  *tlen = 0;
  char *prog = S_find_pdftotext();
  if (!prog) {
    snprintf(err, errlen, "a PDF file, and pdftotext (poppler-utils) is not installed: install it to read PDFs, "
                          "or set OGI_PDFTOTEXT");
    return OGI_ERR_UNSUPPORTED;
  }
  const char *tmpdir = getenv("TMPDIR");
  og_buf path;
  og_buf_init(&path);
  og_buf_printf(&path, "%s/ogi-pdf-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  /* O_CLOEXEC: another thread's pdftotext must not inherit this file (nor the pipe below) */
  int fd = mkostemp(path.data, O_CLOEXEC);
  if (fd < 0) {
    snprintf(err, errlen, "cannot write a temporary file for pdftotext: %s", strerror(errno));
    free(prog);
    og_buf_free(&path);
    return OGI_ERR_IO;
  }
  /* the copy is unlinked at once where the child can open it as /dev/fd/3: nothing is left behind even
   * when ogi is killed; elsewhere it is removed when pdftotext ends */
  struct stat devfd;
  int by_fd = stat("/dev/fd", &devfd) == 0 && S_ISDIR(devfd.st_mode);
  if (by_fd) unlink(path.data);
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, bytes + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += (size_t)w;
  }
  if (!by_fd) {
    close(fd);
    fd = -1;
  }
  int rc = OGI_OK;
  int pipefd[2] = {-1, -1};
  if (off != len || pipe2(pipefd, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "cannot hand the PDF to pdftotext");
    rc = OGI_ERR_IO;
  }
  pid_t pid = -1;
  if (rc == OGI_OK) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* dup2 clears close-on-exec on the child's copies; both ends stay closed-on-exec in this process */
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    if (by_fd && fd != 3) posix_spawn_file_actions_adddup2(&fa, fd, 3);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    /* -fixed: characters set on a grid of 3 points (narrower than any table's digit), so that a column
     * stands at the same place on every line and page (the default layout narrows each page and line its
     * own way, and a header stops standing over its numbers) */
    char *argv[] = {prog, "-layout", "-fixed", "3", "-enc", "UTF-8", "-q", by_fd ? "/dev/fd/3" : path.data, "-", NULL};
    if (by_fd && fd == 3) { /* already fd 3: only its close-on-exec flag must go, so hand over a copy */
      int keep = fcntl(fd, F_DUPFD_CLOEXEC, 10);
      if (keep >= 0) {
        posix_spawn_file_actions_adddup2(&fa, keep, 3);
        close(fd);
        fd = keep;
      }
    }
    if (posix_spawn(&pid, prog, &fa, NULL, argv, environ) != 0) {
      snprintf(err, errlen, "cannot run %s", prog);
      rc = OGI_ERR_IO;
      pid = -1;
    }
    posix_spawn_file_actions_destroy(&fa);
  }
  if (pipefd[1] >= 0) close(pipefd[1]);
  if (fd >= 0) close(fd);
  og_buf out;
  og_buf_init(&out);
  if (rc == OGI_OK) {
    double deadline = og_now() + seconds;
    char chunk[65536];
    for (;;) {
      double left = deadline - og_now();
      if (left <= 0) {
        kill(pid, SIGKILL);
        snprintf(err, errlen, "pdftotext did not finish in %g s (see --max-seconds)", seconds);
        rc = OGI_ERR_TIMEOUT;
        break;
      }
      struct pollfd p = {pipefd[0], POLLIN, 0};
      int pr = poll(&p, 1, (int)(left * 1000) + 1);
      if (pr < 0 && errno == EINTR) continue;
      if (pr <= 0) continue;
      ssize_t n = read(pipefd[0], chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (out.len + (size_t)n > ((size_t)256 << 20)) {
        kill(pid, SIGKILL);
        snprintf(err, errlen, "pdftotext gave more than 256 MiB of text");
        rc = OGI_ERR_TOO_LARGE;
        break;
      }
      og_buf_put(&out, chunk, (size_t)n);
    }
  }
  if (pipefd[0] >= 0) close(pipefd[0]);
  if (pid > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (rc == OGI_OK && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
      snprintf(err, errlen, "a PDF that pdftotext cannot read (damaged or encrypted; exit %d)",
               WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
      rc = OGI_ERR_BINARY;
    }
  }
  if (!by_fd) unlink(path.data);
  og_buf_free(&path);
  free(prog);
  if (rc == OGI_OK && S_no_text(out.data ? out.data : "", out.len)) {
    snprintf(err, errlen, "a PDF without a text layer (scanned pages): OCR is not supported; run OCR first "
                          "(for example ocrmypdf) and extract the result");
    rc = OGI_ERR_UNSUPPORTED;
  }
  if (rc != OGI_OK) {
    og_buf_free(&out);
    return rc;
  }
  *tlen = out.len;
  *text = og_buf_take(&out);
  return OGI_OK;
}
