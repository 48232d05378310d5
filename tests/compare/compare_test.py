"""`ogi compare`: values, formats, filters and errors. On a small dataset of known values (fixture.py): sums and
rates recomputed from the sums; then on datasets that `ogi extract` builds from corpus/ and, when present,
../shared/corpus (skipped visibly otherwise): every figure against a SQL query of agency_year, and the 平潭
reports of 2019 on lined up as one agency with region 350128.

usage: compare_test.py OGI SOURCE_DIR"""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import shutil
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture  # noqa: E402

OGI, SRC = sys.argv[1], sys.argv[2]
PATTERNS = os.path.join(SRC, "patterns")
FAILS = []


def run(*args):
    p = subprocess.run([OGI, *args], capture_output=True, text=True, env={**os.environ, "OGI_PATTERNS": PATTERNS})
    return p.returncode, p.stdout, p.stderr


def ok(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def rows_json(*args):
    rc, out, err = run("compare", *args, "--format", "json")
    ok(rc == 0, f"compare {args} json exits 0 ({rc}: {err})")
    return json.loads(out) if rc == 0 else []


def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9


tmp = tempfile.mkdtemp()
fx = os.path.join(tmp, "fx.db")
fixture.build(fx, PATTERNS)

# --- by agency: one row per agency and year, every indicator, fractions in json ---------------------------
r = rows_json(fx)
ok(len(r) == len(fixture.ROWS), f"by agency: {len(r)} rows, {len(fixture.ROWS)} expected")
pt = [x for x in r if x["agency"] == "平潭县人民政府"]
ok([x["year"] for x in pt] == [2021, 2022, 2023], f"平潭 years {[x['year'] for x in pt]}")
ok(all(x["region_code"] == "350128" for x in pt), "平潭 region 350128")
ok(close(pt[0]["grant_rate"], 60 / 90) and pt[0]["received"] == 100 and pt[0]["handled"] == 90, f"平潭 2021 {pt[0]}")
ok(close(pt[1]["review_correction_rate"], 0.0) and pt[2]["review_correction_rate"] is None, "review correction rate")
unnamed = [x for x in r if x["agency"] == "某局"]
ok(len(unnamed) == 1 and unnamed[0]["region_code"] is None, "an agency without identity: printed name, null region")

# --- by year: sums, and the rate recomputed from the sums (not the mean of the rates) ------------------------
y = {x["year"]: x for x in rows_json(fx, "--by", "year")}
r22 = [t for t in fixture.ROWS if t[4] == 2022]
ok(sorted(y) == [2021, 2022, 2023], f"years {sorted(y)}")
ok(y[2022]["received"] == sum(t[5] for t in r22) == 535, f"2022 received {y[2022]['received']}")
ok(y[2022]["reports"] == 4 and y[2022]["agencies"] == 4, "2022: 4 reports, 4 agencies")
rate = sum(t[6] for t in r22) / sum(t[7] for t in r22)
mean = sum(t[6] / t[7] for t in r22) / len(r22)
ok(close(y[2022]["grant_rate"], rate) and not close(y[2022]["grant_rate"], mean),
   f"2022 grant rate {y[2022]['grant_rate']}: Σgranted/Σhandled {rate}, not the mean {mean}")
ok(y[2022]["checks_failed"] == 3, "2022 failed checks summed")

# --- by region: provinces, then one level below --region -----------------------------------------------------
g = {x["region_code"]: x for x in rows_json(fx, "--by", "region")}
ok(set(g) == {"32", "35", None}, f"provinces {set(g)}")
ok(g["35"]["received"] == 100 + 120 + 80 + 400 and g["35"]["agencies"] == 2 and g["35"]["reports"] == 4, f"35 {g['35']}")
ok(close(g["35"]["grant_rate"], (60 + 50 + 70 + 100) / (90 + 100 + 80 + 300)), "35 grant rate from sums")
c = rows_json(fx, "--by", "region", "--region", "35")
ok([x["region_code"] for x in c] == ["3501"] and c[0]["region_name"] == "福建省福州市", f"cities of 35: {c}")
c = rows_json(fx, "--by", "region", "--region", "3501")
ok([x["region_code"] for x in c] == ["350100", "350128"], f"counties of 3501: {[x['region_code'] for x in c]}")

# --- filters, sort ------------------------------------------------------------------------------------------
ok([x["year"] for x in rows_json(fx, "--agency", "平潭")] == [2021, 2022, 2023], "--agency substring")
ok(len(rows_json(fx, "--agency", "平潭综合*")) == 3, "--agency glob on the printed name")
ok(len(rows_json(fx, "--agency", "*人民政府")) == 4, "--agency glob on the normalized name")
ok(len(rows_json(fx, "--region", "350128")) == 3 and len(rows_json(fx, "--region", "32")) == 1, "--region prefix")
ok([x["agency"] for x in rows_json(fx, "--year", "2022", "--region", "35")] == ["平潭县人民政府", "福州市人民政府"], "--year")
s = rows_json(fx, "--sort", "grant_rate")
ok([round(x["grant_rate"], 4) for x in s] == sorted((round(x["grant_rate"], 4) for x in s), reverse=True), "--sort desc")
s = rows_json(fx, "--sort", "review_correction_rate")
ok(s[-1]["review_correction_rate"] is None and close(s[0]["review_correction_rate"], 1 / 3), "--sort: no value last")

# --- formats ------------------------------------------------------------------------------------------------
rc, out, _ = run("compare", fx, "--by", "year", "--format", "csv")
rows = list(csv.DictReader(io.StringIO(out)))
ok(rc == 0 and [r["year"] for r in rows] == ["2021", "2022", "2023"], "csv rows")
ok(rows[1]["grant_rate"] == f"{rate:.10g}" and rows[1]["received"] == "535" and rows[1]["partial_rate"] == "",
   f"csv: fractions, counts, empty for null ({rows[1]['grant_rate']})")
rc, out, _ = run("compare", fx, "--by", "year")
lines = out.splitlines()
ok(rc == 0 and len(lines) == 4 and "38.6%" in lines[2] and "66.7%" in lines[1], "table: percentages, one decimal")
rc, out, _ = run("compare", fx, "--metrics", "received,grant_rate")
lines = out.splitlines()
ok(lines[0].split() == ["agency", "region_code", "year", "received", "grant_rate", "checks_failed"], f"--metrics {lines[0]}")
# aligned by display width: every row's grant_rate column ends where the header's does
end = width(lines[0][: lines[0].index("grant_rate") + len("grant_rate")])
for ln in lines[1:]:
    pos = ln.index("%") + 1
    ok(width(ln[:pos]) == end, f"table aligned by display width (CJK = 2): {ln!r}")
# the printed name is not shown (the normalized one is); a control character in a name is escaped in any case
con = sqlite3.connect(fx)
con.execute("UPDATE agency_year SET agency_name = agency WHERE agency_name = '南京市商务局'")
con.commit()
con.close()
rc, out, _ = run("compare", fx, "--agency", "南京", "--metrics", "received")
ok("\x1b" not in out and "\\x1B[31m" in out, f"control characters escaped in a table: {out!r}")
rc, out, _ = run("compare", fx, "--agency", "南京", "--metrics", "received", "--format", "md")
ok(out.splitlines()[1] == "|---|---|---:|---:|---:|" and "\\|x" in out, f"md: alignment row, | escaped: {out!r}")
rc, out, _ = run("compare", fx, "--agency", "南京", "--format", "json")
ok(json.loads(out)[0]["agency"] == "南京市商务局\x1b[31m|x", "json keeps the name (escaped by JSON)")

# --- errors -------------------------------------------------------------------------------------------------
rc, _, err = run("compare", fx, "--sort", "bogus")
ok(rc == 2 and "unknown metric 'bogus'" in err and "grant_rate" in err and "received" in err, f"unknown metric: {rc} {err}")
rc, _, err = run("compare", fx, "--by", "county")
ok(rc == 2 and "unknown --by 'county': use agency, year or region" in err, f"unknown --by: {rc} {err}")
rc, _, err = run("compare", fx, "--format", "xlsx")
ok(rc == 2 and "use table, csv, md or json" in err, f"unknown format: {rc} {err}")
rc, _, err = run("compare", fx, "--region", "35x")
ok(rc == 2 and "--region" in err, "bad --region")
rc, _, err = run("compare", fx, "--metrics", "received,nope")
ok(rc == 2 and "unknown metric 'nope'" in err, "bad --metrics")
rc, _, err = run("compare")
ok(rc == 2 and "takes one DB" in err, "no DB")
old = os.path.join(tmp, "v1.db")
fixture.build(old, PATTERNS, version=1)
rc, _, err = run("compare", old)
ok(rc == 3 and "layout version 1" in err and "version 2 or later" in err, f"a version 1 dataset: {rc} {err}")
foreign = os.path.join(tmp, "foreign.db")
sqlite3.connect(foreign).executescript("CREATE TABLE t (x); PRAGMA user_version = 7;")
rc, _, err = run("compare", foreign)
ok(rc == 3 and "not an ogi dataset" in err, f"a foreign SQLite file: {rc} {err}")
notdb = os.path.join(tmp, "x.db")
open(notdb, "w").write("hello, not SQLite\n" * 100)
rc, _, err = run("compare", notdb)
ok(rc == 3 and err.startswith("ogi: "), f"not SQLite: {rc} {err}")
rc, _, err = run("compare", os.path.join(tmp, "missing.db"))
ok(rc == 3, f"a missing file: {rc} {err}")
ok(not os.path.exists(os.path.join(tmp, "missing.db")), "a missing DB is not created")


# --- datasets extracted from the corpora --------------------------------------------------------------------
def extracted(name, *dirs):
    db = os.path.join(tmp, name)
    p = subprocess.run([OGI, "extract", "-q", "-j", "2", "--exclude", "*.json", "-o", db, *dirs], capture_output=True,
                       text=True, env={**os.environ, "OGI_PATTERNS": PATTERNS})
    ok(p.returncode in (0, 3) and os.path.exists(db), f"extract {dirs}: {p.returncode} {p.stderr[-300:]}")
    return db


def against_sql(db):
    con = sqlite3.connect(db)
    ver = con.execute("PRAGMA user_version").fetchone()[0]
    if ver < 2:
        print(f"SKIP: {db}: the dataset is of version {ver} (this build's extract writes no indicators)")
        return None
    r = rows_json(db)
    n = con.execute("SELECT count(*) FROM agency_year").fetchone()[0]
    ok(len(r) == n, f"{db}: {len(r)} rows, agency_year has {n}")
    for yr, rec, gr, tot in con.execute(
            "SELECT year, sum(ind_received), sum(t3_granted_total), sum(t3_total_total) FROM agency_year "
            "WHERE ind_grant_rate IS NOT NULL GROUP BY year"):
        y = {x["year"]: x for x in rows_json(db, "--by", "year")}
        ok(yr in y and close(y[yr]["grant_rate"], gr / tot), f"{db} {yr}: grant rate {y.get(yr)} vs {gr}/{tot}")
    for yr, rec in con.execute("SELECT year, sum(ind_received) FROM agency_year GROUP BY year"):
        y = {x["year"]: x for x in rows_json(db, "--by", "year")}
        ok(y[yr]["received"] == rec, f"{db} {yr}: received {y[yr]['received']} vs {rec}")
    return con


con = against_sql(extracted("corpus.db", os.path.join(SRC, "corpus")))
shared = os.path.join(SRC, "..", "shared", "corpus")
if not os.path.isdir(shared):
    print(f"SKIP: {shared} absent: the 平潭 series is not checked")
else:
    con = against_sql(extracted("shared.db", shared))
    if con:
        pt = rows_json(os.path.join(tmp, "shared.db"), "--agency", "平潭", "--year", "2019")
        series = [x for x in rows_json(os.path.join(tmp, "shared.db"), "--region", "350128") if x["year"] >= 2019]
        years = sorted(x["year"] for x in series)
        want = sorted({int(f.split("_")[1][:4]) for f in os.listdir(shared)
                       if f.startswith("pingtan_") and not f.endswith(".json") and int(f.split("_")[1][:4]) >= 2019})
        ok(years == want, f"平潭 {want} all in region 350128: {years}")
        ok(len({x["agency"] for x in series}) == 1, f"平潭 one agency: {sorted({x['agency'] for x in series})}")
        ok(len(pt) == 1 and pt[0]["region_code"] == "350128", f"平潭 2019 by name: {pt}")

shutil.rmtree(tmp)
if FAILS:
    print(f"{len(FAILS)} failures")
    sys.exit(1)
print("compare: all assertions hold")
