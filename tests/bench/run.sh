#!/usr/bin/env bash
# Bulk extraction benchmark (printed, never asserted; docs/performance.md records its figures). In this one run:
#   1. CPU time (user + system) of `ogi extract -q -j1` on HTML pages, into SQLite and into JSONL, as a ratio
#      to two floors measured on the same files: DOM (htmlReadMemory, tree built and freed) and SAX (the memory
#      parser context with empty callbacks, as extractor/html.c sets it up) — on the real pages of
#      ../shared/corpus (each copied REAL_COPIES times) when that folder exists, and on generated pages
#      (tests/golden/make_corpus.py --bench, HTML padded to ~50 KB like real pages). Each figure is the least of
#      REPS runs, the runs of all programs interleaved, so that another job's load falls on all of them alike.
#   2. for each N: N generated reports of every layout into SQLite at -j1 and -j2: wall seconds, reports/s,
#      the -j2 speed-up, and peak RSS (flat as N grows when nothing is kept per file)
#   3. resume (tests/bench/resume.sh): a folder of RESUME_N small files (copies of the text and HTML of corpus/),
#      extracted once, then again unchanged RESUME_REPS times (wall and CPU seconds, least and median), and with
#      ten files added
# usage: tests/bench/run.sh BUILD_DIR [N...]
#   (default N: 500 2000; REPS=3 REAL_COPIES=100 RESUME_N=10000 RESUME_REPS=5; RESUME_N=0 leaves the resume out)
set -eu
build=$(cd "$1" && pwd)
shift
sizes=${*:-500 2000}
reps=${REPS:-3}
copies=${REAL_COPIES:-100}
resume_n=${RESUME_N:-10000}
resume_reps=${RESUME_REPS:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${OGI_SHARED_CORPUS:-$root/../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ogi=$build/ogi
floor=$build/tests/bench/parse_floor
export OGI_PATTERNS=${OGI_PATTERNS:-$root/patterns}

# cpu_of CMD...: runs CMD, prints its user+system CPU seconds, wall seconds and peak RSS (KB)
cpu_of() {
  /usr/bin/time -f '%U %S %e %M' -o "$tmp/time" "$@" >/dev/null
  read -r u s e m <"$tmp/time"
  python3 -c "print(f'{$u+$s:.3f} $e $m')"
}
least() { sort -g | head -1; }

# ratios NAME DIR: the floors and ogi on the HTML files of DIR
ratios() {
  local name=$1 dir=$2
  find "$dir" -name '*.html' | sort >"$tmp/list"
  local nf mb
  nf=$(wc -l <"$tmp/list")
  mb=$(du -sm "$dir" | cut -f1)
  : >"$tmp/dom"; : >"$tmp/sax"; : >"$tmp/db"; : >"$tmp/jsonl"
  for _ in $(seq "$reps"); do
    "$floor" dom "$tmp/list" | cut -d' ' -f2 >>"$tmp/dom"
    "$floor" sax "$tmp/list" | cut -d' ' -f2 >>"$tmp/sax"
    rm -f "$tmp/x.db"*
    cpu_of "$ogi" extract -q -j1 "$dir" -o "$tmp/x.db" | cut -d' ' -f1 >>"$tmp/db"
    cpu_of "$ogi" extract -q -j1 "$dir" -o "$tmp/x.jsonl" | cut -d' ' -f1 >>"$tmp/jsonl"
  done
  local dom sax db jsonl
  dom=$(least <"$tmp/dom"); sax=$(least <"$tmp/sax"); db=$(least <"$tmp/db"); jsonl=$(least <"$tmp/jsonl")
  python3 -c "
d,s,q,j=$dom,$sax,$db,$jsonl
print(f'{\"$name\":<10} {$nf:6d} {$mb:5d} {d:8.2f} {s:8.2f} {q:8.2f} {q/d:8.2f} {q/s:8.2f} {j:8.2f} {j/d:8.2f} {j/s:8.2f}')"
}

echo "CPU seconds (user+sys, least of $reps) of ogi extract -q -j1 on HTML pages, and its ratio to the parse floors"
printf '%-10s %6s %5s %8s %8s %8s %8s %8s %8s %8s %8s\n' pages files MB DOM SAX sqlite "/DOM" "/SAX" jsonl "/DOM" "/SAX"
if [ -d "$shared" ] && ls "$shared"/*.html >/dev/null 2>&1; then
  mkdir -p "$tmp/real"
  for i in $(seq "$copies"); do
    for f in "$shared"/*.html; do cp "$f" "$tmp/real/$i-$(basename "$f")"; done
  done
  ratios real "$tmp/real"
  rm -rf "$tmp/real"
else
  echo "(no real pages: $shared/*.html not found)"
fi
first=${sizes%% *}
python3 "$root/tests/golden/make_corpus.py" --bench "$first" "$tmp/r$first" --pad-html 50000
mkdir -p "$tmp/gh" && find "$tmp/r$first" -name '*.html' -exec cp -t "$tmp/gh" {} +
ratios generated "$tmp/gh"
rm -rf "$tmp/gh"

echo
echo "all layouts (half HTML ~50 KB, half text) into SQLite: wall seconds, reports/s, peak RSS"
printf '%8s %6s %8s %8s %8s %12s\n' N jobs seconds "rep/s" speedup "peak RSS MB"
for n in $sizes; do
  [ -d "$tmp/r$n" ] || python3 "$root/tests/golden/make_corpus.py" --bench "$n" "$tmp/r$n" --pad-html 50000
  w1=
  for j in 1 2; do
    rm -f "$tmp/x.db"*
    read -r _ secs rss < <(cpu_of "$ogi" extract -q -j$j "$tmp/r$n" -o "$tmp/x.db")
    [ "$j" = 1 ] && w1=$secs
    python3 -c "n=$n;s=$secs;print(f'{n:8d} {$j:6d} {s:8.2f} {n/s:8.0f} {$w1/s:8.2f} {$rss/1024:12.1f}')"
  done
  rm -rf "$tmp/r$n"
done

[ "$resume_n" -gt 0 ] || exit 0
echo
echo "resume: $resume_n small files (copies of corpus/), stored once, then extracted again unchanged and with ten added"
RESUME_N=$resume_n REPS=$resume_reps RESUME_DIR= bash "$here/resume.sh" "$ogi"
