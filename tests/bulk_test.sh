#!/usr/bin/env bash
# Bulk extraction into one dataset: the same database for any -j, nothing lost or doubled after kill -9
# and a re-run, only new files added on a re-run, bad files recorded without stopping the batch.
# usage: bulk_test.sh OGI SOURCE_DIR   (BULK_N=number of generated reports, default 1200)
set -u
ogi=$1
src=$2
N=${BULK_N:-1200}
tmp=$(mktemp -d)
export SOURCE_DATE_EPOCH=1700000000 # the meta table's timestamps: datasets of two runs compare equal
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

dump() { # a canonical text dump of a dataset
  python3 - "$@" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("reports", "report_values", "checks", "warnings", "report_wide", "fields", "meta", "agencies", "cross_checks"):
    skip = sys.argv[2:]  # table.column left out
    cols = ", ".join(sorted(r[1] for r in c.execute(f"PRAGMA table_info({t})") if f"{t}.{r[1]}" not in skip))
    for row in sorted(c.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr):
        print(t, repr(row))
PY
}

python3 "$src/tests/golden/make_corpus.py" --bench "$N" "$tmp/crawl"
cp "$src/corpus/seed_beilun-shangwuju_2021.txt" "$tmp/crawl/"
printf '\x89PNG\r\n\x1a\n\0\0' >"$tmp/crawl/logo.png"
printf '<html><body><a href="/">首页</a></body></html>' >"$tmp/crawl/index.html"
mkdir -p "$tmp/crawl/sub" && ln -s .. "$tmp/crawl/sub/loop"   # a symlink loop
mkfifo "$tmp/crawl/pipe.html"                                   # would block a naive reader

"$ogi" extract -q -j1 "$tmp/crawl" -o "$tmp/j1.db"; rc=$?
[[ $rc == 3 ]] && ok || bad "exit code $rc with one unreadable file, want 3"
"$ogi" extract -q -j2 "$tmp/crawl" -o "$tmp/j2.db"
dump "$tmp/j1.db" >"$tmp/j1.txt"
dump "$tmp/j2.db" >"$tmp/j2.txt"
cmp -s "$tmp/j1.txt" "$tmp/j2.txt" && ok || bad "-j1 and -j2 datasets differ"
n=$(python3 -c "import sqlite3;print(sqlite3.connect('$tmp/j1.db').execute(\"select count(*) from reports where status='ok'\").fetchone()[0])")
[[ $n == $((N + 1)) ]] && ok || bad "$n reports extracted, want $((N + 1))"
s=$(python3 -c "import sqlite3;print(sqlite3.connect('$tmp/j1.db').execute(\"select group_concat(path||':'||status, ' ') from reports where status!='ok' order by path\").fetchone()[0])")
[[ $s == *"logo.png:skipped"* && $s == *"index.html:skipped"* && $s == *"pipe.html:error"* ]] && ok || bad "skipped/failed files not recorded: $s"

# kill -9 in the middle, then re-run: the database equals the uninterrupted run's
for attempt in 1 2 3; do
  rm -f "$tmp/crash.db"*
  "$ogi" extract -q -j2 "$tmp/crawl" -o "$tmp/crash.db" 2>/dev/null &
  pid=$!
  sleep 0.$((3 + attempt))
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  partial=$(python3 -c "import sqlite3;print(sqlite3.connect('$tmp/crash.db').execute('select count(*) from reports').fetchone()[0])" 2>/dev/null || echo 0)
  [[ $partial -gt 0 && $partial -lt $((N + 4)) ]] && break
done
echo "killed after $partial of $((N + 4)) files were stored"
"$ogi" extract -q -j2 "$tmp/crawl" -o "$tmp/crash.db" 2>/dev/null
dump "$tmp/crash.db" >"$tmp/crash.txt"
cmp -s "$tmp/j1.txt" "$tmp/crash.txt" && ok || bad "database after kill -9 and re-run differs from an uninterrupted run"
python3 -c "import sqlite3;c=sqlite3.connect('$tmp/crash.db');r=c.execute('pragma integrity_check').fetchone()[0];assert r=='ok',r" && ok || bad "integrity"

# a re-run adds only what is new
cp "$src/corpus/word-export_2022.md" "$tmp/crawl/new.md"
"$ogi" extract -j2 "$tmp/crawl" -o "$tmp/j1.db" 2>"$tmp/summary.txt"
grep -q "1 reports extracted" "$tmp/summary.txt" && grep -q "$((N + 4)) already in the dataset" "$tmp/summary.txt" && ok || bad "re-run: $(cat "$tmp/summary.txt")"
# a changed file is a new report row; the latest is in latest_reports
echo "" >>"$tmp/crawl/new.md"
"$ogi" extract -q "$tmp/crawl" -o "$tmp/j1.db"
n=$(python3 -c "import sqlite3;c=sqlite3.connect('$tmp/j1.db');print(c.execute(\"select count(*) from reports where path like '%new.md'\").fetchone()[0], c.execute(\"select count(*) from latest_reports where path like '%new.md'\").fetchone()[0])")
[[ $n == "2 1" ]] && ok || bad "changed file: $n rows (want 2 in reports, 1 in latest_reports)"
"$ogi" extract -q --force "$tmp/crawl" -o "$tmp/j1.db"
n=$(python3 -c "import sqlite3;print(sqlite3.connect('$tmp/j1.db').execute('select count(*) from reports').fetchone()[0])")
[[ $n == $((N + 6)) ]] && ok || bad "--force re-extracts in place: $n rows, want $((N + 6))"

# the wide view and CSV/JSONL outputs
w=$(python3 -c "import sqlite3;c=sqlite3.connect('$tmp/j1.db');print(c.execute('select t3_denied_admin_query_natural, typeof(t3_denied_admin_query_natural) from report_wide where path like \"%seed_beilun%\"').fetchone())")
[[ $w == "(1, 'integer')" ]] && ok || bad "report_wide: $w, want (1, 'integer')"
"$ogi" extract -q -j2 --excel "$tmp/crawl" -o "$tmp/out.csv"
head -c 3 "$tmp/out.csv" | od -An -tx1 | grep -q "ef bb bf" && ok || bad "--excel BOM"
[[ $(wc -l <"$tmp/out.csv") == $((N + 4)) ]] && ok || bad "csv rows: $(wc -l <"$tmp/out.csv")"
"$ogi" extract -q "$tmp/crawl" -o "$tmp/out.jsonl"
[[ $(wc -l <"$tmp/out.jsonl") == $((N + 3)) ]] && ok || bad "jsonl lines: $(wc -l <"$tmp/out.jsonl")"

# checks that could not run are counted per report (a 表三 row left out: its checks are skipped, none fails)
q() { python3 -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }
mkdir "$tmp/mixed"
cp "$src/corpus/word-export_2022.html" "$tmp/mixed/report.html"
grep -v "1.属于国家秘密" "$src/corpus/word-export_2022.tab.txt" >"$tmp/mixed/missing-row.txt"
"$ogi" extract -j2 "$tmp/mixed" -o "$tmp/mixed.db" 2>"$tmp/mixed.txt"
n=$(q "$tmp/mixed.db" "select checks_skipped||' '||(select count(*) from checks c where c.report=r.id and c.status='skipped') from reports r where path like '%/missing-row.txt'")
[[ $n == "8 8" ]] && ok || bad "reports.checks_skipped of the report with a missing row: '$n', want 8 (= its skipped checks)"
n=$(q "$tmp/mixed.db" "select checks_failed||' '||checks_skipped from reports where path like '%/report.html'")
[[ $n == "0 0" ]] && ok || bad "checks_failed, checks_skipped of a complete report: '$n', want 0 0"
n=$(q "$tmp/mixed.db" "select checks_skipped from report_wide where path like '%/missing-row.txt'")
[[ $n == 8 ]] && ok || bad "report_wide.checks_skipped: '$n'"
grep -qF "0 with failed checks; 8 checks not run in 1 reports;" "$tmp/mixed.txt" && ok || bad "batch summary does not count checks not run: $(cat "$tmp/mixed.txt")"
# a dataset of the pre-versioned layout (user_version 0: report_wide a view, no content keys, no check fields,
# perhaps no checks_skipped) is migrated when it is next opened: the same rows as a dataset made now
dump "$tmp/mixed.db" checks.fields >"$tmp/mixed1.txt"
python3 - "$tmp/mixed.db" "$tmp/mixed-wide.txt" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w") as f:
    for row in c.execute("SELECT * FROM report_wide ORDER BY id"): print(repr(row), file=f)
c.executescript("""DROP VIEW agency_year; DROP TABLE report_wide; DROP TABLE meta; DROP VIEW check_failures;
  ALTER TABLE reports DROP COLUMN checks_skipped; ALTER TABLE reports DROP COLUMN content_key;
  ALTER TABLE checks DROP COLUMN fields; PRAGMA user_version = 0;
  CREATE VIEW report_wide AS SELECT r.id, r.path FROM reports r;""")
PY
"$ogi" extract -q "$tmp/mixed" -o "$tmp/mixed.db"; rc=$?
n=$(q "$tmp/mixed.db" "select group_concat(checks_skipped, ' ') from (select checks_skipped from report_wide order by path)")
[[ $rc == 0 && $n == "8 0" ]] && ok || bad "old dataset reopened: exit $rc, checks_skipped '$n', want '8 0'"
python3 - "$tmp/mixed.db" <<'PY' >"$tmp/mixed-wide2.txt"
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute("SELECT * FROM report_wide ORDER BY id"): print(repr(row))
PY
cmp -s "$tmp/mixed-wide.txt" "$tmp/mixed-wide2.txt" && ok || bad "migrated report_wide differs: $(diff "$tmp/mixed-wide.txt" "$tmp/mixed-wide2.txt" | head -c 600)"
dump "$tmp/mixed.db" checks.fields >"$tmp/mixed2.txt"   # a migrated check has no fields (NULL)
cmp -s "$tmp/mixed1.txt" "$tmp/mixed2.txt" && ok || bad "migrated dataset differs: $(diff "$tmp/mixed1.txt" "$tmp/mixed2.txt" | head -c 600)"
n=$(q "$tmp/mixed.db" "pragma user_version")
[[ $n == 3 ]] && ok || bad "migrated user_version $n"
# a version 1 dataset (no agency identity, no indicators, no agencies or cross_checks, no corrections) is
# migrated to 2: report_wide rebuilt with the head columns before the field columns, identities and indicators
# computed from what is stored, the same rows as a dataset made now
dump "$tmp/mixed.db" checks.fields >"$tmp/mixed3.txt"
python3 - "$tmp/mixed.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
new = ("agency_name", "region_code", "region_name", "level", "kind")
cols = [r[1] for r in c.execute("PRAGMA table_info(report_wide)") if r[1] not in new and not r[1].startswith("ind_")]
c.executescript("DROP VIEW agency_year; DROP INDEX report_wide_rank2; DROP TABLE agencies; DROP TABLE cross_checks;"
  + "CREATE TABLE old_wide AS SELECT " + ", ".join(cols) + " FROM report_wide; DROP TABLE report_wide;"
  + "ALTER TABLE old_wide RENAME TO report_wide;"
  + "".join(f"ALTER TABLE reports DROP COLUMN {n};" for n in new)
  + "ALTER TABLE report_values DROP COLUMN printed; ALTER TABLE report_values DROP COLUMN correction;"
  + "PRAGMA user_version = 1;")
PY
"$ogi" extract -q "$tmp/mixed" -o "$tmp/mixed.db"; rc=$?
n=$(q "$tmp/mixed.db" "pragma user_version")
[[ $rc == 0 && $n == 3 ]] && ok || bad "version 1 dataset reopened: exit $rc, user_version $n"
dump "$tmp/mixed.db" checks.fields >"$tmp/mixed4.txt"
cmp -s "$tmp/mixed3.txt" "$tmp/mixed4.txt" && ok || bad "dataset migrated from version 1 differs: $(diff "$tmp/mixed3.txt" "$tmp/mixed4.txt" | head -c 600)"
n=$(q "$tmp/mixed.db" "select group_concat(name, ',') from (select name from pragma_table_info('report_wide') where cid between 3 and 9)")
[[ $n == "agency,agency_name,region_code,region_name,level,kind,year" ]] && ok || bad "migrated report_wide head: $n"
n=$(q "$tmp/mixed.db" "select a.agency_name||' '||ifnull(a.region_code,'-')||' '||a.unresolved||' '||a.reports||' '||w.ind_received from agencies a join report_wide w on w.agency_name = a.agency_name where w.path like '%/missing-row.txt'")
[[ $n == "某市交通运输局 - no division of the list at the start of the name 2 16.0" ]] && ok || bad "migrated identity and indicators: '$n'"

# a folder walk: files that are not reports are skipped and counted; a report without tables is a record
mkdir "$tmp/notes"
cp "$src/corpus/word-export_2022.html" "$tmp/notes/report.html"
cp "$src/tests/fixtures/prose-only_2023.txt" "$tmp/notes/prose.txt"
cp "$src/README.md" "$tmp/notes/README.md"
printf '{"url": "http://www.example.gov.cn/xxgk/ndbg/2023.html", "title": "某县档案馆2023年政府信息公开工作年度报告", "fetched": "2024-02-01"}\n' >"$tmp/notes/crawl.json"
blank=$src/../shared/corpus/template-2021-blank.docx
want_skipped=2
if [[ -f $blank ]]; then cp "$blank" "$tmp/notes/template-2021-blank.docx"; want_skipped=3; else echo "SKIP: $blank absent: the blank template part did not run"; fi
"$ogi" extract -j2 "$tmp/notes" -o "$tmp/notes.db" 2>"$tmp/notes.txt"; rc=$?
[[ $rc == 0 ]] && ok || bad "folder with notes: exit $rc: $(cat "$tmp/notes.txt")"
s=$(q "$tmp/notes.db" "select group_concat(substr(path, length('$tmp/notes/') + 1)||':'||status, ' ') from (select * from reports order by path)")
want="README.md:skipped crawl.json:skipped prose.txt:no_tables report.html:ok"
[[ -f $blank ]] && want="$want template-2021-blank.docx:skipped"
[[ $s == "$want" ]] && ok || bad "statuses: '$s', want '$want'"
n=$(q "$tmp/notes.db" "select agency||' '||year||' '||published||' '||template||' '||ifnull(checks_failed,'-')||' '||(select count(*) from report_values v where v.report=r.id) from reports r where status='no_tables'")
[[ $n == "某县档案馆 2023 2024-01-25 2021 - 0" ]] && ok || bad "the report without tables: '$n'"
n=$(q "$tmp/notes.db" "select count(*) from reports where status='skipped' and agency is null and year is null and id not in (select report from report_values)")
[[ $n == "$want_skipped" ]] && ok || bad "skipped files carry meta or values: $n of $want_skipped clean"
n=$(q "$tmp/notes.db" "select error from reports where path like '%crawl.json'")
[[ $n == "JSON data, not a report (no statistics tables)" ]] && ok || bad "JSON note reason: '$n'"
if [[ -f $blank ]]; then
  n=$(q "$tmp/notes.db" "select error from reports where path like '%blank.docx'")
  [[ $n == "blank template: no agency, no year, every cell blank" ]] && ok || bad "blank template reason: '$n'"
  summary="1 reports extracted (2021 template 1, 2019 0, legacy 0), 0 with failed checks; 1 reports without tables (recorded, no values); 0 already in the dataset; 3 skipped as not reports (0 binary or empty, 0 PDF/Word, 2 without tables, 1 blank templates); 0 failed"
  # named on the command line, the blank template is extracted, with its warning
  "$ogi" extract -q "$blank" -o "$tmp/blank.db"
  n=$(q "$tmp/blank.db" "select r.status||' '||(select count(*) from report_values v where v.report=r.id)||' '||(select group_concat(code) from warnings w where w.report=r.id) from reports r")
  [[ $n == "ok 200 all_blank" ]] && ok || bad "a blank template named on the command line: '$n'"
else
  summary="1 reports extracted (2021 template 1, 2019 0, legacy 0), 0 with failed checks; 1 reports without tables (recorded, no values); 0 already in the dataset; 2 skipped as not reports (0 binary or empty, 0 PDF/Word, 2 without tables, 0 blank templates); 0 failed"
fi
grep -qF "$summary" "$tmp/notes.txt" && ok || bad "notes summary: $(cat "$tmp/notes.txt"), want $summary"
"$ogi" extract -q "$tmp/notes" -o "$tmp/notes.csv"
n=$(python3 -c "import csv,sys;print(' '.join(sorted(r['status']+':'+r['agency'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')))))" "$tmp/notes.csv")
[[ $n == "no_tables:某县档案馆 ok:某市交通运输局" ]] && ok || bad "CSV of the notes folder: '$n'"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
