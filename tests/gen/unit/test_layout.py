"""Frame layout: what shares storage and how fields are named."""
import unittest

from helpers import gen, output
from ciogen.diag import Diagnostics, Location, SourceFile, format_diagnostic
from ciogen.sizes import Sizer, _eval

HEAD = '#include "cio.h"\nasync int v(int x) { await cio_sleep(0); return x; }\n'


def frame(text, fname="f"):
    res = gen(HEAD + text, no_line=True)
    assert res.ok, res.diagnostics_text()
    h = output(res, "t.h") + output(res, "t.c")
    start = h.index("struct %s_frame {" % fname)
    return h[start:h.index("\n};", start)]


class Layout(unittest.TestCase):
    def test_sibling_blocks_share_a_union(self):
        fr = frame("async int f(void) { { long a = 1; await v(0); a++;"
                   " (void)a; } { long b = 2; await v(0); b++; (void)b; }"
                   " return 0; }")
        self.assertIn("union { /* scopes that are never active together */",
                      fr)
        self.assertRegex(fr, r"struct \{ /\* block at line 3 \*/\s+long a;")
        self.assertRegex(fr, r"\} s3;\s+struct \{ /\* block at line 3 \*/\s+"
                             r"long b;\s+\} s3_2;")

    def test_a_single_nested_scope_is_flattened(self):
        fr = frame("async int f(void) { for (int i = 0; i < 2; i++) {"
                   " await v(i); } return 0; }")
        self.assertNotIn("scopes that are never active together", fr)
        self.assertIn("int i;", fr)

    def test_shadowed_names_are_unique_per_level(self):
        fr = frame("async int f(void) { int x = 1; { int x = 2;"
                   " await v(x); x++; } await v(x); return x; }")
        self.assertIn("int x;", fr)
        self.assertIn("int x_2;", fr)

    def test_one_member_per_awaited_function(self):
        fr = frame("async int f(void) { await v(1); await v(2);"
                   " await cio_sleep(0); return 0; }")
        self.assertIn("struct v_frame v; /* line 3 */", fr)
        self.assertIn("struct cio_sleep_frame cio_sleep;", fr)

    def test_parameters_and_return_value(self):
        fr = frame("async const char *f(const int n, int a[4]) {"
                   " await v(n); return a ? \"x\" : 0; }")
        self.assertIn("const char *ret; /* the return value */", fr)
        self.assertIn("int n; /* parameter */", fr)
        self.assertIn("int *a; /* parameter */", fr)


class Sizes(unittest.TestCase):
    def test_constant_array_sizes(self):
        self.assertEqual(_eval("64"), 64)
        self.assertEqual(_eval("(4 + 4) * 2 / 2"), 8)
        self.assertEqual(_eval("0x10u"), 16)
        self.assertIsNone(_eval("N"))
        self.assertIsNone(_eval("sizeof(x)"))

    def test_struct_layout_rules(self):
        self.assertEqual(Sizer.layout([(1, 1), (8, 8), (2, 2)], False),
                         (24, 8))
        self.assertEqual(Sizer.layout([(1, 1), (8, 8), (2, 2)], True),
                         (8, 8))


class Diagnostics_(unittest.TestCase):
    def test_format(self):
        src = SourceFile("d/x.ac", "int a;\n\tint b = await f();\n")
        off = src.text.index("await")
        text = format_diagnostic(Diagnostics().error(
            Location(src, off, 5), "bad thing"))
        self.assertEqual(text, "d/x.ac:2:10: error: bad thing\n"
                               "    2 | \tint b = await f();\n"
                               "      | \t        ^~~~~\n")

    def test_suggestion_lines(self):
        src = SourceFile("x.ac", "a\n")
        d = Diagnostics().error(Location(src, 0), "first\n    rewrite;")
        self.assertEqual(format_diagnostic(d),
                         "x.ac:1:1: error: first\n      |     rewrite;\n")

    def test_sorted_by_file_and_position_and_not_repeated(self):
        a = SourceFile("a.ac", "x y\n")
        b = SourceFile("b.ac", "z\n")
        diags = Diagnostics()
        diags.error(Location(b, 0), "in b")
        diags.error(Location(a, 2), "second in a")
        diags.error(Location(a, 0), "first in a")
        diags.error(Location(a, 0), "first in a")
        out = diags.render({"a.ac": 0, "b.ac": 1})
        self.assertEqual([line.split(": ", 2)[2] for line in out.splitlines()
                          if ": error: " in line],
                         ["first in a", "second in a", "in b"])


if __name__ == "__main__":
    unittest.main()
