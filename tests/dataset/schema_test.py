#!/usr/bin/env python3
"""The JSON output against schema/ogi-report.schema.json, and a CSV export against the datapackage.json written
beside it. python3 has no jsonschema module here: a small validator of the keywords the schema uses is below,
and it is first shown to reject broken objects (a validator that accepts everything would pass any output).
usage: schema_test.py OGI SOURCE_DIR"""
import csv, json, os, re, subprocess, sys, tempfile

ogi, src = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(src, "schema", "ogi-report.schema.json"), encoding="utf-8"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import ok, done  # noqa: E402


def is_type(v, t):
    if t == "null": return v is None
    if t == "boolean": return isinstance(v, bool)
    if t == "integer": return isinstance(v, int) and not isinstance(v, bool)
    if t == "number": return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string": return isinstance(v, str)
    if t == "array": return isinstance(v, list)
    if t == "object": return isinstance(v, dict)
    raise ValueError("unknown type " + t)


KNOWN = {"$schema", "$id", "title", "description", "$defs", "type", "enum", "const", "required", "properties",
         "additionalProperties", "propertyNames", "pattern", "minimum", "maximum", "items", "oneOf", "allOf", "$ref"}


def errors(v, s, path="$"):
    """The reasons v does not match schema s (empty: it matches)."""
    if s is True: return []
    if s is False: return [f"{path}: not allowed"]
    unknown = set(s) - KNOWN
    if unknown: raise ValueError(f"validator does not know {unknown}")
    out = []
    if "$ref" in s:
        ref = schema
        for part in s["$ref"].lstrip("#/").split("/"): ref = ref[part]
        out += errors(v, ref, path)
    for sub in s.get("allOf", []): out += errors(v, sub, path)
    if "oneOf" in s:
        n = sum(not errors(v, sub, path) for sub in s["oneOf"])
        if n != 1: out.append(f"{path}: matches {n} of oneOf, want 1")
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(v, t) for t in ts): return out + [f"{path}: {v!r} is not {ts}"]
    if "enum" in s and v not in s["enum"]: out.append(f"{path}: {v!r} not in {s['enum']}")
    if "const" in s and v != s["const"]: out.append(f"{path}: {v!r} is not {s['const']!r}")
    if isinstance(v, str) and "pattern" in s and not re.search(s["pattern"], v): out.append(f"{path}: {v!r} !~ {s['pattern']}")
    if is_type(v, "number"):
        if "minimum" in s and v < s["minimum"]: out.append(f"{path}: {v} < {s['minimum']}")
        if "maximum" in s and v > s["maximum"]: out.append(f"{path}: {v} > {s['maximum']}")
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v): out += errors(x, s["items"], f"{path}[{i}]")
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v: out.append(f"{path}: missing {k}")
        props = s.get("properties", {})
        for k, x in v.items():
            if "propertyNames" in s: out += errors(k, s["propertyNames"], f"{path}.{k} (name)")
            if k in props: out += errors(x, props[k], f"{path}.{k}")
            elif "additionalProperties" in s: out += errors(x, s["additionalProperties"], f"{path}.{k}")
    return out


def run(*args, **kw):
    return subprocess.run([ogi, *args], capture_output=True, **kw)


tmp = tempfile.mkdtemp()
# real output: every bundled report, error records (unreadable, scanned PDF, a report without tables), and a file
# whose name is not valid UTF-8
objs = []
for f in sorted(os.listdir(os.path.join(src, "corpus"))):
    if f.endswith(".json"): continue
    p = run("extract", "--format", "json", os.path.join(src, "corpus", f))
    if p.returncode == 0: objs.append((f, json.loads(p.stdout.decode("utf-8"))))
ok(len(objs) >= 20, f"{len(objs)} bundled reports extracted")
bad_name = os.path.join(tmp.encode(), b"r\xff\xfe-\xe4\xb8.txt")
with open(os.path.join(src, "corpus", "seed_beilun-shangwuju_2021.txt"), "rb") as f: data = f.read()
with open(bad_name, "wb") as f: f.write(data)
fixtures = os.path.join(src, "tests", "fixtures")
p = run("extract", "-q", "-o", os.path.join(tmp, "out.jsonl"), bad_name, os.path.join(fixtures, "prose-only_2023.txt"),
        os.path.join(fixtures, "scanned.pdf"), os.path.join(tmp, "absent.txt"))
ok(p.returncode == 3, f"JSONL with unreadable files: exit {p.returncode}, want 3")
raw = open(os.path.join(tmp, "out.jsonl"), "rb").read()
try:
    lines = raw.decode("utf-8").splitlines()
    ok(True, "")
except UnicodeDecodeError as e:
    lines = []
    ok(False, f"JSONL is not valid UTF-8: {e}")
ok(len(lines) == 4, f"{len(lines)} JSONL lines, want 4")
for i, line in enumerate(lines): objs.append((f"out.jsonl:{i + 1}", json.loads(line)))
ok(any(o.get("source", "").endswith("r\ufffd\ufffd-\ufffd.txt") and "fields" in o for _, o in objs),
   "the file with an invalid UTF-8 name: source with U+FFFD and its values")
ok(sum("error" in o for _, o in objs) == 3, "3 error records")
# a report with corrections (--corrections): a value read and corrected, one not read (null) and corrected
seed = os.path.join(src, "corpus", "word-export_2022.tab.txt")
with open(seed, encoding="utf-8") as f: text = f.read()
missing = os.path.join(tmp, "missing-row.txt")
with open(missing, "w", encoding="utf-8") as f: f.write("".join(l for l in text.splitlines(True) if "1.属于国家秘密" not in l))
with open(os.path.join(tmp, "c.tsv"), "w", encoding="utf-8") as f:
    f.write(f"{missing}\tt3.granted.natural\t7\tre-read\n{missing}\tt3.denied.state_secret.natural\t0\tthe row is not printed\n")
p = run("extract", "--corrections", os.path.join(tmp, "c.tsv"), missing)
ok(p.returncode == 0, f"extract --corrections: exit {p.returncode} {p.stderr[:300]!r}")
corrected = json.loads(p.stdout.decode("utf-8"))
objs.append(("corrected", corrected))
ok(corrected["provenance"]["t3.denied.state_secret.natural"].get("corrected") == {"printed": None, "note": "the row is not printed"},
   f"a correction of a value not read: {corrected['provenance'].get('t3.denied.state_secret.natural')}")
for name, o in objs:
    e = errors(o, schema)
    ok(not e, f"{name}: {e[:3]}")

# the validator rejects what the schema forbids
good = next(o for _, o in objs if "fields" in o)
def broken(change):
    o = json.loads(json.dumps(good))
    change(o)
    return o
for what, o in [("a field that is a string", broken(lambda o: o["fields"].__setitem__("t3.total.total", "12"))),
                ("no checks", broken(lambda o: o.pop("checks"))),
                ("a check status", broken(lambda o: o["checks"][0].__setitem__("status", "ok"))),
                ("an unknown key", broken(lambda o: o.__setitem__("extra", 1))),
                ("a field id", broken(lambda o: o["fields"].__setitem__("t3 total", 1))),
                ("a float year", broken(lambda o: o["meta"].__setitem__("year", 2021.5))),
                ("an error with fields", broken(lambda o: o.__setitem__("error", {"code": -1, "message": "x"}))),
                ("a correction without its note", json.loads(json.dumps(corrected).replace(', "note": "re-read"', "")))]:
    ok(errors(o, schema), f"the validator accepts {what}")

# CSV export and its datapackage.json: every column described in order, every cell of the declared type
p = run("extract", "-q", "-o", os.path.join(tmp, "reports.csv"), os.path.join(src, "corpus"))
ok(p.returncode == 0, f"CSV export: exit {p.returncode} {p.stderr[:200]}")
dp = json.load(open(os.path.join(tmp, "reports.datapackage.json"), encoding="utf-8"))
res = dp["resources"][0]
ok(dp["profile"] == "tabular-data-package" and res["path"] == "reports.csv" and res["encoding"] == "utf-8",
   "datapackage: profile, path, encoding")
rows = list(csv.reader(open(os.path.join(tmp, "reports.csv"), encoding="utf-8", newline="")))
fields = res["schema"]["fields"]
ok([f["name"] for f in fields] == rows[0], "datapackage fields = the CSV header, in order")
ok(all(f.get("title") and f.get("unit") for f in fields if re.match(r"t[234]\.", f["name"])), "every value column has an English title and a unit")
ok({f["name"]: f["type"] for f in fields}.get("t2.fees.amount_wan") == "number" and
   {f["name"]: f["type"] for f in fields}.get("t3.total.total") == "integer", "types: amounts number, counts integer")
conv = {"integer": lambda s: int(s), "number": float, "string": str, "date": lambda s: re.fullmatch(r"\d{4}-\d\d-\d\d", s).group(0)}
bad = []
for r in rows[1:]:
    for f, cell in zip(fields, r):
        if cell == "": continue
        try: conv[f["type"]](cell)
        except Exception: bad.append((f["name"], cell))
        enum = f.get("constraints", {}).get("enum")
        if enum and cell not in enum: bad.append((f["name"], cell))
        if f.get("constraints", {}).get("minimum") == 0 and f["type"] == "integer" and int(cell) < 0: bad.append((f["name"], cell))
ok(len(rows) > 20 and not bad, f"CSV cells of the declared types: {bad[:5]}")
# --excel: a BOM (utf-8-sig), formula-like text guarded, negative numbers kept numeric
os.makedirs(os.path.join(tmp, "x"))
with open(os.path.join(src, "corpus", "template-2019_2020.html"), "rb") as f: data = f.read()
with open(os.path.join(tmp, "x", "=cmd.html"), "wb") as f: f.write(data)
p = subprocess.run([os.path.abspath(ogi), "extract", "-q", "--excel", "-o", "x.csv", "=cmd.html"], cwd=os.path.join(tmp, "x"), capture_output=True)
rows = list(csv.DictReader(open(os.path.join(tmp, "x", "x.csv"), encoding="utf-8-sig", newline="")))
ok(p.returncode == 0 and rows[0]["source"] == "'=cmd.html", f"--excel guards '=cmd.html': {rows[0]['source'] if rows else p.stderr}")
ok(rows and rows[0]["t2.penalty.change"].startswith("-") and int(rows[0]["t2.penalty.change"]) < 0,
   f"--excel keeps a negative count a number: {rows[0]['t2.penalty.change'] if rows else None}")
dpx = json.load(open(os.path.join(tmp, "x", "x.datapackage.json"), encoding="utf-8"))
ok(dpx["resources"][0]["encoding"] == "utf-8-sig", "--excel datapackage encoding utf-8-sig")

done()
