#!/usr/bin/env bash
# Bulk extraction benchmark (printed, never asserted). Writes N realistic reports with the corpus generator
# (HTML padded to ~50 KB like real pages, plus the text layouts; random numbers that satisfy the sums, every
# tenth breaking one), then measures in this one run:
#   - reports/s and MB/s of `ogi extract DIR -o x.db` at -j1 and -j2
#   - peak RSS
#   - the ratio of ogi's time on the HTML files to a parse-only floor (libxml2 parse of the same files)
# usage: tests/bench/run.sh BUILD_DIR [N...]     (default N: 1000 10000)
set -eu
build=$1
shift
sizes=${*:-1000 10000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ogi=$build/ogi
floor=$build/tests/bench/parse_floor
printf '%8s %6s %10s %8s %8s %12s %10s\n' N jobs seconds "rep/s" "MB/s" "peak RSS MB" "vs floor"
for n in $sizes; do
  python3 "$root/tests/golden/make_corpus.py" --bench "$n" "$tmp/r$n" --pad-html 50000
  mb=$(du -sm "$tmp/r$n" | cut -f1)
  find "$tmp/r$n" -name '*.html' | sort >"$tmp/html$n.txt"
  mkdir -p "$tmp/h$n" && xargs -a "$tmp/html$n.txt" cp -t "$tmp/h$n"
  # parse-only floor and ogi on the same HTML files, single thread
  t0=$(date +%s.%N); "$floor" "$tmp/html$n.txt" >/dev/null; t1=$(date +%s.%N)
  "$ogi" extract -q -j1 "$tmp/h$n" -o "$tmp/h$n.db"; t2=$(date +%s.%N)
  ratio=$(python3 -c "print(f'{($t2-$t1)/($t1-$t0):.2f}x')")
  for j in 1 2; do
    rm -f "$tmp/x.db"*
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$ogi" extract -q -j$j "$tmp/r$n" -o "$tmp/x.db"
    read -r secs rss <"$tmp/time"
    python3 -c "n=$n;s=$secs;print(f'{n:8d} {$j:6d} {s:10.2f} {n/s:8.0f} {$mb/s:8.1f} {$rss/1024:12.1f} {\"$ratio\" if $j==1 else \"\":>10}')"
  done
done
echo "vs floor: ogi extract -j1 on the HTML files (into SQLite) / libxml2 parse only of the same files"
