"""Expressions that contain `await`.

Only an expression with an `await` in it needs structure: the lowering
must know what is evaluated before the await, what after, and what is
conditional (`&&`, `||`, `?:`). Everything else stays a token range and is
copied as written. Even inside such an expression, a bracketed group
without an await (a call's arguments, an index, a cast's type) is kept as
one opaque leaf, so exotic C (`_Generic`, `offsetof`, statement
expressions) does not have to be understood unless an await is inside it.

Nodes span tokens [first, last] (inclusive indices into the file's token
list). `await` is a prefix operator whose operand is a postfix expression,
as in Python: `await f(x).y` awaits `f(x).y`; write `(await f(x)).y`.
"""

from ciogen.declarations import DECL_START_WORDS, KEYWORDS, QUALIFIERS
from ciogen.lexer import IDENT, PUNCT, STRING, NUMBER, CHAR

_BINARY = {
    "||": 4, "&&": 5, "|": 6, "^": 7, "&": 8, "==": 9, "!=": 9,
    "<": 10, ">": 10, "<=": 10, ">=": 10, "<<": 11, ">>": 11,
    "+": 12, "-": 12, "*": 13, "/": 13, "%": 13,
}
_ASSIGN = frozenset(("=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=",
                     "^=", "|="))
_UNARY = frozenset(("&", "*", "+", "-", "~", "!", "++", "--"))
# The words that suspend an async function.
SUSPEND_WORDS = frozenset(("await", "yield"))


class Node:
    __slots__ = ("kind", "first", "last", "kids", "op", "tok", "has_await",
                 "extra")

    def __init__(self, kind, first, last, kids=(), op=None, tok=None,
                 extra=None):
        self.kind = kind
        self.first = first
        self.last = last
        self.kids = list(kids)
        self.op = op
        self.tok = tok  # index of the operator / await token
        self.extra = extra
        # an await or a yield: a suspension point
        self.has_await = kind in ("await", "yield") or any(
            k.has_await for k in self.kids)

    def __repr__(self):
        return "Node(%s %s %d..%d)" % (self.kind, self.op or "", self.first,
                                        self.last)

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()


class ExprError(Exception):
    def __init__(self, tok_index, message):
        super().__init__(message)
        self.tok_index = tok_index
        self.message = message


class ExprParser:
    """Parses the tokens [start, end) of one expression."""

    def __init__(self, toks, match, is_type_name):
        self.toks = toks
        self.match = match
        self.is_type_name = is_type_name
        self.end = 0
        self.i = 0

    def parse(self, start, end, allow_comma=True):
        self.i = start
        self.end = end
        if start >= end:
            raise ExprError(start, "expected an expression")
        node = self.comma() if allow_comma else self.assignment()
        if self.i != end:
            raise ExprError(self.i, "unexpected '%s' in expression"
                            % self.toks[self.i].value)
        return node

    def parse_initializer(self, start, end):
        """An initializer: an expression or a braced list."""
        self.i = start
        self.end = end
        if self._at("{"):
            node = self.init_list()
        else:
            node = self.assignment()
        if self.i != end:
            raise ExprError(self.i, "unexpected '%s' in initializer"
                            % self.toks[self.i].value)
        return node

    # -- helpers ---------------------------------------------------------------

    def _at(self, value):
        if self.i >= self.end:
            return False
        t = self.toks[self.i]
        return t.kind == PUNCT and t.value == value

    def _tok(self):
        if self.i >= self.end:
            raise ExprError(self.i, "expression ends too early")
        return self.toks[self.i]

    def _close(self, i):
        close = self.match.get(i)
        if close is None or close >= self.end:
            raise ExprError(i, "unbalanced '%s'" % self.toks[i].value)
        return close

    def _has_await(self, start, end):
        for k in range(start, end):
            t = self.toks[k]
            if t.kind == IDENT and t.value in SUSPEND_WORDS:
                return True
        return False

    def _leaf(self, first, last):
        return Node("leaf", first, last)

    # -- grammar -------------------------------------------------------------------

    def comma(self):
        left = self.assignment()
        while self._at(","):
            op = self.i
            self.i += 1
            right = self.assignment()
            left = Node("comma", left.first, right.last, [left, right], ",",
                        op)
        return left

    def assignment(self):
        if self.i < self.end and self.toks[self.i].is_ident("yield"):
            # `yield e` has the precedence of an assignment: its operand
            # is an assignment expression (`x = yield a + b`)
            op = self.i
            self.i += 1
            if self.i >= self.end or self.toks[self.i].kind == PUNCT and \
                    self.toks[self.i].value in (")", "]", "}", ",", ";",
                                                ":"):
                raise ExprError(op, "'yield' needs a value: the element "
                                "to produce")
            operand = self.assignment()
            return Node("yield", op, operand.last, [operand], "yield", op)
        left = self.conditional()
        if self.i < self.end:
            t = self.toks[self.i]
            if t.kind == PUNCT and t.value in _ASSIGN:
                op = self.i
                self.i += 1
                right = self.assignment()
                return Node("assign", left.first, right.last, [left, right],
                            t.value, op)
        return left

    def conditional(self):
        cond = self.binary(4)
        if self._at("?"):
            q = self.i
            self.i += 1
            if self._at(":"):
                raise ExprError(self.i, "the GNU '?:' shorthand is not "
                                "supported next to an await")
            a = self.comma()
            if not self._at(":"):
                raise ExprError(self.i, "expected ':' in conditional "
                                "expression")
            self.i += 1
            b = self.conditional()
            return Node("cond", cond.first, b.last, [cond, a, b], "?:", q)
        return cond

    def binary(self, min_prec):
        left = self.cast()
        while self.i < self.end:
            t = self.toks[self.i]
            if t.kind != PUNCT:
                break
            prec = _BINARY.get(t.value)
            if prec is None or prec < min_prec:
                break
            op = self.i
            self.i += 1
            right = self.binary(prec + 1)
            kind = "logical" if t.value in ("&&", "||") else "binary"
            left = Node(kind, left.first, right.last, [left, right],
                        t.value, op)
        return left

    def cast(self):
        if self._at("(") and self._paren_is_type(self.i):
            lp = self.i
            rp = self._close(lp)
            after = rp + 1
            if after < self.end and self.toks[after].is_op("{"):
                # compound literal: a postfix expression
                return self.postfix_from(self.compound_literal(lp, rp))
            self.i = after
            operand = self.cast()
            return Node("cast", lp, operand.last, [operand], extra=(lp, rp))
        return self.unary()

    def compound_literal(self, lp, rp):
        self.i = rp + 1
        init = self.init_list()
        return Node("compound_literal", lp, init.last, [init],
                    extra=(lp, rp))

    def init_list(self):
        lb = self.i
        rb = self._close(lb)
        if not self._has_await(lb, rb):
            self.i = rb + 1
            return self._leaf(lb, rb)
        items = []
        j = lb + 1
        saved_end = self.end
        while j < rb:
            k = _skip_to_comma(self.toks, self.match, j, rb)
            # designators: .x = / [3] = ...
            eq = None
            m = j
            while m < k and (self.toks[m].is_op(".") or
                             self.toks[m].is_op("[")):
                if self.toks[m].is_op("."):
                    m += 2
                else:
                    m = self.match.get(m, k) + 1
            if m > j and m < k and self.toks[m].is_op("="):
                eq = m
            value_start = eq + 1 if eq is not None else j
            self.end = k
            self.i = value_start
            if self._at("{"):
                value = self.init_list()
            else:
                value = self.assignment()
            if self.i != k:
                raise ExprError(self.i, "unexpected '%s' in initializer"
                                % self.toks[self.i].value)
            self.end = saved_end
            items.append(value)
            j = k + 1
        self.i = rb + 1
        node = Node("initlist", lb, rb, items)
        return node

    def unary(self):
        t = self._tok()
        if t.kind == PUNCT and t.value in _UNARY:
            op = self.i
            self.i += 1
            operand = self.cast()
            return Node("unary", op, operand.last, [operand], t.value, op)
        if t.kind == IDENT:
            v = t.value
            if v == "yield":
                raise ExprError(self.i, "'yield' inside an expression needs "
                                "parentheses: '(yield e)'")
            if v == "await":
                op = self.i
                self.i += 1
                operand = self.unary_operand_of_await()
                return Node("await", op, operand.last, [operand], "await",
                            op)
            if v in ("sizeof", "_Alignof", "__alignof__", "alignof"):
                op = self.i
                self.i += 1
                if self._at("(") and self._paren_is_type(self.i):
                    rp = self._close(self.i)
                    inner = self._leaf(self.i, rp)
                    self.i = rp + 1
                    if self._at("{"):
                        lit = self.compound_literal(inner.first, rp)
                        return Node("sizeof", op, lit.last, [lit], v, op)
                    return Node("sizeof", op, rp, [inner], v, op)
                operand = self.unary()
                return Node("sizeof", op, operand.last, [operand], v, op)
            if v in ("__extension__", "__real__", "__imag__"):
                op = self.i
                self.i += 1
                operand = self.cast()
                return Node("unary", op, operand.last, [operand], v, op)
        return self.postfix_from(self.primary())

    def unary_operand_of_await(self):
        """The operand of await: a unary expression (so that
        `await -f()` is diagnosed as not a call rather than mis-parsed)."""
        if self._at("("):
            # `await (f(x))` and also a cast `await (T)f()`
            return self.cast()
        return self.unary()

    def primary(self):
        t = self._tok()
        start = self.i
        if t.kind == IDENT:
            if t.value in ("_Generic", "__builtin_offsetof", "offsetof",
                           "__builtin_va_arg", "__builtin_types_compatible_p",
                           "__builtin_choose_expr") and \
                    self.i + 1 < self.end and self.toks[self.i + 1].is_op("("):
                rp = self._close(self.i + 1)
                if self._has_await(self.i, rp):
                    raise ExprError(self.i, "'await' inside '%s' is not "
                                    "supported" % t.value)
                self.i = rp + 1
                return self._leaf(start, rp)
            if t.value in KEYWORDS and t.value not in ("await",):
                raise ExprError(self.i, "unexpected '%s' in expression"
                                % t.value)
            self.i += 1
            return self._leaf(start, start)
        if t.kind in (NUMBER, CHAR):
            self.i += 1
            return self._leaf(start, start)
        if t.kind == STRING:
            while self.i < self.end and self.toks[self.i].kind in (STRING,
                                                                   IDENT) \
                    and (self.toks[self.i].kind == STRING or
                         self.toks[self.i].value.isupper()):
                # adjacent literals, including macros such as PRId64
                self.i += 1
            return self._leaf(start, self.i - 1)
        if t.kind == PUNCT and t.value == "(":
            rp = self._close(self.i)
            if rp + 0 > self.i + 1 and self.toks[self.i + 1].is_op("{"):
                if self._has_await(self.i, rp):
                    raise ExprError(self.i + 1, "'await' inside a statement "
                                    "expression is not supported")
                self.i = rp + 1
                return self._leaf(start, rp)
            if not self._has_await(self.i, rp):
                self.i = rp + 1
                if rp == start + 2 and self.toks[start + 1].kind == IDENT:
                    # `(f)`: keep the name visible, e.g. for `await (f)(x)`
                    return Node("paren", start, rp,
                                [self._leaf(start + 1, start + 1)])
                return self._leaf(start, rp)
            saved_end = self.end
            self.end = rp
            self.i = start + 1
            inner = self.comma()
            if self.i != rp:
                raise ExprError(self.i, "unexpected '%s' in expression"
                                % self.toks[self.i].value)
            self.end = saved_end
            self.i = rp + 1
            return Node("paren", start, rp, [inner])
        raise ExprError(self.i, "expected an expression before '%s'"
                        % t.value)

    def postfix_from(self, node):
        while self.i < self.end:
            t = self.toks[self.i]
            if t.kind != PUNCT:
                break
            if t.value == "(":
                rp = self._close(self.i)
                args = self._args(self.i, rp)
                node = Node("call", node.first, rp, [node] + args,
                            extra=(self.i, rp))
                self.i = rp + 1
            elif t.value == "[":
                rb = self._close(self.i)
                if self._has_await(self.i, rb):
                    saved_end = self.end
                    self.end = rb
                    self.i += 1
                    index = self.comma()
                    if self.i != rb:
                        raise ExprError(self.i, "unexpected '%s'"
                                        % self.toks[self.i].value)
                    self.end = saved_end
                else:
                    index = self._leaf(self.i + 1, rb - 1) if rb > self.i + 1 \
                        else None
                if index is None:
                    raise ExprError(self.i, "expected an index")
                node = Node("index", node.first, rb, [node, index])
                self.i = rb + 1
            elif t.value in (".", "->"):
                if self.i + 1 >= self.end or \
                        self.toks[self.i + 1].kind != IDENT:
                    raise ExprError(self.i, "expected a member name after "
                                    "'%s'" % t.value)
                node = Node("member", node.first, self.i + 1, [node], t.value,
                            self.i)
                self.i += 2
            elif t.value in ("++", "--"):
                node = Node("postfix", node.first, self.i, [node], t.value,
                            self.i)
                self.i += 1
            else:
                break
        return node

    def _args(self, lp, rp):
        """Arguments between parentheses; those without an await stay
        opaque leaves."""
        args = []
        j = lp + 1
        saved = (self.i, self.end)
        while j < rp:
            k = _skip_to_comma(self.toks, self.match, j, rp)
            if k == j:
                raise ExprError(j, "expected an argument")
            if self._has_await(j, k):
                self.i = j
                self.end = k
                arg = self.assignment()
                if self.i != k:
                    raise ExprError(self.i, "unexpected '%s' in argument"
                                    % self.toks[self.i].value)
            else:
                arg = self._leaf(j, k - 1)
            args.append(arg)
            j = k + 1
        self.i, self.end = saved
        return args

    def _paren_is_type(self, lp):
        """Does the parenthesised group at lp hold a type name (a cast, a
        compound literal or sizeof's type)?"""
        toks = self.toks
        rp = self.match.get(lp)
        if rp is None or rp == lp + 1:
            return False
        t = toks[lp + 1]
        if t.kind != IDENT:
            return False
        if t.value in DECL_START_WORDS:
            return True
        if t.value in KEYWORDS:
            return False
        if not self.is_type_name(t.value):
            return False
        # `(T)`, `(T *)`, `(T const *)`: every further token is part of an
        # abstract declarator
        for k in range(lp + 2, rp):
            u = toks[k]
            if u.kind == PUNCT and u.value in ("*", "(", ")", "[", "]", ","):
                continue
            if u.kind == IDENT and u.value in QUALIFIERS:
                continue
            if u.kind == NUMBER:
                continue
            return False
        return True


def _skip_to_comma(toks, match, j, end):
    while j < end:
        t = toks[j]
        if t.kind == PUNCT:
            if t.value == ",":
                return j
            if t.value in ("(", "[", "{"):
                close = match.get(j)
                if close is None or close >= end:
                    return end
                j = close + 1
                continue
        j += 1
    return end


def await_target(node):
    """For an await node: (callee identifier token index, argument nodes,
    boxed flag, boxed-wrapper token index) if its operand is a call of a
    plain identifier, `cio_boxed(<such a call>)`, or either in
    parentheses; else None."""
    operand = node.kids[0]
    while operand.kind == "paren":
        operand = operand.kids[0]
    if operand.kind != "call":
        return None
    callee = operand.kids[0]
    while callee.kind == "paren":
        callee = callee.kids[0]
    if callee.kind != "leaf" or callee.first != callee.last:
        return None
    args = operand.kids[1:]
    return callee.first, args, operand


def unparen(node):
    while node.kind == "paren":
        node = node.kids[0]
    return node
