#!/usr/bin/env bash
# Writes browser text dumps of corpus/ HTML reports (lynx -dump, w3m -dump), the form a report takes when a
# page's text is saved from a text browser, with the HTML's expected values. Needs lynx and w3m; the
# outputs are committed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
for name in template-2019_2020 breaks_2021; do
  lynx -dump -nolist -width=200 -assume_charset=utf-8 -display_charset=utf-8 "$root/corpus/$name.html" >"$root/corpus/$name.lynx.txt"
  w3m -dump -cols 200 -O UTF-8 "$root/corpus/$name.html" >"$root/corpus/$name.w3m.txt"
  for d in lynx w3m; do cp "$root/corpus/$name.html.expected.json" "$root/corpus/$name.$d.txt.expected.json"; done
done
echo "wrote corpus/*.lynx.txt and corpus/*.w3m.txt"
