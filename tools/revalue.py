#!/usr/bin/env python3
"""Makes new report pages from real ones: the same page, layout and words, with other numbers.

usage: tools/revalue.py [--n N] [--seed S] [--breaks P] OUTDIR PAGE.html...

Each PAGE.html needs its truth beside it (PAGE.html.truth.json or PAGE.html.expected.json). The number
cells of its tables are read in document order and must print exactly the truth's values in template
order (表二, then 表三 row by row, then 表四 group by group; a blank cell is 0); a page where they do not is
skipped with a note. For each page N pages are written (NAME.rvK.html with NAME.rvK.html.truth.json):
every number cell gets a new value drawn so that the template's arithmetic holds (sparse columns, sizes as
real reports have them; a cell that printed a blank stays blank, and 0: values are drawn again until those
cells are 0, and a break left by one that is not is in the truth's list), and with probability P one
printed number is then changed (the truth's "breaks" lists the rules that change breaks, named as
patterns/checks.tsv names them). Numbers in the text outside the tables that count something ("12件") become
"若干件", so the narrative says nothing the tables contradict. Meta stays the page's.

The pages feed ../shared/tools/variants.py (w3m, lynx, browser PDF, LibreOffice, crawler text) to measure
forms of layouts with values the corpus does not have. Used for docs/accuracy.md; not part of the tests.
"""
import argparse, json, math, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = ['natural', 'business', 'research', 'social', 'legal', 'other_org', 'total']
T4C = ['upheld', 'corrected', 'other', 'pending', 'total']
BLANKS = {'-', '—', '－', '/', '／', '无', '——', '--', '–'}


def field_order(fields, template):
    """The truth's ids in the order the template prints them."""
    order = []
    for line in open(os.path.join(HERE, '..', 'patterns', 'fields.tsv'), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        fid, tpl = line.split('\t')[:2]
        if tpl != 'all' and str(template) not in tpl.split(','):
            continue
        if fid.startswith('t2.'):
            cand = [fid]
        elif fid.startswith('t3.'):
            cand = [f'{fid}.{c}' for c in COLS]
        elif fid.startswith('t4.'):
            cand = [f'{fid}.{c}' for c in T4C]
        else:
            continue
        order += [c for c in cand if c in fields and c not in order]
    return order


CELL = re.compile(r'(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)', re.S | re.I)
TABLE = re.compile(r'<table\b.*?</table>', re.S | re.I)
COUNT = re.compile(r'\d+(?:\.\d+)?(\s*)(件|条|个|项|次|人次|万元|元|家|篇|期|场)')  # a count in the text


def cell_text(inner):
    t = re.sub(r'<[^>]+>', '', inner)
    t = t.replace('&nbsp;', ' ').replace('&#160;', ' ').replace('\xa0', ' ')
    return re.sub(r'\s+', '', t)


def number_cells(html):
    """(start, end, text) of each table cell holding just a number or a blank marker, in document order,
    with the cell's inner span; label cells are skipped."""
    out = []
    for tm in TABLE.finditer(html):
        for cm in CELL.finditer(tm.group(0)):
            t = cell_text(cm.group(2))
            if re.fullmatch(r'-?\d+(\.\d+)?(万?元)?', t) or t in BLANKS:
                s = tm.start() + cm.start(2)
                out.append((s, s + len(cm.group(2)), t))
    return out


def num(t):
    return float(re.match(r'-?\d+(\.\d+)?', t).group(0))


def logu(rng, lo, hi):
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def draw(rng, fields):
    v = {}
    t3 = any(k.startswith('t3.') for k in fields)
    if t3:
        rows = sorted({k.rsplit('.', 1)[0] for k in fields if k.startswith('t3.')})
        results = [r for r in rows if r not in ('t3.new_received', 't3.carried_over', 't3.total',
                                                't3.carried_forward')]
        weight = {r: (8 if r in ('t3.granted', 't3.unable.not_held') else 4 if r == 't3.partial' else
                      0.6 if r.startswith('t3.denied') or r.startswith('t3.rejected') else 1) for r in results}
        p = {'natural': .95, 'business': .55, 'research': .15, 'social': .2, 'legal': .2, 'other_org': .3}
        scale = logu(rng, 2, 400)
        for c in COLS[:-1]:
            new = logu(rng, 1, max(1, scale if c == 'natural' else scale // 4 + 1)) if rng.random() < p[c] else 0
            old = rng.randint(0, max(0, new // 8)) if new and rng.random() < .4 else 0
            fwd = rng.randint(0, max(0, (new + old) // 6)) if new and rng.random() < .4 else 0
            tot = new + old - fwd
            v[f't3.new_received.{c}'], v[f't3.carried_over.{c}'] = new, old
            v[f't3.carried_forward.{c}'], v[f't3.total.{c}'] = fwd, tot
            live = [r for r in results if rng.random() < .5 or r in ('t3.granted',)]
            for r in results:
                v[f'{r}.{c}'] = 0
            for _ in range(tot):
                r = rng.choices(live, [weight[x] for x in live])[0]
                v[f'{r}.{c}'] += 1
        for r in rows:
            v[f'{r}.total'] = sum(v[f'{r}.{c}'] for c in COLS[:-1])
    for g in ('t4.review', 't4.suit_direct', 't4.suit_after_review'):
        if f'{g}.total' not in fields:
            continue
        parts = [rng.randint(0, 6) if rng.random() < .35 else 0 for _ in T4C[:-1]]
        if rng.random() < .4:
            parts = [0, 0, 0, 0]
        for c, x in zip(T4C, parts + [sum(parts)]):
            v[f'{g}.{c}'] = x
    for k in fields:
        if not k.startswith('t2.'):
            continue
        if k.endswith('_wan'):
            x = rng.choice([0, round(rng.uniform(0, 20000), rng.choice([0, 1, 2, 2, 4])),
                            round(rng.uniform(0, 50), 2)])
            v[k] = int(x) if x == int(x) and rng.random() < .5 else x
        elif k.endswith('.change'):  # after its row's prev_items (fields.tsv order): never below 0 items
            prev = v.get(k[:-len('change')] + 'prev_items', 0)
            v[k] = rng.choice([0, 0, rng.randint(-min(20, prev), 20)])
        elif 'regulations' in k:
            v[k] = rng.choice([0, 0, rng.randint(0, 9)])
        elif k.endswith('in_force') or k.endswith('.total') or k.endswith('prev_items'):
            v[k] = rng.choice([0, logu(rng, 1, 3000)])
        else:
            v[k] = rng.choice([0, logu(rng, 1, 200), logu(rng, 1, 60000)])
    return v


def put(inner, old, new):
    """inner with the number old (printed in its text, not its tags) replaced by new."""
    num = re.match(r'-?[\d.]+', old).group(0)
    parts = re.split(r'(<[^>]+>)', inner)
    for i, p in enumerate(parts):
        if not p.startswith('<') and num in p:
            parts[i] = p.replace(num, new, 1)
            return ''.join(parts)
    first = True  # the number is split over elements: the first text holding a digit takes it all
    for i, p in enumerate(parts):
        if not p.startswith('<') and re.search(r'[\d.-]', p):
            parts[i] = re.sub(r'[\d.-]+', lambda m: new if first else '', p, count=1)
            first = False
    return ''.join(parts)


def fmt(x):
    if isinstance(x, float):
        s = repr(x)
        return s[:-2] if s.endswith('.0') else s
    return str(x)


def breaks(v):
    """Rule ids (as the checker names them) that the values v break."""
    out = []
    cols = COLS
    rows = sorted({k.rsplit('.', 1)[0] for k in v if k.startswith('t3.')})
    if rows:
        results = [r for r in rows if r not in ('t3.new_received', 't3.carried_over', 't3.total',
                                                't3.carried_forward')]
        for c in cols:
            if v[f't3.new_received.{c}'] + v[f't3.carried_over.{c}'] != v[f't3.total.{c}'] + v[f't3.carried_forward.{c}']:
                out.append(f't3.balance:{c}')
        for r in rows:
            if sum(v[f'{r}.{c}'] for c in cols[:-1]) != v[f'{r}.total']:
                out.append(f't3.row_total:{r}')
        for c in cols:
            if sum(v[f'{r}.{c}'] for r in results) != v[f't3.total.{c}']:
                out.append(f't3.column_total:{c}')
    for g in ('t4.review', 't4.suit_direct', 't4.suit_after_review'):
        if f'{g}.total' in v and sum(v[f'{g}.{c}'] for c in T4C[:-1]) != v[f'{g}.total']:
            out.append(f't4.block_total:{g}')
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=5)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--breaks', type=float, default=.3)
    ap.add_argument('out')
    ap.add_argument('pages', nargs='+')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for page in a.pages:
        tp = next((page + s for s in ('.truth.json', '.expected.json') if os.path.exists(page + s)), None)
        if not tp:
            print(f'{page}: no truth beside it, skipped', file=sys.stderr)
            continue
        truth = json.load(open(tp, encoding='utf-8'))
        raw = open(page, 'rb').read()
        try:  # written as UTF-8, and declared so (a page may declare another charset than it has)
            html = re.sub(r'charset=["\']?[\w-]+', 'charset=utf-8', raw.decode('utf-8'), flags=re.I)
        except UnicodeDecodeError:
            html = raw.decode('gb18030', 'replace')
            if re.search(r'charset=', html, flags=re.I):
                html = re.sub(r'charset=["\']?[\w-]+', 'charset=utf-8', html, flags=re.I)
            else:
                html = re.sub(r'(<head[^>]*>)', r'\1<meta charset="utf-8">', html, count=1, flags=re.I)
        fields = truth['fields']
        order = field_order(fields, truth['meta'].get('template'))
        cells = number_cells(html)
        printed = [0 if t in BLANKS else num(t) for _, _, t in cells]
        want = [float(fields[k]) for k in order]
        keep = {k for k, x, y in zip(order, printed, want) if x != y and k.endswith('_wan')}
        printed = [y if k in keep else x for k, x, y in zip(order, printed, want)]
        if printed != want:
            n = next((i for i, (x, y) in enumerate(zip(printed, want)) if x != y), min(len(printed), len(want)))
            print(f'{page}: its number cells do not print the truth in template order (first difference at '
                  f'cell {n}: {len(printed)} cells, {len(want)} values), skipped', file=sys.stderr)
            continue
        name = re.sub(r'(\.portal)?\.html?$', '', os.path.basename(page))
        blanks = {fid for (s, e, t), fid in zip(cells, order) if t in BLANKS}
        for k in range(a.n):
            # a cell that printed a blank marker stays blank, so 0: values are drawn until every such cell
            # is 0 (else it is set to 0, and the breaks it makes are in the truth's list)
            for _ in range(200):
                v = draw(rng, fields)
                if all(v[f] == 0 for f in blanks):
                    break
            shown = dict(v)
            for (s, e, t), fid in zip(cells, order):
                if t in BLANKS:
                    shown[fid] = v[fid] = 0
                if fid in keep:
                    shown[fid] = v[fid] = fields[fid]
            live = [fid for (s, e, t), fid in zip(cells, order) if t not in BLANKS and not fid.startswith('t2.')]
            if live and rng.random() < a.breaks:
                fid = rng.choice(live)
                shown[fid] = max(0, shown[fid] + rng.choice([-2, -1, 1, 1, 2, 3, 10]))
            body, last = [], 0
            for (s, e, t), fid in zip(cells, order):
                inner = html[s:e]
                if t not in BLANKS and fid not in keep:
                    inner = put(inner, t, fmt(shown[fid]))
                body.append(html[last:s]); body.append(inner); last = e
            body.append(html[last:])
            out = ''.join(body)
            # the text outside the tables: counts become 若干 (dates and years stay)
            parts, last = [], 0
            for tm in TABLE.finditer(out):
                parts += [COUNT.sub(r'若干\1\2', out[last:tm.start()]), tm.group(0)]
                last = tm.end()
            parts.append(COUNT.sub(r'若干\1\2', out[last:]))
            out = ''.join(parts)
            check = [0 if t in BLANKS else num(t) for _, _, t in number_cells(out)]
            if [c for c, f in zip(check, order) if f not in keep] != [float(shown[f]) for f in order if f not in keep]:
                print(f'{page}: a cell did not take its new value (nested markup): its pages from {k} on skipped',
                      file=sys.stderr)
                break
            dst = os.path.join(a.out, f'{name}.rv{k}.html')
            open(dst, 'w', encoding='utf-8').write(out)
            tr = {'meta': truth['meta'], 'fields': {f: shown[f] for f in order}, 'breaks': breaks(shown),
                  'notes': f'{os.path.basename(page)} with new values (tools/revalue.py seed {a.seed})'}
            json.dump(tr, open(dst + '.truth.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
