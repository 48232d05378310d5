#!/usr/bin/env bash
# A dataset that cannot be written as asked never loses reports silently: a foreign or newer layout is refused
# with a message (nothing written), a read-only or locked database is an error, a report whose rows cannot all be
# written is left out whole and counted, a full disk (ulimit -f) stops the batch saying how many reports were
# stored and how many not, and a re-run then completes the dataset.
# usage: reliability_test.sh OGI SOURCE_DIR
set -u
ogi=$1
src=$2
tmp=$(mktemp -d)
trap 'chattr -i "$tmp"/*.db 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
q() { python3 -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }
sql() { python3 -c "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);c.executescript(sys.argv[2]);c.commit()" "$@"; }
seed=$src/corpus/seed_beilun-shangwuju_2021.txt

# another layout of report_values (an older or foreign schema): refused, named, nothing stored
sql "$tmp/foreign.db" "CREATE TABLE reports (id INTEGER PRIMARY KEY, path TEXT, sha256 TEXT, bytes INTEGER, format TEXT,
  encoding TEXT, agency TEXT, year INTEGER, published TEXT, template TEXT, status TEXT, error TEXT, checks_failed INTEGER,
  checks_skipped INTEGER, warnings INTEGER);
  CREATE TABLE report_values (report INTEGER, field TEXT, number REAL);
  CREATE TABLE checks (report, rule, subject, status, expected, actual, line);
  CREATE TABLE warnings (report, code, field, message, line);"
"$ogi" extract -q "$seed" -o "$tmp/foreign.db" 2>"$tmp/err.txt"; rc=$?
want="ogi: $tmp/foreign.db: table report_values has columns (report,field,number), not those of an ogi dataset (version 0): nothing was written; give another file with -o, or move this one away"
[[ $rc == 3 && $(cat "$tmp/err.txt") == "$want" ]] && ok || bad "foreign layout: exit $rc, '$(cat "$tmp/err.txt")'"
[[ $(q "$tmp/foreign.db" "select count(*) from reports") == 0 && $(q "$tmp/foreign.db" "pragma user_version") == 0 ]] && ok || bad "foreign layout was written to"

# a newer dataset version
"$ogi" extract -q "$seed" -o "$tmp/newer.db" && sql "$tmp/newer.db" "PRAGMA user_version = 7"
"$ogi" extract -q --force "$seed" -o "$tmp/newer.db" 2>"$tmp/err.txt"; rc=$?
want="ogi: $tmp/newer.db: dataset version 7 is newer than this ogi writes (3): use a newer ogi, or give another file with -o"
[[ $rc == 3 && $(cat "$tmp/err.txt") == "$want" ]] && ok || bad "newer version: exit $rc, '$(cat "$tmp/err.txt")'"

# a SQLite file that is not an ogi dataset
sql "$tmp/other.db" "CREATE TABLE people (name TEXT)"
"$ogi" extract -q "$seed" -o "$tmp/other.db" 2>"$tmp/err.txt"; rc=$?
want="ogi: $tmp/other.db: not an ogi dataset (it holds 1 other tables and no \`reports\`): give another file with -o"
[[ $rc == 3 && $(cat "$tmp/err.txt") == "$want" ]] && ok || bad "other database: exit $rc, '$(cat "$tmp/err.txt")'"
printf 'not a database at all, just text that is long enough to be looked at as a header......\n' >"$tmp/text.db"
"$ogi" extract -q "$seed" -o "$tmp/text.db" 2>"$tmp/err.txt"; rc=$?
[[ $rc == 3 && $(cat "$tmp/err.txt") == "ogi: $tmp/text.db: file is not a database" ]] && ok || bad "text file as database: exit $rc, '$(cat "$tmp/err.txt")'"

# read-only (immutable: root writes through permission bits)
"$ogi" extract -q "$seed" -o "$tmp/ro.db"
if chattr +i "$tmp/ro.db" 2>/dev/null || { [[ $(id -u) != 0 ]] && chmod a-w "$tmp/ro.db"; }; then
  "$ogi" extract -q --force "$seed" -o "$tmp/ro.db" 2>"$tmp/err.txt"; rc=$?
  [[ $rc == 3 && $(cat "$tmp/err.txt") == "ogi: $tmp/ro.db: attempt to write a readonly database" ]] && ok || bad "read-only: exit $rc, '$(cat "$tmp/err.txt")'"
  chattr -i "$tmp/ro.db" 2>/dev/null
else
  echo "SKIP: cannot make a read-only file here (root without chattr)"
fi

# locked by another writer (waits 5 s, then gives up)
"$ogi" extract -q "$seed" -o "$tmp/locked.db"
python3 - "$tmp/locked.db" "$tmp/locked.ready" <<'PY' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]): time.sleep(0.05)
c.execute("ROLLBACK")
PY
holder=$!
while [[ ! -e $tmp/locked.ready ]]; do sleep 0.05; done
"$ogi" extract -q --force "$seed" -o "$tmp/locked.db" 2>"$tmp/err.txt"; rc=$?
rm -f "$tmp/locked.ready"
wait $holder
[[ $rc == 3 && $(cat "$tmp/err.txt") == "ogi: $tmp/locked.db: database is locked" ]] && ok || bad "locked: exit $rc, '$(cat "$tmp/err.txt")'"

# a report whose rows cannot all be written (a trigger refuses one of its values): left out whole, named, counted;
# the others are stored, and a re-run after the cause is gone adds it
mkdir "$tmp/crawl"
python3 "$src/tests/golden/make_corpus.py" --bench 30 "$tmp/crawl" >/dev/null
"$ogi" extract -q "$seed" -o "$tmp/one.db" # a dataset, then a trigger in it
sql "$tmp/one.db" "PRAGMA foreign_keys = ON; DELETE FROM reports; CREATE TRIGGER refuse BEFORE INSERT ON report_values
  WHEN (SELECT path FROM reports WHERE id = NEW.report) LIKE '%r000007%' AND NEW.field = 't3.total.total'
  BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
"$ogi" extract -j2 "$tmp/crawl" -o "$tmp/one.db" 2>"$tmp/err.txt"; rc=$?
grep -qxF "ogi: $tmp/one.db: cannot store $tmp/crawl/r000007.md (none of its rows were written): cannot store a value: refused by the test" "$tmp/err.txt" && ok || bad "one report refused: $(cat "$tmp/err.txt")"
grep -qF "; 1 failed" "$tmp/err.txt" && [[ $rc == 3 ]] && ok || bad "one report refused: exit $rc, summary $(tail -1 "$tmp/err.txt")"
n=$(q "$tmp/one.db" "select count(*)||' '||(select count(*) from reports where path like '%r000007%')||' '||(select count(*) from report_values v where v.report not in (select id from reports))||' '||(select count(*) from report_wide) from reports")
[[ $n == "29 0 0 29" ]] && ok || bad "one report refused: reports, its rows, orphan values, wide rows: '$n', want '29 0 0 29'"
sql "$tmp/one.db" "DROP TRIGGER refuse"
"$ogi" extract -q -j2 "$tmp/crawl" -o "$tmp/one.db"; rc=$?
[[ $rc == 0 && $(q "$tmp/one.db" "select count(*) from reports") == 30 ]] && ok || bad "re-run after the refusal: exit $rc"

# a full disk (a file size limit; SIGXFSZ ignored so that writes fail as on a full disk): the batch stops, says
# how many were stored and how many not, leaves a sound database, and a re-run completes it
python3 "$src/tests/golden/make_corpus.py" --bench 300 "$tmp/big" >/dev/null
(trap '' XFSZ; ulimit -f 1500; "$ogi" extract -q -j2 "$tmp/big" -o "$tmp/full.db") 2>"$tmp/err.txt"; rc=$?
msg=$(cat "$tmp/err.txt")
[[ $rc == 3 && $msg == "ogi: $tmp/full.db: "*"; stopped after "*" of 300 files: "*" stored in this run, "*" not (re-run the same command to add them)" ]] && ok || bad "full disk: exit $rc, '$msg'"
[[ $(wc -l <"$tmp/err.txt") == 1 && $msg != *"ogi: "*"ogi: "* ]] && ok || bad "full disk: one message, want one line: '$msg'"
stored=$(sed -E 's/.*: ([0-9]+) stored in this run, ([0-9]+) not.*/\1 \2/' <<<"$msg")
n=$(q "$tmp/full.db" "select count(*) from reports")
[[ "$n $((300 - n))" == "$stored" ]] && ok || bad "full disk: the message says '$stored' (stored, not), the dataset holds $n"
[[ $(q "$tmp/full.db" "pragma integrity_check") == ok ]] && ok || bad "full disk: integrity"
"$ogi" extract -q -j2 "$tmp/big" -o "$tmp/full.db"; rc=$?
[[ $rc == 0 && $(q "$tmp/full.db" "select count(*) from reports") == 300 ]] && ok || bad "re-run after the full disk: exit $rc"
# CSV to a full disk
(trap '' XFSZ; ulimit -f 20; "$ogi" extract -q -j2 "$tmp/big" -o "$tmp/full.csv") 2>"$tmp/err.txt"; rc=$?
msg=$(cat "$tmp/err.txt")
[[ $rc == 3 && $msg == "ogi: $tmp/full.csv: cannot write: File too large; stopped after "*" of 300 files: "*" stored in this run, "*" not" ]] && ok || bad "CSV to a full disk: exit $rc, '$msg'"

# a PDF value is cited by its page and the line on it (pdftotext's form feeds; page 1 of this PDF is blank)
if command -v pdftotext >/dev/null; then
  "$ogi" extract -q "$src/corpus/word-export_2022.office.pdf" -o "$tmp/pdf.db"
  got=$(q "$tmp/pdf.db" "select line || '|' || page || '|' || page_line from report_values where field = 't2.regulations.issued'")
  [[ $got == "13|2|13" ]] && ok || bad "PDF page and line in report_values: '$got'"
  got=$("$ogi" extract "$src/corpus/word-export_2022.office.pdf" | python3 -c "import json,sys; p=json.load(sys.stdin)['provenance']['t2.regulations.issued']; print(p['page'], p['page_line'])")
  [[ $got == "2 13" ]] && ok || bad "PDF page and line in the JSON provenance: '$got'"
else
  echo "SKIP: no pdftotext: PDF pages not tested"
fi

# resume by stat (table sources): an unchanged file is skipped unread — a file rewritten in place with other
# bytes of the same size and its old mtime is not seen —, --rehash reads it; a report deleted by hand is read again
mkdir "$tmp/res"
cp "$seed" "$src/corpus/legacy_2017.txt" "$tmp/res/"
"$ogi" extract -q "$tmp/res" -o "$tmp/res.db"
[[ $(q "$tmp/res.db" "select count(*) from sources s join reports r using (path, sha256)") == 2 ]] && ok || bad "sources: $(q "$tmp/res.db" "select count(*) from sources")"
f=$tmp/res/$(basename "$seed")
touch -r "$f" "$tmp/stamp"
python3 -c "import sys; f=open(sys.argv[1],'r+b'); b=f.read(); f.seek(0); f.write(b.replace(b'2021', b'2020', 1))" "$f"
touch -r "$tmp/stamp" "$f"
out=$("$ogi" extract "$tmp/res" -o "$tmp/res.db" 2>&1)
[[ $out == *"0 reports extracted"*"2 already in the dataset"* && $(q "$tmp/res.db" "select count(*) from reports") == 2 ]] && ok || bad "unchanged stat, re-run: $out"
out=$("$ogi" extract --rehash "$tmp/res" -o "$tmp/res.db" 2>&1)
[[ $out == *"1 reports extracted"*"1 already in the dataset"* && $(q "$tmp/res.db" "select count(*) from reports where path = '$f'") == 2 ]] && ok || bad "--rehash: $out"
sql "$tmp/res.db" "DELETE FROM reports WHERE path LIKE '%legacy_2017.txt'"
out=$("$ogi" extract "$tmp/res" -o "$tmp/res.db" 2>&1)
[[ $out == *"1 reports extracted"*"1 already in the dataset"* ]] && ok || bad "a report deleted by hand, re-run: $out"
# a re-run that adds nothing leaves the file as it was (the open's transaction is not written); the next run
# that writes does what the open left (meta.updated)
cp "$tmp/res.db" "$tmp/res0.db"
SOURCE_DATE_EPOCH=1800000000 "$ogi" extract -q "$tmp/res" -o "$tmp/res.db"
cmp -s "$tmp/res.db" "$tmp/res0.db" && ok || bad "a re-run that adds nothing changed the dataset file"
cp "$src/corpus/word-export_2022.md" "$tmp/res/"
SOURCE_DATE_EPOCH=1800000000 "$ogi" extract -q "$tmp/res" -o "$tmp/res.db"
[[ $(q "$tmp/res.db" "select value from meta where key = 'updated'") == 2027-01-15T08:00:00Z ]] && ok || bad "meta.updated of the run that added a file: $(q "$tmp/res.db" "select value from meta where key = 'updated'")"
# a folder of 200 files (its stat calls shared between two threads) resumed: every file found, none read; with
# the dataset inside the folder walked, the walk comes before the open (its -wal and -shm files never inputs)
mkdir "$tmp/many"
for i in $(seq 200); do cp "$src/corpus/legacy_2017.txt" "$tmp/many/$i.txt"; done
mkdir "$tmp/many/050.d" && cp "$seed" "$tmp/many/050.d/" && ln -s 1.txt "$tmp/many/120.link"
"$ogi" extract -q "$tmp/many" -o "$tmp/many.db"
out=$("$ogi" extract "$tmp/many" -o "$tmp/many.db" 2>&1)
[[ $out == *"0 reports extracted"*"201 already in the dataset"*"1 symbolic links"* ]] && ok || bad "200 files resumed: $out"
"$ogi" extract -q --exclude '*.db' "$tmp/many" -o "$tmp/many/in.db"
for k in 1 2 3; do "$ogi" extract -q "$tmp/many" -o "$tmp/many/in.db"; done
[[ $(q "$tmp/many/in.db" "select count(*) from reports where path like '%in.db-%'") == 0 ]] && ok || bad "the dataset in the folder walked: $(q "$tmp/many/in.db" "select group_concat(path) from reports where path like '%in.db-%'")"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
