"""The lowering, seen through the generated resume functions."""
import re
import unittest

from helpers import gen, output

HEAD = '#include "cio.h"\nasync int v(int x) { await cio_sleep(0); return x; }\n'


def body_of(res, fname, name="t.c"):
    c = output(res, name)
    start = c.index("int %s_resume(cio_coro_t *co, cio_task_t *task)\n{"
                    % fname)
    end = c.index("CIO_END(", start)
    return c[start:end]


def lowered(text, fname="f"):
    res = gen(HEAD + text, no_line=True)
    assert res.ok, res.diagnostics_text()
    return body_of(res, fname)


class Lowering(unittest.TestCase):
    def test_single_await_result_is_read_from_the_child_frame(self):
        b = lowered("async int f(void) { int r = await v(1) + 1;"
                    " return r; }")
        self.assertIn("r = f->sub.v.ret + 1;", b)
        self.assertNotIn("v_ret", b)

    def test_two_awaits_do_not_share_a_result(self):
        b = lowered("async int f(void) { return await v(1) - await v(2); }")
        self.assertIn("f->v_ret = f->sub.v.ret;", b)
        self.assertIn("CIO_RETURN(co, f->ret = (f->v_ret - f->sub.v.ret));",
                      b)

    def test_nested_await_argument_needs_no_temporary(self):
        b = lowered("async int f(void) { return await v(await v(1)); }")
        self.assertIn("v_init(&f->sub.v, f->sub.v.ret);", b)
        self.assertNotIn("v_ret", b)

    def test_and_keeps_short_circuiting(self):
        b = lowered("async int f(int a) { if (a && await v(a)) return 1;"
                    " return 0; }")
        self.assertRegex(b, r"f->cond = \(f->a\) != 0;\s+if \(f->cond\) \{\s+"
                            r"v_init")
        self.assertIn("if (f->cond) CIO_RETURN", b)

    def test_or_negates(self):
        b = lowered("async int f(int a) { return a || await v(a); }")
        self.assertIn("if (!f->cond) {", b)

    def test_conditional_runs_one_arm(self):
        b = lowered("async int f(int a) { return a ? await v(1) : 7; }")
        self.assertRegex(b, r"if \(f->cond\) \{[^}]*v_init\(&f->sub\.v, 1\)")
        self.assertIn("(f->cond ? f->sub.v.ret : 7)", b)

    def test_loop_conditions(self):
        b = lowered("async int f(int n) { while (await v(n) > 0) n--;"
                    " return n; }")
        self.assertIn("for (;;) {", b)
        self.assertIn("if (!(f->sub.v.ret > 0)) break;", b)
        b = lowered("async int f(int n) { do { if (n == 2) continue; n--; }"
                    " while (await v(n)); return n; }")
        self.assertIn("goto cio_continue_1;", b)
        self.assertIn("cio_continue_1:;", b)

    def test_declaration_becomes_an_assignment(self):
        b = lowered("struct p { int x, y; };\nasync int f(void) {"
                    " struct p q = {1, 2}; int a[2] = {3, 4};"
                    " await v(0); return q.x + a[1]; }")
        self.assertIn("f->q = (struct p){1, 2};", b)
        self.assertIn("memcpy(f->a, (int[2]){3, 4}, sizeof f->a);", b)

    def test_return_is_rewritten_in_place(self):
        b = lowered("async int f(int n) {\n    await v(0);\n"
                    "    return n\n        + 1;\n}")
        self.assertIn("CIO_RETURN(co, f->ret = (f->n\n        + 1));", b)

    def test_boxed_await(self):
        b = lowered("async int f(int n) { if (n < 1) return 0;"
                    " return await cio_boxed(f(n - 1)) + 1; }")
        self.assertIn("cio_task_frame_alloc(task, sizeof(struct f_frame))",
                      b)
        self.assertIn("f->sub.f_box.ret = CIO_ENOMEM;", b)
        self.assertIn("cio_task_frame_free(task, f->sub.f_box.frame);", b)

    def test_frame_pointer_avoids_user_names(self):
        b = lowered("async int g(int f) { await v(f); return f; }", "g")
        self.assertIn("struct g_frame *self = (struct g_frame *)co;", b)
        self.assertIn("self->f", b)

    def test_every_await_has_a_resume_point_and_comment(self):
        b = lowered("async int f(void) { await v(1); await v(2);"
                    " return 0; }")
        self.assertEqual(re.findall(r"CIO_POINT\((\d)\)", b), ["1", "2"])
        self.assertIn("/* resume point 2: await v(2) */", b)


if __name__ == "__main__":
    unittest.main()
