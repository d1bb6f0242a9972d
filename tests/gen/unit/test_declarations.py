import unittest

from helpers import toks_of
from ciogen.declarations import DeclParser, CType
from ciogen.parser import match_brackets


def decl(text, typedefs=()):
    """(DeclParser, specs, [declarators]) of one declaration."""
    toks = toks_of(text)
    dp = DeclParser(toks, match_brackets(toks), lambda n: n in typedefs)
    sp = dp.specs(0, len(toks) - 1)
    end = dp.skip_to(sp.end, len(toks) - 1, (";",))
    decls, _ = dp.init_declarators(sp.end, end)
    return dp, sp, decls


def ctype(text, typedefs=()):
    dp, sp, decls = decl(text, typedefs)
    return dp.ctype(sp, decls[0])


class Declarators(unittest.TestCase):
    def test_names_and_derivations(self):
        cases = {"int x;": ("x", ()), "char *p[3];": ("p", ("array", "ptr")),
                 "int (*cb)(int);": ("cb", ("ptr", "func")),
                 "int (*a)[4];": ("a", ("ptr", "array")),
                 "const char *const *pp;": ("pp", ("ptr", "ptr"))}
        for text, (name, derivs) in cases.items():
            ct = ctype(text)
            _, _, decls = decl(text)
            self.assertEqual(decls[0].name_tok.value, name, text)
            self.assertEqual(ct.derivs, derivs, text)

    def test_rendering_under_another_name(self):
        self.assertEqual(ctype("char buf[64];").declare("f"), "char f[64]")
        self.assertEqual(ctype("int (*cb)(int, char *);").declare("x"),
                         "int (*x)(int, char *)")
        self.assertEqual(ctype("unsigned long long n;").declare("m"),
                         "unsigned long long m")
        self.assertEqual(ctype("int grid[2][3];").abstract(), "int[2][3]")
        self.assertEqual(ctype("struct pt *p;").abstract(), "struct pt *")

    def test_pointer_to_a_type(self):
        self.assertEqual(ctype("int x;").declare_pointer("r"), "int *r")
        self.assertEqual(ctype("int (*cb)(int);").declare_pointer("r"),
                         "int (**r)(int)")
        self.assertEqual(ctype("char *s;").declare_pointer("r"), "char **r")

    def test_top_level_const_is_dropped_for_fields(self):
        self.assertEqual(ctype("const int x;").without_top_const()
                         .declare("x"), "int x")
        self.assertEqual(ctype("const char *s;").without_top_const()
                         .declare("s"), "const char *s")
        self.assertEqual(ctype("char *const s;").without_top_const()
                         .declare("s"), "char *s")

    def test_arrays_drop_the_const_of_their_elements_only(self):
        cases = {
            "const char *b[3];": "const char *b[3]",
            "const char *const p[2];": "const char *p[2]",
            "char *const w[1];": "char *w[1]",
            "const int k[3];": "int k[3]",
            "const int g[2][3];": "int g[2][3]",
            "const struct pt *ps[2];": "const struct pt *ps[2]",
            "volatile int v[2];": "volatile int v[2]",
            "int (*const ops[2])(int);": "int (*ops[2])(int)",
            "int (*fns[2])(const char *);": "int (*fns[2])(const char *)",
            "const char *grid[2][2];": "const char *grid[2][2]",
        }
        for text, want in cases.items():
            name = decl(text)[2][0].name_tok.value
            self.assertEqual(ctype(text).without_top_const().declare(name),
                             want, text)

    def test_top_volatile(self):
        self.assertTrue(ctype("volatile int v[2];").top_volatile)
        self.assertTrue(ctype("int *volatile p;").top_volatile)
        self.assertFalse(ctype("volatile int *p;").top_volatile)
        self.assertFalse(ctype("const volatile char *cv[2];").top_volatile)

    def test_function_return_types(self):
        dp, sp, decls = decl("int (*getcb(void))(int);")
        d = decls[0]
        self.assertEqual(d.name_tok.value, "getcb")
        self.assertTrue(d.params.is_void)
        ret = dp.return_type(sp, d)
        self.assertEqual(ret.declare("r"), "int (*r)(int)")
        self.assertTrue(ret.is_function_pointer)
        dp, sp, decls = decl("static const char *name(int n, char c);")
        self.assertEqual(dp.return_type(sp, decls[0]).declare("r"),
                         "const char *r")
        self.assertEqual(sp.storage, "static")
        self.assertEqual([p.name for p in decls[0].params.params],
                         ["n", "c"])

    def test_parameters_are_adjusted_like_c(self):
        dp, sp, decls = decl("int f(int a[10], int g[][2], int op(int), "
                             "const int k);")
        params = decls[0].params.params
        got = [dp.param_ctype(p).declare(p.name) for p in params]
        self.assertEqual(got, ["int *a", "int (*g)[2]", "int (*op)(int)",
                               "const int k"])

    def test_result_kinds(self):
        expect = {"int x;": "signed", "long long x;": "signed",
                  "unsigned x;": "unsigned", "size_t x;": "unsigned",
                  "ssize_t x;": "signed", "int64_t x;": "signed",
                  "uint8_t x;": "unsigned", "_Bool x;": "unsigned",
                  "bool x;": "unsigned", "char x;": "unsigned",
                  "enum e x;": "signed", "cio_time_t x;": "signed",
                  "char *x;": "pointer", "struct s *x;": "pointer",
                  "int (*x)(int);": "none", "double x;": "none",
                  "struct s x;": "none", "my_type x;": "none",
                  "float x;": "none"}
        for text, kind in expect.items():
            self.assertEqual(ctype(text).result_kind(), kind, text)

    def test_result_kinds_through_typedefs(self):
        typedefs = {"status_t": ctype("int x;"), "conn_p": ctype(
            "struct conn *x;"), "real": ctype("double x;"),
            "wrapped": ctype("status_t x;")}
        expect = {"status_t x;": "signed", "conn_p x;": "pointer",
                  "real x;": "none", "wrapped x;": "signed",
                  "unknown_t x;": "none"}
        for text, kind in expect.items():
            self.assertEqual(ctype(text).result_kind(typedefs), kind, text)

    def test_specifiers(self):
        _, sp, _ = decl("static async const struct pt { int x; } *p;")
        self.assertEqual(sp.storage, "static")
        self.assertIsNotNone(sp.async_tok)
        self.assertEqual(sp.tag_defs[0][:2], ("struct", "pt"))
        _, sp, _ = decl("CIO_ASYNC int f(void);")
        self.assertIsNotNone(sp.async_tok)
        _, sp, _ = decl("__attribute__((unused)) int x;")
        self.assertIsNotNone(sp.attr_tok)

    def test_initializers_and_several_declarators(self):
        _, _, decls = decl("int a = f(1, 2), *b, c[2] = {1, 2};")
        self.assertEqual([d.name_tok.value for d in decls], ["a", "b", "c"])
        self.assertIsNotNone(decls[0].init)
        self.assertIsNone(decls[1].init)
        self.assertIsNotNone(decls[2].init)


if __name__ == "__main__":
    unittest.main()
