#!/usr/bin/env python3
"""Writes the synthetic reports of corpus/ (one per layout the extractor reads) with their expected values.

Every report carries numbers drawn at random (fixed seed) that satisfy the template's sums, except where a
break is put in on purpose; the expected file (same format as ../shared/corpus/*.truth.json) is written from
the same numbers, never from the extractor's output. Re-run after changing this script:
    python3 tests/golden/make_corpus.py corpus/
Also used by tests/bench to write N reports: make_corpus.py --bench N DIR.
"""
import json, os, random, sys

COLS = ["natural", "business", "research", "social", "legal", "other_org", "total"]
COL_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3 = [  # id, group label, row label
    ("t3.new_received", "", "一、本年新收政府信息公开申请数量"),
    ("t3.carried_over", "", "二、上年结转政府信息公开申请数量"),
    ("t3.granted", "三、本年度办理结果", "（一）予以公开"),
    ("t3.partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("t3.denied.state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("t3.denied.law_forbidden", "", "2.其他法律行政法规禁止公开"),
    ("t3.denied.three_safety", "", "3.危及“三安全一稳定”"),
    ("t3.denied.third_party", "", "4.保护第三方合法权益"),
    ("t3.denied.internal", "", "5.属于三类内部事务信息"),
    ("t3.denied.process", "", "6.属于四类过程性信息"),
    ("t3.denied.enforcement_file", "", "7.属于行政执法案卷"),
    ("t3.denied.admin_query", "", "8.属于行政查询事项"),
    ("t3.unable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("t3.unable.needs_creation", "", "2.没有现成信息需要另行制作"),
    ("t3.unable.unclear", "", "3.补正后申请内容仍不明确"),
    ("t3.rejected.petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("t3.rejected.repeated", "", "2.重复申请"),
    ("t3.rejected.publication", "", "3.要求提供公开出版物"),
    ("t3.rejected.excessive", "", "4.无正当理由大量反复申请"),
    ("t3.rejected.confirm", "", "5.要求行政机关确认或重新出具已获取信息"),
    ("t3.other.no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("t3.other.unpaid_fee", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("t3.other.other", "", "3.其他"),
    ("t3.other", "", "（六）其他处理"),
    ("t3.total", "", "（七）总计"),
    ("t3.carried_forward", "", "四、结转下年度继续办理"),
]
RESULT_ROWS = [r[0] for r in T3[2:24]]
T4_BLOCKS = ["t4.review", "t4.suit_direct", "t4.suit_after_review"]
T4_RES = ["upheld", "corrected", "other", "pending", "total"]


def t3_rows(variant):
    skip = {"t3.other"} if variant == "2021" else {"t3.other.no_correction", "t3.other.unpaid_fee", "t3.other.other"}
    return [r for r in T3 if r[0] not in skip]


def make_values(rng, template, variant, big=False):
    v = {}
    if template == "2021":
        for row in ("regulations", "normative"):
            for s in ("issued", "repealed", "in_force"):
                v[f"t2.{row}.{s}"] = rng.randint(0, 30 if big else 12)
        for row in ("licensing", "penalty", "coercion"):
            v[f"t2.{row}.decisions"] = rng.randint(0, 5000)
        v["t2.fees.amount_wan"] = round(rng.randint(0, 900000) / 100, 2)
    else:
        for row in ("regulations", "normative"):
            for s in ("made", "published", "total"):
                v[f"t2.{row}.{s}"] = rng.randint(0, 40)
        for row in ("licensing", "other_services", "penalty", "coercion"):
            prev = rng.randint(0, 90)
            v[f"t2.{row}.prev_items"] = prev
            v[f"t2.{row}.change"] = rng.randint(-min(prev, 9), 9)
            v[f"t2.{row}.decisions"] = rng.randint(0, 900)
        prev = rng.randint(0, 30)
        v["t2.fees.prev_items"] = prev
        v["t2.fees.change"] = rng.randint(-min(prev, 5), 5)
        v["t2.procurement.items"] = rng.randint(0, 60)
        v["t2.procurement.amount_wan"] = round(rng.randint(0, 500000) / 100, 2)
    rows = [r[0] for r in t3_rows(variant)]
    results = [r for r in rows if r in RESULT_ROWS]
    for c in COLS[:6]:
        scale = 60 if c == "natural" else 4
        new = rng.randint(0, scale)
        carried = rng.randint(0, max(1, scale // 10))
        fwd = rng.randint(0, carried + new) if rng.random() < 0.3 else 0
        left = new + carried - fwd
        share = {r: 0 for r in results}
        for _ in range(left):
            share[rng.choice(results[:6] if rng.random() < 0.7 else results)] += 1
        v[f"t3.new_received.{c}"] = new
        v[f"t3.carried_over.{c}"] = carried
        v[f"t3.carried_forward.{c}"] = fwd
        for r in results:
            v[f"{r}.{c}"] = share[r]
        v[f"t3.total.{c}"] = left
    for r in rows:
        v[f"{r}.total"] = sum(v[f"{r}.{c}"] for c in COLS[:6])
    for b in T4_BLOCKS:
        parts = [rng.randint(0, 3) for _ in range(4)]
        for s, x in zip(T4_RES, parts + [sum(parts)]):
            v[f"{b}.{s}"] = x
    return v


def t2_rows(template):
    if template == "2021":
        return [("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                 [("规章", "t2.regulations", ["issued", "repealed", "in_force"]),
                  ("行政规范性文件", "t2.normative", ["issued", "repealed", "in_force"])]),
                ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", "t2.licensing", ["decisions"])]),
                ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
                 [("行政处罚", "t2.penalty", ["decisions"]), ("行政强制", "t2.coercion", ["decisions"])]),
                ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", "t2.fees", ["amount_wan"])])]
    return [("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("规章", "t2.regulations", ["made", "published", "total"]),
              ("规范性文件", "t2.normative", ["made", "published", "total"])]),
            ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政许可", "t2.licensing", ["prev_items", "change", "decisions"]),
              ("其他对外管理服务事项", "t2.other_services", ["prev_items", "change", "decisions"])]),
            ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
             [("行政处罚", "t2.penalty", ["prev_items", "change", "decisions"]),
              ("行政强制", "t2.coercion", ["prev_items", "change", "decisions"])]),
            ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
             [("行政事业性收费", "t2.fees", ["prev_items", "change"])]),
            ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
             [("政府集中采购", "t2.procurement", ["items", "amount_wan"])])]


def fmt(x):
    if isinstance(x, float) and x != int(x):
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return str(int(x))


def narrative(agency, year):
    return [f"{agency}{year}年政府信息公开工作年度报告",
            f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
            "一、总体情况",
            f"{year}年，本机关共主动公开政府信息128条，办理行政许可若干件。",
            "二、主动公开政府信息情况"]


def closing(agency, year, published):
    y, m, d = published.split("-")
    return ["五、存在的主要问题及改进情况", "信息公开的形式、渠道有待进一步完善。",
            "六、其他需要报告的事项", "本机关未收取信息处理费。", agency, f"{y}年{int(m)}月{int(d)}日"]


# ---------------------------------------------------------------- layouts

PAD_HTML = 0  # bench: pad HTML pages with site navigation to about this many bytes


def html_report(v, meta, variant, charset="utf-8", declare=True, blank_zero_cols=False):
    agency, year, published = meta["agency"], meta["year"], meta["published"]
    o = ["<html><head>"]
    if declare:
        o.append(f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    o.append(f"<title>{agency}</title></head><body>")
    n = narrative(agency, year)
    o.append(f'<h1 style="text-align:center">{n[0]}</h1>')
    for p in n[1:]:
        o.append(f'<p class=MsoNormal><span style="font-family:仿宋">{p}</span></p>')
    o.append('<table border=1 class=MsoTableGrid>')
    for head, cols, rows in t2_rows(meta["template"]):
        o.append(f'<tr><td colspan=4><p align=center><span>{head}</span></p></td></tr>')
        span = 4 - len(cols) + 1
        o.append("<tr>" + "".join(
            f'<td{" colspan=%d" % span if i == len(cols) - 1 and span > 1 else ""}><p><span>{c}</span></p></td>'
            for i, c in enumerate(cols)) + "</tr>")
        for label, rid, sfx in rows:
            cells = [f"<td><p><span>{label}</span></p></td>"]
            for i, s in enumerate(sfx):
                sp = f" colspan={span}" if i == len(sfx) - 1 and span > 1 else ""
                cells.append(f"<td{sp}><p align=center><span>&nbsp;{fmt(v[rid + '.' + s])}&nbsp;</span></p></td>")
            o.append("<tr>" + "".join(cells) + "</tr>")
    o.append("</table>")
    o.append("<p><b>三、收到和处理政府信息公开申请情况</b></p>")
    o.append('<table border=1 cellspacing=0>')
    o.append('<tr><td colspan=3 rowspan=3><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td>'
             '<td colspan=7><p>申请人情况</p></td></tr>')
    o.append('<tr><td rowspan=2><p>自然</p><p>人</p></td><td colspan=5><p>法人或其他组织</p></td>'
             '<td rowspan=2><p>总<span>计</span></p></td></tr>')
    o.append("<tr>" + "".join(f"<td><p>{c[:2]}<br>{c[2:]}</p></td>" for c in COL_LABELS[1:6]) + "</tr>")
    rows = t3_rows(variant)
    groups = {}
    for i, (rid, grp, label) in enumerate(rows):
        if grp:
            end = i + 1
            while end < len(rows) and not rows[end][1] and rows[end][0] not in ("t3.total", "t3.carried_forward", "t3.other"):
                end += 1
            groups[i] = end - i
    res_start = next(i for i, r in enumerate(rows) if r[0] == "t3.granted")
    res_end = next(i for i, r in enumerate(rows) if r[0] == "t3.total")
    for i, (rid, grp, label) in enumerate(rows):
        cells = []
        if rid in ("t3.new_received", "t3.carried_over", "t3.carried_forward"):
            cells.append(f"<td colspan=3><p><span>{label}</span></p></td>")
        else:
            if i == res_start:
                cells.append(f'<td rowspan={res_end - res_start + 1}><p>三、本年度办理结果</p></td>')
            sub = rid.startswith(("t3.denied", "t3.unable", "t3.rejected")) or (rid.startswith("t3.other.") and variant == "2021")
            if sub:
                if grp:
                    cells.append(f"<td rowspan={groups[i]}><p><span>{grp}</span></p></td>")
                cells.append(f"<td><p><span>{label}</span></p></td>")
            else:
                cells.append(f"<td colspan=2><p><span>{label}</span><span>&nbsp;</span></p></td>")
        for c in COLS:
            x = v[f"{rid}.{c}"]
            if blank_zero_cols and c in ("business", "research", "social", "legal", "other_org") and x == 0:
                cells.append("<td><p><span><o:p>&nbsp;</o:p></span></p></td>")
            else:
                cells.append(f"<td><p align=center><span>{fmt(x)}</span></p></td>")
        o.append("<tr>" + "".join(cells) + "</tr>")
    o.append("</table>")
    o.append("<p>四、政府信息公开行政复议、行政诉讼情况</p>")
    o.append("<table border=1><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
             "<tr><td rowspan=2>结果<br>维持</td><td rowspan=2>结果<br>纠正</td><td rowspan=2>其他<br>结果</td>"
             "<td rowspan=2>尚未<br>审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td>"
             "<td colspan=5>复议后起诉</td></tr><tr>" + "".join(
        f"<td>{x}</td>" for x in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "</tr><tr>" + "".join(
        f"<td>&nbsp;{fmt(v[b + '.' + s])}&nbsp;</td>" for b in T4_BLOCKS for s in T4_RES) + "</tr></table>")
    for p in closing(agency, year, published):
        o.append(f"<p>{p}</p>")
    page = "\n".join(o)
    if PAD_HTML and len(page.encode()) < PAD_HTML:
        nav = '<li><a href="/col/{0}/index.html" class="nav-link">政务公开栏目{0}</a></li>'
        pad, k = [], 0
        while len(page.encode()) + sum(len(x.encode()) for x in pad) < PAD_HTML:
            pad.append(nav.format(k))
            k += 1
        page = page.replace("<body>", '<body><div class="header"><ul class="nav">' + "".join(pad) + "</ul></div>", 1)
    return page + "\n</body></html>"


def t3_header_lines():
    return ["三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况"]


def tab_report(v, meta, variant):
    o = narrative(meta["agency"], meta["year"])
    for head, cols, rows in t2_rows(meta["template"]):
        o.append(head)
        o.append("\t".join(cols))
        for label, rid, sfx in rows:
            o.append("\t".join([label] + [fmt(v[f"{rid}.{s}"]) for s in sfx]))
    o += t3_header_lines()
    o.append("\t\t" + "\t".join(COL_LABELS))
    for rid, grp, label in t3_rows(variant):
        o.append("\t".join([grp, label] + [fmt(v[f"{rid}.{c}"]) for c in COLS]))
    o.append("四、政府信息公开行政复议、行政诉讼情况")
    o.append("行政复议\t\t\t\t\t行政诉讼")
    o.append("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉")
    o.append("\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
    o.append("\t".join(fmt(v[f"{b}.{s}"]) for b in T4_BLOCKS for s in T4_RES))
    return "\n".join(o + closing(meta["agency"], meta["year"], meta["published"])) + "\n"


def pad(s, w):
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
    return s + " " * max(1, w - width)


def layout_report(v, meta, variant):
    """pdftotext -layout: aligned columns, long labels wrapped with the numbers on the first or the second line,
    page numbers between rows, 表四's header over several lines and its 15 numbers on one line."""
    o = ["          " + meta["agency"], "    " + f"{meta['year']} 年政府信息公开工作年度报告", ""]
    o += narrative(meta["agency"], meta["year"])[1:]
    for head, cols, rows in t2_rows(meta["template"]):
        o.append("              " + head)
        o.append("       " + "   ".join(cols))
        for label, rid, sfx in rows:
            o.append(pad(label, 20) + "      ".join(fmt(v[f"{rid}.{s}"]) for s in sfx))
    o.append("")
    o += ["                  " + t3_header_lines()[0], "                                                    申请人情况",
          "                                                 法人或其他组织",
          "（本列数据的勾稽关系为：第一项加第二项之和， 等", "于第三项加第四项之和）",
          "                                     自然人         社会 法律                总计",
          "                                           商业 科研", "                                                 公益 服务 其他",
          "                                           企业 机构", "                                                 组织 机构", ""]
    for i, (rid, grp, label) in enumerate(t3_rows(variant)):
        nums = "    ".join(fmt(v[f"{rid}.{c}"]) for c in COLS)
        if len(label) > 16:
            cut = len(label) // 2
            if i % 2:
                o.append("            " + pad(label[:cut], 36) + nums)
                o.append("               " + label[cut:])
            else:
                o.append("            " + label[:cut])
                o.append("               " + label[cut:])
                o.append(" " * 44 + nums)
        else:
            o.append("            " + pad(label, 36) + nums)
        if grp:
            o.append("      " + " ".join(grp))
        if i == 12:
            o += ["", "                                                    -3-", ""]
    o += ["", "     四、政府信息公开行政复议、行政诉讼情况", "          行政复议                              行政诉讼", "",
          "                              未经复议直接起诉                  复议后起诉", "",
          "结果   结果     其他   尚未", "                    总 计 结果 结果 其他       尚未     结果 结果 其他 尚未",
          "维持   纠正     结果   审结                                               总计", "                                          总 计",
          "                        维持 纠正 结果       审结     维持 纠正 结果 审结", "", "",
          "    ".join(fmt(v[f"{b}.{s}"]) for b in T4_BLOCKS for s in T4_RES), ""]
    return "\n".join(o + closing(meta["agency"], meta["year"], meta["published"])) + "\n"


def markdown_report(v, meta, variant):
    o = ["# " + narrative(meta["agency"], meta["year"])[0], ""] + narrative(meta["agency"], meta["year"])[1:]
    for head, cols, rows in t2_rows(meta["template"]):
        o += ["", head, "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for label, rid, sfx in rows:
            o.append("| " + " | ".join([label] + [fmt(v[f"{rid}.{s}"]) for s in sfx]) + " |")
    o += [""] + t3_header_lines() + ["", "| | | " + " | ".join(COL_LABELS) + " |", "|" + "---|" * 9]
    for rid, grp, label in t3_rows(variant):
        o.append("| " + " | ".join([grp, label] + [fmt(v[f"{rid}.{c}"]) for c in COLS]) + " |")
    o += ["", "四、政府信息公开行政复议、行政诉讼情况", "",
          "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |", "|" + "---|" * 15,
          "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
          "| | | | | | " + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + " |",
          "| " + " | ".join(fmt(v[f"{b}.{s}"]) for b in T4_BLOCKS for s in T4_RES) + " |", ""]
    return "\n".join(o + closing(meta["agency"], meta["year"], meta["published"])) + "\n"


def glued_report(v, meta, variant):
    o = "".join(narrative(meta["agency"], meta["year"]))
    for head, cols, rows in t2_rows(meta["template"]):
        o += head + "".join(cols)
        for label, rid, sfx in rows:
            o += label + "".join(fmt(v[f"{rid}.{s}"]) for s in sfx)
    o += "".join(t3_header_lines()) + "".join(COL_LABELS)
    for rid, grp, label in t3_rows(variant):
        o += grp + label + "".join(fmt(v[f"{rid}.{c}"]) for c in COLS)
    o += "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    o += "结果维持结果纠正其他结果尚未审结总计" * 2
    o += "".join(fmt(v[f"{b}.{s}"]) for b in T4_BLOCKS for s in T4_RES)
    return o + "".join(closing(meta["agency"], meta["year"], meta["published"])) + "\n"


OCR_SUBST = {"申请数量": "申清数量", "予以公开": "予以公幵", "国家秘密": "国家秘蜜", "行政查询事项": "行政査询事项",
             "重复申请": "重复申靖", "结转下年度": "结转下年廋", "审结": "审洁", "规章": "规章"}


def ocr_report(v, meta, variant):
    """OCR text: misread characters in labels and headers, full-width digits and spaces between cells."""
    text = layout_report(v, meta, variant)
    for a, b in OCR_SUBST.items():
        text = text.replace(a, b, 1) if a != "审结" else text.replace(a, b)
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    return "\n".join(line.translate(fw) if any(ch.isdigit() for ch in line) and "年" not in line else line
                     for line in text.split("\n"))


def expected(v, meta, template, variant, breaks=()):
    fields = {}
    for k in field_ids(template, variant):
        fields[k] = v[k]
    return {"meta": meta, "fields": fields, "breaks": sorted(breaks), "notes": "generated by tests/golden/make_corpus.py"}


def field_ids(template, variant):
    ids = []
    here = os.path.dirname(os.path.abspath(__file__))
    for line in open(os.path.join(here, "..", "..", "patterns", "fields.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        fid, tmpl, table, _ = line.rstrip("\n").split("\t")
        if table == "t2" and template in tmpl.split(","):
            ids.append(fid)
        elif table == "t3":
            if fid == "t3.other" and variant == "2021": continue
            if fid.startswith("t3.other.") and variant == "2019": continue
            ids += [f"{fid}.{c}" for c in COLS]
        elif table == "t4":
            ids += [f"{fid}.{s}" for s in T4_RES]
    return ids


def write(out, name, text, exp, encoding="utf-8"):
    with open(os.path.join(out, name), "wb") as f:
        f.write(text.encode(encoding))
    if exp is not None:
        with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(exp, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--bench":
        global PAD_HTML
        n, out = int(sys.argv[2]), sys.argv[3]
        if "--pad-html" in sys.argv:
            PAD_HTML = int(sys.argv[sys.argv.index("--pad-html") + 1])
        os.makedirs(out, exist_ok=True)
        rng = random.Random(7)
        layouts = [("html", html_report), ("txt", tab_report), ("layout.txt", layout_report), ("md", markdown_report)]
        for i in range(n):
            tmpl = "2021" if i % 3 else "2019"
            var = tmpl
            meta = {"agency": f"测试市第{i}局", "year": 2022 if tmpl == "2021" else 2020, "published": "2023-01-15", "template": tmpl}
            v = make_values(rng, tmpl, var, big=True)
            if i % 10 == 0:
                v["t3.granted.natural"] += 1  # some reports break their sums
            ext, fn = layouts[i % len(layouts)] if i % 2 else layouts[0]
            write(out, f"r{i:06d}.{ext}", fn(v, meta, var), None)
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    os.makedirs(out, exist_ok=True)
    rng = random.Random(2021)

    m = {"agency": "某市交通运输局", "year": 2022, "published": "2023-01-18", "template": "2021"}
    v = make_values(rng, "2021", "2021")
    write(out, "word-export_2022.html", html_report(v, m, "2021", charset="gb2312"), expected(v, m, "2021", "2021"), "gb18030")
    write(out, "word-export_2022.tab.txt", tab_report(v, m, "2021"), expected(v, m, "2021", "2021"))
    write(out, "word-export_2022.md", markdown_report(v, m, "2021"), expected(v, m, "2021", "2021"))
    write(out, "word-export_2022.ocr.txt", ocr_report(v, m, "2021"), expected(v, m, "2021", "2021"))

    m = {"agency": "某县人民政府办公室", "year": 2023, "published": "2024-01-25", "template": "2021"}
    v = make_values(rng, "2021", "2019")
    write(out, "gbk-no-charset_2023.html", html_report(v, m, "2019", declare=False, blank_zero_cols=True),
          expected(v, m, "2021", "2019"), "gb18030")
    write(out, "pdf-layout_2023.layout.txt", layout_report(v, m, "2019"), expected(v, m, "2021", "2019"))

    m = {"agency": "某区生态环境局", "year": 2020, "published": "2021-01-20", "template": "2019"}
    v = make_values(rng, "2019", "2019")
    v["t2.penalty.prev_items"], v["t2.penalty.change"], v["t2.penalty.decisions"] = 35, -7, 28
    write(out, "template-2019_2020.html", html_report(v, m, "2019"), expected(v, m, "2019", "2019"))
    exp = expected(v, m, "2019", "2019")
    exp["incomplete"] = ("glued 表二 rows have no sums to tell the ways to cut their digits apart: "
                         "an ambiguous row stays null with a warning")
    write(out, "template-2019_2020.glued.txt", glued_report(v, m, "2019"), exp)

    m = {"agency": "某市市场监督管理局", "year": 2021, "published": "2022-01-28", "template": "2021"}
    v = make_values(rng, "2021", "2021")
    v["t3.granted.natural"] += 2           # 自然人 column no longer adds up; row total printed as computed before
    v["t4.review.total"] += 1               # 表四 block total off by one
    br = ["t3.row_total:t3.granted", "t3.column_total:natural", "t4.block_total:t4.review"]
    write(out, "breaks_2021.html", html_report(v, m, "2021"), expected(v, m, "2021", "2021", br))
    write(out, "breaks_2021.layout.txt", layout_report(v, m, "2021"), expected(v, m, "2021", "2021", br))

    legacy = ("某县民政局2017年政府信息公开工作年度报告\n\n一、概述\n2017年，我局主动公开政府信息56条，受理依申请公开3件，均按时答复。\n"
              "二、主动公开政府信息情况\n全年主动公开各类信息56条。\n三、依申请公开情况\n共受理申请3件，其中同意公开2件，不予公开1件。\n"
              "四、复议、诉讼情况\n无。\n\n某县民政局\n2018年3月20日\n")
    write(out, "legacy_2017.txt", legacy, {"meta": {"agency": "某县民政局", "year": 2017, "published": "2018-03-20",
                                                    "template": "legacy"}, "fields": {}, "breaks": [],
                                           "notes": "pre-2019 report: meta only"})


if __name__ == "__main__":
    main()
