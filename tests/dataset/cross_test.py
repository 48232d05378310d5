#!/usr/bin/env python3
"""The cross-year checks of the dataset (patterns/cross_checks.tsv, table cross_checks, docs/dataset.md):
on a constructed agency of three years, its name printed three ways (2021; 2022 a copy of 2021's values; 2023
agreeing with 2022), the warnings expected from the numbers written into the reports (never from ogi's
output); re-running recomputes the table rather than adding to it; the real reports of ../shared/corpus
(several years of 平潭 and 洪泽区) give no warning (each pair read by hand: they agree).
usage: cross_test.py OGI SOURCE_DIR"""
import os, random, sqlite3, subprocess, sys, tempfile

ogi, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "tests", "golden"))
import make_corpus as mc  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import ok, done  # noqa: E402


def extract(inputs, db, *extra):
    p = subprocess.run([ogi, "extract", "-j2", *extra, *inputs, "-o", db], capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    return p.returncode, p.stderr


tmp = tempfile.mkdtemp()
rng = random.Random(11)
a = mc.make_values(rng, "2021", "2021")
for c in mc.COLS[:6]:  # some column whose 上年结转 differs from its 结转下年度: 2022's copy then disagrees
    a[f"t3.carried_forward.{c}"] = a[f"t3.carried_over.{c}"]
a["t3.carried_forward.natural"] += 1
a["t3.new_received.natural"] += 1  # the year's sums still hold: new + carried = handled + forward
a["t3.carried_forward.total"] = sum(a[f"t3.carried_forward.{c}"] for c in mc.COLS[:6])
a["t3.new_received.total"] = sum(a[f"t3.new_received.{c}"] for c in mc.COLS[:6])
a["t2.regulations.issued"], a["t2.regulations.repealed"] = 3, 1   # 2022's copy: in force stays, wrongly
a["t2.normative.issued"], a["t2.normative.repealed"] = 2, 2       # issued = repealed: nothing to warn
b = dict(a)
c = dict(b)  # 2023: agrees with 2022
for col in mc.COLS[:6]:
    c[f"t3.carried_over.{col}"] = b[f"t3.carried_forward.{col}"]
    c[f"t3.new_received.{col}"] = b[f"t3.new_received.{col}"] + b[f"t3.carried_over.{col}"] - b[f"t3.carried_forward.{col}"]
for r in ("t3.carried_over", "t3.new_received"):
    c[f"{r}.total"] = sum(c[f"{r}.{col}"] for col in mc.COLS[:6])
for row in ("regulations", "normative"):
    c[f"t2.{row}.issued"], c[f"t2.{row}.repealed"] = 4, 1
    c[f"t2.{row}.in_force"] = b[f"t2.{row}.in_force"] + 3
c["t4.review.upheld"] += 1
c["t4.review.total"] += 1
names = {2021: "淮安市洪泽区人民政府", 2022: "洪泽区人民政府", 2023: "江苏省淮安市洪泽区人民政府"}
d = os.path.join(tmp, "pair")
os.makedirs(d)
for year, v in ((2021, a), (2022, b), (2023, c)):
    meta = {"agency": names[year], "year": year, "published": f"{year + 1}-01-20", "template": "2021"}
    with open(os.path.join(d, f"hz_{year}.txt"), "w", encoding="utf-8") as f:
        f.write(mc.tab_report(v, meta, "2021"))

# the warnings the numbers call for, in the table's order (agency, year, rule, subject)
want = []
for col in mc.COLS:
    if b[f"t3.carried_over.{col}"] != a[f"t3.carried_forward.{col}"]:
        want.append(("carried_over", f"t3.carried_over.{col}", a[f"t3.carried_forward.{col}"], b[f"t3.carried_over.{col}"]))
for row in ("regulations", "normative"):
    e = a[f"t2.{row}.in_force"] + b[f"t2.{row}.issued"] - b[f"t2.{row}.repealed"]
    if e != b[f"t2.{row}.in_force"]:
        want.append(("in_force", f"t2.{row}.in_force", e, b[f"t2.{row}.in_force"]))
want.append(("copied", "t3,t4", None, None))
ok([w[0] for w in want] == ["carried_over", "carried_over", "in_force", "copied"], f"the constructed pair: {want}")

db = os.path.join(tmp, "pair.db")
rc, err = extract([d], db)
ok(rc == 0, f"extract: exit {rc}: {err}")
ok(f"; {len(want)} cross-year warnings" in err, f"summary line: {err}")
con = sqlite3.connect(db)
ids = dict(con.execute("SELECT year, id FROM reports"))
ok(con.execute("SELECT count(DISTINCT agency_name), min(agency_name) FROM reports").fetchone() == (1, "淮安市洪泽区人民政府"),
   "the three printings are one agency_name")
ok(con.execute("SELECT count(*) FROM agency_year").fetchone()[0] == 3, "agency_year: one row a year")
got = con.execute("SELECT rule, subject, expected, actual, agency_name, year, report, prev_report FROM cross_checks"
                  " ORDER BY rowid").fetchall()
ok([g[:4] for g in got] == want, f"cross_checks:\n  got  {[g[:4] for g in got]}\n  want {want}")
ok(all(g[4:] == ("淮安市洪泽区人民政府", 2022, ids[2022], ids[2021]) for g in got), f"the pair of each warning: {got}")
msg = con.execute("SELECT message FROM cross_checks WHERE rule = 'in_force'").fetchone()[0]
ok(msg == "规章 现行有效件数 is not the previous year's plus 本年制发 minus 本年废止: t2.regulations.in_force is "
   f"{b['t2.regulations.in_force']}, expected {b['t2.regulations.in_force'] + 2} (prev:t2.regulations.in_force + "
   "t2.regulations.issued - t2.regulations.repealed)", f"in_force message: {msg}")
ok(con.execute("SELECT reports FROM agencies").fetchall() == [(3,)], "agencies: one row, 3 reports")
con.close()
rc, err = extract([d], db)  # nothing new: the table is computed again, the same
con = sqlite3.connect(db)
ok(rc == 0 and con.execute("SELECT count(*) FROM cross_checks").fetchone()[0] == len(want), f"re-run: {err}")
con.close()
# -j1 gives the same table
db1 = os.path.join(tmp, "pair1.db")
extract([d], db1, "-j1")
q = "SELECT * FROM cross_checks ORDER BY rowid"
ok(sqlite3.connect(db1).execute(q).fetchall() == sqlite3.connect(db).execute(q).fetchall(), "-j1 and -j2 differ")

# the real reports: consecutive years of 平潭综合实验区 (2019-2020, 2022-2023) and 洪泽区 (2023-2024), all agree
shared = os.path.join(src, "..", "shared", "corpus")
if os.path.isdir(shared):
    db = os.path.join(tmp, "shared.db")
    rc, err = extract([shared], db)
    con = sqlite3.connect(db)
    pairs = con.execute("SELECT a.agency_name, a.year FROM agency_year a JOIN agency_year p ON p.agency_name ="
                        " a.agency_name AND p.year = a.year - 1 WHERE a.status = 'ok' AND p.status = 'ok'"
                        " ORDER BY 1, 2").fetchall()
    ok(pairs == [("平潭综合实验区", 2020), ("平潭综合实验区", 2023), ("淮安市洪泽区人民政府", 2024)], f"pairs: {pairs}")
    ok(con.execute("SELECT count(*) FROM cross_checks").fetchone()[0] == 0,
       f"real reports: {con.execute('SELECT * FROM cross_checks').fetchall()}")
    hz = con.execute("SELECT t2_normative_in_force FROM agency_year WHERE agency_name = '淮安市洪泽区人民政府'"
                     " ORDER BY year").fetchall()
    ok(hz == [(5,), (8,)], f"洪泽区 规范性文件 in force 2023, 2024: {hz}")  # 5 + 3 issued - 0 repealed
else:
    print(f"SKIP: {shared} absent: the real reports were not checked")
done()
