#!/bin/bash
# Other text forms of report pages, beside ../shared/tools/variants.py (w3m, lynx, browser PDF, LibreOffice,
# crawler text): the forms crawlers and converters give with elinks, links2, html2text (C), python's
# html2text (Markdown) and pandoc (plain text with grid tables, and GFM). For each SRC/NAME.html (UTF-8; with
# NAME.html.truth.json beside it, if any) it writes into OUT, for the page as published and for the page with
# every table cell that prints just 0 emptied (NAME.blank0: many reports leave zeros blank), NAME.FORM with
# the page's truth beside it. Tools missing on this machine are skipped. Used for docs/accuracy.md.
#   usage: tools/other_forms.sh SRC OUT
#   apt-get install elinks links2 html2text python3-html2text pandoc
set -u
[ $# -eq 2 ] || { echo "usage: $0 SRC OUT" >&2; exit 2; }
SRC=$1 OUT=$2
mkdir -p "$OUT/pages"
PY=/usr/bin/python3 # (Debian's python3-html2text is installed for the system python)
have() { command -v "$1" >/dev/null 2>&1 || { echo "skipped $1: not installed" >&2; return 1; }; }
for page in "$SRC"/*.html; do
  base=$(basename "$page" .html); name=${base%.portal}
  cp "$page" "$OUT/pages/$name.html"
  python3 - "$page" "$OUT/pages/$name.blank0.html" <<'PY'
import re, sys
text = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
text = re.sub(r'(<t[dh][^>]*>)((?:\s|&nbsp;|<[^>]+>)*)0((?:\s|&nbsp;|<[^>]+>)*)(</t[dh]>)', r'\1\2&nbsp;\3\4',
              text, flags=re.I)
open(sys.argv[2], 'w', encoding='utf-8').write(text)
PY
  for n in "$name" "$name.blank0"; do
    in=$OUT/pages/$n.html forms=()
    have elinks && elinks -dump -dump-width 200 -dump-charset utf-8 -eval 'set document.codepage.assume = "utf-8"' \
      "$in" > "$OUT/$n.elinks.txt" && forms+=(elinks.txt)
    have links2 && links2 -dump -width 200 -html-assume-codepage utf-8 -codepage utf-8 "$in" > "$OUT/$n.links2.txt" \
      && forms+=(links2.txt)
    have html2text && html2text -width 200 -utf8 -nobs "$in" > "$OUT/$n.html2text.txt" && forms+=(html2text.txt)
    $PY -c 'import html2text' 2>/dev/null && $PY -m html2text --body-width=0 "$in" utf-8 > "$OUT/$n.pyh2t.md" \
      && forms+=(pyh2t.md)
    have pandoc && pandoc --quiet -f html -t plain --columns=200 "$in" -o "$OUT/$n.pandoc-plain.txt" && forms+=(pandoc-plain.txt)
    have pandoc && pandoc --quiet -f html -t gfm "$in" -o "$OUT/$n.pandoc-gfm.md" && forms+=(pandoc-gfm.md)
    for f in "${forms[@]}"; do
      [ -f "$page.truth.json" ] && cp "$page.truth.json" "$OUT/$n.$f.truth.json"
    done
  done
done
