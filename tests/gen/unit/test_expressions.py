import unittest

from helpers import toks_of
from ciogen.expressions import ExprParser, ExprError, await_target
from ciogen.parser import match_brackets


def parse(text, types=()):
    toks = toks_of(text)
    ep = ExprParser(toks, match_brackets(toks), lambda n: n in types)
    return toks, ep.parse(0, len(toks) - 1)


def shape(node, toks):
    """A compact picture of a tree: kinds and operators."""
    if node.kind == "leaf":
        return " ".join(toks[k].value for k in range(node.first,
                                                      node.last + 1))
    kids = ", ".join(shape(k, toks) for k in node.kids)
    return "%s%s(%s)" % (node.kind, "" if node.op is None else
                         "[" + node.op + "]", kids)


class Expressions(unittest.TestCase):
    def test_precedence_and_awaits(self):
        toks, n = parse("x = await f(1) + await g(2) * 3")
        self.assertEqual(shape(n, toks),
                         "assign[=](x, binary[+](await[await](call(f, 1)), "
                         "binary[*](await[await](call(g, 2)), 3)))")

    def test_logical_and_conditional(self):
        toks, n = parse("a && await f() || b ? await g() : c")
        self.assertEqual(n.kind, "cond")
        self.assertEqual(n.kids[0].kind, "logical")
        self.assertEqual(n.kids[0].op, "||")
        self.assertTrue(n.kids[1].has_await)

    def test_groups_without_await_stay_opaque(self):
        toks, n = parse("h(x[i], (int)y, sizeof(struct s)) + await f()")
        call = n.kids[0]
        self.assertEqual(call.kind, "call")
        self.assertTrue(all(k.kind == "leaf" for k in call.kids))

    def test_await_binds_like_a_unary_operator(self):
        toks, n = parse("await f(x).y")
        self.assertEqual(n.kind, "await")
        self.assertIsNone(await_target(n))  # the operand is a member
        toks, n = parse("(await f(x)).y")
        self.assertEqual(n.kind, "member")

    def test_await_targets(self):
        toks, n = parse("await (f)(1, 2)")
        callee, args, _ = await_target(n)
        self.assertEqual(toks[callee].value, "f")
        self.assertEqual(len(args), 2)
        toks, n = parse("await cio_boxed(fib(n - 1))")
        callee, args, _ = await_target(n)
        self.assertEqual(toks[callee].value, "cio_boxed")

    def test_casts_compound_literals_initializers(self):
        toks, n = parse("(long)await f() + (struct pt){await g(), 2}.x",
                        types=())
        self.assertEqual(n.kids[0].kind, "cast")
        self.assertEqual(n.kids[1].kind, "member")
        self.assertEqual(n.kids[1].kids[0].kind, "compound_literal")
        toks, n = parse("(T)await f()", types={"T"})
        self.assertEqual(n.kind, "cast")

    def test_comma_and_arguments(self):
        toks, n = parse("g(await a(), (1, await b()))")
        self.assertEqual(n.kind, "call")
        self.assertEqual(n.kids[2].kind, "paren")
        self.assertEqual(n.kids[2].kids[0].kind, "comma")

    def test_errors(self):
        for text in ("await", "a +", "({ await f(); })", "x ?: await f()"):
            with self.assertRaises(ExprError, msg=text):
                parse(text)


if __name__ == "__main__":
    unittest.main()
