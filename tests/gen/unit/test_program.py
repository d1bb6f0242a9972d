"""Several inputs together, headers, recursion, placement."""
import os
import shutil
import tempfile
import unittest

from helpers import INCLUDE, gen, gen_files, output, SourceFile  # noqa
from ciogen.headers import HeaderScanner, find_runtime_include

HEAD = '#include "cio.h"\n'


def errors(res):
    return [d.message for d in res.diags.items if d.severity == "error"]


class Headers(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ciogen-hdr-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_async_prototypes_from_included_headers(self):
        self.write("inc/net.h", '#include "deep/more.h"\n'
                   "#ifdef CIO_ASYNC_DECLARATIONS\n"
                   "CIO_ASYNC long net_read(char *buf, int n);\n#endif\n"
                   "typedef struct conn conn_t;\n")
        self.write("inc/deep/more.h", "async void more(void);\n")
        scanner = HeaderScanner([os.path.join(self.dir, "inc")], INCLUDE,
                                [], [])
        sigs, typedefs, _ = scanner.collect([("net.h", True),
                                             ("stdio.h", False)], self.dir)
        self.assertEqual(sorted(sigs), ["more", "net_read"])
        self.assertEqual(sigs["net_read"].ret.declare("r"), "long r")
        self.assertIsNone(sigs["more"].ret)
        self.assertIn("conn_t", typedefs)

    def test_runtime_headers_declare_the_leaf_awaitables(self):
        scanner = HeaderScanner([], INCLUDE, [], [])
        sigs, _, _ = scanner.collect([("cio.h", True)], self.dir)
        for name in ("cio_sleep", "cio_task_wait", "cio_future_wait"):
            self.assertIn(name, sigs)

    def test_the_runtime_include_directory_is_found(self):
        import ciogen
        pkg = os.path.dirname(ciogen.__file__)
        self.assertEqual(os.path.realpath(find_runtime_include(pkg)),
                         os.path.realpath(INCLUDE))

    def test_awaiting_a_header_function(self):
        inc = os.path.join(self.dir, "inc")
        self.write("inc/net.h", "CIO_ASYNC long net_read(int n);\n")
        res = gen(HEAD + '#include "net.h"\nasync int f(void) {'
                  ' return (int)await net_read(3); }\n', include_dirs=[inc])
        self.assertTrue(res.ok, res.diagnostics_text())
        self.assertIn("net_read_init(&f->sub.net_read, 3);",
                      output(res, "t.c"))


class SeveralInputs(unittest.TestCase):
    def test_cross_file_await_includes_the_other_header(self):
        res = gen_files([("a.ac", HEAD + "async int a(void) {"
                          " return await b(); }\n"),
                         ("b.ac", HEAD + "async int b(void) {"
                          " await cio_sleep(0); return 1; }\n")])
        self.assertTrue(res.ok, res.diagnostics_text())
        self.assertIn('#include "b.h"', output(res, "a.h"))
        self.assertIn('#include "b.h"', output(res, "a.c"))

    def test_static_functions_of_other_files_are_invisible(self):
        res = gen_files([("a.ac", HEAD + "async int a(void) {"
                          " return await b(); }\n"),
                         ("b.ac", HEAD + "static async int b(void) {"
                          " return 1; }\n")])
        self.assertIn("'b' is not an async function; it cannot be awaited",
                      errors(res))

    def test_duplicates_and_same_output_names(self):
        res = gen_files([("x/a.ac", HEAD + "async int a(void) { return 1; }"),
                         ("y/a.ac", HEAD + "async int z(void) { return 1; }")])
        self.assertIn("'x/a.ac' and 'y/a.ac' would both generate 'a.c'; "
                      "rename one", errors(res))

    def test_recursion_across_files_names_the_cycle(self):
        res = gen_files([("a.ac", HEAD + "async int a(int n) {"
                          " return await b(n); }\n"),
                         ("b.ac", HEAD + "async int b(int n) {"
                          " return await c(n); }\n"),
                         ("c.ac", HEAD + "async int c(int n) {"
                          " return n ? await a(n - 1) : 0; }\n")])
        self.assertEqual(errors(res), ["recursive awaits: a -> b -> c -> a;"
                                       " a frame cannot contain itself"])
        notes = [n.message for n in res.diags.items[0].notes]
        self.assertIn("await cio_boxed(b(...))", notes[-1])

    def test_one_boxed_edge_breaks_the_cycle(self):
        res = gen_files([("a.ac", HEAD + "async int a(int n) {"
                          " return await b(n); }\n"),
                         ("b.ac", HEAD + "async int b(int n) {"
                          " return n ? await cio_boxed(a(n - 1)) : 0; }\n")])
        self.assertTrue(res.ok, res.diagnostics_text())

    def test_headers_may_include_each_other(self):
        res = gen_files([("a.ac", HEAD + "async int a1(void) {"
                          " return await b1(); }\n"
                          "async int a2(void) { return 2; }\n"),
                         ("b.ac", HEAD + "async int b1(void) { return 1; }\n"
                          "async int b2(void) { return await a2(); }\n")])
        self.assertTrue(res.ok, res.diagnostics_text())
        ah, bh = output(res, "a.h"), output(res, "b.h")
        self.assertIn('#include "b.h"', ah)
        self.assertIn('#include "a.h"', bh)
        self.assertIn("#ifndef CIOGEN_FRAME_a1", ah)

    def test_private_frame_is_kept_in_the_c_file(self):
        res = gen(HEAD + "struct s { int x; };\n"
                  "async int f(void) { struct s v = {1};"
                  " await cio_sleep(0); return v.x; }\n")
        self.assertTrue(res.ok, res.diagnostics_text())
        self.assertNotIn("struct f_frame {", output(res, "t.h"))
        self.assertIn("struct f_frame {", output(res, "t.c"))
        self.assertIn("int f_spawn(", output(res, "t.h"))

    def test_output_is_deterministic(self):
        files = [("a.ac", HEAD + "async int a(void) { return await b(); }\n"),
                 ("b.ac", HEAD + "async int b(void) {"
                  " await cio_sleep(0); return 1; }\n")]
        self.assertEqual(gen_files(files).outputs, gen_files(files).outputs)


if __name__ == "__main__":
    unittest.main()
