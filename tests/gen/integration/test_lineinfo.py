"""#line ping-pong: a compiler error in the user's code of an .ac file is
reported at the .ac file and line, by gcc and by clang; so is a bad type
of a local that lives in the frame, and a loop variable whose type is not
the element type of the generator an `async for` iterates; the debug
line table (what gdb uses
for breakpoints) maps the resume function's code to the .ac lines; and
--no-line turns all of it off."""

import os
import shutil
import tempfile
import unittest

from common import INCLUDE, ciogen, run, write

SOURCE = """\
#include "cio.h"

async int broken(int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) {
        await cio_sleep(0);
        total += undeclared_name;
    }
    return total;
}
"""

FRAME_TYPE = """\
#include "cio.h"

static async int frame_type(void)
{
    no_such_type value;
    await cio_sleep(0);
    return value == 0;
}
"""

WRONG_ELEMENT = """\
#include "cio.h"

static async int ints(void)
{
    yield 1;
}

async long total(void)
{
    long sum = 0;
    async for (long v : ints())
        sum += v;
    return sum;
}
"""

GOOD = """\
#include "cio.h"

int steps;

async int good(int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) {
        await cio_sleep(0);
        total += i;
        steps++;
    }
    return total;
}
"""


def compilers():
    return [cc for cc in ("gcc", "clang") if shutil.which(cc)]


class LineInfo(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ciogen-lines-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def generate(self, name, text, *args):
        write(os.path.join(self.dir, "src", name), text)
        ciogen(["-o", "out"] + list(args) + ["src/" + name], cwd=self.dir)
        return os.path.join(self.dir, "out", name[:-3] + ".c")

    def compile(self, cc, path, extra=()):
        return run([cc, "-std=c99", "-c", "-I", os.path.dirname(path), "-I",
                    INCLUDE, path, "-o", os.devnull] + list(extra),
                   cwd=self.dir, check=False)

    def test_error_in_user_code_points_at_the_ac_file(self):
        c = self.generate("broken.ac", SOURCE)
        for cc in compilers():
            p = self.compile(cc, c)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("src/broken.ac:8:", p.stderr, cc)
            self.assertIn("undeclared_name", p.stderr)

    def test_bad_type_of_a_frame_local_points_at_its_declaration(self):
        c = self.generate("frame_type.ac", FRAME_TYPE)
        for cc in compilers():
            p = self.compile(cc, c)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("src/frame_type.ac:5:", p.stderr, cc)

    def test_a_loop_variable_of_the_wrong_type_is_reported_at_the_loop(self):
        c = self.generate("wrong_element.ac", WRONG_ELEMENT)
        for cc in compilers():
            p = self.compile(cc, c, ["-Werror"])
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("src/wrong_element.ac:11:", p.stderr, cc)
            self.assertIn("incompatible pointer type", p.stderr, cc)

    def test_no_line_reports_the_generated_file(self):
        c = self.generate("broken.ac", SOURCE, "--no-line")
        with open(c) as f:
            self.assertNotIn("#line", f.read())
        p = self.compile("gcc", c)
        self.assertNotIn("broken.ac:", p.stderr)
        self.assertIn("broken.c:", p.stderr)

    def test_debug_line_table_maps_to_the_ac_lines(self):
        if not shutil.which("readelf"):
            self.skipTest("readelf not found")
        c = self.generate("good.ac", GOOD)
        obj = os.path.join(self.dir, "good.o")
        run(["gcc", "-std=c99", "-g", "-O0", "-c", "-I",
             os.path.dirname(c), "-I", INCLUDE, c, "-o", obj])
        p = run(["readelf", "--debug-dump=decodedline", obj])
        lines = set()
        for row in p.stdout.splitlines():
            parts = row.split()
            if len(parts) >= 2 and parts[0] == "good.ac":
                lines.add(int(parts[1]))
        # the statements of the body, the await and the loop
        for n in (7, 8, 9, 10, 11, 13):
            self.assertIn(n, lines, "line %d of good.ac has no code" % n)


    def test_gdb_breakpoint_on_an_ac_line(self):
        if not shutil.which("gdb"):
            self.skipTest("gdb not found")
        c = self.generate("good.ac", GOOD)
        obj = os.path.join(self.dir, "good.o")
        run(["gcc", "-std=c99", "-g", "-O0", "-c", "-I",
             os.path.dirname(c), "-I", INCLUDE, c, "-o", obj])
        p = run(["gdb", "-nx", "-batch", "-ex", "break good.ac:10", obj])
        self.assertIn("file src/good.ac, line 10.", p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
