#!/usr/bin/env bash
# Resume benchmark (printed, never asserted; docs/performance.md records its figures): a folder of RESUME_N small
# files (copies of the text and HTML files of corpus/, 1000 to a folder, as run.sh makes them) stored once into a
# dataset, then
#   1. the same folder extracted again unchanged (`ogi extract -q -j2 DIR -o DB`: every file skipped by its stat,
#      unread), REPS times: wall and CPU seconds, least and median;
#   2. ten new files added to it (a new folder each run), REPS times: wall seconds, least and median, and how many
#      of the folder's files the run opened (strace, when installed: should be the ten).
# With a second program (OGI_BASE, e.g. an earlier commit's build/ogi) the runs of the two are interleaved, on the
# same folder and dataset, so that another job's load falls on both alike. The first run after the folder is made
# is not counted (its inodes are in the kernel's cache from then on).
# usage: tests/bench/resume.sh OGI [OGI_BASE]
#   RESUME_N=100000 REPS=7 RESUME_DIR=DIR (kept between runs: made when absent, removed by hand; default a
#   temporary folder removed at the end) RESUME_JOBS=2
set -eu
ogi=$(realpath "$1")
base=${2:+$(realpath "$2")}
n=${RESUME_N:-100000}
reps=${REPS:-7}
jobs=${RESUME_JOBS:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
export OGI_PATTERNS=${OGI_PATTERNS:-$root/patterns}
if [ -n "${RESUME_DIR:-}" ]; then
  dir=$RESUME_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
made=0
if [ ! -f "$dir/x.db" ] || [ "$(cat "$dir/n" 2>/dev/null)" != "$n" ]; then
  rm -rf "$dir/files" "$dir/x.db"*
  python3 - "$root/corpus" "$dir/files" "$n" <<'PY'
import os, shutil, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = [f for f in sorted(os.listdir(src)) if not f.endswith((".json", ".pdf", ".docx"))]
k = 0
while k < n:
    d = os.path.join(dst, f"d{k // 1000}")
    os.makedirs(d, exist_ok=True)
    for f in files:
        if k >= n:
            break
        shutil.copyfile(os.path.join(src, f), os.path.join(d, f"{k}-{f}"))
        k += 1
PY
  echo "$n" >"$dir/n"
  made=1
fi
rm -rf "$dir"/files/add-*
python3 - "$dir" "$jobs" "$reps" "$made" "$ogi" ${base:+"$base"} <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
dir, jobs, reps, made, progs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5:]
files, db = os.path.join(dir, "files"), os.path.join(dir, "x.db")
corpus = [os.path.join(os.environ["OGI_PATTERNS"], "..", "corpus", f)
          for f in sorted(os.listdir(os.path.join(os.environ["OGI_PATTERNS"], "..", "corpus")))
          if not f.endswith((".json", ".pdf", ".docx"))]

def run(prog, folder=files):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([prog, "extract", "-q", f"-j{jobs}", folder, "-o", db], stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 3):
        sys.exit(f"{prog}: exit {p.returncode}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), r1.ru_maxrss

added = 0
def add10(tag):
    global added
    d = os.path.join(files, f"add-{os.getpid()}-{tag}")  # a new path each time: a path stored before is not new
    os.makedirs(d)
    for i in range(10):
        shutil.copyfile(corpus[(added + i) % len(corpus)], os.path.join(d, f"{i}-{os.path.basename(corpus[(added + i) % len(corpus)])}"))
    added += 10

def busy():  # CPU seconds all processes used, and the run's children
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    r, me = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return ((sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK"), r.ru_utime + r.ru_stime + me.ru_utime + me.ru_stime,
            time.perf_counter())

nfiles = sum(len(f) for _, _, f in os.walk(files))
if made:
    w, c, _ = run(progs[0])
    print(f"stored once: {nfiles} files in {w:.1f} s wall ({c:.1f} s CPU, -j{jobs}, {os.path.basename(progs[0])})")
for p in progs:
    run(p)  # not counted: the inodes into the kernel's cache, the dataset's pages into the page cache
resume = {p: [] for p in progs}
adds = {p: [] for p in progs}
b0 = busy()
for r in range(reps):
    for p in progs:
        resume[p].append(run(p))
for r in range(reps):
    for k, p in enumerate(progs):
        add10(f"{k}-{r}")
        adds[p].append(run(p)[0])

b1 = busy()
other = ((b1[0] - b0[0]) - (b1[1] - b0[1])) / (b1[2] - b0[2])  # cores busy with other jobs, on average

def mm(v):
    return f"{min(v):.3f} / {statistics.median(v):.3f}"
print(f"{nfiles} files, {reps} runs each; other jobs kept {other:.2f} of {os.cpu_count()} cores busy meanwhile")
print(f"{'program':<28} {'unchanged: wall min/med':>24} {'CPU min/med':>16} {'RSS MB':>7} {'+10 files: wall min/med':>24}")
for p in progs:
    v = resume[p]
    print(f"{p[-28:]:<28} {mm([x[0] for x in v]):>24} {mm([x[1] for x in v]):>16} {max(x[2] for x in v) / 1024:7.1f}"
          f" {mm(adds[p]):>24}")
if shutil.which("strace"):
    for k, p in enumerate(progs):
        add10(f"{k}-strace")
        tr = os.path.join(dir, "trace")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", tr, p, "extract", "-q", f"-j{jobs}", files,
                        "-o", db], stdout=subprocess.DEVNULL)
        opened = sum(1 for line in open(tr) if files in line and "O_DIRECTORY" not in line)
        os.remove(tr)
        print(f"{p[-28:]:<28} +10 files: {opened} of the folder's files opened")
PY
