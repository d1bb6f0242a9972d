#!/usr/bin/env python3
"""Run a program built from a golden case and compare its stdout with the
expected output:

    run_case.py [RUNNER...] -- PROGRAM EXPECTED_STDOUT

RUNNER (optional) is a command to run the program under, e.g. valgrind
with its options. Fails on a different output, a non-zero exit status,
or a timeout.
"""

import difflib
import subprocess
import sys


def main(argv):
    runner = []
    args = argv[1:]
    if "--" in args:
        i = args.index("--")
        runner, args = args[:i], args[i + 1:]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    program, expected_path = args
    with open(expected_path) as f:
        expected = f.read()
    try:
        p = subprocess.run(runner + [program], capture_output=True,
                           text=True, timeout=120)
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
