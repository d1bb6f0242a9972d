#!/usr/bin/env python3
"""The runtime's own async C: generate src/*.ac with ciogen into the
committed files (src/x.c, include/cio/x.h), or check that they are up to
date.

Usage: runtime_sources.py --check | --update      (from anywhere)

The generated files are committed so that building the library needs no
Python; the test gen.runtime_up_to_date runs --check."""
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["src/agen_collect.ac"]


def generate(out_dir):
    cmd = [sys.executable, "-B", str(ROOT / "gen" / "bin" / "ciogen"),
           "-I", "include", "--header-prefix", "cio/", "-o", str(out_dir)] + SOURCES
    subprocess.run(cmd, cwd=ROOT, check=True)


def targets(src):
    stem = Path(src).stem
    return [(f"{stem}.c", ROOT / "src" / f"{stem}.c"),
            (f"{stem}.h", ROOT / "include" / "cio" / f"{stem}.h")]


def main(argv):
    if len(argv) != 2 or argv[1] not in ("--check", "--update"):
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        try:
            generate(tmp)
        except subprocess.CalledProcessError as e:
            print(f"ciogen failed: {e}", file=sys.stderr)
            return 1
        stale = []
        for src in SOURCES:
            for name, dest in targets(src):
                fresh = Path(tmp) / name
                if argv[1] == "--update":
                    dest.write_bytes(fresh.read_bytes())
                elif not dest.exists() or not filecmp.cmp(fresh, dest, shallow=False):
                    stale.append(str(dest.relative_to(ROOT)))
        if stale:
            print("out of date (run: python3 gen/runtime_sources.py --update): "
                  + ", ".join(stale))
            return 1
    print("the runtime's generated sources are up to date" if argv[1] == "--check"
          else "updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
