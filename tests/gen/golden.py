#!/usr/bin/env python3
"""Golden tests of ciogen: each input beside its expected output.

    tests/gen/cases/NAME.ac           one input
      NAME.c, NAME.h                  the expected output, or
      NAME.err                        the expected diagnostics (exit status 1)
      NAME.out                        (optional) the stdout of the program:
                                      built and run by tests/gen/CMakeLists.txt
      NAME.args                       (optional) extra ciogen options
    tests/gen/cases/NAME/             several inputs, one invocation
      *.ac, *.c, *.h                  inputs and expected outputs
      expected.err, expected.out, args

ciogen runs in the case's directory with relative paths, as a user would,
so the expected files show `#line 12 "NAME.ac"`.

    golden.py [NAME...]               check (all cases by default)
    golden.py --update [NAME...]      rewrite the expected files from what
                                      ciogen produces now - review the diff!
    golden.py --list                  the case names
"""

import argparse
import contextlib
import difflib
import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
sys.path.insert(0, os.path.join(HERE, os.pardir, os.pardir, "gen"))

from ciogen import cli  # noqa: E402


class Case:
    def __init__(self, name):
        self.name = name
        path = os.path.join(CASES, name)
        if os.path.isdir(path):
            self.dir = path
            self.inputs = sorted(f for f in os.listdir(path)
                                 if f.endswith(".ac"))
            self.err = os.path.join(path, "expected.err")
            self.out = os.path.join(path, "expected.out")
            self.args_file = os.path.join(path, "args")
        else:
            self.dir = CASES
            self.inputs = [name + ".ac"]
            self.err = os.path.join(CASES, name + ".err")
            self.out = os.path.join(CASES, name + ".out")
            self.args_file = os.path.join(CASES, name + ".args")

    @property
    def args(self):
        if os.path.isfile(self.args_file):
            with open(self.args_file) as f:
                return f.read().split()
        return []

    @property
    def expects_error(self):
        return os.path.isfile(self.err)

    def expected_files(self):
        out = []
        for inp in self.inputs:
            base = inp[:-3]
            out += [base + ".c", base + ".h"]
        return out

    def run(self, outdir):
        """Run ciogen; returns (exit status, stderr, {name: text})."""
        err = io.StringIO()
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(self.dir)
        try:
            with contextlib.redirect_stderr(err), \
                    contextlib.redirect_stdout(out):
                status = cli.main(["-o", outdir] + self.args + self.inputs)
        finally:
            os.chdir(cwd)
        files = {}
        if os.path.isdir(outdir):
            for name in sorted(os.listdir(outdir)):
                with open(os.path.join(outdir, name)) as f:
                    files[name] = f.read()
        return status, err.getvalue(), files


def all_cases():
    names = []
    for entry in sorted(os.listdir(CASES)):
        path = os.path.join(CASES, entry)
        if entry.endswith(".ac") and os.path.isfile(path):
            names.append(entry[:-3])
        elif os.path.isdir(path) and any(f.endswith(".ac")
                                         for f in os.listdir(path)):
            names.append(entry)
    return names


def _diff(expected, actual, name):
    lines = list(difflib.unified_diff(
        expected.splitlines(True), actual.splitlines(True),
        "expected/" + name, "actual/" + name))
    text = "".join(lines[:80])
    if len(lines) > 80:
        text += "... (%d more diff lines)\n" % (len(lines) - 80)
    return text


def _read(path):
    with open(path) as f:
        return f.read()


def check(case, update):
    tmp = tempfile.mkdtemp(prefix="ciogen-golden-")
    try:
        status, err, files = case.run(tmp)
    finally:
        pass
    problems = []
    try:
        if update:
            if status == 1:
                with open(case.err, "w") as f:
                    f.write(err)
                for name in case.expected_files():
                    p = os.path.join(case.dir, name)
                    if os.path.exists(p):
                        os.remove(p)
            elif status == 0:
                if os.path.exists(case.err):
                    os.remove(case.err)
                for name, text in files.items():
                    with open(os.path.join(case.dir, name), "w") as f:
                        f.write(text)
            else:
                problems.append("ciogen exited with %d:\n%s" % (status, err))
            return problems
        if case.expects_error:
            if status != 1:
                problems.append("expected exit status 1, got %d" % status)
            want = _read(case.err)
            if err != want:
                problems.append(_diff(want, err, os.path.basename(case.err)))
            if files:
                problems.append("files were written despite errors: %s"
                                % ", ".join(files))
            return problems
        if status != 0:
            problems.append("ciogen failed (exit %d):\n%s" % (status, err))
            return problems
        for name in case.expected_files():
            path = os.path.join(case.dir, name)
            if not os.path.isfile(path):
                problems.append("missing expected file %s (run golden.py "
                                "--update %s)" % (name, case.name))
                continue
            want = _read(path)
            got = files.get(name)
            if got is None:
                problems.append("ciogen did not write %s" % name)
            elif got != want:
                problems.append(_diff(want, got, name))
        extra = set(files) - set(case.expected_files())
        if extra:
            problems.append("unexpected outputs: %s" % ", ".join(sorted(extra)))
        if err:
            problems.append("unexpected diagnostics:\n" + err)
        return problems
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    names = args.names or all_cases()
    if args.list:
        print("\n".join(names))
        return 0
    failed = 0
    for name in names:
        case = Case(name)
        if not case.inputs:
            print("FAIL %s: no such case" % name)
            failed += 1
            continue
        problems = check(case, args.update)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print(p.rstrip())
        else:
            print("%s %s" % ("updated" if args.update else "ok", name))
    if failed:
        print("%d of %d golden cases failed" % (failed, len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
