#!/usr/bin/env python3
"""Writes the seeds of fuzz_whole into OUT_DIR (make fuzz does, into build-fuzz/seeds-whole/).

fuzz_whole reads its first byte as a config byte (fuzz_targets.c), so the corpus files are given to it with
one in front: 0x00 (default limits), 0x04 (the layout dump too) for the HTML and Word reports, 0x08 for the
PDFs (bit 3: the PDF is read). Two larger inputs exercise the size paths from the first execution: ~1 MB of
reports one after another with small cell/depth limits (0xF1: 121 cells, depth 16, so the reader stops early)
and ~200 KB with the default limits (the readers and the extraction on a large report).
usage: whole_seeds.py CORPUS_DIR OUT_DIR
"""
import os
import sys

corpus, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
texts = []
for name in sorted(os.listdir(corpus)):
    if name.endswith(".json"):
        continue
    data = open(os.path.join(corpus, name), "rb").read()
    if data.startswith(b"%PDF-"):
        config = 0x08
    elif name.endswith((".html", ".docx")):
        config = 0x04
    else:
        config = 0x00
        texts.append(data)
    open(os.path.join(out, name), "wb").write(bytes([config]) + data)


def joined(limit):
    buf = b""
    while texts and len(buf) < limit:
        for t in texts:
            buf += t + b"\n"
    return buf[:limit]


open(os.path.join(out, "big-small-limits.txt"), "wb").write(b"\xf1" + joined(1 << 20))
open(os.path.join(out, "big-defaults.txt"), "wb").write(b"\x00" + joined(200 << 10))
