#!/usr/bin/env bash
# Exit codes and diagnostic text of the ogi command line: a contract (see ogi --help).
# usage: cli_test.sh OGI CORPUS_DIR
set -u
ogi=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

expect() { # expect NAME WANT_RC CMD...  (stdout -> $tmp/out, stderr -> $tmp/err)
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [[ $rc == "$want" ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name: exit $rc, want $want"; sed 's/^/    /' "$tmp/err" | head -5; fi
}
contains() { # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: '$3' not in $2:"; head -c 600 "$2" | sed 's/^/    /'; echo; fi
}
lines() { # lines NAME FILE N
  local n
  n=$(wc -l <"$2")
  if [[ $n == "$3" ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: $n lines, want $3"; fi
}

seed=$corpus/seed_beilun-shangwuju_2021.txt

expect "no arguments" 2 "$ogi"
contains "usage on stderr" "$tmp/err" "usage: ogi extract"
expect "unknown option" 2 "$ogi" extract --bogus "$seed"
contains "unknown option message" "$tmp/err" "ogi: unknown option '--bogus'"
expect "unknown command" 2 "$ogi" frobnicate
expect "bad format" 2 "$ogi" extract --format xml "$seed"
contains "bad format message" "$tmp/err" "ogi: unknown format 'xml'"
expect "sqlite without -o" 2 "$ogi" extract --format sqlite "$seed"
contains "sqlite without -o message" "$tmp/err" "ogi: --format sqlite writes a database: give it with -o FILE"
expect "extract without files" 2 "$ogi" extract
expect "--help" 0 "$ogi" --help
contains "help lists exit codes" "$tmp/out" "3  at least one file unreadable"
contains "help lists exit code 5" "$tmp/out" "5  check: no check failed, but some could not run"
expect "--version" 0 "$ogi" --version
contains "version" "$tmp/out" "ogi ${OGI_EXPECT_VERSION:-0.1.0}"
expect "-V" 0 "$ogi" -V
contains "-V: the version of project()" "$tmp/out" "ogi ${OGI_EXPECT_VERSION:-0.1.0}"

# the command line: getopt_long, ogi help, per-command help and usage
expect "ogi help" 0 "$ogi" help
contains "ogi help: the global text" "$tmp/out" "commands:"
contains "help says PDF and Word are read" "$tmp/out" "Reads HTML, PDF (through"
expect "ogi help check" 0 "$ogi" help check
contains "ogi help check: its usage" "$tmp/out" "usage: ogi check [--format text|json|csv] [-q] [options] DIR|FILE..."
contains "ogi help check: its options" "$tmp/out" "--color WHEN"
expect "ogi check --help" 0 "$ogi" check --help
contains "check --help is check's help" "$tmp/out" "usage: ogi check [--format text|json|csv]"
expect "ogi summary --help" 0 "$ogi" summary --help
contains "summary --help is summary's help" "$tmp/out" "usage: ogi summary [options] DIR|FILE..."
expect "ogi help bogus" 2 "$ogi" help bogus
contains "ogi help bogus message" "$tmp/err" "ogi: no command 'bogus' (see ogi help help)"
expect "missing value" 2 "$ogi" extract "$seed" --format
contains "missing value message" "$tmp/err" "ogi: option '--format' needs a value (see ogi help extract)"
expect "missing value, short" 2 "$ogi" extract "$seed" -o
contains "missing value message, short" "$tmp/err" "ogi: option '-o' needs a value (see ogi help extract)"
expect "--output=FILE" 0 "$ogi" extract -q --output="$tmp/eq.jsonl" "$seed"
lines "--output=FILE wrote the report" "$tmp/eq.jsonl" 1
expect "-oFILE" 0 "$ogi" extract -q -o"$tmp/glued.jsonl" "$seed"
lines "-oFILE wrote the report" "$tmp/glued.jsonl" 1
expect "-o - is standard output" 0 "$ogi" extract -q -o - "$seed"
lines "-o -: the record on stdout" "$tmp/out" 1
contains "-o -: a JSONL record" "$tmp/out" '"agency":"宁波市北仑区商务局"'
[[ ! -e ./- ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL -o - created a file named -"; }
expect "-o out.xlsx is a usage error" 2 "$ogi" extract -o "$tmp/out.xlsx" "$seed"
contains "unknown output extension message" "$tmp/err" "ogi: -o $tmp/out.xlsx: unknown output format: name it .db, .csv or .jsonl, or give --format (see ogi help extract)"
[[ ! -e $tmp/out.xlsx ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL out.xlsx was written"; }
expect "--excel on stdout" 0 "$ogi" extract --format csv --excel "$seed"
[[ $(head -c 3 "$tmp/out" | od -An -tx1 | tr -d ' ') == efbbbf ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL --excel on stdout: no BOM"; }
expect "an option before the command" 2 "$ogi" --pretty extract "$seed"
contains "option before the command message" "$tmp/err" "ogi: '--pretty' before a command: give the command first (see ogi help)"
expect "-j 0" 2 "$ogi" extract -j 0 "$seed"
contains "-j message" "$tmp/err" "ogi: -j takes a number from 1 to 256, not '0' (see ogi help extract)"
expect "bad --max-seconds" 2 "$ogi" check --max-seconds=-1 "$seed"
contains "bad limit message" "$tmp/err" "ogi: --max-seconds takes a positive number, not '-1' (see ogi help check)"
expect "--label names standard input" 0 "$ogi" extract --label report-42.txt - <"$seed"
contains "--label: the source" "$tmp/out" '"source":"report-42.txt"'

expect "extract seed" 0 "$ogi" extract "$seed"
contains "seed agency" "$tmp/out" '"agency":"宁波市北仑区商务局"'
contains "seed value" "$tmp/out" '"t3.denied.admin_query.natural":1'
contains "seed provenance" "$tmp/out" '"t3.denied.admin_query.natural":{"line":196,"col":2,"raw":"1","blank":false,"how":"label","label":"8.属于行政查询事项"}'
expect "extract pretty" 0 "$ogi" extract --pretty "$seed"
contains "pretty indents" "$tmp/out" '    "t3.new_received.natural": 1,'
expect "extract from stdin" 0 "$ogi" extract - <"$seed"
contains "stdin source" "$tmp/out" '"source":"-"'

expect "check seed fails" 1 "$ogi" check "$seed"
contains "row_total diagnostic, on stdout" "$tmp/out" "seed_beilun-shangwuju_2021.txt:202:2: error: t3.row_total t3.denied.admin_query: expected 1, printed 0"
contains "column_total diagnostic" "$tmp/out" "t3.column_total total: expected 0, printed 1"
contains "source line and caret shown" "$tmp/out" "$(printf '     0\n     ^')"
contains "the cells of the failed sum, with where each was printed" "$tmp/out" "seed_beilun-shangwuju_2021.txt:196:2: note: t3.denied.admin_query.natural = 1"
contains "the printed total is one of the cells" "$tmp/out" "seed_beilun-shangwuju_2021.txt:202:2: note: t3.denied.admin_query.total = 0"
lines "check: nothing on stderr" "$tmp/err" 0
expect "check clean report" 0 "$ogi" check -q "$corpus/word-export_2022.html"
# a 表三 row left out: its fields are null, the checks that need them cannot run; none fails
grep -v "1.属于国家秘密" "$corpus/word-export_2022.tab.txt" >"$tmp/missing-row.txt"
expect "check: a row missing, nothing failed, checks not run" 5 "$ogi" check "$tmp/missing-row.txt"
contains "check says how many checks did not run" "$tmp/out" "$tmp/missing-row.txt: note: 8 checks not run: a value they need was not found"
contains "and which value is missing" "$tmp/out" "warning: not_found t3.denied.state_secret.natural"
expect "check -q: checks not run" 5 "$ogi" check -q "$tmp/missing-row.txt"
contains "check -q keeps the note" "$tmp/out" "note: 8 checks not run"
expect "a failed check comes before checks not run" 1 "$ogi" check "$tmp/missing-row.txt" "$seed"
expect "an unreadable file comes before both" 3 "$ogi" check "$tmp/missing-row.txt" "$seed" "$tmp/nope.html"
expect "summary" 0 "$ogi" summary "$tmp/missing-row.txt" "$seed" "$corpus/word-export_2022.html"
contains "summary: checks not run, not shown as ok" "$tmp/out" "partial   2021   2022  193/200 values   0 checks failed   8 checks not run   1 warnings  某市交通运输局  $tmp/missing-row.txt"
contains "summary: failed checks" "$tmp/out" "failed    2021   2021  200/200 values   2 checks failed   0 warnings  宁波市北仑区商务局"
contains "summary: every check passed" "$tmp/out" "ok        2021   2022  200/200 values   0 checks failed   0 warnings  某市交通运输局  $corpus/word-export_2022.html"
contains "summary totals count checks not run" "$tmp/out" "1 reports with failed checks; 8 checks not run in 1 reports (run 'ogi check FILE' to see them)"

# check: folders, --format json|csv (the cells of each failed sum with their positions), color
mkdir -p "$tmp/two"
cp "$seed" "$corpus/word-export_2022.html" "$tmp/two/"
expect "check a folder" 1 "$ogi" check "$tmp/two"
contains "check a folder: the failed report" "$tmp/out" "$tmp/two/seed_beilun-shangwuju_2021.txt:202:2: error: t3.row_total"
expect "check --format csv" 1 "$ogi" check --format csv "$tmp/two"
contains "csv header" "$tmp/out" "source,kind,rule,subject,field,expected,printed,value,raw,line,col,page,page_line,message"
contains "csv failed check" "$tmp/out" "$tmp/two/seed_beilun-shangwuju_2021.txt,failed,t3.row_total,t3.denied.admin_query,,1,0,,,202,2,,,\"t3.row_total t3.denied.admin_query: expected 1, printed 0\""
contains "csv cell of the sum" "$tmp/out" "$tmp/two/seed_beilun-shangwuju_2021.txt,cell,t3.row_total,t3.denied.admin_query,t3.denied.admin_query.natural,,,1,1,196,2,,,"
lines "csv: header, 2 failed checks with 7 and 22 cells" "$tmp/out" 32
expect "check --format json" 1 "$ogi" check --format json "$seed"
contains "json failed check with its cells" "$tmp/out" '"failed":[{"rule":"t3.row_total","subject":"t3.denied.admin_query","expected":1,"printed":0,"blank":false,"line":202,"col":2,"page":null,"page_line":null,"message":"t3.row_total t3.denied.admin_query: expected 1, printed 0","cells":[{"field":"t3.denied.admin_query.natural","value":1,"blank":false,"raw":"1","line":196,"col":2,"page":null,"page_line":null}'
lines "json: one line per report" "$tmp/out" 1
expect "check --format xml" 2 "$ogi" check --format xml "$seed"
contains "check format message" "$tmp/err" "ogi: unknown format 'xml': use text, json or csv (see ogi help check)"
expect "check: no color when not a terminal" 1 "$ogi" check "$seed"
if grep -q $'\033' "$tmp/out"; then fail=$((fail + 1)); echo "FAIL color written to a pipe"; else pass=$((pass + 1)); fi
expect "check --color always" 1 "$ogi" check --color always "$seed"
contains "color: error in red" "$tmp/out" $'\033[1;31merror:\033[0m t3.row_total'
NO_COLOR=1 expect "NO_COLOR wins" 1 "$ogi" check --color always "$seed"
if grep -q $'\033' "$tmp/out"; then fail=$((fail + 1)); echo "FAIL color despite NO_COLOR"; else pass=$((pass + 1)); fi
if command -v script >/dev/null; then # on a terminal (script(1) gives one): color, unless NO_COLOR
  script -qec "'$ogi' check '$seed'" /dev/null >"$tmp/tty.txt" 2>&1
  contains "color on a terminal" "$tmp/tty.txt" $'\033[1;31merror:'
  NO_COLOR=1 script -qec "'$ogi' check '$seed'" /dev/null >"$tmp/tty.txt" 2>&1
  if grep -q $'\033\\[1;31m' "$tmp/tty.txt"; then fail=$((fail + 1)); echo "FAIL color on a terminal despite NO_COLOR"; else pass=$((pass + 1)); fi
fi
# a PDF (read through pdftotext -layout -fixed 3: columns are the page's x in 3-point steps): positions are a page
# and the line on it (pdftotext's form feeds); one total changed to 3
printf '#!/bin/sh\npdftotext "$@" | sed "58s/   2$/   3/"\n' >"$tmp/pdftotext" && chmod +x "$tmp/pdftotext"
if command -v pdftotext >/dev/null; then
  OGI_PDFTOTEXT=$tmp/pdftotext expect "check a PDF" 1 "$ogi" check "$corpus/word-export_2022.office.pdf"
  contains "PDF: the page and line of the total" "$tmp/out" "word-export_2022.office.pdf:58:186: error: t3.row_total t3.denied.law_forbidden: expected 2, printed 3 (page 3, line 5)"
  contains "PDF: the page and line of a cell" "$tmp/out" "word-export_2022.office.pdf:58:151: note: t3.denied.law_forbidden.research = 2 (page 3, line 5)"
  OGI_PDFTOTEXT=$tmp/pdftotext expect "values of a PDF" 0 "$ogi" values "$corpus/word-export_2022.office.pdf"
  contains "values: header" "$tmp/out" "source,field,value,blank,raw,line,col,page,page_line,label,how"
  contains "values: a value on page 2" "$tmp/out" "$corpus/word-export_2022.office.pdf,t2.regulations.issued,6,false,6,13,47,2,13,规章,label"
  contains "values: a value on page 3" "$tmp/out" "$corpus/word-export_2022.office.pdf,t3.denied.law_forbidden.research,2,false,2,58,151,3,5,2.其他法律行政法规禁止公开,label"
fi
expect "values of a text report" 0 "$ogi" values "$seed"
contains "values: no page in text" "$tmp/out" "$seed,t3.denied.admin_query.natural,1,false,1,196,2,,,8.属于行政查询事项,label"
lines "values: header and 200 fields" "$tmp/out" 201

# folder walks: hidden folders, symbolic links, --include/--exclude; counted in the summary
mkdir -p "$tmp/walk/.git" "$tmp/walk/sub" "$tmp/walk/skipme"
cp "$seed" "$tmp/walk/.git/hidden-copy.txt"
cp "$seed" "$tmp/walk/sub/a.txt"
cp "$corpus/word-export_2022.html" "$tmp/walk/sub/b.html"
cp "$seed" "$tmp/walk/skipme/c.txt"
ln -s "$tmp/walk/sub/a.txt" "$tmp/walk/link.txt"
ln -s "$tmp/walk/sub" "$tmp/walk/linkdir"
expect "walk: hidden and links left out" 0 "$ogi" summary "$tmp/walk"
lines "walk: three reports, a blank line, totals" "$tmp/out" 5
contains "walk: counted by reason" "$tmp/out" "0 skipped as not reports (not read: 2 symbolic links, 1 hidden, 0 excluded, 0 too deep)"
if grep -q "hidden-copy\|link.txt\|linkdir/" "$tmp/out"; then fail=$((fail + 1)); echo "FAIL walk read a hidden file or a link"; else pass=$((pass + 1)); fi
expect "walk: --hidden" 0 "$ogi" summary --hidden "$tmp/walk"
contains "walk --hidden reads .git" "$tmp/out" "$tmp/walk/.git/hidden-copy.txt"
expect "walk: --include" 0 "$ogi" summary --include '*.html' "$tmp/walk"
lines "walk --include: one report" "$tmp/out" 3
contains "walk --include counts the rest" "$tmp/out" "2 excluded"
expect "walk: --exclude a folder" 0 "$ogi" summary --exclude skipme "$tmp/walk"
lines "walk --exclude: two reports" "$tmp/out" 4
expect "walk: dataset summary counts them" 0 "$ogi" extract -o "$tmp/walk.jsonl" --exclude 'b.*' "$tmp/walk"
contains "dataset summary: walk counts" "$tmp/err" "; not read: 2 symbolic links (not followed), 1 hidden, 1 excluded, 0 too deep"

deep=$tmp/deep
for i in $(seq 1 66); do deep=$deep/d; done
mkdir -p "$deep" && cp "$seed" "$deep/too-deep.txt" && cp "$seed" "$tmp/deep/shallow.txt"
expect "walk: folders deeper than 64 are not entered" 0 "$ogi" summary "$tmp/deep"
contains "walk: counted as too deep" "$tmp/out" "0 excluded, 1 too deep)"
lines "walk: only the shallow report" "$tmp/out" 3

# control characters in file names and excerpts are escaped on the terminal
mkdir -p "$tmp/esc"
sed '202s/$/\x1b[2J/' "$seed" >"$tmp/esc/seed.txt"
printf '' >"$tmp/esc/bad"$'\x1b'"]0;owned"$'\x07'".html"
expect "escape: a named empty file with ESC in its name" 3 "$ogi" check "$tmp/esc/bad"$'\x1b'"]0;owned"$'\x07'".html"
contains "escape: the error names the file, escaped" "$tmp/err" "ogi: $tmp/esc/bad\\x1B]0;owned\\x07.html: empty file"
if grep -q $'\x1b' "$tmp/err"; then fail=$((fail + 1)); echo "FAIL ESC reached the terminal"; else pass=$((pass + 1)); fi
expect "escape: a dataset that cannot be written" 3 "$ogi" extract -o "$tmp/no-such-dir/a"$'\x1b'"[2J.jsonl" "$seed"
contains "escape: the write error, escaped" "$tmp/err" "ogi: $tmp/no-such-dir/a\\x1B[2J.jsonl: cannot write: No such file or directory"
expect "escape: excerpt" 1 "$ogi" check "$tmp/esc/seed.txt"
contains "escape: the excerpt shows the escape as text" "$tmp/out" "$(printf '     0\\x1B[2J\n     ^')"
if grep -q $'\x1b' "$tmp/out"; then fail=$((fail + 1)); echo "FAIL ESC in an excerpt reached the terminal"; else pass=$((pass + 1)); fi

printf '' >"$tmp/empty.html"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$tmp/image.html"
printf '%%PDF-1.5\n%%\xe2\xe3\n1 0 obj' >"$tmp/report.pdf"
printf '<html><body><p>首页 新闻</p></body></html>' >"$tmp/index.html"
expect "empty file" 3 "$ogi" extract "$tmp/empty.html"
contains "empty message names the file" "$tmp/err" "ogi: $tmp/empty.html: empty file"
expect "png" 3 "$ogi" extract "$tmp/image.html"
contains "png message" "$tmp/err" "a PNG image, not a report"
expect "pdf" 3 "$ogi" extract "$tmp/report.pdf"
contains "pdf message" "$tmp/err" "a PDF that pdftotext cannot read (damaged or encrypted"
expect "no tables" 3 "$ogi" extract "$tmp/index.html"
contains "no tables message" "$tmp/err" "no statistics tables found"
prose=$(dirname "$0")/fixtures/prose-only_2023.txt
expect "a report without tables" 3 "$ogi" extract "$prose"
contains "it is named as a report without tables" "$tmp/err" "ogi: $prose: a report (某县档案馆, 2023) that prints no statistics tables (表二/表三/表四 written as prose or left out): no values extracted"
lines "one line" "$tmp/err" 1
lines "no object" "$tmp/out" 0
expect "summary of a report without tables" 3 "$ogi" summary "$prose" "$corpus/word-export_2022.html"
contains "summary line for a report without tables" "$tmp/out" "no_tables 2021   2023  no statistics tables  某县档案馆  $prose"
contains "summary totals count reports without tables" "$tmp/out" "1 reports (1 on the 2021 template, 0 on 2019, 0 legacy), 1 reports without tables, 0 files not read;"
mkdir -p "$tmp/prose-dir" && cp "$prose" "$seed" "$tmp/prose-dir/"
expect "check a folder with a report without tables: not a failure" 1 "$ogi" check "$tmp/prose-dir"
contains "check notes the report without tables" "$tmp/out" "$tmp/prose-dir/prose-only_2023.txt: note: a report that prints no statistics tables: nothing to check"
expect "layout of a missing file" 3 "$ogi" layout "$tmp/nope.html"
contains "layout names the file" "$tmp/err" "ogi: $tmp/nope.html: cannot open: No such file or directory"
# ogi layout: each token with the template cell it went to and why, the numbers not used, the cells left null
expect "layout of the seed" 0 "$ogi" layout "$seed"
contains "layout: the template and the cells placed" "$tmp/out" "# template 2021: 200 of 200 cells placed, 0 null"
contains "layout: a 表三 cell's token, its field, how and row" "$tmp/out" "tok 55 NUM 79:2 1 -> t3.new_received.natural = 1 (label; row 一、本年新收政府信息公开申请数量)"
contains "layout: the token of t3.denied.admin_query.natural" "$tmp/out" "NUM 196:2 1 -> t3.denied.admin_query.natural = 1 (label; row 8.属于行政查询事项)"
contains "layout: a 表四 cell" "$tmp/out" "tok 323 NUM 407:2 0 -> t4.suit_after_review.total = 0 (label; row 总计)"
grep -oE '(-> |, )t[234]\.[a-z_.]+ = ' "$tmp/out" >"$tmp/assigned"
lines "layout: each of the 200 cells named at one token" "$tmp/assigned" 200
lines "layout: the seed leaves no cell null" <(grep '^null ' "$tmp/out") 0
expect "layout of a glued 2019 report" 0 "$ogi" layout "$corpus/template-2019_2020.glued.txt"
contains "layout: glued digits cut into a row's cells" "$tmp/out" "tok 22 NUM 1:496 2001115 (glued) -> t3.carried_over.natural = 2, t3.carried_over.business = 0, t3.carried_over.research = 0, t3.carried_over.social = 1, t3.carried_over.legal = 1, t3.carried_over.other_org = 1, t3.carried_over.total = 5 (glued digits; row 二、上年结转政府信息公开申请数量)"
contains "layout: cells the sums chose" "$tmp/out" "tok 14 NUM 1:295 -9357 (glued) -> t2.coercion.decisions = 357, t2.coercion.change = -9 (placed by sums; row 行政强制)"
contains "layout: an ambiguous token names its null cells" "$tmp/out" "tok 1 NUM 1:175 14289 (glued) -> t2.regulations.made = null (ambiguous), t2.regulations.published = null (ambiguous), t2.regulations.total = null (ambiguous)"
contains "layout: a null cell with its warning" "$tmp/out" "null t2.regulations.made ambiguous 1:175: t2.regulations: the printed numbers (14289) can be read 6 ways"
contains "layout: a number in the tables not used" "$tmp/out" "tok 8 NUM 1:243 -7158 (glued) -> unused"
contains "layout: the count of nulls" "$tmp/out" "# template 2019: 185 of 198 cells placed, 13 null"
lines "layout: one null line per null cell" <(grep '^null ' "$tmp/out") 13
blankrows=$(dirname "$0")/fixtures/aligned-blank-rows_2022.txt
expect "layout of aligned text with blank cells and rows" 0 "$ogi" layout "$blankrows"
contains "layout: blank cells that printed nothing, beside their number" "$tmp/out" "cell 5:33 printed nothing, beside tok 11: t3.new_received.business = blank, t3.new_received.research = blank, t3.new_received.social = blank, t3.new_received.other_org = blank (label; row 一、本年新收政府信息公开申请数量)"
contains "layout: a blank row, held by no token" "$tmp/out" "cell 6:5 t3.carried_over.natural = blank, t3.carried_over.business = blank, t3.carried_over.research = blank, t3.carried_over.social = blank, t3.carried_over.legal = blank, t3.carried_over.other_org = blank, t3.carried_over.total = blank (blank row; row 二、上年结转政府信息公开申请数量)"
contains "layout: a cell never printed is null, not found" "$tmp/out" "null t2.regulations.issued not_found"
expect "layout with missing pattern files" 4 "$ogi" layout --patterns "$tmp" "$seed"
expect "ogi help layout" 0 "$ogi" help layout
contains "help layout says where cells went" "$tmp/out" "-> FIELD = VALUE (HOW; row LABEL)"
expect "a report without tables in a dataset is a record, not a failure" 0 "$ogi" extract -o "$tmp/prose.jsonl" "$prose"
contains "its record has its meta" "$tmp/prose.jsonl" '"meta":{"agency":"某县档案馆","year":2023,"published":"2024-01-25","template":"2021"},"error":{"code":-6,'
contains "the batch summary counts it" "$tmp/err" "0 with failed checks; 1 reports without tables (recorded, no values); 0 already in the dataset"
expect "missing file" 3 "$ogi" extract "$tmp/nope.html"
contains "missing message" "$tmp/err" "ogi: $tmp/nope.html: cannot open: No such file or directory"
mkdir "$tmp/folder" && cp "$tmp/empty.html" "$tmp/image.html" "$tmp/report.pdf" "$tmp/index.html" "$seed" "$tmp/folder/"
expect "a folder is walked; non-reports in it are skipped, not failures" 0 "$ogi" extract "$tmp/folder"
contains "folder summary" "$tmp/err" "1 reports extracted (2021 template 1, 2019 0, legacy 0), 1 with failed checks; 0 already in the dataset; 4 skipped as not reports (3 binary or empty, 0 PDF/Word, 1 without tables, 0 blank templates); 0 failed"
lines "one JSON line for the one report" "$tmp/out" 1
expect "too large" 3 "$ogi" extract --max-bytes 100 "$seed"
contains "limit message" "$tmp/err" "larger than the limit of 100 bytes"

expect "batch goes on after a bad file" 3 "$ogi" extract --format jsonl "$tmp/empty.html" "$seed" "$tmp/image.html" "$corpus/word-export_2022.md"
lines "two reports in the batch" "$tmp/out" 2
lines "two errors in the batch" "$tmp/err" 2

expect "csv" 0 "$ogi" extract --format csv "$seed" "$corpus/template-2019_2020.html"
lines "csv header and two rows" "$tmp/out" 3
contains "csv header" "$tmp/out" "source,sha256,format,encoding,status,error,agency,year,published,template,checks_failed,checks_skipped,warnings,t2.regulations.issued"
contains "csv row" "$tmp/out" ",宁波市北仑区商务局,2021,2022-01-13,2021,2,0,0,"
expect "csv: checks not run" 0 "$ogi" extract --format csv "$tmp/missing-row.txt"
contains "csv row counts checks not run" "$tmp/out" ",ok,,某市交通运输局,2022,2023-01-18,2021,0,8,1,"

expect "fields" 0 "$ogi" fields
contains "fields header" "$tmp/out" "id	templates	table	label"
contains "t3 expanded" "$tmp/out" "t3.denied.admin_query.total	2019,2021	t3"
expect "patterns missing" 4 "$ogi" fields --patterns "$tmp"
contains "patterns message" "$tmp/err" "fields.tsv: cannot open: No such file or directory"

mkdir "$tmp/pat" && cp "$(dirname "$0")/../patterns/"*.tsv "$tmp/pat/"
printf 't3.total\tt3\tall\t=t3\t(unclosed\n' >>"$tmp/pat/rows.tsv"
n=$(wc -l <"$tmp/pat/rows.tsv")
expect "a bad pattern" 4 "$ogi" fields --patterns "$tmp/pat"
contains "bad pattern names file and line" "$tmp/err" "$tmp/pat/rows.tsv:$n: bad pattern at offset 9: missing closing parenthesis"

cp "$(dirname "$0")/../patterns/"*.tsv "$tmp/pat/" && printf 'blank\n' >>"$tmp/pat/words.tsv"
n=$(wc -l <"$tmp/pat/words.tsv")
expect "a bad words.tsv line" 4 "$ogi" fields --patterns "$tmp/pat"
contains "bad word line names file and line" "$tmp/err" "$tmp/pat/words.tsv:$n: expected a kind"

# a cell printing a note after its number: the number, with a warning naming the field
printf '二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t22（其中修订16件）\t0\t不适用\n收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n' >"$tmp/notes.txt"
expect "annotated cell (other rows missing: checks not run)" 5 "$ogi" check "$tmp/notes.txt"
contains "annotated warning" "$tmp/out" "notes.txt:4:4: warning: annotated t2.regulations.issued: printed 22（其中修订16件）: took the leading number"
expect "annotated cell value" 0 "$ogi" extract "$tmp/notes.txt"
contains "annotated value" "$tmp/out" '"t2.regulations.issued":22,'
contains "placeholder blank" "$tmp/out" '"raw":"不适用","blank":true'

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
