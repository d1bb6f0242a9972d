"""Identical input gives byte-identical output: across runs, from another
working directory, with the inputs in another place of the file system,
and whether the path is given relative or absolute. No dates, no absolute
paths in what ciogen writes."""

import os
import shutil
import tempfile
import unittest

from common import ROOT, ciogen

CASES = os.path.join(ROOT, "tests", "gen", "cases")


def outputs(d):
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = f.read()
    return out


class Reproducible(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ciogen-repro-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # a project with a subdirectory, copied to two different places
        for where in ("a/deep/er", "b"):
            shutil.copytree(os.path.join(CASES, "chain5"),
                            os.path.join(self.tmp, where, "proj", "src"))

    def gen(self, base, out, *inputs, cwd=None):
        ciogen(["-o", os.path.join(self.tmp, out)] + list(inputs),
               cwd=cwd or os.path.join(self.tmp, base, "proj"))
        return outputs(os.path.join(self.tmp, out))

    def test_same_bytes_everywhere(self):
        inputs = ["src/a.ac", "src/b.ac", "src/c.ac"]
        first = self.gen("a/deep/er", "o1", *inputs)
        again = self.gen("a/deep/er", "o2", *inputs)
        elsewhere = self.gen("b", "o3", *inputs)
        absolute = self.gen("b", "o4", *[os.path.join(
            self.tmp, "b", "proj", i) for i in inputs])
        self.assertEqual(sorted(first), ["a.c", "a.h", "b.c", "b.h", "c.c",
                                         "c.h"])
        self.assertEqual(first, again)
        self.assertEqual(first, elsewhere)
        self.assertEqual(first, absolute)

    def test_no_absolute_paths_or_dates(self):
        out = self.gen("a/deep/er", "o5", "src/a.ac", "src/b.ac",
                       "src/c.ac")
        for name, data in out.items():
            text = data.decode()
            self.assertNotIn(self.tmp, text, name)
            self.assertNotIn(os.path.expanduser("~"), text, name)
            self.assertNotIn("/tmp", text, name)
            self.assertIn('#line 1 "src/a.ac"' if name == "a.c" else "",
                          text)
            for word in ("2024", "2025", "2026", ":%M"):
                self.assertNotIn(word, text, name)

    def test_cwd_does_not_matter_for_the_same_relative_paths(self):
        proj = os.path.join(self.tmp, "b", "proj")
        one = self.gen("b", "o6", "src/a.ac", "src/b.ac", "src/c.ac")
        # the same relative paths, seen from the parent through ".."
        sub = os.path.join(proj, "src")
        two = self.gen("b", "o7", "../src/a.ac", "../src/b.ac",
                       "../src/c.ac", cwd=sub)
        self.assertEqual(set(one), set(two))
        for name in one:
            # only the displayed path differs: "src/a.ac" vs "../src/a.ac"
            self.assertEqual(one[name].replace(b"../src/", b"src/"),
                             two[name].replace(b"../src/", b"src/"))


if __name__ == "__main__":
    unittest.main()
