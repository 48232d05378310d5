#!/usr/bin/env python3
"""The module graph of extractor/ has no cycles, and every file says what it holds.

Module X depends on module Y when X.c or X.h includes "Y.h" (ogi.h, the public header, and the
ogi_version.h it includes are exempt: every module may use the public API). A cycle is printed with the
modules on it and the include lines that make it; so is a .c or .h file whose first lines hold no comment.
So that the includes are the whole graph, a name X.c defines for other files (not static, not ogi_*) must be
declared in X.h: declared in another module's header, its users would depend on X without including X.h.

usage: deps_test.py [EXTRACTOR_DIR] [--layers]   (default: extractor/ beside tests/; --layers: print the
modules by layer, bottom first, when the graph has no cycle)
"""
import os
import re
import sys

EXEMPT = {"ogi", "ogi_version"}
HEADER_LINES = 5  # a file's header comment starts within its first lines
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# a definition at file scope starts in column 0 (the code's style): a type, then the name and "(" or "[] ="
DEFINITION = re.compile(r'^(?!static\b|typedef\b|struct\b|enum\b|extern\b|return\b)[A-Za-z_][\w *]*?\b([A-Za-z_]\w*)\s*(\(|\[\]\s*=)')


def modules(src):
    """{module: {dependency: (file, line number)}} for the .c/.h files of src."""
    graph = {}
    names = sorted(f for f in os.listdir(src) if f.endswith((".c", ".h")))
    headers = {f[:-2] for f in names if f.endswith(".h")}
    for f in names:
        mod = f[:-2]
        if mod in EXEMPT:
            continue
        deps = graph.setdefault(mod, {})
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                inc = os.path.basename(m.group(1))
                if not inc.endswith(".h"):
                    continue
                dep = inc[:-2]
                if dep == mod or dep in EXEMPT or dep not in headers:
                    continue
                deps.setdefault(dep, (f, no))
    return graph


def sccs(graph):
    """Tarjan's strongly connected components (iterative), each a sorted list."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in graph:
                    continue
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def cycle_in(graph, comp):
    """One shortest cycle through the first module of a strongly connected component."""
    members = set(comp)
    start = comp[0]
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return comp + [comp[0]]


def layers(graph):
    """The modules by height: layer 0 depends on no module, layer n on modules below n only."""
    height = {}

    def h(m):
        if m not in height:
            height[m] = 1 + max((h(d) for d in graph[m] if d in graph), default=-1)
        return height[m]

    for m in graph:
        h(m)
    out = [[] for _ in range(max(height.values()) + 1)] if height else []
    for m in sorted(graph):
        out[height[m]].append(m)
    return out


def header_comment(path):
    with open(path, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if no > HEADER_LINES:
                return False
            s = line.strip()
            if not s:
                continue
            if s.startswith("/*") or s.startswith("//"):
                return True
            return False
    return False


def undeclared(src):
    """(file, line, name) for each name a .c file defines for other files that its own header does not declare."""
    out = []
    for f in sorted(os.listdir(src)):
        if not f.endswith(".c"):
            continue
        h = os.path.join(src, f[:-2] + ".h")
        header = open(h, encoding="utf-8").read() if os.path.exists(h) else ""
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                m = DEFINITION.match(line)
                if not m or m.group(1).startswith("ogi_") or m.group(1) == "main":
                    continue
                if not re.search(r"\b%s\b" % re.escape(m.group(1)), header):
                    out.append((f, no, m.group(1)))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    src = args[0] if args else os.path.join(here, "..", "extractor")
    graph = modules(src)
    failures = 0
    for comp in sccs(graph):
        if len(comp) < 2:
            continue
        # a shortest cycle through each module of the component not yet shown on one
        shown = set()
        for start in comp:
            if start in shown:
                continue
            cyc = cycle_in(graph, [start] + [m for m in comp if m != start])
            shown.update(cyc)
            failures += 1
            print("cycle: " + " -> ".join(cyc))
            for a, b in zip(cyc, cyc[1:]):
                f, no = graph[a][b]
                print("  %s:%d: includes %s.h" % (f, no, b))
        print("  (one strongly connected component: %s)" % " ".join(comp))
    for f in sorted(os.listdir(src)):
        if f.endswith((".c", ".h")) and not header_comment(os.path.join(src, f)):
            failures += 1
            print("%s: no header comment in its first %d lines (say what the file holds)" % (f, HEADER_LINES))
    for f, no, name in undeclared(src):
        failures += 1
        print("%s:%d: %s is defined for other files but not declared in %s.h (static, or declare it there)"
              % (f, no, name, f[:-2]))
    if "--layers" in sys.argv[1:] and not failures:
        for depth, mods in enumerate(layers(graph)):
            print("layer %d: %s" % (depth, " ".join(mods)))
    edges = sum(len(d) for d in graph.values())
    if failures:
        print("FAIL: %d problem(s); %d modules, %d dependencies" % (failures, len(graph), edges))
        return 1
    print("ok: %d modules, %d dependencies, no cycle; every file has a header comment; every shared name is"
          " declared in its module's header" % (len(graph), edges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
