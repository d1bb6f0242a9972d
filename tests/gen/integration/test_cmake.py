"""cio_generate() in real CMake projects, on a copy of the cio source tree:

- a consumer uses cio through add_subdirectory() and generates two .ac
  files in one call; the program runs;
- a second build runs nothing; touching an input, a header an input
  includes, a generator module or a template reruns ciogen, and touching
  an unrelated file does not;
- cio installed to a prefix works through find_package(cio): cio::cio
  and cio_generate() with the installed generator;
- without Jinja2, configuring stops with the install command.

    test_cmake.py --cmake CMAKE --c-compiler CC --source CIO_SOURCE_DIR
"""

import argparse
import os
import shutil
import stat
import sys
import tempfile
import time
import unittest

from common import run, write

ARGS = None

MAIN_AC = """\
#include <stdio.h>

#include "cio.h"
#include "extra.h"

async int main_task(void)
{
    int r = await worker(20);
    printf("worker said %d\\n", r);
    return r + EXTRA;
}

int main(void)
{
    cio_loop_t loop;
    int r = 0;
    if (cio_loop_init(&loop) != 0)
        return 1;
    int rc = main_task_run(&loop, &r);
    printf("rc=%d r=%d\\n", rc, r);
    cio_loop_close(&loop);
    return rc;
}
"""

WORKER_AC = """\
#include "cio.h"

async int worker(int n)
{
    await cio_sleep(CIO_MS(1));
    return n + 1;
}
"""

EXTRA_H = """\
#define EXTRA 100
"""

CONSUMER = """\
cmake_minimum_required(VERSION 3.16)
project(consumer C)
{find}
add_executable(app)
cio_generate(app SOURCES src/main.ac src/worker.ac INCLUDE_DIRS include)
target_link_libraries(app PRIVATE cio::cio)
"""


def copy_source(src, dst):
    def ignore(d, names):
        skip = {"build", ".git", "__pycache__"}
        return [n for n in names if n in skip or n.startswith("build")]
    shutil.copytree(src, dst, ignore=ignore)


class CMakeIntegration(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ciogen-cmake-")
        cls.cio = os.path.join(cls.tmp, "cio")
        copy_source(ARGS.source, cls.cio)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def consumer(self, name, find):
        d = os.path.join(self.tmp, name)
        write(os.path.join(d, "CMakeLists.txt"), CONSUMER.format(find=find))
        write(os.path.join(d, "src", "main.ac"), MAIN_AC)
        write(os.path.join(d, "src", "worker.ac"), WORKER_AC)
        write(os.path.join(d, "include", "extra.h"), EXTRA_H)
        return d

    def configure(self, src, build, *extra, check=True):
        return run([ARGS.cmake, "-S", src, "-B", build,
                    "-DCMAKE_C_COMPILER=" + ARGS.c_compiler] + list(extra),
                   check=check)

    def build(self, build):
        return run([ARGS.cmake, "--build", build, "-j2"])

    def test_add_subdirectory_and_regeneration(self):
        d = self.consumer("sub", 'add_subdirectory("%s" cio)' % self.cio)
        b = os.path.join(d, "build")
        self.configure(d, b)
        self.build(b)
        p = run([os.path.join(b, "app")])
        self.assertIn("worker said 21", p.stdout)
        self.assertIn("rc=0 r=121", p.stdout)
        gen_c = os.path.join(b, "ciogen", "app", "main.c")
        with open(gen_c) as f:
            self.assertIn('#line 6 "src/main.ac"', f.read())

        def regenerated(touch=None):
            before = os.stat(gen_c).st_mtime_ns
            if touch is not None:
                time.sleep(1.1)  # make timestamps differ
                os.utime(touch)
            out = self.build(b).stdout
            ran = "ciogen:" in out
            after = os.stat(gen_c).st_mtime_ns
            self.assertEqual(ran, after != before, out)
            return ran

        self.assertFalse(regenerated(), "a second build reran ciogen")
        self.assertTrue(regenerated(os.path.join(d, "src", "worker.ac")),
                        "an input changed")
        self.assertTrue(regenerated(os.path.join(d, "include", "extra.h")),
                        "an included header changed")
        self.assertTrue(regenerated(os.path.join(
            self.cio, "gen", "templates", "coroutine.c.j2")),
            "a template changed")
        self.assertTrue(regenerated(os.path.join(
            self.cio, "gen", "ciogen", "lower.py")), "a module changed")
        self.assertFalse(regenerated(os.path.join(d, "CMakeLists.txt")),
                         "an unrelated file changed")
        self.assertFalse(regenerated(), "nothing changed")

    def test_install_and_find_package(self):
        b = os.path.join(self.tmp, "cio-build")
        prefix = os.path.join(self.tmp, "prefix")
        self.configure(self.cio, b, "-DCIO_BUILD_TESTS=OFF",
                       "-DCIO_BUILD_EXAMPLES=OFF", "-DCIO_BUILD_BENCH=OFF",
                       "-DCMAKE_INSTALL_PREFIX=" + prefix)
        self.build(b)
        run([ARGS.cmake, "--install", b])
        for path in ("bin/ciogen", "share/cio/gen/ciogen/cli.py",
                     "share/cio/gen/templates/source.c.j2",
                     "share/cio/gen/bin/ciogen", "include/cio/async.h",
                     "include/cio/coro.h"):
            self.assertTrue(os.path.exists(os.path.join(prefix, path)), path)
        p = run([os.path.join(prefix, "bin", "ciogen"), "--version"])
        self.assertIn("ciogen", p.stdout)
        d = self.consumer("installed", "find_package(cio 0.1 REQUIRED)")
        cb = os.path.join(d, "build")
        self.configure(d, cb, "-DCMAKE_PREFIX_PATH=" + prefix)
        out = self.build(cb).stdout
        self.assertIn("ciogen:", out)
        p = run([os.path.join(cb, "app")])
        self.assertIn("rc=0 r=121", p.stdout)
        # the installed generator was used, not the source tree's
        with open(os.path.join(cb, "CMakeCache.txt")) as f:
            self.assertIn(prefix, f.read())

    def test_missing_jinja2_stops_with_the_install_command(self):
        fake = os.path.join(self.tmp, "python-without-jinja2")
        # the same interpreter, without site-packages: no jinja2
        write(fake, "#!/bin/sh\nexec %s -S \"$@\"\n" % sys.executable)
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IEXEC)
        d = self.consumer("nojinja", 'add_subdirectory("%s" cio)' % self.cio)
        p = self.configure(d, os.path.join(d, "build"),
                           "-DPython3_EXECUTABLE=" + fake, check=False)
        if p.returncode == 0:
            self.skipTest("jinja2 importable without site-packages")
        self.assertIn("apt-get install -y python3-jinja2", p.stderr)
        self.assertIn("python3 -m pip install jinja2", p.stderr)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--c-compiler", default="cc")
    ap.add_argument("--source", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
