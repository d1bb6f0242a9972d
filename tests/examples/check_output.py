#!/usr/bin/env python3
"""Run an example program and check its stdout against the seed's expected
output.

Usage: check_output.py NAME PROGRAM [ARGS...]

expected/NAME.txt   the output must be exactly this text;
expected/NAME.re    one regular expression per output line (re.fullmatch),
                    with named groups capturing numbers, and optionally
expected/NAME.checks  one rule per line about those numbers:
                        X is between LO and HI
                        X - Y is between LO and HI   ("minus" works too)
                        X is at least LO / X is at most HI

Prints "NAME: OK" or the first difference; exit status 0 on a match, 1 on
a mismatch or if the program failed (non-zero exit, anything on stderr),
2 on bad arguments or broken expectation files. Standard library only.
"""

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "expected"
NUM = r"[-+]?\d+(?:\.\d*)?"
RULE = re.compile(
    rf"(?P<a>\w+)(?:\s*(?:-|minus)\s*(?P<b>\w+))?\s+is\s+"
    rf"(?:between\s+(?P<lo>{NUM})\s+and\s+(?P<hi>{NUM})"
    rf"|at\s+least\s+(?P<min>{NUM})|at\s+most\s+(?P<max>{NUM}))\.?$")


class Broken(Exception):
    pass


def first_difference(name, expected, actual, same):
    for i in range(max(len(expected), len(actual))):
        if i >= len(expected):
            return f"{name}: line {i + 1}: unexpected extra line {actual[i]!r}"
        if i >= len(actual):
            want = getattr(expected[i], "pattern", expected[i])
            return f"{name}: line {i + 1}: output ended; expected {want!r}"
        if not same(expected[i], actual[i]):
            want = getattr(expected[i], "pattern", expected[i])
            return (f"{name}: line {i + 1}:\n  expected {want!r}\n"
                    f"  actual   {actual[i]!r}")
    return None


def check_text(name, text):
    path_txt = HERE / f"{name}.txt"
    path_re = HERE / f"{name}.re"
    if path_txt.exists():
        want = path_txt.read_text()
        if text == want:
            return None
        diff = first_difference(name, want.split("\n"), text.split("\n"),
                                lambda e, a: e == a)
        return diff or f"{name}: the output differs in its final newline"
    if not path_re.exists():
        raise Broken(f"no expected/{name}.txt or expected/{name}.re")
    patterns = []
    for n, line in enumerate(path_re.read_text().splitlines(), 1):
        try:
            patterns.append(re.compile(line))
        except re.error as e:
            raise Broken(f"expected/{name}.re:{n}: {e}")
    if not text.endswith("\n"):
        return f"{name}: the output does not end with a newline"
    lines = text[:-1].split("\n") if text else []
    values = {}

    def same(pattern, line):
        m = pattern.fullmatch(line)
        if m:
            values.update(m.groupdict())
        return m is not None

    diff = first_difference(name, patterns, lines, same)
    if diff:
        return diff
    checks = HERE / f"{name}.checks"
    if checks.exists():
        for n, rule in enumerate(checks.read_text().splitlines(), 1):
            rule = rule.strip()
            if not rule or rule.startswith("#"):
                continue
            m = RULE.match(rule)
            if not m:
                raise Broken(f"expected/{name}.checks:{n}: cannot read {rule!r}")
            try:
                value = float(values[m["a"]])
                if m["b"]:
                    value -= float(values[m["b"]])
            except KeyError as e:
                raise Broken(f"expected/{name}.checks:{n}: no group {e}")
            if m["lo"] is not None:
                ok = float(m["lo"]) <= value <= float(m["hi"])
            elif m["min"] is not None:
                ok = value >= float(m["min"])
            else:
                ok = value <= float(m["max"])
            if not ok:
                return f"{name}: check failed: {rule} (value {value:.6g})"
    return None


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    name, cmd = argv[1], argv[2:]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"{name}: cannot run {cmd[0]}: {e}")
        return 1
    text = proc.stdout.decode("utf-8", errors="replace")
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}")
    if proc.stderr:
        problems.append("stderr: " + proc.stderr.decode(errors="replace").strip())
    try:
        diff = check_text(name, text)
    except Broken as e:
        print(f"{name}: {e}", file=sys.stderr)
        return 2
    if diff:
        problems.append(diff)
    if problems:
        print("\n".join(problems))
        print("--- output was:\n" + text, end="")
        return 1
    print(f"{name}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
