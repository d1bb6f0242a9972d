#!/usr/bin/env python3
"""Run a program built from a golden case and compare its stdout with the
expected output:

    run_case.py PROGRAM EXPECTED_STDOUT

Fails on a different output, a non-zero exit status, or a timeout.
"""

import difflib
import subprocess
import sys


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    program, expected_path = argv[1], argv[2]
    with open(expected_path) as f:
        expected = f.read()
    try:
        p = subprocess.run([program], capture_output=True, text=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        print("%s: timed out" % program)
        return 1
    ok = True
    if p.returncode != 0:
        print("%s exited with status %d" % (program, p.returncode))
        ok = False
    if p.stdout != expected:
        ok = False
        sys.stdout.writelines(difflib.unified_diff(
            expected.splitlines(True), p.stdout.splitlines(True),
            "expected", "actual"))
    if p.stderr:
        sys.stdout.write("stderr:\n" + p.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
