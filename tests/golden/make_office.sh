#!/usr/bin/env bash
# Writes the PDF and Word copies of corpus/ reports with LibreOffice, and their expected values (the same as
# the HTML's: a report must give the same numbers whatever form it comes in). Also the fixtures of
# tests/fixtures/: a scanned PDF (an image, no text layer) and an old binary .doc.
# Needs LibreOffice (apt-get install libreoffice-writer-nogui). The outputs are committed; CI does not run this.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in word-export_2022 template-2019_2020 breaks_2021; do
  cp "$root/corpus/$name.html" "$tmp/"
  soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "$tmp/$name.html" >/dev/null
  soffice --headless --convert-to pdf:writer_web_pdf_Export --outdir "$tmp" "$tmp/$name.html" >/dev/null
  for ext in docx pdf; do
    cp "$tmp/$name.$ext" "$root/corpus/$name.office.$ext"
    cp "$root/corpus/$name.html.expected.json" "$root/corpus/$name.office.$ext.expected.json"
  done
done
# a browser's print to PDF of the pages with every zero cell left empty (the blank cells print nothing: the
# numbers' positions, and the template's sums, place them), by ../shared/tools/variants.py (needs chromium and
# a CJK font: apt-get install chromium fonts-wqy-zenhei)
if [ -x "$root/../shared/tools/variants.py" ] || [ -f "$root/../shared/tools/variants.py" ]; then
  for name in template-2019_2020 breaks_2021; do
    python3 "$root/../shared/tools/variants.py" "$root/corpus/$name.html" "$tmp/v" --blank-zeros >/dev/null
    cp "$tmp/v/$name.blank0.chromium.pdf" "$root/corpus/$name.blank0.chromium.pdf"
    cp "$root/corpus/$name.html.expected.json" "$root/corpus/$name.blank0.chromium.pdf.expected.json"
  done
fi
# a page that is only an image: what a scanned report looks like to pdftotext (written by hand, no text)
python3 - "$root/tests/fixtures/scanned.pdf" <<'PY'
import sys, zlib
w, h = 64, 32
img = zlib.compress(bytes((x * 4) % 256 for _ in range(h) for x in range(w) for _c in range(3)))
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(img)) + img + b"\nendstream",
        None]
content = b"q 500 0 0 250 40 500 cm /Im1 Do Q"
objs[4] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
out, offs = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
cp "$root/corpus/word-export_2022.html" "$tmp/old.html"
soffice --headless --convert-to 'doc:MS Word 97' --outdir "$tmp" "$tmp/old.html" >/dev/null
cp "$tmp/old.doc" "$root/tests/fixtures/old-binary.doc"
echo "wrote corpus/*.office.{pdf,docx} and tests/fixtures/{scanned.pdf,old-binary.doc}"
