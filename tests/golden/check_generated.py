#!/usr/bin/env python3
"""Fails when corpus/'s generated reports differ from what tests/golden/make_corpus.py writes."""
import filecmp, os, subprocess, sys, tempfile

root = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(root, "tests", "golden", "make_corpus.py"), tmp], check=True)
    bad = [n for n in sorted(os.listdir(tmp)) if not filecmp.cmp(os.path.join(tmp, n), os.path.join(root, "corpus", n), shallow=False)
           if os.path.exists(os.path.join(root, "corpus", n))] + \
          [n for n in sorted(os.listdir(tmp)) if not os.path.exists(os.path.join(root, "corpus", n))]
    for n in bad:
        print(f"corpus/{n} differs from what make_corpus.py writes: re-run python3 tests/golden/make_corpus.py corpus")
    print(f"{len(os.listdir(tmp)) - len(bad)} passed, {len(bad)} failed")
    sys.exit(1 if bad else 0)
