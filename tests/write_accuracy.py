#!/usr/bin/env python3
"""Writes docs/accuracy.md: the accuracy tables of corpus_accuracy.py over ../shared/corpus and corpus/."""
import os, subprocess, sys, datetime

ogi = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
script = os.path.join(root, "tests", "corpus_accuracy.py")
out = ["# Accuracy", "",
       "How far to trust the numbers: every report with hand-checked values, extracted and compared cell by cell.",
       "Regenerate with `make accuracy` (runs `tests/corpus_accuracy.py`). A cell is *exact* when the extracted",
       "value equals the truth; *null* values are ones the tool could not place and left empty with a warning;",
       "*wrong values* are numbers that differ from the truth (the number that matters: it should be 0).",
       "*Breaks exact* counts reports whose failed checks are exactly the breaks the truth lists.", ""]
for title, corpus in (("Real reports (../shared/corpus, hand-checked)", os.path.join(root, "..", "shared", "corpus")),
                      ("Bundled reports (corpus/, generated per layout plus the seed)", os.path.join(root, "corpus"))):
    if not os.path.isdir(corpus):
        continue
    p = subprocess.run([sys.executable, script, ogi, corpus, "--markdown"], capture_output=True, text=True)
    lines = p.stdout.rstrip("\n").split("\n")
    table = [l for l in lines if l.startswith("|")]
    per_file = [l for l in lines if l and not l.startswith("|") and "passed," not in l]
    out += [f"## {title}", ""] + table + ["", "Per report:", "", "```"] + per_file + ["```", ""]
# Other forms of the pages: OGI_VARIANTS=DIR holds folders written by ../shared/tools/variants.py
# (w3m, lynx, browser PDF and its pdftotext, LibreOffice Word, crawler text, collapsed text, glued text),
# e.g. DIR/plain from the pages as published and DIR/blank from the same pages with every 0 cell emptied,
# and by tools/other_forms.sh (elinks, links2, html2text, python's html2text, pandoc), e.g. DIR/tools.
var = os.environ.get("OGI_VARIANTS")
score = os.path.join(root, "..", "shared", "tools", "score.py")
if var and os.path.isdir(var) and os.path.exists(score):
    pages = os.environ.get("OGI_VARIANT_PAGES", "the HTML pages of ../shared/corpus")
    out += ["## Other forms of the pages (../shared/tools/variants.py, tools/other_forms.sh)", "",
            f"Each of {pages} turned by real tools into the forms users get: `plain` and `blank` by",
            "variants.py (w3m, lynx, browser PDF, its pdftotext -layout and raw pdftotext, LibreOffice Word, crawler",
            "text nodes, collapsed and glued text), `tools` by tools/other_forms.sh (elinks, links2, html2text, python's",
            "html2text, pandoc plain and GFM), `blank0` being the page with every cell that printed 0 emptied first",
            "(many reports leave zeros blank). Scored by ../shared/tools/score.py (cells right, silently wrong, missing",
            "= left null with a warning).", "", "```"]
    for sub in sorted(os.listdir(var)):
        d = os.path.join(var, sub)
        if not os.path.isdir(d):
            continue
        p = subprocess.run([sys.executable, score, "--ogi", ogi, d, "-v"], capture_output=True, text=True)
        lines = p.stdout.rstrip("\n").split("\n")
        out.append(f"{sub}: {lines[-1]}")
        out += ["    " + l for l in lines if l.startswith(("OK", "FLAGGED", "SILENT", "MISSING"))]
    out += ["```", ""]
# Revalued pages: OGI_REVALUED=DIR holds the forms (variants.py, with and without --blank-zeros) of pages
# written by tools/revalue.py: real pages' layouts with other numbers (and a printed break now and then).
rev = os.environ.get("OGI_REVALUED")
if rev and os.path.isdir(rev):
    import collections, json, re
    items = sorted(os.path.join(r, f[:-len(".truth.json")]) for r, _, fs in os.walk(rev) for f in fs
                   if f.endswith(".truth.json") and os.path.exists(os.path.join(r, f[:-len(".truth.json")])))
    recs = {}
    for i in range(0, len(items), 200):
        p = subprocess.run([ogi, "extract", "--format", "jsonl"] + items[i:i + 200], capture_output=True)
        for line in p.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("{"):
                r = json.loads(line)
                recs[r.get("source")] = r
    per = collections.defaultdict(collections.Counter)
    for src in items:
        truth = json.load(open(src + ".truth.json", encoding="utf-8"))
        m = re.search(r"\.rv\d+\.(.*)$", os.path.basename(src))
        c = per[m.group(1) if m else "other"]
        r = recs.get(src) or {}
        got = r.get("fields") or {}
        covered = {f for ch in r.get("checks", []) if ch.get("status") == "fail" for f in ch.get("fields") or []}
        covered |= {w.get("field") for w in r.get("warnings", []) if w.get("field")}
        c["reports"] += 1
        for k, v in truth["fields"].items():
            c["cells"] += 1
            g = got.get(k)
            if g is None:
                c["null"] += 1
            elif abs(float(g) - float(v)) < 1e-6:
                c["exact"] += 1
            else:
                c["wrong"] += 1
                c["silent"] += k not in covered
        failed = any(ch.get("status") == "fail" for ch in r.get("checks", []))
        if truth.get("breaks"):
            c["breaks"] += 1
            c["flagged"] += failed
        else:
            c["clean"] += 1
            c["alarms"] += failed
    out += ["## Revalued pages (tools/revalue.py)", "",
            f"{len(items)} forms of pages written by tools/revalue.py from the HTML pages above: the same layouts and",
            "words with other numbers, drawn so the template's arithmetic holds, one printed number changed now and",
            "then (a break the truth names); each page turned into the forms above, as published and with every zero",
            "cell emptied (`blank0.`). *Silent* counts wrong values no failed check or warning names; *flagged*,",
            "reports with a break that some check fails on; *alarms*, reports without one that some check fails on",
            "(wrong placements included). `libreoffice.pdf`, when present, is LibreOffice's PDF export of the `.docx`",
            "form (`soffice --convert-to pdf`), as a report made in Word reaches users; LibreOffice cuts a table wider",
            "than the page at its right edge, the 总计 column with it: those totals are null (`column_missing`), and",
            "they account for most of that form's null cells.", "",
            "| form | reports | cells | exact % | null | wrong | silent | breaks flagged | alarms |",
            "|---|---|---|---|---|---|---|---|---|"]
    def row(name, c):
        return (f"| {name} | {c['reports']} | {c['cells']} | {100 * c['exact'] / max(1, c['cells']):.1f} | {c['null']} | "
                f"{c['wrong']} | {c['silent']} | {c['flagged']}/{c['breaks']} | {c['alarms']}/{c['clean']} |")
    tot = collections.Counter()
    for form in sorted(per):
        tot.update(per[form])
        out.append(row(form, per[form]))
    out += [row("all", tot), ""]
out.append(f"_Generated {datetime.date.today().isoformat()} by tests/write_accuracy.py with `{os.path.basename(ogi)}`._")
with open(os.path.join(root, "docs", "accuracy.md"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print("wrote docs/accuracy.md")
