import unittest

from helpers import toks_of, SourceFile, Diagnostics
from ciogen.diag import UserError
from ciogen.parser import (BodyParser, match_brackets, split_top_level,
                           walk)


def top(text):
    toks = toks_of(text)
    match = match_brackets(toks)
    diags = Diagnostics()
    return toks, split_top_level(toks, match, diags, toks[0].src), diags


def body(text, typedefs=()):
    """Parse `text` as the body of a function; returns (toks, Stmt)."""
    src = "void f(void) {" + text + "}"
    toks = toks_of(src)
    match = match_brackets(toks)
    diags = Diagnostics()
    bp = BodyParser(toks, match, set(typedefs), diags, toks[0].src)
    lbrace = next(t.index for t in toks if t.is_op("{"))
    return toks, bp.function_body(lbrace, []), diags


def kinds(stmt):
    return [s.kind for s in walk(stmt)]


class Brackets(unittest.TestCase):
    def test_matches(self):
        toks = toks_of("f(a[1], {b});")
        m = match_brackets(toks)
        self.assertEqual(m[1], 10)  # f ( a [ 1 ] , { b } ) ;
        self.assertEqual(m[3], 5)

    def test_unbalanced_is_reported(self):
        for text, message in (("f(;", "unbalanced brackets: this '(' is "
                                      "never closed"),
                              ("}", "unbalanced braces: '}' without a "
                                    "matching '{'"),
                              ("(]", "unbalanced brackets: ']' does not "
                                     "match '('")):
            diags = Diagnostics()
            with self.assertRaises(UserError):
                match_brackets(toks_of(text), diags)
            self.assertEqual(diags.items[0].message, message)

    def test_first_branch_of_a_conditional_wins(self):
        text = ('#ifdef __cplusplus\nextern "C" {\n#endif\nint x;\n'
                '#ifdef __cplusplus\n}\n#endif\n')
        toks = toks_of(text)
        match = match_brackets(toks, Diagnostics())
        self.assertEqual(len(match), 2)


class TopLevel(unittest.TestCase):
    def test_items(self):
        toks, items, _ = top("#include <x.h>\nint a = 1;\nstruct s { int x; };\n"
                             "int f(void) { return 0; }\n"
                             "async int g(int n) { return n; }\n"
                             "static async void h(void);\n;")
        self.assertEqual([i.kind for i in items],
                         ["pp", "decl", "decl", "func", "async", "async",
                          "empty"])
        self.assertEqual(items[4].name, "g")
        self.assertIsNotNone(items[4].body)
        self.assertIsNone(items[5].body)
        self.assertEqual(items[5].specs.storage, "static")

    def test_linkage_specification_is_transparent(self):
        toks, items, _ = top('extern "C" {\nasync int f(void);\n}\n')
        self.assertEqual([i.kind for i in items], ["pp", "async", "pp"])

    def test_items_remember_their_conditional(self):
        toks, items, _ = top("#if A\nint x;\n#else\nint y;\n#endif\nint z;")
        decls = [i for i in items if i.kind == "decl"]
        self.assertEqual(len(decls[0].cond), 1)
        self.assertEqual(len(decls[1].cond[0]), 2)  # #if A, #else
        self.assertEqual(decls[2].cond, ())


class Statements(unittest.TestCase):
    def test_statement_kinds(self):
        _, st, _ = body("int x = 1; if (x) x++; else { x--; } "
                        "while (x) break; do x++; while (x < 3); "
                        "for (int i = 0; i < 3; i++) continue; "
                        "switch (x) { case 1: x = 2; default: ; } "
                        "lbl: goto lbl; return;")
        self.assertEqual([s.kind for s in st.items],
                         ["decl", "if", "while", "do", "for", "switch",
                          "label", "return"])

    def test_declaration_or_expression(self):
        _, st, _ = body("T * p; a * b; foo_t x; unknown y; z = w * v;",
                        typedefs={"T"})
        self.assertEqual([s.kind for s in st.items],
                         ["decl", "decl", "decl", "decl", "expr"])
        # with a and b known variables, `a * b` is an expression
        _, st, _ = body("int a = 1, b = 2; a * b;")
        self.assertEqual([s.kind for s in st.items], ["decl", "expr"])

    def test_a_local_shadows_a_typedef(self):
        _, st, _ = body("{ int T = 3; T * 2; }", typedefs={"T"})
        inner = st.items[0]
        self.assertEqual([s.kind for s in inner.items], ["decl", "expr"])

    def test_for_declaration_and_parts(self):
        toks, st, _ = body("for (int i = 0, j = 1; i < j; i++) ;")
        f = st.items[0]
        self.assertEqual(f.init.kind, "decl")
        self.assertEqual([d.name_tok.value for d in f.init.decls],
                         ["i", "j"])
        self.assertIsNotNone(f.test)
        self.assertIsNotNone(f.step)

    def test_case_with_conditional_expression(self):
        _, st, _ = body("switch (x) { case 1 ? 2 : 3: break; }")
        case = st.items[0].body.items[0]
        self.assertEqual(case.kind, "case")

    def test_conditional_must_enclose_statements(self):
        with self.assertRaises(UserError):
            body("if (x)\n#ifdef A\n{\n#else\n{\n#endif\n}\n")

    def test_conditional_between_statements_is_fine(self):
        _, st, _ = body("x = 1;\n#ifdef A\ny = 2;\n#endif\nz = 3;\n")
        self.assertEqual([s.kind for s in st.items],
                         ["expr", "pp", "expr", "pp", "expr"])
        self.assertEqual(st.items[2].pp_depth, 1)

    def test_errors(self):
        for text in ("else x;", "goto *p;", "x = 1", "if x;"):
            with self.assertRaises(UserError, msg=text):
                body(text)


if __name__ == "__main__":
    unittest.main()
