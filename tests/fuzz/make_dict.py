#!/usr/bin/env python3
"""Writes tests/fuzz/ogi.dict (libFuzzer syntax: bytes outside printable ASCII as \\xNN) from dict_words.txt."""
import os
here = os.path.dirname(os.path.abspath(__file__))
out = ["# libFuzzer dictionary: the template's labels and the markup around them (UTF-8 as \\x escapes).",
       "# Written from tests/fuzz/dict_words.txt by tests/fuzz/make_dict.py."]
for w in open(os.path.join(here, "dict_words.txt"), encoding="utf-8").read().split("\n"):
    if not w:
        continue
    esc = "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02x}" for b in w.encode())
    out.append(f'"{esc}"')
open(os.path.join(here, "ogi.dict"), "w").write("\n".join(out) + "\n")
