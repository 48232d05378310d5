#!/usr/bin/env python3
"""Misprint test: change one printed number of a real report and see that ogi still flags the report.

usage: mutate.py OGI FILE... [--per-file N] [--seed S] [-v]

For each report, up to N (default 20) of its placed values (by their provenance line/col) are changed in the
source text, one at a time (the value's last digit +1, or 1 -> 2), and the changed file is extracted again.
Only 表三 and 表四 values (表二 has no identity that could show a misprint). A mutant is caught when the report
comes out flagged: a failed check, a warning naming the changed field, or the field left null; it escapes
when ogi reports the changed number as a value, every check passes and nothing names the field.
Exits 0 with a SKIP line when no file is given (no ../shared/corpus). Prints one line per
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
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("ogi")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--per-file", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_intermixed_args()
    per, seed, ogi, files = a.per_file, a.seed, a.ogi, a.files
    if not files:
        print("SKIP: no reports given; the misprint test did not run")
        return 0
    rnd = random.Random(seed)
    total = caught = escaped = skipped = repaired = 0
    for f in files:
        if f.endswith((".pdf", ".docx", ".json")) or os.path.basename(f) == "README.md":
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
        # 表二 has no identity: a misprint there cannot show; 表三 and 表四 values are tested
        cands = [k for k, v in base["fields"].items() if v is not None and k in prov and prov[k].get("line")
                 and not k.startswith("t2.") and not prov[k].get("blank") and prov[k].get("how") != "blank row"]
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
            if failed or newfail or k in warned or v is None or v == base["fields"][k]:
                caught += 1
                continue
            if basefailed:
                repaired += 1  # the change mended a break the report prints: a consistent report now
                continue
            escaped += 1
            print(f"ESCAPED {os.path.basename(f)}: {k} {base['fields'][k]} -> {v} (line {li + 1}), no new failed check or warning")
    print(f"{total} mutants: {caught} caught, {escaped} escaped, {repaired} mended a printed break "
          f"({skipped} values without a position)")
    return 1 if escaped else 0

if __name__ == "__main__":
    sys.exit(main())
