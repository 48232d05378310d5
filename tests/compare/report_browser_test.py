"""`ogi report` in a real browser: the page of a dataset rendered by headless Chromium (--dump-dom runs its
script, --screenshot draws it). Checks that the charts and tables are drawn — as many bars, lines and table
rows as the dataset has agencies, agency-years and regions, counted independently with sqlite3 — that the
page refers to nothing outside itself, is the same bytes twice, and that the screenshot is not blank (decoded
with zlib and struct: many colors, many non-white pixels). Prints SKIP and exits 0 without Chromium.

usage: report_browser_test.py OGI SOURCE_DIR"""
import html.parser
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture  # noqa: E402

OGI, SRC = sys.argv[1], sys.argv[2]
PATTERNS = os.path.join(SRC, "patterns")
FAILS = []


def ok(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


CHROMIUM = next((c for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)), None)
if not CHROMIUM:
    print("SKIP: chromium not installed (apt-get install chromium): the report is not rendered")
    sys.exit(0)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1"]


def chromium(args, tmp):
    # a profile of its own, so that concurrent runs do not share one
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp}/profile", *args], capture_output=True,
                          timeout=180)


class Dom(html.parser.HTMLParser):
    """Counts elements by tag and class, inside which element id (svg, table)."""

    def __init__(self):
        super().__init__()
        self.stack, self.count, self.texts = [], {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        ids = [x for x in self.stack if x]
        scope = ids[-1] if ids else ""
        for cls in (a.get("class") or "").split() or [""]:
            key = (scope, tag, cls)
            self.count[key] = self.count.get(key, 0) + 1
        if tag not in ("br", "meta", "rect", "line", "circle", "path"):
            self.stack.append(a.get("id") or "")

    def handle_endtag(self, tag):
        if tag not in ("br", "meta", "rect", "line", "circle", "path") and self.stack:
            self.stack.pop()

    def n(self, scope, tag, cls=""):
        return self.count.get((scope, tag, cls), 0)


def png_pixels(path):
    data = open(path, "rb").read()
    ok(data[:8] == b"\x89PNG\r\n\x1a\n", "screenshot is a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        ln, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if typ == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            ok(depth == 8 and ctype in (2, 6), f"PNG 8-bit RGB(A): depth {depth} type {ctype}")
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + ln
    raw, stride = zlib.decompress(idat), w * bpp
    prev, out, i = bytearray(stride), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out


def expected(db):
    """What the page must show, from the dataset itself."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT coalesce(agency_name, agency), year, ind_received, ind_handled, ind_grant_rate, "
                       "region_code FROM agency_year").fetchall()
    agencies = {r[0] for r in rows}
    with_rate = {r[0] for r in rows if r[4] is not None and (r[3] or 0) > 0}
    years = {}
    for a, y, rec, han, _, _ in rows:
        if rec is not None or han is not None:
            years.setdefault(a, set()).add(y)
    several = {a for a, ys in years.items() if len(ys) >= 2}
    regions = {(r[5][:4] if r[5] and len(r[5]) >= 4 else "~") for r in rows}
    regions_rec = {(r[5][:4] if r[5] and len(r[5]) >= 4 else "~") for r in rows if r[2] is not None}
    fails = con.execute("SELECT count(*), count(DISTINCT report) FROM checks WHERE status = 'fail'").fetchone()
    cross = con.execute("SELECT count(*) FROM cross_checks").fetchone()[0] if con.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'cross_checks'").fetchone() else 0
    return dict(rows=len(rows), agencies=len(agencies), bars=min(len(with_rate), 80), series=min(len(several), 40),
                regions=len(regions), region_bars=len(regions_rec), fails=fails[0], broken=fails[1], cross=cross)


def check(db, tmp, name, shot=None):
    page = os.path.join(tmp, name + ".html")
    p = subprocess.run([OGI, "report", db, "-o", page], capture_output=True, text=True,
                       env={**os.environ, "OGI_PATTERNS": PATTERNS})
    ok(p.returncode == 0, f"{name}: ogi report exits 0 ({p.returncode}: {p.stderr})")
    if p.returncode:
        return
    text = open(page, encoding="utf-8").read()
    again = subprocess.run([OGI, "report", db], capture_output=True, env={**os.environ, "OGI_PATTERNS": PATTERNS})
    ok(again.stdout == open(page, "rb").read(), f"{name}: the same dataset gives the same bytes")
    ok(not re.search(r"""(src|href)\s*=|url\(|@import|https?://(?!www\.w3\.org/2000/svg)""", text),
       f"{name}: no external reference")
    ok(not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text), f"{name}: no raw control character")
    e = expected(db)
    r = chromium(["--dump-dom", "file://" + page], tmp)
    ok(r.returncode == 0 and b"</html>" in r.stdout, f"{name}: chromium --dump-dom ({r.returncode})")
    d = Dom()
    d.feed(r.stdout.decode("utf-8"))
    ok(d.n("agency-table", "tr", "agency-year") == e["rows"], f"{name}: agency table rows "
       f"{d.n('agency-table', 'tr', 'agency-year')}, agency_year has {e['rows']}")
    ok(d.n("grant-rate-chart", "rect", "bar") == e["bars"],
       f"{name}: grant-rate bars {d.n('grant-rate-chart', 'rect', 'bar')}, {e['bars']} agencies with a rate")
    ok(d.n("", "svg", "timeseries") == e["series"] and d.n("", "path", "received") == e["series"],
       f"{name}: time series {d.n('', 'svg', 'timeseries')} with {d.n('', 'path', 'received')} lines, "
       f"{e['series']} agencies with several years")
    ok(d.n("region-table", "tr", "region") == e["regions"] and d.n("region-chart", "rect", "bar") == e["region_bars"],
       f"{name}: regions {d.n('region-table', 'tr', 'region')} rows, {d.n('region-chart', 'rect', 'bar')} bars; "
       f"{e['regions']} and {e['region_bars']} expected")
    ok(d.n("", "tr", "failure") == e["fails"] and d.n("", "h3", "broken-report") == e["broken"],
       f"{name}: failed checks {d.n('', 'tr', 'failure')} in {d.n('', 'h3', 'broken-report')} reports, "
       f"{e['fails']} in {e['broken']} expected")
    ok(d.n("cross-table", "tr", "cross") == e["cross"], f"{name}: cross-year warnings {d.n('cross-table', 'tr', 'cross')}")
    png = shot or os.path.join(tmp, name + ".png")
    r = chromium([f"--screenshot={png}", "--window-size=1200,2400", "file://" + page], tmp)
    ok(r.returncode == 0 and os.path.exists(png), f"{name}: chromium --screenshot ({r.returncode})")
    if os.path.exists(png):
        w, h, bpp, px = png_pixels(png)
        colors, ink = set(), 0
        for line in px[::2]:
            for x in range(0, w * bpp, bpp * 2):
                c = line[x:x + 3]
                colors.add(bytes(c))
                ink += c != b"\xff\xff\xff"
        sampled = (h // 2) * (w // 2)
        ok(len(colors) > 50, f"{name}: screenshot has {len(colors)} colors")
        ok(ink > sampled * 0.03, f"{name}: screenshot has {ink} of {sampled} sampled pixels not white")
        # the bar color of the charts is drawn
        ok(any(bytes(line[x:x + 3]) == b"\x4c\x78\xa8" for line in px for x in range(0, w * bpp, bpp)),
           f"{name}: the bars' color is on the screenshot")


tmp = tempfile.mkdtemp()
fx = os.path.join(tmp, "fx.db")
fixture.build(fx, PATTERNS)
check(fx, tmp, "fixture")
if sys.argv[3:] and sys.argv[3] == "--dataset":
    # also a given dataset (docs/report.png is made so: --dataset DB --screenshot PNG)
    check(sys.argv[4], tmp, "dataset", sys.argv[6] if sys.argv[5:6] == ["--screenshot"] else None)
else:
    db = os.path.join(tmp, "corpus.db")
    dirs = [os.path.join(SRC, "corpus")]
    shared = os.path.join(SRC, "..", "shared", "corpus")
    if os.path.isdir(shared):
        dirs.append(shared)
    else:
        print(f"SKIP: {shared} absent: the report of the bundled corpus only")
    subprocess.run([OGI, "extract", "-q", "-j", "2", "--exclude", "*.json", "-o", db, *dirs], capture_output=True,
                   env={**os.environ, "OGI_PATTERNS": PATTERNS})
    ver = sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0]
    if ver >= 2:
        check(db, tmp, "corpus")
    else:
        print(f"SKIP: the extracted dataset is of version {ver}: no report of the corpora")
shutil.rmtree(tmp)
if FAILS:
    print(f"{len(FAILS)} failures")
    sys.exit(1)
print("report_browser: the page is drawn as the dataset says")
