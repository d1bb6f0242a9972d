"""The command line: exit statuses, messages, outputs, options."""
import contextlib
import io
import os
import shutil
import tempfile
import unittest
from unittest import mock

import helpers  # noqa: F401  (puts gen/ on sys.path)
from ciogen import cli, driver

GOOD = '#include "cio.h"\nasync int f(int n) {\n    await cio_sleep(n);\n' \
       '    return n;\n}\n'
BAD = '#include "cio.h"\nint g(void) { return await f(1); }\n'
WARN = '#include "cio.h"\nasync int w(void) {\n    await cio_sleep(0);\n}\n'


class CommandLine(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ciogen-cli-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.cwd = os.getcwd()
        os.chdir(self.dir)
        self.addCleanup(os.chdir, self.cwd)

    def write(self, name, text):
        with open(name, "w") as f:
            f.write(text)

    def run_cli(self, *args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(args))
            except SystemExit as e:
                status = e.code
        return status, out.getvalue(), err.getvalue()

    def test_success_writes_both_files(self):
        self.write("a.ac", GOOD)
        status, out, err = self.run_cli("-o", "gen", "a.ac")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(sorted(os.listdir("gen")), ["a.c", "a.h"])

    def test_user_error_exits_1_without_traceback_or_outputs(self):
        self.write("b.ac", BAD)
        status, out, err = self.run_cli("-o", "gen", "b.ac")
        self.assertEqual(status, 1)
        self.assertIn("b.ac:2:22: error: 'await' outside an async function",
                      err)
        self.assertIn("nothing was written", err)
        self.assertNotIn("Traceback", err)
        self.assertFalse(os.path.exists("gen"))

    def test_warnings_and_their_options(self):
        self.write("w.ac", WARN)
        status, _, err = self.run_cli("-o", "gen", "w.ac")
        self.assertEqual(status, 0)
        self.assertIn("warning: control reaches end of non-void async "
                      "function 'w' [-Wreturn-type]", err)
        status, _, err = self.run_cli("-o", "gen", "-Werror", "w.ac")
        self.assertEqual(status, 1)
        self.assertIn("error: control reaches end", err)
        status, _, err = self.run_cli("-o", "gen", "-Wno-return-type",
                                      "w.ac")
        self.assertEqual((status, err), (0, ""))

    def test_internal_error_says_so_with_a_traceback(self):
        self.write("a.ac", GOOD)
        with mock.patch.object(driver, "generate",
                               side_effect=RuntimeError("boom")):
            status, _, err = self.run_cli("-o", "gen", "a.ac")
        self.assertEqual(status, 2)
        self.assertIn("internal error, please report", err)
        self.assertIn("Traceback", err)
        self.assertIn("RuntimeError: boom", err)

    def test_usage_errors(self):
        status, _, err = self.run_cli()
        self.assertEqual(status, 2)
        self.assertIn("no input files", err)
        status, _, err = self.run_cli("missing.ac")
        self.assertEqual(status, 1)
        self.assertIn("cannot read missing.ac", err)
        status, _, err = self.run_cli("-Wbogus", "x.ac")
        self.assertEqual(status, 2)

    def test_version_and_help(self):
        status, out, _ = self.run_cli("--version")
        self.assertEqual(status, 0)
        self.assertRegex(out, r"^ciogen \d+\.\d+\.\d+ \(cio ABI 1\)")
        status, out, _ = self.run_cli("--help")
        self.assertEqual(status, 0)
        for opt in ("-o OUTDIR", "-I DIR", "--no-line", "--report",
                    "--depfile"):
            self.assertIn(opt, out)

    def test_depfile(self):
        self.write("a.ac", GOOD)
        status, _, _ = self.run_cli("-o", "gen", "--depfile", "gen/a.d",
                                    "a.ac")
        with open("gen/a.d") as f:
            text = f.read()
        self.assertTrue(text.startswith(os.path.abspath("gen/a.c") + " "))
        self.assertIn(os.path.abspath("a.ac"), text)
        self.assertIn(os.path.join("include", "cio", "task.h"), text)
        self.run_cli("-o", "gen", "--depfile", "gen/b.d",
                     "--depfile-target", "stamp", "a.ac")
        with open("gen/b.d") as f:
            self.assertTrue(f.read().startswith("stamp: "))

    def test_report(self):
        self.write("r.ac", '#include "cio.h"\n'
                   "async int r(int n) {\n    long total = n;\n"
                   "    char buf[16];\n    buf[0] = 0;\n"
                   "    await cio_sleep(0);\n"
                   "    return (int)total + buf[0];\n}\n")
        status, out, _ = self.run_cli("-o", "gen", "--report", "r.ac")
        self.assertEqual(status, 0)
        self.assertIn("r.ac:2: r(): struct r_frame, 1 resume point", out)
        self.assertIn("long total  (local, line 3)", out)
        self.assertIn("char buf[16]  (local, line 4)", out)
        self.assertIn("int n  (parameter)", out)
        self.assertIn("struct cio_sleep_frame cio_sleep  (await at line 6)",
                      out)
        self.assertRegex(out, r"size \(lp64\): \d+ bytes")
        status, out32, _ = self.run_cli("-o", "gen", "--report",
                                        "--report-model", "ilp32", "r.ac")
        size64 = int(out.split("size (lp64): ")[1].split()[0])
        size32 = int(out32.split("size (ilp32): ")[1].split()[0])
        self.assertLess(size32, size64)

    def test_report_of_a_generator_and_its_consumer(self):
        self.write("g.ac", '#include "cio.h"\n'
                   "async int g(int n) {\n"
                   "    for (int i = 0; i < n; i++) {\n"
                   "        yield i;\n        await cio_sleep(0);\n    }\n}\n"
                   "async int use(void) {\n    int s = 0;\n"
                   "    async for (int v : g(3))\n        s += v;\n"
                   "    return s;\n}\n")
        status, out, _ = self.run_cli("-o", "gen", "--report", "g.ac")
        self.assertEqual(status, 0)
        self.assertIn("g.ac:2: g(): struct g_frame, 2 resume points", out)
        self.assertIn("cio_agen_t agen  (header of an async generator of "
                      "int)", out)
        self.assertIn("struct g_frame g  (generator: the generator of the "
                      "'async for' at line 10)", out)
        self.assertIn("struct cio_anext_frame cio_anext  (await at line 10)",
                      out)
        # cio_agen_t (32) + n, i (8) + the sleep frame (72): 112 bytes
        sizes = [int(x.split()[0]) for x in out.split("size (lp64): ")[1:]]
        self.assertEqual(sizes[0], 112)
        self.assertGreater(sizes[1], sizes[0])

    def test_outputs_are_written_atomically(self):
        self.write("a.ac", GOOD)
        self.run_cli("-o", "gen", "a.ac")
        leftovers = [n for n in os.listdir("gen") if ".tmp" in n]
        self.assertEqual(leftovers, [])


if __name__ == "__main__":
    unittest.main()
