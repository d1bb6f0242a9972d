"""The plain-Makefile example (examples/makefile) builds with make alone
(no CMake: the runtime is compiled from source), runs, and prints its
greetings; a second make does nothing.

    test_makefile.py --c-compiler CC --source CIO_SOURCE_DIR [--backend B]
"""

import argparse
import os
import shutil
import sys
import tempfile
import unittest

from common import run

ARGS = None


class MakefileExample(unittest.TestCase):
    def test_make_build_run(self):
        if not shutil.which("make"):
            self.skipTest("make not found")
        example = os.path.join(ARGS.source, "examples", "makefile")
        build = tempfile.mkdtemp(prefix="ciogen-make-")
        self.addCleanup(shutil.rmtree, build, True)
        args = ["make", "-C", example, "BUILD=" + build, "CC=" + ARGS.c_compiler,
                "PYTHON=" + sys.executable, "BACKEND=" + ARGS.backend,
                "CFLAGS=-std=c99 -O2 -g -Wall -Wextra -Wpedantic -Werror"]
        out = run(args + ["-j2"]).stdout
        self.assertIn("ciogen", out)
        p = run([os.path.join(build, "hello")])
        self.assertEqual(p.stdout, "hello, Chris\nhello, Brian\nhello, Ada\n"
                         "greeted 13 letters of names (rc=0)\n")
        again = run(args).stdout
        self.assertNotIn("ciogen", again)
        self.assertNotIn(" -c ", again)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--c-compiler", default="cc")
    ap.add_argument("--source", required=True)
    ap.add_argument("--backend", default="epoll")
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
