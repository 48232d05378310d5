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
out.append(f"_Generated {datetime.date.today().isoformat()} by tests/write_accuracy.py with `{os.path.basename(ogi)}`._")
with open(os.path.join(root, "docs", "accuracy.md"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print("wrote docs/accuracy.md")
