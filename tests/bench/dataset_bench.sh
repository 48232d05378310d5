#!/usr/bin/env bash
# The dataset at scale: N generated reports (default 10000) into one SQLite dataset, then the one-row-per-agency-
# and-year query (agency_year, every column), median of 5 runs. Prints figures; asserts nothing about time.
# usage: tests/bench/dataset_bench.sh BUILD_DIR [N]
set -eu
build=$1
n=${2:-10000}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/tests/golden/make_corpus.py" --bench "$n" "$tmp/crawl" >/dev/null
t0=$(date +%s.%N)
"$build/ogi" extract -q -j2 "$tmp/crawl" -o "$tmp/reports.db"
t1=$(date +%s.%N)
python3 - "$tmp/reports.db" "$n" "$t0" "$t1" <<'PY'
import sqlite3, statistics, sys, time
db, n, t0, t1 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
c = sqlite3.connect(db)
# the generated titles ("测试市第1局…") name no agency ogi recognizes: name them here, 2,000 agencies, so that
# agency_year has about 4,000 agency-years of 2-3 copies each to choose from
c.execute("UPDATE report_wide SET agency = '测试市第' || (id % 2000) || '局' WHERE agency IS NULL")
c.commit()
def med(q):
    ts = []
    for _ in range(5):
        a = time.perf_counter(); rows = c.execute(q).fetchall(); ts.append(time.perf_counter() - a)
    return statistics.median(ts), len(rows), len(rows[0]) if rows else 0
print(f"{n} reports extracted and stored in {t1 - t0:.1f} s (-j2)")
for q in ("SELECT * FROM agency_year", "SELECT agency, year, t3_new_received_total, t3_granted_total FROM agency_year",
          "SELECT * FROM report_wide"):
    t, rows, cols = med(q)
    print(f"{q}: {rows} rows x {cols} columns in {t * 1000:.0f} ms (median of 5)")
PY
