"""Which locals live in the frame, and the checks of analysis.py."""
import unittest

from helpers import analysed, func, hoisted

HEAD = '#include "cio.h"\n'


class Frame(unittest.TestCase):
    def frame_locals(self, body, params="void"):
        prog, diags = analysed(HEAD + "async int f(%s) {\n%s\n}\n"
                               % (params, body))
        self.assertEqual(diags.error_count, 0, diags.render())
        return hoisted(prog, "f")

    def test_used_before_the_await_only_stays_a_c_local(self):
        self.assertEqual(self.frame_locals(
            "int a = 1; a++; await cio_sleep(a); return 0;"), [])

    def test_used_after_the_await_goes_to_the_frame(self):
        self.assertEqual(self.frame_locals(
            "int a = 1; await cio_sleep(0); return a;"), ["a"])

    def test_result_of_the_last_await_stays_local(self):
        self.assertEqual(self.frame_locals(
            "int r = await cio_sleep(0); return r;"), [])

    def test_reassigned_after_the_await_stays_local(self):
        self.assertEqual(self.frame_locals(
            "int rc = 0; rc = await cio_sleep(0); if (rc) return rc;"
            " rc = await cio_sleep(0); return rc;"), [])

    def test_loop_carried_value_goes_to_the_frame(self):
        self.assertEqual(self.frame_locals(
            "int sum = 0; for (int i = 0; i < 3; i++) {"
            " int v = await cio_sleep(0); sum += v + i; } return sum;"),
            ["i", "sum"])

    def test_declared_after_the_await_in_a_loop_stays_local(self):
        self.assertEqual(self.frame_locals(
            "while (1) { await cio_sleep(0); int t = 5; if (t) break; }"
            " return 0;"), [])

    def test_address_taken_goes_to_the_frame(self):
        self.assertEqual(self.frame_locals(
            "int x = 0; int *p = &x; await cio_sleep(0); return 0;"),
            ["x"])

    def test_arrays_and_structs_are_conservative(self):
        self.assertEqual(self.frame_locals(
            "char buf[8]; struct { int a; } s; buf[0] = 0; s.a = 0;"
            " await cio_sleep(0); return 0;"), ["buf", "s"])

    def test_goto_back_edge_keeps_a_value_live(self):
        self.assertEqual(self.frame_locals(
            "int n = 0;\nagain: n++; await cio_sleep(0);"
            " if (n < 3) goto again; return 0;"), ["n"])

    def test_switch_paths(self):
        self.assertEqual(self.frame_locals(
            "int k = 2; switch (k) { case 1: await cio_sleep(0); return k;"
            " default: break; } return 0;"), ["k"])

    def test_typedefs_are_seen_through(self):
        prog, diags = analysed(HEAD + "typedef long wide;\n"
                               "async int f(void) { wide w = 1; w++;"
                               " await cio_sleep(0); return 0; }\n")
        self.assertEqual(hoisted(prog, "f"), [])

    def test_resume_points_are_numbered_in_source_order(self):
        prog, _ = analysed(HEAD + "async int f(void) {\n"
                           "int a = await cio_sleep(0) + await cio_sleep(1);"
                           "\nawait cio_sleep(2);\nreturn a; }\n")
        pts = func(prog, "f").analysis.points
        self.assertEqual([(p.number, p.line) for p in pts],
                         [(1, 3), (2, 3), (3, 4)])


class Checks(unittest.TestCase):
    def errors(self, text):
        prog, diags = analysed(HEAD + text)
        return [d.message for d in diags.items if d.severity == "error"]

    def test_not_awaitable(self):
        msgs = self.errors("int g(int);\nasync int f(int x) {"
                           " await g(1); await x; return 0; }\n")
        self.assertIn("'g' is not an async function; it cannot be awaited",
                      msgs)
        self.assertIn("'await' needs a call of an async function", msgs)

    def test_await_of_a_parameter(self):
        msgs = self.errors("async int f(int (*cb)(void)) {"
                           " return await cb(); }\n")
        self.assertEqual(msgs, ["'cb' is a parameter, not an async function;"
                                " it cannot be awaited"])

    def test_void_value(self):
        msgs = self.errors("async void v(void) { await cio_sleep(0); }\n"
                           "async int f(void) { return await v(); }\n")
        self.assertIn("async function 'v' returns void; its await has no "
                      "value", msgs)

    def test_return_checks(self):
        prog, diags = analysed(HEAD + "async int f(int x) { if (x)"
                               " return; await cio_sleep(0); }\n")
        warnings = [d for d in diags.items if d.option == "-Wreturn-type"]
        self.assertEqual(len(warnings), 2)

    def test_no_warning_when_every_path_returns(self):
        prog, diags = analysed(HEAD + "async int f(int x) { for (;;) {"
                               " if (await cio_sleep(x)) return 1; } }\n"
                               "async int g(int x) { if (x) return 1;"
                               " else return 2; }\n"
                               "async int h(int x) { switch (x) {"
                               " default: return 3; } }\n")
        self.assertEqual(diags.items, [])


if __name__ == "__main__":
    unittest.main()
