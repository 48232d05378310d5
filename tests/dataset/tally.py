"""The dataset tests' one way of counting: ok(cond, what) prints FAIL what when cond is false; done() prints
"N passed, M failed" and exits 1 when anything failed."""
import sys

passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def done():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
