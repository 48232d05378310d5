"""A small dataset in the layout of version 2 (docs/dataset.md), written with sqlite3: the tables and columns
`ogi compare` and `ogi report` read, with known values, so that their sums and rates can be asserted exactly
(the other tests build a dataset from the corpus with `ogi extract`)."""
import sqlite3

# agency_name, printed agency, region_code, region_name, year, received, granted, handled (t3.total.total),
# refused (one 不予公开 row), reviews upheld, corrected, other, checks_failed
ROWS = [
    ("平潭县人民政府", "平潭综合实验区", "350128", "福建省福州市平潭县", 2021, 100, 60, 90, 10, 2, 1, 0, 0),
    ("平潭县人民政府", "平潭综合实验区", "350128", "福建省福州市平潭县", 2022, 120, 50, 100, 20, 1, 0, 1, 2),
    ("平潭县人民政府", "平潭综合实验区", "350128", "福建省福州市平潭县", 2023, 80, 70, 80, 5, 0, 0, 0, 0),
    ("福州市人民政府", "福州市人民政府", "350100", "福建省福州市", 2022, 400, 100, 300, 50, 3, 1, 0, 0),
    ("南京市商务局", "南京市商务局\x1b[31m|x", "320100", "江苏省南京市", 2022, 10, 9, 10, 0, 0, 0, 0, 1),
    (None, "某局", None, None, 2022, 5, 1, 4, 1, 0, 0, 0, 0),
]


def indicator_names(patterns):
    names = []
    for line in open(f"{patterns}/indicators.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        n = line.split("\t")[0]
        if n not in names:
            names.append(n)
    return names


def build(path, patterns, version=2):
    con = sqlite3.connect(path)
    names = indicator_names(patterns)
    ind = ", ".join(f"ind_{n} REAL" for n in names)
    con.executescript(f"""
CREATE TABLE reports (id INTEGER PRIMARY KEY, path TEXT, status TEXT, agency TEXT, year INTEGER,
  checks_failed INTEGER, agency_name TEXT, region_code TEXT, region_name TEXT, level TEXT, kind TEXT);
CREATE TABLE agency_year (id INTEGER, path TEXT, agency TEXT, year INTEGER, template TEXT, status TEXT,
  checks_failed INTEGER, copies INTEGER, agency_name TEXT, region_code TEXT, region_name TEXT, level TEXT,
  kind TEXT, t3_total_total INTEGER, t3_granted_total INTEGER, t4_review_upheld INTEGER,
  t4_review_corrected INTEGER, t4_review_other INTEGER, {ind});
CREATE TABLE checks (report INTEGER, rule TEXT, subject TEXT, status TEXT, expected REAL, actual REAL,
  line INTEGER, fields TEXT);
CREATE TABLE report_values (report INTEGER, field TEXT, value REAL, raw TEXT, blank INTEGER, how TEXT,
  line INTEGER, col INTEGER, page INTEGER, page_line INTEGER);
CREATE TABLE cross_checks (rule TEXT, agency_name TEXT, year INTEGER, report INTEGER, prev_report INTEGER,
  subject TEXT, expected REAL, actual REAL, message TEXT);
PRAGMA user_version = {version};
""")
    for i, (name, printed, code, rname, year, rec, gr, han, ref, up, cor, oth, failed) in enumerate(ROWS, 1):
        p = f"crawl/{i:02d}_{year}.html"
        con.execute("INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (i, p, "ok", printed, year, failed, name, code, rname, None, None))
        vals = {n: None for n in names}
        vals.update(received=rec, handled=han, grant_rate=gr / han, refusal_rate=ref / han, reviews=up + cor + oth,
                    review_corrected=cor,
                    review_correction_rate=cor / (up + cor + oth) if up + cor + oth else None)
        cols = ["id", "path", "agency", "year", "template", "status", "checks_failed", "copies", "agency_name",
                "region_code", "region_name", "t3_total_total", "t3_granted_total", "t4_review_upheld",
                "t4_review_corrected", "t4_review_other"] + [f"ind_{n}" for n in names]
        row = [i, p, printed, year, "2021", "ok", failed, 1, name, code, rname, han, gr, up, cor, oth] + \
              [vals[n] for n in names]
        con.execute(f"INSERT INTO agency_year ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", row)
        for k in range(failed):
            con.execute("INSERT INTO checks VALUES (?,?,?,?,?,?,?,?)",
                        (i, "t3.row_total", f"t3.granted<{k}>", "fail", 5, 6, 40 + k,
                         '["t3.granted.natural","t3.granted.total"]'))
            con.execute("INSERT INTO report_values VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (i, "t3.granted.total", 6, "6", 0, "label", 40 + k, 3, 2, 7 + k))
    con.execute("INSERT INTO cross_checks VALUES (?,?,?,?,?,?,?,?,?)",
                ("carried_over", "平潭县人民政府", 2022, 2, 1, "t3.carried_over.total", 3, 4,
                 "2022's 上年结转 is not 2021's 结转下年度"))
    con.commit()
    con.close()
