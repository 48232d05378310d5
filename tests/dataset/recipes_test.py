#!/usr/bin/env python3
"""The recipes of docs/dataset.md run against a dataset of the bundled corpus: every ```sql block (each statement
must run), the ```python block (pandas) and the ```r block (RSQLite) where those are installed; skipped, and said
so, where not. Also what the recipes rely on: one agency_year row per agency and year, snake_case INTEGER columns.
usage: recipes_test.py OGI SOURCE_DIR"""
import os, re, shutil, sqlite3, subprocess, sys, tempfile

ogi, src = sys.argv[1], sys.argv[2]
doc = open(os.path.join(src, "docs", "dataset.md"), encoding="utf-8").read()
blocks = re.findall(r"^```(sql|python|r)\n(.*?)^```", doc, re.S | re.M)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import ok, done  # noqa: E402


tmp = tempfile.mkdtemp()
try:
    db = os.path.join(tmp, "reports.db")
    p = subprocess.run([ogi, "extract", "-q", os.path.join(src, "corpus"), "-o", db], capture_output=True)
    ok(p.returncode == 0, f"dataset of the corpus: exit {p.returncode} {p.stderr[:300]!r}")
    con = sqlite3.connect(db)
    sql = [b for k, b in blocks if k == "sql"]
    ok(len(sql) >= 10, f"{len(sql)} sql recipes")
    for b in sql:
        for stmt in [s for s in re.split(r";\s*\n", b) if s.strip() and not all(l.strip().startswith("--") for l in s.strip().splitlines())]:
            try:
                con.execute(stmt).fetchall()
                ok(True, "")
            except sqlite3.Error as e:
                ok(False, f"recipe fails: {e}: {stmt[:200]}")
    ay = con.execute("SELECT agency, year, copies FROM agency_year ORDER BY agency, year").fetchall()
    groups = con.execute("SELECT agency, year, count(*) FROM report_wide WHERE agency IS NOT NULL AND year IS NOT NULL"
                         " GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    ok(ay == groups and len(ay) == 6, f"agency_year: {ay}, want one row per agency and year: {groups}")
    best = con.execute("SELECT path, values_found FROM agency_year WHERE agency = '某区生态环境局'").fetchone()
    most = con.execute("SELECT max(values_found) FROM report_wide WHERE agency = '某区生态环境局'").fetchone()[0]
    ok(best and best[1] == most, f"agency_year shows the most complete copy: {best}, most values {most}")
    types = dict(con.execute("SELECT name, type FROM pragma_table_info('report_wide')").fetchall())
    ok(types.get("t3_granted_total") == "INTEGER" and types.get("t2_fees_amount_wan") == "REAL"
       and not any("." in c for c in types), "report_wide: snake_case, INTEGER counts, REAL amounts")
    ok(con.execute("SELECT typeof(t3_granted_total) FROM agency_year WHERE template <> 'legacy'").fetchall() == [("integer",)] * 5,
   "counts stored as integers")
    ok(con.execute("SELECT count(*) FROM fields WHERE column_name IS NOT NULL AND (label_en IS NULL OR row_zh IS NULL)").fetchone()[0] == 0,
       "every field column has Chinese and English labels")
    con.close()

    py = [b for k, b in blocks if k == "python"]
    interp = next((c for c in [sys.executable, "/usr/bin/python3"] if os.path.exists(c) and
                   subprocess.run([c, "-c", "import pandas"], capture_output=True).returncode == 0), None)
    if interp is None:
        print("SKIP: pandas is not installed (apt-get install python3-pandas): the pandas recipe did not run")
    for b in py if interp else []:
        p = subprocess.run([interp, "-c", b], cwd=tmp, capture_output=True, text=True)
        ok(p.returncode == 0, f"pandas recipe: {p.stderr[-800:]}")
    rs = [b for k, b in blocks if k == "r"]
    has_r = shutil.which("Rscript") and subprocess.run(["Rscript", "-e", "library(RSQLite)"], capture_output=True).returncode == 0
    if not has_r:
        print("SKIP: R with RSQLite is not installed (apt-get install r-cran-rsqlite): the R recipe did not run")
    for b in rs if has_r else []:
        p = subprocess.run(["Rscript", "-e", b], cwd=tmp, capture_output=True, text=True)
        ok(p.returncode == 0, f"R recipe: {p.stderr[-800:]}")
    ok(len(py) >= 1 and len(rs) >= 1, "docs/dataset.md has a pandas and an R recipe")
finally:
    shutil.rmtree(tmp)
done()
