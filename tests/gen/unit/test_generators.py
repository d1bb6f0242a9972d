"""Async generators and `async for`: parsing, analysis, the headers."""
import os
import tempfile
import unittest

from helpers import (analysed, func, gen, hoisted, output, toks_of,
                     Diagnostics)
from ciogen.declarations import DeclParser
from ciogen.expressions import ExprParser, ExprError
from ciogen.headers import HeaderScanner
from ciogen.parser import BodyParser, match_brackets
from test_expressions import shape

HEAD = '#include "cio.h"\n'
GEN = "async int gen(int n) { for (int i = 0; i < n; i++) yield i; }\n"


def parse_expr(text):
    toks = toks_of(text)
    ep = ExprParser(toks, match_brackets(toks), lambda n: False)
    return toks, ep.parse(0, len(toks) - 1)


def parse_body(text):
    toks = toks_of("void f(void) {" + text + "}")
    match = match_brackets(toks)
    bp = BodyParser(toks, match, set(), Diagnostics(), toks[0].src)
    lbrace = next(t.index for t in toks if t.is_op("{"))
    return toks, bp.function_body(lbrace, [])


class Yield(unittest.TestCase):
    def test_yield_has_the_precedence_of_an_assignment(self):
        toks, n = parse_expr("x = yield a + b")
        self.assertEqual(shape(n, toks),
                         "assign[=](x, yield[yield](binary[+](a, b)))")
        toks, n = parse_expr("(yield v) == CIO_ECLOSED")
        self.assertEqual(shape(n, toks), "binary[==](paren(yield[yield]"
                         "(v)), CIO_ECLOSED)")

    def test_yield_inside_an_operator_needs_parentheses(self):
        with self.assertRaises(ExprError) as cm:
            parse_expr("1 + yield 2")
        self.assertIn("needs parentheses", cm.exception.message)
        with self.assertRaises(ExprError) as cm:
            parse_expr("yield")
        self.assertIn("needs a value", cm.exception.message)

    def test_a_yield_makes_a_generator(self):
        prog, diags = analysed(HEAD + GEN +
                               "async int f(void) { return 0; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        self.assertTrue(func(prog, "gen").is_gen)
        self.assertFalse(func(prog, "f").is_gen)

    def test_the_value_of_a_yield_is_used_or_not(self):
        prog, diags = analysed(HEAD + "async int g(void) {\n"
                               "yield 1;\nint r = yield 2;\n"
                               "if ((yield 3) < 0) return r;\n"
                               "(void)(yield 4);\n"
                               "for (int i = 0; i < 2; yield i++) ;\n}\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        pts = func(prog, "g").analysis.points
        self.assertEqual([(p.kind, p.value_used) for p in pts],
                         [("yield", False), ("yield", True),
                          ("yield", True), ("yield", False),
                          ("yield", False)])

    def test_locals_live_across_yields(self):
        prog, diags = analysed(HEAD + "async int g(int n) {"
                               " int a = n * 2; yield a; int b = 1;"
                               " yield b; return a; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        self.assertEqual(hoisted(prog, "g"), ["a"])


class AsyncFor(unittest.TestCase):
    def test_parse(self):
        toks, st = parse_body("async for (const char *s : names(a, b + 1);"
                              " rc) use(s);")
        s = st.items[0]
        self.assertEqual(s.kind, "asyncfor")
        d = s.var_decl.decls[0]
        self.assertEqual(d.name_tok.value, "s")
        self.assertEqual(toks[s.call[0]].value, "names")
        self.assertEqual(["".join(toks[k].value for k in range(a, b))
                          for a, b in s.args], ["a", "b+1"])
        self.assertEqual("".join(toks[k].value
                                 for k in range(*s.status)), "rc")
        self.assertEqual(s.body.kind, "expr")

    def test_an_existing_variable(self):
        toks, st = parse_body("async for (v : g()) ;")
        s = st.items[0]
        self.assertIsNone(s.var_decl)
        self.assertEqual(toks[s.target].value, "v")
        self.assertEqual(s.args, [])

    def test_the_loop_variable_and_generator_live_in_the_frame(self):
        prog, diags = analysed(HEAD + GEN + "async int f(void) {"
                               " int sum = 0; async for (int v : gen(3))"
                               " sum += v; return sum; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        fa = func(prog, "f").analysis
        self.assertEqual(hoisted(prog, "f"), ["sum", "v"])
        gens = [v.name for v in fa.vars if v.kind == "genframe"]
        self.assertEqual(gens, ["gen"])
        self.assertEqual([p.kind for p in fa.points], ["anext", "aclose"])

    def test_a_body_without_awaits_keeps_its_locals(self):
        prog, diags = analysed(HEAD + GEN + "async int f(void) { int s = 0;"
                               " async for (int v : gen(3)) { char b[4];"
                               " b[0] = (char)v; s += b[0]; } return s; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        self.assertEqual(hoisted(prog, "f"), ["s", "v"])

    def test_exits_close_the_loops_they_leave(self):
        prog, diags = analysed(HEAD + GEN + "async int f(void) {\n"
                               "async for (int a : gen(2)) {\n"
                               "  async for (int b : gen(2)) {\n"
                               "    if (b) return a;\n"
                               "    if (a) goto out;\n"
                               "    break;\n"
                               "  }\n"
                               "}\n"
                               "out: return 0; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        fa = func(prog, "f").analysis
        # the return and the goto close both loops; the break closes the
        # inner one after the loop, as the end of the loop does
        self.assertEqual(sorted(len(plan) for plan in fa.exits.values()),
                         [2, 2])

    def test_a_frame_local_of_a_generator_is_embedded(self):
        prog, diags = analysed(HEAD + GEN + "async int f(void) {"
                               " struct gen_frame g; int v; gen_init(&g, 2);"
                               " while (await cio_anext(&g.agen, &v) == 0) ;"
                               " return await cio_aclose(&g.agen); }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        f = func(prog, "f")
        self.assertEqual(hoisted(prog, "f"), ["g", "v"])
        self.assertEqual([(e.callee.name, e.verb) for e in
                          f.analysis.embeds],
                         [("gen", "embeds the frame of")])

    def test_generated_loop(self):
        res = gen(HEAD + GEN + "async int f(void) { int s = 0;"
                  " async for (int v : gen(3)) { if (v == 2) break;"
                  " s += v; } return s; }\n", no_line=True)
        self.assertTrue(res.ok, res.diagnostics_text())
        c = output(res, "t.c")
        self.assertIn("gen_init(&f->gen, 3);", c)
        self.assertIn("cio_anext_init(&f->sub.cio_anext, &f->gen.agen, "
                      "(int *){&f->v});", c)
        self.assertIn("if (!cio_agen_done(&f->gen.agen)) {", c)
        h = output(res, "t.h")
        self.assertIn("CIO_ASYNC_GEN int gen(int n);", h)
        self.assertIn("cio_agen_t agen;", h)
        self.assertNotIn("gen_spawn", h)
        self.assertNotIn("struct gen_task", h)


class Headers(unittest.TestCase):
    def test_cio_async_gen_declarations_are_read(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "lib.h"), "w") as f:
                f.write("#ifdef CIO_ASYNC_DECLARATIONS\n"
                        "CIO_ASYNC_GEN const char *names(int n);\n"
                        "CIO_ASYNC_GEN void items(void *q);\n"
                        "CIO_ASYNC int plain(void);\n#endif\n")
            sc = HeaderScanner([d], None, [], [])
            sigs, _, _ = sc.collect([("lib.h", True)], d)
        self.assertTrue(sigs["names"].is_gen)
        self.assertEqual(sigs["names"].ret.abstract(), "const char *")
        self.assertTrue(sigs["items"].is_gen)
        self.assertIsNone(sigs["items"].ret)
        self.assertFalse(sigs["plain"].is_gen)

    def test_the_runtime_queue_iterator_is_a_generator(self):
        prog, diags = analysed(HEAD + "async int f(cio_queue_t *q) {"
                               " int n = 0; async for (int v : "
                               "cio_queue_iter(q)) n += v; return n; }\n")
        self.assertEqual(diags.error_count, 0, diags.render())
        f = func(prog, "f")
        self.assertEqual(f.analysis.afors[0].sig.name, "cio_queue_iter")


class Types(unittest.TestCase):
    def ctype(self, text):
        toks = toks_of(text)
        dp = DeclParser(toks, match_brackets(toks), lambda n: False)
        sp = dp.specs(0, len(toks) - 1)
        d, _ = dp.declarator(sp.end, len(toks) - 1)
        return dp.ctype(sp, d)

    def test_which_types_carry_error_codes(self):
        for text, ok in (("int x;", True), ("long x;", True),
                         ("ssize_t x;", True), ("short x;", False),
                         ("signed char x;", False), ("int8_t x;", False),
                         ("unsigned x;", False), ("char *x;", False),
                         ("double x;", False), ("enum e x;", True)):
            self.assertEqual(self.ctype(text).carries_errors(), ok, text)

    def test_pointer_type_names(self):
        self.assertEqual(self.ctype("int x;").pointer_abstract(), "int *")
        self.assertEqual(self.ctype("const char *x;").pointer_abstract(),
                         "const char **")
        self.assertEqual(self.ctype("int (*x)(int);").pointer_abstract(),
                         "int (**)(int)")
        self.assertEqual(self.ctype("struct pt x;").pointer_abstract(),
                         "struct pt *")


if __name__ == "__main__":
    unittest.main()
