"""Prints the one line CI reads, `N passed, N failed`, from meson's test logs.

Usage: summary.py BUILD_DIR...   (each may hold meson-logs/testlog.json)
A build directory without a log counts as one failure: its build or its
tests did not run. Failed tests are named just above the count: CI shows
only the tail of the output, and the name is what the next reader needs.
"""

import json
import os
import subprocess
import sys


def count(build_dir):
    """(passed, failed, names of the failed) in build_dir's last test run."""
    log = os.path.join(build_dir, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        return 0, 1, [f"{build_dir}: no test log (the build or its tests did not run)"]
    passed, failures = 0, []
    with open(log) as f:
        for line in f:
            test = json.loads(line)
            if test["result"] in ("OK", "EXPECTEDFAIL", "SKIP"):
                passed += 1
            else:
                failures.append(f"{build_dir}: {test['name']}: {test['result']} after {test['duration']:.1f} s")
    return passed, len(failures), failures


def gpu_tests(build_dir):
    try:
        out = subprocess.run(["meson", "introspect", build_dir, "--tests"], capture_output=True, text=True)
        # meson names suites "<project>:<suite>".
        return sum(1 for t in json.loads(out.stdout)
                   if any(s.split(":")[-1] == "gpu" for s in t.get("suite", [])))
    except (OSError, ValueError):
        return 0


def main(dirs):
    passed = failed = 0
    for d in dirs:
        p, f, failures = count(d)
        passed, failed = passed + p, failed + f
        for failure in failures:
            print(f"failed: {failure}")
    skipped = gpu_tests(dirs[0])
    if skipped:
        print(f"skipped the gpu suite ({skipped} tests): it needs a GPU; run `meson test -C {dirs[0]} --suite gpu` on one")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
