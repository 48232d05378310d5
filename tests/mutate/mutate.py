#!/usr/bin/env python3
"""Misprint test: change one printed number of a real report and see that ogi still flags the report.

usage: mutate.py OGI FILE... [--per-file N] [--seed S] [-v]

For each report, up to N (default 20) of its placed values (by their provenance line/col) are changed in the
source text, one at a time (the value's last digit +1, or 1 -> 2), and the changed file is extracted again.
A mutant is caught when the extraction fails a check, or warns about the changed field, or leaves it null;
it escapes when ogi reports the changed number as a value and everything passes. Prints one line per
escape and a summary; exits 1 if any mutant escaped.
"""
import json, os, random, subprocess, sys, tempfile

def extract(ogi, path):
    p = subprocess.run([ogi, "extract", "--format", "jsonl", path], capture_output=True)
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return None

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    per = int(sys.argv[sys.argv.index("--per-file") + 1]) if "--per-file" in sys.argv else 20
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    args = [a for a in args if a not in (str(per), str(seed))]
    verbose = "-v" in sys.argv
    ogi, files = args[0], args[1:]
    rnd = random.Random(seed)
    total = caught = escaped = skipped = 0
    for f in files:
        if f.endswith((".pdf", ".docx", ".json")):
            continue
        base = extract(ogi, f)
        if not base or not base.get("fields"):
            continue
        raw = open(f, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        lines = text.split("\n")
        prov = base.get("provenance", {})
        cands = [k for k, v in base["fields"].items() if v is not None and k in prov and prov[k].get("line")
                 and not prov[k].get("blank") and prov[k].get("how") != "blank row"]
        rnd.shuffle(cands)
        done = 0
        for k in cands:
            if done >= per:
                break
            pv = prov[k]
            li, col = pv["line"] - 1, pv.get("col", 0)
            if li >= len(lines) or not col:
                continue
            line = lines[li]
            # the value's digits: from its column (code points, 1-based) on
            i = col - 1
            digits = str(pv.get("raw", ""))
            j = i
            while j < len(line) and line[j].isdigit():
                j += 1
            if j == i:
                skipped += 1
                continue
            num = line[i:j]
            # the cell's own digits only (glued runs: the provenance raw says how many)
            own = "".join(ch for ch in digits if ch.isdigit())
            if own and num.startswith(own):
                j = i + len(own)
                num = own
            last = num[-1]
            new = str((int(last) + 1) % 10) if not (len(num) == 1 and last == "9") else "8"
            if len(num) == 1 and num == "0":
                new = "1"
            mutated = line[:j - 1] + new + line[j:]
            lines2 = list(lines)
            lines2[li] = mutated
            with tempfile.NamedTemporaryFile("w", suffix=os.path.basename(f), delete=False, encoding="utf-8") as t:
                t.write("\n".join(lines2))
                tmp = t.name
            got = extract(ogi, tmp)
            os.unlink(tmp)
            done += 1
            total += 1
            if got is None:
                caught += 1
                continue
            failed = [c for c in got.get("checks", []) if c.get("status") == "fail"]
            warned = {w.get("field") for w in got.get("warnings", [])}
            basewarned = {w.get("field") for w in base.get("warnings", [])}
            basefailed = {(c["rule"], c["subject"]) for c in base.get("checks", []) if c.get("status") == "fail"}
            newfail = [c for c in failed if (c["rule"], c["subject"]) not in basefailed]
            v = got.get("fields", {}).get(k)
            if newfail or (k in warned and k not in basewarned) or v is None or v == base["fields"][k]:
                caught += 1
                continue
            escaped += 1
            print(f"ESCAPED {os.path.basename(f)}: {k} {base['fields'][k]} -> {v} (line {li + 1}), no new failed check or warning")
    print(f"{total} mutants: {caught} caught, {escaped} escaped ({skipped} values without a position)")
    return 1 if escaped else 0

if __name__ == "__main__":
    sys.exit(main())
