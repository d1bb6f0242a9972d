#!/usr/bin/env python3
"""Compile every expected .c file of the golden cases with one compiler
and one C standard, as strictly as the project compiles its own code:

    compile_check.py --cc gcc --std c99 [--include DIR] [-j N]

Each file is compiled with -Wall -Wextra -Wpedantic -Werror -O2 (some
warnings need the optimiser) against the runtime headers; its own
directory is on the include path, for the generated headers. Exit status
0 if all compile; the compiler's output for each failure otherwise.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
ROOT = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir))

FLAGS = ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O2"]


def generated_sources():
    out = []
    for entry in sorted(os.listdir(CASES)):
        path = os.path.join(CASES, entry)
        if os.path.isdir(path):
            for f in sorted(os.listdir(path)):
                if f.endswith(".ac") and os.path.isfile(
                        os.path.join(path, f[:-3] + ".c")):
                    out.append(os.path.join(path, f[:-3] + ".c"))
        elif entry.endswith(".ac") and os.path.isfile(
                os.path.join(CASES, entry[:-3] + ".c")):
            out.append(os.path.join(CASES, entry[:-3] + ".c"))
    return out


def compile_one(cc, std, include, path, extra):
    cmd = [cc, "-std=" + std] + FLAGS + extra + [
        "-I", os.path.dirname(path), "-I", include, "-c", path,
        "-o", os.devnull]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return path, p.returncode, p.stdout + p.stderr, cmd


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("--std", required=True)
    ap.add_argument("--include", default=os.path.join(ROOT, "include"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--flag", action="append", default=[],
                    help="an extra compiler flag (-D...)")
    args = ap.parse_args(argv)
    if shutil.which(args.cc) is None:
        print("compiler %s not found: skipped" % args.cc)
        return 77
    sources = generated_sources()
    if not sources:
        print("no generated sources found in %s" % CASES)
        return 1
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as ex:
        jobs = [ex.submit(compile_one, args.cc, args.std, args.include, p,
                          args.flag) for p in sources]
        for job in jobs:
            path, rc, output, cmd = job.result()
            rel = os.path.relpath(path, CASES)
            if rc != 0 or output.strip():
                failed += 1
                print("FAIL %s\n  %s\n%s" % (rel, " ".join(cmd), output))
    print("%s -std=%s: %d of %d files compiled cleanly"
          % (args.cc, args.std, len(sources) - failed, len(sources)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
