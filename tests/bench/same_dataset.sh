#!/usr/bin/env bash
# Whether two programs (e.g. an earlier commit's build/ogi and this one's) make the same dataset from the same
# inputs, run after run: one folder (N copies of the text and HTML files of corpus/, 1000 to a folder, and the
# files of ../shared/corpus when it exists), each program its own dataset, the same sequence of runs — fresh at
# -j2, resumed, ten files added, -j1 after a file changed and one was added, --force on three files, --rehash,
# resumed again — and after each, `sqlite3 .dump` of the two compared (the same; or the same lines in another
# order), and the files themselves; then the JSONL output. SOURCE_DATE_EPOCH is set, so that meta's timestamps agree.
# usage: tests/bench/same_dataset.sh OGI_A OGI_B [N]     (default N: 10000)
set -u
a=$(realpath "$1")
b=$(realpath "$2")
n=${3:-10000}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${OGI_SHARED_CORPUS:-$root/../shared/corpus}
export OGI_PATTERNS=${OGI_PATTERNS:-$root/patterns} SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
python3 - "$root/corpus" "$shared" "$n" <<'PY'
import os, shutil, sys
src, shared, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = [f for f in sorted(os.listdir(src)) if not f.endswith((".json", ".pdf", ".docx"))]
for k in range(n):
    d = f"in/d{k // 1000}"
    os.makedirs(d, exist_ok=True)
    shutil.copyfile(os.path.join(src, files[k % len(files)]), os.path.join(d, f"{k}-{files[k % len(files)]}"))
if os.path.isdir(shared):
    os.makedirs("in/shared")
    for f in sorted(os.listdir(shared)):
        if not f.endswith(".json"):
            shutil.copyfile(os.path.join(shared, f), os.path.join("in/shared", f))
PY
differ=0
run() { # NAME ARGS...: both programs, each into its own dataset
  local name=$1
  shift
  "$a" extract -q "$@" -o a.db 2>/dev/null
  local ra=$?
  "$b" extract -q "$@" -o b.db 2>/dev/null
  local rb=$?
  sqlite3 a.db .dump >a.dump
  sqlite3 b.db .dump >b.dump
  local files="files differ"
  cmp -s a.db b.db && files="files the same"
  if [ "$ra" != "$rb" ]; then
    echo "$name: EXIT CODES DIFFER ($ra, $rb)"
    differ=1
  elif cmp -s a.dump b.dump; then
    echo "$name: dump the same ($(wc -l <b.dump) lines; $files)"
  elif cmp -s <(sort a.dump) <(sort b.dump); then
    echo "$name: dump the same lines in another order ($files)"
  else
    echo "$name: DUMPS DIFFER"
    diff a.dump b.dump | head -6
    differ=1
  fi
}
run fresh -j2 in
run resumed -j2 in
mkdir in/added
ls "$root"/corpus/* | grep -v -E '\.(json|pdf|docx)$' | head -10 | xargs cp -t in/added
run ten-added -j2 in
echo changed >>"$(ls in/d0/1-* | head -1)"
cp "$root/corpus/word-export_2022.md" in/added/new.md
run changed-j1 -j1 in
run force-three -j2 --force "$(ls in/d0/2-* | head -1)" "$(ls in/d0/3-* | head -1)" in/added/new.md
run rehash -j2 --rehash in
run resumed-again -j2 in
"$a" extract -q --format jsonl in -o a.jsonl 2>/dev/null
"$b" extract -q --format jsonl in -o b.jsonl 2>/dev/null
if cmp -s a.jsonl b.jsonl; then echo "jsonl: the same ($(wc -l <b.jsonl) lines)"; else echo "JSONL DIFFERS"; differ=1; fi
exit $differ
