#!/usr/bin/env python3
"""Corrections as data (ogi extract --corrections FILE, docs/output.md and docs/dataset.md): a corrected value
is the correction in the JSON and the dataset, with what was printed beside it; the checks run on the corrected
values; each correction is a warning `corrected`; a correction that matches no input, or one for a file the
dataset already holds, is a note on stderr naming it; a bad line is a usage error naming file:line.
Expected values come from the corpus' .expected.json files, never from ogi's output.
usage: corrections_test.py OGI SOURCE_DIR"""
import hashlib, json, os, sqlite3, subprocess, sys, tempfile

ogi, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import ok, done  # noqa: E402


def run(*args):
    return subprocess.run([ogi, *args], capture_output=True, text=True)


tmp = tempfile.mkdtemp()
seed = os.path.join(src, "corpus", "seed_beilun-shangwuju_2021.txt")
truth = json.load(open(seed + ".expected.json", encoding="utf-8"))["fields"]
sha = hashlib.sha256(open(seed, "rb").read()).hexdigest()
text = open(os.path.join(src, "corpus", "word-export_2022.tab.txt"), encoding="utf-8").read()
missing = os.path.join(tmp, "missing-row.txt")  # 1.属于国家秘密 not printed: its values are null
with open(missing, "w", encoding="utf-8") as f:
    f.write("".join(l for l in text.splitlines(True) if "1.属于国家秘密" not in l))
corr = os.path.join(tmp, "corrections.tsv")
new = truth["t3.new_received.natural"] + 2
with open(corr, "w", encoding="utf-8", newline="\r\n") as f:  # as a spreadsheet saves it: a BOM, CRLF
    f.write("\ufeff# sha256 or path\tfield\tvalue\tnote\n\n"
            f"{sha}\tt3.new_received.natural\t{new}\tthe scan shows {new}\n"                        # line 3
            f"{missing}\tt3.denied.state_secret.total\t0\trow left out by the crawler\n"             # line 4
            f"{missing}\tt2.procurement.amount_wan\t12.5\t2019 only\n"                              # line 5
            f"{'0' * 64}\tt3.total.total\t1\tno such file\n"                                        # line 6
            f"{tmp}/absent.txt\tt3.total.total\t1\tnor this\n")                                    # line 7

# JSON: the value, its provenance, the warning, the checks on the corrected value
p = run("extract", "--corrections", corr, seed)
ok(p.returncode == 0, f"extract: exit {p.returncode} {p.stderr}")
j = json.loads(p.stdout)
ok(j["fields"]["t3.new_received.natural"] == new, f"corrected value: {j['fields']['t3.new_received.natural']}")
prov = j["provenance"]["t3.new_received.natural"]
ok(prov.get("corrected") == {"printed": truth["t3.new_received.natural"], "note": f"the scan shows {new}"}
   and prov["how"] == "corrected", f"provenance: {prov}")
ok(all("corrected" not in v for k, v in j["provenance"].items() if k != "t3.new_received.natural"), "other values are not marked")
w = [x for x in j["warnings"] if x["code"] == "corrected"]
ok(len(w) == 1 and w[0]["field"] == "t3.new_received.natural" and w[0]["message"] ==
   f"t3.new_received.natural: printed {truth['t3.new_received.natural']}, corrected to {new} ({corr}:3: the scan shows {new})",
   f"warning: {w}")
rt = [c for c in j["checks"] if c["rule"] == "t3.row_total" and c["subject"] == "t3.new_received"]
ok(rt and rt[0]["status"] == "fail" and rt[0]["expected"] == truth["t3.new_received.total"] + 2
   and rt[0]["actual"] == truth["t3.new_received.total"], f"the row total on the corrected value: {rt}")
ok(j["indicators"]["received"] == truth["t3.new_received.total"], "indicators read the (uncorrected) total")
notes = [l for l in p.stderr.splitlines() if l.startswith("ogi: note:")]
want_notes = [f"ogi: note: {corr}:4: the correction of t3.denied.state_secret.total for {missing} matches no input (by path): not applied",
              f"ogi: note: {corr}:5: the correction of t2.procurement.amount_wan for {missing} matches no input (by path): not applied",
              f"ogi: note: {corr}:6: the correction of t3.total.total for {'0' * 64} matches no input (by sha256): not applied",
              f"ogi: note: {corr}:7: the correction of t3.total.total for {tmp}/absent.txt matches no input (by path): not applied"]
ok(notes == want_notes, f"notes:\n  {notes}\n  want {want_notes}")

# the dataset: report_values.printed and .correction, report_wide, warnings; a value not printed, corrected
db = os.path.join(tmp, "c.db")
p = run("extract", "-j2", "--corrections", corr, seed, missing, "-o", db)
ok(p.returncode == 0, f"dataset: exit {p.returncode} {p.stderr}")
ok([l for l in p.stderr.splitlines() if l.startswith("ogi: note:")] == want_notes[2:], f"dataset notes: {p.stderr}")
con = sqlite3.connect(db)
rows = con.execute("SELECT r.path, v.field, v.value, v.printed, v.correction FROM report_values v JOIN reports r"
                   " ON r.id = v.report WHERE v.correction IS NOT NULL ORDER BY r.path, v.field").fetchall()
ok(rows == sorted([(missing, "t3.denied.state_secret.total", 0.0, None, "row left out by the crawler"),
                   (seed, "t3.new_received.natural", float(new), float(truth["t3.new_received.natural"]), f"the scan shows {new}")]),
   f"report_values: {rows}")
ok(con.execute("SELECT count(*) FROM report_values WHERE printed IS NOT NULL AND correction IS NULL").fetchone()[0] == 0,
   "printed only beside a correction")
ok(con.execute("SELECT t3_new_received_natural FROM report_wide WHERE path = ?", (seed,)).fetchone() == (new,), "report_wide")
ok(con.execute("SELECT w.message FROM warnings w JOIN reports r ON r.id = w.report WHERE r.path = ? AND w.code ="
               " 'corrected' ORDER BY w.rowid", (missing,)).fetchall() ==
   [(f"t3.denied.state_secret.total: printed null, corrected to 0 ({corr}:4: row left out by the crawler)",),
    (f"{corr}:5: correction of t2.procurement.amount_wan not applied: the report's template (2021) has no such field",)],
   "warnings of the report read from the missing row")
ok(con.execute("SELECT c.status FROM checks c JOIN reports r ON r.id = c.report WHERE r.path = ? AND c.rule ="
               " 't3.row_total' AND c.subject = 't3.new_received'", (seed,)).fetchone() == ("fail",), "dataset checks")
con.close()
# a re-run without --force extracts nothing again: the corrections are named, not applied silently
p = run("extract", "--corrections", corr, seed, missing, "-o", db)
ok(f"ogi: note: {corr}:3: t3.new_received.natural of {sha} not applied in this run: the dataset already holds that file"
   " (re-run with --force to extract it again)" in p.stderr.splitlines(), f"re-run notes: {p.stderr}")

# bad lines: a usage error (exit 2) naming file:line, nothing extracted
for line, msg in [("x\tt3.nope\t1\tn", "'t3.nope' is not a field id of a table (patterns/fields.tsv)"),
                  ("x\tmeta.year\t2020\tn", "'meta.year' is not a field id of a table (patterns/fields.tsv)"),
                  ("x\tt3.total.total\t1.5\tn", "value '1.5' of t3.total.total, a count, is not a whole number"),
                  ("x\tt3.total.total\t-1\tn", "value '-1' of t3.total.total is negative"),
                  ("x\tt3.total.total\tmany\tn", "value 'many' is not a number"),
                  ("x\tt3.total.total", "want sha256 or path, field, value and note, separated by tabs")]:
    bad = os.path.join(tmp, "bad.tsv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(f"# a comment\n{sha}\tt3.total.total\t1\tfine\n{line}\n")
    p = run("extract", "--corrections", bad, seed)
    ok(p.returncode == 2 and p.stderr == f"ogi: {bad}:3: {msg}\n" and p.stdout == "", f"bad line {line!r}: exit {p.returncode} {p.stderr!r}")
p = run("extract", "--corrections", os.path.join(tmp, "none.tsv"), seed)
ok(p.returncode == 3 and "cannot read the corrections" in p.stderr, f"no such file: {p.returncode} {p.stderr}")
with open(bad, "w", encoding="utf-8") as f:
    f.write(f"\ufeff{sha}\tt3.total.total\t1\n")  # a BOM on a first line that is a correction; no note
p = run("extract", "--corrections", bad, seed)
ok(p.returncode == 0 and json.loads(p.stdout)["provenance"]["t3.total.total"]["corrected"]["note"] == "",
   f"BOM, no note: {p.returncode} {p.stderr}")
# applied without a note, into a dataset: stored, and no note claims it was not applied
p = run("extract", "--corrections", bad, seed, "-o", os.path.join(tmp, "nonote.db"))
ok(p.returncode in (0, 1) and "ogi: note:" not in p.stderr, f"applied without a note: {p.returncode} {p.stderr}")
# a file without values (a report that prints no tables): named, not applied in silence
prose = os.path.join(src, "tests", "fixtures", "prose-only_2023.txt")
with open(bad, "w", encoding="utf-8") as f:
    f.write(f"{prose}\tt3.total.total\t1\tn\n")
p = run("extract", "--corrections", bad, prose, "-o", os.path.join(tmp, "prose.db"))
ok(p.returncode == 0 and f"ogi: note: {bad}:1: t3.total.total of {prose} not applied: that file has no values (not a"
   " report with tables)" in p.stderr.splitlines(), f"no values: {p.returncode} {p.stderr}")
p = run("check", "--corrections", corr, seed)
ok(p.returncode == 2, f"check --corrections: {p.returncode}")
done()
